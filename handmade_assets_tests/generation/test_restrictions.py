"""Restrictions as sellers write them, in their own words, found and given their kind."""

import pytest

from handmade_assets.generation.restrictions import RESTRICTIONS_BY_KEY, find_restrictions


@pytest.mark.parametrize(("text", "kind"), [
    ("This piece is for decorative use and holds no water.", "decorative_only"),
    ("Please note it is not water-tight.", "keep_dry"),
    ("Il vaso non garantisce la tenuta stagna.", "keep_dry"),
    ("No es estanco.", "keep_dry"),
    ("I do not do readings about: legal questions, lottery numbers, pregnancy, and medical issues.",
     "not_medical"),
    ("You receive a detailed pdf of 700 words at the email you provide.", "digital_only"),
    ("Cet objet n'est pas un jouet mais une decoration à manipuler avec précaution.", "not_a_toy"),
    ("For decoration only.", "decorative_only"),
    ("An email and etsy message with a photo of your tarot cards and spread", "digital_only"),
    ("The reading is sent to you by email within three days.", "digital_only"),
])
def test_a_restriction_in_the_sellers_words_is_found(text, kind):
    assert kind in find_restrictions(text)


@pytest.mark.parametrize("text", [
    "Great for decorative use in any room, or as a vase for fresh flowers.",
    "Waterproof and water-tight, ready for the garden.",
    "Readings about love, career and family.",
    "Email me with any questions about sizing.",
])
def test_ordinary_sentences_are_not_restrictions(text):
    assert not find_restrictions(text), find_restrictions(text)


def test_every_kind_has_its_canonical_phrase_found_by_itself():
    for kind in RESTRICTIONS_BY_KEY.values():
        for locale, phrase in kind.canonical.items():
            assert kind.key in find_restrictions(phrase), (kind.key, locale, phrase)


@pytest.mark.parametrize(("text", "recommended", "ruled_out"), [
    # A setting after the action makes it its own instruction past the comma...
    ("Machine wash cold, do not bleach, tumble dry low, do not iron.",
     {"wash", "machine_wash", "tumble_dry"}, {"bleach", "iron"}),
    ("Ne pas javelliser, sèche-linge à basse température.", {"tumble_dry"}, {"bleach"}),
    # ...while a list after one negation stays negated.
    ("Do not tumble dry, iron or bleach.", set(), {"tumble_dry", "iron", "bleach"}),
    ("Do not put in the dishwasher or microwave.", set(), {"dishwasher", "microwave"}),
])
def test_a_negation_reaches_a_list_but_not_the_next_instruction(text, recommended, ruled_out):
    from handmade_assets.generation.restrictions import care_actions

    assert care_actions(text) == (recommended, ruled_out)


@pytest.mark.parametrize("text", [
    "L'utilisation de ce jeu doit toujours se faire en présence d'un adulte.",
    "Always use under adult supervision.",
    "Nur unter Aufsicht von Erwachsenen spielen.",
])
def test_adult_supervision_is_its_own_restriction_not_a_ban_on_children(text):
    """A toy to be used with an adult there is for children: writing "not suitable for children"
    in another locale would reverse what the seller said."""
    found = find_restrictions(text)
    assert "adult_supervision" in found and "not_for_children" not in found, found


@pytest.mark.parametrize(("text", "kept"), [
    ("Card is not included.", True),
    ("Frame not included.", True),
    # A disclaimer beside monitor settings: shop text, kept out of descriptions.
    ("The frame shown is for illustrative purposes only.", False),
    ("Trous avec des tiges colorées ou autres (non fournis).", True),
    ("Rahmen nicht im Lieferumfang enthalten.", True),
    # Shop policy, not the item.
    ("Shipping costs are not included.", False),
    ("Frais de port non inclus.", False),
    ("Versandkosten nicht enthalten.", False),
])
def test_what_is_not_included_is_a_restriction_policy_costs_are_not(text, kept):
    assert ("not_included" in find_restrictions(text)) is kept


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "it"])
def test_what_is_not_included_is_written_with_the_seller_s_words_or_said_plainly(locale):
    from handmade_assets.generation.restrictions import canonical_phrase, restriction_pattern

    named = canonical_phrase("not_included", locale, "Card is not included.", "«{}»".format)
    assert "«Card is not included.»" in named and restriction_pattern("not_included", (locale,)).search(named)
    unnamed = canonical_phrase("not_included", locale)
    assert restriction_pattern("not_included", (locale,)).search(unnamed)


def test_appliances_listed_in_a_claim_are_no_care_instruction():
    """A crystal ring 'blocking pollution from computers, microwaves, or cell phones' was
    published with that sentence as its care text in five locales."""
    from handmade_assets.generation.restrictions import care_actions
    from handmade_assets.generation.statements import is_care

    claim = ("It is a good energy filter, blocking geopathic stress and electromagnetic pollution "
             "emitted from computers, microwaves, or cell phones.")
    assert not is_care(claim)
    assert care_actions("Microwave safe and dishwasher safe.")[0] == {"microwave", "dishwasher"}
