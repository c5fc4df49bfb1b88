"""The kernel's waiting work (casework.todo): working days left on the Chinese calendar for
many deadlines in one query, the registry of sources (each part of the portal registers its
own; the kernel imports none), and the counts kept per user and source, dropped after the
user's own write through the pages they are written through (casework.middleware)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from casework import todo
from casework.deadlines import working_days_left
from casework.middleware import ForgetTodoCountsOnWrite
from casework.models import WorkingDayOverride
from regions.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

# A week in 2035 (beyond what chinesecalendar knows: Monday to Friday, and HQ's overrides).
MONDAY = date(2035, 3, 5)


def test_working_days_left_for_many_deadlines_in_one_query():
    WorkingDayOverride.objects.create(date=date(2035, 3, 7), is_working_day=False)  # Wednesday
    WorkingDayOverride.objects.create(date=date(2035, 3, 10), is_working_day=True)  # Saturday
    dates = [
        MONDAY,  # today
        date(2035, 3, 6),  # Tuesday
        date(2035, 3, 9),  # Friday: Tuesday, Thursday, Friday
        date(2035, 3, 12),  # next Monday: and the working Saturday, and Monday
        date(2035, 3, 2),  # last Friday: overdue since today
        date(2035, 2, 26),  # the Monday before: Tuesday … Friday, and today
        None,
    ]
    with CaptureQueriesContext(connection) as queries:
        left = working_days_left(dates, today=MONDAY)
    assert len(queries) == 1
    assert left == {
        MONDAY: 0,
        date(2035, 3, 6): 1,
        date(2035, 3, 9): 3,
        date(2035, 3, 12): 5,
        date(2035, 3, 2): -1,
        date(2035, 2, 26): -5,
    }


def test_a_deadline_passed_before_a_weekend_is_overdue_on_the_weekend():
    sunday = date(2035, 3, 4)
    assert working_days_left([date(2035, 3, 2)], today=sunday) == {date(2035, 3, 2): -1}


def test_no_deadline_reads_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert working_days_left([None], today=MONDAY) == {}
    assert len(queries) == 0


class Source(todo.TodoSource):
    code = "ecoorigin"


def test_a_source_is_registered_once():
    with pytest.raises(ValueError):
        todo.register(Source())


def test_the_sources_are_in_their_order_and_their_kinds_unique_for_every_role():
    assert [source.code for source in todo.sources()] == [
        "ecoorigin",
        "publicity",
        "supervision",
        "supervision.rectifications",
        "demonstration",
        "pilotzones",
        "risk",
        "liaison",
        "regions.checks",
        "experts",
        "cooperation",
    ]
    people = [
        factories.hq(username="t-hq"),
        factories.bureau_staff("chongqing", username="t-lead"),
        factories.bureau_staff("hubei", username="t-clerk"),
        factories.enterprise_staff(username="t-ent"),
        factories.agency_staff(username="t-agency"),
        factories.inspector("beijing", username="t-inspector"),
    ]
    for person in people:
        codes = [kind.code for _source, kind in todo.kinds_for(person)]
        assert codes, person.username
        assert len(codes) == len(set(codes)), person.username
        # Every kind is counted, and only kinds the user has.
        assert set(todo.counts_for(person, fresh=True)) == set(codes), person.username


def test_the_counts_are_kept_per_user_until_the_users_own_write():
    clerk = factories.bureau_staff("hubei", username="t-clerk")
    other = factories.bureau_staff("beijing", username="t-other")
    todo.counts_for(clerk)
    todo.counts_for(other)
    with CaptureQueriesContext(connection) as kept:
        todo.counts_for(clerk)
    assert len(kept) == 0
    request = RequestFactory().post("/anything/")
    request.user = clerk
    ForgetTodoCountsOnWrite(lambda r: None)(request)
    assert cache.get(todo._key(clerk)) is None
    assert cache.get(todo._key(other)) is not None
    # A read forgets nothing.
    todo.counts_for(clerk)
    request = RequestFactory().get("/anything/")
    request.user = clerk
    ForgetTodoCountsOnWrite(lambda r: None)(request)
    assert cache.get(todo._key(clerk)) is not None


def written(user, path: str) -> None:
    """The user's POST to `path`, through the middleware (resolved as the portal resolves it)."""
    from django.urls import resolve

    request = RequestFactory().post(path)
    request.user = user
    request.resolver_match = resolve(path)
    ForgetTodoCountsOnWrite(lambda r: None)(request)


def sources_counted(user) -> set[str]:
    """Which sources `user`'s next counts_for counts again."""
    calls: list[str] = []
    originals = {}
    for source in todo.sources():
        originals[source] = source.counts

        def counting(u, source=source):
            calls.append(source.code)
            return originals[source](u)

        source.counts = counting
    try:
        todo.counts_for(user)
    finally:
        for source, original in originals.items():
            source.counts = original
    return set(calls)


def test_a_write_counts_again_only_the_sources_written_through_its_pages():
    clerk = factories.bureau_staff("hubei", username="t-clerk")
    everything = sources_counted(clerk)
    assert {"ecoorigin", "supervision", "demonstration", "risk", "liaison"} <= everything
    undeclared = {s.code for s in todo.sources() if not s.written_through} & everything
    # 受理 through the case pages: the cases counted again, and the sources that name no pages.
    written(clerk, "/cases/1/do/accept/")
    assert sources_counted(clerk) == undeclared
    assert "ecoorigin" in undeclared and "demonstration" not in undeclared
    # A write through the demonstration pages: its own counts too.
    written(clerk, "/demonstration/new/")
    assert sources_counted(clerk) == undeclared | {"demonstration"}
    # A write with no namespace (the API, the language switch): every source's.
    written(clerk, "/api/v1/applications/")
    assert sources_counted(clerk) == everything
    assert sources_counted(clerk) == set()


def test_a_source_kept_past_its_time_is_counted_again_whatever_the_writes(time_machine):
    clerk = factories.bureau_staff("hubei", username="t-clerk")
    time_machine.move_to("2035-03-05 09:00:00+08:00", tick=False)
    everything = sources_counted(clerk)
    time_machine.move_to("2035-03-05 09:00:20+08:00", tick=False)
    written(clerk, "/cases/1/do/accept/")  # the cases now; the key is kept another 30 s
    sources_counted(clerk)
    time_machine.move_to(f"2035-03-05 09:00:{todo.CACHE_SECONDS:02d}+08:00", tick=False)
    assert sources_counted(clerk) == everything - {
        s.code for s in todo.sources() if not s.written_through
    }


def test_every_count_a_page_names_is_a_kind_someone_has():
    """TodoSource.context_names: a name bound to a code no kind has would be 0 on every page."""
    people = [
        factories.bureau_staff("hubei", username="n-clerk"),
        factories.enterprise_staff(username="n-ent"),
        factories.organisation_staff(
            factories.OrganisationFactory(kind=Organisation.Kind.LOCAL_GOVERNMENT),
            username="n-gov",
        ),
    ]
    codes = {kind.code for person in people for _source, kind in todo.kinds_for(person)}
    named = {
        code: source.code for source in todo.sources() for code in source.context_names.values()
    }
    assert named, "no source names a count"
    assert set(named) <= codes, set(named) - codes
