"""Issue 14 end to end: a hostile upload set through the sensor and jobs, then every stored byte scanned.

    .venv/bin/python benchmarks/hostile.py [--json PATH] [--seed 14] [--keep DIR]

On the embedded default in a temporary folder (a data dir and a DAGSTER_HOME with the repo's
dagster.yaml): writes the hostile set (handmade_assets_tests/hostile_set.py: 170+ uploads, 35+
reviews and broken review lines, five languages, 150+ planted personal-data strings) and a small
synthetic historical corpus into the landing zone; runs `refresh_index` (reviews, embeddings,
index), two ticks of the landing-zone sensor (now, with the default grace period, so incomplete
uploads wait; then with its clock past the grace period, so they are rejected) and
`process_uploads` for every batch the sensor starts. Jobs run through `dg.execute_job` on the
instance, as a run worker runs them, so the event log, run storage and compute logs are the real
ones.

Then it scans every file written under the data dir (except the landing zone, where the raw
upload is allowed to stay) and DAGSTER_HOME: raw bytes, pickles unpickled (frames as JSON),
parquet read, SQLite databases dumped table by table, images' EXIF/text, JSON \\u escapes and
HTML entities decoded; plus the user prompt the generator would send for each listing
(prompts.user_text over the stored facts and retrieved context). A planted string counts as
stored when it is found case-insensitively with accents folded, names/addresses/e-mails with any
of space, _, -, . between their parts, phones and IBANs also as their digits (or letters and
digits) with separators removed.

Prints and writes (--json) `uploads`, `outcome_records` (listings + rejections; must equal
uploads), `batch_failures` (runs and sensor ticks that failed), `pii_planted`, `pii_stored` (and
`pii_stored_where`: file -> strings), `photo_metadata_left` (each listing's photo as stored in
the artifact store under its `photo_keys`, and as the generator's prepare_image sends it, checked
for EXIF, XMP, ICC, PNG text and planted strings; `photos_unreadable`: keys with no photo),
`over_rejected` (valid listings rejected), `under_rejected`, `injections_published`, and
`pii_false_hits_per_1000` (the scrubber over the real listings in ../shared/data: each
distinct name span was read in context and judged; `pii_hits_per_1000_upper_bound` counts every
replacement other than e-mails and URLs).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import pickle
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from _common import machine  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
N_HISTORICAL = 300


# --- jobs as a run worker runs them (reconstructable: resources come from the environment) ------

def hostile_job_process_uploads():
    from handmade_assets.definitions import build_definitions
    from handmade_assets.resources import local_resources

    return build_definitions(resources=local_resources()).resolve_job_def("process_uploads")


def hostile_job_refresh_index():
    from handmade_assets.definitions import build_definitions
    from handmade_assets.resources import local_resources

    return build_definitions(resources=local_resources()).resolve_job_def("refresh_index")


# --- matching planted strings ------------------------------------------------------------------

_SEP = re.compile(r"[\s_\-.]+")
_DIGIT_SEP = re.compile(r"[\s\-./()+]+")
_UNICODE_ESCAPE = re.compile(r"\\+u([0-9a-fA-F]{4})")


def fold(text: str) -> str:
    """Accents removed, case folded (ß -> ss), separators collapsed to one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SEP.sub(" ", text)


def digit_stream(text: str) -> str:
    return _DIGIT_SEP.sub("", text.casefold())


def decode_escapes(text: str) -> str:
    def one(match):
        try:
            return chr(int(match.group(1), 16))
        except ValueError:
            return match.group(0)
    return html.unescape(_UNICODE_ESCAPE.sub(one, text))


