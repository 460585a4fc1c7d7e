"""Uploads whose parts arrive out of order wait for a grace period instead of being lost:
listing.json before its photos, and photos without listing.json. The sensor's clock is passed
in, so no test waits."""

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import dagster as dg
import pytest

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.batches import SensorCursor, read_manifest
from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings
from handmade_assets.catalog.sensors import GRACE_SETTING, build_landing_zone_sensor, upload_grace
from handmade_assets.definitions import process_uploads_job
from handmade_assets.services.object_store import LocalObjectStore

T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc)
GRACE = timedelta(minutes=10)
GOOD = sample_listings()[0]
PHOTOS = {name: (SAMPLE_DIR / name).read_bytes() for name in GOOD["photos"]}


def put(store, key: str, data: bytes, at: datetime) -> None:
    store.put_bytes(key, data)
    os.utime(os.path.join(store.root, key), (at.timestamp(), at.timestamp()))


def put_listing(store, upload_id: str, at: datetime) -> None:
    put(store, f"uploads/{upload_id}/listing.json",
        json.dumps({**GOOD, "listing_id": upload_id}).encode(), at)


def put_photos(store, upload_id: str, at: datetime) -> None:
    for name, data in PHOTOS.items():
        put(store, f"uploads/{upload_id}/{name}", data, at)


@pytest.fixture(scope="module")
def instance():
    with dg.instance_for_test() as instance:
        yield instance


@pytest.fixture
def stores(tmp_path, instance):
    return (LocalObjectStore(root=str(tmp_path / "landing")),
            LocalObjectStore(root=str(tmp_path / "artifacts")), instance)


def tick(stores, cursor, now, grace=GRACE):
    landing, artifacts, instance = stores
    sensor = build_landing_zone_sensor(process_uploads_job, grace=grace, clock=lambda: now)
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources={
            "landing_zone": landing, "artifact_store": artifacts}) as context:
        return sensor(context)


def batch_of(result, artifacts):
    (request,) = result.run_requests
    return read_manifest(artifacts, request.partition_key)


def outcomes(stores, batch):
    landing, artifacts, _ = stores
    uploads = [read_upload(landing, ref.upload_id, ref.metadata_key, ref.etag) for ref in batch.uploads]
    listings, rejections = split_uploads(uploads, landing, artifacts)
    return listings + rejections


def test_listing_json_before_its_photos_waits_and_runs_when_they_arrive(stores):
    landing, artifacts, _ = stores
    put_listing(landing, "early", T0)
    put_photos(landing, "ready", T0)
    put_listing(landing, "ready", T0 + timedelta(seconds=1))

    first = tick(stores, None, T0 + timedelta(seconds=5))
    assert [ref.upload_id for ref in batch_of(first, artifacts).uploads] == ["ready"]
    assert [ref.upload_id for ref in SensorCursor.parse(first.cursor).waiting] == ["early"]

    # Nothing new: the waiting upload starts nothing and the cursor (which holds it) stays.
    assert isinstance(tick(stores, first.cursor, T0 + timedelta(seconds=20)), dg.SkipReason)

    put_photos(landing, "early", T0 + timedelta(seconds=25))
    second = tick(stores, first.cursor, T0 + timedelta(seconds=30))
    batch = batch_of(second, artifacts)
    assert [(ref.upload_id, ref.missing_photos) for ref in batch.uploads] == [("early", [])]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key
    assert not SensorCursor.parse(second.cursor).waiting
    (listing,) = outcomes(stores, batch)
    assert isinstance(listing, Listing) and listing.listing_id == "early"


def test_photos_that_never_come_are_rejected_after_the_grace_period_and_a_retry_runs(stores):
    landing, artifacts, _ = stores
    put_listing(landing, "late", T0)
    waiting = tick(stores, None, T0 + GRACE - timedelta(seconds=1))
    assert not waiting.run_requests

    expired = tick(stores, waiting.cursor, T0 + GRACE)
    batch = batch_of(expired, artifacts)
    assert batch.uploads[0].missing_photos == list(range(len(GOOD["photos"])))
    (rejection,) = outcomes(stores, batch)
    assert isinstance(rejection, Rejection)
    assert rejection.field == "photos.0"
    assert f"photo 1 of {len(GOOD['photos'])} is missing" in rejection.reason
    assert "upload the photo" in rejection.reason

    # The seller uploads the photos and then the very same listing.json again: a new run.
    put_photos(landing, "late", T0 + GRACE + timedelta(minutes=5))
    put_listing(landing, "late", T0 + GRACE + timedelta(minutes=6))
    retried = tick(stores, expired.cursor, T0 + GRACE + timedelta(minutes=6, seconds=5))
    assert retried.run_requests[0].run_key != expired.run_requests[0].run_key
    (listing,) = outcomes(stores, batch_of(retried, artifacts))
    assert isinstance(listing, Listing)


