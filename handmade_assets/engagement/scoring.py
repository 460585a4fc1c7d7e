"""Which persona sells best, per segment, and how sure we are.

Personas are assigned per listing (and locale), so the listing is the unit of analysis: a rate
is sum(successes) / sum(impressions) over the variant's listings, and its variance is the
delta-method (equivalently cluster-robust, clustered by listing) variance of that ratio, never
below the binomial one. Treating impressions as independent ignores that listings differ in
appeal, and its intervals and tests are too narrow (benchmarks/prompt_scoring.py).

Per variant (persona, prompt version) and segment: listing-level 95 % intervals for CTR and
conversion (`segment_intervals`: the CR2 score test inverted, so a few popular listings
neither shrink nor centre the interval, against critical values simulated from the segment's
own listings, so it leans as far as their skew says; post-stratified by category in segments
that pool categories, whose rate is on the variant's own category mix), a log-normal dwell
median with a t interval on the mean log dwell, and normal draws of the objective rate
(listing-level) for the probability of being best and the expected loss.

The decision is separate from those descriptive numbers and stays honest under peeking. The
leader is named a winner only when a mixture sequential probability ratio test (mSPRT, normal
mixture over the difference of two proportions; Johari et al. 2017, "Peeking at A/B tests")
says it beats every other variant at level alpha / k (k variants: a Bonferroni bound that holds
whichever variant leads, see `winner_p_values`), with the listing-level variance of each
difference. Its p-values are always valid on one growing sample: the chance that they ever drop
below alpha, at any look on cumulative data from the experiment's start, is at most alpha
(asymptotically, the variance being estimated). A weighted Holm correction runs across all
segments of all levels together (overall, 8 categories, 4 locales, 32 cells; a quarter of alpha
per level), so the family-wise false-winner rate over every look and every segment stays at
alpha. A sample-ratio mismatch in
the assignments, or too little traffic, blocks a verdict.

`stability_check` tests whether the variants' differences change from day to day (novelty,
weekly seasonality); `cuped_means` adjusts per-unit outcomes with pre-period data.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from handmade_assets.engagement.allocation import ALL, OBJECTIVE_SUCCESSES
from handmade_assets.engagement.calibration import catalog_effects, score_critical_values
from handmade_assets.engagement.metrics import COUNTS, rollup

SEGMENT = ["category", "locale"]
VARIANT = ["persona", "prompt_version"]
KEY = [*SEGMENT, *VARIANT]

WINNER = "winner"
NOT_ENOUGH_DATA = "not enough data"
NO_CLEAR_WINNER = "no clear winner"
SRM_MISMATCH = "sample-ratio mismatch"

# The sample-ratio test: overall at SRM_ALARM_P, and Bonferroni at SRM_ALARM_P over the other
# segments together, so a fair experiment alarms anywhere at most 2 x SRM_ALARM_P of the time.
SRM_ALARM_P = 0.001
STABILITY_ALARM_P = 0.01
ALPHA = 0.05
# The mixture's spread, relative to the pooled rate: tuned for lifts of ~10-30 %, though the
# test is valid for any value (it only moves where power is best).
MIXTURE_RELATIVE_SCALE = 0.15
_CREDIBLE_MASS = 0.95
# A verdict needs this many listings per variant: the listing-level variance is estimated from them.
MIN_LISTINGS = 20
BOOTSTRAP_RESAMPLES = 499
# `impressions_needed` aims at 97.5 % power against the runner-up: the leader must also beat
# the other variants, so that leaves the chance of naming it at >= 95 % (the benchmark checks).
_POWER_Z = 1.96

SCORE_COLUMNS = [
    *KEY,
    "listings",
    "impressions",
    "clicks",
    "add_to_carts",
    "purchases",
    "ctr",
    "ctr_low",
    "ctr_high",
    "conversion",
    "conversion_low",
    "conversion_high",
    "dwell_median_seconds",
    "dwell_low",
    "dwell_high",
    "prob_best",
    "expected_loss",
    "lift_low",
    "lift_high",
    "p_value",
    "p_adjusted",
    "impressions_needed",
    "srm_p_value",
    "srm_alarm",
    "verdict",
    "segment_verdict",
]


def score_variants(
    metrics: pd.DataFrame,
    *,
    objective: str = "conversion",
    min_impressions: int = 2000,
    min_listings: int = MIN_LISTINGS,
    alpha: float = ALPHA,
    draws: int = 20000,
    seed: int = 0,
    assignments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (segment, persona, prompt_version), segments being overall ("all", "all"),
    each category, each locale and each category x locale.

    `metrics` should be one growing sample: every day since the experiment (the prompt
    version) started, so that looks on successive days are looks at the same experiment.

    `assignments` (category, locale, persona, prompt_version, listings, expected_listings; see
    `assignment_counts`) drives the sample-ratio test: listings assigned per variant against
    the sum of the allocation weights they were drawn with. Without it there is no test.

    `ctr_low`/`ctr_high` and `conversion_low`/`conversion_high` are listing-level 95 % intervals
    (`segment_intervals`: CR2 score interval, critical values from the segment's catalog;
    post-stratified by category in the overall and per-locale segments). A high of 1 means no
    higher rate could be ruled out.
    `lift_low`/`lift_high` is the always-valid interval, at the decision's level alpha / k, of
    this variant's objective rate minus the best other variant's. `p_value` is the segment's
    always-valid p-value that its leader beats every other variant, `p_adjusted` after Holm
    over all segments of all levels. `verdict` is per row ("winner" only on the winning row);
    `segment_verdict` repeats the segment's outcome on each of its rows.
    """
    successes_column = OBJECTIVE_SUCCESSES[objective]
    variants = pd.concat(
        [rollup(level, KEY) for level in _segment_levels(metrics, COUNTS)], ignore_index=True
    )
    if variants.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    variants = variants.merge(listing_statistics(metrics), on=KEY, how="left")
    for rate, successes in (("ctr", "clicks"), ("conversion", "purchases")):
        _, variants[f"{rate}_variance"] = ratio_variance(
            variants[successes], variants["impressions"], variants[f"{successes}_sq"],
            variants[f"{successes}_x_impressions"], variants["impressions_sq"], variants["listings"],
        )
    srm = srm_check(assignments, variants[SEGMENT].drop_duplicates().reset_index(drop=True))
    scored = []
    for index, (_, segment) in enumerate(variants.groupby(SEGMENT, sort=False)):
        segment = segment.reset_index(drop=True)
        successes = segment[successes_column].to_numpy(float)
        trials = segment["impressions"].to_numpy(float)
        variance = segment[f"{objective}_variance"].to_numpy(float)
        prob_best, expected_loss = _prob_best(
            successes / np.maximum(trials, 1), variance, draws=draws,
            rng=np.random.default_rng([seed, index]),
        )
        segment["prob_best"] = prob_best
        segment["expected_loss"] = expected_loss
        segment["lift_low"], segment["lift_high"] = _lift_vs_best_other(
            successes, trials, variance, alpha / max(len(segment), 1)
        )
        leader, p_value = winner_p_values(successes, trials, variance)
        segment["leader"] = segment.index == leader
        segment["p_value"] = p_value
        segment["impressions_needed"] = _segment_impressions_needed(
            successes, trials, variance, alpha
        )
        scored.append(segment)
    scores = pd.concat(scored, ignore_index=True).merge(srm, on=SEGMENT, how="left")
    scores["p_adjusted"] = _holm_all(scores)
    scores["srm_alarm"] = scores["srm_alarm"].fillna(False).astype(bool)
    scores["verdict"], scores["segment_verdict"] = _verdicts(
        scores, min_impressions, min_listings, alpha
    )
    scores["dwell_low"], scores["dwell_high"] = dwell_interval(scores)
    return scores[SCORE_COLUMNS]


