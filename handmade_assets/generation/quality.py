"""Quality gates every draft passes before it may be published.

Each gate returns the reasons a draft fails (empty when it passes); the asset checks report
them and publishing skips any draft with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
from pydantic import ValidationError

from handmade_assets.generation.originality import (
    EMBEDDING_LOCALES,
    ShingledExamples,
    sibling_failures,
    similarity_failures,
)

from handmade_assets.generation.restrictions import (
    care_actions,
    find_restrictions,
    restriction_pattern,
    restriction_spans,
)
from handmade_assets.generation.schema import DraftContent, ListingFacts, RetrievedExample
from handmade_assets.lib.language import detect_language
from handmade_assets.taxonomy import check_locales

# Claims a draft may make only when the seller's own text (in any language) or a fact makes them,
# grouped by concept so a German "Bio-Baumwolle" is supported by a seller's "organic cotton".
RISKY_CLAIMS: dict[str, tuple[str, ...]] = {
    "eco-friendly": ("eco-friendly", "eco friendly", "umweltfreundlich", "écologique", "ecológico",
                     "ecologico", "ecosostenibile"),
    "organic": ("organic", "biologisch", "bio", "biologique", "orgánico", "orgánica", "biologico",
                "biologica"),
    "antimicrobial": ("antimicrobial", "antibacterial", "antimikrobiell", "antibakteriell",
                      "antibactérien", "antimicrobien", "antibacteriano", "antimicrobiano",
                      "antibatterico"),
    "hypoallergenic": ("hypoallergenic", "hypoallergen", "hypoallergénique", "hipoalergénico",
                       "ipoallergenico"),
    "non-toxic": ("non-toxic", "nontoxic", "ungiftig", "non toxique", "no tóxico", "atossico",
                  "non tossico"),
    "food-safe": ("food safe", "food-safe", "lebensmittelecht", "contact alimentaire",
                  "apto para alimentos", "per alimenti", "adatto agli alimenti"),
    "lead-free": ("lead-free", "lead free", "bleifrei", "sans plomb", "sin plomo", "senza piombo"),
    "medical": ("cures", "heals", "healing", "heilt", "guérit", "cura", "guarisce", "curativo"),
}


def _claim_form(form: str) -> str:
    # Long stems take inflections ("umweltfreundliches"); short ones ("bio") must stand alone.
    return re.escape(form) + (r"\w*" if len(form) >= 7 else r"(?!\w)")


_CLAIM_PATTERNS = {
    concept: re.compile(r"(?<!\w)(?:" + "|".join(map(_claim_form, forms)) + ")", re.I)
    for concept, forms in RISKY_CLAIMS.items()
}
# Text that means the model talked about itself or the prompt instead of the product.
META_TEXT = re.compile(
    r"\b(as an ai|language model|i can(?:no|')t|i am unable|i'm unable|ignore (?:all |the )?previous"
    r"|system prompt|(?:user|assistant|system)\s*:)"
    # Prompt tags, markup and chat-template debris a small model leaks into its JSON.
    r"|<\s*/?\s*(?:seller_text|listing_facts|reviews|examples|span|script|div|cite|img|a|p|br|html|style)\b"
    r"|\[cite|<\|im_(?:start|end)\|>",
    re.IGNORECASE,
)
MIN_LANGUAGE_CHARS = 80
# Where a piece was made, and third-party certifications, are claims only the seller can make.
ORIGIN_CLAIM = re.compile(
    r"\b(?i:made|crafted|handmade|produced|hergestellt|gefertigt|fabriqu[ée]e?s?|fait(?:e|es)?\s+main"
    r"|hecho|hecha|fabricad[oa])\s+(?i:by hand\s+)?(?i:in|en|au|aux)\s+(?P<place>[A-ZÀ-Ý][\w-]+)"
)
CERTIFICATION = re.compile(
    r"\b(?:certified|zertifiziert|certifi[ée]e?|certificad[oa]|GOTS|FSC|Fair\s?trade|OEKO-TEX"
    r"|USDA|Ecocert)\b", re.IGNORECASE,
)
MAX_KEYWORD_REPEATS = 4


@dataclass(frozen=True)
class ListingEvidence:
    """What the seller's own words let a listing's drafts say, read again from the seller's
    title, text, tags and declared materials (and the photos' colours): not from the facts the
    generator was handed, so a gate never checks a draft against the extractor that fed it.
    Derived once and shared by all of a listing's drafts."""

    claim_source: str  # where a risky claim must appear: title, seller text, declared materials
    stated_lower: str  # where an origin or certification must appear: title and seller text
    stated_sizes: frozenset[str]  # every number the seller gives with a unit, decimal point
    supported: dict[str, frozenset[str]]  # kind -> canonical lexicon keys the seller names
    restrictions: frozenset[str]  # restriction kinds the seller states
    care_recommended: frozenset[str]  # care actions the seller recommends
    care_ruled_out: frozenset[str]  # care actions the seller rules out
    photo_conflict: str | None = None  # the photos contradict the seller's colours
    seller_sentences: frozenset[str] = frozenset()  # normalised, for verbatim quotes
    seller_words: str = ""  # the seller's sentences, normalised and joined, for quotes

    @classmethod
    def of(cls, facts: ListingFacts | ListingEvidence) -> ListingEvidence:
        if isinstance(facts, ListingEvidence):
            return facts
        from handmade_assets.generation.facts import find_terms, _add_implied
        from handmade_assets.generation.statements import (
            item_text,
            object_mentions,
            size_numbers,
            split_sentences,
        )

        said = f"{facts.title}\n{facts.seller_text}"
        with_tags = f"{said}\n{' '.join(facts.tags)}"
        sentences = split_sentences(said)
        declared = ". ".join(facts.materials_declared or facts.materials)
        found = find_terms("\n".join([facts.title, declared, ". ".join(facts.tags),
                                      item_text(facts.seller_text)]))
        materials, techniques = list(found["materials"]), list(found["techniques"])
        _add_implied(materials, techniques)
        recommended, ruled_out = care_actions(said)
        return cls(
            claim_source=" ".join([facts.title, facts.seller_text, *facts.materials_declared]),
            stated_lower=" ".join(f"{facts.title} {facts.seller_text}".lower().split()),
            stated_sizes=frozenset(size_numbers(with_tags)),
            supported={"materials": frozenset(materials),
                       "techniques": frozenset(techniques),
                       # Photo colours are evidence too (the image analyser's, not the text's).
                       "colours": frozenset([*found["colours"], *facts.colours]),
                       # The seller's own materials field counts: "oracle cards" listed as a
                       # material is the seller's word, not the draft's invention.
                       # So do the seller's tags and category, which name the product too.
                       "objects": frozenset(key for _, key in object_mentions(
                           f"{with_tags}\n{declared}\n{facts.seller_category}"))},
            restrictions=frozenset(find_restrictions(said)),
            care_recommended=frozenset(recommended),
            care_ruled_out=frozenset(ruled_out),
            photo_conflict=facts.photo_conflict,
            seller_sentences=frozenset(map(_normalised, sentences)),
            seller_words=_unquoted(" ".join(" ".join(sentences).casefold().split())),
        )

    @classmethod
    def from_json(cls, facts_json: str) -> ListingEvidence:
        return cls.of(ListingFacts.model_validate_json(facts_json))


def schema_failures(content_json: str | None) -> list[str]:
    if not content_json:
        return ["no content"]
    try:
        DraftContent.model_validate_json(content_json)
    except ValidationError as error:
        return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)]
    return []


