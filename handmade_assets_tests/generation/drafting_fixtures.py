from handmade_assets.generation.facts import extract_facts

# Five pieces of one potter, each described in its own words: listings that were one text with
# the number swapped would (rightly) have only one description published between them.
_TEXTS = (
    "Stoneware, raku fired, copper glaze.",
    "A tall bottle form thrown in stoneware and raku fired, with a crackled white glaze.",
    "Squat vase with a wide mouth; the copper glaze flashed red and green in the smoke.",
    "Small bud vase on a burnished stoneware body, raku fired in a sawdust reduction.",
    "A round moon vase, its crackle lines darkened by the smoke of the raku kiln.",
)
FACTS_BY_LISTING = {
    f"l{i}": extract_facts(listing_id=f"l{i}", category="ceramics",
                           title=f"Raku vase number {i}", seller_text=text)
    for i, text in enumerate(_TEXTS)
}
