"""Bad inputs are reported (origin + reason) and never stop the rest."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path
from typing import Any

import pytest

from wirecoder.ingest import (
    Article,
    IngestError,
    IngestOptions,
    IngestWarning,
    decode_bytes,
    read_paths,
)

TEXT = "Die Regierung hat am Montag neue Hilfen für die Ukraine beschlossen, hieß es in Berlin."
WIRE = f" date 2026-01-06 Von: dpa\n\n{TEXT}\n"


def only(items: list[Article | IngestError]) -> IngestError:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, IngestError)
    return item


@pytest.mark.parametrize(
    "name", ["empty.txt", "empty.jsonl", "empty.json", "empty.csv", "empty.html", "empty.rss"]
)
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    error = only(list(read_paths([str(path)])))
    assert error.origin == str(path)
    assert error.reason == "empty file"


@pytest.mark.parametrize("name", ["blank.txt", "blank.jsonl", "blank.json", "blank.csv"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\r\n  \n\t\n")
    assert only(list(read_paths([str(path)]))).reason == "empty file"


@pytest.mark.parametrize(
    "name", ["image.txt", "image.jsonl", "image.csv", "image.html", "image.json", "image.xml"]
)
def test_binary_file_with_nul_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = only(list(read_paths([str(path)])))
    assert error.reason == "binary"


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 256)) * 16)
    assert only(list(read_paths([str(path)]))).reason == "binary"


def test_invalid_utf8_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(
        " date 2026-01-06 Von: dpa\n\n„Wir schließen nichts aus“, sagte Merz.\n".encode("cp1252")
    )
    items = list(read_paths([str(path)]))
    assert [type(i) for i in items] == [IngestWarning, Article]
    warning, article = items
    assert warning.origin == article.origin == str(path)
    assert "not valid UTF-8" in warning.reason and "cp1252" in warning.reason
    assert isinstance(article, Article)
    assert article.text == "„Wir schließen nichts aus“, sagte Merz."


def test_latin1_fallback_when_cp1252_fails() -> None:
    # 0x81 is undefined in cp1252; latin-1 decodes every byte.
    decoded = decode_bytes("Grüße aus Köln".encode("latin-1") + b"\x81 und mehr Text hier.")
    assert decoded.encoding == "latin-1"
    assert decoded.note is not None and "latin-1" in decoded.note
    assert decoded.text.startswith("Grüße aus Köln")


def test_valid_utf8_has_no_note() -> None:
    decoded = decode_bytes("Grüße".encode())
    assert decoded.note is None and decoded.text == "Grüße"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(WIRE.encode("utf-16"))
    [article] = list(read_paths([str(path)]))
    assert isinstance(article, Article) and article.text == TEXT


def test_too_large_article_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(WIRE + "x" * 5000, encoding="utf-8")
    error = only(list(read_paths([str(path)], max_chars=1000)))
    assert error.reason.startswith("too large")
    # The default limit reads it fine.
    assert isinstance(next(iter(read_paths([str(path)]))), Article)


def test_50mb_article_is_reported_without_loading(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write(WIRE.encode("utf-8"))
        block = b"Sehr langer Artikel. " * 50_000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
    reads: list[int] = []
    real_open = builtins.open

    class Spy:
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self._inner.close()

        def read(self, size: int = -1) -> bytes:
            data: bytes = self._inner.read(size)
            reads.append(len(data))
            return data

    def spy_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        return Spy(handle) if str(file) == str(path) else handle

    monkeypatch.setattr(builtins, "open", spy_open)
    error = only(list(read_paths([str(path)])))
    assert error.reason.startswith("too large")
    assert "5000000-character limit" in error.reason
    assert sum(reads) < 1024 * 1024


def test_too_large_jsonl_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"id": "a", "text": TEXT}),
        json.dumps({"id": "b", "text": "y" * 20_000}),
        json.dumps({"id": "c", "text": TEXT + " Noch ein Satz."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([str(path)], max_chars=1000))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "c"]
    [error] = [i for i in items if isinstance(i, IngestError)]
    assert error.origin == f"{path}:2" and error.reason.startswith("too large")


def test_text_over_limit_in_json(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps([{"id": "a", "text": TEXT}, {"id": "b", "text": "z" * 2000}]))
    items = list(read_paths([str(path)], options=IngestOptions(max_chars=1000)))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], IngestError) and items[1].reason.startswith("too large")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notizen\n", encoding="utf-8")
    error = only(list(read_paths([str(path)])))
    assert error.reason == "unknown extension '.md'; skipped"
    noext = tmp_path / "LICENSE"
    noext.write_text("MIT", encoding="utf-8")
    assert "no extension" in only(list(read_paths([str(noext)]))).reason


def test_missing_path(tmp_path: Path) -> None:
    error = only(list(read_paths([str(tmp_path / "nope.txt")])))
    assert error.reason == "not found"


def test_unreadable_file(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(WIRE, encoding="utf-8")
    real_open = builtins.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    error = only(list(read_paths([str(path)])))
    assert error.origin == str(path)
    assert error.reason == "unreadable: Permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(WIRE, encoding="utf-8")
    path.chmod(0)
    try:
        assert only(list(read_paths([str(path)]))).reason.startswith("unreadable")
    finally:
        path.chmod(0o644)


def test_directory_with_good_and_bad_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    good: list[Path] = []
    for n in range(40):
        folder = root if n % 3 == 0 else root / "sub" if n % 3 == 1 else root / "sub" / "deeper"
        path = folder / f"wire{n:02d}.txt"
        path.write_text(f" date 2026-01-{n % 28 + 1:02d} Von: dpa\n\n{TEXT} Meldung {n}.\n")
        good.append(path)
    jsonl = root / "batch.jsonl"
    jsonl.write_text(
        "\n".join(
            [json.dumps({"id": f"j{n}", "text": f"{TEXT} {n}"}) for n in range(5)]
            + ['{"id": "j5", "text": "abgeschn']
        )
    )
    bad = {
        root / "empty.txt": "empty file",
        root / "sub" / "binary.txt": "binary",
        root / "sub" / "baddate.txt": "invalid header date",
        root / "sub" / "deeper" / "notes.md": "unknown extension",
        root / "zz.json": "invalid JSON",
        (jsonl.parent / f"{jsonl.name}:6"): "invalid JSON",
    }
    (root / "empty.txt").write_bytes(b"")
    (root / "sub" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (root / "sub" / "baddate.txt").write_text(" date 2026-02-30 Von: dpa\n\nText.\n")
    (root / "sub" / "deeper" / "notes.md").write_text("notes")
    (root / "zz.json").write_text("{")
    (root / ".hidden.txt").write_text(WIRE)  # hidden files are ignored
    (root / "broken-link.txt").symlink_to(root / "missing-target.txt")
    bad[root / "broken-link.txt"] = "not found"

    items = list(read_paths([str(root)]))
    got = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, IngestError)]
    assert len(got) == 40 + 5
    assert {a.origin for a in got} >= {str(p) for p in good}
    reported = {e.origin: e.reason for e in errs}
    assert set(reported) == {str(p) for p in bad}
    for path, reason in bad.items():
        assert reported[str(path)].startswith(reason), (path, reported[str(path)])
    # Deterministic order: a second run gives the same sequence.
    assert [getattr(i, "origin", None) for i in read_paths([str(root)])] == [
        getattr(i, "origin", None) for i in items
    ]


def test_directory_order_is_sorted(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "c.txt"]:
        (tmp_path / name).write_text(f"{TEXT} {name}")
    (tmp_path / "a_dir").mkdir()
    (tmp_path / "a_dir" / "z.txt").write_text(f"{TEXT} z")
    origins = [i.origin for i in read_paths([str(tmp_path)])]
    assert origins == [str(tmp_path / n) for n in ["a.txt", "a_dir/z.txt", "b.txt", "c.txt"]]
