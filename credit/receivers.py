"""Recompute the grades of enterprises whose facts a programme changed (casework.credit):
the signal is sent once the write has committed; the task runs in the background."""

from django.dispatch import receiver

from casework.credit import credit_facts_changed


@receiver(credit_facts_changed, dispatch_uid="credit.recompute_on_facts_changed")
def recompute_on_facts_changed(sender, usccs, **kwargs):
    from . import tasks

    tasks.recompute_grades.delay(list(usccs))
