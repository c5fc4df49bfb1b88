"""Deployment contract: docker-compose.yml's shape and the production settings' safety checks.

The manage.py runs are subprocesses (settings are read once per process) whose database is a
throw-away SQLite file, so they can never touch a real database.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PORTAL_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_exactly_the_five_services(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "postgres", "redis"}


def test_web_worker_and_beat_run_one_image_built_from_the_dockerfile(compose):
    services = compose["services"]
    builds = {repr(services[name].get("build")) for name in PORTAL_SERVICES}
    images = {services[name].get("image") for name in PORTAL_SERVICES}
    assert len(builds) == 1
    assert len(images) == 1
    assert services["web"].get("build") in (".", {"context": "."})
    assert (ROOT / "Dockerfile").is_file()
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")


def test_commands_are_gunicorn_worker_and_one_beat(compose):
    services = compose["services"]
    web = command_of(services["web"])
    assert "manage.py migrate --noinput" in web
    assert web.index("migrate") < web.index("gunicorn ecoorigin.wsgi")
    assert "celery -A ecoorigin worker" in command_of(services["worker"])
    assert "celery -A ecoorigin beat" in command_of(services["beat"])
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    for name, service in services.items():
        if name != "beat":
            assert " beat" not in command_of(service), f"{name} must not run a second beat"
        assert "-B" not in command_of(service).split(), f"{name}: embedded beat (-B)"


def test_every_service_has_a_healthcheck_and_waits_for_healthy_dependencies(compose):
    services = compose["services"]
    for name, service in services.items():
        test = service.get("healthcheck", {}).get("test")
        assert test, f"{name} has no healthcheck"
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services
            assert condition == {"condition": "service_healthy"}, f"{name} → {dependency}"
    checks = {name: repr(services[name]["healthcheck"]["test"]) for name in services}
    assert "/health/" in checks["web"]
    assert "inspect ping" in checks["worker"]
    assert "pg_isready" in checks["postgres"]
    assert "redis-cli" in checks["redis"]


def test_portal_environment_is_production(compose):
    for name in PORTAL_SERVICES:
        environment = compose["services"][name]["environment"]
        assert str(environment["DJANGO_DEBUG"]) == "0"
        assert environment["DJANGO_SECRET_KEY"] == "${DJANGO_SECRET_KEY:?set it}"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert environment["CACHE_URL"].startswith("redis://redis:")
        for variable in ("DJANGO_ALLOWED_HOSTS", "DJANGO_SECURE_SSL_REDIRECT"):
            assert variable in environment
    assert "postgres-data" in compose["volumes"]
    assert "media" in compose["volumes"]


def test_dockerfile_builds_one_non_root_image():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "gettext"):
        assert package in dockerfile
    assert "pip install -r requirements/base.txt" in dockerfile
    assert "compilemessages" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER app" in dockerfile
    assert "\nEXPOSE 8000" in dockerfile
    assert 'CMD ["gunicorn", "ecoorigin.wsgi"' in dockerfile
    # The build-only key lives on the RUN line, never in the image's environment.
    assert "ENV DJANGO_SECRET_KEY" not in dockerfile
    assert "ARG DJANGO_SECRET_KEY" not in dockerfile


def manage(tmp_path, *args, **variables) -> subprocess.CompletedProcess:
    """Run manage.py in a clean process on a temporary SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "DATABASE_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ecoorigin.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        DATA_DIR=str(tmp_path / "data"),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.example.cn",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage(tmp_path, "check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_seed_demo_refuses_in_production(tmp_path):
    result = manage(
        tmp_path,
        "seed_demo",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.example.cn",
    )
    assert result.returncode != 0
    assert "seed_demo refuses" in result.stderr
    assert "DEBUG" in result.stderr
    database = tmp_path / "deploy-check.sqlite3"
    assert not database.exists() or database.stat().st_size == 0
