"""Review assets: customer reviews (scrubbed of personal data on the way in) and their attributes."""

import dagster as dg
import pandas as pd

from handmade_assets.lib.ui_metadata import frame_metadata
from handmade_assets.reviews.attributes import summarize_attributes
from handmade_assets.reviews.landing import read_landed_reviews
from handmade_assets.reviews.pii import scrub_pii
from handmade_assets.services.object_store import ObjectStore

REVIEW_COLUMNS = ["review_id", "listing_id", "rating", "review_title", "review_text", "created_at"]


def scrub_reviews(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Drop reviewer names and scrub personal data from every free-text field."""
    found: dict[str, int] = {}
    scrubbed = raw.copy()
    names = (
        raw["reviewer_name"].fillna("")
        if "reviewer_name" in raw
        else pd.Series("", index=raw.index)
    )
    for column in ("review_title", "review_text"):
        cleaned = []
        for text, name in zip(raw[column].fillna(""), names):
            result = scrub_pii(str(text), known_names=[name] if name else ())
            cleaned.append(result.text)
            for kind, count in result.found.items():
                found[kind] = found.get(kind, 0) + count
        scrubbed[column] = cleaned
    return scrubbed[REVIEW_COLUMNS].reset_index(drop=True), found


@dg.asset(group_name="reviews", kinds={"pandas"})
def customer_reviews(
    context: dg.AssetExecutionContext, landing_zone: dg.ResourceParam[ObjectStore]
) -> pd.DataFrame:
    """Customer reviews with e-mails, phones, addresses, URLs and names removed before storage."""
    landed, bad_lines = read_landed_reviews(landing_zone)
    reviews, found = scrub_reviews(landed)
    for bad in bad_lines:  # set aside, never quoted: the line may hold personal data
        context.log.warning(f"review line skipped: {bad.key} line {bad.line}: {bad.reason}")
    context.add_output_metadata(
        {"reviews": len(reviews), "pii_removed": dg.MetadataValue.json(found),
         "bad_lines": len(bad_lines),
         "bad_lines_detail": dg.MetadataValue.json([bad.as_dict() for bad in bad_lines[:100]]),
         **frame_metadata(reviews)}
    )
    return reviews


@dg.asset(group_name="reviews", kinds={"pandas"})
def review_attributes(
    context: dg.AssetExecutionContext, customer_reviews: pd.DataFrame
) -> pd.DataFrame:
    """Aspects shoppers praise or criticise per listing (material, finish, size, packaging…)."""
    attributes = summarize_attributes(customer_reviews)
    context.add_output_metadata(
        {
            "rows": len(attributes),
            "listings": int(attributes["listing_id"].nunique()) if len(attributes) else 0,
            "highlights": int(attributes["highlight"].notna().sum()) if len(attributes) else 0,
            **frame_metadata(attributes),
        }
    )
    return attributes
