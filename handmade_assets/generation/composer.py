"""The embedded default generator: writes from the seller's own statements, in the seller's
language, and only as far as it can be faithful in the others.

No model that ships in a package writes better than the seller does, so in the seller's language
the description *is* the seller's item sentences (shop boilerplate set aside), framed and ordered
by the persona, with every size, restriction and the seller's care instructions kept. Personas
frame; they do not replace.

In another locale the composer can carry only what its lexicon translates: the product's head
noun, materials, colours and techniques, sizes and the known kinds of restriction. The seller's
own product name is quoted beside the translated noun, and care instructions are quoted in the
seller's language. When it cannot name the product in the locale, it refuses
(`CannotWriteFaithfully`), and the cell goes to a person instead of publishing a description
that omits what the item is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from handmade_assets.generation import vocabulary as vocab
from handmade_assets.generation.facts import find_terms, with_statements
from handmade_assets.generation.restrictions import canonical_phrase, restriction_pattern
from handmade_assets.drafts import (
    DESCRIPTION_MAX_CHARS,
    DESCRIPTION_MIN_CHARS,
    META_DESCRIPTION_MAX,
    META_TITLE_MAX,
    TITLE_MAX,
    DraftContent,
    ListingFacts,
    RetrievedExample,
)
from handmade_assets.generation.statements import (
    Size,
    extract_sizes,
    names_a_plural,
    object_mentions,
    split_sentences,
    words,
)
from handmade_assets.services.generator import CannotWriteFaithfully
from handmade_assets.taxonomy import LOCALES_BY_CODE, PERSONA_KEYS, PERSONAS_BY_KEY

MAX_KEYWORDS = 12
MIN_KEYWORDS = 3
MAX_BULLETS = 7
META_DESCRIPTION_MIN = 50
# Enough of the seller's sentences to say what the item is and what sets it apart; more reads as
# a wall of text, and the seller's full text stays on the listing page.
BODY_TARGET_CHARS = 1400
# In another language the seller's sentences are quoted in the original: enough to carry what
# sets the item apart, short enough that the locale's own words still frame it.
QUOTE_TARGET_CHARS = 420
# A "not included" line up to this long is a bullet; a longer one is a sentence about the item.
MISSING_PART_BULLET_CHARS = 120
# A sentence whose words are this much the title's says the title again.
TITLE_RESTATED = 0.8
# The seller's whole title, quoted where it says more than the item's name.
LISTED_TITLE_CHARS = 140
_FACT_KINDS = {"materials": vocab.MATERIALS, "colours": vocab.COLOURS, "techniques": vocab.TECHNIQUES}

# Per locale: the few sentences the composer itself writes. Each is short (an 8-word run of
# template text shared by two listings would count against originality) and states nothing
# about the item beyond what is filled in.
PHRASES: dict[str, dict[str, object]] = {
    "en": {
        "frames": {
            "material_enthusiast": ("{product}: what it is made of, first.",
                                    "A close look at the {product_lc}.",
                                    "{product}: materials and making."),
            "sustainability_advocate": ("{product}: what it is and how to keep it.",
                                        "Choose once, choose well: {product_lc}.",
                                        "{product}: a considered choice."),
            "heritage_historian": ("{product}, and how it came to be.",
                                   "The making of the {product_lc}.",
                                   "{product}: the story behind it."),
            "functionality_reviewer": ("{product}: the practical details.",
                                       "What to know about the {product_lc}.",
                                       "{product}: the essentials in brief."),
            "maker_advocate": ("{product}, in its maker's words.",
                               "From the maker: {product_lc}.",
                               "{product}: straight from the maker."),
            "visual_poet": ("{product}: look closely.",
                            "Form and colour first: {product_lc}.",
                            "{product}, up close."),
        },
        "named": ("{head}: “{product}”, in the maker's words.", "The maker calls it “{product}”.",
                  "Its name in the maker's shop: “{product}”."),
        "listed_as": ("The maker lists it as “{title}”.", "In the maker's shop it is “{title}”.", "Listed by its maker as “{title}”."),
        "title_part": ("From the maker's title: “{title}”.", "In the maker's title: “{title}”.", "The maker's title adds “{title}”."),
        "original": ("In the maker's own words: “{text}”", "As the maker puts it: “{text}”",
                     "The maker writes: “{text}”"),
        "sizes": ("Size: {sizes}.", "Measurements: {sizes}."),
        "weight": ("Weight: {sizes}.", "Stated weight: {sizes}."), "capacity": ("Capacity: {sizes}.", "Stated capacity: {sizes}."),
        "materials": ("Materials: {items}.", "Made of: {items}."), "colours": ("Colours: {items}.", "Colour palette: {items}."),
        "techniques": ("Made with: {items}.", "Technique: {items}."),
        "no_care": "The maker gives no special care instructions.",
        "care_quoted": "The maker's care note, in the original: “{care}”",
        "filler": ("Every detail above is the maker's own.", "All details come from the maker."),
        "labels": {"product": "Item", "size": "Size", "weight": "Weight", "capacity": "Capacity", "materials": "Materials", "colours": "Colours",
                   "name": "Maker's name for it", "care": "Care"},
        "quote": "“{}”", "units": {"in": "in", "ft": "ft", "gal": "gal", "size": "size"},
    },
    "de": {
        "frames": {
            "material_enthusiast": ("{head}: zuerst das Material.",
                                    "Ein genauer Blick: {head}.",
                                    "{head}: Material und Machart."),
            "sustainability_advocate": ("{head}: was es ist und wie man es pflegt.",
                                        "Einmal gut gewählt: {head}.",
                                        "{head}: eine bewusste Wahl."),
            "heritage_historian": ("{head}: wie es entstanden ist.",
                                   "Die Herstellung: {head}.",
                                   "{head}: die Geschichte dahinter."),
            "functionality_reviewer": ("{head}: die praktischen Details.",
                                       "Das Wichtigste zum Produkt: {head}.",
                                       "{head}: das Wesentliche in Kürze."),
            "maker_advocate": ("{head}, wie der Hersteller es beschreibt.",
                               "Vom Hersteller: {head}.",
                               "{head}: direkt vom Hersteller."),
            "visual_poet": ("{head}: genau hinsehen.",
                            "Form und Farbe zuerst: {head}.",
                            "{head}, aus der Nähe betrachtet."),
        },
        "named": ("Der Name des Herstellers lautet „{product}“.", "Im Shop heißt es „{product}“.",
                  "Der Hersteller nennt es „{product}“."),
        "listed_as": ("Beim Hersteller heißt es „{title}“.", "Im Shop des Herstellers: „{title}“.", "Der Hersteller führt es als „{title}“."),
        "title_part": ("Aus dem Titel des Herstellers: „{title}“.", "Im Titel des Herstellers: „{title}“.", "Der Titel des Herstellers nennt „{title}“."),
        "original": ("In den Worten des Herstellers: „{text}“", "Der Hersteller schreibt: „{text}“",
                     "So beschreibt es der Hersteller: „{text}“"),
        "sizes": ("Maße: {sizes}.", "Abmessungen: {sizes}."),
        "weight": ("Gewicht: {sizes}.", "Angegebenes Gewicht: {sizes}."), "capacity": ("Fassungsvermögen: {sizes}.", "Angegebenes Volumen: {sizes}."),
        "materials": ("Materialien: {items}.", "Werkstoffe: {items}."), "colours": ("Farben: {items}.", "Farbtöne: {items}."),
        "techniques": ("Technik: {items}.", "Verfahren: {items}."),
        "no_care": "Der Hersteller nennt keine besonderen Pflegehinweise.",
        "care_quoted": "Pflegehinweis des Herstellers im Original: „{care}“",
        "filler": ("Alle Angaben stammen vom Hersteller.", "Die Angaben oben sind die des Herstellers."),
        "labels": {"product": "Artikel", "size": "Maße", "weight": "Gewicht", "capacity": "Fassungsvermögen", "materials": "Materialien", "colours": "Farben",
                   "name": "Name beim Hersteller", "care": "Pflege"},
        "quote": "„{}“", "units": {"in": "Zoll", "ft": "Fuß", "gal": "Gallonen", "size": "Größe"},
    },
    "fr": {
        "frames": {
            "material_enthusiast": ("{head} : d'abord la matière.",
                                    "Un regard attentif : {head}.",
                                    "{head} : matière et façon."),
            "sustainability_advocate": ("{head} : ce que c'est et comment l'entretenir.",
                                        "Bien choisir, une fois : {head}.",
                                        "{head} : un choix réfléchi."),
            "heritage_historian": ("{head} : sa fabrication.",
                                   "La fabrication : {head}.",
                                   "{head} : l'histoire derrière l'objet."),
            "functionality_reviewer": ("{head} : les détails pratiques.",
                                       "L'essentiel à savoir : {head}.",
                                       "{head} : l'essentiel en bref."),
            "maker_advocate": ("{head}, selon son créateur.",
                               "De l'atelier du créateur : {head}.",
                               "{head} : directement de l'atelier."),
            "visual_poet": ("{head} : à regarder de près.",
                            "La forme et la couleur d'abord : {head}.",
                            "Le détail d'abord : {head}."),
        },
        "named": ("Nom donné par le créateur : « {product} ».", "Dans la boutique : « {product} ».",
                  "Le nom que lui donne le créateur : « {product} »."),
        "listed_as": ("Présentation du créateur : « {title} ».", "Dans la boutique du créateur : « {title} ».", "En vente sous le nom « {title} »."),
        "title_part": ("Extrait du titre du créateur : « {title} ».", "Dans le titre du créateur : « {title} ».", "Le titre du créateur précise « {title} »."),
        "original": ("Dans les mots du créateur : « {text} »", "Le créateur écrit : « {text} »",
                     "Description du créateur : « {text} »"),
        "sizes": ("Dimensions : {sizes}.", "Mesures : {sizes}."),
        "weight": ("Poids : {sizes}.", "Poids indiqué : {sizes}."), "capacity": ("Contenance : {sizes}.", "Contenance indiquée : {sizes}."),
        "materials": ("Matières : {items}.", "Matériaux : {items}."), "colours": ("Couleurs : {items}.", "Coloris : {items}."),
        "techniques": ("Technique : {items}.", "Savoir-faire : {items}."),
        "no_care": "Le créateur ne donne pas de consigne d'entretien particulière.",
        "care_quoted": "Conseil d'entretien du créateur, dans sa langue : « {care} »",
        "filler": ("Tous les détails viennent du créateur.", "Ces informations sont celles du créateur."),
        "labels": {"product": "Article", "size": "Dimensions", "weight": "Poids", "capacity": "Contenance", "materials": "Matières", "colours": "Couleurs",
                   "name": "Nom donné par le créateur", "care": "Entretien"},
        "quote": "« {} »", "units": {"in": "pouces", "ft": "pieds", "gal": "gallons", "size": "taille"},
    },
    "es": {
        "frames": {
            "material_enthusiast": ("{head}: primero, el material.",
                                    "Una mirada de cerca: {head}.",
                                    "{head}: material y hechura."),
            "sustainability_advocate": ("{head}: qué es y cómo se cuida.",
                                        "Elegir bien, una vez: {head}.",
                                        "{head}: una elección pensada."),
            "heritage_historian": ("{head}: cómo se hizo.",
                                   "La elaboración: {head}.",
                                   "{head}: la historia detrás."),
            "functionality_reviewer": ("{head}: los detalles prácticos.",
                                       "Lo que hay que saber: {head}.",
                                       "{head}: lo esencial, en breve."),
            "maker_advocate": ("{head}, en palabras de su autor.",
                               "Del taller de su autor: {head}.",
                               "{head}: directamente del taller."),
            "visual_poet": ("{head}: para mirar de cerca.",
                            "Primero la forma y el color: {head}.",
                            "De cerca: {head}."),
        },
        "named": ("Nombre que le da su autor: «{product}».", "En la tienda se llama «{product}».",
                  "El nombre que le da su autor: «{product}»."),
        "listed_as": ("Presentación del autor: «{title}».", "En la tienda del autor: «{title}».", "Título del autor: «{title}»."),
        "title_part": ("Del título del autor: «{title}».", "En el título del autor: «{title}».", "El título del autor precisa «{title}»."),
        "original": ("En palabras de su autor: «{text}»", "Su autor escribe: «{text}»",
                     "Descripción del autor: «{text}»"),
        "sizes": ("Medidas: {sizes}.", "Dimensiones: {sizes}."),
        "weight": ("Peso: {sizes}.", "Peso indicado: {sizes}."), "capacity": ("Capacidad: {sizes}.", "Capacidad indicada: {sizes}."),
        "materials": ("Materiales: {items}.", "Hecho de: {items}."), "colours": ("Colores: {items}.", "Tonos: {items}."),
        "techniques": ("Técnica: {items}.", "Elaboración: {items}."),
        "no_care": "El autor no indica cuidados especiales.",
        "care_quoted": "Indicación de cuidado del autor, en su idioma: «{care}»",
        "filler": ("Todos los detalles proceden del autor.", "Estos datos son los del autor."),
        "labels": {"product": "Artículo", "size": "Medidas", "weight": "Peso", "capacity": "Capacidad", "materials": "Materiales", "colours": "Colores",
                   "name": "Nombre del autor", "care": "Cuidado"},
        "quote": "«{}»", "units": {"in": "pulgadas", "ft": "pies", "gal": "galones", "size": "talla"},
    },
    "it": {
        "frames": {
            "material_enthusiast": ("{head}: prima di tutto il materiale.",
                                    "Uno sguardo da vicino: {head}.",
                                    "{head}: materiale e fattura."),
            "sustainability_advocate": ("{head}: cos'è e come si conserva.",
                                        "Scegliere bene, una volta: {head}.",
                                        "{head}: una scelta consapevole."),
            "heritage_historian": ("{head}: come nasce.",
                                   "La lavorazione: {head}.",
                                   "{head}: la storia che c'è dietro."),
            "functionality_reviewer": ("{head}: i dettagli pratici.",
                                       "Cosa sapere: {head}.",
                                       "{head}: l'essenziale in breve."),
            "maker_advocate": ("{head}, secondo il suo autore.",
                               "Dal laboratorio dell'autore: {head}.",
                               "{head}: direttamente dal laboratorio."),
            "visual_poet": ("{head}: da guardare da vicino.",
                            "Prima la forma e il colore: {head}.",
                            "Da vicino: {head}."),
        },
        "named": ("Nome in negozio: «{product}».", "Nel negozio si chiama «{product}».",
                  "Il nome dato dall'autore: «{product}»."),
        "listed_as": ("Presentazione dell'autore: «{title}».", "Nel negozio dell'autore: «{title}».", "Titolo dell'autore: «{title}»."),
        "title_part": ("Dal titolo dell'autore: «{title}».", "Nel titolo dell'autore: «{title}».", "Il titolo dell'autore precisa «{title}»."),
        "original": ("Con le parole del suo autore: «{text}»", "L'autore scrive: «{text}»",
                     "Descrizione dell'autore: «{text}»"),
        "sizes": ("Misure: {sizes}.", "Dimensioni: {sizes}."),
        "weight": ("Peso: {sizes}.", "Peso indicato: {sizes}."), "capacity": ("Capacità: {sizes}.", "Capacità indicata: {sizes}."),
        "materials": ("Materiali: {items}.", "Realizzato in: {items}."), "colours": ("Colori: {items}.", "Tonalità: {items}."),
        "techniques": ("Tecnica: {items}.", "Lavorazione: {items}."),
        "no_care": "L'autore non indica cure particolari.",
        "care_quoted": "Indicazioni di manutenzione dell'autore, in originale: «{care}»",
        "filler": ("Tutti i dettagli vengono dall'autore.", "Queste informazioni sono quelle dell'autore."),
        "labels": {"product": "Articolo", "size": "Misure", "weight": "Peso", "capacity": "Capacità", "materials": "Materiali", "colours": "Colori",
                   "name": "Nome dato dall'autore", "care": "Manutenzione"},
        "quote": "«{}»", "units": {"in": "pollici", "ft": "piedi", "gal": "galloni", "size": "misura"},
    },
}

_MAKER = re.compile(r"\b(?:I|my|we|our|hand\w*|made|crafted|je|mon|ma|nous|ich|mein|wir|yo|mi|io|mio|fatto|fait|hecho)\b",
                    re.IGNORECASE)


def _pick(options: Sequence[str], *seed: str, attempt: int = 1) -> str:
    # A stable hash (not Python's salted hash()) so the same listing reads the same in every run;
    # a second attempt takes the next option, so a regenerated draft really is different.
    digest = hashlib.sha256("|".join(seed).encode()).digest()
    return options[(int.from_bytes(digest[:8], "big") + attempt - 1) % len(options)]


# Quotation marks inside a quote take the locale's inner marks, so that the seller's own
# “cat self” does not close a German „…“ early (the gates find the quote by its marks).
_INNER_QUOTES = {
    "en": str.maketrans({"“": "‘", "”": "’", "„": "‘"}),
    "de": str.maketrans({"„": "‚", "“": "‘", "”": "‘"}),
    "fr": str.maketrans({"«": "“", "»": "”"}),
    "es": str.maketrans({"«": "“", "»": "”"}),
    "it": str.maketrans({"«": "“", "»": "”"}),
}


def _nested(text: str, locale: str) -> str:
    return text.translate(_INNER_QUOTES[locale])


def _in_turn(options: Sequence[str], turn: int) -> list[str]:
    """The options starting from the `turn`-th, so two members of a family differ."""
    start = turn % len(options)
    return [*options[start:], *options[:start]]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut or text[:limit]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?…»”\")" else f"{text}."


def _number(value: str, locale: str) -> str:
    return value.replace(".", ",") if LOCALES_BY_CODE[locale].decimal_comma else value


_WEIGHT_UNITS = frozenset({"g", "kg", "lb", "mg"})
_CAPACITY_UNITS = frozenset({"ml", "cl", "l", "gal"})


def _measure_of(size: Size) -> str:
    """"weight", "capacity" or "sizes" (dimensions and scales); "oz" is a capacity where the
    seller writes "fl oz", else a weight."""
    if size.unit in _WEIGHT_UNITS or (size.unit == "oz" and "fl" not in size.text.casefold()):
        return "weight"
    if size.unit in _CAPACITY_UNITS or size.unit == "oz":
        return "capacity"
    return "sizes"


def _size_text(size: Size, locale: str, source: bool) -> str:
    if source:
        return size.text
    if size.unit.endswith("size"):  # a scale: "US sizes 5 to 13" -> "Größe US 5–13"
        system = size.unit.removesuffix("size").strip()
        numbers = "–".join(_number(n, locale) for n in size.numbers)
        return " ".join(filter(None, (PHRASES[locale]["units"]["size"], system, numbers)))
    units = PHRASES[locale]["units"]
    if size.unit == "ft-in":
        return f"{size.numbers[0]} {units['ft']} {_number(size.numbers[1], locale)} {units['in']}"
    unit = units.get(size.unit, size.unit)
    return (" × ".join(_number(n, locale) for n in size.numbers) + f" {unit}").rstrip()


def _terms(facts: ListingFacts, statements: Sequence[str], source: bool) -> dict[str, list[str]]:
    """Lexicon materials, colours and techniques the seller names (not negated). Outside the
    seller's language only the title and the declared materials count: a material named in
    passing ("ideal for any glass") is not the item's, and there no sentence shows the context."""
    text = "\n".join([facts.title, *facts.materials_declared, *(statements if source else ())])
    found = find_terms(text)
    terms = {kind: [k for k in found[kind] if k in table] for kind, table in _FACT_KINDS.items()}
    # A generic material beside its refinement says less and, translated, can say something
    # else: "Pearl … Swarovski Pearls" is no "perle de culture".
    # The refinement may be said anywhere the facts were read from ("Mother of Pearl" in the
    # title, "faux pearl" in the text): the generic word is then that.
    said = set(terms["materials"]) | set(facts.materials)
    terms["materials"] = [m for m in terms["materials"]
                          if not vocab.MATERIAL_REFINEMENTS.get(m, frozenset()) & said]
    terms["techniques"] = [t for t in terms["techniques"] if t != "handmade"]
    return terms


