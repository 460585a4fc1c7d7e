"""Generation assets: photos → attributes, RAG context, persona drafts, published descriptions."""


import io
import json
from collections.abc import Callable
from datetime import datetime, timezone

import dagster as dg
import pandas as pd

from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.drafts import ImageInput, ListingFacts
from handmade_assets.generation import checks
from handmade_assets.generation.checks import DRAFT_CHECKS, PUBLISHED_CHECKS, check_specs
from handmade_assets.generation.context import retrieve_for_listings
from handmade_assets.generation.drafting import DraftCache, retry_failed_gates, write_drafts
from handmade_assets.generation.facts import extract_facts, find_terms, shop_contexts
from handmade_assets.generation.image_analysis import analyse_photo, colour_conflict, merge_colours
from handmade_assets.generation.costs import cost_per_listing
from handmade_assets.generation.planning import (
    allocation_plan,
    every_persona_plan,
    fallback_plan,
    next_persona_plan,
)
from handmade_assets.generation.publishing import (
    assignment_draws, load_approvals, publish, read_allocation, record_assignments, repeated_cells, select_published)
from handmade_assets.generation.quality import gate_report, row_failures
from handmade_assets.lib.ui_metadata import frame_metadata, preview_table, table_preview, text_previews
from handmade_assets.services.embedder import Embedder
from handmade_assets.services.generator import DescriptionGenerator
from handmade_assets.services.object_store import ObjectStore
from handmade_assets.services.vector_store import VectorStore
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS, check_locales


# Rounds of drafting one more persona for cells whose drafts all repeat another listing's
# published text (a shop's near-duplicates); each round costs one draft per such cell.
MAX_REPEAT_ROUNDS = 2


class DraftConfig(dg.Config):
    locales: list[str] = list(LOCALES)
    personas: list[str] = list(PERSONA_KEYS)
    # False: draft only the persona publishing will draw per listing and locale (a fallback
    # where it fails its gates). True: every persona in every locale, to compare them offline.
    draft_every_persona: bool = False
    # Draft the two personas a split storefront publishes side by side (PublishConfig.variant_pairs).
    variant_pairs: bool = False
    context_examples: int = 3
    # Claims this marketplace forbids unless the seller makes them, on top of the built-in list
    # (eco-friendly, organic, antimicrobial, hypoallergenic, non-toxic, food-safe, medical...).
    extra_risky_claims: list[str] = []


def photo_attributes(listings: pd.DataFrame, photo_store: ObjectStore) -> pd.DataFrame:
    rows = []
    for listing_id, keys in zip(listings["listing_id"], listings["photo_keys"]):
        analyses = [analyse_photo(photo_store.get_bytes(key)) for key in keys]
        rows.append({
            "listing_id": listing_id,
            "photo_count": len(analyses),
            "sizes": [(a.width, a.height) for a in analyses],
            "colours": merge_colours(analyses),
        })
    return pd.DataFrame(rows, columns=["listing_id", "photo_count", "sizes", "colours"])


def photo_loader(listings: pd.DataFrame, photo_store: ObjectStore) -> Callable[[str], list[ImageInput]]:
    """Reads a listing's photos when its drafts are written, so a partition's photos are never
    all in memory at once; the generator makes them acceptable to the model (format, size).
    `photo_keys` are keys in the artifact store, where validation put the photos' clean copies."""
    keys = dict(zip(listings["listing_id"], listings["photo_keys"]))

    def load(listing_id: str) -> list[ImageInput]:
        return [ImageInput(format=key.rsplit(".", 1)[-1].lower(), data=photo_store.get_bytes(key))
                for key in keys.get(listing_id, [])]

    return load


