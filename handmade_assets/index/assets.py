"""Index assets: the historical corpus, embeddings of descriptions and review attributes, the k-NN index."""

import io

import dagster as dg
import numpy as np
import pandas as pd

from handmade_assets.index.records import description_records, review_records
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
        }
    )
    return corpus


@dg.asset(group_name="index", kinds={"pytorch"})
def embeddings(
    context: dg.AssetExecutionContext,
    historical_descriptions: pd.DataFrame,
    review_attributes: pd.DataFrame,
    embedder: dg.ResourceParam[Embedder],
) -> dict:
    """Embeddings of every historical description and every listing's review highlights."""
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
    vectors = embedder.embed(records["text"].tolist())
    context.add_output_metadata(
        {
            "vectors": len(records),
            "dimension": int(vectors.shape[1]) if len(vectors) else 0,
            "model_id": embedder.model_id,
            "kinds": dg.MetadataValue.json(records["kind"].value_counts().to_dict()),
        }
    )
    return {"records": records, "vectors": vectors, "model_id": embedder.model_id}


@dg.asset(group_name="index", kinds={"usearch"})
def vector_index(
    context: dg.AssetExecutionContext, embeddings: dict, vector_store: dg.ResourceParam[VectorStore]
) -> dict:
    """The k-NN index, upserted by document id (re-running replaces, never duplicates)."""
    index = vector_store.open()
    before = index.count()
    upserted = index.upsert(embeddings["records"], np.asarray(embeddings["vectors"]))
    index.save()
    summary = {
        "documents": index.count(),
        "upserted": upserted,
        "before": before,
        "model_id": embeddings["model_id"],
    }
    context.add_output_metadata(summary)
    return summary