def _declared_materials(facts: ListingFacts) -> list[str]:
    """The seller's materials field as given, less what the lexicon cannot read as a material
    where it can read some: a shop that lists "copper, steel, magic, a lifetime of practice" made
    the piece of copper and steel. A field the lexicon cannot read at all stays as given."""
    known = [m for m in facts.materials_declared if find_terms(m)["materials"]]
    return known or list(facts.materials_declared)


def _term_names(kind: str, keys: Sequence[str], locale: str) -> list[str]:
    return [forms[0] for key in keys if (forms := _FACT_KINDS[kind].get(key, {}).get(locale))]


def _object_name(key: str, locale: str, plural: bool = False) -> str:
    written = vocab.written_form(key, locale)
    if written is None:
        raise CannotWriteFaithfully(f"no {locale} word for the product {key!r}")
    return (vocab.plural_form(key, locale) if plural else None) or written


def _focus_score(sentence: str, focus: str, terms: dict[str, list[str]]) -> int:
    if focus in ("materials", "colours", "techniques"):
        found = find_terms(sentence)
        return len(set(found.get(focus, ())) & set(terms.get(focus, ())))
    if focus == "sizes":
        return len(extract_sizes(sentence))
    if focus == "maker":
        return int(bool(_MAKER.search(sentence)))
    return 0


