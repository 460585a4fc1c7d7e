"""Scoring a scrubber on the planted personal-data sets (`pii_cases.jsonl`, `pii_holdout.jsonl`).

Each case is a text as it would arrive (a description, title, tag, material, photo file name or
review) with the personal data planted in it and the ordinary strings that must survive. A
scrubber is scored as a black box, from its output alone, so today's rules and the new scrubber
are measured the same way:
- a planted string counts as caught when at least 90 % of its letters and digits were replaced
  (a surname left behind, or the last digits of a phone number, is a miss);
- a string to keep counts as a false hit when it no longer appears verbatim.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_SET = HERE / "pii_cases.jsonl"
HOLDOUT_SET = HERE / "pii_holdout.jsonl"
TYPES = ("name", "address", "iban", "phone", "email")
LANGUAGES = ("en", "de", "fr", "es", "it")
CAUGHT_SHARE = 0.9

Scrubber = Callable[[str, tuple[str, ...]], str]


def load_cases(path: Path = DEV_SET) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def replaced_mask(original: str, scrubbed: str, placeholders: Iterable[str]) -> list[bool]:
    """Which characters of `original` a scrubber replaced, given that it only swaps spans for
    placeholders and keeps everything else verbatim."""
    placeholder = "|".join(re.escape(p) for p in sorted(placeholders, key=len, reverse=True))
    literals = re.split(placeholder, scrubbed)
    pattern = "(.+?)".join(re.escape(literal) for literal in literals)
    match = re.fullmatch(pattern, original, flags=re.DOTALL)
    if match is None:
        raise ValueError(f"scrubbed text is not the original with spans replaced: {scrubbed!r}")
    mask = [False] * len(original)
    for group in range(1, len(literals)):
        for index in range(match.start(group), match.end(group)):
            mask[index] = True
    return mask


@dataclass
class Score:
    planted: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    caught: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (case id, type, string)
    negatives: int = 0
    false_hits: list[tuple[str, str]] = field(default_factory=list)  # (case id, string)

    def recall(self, kind: str | None = None, lang: str | None = None) -> float:
        keys = [k for k in self.planted if (kind is None or k[0] == kind) and (lang is None or k[1] == lang)]
        planted = sum(self.planted[k] for k in keys)
        return sum(self.caught[k] for k in keys) / planted if planted else float("nan")

    def counts(self, kind: str | None = None, lang: str | None = None) -> tuple[int, int]:
        keys = [k for k in self.planted if (kind is None or k[0] == kind) and (lang is None or k[1] == lang)]
        return sum(self.caught[k] for k in keys), sum(self.planted[k] for k in keys)


def score(scrub: Scrubber, cases: list[dict], placeholders: Iterable[str]) -> Score:
    placeholders = tuple(placeholders)
    result = Score()
    for case in cases:
        text = case["text"]
        scrubbed = scrub(text, tuple(case.get("known_names", ())))
        mask = replaced_mask(text, scrubbed, placeholders)
        for planted in case["pii"]:
            key = (planted["type"], case["lang"])
            result.planted[key] += 1
            if _caught(text, planted["text"], mask):
                result.caught[key] += 1
            else:
                result.missed.append((case["id"], planted["type"], planted["text"]))
        for keep in case["keep"]:
            result.negatives += 1
            if keep not in scrubbed:
                result.false_hits.append((case["id"], keep))
    return result


def _caught(text: str, planted: str, mask: list[bool]) -> bool:
    start = text.index(planted)
    positions = [i for i in range(start, start + len(planted)) if text[i].isalnum()]
    return sum(mask[i] for i in positions) >= CAUGHT_SHARE * len(positions)


def table(scores: dict[str, Score]) -> str:
    """Recall per type and language, one column per scrubber, then false hits."""
    names = list(scores)
    lines = ["| type | lang | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for kind in (*TYPES, None):
        for lang in (*LANGUAGES, None):
            cells = []
            for name in names:
                caught, planted = scores[name].counts(kind, lang)
                if not planted:
                    break
                cells.append(f"{caught}/{planted} = {caught / planted:.2f}")
            if cells:
                lines.append(f"| {kind or 'all'} | {lang or 'all'} | " + " | ".join(cells) + " |")
    hits = [f"{len(scores[n].false_hits)}/{scores[n].negatives}" for n in names]
    lines.append("| false hits | on negatives | " + " | ".join(hits) + " |")
    return "\n".join(lines)
