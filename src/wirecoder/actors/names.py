"""Person names the knowledge base does not know, found by rule (optional fallback).

:func:`find_unknown_names` adds person mentions for runs of name-like tokens that are
not already mentions and

* start with a known given name (:data:`~wirecoder.actors.first_names.FIRST_NAMES`
  plus the first names of everyone in ``office_holders.tsv``) and have at least one
  more name token ("Heinrich Schulte", "Hans-Dietrich von der Heide"), or
* follow an honorific ("Herr Schulte", "Frau Dr. Weber", "Mr. Smith").

A name token is capitalised and tagged as a proper noun by the text layer (STTS
``NE``/``FM``, C5 ``NP0``); after a given name a token tagged ``NN`` also counts unless
it looks like a common noun ("-ung", "-heit").  The mentions get ``kind="person"``,
``code=None``, key ``name:<surface>`` and ``via="name"``; unknown names after role
nouns ("Präsident Taras Kowalenko") are already found by
:func:`~wirecoder.extract.mentions.find_mentions` and are not repeated.

Measured on GermEval 2014 (bench/germeval_ner.py ``--names``), this raises person
recall a lot at high precision; it does not give codes (an unknown person's state is
rarely in the sentence), so it matters for quote speakers and entity lists rather than
for event actor codes.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from wirecoder.actors.first_names import FIRST_NAMES
from wirecoder.extract.knowledge import KnowledgeBase, normalize
from wirecoder.extract.mentions import Mention
from wirecoder.records import Token

__all__ = ["find_unknown_names", "given_names", "reconcile_given_names"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_POS = frozenset({"NE", "FM", "XY", "NP0", "NNP", "NNPS"})
_NOUN_POS = frozenset({"NN", "NN1", "NN2", "UNC"})
_NAME_WORD = re.compile(r"^[A-ZÀ-ÞŁŚŻČŠŽ][\w'’\-]*$")
_INITIAL = re.compile(r"^[A-ZÀ-Þ]\.$")
_COMMON_NOUN = re.compile(r"(ung|heit|keit|schaft|tion|tät|ismus|ment|nis|tum|ungen|chen)$")
_PARTICLES = _words("von van de der den da di du le la zu bin ibn al el ben dos das del della ter")
_HONORIFICS = _words(
    """Herr Herrn Frau Dr Dr. Prof Prof. Mr Mr. Mrs Mrs. Ms Ms. Sir Dame Lord Lady
    Monsieur Madame Senor Señor Signor Signora"""
)
# A run containing one of these is named after a person but is not one
# ("Carl Zeiss Jena", "Lee Strasberg Theatre", "Heinrich-Heine-Straße").
_NOT_PERSON = _words(
    """School Schule Theatre Theater Gallery Galerie Show Museum Stiftung Universität
    University College Hospital Klinik Center Centre Club Award Preis Cup Park Street Straße
    Strasse Platz Allee Weg Motors Airlines Bank Group Corporation Inc AG GmbH Verlag
    Institut Institute Foundation Gymnasium Schule Kaserne Brücke Bridge Airport Flughafen
    Stadion Stadium Arena Halle Hall Hotel Trophy Prize Orchestra Orchester Band Records
    Company Company's Brothers Jena"""
)
_NOT_PERSON_SUFFIX = re.compile(r"(straße|strasse|platz|allee|gasse|weg|brücke|kaserne)$")
# Given names of people in the knowledge base that are also common capitalised words.
_NOT_GIVEN = _words("Art Will Mark Mai Paris Georgia Rosa Roman Wolf Kai Iris Per Gay")
_STOP = _words(
    """Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ihr Man
    Am Im Auf In Bei Mit Nach Von Vor Zu Zum Zur Und Oder Aber Auch Doch Noch Nur Als Wie
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag
    Januar Februar März April Mai Juni Juli August September Oktober November Dezember
    The A An He She It They We You I His Her Its Their On At Of For By With From To And Or
    But This That These Those Who What When Where Which While As If Also
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March May June July October December"""
)


def _unknown_person(start: int, end: int, surface: str, t0: int, t1: int) -> Mention:
    """A person mention the knowledge base cannot code (key ``name:<surface>``)."""
    return Mention(
        start,
        end,
        surface,
        "person",
        None,
        None,
        None,
        surface,
        f"name:{normalize(surface)}",
        "name",
        t0,
        t1,
    )


@lru_cache(maxsize=4)
def given_names(language: str) -> frozenset[str]:
    """Our given-name list plus the first names of the knowledge base's persons."""
    kb = KnowledgeBase.load(language)
    names = set(FIRST_NAMES)
    for person in kb.persons():
        for name in person.names:
            words = name.split()
            if len(words) > 1 and _NAME_WORD.match(words[0]):
                names.add(words[0])
    return frozenset(names - _NOT_GIVEN)


def _is_given(word: str, names: frozenset[str]) -> bool:
    if word in names:
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p in names for p in parts)


def _name_token(tok: Token, *, after_given: bool) -> bool:
    word = tok.text
    if len(word) < 2 or not _NAME_WORD.match(word) or word in _STOP or word in _HONORIFICS:
        return False
    if not tok.pos:
        return not _COMMON_NOUN.search(word.lower())
    if tok.pos in _NAME_POS:
        return True
    return after_given and tok.pos in _NOUN_POS and not _COMMON_NOUN.search(word.lower())


