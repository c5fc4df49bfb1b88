"""Browser forms of the supervision pages. They shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications.models import ProductCategory
from casework.documents import UploadRejected, check_upload
from casework.forms import DrawPlanForm, MultipleFileField
from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput
from regions.models import Bureau, BureauDepartment, Zone
from regions.selectors import departments_in_scope

from .models import Complaint, Inspection, KeyWorkItem, PoolMember, Proposal

# Files per upload: enough for the photos of one visit, few enough to stay quick.
MAX_FILES = 10


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _files_help() -> str:
    return gettext("PDF、JPEG 或 PNG，每个不超过 %(mb)s MB，最多 %(n)s 个。") % {
        "mb": settings.UPLOAD_MAX_BYTES // 2**20,
        "n": MAX_FILES,
    }


def files_field(label) -> MultipleFileField:
    """Photos and documents of a supervision record: up to MAX_FILES, each checked by content
    (cleaned to CheckedUpload); the help in the reader's language when the form is shown."""
    return MultipleFileField(
        label=label,
        required=False,
        max_files=MAX_FILES,
        checked=True,
        help_text=lazy(_files_help, str)(),
    )


class PlanForm(DrawPlanForm):
    """双随机抽查计划. A bureau's plan covers its own jurisdiction: no zone or bureau choice."""

    field_order = [
        "name", "planned_date", "sample_size", "sample_ratio", "team_size", "zones", "bureaus",
        "categories", "weighted", "exclude_own_bureau", "mixed_teams", "draw_at", "beacon_source",
        "beacon_date",
    ]  # fmt: skip
    ratio_help = _("按范围内有效保护产品数的百分比抽取（向上取整）。")

    zones = forms.ModelMultipleChoiceField(
        label=_("范围：片区"),
        queryset=Zone.objects.all(),
        required=False,
        widget=CheckList,
    )
    bureaus = forms.ModelMultipleChoiceField(
        label=_("范围：直属局"),
        queryset=Bureau.objects.all(),
        required=False,
        widget=CheckList,
        help_text=_("片区和直属局都不选表示全国范围。"),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("范围：产品类别"),
        queryset=ProductCategory.objects.filter(is_active=True),
        required=False,
        widget=CheckList,
        help_text=_("不选表示全部类别。"),
    )
    weighted = forms.BooleanField(label=_("对有投诉或既往问题的产品加权"), required=False)
    mixed_teams = forms.BooleanField(
        label=_("混合编组（同组成员来自不同直属局）"),
        required=False,
        help_text=_(
            "每个检查组的成员尽量来自不同的直属局；可选派人员不够时如实记入抽取说明。"
            "京津冀联动抽查必须混合编组。"
        ),
    )
    draw_at = forms.DateTimeField(
        label=_("定时抽取时间"),
        widget=DateTimeInput(),
        required=False,
        help_text=_(
            "到时自动封存候选名单（抽取的第一步），应早于公共随机数的开奖日期；"
            "不填则在计划页面手动封存。"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role != Role.HQ:
            del self.fields["zones"]
            del self.fields["bureaus"]
        if user.role == Role.BUREAU and not getattr(self, "zone_plan", False):
            # A bureau's own plan draws its own staff: no own-bureau exclusion (ADR 0020), no
            # mixed teams.
            del self.fields["exclude_own_bureau"]
            del self.fields["mixed_teams"]

    def clean(self):
        data = super().clean()
        draw_at, planned_date = data.get("draw_at"), data.get("planned_date")
        if draw_at is not None:
            if draw_at <= timezone.now():
                self.add_error("draw_at", _("定时抽取时间应晚于现在。"))
            elif planned_date and timezone.localtime(draw_at).date() > planned_date:
                self.add_error("draw_at", _("定时抽取时间不能晚于检查日期。"))
        return data


class InspectionForm(TextInputsChecked, forms.Form):
    """检查记录 of one target, with photos and documents."""

    findings = forms.CharField(
        label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    outcome = forms.ChoiceField(
        label=_("检查结论"), choices=[("", "---------"), *Inspection.Outcome.choices]
    )
    requirements = forms.CharField(
        label=_("整改要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text=_("检查结论为“责令整改”时填写；不填写则以检查发现作为整改要求。"),
    )
    rectification_deadline = forms.DateField(
        label=_("整改期限"),
        widget=DateInput,
        required=False,
        help_text=_("检查结论为“责令整改”时可设定；不设定则为若干个工作日后（按法定节假日计算）。"),
    )
    files = files_field(_("照片和材料"))


class DecisionForm(TextInputsChecked, forms.Form):
    """总局对处理建议的决定; the decision comes from the button pressed."""

    decision = forms.ChoiceField(
        choices=[("accept", _("采纳")), ("reject", _("不采纳"))],
        error_messages={"required": _("请选择采纳或不采纳。")},
    )
    note = forms.CharField(
        label=_("决定说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("不采纳时必须填写；采纳时将一并记入案件流转记录。"),
    )
    deadline = forms.DateField(
        label=_("整改期限"),
        widget=DateInput,
        required=False,
        help_text=_("暂停保护须限期整改。"),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal.kind != Proposal.Kind.SUSPEND:
            del self.fields["deadline"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", _("不采纳时请填写说明。"))
        if data.get("decision") == "accept" and "deadline" in self.fields:
            deadline = data.get("deadline")
            if deadline is None:
                self.add_error("deadline", _("采纳暂停保护建议时请填写整改期限。"))
            elif deadline <= timezone.localdate():
                self.add_error("deadline", _("请填写今天之后的整改期限。"))
        return data


class ProposeForm(TextInputsChecked, forms.Form):
    kind = forms.ChoiceField(label=_("建议"), choices=Proposal.Kind.choices)
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("写明发现的问题、依据和已采取的措施。"),
    )


class ComplaintForm(TextInputsChecked, forms.Form):
    """投诉举报 (public): a certificate number, or the product and the bureau of its place."""

    certificate_number = forms.CharField(
        label=_("证书编号"),
        max_length=64,
        required=False,
        help_text=_("证书上的编号；不知道时可不填，改填产品（企业）名称并选择直属局。"),
    )
    product_text = forms.CharField(label=_("产品或企业名称"), max_length=200, required=False)
    bureau = forms.ModelChoiceField(
        label=_("产品所在地直属局"),
        queryset=Bureau.objects.all(),
        required=False,
        empty_label=_("请选择"),
    )
    content = forms.CharField(
        label=_("投诉举报内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
        help_text=_("请具体描述问题：时间、地点、产品、发现的情况（至少 10 个字）。"),
    )
    contact_name = forms.CharField(label=_("联系人（选填）"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话（选填）"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("联系邮箱（选填）"), required=False)
    attachment = forms.FileField(label=_("附件（选填）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _("PDF、JPEG 或 PNG，不超过 %(mb)s MB。") % {
            "mb": settings.UPLOAD_MAX_BYTES // 2**20
        }

    def clean_attachment(self):
        """Checked by content; cleans to a CheckedUpload or None."""
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            return check_upload(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.named_message) from error


class ComplaintHandleForm(TextInputsChecked, forms.Form):
    outcome = forms.ChoiceField(
        label=_("办理结果"), choices=[("", "---------"), *Complaint.Outcome.choices]
    )
    resolution = forms.CharField(
        label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    proposal_kind = forms.ChoiceField(
        label=_("建议类别"),
        choices=[("", _("（不提出建议）")), *Proposal.Kind.choices],
        required=False,
        help_text=_("办理结果为“建议暂停或撤销保护”时选择，将提交总局决定。"),
    )
    requirements = forms.CharField(
        label=_("整改要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text=_("办理结果为“已责令整改”时填写；不填写则以办理情况作为整改要求。"),
    )
    rectification_deadline = forms.DateField(
        label=_("整改期限"),
        widget=DateInput,
        required=False,
        help_text=_(
            "办理结果为“已责令整改”时可设定；不设定则为若干个工作日后（按法定节假日计算）。"
        ),
    )
    follow_up_due = forms.DateField(
        label=_("跟进检查时限"),
        widget=DateInput,
        required=False,
        help_text=_("办理结果为“转入检查”时可设定；不设定则为若干个工作日后。"),
    )


class KeyWorkForm(TextInputsChecked, forms.Form):
    """挂牌督办 (§18): a bureau its own key work, naming one of its departments; HQ an item of
    its own on a bureau (总局交办), choosing the bureau and a department of it."""

    bureau = forms.ModelChoiceField(label=_("直属局"), queryset=Bureau.objects.all())
    title = forms.CharField(label=_("重点工作"), max_length=200)
    description = forms.CharField(
        label=_("工作要求"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    department = forms.ModelChoiceField(
        label=_("责任部门"), queryset=BureauDepartment.objects.none()
    )
    responsible_person = forms.CharField(
        label=_("责任人"),
        max_length=64,
        help_text=_("责任到人：负责该项工作的人员姓名和职务。"),
    )
    deadline = forms.DateField(label=_("完成时限"), widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departments = departments_in_scope(user=user).filter(is_active=True)
        if user.role == Role.HQ:
            self.fields["department"].label_from_instance = lambda d: (
                f"{d.bureau.display_name} · {d.display_name}"
            )
        else:
            del self.fields["bureau"]
        self.fields["department"].queryset = departments.select_related("bureau")


class ProgressForm(TextInputsChecked, forms.Form):
    """进展情况, with photos or documents if any."""

    text = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    files = files_field(_("附件"))


class CloseForm(TextInputsChecked, forms.Form):
    note = forms.CharField(
        label=_("销号意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class InterviewForm(TextInputsChecked, forms.Form):
    """约谈 (§18): the bureau's leader interviews the head of one of its departments."""

    department = forms.ModelChoiceField(
        label=_("被约谈部门"), queryset=BureauDepartment.objects.none()
    )
    department_head = forms.CharField(
        label=_("被约谈的部门领导"), max_length=64, help_text=_("姓名和职务。")
    )
    interviewer = forms.CharField(
        label=_("约谈的局领导"), max_length=64, help_text=_("姓名和职务。")
    )
    held_on = forms.DateField(label=_("约谈日期"), widget=DateInput)
    item = forms.ModelChoiceField(
        label=_("相关督办事项"),
        queryset=KeyWorkItem.objects.none(),
        required=False,
        help_text=_("约谈针对本局某项挂牌督办工作时选择。"),
    )
    lagging_work = forms.CharField(
        label=_("工作开展不力、进展缓慢的情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    guidance = forms.CharField(
        label=_("针对性工作指导"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )

    def __init__(self, *args, user, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_in_scope(user=user).filter(is_active=True)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: item.title


class PoolMemberForm(TextInputsChecked, forms.Form):
    """One member of the inspector pool (检查人员库)."""

    user = forms.ModelChoiceField(label=_("人员"), queryset=None)
    kind = forms.ChoiceField(label=_("类别"), choices=PoolMember.Kind.choices)
    specialities = forms.ModelMultipleChoiceField(
        label=_("专业领域"),
        queryset=ProductCategory.objects.filter(is_active=True),
        required=False,
        widget=CheckList,
    )
    available = forms.BooleanField(label=_("可抽取"), required=False, initial=True)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates.order_by("bureau_id", "username")
        self.fields["user"].label_from_instance = lambda u: (
            _("%(name)s（%(username)s，%(bureau)s）")
            % {
                "name": u.get_full_name() or u.username,
                "username": u.username,
                "bureau": u.bureau.display_name if u.bureau else "",
            }
        )
