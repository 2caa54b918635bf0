"""Gold records (SPEC §3) and their loader.

A gold file is JSON Lines, one article a line: the article fields of SPEC §1 plus
``events``, ``quotes`` and ``commitments``. A section may be missing (SpkAtt has only
quotes); :attr:`GoldArticle.sections` says which sections an article annotates, so the
scorer does not count predictions of an unannotated section as false positives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirecoder.records import Article

SECTIONS = ("events", "quotes", "commitments")

#: Gold actor code for "an actor with no state or organisation code" (SPEC §3).
WILDCARD = "*"


@dataclass
class GoldEvent:
    sentence: str
    type: str
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    aux: str | None = None
    condition: bool = False
    content: str | None = None  # the content's event type, e.g. "MOBILIZE"
    source: str | None = None  # code of the reporting speaker


@dataclass
class GoldQuote:
    sentence: str
    text: str
    kind: str | None = None
    speaker: str | None = None  # a name; null when the source is a pronoun or unnamed
    speaker_code: str | None = None
    speaker_text: str | None = None  # raw source span (SpkAtt), informational only


@dataclass
class GoldCommitment:
    givers: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    what: str = "other"
    stage: str | None = None
    condition: bool = False


@dataclass
class GoldArticle:
    id: str
    text: str
    date: str | None = None
    sources: list[str] = field(default_factory=list)
    language: str | None = None
    title: str | None = None
    url: str | None = None
    events: list[GoldEvent] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    commitments: list[GoldCommitment] = field(default_factory=list)
    # Sections present in the gold record ("events", "quotes", "commitments").
    sections: frozenset[str] = frozenset(SECTIONS)
    # Where the record was read from ("path:line"); not part of SPEC.
    origin: str | None = None

    def to_article(self) -> Article:
        """The article to hand to the extractor."""
        return Article(
            id=self.id,
            text=self.text,
            date=self.date,
            sources=list(self.sources),
            language=self.language,
            title=self.title,
            url=self.url,
            origin=self.origin,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str | None = None) -> GoldArticle:
        if not isinstance(data, dict):
            raise ValueError("a gold record must be a JSON object")
        if "text" not in data:
            raise ValueError("gold record has no 'text'")
        sections = frozenset(s for s in SECTIONS if data.get(s) is not None)
        return cls(
            id=str(data.get("id") if data.get("id") is not None else origin or ""),
            text=str(data.get("text") or ""),
            date=data.get("date"),
            sources=_str_list(data.get("sources")),
            language=data.get("language"),
            title=data.get("title"),
            url=data.get("url"),
            events=[_event(e) for e in data.get("events") or []],
            quotes=[_quote(q) for q in data.get("quotes") or []],
            commitments=[_commitment(c) for c in data.get("commitments") or []],
            sections=sections,
            origin=origin,
        )


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold file: JSON Lines (one article a line), or one JSON object or array.

    Blank lines are skipped; a bad line raises ``ValueError`` naming ``path:line``.
    """
    p = Path(path)
    raw = p.read_text(encoding="utf-8-sig")
    stripped = raw.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        return [
            GoldArticle.from_dict(d, origin=f"{p}:{i}")
            for i, d in enumerate(_loads(stripped, str(p)), 1)
        ]
    if not _parses(stripped.splitlines()[0]) and _parses(stripped):
        # One pretty-printed record, as in examples/*.gold.json.
        return [GoldArticle.from_dict(json.loads(stripped), origin=str(p))]
    return list(_iter_jsonl(raw, p))


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _iter_jsonl(raw: str, path: Path) -> Iterator[GoldArticle]:
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            yield GoldArticle.from_dict(_loads(line, where), origin=where)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from exc


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: invalid JSON: {exc}") from exc


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    """Gold ``condition`` is a bool; tolerate a condition text or null."""
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _content_type(value: Any) -> str | None:
    if isinstance(value, dict):
        return _opt_str(value.get("type"))
    return _opt_str(value)


def _event(data: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        sentence=str(data["sentence"]),
        type=str(data["type"]),
        actor=_str_list(data.get("actor")),
        recipient=_str_list(data.get("recipient")),
        aux=_opt_str(data.get("aux")),
        condition=_flag(data.get("condition")),
        content=_content_type(data.get("content")),
        source=_opt_str(data.get("source")),
    )


def _quote(data: dict[str, Any]) -> GoldQuote:
    return GoldQuote(
        sentence=str(data.get("sentence") or data.get("text") or ""),
        text=str(data.get("text") or data.get("sentence") or ""),
        kind=_opt_str(data.get("kind")),
        speaker=_opt_str(data.get("speaker")),
        speaker_code=_opt_str(data.get("speaker_code")),
        speaker_text=_opt_str(data.get("speaker_text")),
    )


def _commitment(data: dict[str, Any]) -> GoldCommitment:
    return GoldCommitment(
        givers=_str_list(data.get("givers")),
        recipient=_str_list(data.get("recipient")),
        what=str(data.get("what") or "other"),
        stage=_opt_str(data.get("stage")),
        condition=_flag(data.get("condition")),
    )
