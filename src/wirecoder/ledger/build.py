"""Threading: article-level commitments become threads followed across articles.

Observations are processed in date order (then article id, then commitment order), so
a build is deterministic. For each one:

1. **Candidates** are threads with the same ``what`` whose givers intersect its givers
   and whose recipients intersect its recipients (or either side names none), last
   reported within ``window_days``. A thread ended by ``withdrawn``/``rejected`` takes
   no new path stage (a renewed offer opens a new thread). A recipient's ``rejected``
   also matches a thread with the roles swapped.
2. Each candidate gets a **score** from giver overlap (Jaccard), recipient overlap,
   object compatibility (shared crude lemmas and numbers of the commitment text and
   the thread's latest entries' texts) and recency.
   The best one is linked; candidates scoring within ``ambiguity_margin`` of it are
   named in the link's reason and left alone: two existing threads are never merged
   automatically.
3. No candidate: a new thread opens; the reason says why (none, ended, too old).

Two commitments of one article that land in one thread make one history entry at the
furthest stage (as within an article). A commitment known only from historical events
("had said on April 27 that ...") adds an entry only when it brings a stage the thread
has not reached; otherwise it is a restatement.

After the build, user corrections are replayed in the order they were made, then each
thread gets its id: the id a correction asked for, else the id most of its entries had
before (so ids survive rebuilds and re-extraction), else the next new ``t<n>``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from wirecoder.records import Document

from .model import (
    OFF_PATH,
    Correction,
    CorrectionResult,
    Entry,
    EntryRef,
    LinkDecision,
    Thread,
    merge_rank,
    parse_date,
    path_rank,
)
from .observe import Observation, object_score, observe

__all__ = [
    "Ledger",
    "LedgerConfig",
    "apply_corrections",
    "assign_ids",
    "build_ledger",
    "thread_number",
]


@dataclass(frozen=True)
class LedgerConfig:
    window_days: int = 365
    # Candidates scoring within this of the best are reported as alternatives.
    ambiguity_margin: float = 0.1
    weight_givers: float = 0.35
    weight_recipient: float = 0.15
    weight_object: float = 0.35
    weight_time: float = 0.15


@dataclass
class Ledger:
    """Threads, the link decisions that made them, and what the corrections did."""

    threads: list[Thread]
    decisions: list[LinkDecision] = field(default_factory=list)
    corrections: list[CorrectionResult] = field(default_factory=list)
    next_number: int = 1

    def thread(self, thread_id: str) -> Thread | None:
        return next((t for t in self.threads if t.id == thread_id), None)

    def decisions_for(self, thread_id: str) -> list[LinkDecision]:
        return [d for d in self.decisions if d.thread_id == thread_id]


_THREAD_NUMBER = re.compile(r"^t(\d+)$")


def thread_number(thread_id: str) -> int | None:
    match = _THREAD_NUMBER.match(thread_id)
    return int(match.group(1)) if match else None


def thread_sort_key(thread: Thread) -> tuple[int, int, str]:
    number = thread_number(thread.id)
    return (0, number, "") if number is not None else (1, 0, thread.id)


RECENT_ENTRIES = 10


@dataclass
class _Running:
    """What matching needs of a thread, kept up to date as entries arrive in date order
    (the full summary is computed once, after the build)."""

    creation: int
    what: str
    giver_union: list[str] = field(default_factory=list)
    recipient_union: list[str] = field(default_factory=list)
    last_date: str | None = None
    furthest: Entry | None = None
    ended: Entry | None = None
    # Features of the latest entries' texts (object compatibility is judged on these).
    recent: deque[frozenset[str]] = field(default_factory=lambda: deque(maxlen=RECENT_ENTRIES))

    @property
    def givers(self) -> list[str]:
        return [g for g in self.giver_union if g not in self.recipient_union] or self.giver_union

    @property
    def recipient(self) -> list[str]:
        return self.recipient_union

    def add(self, entry: Entry, features: frozenset[str]) -> None:
        givers, recipient = (
            (entry.recipient, entry.givers) if entry.reversed else (entry.givers, entry.recipient)
        )
        self.giver_union += [g for g in givers if g not in self.giver_union]
        self.recipient_union += [r for r in recipient if r not in self.recipient_union]
        if entry.date and (self.last_date is None or entry.date > self.last_date):
            self.last_date = entry.date
        self._stage(entry)
        if features:
            self.recent.append(features)

    def restage(self, entries: Sequence[Entry]) -> None:
        self.furthest = self.ended = None
        for entry in sorted(entries, key=Entry.sort_key):
            self._stage(entry)

    def _stage(self, entry: Entry) -> None:
        if entry.stage in OFF_PATH:
            self.ended = entry
        elif path_rank(entry.stage) >= 0:
            self.ended = None
            if self.furthest is None or path_rank(entry.stage) > path_rank(self.furthest.stage):
                self.furthest = entry


@dataclass
class _Candidate:
    thread: Thread
    score: float
    components: dict[str, float]
    reversed: bool
    days: int | None
    shared_givers: list[str]
    shared_recipient: list[str]
    shared_words: list[str]
    creation: int
    last_date: str | None


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _ordinal(value: str | None) -> int:
    day = parse_date(value)
    return day.toordinal() if day else 0


def _names(items: Iterable[str]) -> str:
    return ", ".join(items) or "-"


class _Builder:
    def __init__(self, config: LedgerConfig) -> None:
        self.config = config
        self.threads: list[Thread] = []
        self.running: dict[int, _Running] = {}  # id(thread) -> its running state
        self.decisions: list[LinkDecision] = []
        self.entry_decisions: dict[int, list[LinkDecision]] = defaultdict(list)
        # (what, actor) -> threads naming that actor as giver / as recipient.
        self.by_giver: dict[tuple[str, str], dict[int, Thread]] = defaultdict(dict)
        self.by_recipient: dict[tuple[str, str], dict[int, Thread]] = defaultdict(dict)

    # -- bookkeeping ----------------------------------------------------------------

    def _decide(self, obs: Observation, action: str, **kwargs: object) -> LinkDecision:
        decision = LinkDecision(
            seq=len(self.decisions) + 1,
            article_id=obs.article_id,
            commitment_id=obs.commitment_id,
            date=obs.date,
            action=action,
            **kwargs,  # type: ignore[arg-type]
        )
        self.decisions.append(decision)
        return decision

    def _index(self, thread: Thread, entry: Entry) -> None:
        givers, recipient = (
            (entry.recipient, entry.givers) if entry.reversed else (entry.givers, entry.recipient)
        )
        for actor in givers:
            self.by_giver[(entry.what, actor)][id(thread)] = thread
        for actor in recipient:
            self.by_recipient[(entry.what, actor)][id(thread)] = thread

    @staticmethod
    def _entry(obs: Observation, reversed_roles: bool = False) -> Entry:
        return Entry(
            article_id=obs.article_id,
            date=obs.date,
            stage=obs.stage,
            what=obs.what,
            givers=list(obs.givers),
            recipient=list(obs.recipient),
            text=obs.text,
            commitment_id=obs.commitment_id,
            event_id=obs.event_id,
            evidence=obs.evidence,
            amount=obs.amount,
            unit=obs.unit,
            condition=obs.condition,
            historical=obs.historical,
            reversed=reversed_roles,
            denies=list(obs.denies),
            ord=obs.ord,
            uid=obs.uid,
        )

    # -- candidates -----------------------------------------------------------------

    def _candidates(self, obs: Observation) -> tuple[list[_Candidate], list[str], list[Thread]]:
        """Candidates, and notes (with thread placeholders) on threads passed over."""
        found_pool: dict[int, Thread] = {}
        for actor in obs.givers:
            found_pool.update(self.by_giver.get((obs.what, actor), {}))
            if obs.stage == "rejected":  # a recipient refusing: roles swapped
                found_pool.update(self.by_recipient.get((obs.what, actor), {}))
        pool = sorted(found_pool.values(), key=lambda t: self.running[id(t)].creation)
        found: list[_Candidate] = []
        notes: list[str] = []
        refs: list[Thread] = []
        when = parse_date(obs.date)
        for thread in pool:
            st = self.running[id(thread)]
            if st.what != obs.what:
                continue
            cand = self._match(obs, thread, reversed_roles=False)
            if cand is None and obs.stage == "rejected":
                cand = self._match(obs, thread, reversed_roles=True)
            if cand is None:
                continue
            last = parse_date(st.last_date)
            days = (when - last).days if when and last else None
            cand.days = days
            if days is not None and days > self.config.window_days:
                notes.append(
                    f"{{ref{len(refs)}}} was last reported on {st.last_date}, {days} days "
                    f"before (window {self.config.window_days} days)"
                )
                refs.append(thread)
                continue
            if st.ended is not None and obs.stage not in OFF_PATH and not obs.historical:
                notes.append(
                    f"{{ref{len(refs)}}} ended ({st.ended.stage} on {st.ended.date}); "
                    "a new offer or promise opens a new thread"
                )
                refs.append(thread)
                continue
            cfg = self.config
            recency = 0.5 if days is None else max(0.0, 1.0 - max(days, 0) / cfg.window_days)
            cand.components["time"] = round(recency, 3)
            cand.score = round(
                cfg.weight_givers * cand.components["givers"]
                + cfg.weight_recipient * cand.components["recipient"]
                + cfg.weight_object * cand.components["object"]
                + cfg.weight_time * cand.components["time"],
                3,
            )
            found.append(cand)
        found.sort(key=lambda c: (-c.score, -_ordinal(c.last_date), c.creation))
        return found, notes, refs

    def _match(self, obs: Observation, thread: Thread, reversed_roles: bool) -> _Candidate | None:
        st = self.running[id(thread)]
        t_givers, t_recipient = (
            (st.recipient, st.givers) if reversed_roles else (st.givers, st.recipient)
        )
        shared_givers = [g for g in obs.givers if g in t_givers]
        if not shared_givers:
            return None
        shared_recipient = [r for r in obs.recipient if r in t_recipient]
        if obs.recipient and t_recipient and not shared_recipient:
            return None
        recipient_score = (
            _jaccard(obs.recipient, t_recipient) if obs.recipient and t_recipient else 0.5
        )
        obj: float | None = None
        shared: frozenset[str] = frozenset()
        for features in st.recent:
            score = object_score(obs.features, features)
            if score is not None and (obj is None or score > obj):
                obj, shared = score, obs.features & features
        shared_words = sorted(w.lstrip("#") for w in shared)
        return _Candidate(
            thread=thread,
            score=0.0,
            components={
                "givers": round(_jaccard(obs.givers, t_givers), 3),
                "recipient": round(recipient_score, 3),
                "object": round(0.5 if obj is None else obj, 3),
            },
            reversed=reversed_roles,
            days=None,
            shared_givers=shared_givers,
            shared_recipient=shared_recipient,
            shared_words=shared_words,
            creation=st.creation,
            last_date=st.last_date,
        )

    # -- one observation ------------------------------------------------------------

    def add(self, obs: Observation) -> None:
        if obs.problem is not None:
            self._decide(obs, "skipped", template=f"skipped: {obs.problem}")
            return
        found, notes, refs = self._candidates(obs)
        if not found:
            self._open(obs, notes, refs)
            return
        best = found[0]
        close = [c for c in found[1:] if best.score - c.score < self.config.ambiguity_margin]
        template = self._link_reason(obs, best, close)
        thread = best.thread
        running = self.running[id(thread)]
        # Observations come article by article: an entry of this article is the last.
        if thread.entries and thread.entries[-1].article_id == obs.article_id:
            self._merge_same_article(obs, thread, thread.entries[-1], best, close, template)
            return
        furthest = running.furthest
        if obs.historical and (
            running.ended is not None
            or (
                obs.stage not in OFF_PATH
                and furthest is not None
                and path_rank(obs.stage) <= path_rank(furthest.stage)
            )
        ):
            self._decide(
                obs,
                "restated",
                thread=thread,
                score=best.score,
                components=best.components,
                alternatives=[(c.thread, c.score) for c in close],
                template=f"historical restatement of {obs.stage} ({template}); no new entry",
            )
            return
        entry = self._entry(obs, best.reversed)
        entry.score = best.score
        decision = self._decide(
            obs,
            "linked",
            thread=thread,
            score=best.score,
            components=best.components,
            alternatives=[(c.thread, c.score) for c in close],
            template=template,
        )
        self.entry_decisions[entry.uid].append(decision)
        thread.entries.append(entry)
        running.add(entry, obs.features)
        self._index(thread, entry)

    def _link_reason(self, obs: Observation, best: _Candidate, close: list[_Candidate]) -> str:
        parts = [f"shared givers {_names(best.shared_givers)}"]
        if best.reversed:
            parts = [f"recipient {_names(best.shared_givers)} answers the thread's offer"]
        if best.shared_recipient:
            parts.append(f"shared recipient {_names(best.shared_recipient)}")
        else:
            parts.append("recipient not stated on one side")
        parts.append(f"same what {obs.what}")
        if best.shared_words:
            parts.append("shared words " + ", ".join(best.shared_words[:6]))
        else:
            parts.append("no shared words")
        if best.days is not None:
            parts.append(f"{best.days} days after its last entry")
        text = f"linked to {{thread}} (score {best.score:.2f}): " + "; ".join(parts)
        if close:
            others = ", ".join(f"{{alt{i}}} ({c.score:.2f})" for i, c in enumerate(close))
            text += f"; ambiguous: also close {others}, not merged"
        return text

    def _merge_same_article(
        self,
        obs: Observation,
        thread: Thread,
        entry: Entry,
        best: _Candidate,
        close: list[_Candidate],
        template: str,
    ) -> None:
        raised = merge_rank(obs.stage) > merge_rank(entry.stage)
        if raised:
            entry.stage, entry.text = obs.stage, obs.text
            entry.event_id, entry.evidence = obs.event_id, obs.evidence
            entry.historical = obs.historical
            entry.denies = list(obs.denies)
        entry.givers += [g for g in obs.givers if g not in entry.givers]
        entry.recipient += [r for r in obs.recipient if r not in entry.recipient]
        if entry.amount is None and obs.amount is not None:
            entry.amount, entry.unit = obs.amount, obs.unit
        entry.condition = entry.condition or obs.condition
        decision = self._decide(
            obs,
            "same_article",
            thread=thread,
            score=best.score,
            components=best.components,
            alternatives=[(c.thread, c.score) for c in close],
            template=(
                f"same article as an entry of {{thread}}: one entry at the furthest stage "
                f"({obs.stage} {'raises' if raised else 'does not raise'} it); {template}"
            ),
        )
        self.entry_decisions[entry.uid].append(decision)
        running = self.running[id(thread)]
        running.add(entry, obs.features)
        running.restage(thread.entries)
        self._index(thread, entry)

    def _open(self, obs: Observation, notes: list[str], refs: list[Thread]) -> None:
        entry = self._entry(obs)
        thread = Thread(id="", entries=[entry], anchor_uid=entry.uid)
        running = _Running(creation=len(self.threads), what=obs.what)
        running.add(entry, obs.features)
        self.running[id(thread)] = running
        self.threads.append(thread)
        recipient = _names(obs.recipient) if obs.recipient else "(none stated)"
        why = "; ".join(notes) if notes else "no thread for these givers, recipient and what"
        decision = self._decide(
            obs,
            "new",
            thread=thread,
            refs=refs,
            template=(
                f"new thread {{thread}} for {_names(obs.givers)} → {recipient}, {obs.what}: {why}"
            ),
        )
        self.entry_decisions[entry.uid].append(decision)
        self._index(thread, entry)


# -- corrections ----------------------------------------------------------------------


def _resolve(threads: Sequence[Thread], refs: Sequence[EntryRef]) -> list[tuple[Thread, Entry]]:
    """Entries the refs name (each ref: its best-matching entries), in thread order."""
    found: list[tuple[Thread, Entry]] = []
    for ref in refs:
        best = 0
        hits: list[tuple[Thread, Entry]] = []
        for thread in threads:
            for entry in thread.entries:
                quality = ref.match(entry)
                if quality > best:
                    best, hits = quality, [(thread, entry)]
                elif quality == best and quality > 0:
                    hits.append((thread, entry))
        for hit in hits:
            if all(hit[1] is not other[1] for other in found):
                found.append(hit)
    return found


def apply_corrections(
    threads: list[Thread],
    corrections: Sequence[Correction],
    notes: dict[int, list[str]] | None = None,
) -> list[CorrectionResult]:
    """Replay corrections on ``threads`` (in place), in the order given.

    ``notes`` collects, per entry uid, what the corrections did to it.
    """
    notes = notes if notes is not None else defaultdict(list)
    results: list[CorrectionResult] = []
    for corr in corrections:
        if corr.kind == "merge":
            results.append(_apply_merge(threads, corr, notes))
        elif corr.kind == "split":
            results.append(_apply_split(threads, corr, notes))
        else:
            results.append(CorrectionResult(corr.id, False, f"unknown kind {corr.kind!r}"))
    return results


def _apply_merge(
    threads: list[Thread], corr: Correction, notes: dict[int, list[str]]
) -> CorrectionResult:
    target_refs, source_refs = [*corr.refs, [], []][:2]
    targets = _unique_threads(_resolve(threads, target_refs))
    sources = _unique_threads(_resolve(threads, source_refs))
    if not targets or not sources:
        missing = "first" if not targets else "second"
        return CorrectionResult(
            corr.id, False, f"{corr.describe()}: the {missing} thread's entries are gone"
        )
    target = targets[0]
    moved = 0
    for other in [*targets[1:], *sources]:
        if other is target or other not in threads:
            continue
        for entry in other.entries:
            notes.setdefault(entry.uid, []).append(
                f"merged into {corr.threads[0]} by correction {corr.id}"
            )
        target.entries.extend(other.entries)
        target.corrections += [c for c in other.corrections if c not in target.corrections]
        moved += len(other.entries)
        threads.remove(other)
    target.corrections.append(corr.id)
    target.id_hint = corr.new_id or target.id_hint
    target.refresh()
    if not moved:
        return CorrectionResult(corr.id, True, f"{corr.describe()}: already one thread")
    return CorrectionResult(corr.id, True, f"{corr.describe()}: {moved} entries moved")


def _apply_split(
    threads: list[Thread], corr: Correction, notes: dict[int, list[str]]
) -> CorrectionResult:
    hits = _resolve(threads, corr.refs[0] if corr.refs else [])
    if not hits:
        return CorrectionResult(corr.id, False, f"{corr.describe()}: its entries are gone")
    moved = [entry for _thread, entry in hits]
    sources = _unique_threads(hits)
    if len(sources) == 1 and len(sources[0].entries) == len(moved):
        sources[0].corrections.append(corr.id)
        sources[0].id_hint = corr.new_id or sources[0].id_hint
        return CorrectionResult(corr.id, True, f"{corr.describe()}: already a thread of its own")
    for source in sources:
        source.entries = [e for e in source.entries if all(e is not m for m in moved)]
        source.corrections.append(corr.id)
        if source.entries:
            source.refresh()
        else:
            threads.remove(source)
    for entry in moved:
        notes.setdefault(entry.uid, []).append(
            f"split out of {corr.threads[0]} by correction {corr.id}"
        )
    thread = Thread(
        id="",
        entries=moved,
        corrections=[corr.id],
        id_hint=corr.new_id,
        anchor_uid=min(moved, key=Entry.sort_key).uid,
    )
    threads.append(thread)
    return CorrectionResult(corr.id, True, f"{corr.describe()}: {len(moved)} entries moved")


def _unique_threads(hits: Iterable[tuple[Thread, Entry]]) -> list[Thread]:
    out: list[Thread] = []
    for thread, _entry in hits:
        if all(thread is not t for t in out):
            out.append(thread)
    return out


# -- ids ------------------------------------------------------------------------------


def assign_ids(
    threads: list[Thread],
    previous: Mapping[str, str] | None = None,
    next_number: int = 1,
) -> int:
    """Give every thread its id (in place) and return the next free number.

    In order of first entry: the id a correction asked for; else the id most of the
    thread's entries had before (``previous``: entry key → thread id, also matched by
    article and ``what`` when actors changed on re-extraction); else ``t<next>``.
    """
    previous = previous or {}
    loose: dict[str, str | None] = {}
    for key, old_id in previous.items():
        short = "|".join(key.split("|")[:2])
        # None: the article's entries of this `what` were in several threads.
        loose[short] = old_id if loose.get(short, old_id) == old_id else None
    numbers = [n for n in (thread_number(t) for t in previous.values()) if n is not None]
    numbers += [n for n in (thread_number(t.id_hint or "") for t in threads) if n is not None]
    next_number = max([next_number, *(n + 1 for n in numbers)])
    threads.sort(key=lambda t: t.entries[0].sort_key() if t.entries else ("~", "", 0))
    used: set[str] = set()
    for thread in threads:
        thread.id = ""
        if thread.id_hint and thread.id_hint not in used:
            thread.id = thread.id_hint
            used.add(thread.id)
    for thread in threads:
        if thread.id:
            continue
        votes: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for n, entry in enumerate(thread.entries):
            key = entry.key()
            tid = previous.get(key) or loose.get("|".join(key.split("|")[:2]))
            if tid and tid not in used:
                votes[tid] += 1
                first_seen.setdefault(tid, n)
        if votes:
            thread.id = max(votes, key=lambda t: (votes[t], -first_seen[t]))
            used.add(thread.id)
    for thread in threads:
        if not thread.id:
            while f"t{next_number}" in used:
                next_number += 1
            thread.id = f"t{next_number}"
            used.add(thread.id)
            next_number += 1
    threads.sort(key=thread_sort_key)
    return next_number


# -- entry point ----------------------------------------------------------------------


def observations(documents: Iterable[Document]) -> list[Observation]:
    """All documents' observations in threading order (date, article id, position)."""
    found = [obs for doc in documents for obs in observe(doc)]
    found.sort(key=Observation.sort_key)
    for uid, obs in enumerate(found, start=1):
        obs.uid = uid
    return found