def experiment_sample(metrics: pd.DataFrame, prompt_version: str) -> pd.DataFrame:
    """The rows of one experiment: `prompt_version`'s, which start on its first day. Scoring
    them all, however many days that is, keeps every look on one growing sample."""
    if metrics.empty:
        return metrics
    return metrics[metrics["prompt_version"].astype(str) == prompt_version].reset_index(drop=True)


def recent_days(metrics: pd.DataFrame, days: int) -> pd.DataFrame:
    """The rows of the last `days` dates present (for checks that look at recent days only)."""
    if metrics.empty:
        return metrics
    dates = pd.to_datetime(metrics["date"])
    return metrics[dates > dates.max() - pd.Timedelta(days=days)]


def listing_statistics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per segment and variant: listings, the sums of squares the ratio variance needs, and
    the listing-level intervals of CTR and conversion (`segment_intervals`: ctr_low, ...,
    conversion_high), every variant of a segment and prompt version calibrated on their
    listings together.

    A listing is one cluster however many locales and days it spans: its counts are summed
    first, then squared (impressions_sq, clicks_sq, clicks_x_impressions, and the same for
    purchases), so the variance sees how much whole listings differ. Segments that pool
    categories take their intervals post-stratified by category (`segment_intervals`' strata):
    allocation is per (category, locale) cell, so each variant's category mix is its own, and
    a rate on that mix does not vary with it.
    """
    counts = ["impressions", "clicks", "purchases"]
    units = metrics.groupby([*KEY, "listing_id"], observed=True, sort=False)[counts].sum()
    units = units.reset_index()
    units[KEY] = units[KEY].astype(str)
    levels = [
        units.assign(category=ALL, locale=ALL),
        units.assign(locale=ALL),
        units.assign(category=ALL),
        units,
    ]
    category_of = units.drop_duplicates("listing_id").set_index("listing_id")["category"]
    out = []
    for level in levels:
        listing = level.groupby([*KEY, "listing_id"], sort=False)[counts].sum()
        pooled = (listing.index.get_level_values("category") == ALL).any()
        n = listing["impressions"].to_numpy(float)
        squares = pd.DataFrame(
            {
                "listings": 1,
                "impressions_sq": n**2,
                **{f"{c}_sq": listing[c].to_numpy(float) ** 2 for c in counts[1:]},
                **{f"{c}_x_impressions": listing[c].to_numpy(float) * n for c in counts[1:]},
            },
            index=listing.index,
        )
        summed = squares.groupby(level=list(range(len(KEY))), sort=False).sum()
        group = listing.groupby(level=list(range(len(KEY))), sort=False).ngroup().to_numpy()
        # A pool is a segment in one experiment (prompt version): its variants' listings were
        # assigned from one catalog, so their intervals share its critical values' pool.
        pool = listing.groupby(level=[*SEGMENT, "prompt_version"], sort=False).ngroup().to_numpy()
        strata = (
            category_of.reindex(listing.index.get_level_values("listing_id")).to_numpy()
            if pooled
            else np.zeros(len(listing), int)
        )
        impressions, clicks, purchases = (listing[c].to_numpy(float) for c in counts)
        bounds = np.full((group.max() + 1 if len(group) else 0, 2, 2), np.nan)
        for rows in (np.flatnonzero(pool == p) for p in range(pool.max() + 1 if len(pool) else 0)):
            groups, variant = np.unique(group[rows], return_inverse=True)
            bounds[groups] = segment_intervals(
                impressions[rows], clicks[rows], purchases[rows], variant, strata[rows]
            )
        # ngroup numbers groups in order of appearance, as groupby(sort=False) lists them.
        summed["ctr_low"], summed["ctr_high"] = bounds[:, 0, 0], bounds[:, 0, 1]
        summed["conversion_low"], summed["conversion_high"] = bounds[:, 1, 0], bounds[:, 1, 1]
        out.append(summed)
    return pd.concat(out).reset_index()


def ratio_variance(
    successes, trials, successes_sq, cross, trials_sq, listings, *, floor_binomial: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """The rate sum(y) / sum(n) over listings and its delta-method variance.

    With listing totals y_i and n_i, m listings and R = sum y / sum n, the variance is
    m / (m - 1) x sum (y_i - R n_i)^2 / (sum n)^2, from the sums of y^2, y n and n^2: the
    cluster-robust (CR1) variance of a regression of the outcome on a constant, clustered by
    listing. With `floor_binomial`, never below R (1 - R) / sum n, what independent impressions
    would give. NaN with fewer than two listings. Works on arrays of any shape.
    """
    y, n, yy, yn, nn, m = (np.asarray(x, dtype=float) for x in (successes, trials, successes_sq, cross, trials_sq, listings))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = y / n
        residual_ss = np.maximum(yy - 2 * rate * yn + rate**2 * nn, 0.0)
        variance = residual_ss / n**2 * m / (m - 1)
        if floor_binomial:
            variance = np.maximum(variance, rate * (1 - rate) / n)
    return rate, np.where((m >= 2) & (n > 0), variance, np.nan)


def paired_difference(
    successes_a: np.ndarray, trials_a: np.ndarray, successes_b: np.ndarray, trials_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rate of A minus rate of B, and its listing-level variance, along the last axis (listings).

    For variants that share listings (a within-listing experiment: the storefront splits each
    listing's traffic between two published variants), each listing's two residuals move
    together with its appeal, so the variance keeps their covariance:
    m / (m - 1) x sum_i (e_ai / N_a - e_bi / N_b)^2, e = successes - rate x trials. With
    variants on separate listings this is the sum of the two ratio variances. Listings that
    showed neither variant are left out of m.
    """
    ya, na, yb, nb = (np.asarray(x, dtype=float) for x in (successes_a, trials_a, successes_b, trials_b))
    big_na, big_nb = na.sum(axis=-1, keepdims=True), nb.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a, rate_b = ya.sum(axis=-1, keepdims=True) / big_na, yb.sum(axis=-1, keepdims=True) / big_nb
        d = (ya - rate_a * na) / big_na - (yb - rate_b * nb) / big_nb
        m = ((na + nb) > 0).sum(axis=-1)
        variance = (d**2).sum(axis=-1) * m / (m - 1)
        binomial = (rate_a * (1 - rate_a) / big_na + rate_b * (1 - rate_b) / big_nb)[..., 0]
        # Never below what independent impressions would give.
        variance = np.where(m >= 2, np.fmax(variance, binomial), np.nan)
    return (rate_a - rate_b)[..., 0], variance


WITHIN_LISTING_COLUMNS = [
    "prompt_version", "persona_a", "persona_b", "listings", "impressions_a", "impressions_b",
    "rate_a", "rate_b", "difference", "difference_low", "difference_high", "p_value", "verdict",
]


def within_listing_comparisons(
    metrics: pd.DataFrame, *, objective: str = "conversion", alpha: float = ALPHA,
    min_listings: int = MIN_LISTINGS,
) -> pd.DataFrame:
    """Personas published side by side on the same listings (variant pairs), compared paired.

    For each two personas that shared listings (a listing being its locales together, as in
    `listing_statistics`), over those shared listings only: each persona's objective rate, the
    difference a - b with its always-valid (1 - alpha) interval, and the mSPRT p-value at k = 2
    from `paired_difference`'s variance, in which each listing's appeal cancels. Valid on one
    growing sample, like `score_variants`. Empty when no listing showed two personas.
    """
    successes_column = OBJECTIVE_SUCCESSES[objective]
    if metrics.empty:
        return pd.DataFrame(columns=WITHIN_LISTING_COLUMNS)
    # The split is per listing and locale (one cell shows both texts); a listing whose locales
    # merely drew different personas is no pair.
    units = metrics.groupby(["prompt_version", "listing_id", "locale", "persona"], observed=True, sort=True)[
        ["impressions", successes_column]
    ].sum().reset_index()
    units = units[units["impressions"] > 0]
    units["persona"] = units["persona"].astype(str)
    rows = []
    for version, part in units.groupby("prompt_version", sort=True):
        wide = part.pivot_table(index=["listing_id", "locale"], columns="persona",
                                values=["impressions", successes_column], aggfunc="sum")
        personas = sorted(part["persona"].unique())
        for i, a in enumerate(personas):
            for b in personas[i + 1:]:
                both = wide["impressions"][[a, b]].notna().all(axis=1)
                if not both.any():
                    continue
                # One cluster per listing: its paired locales summed, as listings are the unit.
                shared = wide[both].groupby(level="listing_id").sum()
                n_a, n_b = (shared["impressions"][p].to_numpy(float) for p in (a, b))
                y_a, y_b = (shared[successes_column][p].to_numpy(float) for p in (a, b))
                difference, variance = paired_difference(y_a, n_a, y_b, n_b)
                pooled = (y_a.sum() + y_b.sum()) / (n_a.sum() + n_b.sum())
                tau2 = (MIXTURE_RELATIVE_SCALE * pooled) ** 2
                p_value = min(1.0, 2 * float(msprt_p_value(difference, variance, tau2)))
                low, high = confidence_sequence(
                    y_a.sum(), n_a.sum(), y_b.sum(), n_b.sum(), alpha=alpha / 2, variance=variance
                )
                listings = len(shared)
                verdict = (
                    NOT_ENOUGH_DATA if listings < min_listings
                    else WINNER + f": {a if difference > 0 else b}" if p_value <= alpha
                    else NO_CLEAR_WINNER
                )
                rows.append((version, a, b, listings, int(n_a.sum()), int(n_b.sum()),
                             y_a.sum() / n_a.sum(), y_b.sum() / n_b.sum(), float(difference),
                             float(low), float(high), p_value, verdict))
    return pd.DataFrame(rows, columns=WITHIN_LISTING_COLUMNS)


def bootstrap_t_interval(
    successes: np.ndarray,
    trials: np.ndarray,
    rng: np.random.Generator,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    mass: float = _CREDIBLE_MASS,
) -> np.ndarray:
    """Listing-level interval of sum(successes) / sum(trials) from one value per listing.

    Bootstrap-t over listings (Poisson weights, so each resample is a matrix product): the
    t statistic's own quantiles replace the normal ones. Listing totals are right-skewed (a few
    popular, appealing listings), which leaves a symmetric interval short on the high side
    when listings are few; bootstrap-t corrects for that skew. `successes` may be (listings,)
    or (listings, outcomes), sharing the resamples; returns (low, high) per outcome, NaN with
    under two listings.
    """
    y = np.asarray(successes, float)
    y = y[:, None] if y.ndim == 1 else y
    n = np.asarray(trials, float)
    keep = n > 0
    y, n = y[keep], n[keep]
    m, outcomes = y.shape
    out = np.full((outcomes, 2), np.nan)
    if m < 2:
        return out.squeeze() if np.ndim(successes) == 1 else out
    weights = rng.poisson(1.0, size=(resamples, m)).astype(float)
    n_b, nn_b, m_b = (weights @ np.column_stack([n, n * n, np.ones(m)])).T
    for j in range(outcomes):
        sums = np.column_stack([y[:, j], y[:, j] ** 2, y[:, j] * n])
        rate, variance = ratio_variance(
            sums[:, 0].sum(), n.sum(), sums[:, 1].sum(), sums[:, 2].sum(), (n * n).sum(), m
        )
        y_b, yy_b, yn_b = (weights @ sums).T
        rate_b, variance_b = ratio_variance(y_b, n_b, yy_b, yn_b, nn_b, m_b)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (rate_b - rate) / np.sqrt(variance_b)
        t = t[np.isfinite(t)]
        if len(t) < resamples // 2 or not variance > 0:
            out[j] = rate_interval(rate, variance, m, mass)
            continue
        low_q, high_q = np.quantile(t, [(1 - mass) / 2, (1 + mass) / 2])
        se = np.sqrt(variance)
        out[j] = max(rate - high_q * se, 0.0), min(rate - low_q * se, 1.0)
    return out.squeeze() if np.ndim(successes) == 1 else out


def rate_interval(rate, variance, listings, mass: float = _CREDIBLE_MASS):
    """rate +- t(m - 1) x the listing-level standard error, clipped to [0, 1]."""
    from scipy import stats

    rate, variance, m = (np.asarray(x, dtype=float) for x in (rate, variance, listings))
    half = stats.t.ppf((1 + mass) / 2, np.maximum(m - 1, 1)) * np.sqrt(variance)
    return np.clip(rate - half, 0, 1), np.clip(rate + half, 0, 1)


def small_sample_df(trials: np.ndarray, impression_variance: float = 0.0, listing_variance: float = 1.0) -> float:
    """Bell-McCaffrey degrees of freedom of the CR2 variance of sum(y) / sum(n) (Imbens and
    Kolesar 2016), under the working model Var(y_g - r n_g) = impression_variance x n_g +
    listing_variance x n_g^2: impressions that vary independently (r (1 - r) each) plus whole
    listings that differ (appeal, in proportion to their impressions).

    It is the effective number of listings: where listings differ, a catalog whose few
    listings carry most impressions has few of them, however many it lists; with m equal
    listings it is m - 1.
    """
    trace, trace_square = _df_traces(np.asarray(trials, float), impression_variance, listing_variance)
    return float(trace**2 / trace_square) if trace_square > 0 else float("nan")


def _df_traces(n: np.ndarray, impression_variance: float, listing_variance: float) -> tuple[float, float]:
    """tr(C) and tr(C^2) of small_sample_df's C = G' Omega G for one group of listings.

    The paper's m x m matrix C is a diagonal plus a term of rank two here (in u = c n and
    v = c n^2, c_g = 1 / (N sqrt(1 - n_g / N)) being the CR2 factor), so its traces come from a
    few sums; the tests check them against the full matrix. NaN under two listings.
    """
    n = n[n > 0]
    if len(n) < 2:
        return float("nan"), float("nan")
    total = n.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        c = 1 / (total * np.sqrt(1 - n / total))
    if not np.isfinite(c).all():
        return float("nan"), float("nan")
    u, v = c * n, c * n * n
    # C = diag(d) + U M U' with U = [u v]:
    #   impressions: C_gh = c_g c_h (delta_gh n_g - n_g n_h / N)
    #   listings:    C_gh = c_g c_h (delta_gh n_g^2 - n_g n_h (n_g + n_h) / N + n_g n_h S2 / N^2)
    s2 = (n * n).sum() / total**2
    d = impression_variance * c * c * n + listing_variance * u * u
    m = impression_variance * np.array([[-1 / total, 0.0], [0.0, 0.0]]) + listing_variance * np.array(
        [[s2, -1 / total], [-1 / total, 0.0]]
    )
    basis = np.column_stack([u, v])
    gram = basis.T @ basis
    trace = d.sum() + np.trace(m @ gram)
    trace_square = (d * d).sum() + 2 * np.trace(m @ (basis.T * d) @ basis) + np.trace(m @ gram @ m @ gram)
    return float(trace), float(trace_square)


def ratio_interval(
    successes: np.ndarray,
    trials: np.ndarray,
    mass: float = _CREDIBLE_MASS,
    strata: np.ndarray | None = None,
    critical: np.ndarray | None = None,
) -> np.ndarray:
    """Listing-level interval of sum(successes) / sum(trials) from one total per listing.

    The rates r0 a t test would not reject when each listing's residual is taken under r0:
    N^2 (R - r0)^2 <= t^2 sum_g (y_g - r0 n_g)^2 / (1 - n_g / N), a quadratic in r0 (the
    Fieller/score form of the CR2 variance), with t from `small_sample_df`. Imposing r0 is
    what lets the interval lean: a sample that lacks the few popular, appealing listings that
    carry a rate has a low estimate and a small spread, and a Wald interval around it (even a
    bootstrap-t one) stays short on the high side; under a higher r0 the residuals grow and
    so does the allowed distance. Never narrower than the Wilson interval of independent
    impressions. `successes` may be (listings,) or (listings, outcomes); returns (low, high)
    per outcome, NaN with under two listings.

    `strata` (one label per listing, e.g. its category) makes it the post-stratified interval
    of the same rate: sum(y) / sum(n) is sum_c (N_c / N) R_c, the strata's rates weighted by
    the variant's own impressions in each, so its estimand is the variant's rate on *its* mix
    of strata, and that mix is not sampling noise. Each residual is then taken around its
    stratum's rate under r0 (R_c r0 / R, the tested rate moving every stratum in proportion),
    with the stratum's CR2 leverage; without strata the spread between, say, categories counts
    as if it were, and the interval over-covers what it estimates (RESULTS section 9.A).
    Strata with under two listings are pooled into one.

    `critical` (outcomes, [low, high]) replaces -t and t by the statistic's own quantiles,
    simulated from the segment's catalog (`calibration.score_critical_values`; what
    `listing_statistics` passes): the low one bounds the rate from above, the high one from
    below, so a skewed statistic gives an interval that leans.
    """
    from scipy import stats

    y = np.asarray(successes, float)
    y = y[:, None] if y.ndim == 1 else y
    n = np.asarray(trials, float)
    keep = n > 0
    y, n = y[keep], n[keep]
    group = _pooled_strata(np.zeros(len(n), int) if strata is None else np.asarray(strata)[keep])
    out = np.full((y.shape[1], 2), np.nan)
    if len(n) >= 2 and n.sum() > n.max():
        total = n.sum()
        rate = y.sum(axis=0) / total
        n_stratum = np.bincount(group, n)
        y_stratum = np.stack([np.bincount(group, column) for column in y.T], axis=1)
        rate_stratum = y_stratum / n_stratum[:, None]
        # Each listing's share of the tested rate: its stratum's rate relative to the whole.
        share = np.divide(rate_stratum, rate, out=np.ones_like(rate_stratum), where=rate > 0)[group]
        if critical is None:
            # The working model's two parts, by moments and per stratum: what independent
            # impressions explain of the residuals, and the rest as listings differing, in
            # proportion to the stratum's rate squared (appeal multiplies rates). Only the
            # degrees of freedom need them.
            impression_variance = rate_stratum * (1 - rate_stratum)
            residual_ss = np.stack(
                [np.bincount(group, (y[:, j] - rate_stratum[group, j] * n) ** 2) for j in range(y.shape[1])],
                axis=1,
            )
            n_sq = np.bincount(group, n * n)
            relative = np.maximum((residual_ss - impression_variance * n_stratum[:, None]).sum(axis=0), 0) / np.fmax(
                (rate_stratum**2 * n_sq[:, None]).sum(axis=0), np.finfo(float).tiny
            )
            df = np.array(
                [
                    _stratified_df(n, group, n_stratum / total, impression_variance[:, j], relative[j] * rate_stratum[:, j] ** 2)
                    for j in range(y.shape[1])
                ]
            )
            df = np.where(np.isfinite(df), df, len(n) - 1)  # no successes at all: nothing varies
            t = stats.t.ppf((1 + mass) / 2, df)
            low_critical, high_critical = -t, t
        else:
            low_critical, high_critical = np.asarray(critical, float).reshape(-1, 2).T
        w = 1 / (1 - n / n_stratum[group])
        # T(r0) = q as a quadratic in r0: a r0^2 + b r0 + c = 0 with q^2 in place of T^2. The
        # root below R is where T = high (the lower bound), the one above where T = low.
        for bound, q2, sign in ((0, high_critical**2, -1), (1, low_critical**2, 1)):
            a = total**2 - q2 * (w[:, None] * share**2 * (n * n)[:, None]).sum(axis=0)
            b = -2 * total**2 * rate + 2 * q2 * (w[:, None] * y * share * n[:, None]).sum(axis=0)
            c = total**2 * rate**2 - q2 * (w[:, None] * y * y).sum(axis=0)
            root = np.sqrt(np.maximum(b * b - 4 * a * c, 0.0))
            # a <= 0: a few listings carry so many impressions that no rate on that side can
            # be ruled out.
            with np.errstate(divide="ignore", invalid="ignore"):
                out[:, bound] = np.where(a > 0, (-b + sign * root) / (2 * a), float(bound))
        # Wilson's interval: what independent impressions alone would allow.
        z2 = stats.norm.ppf((1 + mass) / 2) ** 2
        centre = (rate + z2 / (2 * total)) / (1 + z2 / total)
        half = np.sqrt(z2 * rate * (1 - rate) / total + z2**2 / (4 * total**2)) / (1 + z2 / total)
        out[:, 0] = np.clip(np.minimum(out[:, 0], centre - half), 0, 1)
        out[:, 1] = np.clip(np.maximum(out[:, 1], centre + half), 0, 1)
    return out.squeeze() if np.ndim(successes) == 1 else out


def segment_intervals(
    impressions: np.ndarray,
    clicks: np.ndarray,
    purchases: np.ndarray,
    variant: np.ndarray,
    strata: np.ndarray | None = None,
    mass: float = _CREDIBLE_MASS,
) -> np.ndarray:
    """(variants, [CTR, conversion], [low, high]): every variant's listing-level intervals in
    one segment, one row per listing. `variant` numbers the variants 0..V-1.

    Each is `ratio_interval` with critical values from the segment's catalog: the listings'
    effects pooled over all variants (`calibration.catalog_effects`, each listing relative to
    its variant in its stratum), the variant's own score statistic simulated with them
    (`calibration.score_critical_values`). Post-stratified by `strata` when given. NaN for a
    variant with under two listings.
    """
    n = np.asarray(impressions, float)
    y = np.column_stack([np.asarray(clicks, float), np.asarray(purchases, float)])
    variant = np.asarray(variant)
    labels = np.zeros(len(n), int) if strata is None else np.asarray(strata)
    variants = int(variant.max()) + 1 if len(variant) else 0
    out = np.full((variants, 2, 2), np.nan)
    live = n > 0
    members = [np.flatnonzero((variant == v) & live) for v in range(variants)]
    # The pool's groups: each variant's strata (pooled as ratio_interval pools them), numbered
    # apart, so every listing's effect is relative to its own variant in its own stratum.
    groups, offsets, offset = np.zeros(len(n), int), [], 0
    for rows in members:
        offsets.append(offset)
        if len(rows):
            stratum = _pooled_strata(labels[rows])
            groups[rows] = stratum + offset
            offset += stratum.max() + 1
    if not live.any():
        return out
    effects = catalog_effects(n[live], y[live, 0], y[live, 1], groups[live])
    for v, rows in enumerate(members):
        if len(rows) < 2 or n[rows].sum() <= n[rows].max():
            continue
        critical = score_critical_values(
            n[rows], y[rows, 0], y[rows, 1], groups[rows] - offsets[v], effects, mass=mass
        )
        out[v] = ratio_interval(y[rows], n[rows], mass=mass, strata=labels[rows], critical=critical)
    return out


def _pooled_strata(labels: np.ndarray) -> np.ndarray:
    """Stratum numbers 0..S-1 for `labels`, strata of a single listing pooled into one (and
    that one, if still single, into the largest stratum): a stratum needs two listings for a
    spread."""
    _, group = np.unique(labels, return_inverse=True)
    sizes = np.bincount(group)
    single = sizes[group] < 2
    if single.sum() == 1 and (sizes >= 2).any():
        group = np.where(single, int(sizes.argmax()), group)
    elif single.any():
        group = np.where(single, len(sizes), group)
    return np.unique(group, return_inverse=True)[1]


def _stratified_df(n, group, weight, impression_variance, listing_variance) -> float:
    """Bell-McCaffrey df of a sum of independent strata's rates, sum_c weight_c R_c: the
    strata's C matrices are blocks of one (the residual maker is block-diagonal by stratum),
    so the traces add, each scaled by its weight squared (tr C^2 by the fourth power)."""
    trace = trace_square = 0.0
    for c in range(len(weight)):
        t1, t2 = _df_traces(n[group == c], impression_variance[c], listing_variance[c])
        trace += weight[c] ** 2 * t1
        trace_square += weight[c] ** 4 * t2
    return trace**2 / trace_square if trace_square > 0 else float("nan")


def assignment_counts(log: pd.DataFrame) -> pd.DataFrame:
    """Listings assigned per variant, and how many the allocation meant to assign.

    `log` has one row per listing and locale as publishing assigned it: category, locale,
    persona, prompt_version and `weights`, the persona probabilities of the allocation the
    persona was drawn from (a mapping persona -> probability). expected_listings sums those
    probabilities: what the assignments should add up to if the draw followed the allocation.
    `fallbacks` counts the draws whose persona was not published because its draft failed a
    gate (the log's `outcome`, see engagement/assignment_log.py): they still count as drawn,
    since the draw is what follows the weights.
    """
    keys = ["category", "locale", "prompt_version"]
    expected = pd.DataFrame(
        [
            (*row, persona, float(weight))
            for *row, weights in log[[*keys, "weights"]].itertuples(index=False)
            for persona, weight in weights.items()
        ],
        columns=[*keys, "persona", "expected_listings"],
    )
    expected = expected.groupby([*keys, "persona"], sort=True)["expected_listings"].sum()
    assigned = log.groupby([*keys, "persona"], sort=True).size().rename("listings")
    fallback = log["outcome"] == "fallback" if "outcome" in log else pd.Series(False, index=log.index)
    fallbacks = fallback.groupby([log[c] for c in [*keys, "persona"]], sort=True).sum().rename("fallbacks")
    both = pd.concat([assigned, expected, fallbacks], axis=1).fillna(0.0).reset_index()
    both[["listings", "fallbacks"]] = both[["listings", "fallbacks"]].astype(int)
    return both[["category", "locale", "persona", "prompt_version", "listings", "expected_listings", "fallbacks"]]


def srm_p_value(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Chi-squared p-value of observed counts against expected ones, along the last axis.

    Listings drawn one by one with varying probabilities are a sum of independent categorical
    draws; the chi-squared test with the summed probabilities as expectation is then slightly
    conservative (the counts vary a little less than a multinomial's). A variant that should
    get nothing but got something gives 0.
    """
    from scipy import stats

    observed, expected = np.asarray(observed, float), np.asarray(expected, float)
    scale = observed.sum(axis=-1, keepdims=True) / np.where(
        expected.sum(axis=-1, keepdims=True) > 0, expected.sum(axis=-1, keepdims=True), np.nan
    )
    expected = expected * scale
    keep = expected > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = np.where(keep, (observed - expected) ** 2 / expected, 0.0).sum(axis=-1)
    df = keep.sum(axis=-1) - 1
    p = np.where(df >= 1, stats.chi2.sf(statistic, np.maximum(df, 1)), np.nan)
    stray = np.where(~keep, observed, 0.0).sum(axis=-1) > 0
    return np.where(stray, 0.0, p)


def winners(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per segment: the winning persona (None without a winner) and the verdict."""
    columns = [
        "category",
        "locale",
        "persona",
        "prompt_version",
        "verdict",
        "leading_persona",
        "prob_best",
        "p_adjusted",
        "lift_low",
        "impressions",
        "impressions_needed",
        "srm_p_value",
        "srm_alarm",
    ]
    rows = []
    for (category, locale), segment in scores.groupby(SEGMENT, sort=False):
        won = segment[segment["verdict"] == WINNER]
        best = segment.loc[segment["prob_best"].idxmax()]
        rows.append(
            {
                "category": category,
                "locale": locale,
                "persona": won["persona"].iloc[0] if len(won) else None,
                "prompt_version": won["prompt_version"].iloc[0] if len(won) else None,
                "verdict": segment["segment_verdict"].iloc[0],
                "leading_persona": best["persona"],
                "prob_best": float(best["prob_best"]),
                "p_adjusted": float(segment["p_adjusted"].iloc[0]),
                "lift_low": float(best["lift_low"]),
                "impressions": int(segment["impressions"].sum()),
                "impressions_needed": float(segment["impressions_needed"].iloc[0]),
                "srm_p_value": float(segment["srm_p_value"].iloc[0]),
                "srm_alarm": bool(segment["srm_alarm"].iloc[0]),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    # Object dtype keeps a missing winner as None rather than NaN.
    for column in ("persona", "prompt_version"):
        table[column] = pd.Series([row[column] for row in rows], dtype=object)
    return table


# The sequential test, on arrays whose last axis is the variants (leading axes: runs, days...),
# so the benchmark evaluates exactly this code over thousands of experiments at once.


def always_valid_p_value(
    successes_a: np.ndarray,
    trials_a: np.ndarray,
    successes_b: np.ndarray,
    trials_b: np.ndarray,
    relative_scale: float = MIXTURE_RELATIVE_SCALE,
) -> np.ndarray:
    """Two-sided always-valid p-value of rate_a == rate_b: 1 / mSPRT likelihood ratio.

    Normal mixture N(0, tau^2) over the difference, tau = relative_scale x the pooled rate,
    with the pooled (null) variance of the difference; capped at 1.
    """
    sa, na, sb, nb = (np.asarray(x, dtype=float) for x in (successes_a, trials_a, successes_b, trials_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (sa + sb) / (na + nb)
        v = pooled * (1 - pooled) * (1 / na + 1 / nb)
        return msprt_p_value(sa / na - sb / nb, v, (relative_scale * pooled) ** 2)


def msprt_p_value(theta: np.ndarray, variance: np.ndarray, tau2: np.ndarray) -> np.ndarray:
    """1 / the likelihood ratio of a normal estimate theta (variance known) under a N(0, tau2)
    mixture against theta = 0, capped at 1: always valid while the estimate stays normal."""
    theta, v, tau2 = (np.asarray(x, dtype=float) for x in (theta, variance, tau2))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_lr = 0.5 * np.log(v / (v + tau2)) + tau2 * theta**2 / (2 * v * (v + tau2))
        p = np.exp(-log_lr)
    return np.where(np.isfinite(p) & (v > 0), np.minimum(p, 1.0), 1.0)


def confidence_sequence(
    successes_a: np.ndarray,
    trials_a: np.ndarray,
    successes_b: np.ndarray,
    trials_b: np.ndarray,
    alpha: float = ALPHA,
    relative_scale: float = MIXTURE_RELATIVE_SCALE,
    variance: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Always-valid (1 - alpha) interval for rate_a - rate_b: it covers at every look at once.

    The same normal mixture inverted with the unpooled variance; rates are shrunk by half a
    success so an arm without successes still has a variance. `variance`, when given, is the
    difference's variance (listing-level), used where it exceeds the binomial one.
    """
    sa, na, sb, nb = (np.asarray(x, dtype=float) for x in (successes_a, trials_a, successes_b, trials_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        pa, pb = (sa + 0.5) / (na + 1), (sb + 0.5) / (nb + 1)
        v = pa * (1 - pa) / na + pb * (1 - pb) / nb
        if variance is not None:
            v = np.fmax(v, np.asarray(variance, dtype=float))
        tau2 = (relative_scale * (sa + sb + 1) / (na + nb + 2)) ** 2
        radius = np.sqrt(v * (v + tau2) / tau2 * (2 * np.log(1 / alpha) + np.log((v + tau2) / v)))
        theta = sa / na - sb / nb
    return theta - radius, theta + radius


def winner_p_values(
    successes: np.ndarray, trials: np.ndarray, variances: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The leader (highest observed rate) and the always-valid p-value that it beats every other.

    With `variances` (each variant's listing-level rate variance, `ratio_variance`) the
    pairwise tests use the variance of each difference, var_leader + var_other, rather than
    the pooled binomial one; NaN variances (under two listings) give p = 1.

    p = k x the largest of its pairwise p-values (1 if any other variant is level or ahead).
    Why k: if the declared variant is not the unique best, it was declared against some best
    variant b fixed in advance, with the test against b's null true; over the k - 1 variants that
    could be declared, and b itself against a tie, that is k chances at level p / k each.
    """
    successes, trials = np.asarray(successes, float), np.asarray(trials, float)
    k = successes.shape[-1]
    if k < 2:
        return np.zeros(successes.shape[:-1], dtype=int), np.ones(successes.shape[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(trials > 0, successes / trials, -np.inf)
    leader = rates.argmax(axis=-1)
    take = lambda a: np.take_along_axis(a, leader[..., None], axis=-1)  # noqa: E731
    if variances is None:
        pairwise = always_valid_p_value(take(successes), take(trials), successes, trials)
    else:
        variances = np.asarray(variances, float)
        with np.errstate(divide="ignore", invalid="ignore"):
            pooled = (take(successes) + successes) / (take(trials) + trials)
            pairwise = msprt_p_value(
                take(rates) - rates,
                take(variances) + variances,
                (MIXTURE_RELATIVE_SCALE * pooled) ** 2,
            )
        pairwise = np.where(np.isfinite(take(variances) + variances), pairwise, 1.0)
    pairwise = np.where(take(rates) > rates, pairwise, 1.0)
    is_leader = np.arange(k) == leader[..., None]
    worst = np.where(is_leader, 0.0, pairwise).max(axis=-1)
    return leader, np.minimum(1.0, k * worst)


def impressions_needed(
    rate_best: float, rate_second: float, k: int, alpha: float = ALPHA
) -> float:
    """Total impressions over k equal arms for the mSPRT to name the better of two rates with
    >= 95 % power, at the decision's level alpha / k; inf when the rates are equal."""
    if not rate_best > rate_second or rate_second < 0:
        return float("inf")
    per_arm = np.geomspace(1e2, 1e11, 2000)
    pooled = (rate_best + rate_second) / 2
    v = 2 * pooled * (1 - pooled) / per_arm
    tau2 = (MIXTURE_RELATIVE_SCALE * pooled) ** 2
    boundary = np.sqrt((v + tau2) / tau2 * (2 * np.log(k / alpha) + np.log((v + tau2) / v)))
    sd = np.sqrt((rate_best * (1 - rate_best) + rate_second * (1 - rate_second)) / per_arm)
    enough = (rate_best - rate_second) / sd >= boundary + _POWER_Z
    return float(per_arm[enough.argmax()] * k) if enough.any() else float("inf")


# Variance reduction and stability.


def cuped_means(y: np.ndarray, x: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """Per group: the plain mean of y and the CUPED mean, y - theta (x - mean x), with their
    standard errors; theta = cov(y, x) / var(x) pooled over all units, as in Deng et al. 2013.

    x must be measured before assignment (the listing's pre-period), else theta soaks up
    part of the effect.
    """
    y, x = np.asarray(y, float), np.asarray(x, float)
    variance_x = np.var(x, ddof=1)
    theta = np.cov(y, x)[0, 1] / variance_x if variance_x > 0 else 0.0
    adjusted = y - theta * (x - x.mean())
    frame = pd.DataFrame({"group": groups, "y": y, "adjusted": adjusted})
    grouped = frame.groupby("group", sort=True)
    out = pd.DataFrame(
        {
            "units": grouped.size(),
            "mean": grouped["y"].mean(),
            "se": grouped["y"].sem(),
            "cuped_mean": grouped["adjusted"].mean(),
            "cuped_se": grouped["adjusted"].sem(),
        }
    )
    out["theta"] = theta
    out["variance_reduction"] = 1 - (out["cuped_se"] / out["se"]) ** 2
    return out.reset_index()


def stability_check(metrics: pd.DataFrame, *, objective: str = "conversion") -> dict:
    """Do the variants' differences hold from day to day (no novelty, no weekday pattern)?

    A binomial GLM (statsmodels) of the objective on variant + day, against variant x day:
    the likelihood-ratio p-value says whether the variants' relative rates differ between days.
    Traffic that simply rises at weekends moves every variant alike and is not flagged. Also
    the leader's lift over the rest in the first and the second half of the days.
    """
    from scipy import stats
    import statsmodels.api as sm

    successes_column = OBJECTIVE_SUCCESSES[objective]
    daily = rollup(metrics.assign(variant=_variant_key(metrics)), ["date", "variant"])
    days = sorted(daily["date"].unique())
    result = {"days": len(days), "p_value": float("nan"), "alarm": False, "halves": []}
    if len(days) < 2 or daily["variant"].nunique() < 2 or daily[successes_column].sum() == 0:
        return result
    successes = daily[successes_column].to_numpy(float)
    endog = np.column_stack([successes, daily["impressions"].to_numpy(float) - successes])
    main = pd.get_dummies(daily[["variant", "date"]].astype(str), drop_first=True, dtype=float)
    interaction = pd.get_dummies(
        daily["variant"].astype(str) + "|" + daily["date"].astype(str), dtype=float
    )
    reduced = sm.add_constant(main.to_numpy())
    full = np.column_stack([reduced, interaction.to_numpy()])
    with warnings.catch_warnings():
        # The full model is saturated by design (one cell per variant and day): statsmodels
        # warns of a rank-deficient design and perfect prediction, but its deviance is exact.
        warnings.simplefilter("ignore", category=Warning)
        fits = [sm.GLM(endog, design, family=sm.families.Binomial()).fit() for design in (reduced, full)]
    statistic = max(fits[0].deviance - fits[1].deviance, 0.0)
    df = (daily["variant"].nunique() - 1) * (len(days) - 1)
    result["p_value"] = float(stats.chi2.sf(statistic, df))
    result["alarm"] = result["p_value"] < STABILITY_ALARM_P

    totals = daily.groupby("variant")[[successes_column, "impressions"]].sum()
    leader = (totals[successes_column] / totals["impressions"]).idxmax()
    middle = days[len(days) // 2]
    for name, half in (("first half", daily["date"] < middle), ("second half", daily["date"] >= middle)):
        part = daily[half].groupby("variant")[[successes_column, "impressions"]].sum()
        lead, rest = part.loc[leader], part.drop(leader).sum()
        lift = (lead[successes_column] / lead["impressions"]) / (
            rest[successes_column] / rest["impressions"]
        ) - 1 if rest[successes_column] else float("nan")
        result["halves"].append(
            {"half": name, "days": int(len(set(daily.loc[half, "date"]))), "leader": leader, "lift": float(lift)}
        )
    return result


def dwell_interval(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """95 % interval of the log-normal dwell median: exp(mean log dwell +- t x its standard error)."""
    from scipy import stats

    n = rows["dwell_count"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = rows["dwell_log_sum"].to_numpy(float) / n
        variance = np.maximum(rows["dwell_log_sq_sum"].to_numpy(float) - n * mean**2, 0) / (n - 1)
        half = stats.t.ppf((1 + _CREDIBLE_MASS) / 2, np.maximum(n - 1, 1)) * np.sqrt(variance / n)
    ok = n >= 2
    return np.where(ok, np.exp(mean - half), np.nan), np.where(ok, np.exp(mean + half), np.nan)


# Internals.


def _variant_key(frame: pd.DataFrame) -> pd.Series:
    return frame["persona"].astype(str) + "|" + frame["prompt_version"].astype(str)


def _verdicts(
    scores: pd.DataFrame, min_impressions: int, min_listings: int, alpha: float
) -> tuple[pd.Series, pd.Series]:
    """A winner needs every variant measured on enough listings, sound assignments and
    Holm-adjusted p <= alpha."""
    segment = scores.groupby(SEGMENT, sort=False)
    too_little = (segment["impressions"].transform("min") < min_impressions) | (
        segment["listings"].transform("min") < min_listings
    )
    srm = scores["srm_alarm"]
    decided = scores["p_adjusted"] <= alpha
    segment_verdict = np.select(
        [too_little, srm, decided], [NOT_ENOUGH_DATA, SRM_MISMATCH, WINNER], NO_CLEAR_WINNER
    )
    row_verdict = np.where(
        segment_verdict == WINNER,
        np.where(scores["leader"], WINNER, NO_CLEAR_WINNER),
        segment_verdict,
    )
    return pd.Series(row_verdict, index=scores.index), pd.Series(segment_verdict, index=scores.index)


def holm(p: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Holm-adjusted p-values along the last axis; with `weights`, weighted Holm (Holm 1979):
    hypothesis i gets alpha x w_i / (the weight still untested) at its step. Equal weights give
    statsmodels' multipletests(method="holm"). Vectorised, so the benchmark adjusts thousands
    of looks at once with this same code."""
    p = np.asarray(p, dtype=float)
    w = np.ones(p.shape[-1]) if weights is None else np.asarray(weights, dtype=float)
    w = np.broadcast_to(w, p.shape)
    order = np.argsort(p / w, axis=-1, kind="stable")
    p_sorted, w_sorted = np.take_along_axis(p, order, -1), np.take_along_axis(w, order, -1)
    remaining = np.cumsum(w_sorted[..., ::-1], axis=-1)[..., ::-1]
    adjusted = np.minimum(np.maximum.accumulate(p_sorted * remaining / w_sorted, axis=-1), 1.0)
    out = np.empty_like(adjusted)
    np.put_along_axis(out, order, adjusted, -1)
    return out


def level_weights(levels: np.ndarray) -> np.ndarray:
    """Each level of segments (0 overall, 1 categories, 2 locales, 3 cells) gets a quarter of
    alpha, split evenly among its segments: the overall verdict pays for 4 tests, not 45."""
    levels = np.asarray(levels)
    present = np.unique(levels)
    counts = {level: (levels == level).sum() for level in present}
    return np.array([1 / (len(present) * counts[level]) for level in levels])


def segment_levels(segments: pd.DataFrame) -> np.ndarray:
    """0 overall, 1 category, 2 locale, 3 cell, per (category, locale) row."""
    return (segments["category"] != ALL).to_numpy() * 1 + (segments["locale"] != ALL).to_numpy() * 2


def _holm_all(scores: pd.DataFrame) -> np.ndarray:
    """Weighted Holm across every segment of every level together (overall, categories,
    locales, cells): one family, so a false winner anywhere counts against alpha."""
    per_segment = scores.groupby(SEGMENT, sort=False)["p_value"].first().reset_index()
    weights = level_weights(segment_levels(per_segment))
    per_segment["p_adjusted"] = holm(per_segment["p_value"].to_numpy(), weights)
    return scores[SEGMENT].merge(per_segment, on=SEGMENT, how="left")["p_adjusted"].to_numpy()


def _lift_vs_best_other(
    successes: np.ndarray, trials: np.ndarray, variances: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Always-valid interval of each variant's rate minus the highest observed other rate."""
    if len(trials) < 2:
        return np.full(len(trials), np.nan), np.full(len(trials), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(trials > 0, successes / trials, -np.inf)
    others = np.where(np.eye(len(rates), dtype=bool), -np.inf, rates[None, :])
    best_other = others.argmax(axis=1)
    return confidence_sequence(
        successes, trials, successes[best_other], trials[best_other], alpha=alpha,
        variance=variances + variances[best_other],
    )


def _segment_impressions_needed(
    successes: np.ndarray, trials: np.ndarray, variances: np.ndarray, alpha: float
) -> float:
    """impressions_needed for the two leading rates, times their design effect: how much more
    their listing-level variance is than independent impressions would give."""
    if len(trials) < 2 or (trials <= 0).any():
        return float("nan")
    rates = successes / trials
    top = np.argsort(rates)[::-1][:2]
    with np.errstate(divide="ignore", invalid="ignore"):
        binomial = rates[top] * (1 - rates[top]) / trials[top]
        ratios = variances[top] / binomial
    finite = ratios[np.isfinite(ratios)]
    effect = max(float(finite.mean()), 1.0) if len(finite) else 1.0
    return impressions_needed(rates[top[0]], rates[top[1]], len(trials), alpha) * effect


def _segment_levels(frame: pd.DataFrame, columns: list[str]) -> list[pd.DataFrame]:
    """`columns` summed per variant at each segment level: overall, category, locale, cell."""
    cells = frame.groupby(KEY, observed=True, sort=True)[columns].sum().reset_index()
    cells[KEY] = cells[KEY].astype(str)
    return [
        cells.assign(category=ALL, locale=ALL),
        cells.assign(locale=ALL),
        cells.assign(category=ALL),
        cells,
    ]


def _prob_best(
    rates: np.ndarray, variances: np.ndarray, *, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """P(best) and expected loss (in the rate's units) from normal draws around each rate with
    its listing-level variance: the same uncertainty the intervals and the test use."""
    sd = np.sqrt(np.where(np.isfinite(variances), variances, 0.0))
    samples = rates + sd * rng.standard_normal((draws, len(rates)))
    best = samples.max(axis=1, keepdims=True)
    prob_best = np.bincount(samples.argmax(axis=1), minlength=len(rates)) / draws
    return prob_best, (best - samples).mean(axis=0)


def binomial_interval(successes, trials, mass: float = _CREDIBLE_MASS):
    """The Beta(1, 1)-posterior interval that treats every impression as independent: what the
    scores used before the listing-level one; kept for the benchmark's comparison."""
    from scipy import stats  # imported here: scipy.stats alone adds ~0.3 s to loading the assets

    successes, trials = np.asarray(successes, float), np.asarray(trials, float)
    a, b = 1 + successes, 1 + trials - successes
    tail = (1 - mass) / 2
    return stats.beta.ppf(tail, a, b), stats.beta.ppf(1 - tail, a, b)


def srm_check(assignments: pd.DataFrame | None, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """srm_p_value and srm_alarm per segment (category, locale), from `assignment_counts`
    rolled up to each level; `segments` limits and orders the rows (default: all).

    Overall at SRM_ALARM_P; every other segment at SRM_ALARM_P / their number (Bonferroni), so
    a fair run alarms anywhere at most 2 x SRM_ALARM_P of the time.
    """
    if segments is None:
        levels = _segment_levels(assignments, ["listings"])
        segments = pd.concat(levels)[SEGMENT].drop_duplicates().reset_index(drop=True)
    if assignments is None or assignments.empty:
        return segments.assign(srm_p_value=np.nan, srm_alarm=False)
    rows = []
    for level in _segment_levels(assignments, ["listings", "expected_listings"]):
        level = level.groupby(KEY, sort=True)[["listings", "expected_listings"]].sum().reset_index()
        for (category, locale), part in level.groupby(SEGMENT, sort=False):
            p = srm_p_value(part["listings"].to_numpy(), part["expected_listings"].to_numpy())
            rows.append((category, locale, float(p)))
    tested = pd.DataFrame(rows, columns=[*SEGMENT, "srm_p_value"])
    out = segments.merge(tested, on=SEGMENT, how="left")
    overall = (out["category"] == ALL) & (out["locale"] == ALL)
    threshold = np.where(overall, SRM_ALARM_P, SRM_ALARM_P / max(int((~overall).sum()), 1))
    out["srm_alarm"] = out["srm_p_value"] < threshold
    return out
