"""Behaviour of the PLOVER event coder (extract/events.py) on sentences written for it.

Each test runs the whole pipeline on a short text and looks at the events by their codes:
trigger types, actor and recipient, several events in one sentence, passive clauses,
auxiliary modes, conditions and content, the common-noun actors and the reporting source.
"""

from __future__ import annotations

import pytest

from wirecoder.extract.events import event_lexicon, segment_clauses
from wirecoder.extract.pipeline import Extractor
from wirecoder.records import Article, Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _doc(extractor: Extractor, text: str, language: str = "de") -> Document:
    return extractor.extract(Article(id="t", text=text, date="2025-06-02", language=language))


def _codes(doc: Document, ids: list[str]) -> list[str | None]:
    codes = {e.id: e.code for e in doc.entities}
    return [codes.get(i) for i in ids]


def _events(extractor: Extractor, text: str, language: str = "de") -> list[dict]:
    """Events as plain dicts with actor and recipient codes (sorted)."""
    doc = _doc(extractor, text, language)
    out = []
    for ev in doc.events:
        out.append(
            {
                "type": ev.type,
                "actor": sorted(c or "?" for c in _codes(doc, ev.actor)),
                "recipient": sorted(c or "?" for c in _codes(doc, ev.recipient)),
                "aux": ev.aux,
                "condition": ev.condition,
                "content": ev.content.type if ev.content else None,
                "source": _codes(doc, [ev.source])[0] if ev.source else None,
                "event": ev,
            }
        )
    return out


def _one(events: list[dict], etype: str) -> dict:
    found = [e for e in events if e["type"] == etype]
    assert len(found) == 1, (etype, [(e["type"], e["actor"]) for e in events])
    return found[0]


# ----------------------------------------------------------------- trigger types (de)


@pytest.mark.parametrize(
    ("text", "etype", "actor", "recipient"),
    [
        ("Frankreich kritisierte Italien scharf.", "ACCUSE", ["FRA"], ["ITA"]),
        ("Polen wirft Russland Spionage vor.", "ACCUSE", ["POL"], ["RUS"]),
        ("Die Türkei verurteilte den Anschlag.", "ACCUSE", ["TUR"], []),
        ("Spanien lehnte den Vorschlag Portugals ab.", "REJECT", ["ESP"], ["PRT"]),
        ("Ungarn weigert sich, die Erklärung zu unterzeichnen.", "REJECT", ["HUN"], []),
        ("Russland streitet die Beteiligung ab.", "REJECT", ["RUS"], []),
        ("Schweden forderte Dänemark zu Verhandlungen auf.", "REQUEST", ["SWE"], ["DNK"]),
        ("Japan schlug Südkorea gemeinsame Manöver vor.", "REQUEST", ["JPN"], ["KOR"]),
        ("China drohte Taiwan mit Konsequenzen.", "THREATEN", ["CHN"], ["TWN"]),
        ("Die EU verhängte Sanktionen gegen Belarus.", "SANCTION", ["EU"], ["BLR"]),
        ("Lettland wies zwei russische Diplomaten aus.", "SANCTION", ["LVA"], ["RUS"]),
        ("Österreich lobte die Schweiz für ihre Vermittlung.", "SUPPORT", ["AUT"], ["CHE"]),
        ("Kanada und Mexiko unterzeichneten ein Handelsabkommen.", "SUPPORT", ["CAN", "MEX"], []),
        ("Indien und Pakistan kamen in Genf zusammen.", "CONSULT", ["IND", "PAK"], []),
        (
            "Spaniens Regierungschef traf sich mit dem Präsidenten Frankreichs.",
            "CONSULT",
            ["ESP"],
            ["FRA"],
        ),
        ("Griechenland räumte der Türkei Fischereirechte ein.", "CONCEDE", ["GRC"], ["TUR"]),
        ("Armenien zog seine Truppen aus der Region zurück.", "RETREAT", ["ARM"], []),
        ("Norwegen liefert der Ukraine Munition.", "AID", ["NOR"], ["UKR"]),
        ("Litauen stationiert Soldaten an der Grenze.", "MOBILIZE", ["LTU"], []),
        ("Russland griff die Ukraine mit Raketen an.", "ASSAULT", ["RUS"], ["UKR"]),
        ("Die Polizei nahm in Athen zwanzig Demonstranten fest.", "COERCE", ["GRC"], ["GRC"]),
    ],
)
def test_german_trigger_types(
    extractor: Extractor, text: str, etype: str, actor: list[str], recipient: list[str]
) -> None:
    if "Athen" in text:
        text = "Griechenland kürzt die Renten. " + text
    ev = _one(_events(extractor, text), etype)
    assert ev["actor"] == actor
    assert ev["recipient"] == recipient


