"""Prompt scoring on simulated traffic with a known truth: does it pick the best persona, do its
intervals cover, does peeking stay honest, do A/A p-values look uniform, what does CUPED save,
and what does Thompson allocation cost against always-best and uniform?

    .venv/bin/python benchmarks/prompt_scoring.py            # full run, a few minutes on 2 cores
    .venv/bin/python benchmarks/prompt_scoring.py --quick    # smaller run, well under a minute

Traffic comes from the embedded default's simulator (handmade_assets/engagement/simulator.py),
with its DEFAULT_TRUTH. Its base rates are calibrated on the real sessions in ../shared/data, as
its docstring details: OTTO sessions (otto_sessions/train_sample.jsonl: 6.5 % carts per click,
19 % orders per cart, purchase delays of a median 1.5 h and mean 12.6 h after the click) set
add-to-cart given click at 10 %, purchase given cart at 20 % and a 6 h mean purchase delay; UCI
online shoppers (uci_online_shoppers/sample_200.csv: median 32 s per product page, log-sd 0.81)
set the log-normal dwell (median 38 s, sigma 0.85); CTR per search impression (2-4 % by
category) has no counterpart in either set and is the usual marketplace range. That makes
~0.06 % purchases per impression and a best persona ~20 % ahead of the runner-up overall.

Many-run sections draw each cell's daily counts with `simulate_cell_counts` (the same funnel and
truth, sampled as binomial counts rather than event rows; the event path is used too, for the
dwell interval and an end-to-end check of `score_variants`). Every decision is made by the
production functions in engagement/scoring.py and engagement/allocation.py.

CUPED needs listings that differ in appeal before any persona is assigned; the simulator's
truth has none, so that section gives each listing a log-normal appeal (log-sd 0.5, an
assumption, not a calibration) shared by its pre-period and its experiment.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from handmade_assets.engagement.allocation import thompson_allocation
from handmade_assets.engagement.metrics import aggregate_events
from handmade_assets.engagement.scoring import (
    ALPHA,
    confidence_sequence,
    cuped_means,
    impressions_needed,
    score_variants,
    winner_p_values,
)
from handmade_assets.engagement.simulator import (
    DEFAULT_TRUTH,
    simulate_cell_counts,
    simulate_day,
    simulate_live_catalog,
)
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS

K = len(PERSONA_KEYS)
BEST = PERSONA_KEYS.index(DEFAULT_TRUTH.true_best())
# The least favourable case for "beats every other": the best two tied, the rest behind.
TIED_TOP_TRUTH = dataclasses.replace(
    DEFAULT_TRUTH,
    persona_ctr_lift=dict.fromkeys(PERSONA_KEYS, 1.0),
    persona_conversion_lift={
        **dict.fromkeys(PERSONA_KEYS, 0.8), "maker_advocate": 1.0, "functionality_reviewer": 1.0
    },
    interaction_conversion_lift={},
)
EQUAL_TRUTH = dataclasses.replace(
    DEFAULT_TRUTH,
    persona_ctr_lift=dict.fromkeys(PERSONA_KEYS, 1.0),
    persona_conversion_lift=dict.fromkeys(PERSONA_KEYS, 1.0),
    interaction_conversion_lift={},
)


def _true_rates(truth=DEFAULT_TRUTH) -> tuple[np.ndarray, np.ndarray]:
    """Overall CTR and conversion per persona under the even catalog split."""
    ctr = np.array([np.mean([truth.ctr(p, c) for c in CATEGORIES]) for p in PERSONA_KEYS])
    conversion = np.array([truth.conversion(p) for p in PERSONA_KEYS])
    return ctr, conversion


def holm(p: np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values along the last axis: statsmodels' multipletests(method="holm"),
    vectorised over runs (one call per row costs ~1 ms, too slow for 60,000 rows)."""
    m = p.shape[-1]
    order = np.argsort(p, axis=-1)
    ranked = np.take_along_axis(p, order, -1) * (m - np.arange(m))
    adjusted = np.minimum(np.maximum.accumulate(ranked, axis=-1), 1.0)
    out = np.empty_like(adjusted)
    np.put_along_axis(out, order, adjusted, -1)
    return out