def listing_facts(listings: pd.DataFrame, image_attributes: pd.DataFrame,
                  review_attributes: pd.DataFrame) -> dict[str, ListingFacts]:
    colours = dict(zip(image_attributes["listing_id"], image_attributes["colours"]))
    highlights = (
        review_attributes.dropna(subset=["highlight"]).groupby("listing_id")["highlight"].apply(list)
        if not review_attributes.empty else pd.Series(dtype=object)
    )
    # What each shop's listings in this batch say about one another: sentences a shop repeats
    # are about the shop, not the item; listings written alike are worded apart (ShopContext).
    shops = {listing_id: context
             for _, shop in listings.groupby("seller_id")
             for listing_id, context in shop_contexts(shop.to_dict("records")).items()} \
        if "seller_id" in listings else {}
    facts = {}
    for row in listings.itertuples(index=False):
        stated = dict(
            listing_id=row.listing_id, category=row.category, title=row.title,
            seller_text=row.seller_text, tags=tuple(row.tags), materials=tuple(row.materials),
            review_highlights=tuple(highlights.get(row.listing_id, [])),
            price=row.price, currency=row.currency,
            seller_category=getattr(row, "seller_category", "") or "",
            language=getattr(row, "language", None),
            shop=shops.get(row.listing_id),
        )
        from_text = extract_facts(**stated)
        photo = colours.get(row.listing_id, [])
        # Photo colours include backdrop and props, so they only speak when the seller names none.
        listing = from_text if from_text.colours else extract_facts(
            **stated, image_colours=tuple(name for name, _ in photo))
        conflict = colour_conflict(find_terms(row.title)["colours"], photo)
        facts[row.listing_id] = listing.model_copy(update={"photo_conflict": conflict}) if conflict else listing
    return facts


@dg.asset(partitions_def=upload_batches, group_name="generation", kinds={"pillow"})
def image_attributes(
    context: dg.AssetExecutionContext, listings: pd.DataFrame,
    artifact_store: dg.ResourceParam[ObjectStore],
) -> pd.DataFrame:
    """Dominant product colours and sizes measured from each listing's photos."""
    frame = photo_attributes(listings, artifact_store)
    context.add_output_metadata({"photos": int(frame["photo_count"].sum()) if len(frame) else 0,
                                 **frame_metadata(frame)})
    return frame


@dg.asset(partitions_def=upload_batches, group_name="generation", deps=["vector_index"])
def retrieved_context(
    context: dg.AssetExecutionContext, config: DraftConfig, listings: pd.DataFrame,
    embedder: dg.ResourceParam[Embedder], vector_store: dg.ResourceParam[VectorStore],
) -> dict:
    """The most similar successful historical listings (same category first) for each listing."""
    examples = retrieve_for_listings(listings, embedder, vector_store.open(read_only=True),
                                      config.context_examples)
    context.add_output_metadata({
        "listings": len(examples),
        "examples": sum(len(v) for v in examples.values()),
        "mean_similarity": float(pd.Series([e.score for v in examples.values() for e in v]).mean())
        if examples else 0.0,
    })
    return examples


@dg.asset(partitions_def=upload_batches, group_name="generation", pool="generator",
          retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
          check_specs=check_specs("description_drafts", DRAFT_CHECKS, upload_batches))
