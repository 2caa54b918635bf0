"""Benchmark: actor mentions per second on a generated corpus (not a pass/fail test).

Text analysis (sentences, tokens, HanTa tags) runs first and is timed apart, so the
figure is the knowledge-base matcher with attachment of institutions and roles.

    .venv/bin/python bench/mentions_speed.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import records
from wirecoder.actors import article_mentions
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    analyzer = TextAnalyzer()
    articles = [Article.from_dict(rec) for rec in records(args.articles)]
    start = time.process_time()
    analyzed = [analyzer.analyze(article) for article in articles]
    analysis_s = time.process_time() - start
    kbs = {lang: KnowledgeBase.load(lang) for lang in ("de", "en")}
    sentences = sum(len(a.sentences) for a in analyzed)
    start = time.process_time()
    mentions = 0
    for item in analyzed:
        mentions += len(article_mentions(item, kbs.get(item.language, kbs["de"]), names=True))
    matching_s = time.process_time() - start
    print(f"articles              {len(articles)}")
    print(f"sentences             {sentences}")
    print(f"mentions              {mentions}")
    print(f"analysis CPU s        {analysis_s:.2f}")
    print(f"matching CPU s        {matching_s:.2f}")
    print(f"mentions/s            {mentions / matching_s:,.0f}")
    print(f"sentences/s matched   {sentences / matching_s:,.0f}")


if __name__ == "__main__":
    main()
