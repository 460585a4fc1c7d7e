"""The personal-data scrubber as it was before issue 14 (handmade_assets/reviews/pii.py at
c41d124), kept unchanged so benchmarks/pii.py can measure the new one against it.

Remove personal data from review text before anything downstream stores or prompts with it.

Rule-based on purpose: no model weights can be loaded here, so names are only found after cue
phrases ("my name is", "thanks,", "my daughter ...", "Mr. ...") or when the caller knows them
(the reviewer's display name). A capitalised word with no cue is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

PII_KINDS: tuple[str, ...] = ("email", "url", "phone", "address", "name")
PLACEHOLDERS: dict[str, str] = {kind: f"[{kind.upper()}]" for kind in PII_KINDS}


@dataclass(frozen=True)
class ScrubResult:
    text: str
    # Only the kinds that were found; an empty dict means the text was clean.
    found: dict[str, int] = field(default_factory=dict)


_LOCAL_PART = r"[A-Za-z0-9._%+-]+(?:\s+dot\s+[A-Za-z0-9_%+-]+)*"
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    # Spelled out to dodge filters: "jane [at] shop [dot] com", and with a plain " at " only
    # before a mail provider ("jane dot doe at gmail dot com"): "look at this dot com" is none.
    rf"|\b{_LOCAL_PART}\s*(?:\[at\]|\(at\))\s*[A-Za-z0-9-]+\s*(?:\[dot\]|\(dot\)|\s+dot\s+|\.)"
    r"\s*(?:com|net|org|de|fr|it|es|co\.uk|uk)\b"
    rf"|\b{_LOCAL_PART}\s+at\s+(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|gmx|web|live"
    r"|msn|proton|protonmail|orange|libero|wanadoo)\s*(?:\s+dot\s+|\.)\s*(?:com|net|de|fr|it|es|uk)\b",
    re.IGNORECASE,
)

# Bare domains only with generic TLDs: "mug.it" or "love it.it was" must not become a URL.
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|shop|store|info|biz|co\.uk)"
    r"(?!\w|\.\w)(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_URL_TRAILING_PUNCTUATION = ".,;:!?)]}'\""

_PHONE = re.compile(
    # International: +44 20 7946 0958, 0049 30 1234567, +1 (555) 123-4567, +39 06 1234 5678.
    r"(?<![\w+])(?:\+|\b00)\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s./-]?\d{2,8}){1,5}\b"
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-1234.
    r"|(?<![\w-])(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    # European national numbers start with a trunk 0: 020 7946 0958, 030/1234567, 01 23 45 67 89.
    r"|(?<![\w.,/-])0\d(?:[\s./-]?\d){7,11}\b"
)
_PHONE_DIGITS = range(7, 16)  # E.164 allows at most 15 digits

_CAP_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿ]+)?"
_STREET_NAME_WORD = rf"(?:{_CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th)|[NSEW]\.?)"
_ADDRESS = re.compile(
    # English: 123 Main Street, 42 W 5th Ave., 7 Oak Tree Lane, Apt 4.
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_STREET_NAME_WORD}\s+){{1,4}}"
    r"(?:(?i:street|avenue|road|boulevard|lane|drive|court|terrace|place|circle|highway"
    r"|parkway|square|crescent|close)\b"
    r"|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Cir|Hwy|Pkwy|Sq|Way)\b\.?)"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*[\w-]+)?"
    # Italian / Spanish / Portuguese: Via Roma 12, Via dei Mille 5, Calle Mayor 3.
    rf"|\b(?:Via|Viale|Piazza|Corso|Largo|Vicolo|Calle|Avenida|Avda\.|Plaza|Paseo|Carrer|Rua)\s+"
    rf"(?:(?:{_CAP_WORD}|d[aeiu]|de[il]|della|degli|delle|la|las|los|el)\s+){{0,4}}"
    rf"{_CAP_WORD},?\s+\d{{1,4}}[a-zA-Z]?\b"
    # French: 12 rue de la Paix, 5 bis, avenue des Champs-Élysées.
    rf"|\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|chemin|allée|allee"
    rf"|impasse|quai|cours)\s+(?:(?:de|du|des|la|le|l'|d'|l’|d’)\s*){{0,3}}{_CAP_WORD}"
    rf"(?:[\s-]{_CAP_WORD})*"
    # German: Hauptstraße 5, Bahnhofstr. 12a, Berliner Straße 7.
    # ("-ring" is left out: "Earring 2", "Spring 2020".)
    r"|\b[A-ZÄÖÜ][a-zäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm)\s*\d{1,4}[a-z]?\b"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+\s+(?:Straße|Strasse|Weg|Gasse|Platz|Allee)\s+\d{1,4}[a-z]?\b"
)

# Capitalised words that follow name cues without being names ("I'm Happy", "my son Year 1989",
# "Thanks, Great seller", "- Adorable"). Lower-case and ALL-CAPS words never match a name.
_NOT_NAMES = frozenset(
    """
    a about absolutely adorable after again all also always amazing an and another any anyway
    are as at awesome back beautiful because been being best better big bought but by came can
    charming christmas classy cool could cute customer dad daddy day definitely delighted did
    do done easter elegant enjoy every excellent excited exquisite extremely fabulous fantastic
    fine five for four from fun gift glad going good gorgeous got grandma grandpa great had
    happy has have he her here highly him his honestly hope how however i if impressed in is
    it just kind later like love loved lovely loves mama mom mommy much mum my new nice no not
    now of ok okay on one only or our overall perfect please pleased pretty quality quick
    really recommend recommended sad satisfied she simple so sorry still stunning sturdy
    super sure sweet thank thanks that the their them then there these they thrilled this
    those thanksgiving three to too totally truly two unique very was we well were what when
    which who will wish with wonderful works would wow year years yes you your
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday valentine valentines birthday
    amazon etsy handmade seller shop store order
    """.split()
)
_NOT_A_NAME_AHEAD = (
    r"(?!(?i:" + "|".join(sorted(_NOT_NAMES, key=len, reverse=True)) + r")(?![\w'’-]))"
)
# Up to three capitalised words that are not common words ("Emma Loves it" -> "Emma"), joined by
# spaces or tabs only, so a sign-off never swallows the next line.
_NAME = rf"{_NOT_A_NAME_AHEAD}{_CAP_WORD}(?:[ \t]+{_NOT_A_NAME_AHEAD}{_CAP_WORD}){{0,2}}"
_RELATIVE = (
    r"(?:(?:best|little|big|oldest|eldest|youngest|older|younger|baby|grand)\s*)?"
    r"(?:daughter|son|husband|wife|mom|mum|mother|dad|father|friend|sister|brother|niece|nephew"
    r"|boyfriend|girlfriend|partner|fianc[eé]e?|aunt|uncle|grandma|grandmother|grandpa|cousin"
    r"|neighbou?r|boss|coworker|co-worker|granddaughter|grandson|bff)"
)
_SIGN_OFF = r"thanks|thank\s+you|many\s+thanks|cheers|regards|best\s+wishes|warmly|sincerely"
_NAME_CUES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(?i:\bmy\s+name\s+is|\bmy\s+name's|\bcall\s+me|\bask\s+for)\s+(?P<name>{_NAME})",
        rf"(?i:\bmy\s+{_RELATIVE}),?\s+(?P<name>{_NAME})",
        rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?P<name>{_NAME})",
        # Weak cues ("I'm Thrilled") count only when the name is followed by a break or "from".
        rf"(?i:\b(?:i'm|i’m|i\s+am|this\s+is))\s+(?P<name>{_NAME})"
        rf"(?=\s*(?:[,.!?;]|$|(?i:from|here)\b))",
        # A sign-off closing the text ("Thanks Sarah", "Love, Maria!") or followed by punctuation
        # mid-text ("Many thanks, Aunt Marty! We ...").
        rf"(?i:\b(?:{_SIGN_OFF})),?[ \t]+(?P<name>{_NAME})(?=[ \t]*[.!]*\s*$)",
        rf"(?i:\b(?:{_SIGN_OFF}|love|xoxo)),\s*(?P<name>{_NAME})(?=[ \t]*[.!,]|\s*$)",
        # A signature at the very end: "... love it! - Sarah K." or "— Maria".
        rf"(?:^|\s)[-—–~]{{1,2}}[ \t]*(?P<name>{_NAME}(?:[ \t]+[A-Z]\.)?)[ \t]*[.!]?\s*$",
    )
)


def scrub_pii(text: str, known_names: Iterable[str] = ()) -> ScrubResult:
    found: Counter[str] = Counter()
    text = _sub(_EMAIL, text, "email", found)
    text = _sub(_URL, text, "url", found, span=_url_span)
    text = _sub(_PHONE, text, "phone", found, span=_phone_span)
    text = _sub(_ADDRESS, text, "address", found)
    for cue in _NAME_CUES:
        text = _sub(cue, text, "name", found, span=_name_span)
    for pattern in _known_name_patterns(tuple(known_names)):
        text = _sub(pattern, text, "name", found)
    return ScrubResult(text=text, found=dict(found))


def _sub(
    pattern: re.Pattern[str],
    text: str,
    kind: str,
    found: Counter[str],
    *,
    span: Callable[[re.Match[str]], tuple[int, int] | None] = re.Match.span,
) -> str:
    """Replace each match's `span` (None: leave that match alone) with the kind's placeholder."""
    pieces: list[str] = []
    cursor = 0
    for match in pattern.finditer(text):
        replaced = span(match)
        if replaced is None or replaced[0] < cursor:
            continue
        pieces += [text[cursor : replaced[0]], PLACEHOLDERS[kind]]
        cursor = replaced[1]
        found[kind] += 1
    return "".join(pieces) + text[cursor:] if pieces else text


def _url_span(match: re.Match[str]) -> tuple[int, int]:
    start = match.start()
    return start, start + len(match.group().rstrip(_URL_TRAILING_PUNCTUATION))


def _phone_span(match: re.Match[str]) -> tuple[int, int] | None:
    digits = sum(ch.isdigit() for ch in match.group())
    return match.span() if digits in _PHONE_DIGITS else None


def _name_span(match: re.Match[str]) -> tuple[int, int]:
    return match.span("name")


@lru_cache(maxsize=4096)
def _known_name_patterns(known_names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The full display name anywhere (any case), and each of its words when written capitalised."""
    full_names: set[str] = set()
    words: set[str] = set()
    for raw in known_names:
        parts = [part for part in re.split(r"[\s_]+", raw) if part]
        if not parts:
            continue
        full_names.add(r"[\s_]+".join(re.escape(part) for part in parts))
        for word in re.findall(r"[^\W\d_]+", raw):
            if len(word) >= 3 and word.lower() not in _NOT_NAMES:
                words.add(word[0].upper() + word[1:])
    # The look-arounds keep "[NAME]" itself from matching a reviewer called "Name".
    patterns = [
        re.compile(rf"(?<![\w\[]){name}(?![\w\]])", re.IGNORECASE)
        for name in sorted(full_names, key=len, reverse=True)
    ]
    patterns += [re.compile(rf"(?<![\w\[]){re.escape(word)}(?![\w\]])") for word in sorted(words)]
    return tuple(patterns)
