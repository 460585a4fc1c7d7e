"""The seller upload's metadata document and the normalized listing it becomes."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr,
                      field_validator, model_validator)


LISTING_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
# A photo is named by a plain file name inside its upload folder: no folders, no traversal.
PHOTO_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}\.(?i:jpe?g|png|webp|gif)$"
# Limits for one tag or material and for how many a listing keeps. Entries past them are dropped
# with a note on the listing, not a rejection: the rest of the listing is fine.
MAX_TERM_CHARS = 60
MAX_TERMS = 13
_LINE_BREAKS = re.compile(r"\s*[\t\r\n]+\s*")


def _not_bool(value):
    # JSON true/false would pass as 1/0 in pydantic's lax mode; a price or quantity never is one.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    # NaN and infinity (Python's json reads both) are no amount: say so, not "less than 100000".
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"must be a finite number, not {value}")
    return value


Number = Annotated[float, BeforeValidator(_not_bool)]
WholeNumber = Annotated[int, BeforeValidator(_not_bool)]


def check_text(value: str, *, multiline: bool) -> str:
    """Reject control characters (NUL, escapes, C1) and lone surrogates, which no seller types and
    which break files and terminals downstream; tabs and line breaks are kept in multi-line text
    and become one space elsewhere."""
    for char in value:
        if char in "\t\r\n":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            raise ValueError(f"contains the control character U+{ord(char):04X}; remove it")
        if category == "Cs":
            raise ValueError(f"contains an unpaired surrogate U+{ord(char):04X}; it is not valid text")
    return value if multiline else _LINE_BREAKS.sub(" ", value).strip()


# One tag or material; checked per entry, so an error's location names the entry (`tags.3`).
Term = Annotated[str, AfterValidator(lambda value: check_text(value, multiline=False))]


class UploadMetadata(BaseModel):
    """`listing.json`, written by the seller tool beside the photos (photos first, JSON last)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    listing_id: str = Field(pattern=LISTING_ID_PATTERN)
    seller_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=3, max_length=140)
    description: str = Field(min_length=1, max_length=10_000)
    # The seller's own category, free text or a taxonomy path; any value is accepted.
    category: str = Field(min_length=1, max_length=300)
    price: Number = Field(gt=0, lt=100_000)
    # Units in stock; absent means one piece, as most handmade listings are.
    quantity: WholeNumber = Field(default=1, ge=1, le=100_000)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    materials: list[Term] = Field(default_factory=list, max_length=100)
    tags: list[Term] = Field(default_factory=list, max_length=100)
    photos: list[str] = Field(min_length=1, max_length=10)
    # What validation trimmed away without rejecting, for the listing's record (no seller text).
    _notes: list[str] = PrivateAttr(default_factory=list)

    @field_validator("title", "category", "seller_id")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return check_text(value, multiline=False)

    @field_validator("description")
    @classmethod
    def _multi_line(cls, value: str) -> str:
        return check_text(value, multiline=True)

    @model_validator(mode="after")
    def _drop_unusable_terms(self) -> UploadMetadata:
        for field in ("materials", "tags"):
            values = getattr(self, field)
            kept = [v for v in values if 1 <= len(v) <= MAX_TERM_CHARS]
            if len(kept) < len(values):
                self._notes.append(f"{field}: dropped {len(values) - len(kept)} entries that were "
                                   f"empty or over {MAX_TERM_CHARS} characters")
            if len(kept) > MAX_TERMS:
                self._notes.append(f"{field}: kept the first {MAX_TERMS} of {len(kept)} entries")
                kept = kept[:MAX_TERMS]
            setattr(self, field, kept)
        return self

    @property
    def notes(self) -> list[str]:
        return list(self._notes)

    @field_validator("photos")
    @classmethod
    def _plain_photo_names(cls, values: list[str]) -> list[str]:
        # Named by place, not by name: a file name may hold a person's name or e-mail.
        for index, name in enumerate(values):
            if not re.fullmatch(PHOTO_NAME_PATTERN, name) or ".." in name:
                raise ValueError(f"the name of photo {index + 1} of {len(values)} is not a plain "
                                 ".jpg/.png/.webp/.gif file name (letters, digits, space, _ . -)")
        if len(set(values)) != len(values):
            raise ValueError("photo names repeat")
        return values


class Listing(BaseModel):
    """A validated listing, as the rest of the platform sees it."""

    listing_id: str
    upload_id: str
    seller_id: str
    category: str  # the group (taxonomy.CATEGORY_GROUPS) for retrieval, scoring and reports
    seller_category: str = ""  # what the seller wrote, kept as given
    title: str
    seller_text: str
    pii_removed: int = 0
    price: float
    quantity: int = 1
    currency: str
    materials: list[str]
    tags: list[str]
    # Keys in the artifact store of the photos without metadata, named by the platform
    # (catalog.validation.photo_key), never by the seller's file names.
    photo_keys: list[str]
    language: str
    metadata_key: str
    etag: str
    notes: list[str] = []  # what validation trimmed without rejecting (counts, never seller text)


class Rejection(BaseModel):
    """Why an upload was turned away; kept with a pointer to the untouched original."""

    upload_id: str
    listing_id: str | None
    field: str
    reason: str
    metadata_key: str
    etag: str
    raw_excerpt: str
