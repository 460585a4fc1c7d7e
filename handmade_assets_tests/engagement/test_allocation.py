from collections import Counter

import pandas as pd
import pytest

from handmade_assets.engagement.allocation import choose_persona, thompson_allocation
from handmade_assets.taxonomy import PERSONA_KEYS, PROMPT_VERSION


def _scores(
    cells: dict[tuple[str, str], dict[str, tuple[int, int]]], version: str = PROMPT_VERSION
) -> pd.DataFrame:
    """Score rows from {(category, locale): {persona: (impressions, purchases)}}."""
    return pd.DataFrame(
        [
            {
                "category": category,
                "locale": locale,
                "persona": persona,
                "prompt_version": version,
                "impressions": impressions,
                "clicks": impressions // 30,
                "purchases": purchases,
            }
            for (category, locale), personas in cells.items()
            for persona, (impressions, purchases) in personas.items()
        ]
    )


EVEN = {persona: (100_000, 60) for persona in PERSONA_KEYS}
MAKER_AHEAD = {**EVEN, "maker_advocate": (100_000, 150)}


def test_every_cell_gets_probabilities_that_sum_to_one_and_respect_the_floor():
    scores = _scores(
        {("all", "all"): MAKER_AHEAD, ("candles", "all"): EVEN, ("candles", "de"): EVEN}
    )
    allocation = thompson_allocation(scores, floor=0.05)
    assert set(allocation) == {("all", "all"), ("candles", "all"), ("candles", "de")}
    for probabilities in allocation.values():
        assert set(probabilities) == set(PERSONA_KEYS)
        assert sum(probabilities.values()) == pytest.approx(1.0)
        assert min(probabilities.values()) >= 0.05 - 1e-12


def test_clear_evidence_takes_everything_above_the_floor():
    allocation = thompson_allocation(_scores({("all", "all"): MAKER_AHEAD}), floor=0.05)
    overall = allocation[("all", "all")]
    assert overall["maker_advocate"] == pytest.approx(1 - 5 * 0.05, abs=0.01)
    assert all(
        overall[p] == pytest.approx(0.05, abs=0.01) for p in PERSONA_KEYS if p != "maker_advocate"
    )


def test_a_tie_stays_near_uniform():
    allocation = thompson_allocation(_scores({("all", "all"): EVEN}), draws=20_000)
    assert all(p == pytest.approx(1 / 6, abs=0.03) for p in allocation[("all", "all")].values())


def test_pinned_cells_get_their_persona_only():
    scores = _scores({("all", "all"): MAKER_AHEAD, ("leather", "en"): MAKER_AHEAD})
    pinned = {("leather", "en"): "functionality_reviewer", ("paper", "all"): "visual_poet"}
    allocation = thompson_allocation(scores, pinned=pinned)
    assert allocation[("leather", "en")]["functionality_reviewer"] == 1.0
    assert sum(allocation[("leather", "en")].values()) == 1.0
    assert allocation[("paper", "all")]["visual_poet"] == 1.0
    assert (
        choose_persona("x-1", "leather", "en", allocation, pinned=pinned)
        == "functionality_reviewer"
    )
    assert choose_persona("x-1", "paper", "fr", allocation, pinned=pinned) == "visual_poet"


def test_a_new_prompt_version_starts_uniform():
    allocation = thompson_allocation(_scores({("all", "all"): MAKER_AHEAD}, version="v0"))
    assert all(p == pytest.approx(1 / 6) for p in allocation[("all", "all")].values())


def test_floor_too_high_for_the_personas_is_refused():
    with pytest.raises(ValueError):
        thompson_allocation(_scores({("all", "all"): EVEN}), floor=0.2)


def test_choose_persona_is_deterministic_and_follows_the_probabilities():
    allocation = {("all", "all"): {**dict.fromkeys(PERSONA_KEYS, 0.1), "maker_advocate": 0.5}}
    ids = [f"sim-{i:06d}" for i in range(6000)]
    chosen = [choose_persona(i, "glass", "en", allocation) for i in ids]
    assert chosen == [choose_persona(i, "glass", "en", allocation) for i in ids]
    shares = Counter(chosen)
    assert shares["maker_advocate"] / len(ids) == pytest.approx(0.5, abs=0.03)
    assert shares["visual_poet"] / len(ids) == pytest.approx(0.1, abs=0.02)


def test_choose_persona_falls_back_from_cell_to_category_to_locale_to_overall():
    allocation = {
        ("glass", "en"): {"visual_poet": 1.0},
        ("glass", "all"): {"heritage_historian": 1.0},
        ("all", "de"): {"material_enthusiast": 1.0},
        ("all", "all"): {"maker_advocate": 1.0},
    }
    assert choose_persona("l-1", "glass", "en", allocation) == "visual_poet"
    assert choose_persona("l-1", "glass", "de", allocation) == "heritage_historian"
    assert choose_persona("l-1", "paper", "de", allocation) == "material_enthusiast"
    assert choose_persona("l-1", "paper", "fr", allocation) == "maker_advocate"


@pytest.mark.parametrize("allocation", [None, {}])
def test_without_an_allocation_every_persona_is_used(allocation):
    chosen = {choose_persona(f"l-{i}", "glass", "en", allocation) for i in range(600)}
    assert chosen == set(PERSONA_KEYS)
