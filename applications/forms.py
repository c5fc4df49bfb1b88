"""Browser forms of the case pages. They shape input; the services decide."""

import functools

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from ecoorigin.text import TextInputsChecked
from ecoorigin.widgets import CheckList, DateInput
from regions.selectors import bureaus_in_scope

from . import workflow as wf
from .categories import active_category_choices
from .models import CaseDocument, EvaluationFeedback, ProductCategory, RectificationReview
from .selectors import agencies_with_valid_plans, bureau_staff
from .workflow import State


class StaffChoiceField(forms.ModelChoiceField):
    """Staff shown by name (and user name), as the case page shows them."""

    def label_from_instance(self, user):
        return self.label_for(user.get_full_name(), user.username)

    @staticmethod
    def label_for(name: str, username: str) -> str:
        if not name:
            return username
        return _("%(name)s（%(username)s）") % {"name": name, "username": username}

    def offer(self, queryset) -> None:
        """Choose among `queryset`'s users. The options are read as values when the field is
        drawn, not as users through a server-side cursor; the chosen user is still looked up in
        `queryset`."""
        self.queryset = queryset
        # A callable: read when the field is drawn, once (the widget asks twice).
        self.choices = functools.cache(functools.partial(self._options, queryset))

    def _options(self, queryset) -> list[tuple]:
        rows = queryset.values_list("pk", "username", "first_name", "last_name")
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return empty + [
            # The name as AbstractUser.get_full_name writes it.
            (pk, self.label_for(f"{first_name} {last_name}".strip(), username))
            for pk, username, first_name, last_name in rows
        ]


def score_help(plan) -> str:
    """What the agency must know to score a case: the range, and the pass mark of the filed plan
    the applicant chose (the plan, not the agency, decides whether a score passes)."""
    if plan is None:
        return _("评分范围 0–100 分。")
    return _(
        "评分范围 0–100 分。本案评定方案《%(plan)s》的通过分数线为 %(mark)s 分："
        "得分不低于 %(mark)s 分为通过，低于则评定未通过。"
    ) % {"plan": plan.title, "mark": plan.pass_threshold}


class TransitionForm(TextInputsChecked, forms.Form):
    """The fields a transition needs (workflow.RULES), nothing more."""

    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    officer = StaffChoiceField(label=_("承办人"), queryset=User.objects.none(), required=False)
    agency = forms.ModelChoiceField(label=_("评定机构"), queryset=None)
    score = forms.DecimalField(label=_("评定得分"), min_value=0, max_value=100, decimal_places=2)
    report = forms.CharField(
        label=_("评定意见"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        required=False,
    )
    deadline = forms.DateField(label=_("整改期限"), widget=DateInput)
    marks_issued = forms.IntegerField(label=_("发放标志数"), min_value=1, required=False)
    valid_from = forms.DateField(label=_("有效期起"), widget=DateInput, required=False)

    def __init__(self, *args, case, name, **kwargs):
        super().__init__(*args, **kwargs)
        rule = wf.RULES[name]
        keep = set(rule.fields) | {"comment"} | ({"reason"} if rule.needs_reason else set())
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]
        if "officer" in self.fields:
            self.fields["officer"].offer(bureau_staff(case))
            self.fields["officer"].help_text = _("不选则由您本人承办。")
        if "agency" in self.fields:
            self.fields["agency"].queryset = agencies_with_valid_plans(category=case.category)
        if name == "submit_rectification":
            self.fields["comment"].required = True
            self.fields["comment"].label = _("整改情况")
        if name in ("suspend", "revoke"):
            # The reason is announced with the certificate's status (证书查验, 撤销公告).
            self.fields["reason"].help_text = _(
                "该理由将在证书查验页面公开（撤销的同时刊登撤销公告），请勿填写举报人、检查人员等保密信息；内部情况请写在“说明”中。"
            )
        if "passed" in self.fields:
            del self.fields["passed"]
        if "score" in self.fields:
            self.fields["score"].help_text = score_help(case.plan)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("请填写今天之后的整改期限。"))
        return deadline


class DocumentForm(TextInputsChecked, forms.Form):
    file = forms.FileField(label=_("文件 (PDF/JPEG/PNG)"))
    kind = forms.ChoiceField(label=_("类别"), choices=())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CaseDocument.Kind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]


class OfficerForm(TextInputsChecked, forms.Form):
    officer = StaffChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].offer(bureau_staff(case))


class ReviewForm(TextInputsChecked, forms.Form):
    opinion = forms.ChoiceField(label=_("审核意见"), choices=RectificationReview.Opinion.choices)
    comment = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}))


