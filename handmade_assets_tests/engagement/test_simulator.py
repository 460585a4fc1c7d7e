import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest

from handmade_assets_demo.traffic import (
    DEFAULT_TRUTH,
    simulate_cell_counts,
    simulate_day,
    simulate_live_catalog,
)
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS, PROMPT_VERSION

from .simulated import N_LISTINGS, WEEK_START

DAY = dt.date(2025, 3, 2)


def _within(observed: float, expected: float, n: int, sigmas: float = 4.5) -> bool:
    """Whether a binomial proportion over n trials is within `sigmas` standard errors."""
    return abs(observed - expected) <= sigmas * np.sqrt(expected * (1 - expected) / n)


def test_catalog_has_one_row_per_listing_and_locale_with_an_even_split(catalog):
    assert len(catalog) == N_LISTINGS * len(LOCALES)
    assert catalog.groupby("listing_id")["locale"].nunique().eq(len(LOCALES)).all()
    assert catalog.groupby("listing_id")["category"].nunique().eq(1).all()
    assert catalog["listing_id"].iloc[0] == "sim-000000"
    assert set(catalog["prompt_version"]) == {PROMPT_VERSION}
    per_cell = catalog.groupby(["category", "locale", "persona"]).size()
    assert len(per_cell) == len(CATEGORIES) * len(LOCALES) * len(PERSONA_KEYS)
    assert per_cell.nunique() == 1


def test_catalog_follows_the_allocation():
    allocation = {
        ("candles", "de"): {"visual_poet": 1.0},
        ("all", "all"): {"maker_advocate": 0.5, "visual_poet": 0.5},
    }
    catalog = simulate_live_catalog(960, seed=1, allocation=allocation)
    candles_de = catalog[(catalog["category"] == "candles") & (catalog["locale"] == "de")]
    assert set(candles_de["persona"]) == {"visual_poet"}
    elsewhere = catalog.drop(candles_de.index)
    shares = elsewhere["persona"].value_counts(normalize=True)
    assert set(shares.index) == {"maker_advocate", "visual_poet"}
    assert shares["maker_advocate"] == pytest.approx(0.5, abs=0.01)


def test_same_seed_same_events_other_seed_other_events():
    catalog = simulate_live_catalog(96, seed=3)
    first = simulate_day(catalog, DAY, 20_000, seed=1)
    pd.testing.assert_frame_equal(first, simulate_day(catalog, DAY, 20_000, seed=1))
    other = simulate_day(catalog, DAY, 20_000, seed=2)
    assert not first["listing_id"].equals(other["listing_id"])
    assert (first["event_type"] == "click").sum() != (other["event_type"] == "click").sum()


def test_events_have_the_documented_schema(first_day_events):
    events = first_day_events
    assert list(events.columns) == [
        "impression_id",
        "event_type",
        "ts",
        "impression_ts",
        "listing_id",
        "category",
        "locale",
        "persona",
        "prompt_version",
        "position",
        "dwell_seconds",
    ]
    assert events["impression_id"].dtype == np.int64
    assert str(events["ts"].dtype) == "datetime64[ns, UTC]"
    assert str(events["impression_ts"].dtype) == "datetime64[ns, UTC]"
    assert events["position"].dtype == np.int16
    assert events["dwell_seconds"].dtype == np.float32
    for column in ("event_type", "listing_id", "category", "locale", "persona", "prompt_version"):
        assert isinstance(events[column].dtype, pd.CategoricalDtype), column
    assert events["ts"].is_monotonic_increasing
    assert (events["ts"] >= events["impression_ts"]).all()
    assert events["dwell_seconds"].notna().eq(events["event_type"] == "click").all()
    impressions = events[events["event_type"] == "impression"]
    assert impressions["impression_id"].is_unique
    assert (impressions["ts"] == impressions["impression_ts"]).all()
    assert events["impression_id"].isin(impressions["impression_id"]).all()
    assert impressions["ts"].dt.date.eq(WEEK_START).all()


