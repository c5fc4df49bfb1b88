"""Where uploaded and generated files are kept: the local directory MEDIA_ROOT (the embedded
default), or an S3-compatible object store that every web node and worker shares, named by one
URL in STORAGE_URL (MinIO, Ceph, a cloud's object storage):

    s3://ACCESS_KEY:SECRET_KEY@HOST[:PORT]/BUCKET[/PREFIX][?region=…&secure=0&addressing=virtual]

HOST is the store's address; leave it out (s3://KEY:SECRET@/BUCKET) for AWS itself, and the keys
too for the machine's own AWS credentials. Keys with "/", "+", ":" or "@" are percent-encoded.
`secure=0` speaks plain HTTP to HOST (a store on the private network; default 1: HTTPS).
`region` defaults to us-east-1, what MinIO expects unless told otherwise. Addressing is by path
(http://HOST/BUCKET/NAME, as MinIO wants) unless `addressing=virtual` (a store that wants the
bucket in the host name). PREFIX keeps the portal's files under one folder of a shared bucket.

Files are private: downloads leave through the portal's own access-checked views (the read log
first), never by a public URL of the store."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
_FLAGS = {"1": True, "true": True, "0": False, "false": False}
_PARAMETERS = {"region", "secure", "addressing"}


def storage_from_url(url: str) -> dict:
    """STORAGES["default"] for a STORAGE_URL (the module's docstring gives its form)."""
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3://, not {parts.scheme}://")
    bucket, _, prefix = parts.path.strip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_URL names no bucket: s3://KEY:SECRET@HOST/BUCKET")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    unknown = set(query) - _PARAMETERS
    if unknown:
        raise ImproperlyConfigured(f"STORAGE_URL: unknown parameters {', '.join(sorted(unknown))}")
    secure = _FLAGS.get(query.get("secure", "1").lower())
    if secure is None:
        raise ImproperlyConfigured("STORAGE_URL: secure is 1 or 0")
    addressing = query.get("addressing", "path")
    if addressing not in ("path", "virtual"):
        raise ImproperlyConfigured("STORAGE_URL: addressing is path or virtual")
    # The host as written, port and IPv6 brackets included; the keys are before the "@".
    host = parts.netloc.rpartition("@")[2]
    options = {
        "bucket_name": bucket,
        "location": prefix,
        "region_name": query.get("region", "us-east-1"),
        "endpoint_url": f"{'https' if secure else 'http'}://{host}" if host else None,
        # No ACL on the objects: they are as private as the bucket (some stores refuse ACLs).
        "default_acl": None,
        # Signed links only, should anything ask the store for one; the portal serves files itself.
        "querystring_auth": True,
        "querystring_expire": 300,
        # A name is never reused: a second file of the same name gets a suffix, as on disk.
        "file_overwrite": False,
        "signature_version": "s3v4",
        "addressing_style": addressing,
        # A download is spooled in memory up to this size, on local disk beyond.
        "max_memory_size": 2 * 2**20,
    }
    if parts.username or parts.password:
        options["access_key"] = unquote(parts.username or "")
        options["secret_key"] = unquote(parts.password or "")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
