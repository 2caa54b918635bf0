"""Rule-based sentence splitter for German and English news wire text.

Layout first, punctuation second:

* The text is cut into *blocks* at blank lines. A block whose lines look hard-wrapped
  (similar widths, mostly ending without punctuation) is one paragraph; otherwise every
  line is its own paragraph (Wikinews/JSONL style, one paragraph or sentence a line).
* A paragraph that is a single line without final punctuation and holds a single
  sentence is a subheading (``is_heading=True``), unless it starts lower case, has no
  letter or digit (a stray quote mark) or runs over 25 words.
* Inside a paragraph a sentence ends at ``. ! ? …`` plus any closing quotes/brackets
  glued to it, when whitespace and a plausible sentence start follow. A period after a
  title ("Dr.", "Mr.") never ends a sentence; after another abbreviation, an initial, a
  German ordinal or a roman numeral it does only before a typical sentence starter
  ("Der", "The"); German "am 6. Januar", "der 2. Weltkrieg", "6. 1. 2026" stay together.
"""

from __future__ import annotations

import re

from wirecoder.nlp.langdata import LangData, lang_data
from wirecoder.records import Sentence

# Quotation marks of every style, and what may follow sentence-final punctuation.
QUOTES = "\"'„“”‚‘’»«›‹"
CLOSERS = QUOTES + ")]}"
OPENERS = QUOTES + "([{"
# Characters treated as whitespace: str.isspace() plus BOM and zero-width marks.
_EXTRA_SPACE = "\ufeff\u200b\u200c\u200d\u2060"
WS = r"[\s\ufeff\u200b\u200c\u200d\u2060]"

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_CANDIDATE = re.compile(r"[.!?…]+[" + re.escape(CLOSERS) + r"]*")
_NEXT_WORD = re.compile(r"[\w][\w.'’\-]*")
_MULTI_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ROMAN = re.compile(r"[IVXLC]{2,}")
_FINAL_PUNCT = ".!?…:;,"


def is_space(ch: str) -> bool:
    return ch.isspace() or ch in _EXTRA_SPACE


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, stripped; (i, i) for blank lines."""
    out = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        out.append(_strip(text, pos, m.start()))
        pos = m.end()
    out.append(_strip(text, pos, len(text)))
    return out


def _ends_with_final_punct(text: str, start: int, end: int) -> bool:
    i = end
    while i > start and (text[i - 1] in CLOSERS or is_space(text[i - 1])):
        i -= 1
    return i > start and text[i - 1] in _FINAL_PUNCT


def _looks_like_heading(text: str, start: int, end: int) -> bool:
    """A line without final punctuation that starts like a title: its first letter or
    digit is not lower case, and it has at most 25 words."""
    if _ends_with_final_punct(text, start, end):
        return False
    for ch in text[start:end]:
        if ch.isalnum():
            if ch.islower():
                return False
            break
    else:
        return False  # only punctuation: a stray quote mark
    return len(text[start:end].split()) <= 25


def _is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether a multi-line block is one hard-wrapped paragraph."""
    lens = [e - s for s, e in lines]
    body = lens[:-1]
    width = max(body)
    if width < 40 or width > 130 or min(body) < 0.5 * width or lens[-1] > width + 15:
        return False
    open_lines = sum(1 for s, e in lines[:-1] if not _ends_with_final_punct(text, s, e))
    return open_lines * 2 > len(body)


def paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, single_line) of each paragraph, stripped, in text order."""
    out: list[tuple[int, int, bool]] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        if not block:
            return
        if len(block) > 1 and _is_wrapped(text, block):
            out.append((block[0][0], block[-1][1], False))
        else:
            out.extend((s, e, True) for s, e in block)
        block.clear()

    for start, end in _lines(text):
        if start == end:
            flush()
        else:
            block.append((start, end))
    flush()
    return out


def _word_before(text: str, start: int, pos: int) -> tuple[str, int]:
    """The whitespace-delimited word ending at ``pos`` and where it starts."""
    i = pos
    while i > start and not is_space(text[i - 1]):
        i -= 1
    return text[i:pos], i


def _is_boundary(
    text: str, start: int, cur: int, cand: re.Match[str], nxt: int, data: LangData
) -> bool:
    """Whether the terminal punctuation in ``cand`` ends a sentence; ``start`` is where
    the paragraph starts, ``cur`` the current sentence, ``nxt`` where the following text
    starts (after whitespace)."""
    first = text[nxt]
    if first.islower():
        return False
    if first in ",;:":
        return False
    punct = cand.group().rstrip(CLOSERS)
    if cand.start() > start and text[cand.start() - 1] in "[(":
        return False  # "[...]" / "(...)": an omission, not an end
    if punct != ".":
        return True  # ! ? … ... ?! — the next word is not lowercase
    if len(cand.group()) > 1:
        # "... aus.“ Dann", "(siehe unten.) Dann": the period ended a quoted or
        # bracketed sentence, not an abbreviation.
        return True
    raw, raw_start = _word_before(text, start, cand.start())
    word = raw.lstrip(OPENERS)
    if not word or not (word[-1].isalnum()):
        return True
    abbr = word + "."
    if "-" in word[:-1]:  # "Doninikus-Zimmermann-Str."
        last = word[word.rindex("-") + 1 :] + "."
        if data.is_abbreviation(last):
            abbr = last
    if data.is_title(abbr):
        return False
    j = nxt
    while j < len(text) and text[j] in OPENERS:
        j += 1
    m = _NEXT_WORD.match(text, j)
    nword = m.group().rstrip(".") if m else ""
    starter = nword in data.sentence_starters
    if data.is_abbreviation(abbr) or _MULTI_INITIALS.fullmatch(word):
        return starter
    if len(word) == 1 and word.isalpha():
        return starter  # initial ("Donald J. Trump"), "z. B."
    if word.isdigit():
        if raw_start == cur:
            return False  # list label: "2. Soziale Bewegungen ..."
        if data.language != "de":
            return True
        if nword in data.months or (nword + ".") in data.months or nword in data.ordinal_nouns:
            return False
        if first.isdigit() and len(word) <= 2 and int(word) <= 31:
            return False  # 6. 1. 2026
        if starter:
            return True
        prev, _ = _word_before(text, start, max(start, raw_start - 1))
        prev = prev.strip(OPENERS + CLOSERS).lower()
        return not (len(word) <= 3 and prev in data.ordinal_before)
    if _ROMAN.fullmatch(word):
        prev, _ = _word_before(text, start, max(start, raw_start - 1))
        prev = prev.strip(OPENERS + CLOSERS)
        if prev[:1].isupper() or prev.lower() in data.ordinal_before:
            return starter  # "Benedikt XVI.", "Elizabeth II.", "der XX. Kategorie"
    return True


def _split_paragraph(text: str, start: int, end: int, data: LangData) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cur = start
    pos = start
    while True:
        cand = _CANDIDATE.search(text, pos, end)
        if cand is None:
            break
        pos = cand.end()
        if pos < end and not is_space(text[pos]):
            continue  # "5.000", "U.S.-led", "www.x.de"
        sent_end = pos
        nxt = pos
        while True:
            while nxt < end and is_space(text[nxt]):
                nxt += 1
            # A quote mark standing free after the punctuation closes the quotation:
            # 'aus. “ Dann' keeps the mark in this sentence.
            if (
                nxt < end
                and text[nxt] in QUOTES
                and (nxt + 1 == end or is_space(text[nxt + 1]) or text[nxt + 1] in ",.;:!?)")
            ):
                nxt += 1
                sent_end = nxt
                continue
            break
        if nxt >= end:
            break
        if _is_boundary(text, start, cur, cand, nxt, data):
            spans.append((cur, sent_end))
            cur = nxt
        pos = max(pos, nxt)
    spans.append(_strip(text, cur, end))
    return [s for s in spans if s[1] > s[0]]


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Split ``text`` into sentences (without tokens).

    ``start``/``end`` are code point offsets with ``text[start:end] == sentence.text``,
    trimmed of surrounding whitespace; ``paragraph`` counts paragraphs from 0 (a
    subheading is a paragraph of its own)."""
    data = lang_data(language)
    out: list[Sentence] = []
    for index, (p_start, p_end, single_line) in enumerate(paragraphs(text)):
        spans = _split_paragraph(text, p_start, p_end, data)
        heading = single_line and len(spans) == 1 and _looks_like_heading(text, p_start, p_end)
        for s, e in spans:
            out.append(
                Sentence(start=s, end=e, text=text[s:e], is_heading=heading, paragraph=index)
            )
    return out
