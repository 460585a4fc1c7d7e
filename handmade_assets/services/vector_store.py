"""The k-NN index of description and review embeddings.

Embedded default: a usearch HNSW graph of float16 vectors persisted beside an int8 copy of them
and an Arrow file of the records. Production: an Amazon OpenSearch Service k-NN index (faiss HNSW), see
`opensearch_store.py`. Both upsert by a stable document id built from the listing id, so
re-running a partition overwrites and never duplicates.

How the embedded index stays fast at a million records (benchmarks/vector_index.py measures it):
- Unfiltered queries walk the HNSW graph. Its float16 vectors are the index's one precise copy
  (half of float32's memory; scores within ~1e-3), so its distances need no re-scoring.
- Filtered queries (a category, ~2 % of the index) scan the category rather than walk the graph:
  HNSW with a filter loses most of its recall when the category is unrelated to the query. The
  rows are kept sorted by (category, kind, successful), so a category is one contiguous slice, and
  the scan reads its int8 copy (a quarter of float32's memory traffic, `lib/quantized.py`), then
  re-scores the best 64 with their float16 vectors fetched from the graph by key.
- Filter columns live in memory as small integer codes; titles and texts stay in a memory-mapped
  Arrow file and are read only for the hits returned.
- Rows upserted since the last save sit in a small tail and are searched beside the slice;
  deletes mark rows dead and remove them from the graph at once. `save()` compacts.
- Small upserts reach the graph in batches: usearch pays a scan of its slots on the first add
  after a removal (~40 ms at a million), so one-listing upserts wait in a pending list of at
  most `graph_add_batch` (256) rows, which queries score exactly, and are added together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import dagster as dg
import numpy as np
import pandas as pd
from pydantic import Field

from handmade_assets.lib.mapped_files import map_arrow
from handmade_assets.lib.quantized import approximate_scores, quantize

RECORD_COLUMNS = ["doc_id", "listing_id", "kind", "category", "language", "title", "text", "successful"]
# Columns filters may name; kept in memory as integer codes. The first three set the row order.
FILTER_COLUMNS = ("category", "kind", "successful", "language")
STRING_COLUMNS = [c for c in RECORD_COLUMNS if c not in FILTER_COLUMNS]


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    listing_id: str
    kind: str
    category: str
    language: str
    title: str
    text: str
    successful: bool
    score: float


class VectorIndex(Protocol):
    def upsert(self, records: pd.DataFrame, vectors: np.ndarray) -> int: ...
    def delete(self, doc_ids: list[str]) -> int: ...
    def search(
        self, vector: np.ndarray, k: int = 10, filters: dict[str, object] | None = None
    ) -> list[SearchHit]: ...
    def count(self) -> int: ...
    def doc_ids(self) -> set[str]: ...
    def save(self) -> None: ...


class VectorStore(Protocol):
    """A configured index service; `open()` returns the index to read and write, or only to read
    (`read_only=True`: cheaper to open where a backend can map instead of load)."""

    def open(self, read_only: bool = False) -> VectorIndex: ...


def doc_id_for(kind: str, listing_id: str) -> str:
    return f"{kind}:{listing_id}"


def key_for(doc_id: str) -> int:
    # usearch keys are integers; a 63-bit hash of the document id keeps them stable across runs
    # and machines (Python's hash() is salted per process).
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big") >> 1


def keys_for(doc_ids) -> np.ndarray:
    return np.fromiter((key_for(d) for d in doc_ids), dtype=np.uint64)


class UsearchIndex:
    """An HNSW index (usearch) with its vectors and records, loaded from and saved to one folder."""

    GRAPH_FILE = "hnsw.usearch"
    CODES_FILE = "vectors.i8.npy"
    SCALES_FILE = "scales.f32.npy"
    RECORDS_FILE = "records.arrow"
    # Rows are re-scored in chunks this size when the base is rebuilt, to bound the float32 copy.
    REBASE_CHUNK = 65_536

    def __init__(self, folder: Path, dimension: int, connectivity: int, expansion_add: int,
                 expansion_search: int, exact_filter_below: int, dtype: str = "f16",
                 threads: int = 0, rerank: int = 0, rebase_above: int = 50_000,
                 filter_rerank: int = 64, graph_add_batch: int = 256, read_only: bool = False):
        from usearch.index import Index

        self.folder = Path(folder)
        self.dimension = dimension
        self.exact_filter_below = exact_filter_below
        self.threads = threads
        self.rerank = rerank
        self.rebase_above = rebase_above
        self.filter_rerank = filter_rerank
        self.graph_add_batch = graph_add_batch
        self.read_only = read_only
        self._empty_state()
        graph_path = self.folder / self.GRAPH_FILE
        self.graph = Index(ndim=dimension, metric="ip", dtype=dtype, connectivity=connectivity,
                           expansion_add=expansion_add, expansion_search=expansion_search)
        # A read-only open maps the graph instead of reading it: a retrieval run at a million
        # records opens in a fraction of the time and shares the pages with other readers.
        attach = self.graph.view if read_only else self.graph.load
        if graph_path.exists() and (self.folder / self.RECORDS_FILE).exists():
            attach(str(graph_path))
            self._load()
        if self.graph.ndim != dimension:
            raise ValueError(f"index at {folder} has dimension {self.graph.ndim}, expected {dimension}")

    # -- state -----------------------------------------------------------------------------

    def _empty_state(self) -> None:
        import pyarrow as pa

        self._n = 0  # rows used: the sorted base [0, _n_base) then the tail [_n_base, _n)
        self._n_base = 0
        self._alive_count = 0
        # The sorted base's int8 codes and scales for scans (its exact vectors are in the graph),
        # and the vectors of rows added since the last rebase (float32: few, scanned exactly).
        self._codes8 = np.zeros((0, self.dimension), dtype=np.int8)
        self._scales = np.zeros(0, dtype=np.float32)
        self._tail_vectors = np.zeros((0, self.dimension), dtype=np.float32)
        self._keys = np.zeros(0, dtype=np.uint64)
        self._alive = np.zeros(0, dtype=bool)
        self._codes = {c: np.zeros(0, dtype=np.int16) for c in FILTER_COLUMNS}
        self._vocab: dict[str, dict[object, int]] = {c: {} for c in FILTER_COLUMNS}
        self._ranges: dict[int, tuple[int, int]] = {}  # category code -> base slice
        self._sorted_keys = np.zeros(0, dtype=np.uint64)
        self._sorted_rows = np.zeros(0, dtype=np.int64)
        self._tail_rows: dict[int, int] = {}  # key -> row, for rows added since the last rebase
        self._pending = np.zeros(0, dtype=np.int64)  # tail rows not yet added to the graph
        self._base_table = pa.table({c: pa.array([], pa.string()) for c in RECORD_COLUMNS})
        self._batches, self._batch_starts = [], np.zeros(1, dtype=np.int64)
        # The tail's records as plain column lists: a one-listing upsert appends to lists instead
        # of building and concatenating DataFrames (most of its cost when it did).
        self._tail_columns: dict[str, list] = {c: [] for c in RECORD_COLUMNS}
        self._tail_frame: pd.DataFrame | None = None

    def _reserve(self, extra: int) -> None:
        need = self._n + extra
        # The tail's vectors grow on their own schedule: the row arrays' slack says nothing
        # about theirs (a reopened index starts with a full base and an empty tail).
        tail_need = need - self._n_base
        if tail_need > len(self._tail_vectors):
            bigger = np.zeros((tail_need + max(1024, tail_need // 2), self.dimension), np.float32)
            bigger[: self._n - self._n_base] = self._tail_vectors[: self._n - self._n_base]
            self._tail_vectors = bigger
        if need <= len(self._keys):
            return
        # Modest slack: growing copies these arrays, but slack is memory held for nothing.
        capacity = need + max(4096, need // 32)

        def grow(array: np.ndarray) -> np.ndarray:
            bigger = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
            bigger[: self._n] = array[: self._n]
            return bigger

        self._keys, self._alive = grow(self._keys), grow(self._alive)
        self._codes = {c: grow(a) for c, a in self._codes.items()}

    def _code(self, column: str, values) -> np.ndarray:
        vocab = self._vocab[column]
        return np.fromiter((vocab.setdefault(v, len(vocab)) for v in values), dtype=np.int16,
                           count=len(values))

    def _rows_of(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key, -1 where absent or deleted."""
        rows = np.full(len(keys), -1, dtype=np.int64)
        if len(self._sorted_keys):
            at = np.searchsorted(self._sorted_keys, keys)
            at = np.minimum(at, len(self._sorted_keys) - 1)
            found = self._sorted_keys[at] == keys
            rows[found] = self._sorted_rows[at[found]]
        if self._tail_rows:
            for i, key in enumerate(keys.tolist()):
                row = self._tail_rows.get(key)
                if row is not None:
                    rows[i] = row
        live = rows >= 0
        live[live] = self._alive[rows[live]]
        rows[~live] = -1
        return rows

    def _load(self) -> None:
        table = map_arrow(self.folder / self.RECORDS_FILE)
        keys = table.column("key").to_numpy()
        if len(keys) != len(self.graph):
            raise ValueError(f"index at {self.folder} is inconsistent: {len(keys)} records, "
                             f"{len(self.graph)} graph entries")
        # The scan reads every byte of its category, so the int8 copy is loaded, not mapped.
        codes = np.load(self.folder / self.CODES_FILE)
        scales = np.load(self.folder / self.SCALES_FILE)
        self._set_base(table.drop_columns(["key"]), keys, codes, scales)

    def _set_base(self, table, keys: np.ndarray, codes: np.ndarray, scales: np.ndarray) -> None:
        """Make (table, keys), already sorted by category and all in the graph, the whole index."""
        n = len(keys)
        self._empty_state()
        self._n = self._n_base = self._alive_count = n
        self._keys = keys
        self._codes8, self._scales = codes, scales
        self._alive = np.ones(n, dtype=bool)
        self._base_table = table
        self._batches = table.to_batches()  # zero-copy, with one row alignment for all columns
        self._batch_starts = np.cumsum([0] + [len(b) for b in self._batches])
        for column in FILTER_COLUMNS:
            # Dictionary-encode in Arrow: no Python object per row, so reopening stays fast.
            encoded = table.column(column).combine_chunks().dictionary_encode()
            self._codes[column] = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int16)
            self._vocab[column] = {v: code for code, v in enumerate(encoded.dictionary.to_pylist())}
        categories = self._codes["category"]
        if n:
            starts = np.flatnonzero(np.r_[True, categories[1:] != categories[:-1]])
            stops = np.r_[starts[1:], n]
            if len(set(categories[starts].tolist())) != len(starts):
                raise ValueError("records are not sorted by category")
            self._ranges = {int(categories[s]): (int(s), int(e)) for s, e in zip(starts, stops)}
        order = np.argsort(keys, kind="stable")
        self._sorted_keys, self._sorted_rows = keys[order], order

    def _append(self, columns: dict[str, list], keys: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        n = len(keys)
        self._reserve(n)
        rows = np.arange(self._n, self._n + n)
        self._tail_vectors[rows - self._n_base] = vectors
        self._keys[rows] = keys
        self._alive[rows] = True
        for column in FILTER_COLUMNS:
            self._codes[column][rows] = self._code(column, columns[column])
        self._tail_rows.update(zip(keys.tolist(), rows.tolist()))
        for column in RECORD_COLUMNS:
            self._tail_columns[column].extend(columns[column])
        self._tail_frame = None
        self._n += n
        self._alive_count += n
        return rows

    def _decode(self, column: str, codes: np.ndarray) -> list:
        values = list(self._vocab[column])  # codes were given in insertion order
        return [values[code] for code in codes.tolist()]

    def _tail(self) -> pd.DataFrame:
        if self._tail_frame is None:
            self._tail_frame = pd.DataFrame(self._tail_columns, columns=RECORD_COLUMNS)
        return self._tail_frame

    def _live_table(self):
        """All live rows (base, then tail) as one Arrow table with their keys and vectors."""
        import pyarrow as pa

        live = np.flatnonzero(self._alive[: self._n])
        base_live = live[live < self._n_base]
        tail_live = live[live >= self._n_base] - self._n_base
        tail = pa.Table.from_pandas(self._tail().iloc[tail_live], preserve_index=False)
        base = self._base_table.take(pa.array(base_live))
        table = pa.concat_tables(
            [base.cast(_arrow_schema()), tail.select(RECORD_COLUMNS).cast(_arrow_schema())])
        return table, live

    def _rebase(self) -> None:
        """Drop dead rows and sort all rows by (category, kind, successful) into the base."""
        import pyarrow as pa

        self._flush_pending()
        table, live = self._live_table()
        # Sort by the values, not the codes, so the order does not depend on insertion history.
        sort_keys = [pd.factorize(table.column(c).to_numpy(), sort=True)[0]
                     for c in FILTER_COLUMNS[:3]]
        order = np.lexsort(sort_keys[::-1])
        rows = live[order]
        codes = np.empty((len(rows), self.dimension), dtype=np.int8)
        scales = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), self.REBASE_CHUNK):
            chunk = slice(start, start + self.REBASE_CHUNK)
            codes[chunk], scales[chunk] = quantize(self._rows_vectors(rows[chunk]))
        self._set_base(table.take(pa.array(order)), self._keys[rows], codes, scales)

    def _graph_vectors(self, keys: np.ndarray) -> np.ndarray:
        return np.asarray(self.graph.get(keys, dtype=np.float32)).reshape(len(keys), self.dimension)

    # -- operations ------------------------------------------------------------------------

    def count(self) -> int:
        return self._alive_count

    def doc_ids(self) -> set[str]:
        """Every live document id (a refresh deletes the ones that left the corpus)."""
        live = np.flatnonzero(self._alive[: self._n])
        base = live[live < self._n_base]
        ids = self._base_table.column("doc_id").to_numpy(zero_copy_only=False)[base]
        tail = self._tail()["doc_id"].to_numpy()[live[live >= self._n_base] - self._n_base]
        return set(ids.tolist()) | set(tail.tolist())

    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError(f"index at {self.folder} was opened read-only")

    def upsert(self, records: pd.DataFrame, vectors: np.ndarray) -> int:
        self._check_writable()
        if len(records) != len(vectors):
            raise ValueError(f"{len(records)} records but {len(vectors)} vectors")
        vectors = np.asarray(vectors)
        if vectors.shape[1:] != (self.dimension,):
            raise ValueError(f"vectors have shape {vectors.shape}, expected (n, {self.dimension})")
        columns = {c: records[c].tolist() for c in RECORD_COLUMNS}
        doc_ids = columns["doc_id"]
        if len(set(doc_ids)) < len(doc_ids):  # the same document twice: its last row wins
            keep = sorted({doc_id: i for i, doc_id in enumerate(doc_ids)}.values())
            columns = {c: [values[i] for i in keep] for c, values in columns.items()}
            vectors = vectors[keep]
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        keys = keys_for(columns["doc_id"])
        self._delete_keys(keys)
        rows = self._append(columns, keys, vectors)
        if len(rows) >= self.graph_add_batch:
            self.graph.add(keys, vectors, threads=self.threads)
        else:
            self._pending = np.concatenate([self._pending, rows])
            if len(self._pending) >= self.graph_add_batch:
                self._flush_pending()
        if self._n - self._n_base > max(self.rebase_above, self._n_base // 10):
            self._rebase()
        return len(keys)

    def _flush_pending(self) -> None:
        rows = self._pending[self._alive[self._pending]]  # a row upserted again is dead by now
        self._pending = np.zeros(0, dtype=np.int64)
        if len(rows):
            self.graph.add(self._keys[rows], self._rows_vectors(rows), threads=self.threads)

    def _pending_matches(self, wanted: dict[str, int]) -> np.ndarray:
        rows = self._pending[self._alive[self._pending]]
        for column, code in wanted.items():
            rows = rows[self._codes[column][rows] == code]
        return rows

    def delete(self, doc_ids: list[str]) -> int:
        self._check_writable()
        return self._delete_keys(keys_for(doc_ids))

    def _delete_keys(self, keys: np.ndarray) -> int:
        rows = self._rows_of(keys)
        rows = np.unique(rows[rows >= 0])
        if not len(rows):
            return 0
        self._alive[rows] = False
        self._alive_count -= len(rows)
        self.graph.remove(self._keys[rows])
        return len(rows)

    def search(self, vector: np.ndarray, k: int = 10, filters: dict[str, object] | None = None
               ) -> list[SearchHit]:
        if self.count() == 0 or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if not filters:
            return self._graph_search(query, k)
        wanted = {}
        for column, value in filters.items():
            if column not in self._vocab:
                raise ValueError(f"cannot filter on {column!r}; filter columns: {FILTER_COLUMNS}")
            code = self._vocab[column].get(value)
            if code is None:
                return []
            wanted[column] = code
        rows = self._filtered_rows(wanted)
        if rows is None:
            return self._graph_search(query, k, wanted)
        return self._exact(query, rows, k)

    def _filtered_rows(self, wanted: dict[str, int]) -> list[tuple] | None:
        """Where the matching rows are: (slice, None) for a contiguous run, (slice, mask) for a
        mostly-matching run, (rows, None) otherwise; None if too many rows match for exact search."""
        if "category" in wanted:
            start, stop = self._ranges.get(wanted["category"], (0, 0))
            parts: list[tuple] = []
            if stop > start:
                mask = self._alive[start:stop].copy()
                for column, code in wanted.items():
                    if column != "category":
                        mask &= self._codes[column][start:stop] == code
                hits = np.flatnonzero(mask)
                if len(hits) and hits[-1] - hits[0] + 1 == len(hits):
                    parts.append((slice(start + int(hits[0]), start + int(hits[-1]) + 1), None))
                elif len(hits) * 4 >= stop - start:
                    # Scanning the whole slice beats gathering most of it.
                    parts.append((slice(start, stop), mask))
                elif len(hits):
                    parts.append((start + hits, None))
            tail = self._tail_matches(wanted)
            if len(tail):
                parts.append((tail, None))
            return parts
        mask = self._alive[: self._n].copy()
        for column, code in wanted.items():
            mask &= self._codes[column][: self._n] == code
        if mask.sum() > self.exact_filter_below:
            return None
        return [(np.flatnonzero(mask), None)]

    def _tail_matches(self, wanted: dict[str, int]) -> np.ndarray:
        if self._n == self._n_base:
            return np.zeros(0, dtype=np.int64)
        tail = slice(self._n_base, self._n)
        mask = self._alive[tail].copy()
        for column, code in wanted.items():
            mask &= self._codes[column][tail] == code
        return self._n_base + np.flatnonzero(mask)

    def _exact(self, query: np.ndarray, parts: list[tuple], k: int) -> list[SearchHit]:
        found_rows, found_scores = [], []
        shortlist = max(k, self.filter_rerank)
        for rows, mask in parts:
            if isinstance(rows, slice):
                # A slice of the base: scan its int8 view (no copy), then re-score a shortlist.
                approximate = approximate_scores(self._codes8[rows], self._scales[rows], query)
                if mask is not None:
                    approximate[~mask] = -np.inf
                ids = np.arange(rows.start, rows.stop)
                if len(ids) > shortlist:
                    ids = ids[np.argpartition(-approximate, shortlist - 1)[:shortlist]]
                ids = ids[np.isfinite(approximate[ids - rows.start])]
            else:
                ids = rows
            scores = self._rows_vectors(ids) @ query
            if len(scores) > k:
                top = np.argpartition(-scores, k - 1)[:k]
                ids, scores = ids[top], scores[top]
            found_rows.append(ids)
            found_scores.append(scores)
        if not found_rows:
            return []
        rows, scores = np.concatenate(found_rows), np.concatenate(found_scores)
        keep = np.isfinite(scores)
        rows, scores = rows[keep], scores[keep]
        order = np.argsort(-scores, kind="stable")[:k]
        return self._hits(rows[order], scores[order])

    def _graph_search(self, query: np.ndarray, k: int, wanted: dict[str, int] | None = None
                      ) -> list[SearchHit]:
        asked = max(k, self.rerank) if not wanted else max(k * 8, self.rerank)
        rows, keep = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        while len(self.graph):
            matches = self.graph.search(query, min(asked, len(self.graph)))
            rows = self._rows_of(matches.keys.astype(np.uint64))
            keep = rows >= 0
            for column, code in (wanted or {}).items():
                keep[keep] &= self._codes[column][rows[keep]] == code
            if keep.sum() >= k or asked >= len(self.graph):
                break
            asked *= 4
        rows = rows[keep]
        pending = self._pending_matches(wanted or {})
        if len(pending):
            # A pending row may also come back through its key's old graph entry: once is enough.
            rows = np.unique(np.concatenate([rows, pending]))
        if self.rerank or len(pending):
            # The graph's vectors are quantised: re-score its candidates exactly.
            scores = self._rows_vectors(rows) @ query
            order = np.argsort(-scores, kind="stable")[:k]
            return self._hits(rows[order], scores[order])
        return self._hits(rows[:k], (1.0 - matches.distances[keep][:k]).astype(np.float32))

    def search_batch(self, queries: np.ndarray, k: int = 10) -> list[np.ndarray]:
        """Unfiltered top-k rows for many queries at once, the graph walked on `threads` threads.

        Returns keys (the usearch keys, `key_for(doc_id)`), one array per query, best first.
        """
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        self._flush_pending()  # a bulk read: let the graph see every row
        matches = self.graph.search(queries, max(k, self.rerank), threads=self.threads)
        keys = matches.keys.reshape(len(queries), -1)
        if not self.rerank:
            return list(keys[:, :k])
        out = []
        for query, candidates in zip(queries, keys):
            rows = self._rows_of(candidates.astype(np.uint64))
            rows = rows[rows >= 0]
            scores = self._rows_vectors(rows) @ query
            out.append(self._keys[rows[np.argsort(-scores, kind="stable")[:k]]])
        return out

    def _rows_vectors(self, rows: np.ndarray) -> np.ndarray:
        """Vectors of live rows as float32: the base's from the graph, the tail's as stored."""
        base = rows < self._n_base
        out = np.empty((len(rows), self.dimension), dtype=np.float32)
        if base.any():
            out[base] = self._graph_vectors(self._keys[rows[base]])
        if not base.all():
            out[~base] = self._tail_vectors[rows[~base] - self._n_base]
        return out

    def _hits(self, rows: np.ndarray, scores: np.ndarray) -> list[SearchHit]:
        base = rows < self._n_base
        records: dict[int, dict] = {}
        if base.any():
            # Filter columns decode from their in-memory codes; the strings are read one value at
            # a time from the mapped batches: `take` on the chunked table would concatenate whole
            # columns first (a gigabyte of text at a million records).
            decoded = {c: self._decode(c, self._codes[c][rows[base]]) for c in FILTER_COLUMNS}
            starts = self._batch_starts
            batch_of = np.searchsorted(starts, rows[base], side="right") - 1
            for i, (row, b) in enumerate(zip(rows[base].tolist(), batch_of.tolist())):
                batch, offset = self._batches[b], row - int(starts[b])
                records[row] = {c: batch.column(c)[offset].as_py() for c in STRING_COLUMNS}
                records[row].update({c: decoded[c][i] for c in FILTER_COLUMNS})
        if (~base).any():
            tail = self._tail()
            for row in rows[~base].tolist():
                records[row] = tail.iloc[row - self._n_base].to_dict()
        return [
            SearchHit(
                doc_id=r["doc_id"], listing_id=r["listing_id"], kind=r["kind"],
                category=r["category"], language=r["language"], title=r["title"],
                text=r["text"], successful=bool(r["successful"]), score=float(score),
            )
            for r, score in ((records[row], score) for row, score in zip(rows.tolist(), scores))
        ]

    def save(self) -> None:
        import pyarrow as pa

        self._check_writable()
        self._rebase()
        self.folder.mkdir(parents=True, exist_ok=True)
        # Save to temporary names and rename, so a crash mid-save leaves the old files whole.
        names = (self.GRAPH_FILE, self.CODES_FILE, self.SCALES_FILE, self.RECORDS_FILE)
        partial = {name: self.folder / (name + ".partial") for name in names}
        self.graph.save(str(partial[self.GRAPH_FILE]))
        for name, array in ((self.CODES_FILE, self._codes8), (self.SCALES_FILE, self._scales)):
            with open(partial[name], "wb") as out:
                np.save(out, array[: self._n])
        table = self._base_table.append_column("key", pa.array(self._keys[: self._n]))
        with pa.OSFile(str(partial[self.RECORDS_FILE]), "wb") as sink:
            with pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table, max_chunksize=65_536)
        for name in names:
            partial[name].replace(self.folder / name)


