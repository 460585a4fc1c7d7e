"""Event logs to additive per-listing-day counts, and those counts to rates.

Everything `aggregate_events` writes is a sum (dwell as count, sum of logs, sum of squared
logs), so any coarser grain is exact re-aggregation; rates are only formed in `rollup`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EVENT_TYPES = ("impression", "click", "add_to_cart", "purchase")

GRAIN = ["date", "listing_id", "category", "locale", "persona", "prompt_version"]
COUNTS = [
    "impressions",
    "clicks",
    "add_to_carts",
    "purchases",
    "dwell_count",
    "dwell_log_sum",
    "dwell_log_sq_sum",
]

_NS_PER_DAY = 86_400 * 1_000_000_000
_NS_PER_HOUR = 3_600 * 1_000_000_000


def aggregate_events(events: pd.DataFrame, attribution_window_hours: float = 72) -> pd.DataFrame:
    """Counts per (impression date, listing, locale, persona, prompt version).

    A purchase counts only if it happened within the window after its impression; dates are
    the UTC date of the impression, so a purchase after midnight stays with its impression's day.
    """
    is_type = _event_masks(events["event_type"])

    impression_ns = _utc_ns(events["impression_ts"])
    delay_ns = _utc_ns(events["ts"]) - impression_ns
    attributed = (
        is_type["purchase"]
        & (delay_ns >= 0)
        & (delay_ns <= attribution_window_hours * _NS_PER_HOUR)
    )

    dwell = events["dwell_seconds"].to_numpy(dtype=np.float64)
    has_dwell = is_type["click"] & (dwell > 0)
    log_dwell = np.where(has_dwell, np.log(np.where(has_dwell, dwell, 1.0)), 0.0)

    counts = pd.DataFrame(
        {
            "day": impression_ns // _NS_PER_DAY,
            **{column: events[column] for column in GRAIN[1:]},
            "impressions": is_type["impression"].astype(np.int64),
            "clicks": is_type["click"].astype(np.int64),
            "add_to_carts": is_type["add_to_cart"].astype(np.int64),
            "purchases": attributed.astype(np.int64),
            "dwell_count": has_dwell.astype(np.int64),
            "dwell_log_sum": log_dwell,
            "dwell_log_sq_sum": log_dwell**2,
        },
        index=events.index,
    )
    # dropna=False: an event with a missing key still counts, so totals always add up.
    grouped = counts.groupby(["day", *GRAIN[1:]], observed=True, sort=True, dropna=False)
    out = grouped.sum().reset_index()
    out.insert(0, "date", pd.to_datetime(out.pop("day") * _NS_PER_DAY, unit="ns").dt.date)
    return out[GRAIN + COUNTS]


def rollup(metrics: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum the counts by `by` and add the rates.

    add_to_cart_rate is per click (the funnel step), conversion per impression; the dwell
    median is exp(mean log dwell), the median of a log-normal.
    """
    if by:
        out = metrics.groupby(by, observed=True, sort=True)[COUNTS].sum().reset_index()
    else:
        out = metrics[COUNTS].sum().to_frame().T.astype({c: np.int64 for c in COUNTS[:5]})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ctr"] = out["clicks"] / out["impressions"]
        out["add_to_cart_rate"] = out["add_to_carts"] / out["clicks"]
        out["conversion"] = out["purchases"] / out["impressions"]
        out["dwell_median_seconds"] = np.exp(out["dwell_log_sum"] / out["dwell_count"])
    return out


def _event_masks(event_type: pd.Series) -> dict[str, np.ndarray]:
    """One boolean mask per event type, comparing codes rather than strings when categorical."""
    if isinstance(event_type.dtype, pd.CategoricalDtype):
        codes = event_type.cat.codes.to_numpy()
        code_of = {name: code for code, name in enumerate(event_type.cat.categories)}
        return {name: codes == code_of.get(name, -2) for name in EVENT_TYPES}
    values = event_type.to_numpy()
    return {name: values == name for name in EVENT_TYPES}


def _utc_ns(timestamps: pd.Series) -> np.ndarray:
    """Nanoseconds since the epoch, whatever the column's unit; naive timestamps are UTC."""
    if timestamps.dt.tz is not None:
        timestamps = timestamps.dt.tz_convert(None)
    return timestamps.astype("datetime64[ns]").to_numpy().view(np.int64)
