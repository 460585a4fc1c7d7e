"""Every upload ends as exactly one Listing or one Rejection naming the field, whatever its bytes,
names or links; only a failing store (not an upload) may stop a batch."""

import json
import os

import pytest

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets.catalog.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
from handmade_assets.catalog.validation import RawUpload, validate_upload
from handmade_assets.lib.language import detect_language
from handmade_assets.services.object_store import LocalObjectStore, ObjectStoreUnavailable

GOOD = sample_listings()[0]
PHOTOS = {name: (SAMPLE_DIR / name).read_bytes() for name in GOOD["photos"]}


def _good(listing_id: str) -> bytes:
    return json.dumps({**GOOD, "listing_id": listing_id}).encode()


def test_photo_symlinked_out_of_its_folder_is_rejected_and_the_batch_goes_on(tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(PHOTOS[GOOD["photos"][0]])
    store = LocalObjectStore(root=str(tmp_path / "landing"))
    keys = [write_upload(store, "good", _good("good"), PHOTOS)]
    linked = {**PHOTOS}
    first = GOOD["photos"][0]
    del linked[first]
    keys.append(write_upload(store, "linked", _good("linked"), linked))
    os.symlink(outside, tmp_path / "landing" / "uploads" / "linked" / first)

    uploads = [read_upload(store, key.split("/")[1], key, "etag") for key in keys]
    listings, rejections = split_uploads(uploads, store)

    assert [listing.listing_id for listing in listings] == ["good"]
    (rejection,) = rejections
    assert rejection.listing_id == "linked" and rejection.field == f"photos[{first}]"
    assert "outside the upload folder" in rejection.reason


def _validate(read_object, detect=detect_language, metadata=None):
    upload = RawUpload("u1", "uploads/u1/listing.json", "etag", metadata or _good("u1"))
    return validate_upload(upload, read_object, detect)


@pytest.mark.parametrize("error", [PermissionError("denied"), IsADirectoryError("dir"),
                                   RuntimeError("surprise"), UnicodeError("odd name")])
def test_any_error_reading_a_photo_rejects_that_upload_naming_the_photo(error):
    def read(key):
        raise error

    result = _validate(read)
    assert isinstance(result, Rejection)
    assert result.field == f"photos[{GOOD['photos'][0]}]"
    assert type(error).__name__ in result.reason


def test_an_error_after_the_photos_rejects_the_upload_and_keeps_the_message_out():
    def detect(text):
        raise ValueError("mario.rossi@gmail.com broke the detector")

    result = _validate(lambda key: PHOTOS[key.rsplit("/", 1)[1]], detect=detect)
    assert isinstance(result, Rejection)
    assert result.field == "listing.json" and "ValueError" in result.reason
    assert "mario" not in result.reason


def test_a_failing_store_is_raised_not_blamed_on_the_upload():
    def read(key):
        raise ObjectStoreUnavailable("S3 GetObject on bucket 'b' failed with SlowDown")

    with pytest.raises(ObjectStoreUnavailable):
        _validate(read)


def test_photos_without_listing_json_get_a_rejection_naming_listing_json(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    store.put_bytes("uploads/orphan/a.jpg", PHOTOS[GOOD["photos"][0]])
    upload = read_upload(store, "orphan", "uploads/orphan/listing.json", "absent")
    ([], [rejection]) = split_uploads([upload], store)
    assert rejection.field == "listing.json"
    assert "no listing.json" in rejection.reason and str(tmp_path) not in rejection.reason
