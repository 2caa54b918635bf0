"""Measure actor mention recognition against GermEval 2014 NER (outer tags).

    .venv/bin/python bench/germeval_ner.py [--shared ../shared] [--split test|dev]
        [--limit N] [--errors N] [--names] [--json FILE]

Reads ``<shared>/data/germeval2014-ner/NER-de-<split>.tsv`` (read only; never copied
into the repository).  Each sentence's gold tokens are joined by single spaces, tagged
by :class:`wirecoder.nlp.TextAnalyzer` (HanTa lemma/POS) and passed to
:func:`wirecoder.extract.mentions.find_mentions` with the sentence's date from the
GermEval header line.

Our mentions are mapped to GermEval's outer classes:

* ``person`` -> PER, ``state``/``place`` -> LOC, ``organisation``/``group`` -> ORG;
* state adjectives and demonyms ("britische", "Amerikaner") -> LOCderiv, as GermEval
  annotates them;
* a mention covering only part of a token ("US" in "US-Soldaten", "NATO" in
  "NATO-Gebiet") -> <class>part over the whole token, as GermEval annotates it;
* phrases built from a name and a role or institution noun ("britische Soldaten",
  "Regierung Russlands", "der britische Premierminister" resolved to a person) are
  scored on their name part only ("britische", "Russlands"); unknown names after role
  nouns ("Präsident Taras Kowalenko") are already mentions of the name alone.

Reported: precision/recall/F1 per class (exact span and type) for PER, LOC, ORG and
the derived/part classes, micro-averages, and an "any entity" row that ignores the
class (gold: every PER/LOC/ORG span incl. -deriv/-part) with exact and overlapping
spans.  ``--names`` adds the rule-based unknown-name fallback of
:mod:`wirecoder.actors.names` (person names the knowledge base does not know) so its
effect can be compared; ``--errors N`` prints the N most frequent misses and false
alarms per class (use ``--split dev`` for error analysis, keep test for reporting).

``--ne-classifier`` (with ``--names``) measures the statistical fallback we did not
ship: a multinomial logistic regression over runs of HanTa ``NE``/``FM`` tokens left
uncovered (hashed features: length, given name, first/last word and suffix, neighbour
words and tags), trained here on the dev split (never on test) and applied to the
scored split; nothing is written to disk.

This is a measurement, not a pass/fail test.  GermEval is 2009/2010 news and
Wikipedia with every kind of name (footballers, villages, companies, bands); the
knowledge base holds political actors, so recall is bounded by design.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import Token

CLASSES = ("PER", "LOC", "ORG")
DERIVED = ("LOCderiv", "PERpart", "LOCpart", "ORGpart")
_KIND_CLASS = {
    "person": "PER",
    "state": "LOC",
    "place": "LOC",
    "organisation": "ORG",
    "group": "ORG",
}
_NAME_TAGS = frozenset({"actor", "capital", "adjective", "demonym", "person"})

Span = tuple[int, int, str]  # token start, token end (exclusive), class


@dataclass
class GoldSentence:
    tokens: list[str]
    tags: list[str]
    date: str | None
    spans: list[Span] = field(default_factory=list)


def read_germeval(path: Path) -> Iterator[GoldSentence]:
    """Sentences of a GermEval 2014 TSV file with their outer-tag spans."""
    tokens: list[str] = []
    tags: list[str] = []
    date: str | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                date = None
                for part in line.split("\t"):
                    part = part.strip()
                    if part.startswith("[") and part.endswith("]") and len(part) == 12:
                        date = part[1:-1]
                continue
            if not line.strip():
                if tokens:
                    yield GoldSentence(tokens, tags, date, bio_spans(tags))
                tokens, tags = [], []
                continue
            cells = line.split("\t")
            tokens.append(cells[1])
            tags.append(cells[2] if len(cells) > 2 else "O")
    if tokens:
        yield GoldSentence(tokens, tags, date, bio_spans(tags))


def bio_spans(tags: list[str]) -> list[Span]:
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if label:
            spans.append((start, i, label))
        start, label = (i, tag[2:]) if tag[:2] in ("B-", "I-") else (-1, "")
    return spans


def make_tokens(words: list[str]) -> tuple[str, list[Token]]:
    out: list[Token] = []
    pos = 0
    for w in words:
        out.append(Token(w, pos, pos + len(w)))
        pos += len(w) + 1
    return " ".join(words), out


# --------------------------------------------------------------------------- mapping


def _token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    t0 = next(i for i, t in enumerate(tokens) if t.end > start)
    t1 = max(i for i, t in enumerate(tokens) if t.start < end) + 1
    return t0, t1


def _name_parts(m: Mention, tokens: list[Token], kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """Character spans and classes of the names inside a role/institution phrase."""
    t0, t1 = _token_range(tokens, m.start, m.end)
    out: list[tuple[int, int, str]] = []
    t = t0
    while t < t1:
        hit = None
        surface = ""
        for j in range(t, min(t1, t + kb.max_tokens)):
            if j > t:
                surface += " " if tokens[j].start > tokens[j - 1].end else ""
            surface += tokens[j].text
            entries = [e for e in kb.entries(surface) if e.tag in _NAME_TAGS and not e.bare]
            if entries:
                hit = (j, entries)
        if hit is not None:
            j, entries = hit
            trim = max(e.trim for e in entries)
            out.append((tokens[t].start, tokens[j].end - trim, _entry_class(entries[0])))
            t = j + 1
            continue
        tok = tokens[t]
        if "-" in tok.text:  # "US-Soldaten": the name is a part of the token
            head = tok.text.split("-", 1)[0]
            entries = [e for e in kb.entries(head) if e.tag in _NAME_TAGS]
            if entries:
                out.append((tok.start, tok.start + len(head), _entry_class(entries[0])))
        t += 1
    return out


def _entry_class(entry: object) -> str:
    tag = getattr(entry, "tag", "")
    if tag in ("adjective", "demonym"):
        return "LOCderiv"
    return _KIND_CLASS.get(getattr(entry, "kind", ""), "ORG")


def predicted_spans(mentions: list[Mention], tokens: list[Token], kb: KnowledgeBase) -> set[Span]:
    """Our mentions as GermEval-style token spans with classes."""
    out: set[Span] = set()
    for m in mentions:
        if m.via == "institution" and not m.key.startswith("name:"):
            parts = _name_parts(m, tokens, kb)
        elif m.via in ("adjective", "demonym"):
            parts = [(m.start, m.end, "LOCderiv")]
        else:
            parts = [(m.start, m.end, _KIND_CLASS.get(m.kind, "ORG"))]
        for start, end, cls in parts:
            t0, t1 = _token_range(tokens, start, end)
            whole = tokens[t0].start == start and tokens[t1 - 1].end == end
            if not whole:
                cls = cls.removesuffix("deriv") + "part"
            out.add((t0, t1, cls))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Result:
    counts: dict[str, Counts] = field(default_factory=dict)
    misses: dict[str, Counter[str]] = field(default_factory=dict)
    false: dict[str, Counter[str]] = field(default_factory=dict)
    sentences: int = 0
    seconds: float = 0.0

    def c(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())


def score_sentence(
    res: Result, gold: list[Span], pred: set[Span], words: list[str], scored: tuple[str, ...]
) -> None:
    gold_set = {s for s in gold if s[2] in scored}
    pred_set = {s for s in pred if s[2] in scored}
    for s in gold_set | pred_set:
        c = res.c(s[2])
        text = " ".join(words[s[0] : s[1]])
        if s in gold_set and s in pred_set:
            c.tp += 1
        elif s in gold_set:
            c.fn += 1
            res.misses.setdefault(s[2], Counter())[text] += 1
        else:
            c.fp += 1
            res.false.setdefault(s[2], Counter())[text] += 1
    # class-blind rows
    g_any = {(a, b) for a, b, _ in gold_set}
    p_any = {(a, b) for a, b, _ in pred_set}
    exact = res.c("any (exact span)")
    exact.tp += len(g_any & p_any)
    exact.fp += len(p_any - g_any)
    exact.fn += len(g_any - p_any)
    loose = res.c("any (overlap)")
    loose.tp += sum(1 for g in g_any if any(p[0] < g[1] and g[0] < p[1] for p in p_any))
    loose.fn += sum(1 for g in g_any if not any(p[0] < g[1] and g[0] < p[1] for p in p_any))
    loose.fp += sum(1 for p in p_any if not any(p[0] < g[1] and g[0] < p[1] for g in g_any))


# ------------------------------------------------------- statistical fallback (measured)

_RUN_LABELS = ("O", "PER", "LOC", "ORG")
_DIM = 1 << 18


def _ne_runs(tokens: list[Token], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Maximal runs of NE/FM-tagged capitalised tokens that no mention covers."""
    covered = {
        k for m in mentions for k, t in enumerate(tokens) if t.start < m.end and m.start < t.end
    }
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].pos in ("NE", "FM") and i not in covered and tokens[i].text[:1].isupper():
            j = i
            while j < len(tokens) and tokens[j].pos in ("NE", "FM") and j not in covered:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _run_features(tokens: list[Token], i: int, j: int, given: frozenset[str]) -> list[int]:
    run = tokens[i:j]
    prev = tokens[i - 1] if i else None
    nxt = tokens[j] if j < len(tokens) else None
    names = [
        "bias",
        f"len={min(j - i, 4)}",
        f"given={run[0].text in given}",
        f"w0={run[0].text.lower()}",
        f"wl={run[-1].text.lower()}",
        f"suf0={run[0].text[-3:].lower()}",
        f"sufl={run[-1].text[-3:].lower()}",
        f"prev={prev.text.lower() if prev else '<s>'}",
        f"next={nxt.text.lower() if nxt else '</s>'}",
        f"prevpos={prev.pos if prev else '<s>'}",
        f"nextpos={nxt.pos if nxt else '</s>'}",
        f"caps={all(t.text.isupper() for t in run)}",
        f"hyphen={any('-' in t.text for t in run)}",
        f"initial={i == 0}",
    ]
    if i > 1:
        names.append(f"prev2={tokens[i - 2].text.lower()}")
    return [zlib.crc32(n.encode()) % _DIM for n in names]


