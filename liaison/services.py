"""Every write of HQ's tasks and the bureaus' reports: permission, then the row lock, the state
checked again under it, the write and its audit entry, in one transaction. Files are checked by
content with the kernel's upload check (casework.documents) before anything is written."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import todo
from casework.documents import CheckedUpload, UploadRejected, check_upload, save_upload
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from . import selectors
from .models import (
    Assignment,
    Report,
    ReportDocument,
    ReportReply,
    Task,
    TaskDocument,
    TaskUpdate,
)

# Most files one report of progress, or one report to HQ, carries.
MAX_FILES = 10


def _checked(files, *, field: str) -> list[CheckedUpload]:
    """Each file by size and content (casework.documents.check_upload); one refused file refuses
    them all (400 on `field`, naming the file)."""
    files = list(files)
    if len(files) > MAX_FILES:
        raise InvalidInput(
            field_errors={field: [_("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}]}
        )
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except UploadRejected as rejected:
            raise InvalidInput(field_errors={field: [rejected.named_message]}) from None
    return checked


def _audit(actor: User, action: str, instance, **changes) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


# ---------------------------------------------------------------- 交办任务 (§二.2)


def task_assign(
    *,
    actor: User,
    title: str,
    requirements: str,
    due_date: date,
    zones=(),
    bureaus=(),
) -> Task:
    """总局交办: HQ assigns a task with a time limit to zones and bureaus (seed 000 §二.2, the
    zone leads "组织落实片区内……各环节工作，完成总局交给的各项任务"). A zone's lead organises it
    and reports for the zone; each bureau reports its own. Only HQ (403); a title, requirements,
    a time limit not before today and at least one addressee (400)."""
    if not actor.is_authenticated or actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以交办任务。"))
    title, requirements = title.strip(), requirements.strip()
    zones = list(dict.fromkeys(zones))
    bureaus = list(dict.fromkeys(bureaus))
    errors = {}
    if not title:
        errors["title"] = [_("请填写任务名称。")]
    if not requirements:
        errors["requirements"] = [_("请填写任务要求。")]
    if due_date < timezone.localdate():
        errors["due_date"] = [_("完成时限不能早于今天。")]
    if not zones and not bureaus:
        errors["bureaus"] = [_("请选择承办的片区或直属局。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        task = Task.objects.create(
            title=title, requirements=requirements, due_date=due_date, created_by=actor
        )
        # One save each (not bulk_create): HQ's dashboard watches assignments (ADR 0014).
        for zone in zones:
            Assignment.objects.create(task=task, zone=zone)
        for bureau in bureaus:
            Assignment.objects.create(task=task, bureau=bureau)
        _audit(
            actor,
            AuditEntry.Action.CREATE,
            task,
            due_date=due_date.isoformat(),
            zones=[zone.code for zone in zones],
            bureaus=[bureau.code for bureau in bureaus],
        )
    return task


def assignment_report(
    *, assignment: Assignment, actor: User, kind: str, text: str, files=()
) -> TaskUpdate:
    """The addressee reports progress (进展) or completion (完成) with its files: a bureau user of
    the addressed bureau, or of a bureau leading the addressed zone (403 for anyone else, the
    zone's members included). While HQ has a completion before it, or once it has accepted it,
    nothing more is reported (409)."""
    if not selectors.may_report(assignment=assignment, user=actor):
        raise NotPermitted(_("只有承办直属局（片区任务由片区牵头单位）可以报告办理情况。"))
    errors = {}
    if kind not in (TaskUpdate.Kind.PROGRESS, TaskUpdate.Kind.COMPLETION):
        errors["kind"] = [_("请选择进展报告或完成报告。")]
    if not text.strip():
        errors["text"] = [_("请填写办理情况。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    checked = _checked(files, field="files")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status == Assignment.Status.REPORTED:
            raise Conflict(_("已报告完成，等待总局验收。"))
        if locked.status == Assignment.Status.COMPLETED:
            raise Conflict(_("该任务已验收完成。"))
        update = TaskUpdate.objects.create(
            assignment=locked, kind=kind, text=text.strip(), author=actor
        )
        for upload in checked:
            save_upload(TaskDocument(update=update, uploaded_by=actor), upload)
        if kind == TaskUpdate.Kind.COMPLETION:
            locked.status = Assignment.Status.REPORTED
            locked.reported_at = timezone.now()
        locked.save(update_fields=["status", "reported_at", "updated_at"])
        _audit(
            actor,
            AuditEntry.Action.UPDATE,
            locked,
            update=update.pk,
            kind=kind,
            status=locked.status,
            files=len(checked),
        )
    return update


def _may_decide(actor: User) -> None:
    if not actor.is_authenticated or actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以验收或退回交办任务。"))


def _locked_reported(assignment: Assignment) -> Assignment:
    """The assignment locked, its completion waiting for HQ (409 otherwise: not reported, or
    another HQ user was faster)."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.REPORTED:
        raise Conflict(_("承办单位报告完成后才能验收或退回（可能已被他人处理）。"))
    return locked


def assignment_accept(*, assignment: Assignment, actor: User, note: str = "") -> Assignment:
    """总局验收: HQ accepts the reported completion (403 anyone else); the assignment is
    completed, final."""
    _may_decide(actor)
    with transaction.atomic():
        locked = _locked_reported(assignment)
        locked.status = Assignment.Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.completed_by = actor
        locked.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
        TaskUpdate.objects.create(
            assignment=locked, kind=TaskUpdate.Kind.ACCEPTED, text=note.strip(), author=actor
        )
        _audit(actor, AuditEntry.Action.UPDATE, locked, status=["reported", "completed"])
    return locked


def assignment_return(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """总局退回: HQ does not accept the reported completion (403 anyone else), with the reason
    (400 without); the addressee works on and reports again."""
    _may_decide(actor)
    if not reason.strip():
        raise InvalidInput(field_errors={"reason": [_("请填写退回原因。")]})
    with transaction.atomic():
        locked = _locked_reported(assignment)
        locked.status = Assignment.Status.OPEN
        locked.reported_at = None
        locked.save(update_fields=["status", "reported_at", "updated_at"])
        TaskUpdate.objects.create(
            assignment=locked, kind=TaskUpdate.Kind.RETURNED, text=reason.strip(), author=actor
        )
        _audit(actor, AuditEntry.Action.UPDATE, locked, status=["reported", "open"], reason=reason)
    return locked


# ---------------------------------------------------------------- 报送事项 (§3, §5, §9, §16)


def _report_errors(*, kind: str, title: str, body: str) -> dict:
    errors = {}
    if kind not in Report.Kind.values:
        errors["kind"] = [_("请选择报送类别。")]
    if not title.strip():
        errors["title"] = [_("请填写标题。")]
    if not body.strip():
        errors["body"] = [_("请填写正文。")]
    return errors


def report_create(*, actor: User, kind: str, title: str, body: str, files=()) -> Report:
    """A bureau drafts a report to 通关司 (seed 000 §3, §5, §9, §16), with its files: only a
    bureau user, for its own bureau (403). HQ does not see it until it is submitted."""
    if not actor.is_authenticated or actor.role != Role.BUREAU:
        raise NotPermitted(_("只有直属局可以向总局报送。"))
    errors = _report_errors(kind=kind, title=title, body=body)
    if errors:
        raise InvalidInput(field_errors=errors)
    checked = _checked(files, field="files")
    with transaction.atomic():
        report = Report.objects.create(
            bureau_id=actor.bureau_id,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            created_by=actor,
        )
        for upload in checked:
            save_upload(ReportDocument(report=report, uploaded_by=actor), upload)
        _audit(actor, AuditEntry.Action.CREATE, report, kind=kind, files=len(checked))
    return report


def report_check_editable(*, report: Report, actor: User) -> None:
    """403 unless a user of the report's bureau; 409 once submitted (a submitted report is
    final)."""
    if not selectors.may_write_report(report=report, user=actor):
        raise NotPermitted(_("只有报送单位可以修改本单位的报送事项。"))
    if report.status != Report.Status.DRAFT:
        raise Conflict(_("已报送的事项不能再修改。"))


def _locked_draft(report: Report, actor: User) -> Report:
    report_check_editable(report=report, actor=actor)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    report_check_editable(report=locked, actor=actor)
    return locked


def report_update(*, report: Report, actor: User, kind: str, title: str, body: str) -> Report:
    """The bureau edits its draft."""
    report_check_editable(report=report, actor=actor)
    errors = _report_errors(kind=kind, title=title, body=body)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        locked = _locked_draft(report, actor)
        before = {"kind": locked.kind, "title": locked.title}
        locked.kind, locked.title, locked.body = kind, title.strip(), body.strip()
        locked.save(update_fields=["kind", "title", "body", "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, before=before, kind=kind)
    return locked


def report_documents_add(
    *, report: Report, actor: User, files, field: str = "files"
) -> list[ReportDocument]:
    """The bureau adds files to its draft (400 on `field`, the form's or the API's, for a file
    refused by its content, or more than MAX_FILES in all)."""
    report_check_editable(report=report, actor=actor)
    checked = _checked(files, field=field)
    if not checked:
        raise InvalidInput(field_errors={field: [_("请选择要上传的文件。")]})
    with transaction.atomic():
        locked = _locked_draft(report, actor)
        if locked.documents.count() + len(checked) > MAX_FILES:
            raise InvalidInput(
                field_errors={field: [_("每份报送事项最多 %(n)s 个文件。") % {"n": MAX_FILES}]}
            )
        documents = [
            save_upload(ReportDocument(report=locked, uploaded_by=actor), upload)
            for upload in checked
        ]
        locked.save(update_fields=["updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, files=[d.pk for d in documents])
    return documents


def report_submit(*, report: Report, actor: User) -> Report:
    """报送: the draft goes to 通关司 and is final."""
    with transaction.atomic():
        locked = _locked_draft(report, actor)
        locked.status = Report.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, status=["draft", "submitted"])
    return locked


def report_mark_read(*, report: Report, actor: User) -> Report:
    """The reader has read the report. An HQ user: the read receipt (阅知), recorded once, by the
    first HQ user who opens the submitted report. A user of its bureau: HQ's replies are read.
    Anyone else: 403."""
    now = timezone.now()
    if actor.is_authenticated and actor.role == Role.HQ:
        if report.status != Report.Status.SUBMITTED:
            raise Conflict(_("该事项尚未报送。"))
        if report.read_at is not None:
            return report
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            if locked.read_at is None:
                locked.read_at, locked.read_by = now, actor
                locked.save(update_fields=["read_at", "read_by"])
        todo.forget(actor)  # may be a reading by GET: the navigation's count goes down
        return locked
    if selectors.may_write_report(report=report, user=actor):
        if ReportReply.objects.filter(report=report, read_at__isnull=True).update(read_at=now):
            todo.forget(actor)
        return report
    raise NotPermitted(_("您无权阅知该报送事项。"))


def report_reply(*, report: Report, actor: User, text: str) -> ReportReply:
    """总局回复: HQ answers a submitted report (a reply also records the read receipt if none
    was)."""
    if not actor.is_authenticated or actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以回复报送事项。"))
    if not text.strip():
        raise InvalidInput(field_errors={"text": [_("请填写回复内容。")]})
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != Report.Status.SUBMITTED:
            raise Conflict(_("该事项尚未报送。"))
        if locked.read_at is None:
            locked.read_at, locked.read_by = timezone.now(), actor
            locked.save(update_fields=["read_at", "read_by"])
        reply = ReportReply.objects.create(report=locked, text=text.strip(), author=actor)
        _audit(actor, AuditEntry.Action.UPDATE, locked, reply=reply.pk)
    return reply
