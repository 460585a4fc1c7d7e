"""Listing-level analysis: the ratio variance against statsmodels, intervals, and the
listing-level simulator it is benchmarked on (benchmarks/prompt_scoring.py runs the big ones)."""

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.scoring import (
    binomial_interval,
    bootstrap_t_interval,
    paired_difference,
    rate_interval,
    ratio_interval,
    segment_intervals,
    ratio_variance,
    score_variants,
    small_sample_df,
    winner_p_values,
)
from handmade_assets_demo.traffic import (
    ListingTraffic,
    simulate_listing_panel,
    simulate_variant_pairs,
    thompson_weights,
)
from handmade_assets.taxonomy import PERSONA_KEYS


def _listings(seed: int, m: int, ctr: float, appeal_sd: float):
    """Per listing: impressions and clicks, listings differing in appeal."""
    rng = np.random.default_rng(seed)
    n = rng.integers(5, 60, m)
    appeal = np.exp(appeal_sd * rng.standard_normal(m))
    return n, rng.binomial(n, np.minimum(1, ctr * appeal))


def _sums(y, n):
    return y.sum(), n.sum(), (y * y).sum(), (y * n).sum(), (n * n).sum(), len(n)


def _impression_rows(n, y, group):
    """One row per impression: its listing, its variant and whether it was clicked."""
    listing = np.repeat(np.arange(len(n)), n)
    clicked = np.concatenate([np.arange(k) < c for k, c in zip(n, y, strict=True)])
    return listing, np.asarray(group)[listing], clicked.astype(float)


def test_ratio_variance_is_statsmodels_cluster_robust_ols_on_impressions():
    import statsmodels.api as sm

    n, y = _listings(1, 30, 0.1, 0.8)
    listing, _, clicked = _impression_rows(n, y, np.zeros(len(n)))
    fit = sm.OLS(clicked, np.ones((len(clicked), 1))).fit(
        cov_type="cluster", cov_kwds={"groups": listing}
    )
    rate, variance = ratio_variance(*_sums(y, n), floor_binomial=False)
    assert rate == pytest.approx(fit.params[0])
    # statsmodels' CR1 factor is G/(G-1) x (N-1)/(N-K); ours is m/(m-1), K = 1 here.
    assert variance == pytest.approx(fit.cov_params()[0, 0], rel=1e-9)


def test_difference_variance_is_statsmodels_cluster_robust_on_variant_dummies():
    import statsmodels.api as sm

    n_a, y_a = _listings(2, 25, 0.08, 0.7)
    n_b, y_b = _listings(3, 35, 0.12, 0.7)
    n, y = np.concatenate([n_a, n_b]), np.concatenate([y_a, y_b])
    listing, variant, clicked = _impression_rows(n, y, [0] * 25 + [1] * 35)
    design = np.column_stack([variant == 0, variant == 1]).astype(float)
    fit = sm.OLS(clicked, design).fit(
        cov_type="cluster", cov_kwds={"groups": listing, "use_correction": False}
    )
    difference = np.array([1.0, -1.0])
    reference = difference @ fit.cov_params() @ difference
    # Without small-sample factors the cluster sandwich is sum of squared residual totals.
    ours = sum(
        ratio_variance(*_sums(yy, nn), floor_binomial=False)[1] * (len(nn) - 1) / len(nn)
        for yy, nn in ((y_a, n_a), (y_b, n_b))
    )
    assert ours == pytest.approx(reference, rel=1e-9)
    rate_a, _ = ratio_variance(*_sums(y_a, n_a))
    assert rate_a == pytest.approx(fit.params[0])


