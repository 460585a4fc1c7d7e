import os
import threading
from datetime import datetime, timezone

import dagster as dg
import pytest

from handmade_assets.catalog.batches import read_manifest
from handmade_assets_demo.sample_uploads import write_upload
from handmade_assets.catalog.sensors import (
    DEFAULT_HOLD_SECONDS,
    HOLD_SETTING,
    build_landing_zone_sensor,
    sensor_hold,
)
from handmade_assets.definitions import process_uploads_job
from handmade_assets.services.object_store import LocalObjectStore

STAMP = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc).timestamp()


@pytest.fixture
def stores(tmp_path):
    return (LocalObjectStore(root=str(tmp_path / "landing")),
            LocalObjectStore(root=str(tmp_path / "artifacts")))


def upload(store, upload_id, stamp=STAMP):
    key = write_upload(store, upload_id, b'{"listing_id": "%s"}' % upload_id.encode(), {"p.jpg": b"x"})
    os.utime(os.path.join(store.root, key), (stamp, stamp))
    return key


def tick(instance, stores, cursor, hold=0.0):
    landing, artifacts = stores
    sensor = build_landing_zone_sensor(process_uploads_job, hold=hold)
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources={"landing_zone": landing, "artifact_store": artifacts}) as context:
        result = sensor(context)
    return result


def uploads_in(result, artifacts):
    (request,) = result.run_requests
    assert request.run_key == request.partition_key
    return {ref.upload_id for ref in read_manifest(artifacts, request.partition_key).uploads}


def test_each_upload_runs_exactly_once_across_ticks_and_restarts(stores):
    landing, artifacts = stores
    with dg.instance_for_test() as instance:
        upload(landing, "a")
        upload(landing, "b")
        first = tick(instance, stores, None)
        assert uploads_in(first, artifacts) == {"a", "b"}
        assert first.dynamic_partitions_requests[0].partition_keys == [first.run_requests[0].partition_key]

        # Restarting from the stored cursor starts nothing again.
        again = tick(instance, stores, first.cursor)
        assert isinstance(again, dg.SkipReason)

        # "c" carries the same LastModified as the cursor but was not listed before: it is seen.
        upload(landing, "c", stamp=STAMP)
        third = tick(instance, stores, first.cursor)
        assert uploads_in(third, artifacts) == {"c"}
        assert isinstance(tick(instance, stores, third.cursor), dg.SkipReason)


def test_reupload_with_new_content_runs_again_unchanged_does_not(stores):
    landing, artifacts = stores
    with dg.instance_for_test() as instance:
        upload(landing, "a")
        first = tick(instance, stores, None)
        # The same bytes written again later: same ETag, so the same batch id and run key.
        upload(landing, "a", stamp=STAMP + 60)
        same = tick(instance, stores, first.cursor)
        assert same.run_requests[0].run_key == first.run_requests[0].run_key
        # New content: new ETag, new run key.
        key = write_upload(landing, "a", b'{"listing_id": "a", "title": "new"}', {})
        os.utime(os.path.join(landing.root, key), (STAMP + 120, STAMP + 120))
        changed = tick(instance, stores, same.cursor)
        assert changed.run_requests[0].run_key != first.run_requests[0].run_key


def test_photos_alone_do_not_start_a_run(stores):
    landing, _ = stores
    landing.put_bytes("uploads/x/photo.jpg", b"x")
    with dg.instance_for_test() as instance:
        result = tick(instance, stores, None)
        assert not result.run_requests and result.skip_reason  # they wait for listing.json


def test_a_held_tick_returns_the_upload_that_lands_while_it_waits(stores):
    """The deployed sensor's tick keeps looking, so an upload between two of the daemon's
    5-second loops is not left for the next one."""
    landing, artifacts = stores
    with dg.instance_for_test() as instance:
        first = tick(instance, stores, None)
        assert isinstance(first, dg.SkipReason)
        # The upload lands while the tick holds; a tick without a hold would have skipped.
        later = threading.Timer(0.3, lambda: write_upload(landing, "late", b'{"listing_id": "late"}',
                                                          {"p.jpg": b"x"}))
        later.start()
        try:
            result = tick(instance, stores, None, hold=30.0)
        finally:
            later.join()
        assert uploads_in(result, artifacts) == {"late"}


def test_a_held_tick_with_nothing_new_skips_and_keeps_its_cursor(stores):
    landing, _ = stores
    with dg.instance_for_test() as instance:
        upload(landing, "a")
        first = tick(instance, stores, None)
        again = tick(instance, stores, first.cursor, hold=1.0)
        assert isinstance(again, dg.SkipReason)


def test_the_hold_comes_from_its_setting(monkeypatch):
    monkeypatch.delenv(HOLD_SETTING, raising=False)
    assert sensor_hold() == DEFAULT_HOLD_SECONDS
    monkeypatch.setenv(HOLD_SETTING, "0")
    assert sensor_hold() == 0.0
