"""Choose one draft per listing and locale to publish; keep every publication's history.

The prompt-score allocation picks the persona; only drafts that passed every gate are eligible.
A person's decision in `approvals/<locale>/<listing_id>.json` overrides both: approve a held
draft, publish an edited text, or reject. Each publication is appended to
`history/<locale>/<listing_id>.jsonl`, so any earlier text can be restored with `revert`, and
each batch's draws (persona, weights, outcome) to the assignment log the sample-ratio check reads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ValidationError

from handmade_assets.engagement.allocation import (
    ALLOCATION_KEY,
    Allocation,
    cell_probabilities,
    choose_pair,
    choose_persona,
    decode_allocation,
)
from handmade_assets.engagement.assignment_log import LOG_COLUMNS, write_assignment_log
from handmade_assets.drafts import DraftContent
from handmade_assets.generation.originality import PublishedTexts
from handmade_assets.services.object_store import ObjectStore

APPROVALS_PREFIX = "approvals"
HISTORY_PREFIX = "history"
PUBLISHED_PREFIX = "published"
PUBLISHED_COLUMNS = [
    "listing_id", "category", "locale", "persona", "prompt_version", "model_id", "title",
    "description", "meta_title", "meta_description", "content_json", "content_hash",
    "allocation_source", "variant", "traffic_weight", "published_at",
]
HELD_COLUMNS = ["listing_id", "category", "locale", "reasons", "candidates"]
# How a held cell's reason says its draft repeats another listing's published text.
REPEATS = "'s published description"


def repeated_cells(held: pd.DataFrame) -> set[tuple[str, str]]:
    """Held cells whose every draft passed its gates but repeats another listing's published
    text: another persona's draft may not (drafting plans one for them)."""
    return {(row.listing_id, row.locale) for row in held.itertuples()
            if row.reasons and all(str(reason).endswith(REPEATS) for reason in row.reasons)}


class Approval(BaseModel):
    """A reviewer's decision on one listing and locale."""

    action: Literal["approve", "edit", "reject"]
    reviewer: str
    persona: str | None = None  # approve: which held draft to publish
    content: DraftContent | None = None  # edit: the text to publish instead
    note: str = ""


def read_allocation(store: ObjectStore) -> tuple[Allocation | None, str]:
    """The newest allocation prompt_scores left, and a line saying where it came from. Drafting
    plans with it and publishing draws with it, so both see the same one within a run."""
    if not store.exists(ALLOCATION_KEY):
        return None, "uniform (no prompt scores yet)"
    allocation, as_of = decode_allocation(store.get_bytes(ALLOCATION_KEY))
    return allocation, f"prompt_scores as of {as_of}"


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


def _published_row(row: Mapping, source: str, variant: str = "a", weight: float = 1.0) -> dict:
    return {**{c: row[c] for c in PUBLISHED_COLUMNS if c in row}, "allocation_source": source,
            "variant": variant, "traffic_weight": weight}