def language_failures(description: str, locale: str) -> list[str]:
    if len(description) < MIN_LANGUAGE_CHARS:
        return []
    detected = detect_language(description)
    return [] if detected == locale else [f"description is in {detected!r}, expected {locale!r}"]


def claim_patterns(extra_claims: Sequence[str] = ()) -> dict[str, re.Pattern[str]]:
    """The built-in risky claims plus a deployment's own list (each term its own concept)."""
    extra = {
        term: re.compile(r"(?<!\w)" + _claim_form(term), re.I) for term in extra_claims if term.strip()
    }
    return {**_CLAIM_PATTERNS, **extra}


def claim_failures(text: str, facts: ListingFacts | ListingEvidence,
                   extra_claims: Sequence[str] = ()) -> list[str]:
    source = ListingEvidence.of(facts).claim_source
    # "Not food safe" states a restriction; the words inside it are no food-safe claim.
    for start, end in sorted(restriction_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    failures = [
        f"unsupported claim {match.group(0)!r} ({concept})"
        for concept, pattern in claim_patterns(extra_claims).items()
        if (match := pattern.search(text)) and not pattern.search(source)
    ]
    if match := META_TEXT.search(text):
        failures.append(f"meta or instruction text {match.group(0)!r}")
    return failures


_QUOTED = re.compile(r"“([^”]{3,})”|„([^“]{3,})“|«\s?([^»]{3,}?)\s?»|\"([^\"]{3,})\"")


# A quote nests the seller's own quotation marks as the locale's inner ones (composer._nested):
# quotes are matched to the seller's words without any.
_QUOTE_MARKS = str.maketrans("", "", "\"“”„‚‘’«»")


def _unquoted(text: str) -> str:
    return text.translate(_QUOTE_MARKS)


def _normalised(sentence: str) -> str:
    return " ".join(sentence.casefold().split()).rstrip(".!?…:; ")


def without_seller_sentences(text: str, evidence: ListingEvidence) -> str:
    """`text` without the sentences it copies verbatim from the seller: the seller's own
    "Do not iron the print" is no claim that the print is made of iron."""
    from handmade_assets.generation.statements import split_sentences

    return "\n".join(s for s in split_sentences(text)
                     if _normalised(s) not in evidence.seller_sentences)


def without_seller_quotes(text: str, evidence: ListingEvidence) -> str:
    """`text` without the seller's own words quoted verbatim (a French draft quoting the English
    name "… vase for dried flowers or home decor" does not claim French "or", gold)."""
    from handmade_assets.generation.statements import split_sentences

    def verbatim(said: str) -> bool:
        return bool(said) and (said in evidence.stated_lower or _unquoted(said) in evidence.seller_words)

    def drop(match: re.Match[str]) -> str:
        quoted = next(group for group in match.groups() if group)
        said = " ".join(quoted.casefold().split()).rstrip(".!?…:; ")
        # A quote of several seller sentences counts when each of them is the seller's.
        parts = [" ".join(p.casefold().split()).rstrip(".!?…:; ") for p in split_sentences(quoted)]
        return " " if verbatim(said) or (len(parts) > 1 and all(map(verbatim, parts))) \
            else match.group(0)

    return _QUOTED.sub(drop, text)


def grounding_failures(text: str, facts: ListingFacts | ListingEvidence, locale: str) -> list[str]:
    """Materials, techniques, colours, objects, sizes, origins and certifications the seller's
    words do not support."""
    from handmade_assets.generation.facts import find_terms
    from handmade_assets.generation.statements import extract_sizes, object_mentions

    evidence = ListingEvidence.of(facts)
    text = without_seller_quotes(without_seller_sentences(text, evidence), evidence)
    failures = [
        f"size {size.text!r} is not in the seller's text"
        for size in extract_sizes(text)
        if not set(size.numbers) <= evidence.stated_sizes
    ]
    failures += [
        f"origin claim {m.group(0)!r} is not in the seller's text"
        for m in ORIGIN_CLAIM.finditer(text)
        if m.group("place").lower() not in evidence.stated_lower
    ]
    failures += [
        f"certification {m.group(0)!r} is not in the seller's text"
        for m in CERTIFICATION.finditer(text) if m.group(0).lower() not in evidence.stated_lower
    ]
    found = find_terms(text, languages=(locale,), skip_negated=False)
    mentioned = {kind: set(found[kind]) for kind in ("materials", "techniques", "colours")}
    mentioned["objects"] = {key for _, key in object_mentions(_without_term_forms(text, locale), (locale,))}
    supported = {**evidence.supported, "objects": _written_objects(evidence.supported["objects"], locale)}
    for kind, keys in mentioned.items():
        for term in sorted(keys - supported[kind]):
            failures.append(f"{kind[:-1]} {term!r} is not supported by the seller's text")
    return failures


def _written_objects(keys: frozenset[str], locale: str) -> frozenset[str]:
    """The products the seller names, and the rows whose word a locale borrows for them: a
    German draft calls the seller's plaque a "Schild", the sign's word."""
    from handmade_assets.generation import vocabulary as vocab

    return keys | {vocab.written_key(key, locale) for key in keys}


@cache
def _term_forms(locale: str) -> re.Pattern[str]:
    """Every material, technique and colour form of a locale of two words or more, as accent-free
    tokens: "plaqué or" reads as "plaque or", and its "plaque" is no product."""
    from handmade_assets.generation import vocabulary as vocab
    from handmade_assets.lib.text import tokens

    forms = {" ".join(tokens(form)) for table in (vocab.MATERIALS, vocab.TECHNIQUES, vocab.COLOURS)
             for entry in table.values() for form in entry.get(locale, ()) if len(tokens(form)) > 1}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")\b")


