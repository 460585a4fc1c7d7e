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
MAX_SIBLING_CONTAINMENT = 0.70
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def containment(text: str, other: str) -> float:
    own = shingles(text)
    return len(own & shingles(other)) / len(own) if own else 0.0


def context_failures(description: str, examples: Iterable[str]) -> list[str]:
    failures = []
    for listing_id, example in examples:
        share = containment(description, example)
        if share > MAX_CONTEXT_CONTAINMENT:
            failures.append(f"copies {share:.0%} of retrieved example {listing_id}")
    return failures


def sibling_failures(drafts: list[tuple[int, str, str]]) -> dict[int, list[str]]:
    """Drafts (row id, listing id, text) of one persona and locale, in a stable order.

    The first of two near-identical drafts keeps its place; the later one fails, naming the
    listing it repeats. An inverted index over shingles keeps this linear in the batch size.
    """
    holders: dict[tuple[str, ...], list[str]] = defaultdict(list)
    failures: dict[int, list[str]] = {}
    for row_id, listing_id, text in drafts:
        own = shingles(text)
        shared = Counter(other for s in own for other in holders[s] if other != listing_id)
        if own and shared:
            other, count = shared.most_common(1)[0]
            if count / len(own) > MAX_SIBLING_CONTAINMENT:
                failures[row_id] = [f"repeats {count / len(own):.0%} of listing {other}'s draft"]
                continue  # a failed draft is not published, so later drafts may resemble it
        for s in own:
            holders[s].append(listing_id)
    return failures
