"""Write the planned persona × locale drafts, checkpointing each one and regenerating failures once.

Every finished draft is stored under its content hash (facts, persona, locale, prompt version,
model, context) as soon as its call returns. So a killed run resumes where it stopped, and a
listing whose inputs did not change is never generated (or paid for) twice.

A model call spends its seconds waiting on the network, so up to `max_concurrent_calls` of them
run on threads at once; the rows still come out in (listing, locale, persona) order.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import pandas as pd

from handmade_assets.drafts import ImageInput, ListingFacts, RetrievedExample
from handmade_assets.services.generator import (
    CannotWriteFaithfully,
    DescriptionGenerator,
    GenerationFailed,
)
from handmade_assets.services.object_store import ObjectStore
from handmade_assets.taxonomy import PROMPT_VERSION

DRAFT_COLUMNS = [
    "listing_id", "category", "locale", "persona", "prompt_version", "model_id", "status",
    "attempt", "error", "raw_output", "content_json", "title", "description", "meta_title",
    "meta_description", "input_tokens", "output_tokens", "cost_usd", "content_hash",
    "facts_json", "reused", "gate_failures",
]
DRAFT_CACHE_PREFIX = "drafts"
# Calls submitted ahead of the oldest unfinished one, per worker: enough that one slow call
# (a retry after throttling) does not leave the other workers idle at once, few enough that
# a partition's images are not all loaded before the first draft returns.
WINDOW_PER_WORKER = 4

T = TypeVar("T")
R = TypeVar("R")


def map_in_order(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`work(item)` for each item, up to `workers` at once, yielded in the items' order.

    Items are drawn lazily, at most `WINDOW_PER_WORKER * workers` ahead. An exception from
    `work` is raised in order and cancels what has not started. One worker runs inline: no pool,
    no threads.
    """
    if workers <= 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="draft") as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(work, item))
                if len(pending) >= WINDOW_PER_WORKER * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def content_hash(facts: ListingFacts, persona: str, locale: str, model_id: str,
                 context: Sequence[RetrievedExample], feedback: Sequence[str] = (),
                 images: Sequence[ImageInput] = ()) -> str:
    """Everything that can change a draft; equal hashes mean regeneration would be wasted."""
    digest = hashlib.sha256()
    for part in (facts.model_dump_json(), persona, locale, PROMPT_VERSION, model_id,
                 ",".join(example.listing_id for example in context), "|".join(feedback),
                 # The model sees the photos: a seller who replaces one gets new drafts.
                 ",".join(image.digest for image in images)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class DraftCache:
    """Finished drafts in the artifact store, one small JSON object per content hash."""

    def __init__(self, store: ObjectStore):
        self.store = store

    @staticmethod
    def key(digest: str) -> str:
        return f"{DRAFT_CACHE_PREFIX}/{digest[:2]}/{digest}.json"

    def get(self, digest: str) -> dict | None:
        key = self.key(digest)
        return json.loads(self.store.get_bytes(key)) if self.store.exists(key) else None

    def put(self, digest: str, row: dict) -> None:
        self.store.put_bytes(self.key(digest), json.dumps(row, ensure_ascii=False).encode(),
                             "application/json")


def generate_one(generator: DescriptionGenerator, facts: ListingFacts, persona: str, locale: str,
                 context: list[RetrievedExample], images: list[ImageInput], attempt: int = 1,
                 feedback: Sequence[str] = (), cache: DraftCache | None = None) -> dict:
    digest = content_hash(facts, persona, locale, generator.model_id, context, feedback, images)
    if cache is not None and (cached := cache.get(digest)) is not None:
        return {**cached, "reused": True}
    row = {
        "listing_id": facts.listing_id, "category": facts.category, "locale": locale,
        "persona": persona, "prompt_version": PROMPT_VERSION, "model_id": generator.model_id,
        "attempt": attempt, "content_hash": digest, "facts_json": facts.model_dump_json(),
        "reused": False, "gate_failures": "",
    }
    try:
        result = generator.generate(facts, persona, locale, context, images, feedback=feedback)
    except GenerationFailed as failure:
        # Kept with the raw output, and not cached: the next run tries this draft again. A
        # generator that cannot be faithful in this locale holds the draft for a person.
        status = "held" if isinstance(failure, CannotWriteFaithfully) else "failed"
        return {**row, "status": status, "error": str(failure), "raw_output": failure.raw_output,
                "input_tokens": 0, "output_tokens": 0, "cost_usd": 0.0}
    content = result.content
    row |= {
        "status": "ok", "error": None, "raw_output": None,
        "content_json": content.model_dump_json(), "title": content.title,
        "description": content.description, "meta_title": content.meta_title,
        "meta_description": content.meta_description, "input_tokens": result.input_tokens,
        "output_tokens": result.output_tokens, "cost_usd": result.cost_usd,
    }
    if cache is not None:
        cache.put(digest, row)
    return row


def write_drafts(
    facts_by_listing: dict[str, ListingFacts],
    context_by_listing: dict[str, list[RetrievedExample]],
    generator: DescriptionGenerator,
    personas: Iterable[str],
    locales: Iterable[str],
    load_images: Callable[[str], list[ImageInput]] = lambda listing_id: [],
    cache: DraftCache | None = None,
    max_concurrent_calls: int = 1,
    plan: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per listing × locale × persona, in that order. `plan` ((listing_id, locale) ->
    personas, see generation/planning.py) narrows the personas per cell; without it every
    persona is drafted in every locale. `max_concurrent_calls` is the generator resource's
    setting: the asset passes it, tests choose their own."""
    personas, locales = list(personas), list(locales)

    def drafts() -> Iterator[tuple]:
        for listing_id, facts in facts_by_listing.items():
            cells = [(locale, personas if plan is None else plan.get((listing_id, locale), []))
                     for locale in locales]
            if not any(wanted for _, wanted in cells):
                continue
            context = context_by_listing.get(listing_id, [])
            images = load_images(listing_id)
            for locale, wanted in cells:
                for persona in wanted:
                    yield facts, persona, locale, context, images

    def write(draft: tuple) -> dict:
        facts, persona, locale, context, images = draft
        return generate_one(generator, facts, persona, locale, context, images, cache=cache)

    rows = list(map_in_order(write, drafts(), max_concurrent_calls))
    return pd.DataFrame(rows, columns=DRAFT_COLUMNS)


def retry_failed_gates(
    drafts: pd.DataFrame,
    failures: dict[int, list[str]],
    context_by_listing: dict[str, list[RetrievedExample]],
    generator: DescriptionGenerator,
    cache: DraftCache | None = None,
    max_concurrent_calls: int = 1,
    load_images: Callable[[str], list[ImageInput]] = lambda listing_id: [],
) -> pd.DataFrame:
    """Regenerate each draft that failed a gate once, telling the generator what failed (with
    the same photos as the first attempt)."""
    drafts = drafts.copy()
    # Inputs are read from the frame here and rows written back here: pandas is not safe to
    # read on the workers while this thread writes.
    retry = []
    for index, reasons in failures.items():
        if not reasons or drafts.at[index, "attempt"] != 1:
            continue
        row = drafts.loc[index]
        retry.append((index, ListingFacts.model_validate_json(row["facts_json"]), row["persona"],
                      row["locale"], context_by_listing.get(row["listing_id"], []), reasons))

    def with_photos() -> Iterator[tuple]:
        # Drafts come in listing order: each listing's photos are read once, as its first retry
        # is submitted, and never a whole partition's at once (as in write_drafts).
        listing_id, images = None, []
        for item in retry:
            if item[1].listing_id != listing_id:
                listing_id, images = item[1].listing_id, load_images(item[1].listing_id)
            yield (*item, images)

    def regenerate(item: tuple) -> dict:
        _, facts, persona, locale, context, reasons, images = item
        return generate_one(generator, facts, persona, locale, context, images, attempt=2,
                            feedback=reasons, cache=cache)

    retried_rows = map_in_order(regenerate, with_photos(), max_concurrent_calls)
    for (index, *_), retried in zip(retry, retried_rows):
        for column, value in retried.items():
            drafts.at[index, column] = value
    return drafts
