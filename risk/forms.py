"""Browser forms of 风险预警与快速反应 (seed 004). They shape input for the services, which decide
(who may act, in which state, which grades a bureau gives, which measures suit a grade)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput
from experts.models import Expert
from regions.cooperation import PLACE_LABELS, PLACES
from regions.models import Bureau, Zone

from . import workflow as wf
from .models import EmergencyReport, ResponseMeasure, RiskSignal, RiskWarning
from .workflow import (
    Channel,
    Conclusion,
    Effect,
    EmergencyStatus,
    Grade,
    MeasureKind,
    MeasureState,
    Scope,
    SignalState,
    WarningState,
)


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


def _all(choices) -> list:
    return [("", _("全部")), *choices]


# --- filters ------------------------------------------------------------------------------------


class SignalFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=_all(SignalState.choices), required=False)
    channel = forms.ChoiceField(
        label=_("信息来源渠道"), choices=_all(Channel.choices), required=False
    )
    bureau = forms.ModelChoiceField(
        label=_("承办直属局"),
        queryset=Bureau.objects.order_by("pk"),
        required=False,
        empty_label=_("全部"),
    )
    q = forms.CharField(label=_("编号、产品或企业"), max_length=100, required=False, strip=True)
    todo = forms.ChoiceField(
        label=_("待办"),
        choices=[("", _("全部")), ("study", _("待研判")), ("conclude", _("待作出结论"))],
        required=False,
    )

    def __init__(self, *args, hq: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only HQ reads more than one bureau's signals.
        if not hq:
            del self.fields["bureau"]


class WarningFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=_all(WarningState.choices), required=False)
    grade = forms.ChoiceField(label=_("预警等级"), choices=_all(Grade.choices), required=False)
    scope = forms.ChoiceField(label=_("预警范围"), choices=_all(Scope.choices), required=False)


class MeasureFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=_all(MeasureState.choices), required=False)
    kind = forms.ChoiceField(label=_("措施"), choices=_all(MeasureKind.choices), required=False)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    todo = forms.ChoiceField(
        label=_("待办"),
        choices=[
            ("", _("全部")),
            ("carry_out", _("待实施")),
            ("evaluate", _("待评价")),
            ("escalated", _("逾期督办")),
        ],
        required=False,
    )


# --- 风险信息 -----------------------------------------------------------------------------------


class SignalForm(TextInputsChecked, forms.Form):
    """报告风险信息: the channels the reporter may use (services.signal_channels); the bureau is
    asked only of those who have none of their own (HQ, an agency, an association)."""

    channel = forms.ChoiceField(label=_label(RiskSignal, "channel"), choices=())
    source = forms.CharField(
        label=_label(RiskSignal, "source"),
        max_length=200,
        help_text=RiskSignal._meta.get_field("source").help_text,
    )
    product = forms.CharField(label=_label(RiskSignal, "product"), max_length=128)
    enterprise_name = forms.CharField(
        label=_label(RiskSignal, "enterprise_name"), max_length=128, required=False
    )
    enterprise_uscc = forms.CharField(
        label=_label(RiskSignal, "enterprise_uscc"), max_length=18, required=False
    )
    place = forms.CharField(label=_label(RiskSignal, "place"), max_length=200)
    description = forms.CharField(
        label=_label(RiskSignal, "description"), widget=_textarea(5), max_length=10000
    )
    evidence = forms.CharField(
        label=_label(RiskSignal, "evidence"),
        widget=_textarea(3),
        max_length=10000,
        required=False,
        help_text=_("证据材料（PDF、图片）可在报告后上传。"),
    )
    bureau = forms.ModelChoiceField(
        label=_label(RiskSignal, "bureau"), queryset=Bureau.objects.order_by("pk")
    )

    def __init__(self, *args, channels, names_bureau: bool, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Channel.choices)
        self.fields["channel"].choices = [(c, labels[c]) for c in channels]
        if not names_bureau:
            del self.fields["bureau"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("bureau") is not None:
            cleaned["bureau"] = cleaned["bureau"].pk
        return cleaned


class SignalDocumentForm(TextInputsChecked, forms.Form):
    file = forms.FileField(label=_("文件 (PDF/JPEG/PNG)"))


class OpenAssessmentForm(TextInputsChecked, forms.Form):
    """组织专家评估: members named from the committee, a number drawn at random, or both."""

    experts = forms.ModelMultipleChoiceField(
        label=_("指定专家"),
        queryset=Expert.objects.none(),
        widget=CheckList,
        required=False,
        help_text=_("从专家委员会中指定评估专家。"),
    )
    draw = forms.IntegerField(
        label=_("随机抽取人数"),
        min_value=0,
        max_value=15,
        required=False,
        help_text=_("从专家委员会其余委员中随机抽取，擅长该产品的优先。"),
    )
    due_on = forms.DateField(label=_("评估期限"), widget=DateInput, required=False, help_text="")
    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)

    def __init__(self, *args, assessment_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = Expert.objects.filter(
            status=Expert.Status.ADMITTED
        ).order_by("name", "pk")
        self.fields["due_on"].help_text = _("不填写的，为总局规定的评估时限 %(days)s 日。") % {
            "days": assessment_days
        }

    def clean(self):
        cleaned = super().clean()
        if "experts" in cleaned:
            cleaned["experts"] = [expert.pk for expert in cleaned["experts"]]
        return cleaned


class ConcludeForm(TextInputsChecked, forms.Form):
    conclusion = forms.ChoiceField(label=_("评估结论"), choices=Conclusion.choices)
    finding = forms.CharField(label=_("评估意见"), widget=_textarea(4), max_length=10000)
    failed_product = forms.BooleanField(
        label=_("产品风险评估不合格（向社会公布并提示消费者）"), required=False
    )
    consumer_advice = forms.CharField(
        label=_("消费提示"),
        widget=_textarea(3),
        max_length=10000,
        required=False,
        help_text=_("评估不合格的，须填写向消费者的提示。"),
    )
    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)


class ReasonForm(TextInputsChecked, forms.Form):
    """A transition that needs only a written reason (不予评估, 解除)."""

    reason = forms.CharField(label=_("理由"), widget=_textarea(3), max_length=2000)


class MergeForm(ReasonForm):
    into = forms.CharField(
        label=_("合并至风险信息编号"),
        max_length=24,
        help_text=_("本单位承办、尚在处理或已评估的另一条风险信息，如 FX-2026-000001。"),
    )
    field_order = ["into", "reason"]


class CommentForm(TextInputsChecked, forms.Form):
    """A transition without fields of its own (发布预警, 开始实施)."""

    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)


class OpinionForm(TextInputsChecked, forms.Form):
    """评估专家意见: the expert's own, or one the assessing unit enters from an expert's written
    opinion (`opinion_id`: which expert's, among those still owed)."""

    opinion_id = forms.TypedChoiceField(label=_("评估专家"), coerce=int, choices=())
    suggested_grade = forms.ChoiceField(label=_("建议结论"), choices=Conclusion.choices)
    opinion = forms.CharField(label=_("评估意见"), widget=_textarea(6), max_length=10000)

    def __init__(self, *args, owed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owed is None:
            del self.fields["opinion_id"]
        else:
            self.fields["opinion_id"].choices = [
                ("", "—"),
                *((row.pk, row.expert.name) for row in owed),
            ]


# --- 风险预警 -----------------------------------------------------------------------------------


def parse_targets(text: str) -> tuple[list[dict], list[str]]:
    """目标企业, one a line: "企业名称,统一社会信用代码" (the code where known; a Chinese comma
    does too). Returns the list services.warning_create takes and the lines it could not read."""
    targets, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _sep, code = line.replace("，", ",").partition(",")
        if "," in code:
            errors.append(_("第 %(n)s 行：每行只写企业名称和统一社会信用代码。") % {"n": number})
            continue
        targets.append({"name": name.strip(), "uscc": code.strip()})
    return targets, errors


class WarningForm(TextInputsChecked, forms.Form):
    """拟定风险预警. A bureau warns in its own area only (grades Ⅲ and Ⅳ): it is not asked the
    scope's bureau or zone."""

    title = forms.CharField(label=_label(RiskWarning, "title"), max_length=200)
    grade = forms.ChoiceField(label=_label(RiskWarning, "grade"), choices=Grade.choices)
    scope = forms.ChoiceField(label=_label(RiskWarning, "scope"), choices=Scope.choices)
    scope_bureau = forms.ModelChoiceField(
        label=_label(RiskWarning, "scope_bureau"),
        queryset=Bureau.objects.order_by("pk"),
        required=False,
        help_text=_("预警范围为直属局关区时填写。"),
    )
    scope_zone = forms.ModelChoiceField(
        label=_label(RiskWarning, "scope_zone"),
        queryset=Zone.objects.order_by("pk"),
        required=False,
        help_text=_("预警范围为片区时填写。"),
    )
    products = forms.CharField(label=_label(RiskWarning, "products"), max_length=300)
    description = forms.CharField(
        label=_label(RiskWarning, "description"), widget=_textarea(5), max_length=10000
    )
    consumer_advice = forms.CharField(
        label=_label(RiskWarning, "consumer_advice"),
        widget=_textarea(3),
        max_length=10000,
        required=False,
    )
    signal = forms.TypedChoiceField(
        label=_label(RiskWarning, "signal"), coerce=int, choices=(), required=False
    )
    targets = forms.CharField(
        label=_("目标企业"),
        widget=_textarea(4),
        max_length=40000,
        required=False,
        help_text=_(
            "每行一家：企业名称,统一社会信用代码（代码不详的可只写名称）。目标企业不对外公布。"
        ),
    )

    def __init__(self, *args, bureau: bool, signals, **kwargs):
        super().__init__(*args, **kwargs)
        if bureau:
            self.fields["grade"].choices = [(g, Grade(g).label) for g in wf.BUREAU_GRADES]
            self.fields["scope"].choices = [(Scope.BUREAU, Scope.BUREAU.label)]
            del self.fields["scope_bureau"]
            del self.fields["scope_zone"]
        self.fields["signal"].choices = [
            ("", "—"),
            *((s.pk, f"{s.number} {s.product}") for s in signals),
        ]

    def clean_targets(self):
        targets, errors = parse_targets(self.cleaned_data.get("targets") or "")
        if errors:
            raise forms.ValidationError(errors)
        return targets

    def clean(self):
        cleaned = super().clean()
        for field in ("scope_bureau", "scope_zone"):
            if cleaned.get(field) is not None:
                cleaned[field] = cleaned[field].pk
        return cleaned


def targets_text(warning: RiskWarning) -> str:
    """The draft's targets as the form's text, one a line."""
    return "\n".join(
        f"{t.enterprise_name},{t.enterprise_uscc}" if t.enterprise_uscc else t.enterprise_name
        for t in warning.targets.order_by("pk")
    )


class GradeChangeForm(ReasonForm):
    """提高或降低预警等级, with the reason notified to the scope."""

    grade = forms.ChoiceField(label=_("调整后等级"), choices=())
    field_order = ["grade", "reason"]

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g, Grade(g).label) for g in grades]


