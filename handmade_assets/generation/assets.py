"""Generation assets: photos → attributes, RAG context, persona drafts, published descriptions."""


import io
import json

import dagster as dg
import pandas as pd

from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.generation import checks
from handmade_assets.generation.checks import DRAFT_CHECKS, PUBLISHED_CHECKS, check_specs
from handmade_assets.generation.context import retrieve_for_listings
from handmade_assets.generation.drafting import write_drafts
from handmade_assets.generation.facts import extract_facts
from handmade_assets.generation.image_analysis import analyse_photo, merge_colours
from handmade_assets.generation.publishing import (
    ALLOCATION_KEY,
    decode_allocation,
    select_published,
)
from handmade_assets.generation.quality import gate_failures
from handmade_assets.generation.schema import ListingFacts
from handmade_assets.services.embedder import Embedder
from handmade_assets.services.generator import DescriptionGenerator
from handmade_assets.services.object_store import ObjectStore
from handmade_assets.services.vector_store import VectorStore
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS


class DraftConfig(dg.Config):
    locales: list[str] = list(LOCALES)
    personas: list[str] = list(PERSONA_KEYS)
    context_examples: int = 3


def photo_attributes(listings: pd.DataFrame, landing_zone: ObjectStore) -> pd.DataFrame:
    rows = []
    for listing_id, keys in zip(listings["listing_id"], listings["photo_keys"]):
        analyses = [analyse_photo(landing_zone.get_bytes(key)) for key in keys]
        rows.append({
            "listing_id": listing_id,
            "photo_count": len(analyses),
            "sizes": [(a.width, a.height) for a in analyses],
            "colours": merge_colours(analyses),
        })
    return pd.DataFrame(rows, columns=["listing_id", "photo_count", "sizes", "colours"])


def listing_facts(listings: pd.DataFrame, image_attributes: pd.DataFrame,
                  review_attributes: pd.DataFrame) -> dict[str, ListingFacts]:
    colours = dict(zip(image_attributes["listing_id"], image_attributes["colours"]))
    highlights = (
        review_attributes.dropna(subset=["highlight"]).groupby("listing_id")["highlight"].apply(list)
        if not review_attributes.empty else pd.Series(dtype=object)
    )
    facts = {}
    for row in listings.itertuples(index=False):
        stated = dict(
            listing_id=row.listing_id, category=row.category, title=row.title,
            seller_text=row.seller_text, tags=tuple(row.tags), materials=tuple(row.materials),
            review_highlights=tuple(highlights.get(row.listing_id, [])),
            price=row.price, currency=row.currency,
        )
        from_text = extract_facts(**stated)
        # Photo colours include backdrop and props, so they only speak when the seller names none.
        facts[row.listing_id] = from_text if from_text.colours else extract_facts(
            **stated, image_colours=tuple(name for name, _ in colours.get(row.listing_id, [])))
    return facts


@dg.asset(partitions_def=upload_batches, group_name="generation", kinds={"pillow"})
def image_attributes(
    context: dg.AssetExecutionContext, listings: pd.DataFrame,
    landing_zone: dg.ResourceParam[ObjectStore],
) -> pd.DataFrame:
    """Dominant product colours and sizes measured from each listing's photos."""
    frame = photo_attributes(listings, landing_zone)
    context.add_output_metadata({"photos": int(frame["photo_count"].sum()) if len(frame) else 0})
    return frame


@dg.asset(partitions_def=upload_batches, group_name="generation", deps=["vector_index"])
def retrieved_context(
    context: dg.AssetExecutionContext, config: DraftConfig, listings: pd.DataFrame,
    embedder: dg.ResourceParam[Embedder], vector_store: dg.ResourceParam[VectorStore],
) -> dict:
    """The most similar successful historical listings (same category first) for each listing."""
    examples = retrieve_for_listings(listings, embedder, vector_store.open(), config.context_examples)
    context.add_output_metadata({
        "listings": len(examples),
        "examples": sum(len(v) for v in examples.values()),
        "mean_similarity": float(pd.Series([e.score for v in examples.values() for e in v]).mean())
        if examples else 0.0,
    })
    return examples


