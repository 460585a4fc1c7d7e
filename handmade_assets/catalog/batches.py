"""Upload batches: which uploads one run processes, found by the sensor and kept as a manifest.

A batch's id hashes its (key, ETag) pairs, so the same uploads always make the same batch and
run key (nothing runs twice), while a re-uploaded listing (new ETag) makes a new one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from pydantic import BaseModel

from handmade_assets.services.object_store import ObjectInfo, ObjectStore

UPLOADS_PREFIX = "uploads"
METADATA_FILE = "listing.json"
MANIFEST_PREFIX = "batches"


class UploadRef(BaseModel):
    upload_id: str
    metadata_key: str
    etag: str
    last_modified: datetime


class UploadBatch(BaseModel):
    batch_id: str
    uploads: list[UploadRef]


class SensorCursor(BaseModel):
    """The newest LastModified seen and every key seen at exactly that instant.

    Keeping the keys matters: an upload stamped with the same instant as the cursor, but listed
    only on a later tick, would otherwise be skipped for good.
    """

    last_modified: datetime | None = None
    keys_at_last_modified: list[str] = []
    # ETags of those keys: a listing re-uploaded within the same second (S3's resolution) has a
    # new ETag and must run again. Cursors written before this field skip by key alone.
    etags_at_last_modified: dict[str, str] = {}

    @classmethod
    def parse(cls, raw: str | None) -> SensorCursor:
        return cls.model_validate_json(raw) if raw else cls()


def is_upload_metadata(key: str) -> bool:
    parts = key.split("/")
    return len(parts) == 3 and parts[0] == UPLOADS_PREFIX and parts[2] == METADATA_FILE


def new_uploads(objects: list[ObjectInfo], cursor: SensorCursor) -> list[UploadRef]:
    """The metadata objects not yet seen, oldest first."""
    seen_at_cursor = set(cursor.keys_at_last_modified)
    fresh = []
    for info in sorted(objects, key=lambda o: (o.last_modified, o.key)):
        if not is_upload_metadata(info.key):
            continue
        if cursor.last_modified is not None:
            if info.last_modified < cursor.last_modified:
                continue
            if info.last_modified == cursor.last_modified and info.key in seen_at_cursor:
                seen_etag = cursor.etags_at_last_modified.get(info.key)
                if seen_etag is None or seen_etag == info.etag:
                    continue
        fresh.append(
            UploadRef(
                upload_id=info.key.split("/")[1],
                metadata_key=info.key,
                etag=info.etag,
                last_modified=info.last_modified,
            )
        )
    return fresh


def advance_cursor(cursor: SensorCursor, taken: list[UploadRef]) -> SensorCursor:
    if not taken:
        return cursor
    newest = max(ref.last_modified for ref in taken)
    at_newest = {ref.metadata_key for ref in taken if ref.last_modified == newest}
    etags = {ref.metadata_key: ref.etag for ref in taken if ref.last_modified == newest}
    if cursor.last_modified == newest:
        at_newest |= set(cursor.keys_at_last_modified)
        etags = {**cursor.etags_at_last_modified, **etags}
    return SensorCursor(last_modified=newest, keys_at_last_modified=sorted(at_newest),
                        etags_at_last_modified=dict(sorted(etags.items())))


def make_batch(uploads: list[UploadRef]) -> UploadBatch:
    digest = hashlib.sha256()
    for ref in sorted(uploads, key=lambda r: r.metadata_key):
        digest.update(f"{ref.metadata_key}\0{ref.etag}\n".encode())
    # No timestamp in the id: the same bytes written again later must map to the same run key.
    return UploadBatch(batch_id=f"batch-{digest.hexdigest()[:16]}", uploads=uploads)


def manifest_key(batch_id: str) -> str:
    return f"{MANIFEST_PREFIX}/{batch_id}.json"


def write_manifest(store: ObjectStore, batch: UploadBatch) -> str:
    key = manifest_key(batch.batch_id)
    store.put_bytes(key, batch.model_dump_json(indent=1).encode(), "application/json")
    return key


def read_manifest(store: ObjectStore, batch_id: str) -> UploadBatch:
    return UploadBatch.model_validate(json.loads(store.get_bytes(manifest_key(batch_id))))