class MeasureAssignForm(TextInputsChecked, forms.Form):
    """部署快速反应措施: only the catalogue's measures that suit the warning's grade, to a bureau
    in its scope."""

    kind = forms.ChoiceField(label=_label(ResponseMeasure, "kind"), choices=())
    description = forms.CharField(
        label=_label(ResponseMeasure, "description"), widget=_textarea(3), max_length=10000
    )
    enterprise_name = forms.CharField(
        label=_label(ResponseMeasure, "enterprise_name"), max_length=128, required=False
    )
    enterprise_uscc = forms.CharField(
        label=_label(ResponseMeasure, "enterprise_uscc"), max_length=18, required=False
    )
    responsible_bureau = forms.TypedChoiceField(
        label=_label(ResponseMeasure, "responsible_bureau"), coerce=int, choices=()
    )
    due_on = forms.DateField(
        label=_label(ResponseMeasure, "due_on"),
        widget=DateInput,
        required=False,
        help_text=_("不填写的，按措施目录的默认实施期限。"),
    )
    quantity_concerned = forms.DecimalField(
        label=_label(ResponseMeasure, "quantity_concerned"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("缺陷召回必填。"),
    )
    quantity_unit = forms.CharField(
        label=_label(ResponseMeasure, "quantity_unit"), max_length=16, required=False
    )

    def __init__(self, *args, entries, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "—"),
            *((e.kind, e.get_kind_display()) for e in entries),
        ]
        self.fields["responsible_bureau"].choices = [
            ("", "—"),
            *((b.pk, b.name) for b in bureaus),
        ]


