"""Ledger records: history entries, threads, link decisions and user corrections.

A thread's summary (stage, amount, flags, ...) is a pure function of its entries
(``summarize``), so a thread rebuilt, merged or split by a correction, or viewed as of
a date, is always summarised the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wirecoder.extract.commitments import OFF_PATH, STAGE_ORDER

__all__ = [
    "OFF_PATH",
    "STAGE_ORDER",
    "Correction",
    "CorrectionResult",
    "Entry",
    "EntryRef",
    "LinkDecision",
    "Thread",
    "ThreadState",
    "parse_date",
    "path_rank",
    "summarize",
]

UNDATED = "9999-99-99"  # sorts undated entries after all dated ones
# Thread placeholders in link reasons, filled in once final thread ids are known.
_PLACEHOLDER = re.compile(r"\{(thread|ref\d+|alt\d+)\}")


def parse_date(value: str | None) -> dt.date | None:
    """The ISO date at the start of ``value`` (``2026-01-06``, ``2026-01-06T10:00``)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def path_rank(stage: str) -> int:
    """Position on the path considered → delivered; -1 for off-path or unknown stages."""
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


def merge_rank(stage: str) -> int:
    """Rank used to merge two reports of one article (off-path stages rank highest)."""
    if stage in STAGE_ORDER:
        return STAGE_ORDER.index(stage)
    if stage in OFF_PATH:
        return len(STAGE_ORDER)
    return -1


@dataclass(frozen=True)
class EntryRef:
    """How a correction names a history entry; survives re-extraction of its article
    (commitment ids may change, the article id, ``what`` and the actors rarely do)."""

    article: str
    what: str
    givers: tuple[str, ...]
    recipient: tuple[str, ...]

    def key(self) -> str:
        """The key of the entry this ref was made from (``Entry.key``)."""
        return entry_key(self.article, self.what, self.givers, self.recipient)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "what": self.what,
            "givers": list(self.givers),
            "recipient": list(self.recipient),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntryRef:
        return cls(
            article=str(data["article"]),
            what=str(data.get("what") or ""),
            givers=tuple(sorted(str(g) for g in data.get("givers") or [])),
            recipient=tuple(sorted(str(r) for r in data.get("recipient") or [])),
        )

    def match(self, entry: Entry) -> int:
        """3 exact, 2 same article/what with shared givers, 1 same article with shared
        givers, 0 no match."""
        if entry.article_id != self.article:
            return 0
        if entry.ref() == self:
            return 3
        if not set(self.givers) & set(entry.givers):
            return 0
        return 2 if entry.what == self.what else 1


@dataclass
class Entry:
    """One article's report about a thread: a step of its history."""

    article_id: str
    date: str | None
    stage: str
    what: str
    givers: list[str]
    recipient: list[str]
    text: str = ""
    commitment_id: str | None = None
    event_id: str | None = None
    evidence: str = ""
    amount: float | None = None
    unit: str | None = None
    condition: str | None = None
    # Reported only by historical events ("had said on April 27 ...").
    historical: bool = False
    # A recipient refusing an offer: givers and recipient are swapped w.r.t. the thread.
    reversed: bool = False
    # Stages the article says have not happened ("has not yet delivered").
    denies: list[str] = field(default_factory=list)
    score: float | None = None
    reason: str = ""
    # Position of the commitment in its document; build-time id of the observation.
    ord: int = 0
    uid: int = 0

    def key(self) -> str:
        return entry_key(self.article_id, self.what, self.givers, self.recipient)

    def ref(self) -> EntryRef:
        return EntryRef(
            self.article_id, self.what, tuple(sorted(self.givers)), tuple(sorted(self.recipient))
        )

    def sort_key(self) -> tuple[str, str, int]:
        return (self.date or UNDATED, self.article_id, self.ord)

    def to_history(self) -> dict[str, Any]:
        """The SPEC §2 history entry."""
        return {
            "date": self.date,
            "stage": self.stage,
            "article": self.article_id,
            "event": self.event_id,
            "evidence": self.evidence,
        }


def entry_key(article_id: str, what: str, givers: Iterable[str], recipient: Iterable[str]) -> str:
    return "|".join([article_id, what, ",".join(sorted(givers)), ",".join(sorted(recipient))])


@dataclass
class ThreadState:
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str
    amount: float | None
    unit: str | None
    condition: str | None
    flags: list[str]
    first_date: str | None
    last_date: str | None
    # Furthest stage on the path, and the entry that reported it.
    furthest: Entry | None
    # The withdrawn/rejected entry that ended the thread, if any.
    ended: Entry | None
    # For each flag, the entry whose report raised it (parallel to ``flags``).
    flagged: list[Entry] = field(default_factory=list)


