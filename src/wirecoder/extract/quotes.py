"""Direct quotes, partial quotes and reported speech, each with its speaker.

Direct quotes are found from quotation marks over the whole text (they may span
sentences). Reported speech is found per sentence: a clause after a verb of saying
("betonte, dass ...", "bekräftigte, X wolle ..."), a clause before an inverted speech
clause ("..., sagte er"), and German continuation runs: sentences in Konjunktiv I after a
speaker was named belong to that speaker until the narrative voice returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wirecoder.extract.entities import EntityTable
from wirecoder.extract.grammar import (
    is_finite_verb,
    is_konjunktiv_i,
    is_verb,
    lemma_keys,
    reported_mood,
    tag,
    verb_lemma,
)
from wirecoder.extract.lexicon import SpeechLexicon
from wirecoder.records import Quote, Sentence, Span, Token

# Opening mark -> closing marks that may end it.
QUOTE_PAIRS: dict[str, tuple[str, ...]] = {
    "„": ("“", "”"),
    "“": ("”", "“"),
    "«": ("»",),
    "»": ("«",),
    '"': ('"',),
    "‚": ("‘", "’"),
}
MAX_QUOTE_CHARS = 4000
FINAL_PUNCT = ".!?"


@dataclass
class QuoteMark:
    """A span in quotation marks: ``inner`` excludes the marks."""

    outer: Span
    inner: Span


@dataclass
class SpeechAttribution:
    """Where a sentence says who speaks: the cue token and the speaker entity."""

    cue: str
    cue_index: int
    speaker: str | None


def find_quote_marks(text: str) -> list[QuoteMark]:
    """Pair quotation marks left to right; unpaired marks are ignored."""
    marks: list[QuoteMark] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        closers = QUOTE_PAIRS.get(ch)
        if closers is None or (ch == "‚" and not _opens_single(text, i)):
            i += 1
            continue
        limit = min(n, i + MAX_QUOTE_CHARS)
        j = i + 1
        found = -1
        while j < limit:
            if text[j] in closers and not (
                ch == "‚" and text[j] == "’" and _is_apostrophe(text, j)
            ):
                found = j
                break
            if text[j] == "„" and ch == "„":
                break  # a new opening mark before a closer: the first one was unpaired
            j += 1
        if found < 0 or found == i + 1:
            i += 1
            continue
        marks.append(QuoteMark(outer=(i, found + 1), inner=(i + 1, found)))
        i = found + 1
    return marks


def _opens_single(text: str, i: int) -> bool:
    return i + 1 < len(text) and not text[i + 1].isspace()


def _is_apostrophe(text: str, j: int) -> bool:
    return j + 1 < len(text) and text[j + 1].isalpha() and text[j - 1].isalpha()


def inside_any(sentence: Sentence, spans: Sequence[Span]) -> bool:
    return any(s < sentence.end and sentence.start < e for s, e in spans)


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> int | None:
    for idx, sent in enumerate(sentences):
        if sent.start <= offset < sent.end:
            return idx
    return None


def _speaker_in(
    tokens: Sequence[Token], lo: int, hi: int, entities: EntityTable, prefer_person: bool = True
) -> str | None:
    """First entity mentioned in tokens[lo:hi], people first."""
    if lo >= hi:
        return None
    start, end = tokens[lo].start, tokens[hi - 1].end
    found = entities.in_span(start, end)
    if not found:
        return None
    if prefer_person:
        for _s, _e, ent_id in found:
            ent = entities.by_id(ent_id)
            if ent is not None and ent.kind == "person":
                return ent_id
    return found[0][2]


# Tags that may make up a noun phrase naming a speaker (STTS and CLAWS C5).
NP_TAGS = frozenset(
    {
        "ART",
        "ADJA",
        "NN",
        "NE",
        "PPOSAT",
        "CARD",
        "FM",
        "TRUNC",
        "PIAT",
        "AT0",
        "AJ0",
        "AJC",
        "AJS",
        "NN0",
        "NN1",
        "NN2",
        "NP0",
        "DPS",
        "CRD",
        "ORD",
        "POS",
    }
)
HEAD_TAGS = frozenset({"NN", "NE", "FM", "NN0", "NN1", "NN2", "NP0"})
ARTICLE_TAGS = frozenset({"ART", "AT0", "PPOSAT", "DPS", "PIAT"})


def _noun_phrase(
    tokens: Sequence[Token], lo: int, hi: int, from_end: bool
) -> tuple[int, int] | None:
    """The noun phrase at the start (or end) of tokens[lo:hi], genitives included
    ("Ein Sprecher der Polizei"), as a token range without its leading article."""
    if lo >= hi:
        return None
    if from_end:
        k = hi - 1
        while k >= lo and tag(tokens[k]) in NP_TAGS:
            k -= 1
        start, end = k + 1, hi
    else:
        k = lo
        while k < hi and tag(tokens[k]) in NP_TAGS:
            k += 1
        start, end = lo, k
    while start < end and tag(tokens[start]) in ARTICLE_TAGS:
        start += 1
    if start >= end or not any(tag(t) in HEAD_TAGS for t in tokens[start:end]):
        return None
    if not tokens[start].text[:1].isupper():
        # "ersten Angaben": an adjective first is fine only before a capitalised head.
        while start < end and not tokens[start].text[:1].isupper():
            start += 1
        if start >= end:
            return None
    return start, end


def _adhoc_speaker(
    text: str, tokens: Sequence[Token], rng: tuple[int, int], entities: EntityTable
) -> str:
    start, end = tokens[rng[0]].start, tokens[rng[1] - 1].end
    has_name = any(tag(t) in {"NE", "NP0"} for t in tokens[rng[0] : rng[1]])
    return entities.add_adhoc(text[start:end], "person" if has_name else "group", start, end)


def _clause_end(tokens: Sequence[Token], start: int) -> int:
    for k in range(start, len(tokens)):
        if (
            tokens[k].text in {",", ";", ":", "“", "”", "„", '"', "«", "»"}
            or tokens[k].text in FINAL_PUNCT
        ):
            return k
    return len(tokens)


def _clause_start(tokens: Sequence[Token], end: int) -> int:
    for k in range(end - 1, -1, -1):
        if tokens[k].text in {",", ";", ":", "“", "”", "„", '"', "«", "»"}:
            return k + 1
    return 0


class QuoteFinder:
    """Finds quotes in one analysed article; data comes from a :class:`SpeechLexicon`."""

    def __init__(self, lexicon: SpeechLexicon) -> None:
        self.lexicon = lexicon
        self.german = lexicon.language == "de"

    # -- speech cues -------------------------------------------------------------------
    def speech_verbs(self, tokens: Sequence[Token]) -> list[tuple[int, str]]:
        out = []
        for i, tok in enumerate(tokens):
            if not is_verb(tok):
                continue
            joined = verb_lemma(tokens, i) if self.german else (tok.lemma or tok.text.lower())
            for key in lemma_keys(joined):
                if self.lexicon.is_speech_verb(key):
                    out.append((i, tok.text))
                    break
        return out

    def attribution(
        self,
        tokens: Sequence[Token],
        entities: EntityTable,
        skip: Span | None = None,
        text: str | None = None,
    ) -> SpeechAttribution | None:
        """The speech verb of the sentence and its speaker (subject before or after it)."""
        for index, cue in self.speech_verbs(tokens):
            if skip is not None and skip[0] <= tokens[index].start < skip[1]:
                continue
            # Subject after the verb ("sagte Merz", "verwies der Premierminister X darauf"),
            # else before it in the same clause ("Merz sagte").
            after = _speaker_in(tokens, index + 1, _clause_end(tokens, index + 1), entities)
            before = _speaker_in(tokens, _clause_start(tokens, index), index, entities)
            # German V2: a subject before a finite verb ("Merz sagte"), else the one after
            # it ("sagte Merz"); English SVO: before, else after ("said Merz").
            if self.german and not is_finite_verb(tokens[index]):
                speaker = after or before
            else:
                speaker = before or after
            if speaker is None and text is not None:
                speaker = self._unknown_speaker(text, tokens, index, entities)
            return SpeechAttribution(cue=cue, cue_index=index, speaker=speaker)
        return None

    def _unknown_speaker(
        self, text: str, tokens: Sequence[Token], index: int, entities: EntityTable
    ) -> str | None:
        """A speaker the knowledge base does not know: the noun phrase right after the
        verb ("sagte ein Sprecher der Polizei") or before it ("Die Polizei teilte mit")."""
        after = _noun_phrase(tokens, index + 1, _clause_end(tokens, index + 1), from_end=False)
        before = _noun_phrase(tokens, _clause_start(tokens, index), index, from_end=True)
        order = (before, after) if is_finite_verb(tokens[index]) else (after, before)
        for rng in order:
            if rng is not None:
                return _adhoc_speaker(text, tokens, rng, entities)
        return None

    def source_phrase(
        self, tokens: Sequence[Token], entities: EntityTable, text: str | None = None
    ) -> str | None:
        """The entity named by "nach Angaben von X", "laut X", "X zufolge", "according to X"."""
        words = [t.text.lower() for t in tokens]
        for phrase in self.lexicon.source_phrases:
            size = len(phrase)
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) != phrase:
                    continue
                hi = min(len(tokens), i + size + 6)
                speaker = _speaker_in(tokens, i + size, hi, entities)
                if speaker is None and text is not None:
                    rng = _noun_phrase(tokens, i + size, _clause_end(tokens, i + size), False)
                    if rng is not None:
                        speaker = _adhoc_speaker(text, tokens, rng, entities)
                if speaker:
                    return speaker
        for i, word in enumerate(words):
            if word in self.lexicon.postpositions and i > 0:
                speaker = _speaker_in(tokens, max(0, i - 5), i, entities)
                if speaker is None and text is not None:
                    rng = _noun_phrase(tokens, _clause_start(tokens, i), i, True)
                    if rng is not None:
                        speaker = _adhoc_speaker(text, tokens, rng, entities)
                if speaker:
                    return speaker
        return None

    # -- main entry --------------------------------------------------------------------
    def find(self, text: str, sentences: Sequence[Sentence], entities: EntityTable) -> list[Quote]:
        quotes: list[Quote] = []
        marks = find_quote_marks(text)
        direct_spans: list[Span] = []
        speaker_by_sentence: dict[int, str] = {}
        partial_marks: list[QuoteMark] = []

        for mark in marks:
            result = self._direct(text, sentences, mark, entities)
            if result is None:
                partial_marks.append(mark)
                continue
            quote, sent_idx = result
            quotes.append(quote)
            direct_spans.append(mark.outer)
            if quote.speaker and sent_idx is not None:
                speaker_by_sentence[sent_idx] = quote.speaker

        indirect = self._reported(text, sentences, entities, direct_spans)
        quotes.extend(indirect)

        # Quoted fragments inside reported speech are partial quotes of that speaker.
        for mark in partial_marks:
            owner = next(
                (q for q in indirect if q.span[0] <= mark.inner[0] and mark.inner[1] <= q.span[1]),
                None,
            )
            if owner is None or len(text[mark.inner[0] : mark.inner[1]].split()) < 2:
                continue  # scare quotes or names in the narrative voice
            quotes.append(
                Quote(
                    id="",
                    speaker=owner.speaker,
                    kind="partial",
                    text=text[mark.inner[0] : mark.inner[1]],
                    span=mark.inner,
                    cue=owner.cue,
                )
            )

        quotes.sort(key=lambda q: (q.span[0], q.span[1]))
        for n, quote in enumerate(quotes, start=1):
            quote.id = f"q{n}"
        return quotes

    def _direct(
        self, text: str, sentences: Sequence[Sentence], mark: QuoteMark, entities: EntityTable
    ) -> tuple[Quote, int | None] | None:
        """A quotation is direct speech when a speech clause is attached to it or when it
        stands as a sentence of its own; otherwise it is a fragment (decided later)."""
        inner_text = text[mark.inner[0] : mark.inner[1]]
        first = _sentence_of(sentences, mark.outer[0])
        last = _sentence_of(sentences, max(mark.outer[0], mark.outer[1] - 1))
        if first is None:
            return None
        attributed: SpeechAttribution | None = None
        for idx in {first, last if last is not None else first}:
            tokens = sentences[idx].tokens
            attributed = (
                self.attribution(tokens, entities, skip=mark.inner, text=text) or attributed
            )
            if attributed and attributed.speaker:
                break
        sent_first = sentences[first]
        sent_last = sentences[last] if last is not None else sent_first
        standalone = mark.outer[0] <= sent_first.start + 1 and (
            mark.outer[1] >= sent_last.end - 1
            or inner_text.rstrip()[-1:] in FINAL_PUNCT
            or text[mark.outer[1] : mark.outer[1] + 1] in FINAL_PUNCT
        )
        whole_clause = inner_text.rstrip()[-1:] in FINAL_PUNCT or len(inner_text.split()) >= 4
        if attributed is None and not standalone:
            return None
        if (
            attributed is not None
            and not (whole_clause or standalone)
            and not self._adjacent(text, mark, sentences[first])
        ):
            return None
        speaker = attributed.speaker if attributed else None
        if speaker is None:
            speaker = entities.person_before(mark.outer[0])
        quote = Quote(
            id="",
            speaker=speaker,
            kind="direct",
            text=inner_text,
            span=mark.inner,
            cue=attributed.cue if attributed else None,
        )
        return quote, first

    def _adjacent(self, text: str, mark: QuoteMark, sentence: Sentence) -> bool:
        """The speech clause touches the quote: '„…“, sagte X' or 'X sagte: „…“'."""
        after = text[mark.outer[1] : mark.outer[1] + 3].lstrip()
        before = text[max(sentence.start, mark.outer[0] - 2) : mark.outer[0]].rstrip()
        return after[:1] in {",", "."} or before.endswith(":")

    def _reported(
        self,
        text: str,
        sentences: Sequence[Sentence],
        entities: EntityTable,
        direct_spans: list[Span],
    ) -> list[Quote]:
        quotes: list[Quote] = []
        speaker: str | None = None
        cue: str | None = None
        previous_was_quote = False
        paragraph = -1
        for sent in sentences:
            tokens = sent.tokens
            previous_paragraph, paragraph = paragraph, sent.paragraph
            if sent.is_heading or not tokens:
                speaker, previous_was_quote = None, False
                continue
            inside_direct = any(s <= sent.start and sent.end <= e + 1 for s, e in direct_spans)
            if inside_direct:
                previous_was_quote = False
                continue
            attr = self.attribution(tokens, entities, text=text)
            clause = self._speech_clause(text, tokens, attr, direct_spans) if attr else None
            if attr is not None and attr.speaker is not None:
                speaker, cue = attr.speaker, attr.cue
                previous_was_quote = clause is not None
                if clause is not None:
                    quote_text = text[clause[0] : clause[1]]
                    quotes.append(
                        Quote(
                            id="",
                            speaker=speaker,
                            kind="indirect",
                            text=quote_text,
                            span=clause,
                            cue=attr.cue,
                        )
                    )
                continue
            mood = reported_mood(tokens, self.lexicon.subjunctive_ii) if self.german else "ind"
            source = self.source_phrase(tokens, entities, text)
            if source is not None:
                speaker, cue, previous_was_quote = source, None, False
                if mood in {"k1", "k2"} and not inside_any(sent, direct_spans):
                    # "Nach Angaben der Polizei habe der Mann ...": reported in the sentence.
                    span = (sent.start, sent.end)
                    quotes.append(
                        Quote(id="", speaker=speaker, kind="indirect", text=sent.text, span=span)
                    )
                    previous_was_quote = True
                continue
            if not self.german:
                speaker = None
                continue
            # An ambiguous weak past ("fehlten") continues a run only inside its paragraph.
            same_paragraph = sent.paragraph == previous_paragraph
            continues = mood in {"k1", "k2"} or (
                mood == "past" and previous_was_quote and same_paragraph
            )
            if continues and speaker is not None:
                span = (sent.start, sent.end)
                quotes.append(
                    Quote(
                        id="", speaker=speaker, kind="indirect", text=sent.text, span=span, cue=cue
                    )
                )
                previous_was_quote = True
                continue
            if speaker is not None and self._about_speaker(tokens, entities, speaker):
                previous_was_quote = False
                continue  # "Auch er warf ... vor": the speaker acts, the run goes on
            speaker, previous_was_quote = None, False
        return quotes

    def _about_speaker(self, tokens: Sequence[Token], entities: EntityTable, speaker: str) -> bool:
        for tok in tokens[:4]:
            if tok.text.lower() in self.lexicon.pronouns:
                found = entities.in_span(tok.start, tok.end)
                if found and found[0][2] == speaker:
                    return True
        return False

    def _speech_clause(
        self,
        text: str,
        tokens: Sequence[Token],
        attr: SpeechAttribution,
        direct_spans: list[Span],
    ) -> Span | None:
        """The reported clause of a speech verb, as a character span, if there is one."""
        idx = attr.cue_index
        # "Wie die Polizei mitteilte, ..." / "As the minister said, ...": the main clause.
        if tokens[0].text.lower() in {"wie", "as"}:
            comma = next((k for k in range(1, len(tokens)) if tokens[k].text == ","), None)
            if comma is not None and idx < comma and comma + 1 < len(tokens):
                return self._to_sentence_end(tokens, comma + 1, direct_spans)
        # Clause after the cue: "betonte, dass ...", "verwies darauf, dass ...",
        # "bekräftigte, X wolle ...", "said (that) ...".
        for k in range(idx + 1, len(tokens)):
            tok = tokens[k]
            if tok.text in {"„", "“", '"', "«", "»"}:
                break
            if tok.text.lower() in self.lexicon.complementizers:
                return self._to_sentence_end(tokens, k, direct_spans)
            if tok.text == "," and k + 1 < len(tokens):
                nxt = tokens[k + 1]
                if nxt.text.lower() in self.lexicon.complementizers:
                    return self._to_sentence_end(tokens, k + 1, direct_spans)
                if self.german and self._clause_has_subjunctive(tokens[k + 1 :]):
                    return self._to_sentence_end(tokens, k + 1, direct_spans)
                break
        if not self.german and idx + 1 < len(tokens):
            # English "said the talks were over" without "that".
            nxt = tokens[idx + 1]
            if nxt.text[:1].isalpha() and nxt.text.lower() not in {"on", "in", "at", "by", "to"}:
                rest = tokens[idx + 1 :]
                if any(is_finite_verb(t) for t in rest):
                    return self._to_sentence_end(tokens, idx + 1, direct_spans)
        # Clause before an inverted cue: "..., sagte er", "..., he said".
        if idx >= 2 and tokens[idx - 1].text == ",":
            start = tokens[0].start
            end = tokens[idx - 1].start
            if any(s < end and start < e for s, e in direct_spans):
                return None
            return (start, end)
        return None

    def _clause_has_subjunctive(self, tokens: Sequence[Token]) -> bool:
        for tok in tokens:
            if is_finite_verb(tok) and (
                is_konjunktiv_i(tok.text, tok.lemma)
                or tok.text.lower() in self.lexicon.subjunctive_ii
            ):
                return True
        return False

    def _to_sentence_end(
        self, tokens: Sequence[Token], k: int, direct_spans: list[Span]
    ) -> Span | None:
        last = len(tokens) - 1
        while last > k and tokens[last].text in FINAL_PUNCT:
            last -= 1
        span = (tokens[k].start, tokens[last].end)
        for s, e in direct_spans:
            if s <= span[0] and span[1] <= e:
                return None
        return span
