"""All actor mentions of one analysed article, in one call (what the pipeline needs).

    mentions = article_mentions(analyzed, kb)             # find + attach + resolve
    table = build_entities(text, analyzed.sentences, mentions, pronouns=...)

Per sentence: :func:`~wirecoder.extract.mentions.find_mentions` with
``unattached=True`` (one ``seen`` set for the article, so weak surnames count after
the full name) and, with ``names``, :func:`~wirecoder.actors.names.find_unknown_names`
and :func:`~wirecoder.actors.names.reconcile_given_names`;
then, with ``attach``, :func:`~wirecoder.actors.attach.attach_article` codes the
institution nouns, resolves role-only nouns and drops what found no state.  Without
``attach`` the result equals what the pipeline computes today (no unattached nouns).
"""

from __future__ import annotations

from wirecoder.actors.attach import attach_article
from wirecoder.actors.names import find_unknown_names, reconcile_given_names
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.records import AnalyzedText

__all__ = ["article_mentions"]


def article_mentions(
    analyzed: AnalyzedText,
    kb: KnowledgeBase,
    *,
    attach: bool = True,
    names: bool = False,
    window: int = 0,
) -> list[Mention]:
    """Mentions of ``analyzed`` sorted by offset (see the module doc)."""
    text = analyzed.article.text
    date = analyzed.article.date
    seen: set[str] = set()
    out: list[Mention] = []
    for sent in analyzed.sentences:
        found = find_mentions(sent.tokens, kb, date, text=text, unattached=attach, seen=seen)
        if names:
            found = found + find_unknown_names(sent.tokens, found, kb, text=text)
            found = reconcile_given_names(sent.tokens, found, kb, text=text)
        out.extend(found)
    if attach:
        return attach_article(out, analyzed.sentences, kb, date, text, window=window)
    return sorted(out, key=lambda m: (m.start, -m.end))