@dg.asset(partitions_def=upload_batches, group_name="generation", pool="generator",
          retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
          check_specs=check_specs("description_drafts", DRAFT_CHECKS))
def description_drafts(
    context: dg.AssetExecutionContext, config: DraftConfig, listings: pd.DataFrame,
    image_attributes: pd.DataFrame, retrieved_context: dict, review_attributes: pd.DataFrame,
    generator: dg.ResourceParam[DescriptionGenerator],
    artifact_store: dg.ResourceParam[ObjectStore],
):
    """One JSON draft per listing × persona × locale, with model, tokens and cost."""
    facts = listing_facts(listings, image_attributes, review_attributes)
    drafts = write_drafts(facts, retrieved_context, generator, config.personas, config.locales)
    yield dg.Output(drafts, metadata={
        "drafts": len(drafts),
        "failed": int((drafts["status"] != "ok").sum()),
        "model_id": generator.model_id,
        "input_tokens": int(drafts["input_tokens"].sum()),
        "output_tokens": int(drafts["output_tokens"].sum()),
        "cost_usd": float(drafts["cost_usd"].sum()),
    })
    failures = gate_report(drafts)
    write_quality_summary(artifact_store, context.partition_key, drafts, failures)
    yield checks.drafts_match_schema(drafts)
    yield checks.drafts_complete(drafts, config.personas, config.locales)
    yield checks.drafts_pass_quality_gates(drafts, failures)


QUALITY_PREFIX = "quality"


def write_quality_summary(store: ObjectStore, batch_id: str, drafts: pd.DataFrame,
                          failures: dict[int, list[str]]) -> str:
    """Per-draft cost and gate outcome, which the weekly report reads across batches."""
    summary = drafts[["listing_id", "locale", "persona", "prompt_version", "model_id", "status",
                      "cost_usd", "input_tokens", "output_tokens"]].copy()
    summary["gate_failures"] = ["; ".join(failures.get(i, [])) for i in drafts.index]
    summary["batch_id"] = batch_id
    buffer = io.BytesIO()
    summary.to_parquet(buffer, index=False)
    key = f"{QUALITY_PREFIX}/{batch_id}.parquet"
    store.put_bytes(key, buffer.getvalue())
    return key


def gate_report(drafts: pd.DataFrame) -> dict[int, list[str]]:
    return {
        index: gate_failures(row.content_json, row.facts_json, row.locale)
        for index, row in zip(drafts.index, drafts.itertuples(index=False))
        if row.status == "ok"
    }


@dg.asset(
    partitions_def=upload_batches,
    group_name="generation",
    # Publishing reads the newest allocation the daily scoring wrote, not a particular day's.
    deps=[dg.AssetDep("prompt_scores", partition_mapping=dg.LastPartitionMapping())],
    check_specs=check_specs("published_descriptions", PUBLISHED_CHECKS),
)
def published_descriptions(
    context: dg.AssetExecutionContext, listings: pd.DataFrame, description_drafts: pd.DataFrame,
    artifact_store: dg.ResourceParam[ObjectStore],
):
    """One gate-passing draft per listing and locale, persona chosen by the prompt-score allocation."""
    allocation, source = None, "uniform (no prompt scores yet)"
    if artifact_store.exists(ALLOCATION_KEY):
        allocation, as_of = decode_allocation(artifact_store.get_bytes(ALLOCATION_KEY))
        source = f"prompt_scores as of {as_of}"
    failures = gate_report(description_drafts)
    published, held = select_published(description_drafts, failures, allocation, source)
    for row in published.itertuples(index=False):
        artifact_store.put_bytes(
            f"published/{row.locale}/{row.listing_id}.json",
            json.dumps({**json.loads(row.content_json), "persona": row.persona,
                        "prompt_version": row.prompt_version, "model_id": row.model_id,
                        "published_at": row.published_at}, ensure_ascii=False, indent=1).encode(),
            "application/json",
        )
    yield dg.Output(published, metadata={
        "published": len(published),
        "held_for_review": len(held),
        "allocation": source,
        "personas": dg.MetadataValue.json(published["persona"].value_counts().to_dict()),
        "location": artifact_store.uri("published"),
    })
    yield checks.published_coverage(published, listings)