class RunClassifier:
    """Multinomial logistic regression over hashed run features (SGD, a few epochs)."""

    def __init__(self) -> None:
        self.w: dict[int, list[float]] = {}

    def probs(self, feats: list[int]) -> list[float]:
        z = [0.0] * len(_RUN_LABELS)
        for f in feats:
            row = self.w.get(f)
            if row is not None:
                z = [a + b for a, b in zip(z, row, strict=True)]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]

    def fit(self, data: list[tuple[list[int], int]], epochs: int = 15, lr: float = 0.5) -> None:
        for epoch in range(epochs):
            step = lr / (1 + epoch)
            for feats, y in data:
                p = self.probs(feats)
                p[y] -= 1.0
                for f in feats:
                    row = self.w.setdefault(f, [0.0] * len(_RUN_LABELS))
                    for k, g in enumerate(p):
                        row[k] -= step * g


def train_run_classifier(
    dev: Path, kb: KnowledgeBase, analyzer: TextAnalyzer, names: bool = True
) -> RunClassifier:
    from wirecoder.actors.names import find_unknown_names, given_names

    given = given_names("de")
    data: list[tuple[list[int], int]] = []
    for sent in read_germeval(dev):
        text, tokens = make_tokens(sent.tokens)
        analyzer.tag_tokens(tokens, "de")
        ms = find_mentions(tokens, kb, sent.date, text=text)
        if names:
            ms = ms + find_unknown_names(tokens, ms, kb, text=text)
        gold = {(a, b): c for a, b, c in sent.spans}
        for i, j in _ne_runs(tokens, ms):
            label = gold.get((i, j), "O")
            y = _RUN_LABELS.index(label) if label in _RUN_LABELS else 0
            data.append((_run_features(tokens, i, j, given), y))
    model = RunClassifier()
    model.fit(data)
    return model


