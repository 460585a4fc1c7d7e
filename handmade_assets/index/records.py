"""Turn corpus rows and review attributes into the records the vector index stores."""

from __future__ import annotations

import pandas as pd

from handmade_assets.services.vector_store import RECORD_COLUMNS, doc_id_for


def description_records(corpus: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [doc_id_for("description", i) for i in corpus["listing_id"]],
            "listing_id": corpus["listing_id"].astype(str).to_numpy(),
            "kind": "description",
            "category": corpus["category"].to_numpy(),
            "language": corpus["language"].to_numpy(),
            "title": corpus["title"].to_numpy(),
            "text": (corpus["title"] + ". " + corpus["description"]).to_numpy(),
            "successful": corpus["successful"].astype(bool).to_numpy(),
        },
        columns=RECORD_COLUMNS,
    )


def review_records(
    attributes: pd.DataFrame, categories: dict[str, str] | None = None
) -> pd.DataFrame:
    """One record per listing: its review highlights joined, embedded beside its description."""
    with_highlights = attributes.dropna(subset=["highlight"])
    if with_highlights.empty:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    grouped = with_highlights.groupby("listing_id")["highlight"].apply(
        lambda h: "; ".join(sorted(h))
    )
    categories = categories or {}
    return pd.DataFrame(
        {
            "doc_id": [doc_id_for("reviews", i) for i in grouped.index],
            "listing_id": grouped.index.astype(str),
            "kind": "reviews",
            "category": [categories.get(i, "unknown") for i in grouped.index],
            "language": "en",
            "title": "",
            "text": grouped.to_numpy(),
            "successful": False,
        },
        columns=RECORD_COLUMNS,
    )
