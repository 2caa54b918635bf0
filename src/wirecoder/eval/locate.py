"""Find gold strings (sentences, quote texts) as character spans in an article text.

Gold gives strings, predictions give spans; everything is compared on spans of the text
the predictions index into. A string is looked up exactly first, then ignoring
whitespace and the shape of quotation marks (SpkAtt gold is detokenised: ``„ Das``
for ``„Das``, sentences joined by a space where the text has a newline). A quote text
that is still not found (SpkAtt drops inserted cue phrases such as ", so Gall," or
appends the next sentence's first word) is aligned token by token near its sentence.
"""

from __future__ import annotations

import re
from difflib import Match, SequenceMatcher

from wirecoder.records import Span

_QUOTE_CHARS = "\"'„“”‚‘’«»‹›`´"
_QUOTE_TABLE = str.maketrans({c: '"' for c in _QUOTE_CHARS})
_TOKEN = re.compile(r"\w+|[^\w\s]")


def overlap(a: Span, b: Span) -> int:
    """Number of characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def iou(a: Span, b: Span) -> float:
    inter = overlap(a, b)
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


class TextIndex:
    """One article text prepared for repeated look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        norm = text.translate(_QUOTE_TABLE)
        self._positions = [i for i, ch in enumerate(norm) if not ch.isspace()]
        self._squeezed = "".join(norm[i] for i in self._positions)
        self._tokens: list[tuple[str, int, int]] | None = None

    def find_all(self, needle: str) -> list[Span]:
        """All spans of ``needle``: exact occurrences, else whitespace/quote-insensitive ones."""
        if not needle.strip():
            return []
        spans = _occurrences(self.text, needle)
        if spans:
            return spans
        squeezed = "".join(needle.translate(_QUOTE_TABLE).split())
        return [
            (self._positions[i], self._positions[i + len(squeezed) - 1] + 1)
            for i in _starts(self._squeezed, squeezed)
        ]

    def locate_quote(self, quote_text: str, sentence_spans: list[Span]) -> tuple[list[Span], str]:
        """Candidate spans for a gold quote and how they were found.

        The method is ``exact`` (the text occurs; occurrences inside the quote's sentence
        are preferred), ``aligned`` (token alignment near the sentence) or ``sentence``
        (nothing better: the sentence itself stands for the quote).
        """
        found = self.find_all(quote_text)
        if found:
            inside = [s for s in found if any(overlap(s, sent) for sent in sentence_spans)]
            return (inside or found), "exact"
        aligned: list[tuple[Span, int]] = []
        for sent in sentence_spans:
            hit = self._align(quote_text, sent)
            if hit is not None:
                aligned.append(hit)
        if aligned:
            best = max(score for _, score in aligned)
            return [span for span, score in aligned if score == best], "aligned"
        return list(sentence_spans), "sentence"

    def _align(self, quote_text: str, sentence: Span) -> tuple[Span, int] | None:
        """Align the quote's tokens to the text around ``sentence``; (span, tokens matched)."""
        qtoks = [_norm_token(m.group()) for m in _TOKEN.finditer(quote_text)]
        if not qtoks:
            return None
        reach = len(quote_text) + 20
        lo, hi = max(0, sentence[0] - reach), min(len(self.text), sentence[1] + reach)
        window = [t for t in self._all_tokens() if t[1] >= lo and t[2] <= hi]
        matcher = SequenceMatcher(None, qtoks, [t[0] for t in window], autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        # Single-token matches are noise unless the quote is tiny, or they continue a longer
        # block (next quote token, a few text tokens away: an inserted cue phrase).
        min_block = 2 if len(qtoks) >= 4 else 1
        core = [i for i, b in enumerate(blocks) if b.size >= min_block]
        if not core:
            return None
        first, last = core[0], core[-1]
        while first > 0 and _continues(blocks[first - 1], blocks[first]):
            first -= 1
        while last < len(blocks) - 1 and _continues(blocks[last], blocks[last + 1]):
            last += 1
        matched = sum(b.size for b in blocks[first : last + 1])
        if 2 * matched < len(qtoks):
            return None
        start, end = blocks[first], blocks[last]
        span = (window[start.b][1], window[end.b + end.size - 1][2])
        if not overlap(span, sentence):
            return None
        return span, matched

    def _all_tokens(self) -> list[tuple[str, int, int]]:
        if self._tokens is None:
            self._tokens = [
                (_norm_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(self.text)
            ]
        return self._tokens


def _continues(left: Match, right: Match, max_gap: int = 15) -> bool:
    """Are two alignment blocks adjacent in the quote and close in the text?"""
    return right.a - (left.a + left.size) <= 1 and right.b - (left.b + left.size) <= max_gap


def _norm_token(token: str) -> str:
    return token.translate(_QUOTE_TABLE).casefold()


def _starts(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    i = haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _occurrences(text: str, needle: str) -> list[Span]:
    return [(i, i + len(needle)) for i in _starts(text, needle)]
