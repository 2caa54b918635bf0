"""Counts, scores and the evaluation report (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Version of the ``EvalReport.to_dict`` shape; bump when keys change.
REPORT_VERSION = 1
#: Language rows always shown, in this order, after "all".
LANGUAGES = ("de", "en")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class PRF:
    """True/false positives and false negatives with precision, recall and F1.

    A ratio with a zero denominator is ``None`` (not applicable); F1 is ``None`` only
    when neither precision nor recall is defined, and 0.0 when one is.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.total)

    def count(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.accuracy)}


@dataclass
class EventScores:
    articles: int = 0  # articles whose gold annotates events
    type: PRF = field(default_factory=PRF)
    type_actor: PRF = field(default_factory=PRF)
    type_actor_recipient: PRF = field(default_factory=PRF)
    # On type+actor matched pairs:
    aux: Accuracy = field(default_factory=Accuracy)
    source: Accuracy = field(default_factory=Accuracy)
    content: Accuracy = field(default_factory=Accuracy)
    condition: PRF = field(default_factory=PRF)  # positive = a condition is present

    def add(self, other: EventScores) -> None:
        self.articles += other.articles
        for name in ("type", "type_actor", "type_actor_recipient", "condition"):
            getattr(self, name).add(getattr(other, name))
        for name in ("aux", "source", "content"):
            getattr(self, name).add(getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "type": self.type.to_dict(),
            "type+actor": self.type_actor.to_dict(),
            "type+actor+recipient": self.type_actor_recipient.to_dict(),
            "aux": self.aux.to_dict(),
            "source": self.source.to_dict(),
            "content": self.content.to_dict(),
            "condition": self.condition.to_dict(),
        }


@dataclass
class QuoteScores:
    articles: int = 0
    span: PRF = field(default_factory=PRF)
    # On matched pairs whose gold quote has a speaker code / a speaker name:
    speaker_code: Accuracy = field(default_factory=Accuracy)
    speaker_name: Accuracy = field(default_factory=Accuracy)
    # Over every gold quote with a speaker name: found at all / found with that speaker.
    named_found: Accuracy = field(default_factory=Accuracy)
    named_right: Accuracy = field(default_factory=Accuracy)

    def add(self, other: QuoteScores) -> None:
        self.articles += other.articles
        self.span.add(other.span)
        self.speaker_code.add(other.speaker_code)
        self.speaker_name.add(other.speaker_name)
        self.named_found.add(other.named_found)
        self.named_right.add(other.named_right)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "span": self.span.to_dict(),
            "speaker_code": self.speaker_code.to_dict(),
            "speaker_name": self.speaker_name.to_dict(),
            "named_found": self.named_found.to_dict(),
            "named_right": self.named_right.to_dict(),
        }


@dataclass
class CommitmentScores:
    articles: int = 0
    match: PRF = field(default_factory=PRF)
    stage: Accuracy = field(default_factory=Accuracy)  # on matched pairs
    condition: Accuracy = field(default_factory=Accuracy)  # on matched pairs, present/absent

    def add(self, other: CommitmentScores) -> None:
        self.articles += other.articles
        self.match.add(other.match)
        self.stage.add(other.stage)
        self.condition.add(other.condition)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "match": self.match.to_dict(),
            "stage": self.stage.to_dict(),
            "condition": self.condition.to_dict(),
        }


@dataclass
class Scores:
    """All scores for one set of articles (the whole file, one language, one article)."""

    articles: int = 0
    events: EventScores = field(default_factory=EventScores)
    quotes: QuoteScores = field(default_factory=QuoteScores)
    commitments: CommitmentScores = field(default_factory=CommitmentScores)

    def add(self, other: Scores) -> None:
        self.articles += other.articles
        self.events.add(other.events)
        self.quotes.add(other.quotes)
        self.commitments.add(other.commitments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events": self.events.to_dict(),
            "quotes": self.quotes.to_dict(),
            "commitments": self.commitments.to_dict(),
        }


@dataclass
class EvalError:
    """One scoring error, for error analysis (not printed by default).

    ``kind``: ``miss`` (gold item unmatched), ``false_positive`` (predicted item
    unmatched) or ``wrong`` (matched pair whose ``field`` differs).
    """

    article_id: str
    language: str
    section: str  # events | quotes | commitments
    kind: str
    reason: str
    sentence: str = ""  # gold sentence, or the predicted span's text
    field: str | None = None
    gold: dict[str, Any] | None = None
    predicted: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "language": self.language,
            "section": self.section,
            "kind": self.kind,
            "field": self.field,
            "reason": self.reason,
            "sentence": self.sentence,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass
class ArticleResult:
    article_id: str
    language: str
    scores: Scores
    errors: list[EvalError] = field(default_factory=list)


