"""The nightly index refresh at catalogue scale: what planning costs and what embedding is saved.

    .venv/bin/python benchmarks/index_refresh.py                       # 1,000,000 records
    .venv/bin/python benchmarks/index_refresh.py --index /tmp/hb2/vec1m/store-i8   # + doc_ids()

`refresh_index` runs every night. It hashes every corpus record, compares the hashes with the
manifest of what the index holds (`handmade_assets/index/refresh.py`), and embeds only the new and
changed records. This prints the cost of that planning for a million records with 1 % changed,
0.1 % new and 0.1 % gone, the time to list a saved index's ids (`--index`, e.g. the one
`benchmarks/vector_index.py --workdir` built), and the embedding time saved, at the texts/s that
`benchmarks/embeddings.py` measured (`--texts-per-s`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, rss_mb  # noqa: E402
from vector_index import records_for  # noqa: E402


def timed(function, repeats: int = 3):
    """(median seconds, last result) over `repeats` calls."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return float(np.median(times)), result


def main() -> None:
    from handmade_assets.index.refresh import plan_refresh, record_hashes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--index", default=None, help="a saved UsearchVectorStore folder")
    parser.add_argument("--texts-per-s", type=float, default=40.0,
                        help="local embedding throughput (benchmarks/embeddings.py)")
    args = parser.parse_args()
    print(machine())
    model = "local/all-MiniLM-L6-v2"
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    records = records_for(np.arange(args.n), rng.integers(0, 50, args.n).astype(np.int16))
    print(f"records: {args.n:,} built in {time.perf_counter() - started:.1f} s, "
          f"median text {int(records['text'].str.len().median())} characters")

    hash_s, _ = timed(lambda: record_hashes(records))
    print(f"record_hashes: {hash_s:.2f} s median of 3 ({hash_s / args.n * 1e6:.2f} µs a record)")

    # Last night's state: the index and manifest hold every record.
    first = plan_refresh(records, None, model, set())
    manifest, indexed = first.manifest, set(first.manifest["doc_id"])
    # Tonight: 1 % edited, 0.1 % new listings, 0.1 % gone.
    changed = rng.choice(args.n, args.n // 100, replace=False)
    tonight = records.copy()
    tonight.loc[changed, "text"] = tonight.loc[changed, "text"] + " Now also in green."
    gone = rng.choice(np.setdiff1d(np.arange(args.n), changed), args.n // 1000, replace=False)
    new = records_for(np.arange(args.n, args.n + args.n // 1000), np.zeros(args.n // 1000, np.int16))
    tonight = tonight.drop(index=gone)
    import pandas as pd

    tonight = pd.concat([tonight, new], ignore_index=True)
    rss_before = rss_mb()
    plan_s, plan = timed(lambda: plan_refresh(tonight, manifest, model, indexed))
    print(f"plan_refresh: {plan_s:.2f} s median of 3; to embed {len(plan.to_embed):,} "
          f"(expected {len(changed) + len(new):,}), to delete {len(plan.removed):,} "
          f"(expected {len(gone):,}), unchanged {plan.unchanged:,}; RSS now {rss_mb():.0f} MB "
          f"(+{rss_mb() - rss_before:.0f})")
    assert len(plan.to_embed) == len(changed) + len(new) and len(plan.removed) == len(gone)

    if args.index:
        from handmade_assets.services.embedder import MINILM_DIMENSION
        from handmade_assets.services.vector_store import UsearchVectorStore

        store = UsearchVectorStore(path=args.index, dimension=MINILM_DIMENSION)
        open_s, index = timed(store.open, repeats=1)
        ids_s, ids = timed(index.doc_ids)
        print(f"doc_ids() on {args.index}: {len(ids):,} ids in {ids_s:.2f} s median of 3 "
              f"(open {open_s:.1f} s)")

    rate = args.texts_per_s
    full_h = len(tonight) / rate / 3600
    incremental_min = len(plan.to_embed) / rate / 60
    print(f"embedding at {rate:g} texts/s: everything {full_h:.1f} h, incremental "
          f"{incremental_min:.1f} min ({full_h * 60 / max(incremental_min, 1e-9):.0f}x less)")


if __name__ == "__main__":
    main()
