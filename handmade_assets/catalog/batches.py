"""Upload batches: which uploads one run processes, found by the sensor and kept as a manifest.

A batch's id hashes its (key, ETag) pairs, so the same uploads always make the same batch and
run key (nothing runs twice), while a re-uploaded listing (new ETag) makes a new one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from handmade_assets.catalog.validation import RawUpload, UploadRejected, parse_metadata
from handmade_assets.services.object_store import ObjectInfo, ObjectStore, ObjectStoreUnavailable

UPLOADS_PREFIX = "uploads"
METADATA_FILE = "listing.json"
MANIFEST_PREFIX = "batches"
# How long an upload may stay incomplete (photos still arriving after listing.json, or photos
# without listing.json) before it is processed anyway and rejected with what is missing.
DEFAULT_GRACE = timedelta(minutes=10)


class UploadRef(BaseModel):
    upload_id: str
    metadata_key: str
    etag: str
    last_modified: datetime
    # Places (0-based) in listing.json's photos of those still absent when its grace period ran
    # out; never their file names, which may name a person and would be kept in the manifest.
    # Part of the batch id: once the photos are there, the same listing.json runs again.
    missing_photos: list[int] = []


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
    # Uploads whose listing.json came but not yet all its photos, within their grace period.
    waiting: list[UploadRef] = []
    # Upload folders holding objects but no listing.json: folder -> newest object's LastModified.
    orphans: dict[str, datetime] = {}
    # Orphans already sent to a run, kept while their objects are still listed (newer than the
    # cursor) so they are not reported twice.
    reported_orphans: dict[str, datetime] = {}

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
        missing = f"\0missing:{','.join(map(str, ref.missing_photos))}" if ref.missing_photos else ""
        digest.update(f"{ref.metadata_key}\0{ref.etag}{missing}\n".encode())
    # No timestamp in the id: the same bytes written again later must map to the same run key.
    return UploadBatch(batch_id=f"batch-{digest.hexdigest()[:16]}", uploads=uploads)


def missing_photos(store: ObjectStore, ref: UploadRef) -> list[int]:
    """The places in listing.json's photos of those not in its folder yet. An upload that
    cannot be read or is invalid anyway waits for nothing: validation rejects it now."""
    try:
        data = store.get_bytes(ref.metadata_key)
    except ObjectStoreUnavailable:
        raise
    except Exception:  # gone, a link out of the zone: validation says so
        return []
    try:
        metadata = parse_metadata(RawUpload(ref.upload_id, ref.metadata_key, ref.etag, data))
    except UploadRejected:
        return []
    folder = ref.metadata_key.rsplit("/", 1)[0]
    missing = []
    for index, name in enumerate(metadata.photos):  # plain names, at most ten: checked
        try:
            if not store.exists(f"{folder}/{name}"):
                missing.append(index)
        except ObjectStoreUnavailable:
            raise
        except Exception:  # a link out of the zone: validation rejects it
            continue
    return missing


def split_by_photos(candidates: list[UploadRef], absent: list[list[int]], now: datetime,
                    grace: timedelta) -> tuple[list[UploadRef], list[UploadRef]]:
    """(ready, waiting): an upload whose photos are all there, or whose grace period since
    listing.json landed is over, is ready (carrying the places of its absent photos); the rest
    wait. `absent` is `missing_photos` for each candidate."""
    ready, waiting = [], []
    for ref, missing in zip(candidates, absent):
        if missing and now - ref.last_modified < grace:
            waiting.append(ref)
        else:
            ready.append(ref.model_copy(update={"missing_photos": missing}))
    return ready, waiting


@dataclass(frozen=True)
class TickPlan:
    ready: list[UploadRef]  # complete, or out of grace: this tick's batch
    cursor: SensorCursor
    waiting: list[UploadRef]


def plan_tick(objects: list[ObjectInfo], cursor: SensorCursor, now: datetime, *,
              grace: timedelta, cap: int, missing: Callable[[list[UploadRef]], list[list[int]]],
              has_metadata: Callable[[str], bool]) -> TickPlan:
    """Which uploads this tick hands to a run, and the cursor after it.

    An upload whose listing.json names photos that have not arrived waits in the cursor until
    they do or `grace` has passed since listing.json landed; a folder with objects but no
    listing.json waits `grace` after its newest object, then goes to a run as a missing
    listing.json. `missing(refs)` gives each ref's absent photos; `has_metadata(key)` says
    whether an older listing.json exists."""
    fresh_all = new_uploads(objects, cursor)
    fresh_keys = {ref.metadata_key for ref in fresh_all}
    still_waiting = [ref for ref in cursor.waiting if ref.metadata_key not in fresh_keys]
    fresh = fresh_all[:max(0, cap - len(still_waiting))]
    candidates = still_waiting + fresh
    ready, waiting = split_by_photos(candidates, missing(candidates), now, grace)

    metadata_folders = {info.key.split("/")[1] for info in objects if is_upload_metadata(info.key)}
    metadata_folders |= {ref.upload_id for ref in candidates}
    orphans = {folder: when for folder, when in cursor.orphans.items()
               if folder not in metadata_folders}
    for info in objects:
        parts = info.key.split("/")
        if len(parts) < 3 or parts[0] != UPLOADS_PREFIX or parts[1] in metadata_folders:
            continue
        folder = parts[1]
        if folder in cursor.reported_orphans and info.last_modified <= cursor.reported_orphans[folder]:
            continue
        if folder not in orphans and has_metadata(f"{UPLOADS_PREFIX}/{folder}/{METADATA_FILE}"):
            metadata_folders.add(folder)  # processed before; this object came after it
            continue
        orphans[folder] = max(orphans.get(folder, info.last_modified), info.last_modified)
    reported = dict(cursor.reported_orphans)
    for folder, newest in sorted(orphans.items()):
        if now - newest >= grace and len(ready) < cap:
            stamp = hashlib.sha256(f"{folder}\0{newest.isoformat()}".encode()).hexdigest()[:16]
            ready.append(UploadRef(
                upload_id=folder, metadata_key=f"{UPLOADS_PREFIX}/{folder}/{METADATA_FILE}",
                etag=f"absent-{stamp}", last_modified=newest))
            reported[folder] = newest
            del orphans[folder]

    advanced = advance_cursor(cursor, fresh)
    floor = advanced.last_modified
    return TickPlan(ready=ready, waiting=waiting, cursor=advanced.model_copy(update={
        "waiting": waiting,
        "orphans": orphans,
        # Objects older than the cursor are no longer listed, so their folders can be forgotten.
        "reported_orphans": {f: t for f, t in reported.items() if floor is None or t >= floor},
    }))


def manifest_key(batch_id: str) -> str:
    return f"{MANIFEST_PREFIX}/{batch_id}.json"


def write_manifest(store: ObjectStore, batch: UploadBatch) -> str:
    key = manifest_key(batch.batch_id)
    store.put_bytes(key, batch.model_dump_json(indent=1).encode(), "application/json")
    return key


def read_manifest(store: ObjectStore, batch_id: str) -> UploadBatch:
    return UploadBatch.model_validate(json.loads(store.get_bytes(manifest_key(batch_id))))
