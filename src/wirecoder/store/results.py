"""Plain records returned by the store (besides the shared ones in ``wirecoder.records``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class IngestSummary:
    """What ``Store.add_articles`` did with its input, one count per input article.

    ``added + merged_sources + unchanged`` is the number of articles read.
    """

    # New articles stored.
    added: int = 0
    # Exact duplicates (same normalised text) of a stored article that brought a new
    # (source, origin) pair: their sources were merged into that article.
    merged_sources: int = 0
    # Inputs already stored exactly as given (re-ingesting the same input).
    unchanged: int = 0
    # Links created: near-duplicates found, and the "same_id" links below.
    linked: int = 0
    # Of the added: inputs whose id is taken by a stored article with a different text.
    # They are stored as "<id>~<12 hex digits of their content hash>" and linked to it
    # with kind "same_id"; nothing is overwritten.
    renamed: int = 0

    @property
    def read(self) -> int:
        return self.added + self.merged_sources + self.unchanged

    def __iadd__(self, other: IngestSummary) -> IngestSummary:
        self.added += other.added
        self.merged_sources += other.merged_sources
        self.unchanged += other.unchanged
        self.linked += other.linked
        self.renamed += other.renamed
        return self


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    date: str | None
    # Best matching passage, matched words between ``**`` markers.
    snippet: str
    # Higher is better; comparable only within one result list.
    rank: float
    language: str | None = None


@dataclass(frozen=True)
class ArticleSource:
    """One way an article was read: the agency/outlet and the file/line it came from."""

    source: str | None
    origin: str | None
    added_at: datetime | None = None


@dataclass(frozen=True)
class ArticleLink:
    """A link from ``article_id`` to ``other_id`` (links are symmetric)."""

    article_id: str
    other_id: str
    kind: str  # "near_duplicate" (MinHash) or "same_id" (same caller id, other text)
    score: float | None = None


class AmbiguousIdError(LookupError):
    """An id prefix matches more than one article."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:5]) + (", ..." if len(candidates) > 5 else "")
        super().__init__(f"id prefix {prefix!r} matches several articles: {shown}")
        self.prefix = prefix
        self.candidates = candidates
