"""Publishing's assignment log end to end: select_published and publish draw and publish, the
draws go to the log, and the production reader feeds assignment_counts and srm_check."""

import json
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement import allocation as allocation_module
from handmade_assets.engagement.assignment_log import ASSIGNMENTS_PREFIX, read_assignment_log
from handmade_assets.engagement.scoring import ALL, assignment_counts, score_variants, srm_check
from handmade_assets.engagement.sources import LandingZoneEvents
from handmade_assets.generation import publishing
from handmade_assets.generation.publishing import (
    assignment_draws,
    publish,
    record_assignments,
    select_published,
)
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PERSONA_KEYS, PROMPT_VERSION

T1 = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
CATEGORIES = ("ceramics", "leather")
LOCALES = ("en", "de")
# Not the equal split: the check must compare with these weights, not with 1/6 each.
ALLOCATION = {
    ("ceramics", "en"): {**dict.fromkeys(PERSONA_KEYS, 0.1), "heritage_historian": 0.5},
    ("leather", "en"): {**dict.fromkeys(PERSONA_KEYS, 0.1), "functionality_reviewer": 0.5},
    ("ceramics", "de"): {**dict.fromkeys(PERSONA_KEYS, 0.05), "maker_advocate": 0.75},
}


def _drafts(n_listings: int) -> pd.DataFrame:
    """Every persona's passing draft for each listing and locale (what publishing chooses from)."""
    rows = []
    for i in range(n_listings):
        category = CATEGORIES[i % 2]
        for locale in LOCALES:
            for persona in PERSONA_KEYS:
                content = {"title": f"t{i}", "description": "d", "meta_title": "m", "meta_description": "m"}
                rows.append({
                    "listing_id": f"lst-{i:05d}", "category": category, "locale": locale,
                    "persona": persona, "prompt_version": PROMPT_VERSION, "model_id": "local",
                    "status": "ok", "error": None, "gate_failures": "",
                    "content_json": json.dumps(content), "content_hash": f"{i}-{locale}-{persona}",
                    **content,
                })
    return pd.DataFrame(rows)


def _publish_batch(store, drafts, batch_id, now, approvals=None):
    """What the publish_descriptions asset does, through the same functions."""
    chosen, _ = select_published(drafts, ALLOCATION, "prompt_scores as of test", approvals)
    published = publish(store, chosen, batch_id, now)
    draws = assignment_draws(drafts, ALLOCATION, "prompt_scores as of test", published, approvals)
    return record_assignments(store, draws, batch_id, now), draws


@pytest.fixture(scope="module")
def fair(tmp_path_factory):
    store = LocalObjectStore(root=str(tmp_path_factory.mktemp("fair")))
    drafts = _drafts(800)
    # Gate failures on some drawn personas' drafts (a fallback is published) and on every
    # draft of a few cells (held): both must still count as the draw they were.
    failed = drafts["listing_id"].isin([f"lst-{i:05d}" for i in range(0, 800, 40)])
    drafts.loc[failed, "gate_failures"] = "x"
    drafts.loc[(drafts["listing_id"] == "lst-00001") & (drafts["persona"] == publishing.choose_persona(
        "lst-00001", "leather", "en", ALLOCATION)) & (drafts["locale"] == "en"), "gate_failures"] = "y"
    key, draws = _publish_batch(store, drafts, "batch-1", T1)
    return store, key, draws


def test_every_cell_is_logged_with_its_draw_weights_and_outcome(fair):
    store, key, draws = fair
    assert key == f"{ASSIGNMENTS_PREFIX}/dt=2026-11-20/batch-1.jsonl"
    log = read_assignment_log(store)
    assert len(log) == 800 * 2  # every listing and locale, held ones included
    assert set(log["outcome"]) == {"published", "fallback", "held"}
    assert (log["outcome"] == "held").sum() == 20 * 2
    row = log.set_index(["listing_id", "locale"]).loc[("lst-00001", "en")]
    assert row["outcome"] == "fallback" and row["published_persona"] != row["persona"]
    assert row["weights"] == pytest.approx(ALLOCATION[("leather", "en")])
    # A cell without its own allocation drew from the broader one (here: uniform).
    leather_de = log[(log["category"] == "leather") & (log["locale"] == "de")].iloc[0]
    assert leather_de["weights"] == pytest.approx(dict.fromkeys(PERSONA_KEYS, 1 / 6))
    assert (log["assigned_at"] == T1.isoformat()).all() and (log["batch_id"] == "batch-1").all()
    # The persona recorded is the draw, not what was published.
    published = log[log["outcome"] == "published"]
    assert (published["persona"] == published["published_persona"]).all()


