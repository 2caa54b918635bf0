"""Per-language word lists for the text layer, read from ``lang/<code>/abbreviations.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"
SUPPORTED = ("de", "en")


def norm_language(language: str | None) -> str:
    """Map a language tag ("de", "de-AT", "EN", None) to a supported code; default "de"."""
    code = (language or "de").strip().lower()[:2]
    return code if code in SUPPORTED else "de"


def _with_capital(items: list[str], other: list[str]) -> set[str]:
    """``items`` plus capitalised variants of lower-case entries, unless ``other``
    (the other list) names that variant itself ("min." title, "Min." abbreviation)."""
    out = set(items)
    for item in items:
        if item[:1].islower():
            cap = item[:1].upper() + item[1:]
            if cap not in other:
                out.add(cap)
    return out


@dataclass(frozen=True)
class LangData:
    language: str
    titles: frozenset[str]
    abbreviations: frozenset[str]
    tags: dict[str, str]
    months: frozenset[str]
    ordinal_before: frozenset[str]
    ordinal_nouns: frozenset[str]
    lemmas: dict[str, str]
    sentence_starters: frozenset[str]
    # Regex alternation of abbreviations with an inner period or hyphen ("u.a.", "Dipl.-Ing.").
    multipart: re.Pattern[str] | None

    def is_title(self, word: str) -> bool:
        return word in self.titles

    def is_abbreviation(self, word: str) -> bool:
        """``word`` ends with its period ("Dr.", "u.a.")."""
        return word in self.titles or word in self.abbreviations

    def tag_for(self, word: str) -> str | None:
        tag = self.tags.get(word)
        if tag is None and word[:1].isupper():
            tag = self.tags.get(word[:1].lower() + word[1:])
        return tag


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"abbreviations.yaml: {key!r} must be a list")
    return [str(v) for v in value]


@cache
def lang_data(language: str) -> LangData:
    """The word lists for ``language`` ("de" or "en"), loaded once."""
    code = norm_language(language)
    path = LANG_DIR / code / "abbreviations.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    title_list = _strings(data, "titles")
    abbr_list = _strings(data, "abbreviations")
    titles = _with_capital(title_list, abbr_list)
    abbreviations = _with_capital(abbr_list, title_list)
    tags = {str(k): str(v) for k, v in (data.get("tags") or {}).items()}
    inner = sorted(
        (a for a in titles | abbreviations if re.search(r"[.\-].", a)), key=len, reverse=True
    )
    multipart = (
        re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in inner) + r")(?![\w])")
        if inner
        else None
    )
    return LangData(
        language=code,
        titles=frozenset(titles),
        abbreviations=frozenset(abbreviations - titles),
        tags=tags,
        months=frozenset(_strings(data, "months")),
        ordinal_before=frozenset(w.lower() for w in _strings(data, "ordinal_before")),
        ordinal_nouns=frozenset(_strings(data, "ordinal_nouns")),
        lemmas={str(k).lower(): str(v) for k, v in (data.get("lemmas") or {}).items()},
        sentence_starters=frozenset(_strings(data, "sentence_starters")),
        multipart=multipart,
    )
