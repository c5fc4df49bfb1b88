"""互查互评 as a programme of the case engine (casework). The kernel's service checks the caller
(HQ), locks the round, re-checks its state and conditions and writes the history; this module
gives each transition its arguments: the frozen standard recorded on agreement, and on
assignment the seed, the lists and the draw (crossreview.assignment), whose reviewers it writes
on the cases in the same transaction."""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import TransitionNotAllowed
from casework.programmes import Programme, register
from regions.cooperation import PLACE_LABELS

from . import assignment
from . import workflow as wf
from .models import ReviewedCase, ReviewRound, ReviewRoundHistory


class CrossReview(Programme):
    code = "crossreview"
    label = gettext_lazy("京津冀执法案件互查互评")
    case_model = ReviewRound
    history_model = ReviewRoundHistory
    history_case_field = "round"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES

    def condition_refused(self, case, name):
        if name == "agree":
            return TransitionNotAllowed(
                _("评查标准各条目分值合计应为 %(total)s 分，才能商定。")
                % {"total": wf.TOTAL_WEIGHT}
            )
        if name == "assign":
            return TransitionNotAllowed(_("三地尚未报送案卷，不能分配评查人员。"))
        if name == "close":
            return TransitionNotAllowed(_("还有案卷未提交评查结果，不能结束本年度互查互评。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        now = timezone.now()
        if name == "agree":
            standard = [[c.text, c.weight] for c in case.criteria.order_by("position")]
            return {"agreed_at": now}, {"standard": standard}
        if name == "assign":
            return self._draw(case, now)
        if name == "close":
            return {"closed_at": now}, {}
        return {}, {}

    def _draw(self, round_: ReviewRound, now) -> tuple[dict, dict]:
        from .selectors import reviewer_pool

        snapshot = {
            "cases": [
                {"case": pk, "place": place}
                for pk, place in round_.cases.order_by("pk").values_list("pk", "place")
            ],
            "reviewers": [{"user": user, "place": place} for user, place in reviewer_pool()],
        }
        # A fresh seed for every assignment, kept with the lists: anyone re-runs the draw.
        seed = secrets.token_hex(32)
        drawn = assignment.run(snapshot, seed)
        unserved = sorted({c["place"] for c in snapshot["cases"] if drawn[str(c["case"])] is None})
        if unserved:
            raise TransitionNotAllowed(
                _("没有其他两地的评查人员可评查%(places)s的案卷，不能分配。")
                % {"places": "、".join(str(PLACE_LABELS[p]) for p in unserved)}
            )
        arguments = {
            "seed": seed,
            "snapshot": snapshot,
            "assignment": drawn,
            "assigned_at": now,
        }
        record = {
            "algorithm": assignment.ALGORITHM_VERSION,
            # The seed's hash only: the history is read by every member while the round runs,
            # and the seed with the lists would tell a place who reviews its case files.
            "seed_sha256": hashlib.sha256(bytes.fromhex(seed)).hexdigest(),
            "snapshot_sha256": assignment.snapshot_digest(snapshot),
            "cases": len(snapshot["cases"]),
            "reviewers": len(snapshot["reviewers"]),
        }
        return arguments, record

    def after_transition(self, case, name, actor, arguments, record):
        if name == "assign":
            places = {p["user"]: p["place"] for p in arguments["snapshot"]["reviewers"]}
            cases = list(ReviewedCase.objects.filter(round=case).order_by("pk"))
            for reviewed in cases:
                reviewed.reviewer_id = arguments["assignment"][str(reviewed.pk)]
                reviewed.reviewer_place = places[reviewed.reviewer_id]
            ReviewedCase.objects.bulk_update(cases, ["reviewer", "reviewer_place"])
        return []

    def on_recorded(self, entry) -> list:
        """Assigned: each reviewer is e-mailed the case files drawn for them, on commit."""
        if entry.transition != "assign":
            return []
        from . import tasks

        return [lambda: tasks.mail_reviewer_assignments.delay(entry.round_id)]


CROSSREVIEW = register(CrossReview())
