"""The extraction pipeline: article -> text layer -> actors -> quotes -> events -> commitments.

One :class:`Extractor` holds the loaded models and data (HanTa taggers, knowledge bases,
lexicons) and is reused for every article; nothing is kept in module globals.
"""

from __future__ import annotations

from wirecoder import EXTRACTOR_VERSION
from wirecoder.actors import article_mentions
from wirecoder.extract.commitments import derive_commitments
from wirecoder.extract.entities import EntityTable, build_entities
from wirecoder.extract.events import EventCoder, event_lexicon
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.lexicon import LANGUAGES, speech_lexicon
from wirecoder.extract.quotes import QuoteFinder
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import AnalyzedText, Article, Document, Event, Quote


class Extractor:
    """Turns articles into SPEC §2 documents."""

    def __init__(self, analyzer: TextAnalyzer | None = None) -> None:
        self.analyzer = analyzer or TextAnalyzer()
        self._kb: dict[str, KnowledgeBase] = {}

    def knowledge_base(self, language: str) -> KnowledgeBase:
        if language not in self._kb:
            self._kb[language] = KnowledgeBase.load(language)
        return self._kb[language]

    def analyze(self, article: Article) -> AnalyzedText:
        return self.analyzer.analyze(article)

    def entities(self, analyzed: AnalyzedText) -> EntityTable:
        language = analyzed.language if analyzed.language in LANGUAGES else "de"
        kb = self.knowledge_base(language)
        # Knowledge-base mentions, institution and role nouns attached to the state they
        # act for, and people the knowledge base does not know.
        mentions = article_mentions(analyzed, kb, names=True)
        return build_entities(
            analyzed.article.text,
            analyzed.sentences,
            mentions,
            pronouns=speech_lexicon(language).pronouns,
        )

    def extract(self, article: Article) -> Document:
        analyzed = self.analyze(article)
        language = analyzed.language if analyzed.language in LANGUAGES else "de"
        text = article.text
        table = self.entities(analyzed)
        finder = QuoteFinder(speech_lexicon(language))
        quotes = finder.find(text, analyzed.sentences, table)
        coder = EventCoder(event_lexicon(language))
        events: list[Event] = []
        sentence_of_event: dict[str, str] = {}
        for sent in analyzed.sentences:
            source = finder.source_phrase(sent.tokens, table) if sent.tokens else None
            for event in coder.code_sentence(text, sent, table, quotes, source, article.date):
                event.id = f"v{len(events) + 1}"
                events.append(event)
                sentence_of_event[event.id] = sent.text
        commitments = derive_commitments(events, sentence_of_event, language, table.entities)
        used = _used_entities(quotes, events)
        return Document(
            article=article,
            entities=[e for e in table.entities if e.id in used or e.kind != "place"],
            quotes=quotes,
            events=events,
            commitments=commitments,
            extractor_version=EXTRACTOR_VERSION,
        )


def _used_entities(quotes: list[Quote], events: list[Event]) -> set[str]:
    """Entities a quote or event refers to (unreferenced places are left out)."""
    used = {q.speaker for q in quotes if q.speaker}
    for ev in events:
        used.update(ev.actor)
        used.update(ev.recipient)
        if ev.source:
            used.add(ev.source)
    return used
