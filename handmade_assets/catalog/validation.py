"""Turn one raw upload into a `Listing` or a `Rejection` that names the listing and the field.

Every check here is about the upload alone, so one bad upload never affects the rest of a batch.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from handmade_assets.taxonomy import category_group
from handmade_assets.catalog.models import LISTING_ID_PATTERN, Listing, Rejection, UploadMetadata
from handmade_assets.reviews.pii import scrub_json_text, scrub_pii
from handmade_assets.services.object_store import ObjectStoreUnavailable, UnsafeKeyError

MAX_METADATA_BYTES = 256 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# 40 megapixels: larger than any camera photo a seller sends, far smaller than a decompression bomb.
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RAW_EXCERPT_CHARS = 2000


@dataclass(frozen=True)
class RawUpload:
    upload_id: str
    metadata_key: str
    etag: str
    metadata: bytes | None
    read_error: str | None = None


class UploadRejected(Exception):
    def __init__(self, field: str, reason: str, listing_id: str | None = None):
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.listing_id = listing_id


def parse_metadata(upload: RawUpload) -> UploadMetadata:
    if upload.metadata is None:
        raise UploadRejected("listing.json", f"could not read metadata: {upload.read_error}")
    if len(upload.metadata) > MAX_METADATA_BYTES:
        raise UploadRejected(
            "listing.json",
            f"metadata is {len(upload.metadata):,} bytes; the limit is {MAX_METADATA_BYTES:,}",
        )
    try:
        document = json.loads(upload.metadata.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UploadRejected("listing.json", f"metadata is not UTF-8: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise UploadRejected(
            "listing.json", f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise UploadRejected("listing.json", "JSON nested too deeply") from None
    if not isinstance(document, dict):
        raise UploadRejected("listing.json", f"expected a JSON object, got {type(document).__name__}")
    if document.get("listing_id") in (None, "") and re.fullmatch(LISTING_ID_PATTERN, upload.upload_id):
        # The seller tool names the upload folder after the listing; a document without its own
        # id takes the folder's.
        document["listing_id"] = upload.upload_id
    listing_id = document.get("listing_id") if isinstance(document.get("listing_id"), str) else None
    try:
        return UploadMetadata.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "listing.json"
        raise UploadRejected(field, f"{first['msg']}", listing_id=_safe_id(listing_id)) from None


def _safe_id(listing_id: str | None) -> str | None:
    return listing_id[:64] if listing_id else None


def check_photo(name: str, data: bytes) -> tuple[int, int]:
    """Return (width, height) of a photo a seller may publish, or raise UploadRejected."""
    field = f"photos[{name}]"
    if not data:
        raise UploadRejected(field, "photo file is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise UploadRejected(field, f"photo is {len(data):,} bytes; the limit is {MAX_PHOTO_BYTES:,}")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x its own pixel limit; a bomb is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise UploadRejected(
                        field, f"photo is {width}x{height} px; the limit is {MAX_PHOTO_PIXELS:,} pixels"
                    )
                if image.format not in ALLOWED_PHOTO_FORMATS:
                    raise UploadRejected(field, f"photo format {image.format} is not accepted")
                image.load()  # decodes fully: truncated files fail here, not later
    except UploadRejected:
        raise
    except UnidentifiedImageError:
        raise UploadRejected(field, "photo is not a readable image (unknown format)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(field, f"photo looks like a decompression bomb: {error}") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadRejected(field, f"photo is not a readable image: {error}") from None
    except Exception as error:  # a decoder's own bug (struct.error, IndexError...) on odd bytes
        raise UploadRejected(field, f"photo is not a readable image ({type(error).__name__})") from None
    return width, height


def validate_upload(upload: RawUpload, read_object, detect_language) -> Listing | Rejection:
    """Validate metadata, then every photo it names; `read_object(key)` returns bytes or raises.

    Whatever one upload holds (bytes, names, links) ends as its Listing or its Rejection; only
    a failing store (`ObjectStoreUnavailable`: credentials, network) is raised, since that is
    no upload's fault and a retry of the run helps."""
    try:
        return _validate_upload(upload, read_object, detect_language)
    except ObjectStoreUnavailable:
        raise
    except Exception as error:  # a bug or a library's surprise must cost one upload, not a batch
        # The exception's text may quote the upload's content; only its type goes in the reason.
        return _rejection(upload, None, UploadRejected(
            "listing.json", f"the upload could not be processed ({type(error).__name__})"))


