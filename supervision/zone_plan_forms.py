"""Forms of 片区计划 (ADR 0020): the lead bureau's plan for its zone, a member bureau's 同意 or
不同意, and the lead's 撤回. They shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoorigin.text import TextInputsChecked
from regions.models import Zone

from .forms import PlanForm
from .models import PlanConsent
from .services import zones_led_by


class ZonePlanForm(PlanForm):
    """片区抽查计划 of a zone the user's bureau leads: the zone's bureaus' jurisdictions and
    their staff; the own-bureau exclusion may be chosen, as on HQ's plans."""

    zone_plan = True
    field_order = ["organising_zone", *PlanForm.field_order]

    organising_zone = forms.ModelChoiceField(
        label=_("片区"),
        queryset=Zone.objects.none(),
        help_text=_(
            "本局牵头的片区。范围为片区各单位辖区的有效保护产品，检查人员从片区各单位选派；"
            "片区各成员单位均同意后才能抽取。"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organising_zone"].queryset = zones_led_by(user=user)
        self.fields["mixed_teams"].initial = True
        self.order_fields(self.field_order)


class ConsentForm(TextInputsChecked, forms.Form):
    """同意 or 不同意 of a zone plan; the decision comes from the button pressed."""

    decision = forms.ChoiceField(choices=PlanConsent.Decision.choices)
    comment = forms.CharField(
        label=_("意见说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("不同意时须说明理由。"),
    )


class WithdrawForm(TextInputsChecked, forms.Form):
    """撤回 a zone plan, with the reason."""

    reason = forms.CharField(
        label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
