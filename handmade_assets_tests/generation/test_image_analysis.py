import io

from PIL import Image

from handmade_assets_demo.sample_uploads import SAMPLE_DIR
from handmade_assets.generation.image_analysis import analyse_photo, merge_colours, nearest_colour


def _photo(centre, backdrop, size=(200, 200)) -> bytes:
    image = Image.new("RGB", size, backdrop)
    image.paste(Image.new("RGB", (100, 100), centre), (50, 50))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_product_colour_in_the_centre_dominates_the_backdrop():
    analysis = analyse_photo(_photo(centre=(30, 60, 170), backdrop=(245, 245, 245)))
    assert analysis.colours[0][0] == "blue"
    assert analysis.colours[0][1] > 0.6


def test_nearest_colour_names():
    assert nearest_colour((250, 250, 250)) == "white"
    assert nearest_colour((200, 45, 40)) == "red"


def test_real_photo_is_analysed_with_shares_summing_to_one():
    analysis = analyse_photo((SAMPLE_DIR / "pres1_small.jpg").read_bytes())
    assert (analysis.width, analysis.height) == (267, 400)
    assert abs(sum(share for _, share in analysis.colours) - 1.0) < 0.01


def test_merge_keeps_colours_common_across_photos():
    a = analyse_photo(_photo((30, 60, 170), (245, 245, 245)))
    b = analyse_photo(_photo((30, 60, 170), (20, 20, 20)))
    merged = dict(merge_colours([a, b]))
    assert "blue" in merged and merged["blue"] > 0.5


def _solid_png(rgb) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_that_contradicts_the_title_holds_every_draft_with_the_reason():
    import pandas as pd

    from handmade_assets.generation.assets import listing_facts
    from handmade_assets.generation.composer import compose_draft
    from handmade_assets.generation.image_analysis import analyse_photo, merge_colours
    from handmade_assets.generation.quality import gate_failures

    listings = pd.DataFrame([{
        "listing_id": "cobalt", "seller_id": "s", "category": "ceramics", "title": "Cobalt blue vase",
        "seller_text": "A tall stoneware vase glazed in a deep cobalt blue, 30 cm high.",
        "tags": [], "materials": [], "price": 40.0, "currency": "EUR", "language": "en",
    }])
    red = merge_colours([analyse_photo(_solid_png((180, 40, 40)))])
    blue = merge_colours([analyse_photo(_solid_png((50, 80, 170)))])
    for photo, held in ((red, True), (blue, False)):
        attributes = pd.DataFrame([{"listing_id": "cobalt", "photo_count": 1, "sizes": [], "colours": photo}])
        facts = listing_facts(listings, attributes, pd.DataFrame())["cobalt"]
        draft = compose_draft(facts, "visual_poet", "en")
        reasons = gate_failures(draft.model_dump_json(), facts.model_dump_json(), "en")
        assert any("photos show red" in r for r in reasons) is held, reasons
