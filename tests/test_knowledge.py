"""Actor knowledge base: data files, generated forms, date-aware persons, check()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wirecoder.extract.knowledge import (
    KnowledgeBase,
    english_demonym_forms,
    german_adjective_forms,
    german_demonym_forms,
    parse_date,
)

LANG_DIR = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "lang"


@pytest.fixture(scope="module")
def de() -> KnowledgeBase:
    return KnowledgeBase.load("de")


@pytest.fixture(scope="module")
def en() -> KnowledgeBase:
    return KnowledgeBase.load("en")


def codes(records) -> set[str | None]:
    return {r.code for r in records}


# --------------------------------------------------------------------------- loader


def test_load_is_cached_and_sized(de: KnowledgeBase, en: KnowledgeBase) -> None:
    assert KnowledgeBase.load("de") is de
    for kb in (de, en):
        stats = kb.stats()
        assert stats["states"] >= 200  # 193 UN members + observers + disputed territories
        assert stats["organisations"] + stats["groups"] >= 60
        assert stats["persons"] >= 900
    with pytest.raises(ValueError):
        KnowledgeBase.load("fr")


def test_same_codes_and_keys_in_both_languages(de: KnowledgeBase, en: KnowledgeBase) -> None:
    assert {s.code for s in de.states()} == {s.code for s in en.states()}
    assert {o.key for o in de.organisations()} == {o.key for o in en.organisations()}
    assert {(o.key, o.code, o.kind) for o in de.organisations()} == {
        (o.key, o.code, o.kind) for o in en.organisations()
    }
    assert set(de.offices) == set(en.offices)


def test_office_holder_files_agree() -> None:
    """Only name, short, variants and title may differ between the de and en TSV."""

    def rows(lang: str) -> list[tuple[str, ...]]:
        out = []
        for line in (LANG_DIR / lang / "office_holders.tsv").read_text("utf-8").splitlines():
            if line.startswith("#") or not line.strip() or line.startswith("key\t"):
                continue
            cells = (line.split("\t") + [""] * 10)[:10]
            out.append((cells[0], cells[2], cells[3], cells[4], cells[5]))
        return out

    assert rows("de") == rows("en")


def test_state_lookup(de: KnowledgeBase, en: KnowledgeBase) -> None:
    deu = de.state("DEU")
    assert (
        deu is not None
        and deu.name == "Deutschland"
        and deu.official == "Bundesrepublik Deutschland"
    )
    assert de.state("deu") is deu
    assert en.state("GBR") is not None and en.state("GBR").name == "Britain"  # type: ignore[union-attr]
    assert de.state("XKX") is not None and de.state("XKX").status == "disputed"  # type: ignore[union-attr]
    assert (
        de.state("TWN") is not None and de.state("PSE") is not None and de.state("ESH") is not None
    )
    assert de.state("ZZZ") is None


def test_no_babel_or_pycountry_at_run_time() -> None:
    code = (
        "import sys; from wirecoder.extract.knowledge import KnowledgeBase as K; K.load('de'); "
        "K.load('en'); print(sorted(m for m in ('babel', 'pycountry') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------- generated forms


def test_german_adjective_forms() -> None:
    forms = german_adjective_forms("britisch")
    for f in ("britische", "britischen", "britischer", "britisches", "britischem", "Britischen"):
        assert f in forms


@pytest.mark.parametrize(
    "surface, code",
    [
        ("britische", "GBR"),
        ("britischen", "GBR"),
        ("britischer", "GBR"),
        ("britisches", "GBR"),
        ("britischem", "GBR"),
        ("Britische", "GBR"),
        ("französischen", "FRA"),
        ("US-amerikanische", "USA"),
        ("amerikanische", "USA"),
        ("ukrainischem", "UKR"),
        ("weißrussischen", "BLR"),
        ("belarussische", "BLR"),
        ("saudi-arabischen", "SAU"),
    ],
)
def test_adjective_aliases(de: KnowledgeBase, surface: str, code: str) -> None:
    recs = de.lookup_alias(surface)
    assert codes(recs) == {code}
    assert {r.via for r in recs} == {"adjective"}


def test_bare_stem_is_not_an_alias(de: KnowledgeBase) -> None:
    # "deutsch" alone is only matched as the first part of "deutsch-französisch".
    assert de.lookup_alias("deutsch") == []


def test_demonyms() -> None:
    assert german_demonym_forms("Brite") == ["Brite", "Briten", "Britin", "Britinnen"]
    assert "Amerikanern" in german_demonym_forms("Amerikaner")
    assert english_demonym_forms("Briton") == ["Briton", "Britons"]
    assert english_demonym_forms("Frenchman") == ["Frenchman", "Frenchmen"]
    assert english_demonym_forms("Chinese") == ["Chinese"]


@pytest.mark.parametrize(
    "lang, surface, code, via",
    [
        ("de", "Briten", "GBR", "demonym"),
        ("de", "Britin", "GBR", "demonym"),
        ("de", "Amerikaner", "USA", "demonym"),
        ("de", "Französin", "FRA", "demonym"),
        ("de", "Russen", "RUS", "demonym"),
        ("en", "Britons", "GBR", "demonym"),
        ("en", "Americans", "USA", "demonym"),
        ("en", "British", "GBR", "adjective"),
    ],
)
def test_demonym_aliases(
    de: KnowledgeBase, en: KnowledgeBase, lang: str, surface: str, code: str, via: str
) -> None:
    recs = (de if lang == "de" else en).lookup_alias(surface)
    assert codes(recs) == {code}
    assert via in {r.via for r in recs}


@pytest.mark.parametrize(
    "lang, surface, code",
    [
        ("de", "Weißrussland", "BLR"),
        ("de", "Belarus", "BLR"),
        ("de", "Burma", "MMR"),
        ("de", "Myanmar", "MMR"),
        ("de", "Türkiye", "TUR"),
        ("de", "Türkei", "TUR"),
        ("de", "Kiew", "UKR"),
        ("de", "Kyjiw", "UKR"),
        ("de", "Frankreichs", "FRA"),
        ("de", "Russlands", "RUS"),
        ("de", "Moskaus", "RUS"),
        ("de", "Kreml", "RUS"),
        ("de", "Weißen Haus", "USA"),
        ("de", "Élysée", "FRA"),
        ("de", "Downing Street", "GBR"),
        ("de", "Peking", "CHN"),
        ("de", "Kosovo", "XKX"),
        ("de", "Elfenbeinküste", "CIV"),
        ("en", "Kyiv", "UKR"),
        ("en", "Kiev", "UKR"),
        ("en", "Burma", "MMR"),
        ("en", "Byelorussia", "BLR"),
        ("en", "Russia's", "RUS"),
        ("en", "White House", "USA"),
        ("en", "Kremlin", "RUS"),
        ("en", "U.S.", "USA"),
    ],
)
def test_names_capitals_and_seats(
    de: KnowledgeBase, en: KnowledgeBase, lang: str, surface: str, code: str
) -> None:
    kb = de if lang == "de" else en
    assert codes(kb.lookup_alias(surface)) == {code}


def test_seats_carry_sector(de: KnowledgeBase, en: KnowledgeBase) -> None:
    assert {(r.code, r.sector) for r in de.lookup_alias("Pentagon")} == {("USA", "MIL")}
    assert {(r.code, r.sector) for r in en.lookup_alias("Kremlin")} == {("RUS", "GOV")}
    assert {r.via for r in de.lookup_alias("Moskau")} == {"capital"}


@pytest.mark.parametrize(
    "lang, surface, code, kind",
    [
        ("de", "NATO", "NATO", "organisation"),
        ("de", "Nato", "NATO", "organisation"),
        ("de", "OSZE", "OSCE", "organisation"),
        ("de", "IWF", "IMF", "organisation"),
        ("de", "Weltbank", "WB", "organisation"),
        ("de", "IStGH", "ICC", "organisation"),
        ("de", "UN-Sicherheitsrat", "UN", "organisation"),
        ("de", "EU-Kommission", "EU", "organisation"),
        ("de", "Europarat", "COE", "organisation"),
        ("de", "Vereinten Nationen", "UN", "organisation"),
        ("de", "G7", "G7", "group"),
        ("de", "Koalition der Willigen", None, "group"),
        ("de", "Verbündeten", None, "group"),
        ("de", "Europäer", None, "group"),
        ("de", "Bundeswehr", "DEU", "organisation"),
        ("de", "Bundestag", "DEU", "organisation"),
        ("en", "OSCE", "OSCE", "organisation"),
        ("en", "World Bank", "WB", "organisation"),
        ("en", "UN Security Council", "UN", "organisation"),
        ("en", "European Commission", "EU", "organisation"),
        ("en", "coalition of the willing", None, "group"),
        ("en", "the West", None, "group"),
        ("en", "NATO's", "NATO", "organisation"),
    ],
)
def test_organisations(
    de: KnowledgeBase, en: KnowledgeBase, lang: str, surface: str, code: str | None, kind: str
) -> None:
    kb = de if lang == "de" else en
    recs = kb.lookup_alias(surface)
    assert {(r.code, r.kind) for r in recs} == {(code, kind)}


def test_institutions_and_roles(de: KnowledgeBase, en: KnowledgeBase) -> None:
    assert de.institution("Soldaten").sector == "MIL"  # type: ignore[union-attr]
    assert de.institution("Streitkräften").sector == "MIL"  # type: ignore[union-attr]
    assert de.institution("Regierung").sector == "GOV"  # type: ignore[union-attr]
    assert de.institution("Opposition").sector == "OPP"  # type: ignore[union-attr]
    assert de.institution("Rebellen").sector == "REB"  # type: ignore[union-attr]
    assert de.institution("Parlament").sector == "LEG"  # type: ignore[union-attr]
    role = de.institution("Sondergesandte")
    assert role is not None and role.kind == "role" and "special_envoy" in role.offices
    assert en.institution("troops").sector == "MIL"  # type: ignore[union-attr]
    assert en.institution("Prime Minister") is not None
    assert en.institution("special envoys") is not None
    # role nouns are not actors
    assert de.lookup_alias("Präsident") == []


# --------------------------------------------------------------------------- persons


def test_chancellor_by_date(de: KnowledgeBase) -> None:
    scholz = de.lookup_person("Scholz", "2022-06-01")
    assert scholz is not None and scholz.code == "DEU" and scholz.role == "head_of_government"
    assert scholz.title == "Bundeskanzler" and scholz.in_office
    merz = de.lookup_person("Friedrich Merz", "2026-01-06")
    assert merz is not None and merz.code == "DEU" and merz.role == "head_of_government"
    holders = de.office_holders("DEU", ["head_of_government"], "2026-01-06")
    assert [h.name for h in holders] == ["Friedrich Merz"]
    holders = de.office_holders("DEU", ["head_of_government"], "2022-06-01")
    assert [h.name for h in holders] == ["Olaf Scholz"]
    out = de.lookup_person("Scholz", "2026-01-06")
    assert out is not None and out.code == "DEU" and not out.in_office and out.role is None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_trump_two_terms(de: KnowledgeBase, en: KnowledgeBase, lang: str) -> None:
    kb = de if lang == "de" else en
    for date in ("2019-03-01", "2026-01-06"):
        rec = kb.lookup_person("Trump", date)
        assert rec is not None and rec.code == "USA" and rec.role == "president", date
    rec = kb.lookup_person("Donald Trump", "2022-06-01")
    assert rec is not None and rec.code == "USA" and rec.role != "president" and not rec.in_office
    biden = kb.lookup_person("Biden", "2022-06-01")
    assert biden is not None and biden.role == "president"


@pytest.mark.parametrize(
    "name",
    [
        "Selenskyj",
        "Selenski",
        "Zelensky",
        "Zelenskyy",
        "Zelenskiy",
        "Wolodymyr Selenskyj",
        "Volodymyr Zelensky",
    ],
)
def test_zelenskyy_spellings(de: KnowledgeBase, en: KnowledgeBase, name: str) -> None:
    for kb in (de, en):
        rec = kb.lookup_person(name, "2026-01-06")
        assert rec is not None and rec.key == "person:zelenskyy-volodymyr"
        assert rec.code == "UKR" and rec.role == "president"


def test_persons_misc(de: KnowledgeBase, en: KnowledgeBase) -> None:
    witkoff = de.lookup_person("Steve Witkoff", "2026-01-06")
    assert witkoff is not None and witkoff.code == "USA" and witkoff.role == "special_envoy"
    kushner = de.lookup_person("Kushner", "2026-01-06")
    assert kushner is not None and kushner.code == "USA"
    putin = de.lookup_person("Putin", "2010-01-01")
    assert putin is not None and putin.role == "head_of_government"
    assert de.lookup_person("Putin", "2005-01-01").role == "president"  # type: ignore[union-attr]
    assert de.lookup_person("Wladimir Putin", "2026-01-06").title == "Präsident"  # type: ignore[union-attr]
    assert en.lookup_person("Starmer", "2026-01-06").title == "Prime Minister"  # type: ignore[union-attr]
    assert en.lookup_person("Macron", "2026-01-06").code == "FRA"  # type: ignore[union-attr]
    # a person acting for an organisation
    rutte = en.lookup_person("Mark Rutte", "2025-06-01")
    assert rutte is not None and rutte.code == "NATO" and rutte.sector == "IGO"
    assert en.lookup_person("Mark Rutte", "2020-06-01").code == "NLD"  # type: ignore[union-attr]
    # shared surnames resolved by date
    assert en.lookup_person("Johnson", "2020-06-01").name == "Boris Johnson"  # type: ignore[union-attr]
    assert en.lookup_person("Johnson", "2024-06-01").name == "Mike Johnson"  # type: ignore[union-attr]
    assert en.lookup_person("Nobody Atall", "2024-06-01") is None


def test_parse_date_precision() -> None:
    assert str(parse_date("2024")) == "2024-01-01"
    assert str(parse_date("2024", end=True)) == "2024-12-31"
    assert str(parse_date("2024-02", end=True)) == "2024-02-29"
    with pytest.raises(ValueError):
        parse_date("24.02.2022")


# --------------------------------------------------------------------------- check()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_shipped_data_is_consistent(lang: str) -> None:
    assert KnowledgeBase.load(lang).check() == []


def test_check_reports_conflicts(tmp_path: Path) -> None:
    (tmp_path / "states.yaml").write_text(
        "- {code: AAA, name: Alpha, aliases: [Zeta]}\n"
        "- {code: BBB, name: Beta, aliases: [Zeta]}\n"
        "- {code: AAA, name: Alpha again}\n",
        encoding="utf-8",
    )
    (tmp_path / "organisations.yaml").write_text(
        "- {key: X, code: X, kind: organisation, name: X}\n", "utf-8"
    )
    (tmp_path / "institutions.yaml").write_text(
        "offices:\n  president: {title: President, sector: GOV}\n"
        "institutions:\n  - {forms: [army], sector: MIL}\n  - {forms: [army], sector: GOV}\n"
        "roles: []\n",
        encoding="utf-8",
    )
    (tmp_path / "office_holders.tsv").write_text(
        "key\tname\tcode\trole\tstart\tend\tshort\tvariants\ttitle\tnote\n"
        "a\tAnn A\tAAA\tpresident\t2000-01-01\t2010-01-01\t\t\t\t\n"
        "b\tBob B\tAAA\tpresident\t2005-01-01\t\t\t\t\t\n"
        "c\tCid C\tQQQ\tking\t2001\t2000\t\t\t\t\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.from_dir("en", tmp_path)
    problems = "\n".join(kb.check())
    assert "duplicate code AAA" in problems
    assert "'Zeta' denotes different codes ['AAA', 'BBB']" in problems
    assert "overlapping president terms for AAA" in problems
    assert "unknown code 'QQQ'" in problems
    assert "unknown role 'king'" in problems
    assert "ends before it starts" in problems
    assert "noun 'army' listed as" in problems


def test_namesakes_are_told_apart_by_date(tmp_path: Path) -> None:
    """Two people with one name (Latvia's Andris Bērziņš, prime minister 2000-2002 and
    president 2011-2015) are fine when no day has both in office; the date picks one."""
    (tmp_path / "states.yaml").write_text("- {code: AAA, name: Alpha}\n", "utf-8")
    (tmp_path / "organisations.yaml").write_text("[]\n", "utf-8")
    (tmp_path / "institutions.yaml").write_text(
        "offices:\n  president: {title: President, sector: GOV}\n"
        "  head_of_government: {title: Prime Minister, sector: GOV}\n"
        "institutions: []\nroles: []\n",
        encoding="utf-8",
    )
    rows = (
        "key\tname\tcode\trole\tstart\tend\tshort\tvariants\ttitle\tnote\n"
        "pm\tAndris Berg\tAAA\thead_of_government\t2000-05-05\t2002-11-07\t\t\t\t\n"
        "pres\tAndris Berg\tAAA\tpresident\t2011-07-08\t2015-07-08\t\t\t\t\n"
    )
    (tmp_path / "office_holders.tsv").write_text(rows, "utf-8")
    kb = KnowledgeBase.from_dir("en", tmp_path)
    assert kb.check() == []
    keys = ["person:pm", "person:pres"]
    assert kb.choose_person(keys, "2001-01-01") == "person:pm"
    assert kb.choose_person(keys, "2013-01-01") == "person:pres"
    overlapping = rows + "pres\t\tAAA\thead_of_government\t2001\t2001\t\t\t\t\n"
    (tmp_path / "office_holders.tsv").write_text(overlapping, "utf-8")
    problems = KnowledgeBase.from_dir("en", tmp_path).check()
    assert any("'Andris Berg' belongs to several persons" in p for p in problems)
