"""One listing and one valid draft, shared by the generator tests (Bedrock and OpenAI-compatible)."""

from handmade_assets.generation.schema import ListingFacts

FACTS = ListingFacts(listing_id="saba-01", category="ceramics", title="Saggar vase",
                     seller_text="Stoneware vase with copper marks.", materials=("stoneware",))
DRAFT = {
    "title": "Saggar-fired stoneware vase",
    "description": "A stoneware vase fired in a saggar, its surface marked by copper. " * 4,
    "bullet_features": ["Stoneware", "Saggar-fired", "Copper marks"],
    "materials": ["stoneware"],
    "care": "Dust with a dry cloth.",
    "seo_keywords": ["stoneware vase", "saggar vase", "copper marks"],
    "meta_title": "Saggar-fired stoneware vase",
    "meta_description": "A saggar-fired stoneware vase with copper marks, thrown by hand.",
}
