"""SPEC §4 scoring: gold files against predicted documents (``wirecoder eval``).

Independent of the extractor::

    gold = load_gold("../shared/data/events-de-dev/gold.jsonl")
    report = score((g, extract(g.to_article())) for g in gold)   # or evaluate(gold, extract)
    print(report.render_text())          # table: events / quotes / commitments x all/de/en
    json.dumps(report.to_dict())         # stable shape for --json (details=True adds errors)
    report.errors                        # misses, false positives, wrong attributes

Rules where SPEC §4 leaves room (the scorer's contract):

- Gold strings are located in the predicted document's text (its spans index into it):
  exactly, else ignoring whitespace and quotation-mark shapes. A sentence that occurs
  several times stands for all its occurrences (a prediction overlapping any of them
  overlaps the sentence); one-to-one matching still limits each gold item to one match.
- A gold quote's span is its text inside its sentence; a quote text that is not in the
  article verbatim (SpkAtt drops inserted cue phrases) is aligned token by token near its
  sentence, and failing that the sentence stands for it.
- Actor/recipient/giver sets match when they share a code, when gold has ``*`` and the
  prediction has any actor (with or without a code), or when both are empty.
- Matching: per level, a maximum one-to-one matching; among those, the one with the best
  pairs (actor, recipient and attribute agreement, closeness of the spans). Attribute
  accuracies use the type+actor matching.
- A section absent from a gold record (SpkAtt: no events, no commitments) is not scored
  for that article: its predictions are not false positives.
- Speaker accuracy by code counts matched quotes whose gold has a speaker code; by name,
  those whose gold has a speaker name (null speakers count for span F1 only). A name
  matches when its last word (parenthesised parts and quotation marks dropped; for
  "Name, apposition" the last word before the comma also counts) is a whole word of the
  predicted speaker entity's name, ignoring case. No predicted speaker is wrong.
- Ratios with a zero denominator are null ("-" in the table).
"""

from wirecoder.eval.gold import (
    GoldArticle,
    GoldCommitment,
    GoldEvent,
    GoldQuote,
    load_gold,
)
from wirecoder.eval.oracle import gold_to_document
from wirecoder.eval.report import (
    PRF,
    Accuracy,
    ArticleResult,
    CommitmentScores,
    EvalError,
    EvalReport,
    EventScores,
    QuoteScores,
    Scores,
)
from wirecoder.eval.scorer import (
    codes_match,
    evaluate,
    pair_by_id,
    score,
    speaker_name_matches,
)

__all__ = [
    "PRF",
    "Accuracy",
    "ArticleResult",
    "CommitmentScores",
    "EvalError",
    "EvalReport",
    "EventScores",
    "GoldArticle",
    "GoldCommitment",
    "GoldEvent",
    "GoldQuote",
    "QuoteScores",
    "Scores",
    "codes_match",
    "evaluate",
    "gold_to_document",
    "load_gold",
    "pair_by_id",
    "score",
    "speaker_name_matches",
]