def test_paired_difference_is_statsmodels_cluster_robust_with_shared_listings():
    import statsmodels.api as sm

    rng = np.random.default_rng(7)
    m = 40
    appeal = np.exp(1.0 * rng.standard_normal(m))
    n_a, n_b = rng.integers(100, 300, m), rng.integers(100, 300, m)
    y_a, y_b = rng.binomial(n_a, np.minimum(1, 0.1 * appeal)), rng.binomial(n_b, np.minimum(1, 0.08 * appeal))
    rows_a, rows_b = _impression_rows(n_a, y_a, np.zeros(m)), _impression_rows(n_b, y_b, np.ones(m))
    listing = np.concatenate([rows_a[0], rows_b[0]])
    variant = np.concatenate([np.zeros(n_a.sum()), np.ones(n_b.sum())])
    clicked = np.concatenate([rows_a[2], rows_b[2]])
    design = np.column_stack([variant == 0, variant == 1]).astype(float)
    fit = sm.OLS(clicked, design).fit(
        cov_type="cluster", cov_kwds={"groups": listing, "use_correction": False}
    )
    contrast = np.array([1.0, -1.0])
    difference, variance = paired_difference(y_a, n_a, y_b, n_b)
    assert difference == pytest.approx(contrast @ fit.params)
    assert variance * (m - 1) / m == pytest.approx(contrast @ fit.cov_params() @ contrast, rel=1e-9)
    # The shared appeal cancels: far below what the same counts on separate listings give.
    apart = ratio_variance(*_sums(y_a, n_a))[1] + ratio_variance(*_sums(y_b, n_b))[1]
    assert variance < 0.5 * apart


def test_within_listing_pairs_name_the_better_variant_sooner():
    from handmade_assets.engagement.scoring import MIXTURE_RELATIVE_SCALE, msprt_p_value

    def first_day(within: bool) -> int:
        counts = simulate_variant_pairs(
            600, 60, 600 * 300, seed=11, conversion_a=0.0009, conversion_b=0.0006,
            within_listing=within, traffic=ListingTraffic(appeal_log_sd=1.0),
        )
        cumulative = [np.cumsum(x, axis=0) for x in (counts.purchases_a, counts.impressions_a,
                                                      counts.purchases_b, counts.impressions_b)]
        difference, variance = paired_difference(*cumulative)
        pooled = (cumulative[0].sum(1) + cumulative[2].sum(1)) / (cumulative[1].sum(1) + cumulative[3].sum(1))
        p = 2 * msprt_p_value(difference, variance, (MIXTURE_RELATIVE_SCALE * pooled) ** 2)
        decided = np.flatnonzero(p <= 0.05)
        assert len(decided) == 0 or difference[decided[0]] > 0
        return int(decided[0]) if len(decided) else 10**6

    within, apart = first_day(True), first_day(False)
    assert within < 60
    assert within < apart


def test_the_variance_grows_with_listing_differences_and_never_drops_below_binomial():
    even_n, even_y = _listings(4, 200, 0.05, 0.0)
    spread_n, spread_y = _listings(4, 200, 0.05, 1.0)
    rate, even = ratio_variance(*_sums(even_y, even_n))
    _, spread = ratio_variance(*_sums(spread_y, spread_n))
    assert even >= rate * (1 - rate) / even_n.sum()
    assert spread > 2 * even
    assert np.isnan(ratio_variance(3, 40, 9, 120, 1600, 1)[1])  # one listing: unknown


def test_bootstrap_t_interval_leans_toward_the_long_tail():
    n, y = _listings(5, 150, 0.04, 1.0)
    rate = y.sum() / n.sum()
    low, high = bootstrap_t_interval(y, n, np.random.default_rng(0))
    assert low < rate < high
    assert high - rate > rate - low  # right-skewed listing totals: the upper side is longer
    normal_low, normal_high = rate_interval(*ratio_variance(*_sums(y, n))[:2], len(n))
    assert high - low == pytest.approx(normal_high - normal_low, rel=0.5)
    same = bootstrap_t_interval(y, n, np.random.default_rng(0))
    np.testing.assert_array_equal([low, high], same)
    assert np.isnan(bootstrap_t_interval(y[:1], n[:1], np.random.default_rng(0))).all()