def _body(statements: Sequence[str], persona: str, terms: dict[str, list[str]]) -> list[str]:
    """The seller's sentences, the persona's focus first, as many as read comfortably."""
    focus = PERSONAS_BY_KEY[persona].leads_with
    ranked = sorted(range(len(statements)),
                    key=lambda i: (-min(_focus_score(statements[i], focus, terms), 1), i))
    # The seller's opening sentence says what the item is: it always stays near the top.
    if statements and ranked[0] != 0:
        ranked.remove(0)
        ranked.insert(1, 0)
    chosen, total = [], 0
    for i in ranked:
        if total + len(statements[i]) > BODY_TARGET_CHARS and chosen:
            continue
        chosen.append(_sentence(statements[i]))
        total += len(statements[i]) + 1
    return chosen


def _quotable(statements: Sequence[str], persona: str, terms: dict[str, list[str]],
              title: str = "") -> list[str]:
    """The seller's sentences to quote in another language, each whole (a quote is matched to
    the seller's text verbatim), the persona's focus first, up to QUOTE_TARGET_CHARS. A sentence
    that only says the title again ("Papillons by A E Seguy - plate 12 | ...") is left out: the
    title is quoted already."""
    title_words = {w.casefold() for w in words(title)}
    chosen, total = [], 0
    for sentence in _body([s for s in statements if len(s) <= 320 and not _restates(s, title_words)],
                          persona, terms):
        sentence = sentence.rstrip(".!?…:; ").strip()
        if len(words(sentence)) < 3 or (chosen and total + len(sentence) > QUOTE_TARGET_CHARS):
            continue
        chosen.append(sentence)
        total += len(sentence)
    return chosen


