"""Where uploads land and artifacts go: a local folder by default, S3 in production (s3_store.py).

Both stores speak in keys ("uploads/abc/listing.json") and report an ETag and a LastModified per
object, so the upload sensor and everything downstream are written once against `ObjectStore`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import dagster as dg
from pydantic import Field


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    etag: str
    last_modified: datetime
    size: int


class UnsafeKeyError(ValueError):
    """A key that would escape the store's root (absolute, `..`, or empty parts)."""


class ObjectStoreUnavailable(RuntimeError):
    """The store itself failed (credentials, permissions on the bucket, network, throttling,
    server errors), not one object in it: callers retry or stop, and never blame an upload.
    The message names the bucket, the operation and the cause; it never carries a secret."""


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
