"""证书查验 at national QR-scan load: the public answer about a certificate number, kept in the
cache, and forgotten when anything it shows changes (docs/adr/0026).

A scan reads the cache once (one round trip: the answer and its two tokens) and no database;
an anonymous visitor's scan is answered whole from the cache before the rest of the portal
runs (applications.middleware.VerificationFastPath).
Each kept answer carries the tokens that were current when its data was read: the number's own
token and a token for every answer. A change to what an answer shows deletes the token, on the
writer's commit, so an answer read before the change can never match again, even if a reader
that read the database just before the commit stores it just after (a plain delete of the
answer would let that reader put the old one back). A missing token (evicted, deleted, or
never made) is a miss, never a match.

What an answer shows and what forgets it (receivers of post_save and post_delete, so changes
through the admin count too):
- the case's state (valid, suspended, revoked, expired), the revocation reason and the date
  and reason of the suspension or revocation: a save of a case with a certificate;
- the certificate (its number, validity; its issue: an answer may say "no such certificate"):
  a save of the certificate;
- the enterprise's name: a save of the enterprise;
- the publicity batch it was published in: a save of its batch entry (withdrawal);
- names of bureaus and categories, batch titles: every answer (rare, reference data).
Answers also lapse after VERIFICATION_CACHE_SECONDS, which bounds what a write that bypasses
the models' signals (queryset.update, bulk_create) could leave behind; none of the portal's
writers of these fields does.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ecoorigin.names import pick

from .models import Certificate
from .public import certificate_for_verification, status_change
from .workflow import CERTIFIED_STATES

PREFIX = "verification:v1"
EVERY_ANSWER = f"{PREFIX}:token:*"
# A number that names no certificate is asked again soon (a typo, a forged label); its answer is
# forgotten when a certificate with that number is issued, so the lifetime only bounds memory.
UNKNOWN_SECONDS = 600
# What the views tell the fast path (applications.middleware) they answered for a number that
# names no certificate.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answer:
    """What anyone may know of a certificate (the page and the API show exactly this): never
    materials, contacts or anything else of the case."""

    number: str
    status: str
    product_name: str
    category_name: str
    category_name_en: str
    enterprise: str
    bureau_name: str
    bureau_name_en: str
    bureau_full_name: str
    bureau_full_name_en: str
    valid_from: date
    valid_until: date
    # The latest suspension or revocation, as announced: when, and the published reason.
    changed_at: datetime | None
    change_reason: str
    batch_number: str
    batch_title: str

    @property
    def status_label(self) -> str:
        return Certificate.Status(self.status).label

    @property
    def category(self) -> str:
        return pick(self.category_name, self.category_name_en)

    @property
    def bureau(self) -> str:
        return pick(self.bureau_name, self.bureau_name_en)

    @property
    def bureau_full(self) -> str:
        return pick(self.bureau_full_name, self.bureau_full_name_en)

    @property
    def changed_on(self) -> date | None:
        return timezone.localdate(self.changed_at) if self.changed_at else None


def normalized(number: str) -> str:
    return number.strip().upper()


def _digest(number: str) -> str:
    # Numbers are typed by anyone: a digest is a valid key for every cache backend.
    return hashlib.blake2b(number.encode(), digest_size=16).hexdigest()


def _answer_key(number: str) -> str:
    return f"{PREFIX}:answer:{_digest(number)}"


def _token_key(number: str) -> str:
    return f"{PREFIX}:token:{_digest(number)}"


def answer_for(*, number: str) -> Answer | None:
    """The public answer for `number` (None: no such certificate), from the cache when it is
    current, else read (public.certificate_for_verification) and kept."""
    number = normalized(number)
    key = _answer_key(number)
    found, answer, tokens = kept(key=key, number=number)
    if found:
        return answer
    answer = _read(number)
    keep(key=key, tokens=tokens, value=answer, lifetime=None if answer else UNKNOWN_SECONDS)
    return answer


def kept(*, key: str, number: str) -> tuple[bool, object, tuple]:
    """(found, value, tokens): the value kept under `key` for `number` if it is current. When it
    is not, `tokens` are those to keep a value under that is read after this call: they are
    taken before the database is read, so a change committed meanwhile deletes them
    afterwards and what is kept cannot outlive it."""
    token_key = _token_key(number)
    found = cache.get_many([key, token_key, EVERY_ANSWER])
    tokens = (found.get(EVERY_ANSWER), found.get(token_key))
    value = found.get(key)
    if value is not None and None not in tokens and value[0] == tokens:
        return True, value[1], tokens
    tokens = (tokens[0] or _new_token(EVERY_ANSWER), tokens[1] or _new_token(token_key))
    return False, None, tokens


def keep(*, key: str, tokens: tuple, value, lifetime: int | None = None) -> None:
    """Keep `value` (read after `kept` gave `tokens`) until a change forgets it, at most
    `lifetime` seconds (default VERIFICATION_CACHE_SECONDS)."""
    cache.set(key, (tokens, value), lifetime or settings.VERIFICATION_CACHE_SECONDS)


def response_key(*, kind: str, path: str, language: str) -> str:
    """Where a whole answer (page or API) to an anonymous visitor is kept: per address as asked
    (the page repeats it) and language."""
    return f"{PREFIX}:response:{kind}:{language}:{_digest(path)}"


def _new_token(key: str) -> str:
    token = secrets.token_hex(8)
    if cache.add(key, token, None):
        return token
    # Another reader made it first; if it is gone again, ours matches nothing: a miss later.
    return cache.get(key) or token


def _read(number: str) -> Answer | None:
    # publicity builds on applications; the batch is read through its selector, as the page
    # always showed it.
    from publicity.selectors import batch_of_certificate

    certificate = certificate_for_verification(number=number)
    if certificate is None:
        return None
    case = certificate.application
    change = status_change(certificate=certificate) or {}
    batch = batch_of_certificate(certificate)
    return Answer(
        number=certificate.number,
        status=certificate.status,
        product_name=case.product_name,
        category_name=case.category.name,
        category_name_en=case.category.name_en,
        enterprise=case.enterprise.name,
        bureau_name=case.bureau.name,
        bureau_name_en=case.bureau.name_en,
        bureau_full_name=case.bureau.full_name,
        bureau_full_name_en=case.bureau.full_name_en,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        changed_at=change.get("at"),
        change_reason=change.get("reason", ""),
        batch_number=batch.number if batch else "",
        batch_title=batch.title if batch else "",
    )


# ---------------------------------------------------------------- forgetting


def forget(*, numbers) -> None:
    """The answers for `numbers` are stale once the current transaction commits (at once
    outside one)."""
    keys = [_token_key(normalized(number)) for number in numbers]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_all() -> None:
    """Every answer is stale once the current transaction commits (reference data changed)."""
    transaction.on_commit(lambda: cache.delete(EVERY_ANSWER))


def _numbers_of(**lookup) -> list[str]:
    return list(Certificate.objects.filter(**lookup).values_list("number", flat=True))


def _case_changed(instance, **_kwargs) -> None:
    if instance.state in CERTIFIED_STATES:
        forget(numbers=_numbers_of(application_id=instance.pk))


def _certificate_changed(instance, **_kwargs) -> None:
    forget(numbers=[instance.number])


def _enterprise_changed(instance, update_fields=None, **_kwargs) -> None:
    if update_fields is not None and "name" not in update_fields:
        return
    forget(numbers=_numbers_of(application__enterprise_id=instance.pk))


def _entry_changed(instance, **_kwargs) -> None:
    forget(numbers=_numbers_of(application_id=instance.application_id))


def _reference_changed(**_kwargs) -> None:
    forget_all()


RECEIVERS = {
    "applications.Application": _case_changed,
    "applications.Certificate": _certificate_changed,
    "applications.Enterprise": _enterprise_changed,
    "publicity.BatchEntry": _entry_changed,
    "publicity.NoticeBatch": _reference_changed,
    "applications.ProductCategory": _reference_changed,
    "regions.Bureau": _reference_changed,
}


def _changed(sender, **kwargs) -> None:
    receiver = RECEIVERS.get(sender._meta.label)
    if receiver is not None:
        receiver(**kwargs)


def connect() -> None:
    """From ApplicationsConfig.ready, in every process (web, worker, beat): one receiver for
    every model, as regions.dashboard_cache, since publicity's models load after this app."""
    post_save.connect(_changed, dispatch_uid="applications-verification-save")
    post_delete.connect(_changed, dispatch_uid="applications-verification-delete")
