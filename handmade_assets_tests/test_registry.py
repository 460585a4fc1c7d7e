"""Every registered locale, persona and category group is covered by every gate, the composer,
the prompts and the simulators.

Adding a locale, a persona or a category group is one entry in `taxonomy.py`
(`LOCALE_REGISTRY`, `PERSONAS`, `CATEGORY_REGISTRY`) plus its data; these tests name the piece of
data that is missing, and where it goes.
"""

import re

import pytest

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.composer import PHRASES
from handmade_assets.services.prompts import LOCALE_NAMES, system_prompt
from handmade_assets.generation.restrictions import CARE_ACTIONS, RESTRICTION_KINDS, restriction_pattern
from handmade_assets.generation.statements import BOILERPLATE_PATTERNS
from handmade_assets.taxonomy import (
    CATEGORIES,
    CATEGORY_REGISTRY,
    LOCALE_REGISTRY,
    PERSONA_KEYS,
    PERSONAS,
    Persona,
    category_group,
    check_locales,
)

LOCALES = [locale.code for locale in LOCALE_REGISTRY]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_composer_has_every_phrase_for_the_locale(locale):
    assert locale in PHRASES, f"add PHRASES[{locale!r}] in generation/composer.py"
    missing = set(PHRASES["en"]) - set(PHRASES[locale])
    assert not missing, f"generation/composer.py PHRASES[{locale!r}] lacks {sorted(missing)}"
    frames = PHRASES[locale]["frames"]
    assert set(frames) == set(PERSONA_KEYS), (
        f"generation/composer.py PHRASES[{locale!r}]['frames'] lacks "
        f"{sorted(set(PERSONA_KEYS) - set(frames))}")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_restriction_kind_is_recognised_and_written_in_the_locale(locale):
    for kind in RESTRICTION_KINDS:
        assert kind.patterns.get(locale), f"restrictions.py {kind.key}: no patterns for {locale!r}"
        assert kind.canonical.get(locale), f"restrictions.py {kind.key}: no canonical {locale!r} phrase"
        # The must-keep gate must recognise what the composer writes.
        assert restriction_pattern(kind.key, (locale,)).search(kind.canonical[locale]), (
            f"restrictions.py {kind.key}: the {locale!r} canonical phrase "
            f"{kind.canonical[locale]!r} is not found by its own patterns")


@pytest.mark.parametrize("locale", LOCALES)
def test_care_boilerplate_lexicon_and_prompt_cover_the_locale(locale):
    for action, patterns in CARE_ACTIONS.items():
        assert locale in patterns, f"restrictions.py CARE_ACTIONS[{action!r}] lacks {locale!r}"
    assert locale in BOILERPLATE_PATTERNS, f"statements.py BOILERPLATE_PATTERNS lacks {locale!r}"
    assert locale in vocab.RECOGNISED_LANGUAGES, f"vocabulary.py RECOGNISED_LANGUAGES lacks {locale!r}"
    for table_name in ("MATERIALS", "TECHNIQUES", "COLOURS"):
        table = getattr(vocab, table_name)
        lacking = [key for key, forms in table.items() if not forms.get(locale)]
        assert not lacking, f"vocabulary.py {table_name}: no {locale!r} form for {lacking[:5]}"
    lacking = [key for key, entry in vocab.OBJECTS.items() if not entry.get(locale)]
    assert not lacking, f"vocabulary.py OBJECTS: no {locale!r} form for {lacking[:5]}"
    assert locale in LOCALE_NAMES
    for persona in PERSONA_KEYS:
        assert LOCALE_NAMES[locale] in system_prompt(persona, locale)


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_KEYS)
def test_every_persona_has_its_brief_in_the_prompt_and_a_simulated_truth(persona):
    from handmade_assets_demo.traffic import DEFAULT_TRUTH as truth

    for locale in LOCALES:
        assert persona.focus in system_prompt(persona.key, locale), (
            f"services/prompts.py: the {locale!r} prompt for {persona.key!r} does not carry its brief")
    for lift in ("persona_ctr_lift", "persona_conversion_lift", "persona_dwell_lift"):
        assert persona.key in getattr(truth, lift), (
            f"handmade_assets_demo/traffic.py DEFAULT_TRUTH.{lift} lacks {persona.key!r}")


def test_a_persona_the_composer_cannot_lead_with_fails_where_it_is_defined():
    with pytest.raises(ValueError, match="leads_with 'rhymes'"):
        Persona("poet_laureate", "Poet Laureate", "rhyme", leads_with="rhymes")


@pytest.mark.parametrize("category", CATEGORY_REGISTRY, ids=CATEGORIES)
def test_every_category_group_is_reachable_and_simulated(category):
    from handmade_assets_demo.traffic import DEFAULT_TRUTH as truth
    from handmade_assets_demo.corpus import CATEGORY_SHARES

    assert category.words, f"taxonomy.py CATEGORY_REGISTRY {category.key!r} has no words"
    assert category_group(category.words[0]) == category.key, (
        f"taxonomy.py: {category.words[0]!r} places a listing in {category_group(category.words[0])!r}, "
        f"not {category.key!r}")
    assert category.key in truth.base_ctr, (
        f"handmade_assets_demo/traffic.py DEFAULT_TRUTH.base_ctr lacks {category.key!r}")
    assert category.key in CATEGORY_SHARES, f"handmade_assets_demo/corpus.py CATEGORY_SHARES lacks {category.key!r}"


def test_an_unregistered_locale_fails_loudly():
    with pytest.raises(ValueError, match=re.escape("['pt']")):
        check_locales(["en", "pt"])
