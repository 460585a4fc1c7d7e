"""The k-NN index at catalogue scale: recall, latency, filters, memory, build, upserts, deletes, reopen.

    .venv/bin/python benchmarks/vector_index.py --quick    # 100,000 vectors, all libraries, ~3 min
    .venv/bin/python benchmarks/vector_index.py --libs exact,store   # 1,000,000: ~20 min
    .venv/bin/python benchmarks/vector_index.py            # 1,000,000, all: ~1 h on 2 busy cores
    .venv/bin/python benchmarks/vector_index.py --calibrate  # real MiniLM vs synthetic statistics

The vectors are SYNTHETIC: 384-dimensional unit vectors drawn by
`handmade_assets_demo.synthetic_vectors` (50 categories with 40 sub-clusters each, a shared
direction and power-law noise), calibrated on real all-MiniLM-L6-v2 embeddings of the synthetic
corpus. Queries are drawn the same way from a separate seed. Recall@10 is always measured against
exact numpy search over the same vectors. Filtered queries name one of the 50 categories (~2 % of
the index): half the query's own category, half an unrelated one.

Every library runs in its own child process, so memory is measured cleanly: the index is built,
saved, and then opened again in a fresh process, and "memory" is that process's RSS growth from
before opening to after 1,000 queries (the serving footprint). Single queries run on one thread;
batch queries on all cores.

Compared: exact numpy; the project's own UsearchVectorStore (the embedded default; usearch HNSW
with float16 vectors, filtered search as an int8 scan of the category whose best 64 are re-scored
from the graph's float16 vectors); faiss IndexHNSWFlat; hnswlib. All HNSW at M=16, ef_construction=200, ef_search=128, the production OpenSearch values.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Single-query timings are per thread; BLAS must not fan one matrix-vector product out over cores
# that the other engineers' jobs are using.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, percentiles_ms, rss_mb, rss_split_mb  # noqa: E402

M, EF_CONSTRUCTION, EF_SEARCH, K = 16, 200, 128, 10
DIM = 384


# -- data ------------------------------------------------------------------------------------

def make_data(workdir: Path, n: int, n_queries: int, seed: int) -> dict:
    from handmade_assets_demo.synthetic_vectors import SyntheticVectors, VectorProfile

    generator = SyntheticVectors(VectorProfile(dimension=DIM), seed=seed)
    started = time.perf_counter()
    vectors = np.lib.format.open_memmap(workdir / "base.npy", "w+", np.float32, (n, DIM))
    categories = np.empty(n, dtype=np.int16)
    for start, stop, rows, cats in generator.iter_draw(n, stream=0):
        vectors[start:stop], categories[start:stop] = rows, cats
    vectors.flush()
    queries, query_categories = generator.draw(n_queries, stream=1)
    fresh, _ = generator.draw(2_000, stream=2)  # vectors for the upsert test
    draw_s = time.perf_counter() - started

    # Filter categories: even queries their own category, odd ones a random other category.
    rng = np.random.default_rng(seed)
    other = (query_categories + rng.integers(1, 50, size=n_queries)) % 50
    filter_categories = np.where(np.arange(n_queries) % 2 == 0, query_categories, other)

    started = time.perf_counter()
    truth = np.empty((n_queries, K), dtype=np.int64)
    best = np.full((n_queries, K), -np.inf, dtype=np.float32)
    for start in range(0, n, 100_000):
        block = np.asarray(vectors[start:start + 100_000])
        scores = queries @ block.T
        top = np.argpartition(-scores, K, axis=1)[:, :K]
        merged_scores = np.concatenate([best, np.take_along_axis(scores, top, 1)], axis=1)
        merged_ids = np.concatenate([truth, top + start], axis=1)
        pick = np.argsort(-merged_scores, axis=1)[:, :K]
        best = np.take_along_axis(merged_scores, pick, 1)
        truth = np.take_along_axis(merged_ids, pick, 1)
    filtered_truth = np.empty((n_queries, K), dtype=np.int64)
    members = {c: np.flatnonzero(categories == c) for c in range(50)}
    for i, (query, c) in enumerate(zip(queries, filter_categories)):
        ids = members[int(c)]
        scores = np.asarray(vectors[ids]) @ query
        filtered_truth[i] = ids[np.argsort(-scores)[:K]]
    truth_s = time.perf_counter() - started
    for name, array in [("queries", queries), ("truth", truth), ("categories", categories),
                        ("filter_categories", filter_categories),
                        ("filtered_truth", filtered_truth), ("fresh", fresh)]:
        np.save(workdir / f"{name}.npy", array)
    return {"n": n, "queries": n_queries, "draw_s": round(draw_s, 1),
            "exact_truth_s": round(truth_s, 1),
            "category_share_median": round(float(np.median(np.bincount(categories) / n)), 4)}


def load(workdir: Path, name: str, mmap: bool = False) -> np.ndarray:
    return np.load(workdir / f"{name}.npy", mmap_mode="r" if mmap else None)


def recall(found: list, truth: np.ndarray) -> float:
    return float(np.mean([len(set(map(int, f)) & set(map(int, t))) / K
                          for f, t in zip(found, truth)]))


def timed_queries(fn, queries: np.ndarray, repeats: int) -> tuple[list, dict]:
    """Answers of one pass, and latency percentiles: per query, the median over `repeats` passes
    is not taken; every call counts, so p99 includes the machine's noise."""
    for query in queries[:50]:
        fn(query)  # warm caches and lazy imports
    answers, latencies = [], []
    for r in range(repeats):
        for query in queries:
            started = time.perf_counter()
            answer = fn(query)
            latencies.append(time.perf_counter() - started)
            if r == 0:
                answers.append(answer)
    return answers, percentiles_ms(latencies)


