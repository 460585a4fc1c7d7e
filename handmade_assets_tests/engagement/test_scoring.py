import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.metrics import aggregate_events
from handmade_assets.engagement.scoring import score_variants, winners
from handmade_assets.engagement.simulator import DEFAULT_TRUTH, simulate_day, simulate_live_catalog
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS

N_SEGMENTS = 1 + len(CATEGORIES) + len(LOCALES) + len(CATEGORIES) * len(LOCALES)


@pytest.fixture(scope="module")
def week_scores(week_metrics):
    return score_variants(week_metrics, draws=4000)


def _overall(scores: pd.DataFrame) -> pd.DataFrame:
    return scores[(scores["category"] == "all") & (scores["locale"] == "all")].set_index("persona")


def _persona_metrics(
    impressions: dict[str, int], purchases: dict[str, int] | None = None
) -> pd.DataFrame:
    """Hand-made aggregate rows: one (category, locale) cell, one row per persona."""
    purchases = purchases or {}
    return pd.DataFrame(
        {
            "date": dt.date(2025, 3, 2),
            "listing_id": [f"l-{i}" for i in range(len(impressions))],
            "category": "ceramics",
            "locale": "en",
            "persona": list(impressions),
            "prompt_version": "v1",
            "impressions": list(impressions.values()),
            "clicks": [n // 30 for n in impressions.values()],
            "add_to_carts": [n // 300 for n in impressions.values()],
            "purchases": [purchases.get(p, n // 1500) for p, n in impressions.items()],
            "dwell_count": [n // 30 for n in impressions.values()],
            "dwell_log_sum": [3.6 * (n // 30) for n in impressions.values()],
            "dwell_log_sq_sum": [14.0 * (n // 30) for n in impressions.values()],
        }
    )


def test_every_segment_has_every_variant(week_scores):
    assert len(week_scores) == N_SEGMENTS * len(PERSONA_KEYS)
    segments = week_scores.groupby(["category", "locale"])
    assert segments.ngroups == N_SEGMENTS
    np.testing.assert_allclose(segments["prob_best"].sum(), 1.0)
    assert (week_scores["expected_loss"] >= 0).all()
    assert set(week_scores["verdict"]) <= {"winner", "not enough data", "no clear winner"}
    assert week_scores.iloc[0][["category", "locale"]].tolist() == ["all", "all"]
    overall = _overall(week_scores)
    assert overall["impressions"].sum() == 7_000_000


def test_picks_maker_advocate_overall(week_scores):
    overall = _overall(week_scores)
    assert overall["prob_best"].idxmax() == "maker_advocate"
    assert overall.loc["maker_advocate", "verdict"] == "winner"
    assert overall["expected_loss"].idxmin() == "maker_advocate"
    assert (overall.drop("maker_advocate")["verdict"] == "no clear winner").all()
    table = winners(week_scores)
    overall_winner = table[(table["category"] == "all") & (table["locale"] == "all")].iloc[0]
    assert overall_winner["persona"] == "maker_advocate"
    assert overall_winner["verdict"] == "winner"


def test_credible_intervals_contain_the_true_rates(week_scores):
    per_category = week_scores[
        (week_scores["category"] != "all") & (week_scores["locale"] == "all")
    ]
    rows = list(per_category.itertuples())
    ctr_covered = [
        r.ctr_low <= DEFAULT_TRUTH.ctr(r.persona, r.category) <= r.ctr_high for r in rows
    ]
    conversion_covered = [
        r.conversion_low <= DEFAULT_TRUTH.conversion(r.persona, r.category) <= r.conversion_high
        for r in rows
    ]
    assert len(rows) == len(CATEGORIES) * len(PERSONA_KEYS)
    # 95 % intervals: expect ~46 of 48; 40 or fewer would be far outside chance.
    assert sum(ctr_covered) > 40
    assert sum(conversion_covered) > 40
    assert (per_category["ctr_low"] < per_category["ctr"]).all()
    assert (per_category["ctr"] < per_category["ctr_high"]).all()


def test_tiny_traffic_is_not_enough_data():
    catalog = simulate_live_catalog(48, seed=1)
    metrics = aggregate_events(simulate_day(catalog, dt.date(2025, 3, 2), 3_000, seed=1))
    scores = score_variants(metrics, draws=2000)
    assert (scores["verdict"] == "not enough data").all()
    table = winners(scores)
    assert table["persona"].isna().all()
    assert table["persona"].iloc[0] is None
    assert (table["verdict"] == "not enough data").all()


def test_a_clear_difference_with_enough_traffic_wins_and_a_tie_does_not():
    impressions = dict.fromkeys(PERSONA_KEYS, 60_000)
    clear = score_variants(_persona_metrics(impressions, {"visual_poet": 150}), draws=4000)
    tie = score_variants(_persona_metrics(impressions), draws=4000)
    assert (
        winners(clear).set_index(["category", "locale"]).loc[("all", "all"), "persona"]
        == "visual_poet"
    )
    assert set(tie["verdict"]) == {"no clear winner"}


def test_srm_alarm_fires_on_a_skewed_split_and_not_on_a_fair_one():
    rng = np.random.default_rng(0)
    fair = dict(zip(PERSONA_KEYS, rng.multinomial(600_000, [1 / 6] * 6).tolist(), strict=True))
    skewed = dict(
        zip(PERSONA_KEYS, rng.multinomial(600_000, [0.18] + [0.164] * 5).tolist(), strict=True)
    )
    fair_scores = score_variants(_persona_metrics(fair), draws=1000)
    skewed_scores = score_variants(_persona_metrics(skewed), draws=1000)
    assert not fair_scores["srm_alarm"].any()
    assert fair_scores["srm_p_value"].min() > 0.001
    assert skewed_scores["srm_alarm"].all()
    # The p-value belongs to the segment: one value on every row of it.
    assert skewed_scores.groupby(["category", "locale"])["srm_p_value"].nunique().eq(1).all()


def test_srm_against_the_catalog_split_when_allocation_is_not_uniform():
    allocation = {("all", "all"): {**dict.fromkeys(PERSONA_KEYS, 0.16), "maker_advocate": 0.2}}
    catalog = simulate_live_catalog(480, seed=4, allocation=allocation)
    metrics = aggregate_events(simulate_day(catalog, dt.date(2025, 3, 2), 300_000, seed=4))
    expected_split = catalog.groupby(["category", "locale", "persona", "prompt_version"]).size()
    expected_split = expected_split.rename("weight").reset_index()
    against_equal = score_variants(metrics, draws=1000)
    against_catalog = score_variants(metrics, draws=1000, expected_split=expected_split)
    assert _overall(against_equal)["srm_alarm"].all()
    assert not _overall(against_catalog)["srm_alarm"].any()
    assert against_catalog["srm_alarm"].mean() < 0.05


def test_scores_are_reproducible_for_a_seed(week_metrics):
    small = week_metrics[week_metrics["category"] == "glass"]
    first = score_variants(small, draws=2000, seed=3)
    pd.testing.assert_frame_equal(first, score_variants(small, draws=2000, seed=3))
    assert not first["prob_best"].equals(score_variants(small, draws=2000, seed=4)["prob_best"])
