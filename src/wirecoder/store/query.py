"""Safe full-text queries: user text -> FTS5 MATCH string or PostgreSQL tsquery string.

The user's text is never passed to a query parser as is. It is read as a small
web-search syntax, every term is reduced to its words (runs of letters and digits),
and the words are rendered quoted:

- words are ANDed: ``Merz Macron``
- ``"a phrase"`` matches the words in order (an unclosed quote runs to the end)
- ``OR`` (upper case) between terms: ``Kiew OR Kyjiw``
- ``-word`` excludes articles with that word
- ``word*`` matches words starting with ``word``

Anything else (parentheses, ``AND``/``NOT``/``NEAR``, column filters, ``^``, quotes
inside words) is treated as text. A query with no words matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Runs of letters and digits: what both FTS5 (unicode61) and PostgreSQL index as words.
_WORD = re.compile(r"[^\W_]+")
# A double-quoted phrase (closing quote optional) or a run of non-space characters.
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class ParsedQuery:
    # OR of ANDs of terms.
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.groups)


def parse_query(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    group: list[Term] = []
    for match in _TOKEN.finditer(query):
        phrase, raw = match.group(1), match.group(2)
        if phrase is not None:
            words = tuple(_WORD.findall(phrase))
            if words:
                group.append(Term(words))
            continue
        if raw == "OR":
            if group:
                parsed.groups.append(group)
                group = []
            continue
        negated = raw.startswith("-") and len(raw) > 1
        prefix = raw.endswith("*")
        words = tuple(_WORD.findall(raw))
        if not words:
            continue
        term = Term(words, prefix)
        if negated:
            parsed.excluded.append(term)
        else:
            group.append(term)
    if group:
        parsed.groups.append(group)
    return parsed


def _fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
    return quoted + ("*" if term.prefix else "")


def to_fts5(parsed: ParsedQuery) -> str | None:
    """The FTS5 MATCH expression for a parsed query, or None when it matches nothing."""
    if parsed.empty:
        return None
    groups = ["(" + " AND ".join(_fts5_term(t) for t in g) + ")" for g in parsed.groups if g]
    expr = "(" + " OR ".join(groups) + ")"
    if parsed.excluded:
        expr += " NOT (" + " OR ".join(_fts5_term(t) for t in parsed.excluded) + ")"
    return expr


def _ts_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_term(term: Term) -> str:
    lexemes = [_ts_lexeme(w) for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def to_tsquery(parsed: ParsedQuery) -> str | None:
    """The ``to_tsquery`` text for a parsed query, or None when it matches nothing."""
    if parsed.empty:
        return None
    groups = ["(" + " & ".join(_ts_term(t) for t in g) + ")" for g in parsed.groups if g]
    expr = "(" + " | ".join(groups) + ")"
    if parsed.excluded:
        expr += " & !(" + " | ".join(_ts_term(t) for t in parsed.excluded) + ")"
    return expr
