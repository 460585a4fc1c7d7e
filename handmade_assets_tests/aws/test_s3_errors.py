"""S3 failures against SeaweedFS (a real server that checks signatures): a missing object is a
missing file, a missing photo rejects one upload, and a store that refuses us is named as such."""

import json

import pytest

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.models import Listing
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
from handmade_assets.services.s3_store import S3ObjectStore

BUCKET = "sw-errors"


@pytest.fixture(scope="module")
def store(seaweedfs):
    seaweedfs.client().create_bucket(Bucket=BUCKET)
    return S3ObjectStore(s3=seaweedfs.resource(), bucket=BUCKET, prefix="zone")


def test_a_missing_object_is_a_missing_file(store):
    with pytest.raises(FileNotFoundError):
        store.get_bytes("uploads/nobody/listing.json")


def test_a_missing_photo_on_s3_rejects_its_upload_only(store):
    good = sample_listings()[0]
    photos = {name: (SAMPLE_DIR / name).read_bytes() for name in good["photos"]}
    keys = [write_upload(store, "s3-good", json.dumps({**good, "listing_id": "s3-good"}).encode(), photos),
            write_upload(store, "s3-short", json.dumps({**good, "listing_id": "s3-short"}).encode(),
                         dict(list(photos.items())[:1]))]
    uploads = [read_upload(store, key.split("/")[1], key, "etag") for key in keys]
    artifacts = S3ObjectStore(s3=store.s3, bucket=BUCKET, prefix="artifacts")
    listings, rejections = split_uploads(uploads, store, artifacts)
    assert [listing.listing_id for listing in listings] == ["s3-good"]
    assert all(isinstance(listing, Listing) for listing in listings)
    (rejection,) = rejections
    assert rejection.field == "photos.1" and "photo 2 of 2 is missing" in rejection.reason
    assert good["photos"][1] not in rejection.reason


def test_a_listings_photos_are_kept_on_s3_under_the_platforms_names(store):
    good = sample_listings()[0]
    photos = {name: (SAMPLE_DIR / name).read_bytes() for name in good["photos"]}
    key = write_upload(store, "s3-named", json.dumps({**good, "listing_id": "s3-named"}).encode(), photos)
    artifacts = S3ObjectStore(s3=store.s3, bucket=BUCKET, prefix="artifacts")
    ([listing], []) = split_uploads([read_upload(store, "s3-named", key, "etag")], store, artifacts)
    assert len(listing.photo_keys) == len(photos)
    for photo_key, name in zip(listing.photo_keys, good["photos"]):
        assert photo_key.startswith("photos/s3-named/photo-") and name not in photo_key
        head = store.client().head_object(Bucket=BUCKET, Key=f"artifacts/{photo_key}")
        assert head["ContentType"] == "image/jpeg"
        assert artifacts.get_bytes(photo_key)[:2] == b"\xff\xd8"


def _wrong_secret_store(seaweedfs, bucket: str) -> S3ObjectStore:
    from dagster_aws.s3 import S3Resource

    s3 = S3Resource(endpoint_url=seaweedfs.url, region_name=seaweedfs.region,
                    aws_access_key_id=seaweedfs.access_key, aws_secret_access_key=WRONG_SECRET,
                    max_attempts=1)
    return S3ObjectStore(s3=s3, bucket=bucket, prefix="zone")


WRONG_SECRET = "wrong-secret-do-not-print-9f8e7d"


def test_a_wrong_secret_fails_the_sensor_tick_naming_bucket_and_cause_never_the_secret(
        store, seaweedfs, capfd):
    import dagster as dg

    from handmade_assets.catalog.sensors import build_landing_zone_sensor
    from handmade_assets.definitions import process_uploads_job
    from handmade_assets.services.object_store import ObjectStoreUnavailable

    resources = {"landing_zone": _wrong_secret_store(seaweedfs, BUCKET), "artifact_store": store}
    sensor = build_landing_zone_sensor(process_uploads_job)
    with dg.instance_for_test() as instance, dg.build_sensor_context(
            instance=instance, resources=resources) as context, \
            pytest.raises(ObjectStoreUnavailable) as failed:
        sensor(context)
    message = str(failed.value)
    assert f"bucket '{BUCKET}'" in message and "ListObjectsV2" in message
    assert "SignatureDoesNotMatch" in message and "AWS_SECRET_ACCESS_KEY" in message
    logged = capfd.readouterr().err
    assert "SignatureDoesNotMatch" in logged and BUCKET in logged
    for text in (message, logged):
        assert WRONG_SECRET not in text and seaweedfs.secret_key not in text


def test_a_missing_bucket_is_named_as_such(seaweedfs):
    from handmade_assets.services.object_store import ObjectStoreUnavailable

    missing = S3ObjectStore(s3=seaweedfs.resource(), bucket="no-such-bucket-here")
    with pytest.raises(ObjectStoreUnavailable, match="NoSuchBucket.*bucket setting"):
        missing.list_objects("uploads")
