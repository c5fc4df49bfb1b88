"""Browser forms of the demonstration-zone pages. They shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked

from . import workflow as wf
from .models import DemonstrationZone, ZoneDocument
from .workflow import Level, State


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
    file = forms.FileField(label=_("文件 (PDF/JPEG/PNG)"))
    kind = forms.ChoiceField(label=_("类别"), choices=())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ZoneDocument.Kind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]


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