def run(
    path: Path,
    *,
    limit: int = 0,
    names: bool = False,
    analyzer: TextAnalyzer | None = None,
    classifier: RunClassifier | None = None,
    threshold: float = 0.5,
) -> Result:
    analyzer = analyzer or TextAnalyzer()
    kb = KnowledgeBase.load("de")
    res = Result()
    scored = CLASSES + DERIVED
    fallback = None
    given: frozenset[str] = frozenset()
    if names or classifier is not None:
        from wirecoder.actors.names import find_unknown_names, given_names

        fallback = find_unknown_names if names else None
        given = given_names("de")
    t0 = time.perf_counter()
    for n, sent in enumerate(read_germeval(path)):
        if limit and n >= limit:
            break
        text, tokens = make_tokens(sent.tokens)
        analyzer.tag_tokens(tokens, "de")
        ms = find_mentions(tokens, kb, sent.date, text=text)
        if fallback is not None:
            ms = ms + fallback(tokens, ms, kb, text=text)
        pred = predicted_spans(ms, tokens, kb)
        if classifier is not None:
            for i, j in _ne_runs(tokens, ms):
                p = classifier.probs(_run_features(tokens, i, j, given))
                k = max(range(len(p)), key=p.__getitem__)
                if k and p[k] >= threshold:
                    pred.add((i, j, _RUN_LABELS[k]))
        score_sentence(res, sent.spans, pred, sent.tokens, scored)
        res.sentences += 1
    res.seconds = time.perf_counter() - t0
    return res


