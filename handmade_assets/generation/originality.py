"""Near-duplicate detection by word 8-gram shingles: copied context and copy-paste listings.

Search engines demote pages whose text repeats other pages; a draft that reuses a retrieved
example's sentences or another listing's text in the same language is not original. Containment
(the share of a draft's shingles found in the other text) catches a draft that copies part of a
longer text, which Jaccard similarity would dilute.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

SHINGLE_WORDS = 8
MAX_CONTEXT_CONTAINMENT = 0.35
# Cosine similarity of sentence embeddings above which a draft paraphrases a retrieved example.
MAX_CONTEXT_SIMILARITY = 0.92
# MiniLM is English-centred: embedding similarity is judged on English drafts only.
EMBEDDING_LOCALES = ("en",)
MAX_SIBLING_CONTAINMENT = 0.70
# Two listings' published descriptions in one locale may share at most this much: above it a
# search engine reads them as one page, and a shopper comparing them reads one text twice.
MAX_PUBLISHED_CONTAINMENT = 0.35
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _share(own: set[tuple[str, ...]], other: set[tuple[str, ...]]) -> float:
    return len(own & other) / len(own) if own else 0.0


def containment(text: str, other: str) -> float:
    return _share(shingles(text), shingles(other))


class ShingledExamples:
    """One listing's retrieved examples (listing id, text), shingled once: every persona ×
    locale draft of the listing is compared with the same examples."""

    def __init__(self, examples: Iterable[tuple[str, str]]):
        self.examples = [(listing_id, shingles(text)) for listing_id, text in examples]

    def failures(self, description: str) -> list[str]:
        own = shingles(description)
        failures = []
        for listing_id, example in self.examples:
            share = _share(own, example)
            if share > MAX_CONTEXT_CONTAINMENT:
                failures.append(f"copies {share:.0%} of retrieved example {listing_id}")
        return failures


def context_failures(description: str, examples: Iterable[tuple[str, str]]) -> list[str]:
    return ShingledExamples(examples).failures(description)


def similarity_failures(drafts: list[tuple[int, str, list[tuple[str, str]]]], embed
                        ) -> dict[int, list[str]]:
    """Drafts (row id, text, [(example id, example text)]) that paraphrase an example closely.

    n-grams miss a reworded copy; the same sentence embeddings that retrieved the examples
    catch it. `embed` returns L2-normalised rows, so a dot product is the cosine.
    """
    examples = sorted({example for _, _, pairs in drafts for example in pairs})
    if not drafts or not examples:
        return {}
    example_rows = {example: i for i, example in enumerate(examples)}
    draft_vectors = embed([text for _, text, _ in drafts])
    example_vectors = embed([text for _, text in examples])
    failures: dict[int, list[str]] = {}
    for (row_id, _, pairs), vector in zip(drafts, draft_vectors):
        for example_id, example_text in pairs:
            cosine = float(vector @ example_vectors[example_rows[(example_id, example_text)]])
            if cosine > MAX_CONTEXT_SIMILARITY:
                failures.setdefault(row_id, []).append(
                    f"paraphrases retrieved example {example_id} (cosine {cosine:.2f})")
    return failures


def sibling_failures(drafts: list[tuple[int, str, str]]) -> dict[int, list[str]]:
    """Drafts (row id, listing id, text) of one persona and locale, in a stable order.

    The first of two near-identical drafts keeps its place; the later one fails, naming the
    listing it repeats. An inverted index over shingles keeps this linear in the batch size.
    """
    index = _ShingleIndex()
    failures: dict[int, list[str]] = {}
    for row_id, listing_id, text in drafts:
        own = shingles(text)
        shared = index.shared(listing_id, own)
        if own and shared:
            other, count = shared.most_common(1)[0]
            if count / len(own) > MAX_SIBLING_CONTAINMENT:
                failures[row_id] = [f"repeats {count / len(own):.0%} of listing {other}'s draft"]
                continue  # a failed draft is not published, so later drafts may resemble it
        index.add(listing_id, own)
    return failures


class _ShingleIndex:
    """Listings' texts by shingle (an inverted index): a new text is compared with all of them
    at once, linear in the batch."""

    def __init__(self) -> None:
        self._holders: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._sizes: dict[str, int] = {}

    def shared(self, listing_id: str, own: set[tuple[str, ...]]) -> Counter:
        """Other listing -> how many of `own`'s shingles its text has."""
        return Counter(other for s in own for other in self._holders.get(s, ()) if other != listing_id)

    def size(self, listing_id: str) -> int:
        return self._sizes[listing_id]

    def add(self, listing_id: str, own: set[tuple[str, ...]]) -> None:
        self._sizes[listing_id] = max(len(own), 1)
        for s in own:
            self._holders[s].add(listing_id)


class PublishedTexts:
    """The descriptions published in one locale so far, shingled."""

    def __init__(self) -> None:
        self._index = _ShingleIndex()

    def repeated(self, listing_id: str, text: str) -> tuple[str, float] | None:
        """The other listing whose published text shares most with `text`, and the share, where
        more than MAX_PUBLISHED_CONTAINMENT of either text is shared (a short text inside a
        longer one counts); otherwise None."""
        own = shingles(text)
        shared = self._index.shared(listing_id, own)
        if not own or not shared:
            return None
        other, share = max(((o, n / min(len(own), self._index.size(o))) for o, n in shared.items()),
                           key=lambda pair: pair[1])
        return (other, share) if share > MAX_PUBLISHED_CONTAINMENT else None

    def add(self, listing_id: str, text: str) -> None:
        self._index.add(listing_id, shingles(text))
