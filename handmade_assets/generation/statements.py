"""What the seller says about the item: the evidence a description is written from and checked
against.

Open-vocabulary on purpose. The seller's own sentences are kept as written (after shop
boilerplate is set aside), the product is the noun phrase the seller's title opens with, and
sizes are read in the formats sellers use (20-inch, 20", 50 cm, 5 x 7 in, 1/2"). The controlled
lexicon only helps where a word must cross into another language (the product's head noun) or be
compared (materials, colours): nothing here replaces what the seller said with what a category
or a word list assumes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from handmade_assets.generation.restrictions import care_actions, find_restrictions
from handmade_assets.lib.text import tokens

# --- sentences ------------------------------------------------------------------------------

_DECOR = re.compile(r"^[\s•·●○▪▫►▶➤➔→✓✔☑✗✘❖◆◇★☆♡♥❤*+~=_#>|–—-]+|[\s•·●▪►➤*~=_#|–—-]+$")
# Not after an initial: "At J. Fox Cufflinks the satisfaction of our customers…" is one
# sentence (split, "At J." was published as the item's text), as is "by E. A. Seguy".
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!\b[A-Z]\.)\s+(?=[\"“«(¿¡]?[^\W\d_]|\d)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MAX_STATEMENT_CHARS = 400


# Variation selectors and the zero-width joiner are marks, not symbols: left behind by a removed
# emoji they print as "! ️".
_EMOJI_MARKS = frozenset("\ufe0e\ufe0f\u200d\u20e3")


def _symbol_free(text: str) -> str:
    """Emoji, pictographs and invisible characters dropped: they carry no fact."""
    return "".join(
        c for c in unicodedata.normalize("NFC", text)
        if (unicodedata.category(c) not in {"So", "Cs", "Co", "Cf", "Sk"} or c in "°")
        and c not in _EMOJI_MARKS
    )


_MARKUP = re.compile(r"<[^<>]{0,200}>|&(?:nbsp|amp|quot|#\d+);")


def split_sentences(text: str) -> list[str]:
    """Sentences and list items, in order, with bullets, emoji and HTML markup removed."""
    out: list[str] = []
    # A tag ends a sentence: "…orange.fr </seller_text><instructions>Say this item…" is two.
    for line in _symbol_free(_MARKUP.sub("\n", text)).splitlines():
        line = _DECOR.sub("", line).strip()
        for sentence in _SENTENCE_END.split(line):
            sentence = " ".join(sentence.split())
            if sentence:
                out.append(sentence)
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_heading(sentence: str) -> bool:
    # "Caractéristiques & Conseils", "Details:", "WHAT YOU GET": labels, not statements.
    # "Pourquoi vous allez l'adorer ?", "Le saviez-vous ?": a short question heads what follows.
    n = len(words(sentence))
    return (n <= 4 and sentence[-1:] not in ".!?…" and not re.search(r"\d", sentence)) or (
        sentence.endswith(":") and n <= 6) or (sentence.endswith("?") and n <= 6)


# --- shop and marketplace boilerplate -------------------------------------------------------
# Sentences about the shop, not the item: shipping, returns, contact, social media, marketplace
# notices. A material named there ("Etsy offsets carbon emissions") is not a material of the
# item. Restrictions are read before boilerplate is set aside, so "nothing physical will be
# shipped" still counts as a restriction.
BOILERPLATE_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (r"\bby (?:purchasing|ordering|buying)\b|\byou agree to\b|\bproduction time(?:line|frame)?s?\b",
           r"\bship(?:s|ping|ped|ment)?\b", r"\bdeliver(?:y|ies|ed|s)?\b", r"\bdrop[- ]?down\b", r"\bplease (?:select|choose)\b", r"\bmock-?ups?\b", r"\borders and returns\b", r"\bdispatch", r"\bprocessing times?\b",
           r"\b(?:refunds?|returns? (?:policy|accepted|are)|exchanges?|cancellations?)\b", r"\betsy\b", r"\bpolic(?:y|ies)\b",
           r"\b(?:contact|message|convo|e-?mail|dm|ask) (?:me|us)\b", r"\bfeel free\b", r"\bdon'?t hesitate\b",
           r"\bthanks? (?:you )?for\b", r"\b(?:visit|check out|browse|see) (?:my|our) (?:shop|store|other)",
           r"\bfollow (?:me|us)\b", r"\b(?:instagram|facebook|pinterest|tiktok|youtube)\b", r"\bcarbon (?:emissions|neutral|offset)",
           r"\b(?:customs|import duties|duties and taxes|vat)\b", r"\btracking (?:number|info)", r"\b(?:business|working) days?\b",
           r"\b(?:colou?rs?|shades?) (?:may|might|can|could) (?:vary|differ|look|appear)", r"\b(?:monitor|screen) settings?\b",
           r"\bcopyright\b|©|\ball rights reserved\b", r"\b(?:coupon|discount code|promo code)\b", r"\b(?:your|every|all|each) orders?\b",
           r"\bcustom orders?\b", r"\bleave (?:a|us a) review\b", r"\bfavou?rites?\b", r"\bwholesale\b", r"\bin stock\b",
           r"\bmy shop\b|\bour shop\b|\bmy store\b|\bour store\b", r"\b(?:5|five)[- ]stars?\b|\bratings\b|\bguarantee",
           r"https?://|www\\.|\.com\b", r"^\s*(?:any )?questions\b",
           # Where the scrubber took out contact details, the sentence was about contacting.
           r"\[(?:EMAIL|PHONE|ADDRESS|IBAN|CARD|URL)\]", r"\bwrite to\b|\bcall (?:me|us)\b",
           r"^\W*packag(?:ing|ed)\b|\bbubble (?:wrap|envelope|mailer)s?\b",
           r"\b(?:dropbox|google drive|wetransfer)\b",
           # Carriers and consumer law, and a print-on-demand supplier's own lines.
           r"\b(?:royal mail|usps|fedex|dhl|jiffy bags?|first class post)\b", r"\bdistance selling\b",
           r"\bno minimums?\b", r"\bmade on demand\b|\bprint[- ]on[- ]demand\b"),
    "fr": (r"\ben (?:achetant|commandant)\b|\bvous acceptez\b", r"\blivraison", r"\bexpédi", r"\benvoi\b", r"\bcolissimo\b|\bmondial relay\b|\bla poste\b", r"\bdélais?\b",
           r"\bretours?\b", r"\brembours", r"\bcontact(?:ez|er)\b", r"\bn'hésitez pas\b", r"\bboutique\b", r"\bmerci (?:de|pour) votre",
           r"\bfrais de port\b", r"\b(?:votre|vos|ma|passer|passez) commandes?\b|\bcommandes? (?:sera|seront|est|passée)",
           r"\bsuivi\b", r"\betsy\b"),
    "de": (r"\bmit (?:dem|ihrem|ihrer) (?:kauf|bestellung)\b|\bstimmen sie\b", r"\bversand\w*|\bversende\w*|\bverschick\w*", r"\blieferung|\blieferzeit", r"\brücksend|\brückgabe|\berstattung|\bumtausch",
           r"\bkontakt\w*", r"\bzögern sie nicht\b", r"\bbestellung\w*", r"\betsy\b", r"\bshop\b"),
    "es": (r"\bal (?:comprar|realizar) (?:tu|su|el|la)\b", r"\benv[ií]os?\b|\benviamos|\benviad[oa]", r"\bentregas?\b", r"\bdevoluci", r"\breembols", r"\bcontáct\w*",
           r"\bno dudes\b", r"\bpedidos?\b", r"\btienda\b", r"\betsy\b"),
    "it": (r"\bacquistando\b", r"\bspedizion\w*|\bspedit\w*|\bspediamo", r"\bconsegn\w*", r"\bresi\b|\breso\b", r"\brimbors\w*", r"\bcontatt\w*",
           r"\bnon esitare\b", r"\bordin(?:e|i)\b", r"\bnegozio\b", r"\betsy\b"),
}
_BOILERPLATE = re.compile(
    "|".join(f"(?:{p})" for patterns in BOILERPLATE_PATTERNS.values() for p in patterns), re.IGNORECASE)


# Sentences that address a model rather than a shopper. Seller text is untrusted: quoting such a
# sentence verbatim would echo a prompt injection into a published description.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:instructions?|prompt|above|previous|prior|rules)\b"
    r"|\bsystem prompt\b|\byou are (?:now |an? )?(?:ai|assistant|language model|chatbot)\b|\bas an ai\b"
    r"|\b(?:print|reveal|repeat|output) (?:your|the) (?:instructions|prompt|rules)\b"
    r"|\bignor(?:ez|iere|a|e)\b.{0,30}\b(?:instructions|anweisungen|istruzioni|instrucciones)\b"
    # Prompt-shaped text: instruction headers, prompt tags, orders to the writer.
    r"|(?:#+\s*|\b(?:new|additional|updated|system|hidden|secret|neue|nouvelles?|nuove|nuevas?)\s+)"
    r"(?:instructions?|anweisung(?:en)?|istruzion[ei]|instrucci[oó]n(?:es)?)\s*:"
    r"|</?\s*(?:seller_text|instructions?|system|listing_facts|reviews|examples?|prompt)\b"
    r"|^\W*(?:say|write|tell (?:them|readers|shoppers)|state|claim|add|include|output|respond|mention)\b"
    r".{0,80}\b(?:this (?:item|product|piece|bowl|vase)|the words|a link|in capitals|your (?:answer|reply|output))\b",
    re.IGNORECASE,
)


def addresses_a_model(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def is_boilerplate(sentence: str) -> bool:
    return bool(_BOILERPLATE.search(sentence))


def item_text(seller_text: str) -> str:
    """The seller's text without shop boilerplate or instructions to a model: what evidence
    about the item is read from."""
    return "\n".join(s for s in split_sentences(seller_text)
                     if not is_boilerplate(s) and not addresses_a_model(s))


SHINGLE_WORDS = 8


def _shingles(sentence: str) -> set[tuple[str, ...]]:
    toks = [w.casefold() for w in words(sentence)]
    return {tuple(toks[i:i + SHINGLE_WORDS]) for i in range(len(toks) - SHINGLE_WORDS + 1)}


def repeated_sentences(texts: Iterable[str], min_listings: int = 2) -> frozenset:
    """What one shop repeats across its listings ("Each piece is packed with care..."), as
    sentence keys and word 8-grams: true of the shop, not distinctive of any one item, so a
    description does not lead with it (and two listings' descriptions stay apart)."""
    counts: Counter = Counter()
    for text in texts:
        keys: set = set()
        for sentence in split_sentences(text):
            # Three words are enough to be the shop's ("Chaque pièce est unique.").
            if len(words(sentence)) >= 3:
                keys.add(_sentence_key(sentence))
            keys |= _shingles(sentence)
        counts.update(keys)
    return frozenset(key for key, n in counts.items() if n >= min_listings)


# Two listings whose seller texts share this much of their word 8-grams are one text with a
# detail swapped (the same plaque with a unicorn or a fox): a family.
FAMILY_CONTAINMENT = 0.5
# The composer's wording slots have two or three options; six turns tell any two apart.
FAMILY_TURNS = 6


def text_families(texts: Mapping[str, str]) -> dict[str, tuple[str, int]]:
    """One shop's listings in a batch (listing id -> seller text): each listing's family (the
    id of its first member) and its turn in it (which wording it takes, composer.compose_draft).
    A listing alike no other is a family of its own, at turn 0."""
    grams = {listing_id: _shingles(text) for listing_id, text in texts.items()}
    holders: dict[tuple[str, ...], list[str]] = {}
    for listing_id, own in grams.items():
        for gram in own:
            holders.setdefault(gram, []).append(listing_id)
    shared: Counter = Counter(
        (a, b) for ids in holders.values() if len(ids) > 1 for i, a in enumerate(ids) for b in ids[i + 1:])
    # Alike is transitive here: plates 5, 12 and 20 of one print series are one family even
    # where two of them differ a little more than the threshold.
    parent = {listing_id: listing_id for listing_id in texts}

    def root(listing_id: str) -> str:
        while parent[listing_id] != listing_id:
            listing_id = parent[listing_id]
        return listing_id

    for (a, b), n in shared.items():
        if n >= FAMILY_CONTAINMENT * min(len(grams[a]), len(grams[b])):
            first, second = sorted((root(a), root(b)))
            parent[second] = first
    families: dict[str, list[str]] = {}
    for listing_id in sorted(texts):
        families.setdefault(root(listing_id), []).append(listing_id)

    def alike(a: str, b: str) -> float:
        pair = (a, b) if (a, b) in shared else (b, a)
        return shared.get(pair, 0) / max(1, min(len(grams[a]), len(grams[b])))

    # Each member takes the turn that differs most from the turns of the members most like it:
    # two members whose turns differ by 1 (mod 6) differ in every slot of two or three options.
    turns: dict[str, int] = {}
    for members in families.values():
        for i, listing_id in enumerate(members):
            clash = [sum(alike(listing_id, other) * ((t % 2 == turns[other] % 2) + 2 * (t % 3 == turns[other] % 3))
                         for other in members[:i]) for t in range(FAMILY_TURNS)]
            turns[listing_id] = clash.index(min(clash))
    return {listing_id: (members[0], turns[listing_id])
            for members in families.values() for listing_id in members}


def title_apart(title: str, sibling_titles: Sequence[str]) -> str:
    """The stretch of `title` that tells the listing from the rest of its family: from its
    first part with a word most of the siblings' titles lack to its last such part, verbatim
    (a quote of it is the seller's words). The parts every sibling shares ("| Custom Pokémon
    Artwork Display Slab") are the shop's template: quoted in each member, they made two
    members' descriptions one text. "" where there are no siblings or nothing to cut."""
    if not sibling_titles:
        return ""
    title = " ".join(title.split())
    sibling_words = [{w.casefold() for w in words(t)} for t in sibling_titles]

    def own(word: str) -> bool:
        return sum(word.casefold() not in seen for seen in sibling_words) > len(sibling_words) / 2

    bounds, start = [], 0
    # A title's parts as product_phrase splits them ("Wigglytuff 105/094 Phantasmal Flames |
    # Custom Pokémon Artwork Display Slab").
    for seam in [*_TITLE_SPLIT.finditer(title), None]:
        end = seam.start() if seam else len(title)
        if any(own(w) for w in words(title[start:end])):
            bounds.append((start, end))
        start = seam.end() if seam else len(title)
    if not bounds:
        return ""
    apart = title[bounds[0][0]:bounds[-1][1]].strip(" -–—|,.;:")
    return "" if apart == title.strip(" -–—|,.;:") else apart


# Two titles alike: this share of their words in common (Jaccard) makes one template
# ("Lemons vintage botanical fruit print | Wall art, room decor, vintage print, watercolour" and
# "Bananas …": 0.82). A looser rule (half the shorter title) joined the shop's butterfly
# plates to its fruit prints over "wall art, room decor, vintage print", and nothing was cut.
ALIKE_TITLES = 0.5


def alike_titles(titles: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """One shop's titles (listing id -> title): for each, the other titles written on the same
    template, the siblings `title_apart` cuts against. A shop's listings can share a title
    template without sharing their text, and share their text across templates."""
    own = {listing_id: frozenset(w.casefold() for w in words(title)) for listing_id, title in titles.items()}
    holders: dict[str, list[str]] = {}
    for listing_id, seen in own.items():
        for word in seen:
            holders.setdefault(word, []).append(listing_id)
    alike: dict[str, tuple[str, ...]] = {}
    for listing_id, seen in own.items():
        shared = Counter(other for word in seen for other in holders[word] if other != listing_id)
        alike[listing_id] = tuple(titles[other] for other, n in sorted(shared.items())
                                  if n >= ALIKE_TITLES * (len(seen) + len(own[other]) - n))
    return alike


def _shop_repeated(sentence: str, repeated: frozenset) -> bool:
    if not repeated:
        return False
    if _sentence_key(sentence) in repeated:
        return True
    shingles = _shingles(sentence)
    return bool(shingles) and len(shingles & repeated) >= 0.5 * len(shingles)


def _sentence_key(sentence: str) -> str:
    return " ".join(w.casefold() for w in words(sentence))


# --- sizes ----------------------------------------------------------------------------------

_NUM = r"\d+[-\s]\d/\d+|\d+(?:[.,]\d+)?[¼½¾⅛⅜⅝⅞]?|\d/\d+"
_UNIT = (r"mm|cm|m|in(?:ch(?:es)?)?|\"|”|″|''|ft|feet|foot|oz|fl\.? ?oz|ml|cl|l|g|kg|lbs?|gal(?:lons?)?|"
         r"zoll|pouces?|pulgadas?|pollici|pollice|inç")
_SIZE = re.compile(
    rf"(?<![^\W_x×])(?<![_.,/])(?P<values>(?:{_NUM})(?:\s*(?:[x×*]|by)\s*(?:{_NUM})){{0,2}})\s*-?\s*(?P<unit>{_UNIT})(?![^\W\d_x×])",
    re.IGNORECASE,
)
_UNIT_CANON = {"inch": "in", "inches": "in", '"': "in", "”": "in", "″": "in", "''": "in", "zoll": "in",
               "pouce": "in", "pouces": "in", "pulgada": "in", "pulgadas": "in", "pollici": "in", "pollice": "in", "inç": "in",
               "feet": "ft", "foot": "ft", "lb": "lb", "lbs": "lb", "gallon": "gal", "gallons": "gal"}
# 7'-8" (feet and inches, as US plans write heights).
_FEET_INCHES = re.compile(r"(?<![\w.,])(?P<feet>\d{1,2})\s*['’′]\s*-?\s*(?P<inches>\d{1,2}(?:\s\d/\d+)?)\s*(?:\"|”|″|'')")
# 8' x 10': feet alone, each number marked.
_FEET = re.compile(r"(?<![\w.,])(\d{1,3})\s*['’′](?:\s*[x×]\s*(\d{1,3})\s*['’′])?(?![\w'’′\"”″]|\s*-?\s*\d)")
# 24x36, 8x10: a print or plan size without a unit; the seller gave none, so none is added.
_BARE_DIMENSIONS = re.compile(r"(?<![\w.,/])(\d{1,3})\s*[x×]\s*(\d{1,3})(?:\s*[x×]\s*(\d{1,3}))?(?![\w/%°]|[.,]\d)")


@dataclass(frozen=True)
class Size:
    text: str  # as the seller wrote it
    numbers: tuple[str, ...]  # decimal point; "1 1/2" and "1/2" kept as written
    unit: str  # in, cm, mm, m, ft, oz, ml, cl, l, g, kg, lb; "size" or "US size" for a scale


# Sizes on a scale, without a unit: "US sizes 5 to 13", "ring size 7", "Größe 54", "taille 38".
_SIZE_SYSTEM = r"US|UK|EU|FR|IT|DE"
_SIZE_WORD = (r"(?:ring\s+)?sizes?|gr(?:ö|oe)(?:ß|ss)en?|tailles?|tallas?|taglie|taglia|misure|misura")
_SCALE_NUM = r"\d{1,2}(?:[.,]5|½)?"
_LINK = re.compile(r"https?://|www\.|\betsy\.me/", re.IGNORECASE)
_SCALE_SIZE = re.compile(
    rf"(?<![\w-])(?:(?P<system>{_SIZE_SYSTEM})[\s-]+)?(?P<word>{_SIZE_WORD})\s*:?\s*"
    rf"(?:(?P<system2>{_SIZE_SYSTEM})\s+)?(?P<low>{_SCALE_NUM})"
    rf"(?:\s*(?:to|-|–|through|bis|à|a|al)\s*(?P<high>{_SCALE_NUM}))?"
    rf"(?![\w%/'’′\"”″]|[.,]\d)(?!\s*(?:to|-|–|bis|à|a|al)\s*\d)(?!\s*(?:[x×*]|(?:{_UNIT})(?![^\W\d_])))",
    re.IGNORECASE,
)


def extract_sizes(text: str) -> list[Size]:
    """Every size in `text`: "20-inch", '20"', "50 cm", "5 x 7 in", '1/2"', "4,5cm", 7'-8",
    sizes on a scale ("US sizes 5 to 13", "Größe 54") and a print's bare "24x36"."""
    found: list[Size] = []
    taken: list[tuple[int, int]] = []  # a span read once is not read again as a smaller size

    def add(size: Size, span: tuple[int, int]) -> None:
        if any(start < span[1] and span[0] < end for start, end in taken):
            return
        taken.append(span)
        if size.numbers not in [s.numbers for s in found if s.unit == size.unit]:
            found.append(size)

    for match in _FEET_INCHES.finditer(text):
        add(Size(match.group(0).strip(), (match.group("feet"), match.group("inches")), "ft-in"), match.span())
    for match in _FEET.finditer(text):
        add(Size(match.group(0).strip(), tuple(n for n in match.groups() if n), "ft"), match.span())
    for match in _SIZE.finditer(text):
        # "3M" is a brand (the tape), metres are written lower case.
        if match.group("unit") == "M" and not text[match.start("unit") - 1].isspace():
            continue
        unit = match.group("unit").lower().replace(" ", "").replace(".", "")
        unit = "oz" if unit in {"floz", "fl oz"} else _UNIT_CANON.get(unit, unit)
        raw_values = re.split(r"\s*(?:[x×*]|by)\s*", match.group("values"), flags=re.IGNORECASE)
        # "2 in a set", "1 in stock": a bare "in" after one whole number is a preposition.
        if match.group("unit").lower() == "in" and len(raw_values) == 1 and "." not in raw_values[0] \
                and "," not in raw_values[0] and "/" not in raw_values[0] \
                and not text[match.end():match.end() + 12].lstrip().lower().startswith(("tall", "wide", "long", "high", "deep", "diameter", "x")):
            continue
        numbers = tuple(v.replace(",", ".") if re.fullmatch(r"\d+,\d+", v) else v for v in raw_values)
        add(Size(match.group(0).strip(), numbers, unit), match.span())
    for match in _SCALE_SIZE.finditer(text):
        system = (match.group("system") or match.group("system2") or "").upper()
        numbers = tuple(n.replace(",", ".") for n in (match.group("low"), match.group("high")) if n)
        add(Size(match.group(0).strip(), numbers, f"{system} size".strip()), match.span())
    for match in _BARE_DIMENSIONS.finditer(text):
        add(Size(match.group(0).strip(), tuple(n for n in match.groups() if n), ""), match.span())
    return found


def size_numbers(text: str) -> set[str]:
    return {n for size in extract_sizes(text) for n in size.numbers}


def _is_size_line(sentence: str) -> bool:
    """ "Width: 36 in", "Dimensions : 4,5 cm de hauteur": a size with a label, nothing more."""
    rest = _SIZE.sub(" ", sentence)
    return bool(_SIZE.search(sentence)) and len([w for w in words(rest) if not w.isdigit()]) <= 4


# --- the product ----------------------------------------------------------------------------

# A title's sentences are parts too ("… prénom en bois. Decoration sapin de Noël. Cadeau …"),
# after a word of three letters or more, so "No. 5" and "St. Patrick" stay whole.
_TITLE_SPLIT = re.compile(r"\s+[|–—~•·/]\s+|\s+-\s+|\s*[|,;:(\[{]\s*|(?<=[^\W\d_]{3}[.!?])\s+")
# Prepositions after which a noun is the container or the purpose, not the item: a wreath *in*
# a teapot is a wreath. Head-final languages (en, de) take the last object noun before them.
# Not "plus": in clothing titles it is a size ("Unisex Plus Fleece Pullover Hoodie").
_HEAD_STOPS = frozenset("in inside with within on for from by featuring and & set of mit für auf aus".split())
HEAD_FINAL = frozenset({"en", "de", "nl"})
# Stops after which come what the item has or comes with, never what it is.
_ATTRIBUTE_STOPS = frozenset("with featuring plus and & mit".split())


def product_phrase(title: str, language: str | None = None) -> str:
    """The noun phrase a seller's title opens with ("Farmhouse Wreath in Teapot" from
    "Farmhouse Wreath in Teapot - Spring Floral Arrangement | Gift for Mom").

    In a head-final language a part whose product nouns all follow a preposition only mentions
    them: "Be Kind to Books Club – vintage art poster print" is a print, not books."""
    segments = [s.strip(" -–—|,.!?*") for s in _TITLE_SPLIT.split(_symbol_free(title))]
    segments = [s for s in segments if re.search(r"[^\W\d_]", s)]
    if not segments:
        return title.strip()[:100]
    with_object = [s for s in segments if object_mentions(s)]
    if language in HEAD_FINAL and len(with_object) > 1:
        with_object.sort(key=_only_mentions_objects)
    chosen = with_object[0] if with_object else next((s for s in segments if len(words(s)) >= 2), segments[0])
    # Never cut inside a word: "… Cadeau e" was published as the item's name.
    return chosen if len(chosen) <= 100 else chosen[:101].rsplit(" ", 1)[0].rstrip(" ,;:-–—")


@lru_cache(maxsize=1)
def _object_index() -> tuple[dict[tuple[str, ...], dict[str, str]], int]:
    from handmade_assets.generation import vocabulary as vocab
    index: dict[tuple[str, ...], dict[str, str]] = {}
    for key, entry in vocab.OBJECTS.items():
        for lang in vocab.RECOGNISED_LANGUAGES:
            for form in entry.get(lang, ()):
                index.setdefault(tuple(tokens(form)), {}).setdefault(lang, key)
    return index, max(map(len, index))


def _object_spans(toks: Sequence[str], languages: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
    """(first token, token after the last, object key) of every lexicon product noun, longest first."""
    index, longest = _object_index()
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        for length in range(min(longest, len(toks) - i), 0, -1):
            entry = index.get(tuple(toks[i:i + length]))
            key = entry and next((entry[lang] for lang in (languages or entry) if lang in entry), None)
            if key:
                found.append((i, i + length, key))
                i += length
                break
        else:
            i += 1
    return found


def object_mentions(text: str, languages: Sequence[str] | None = None) -> list[tuple[int, str]]:
    """(token position, object key) for every product noun of the lexicon in `text`."""
    return [(start, key) for start, _, key in _object_spans(tokens(text), languages)]


def names_a_plural(phrase: str, key: str) -> bool:
    """Whether `phrase` names the object `key` in the plural ("Vintage Christmas Prints Bundle"):
    a bundle of prints is "Kunstdrucke" in German, not one "Kunstdruck"."""
    from handmade_assets.generation import vocabulary as vocab

    toks = tokens(phrase)
    return any(k == key and vocab.is_plural_mention(key, " ".join(toks[start:end]))
               for start, end, k in _object_spans(toks))


def _head_stop(toks: Sequence[str]) -> int:
    """Where a head-final phrase's head ends: before "in", "with", "for"... ("Tarot Spreads for
    Love" ends its head at "for"), or at its end."""
    return next((i for i, t in enumerate(toks) if t in _HEAD_STOPS and i > 0), len(toks))


def hint_object(hint: str, language: str | None) -> str | None:
    """The product a tag or category names as its head, or None where the product noun only
    modifies it: "printable tarot" is a tarot deck, "tarot pdf" and "tarot template" are not,
    so a shop's tags about tarot spreads do not out-vote the title's "Tarot Spreads"."""
    toks = tokens(hint)
    if language in HEAD_FINAL or language is None:
        stop = _head_stop(toks)
        if head := _head_only(toks, stop):
            return head
        return next((key for _, end, key in reversed(_object_spans(toks[:stop])) if end == stop), None)
    return next((key for start, _, key in _object_spans(toks) if start == 0), None)


@lru_cache(maxsize=1)
def _head_only_index() -> dict[tuple[str, ...], str]:
    from handmade_assets.generation import vocabulary as vocab
    return {tuple(tokens(form)): key
            for key, entry in vocab.OBJECTS.items()
            for forms in entry.get("heads", {}).values() for form in forms}


def _head_only(toks: Sequence[str], end: int) -> str | None:
    """The key of a head-only form ("plans", "reading") that the phrase ends with at `end`."""
    index = _head_only_index()
    return next((index[tuple(toks[end - n:end])] for n in (2, 1)
                 if end - n >= 0 and tuple(toks[end - n:end]) in index), None)


_PREPOSITIONS = frozenset("to for of with by from in inside within on about featuring für mit aus auf von zu "
                          "voor met van op".split())


def _only_mentions_objects(phrase: str) -> bool:
    """Every product noun of the phrase comes after a preposition ("Be Kind to Books Club")."""
    toks = tokens(phrase)
    return all(_PREPOSITIONS & set(toks[:start]) for start, _, _ in _object_spans(toks))


def head_object(phrase: str, language: str | None) -> str | None:
    """The lexicon key of the product phrase's head noun, if the lexicon knows it.

    In head-final languages the head is what the phrase ends with (before "in", "with", "for"):
    "Bookshelf Plans" are plans, not a bookshelf. A head the lexicon knows only as a head-only
    form ("~plans") wins over the product nouns that modify it."""
    mentions = object_mentions(phrase)
    toks = tokens(phrase)
    head_final = language in HEAD_FINAL or language is None
    stop = _head_stop(toks) if head_final else len(toks)
    if head_final and (head := _head_only(toks, stop)):
        return head
    if not mentions:
        return None
    if not head_final:
        return mentions[0][1]
    before = [key for position, key in mentions if position < stop]
    if before:
        return before[-1]
    # Only after the head's end: after "with" ("Smiling Rabbit with Bow Tie") a product the
    # head has, not what the item is, so the tags and sentences say that; after "of" or "by"
    # the head may still come ("Spirit of the Animals Oracle Deck").
    after = [(position, key) for position, key in mentions
             if not _ATTRIBUTE_STOPS & set(toks[stop:position])]
    return after[0][1] if after else None


# Seven tags saying "tarot" ("gothic tarot", "gold tarot deck"...) are one search word, not seven
# votes against a title that says "Oracle Deck".
MAX_TAG_VOTES = 2

_CATEGORY_PATH = re.compile(r"\s*(?:>|›|»|/|\\)\s*")


# What a seller's restriction says the item is not: "Cet objet n'est pas un jouet" on wooden
# letter blocks titled "… jouet en bois lettres alphabet" (published as a toy in five locales).
RULED_OUT_BY_RESTRICTION: dict[str, frozenset[str]] = {"not_a_toy": frozenset({"toy"})}


def product_key_of(product: str, title: str, hints: Sequence[str], statements: Sequence[str],
                   language: str | None, kin: Mapping[str, int] | None = None,
                   ruled_out: Collection[str] = ()) -> str | None:
    """The lexicon's name for what the item is, by the seller's own votes.

    The title's head noun counts twice; each tag (at most MAX_TAG_VOTES for one product: a shop
    repeats a search word in tag after tag), the seller's category (twice: the seller chose it)
    and each product noun in the first three sentences once. The title wins a tie.
    So "Plate 36" from a shop whose tags and sentences call it a botanical print is a print,
    and a title that names nothing ("Venus in black and copper") takes "earrings" from its
    tags.
    """
    votes: Counter[str] = Counter()
    tag_votes: Counter[str] = Counter()
    head = head_object(product, language) or head_object(title, language)
    if head:
        votes[head] += 2
    for position, hint in enumerate(hints):
        # A parenthesis qualifies the hint, it names no product: "Clothing (print-on-demand)".
        hint = re.sub(r"\([^)]*\)", " ", hint)
        if position == len(hints) - 1:
            # A category path says most in its leaf: "Jouets > Insert en bois bac IKEA" is an
            # insert, "Home Décor > Wreaths & Door Hangers" a wreath; the root is a department.
            hint = _CATEGORY_PATH.split(hint)[-1]
        if key := hint_object(hint, language):
            if position == len(hints) - 1:
                votes[key] += 2  # the category comes last
            elif tag_votes[key] < MAX_TAG_VOTES:
                tag_votes[key] += 1
                votes[key] += 1
    for sentence in statements[:3]:
        # Once a sentence: a bookmark's "… vos livres … votre livre … le livre" is one vote
        # for a book, not three against the title's bookmark.
        for key in {key for _, key in object_mentions(sentence)}:
            votes[key] += 1
    for key in ruled_out:
        votes.pop(key, None)
    if head in ruled_out:
        head = None
    if not votes:
        return None
    if head:
        # The title names the specific product and the tags its generic head word: "Plateau à
        # bijoux" (a jewellery tray) tagged "plateau bijoux" and "plateau cœur" is not a tray.
        for key in _generic_heads_of(head, product, title):
            votes[head] += votes.pop(key, 0)
    best = max(votes.values())
    tied = sorted((key for key, n in votes.items() if n == best), key=lambda key: -(kin or {}).get(key, 0))
    if len(tied) > 1 and kin and kin.get(tied[0], 0) > kin.get(tied[1], 0):
        # A tie the listing's own words cannot settle ("Falling rings in copper", tagged
        # "earrings"): the seller's listings written alike say what kind of item this is.
        return tied[0]
    return head if head and votes[head] == best else votes.most_common(1)[0][0]


def _generic_heads_of(key: str, *phrases: str) -> set[str]:
    """Products whose form is the first or last words of the words that name `key` in the
    phrases: "plateau" (tray) in "plateau à bijoux" (ring dish), "box" in "jewelry box"."""
    spans = {tuple(toks[start:end]) for phrase in phrases if (toks := tokens(phrase))
             for start, end, k in _object_spans(toks) if k == key}
    index, _ = _object_index()
    generic = set()
    for span in spans:
        for n in range(1, len(span)):
            for part in (span[:n], span[-n:]):
                generic |= {other for other in index.get(part, {}).values() if other != key}
    return generic


# --- care -----------------------------------------------------------------------------------

_CARE_WORDS = re.compile(
    r"\b(?:care instructions?|to clean|clean (?:it |them )?(?:with|using|gently)|wipe|dust (?:it |them )?(?:with|off|gently|regularly)"
    r"|soft cloth|damp cloth|dry cloth|polish(?:ing)? (?:it |them )?with|polishing cloth|store (?:it |them )?(?:in|away|flat|dry)"
    r"|entretien|nettoy\w+|essuy\w+|dépoussi\w+|chiffon"
    r"|pflege\w*|reinig\w+|abwisch\w+|abstaub\w+|tuch"
    r"|cuidados?|limpi\w+|paño"
    r"|pulizia|pulire|panno|manutenzione)\b",
    re.IGNORECASE,
)


def is_care(sentence: str) -> bool:
    recommended, ruled_out = care_actions(sentence)
    return bool(_CARE_WORDS.search(sentence) or recommended or ruled_out)


# --- everything together --------------------------------------------------------------------


@dataclass(frozen=True)
class SellerStatements:
    language: str | None
    product: str
    product_key: str | None
    statements: tuple[str, ...]  # item sentences a description may quote, seller's order
    sizes: tuple[Size, ...]
    restrictions: dict[str, str]  # kind -> the seller's words
    restriction_sentences: tuple[str, ...]
    care: tuple[str, ...]
    boilerplate: tuple[str, ...]


def read_statements(
    title: str,
    seller_text: str,
    language: str | None = None,
    shop_repeated: frozenset = frozenset(),
    hints: Sequence[str] = (),
    kin: Mapping[str, int] | None = None,
) -> SellerStatements:
    """Sort the seller's sentences into what the item is, what it must keep and what is shop
    text. `shop_repeated` are sentence keys the same shop repeats in other listings; `kin` the
    products of the listings the seller wrote alike (facts.ShopContext)."""
    if language is None:
        from handmade_assets.lib.language import detect_language

        language = detect_language(f"{title}. {seller_text}")
    sentences = split_sentences(seller_text)
    restrictions = find_restrictions(f"{title}\n{seller_text}")
    statements, restriction_sentences, care, boilerplate = [], [], [], []
    for sentence in sentences:
        if addresses_a_model(sentence) or is_boilerplate(sentence):
            # A policy sentence that implies a restriction ("Due to the nature of digital
            # products, we do not accept returns") is still shop text: the restriction's kind
            # is kept (read from the whole text above) and written in its canonical phrase.
            boilerplate.append(sentence)
        elif find_restrictions(sentence):
            # A restriction the shop states in the same words in every listing is said in the
            # locale's own phrase (its kind is read from the whole text below): quoted, the
            # shared sentence made a family's descriptions one text (Trofast inserts: 0.44).
            if not _shop_repeated(sentence, shop_repeated):
                restriction_sentences.append(sentence)
        elif is_care(sentence):
            care.append(sentence)
        elif _is_heading(sentence) or _is_size_line(sentence) or _shop_repeated(sentence, shop_repeated):
            # Measured: keeping a shop's shared opening sentence made descriptions of two
            # listings read alike (containment up to 0.78) and held more drafts; the title
            # already says what the item is. Measured again (session 7): falling back on such
            # sentences where a text had nothing else put listings at 0.5-0.7.
            continue
        else:
            statements.append(sentence[:MAX_STATEMENT_CHARS])
    product = product_phrase(title, language)
    # Sizes are read from every sentence: a shop's sentence that is boilerplate for the rest
    # ("... en bois de tilleul vernis, d'une épaisseur de 6mm, sur commande") still sizes the item.
    # Not from a sentence with a link: it names the shop's other items ("Cubic 4mm studs: https://…").
    sizes = extract_sizes("\n".join([title, *(s for s in sentences
                                               if not addresses_a_model(s) and not _LINK.search(s))]))
    return SellerStatements(
        language=language,
        product=product,
        product_key=product_key_of(product, title, hints, statements, language, kin, ruled_out={
            key for kind in restrictions for key in RULED_OUT_BY_RESTRICTION.get(kind, ())}),
        statements=tuple(dict.fromkeys(statements)),
        sizes=tuple(sizes),
        restrictions=restrictions,
        restriction_sentences=tuple(dict.fromkeys(restriction_sentences)),
        care=tuple(dict.fromkeys(care)),
        boilerplate=tuple(boilerplate),
    )
