"""The embedded default generator: a deterministic composer that writes only from the facts.

Every word about the listing comes from the controlled vocabulary (a fact key has one reviewed
spelling per locale) and every sentence from a persona's phrase bank, so a draft can state
nothing the facts do not hold and reads in the locale's language without machine translation.
Seller text and retrieved context are never copied: context may only reorder the keywords.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.facts import (
    FACT_KINDS,
    find_terms,
    object_types,
    parse_dimensions,
    tokens,
)
from handmade_assets.generation.schema import (
    DESCRIPTION_MAX_CHARS,
    META_DESCRIPTION_MAX,
    META_TITLE_MAX,
    TITLE_MAX,
    DraftContent,
    ListingFacts,
    RetrievedExample,
)

MAX_MATERIALS = 5
MAX_TECHNIQUES = 5
MAX_COLOURS = 4
MAX_HERITAGE = 3
MAX_REVIEWS = 3
MAX_KEYWORDS = 12
MAX_BULLETS = 7
MIN_KEYWORDS = 3
META_DESCRIPTION_MIN = 50
# Below this a description reads as a stub, so persona fillers (general, true statements) follow.
TARGET_MIN_CHARS = 360

_KIND_TABLES = {
    "materials": vocab.MATERIALS,
    "techniques": vocab.TECHNIQUES,
    "colours": vocab.COLOURS,
}
_NUMBER_CHOICE = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")
_GIFT_WORD = {"en": "gift", "de": "Geschenk", "fr": "cadeau", "es": "regalo"}
_DE_THIS = {"m": "dieser", "f": "diese", "n": "dieses"}
_DE_THE = {"m": "Der", "f": "Die", "n": "Das"}


def _pick(options: Sequence[str], *seed: str) -> str:
    # A stable hash (not Python's salted hash()) so the same listing reads the same in every run,
    # while different listings of one shop get different openings.
    digest = hashlib.sha256("|".join(seed).encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def _number(template: str, count: int) -> str:
    return _NUMBER_CHOICE.sub(lambda m: m.group(1) if count == 1 else m.group(2), template)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str], locale: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    conjunction = vocab.LIST_AND[locale]
    last = items[-1].lower()
    # Spanish "y" becomes "e" before an /i/ sound ("gris e índigo"), but not before "hie-".
    if locale == "es" and (
        last.startswith(("i", "í"))
        or (last.startswith(("hi", "hí")) and last[2:3] not in "aeiouáéó")
    ):
        conjunction = "e"
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _name(kind: str, key: str, locale: str) -> str | None:
    forms = _KIND_TABLES[kind].get(key, {}).get(locale)
    return forms[0] if forms else None


def _starts_with_vowel(word: str) -> bool:
    first = tokens(word)[:1]
    return bool(first) and first[0][0] in "aeiouyh"


# --- what the draft talks about -------------------------------------------------------------


@dataclass(frozen=True)
class _Selection:
    materials: tuple[str, ...]
    techniques: tuple[str, ...]
    colours: tuple[str, ...]
    handmade: bool
    object_key: str | None


def _select(facts: ListingFacts) -> _Selection:
    """The facts worth naming: generic materials yield to specific ones of their family."""
    materials = [m for m in facts.materials if m in vocab.MATERIALS]
    present = set(materials)
    materials = [m for m in materials if not vocab.MATERIAL_REFINEMENTS.get(m, set()) & present]
    techniques = [t for t in facts.techniques if t in vocab.TECHNIQUES and t != "handmade"]
    # An implied parent ("raku" under "horsehair raku") would only repeat its variant.
    implied = {
        key
        for t in techniques
        for kind, key in vocab.IMPLIED_FACTS.get(t, ())
        if kind == "techniques"
    }
    techniques = [t for t in techniques if t not in implied]
    colours = [c for c in facts.colours if c in vocab.COLOURS]
    objects = object_types(facts)
    return _Selection(
        materials=tuple(materials[:MAX_MATERIALS]),
        techniques=tuple(techniques[:MAX_TECHNIQUES]),
        colours=tuple(colours[:MAX_COLOURS]),
        handmade="handmade" in facts.techniques,
        object_key=objects[0] if objects else None,
    )


@dataclass(frozen=True)
class _Names:
    """The selection spelled in one locale, with the noun phrases built from it."""

    locale: str
    gender: str
    noun: str
    head: str  # object with its technique label and body material
    thing: str  # the same without the material, for sentences that list the materials
    materials: tuple[str, ...]
    techniques: tuple[str, ...]
    colours: tuple[str, ...]
    obj_colour: str | None  # object + first colour, agreed ("vase gris", "Vase in Grau")
    the_obj_colour: str | None
    sub_phrases: tuple[str, ...]  # shorter keyword phrases that may occur in the text


def _noun(selection: _Selection, locale: str) -> tuple[str, str]:
    if selection.object_key is None:
        return vocab.GENERIC_OBJECT[locale]
    entry = vocab.OBJECTS[selection.object_key]
    return entry["gender"].get(locale, ""), entry[locale][0]


def _body_material(selection: _Selection, category: str) -> str | None:
    families = vocab.CATEGORY_BODY_FAMILIES.get(category, ())
    return next((m for m in selection.materials if vocab.MATERIAL_FAMILY.get(m) in families), None)


def _names(selection: _Selection, facts: ListingFacts, locale: str) -> _Names:
    gender, noun = _noun(selection, locale)
    body_key = _body_material(selection, facts.category)
    body = _name("materials", body_key, locale) if body_key else None
    attr = next(
        (
            vocab.TECHNIQUE_ATTRIBUTES[t][locale]
            for t in selection.techniques
            if locale in vocab.TECHNIQUE_ATTRIBUTES.get(t, {})
        ),
        None,
    )
    single_word = " " not in noun
    colours = tuple(filter(None, (_name("colours", c, locale) for c in selection.colours)))
    first_colour = selection.colours[0] if selection.colours else None
    subs: list[str] = []

    if locale == "en":
        prefix, core = (
            ("pair of ", noun[len("pair of ") :]) if noun.startswith("pair of ") else ("", noun)
        )
        handmade = (
            ["handmade"] if selection.handmade and not (attr or "").startswith("hand") else []
        )
        thing = prefix + " ".join([*handmade, *filter(None, [attr]), core])
        head = prefix + " ".join([*handmade, *filter(None, [attr, body]), core])
        subs += [
            prefix + f"{body} {core}" if body else "",
            prefix + f"{attr} {core}" if attr else "",
        ]
        obj_colour = f"{prefix}{colours[0]} {core}" if colours else None
        the_obj_colour = f"The {obj_colour}" if obj_colour else None
    elif locale == "de":
        thing = f"{attr}-{noun}" if attr and single_word else noun
        head = f"{thing} aus {body}" if body else thing
        subs += [f"{noun} aus {body}" if body else "", thing if thing != noun else ""]
        obj_colour = f"{noun} in {colours[0]}" if colours else None
        the_obj_colour = f"{_DE_THE[gender]} {obj_colour}" if obj_colour else None
    else:
        thing = f"{noun} {attr}" if attr and single_word else noun
        head = f"{thing} {'en' if locale == 'fr' else 'de'} {body}" if body else thing
        subs += [
            f"{noun} {'en' if locale == 'fr' else 'de'} {body}" if body else "",
            thing if thing != noun else "",
        ]
        obj_colour = None
        if first_colour:
            masculine, feminine = vocab.COLOUR_GENDER_FORMS[first_colour][locale]
            obj_colour = f"{noun} {feminine if gender == 'f' else masculine}"
        if locale == "fr":
            article = "L'" if _starts_with_vowel(noun) else ("La " if gender == "f" else "Le ")
        else:
            article = "La " if gender == "f" else "El "
        the_obj_colour = f"{article}{obj_colour}" if obj_colour else None

    return _Names(
        locale=locale,
        gender=gender,
        noun=noun,
        head=head,
        thing=thing,
        materials=tuple(filter(None, (_name("materials", m, locale) for m in selection.materials))),
        techniques=tuple(
            filter(None, (_name("techniques", t, locale) for t in selection.techniques))
        ),
        colours=colours,
        obj_colour=obj_colour,
        the_obj_colour=the_obj_colour,
        sub_phrases=tuple(filter(None, subs)),
    )


def _demonstrative(phrase: str, names: _Names) -> str:
    locale, gender = names.locale, names.gender
    if locale == "en":
        return f"this {phrase}"
    if locale == "de":
        return f"{_DE_THIS[gender]} {phrase}"
    if locale == "fr":
        masculine = "cet" if _starts_with_vowel(phrase) else "ce"
        return f"{'cette' if gender == 'f' else masculine} {phrase}"
    return f"{'esta' if gender == 'f' else 'este'} {phrase}"


def _dimensions(facts: ListingFacts, locale: str) -> str | None:
    parts = []
    for dimension in parse_dimensions(facts.dimensions):
        values = [
            v.replace(".", ",") if locale in vocab.DECIMAL_COMMA else v for v in dimension.values
        ]
        amount = " × ".join(values) + " " + vocab.UNIT_NAMES[dimension.unit][locale]
        label = vocab.DIMENSION_LABELS[dimension.label][locale] if dimension.label else None
        parts.append(f"{label} {amount}" if label else amount)
    return ", ".join(parts) or None


# --- the description ------------------------------------------------------------------------


@dataclass
class _Sentence:
    text: str
    slot: str
    paragraph_break: bool = False


def _placeholders(
    names: _Names, facts: ListingFacts, dims: str | None, reviews: Sequence[str]
) -> dict[str, str]:
    locale = names.locale
    this_head, this_thing = _demonstrative(names.head, names), _demonstrative(names.thing, names)
    colours = _join(names.colours, locale)
    colours_de = (
        "d'" if names.colours and _starts_with_vowel(names.colours[0]) else "de "
    ) + colours
    return {
        "this_head": this_head,
        "This_head": _cap(this_head),
        "this_thing": this_thing,
        "This_thing": _cap(this_thing),
        "materials": _join(names.materials, locale),
        "techniques": _join(names.techniques, locale),
        "colours": colours,
        "Colours": _cap(colours),
        "colours_de": colours_de,
        "The_obj_colour": names.the_obj_colour or "",
        "dims": dims or "",
        "reviews": _join(reviews, locale),
        "care": care_text(facts.category, locale),
        "e": "e" if names.gender == "f" else "",
        "o": "a" if names.gender == "f" else "o",
    }


def care_text(category: str, locale: str) -> str:
    return vocab.CARE.get(category, vocab.CARE["default"])[locale]


def _sentences(
    facts: ListingFacts,
    persona: str,
    names: _Names,
    selection: _Selection,
    dims: str | None,
    reviews: Sequence[str],
) -> list[_Sentence]:
    locale = names.locale
    bank = vocab.PERSONA_PHRASES[persona][locale]
    values = _placeholders(names, facts, dims, reviews)
    counts = {
        "materials": len(names.materials),
        "techniques": len(names.techniques),
        "colours": len(names.colours),
        "reviews": len(reviews),
    }
    present = {
        "materials": bool(names.materials),
        "techniques": bool(names.techniques),
        "colours": bool(names.colours),
        "dims": bool(dims),
        "reviews": bool(reviews),
        "handmade": selection.handmade,
    }
    out: list[_Sentence] = []

    def say(slot: str, count_of: str | None = None, paragraph_break: bool = False) -> None:
        template = _pick(bank[slot], facts.listing_id, persona, locale, slot)
        text = _number(template, counts.get(count_of or slot, 1)).format(**values)
        out.append(_Sentence(text, slot, paragraph_break))

    for slot in vocab.PERSONA_ORDER[persona]:
        if slot == "open":
            lead = {"material_enthusiast": "materials", "heritage_historian": "techniques"}.get(
                persona
            )
            say("open" if lead is None or present[lead] else "open_bare", count_of=lead)
        elif slot == "heritage":
            for technique in selection.techniques:
                line = vocab.TECHNIQUE_HERITAGE.get(technique, {}).get(locale)
                if line and sum(s.slot == "heritage" for s in out) < MAX_HERITAGE:
                    out.append(
                        _Sentence(
                            line,
                            "heritage",
                            paragraph_break=not any(s.slot == "heritage" for s in out),
                        )
                    )
        elif slot in ("care", "close"):
            say(slot, paragraph_break=slot == "care")
        elif present.get(slot):
            say(slot)
        elif f"no_{slot}" in bank:
            say(f"no_{slot}")
    return out


def _render(sentences: Sequence[_Sentence]) -> str:
    paragraphs: list[list[str]] = [[]]
    for sentence in sentences:
        if sentence.paragraph_break and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(sentence.text)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _category_sentence(facts: ListingFacts, locale: str) -> tuple[str, list[str]]:
    label = vocab.CATEGORY_LABELS.get(facts.category, {}).get(locale)
    template, gift_phrase = vocab.CATEGORY_SENTENCE[locale]
    if label is None:
        return "", []
    return template.format(label=label), [label, gift_phrase, _GIFT_WORD[locale]]


def _fit_length(sentences: list[_Sentence]) -> list[_Sentence]:
    # Optional sentences go first, latest first; the opening, care and close always stay.
    droppable = (
        "filler",
        "category",
        "reviews",
        "heritage",
        "colours",
        "dims",
        "handmade",
        "techniques",
    )
    for slot in droppable:
        while len(_render(sentences)) > DESCRIPTION_MAX_CHARS and any(
            s.slot == slot for s in sentences
        ):
            last = max(i for i, s in enumerate(sentences) if s.slot == slot)
            del sentences[last]
    return sentences


# --- keywords, title, meta ------------------------------------------------------------------


def _keyword_candidates(names: _Names) -> list[str]:
    generic = vocab.GENERIC_OBJECT[names.locale][1]  # "piece" finds nothing in a search
    phrases = [names.head, *names.sub_phrases, names.obj_colour or ""]
    phrases += [*names.techniques, *names.materials, names.noun]
    return [p for p in phrases if p and p != generic]


def _rank_keywords(
    candidates: Sequence[str], description: str, context: Sequence[RetrievedExample]
) -> list[str]:
    text = description.casefold()
    context_titles = [set(tokens(example.title)) for example in context]
    kept: list[str] = []
    for keyword in candidates:
        if (
            keyword
            and keyword.casefold() in text
            and keyword.casefold() not in map(str.casefold, kept)
        ):
            kept.append(keyword)
    # Keywords that successful similar listings also carry rank first; order is otherwise kept.
    in_context = [k for k in kept if any(set(tokens(k)) <= title for title in context_titles)]
    return (in_context + [k for k in kept if k not in in_context])[:MAX_KEYWORDS]


def _display_head(names: _Names, category: str) -> str:
    """The headline for titles and meta text: "Pottery" says more than "Piece"."""
    if names.head == vocab.GENERIC_OBJECT[names.locale][1]:
        return _cap(vocab.CATEGORY_LABELS[category][names.locale])
    return _cap(names.head)


def _title(names: _Names, category: str) -> str:
    head = _display_head(names, category)
    if names.colours:
        joiner = " in " if names.locale in ("en", "de") else " – "
        title = f"{head}{joiner}{_join(names.colours[:3], names.locale)}"
        if len(title) <= TITLE_MAX:
            return title
    return head[:TITLE_MAX]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut or text[:limit]


def _meta_description(names: _Names, persona: str, category: str, category_sentence: str) -> str:
    sep = " : " if names.locale == "fr" else ": "
    tagline = vocab.PERSONA_TAGLINES[persona][names.locale]
    head = _display_head(names, category)
    options = []
    if names.techniques:
        options.append(f"{head}{sep}{_join(names.techniques[:3], names.locale)}. {tagline}")
    options.append(f"{head}. {tagline}")
    options.append(f"{head}. {tagline} {category_sentence}".strip())
    for option in options:
        if META_DESCRIPTION_MIN <= len(option) <= META_DESCRIPTION_MAX:
            return option
    return _shorten(options[-1], META_DESCRIPTION_MAX)


def _bullets(
    facts: ListingFacts,
    persona: str,
    names: _Names,
    selection: _Selection,
    dims: str | None,
    reviews: Sequence[str],
) -> list[str]:
    labels = vocab.LABELS[names.locale]
    sep = labels["sep"]
    lists = {"materials": names.materials, "techniques": names.techniques, "colours": names.colours}
    bullets: list[str] = []
    for slot in vocab.PERSONA_BULLET_ORDER[persona]:
        if slot in lists and lists[slot]:
            bullets.append(
                f"{_number(labels[slot], len(lists[slot]))}{sep}{_join(lists[slot], names.locale)}"
            )
        elif slot == "dimensions" and dims:
            bullets.append(f"{labels['dimensions']}{sep}{dims}")
        elif slot == "dimensions" and persona == "functionality_reviewer":
            bullets.append(labels["no_dimensions"])
        elif slot == "care":
            bullets.append(f"{labels['care']}{sep}{care_text(facts.category, names.locale)}")
        elif slot == "reviews" and reviews:
            bullets.append(f"{labels['reviews']}{sep}{_join(reviews, names.locale)}")
        elif slot == "handmade" and selection.handmade:
            bullets.append(labels["handmade"])
    category = vocab.CATEGORY_LABELS.get(facts.category, {}).get(names.locale)
    fallbacks = [
        f"{labels['category']}{sep}{category}" if category else "",
        labels["no_dimensions"] if not dims else "",
    ]
    for fallback in fallbacks:
        if len(bullets) < 3 and fallback and fallback not in bullets:
            bullets.append(fallback)
    return bullets[:MAX_BULLETS]


# --- public API -----------------------------------------------------------------------------


def compose_draft(
    facts: ListingFacts, persona_key: str, locale: str, context: Sequence[RetrievedExample] = ()
) -> DraftContent:
    """A draft in `locale`, in the voice of `persona_key`, stating only what `facts` hold."""
    if locale not in vocab.OUTPUT_LANGUAGES:
        raise ValueError(
            f"unsupported locale {locale!r}; the composer writes {vocab.OUTPUT_LANGUAGES}"
        )
    if persona_key not in vocab.PERSONA_PHRASES:
        raise ValueError(f"unknown persona {persona_key!r}")
    if facts.category not in vocab.CATEGORY_LABELS:
        raise ValueError(f"no vocabulary for category {facts.category!r}")

    selection = _select(facts)
    names = _names(selection, facts, locale)
    dims = _dimensions(facts, locale)
    reviews = [
        vocab.REVIEW_PHRASES[k][locale]
        for k in facts.review_highlights
        if k in vocab.REVIEW_PHRASES
    ][:MAX_REVIEWS]

    sentences = _sentences(facts, persona_key, names, selection, dims, reviews)
    fillers = iter(vocab.PERSONA_PHRASES[persona_key][locale].get("filler", ()))
    close_at = max(i for i, s in enumerate(sentences) if s.slot == "close")
    while len(_render(sentences)) < TARGET_MIN_CHARS and (filler := next(fillers, None)):
        sentences.insert(close_at, _Sentence(filler, "filler"))
        close_at += 1

    category_sentence, category_keywords = _category_sentence(facts, locale)
    keywords = _rank_keywords(_keyword_candidates(names), _render(sentences), context)
    if (
        len(keywords) < MIN_KEYWORDS or len(_render(sentences)) < TARGET_MIN_CHARS
    ) and category_sentence:
        sentences.insert(close_at, _Sentence(category_sentence, "category"))
        keywords = _rank_keywords(
            [*_keyword_candidates(names), *category_keywords], _render(sentences), context
        )
    description = _render(_fit_length(sentences))
    keywords = [k for k in keywords if k.casefold() in description.casefold()]

    title = _title(names, facts.category)
    meta_title = (
        title if len(title) <= META_TITLE_MAX else _shorten(_cap(names.head), META_TITLE_MAX)
    )
    return DraftContent(
        title=title,
        description=description,
        bullet_features=_bullets(facts, persona_key, names, selection, dims, reviews),
        materials=list(names.materials),
        care=care_text(facts.category, locale),
        seo_keywords=keywords,
        meta_title=meta_title,
        meta_description=_meta_description(names, persona_key, facts.category, category_sentence),
    )


def supported_terms(facts: ListingFacts, locale: str) -> set[str]:
    """Lowercase surface forms, in `locale`, of every material, technique, colour and object in
    the facts: what a grounding check may accept a draft to mention."""
    supported: set[str] = set()
    for kind in FACT_KINDS:
        for key in getattr(facts, kind):
            supported.update(
                form.lower() for form in _KIND_TABLES[kind].get(key, {}).get(locale, ())
            )
    for key in object_types(facts):
        supported.update(form.lower() for form in vocab.OBJECTS[key].get(locale, ()))
    return supported


def mentioned_terms(text: str, locale: str) -> dict[str, set[str]]:
    """Kind ("materials", "techniques", "colours") -> canonical keys that `text` mentions in
    `locale`'s words, negated or not: compare with the facts to find unsupported mentions."""
    found = find_terms(text, languages=(locale,), skip_negated=False)
    return {kind: set(found[kind]) for kind in FACT_KINDS}