def find_unknown_names(
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    kb: KnowledgeBase,
    *,
    text: str | None = None,
    max_tokens: int = 5,
) -> list[Mention]:
    """Person mentions for names not in the knowledge base (see the module doc).

    ``tokens`` are one sentence's tokens (with POS tags from the text layer),
    ``mentions`` what ``find_mentions`` already found in them; ``text`` the string
    the offsets index into (else surfaces are rebuilt from the tokens)."""
    names = given_names(kb.language)
    covered = [(m.start, m.end) for m in mentions]

    def free(t: int) -> bool:
        tok = tokens[t]
        return not any(s < tok.end and tok.start < e for s, e in covered)

    out: list[Mention] = []
    t = 0
    n = len(tokens)
    while t < n:
        tok = tokens[t]
        honorific = t > 0 and tokens[t - 1].text in _HONORIFICS
        if tokens[t - 1].text == "." and t > 1 and tokens[t - 2].text in {"Dr", "Prof", "Mr"}:
            honorific = True
        given = _is_given(tok.text, names)
        if not free(t) or not (given or honorific) or tok.text in _STOP:
            t += 1
            continue
        if not given and not _name_token(tok, after_given=False):
            t += 1
            continue
        end = t + 1
        k = t + 1
        while k < n and k - t < max_tokens and free(k):
            cur = tokens[k]
            if (
                cur.text in _PARTICLES
                and (k == t + 1 or tokens[k - 1].text in _PARTICLES)
                and k + 1 < n
                and (
                    tokens[k + 1].text in _PARTICLES
                    or _name_token(tokens[k + 1], after_given=given)
                )
            ):
                k += 1  # "Ursula von der Leyen", "Karl-Theodor zu Guttenberg"
                continue
            if (
                _INITIAL.match(cur.text)
                and k + 1 < n
                and _name_token(tokens[k + 1], after_given=False)
            ):
                k += 1  # "John F. Kennedy"
                continue
            # a common-noun-tagged surname only right after the given name or a particle
            after = k == t + 1 or tokens[k - 1].text in _PARTICLES
            if _name_token(cur, after_given=given and after):
                k += 1
                end = k
                continue
            break
        run = tokens[t:end]
        if any(x.text in _NOT_PERSON or _NOT_PERSON_SUFFIX.search(x.text.lower()) for x in run) or (
            end < n and tokens[end].text in _NOT_PERSON
        ):
            t = end
            continue
        words = end - t
        if (
            (given and words >= 2)
            or (honorific and words >= 1 and not given)
            or (honorific and given and words >= 1)
        ):
            start, stop = tokens[t].start, tokens[end - 1].end
            surface = (
                text[start:stop] if text is not None else " ".join(x.text for x in tokens[t:end])
            )
            out.append(_unknown_person(start, stop, surface, t, end))
            t = end
            continue
        t += 1
    return out


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same_given(found: str, known: str) -> bool:
    """Given names that are one spelling of the same name ("Omar"/"Oumar",
    "Wolodimir"/"Wolodymyr", "Joe"/"Joseph"), not two names ("Klaus"/"Gerhard")."""
    a, b = _fold(found), _fold(known)
    if a == b:
        return True
    if not a or not b or a[0] != b[0]:
        return False
    return a.startswith(b) or b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def reconcile_given_names(
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    kb: KnowledgeBase,
    *,
    text: str | None = None,
) -> list[Mention]:
    """Settle a known surname that follows a given name the knowledge base does not pair
    with it (one sentence's tokens and mentions).

    "Alpha Omar Konaré" (the KB spells him "Alpha Oumar Konaré") is one mention of that
    person, not an unknown "Alpha Omar" plus "Konaré"; "Klaus Schröder" is an unknown
    namesake, not Gerhard Schröder.  The given name is the unknown-name mention ending
    right before the surname, or given-name tokens directly before it."""
    names = given_names(kb.language)
    by_end = {m.token_end: m for m in mentions if m.key.startswith("name:")}
    covered = {t for m in mentions for t in range(m.token_start, m.token_end)}
    drop: set[int] = set()
    add: list[Mention] = []
    for m in mentions:
        person = kb.person(m.key) if m.key.startswith("person:") else None
        if person is None or m.token_end - m.token_start != 1 or m.text in person.names:
            continue
        given_mention = by_end.get(m.token_start)
        if given_mention is not None:
            t0 = given_mention.token_start
        else:
            t0 = m.token_start
            while (
                t0 > 0
                and t0 - 1 not in covered
                and m.token_start - t0 < 3
                and _is_given(tokens[t0 - 1].text, names)
                and tokens[t0 - 1].text not in _STOP
            ):
                t0 -= 1
            if t0 == m.token_start:
                continue
        given = " ".join(tok.text for tok in tokens[t0 : m.token_start])
        surname = _fold(m.text)
        known = [
            n[: len(n) - len(m.text)].strip()
            for n in person.names
            if len(n.split()) > 1 and _fold(n).endswith(" " + surname)
        ]
        start, end = tokens[t0].start, m.end
        surface = text[start:end] if text is not None else f"{given} {m.text}"
        drop.add(id(m))
        if given_mention is not None:
            drop.add(id(given_mention))
        if any(_same_given(given, k) for k in known):
            add.append(dataclasses.replace(m, start=start, text=surface, token_start=t0))
        else:
            add.append(_unknown_person(start, end, surface, t0, m.token_end))
    if not add:
        return list(mentions)
    kept = [m for m in mentions if id(m) not in drop]
    return sorted(kept + add, key=lambda m: (m.start, -m.end))
