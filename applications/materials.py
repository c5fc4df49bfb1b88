"""申报材料清单: which materials an application must carry before it is submitted, which of
them have a file, and HQ's edits of the list.

Seed 000 §6: "各直属局应抽调业务骨干指导当地检验检疫机构，对申报企业实行'一对一'服务，指导企业准备、
完善申报资料……对符合要求、条件成熟的企业，及时做好受理、初评和推荐上报等工作". The list is HQ's
(MaterialRequirement: for every category or for one, §14 "按类别建立具体商品的标准或技术规范"); each
uploaded 申报材料 / 补正材料 names the item it answers, and `submit` is refused (409, the missing
items named) until every required item has at least one file (`check_complete`, called from the
programme's `prepare`, after the engine's permission, lock and state checks)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from ecoorigin.exceptions import Conflict

from .exceptions import InvalidTransitionInput, TransitionForbidden
from .models import Application, CaseDocument, MaterialRequirement

# The kinds of document that answer an item of the checklist.
CHECKLIST_KINDS = (CaseDocument.Kind.MATERIAL, CaseDocument.Kind.CORRECTION)

# Fields HQ edits (material_requirement_save).
REQUIREMENT_FIELDS = ("category", "code", "name", "name_en", "description", "required", "order")


class MaterialsMissing(Conflict):
    """409: the application lacks a file for a required item of its checklist."""

    default_message = gettext_lazy("申报材料不齐全，暂不能提交申报。")


@dataclass(frozen=True)
class ChecklistItem:
    requirement: MaterialRequirement
    files: int

    @property
    def done(self) -> bool:
        return self.files > 0

    @property
    def missing(self) -> bool:
        return self.requirement.required and not self.files


def requirements_for(case: Application):
    """The active items for the case's category (those of every category first by order)."""
    return MaterialRequirement.objects.for_category(case.category_id).select_related("category")


# The checklist of one case as one plain statement: the ORM's compilation of the same query
# (a count subquery per item, the category joined) took 3 ms of the case detail API's 10 ms at
# national scale, where PostgreSQL runs it in 0.2 ms (docs/performance.md, session 7). Every
# caller reads it here, so the rule (active items of every category and of the case's, with
# the case's 申报材料 and 补正材料 counted) is written once.
_CHECKLIST_SQL = """
SELECT r.*, c.code AS category_code,
       (SELECT COUNT(*) FROM applications_casedocument d
         WHERE d.application_id = %s AND d.requirement_id = r.id AND d.kind IN (%s, %s)) AS files
  FROM applications_materialrequirement r
  LEFT JOIN applications_productcategory c ON c.id = r.category_id
 WHERE r.is_active AND (r.category_id IS NULL OR r.category_id = %s)
 ORDER BY r."order", r.id
"""


def checklist(case: Application) -> list[ChecklistItem]:
    """The case's checklist with the number of files answering each item, in checklist order:
    one query on the documents' case index (never a join with every case's documents). Each
    requirement carries `category_code` (None: an item of every category)."""
    items = MaterialRequirement.objects.raw(
        _CHECKLIST_SQL, [case.pk, *CHECKLIST_KINDS, case.category_id]
    )
    return [ChecklistItem(r, r.files) for r in items]


def missing_required(case: Application) -> list[MaterialRequirement]:
    return [item.requirement for item in checklist(case) if item.missing]


def check_complete(case: Application) -> None:
    """Refuse (409) a submission while a required item has no file, naming every such item
    (in `detail` and, one per item, in the `materials` field)."""
    missing = missing_required(case)
    if missing:
        names = [str(r) for r in missing]
        raise MaterialsMissing(
            _("申报材料不齐全，请先上传：%(items)s。") % {"items": "、".join(names)},
            field_errors={"materials": names},
        )


def checklist_data(case: Application) -> list[dict]:
    """The checklist as the API shows it (`materials_checklist`)."""
    return [
        {
            "code": item.requirement.code,
            "name": item.requirement.name,
            "name_en": item.requirement.name_en,
            "category": item.requirement.category_code,
            "required": item.requirement.required,
            "files": item.files,
            "done": item.done,
        }
        for item in checklist(case)
    ]


def requirement_for_upload(
    *, case: Application, kind: str, requirement, items: list | None = None
) -> MaterialRequirement | None:
    """The item a new file answers, checked: only 申报材料 and 补正材料 answer one, and only an
    active item of the case's checklist (400 on `requirement`). `requirement` may be a
    MaterialRequirement, its id or its code. `items`: the case's checklist
    (`requirements_for`), when the caller checks several files against it."""
    if requirement in (None, ""):
        return None
    if kind not in CHECKLIST_KINDS:
        raise InvalidTransitionInput(
            field_errors={"requirement": [_("只有申报材料和补正材料对应材料清单。")]}
        )
    if items is None:
        items = list(requirements_for(case))
    if isinstance(requirement, MaterialRequirement):
        found = next((item for item in items if item.pk == requirement.pk), None)
    elif isinstance(requirement, int) or str(requirement).isdecimal():
        found = next((item for item in items if item.pk == int(requirement)), None)
    else:
        # A code: the category's own item before one of every category with the same code.
        found = min(
            (item for item in items if item.code == str(requirement)),
            key=lambda item: item.category_id is None,
            default=None,
        )
    if found is None:
        raise InvalidTransitionInput(
            field_errors={"requirement": [_("该材料不在本申请的材料清单中。")]}
        )
    return found


def material_requirement_save(
    *, actor: User, requirement: MaterialRequirement | None = None, is_active: bool = True, **fields
) -> MaterialRequirement:
    """HQ adds or edits an item of the materials checklist (audited). Nobody else does: the
    list is what HQ asks of every applicant (seed 000 §6, §14)."""
    if actor is None or actor.role != Role.HQ:
        raise TransitionForbidden(_("只有总局可以维护申报材料清单。"))
    unknown = set(fields) - set(REQUIREMENT_FIELDS)
    if unknown:
        raise InvalidTransitionInput(field_errors={f: [_("该字段不可修改。")] for f in unknown})
    with transaction.atomic():
        if requirement is None:
            row, action, before = MaterialRequirement(), AuditEntry.Action.CREATE, {}
        else:
            row = MaterialRequirement.objects.select_for_update().get(pk=requirement.pk)
            action = AuditEntry.Action.UPDATE
            before = {f: getattr(row, f) for f in (*fields, "is_active")}
        for name, value in fields.items():
            setattr(row, name, value)
        row.is_active = is_active
        clash = MaterialRequirement.objects.filter(
            code=row.code, category_id=row.category_id
        ).exclude(pk=row.pk)
        if clash.exists():
            raise InvalidTransitionInput(
                field_errors={"code": [_("同一产品类别下已有该代码的材料要求。")]}
            )
        row.save()
        after = {f: getattr(row, f) for f in (*fields, "is_active")}
        changes = {
            f: str(v) if v is not None and not isinstance(v, bool | int | str) else v
            for f, v in after.items()
            if before.get(f) != v or action == AuditEntry.Action.CREATE
        }
        if changes:
            audit_record(actor=actor, action=action, instance=row, changes=changes, source="web")
    return row


def requirements_for_hq(*, user: User):
    """Every item, active or retired, for HQ's page; nobody else reads the editable list."""
    if user.role != Role.HQ:
        return MaterialRequirement.objects.none()
    return MaterialRequirement.objects.select_related("category").order_by(
        "category_id", "order", "pk"
    )
