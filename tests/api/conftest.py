"""The fuzz run's summary line: operations × callers × examples, and how many failed."""

from collections import Counter

# Cases sent per test (one operation as one caller), counted by tests/api/test_fuzz.py.
REQUESTS: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if not REQUESTS:
        return
    reports = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call" and "test_fuzz.py::test_api[" in report.nodeid
    ]
    operations = {report.nodeid.split("[", 1)[1].split("]", 1)[0] for report in reports}
    callers = {report.nodeid.rsplit("[", 1)[1].rstrip("]") for report in reports}
    failed = sum(report.failed for report in reports)
    from .test_fuzz import EXAMPLES

    terminalreporter.write_line(
        f"fuzz: {len(operations)} operations × {len(callers)} callers, up to {EXAMPLES} "
        f"generated examples each (plus schemathesis' coverage cases): {len(reports)} tests, "
        f"{sum(REQUESTS.values())} cases sent, {failed} failed"
    )
