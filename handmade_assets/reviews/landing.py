"""Reading landed review files (JSON Lines) one line at a time, so one broken line costs itself.

A line that is not UTF-8, not JSON, not an object, without its ids, or holding text that cannot
be written back (an unpaired surrogate) is set aside with its file, line number and reason;
every other line is ingested. The reason never quotes the line: it may hold personal data.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass

import pandas as pd

from handmade_assets.services.object_store import ObjectStore, ObjectStoreUnavailable

REVIEWS_PREFIX = "reviews"
REQUIRED_FIELDS = ("review_id", "listing_id")


@dataclass(frozen=True)
class BadLine:
    key: str
    line: int  # 1-based; 0 when the whole file could not be read
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def good_lines(key: str, data: bytes) -> tuple[list[bytes], list[BadLine]]:
    """The lines of one file that make a review, re-encoded as clean UTF-8 JSON, and the rest."""
    good: list[bytes] = []
    bad: list[BadLine] = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad.append(BadLine(key, number, f"not UTF-8 (byte {error.start})"))
            continue
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            bad.append(BadLine(key, number, f"not JSON: {getattr(error, 'msg', 'nested too deeply')}"))
            continue
        if not isinstance(record, dict):
            bad.append(BadLine(key, number, f"expected a JSON object, got {type(record).__name__}"))
            continue
        missing = [field for field in REQUIRED_FIELDS if record.get(field) in (None, "")]
        if missing:
            bad.append(BadLine(key, number, f"missing {', '.join(missing)}"))
            continue
        try:
            # Escapes such as "\ud800" decode to text no file or index can store.
            good.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        except (UnicodeEncodeError, ValueError) as error:
            bad.append(BadLine(key, number, f"holds text that is not valid Unicode ({type(error).__name__})"))
    return good, bad


def read_landed_reviews(landing_zone: ObjectStore) -> tuple[pd.DataFrame, list[BadLine]]:
    """Every good review line under `reviews/` (the last copy of a review id wins) and the lines
    set aside. Raises only when there is nothing to ingest or the store itself fails."""
    lines: list[bytes] = []
    bad: list[BadLine] = []
    keys = [info.key for info in landing_zone.list_objects(REVIEWS_PREFIX) if info.key.endswith(".jsonl")]
    if not keys:
        raise FileNotFoundError(f"no review files under {REVIEWS_PREFIX}/ in the landing zone")
    for key in keys:
        try:
            data = landing_zone.get_bytes(key)
        except ObjectStoreUnavailable:
            raise
        except Exception as error:  # deleted after listing, unreadable: this file only
            bad.append(BadLine(key, 0, f"file could not be read ({type(error).__name__})"))
            continue
        file_lines, file_bad = good_lines(key, data)
        lines += file_lines
        bad += file_bad
    if not lines:
        raise ValueError(f"no readable review lines under {REVIEWS_PREFIX}/: {len(bad)} set aside, "
                         f"first: {bad[0].key} line {bad[0].line}: {bad[0].reason}" if bad else
                         f"the review files under {REVIEWS_PREFIX}/ are empty")
    # One read of the clean lines keeps pandas' own typing (dates, numbers) of the good data.
    frame = pd.read_json(io.BytesIO(b"\n".join(lines)), lines=True, dtype={"listing_id": str})
    return frame.drop_duplicates("review_id", keep="last").reset_index(drop=True), bad
