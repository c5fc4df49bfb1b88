"""Browser forms of HQ's tasks and the bureaus' reports. They shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import MultipleFileField
from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput
from regions.models import Bureau, Zone

from .models import Report, TaskUpdate
from .services import MAX_FILES


def _files_help() -> str:
    return gettext("PDF、JPEG 或 PNG，每个不超过 %(mb)s MB，最多 %(n)s 个。") % {
        "mb": settings.UPLOAD_MAX_BYTES // 2**20,
        "n": MAX_FILES,
    }


def _files_field(label, *, required: bool = False) -> MultipleFileField:
    """Several files; their size and content are the service's check."""
    return MultipleFileField(
        label=label,
        required=required,
        help_text=lazy(_files_help, str)(),  # in the reader's language, when the form is shown
        error_messages={"required": _("请选择要上传的文件。")},
    )


class _AddresseeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class TaskForm(TextInputsChecked, forms.Form):
    """总局交办任务: what, by when, to which zones (their leads organise) and bureaus."""

    title = forms.CharField(label=_("任务名称"), max_length=200)
    requirements = forms.CharField(label=_("任务要求"), widget=forms.Textarea(attrs={"rows": 6}))
    due_date = forms.DateField(label=_("完成时限"), widget=DateInput)
    zones = _AddresseeChoice(
        label=_("交办片区"),
        queryset=Zone.objects.all(),
        required=False,
        widget=CheckList,
        help_text=_("片区任务由片区牵头单位组织落实并报告，成员单位可以查看。"),
    )
    bureaus = _AddresseeChoice(
        label=_("交办直属局"),
        queryset=Bureau.objects.all(),
        required=False,
        widget=CheckList,
        help_text=_("每个直属局分别报告本局的办理情况。片区和直属局至少选择一项。"),
    )


class UpdateForm(TextInputsChecked, forms.Form):
    """进展报告 or 完成报告 of the addressee, with its files."""

    kind = forms.ChoiceField(
        label=_("报告类别"),
        choices=[
            (TaskUpdate.Kind.PROGRESS, TaskUpdate.Kind.PROGRESS.label),
            (TaskUpdate.Kind.COMPLETION, TaskUpdate.Kind.COMPLETION.label),
        ],
        widget=forms.RadioSelect,
        initial=TaskUpdate.Kind.PROGRESS,
        help_text=_("报告完成后由总局验收；验收或退回前不能再报告。"),
    )
    text = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = _files_field(_("材料"))


class AcceptForm(TextInputsChecked, forms.Form):
    note = forms.CharField(
        label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(TextInputsChecked, forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(TextInputsChecked, forms.Form):
    """报送事项: its kind (the four the seed names), title, body; files when it is drafted."""

    kind = forms.ChoiceField(
        label=_("报送类别"),
        choices=Report.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "监管中发现的企业违法违规行为或产品与评定结果不一致的线索（§9）；工作成绩的专报"
            "（§16）；地方政府的支持意见和优惠政策（§5）；辖区内保护产品“走出去”的成功经验（§3）。"
        ),
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}))
    files = _files_field(_("材料"))

    def __init__(self, *args, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_files:
            del self.fields["files"]


class FilesForm(TextInputsChecked, forms.Form):
    files = _files_field(_("添加材料"), required=True)


class ReplyForm(TextInputsChecked, forms.Form):
    text = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 4}))
