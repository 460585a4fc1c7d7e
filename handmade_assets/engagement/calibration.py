"""Critical values for the listing-level score interval, taken from the segment's own catalog.

`scoring.ratio_interval` tests each rate r0 with a score statistic studentized by the variant's
own listings (CR2, residuals under r0). Its distribution is not t. A few popular listings carry
much of a rate, and listings differ in appeal with a long right tail. So the statistic is
skewed: a sample that lacks the few popular, appealing listings has a low rate *and* a small
spread. How skewed depends on the shape of the listings' appeal, and a variant's hundred
listings show that shape poorly (most samples lack the listings that make the tail). With t
critical values the interval over-covers where appeal varies little and under-covers where it
varies a lot (RESULTS section 9.A).

The segment's catalog shows it better. Personas are assigned to listings at random: the
allocation's weights depend on the cell and the day, never on the listing. So every variant's
listings are draws from the same catalog, and each listing's effect (its rate relative to its
variant's rate in its stratum) comes from one distribution whichever variant it drew. Pooling
the effects of every variant's listings in the segment estimates that distribution from six
times the listings.

- `catalog_effects` estimates the pool, per listing: its effect on CTR and its effect on
  purchases per click, with the binomial noise of each shrunk away.
- `score_critical_values` simulates one variant's score statistic at the true rate. It keeps
  the variant's own impressions per listing, strata and strata rates. It draws each listing's
  effects (both together, from one pooled listing) and sends impressions through the funnel:
  clicks, then purchases. It returns the statistic's quantiles.

`ratio_interval(critical=)` inverts the statistic against those quantiles. This is a
bootstrap-t: the statistic is studentized, so what the simulation must get right is mostly the
*shape* of the listings' effects, not their scale.

Two assumptions, both the estimand's own:
- appeal is independent of popularity (the truth averages appeal out at the impressions each
  listing got);
- a variant moves every listing's rate in proportion (the post-stratified interval already
  moves strata in proportion).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Draws of the simulated statistic: (draws + 1) x 0.025 is a whole number, so the 2.5 % and
# 97.5 % quantiles fall on order statistics (Davison and Hinkley 1997, section 5.2.3).
CRITICAL_DRAWS = 999
# A fixed seed: the same data give the same interval on every look and in every report.
_SEED = 20261207


@dataclass(frozen=True)
class ListingEffects:
    """The segment's pool: per listing, its CTR multiplier and its purchases-per-click
    multiplier (each mean 1 over the pool). Drawn together, a listing's two effects stay paired."""

    ctr: np.ndarray
    per_click: np.ndarray


def relative_effects(successes: np.ndarray, trials: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, float]:
    """Each listing's rate relative to the other listings of its group, shrunk so that the
    effects spread as the listings do, not as their binomial noise does.

    - **Reference.** A listing is compared with the rest of its group (a variant in one
      stratum), leaving itself out. If it were part of its own reference, one very appealing
      listing would raise its group's rate and so cap its own effect. That is the tail the
      pool exists to show.
    - **Spread.** The relative variance of the listings is a moment estimate, pooled over the
      groups: sum((y - n r)^2 - n r (1 - r)) / sum(n^2 r^2), with r the leave-one-out rate.
      It is unbiased because r does not contain y.
    - **Reference rate.** The rate of the rest of the group is then re-estimated, each listing
      weighted by its precision 1 / (tau^2 + noise). With appeal dominating, as for CTR, this
      is close to equal weights; with binomial noise dominating, as for sparse purchases, it
      is close to weights by trials.
    - **Noise.** Each effect 1 + (e - 1) sqrt(tau^2 / (tau^2 + noise)) keeps its rank. The
      pool then has the listings' variance, not the listings' plus their noise: Louis's (1984)
      constrained Bayes estimates.
    - **No trials.** A listing without trials has no rate. Its effect is 1, weighing nothing.

    Returns (effects scaled to mean 1, tau^2).
    """
    y = np.asarray(successes, float)
    n = np.asarray(trials, float)
    _, group = np.unique(np.asarray(group), return_inverse=True)
    groups = group.max() + 1 if len(group) else 0
    has = n > 0
    group_successes = np.bincount(group, y, groups)[group]
    group_trials = np.bincount(group, n, groups)[group]
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = np.where(group_trials > n, (group_successes - y) / (group_trials - n), 0.0)
        residual = np.where(has, (y - n * rest) ** 2 - n * rest * (1 - rest), 0.0).sum()
        scale = np.where(has, (n * rest) ** 2, 0.0).sum()
    tau2 = max(residual / scale, 0.0) if scale > 0 else 0.0
    rate = np.divide(y, n, out=np.zeros_like(y), where=has)
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = np.where(has & (rest > 0), (1 - rest) / (n * rest), np.inf)
        precision = np.where(np.isfinite(noise), 1 / (tau2 + noise), 0.0)
        total_precision = np.bincount(group, precision, groups)[group]
        weighted_rates = np.bincount(group, precision * rate, groups)[group]
        others = total_precision - precision
        reference = np.where(others > 0, (weighted_rates - precision * rate) / others, rest)
        known = has & (reference > 0)
        effect = np.where(known, rate / np.where(known, reference, 1.0), 1.0)
        noise = np.where(known, (1 - reference) / (n * np.where(known, reference, 1.0)), np.inf)
        keep = np.where(np.isfinite(noise) & (tau2 + noise > 0), tau2 / (tau2 + noise), 0.0)
    shrunk = np.maximum(1 + (effect - 1) * np.sqrt(keep), 0.0)
    mean = shrunk.mean() if len(shrunk) else 0.0
    return (shrunk / mean if mean > 0 else np.ones_like(shrunk)), tau2


