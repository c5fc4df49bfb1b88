"""Registry of background job kinds.

A kind is a function `(job, progress) -> (filename, bytes)` registered with `@job_kind("name")`;
`progress(percent)` records how far it is, for the job's page. Apps register their kinds in
their own `jobs.py`, imported by their AppConfig.ready().
"""

from collections.abc import Callable

JobRunner = Callable[..., tuple[str, bytes]]

_KINDS: dict[str, tuple[JobRunner, str]] = {}


def job_kind(name: str, *, label: str):
    def register(func: JobRunner) -> JobRunner:
        _KINDS[name] = (func, label)
        return func

    return register


def runner_for(name: str) -> JobRunner | None:
    entry = _KINDS.get(name)
    return entry[0] if entry else None


def label_for(name: str) -> str:
    entry = _KINDS.get(name)
    return entry[1] if entry else name
