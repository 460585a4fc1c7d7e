"""Turn one raw upload into a `Listing` or a `Rejection` that names the listing and the field.

Every check here is about the upload alone, so one bad upload never affects the rest of a batch.
A seller's photo file names may name people ("jane-doe-kitchen.jpg"): a photo leaves the landing
zone without its metadata under a name the platform chooses (`photo_key`), and rejections name
photos by their place in listing.json ("photo 2 of 3"), never by file name.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from handmade_assets.taxonomy import category_group
from handmade_assets.catalog.models import LISTING_ID_PATTERN, Listing, Rejection, UploadMetadata
from handmade_assets.reviews.pii import scrub_json_text, scrub_pii
from handmade_assets.services.object_store import ObjectStoreUnavailable, UnsafeKeyError
from handmade_assets.services.photo_metadata import CONTENT_TYPES, EXTENSIONS, without_metadata

MAX_METADATA_BYTES = 256 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# 40 megapixels: larger than any camera photo a seller sends, far smaller than a decompression bomb.
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RAW_EXCERPT_CHARS = 2000
# Where a valid listing's photos are kept once they leave the landing zone (in the artifact store).
PHOTOS_PREFIX = "photos"
# A JSON string or a bare word that is a picture's file name, in a rejected upload's excerpt.
_PHOTO_NAME_LITERAL = re.compile(
    r'"(?:[^"\\\n]|\\.)*\.(?i:jpe?g|png|webp|gif|heic|heif|tiff?|bmp|avif)"')
_PHOTO_NAME_WORD = re.compile(r"[\w.@+%-]+\.(?i:jpe?g|png|webp|gif|heic|heif|tiff?|bmp|avif)\b")
PHOTO_PLACEHOLDER = "[PHOTO]"

# `store_photo(key, data, content_type)`, as `ObjectStore.put_bytes`.
StorePhoto = Callable[[str, bytes, str], object]


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


def photo_key(listing_id: str, position: int, fmt: str, data: bytes) -> str:
    """The key of a listing's photo outside the landing zone: its position in listing.json and
    a hash of its bytes (so a replaced photo gets a new key and a re-run writes the same one),
    never the seller's file name."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{PHOTOS_PREFIX}/{listing_id}/photo-{position:02d}-{digest}.{EXTENSIONS[fmt]}"


def photo_label(index: int, count: int) -> str:
    return f"photo {index + 1} of {count}"