def render(res: Result, title: str) -> str:
    lines = [
        f"{title}: {res.sentences} sentences, {res.seconds:.1f} s",
        f"{'class':<18} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    micro = Counts()
    rows = [*CLASSES, "micro PER/LOC/ORG", *DERIVED, "any (exact span)", "any (overlap)"]
    for cls in CLASSES:
        c = res.c(cls)
        micro.tp += c.tp
        micro.fp += c.fp
        micro.fn += c.fn
    res.counts["micro PER/LOC/ORG"] = micro
    for name in rows:
        c = res.c(name)
        p, r, f = c.prf()
        lines.append(
            f"{name:<18} {c.tp + c.fn:>6} {c.tp + c.fp:>6} {100 * p:>6.1f} {100 * r:>6.1f} "
            f"{100 * f:>6.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument(
        "--shared", default=os.environ.get("WIRECODER_SHARED", str(here.parent / "shared"))
    )
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--limit", type=int, default=0, help="sentences (0: all)")
    ap.add_argument("--errors", type=int, default=0, help="print the N top misses/false alarms")
    ap.add_argument("--names", action="store_true", help="add the unknown-name fallback")
    ap.add_argument(
        "--ne-classifier",
        action="store_true",
        help="also measure an NE-run classifier trained on the dev split (not shipped)",
    )
    ap.add_argument("--threshold", type=float, default=0.5, help="classifier probability cut")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    path = Path(args.shared) / "data" / "germeval2014-ner" / f"NER-de-{args.split}.tsv"
    if not path.exists():
        print(f"no GermEval data at {path}", file=sys.stderr)
        return 1
    analyzer = TextAnalyzer()
    classifier = None
    if args.ne_classifier:
        dev = path.with_name("NER-de-dev.tsv")
        if args.split == "dev":
            print("warning: the classifier is trained on dev; scoring dev is not a test")
        classifier = train_run_classifier(dev, KnowledgeBase.load("de"), analyzer, args.names)
    res = run(
        path,
        limit=args.limit,
        names=args.names,
        analyzer=analyzer,
        classifier=classifier,
        threshold=args.threshold,
    )
    title = f"GermEval 2014 {args.split}"
    title += " + name fallback" if args.names else ""
    title += f" + NE-run classifier (p >= {args.threshold})" if classifier else ""
    print(render(res, title))
    if args.errors:
        for cls in (*CLASSES, *DERIVED):
            miss = ", ".join(
                f"{t} ({n})" for t, n in res.misses.get(cls, Counter()).most_common(args.errors)
            )
            fa = ", ".join(
                f"{t} ({n})" for t, n in res.false.get(cls, Counter()).most_common(args.errors)
            )
            print(f"\n{cls} missed: {miss}\n{cls} false: {fa}")
    if args.json:
        data = {
            name: dict(zip(("tp", "fp", "fn"), (c.tp, c.fp, c.fn), strict=True))
            | dict(zip(("p", "r", "f1"), c.prf(), strict=True))
            for name, c in res.counts.items()
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
