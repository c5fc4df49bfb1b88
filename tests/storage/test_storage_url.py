"""STORAGE_URL: the object store the portal keeps its files in, one URL (ecoorigin.storage);
without it, files stay under MEDIA_ROOT as in the embedded default."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ecoorigin.storage import S3_BACKEND, storage_from_url


def test_a_minio_url_gives_a_private_s3_storage_by_path():
    storage = storage_from_url(
        "s3://portal:s3cr%2Ft%2Bkey@minio:9000/ecoorigin-media?region=cn-north-1&secure=0"
    )
    assert storage["BACKEND"] == S3_BACKEND == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "ecoorigin-media"
    assert options["location"] == ""
    assert options["endpoint_url"] == "http://minio:9000"
    assert (options["access_key"], options["secret_key"]) == ("portal", "s3cr/t+key")
    assert options["region_name"] == "cn-north-1"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["signature_version"] == "s3v4"
    assert options["addressing_style"] == "path"


def test_https_us_east_1_and_path_addressing_unless_told_otherwise():
    options = storage_from_url("s3://key:secret@oss.example.cn/bucket/portal/media")["OPTIONS"]
    assert options["endpoint_url"] == "https://oss.example.cn"
    assert options["region_name"] == "us-east-1"
    assert options["addressing_style"] == "path"
    # A folder of a shared bucket.
    assert (options["bucket_name"], options["location"]) == ("bucket", "portal/media")
    virtual = storage_from_url("s3://key:secret@oss.example.cn/bucket?addressing=virtual")
    assert virtual["OPTIONS"]["addressing_style"] == "virtual"


def test_without_a_host_it_is_aws_and_without_keys_the_machines_credentials():
    options = storage_from_url("s3://@/bucket?region=cn-northwest-1")["OPTIONS"]
    assert options["endpoint_url"] is None
    assert "access_key" not in options and "secret_key" not in options
    options = storage_from_url("s3://key:secret@/bucket")["OPTIONS"]
    assert options["endpoint_url"] is None
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("https://key:secret@minio:9000/bucket", "s3://"),
        ("s3://key:secret@minio:9000/", "bucket"),
        ("s3://key:secret@minio:9000/bucket?secure=no", "secure"),
        ("s3://key:secret@minio:9000/bucket?addressing=dns", "addressing"),
        ("s3://key:secret@minio:9000/bucket?regoin=cn", "regoin"),
    ],
)
def test_a_wrong_url_stops_the_start(url, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        storage_from_url(url)


def configured(**variables) -> str:
    """STORAGES["default"]'s backend and the health checks, as a fresh process reads them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "STORAGE_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="ecoorigin.settings", **variables)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from ecoorigin import urls; "
        "print(settings.STORAGES['default']['BACKEND'], *urls.health_checks)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_the_embedded_default_keeps_files_under_media_root():
    output = configured()
    assert output.split()[0] == "django.core.files.storage.FileSystemStorage"
    assert "Storage" not in output.split(maxsplit=1)[1]


def test_storage_url_puts_files_in_the_object_store_and_health_checks_it():
    output = configured(STORAGE_URL="s3://key:secret@minio:9000/media?secure=0")
    assert output.split()[0] == S3_BACKEND
    assert "health_check.checks.Storage" in output.split()