def _without_term_forms(text: str, locale: str) -> str:
    from handmade_assets.lib.text import tokens

    return _term_forms(locale).sub(" ", " ".join(tokens(text)))


def must_keep_failures(content: DraftContent, facts: ListingFacts | ListingEvidence,
                       locale: str) -> list[str]:
    """Every restriction the seller states (decorative only, not food safe...) must be in the
    draft's description or bullets, in substance, in the draft's own language."""
    text = "\n".join([content.description, *content.bullet_features, content.care])
    return [f"seller's restriction {kind!r} is missing"
            for kind in sorted(ListingEvidence.of(facts).restrictions)
            if not restriction_pattern(kind, (locale,)).search(text)]


def care_failures(text: str, facts: ListingFacts | ListingEvidence, locale: str) -> list[str]:
    """Care a draft recommends must be care the seller recommends: no "wash by hand" for a
    wreath whose seller says to dust it, no dishwasher where the seller rules it out."""
    evidence = ListingEvidence.of(facts)
    recommended, _ = care_actions(
        without_seller_quotes(without_seller_sentences(text, evidence), evidence), (locale,))
    return [f"care {action!r} contradicts the seller" if action in evidence.care_ruled_out
            else f"care {action!r} is not in the seller's text"
            for action in sorted(recommended - (evidence.care_recommended - evidence.care_ruled_out))]


