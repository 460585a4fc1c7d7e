"""Where uploads land and artifacts go: a local folder by default, S3 in production.

Both stores speak in keys ("uploads/abc/listing.json") and report an ETag and a LastModified per
object, so the upload sensor and everything downstream are written once against `ObjectStore`.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol

import dagster as dg
from dagster_aws.s3 import S3Resource
from dagster_aws.s3.sensor import get_objects
from pydantic import Field


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    etag: str
    last_modified: datetime
    size: int


class UnsafeKeyError(ValueError):
    """A key that would escape the store's root (absolute, `..`, or empty parts)."""


class ObjectStore(Protocol):
    def list_objects(self, prefix: str, since: datetime | None = None) -> list[ObjectInfo]:
        """Objects under `prefix` modified at or after `since`, oldest first (ties by key)."""
        ...

    def get_bytes(self, key: str) -> bytes: ...
    def put_bytes(self, key: str, data: bytes, content_type: str | None = None) -> str: ...
    def exists(self, key: str) -> bool: ...
    def uri(self, key: str) -> str: ...


def check_key(key: str) -> str:
    """Reject keys that could address anything outside the store, whatever the backend."""
    parts = key.split("/")
    if not key or key.startswith("/") or "\\" in key or any(p in ("", ".", "..") for p in parts):
        raise UnsafeKeyError(f"unsafe object key {key!r}")
    return key


class LocalObjectStore(dg.ConfigurableResource):
    """A folder on local disk laid out exactly like the S3 bucket (keys are relative paths)."""

    root: str = Field(description="Folder that plays the role of the bucket.")

    def _path(self, key: str) -> Path:
        root = Path(self.root).resolve()
        path = (root / check_key(key)).resolve()
        # A symlink inside the landing zone could still point outside it.
        if root != path and root not in path.parents:
            raise UnsafeKeyError(f"object key {key!r} resolves outside {root}")
        return path

    def list_objects(self, prefix: str, since: datetime | None = None) -> list[ObjectInfo]:
        root = Path(self.root).resolve()
        base = root / prefix if prefix else root
        found: list[ObjectInfo] = []
        if not base.exists():
            return found
        for dirpath, _dirnames, filenames in os.walk(base):
            for name in filenames:
                if name.startswith(".") or name.endswith(".partial"):
                    continue  # in-flight writes are not objects yet
                path = Path(dirpath) / name
                stat = path.stat()
                modified = datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc)
                if since is not None and modified < since:
                    continue
                found.append(
                    ObjectInfo(
                        key=path.relative_to(root).as_posix(),
                        etag=_file_md5(path),
                        last_modified=modified,
                        size=stat.st_size,
                    )
                )
        return sorted(found, key=lambda info: (info.last_modified, info.key))

    def get_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def put_bytes(self, key: str, data: bytes, content_type: str | None = None) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half an object.
        tmp = path.with_name(path.name + ".partial")
        tmp.write_bytes(data)
        tmp.replace(path)
        return hashlib.md5(data).hexdigest()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def uri(self, key: str) -> str:
        return self._path(key).as_uri()


def _file_md5(path: Path) -> str:
    # S3's ETag for a single-part upload is the MD5 of the body; mirroring it keeps run keys
    # comparable between the two stores.
    digest = hashlib.md5()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


def _client_for(s3: S3Resource):
    """One boto3 client per S3Resource configuration: `S3Resource.get_client()` builds a new
    client (loading the service model, ~0.3 s) on every call, which dominated a run's time."""
    key = s3.model_dump_json()
    with _CLIENTS_LOCK:
        if key not in _CLIENTS:
            _CLIENTS[key] = s3.get_client()
        return _CLIENTS[key]


class S3ObjectStore(dg.ConfigurableResource):
    """An S3 bucket (and key prefix) reached through dagster-aws's S3Resource."""

    s3: S3Resource
    bucket: str
    prefix: str = ""

    def client(self):
        return _client_for(self.s3)

    def _full(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix.rstrip('/')}/{key}" if self.prefix else key

    def _strip(self, full_key: str) -> str:
        return full_key[len(self.prefix.rstrip("/")) + 1 :] if self.prefix else full_key

    def list_objects(self, prefix: str, since: datetime | None = None) -> list[ObjectInfo]:
        full_prefix = self._full(prefix.rstrip("/")) + "/" if prefix else (self.prefix or "")
        # get_objects' bound is exclusive; step back a microsecond so objects stamped exactly at
        # `since` (S3 has one-second resolution) come back and the caller decides on them.
        objects = get_objects(
            bucket=self.bucket,
            prefix=full_prefix,
            since_last_modified=since - timedelta(microseconds=1) if since else None,
            client=self.client(),
        )
        found = [
            ObjectInfo(
                key=self._strip(obj["Key"]),
                etag=obj["ETag"].strip('"'),
                last_modified=obj["LastModified"],
                size=obj["Size"],
            )
            for obj in objects
        ]
        return sorted(found, key=lambda info: (info.last_modified, info.key))

    def get_bytes(self, key: str) -> bytes:
        response = self.client().get_object(Bucket=self.bucket, Key=self._full(key))
        return response["Body"].read()

    def put_bytes(self, key: str, data: bytes, content_type: str | None = None) -> str:
        extra = {"ContentType": content_type} if content_type else {}
        response = self.client().put_object(
            Bucket=self.bucket, Key=self._full(key), Body=data, **extra
        )
        return response["ETag"].strip('"')

    def exists(self, key: str) -> bool:
        client = self.client()
        try:
            client.head_object(Bucket=self.bucket, Key=self._full(key))
        except client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._full(key)}"