def _ordered_union(lists: Iterable[Sequence[str]]) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


def _fmt_amount(value: float, unit: str | None) -> str:
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return f"{number} {unit}" if unit else number


def summarize(entries: Sequence[Entry]) -> ThreadState:
    """Stage, amount, condition and flags of a thread from its entries (in date order).

    - The stage is the furthest stage on the path considered → delivered that any entry
      reports; a later ``withdrawn``/``rejected`` ends the thread and becomes its stage.
    - A later entry reporting a lower stage never lowers it: it is flagged
      ``contradicted``. So is a stated amount that decreases (in the same unit), and a
      path stage reported after the thread ended (``reopened``, after a manual merge).
    - The amount is the latest stated one; the condition the latest stated one.
    """
    ordered = sorted(entries, key=Entry.sort_key)
    givers = _ordered_union(e.recipient if e.reversed else e.givers for e in ordered)
    recipient = _ordered_union(e.givers if e.reversed else e.recipient for e in ordered)
    # A party is not its own giver (bilateral wording "Norway and Ukraine signed ...").
    givers = [g for g in givers if g not in recipient] or givers
    whats = Counter(e.what for e in ordered)
    order = [e.what for e in ordered]
    what = max(whats, key=lambda w: (whats[w], -order.index(w))) if whats else ""
    flags: list[str] = []
    flagged: list[Entry] = []
    furthest: Entry | None = None
    ended: Entry | None = None
    for entry in ordered:
        if entry.stage in OFF_PATH:
            ended = entry
            continue
        rank = path_rank(entry.stage)
        if rank < 0:
            flags.append(f"unknown stage: {entry.date} says {entry.stage!r} ({entry.article_id})")
            flagged.append(entry)
            continue
        if ended is not None:
            flags.append(
                f"reopened: {entry.date} says {entry.stage} after {ended.stage} on {ended.date}"
            )
            flagged.append(entry)
            ended = None
        if furthest is not None and rank < path_rank(furthest.stage) and _later(entry, furthest):
            note = f" (article {entry.article_id}"
            denied = [s for s in entry.denies if path_rank(s) > rank]
            note += f", denies {', '.join(denied)})" if denied else ")"
            flags.append(
                f"contradicted: {entry.date} says {entry.stage} after {furthest.stage} "
                f"on {furthest.date}{note}"
            )
            flagged.append(entry)
        if furthest is None or rank > path_rank(furthest.stage):
            furthest = entry
    previous: Entry | None = None
    for entry in ordered:
        if entry.amount is None:
            continue
        if (
            previous is not None
            and previous.amount is not None
            and previous.unit == entry.unit
            and entry.amount < previous.amount
            and _later(entry, previous)
        ):
            flags.append(
                f"amount decreased: {entry.date} says {_fmt_amount(entry.amount, entry.unit)} "
                f"after {_fmt_amount(previous.amount, previous.unit)} on {previous.date}"
            )
            flagged.append(entry)
        previous = entry
    current = ended or furthest or (ordered[-1] if ordered else None)
    dates = [e.date for e in ordered if e.date]
    return ThreadState(
        givers=givers,
        recipient=recipient,
        what=what,
        text=current.text if current else "",
        stage=current.stage if current else "",
        amount=previous.amount if previous else None,
        unit=previous.unit if previous else None,
        condition=next((e.condition for e in reversed(ordered) if e.condition), None),
        flags=flags,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        furthest=furthest,
        ended=ended,
        flagged=flagged,
    )


def _later(entry: Entry, before: Entry) -> bool:
    """Whether ``entry`` is dated strictly after ``before`` (same-day reports are
    simultaneous, not contradictions)."""
    a, b = parse_date(entry.date), parse_date(before.date)
    return a is not None and b is not None and a > b


