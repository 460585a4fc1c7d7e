"""Index assets: the historical corpus, embeddings of descriptions and review attributes, the k-NN index."""

import io
from datetime import timedelta

import dagster as dg
import numpy as np
import pandas as pd

from handmade_assets.lib.ui_metadata import frame_metadata
from handmade_assets.index.records import description_records, review_records
from handmade_assets.index.refresh import plan_refresh, read_manifest, write_manifest
from handmade_assets.services.embedder import Embedder
from handmade_assets.services.object_store import ObjectStore
from handmade_assets.services.vector_store import VectorStore

HISTORICAL_PREFIX = "historical"


def load_historical(landing_zone: ObjectStore) -> pd.DataFrame:
    frames = [
        pd.read_parquet(io.BytesIO(landing_zone.get_bytes(info.key)))
        for info in landing_zone.list_objects(HISTORICAL_PREFIX)
        if info.key.endswith(".parquet")
    ]
    if not frames:
        raise FileNotFoundError(f"no parquet files under {HISTORICAL_PREFIX}/ in the landing zone")
    return pd.concat(frames, ignore_index=True).drop_duplicates("listing_id", keep="last")


@dg.asset(group_name="index", kinds={"pandas"})
def historical_descriptions(
    context: dg.AssetExecutionContext, landing_zone: dg.ResourceParam[ObjectStore]
) -> pd.DataFrame:
    """Past listings' descriptions with their engagement, the corpus RAG retrieves from."""
    corpus = load_historical(landing_zone)
    context.add_output_metadata(
        {
            "descriptions": len(corpus),
            "successful": int(corpus["successful"].sum()),
            "languages": dg.MetadataValue.json(corpus["language"].value_counts().to_dict()),
            **frame_metadata(corpus),
        }
    )
    return corpus


@dg.asset(group_name="index", kinds={"pytorch"})
def embeddings(
    context: dg.AssetExecutionContext,
    historical_descriptions: pd.DataFrame,
    review_attributes: pd.DataFrame,
    embedder: dg.ResourceParam[Embedder],
    vector_store: dg.ResourceParam[VectorStore],
    artifact_store: dg.ResourceParam[ObjectStore],
) -> dict:
    """Embeddings of the historical descriptions and review highlights that are new or changed
    since the index was last saved (all of them the first time, or after a model change)."""
    records = pd.concat(
        [
            description_records(historical_descriptions),
            review_records(
                review_attributes,
                dict(
                    zip(historical_descriptions["listing_id"], historical_descriptions["category"])
                ),
            ),
        ],
        ignore_index=True,
    )
    plan = plan_refresh(records, read_manifest(artifact_store), embedder.model_id,
                        vector_store.open(read_only=True).doc_ids())
    vectors = embedder.embed(plan.to_embed["text"].tolist())
    context.add_output_metadata(
        {
            "documents": len(plan.manifest),
            "embedded": len(plan.to_embed),
            "unchanged": plan.unchanged,
            "removed": len(plan.removed),
            "dimension": int(vectors.shape[1]) if len(vectors) else 0,
            "model_id": embedder.model_id,
            "kinds": dg.MetadataValue.json(plan.to_embed["kind"].value_counts().to_dict()),
        }
    )
    return {"records": plan.to_embed, "vectors": vectors, "removed": plan.removed,
            "manifest": plan.manifest, "model_id": embedder.model_id}


# The nightly refresh starts at 01:00. Retrieval still works from a day-old index, so a missed
# night is a warning and only a second one a failure.
@dg.asset(group_name="index", kinds={"usearch"},
          freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=50),
                                                          warn_window=timedelta(hours=26)))
def vector_index(
    context: dg.AssetExecutionContext, embeddings: dict,
    vector_store: dg.ResourceParam[VectorStore], artifact_store: dg.ResourceParam[ObjectStore],
) -> dict:
    """The k-NN index, upserted by document id (re-running replaces, never duplicates)."""
    index = vector_store.open()
    before = index.count()
    records, vectors = embeddings["records"], np.asarray(embeddings["vectors"])
    upserted = index.upsert(records, vectors) if len(records) else 0
    deleted = index.delete(embeddings["removed"]) if embeddings["removed"] else 0
    index.save()
    # After the save, never before: a manifest ahead of the index would skip unsaved documents.
    write_manifest(artifact_store, embeddings["manifest"])
    summary = {
        "documents": index.count(),
        "upserted": upserted,
        "deleted": deleted,
        "before": before,
        "model_id": embeddings["model_id"],
    }
    context.add_output_metadata(summary)
    return summary
