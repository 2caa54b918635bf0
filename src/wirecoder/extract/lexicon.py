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
    """Cues of speech for one language (lang/<xx>/speech.yaml).

    Verb lemmas are stored as written ("mit|teilen") and joined ("mitteilen"); a
    particle verb is looked up with its particle, so "ab|sagen" is not "sagen".
    """

    language: str
    verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    subjunctive_ii: frozenset[str]
    postpositions: frozenset[str] = field(default_factory=frozenset)
    infinitive_verbs: frozenset[str] = field(default_factory=frozenset)
    object_verbs: frozenset[str] = field(default_factory=frozenset)
    nouns: frozenset[str] = field(default_factory=frozenset)
    source_prepositions: frozenset[str] = field(default_factory=frozenset)
    source_markers: frozenset[str] = field(default_factory=frozenset)
    as_markers: frozenset[str] = field(default_factory=frozenset)
    person_nouns: tuple[str, ...] = ()
    anaphoric_roles: tuple[str, ...] = ()
    reportative_modals: frozenset[str] = field(default_factory=frozenset)
    directive_verbs: frozenset[str] = field(default_factory=frozenset)
    free_particles: frozenset[str] = field(default_factory=frozenset)
    opinion_nouns: frozenset[str] = field(default_factory=frozenset)

    def is_speech_verb(self, lemma: str) -> bool:
        return lemma in self.verbs

    def takes_infinitive(self, lemma: str) -> bool:
        return lemma in self.infinitive_verbs

    def is_speech_noun(self, word: str) -> bool:
        """A noun of saying, or a compound ending in one ("Polizeiangaben")."""
        if word in self.nouns:
            return True
        low = word.lower()
        return any(low.endswith(noun.lower()) and len(low) > len(noun) + 2 for noun in self.nouns)

    def is_person_noun(self, word: str) -> bool:
        """A noun for a person ("Student", "SPD-Politiker"), from its ending."""
        low = word.lower()
        return any(low.endswith(suffix) for suffix in self.person_nouns)

    def is_anaphoric_role(self, word: str) -> bool:
        """An office noun that refers back to the person named last ("der Minister")."""
        low = word.lower()
        return any(low.endswith(suffix) for suffix in self.anaphoric_roles)


def _lemmas(values: Any) -> frozenset[str]:
    """Lemmas as written and with the particle bar removed."""
    items = [str(v) for v in values or []]
    return frozenset(items) | frozenset(v.replace("|", "") for v in items)


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(w) for w in values or [])


@functools.cache
def speech_lexicon(language: str) -> SpeechLexicon:
    data = load_yaml(language, "speech.yaml")
    phrases = [tuple(str(p).lower().split()) for p in data.get("source_phrases") or []]
    return SpeechLexicon(
        language=language,
        verbs=_lemmas(data.get("verbs")),
        source_phrases=tuple(phrases),
        complementizers=_words(data.get("complementizers")),
        pronouns=_words(data.get("pronouns")),
        subjunctive_ii=_words(data.get("subjunctive_ii")),
        postpositions=_words(data.get("source_postpositions")),
        infinitive_verbs=_lemmas(data.get("infinitive_verbs")),
        object_verbs=_lemmas(data.get("object_verbs")),
        nouns=_words(data.get("nouns")),
        source_prepositions=_words(data.get("source_prepositions")),
        source_markers=_words(data.get("source_markers")),
        as_markers=_words(data.get("as_markers")),
        person_nouns=tuple(str(w).lower() for w in data.get("person_nouns") or []),
        anaphoric_roles=tuple(str(w).lower() for w in data.get("anaphoric_roles") or []),
        reportative_modals=_words(data.get("reportative_modals")),
        directive_verbs=_lemmas(data.get("directive_verbs")),
        free_particles=_words(data.get("free_particles")),
        opinion_nouns=_words(data.get("opinion_nouns")),
    )
