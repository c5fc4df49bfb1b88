"""Celery's process-wide "inside a task" flag after two threads' eager tasks interleave (the race
tests queue tasks from threads): tests/conftest.py's `_results_joinable` clears it for the
next test, which may wait for a real worker's result (tests/integration)."""

from celery._state import task_join_will_block
from celery.result import allow_join_result, denied_join_result


def interleaved_eager_tasks():
    """What two threads do when each queues an eager task (Task.apply_async enters
    denied_join_result) and the first finishes while the second runs."""
    first, second = denied_join_result(), denied_join_result()
    first.__enter__()
    second.__enter__()  # finds the flag set by the first, and will put that back
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)


def test_interleaved_eager_tasks_leave_the_flag_set():
    with allow_join_result():
        interleaved_eager_tasks()
        assert task_join_will_block()  # what broke the integration tests after the race tests


def test_the_fixture_leaves_the_next_test_the_flag_clear(request):
    assert "_results_joinable" in request.fixturenames  # every test runs inside it
    with allow_join_result():  # as that fixture wraps each test
        interleaved_eager_tasks()
    assert not task_join_will_block()
