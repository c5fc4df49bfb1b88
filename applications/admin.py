from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin

from .models import (
    Agency,
    Application,
    CaseDocument,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    DocumentAccess,
    Enterprise,
    EvaluationPlan,
    Notice,
    ProductCategory,
    WorkingDayOverride,
)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    list_display = ["name", "uscc", "bureau", "contact_name", "confirmed_at", "created_at"]
    list_filter = ["bureau", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["bureau"]
    search_fields = ["name", "uscc"]
    readonly_fields = ["confirmed_at", "confirmed_by"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "contact_name"]
    search_fields = ["name", "code"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(AuditedModelAdmin):
    """产品类别, maintained by HQ."""

    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(AuditedModelAdmin):
    """评定方案备案: HQ files an agency's plan for a category."""

    list_display = ["agency", "category", "title", "pass_threshold", "valid_from", "valid_until"]
    list_filter = ["agency", "category"]
    list_select_related = ["agency", "category"]
    search_fields = ["title", "agency__name"]


@admin.register(CertificateNumberRule)
class CertificateNumberRuleAdmin(AuditedModelAdmin):
    """证书编号规则: add a new version to change numbering; old certificates keep theirs."""

    list_display = ["version", "pattern", "active_from"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.certificate_set.exists()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.certificate_set.exists()


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(AuditedModelAdmin):
    """调休: HQ records announced working weekends and extra holidays."""

    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


class HistoryInline(admin.TabularInline):
    model = CaseHistory
    fields = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Cases change only through their transitions (the case pages and the API), never here."""

    list_display = ["pk", "product_name", "enterprise", "bureau", "state", "due_date"]
    list_filter = ["state", "bureau", "category"]
    list_select_related = ["enterprise", "bureau"]
    search_fields = ["product_name", "enterprise__name"]
    inlines = [HistoryInline]


@admin.register(CaseHistory)
class CaseHistoryAdmin(ReadOnlyAdmin):
    """流转记录: append-only; nobody edits or deletes history, admins included."""

    list_display = ["created_at", "application", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition"]
    list_select_related = ["application", "actor"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "application", "valid_from", "valid_until", "marks_issued"]
    search_fields = ["number"]
    list_select_related = ["application"]


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "application", "kind", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["application", "uploaded_by"]
    exclude = ["file"]  # read through the case page, where every read is logged


@admin.register(DocumentAccess)
class DocumentAccessAdmin(ReadOnlyAdmin):
    """查阅记录 (保密)."""

    list_display = ["accessed_at", "user", "document", "ip_address"]
    list_select_related = ["user", "document"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "title", "enterprise", "read_at", "emailed_at"]
    list_select_related = ["enterprise"]
    exclude = ["pdf"]


admin.site.index_title = _("生态原产地产品保护 管理")