def batch_qps(fn, queries: np.ndarray, repeats: int = 3) -> float:
    fn(queries[:100])
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn(queries)
        rates.append(len(queries) / (time.perf_counter() - started))
    return round(float(np.median(rates)), 0)


# -- children: one per library ---------------------------------------------------------------

def child_exact(workdir: Path, repeats: int) -> dict:
    vectors = np.ascontiguousarray(load(workdir, "base", mmap=True))
    queries = load(workdir, "queries")
    truth = load(workdir, "truth")
    sample = queries[:100]

    def one(q):
        scores = vectors @ q
        top = np.argpartition(-scores, K)[:K]
        return top[np.argsort(-scores[top])]

    answers, lat = timed_queries(one, sample, 1)

    def many(qs):
        for start in range(0, len(qs), 256):
            scores = qs[start:start + 256] @ vectors.T
            np.argpartition(-scores, K, axis=1)[:, :K]

    return {"recall@10": recall(answers, truth[:100]), **lat, "batch_qps": batch_qps(many, queries[:512], 1),
            "memory_mb": round(vectors.nbytes / 2**20), "note": "one BLAS thread"}


def records_for(ids: np.ndarray, categories: np.ndarray):
    import pandas as pd

    from handmade_assets_demo.corpus import generate_historical_descriptions
    from handmade_assets.services.vector_store import doc_id_for

    corpus = generate_historical_descriptions(500, seed=3)
    texts = (corpus["title"] + ". " + corpus["description"]).to_numpy()
    titles = corpus["title"].to_numpy()
    listing_ids = [f"hist-{i:07d}" for i in ids]
    return pd.DataFrame({
        "doc_id": [doc_id_for("description", i) for i in listing_ids],
        "listing_id": listing_ids,
        "kind": "description",
        "category": [f"cat{c:02d}" for c in categories],
        "language": "en",
        "title": titles[ids % 500],
        "text": texts[ids % 500],
        "successful": (ids % 10) < 3,
    })


def store_config(workdir: Path, variant: str):
    from handmade_assets.services.vector_store import UsearchVectorStore

    # "store" is the configured default; "store-i8" shows what an int8 graph costs in recall.
    dtype, rerank = {"store": ("f16", 0), "store-i8": ("i8", 32)}[variant]
    return UsearchVectorStore(path=str(workdir / variant), dimension=DIM, connectivity=M,
                              expansion_add=EF_CONSTRUCTION, expansion_search=EF_SEARCH,
                              dtype=dtype, rerank=rerank, threads=0)


def child_store_build(workdir: Path, variant: str) -> dict:
    vectors = load(workdir, "base", mmap=True)
    categories = load(workdir, "categories")
    records = records_for(np.arange(len(vectors)), categories)
    store = store_config(workdir, variant)
    started = time.perf_counter()
    index = store.open()
    index.upsert(records, vectors)
    added = time.perf_counter() - started
    index.save()
    return {"build_s": round(time.perf_counter() - started, 1), "graph_add_s": round(added, 1),
            "count": index.count()}


