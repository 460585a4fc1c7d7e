"""`aggregate_events` as it was in pure pandas, kept as the reference the polars version must equal.

Frozen on purpose: the tests compare against it, and benchmarks/engagement.py times it beside
what the asset runs. Only difference it is allowed: a missing impression time, where this
version's int64 arithmetic wraps NaT into a date in 2262.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from handmade_assets.engagement.metrics import COUNTS, EVENT_TYPES, GRAIN

_NS_PER_DAY = 86_400 * 1_000_000_000
_NS_PER_HOUR = 3_600 * 1_000_000_000


def aggregate_events_pandas(
    events: pd.DataFrame, attribution_window_hours: float = 72
) -> pd.DataFrame:
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
    grouped = counts.groupby(["day", *GRAIN[1:]], observed=True, sort=True, dropna=False)
    out = grouped.sum().reset_index()
    out.insert(0, "date", pd.to_datetime(out.pop("day") * _NS_PER_DAY, unit="ns").dt.date)
    return out[GRAIN + COUNTS]


def _event_masks(event_type: pd.Series) -> dict[str, np.ndarray]:
    if isinstance(event_type.dtype, pd.CategoricalDtype):
        codes = event_type.cat.codes.to_numpy()
        code_of = {name: code for code, name in enumerate(event_type.cat.categories)}
        return {name: codes == code_of.get(name, -2) for name in EVENT_TYPES}
    values = event_type.to_numpy()
    return {name: values == name for name in EVENT_TYPES}


def _utc_ns(timestamps: pd.Series) -> np.ndarray:
    if timestamps.dt.tz is not None:
        timestamps = timestamps.dt.tz_convert(None)
    return timestamps.astype("datetime64[ns]").to_numpy().view(np.int64)
