"""Which documents an index refresh must embed: only the new and the changed.

The index holds a million historical descriptions; the local model embeds ~20 of them a second,
so re-embedding everything every night would take half a day. A manifest of what the index holds
(document id, a hash of the record, the model that embedded it) is written after each successful
save; the next refresh embeds only records whose hash or model differ, and deletes documents
that left the corpus. The plan is checked against the ids the index really holds, so an index
rebuilt or lost by hand is refilled rather than trusted.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handmade_assets.services.object_store import ObjectStore
from handmade_assets.services.vector_store import RECORD_COLUMNS

MANIFEST_KEY = "index/manifest.parquet"
MANIFEST_COLUMNS = ["doc_id", "content_hash", "model_id"]


def record_hashes(records: pd.DataFrame) -> pd.Series:
    """A stable hash of each record's stored fields (text and filter columns)."""
    joined = records[RECORD_COLUMNS[0]].astype(str)
    for column in RECORD_COLUMNS[1:]:  # column by column: a row-wise join is 10x slower at 1M
        joined = joined + "\x1f" + records[column].astype(str)
    return joined.map(lambda s: hashlib.blake2b(s.encode(), digest_size=16).hexdigest())


@dataclass(frozen=True)
class RefreshPlan:
    to_embed: pd.DataFrame  # new or changed records, to embed and upsert
    removed: list[str]  # document ids no longer in the corpus, to delete
    unchanged: int
    manifest: pd.DataFrame  # what the index will hold once the plan is applied


def plan_refresh(records: pd.DataFrame, manifest: pd.DataFrame | None, model_id: str,
                 indexed: set[str]) -> RefreshPlan:
    """What to embed and delete so the index holds exactly `records`, embedded by `model_id`.

    `indexed` is what the index really holds: a document the manifest lists but the index lost
    is embedded again, and one the index holds but the corpus no longer has is deleted."""
    records = records.drop_duplicates("doc_id", keep="last").reset_index(drop=True)
    hashes = record_hashes(records) if len(records) else pd.Series([], dtype=str)
    wanted = pd.DataFrame({"doc_id": records["doc_id"].to_numpy(), "content_hash": hashes.to_numpy(),
                           "model_id": model_id}, columns=MANIFEST_COLUMNS)
    held = pd.DataFrame(columns=MANIFEST_COLUMNS) if manifest is None else manifest
    # A set lookup per id: Series.isin(set) converts the set first and is ~4x slower at 1M.
    in_index = np.fromiter((d in indexed for d in held["doc_id"]), dtype=bool, count=len(held))
    held = held[(held["model_id"] == model_id).to_numpy() & in_index]
    known = dict(zip(held["doc_id"], held["content_hash"]))
    same = wanted["content_hash"].to_numpy() == wanted["doc_id"].map(known).to_numpy()
    return RefreshPlan(to_embed=records.loc[~same].reset_index(drop=True),
                       removed=sorted(indexed - set(wanted["doc_id"])),
                       unchanged=int(same.sum()), manifest=wanted)


def read_manifest(store: ObjectStore) -> pd.DataFrame | None:
    if not store.exists(MANIFEST_KEY):
        return None
    return pd.read_parquet(io.BytesIO(store.get_bytes(MANIFEST_KEY)))


def write_manifest(store: ObjectStore, manifest: pd.DataFrame) -> None:
    buffer = io.BytesIO()
    manifest[MANIFEST_COLUMNS].to_parquet(buffer, index=False)
    store.put_bytes(MANIFEST_KEY, buffer.getvalue())
