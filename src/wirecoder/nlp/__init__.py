"""Text layer: sentences, tokens, lemmas and POS tags for German and English news.

Public API:

* :func:`split_sentences` ``(text, language) -> list[Sentence]`` (no tokens)
* :func:`tokenize` ``(text, start, end, language) -> list[Token]`` (no lemma/POS)
* :class:`TextAnalyzer` with ``analyze(article) -> AnalyzedText`` (HanTa lemmas and POS:
  STTS for German, CLAWS C5 for English), ``tag_tokens``, ``morphology``
* :func:`verb_mood`, :func:`particle_verbs`: German verb helpers
* :func:`to_upos`: STTS / C5 to Universal POS
"""

from wirecoder.nlp.analyzer import TextAnalyzer
from wirecoder.nlp.langdata import lang_data, norm_language
from wirecoder.nlp.morph import particle_verbs, verb_mood
from wirecoder.nlp.sentences import paragraphs, split_sentences
from wirecoder.nlp.tagsets import hanta_to_stts, to_upos
from wirecoder.nlp.tokens import tokenize

__all__ = [
    "TextAnalyzer",
    "hanta_to_stts",
    "lang_data",
    "norm_language",
    "paragraphs",
    "particle_verbs",
    "split_sentences",
    "to_upos",
    "tokenize",
    "verb_mood",
]
