"""Grounding gate on real listings: faithful drafts pass, drafts with a planted false fact fail."""

import pytest

from handmade_assets_demo.sample_uploads import sample_listings
from handmade_assets.generation.composer import compose_draft
from handmade_assets.generation.facts import extract_facts
from handmade_assets.generation.quality import claim_failures, draft_text, grounding_failures

LISTINGS = sample_listings()[:6]
FACTS = [extract_facts(listing_id=d["listing_id"], category=d["category"], title=d["title"],
                       seller_text=d["description"], tags=d["tags"], materials=d["materials"])
         for d in LISTINGS]

# One false sentence per kind of claim, in each locale's language.
PLANTS = {
    "en": ["It is made of sterling silver.", "It is hand-woven.", "Its colour is a bright purple.",
           "It measures 37 x 21 cm.", "Made in Portugal.", "Certified organic by Ecocert."],
    "de": ["Sie ist aus Sterlingsilber.", "Sie ist handgewebt.", "Ihre Farbe ist ein leuchtendes Lila.",
           "Sie misst 37 x 21 cm.", "Hergestellt in Portugal.", "Zertifiziert nach GOTS."],
    "fr": ["Elle est en argent sterling.", "Elle est tissée à la main.", "Sa couleur est un violet vif.",
           "Elle mesure 37 x 21 cm.", "Fabriqué en Portugal.", "Certifié FSC."],
    "es": ["Está hecha de plata de ley.", "Está tejida a mano.", "Su color es un morado vivo.",
           "Mide 37 x 21 cm.", "Hecho en Portugal.", "Certificado por GOTS."],
}


@pytest.mark.parametrize("locale", sorted(PLANTS))
def test_faithful_drafts_of_real_listings_pass_grounding(locale):
    for facts in FACTS:
        for persona in ("material_enthusiast", "heritage_historian", "visual_poet"):
            text = draft_text(compose_draft(facts, persona, locale))
            assert grounding_failures(text, facts, locale) == [], (facts.listing_id, persona)


@pytest.mark.parametrize("locale", sorted(PLANTS))
@pytest.mark.parametrize("kind", range(6))
def test_every_planted_false_fact_is_caught(locale, kind):
    facts = FACTS[kind % len(FACTS)]
    draft = compose_draft(facts, "functionality_reviewer", locale)
    planted = draft.description.rstrip() + " " + PLANTS[locale][kind]
    failures = grounding_failures(planted, facts, locale) + claim_failures(planted, facts)
    assert failures, f"missed in {locale}: {PLANTS[locale][kind]}"