# --- 快速反应措施 --------------------------------------------------------------------------------


class CompleteForm(TextInputsChecked, forms.Form):
    result = forms.CharField(label=_("完成情况"), widget=_textarea(4), max_length=10000)
    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)


class EvaluateForm(TextInputsChecked, forms.Form):
    effect = forms.ChoiceField(
        label=_("效果评价"), choices=Effect.choices, widget=forms.RadioSelect
    )
    evaluation = forms.CharField(label=_("评价意见"), widget=_textarea(4), max_length=10000)
    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)


class ProgressForm(TextInputsChecked, forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=_textarea(4), max_length=10000)
    quantity_recalled = forms.DecimalField(
        label=_("累计召回数量"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, recall: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if recall:
            self.fields["quantity_recalled"].required = True
        else:
            del self.fields["quantity_recalled"]


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    """A moment to the minute, in the browser's own picker (Beijing time, the portal's)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EmergencyFilterForm(TextInputsChecked, forms.Form):
    status = forms.ChoiceField(
        label=_("通报情况"), choices=_all(EmergencyStatus.choices), required=False
    )
    place = forms.ChoiceField(
        label=_("通报地"),
        choices=_all([(code, PLACE_LABELS[code]) for code in PLACES]),
        required=False,
    )


class EmergencyForm(TextInputsChecked, forms.Form):
    """登记突发公共卫生事件: the reporting bureau is the clerk's own; the six hours run from
    获知时间."""

    title = forms.CharField(label=_label(EmergencyReport, "title"), max_length=200)
    location = forms.CharField(label=_label(EmergencyReport, "location"), max_length=200)
    occurred_at = forms.DateTimeField(
        label=_label(EmergencyReport, "occurred_at"), widget=DateTimeInput()
    )
    learnt_at = forms.DateTimeField(
        label=_label(EmergencyReport, "learnt_at"),
        widget=DateTimeInput(),
        help_text=_("6 小时通报时限自此起算（自然小时，含夜间和节假日），不能晚于现在。"),
    )
    description = forms.CharField(
        label=_label(EmergencyReport, "description"), widget=_textarea(5), max_length=10000
    )


class NotifyForm(TextInputsChecked, forms.Form):
    """通报其他成员: the emergency's handling so far (应急处置情况)."""

    handling = forms.CharField(
        label=_label(EmergencyReport, "handling"), widget=_textarea(5), max_length=10000
    )
    comment = forms.CharField(label=_("说明"), widget=_textarea(2), max_length=5000, required=False)
