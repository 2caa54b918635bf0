"""Loading per-language data files from ``wirecoder/lang/<language>/``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("de", "en")


def load_yaml(language: str, name: str) -> Any:
    """Read ``lang/<language>/<name>`` from the package; unknown languages fall back to de."""
    lang = language if language in LANGUAGES else "de"
    path = resources.files("wirecoder") / "lang" / lang / name
    with path.open("r", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class SpeechLexicon:
    """Cues of speech for one language (lang/<xx>/speech.yaml)."""

    language: str
    verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    subjunctive_ii: frozenset[str]
    postpositions: frozenset[str] = field(default_factory=frozenset)

    def is_speech_verb(self, lemma: str) -> bool:
        return lemma in self.verbs


@functools.cache
def speech_lexicon(language: str) -> SpeechLexicon:
    data = load_yaml(language, "speech.yaml")
    phrases = [tuple(str(p).lower().split()) for p in data.get("source_phrases") or []]
    return SpeechLexicon(
        language=language,
        verbs=frozenset(str(v).replace("|", "") for v in data.get("verbs") or [])
        | frozenset(str(v) for v in data.get("verbs") or []),
        source_phrases=tuple(phrases),
        complementizers=frozenset(str(w) for w in data.get("complementizers") or []),
        pronouns=frozenset(str(w) for w in data.get("pronouns") or []),
        subjunctive_ii=frozenset(str(w) for w in data.get("subjunctive_ii") or []),
        postpositions=frozenset(str(w) for w in data.get("source_postpositions") or []),
    )
