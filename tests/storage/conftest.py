"""Fixtures of the storage tests: the local S3 server (one per test session and xdist worker)
and, per test, a fresh bucket of it as the portal's default storage."""

from dataclasses import dataclass

import pytest

from ecoorigin.storage import storage_from_url

from . import s3server


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    program = s3server.executable()
    if program is None:
        pytest.skip(
            "the storage tests need moto's S3 server: moto_server is not installed "
            "(pip install -r requirements/dev.txt)"
        )
    with s3server.moto_server(program, log=tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


@dataclass
class ObjectStore:
    """The bucket the portal stores its files in during one test."""

    endpoint: str
    bucket: str

    def names(self) -> set[str]:
        listing = s3server.client(self.endpoint).list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, name: str) -> bytes:
        answer = s3server.client(self.endpoint).get_object(Bucket=self.bucket, Key=name)
        return answer["Body"].read()


@pytest.fixture
def object_store(s3_endpoint, settings) -> ObjectStore:
    """A new bucket as STORAGES["default"], configured from its STORAGE_URL as production is;
    Django forgets the storage it had when STORAGES changes (setting_changed)."""
    bucket = s3server.new_bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(s3server.storage_url(s3_endpoint, bucket)),
    }
    return ObjectStore(endpoint=s3_endpoint, bucket=bucket)
