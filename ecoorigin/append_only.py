"""Append-only records (case history, audit log): rows are written once and never changed or
deleted, through the model or in bulk through its queryset."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(PermissionError):
    def __init__(self):
        super().__init__(str(_("该记录只能追加，不能修改或删除。")))


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError()

    def delete(self):
        raise AppendOnlyError()


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError()
