"""Choose one draft per listing and locale to publish; keep every publication's history.

The prompt-score allocation picks the persona; only drafts that passed every gate are eligible.
A person's decision in `approvals/<locale>/<listing_id>.json` overrides both: approve a held
draft, publish an edited text, or reject. Each publication is appended to
`history/<locale>/<listing_id>.jsonl`, so any earlier text can be restored with `revert`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ValidationError

from handmade_assets.engagement.allocation import cell_probabilities, choose_persona
from handmade_assets.drafts import DraftContent
from handmade_assets.services.object_store import ObjectStore

APPROVALS_PREFIX = "approvals"
HISTORY_PREFIX = "history"
PUBLISHED_PREFIX = "published"
PUBLISHED_COLUMNS = [
    "listing_id", "category", "locale", "persona", "prompt_version", "model_id", "title",
    "description", "meta_title", "meta_description", "content_json", "content_hash",
    "allocation_source", "published_at",
]
HELD_COLUMNS = ["listing_id", "category", "locale", "reasons", "candidates"]


class Approval(BaseModel):
    """A reviewer's decision on one listing and locale."""

    action: Literal["approve", "edit", "reject"]
    reviewer: str
    persona: str | None = None  # approve: which held draft to publish
    content: DraftContent | None = None  # edit: the text to publish instead
    note: str = ""


def approval_key(listing_id: str, locale: str) -> str:
    return f"{APPROVALS_PREFIX}/{locale}/{listing_id}.json"


def load_approvals(store: ObjectStore, cells: list[tuple[str, str]]) -> dict[tuple[str, str], Approval | str]:
    """Approvals for the given cells; an unreadable approval is returned as its error text."""
    approvals: dict[tuple[str, str], Approval | str] = {}
    for listing_id, locale in cells:
        key = approval_key(listing_id, locale)
        if store.exists(key):
            try:
                approvals[(listing_id, locale)] = Approval.model_validate_json(store.get_bytes(key))
            except ValidationError as error:
                approvals[(listing_id, locale)] = f"approval file {key} is invalid: {error.errors(include_url=False)[0]['msg']}"
    return approvals


def _published_row(row: Mapping, source: str) -> dict:
    return {**{c: row[c] for c in PUBLISHED_COLUMNS if c in row}, "allocation_source": source}


