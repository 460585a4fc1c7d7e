import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.metrics import aggregate_events
from scipy import stats

from handmade_assets.engagement.scoring import (
    always_valid_p_value,
    assignment_counts,
    bootstrap_t_interval,
    confidence_sequence,
    cuped_means,
    holm,
    impressions_needed,
    level_weights,
    ratio_variance,
    score_variants,
    segment_levels,
    srm_check,
    srm_p_value,
    stability_check,
    winner_p_values,
    winners,
)
from handmade_assets_demo.traffic import DEFAULT_TRUTH, simulate_day, simulate_live_catalog
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS

from .simulated import WEEK_START

N_SEGMENTS = 1 + len(CATEGORIES) + len(LOCALES) + len(CATEGORIES) * len(LOCALES)


@pytest.fixture(scope="module")
def week_scores(week_metrics):
    return score_variants(week_metrics, draws=4000)


def _overall(scores: pd.DataFrame) -> pd.DataFrame:
    return scores[(scores["category"] == "all") & (scores["locale"] == "all")].set_index("persona")


LISTINGS_PER_PERSONA = 40


def _persona_metrics(
    impressions: dict[str, int], purchases: dict[str, int] | None = None
) -> pd.DataFrame:
    """Hand-made aggregate rows: one (category, locale) cell, each persona's counts spread
    evenly over LISTINGS_PER_PERSONA listings of its own (so listings do not differ)."""
    purchases = purchases or {}
    rows = []
    for index, (persona, n) in enumerate(impressions.items()):
        bought = purchases.get(persona, n // 1500)
        for j in range(LISTINGS_PER_PERSONA):
            share = lambda total: total // LISTINGS_PER_PERSONA + (j < total % LISTINGS_PER_PERSONA)  # noqa: E731
            rows.append(
                {
                    "date": dt.date(2025, 3, 2),
                    "listing_id": f"l-{index}-{j}",
                    "category": "ceramics",
                    "locale": "en",
                    "persona": persona,
                    "prompt_version": "v1",
                    "impressions": share(n),
                    "clicks": share(n // 30),
                    "add_to_carts": share(n // 300),
                    "purchases": share(bought),
                    "dwell_count": share(n // 30),
                    "dwell_log_sum": 3.6 * share(n // 30),
                    "dwell_log_sq_sum": 14.0 * share(n // 30),
                }
            )
    return pd.DataFrame(rows)


def _assignments(listings: dict[str, int], weights: dict[str, float] | None = None) -> pd.DataFrame:
    """assignment_counts-shaped rows for the one cell: listings assigned, and expected."""
    weights = weights or dict.fromkeys(listings, 1.0)
    total, weight_sum = sum(listings.values()), sum(weights.values())
    return pd.DataFrame(
        {
            "category": "ceramics",
            "locale": "en",
            "persona": list(listings),
            "prompt_version": "v1",
            "listings": list(listings.values()),
            "expected_listings": [total * weights[p] / weight_sum for p in listings],
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


def test_srm_alarm_fires_on_a_skewed_assignment_and_not_on_a_fair_one():
    rng = np.random.default_rng(0)
    fair = dict(zip(PERSONA_KEYS, rng.multinomial(6_000, [1 / 6] * 6).tolist(), strict=True))
    skewed = dict(zip(PERSONA_KEYS, rng.multinomial(6_000, [0.21] + [0.158] * 5).tolist(), strict=True))
    metrics = _persona_metrics(dict.fromkeys(PERSONA_KEYS, 60_000))
    fair_scores = score_variants(metrics, draws=1000, assignments=_assignments(fair))
    skewed_scores = score_variants(metrics, draws=1000, assignments=_assignments(skewed))
    assert not fair_scores["srm_alarm"].any()
    assert fair_scores["srm_p_value"].min() > 0.001
    assert skewed_scores["srm_alarm"].all()
    # The p-value belongs to the segment: one value on every row of it.
    assert skewed_scores.groupby(["category", "locale"])["srm_p_value"].nunique().eq(1).all()
    # Without an assignment log there is nothing to test, and nothing is blocked.
    assert score_variants(metrics, draws=1000)["srm_p_value"].isna().all()


def test_srm_checks_assignments_against_the_weights_they_were_drawn_with():
    # Thompson-like weights that change over time: 75/5/5/5/5/5 for most listings. Against an
    # equal split that is a glaring mismatch; against the recorded weights it is fair.
    rng = np.random.default_rng(4)
    weights = np.array([[0.75] + [0.05] * 5] * 3000 + [[1 / 6] * 6] * 1000)
    drawn = np.array([rng.choice(6, p=w) for w in weights])
    log = pd.DataFrame(
        {
            "listing_id": [f"l-{i}" for i in range(len(drawn))],
            "category": "ceramics",
            "locale": "en",
            "persona": np.asarray(PERSONA_KEYS)[drawn],
            "prompt_version": "v1",
            "weights": [dict(zip(PERSONA_KEYS, w, strict=True)) for w in weights],
        }
    )
    counts = assignment_counts(log)
    assert counts["listings"].sum() == len(log)
    np.testing.assert_allclose(counts["expected_listings"].sum(), len(log))
    assert not srm_check(counts)["srm_alarm"].any()
    equal = counts.assign(expected_listings=len(log) / 6)
    assert srm_check(equal)["srm_alarm"].all()
    # A planted bug: the first persona drawn at 0.80 where 0.75 was recorded.
    biased = np.array([rng.choice(6, p=[0.8] + [0.04] * 5) for _ in range(3000)])
    planted = log.assign(persona=np.asarray(PERSONA_KEYS)[np.concatenate([biased, drawn[3000:]])])
    assert srm_check(assignment_counts(planted))["srm_alarm"].all()


def test_srm_p_value_is_scipys_chi_square_and_zero_for_stray_listings():
    observed, expected = np.array([530, 470, 1000]), np.array([0.25, 0.25, 0.5])
    assert srm_p_value(observed, expected) == pytest.approx(
        stats.chisquare(observed, observed.sum() * expected).pvalue
    )
    assert srm_p_value(np.array([10, 5, 1]), np.array([0.5, 0.5, 0.0])) == 0.0


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


def test_holm_runs_over_all_levels_together_with_a_quarter_of_alpha_per_level():
    impressions = dict.fromkeys(PERSONA_KEYS, 60_000)
    clear = _persona_metrics(impressions, {"visual_poet": 130})
    metrics = pd.concat(
        [clear, clear.assign(category="glass", locale="de", listing_id=clear["listing_id"] + "g")],
        ignore_index=True,
    )
    per_segment = score_variants(metrics, draws=1000).groupby(
        ["category", "locale"], sort=False
    )[["p_value", "p_adjusted"]].first()
    assert len(per_segment) == 7  # overall, 2 categories, 2 locales, 2 cells
    weights = level_weights(segment_levels(per_segment.reset_index()))
    np.testing.assert_allclose(weights.sum(), 1.0)
    np.testing.assert_allclose(weights, [1 / 4] + [1 / 8] * 6)
    expected = holm(per_segment["p_value"].to_numpy(), weights)
    np.testing.assert_allclose(per_segment["p_adjusted"], expected)
    # The smallest weighted p-value pays for the whole family: p / w.
    raw = per_segment["p_value"].to_numpy()
    first = np.argmin(raw / weights)
    assert per_segment["p_adjusted"].iloc[first] == pytest.approx(min(1.0, raw[first] / weights[first]))
    assert (per_segment["p_adjusted"] >= per_segment["p_value"]).all()


def test_holm_matches_statsmodels_and_weights_shift_alpha():
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(2).uniform(0, 0.1, size=(6, 9))
    np.testing.assert_allclose(holm(p), [multipletests(row, method="holm")[1] for row in p])
    # Weighted Holm with weights w: Bonferroni's first step is p / w (weights summing to 1).
    weights = np.array([0.5] + [0.5 / 8] * 8)
    adjusted = holm(p, weights)
    np.testing.assert_allclose(adjusted.min(axis=1), np.minimum(1, (p / weights).min(axis=1)))


def test_a_sample_ratio_mismatch_blocks_the_verdict():
    impressions = dict.fromkeys(PERSONA_KEYS, 60_000)
    assigned = {**dict.fromkeys(PERSONA_KEYS, 1000), "material_enthusiast": 1300}
    scores = score_variants(
        _persona_metrics(impressions, {"visual_poet": 150}), draws=1000,
        assignments=_assignments(assigned),
    )
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
