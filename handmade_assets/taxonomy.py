"""The marketplace's shared vocabulary: categories, locales and personas.

Every domain reads these from here so that a category or persona is spelled one way across
validation, generation, scoring and reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

@dataclass(frozen=True)
class CategoryGroup:
    key: str
    # Words of a seller's category (any level of a taxonomy path, any language) that place a
    # listing in this group.
    words: tuple[str, ...]


# Category groups: they group retrieval, scoring and reports. A listing keeps the seller's own
# category as given (`seller_category`, free text or a taxonomy path such as "Home & Living >
# Home Décor > Wreaths"); the group is only derived from it, and an item that fits none of
# these is "other", never rejected. Nothing a description says comes from the group.
# The one place a group is defined; handmade_assets_tests/test_registry.py names whatever a new
# entry still lacks elsewhere.
CATEGORY_REGISTRY: tuple[CategoryGroup, ...] = (
    CategoryGroup("ceramics", ("ceramic", "ceramics", "pottery", "porcelain", "stoneware", "keramik",
                               "céramique", "ceramica", "cerámica", "poterie")),
    CategoryGroup("jewelry", ("jewelry", "jewellery", "ring", "rings", "earrings", "necklace", "necklaces",
                              "bracelet", "bracelets", "pendant", "pendants", "schmuck", "bijoux", "bijou",
                              "gioielli", "joyería", "joyas")),
    CategoryGroup("textiles", ("textile", "textiles", "clothing", "apparel", "shirt", "shirts", "t-shirts",
                               "sweatshirts", "hoodies", "knitting", "quilt", "quilts", "fabric", "scarves",
                               "textil", "vêtements", "tessuti")),
    CategoryGroup("woodwork", ("wood", "woodwork", "woodworking", "wooden", "holz", "bois", "legno", "madera")),
    CategoryGroup("candles", ("candle", "candles", "kerzen", "bougies", "candele", "velas")),
    CategoryGroup("leather", ("leather", "leder", "cuir", "pelle", "cuero")),
    CategoryGroup("glass", ("glass", "glassware", "stained", "glas", "verre", "vetro", "vidrio")),
    CategoryGroup("paper", ("paper", "stationery", "journal", "journals", "notebook", "notebooks", "prints",
                            "print", "poster", "posters", "cards", "bookmark", "bookmarks", "papier", "carta",
                            "papel", "papeterie", "marque-page")),
)
CATEGORIES: tuple[str, ...] = tuple(group.key for group in CATEGORY_REGISTRY)
OTHER_CATEGORY = "other"
CATEGORY_GROUPS: tuple[str, ...] = (*CATEGORIES, OTHER_CATEGORY)
# The deepest level of a seller's category that matches wins, so "Jewelry > Rings" is jewelry
# and "Home Décor > Candles & Holders" candles.
_GROUP_WORDS: dict[str, tuple[str, ...]] = {group.key: group.words for group in CATEGORY_REGISTRY}
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def category_group(seller_category: str) -> str:
    """The group a seller's category belongs to: a known group, or "other" for anything else."""
    levels = [level for level in re.split(r"\s*[>/|]\s*", seller_category.casefold()) if level]
    for level in reversed(levels):
        words = set(_WORDS.findall(level))
        for group, group_words in _GROUP_WORDS.items():
            if words & set(group_words):
                return group
    return OTHER_CATEGORY


@dataclass(frozen=True)
class Locale:
    code: str  # ISO 639-1, also what language identification returns
    name: str
    decimal_comma: bool
    # Drafted for every listing unless a run's config names its own locales.
    default: bool = True


# The one place a locale is defined. Everything a locale needs elsewhere (composer phrases,
# restriction and care patterns, risky-claim words, lexicon forms) is keyed by these codes, and
# handmade_assets_tests/test_registry.py names whatever is missing for an entry.
LOCALE_REGISTRY: tuple[Locale, ...] = (
    Locale("en", "English", decimal_comma=False),
    Locale("de", "German", decimal_comma=True),
    Locale("fr", "French", decimal_comma=True),
    Locale("es", "Spanish", decimal_comma=True),
    Locale("it", "Italian", decimal_comma=True, default=False),
)
LOCALES_BY_CODE: dict[str, Locale] = {locale.code: locale for locale in LOCALE_REGISTRY}
LOCALES: tuple[str, ...] = tuple(locale.code for locale in LOCALE_REGISTRY if locale.default)


def check_locales(codes: list[str] | tuple[str, ...]) -> None:
    """Fail loudly for a configured locale nothing is registered for: its gates would pass
    anything silently."""
    unknown = [code for code in codes if code not in LOCALES_BY_CODE]
    if unknown:
        raise ValueError(f"locale(s) {unknown} are not registered in taxonomy.LOCALE_REGISTRY; "
                         f"registered: {sorted(LOCALES_BY_CODE)}")


# What the embedded composer can put first among a seller's sentences (generation/composer.py
# scores each sentence for it).
LEADS = ("materials", "care", "techniques", "sizes", "maker", "colours")


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    # The brief: what the persona writes about first. The model prompts read it.
    focus: str
    # Which of the seller's sentences the embedded composer puts first (one of LEADS).
    leads_with: str

    def __post_init__(self) -> None:
        if self.leads_with not in LEADS:
            raise ValueError(f"persona {self.key!r}: leads_with {self.leads_with!r} is not one of {LEADS}")


# The one place a persona is defined. Its composer frames (generation/composer.py PHRASES) and
# its simulated effect (handmade_assets_demo/traffic.py) are its data elsewhere;
# handmade_assets_tests/test_registry.py names whichever a new entry still lacks.
PERSONAS: tuple[Persona, ...] = (
    Persona("material_enthusiast", "Material Enthusiast", "materials, textures and how they feel",
            leads_with="materials"),
    Persona(
        "sustainability_advocate",
        "Sustainability Advocate",
        "how the piece is made to last and the care behind it, without unsupported green claims",
        leads_with="care",
    ),
    Persona("heritage_historian", "Heritage Historian", "the technique's tradition and origin",
            leads_with="techniques"),
    Persona(
        "functionality_reviewer", "Functionality Reviewer", "size, use, care and practical details",
        leads_with="sizes",
    ),
    Persona("maker_advocate", "Maker Advocate", "the maker, the handwork and the process",
            leads_with="maker"),
    Persona("visual_poet", "Visual Poet", "colour, light and form, in evocative language",
            leads_with="colours"),
)

PERSONA_KEYS: tuple[str, ...] = tuple(p.key for p in PERSONAS)
PERSONAS_BY_KEY: dict[str, Persona] = {p.key: p for p in PERSONAS}

# Bumped whenever a persona prompt or the composer's templates change, so that scores and
# content hashes separate the old writing from the new.
PROMPT_VERSION = "v2"
