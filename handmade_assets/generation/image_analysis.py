"""What the photos show: dominant colours of the product (centre of the frame) and image size.

Colours are named from a small table of reference RGB values (nearest in CIELAB-like space is
overkill for a dozen names; squared RGB distance on the quantized palette does the job).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

# Canonical colour keys, shared with the vocabulary the composer writes from.
REFERENCE_COLOURS: dict[str, tuple[int, int, int]] = {
    "black": (25, 25, 25),
    "grey": (128, 128, 128),
    "white": (240, 240, 240),
    "cream": (235, 225, 200),
    "brown": (120, 80, 50),
    "red": (180, 40, 40),
    "orange": (220, 120, 40),
    "yellow": (225, 200, 60),
    "green": (70, 130, 60),
    "aqua": (90, 190, 190),
    "blue": (50, 80, 170),
    "purple": (110, 60, 140),
    "pink": (220, 150, 160),
}
CENTRE_CROP = 0.6
PALETTE_SIZE = 6


@dataclass(frozen=True)
class PhotoAnalysis:
    width: int
    height: int
    colours: tuple[tuple[str, float], ...]  # (colour key, share of the centre crop), largest first


def nearest_colour(rgb: tuple[int, int, int]) -> str:
    return min(
        REFERENCE_COLOURS,
        key=lambda name: sum((a - b) ** 2 for a, b in zip(rgb, REFERENCE_COLOURS[name])),
    )


def analyse_photo(data: bytes) -> PhotoAnalysis:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        rgb = image.convert("RGB")
        # The product sits in the middle of a listing photo; the edges are mostly backdrop.
        dx, dy = int(width * (1 - CENTRE_CROP) / 2), int(height * (1 - CENTRE_CROP) / 2)
        centre = rgb.crop((dx, dy, width - dx, height - dy))
        centre.thumbnail((128, 128))
        palette_image = centre.quantize(colors=PALETTE_SIZE, method=Image.Quantize.MEDIANCUT)
        palette = palette_image.getpalette() or []
        # A palette image's histogram counts pixels per palette index.
        counts = {i: c for i, c in enumerate(palette_image.histogram()) if c}
    total = sum(counts.values()) or 1
    shares: Counter[str] = Counter()
    for index, count in counts.items():
        r, g, b = palette[index * 3 : index * 3 + 3]
        shares[nearest_colour((r, g, b))] += count / total
    ranked = tuple((name, round(share, 3)) for name, share in shares.most_common())
    return PhotoAnalysis(width=width, height=height, colours=ranked)


def merge_colours(analyses: list[PhotoAnalysis], min_share: float = 0.15) -> list[tuple[str, float]]:
    """Average colour shares over a listing's photos, keeping colours above `min_share`."""
    if not analyses:
        return []
    totals: Counter[str] = Counter()
    for analysis in analyses:
        for name, share in analysis.colours:
            totals[name] += share / len(analyses)
    return [(name, round(share, 3)) for name, share in totals.most_common() if share >= min_share]


# --- photo against text -----------------------------------------------------------------------
# Hue families of the lexicon's and the analyser's colour names. Neutrals (black, white, grey,
# cream, beige, ivory, brown, metal tones) are left out: backdrops and shadows are neutral.
HUE_FAMILIES: dict[str, str] = {
    "red": "red", "burgundy": "red", "pink": "pink", "antique pink": "pink",
    "orange": "orange", "amber": "orange", "ochre": "orange", "yellow": "yellow", "mustard": "yellow",
    "green": "green", "sage green": "green", "mint green": "green",
    "blue": "blue", "navy": "blue", "indigo": "blue", "aqua": "blue", "turquoise": "blue", "teal": "blue",
    "purple": "purple",
}
# Neighbouring hues a camera, a light or a name can blur into each other.
_NEIGHBOURS: dict[str, frozenset[str]] = {
    "red": frozenset({"pink", "orange", "purple"}), "pink": frozenset({"red", "purple"}),
    "orange": frozenset({"red", "yellow"}), "yellow": frozenset({"orange", "green"}),
    "green": frozenset({"yellow", "blue"}), "blue": frozenset({"green", "purple"}),
    "purple": frozenset({"blue", "red", "pink"}),
}
DOMINANT_SHARE = 0.35


def colour_conflict(stated: Sequence[str], photo: Sequence[tuple[str, float]]) -> str | None:
    """Why the photos contradict the colours the seller's title names, or None.

    Only a clear case counts: the title names a hue, the photos are dominated (over a third of
    the centre crops) by a hue that is neither it nor a neighbour, and the named hue is nowhere
    in the photos. A "cobalt-blue" vase photographed red is held for a person with the reason.
    """
    said = {HUE_FAMILIES[c] for c in stated if c in HUE_FAMILIES}
    seen = {HUE_FAMILIES[name]: share for name, share in photo if name in HUE_FAMILIES}
    if not said or not seen:
        return None
    compatible = said | {n for family in said for n in _NEIGHBOURS[family]}
    dominant, share = max(seen.items(), key=lambda item: item[1])
    if share >= DOMINANT_SHARE and dominant not in compatible and not said & set(seen):
        return (f"the photos show {dominant} ({share:.0%} of the piece), the seller's title says "
                f"{', '.join(sorted(c for c in stated if c in HUE_FAMILIES))}")
    return None
