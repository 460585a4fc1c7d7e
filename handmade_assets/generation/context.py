"""Retrieval-augmented context: similar, successful historical listings for each new listing."""

from __future__ import annotations

import pandas as pd

from handmade_assets.generation.schema import RetrievedExample
from handmade_assets.services.vector_store import SearchHit, VectorIndex

EXCERPT_CHARS = 600


def query_text(title: str, seller_text: str) -> str:
    return f"{title}. {seller_text}"[:2000]


def retrieve_examples(index: VectorIndex, vector, category: str, k: int = 3) -> list[RetrievedExample]:
    """Same-category successful descriptions first; any successful description fills the rest."""
    hits: list[SearchHit] = index.search(
        vector, k, {"kind": "description", "category": category, "successful": True}
    )
    if len(hits) < k:
        seen = {hit.doc_id for hit in hits}
        more = index.search(vector, k * 3, {"kind": "description", "successful": True})
        hits += [hit for hit in more if hit.doc_id not in seen][: k - len(hits)]
    return [
        RetrievedExample(
            listing_id=hit.listing_id, title=hit.title, description=hit.text[:EXCERPT_CHARS],
            category=hit.category, language=hit.language, score=round(hit.score, 4),
        )
        for hit in hits
    ]


def retrieve_for_listings(listings: pd.DataFrame, embedder, index: VectorIndex, k: int = 3
                          ) -> dict[str, list[RetrievedExample]]:
    if listings.empty:
        return {}
    vectors = embedder.embed([query_text(t, s) for t, s in zip(listings["title"], listings["seller_text"])])
    return {
        listing_id: retrieve_examples(index, vector, category, k)
        for listing_id, category, vector in zip(listings["listing_id"], listings["category"], vectors)
    }