def seo_failures(content: DraftContent) -> list[str]:
    body = f"{content.title}\n{content.description}".lower()
    failures = [f"SEO keyword {k!r} does not appear in the title or description"
                for k in content.seo_keywords if k.lower() not in body]
    description = content.description.lower()
    failures += [
        f"keyword stuffing: {k!r} appears {n} times"
        for k in content.seo_keywords
        if (n := len(re.findall(rf"(?<!\w){re.escape(k.lower())}(?!\w)", description))) > MAX_KEYWORD_REPEATS
    ]
    return failures


def draft_text(content: DraftContent) -> str:
    return "\n".join(
        [content.title, content.description, *content.bullet_features, *content.materials,
         content.care, content.meta_title, content.meta_description]
    )


def gate_failures(content_json: str | None, facts_json: str, locale: str,
                  extra_claims: Sequence[str] = (),
                  evidence: Callable[[str], ListingEvidence] = ListingEvidence.from_json
                  ) -> list[str]:
    """`evidence` (facts JSON -> ListingEvidence) may be memoised by a caller that gates all of
    a listing's drafts, whose facts JSON is the same string."""
    check_locales([locale])
    failures = schema_failures(content_json)
    if failures:
        return failures
    content = DraftContent.model_validate_json(content_json)
    facts = evidence(facts_json)
    text = draft_text(content)
    photo = [f"held for a person: {facts.photo_conflict}"] if facts.photo_conflict else []
    return (
        photo
        + language_failures(without_seller_quotes(content.description, facts), locale)
        + must_keep_failures(content, facts, locale)
        + claim_failures(text, facts, extra_claims)
        + grounding_failures(text, facts, locale)
        + care_failures(text, facts, locale)
        + seo_failures(content)
    )


