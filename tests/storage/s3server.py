"""A local S3-compatible server for tests: moto's `moto_server`, a process of its own on a free
port of 127.0.0.1, spoken to over HTTP like any object store (nothing is mocked in Python)."""

import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import boto3
from botocore.config import Config

# moto accepts any keys; these only have to be the same on both sides.
ACCESS_KEY, SECRET_KEY = "storage-test", "storage-test-secret"


def executable() -> str | None:
    """moto_server beside this Python (the virtualenv's bin/, often not on PATH), else on PATH."""
    beside = Path(sys.executable).parent / "moto_server"
    return str(beside) if beside.is_file() else shutil.which("moto_server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def moto_server(program: str, *, log: Path):
    """Start `program` on a free port; yield its endpoint (http://127.0.0.1:PORT) once it
    accepts connections; stop it afterwards."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [program, "-H", "127.0.0.1", "-p", str(port)], stdout=output, stderr=output
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited: {log.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not listen within 30 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client(endpoint: str):
    """A boto3 S3 client of the server, to look at the bucket behind the portal's back."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def new_bucket(endpoint: str) -> str:
    name = f"media-{uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def storage_url(endpoint: str, bucket: str) -> str:
    """The STORAGE_URL of `bucket` on the server (ecoorigin.storage)."""
    host = endpoint.removeprefix("http://")
    return f"s3://{ACCESS_KEY}:{SECRET_KEY}@{host}/{bucket}?secure=0"
