"""Language identification (py3langid: a small model shipped inside the package)."""

from __future__ import annotations

from functools import lru_cache

# Languages our sellers and shoppers write in; restricting the classifier to them makes short
# texts far less likely to be mistaken for an unrelated language.
KNOWN_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(KNOWN_LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    language, _probability = _identifier().classify(text)
    return language


def language_probability(text: str, language: str) -> float:
    """The classifier's probability that `text` is in `language`."""
    ranked = dict(_identifier().rank(text))
    return float(ranked.get(language, 0.0))