def test_funnel_rates_match_the_truth(first_day_events, catalog):
    events = first_day_events
    counts = events["event_type"].value_counts()
    # With an even catalog every (persona, category, locale) cell gets the same traffic.
    cells = catalog[["persona", "category", "locale"]].drop_duplicates()
    ctr = np.array([DEFAULT_TRUTH.ctr(p, c, loc) for p, c, loc in cells.itertuples(index=False)])
    add_to_cart = np.array(
        [DEFAULT_TRUTH.add_to_cart_rate(p, c) for p, c, _ in cells.itertuples(index=False)]
    )
    expected_add_to_cart = (ctr * add_to_cart).sum() / ctr.sum()

    assert _within(counts["click"] / counts["impression"], ctr.mean(), counts["impression"])
    assert _within(counts["add_to_cart"] / counts["click"], expected_add_to_cart, counts["click"])
    assert _within(
        counts["purchase"] / counts["add_to_cart"],
        DEFAULT_TRUTH.purchase_given_add_to_cart,
        counts["add_to_cart"],
    )


def test_dwell_is_log_normal_with_the_persona_medians(first_day_events):
    clicks = first_day_events[first_day_events["event_type"] == "click"]
    log_dwell = np.log(clicks["dwell_seconds"].astype(float))
    for persona, logs in log_dwell.groupby(clicks["persona"], observed=True):
        expected = DEFAULT_TRUTH.dwell_median_seconds * DEFAULT_TRUTH.persona_dwell_lift[persona]
        assert np.exp(logs.mean()) == pytest.approx(expected, rel=0.05), persona
        assert logs.std() == pytest.approx(DEFAULT_TRUTH.dwell_sigma, rel=0.05), persona


def test_top_positions_get_more_clicks(first_day_events):
    events = first_day_events
    position_ctr = (
        events.assign(click=events["event_type"] == "click")
        .groupby("position")["click"]
        .sum()
        .div(events[events["event_type"] == "impression"].groupby("position").size())
    )
    bias = DEFAULT_TRUTH.position_bias()
    assert position_ctr[0] / position_ctr[19] == pytest.approx(bias[0] / bias[19], rel=0.25)
    assert position_ctr.is_monotonic_decreasing or position_ctr.diff().gt(0).sum() <= 3


def test_purchases_are_delayed_and_some_land_the_next_day(first_day_events):
    events = first_day_events
    purchases = events[events["event_type"] == "purchase"]
    carts = events[events["event_type"] == "add_to_cart"].set_index("impression_id")["ts"]
    delay_hours = (
        purchases["ts"] - purchases["impression_id"].map(carts)
    ).dt.total_seconds() / 3600
    assert delay_hours.mean() == pytest.approx(DEFAULT_TRUTH.purchase_delay_mean_hours, rel=0.15)
    next_day = (purchases["ts"].dt.date > purchases["impression_ts"].dt.date).mean()
    assert 0.05 < next_day < 0.6


def test_true_best_is_maker_advocate_except_in_one_or_two_categories():
    assert DEFAULT_TRUTH.true_best() == "maker_advocate"
    exceptions = [c for c in CATEGORIES if DEFAULT_TRUTH.true_best(c) != "maker_advocate"]
    assert 1 <= len(exceptions) <= 2


def _python_calls(work) -> int:
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def test_no_python_work_per_impression(catalog):
    # Guards against a per-impression Python loop sneaking in (that would take minutes at a
    # million): twenty times the impressions may not take twice the Python calls. Its speed is
    # a figure in benchmarks/engagement.py, not a timed assertion.
    small = _python_calls(lambda: simulate_day(catalog, DAY, 20_000, seed=11))
    large = _python_calls(lambda: simulate_day(catalog, DAY, 400_000, seed=11))
    assert large < 2 * small, (small, large)
    assert len(simulate_day(catalog, DAY, 1_000_000, seed=11)) > 1_000_000


def test_cell_counts_follow_the_same_funnel_as_the_events(catalog):
    events = simulate_day(catalog, DAY, 400_000, seed=12)
    by_type = events["event_type"].value_counts()
    counts = simulate_cell_counts(400_000, 1, 40, seed=12)
    assert counts.impressions.shape == (40, 1, len(CATEGORIES) * len(LOCALES) * len(PERSONA_KEYS))
    assert (counts.impressions.sum(axis=2) == 400_000).all()
    # The event run sits inside the spread of 40 count runs, for each funnel step.
    for name, array in (("click", counts.clicks), ("purchase", counts.purchases)):
        totals = array.sum(axis=(1, 2))
        spread = 5 * totals.std() + 1
        assert abs(by_type[name] - totals.mean()) < spread, name
    per_persona = counts.by_persona(counts.purchases.sum(axis=1)).mean(axis=0)
    expected = [400_000 / len(PERSONA_KEYS) * DEFAULT_TRUTH.conversion(p) for p in PERSONA_KEYS]
    np.testing.assert_allclose(per_persona, expected, rtol=0.08)
