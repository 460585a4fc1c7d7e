"""Variant pairs: two texts on one listing for a storefront that splits its traffic, drafted and
published with their weights (off by default), and compared paired by listing."""

import json
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.allocation import choose_pair, choose_persona
from handmade_assets.engagement.scoring import paired_difference, within_listing_comparisons
from handmade_assets.generation.drafting import write_drafts
from handmade_assets.generation.planning import allocation_plan
from handmade_assets.generation.publishing import live_key, publish, read_history, select_published
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PERSONA_KEYS
from handmade_assets_demo.traffic import ListingTraffic, simulate_variant_pairs
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

T1 = datetime(2026, 11, 20, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 21, tzinfo=timezone.utc)
LEANING = {("ceramics", "en"): {**dict.fromkeys(PERSONA_KEYS, 0.02), PERSONA_KEYS[1]: 0.5, PERSONA_KEYS[4]: 0.4}}


def test_a_pair_is_the_allocations_draw_and_a_second_draw_without_it():
    pairs = [choose_pair(f"l{i}", "ceramics", "en", LEANING) for i in range(400)]
    assert all(a != b for a, b in pairs)
    assert [a for a, _ in pairs] == [choose_persona(f"l{i}", "ceramics", "en", LEANING) for i in range(400)]
    assert pairs == [choose_pair(f"l{i}", "ceramics", "en", LEANING) for i in range(400)]  # stable
    # The second follows the allocation among the rest: after the favourite, the runner-up.
    seconds = pd.Series([b for a, b in pairs if a == PERSONA_KEYS[1]]).value_counts(normalize=True)
    assert seconds.index[0] == PERSONA_KEYS[4] and seconds.iloc[0] > 0.7


@pytest.fixture
def pair_drafts():
    facts = {k: FACTS_BY_LISTING[k] for k in ("l0", "l1")}
    plan = allocation_plan({k: f.category for k, f in facts.items()}, ["en"], LEANING, variant_pairs=True)
    assert all(len(personas) == 2 for personas in plan.values())
    frame = write_drafts(facts, {}, LocalComposerGenerator(), PERSONA_KEYS, ["en"], plan=plan)
    frame["gate_failures"] = ""
    return frame


def test_pairs_are_published_with_their_weights_and_the_split_in_the_live_text(pair_drafts, tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    published, held = select_published(pair_drafts, LEANING, "test", pair_weight=0.7)
    assert held.empty and len(published) == 4
    for listing, cell in published.groupby("listing_id"):
        assert list(cell["variant"]) == ["a", "b"] and list(cell["traffic_weight"]) == [0.7, pytest.approx(0.3)]
        assert tuple(cell["persona"]) == choose_pair(listing, "ceramics", "en", LEANING)
    publish(store, published, "batch-1", now=T1)
    live = json.loads(store.get_bytes(live_key("l0", "en")))
    assert [v["variant"] for v in live["split"]] == ["a", "b"]
    assert [v["traffic_weight"] for v in live["split"]] == [0.7, pytest.approx(0.3)]
    second = json.loads(store.get_bytes(live["split"][1]["document"]))
    assert second["content_hash"] == live["split"][1]["content_hash"] != live["content_hash"]
    # Publishing the same again changes nothing; going back to one text drops the split.
    publish(store, published, "batch-1", now=T2)
    assert len(read_history(store, "l0", "en")) == 1
    single, _ = select_published(pair_drafts, LEANING, "test")
    assert len(single) == 2 and set(single["variant"]) == {"a"}
    publish(store, single, "batch-2", now=T2)
    assert "split" not in json.loads(store.get_bytes(live_key("l0", "en")))


def test_a_pair_whose_second_text_failed_publishes_one(pair_drafts):
    second = {listing: choose_pair(listing, "ceramics", "en", LEANING)[1] for listing in ("l0", "l1")}
    failed = pair_drafts.apply(lambda r: r["persona"] == second[r["listing_id"]], axis=1)
    pair_drafts.loc[failed, "gate_failures"] = "a risky claim"
    published, _ = select_published(pair_drafts, LEANING, "test", pair_weight=0.5)
    assert len(published) == 2 and set(published["traffic_weight"]) == {1.0}


def _pair_metrics(counts, personas=("maker_advocate", "visual_poet")) -> pd.DataFrame:
    """Rows at the engagement_metrics grain from simulated variant pairs (one locale)."""
    rows = []
    for persona, n, y in ((personas[0], counts.impressions_a, counts.purchases_a),
                          (personas[1], counts.impressions_b, counts.purchases_b)):
        totals_n, totals_y = n.sum(axis=0), y.sum(axis=0)
        rows.append(pd.DataFrame({
            "listing_id": [f"sim-{i}" for i in range(len(totals_n))], "locale": "en", "category": "ceramics",
            "persona": persona, "prompt_version": "v1", "impressions": totals_n, "purchases": totals_y,
        }))
    return pd.concat(rows, ignore_index=True)


def test_within_listing_comparisons_name_the_better_text_paired_by_listing():
    traffic = ListingTraffic(appeal_log_sd=1.0)
    better = simulate_variant_pairs(1000, 30, 300_000, 1, conversion_a=0.0008, conversion_b=0.0006,
                                    within_listing=True, traffic=traffic)
    table = within_listing_comparisons(_pair_metrics(better))
    row = table.iloc[0]
    assert row["listings"] > 900 and row["verdict"] == "winner: maker_advocate"
    assert row["difference_low"] > 0
    # Appeal cancels: the paired variance is well below the two rates' variances added.
    n_a, y_a = better.impressions_a.sum(0), better.purchases_a.sum(0)
    n_b, y_b = better.impressions_b.sum(0), better.purchases_b.sum(0)
    _, paired = paired_difference(y_a, n_a, y_b, n_b)
    _, var_a = paired_difference(y_a, n_a, np.zeros_like(y_b), n_b)
    _, var_b = paired_difference(np.zeros_like(y_a), n_a, y_b, n_b)
    assert paired < 0.8 * (var_a + var_b)
    equal = simulate_variant_pairs(1000, 30, 300_000, 2, conversion_a=0.0006, conversion_b=0.0006,
                                   within_listing=True, traffic=traffic)
    assert within_listing_comparisons(_pair_metrics(equal)).iloc[0]["verdict"] == "no clear winner"


def test_listings_whose_locales_drew_different_personas_are_no_pairs():
    metrics = pd.DataFrame({
        "listing_id": ["x", "x"], "locale": ["en", "de"], "category": "ceramics",
        "persona": ["maker_advocate", "visual_poet"], "prompt_version": "v1",
        "impressions": [100, 100], "purchases": [1, 0],
    })
    assert within_listing_comparisons(metrics).empty