def _check_holm(seed: int) -> None:
    sample = np.random.default_rng(seed).uniform(0, 0.1, size=(20, 8))
    expected = np.array([multipletests(row, method="holm")[1] for row in sample])
    np.testing.assert_allclose(holm(sample), expected)


def _chunks(runs: int, size: int):
    for start in range(0, runs, size):
        yield start, min(size, runs - start)


def pick_rate(levels: list[float], runs: int, seed: int) -> list[dict]:
    """How often a week at each traffic level names the true best persona, overall."""
    out = []
    for i, total in enumerate(levels):
        counts = simulate_cell_counts(int(total / 7), 7, runs, seed=seed + i)
        impressions = counts.by_persona(counts.impressions.sum(axis=1))
        purchases = counts.by_persona(counts.purchases.sum(axis=1))
        leader, p = winner_p_values(purchases, impressions)
        declared = p <= ALPHA
        out.append(
            {
                "impressions": total,
                "named best": (declared & (leader == BEST)).mean(),
                "named wrong": (declared & (leader != BEST)).mean(),
                "leader is best": (leader == BEST).mean(),
            }
        )
    return out


def category_pick_rate(total: float, runs: int, seed: int) -> dict:
    """Per category, Holm across the 8: the share of (run, category) naming that category's
    true best, and the share of runs naming a wrong winner anywhere."""
    counts = simulate_cell_counts(int(total / 7), 7, runs, seed=seed)
    truth_best = np.array([PERSONA_KEYS.index(DEFAULT_TRUTH.true_best(c)) for c in CATEGORIES])
    leaders, ps = [], []
    for category in CATEGORIES:
        mask = (counts.cells["category"] == category).to_numpy()
        leader, p = winner_p_values(
            counts.by_persona(counts.purchases.sum(axis=1), mask),
            counts.by_persona(counts.impressions.sum(axis=1), mask),
        )
        leaders.append(leader)
        ps.append(p)
    leaders, ps = np.array(leaders).T, np.array(ps).T
    adjusted = holm(ps)
    declared = adjusted <= ALPHA
    right = declared & (leaders == truth_best)
    wrong = declared & (leaders != truth_best)
    return {"named best": right.mean(), "runs with a wrong winner": wrong.any(axis=1).mean()}


def coverage(runs: int, seed: int, total: float) -> dict:
    """Share of 95 % Beta intervals (per persona, overall) containing the true rate; and the
    time-uniform coverage of the always-valid interval of each persona vs the best, 30 looks."""
    ctr_true, conversion_true = _true_rates()
    counts = simulate_cell_counts(int(total / 30), 30, runs, seed=seed)
    daily_impressions = counts.by_persona(counts.impressions)
    daily_clicks = counts.by_persona(counts.clicks)
    daily_purchases = counts.by_persona(counts.purchases)
    n, clicks, purchases = (a.sum(axis=1) for a in (daily_impressions, daily_clicks, daily_purchases))
    covered = {}
    for name, successes, truth in (("CTR", clicks, ctr_true), ("conversion", purchases, conversion_true)):
        low = stats.beta.ppf(0.025, 1 + successes, 1 + n - successes)
        high = stats.beta.ppf(0.975, 1 + successes, 1 + n - successes)
        covered[name] = ((low <= truth) & (truth <= high)).mean()
    cum_n, cum_s = np.cumsum(daily_impressions, axis=1), np.cumsum(daily_purchases, axis=1)
    others = [j for j in range(K) if j != BEST]
    low, high = confidence_sequence(
        cum_s[..., others], cum_n[..., others], cum_s[..., [BEST]], cum_n[..., [BEST]], alpha=0.05
    )
    truth_diff = conversion_true[others] - conversion_true[BEST]
    ok = (low <= truth_diff) & (truth_diff <= high)
    covered["always-valid difference, all 30 looks"] = ok.all(axis=1).mean()
    return covered


