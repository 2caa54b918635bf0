"""Measure the text layer (wirecoder.nlp) against UD German GSD and SpkAtt sentences.

    .venv/bin/python bench/ud_gsd.py [--shared ../shared] [--limit N] [--doc-size 10] [--baseline]

Reads ``<shared>/data/ud-german-gsd/*.conllu`` (read only) and reports

* sentence boundaries (precision/recall/F1) when splitting detokenised documents rebuilt
  from the ``# text =`` lines: ``# newdoc``/``# newpar`` start documents/paragraphs
  (a paragraph break is a blank line); these GSD files have neither, so consecutive
  sentences are grouped into documents of ``--doc-size`` sentences joined by a space;
  the document-final boundary is not counted;
* token boundaries (P/R/F1 of exact token spans, surface tokens, each sentence's text
  tokenised alone);
* lemma accuracy (exact and ignoring case), STTS (XPOS) and UPOS accuracy of
  TextAnalyzer on gold surface tokens (multi-word tokens such as "im" = "in dem" are
  tagged as one token and not scored; GSD's STTS "PAV" counts as our TIGER "PROAV");
* tagging speed (tokens/second, cold caches, gold tokens); ``--baseline`` adds plain
  ``HanoverTagger.tag_sent`` on the same tokens for comparison.

When ``<shared>/data/spkatt-train/gold.jsonl`` exists (German Wikinews, one sentence a
line) it also reports sentence boundaries there, each article's lines joined by a space.

This is a measurement, not a pass/fail test; GSD is web text (reviews, forums) with
unpunctuated and lowercase-initial sentences, so it underrates news performance.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.nlp import TextAnalyzer, split_sentences, to_upos, tokenize
from wirecoder.records import Token


@dataclass
class GoldWord:
    form: str
    lemma: str
    upos: str
    xpos: str


@dataclass
class GoldSentence:
    text: str
    newdoc: bool
    newpar: bool
    # Surface tokens: (form, [words]); a multi-word token has several words.
    surface: list[tuple[str, list[GoldWord]]] = field(default_factory=list)


def read_conllu(path: str) -> Iterator[GoldSentence]:
    sent: GoldSentence | None = None
    newdoc = newpar = False
    mwt_end = 0
    mwt: tuple[str, list[GoldWord]] | None = None
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line:
                if sent is not None:
                    yield sent
                sent, mwt, mwt_end = None, None, 0
                continue
            if line.startswith("#"):
                key = line[1:].split("=", 1)[0].strip()
                if key.startswith("newdoc"):
                    newdoc = True
                elif key.startswith("newpar"):
                    newpar = True
                elif key == "text":
                    sent = GoldSentence(line.split("=", 1)[1].strip(), newdoc, newpar)
                    newdoc = newpar = False
                continue
            if sent is None:
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue  # empty nodes
            if "-" in cols[0]:
                _lo, hi = cols[0].split("-")
                mwt = (cols[1], [])
                mwt_end = int(hi)
                sent.surface.append(mwt)
                continue
            word = GoldWord(cols[1], cols[2], cols[3], cols[4])
            if mwt is not None and int(cols[0]) <= mwt_end:
                mwt[1].append(word)
                if int(cols[0]) == mwt_end:
                    mwt = None
            else:
                sent.surface.append((cols[1], [word]))
    if sent is not None:
        yield sent


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def sentence_boundaries(
    groups: list[list[str]], language: str, par_sep: list[list[bool]], skip_after: str = ""
) -> tuple[int, int, int]:
    """(true positives, predicted, gold) sentence-end offsets over documents; gold ends
    after a character in ``skip_after`` are left out (and predictions there not counted)."""
    tp = n_pred = n_gold = 0
    for sents, pars in zip(groups, par_sep, strict=True):
        text = ""
        gold: set[int] = set()
        for i, s in enumerate(sents):
            if i:
                text += "\n\n" if pars[i] else " "
            text += s
            gold.add(len(text))
        final = len(text)
        gold.discard(final)
        pred = {s.end for s in split_sentences(text, language)}
        pred.discard(final)
        if skip_after:
            skip = {g for g in gold if text[g - 1] in skip_after}
            gold -= skip
            pred -= skip
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    return tp, n_pred, n_gold


def surface_spans(sent: GoldSentence) -> list[tuple[int, int]] | None:
    spans = []
    pos = 0
    for form, _words in sent.surface:
        at = sent.text.find(form, pos)
        if at < 0:
            return None
        spans.append((at, at + len(form)))
        pos = at + len(form)
    return spans


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument(
        "--shared", default=os.environ.get("WIRECODER_SHARED", str(here.parent / "shared"))
    )
    ap.add_argument("--limit", type=int, default=0, help="sentences per file (0: all)")
    ap.add_argument("--doc-size", type=int, default=10)
    ap.add_argument("--baseline", action="store_true", help="also time plain HanTa tag_sent")
    args = ap.parse_args(argv)
    files = sorted(glob.glob(os.path.join(args.shared, "data", "ud-german-gsd", "*.conllu")))
    if not files:
        print(f"no UD GSD data under {args.shared}/data/ud-german-gsd", file=sys.stderr)
        return 1
    sents: list[GoldSentence] = []
    for path in files:
        got = list(read_conllu(path))
        sents.extend(got[: args.limit] if args.limit else got)

    rows: list[tuple[str, str, str]] = []

    # Sentence boundaries.
    groups: list[list[str]] = []
    pars: list[list[bool]] = []
    has_docs = any(s.newdoc for s in sents)
    for s in sents:
        start_doc = s.newdoc if has_docs else (not groups or len(groups[-1]) >= args.doc_size)
        if start_doc or not groups:
            groups.append([])
            pars.append([])
        groups[-1].append(s.text)
        pars[-1].append(s.newpar)
    tp, n_pred, n_gold = sentence_boundaries(groups, "de", pars)
    p, r, f = prf(tp, n_pred, n_gold)
    rows.append(
        (
            "GSD sentence boundaries",
            f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}",
            f"{n_gold} gold, {n_pred} predicted, {len(groups)} docs",
        )
    )

    # Token boundaries.
    tp = n_pred = n_gold = 0
    for s in sents:
        gold_spans = surface_spans(s)
        if gold_spans is None:
            continue
        pred_spans = {(t.start, t.end) for t in tokenize(s.text, 0, len(s.text), "de")}
        gs = set(gold_spans)
        tp += len(gs & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gs)
    p, r, f = prf(tp, n_pred, n_gold)
    rows.append(
        (
            "GSD token boundaries",
            f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}",
            f"{n_gold} gold surface tokens",
        )
    )

    # Lemmas and POS on gold tokens.
    analyzer = TextAnalyzer()
    analyzer.model("de")  # load outside the timing
    lem = lem_ci = xpos_ok = upos_ok = scored = n_tok = 0
    t0 = time.perf_counter()
    tagged: list[tuple[GoldSentence, list[Token]]] = []
    for s in sents:
        toks = [Token(form, 0, 0) for form, _w in s.surface]
        analyzer.tag_tokens(toks, "de")
        n_tok += len(toks)
        tagged.append((s, toks))
    elapsed = time.perf_counter() - t0
    for s, toks in tagged:
        for (_form, words), tok in zip(s.surface, toks, strict=True):
            if len(words) != 1:
                continue
            g = words[0]
            scored += 1
            lem += tok.lemma == g.lemma
            lem_ci += tok.lemma.lower() == g.lemma.lower()
            xpos_ok += tok.pos == g.xpos or {tok.pos, g.xpos} == {"PROAV", "PAV"}
            upos_ok += to_upos(tok.pos, "de") == g.upos
    rows.append(
        (
            "GSD lemma accuracy",
            f"{lem / scored:.3f}  (ignoring case {lem_ci / scored:.3f})",
            f"{scored} tokens",
        )
    )
    rows.append(("GSD STTS (XPOS) accuracy", f"{xpos_ok / scored:.3f}", ""))
    rows.append(("GSD UPOS accuracy", f"{upos_ok / scored:.3f}", "STTS mapped by to_upos"))
    rows.append(
        (
            "Tagging speed (cold cache)",
            f"{n_tok / elapsed:,.0f} tokens/s",
            f"{n_tok} tokens in {elapsed:.1f} s",
        )
    )
    t0 = time.perf_counter()
    for _s, toks in tagged:
        analyzer.tag_tokens(toks, "de")
    elapsed = time.perf_counter() - t0
    rows.append(
        ("Tagging speed (warm cache)", f"{n_tok / elapsed:,.0f} tokens/s", "same text again")
    )
    if args.baseline:
        from HanTa.HanoverTagger import HanoverTagger

        plain = HanoverTagger("morphmodel_ger.pgz")
        t0 = time.perf_counter()
        for s in sents:
            plain.tag_sent([form for form, _w in s.surface])
        elapsed = time.perf_counter() - t0
        rows.append(("Plain HanTa tag_sent", f"{n_tok / elapsed:,.0f} tokens/s", "baseline"))

    # SpkAtt: German news, one sentence a line.
    spk = os.path.join(args.shared, "data", "spkatt-train", "gold.jsonl")
    if os.path.exists(spk):
        docs: list[list[str]] = []
        with open(spk, encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                docs.append([ln.strip() for ln in text.splitlines() if ln.strip()])
        flat = [[False] * len(d) for d in docs]
        tp, n_pred, n_gold = sentence_boundaries(docs, "de", flat)
        p, r, f = prf(tp, n_pred, n_gold)
        rows.append(
            (
                "SpkAtt sentence boundaries",
                f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}",
                f"{n_gold} gold, {len(docs)} articles, lines joined by spaces",
            )
        )
        tp, n_pred, n_gold = sentence_boundaries(docs, "de", flat, skip_after=":;")
        p, r, f = prf(tp, n_pred, n_gold)
        rows.append(
            (
                "  without gold ends at : ;",
                f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}",
                "SpkAtt also splits at colons and semicolons; we do not",
            )
        )

    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print("wirecoder.nlp on UD German GSD (measurement, not a pass/fail test)")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
