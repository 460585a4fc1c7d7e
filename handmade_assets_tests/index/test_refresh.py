import pandas as pd

from handmade_assets.index.refresh import plan_refresh, read_manifest, record_hashes, write_manifest
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.services.vector_store import doc_id_for

MODEL = "local/all-MiniLM-L6-v2"


def _records(texts: dict[str, str], successful: bool = True) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [doc_id_for("description", i) for i in texts],
        "listing_id": list(texts), "kind": "description", "category": "ceramics",
        "language": "en", "title": [f"title {i}" for i in texts], "text": list(texts.values()),
        "successful": successful,
    })


def _applied(records: pd.DataFrame):
    """The manifest and index ids after a full first refresh of `records`."""
    plan = plan_refresh(records, None, MODEL, set())
    return plan.manifest, set(plan.manifest["doc_id"])


def test_first_refresh_embeds_everything():
    records = _records({"a": "blue vase", "b": "oak bowl"})
    plan = plan_refresh(records, None, MODEL, set())
    assert list(plan.to_embed["listing_id"]) == ["a", "b"] and plan.removed == []


def test_an_unchanged_corpus_embeds_nothing():
    records = _records({"a": "blue vase", "b": "oak bowl"})
    manifest, indexed = _applied(records)
    plan = plan_refresh(records, manifest, MODEL, indexed)
    assert plan.to_embed.empty and plan.unchanged == 2 and plan.removed == []


def test_only_new_and_changed_records_are_embedded_and_departed_ones_deleted():
    manifest, indexed = _applied(_records({"a": "blue vase", "b": "oak bowl", "c": "wool scarf"}))
    now = _records({"a": "blue vase", "b": "oak bowl, oiled", "d": "silver ring"})
    plan = plan_refresh(now, manifest, MODEL, indexed)
    assert sorted(plan.to_embed["listing_id"]) == ["b", "d"]
    assert plan.removed == [doc_id_for("description", "c")]
    assert set(plan.manifest["doc_id"]) == set(now["doc_id"])


def test_a_metadata_change_is_re_upserted():
    manifest, indexed = _applied(_records({"a": "blue vase"}, successful=False))
    plan = plan_refresh(_records({"a": "blue vase"}, successful=True), manifest, MODEL, indexed)
    assert list(plan.to_embed["listing_id"]) == ["a"]


def test_a_new_model_re_embeds_everything():
    records = _records({"a": "blue vase", "b": "oak bowl"})
    manifest, indexed = _applied(records)
    assert len(plan_refresh(records, manifest, "amazon.titan-embed-text-v2:0", indexed).to_embed) == 2


def test_documents_the_index_lost_are_embedded_again_and_strays_deleted():
    records = _records({"a": "blue vase", "b": "oak bowl"})
    manifest, _ = _applied(records)
    stray = doc_id_for("description", "zz")
    plan = plan_refresh(records, manifest, MODEL, {doc_id_for("description", "a"), stray})
    assert list(plan.to_embed["listing_id"]) == ["b"] and plan.removed == [stray]


def test_hashes_are_stable_and_see_every_field():
    records = _records({"a": "blue vase"})
    assert record_hashes(records).tolist() == record_hashes(records.copy()).tolist()
    moved = records.assign(category="glass")
    assert record_hashes(moved)[0] != record_hashes(records)[0]


def test_manifest_round_trips_through_the_object_store(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    assert read_manifest(store) is None
    manifest, _ = _applied(_records({"a": "blue vase"}))
    write_manifest(store, manifest)
    pd.testing.assert_frame_equal(read_manifest(store), manifest)