def dwell_and_end_to_end(runs: int, seed: int, impressions: int) -> dict:
    """Through the event simulator, aggregate_events and score_variants: dwell-median interval
    coverage, and conversion interval coverage on the production path."""
    catalog = simulate_live_catalog(480, seed=seed)
    ctr_true, conversion_true = _true_rates()
    dwell_true = np.array(
        [DEFAULT_TRUTH.dwell_median_seconds * DEFAULT_TRUTH.persona_dwell_lift[p] for p in PERSONA_KEYS]
    )
    hits = {"dwell median": [], "conversion (score_variants)": []}
    for run in range(runs):
        events = simulate_day(catalog, dt.date(2026, 9, 1), impressions, seed=seed * 1000 + run)
        scores = score_variants(aggregate_events(events), draws=500)
        overall = scores[(scores["category"] == "all") & (scores["locale"] == "all")]
        overall = overall.set_index("persona").loc[list(PERSONA_KEYS)]
        hits["dwell median"] += list((overall["dwell_low"] <= dwell_true) & (dwell_true <= overall["dwell_high"]))
        # One day of an even catalog of 480 listings: its realised split is close to even.
        hits["conversion (score_variants)"] += list(
            (overall["conversion_low"] <= conversion_true) & (conversion_true <= overall["conversion_high"])
        )
    return {name: float(np.mean(values)) for name, values in hits.items()}