class Matcher:
    def __init__(self, planted):
        self.planted = planted
        self.forms: list[tuple[str, list[str], list[str]]] = []  # (text, folded forms, digit forms)
        for item in planted:
            folded = [fold(item.text)]
            digits = []
            if item.kind == "phone":
                only = re.sub(r"\D", "", item.text)
                digits.append(only)
                if item.text.strip().startswith("+"):
                    digits.append(only[2:])  # the national number without +44/+49/+33/+34/+39
            elif item.kind == "iban":
                compact = re.sub(r"[^0-9A-Za-z]", "", item.text).casefold()
                digits += [compact, re.sub(r"\D", "", compact)]
            self.forms.append((item.text, folded, [d for d in digits if len(d) >= 7]))
        # A secondary, looser check: a planted name's family name alone (5+ letters, whole word).
        self.family = [(item.text, fold(item.text).split()[-1]) for item in planted
                       if item.kind == "name" and len(fold(item.text).split()[-1]) >= 5]

    def find(self, text: str, family: dict[str, set[str]] | None = None, where: str = "") -> set[str]:
        """Planted strings in `text`; family-name-only hits go to `family[where]` when given."""
        text = decode_escapes(text)
        folded = fold(text)
        stream = digit_stream(text)
        found = set()
        for original, folded_forms, digit_forms in self.forms:
            if any(f in folded for f in folded_forms) or any(d in stream for d in digit_forms):
                found.add(original)
        if family is not None:
            for original, surname in self.family:
                if original not in found and surname in folded and re.search(
                        rf"(?<![a-z0-9]){re.escape(surname)}(?![a-z0-9])", folded):
                    family[where].add(f"{surname} (of {original})")
        return found


# --- reading stored files as text ----------------------------------------------------------------

def object_texts(obj, depth: int = 0) -> list[str]:
    import pandas as pd

    if depth > 6:
        return [repr(obj)]
    if isinstance(obj, pd.DataFrame):
        return [obj.to_json(orient="records", force_ascii=False, default_handler=str,
                            date_format="iso")]
    if isinstance(obj, pd.Series):
        return [obj.to_json(force_ascii=False, default_handler=str, date_format="iso")]
    if hasattr(obj, "model_dump_json"):
        return [obj.model_dump_json()]
    if isinstance(obj, dict):
        return [repr(list(obj.keys()))] + [t for v in obj.values() for t in object_texts(v, depth + 1)]
    if isinstance(obj, (list, tuple, set)):
        return [t for v in obj for t in object_texts(v, depth + 1)]
    if isinstance(obj, bytes):
        return [obj.decode("utf-8", "ignore")]
    return [str(obj)]


def _render(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore")
    if isinstance(value, dict):
        return " ".join(f"{_render(k)}={_render(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " ".join(_render(v) for v in value)
    return str(value)


def image_texts(data: bytes) -> list[str]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            texts = [_render(img.info)]
            exif = img.getexif()
            texts.append(_render(dict(exif)))
            for ifd in (0x8825, 0x8769):
                try:
                    texts.append(_render(dict(exif.get_ifd(ifd))))
                except Exception:
                    pass
            if hasattr(img, "text"):
                texts.append(_render(img.text))
            return texts
    except Exception:
        return []


def file_texts(path: Path) -> list[tuple[str, str]]:
    """(part, text) pairs of one stored file."""
    data = path.read_bytes()
    texts = [("bytes", data.decode("utf-8", "ignore")), ("bytes-utf16", data.decode("utf-16-le", "ignore"))
             if data[:2] in (b"\xff\xfe",) else ("", "")]
    if data.startswith(b"SQLite format 3\x00"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
                for table in tables:
                    rows = db.execute(f'select * from "{table}"').fetchall()
                    parts = []
                    for row in rows:
                        for value in row:
                            if isinstance(value, bytes):
                                parts.append(value.decode("utf-8", "ignore"))
                                try:
                                    parts.append(zlib.decompress(value).decode("utf-8", "ignore"))
                                except zlib.error:
                                    pass
                            elif value is not None:
                                parts.append(str(value))
                    texts.append((f"sqlite:{table}", "\n".join(parts)))
        except sqlite3.Error as error:
            texts.append(("sqlite-error", str(error)))
    elif data[:1] == b"\x80":
        try:
            texts += [("unpickled", t) for t in object_texts(pickle.loads(data))]
        except Exception:
            pass
    elif data.startswith(b"PAR1"):
        import pandas as pd

        try:
            texts.append(("parquet", pd.read_parquet(io.BytesIO(data)).to_json(
                orient="records", force_ascii=False, default_handler=str, date_format="iso")))
        except Exception:
            pass
    elif data[:2] == b"\x1f\x8b":
        import gzip

        try:
            texts.append(("gunzip", gzip.decompress(data).decode("utf-8", "ignore")))
        except Exception:
            pass
    if data[:4] in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\x89PNG", b"RIFF", b"GIF8") or data[:3] == b"\xff\xd8\xff":
        texts += [("image-metadata", t) for t in image_texts(data)]
    return [(part, text) for part, text in texts if text]


def scan_tree(base: Path, label: str, matcher: Matcher, skip: Path | None = None,
              family: dict[str, set[str]] | None = None) -> tuple[dict[str, set[str]], int, int]:
    where: dict[str, set[str]] = defaultdict(set)
    files = total = 0
    for dirpath, dirnames, filenames in os.walk(base):
        if skip is not None and Path(dirpath).resolve() == skip.resolve():
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if skip is None or (Path(dirpath) / d).resolve() != skip.resolve()]
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            files += 1
            total += path.stat().st_size
            rel = f"{label}/{path.relative_to(base).as_posix()}"
            for part, text in file_texts(path):
                key = rel if part in ("bytes", "unpickled") else f"{rel} [{part}]"
                for found in matcher.find(text, family, key):
                    where[key].add(found)
    return where, files, total


# --- photos as the generator sends them ----------------------------------------------------------

BENIGN_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
               "progression", "adobe", "adobe_transform", "gamma", "srgb", "transparency",
               "interlace", "aspect", "loop", "duration", "background", "version", "extension",
               "chromaticity", "bits", "optimize", "quality"}


def photo_metadata(data: bytes) -> list[str]:
    """What metadata a prepared photo still carries (EXIF, XMP, ICC, text chunks, comments)."""
    from PIL import Image

    left = []
    with Image.open(io.BytesIO(data)) as img:
        if len(img.getexif()):
            left.append(f"EXIF tags {sorted(img.getexif())[:6]}")
        for key, value in img.info.items():
            if key.lower() in BENIGN_INFO:
                continue
            left.append(f"info[{key}]")
        if getattr(img, "text", None):
            left.append(f"text chunks {sorted(img.text)}")
    for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"ICC_PROFILE"):
        if marker in data:
            left.append(f"bytes {marker!r}")
    return sorted(set(left))


