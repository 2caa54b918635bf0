"""Pieces of the web UI without a server: highlighting, escaping helpers, charts, views."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from wirecoder.records import Article, Document, Entity, Event, Quote
from wirecoder.store import Store, views
from wirecoder.store.views import Filters
from wirecoder.web import charts
from wirecoder.web.app import evidence_html, safe_href, snippet_html
from wirecoder.web.highlight import highlight, paragraphs
from wirecoder.web.pages import csv_cell
from wirecoder.web.sample import fill_store, sample_documents


def _doc(text: str, **records: object) -> Document:
    return Document(article=Article(id="a", text=text, language="de"), **records)  # type: ignore[arg-type]


def test_highlight_escapes_every_segment_and_handles_overlaps() -> None:
    text = 'A <b>x</b> & "q" said <script>alert(1)</script> end.\n\nSecond para'
    doc = _doc(
        text,
        entities=[Entity("e1", 'N<"&>', "person", "DEU", mentions=[(2, 10), (80, 90)])],
        quotes=[Quote("q1", "e1", "direct", "", (2, 20), None)],
        events=[Event("v1", "ACCUSE", ["e1"], [], trigger=(8, 14), span=(0, 48))],
    )
    blocks = highlight(doc).blocks
    html = "".join(str(b.html) for b in blocks)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/" in html and " &amp; &#34;" in html
    assert ">N&lt;&#34;&amp;&gt;</span>" in html  # the speaker tag
    # One flat span per segment, with the classes of every span covering it.
    assert 'class="evidence quote quote-direct spk-0 ent ent-person trigger ev-conf"' in html
    assert '<sup class="ev-tag ev-conf" data-ref="v1">ACCUSE</sup>' in html
    assert len(blocks) == 2 and not blocks[0].heading
    # The out-of-range mention (80, 90) is dropped; the text reads as before.
    shown = " ".join(Markup(b.html).striptags() for b in blocks)
    assert shown == 'A N<"&><b>x</b> & "ACCUSEq" said <script>alert(1)</script> end. Second para'


TAGS = re.compile(r'<span class="speaker-tag[^>]*>[^<]*</span>|<sup class="ev-tag[^>]*>[^<]*</sup>')


def test_highlight_keeps_all_text_in_order() -> None:
    for doc in sample_documents():
        blocks = highlight(doc).blocks
        shown = [Markup(TAGS.sub("", str(b.html))).striptags() for b in blocks]
        text = doc.article.text
        assert shown == [" ".join(text[s:e].split()) for s, e in paragraphs(text)]
        tags = sum(len(TAGS.findall(str(b.html))) for b in blocks)
        assert tags == len(doc.quotes) + len(doc.events)


def test_paragraphs_and_headings() -> None:
    text = "  Titel ohne Punkt\n\nErster Satz.\nZweite Zeile.\n \n\nLetzter Absatz"
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans] == [
        "Titel ohne Punkt",
        "Erster Satz.\nZweite Zeile.",
        "Letzter Absatz",
    ]
    blocks = highlight(_doc(text)).blocks
    assert [b.heading for b in blocks] == [True, False, True]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example", None),
        ('https://x.org/"onmouseover="x', None),
        (None, None),
        ("", None),
    ],
)
def test_safe_href(value: str | None, expected: str | None) -> None:
    assert safe_href(value) == expected


def test_snippet_and_evidence_html_escape() -> None:
    assert str(snippet_html("a **<b>** c **d")) == "a <mark>&lt;b&gt;</mark> c d"
    assert (
        str(evidence_html("x <i>y</i> z", [10, 22], [12, 20]))
        == 'x <b class="trigger-inline">&lt;i&gt;y&lt;/i&gt;</b> z'
    )
    assert str(evidence_html("<b>", [0, 3], [5, 9])) == "&lt;b&gt;"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+2", "'=1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("-3", "-3"), ("+x", "'+x"), ("ok", "ok")],
)
def test_csv_cell_guards_formulas(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


def test_bucket_edges_do_not_overflow() -> None:
    assert views.bucket_of(dt.date(9999, 12, 30), "week")[1] == dt.date.max
    assert views.bucket_of(dt.date(9999, 12, 5), "month") == (dt.date(9999, 12, 1), dt.date.max)
    assert views.bucket_of(dt.date(2026, 2, 11), "week") == (
        dt.date(2026, 2, 9),
        dt.date(2026, 2, 15),
    )
    assert views.bucket_of(dt.date(2024, 2, 11), "month")[1] == dt.date(2024, 2, 29)


def test_views_on_odd_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "v.db") as store:
        fill_store(store)
        far = views.timeline(store, Filters(date_from="9999-12-01", date_to="9999-12-31"), "month")
        assert [b.label for b in far.buckets] == ["9999-12"] and far.buckets[0].total == 0
        huge = views.timeline(store, Filters(date_from="0001-01-01", date_to="9999-12-31"), "day")
        assert len(huge.buckets) == views.MAX_BUCKETS
        assert views.events(store, Filters(actor="ZZZ")).total == 0
        assert views.search_articles(store, Filters(q='" OR -* NEAR(')).total == 0
        assert views.ledger_threads(store, Filters(actor="NOR", what="troops")) == []
        net = views.network(store, Filters(), max_nodes=3)
        assert len(net.nodes) == 3 and net.dropped_nodes == 7
        assert all(e.source in {"UKR", "DEU", "RUS"} for e in net.edges)


def test_charts_geometry() -> None:
    assert charts.nice_ticks(0) == [0.0, 1.0]
    assert charts.nice_ticks(7)[-1] >= 7
    chart = charts.column_chart(["a", "b"], [("x", "c1", [1, 0]), ("y", "c2", [2, 5])])
    assert len(chart.columns) == 2
    assert [len(c.bars) for c in chart.columns] == [2, 1]
    assert all(
        r.y >= chart.top - 0.01 and r.y + r.h <= chart.bottom + 0.01
        for c in chart.columns
        for r in c.bars
    )
    empty = charts.column_chart([], [])
    assert empty.empty
    net = views.Network(
        nodes=[views.NetworkNode("A", 3, 2, 1), views.NetworkNode("B", 3, 1, 2)],
        edges=[views.NetworkEdge("A", "B", "AGREE", 2), views.NetworkEdge("B", "A", "ACCUSE", 1)],
        events=3,
    )
    drawing = charts.network_drawing(net, 400, 300)
    assert {n.code for n in drawing.nodes} == {"A", "B"}
    assert all(0 <= n.x <= 400 and 0 <= n.y <= 300 for n in drawing.nodes)
    assert len({e.path for e in drawing.edges}) == 2  # two curves, not on top of each other


def test_views_give_the_same_answers_on_every_database(db_url: str) -> None:
    """SQLite always; PostgreSQL too when WIRECODER_TEST_PG_URL is set (-m postgres)."""
    with Store(db_url) as store:
        fill_store(store)
        assert views.events(store, Filters(actor="NOR", recipient="UKR")).total == 5
        assert views.events(store, Filters(involving="RUS")).total == 8
        march = views.events(store, Filters(date_from="2026-03-01", date_to="2026-03-09"))
        assert march.total == 5
        assert march.items[0].evidence.startswith("Norway and Ukraine signed")
        assert views.quotes(store, Filters(actor="DEU")).total == 5
        assert views.commitments(store, Filters(actor="NOR", what="military_aid")).total == 5
        assert views.entities(store, Filters(code="UKR", kind="state")).total == 12
        found = views.search_articles(store, Filters(q="NASAMS", language="de", source="NTB"))
        assert {a.id for a in found.items} == {
            "2026-04-27-nasams-delivered",
            "2026-03-30-storting-approves",
            "2026-02-09-norway-promises-nasams",
            "2026-01-12-norway-offers",
        }
        assert all(a.snippet and "**" in a.snippet for a in found.items)
        dated = views.search_articles(store, Filters(date_to="2026-01-12"))
        assert {a.id for a in dated.items} == {
            "2026-01-06-paris-guarantees",
            "2026-01-12-norway-offers",
        }
        threads = views.ledger_threads(store, Filters(recipient="UKR", what="troops"))
        assert [(t.givers, t.stage) for t in threads] == [
            (["NLD"], "withdrawn"),
            (["FRA", "GBR"], "intent_signed"),
        ]
        # The cross-article ledger (fill_store rebuilds it, as `wirecoder ingest` does).
        view = views.ledger(store, Filters(recipient="UKR", what="troops"))
        assert (view.source, view.state, view.note) == ("ledger", "current", None)
        assert [(t.givers, t.stage, t.furthest) for t in view.threads] == [
            (["NLD"], "withdrawn", "promised"),
            (["FRA", "GBR"], "intent_signed", "intent_signed"),
        ]
        [dutch] = views.ledger(store, Filters(actor="NLD", language="en")).threads
        assert [(s.stage, s.amount, s.unit) for s in dutch.history] == [
            ("promised", 200, "soldiers"),
            ("withdrawn", 200, "soldiers"),
        ]
        assert views.ledger(store, Filters(actor="NLD", source="nobody")).threads == []
        net = views.network(store, Filters(type="ASSAULT"))
        assert [(e.source, e.target, e.count) for e in net.edges] == [("RUS", "UKR", 1)]
        assert sum(b.total for b in views.timeline(store, Filters(), "month").buckets) == 30
        summary = views.actor_summary(store, "NOR", Filters())
        assert (summary.as_actor, summary.as_recipient) == (6, 1)
        facets = views.facets(store)
        assert facets.languages == ["de", "en"] and "NTB" in facets.sources
