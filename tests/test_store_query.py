"""Unit tests of the store's safe full-text query translation (no database needed)."""

from __future__ import annotations

import random
import sqlite3

import pytest

from wirecoder.store.neardup import pack_signature, unpack_signature
from wirecoder.store.query import Term, parse_query, to_fts5, to_tsquery


def test_parse_words_phrases_or_not_prefix() -> None:
    parsed = parse_query('Merz "Friedrich Merz" Soldat* OR Kiew -Moskau')
    assert parsed.groups == [
        [Term(("Merz",)), Term(("Friedrich", "Merz")), Term(("Soldat",), prefix=True)],
        [Term(("Kiew",))],
    ]
    assert parsed.excluded == [Term(("Moskau",))]
    assert to_fts5(parsed) == (
        '(("Merz" AND "Friedrich Merz" AND "Soldat"*) OR ("Kiew")) NOT ("Moskau")'
    )
    assert to_tsquery(parsed) == (
        "((('Merz') & ('Friedrich' <-> 'Merz') & ('Soldat':*)) | (('Kiew'))) & !(('Moskau'))"
    )


@pytest.mark.parametrize(
    ("query", "fts5"),
    [
        ('"foo AND (', '(("foo AND"))'),
        ("foo AND (", '(("foo" AND "AND"))'),
        ("NEAR(a b)", '(("NEAR a" AND "b"))'),
        ("title:merz", '(("title merz"))'),
        ("foo_bar", '(("foo bar"))'),
        ("'; DROP TABLE articles; --", '(("DROP" AND "TABLE" AND "articles"))'),
        ('a"b', '(("a b"))'),
        ("^merz", '(("merz"))'),
        ("OR merz OR", '(("merz"))'),
        ("merz -", '(("merz"))'),
    ],
)
def test_hostile_text_becomes_quoted_words(query: str, fts5: str) -> None:
    assert to_fts5(parse_query(query)) == fts5


@pytest.mark.parametrize(
    "query", ["", "   ", "*", "-", '""', "()", "-merz", "OR", "_", "\x00", "🙂"]
)
def test_queries_without_words_match_nothing(query: str) -> None:
    parsed = parse_query(query)
    assert parsed.empty
    assert to_fts5(parsed) is None
    assert to_tsquery(parsed) is None


def test_tsquery_quotes_lexemes() -> None:
    # Words hold letters and digits only, but quoting is still applied.
    assert to_tsquery(parse_query("l'Ukraine")) == "((('l' <-> 'Ukraine')))"
    assert to_tsquery(parse_query("x*")) == "((('x':*)))"


def test_random_queries_are_valid_fts5() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, text)")
    conn.execute("INSERT INTO f VALUES ('Merz in Paris', 'Friedrich Merz sagte, es gehe um Kiew.')")
    rng = random.Random(20260106)
    alphabet = [*"\"'()*-+^:{}[]<>!&|\\/,.;%_~@#$ \t\n\x00üß", "AND", "OR", "NOT", "NEAR", "merz"]
    for _ in range(2000):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        match = to_fts5(parse_query(query))
        if match is not None:
            conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (match,)).fetchone()


def test_signature_packing_round_trips() -> None:
    signature = [0, 1, 2**32 - 1, 123456789]
    assert unpack_signature(pack_signature(signature)) == tuple(signature)
    assert len(pack_signature(signature)) == 16
