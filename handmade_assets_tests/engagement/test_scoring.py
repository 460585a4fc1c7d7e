import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.metrics import aggregate_events
from scipy import stats

from handmade_assets.engagement.scoring import (
    always_valid_p_value,
    confidence_sequence,
    cuped_means,
    impressions_needed,
    score_variants,
    stability_check,
    winner_p_values,
    winners,
)
from handmade_assets.engagement.simulator import DEFAULT_TRUTH, simulate_day, simulate_live_catalog
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS

from .simulated import WEEK_START

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


def test_always_valid_p_values_stay_honest_under_daily_peeking_where_a_z_test_does_not():
    # 400 A/A pairs looked at after each of 30 days: the z-test's peeks inflate its error.
    rng = np.random.default_rng(5)
    n = np.cumsum(np.full((400, 30), 20_000), axis=1)
    a, b = (np.cumsum(rng.binomial(20_000, 0.01, size=(400, 30)), axis=1) for _ in range(2))
    always_valid = always_valid_p_value(a, n, b, n)
    pooled = (a + b) / (2 * n)
    z = np.abs(a - b) / n / np.sqrt(pooled * (1 - pooled) * 2 / n)
    naive = 2 * stats.norm.sf(z)
    assert (always_valid <= 0.05).any(axis=1).mean() <= 0.06
    assert (naive <= 0.05).any(axis=1).mean() > 0.12
    # And it does reject a real difference once there is enough data.
    strong = np.cumsum(rng.binomial(20_000, 0.013, size=(400, 30)), axis=1)
    assert (always_valid_p_value(strong, n, b, n)[:, -1] <= 0.05).mean() > 0.9


def test_confidence_sequence_covers_the_true_difference_at_every_look():
    rng = np.random.default_rng(6)
    n = np.cumsum(np.full((300, 20), 30_000), axis=1)
    a = np.cumsum(rng.binomial(30_000, 0.012, size=(300, 20)), axis=1)
    b = np.cumsum(rng.binomial(30_000, 0.010, size=(300, 20)), axis=1)
    low, high = confidence_sequence(a, n, b, n, alpha=0.05)
    assert ((low <= 0.002) & (0.002 <= high)).all(axis=1).mean() >= 0.94
    assert (high - low)[:, -1].mean() < (high - low)[:, 0].mean()  # it narrows with data


def test_winner_p_value_names_the_leader_and_refuses_a_tie():
    leader, p = winner_p_values(np.array([100, 300, 100.0]), np.array([1e5, 1e5, 1e5]))
    assert leader == 1 and p < 1e-6
    leader, p = winner_p_values(np.array([[300, 300, 100.0]]), np.array([[1e5, 1e5, 1e5]]))
    assert p[0] == 1.0  # level with another variant: no winner


def test_traffic_needed_shrinks_as_the_gap_grows():
    small, large = impressions_needed(0.0007, 0.00065, 6), impressions_needed(0.0009, 0.00065, 6)
    assert large < small < float("inf")
    assert impressions_needed(0.0007, 0.0007, 6) == float("inf")


def test_holm_makes_segments_pay_for_their_number():
    impressions = dict.fromkeys(PERSONA_KEYS, 60_000)
    clear = _persona_metrics(impressions, {"visual_poet": 130})
    metrics = pd.concat([clear, clear.assign(category="glass", locale="de")], ignore_index=True)
    per_segment = score_variants(metrics, draws=1000).groupby(
        ["category", "locale"], sort=False
    )[["p_value", "p_adjusted"]].first()
    overall = per_segment.loc[("all", "all")]
    assert overall["p_adjusted"] == overall["p_value"]  # a family of one
    for family in ([("ceramics", "all"), ("glass", "all")], [("ceramics", "en"), ("glass", "de")]):
        raw = per_segment.loc[family, "p_value"].to_numpy()
        assert 0 < raw.min() < 0.5
        # Holm over two: the smaller p-value doubles, the larger is at least that.
        np.testing.assert_allclose(per_segment.loc[family, "p_adjusted"].min(), 2 * raw.min())


def test_a_sample_ratio_mismatch_blocks_the_verdict():
    impressions = {**dict.fromkeys(PERSONA_KEYS, 60_000), "material_enthusiast": 70_000}
    scores = score_variants(_persona_metrics(impressions, {"visual_poet": 150}), draws=1000)
    assert set(scores["segment_verdict"]) == {"sample-ratio mismatch"}
    assert winners(scores)["persona"].isna().all()


def test_dwell_median_intervals_contain_the_true_medians(week_scores):
    overall = _overall(week_scores)
    truth = np.array(
        [DEFAULT_TRUTH.dwell_median_seconds * DEFAULT_TRUTH.persona_dwell_lift[p] for p in overall.index]
    )
    # 95 % intervals: all six inside happens 74 % of the time, five or more 97 %.
    assert ((overall["dwell_low"] < truth) & (truth < overall["dwell_high"])).sum() >= 5
    assert (overall["dwell_high"] / overall["dwell_low"] < 1.05).all()  # ~40k clicks each
    np.testing.assert_allclose(overall["dwell_median_seconds"], truth, rtol=0.02)


def test_stability_check_flags_a_novelty_effect_and_not_steady_traffic(week_metrics):
    steady = stability_check(week_metrics)
    assert steady["days"] == 7 and not steady["alarm"]
    assert [h["leader"].split("|")[0] for h in steady["halves"]] == ["maker_advocate"] * 2
    # Novelty: maker_advocate's purchases triple on the first two days only.
    novel = week_metrics.copy()
    early = (novel["persona"] == "maker_advocate") & (
        pd.to_datetime(novel["date"]).dt.date < WEEK_START + dt.timedelta(days=2)
    )
    novel.loc[early, "purchases"] *= 3
    flagged = stability_check(novel)
    assert flagged["alarm"] and flagged["p_value"] < 0.001
    assert flagged["halves"][0]["lift"] > flagged["halves"][1]["lift"]


def test_cuped_reduces_variance_without_moving_the_means():
    rng = np.random.default_rng(8)
    appeal = rng.normal(0, 1, 6000)
    groups = np.arange(6000) % 3
    x = appeal + rng.normal(0, 0.5, 6000)
    y = appeal + np.array([0.0, 0.1, 0.2])[groups] + rng.normal(0, 0.5, 6000)
    table = cuped_means(y, x, groups)
    # corr(x, y) = 0.8, so CUPED should remove ~64 % of the variance.
    assert table["variance_reduction"].between(0.5, 0.75).all()
    assert table["theta"].iloc[0] == pytest.approx(0.8, abs=0.05)
    differences = table["cuped_mean"] - table["cuped_mean"].iloc[0]
    np.testing.assert_allclose(differences, [0.0, 0.1, 0.2], atol=4 * table["cuped_se"].max())