@dataclass
class EvalReport:
    """Micro-averaged scores over a gold file, overall and by language."""

    overall: Scores = field(default_factory=Scores)
    by_language: dict[str, Scores] = field(default_factory=dict)
    articles: list[ArticleResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[EvalError]:
        """Every error of every article, in article order."""
        return [err for art in self.articles for err in art.errors]

    def languages(self) -> list[str]:
        extra = sorted(lang for lang in self.by_language if lang not in LANGUAGES)
        return [*LANGUAGES, *extra]

    def language_scores(self, language: str) -> Scores:
        return self.by_language.get(language) or Scores()

    def add(self, result: ArticleResult) -> None:
        self.articles.append(result)
        self.overall.add(result.scores)
        self.by_language.setdefault(result.language, Scores()).add(result.scores)

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        """Stable JSON shape; ``details`` adds per-article scores and the error list."""
        data: dict[str, Any] = {
            "version": REPORT_VERSION,
            "articles": self.overall.articles,
            "all": self.overall.to_dict(),
            "by_language": {
                lang: self.language_scores(lang).to_dict() for lang in self.languages()
            },
            "warnings": list(self.warnings),
        }
        if details:
            data["per_article"] = [
                {"id": a.article_id, "language": a.language, **a.scores.to_dict()}
                for a in self.articles
            ]
            data["errors"] = [e.to_dict() for e in self.errors]
        return data

    def render_text(self) -> str:
        return _render(self)


# ---------------------------------------------------------------- text rendering

_HEAD = f"{'':4} {'':22} {'tp':>6} {'fp':>6} {'fn':>6} {'prec':>7} {'rec':>7} {'f1':>7}"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _prf_row(lang: str, label: str, prf: PRF) -> str:
    return (
        f"{lang:4} {label:22} {prf.tp:6d} {prf.fp:6d} {prf.fn:6d} "
        f"{_fmt(prf.precision):>7} {_fmt(prf.recall):>7} {_fmt(prf.f1):>7}"
    )


def _acc(label: str, acc: Accuracy) -> str:
    return f"{label} {_fmt(acc.accuracy)} ({acc.correct}/{acc.total})"


def _render(report: EvalReport) -> str:
    rows: list[tuple[str, Scores]] = [("all", report.overall)]
    rows += [(lang, report.language_scores(lang)) for lang in report.languages()]
    counts = ", ".join(f"{lang} {sc.articles}" for lang, sc in rows[1:])
    out = [f"wirecoder eval: {report.overall.articles} articles ({counts})", ""]

    out += ["EVENTS", _HEAD]
    for lang, sc in rows:
        ev = sc.events
        if not ev.articles:
            out.append(f"{lang:4} (no articles with gold events)")
            continue
        out.append(_prf_row(lang, "type", ev.type))
        out.append(_prf_row("", "type+actor", ev.type_actor))
        out.append(_prf_row("", "type+actor+recipient", ev.type_actor_recipient))
        cond = ev.condition
        out.append(
            f"{'':4} on type+actor matches: {_acc('aux', ev.aux)}  {_acc('source', ev.source)}"
            f"  {_acc('content', ev.content)}  condition f1 {_fmt(cond.f1)}"
            f" ({cond.tp}/{cond.fp}/{cond.fn})"
        )
    out += ["", "QUOTES", _HEAD]
    for lang, sc in rows:
        qu = sc.quotes
        if not qu.articles:
            out.append(f"{lang:4} (no articles with gold quotes)")
            continue
        out.append(_prf_row(lang, "span", qu.span))
        out.append(
            f"{'':4} speaker on matches: {_acc('by code', qu.speaker_code)}"
            f"  {_acc('by name', qu.speaker_name)}"
        )
        if qu.named_found.total:
            out.append(
                f"{'':4} gold quotes with a named speaker: {_acc('found', qu.named_found)}"
                f"  {_acc('found with that speaker', qu.named_right)}"
            )
    out += ["", "COMMITMENTS", _HEAD]
    for lang, sc in rows:
        cm = sc.commitments
        if not cm.articles:
            out.append(f"{lang:4} (no articles with gold commitments)")
            continue
        out.append(_prf_row(lang, "givers+recipient+what", cm.match))
        out.append(
            f"{'':4} on matches: {_acc('stage', cm.stage)}  {_acc('condition', cm.condition)}"
        )
    if report.warnings:
        out += ["", f"warnings ({len(report.warnings)}):"]
        out += [f"  {w}" for w in report.warnings[:10]]
        if len(report.warnings) > 10:
            out.append(f"  ... {len(report.warnings) - 10} more")
    return "\n".join(out) + "\n"