def _rejection(upload: RawUpload, listing_id: str | None, rejected: UploadRejected) -> Rejection:
    listing_id = rejected.listing_id or listing_id
    return Rejection(
        upload_id=upload.upload_id,
        listing_id=listing_id,
        # Field and reason may quote the upload (a photo's file name, a pydantic message); they
        # reach the event log, asset metadata and compute logs, so they are scrubbed too.
        field=scrub_pii(rejected.field).text,
        reason=scrub_pii(
            f"listing {listing_id or upload.upload_id}: field {rejected.field}: {rejected.reason}").text,
        metadata_key=upload.metadata_key,
        etag=upload.etag,
        raw_excerpt=_raw_excerpt(upload),
    )


def _raw_excerpt(upload: RawUpload) -> str:
    # The untouched original stays in the landing zone; the excerpt kept here is scrubbed.
    try:
        return scrub_json_text((upload.metadata or b"")[:RAW_EXCERPT_CHARS].decode("utf-8", "replace")).text
    except Exception:  # never keep text the scrubber could not read
        return ""


def _validate_upload(upload: RawUpload, read_object, detect_language) -> Listing | Rejection:
    listing_id = None
    try:
        metadata = parse_metadata(upload)
        listing_id = metadata.listing_id
        folder = upload.metadata_key.rsplit("/", 1)[0]
        photo_keys = []
        for name in metadata.photos:
            key = f"{folder}/{name}"
            try:
                data = read_object(key)
            except (FileNotFoundError, KeyError):
                raise UploadRejected(f"photos[{name}]", "photo file is missing from the upload folder; "
                                     "upload the photo, then listing.json again") from None
            except UnsafeKeyError:
                raise UploadRejected(f"photos[{name}]", "photo is a link to a file outside the "
                                     "upload folder; upload the photo file itself") from None
            except ObjectStoreUnavailable:
                raise
            except Exception as error:  # a directory, a denied object, an unreadable file
                raise UploadRejected(
                    f"photos[{name}]", f"photo could not be read ({type(error).__name__})") from None
            check_photo(name, data)
            photo_keys.append(key)
    except UploadRejected as rejected:
        return _rejection(upload, listing_id, rejected)
    # Sellers paste contact details into descriptions and their names into tags and materials;
    # none of it may reach prompts, the index or the stored listing.
    title, seller_text = scrub_pii(metadata.title), scrub_pii(metadata.description)
    tags = [scrub_pii(tag.replace("_", " ").strip()) for tag in metadata.tags]
    materials = [scrub_pii(material) for material in metadata.materials]
    return Listing(
        listing_id=metadata.listing_id,
        upload_id=upload.upload_id,
        seller_id=metadata.seller_id,
        category=category_group(metadata.category),
        seller_category=metadata.category,
        title=title.text,
        seller_text=seller_text.text,
        pii_removed=sum(sum(r.found.values()) for r in (title, seller_text, *tags, *materials)),
        price=metadata.price,
        quantity=metadata.quantity,
        currency=metadata.currency,
        materials=[material.text for material in materials],
        tags=[tag.text for tag in tags],
        photo_keys=photo_keys,
        language=detect_language(f"{title.text}. {seller_text.text}"),
        metadata_key=upload.metadata_key,
        etag=upload.etag,
        notes=metadata.notes,
    )
