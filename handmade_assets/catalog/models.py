"""The seller upload's metadata document and the normalized listing it becomes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


LISTING_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
# A photo is named by a plain file name inside its upload folder: no folders, no traversal.
PHOTO_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}\.(?i:jpe?g|png|webp|gif)$"


class UploadMetadata(BaseModel):
    """`listing.json`, written by the seller tool beside the photos (photos first, JSON last)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    listing_id: str = Field(pattern=LISTING_ID_PATTERN)
    seller_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=3, max_length=140)
    description: str = Field(min_length=1, max_length=10_000)
    # The seller's own category, free text or a taxonomy path; any value is accepted.
    category: str = Field(min_length=1, max_length=300)
    price: float = Field(gt=0, lt=100_000)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    materials: list[str] = Field(default_factory=list, max_length=13)
    tags: list[str] = Field(default_factory=list, max_length=13)
    photos: list[str] = Field(min_length=1, max_length=10)

    @field_validator("materials", "tags")
    @classmethod
    def _short_terms(cls, values: list[str]) -> list[str]:
        for value in values:
            if not 1 <= len(value) <= 60:
                raise ValueError(f"each entry must be 1 to 60 characters, got {len(value)}")
        return values

    @field_validator("photos")
    @classmethod
    def _plain_photo_names(cls, values: list[str]) -> list[str]:
        import re

        for name in values:
            if not re.fullmatch(PHOTO_NAME_PATTERN, name) or ".." in name:
                raise ValueError(f"photo name {name[:80]!r} is not a plain .jpg/.png/.webp/.gif file name")
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
    currency: str
    materials: list[str]
    tags: list[str]
    photo_keys: list[str]
    language: str
    metadata_key: str
    etag: str


class Rejection(BaseModel):
    """Why an upload was turned away; kept with a pointer to the untouched original."""

    upload_id: str
    listing_id: str | None
    field: str
    reason: str
    metadata_key: str
    etag: str
    raw_excerpt: str