def _arrow_schema():
    import pyarrow as pa

    return pa.schema([(c, pa.bool_() if c == "successful" else pa.string()) for c in RECORD_COLUMNS])


class UsearchVectorStore(dg.ConfigurableResource):
    """The embedded default: a usearch HNSW index persisted in a local folder."""

    path: str = Field(description="Folder holding the graph, its int8 copy and its records.")
    dimension: int = Field(description="The embedder's `dimension`; resources.py passes it.")
    # Mirrors the production OpenSearch mapping (faiss HNSW m=16, ef_construction=200,
    # ef_search=128); benchmarks/vector_index.py measures recall and latency at these values.
    connectivity: int = 16
    expansion_add: int = 200
    expansion_search: int = 128
    dtype: str = Field(
        default="f16",
        description="Graph vector storage: f32, f16 or i8. The graph's vectors are the only "
        "precise copy (filtered results are re-scored from them), so i8 costs recall.",
    )
    rerank: int = Field(default=0, description="Graph candidates re-scored from the graph's own "
                        "vectors in Python; 0 = take the graph's distances (right for f16/f32).")
    filter_rerank: int = Field(
        default=64, description="Filtered scans re-score this many int8-ranked rows exactly.")
    graph_add_batch: int = Field(
        default=256, description="Smaller upserts wait, scored exactly, until this many can be "
        "added to the graph in one call.")
    threads: int = Field(default=0, description="Threads for bulk adds and batch search; 0 = all.")
    exact_filter_below: int = Field(
        default=50_000,
        description="Filters without a category run exactly when they match fewer records.",
    )

    def open(self, read_only: bool = False) -> UsearchIndex:
        return UsearchIndex(
            Path(self.path), self.dimension, self.connectivity, self.expansion_add,
            self.expansion_search, self.exact_filter_below, self.dtype, self.threads,
            self.rerank, filter_rerank=self.filter_rerank, graph_add_batch=self.graph_add_batch,
            read_only=read_only,
        )
