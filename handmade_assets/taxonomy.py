"""The marketplace's shared vocabulary: categories, locales and personas.

Every domain reads these from here so that a category or persona is spelled one way across
validation, generation, scoring and reporting.
"""

from __future__ import annotations

from dataclasses import dataclass

# Categories a listing may carry. An upload naming any other category is rejected.
CATEGORIES: tuple[str, ...] = (
    "ceramics",
    "jewelry",
    "textiles",
    "woodwork",
    "candles",
    "leather",
    "glass",
    "paper",
)

LOCALES: tuple[str, ...] = ("en", "de", "fr", "es")


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    # What the persona writes about first; the prompt builders and the local composer both read it.
    focus: str


PERSONAS: tuple[Persona, ...] = (
    Persona("material_enthusiast", "Material Enthusiast", "materials, textures and how they feel"),
    Persona(
        "sustainability_advocate",
        "Sustainability Advocate",
        "how the piece is made to last and the care behind it, without unsupported green claims",
    ),
    Persona("heritage_historian", "Heritage Historian", "the technique's tradition and origin"),
    Persona(
        "functionality_reviewer", "Functionality Reviewer", "size, use, care and practical details"
    ),
    Persona("maker_advocate", "Maker Advocate", "the maker, the handwork and the process"),
    Persona("visual_poet", "Visual Poet", "colour, light and form, in evocative language"),
)

PERSONA_KEYS: tuple[str, ...] = tuple(p.key for p in PERSONAS)
PERSONAS_BY_KEY: dict[str, Persona] = {p.key: p for p in PERSONAS}

# Bumped whenever a persona prompt or the composer's templates change, so that scores and
# content hashes separate the old writing from the new.
PROMPT_VERSION = "v1"
