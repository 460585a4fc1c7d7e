from pathlib import Path

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


def _exact_top(vectors, rows, query, k):
    return sorted(rows, key=lambda i: -float(vectors[i] @ query))[:k]


def test_rows_added_since_the_last_save_are_found_by_filtered_and_plain_search(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    rng = np.random.default_rng(2)
    new_vectors = _unit(rng, 4)
    index.upsert(_records(["n0", "n1", "n2", "n3"], ["glass", "glass", "paper", "ceramics"]),
                 new_vectors)
    assert index.count() == 504
    assert index.search(new_vectors[0], 1, {"category": "glass"})[0].listing_id == "n0"
    assert index.search(new_vectors[2], 1)[0].listing_id == "n2"
    # A category that only exists in the tail.
    assert [h.listing_id for h in index.search(new_vectors[0], 5, {"category": "paper"})] == ["n2"]


def test_upsert_moving_a_listing_to_another_category_leaves_no_stale_copy(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    assert categories[1] == "ceramics"
    index.upsert(_records([ids[1]], ["glass"]), vectors[1:2])
    in_ceramics = index.search(vectors[1], 5, {"category": "ceramics"})
    in_glass = index.search(vectors[1], 5, {"category": "glass"})
    assert ids[1] not in [h.listing_id for h in in_ceramics]
    assert in_glass[0].listing_id == ids[1] and in_glass[0].category == "glass"
    index.save()
    reopened = store.open()
    assert reopened.count() == 500
    assert reopened.search(vectors[1], 1, {"category": "glass"})[0].listing_id == ids[1]
    assert ids[1] not in [h.listing_id for h in reopened.search(vectors[1], 5, {"category": "ceramics"})]


def test_filtered_search_with_extra_columns_matches_exact_search_over_those_rows(tmp_path):
    rng = np.random.default_rng(3)
    ids = [f"l{i}" for i in range(300)]
    categories = ["ceramics" if i % 3 else "glass" for i in range(300)]
    records = _records(ids, categories)
    records["successful"] = [i % 4 == 0 for i in range(300)]
    vectors = _unit(rng, 300)
    store = UsearchVectorStore(path=str(tmp_path / "ix"), dimension=16)
    index = store.open()
    index.upsert(records, vectors)
    index.save()
    index = store.open()
    query = _unit(rng, 1)[0]
    wanted = [i for i in range(300) if categories[i] == "ceramics" and i % 4 == 0]
    hits = index.search(query, 7, {"category": "ceramics", "kind": "description", "successful": True})
    assert [h.listing_id for h in hits] == [ids[i] for i in _exact_top(vectors, wanted, query, 7)]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    # Scores come from the float16 copy: within float16's ~1e-3 relative precision.
    assert abs(scores[0] - float(vectors[ids.index(hits[0].listing_id)] @ query)) < 1e-3
    assert index.search(query, 3, {"category": "unknown"}) == []


def test_deleted_rows_stay_gone_from_filtered_search_and_after_reopen(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    glass = [i for i, c in enumerate(categories) if c == "glass"]
    doomed = glass[:5]
    assert index.delete([doc_id_for("description", ids[i]) for i in doomed]) == 5
    assert index.delete([doc_id_for("description", ids[doomed[0]])]) == 0
    assert index.count() == 495
    for i in doomed:
        returned = {h.listing_id for h in index.search(vectors[i], 50, {"category": "glass"})}
        returned |= {h.listing_id for h in index.search(vectors[i], 20)}
        assert ids[i] not in returned
    index.save()
    reopened = store.open()
    assert reopened.count() == 495 and len(reopened.graph) == 495
    kept = [i for i in glass if i not in doomed]
    hits = reopened.search(vectors[doomed[0]], 50, {"category": "glass"})
    assert sorted(h.listing_id for h in hits) == sorted(ids[i] for i in kept)


def test_many_upserts_rebase_the_tail_without_losing_rows(tmp_path):
    rng = np.random.default_rng(4)
    store = UsearchVectorStore(path=str(tmp_path / "ix"), dimension=16)
    index = store.open()
    index.rebase_above = 40  # small, so the tail is folded into the sorted base several times
    vectors = _unit(rng, 200)
    categories = ["glass", "paper", "ceramics", "candles"]
    for start in range(0, 200, 25):
        chunk = range(start, start + 25)
        index.upsert(_records([f"l{i}" for i in chunk], [categories[i % 4] for i in chunk]),
                     vectors[start:start + 25])
    assert index.count() == 200
    for i in (0, 77, 199):
        assert index.search(vectors[i], 1)[0].listing_id == f"l{i}"
        assert index.search(vectors[i], 1, {"category": categories[i % 4]})[0].listing_id == f"l{i}"
    paper = [i for i in range(200) if i % 4 == 1]
    hits = index.search(vectors[0], 10, {"category": "paper"})
    assert [h.listing_id for h in hits] == [f"l{i}" for i in _exact_top(vectors, paper, vectors[0], 10)]


def test_batch_search_agrees_with_single_queries_and_exact_search(populated):
    store, ids, _, vectors = populated
    index = store.open()
    queries = _unit(np.random.default_rng(6), 20)
    batch = index.search_batch(queries, 5)
    key_of = {key_for(doc_id_for("description", i)): i for i in ids}
    found = 0
    for query, keys in zip(queries, batch):
        single = [h.listing_id for h in index.search(query, 5)]
        assert [key_of[int(k)] for k in keys] == single
        exact = [ids[i] for i in _exact_top(vectors, range(len(ids)), query, 5)]
        found += len(set(single) & set(exact))
    assert found / (20 * 5) >= 0.9


def test_filtered_scan_recall_holds_on_a_category_too_big_to_rescore_whole(tmp_path):
    # 3,000 rows per category, far more than the 64 the int8 scan hands to exact re-scoring, and
    # queries from unrelated categories too: the shortlist must still hold the exact top 10.
    rng = np.random.default_rng(7)
    centres = _unit(rng, 3, dim=64)
    n = 9_000
    categories = np.arange(n) % 3
    vectors = centres[categories] * 0.6 + _unit(rng, n, dim=64) * 0.4
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    names = ["glass", "paper", "ceramics"]
    ids = [f"l{i}" for i in range(n)]
    store = UsearchVectorStore(path=str(tmp_path / "ix"), dimension=64)
    index = store.open()
    index.upsert(_records(ids, [names[c] for c in categories]), vectors)
    index.save()
    index = store.open()
    queries = _unit(rng, 30, dim=64)
    found = 0
    for j, query in enumerate(queries):
        wanted = np.flatnonzero(categories == j % 3)
        exact = {ids[i] for i in _exact_top(vectors, wanted, query, 10)}
        hits = index.search(query, 10, {"category": names[j % 3]})
        assert len(hits) == 10 and all(h.category == names[j % 3] for h in hits)
        found += len(exact & {h.listing_id for h in hits})
    assert found / 300 >= 0.99


def test_one_listing_upserts_wait_for_the_graph_but_are_found_at_once(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    index.graph_add_batch = 8
    fresh = _unit(np.random.default_rng(9), 10)
    for i in range(5):  # below the batch: pending, not yet in the graph
        index.upsert(_records([ids[i]], [categories[i]]), fresh[i:i + 1])
    assert len(index.graph) == 495 and index.count() == 500
    for i in range(5):
        assert index.search(fresh[i], 1)[0].listing_id == ids[i]
        assert index.search(fresh[i], 1, {"category": categories[i]})[0].listing_id == ids[i]
        # The old vector no longer finds it first, and it comes back once, not twice.
        listed = [h.listing_id for h in index.search(vectors[i], 20)]
        assert listed.count(ids[i]) <= 1
    index.upsert(_records([ids[0]], [categories[0]]), fresh[9:10])  # again while pending
    index.delete([doc_id_for("description", ids[1])])
    assert ids[1] not in [h.listing_id for h in index.search(fresh[1], 10)]
    for i in range(5, 7):  # the eighth pending entry sends the live ones to the graph
        index.upsert(_records([ids[i]], [categories[i]]), fresh[i:i + 1])
    assert len(index.graph) == 499 and index.count() == 499
    assert index.search(fresh[9], 1)[0].listing_id == ids[0]
    index.save()
    reopened = store.open()
    assert reopened.count() == 499 and len(reopened.graph) == 499
    assert reopened.search(fresh[6], 1)[0].listing_id == ids[6]


def test_doc_ids_lists_live_documents_in_base_and_tail(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    index.upsert(_records(["n0"], ["glass"]), _unit(np.random.default_rng(3), 1))
    index.delete([doc_id_for("description", ids[0])])
    expected = {doc_id_for("description", i) for i in ids[1:]} | {doc_id_for("description", "n0")}
    assert index.doc_ids() == expected
    index.save()
    assert store.open().doc_ids() == expected


def test_a_read_only_open_maps_the_graph_answers_the_same_and_refuses_writes(populated):
    store, ids, categories, vectors = populated
    writable, mapped = store.open(), store.open(read_only=True)
    for i in (3, 250):
        assert ([h.doc_id for h in mapped.search(vectors[i], 5)]
                == [h.doc_id for h in writable.search(vectors[i], 5)])
        assert ([h.doc_id for h in mapped.search(vectors[i], 5, {"category": "glass"})]
                == [h.doc_id for h in writable.search(vectors[i], 5, {"category": "glass"})])
    with pytest.raises(PermissionError, match="read-only"):
        mapped.upsert(_records(["x"], ["glass"]), vectors[:1])
    with pytest.raises(PermissionError, match="read-only"):
        mapped.delete([doc_id_for("description", ids[0])])
    with pytest.raises(PermissionError, match="read-only"):
        mapped.save()


def test_many_small_upserts_after_a_reopen_grow_the_tail_past_its_first_allocation(populated):
    # A reopened index's first small upsert sized the row arrays with slack but the tail's
    # vectors with less; 1,500 more rows, one call at a time, must not run past the tail.
    store, ids, categories, vectors = populated
    index = store.open()
    fresh = _unit(np.random.default_rng(10), 1_500)
    new_ids = [f"n{i}" for i in range(1_500)]
    for i in range(0, 1_500, 50):
        index.upsert(_records(new_ids[i:i + 50], ["glass"] * 50), fresh[i:i + 50])
    assert index.count() == 2_000
    for i in (0, 777, 1_499):
        assert index.search(fresh[i], 1)[0].listing_id == new_ids[i]
        assert index.search(fresh[i], 1, {"category": "glass"})[0].listing_id == new_ids[i]


def test_a_document_twice_in_one_upsert_keeps_its_last_row(populated):
    store, ids, categories, vectors = populated
    index = store.open()
    fresh = _unit(np.random.default_rng(11), 2)
    twice = _records(["dup", "dup"], ["glass", "paper"])
    assert index.upsert(twice, fresh) == 1
    assert index.count() == 501
    hit = index.search(fresh[1], 1)[0]
    assert hit.listing_id == "dup" and hit.category == "paper"
    assert index.search(fresh[0], 5, {"category": "glass"})[0].listing_id != "dup"