def test_photos_without_listing_json_get_one_rejection_after_the_grace_period(stores):
    landing, artifacts, _ = stores
    put_photos(landing, "orphan", T0)
    early = tick(stores, None, T0 + timedelta(minutes=1))
    assert not early.run_requests and "orphan" in SensorCursor.parse(early.cursor).orphans

    due = tick(stores, early.cursor, T0 + GRACE)
    batch = batch_of(due, artifacts)
    assert [ref.upload_id for ref in batch.uploads] == ["orphan"]
    (rejection,) = outcomes(stores, batch)
    assert isinstance(rejection, Rejection) and rejection.field == "listing.json"
    assert "no listing.json" in rejection.reason

    # The photos are still listed on later ticks, but the folder is not reported again.
    later = tick(stores, due.cursor, T0 + GRACE + timedelta(minutes=5))
    assert isinstance(later, dg.SkipReason) or not later.run_requests


def test_photos_first_then_listing_json_is_one_listing_and_no_orphan(stores):
    landing, artifacts, _ = stores
    put_photos(landing, "normal", T0)
    between = tick(stores, None, T0 + timedelta(seconds=2))
    assert not between.run_requests
    put_listing(landing, "normal", T0 + timedelta(seconds=3))
    taken = tick(stores, between.cursor, T0 + timedelta(seconds=5))
    (listing,) = outcomes(stores, batch_of(taken, artifacts))
    assert isinstance(listing, Listing)
    cursor = SensorCursor.parse(taken.cursor)
    assert not cursor.orphans and not cursor.waiting
    assert isinstance(tick(stores, taken.cursor, T0 + GRACE * 3), dg.SkipReason)


def test_a_photo_added_to_an_upload_processed_before_is_no_orphan(stores):
    landing, artifacts, _ = stores
    put_photos(landing, "done", T0)
    put_listing(landing, "done", T0 + timedelta(seconds=1))
    taken = tick(stores, None, T0 + timedelta(seconds=2))
    put(landing, "uploads/done/extra.jpg", PHOTOS[GOOD["photos"][0]], T0 + timedelta(minutes=1))
    later = tick(stores, taken.cursor, T0 + GRACE * 3)
    assert isinstance(later, dg.SkipReason) or not later.run_requests


def test_the_grace_period_comes_from_the_environment(monkeypatch, stores):
    monkeypatch.setenv(GRACE_SETTING, "1.5")
    assert upload_grace() == timedelta(minutes=1.5)
    monkeypatch.delenv(GRACE_SETTING)
    assert upload_grace() == GRACE

    monkeypatch.setenv(GRACE_SETTING, "1")
    landing, artifacts, _ = stores
    put_listing(landing, "quick", T0)
    result = tick(stores, None, T0 + timedelta(minutes=1), grace=None)
    assert batch_of(result, artifacts).uploads[0].missing_photos == list(range(len(GOOD["photos"])))


def test_a_missing_photo_named_after_a_person_is_named_by_place_in_the_manifest_and_rejection(stores):
    landing, artifacts, _ = stores
    first = GOOD["photos"][0]
    put(landing, f"uploads/named/{first}", PHOTOS[first], T0)
    put(landing, "uploads/named/listing.json", json.dumps(
        {**GOOD, "listing_id": "named", "photos": [first, "Giulia Conti al tornio.jpg"]}).encode(), T0)
    expired = tick(stores, None, T0 + GRACE)
    batch = batch_of(expired, artifacts)
    assert batch.uploads[0].missing_photos == [1]
    (rejection,) = outcomes(stores, batch)
    assert isinstance(rejection, Rejection) and rejection.field == "photos.1"
    assert "photo 2 of 2 is missing" in rejection.reason
    written = "\n".join(path.read_text("latin-1") for path in Path(artifacts.root).rglob("*")
                        if path.is_file())
    kept = written + expired.cursor + rejection.model_dump_json()
    assert "Giulia" not in kept and "Conti" not in kept
