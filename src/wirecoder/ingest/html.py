"""HTML pages (main text via trafilatura) and a small tag stripper for feed summaries."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from wirecoder.ingest.article import make_article
from wirecoder.ingest.base import IngestFailure, IngestOptions
from wirecoder.ingest.dates import normalise_date
from wirecoder.records import Article

# Elements whose content is never text.
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_BLOCK_WORDS = (
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer tr "
    "table pre figure figcaption dd dt hr"
)
_BLOCK = frozenset(_BLOCK_WORDS.split())
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_HTML_LANG_RE = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._dropping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._dropping = max(0, self._dropping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.parts.append(data)


def join_paragraphs(lines: list[str]) -> str:
    """Non-empty lines, whitespace tidied, as paragraphs separated by blank lines."""
    kept = [_SPACES_RE.sub(" ", line).strip() for line in lines]
    return "\n\n".join(line for line in kept if line)


def strip_html(markup: str) -> str:
    """Text of an HTML fragment: scripts/styles dropped, block elements become paragraphs."""
    if "<" not in markup and "&" not in markup:
        return join_paragraphs(markup.split("\n"))
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return join_paragraphs("".join(collector.parts).split("\n"))


def sniff_charset(data: bytes) -> str | None:
    match = _META_CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _page_title(markup: str) -> str | None:
    match = _TITLE_RE.search(markup[:65536])
    if not match:
        return None
    title = " ".join(strip_html(match.group(1)).split())
    return title or None


def _extract(markup: str) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def parse_html(markup: str, origin: str, options: IngestOptions, *, raw: bytes = b"") -> Article:
    """One article from a page: main text, title, publication date, site name, canonical URL."""
    try:
        doc = _extract(markup)
    except Exception:  # trafilatura/lxml on a broken page: fall back to plain stripping
        doc = None
    text = ""
    title = date = url = sitename = None
    if doc is not None:
        text = join_paragraphs((getattr(doc, "text", None) or "").split("\n"))
        title = getattr(doc, "title", None)
        date = getattr(doc, "date", None)
        url = getattr(doc, "url", None)
        sitename = getattr(doc, "sitename", None)
    title = title or _page_title(markup)
    if not text:
        body = re.split(r"<body[^>]*>", markup, maxsplit=1, flags=re.IGNORECASE)
        text = strip_html(body[-1])
    if title and text.startswith(title):
        # The page heading repeated as the first paragraph: it is the title, not body text.
        rest = text[len(title) :]
        if rest.startswith("\n\n") and rest.strip():
            text = rest.lstrip("\n")
    if not text.strip():
        raise IngestFailure("no text found in HTML")
    lang = _HTML_LANG_RE.search(raw[:4096] if raw else markup[:4096].encode("utf-8", "replace"))
    return make_article(
        text,
        origin=origin,
        options=options,
        date=_safe_date(date),
        sources=[sitename] if isinstance(sitename, str) and sitename.strip() else None,
        language=lang.group(1).decode("ascii") if lang else None,
        title=title,
        url=url,
        strict_language=False,
    )


def _safe_date(value: object) -> str | None:
    """Metadata dates are a guess: drop one that does not parse instead of failing the page."""
    try:
        return normalise_date(value)
    except IngestFailure:
        return None
