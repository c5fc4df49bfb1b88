"""京津冀区域质量状况分析报告 (seed 003 §三.19): the states of a place's yearly report and who moves
it.

Each place files one report a year. Its quality authority leads task 19 locally (三地质监部门 are
the seed's participants), and the place's bureau (出入境检验检疫) holds the inspection figures
the report carries, so the staff of both draft, edit and submit (报送) it; inspectors only read.
Once submitted it is shared with every member of the cooperation and can no longer be changed;
HQ, as the leading group's office (and for 质量司, the task's lead), may return it for revision
with a reason, after which the place edits and submits it again."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.workflow import Rule
from regions.cooperation import place_of

# Who drafts and submits for a place: its bureau's clerks and its quality authority's staff.
DRAFTING_ROLES = (Role.BUREAU, Role.QUALITY_AUTHORITY)
# The first year of the cooperation's reports (国质检质〔2017〕151号).
FIRST_YEAR = 2017


class State(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回修改")


EDITABLE_STATES = (State.DRAFT, State.RETURNED)


def may_draft(user) -> bool:
    """A bureau clerk or quality authority staff member of one of the three places."""
    return getattr(user, "is_authenticated", False) and (
        user.role in DRAFTING_ROLES and place_of(user) is not None
    )


def is_filing_place(report, user) -> bool:
    return may_draft(user) and place_of(user) == report.place


def is_leading_group(report, user) -> bool:
    """HQ acts as the leading group's office (领导小组办公室)."""
    return getattr(user, "is_authenticated", False) and user.role == Role.HQ


def is_complete(report) -> bool:
    return not report.missing()


RULES: dict[str, Rule] = {
    "submit": Rule(_("报送")),
    "return": Rule(_("退回修改"), needs_reason=True),
}
# "return" is a Python keyword: the model's method is return_report.
METHOD_NAMES: dict[str, str] = {"return": "return_report"}
