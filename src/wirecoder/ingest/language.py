"""German/English detection: a cheap function-word vote, lingua when that is unclear."""

from __future__ import annotations

import functools
import re
from typing import Any

# Only the first characters are looked at: enough for a news article, cheap for 10,000.
SAMPLE_CHARS = 1000
MIN_LETTERS = 8
MIN_WORDS = 2
MIN_CONFIDENCE = 0.8
# Function-word vote: decide without lingua when one side clearly wins.
_MIN_VOTES = 6
_VOTE_RATIO = 3

_WORD_RE = re.compile(r"[^\W\d_]+")
# Words frequent in one language and rare in the other ("war", "was", "will", "also", "in"
# and the like are left out on purpose).
_GERMAN_WORDS = (
    "der die das und ist nicht mit sich auf für dem den des ein eine einen einem einer "
    "zu von im auch sei seien hat haben wird wurde werden nach bei über als wie aus sie "
    "er wir sind noch dass oder aber nur vor zur zum durch gegen sowie habe könne müsse"
)
_GERMAN = frozenset(_GERMAN_WORDS.split())
_ENGLISH_WORDS = (
    "the and of to is that with for are from this have has be by on at it which said "
    "were not their they he she would been its after who than there about"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]


def detect_language(text: str) -> str | None:
    """``"de"``, ``"en"``, or ``None`` when the text carries too little signal."""
    sample = _sample(text)
    words = _WORD_RE.findall(sample.lower())
    if len(words) < MIN_WORDS or sum(map(len, words)) < MIN_LETTERS:
        return None
    german = sum(map(_GERMAN.__contains__, words))
    english = sum(map(_ENGLISH.__contains__, words))
    if german >= _MIN_VOTES and german >= _VOTE_RATIO * english:
        return "de"
    if english >= _MIN_VOTES and english >= _VOTE_RATIO * german:
        return "en"
    return _detect_with_lingua(sample)


def _detect_with_lingua(sample: str) -> str | None:
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    name = values[0].language.name
    return {"GERMAN": "de", "ENGLISH": "en"}.get(name)


_LANGUAGE_NAMES = {
    "de": "de",
    "deu": "de",
    "ger": "de",
    "german": "de",
    "deutsch": "de",
    "en": "en",
    "eng": "en",
    "english": "en",
    "englisch": "en",
}


def normalise_language(value: object) -> str | None:
    """``"de"``/``"en"`` for the usual spellings (``de-DE``, ``German``, ``eng``), else None."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return _LANGUAGE_NAMES.get(key)