def _observation_level(n: np.ndarray, y: np.ndarray, impression_variance: float, listing_variance: float):
    """CR2 variance and Bell-McCaffrey df of the mean of y per impression, by the book:
    regression on a constant with one row per impression, clustered by listing (Imbens and
    Kolesar 2016, eqs. for V_CR2 and K_BM), with full matrices."""
    listing = np.repeat(np.arange(len(n)), n.astype(int))
    outcome = np.concatenate([np.r_[np.ones(k), np.zeros(m - k)] for m, k in zip(n.astype(int), y.astype(int))])
    total = len(outcome)
    residual = outcome - outcome.mean()
    hat = np.full((total, total), 1 / total)
    adjust = np.zeros((total, total))
    for g in range(len(n)):
        rows = np.flatnonzero(listing == g)
        values, vectors = np.linalg.eigh(np.eye(len(rows)) - hat[np.ix_(rows, rows)])
        adjust[np.ix_(rows, rows)] = vectors @ np.diag(values**-0.5) @ vectors.T
    variance = sum(
        ((adjust @ residual)[listing == g].sum() / total) ** 2 for g in range(len(n))
    )
    same = (listing[:, None] == listing[None, :]).astype(float)
    omega = impression_variance * np.eye(total) + listing_variance * same
    g_matrix = (np.eye(total) - hat) @ adjust @ same[:, np.unique(listing, return_index=True)[1]] / total
    c = g_matrix.T @ omega @ g_matrix
    return variance, np.trace(c) ** 2 / (c * c).sum()


@pytest.mark.parametrize("working_model", [(1.0, 0.0), (0.0, 1.0), (0.02, 0.003)])
def test_small_sample_df_and_cr2_variance_match_the_observation_level_matrices(working_model):
    n = np.array([3.0, 7, 1, 12, 5, 40, 2, 9])
    y = np.array([1.0, 2, 0, 5, 1, 3, 2, 0])
    variance, df = _observation_level(n, y, *working_model)
    assert small_sample_df(n, *working_model) == pytest.approx(df, rel=1e-9)
    rate = y.sum() / n.sum()
    cr2 = ((y - rate * n) ** 2 / (1 - n / n.sum())).sum() / n.sum() ** 2
    assert cr2 == pytest.approx(variance, rel=1e-9)
    # m equal listings that differ only as wholes: m - 1, as a t test on their rates would use.
    assert small_sample_df(np.full(10, 7.0), 0.0, 1.0) == pytest.approx(9)


def test_ratio_interval_leans_away_from_what_the_big_listings_show():
    # Where the listings that carry most impressions sit below the rest, the rate could well
    # be higher than estimated (other big listings may sit above): the upper side is longer.
    n = np.r_[np.full(40, 50.0), np.full(3, 400.0)]
    low, high = ratio_interval(np.r_[np.full(40, 3.0), np.full(3, 8.0)], n)
    rate = (40 * 3 + 3 * 8) / n.sum()
    assert high - rate > 1.2 * (rate - low)
    low, high = ratio_interval(np.r_[np.full(40, 1.0), np.full(3, 24.0)], n)
    rate = (40 + 3 * 24) / n.sum()
    assert rate - low > 1.2 * (high - rate)


