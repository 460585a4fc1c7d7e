import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.metrics import COUNTS, GRAIN, aggregate_events, rollup
from handmade_assets.engagement.simulator import simulate_day, simulate_live_catalog

T0 = pd.Timestamp("2025-03-02 22:00", tz="UTC")


def _events(rows: list[tuple[int, str, pd.Timestamp, pd.Timestamp, float]]) -> pd.DataFrame:
    """A hand-written event log for one listing: (impression_id, type, ts, impression_ts, dwell)."""
    frame = pd.DataFrame(
        rows, columns=["impression_id", "event_type", "ts", "impression_ts", "dwell_seconds"]
    )
    return frame.assign(
        listing_id="l-1",
        category="ceramics",
        locale="en",
        persona="maker_advocate",
        prompt_version="v1",
        position=np.int16(0),
    )


def test_purchases_count_only_within_the_attribution_window():
    hours = pd.Timedelta(hours=1)
    events = _events(
        [
            (1, "impression", T0, T0, np.nan),
            (1, "click", T0 + 0.01 * hours, T0, 30.0),
            (1, "add_to_cart", T0 + 0.02 * hours, T0, np.nan),
            (1, "purchase", T0 + 5 * hours, T0, np.nan),  # next day, inside the window
            (2, "impression", T0, T0, np.nan),
            (2, "click", T0 + 0.01 * hours, T0, 50.0),
            (2, "add_to_cart", T0 + 0.02 * hours, T0, np.nan),
            (2, "purchase", T0 + 80 * hours, T0, np.nan),  # outside a 72 h window
        ]
    )
    metrics = aggregate_events(events)
    assert len(metrics) == 1
    row = metrics.iloc[0]
    assert row["date"] == dt.date(2025, 3, 2)
    assert (row["impressions"], row["clicks"], row["add_to_carts"], row["purchases"]) == (
        2,
        2,
        2,
        1,
    )
    assert aggregate_events(events, attribution_window_hours=96)["purchases"].iloc[0] == 2
    assert row["dwell_count"] == 2
    assert row["dwell_log_sum"] == pytest.approx(np.log(30) + np.log(50))
    assert row["dwell_log_sq_sum"] == pytest.approx(np.log(30) ** 2 + np.log(50) ** 2)


def test_plain_string_columns_and_naive_timestamps_aggregate_the_same():
    catalog = simulate_live_catalog(48, seed=2)
    events = simulate_day(catalog, dt.date(2025, 3, 2), 30_000, seed=2)
    plain = events.astype(
        {
            c: str
            for c in ["event_type", "listing_id", "category", "locale", "persona", "prompt_version"]
        }
    )
    plain["ts"] = plain["ts"].dt.tz_localize(None)
    plain["impression_ts"] = plain["impression_ts"].dt.tz_localize(None)
    expected = aggregate_events(events)
    got = aggregate_events(plain)
    for column in GRAIN[1:]:
        expected[column] = expected[column].astype(str)
        got[column] = got[column].astype(str)
    pd.testing.assert_frame_equal(got, expected)


@pytest.fixture(scope="module")
def two_days():
    catalog = simulate_live_catalog(96, seed=5)
    events = pd.concat(
        [simulate_day(catalog, dt.date(2025, 3, day), 60_000, seed=5) for day in (2, 3)],
        ignore_index=True,
    )
    return events, aggregate_events(events)


def test_counts_add_up_to_the_events(two_days):
    events, metrics = two_days
    assert metrics[list(GRAIN)].duplicated().sum() == 0
    assert set(metrics["date"]) == {dt.date(2025, 3, 2), dt.date(2025, 3, 3)}
    by_type = events["event_type"].value_counts()
    assert metrics["impressions"].sum() == by_type["impression"]
    assert metrics["clicks"].sum() == by_type["click"]
    assert metrics["add_to_carts"].sum() == by_type["add_to_cart"]
    assert metrics["purchases"].sum() == by_type["purchase"]  # all within 72 h here
    assert metrics["dwell_count"].sum() == by_type["click"]


def _direct_rates(events: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Impressions, clicks and dwell median straight from the events, without aggregate_events."""
    keyed = events.assign(date=events["impression_ts"].dt.date, everything=0)
    keys = by or ["everything"]
    impressions = keyed[keyed["event_type"] == "impression"].groupby(keys, observed=True).size()
    clicks = keyed[keyed["event_type"] == "click"]
    log_dwell = np.log(clicks["dwell_seconds"].astype(float))
    return pd.DataFrame(
        {
            "impressions": impressions,
            "clicks": clicks.groupby(keys, observed=True).size(),
            "dwell_median_seconds": np.exp(
                log_dwell.groupby([clicks[k] for k in keys], observed=True).mean()
            ),
        }
    )


@pytest.mark.parametrize("by", [["persona"], ["category", "locale"], ["date", "persona"], []])
def test_rollup_of_aggregates_equals_direct_aggregation(two_days, by):
    events, metrics = two_days
    rolled = rollup(metrics, by)
    direct = _direct_rates(events, by)
    assert rolled["impressions"].tolist() == direct["impressions"].tolist()
    assert rolled["clicks"].tolist() == direct["clicks"].tolist()
    np.testing.assert_allclose(
        rolled["dwell_median_seconds"], direct["dwell_median_seconds"], rtol=1e-9
    )
    np.testing.assert_allclose(rolled["ctr"], rolled["clicks"] / rolled["impressions"])
    np.testing.assert_allclose(
        rolled["add_to_cart_rate"], rolled["add_to_carts"] / rolled["clicks"]
    )
    np.testing.assert_allclose(rolled["conversion"], rolled["purchases"] / rolled["impressions"])


def test_rollup_of_a_rollup_equals_a_single_rollup(two_days):
    _, metrics = two_days
    twice = rollup(rollup(metrics, ["persona", "locale"]), ["persona"])
    once = rollup(metrics, ["persona"])
    pd.testing.assert_frame_equal(
        twice.astype({"persona": str}), once.astype({"persona": str}), check_exact=False
    )
    assert set(COUNTS) <= set(once.columns)


def test_events_with_a_missing_key_still_count():
    events = _events([(1, "impression", T0, T0, np.nan), (2, "impression", T0, T0, np.nan)])
    events.loc[1, "persona"] = None
    metrics = aggregate_events(events)
    assert metrics["impressions"].sum() == 2
    assert len(metrics) == 2
