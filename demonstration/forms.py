"""Browser forms of the demonstration-zone pages. They shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from ecoorigin.validators import validate_uscc
from ecoorigin.widgets import DateInput

from . import workflow as wf
from .models import (
    FIRST_REPORT_YEAR,
    ArchiveEventDocument,
    DemonstrationZone,
    ZoneDocument,
    ZoneEnterprise,
    ZoneYearReport,
)
from .workflow import Cause, EnterpriseState, EventKind, EventState, Level, State


def _label(field: str):
    return DemonstrationZone._meta.get_field(field).verbose_name


class ZoneForm(TextInputsChecked, forms.Form):
    """申请 and its §四 self-assessment, as the local government fills them in. The level is
    chosen once, when the application is created (`with_level`)."""

    level = forms.ChoiceField(
        label=_label("level"),
        choices=Level.choices,
        help_text=_("国家级示范区经直属局推荐、由总局组织评估认定；省级示范区由直属局评估认定。"),
    )
    name = forms.CharField(label=_label("name"), max_length=128)
    industry = forms.CharField(label=_label("industry"), max_length=128)
    # (一) 形成企业集聚
    enterprise_count = forms.IntegerField(label=_label("enterprise_count"), min_value=0)
    cluster = forms.CharField(
        label=_label("cluster"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("产业、资本或技术集聚规模，在当地外贸经济中的地位，在全国或本省的影响力。"),
    )
    # (二) 出口贸易规模较大
    export_value = forms.DecimalField(
        label=_label("export_value"), min_value=0, max_digits=14, decimal_places=2
    )
    export_share = forms.DecimalField(
        label=_label("export_share"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    local_share = forms.DecimalField(
        label=_label("local_share"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    # (三) 质量安全水平较高
    quality = forms.CharField(
        label=_label("quality"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_(
            "企业落实质量安全主体责任、依法诚信经营，产品质量安全水平在全国或全省同类行业中的位次。"
        ),
    )
    # (四) 组织保障机制健全
    organisation = forms.CharField(
        label=_label("organisation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    in_quality_appraisal = forms.BooleanField(label=_label("in_quality_appraisal"), required=False)

    # The §四 conditions, for the template's fieldsets: (heading, fields).
    GROUPS = [
        (None, ("level", "name", "industry")),
        (wf.CONDITIONS[0][1], ("enterprise_count", "cluster")),
        (wf.CONDITIONS[1][1], ("export_value", "export_share", "local_share")),
        (wf.CONDITIONS[2][1], ("quality",)),
        (wf.CONDITIONS[3][1], ("organisation", "in_quality_appraisal")),
    ]

    def __init__(self, *args, with_level: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_level:
            del self.fields["level"]

    def groups(self):
        """(heading, bound fields) per §四 condition, for the template."""
        return [
            (heading, [self[name] for name in names if name in self.fields])
            for heading, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]


class ZoneTransitionForm(TextInputsChecked, forms.Form):
    """The fields a transition needs (workflow.RULES), nothing more."""

    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    team = forms.CharField(
        label=_("评估组成员"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("姓名、单位和分工，组长在前。"),
    )
    valid_years = forms.IntegerField(
        label=_("称号有效期（年）"), min_value=1, max_value=10, required=False
    )
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        for code, condition in wf.CONDITIONS:
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=_("%(condition)s（0–%(max)s 分）")
                % {"condition": condition, "max": wf.CONDITION_MAX},
                min_value=0,
                max_value=wf.CONDITION_MAX,
            )
        rule = wf.RULES[name]
        keep = set(rule.fields) | {"comment"} | ({"reason"} if rule.needs_reason else set())
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]
        if "valid_years" in self.fields:
            self.fields["valid_years"].initial = settings.ZONE_TITLE_YEARS
        if name == "record_assessment":
            self.fields["comment"].label = _("评估结论")
        if name == "withdraw_title":
            self.fields["reason"].help_text = _("撤销原因将在示范区名录中公告。")
        # The scores come before the comment, in the order of §四; the rest as declared.
        order = ["reason", "team", *(f"score_{code}" for code, _c in wf.CONDITIONS)]
        self.order_fields([*order, "valid_years", "comment"])


class ZoneDocumentForm(TextInputsChecked, forms.Form):
    """One material: its kind among `kinds`, those the uploader may add now (the service's
    upload rules say which)."""

    kind_choices = ZoneDocument.Kind.choices

    file = forms.FileField(label=_("文件 (PDF/JPEG/PNG)"))
    kind = forms.ChoiceField(label=_("类别"), choices=())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(self.kind_choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]


class ArchiveDocumentForm(ZoneDocumentForm):
    """One material of a quality-archive event."""

    kind_choices = ArchiveEventDocument.Kind.choices


class ZoneFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("级别"), choices=[("", _("全部")), *Level.choices], required=False
    )


class StandardForm(TextInputsChecked, forms.Form):
    """省级示范区评估标准: a new version of the bureau's own."""

    title = forms.CharField(label=_("标准名称"), max_length=200)
    text = forms.CharField(
        label=_("标准内容"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50000,
        help_text=_("依据《指导意见》第四部分的基本条件，写明各项评估内容、评分办法和认定要求。"),
    )
    pass_mark = forms.IntegerField(
        label=_("合格分数线"),
        min_value=0,
        max_value=100,
        initial=60,
        help_text=_("四项条件各 25 分，满分 100 分；总分达到分数线且无一项得零分为合格。"),
    )


# ---------------------------------------------------------------- 入区企业 and 示范企业


def _enterprise_label(field: str):
    return ZoneEnterprise._meta.get_field(field).verbose_name


class EnterpriseForm(TextInputsChecked, forms.Form):
    """拟入区企业, as the zone's local government proposes it."""

    name = forms.CharField(label=_enterprise_label("name"), max_length=128)
    credit_code = forms.CharField(
        label=_enterprise_label("credit_code"),
        min_length=18,
        max_length=18,
        validators=[validate_uscc],
        help_text=_("18 位，以营业执照为准。"),
    )
    products = forms.CharField(label=_enterprise_label("products"), max_length=200)


class EnterpriseTransitionForm(TextInputsChecked, forms.Form):
    """The fields a transition of an enterprise needs (workflow.ENTERPRISE_RULES)."""

    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    passed = forms.TypedChoiceField(
        label=_("评估结论"),
        choices=[("true", _("合格")), ("false", _("不合格"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        rule = wf.ENTERPRISE_RULES[name]
        keep = set(rule.fields) | {"comment"} | ({"reason"} if rule.needs_reason else set())
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]
        if name == "assess":
            self.fields["comment"].label = _("评估意见")
        if name == "nominate":
            self.fields["comment"].label = _("推荐理由")
        if name == "withdraw_title":
            self.fields["reason"].help_text = _("撤销原因将在示范区名录中公告。")


class EnterpriseFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *EnterpriseState.choices], required=False
    )


# ---------------------------------------------------------------- 质量档案


class ArchiveEventForm(TextInputsChecked, forms.Form):
    """质量档案事件, as the zone's bureau opens it."""

    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("事件类别"), choices=EventKind.choices)
    occurred_on = forms.DateField(label=_("发生日期"), widget=DateInput)
    product = forms.CharField(label=_("涉及产品"), max_length=200)
    reference = forms.CharField(label=_("通报或文书编号"), max_length=100, required=False)
    description = forms.CharField(
        label=_("事件情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [
            ("", "—"),
            *((e.pk, f"{e.name} ({e.credit_code})") for e in enterprises),
        ]


MULTILINE = {"rows": 4}


class ArchiveTransitionForm(TextInputsChecked, forms.Form):
    """The fields a step of an archive event needs: for the actions, those its cause calls for
    (workflow.ACTION_FIELDS)."""

    findings = forms.CharField(
        label=_("调查情况"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    cause = forms.ChoiceField(label=_("问题原因"), choices=Cause.choices, widget=forms.RadioSelect)
    feedback = forms.CharField(
        label=_("反馈情况"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    negotiation = forms.CharField(
        label=_("交涉情况"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    support = forms.CharField(
        label=_("帮扶措施"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    penalty = forms.CharField(
        label=_("处罚措施"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    announcement = forms.CharField(
        label=_("称号撤销原因（公告）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("该企业的示范企业称号随即撤销，撤销原因在示范区名录中公告。"),
    )
    cancel_zone_title = forms.BooleanField(
        label=_("同时撤销示范区称号"),
        required=False,
        help_text=_("示范区称号撤销后，区内示范企业的称号一并终止。"),
    )
    conclusion = forms.CharField(
        label=_("结案意见"), widget=forms.Textarea(attrs=MULTILINE), max_length=5000
    )
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args, name: str, cause: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if name == "record_actions":
            keep = set(wf.ACTION_FIELDS.get(cause, ()))
            if cause == Cause.MALICIOUS:
                keep.add("cancel_zone_title")
        else:
            keep = set(wf.ARCHIVE_RULES[name].fields)
        keep.add("comment")
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]


class ArchiveFilterForm(TextInputsChecked, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *EventState.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("事件类别"), choices=[("", _("全部")), *EventKind.choices], required=False
    )


# ---------------------------------------------------------------- 年度建设情况报告


def _report_label(field: str):
    return ZoneYearReport._meta.get_field(field).verbose_name


REPORT_TEXT = {"rows": 6}


class ZoneYearReportForm(TextInputsChecked, forms.Form):
    """年度建设情况报告 of a zone's year, as its bureau writes it (the zone and the year are the
    page's; the counts from the portal's records are the service's)."""

    export_value = forms.DecimalField(
        label=_report_label("export_value"), min_value=0, max_digits=14, decimal_places=2
    )
    enterprise_count = forms.IntegerField(
        label=_report_label("enterprise_count"), min_value=0, max_value=2147483647
    )
    experience = forms.CharField(
        label=_report_label("experience"),
        widget=forms.Textarea(attrs=REPORT_TEXT),
        max_length=20000,
        help_text=_("示范区建设中的经验做法：政策合力、监管创新、质量提升、品牌建设等。"),
    )
    problems = forms.CharField(
        label=_report_label("problems"),
        widget=forms.Textarea(attrs=REPORT_TEXT),
        max_length=20000,
    )
    next_steps = forms.CharField(
        label=_report_label("next_steps"),
        widget=forms.Textarea(attrs=REPORT_TEXT),
        max_length=20000,
        required=False,
    )


class ZoneYearReportSubmitForm(TextInputsChecked, forms.Form):
    """报送: the bureau confirms; the report is final afterwards."""

    confirm = forms.BooleanField(label=_("已核对报告内容，确认报送（报送后不能修改）"))


class ZoneYearReportFilterForm(TextInputsChecked, forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=FIRST_REPORT_YEAR, max_value=9999, required=False
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *ZoneYearReport.Status.choices],
        required=False,
    )
