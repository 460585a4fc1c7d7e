"""Choose one draft per listing and locale to publish, following the prompt-score allocation."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd

from handmade_assets.engagement.allocation import cell_probabilities, choose_persona

ALLOCATION_KEY = "scores/allocation_latest.json"
PUBLISHED_COLUMNS = [
    "listing_id", "category", "locale", "persona", "prompt_version", "model_id", "title",
    "description", "meta_title", "meta_description", "content_json", "content_hash",
    "allocation_source", "published_at",
]


def encode_allocation(allocation: dict[tuple[str, str], dict[str, float]], as_of: str) -> bytes:
    cells = {f"{category}|{locale}": probs for (category, locale), probs in allocation.items()}
    return json.dumps({"as_of": as_of, "cells": cells}, indent=1, sort_keys=True).encode()


def decode_allocation(data: bytes) -> tuple[dict[tuple[str, str], dict[str, float]], str]:
    document = json.loads(data)
    cells = {tuple(key.split("|", 1)): probs for key, probs in document["cells"].items()}
    return cells, document["as_of"]


def select_published(
    drafts: pd.DataFrame,
    failures: dict[int, list[str]],
    allocation: dict[tuple[str, str], dict[str, float]] | None,
    allocation_source: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (published, held): held lists listing × locale cells with no publishable draft."""
    now = datetime.now(timezone.utc).isoformat()
    eligible = drafts[(drafts["status"] == "ok") & ~drafts.index.isin(
        [i for i, reasons in failures.items() if reasons])]
    published, held = [], []
    for (listing_id, locale), cell in drafts.groupby(["listing_id", "locale"], sort=True):
        category = cell["category"].iloc[0]
        options = eligible[(eligible["listing_id"] == listing_id) & (eligible["locale"] == locale)]
        if options.empty:
            reasons = sorted({r for i in cell.index for r in failures.get(i, [])} |
                             set(cell["error"].dropna()))
            held.append({"listing_id": listing_id, "locale": locale, "reasons": reasons})
            continue
        chosen = choose_persona(listing_id, category, locale, allocation)
        if chosen not in set(options["persona"]):
            # The allocated persona's draft failed a gate: fall back to the next most likely.
            probabilities = cell_probabilities(allocation, category, locale)
            chosen = max(options["persona"], key=lambda p: probabilities.get(p, 0.0))
        row = options[options["persona"] == chosen].iloc[0]
        published.append({**{c: row[c] for c in PUBLISHED_COLUMNS if c in row.index},
                          "allocation_source": allocation_source, "published_at": now})
    return (pd.DataFrame(published, columns=PUBLISHED_COLUMNS),
            pd.DataFrame(held, columns=["listing_id", "locale", "reasons"]))