def check_photo(data: bytes, index: int = 0, count: int = 1) -> tuple[int, int]:
    """Return (width, height) of the photo at `index` of `count` in listing.json if a seller may
    publish it, or raise UploadRejected naming it by place ("photo 2 of 3", field `photos.1`)."""
    field, label = f"photos.{index}", photo_label(index, count)
    if not data:
        raise UploadRejected(field, f"{label} file is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise UploadRejected(field, f"{label} is {len(data):,} bytes; the limit is {MAX_PHOTO_BYTES:,}")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x its own pixel limit; a bomb is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise UploadRejected(
                        field, f"{label} is {width}x{height} px; the limit is {MAX_PHOTO_PIXELS:,} pixels"
                    )
                if image.format not in ALLOWED_PHOTO_FORMATS:
                    raise UploadRejected(field, f"{label} is a {image.format} file; upload JPEG, "
                                         "PNG, WebP or GIF")
                image.load()  # decodes fully: truncated files fail here, not later
    except UploadRejected:
        raise
    except UnidentifiedImageError:
        raise UploadRejected(field, f"{label} is not a readable image (unknown format)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(field, f"{label} looks like a decompression bomb: {error}") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadRejected(field, f"{label} is not a readable image: {error}") from None
    except Exception as error:  # a decoder's own bug (struct.error, IndexError...) on odd bytes
        raise UploadRejected(field, f"{label} is not a readable image ({type(error).__name__})") from None
    return width, height


def validate_upload(upload: RawUpload, read_object: Callable[[str], bytes], detect_language,
                    store_photo: StorePhoto) -> Listing | Rejection:
    """Validate metadata, then every photo it names; `read_object(key)` returns bytes or raises.
    A valid listing's photos, without their metadata, go to `store_photo(key, data,
    content_type)` under `photo_key`s, which the Listing's `photo_keys` hold.

    Whatever one upload holds (bytes, names, links) ends as its Listing or its Rejection; only
    a failing store (`ObjectStoreUnavailable`: credentials, network, or any failure to keep a
    photo) is raised, since that is no upload's fault and a retry of the run helps."""
    try:
        return _validate_upload(upload, read_object, detect_language, store_photo)
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
    # The untouched original stays in the landing zone; the excerpt kept here is scrubbed, and
    # photo file names (which may name people whatever the scrubber knows) are left out.
    try:
        text = (upload.metadata or b"")[:RAW_EXCERPT_CHARS].decode("utf-8", "replace")
        return scrub_json_text(without_photo_names(text)).text
    except Exception:  # never keep text the scrubber could not read
        return ""


def without_photo_names(text: str) -> str:
    """`text` (JSON, or what was meant to be) with every picture file name, quoted or bare,
    replaced by "[PHOTO]"."""
    text = _PHOTO_NAME_LITERAL.sub(f'"{PHOTO_PLACEHOLDER}"', text)
    return _PHOTO_NAME_WORD.sub(PHOTO_PLACEHOLDER, text)


def _validate_upload(upload: RawUpload, read_object: Callable[[str], bytes], detect_language,
                     store_photo: StorePhoto) -> Listing | Rejection:
    listing_id = None
    try:
        metadata = parse_metadata(upload)
        listing_id = metadata.listing_id
        folder = upload.metadata_key.rsplit("/", 1)[0]
        photos = []  # (format, bytes without metadata) of each photo, in listing.json's order
        for index, name in enumerate(metadata.photos):
            photos.append(_read_photo(read_object, f"{folder}/{name}", index, len(metadata.photos)))
    except UploadRejected as rejected:
        return _rejection(upload, listing_id, rejected)
    # Sellers paste contact details into descriptions and their names into tags and materials;
    # none of it may reach prompts, the index or the stored listing.
    title, seller_text = scrub_pii(metadata.title), scrub_pii(metadata.description)
    tags = [scrub_pii(tag.replace("_", " ").strip()) for tag in metadata.tags]
    materials = [scrub_pii(material) for material in metadata.materials]
    listing = Listing(
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
        photo_keys=[photo_key(metadata.listing_id, index + 1, fmt, data)
                    for index, (fmt, data) in enumerate(photos)],
        language=detect_language(f"{title.text}. {seller_text.text}"),
        metadata_key=upload.metadata_key,
        etag=upload.etag,
        notes=metadata.notes,
    )
    for key, (fmt, data) in zip(listing.photo_keys, photos):
        try:
            store_photo(key, data, CONTENT_TYPES[fmt])
        except ObjectStoreUnavailable:
            raise
        except Exception as error:  # the platform's own store: never the upload's fault
            raise ObjectStoreUnavailable(
                f"could not keep {key}: {type(error).__name__}: {error}") from error
    return listing


def _read_photo(read_object: Callable[[str], bytes], key: str, index: int,
                count: int) -> tuple[str, bytes]:
    """(format, bytes without metadata) of one photo an upload names, or UploadRejected naming
    it by place; the seller's file name (`key`) never goes into a reason."""
    field, label = f"photos.{index}", photo_label(index, count)
    try:
        data = read_object(key)
    except (FileNotFoundError, KeyError):
        raise UploadRejected(field, f"{label} is missing from the upload folder; upload the photo, "
                             "then listing.json again") from None
    except UnsafeKeyError:
        raise UploadRejected(field, f"{label} is a link to a file outside the upload folder; "
                             "upload the photo file itself") from None
    except ObjectStoreUnavailable:
        raise
    except Exception as error:  # a directory, a denied object, an unreadable file
        raise UploadRejected(field, f"{label} could not be read ({type(error).__name__})") from None
    check_photo(data, index, count)
    try:
        return without_metadata(data)
    except Exception as error:  # decoded by check_photo, yet its container cannot be rewritten
        raise UploadRejected(field, f"{label} could not be saved without its metadata "
                             f"({type(error).__name__}); save it again as JPEG or PNG") from None
