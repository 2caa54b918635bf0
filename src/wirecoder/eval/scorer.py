"""SPEC §4 scoring of predicted documents against gold articles.

Pure functions: nothing here runs the extractor. Predicted entity ids are turned into
actor codes through ``Document.entities``; gold strings are turned into spans of the
document's text (:mod:`wirecoder.eval.locate`). Matching is one-to-one and
deterministic (:mod:`wirecoder.eval.matching`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from wirecoder.eval.gold import WILDCARD, GoldArticle, GoldCommitment, GoldEvent, GoldQuote
from wirecoder.eval.locate import TextIndex, iou, overlap
from wirecoder.eval.matching import Pair, best_matching
from wirecoder.eval.report import (
    Accuracy,
    ArticleResult,
    CommitmentScores,
    EvalError,
    EvalReport,
    EventScores,
    QuoteScores,
    Scores,
)
from wirecoder.records import Article, Commitment, Document, Event, Quote, Span

_SNIPPET = 300  # characters of predicted text kept in an error


def score(pairs: Iterable[tuple[GoldArticle, Document]]) -> EvalReport:
    """Score (gold, predicted document) pairs; micro-averaged overall and by language."""
    report = EvalReport()
    approx: dict[str, int] = {"aligned": 0, "sentence": 0}
    for gold, doc in pairs:
        scorer = _ArticleScorer(gold, doc)
        report.add(scorer.run())
        report.warnings.extend(scorer.warnings)
        for method, n in scorer.quote_methods.items():
            approx[method] = approx.get(method, 0) + n
    if approx.get("aligned"):
        report.warnings.append(
            f"{approx['aligned']} gold quote text(s) not in the text verbatim; "
            "located by token alignment near their sentence"
        )
    if approx.get("sentence"):
        report.warnings.append(
            f"{approx['sentence']} gold quote text(s) could not be located; "
            "their sentence stands for the quote span"
        )
    return report


def evaluate(gold: Iterable[GoldArticle], extract: Callable[[Article], Document]) -> EvalReport:
    """Run ``extract`` on every gold article and score the results."""
    return score((g, extract(g.to_article())) for g in gold)


def pair_by_id(
    gold: Iterable[GoldArticle], documents: Iterable[Document]
) -> list[tuple[GoldArticle, Document]]:
    """Pair gold articles with documents by article id, in gold order.

    A gold article without a document gets an empty one (everything is a miss).
    """
    by_id = {d.article.id: d for d in documents}
    return [(g, by_id.get(g.id) or Document(article=g.to_article())) for g in gold]


# ------------------------------------------------------------------ code sets


def _norm_code(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip().upper()
    return code or None


def codes_match(gold: Iterable[str], predicted_codes: set[str], n_predicted: int) -> bool:
    """Gold codes against a predicted actor list (its codes and its length).

    Non-empty sets match when they share a code, or when gold has ``*`` (an uncoded actor,
    matched by any predicted actor, coded or not). Two empty lists match.
    """
    wanted = {c for c in (_norm_code(g) for g in gold) if c}
    if not wanted:
        return n_predicted == 0
    if WILDCARD in wanted and n_predicted > 0:
        return True
    return bool(wanted & predicted_codes)


# ------------------------------------------------------------------ speaker names

_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
_PAREN = re.compile(r"\([^()]*\)")


def speaker_name_keys(gold_name: str) -> list[str]:
    """The words of a gold speaker name that identify the speaker.

    SPEC: the name's last word. Parenthesised parts ("Franz Josef Jung (CDU)") and
    quotation marks are dropped first; for "Name, apposition" the last word before the
    first comma counts too ("Theo Zwanziger, Präsident des DFB" -> Verbands, Zwanziger).
    """
    cleaned = _PAREN.sub(" ", gold_name)
    words = _WORD.findall(cleaned) or _WORD.findall(gold_name)
    if not words:
        return []
    keys = [words[-1]]
    head = _WORD.findall(cleaned.split(",", 1)[0]) if "," in cleaned else []
    if head and head[-1] != keys[0]:
        keys.append(head[-1])
    return keys


def speaker_name_matches(gold_name: str, predicted_name: str | None) -> bool:
    """Does a key word of the gold name occur as a word of the predicted name (any case)?"""
    if not predicted_name:
        return False
    target = predicted_name.casefold()
    return any(
        re.search(rf"(?<!\w){re.escape(key.casefold())}(?!\w)", target)
        for key in speaker_name_keys(gold_name)
    )


# ------------------------------------------------------------------ one article


@dataclass
class _PredEvent:
    event: Event
    span: Span
    type: str
    actor: set[str]
    n_actor: int
    recipient: set[str]
    n_recipient: int
    source: str | None
    content: str | None
    condition: bool


@dataclass
class _EventCandidate:
    fit: float  # best IoU of the predicted span with an occurrence of the gold sentence
    actor: bool
    recipient: bool
    agree: int  # attributes (aux, source, content, condition) that agree


def _pred_span(event: Event) -> Span:
    """The event's evidence span, or its trigger when the span is empty."""
    start, end = event.span
    if end > start:
        return (start, end)
    return (event.trigger[0], event.trigger[1])


