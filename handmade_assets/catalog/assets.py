"""Catalog assets: raw uploads of a batch, split into valid listings and rejected uploads."""


import dagster as dg
import pandas as pd

from handmade_assets.lib.ui_metadata import frame_metadata, table_preview
from handmade_assets.catalog.batches import read_manifest
from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.catalog.validation import RawUpload, validate_upload
from handmade_assets.catalog.models import Listing, Rejection
from handmade_assets.lib.language import detect_language
from handmade_assets.services.object_store import ObjectStore, ObjectStoreUnavailable, UnsafeKeyError


def read_upload(landing_zone: ObjectStore, upload_id: str, metadata_key: str, etag: str) -> RawUpload:
    try:
        return RawUpload(upload_id, metadata_key, etag, landing_zone.get_bytes(metadata_key))
    except ObjectStoreUnavailable:
        raise  # the store's fault (credentials, network): retry the run, reject nothing
    except FileNotFoundError:  # deleted after listing, or photos that never got their listing.json
        return RawUpload(upload_id, metadata_key, etag, None,
                         "the upload folder has no listing.json; upload it after the photos")
    except UnsafeKeyError:
        return RawUpload(upload_id, metadata_key, etag, None,
                         "listing.json is a link to a file outside the upload folder; upload the file itself")
    except Exception as exc:  # a denied object, a directory: this upload only
        return RawUpload(upload_id, metadata_key, etag, None, type(exc).__name__)


def split_uploads(uploads: list[RawUpload], landing_zone: ObjectStore, photo_store: ObjectStore
                  ) -> tuple[list[Listing], list[Rejection]]:
    """Listings and rejections of `uploads`; each listing's photos, without metadata and under
    names the platform chooses, are written to `photo_store` (the artifact store)."""
    def read_object(key: str) -> bytes:
        return landing_zone.get_bytes(key)  # raises FileNotFoundError when the photo is absent

    listings, rejections = [], []
    for upload in uploads:
        result = validate_upload(upload, read_object, detect_language, photo_store.put_bytes)
        (listings if isinstance(result, Listing) else rejections).append(result)
    return listings, rejections


LISTING_COLUMNS = list(Listing.model_fields)
REJECTION_COLUMNS = list(Rejection.model_fields)
# What a person needs to answer a seller. The raw excerpt stays in the frame: it is the seller's
# untrusted text, which may name people.
REJECTION_TABLE = ["upload_id", "listing_id", "field", "reason"]


@dg.asset(
    partitions_def=upload_batches,
    group_name="catalog",
    kinds={"python"},
    description="The uploads of one batch as they landed: upload id, metadata key and ETag. "
    "The untrusted bytes stay in the landing zone; only validated, scrubbed text moves on.",
)
def raw_uploads(
    context: dg.AssetExecutionContext,
    artifact_store: dg.ResourceParam[ObjectStore],
) -> pd.DataFrame:
    refs = read_manifest(artifact_store, context.partition_key).uploads
    frame = pd.DataFrame([r.model_dump() for r in refs],
                         columns=["upload_id", "metadata_key", "etag", "last_modified"])
    context.add_output_metadata({"uploads": len(frame), **frame_metadata(frame)})
    return frame


@dg.multi_asset(
    partitions_def=upload_batches,
    group_name="catalog",
    outs={
        "listings": dg.AssetOut(description="Validated, normalized listings of the batch; their "
                                "photos, without metadata, are in the artifact store under "
                                "photos/<listing_id>/ (photo_keys), never under the seller's "
                                "file names."),
        "rejected_uploads": dg.AssetOut(
            description="Uploads turned away, each with a reason naming the listing and field."
        ),
    },
)
def validate_uploads(
    context: dg.AssetExecutionContext,
    raw_uploads: pd.DataFrame,
    landing_zone: dg.ResourceParam[ObjectStore],
    artifact_store: dg.ResourceParam[ObjectStore],
):
    uploads = [read_upload(landing_zone, r.upload_id, r.metadata_key, r.etag)
               for r in raw_uploads.itertuples(index=False)]
    listings, rejections = split_uploads(uploads, landing_zone, artifact_store)
    listings_frame = pd.DataFrame([l.model_dump() for l in listings], columns=LISTING_COLUMNS)
    rejected_frame = pd.DataFrame([r.model_dump() for r in rejections], columns=REJECTION_COLUMNS)
    for rejection in rejections:
        context.log.warning(rejection.reason)
    for listing in listings:
        for note in listing.notes:
            context.log.warning(f"listing {listing.listing_id}: {note}")
    yield dg.Output(
        listings_frame,
        output_name="listings",
        metadata={"listings": len(listings_frame), "categories": dg.MetadataValue.json(
            listings_frame["category"].value_counts().to_dict()),
            "trimmed": sum(1 for listing in listings if listing.notes),
            **frame_metadata(listings_frame)},
    )
    yield dg.Output(
        rejected_frame,
        output_name="rejected_uploads",
        metadata={
            "rejected": len(rejected_frame),
            "rejections": table_preview(rejected_frame, REJECTION_TABLE, chars=400),
            **frame_metadata(rejected_frame),
        },
    )
