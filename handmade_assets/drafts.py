"""What a generator is given and what it must return: the contract between generation and the
generator services (`services/generator.py` and its adapters).

`ListingFacts` and `RetrievedExample` go in, with the listing's photos as `ImageInput`;
`DraftContent` comes out. `DraftContent` is the JSON document a model writes; its JSON schema is
the tool schema Bedrock is forced to fill, and the embedded composer fills the same model. These
types sit below both `services` and `generation`, so neither has to import the other's internals.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

TITLE_MAX = 140
META_TITLE_MAX = 60
META_DESCRIPTION_MAX = 160
DESCRIPTION_MIN_CHARS = 200
DESCRIPTION_MAX_CHARS = 2500


class RetrievedExample(BaseModel):
    """A similar, successful historical listing shown to the generator as context."""

    listing_id: str
    title: str
    description: str
    category: str
    language: str
    score: float


class ListingFacts(BaseModel):
    """Everything a generator may state. A draft must not assert anything outside these facts."""

    model_config = ConfigDict(frozen=True)

    listing_id: str
    category: str  # the group, for retrieval and reports; never a source of what a draft says
    title: str
    seller_text: str
    seller_category: str = ""
    # What the seller says about the item (generation/statements.py): the evidence a draft is
    # written from. `language` is the seller's; `product` the noun phrase of the title;
    # `product_key` the lexicon entry of its head noun, when there is one.
    language: str | None = None
    product: str = ""
    product_key: str | None = None
    statements: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()  # as the seller wrote them: "20-inch", '5 x 7"'
    restrictions: tuple[str, ...] = ()  # restriction kinds (generation/restrictions.py)
    restriction_sentences: tuple[str, ...] = ()
    care: tuple[str, ...] = ()  # the seller's care sentences
    materials_declared: tuple[str, ...] = ()  # the seller's materials field, as given
    # Why the photos contradict the text ("photos show red, the title says blue"), if they do:
    # every draft of the listing then waits for a person.
    photo_conflict: str | None = None
    materials: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    image_labels: tuple[str, ...] = ()
    review_highlights: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    price: float | None = None
    currency: str | None = None
    # Listings the seller wrote alike (one text, a detail swapped) are a family within their
    # upload batch (statements.text_families): `family` is its first listing's id ("" for a
    # listing of its own), `family_member` this listing's turn, so that members' descriptions
    # are worded differently and search engines do not read them as one page.
    family: str = ""
    family_member: int = 0
    # The part of the seller's title that tells it from the shop's other titles of one template
    # ("" where nothing is shared): what a description quotes of the title.
    title_apart: str = ""


class DraftContent(BaseModel):
    """The structured description a generator writes for one listing, persona and locale."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=TITLE_MAX)
    description: str = Field(min_length=DESCRIPTION_MIN_CHARS, max_length=DESCRIPTION_MAX_CHARS)
    bullet_features: list[str] = Field(min_length=3, max_length=7)
    materials: list[str] = Field(default_factory=list)
    care: str = Field(min_length=3)
    seo_keywords: list[str] = Field(min_length=3, max_length=12)
    meta_title: str = Field(min_length=3, max_length=META_TITLE_MAX)
    meta_description: str = Field(min_length=50, max_length=META_DESCRIPTION_MAX)

    @field_validator("bullet_features", "seo_keywords")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        if any(not item.strip() for item in items):
            raise ValueError("items must not be blank")
        return items

    @field_validator("description")
    @classmethod
    def _ends_a_sentence(cls, text: str) -> str:
        # A description cut off mid-sentence (a truncated model output) must not validate.
        if text.rstrip()[-1:] not in {".", "!", "?", "…", "»", '"', ")", "”", "“"}:
            raise ValueError("description ends mid-sentence (truncated output?)")
        return text


@dataclass(frozen=True)
class ImageInput:
    """One listing photo as a generator receives it."""

    format: str  # png | jpeg | gif | webp
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        # Computed once per photo: a listing's drafts share the same ImageInput objects.
        return hashlib.sha256(self.data).hexdigest()[:16]