def _restates(sentence: str, title_words: set[str]) -> bool:
    own = [w.casefold() for w in words(sentence)]
    return bool(own) and sum(w in title_words for w in own) >= TITLE_RESTATED * len(own)


def _restriction_lines(facts: ListingFacts, locale: str, text: str, source: bool) -> list[str]:
    """Every restriction the seller states, in the seller's words where they are in this locale's
    language, otherwise in the locale's canonical phrase."""
    lines = [_sentence(s) for s in facts.restriction_sentences] if source else []
    quote = lambda said: PHRASES[locale]["quote"].format(_nested(said, locale))  # noqa: E731
    for kind in facts.restrictions:
        pattern = restriction_pattern(kind, (locale,))
        if not pattern.search(" ".join([text, *lines])):
            said = next((s for s in (*facts.restriction_sentences, facts.title, *split_sentences(facts.seller_text))
                         if restriction_pattern(kind).search(s)), "")
            said = _stating_clause(said, restriction_pattern(kind))
            lines.append(canonical_phrase(kind, locale, said, quote))
    return lines


_CLAUSE_SEAMS = re.compile(r"[,;:()\[\]]")


def _stating_clause(sentence: str, pattern: re.Pattern[str]) -> str:
    """The stretch of the seller's sentence that states the restriction, verbatim: the clause
    it is in, with the one before where that clause is a few words ("… fixé avec du scotch
    double face 3M préconisé ( non fourni )" of a 40-word sentence about hanging the sign)."""
    match = pattern.search(sentence)
    if not match or len(words(sentence)) <= 12:
        return sentence
    marks = list(_CLAUSE_SEAMS.finditer(sentence))
    seams = [0, *(m.end() for m in marks), len(sentence) + 1]
    ends = [m.start() for m in marks] + [len(sentence)]
    i = max(n for n, start in enumerate(seams[:-1]) if start <= match.start())
    start, end = seams[i], next(e for e in ends if e >= match.end())
    if len(words(sentence[start:end])) < 4 and i > 0:
        start = seams[i - 1]
    # A closing bracket of the clause stays with it.
    if end < len(sentence) and sentence[end] in ")]":
        end += 1
    return sentence[start:end].strip(" ,;:")


