from uuid import uuid4

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from casework.documents import UploadRejected, check_upload
from ecoorigin.downloads import extension_of
from ecoorigin.text import TextInputsChecked

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
)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "uscc",
        "bureau",
        "contact_name",
        "confirmed_at",
        "rejected_at",
        "created_at",
    ]
    list_filter = [
        "bureau",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("rejected_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["bureau"]
    search_fields = ["name", "uscc"]
    # Decided on the confirmation page (services.enterprise_confirm / enterprise_reject), which
    # audits the decision and settles competing claims; the licence is the registrant's.
    readonly_fields = [
        "confirmed_at",
        "confirmed_by",
        "rejected_at",
        "rejected_by",
        "rejection_reason",
        "licence",
    ]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "contact_name"]
    search_fields = ["name", "code"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(AuditedModelAdmin):
    """产品类别, maintained by HQ."""

    list_display = ["name", "name_en", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code"]


class EvaluationPlanForm(TextInputsChecked, forms.ModelForm):
    """The plan's file is checked like every upload: by size and content, stored under a random
    name with its real type's extension (the uploader's name is not kept)."""

    class Meta:
        model = EvaluationPlan
        fields = [
            "agency",
            "category",
            "title",
            "pass_threshold",
            "valid_from",
            "valid_until",
            "document",
        ]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload or not hasattr(upload, "content_type"):  # unchanged, or cleared
            return upload
        try:
            checked = check_upload(upload)
        except UploadRejected as rejected:
            raise forms.ValidationError(rejected.message) from None
        upload.seek(0)
        upload.name = uuid4().hex + extension_of(checked.content_type)
        return upload


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(AuditedModelAdmin):
    """评定方案备案: HQ files an agency's plan for a category."""

    form = EvaluationPlanForm

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
