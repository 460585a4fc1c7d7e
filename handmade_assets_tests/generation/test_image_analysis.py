import io

from PIL import Image

from handmade_assets.catalog.sample_uploads import SAMPLE_DIR
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
