"""Write every persona × locale draft for a set of listings, recording failures instead of losing them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from handmade_assets.generation.prompts import ImageInput
from handmade_assets.generation.schema import ListingFacts, RetrievedExample
from handmade_assets.services.generator import DescriptionGenerator, GenerationFailed
from handmade_assets.taxonomy import PROMPT_VERSION

DRAFT_COLUMNS = [
    "listing_id", "category", "locale", "persona", "prompt_version", "model_id", "status",
    "error", "raw_output", "content_json", "title", "description", "meta_title",
    "meta_description", "input_tokens", "output_tokens", "cost_usd", "content_hash",
    "facts_json",
]


def content_hash(facts: ListingFacts, persona: str, locale: str, model_id: str,
                 context: Sequence[RetrievedExample]) -> str:
    """Everything that can change a draft; equal hashes mean regeneration would be wasted."""
    digest = hashlib.sha256()
    for part in (facts.model_dump_json(), persona, locale, PROMPT_VERSION, model_id,
                 ",".join(example.listing_id for example in context)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def write_drafts(
    facts_by_listing: dict[str, ListingFacts],
    context_by_listing: dict[str, list[RetrievedExample]],
    generator: DescriptionGenerator,
    personas: Iterable[str],
    locales: Iterable[str],
    load_images: Callable[[str], list[ImageInput]] = lambda listing_id: [],
) -> pd.DataFrame:
    rows = []
    personas, locales = list(personas), list(locales)
    for listing_id, facts in facts_by_listing.items():
        context = context_by_listing.get(listing_id, [])
        images = load_images(listing_id)
        for locale in locales:
            for persona in personas:
                row = {
                    "listing_id": listing_id, "category": facts.category, "locale": locale,
                    "persona": persona, "prompt_version": PROMPT_VERSION,
                    "model_id": generator.model_id,
                    "content_hash": content_hash(facts, persona, locale, generator.model_id, context),
                    "facts_json": facts.model_dump_json(),
                }
                try:
                    result = generator.generate(facts, persona, locale, context, images)
                except GenerationFailed as failure:
                    rows.append({**row, "status": "failed", "error": str(failure),
                                 "raw_output": failure.raw_output, "input_tokens": 0,
                                 "output_tokens": 0, "cost_usd": 0.0})
                    continue
                content = result.content
                rows.append({
                    **row, "status": "ok", "error": None, "raw_output": None,
                    "content_json": content.model_dump_json(), "title": content.title,
                    "description": content.description, "meta_title": content.meta_title,
                    "meta_description": content.meta_description,
                    "input_tokens": result.input_tokens, "output_tokens": result.output_tokens,
                    "cost_usd": result.cost_usd,
                })
    return pd.DataFrame(rows, columns=DRAFT_COLUMNS)