def _keywords(candidates: Sequence[str], text: str) -> list[str]:
    body = text.casefold()
    kept: list[str] = []
    for keyword in candidates:
        keyword = " ".join(keyword.split()).strip(" .,:;!?")
        folded = keyword.casefold()
        if (len(keyword) >= 3 and folded in body and folded not in map(str.casefold, kept)
                and len(re.findall(rf"(?<!\w){re.escape(folded)}(?!\w)", body)) <= 4):
            kept.append(keyword)
    return kept[:MAX_KEYWORDS]


def compose_draft(
    facts: ListingFacts, persona_key: str, locale: str, context: Sequence[RetrievedExample] = (),
    attempt: int = 1,
) -> DraftContent:
    """A draft in `locale`, in the voice of `persona_key`, from the seller's own statements.

    Raises `CannotWriteFaithfully` where the locale cannot carry what the item is.
    """
    if locale not in PHRASES or locale not in LOCALES_BY_CODE:
        raise ValueError(f"the composer has no phrases for locale {locale!r}; it writes {sorted(PHRASES)}")
    if persona_key not in PERSONA_KEYS:
        raise ValueError(f"unknown persona {persona_key!r}")
    facts = with_statements(facts)
    phrases = PHRASES[locale]
    source = facts.language == locale
    statements = list(facts.statements)
    terms = _terms(facts, statements, source)
    # A family's members (listings the seller wrote alike) share one seed and take turns, so
    # no two of them pick the same wording for any slot that has a choice.
    seed = (facts.family or facts.listing_id, persona_key, locale)
    turn = facts.family_member
    seller_title = _seller_title(facts)
    listed_title = _shorten(seller_title, LISTED_TITLE_CHARS)
    listed_as = _pick(phrases["listed_as"], *seed, "listed_as", attempt=1 + turn).format(
        title=_nested(listed_title, locale))
    product = _name(facts, seller_title)
    # Among titles of one template only what tells this one apart is quoted: the shared
    # template, quoted in every member, made their descriptions one text.
    title_part = _pick(phrases["title_part"], *seed, "title_part", attempt=1 + turn).format(
        title=_nested(facts.title_apart, locale)) if facts.title_apart else ""

    if source:
        head = product
        noun = _object_name(facts.product_key, locale) if facts.product_key and \
            vocab.written_form(facts.product_key, locale) else None
        if noun and noun.casefold() not in product.casefold() and not object_mentions(product):
            product = f"{product} ({noun})"
        opening = _pick(phrases["frames"][persona_key], *seed, attempt=attempt + turn).format(
            product=_cap(product), product_lc=product, head=_cap(product))
        body = _body(statements, persona_key, terms)
        title = product
    else:
        if facts.product_key is None:
            raise CannotWriteFaithfully(
                f"the embedded composer cannot name {product!r} in {locale!r}: its lexicon has no "
                "word for it and no translation model ships here")
        head = _cap(_object_name(facts.product_key, locale,
                                 plural=names_a_plural(facts.product or facts.title, facts.product_key)))
        title_words = {w.casefold() for w in words(listed_title)} - {w.casefold() for w in words(product)}
        # Where the title says more than the product's name ("— Hiver, banquise & poissons"),
        # the whole title is quoted: it often names what tells two of a shop's items apart, and
        # quoting the name as well would only repeat it.
        if title_part:
            naming = title_part
        elif len(title_words) >= 2:
            naming = listed_as
        else:
            naming = _pick(phrases["named"], *seed, "named", attempt=1 + turn).format(
                head=head, product=_nested(product, locale))
        opening = " ".join([_pick(phrases["frames"][persona_key], *seed, attempt=attempt + turn).format(
            head=head, product=head, product_lc=head), naming])
        body = []
        quote_chars = len(phrases["quote"].format(""))
        title = f"{head} " + phrases["quote"].format(
            _nested(_shorten(product, TITLE_MAX - len(head) - 1 - quote_chars), locale))
    # A weight or a capacity is no size ("Size: 280g" on a sweater): each under its own label.
    measured = {kind: [_size_text(s, locale, source) for s in _sizes(facts) if _measure_of(s) == kind]
                for kind in ("sizes", "weight", "capacity")}

    # Outside the seller's language these lines carry the facts. In it the seller's sentences
    # do: a word list read out of them would misattribute ("gold lines" is no gold), so only
    # the seller's own materials field is listed, as given, and only to help a short text.
    body_chars = sum(len(s) for s in body)
    fact_lines = []
    if not source:
        for kind in ("materials", "colours", "techniques"):
            if names := _term_names(kind, terms[kind], locale):
                fact_lines.append(_pick(phrases[kind], *seed, kind, attempt=1 + turn).format(items=", ".join(names[:5])))
    elif body_chars < DESCRIPTION_MIN_CHARS:
        # A short text: the seller's materials field as given, else the lexicon's reading;
        # colours only from the title, where they name the item itself.
        materials = _declared_materials(facts) or _term_names("materials", terms["materials"], locale)
        title_colours = [c for c in find_terms(facts.title)["colours"] if c in vocab.COLOURS]
        for kind, names in (("materials", materials), ("colours", _term_names("colours", title_colours, locale)),
                            ("techniques", _term_names("techniques", terms["techniques"], locale))):
            if names:
                fact_lines.append(_pick(phrases[kind], *seed, kind, attempt=1 + turn).format(items=", ".join(names[:5])))
    for kind, texts in measured.items():
        if texts:
            fact_lines.append(_pick(phrases[kind], *seed, kind, attempt=1 + turn).format(sizes=", ".join(texts[:10])))

    if not source and statements:
        # The maker's own sentences, quoted in the original: what sets this item apart (the
        # six wooden fish, the sculpted fox) reaches the shopper even where the lexicon cannot
        # carry it. One sentence was too little: two listings of a shop then differed only in
        # their names (measured: 8-gram containment up to 0.49 between such pairs).
        quoted = _quotable(statements, persona_key, terms, seller_title)
        if quoted:
            # One quote of whole seller sentences: the gates match each sentence to the
            # seller's text, so nothing inside it is read as this locale's claim.
            body = [_pick(phrases["original"], *seed, "original", attempt=1 + turn).format(
                text=_nested(". ".join(quoted), locale))]
    paragraphs = [" ".join([opening, *body[:2]]), " ".join(body[2:]), " ".join(fact_lines)]
    draft_so_far = "\n\n".join(p for p in paragraphs if p)
    restrictions = _restriction_lines(facts, locale, draft_so_far, source)
    # A short "not included" line goes where shoppers scan for it, the bullets (the must-keep
    # gate reads them too); a sentence that says more ("… with coloured sticks, not supplied")
    # stays in the description.
    not_included = restriction_pattern("not_included", (locale,))
    missing_parts = [line for line in restrictions
                     if not_included.search(line) and len(line) <= MISSING_PART_BULLET_CHARS]
    restrictions = [line for line in restrictions if line not in missing_parts]
    paragraphs.append(" ".join(restrictions))
    description = "\n\n".join(p for p in paragraphs if p)
    # A short text is filled with the seller's title first (among titles of one template, with
    # only the part that tells it apart), unless that very line is there already. The title may then be
    # quoted twice in other words; measured (session 7): filling with the composer's own lines
    # instead made a shop's tiny-text earrings one template (containment 0.50).
    title_line = title_part or listed_as
    # The whole title, the template included, is the last resort before holding the cell.
    last_resort = [listed_as] if facts.title_apart and phrases["quote"].format(
        _nested(listed_title, locale)) not in description else []
    fillers = iter([*([] if title_line in description else [title_line]), *_in_turn(phrases["filler"], turn),
                    *last_resort])
    while len(description) < DESCRIPTION_MIN_CHARS + 20 and (filler := next(fillers, None)):
        description = f"{description}\n\n{filler}" if description else filler
    if len(description) < DESCRIPTION_MIN_CHARS:
        raise CannotWriteFaithfully(
            f"the seller's text is too short for a {DESCRIPTION_MIN_CHARS}-character description "
            "without inventing anything")
    if len(description) > DESCRIPTION_MAX_CHARS:
        description = _fit(paragraphs[:-1], restrictions)

    care = (" ".join(facts.care)[:400] if source else phrases["care_quoted"].format(care=_nested(_shorten(" ".join(facts.care), 300), locale))) \
        if facts.care else phrases["no_care"]

    labels = phrases["labels"]
    bullets = [] if source else [f"{labels['name']}: {phrases['quote'].format(_nested(product, locale))}"]
    bullets += missing_parts
    for kind, label in (("sizes", "size"), ("weight", "weight"), ("capacity", "capacity")):
        if measured[kind]:
            bullets.append(f"{labels[label]}: {', '.join(measured[kind][:10])}")
    for kind in ("materials", "colours"):
        if source and kind == "colours":
            continue  # the seller's sentences say which part has which colour
        names = _declared_materials(facts) if (source and kind == "materials" and facts.materials_declared) \
            else _term_names(kind, terms[kind], locale)
        if names:
            bullets.append(f"{labels[kind]}: {', '.join(list(names)[:5])}")
    bullets += restrictions[:3]
    short = [s for s in body if len(s) <= 140]
    while len(bullets) < 3 and short:
        bullets.append(short.pop(0).rstrip("."))
    for fallback in (f"{labels['product']}: {head}", f"{labels['care']}: {_shorten(care, 120)}",
                     f"{labels['name']}: {phrases['quote'].format(_nested(_shorten(facts.title, 120), locale))}"):
        if len(bullets) < 3 and fallback not in bullets:
            bullets.append(fallback)

    materials = _declared_materials(facts) if source and facts.materials_declared \
        else _term_names("materials", terms["materials"], locale)
    title = _shorten(title, TITLE_MAX)
    keyword_candidates = [product, head, *(facts.tags if source else ()), *materials,
                          *_term_names("colours", terms["colours"], locale),
                          *_term_names("techniques", terms["techniques"], locale),
                          *[w for w in words(product) if len(w) >= 4]]
    keywords = _keywords(keyword_candidates, f"{title}\n{description}")
    if len(keywords) < MIN_KEYWORDS:
        longest = sorted({w for w in words(description) if len(w) >= 5}, key=lambda w: (-len(w), w))
        keywords = _keywords([*keywords, *longest], f"{title}\n{description}")
    if source:
        lead = body[0] if body else " ".join(fact_lines)
        meta_description = lead if title.casefold() in lead.casefold() else f"{title}. {lead}"
        meta_title = _shorten(title, META_TITLE_MAX)
    else:
        # Never cut inside the quoted name: a half quote reads as this locale's words.
        meta_description = f"{head}. {' '.join(fact_lines)}"
        room = META_TITLE_MAX - len(head) - 1 - len(phrases["quote"].format(""))
        meta_title = f"{head} {phrases['quote'].format(_nested(_shorten(product, room), locale))}" if room >= 12 else head
    meta_description = _shorten(meta_description.strip(), META_DESCRIPTION_MAX)
    for filler in _in_turn(phrases["filler"], turn):
        if len(meta_description) < META_DESCRIPTION_MIN:
            meta_description = _shorten(f"{meta_description} {filler}", META_DESCRIPTION_MAX)
    return DraftContent(
        title=title,
        description=description,
        bullet_features=[_shorten(b, 200) for b in bullets[:MAX_BULLETS]],
        materials=[str(m) for m in materials[:10]],
        care=care,
        seo_keywords=keywords,
        meta_title=meta_title,
        meta_description=meta_description,
    )


