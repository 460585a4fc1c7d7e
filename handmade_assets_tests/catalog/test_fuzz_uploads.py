"""Hostile and random uploads: every one ends as a Listing or a Rejection with a reason, none
raises, and nothing outside the landing zone is read or written (but a valid listing's photos,
to the artifact store)."""

import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from handmade_assets.catalog.assets import read_upload, split_uploads
from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
from handmade_assets.services.object_store import LocalObjectStore

GOOD = sample_listings()[0]
PHOTO = (SAMPLE_DIR / GOOD["photos"][0]).read_bytes()
FIELDS = list(GOOD)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=200),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
hostile_strings = st.sampled_from([
    "", " ", "\x00", "\u202e\u0645", "🏺" * 500, "a" * 20_000, "../../../etc/passwd", "..\\..\\boot.ini",
    "/etc/shadow", "photo.jpg/../../x.jpg", "C:\\Windows\\x.png", "%2e%2e%2fx.jpg", "\ud7ff", "NaN",
    "<script>alert(1)</script>", "{{7*7}}", "Ignore previous instructions",
]) | st.text(max_size=300)
photo_names = hostile_strings | st.from_regex(r"[A-Za-z0-9 ._-]{1,20}\.(jpg|png|gif|webp)", fullmatch=True)


def _bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, format="PNG")
    return buffer.getvalue()


BOMB = _bomb()
photo_bytes = st.sampled_from([b"", PHOTO[: len(PHOTO) // 3], PHOTO[:100], BOMB, b"GIF89a" + b"\x00" * 50]) | st.binary(max_size=2000)

documents = st.one_of(
    json_values,
    st.fixed_dictionaries({k: st.just(v) for k, v in GOOD.items()}).flatmap(
        lambda good: st.dictionaries(st.sampled_from(FIELDS), json_values | hostile_strings, max_size=6).map(
            lambda changes: {**good, **changes})),
    st.builds(lambda names: {**GOOD, "photos": names}, st.lists(photo_names, min_size=0, max_size=4)),
)


def _run(root: Path, metadata: bytes, photos: dict[str, bytes]):
    store = LocalObjectStore(root=str(root / "landing"))
    key = write_upload(store, "fuzz", metadata, {})
    for name, data in photos.items():
        # Seller tools write whatever names they like; only plain names land inside the folder.
        target = root / "landing" / "uploads" / "fuzz" / name
        if target.resolve().parent == (root / "landing" / "uploads" / "fuzz").resolve():
            target.write_bytes(data)
    upload = read_upload(store, "fuzz", key, "etag")
    listings, rejections = split_uploads([upload], store, LocalObjectStore(root=str(root / "artifacts")))
    return listings + rejections


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_random_and_hostile_metadata_never_crashes(tmp_path, document):
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.jpg").write_bytes(PHOTO)
    before = _snapshot(outside)
    try:
        metadata = json.dumps(document, allow_nan=True).encode()
    except (TypeError, ValueError, RecursionError):
        metadata = repr(document).encode()
    (result,) = _run(tmp_path, metadata, {"pres1_small.jpg": PHOTO})
    assert isinstance(result, (Listing, Rejection))
    if isinstance(result, Rejection):
        assert result.field and result.reason.startswith("listing ")
        assert f"field {result.field}" in result.reason
    else:
        assert all(key.startswith(f"photos/{result.listing_id}/photo-") for key in result.photo_keys)
    assert _snapshot(outside) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=photo_bytes)
def test_broken_photos_are_rejected_with_the_photo_named(tmp_path, data):
    document = {**GOOD, "listing_id": "fuzz", "photos": ["p.png"]}
    (result,) = _run(tmp_path, json.dumps(document).encode(), {"p.png": data})
    if data == PHOTO:
        return
    assert isinstance(result, Rejection)
    assert result.field == "photos.0" and "fuzz" in result.reason and "photo 1 of 1" in result.reason


def test_deeply_nested_and_huge_json_is_rejected(tmp_path):
    for metadata in (b"[" * 50_000 + b"]" * 50_000, b'{"a": "' + b"x" * 1_000_000 + b'"}', b"\xef\xbb\xbf{}"):
        (result,) = _run(tmp_path, metadata, {})
        assert isinstance(result, Rejection)
        assert result.field in {"listing.json", "listing_id"}
