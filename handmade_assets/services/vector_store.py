"""The k-NN index of description and review embeddings.

Embedded default: a usearch HNSW graph persisted to one file beside a parquet table of the
records' metadata. Production: an Amazon OpenSearch Service k-NN index (faiss HNSW), see
`opensearch_store.py`. Both upsert by a stable document id built from the listing id, so
re-running a partition overwrites and never duplicates.
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

RECORD_COLUMNS = ["doc_id", "listing_id", "kind", "category", "language", "title", "text", "successful"]


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
    def save(self) -> None: ...


class VectorStore(Protocol):
    """A configured index service; `open()` returns the index to read and write."""

    def open(self) -> VectorIndex: ...


def doc_id_for(kind: str, listing_id: str) -> str:
    return f"{kind}:{listing_id}"


def key_for(doc_id: str) -> int:
    # usearch keys are integers; a 63-bit hash of the document id keeps them stable across runs
    # and machines (Python's hash() is salted per process).
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big") >> 1


class UsearchIndex:
    """An HNSW index (usearch) plus its records table, loaded from and saved to one folder."""

    GRAPH_FILE = "hnsw.usearch"
    RECORDS_FILE = "records.parquet"

    def __init__(self, folder: Path, dimension: int, connectivity: int, expansion_add: int,
                 expansion_search: int, exact_filter_below: int):
        from usearch.index import Index

        self.folder = folder
        self.dimension = dimension
        self.exact_filter_below = exact_filter_below
        graph_path = folder / self.GRAPH_FILE
        records_path = folder / self.RECORDS_FILE
        self.graph = Index(
            ndim=dimension, metric="ip", dtype="f32", connectivity=connectivity,
            expansion_add=expansion_add, expansion_search=expansion_search,
        )
        if graph_path.exists() and records_path.exists():
            self.graph.load(str(graph_path))
            self.records = pd.read_parquet(records_path)
        else:
            self.records = pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS})
            self.records["key"] = pd.Series(dtype="uint64")
        if self.graph.ndim != dimension:
            raise ValueError(f"index at {folder} has dimension {self.graph.ndim}, expected {dimension}")

    def count(self) -> int:
        return len(self.records)

    def upsert(self, records: pd.DataFrame, vectors: np.ndarray) -> int:
        if len(records) != len(vectors):
            raise ValueError(f"{len(records)} records but {len(vectors)} vectors")
        if vectors.shape[1:] != (self.dimension,):
            raise ValueError(f"vectors have shape {vectors.shape}, expected (n, {self.dimension})")
        keep = ~records["doc_id"].duplicated(keep="last").to_numpy()
        records = records.loc[keep, RECORD_COLUMNS].reset_index(drop=True)
        vectors = vectors[keep]
        keys = np.fromiter((key_for(d) for d in records["doc_id"]), dtype=np.uint64, count=len(records))
        self.delete(records["doc_id"].tolist())
        self.graph.add(keys, np.ascontiguousarray(vectors, dtype=np.float32))
        added = records.assign(key=keys)
        self.records = pd.concat([self.records, added], ignore_index=True)
        return len(added)

    def delete(self, doc_ids: list[str]) -> int:
        present = self.records["doc_id"].isin(doc_ids)
        if not present.any():
            return 0
        keys = self.records.loc[present, "key"].to_numpy(dtype=np.uint64)
        self.graph.remove(keys)
        self.records = self.records.loc[~present].reset_index(drop=True)
        return int(present.sum())

    def search(self, vector: np.ndarray, k: int = 10, filters: dict[str, object] | None = None
               ) -> list[SearchHit]:
        if self.count() == 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if filters:
            mask = np.ones(len(self.records), dtype=bool)
            for column, wanted in filters.items():
                mask &= (self.records[column] == wanted).to_numpy()
            candidates = self.records.loc[mask]
            # A small filtered subset is searched exactly: HNSW with a post-filter loses most of
            # its recall when the subset is unrelated to the query, and exact search over ~2 % of
            # the index is cheap.
            if len(candidates) <= self.exact_filter_below:
                return self._exact(query, candidates, k)
            return self._graph_search(query, k, candidates_mask=mask)
        return self._graph_search(query, k)

    def _exact(self, query: np.ndarray, candidates: pd.DataFrame, k: int) -> list[SearchHit]:
        if candidates.empty:
            return []
        keys = candidates["key"].to_numpy(dtype=np.uint64)
        matrix = np.stack(self.graph.get(keys, dtype=np.float32))
        scores = matrix @ query
        top = np.argsort(-scores)[:k]
        return [self._hit(candidates.iloc[i], float(scores[i])) for i in top]

    def _graph_search(self, query: np.ndarray, k: int, candidates_mask: np.ndarray | None = None
                      ) -> list[SearchHit]:
        by_key = self.records.set_index("key")
        wanted = k if candidates_mask is None else min(len(self.records), k * 8)
        matches = self.graph.search(query, wanted)
        allowed = None if candidates_mask is None else set(self.records.loc[candidates_mask, "key"])
        hits = []
        for key, distance in zip(matches.keys, matches.distances):
            if allowed is not None and int(key) not in allowed:
                continue
            hits.append(self._hit(by_key.loc[np.uint64(key)], 1.0 - float(distance)))
            if len(hits) == k:
                break
        return hits

    @staticmethod
    def _hit(row: pd.Series, score: float) -> SearchHit:
        return SearchHit(
            doc_id=row["doc_id"], listing_id=row["listing_id"], kind=row["kind"],
            category=row["category"], language=row["language"], title=row["title"],
            text=row["text"], successful=bool(row["successful"]), score=score,
        )

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Save to temporary names and rename, so a crash mid-save leaves the old index whole.
        graph_tmp = self.folder / (self.GRAPH_FILE + ".partial")
        records_tmp = self.folder / (self.RECORDS_FILE + ".partial")
        self.graph.save(str(graph_tmp))
        self.records.to_parquet(records_tmp, index=False)
        graph_tmp.replace(self.folder / self.GRAPH_FILE)
        records_tmp.replace(self.folder / self.RECORDS_FILE)


class UsearchVectorStore(dg.ConfigurableResource):
    """The embedded default: a usearch HNSW index persisted in a local folder."""

    path: str = Field(description="Folder holding the graph and its records table.")
    dimension: int = 384
    # Mirrors the production OpenSearch mapping (faiss HNSW m=16, ef_construction=200).
    connectivity: int = 16
    expansion_add: int = 200
    expansion_search: int = 128
    exact_filter_below: int = Field(
        default=50_000, description="Filtered queries over fewer records than this run exactly."
    )

    def open(self) -> UsearchIndex:
        return UsearchIndex(
            Path(self.path), self.dimension, self.connectivity, self.expansion_add,
            self.expansion_search, self.exact_filter_below,
        )
