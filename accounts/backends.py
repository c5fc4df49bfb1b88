"""Who is signed in, from the shared cache (登录用户).

Every page and API call of a signed-in user reads that user's row, to check the session against
the password and to know the role. The row changes seldom (a password, a role, an account made
inactive), so it is kept in the shared cache for SIGNED_IN_USER_CACHE_SECONDS and forgotten by
any save or delete of the user (ecoorigin.kept: now and on commit). Writes that bypass save()
(queryset.update) show within that time; the one that exists, the demo data's passwords,
forgets the users it changes. Off (0) where the cache is each process's own: a change seen by
one process would go unseen by the others.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from ecoorigin.kept import forget_now_and_on_commit
from ecoorigin.routers import on_primary


def _key(user_id) -> str:
    return f"accounts:signed-in-user:{user_id}"


class KeptUserBackend(ModelBackend):
    """Django's model backend; the signed-in user read from the cache between changes."""

    def get_user(self, user_id):
        seconds = settings.SIGNED_IN_USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        key = _key(user_id)
        user = cache.get(key)
        if user is None:
            model = get_user_model()
            try:
                # From the primary: a replica a moment behind a change (a password, an account
                # made inactive) would be kept after the change forgot the old row.
                with on_primary():
                    user = model._default_manager.get(pk=user_id)
            except model.DoesNotExist:
                return None
            cache.set(key, user, seconds)
        return user if self.user_can_authenticate(user) else None


def forget(*user_ids) -> None:
    """The kept rows of these users are stale."""
    cache.delete_many([_key(user_id) for user_id in user_ids])


def _changed(sender, instance, **_kwargs) -> None:
    forget_now_and_on_commit(lambda: forget(instance.pk))


def connect() -> None:
    """From AccountsConfig.ready, in every process."""
    model = get_user_model()
    post_save.connect(_changed, sender=model, dispatch_uid="accounts-kept-user-save")
    post_delete.connect(_changed, sender=model, dispatch_uid="accounts-kept-user-delete")