def check_photos(listings, artifacts_root: Path, matcher: Matcher) -> tuple[int, int, list[dict]]:
    """Each listing's stored photo (the copy under `photo_keys` in the artifact store, which is
    what left the landing zone) as stored and as the generator's prepare_image sends it: any
    metadata or planted string left, in its bytes, its metadata or its key."""
    from handmade_assets.drafts import ImageInput
    from handmade_assets.services.generator import prepare_image
    from handmade_assets.services.object_store import LocalObjectStore

    store = LocalObjectStore(root=str(artifacts_root))
    checked, with_metadata_stored, problems = 0, 0, []
    for listing_id, keys in zip(listings["listing_id"], listings["photo_keys"]):
        for key in keys:
            try:
                stored = store.get_bytes(key)
            except Exception as error:
                problems.append({"listing_id": listing_id, "photo": key, "error": type(error).__name__})
                continue
            if photo_metadata(stored):
                with_metadata_stored += 1
            try:
                prepared = prepare_image(ImageInput(format=key.rsplit(".", 1)[-1].lower(), data=stored))
            except Exception as error:
                problems.append({"listing_id": listing_id, "photo": key, "error": type(error).__name__})
                continue
            checked += 1
            left = sorted(set(photo_metadata(stored)) | set(photo_metadata(prepared.data)))
            strings = matcher.find(key)
            for data in (stored, prepared.data):
                for text in [data.decode("latin-1")] + image_texts(data):
                    strings |= matcher.find(text)
            if left or strings:
                problems.append({"listing_id": listing_id, "photo": key, "metadata": left,
                                 "planted": sorted(strings)})
    return checked, with_metadata_stored, problems


# --- the real listings: how often the scrubber replaces something --------------------------------
# Every distinct name span the scrubber finds in the real listings, read in context on 2026-12-06:
# all are people's names (authors, artists, public figures a product names, example names in
# personalisation instructions, a seller's sign-off) except "martin house" (a purple-martin bird
# house). A span not in either list is unjudged and counted as false until someone reads it.
JUDGED_NOT_A_PERSON = {"martin house"}
JUDGED_PEOPLE = {
    "Paul Nash", "Walter Benjamin", "Karl Blossfeldt's", "Karl Blossfeldt", "Barbara Moore",
    "Jane Alexander", "Johann Gustav Hoch", "Rachel Elliot", "Jake Richards", "jake richards",
    "Jennifer Galasso", "Samuel Jessrum de Mesquita", "Michelle Lewis", "Josh Richards",
    "Anthony Louis", "Jody Bergsma", "Benjamin Fawcett", "Lindsay Kokoska", "Anderson", "Thomson",
    "Smith", "Frank Herbert", "Lewis Hamilton", "Peter Jackson", "Theresa Hutch", "Natalie F.",
    "Paolo Barbieri", "Lucy Cavendish", "Janet", "Philip", "Riccardo Gil Ferraro", "Riccardo Gil",
    "Marie Bruce", "Gerald Gardner", "Nadia Turner", "Stewart Farrar", "Jamie Morris",
    "Sasha Graham", "Abigail Larson", "John Tyler Bonner", "Jean Bernard", "Francois Mauriac",
    "Pierre Dumayet", "Honoré De Balzac",
}

