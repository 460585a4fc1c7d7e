"""Turn a seller's upload into `ListingFacts`: lexicon terms and parsed dimensions, nothing else.

Seller text is untrusted. A fact is either a key of the controlled lexicon (found by whole-word
matching in any recognised language) or a dimension parsed from numbers and units, so text such
as "ignore previous instructions" can never become something a generator is allowed to state.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.schema import ListingFacts

FACT_KINDS: tuple[str, ...] = ("materials", "techniques", "colours")
MAX_DIMENSIONS = 4

_TOKEN = re.compile(r"[^\W_]+")
# Terms never span a sentence or a list item, so "…water-tight. Stoneware" stays two sentences.
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n()\[\]]+(?:\s|$)|[\n;]")


def tokens(text: str) -> list[str]:
    """Casefolded, accent-free word tokens: the form in which text and lexicon are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _TOKEN.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


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


# --- dimensions -----------------------------------------------------------------------------

_PRE_LABELS = {
    "height": "height|altezza|hauteur|höhe|hoehe|altura|alt|h",
    "width": "width|larghezza|largeur|breite|anchura|ancho|w",
    "depth": "depth|profondità|profondita|profondeur|tiefe|profundidad",
    "length": "length|lunghezza|longueur|länge|laenge|longitud|l",
    "diameter": "diameter|diametro|diamètre|diametre|durchmesser|diámetro|diam|dia",
}
_POST_LABELS = {
    "height": "tall|high|in height|di altezza|d'altezza|de haut|de hauteur|hoch|de alto|de altura",
    "width": "wide|in width|di larghezza|de large|de largeur|breit|de ancho",
    "depth": "deep|in depth|di profondità|de profondeur|tief|de profundidad",
    "length": "long|in length|di lunghezza|de long|de longueur|lang|de largo",
    "diameter": "in diameter|across|di diametro|de diamètre|de diámetro|durchmesser",
}
_NUMBER = r"\d+(?:[.,]\d+)?"
_DIMENSION = re.compile(
    r"(?:(?:(?<![^\W\d_])(?P<pre>"
    + "|".join(f"(?P<pre_{k}>{v})" for k, v in _PRE_LABELS.items())
    + r")\.?|(?P<sym>[ø⌀]))"
    r"\s*(?:[:=]|of|di|de|von)?\s*)?"
    r"(?<![\w.,])(?P<values>" + _NUMBER + r"(?:\s*[x×*]\s*" + _NUMBER + r"){0,2})\s*"
    r"(?P<unit>mm|cm|m|inches|inch|in|\"|”|″)(?![^\W\d_])"
    r"(?:\s+(?P<post>"
    + "|".join(f"(?P<post_{k}>{v})" for k, v in _POST_LABELS.items())
    + r")(?![^\W\d_]))?",
    re.IGNORECASE,
)
_CANONICAL_DIMENSION = re.compile(
    r"^(?:(height|width|depth|length|diameter) )?(\d+(?:\.\d+)?(?: x \d+(?:\.\d+)?)*) (mm|cm|m|in)$"
)


@dataclass(frozen=True)
class Dimension:
    label: str | None  # height, width, depth, length, diameter, or None for "12 x 8 cm"
    values: tuple[str, ...]  # decimal point, as written
    unit: str  # mm, cm, m, in

    def canonical(self) -> str:
        return " ".join(filter(None, (self.label, " x ".join(self.values), self.unit)))


def extract_dimensions(text: str) -> list[Dimension]:
    found: list[Dimension] = []
    for match in _DIMENSION.finditer(text):
        groups = {name: value for name, value in match.groupdict().items() if value}
        label = next(
            (name.split("_", 1)[1] for name in groups if name.startswith(("pre_", "post_"))), None
        )
        if "sym" in groups:
            label = "diameter"
        values = tuple(v.replace(",", ".") for v in re.split(r"\s*[x×*]\s*", groups["values"]))
        unit = groups["unit"].lower()
        unit = "in" if unit in {"inches", "inch", '"', "”", "″"} else unit
        # "2 in a set" is not a size: a bare "in" needs a label or an "a x b" shape.
        if groups["unit"].lower() == "in" and label is None and len(values) == 1:
            continue
        dimension = Dimension(label, values, unit)
        if dimension not in found:
            found.append(dimension)
    return found[:MAX_DIMENSIONS]


def format_dimensions(dimensions: Iterable[Dimension]) -> str | None:
    return "; ".join(d.canonical() for d in dimensions) or None


def parse_dimensions(text: str | None) -> list[Dimension]:
    """Read back the canonical string `format_dimensions` writes; anything else is ignored."""
    parsed = []
    for part in (text or "").split(";"):
        if match := _CANONICAL_DIMENSION.match(part.strip()):
            label, values, unit = match.groups()
            parsed.append(Dimension(label, tuple(values.split(" x ")), unit))
    return parsed


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


def object_types(facts: ListingFacts) -> tuple[str, ...]:
    """Object types named in the title, then the tags, then the image labels."""
    found: list[str] = []
    for text in (facts.title, *facts.tags, *facts.image_labels):
        for key in find_terms(text)["objects"]:
            if key not in found:
                found.append(key)
    return tuple(found)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


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
    shop_repeated: frozenset[str] = frozenset(),
) -> ListingFacts:
    """The facts a generator may state about one listing, read from what the seller says.

    Lexicon terms are read from the item text only (shop boilerplate set aside: "Etsy offsets
    carbon emissions" is no material). `colours` (alias `image_colours`) are canonical colour
    keys from the image analyser; keys the lexicon does not know are dropped.
    """
    from handmade_assets.generation.statements import read_statements, item_text

    statements = read_statements(title, seller_text, language, shop_repeated,
                                 hints=(*map(str, tags), seller_category))
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

    dimensions = extract_dimensions("\n".join([title, *clean_tags, described]))
    return ListingFacts(
        listing_id=listing_id,
        category=category,
        seller_category=seller_category,
        title=title,
        seller_text=seller_text,
        language=statements.language,
        product=statements.product,
        product_key=statements.product_key,
        statements=statements.statements,
        sizes=tuple(size.text for size in statements.sizes),
        restrictions=tuple(statements.restrictions),
        restriction_sentences=statements.restriction_sentences,
        care=statements.care,
        materials_declared=_unique(" ".join(str(m).split()) for m in materials),
        materials=_unique(found_materials),
        techniques=_unique(techniques),
        colours=ordered_colours,
        dimensions=format_dimensions(dimensions),
        image_labels=_unique(str(label).strip() for label in image_labels),
        review_highlights=tuple(review_keys(review_highlights)),
        tags=clean_tags,
        price=price,
        currency=currency,
    )


def with_statements(facts: ListingFacts) -> ListingFacts:
    """`facts` with the seller's statements read, for facts built without them (older
    checkpoints, hand-made test facts)."""
    if facts.product:
        return facts
    from handmade_assets.generation.statements import read_statements

    statements = read_statements(facts.title, facts.seller_text, facts.language)
    return facts.model_copy(update={
        "language": statements.language, "product": statements.product,
        "product_key": statements.product_key, "statements": statements.statements,
        "sizes": tuple(size.text for size in statements.sizes),
        "restrictions": tuple(statements.restrictions),
        "restriction_sentences": statements.restriction_sentences, "care": statements.care,
    })
