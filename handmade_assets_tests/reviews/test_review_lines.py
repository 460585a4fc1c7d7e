"""One broken review line is set aside with its reason; every good line is still ingested."""

import json

import dagster as dg

from handmade_assets.reviews.assets import customer_reviews
from handmade_assets.reviews.landing import good_lines, read_landed_reviews
from handmade_assets.services.object_store import LocalObjectStore


def _review(review_id: str, text: str = "Lovely glaze, well packed.") -> bytes:
    return json.dumps({"review_id": review_id, "listing_id": "saba-01", "reviewer_name": "Ann Lee",
                       "rating": 5.0, "review_title": "Nice", "review_text": text,
                       "created_at": "2025-06-01T10:00:00Z"}).encode()


BROKEN = b"\n".join([
    _review("r1"),
    b'{"review_id": "r2", "review_text": "caf\xe9 ann.lee@example.com"}',  # Latin-1, not UTF-8
    b'{"review_id": "r3", "review_text": ',  # cut off
    b'["not", "an", "object"]',
    json.dumps({"listing_id": "saba-01", "review_text": "no id"}).encode(),
    b'{"review_id": "r6", "listing_id": "saba-01", "review_text": "half \\ud800 a pair"}',
    b"",
    _review("r7", "Gorgeous \u00e9maill\u00e9 bowl."),
])


def test_bad_lines_are_set_aside_with_their_line_and_reason_never_their_text():
    good, bad = good_lines("reviews/a.jsonl", BROKEN)
    assert [json.loads(line)["review_id"] for line in good] == ["r1", "r7"]
    assert [(b.line, b.reason.split(" ")[0]) for b in bad] == [
        (2, "not"), (3, "not"), (4, "expected"), (5, "missing"), (6, "holds")]
    assert all("ann.lee" not in b.reason and "caf" not in b.reason for b in bad)


def test_customer_reviews_ingests_every_good_line_and_counts_the_bad(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    store.put_bytes("reviews/broken.jsonl", BROKEN)
    store.put_bytes("reviews/clean.jsonl", _review("r8") + b"\n" + _review("r9"))
    frame, bad = read_landed_reviews(store)
    assert sorted(frame["review_id"]) == ["r1", "r7", "r8", "r9"] and len(bad) == 5

    result = dg.materialize([customer_reviews], resources={"landing_zone": store})
    assert result.success
    reviews = result.output_for_node("customer_reviews")
    assert sorted(reviews["review_id"]) == ["r1", "r7", "r8", "r9"]
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["bad_lines"].value == 5
    assert "ann.lee" not in json.dumps(metadata["bad_lines_detail"].value)