def catalog_effects(
    impressions: np.ndarray, clicks: np.ndarray, purchases: np.ndarray, group: np.ndarray
) -> ListingEffects:
    """The pool of a segment from all its listings. `group` labels each listing's variant and
    stratum together; every listing's effect is taken relative to its own group."""
    clicks = np.asarray(clicks, float)
    # A purchase is reached through the listing's page: one recorded without a click still
    # counts as a visit, so purchases per click never exceed one.
    visits = np.maximum(clicks, np.asarray(purchases, float))
    ctr, _ = relative_effects(clicks, impressions, group)
    per_click, _ = relative_effects(purchases, visits, group)
    # In a fixed order (pairs kept), so the pool, and the draws from it, do not depend on the
    # order the listings came in.
    order = np.lexsort((per_click, ctr))
    return ListingEffects(ctr=ctr[order], per_click=per_click[order])


def score_statistic(successes: np.ndarray, trials: np.ndarray, group: np.ndarray, rate: float) -> np.ndarray:
    """`ratio_interval`'s statistic at the tested rate, for each row of `successes`
    (samples, listings): N (R - r0) / sqrt(sum_g w_g (y_g - s_g r0 n_g)^2). Here s_g is the
    share of the sample's own rate in listing g's stratum, and w_g = 1 / (1 - n_g / N_stratum)
    is the CR2 leverage. `group` holds stratum numbers 0..S-1."""
    y = np.atleast_2d(np.asarray(successes, float))
    n = np.asarray(trials, float)
    strata = group.max() + 1
    indicator = np.zeros((len(n), strata))
    indicator[np.arange(len(n)), group] = 1.0
    stratum_trials = indicator.T @ n
    stratum_rates = np.divide(y @ indicator, stratum_trials, out=np.zeros((len(y), strata)), where=stratum_trials > 0)
    total = n.sum()
    overall = y.sum(axis=1, keepdims=True) / total
    share = np.divide(stratum_rates[:, group], overall, out=np.ones_like(y), where=overall > 0)
    leverage = 1 / (1 - n / stratum_trials[group])
    residual = y - share * rate * n
    spread = (leverage * residual * residual).sum(axis=1)
    difference = y.sum(axis=1) - rate * total
    return np.divide(difference, np.sqrt(spread), out=np.zeros_like(difference), where=spread > 0)


def score_critical_values(
    impressions: np.ndarray,
    clicks: np.ndarray,
    purchases: np.ndarray,
    group: np.ndarray,
    effects: ListingEffects,
    *,
    mass: float = 0.95,
    draws: int = CRITICAL_DRAWS,
    seed: int = _SEED,
) -> np.ndarray:
    """(2 outcomes [CTR, conversion], [low, high]): the quantiles (1 -+ mass) / 2 of the score
    statistic of one variant when its true rates are the ones it shows in each stratum. Each
    of its listings keeps its impressions and stratum. It draws both effects of one pooled
    listing; clicks are Poisson at impressions x stratum CTR x CTR effect; purchases are those
    clicks thinned at the stratum's purchases per click x its effect (Poisson again).

    `group` holds the listings' stratum numbers 0..S-1, as `ratio_interval` pools them. The
    listings are put in a fixed order first: the statistic does not depend on their order, and
    so the simulated draws do not either (the same data in any row order, the same interval)."""
    order = np.lexsort((purchases, clicks, impressions, group))
    n = np.asarray(impressions, float)[order]
    clicks = np.asarray(clicks, float)[order]
    purchases = np.asarray(purchases, float)[order]
    group = np.asarray(group)[order]
    visits = np.maximum(clicks, purchases)
    strata = group.max() + 1
    stratum_trials = np.bincount(group, n, strata)
    stratum_clicks = np.bincount(group, visits, strata)
    ctr = np.divide(stratum_clicks, stratum_trials, out=np.zeros(strata), where=stratum_trials > 0)
    per_click = np.divide(
        np.bincount(group, purchases, strata), stratum_clicks, out=np.zeros(strata), where=stratum_clicks > 0
    )
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(effects.ctr), (draws, len(n)))
    clicks_expected = n * ctr[group] * effects.ctr[pick]
    simulated_clicks = rng.poisson(clicks_expected)
    # Purchases as binomial thinning of Poisson clicks are Poisson themselves: drawn directly,
    # at a third of the cost. Each outcome's quantiles are taken on its own, so nothing needs
    # the two paired within a draw; the listing's two effects still are.
    simulated_purchases = rng.poisson(
        clicks_expected * np.minimum(1.0, per_click[group] * effects.per_click[pick])
    )
    total = n.sum()
    out = np.empty((2, 2))
    tails = [(1 - mass) / 2, (1 + mass) / 2]
    for row, (simulated, truth) in enumerate(
        (
            (simulated_clicks, (n * ctr[group]).sum() / total),
            (simulated_purchases, (n * ctr[group] * per_click[group]).sum() / total),
        )
    ):
        out[row] = np.quantile(score_statistic(simulated, n, group, truth), tails)
    return out