class RecoveryForm(TextInputsChecked, forms.Form):
    certificate_returned_at = forms.DateField(
        label=_("证书收回日期"), widget=DateInput, required=False
    )
    marks_recovered = forms.IntegerField(label=_("已收回标志数"), min_value=0, required=False)
    follow_up_checked_at = forms.DateField(
        label=_("跟踪检查日期"), widget=DateInput, required=False
    )
    follow_up_note = forms.CharField(
        label=_("跟踪检查情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WorklistFilterForm(TextInputsChecked, forms.Form):
    state = forms.MultipleChoiceField(
        label=_("状态"), choices=State.choices, required=False, widget=CheckList
    )
    category = forms.ChoiceField(label=_("产品类别"), required=False)
    # A choice of the bureaus whose cases the user sees (HQ, a zone lead), by name; the value is
    # the bureau's code, as the case API's filter takes it. Not there for anyone else.
    bureau = forms.ModelChoiceField(
        label=_("直属局"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("全部"),
    )
    officer = forms.IntegerField(label=_("承办人"), required=False, min_value=1)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    q = forms.CharField(label=_("产品或企业"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部")), *active_category_choices()]
        if user.role == Role.HQ or user.is_zone_lead:
            self.fields["bureau"].queryset = bureaus_in_scope(user=user).order_by("pk")
            self.fields["bureau"].label_from_instance = lambda bureau: bureau.display_name
        else:
            del self.fields["bureau"]

    def clean_bureau(self) -> str:
        """The chosen bureau's code ("" for all), as the worklist selector takes it."""
        bureau = self.cleaned_data.get("bureau")
        return bureau.code if bureau else ""


class RegistrationForm(TextInputsChecked, forms.Form):
    """企业在线注册: the account and the enterprise in one form, with the business licence that
    proves the enterprise's claim on its code (ADR 0003)."""

    name = forms.CharField(label=_("企业名称"), max_length=128)
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        min_length=18,
        help_text=_("18 位，含校验位。"),
    )
    bureau = forms.ModelChoiceField(label=_("辖区直属局"), queryset=None)
    licence = forms.FileField(
        label=_("营业执照扫描件"),
        help_text=_("PDF、JPEG 或 PNG。辖区直属局据此核对企业名称和统一社会信用代码。"),
    )
    address = forms.CharField(label=_("地址"), max_length=255)
    contact_name = forms.CharField(label=_("联系人"), max_length=64)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32)
    email = forms.EmailField(label=_("联系邮箱"), help_text=_("注册结果和通知书将发送到此邮箱。"))
    username = forms.RegexField(
        label=_("登录用户名"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("字母、数字或 @/./+/-/_。"),
    )
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        from regions.models import Bureau

        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = Bureau.objects.all()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return data


class RegistrationDecisionForm(TextInputsChecked, forms.Form):
    """The bureau's or HQ's decision on a registration: confirm or reject, and why."""

    id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("confirm", _("确认")), ("reject", _("驳回"))])
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)


class ApplicationForm(TextInputsChecked, forms.Form):
    """The application's own fields, as the enterprise fills them in (autosaved while a draft)."""

    product_name = forms.CharField(label=_("产品名称"), max_length=128)
    category = forms.ModelChoiceField(
        label=_("产品类别"), queryset=ProductCategory.objects.filter(is_active=True)
    )
    origin_place = forms.CharField(
        label=_("原产地"), max_length=128, help_text=_("具体到县（区）、乡镇。")
    )
    description = forms.CharField(
        label=_("产品说明"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("产地生态环境、生产工艺、质量特色、可追溯体系等。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drawn from the kept categories (applications.categories), read once when drawn; the
        # chosen one is still looked up in the field's queryset.
        category = self.fields["category"]
        category.choices = functools.cache(
            lambda: [("", category.empty_label), *active_category_choices(by="pk")]
        )


class GuidanceRequestForm(TextInputsChecked, forms.Form):
    """一对一指导: what the enterprise asks its bureau to help with (optional)."""

    note = forms.CharField(
        label=_("需要指导的内容（可选）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class EvaluationFeedbackForm(TextInputsChecked, forms.Form):
    """评定协助与反馈 (seed 000 §8): the bureau's record on a case being evaluated; an assistance
    record may name the committee's experts of the case's category (`roster`)."""

    kind = forms.ChoiceField(label=_("类别"), choices=EvaluationFeedback.Kind.choices)
    text = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    experts = forms.ModelMultipleChoiceField(
        label=_("协助评定的专家委员会委员（可选）"),
        queryset=None,
        required=False,
        widget=CheckList,
    )

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = roster
        self.fields["experts"].label_from_instance = lambda expert: (
            _("%(name)s（%(organisation)s，%(products)s）")
            % {
                "name": expert.name,
                "organisation": expert.organisation,
                "products": expert.products,
            }
        )
