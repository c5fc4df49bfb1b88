"""Browser forms of the pilot-zone pages (seed 002). They shape input; the services decide (the
name's "xx国检试验区", the numbers' range, who may act and when)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked, guard_form_field
from ecoorigin.widgets import DateInput
from regions.models import Organisation

from . import workflow as wf
from .models import PilotZone, PilotZoneDocument
from .workflow import State, Verdict


def _label(field: str):
    return PilotZone._meta.get_field(field).verbose_name


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class ZoneForm(TextInputsChecked, forms.Form):
    """建设方案: the construction plan's facts as the local government fills them in
    (services.ZONE_FIELDS). The name's form is the service's to check."""

    name = forms.CharField(
        label=_label("name"),
        max_length=128,
        help_text=_("原则上统一命名为“xx国检试验区”，如“南昌国检试验区”。"),
    )
    location = forms.CharField(label=_label("location"), max_length=200)
    area = forms.DecimalField(label=_label("area"), min_value=0, max_digits=10, decimal_places=2)
    industries = forms.CharField(
        label=_label("industries"),
        max_length=300,
        help_text=_("结合当地产业需求、贸易需求和市场需求，列明重点支持的产业。"),
    )
    functions = forms.CharField(
        label=_label("functions"),
        widget=_textarea(),
        max_length=10000,
        help_text=_("国检试验区的功能和特点，拟开展的检验检疫创新措施。"),
    )
    expected_batches = forms.IntegerField(
        label=_label("expected_batches"), min_value=0, max_value=2**31 - 1
    )
    expected_value = forms.DecimalField(
        label=_label("expected_value"), min_value=0, max_digits=14, decimal_places=2
    )
    leading_body = forms.CharField(
        label=_label("leading_body"),
        widget=_textarea(),
        max_length=10000,
        help_text=PilotZone._meta.get_field("leading_body").help_text,
    )


class ZoneTransitionForm(TextInputsChecked, forms.Form):
    """The fields one transition takes (workflow.RULES), nothing more. `approve` and
    `not_approve` take an answer per objecting department (`response_<code>`), given to the
    service as the `responses` dict; `start_operation` an operator of the zone's bureau."""

    reason = forms.CharField(label=_("理由"), widget=_textarea(3), max_length=2000)
    recommendation = forms.CharField(
        label=_("推荐意见"),
        widget=_textarea(),
        max_length=10000,
        help_text=_("直属局对试验区建设申请的推荐意见，报送总局。"),
    )
    guidance = forms.CharField(
        label=_("建设指导意见"),
        widget=_textarea(),
        max_length=10000,
        help_text=_("对建设方案的规划、设计和建设的指导意见。"),
    )
    arrangement = forms.CharField(
        label=_("验收安排"),
        widget=_textarea(),
        max_length=5000,
        help_text=_(
            "验收的时间、地点和方式。验收工作组由通关司牵头，认监委、卫生司、动植司、检验司、食品局参加。"
        ),
    )
    operator = forms.TypedChoiceField(
        label=_("运营企业"),
        coerce=int,
        choices=(),
        help_text=_("本关区已登记的试验区运营企业。"),
    )
    started_on = forms.DateField(
        label=_("开始运行日期"),
        widget=DateInput,
        required=False,
        help_text=_("不填写的，为今天。"),
    )
    comment = forms.CharField(label=_("说明"), widget=_textarea(3), max_length=5000, required=False)

    def __init__(self, *args, name: str, zone: PilotZone, objections=(), **kwargs):
        super().__init__(*args, **kwargs)
        rule = wf.RULES[name]
        keep = set(rule.fields) | {"comment"} | ({"reason"} if rule.needs_reason else set())
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]
        if "operator" in self.fields:
            operators = Organisation.objects.filter(
                kind=Organisation.Kind.ZONE_OPERATOR, bureau_id=zone.bureau_id, is_active=True
            ).order_by("pk")
            self.fields["operator"].choices = [
                ("", "—"),
                *((o.pk, o.display_name) for o in operators),
            ]
        self.response_fields = []
        self.takes_responses = "responses" in rule.fields
        if self.takes_responses:
            for opinion in objections:
                field_name = f"response_{opinion.department.code}"
                self.fields[field_name] = guard_form_field(
                    forms.CharField(
                        label=_("对%(department)s异议的答复")
                        % {"department": opinion.department.display_name},
                        widget=_textarea(3),
                        max_length=5000,
                    )
                )
                self.response_fields.append((opinion.department.code, field_name))
        if name == "not_approve":
            self.fields["reason"].help_text = _("不予批准的理由将通知申请的地方人民政府。")
        if name == "return":
            self.fields["reason"].help_text = _("写明需补正的内容，申请将退回地方人民政府修改。")
        self.order_fields(
            ["reason", *(f for _c, f in self.response_fields), "recommendation", "guidance"]
        )

    def clean(self):
        cleaned = super().clean()
        if self.takes_responses:
            cleaned["responses"] = {
                code: cleaned.pop(field_name, "") for code, field_name in self.response_fields
            }
        return cleaned


class OpinionForm(TextInputsChecked, forms.Form):
    """验收意见 of a member department of the working group."""

    verdict = forms.ChoiceField(label=_("意见"), choices=Verdict.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("验收意见"),
        widget=_textarea(5),
        max_length=10000,
        help_text=_("有异议的，请写明异议及理由；牵头司局将在批准或不予批准时逐条答复。"),
    )


class ZoneDocumentForm(TextInputsChecked, forms.Form):
    """One material: its kind among `kinds`, those the uploader may add now (the service's
    upload rules say which)."""

    file = forms.FileField(label=_("文件 (PDF/JPEG/PNG)"))
    kind = forms.ChoiceField(label=_("类别"), choices=())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PilotZoneDocument.Kind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]


class ZoneFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
