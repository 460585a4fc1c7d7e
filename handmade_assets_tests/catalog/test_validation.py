import io
import json

import pytest
from PIL import Image

from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets_demo.sample_uploads import bad_uploads, sample_listings
from handmade_assets.catalog.validation import (RawUpload, UploadRejected, check_photo, validate_upload,
                                                without_photo_names)
from handmade_assets.lib.language import detect_language


def _jpeg(width=64, height=48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 90, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _validate(metadata: bytes, photos: dict[str, bytes], upload_id="u1", kept=None):
    key = f"uploads/{upload_id}/listing.json"
    kept = {} if kept is None else kept

    def read(object_key):
        name = object_key.rsplit("/", 1)[1]
        if name not in photos:
            raise FileNotFoundError(object_key)
        return photos[name]

    def keep(object_key, data, content_type):
        kept[object_key] = (data, content_type)

    return validate_upload(RawUpload(upload_id, key, "etag", metadata), read, detect_language, keep)


def test_real_sample_listing_validates_and_normalises():
    document = sample_listings()[0]
    result = _validate(json.dumps(document).encode(), {name: _jpeg() for name in document["photos"]})
    assert isinstance(result, Listing)
    assert result.listing_id == "saba-01"
    assert result.category == "ceramics"
    assert result.language == "en"
    assert all("_" not in tag for tag in result.tags)
    assert [key.rsplit("/", 1)[0] for key in result.photo_keys] == ["photos/saba-01"] * len(document["photos"])
    assert [key.rsplit("/", 1)[1].split("-")[:2] for key in result.photo_keys] == [
        ["photo", f"{n:02d}"] for n in range(1, len(document["photos"]) + 1)]


def test_italian_sample_is_detected_as_italian():
    italian = next(d for d in sample_listings() if d["title"].startswith("Vaso"))
    result = _validate(json.dumps(italian).encode(), {n: _jpeg() for n in italian["photos"]})
    assert isinstance(result, Listing) and result.language == "it"


EXPECTED_FIELDS = {
    "bad-json": "listing.json",
    "bad-missing-title": "title",
    "bad-price-type": "price",
    "bad-empty-category": "category",
    "bad-unreadable-photo": "photos.0",
    "bad-oversized-photo": "photos.0",
    "bad-missing-photo": "photos.0",
    "bad-path-traversal": "photos",
}


@pytest.mark.parametrize("upload_id", sorted(EXPECTED_FIELDS))
def test_each_kind_of_bad_upload_is_rejected_naming_listing_and_field(upload_id):
    metadata, photos = bad_uploads()[upload_id]
    result = _validate(metadata, photos, upload_id)
    assert isinstance(result, Rejection)
    assert result.field == EXPECTED_FIELDS[upload_id]
    assert upload_id in result.reason and result.field in result.reason
    # No personal data in these; photo file names are left out all the same.
    assert result.raw_excerpt == without_photo_names(metadata[:2000].decode())


@pytest.mark.parametrize(
    "metadata, field",
    [
        (b"\xff\xfe not utf8", "listing.json"),
        (b"[1, 2, 3]", "listing.json"),
        (b"[" * 100_000 + b"]" * 100_000, "listing.json"),
        (b"{}", "seller_id"),  # the listing id comes from the upload folder's name
        (b'{"listing_id": 7}', "listing_id"),
        (json.dumps({**sample_listings()[0], "price": -3}).encode(), "price"),
        (json.dumps({**sample_listings()[0], "title": "x" * 10_000}).encode(), "title"),
        (json.dumps({**sample_listings()[0], "listing_id": "../../etc"}).encode(), "listing_id"),
        (json.dumps({**sample_listings()[0], "photos": []}).encode(), "photos"),
    ],
)
def test_hostile_metadata_is_rejected_not_raised(metadata, field):
    result = _validate(metadata, {})
    assert isinstance(result, Rejection)
    assert result.field == field


def test_oversized_metadata_is_rejected_before_parsing():
    result = _validate(b"{" + b" " * 300_000 + b"}", {})
    assert isinstance(result, Rejection) and "limit" in result.reason


def test_truncated_jpeg_is_rejected():
    data = _jpeg(400, 300)
    with pytest.raises(UploadRejected, match="not a readable image"):
        check_photo(data[: len(data) // 2])


def test_decompression_bomb_is_rejected_without_decoding():
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")  # 400 MP, a few kB on disk
    with pytest.raises(UploadRejected, match="limit|bomb"):
        check_photo(buffer.getvalue())


def test_empty_photo_is_rejected():
    with pytest.raises(UploadRejected, match="photo 2 of 3 file is empty"):
        check_photo(b"", 1, 3)


def test_contact_details_in_seller_text_are_scrubbed_before_anything_stores_them():
    document = {**sample_listings()[0],
                "description": "Lovely vase. Write to mario.rossi@gmail.com or call +39 333 123 4567."}
    result = _validate(json.dumps(document).encode(), {n: _jpeg() for n in document["photos"]})
    assert isinstance(result, Listing)
    assert "mario.rossi" not in result.seller_text and "333" not in result.seller_text
    assert result.pii_removed == 2


@pytest.mark.parametrize(
    ("seller_category", "group"),
    [
        ("Home & Living > Home Décor > Wreaths & Door Hangers", "other"),
        ("squishies", "other"),
        ("Jewelry > Rings > Statement Rings", "jewelry"),
        ("Ceramics", "ceramics"),
    ],
)
def test_any_seller_category_is_accepted_and_kept_as_given(seller_category, group):
    document = {**sample_listings()[0], "category": seller_category}
    result = _validate(json.dumps(document).encode(), {n: _jpeg() for n in document["photos"]})
    assert isinstance(result, Listing), result
    assert result.seller_category == seller_category
    assert result.category == group