def _name(facts: ListingFacts, seller_title: str, limit: int = 110) -> str:
    """The seller's name for the item: the product phrase, with what the title puts before it.

    Where the product phrase is not where the title starts ("Gardevoir ex 233/091 Paldean Fates |
    Custom Pokémon Artwork Display Slab"), the words before it are what sets this listing apart
    from the shop's others, so they stay in the name."""
    product = facts.product or facts.title
    title = seller_title
    start = title.casefold().find(product.casefold())
    if start <= 0:
        return product
    name = title[: start + len(product)].strip(" -–—|,.;:")
    return name if len(name) <= limit else product


_TITLE_PARTS = re.compile(r"(\s*[,|;]\s*|\s+[-–—]\s+)")


def _seller_title(facts: ListingFacts) -> str:
    """The seller's title, each of its parts once: "Limited Edition Print, Limited Edition
    Print, Kindred Spirits" lists the print once."""
    parts = _TITLE_PARTS.split(" ".join(facts.title.split()))
    seen: set[str] = set()
    kept: list[str] = []
    for i in range(0, len(parts), 2):
        key = parts[i].casefold().strip(" .!?")
        if key and key in seen:
            continue
        seen.add(key)
        kept.append((parts[i - 1] if kept and i else "") + parts[i])
    return "".join(kept).strip(" ,|;-–—")


def _sizes(facts: ListingFacts) -> list[Size]:
    return extract_sizes("\n".join(facts.sizes))


def _fit(paragraphs: list[str], restrictions: list[str]) -> str:
    """Shorten the body, never the restrictions, until the description fits the schema."""
    tail = " ".join(restrictions)
    budget = DESCRIPTION_MAX_CHARS - len(tail) - 4
    kept: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        room = budget - sum(len(p) + 2 for p in kept)
        if room <= 0:
            break
        if len(paragraph) <= room:
            kept.append(paragraph)
        else:
            sentences = re.split(r"(?<=[.!?])\s+", paragraph)
            partial = ""
            for sentence in sentences:
                if len(partial) + len(sentence) + 1 > room:
                    break
                partial = f"{partial} {sentence}".strip()
            if partial:
                kept.append(partial)
            break
    return "\n\n".join([*kept, tail] if tail else kept)


def language_is_writable(facts: ListingFacts, locale: str) -> bool:
    """Whether the composer can write `locale` for this listing without refusing."""
    return facts.language == locale or facts.product_key is not None


__all__ = ["PHRASES", "compose_draft", "language_is_writable"]
