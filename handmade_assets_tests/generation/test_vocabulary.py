"""The lexicon's own consistency: what the composer writes must read back as the same fact."""

import re
import string

import pytest

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.composer import mentioned_terms
from handmade_assets.generation.facts import fact_index, find_terms, review_index, tokens
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS

KIND_TABLES = {
    "materials": vocab.MATERIALS,
    "techniques": vocab.TECHNIQUES,
    "colours": vocab.COLOURS,
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
KNOWN_PLACEHOLDERS = {
    "this_head",
    "This_head",
    "this_thing",
    "This_thing",
    "materials",
    "techniques",
    "colours",
    "Colours",
    "colours_de",
    "The_obj_colour",
    "dims",
    "reviews",
    "care",
    "e",
    "o",
}


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


@pytest.mark.parametrize("locale", LOCALES)
def test_headline_attributes_read_back_as_their_technique(locale):
    for key, attributes in vocab.TECHNIQUE_ATTRIBUTES.items():
        if locale in attributes:
            assert find_terms(attributes[locale], languages=(locale,))["techniques"] == [key]


@pytest.mark.parametrize("locale", LOCALES)
def test_object_nouns_read_back(locale):
    for key, entry in vocab.OBJECTS.items():
        assert find_terms(entry[locale][0], languages=(locale,))["objects"] == [key]
        if locale != "en":
            assert entry["gender"][locale] in {"m", "f", "n"}


def test_german_output_nouns_are_capitalised():
    for table in (vocab.MATERIALS, vocab.COLOURS, vocab.TECHNIQUES):
        for key, forms in table.items():
            if key != "handmade":  # written only through persona sentences, as a predicate
                assert forms["de"][0][0].isupper(), forms["de"][0]
    for entry in vocab.OBJECTS.values():
        assert entry["de"][0][0].isupper()


@pytest.mark.parametrize("locale", LOCALES)
def test_heritage_lines_name_only_their_own_technique(locale):
    for technique, lines in vocab.TECHNIQUE_HERITAGE.items():
        allowed = {technique} | {key for _kind, key in vocab.IMPLIED_FACTS.get(technique, ())}
        mentioned = mentioned_terms(lines[locale], locale)
        assert mentioned["techniques"] <= allowed, (technique, mentioned)
        assert mentioned["materials"] <= allowed and not mentioned["colours"], (
            technique,
            mentioned,
        )


def _fixed_texts(locale):
    """Every sentence the composer may write that does not come from a fact."""
    for persona in PERSONA_KEYS:
        for slot, templates in vocab.PERSONA_PHRASES[persona][locale].items():
            for template in templates:
                yield f"{persona}.{slot}", PLACEHOLDER.sub(" ", template)
        yield f"{persona}.tagline", vocab.PERSONA_TAGLINES[persona][locale]
    for category, care in vocab.CARE.items():
        yield f"care.{category}", care[locale]
    for category, labels in vocab.CATEGORY_LABELS.items():
        yield (
            f"category.{category}",
            vocab.CATEGORY_SENTENCE[locale][0].format(label=labels[locale]),
        )
    for key, phrases in vocab.REVIEW_PHRASES.items():
        yield f"review.{key}", phrases[locale]
    for name, label in vocab.LABELS[locale].items():
        yield f"label.{name}", label


@pytest.mark.parametrize("locale", LOCALES)
def test_fixed_phrasing_asserts_no_material_technique_or_colour(locale):
    for where, text in _fixed_texts(locale):
        mentioned = mentioned_terms(text, locale)
        # Only the "handmade" sentences may say so, and only when the facts do.
        allowed = {"handmade"} if where.endswith(".handmade") else set()
        assert not mentioned["materials"] and not mentioned["colours"], (where, text, mentioned)
        assert mentioned["techniques"] <= allowed, (where, text, mentioned)


@pytest.mark.parametrize("locale", LOCALES)
def test_fixed_phrasing_makes_no_green_claim(locale):
    for where, text in _fixed_texts(locale):
        lowered = text.lower()
        assert not [c for c in vocab.UNSUPPORTED_CLAIMS[locale] if c in lowered], (where, text)


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize("locale", LOCALES)
def test_phrase_banks_are_complete_and_use_known_placeholders(persona, locale):
    bank = vocab.PERSONA_PHRASES[persona][locale]
    for slot in vocab.PERSONA_ORDER[persona]:
        assert slot == "heritage" or bank.get(slot), slot
    # Same slots in every locale, so no voice is poorer in one language.
    assert set(bank) == set(vocab.PERSONA_PHRASES[persona]["en"])
    for templates in bank.values():
        for template in templates:
            assert set(PLACEHOLDER.findall(template)) <= KNOWN_PLACEHOLDERS, template
            # {care} is a whole sentence of its own.
            assert (
                template.rstrip()[-1] in ".!?"
                or template.endswith(" {care}")
                or template == "{care}"
            ), template


def test_care_and_labels_cover_every_category_and_locale():
    for category in CATEGORIES:
        assert set(vocab.CARE[category]) == set(LOCALES)
        assert set(vocab.CATEGORY_LABELS[category]) == set(LOCALES)
    assert set(vocab.CARE["default"]) == set(LOCALES)


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
    assert set(string.ascii_lowercase) & set("".join(vocab.TECHNIQUE_HERITAGE))
