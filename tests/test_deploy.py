"""Deployment contract: docker-compose.yml's shape and the production settings' safety checks.

The manage.py runs are subprocesses (settings are read once per process) whose database is a
throw-away SQLite file, so they can never touch a real database.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from ecoorigin.storage import storage_from_url

ROOT = Path(__file__).resolve().parent.parent
PORTAL_SERVICES = ("migrate", "web", "worker", "beat")
# Runs that end (their dependants wait for them to have completed), not services that stay up.
ONE_SHOT = ("migrate", "minio-bucket")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_exactly_these_services(compose):
    assert set(compose["services"]) == {
        "migrate",
        "web",
        "worker",
        "beat",
        "nginx",
        "postgres",
        "redis",
        "minio",
        "minio-bucket",
    }


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


def test_commands_are_migrate_once_gunicorn_worker_and_one_beat(compose):
    services = compose["services"]
    assert command_of(services["migrate"]) == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"
    # Replicas never migrate: they start once the one migrate run has finished.
    for name in ("web", "worker"):
        assert "migrate" not in command_of(services[name])
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert command_of(services["web"]).startswith("gunicorn ecoorigin.wsgi")
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
        assert test or name in ONE_SHOT, f"{name} has no healthcheck"
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services
            if dependency not in ONE_SHOT:
                assert condition == {"condition": "service_healthy"}, f"{name} → {dependency}"
    checks = {
        name: repr(service["healthcheck"]["test"])
        for name, service in services.items()
        if "healthcheck" in service
    }
    assert "/health/" in checks["web"]
    assert "inspect ping" in checks["worker"]
    assert "pg_isready" in checks["postgres"]
    assert "redis-cli" in checks["redis"]
    assert "/ping" in checks["nginx"]


def nginx_directives(text: str) -> list[str]:
    """deploy/nginx.conf's directives, one string each, without comments."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    text = " ".join(lines).replace("{", ";").replace("}", ";")
    return [" ".join(d.split()) for d in text.split(";") if d.strip()]


def test_nginx_in_front_of_scaled_web_nodes(compose):
    services = compose["services"]
    nginx = services["nginx"]
    assert nginx["image"].startswith("nginx:1.28")
    assert nginx["ports"] == ["${PORT:-8000}:80"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in nginx["volumes"]
    assert nginx["depends_on"] == {"web": {"condition": "service_healthy"}}
    # Only the proxy is published: the portal's processes are reached through it.
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["beat"]["deploy"]["replicas"] == 1
    # One proxy appends to X-Forwarded-For: the portal counts it.
    environment = services["web"]["environment"]
    assert environment["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-1}"

    directives = nginx_directives((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    # Docker's DNS, looked up again while running: replicas added or restarted are followed.
    assert "resolver 127.0.0.11 valid=10s ipv6=off" in directives
    assert "server web:8000 resolve" in directives
    assert "proxy_pass http://portal" in directives
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for" in directives
    assert "proxy_set_header X-Forwarded-Proto $forwarded_proto" in directives
    assert "proxy_set_header Host $http_host" in directives
    assert "gzip on" in directives
    # A form's 10 files of the portal's largest upload pass the proxy.
    size = next(d for d in directives if d.startswith("client_max_body_size "))
    assert size.endswith("m")
    assert int(size.split()[1][:-1]) * 2**20 > 10 * settings.UPLOAD_MAX_BYTES


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


def with_defaults(text: str) -> str:
    """`text` as docker compose reads it with only the required variables set (${NAME:?…}, to
    a value of their own name): ${NAME:-default} is the default."""
    text = re.sub(r"\$\{([A-Z_]+):\?[^}]*\}", lambda m: m[1].lower().replace("_", "-"), text)
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", text)


def test_files_live_in_the_minio_bucket(compose):
    services = compose["services"]
    minio, bucket = services["minio"], services["minio-bucket"]
    assert minio["image"].startswith("minio/minio:RELEASE.")
    assert command_of(minio) == "server /data"
    assert "minio-data:/data" in minio["volumes"]
    assert "minio-data" in compose["volumes"]
    assert minio["healthcheck"]["test"] == ["CMD", "mc", "ready", "local"]
    assert bucket["image"].startswith("minio/mc:RELEASE.")
    assert bucket["depends_on"] == {"minio": {"condition": "service_healthy"}}
    script = " ".join(bucket["entrypoint"])
    assert 'mc mb --ignore-existing "store/$$MINIO_BUCKET"' in script
    assert 'mc anonymous set none "store/$$MINIO_BUCKET"' in script
    # migrate waits for the bucket, and every other portal process for migrate.
    assert services["migrate"]["depends_on"]["minio-bucket"] == {
        "condition": "service_completed_successfully"
    }
    # The portal's STORAGE_URL names minio's bucket with minio's keys, whatever is set.
    root = minio["environment"]
    assert bucket["environment"]["MINIO_ROOT_USER"] == root["MINIO_ROOT_USER"]
    assert bucket["environment"]["MINIO_ROOT_PASSWORD"] == root["MINIO_ROOT_PASSWORD"]
    for name in PORTAL_SERVICES:
        url = services[name]["environment"]["STORAGE_URL"]
        assert root["MINIO_ROOT_USER"] in url and root["MINIO_ROOT_PASSWORD"] in url
        assert bucket["environment"]["MINIO_BUCKET"] in url
        options = storage_from_url(with_defaults(url))["OPTIONS"]
        assert options["endpoint_url"] == "http://minio:9000"
        assert options["bucket_name"] == with_defaults(bucket["environment"]["MINIO_BUCKET"])
        assert options["access_key"] == with_defaults(root["MINIO_ROOT_USER"])
        assert options["secret_key"] == with_defaults(root["MINIO_ROOT_PASSWORD"])
    # MinIO refuses a root password shorter than 8 characters.
    assert len(with_defaults(root["MINIO_ROOT_PASSWORD"])) >= 8


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


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_read_from_a_shared_cache_only(tmp_path, cache_url, engine):
    """With Redis (docker-compose.yml) a page reads who is signed in from the cache; a cache in
    each process's memory would keep a signed-out session alive in the other processes."""
    variables = {"CACHE_URL": cache_url} if cache_url else {}
    result = manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        **variables,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine


def test_postgres_plans_for_memory_and_ssd_as_the_bench_measures_it(compose):
    """random_page_cost 1.1, not the default 4 of spinning disks: make bench's database has the
    same settings, so that its figures are those of the deployed portal."""
    from bench.run import POSTGRES_SETTINGS

    command = compose["services"]["postgres"]["command"]
    assert command[0] == "postgres"
    settings_given = dict(
        pair.split("=", 1)
        for flag, pair in zip(command[1::2], command[2::2], strict=True)
        if flag == "-c"
    )
    assert settings_given == POSTGRES_SETTINGS