def _naive_p(purchases: np.ndarray, impressions: np.ndarray) -> np.ndarray:
    """The fixed-horizon test with the same multiplicity: leader vs each other by a pooled
    one-sided z-test, p = k x the largest; valid at one planned look, not at many."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = purchases / impressions
        leader = rates.argmax(axis=-1)[..., None]
        s_l = np.take_along_axis(purchases, leader, -1)
        n_l = np.take_along_axis(impressions, leader, -1)
        pooled = (s_l + purchases) / (n_l + impressions)
        z = (s_l / n_l - rates) / np.sqrt(pooled * (1 - pooled) * (1 / n_l + 1 / impressions))
        k = purchases.shape[-1]
        p = np.where(np.arange(k) == leader, 0.0, np.nan_to_num(stats.norm.sf(z), nan=1.0))
    return np.minimum(1.0, k * p.max(axis=-1))


def _peeking_false_winners(truth, runs: int, seed: int, per_day: int, days: int, chunk: int,
                           personas: list[int] | None = None) -> dict:
    """How often each rule names a winner at any daily look (and at the last), among `personas`."""
    hits = {"always-valid": 0, "naive": 0, "naive day 30": 0}
    columns = slice(None) if personas is None else personas
    for start, size in _chunks(runs, chunk):
        counts = simulate_cell_counts(per_day, days, size, seed=seed + start, truth=truth)
        n = np.cumsum(counts.by_persona(counts.impressions), axis=1)[..., columns]
        s = np.cumsum(counts.by_persona(counts.purchases), axis=1)[..., columns]
        _, p_valid = winner_p_values(s, n)
        p_naive = _naive_p(s, n)
        hits["always-valid"] += (p_valid <= ALPHA).any(axis=1).sum()
        hits["naive"] += (p_naive <= ALPHA).any(axis=1).sum()
        hits["naive day 30"] += (p_naive[:, -1] <= ALPHA).sum()
    return {name: value / runs for name, value in hits.items()}


def peeking_two_equal(runs: int, seed: int, per_day: int, days: int = 30) -> dict:
    """The classic A/A under peeking: two equal personas (each with half the traffic), the same
    decision rule on both (k = 2), looked at after every day."""
    pair = [PERSONA_KEYS.index("maker_advocate"), PERSONA_KEYS.index("visual_poet")]
    return _peeking_false_winners(EQUAL_TRUTH, runs, seed, per_day, days, chunk=500, personas=pair)


def tied_top(runs: int, seed: int, per_day: int, days: int = 30) -> dict:
    """Six personas, the best two tied: naming either is a false winner."""
    return _peeking_false_winners(TIED_TOP_TRUTH, runs, seed, per_day, days, chunk=250)


def false_winners(runs: int, seed: int, per_day: int, days: int = 30, bayes_runs: int = 300) -> dict:
    """All personas equal; look every day at the cumulative data for `days` days."""
    any_valid = any_naive = naive_end = any_category = 0
    bayes_hits = 0
    for start, size in _chunks(runs, 250):
        counts = simulate_cell_counts(per_day, days, size, seed=seed + start, truth=EQUAL_TRUTH)
        n = np.cumsum(counts.by_persona(counts.impressions), axis=1)
        s = np.cumsum(counts.by_persona(counts.purchases), axis=1)
        _, p_valid = winner_p_values(s, n)
        p_naive = _naive_p(s, n)
        any_valid += (p_valid <= ALPHA).any(axis=1).sum()
        any_naive += (p_naive <= ALPHA).any(axis=1).sum()
        naive_end += (p_naive[:, -1] <= ALPHA).sum()
        # Category level, Holm across the 8 categories at every look.
        per_category = []
        for category in CATEGORIES:
            mask = (counts.cells["category"] == category).to_numpy()
            per_category.append(
                winner_p_values(
                    np.cumsum(counts.by_persona(counts.purchases, mask), axis=1),
                    np.cumsum(counts.by_persona(counts.impressions, mask), axis=1),
                )[1]
            )
        per_category = np.stack(per_category, axis=-1)  # runs, days, categories
        any_category += (holm(per_category) <= ALPHA).any(axis=(1, 2)).sum()
        # The old rule, P(best) >= 0.95 by posterior draws, looked at daily (fewer runs: slow).
        take = max(0, min(size, bayes_runs - start))
        if take:
            rng = np.random.default_rng(seed + start)
            draws = rng.beta(
                1 + s[:take, :, None, :], 1 + n[:take, :, None, :] - s[:take, :, None, :],
                size=(take, days, 2000, K),
            )
            prob_best = np.stack(
                [(draws.argmax(axis=-1) == j).mean(axis=-1) for j in range(K)], axis=-1
            )
            bayes_hits += (prob_best.max(axis=-1) >= 0.95).any(axis=1).sum()
    return {
        "always-valid (mSPRT), any of 30 daily looks": any_valid / runs,
        "naive fixed-horizon z-test, any of 30 daily looks": any_naive / runs,
        "naive fixed-horizon z-test, day 30 only": naive_end / runs,
        "P(best) >= 95 %, any of 30 daily looks": bayes_hits / min(runs, bayes_runs),
        "per category, always-valid + Holm, any look, any category": any_category / runs,
    }


def aa_p_values(runs: int, seed: int, total: int) -> dict:
    """A/A: equal personas, one fixed-horizon week; p-values of the tests the report runs."""
    counts = simulate_cell_counts(total // 7, 7, runs, seed=seed, truth=EQUAL_TRUTH)
    n = counts.by_persona(counts.impressions.sum(axis=1))
    s = counts.by_persona(counts.purchases.sum(axis=1))
    # Two personas compared at a planned horizon: pooled two-proportion z-test, two-sided.
    pooled = (s[:, 0] + s[:, 1]) / (n[:, 0] + n[:, 1])
    z = (s[:, 0] / n[:, 0] - s[:, 1] / n[:, 1]) / np.sqrt(pooled * (1 - pooled) * (1 / n[:, 0] + 1 / n[:, 1]))
    two_arm = 2 * stats.norm.sf(np.abs(z))
    homogeneity = np.array(
        [stats.chi2_contingency(np.stack([row_s, row_n - row_s]), correction=False)[1] for row_s, row_n in zip(s, n)]
    )
    srm = np.array([stats.chisquare(row).pvalue for row in n])
    out = {}
    for name, p in (
        ("two personas, z-test on conversion", two_arm),
        ("six personas, chi-squared homogeneity", homogeneity),
        ("sample-ratio test (even split)", srm),
    ):
        out[name] = (len(p), stats.kstest(p, "uniform").pvalue, (p <= 0.05).mean())
    return out


def cuped(runs: int, seed: int, n_listings: int = 2880, pre_impressions: int = 3000,
          impressions: int = 3000, appeal_sigma: float = 0.5) -> dict:
    """Per listing: pre-period (before personas are assigned) and experiment rates share a
    latent appeal. Variance of the per-persona mean with and without CUPED."""
    rng = np.random.default_rng(seed)
    ctr_true, conversion_true = _true_rates()
    results = {"CTR": [], "conversion": []}
    bias = {"CTR": [], "conversion": []}
    for _ in range(runs):
        appeal = rng.lognormal(-appeal_sigma**2 / 2, appeal_sigma, n_listings)
        persona = rng.permutation(np.arange(n_listings) % K)
        for name, truth in (("CTR", ctr_true), ("conversion", conversion_true)):
            base = truth.mean()
            x = rng.binomial(pre_impressions, np.minimum(base * appeal, 1)) / pre_impressions
            y = rng.binomial(impressions, np.minimum(truth[persona] * appeal, 1)) / impressions
            table = cuped_means(y, x, persona)
            results[name].append(table["variance_reduction"].median())
            lift = table["cuped_mean"] - table["cuped_mean"].mean()
            bias[name].append(lift.to_numpy() - (truth - truth.mean()))
    return {
        name: (float(np.median(values)), float(np.abs(np.mean(bias[name], axis=0)).max() / truth.mean()))
        for (name, values), truth in zip(results.items(), _true_rates(), strict=True)
    }


def thompson_regret(runs: int, seed: int, days: int, per_day: int, floor: float = 0.05) -> dict:
    """Purchases lost against always showing each category's true best persona, for Thompson
    allocation per category (with the exploration floor) and for a uniform split."""
    cells = simulate_cell_counts(1, 1, 1, seed=0).cells
    category_of = cells["category"].to_numpy()
    persona_of = cells["persona"].map(PERSONA_KEYS.index).to_numpy()
    rate = np.array(
        [DEFAULT_TRUTH.conversion(p, c, loc) for c, loc, p in cells.itertuples(index=False)]
    )
    best_rate = np.array(
        [max(DEFAULT_TRUTH.conversion(q, c, loc) for q in PERSONA_KEYS) for c, loc, _ in cells.itertuples(index=False)]
    )
    uniform_share = np.full(len(cells), 1 / len(cells))
    lost_uniform = per_day * days * float((uniform_share * (best_rate - rate)).sum())
    best_total = per_day * days * float(uniform_share.reshape(-1, K).sum(axis=1) @ best_rate.reshape(-1, K)[:, 0])
    lost = []
    for run in range(runs):
        totals = np.zeros((len(cells), 2))  # impressions, purchases
        run_lost = 0.0
        share = uniform_share.copy()
        for day in range(days):
            counts = simulate_cell_counts(per_day, 1, 1, seed=seed * 10_000 + run * 100 + day, shares=share)
            impressions, purchases = counts.impressions[0, 0], counts.purchases[0, 0]
            run_lost += float((impressions * (best_rate - rate)).sum())
            totals += np.column_stack([impressions, purchases])
            scores = pd.DataFrame(
                {
                    "category": category_of,
                    "locale": "all",
                    "persona": np.array(PERSONA_KEYS)[persona_of],
                    "prompt_version": "v1",
                    "impressions": totals[:, 0],
                    "purchases": totals[:, 1],
                }
            ).groupby(["category", "locale", "persona", "prompt_version"], as_index=False).sum()
            allocation = thompson_allocation(scores, floor=floor, seed=run * 100 + day, draws=2000)
            within = np.array(
                [allocation[(c, "all")][PERSONA_KEYS[p]] for c, p in zip(category_of, persona_of, strict=True)]
            )
            share = within / (len(CATEGORIES) * len(LOCALES))
        lost.append(run_lost)
    return {
        "purchases with always-best": best_total,
        "lost, uniform split": lost_uniform,
        "lost, Thompson (median of runs)": float(np.median(lost)),
        "Thompson loss / uniform loss": float(np.median(lost)) / lost_uniform,
    }


def main(argv: list[str] | None = None) -> None:
    import functools
    import builtins

    global print
    print = functools.partial(builtins.print, flush=True)  # noqa: A001
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke check")
    parser.add_argument("--seed", type=int, default=20260901)
    args = parser.parse_args(argv)
    q = args.quick
    seed = args.seed
    started = time.perf_counter()
    _check_holm(seed)

    ctr_true, conversion_true = _true_rates()
    order = np.argsort(conversion_true)[::-1]
    enough = impressions_needed(conversion_true[order[0]], conversion_true[order[1]], K)
    print("Prompt scoring benchmark" + (" (--quick)" if q else ""))
    print(
        f"truth: best {PERSONA_KEYS[order[0]]} {conversion_true[order[0]]:.4%} per impression, "
        f"runner-up {PERSONA_KEYS[order[1]]} {conversion_true[order[1]]:.4%} "
        f"(+{conversion_true[order[0]] / conversion_true[order[1]] - 1:.0%}); "
        f"traffic the scoring calls enough (95 % power): {enough / 1e6:.1f} M impressions"
    )

    runs = 200 if q else 1000
    print(f"\n1. Picks the true best persona, one week of traffic, overall ({runs} runs per level)")
    print(f"   {'impressions':>12} {'named best':>11} {'named wrong':>12} {'leader is best':>15}")
    levels = [3.5e6, 7e6, enough, 3e7]
    for row in pick_rate(levels, runs, seed):
        label = f"{row['impressions'] / 1e6:.1f} M" + (" *" if row["impressions"] == enough else "")
        print(f"   {label:>12} {row['named best']:>11.1%} {row['named wrong']:>12.1%} {row['leader is best']:>15.1%}")
    print("   * the traffic the report says is enough for this gap (bar: named best >= 95 %)")
    cat = category_pick_rate(1.2e8, 100 if q else 400, seed + 50)
    print(
        f"   per category at 120 M (Holm over 8): named best in {cat['named best']:.1%} of "
        f"category-runs; runs with any wrong category winner {cat['runs with a wrong winner']:.1%}"
    )

    runs = 300 if q else 2000
    print(f"\n2. Interval coverage, nominal 95 % ({runs} runs x 6 personas, 7 M impressions)")
    for name, value in coverage(runs, seed + 100, 7e6).items():
        print(f"   {name:<40} {value:.1%}")
    for name, value in dwell_and_end_to_end(10 if q else 100, seed + 200, 200_000).items():
        print(f"   {name:<40} {value:.1%}   (event simulator path)")

    runs = 500 if q else 2000
    print(f"\n3. False-winner rate, all personas equal, 1 M impressions/day, {runs} runs (bar: <= 5 %)")
    print("   a) six personas, all equal")
    for name, value in false_winners(runs, seed + 300, 1_000_000, bayes_runs=60 if q else 300).items():
        print(f"      {name:<58} {value:.1%}")
    rows = {
        "b) two personas, equal (the classic A/A)": peeking_two_equal(runs, seed + 350, 1_000_000),
        "c) six personas, the best two tied": tied_top(runs, seed + 370, 1_000_000),
    }
    for title, figures in rows.items():
        print(f"   {title}")
        print(f"      {'always-valid (mSPRT), any of 30 daily looks':<58} {figures['always-valid']:.1%}")
        print(f"      {'naive fixed-horizon z-test, any of 30 daily looks':<58} {figures['naive']:.1%}")
        print(f"      {'naive fixed-horizon z-test, day 30 only':<58} {figures['naive day 30']:.1%}")

    runs = 1000 if q else 3000
    print(f"\n4. A/A p-values, one week of 2 M impressions, {runs} runs (uniform: KS must not reject)")
    for name, (count, ks_p, rate) in aa_p_values(runs, seed + 400, 2_000_000).items():
        print(f"   {name:<40} n={count}  KS p = {ks_p:.3f}  share p<=0.05: {rate:.1%}")

    runs = 20 if q else 100
    print(f"\n5. CUPED with a pre-period, 2880 listings, 3000 impressions each period ({runs} runs)")
    for name, (reduction, bias) in cuped(runs, seed + 500).items():
        print(f"   {name:<12} variance reduction (median) {reduction:.1%}; largest bias in a persona's lift {bias:.2%} of the mean rate")

    runs = 4 if q else 12
    print(f"\n6. Thompson allocation per category, 30 days x 1 M impressions ({runs} runs)")
    for name, value in thompson_regret(runs, seed + 600, 30, 1_000_000).items():
        print(f"   {name:<34} {value:,.2f}" if "/" in name else f"   {name:<34} {value:,.0f}")

    print(f"\ntotal time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
