"""Every upload ends as exactly one Listing or one Rejection naming the field, whatever its bytes,
names or links; only a failing store (not an upload) may stop a batch."""

import json
import os

import pytest

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
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
    listings, rejections = split_uploads(uploads, store, LocalObjectStore(root=str(tmp_path / "artifacts")))

    assert [listing.listing_id for listing in listings] == ["good"]
    (rejection,) = rejections
    assert rejection.listing_id == "linked" and rejection.field == "photos.0"
    assert "outside the upload folder" in rejection.reason


def _keep_nothing(key, data, content_type):
    pass


def _validate(read_object, detect=detect_language, metadata=None, store_photo=_keep_nothing):
    upload = RawUpload("u1", "uploads/u1/listing.json", "etag", metadata or _good("u1"))
    return validate_upload(upload, read_object, detect, store_photo)


@pytest.mark.parametrize("error", [PermissionError("denied"), IsADirectoryError("dir"),
                                   RuntimeError("surprise"), UnicodeError("odd name")])
def test_any_error_reading_a_photo_rejects_that_upload_naming_the_photo(error):
    def read(key):
        raise error

    result = _validate(read)
    assert isinstance(result, Rejection)
    assert result.field == "photos.0" and f"photo 1 of {len(GOOD['photos'])}" in result.reason
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
    ([], [rejection]) = split_uploads([upload], store, store)
    assert rejection.field == "listing.json"
    assert "no listing.json" in rejection.reason and str(tmp_path) not in rejection.reason


def _fields(changes: dict, upload_id="u1"):
    document = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    upload = RawUpload(upload_id, f"uploads/{upload_id}/listing.json", "etag",
                       json.dumps(document).encode())
    return validate_upload(upload, lambda key: PHOTOS[key.rsplit("/", 1)[1]], detect_language, _keep_nothing)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"quantity": -3}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": True}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"quantity": 10**30}, "quantity"),
        ({"price": True}, "price"),
        ({"price": 10**30}, "price"),
        ({"title": "Vase\x00 with glaze"}, "title"),
        ({"title": "Vase \x1b[31m red"}, "title"),
        ({"description": "Lovely\x00vase"}, "description"),
        ({"description": "Lovely vase \x85 next"}, "description"),
        ({"tags": ["ok", "bad\x07tag"]}, "tags.1"),
        ({"materials": ["clay\x00"]}, "materials.0"),
        ({"title": "Vase \ud800 broken"}, "title"),
    ],
)
def test_absurd_numbers_and_control_characters_are_rejected_naming_the_field(changes, field):
    result = _fields(changes)
    assert isinstance(result, Rejection), result
    assert result.field == field
    assert "\x00" not in result.reason and "\x1b" not in result.reason


@pytest.mark.parametrize("quantity", [1, 3, 2.0, 999])
def test_sensible_quantities_are_kept(quantity):
    result = _fields({"quantity": quantity})
    assert isinstance(result, Listing) and result.quantity == int(quantity)


def test_line_breaks_stay_in_descriptions_and_become_spaces_in_titles():
    result = _fields({"title": "Vase with\r\n crackle\tglaze", "description": "Line one.\n\nLine two."})
    assert isinstance(result, Listing)
    assert result.title == "Vase with crackle glaze" and "\n\n" in result.seller_text


def test_overlong_tags_and_materials_are_dropped_with_a_note_not_a_rejection():
    long = "x" * 61
    result = _fields({"tags": ["Raku", long, "Tea_bowl"], "materials": [long, "Stoneware"],
                      "quantity": 2})
    assert isinstance(result, Listing), result
    assert result.tags == ["Raku", "Tea bowl"] and result.materials == ["Stoneware"]
    assert any(note.startswith("tags: dropped 1") for note in result.notes)
    assert any(note.startswith("materials: dropped 1") for note in result.notes)
    assert all(long not in note for note in result.notes)


def test_more_tags_than_allowed_keeps_the_first_thirteen():
    result = _fields({"tags": [f"tag{i}" for i in range(20)]})
    assert isinstance(result, Listing) and result.tags == [f"tag{i}" for i in range(13)]
    assert result.notes == ["tags: kept the first 13 of 20 entries"]


def test_listing_without_id_takes_the_upload_folder_name():
    result = _fields({"listing_id": None}, upload_id="saba-77")
    assert isinstance(result, Listing) and result.listing_id == "saba-77"


def test_listing_without_id_in_an_unusable_folder_is_rejected_naming_listing_id():
    result = _fields({"listing_id": None}, upload_id="a folder with spaces")
    assert isinstance(result, Rejection) and result.field == "listing_id"


def test_a_listing_json_symlinked_out_of_its_folder_tells_the_seller_what_to_do(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_bytes(_good("linked"))
    store = LocalObjectStore(root=str(tmp_path / "landing"))
    key = write_upload(store, "linked", _good("linked"), PHOTOS)
    os.remove(tmp_path / "landing" / key)
    os.symlink(outside, tmp_path / "landing" / key)

    ([], [rejection]) = split_uploads([read_upload(store, "linked", key, "etag")], store, store)
    assert rejection.field == "listing.json"
    assert "outside the upload folder" in rejection.reason and "UnsafeKeyError" not in rejection.reason


@pytest.mark.parametrize("price", ["NaN", "Infinity", "-Infinity"])
def test_a_price_that_is_no_number_is_rejected_as_such(price):
    document = _good("u1").decode().replace(f'"price": {GOOD["price"]}', f'"price": {price}')
    assert price in document
    result = _validate(lambda key: PHOTOS[key.rsplit("/", 1)[1]], metadata=document.encode())
    assert isinstance(result, Rejection) and result.field == "price"
    assert "finite number" in result.reason