def build_ledger(
    documents: Iterable[Document],
    corrections: Sequence[Correction] = (),
    *,
    config: LedgerConfig | None = None,
    previous: Mapping[str, str] | None = None,
    next_number: int = 1,
) -> Ledger:
    """Thread the commitments of ``documents``, replay ``corrections``, assign ids.

    ``previous`` (entry key → thread id, from the last build) keeps ids stable.
    Deterministic: the same documents, corrections and ``previous`` give the same ledger.
    """
    builder = _Builder(config or LedgerConfig())
    for obs in observations(documents):
        builder.add(obs)
    threads = builder.threads
    for thread in threads:
        thread.refresh()
    notes: dict[int, list[str]] = {}
    results = apply_corrections(threads, corrections, notes)
    next_free = assign_ids(threads, previous, next_number)
    by_uid = {e.uid: t.id for t in threads for e in t.entries}

    def id_of(thread: Thread) -> str:
        return by_uid.get(thread.anchor_uid) or "?"

    for decision in builder.decisions:
        decision.render(id_of)
    for thread in threads:
        for entry in thread.entries:
            reasons = [d.reason for d in builder.entry_decisions.get(entry.uid, [])]
            entry.reason = "; ".join([*reasons, *notes.get(entry.uid, [])])
    return Ledger(
        threads=threads,
        decisions=builder.decisions,
        corrections=results,
        next_number=next_free,
    )
