"""Fill the embedded default's landing zone the way production's would be filled.

Production gets seller uploads, the historical corpus and review exports as files in S3; the
embedded default writes the same files into its local landing folder: the real sabaceramics
uploads (plus deliberately bad ones), and a seeded synthetic corpus and reviews (see
corpus.py and synthetic_reviews.py for how they are calibrated on real data).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pandas as pd

from handmade_assets_demo.sample_uploads import (
    hostile_reviews,
    sample_listings,
    write_bad_uploads,
    write_hostile_upload,
    write_sample_uploads,
)
from handmade_assets.index.assets import HISTORICAL_PREFIX
from handmade_assets.reviews.landing import REVIEWS_PREFIX
from handmade_assets.services.object_store import ObjectStore


@dataclass(frozen=True)
class SeedSummary:
    uploads: int
    bad_uploads: int
    historical: int
    reviews: int


def seed_corpus(store: ObjectStore, n_historical: int, seed: int) -> pd.DataFrame:
    from handmade_assets_demo.corpus import generate_historical_descriptions

    corpus = generate_historical_descriptions(n_historical, seed=seed)
    buffer = io.BytesIO()
    corpus.to_parquet(buffer, index=False)
    store.put_bytes(f"{HISTORICAL_PREFIX}/corpus-seed{seed}.parquet", buffer.getvalue())
    return corpus


def seed_reviews(store: ObjectStore, corpus: pd.DataFrame, seed: int) -> int:
    from handmade_assets_demo.synthetic_reviews import generate_reviews

    samples = pd.DataFrame(sample_listings())[["listing_id", "category", "title"]]
    reviewed = pd.concat([corpus[["listing_id", "category", "title"]], samples], ignore_index=True)
    reviews = generate_reviews(reviewed, seed=seed).to_dict("records") + hostile_reviews()
    lines = "\n".join(json.dumps(record, ensure_ascii=False, default=str) for record in reviews)
    store.put_bytes(f"{REVIEWS_PREFIX}/synthetic-seed{seed}.jsonl", lines.encode())
    return len(reviews)


def seed_landing_zone(store: ObjectStore, *, n_historical: int = 2000, seed: int = 7,
                      include_bad: bool = True, upload_limit: int | None = None) -> SeedSummary:
    corpus = seed_corpus(store, n_historical, seed)
    n_reviews = seed_reviews(store, corpus, seed)
    uploads = write_sample_uploads(store, limit=upload_limit)
    bad = write_bad_uploads(store) if include_bad else []
    if include_bad:
        uploads.append(write_hostile_upload(store))
    return SeedSummary(len(uploads), len(bad), len(corpus), n_reviews)