@dataclass(eq=False)
class Thread:
    """One commitment followed across articles: (givers, recipient, what) with history.

    Threads compare by identity."""

    id: str
    entries: list[Entry] = field(default_factory=list)
    # Ids of the user corrections that shaped this thread.
    corrections: list[int] = field(default_factory=list)
    # Id a correction asked this thread to keep (merge target, split-off thread).
    id_hint: str | None = None
    # Build-time uid of the entry that opened the thread.
    anchor_uid: int = 0
    state: ThreadState = field(init=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.entries.sort(key=Entry.sort_key)
        self.state = summarize(self.entries)

    @property
    def givers(self) -> list[str]:
        return self.state.givers

    @property
    def recipient(self) -> list[str]:
        return self.state.recipient

    @property
    def what(self) -> str:
        return self.state.what

    @property
    def stage(self) -> str:
        return self.state.stage

    @property
    def flags(self) -> list[str]:
        return self.state.flags

    def as_of(self, until: str | None = None, since: str | None = None) -> Thread | None:
        """The thread as it stood on ``until`` (entries after it dropped); None when it
        has no entry in [since, until]."""
        entries = [e for e in self.entries if until is None or (e.date or UNDATED) <= until]
        if since is not None and not any((e.date or "") >= since for e in entries):
            return None
        if not entries:
            return None
        if len(entries) == len(self.entries):
            return self
        return Thread(id=self.id, entries=entries, corrections=list(self.corrections))

    def to_json(self, details: bool = False) -> dict[str, Any]:
        """The SPEC §2 ledger line; ``details`` adds units, per-entry amounts, scores,
        reasons and the corrections (fields SPEC allows code to add)."""
        st = self.state
        data: dict[str, Any] = {
            "id": self.id,
            "givers": list(st.givers),
            "recipient": list(st.recipient),
            "what": st.what,
            "text": st.text,
            "stage": st.stage,
            "amount": _json_number(st.amount),
            "condition": st.condition,
            "history": [e.to_history() for e in self.entries],
            "flags": list(st.flags),
        }
        if details:
            data["unit"] = st.unit
            for item, entry in zip(data["history"], self.entries, strict=True):
                item.update(
                    amount=_json_number(entry.amount),
                    unit=entry.unit,
                    text=entry.text,
                    condition=entry.condition,
                    givers=list(entry.givers),
                    recipient=list(entry.recipient),
                    historical=entry.historical,
                    score=entry.score,
                    reason=entry.reason,
                )
            data["corrections"] = list(self.corrections)
        return data


def _json_number(value: float | None) -> float | int | None:
    if value is not None and value == int(value):
        return int(value)
    return value


@dataclass
class LinkDecision:
    """Why a commitment joined (or opened, or did not change) a thread."""

    seq: int
    article_id: str
    commitment_id: str | None
    date: str | None
    # new | linked | same_article | restated | skipped
    action: str
    thread: Thread | None = None
    score: float | None = None
    # Score components (givers, recipient, object, time) of the chosen thread.
    components: dict[str, float] = field(default_factory=dict)
    alternatives: list[tuple[Thread, float]] = field(default_factory=list)
    # Reason with {thread}, {ref0}..., {alt0}... placeholders for the final thread ids.
    template: str = ""
    refs: list[Thread] = field(default_factory=list)
    reason: str = ""
    thread_id: str | None = None
    alternative_ids: list[str] = field(default_factory=list)

    def render(self, id_of: Callable[[Thread], str]) -> None:
        names = {f"ref{i}": id_of(t) for i, t in enumerate(self.refs)}
        if self.thread is not None:
            names["thread"] = id_of(self.thread)
            self.thread_id = names["thread"]
        self.alternative_ids = [id_of(alt) for alt, _score in self.alternatives]
        for i, alt_id in enumerate(self.alternative_ids):
            names[f"alt{i}"] = alt_id
        self.reason = _PLACEHOLDER.sub(lambda m: names.get(m.group(1), m.group(0)), self.template)

    def to_row(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "article_id": self.article_id,
            "commitment_id": self.commitment_id,
            "date": self.date,
            "action": self.action,
            "thread_id": self.thread_id,
            "score": self.score,
            "components": self.components or None,
            "alternatives": [
                {"thread": tid, "score": score}
                for tid, (_thread, score) in zip(
                    self.alternative_ids, self.alternatives, strict=False
                )
            ],
            "reason": self.reason,
        }


@dataclass
class Correction:
    """A user correction, replayed after every rebuild in the order made."""

    id: int
    kind: str  # merge | split
    # The thread ids the user named: merge [target, source], split [thread].
    threads: list[str]
    # merge: [target refs, source refs]; split: [moved refs, kept refs].
    refs: list[list[EntryRef]]
    # Id the resulting thread keeps (merge target, new split-off thread).
    new_id: str | None = None
    note: str = ""
    created_at: str | None = None

    def refs_json(self) -> list[list[dict[str, Any]]]:
        return [[r.to_dict() for r in group] for group in self.refs]

    def describe(self) -> str:
        if self.kind == "merge":
            return f"merge {self.threads[1]} into {self.threads[0]}"
        moved = ", ".join(sorted({r.article for r in self.refs[0]}))
        return f"split {moved} out of {self.threads[0]} into {self.new_id}"


@dataclass
class CorrectionResult:
    id: int
    applied: bool
    message: str