class _ArticleScorer:
    def __init__(self, gold: GoldArticle, doc: Document) -> None:
        self.gold = gold
        self.doc = doc
        self.language = (gold.language or doc.article.language or "unknown").lower()
        self.text = doc.article.text or gold.text
        self.index = TextIndex(self.text)
        self.codes = {e.id: _norm_code(e.code) for e in doc.entities}
        self.names = {e.id: e.name for e in doc.entities}
        self.errors: list[EvalError] = []
        self.warnings: list[str] = []
        self.quote_methods: dict[str, int] = {}
        self._sentences: dict[str, list[Span]] = {}
        if doc.article.text and gold.text and doc.article.text != gold.text:
            self.warnings.append(
                f"{gold.id}: predicted article text differs from the gold text; "
                "gold strings are located in the predicted text"
            )

    # -- helpers

    def run(self) -> ArticleResult:
        scores = Scores(articles=1)
        if "events" in self.gold.sections:
            scores.events = self._events()
        if "quotes" in self.gold.sections:
            scores.quotes = self._quotes()
        if "commitments" in self.gold.sections:
            scores.commitments = self._commitments()
        return ArticleResult(self.gold.id, self.language, scores, self.errors)

    def _code_set(self, ids: Iterable[str]) -> set[str]:
        return {c for c in (self.codes.get(i) for i in ids) if c}

    def _sentence_spans(self, sentence: str) -> list[Span]:
        if sentence not in self._sentences:
            spans = self.index.find_all(sentence)
            if not spans:
                self.warnings.append(
                    f"{self.gold.id}: gold sentence not found in the text: {sentence[:80]!r}"
                )
            self._sentences[sentence] = spans
        return self._sentences[sentence]

    def _snippet(self, span: Span) -> str:
        return self.text[span[0] : span[1]][:_SNIPPET]

    def _error(self, section: str, kind: str, reason: str, **kw: Any) -> None:
        self.errors.append(EvalError(self.gold.id, self.language, section, kind, reason, **kw))

    # -- events

    def _pred_event(self, ev: Event) -> _PredEvent:
        content = ev.content.type if ev.content is not None else None
        return _PredEvent(
            event=ev,
            span=_pred_span(ev),
            type=ev.type.strip().upper(),
            actor=self._code_set(ev.actor),
            n_actor=len(ev.actor),
            recipient=self._code_set(ev.recipient),
            n_recipient=len(ev.recipient),
            source=self.codes.get(ev.source) if ev.source else None,
            content=_norm_code(content),
            condition=bool(ev.condition and ev.condition.strip()),
        )

    def _pred_event_dict(self, p: _PredEvent) -> dict[str, Any]:
        return {
            "id": p.event.id,
            "type": p.type,
            "actor": sorted(p.actor) + ["?"] * (p.n_actor - len(p.actor)),
            "recipient": sorted(p.recipient) + ["?"] * (p.n_recipient - len(p.recipient)),
            "aux": p.event.aux,
            "source": p.source,
            "content": p.content,
            "condition": p.event.condition,
            "span": list(p.span),
            "rule": p.event.rule,
        }

    @staticmethod
    def _source_ok(g: GoldEvent, p: _PredEvent) -> bool:
        gold = _norm_code(g.source)
        if gold == WILDCARD:
            return p.event.source is not None
        return gold == p.source

    def _attribute_checks(self, g: GoldEvent, p: _PredEvent) -> dict[str, tuple[bool, Any, Any]]:
        return {
            "aux": (_norm_aux(g.aux) == _norm_aux(p.event.aux), g.aux, p.event.aux),
            "source": (self._source_ok(g, p), g.source, p.source),
            "content": (_norm_code(g.content) == p.content, g.content, p.content),
            "condition": (g.condition == p.condition, g.condition, p.event.condition),
        }

    def _events(self) -> EventScores:
        golds = self.gold.events
        preds = [self._pred_event(e) for e in self.doc.events]
        gspans = [self._sentence_spans(g.sentence) for g in golds]
        cands: dict[Pair, _EventCandidate] = {}
        for gi, g in enumerate(golds):
            gtype = g.type.strip().upper()
            for pi, p in enumerate(preds):
                fits = [iou(s, p.span) for s in gspans[gi] if overlap(s, p.span)]
                if not fits or p.type != gtype:
                    continue
                checks = self._attribute_checks(g, p)
                cands[(gi, pi)] = _EventCandidate(
                    fit=max(fits),
                    actor=codes_match(g.actor, p.actor, p.n_actor),
                    recipient=codes_match(g.recipient, p.recipient, p.n_recipient),
                    agree=sum(ok for ok, _, _ in checks.values()),
                )

        def quality(c: _EventCandidate) -> float:
            return 0.4 * c.actor + 0.2 * c.recipient + 0.05 * c.agree + 0.19 * c.fit

        by_type = best_matching({k: quality(c) for k, c in cands.items()})
        by_actor = best_matching({k: quality(c) for k, c in cands.items() if c.actor})
        by_recipient = best_matching(
            {k: quality(c) for k, c in cands.items() if c.actor and c.recipient}
        )
        scores = EventScores(articles=1)
        for prf, matched in (
            (scores.type, by_type),
            (scores.type_actor, by_actor),
            (scores.type_actor_recipient, by_recipient),
        ):
            prf.tp, prf.fp, prf.fn = (
                len(matched),
                len(preds) - len(matched),
                len(golds) - len(matched),
            )

        for gi, pi in by_actor:
            g, p = golds[gi], preds[pi]
            checks = self._attribute_checks(g, p)
            scores.aux.count(checks["aux"][0])
            scores.source.count(checks["source"][0])
            scores.content.count(checks["content"][0])
            if g.condition and p.condition:
                scores.condition.tp += 1
            elif p.condition:
                scores.condition.fp += 1
            elif g.condition:
                scores.condition.fn += 1
            wrong = [(name, gv, pv) for name, (ok, gv, pv) in checks.items() if not ok]
            if not cands[(gi, pi)].recipient:
                wrong.insert(0, ("recipient", g.recipient, self._pred_event_dict(p)["recipient"]))
            for name, gv, pv in wrong:
                self._error(
                    "events",
                    "wrong",
                    f"{name}: gold {gv!r}, predicted {pv!r}",
                    sentence=g.sentence,
                    field=name,
                    gold=asdict(g),
                    predicted=self._pred_event_dict(p),
                )
        self._event_misses(golds, preds, gspans, cands, by_actor)
        return scores

    def _event_misses(
        self,
        golds: list[GoldEvent],
        preds: list[_PredEvent],
        gspans: list[list[Span]],
        cands: dict[Pair, _EventCandidate],
        matched: list[Pair],
    ) -> None:
        """Errors for gold and predicted events left out of the type+actor matching."""
        used_g = {g for g, _ in matched}
        used_p = {p for _, p in matched}
        near = {
            (gi, pi)
            for gi in range(len(golds))
            for pi, p in enumerate(preds)
            if any(overlap(s, p.span) for s in gspans[gi])
        }
        for gi, g in enumerate(golds):
            if gi in used_g:
                continue
            here = sorted(pi for g2, pi in near if g2 == gi)
            same_type = [pi for pi in here if (gi, pi) in cands]
            if not gspans[gi]:
                reason = "gold sentence not found in the text"
            elif not here:
                reason = "no predicted event in the sentence"
            elif not same_type:
                types = sorted({preds[pi].type for pi in here})
                reason = f"type: gold {g.type}, predicted {', '.join(types)} in the sentence"
            elif any(cands[(gi, pi)].actor for pi in same_type):
                reason = "matching predicted event(s) already used by other gold events"
            else:
                actors = [self._pred_event_dict(preds[pi])["actor"] for pi in same_type]
                reason = f"actor: gold {g.actor}, predicted {g.type} with actor {actors}"
            self._error("events", "miss", reason, sentence=g.sentence, gold=asdict(g))
        for pi, p in enumerate(preds):
            if pi in used_p:
                continue
            here = sorted(gi for gi, p2 in near if p2 == pi)
            same_type = [gi for gi in here if (gi, pi) in cands]
            if not here:
                reason = "no gold event in the predicted span"
            elif not same_type:
                types = sorted({golds[gi].type for gi in here})
                reason = f"type: predicted {p.type}, gold {', '.join(types)} in the sentence"
            elif any(cands[(gi, pi)].actor for gi in same_type):
                reason = "duplicate: the matching gold event is already matched"
            else:
                actors = [golds[gi].actor for gi in same_type]
                reason = (
                    f"actor: predicted {self._pred_event_dict(p)['actor']}, "
                    f"gold {p.type} with actor {actors}"
                )
            self._error(
                "events",
                "false_positive",
                reason,
                sentence=golds[here[0]].sentence if here else self._snippet(p.span),
                predicted=self._pred_event_dict(p),
            )

    # -- quotes

    def _speaker_checks(self, g: GoldQuote, q: Quote) -> dict[str, bool]:
        """Speaker correctness by code and by name, for the gold fields that are set."""
        checks: dict[str, bool] = {}
        code = _norm_code(g.speaker_code)
        if code:
            pred = self.codes.get(q.speaker) if q.speaker else None
            checks["speaker_code"] = q.speaker is not None if code == WILDCARD else pred == code
        if g.speaker:
            name = self.names.get(q.speaker) if q.speaker else None
            checks["speaker_name"] = speaker_name_matches(g.speaker, name)
        return checks

    def _quote_dict(self, q: Quote) -> dict[str, Any]:
        return {
            "id": q.id,
            "kind": q.kind,
            "speaker": self.names.get(q.speaker) if q.speaker else None,
            "speaker_code": self.codes.get(q.speaker) if q.speaker else None,
            "text": q.text,
            "span": list(q.span),
        }

    def _quotes(self) -> QuoteScores:
        golds = self.gold.quotes
        preds = self.doc.quotes
        gspans: list[list[Span]] = []
        for g in golds:
            spans, method = self.index.locate_quote(g.text, self._sentence_spans(g.sentence))
            if method != "exact":
                self.quote_methods[method] = self.quote_methods.get(method, 0) + 1
            gspans.append(spans)
        pspans = [(int(q.span[0]), int(q.span[1])) for q in preds]
        cands: dict[Pair, float] = {}
        best_share: dict[Pair, float] = {}
        for gi, g in enumerate(golds):
            for pi, q in enumerate(preds):
                fit = -1.0
                for s in gspans[gi]:
                    shorter = min(s[1] - s[0], pspans[pi][1] - pspans[pi][0])
                    inter = overlap(s, pspans[pi])
                    if shorter <= 0 or not inter:
                        continue
                    best_share[(gi, pi)] = max(best_share.get((gi, pi), 0.0), inter / shorter)
                    if 2 * inter >= shorter:
                        fit = max(fit, iou(s, pspans[pi]))
                if fit >= 0:
                    speaker = self._speaker_checks(g, q)
                    cands[(gi, pi)] = 0.8 * fit + 0.19 * (bool(speaker) and all(speaker.values()))
        matched = best_matching(cands)
        scores = QuoteScores(articles=1)
        scores.span.tp = len(matched)
        scores.span.fp = len(preds) - len(matched)
        scores.span.fn = len(golds) - len(matched)
        for gi, pi in matched:
            g, q = golds[gi], preds[pi]
            for name, ok in self._speaker_checks(g, q).items():
                acc: Accuracy = getattr(scores, name)
                acc.count(ok)
                if not ok:
                    pred = self._quote_dict(q)
                    if name == "speaker_code":
                        gold_value, pred_value = g.speaker_code, pred["speaker_code"]
                    else:
                        gold_value, pred_value = g.speaker, pred["speaker"]
                    self._error(
                        "quotes",
                        "wrong",
                        f"{name}: gold {gold_value!r}, predicted {pred_value!r}",
                        sentence=g.sentence,
                        field=name,
                        gold=asdict(g),
                        predicted=pred,
                    )
        used_g = {g for g, _ in matched}
        used_p = {p for _, p in matched}
        pred_of = dict(matched)
        for gi, g in enumerate(golds):
            if not g.speaker:
                continue
            scores.named_found.count(gi in used_g)
            right = gi in used_g and speaker_name_matches(
                g.speaker, self.names.get(preds[pred_of[gi]].speaker or "")
            )
            scores.named_right.count(right)
        for gi, g in enumerate(golds):
            if gi in used_g:
                continue
            shares = [best_share[(gi, pi)] for pi in range(len(preds)) if (gi, pi) in best_share]
            self._error(
                "quotes",
                "miss",
                _quote_reason(shares, any((gi, pi) in cands for pi in range(len(preds)))),
                sentence=g.sentence,
                gold=asdict(g),
            )
        for pi, q in enumerate(preds):
            if pi in used_p:
                continue
            shares = [best_share[(gi, pi)] for gi in range(len(golds)) if (gi, pi) in best_share]
            self._error(
                "quotes",
                "false_positive",
                _quote_reason(shares, any((gi, pi) in cands for gi in range(len(golds)))),
                sentence=self._snippet(pspans[pi]),
                predicted=self._quote_dict(q),
            )
        return scores

    # -- commitments

    def _commitment_dict(self, c: Commitment) -> dict[str, Any]:
        return {
            "id": c.id,
            "givers": sorted(self._code_set(c.givers)),
            "recipient": sorted(self._code_set(c.recipient)),
            "what": c.what,
            "stage": c.stage,
            "condition": c.condition,
            "text": c.text,
        }

    def _commitments(self) -> CommitmentScores:
        golds = self.gold.commitments
        preds = self.doc.commitments
        cands: dict[Pair, float] = {}
        for gi, g in enumerate(golds):
            for pi, c in enumerate(preds):
                if (
                    g.what.strip().lower() == c.what.strip().lower()
                    and codes_match(g.givers, self._code_set(c.givers), len(c.givers))
                    and codes_match(g.recipient, self._code_set(c.recipient), len(c.recipient))
                ):
                    stage_ok = _norm_aux(g.stage) == _norm_aux(c.stage)
                    cond_ok = g.condition == bool(c.condition and c.condition.strip())
                    cands[(gi, pi)] = 0.6 * stage_ok + 0.3 * cond_ok
        matched = best_matching(cands)
        scores = CommitmentScores(articles=1)
        scores.match.tp = len(matched)
        scores.match.fp = len(preds) - len(matched)
        scores.match.fn = len(golds) - len(matched)
        for gi, pi in matched:
            g, c = golds[gi], preds[pi]
            has_cond = bool(c.condition and c.condition.strip())
            for name, ok, gv, pv in (
                ("stage", _norm_aux(g.stage) == _norm_aux(c.stage), g.stage, c.stage),
                ("condition", g.condition == has_cond, g.condition, c.condition),
            ):
                acc: Accuracy = getattr(scores, name)
                acc.count(ok)
                if not ok:
                    self._error(
                        "commitments",
                        "wrong",
                        f"{name}: gold {gv!r}, predicted {pv!r}",
                        field=name,
                        gold=asdict(g),
                        predicted=self._commitment_dict(c),
                    )
        used_g = {g for g, _ in matched}
        used_p = {p for _, p in matched}
        for gi, g in enumerate(golds):
            if gi not in used_g:
                self._error(
                    "commitments",
                    "miss",
                    _commitment_reason(g, [self._commitment_dict(c) for c in preds]),
                    gold=asdict(g),
                )
        for pi, c in enumerate(preds):
            if pi not in used_p:
                self._error(
                    "commitments",
                    "false_positive",
                    "no gold commitment with intersecting givers and recipient and this 'what'"
                    if not any((gi, pi) in cands for gi in range(len(golds)))
                    else "duplicate: the matching gold commitment is already matched",
                    sentence=c.text[:_SNIPPET],
                    predicted=self._commitment_dict(c),
                )
        return scores


def _norm_aux(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    return value or None


def _quote_reason(shares: list[float], had_candidate: bool) -> str:
    if had_candidate:
        return "overlapping quote already matched to another one"
    if not shares:
        return "no overlapping quote"
    return f"overlap {max(shares):.0%} of the shorter quote, below half"


def _commitment_reason(g: GoldCommitment, preds: list[dict[str, Any]]) -> str:
    same_what = [p for p in preds if p["what"] == g.what]
    if not preds:
        return "no predicted commitments"
    if not same_what:
        return f"no predicted commitment with what={g.what!r}"
    return f"givers/recipient: gold {g.givers}->{g.recipient}, predicted " + "; ".join(
        f"{p['givers']}->{p['recipient']}" for p in same_what
    )
