"""The lexicon's own consistency, and the composer's fixed phrasing asserting nothing."""

import re
import string

import pytest

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.composer import PHRASES
from handmade_assets.generation.facts import fact_index, find_terms, review_index, tokens
from handmade_assets.generation.quality import claim_patterns
from handmade_assets.generation.statements import object_mentions
from handmade_assets.taxonomy import LOCALE_REGISTRY, LOCALES

ALL_LOCALES = [locale.code for locale in LOCALE_REGISTRY]
KIND_TABLES = {
    "materials": vocab.MATERIALS,
    "techniques": vocab.TECHNIQUES,
    "colours": vocab.COLOURS,
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_no_language_gives_one_form_to_two_terms():
    assert fact_index().conflicts == ()
    assert review_index().conflicts == ()


@pytest.mark.parametrize("kind", [*KIND_TABLES, "objects"])
def test_every_term_has_forms_in_every_recognised_language(kind):
    table = vocab.OBJECTS if kind == "objects" else KIND_TABLES[kind]
    for key, forms in table.items():
        for lang in vocab.RECOGNISED_LANGUAGES:
            assert forms[lang] and all(f.strip() for f in forms[lang]), (kind, key, lang)


@pytest.mark.parametrize("kind", KIND_TABLES)
@pytest.mark.parametrize("locale", LOCALES)
def test_written_form_reads_back_as_the_same_fact(kind, locale):
    # The grounding check depends on this: a fact the composer writes must not be read as another.
    for key, forms in KIND_TABLES[kind].items():
        assert find_terms(forms[locale][0], languages=(locale,))[kind] == [key], (
            key,
            forms[locale][0],
        )


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_object_nouns_read_back(locale):
    for key, entry in vocab.OBJECTS.items():
        assert find_terms(entry[locale][0], languages=(locale,))["objects"] == [key]
        if locale in entry["gender"]:
            assert entry["gender"][locale] in {"m", "f", "n"}


def test_german_output_nouns_are_capitalised():
    for table in (vocab.MATERIALS, vocab.COLOURS, vocab.TECHNIQUES):
        for key, forms in table.items():
            if key != "handmade":  # written only through persona sentences, as a predicate
                assert forms["de"][0][0].isupper(), forms["de"][0]
    for entry in vocab.OBJECTS.values():
        assert entry["de"][0][0].isupper()


def _fixed_texts(locale):
    """Every sentence the composer writes that does not come from the seller."""
    phrases = PHRASES[locale]
    for persona, frames in phrases["frames"].items():
        for frame in frames:
            yield f"frame.{persona}", PLACEHOLDER.sub(" ", frame)
    for name in ("named", "listed_as", "original", "sizes", "materials", "colours", "techniques", "no_care", "care_quoted"):
        for variant in (phrases[name],) if isinstance(phrases[name], str) else phrases[name]:
            yield name, PLACEHOLDER.sub(" ", variant)
    for filler in phrases["filler"]:
        yield "filler", filler
    for name, label in phrases["labels"].items():
        yield f"label.{name}", label


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_fixed_phrasing_asserts_no_material_technique_colour_or_object(locale):
    for where, text in _fixed_texts(locale):
        found = find_terms(text, languages=(locale,), skip_negated=False)
        assert not (found["materials"] or found["colours"] or found["techniques"]), (where, text, found)
        assert not object_mentions(text, (locale,)), (where, text)


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_fixed_phrasing_makes_no_risky_claim(locale):
    patterns = claim_patterns()
    for where, text in _fixed_texts(locale):
        assert not [c for c, p in patterns.items() if p.search(text)], (where, text)


def test_false_friends_are_real_forms():
    known = set(fact_index().entries)
    for word in vocab.FALSE_FRIENDS:
        assert tuple(tokens(word)) in known, word


def test_image_analyser_colours_are_lexicon_keys():
    analysis = pytest.importorskip("handmade_assets.generation.image_analysis")
    assert set(analysis.REFERENCE_COLOURS) <= set(vocab.COLOURS)


def test_lexicon_size():
    # A floor, so an accidental deletion of a whole block shows up.
    assert len(vocab.MATERIALS) >= 60 and len(vocab.TECHNIQUES) >= 40
    assert len(vocab.COLOURS) >= 25 and len(vocab.OBJECTS) >= 40
    assert set(string.ascii_lowercase) & set("".join(vocab.OBJECTS))
