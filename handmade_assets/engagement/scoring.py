"""Which persona sells best, per segment, and how sure we are.

Each variant (persona, prompt version) gets Beta(1, 1)-posterior credible intervals for CTR and
conversion, and Monte Carlo draws of the objective rate give its probability of being best and
its expected loss. A sample-ratio-mismatch test flags segments whose traffic split is off,
since a broken split makes every other number in the segment suspect.
"""

from __future__ import annotations

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

SRM_ALARM_P = 0.001
_CREDIBLE_MASS = 0.95


def score_variants(
    metrics: pd.DataFrame,
    *,
    objective: str = "conversion",
    min_impressions: int = 2000,
    prob_best_threshold: float = 0.95,
    draws: int = 20000,
    seed: int = 0,
    expected_split: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (segment, persona, prompt_version), segments being overall ("all", "all"),
    each category, each locale and each category x locale.

    The SRM test expects an equal split of impressions, unless `expected_split` (category,
    locale, persona, prompt_version, weight; e.g. live listing rows per variant) says otherwise:
    personas are assigned per listing, so impressions follow the catalog's split, which is only
    even when the allocation is uniform and the catalog large.

    `verdict` is per row ("winner" only on the winning row); `segment_verdict` repeats the
    segment's outcome on each of its rows.
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
        prob_best, expected_loss = _prob_best(
            segment[successes_column].to_numpy(),
            segment["impressions"].to_numpy(),
            draws=draws,
            rng=np.random.default_rng([seed, index]),
        )
        segment["prob_best"] = prob_best
        segment["expected_loss"] = expected_loss
        segment["srm_p_value"] = _srm_p_value(
            segment["impressions"].to_numpy(), segment["weight"].to_numpy()
        )
        segment["verdict"], segment["segment_verdict"] = _verdicts(
            segment["impressions"].to_numpy(),
            prob_best,
            min_impressions=min_impressions,
            prob_best_threshold=prob_best_threshold,
        )
        scored.append(segment)
    scores = (
        pd.concat(scored, ignore_index=True)
        if scored
        else variants.assign(
            prob_best=[], expected_loss=[], srm_p_value=[], verdict=[], segment_verdict=[]
        )
    )
    for rate, successes in (("ctr", "clicks"), ("conversion", "purchases")):
        low, high = _credible_interval(scores[successes], scores["impressions"])
        scores[f"{rate}_low"], scores[f"{rate}_high"] = low, high
    scores["srm_alarm"] = scores["srm_p_value"] < SRM_ALARM_P
    return scores[
        [
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
            "prob_best",
            "expected_loss",
            "srm_p_value",
            "srm_alarm",
            "verdict",
            "segment_verdict",
        ]
    ]


def winners(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per segment: the winning persona (None without a winner) and the verdict."""
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
                "impressions": int(segment["impressions"].sum()),
                "srm_alarm": bool(segment["srm_alarm"].iloc[0]),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "category",
            "locale",
            "persona",
            "prompt_version",
            "verdict",
            "leading_persona",
            "prob_best",
            "impressions",
            "srm_alarm",
        ],
    )
    # Object dtype keeps a missing winner as None rather than NaN.
    for column in ("persona", "prompt_version"):
        table[column] = pd.Series([row[column] for row in rows], dtype=object)
    return table


def _verdicts(
    impressions: np.ndarray,
    prob_best: np.ndarray,
    *,
    min_impressions: int,
    prob_best_threshold: float,
) -> tuple[np.ndarray, str]:
    """Each variant's verdict and the segment's: a winner needs every variant well measured."""
    if (impressions < min_impressions).any():
        return np.full(len(impressions), NOT_ENOUGH_DATA), NOT_ENOUGH_DATA
    is_winner = prob_best >= prob_best_threshold
    row_verdicts = np.where(is_winner, WINNER, NO_CLEAR_WINNER)
    return row_verdicts, WINNER if is_winner.any() else NO_CLEAR_WINNER


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