def select_published(
    drafts: pd.DataFrame,
    allocation: dict[tuple[str, str], dict[str, float]] | None,
    allocation_source: str,
    approvals: Mapping[tuple[str, str], Approval | str] | None = None,
    pair_weight: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (published, held): held cells need a person, with the reasons.

    With `pair_weight` (for a storefront that splits one listing's traffic between two texts
    and records the variant in each event), a cell whose two allocated personas
    (`allocation.choose_pair`) both passed publishes both: variant "a" with that share of the
    traffic, "b" with the rest. Otherwise one text, variant "a", all the traffic.
    """
    approvals = approvals or {}
    published, held = [], []
    # Per locale, what this batch has published so far (a person's decision counts too).
    published_texts: defaultdict[str, PublishedTexts] = defaultdict(PublishedTexts)
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
                "variant": "a", "traffic_weight": 1.0,
            })
            published_texts[locale].add(listing_id, content.description)
            continue
        if decision is not None and decision.action == "approve":
            chosen = cell[(cell["status"] == "ok") & (cell["persona"] == decision.persona)]
            if chosen.empty:
                held.append({**hold, "reasons": [f"approved persona {decision.persona!r} has no draft"]})
            else:
                published.append(_published_row(chosen.iloc[0].to_dict(), f"approved by {decision.reviewer}"))
                published_texts[locale].add(listing_id, chosen.iloc[0]["description"])
            continue
        options = cell[passed.loc[cell.index]]
        if options.empty:
            held.append({**hold, "reasons": reasons or ["no draft passed the quality gates"]})
            continue
        if pair_weight is not None:
            first, second = choose_pair(listing_id, category, locale, allocation)
            if {first, second} <= set(options["persona"]):
                for variant, persona, weight in (("a", first, pair_weight), ("b", second, 1 - pair_weight)):
                    row = options[options["persona"] == persona].iloc[0].to_dict()
                    published.append(_published_row(row, allocation_source, variant, weight))
                    published_texts[locale].add(listing_id, row["description"])
                continue
        # The allocated persona's draft, unless it failed a gate or repeats a text this batch
        # already published for another listing: then the next most likely persona's.
        drawn = choose_persona(listing_id, category, locale, allocation)
        probabilities = cell_probabilities(allocation, category, locale)
        order = sorted(options["persona"], key=lambda p: (p != drawn, -probabilities.get(p, 0.0), p))
        texts = published_texts[locale]
        repeats = []
        for persona in order:
            row = options[options["persona"] == persona].iloc[0].to_dict()
            if (repeat := texts.repeated(listing_id, row["description"])) is None:
                published.append(_published_row(row, allocation_source))
                texts.add(listing_id, row["description"])
                break
            repeats.append(f"{persona}'s draft repeats {repeat[1]:.0%} of listing {repeat[0]}{REPEATS}")
        else:
            held.append({**hold, "reasons": repeats})
    return (pd.DataFrame(published, columns=PUBLISHED_COLUMNS),
            pd.DataFrame(held, columns=HELD_COLUMNS))


def assignment_draws(
    drafts: pd.DataFrame,
    allocation: Allocation | None,
    allocation_source: str,
    published: pd.DataFrame,
    approvals: Mapping[tuple[str, str], Approval | str] | None = None,
) -> pd.DataFrame:
    """The draw behind each listing and locale of a batch, for the assignment log
    (engagement/assignment_log.py): the persona `choose_persona` drew, the probabilities it
    drew from, and what became of it: "published", "fallback" (the drawn persona's draft
    failed a gate and the next most likely was published), "held" (nothing could be) or
    "reviewer" (a person's decision, or an unreadable one, stood instead).

    Recorded for every cell, held ones too: the draw is what follows the weights, so a persona
    whose drafts are held more often still shows its full share of draws, and its losses show
    as outcomes rather than as a skewed allocation.
    """
    approvals = approvals or {}
    live = published[published["variant"] == "a"].set_index(["listing_id", "locale"])["persona"]
    rows = []
    for (listing_id, locale), cell in drafts.groupby(["listing_id", "locale"], sort=True):
        category = cell["category"].iloc[0]
        drawn = choose_persona(listing_id, category, locale, allocation)
        shown = live.get((listing_id, locale))
        outcome = (
            "reviewer" if (listing_id, locale) in approvals
            else "held" if shown is None
            else "published" if shown == drawn
            else "fallback"
        )
        rows.append({
            "listing_id": listing_id, "category": category, "locale": locale, "persona": drawn,
            "weights": {k: float(v) for k, v in cell_probabilities(allocation, category, locale).items()},
            "prompt_version": str(cell["prompt_version"].iloc[0]), "outcome": outcome,
            "published_persona": shown, "allocation_source": allocation_source,
        })
    return pd.DataFrame(rows, columns=[c for c in LOG_COLUMNS if c not in ("batch_id", "assigned_at")])


def record_assignments(
    store: ObjectStore, draws: pd.DataFrame, batch_id: str, now: datetime | None = None
) -> str:
    """Append a batch's draws to the assignment log beside the published texts; its key."""
    return write_assignment_log(store, draws, batch_id, now or datetime.now(timezone.utc))


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def history_key(listing_id: str, locale: str, variant: str = "a") -> str:
    suffix = "" if variant == "a" else f".{variant}"
    return f"{HISTORY_PREFIX}/{locale}/{listing_id}{suffix}.jsonl"


def read_history(store: ObjectStore, listing_id: str, locale: str, variant: str = "a") -> list[dict]:
    key = history_key(listing_id, locale, variant)
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
    if "variant" not in published:
        published["variant"], published["traffic_weight"] = "a", 1.0
    # Variant "a"'s document lists the split, so a storefront reads one file to know whether
    # (and how) to divide the listing's traffic; a single text carries no split.
    splits = {
        (listing_id, locale): [
            {"variant": r.variant, "persona": r.persona, "content_hash": r.content_hash,
             "traffic_weight": float(r.traffic_weight), "document": live_key(listing_id, locale, r.variant)}
            for r in cell.itertuples(index=False)
        ]
        for (listing_id, locale), cell in published.groupby(["listing_id", "locale"], sort=False)
        if len(cell) > 1
    }
    stamps = []
    for row in published.itertuples(index=False):
        history = read_history(store, row.listing_id, row.locale, row.variant)
        split = splits.get((row.listing_id, row.locale)) if row.variant == "a" else None
        if history and history[-1]["content_hash"] == row.content_hash and history[-1].get("split") == split:
            stamps.append(history[-1]["published_at"])
            continue
        stamp = now.isoformat()
        entry = {"published_at": stamp, "content_hash": row.content_hash, "persona": row.persona,
                 "source": row.allocation_source, "batch_id": batch_id,
                 "content": json.loads(row.content_json)}
        if split:
            entry["split"] = split
        write_live(store, row.listing_id, row.locale, entry, row.variant)
        lines = [json.dumps(e, ensure_ascii=False) for e in [*history, entry]]
        store.put_bytes(history_key(row.listing_id, row.locale, row.variant), "\n".join(lines).encode())
        stamps.append(stamp)
    published["published_at"] = stamps
    return published


def live_key(listing_id: str, locale: str, variant: str = "a") -> str:
    """Variant "a" is the listing's one live text (the key every reader knows); "b" sits beside it."""
    suffix = "" if variant == "a" else f".{variant}"
    return f"{PUBLISHED_PREFIX}/{locale}/{listing_id}{suffix}.json"


def write_live(store: ObjectStore, listing_id: str, locale: str, entry: dict, variant: str = "a") -> None:
    document = {**entry["content"], "persona": entry["persona"], "content_hash": entry["content_hash"],
                "published_at": entry["published_at"], "source": entry["source"]}
    if entry.get("split"):
        document["split"] = entry["split"]
    store.put_bytes(live_key(listing_id, locale, variant),
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
