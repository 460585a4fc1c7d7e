"""The one form in which seller text, drafts and the lexicon are compared."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Casefolded, accent-free word tokens: "Décapsuleur en Bois" -> ["decapsuleur", "en", "bois"]."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _TOKEN.findall("".join(c for c in decomposed if not unicodedata.combining(c)))
