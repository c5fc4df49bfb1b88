"""Admin changes are audited like any other change: one AuditEntry per saved or deleted object,
written in the admin's own transaction, so a change and its audit row land together or not at all."""

from django.contrib import admin
from django.db import models

from ecoorigin.text import guard_form_field

from .models import AuditEntry
from .services import audit_record

_HIDDEN_FIELDS = {"password"}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _changes(form) -> dict:
    return {
        name: "***" if name in _HIDDEN_FIELDS else _plain(form.cleaned_data.get(name))
        for name in form.changed_data
    }


class AuditedModelAdmin(admin.ModelAdmin):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return guard_form_field(field) if field is not None else None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return  # saved unchanged: nothing happened worth a row
        action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
        audit_record(actor=request.user, action=action, instance=obj, changes=_changes(form))

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=AuditEntry.Action.DELETE, instance=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action=AuditEntry.Action.DELETE, instance=obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # Deletions are audited first, as in delete_model: once deleted, an object's pk is None.
        for row in formset.initial_forms:
            if row in formset.deleted_forms and row.instance.pk is not None:
                audit_record(
                    actor=request.user, action=AuditEntry.Action.DELETE, instance=row.instance
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(actor=request.user, action=AuditEntry.Action.CREATE, instance=obj)
        for obj, fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.UPDATE,
                instance=obj,
                changes={"fields": fields},
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the services write (workflow, audit, jobs): searchable, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A service-written record's rows beside it in the admin (history, opinions, progress):
    shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
