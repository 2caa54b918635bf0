"""JSON Lines, JSON, CSV, HTML, RSS/Atom readers and stdin sniffing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from wirecoder.ingest import (
    Article,
    IngestError,
    IngestWarning,
    read_bytes,
    read_paths,
    sniff_format,
    stable_id,
)

DE_TEXT = (
    "Der Bundeskanzler hat der Ukraine weitere Unterstützung zugesagt. Die Regierung werde "
    "die Hilfe für das Land auch im kommenden Jahr fortsetzen, sagte er in Berlin."
)
EN_TEXT = (
    "The chancellor promised Ukraine further support on Monday. The government would continue "
    "its aid to the country next year, he said in Berlin."
)


def articles(items: list[Article | IngestError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | IngestError]) -> list[IngestError]:
    return [item for item in items if isinstance(item, IngestError)]


# --- JSON Lines -------------------------------------------------------------------------


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    good = {
        "id": "x1",
        "date": "2026-01-06",
        "sources": ["APA", "dpa"],
        "language": "de",
        "title": "Zusage",
        "text": DE_TEXT,
        "url": "https://example.org/1",
    }
    lines = [
        json.dumps(good, ensure_ascii=False),
        "",
        json.dumps({"text": EN_TEXT, "sources": "Reuters/AP", "date": "2026-01-07T22:30:00-05:00"}),
        '{"id": "x3", "text": "abgeschnit',  # truncated line
        "[1, 2]",
        json.dumps({"id": "x5", "text": DE_TEXT, "date": "2026-02-30"}),
        json.dumps({"id": "x6", "text": ""}),
        json.dumps({"id": "x7", "text": DE_TEXT, "language": "fr"}),
        json.dumps({"id": 8, "text": EN_TEXT}),
        '{"id": "x9", "text": "kaputt am Ende',  # truncated last line, no newline
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_paths([str(path)]))
    got = articles(items)
    assert [a.id for a in got] == ["x1", stable_id(EN_TEXT), "8"]
    first = got[0]
    assert first.to_dict() == good
    assert first.origin == f"{path}:1"
    second = got[1]
    assert second.sources == ["Reuters", "AP"]
    assert second.date == "2026-01-07"  # the date as written, not converted to UTC
    assert second.language == "en"  # detected
    bad = {e.origin: e.reason for e in errors(items)}
    assert set(bad) == {f"{path}:{n}" for n in (4, 5, 6, 7, 8, 10)}
    assert bad[f"{path}:4"].startswith("invalid JSON (truncated?)")
    assert bad[f"{path}:10"].startswith("invalid JSON (truncated?)")
    assert "expected a JSON object" in bad[f"{path}:5"]
    assert "2026-02-30" in bad[f"{path}:6"]
    assert bad[f"{path}:7"] == "no text"
    assert "unsupported language" in bad[f"{path}:8"]


def test_jsonl_invalid_utf8_line_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    good = json.dumps({"id": "u", "text": DE_TEXT}, ensure_ascii=False).encode("utf-8")
    latin = json.dumps({"id": "c", "text": DE_TEXT}, ensure_ascii=False).encode("cp1252")
    path.write_bytes(good + b"\n" + latin + b"\n")
    items = list(read_paths([str(path)]))
    assert [type(i) for i in items] == [Article, IngestWarning, Article]
    warning = items[1]
    assert warning.origin == f"{path}:2"
    assert "decoded as cp1252" in warning.reason
    assert items[2].text == DE_TEXT  # type: ignore[union-attr]


# --- JSON ---------------------------------------------------------------------------------


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "o", "text": DE_TEXT, "events": []}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(
        json.dumps([{"id": "a", "text": DE_TEXT}, "oops", {"id": "c", "text": EN_TEXT}], indent=2),
        encoding="utf-8",
    )
    items = list(read_paths([str(many), str(single)]))
    assert [a.id for a in articles(items)] == ["a", "c", "o"]
    assert [a.origin for a in articles(items)] == [f"{many}#1", f"{many}#3", str(single)]
    [error] = errors(items)
    assert error.origin == f"{many}#2"


def test_json_invalid(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "a", "text": ', encoding="utf-8")
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, IngestError)
    assert error.reason.startswith("invalid JSON")


# --- CSV ----------------------------------------------------------------------------------


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "id,date,sources,language,title,text,url\r\n"
        f'c1,2026-01-06,APA/dpa,de,,"{DE_TEXT}\n\nZweiter Absatz, mit Komma.",\r\n'
        f'c2,2026-13-01,,,,"{EN_TEXT}",\r\n'
        f',,,,,"{EN_TEXT}",https://example.org/en\r\n'
        "c4,,,,,,\r\n"
        "c5,,,,,too,many,fields,here,now,x\r\n",
        encoding="utf-8",
    )
    items = list(read_paths([str(path)]))
    got = articles(items)
    assert [a.id for a in got] == ["c1", stable_id(EN_TEXT)]
    assert got[0].text == DE_TEXT + "\n\nZweiter Absatz, mit Komma."
    assert got[0].sources == ["APA", "dpa"]
    assert got[0].title is None and got[0].url is None
    assert got[0].origin == f"{path}:2"
    assert got[1].url == "https://example.org/en"
    assert got[1].origin == f"{path}:6"  # line numbers count the quoted multi-line field
    bad = {e.origin: e.reason for e in errors(items)}
    assert set(bad) == {f"{path}:5", f"{path}:7", f"{path}:8"}
    assert "2026-13-01" in bad[f"{path}:5"]
    assert bad[f"{path}:7"] == "no text"
    assert "fields" in bad[f"{path}:8"]


def test_csv_requires_header(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text(f"c1,2026-01-06,{EN_TEXT}\n", encoding="utf-8")
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, IngestError)
    assert "header" in error.reason


def test_csv_semicolon_and_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(f"text;language\r\n{DE_TEXT};de\r\n".encode("cp1252"))
    items = list(read_paths([str(path)]))
    assert [type(i) for i in items] == [IngestWarning, Article]
    assert items[1].text == DE_TEXT  # type: ignore[union-attr]


# --- HTML ---------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="de"><head>
<meta charset="utf-8">
<title>Merz sagt Ukraine Hilfe zu</title>
<meta property="article:published_time" content="2026-01-06T18:30:00+01:00">
<script>var tracking = "SCRIPT-IN-HEAD";</script>
<style>.x {{ color: red }}</style>
</head><body>
<nav><a href="/">Startseite</a> | <a href="/politik">Politik</a></nav>
<article>
<h1>Merz sagt Ukraine Hilfe zu</h1>
<p>{DE_TEXT}</p>
<script>document.write("SCRIPT-IN-BODY");</script>
<p>Die Opposition kritisierte die Zusage als unzureichend und forderte mehr Tempo
bei der Lieferung von Waffen.</p>
<noscript>NOSCRIPT-TEXT</noscript>
</article>
<footer>Impressum</footer>
</body></html>"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = list(read_paths([str(path)]))
    assert isinstance(article, Article)
    assert article.title == "Merz sagt Ukraine Hilfe zu"
    assert article.date == "2026-01-06"
    assert article.language == "de"
    assert DE_TEXT in article.text
    assert "Die Opposition kritisierte" in article.text
    for junk in ("SCRIPT-IN-HEAD", "SCRIPT-IN-BODY", "NOSCRIPT", "document.write", "color: red"):
        assert junk not in article.text
    assert "\n\n" in article.text  # paragraphs separated by blank lines


def test_tiny_html_falls_back_without_scripts(tmp_path: Path) -> None:
    path = tmp_path / "tiny.htm"
    path.write_text(
        "<html><head><title>Kurz</title></head><body><p>Kurzer Text.</p>"
        "<script>alert('SCRIPT')</script></body></html>",
        encoding="utf-8",
    )
    [article] = list(read_paths([str(path)]))
    assert isinstance(article, Article)
    assert "SCRIPT" not in article.text and "alert" not in article.text
    assert "Kurzer Text." in article.text


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body></body></html>", encoding="utf-8")
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, IngestError)
    assert error.reason == "no text found in HTML"


# --- RSS / Atom ---------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Beispiel-Nachrichten</title><language>de-DE</language>
<item>
  <title>Merz &amp; Macron in Paris</title>
  <link>https://example.org/a</link>
  <guid>a</guid>
  <pubDate>Tue, 06 Jan 2026 23:30:00 +0100</pubDate>
  <description>&lt;p&gt;{DE_TEXT}&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;
  &lt;p&gt;Zweiter &lt;b&gt;Absatz&lt;/b&gt;.&lt;/p&gt;</description>
</item>
<item><title>Leer</title><link>https://example.org/b</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Wire</title>
<entry>
  <title>Support pledged</title>
  <link href="https://example.org/en/1"/>
  <id>urn:1</id>
  <published>2026-01-05T23:30:00-02:00</published>
  <updated>2026-01-07T00:00:00Z</updated>
  <summary>Short summary.</summary>
  <content type="html">&lt;p&gt;{EN_TEXT}&lt;/p&gt;</content>
</entry>
</feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_paths([str(path)]))
    [article] = articles(items)
    assert article.title == "Merz & Macron in Paris"
    assert article.url == "https://example.org/a"
    assert article.date == "2026-01-06"  # publisher's date, not UTC
    assert article.language == "de"
    assert article.sources == ["Beispiel-Nachrichten"]
    assert article.text == DE_TEXT + "\n\nZweiter Absatz."
    assert article.origin == f"{path}#1"
    [error] = errors(items)
    assert error.origin == f"{path}#2" and error.reason == "no text in feed entry"


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")
    [article] = list(read_paths([str(path)]))
    assert isinstance(article, Article)
    assert article.text == EN_TEXT  # content preferred over the shorter summary
    assert article.date == "2026-01-05"
    assert article.url == "https://example.org/en/1"
    assert article.language == "en"


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><item>", encoding="utf-8")
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, IngestError)


# --- stdin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (" date 2026-01-06 Von: dpa\n\n" + DE_TEXT, "wire"),
        (DE_TEXT, "wire"),
        (json.dumps({"text": DE_TEXT}) + "\n" + json.dumps({"text": EN_TEXT}) + "\n", "jsonl"),
        (json.dumps({"text": DE_TEXT}, indent=2), "json"),
        (json.dumps([{"text": DE_TEXT}]), "json"),
        ('id,text\nx,"' + EN_TEXT + '"\n', "csv"),
        (PAGE, "html"),
        (RSS, "feed"),
        (ATOM, "feed"),
    ],
)
def test_stdin_sniffing(data: str, fmt: str) -> None:
    raw = data.encode("utf-8")
    assert sniff_format(raw) == fmt
    items = list(read_paths(["-"], stdin=io.BytesIO(raw)))
    got = articles(items)
    assert got, items
    assert all(a.origin is not None and a.origin.startswith("<stdin>") for a in got)


def test_stdin_jsonl_longer_than_sniff_window() -> None:
    lines = [json.dumps({"id": str(n), "text": f"{DE_TEXT} {n}"}) for n in range(600)]
    lines.insert(300, '{"broken": ')
    items = list(read_paths(["-"], stdin=io.BytesIO("\n".join(lines).encode("utf-8"))))
    assert len(articles(items)) == 600
    [error] = errors(items)
    assert error.origin == "<stdin>:301"


def test_read_bytes_with_explicit_format() -> None:
    [article] = list(read_bytes(b"text\nHallo Welt das ist ein Test.\n", "mem", fmt="csv"))
    assert isinstance(article, Article)
    assert article.origin == "mem:2"


def test_tsv_and_path_objects(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text(f"id\ttext\tsources\nt1\t{EN_TEXT}\tAP, Reuters\n", encoding="utf-8")
    for given in (path, str(path), [path]):
        [article] = list(read_paths(given))  # type: ignore[arg-type]
        assert isinstance(article, Article)
        assert article.id == "t1" and article.sources == ["AP", "Reuters"]
        assert article.origin == f"{path}:2"
