"""Word lists behind name detection: given and family names, and the names that are not personal.

Given and family names come from the person providers Faker ships for the locales our sellers
and shoppers write in (about 4,800 given and 8,200 family names; MIT licence), loaded once per
process on first use. Two hand-kept lists keep ordinary text intact:
- `COMMON_WORDS`: names that are also words a listing uses ("Rose Gold", "Ruby", "Linda" is
  Spanish for pretty, "Bianca" Italian for white, "Sterling" silver...). A pair of two such words
  is never a name, and such a word alone is a name only after a strong cue ("my mother Rosa").
- `PUBLIC_FIGURES`: painters, saints, characters and brands that products depict or are named
  after ("Frida Kahlo earrings", "Van Gogh print", "Mother Mary icon"); never scrubbed.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache

# Faker locales whose given and family names are matched (Faker ships no Italian-Swiss list).
NAME_LOCALES = (
    "en_US", "en_GB", "en_IE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CH",
    "es_ES", "es_MX", "it_IT", "nl_NL", "pt_PT",
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, one character for each character of `text` (so spans
    found in the folded text are spans of the original): 'Élodie' and 'elodie' fold alike."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=2048)
def _fold_char(ch: str) -> str:
    if ch == "’":
        return "'"
    base = unicodedata.normalize("NFD", ch)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), folded; names of one or two letters are left out."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_female", "first_names_male"):
            given.update(fold(name) for name in getattr(provider, attribute, ()))
        family.update(fold(name) for name in getattr(provider, "last_names", ()))
    # Faker writes some entries as two words ("De la Cruz"); only single words are matched here.
    given = {name for name in given if len(name) >= 3 and " " not in name}
    family = {name for name in family if len(name) >= 3 and " " not in name}
    return frozenset(given), frozenset(family)


# Names that are also ordinary words in listings or reviews, in any of our five languages.
COMMON_WORDS = frozenset(
    fold(word)
    for word in """
    amber angel april art aurora autumn azure baker bella berry bianca bill blanca blaze blossom
    blue bloom brook brown bud bush cameo candy carmen celeste chain chance charity cherry
    christian christmas clay cliff coral cotton crystal daisy dale dawn dean diamond dolores
    don dove easter ebony eden faith fawn fern field fisher flora florence flower forest fox
    frost garnet gem gemma georgia ginger glass gold golden grace gray green grey guy hale hall
    harmony hazel heather hill holly honey hope hunter iris ivory ivy jack jade jasmine jasper
    jet jewel joy june king lace lake lane lavender lily linda little long love lucky luna
    lux major mar marina marino mark mason may meadow melody mercedes mint moon moss noel oak
    ocean olive opal page paris park pearl pepper perla pilar pink prince queen rain raven ray
    red reed rich river robin rock rosa rose rosemary rosie royal ruby rush rusty sage salvador
    sandy santa santo scarlett shell sierra silver sky snow sol star stella sterling stone
    storm summer sunny sunshine sweet taylor tiffany topaz unity velvet vera victoria violet
    viola virginia white wilde will willow winter wood woods young
    luz paz mar sol nieves rocio rocío consuelo amparo pura soledad angeles ángeles
    gioia perla viola bianca rosa azzurra chiara fiore fortuna stella bella serena
    blanche rose aurore claire fleur océane perle reine marine violette
    gold silber stein wolf sommer winter klein lange braun schwarz weiss weiß engel
    frank franca franco constance prudence patience
    august aura bird day diamond dino feline house line penny roman tea urban valentine harm
    india america asia africa china kenya jordan israel dakota austin dallas sydney chelsea
    brooklyn savannah carolina adelaide regina siena verona valencia lourdes bar mug ring
    can ben else nova otto una sue van mia mila ella nada pero sem che ira ali bas dan
    black orange purple lemon cream copper steel iron brass bronze marble linen silk wool
    leather birch ash elm pine maple cedar walnut
    """.split()
)

# Public figures, characters, saints and styles that products depict or are named after. Matched
# as whole phrases, case- and accent-insensitively; a name candidate inside one is left alone.
PUBLIC_FIGURES = tuple(
    phrase.strip()
    for phrase in """
    Frida Kahlo; Van Gogh; Vincent van Gogh; Claude Monet; Georgia O'Keeffe; Jackson Pollock;
    Salvador Dalí; Leonardo da Vinci; Michelangelo; Gustav Klimt; Alphonse Mucha; Andy Warhol;
    Keith Haring; Henri Matisse; Pablo Picasso; Paul Cézanne; Edgar Degas; Auguste Renoir;
    Johannes Vermeer; Rembrandt; Hokusai; Albrecht Dürer; Caspar David Friedrich; Franz Marc;
    Wassily Kandinsky; Paul Klee; Egon Schiele; Sandro Botticelli; Caravaggio; Raffaello;
    Marilyn Monroe; Audrey Hepburn; Coco Chanel; Marie Antoinette; Marie-Antoinette; Marie Curie;
    Jeanne d'Arc; Joan of Arc; Frida; Elvis Presley; Bob Marley; John Lennon; Taylor Swift;
    Jane Austen; William Shakespeare; Edgar Allan Poe; Emily Dickinson; Virginia Woolf;
    Sylvia Plath; Oscar Wilde; Mark Twain; Charles Dickens; Lewis Carroll; Johann Wolfgang von Goethe;
    Goethe; Friedrich Schiller; Victor Hugo; Antoine de Saint-Exupéry; Dante Alighieri;
    Harry Potter; Hermione Granger; Ron Weasley; Albus Dumbledore; Sherlock Holmes; Peter Pan;
    Tinker Bell; Alice in Wonderland; Winnie the Pooh; Mickey Mouse; Minnie Mouse; Hello Kitty;
    Jack Skellington; Jack Frost; Jack o'Lantern; Robin Hood; King Arthur; Don Quijote;
    Don Quixote; Pinocchio; Hänsel und Gretel; Santa Claus; Father Christmas; Mrs Claus;
    Jesus Christ; Jesus; Virgin Mary; Mother Mary; Mary Magdalene; Our Lady; Vierge Marie;
    Virgen María; Virgen de Guadalupe; Madonna; Mutter Maria; Jungfrau Maria; Ave Maria;
    Notre-Dame; Notre Dame; Santa Maria; Sagrada Familia; Niño Jesús; Gesù Bambino; Buddha;
    Ganesh; Ganesha; Queen Anne; Queen Elizabeth; Queen Victoria; Louis XVI; Napoleon;
    Mona Lisa; Tiffany; Grace Kelly; Audrey; Marilyn; Lord of the Rings; Star Wars
    """.replace("\n", " ").split(";")
    if phrase.strip()
)

# Words that introduce a saint, a church or a holy figure: the name after them is not personal.
HOLY_PREFIXES = re.compile(
    r"\b(?:Saint|Sainte|St|Ste|Sankt|San|Santa|Santo|São|Madonna|Notre|Nuestra|Virgen|Vierge"
    r"|Heilige[rn]?|Hl|Mother|Our\s+Lady|Lady|Pope|Papa|Padre|Père|Don|Doña)\.?\s+$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def public_figures_pattern() -> re.Pattern[str]:
    folded = sorted({fold(p) for p in PUBLIC_FIGURES}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in folded) + r")(?!\w)")
