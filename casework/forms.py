"""Browser forms every programme's pages share. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import DateInput

from . import beacon
from .documents import UploadRejected, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern), cleaned to a list: at most
    `max_files` of them; with `checked`, each by size and content (casework.documents
    .check_upload), cleaned to CheckedUpload, a refused file a field error that names it.
    Without `checked` the service checks them."""

    def __init__(self, *args, max_files: int | None = None, checked: bool = False, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)
        self.max_files, self.checked = max_files, checked

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in (super(MultipleFileField, self).clean(i, initial) for i in items) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if self.max_files is not None and len(files) > self.max_files:
            raise forms.ValidationError(_("一次最多上传 %(n)s 个文件。") % {"n": self.max_files})
        if not self.checked:
            return files
        checked, refused = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except UploadRejected as error:
                refused.append(error.named_message)
        if refused:
            raise forms.ValidationError(refused)
        return checked


class DrawPlanForm(TextInputsChecked, forms.Form):
    """The fields of every double-random plan (casework.models.DrawPlan): its name, inspection
    date, sample (a number or a ratio), team size, the recusal of the target's own bureau and
    the lottery draw whose numbers will decide it (casework.draws.plan_randomness). A
    programme's form adds its scope and its weighting, puts the fields in its order
    (`field_order`) and says what the ratio counts (`ratio_help`)."""

    ratio_help: str

    name = forms.CharField(label=_("计划名称"), max_length=128)
    planned_date = forms.DateField(label=_("检查日期"), widget=DateInput)
    sample_size = forms.IntegerField(
        label=_("抽取数量"),
        min_value=1,
        required=False,
        help_text=_("抽取数量与抽取比例二选一。"),
    )
    sample_ratio = forms.DecimalField(
        label=_("抽取比例(%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    team_size = forms.IntegerField(label=_("每组检查人数"), min_value=2, max_value=20, initial=2)
    exclude_own_bureau = forms.BooleanField(
        label=_("回避被检对象所在直属局人员"), required=False, initial=True
    )

    # The public randomness (ADR 0009, protocol 2), declared by every plan: a lottery draw after
    # today and before the inspection date, whose numbers decide the draw.
    beacon_source = forms.ChoiceField(
        label=_("公共随机数来源"),
        choices=[("", _("请选择")), *beacon.choices()],
        help_text=_(
            "声明一期将来开奖的彩票：抽取结果由封存的候选名单和该期开奖号码共同决定，"
            "任何人（包括系统管理人员）事先都无法操纵。"
        ),
    )
    beacon_date = forms.DateField(
        label=_("公共随机数开奖日期"),
        widget=DateInput,
        help_text=_(
            "应晚于今天、早于检查日期，且为所选彩票的开奖日。开奖之前须封存候选名单，"
            "开奖后须录入开奖号码才会抽取。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sample_ratio"].help_text = self.ratio_help

    def plan_fields(self) -> dict:
        """The cleaned fields every programme's plan service takes, the weighting (each form's
        own) included; a form without the recusal choice (a bureau's own plan: it draws its
        own staff) or without mixed teams (a programme that does not offer them) leaves them to
        the service."""
        data = self.cleaned_data
        names = ["name", "planned_date", "team_size", "sample_size", "sample_ratio", "weighted"]
        names += ["beacon_source", "beacon_date"]
        fields = {name: data[name] for name in names}
        for optional in ("exclude_own_bureau", "mixed_teams"):
            if optional in self.fields:
                fields[optional] = data[optional]
        return fields