def child_store_serve(workdir: Path, variant: str, repeats: int) -> dict:
    from handmade_assets.services.vector_store import doc_id_for, key_for

    queries = load(workdir, "queries")
    truth = load(workdir, "truth")
    filter_categories = load(workdir, "filter_categories")
    filtered_truth = load(workdir, "filtered_truth")
    categories = load(workdir, "categories")
    fresh = load(workdir, "fresh")
    store = store_config(workdir, variant)
    base_rss = rss_mb()
    base_anon, base_file = rss_split_mb()
    started = time.perf_counter()
    index = store.open()
    reopen_s = time.perf_counter() - started
    n = index.count()

    def number(hit) -> int:
        return int(hit.listing_id.split("-")[1])

    answers, lat = timed_queries(lambda q: [number(h) for h in index.search(q, K)], queries, repeats)
    out = {"reopen_s": round(reopen_s, 2), "recall@10": recall(answers, truth), **lat}

    # Filtered: one category each; the same exact path in both halves.
    f_lat, f_answers = [], []
    for r in range(repeats):
        for q, c in zip(queries, filter_categories):
            started = time.perf_counter()
            hits = index.search(q, K, {"category": f"cat{int(c):02d}"})
            f_lat.append(time.perf_counter() - started)
            if r == 0:
                f_answers.append([number(h) for h in hits])
    out["filtered_recall@10"] = recall(f_answers, filtered_truth)
    own = np.arange(len(queries)) % 2 == 0
    out["filtered_recall@10_unrelated"] = recall([a for a, o in zip(f_answers, own) if not o],
                                                 filtered_truth[~own])
    out.update({f"filtered_{k}": v for k, v in percentiles_ms(f_lat).items()})
    anon, file_backed = rss_split_mb()
    # The index's memory: anonymous pages (the float16 graph, the int8 scan copy, keys and filter
    # codes; the writable open loads them all). The file-backed pages are the memory-mapped
    # records file's (titles and texts) that the queries' hits touched: clean page cache the
    # kernel drops under pressure, the text store on disk, printed beside it, not hidden.
    out["memory_mb"] = round(anon - base_anon)
    out["records_page_cache_mb"] = round(file_backed - base_file)
    out["memory_rss_total_mb"] = round(rss_mb() - base_rss)
    # What a retrieval run pays to open: the graph mapped instead of read (read_only=True).
    started = time.perf_counter()
    mapped = store.open(read_only=True)
    out["reopen_read_only_s"] = round(time.perf_counter() - started, 2)
    out["read_only_same_top10"] = float(np.mean([
        [h.doc_id for h in mapped.search(q, K)] == [h.doc_id for h in index.search(q, K)]
        for q in queries[:100]]))
    del mapped

    truth_keys = [{key_for(doc_id_for("description", f"hist-{i:07d}")) for i in row} for row in truth]
    got = index.search_batch(queries, K)
    out["batch_recall@10"] = float(np.mean([len(set(map(int, g)) & t) / K for g, t in zip(got, truth_keys)]))
    out["batch_qps"] = batch_qps(lambda qs: index.search_batch(qs, K), queries)

    # 1,000 upserts by listing id (existing listings, new vectors), one call and one by one.
    rng = np.random.default_rng(int(os.environ.get("BENCH_CHANGE_SEED", "5")))
    ids = rng.choice(n, size=2_000, replace=False)
    before = index.count()
    records = records_for(ids, categories[ids])
    started = time.perf_counter()
    index.upsert(records.iloc[:1000], fresh[:1000])
    out["upsert_1000_batch_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    for i in range(1000, 1200):
        index.upsert(records.iloc[i:i + 1], fresh[i:i + 1])
    out["upsert_1000_single_calls_s_extrapolated"] = round((time.perf_counter() - started) * 5, 3)
    self_hits = [number(index.search(fresh[i], 1)[0]) == ids[i] for i in range(0, 1200, 12)]
    out["upserted_found_as_own_nearest"] = float(np.mean(self_hits))
    out["count_unchanged_by_upserts"] = index.count() == before  # upserts replace, never add

    # 1,000 deletes by listing id, then look for each deleted id with its own vector.
    doomed = records["doc_id"].iloc[:1000].tolist()
    started = time.perf_counter()
    deleted = index.delete(doomed)
    out["delete_1000_s"] = round(time.perf_counter() - started, 4)
    doomed_numbers = set(int(d.split("-")[1]) for d in doomed)
    leaked = 0
    for i in range(1000):
        hits = index.search(fresh[i], K) + index.search(
            fresh[i], K, {"category": f"cat{int(categories[ids[i]]):02d}"})
        leaked += sum(number(h) in doomed_numbers for h in hits)
    out["deleted"] = deleted
    out["deleted_ids_returned"] = leaked
    started = time.perf_counter()
    index.save()
    out["save_after_changes_s"] = round(time.perf_counter() - started, 1)
    reopened = store.open()
    out["count_after_reopen"] = reopened.count()
    out["deleted_ids_returned_after_reopen"] = sum(
        number(h) in doomed_numbers for i in range(0, 1000, 10) for h in reopened.search(fresh[i], K))
    return out


def child_faiss(workdir: Path, repeats: int) -> dict:
    import faiss

    vectors = load(workdir, "base", mmap=True)
    queries, truth = load(workdir, "queries"), load(workdir, "truth")
    faiss.omp_set_num_threads(os.cpu_count())
    index = faiss.IndexHNSWFlat(DIM, M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    started = time.perf_counter()
    for start in range(0, len(vectors), 100_000):
        index.add(np.ascontiguousarray(vectors[start:start + 100_000]))
    build_s = time.perf_counter() - started
    path = str(workdir / "faiss.index")
    faiss.write_index(index, path)
    del index, vectors
    base_rss = rss_mb()
    started = time.perf_counter()
    index = faiss.read_index(path)
    reopen_s = time.perf_counter() - started
    index.hnsw.efSearch = EF_SEARCH
    faiss.omp_set_num_threads(1)
    answers, lat = timed_queries(lambda q: index.search(q[None], K)[1][0], queries, repeats)
    out = {"build_s": round(build_s, 1), "reopen_s": round(reopen_s, 2),
           "recall@10": recall(answers, truth), **lat}
    faiss.omp_set_num_threads(os.cpu_count())
    out["batch_qps"] = batch_qps(lambda qs: index.search(qs, K), queries)
    out["memory_mb"] = round(rss_mb() - base_rss)
    # HNSW's own filter (an id selector consulted during the walk), for comparison.
    categories = load(workdir, "categories")
    filter_categories = load(workdir, "filter_categories")
    filtered_truth = load(workdir, "filtered_truth")
    faiss.omp_set_num_threads(1)
    f_answers, f_lat = [], []
    n_f = min(200, len(queries))
    for q, c in zip(queries[:n_f], filter_categories[:n_f]):
        ids = np.flatnonzero(categories == c).astype(np.int64)
        params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBatch(ids), efSearch=EF_SEARCH)
        started = time.perf_counter()
        f_answers.append(index.search(q[None], K, params=params)[1][0])
        f_lat.append(time.perf_counter() - started)
    own = np.arange(n_f) % 2 == 0
    out["filtered_recall@10"] = recall(f_answers, filtered_truth[:n_f])
    out["filtered_recall@10_unrelated"] = recall([a for a, o in zip(f_answers, own) if not o],
                                                 filtered_truth[:n_f][~own])
    out.update({f"filtered_{k}": v for k, v in percentiles_ms(f_lat).items()})
    out["deletes"] = "not supported by IndexHNSWFlat (remove_ids raises); tombstones via a selector only"
    return out


def child_hnswlib(workdir: Path, repeats: int) -> dict:
    import hnswlib

    vectors = load(workdir, "base", mmap=True)
    queries, truth = load(workdir, "queries"), load(workdir, "truth")
    index = hnswlib.Index(space="ip", dim=DIM)
    index.init_index(max_elements=len(vectors) + 2_000, M=M, ef_construction=EF_CONSTRUCTION,
                     allow_replace_deleted=True)
    started = time.perf_counter()
    for start in range(0, len(vectors), 100_000):
        block = np.ascontiguousarray(vectors[start:start + 100_000])
        index.add_items(block, np.arange(start, start + len(block)), num_threads=os.cpu_count())
    build_s = time.perf_counter() - started
    path = str(workdir / "hnswlib.bin")
    index.save_index(path)
    del index, vectors
    base_rss = rss_mb()
    started = time.perf_counter()
    index = hnswlib.Index(space="ip", dim=DIM)
    index.load_index(path, allow_replace_deleted=True)
    reopen_s = time.perf_counter() - started
    index.set_ef(EF_SEARCH)
    index.set_num_threads(1)
    answers, lat = timed_queries(lambda q: index.knn_query(q, K)[0][0], queries, repeats)
    out = {"build_s": round(build_s, 1), "reopen_s": round(reopen_s, 2),
           "recall@10": recall(answers, truth), **lat}
    index.set_num_threads(os.cpu_count())
    out["batch_qps"] = batch_qps(lambda qs: index.knn_query(qs, K), queries)
    out["memory_mb"] = round(rss_mb() - base_rss)
    started = time.perf_counter()
    for label in range(1000):
        index.mark_deleted(label)
    out["delete_1000_s"] = round(time.perf_counter() - started, 4)
    return out


CHILDREN = {"exact": child_exact, "faiss": child_faiss, "hnswlib": child_hnswlib}


def run_child(args: list[str]) -> dict:
    command = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def calibrate() -> None:
    from handmade_assets_demo.corpus import generate_historical_descriptions
    from handmade_assets.index.records import description_records
    from handmade_assets_demo.synthetic_vectors import (
        MINILM_CALIBRATION,
        SyntheticVectors,
        VectorProfile,
        embedding_statistics,
    )
    from handmade_assets.services.embedder import LocalSentenceEmbedder

    records = description_records(generate_historical_descriptions(3000, seed=7))
    real = LocalSentenceEmbedder().embed(records["text"].tolist())
    categories = records["category"].factorize()[0]
    measured = embedding_statistics(real, categories)
    vectors, cats = SyntheticVectors(VectorProfile(categories=8), seed=1).draw(3000, 0)
    synthetic = embedding_statistics(vectors, cats)
    print(f"{'statistic':<32}{'recorded':>10}{'MiniLM now':>12}{'synthetic':>11}")
    for key in measured:
        print(f"{key:<32}{MINILM_CALIBRATION[key]:>10.3f}{measured[key]:>12.3f}{synthetic[key]:>11.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 vectors, 300 queries")
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3, help="passes over the queries for latency")
    parser.add_argument("--libs", default="exact,store,faiss,hnswlib")
    parser.add_argument("--workdir", default=None, help="keep data and indexes here")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()

    if args.child:
        kind, workdir, *rest = args.child
        workdir = Path(workdir)
        if kind == "store-build":
            result = child_store_build(workdir, rest[0])
        elif kind == "store-serve":
            result = child_store_serve(workdir, rest[0], int(rest[1]))
        else:
            result = CHILDREN[kind](workdir, int(rest[0]))
        print(json.dumps(result))
        return
    if args.calibrate:
        calibrate()
        return

    n = args.n or (100_000 if args.quick else 1_000_000)
    n_queries = args.queries or (300 if args.quick else 1_000)
    print(f"machine: {machine()}")
    print(f"synthetic MiniLM-shaped vectors: n={n:,} dim={DIM}, {n_queries} queries, "
          f"HNSW M={M} ef_construction={EF_CONSTRUCTION} ef_search={EF_SEARCH}")
    tmp = None
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="vector_bench_")
        workdir = Path(tmp.name)
    data = make_data(workdir, n, n_queries, seed=11)
    print(f"data: {data}", flush=True)

    results: dict[str, dict] = {"data": data, "machine": machine()}
    for lib in args.libs.split(","):
        started = time.perf_counter()
        if lib.startswith("store"):
            built = run_child(["store-build", str(workdir), lib])
            served = run_child(["store-serve", str(workdir), lib, str(args.repeats)]) \
                if "error" not in built else {}
            results[lib] = {**built, **served}
        else:
            results[lib] = run_child([lib, str(workdir), str(args.repeats)])
        results[lib]["wall_s"] = round(time.perf_counter() - started, 1)
        print(f"{lib}: {json.dumps(results[lib])}", flush=True)
    print(f"machine after: {machine()}")
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    if tmp:
        tmp.cleanup()


BARS = [
    ("recall@10", ">=", 0.99), ("p50_ms", "<=", 1.0), ("p99_ms", "<=", 2.0),
    ("batch_qps", ">=", 1800), ("filtered_recall@10", ">=", 0.99), ("filtered_p99_ms", "<=", 3.0),
    ("memory_mb", "<=", 1800), ("build_s", "<=", 900), ("upsert_1000_batch_s", "<=", 1.0),
    ("delete_1000_s", "<=", 0.010), ("reopen_s", "<=", 6.0),
]


def report(results: dict) -> None:
    libs = [k for k in results if k not in ("data", "machine")]
    print(f"\n{'figure':<28}{'bar':>10}" + "".join(f"{lib:>14}" for lib in libs))
    for key, op, bar in BARS:
        row = f"{key:<28}{op + ' ' + str(bar):>10}"
        for lib in libs:
            value = results[lib].get(key)
            if isinstance(value, (int, float)):
                ok = value >= bar if op == ">=" else value <= bar
                row += f"{round(value, 4):>12}{' ✓' if ok else ' ✗'}"
            else:
                row += f"{'-':>14}"
        print(row)


if __name__ == "__main__":
    main()