def test_a_fair_log_passes_the_sample_ratio_check_through_the_production_reader(fair):
    store, _, _ = fair
    counts = LandingZoneEvents().assignments(store)
    assert counts["listings"].sum() == 1600
    assert counts["fallbacks"].sum() == 1
    np.testing.assert_allclose(counts["expected_listings"].sum(), 1600)
    srm = srm_check(counts)
    assert not srm["srm_alarm"].any()
    overall = srm[(srm["category"] == ALL) & (srm["locale"] == ALL)]["srm_p_value"].iloc[0]
    assert overall > 0.01
    # Against the equal split (the premise without a log) the same draws look badly skewed.
    equal = counts.assign(expected_listings=counts.groupby(["category", "locale"])["listings"].transform("sum") / 6)
    assert srm_check(equal)["srm_alarm"].any()


def test_a_planted_assignment_bug_alarms(tmp_path, monkeypatch):
    # The bug: publishing draws with weights that favour visual_poet 2 x, while it records
    # (and the check expects) the allocation's.
    honest = allocation_module.choose_persona

    def biased(listing_id, category, locale, allocation, **kwargs):
        weights = dict(allocation_module.cell_probabilities(allocation, category, locale))
        weights["visual_poet"] *= 2
        return honest(listing_id, category, locale, {(category, locale): weights}, **kwargs)

    monkeypatch.setattr(publishing, "choose_persona", biased)
    store = LocalObjectStore(root=str(tmp_path))
    _publish_batch(store, _drafts(800), "batch-1", T1)
    srm = srm_check(LandingZoneEvents().assignments(store))
    overall = srm[(srm["category"] == ALL) & (srm["locale"] == ALL)].iloc[0]
    assert overall["srm_alarm"] and overall["srm_p_value"] < 1e-4


def test_a_batch_published_again_later_leaves_one_draw_per_cell(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    drafts = _drafts(20)
    _publish_batch(store, drafts, "batch-1", T1)
    _publish_batch(store, drafts, "batch-1", T1)  # the same day: the same object, replaced
    _publish_batch(store, drafts, "batch-1", T2)  # a later day: a new object, the newer draw stands
    assert len(store.list_objects(f"{ASSIGNMENTS_PREFIX}/")) == 2
    log = read_assignment_log(store)
    assert len(log) == 40 and (log["assigned_at"] == T2.isoformat()).all()
    assert assignment_counts(log)["listings"].sum() == 40


def test_no_log_means_no_check():
    class Empty:
        def list_objects(self, prefix, since=None):
            return []

    assert LandingZoneEvents().assignments(Empty()) is None
    assert srm_check(None, pd.DataFrame({"category": [ALL], "locale": [ALL]}))["srm_p_value"].isna().all()


def test_prompt_scores_and_the_report_run_the_check_from_the_log(fair):
    import dagster as dg

    from handmade_assets.engagement.assets import ScoringConfig, prompt_scores
    from handmade_assets.reporting.report import build_report

    store, _, _ = fair
    log = read_assignment_log(store)
    # A day of traffic on the published listings, scored by the production asset.
    rng = np.random.default_rng(0)
    shown = log[log["outcome"] != "held"]
    metrics = pd.DataFrame({
        "date": T1.date(), "listing_id": shown["listing_id"], "category": shown["category"],
        "locale": shown["locale"], "persona": shown["published_persona"], "prompt_version": PROMPT_VERSION,
        "impressions": 400, "clicks": rng.binomial(400, 0.03, len(shown)), "add_to_carts": 0,
        "purchases": rng.binomial(400, 0.002, len(shown)), "dwell_count": 0, "dwell_log_sum": 0.0,
        "dwell_log_sq_sum": 0.0,
    })
    context = dg.build_asset_context(partition_key=T1.date().isoformat())
    scores = prompt_scores(context, ScoringConfig(), {T1.date().isoformat(): metrics},
                           artifact_store=store, engagement_source=LandingZoneEvents())
    assert scores["srm_p_value"].notna().all() and not scores["srm_alarm"].any()
    html = build_report(scores, metrics, week_start=T1.date(), draws=200).html
    assert "Sample ratio: listings were assigned" in html and "not checked" not in html