def row_failures(drafts: pd.DataFrame, context_by_listing: dict[str, list[RetrievedExample]],
                 extra_claims: Sequence[str] = (), embed=None, only: Collection[int] | None = None
                 ) -> dict[int, list[str]]:
    """The gates each draft passes or fails on its own, for generated drafts (`only` some rows).

    `embed` (texts -> normalised vectors) adds the embedding-similarity originality check.
    """
    ok = drafts[drafts["status"] == "ok"]
    if only is not None:
        ok = ok[ok.index.isin(list(only))]
    # A listing's 24 drafts share its facts and examples: derive them once per call (the caches
    # go with it, so nothing outlives one partition).
    evidence = cache(ListingEvidence.from_json)
    shingled: dict[str, ShingledExamples] = {}
    failures: dict[int, list[str]] = {}
    for index, row in zip(ok.index, ok.itertuples(index=False)):
        if row.listing_id not in shingled:
            shingled[row.listing_id] = ShingledExamples(
                (e.listing_id, e.description) for e in context_by_listing.get(row.listing_id, []))
        failures[index] = (gate_failures(row.content_json, row.facts_json, row.locale, extra_claims,
                                         evidence)
                           + shingled[row.listing_id].failures(row.description))
    if embed is not None:
        judged = [(i, row.description,
                   [(e.listing_id, e.description) for e in context_by_listing.get(row.listing_id, [])])
                  for i, row in zip(ok.index, ok.itertuples(index=False))
                  if row.locale in EMBEDDING_LOCALES]
        for index, reasons in similarity_failures(judged, embed).items():
            failures[index] += reasons
    return failures


def gate_report(drafts: pd.DataFrame, context_by_listing: dict[str, list[RetrievedExample]],
                extra_claims: Sequence[str] = (), embed=None,
                per_row: dict[int, list[str]] | None = None) -> dict[int, list[str]]:
    """Reasons each generated draft fails, by row index (an empty list: it passed).

    `per_row` (from `row_failures`) lets a caller reuse the checks of drafts that did not change;
    the comparison between listings' drafts always runs over the whole batch.
    """
    if per_row is None:
        per_row = row_failures(drafts, context_by_listing, extra_claims, embed)
    ok = drafts[drafts["status"] == "ok"].sort_values(["listing_id", "persona", "locale"])
    failures = {index: list(per_row[index]) for index in ok.index}
    for _, group in ok.groupby(["persona", "locale"], sort=False):
        candidates = [(i, row.listing_id, row.description)
                      for i, row in zip(group.index, group.itertuples(index=False)) if not failures[i]]
        for index, reasons in sibling_failures(candidates).items():
            # A first draft that repeats another listing's is rewritten with that feedback; a
            # rewritten one is left to publishing, which judges what is actually published
            # (publishing.select_published): a draft of a persona that is never published for
            # the other listing is no reason to hold this one.
            if drafts.at[index, "attempt"] == 1:
                failures[index] += reasons
    return failures
