"""Turn a seller's upload into `ListingFacts`: the seller's statements (generation/statements.py)
and the lexicon terms they name.

Seller text is untrusted. A lexicon fact is a key of the controlled lexicon (found by whole-word
matching in any recognised language); sizes are parsed from numbers and units; the seller's own
sentences are kept only when they describe the item, so text such as "ignore previous
instructions" can never become something a generator is allowed to state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.schema import ListingFacts
from handmade_assets.lib.text import tokens

if TYPE_CHECKING:
    from handmade_assets.generation.statements import SellerStatements

FACT_KINDS: tuple[str, ...] = ("materials", "techniques", "colours")

# Terms never span a sentence or a list item, so "…water-tight. Stoneware" stays two sentences.
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n()\[\]]+(?:\s|$)|[\n;]")


# --- the lexicon index ----------------------------------------------------------------------

Entry = dict[str, tuple[str, str]]  # language -> (kind, key)


def _lexicon_tables() -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    objects = {
        key: {lang: entry[lang] for lang in vocab.RECOGNISED_LANGUAGES}
        for key, entry in vocab.OBJECTS.items()
    }
    ignored = {"phrase": dict(vocab.NON_FACT_PHRASES)}
    return {
        "materials": vocab.MATERIALS,
        "techniques": vocab.TECHNIQUES,
        "colours": vocab.COLOURS,
        "objects": objects,
        "ignored": ignored,
    }


@dataclass(frozen=True)
class _Index:
    entries: dict[tuple[str, ...], Entry]
    longest: int
    # Forms that one language gives to two different terms; the vocabulary tests keep this empty.
    conflicts: tuple[str, ...]


def _build_index(tables: dict[str, dict[str, dict[str, tuple[str, ...]]]]) -> _Index:
    entries: dict[tuple[str, ...], Entry] = {}
    conflicts: list[str] = []
    for kind, table in tables.items():
        for key, forms in table.items():
            for lang, surface_forms in forms.items():
                for form in surface_forms:
                    toks = tuple(tokens(form))
                    if not toks:
                        continue
                    entry = entries.setdefault(toks, {})
                    if entry.get(lang, (kind, key)) != (kind, key):
                        conflicts.append(
                            f"{lang} {' '.join(toks)!r}: {entry[lang]} vs {(kind, key)}"
                        )
                    entry.setdefault(lang, (kind, key))
    return _Index(entries, max(map(len, entries), default=1), tuple(conflicts))


@lru_cache(maxsize=1)
def fact_index() -> _Index:
    return _build_index(_lexicon_tables())


@lru_cache(maxsize=1)
def review_index() -> _Index:
    return _build_index({"reviews": vocab.REVIEW_HIGHLIGHTS})


@lru_cache(maxsize=1)
def _false_friends() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(word)) for word in vocab.FALSE_FRIENDS)


def guess_language(text: str) -> str | None:
    """The recognised language whose function words dominate `text`, if one clearly does."""
    counts = {lang: 0 for lang in vocab.FUNCTION_WORDS}
    for token in tokens(text):
        for lang, words in vocab.FUNCTION_WORDS.items():
            counts[lang] += token in words
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 2 and top > second else None


@dataclass(frozen=True)
class Mention:
    kind: str
    key: str
    negated: bool


def _resolve(
    entry: Entry, toks: tuple[str, ...], languages: Sequence[str] | None, text_language: str | None
) -> tuple[str, str] | None:
    if languages is not None:
        return next((entry[lang] for lang in languages if lang in entry), None)
    if text_language in entry:
        return entry[text_language]
    if len(set(entry.values())) == 1 and toks not in _false_friends():
        return next(iter(entry.values()))
    return None  # a word that means different things in different languages, language unknown


def scan(
    text: str, *, languages: Sequence[str] | None = None, index: _Index | None = None
) -> list[Mention]:
    """Every lexicon term in `text`, longest match first, clause by clause.

    With `languages`, only those languages' forms count (a draft in a known locale). Without,
    every language counts except words that are ambiguous across languages, which count only in
    text identified as their language.
    """
    index = index or fact_index()
    text_language = None if languages is not None else guess_language(text)
    found: list[Mention] = []
    for clause in _CLAUSE_BREAK.split(text):
        words = tokens(clause)
        i = 0
        while i < len(words):
            for length in range(min(index.longest, len(words) - i), 0, -1):
                toks = tuple(words[i : i + length])
                entry = index.entries.get(toks)
                resolved = entry and _resolve(entry, toks, languages, text_language)
                if resolved:
                    negated = any(w in vocab.NEGATIONS for w in words[max(0, i - 2) : i])
                    found.append(Mention(resolved[0], resolved[1], negated))
                    i += length
                    break
            else:
                i += 1
    return found


def find_terms(
    text: str, *, languages: Sequence[str] | None = None, skip_negated: bool = True
) -> dict[str, list[str]]:
    """Kind -> canonical keys found in `text`, in order of first mention."""
    out: dict[str, list[str]] = {kind: [] for kind in (*FACT_KINDS, "objects")}
    for mention in scan(text, languages=languages):
        if mention.kind == "ignored" or (skip_negated and mention.negated):
            continue
        if mention.key not in out[mention.kind]:
            out[mention.kind].append(mention.key)
    return out


# --- the facts ------------------------------------------------------------------------------


def _ordered_materials(found: list[str], category: str) -> list[str]:
    """Body materials of the category first, specific before generic, then the rest in order."""
    families = vocab.CATEGORY_BODY_FAMILIES.get(category, ())
    body = [m for m in found if vocab.MATERIAL_FAMILY.get(m) in families]
    refined = [m for m in body if vocab.MATERIAL_REFINEMENTS.get(m, set()) & set(body)]
    ordered = [m for m in body if m not in refined] + refined
    ordered += [m for m in found if m not in body]
    # Nothing is added from the category: a "woodwork" listing may be a PDF plan.
    return ordered


def _add_implied(materials: list[str], techniques: list[str]) -> None:
    for technique in list(techniques):
        for kind, key in vocab.IMPLIED_FACTS.get(technique, ()):
            target = materials if kind == "materials" else techniques
            if key not in target:
                target.append(key)


def review_keys(highlights: Iterable[str]) -> list[str]:
    """Canonical review-aspect keys for free-text highlights; unrecognised ones are dropped."""
    keys: list[str] = []
    for highlight in highlights:
        if highlight in vocab.REVIEW_HIGHLIGHTS:
            key = highlight
        else:
            mentions = scan(highlight, languages=vocab.RECOGNISED_LANGUAGES, index=review_index())
            key = mentions[0].key if mentions and not mentions[0].negated else None
        if key and key not in keys:
            keys.append(key)
    return keys


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


@dataclass(frozen=True)
class ShopContext:
    """What a listing's upload batch says about it beside its own text: the sentences its shop
    repeats (shop text, not the item's), its family of listings the seller wrote alike (see
    statements.text_families) and the products its family's other members are (`kin`), which
    settle a tie over what the item is ("Falling rings in copper" among a family of earrings)."""

    repeated: frozenset = frozenset()
    family: tuple[str, int] = ("", 0)
    kin: Mapping[str, int] = field(default_factory=dict)
    # The shop's other titles written on the same template: what the listing's own title adds
    # to them is what a description quotes of it (statements.title_apart).
    sibling_titles: tuple[str, ...] = ()


def shop_contexts(rows: Sequence[Mapping]) -> dict[str, ShopContext]:
    """One shop's listings in an upload batch (listing_id, title, seller_text, tags,
    seller_category, language), each with its ShopContext."""
    from collections import Counter

    from handmade_assets.generation.statements import (
        alike_titles,
        read_statements,
        repeated_sentences,
        text_families,
    )

    repeated = repeated_sentences(row["seller_text"] for row in rows)
    families = text_families({row["listing_id"]: row["seller_text"] for row in rows})
    members: dict[str, list[str]] = {}
    for listing_id, (first, _) in families.items():
        members.setdefault(first, []).append(listing_id)
    def product_key(row: Mapping) -> str | None:
        tags, language = row.get("tags"), row.get("language")
        return read_statements(
            row["title"], row["seller_text"], language if isinstance(language, str) else None, repeated,
            hints=(*map(str, () if tags is None else tags), row.get("seller_category") or "")).product_key

    keys = {row["listing_id"]: product_key(row)
            for row in rows if len(members[families[row["listing_id"]][0]]) > 1}
    sibling_titles = alike_titles({row["listing_id"]: row["title"] for row in rows})

    def context(listing_id: str, family: tuple[str, int]) -> ShopContext:
        siblings = [other for other in members[family[0]] if other != listing_id]
        if not siblings:  # a family of one is no family: its wording stays its own
            return ShopContext(repeated, sibling_titles=sibling_titles[listing_id])
        return ShopContext(repeated, family, dict(Counter(keys[other] for other in siblings if keys[other])),
                           sibling_titles[listing_id])

    return {listing_id: context(listing_id, family) for listing_id, family in families.items()}


def extract_facts(
    *,
    listing_id: str,
    category: str,
    title: str,
    seller_text: str,
    tags: Sequence[str] = (),
    materials: Sequence[str] = (),
    image_labels: Sequence[str] = (),
    colours: Sequence[str] = (),
    review_highlights: Sequence[str] = (),
    price: float | None = None,
    currency: str | None = None,
    image_colours: Sequence[str] = (),
    seller_category: str = "",
    language: str | None = None,
    shop: ShopContext | None = None,
) -> ListingFacts:
    """The facts a generator may state about one listing, read from what the seller says.

    Lexicon terms are read from the item text only (shop boilerplate set aside: "Etsy offsets
    carbon emissions" is no material). `colours` (alias `image_colours`) are canonical colour
    keys from the image analyser; keys the lexicon does not know are dropped.
    """
    from handmade_assets.generation.statements import item_text, read_statements, title_apart

    shop = shop or ShopContext()
    statements = read_statements(title, seller_text, language, shop.repeated,
                                 hints=(*map(str, tags), seller_category), kin=shop.kin)
    clean_tags = _unique(" ".join(str(t).replace("_", " ").split()) for t in tags)
    described = item_text(seller_text)
    # Title first: it is where sellers put what matters most; declared materials next.
    sources = [title, ". ".join(map(str, materials)), ". ".join(clean_tags), described]
    found: dict[str, list[str]] = {kind: [] for kind in FACT_KINDS}
    for text in sources:
        for kind, keys in find_terms(text).items():
            if kind in found:
                found[kind] += [k for k in keys if k not in found[kind]]

    image_colour_keys = [c for c in (*colours, *image_colours) if c in vocab.COLOURS]
    title_colours = find_terms(title)["colours"]
    ordered_colours = _unique([*title_colours, *image_colour_keys, *found["colours"]])

    found_materials = _ordered_materials(found["materials"], category)
    techniques = list(found["techniques"])
    _add_implied(found_materials, techniques)
    # "handmade" says least about the piece, so it goes last.
    techniques.sort(key=lambda t: t == "handmade")

    return ListingFacts(
        listing_id=listing_id,
        category=category,
        seller_category=seller_category,
        title=title,
        seller_text=seller_text,
        **_statement_fields(statements),
        materials_declared=_unique(" ".join(str(m).split()) for m in materials),
        materials=_unique(found_materials),
        techniques=_unique(techniques),
        colours=ordered_colours,
        image_labels=_unique(str(label).strip() for label in image_labels),
        review_highlights=tuple(review_keys(review_highlights)),
        tags=clean_tags,
        price=price,
        currency=currency,
        family=shop.family[0],
        family_member=shop.family[1],
        title_apart=title_apart(title, shop.sibling_titles),
    )


def _statement_fields(statements: SellerStatements) -> dict:
    """The `ListingFacts` fields that carry what the seller says."""
    return {
        "language": statements.language, "product": statements.product,
        "product_key": statements.product_key, "statements": statements.statements,
        "sizes": tuple(size.text for size in statements.sizes),
        "restrictions": tuple(statements.restrictions),
        "restriction_sentences": statements.restriction_sentences, "care": statements.care,
    }


def with_statements(facts: ListingFacts) -> ListingFacts:
    """`facts` with the seller's statements read, for facts built without them (older
    checkpoints, hand-made test facts)."""
    if facts.product:
        return facts
    from handmade_assets.generation.statements import read_statements

    return facts.model_copy(update=_statement_fields(
        read_statements(facts.title, facts.seller_text, facts.language)))
