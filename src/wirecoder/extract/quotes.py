"""Direct quotes, partial quotes and reported speech, each with its speaker.

The finder works per article, sentence by sentence, in text order:

* **Quotation marks** are paired over the whole text (a quote may span sentences). A
  quotation that stands at clause level ("„…“, sagte X", "X sagte: „…“", a sentence of
  its own) is a *direct* quote; one embedded in running text ("bezeichnete das als
  „absurd“", "die „den Weg … ebne“") is a *partial* quote when it lies in reported
  speech or in a sentence with a speech cue, and is ignored otherwise (scare quotes,
  titles).
* **Speech cues** are verbs of saying (``lang/<xx>/speech.yaml``), source phrases ("nach
  Angaben der Polizei", "laut X", "X zufolge", "according to X"), "…, so X" and "wie X
  mitteilte". Each cue gets a speaker, the subject of its clause (German V2: the Vorfeld
  when it is a noun phrase, else the noun phrase after the finite verb; English: before
  the verb, "said X" after it), and, where there is one, the reported clause: a
  dass/ob clause, a clause in Konjunktiv after a comma, a zu-infinitive after verbs that
  announce, English "said (that) …", or the clause before an inverted cue ("…, sagte X",
  "…, X said").
* **Continuation runs** (German): a sentence whose main clause is in Konjunktiv I (or a
  Konjunktiv II / reportative "sollen" substitute right after reported speech) belongs to
  the speaker of the run, until the narrative voice returns.

Speakers are entities of the :class:`EntityTable`: a person named in the subject, a known
actor when the subject is just its name, else an ad-hoc entity named by the noun phrase
("Ein Sprecher der Polizei", "U.S. State Department"), carrying the code of the actor it
contains. Subject pronouns and definite role nouns ("der SPD-Politiker") refer back to
the last person who was a subject or a speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from wirecoder.extract.entities import EntityTable
from wirecoder.extract.grammar import (
    FINITE_TAGS,
    is_konjunktiv_i,
    is_reportative_modal,
    is_weak_past,
    lemma_keys,
    main_finite_verb,
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
QUOTE_CHARS = frozenset('„“”«»"‚‘’')
_OPENERS = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")
MAX_QUOTE_CHARS = 4000
FINAL_PUNCT = ".!?"
CLAUSE_PUNCT = frozenset({",", ";", ":", "–", "—", "-", "(", ")"})
LEFT_OPEN = frozenset(",:;([–—-")
# Tags that cannot open the reported clause after "said" (English).
NOT_CLAUSE_START_EN = frozenset(
    {"PRP", "TO0", "CJC", "CJS", "AVP", "PRF", "PUN", "PUQ", "VVG", "VVN"}
)

# Tag classes (STTS for German, CLAWS C5 for English).
DET_TAGS = frozenset({"ART", "PPOSAT", "PIAT", "PDAT", "PIDAT", "AT0", "DPS", "DT0"})
MOD_TAGS = frozenset({"ADJA", "CARD", "AJ0", "AJC", "AJS", "ORD", "CRD"})
NOUN_TAGS = frozenset({"NN", "NE", "FM", "TRUNC", "NN0", "NN1", "NN2", "NP0"})
NAME_TAGS = frozenset({"NE", "NP0", "FM"})
CORE_TAGS = MOD_TAGS | NOUN_TAGS | frozenset({"POS"})
SUBJECT_PRONOUN_TAGS = frozenset({"PPER", "PNP", "PDS"})
SKIP_AFTER_VERB = frozenset({"ADV", "PRF", "PTKNEG", "AV0", "XX0", "ADJD"})
ENGLISH_AUX = frozenset(
    {"VBZ", "VBD", "VBB", "VHZ", "VHD", "VHB", "VDZ", "VDD", "VDB", "VM0", "VBI", "VBN", "VHI"}
)
GENITIVE_ARTICLES = frozenset({"des", "der", "eines", "einer"})
OBJECT_ARTICLES = frozenset({"dem", "den", "einem", "einen"})
SUBORDINATE_TAGS = frozenset({"KOUS", "PWAV", "KOUI", "CJS"})
RELATIVE_TAGS = frozenset({"PRELS", "PRELAT", "PNQ"})
COORDINATORS = frozenset({"und", "aber", "sondern", "and", "but"})
INDEFINITE_ARTICLES = frozenset({"a", "an", "ein", "eine", "einer", "eines", "einem", "einen"})
NON_SUBJECT_PRONOUNS = frozenset({"es", "it", "man", "das", "dies", "this", "there"})


@dataclass
class QuoteMark:
    """A span in quotation marks: ``inner`` excludes the marks."""

    outer: Span
    inner: Span


@dataclass
class Cue:
    """A speech cue in one sentence: where it is, who speaks, and what they said."""

    kind: str  # verb | source | marker
    index: int  # token index of the cue word
    word: str
    speaker: str | None
    content: Span | None = None
    clause: tuple[int, int] = (0, 0)  # token range of the cue's own clause


@dataclass
class _Run:
    """The speaker of a run of reported speech and whether the last sentence was quoted."""

    speaker: str | None = None
    cue: str | None = None
    quoted: bool = False


@dataclass
class _Context:
    """Per-article state of a :meth:`QuoteFinder.find` run."""

    text: str
    sentences: Sequence[Sentence]
    entities: EntityTable
    direct_marks: list[QuoteMark] = field(default_factory=list)
    # (offset, person entity id) of subjects and speakers, in text order.
    salient: list[tuple[int, str]] = field(default_factory=list)
    last_speaker: str | None = None
    starts: list[int] = field(default_factory=list)
    masks: dict[int, list[bool]] = field(default_factory=dict)
    # Every speaker so far, in text order (for "der Sprecher" after "ein Sprecher der X").
    speakers: list[str] = field(default_factory=list)
    # Entities named by source phrases ("nach Angaben der Polizei"): events cite them.
    sources: set[str] = field(default_factory=set)
    # Subject noun phrases of main clauses: (offset, tokens, (start, core end, end)).
    subject_nps: list[tuple[int, Sequence[Token], tuple[int, int, int]]] = field(
        default_factory=list
    )

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.sentences[k].end:
            return k
        return None


def find_quote_marks(text: str) -> list[QuoteMark]:
    """Pair quotation marks left to right; unpaired marks are ignored."""
    marks: list[QuoteMark] = []
    n = len(text)
    position = 0
    for match in _OPENERS.finditer(text):
        i = match.start()
        if i < position:
            continue
        ch = text[i]
        if ch == "‚" and not _opens_single(text, i):
            continue
        limit = min(n, i + MAX_QUOTE_CHARS)
        found = -1
        for closer in QUOTE_PAIRS[ch]:
            j = text.find(closer, i + 1, limit)
            while j >= 0 and ch == "‚" and text[j] == "’" and _is_apostrophe(text, j):
                j = text.find(closer, j + 1, limit)
            if j >= 0 and (found < 0 or j < found):
                found = j
        if ch == "„" and found >= 0:
            reopen = text.find("„", i + 1, found)
            if reopen >= 0:
                continue  # a new opening mark before a closer: the first one was unpaired
        if found < 0 or found == i + 1:
            continue
        marks.append(QuoteMark(outer=(i, found + 1), inner=(i + 1, found)))
        position = found + 1
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


def _is_word(token: Token) -> bool:
    return token.text[:1].isalnum()


def _strip_span(text: str, start: int, end: int) -> Span:
    """Trim white space and trailing clause punctuation from a character span."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


