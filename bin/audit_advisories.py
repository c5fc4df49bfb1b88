"""Checks every pinned requirement against a local copy of the PyPA advisory database.

    .venv/bin/python bin/audit_advisories.py /path/to/advisory-database [requirements/*.txt]

`make audit` (pip-audit) asks PyPI or OSV over the network. Where neither answers (docs/security.md),
this reads the same advisories from a checkout of https://github.com/pypa/advisory-database
(`vulns/<package>/*.yaml`, the OSV format pip-audit's services serve) and reports each pin an
advisory affects. Withdrawn advisories are skipped. Exit status 1 when a pin is affected, 2 when
the database is missing. The answer is only as new as the checkout: say its date with the result.
"""

import re
import sys
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")
DEFAULT_REQUIREMENTS = ("requirements/base.txt", "requirements/dev.txt", "requirements/bench.txt")


def read_pins(paths) -> dict[str, str]:
    pins = {}
    for path in paths:
        for line in Path(path).read_text().splitlines():
            match = PIN.match(line.strip())
            if match:
                pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _in_range(version: Version, events: list[dict]) -> bool:
    """OSV ECOSYSTEM range: introduced/fixed/last_affected events in order."""
    introduced = None
    for event in events:
        if "introduced" in event:
            introduced = Version(event["introduced"])
        elif introduced is not None and "fixed" in event:
            if introduced <= version < Version(event["fixed"]):
                return True
            introduced = None
        elif introduced is not None and "last_affected" in event:
            if introduced <= version <= Version(event["last_affected"]):
                return True
            introduced = None
    return introduced is not None and version >= introduced


def affects(advisory: dict, name: str, pinned: str) -> bool:
    if advisory.get("withdrawn"):
        return False
    try:
        version = Version(pinned)
    except InvalidVersion:
        return False
    for affected in advisory.get("affected", []):
        if canonicalize_name(affected.get("package", {}).get("name", "")) != name:
            continue
        if pinned in (affected.get("versions") or []):
            return True
        for rng in affected.get("ranges", []):
            if rng.get("type") == "ECOSYSTEM" and _in_range(version, rng.get("events", [])):
                return True
    return False


def audit(database: Path, pins: dict[str, str]) -> list[tuple[str, str, str]]:
    """(package, pinned version, advisory id) for every pin an advisory affects."""
    folders = {canonicalize_name(folder.name): folder for folder in (database / "vulns").iterdir()}
    findings = []
    for name, pinned in sorted(pins.items()):
        folder = folders.get(name)
        if folder is None:
            continue
        for path in sorted(folder.glob("*.yaml")):
            advisory = yaml.safe_load(path.read_text())
            if affects(advisory, name, pinned):
                findings.append((name, pinned, advisory["id"]))
    return findings


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    database = Path(argv[0])
    if not (database / "vulns").is_dir():
        print(
            f"{database}: no vulns/ folder (a checkout of pypa/advisory-database)", file=sys.stderr
        )
        return 2
    pins = read_pins(argv[1:] or DEFAULT_REQUIREMENTS)
    findings = audit(database, pins)
    for name, pinned, advisory_id in findings:
        print(f"{name}=={pinned}: {advisory_id}")
    print(f"{len(pins)} pins checked, {len(findings)} affected")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
