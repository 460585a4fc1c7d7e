"""Engagement aggregation at one busy week: 10,000,000 events into per-listing-day metrics.

    .venv/bin/python benchmarks/engagement.py           # 10,000,000 events, 3 runs per engine
    .venv/bin/python benchmarks/engagement.py --quick   # 1,000,000 events, 2 runs

Events come from `handmade_assets_demo/traffic.py` (60,000 live listings x 4 locales, seven days, one
`simulate_day` per day) and are written once to parquet. Each engine then runs in a fresh child
process that reads the parquet, aggregates, and reports its time (median of runs) and its peak
RSS (`getrusage` ru_maxrss, which includes the events themselves, as the asset would hold them).

Engines:
  pandas  the pure-pandas aggregation the asset ran before (handmade_assets_tests/engagement/
          pandas_reference.py), the baseline every ratio is against;
  asset   `engagement.metrics.aggregate_events`, what the asset runs now: pandas in and out,
          polars inside;
  duckdb  the same aggregation as SQL over the Arrow table;
  polars  the same aggregation as a lazy polars query over the parquet, no pandas at all.
Totals are checked against pandas, and the asset's whole frame against pandas' too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
# The pandas reference lives with the tests that hold aggregate_events to it.
sys.path.insert(0, str(ROOT))
from _common import machine, peak_rss_mb, rss_mb  # noqa: E402

LISTINGS = 60_000
WEEK_START = dt.date(2026, 11, 16)
COUNTS = ["impressions", "clicks", "add_to_carts", "purchases", "dwell_count"]


def generate(folder: Path, events: int) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from handmade_assets_demo.traffic import simulate_day, simulate_live_catalog

    catalog = simulate_live_catalog(LISTINGS, seed=1)
    # ~1.03 events per impression at these rates (clicks, carts, purchases on top).
    impressions_per_day = int(events / 1.032 / 7)
    started = time.perf_counter()
    total = 0
    writer = None
    for offset in range(7):
        day = simulate_day(catalog, WEEK_START + dt.timedelta(days=offset), impressions_per_day, seed=2)
        total += len(day)
        table = pa.Table.from_pandas(day, preserve_index=False)
        if writer is None:
            writer = pq.ParquetWriter(folder / "events.parquet", table.schema)
        writer.write_table(table)
    writer.close()
    return {"events": total, "simulate_and_write_s": round(time.perf_counter() - started, 1)}


def run_pandas(path: Path):
    import pandas as pd

    from handmade_assets_tests.engagement.pandas_reference import aggregate_events_pandas

    events = pd.read_parquet(path)
    return events, lambda: aggregate_events_pandas(events)


def run_asset(path: Path):
    import pandas as pd
    import polars  # noqa: F401  (imported on first call: keep that out of the times)

    from handmade_assets.engagement.metrics import aggregate_events

    events = pd.read_parquet(path)
    return events, lambda: aggregate_events(events)


DUCKDB_SQL = """
SELECT CAST(impression_ts AS DATE) AS date, listing_id, category, locale, persona, prompt_version,
  count(*) FILTER (WHERE event_type = 'impression') AS impressions,
  count(*) FILTER (WHERE event_type = 'click') AS clicks,
  count(*) FILTER (WHERE event_type = 'add_to_cart') AS add_to_carts,
  count(*) FILTER (WHERE event_type = 'purchase'
                   AND epoch_ns(ts) - epoch_ns(impression_ts) BETWEEN 0 AND 259200000000000::BIGINT)
    AS purchases,
  count(*) FILTER (WHERE event_type = 'click' AND dwell_seconds > 0) AS dwell_count,
  coalesce(sum(ln(dwell_seconds)) FILTER (WHERE event_type = 'click' AND dwell_seconds > 0), 0)
    AS dwell_log_sum,
  coalesce(sum(ln(dwell_seconds) ^ 2) FILTER (WHERE event_type = 'click' AND dwell_seconds > 0), 0)
    AS dwell_log_sq_sum
