"""Writes of the accounts app: the audit trail, API tokens and background jobs."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from ecoorigin.routers import replica_scope

from .authentication import token_lifetime
from .exceptions import UnknownJobKind
from .jobs import runner_for
from .models import AuditEntry, Job, User

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    changes: dict | None = None,
    source: str = "admin",
) -> AuditEntry:
    """Write one immutable audit row for a change to `instance`, named in the portal's language
    whichever language the actor reads (ecoorigin/names.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        object_repr = str(instance)[:200]
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=object_repr,
        changes=changes or {},
        source=source,
    )


def token_obtain(*, user: User) -> Token:
    """The user's API token: the one issued before, or a new one (a new key) once it has expired."""
    Token.objects.filter(user=user, created__lte=timezone.now() - token_lifetime()).delete()
    # get_or_create: of two sign-ins at once, the second gets the token the first created.
    return Token.objects.get_or_create(user=user)[0]


def token_revoke(*, user: User) -> None:
    """The user's API token no longer works (password changed, signed out through the API)."""
    Token.objects.filter(user=user).delete()


def job_start(*, owner: User, kind: str, params: dict | None = None) -> Job:
    """Create a job and queue it once the surrounding transaction has committed."""
    from .tasks import run_job

    if runner_for(kind) is None:
        raise UnknownJobKind()
    job = Job.objects.create(
        owner=owner, kind=kind, params=params or {}, language=translation.get_language() or ""
    )
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_set_progress(*, job: Job, percent: int) -> None:
    Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, percent)))


def job_run(*, job_id: int) -> None:
    """Run a queued job; a job already done is left alone, so a redelivered task is harmless."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status == Job.Status.DONE:
            return
        job.status = Job.Status.RUNNING
        job.error = ""
        job.save(update_fields=["status", "error"])
    runner = runner_for(job.kind)
    supported = dict(settings.LANGUAGES)
    language = job.language if job.language in supported else settings.LANGUAGE_CODE
    try:
        # An export reads the replica when there is one, the job's own rows the primary.
        with translation.override(language), replica_scope():
            filename, content = runner(
                job, lambda percent: job_set_progress(job=job, percent=percent)
            )
    except Exception as exc:
        # The job's page shows the failure; the traceback goes to the log, not to the user.
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    job.result_file.save(filename, ContentFile(content), save=False)
    job.status = Job.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["result_file", "status", "progress", "finished_at"])
