"""Print skeleton state entries for UN members missing from lang/<lang>/states.yaml.

Run once per language when bootstrapping or after the UN membership changes:

    python scripts/gen_states_tail.py de >> src/wirecoder/lang/de/states.yaml
    python scripts/gen_states_tail.py en >> src/wirecoder/lang/en/states.yaml

Names come from the CLDR territory names shipped with babel (a generation-time
dependency only; wirecoder does not import babel at run time).  The output is
a starting point: review it, then edit the YAML by hand (the YAML is the source of
truth, this script is never run by the package).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel import Locale
from babel.core import get_global

# UN member states (193), ISO 3166-1 alpha-3.
_UN_MEMBERS_TEXT = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_MEMBERS = tuple(_UN_MEMBERS_TEXT.split())

# Common names CLDR does not use as its display name (facts, written by us).
EXTRA_ALIASES = {
    "de": {
        "CIV": ["Elfenbeinküste"],
        "SWZ": ["Swasiland"],
        "CPV": ["Kap Verde"],
        "TLS": ["Osttimor"],
        "KNA": ["St. Kitts und Nevis"],
        "LCA": ["St. Lucia"],
        "VCT": ["St. Vincent und die Grenadinen"],
        "STP": ["São Tomé und Príncipe"],
        "GNQ": ["Äquatorial-Guinea"],
        "BRN": ["Brunei"],
    },
    "en": {
        "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
        "SWZ": ["Swaziland"],
        "CPV": ["Cabo Verde"],
        "TLS": ["East Timor"],
        "LAO": ["Lao PDR"],
        "BRN": ["Brunei"],
        "TZA": ["United Republic of Tanzania"],
        "GMB": ["The Gambia", "the Gambia"],
        "BHS": ["The Bahamas", "the Bahamas"],
    },
}


def main(lang: str) -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "lang" / lang
    present = {e["code"] for e in yaml.safe_load((root / "states.yaml").read_text("utf-8")) or []}
    aliases3 = get_global("territory_aliases")
    a3_to_a2 = {k: v[0] for k, v in aliases3.items() if len(k) == 3 and k.isalpha() and len(v) == 1}
    loc = Locale(lang)
    for code in sorted(UN_MEMBERS):
        if code in present:
            continue
        name = loc.territories.get(a3_to_a2.get(code, ""), code)
        name = name.replace("’", "'") if lang == "en" else name
        extra = [a for a in EXTRA_ALIASES.get(lang, {}).get(code, []) if a != name]
        line = f"- {{code: {code}, name: {yaml.safe_dump(name, allow_unicode=True).strip()}"
        line = line.replace("\n...", "")
        if extra:
            line += ", aliases: [" + ", ".join(extra) + "]"
        print(line + "}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "de")
