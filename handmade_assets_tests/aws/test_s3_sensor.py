"""The landing-zone sensor through S3ObjectStore against moto's S3 server over HTTP: more than
1,000 keys (ListObjectsV2 pages), a cap on uploads per tick, objects sharing a LastModified,
and run keys that change with the ETag."""

from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import pytest

from handmade_assets.catalog.batches import SensorCursor, read_manifest
from handmade_assets.catalog.sensors import MAX_UPLOADS_PER_BATCH, build_landing_zone_sensor
from handmade_assets.definitions import process_uploads_job
from handmade_assets.services.s3_store import S3ObjectStore

N_UPLOADS = 1_150


@pytest.fixture(scope="module")
def landing(moto_s3):
    client = moto_s3.client()
    for bucket in ("sensor-landing", "sensor-artifacts"):
        client.create_bucket(Bucket=bucket)

    def put(i: int) -> None:
        client.put_object(Bucket="sensor-landing", Key=f"zone/uploads/u{i:05d}/listing.json",
                          Body=b'{"n": %d}' % i)
        if i % 10 == 0:  # photos share the prefix but are not upload metadata
            client.put_object(Bucket="sensor-landing", Key=f"zone/uploads/u{i:05d}/a.jpg", Body=b"j")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, range(N_UPLOADS)))
    s3 = moto_s3.resource()
    return {
        "landing_zone": S3ObjectStore(s3=s3, bucket="sensor-landing", prefix="zone"),
        "artifact_store": S3ObjectStore(s3=s3, bucket="sensor-artifacts"),
    }, client


def _tick(sensor, instance, resources, cursor):
    with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
        return sensor(context)


def test_listing_pages_past_one_thousand_keys(landing):
    resources, _ = landing
    listed = resources["landing_zone"].list_objects("uploads")
    assert len(listed) == N_UPLOADS + N_UPLOADS // 10
    assert len({o.key for o in listed}) == len(listed)


def test_ticks_are_capped_and_together_take_every_upload_once_even_with_equal_timestamps(landing):
    resources, client = landing
    listed = resources["landing_zone"].list_objects("uploads")
    # >1,000 puts within a few seconds: S3 stamps LastModified to the second, so many tie.
    stamps = [o.last_modified for o in listed]
    assert len(set(stamps)) < len(stamps) / 10
    sensor = build_landing_zone_sensor(process_uploads_job)
    taken, run_keys, cursor = [], [], None
    with dg.instance_for_test() as instance:
        for _ in range(10):
            result = _tick(sensor, instance, resources, cursor)
            if isinstance(result, dg.SkipReason):
                break
            (request,) = result.run_requests
            batch = read_manifest(resources["artifact_store"], request.partition_key)
            assert len(batch.uploads) <= MAX_UPLOADS_PER_BATCH
            taken += [u.upload_id for u in batch.uploads]
            run_keys.append(request.run_key)
            cursor = result.cursor
        else:
            pytest.fail("the sensor never ran dry")
        assert len(run_keys) == -(-N_UPLOADS // MAX_UPLOADS_PER_BATCH)
        assert sorted(taken) == [f"u{i:05d}" for i in range(N_UPLOADS)]
        assert len(set(run_keys)) == len(run_keys)
        parsed = SensorCursor.parse(cursor)
        assert parsed.last_modified == max(stamps) and parsed.keys_at_last_modified

        # A re-uploaded listing (new bytes, new ETag) runs again under a new run key; the
        # unchanged ones do not.
        client.put_object(Bucket="sensor-landing", Key="zone/uploads/u00007/listing.json",
                          Body=b'{"n": 7, "fixed": true}')
        again = _tick(sensor, instance, resources, cursor)
        (request,) = again.run_requests
        batch = read_manifest(resources["artifact_store"], request.partition_key)
        assert [u.upload_id for u in batch.uploads] == ["u00007"]
        assert request.run_key not in run_keys
        assert isinstance(_tick(sensor, instance, resources, again.cursor), dg.SkipReason)


def test_a_reupload_within_the_cursors_own_second_is_not_lost():
    from datetime import datetime, timezone

    from handmade_assets.catalog.batches import advance_cursor, new_uploads
    from handmade_assets.services.object_store import ObjectInfo

    t = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)
    first = [ObjectInfo("uploads/a/listing.json", "e1", t, 2)]
    cursor = advance_cursor(SensorCursor(), new_uploads(first, SensorCursor()))
    assert new_uploads(first, cursor) == []
    again = new_uploads([ObjectInfo("uploads/a/listing.json", "e2", t, 3)], cursor)
    assert [(r.upload_id, r.etag) for r in again] == [("a", "e2")]
    # A cursor written before ETags were kept still skips by key, as it always did.
    legacy = SensorCursor(last_modified=t, keys_at_last_modified=["uploads/a/listing.json"])
    assert new_uploads([ObjectInfo("uploads/a/listing.json", "e2", t, 3)], legacy) == []
