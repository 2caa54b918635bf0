"""Lemmas and POS tags with HanTa, memoised for throughput.

HanTa (``HanTa.HanoverTagger``) is pure Python. Its sentence tagger spends nearly all
its time in two word-level computations that do not depend on the sentence: the tag
distribution of a word (``_tag_word``; a key of (word, case-sensitive?) because the
first word of a sentence is looked up case-insensitively) and the lemma of a word
given its tag (``_analyze``; a key of (lower-cased word, tag)). Both are memoised here in
bounded LRU caches per model, and the sentence Viterbi is re-implemented to iterate over
a word's few candidate tags instead of every transition (same scores; only exact ties
could be broken differently).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

from wirecoder.nlp.langdata import lang_data, norm_language
from wirecoder.nlp.sentences import QUOTES, split_sentences
from wirecoder.nlp.tagsets import hanta_to_stts
from wirecoder.nlp.tokens import tokenize
from wirecoder.records import AnalyzedText, Article, Token

MODELS = {"de": "morphmodel_ger.pgz", "en": "morphmodel_en.pgz"}
CACHE_SIZE = 1 << 18

# HanTa's internal state ids (HanTa.HanoverTagger module constants).
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_LOWER = -1e6

_DASHES = "-–—‒―−"
_QUOTE_FORMS = QUOTES + "`´"
_PRONOUN_TAGS = frozenset({"PPER", "PRF", "PNP", "PNX"})
_ADJ_TAGS = frozenset({"ADJA", "ADJD", "AJ0"})
_NOUNLIKE = frozenset({"NN", "NE", "FM", "XY", "TRUNC", "NP0", "UNC"})
_NUMBER = re.compile(r"[+\-−]?\d+(?:[.,:/]\d+)*")
_ORDINAL = re.compile(r"\d{1,3}\.")
_URL = re.compile(r"^(?:https?://|ftp://|www\.)|@|\.(?:de|com|org|net|at|ch|eu|uk|gov)\b")

# Token kinds for lemma handling.
_WORD, _LITERAL, _COMPOUND = 0, 1, 2


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A bounded memo table: when full, the oldest tenth of the entries is dropped."""

    def __init__(self, func: Callable[..., V], maxsize: int) -> None:
        self.func = func
        self.maxsize = maxsize
        self.data: dict[Any, V] = {}
        self.hits = self.misses = 0

    def __call__(self, *key: Any) -> V:
        value = self.data.get(key)
        if value is None:
            self.misses += 1
            value = self.func(*key)
            if len(self.data) >= self.maxsize:
                for old in list(islice(self.data, max(1, self.maxsize // 10))):
                    del self.data[old]
            self.data[key] = value
        else:
            self.hits += 1
        return value


def _restore_case(lemma: str, word: str) -> str:
    """Copy the word's letter case onto the lemma over their common prefix
    ("Us-sondergesandte" for "US-Sondergesandte" -> "US-Sondergesandte")."""
    n = 0
    for a, b in zip(lemma, word, strict=False):
        if a.lower() != b.lower():
            break
        n += 1
    return word[:n] + lemma[n:] if n else lemma


@dataclass(frozen=True)
class _Form:
    form: str  # what the tagger sees
    forced: int | None  # tag id fixed in advance (abbreviations, URLs)
    kind: int
    prefix: str = ""  # compound modifier kept verbatim before the head's lemma


class HanTaModel:
    """One HanTa model with memoised word-level computations."""

    def __init__(self, language: str, cache_size: int = CACHE_SIZE) -> None:
        from HanTa.HanoverTagger import HanoverTagger

        self.language = norm_language(language)
        self.ht: Any = HanoverTagger(MODELS[self.language])
        self.data = lang_data(self.language)
        ht = self.ht
        self._trans: dict[Any, dict[int, float]] = ht.LP_trans_word
        self._int2tag: dict[int, str] = ht.int2tag
        # Output tag name per tag id: STTS for German, C5 for English.
        if self.language == "de":
            self._tagname = {i: hanta_to_stts(t) for i, t in ht.int2tag.items()}
        else:
            self._tagname = {i: t for i, t in ht.int2tag.items()}
        # Tag ids of the POS tags (those that can end a word), by output name.
        pos_ids: dict[str, int] = {}
        for name, tid in ht.tag2int.items():
            if ("END_" + name) in ht.tag2int and tid > 0:
                out = self._tagname[tid]
                if out not in pos_ids or out == name:
                    pos_ids[out] = tid
        self.pos_ids = pos_ids
        self._xy = pos_ids.get("XY") or pos_ids.get("UNC")
        self._card = pos_ids.get("CARD") or pos_ids.get("CRD")
        self.word_probs: Memo[tuple[str, bool], dict[int, float]] = Memo(
            self._word_probs, cache_size
        )
        self.lemma: Memo[tuple[str, int], str] = Memo(self._lemma, cache_size)
        self.form: Memo[tuple[str], _Form] = Memo(self._form, cache_size)

    # -- persistent word cache --------------------------------------------------------

    def save_cache(self, path: str | Path) -> int:
        """Write the word-level results (tag scores, lemmas) as gzipped JSON; returns
        the number of entries. Loading them in another process skips HanTa's search for
        every word seen before (the expensive part for unknown words)."""
        probs = [
            [w, cs, [[t, p] for t, p in v.items()]] for (w, cs), v in self.word_probs.data.items()
        ]
        lemmas = [[w, t, lem] for (w, t), lem in self.lemma.data.items()]
        doc = {"language": self.language, "word_probs": probs, "lemmas": lemmas}
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
        return len(probs) + len(lemmas)

    def load_cache(self, path: str | Path) -> int:
        """Add the entries written by :meth:`save_cache` (same language and HanTa model)."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
        if doc.get("language") != self.language:
            raise ValueError(f"cache {path} is for {doc.get('language')!r}, not {self.language!r}")
        n = 0
        for w, cs, items in doc["word_probs"]:
            self.word_probs.data[(w, bool(cs))] = {int(t): float(p) for t, p in items}
            n += 1
        for w, t, lem in doc["lemmas"]:
            self.lemma.data[(w, int(t))] = lem
            n += 1
        return n

    # -- word level, memoised -------------------------------------------------------

    def _word_probs(self, word: str, case_sensitive: bool) -> dict[int, float]:
        probs = dict(
            self.ht._tag_word(word, cutoff=5, casesensitive=case_sensitive, conditional=True)
        )
        if len(probs) == 1 and _UNKNOWN in probs:
            return {}
        return probs

    def _lemma(self, lower: str, tag: int) -> str:
        return str(self.ht._analyze(lower, tag, taglevel=1)[0])

    def _form(self, text: str) -> _Form:
        data = self.data
        if all(ch in _QUOTE_FORMS for ch in text):
            return _Form('"', None, _LITERAL)
        if all(ch in _DASHES for ch in text):
            return _Form("-", None, _LITERAL)
        if text == "…" or (len(text) > 1 and text.strip(".") == ""):
            return _Form("...", None, _LITERAL)
        tag = data.tag_for(text)
        if tag is not None and tag in self.pos_ids:
            return _Form(text, self.pos_ids[tag], _LITERAL)
        if data.is_abbreviation(text):
            return _Form(text, None, _LITERAL)
        if _NUMBER.fullmatch(text):  # every number is a new word to HanTa: skip its search
            return _Form(text, self._card, _LITERAL)
        if self.language == "de" and _ORDINAL.fullmatch(text):
            return _Form(text, self.pos_ids["ADJA"], _LITERAL)
        if len(text) > 4 and _URL.search(text):
            return _Form(text, self._xy, _LITERAL)
        form = text.replace("’", "'").replace("\u00ad", "").replace("‐", "-").replace("‑", "-")
        if not form:
            # Only invisible characters (a lone soft hyphen): nothing for HanTa to tag.
            return _Form(text, self._xy, _LITERAL)
        if self.language == "de" and "-" in form[1:-1]:
            cut = form.rindex("-") + 1
            head = form[cut:]
            if len(head) > 1 and any(ch.isalpha() for ch in head):
                return _Form(head, None, _COMPOUND, form[:cut])
        return _Form(form, None, _WORD)

    # -- sentence level -------------------------------------------------------------

    def viterbi(self, forms: list[_Form]) -> list[int]:
        """Best tag id per word: HanTa's ``tag_sent_viterbi`` with memoised word scores."""
        trans = self._trans
        backs: list[dict[tuple[int, int], tuple[int, int]]] = []
        prevrow: dict[tuple[int, int], float] = {(_EMPTY, _START): 0.0}
        for i, f in enumerate(forms):
            wprobs = {f.forced: 0.0} if f.forced is not None else self.word_probs(f.form, i > 0)
            row: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], tuple[int, int]] = {}
            bound = sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else _LOWER
            for state, lp0 in prevrow.items():
                if lp0 < bound:
                    continue
                lp_t = trans.get(state)
                if not lp_t:
                    continue
                s1 = state[1]
                if wprobs:
                    for c, lpw in wprobs.items():
                        lpt = lp_t.get(c)
                        if lpt is None:
                            continue
                        lp = lp0 + lpt + lpw
                        if lp > _LOWER:
                            ns = (s1, c)
                            old = row.get(ns)
                            if old is None or lp > old:
                                row[ns] = lp
                                back[ns] = state
                else:  # unknown word: any tag the transitions allow
                    for c, lpt in lp_t.items():
                        if c == _END:
                            continue
                        lp = lp0 + lpt
                        if lp > _LOWER:
                            ns = (s1, c)
                            old = row.get(ns)
                            if old is None or lp > old:
                                row[ns] = lp
                                back[ns] = state
            if not row:
                # No path (a forced tag the model never saw here): keep the best state.
                state = max(prevrow, key=prevrow.__getitem__)
                c = f.forced if f.forced is not None else (self._xy or _UNKNOWN)
                row[(state[1], c)] = prevrow[state]
                back[(state[1], c)] = state
            backs.append(back)
            prevrow = row
        best = None
        best_lp = -math.inf
        for state, lp0 in prevrow.items():
            lp = lp0 + trans.get(state, {}).get(_END, -math.inf)
            if best is None or lp > best_lp:
                best, best_lp = state, lp
        tags: list[int] = []
        state = best  # type: ignore[assignment]
        for i in range(len(forms) - 1, -1, -1):
            tags.append(state[1])
            if i:
                state = backs[i][state]
        tags.reverse()
        return tags

    def tag(self, tokens: list[Token]) -> None:
        """Set ``lemma`` and ``pos`` on the tokens of one sentence, in place."""
        if not tokens:
            return
        forms = [self.form(t.text) for t in tokens]
        tags = self.viterbi(forms)
        names = self._tagname
        overrides = self.data.lemmas
        initial = True
        for tok, f, tid in zip(tokens, forms, tags, strict=True):
            name = names.get(tid, "XY")
            tok.pos = name
            was_initial = initial
            initial = f.kind == _LITERAL and tok.text in _QUOTE_FORMS + "(-–:"
            if f.kind == _LITERAL:
                tok.lemma = tok.text
                continue
            lemma = self.lemma(f.form.lower(), tid)
            if name in _PRONOUN_TAGS:
                lemma = overrides.get(f.form.lower(), lemma)
            elif (
                name in _ADJ_TAGS
                and not was_initial
                and f.form[:1].isupper()
                and lemma[:1].islower()
                and lemma.lower() == f.form.lower()
            ):
                lemma = f.form  # invariant adjectives from names: "Münchner", "Schweizer"
            if f.kind == _COMPOUND:
                head = f.form
                if name in _NOUNLIKE or head[:1].isupper():
                    lemma = _restore_case(lemma, head)
                if lemma[:1].isupper() and head[:1].islower():
                    lemma = lemma[:1].lower() + lemma[1:]
                tok.lemma = f.prefix + lemma
            elif name in _NOUNLIKE:
                tok.lemma = _restore_case(lemma, f.form)
            else:
                tok.lemma = lemma

    def morphemes(
        self, word: str, pos: str | None = None
    ) -> tuple[str, list[tuple[str, str]], str]:
        """HanTa's ``taglevel=3`` analysis: (stem, [(morpheme, morpheme tag)], HanTa tag)."""
        tid = self.pos_ids.get(pos) if pos else None
        if tid is None:
            tid = self.ht._tag_word(word, cutoff=0)[0][0]
        stem, morphs, tag = self.ht._analyze(word, tid, taglevel=3)
        return str(stem), [(str(m), str(t)) for m, t in morphs], str(tag)


class TextAnalyzer:
    """Sentences, tokens, lemmas and POS tags for articles.

    HanTa models are loaded lazily, once per language and instance; word-level results
    are cached per instance, so keep one analyzer per process and reuse it."""

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self.cache_size = cache_size
        self._models: dict[str, HanTaModel] = {}

    def __getstate__(self) -> dict[str, Any]:  # picklable for multiprocessing
        return {"cache_size": self.cache_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.cache_size = state["cache_size"]
        self._models = {}

    def model(self, language: str) -> HanTaModel:
        code = norm_language(language)
        m = self._models.get(code)
        if m is None:
            m = self._models[code] = HanTaModel(code, self.cache_size)
        return m

    def analyze(self, article: Article) -> AnalyzedText:
        language = norm_language(article.language)
        text = article.text
        model = self.model(language)
        sentences = split_sentences(text, language)
        for sent in sentences:
            sent.tokens = tokenize(text, sent.start, sent.end, language)
            model.tag(sent.tokens)
        return AnalyzedText(article=article, language=language, sentences=sentences)

    def save_cache(self, path: str | Path, language: str = "de") -> int:
        """Persist the word cache of ``language`` (see :meth:`HanTaModel.save_cache`)."""
        return self.model(language).save_cache(path)

    def load_cache(self, path: str | Path, language: str = "de") -> int:
        """Warm the word cache of ``language`` from a file written by :meth:`save_cache`."""
        return self.model(language).load_cache(path)

    def tag_tokens(self, tokens: list[Token], language: str) -> None:
        """Set lemma and POS on one sentence's tokens (e.g. gold tokens), in place."""
        self.model(language).tag(tokens)

    def morphology(self, word: str, pos: str | None = None, language: str = "de") -> str:
        """HanTa's morpheme analysis of ``word`` as a string, e.g. for "habe"
        ``"hab/VA + e/SUF_FIN -> VAFIN"``, "seien" ``"seien/VA_IRR -> VAFIN"``,
        "käme" ``"käm/VV_VAR + e/SUF_FIN -> VVFIN"`` (``_VAR``: umlaut/ablaut stem,
        ``_IRR``: suppletive form). ``pos`` (STTS/C5) fixes the tag; else HanTa's
        best guess for the word alone. HanTa marks no mood, tense or person: see
        :func:`wirecoder.nlp.morph.verb_mood` for Konjunktiv detection."""
        model = self.model(language)
        _stem, morphs, tag = model.morphemes(word, pos)
        out_tag = hanta_to_stts(tag) if model.language == "de" else tag
        return " + ".join(f"{m}/{t}" for m, t in morphs) + " -> " + out_tag
