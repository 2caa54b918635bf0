"""``wirecoder actors`` (lookup, list, check) and the query helpers behind it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirecoder.actors import query
from wirecoder.actors.cli import actors_app
from wirecoder.extract.knowledge import KnowledgeBase

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(actors_app, list(args))
    return result.exit_code, result.output


def lookup_json(*args: str) -> dict:
    code, out = invoke("lookup", *args, "--json")
    assert code == 0, out
    return json.loads(out)


# --------------------------------------------------------------------------- lookup


def test_lookup_person_on_a_date() -> None:
    data = lookup_json("Merz", "--date", "2026-01-06")
    hit = data["hits"][0]
    assert (hit["kind"], hit["name"], hit["code"], hit["role"], hit["in_office"]) == (
        "person",
        "Friedrich Merz",
        "DEU",
        "Bundeskanzler",
        True,
    )
    before = lookup_json("Friedrich Merz", "--date", "2020-01-01")["hits"][0]
    assert (before["code"], before["role"], before["in_office"]) == ("DEU", None, False)


def test_lookup_code_lists_office_holders() -> None:
    data = lookup_json("UKR", "--date", "2026-01-06")
    assert data["hits"][0]["kind"] == "state"
    assert data["hits"][0]["name"] == "Ukraine"
    holders = {h["name"]: h["role"] for h in data["holders"]}
    assert holders["Wolodymyr Selenskyj"] == "Präsident"
    assert all(h["code"] == "UKR" for h in data["holders"])
    earlier = {h["name"] for h in lookup_json("UKR", "--date", "2015-01-01")["holders"]}
    assert "Petro Poroschenko" in earlier
    assert "Wolodymyr Selenskyj" not in earlier


def test_lookup_organisation_code_and_surface_forms() -> None:
    nato = lookup_json("NATO", "--date", "2026-01-06")
    assert [h["key"] for h in nato["hits"]][:1] == ["org:NATO"]
    assert "org:KFOR" in [h["key"] for h in nato["hits"]]  # missions carry the code
    assert any(h["role"] == "Generalsekretär" for h in nato["holders"])
    for surface, code in [("Russlands", "RUS"), ("britische", "GBR"), ("Amerikaner", "USA")]:
        hits = lookup_json(surface)["hits"]
        assert hits[0]["code"] == code, surface
        assert hits[0]["kind"] == "state"


def test_lookup_english_and_nouns() -> None:
    data = lookup_json("Zelenskyy", "--lang", "en", "--date", "2026-01-06")
    assert (data["hits"][0]["code"], data["hits"][0]["role"]) == ("UKR", "President")
    noun = lookup_json("prime minister", "--lang", "en")["hits"][0]
    assert (noun["kind"], noun["code"], noun["role"]) == ("role", None, "head_of_government")
    inst = lookup_json("Regierung")["hits"][0]
    assert (inst["kind"], inst["sector"]) == ("institution", "GOV")


def test_lookup_table_output() -> None:
    code, out = invoke("lookup", "Starmer", "--date", "2026-01-06")
    assert code == 0
    assert "Keir Starmer" in out
    assert "GBR" in out


def test_lookup_unknown_name_and_bad_date() -> None:
    code, _ = invoke("lookup", "Niemandsland-Xyz")
    assert code == 1
    code, _ = invoke("lookup", "Merz", "--date", "gestern")
    assert code == 2
    code, _ = invoke("lookup", "Merz", "--lang", "fr")
    assert code == 2


# --------------------------------------------------------------------------- list


def test_list_persons_by_code_and_date() -> None:
    kb = KnowledgeBase.load("de")
    cols, rows = query.list_rows(kb, "persons", "fra", "2026-01-06")
    assert cols[:4] == ["key", "name", "code", "office"]
    assert {r[1] for r in rows} >= {"Emmanuel Macron"}
    assert all(r[2] == "FRA" for r in rows)
    code, out = invoke("list", "--kind", "persons", "--code", "FRA", "--date", "2026-01-06")
    assert code == 0
    assert "Macron" in out


@pytest.mark.parametrize("kind", query.KINDS)
def test_list_every_kind(kind: str) -> None:
    code, out = invoke("list", "--kind", kind, "--lang", "en")
    assert code == 0, out
    _cols, rows = query.list_rows(KnowledgeBase.load("en"), kind)
    assert len(rows) > 10


def test_list_filters() -> None:
    kb = KnowledgeBase.load("de")
    _, states = query.list_rows(kb, "states", "DEU")
    assert [r[0] for r in states] == ["DEU"]
    _, orgs = query.list_rows(kb, "organisations", "EU")
    assert {r[0] for r in orgs} >= {"EU", "EU-COM"}
    _, insts = query.list_rows(kb, "institutions", "DEU")
    assert any("Bundeswehr" in r[5] for r in insts)
    code, _ = invoke("list", "--kind", "states", "--code", "XXX")
    assert code == 1
    code, _ = invoke("list", "--kind", "planets")
    assert code == 2


# --------------------------------------------------------------------------- check


def test_check_shipped_data_is_clean() -> None:
    code, out = invoke("check")
    assert code == 0, out
    assert "no problems" in out
    code, _ = invoke("check", "--lang", "en")
    assert code == 0


def test_check_reports_problems_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(
        "wirecoder.actors.cli.check_all", lambda languages: ["de: surface 'X' denotes two codes"]
    )
    code, out = invoke("check")
    assert code == 1
    assert "denotes two codes" in out


def test_cross_language_problems(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    for lang, extra in (("de", "\n- {code: XYZ, name: Xland}\n"), ("en", "\n")):
        d = root / lang
        d.mkdir()
        (d / "states.yaml").write_text("- {code: DEU, name: D}" + extra, encoding="utf-8")
        (d / "organisations.yaml").write_text("[]\n", encoding="utf-8")
        (d / "institutions.yaml").write_text("{}\n", encoding="utf-8")
        (d / "office_holders.tsv").write_text("", encoding="utf-8")
    kbs = {lang: KnowledgeBase.from_dir(lang, root / lang) for lang in ("de", "en")}
    problems = query.cross_language_problems(kbs)
    assert problems == ["en: state code 'XYZ' is missing (present in another language)"]
