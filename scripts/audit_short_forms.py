"""List surname-only forms of office holders that are also ordinary words.

A strong ``short`` form (office_holders.tsv) is matched on its own in running text, so a
surname that is also a noun ("Frieden", "Kurz") codes every "Frieden" as the person.
This script reads the German corpora in ../shared/data (GermEval 2014 NER, UD German
GSD) and reports each strong short form that occurs there mostly *outside* a named
entity: those should be weak (``~Frieden``) or ``-``.  It reads the shared data at
maintenance time only; nothing from it is shipped.

English has no annotated corpus in ../shared/data; ``--lang en`` asks HanTa's English
lexicon instead and lists strong forms it knows as common words ("Store", "Cleverly").
That list needs a human eye: famous surnames that are also words (Trump, Tusk, Truss)
are fine as strong forms because news uses them alone all the time.

    python scripts/audit_short_forms.py [--min 3] [--lang de|en]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from wirecoder.extract.knowledge import KnowledgeBase

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def corpus_counts() -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(occurrences outside a name, occurrences inside a name) per word form."""
    common: collections.Counter[str] = collections.Counter()
    named: collections.Counter[str] = collections.Counter()
    for name in ("NER-de-dev.tsv", "NER-de-test.tsv"):
        path = DATA / "germeval2014-ner" / name
        for line in path.read_text("utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) < 3 or line.startswith("#"):
                continue
            (named if cells[2] != "O" else common)[cells[1]] += 1
    for path in sorted((DATA / "ud-german-gsd").glob("*.conllu")):
        for line in path.read_text("utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) < 4 or line.startswith("#"):
                continue
            (named if cells[3] == "PROPN" else common)[cells[1]] += 1
    return common, named


def flagged_short_forms(kb: KnowledgeBase, least: int = 3) -> list[tuple[int, int, str, str]]:
    """(uses outside names, uses in names, form, person key) of each suspicious form."""
    common, named = corpus_counts()
    rows = []
    for person in kb.persons():
        for form in person.short:
            # Sentence-initial capitals make nouns and surnames look alike: count both cases.
            outside = common[form] + common[form.lower()]
            if outside >= least and outside > named[form]:
                rows.append((outside, named[form], form, person.key))
    return sorted(rows, reverse=True)


def english_common_words(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(form, person key, HanTa tag) of strong forms HanTa's English model knows as a
    common word: best tag not a proper noun, log-probability of a known word."""
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger("morphmodel_en.pgz")
    rows = []
    for person in kb.persons():
        for form in person.short:
            if " " in form or "-" in form:
                continue
            tags = tagger.tag_word(form.lower())
            tag, logprob = tags[0]
            if tag != "NP0" and logprob > -20 and all(t != "NP0" for t, _ in tags[:1]):
                rows.append((form, person.key, tag))
    return sorted(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min", type=int, default=3, help="least uses outside a name to report")
    ap.add_argument("--lang", choices=("de", "en"), default="de")
    args = ap.parse_args()
    if args.lang == "en":
        found = english_common_words(KnowledgeBase.load("en"))
        for form, key, tag in found:
            print(f"{form:20} {tag:5} {key}")
        print(f"{len(found)} strong short form(s) HanTa knows as English words: review them")
        return
    rows = flagged_short_forms(KnowledgeBase.load("de"), args.min)
    for outside, inside, form, key in rows:
        print(f"{form:20} {outside:5} common {inside:4} in names   {key}")
    print(f"{len(rows)} strong short form(s) that are mostly ordinary words")


if __name__ == "__main__":
    main()
