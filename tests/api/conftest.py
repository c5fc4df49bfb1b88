"""The fuzz run's summary: operations × callers × examples, workflows, and how many failed."""

from collections import Counter

# Cases sent, by (operation, caller) in test_api and (operation, "workflow") in the workflows;
# counted by tests/api/test_fuzz.py.
REQUESTS: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if not REQUESTS:
        return
    from .test_fuzz import EXAMPLES

    reports = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call" and "test_fuzz.py::" in report.nodeid
    ]
    single = [r for r in reports if "::test_api[" in r.nodeid]
    workflows = [r for r in reports if "::test_api_workflows[" in r.nodeid]
    operations = {r.nodeid.split("[", 1)[1].split("]", 1)[0] for r in single}
    callers = {r.nodeid.rsplit("[", 1)[1].rstrip("]") for r in reports}
    sent = sum(n for (_operation, caller), n in REQUESTS.items() if caller != "workflow")
    steps = sum(n for (_operation, caller), n in REQUESTS.items() if caller == "workflow")
    terminalreporter.write_line(
        f"fuzz: {len(operations)} operations × {len(callers)} callers, up to {EXAMPLES} generated "
        f"examples each (plus schemathesis' examples and coverage cases): {len(single)} tests, "
        f"{sent} cases sent, {sum(r.failed for r in single)} failed; workflows: "
        f"{len(workflows)} tests, {steps} calls, {sum(r.failed for r in workflows)} failed"
    )
