"""bin/audit_advisories.py: the offline fallback of `make audit` (docs/security.md)."""

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit_advisories", ROOT / "bin/audit_advisories.py")
audit_advisories = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_advisories)


def advisory(folder: Path, advisory_id: str, package: str, **affected) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = {"id": advisory_id, "affected": [{"package": {"name": package, "ecosystem": "PyPI"}}]}
    withdrawn = affected.pop("withdrawn", None)
    if withdrawn:
        body["withdrawn"] = withdrawn
    body["affected"][0].update(affected)
    (folder / f"{advisory_id}.yaml").write_text(yaml.safe_dump(body))


def test_reports_pins_in_a_listed_version_or_an_open_range_and_skips_the_rest(tmp_path):
    db = tmp_path / "db"
    vulns = db / "vulns"
    advisory(vulns / "Django", "PYSEC-1", "django", versions=["5.2.1", "5.2.2"])
    advisory(vulns / "django", "PYSEC-2", "Django", ranges=[{"type": "ECOSYSTEM", "events": [
        {"introduced": "5.2"}, {"fixed": "5.2.20"}]}])  # fmt: skip
    advisory(vulns / "django", "PYSEC-3", "django", ranges=[{"type": "ECOSYSTEM", "events": [
        {"introduced": "4.0"}, {"fixed": "4.2.9"}]}])  # fmt: skip
    advisory(vulns / "redis", "PYSEC-4", "redis", withdrawn="2023-06-06",
             ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}])  # fmt: skip
    advisory(vulns / "celery", "PYSEC-5", "celery", ranges=[{"type": "ECOSYSTEM", "events": [
        {"introduced": "0"}, {"last_affected": "5.7.0"}]}])  # fmt: skip
    advisory(vulns / "kombu", "PYSEC-6", "kombu", ranges=[{"type": "ECOSYSTEM", "events": [
        {"introduced": "5.0"}]}])  # fmt: skip
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# pins\ndjango==5.2.19\nredis==8.1.0\ncelery==5.7.0\nkombu==5.7.0\n"
        "psycopg[binary]==3.2.0 ; python_version >= '3.11'\n"
    )
    pins = audit_advisories.read_pins([requirements])
    assert pins == {"django": "5.2.19", "redis": "8.1.0", "celery": "5.7.0", "kombu": "5.7.0",
                    "psycopg": "3.2.0"}  # fmt: skip
    assert audit_advisories.audit(db, pins) == [
        ("celery", "5.7.0", "PYSEC-5"),
        ("django", "5.2.19", "PYSEC-2"),
        ("kombu", "5.7.0", "PYSEC-6"),
    ]
    assert audit_advisories.main([str(db), str(requirements)]) == 1

    requirements.write_text("django==5.2.20\nredis==8.1.0\n")
    assert audit_advisories.main([str(db), str(requirements)]) == 0


def test_refuses_a_folder_that_is_not_the_database(tmp_path):
    assert audit_advisories.main([str(tmp_path)]) == 2
