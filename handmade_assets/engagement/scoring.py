"""Which persona sells best, per segment, and how sure we are.

Per variant (persona, prompt version) and segment: Beta(1, 1)-posterior intervals for CTR and
conversion, a log-normal dwell median with a t interval on the mean log dwell, and Monte Carlo
draws of the objective rate for the probability of being best and the expected loss.

The decision is separate from those descriptive numbers and stays honest under peeking. The
leader is named a winner only when a mixture sequential probability ratio test (mSPRT, normal
mixture over the difference of two proportions; Johari et al. 2017, "Peeking at A/B tests")
says it beats every other variant at level alpha / k (k variants: a Bonferroni bound that holds
whichever variant leads, see `winner_p_values`). Its p-values are always valid: the chance that
they ever drop below alpha, at any look on cumulative data, is at most alpha. Holm's correction
runs across the segments of each level (8 categories, 4 locales, 32 cells), which with always-valid
p-values bounds the family-wise false-winner rate over all looks too. A sample-ratio mismatch or
too little traffic blocks a verdict.

`stability_check` tests whether the variants' differences change from day to day (novelty,
weekly seasonality); `cuped_means` adjusts per-unit outcomes with pre-period data.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from handmade_assets.engagement.allocation import ALL, OBJECTIVE_SUCCESSES
from handmade_assets.engagement.metrics import COUNTS, rollup

SEGMENT = ["category", "locale"]
VARIANT = ["persona", "prompt_version"]
KEY = [*SEGMENT, *VARIANT]

WINNER = "winner"
NOT_ENOUGH_DATA = "not enough data"
NO_CLEAR_WINNER = "no clear winner"
SRM_MISMATCH = "sample-ratio mismatch"

SRM_ALARM_P = 0.001
STABILITY_ALARM_P = 0.01
ALPHA = 0.05
# The mixture's spread, relative to the pooled rate: tuned for lifts of ~10-30 %, though the
# test is valid for any value (it only moves where power is best).
MIXTURE_RELATIVE_SCALE = 0.15
_CREDIBLE_MASS = 0.95
# `impressions_needed` aims at 97.5 % power against the runner-up: the leader must also beat
# the other variants, so that leaves the chance of naming it at >= 95 % (the benchmark checks).
_POWER_Z = 1.96

SCORE_COLUMNS = [
    *KEY,
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
    alpha: float = ALPHA,
    draws: int = 20000,
    seed: int = 0,
    expected_split: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (segment, persona, prompt_version), segments being overall ("all", "all"),
    each category, each locale and each category x locale.

    The SRM test expects an equal split of impressions, unless `expected_split` (category,
    locale, persona, prompt_version, weight; e.g. live listing rows per variant) says otherwise:
    personas are assigned per listing, so impressions follow the catalog's split.

    `lift_low`/`lift_high` is the always-valid interval, at the decision's level alpha / k, of
    this variant's objective rate minus the best other variant's. `p_value` is the segment's
    always-valid p-value that its leader beats every other variant, `p_adjusted` after Holm
    within the segment's level. `verdict` is per row ("winner" only on the winning row);
    `segment_verdict` repeats the segment's outcome on each of its rows.
    """
    successes_column = OBJECTIVE_SUCCESSES[objective]
    variants = pd.concat(
        [rollup(level, KEY) for level in _segment_levels(metrics, COUNTS)], ignore_index=True
    )
    if expected_split is None:
        variants["weight"] = 1.0
    else:
        variants = variants.merge(_expected_weights(expected_split), on=KEY, how="left")
        variants["weight"] = variants["weight"].fillna(0.0)
    scored = []
    for index, (_, segment) in enumerate(variants.groupby(SEGMENT, sort=False)):
        segment = segment.reset_index(drop=True)
        successes = segment[successes_column].to_numpy(float)
        trials = segment["impressions"].to_numpy(float)
        prob_best, expected_loss = _prob_best(
            successes, trials, draws=draws, rng=np.random.default_rng([seed, index])
        )
        segment["prob_best"] = prob_best
        segment["expected_loss"] = expected_loss
        segment["lift_low"], segment["lift_high"] = _lift_vs_best_other(
            successes, trials, alpha / max(len(segment), 1)
        )
        leader, p_value = winner_p_values(successes, trials)
        segment["leader"] = segment.index == leader
        segment["p_value"] = p_value
        segment["impressions_needed"] = _segment_impressions_needed(successes, trials, alpha)
        segment["srm_p_value"] = _srm_p_value(
            segment["impressions"].to_numpy(), segment["weight"].to_numpy()
        )
        scored.append(segment)
    if not scored:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    scores = pd.concat(scored, ignore_index=True)
    scores["p_adjusted"] = _holm_by_level(scores)
    scores["srm_alarm"] = scores["srm_p_value"] < SRM_ALARM_P
    scores["verdict"], scores["segment_verdict"] = _verdicts(scores, min_impressions, alpha)
    for rate, successes in (("ctr", "clicks"), ("conversion", "purchases")):
        low, high = _credible_interval(scores[successes], scores["impressions"])
        scores[f"{rate}_low"], scores[f"{rate}_high"] = low, high
    scores["dwell_low"], scores["dwell_high"] = dwell_interval(scores)
    return scores[SCORE_COLUMNS]


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
        theta = sa / na - sb / nb
        pooled = (sa + sb) / (na + nb)
        v = pooled * (1 - pooled) * (1 / na + 1 / nb)
        tau2 = (relative_scale * pooled) ** 2
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
) -> tuple[np.ndarray, np.ndarray]:
    """Always-valid (1 - alpha) interval for rate_a - rate_b: it covers at every look at once.

    The same normal mixture inverted with the unpooled variance; rates are shrunk by half a
    success so an arm without successes still has a variance.
    """
    sa, na, sb, nb = (np.asarray(x, dtype=float) for x in (successes_a, trials_a, successes_b, trials_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        pa, pb = (sa + 0.5) / (na + 1), (sb + 0.5) / (nb + 1)
        v = pa * (1 - pa) / na + pb * (1 - pb) / nb
        tau2 = (relative_scale * (sa + sb + 1) / (na + nb + 2)) ** 2
        radius = np.sqrt(v * (v + tau2) / tau2 * (2 * np.log(1 / alpha) + np.log((v + tau2) / v)))
        theta = sa / na - sb / nb
    return theta - radius, theta + radius


def winner_p_values(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The leader (highest observed rate) and the always-valid p-value that it beats every other.

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
    pairwise = always_valid_p_value(take(successes), take(trials), successes, trials)
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


def _verdicts(scores: pd.DataFrame, min_impressions: int, alpha: float) -> tuple[pd.Series, pd.Series]:
    """A winner needs every variant measured, a sound traffic split and Holm-adjusted p <= alpha."""
    segment = scores.groupby(SEGMENT, sort=False)
    too_little = segment["impressions"].transform("min") < min_impressions
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


def _holm_by_level(scores: pd.DataFrame) -> np.ndarray:
    """Holm across the segments of each level: overall, categories, locales, cells."""
    from statsmodels.stats.multitest import multipletests

    per_segment = scores.groupby(SEGMENT, sort=False)["p_value"].first().reset_index()
    level = (per_segment["category"] != ALL).astype(int) * 2 + (per_segment["locale"] != ALL)
    per_segment["p_adjusted"] = per_segment["p_value"]
    for _, members in per_segment.groupby(level):
        if len(members) > 1:
            per_segment.loc[members.index, "p_adjusted"] = multipletests(
                members["p_value"], method="holm"
            )[1]
    return scores[SEGMENT].merge(per_segment, on=SEGMENT, how="left")["p_adjusted"].to_numpy()


def _lift_vs_best_other(
    successes: np.ndarray, trials: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Always-valid interval of each variant's rate minus the highest observed other rate."""
    if len(trials) < 2:
        return np.full(len(trials), np.nan), np.full(len(trials), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(trials > 0, successes / trials, -np.inf)
    others = np.where(np.eye(len(rates), dtype=bool), -np.inf, rates[None, :])
    best_other = others.argmax(axis=1)
    return confidence_sequence(
        successes, trials, successes[best_other], trials[best_other], alpha=alpha
    )


def _segment_impressions_needed(successes: np.ndarray, trials: np.ndarray, alpha: float) -> float:
    if len(trials) < 2 or (trials <= 0).any():
        return float("nan")
    rates = np.sort(successes / trials)[::-1]
    return impressions_needed(rates[0], rates[1], len(trials), alpha)


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


def _expected_weights(expected_split: pd.DataFrame) -> pd.DataFrame:
    levels = _segment_levels(expected_split, ["weight"])
    return pd.concat(
        [level.groupby(KEY, sort=False)["weight"].sum().reset_index() for level in levels],
        ignore_index=True,
    )


def _prob_best(
    successes: np.ndarray, trials: np.ndarray, *, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    samples = rng.beta(1 + successes, 1 + trials - successes, size=(draws, len(trials)))
    best = samples.max(axis=1, keepdims=True)
    prob_best = np.bincount(samples.argmax(axis=1), minlength=len(trials)) / draws
    return prob_best, (best - samples).mean(axis=0)


def _credible_interval(successes: pd.Series, trials: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    from scipy import stats  # imported here: scipy.stats alone adds ~0.3 s to loading the assets

    a, b = 1 + successes.to_numpy(float), 1 + (trials - successes).to_numpy(float)
    tail = (1 - _CREDIBLE_MASS) / 2
    return stats.beta.ppf(tail, a, b), stats.beta.ppf(1 - tail, a, b)


def _srm_p_value(impressions: np.ndarray, weights: np.ndarray) -> float:
    """Chi-squared test of the impressions against the split the weights promise."""
    from scipy import stats

    if impressions.sum() == 0 or weights.sum() == 0:
        return float("nan")
    expected = impressions.sum() * weights / weights.sum()
    if impressions[expected == 0].sum() > 0:
        return 0.0  # traffic to a variant that should get none
    keep = expected > 0
    if keep.sum() < 2:
        return float("nan")
    return float(stats.chisquare(impressions[keep], expected[keep]).pvalue)
