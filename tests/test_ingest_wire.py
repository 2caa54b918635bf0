"""Wire text format (SPEC §1): header, body, title, variants, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.ingest import (
    Article,
    IngestError,
    IngestFailure,
    parse_wire_text,
    read_paths,
    stable_id,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE_TXT = SHARED / "examples" / "paris-security-guarantees.de.txt"
EXAMPLE_GOLD = SHARED / "examples" / "paris-security-guarantees.gold.json"

BODY = (
    "Die Verbündeten der Ukraine haben dem Land Sicherheitsgarantien gegeben. "
    "Bei einem Treffen in Paris unterzeichneten Frankreich und Großbritannien eine "
    "Absichtserklärung.\n"
    "\n"
    "Großbritannien stellt Entsendung von Truppen in Aussicht\n"
    "\n"
    "Starmer hat den Einsatz von Streitkräften nach einem Waffenstillstand in Aussicht gestellt."
)
WIRE = " date 2026-01-06 Von: APA/Reuters/dpa\n\n" + BODY + "\n"


def test_example_matches_gold_record() -> None:
    if not EXAMPLE_TXT.exists() or not EXAMPLE_GOLD.exists():
        pytest.skip("../shared/examples is absent (a user's clone)")
    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))
    raw = EXAMPLE_TXT.read_bytes().decode("utf-8")
    article = parse_wire_text(raw, str(EXAMPLE_TXT))
    assert article.text == gold["text"]
    assert article.title is None and gold["title"] is None
    assert article.date == gold["date"]
    assert article.sources == gold["sources"]
    assert article.language == gold["language"] == "de"
    # read_paths gives the same record as the parser.
    [read] = list(read_paths([str(EXAMPLE_TXT)]))
    assert isinstance(read, Article)
    assert read.text == gold["text"]
    assert read.origin == str(EXAMPLE_TXT)


def test_header_fields_and_body() -> None:
    article = parse_wire_text(WIRE, "x.txt")
    assert article.date == "2026-01-06"
    assert article.sources == ["APA", "Reuters", "dpa"]
    assert article.text == BODY
    assert article.language == "de"
    assert article.title is None  # first paragraph ends with a full stop
    assert article.id == stable_id(BODY)
    assert article.origin == "x.txt"


@pytest.mark.parametrize(
    "raw",
    [
        WIRE,
        WIRE.replace("\n", "\r\n"),
        "\ufeff" + WIRE,
        "\ufeff" + WIRE.replace("\n", "\r\n").rstrip("\r\n"),
        WIRE.rstrip("\n"),
        "\n\n" + WIRE + "\n\n  \n",
        WIRE.replace("\n\n", "\n \n\n", 1),
        "date 2026-01-06 Von: APA/Reuters/dpa\n\n" + BODY,
    ],
    ids=[
        "plain",
        "crlf",
        "bom",
        "bom-crlf-no-final-newline",
        "no-final-newline",
        "blank-lines",
        "blank-lines-with-spaces",
        "no-leading-space",
    ],
)
def test_wire_variants_give_same_record(raw: str) -> None:
    article = parse_wire_text(raw, "v.txt")
    assert article.text == BODY
    assert article.date == "2026-01-06"
    assert article.sources == ["APA", "Reuters", "dpa"]


def test_variants_read_from_files(tmp_path: Path) -> None:
    data = WIRE.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    (tmp_path / "c.wire").write_bytes(data.rstrip(b"\n"))
    items = list(read_paths([str(tmp_path)]))
    assert all(isinstance(item, Article) for item in items)
    assert [item.origin for item in items] == [
        str(tmp_path / n) for n in ("a.txt", "b.txt", "c.wire")
    ]
    assert {item.text for item in items if isinstance(item, Article)} == {BODY}
    assert len({item.id for item in items if isinstance(item, Article)}) == 1


def test_english_header() -> None:
    raw = (
        " date 2026-01-07 From: Reuters / AP\n\n"
        "The allies of Ukraine have given the country security guarantees for the first time.\n"
    )
    article = parse_wire_text(raw, "en.txt")
    assert article.sources == ["Reuters", "AP"]
    assert article.date == "2026-01-07"
    assert article.language == "en"
    assert article.text.startswith("The allies")


def test_leading_spaces_in_body_are_kept() -> None:
    raw = (
        " date 2026-01-06 Von: dpa\n\n  Eingerückter Absatz bleibt, wie er ist.\n\nZweiter Absatz."
    )
    assert (
        parse_wire_text(raw, "s.txt").text
        == "  Eingerückter Absatz bleibt, wie er ist.\n\nZweiter Absatz."
    )


def test_title_is_leading_subheading() -> None:
    raw = (
        " date 2026-01-06 Von: dpa\n\n"
        "Merz bietet Soldaten an\n\nDer Kanzler sagte, Deutschland sei bereit.\n"
    )
    article = parse_wire_text(raw, "t.txt")
    assert article.title == "Merz bietet Soldaten an"
    assert article.text.startswith("Merz bietet Soldaten an\n\nDer Kanzler")  # kept in the text


def test_single_unpunctuated_line_is_not_a_title() -> None:
    article = parse_wire_text(" date 2026-01-06 Von: dpa\n\nNur eine Zeile ohne Punkt\n", "t.txt")
    assert article.title is None


def test_file_without_header() -> None:
    raw = "Die Regierung hat am Montag neue Hilfen für die Ukraine beschlossen.\r\n"
    article = parse_wire_text(raw, "plain.txt")
    assert article.date is None
    assert article.sources == []
    assert article.text == "Die Regierung hat am Montag neue Hilfen für die Ukraine beschlossen."


def test_impossible_header_date() -> None:
    raw = " date 2026-02-30 Von: dpa\n\nText.\n"
    with pytest.raises(IngestFailure) as info:
        parse_wire_text(raw, "bad.txt")
    assert "2026-02-30" in info.value.reason
    assert "day is out of range" in info.value.reason


def test_impossible_header_date_in_read_paths(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(" date 2026-02-30 Von: dpa\n\nText.\n", encoding="utf-8")
    [item] = list(read_paths([str(path)]))
    assert isinstance(item, IngestError)
    assert item.origin == str(path)
    assert item.reason.startswith("invalid header date")


def test_german_numeric_header_date() -> None:
    article = parse_wire_text(" date 06.01.2026 Von: dpa\n\nText des Artikels.", "g.txt")
    assert article.date == "2026-01-06"


def test_header_without_body() -> None:
    with pytest.raises(IngestFailure, match="no text after header"):
        parse_wire_text(" date 2026-01-06 Von: dpa\r\n\r\n", "h.txt")


def test_explicit_id() -> None:
    assert parse_wire_text(WIRE, "x.txt", id="my-id").id == "my-id"