FROM events
GROUP BY ALL
ORDER BY ALL
"""


def run_duckdb(path: Path):
    import duckdb
    import pyarrow.parquet as pq

    events = pq.read_table(path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.register("events", events)
    return events, lambda: con.execute(DUCKDB_SQL).df()


def run_polars(path: Path):
    import polars as pl

    events = pl.read_parquet(path)
    window_ns = 72 * 3600 * 1_000_000_000

    def aggregate():
        is_click_dwell = (pl.col("event_type") == "click") & (pl.col("dwell_seconds") > 0)
        log_dwell = pl.when(is_click_dwell).then(pl.col("dwell_seconds").cast(pl.Float64).log()).otherwise(0.0)
        delay = pl.col("ts").dt.epoch("ns") - pl.col("impression_ts").dt.epoch("ns")
        return (
            events.lazy()
            .with_columns(date=pl.col("impression_ts").dt.date())
            .group_by(["date", "listing_id", "category", "locale", "persona", "prompt_version"])
            .agg(
                impressions=(pl.col("event_type") == "impression").sum(),
                clicks=(pl.col("event_type") == "click").sum(),
                add_to_carts=(pl.col("event_type") == "add_to_cart").sum(),
                purchases=((pl.col("event_type") == "purchase") & delay.is_between(0, window_ns)).sum(),
                dwell_count=is_click_dwell.sum(),
                dwell_log_sum=log_dwell.sum(),
                dwell_log_sq_sum=(log_dwell**2).sum(),
            )
            .sort(["date", "listing_id", "locale", "persona"])
            .collect()
        )

    return events, aggregate


ENGINES = {"pandas": run_pandas, "asset": run_asset, "duckdb": run_duckdb, "polars": run_polars}
# Engines whose output is written out after timing, for the whole-frame comparison.
PANDAS_OUT = ("pandas", "asset")


def child(engine: str, path: Path, runs: int) -> dict:
    before = rss_mb()
    started = time.perf_counter()
    events, aggregate = ENGINES[engine](path)
    read_s = time.perf_counter() - started
    loaded = rss_mb()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = aggregate()
        times.append(time.perf_counter() - started)
    peak = peak_rss_mb()  # before the write below, which is not part of the work
    totals = {c: int(out[c].sum()) for c in COUNTS}
    totals["dwell_log_sum"] = float(out["dwell_log_sum"].sum())
    if engine in PANDAS_OUT:
        out.to_parquet(path.with_name(f"out_{engine}.parquet"))
    return {
        "engine": engine, "events": len(events), "rows_out": len(out),
        "read_s": round(read_s, 2), "aggregate_s_median": round(float(np.median(times)), 2),
        "aggregate_s_runs": [round(t, 2) for t in times],
        "events_in_memory_mb": round(loaded - before), "peak_rss_mb": round(peak),
        "totals": totals,
    }


def same_frames(folder: Path) -> bool:
    """Whether the asset's output equals the pandas reference's: every row, column and dtype."""
    import pandas as pd

    expected = pd.read_parquet(folder / "out_pandas.parquet")
    got = pd.read_parquet(folder / "out_asset.parquet")
    try:
        pd.testing.assert_frame_equal(got, expected, rtol=1e-9)
    except AssertionError as error:
        print(f"asset differs from pandas: {error}")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, path, runs = args.child
        print(json.dumps(child(engine, Path(path), int(runs))))
        return
    events = args.events or (1_000_000 if args.quick else 10_000_000)
    runs = args.runs or (2 if args.quick else 3)
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="engagement_bench_") as tmp:
        folder = Path(tmp)
        print(f"generated: {generate(folder, events)}", flush=True)
        results = {}
        for engine in args.engines.split(","):
            done = subprocess.run([sys.executable, __file__, "--child", engine,
                                   str(folder / "events.parquet"), str(runs)],
                                  capture_output=True, text=True)
            if done.returncode:
                print(f"{engine}: failed\n{done.stderr[-2000:]}")
                continue
            results[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{engine}: {json.dumps(results[engine])}", flush=True)
        frames_equal = same_frames(folder) if all(e in results for e in PANDAS_OUT) else None
    if "pandas" in results:
        base = results["pandas"]
        print(f"\n{'engine':<8}{'aggregate s':>12}{'vs pandas':>10}{'peak RSS MB':>13}{'rows':>10}"
              "  totals equal  frame equal")
        for engine, r in results.items():
            same = all(r["totals"][c] == base["totals"][c] for c in COUNTS) and abs(
                r["totals"]["dwell_log_sum"] - base["totals"]["dwell_log_sum"]) < 1e-3 * abs(
                base["totals"]["dwell_log_sum"]) and r["rows_out"] == base["rows_out"]
            frame = {"pandas": "-", "asset": str(frames_equal)}.get(engine, "not compared")
            print(f"{engine:<8}{r['aggregate_s_median']:>12}"
                  f"{base['aggregate_s_median'] / r['aggregate_s_median']:>9.1f}x"
                  f"{r['peak_rss_mb']:>13}{r['rows_out']:>10}  {str(same):<12}  {frame}")
    for engine in (e for e in PANDAS_OUT if e in results):
        r = results[engine]
        print(f"bars, {engine}: aggregate < 30 s: {r['aggregate_s_median'] < 30}; "
              f"peak < 4 GB: {r['peak_rss_mb'] < 4096}")
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
