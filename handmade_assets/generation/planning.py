"""Which drafts a batch needs: the persona publishing will choose for each listing and locale,
and a second one only where the first fails its gates.

Publishing draws one persona per (listing, locale) from the prompt-score allocation
(`allocation.choose_persona`, a hash of the listing and locale, so the draw is the same
whenever it is made). Drafting all six personas in every locale and publishing one wrote 24
drafts per listing to use 4. Drafting the drawn persona costs a sixth of that and loses nothing
the loop needs: exploration is in the draw itself (every persona keeps the allocation's floor),
and a cell whose drawn draft fails its gates after the retry gets the next most likely persona.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from handmade_assets.engagement.allocation import Allocation, cell_probabilities, choose_pair, choose_persona

Cell = tuple[str, str]  # (listing_id, locale)
Plan = dict[Cell, list[str]]


def every_persona_plan(listings: Iterable[str], locales: Sequence[str], personas: Sequence[str]) -> Plan:
    """Every persona in every locale: for comparing personas offline, not for the loop."""
    return {(listing_id, locale): list(personas) for listing_id in listings for locale in locales}


def allocation_plan(
    categories: Mapping[str, str], locales: Sequence[str], allocation: Allocation | None,
    *, variant_pairs: bool = False,
) -> Plan:
    """The persona publishing will draw for each listing (id -> category) and locale; with
    `variant_pairs`, the two it will publish side by side (`allocation.choose_pair`)."""
    def personas(listing_id: str, category: str, locale: str) -> list[str]:
        if variant_pairs:
            return list(choose_pair(listing_id, category, locale, allocation))
        return [choose_persona(listing_id, category, locale, allocation)]

    return {
        (listing_id, locale): personas(listing_id, category, locale)
        for listing_id, category in categories.items()
        for locale in locales
    }


def fallback_plan(
    drafts: pd.DataFrame, failures: Mapping[int, list[str]], allocation: Allocation | None,
    personas: Sequence[str],
) -> Plan:
    """For each listing and locale where no draft passed (generation failed, or every draft
    failed a gate after its retry): the most likely persona not drafted yet, as publishing
    would fall back. A draft the generator held for a person stays with the person."""
    passed = [
        index for index in drafts.index
        if drafts.at[index, "status"] == "ok" and not failures.get(index)
    ]
    done = set(zip(drafts.loc[passed, "listing_id"], drafts.loc[passed, "locale"]))
    held = set(zip(*(drafts.loc[drafts["status"] == "held", c] for c in ("listing_id", "locale"))))
    cells = set(zip(drafts["listing_id"], drafts["locale"])) - done - held
    return next_persona_plan(drafts, cells, allocation, personas)


def next_persona_plan(
    drafts: pd.DataFrame, cells: Iterable[Cell], allocation: Allocation | None, personas: Sequence[str],
) -> Plan:
    """For each of `cells`: the most likely persona not drafted yet (none where all were)."""
    plan: Plan = {}
    wanted = set(cells)
    for (listing_id, locale), cell in drafts.groupby(["listing_id", "locale"], sort=True):
        if (listing_id, locale) not in wanted:
            continue
        probabilities = cell_probabilities(allocation, cell["category"].iloc[0], locale)
        untried = [p for p in personas if p not in set(cell["persona"])]
        if untried:
            plan[(listing_id, locale)] = [max(untried, key=lambda p: probabilities.get(p, 0.0))]
    return plan