def test_light_verb_and_noun_constructions(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Estland reichte Klage gegen Russland ein. "
        "Finnland erklärte seine Bereitschaft, Gespräche mit Schweden zu führen. "
        "In Prag kam es zu heftigen Protesten gegen die Regierung Tschechiens.",
    )
    accuse = _one(events, "ACCUSE")
    assert (accuse["actor"], accuse["recipient"]) == (["EST"], ["RUS"])
    agree = _one(events, "AGREE")
    assert agree["actor"] == ["FIN"] and agree["content"] == "CONSULT"
    assert not [e for e in events if e["type"] == "CONSULT"]  # it is the AGREE's content
    protest = _one(events, "PROTEST")
    assert protest["recipient"] == ["CZE"]


def test_context_decides_between_assault_and_accuse(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Syrien griff die Türkei mit scharfen Worten an. "
        "Die Türkei griff Stellungen Syriens mit Drohnen an.",
    )
    assert [(e["type"], e["actor"]) for e in events] == [
        ("ACCUSE", ["SYR"]),
        ("ASSAULT", ["TUR"]),
    ]


def test_evaluation_with_bezeichnen(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Belgien bezeichnete den Beschluss als großen Erfolg. "
        "Ungarn bezeichnete den Beschluss als Provokation.",
    )
    assert [(e["type"], e["actor"]) for e in events] == [
        ("SUPPORT", ["BEL"]),
        ("ACCUSE", ["HUN"]),
    ]


def test_no_event_from_sagen_or_unrelated_verbs(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Frankreich sagte, die Lage sei schwierig. Italien stellte einen neuen Haushalt vor.",
    )
    assert events == []


# ------------------------------------------------------- several events in one sentence


def test_coordinated_and_while_clauses(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Polen begrüßte den Beschluss der NATO und kritisierte Russland. "
        "Die USA lehnten den Plan ab, während Kanada ihn unterstützte.",
    )
    pairs = [(e["type"], e["actor"]) for e in events]
    assert pairs == [
        ("SUPPORT", ["POL"]),
        ("ACCUSE", ["POL"]),
        ("REJECT", ["USA"]),
        ("SUPPORT", ["CAN"]),
    ]
    assert events[0]["recipient"] == ["NATO"]
    assert events[1]["recipient"] == ["RUS"]


def test_elided_subject_after_comma(extractor: Extractor) -> None:
    events = _events(extractor, "Rumänien dankte der EU für die Hilfe, bat aber um mehr Geld.")
    assert [(e["type"], e["actor"]) for e in events] == [
        ("SUPPORT", ["ROU"]),
        ("REQUEST", ["ROU"]),
    ]


def test_content_of_a_request_is_not_an_event(extractor: Extractor) -> None:
    events = _events(extractor, "Die Ukraine forderte Deutschland auf, weitere Panzer zu liefern.")
    request = _one(events, "REQUEST")
    assert request["recipient"] == ["DEU"]
    assert request["content"] == "AID"
    assert [e["type"] for e in events] == ["REQUEST"]


# ---------------------------------------------------------------------------- passive


def test_passive_with_agent(extractor: Extractor) -> None:
    events = _events(extractor, "Zwei Soldaten Malis wurden von Rebellen aus Niger getötet.")
    assault = _one(events, "ASSAULT")
    assert assault["actor"] == ["NER"]
    assert assault["recipient"] == ["MLI"]


def test_passive_with_von_and_a_known_actor(extractor: Extractor) -> None:
    events = _events(extractor, "Der Vorschlag Serbiens wurde von Kroatien abgelehnt.")
    reject = _one(events, "REJECT")
    assert reject["actor"] == ["HRV"]


# ----------------------------------------------------------------- actors by inference


def test_common_noun_actors_take_the_article_state(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "In Serbien wächst der Unmut über die Regierung Serbiens. "
        "Tausende Demonstranten protestierten gegen die Regierung. "
        "Die Polizei setzte Tränengas gegen Demonstranten ein.",
    )
    protest = _one(events, "PROTEST")
    assert protest["actor"] == ["SRB"] and protest["recipient"] == ["SRB"]
    assault = _one(events, "ASSAULT")
    assert assault["actor"] == ["SRB"]


