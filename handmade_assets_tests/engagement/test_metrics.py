import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handmade_assets.engagement.metrics import COUNTS, GRAIN, aggregate_events, rollup
from handmade_assets_demo.traffic import simulate_day, simulate_live_catalog

from .pandas_reference import aggregate_events_pandas

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


KEYS = GRAIN[1:]


@pytest.fixture(scope="module", params=[3, 8])
def simulated(request):
    """Two days of a few hundred listings; purchases spill into the second day's partition."""
    catalog = simulate_live_catalog(240, seed=request.param)
    return pd.concat(
        [
            simulate_day(catalog, dt.date(2025, 3, day), 40_000, seed=request.param)
            for day in (2, 3)
        ],
        ignore_index=True,
    )


def _plain_strings(events):
    plain = events.astype({c: str for c in ["event_type", *KEYS]})
    plain["ts"] = plain["ts"].dt.tz_localize(None)
    plain["impression_ts"] = plain["impression_ts"].dt.tz_localize(None)
    return plain


def _python_objects(events):
    return events.astype({c: object for c in ["event_type", *KEYS]})


def _microsecond_timestamps(events):
    return events.astype({"ts": "datetime64[us, UTC]", "impression_ts": "datetime64[us, UTC]"})


def _categories_out_of_order(events):
    """Categories reversed plus one unused: rows sort in category order, the unused one vanishes."""
    out = events.copy()
    for column in ["event_type", *KEYS]:
        dtype = out[column].dtype
        out[column] = out[column].cat.set_categories(["unused", *dtype.categories[::-1]])
    return out


def _missing_keys(events):
    out = events.copy()
    rng = np.random.default_rng(0)
    for column in ["event_type", "listing_id", "persona", "locale"]:
        out.loc[rng.choice(len(out), size=len(out) // 100, replace=False), column] = None
    return out


def _missing_purchase_times(events):
    out = events.copy()
    purchases = np.flatnonzero(out["event_type"] == "purchase")
    out.loc[purchases[::3], "ts"] = pd.NaT
    return out


def _odd_dwell(events):
    out = events.copy()
    clicks = np.flatnonzero(out["event_type"] == "click")
    out.loc[clicks[0::7], "dwell_seconds"] = 0.0
    out.loc[clicks[1::7], "dwell_seconds"] = -3.0
    out.loc[clicks[2::7], "dwell_seconds"] = np.nan
    return out


@pytest.mark.parametrize(
    "variant",
    [
        lambda events: events,
        _plain_strings,
        _python_objects,
        _microsecond_timestamps,
        _categories_out_of_order,
        _missing_keys,
        _missing_purchase_times,
        _odd_dwell,
        lambda events: events.iloc[:0],
        lambda events: _plain_strings(events).iloc[:0],
    ],
    ids=[
        "categorical",
        "plain-strings-naive-ts",
        "python-objects",
        "microseconds",
        "categories-out-of-order",
        "missing-keys",
        "missing-purchase-times",
        "odd-dwell",
        "empty",
        "empty-plain-strings",
    ],
)
@pytest.mark.parametrize("window_hours", [72, 1.5])
def test_polars_aggregation_equals_the_pandas_reference(simulated, variant, window_hours):
    events = variant(simulated)
    expected = aggregate_events_pandas(events, attribution_window_hours=window_hours)
    got = aggregate_events(events, attribution_window_hours=window_hours)
    if events.empty:
        # pandas' empty group-by leaves int8 category codes whatever the category count;
        # rebuilding the column gives the codes any other categorical of that dtype has.
        for column in KEYS:
            if isinstance(expected[column].dtype, pd.CategoricalDtype):
                expected[column] = pd.Categorical(expected[column], dtype=expected[column].dtype)
    # Counts below 1e8 compare exactly at this rtol; the log sums differ only in summation order.
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9)


def test_hand_written_edge_cases_equal_the_pandas_reference():
    hours = pd.Timedelta(hours=1)
    events = pd.concat(
        [
            _events(
                [
                    (1, "impression", T0, T0, np.nan),
                    (1, "click", T0 + 0.01 * hours, T0, 30.0),
                    (1, "purchase", T0 + 72 * hours, T0, np.nan),  # exactly at the window's end
                    (2, "impression", T0, T0, np.nan),
                    (2, "purchase", T0 + 73 * hours, T0, np.nan),  # outside
                    (3, "purchase", T0 - hours, T0, np.nan),  # before its impression
                    (4, "impression", T0 + 3 * hours, T0 + 3 * hours, np.nan),  # next day
                ]
            ),
            _events([(5, "impression", T0, T0, np.nan)] * 3).assign(listing_id="l-0"),
        ],
        ignore_index=True,
    )
    got = aggregate_events(events)
    pd.testing.assert_frame_equal(got, aggregate_events_pandas(events), rtol=1e-9)
    assert got["listing_id"].tolist() == ["l-0", "l-1", "l-1"]
    assert got["impressions"].tolist() == [3, 2, 1]
    assert got["purchases"].tolist() == [0, 1, 0]


def test_a_missing_impression_time_counts_under_a_missing_date():
    # The pandas version wrapped NaT into a date in 2262; a missing key is the honest answer.
    events = _events([(1, "impression", T0, T0, np.nan), (2, "impression", T0, T0, np.nan)])
    events.loc[1, "impression_ts"] = pd.NaT
    metrics = aggregate_events(events)
    assert metrics["date"].tolist() == [dt.date(2025, 3, 2), None]
    assert metrics["impressions"].tolist() == [1, 1]
