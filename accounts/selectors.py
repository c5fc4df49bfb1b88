from django.db.models import QuerySet

from .models import Job


def jobs_of(*, user) -> QuerySet[Job]:
    """A user's own background jobs, newest first; nobody sees another's."""
    return Job.objects.filter(owner=user)