def test_speaker_is_the_actor_of_wir(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Der finnische Präsident Alexander Stubb sagte: „Wir lehnen jede Erpressung ab.“",
    )
    reject = _one(events, "REJECT")
    assert reject["actor"] == ["FIN"]
    assert reject["source"] == "FIN"


def test_accusation_in_reported_speech(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Die Militärübung Russlands sei eine gezielte Provokation, sagte Estlands "
        "Außenminister Margus Tsahkna.",
    )
    accuse = _one(events, "ACCUSE")
    assert accuse["actor"] == ["EST"]
    assert accuse["recipient"] == ["RUS"]


def test_demand_in_reported_speech(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Die Regierung Serbiens müsse die Gewalt sofort beenden, sagte der Außenminister "
        "Albaniens.",
    )
    request = _one(events, "REQUEST")
    assert request["actor"] == ["ALB"]
    assert request["recipient"] == ["SRB"]


def test_reply_goes_to_the_accuser(extractor: Extractor) -> None:
    events = _events(
        extractor, "Georgien warf Armenien Grenzverletzungen vor. Armenien wies das zurück."
    )
    reject = _one(events, "REJECT")
    assert reject["actor"] == ["ARM"]
    assert reject["recipient"] == ["GEO"]


# -------------------------------------------------------------------- aux and condition


def test_aux_modes(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Irland wird die Sanktionen gegen Russland unterstützen. "
        "Malta könnte Libyen möglicherweise kritisieren. "
        "Zypern lehnte den Vorschlag nicht ab. "
        "Estland hatte Russland 1992 scharf verurteilt.",
    )
    assert [(e["type"], e["aux"]) for e in events] == [
        ("SUPPORT", "future"),
        ("ACCUSE", "hypothetical"),
        ("REJECT", "negated"),
        ("ACCUSE", "historical"),
    ]


def test_announced_protest_is_a_future_protest(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "In Budapest wächst der Protest gegen Ungarns Regierung. "
        "Die Opposition kündigte für Samstag eine Großdemonstration an.",
    )
    protest = [e for e in events if e["aux"] == "future"]
    assert [(e["type"], e["actor"]) for e in protest] == [("PROTEST", ["HUN"])]


def test_promise_to_deploy_is_agree_with_condition(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Dänemark sicherte Estland Soldaten zu, sobald das Parlament zugestimmt habe. "
        "Schweden werde nach einem Waffenstillstand Truppen nach Finnland verlegen, "
        "sagte Ministerpräsident Ulf Kristersson.",
    )
    agrees = [e for e in events if e["type"] == "AGREE"]
    assert [(e["actor"], e["content"]) for e in agrees] == [
        (["DNK"], "MOBILIZE"),
        (["SWE"], "MOBILIZE"),
    ]
    assert agrees[0]["recipient"] == ["EST"]
    assert agrees[0]["condition"] and "sobald" in agrees[0]["condition"]
    assert agrees[1]["condition"] and "Waffenstillstand" in agrees[1]["condition"]
    assert agrees[1]["aux"] is None
    # Nothing is coded from inside the condition ("zugestimmt").
    assert [e["type"] for e in events] == ["AGREE", "AGREE"]


def test_ready_to_sanction_is_a_threat(extractor: Extractor) -> None:
    events = _events(
        extractor, "Die EU sei bereit, neue Sanktionen gegen Iran zu verhängen, falls ..."
    )
    threat = _one(events, "THREATEN")
    assert threat["actor"] == ["EU"]
    assert threat["content"] == "SANCTION"


# ------------------------------------------------------------------------------ English


@pytest.mark.parametrize(
    ("text", "etype", "actor", "recipient"),
    [
        ("Brazil criticised Argentina over the tariffs.", "ACCUSE", ["BRA"], ["ARG"]),
        ("Chile called on Peru to release the fishermen.", "REQUEST", ["CHL"], ["PER"]),
        ("Kenya rejected the proposal.", "REJECT", ["KEN"], []),
        ("Egypt and Sudan met in Cairo.", "CONSULT", ["EGY", "SDN"], []),
        ("Australia imposed sanctions on Myanmar.", "SANCTION", ["AUS"], ["MMR"]),
        ("Ghana praised Nigeria for its mediation.", "SUPPORT", ["GHA"], ["NGA"]),
        ("Iran threatened Israel with retaliation.", "THREATEN", ["IRN"], ["ISR"]),
        ("Ethiopia withdrew its troops from Somalia.", "RETREAT", ["ETH"], []),
    ],
)
def test_english_trigger_types(
    extractor: Extractor, text: str, etype: str, actor: list[str], recipient: list[str]
) -> None:
    ev = _one(_events(extractor, text, "en"), etype)
    assert ev["actor"] == actor
    assert ev["recipient"] == recipient