def false_hits() -> dict:
    from handmade_assets.reviews.pii import scrub_pii

    kinds: Counter = Counter()
    distinct_names: Counter = Counter()
    listings = 0
    for path in (DATA / "etsy_shops" / "listings.jsonl", DATA / "emma_fr" / "listings.jsonl"):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                listings += 1
                texts = [row.get("title") or "", row.get("description") or ""]
                texts += [t.replace("_", " ") for t in row.get("tags") or [] if isinstance(t, str)]
                texts += [m for m in row.get("materials") or [] if isinstance(m, str)]
                for text in texts:
                    if not isinstance(text, str) or not text:
                        continue
                    result = scrub_pii(text)
                    kinds.update(result.found)
                    if result.found.get("name"):
                        from handmade_assets.reviews import pii

                        for span in pii.find_pii(text, ()):
                            if span.kind == "name":
                                distinct_names[text[span.start:span.end]] += 1
    per_1000 = {kind: round(count * 1000 / listings, 1) for kind, count in sorted(kinds.items())}
    # E-mails and URLs in real listings are real shop contacts and links: true hits, not false.
    not_contact = sum(count for kind, count in kinds.items() if kind not in ("email", "url"))
    false_names = sum(n for span, n in distinct_names.items() if span not in JUDGED_PEOPLE)
    unjudged = sorted(span for span in distinct_names
                      if span not in JUDGED_PEOPLE and span not in JUDGED_NOT_A_PERSON)
    # Phones, addresses, IBANs and cards found in real listings are counted as false too.
    other = sum(count for kind, count in kinds.items() if kind not in ("email", "url", "name"))
    return {"listings": listings, "hits_by_kind": dict(kinds), "per_1000_by_kind": per_1000,
            "judged_false_hits": false_names + other,
            "judged_false_per_1000": round((false_names + other) * 1000 / listings, 1),
            "unjudged_name_spans": unjudged,
            "all_hits_per_1000": round(sum(kinds.values()) * 1000 / listings, 1),
            "non_contact_hits_per_1000": round(not_contact * 1000 / listings, 1),
            "distinct_name_hits": distinct_names.most_common()}


# --- the run -------------------------------------------------------------------------------------

