from celery import shared_task

from .services import job_run


@shared_task(acks_late=True)
def run_job(job_id: int) -> int:
    """Idempotent (a finished job is skipped), hence acks_late: a lost worker's job is redone."""
    job_run(job_id=job_id)
    return job_id
