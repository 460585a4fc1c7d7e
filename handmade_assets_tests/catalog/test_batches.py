from datetime import datetime, timedelta, timezone

from handmade_assets.catalog.batches import (
    SensorCursor,
    advance_cursor,
    make_batch,
    new_uploads,
    read_manifest,
    write_manifest,
)
from handmade_assets.services.object_store import LocalObjectStore, ObjectInfo

T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc)


def info(upload_id, when, etag="e1", name="listing.json"):
    return ObjectInfo(key=f"uploads/{upload_id}/{name}", etag=etag, last_modified=when, size=10)


def test_only_metadata_objects_count_as_uploads():
    found = new_uploads([info("a", T0), info("a", T0, name="photo.jpg")], SensorCursor())
    assert [ref.upload_id for ref in found] == ["a"]


def test_upload_with_same_timestamp_as_cursor_is_not_skipped():
    first = new_uploads([info("a", T0)], SensorCursor())
    cursor = advance_cursor(SensorCursor(), first)
    # "b" lands in the same second as "a" but is only listed on the next tick.
    second = new_uploads([info("a", T0), info("b", T0)], cursor)
    assert [ref.upload_id for ref in second] == ["b"]
    cursor = advance_cursor(cursor, second)
    assert cursor.keys_at_last_modified == ["uploads/a/listing.json", "uploads/b/listing.json"]
    assert new_uploads([info("a", T0), info("b", T0)], cursor) == []


def test_cursor_moves_forward_and_forgets_older_keys():
    cursor = advance_cursor(SensorCursor(), new_uploads([info("a", T0)], SensorCursor()))
    later = T0 + timedelta(seconds=5)
    fresh = new_uploads([info("a", T0), info("c", later)], cursor)
    cursor = advance_cursor(cursor, fresh)
    assert cursor.last_modified == later
    assert cursor.keys_at_last_modified == ["uploads/c/listing.json"]


def test_batch_id_depends_on_keys_and_etags_only():
    refs = new_uploads([info("a", T0), info("b", T0)], SensorCursor())
    again = new_uploads([info("b", T0), info("a", T0)], SensorCursor())
    changed = new_uploads([info("a", T0, etag="e2"), info("b", T0)], SensorCursor())
    assert make_batch(refs).batch_id == make_batch(again).batch_id
    assert make_batch(refs).batch_id != make_batch(changed).batch_id


def test_manifest_round_trips(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    batch = make_batch(new_uploads([info("a", T0)], SensorCursor()))
    write_manifest(store, batch)
    assert read_manifest(store, batch.batch_id) == batch
