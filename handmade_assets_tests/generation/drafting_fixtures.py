from handmade_assets.generation.facts import extract_facts

FACTS_BY_LISTING = {
    f"l{i}": extract_facts(listing_id=f"l{i}", category="ceramics",
                           title=f"Raku vase number {i}", seller_text="Stoneware, raku fired, copper glaze.")
    for i in range(5)
}