class QuoteFinder:
    """Finds quotes in one analysed article; data comes from a :class:`SpeechLexicon`."""

    def __init__(self, lexicon: SpeechLexicon) -> None:
        self.lexicon = lexicon
        self.german = lexicon.language != "en"
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in lexicon.source_phrases:
            if len(phrase) > 1:
                self._phrases.setdefault(phrase[0], []).append(phrase)
        # Tags corrected for names, by token identity (see _fix_tags).
        self._fixed: dict[int, str] = {}

    def _verb(self, token: Token) -> bool:
        return self._tg(token).startswith("V")

    def _finite(self, token: Token) -> bool:
        return self._tg(token) in FINITE_TAGS

    def _tg(self, token: Token) -> str:
        """The token's tag, with unknown names that HanTa tags as verbs corrected."""
        value = self._fixed.get(id(token))
        if value is None:
            value = self._fixed[id(token)] = tag(token)
        return value

    def _fix_tags(self, sentences: Sequence[Sentence]) -> None:
        """A capitalised word tagged as a verb is a name ("Stubb", "Moser") unless it
        opens the sentence or a quotation; in German a capitalised word right after a
        name is its next part ("Gitta Trauernicht")."""
        self._fixed = {}
        for sent in sentences:
            tokens = sent.tokens
            for k, tok in enumerate(tokens):
                if not tok.text[:1].isupper():
                    continue
                value = tag(tok)
                if k == 0:
                    # "Henk/VVIMP Jaap Meijer": news sentences do not open with an
                    # imperative; a name does.
                    if value == "VVIMP" and len(tokens) > 1 and tokens[1].text[:1].isupper():
                        self._fixed[id(tok)] = "NE"
                    continue
                prev = tokens[k - 1]
                if not _is_word(prev) and (self.german or prev.text != ","):
                    continue
                if value.startswith("V") or value in {"ADV", "ADJD", "AV0"}:
                    self._fixed[id(tok)] = "NE" if self.german else "NP0"
                elif (
                    self.german
                    and value == "NN"
                    and self._tg(prev) == "NE"
                    and k + 1 < len(tokens)
                    and not tokens[k + 1].text[:1].isupper()
                    and tok.lemma == tok.text
                    and not self.lexicon.is_person_noun(tok.text)
                ):
                    self._fixed[id(tok)] = "NE"

    # ------------------------------------------------------------------ main entry
    def find(self, text: str, sentences: Sequence[Sentence], entities: EntityTable) -> list[Quote]:
        ctx = _Context(text=text, sentences=sentences, entities=entities)
        ctx.starts = [s.start for s in sentences]
        known = len(entities.entities)
        self._fix_tags(sentences)
        fragments: list[QuoteMark] = []
        for mark in find_quote_marks(text):
            (ctx.direct_marks if self._clause_level(ctx, mark) else fragments).append(mark)
        quotes: list[Quote] = []
        cues_by_sentence: dict[int, list[Cue]] = {}
        run = _Run()
        previous_paragraph = -1
        for si, sent in enumerate(sentences):
            same_paragraph = sent.paragraph == previous_paragraph
            previous_paragraph = sent.paragraph
            if sent.is_heading or not sent.tokens:
                run.speaker, run.quoted = None, False
                continue
            for mark in [m for m in ctx.direct_marks if sent.start <= m.outer[0] < sent.end]:
                if not self._has_verb(ctx, mark) and not self._attachment_hint(
                    ctx, mark, strict=True
                ):
                    # A title or slogan on its own („Cannabis – ein Problem?!“).
                    ctx.direct_marks.remove(mark)
                    ctx.masks.clear()
                    fragments.append(mark)
            masked = self._masked(ctx, sent)
            opens_here = any(sent.start <= m.outer[0] < sent.end for m in ctx.direct_marks)
            if all(masked) and not opens_here:
                run.quoted = True  # inside a quotation that began in an earlier sentence
                continue
            self._note_subjects(ctx, sent.tokens, masked)
            cues = self._cues(ctx, sent.tokens, masked)
            cues_by_sentence[si] = cues
            found = self._direct_quotes(ctx, si, run, same_paragraph)
            found += self._reported_quotes(ctx, sent, masked, cues, run, same_paragraph)
            quotes.extend(found)
            if found:
                run.quoted = True
            elif run.speaker is not None and self._about_speaker(ctx, sent.tokens, run.speaker):
                run.quoted = False  # "Auch er warf … vor": the speaker acts, the run goes on
            elif not any(c.speaker for c in cues):
                run.speaker, run.quoted = None, False
            else:
                run.quoted = False
        quotes.extend(self._partials(ctx, fragments, quotes, cues_by_sentence))
        self._drop_unused(ctx, known, quotes)
        quotes.sort(key=lambda q: (q.span[0], q.span[1]))
        for n, quote in enumerate(quotes, start=1):
            quote.id = f"q{n}"
        return quotes

    def _direct_quotes(
        self, ctx: _Context, si: int, run: _Run, same_paragraph: bool
    ) -> list[Quote]:
        """Direct quotes that open in sentence ``si``, with the speaker of the clause
        attached to them, else of the run, else the last speaker."""
        sent = ctx.sentences[si]
        out: list[Quote] = []
        for mark in ctx.direct_marks:
            if not sent.start <= mark.outer[0] < sent.end:
                continue
            attached = self._direct_speaker(ctx, si, mark)
            speaker, cue = attached if attached is not None else (None, None)
            if speaker is None and (run.quoted or same_paragraph):
                speaker = run.speaker
            if speaker is None:
                speaker = ctx.last_speaker or self._salient_before(ctx, mark.outer[0])
            span = _strip_span(ctx.text, *mark.inner)
            out.append(
                Quote(
                    id="",
                    speaker=speaker,
                    kind="direct",
                    text=ctx.text[span[0] : span[1]],
                    span=span,
                    cue=cue,
                )
            )
            if speaker is not None:
                run.speaker = speaker
                self._remember(ctx, mark.outer[0], speaker)
        return out

    def _reported_quotes(
        self,
        ctx: _Context,
        sent: Sentence,
        masked: list[bool],
        cues: list[Cue],
        run: _Run,
        same_paragraph: bool,
    ) -> list[Quote]:
        """Reported speech in one sentence: the clauses of its cues, else the whole
        sentence when it continues the run in Konjunktiv."""
        tokens = sent.tokens
        mood = self._mood(tokens, masked)
        own = [c for c in cues if c.speaker is not None or c.content is not None]
        # "Man habe ihm gesagt, dass …" inside a run: the cue is part of what was said.
        nested = bool(own) and mood in {"k1", "k2"} and run.speaker is not None
        nested = nested and all(self._cue_is_reported(tokens, c) for c in own)
        out: list[Quote] = []
        if own and not nested:
            for item in own:
                if item.speaker is not None:
                    run.speaker, run.cue = item.speaker, item.word
                    self._remember(ctx, tokens[item.index].start, item.speaker)
                if item.content is None:
                    continue
                if item.kind == "source" and not self._reported_clause(tokens, masked):
                    continue
                out.append(
                    Quote(
                        id="",
                        speaker=item.speaker,
                        kind="indirect",
                        text=ctx.text[item.content[0] : item.content[1]],
                        span=item.content,
                        cue=item.word if item.kind == "verb" else None,
                    )
                )
            if out or mood != "k1":
                return out
        if not self.german or any(masked):
            return out
        continues = mood == "k1" or (mood == "k2" and run.speaker is not None)
        continues = continues or (
            mood in {"past", "modal"} and run.quoted and same_paragraph and run.speaker is not None
        )
        if not continues:
            return out
        speaker = run.speaker or ctx.last_speaker
        out.append(
            Quote(
                id="",
                speaker=speaker,
                kind="indirect",
                text=sent.text,
                span=(sent.start, sent.end),
                cue=run.cue if speaker == run.speaker else None,
            )
        )
        return out

    def _drop_unused(self, ctx: _Context, known: int, quotes: list[Quote]) -> None:
        """Remove the ad-hoc entities made here that speak no quote and name no source,
        and number the rest after the entities that were there before."""
        table = ctx.entities
        added = table.entities[known:]
        if not added:
            return
        used = {q.speaker for q in quotes} | ctx.sources
        kept = [e for e in added if e.id in used]
        dropped = {e.id for e in added} - {e.id for e in kept}
        renamed: dict[str, str] = {}
        for n, ent in enumerate(kept, start=known + 1):
            new_id = f"e{n}"
            if ent.id != new_id:
                renamed[ent.id] = new_id
                ent.id = new_id
        table.entities[known:] = kept
        if dropped or renamed:
            table.spans = sorted(
                (s, e, renamed.get(i, i)) for s, e, i in table.spans if i not in dropped
            )
            for quote in quotes:
                if quote.speaker in renamed:
                    quote.speaker = renamed[quote.speaker]

    # ------------------------------------------------------------------ quotation marks
    def _clause_level(self, ctx: _Context, mark: QuoteMark) -> bool:
        """Does the quotation stand at clause level (direct speech), not inside a phrase?"""
        text = ctx.text
        inner = text[mark.inner[0] : mark.inner[1]].strip()
        if not inner:
            return False
        words = inner.split()
        whole = inner[-1] in FINAL_PUNCT + ",…" and len(words) >= 3
        left = text[max(0, mark.outer[0] - 40) : mark.outer[0]].rstrip(" \t")
        left_ok = (
            not left
            or left[-1] in "\n" + FINAL_PUNCT + "".join(LEFT_OPEN)
            or (left[-1] in QUOTE_CHARS)
        )
        right = text[mark.outer[1] : mark.outer[1] + 40].lstrip(" \t")
        right_ok = (
            not right
            or right[0] in "\n" + FINAL_PUNCT + ",;:)–—-"
            or inner[-1] in FINAL_PUNCT + ",…"
        )
        if not right_ok and len(words) >= 3:
            # „…“ kommentierte er: a finite verb right after the quotation.
            nxt = self._token_at(ctx, mark.outer[1])
            right_ok = nxt is not None and self._finite(nxt)
        if left_ok and right_ok:
            return self._attachment_hint(ctx, mark) or not self._is_name(ctx, mark)
        return whole and (left_ok or right_ok)

    def _token_at(self, ctx: _Context, offset: int) -> Token | None:
        """The first token at or after ``offset``."""
        si = ctx.sentence_at(offset)
        if si is None:
            si = bisect.bisect_right(ctx.starts, offset)
        for sent in ctx.sentences[si : si + 2]:
            for tok in sent.tokens:
                if tok.start >= offset:
                    return tok
        return None

    def _is_name(self, ctx: _Context, mark: QuoteMark) -> bool:
        """A title or name in quotation marks („Der Spiegel“, "Eagle", die Zeitung „La
        Gazzetta dello Sport“): foreign words, a name after the noun it names, or words
        that are all capitalised but for short function words."""
        inner = ctx.text[mark.inner[0] : mark.inner[1]].strip()
        words = inner.split()
        if not words or len(words) > 6 or inner[-1:] in FINAL_PUNCT + ",":
            return False
        inside = [t for t in self._tokens_in(ctx, mark.inner) if _is_word(t)]
        if inside and all(self._tg(t) in {"FM", "NE", "NP0"} for t in inside):
            return True
        if any(self._finite(t) for t in inside):
            return False
        before = self._token_before(ctx, mark.outer[0])
        if (
            self.german
            and before is not None
            and self._tg(before) in NOUN_TAGS
            and words[0][:1].isupper()
        ):
            return True  # „Deus caritas est“ after "Enzyklika", „Obraz“ after "Organisation"
        if self.german:
            # „Der Spiegel“, „Berliner Zeitung“: a capitalised definite article or adjective.
            return bool(inside) and (
                (self._tg(inside[0]) == "ADJA" or inside[0].text.lower() in {"der", "die", "das"})
                and inside[0].text[:1].isupper()
            )
        content = [w for w in words if w[:1].isalpha()]
        return bool(content) and all(w[:1].isupper() or len(w) <= 3 for w in content)

    def _tokens_between(self, sent: Sentence, start: int, end: int) -> int:
        return sum(1 for t in sent.tokens if start <= t.start < end)

    def _attachment_hint(self, ctx: _Context, mark: QuoteMark, strict: bool = False) -> bool:
        """A speech clause seems attached: "X: „…“", "„…“, sagte X", "„…“, so X".
        ``strict``: the clause must hold a verb or noun of saying (for a quotation without
        a verb, which may be a title: "Sein Werk entstand 1970: „Le Grand Macabre“")."""
        before = self._token_before(ctx, mark.outer[0])
        if before is not None and before.text == ":":
            if not strict:
                return True
            si = ctx.sentence_at(before.start)
            tokens = ctx.sentences[si].tokens if si is not None else []
            k = next((x for x, t in enumerate(tokens) if t is before), 0)
            while k > 0 and tokens[k - 1].text not in {".", ";", ":", "„", "“", "”", '"'}:
                k -= 1
                if self._cue_lemma(tokens, k) is not None or self.lexicon.is_speech_noun(
                    tokens[k].text
                ):
                    return True
            return False
        after = self._token_at(ctx, mark.outer[1])
        if after is not None and after.text == ",":
            after = self._token_at(ctx, after.end)
        if after is None:
            return False
        if after.text.lower() in self.lexicon.source_markers:
            return True
        if not self._finite(after):
            return False
        if not strict:
            return True
        si = ctx.sentence_at(after.start)
        tokens = ctx.sentences[si].tokens if si is not None else []
        k = next((x for x, t in enumerate(tokens) if t is after), -1)
        return k >= 0 and self._cue_lemma(tokens, k) is not None

    def _has_verb(self, ctx: _Context, mark: QuoteMark) -> bool:
        return any(self._verb(t) for t in self._tokens_in(ctx, mark.inner))

    def _quoted_wording(self, ctx: _Context, mark: QuoteMark) -> bool:
        """Outside reported speech, a fragment is someone's wording when it is a phrase
        with a word in lower case ("eine sehr schlechte Wahl", "absurd") or follows a
        naming word ("als „Unverschämtheit“", "of "blackmail""); a lone German noun
        („Thronrede“) is more often a term or a name."""
        words = [w for w in ctx.text[mark.inner[0] : mark.inner[1]].split() if w[:1].isalpha()]
        if not words:
            return False
        before = self._token_before(ctx, mark.outer[0])
        if before is not None and before.text.lower() in {"als", "von", "as", "of"}:
            return True
        if not self.german:
            return True
        return any(w[:1].islower() for w in words)

    def _tokens_in(self, ctx: _Context, span: Span) -> list[Token]:
        si = ctx.sentence_at(span[0])
        if si is None:
            return []
        out: list[Token] = []
        for sent in ctx.sentences[si:]:
            if sent.start >= span[1]:
                break
            out.extend(t for t in sent.tokens if span[0] <= t.start and t.end <= span[1])
        return out

    def _token_before(self, ctx: _Context, offset: int) -> Token | None:
        si = ctx.sentence_at(offset)
        if si is None:
            return None
        before = [t for t in ctx.sentences[si].tokens if t.end <= offset]
        return before[-1] if before else None

    def _masked(self, ctx: _Context, sent: Sentence) -> list[bool]:
        """Per token: inside a direct quotation (marks included)."""
        key = sent.start
        cached = ctx.masks.get(key)
        if cached is not None and len(cached) == len(sent.tokens):
            return cached
        spans = [
            m.outer for m in ctx.direct_marks if m.outer[0] < sent.end and sent.start < m.outer[1]
        ]
        out = [any(s <= tok.start < e for s, e in spans) for tok in sent.tokens]
        ctx.masks[key] = out
        return out

    def _direct_speaker(
        self, ctx: _Context, si: int, mark: QuoteMark
    ) -> tuple[str | None, str | None] | None:
        """The speaker of a direct quote from the clause attached to it."""
        sentences = ctx.sentences
        last = ctx.sentence_at(max(mark.outer[0], mark.outer[1] - 1))
        # After the quotation: "„…“, sagte X", "„…“, so X", '"…," X said'.
        for idx in dict.fromkeys([last if last is not None else si, si]):
            sent = sentences[idx]
            tokens = sent.tokens
            masked = self._masked(ctx, sent)
            after = [k for k, tok in enumerate(tokens) if tok.start >= mark.outer[1]]
            if after:
                k0 = after[0] + 1 if tokens[after[0]].text in {",", ":"} else after[0]
                found = self._attached_after(ctx, tokens, masked, k0)
                if found is not None:
                    return found
        # Before it: "X sagte: „…“", "X: „…“", "sagte Merz, „…“".
        sent = sentences[si]
        tokens = sent.tokens
        masked = self._masked(ctx, sent)
        before = [k for k, tok in enumerate(tokens) if tok.end <= mark.outer[0]]
        if before:
            found = self._attached_before(ctx, tokens, masked, before[-1])
            if found is not None:
                return found
        return None

    def _attached_after(
        self, ctx: _Context, tokens: Sequence[Token], masked: list[bool], k: int
    ) -> tuple[str | None, str | None] | None:
        """A speech clause right after a quotation (starting at token ``k``)."""
        end = k
        while end < len(tokens) and not masked[end] and tokens[end].text not in {";"}:
            if tokens[end].text in FINAL_PUNCT and end == len(tokens) - 1:
                break
            end += 1
        if k >= end:
            return None
        first = tokens[k]
        word = first.text.lower()
        if word in self.lexicon.source_markers and k + 1 < end:
            nxt = tokens[k + 1]
            if not self._verb(nxt):
                speaker = self._np_speaker(ctx, tokens, self._np_forward(tokens, k + 1, end))
                if speaker is not None:
                    return speaker, first.text
            else:
                k += 1
        for i in range(k, min(end, k + 12)):
            tok = tokens[i]
            if tok.text == "," and i > k + 1:
                break
            if not self._verb(tok) or masked[i]:
                continue
            if not self._finite(tok) and self.german:
                continue
            # Any finite verb right after a quotation introduces it in news text
            # ("zeigte sich X zufrieden", "ließ X verlauten"); a verb of saying may stand
            # further in.
            if i > k and not self._is_speech_verb(tokens, i) and self.german:
                continue
            if not self.german and not self._is_speech_verb(tokens, i):
                continue
            speaker = self._subject_speaker(ctx, tokens, masked, i)
            if speaker is not None:
                return speaker, tok.text
            return None
        return None

    def _attached_before(
        self, ctx: _Context, tokens: Sequence[Token], masked: list[bool], k: int
    ) -> tuple[str | None, str | None] | None:
        """A speech clause before a quotation that ends at token ``k`` (":" or ",")."""
        # '... sagte er „…“' without punctuation: only after a verb of saying.
        if tokens[k].text not in {":", ",", "("} and not (
            self._verb(tokens[k]) and self._is_speech_verb(tokens, k)
        ):
            return None
        end = k if tokens[k].text in {":", ",", "("} else k + 1
        start = end
        while start > 0 and not masked[start - 1] and tokens[start - 1].text not in {";"}:
            if tokens[start - 1].text in FINAL_PUNCT:
                break
            start -= 1
        # A verb of saying in the clause: its subject speaks.
        for i in range(end - 1, start - 1, -1):
            if self._verb(tokens[i]) and not masked[i] and self._is_speech_verb(tokens, i):
                speaker = self._subject_speaker(ctx, tokens, masked, i)
                return speaker, tokens[i].text
        colon = tokens[k].text == ":"
        paren = tokens[k].text == "("
        if not (colon or paren):
            return None
        # "Zitat von Schröder:", "Bundesinnenminister Schäuble:", "X („…“)".
        for i in range(start, end):
            if self.lexicon.is_speech_noun(tokens[i].text) and i + 1 < end:
                nxt = tokens[i + 1].text.lower()
                lo = i + 2 if nxt in {"von", "vom", "of", "des", "der"} else i + 1
                if nxt in {"des", "der"}:
                    lo = i + 1
                speaker = self._np_speaker(ctx, tokens, self._np_forward(tokens, lo, end))
                if speaker is not None:
                    return speaker, tokens[i].text
        if paren:
            np = self._np_backward(tokens, end - 1, start)
            speaker = self._np_speaker(ctx, tokens, np) if np else None
            return (speaker, None) if speaker else None
        # Any finite verb before the colon ("resümiert Hartmut Lierow:").
        for i in range(end - 1, start - 1, -1):
            if self._finite(tokens[i]) and not masked[i]:
                speaker = self._subject_speaker(ctx, tokens, masked, i)
                if speaker is not None:
                    return speaker, tokens[i].text
                break
        np = self._np_forward(tokens, start, end)
        if np is not None and np[2] == end:
            speaker = self._np_speaker(ctx, tokens, np)
            if speaker is not None:
                return speaker, None
        return None

    # ------------------------------------------------------------------ partial quotes
    def _partials(
        self,
        ctx: _Context,
        fragments: list[QuoteMark],
        quotes: list[Quote],
        cues_by_sentence: dict[int, list[Cue]],
    ) -> list[Quote]:
        """Quoted fragments inside reported speech or in a sentence with a speech cue."""
        out: list[Quote] = []
        text = ctx.text
        for mark in fragments:
            inner = text[mark.inner[0] : mark.inner[1]]
            if not inner.strip() or self._is_name(ctx, mark):
                continue
            if any(
                q.kind == "direct" and q.span[0] <= mark.inner[0] < q.span[1] + 1 for q in quotes
            ):
                continue
            owner = next(
                (
                    q
                    for q in quotes
                    if q.kind == "indirect"
                    and q.span[0] <= mark.inner[0]
                    and mark.inner[1] <= q.span[1] + 1
                ),
                None,
            )
            speaker: str | None = None
            cue: str | None = None
            if owner is not None:
                speaker, cue = owner.speaker, owner.cue
            else:
                si = ctx.sentence_at(mark.outer[0])
                if si is None:
                    continue
                sent = ctx.sentences[si]
                cues = [c for c in cues_by_sentence.get(si, []) if c.speaker]
                if not cues:
                    continue
                before = [c for c in cues if sent.tokens[c.index].start < mark.outer[0]]
                chosen = before[-1] if before else cues[0]
                # A lone noun right after the verb's object: "nannte die Absage einen
                # „Vertrauensbruch“".
                near = (
                    bool(before)
                    and self._tokens_between(sent, sent.tokens[chosen.index].end, mark.outer[0])
                    <= 6
                )
                if not (self._quoted_wording(ctx, mark) or near):
                    continue
                speaker, cue = chosen.speaker, chosen.word
            out.append(
                Quote(
                    id="",
                    speaker=speaker,
                    kind="partial",
                    text=inner,
                    span=mark.inner,
                    cue=cue,
                )
            )
        return out

    # ------------------------------------------------------------------ cues
    def _is_speech_verb(self, tokens: Sequence[Token], i: int) -> bool:
        return self._cue_lemma(tokens, i) is not None

    def _cue_lemma(self, tokens: Sequence[Token], i: int) -> str | None:
        """The lexicon lemma of a verb of saying at ``i``, else None."""
        tok = tokens[i]
        if not self._verb(tok):
            return None
        if self.german:
            joined = verb_lemma(tokens, i)
            lemma = (tok.lemma or tok.text).lower()
            keys: tuple[str, ...] = lemma_keys(joined)[:2] if "|" in joined else (joined,)
            if "|" in joined and joined.split("|", 1)[0] in self.lexicon.free_particles:
                keys = (*keys, lemma)  # "sagte weiter": still "sagen"
            if "|" not in joined:
                # "bekannt gegeben", "stellten … klar" (the particle tagged as an
                # adjective): the word before a participle, or the last word of a main
                # clause; the plain verb if that is no particle verb.
                if not self._finite(tok) and i > 0:
                    prev = tokens[i - 1]
                    if self._tg(prev) in {"PTKVZ", "ADJD"}:
                        keys = (f"{prev.text.lower()}|{lemma}", joined)
                else:
                    end = i + 1
                    while end < len(tokens) and tokens[end].text not in CLAUSE_PUNCT | {
                        ".",
                        "!",
                        "?",
                    }:
                        end += 1
                    last = tokens[end - 1]
                    if end - 1 > i and self._tg(last) == "ADJD":
                        keys = (f"{last.text.lower()}|{lemma}", joined)
        else:
            lemma = (tok.lemma or tok.text).lower()
            keys = (lemma,)
            if i + 1 < len(tokens) and self._tg(tokens[i + 1]) == "AVP":
                keys = (f"{lemma}|{tokens[i + 1].text.lower()}", lemma)
        for key in keys:
            if self.lexicon.is_speech_verb(key):
                return key
        return None

    def _cues(self, ctx: _Context, tokens: Sequence[Token], masked: list[bool]) -> list[Cue]:
        cues: list[Cue] = []
        for i, tok in enumerate(tokens):
            if masked[i] or not self._verb(tok):
                continue
            lemma = self._cue_lemma(tokens, i)
            if lemma is None:
                continue
            if not self.german and self._tg(tok) in {"VVN", "VVG"} and not self._has_aux(tokens, i):
                continue  # "a tanker suspected of", "adding": not a finite statement
            clause = self._clause_bounds(tokens, i, masked)
            speaker = self._passive_agent(ctx, tokens, i, clause)
            if speaker is None:
                speaker = self._subject_speaker(ctx, tokens, masked, i)
            if speaker is None:
                speaker = self._noun_source(ctx, tokens, clause)
            cue = Cue(kind="verb", index=i, word=tok.text, speaker=speaker, clause=clause)
            cue.content = self._content(tokens, masked, cue, lemma)
            cues.append(cue)
        cues.extend(self._source_cues(ctx, tokens, masked))
        cues.extend(self._marker_cues(ctx, tokens, masked))
        if self.german:
            cues.extend(self._noun_cues(ctx, tokens, masked, cues))
        cues.sort(key=lambda c: c.index)
        # A cue inside the reported clause of another is part of what was said.
        kept: list[Cue] = []
        for cue in cues:
            at = tokens[cue.index].start
            if any(
                o is not cue
                and o.kind != "source"
                and o.content
                and o.content[0] <= at < o.content[1]
                for o in cues
            ):
                continue
            kept.append(cue)
        return kept

    def _noun_cues(
        self, ctx: _Context, tokens: Sequence[Token], masked: list[bool], cues: list[Cue]
    ) -> list[Cue]:
        """ "X ist der Meinung, dass …", "die Behauptung der Regierung, die Lage sei …":
        a noun of saying or opinion with a complement clause; the speaker is the
        genitive after the noun, else the subject of its clause."""
        out: list[Cue] = []
        n = len(tokens)
        for k, tok in enumerate(tokens[:-2]):
            if (
                masked[k]
                or self._tg(tok) not in NOUN_TAGS
                or tok.text not in self.lexicon.opinion_nouns
                or any(c.index == k or c.clause[0] <= k < c.clause[1] for c in cues)
            ):
                continue
            comma = k + 1
            np = None
            if tokens[comma].text.lower() in GENITIVE_ARTICLES | {"von", "vom"}:
                lo = comma + 1 if tokens[comma].text.lower() in {"von", "vom"} else comma
                np = self._np_forward(tokens, lo, n)
                if np is not None:
                    comma = np[2]
            if comma + 1 >= n or tokens[comma].text != "," or masked[comma + 1]:
                continue
            first = tokens[comma + 1]
            content = None
            if first.text.lower() in self.lexicon.complementizers:
                content = self._to_end(tokens, masked, comma + 1)
            else:
                fin = self._clause_finite(tokens, comma + 1)
                if (
                    fin is not None
                    and self._tg(first) not in SUBORDINATE_TAGS | RELATIVE_TAGS | {"APPR"}
                    and self._subjunctive(tokens[fin])
                ):
                    content = self._to_end(tokens, masked, comma + 1)
            if content is None:
                continue
            if np is not None:
                speaker = self._np_speaker(ctx, tokens, np)
            else:
                verb = next((m for m in range(k - 1, -1, -1) if self._finite(tokens[m])), None)
                speaker = (
                    self._subject_speaker(ctx, tokens, masked, verb) if verb is not None else None
                )
            out.append(
                Cue(
                    kind="noun",
                    index=k,
                    word=tok.text,
                    speaker=speaker,
                    content=content,
                    clause=(k, comma),
                )
            )
        return out

    def _passive_agent(
        self, ctx: _Context, tokens: Sequence[Token], i: int, clause: tuple[int, int]
    ) -> str | None:
        """ "wird von Kritikern als „…“ bezeichnet", "was said by the minister": the
        agent of a passive verb of saying speaks."""
        if self._tg(tokens[i]) not in {"VVPP", "VVN"}:
            return None
        auxiliaries = {"werden", "be"}
        if not any(
            (t.lemma or "").lower() in auxiliaries and self._finite(t)
            for t in tokens[clause[0] : clause[1]]
        ):
            return None
        for k in range(clause[0], clause[1] - 1):
            if tokens[k].text.lower() in {"von", "vom", "by"} and k != i - 1:
                np = self._np_forward(tokens, k + 1, clause[1])
                if np is not None:
                    return self._np_speaker(ctx, tokens, np)
        return None

    def _noun_source(
        self, ctx: _Context, tokens: Sequence[Token], clause: tuple[int, int]
    ) -> str | None:
        """ "In einer Erklärung der Regierung hieß es, …": a noun of saying in the clause
        of a cue without a subject names the source."""
        for k in range(clause[0], clause[1]):
            if self._tg(tokens[k]) in NOUN_TAGS and self.lexicon.is_speech_noun(tokens[k].text):
                if k + 1 < len(tokens) and tokens[k + 1].text.lower() in GENITIVE_ARTICLES | {
                    "von",
                    "vom",
                    "of",
                }:
                    lo = k + 2 if tokens[k + 1].text.lower() in {"von", "vom", "of"} else k + 1
                    np = self._np_forward(tokens, lo, clause[1])
                    if np is not None:
                        return self._np_speaker(ctx, tokens, np)
                np = self._np_forward(tokens, k, clause[1])
                if np is not None:
                    return self._np_speaker(ctx, tokens, np)
        return None

    def _has_aux(self, tokens: Sequence[Token], i: int) -> bool:
        for k in range(i - 1, max(-1, i - 4), -1):
            if self._tg(tokens[k]) in ENGLISH_AUX:
                return True
            if self._tg(tokens[k]) not in {"AV0", "XX0"}:
                return False
        return False

    def _clause_bounds(
        self, tokens: Sequence[Token], i: int, masked: list[bool]
    ) -> tuple[int, int]:
        lo = i
        while lo > 0 and not masked[lo - 1] and tokens[lo - 1].text not in CLAUSE_PUNCT:
            lo -= 1
        hi = i + 1
        while hi < len(tokens) and not masked[hi] and tokens[hi].text not in CLAUSE_PUNCT:
            hi += 1
        return lo, hi

    def _source_cues(self, ctx: _Context, tokens: Sequence[Token], masked: list[bool]) -> list[Cue]:
        """ "nach Angaben der Polizei", "laut X", "gemäß X", "X zufolge", "according to X",
        "seiner Ansicht nach"."""
        out: list[Cue] = []
        words = [t.text.lower() for t in tokens]
        n = len(tokens)
        for i, word in enumerate(words):
            if masked[i]:
                continue
            np: tuple[int, int, int] | None = None
            start = i
            end = i + 1
            postposed = False
            if word in self.lexicon.source_prepositions and self._tg(tokens[i]) in {
                "APPR",
                "APPO",
                "APZR",
                "PRP",
            }:
                if word == "nach":
                    k = i + 1
                    while k < n and self._tg(tokens[k]) in MOD_TAGS | DET_TAGS:
                        k += 1
                    if k >= n or not self.lexicon.is_speech_noun(tokens[k].text):
                        continue
                    end = k + 1
                    if k + 1 < n and words[k + 1] in {"von", "vom"}:
                        np = self._np_forward(tokens, k + 2, n)
                    elif k + 1 < n and words[k + 1] in GENITIVE_ARTICLES | {"aus"}:
                        np = self._np_forward(tokens, k + 1 if words[k + 1] != "aus" else k + 2, n)
                    elif k + 1 < n and self._tg(tokens[k + 1]) in NAME_TAGS:
                        np = self._np_forward(tokens, k + 1, n)
                    else:
                        np = None
                        speaker = self._possessive_speaker(ctx, tokens, masked, i, k)
                        out.append(
                            Cue(
                                kind="source",
                                index=i,
                                word=tokens[i].text,
                                speaker=speaker,
                                clause=(start, end),
                            )
                        )
                        continue
                else:
                    np = self._np_forward(tokens, i + 1, n)
            elif self._phrase_at(words, i) is not None:
                size = self._phrase_at(words, i) or 0
                np = self._np_forward(tokens, i + size, n)
            elif (
                word in self.lexicon.postpositions
                and i > 0
                and not self._preposition_nach(tokens, i)
            ):
                k = i - 1
                if word == "nach" and not self.lexicon.is_speech_noun(tokens[k].text):
                    continue
                if word == "nach":
                    start = k - 1 if k > 0 and self._tg(tokens[k - 1]) in DET_TAGS else k
                    speaker = self._possessive_speaker(ctx, tokens, masked, start, k)
                    out.append(
                        Cue(
                            kind="source",
                            index=i,
                            word=tokens[i].text,
                            speaker=speaker,
                            clause=(start, i + 1),
                        )
                    )
                    continue
                np = self._np_backward(tokens, k, 0)
                postposed = True
                if np is not None:
                    start = np[0]
            else:
                continue
            if np is None:
                continue
            speaker = self._np_speaker(ctx, tokens, np)
            if speaker is not None:
                ctx.sources.add(speaker)
            end = i + 1 if postposed else np[2]
            cue = Cue(
                kind="source",
                index=i,
                word=tokens[i].text,
                speaker=speaker,
                clause=(start, end),
            )
            cue.content = self._source_content(tokens, masked, start, end)
            out.append(cue)
        return out

    def _preposition_nach(self, tokens: Sequence[Token], i: int) -> bool:
        """ "nach" as a preposition ("nach Angaben", "nach dem Treffen")."""
        return i + 1 < len(tokens) and tokens[i].text.lower() == "nach" and _is_word(tokens[i + 1])

    def _phrase_at(self, words: list[str], i: int) -> int | None:
        for phrase in self._phrases.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return len(phrase)
        return None

    def _possessive_speaker(
        self, ctx: _Context, tokens: Sequence[Token], masked: list[bool], lo: int, hi: int
    ) -> str | None:
        """ "nach eigenen Angaben" (the subject), "seiner Meinung nach" (a person)."""
        for k in range(lo, hi + 1):
            word = tokens[k].text.lower()
            if word.startswith("eigen"):
                fin = main_finite_verb(tokens)
                if fin is not None:
                    return self._subject_speaker(ctx, tokens, masked, fin)
            if self._tg(tokens[k]) in {"PPOSAT", "DPS"}:
                if word.startswith(("sein", "his")):
                    return self._salient_before(ctx, tokens[k].start)
                if word.startswith(("ihr", "her")):
                    return self._salient_before(ctx, tokens[k].start)
        return None

    def _source_content(
        self, tokens: Sequence[Token], masked: list[bool], start: int, end: int
    ) -> Span | None:
        """What a source phrase reports: the sentence without the phrase when it is the
        Vorfeld ("Nach Angaben der Polizei habe …"), else the whole sentence."""
        n = len(tokens)
        last = n - 1
        while last > 0 and tokens[last].text in FINAL_PUNCT:
            last -= 1
        if start == 0 and end < n and not masked[end]:
            first = end
            while first <= last and tokens[first].text in {",", "–"}:
                first += 1
            if first <= last:
                return tokens[first].start, tokens[last].end
            return None
        if any(masked):
            return None
        return tokens[0].start, tokens[-1].end

    def _reported_clause(self, tokens: Sequence[Token], masked: list[bool]) -> bool:
        """A source phrase makes a quote only of a clause in reported mood."""
        mood = self._mood(tokens, masked)
        if mood in {"k1", "k2", "modal"}:
            return True
        fin = main_finite_verb([t for t, m in zip(tokens, masked, strict=True) if not m])
        if fin is None:
            return False
        visible = [t for t, m in zip(tokens, masked, strict=True) if not m]
        verb = visible[fin]
        return (verb.lemma or "").lower() in self.lexicon.reportative_modals

    def _marker_cues(self, ctx: _Context, tokens: Sequence[Token], masked: list[bool]) -> list[Cue]:
        """ "…, so Barth." / "…, so der Vorwurf –": a source named after a comma."""
        out: list[Cue] = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if masked[i] or tok.text.lower() not in self.lexicon.source_markers:
                continue
            if i == 0 or (
                tokens[i - 1].text not in {",", "–", "—", "(", "-"} and not masked[i - 1]
            ):
                continue
            if i + 1 >= n or self._verb(tokens[i + 1]):
                continue
            np = self._np_forward(tokens, i + 1, n)
            if np is None:
                continue
            after = np[2]
            while after < n - 1 and self._tg(tokens[after]) in {"ADV", "AV0", "PTKVZ"}:
                after += 1  # "so Wikimedia Deutschland weiter"
            if (
                after < n
                and tokens[after].text not in {",", "–", "—", ")", "-", ":"}
                and (tokens[after].text not in FINAL_PUNCT)
            ):
                continue
            speaker = self._np_speaker(ctx, tokens, np)
            cue = Cue(kind="marker", index=i, word=tok.text, speaker=speaker, clause=(i, after))
            cue.content = self._before_comma(tokens, masked, i - 1, after)
            out.append(cue)
        return out

    # ------------------------------------------------------------------ reported clauses
    def _content(
        self, tokens: Sequence[Token], masked: list[bool], cue: Cue, lemma: str
    ) -> Span | None:
        """The reported clause of a verb of saying, as a character span."""
        i = cue.index
        lo, hi = cue.clause
        # "Wie die Polizei mitteilte, …" / "…, wie X sagte." / "As X said, …", also with
        # appositions inside ("…, wie Burt Rutan, Chef der Firma, mitteilte.").
        opener = self._as_clause_start(tokens, masked, i)
        if opener is not None:
            lo = opener
        if lo < len(tokens) and tokens[lo].text.lower() in self.lexicon.as_markers and lo < i:
            if lo == 0 and hi < len(tokens) and tokens[hi].text == ",":
                return self._to_end(tokens, masked, hi + 1)
            if lo > 0 and tokens[lo - 1].text == ",":
                return self._before_comma(tokens, masked, lo - 1, hi)
            return None
        forward = self._forward(tokens, masked, i, lemma)
        if forward is not None:
            return forward
        inverted = self._inverted(tokens, masked, cue)
        if inverted is not None and lemma in self.lexicon.directive_verbs:
            # "Der Katalog müsse überprüft werden, forderte er": a demand in reported
            # speech counts only in Konjunktiv.
            lo = next(k for k, t in enumerate(tokens) if t.start >= inverted[0])
            fin = self._clause_finite(tokens, lo)
            if fin is None or not self._subjunctive(tokens[fin]):
                return None
        return inverted

    def _as_clause_start(self, tokens: Sequence[Token], masked: list[bool], i: int) -> int | None:
        """Index of the "wie"/"as" that opens the clause of the verb at ``i``, across
        appositions and relative clauses set off by commas, if there is one."""
        for k in range(i - 1, -1, -1):
            if masked[k] or tokens[k].text in {";", ":"}:
                return None
            word = tokens[k].text.lower()
            if word not in self.lexicon.as_markers or not (
                k == 0 or tokens[k - 1].text in {",", "–", "—", "("}
            ):
                continue
            segment_start = k + 1
            for m in range(k + 1, i + 1):
                if m == i or tokens[m].text == ",":
                    segment = tokens[segment_start:m]
                    if (
                        segment_start > k + 1
                        and any(self._finite(t) for t in segment)
                        and self._tg(segment[0]) not in RELATIVE_TAGS | SUBORDINATE_TAGS
                    ):
                        return None
                    segment_start = m + 1
            if any(self._finite(t) for t in tokens[k + 1 : i]) and not any(
                t.text == "," for t in tokens[k + 1 : i]
            ):
                return None
            return k
        return None

    def _forward(
        self, tokens: Sequence[Token], masked: list[bool], i: int, lemma: str
    ) -> Span | None:
        n = len(tokens)
        if lemma in self.lexicon.directive_verbs:
            # "forderte, dass …" / "called on X to …" is a demand, not a statement;
            # "forderte, die Regierung müsse …" is reported speech by its mood.
            if not self.german:
                return None
            k = i + 1
            while k < n and not masked[k] and tokens[k].text not in {",", ":", ";"}:
                k += 1
            if k + 1 < n and tokens[k].text == "," and not masked[k + 1]:
                fin = self._clause_finite(tokens, k + 1)
                first = tokens[k + 1]
                if (
                    fin is not None
                    and first.text.lower() not in self.lexicon.complementizers
                    and self._tg(first) not in SUBORDINATE_TAGS | RELATIVE_TAGS
                    and self._subjunctive(tokens[fin])
                ):
                    return self._to_end(tokens, masked, k + 1)
            return None
        if not self.german:
            return self._forward_english(tokens, masked, i, lemma)
        k = i + 1
        if self.lexicon.takes_infinitive(lemma) and not self._finite(tokens[i]):
            # "hat angekündigt(,) ihr Mandat niederzulegen": the comma is optional.
            start = k + 1 if k < n and tokens[k].text == "," else k
            end = self._infinitive_end(tokens, start) if start < n else None
            if end is not None and not any(masked[start:end]):
                return _span(tokens, start, end)
        while k < n and not masked[k] and tokens[k].text not in {",", ":", ";"}:
            if tokens[k].text in FINAL_PUNCT and k == n - 1:
                return None
            if tokens[k].text.lower() in self.lexicon.complementizers and self._tg(tokens[k]) in {
                "KOUS",
                "PWAV",
            }:
                return self._to_end(tokens, masked, k)
            k += 1
        if k >= n - 1 or masked[k] or masked[k + 1]:
            return None
        # "sagte der Koordinator, Deftalgne Tessema, gegenüber der BBC, dass …":
        # appositions in the cue's clause; the complement comes after them.
        while tokens[k].text == "," and tokens[k + 1].text.lower() not in (
            self.lexicon.complementizers
        ):
            nxt = k + 1
            while nxt < n and not masked[nxt] and tokens[nxt].text not in {",", ":", ";"}:
                nxt += 1
            segment = tokens[k + 1 : nxt]
            if (
                nxt >= n - 1
                or masked[nxt]
                or tokens[nxt].text != ","
                or any(self._verb(t) for t in segment)
                or not any(self._tg(t) in NOUN_TAGS for t in segment)
                or tokens[nxt + 1].text.lower() not in self.lexicon.complementizers
            ):
                break
            k = nxt
        j = k + 1
        first = tokens[j]
        if tokens[k].text == ":":
            if any(self._finite(t) for t in tokens[j:]):
                return self._to_end(tokens, masked, j)
            return None
        if tokens[k].text != ",":
            return None
        word = first.text.lower()
        if word in self.lexicon.complementizers:
            return self._to_end(tokens, masked, j)
        fin = self._clause_finite(tokens, j)
        if self._tg(first) in RELATIVE_TAGS and fin is not None:
            # "erklärte, die/PRELS noch zu schaffende Verfassung werde …": an article
            # mistagged as a relative pronoun; a relative clause ends with its verb.
            verb_final = fin + 1 >= len(tokens) or tokens[fin + 1].text in {",", ";", ":"}
            verb_final = verb_final or tokens[fin + 1].text in FINAL_PUNCT
            if verb_final:
                return None
        elif self._tg(first) in SUBORDINATE_TAGS | {"KON", "KOUI"}:
            return None
        # A main clause in reported mood: "betonte, die Lage sei ernst".
        if fin is not None and fin - j <= 8 and self._reported_verb(tokens, fin):
            return self._to_end(tokens, masked, j)
        if self.lexicon.takes_infinitive(lemma):
            end = self._infinitive_end(tokens, j)
            if end is not None:
                return _span(tokens, j, end)
        return None

    def _forward_english(
        self, tokens: Sequence[Token], masked: list[bool], i: int, lemma: str
    ) -> Span | None:
        n = len(tokens)
        k = i + 1
        if k < n and self._tg(tokens[k]) == "AVP":
            k += 1
        if lemma in self.lexicon.object_verbs:
            np = self._np_forward(tokens, k, n)
            if np is not None:
                k = np[2]
            elif k < n and self._tg(tokens[k]) == "PNP":
                k += 1
        # Adverbials before "that": "said in a statement that", "said on Tuesday that".
        probe = k
        for _ in range(3):
            if probe < n and self._tg(tokens[probe]) in {"PRP", "AV0"}:
                np = self._np_forward(tokens, probe + 1, n)
                probe = np[2] if np is not None else probe + 1
            else:
                break
        if probe < n and tokens[probe].text.lower() in self.lexicon.complementizers:
            k = probe
        if k >= n or masked[k]:
            return None
        first = tokens[k]
        if first.text.lower() in self.lexicon.complementizers:
            if k + 1 < n and not masked[k + 1]:
                return self._to_end(tokens, masked, k + 1)
            return None
        if first.text == ",":
            return None
        if self._tg(first) in NOT_CLAUSE_START_EN:
            return None
        if self._tg(first) in {"PNP", "EX0", "PNI", "DT0"}:
            m = k + 1
        else:
            np = self._np_forward(tokens, k, n)
            if np is None:
                return None
            m = np[2]
        # A clause: its subject, then a finite verb ("said Russia had no interest").
        while m < n and self._tg(tokens[m]) in {"AV0", "XX0"}:
            m += 1
        if m < n and not masked[m] and self._finite(tokens[m]):
            return self._to_end(tokens, masked, k)
        return None

    def _clause_finite(self, tokens: Sequence[Token], j: int) -> int | None:
        for m in range(j, len(tokens)):
            if tokens[m].text in {",", ";", ":"}:
                return None
            if self._finite(tokens[m]):
                return m
        return None

    def _subjunctive(self, verb: Token) -> bool:
        """Konjunktiv I, or a Konjunktiv II form from the lexicon."""
        return is_konjunktiv_i(verb.text, verb.lemma or verb.text) or (
            verb.text.lower() in self.lexicon.subjunctive_ii
        )

    def _reported_verb(self, tokens: Sequence[Token], m: int) -> bool:
        verb = tokens[m]
        if is_konjunktiv_i(verb.text, verb.lemma or verb.text):
            return True
        word = verb.text.lower()
        if word in self.lexicon.subjunctive_ii:
            return True
        if is_weak_past(verb.text, verb.lemma or verb.text):
            return True
        # A plural present is also the Konjunktiv I plural ("sie wollen", "sie haben").
        return word == (verb.lemma or "").lower() and word.endswith("en")

    def _infinitive_end(self, tokens: Sequence[Token], j: int) -> int | None:
        """End (exclusive) of a zu-infinitive clause starting at ``j``."""
        end = None
        for m in range(j, len(tokens)):
            tok = tokens[m]
            if tok.text in {",", ";", ":"} or tok.text in FINAL_PUNCT:
                break
            if self._finite(tok):
                return None
            if self._tg(tok) == "VVIZU" or (
                self._tg(tok) == "PTKZU" and m + 1 < len(tokens) and self._verb(tokens[m + 1])
            ):
                end = m + 1 if self._tg(tok) == "VVIZU" else m + 2
                # "zu wollen", "zu haben" after it.
                while end < len(tokens) and self._tg(tokens[end]) in {"VMINF", "VAINF"}:
                    end += 1
        return end

    def _inverted(self, tokens: Sequence[Token], masked: list[bool], cue: Cue) -> Span | None:
        """The clause before an inverted cue: "…, sagte er", "…, X said", "…, said X"."""
        i = cue.index
        lo = cue.clause[0]
        if lo == 0 or tokens[lo - 1].text not in {",", "–", "—"}:
            return None
        if self.german:
            # The finite verb opens its clause (V1), maybe after "so".
            head = lo
            if tokens[head].text.lower() in self.lexicon.source_markers:
                head += 1
            fin = i if self._finite(tokens[i]) else None
            if fin is None:
                for m in range(lo, i):
                    if self._finite(tokens[m]):
                        fin = m
                        break
            if fin != head:
                return None
            np = self._subject_de(tokens, masked, i)
            if np is None or np[0] <= fin:
                return None  # "…, bat aber um Hilfe": a coordinated verb, no inversion
        else:
            # ", X said" or ", said X" closing the sentence.
            if self._forward_english(tokens, masked, i, "") is not None:
                return None
        return self._before_comma(tokens, masked, lo - 1, cue.clause[1])

    def _before_comma(
        self, tokens: Sequence[Token], masked: list[bool], comma: int, after: int
    ) -> Span | None:
        """The report before an inverted cue: from the sentence start to ``comma``, unless
        it is a direct quotation. A cue inside the sentence ("Für X, so schrieb sie, sei
        …") reports the rest of the sentence after it."""
        if comma <= 0:
            return None
        if any(masked[:comma]):
            return None
        n = len(tokens)
        rest = after
        while rest < n and tokens[rest].text in {",", "–", "—", ")"}:
            rest += 1
        tail = [t for t in tokens[rest:] if t.text not in FINAL_PUNCT]
        verbs = [t for t in tail if self._clause_verb(t)]
        if (
            verbs
            and rest < n
            and after < n
            and tokens[after].text in {",", "–", "—"}
            and not any(masked[rest:])
            and (not self.german or self._subjunctive(verbs[0]))
        ):
            # "Die Lage, sagte er, sei ernst": the cue is inserted into the report.
            return self._to_end(tokens, masked, rest)
        if not self._has_main_clause(tokens, 0, comma):
            return None  # "Albrecht Conze, der Direktor der Mission, sagte": no clause
        return _span(tokens, 0, comma)

    def _has_main_clause(self, tokens: Sequence[Token], lo: int, hi: int) -> bool:
        """Does tokens[lo:hi] hold a verb outside relative and subordinate clauses
        ("Für die Verfassung, die der Rat ansieht" has none)?"""
        if not self.german:
            return any(self._clause_verb(t) for t in tokens[lo:hi])
        opens_sub = SUBORDINATE_TAGS | RELATIVE_TAGS | {"PWS", "PWAT"}
        sub = lo < hi and self._tg(tokens[lo]) in opens_sub
        for k in range(lo, hi):
            tok = tokens[k]
            if tok.text == ",":
                nxt = tokens[k + 1] if k + 1 < hi else None
                sub = nxt is not None and (
                    self._tg(nxt) in opens_sub
                    or (
                        self._tg(nxt) == "APPR"
                        and k + 2 < hi
                        and self._tg(tokens[k + 2]) in RELATIVE_TAGS
                    )
                )
                continue
            if not sub and self._finite(tok):
                return True
        return False

    def _clause_verb(self, token: Token) -> bool:
        """A verb that makes a clause: finite in German; in English any verb, as the
        tagger confuses past tense and participle ("fired")."""
        if self.german:
            return self._finite(token)
        return self._tg(token).startswith("V") and self._tg(token) not in {"VVG", "VVI"}

    def _to_end(self, tokens: Sequence[Token], masked: list[bool], k: int) -> Span | None:
        """From token ``k`` to the end of the report: the sentence end, a direct
        quotation, a semicolon, an inverted cue ("…, sagte er") or a coordinated verb of
        saying ("… und forderte")."""
        n = len(tokens)
        end = n
        for m in range(k, n):
            tok = tokens[m]
            if masked[m] or tok.text == ";":
                end = m
                break
            if tok.text in {",", "–", "—"} and m + 1 < n and self._trailing_cue(tokens, m + 1):
                end = m
                break
            if (
                tok.text.lower() in COORDINATORS
                and m + 1 < n
                and self._finite(tokens[m + 1])
                and self._is_speech_verb(tokens, m + 1)
            ):
                end = m
                break
        last = end - 1
        while last >= k and (tokens[last].text in FINAL_PUNCT or tokens[last].text in ",–—:"):
            last -= 1
        if last < k:
            return None
        return _span(tokens, k, last + 1)

    def _trailing_cue(self, tokens: Sequence[Token], m: int) -> bool:
        """Does an inverted speech clause start at ``m`` ("sagte er", "so X", "X said")?"""
        tok = tokens[m]
        if tok.text.lower() in self.lexicon.source_markers:
            return True
        if self.german:
            return self._finite(tok) and self._is_speech_verb(tokens, m)
        for k in range(m, min(len(tokens), m + 8)):
            if self._verb(tokens[k]):
                if not self._is_speech_verb(tokens, k):
                    return False
                return all(tokens[x].text not in {",", ";"} for x in range(k, len(tokens) - 1))
            if self._tg(tokens[k]) not in DET_TAGS | CORE_TAGS | {"PNP"}:
                return False
        return False

    # ------------------------------------------------------------------ mood
    def _mood(self, tokens: Sequence[Token], masked: list[bool]) -> str:
        """Mood of the main clause outside direct quotations: k1, k2, past, modal, ind."""
        if not self.german:
            return "ind"
        visible = [t for t, m in zip(tokens, masked, strict=True) if not m]
        index = main_finite_verb(visible)
        if index is None:
            return "none"
        verb = visible[index]
        neighbours = {t.text.lower() for t in visible[max(0, index - 1) : index + 2]}
        if neighbours & {"ich", "wir"}:
            return "ind"
        if is_konjunktiv_i(verb.text, verb.lemma or verb.text):
            return "k1"
        if is_reportative_modal(visible, index, self.lexicon.reportative_modals):
            return "k1"
        if verb.text.lower() in self.lexicon.subjunctive_ii:
            return "k2"
        if is_weak_past(verb.text, verb.lemma or verb.text):
            return "past"
        if (verb.lemma or "").lower() in self.lexicon.reportative_modals:
            return "modal"
        return "ind"

    def _cue_is_reported(self, tokens: Sequence[Token], cue: Cue) -> bool:
        """Is the cue itself part of reported speech ("Man habe ihm gesagt, dass …")?"""
        if cue.kind != "verb":
            return False
        lo, hi = cue.clause
        for m in range(lo, hi):
            tok = tokens[m]
            if self._finite(tok):
                return is_konjunktiv_i(tok.text, tok.lemma or tok.text) or (
                    tok.text.lower() in self.lexicon.subjunctive_ii
                )
        return False

    # ------------------------------------------------------------------ subjects
    def _subject_speaker(
        self, ctx: _Context, tokens: Sequence[Token], masked: list[bool], i: int
    ) -> str | None:
        np = self._subject(tokens, masked, i)
        if np is None:
            return None
        return self._np_speaker(ctx, tokens, np)

    def _subject(
        self, tokens: Sequence[Token], masked: list[bool], i: int
    ) -> tuple[int, int, int] | None:
        """The subject noun phrase (start, core end, end) of the verb at ``i``."""
        if self.german:
            return self._subject_de(tokens, masked, i)
        return self._subject_en(tokens, masked, i)

    def _subject_de(
        self, tokens: Sequence[Token], masked: list[bool], i: int, depth: int = 0
    ) -> tuple[int, int, int] | None:
        n = len(tokens)
        fin = i
        if not self._finite(tokens[i]):
            fin = -1
            m = i - 1
            while m >= 0:
                if tokens[m].text == ")":
                    # "(Awoda, dt. etwa Arbeiterpartei)": commas in brackets.
                    while m >= 0 and tokens[m].text != "(":
                        m -= 1
                    m -= 1
                    continue
                if masked[m] or tokens[m].text in {",", ";", ":"}:
                    break
                if self._finite(tokens[m]):
                    fin = m
                    break
                m -= 1
            if fin < 0:
                if self._tg(tokens[i]) not in {"VVINF", "VVPP"}:
                    return None
                # "Die Kanadier sagen/VVINF", "X kritisiert/VVPP, dass": a present tense
                # tagged as infinitive or participle.
                fin = i
        lo = fin
        while lo > 0 and not masked[lo - 1] and tokens[lo - 1].text not in {",", ";", ":", "–"}:
            lo -= 1
        opener = self._as_clause_start(tokens, masked, fin)
        if opener is not None and opener < lo:
            # "…, wie Burt Rutan, Chef der Firma, mitteilte": the subject follows "wie".
            return self._np_or_pronoun(tokens, opener + 1, fin)
        # "X nannte das „fahrlässig“ und verwies auf …": coordinated verbs share the
        # subject of the first one.
        if depth < 2:
            for m in range(lo, fin):
                if self._finite(tokens[m]) and not masked[m]:
                    if any(tokens[x].text.lower() in COORDINATORS for x in range(m + 1, fin)):
                        return self._subject_de(tokens, masked, m, depth + 1)
                    if self._tg(tokens[m]) in {"VAFIN", "VMFIN"}:
                        # "hatte Merkel … verkündet/VVFIN": a participle tagged as
                        # finite; the auxiliary is the finite verb.
                        fin = m
                    else:
                        # "nannte X „…“ stellte aber fest": verbs side by side.
                        return self._subject_de(tokens, masked, m, depth + 1)
                    break
        if lo == fin and fin >= 2 and tokens[fin - 1].text == ",":
            # "Albrecht Conze, der Direktor der Mission, sagte", "Deiss, der …
            # entschlossen hatte, sagte": a subject with an apposition or a relative
            # clause, not an inverted speech clause.
            s0 = fin - 1
            while s0 > 0 and not masked[s0 - 1] and tokens[s0 - 1].text not in {";", ":"}:
                s0 -= 1
            while s0 < fin - 1 and self._tg(tokens[s0]) in {"ADV", "KON"}:
                s0 += 1
            if not any(masked[s0:fin]) and not any(self._finite(t) for t in tokens[s0 : fin - 1]):
                # No clause before the verb: "Ursula Castrup, die Leiterin der
                # Fachstelle für Suchtvorbeugung, sagte".
                np = self._np_forward(tokens, s0, fin)
                if np is not None:
                    return np
            if not any(masked[s0:fin]):
                np = self._np_forward(tokens, s0, fin)
                if np is not None and "," in {t.text for t in tokens[s0 : fin - 1]}:
                    if np[2] >= fin - 1:
                        return np
                    if (
                        np[2] + 1 < fin
                        and tokens[np[2]].text == ","
                        and self._tg(tokens[np[2] + 1]) in RELATIVE_TAGS
                        and self._relative_up_to(tokens, np[2] + 1, fin - 1)
                    ):
                        return np
        # Focus particles before the subject: "Auch er warf …", "Selbst der Minister sagte".
        while (
            lo < fin - 1
            and self._tg(tokens[lo]) in {"ADV", "PTKNEG"}
            and (self._tg(tokens[lo + 1]) in SUBJECT_PRONOUN_TAGS | DET_TAGS | CORE_TAGS)
        ):
            if self._tg(tokens[lo + 1]) in SUBJECT_PRONOUN_TAGS and lo + 2 != fin:
                break
            lo += 1
        first = tokens[lo] if lo < fin else None
        if first is not None:
            ftag = self._tg(first)
            word = first.text.lower()
            if ftag in SUBORDINATE_TAGS or word in self.lexicon.as_markers:
                # "wie der Verband mitteilte": the subject follows the subordinator.
                return self._np_or_pronoun(tokens, lo + 1, fin)
            if ftag in RELATIVE_TAGS and lo >= 2 and tokens[lo - 1].text == ",":
                return self._np_backward(tokens, lo - 2, 0)
            if ftag in SUBJECT_PRONOUN_TAGS and lo + 1 == fin:
                if word in NON_SUBJECT_PRONOUNS:
                    pass  # "Das sagte Merz": the subject follows the verb
                elif word in self.lexicon.pronouns or ftag == "PDS":
                    return lo, lo + 1, lo + 1
                else:
                    return None
            elif word not in OBJECT_ARTICLES and (
                ftag in DET_TAGS | CORE_TAGS or (ftag == "PIS" and first.text[:1].isupper())
            ):
                np = self._np_forward(tokens, lo, fin)
                if np is not None and not self._object_fronted(tokens, np, fin):
                    # The Vorfeld is one constituent: "Ken Rice vom Institut für
                    # Astronomie in Edinburgh sagte".
                    return np[0], np[1], max(np[2], fin)
        # Subject after the finite verb: "sagte der Minister", "verwies er darauf".
        k = fin + 1
        skipped = 0
        while k < n and self._tg(tokens[k]) in SKIP_AFTER_VERB and skipped < 3 and not masked[k]:
            k += 1
            skipped += 1
        if k < n and not masked[k] and tokens[k].text.lower() in OBJECT_ARTICLES:
            # A dative object first: "sagte dem Sender der Minister".
            np = self._np_forward(tokens, k, n)
            k = np[2] if np is not None else n
        found = None
        if k < n and not masked[k]:
            found = self._np_or_pronoun(tokens, k, n)
        if found is None and lo == fin and fin >= 2 and tokens[fin - 1].text == "," and depth < 2:
            # "Sybiha dankte, bat aber um mehr Hilfe": the subject of the clause before.
            for m in range(fin - 2, -1, -1):
                if masked[m] or tokens[m].text in {";", ":"}:
                    break
                if self._finite(tokens[m]):
                    first_verb = m
                    while first_verb > 0 and tokens[first_verb - 1].text != ",":
                        first_verb -= 1
                    return self._subject_de(tokens, masked, m, depth + 1)
        return found

    def _relative_up_to(self, tokens: Sequence[Token], k: int, comma: int) -> bool:
        """Is tokens[k:comma] a relative clause (it ends in a finite verb)?"""
        for m in range(comma - 1, k, -1):
            if self._verb(tokens[m]):
                return self._finite(tokens[m]) or any(
                    self._finite(t) for t in tokens[m + 1 : comma]
                )
            if tokens[m].text in {")", "“", "”", '"'}:
                continue
        return False

    def _is_apposition(self, tokens: Sequence[Token], lo: int, fin: int) -> bool:
        """tokens[lo:fin] is a name in apposition ("…, Lars Beringer, sagte")."""
        part = tokens[lo:fin]
        return (
            bool(part)
            and len(part) <= 4
            and all(self._tg(t) in NAME_TAGS | MOD_TAGS | {"NN"} for t in part)
            and any(self._tg(t) in NAME_TAGS for t in part)
        )

    def _object_fronted(self, tokens: Sequence[Token], np: tuple[int, int, int], fin: int) -> bool:
        """ "Eine Verschiebung bezeichnete Conze als fatal": a fronted object (with an
        article) and the subject, a name or pronoun, right after the verb. Genitive names
        ("Die Äußerungen Hassemers") do not make the fronted phrase a subject."""
        if self._tg(tokens[np[0]]) not in DET_TAGS:
            return False
        for k in range(np[0], np[1]):
            tok = tokens[k]
            if self._tg(tok) in NAME_TAGS:
                genitive = (
                    tok.text.endswith("s")
                    and k > np[0]
                    and self._tg(tokens[k - 1]) not in NAME_TAGS | DET_TAGS
                )
                genitive = genitive or (k > np[0] and tokens[k - 1].text.lower() in {"und"})
                if not genitive:
                    return False
        k = fin + 1
        if k >= len(tokens):
            return False
        nxt = tokens[k]
        return self._tg(nxt) in NAME_TAGS or (
            self._tg(nxt) == "PPER" and nxt.text.lower() in self.lexicon.pronouns
        )

    def _np_or_pronoun(
        self, tokens: Sequence[Token], k: int, hi: int
    ) -> tuple[int, int, int] | None:
        if k >= len(tokens):
            return None
        tok = tokens[k]
        if self._tg(tok) in SUBJECT_PRONOUN_TAGS:
            word = tok.text.lower()
            if word in self.lexicon.pronouns or self._tg(tok) == "PDS":
                return k, k + 1, k + 1
            return None
        if tok.text.lower() in NON_SUBJECT_PRONOUNS and self._tg(tok) not in DET_TAGS:
            return None
        return self._np_forward(tokens, k, hi)

    def _subject_en(
        self, tokens: Sequence[Token], masked: list[bool], i: int
    ) -> tuple[int, int, int] | None:
        n = len(tokens)
        k = i - 1
        while k >= 0 and self._tg(tokens[k]) in ENGLISH_AUX | {"AV0", "XX0"} and not masked[k]:
            k -= 1
        if k < 0 or masked[k]:
            # Sentence-initial verb or right after a quotation: "said Merz".
            return self._np_or_pronoun(tokens, i + 1, n)
        tok = tokens[k]
        if tok.text.lower() in COORDINATORS:
            # "X accused Y of … and said …": the subject of the first verb.
            for m in range(k - 1, -1, -1):
                if masked[m]:
                    continue
                if self._finite(tokens[m]) and self._tg(tokens[m]) not in ENGLISH_AUX:
                    return self._subject_en(tokens, masked, m)
            return None
        if tok.text == ",":
            # ", who led the delegation, said": skip the relative clause.
            for m in range(k - 1, -1, -1):
                if tokens[m].text == ",":
                    if m + 1 < k and self._tg(tokens[m + 1]) in RELATIVE_TAGS:
                        return self._np_backward(tokens, m - 1, 0)
                    break
            return self._np_or_pronoun(tokens, i + 1, n)
        if self._tg(tok) in SUBJECT_PRONOUN_TAGS:
            if tok.text.lower() in self.lexicon.pronouns:
                return k, k + 1, k + 1
            return None
        return self._np_backward(tokens, k, 0)

    # ------------------------------------------------------------------ noun phrases
    def _np_forward(self, tokens: Sequence[Token], k: int, hi: int) -> tuple[int, int, int] | None:
        """A noun phrase starting at ``k``: (start, core end, end) with genitives, "von"
        phrases, "in <Name>", name appositions and parentheses after the core."""
        n = min(hi, len(tokens))
        start = k
        j = k
        if (
            j + 1 < n
            and self._tg(tokens[j]) in {"PIS", "PIAT", "PIDAT", "CARD"}
            and tokens[j].text[:1].isupper()
            and tokens[j + 1].text.lower() in GENITIVE_ARTICLES | {"von"}
        ):
            # "Einer der Feuerwehrmänner", "Viele der Demonstranten": a quantifier head.
            sub = self._np_forward(
                tokens, j + 1 if tokens[j + 1].text.lower() != "von" else j + 2, n
            )
            if sub is not None:
                return start, j + 1, sub[2]
        while j < n and self._tg(tokens[j]) in DET_TAGS:
            j += 1
        core_start = j
        while j < n:
            value = self._tg(tokens[j])
            if value in CORE_TAGS:
                j += 1
                continue
            if tokens[j].text in QUOTE_CHARS and j > core_start - 1:
                # „National Hurricane Centre“ inside the phrase.
                close = next(
                    (m for m in range(j + 1, min(n, j + 8)) if tokens[m].text in QUOTE_CHARS),
                    None,
                )
                if (
                    close is not None
                    and close > j + 1
                    and tokens[j + 1].text[:1].isupper()
                    and all(self._tg(t) in CORE_TAGS | DET_TAGS for t in tokens[j + 1 : close])
                ):
                    j = close + 1
                    continue
                break
            if (
                tokens[j].text.lower() in {"und", "and"}
                and j > core_start
                and self._tg(tokens[j - 1]) in NAME_TAGS
            ):
                m = j + 1
                while m < n and self._tg(tokens[m]) in DET_TAGS:
                    m += 1
                if m < n and self._tg(tokens[m]) in NAME_TAGS:
                    j = m + 1
                    continue
            break
        if j == core_start or not any(self._tg(t) in NOUN_TAGS for t in tokens[core_start:j]):
            return None
        core_end = j
        end = j
        while end < n:
            word = tokens[end].text.lower()
            wtag = self._tg(tokens[end])
            if self.german and word in GENITIVE_ARTICLES and wtag == "ART":
                sub = self._np_forward(tokens, end, n)
                if sub is None or sub[1] == sub[0]:
                    break
                end = sub[2]
                continue
            if word in {"von", "vom", "of"} and end + 1 < n:
                sub = self._np_forward(tokens, end + 1, n)
                if sub is None:
                    break
                end = sub[2]
                continue
            if word in {"in", "aus"} and end + 1 < n and self._tg(tokens[end + 1]) in NAME_TAGS:
                end += 2
                while end < n and self._tg(tokens[end]) in NAME_TAGS:
                    end += 1
                continue
            if word == "(":
                close = next(
                    (m for m in range(end + 1, min(n, end + 8)) if tokens[m].text == ")"), None
                )
                if close is None:
                    break
                end = close + 1
                continue
            if word == "," and end + 1 < n:
                m = end + 1
                while m < n and self._tg(tokens[m]) in NAME_TAGS | {"NN", "ADJA", "NN1", "AJ0"}:
                    m += 1
                names = [t for t in tokens[end + 1 : m] if self._tg(t) in NAME_TAGS]
                if names and m - end - 1 <= 4 and (m >= n or tokens[m].text in {",", ")"}):
                    end = m + 1 if m < n and tokens[m].text == "," else m
                    continue
                # "Hans-Jürgen Papier, Präsident des Bundesverfassungsgerichtes, sagte":
                # a role in apposition to a name, closed by a comma.
                if any(self._tg(t) in NAME_TAGS for t in tokens[core_start:core_end]) and (
                    self._tg(tokens[end + 1]) in DET_TAGS | {"NN", "ADJA", "NN1", "AJ0"}
                ):
                    sub = self._np_forward(tokens, end + 1, n)
                    if sub is not None and sub[2] < n and tokens[sub[2]].text == ",":
                        end = sub[2] + 1
                        continue
            break
        while end > core_end and tokens[end - 1].text == ",":
            end -= 1
        return start, core_end, end

    def _np_backward(self, tokens: Sequence[Token], k: int, lo: int) -> tuple[int, int, int] | None:
        """The noun phrase ending at token ``k`` (inclusive)."""
        m = k
        if m >= 0 and tokens[m].text == ")":
            while m >= lo and tokens[m].text != "(":
                m -= 1
            m -= 1
        end_core = m + 1
        while m >= lo and (
            self._tg(tokens[m]) in CORE_TAGS | DET_TAGS
            or (tokens[m].text.lower() in {"of", "von", "vom"} and m > lo)
            or (self.german and tokens[m].text.lower() in GENITIVE_ARTICLES)
        ):
            m -= 1
        start = m + 1
        while start < end_core and tokens[start].text.lower() in {"of", "von", "vom"}:
            start += 1
        if start >= end_core or not any(self._tg(t) in NOUN_TAGS for t in tokens[start:end_core]):
            return None
        np = self._np_forward(tokens, start, k + 1)
        if np is None:
            return None
        return np[0], np[1], max(np[2], k + 1)

    def _np_speaker(
        self, ctx: _Context, tokens: Sequence[Token], np: tuple[int, int, int] | None
    ) -> str | None:
        """The entity a subject noun phrase names (see the module docstring)."""
        if np is None:
            return None
        start, core_end, end = np
        entities = ctx.entities
        first = tokens[start]
        if end - start == 1 and self._tg(first) in SUBJECT_PRONOUN_TAGS:
            return self._pronoun_speaker(ctx, first)
        c0 = start
        while c0 < core_end and self._tg(tokens[c0]) in DET_TAGS:
            c0 += 1
        if c0 >= core_end:
            return None
        if (
            first.text.lower() in {"its", "their"}
            and end == core_end
            and self.lexicon.is_person_noun(tokens[core_end - 1].text)
        ):
            # "Its spokesman said": the spokesman speaks for the subject named before.
            owner = self._owner_before(ctx, first.start)
            if owner is not None:
                return owner
        core_lo, core_hi = tokens[c0].start, tokens[core_end - 1].end
        span_hi = tokens[end - 1].end
        found = entities.in_span(core_lo, span_hi)
        in_core = [f for f in found if f[1] <= core_hi]
        head = tokens[core_end - 1]

        def kind_of(ent_id: str) -> str | None:
            ent = entities.by_id(ent_id)
            return ent.kind if ent is not None else None

        # A person at the head of the core ("Außenminister Guido Westerwelle").
        starts = {t.start for t in tokens[start:end]}
        persons = [f for f in in_core if kind_of(f[2]) == "person" and f[0] in starts]
        # "Carolyn McCarthy" matched on the surname as another person: not that one.
        suspect = [f for f in persons if self._other_first_name(ctx, tokens, f)]
        if first.text.lower() in INDEFINITE_ARTICLES:
            # "a spokeswoman", "ein Sprecher": someone, not the office holder of the day.
            suspect += [
                f
                for f in persons
                if not any(self._tg(t) in NAME_TAGS and f[0] <= t.start < f[1] for t in tokens)
            ]
        persons = [f for f in persons if f not in suspect]
        in_core = [f for f in in_core if f not in suspect]
        head_persons = [f for f in persons if f[1] >= head.start]
        if head_persons:
            person = head_persons[-1][2]
            self._code_from_modifier(ctx, person, in_core)
            return person
        # Trailing names not known to the knowledge base: an unknown person.
        k = core_end
        while k > c0 and self._tg(tokens[k - 1]) in NAME_TAGS:
            k -= 1
        names = tokens[k:core_end]
        if (
            names
            and k > c0
            and not any(f[0] < names[-1].end and names[0].start < f[1] for f in in_core)
            and (len(names) >= 2 or self._tg(tokens[k - 1]) in NOUN_TAGS)
        ):
            known = self._known_person(ctx, names)
            if known is not None:
                return known
            stop = self._affiliation_end(tokens, core_end, end)
            return self._adhoc(ctx, names[0].start, tokens[stop - 1].end, "person", found)
        # A person in apposition ("Ein Sprecher der Polizei, Lars Beringer").
        apposed = [
            f
            for f in found
            if f[0] >= core_hi and kind_of(f[2]) == "person" and self._after_comma(tokens, f[0])
        ]
        if apposed:
            return apposed[0][2]
        if (
            persons
            and self._tg(head) in NOUN_TAGS
            and self._possessor_of_head(tokens, persons, head)
        ):
            # "Putins Sprecher", "Trumps Anwalt", "Rezais Wahlkampfhelfer": the person only
            # owns the head noun; the speaker is the spokesman, lawyer or campaign team.
            owned = [f for f in in_core if f[0] >= head.start and kind_of(f[2]) != "person"]
            if owned:
                return owned[-1][2]
            kind = "person" if self.lexicon.is_person_noun(head.text) else "group"
            return self._adhoc(ctx, core_lo, span_hi, kind, found)
        if persons:
            return persons[-1][2]
        if not in_core and all(self._tg(t) in NAME_TAGS for t in tokens[c0:core_end]):
            known = self._known_person(ctx, tokens[c0:core_end])
            if known is not None:
                return known
            stop = self._affiliation_end(tokens, core_end, end)
            return self._adhoc(ctx, core_lo, tokens[stop - 1].end, "person", found)
        apposed_names = self._apposed_names(tokens, core_end, end)
        if apposed_names is not None:
            # "Der Doktorvater zu Guttenbergs, Peter Häberle": an unknown person.
            lo, hi = apposed_names
            known = self._known_person(ctx, tokens[lo:hi])
            if known is not None:
                return known
            return self._adhoc(ctx, tokens[lo].start, tokens[hi - 1].end, "person", found)
        if (
            first.text.lower() in {"der", "die", "the"}
            and end == core_end
            and not persons
            and all(self._tg(t) in MOD_TAGS for t in tokens[c0 : core_end - 1])
        ):
            # "the spokesman said" after "a government spokesman said": the same one.
            for ent_id in reversed(ctx.speakers):
                ent = entities.by_id(ent_id)
                if ent is not None and head.text in ent.name.split():
                    return ent_id
        if (
            first.text.lower() in {"der", "die", "the"}
            and end == core_end
            and self.lexicon.is_anaphoric_role(head.text)
            and not any(self._tg(t) in NAME_TAGS for t in tokens[c0:core_end])
        ):
            # "der SPD-Politiker", "the minister": the person named before.
            referent = self._salient_before(ctx, first.start)
            if referent is not None:
                return referent
        # The noun phrase is just a known actor's name ("Russland", "Der Kreml").
        if len(in_core) == 1:
            s, e, ent_id = in_core[0]
            ent = entities.by_id(ent_id)
            covers = s <= core_lo and e >= core_hi
            if ent is not None and covers and end == core_end and head.text in ent.name:
                return ent_id
        kind = "person" if self.lexicon.is_person_noun(head.text) else "group"
        return self._adhoc(ctx, core_lo, span_hi, kind, found)

    def _possessor_of_head(
        self, tokens: Sequence[Token], persons: list[tuple[int, int, str]], head: Token
    ) -> bool:
        """The last person is a genitive right before the head noun, with at most
        adjectives between ("Putins Sprecher", "Trumps neuer Anwalt", "Putin's aide")."""
        last = max(persons, key=lambda f: f[1])
        if any(f[1] > head.start for f in persons):
            return False
        between = [t for t in tokens if last[1] <= t.start and t.end <= head.start]
        if between and between[0].text in {"'s", "’s", "'", "’"}:
            between = between[1:]
        elif not any(
            t.start < last[1] <= t.end and t.text.endswith(("s", "'", "’")) for t in tokens
        ):
            # the mention may stop before the genitive s ("Rezai" in "Rezais")
            return False
        return all(self._tg(t) in {"ADJA", "AJ0", "JJ"} for t in between)

    def _owner_before(self, ctx: _Context, offset: int) -> str | None:
        """The organisation or state that was the last subject before ``offset``."""
        for at, tokens, np in reversed(ctx.subject_nps):
            if at >= offset:
                continue
            head = tokens[np[1] - 1]
            if self.lexicon.is_person_noun(head.text) or self._tg(head) in NAME_TAGS - {"NP0"}:
                return None
            return self._np_speaker(ctx, tokens, np)
        return None

    def _other_first_name(
        self, ctx: _Context, tokens: Sequence[Token], mention: tuple[int, int, str]
    ) -> bool:
        """ "Carolyn McCarthy" matched as "Kevin McCarthy" on the surname: the first name
        before the mention is not the known person's."""
        ent = ctx.entities.by_id(mention[2])
        if ent is None:
            return False
        inside = [t for t in tokens if mention[0] <= t.start and t.end <= mention[1]]
        if len(inside) != 1:
            return False  # matched on the full name
        before = [t for t in tokens if t.end <= mention[0]]
        prev = before[-1] if before else None
        if prev is None or self._tg(prev) not in NAME_TAGS or not prev.text[:1].isupper():
            return False
        if self.lexicon.is_person_noun(prev.text):
            return False  # "President Zelenskiy"
        if ctx.entities.in_span(prev.start, prev.end):
            return False
        return prev.text not in ent.name.split()

    def _code_from_modifier(
        self, ctx: _Context, person: str, in_core: list[tuple[int, int, str]]
    ) -> None:
        """An uncoded person named with a coded modifier ("British ambassador Barbara
        Woodward") acts for that state or organisation."""
        ent = ctx.entities.by_id(person)
        if ent is None or ent.code is not None:
            return
        codes = {
            (o.code, o.sector)
            for o in (ctx.entities.by_id(f[2]) for f in in_core if f[2] != person)
            if o is not None and o.code and o.kind != "person"
        }
        if len(codes) == 1:
            ent.code, sector = next(iter(codes))
            ent.sector = ent.sector or sector

    def _affiliation_end(self, tokens: Sequence[Token], k: int, end: int) -> int:
        """End of a "von der IG Metall" / "vom Institut für Astronomie" complement right
        after a name (part of an unknown person's name), else ``k``."""
        if k < end and tokens[k].text.lower() in {"von", "vom", "aus", "of", "from"}:
            m = k
            while m < end and tokens[m].text not in {",", "(", ";"}:
                m += 1
            return m
        return k

    def _apposed_names(self, tokens: Sequence[Token], k: int, end: int) -> tuple[int, int] | None:
        """Token range of names in apposition after the core: ", Peter Häberle,"."""
        m = k
        while m < end and tokens[m].text != ",":
            m += 1
        while m < end and tokens[m].text == ",":
            lo = m + 1
            hi = lo
            while hi < end and self._tg(tokens[hi]) in NAME_TAGS:
                hi += 1
            if hi - lo >= 2 and (hi >= end or tokens[hi].text in {",", "("}):
                return lo, hi
            m = hi
            while m < end and tokens[m].text != ",":
                m += 1
        return None

    def _known_person(self, ctx: _Context, names: Sequence[Token]) -> str | None:
        """A person already in the table whose name ends with these words ("Lin" after
        "Lin Jian")."""
        words = [t.text for t in names]
        for ent in ctx.entities.entities:
            if ent.kind != "person":
                continue
            parts = _name_words(ent.name)
            if len(parts) > len(words) and parts[-len(words) :] == words:
                return ent.id
        if len(words) == 1:
            for ent in ctx.entities.entities:
                if ent.kind == "person" and words[0] in _name_words(ent.name)[:-1]:
                    return ent.id
        return None

    def _after_comma(self, tokens: Sequence[Token], offset: int) -> bool:
        for k, tok in enumerate(tokens):
            if tok.start == offset:
                return k > 0 and tokens[k - 1].text == ","
        return False

    def _adhoc(
        self,
        ctx: _Context,
        start: int,
        end: int,
        kind: str,
        inner: list[tuple[int, int, str]],
    ) -> str:
        """An entity the knowledge base does not know, coded by a known actor inside it
        ("Das Verteidigungsministerium in Moskau" -> RUS)."""
        code = sector = None
        for _s, _e, ent_id in inner:
            ent = ctx.entities.by_id(ent_id)
            if ent is not None and ent.code:
                code, sector = ent.code, ent.sector
                break
        name = ctx.text[start:end].strip()
        return ctx.entities.add_adhoc(name, kind, start, end, code=code, sector=sector)

    # ------------------------------------------------------------------ reference
    def _pronoun_speaker(self, ctx: _Context, token: Token) -> str | None:
        referent = self._salient_before(ctx, token.start)
        # A later subject that names a person without a known name ("Der Student …,
        # hatte er gefragt"), agreeing with the pronoun.
        at = max((a for a, _ in ctx.salient if a < token.start), default=-1)
        for offset, tokens, np in reversed(ctx.subject_nps):
            if offset >= token.start:
                continue
            if offset <= at:
                break
            if self._agrees(token, tokens, np):
                antecedent = self._np_speaker(ctx, tokens, np)
                if antecedent is not None:
                    return antecedent
            break
        if referent is not None:
            return referent
        found = ctx.entities.in_span(token.start, token.end)
        return found[0][2] if found else None

    def _salient_before(self, ctx: _Context, offset: int) -> str | None:
        """The last person before ``offset`` who was a subject or a speaker."""
        for at, ent_id in reversed(ctx.salient):
            if at < offset:
                return ent_id
        return ctx.entities.person_before(offset)

    def _remember(self, ctx: _Context, offset: int, entity_id: str) -> None:
        ent = ctx.entities.by_id(entity_id)
        ctx.last_speaker = entity_id
        ctx.speakers.append(entity_id)
        if ent is not None and ent.kind == "person":
            ctx.salient.append((offset, entity_id))
            ctx.salient.sort()

    def _note_subjects(self, ctx: _Context, tokens: Sequence[Token], masked: list[bool]) -> None:
        """Record the person who is the subject of the sentence's main clause."""
        visible = [k for k in range(len(tokens)) if not masked[k]]
        fin = None
        for k in visible:
            if self._finite(tokens[k]):
                fin = k
                break
        if fin is None:
            return
        np = self._subject(tokens, masked, fin)
        if np is None:
            return
        start, _core_end, end = np
        if end - start == 1 and self._tg(tokens[start]) in SUBJECT_PRONOUN_TAGS:
            return
        ctx.subject_nps.append((tokens[start].start, tokens, np))
        found = ctx.entities.in_span(tokens[start].start, tokens[end - 1].end)
        for s, _e, ent_id in found:
            ent = ctx.entities.by_id(ent_id)
            if ent is not None and ent.kind == "person":
                ctx.salient.append((s, ent_id))
                ctx.salient.sort()
                return

    def _agrees(self, pronoun: Token, tokens: Sequence[Token], np: tuple[int, int, int]) -> bool:
        """Could this subject be what "er"/"sie"/"he"/"she" refers to: a person noun with
        an article of the pronoun's gender ("der Student" for "er")?"""
        start, core_end, _end = np
        head = tokens[core_end - 1]
        if not self.lexicon.is_person_noun(head.text):
            return False
        article = tokens[start].text.lower()
        word = pronoun.text.lower()
        if word == "er":
            return article in {"der", "ein", "dieser", "jener", "kein"}
        if word == "sie":
            return article in {"die", "eine", "diese", "keine"}
        return True

    def _about_speaker(self, ctx: _Context, tokens: Sequence[Token], speaker: str) -> bool:
        for tok in tokens[:4]:
            if tok.text.lower() in self.lexicon.pronouns:
                return True
            found = ctx.entities.in_span(tok.start, tok.end)
            if found and found[0][2] == speaker:
                return True
        return False

    # ------------------------------------------------------------------ events API
    def source_phrase(
        self, tokens: Sequence[Token], entities: EntityTable, text: str | None = None
    ) -> str | None:
        """The entity named by "nach Angaben von X", "laut X", "X zufolge", "according to X"
        (for the source of events stated in the sentence)."""
        if not tokens:
            return None
        self._fixed = {}  # tags are cached by token identity: start afresh
        ctx = _Context(text=text or "", sentences=[], entities=entities)
        masked = [False] * len(tokens)
        if text is None:
            return self._known_source(tokens, entities)
        for cue in self._source_cues(ctx, tokens, masked):
            if cue.speaker is not None:
                return cue.speaker
        return None

    def _known_source(self, tokens: Sequence[Token], entities: EntityTable) -> str | None:
        """Source phrases whose source is an entity already in the table."""
        words = [t.text.lower() for t in tokens]
        n = len(tokens)
        for i, word in enumerate(words):
            lo = hi = -1
            if word in self.lexicon.source_prepositions and (
                word != "nach" or (i + 1 < n and self._speech_noun_after(tokens, i))
            ):
                lo, hi = i + 1, min(n, i + 8)
            elif self._phrase_at(words, i):
                size = self._phrase_at(words, i) or 0
                lo, hi = i + size, min(n, i + size + 6)
            elif word == "zufolge" and i > 0:
                lo, hi = max(0, i - 5), i
            if lo < 0 or lo >= hi:
                continue
            found = entities.in_span(tokens[lo].start, tokens[hi - 1].end)
            if found:
                for _s, _e, ent_id in found:
                    ent = entities.by_id(ent_id)
                    if ent is not None and ent.kind == "person":
                        return ent_id
                return found[0][2]
        return None

    def _speech_noun_after(self, tokens: Sequence[Token], i: int) -> bool:
        for k in range(i + 1, min(len(tokens), i + 4)):
            if self.lexicon.is_speech_noun(tokens[k].text):
                return True
            if self._tg(tokens[k]) not in MOD_TAGS | DET_TAGS:
                return False
        return False


def _name_words(name: str) -> list[str]:
    """The words of a person's name before an affiliation ("Patrick Georg von der IG
    Metall" -> ["Patrick", "Georg"])."""
    words = name.split()
    for k, word in enumerate(words):
        if k > 0 and word[:1].islower():
            return words[:k]
    return words


def _span(tokens: Sequence[Token], lo: int, hi: int) -> Span:
    """Character span of tokens[lo:hi]."""
    return tokens[lo].start, tokens[hi - 1].end
