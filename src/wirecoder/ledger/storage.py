"""The ledger in the database: rebuild from stored documents, read threads, corrections.

Threads, entries and link decisions are derived data: ``rebuild`` rewrites them in one
transaction from the stored documents, then replays the user corrections (which are
kept). A fingerprint of the stored extractions tells whether the ledger is current;
``ensure_current`` rebuilds when articles were extracted or re-extracted since.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from wirecoder.records import Document

from .build import Ledger, LedgerConfig, build_ledger
from .model import Correction, Entry, EntryRef, Thread
from .tables import corrections_t, entries_t, links_t, meta_t, threads_t

if TYPE_CHECKING:
    from wirecoder.store import Store

__all__ = ["LedgerError", "LedgerStatus", "LedgerStore", "RebuildSummary", "refresh_after_ingest"]


class LedgerError(LookupError):
    """A thread, entry or correction named by the user does not exist or cannot be used."""


@dataclass
class RebuildSummary:
    documents: int = 0
    commitments: int = 0
    threads: int = 0
    entries: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    corrections_applied: int = 0
    corrections_failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerStatus:
    """Whether the stored ledger matches the stored extractions (read-only check).

    ``state`` is ``current`` (built from exactly the stored extractions), ``stale``
    (articles were extracted, re-extracted or removed since the last build), ``unbuilt``
    (never built, though there are extractions) or ``empty`` (never built, nothing
    extracted)."""

    built: bool
    current: bool
    built_at: str | None
    threads: int
    extracted: int
    # Extractions stamped after the last build (a lower bound of what changed).
    newer: int

    @property
    def state(self) -> str:
        if self.built:
            return "current" if self.current else "stale"
        return "unbuilt" if self.extracted else "empty"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class LedgerStore:
    """The commitment ledger kept in a ``wirecoder.store.Store``'s database."""

    def __init__(self, store: Store, config: LedgerConfig | None = None) -> None:
        self.store = store
        self._config = config

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.store.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        from wirecoder.store.engine import WRITE_OPTION, lock_key

        engine = self.store.engine.execution_options(**{WRITE_OPTION: True})
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key("ledger")})
            yield conn

    # -- bookkeeping ----------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        with self._read() as conn:
            return {row.key: row.value for row in conn.execute(select(meta_t))}

    def config(self) -> LedgerConfig:
        if self._config is not None:
            return self._config
        window = self.meta().get("window_days")
        return LedgerConfig(window_days=int(window)) if window else LedgerConfig()

    def fingerprint(self) -> str:
        """A digest of which articles are extracted, by which version, and when."""
        with self._read() as conn:
            return _fingerprint(self._extractions(conn))

    @staticmethod
    def _extractions(conn: Connection) -> list[Any]:
        from wirecoder.store.rows import extractions_t

        return list(
            conn.execute(
                select(
                    extractions_t.c.article_id,
                    extractions_t.c.extractor_version,
                    extractions_t.c.extracted_at,
                ).order_by(extractions_t.c.article_id)
            )
        )

    def status(self) -> LedgerStatus:
        """How the stored ledger stands against the stored extractions. Reads only
        (safe on a read-only connection); never rebuilds."""
        with self._read() as conn:
            meta = {row.key: row.value for row in conn.execute(select(meta_t))}
            rows = self._extractions(conn)
            threads = conn.execute(select(func.count()).select_from(threads_t)).scalar_one()
        built_at = meta.get("built_at")
        newer = 0
        if built_at:
            try:
                since = _aware(datetime.fromisoformat(built_at))
            except ValueError:
                since = None
            if since is not None:
                newer = sum(
                    1 for r in rows if r.extracted_at is not None and _aware(r.extracted_at) > since
                )
        fingerprint = meta.get("fingerprint")
        return LedgerStatus(
            built=fingerprint is not None,
            current=fingerprint is not None and fingerprint == _fingerprint(rows),
            built_at=built_at,
            threads=int(threads),
            extracted=len(rows),
            newer=newer,
        )

    def is_current(self) -> bool:
        return self.meta().get("fingerprint") == self.fingerprint()

    def ensure_current(self) -> RebuildSummary | None:
        """Rebuild when the stored documents changed since the last build."""
        if self.is_current():
            return None
        return self.rebuild()

    def previous_ids(self) -> dict[str, str]:
        """Entry key → thread id of the stored ledger (keeps ids across rebuilds)."""
        with self._read() as conn:
            return {
                row.entry_key: row.thread_id
                for row in conn.execute(
                    select(entries_t.c.entry_key, entries_t.c.thread_id).order_by(
                        entries_t.c.thread_id, entries_t.c.seq
                    )
                )
            }

    # -- building -------------------------------------------------------------------

    def rebuild(
        self, config: LedgerConfig | None = None, *, restore_ids: dict[str, str] | None = None
    ) -> RebuildSummary:
        """Recompute all threads from the stored documents and replay the corrections.

        Deterministic and idempotent: rebuilding again without changes gives the same
        threads, ids, entries and decisions. ``restore_ids`` (entry key → thread id)
        overrides the ids entries had in the last build.
        """
        if config is not None:
            self._config = config
        config = self.config()
        fingerprint = self.fingerprint()
        meta = self.meta()
        summary = RebuildSummary()

        def documents() -> Iterator[Document]:
            for doc in self.store.iter_documents():
                summary.documents += 1
                yield doc

        ledger = build_ledger(
            documents(),
            self.corrections(),
            config=config,
            previous={**self.previous_ids(), **(restore_ids or {})},
            next_number=int(meta.get("next_thread_number", "1")),
        )
        self.save(ledger, fingerprint=fingerprint, config=config)
        summary.commitments = len(ledger.decisions)
        summary.threads = len(ledger.threads)
        summary.entries = sum(len(t.entries) for t in ledger.threads)
        summary.actions = dict(Counter(d.action for d in ledger.decisions))
        summary.corrections_applied = sum(1 for r in ledger.corrections if r.applied)
        summary.corrections_failed = [
            f"correction {r.id}: {r.message}" for r in ledger.corrections if not r.applied
        ]
        return summary

    def save(
        self, ledger: Ledger, *, fingerprint: str | None = None, config: LedgerConfig | None = None
    ) -> None:
        """Replace the stored threads, entries and decisions with ``ledger``'s."""
        built = _now()
        thread_rows: list[dict[str, Any]] = []
        entry_rows: list[dict[str, Any]] = []
        for n, thread in enumerate(ledger.threads, start=1):
            st = thread.state
            thread_rows.append(
                {
                    "id": thread.id,
                    "ord": n,
                    "givers": st.givers,
                    "recipient": st.recipient,
                    "what": st.what,
                    "text": st.text,
                    "stage": st.stage,
                    "amount": st.amount,
                    "unit": st.unit,
                    "condition": st.condition,
                    "flags": st.flags,
                    "first_date": st.first_date,
                    "last_date": st.last_date,
                    "corrections": thread.corrections,
                    "built_at": built,
                }
            )
            for seq, entry in enumerate(thread.entries, start=1):
                entry_rows.append(_entry_row(thread.id, seq, entry))
        link_rows = [d.to_row() for d in ledger.decisions]
        meta = {"built_at": built.isoformat(), "next_thread_number": str(ledger.next_number)}
        if fingerprint is not None:
            meta["fingerprint"] = fingerprint
        if config is not None:
            meta["window_days"] = str(config.window_days)
        with self._write() as conn:
            conn.execute(delete(entries_t))
            conn.execute(delete(threads_t))
            conn.execute(delete(links_t))
            for table, rows in ((threads_t, thread_rows), (entries_t, entry_rows)):
                if rows:
                    conn.execute(insert(table), rows)
            if link_rows:
                conn.execute(insert(links_t), link_rows)
            for result in ledger.corrections:
                conn.execute(
                    update(corrections_t)
                    .where(corrections_t.c.id == result.id)
                    .values(applied=result.applied, message=result.message)
                )
            conn.execute(delete(meta_t).where(meta_t.c.key.in_(list(meta))))
            conn.execute(insert(meta_t), [{"key": k, "value": v} for k, v in meta.items()])

    # -- reading --------------------------------------------------------------------

    def threads(
        self,
        *,
        giver: str | None = None,
        recipient: str | None = None,
        what: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Thread]:
        """Stored threads, filtered. ``until`` shows each thread as it stood on that
        date (later entries dropped, stage and flags recomputed); ``since`` keeps
        threads with an entry on or after it."""
        query = select(threads_t.c.id, threads_t.c.corrections).order_by(threads_t.c.ord)
        if what:
            query = query.where(threads_t.c.what == what)
        with self._read() as conn:
            heads = conn.execute(query).all()
            entries = self._entries(conn, None if len(heads) > 50 else [h.id for h in heads])
        out: list[Thread] = []
        for head in heads:
            thread = Thread(
                id=head.id,
                entries=entries.get(head.id, []),
                corrections=list(head.corrections or []),
            )
            shown = thread.as_of(until=until, since=since) if (since or until) else thread
            if shown is None:
                continue
            if giver and not _has(shown.givers, giver):
                continue
            if recipient and not _has(shown.recipient, recipient):
                continue
            if what and shown.what != what:
                continue
            out.append(shown)
        return out

    def thread(self, thread_id: str) -> Thread | None:
        with self._read() as conn:
            head = conn.execute(
                select(threads_t.c.id, threads_t.c.corrections).where(threads_t.c.id == thread_id)
            ).first()
            if head is None:
                return None
            entries = self._entries(conn, [thread_id]).get(thread_id, [])
        return Thread(id=head.id, entries=entries, corrections=list(head.corrections or []))

    def _entries(self, conn: Connection, ids: Sequence[str] | None) -> dict[str, list[Entry]]:
        query = select(entries_t).order_by(entries_t.c.thread_id, entries_t.c.seq)
        if ids is not None:
            query = query.where(entries_t.c.thread_id.in_(list(ids)))
        out: dict[str, list[Entry]] = {}
        for row in conn.execute(query):
            out.setdefault(row.thread_id, []).append(
                Entry(
                    article_id=row.article_id,
                    date=row.date,
                    stage=row.stage,
                    what=row.what,
                    givers=list(row.givers or []),
                    recipient=list(row.recipient or []),
                    text=row.text,
                    commitment_id=row.commitment_id,
                    event_id=row.event_id,
                    evidence=row.evidence,
                    amount=row.amount,
                    unit=row.unit,
                    condition=row.condition,
                    historical=bool(row.historical),
                    reversed=bool(row.reversed),
                    denies=list(row.denies or []),
                    score=row.score,
                    reason=row.reason,
                    ord=row.ord,
                )
            )
        return out

    def decisions(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        """Stored link decisions (all, or those that chose ``thread_id``), in build order."""
        query = select(links_t).order_by(links_t.c.seq)
        if thread_id is not None:
            query = query.where(links_t.c.thread_id == thread_id)
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    # -- corrections ----------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        with self._read() as conn:
            rows = conn.execute(select(corrections_t).order_by(corrections_t.c.id)).all()
        return [
            Correction(
                id=int(row.id),
                kind=row.kind,
                threads=list(row.threads or []),
                refs=[[EntryRef.from_dict(r) for r in group] for group in row.refs or []],
                new_id=row.new_id,
                note=row.note,
                created_at=row.created_at.isoformat() if row.created_at else None,
            )
            for row in rows
        ]

    def correction_status(self) -> dict[int, tuple[bool | None, str | None]]:
        with self._read() as conn:
            return {
                int(row.id): (row.applied, row.message)
                for row in conn.execute(
                    select(corrections_t.c.id, corrections_t.c.applied, corrections_t.c.message)
                )
            }

    def _require(self, thread_id: str) -> Thread:
        thread = self.thread(thread_id)
        if thread is None:
            raise LedgerError(f"no thread {thread_id!r}")
        return thread

    def _add_correction(
        self,
        kind: str,
        threads: list[str],
        refs: list[list[EntryRef]],
        new_id: str | None,
        note: str,
    ) -> Correction:
        with self._write() as conn:
            result = conn.execute(
                insert(corrections_t).values(
                    kind=kind,
                    threads=threads,
                    refs=[[r.to_dict() for r in group] for group in refs],
                    new_id=new_id,
                    note=note,
                    created_at=_now(),
                )
            )
            cid = int(result.inserted_primary_key[0])  # type: ignore[index]
        return Correction(id=cid, kind=kind, threads=threads, refs=refs, new_id=new_id, note=note)

    def merge(self, target: str, source: str, note: str = "") -> tuple[Correction, RebuildSummary]:
        """Merge thread ``source`` into ``target`` (which keeps its id); stored and
        replayed after every rebuild."""
        self.ensure_current()
        if target == source:
            raise LedgerError("cannot merge a thread with itself")
        first, second = self._require(target), self._require(source)
        correction = self._add_correction(
            "merge",
            [target, source],
            [[e.ref() for e in first.entries], [e.ref() for e in second.entries]],
            target,
            note,
        )
        return correction, self.rebuild()

    def split(
        self, thread_id: str, selector: str, *, with_later: bool = False, note: str = ""
    ) -> tuple[Correction, RebuildSummary]:
        """Move entries out of a thread into a new one: the entries of an article (id
        or unique prefix) or the N-th history entry (1-based); ``with_later`` moves
        every later entry too. Stored and replayed after every rebuild."""
        self.ensure_current()
        thread = self._require(thread_id)
        moved = select_entries(thread, selector)
        if with_later:
            start = min(n for n, e in enumerate(thread.entries) if any(e is m for m in moved))
            moved = thread.entries[start:]
        if len(moved) == len(thread.entries):
            raise LedgerError(f"splitting {selector!r} would leave {thread_id} empty")
        kept = [e for e in thread.entries if all(e is not m for m in moved)]
        number = int(self.meta().get("next_thread_number", "1"))
        taken = {t.id for t in self.threads()}
        taken |= {c.new_id for c in self.corrections() if c.new_id}
        while f"t{number}" in taken:
            number += 1
        correction = self._add_correction(
            "split",
            [thread_id],
            [[e.ref() for e in moved], [e.ref() for e in kept]],
            f"t{number}",
            note,
        )
        return correction, self.rebuild()

    def delete_correction(self, correction_id: int) -> RebuildSummary:
        """Forget a correction and rebuild without it. The entries a merge had moved
        get their former thread id back."""
        correction = next((c for c in self.corrections() if c.id == correction_id), None)
        if correction is None:
            raise LedgerError(f"no correction {correction_id}")
        restore: dict[str, str] = {}
        if correction.kind == "merge" and len(correction.threads) > 1 and len(correction.refs) > 1:
            restore = {ref.key(): correction.threads[1] for ref in correction.refs[1]}
        with self._write() as conn:
            conn.execute(delete(corrections_t).where(corrections_t.c.id == correction_id))
        return self.rebuild(restore_ids=restore)


def refresh_after_ingest(store: Store) -> RebuildSummary | None:
    """Bring the ledger up to date after ``wirecoder ingest`` stored extractions.

    Rebuilds (threads, history, link decisions; corrections replayed) when articles
    were extracted, re-extracted or removed since the last build, else does nothing;
    returns the rebuild's summary, or None when the ledger was already current. Uses
    the window of the last build. Needs a writable store.
    """
    return LedgerStore(store).ensure_current()


def _fingerprint(rows: Iterable[Any]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        stamp = row.extracted_at.isoformat() if row.extracted_at else ""
        digest.update(f"{row.article_id}\t{row.extractor_version}\t{stamp}\n".encode())
    return digest.hexdigest()


def select_entries(thread: Thread, selector: str) -> list[Entry]:
    """Entries of ``thread`` named by a 1-based history position or an article id
    (or a prefix unique among the thread's articles)."""
    selector = selector.strip()
    if selector.isdigit():
        n = int(selector)
        if not 1 <= n <= len(thread.entries):
            raise LedgerError(f"{thread.id} has entries 1 to {len(thread.entries)}, not {n}")
        return [thread.entries[n - 1]]
    exact = [e for e in thread.entries if e.article_id == selector]
    if exact:
        return exact
    articles = sorted({e.article_id for e in thread.entries if e.article_id.startswith(selector)})
    if not articles:
        raise LedgerError(f"{thread.id} has no entry from article {selector!r}")
    if len(articles) > 1:
        raise LedgerError(f"{selector!r} names several articles of {thread.id}: {articles}")
    return [e for e in thread.entries if e.article_id == articles[0]]


def _has(keys: Sequence[str], wanted: str) -> bool:
    return wanted.casefold() in {k.casefold() for k in keys}


def _entry_row(thread_id: str, seq: int, entry: Entry) -> dict[str, Any]:
    return {
        "thread_id": thread_id,
        "seq": seq,
        "entry_key": entry.key(),
        "article_id": entry.article_id,
        "commitment_id": entry.commitment_id,
        "event_id": entry.event_id,
        "date": entry.date,
        "stage": entry.stage,
        "what": entry.what,
        "givers": entry.givers,
        "recipient": entry.recipient,
        "text": entry.text,
        "evidence": entry.evidence,
        "amount": entry.amount,
        "unit": entry.unit,
        "condition": entry.condition,
        "historical": entry.historical,
        "reversed": entry.reversed,
        "denies": entry.denies,
        "score": entry.score,
        "reason": entry.reason,
        "ord": entry.ord,
    }