def run(seed: int, workdir: Path) -> dict:
    import dagster as dg

    root, home, outside = workdir / "data", workdir / "dagster_home", workdir / "outside"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["HANDMADE_DATA_DIR"] = str(root)
    os.environ.pop("HANDMADE_UPLOAD_GRACE_MINUTES", None)  # the default grace; the clock moves past it

    from handmade_assets.catalog.sensors import build_landing_zone_sensor
    from handmade_assets.definitions import process_uploads_job
    from handmade_assets.services.prompts import user_text
    from handmade_assets.generation.schema import ListingFacts, RetrievedExample
    from handmade_assets.resources import local_resources
    from handmade_assets_demo.seeding import seed_corpus
    from handmade_assets_tests.hostile_set import build_hostile_set, write_hostile_set

    timings: dict[str, float] = {}
    started = time.perf_counter()
    hostile = build_hostile_set(seed)
    resources = local_resources(root)
    seed_corpus(resources["landing_zone"], N_HISTORICAL, seed)
    write_hostile_set(hostile, root / "landing", outside)
    timings["seed"] = round(time.perf_counter() - started, 1)

    runs: list[dict] = []
    tick_errors: list[str] = []
    batches: list[str] = []

    with dg.DagsterInstance.get() as instance:
        def execute(fn, partition_key=None):
            t0 = time.perf_counter()
            with dg.execute_job(dg.reconstructable(fn), instance=instance, raise_on_error=False,
                                tags={"dagster/partition": partition_key} if partition_key else None
                                ) as result:
                failed_steps = [e.step_key for e in result.all_events if e.is_step_failure]
                runs.append({"job": result.job_def.name, "partition": partition_key,
                             "run_id": result.run_id, "success": result.success,
                             "failed_steps": failed_steps,
                             "seconds": round(time.perf_counter() - t0, 1)})

        execute(hostile_job_refresh_index)
        timings["refresh_index"] = runs[-1]["seconds"]

        now = datetime.now(timezone.utc)
        cursor = None
        for label, clock in (("tick now", now), ("tick past grace", now + timedelta(minutes=11))):
            sensor = build_landing_zone_sensor(process_uploads_job, clock=lambda clock=clock: clock)
            try:
                with dg.build_sensor_context(instance=instance, cursor=cursor, resources={
                        "landing_zone": resources["landing_zone"],
                        "artifact_store": resources["artifact_store"]}) as context:
                    result = sensor(context)
            except Exception as error:  # a failed tick is a batch failure
                tick_errors.append(f"{label}: {type(error).__name__}: {error}")
                continue
            if isinstance(result, dg.SkipReason):
                continue
            cursor = result.cursor or cursor
            for request in result.dynamic_partitions_requests:
                instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
            for request in result.run_requests:
                batches.append(request.partition_key)
                t0 = time.perf_counter()
                execute(hostile_job_process_uploads, request.partition_key)
                timings[f"process_uploads ({label})"] = round(time.perf_counter() - t0, 1)

    # --- outcomes ------------------------------------------------------------------------------
    import pandas as pd

    io_dir = root / "io"

    def load(asset: str, partition: str | None = None):
        path = io_dir / asset / partition if partition else io_dir / asset
        return pickle.loads(path.read_bytes()) if path.exists() else None

    listing_frames, rejection_frames, drafts, contexts = [], [], [], {}
    for batch in batches:
        for name, frames in (("listings", listing_frames), ("rejected_uploads", rejection_frames)):
            frame = load(name, batch)
            if frame is not None:
                frames.append(frame)
        frame = load("description_drafts", batch)
        if frame is not None:
            drafts.append(frame)
        contexts.update(load("retrieved_context", batch) or {})
    listings = pd.concat(listing_frames, ignore_index=True) if listing_frames else pd.DataFrame(
        columns=["upload_id", "listing_id", "photo_keys"])
    rejections = pd.concat(rejection_frames, ignore_index=True) if rejection_frames else pd.DataFrame(
        columns=["upload_id", "field", "reason"])
    outcome: dict[str, list[str]] = defaultdict(list)
    for uid in listings["upload_id"]:
        outcome[uid].append("listing")
    for uid in rejections["upload_id"]:
        outcome[uid].append("rejection")
    reviews_frame = load("customer_reviews")
    reviews_stored = 0 if reviews_frame is None else len(reviews_frame)
    expected = {u.upload_id: u for u in hostile.uploads}
    over = [{"upload_id": uid, "kind": expected[uid].kind,
             "reason": rejections.loc[rejections["upload_id"] == uid, "reason"].iloc[0]}
            for uid, got in outcome.items()
            if uid in expected and expected[uid].expect == "listing" and "rejection" in got]
    under = [{"upload_id": uid, "kind": expected[uid].kind} for uid, got in outcome.items()
             if uid in expected and expected[uid].expect == "rejection" and "listing" in got]
    no_outcome = sorted(uid for uid in expected if uid not in outcome)
    duplicates = sorted(uid for uid, got in outcome.items() if len(got) > 1)

    # --- scan everything stored ----------------------------------------------------------------
    matcher = Matcher(hostile.planted)
    t0 = time.perf_counter()
    where: dict[str, set[str]] = defaultdict(set)
    family: dict[str, set[str]] = defaultdict(set)
    files = size = 0
    for base, label, skip in ((root, "data", root / "landing"), (home, "dagster_home", None)):
        found, n, total = scan_tree(base, label, matcher, skip, family)
        files += n
        size += total
        for key, strings in found.items():
            where[key] |= strings
    # The prompts a model would be sent: user_text over the stored facts and retrieved context.
    prompts = 0
    seen_facts = set()
    for frame in drafts:
        for listing_id, facts_json in zip(frame["listing_id"], frame["facts_json"]):
            if not isinstance(facts_json, str) or facts_json in seen_facts:
                continue
            seen_facts.add(facts_json)
            facts = ListingFacts.model_validate_json(facts_json)
            context = [e if isinstance(e, RetrievedExample) else RetrievedExample.model_validate(e)
                       for e in contexts.get(listing_id, [])]
            text = user_text(facts, context)
            prompts += 1
            for found in matcher.find(text, family, f"prompt user_text [{listing_id}]"):
                where[f"prompt user_text [{listing_id}]"].add(found)
    timings["scan"] = round(time.perf_counter() - t0, 1)
    # Control: the same scanner over the landing zone, where every raw upload keeps its planted
    # strings, must find them all (else the scanner, not the platform, is what misses them).
    control, _n, _size = scan_tree(root / "landing", "landing", matcher)
    control_found = {s for strings in control.values() for s in strings}
    stored = sorted({s for strings in where.values() for s in strings})
    by_text = {p.text: p for p in hostile.planted}

    # --- photos as the model would get them ----------------------------------------------------
    checked, stored_with_metadata, photo_problems = check_photos(listings, root / "artifacts", matcher)
    uploaded_with_metadata = sum(bool(photo_metadata(data)) for upload in hostile.uploads
                                 if upload.expect == "listing" for data in upload.photos.values())

    # --- injections in what was published ------------------------------------------------------
    markers = ["free iphone", "system prompt", "cures anxiety", "evil.example.com", "buy now",
               "developer mode", "krebs heilt", "previous instructions", "instructions précédentes",
               "instrucciones anteriores", "istruzioni precedenti", "vorherigen anweisungen"]
    published_hits = []
    for path in sorted((root / "artifacts" / "published").glob("**/*.json")):
        text = decode_escapes(path.read_text(encoding="utf-8", errors="ignore")).casefold()
        hit = [m for m in markers if m in text]
        if hit:
            published_hits.append({"file": path.relative_to(root).as_posix(), "markers": hit})

    return {
        "uploads": len(hostile.uploads),
        "uploads_expected_listing": sum(u.expect == "listing" for u in hostile.uploads),
        "outcome_records": len(listings) + len(rejections),
        "listings": len(listings),
        "rejections": len(rejections),
        "uploads_without_outcome": no_outcome,
        "uploads_with_two_outcomes": duplicates,
        "batches": batches,
        "runs": runs,
        "batch_failures": sum(not r["success"] for r in runs if r["job"] == "process_uploads")
        + len(tick_errors),
        "other_run_failures": sum(not r["success"] for r in runs if r["job"] != "process_uploads"),
        "tick_errors": tick_errors,
        "reviews": hostile.reviews,
        "broken_review_lines": hostile.broken_review_lines,
        "reviews_stored": reviews_stored,
        "pii_planted": len(hostile.planted),
        "pii_planted_by_kind": dict(Counter(p.kind for p in hostile.planted)),
        "pii_planted_by_language": dict(Counter(p.language for p in hostile.planted)),
        "pii_planted_by_field": dict(Counter(p.field for p in hostile.planted)),
        "pii_stored": len(stored),
        "pii_stored_strings": [{"text": s, "kind": by_text[s].kind, "language": by_text[s].language,
                                "upload_or_review": by_text[s].where, "field": by_text[s].field}
                               for s in stored],
        "pii_stored_where": {key: sorted(v) for key, v in sorted(where.items())},
        "pii_family_name_only_where": {key: sorted(v) for key, v in sorted(family.items())},
        "scanner_control_found_in_landing_zone": len(control_found),
        "scanner_control_missed": sorted(p.text for p in hostile.planted if p.text not in control_found),
        "files_scanned": files,
        "bytes_scanned": size,
        "prompts_scanned": prompts,
        "photos_checked": checked,
        "photos_uploaded_with_metadata": uploaded_with_metadata,
        "photos_stored_with_metadata": stored_with_metadata,
        "photo_metadata_left": len([p for p in photo_problems if p.get("metadata") or p.get("planted")]),
        "photos_unreadable": len([p for p in photo_problems if p.get("error")]),
        "photo_problems": photo_problems,
        "over_rejected": len(over),
        "over_rejected_detail": over,
        "under_rejected": len(under),
        "under_rejected_detail": under,
        "injections_published": len(published_hits),
        "injections_published_detail": published_hits[:50],
        "rejection_reasons": rejections[["upload_id", "field", "reason"]].to_dict("records"),
        "timings_s": timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (default: a temp dir)")
    args = parser.parse_args()
    print(f"# Hostile uploads end to end — {machine()}\n")
    started = time.perf_counter()
    if args.keep:
        if args.keep.exists():
            shutil.rmtree(args.keep)
        args.keep.mkdir(parents=True)
        figures = run(args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            figures = run(args.seed, Path(tmp))
    t0 = time.perf_counter()
    figures["false_hits"] = false_hits()
    figures["pii_false_hits_per_1000"] = figures["false_hits"]["judged_false_per_1000"]
    figures["pii_hits_per_1000_upper_bound"] = figures["false_hits"]["non_contact_hits_per_1000"]
    figures["timings_s"]["false_hits"] = round(time.perf_counter() - t0, 1)
    figures["timings_s"]["total"] = round(time.perf_counter() - started, 1)

    f = figures
    print(f"uploads                 {f['uploads']} ({f['uploads_expected_listing']} valid), "
          f"{f['reviews']} reviews + {f['broken_review_lines']} broken lines "
          f"({f['reviews_stored']} reviews stored)")
    print(f"outcome_records         {f['outcome_records']} ({f['listings']} listings + "
          f"{f['rejections']} rejections); without outcome {len(f['uploads_without_outcome'])}, "
          f"with two {len(f['uploads_with_two_outcomes'])}")
    print(f"batch_failures          {f['batch_failures']} (batches {len(f['batches'])}; other failed runs "
          f"{f['other_run_failures']}; tick errors {len(f['tick_errors'])})")
    for r in f["runs"]:
        print(f"  run {r['job']:<16} {r['partition'] or '-':<24} success={r['success']} "
              f"{r['seconds']} s {('failed steps ' + ', '.join(r['failed_steps'])) if r['failed_steps'] else ''}")
    print(f"pii_planted             {f['pii_planted']} {f['pii_planted_by_kind']}")
    print(f"pii_stored              {f['pii_stored']}  (scanned {f['files_scanned']} files, "
          f"{f['bytes_scanned'] / 2**20:.1f} MB, {f['prompts_scanned']} prompts)")
    for item in f["pii_stored_strings"]:
        print(f"  {item['text']!r} ({item['kind']}, {item['language']}, {item['field']} of {item['upload_or_review']})")
    for key, strings in f["pii_stored_where"].items():
        print(f"  in {key}: {', '.join(strings)}")
    if f["pii_family_name_only_where"]:
        print("  family name alone (secondary, may be an ordinary word):")
        for key, strings in f["pii_family_name_only_where"].items():
            print(f"    in {key}: {', '.join(strings)}")
    print(f"  scanner control: {f['scanner_control_found_in_landing_zone']} of {f['pii_planted']} found in "
          f"the landing zone's raw uploads; missed {f['scanner_control_missed']}")
    print(f"photo_metadata_left     {f['photo_metadata_left']} of {f['photos_checked']} stored photos, "
          f"as stored and as sent to the model ({f['photos_uploaded_with_metadata']} of the valid "
          f"listings' photos uploaded with metadata; {f['photos_stored_with_metadata']} stored with it; "
          f"{f['photos_unreadable']} keys without a photo)")
    for p in f["photo_problems"][:10]:
        print(f"  {p}")
    print(f"over_rejected           {f['over_rejected']}  (under_rejected {f['under_rejected']})")
    for item in f["over_rejected_detail"]:
        print(f"  {item}")
    for item in f["under_rejected_detail"]:
        print(f"  under: {item}")
    print(f"injections_published    {f['injections_published']}")
    fh = f["false_hits"]
    print(f"pii_false_hits_per_1000 {f['pii_false_hits_per_1000']}  ({fh['judged_false_hits']} hits on "
          f"{fh['listings']} real listings judged not personal data, unjudged spans counted as false: "
          f"{fh['unjudged_name_spans']})")
    print(f"  every non-e-mail/URL replacement (upper bound) {f['pii_hits_per_1000_upper_bound']} per 1,000; "
          f"all kinds {fh['all_hits_per_1000']}, by kind {fh['per_1000_by_kind']}")
    print(f"  distinct name hits: {len(fh['distinct_name_hits'])}, most common "
          f"{fh['distinct_name_hits'][:12]}")
    print(f"timings                 {f['timings_s']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False, default=str))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
