"""S3 failures against SeaweedFS (a real server that checks signatures): a missing object is a
missing file, a missing photo rejects one upload, and a store that refuses us is named as such."""

import json

import pytest

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.models import Listing
from handmade_assets.catalog.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
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
    listings, rejections = split_uploads(uploads, store)
    assert [listing.listing_id for listing in listings] == ["s3-good"]
    assert all(isinstance(listing, Listing) for listing in listings)
    (rejection,) = rejections
    assert rejection.field == f"photos[{good['photos'][1]}]" and "missing" in rejection.reason
