"""Which persona a new listing's description should be written in.

`thompson_allocation` turns scored engagement into per-cell persona probabilities (Thompson
sampling with a floor, so losing personas keep being measured); `choose_persona` draws from them
deterministically per listing, so re-running a partition assigns the same personas.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from handmade_assets.taxonomy import PERSONA_KEYS, PROMPT_VERSION

ALL = "all"
# Where prompt_scores leaves the latest allocation for publishing to read.
ALLOCATION_KEY = "scores/allocation_latest.json"

Cell = tuple[str, str]
Allocation = Mapping[Cell, Mapping[str, float]]

# Which counts are the successes of each objective; the trials are always impressions.
OBJECTIVE_SUCCESSES = {"conversion": "purchases", "ctr": "clicks"}


def fallback_cells(category: str, locale: str) -> tuple[Cell, ...]:
    """The cells consulted for a listing, most specific first."""
    return ((category, locale), (category, ALL), (ALL, locale), (ALL, ALL))


def uniform_probabilities() -> dict[str, float]:
    return {key: 1.0 / len(PERSONA_KEYS) for key in PERSONA_KEYS}


def cell_probabilities(
    allocation: Allocation | None, category: str, locale: str
) -> Mapping[str, float]:
    """The persona probabilities that apply to a cell, falling back to broader cells."""
    for cell in fallback_cells(category, locale):
        if allocation and cell in allocation:
            return allocation[cell]
    return uniform_probabilities()


def thompson_allocation(
    scores: pd.DataFrame,
    *,
    floor: float = 0.05,
    draws: int = 4000,
    seed: int = 0,
    pinned: dict[Cell, str] | None = None,
    objective: str = "conversion",
    prompt_version: str = PROMPT_VERSION,
) -> dict[Cell, dict[str, float]]:
    """Persona probabilities for new listings in every (category, locale) cell of `scores`.

    Only `prompt_version` rows count as evidence: after a prompt change every cell starts
    uniform again, because the old writing no longer says how the new writing sells.
    """
    if floor * len(PERSONA_KEYS) > 1:
        raise ValueError(
            f"floor {floor} leaves nothing to allocate over {len(PERSONA_KEYS)} personas"
        )
    successes_column = OBJECTIVE_SUCCESSES[objective]
    pinned = pinned or {}
    current = scores[scores["prompt_version"] == prompt_version]
    cells = sorted(
        {(str(c), str(loc)) for c, loc in scores[["category", "locale"]].itertuples(index=False)}
        | set(pinned)
    )
    allocation: dict[Cell, dict[str, float]] = {}
    for index, cell in enumerate(cells):
        if cell in pinned:
            allocation[cell] = {key: float(key == pinned[cell]) for key in _personas(pinned[cell])}
            continue
        rows = current[(current["category"] == cell[0]) & (current["locale"] == cell[1])]
        per_persona = rows.groupby("persona", observed=True)[
            ["impressions", successes_column]
        ].sum()
        shares = _thompson_shares(
            per_persona[successes_column].to_numpy(),
            per_persona["impressions"].to_numpy(),
            draws=draws,
            rng=np.random.default_rng([seed, index]),
        )
        share_by_persona = dict(zip(per_persona.index.astype(str), shares, strict=True))
        personas = _personas(*share_by_persona)
        if not share_by_persona:
            share_by_persona = {key: 1.0 / len(personas) for key in personas}
        explore = floor * len(personas)
        allocation[cell] = {
            key: floor + (1 - explore) * share_by_persona.get(key, 0.0) for key in personas
        }
    return allocation


def choose_persona(
    listing_id: str,
    category: str,
    locale: str,
    allocation: Allocation | None,
    *,
    pinned: Mapping[Cell, str] | None = None,
) -> str:
    """The persona for one listing in one locale, the same on every run.

    The hash includes the locale so a listing's locales are assigned independently; a pin on a
    cell (or on a broader cell it falls back to) overrides the allocation.
    """
    for cell in fallback_cells(category, locale):
        if pinned and cell in pinned:
            return pinned[cell]
    probabilities = cell_probabilities(allocation, category, locale)
    personas = _personas(*probabilities)
    weights = np.array([probabilities.get(key, 0.0) for key in personas], dtype=float)
    cumulative = np.cumsum(weights / weights.sum())
    index = int(np.searchsorted(cumulative, _unit_hash(f"{listing_id}|{locale}"), side="right"))
    return personas[min(index, len(personas) - 1)]


def choose_pair(
    listing_id: str, category: str, locale: str, allocation: Allocation | None
) -> tuple[str, str]:
    """Two personas for a listing whose storefront splits its traffic between two published
    variants: `choose_persona`'s, then a second drawn from the allocation without the first
    (its own hash), so a within-listing experiment still follows the allocation."""
    first = choose_persona(listing_id, category, locale, allocation)
    probabilities = cell_probabilities(allocation, category, locale)
    others = [key for key in _personas(*probabilities) if key != first]
    weights = np.array([probabilities.get(key, 0.0) for key in others], dtype=float)
    if weights.sum() <= 0:
        weights = np.ones(len(others))
    cumulative = np.cumsum(weights / weights.sum())
    index = int(np.searchsorted(cumulative, _unit_hash(f"{listing_id}|{locale}|second"), side="right"))
    return first, others[min(index, len(others) - 1)]


def _personas(*extra: str) -> list[str]:
    """Every known persona in taxonomy order, then any unknown ones from data, sorted."""
    return list(PERSONA_KEYS) + sorted(set(extra) - set(PERSONA_KEYS))


def _thompson_shares(
    successes: np.ndarray, trials: np.ndarray, *, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """Fraction of Beta(1, 1)-posterior draws in which each arm has the highest rate."""
    if len(trials) == 0:
        return np.zeros(0)
    samples = rng.beta(1 + successes, 1 + trials - successes, size=(draws, len(trials)))
    return np.bincount(samples.argmax(axis=1), minlength=len(trials)) / draws


def _unit_hash(text: str) -> float:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def encode_allocation(allocation: dict[tuple[str, str], dict[str, float]], as_of: str) -> bytes:
    cells = {f"{category}|{locale}": probs for (category, locale), probs in allocation.items()}
    return json.dumps({"as_of": as_of, "cells": cells}, indent=1, sort_keys=True).encode()


def decode_allocation(data: bytes) -> tuple[dict[tuple[str, str], dict[str, float]], str]:
    document = json.loads(data)
    cells = {tuple(key.split("|", 1)): probs for key, probs in document["cells"].items()}
    return cells, document["as_of"]
