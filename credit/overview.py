"""What the quality credit adds elsewhere: the distribution of grades on the risk overview
(casework.overview), and a weighted double-random draw's factor by grade (casework.weighting,
seed 004 §二.17: 依据企业质量信用等级 … 实施差异化监管; ADR 0009)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.overview import OverviewPanel, register_overview_panel
from casework.weighting import register_risk_factor

from .models import CreditGrade, Grade
from .selectors import grades_visible_to

# A grade's factor in a weighted draw (A: none).
GRADE_FACTORS = {Grade.B: 2, Grade.C: 3, Grade.D: 4}


def grade_distribution(user) -> OverviewPanel | None:
    """信用等级分布 of the enterprises the user sees: HQ and a bureau's head office."""
    if not user.is_authenticated or user.role not in (Role.HQ, Role.BUREAU):
        return None
    counts = dict(
        grades_visible_to(user=user).order_by().values_list("grade").annotate(n=Count("pk"))
    )
    return OverviewPanel(
        code="credit",
        title=_("企业质量信用等级分布"),
        column=_("信用等级"),
        value_column=_("企业数"),
        rows=[
            (str(label), counts.get(grade, 0), f"credit-{grade}") for grade, label in Grade.choices
        ],
        link=reverse("credit:grades"),
    )


def grade_factors(*, usccs: list[str]) -> dict[str, tuple[int, str]]:
    return {
        uscc: (GRADE_FACTORS[grade], str(Grade(grade).label))
        for uscc, grade in CreditGrade.objects.filter(
            uscc__in=usccs, grade__in=GRADE_FACTORS
        ).values_list("uscc", "grade")
    }


register_overview_panel(grade_distribution)
register_risk_factor(grade_factors)