def test_english_several_events_passive_and_aux(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Japan accused China of provocations and demanded that its ships leave the area. "
        "Two Vietnamese boats were attacked by China. "
        "Canada will not negotiate with Russia. "
        "Spain would send troops to Latvia if NATO asked.",
        "en",
    )
    pairs = [(e["type"], e["actor"], e["recipient"], e["aux"]) for e in events]
    assert ("ACCUSE", ["JPN"], ["CHN"], None) in pairs
    assert ("REQUEST", ["JPN"], ["CHN"], None) in pairs
    assert ("ASSAULT", ["CHN"], ["VNM"], None) in pairs
    # A refusal to talk is a REJECT of consultations.
    reject = _one(events, "REJECT")
    assert reject["actor"] == ["CAN"] and reject["content"] == "CONSULT"
    agree = _one(events, "AGREE")
    assert agree["actor"] == ["ESP"] and agree["content"] == "MOBILIZE"
    assert agree["condition"] and agree["condition"].startswith("if")


def test_english_we_in_a_quote_and_give_up(extractor: Extractor) -> None:
    events = _events(
        extractor,
        '"We will never give up our territory," Armenian Prime Minister Nikol Pashinyan said.',
        "en",
    )
    reject = _one(events, "REJECT")
    assert reject["actor"] == ["ARM"]
    assert reject["source"] == "ARM"


# ---------------------------------------------------------------------- clause cutting


def test_clauses_keep_lists_and_split_coordinated_verbs(extractor: Extractor) -> None:
    article = Article(
        id="c",
        text="An den Gesprächen werden die Außenminister Frankreichs, Italiens und "
        "Spaniens teilnehmen und danach eine Erklärung abgeben.",
        language="de",
    )
    sentence = extractor.analyze(article).sentences[0]
    clauses = segment_clauses(sentence.tokens, german=True)
    texts = [" ".join(t.text for t in sentence.tokens[c.lo : c.hi]) for c in clauses]
    assert texts[0].endswith("Spaniens teilnehmen")
    assert clauses[1].kind == "coord"


def test_separable_verb_entries_do_not_match_the_base_verb() -> None:
    lex = event_lexicon("de")
    assert "zusagen" in lex.verbs and "zu|sagen" in lex.verbs
    assert "sagen" not in lex.verbs
    assert "stellen" not in lex.verbs


# ------------------------------------------------------------- unnamed and named actors


def test_unnamed_actor_of_a_domestic_report(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "In Tiflis protestieren seit Wochen Tausende gegen die Regierung Georgiens. "
        "Am Abend kam es erneut zu Festnahmen.",
    )
    coerce = next(ev for ev in doc.events if ev.type == "COERCE")
    actor = doc.entity(coerce.actor[0])
    assert actor is not None and actor.code == "GEO"
    assert coerce.rule and coerce.rule.endswith("[home]")
    # Every event argument is an entity of the document.
    ids = {e.id for e in doc.entities}
    for ev in doc.events:
        assert set(ev.actor) <= ids and set(ev.recipient) <= ids


def test_giving_needs_a_named_actor(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Portugal kritisiert die Regierung Spaniens. Im Internet werden Medikamente geliefert.",
    )
    assert [e["type"] for e in events] == ["ACCUSE"]


def test_common_noun_source(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "In Athen demonstrierten Tausende gegen Griechenlands Regierung. "
        "Nach Angaben der Polizei wurden zwölf Demonstranten festgenommen.",
    )
    coerce = _one(events, "COERCE")
    assert coerce["source"] == "GRC"
    assert coerce["recipient"] == ["GRC"]


def test_no_event_in_an_open_question_or_a_condition(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Es ist fraglich, ob Serbien den Plan akzeptieren würde. "
        "Kroatien liefert Waffen, falls Slowenien zustimmt.",
    )
    assert [e["type"] for e in events] == ["AID"]
    assert events[0]["condition"] and events[0]["condition"].startswith("falls")


def test_both_countries_are_the_actors_just_named(extractor: Extractor) -> None:
    events = _events(
        extractor,
        "Die Präsidenten Kenias und Tansanias trafen sich in Arusha. "
        "Beide Länder unterzeichneten ein Abkommen über den Grenzhandel.",
    )
    support = _one(events, "SUPPORT")
    assert support["actor"] == ["KEN", "TZA"]
