"""How many gold event actor codes our mentions find, before and after attachment.

    .venv/bin/python bench/actor_coverage.py [--shared ../shared] [--gold FILE]
        [--misses] [--json FILE]

Reads ``<shared>/data/events-de-dev/gold.jsonl`` (read only).  For every gold event
the codes of its ``actor`` and ``recipient`` lists (``*`` left out) are looked up among
the codes of our mentions inside the gold sentence (located in the article text with
:class:`wirecoder.eval.locate.TextIndex`).  Three settings are compared:

* ``plain``: :func:`find_mentions` per sentence as the pipeline calls it today;
* ``unattached``: the same with ``unattached=True`` (institution and role nouns
  without a state come back with code None; no code is gained, so this only shows how
  many such nouns there are);
* ``attached``: those mentions after :func:`wirecoder.actors.attach.attach_article`
  (institution nouns and role-only mentions coded from the nearest preceding
  state/person of the paragraph or the article's dominant state; role nouns resolved
  to office holders).

Reported per setting: coverage of actor codes, of recipient codes and of both (share
of gold code occurrences found in the sentence), the share of events whose actor
codes are all found, the number of mentions with a code per sentence (attachment
should not flood sentences with codes) and "attach ok": of the nouns that only
attachment gave a code and that lie in a gold event sentence, the share whose code
is one of that sentence's gold actor/recipient codes (a precision proxy).  ``--misses``
lists the gold codes still missed after attachment with their sentences, for error
analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wirecoder.actors.attach import attach_article
from wirecoder.eval.locate import TextIndex
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import AnalyzedText, Article


@dataclass
class Tally:
    found: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.found += int(hit)

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


@dataclass
class Coverage:
    actor: Tally = field(default_factory=Tally)
    recipient: Tally = field(default_factory=Tally)
    both: Tally = field(default_factory=Tally)
    events_all_actors: Tally = field(default_factory=Tally)
    coded_mentions: int = 0
    sentences: int = 0
    # attachment precision proxy: mentions coded by attachment inside gold sentences
    # whose code is one of the sentence's gold codes
    attached_ok: Tally = field(default_factory=Tally)
    misses: list[tuple[str, str, str, list[str]]] = field(default_factory=list)


Setting = Callable[[AnalyzedText, KnowledgeBase], list[Mention]]


def mentions_plain(analyzed: AnalyzedText, kb: KnowledgeBase) -> list[Mention]:
    return _per_sentence(analyzed, kb, unattached=False)


def mentions_unattached(analyzed: AnalyzedText, kb: KnowledgeBase) -> list[Mention]:
    return _per_sentence(analyzed, kb, unattached=True)


def mentions_attached(analyzed: AnalyzedText, kb: KnowledgeBase) -> list[Mention]:
    ms = _per_sentence(analyzed, kb, unattached=True)
    return attach_article(ms, analyzed.sentences, kb, analyzed.article.date)


def _per_sentence(analyzed: AnalyzedText, kb: KnowledgeBase, *, unattached: bool) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for sent in analyzed.sentences:
        out.extend(
            find_mentions(
                sent.tokens,
                kb,
                analyzed.article.date,
                text=analyzed.article.text,
                unattached=unattached,
                seen=seen,
            )
        )
    return out


SETTINGS: dict[str, Setting] = {
    "plain": mentions_plain,
    "unattached": mentions_unattached,
    "attached": mentions_attached,
}


def measure(gold_path: Path, analyzer: TextAnalyzer | None = None) -> dict[str, Coverage]:
    analyzer = analyzer or TextAnalyzer()
    results = {name: Coverage() for name in SETTINGS}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        article = Article.from_dict(doc)
        article.language = article.language or "de"
        kb = KnowledgeBase.load(article.language if article.language in ("de", "en") else "de")
        analyzed = analyzer.analyze(article)
        index = TextIndex(article.text)
        spans = []
        for ev in doc.get("events", []):
            found = index.find_all(ev["sentence"])
            spans.append(found[0] if found else None)
        sentence_codes: dict[tuple[int, int], set[str]] = {}
        for ev, span in zip(doc.get("events", []), spans, strict=True):
            if span:
                sentence_codes.setdefault(span, set()).update(ev.get("actor", []))
                sentence_codes[span].update(ev.get("recipient", []))
        uncoded: set[tuple[int, int]] = set()
        for name, setting in SETTINGS.items():
            res = results[name]
            ms = setting(analyzed, kb)
            if name == "unattached":
                uncoded = {(m.start, m.end) for m in ms if m.code is None}
            res.sentences += len(analyzed.sentences)
            res.coded_mentions += sum(1 for m in ms if m.code)
            for m in ms:
                if not (m.code and (m.start, m.end) in uncoded):
                    continue
                for span, gold_codes in sentence_codes.items():
                    if m.start < span[1] and span[0] < m.end:
                        res.attached_ok.add(m.code in gold_codes or "*" in gold_codes)
                        break
            for ev, span in zip(doc.get("events", []), spans, strict=True):
                codes = (
                    {m.code for m in ms if m.code and m.start < span[1] and span[0] < m.end}
                    if span
                    else set()
                )
                actor = [c for c in ev.get("actor", []) if c != "*"]
                recipient = [c for c in ev.get("recipient", []) if c != "*"]
                for c in actor:
                    res.actor.add(c in codes)
                    res.both.add(c in codes)
                for c in recipient:
                    res.recipient.add(c in codes)
                    res.both.add(c in codes)
                if actor:
                    res.events_all_actors.add(all(c in codes for c in actor))
                for c in actor + recipient:
                    if c not in codes:
                        res.misses.append((doc["id"], c, ev["sentence"], sorted(codes)))
    return results


def render(results: dict[str, Coverage]) -> str:
    lines = [
        f"{'setting':<12} {'actor':>14} {'recipient':>14} {'both':>14} {'all actors':>14} "
        f"{'coded/sent':>10} {'attach ok':>14}"
    ]
    for name, res in results.items():
        cells = [
            f"{100 * t.share:5.1f}% {t.found:>3}/{t.total:<3}"
            for t in (res.actor, res.recipient, res.both, res.events_all_actors)
        ]
        per = res.coded_mentions / res.sentences if res.sentences else 0.0
        ok = res.attached_ok
        lines.append(
            f"{name:<12} "
            + " ".join(f"{c:>14}" for c in cells)
            + f" {per:>10.2f} {100 * ok.share:5.1f}% {ok.found:>3}/{ok.total:<3}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument(
        "--shared", default=os.environ.get("WIRECODER_SHARED", str(here.parent / "shared"))
    )
    ap.add_argument("--gold", type=Path, default=None, help="gold.jsonl (default: events-de-dev)")
    ap.add_argument("--misses", action="store_true", help="list codes missed after attachment")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    gold = args.gold or Path(args.shared) / "data" / "events-de-dev" / "gold.jsonl"
    if not gold.exists():
        print(f"no gold file at {gold}", file=sys.stderr)
        return 1
    results = measure(gold)
    print(f"actor code coverage on {gold}")
    print(render(results))
    if args.misses:
        by_code = Counter(code for _, code, _, _ in results["attached"].misses)
        print("\nmissed after attachment:", dict(by_code.most_common()))
        for doc_id, code, sentence, codes in results["attached"].misses:
            print(f"- {doc_id} {code} (have {codes}): {sentence}")
    if args.json:
        data = {
            name: {
                "actor": res.actor.share,
                "recipient": res.recipient.share,
                "both": res.both.share,
                "events_all_actors": res.events_all_actors.share,
                "coded_mentions_per_sentence": res.coded_mentions / max(1, res.sentences),
            }
            for name, res in results.items()
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
