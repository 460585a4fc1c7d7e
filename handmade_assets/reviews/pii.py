"""Remove personal data from seller and shopper text before anything stores, logs or prompts it.

Every detector marks spans of the original text; overlapping spans merge into one placeholder
(`[EMAIL]`, `[IBAN]`, `[PHONE]`, `[ADDRESS]`, `[NAME]`...), so the rest of the text is kept
byte for byte. What is found, and how (measured in benchmarks/pii.py on a planted set in five
languages):
- e-mails, also spelled out ("jo [at] shop [dot] com", "ana arroba yahoo.es"), and URLs: patterns;
- phones: patterns plus libphonenumber's validation (pii_numbers); IBANs: country length and
  mod-97 check digits; payment cards: issuer prefix and Luhn;
- street addresses: the street forms of en/de/fr/es/it with house number, and the postcode and
  town that follow;
- names: after cue phrases in five languages ("my name is", "meine Tochter", "Merci,", "mi
  chiamo", "intestato a", a closing signature...), a given name followed by a family name from
  the name lists (pii_lexicon), and the names the caller knows (a reviewer's display name).
  Names that are ordinary words ("Rose Gold") or public figures ("Frida Kahlo earrings", saints)
  are left alone. A capitalised word with no cue and no list entry is left alone too.

No model runs here: spaCy pipelines through Presidio were measured against these rules and found
fewer names with many more false hits on listing text (benchmarks/pii.py; the "Personal
data" section of benchmarks/RESULTS.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from handmade_assets.reviews import pii_numbers
from handmade_assets.reviews.pii_lexicon import (
    COMMON_WORDS,
    HOLY_PREFIXES,
    fold,
    name_lists,
    public_figures_pattern,
)

# In order of precedence: where spans of two kinds overlap, the merged span takes the first.
PII_KINDS: tuple[str, ...] = ("email", "url", "iban", "credit_card", "phone", "address", "name")
PLACEHOLDERS: dict[str, str] = {kind: f"[{kind.upper()}]" for kind in PII_KINDS}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass(frozen=True)
class ScrubResult:
    text: str
    # Only the kinds that were found; an empty dict means the text was clean.
    found: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class PiiSpan:
    start: int
    end: int
    kind: str


def scrub_pii(text: str, known_names: Iterable[str] = ()) -> ScrubResult:
    spans = find_pii(text, known_names)
    if not spans:
        return ScrubResult(text=text)
    pieces, cursor = [], 0
    for span in spans:
        pieces += [text[cursor:span.start], PLACEHOLDERS[span.kind]]
        cursor = span.end
    pieces.append(text[cursor:])
    return ScrubResult(text="".join(pieces), found=dict(Counter(span.kind for span in spans)))


_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*(?:"|$)')


def scrub_json_text(text: str) -> ScrubResult:
    """Scrub a JSON document (or the start of one) string by string, so each field is read on its
    own (a lower-case tag among capitalised fields, escapes like "L\\u00e9a" decoded first)."""
    found: Counter[str] = Counter()

    def scrub_other(between: str) -> str:  # numbers, or the words of a document that is no JSON
        result = scrub_pii(between)
        found.update(result.found)
        return result.text

    def scrub_literal(match: re.Match[str]) -> str:
        literal = match.group()
        closed = literal.endswith('"') and len(literal) > 1
        try:
            value = json.loads(literal if closed else literal + '"')
        except ValueError:
            value = literal.strip('"')
        result = scrub_pii(value)
        if not result.found:
            return literal
        found.update(result.found)
        encoded = json.dumps(result.text, ensure_ascii=False)
        return encoded if closed else encoded[:-1]

    pieces, cursor = [], 0
    for match in _JSON_STRING.finditer(text):
        pieces += [scrub_other(text[cursor:match.start()]), scrub_literal(match)]
        cursor = match.end()
    pieces.append(scrub_other(text[cursor:]))
    return ScrubResult(text="".join(pieces), found=dict(found))


def find_pii(text: str, known_names: Iterable[str] = ()) -> list[PiiSpan]:
    """Non-overlapping spans of personal data in `text`, in order."""
    candidates: list[PiiSpan] = []
    for kind, finder in _FINDERS:
        candidates += [PiiSpan(start, end, kind) for start, end in finder(text)]
    for pattern in _known_name_patterns(tuple(name for name in known_names if name)):
        candidates += [PiiSpan(*m.span(), "name") for m in pattern.finditer(text)]
    placeholders = [m.span() for m in _PLACEHOLDER.finditer(text)]
    candidates = [c for c in candidates if c.end > c.start
                  and not any(c.start < end and start < c.end for start, end in placeholders)]
    merged = _merge(candidates)
    if any(_DIGITS_AFTER.match(text, span.end) or _DIGITS_BEFORE.search(text, 0, span.start)
           for span in merged):
        # libphonenumber reads "Via Roma 12 0 1 2 3 0 1 2 3" as one invalid number, but
        # "[ADDRESS] 0 1 2 3 0 1 2 3" as a valid one: read the numbers again with what was found
        # masked as the scrubbed text will have it, so that scrubbing twice finds nothing new.
        masked = list(text)
        for span in merged:
            masked[span.start:span.end] = "[" + "X" * (span.end - span.start - 2) + "]" \
                if span.end - span.start >= 2 else "X"
        again = [PiiSpan(start, end, "phone") for start, end in pii_numbers.phone_spans("".join(masked))]
        again = [c for c in again if not any(c.start < end and start < c.end for start, end in placeholders)]
        if again:
            merged = _merge(merged + again)
    return merged


# Digits right beside a found span: there libphonenumber may read a number differently once the
# span is a placeholder.
_DIGITS_AFTER = re.compile(r"[\s.,;:/()+-]{0,3}\d")
_DIGITS_BEFORE = re.compile(r"\d[\s.,;:/()+-]{0,3}\Z")


def _merge(spans: list[PiiSpan]) -> list[PiiSpan]:
    rank = {kind: index for index, kind in enumerate(PII_KINDS)}
    merged: list[PiiSpan] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=rank.__getitem__)
            merged[-1] = PiiSpan(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


# --- e-mails and URLs -------------------------------------------------------------------------

# At most four spelled-out dots in a local part: unbounded, a page of "dot x" took seconds.
_LOCAL_PART = r"[A-Za-z0-9._%+-]+(?:\s+dot\s+[A-Za-z0-9_%+-]+){0,4}"
_TLD = r"(?:com|net|org|de|fr|it|es|at|ch|be|nl|eu|info|co\.uk|uk)"
_EMAIL = re.compile(
    # (The look-behinds make a long run without "@" cost one pass, not one pass per character.)
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    # Spelled out to dodge filters: "jane [at] shop [dot] com", "ana arroba yahoo.es",
    # "m.klein (ät) web.de"; a plain " at " only before a mail provider ("jane dot doe at gmail
    # dot com"): "look at this dot com" is none.
    rf"|\b{_LOCAL_PART}\s*(?:\[at\]|\(at\)|\{{at\}}|\[ät\]|\(ät\)|\s(?:arroba|arobase|chiocciola|ät)\s)"
    r"\s*[A-Za-z0-9-]+(?:\s*(?:\[dot\]|\(dot\)|\s+dot\s+|\s+punto\s+|\s+point\s+|\s+punkt\s+|\.)"
    rf"\s*[A-Za-z0-9-]+){{0,4}}?\s*(?:\[dot\]|\(dot\)|\s+dot\s+|\s+punto\s+|\s+point\s+|\s+punkt\s+|\.)\s*{_TLD}\b"
    rf"|\b{_LOCAL_PART}\s+at\s+(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|gmx|web|live"
    r"|msn|proton|protonmail|orange|libero|wanadoo|free|laposte|sfr|tiscali|alice|virgilio|posteo"
    r"|t-online|freenet)\s*(?:\s+dot\s+|\.)\s*(?:com|net|de|fr|it|es|at|ch|uk)\b",
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


def _email_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _EMAIL.finditer(text)]


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(m.group().rstrip(_URL_TRAILING_PUNCTUATION)))
            for m in _URL.finditer(text)]


# --- phones -----------------------------------------------------------------------------------

_PHONE = re.compile(
    # International: +44 20 7946 0958, 0049 30 1234567, +1 (555) 123-4567, +39 06 1234 5678.
    r"(?<![\w+])(?:\+|\b00)\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s./-]?\d{2,8}){1,5}\b"
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-1234.
    r"|(?<![\w-])(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    # European national numbers start with a trunk 0: 020 7946 0958, 030/1234567, 01 23 45 67 89.
    r"|(?<![\w.,/-])0\d(?:[\s./-]?\d){7,11}\b"
)
_PHONE_DIGITS = range(7, 16)  # E.164 allows at most 15 digits


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PHONE.finditer(text)
             if sum(ch.isdigit() for ch in m.group()) in _PHONE_DIGITS
             and not (m.group().startswith("00") and sum(ch.isdigit() for ch in m.group()) < 10)]
    return spans + pii_numbers.phone_spans(text)


# --- street addresses -------------------------------------------------------------------------

_CAP_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿ]+)?"
_STREET_NAME_WORD = rf"(?:{_CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th)|[NSEW]\.?)"
_ROMAN = r"(?:I{1,3}|IV|VI{0,3}|IX|XX?I{0,3})"
# "23/r", "5/A", "12 bis": what may follow a house number.
_HOUSE_NUMBER = r"\d{1,4}(?:\s?(?:bis|ter)\b|[a-zA-Z]\b|/[a-zA-Z0-9]{1,3}\b)?"
# The postcode and town after a street ("…, 10969 Berlin", "…, Bristol BS1 4DJ"): kept with it.
_TOWN = r"[A-ZÀ-Ý][\w'’-]+(?:[ \t][A-ZÀ-Ý][\w'’-]+)?"
_POSTCODE_TOWN = (
    rf"(?:,?[ \t]*(?:\d{{4,5}}[ \t]+{_TOWN}|{_TOWN},?[ \t]+[A-Z]{{1,2}}\d[A-Z\d]?[ \t]?\d[A-Z]{{2}}"
    rf"|[A-Z]{{1,2}}\d[A-Z\d]?[ \t]?\d[A-Z]{{2}}))?"
)
_ADDRESS = re.compile(
    "(?:"
    # English: 123 Main Street, 42 W 5th Ave., 7 Oak Tree Lane, Apt 4.
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_STREET_NAME_WORD}\s+){{1,4}}"
    r"(?:(?i:street|avenue|road|boulevard|lane|drive|court|terrace|place|circle|highway"
    r"|parkway|square|crescent|close|gardens|grove|mews|row|walk|hill)\b"
    r"|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Cir|Hwy|Pkwy|Sq|Way)\b\.?)"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*[\w-]+)?"
    # Italian / Spanish / Portuguese: Via Roma 12, Via dei Mille 5, Calle Mayor 3, C/ Mayor 12,
    # Corso Vittorio Emanuele II 112, Via Roma n. 12, Calle de Alcalá 45, 3º B.
    r"|(?<!\w)(?:Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Strada|Lungarno|Borgo|Salita"
    r"|Calle|C/|Avenida|Avda\.|Av\.|Plaza|Pza\.|Paseo|Ronda|Travesía|Camino|Carretera|Glorieta"
    r"|Rambla|Carrer|Rua)\s*"
    rf"(?:(?:{_CAP_WORD}|{_ROMAN}|d[aeiu]|de[il]|della|degli|delle|dello|la|las|los|el|del)\s+){{0,4}}"
    rf"(?:{_CAP_WORD}|{_ROMAN}),?\s+(?:n[.°º]?\s*)?{_HOUSE_NUMBER}"
    r"(?:,?\s*\d{1,2}\s*[ºª°]\s*(?:[A-Za-z]\b\.?)?(?:\s*(?:izq|izda|dcha|drcha|der)\b\.?)?)?"
    # French: 12 rue de la Paix, 5 bis, avenue des Champs-Élysées.
    rf"|\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|chemin|allée|allee"
    rf"|impasse|quai|cours|route|square|passage|résidence|lieu-dit)\s+"
    rf"(?:(?:de|du|des|la|le|l'|d'|l’|d’)\s*){{0,3}}"
    rf"{_CAP_WORD}(?:[\s-]{_CAP_WORD})*"
    # German: Hauptstraße 5, Bahnhofstr. 12a, Berliner Straße 7, Am Kirchberg 7.
    # ("-ring" is left out: "Earring 2", "Spring 2020".)
    r"|\b[A-ZÄÖÜ][a-zäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|steig|pfad"
    r"|chaussee)\s*\d{1,4}[a-z]?\b"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+\s+(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Damm|Ufer)"
    r"\s*\d{1,4}[a-z]?\b"
    r"|\b(?:Am|An\s+der|An\s+den|Auf\s+der|Auf\s+dem|Im|In\s+der|Zum|Zur|Unter\s+den|Hinter\s+der)"
    r"\s+[A-ZÄÖÜ][a-zäöüß]+(?:[\s-][A-ZÄÖÜ][a-zäöüß]+)?\s+\d{1,4}[a-z]?\b(?=,?\s*\d{5}\s)"
    rf"){_POSTCODE_TOWN}"
)


def _address_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ADDRESS.finditer(text)]


# --- names ------------------------------------------------------------------------------------

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
    tee tees shirt t-shirt shirts hoodie sweatshirt sweater jumper mug cup sign tote bag hat cap
    necklace ring bracelet earrings decor ornament print poster card svg png pdf
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
_SIGNATURE = re.compile(
    rf"(?:^|\s)[-—–~]{{1,2}}[ \t]*(?P<name>{_NAME}(?:[ \t]+[A-Z]\.)?)[ \t]*[.!]?\s*$"
)
# English cues whose name is any capitalised word that is not a common one ("Aunt Marty", "Mr. Ric").
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
    )
)

# Cues in our five languages after which a given name from the lists is a person's name.
# Strong cues (introductions, relatives, sign-offs) also take given names that are ordinary words
# ("mi madre, Rosa"); weak ones (prepositions such as "by", "von", "da") do not.
_GREETINGS = (
    r"thanks|thank\s+you|many\s+thanks|cheers|regards|best\s+wishes|warmly|sincerely"
    r"|love|xoxo|hi|hello|dear|viele\s+grü(?:ß|ss)e|liebe\s+grü(?:ß|ss)e|herzliche\s+grü(?:ß|ss)e"
    r"|beste\s+grü(?:ß|ss)e|schöne\s+grü(?:ß|ss)e|mit\s+freundlichen\s+grü(?:ß|ss)en|grü(?:ß|ss)e"
    r"|gru(?:ß|ss)|lg|vg|danke|vielen\s+dank|dankeschön|hallo|liebe[r]?"
    r"|merci(?:\s+beaucoup)?|cordialement|bisous|bises|amitiés|bien\s+à\s+vous|à\s+bientôt|bonjour"
    r"|un\s+saludo|saludos|muchas\s+gracias|gracias|un\s+abrazo|besos|un\s+beso|atentamente|hola"
    r"|cordiali\s+saluti|saluti|un\s+saluto|grazie(?:\s+mille)?|un\s+abbraccio|baci|a\s+presto"
    r"|ciao|cara|caro"
)
_STRONG_CUES = re.compile(
    r"(?i:\b(?:"
    # introductions
    r"my\s+name\s+is|i'm|i’m|i\s+am|this\s+is|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|ich\s+bin"
    r"|je\s+m['’]appelle|mon\s+nom\s+est|moi\s+c['’]est|je\s+suis|me\s+llamo|mi\s+nombre\s+es|soy"
    r"|mi\s+chiamo|il\s+mio\s+nome\s+è|sono"
    # relatives
    r"|my\s+" + _RELATIVE +
    r"|(?:meine?[mnrs]?|unsere?[mnrs]?)\s+(?:tochter|sohn|mann|frau|mutter|mama|vater|papa|oma"
    r"|opa|gro(?:ß|ss)mutter|gro(?:ß|ss)vater|schwester|bruder|freundin|freund|nichte|neffe"
    r"|enkelin|enkel|tante|onkel|cousine|cousin|kollegin|kollege|schwiegermutter|nachbarin"
    r"|nachbar|patentochter|patenkind)"
    r"|(?:ma|mon|notre)\s+(?:fille|fils|mari|femme|épouse|époux|mère|maman|père|papa"
    r"|grand-mère|grand-père|mamie|papi|papy|sœur|soeur|frère|amie|ami|copine|copain|nièce"
    r"|neveu|petite-fille|petit-fils|tante|oncle|cousine|cousin|belle-mère|voisine|voisin"
    r"|filleule|filleul|collègue|compagne|compagnon)"
    r"|(?:mi|nuestra|nuestro)\s+(?:hija|hijo|marido|esposo|esposa|mujer|madre|mamá|padre|papá"
    r"|abuela|abuelo|hermana|hermano|amiga|amigo|novia|novio|sobrina|sobrino|nieta|nieto|tía"
    r"|tío|prima|primo|suegra|vecina|vecino|ahijada|ahijado|pareja)"
    r"|(?:(?:la|il)\s+)?(?:mia|mio|nostra|nostro)\s+(?:figlia|figlio|marito|moglie|madre|mamma"
    r"|padre|papà|nonna|nonno|sorella|fratello|amica|amico|fidanzata|fidanzato|nipote|zia|zio"
    r"|cugina|cugino|suocera|vicina|vicino|collega|compagna|compagno|figlioccia|figlioccio)"
    # account holders and contacts
    r"|account\s+name|account\s+holder|kontoinhaber(?:in)?|inhaber(?:in)?|au\s+nom\s+de"
    r"|titulaire|titular|a\s+nombre\s+de|intestat[oa]\s+a|beneficiario|contact|kontakt"
    r"|ansprechpartner(?:in)?|contactez|contacto|contacta\s+con|contattate|contatta|contatto"
    r")\b)[ \t]*[,:]?[ \t]*"
    # greetings and sign-offs: the name after a comma, colon or "!" ("Viele Grüße, Katrin")
    r"|(?i:\b(?:" + _GREETINGS + r")\b)[ \t]*[,:!][ \t\n]*"
)
# A greeting with no punctuation counts when the name closes the text or line ("Gruß Frank"),
# also on the line below it ("Viele Grüße\nJens Wolf").
_CLOSING_GREETING = re.compile(r"(?i:\b(?:" + _GREETINGS + r")\b)(?:[ \t]+|[ \t]*\n[ \t]*)")
_WEAK_CUES = re.compile(
    r"(?i:\b(?:made|handmade|hand-made|crafted|designed|painted|dyed|hand-dyed|spun|created"
    r"|knitted|sewn|turned|thrown|carved|woven)\s+by|\bby|\bvon|\bbei|\bpar|\bchez|\bde|\bpor"
    r"|\bda|\bdi|\bpresso|\bfrom)[ \t]+"
)
# A closing signature: the last words of the text, after a sentence end, a comma or a dash.
_CLOSING = re.compile(r"(?:[.!?…,;\n]|\s[-—–~]{1,2})[ \t\n]*(?=\S[^\n]{0,40}$)")

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME_JOINERS = frozenset(" \t_-")
# A word shaped like a file name ("Foto_Anna_Weber_02.jpg"): its parts are labels, not prose.
_FILE_NAME = re.compile(r"(?<![\w.@+-])[\w.@+-]+\.(?i:jpe?g|png|webp|gif|heic|tiff?|pdf)\b")
# Function words and sentence openers that may stand capitalised after a name.
_NOT_NAME_WORDS = frozenset(
    fold(word) for word in """
    and the for from with und der die das mit von für aus bei ist et le la les du des pour avec
    y el los las con para por e il lo gli per con che und oder
    """.split()
) | _NOT_NAMES
# Particles inside family names: "Honoré de Balzac", "Anna van Dijk", "Maria della Rovere".
_PARTICLES = frozenset("de del della dei di da du des van von der den ten ter zu dos das do".split())


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and not token.isupper()


def _read_name(text: str, start: int, *, strong: bool,
               word_family: bool = False) -> tuple[int, int] | None:
    """The name starting at `start`: a given name from the lists, then up to two family names
    (or, after a capitalised given name, one capitalised word that is not a common one). After a
    weak cue the given name must be capitalised and not an ordinary word.

    With `word_family` (after a strong cue, or for a sign-off that closes the text) one family
    name may also be an ordinary word, written capitalised after a capitalised given name that is
    not one: "Thomas Reed", "Grüße, Jens Klein", "Saludos, Pilar Rocío"; "Rose Gold" stays."""
    given, family = name_lists()
    first = _TOKEN.match(text, start)
    if first is None:
        return None
    word = fold(first.group())
    if word not in given or word in _NOT_NAME_WORDS:
        return None
    if not strong and not _is_capitalised(first.group()):
        return None
    if word in COMMON_WORDS and not (strong and _is_capitalised(first.group())):
        return None
    end, previous_known = first.end(), True
    word_family = word_family and _is_capitalised(first.group()) and word not in COMMON_WORDS
    for _ in range(2):
        if end >= len(text) or text[end] not in _NAME_JOINERS:
            break
        initial = re.match(r"[ \t]([A-Z])\.", text[end:])
        if initial and _is_capitalised(first.group()):
            end += initial.end()
            break
        following = _TOKEN.match(text, end + 1)
        if following is None:
            break
        if fold(following.group()) in _PARTICLES and text[following.end():following.end() + 1] == " ":
            after = _TOKEN.match(text, following.end() + 1)
            if after and _is_capitalised(after.group()) and fold(after.group()) not in COMMON_WORDS:
                end, previous_known = after.end(), True
                continue
            break
        folded = fold(following.group())
        if folded in _NOT_NAME_WORDS or len(folded) < 2:
            break
        if folded in COMMON_WORDS:
            if not (word_family and _is_capitalised(following.group())):
                break
            end, previous_known, word_family = following.end(), True, False
            continue
        if folded in family or folded in given:
            end, previous_known = following.end(), True
        elif previous_known and _is_capitalised(first.group()) and _is_capitalised(following.group()):
            end, previous_known = following.end(), False
        else:
            break
    return first.start(), end


def _cue_name_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for cue in _STRONG_CUES.finditer(text):
        found = _read_name(text, cue.end(), strong=True, word_family=True)
        if found:
            spans.append(found)
    for cue in _WEAK_CUES.finditer(text):
        found = _read_name(text, cue.end(), strong=False)
        signed = _read_name(text, cue.end(), strong=False, word_family=True)
        if signed and _closes_text(text, signed[1]):  # "… Liebe Grüße von Jens Wolf"
            found = signed
        if found:
            spans.append(found)
    for greeting in _CLOSING_GREETING.finditer(text):
        found = _read_name(text, greeting.end(), strong=True, word_family=True)
        if found and re.match(r"[ \t]*[.!]*[ \t]*(?:\n|$)", text[found[1]:]):
            spans.append(found)
    for closing in _CLOSING.finditer(text):
        found = _read_name(text, closing.end(), strong=False, word_family=True)
        if found and _closes_text(text, found[1]):
            spans.append(found)
            break
    return spans


def _closes_text(text: str, end: int) -> bool:
    return re.fullmatch(r"[ \t]*[.!]*\s*", text[end:]) is not None


def _old_cue_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span("name") for cue in _NAME_CUES for m in cue.finditer(text)]
    signature = _SIGNATURE.search(text)
    if signature:
        # "… love it! - Sarah K." is a signature; "Farmhouse Wreath - Door Decor" is a title.
        before = text[:signature.start()].rstrip()
        given, _family = name_lists()
        first_word = fold(_TOKEN.match(signature.group("name")).group())
        if not before or before[-1] in ".!?…)" or "\n" in text[len(before):signature.start("name")] \
                or (first_word in given and first_word not in COMMON_WORDS):
            spans.append(signature.span("name"))
    return spans


def _listed_name_spans(text: str) -> list[tuple[int, int]]:
    """A given name followed by a family name, both from the lists and written alike, not both
    ordinary words ("Rose Gold"); a given name that is an ordinary word ("Chiara") counts only
    capitalised and before a listed family name that is not one. In lower case only where a text
    has no capitals at all (tags) or inside a file name; there a family name may be an ordinary
    word too, and in a file name a given name and any word after it count."""
    given, family = name_lists()
    tokens = list(_TOKEN.finditer(text))
    file_names = [m.span() for m in _FILE_NAME.finditer(text)]
    lower_case_text = not any(ch.isupper() for ch in text)  # tags, user names
    spans = []
    for index, token in enumerate(tokens[:-1]):
        first, word = token.group(), fold(token.group())
        if word not in given or len(word) < 3:
            continue
        following = tokens[index + 1]
        between = text[token.end():following.start()]
        if len(between) != 1 or between not in _NAME_JOINERS:
            continue
        second = fold(following.group())
        in_file_name = any(start <= token.start() and following.end() <= end for start, end in file_names)
        if first.islower() and not (in_file_name or lower_case_text):
            continue  # in cased prose a person's name is capitalised
        if second in _NOT_NAME_WORDS or (word in COMMON_WORDS and second in COMMON_WORDS):
            continue  # "Rose Gold", "Sterling Silver"
        if word in COMMON_WORDS and (second not in family or not _is_capitalised(first)):
            continue  # "Chiara Benedetti" is a name, "Crystal Ring" is not
        if second in COMMON_WORDS and not (in_file_name or lower_case_text):
            continue  # "Martin Bird House", "Jacob Wolf charm"; but a tag "federica marino"
        if second in family and len(second) >= 3 and _same_case(first, following.group()):
            pass
        elif in_file_name and len(second) >= 3:
            pass  # in a file name a given name and the word after it are taken as a name
        else:
            continue
        end = following.end()
        if index + 2 < len(tokens):
            third = tokens[index + 2]
            if text[end:third.start()] in _NAME_JOINERS and fold(third.group()) in family \
                    and fold(third.group()) not in COMMON_WORDS and _same_case(first, third.group()):
                end = third.end()
        spans.append((token.start(), end))
    return spans


def _same_case(a: str, b: str) -> bool:
    return (a.islower() and b.islower()) or (a.isupper() and b.isupper()) \
        or (_is_capitalised(a) and _is_capitalised(b))


def _name_spans(text: str) -> list[tuple[int, int]]:
    spans = _old_cue_spans(text) + _cue_name_spans(text) + _listed_name_spans(text)
    if not spans:
        return spans
    # Public figures, saints and holy names ("Frida Kahlo earrings", "San Francesco") stay.
    folded = fold(text)
    protected = [m.span() for m in public_figures_pattern().finditer(folded)]
    return [
        (start, end) for start, end in spans
        if not any(start < p_end and p_start < end for p_start, p_end in protected)
        and not HOLY_PREFIXES.search(text[max(0, start - 20):start])
    ]


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


_FINDERS: tuple[tuple[str, Callable[[str], list[tuple[int, int]]]], ...] = (
    ("email", _email_spans),
    ("url", _url_spans),
    ("iban", pii_numbers.iban_spans),
    ("credit_card", pii_numbers.card_spans),
    ("phone", _phone_spans),
    ("address", _address_spans),
    ("name", _name_spans),
)