def description_drafts(
    context: dg.AssetExecutionContext, config: DraftConfig, listings: pd.DataFrame,
    image_attributes: pd.DataFrame, retrieved_context: dict, review_attributes: pd.DataFrame,
    generator: dg.ResourceParam[DescriptionGenerator],
    artifact_store: dg.ResourceParam[ObjectStore],
    embedder: dg.ResourceParam[Embedder],
):
    """One JSON draft per listing and locale in the persona publishing will draw (generation/
    planning.py), from its photos and facts, gated, retried once, a fallback persona where
    that still fails; with tokens and list-price cost per listing."""
    check_locales(config.locales)
    facts = listing_facts(listings, image_attributes, review_attributes)
    cache = DraftCache(artifact_store)
    photos = photo_loader(listings, artifact_store)
    allocation, allocation_source = read_allocation(artifact_store)
    plan = (every_persona_plan(facts, config.locales, config.personas) if config.draft_every_persona
            else allocation_plan({k: f.category for k, f in facts.items()}, config.locales, allocation,
                                 variant_pairs=config.variant_pairs))
    drafts = write_drafts(facts, retrieved_context, generator, config.personas, config.locales,
                          load_images=photos, cache=cache,
                          max_concurrent_calls=generator.max_concurrent_calls, plan=plan)
    gates = dict(context_by_listing=retrieved_context, extra_claims=config.extra_risky_claims,
                 embed=embedder.embed)
    per_row = row_failures(drafts, **gates)
    first_failures = gate_report(drafts, **gates, per_row=per_row)
    drafts = retry_failed_gates(drafts, first_failures, retrieved_context, generator, cache,
                                max_concurrent_calls=generator.max_concurrent_calls,
                                load_images=photos)
    # Only the regenerated drafts need their own gates again; the rest did not change.
    retried = {index for index, reasons in first_failures.items() if reasons}
    per_row = {i: r for i, r in per_row.items() if i not in retried} | row_failures(
        drafts, **gates, only=retried)
    failures = gate_report(drafts, **gates, per_row=per_row)
    # Cells whose drafts all failed: the next most likely persona, gated like the rest. Then
    # cells publishing would hold because their drafts repeat another listing's published
    # text: another persona's framing may not (a few rounds; each drafts one more persona).
    fallbacks = fallback_plan(drafts, failures, allocation, config.personas)
    fallback_drafts = drafted_for_repeats = 0
    for round_ in range(1 + MAX_REPEAT_ROUNDS):
        if round_:
            drafts["gate_failures"] = ["; ".join(failures.get(i, [])) for i in drafts.index]
            _, would_hold = select_published(drafts, allocation, allocation_source)
            fallbacks = next_persona_plan(drafts, repeated_cells(would_hold), allocation, config.personas)
            drafted_for_repeats += sum(len(p) for p in fallbacks.values())
        if not fallbacks:
            break
        fallback_drafts += sum(len(p) for p in fallbacks.values())
        extra = write_drafts(facts, retrieved_context, generator, config.personas, config.locales,
                             load_images=photos, cache=cache,
                             max_concurrent_calls=generator.max_concurrent_calls, plan=fallbacks)
        drafts = pd.concat([drafts, extra], ignore_index=True)
        added = set(range(len(drafts) - len(extra), len(drafts)))
        per_row |= row_failures(drafts, **gates, only=added)
        failures = gate_report(drafts, **gates, per_row=per_row)
        plan = {cell: [*plan.get(cell, []), *fallbacks.get(cell, [])] for cell in plan.keys() | fallbacks.keys()}
    drafts["gate_failures"] = ["; ".join(failures.get(i, [])) for i in drafts.index]
    write_quality_summary(artifact_store, context.partition_key, drafts)
    yield dg.Output(drafts, metadata={
        "drafts": len(drafts),
        "generated": int((~drafts["reused"].astype(bool)).sum()),
        "reused_unchanged": int(drafts["reused"].astype(bool).sum()),
        "failed_generation": int((drafts["status"] == "failed").sum()),
        "held_by_generator": int((drafts["status"] == "held").sum()),
        "failed_gates_first_attempt": sum(1 for r in first_failures.values() if r),
        "failed_gates_after_retry": sum(1 for r in failures.values() if r),
        "model_id": generator.model_id,
        "input_tokens": int(drafts["input_tokens"].sum()),
        "output_tokens": int(drafts["output_tokens"].sum()),
        "cost_usd": float(drafts["cost_usd"].sum()),
        "planned_with": allocation_source,
        "fallback_drafts": fallback_drafts,
        "drafted_for_repeats": drafted_for_repeats,
        **cost_per_listing(drafts, generator.model_id),
        "previews": text_previews(drafts, heading=DRAFTS_HEADING),
        "drafts_table": preview_table(drafts),
        **frame_metadata(drafts),
    })
    yield checks.drafts_match_schema(drafts)
    yield checks.drafts_complete(drafts, plan)
    yield checks.drafts_pass_quality_gates(drafts, failures)


