"""Tokenizer with exact code point offsets.

Words keep hyphenated compounds whole ("US-Sondergesandte", "NATO-Gebiet", "Ein-" before
"und"), numbers keep inner ``.``/``,``/``:`` between digits ("5.000", "2,5", "10:30"),
URLs and e-mail addresses are one token, every other punctuation or quote mark is a token
of its own ("...", "…", "``", "''" and "--" are one). Abbreviations keep their period
("Dr.", "u.a.", "U.S."), so do initials before a name ("J.") and German ordinals
("6. Januar", "2. Weltkrieg", "XVI."): a period that the splitter left inside a sentence
after a number is an ordinal.
English clitics are split as the English tagger expects ("did" "n't", "Putin" "'s").
"""

from __future__ import annotations

import re

from wirecoder.nlp.langdata import LangData, lang_data
from wirecoder.records import Token

_SPACE = r"\s\ufeff\u200b\u200c\u200d\u2060"
# A character of a URL, and one that may end it (no trailing punctuation).
_URL_CH = "[^" + _SPACE + '<>"“”„»«]'
_URL_END = "[^" + _SPACE + "<>\"“”„»«.,;:!?'’)\\]]"
_TLD = "de|com|org|net|at|ch|eu|uk|gov|int|info|io|ru|ua|fr|it"

_TOKEN = re.compile(
    rf"""
    (?P<url>(?:https?://|ftp://|www\.){_URL_CH}*{_URL_END})
  | (?P<email>[\w.+\-]+@\w[\w\-]*(?:\.[\w\-]+)+)
  | (?P<domain>\w[\w\-]*(?:\.[\w\-]+)*\.(?:{_TLD})(?![\w\-])(?:/{_URL_CH}*{_URL_END})?)
  | (?P<initials>(?:[^\W\d_]\.){{2,}}(?:-\w+(?:-\w+)*)?)
  | (?P<word>\w+(?:(?:[\-‐‑\u00ad]|(?<=\d)[.,:/](?=\d)|['’](?=\w))\w+)*
       (?:-(?=\s*(?:,|und\b|oder\b|bis\b|sowie\b|bzw\.|wie\b|and\b|or\b|to\b)))?)
  | (?P<multi>\.{{2,}}|…|``|''|-{{2,}})
  | (?P<punct>[^{_SPACE}])
    """,
    re.VERBOSE,
)
_ROMAN = re.compile(r"[IVXLC]{2,}")
_CLITIC = re.compile(r"(?i)(?:n['’]t|['’](?:s|re|ve|ll|d|m))$")


def _clitic_split(word: str) -> int:
    """Length of the English host word when ``word`` ends in a clitic, else 0."""
    m = _CLITIC.search(word)
    if m is None or m.start() == 0:
        return 0
    return m.start()


def tokenize(text: str, start: int, end: int, language: str) -> list[Token]:
    """Tokens of ``text[start:end]``; ``text[t.start:t.end] == t.text`` for each."""
    data = lang_data(language)
    german = data.language == "de"
    out: list[Token] = []
    matches = list(_TOKEN.finditer(text, start, end))
    # Multi-part abbreviations from the word lists ("Dipl.-Ing.") win over the regex.
    fixed: dict[int, int] = {}
    if data.multipart is not None:
        for m in data.multipart.finditer(text, start, end):
            fixed[m.start()] = m.end()
    i = 0
    n = len(matches)
    while i < n:
        m = matches[i]
        s, e = m.start(), m.end()
        if s in fixed and fixed[s] > e:
            e = fixed[s]
            out.append(Token(text[s:e], s, e))
            i += 1
            while i < n and matches[i].start() < e:
                i += 1
            continue
        kind = m.lastgroup
        if kind == "word":
            word = m.group()
            followed_by_period = (
                i + 1 < n
                and matches[i + 1].start() == e
                and text[e] == "."
                and matches[i + 1].end() == e + 1
            )
            if followed_by_period and _keeps_period(text, word, e, end, data, german):
                out.append(Token(text[s : e + 1], s, e + 1))
                i += 2
                continue
            if not german and ("'" in word or "’" in word):
                host = _clitic_split(word)
                if host:
                    out.append(Token(word[:host], s, s + host))
                    out.append(Token(word[host:], s + host, e))
                    i += 1
                    continue
        out.append(Token(m.group(), s, e))
        i += 1
    return out


def _keeps_period(text: str, word: str, dot: int, end: int, data: LangData, german: bool) -> bool:
    """Whether the period at ``dot`` right after ``word`` belongs to the word."""
    abbr = word + "."
    at_end = dot + 1 >= end or _only_closers_after(text, dot + 1, end)
    if at_end:
        # Sentence-final: only an unambiguous abbreviation keeps its period ("usw.").
        return abbr in data.abbreviations and word[:1].islower()
    if data.is_abbreviation(abbr):
        return True
    if len(word) == 1 and word.isalpha():
        return True  # initials, "z. B."
    # ordinal: the splitter did not end the sentence here
    return german and ((word.isdigit() and len(word) <= 3) or bool(_ROMAN.fullmatch(word)))


def _only_closers_after(text: str, pos: int, end: int) -> bool:
    while pos < end:
        if text[pos] not in "\"'„“”‚‘’»«›‹)]}":
            return False
        pos += 1
    return True
