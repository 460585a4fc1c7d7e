"""The assignment log: which persona publishing drew for each listing and locale, and with what
weights, so the sample-ratio check can compare what was assigned with what the allocation meant.

Publishing writes one JSON-lines object per upload batch and UTC day,
`assignments/dt=YYYY-MM-DD/<batch_id>.jsonl`, in the store it publishes to. A row is a draw:
the persona `choose_persona` returned, the probabilities it drew from, and what became of it
(`outcome`: published, fallback when the drawn persona's draft failed a gate and another was
published, held when nothing could be, reviewer when a person's decision replaced it). The draw is
what follows the weights, so it is what `scoring.assignment_counts` counts; fallbacks are counted
beside it. A batch published again on a later day draws again, and the newest draw of each
listing, locale and prompt version is the one that stands.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from handmade_assets.services.object_store import ObjectStore

ASSIGNMENTS_PREFIX = "assignments"
LOG_COLUMNS = [
    "listing_id", "category", "locale", "persona", "weights", "prompt_version", "outcome",
    "published_persona", "allocation_source", "batch_id", "assigned_at",
]
DRAW = ["listing_id", "locale", "prompt_version"]


def assignment_log_key(day: date, batch_id: str) -> str:
    return f"{ASSIGNMENTS_PREFIX}/dt={day.isoformat()}/{batch_id}.jsonl"


def write_assignment_log(store: ObjectStore, draws: pd.DataFrame, batch_id: str, now: datetime) -> str:
    """Store a batch's draws (LOG_COLUMNS; `weights` a mapping persona -> probability) under
    the day of `now`, replacing what the same batch wrote earlier that day."""
    key = assignment_log_key(now.date(), batch_id)
    rows = draws.assign(batch_id=batch_id, assigned_at=now.isoformat())[LOG_COLUMNS]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows.to_dict(orient="records")]
    store.put_bytes(key, "\n".join(lines).encode(), "application/x-ndjson")
    return key


def read_assignment_log(store: ObjectStore) -> pd.DataFrame:
    """Every standing draw: the newest per listing, locale and prompt version (LOG_COLUMNS)."""
    rows = [
        json.loads(line)
        for info in store.list_objects(f"{ASSIGNMENTS_PREFIX}/")
        if info.key.endswith(".jsonl")
        for line in store.get_bytes(info.key).decode().splitlines()
        if line
    ]
    log = pd.DataFrame(rows, columns=LOG_COLUMNS)
    if log.empty:
        return log
    # ISO timestamps in UTC sort as text; the stable sort keeps a day's file order on ties.
    log = log.sort_values("assigned_at", kind="stable")
    return log.drop_duplicates(DRAW, keep="last").reset_index(drop=True)