QUALITY_PREFIX = "quality"
DRAFTS_HEADING = "Drafts held by a gate come first; a held draft is never published."
HELD_TABLE = ["listing_id", "locale", "category", "reasons", "candidates"]


def write_quality_summary(store: ObjectStore, batch_id: str, drafts: pd.DataFrame) -> str:
    """Per-draft cost and gate outcome, which the weekly report reads across batches."""
    summary = drafts[["listing_id", "locale", "persona", "prompt_version", "model_id", "status",
                      "cost_usd", "input_tokens", "output_tokens", "gate_failures"]].copy()
    summary["batch_id"] = batch_id
    buffer = io.BytesIO()
    summary.to_parquet(buffer, index=False)
    key = f"{QUALITY_PREFIX}/{batch_id}.parquet"
    store.put_bytes(key, buffer.getvalue())
    return key


class PublishConfig(dg.Config):
    # Only for a storefront that splits one listing's traffic between two texts and records the
    # variant in each event; drafting must be told too (DraftConfig.variant_pairs).
    variant_pairs: bool = False
    # Variant "a"'s share of the listing's traffic; "b" gets the rest.
    pair_weight: float = 0.5


@dg.multi_asset(
    partitions_def=upload_batches,
    group_name="generation",
    outs={
        "published_descriptions": dg.AssetOut(
            description="One gate-passing draft per listing and locale, persona chosen by the "
            "prompt-score allocation (or a reviewer's decision)."),
        "review_queue": dg.AssetOut(
            description="Listing × locale cells no draft could be published for, with the reasons."),
    },
    # Publishing reads the newest allocation the daily scoring wrote, not a particular day's.
    deps=[dg.AssetDep("prompt_scores", partition_mapping=dg.LastPartitionMapping())],
    check_specs=check_specs("published_descriptions", PUBLISHED_CHECKS, upload_batches),
)
def publish_descriptions(
    context: dg.AssetExecutionContext, config: PublishConfig, listings: pd.DataFrame,
    description_drafts: pd.DataFrame, artifact_store: dg.ResourceParam[ObjectStore],
):
    allocation, source = read_allocation(artifact_store)
    cells = sorted(set(zip(description_drafts["listing_id"], description_drafts["locale"])))
    approvals = load_approvals(artifact_store, cells)
    chosen, held = select_published(description_drafts, allocation, source, approvals,
                                    pair_weight=config.pair_weight if config.variant_pairs else None)
    now = datetime.now(timezone.utc)
    published = publish(artifact_store, chosen, context.partition_key, now)
    # Every cell's draw and its weights, for the sample-ratio check in prompt_scores.
    draws = assignment_draws(description_drafts, allocation, source, published, approvals)
    log_key = record_assignments(artifact_store, draws, context.partition_key, now)
    yield dg.Output(published, output_name="published_descriptions", metadata={
        "published": len(published),
        "allocation": source,
        "assignment_log": artifact_store.uri(log_key),
        "assignment_outcomes": dg.MetadataValue.json(draws["outcome"].value_counts().to_dict()),
        "personas": dg.MetadataValue.json(published["persona"].value_counts().to_dict()),
        "location": artifact_store.uri("published"),
        "previews": text_previews(published),
        "published_table": preview_table(published),
        **frame_metadata(published),
    })
    yield dg.Output(held, output_name="review_queue", metadata={
        "held_for_review": len(held),
        "queue": table_preview(held, HELD_TABLE, chars=400),
        **frame_metadata(held),
        "how_to_decide": f"write {artifact_store.uri('approvals')}/<locale>/<listing_id>.json",
    })
    yield checks.published_coverage(published, held, listings)