def test_ratio_interval_inverts_the_cr2_test():
    from scipy import stats

    n, y = _listings(5, 150, 0.04, 1.0)
    n, y = n.astype(float), y.astype(float)
    low, high = ratio_interval(y, n)
    rate = y.sum() / n.sum()
    assert low < rate < high
    # At each end the CR2 t statistic, residuals taken under that rate, is the t quantile.
    residual_ss = ((y - rate * n) ** 2).sum()
    listing_variance = (residual_ss - rate * (1 - rate) * n.sum()) / (n * n).sum()
    quantile = stats.t.ppf(0.975, small_sample_df(n, rate * (1 - rate), listing_variance))
    for end in (low, high):
        spread = np.sqrt(((y - end * n) ** 2 / (1 - n / n.sum())).sum()) / n.sum()
        assert abs(rate - end) / spread == pytest.approx(quantile, rel=1e-6)
    # Two outcomes at once give each its own interval; under two listings there is none.
    both = ratio_interval(np.column_stack([y, y // 2]), n)
    np.testing.assert_allclose(both[0], [low, high])
    assert both[1, 1] < high
    assert np.isnan(ratio_interval(y[:1], n[:1])).all()


def test_ratio_interval_is_never_narrower_than_independent_impressions():
    n = np.full(30, 200.0)
    y = np.full(30, 10.0)  # identical listings: the listing-level spread is zero
    low, high = ratio_interval(y, n)
    wilson_low, wilson_high = binomial_interval(y.sum(), n.sum())
    assert low == pytest.approx(wilson_low, rel=0.05) and high == pytest.approx(wilson_high, rel=0.05)


def test_a_larger_variance_means_a_larger_winner_p_value():
    successes, trials = np.array([190.0, 100, 100]), np.array([1e5, 1e5, 1e5])
    binomial = successes / trials * (1 - successes / trials) / trials
    _, p_binomial = winner_p_values(successes, trials, binomial)
    _, p_clustered = winner_p_values(successes, trials, binomial * 3)
    _, p_pooled = winner_p_values(successes, trials)
    assert p_binomial < p_clustered < 1
    assert p_binomial == pytest.approx(p_pooled, rel=0.5)
    _, p_unknown = winner_p_values(successes, trials, np.array([np.nan, 1e-9, 1e-9]))
    assert p_unknown == 1.0


@pytest.fixture(scope="module")
def panel():
    return simulate_listing_panel(
        480, 21, 480 * 80, seed=3, traffic=ListingTraffic(appeal_log_sd=1.0), locales=("en", "de")
    )


def test_the_panel_assigns_every_unit_once_with_recorded_weights(panel):
    units = panel.units
    assert len(units) == 480 * 2
    assert units.groupby(["listing_id", "locale"]).size().eq(1).all()
    np.testing.assert_allclose(panel.weights.sum(axis=1), 1.0)
    assert (panel.weights >= 0.05 - 1e-12).all()  # the exploration floor
    # Units arriving later are not counted before they arrive.
    arrival = units["arrival_day"].to_numpy()
    days = np.arange(panel.impressions.shape[0])[:, None]
    assert (panel.impressions[days < arrival[None, :]] == 0).all()
    assert (arrival == 0).mean() == pytest.approx(0.5, abs=0.08)
    # A listing keeps one category in both locales.
    assert units.groupby("listing_id")["category"].nunique().eq(1).all()


def test_a_one_day_panel_assigns_everyone_on_day_zero():
    panel = simulate_listing_panel(50, 1, 5000, seed=2, locales=("en",))
    assert (panel.units["arrival_day"] == 0).all()
    np.testing.assert_allclose(panel.weights.sum(axis=1), 1.0)


def test_the_panel_has_weekly_traffic_and_listings_that_differ(panel):
    per_day = panel.impressions.sum(axis=1)
    weekday = np.array([(panel.start + pd.Timedelta(days=d)).weekday() >= 5 for d in range(len(per_day))])
    assert per_day[weekday].mean() > 1.1 * per_day[~weekday].mean()
    n = panel.impressions.sum(axis=0)
    clicks = panel.clicks.sum(axis=0)
    busy = n > 300
    listing_ctr = clicks[busy] / n[busy]
    # Binomial noise alone gives a CV of listing CTRs well under 0.5 at these counts.
    assert listing_ctr.std() / listing_ctr.mean() > 0.6
    assert n.max() > 10 * np.median(n)  # popularity skew


def test_thompson_weights_move_toward_the_better_arm():
    rng = np.random.default_rng(1)
    successes = np.array([[10.0, 40.0, 10.0], [5.0, 5.0, 5.0]])
    trials = np.full((2, 3), 10_000.0)
    weights = thompson_weights(successes, trials, floor=0.05, draws=2000, rng=rng)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)
    assert weights[0].argmax() == 1 and weights[0].min() >= 0.05
    assert weights[1].max() - weights[1].min() < 0.1


def test_score_variants_intervals_are_listing_level(panel):
    scores = score_variants(panel.metrics(), draws=1000)
    overall = scores[(scores["category"] == "all") & (scores["locale"] == "all")]
    old_low, old_high = binomial_interval(overall["clicks"], overall["impressions"])
    width = (overall["ctr_high"] - overall["ctr_low"]).to_numpy()
    # Listings with log-sd 1.0 appeal: the listing-level interval is several times wider.
    assert (width > 2 * (old_high - old_low)).all()
    assert (overall["ctr_low"] < overall["ctr"]).all() and (overall["ctr"] < overall["ctr_high"]).all()
    persona = panel.units["persona"].to_numpy()
    truth = np.array([panel.expected_rates(np.flatnonzero(persona == p))[0] for p in overall["persona"]])
    covered = (overall["ctr_low"].to_numpy() <= truth) & (truth <= overall["ctr_high"].to_numpy())
    assert covered.sum() >= 4  # 95 % intervals: 4 or more of 6 in 99.8 % of runs
    listings = panel.units.groupby("persona")["listing_id"].nunique()
    assert overall.set_index("persona")["listings"].to_dict() == listings.to_dict()


def test_too_few_listings_is_not_enough_data():
    panel = simulate_listing_panel(60, 7, 60 * 2000, seed=5, locales=("en",), thompson=False)
    scores = score_variants(panel.metrics(), draws=500, min_listings=20)
    overall = scores[(scores["category"] == "all") & (scores["locale"] == "all")]
    assert (overall["listings"] < 20).all()
    assert set(scores["segment_verdict"]) == {"not enough data"}
    assert set(overall["persona"]) <= set(PERSONA_KEYS)


def _observation_level_stratified(n, y, stratum, impression_variance, listing_variance):
    """Like _observation_level, on stratum dummies (one row per impression): the CR2 variance
    and Bell-McCaffrey df of sum_c (N_c / N) x the stratum's mean, the working model's two
    parts given per stratum."""
    listing = np.repeat(np.arange(len(n)), n.astype(int))
    row_stratum = stratum[listing]
    outcome = np.concatenate([np.r_[np.ones(k), np.zeros(m - k)] for m, k in zip(n.astype(int), y.astype(int))])
    total = len(outcome)
    design = (row_stratum[:, None] == np.unique(stratum)[None, :]).astype(float)
    hat = design @ np.linalg.inv(design.T @ design) @ design.T
    residual = outcome - hat @ outcome
    adjust = np.zeros((total, total))
    for g in range(len(n)):
        rows = np.flatnonzero(listing == g)
        values, vectors = np.linalg.eigh(np.eye(len(rows)) - hat[np.ix_(rows, rows)])
        adjust[np.ix_(rows, rows)] = vectors @ np.diag(values**-0.5) @ vectors.T
    # The contrast's weight per impression: (N_c / N) / N_c = 1 / N for every stratum.
    variance = sum(((adjust @ residual)[listing == g].sum() / total) ** 2 for g in range(len(n)))
    same = (listing[:, None] == listing[None, :]).astype(float)
    omega = np.diag(impression_variance[row_stratum]) + listing_variance[row_stratum][:, None] * same
    g_matrix = (np.eye(total) - hat) @ adjust @ same[:, np.unique(listing, return_index=True)[1]] / total
    c = g_matrix.T @ omega @ g_matrix
    return variance, np.trace(c) ** 2 / (c * c).sum()


def test_stratified_cr2_variance_and_df_match_the_observation_level_matrices():
    from handmade_assets.engagement.scoring import _df_traces, _stratified_df

    n = np.array([3.0, 7, 1, 12, 5, 40, 2, 9, 6, 4])
    y = np.array([1.0, 2, 0, 5, 1, 3, 2, 0, 4, 1])
    stratum = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
    impression_variance, listing_variance = np.array([0.02, 0.05, 0.1]), np.array([0.003, 0.0, 0.02])
    variance, df = _observation_level_stratified(n, y, stratum, impression_variance, listing_variance)
    n_c = np.bincount(stratum, n)
    rate_c = np.bincount(stratum, y) / n_c
    cr2 = ((y - rate_c[stratum] * n) ** 2 / (1 - n / n_c[stratum])).sum() / n.sum() ** 2
    assert cr2 == pytest.approx(variance, rel=1e-9)
    ours = _stratified_df(n, stratum, n_c / n.sum(), impression_variance, listing_variance)
    assert ours == pytest.approx(df, rel=1e-9)
    # One stratum is the unstratified df.
    assert _stratified_df(n, np.zeros(10, int), np.ones(1), [0.02], [0.003]) == pytest.approx(
        small_sample_df(n, 0.02, 0.003), rel=1e-12
    )
    assert np.isnan(_df_traces(np.array([5.0]), 0.1, 0.1)[0])


def test_stratified_ratio_interval_inverts_the_test_with_residuals_around_each_stratum():
    from scipy import stats
    from handmade_assets.engagement.scoring import _stratified_df

    rng = np.random.default_rng(12)
    stratum = np.repeat(np.arange(4), [30, 20, 40, 25])
    base = np.array([0.02, 0.05, 0.03, 0.08])[stratum]
    n = rng.integers(20, 400, len(stratum)).astype(float)
    y = rng.binomial(n.astype(int), np.minimum(1, base * np.exp(0.5 * rng.standard_normal(len(n))))).astype(float)
    low, high = ratio_interval(y, n, strata=np.array(list("abcd"))[stratum])
    rate = y.sum() / n.sum()
    n_c = np.bincount(stratum, n)
    rate_c = np.bincount(stratum, y) / n_c
    iv = rate_c * (1 - rate_c)
    rss = np.bincount(stratum, (y - rate_c[stratum] * n) ** 2)
    relative = (rss - iv * n_c).sum() / (rate_c**2 * np.bincount(stratum, n * n)).sum()
    quantile = stats.t.ppf(0.975, _stratified_df(n, stratum, n_c / n.sum(), iv, relative * rate_c**2))
    for end in (low, high):
        # Under the tested rate every stratum's rate moves in proportion.
        expected = rate_c[stratum] * end / rate * n
        spread = np.sqrt(((y - expected) ** 2 / (1 - n / n_c[stratum])).sum()) / n.sum()
        assert abs(rate - end) / spread == pytest.approx(quantile, rel=1e-6)
    # The spread between strata is not sampling noise of a rate on this mix: narrower.
    plain_low, plain_high = ratio_interval(y, n)
    assert high - low < 0.8 * (plain_high - plain_low)
    # One stratum is the unstratified interval; a stratum of one listing is pooled, not dropped.
    np.testing.assert_allclose(ratio_interval(y, n, strata=np.zeros(len(n))), [plain_low, plain_high])
    lone = np.r_[stratum[:-1], 9]
    assert np.isfinite(ratio_interval(y, n, strata=lone)).all()


def test_score_variants_post_stratifies_the_segments_that_pool_categories():
    rng = np.random.default_rng(3)
    rows = []
    for persona in PERSONA_KEYS[:2]:
        for category, ctr in (("ceramics", 0.01), ("jewelry", 0.08)):
            for i in range(30):
                n = int(rng.integers(200, 600))
                rows.append({"date": pd.Timestamp("2026-09-01").date(), "listing_id": f"{persona}-{category}-{i}",
                             "category": category, "locale": "en", "persona": persona, "prompt_version": "v1",
                             "impressions": n, "clicks": int(rng.binomial(n, ctr)), "add_to_carts": 0,
                             "purchases": 0, "dwell_count": 0, "dwell_log_sum": 0.0, "dwell_log_sq_sum": 0.0})
    metrics = pd.DataFrame(rows)
    scores = score_variants(metrics, draws=100)
    overall = scores[(scores["category"] == "all") & (scores["locale"] == "all")].iloc[0]
    variant = (metrics["persona"] != overall["persona"]).to_numpy(int)  # the scored persona is 0
    counts = [metrics[c].to_numpy(float) for c in ("impressions", "clicks", "purchases")]
    plain = segment_intervals(*counts, variant)[0, 0]
    stratified = segment_intervals(*counts, variant, strata=metrics["category"].to_numpy())[0, 0]
    np.testing.assert_allclose([overall["ctr_low"], overall["ctr_high"]], stratified)
    assert overall["ctr_high"] - overall["ctr_low"] < 0.5 * (plain[1] - plain[0])
    # A single category's segment has nothing to stratify.
    cell = scores[(scores["category"] == "jewelry") & (scores["locale"] == "en")].iloc[0]
    part = metrics[metrics["category"] == "jewelry"]
    counts = [part[c].to_numpy(float) for c in ("impressions", "clicks", "purchases")]
    np.testing.assert_allclose(
        [cell["ctr_low"], cell["ctr_high"]],
        segment_intervals(*counts, (part["persona"] != cell["persona"]).to_numpy(int))[0, 0],
    )
