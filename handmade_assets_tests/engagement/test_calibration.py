"""Critical values of the listing-level score interval from the segment's catalog
(engagement/calibration.py); coverage itself is measured in benchmarks/prompt_scoring.py."""

import numpy as np
import pytest

from handmade_assets.engagement.calibration import (
    ListingEffects,
    catalog_effects,
    relative_effects,
    score_critical_values,
    score_statistic,
)
from handmade_assets.engagement.scoring import ratio_interval, segment_intervals


def _catalog(seed: int, listings: int, appeal_sd: float, ctr: float = 0.03, per_click: float = 0.05,
             groups: int = 12):
    """Listings with log-normal appeal (mean 1) and popularity, in `groups` variant x stratum groups
    whose rates differ."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, listings)
    group_ctr = ctr * rng.uniform(0.6, 1.6, groups)[group]
    appeal = np.exp(appeal_sd * rng.standard_normal(listings) - appeal_sd**2 / 2)
    impressions = rng.poisson(800 * np.exp(rng.standard_normal(listings) - 0.5)).astype(float)
    clicks = rng.binomial(impressions.astype(int), np.minimum(1, group_ctr * appeal)).astype(float)
    purchases = rng.binomial(clicks.astype(int), per_click).astype(float)
    return impressions, clicks, purchases, group, appeal


@pytest.mark.parametrize("appeal_sd", [0.5, 1.0])
def test_relative_effects_spread_as_the_listings_do_not_as_their_noise(appeal_sd):
    impressions, clicks, _, group, appeal = _catalog(1, 4000, appeal_sd)
    effects, _ = relative_effects(clicks, impressions, group)
    truth = appeal.var()  # these listings' own spread
    assert effects.mean() == pytest.approx(1.0)
    assert effects.var() == pytest.approx(truth, rel=0.1)
    # The raw ratios carry each listing's binomial noise on top: wider than the listings.
    rest = np.bincount(group, clicks)[group] / np.bincount(group, impressions)[group]
    raw = np.divide(clicks / np.maximum(impressions, 1), rest)
    assert raw[impressions > 0].var() > effects.var() * (1 + 0.1 / appeal_sd)


def test_a_listing_is_not_its_own_reference():
    # One listing ten times as appealing as its group, and as popular as the rest together:
    # within its own group's rate it would read ~1.8; against the others it reads ~10.
    rng = np.random.default_rng(2)
    impressions = np.r_[np.full(20, 500.0), 10_000.0]
    clicks = np.r_[rng.binomial(500, 0.02, 20), rng.binomial(10_000, 0.2)].astype(float)
    effects, _ = relative_effects(clicks, impressions, np.zeros(21, int))
    assert effects[-1] / np.median(effects[:-1]) > 6


def test_listings_without_trials_weigh_nothing():
    effects, _ = relative_effects(np.array([0.0, 3, 5, 4]), np.array([0.0, 100, 100, 100]), np.zeros(4, int))
    assert effects[0] == pytest.approx(effects.mean())
    assert np.isfinite(effects).all()


def test_purchases_without_a_recorded_click_count_as_visits():
    impressions = np.full(6, 200.0)
    clicks = np.array([4.0, 5, 0, 6, 3, 5])
    purchases = np.array([1.0, 0, 2, 1, 0, 1])  # listing 2: two purchases, no click
    effects = catalog_effects(impressions, clicks, purchases, np.zeros(6, int))
    assert np.isfinite(effects.per_click).all() and (effects.per_click >= 0).all()


def test_without_listing_differences_the_critical_values_are_the_normal_ones():
    rng = np.random.default_rng(4)
    n = rng.poisson(2000, 300).astype(float)
    clicks = rng.binomial(n.astype(int), 0.05).astype(float)
    purchases = rng.binomial(clicks.astype(int), 0.2).astype(float)
    flat = ListingEffects(ctr=np.ones(300), per_click=np.ones(300))
    critical = score_critical_values(n, clicks, purchases, np.zeros(300, int), flat)
    np.testing.assert_allclose(critical, [[-1.96, 1.96], [-1.96, 1.96]], atol=0.2)


def test_skewed_listings_skew_the_statistic_to_the_left():
    # A few popular listings and a long right tail of appeal: a sample without the big,
    # appealing ones is low and narrow, so the statistic's lower tail is the longer one.
    impressions, clicks, purchases, group, _ = _catalog(5, 600, 1.0, groups=6)
    effects = catalog_effects(impressions, clicks, purchases, group)
    mine = group == 0
    critical = score_critical_values(impressions[mine], clicks[mine], purchases[mine],
                                     np.zeros(mine.sum(), int), effects)
    low, high = critical[0]
    assert -low > high + 0.3


def test_the_interval_ends_where_the_statistic_meets_its_critical_values():
    impressions, clicks, purchases, group, _ = _catalog(6, 300, 0.7, groups=3)
    critical = np.array([[-2.6, 1.7], [-2.4, 1.8]])
    y = np.column_stack([clicks, purchases])
    bounds = ratio_interval(y, impressions, strata=group, critical=critical)
    for outcome in range(2):
        low, high = bounds[outcome]
        at = [score_statistic(y[:, outcome], impressions, group, r)[0] for r in (low, high)]
        np.testing.assert_allclose(at, [critical[outcome, 1], critical[outcome, 0]], rtol=1e-6)


def test_symmetric_critical_values_give_the_t_interval_back():
    impressions, clicks, purchases, group, _ = _catalog(7, 200, 0.5, groups=1)
    plain = ratio_interval(clicks, impressions)
    # Bounds where T = +-q: the t interval's q from its own bounds.
    q = score_statistic(clicks, impressions, np.zeros(200, int), plain[0])[0]
    np.testing.assert_allclose(ratio_interval(clicks, impressions, critical=np.array([[-q, q]])), plain, rtol=1e-9)


def test_segment_intervals_do_not_depend_on_row_order_and_use_the_whole_catalog():
    impressions, clicks, purchases, group, _ = _catalog(8, 1200, 1.0, groups=6)
    variant = group % 3
    first = segment_intervals(impressions, clicks, purchases, variant, strata=group // 3)
    shuffled = np.random.default_rng(0).permutation(len(impressions))
    again = segment_intervals(impressions[shuffled], clicks[shuffled], purchases[shuffled], variant[shuffled],
                              strata=(group // 3)[shuffled])
    # The same listings in another order: the same draws, so the same intervals (up to the
    # rounding of sums taken in another order; a different draw would move them by ~1e-3).
    np.testing.assert_allclose(first, again, rtol=1e-12)
    assert np.isfinite(first).all() and (first[..., 0] < first[..., 1]).all()
    # Variant 0 alone, its pool without the other variants' listings: other critical values.
    mine = variant == 0
    alone = segment_intervals(impressions[mine], clicks[mine], purchases[mine], np.zeros(mine.sum(), int),
                              strata=(group // 3)[mine])
    assert not np.allclose(alone[0], first[0])


def test_a_variant_with_one_listing_has_no_interval():
    bounds = segment_intervals(np.array([100.0, 200, 300]), np.array([3.0, 5, 9]), np.zeros(3),
                               np.array([0, 1, 1]))
    assert np.isnan(bounds[0]).all() and np.isfinite(bounds[1]).all()
