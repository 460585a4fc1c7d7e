"""Drafting what the loop needs: the allocation's persona per listing and locale, a fallback
where it fails, the completeness check against the plan, and list-price cost per listing."""

import pandas as pd
import pytest

from handmade_assets.engagement.allocation import choose_persona
from handmade_assets.generation import checks
from handmade_assets.generation.costs import cost_per_listing, list_price_usd, list_prices
from handmade_assets.generation.drafting import write_drafts
from handmade_assets.generation.planning import allocation_plan, every_persona_plan, fallback_plan
from handmade_assets.generation.publishing import select_published
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING
from handmade_assets_tests.generation.test_drafting import CountingGenerator

CATEGORIES = {listing_id: facts.category for listing_id, facts in FACTS_BY_LISTING.items()}
# One cell leans hard on one persona; the rest fall back to uniform.
SOME_CATEGORY = next(iter(CATEGORIES.values()))
ALLOCATION = {(SOME_CATEGORY, "en"): {**dict.fromkeys(PERSONA_KEYS, 0.05), PERSONA_KEYS[2]: 0.75}}


def test_the_plan_is_the_persona_publishing_will_draw():
    plan = allocation_plan(CATEGORIES, LOCALES, ALLOCATION)
    assert set(plan) == {(listing, locale) for listing in CATEGORIES for locale in LOCALES}
    for (listing, locale), personas in plan.items():
        assert personas == [choose_persona(listing, CATEGORIES[listing], locale, ALLOCATION)]
    drafts = write_drafts(FACTS_BY_LISTING, {}, CountingGenerator(), PERSONA_KEYS, LOCALES, plan=plan)
    assert len(drafts) == len(CATEGORIES) * len(LOCALES)  # 4 per listing, not 24
    drafts["gate_failures"] = ""
    published, held = select_published(drafts, ALLOCATION, "test")
    assert held.empty
    # Publishing draws the same persona it was drafted for: no fallback was needed anywhere.
    drawn = {(r.listing_id, r.locale): r.persona for r in published.itertuples()}
    assert drawn == {cell: personas[0] for cell, personas in plan.items()}


def test_a_cell_whose_draft_failed_gets_the_next_most_likely_persona():
    listing = next(l for l, c in CATEGORIES.items() if c == SOME_CATEGORY)
    plan = allocation_plan(CATEGORIES, ["en"], ALLOCATION)
    drafts = write_drafts(FACTS_BY_LISTING, {}, CountingGenerator(), PERSONA_KEYS, ["en"], plan=plan)
    failed = drafts.index[drafts["listing_id"] == listing][0]
    failures = {i: (["a risky claim"] if i == failed else []) for i in drafts.index}
    fallbacks = fallback_plan(drafts, failures, ALLOCATION, PERSONA_KEYS)
    first = drafts.at[failed, "persona"]
    expected = PERSONA_KEYS[2] if first != PERSONA_KEYS[2] else PERSONA_KEYS[0]
    assert fallbacks == {(listing, "en"): [expected]}
    # A cell the generator held for a person is not drafted again.
    drafts.loc[failed, "status"] = "held"
    assert fallback_plan(drafts, failures, ALLOCATION, PERSONA_KEYS) == {}


def test_completeness_is_checked_against_the_plan():
    plan = allocation_plan(CATEGORIES, LOCALES, None)
    drafts = write_drafts(FACTS_BY_LISTING, {}, CountingGenerator(), PERSONA_KEYS, LOCALES, plan=plan)
    assert checks.drafts_complete(drafts, plan).passed
    everything = every_persona_plan(CATEGORIES, LOCALES, PERSONA_KEYS)
    result = checks.drafts_complete(drafts, everything)
    assert not result.passed
    assert result.metadata["missing"].value == len(everything) * (len(PERSONA_KEYS) - 1)


def test_list_prices_follow_the_model_id_and_its_profile():
    assert list_prices("global.anthropic.claude-sonnet-4-5-20250929-v1:0") == (3.0, 15.0)
    assert list_prices("us.anthropic.claude-sonnet-4-5-20250929-v1:0") == pytest.approx((3.3, 16.5))
    assert list_prices("anthropic.claude-sonnet-4-20250514-v1:0") == (3.0, 15.0)  # not 4-5
    assert list_prices("anthropic.claude-3-haiku-20240307-v1:0") == (0.25, 1.25)
    assert list_prices("local/composer-v1") is None
    assert list_price_usd("global.anthropic.claude-haiku-4-5-20251001-v1:0", 1e6, 1e6) == pytest.approx(6.0)


def test_cost_per_listing_counts_generated_drafts_only():
    drafts = pd.DataFrame({
        "listing_id": ["a", "a", "b", "b"],
        "reused": [False, True, False, False],
        "input_tokens": [1000, 1000, 2000, 0],
        "output_tokens": [300, 300, 500, 0],
    })
    cost = cost_per_listing(drafts, "global.anthropic.claude-sonnet-4-5-20250929-v1:0")
    assert cost["drafts_per_listing"] == 2 and cost["generated_per_listing"] == 1.5
    assert cost["list_price_usd_per_listing"] == pytest.approx((3000 * 3 + 800 * 15) / 1e6 / 2)
    assert cost_per_listing(drafts, "local/composer-v1")["list_price_usd_per_listing"] is None


def test_a_cell_whose_draft_repeats_another_listings_gets_the_next_persona_drafted():
    """Two listings of one text with a word swapped, one persona planned each: publishing would
    hold the second (its draft repeats the first's published text); the plan drafts it the next
    most likely persona, as description_drafts does, until one does not repeat or none is left."""
    from handmade_assets.generation.facts import extract_facts
    from handmade_assets.generation.planning import next_persona_plan
    from handmade_assets.generation.publishing import repeated_cells
    from handmade_assets.generation.quality import gate_report

    text = ("Hand-thrown stoneware mug with a speckled oatmeal glaze and a thumb rest on the handle; "
            "it holds a generous morning coffee and sits well in the hand.")
    facts = {f"m{i}": extract_facts(listing_id=f"m{i}", category="ceramics", title=f"Speckled mug {name}",
                                    seller_text=text.replace("oatmeal", name))
             for i, name in enumerate(["oatmeal", "sand"])}
    plan = allocation_plan({k: f.category for k, f in facts.items()}, ["en"], None)
    drafts = write_drafts(facts, {}, CountingGenerator(), PERSONA_KEYS, ["en"], plan=plan)
    drafts["gate_failures"] = ""
    _, held = select_published(drafts, None, "uniform")
    assert repeated_cells(held) == {("m1", "en")}
    drafted = 1
    while repeated_cells(held):
        more = next_persona_plan(drafts, repeated_cells(held), None, PERSONA_KEYS)
        if not more:
            break
        assert list(more) == [("m1", "en")] and more[("m1", "en")][0] not in set(
            drafts.loc[drafts["listing_id"] == "m1", "persona"])
        drafts = pd.concat([drafts, write_drafts(facts, {}, CountingGenerator(), PERSONA_KEYS, ["en"], plan=more)],
                           ignore_index=True)
        failures = gate_report(drafts, {})
        drafts["gate_failures"] = ["; ".join(failures.get(i, [])) for i in drafts.index]
        drafted += 1
        published, held = select_published(drafts, None, "uniform")
    # Either another persona's text stands apart and is published, or every persona was tried.
    assert drafted <= len(PERSONA_KEYS)
    assert "m1" in set(published["listing_id"]) or drafted == len(PERSONA_KEYS)