def select_published(
    drafts: pd.DataFrame,
    allocation: dict[tuple[str, str], dict[str, float]] | None,
    allocation_source: str,
    approvals: Mapping[tuple[str, str], Approval | str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (published, held): held cells need a person, with the reasons."""
    approvals = approvals or {}
    published, held = [], []
    passed = (drafts["status"] == "ok") & (drafts["gate_failures"].fillna("") == "")
    for (listing_id, locale), cell in drafts.groupby(["listing_id", "locale"], sort=True):
        category = cell["category"].iloc[0]
        decision = approvals.get((listing_id, locale))
        reasons = sorted({r for r in cell["gate_failures"].dropna() if r} | set(cell["error"].dropna()))
        hold = {"listing_id": listing_id, "category": category, "locale": locale,
                "candidates": sorted(cell.loc[cell["status"] == "ok", "persona"])}
        if isinstance(decision, str):
            held.append({**hold, "reasons": [decision]})
            continue
        if decision is not None and decision.action == "reject":
            held.append({**hold, "reasons": [f"rejected by {decision.reviewer}: {decision.note}"]})
            continue
        if decision is not None and decision.action == "edit" and decision.content is not None:
            content = decision.content
            published.append({
                "listing_id": listing_id, "category": category, "locale": locale,
                "persona": decision.persona or "human_edit", "prompt_version": "human",
                "model_id": f"human:{decision.reviewer}", "title": content.title,
                "description": content.description, "meta_title": content.meta_title,
                "meta_description": content.meta_description,
                "content_json": content.model_dump_json(),
                "content_hash": f"edit:{hash_text(content.model_dump_json())}",
                "allocation_source": f"edited by {decision.reviewer}",
            })
            continue
        if decision is not None and decision.action == "approve":
            chosen = cell[(cell["status"] == "ok") & (cell["persona"] == decision.persona)]
            if chosen.empty:
                held.append({**hold, "reasons": [f"approved persona {decision.persona!r} has no draft"]})
            else:
                published.append(_published_row(chosen.iloc[0].to_dict(), f"approved by {decision.reviewer}"))
            continue
        options = cell[passed.loc[cell.index]]
        if options.empty:
            held.append({**hold, "reasons": reasons or ["no draft passed the quality gates"]})
            continue
        chosen_persona = choose_persona(listing_id, category, locale, allocation)
        if chosen_persona not in set(options["persona"]):
            # The allocated persona's draft failed a gate: fall back to the next most likely.
            probabilities = cell_probabilities(allocation, category, locale)
            chosen_persona = max(options["persona"], key=lambda p: probabilities.get(p, 0.0))
        row = options[options["persona"] == chosen_persona].iloc[0].to_dict()
        published.append(_published_row(row, allocation_source))
    return (pd.DataFrame(published, columns=PUBLISHED_COLUMNS),
            pd.DataFrame(held, columns=HELD_COLUMNS))


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def history_key(listing_id: str, locale: str) -> str:
    return f"{HISTORY_PREFIX}/{locale}/{listing_id}.jsonl"


def read_history(store: ObjectStore, listing_id: str, locale: str) -> list[dict]:
    key = history_key(listing_id, locale)
    if not store.exists(key):
        return []
    return [json.loads(line) for line in store.get_bytes(key).decode().splitlines() if line]


def publish(store: ObjectStore, published: pd.DataFrame, batch_id: str,
            now: datetime | None = None) -> pd.DataFrame:
    """Write each published text and append to its history, unless it is already live.

    Re-materializing a batch therefore leaves the published state and its timestamps unchanged.
    """
    now = now or datetime.now(timezone.utc)
    published = published.copy()
    stamps = []
    for row in published.itertuples(index=False):
        history = read_history(store, row.listing_id, row.locale)
        if history and history[-1]["content_hash"] == row.content_hash:
            stamps.append(history[-1]["published_at"])
            continue
        stamp = now.isoformat()
        entry = {"published_at": stamp, "content_hash": row.content_hash, "persona": row.persona,
                 "source": row.allocation_source, "batch_id": batch_id,
                 "content": json.loads(row.content_json)}
        write_live(store, row.listing_id, row.locale, entry)
        lines = [json.dumps(e, ensure_ascii=False) for e in [*history, entry]]
        store.put_bytes(history_key(row.listing_id, row.locale), "\n".join(lines).encode())
        stamps.append(stamp)
    published["published_at"] = stamps
    return published


def write_live(store: ObjectStore, listing_id: str, locale: str, entry: dict) -> None:
    document = {**entry["content"], "persona": entry["persona"], "content_hash": entry["content_hash"],
                "published_at": entry["published_at"], "source": entry["source"]}
    store.put_bytes(f"{PUBLISHED_PREFIX}/{locale}/{listing_id}.json",
                    json.dumps(document, ensure_ascii=False, indent=1).encode(), "application/json")


def revert(store: ObjectStore, listing_id: str, locale: str, content_hash: str,
           reviewer: str, now: datetime | None = None) -> dict:
    """Publish an earlier text from the history again, recording who reverted it."""
    history = read_history(store, listing_id, locale)
    earlier = [e for e in history if e["content_hash"] == content_hash]
    if not earlier:
        raise KeyError(f"{listing_id}/{locale}: no published text with hash {content_hash[:12]}")
    entry = {**earlier[-1], "published_at": (now or datetime.now(timezone.utc)).isoformat(),
             "source": f"reverted by {reviewer}"}
    write_live(store, listing_id, locale, entry)
    lines = [json.dumps(e, ensure_ascii=False) for e in [*history, entry]]
    store.put_bytes(history_key(listing_id, locale), "\n".join(lines).encode())
    return entry
