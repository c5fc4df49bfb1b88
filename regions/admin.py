from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from ecoorigin.text import TextInputsChecked

from .models import (
    AnnualSummary,
    Bureau,
    BureauDepartment,
    GovernmentReport,
    LectureTour,
    Organisation,
    RankingWeighting,
    ResearchProject,
    Zone,
    ZoneMembership,
)


class ZoneMembershipInline(admin.TabularInline):
    model = ZoneMembership
    extra = 1
    autocomplete_fields = ["bureau"]


@admin.register(Zone)
class ZoneAdmin(AuditedModelAdmin):
    list_display = ["name", "name_en", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "code"]
    inlines = [ZoneMembershipInline]


@admin.register(Bureau)
class BureauAdmin(AuditedModelAdmin):
    list_display = ["name", "full_name", "full_name_en", "code"]
    search_fields = ["name", "full_name", "name_en", "full_name_en", "code"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    """HQ corrects an organisation or marks it no longer active here; registering one (by HQ or
    its bureau) and opening its accounts happen on the organisation pages."""

    list_display = ["name", "name_en", "code", "kind", "level", "bureau", "is_active"]
    list_filter = ["kind", "is_active", "bureau"]
    list_select_related = ["bureau"]
    search_fields = ["name", "name_en", "code", "credit_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_by", "created_at"]


class RankingWeightingForm(TextInputsChecked, forms.ModelForm):
    class Meta:
        model = RankingWeighting
        fields = ["version", "weights", "note"]
        help_texts = {
            "weights": _(
                'JSON：指标 → 权重，例如 {"newly_protected": 20}；指标见 docs/ranking.md。'
            ),
        }

    def clean_weights(self):
        from .figures import INDICATORS

        weights = self.cleaned_data["weights"]
        if not isinstance(weights, dict) or not weights:
            raise ValidationError(_("权重应为“指标: 数值”的 JSON 对象。"))
        unknown = sorted(set(weights) - set(INDICATORS))
        if unknown:
            raise ValidationError(_("未知的指标：%(names)s") % {"names": ", ".join(unknown)})
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in weights.values()
        ):
            raise ValidationError(_("权重必须是数值。"))
        return weights


@admin.register(RankingWeighting)
class RankingWeightingAdmin(AuditedModelAdmin):
    """考核权重: HQ adds a new version to change the weighting (docs/ranking.md); a version
    that produced a ranking is never edited, so earlier rankings stay explained."""

    form = RankingWeightingForm
    list_display = ["version", "created_at", "note"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.rankings.exists()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.rankings.exists()


@admin.register(AnnualSummary)
class AnnualSummaryAdmin(ReadOnlyAdmin):
    """Summaries are written by the bureaus on their summary pages."""

    list_display = ["bureau", "year", "status", "late", "submitted_at"]
    list_filter = ["year", "status", "late"]
    exclude = ["pdf"]


@admin.register(ResearchProject, LectureTour, GovernmentReport)
class ActivityAdmin(ReadOnlyAdmin):
    pass


@admin.register(BureauDepartment)
class BureauDepartmentAdmin(ReadOnlyAdmin):
    """Each bureau keeps its 内设机构 on its own page (/regions/departments/)."""

    list_display = ["name", "bureau", "kind", "is_active"]
    list_filter = ["kind", "is_active", "bureau"]
    list_select_related = ["bureau"]
