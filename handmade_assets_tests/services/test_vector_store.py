import numpy as np
import pandas as pd
import pytest

from handmade_assets.services.vector_store import UsearchVectorStore, doc_id_for, key_for


def _records(ids, categories, languages=None):
    return pd.DataFrame({
        "doc_id": [doc_id_for("description", i) for i in ids],
        "listing_id": ids,
        "kind": "description",
        "category": categories,
        "language": languages or ["en"] * len(ids),
        "title": [f"title {i}" for i in ids],
        "text": [f"text {i}" for i in ids],
        "successful": True,
    })


def _unit(rng, n, dim=16):
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def populated(tmp_path):
    rng = np.random.default_rng(0)
    ids = [f"l{i}" for i in range(500)]
    categories = ["ceramics" if i % 10 else "glass" for i in range(500)]
    vectors = _unit(rng, 500)
    store = UsearchVectorStore(path=str(tmp_path / "ix"), dimension=16)
    index = store.open()
    index.upsert(_records(ids, categories), vectors)
    index.save()
    return store, ids, categories, vectors


def test_nearest_neighbour_of_a_stored_vector_is_itself(populated):
    store, ids, _, vectors = populated
    index = store.open()
    for i in (0, 17, 499):
        assert index.search(vectors[i], 1)[0].listing_id == ids[i]


def test_upsert_by_listing_id_overwrites_and_never_duplicates(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    replacement = _unit(np.random.default_rng(1), 3)
    index.upsert(_records(ids[:3], categories[:3]), replacement)
    index.save()
    reopened = store.open()
    assert reopened.count() == 500
    assert len(reopened.graph) == 500
    assert reopened.search(replacement[0], 1)[0].listing_id == ids[0]


def test_filtered_search_is_exact_and_only_returns_the_category(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    query = vectors[5]  # a ceramics item; glass is an unrelated 10 % slice
    hits = index.search(query, 10, {"category": "glass"})
    glass = [i for i, c in enumerate(categories) if c == "glass"]
    exact = sorted(glass, key=lambda i: -float(vectors[i] @ query))[:10]
    assert [h.listing_id for h in hits] == [ids[i] for i in exact]
    assert all(h.category == "glass" for h in hits)


def test_deleted_ids_are_never_returned(populated):
    store, ids, _, vectors = populated
    index = store.open()
    assert index.delete([doc_id_for("description", ids[7])]) == 1
    assert all(h.listing_id != ids[7] for h in index.search(vectors[7], 20))


def test_keys_are_stable_63_bit_integers():
    assert key_for("description:abc") == key_for("description:abc")
    assert 0 <= key_for("description:abc") < 2**63
    assert key_for("description:abc") != key_for("reviews:abc")


def test_wrong_dimension_is_refused(tmp_path):
    index = UsearchVectorStore(path=str(tmp_path), dimension=16).open()
    with pytest.raises(ValueError, match="shape"):
        index.upsert(_records(["a"], ["glass"]), np.zeros((1, 8), dtype=np.float32))
