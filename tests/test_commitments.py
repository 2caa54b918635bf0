"""Commitment classification, amounts and merging within one article."""

from wirecoder.extract.commitments import (
    classify_what,
    commitment_lexicon,
    derive_commitments,
    find_amount,
    stage_rank,
)
from wirecoder.records import Commitment, Content, Entity, Event


def _event(
    eid: str, etype: str, actor: list[str], recipient: list[str], text: str, stage: str | None
) -> Event:
    return Event(
        id=eid,
        type=etype,
        actor=actor,
        recipient=recipient,
        trigger=(0, 1),
        span=(0, 10),
        content=Content(type="AID", text=text),
        stage=stage,
    )


def test_what_classes_german_and_english() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    assert classify_what("Bundeswehrsoldaten zu stationieren", de) == "troops"
    assert classify_what("umfassende Sicherheitsgarantien zu geben", de) == "security_guarantee"
    assert classify_what("weitere Luftabwehrsysteme", de) == "military_aid"
    assert classify_what("ein neues Sanktionspaket", de) == "sanctions"
    assert classify_what("a loan for the budget", en) == "financial_aid"
    assert classify_what("peacekeepers to the region", en) == "troops"
    assert classify_what("kind words", en) is None


def test_amounts_with_multipliers_and_units() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    assert find_amount("Hilfe über 2 Mrd. Euro", de) == (2_000_000_000.0, "EUR")
    assert find_amount("bis zu 5.000 Soldaten", de) == (5000.0, "troops")
    assert find_amount("1,2 Milliarden Euro", de) == (1_200_000_000.0, "EUR")
    assert find_amount("a loan of $1.2 billion", en) == (1_200_000_000.0, "USD")
    assert find_amount("1.2 billion dollars", en) == (1_200_000_000.0, "USD")
    assert find_amount("no number here", de) is None


def test_merge_keeps_furthest_stage_and_unions_givers() -> None:
    events = [
        _event("v1", "AGREE", ["e1"], ["e3"], "Soldaten zu entsenden", "offered"),
        _event("v2", "AGREE", ["e1", "e2"], ["e3"], "Truppen in der Ukraine", "intent_signed"),
        _event("v3", "AGREE", ["e4"], ["e3"], "Bundeswehrsoldaten zu stationieren", "offered"),
    ]
    coms = derive_commitments(events, {}, "de")
    assert len(coms) == 2
    first = next(c for c in coms if "e1" in c.givers)
    assert set(first.givers) == {"e1", "e2"}
    assert first.stage == "intent_signed"
    assert first.events == ["v1", "v2"]
    assert stage_rank("delivered") > stage_rank("promised")


def test_negated_and_hypothetical_events_make_no_commitment() -> None:
    ev = _event("v1", "AGREE", ["e1"], ["e2"], "Soldaten zu entsenden", "offered")
    ev.aux = "negated"
    assert derive_commitments([ev], {}, "de") == []


# -- behaviour on sentences ---------------------------------------------------------------
#
# Hand-built events on sentences written for these tests: the event coder's output is not
# under test here, only what the commitment layer makes of it.


def _ent(
    eid: str, code: str | None, kind: str = "state", mentions: list[tuple[int, int]] | None = None
) -> Entity:
    return Entity(id=eid, name=eid, kind=kind, code=code, mentions=mentions or [])


class _Article:
    """Sentences one after the other, with events whose trigger is found by its text."""

    def __init__(self) -> None:
        self.text = ""
        self.events: list[Event] = []
        self.sentences: dict[str, str] = {}

    def sentence(self, sentence: str) -> int:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        return start

    def event(
        self,
        sentence: str,
        etype: str,
        actor: list[str],
        recipient: list[str] | None = None,
        *,
        trigger: str,
        content: str | None = None,
        ctype: str | None = "AID",
        stage: str | None = None,
        aux: str | None = None,
        condition: str | None = None,
    ) -> Event:
        start = self.text.find(sentence)
        if start < 0:
            start = self.sentence(sentence)
        t0 = start + sentence.index(trigger)
        ev = Event(
            id=f"v{len(self.events) + 1}",
            type=etype,
            actor=actor,
            recipient=recipient or [],
            trigger=(t0, t0 + len(trigger)),
            span=(start, start + len(sentence)),
            aux=aux,
            condition=condition,
            content=Content(type=ctype, text=content) if content is not None else None,
            stage=stage,
        )
        self.events.append(ev)
        self.sentences[ev.id] = sentence
        return ev

    def mention(self, word: str, occurrence: int = 0) -> tuple[int, int]:
        at = -1
        for _ in range(occurrence + 1):
            at = self.text.index(word, at + 1)
        return (at, at + len(word))

    def commitments(self, language: str, entities: list[Entity] | None = None) -> list[Commitment]:
        return derive_commitments(self.events, self.sentences, language, entities)


def test_what_reads_whole_words_for_money_and_the_clause_of_the_content() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    # "Euro" is a word, not a prefix: a jet and a West European state are not money.
    assert classify_what("zusätzliche Eurofighter zu entsenden", de) is None
    assert classify_what("mit den westeuropäischen Staaten", de) is None
    assert classify_what("zusätzlich 300 Millionen Euro", de) == "financial_aid"
    assert classify_what("the European Union", en) is None
    assert classify_what("a tanker in the Baltic", en) is None
    # A cue in another clause does not decide: the first clause with a cue does.
    assert classify_what("200 million euros for Moldova, Danes offer troops", en) == (
        "financial_aid"
    )
    assert classify_what("Moldawien erhält Luftverteidigungssysteme", de) == "military_aid"
    # Who receives is not what is given.
    assert classify_what("die Haubitzen seien an die Streitkräfte übergeben worden", de) == (
        "military_aid"
    )


def test_amounts_prefer_the_total_over_a_replaced_figure() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    text = "Statt der zugesagten 300 Mio. Euro soll Chisinau insgesamt 0,9 Mrd. Euro erhalten"
    assert find_amount(text, de) == (900_000_000.0, "EUR")
    assert find_amount("eine Aufstockung von 200 Mio. auf 700 Mio. Euro", de) == (
        700_000_000.0,
        "EUR",
    )
    assert find_amount("raised from $2 million to $5 million", en) == (5_000_000.0, "USD")
    # Troop numbers are amounts too, in unit "troops".
    assert find_amount("up to 400 soldiers", en) == (400.0, "troops")
    assert find_amount("rund 2,5 Milliarden Kronen", de) == (2_500_000_000.0, "NOK")


def test_a_delivery_said_in_the_future_is_a_promise() -> None:
    a = _Article()
    sent = "Die Regierung werde Estland zudem Munition für Haubitzen überlassen."
    a.event(sent, "AID", ["e1"], ["e2"], trigger="überlassen", stage="delivered")
    en = _Article()
    sent_en = "Canada will supply four more patrol vessels to the Latvian navy."
    en.event(
        sent_en,
        "AGREE",
        ["e1"],
        ["e2"],
        trigger="supply",
        stage="delivered",
        content="four more patrol vessels to the Latvian navy",
    )
    (de_com,) = a.commitments("de")
    (en_com,) = en.commitments("en")
    assert (de_com.what, de_com.stage) == ("military_aid", "promised")
    assert (en_com.what, en_com.stage) == ("military_aid", "promised")


def test_a_possibility_is_at_most_an_offer() -> None:
    a = _Article()
    sent = "Die Jets könnten innerhalb weniger Tage verlegt werden, wenn Riga dies wünsche."
    a.event(
        sent,
        "AGREE",
        ["e1"],
        [],
        trigger="verlegt",
        stage="promised",
        content="werden",
        ctype="MOBILIZE",
        condition="wenn Riga dies wünsche",
    )
    (com,) = a.commitments("de")
    assert (com.what, com.stage, com.condition) == ("troops", "offered", "wenn Riga dies wünsche")


def test_pending_approval_and_planned_signing_report_no_stage() -> None:
    a = _Article()
    a.event(
        "Der Reichstag müsse dem Sanktionspaket allerdings noch zustimmen.",
        "SUPPORT",
        ["e1"],
        [],
        trigger="zustimmen",
        stage="approved",
    )
    a.event(
        "Einen Vertrag über die Lieferung der Panzer wollen beide Länder bald unterzeichnen.",
        "SUPPORT",
        ["e1", "e2"],
        [],
        trigger="unterzeichnen",
        stage="intent_signed",
        aux="future",
    )
    assert a.commitments("de") == []


def test_considering_governs_the_infinitive_it_takes() -> None:
    a = _Article()
    sent = "Auch Finnland erwägt nach Angaben aus Helsinki, Moldawien Artillerie zu überlassen."
    a.event(
        sent, "AID", ["e1"], ["e2"], trigger="überlassen", stage="delivered", aux="hypothetical"
    )
    (com,) = a.commitments("de")
    assert (com.what, com.stage) == ("military_aid", "considered")
    # A hypothetical event reporting any other stage makes no commitment.
    b = _Article()
    b.event(
        "Finnland würde Moldawien Artillerie liefern.",
        "AID",
        ["e1"],
        ["e2"],
        trigger="liefern",
        stage="delivered",
        aux="hypothetical",
    )
    assert b.commitments("de") == []


def test_the_wording_sets_the_stage_over_the_event_default() -> None:
    a = _Article()
    sent = "Dänemark stelle zusätzlich 90 Millionen Euro für die Bevölkerung bereit."
    a.event(
        sent,
        "AGREE",
        ["e1"],
        ["e2"],
        trigger="stelle",
        stage="approved",
        content="zusätzlich 90 Millionen Euro für die Bevölkerung bereit",
    )
    (com,) = a.commitments("de")
    assert (com.stage, com.amount, com.unit) == ("promised", 90_000_000.0, "EUR")


def test_a_stage_no_wording_reports_does_not_outrank_a_worded_one() -> None:
    a = _Article()
    a.event(
        "Portugal bot an, Soldaten nach Rumänien zu entsenden.",
        "AGREE",
        ["e1"],
        ["e2"],
        trigger="bot",
        stage="offered",
        content="Soldaten nach Rumänien zu entsenden",
        ctype="MOBILIZE",
    )
    a.event(
        "Die Soldaten sollen in Constanța stationiert werden.",
        "AGREE",
        ["e1"],
        [],
        trigger="stationiert",
        stage=None,
        content="in Constanța",
        ctype="MOBILIZE",
    )
    (com,) = a.commitments("de")
    assert com.stage == "offered" and com.events == ["v1", "v2"]


def test_what_was_signed_sets_the_stage_of_a_signing() -> None:
    a = _Article()
    a.event(
        "Spanien und Italien unterzeichneten mit Moldawien eine Absichtserklärung.",
        "SUPPORT",
        ["es", "it", "md"],
        [],
        trigger="unterzeichneten",
        stage="intent_signed",
    )
    a.event(
        "Beide Länder wollen nach einem Waffenstillstand Soldaten entsenden.",
        "AGREE",
        ["es", "it"],
        ["md"],
        trigger="entsenden",
        stage="promised",
        content="Soldaten entsenden",
        ctype="MOBILIZE",
        condition="nach einem Waffenstillstand",
    )
    (com,) = a.commitments("de")
    assert (com.what, com.stage, com.givers, com.recipient) == (
        "troops",
        "intent_signed",
        ["es", "it"],
        ["md"],
    )
    b = _Article()
    b.event(
        "Under the deal, Sweden will hand over the tanks to Latvia.",
        "AGREE",
        ["se"],
        ["lv"],
        trigger="hand",
        stage="promised",
        content="over the tanks to Latvia",
    )
    b.event(
        "Sweden and Latvia signed the contract on Monday.",
        "SUPPORT",
        ["se", "lv"],
        [],
        trigger="signed",
        stage="intent_signed",
    )
    (com,) = b.commitments("en")
    assert (com.what, com.stage, com.givers, com.recipient) == (
        "military_aid",
        "agreed",
        ["se"],
        ["lv"],
    )


def test_a_signing_alone_names_its_recipient_from_who_asked_for_aid() -> None:
    a = _Article()
    a.event(
        "Sweden and Latvia signed an agreement for the delivery of two air defence systems.",
        "SUPPORT",
        ["se", "lv"],
        [],
        trigger="signed",
        stage="intent_signed",
    )
    a.event(
        "Riga has asked its allies for more air defence.",
        "REQUEST",
        ["lv"],
        ["allies"],
        trigger="asked",
        content="its allies for more air defence",
    )
    (com,) = a.commitments("en")
    assert (com.givers, com.recipient, com.what, com.stage) == (
        ["se"],
        ["lv"],
        "military_aid",
        "agreed",
    )


def test_negation_of_another_verb_does_not_drop_a_promise() -> None:
    a = _Article()
    sent = "Denmark has not yet delivered the two tanks it promised to Latvia."
    a.event(sent, "AID", ["dk"], ["lv"], trigger="delivered", stage="delivered", aux="negated")
    a.event(
        sent,
        "AGREE",
        ["dk"],
        ["lv"],
        trigger="promised",
        stage="promised",
        aux="negated",
        content="to Latvia",
    )
    (com,) = a.commitments("en")
    assert (com.what, com.stage, com.events) == ("military_aid", "promised", ["v2"])


def test_a_stage_the_article_denies_is_not_its_stage() -> None:
    a = _Article()
    a.event(
        "Denmark has not yet delivered the tanks it promised to Latvia.",
        "AID",
        ["dk"],
        ["lv"],
        trigger="delivered",
        stage="delivered",
        aux="negated",
    )
    a.event(
        "Denmark has not yet delivered the tanks it promised to Latvia.",
        "AGREE",
        ["dk"],
        ["lv"],
        trigger="promised",
        stage="promised",
        content="the tanks",
    )
    a.event(
        "This contradicts reports that the tanks had been handed over.",
        "AID",
        ["dk"],
        [],
        trigger="handed",
        stage="delivered",
    )
    (com,) = a.commitments("en")
    assert (com.stage, com.text) == ("promised", "the tanks")


def test_event_types_bound_what_a_commitment_can_be() -> None:
    a = _Article()
    a.event(
        "Die Regierung verhängte Sanktionen gegen Belarus.",
        "SANCTION",
        ["e1"],
        ["e2"],
        trigger="verhängte",
    )
    a.event(
        "Ein Gericht hat den Soldaten verurteilt.", "SANCTION", ["e1"], ["e3"], trigger="verurteilt"
    )
    a.event(
        "Die Note über Gespräche wurde dem Botschafter übergeben.",
        "AID",
        ["e1"],
        ["e4"],
        trigger="übergeben",
        stage="delivered",
    )
    a.event(
        "Minsk wies die Vorwürfe über Waffen zurück.",
        "REJECT",
        ["e2"],
        ["e1"],
        trigger="wies",
        content="die Vorwürfe über Waffen zurück",
        ctype="ACCUSE",
    )
    (com,) = a.commitments("de")
    assert (com.what, com.stage, com.recipient) == ("sanctions", "delivered", ["e2"])


def test_actors_are_compared_by_code_and_a_giver_is_no_recipient() -> None:
    a = _Article()
    a.event(
        "Spanien stellt die Entsendung von Truppen in Aussicht.",
        "AGREE",
        ["e1"],
        ["e3"],
        trigger="stellt",
        stage="offered",
        content="Entsendung von Truppen in Aussicht",
        ctype="MOBILIZE",
    )
    a.event(
        "Sánchez hat den Einsatz spanischer Soldaten in Moldawien in Aussicht gestellt.",
        "AGREE",
        ["e2"],
        ["e4"],
        trigger="gestellt",
        stage="offered",
        content="den Einsatz spanischer Soldaten in Moldawien",
        ctype="MOBILIZE",
    )
    entities = [
        _ent("e1", "ESP"),
        _ent("e2", "ESP", "person"),
        _ent("e3", "MDA"),
        _ent("e4", "ESP", "organisation"),
    ]
    (com,) = a.commitments("de", entities)
    # One giver per code; the Spanish army (e4) named as recipient is a giver, not one.
    assert com.givers == ["e1"] and com.recipient == ["e3"] and com.events == ["v1", "v2"]
    # Without the entity table the two Spanish givers are different actors.
    assert len(a.commitments("de")) == 2


def test_a_missing_recipient_comes_from_the_sentence_or_the_article() -> None:
    a = _Article()
    s1 = "Das Parlament billigte die Finanzhilfe für die Republik Moldau."
    s2 = "Rumänien sagte Moldawien Munition zu."
    s3 = "Zudem bietet Rumänien an, Ausbilder zu entsenden."
    s4 = "Polen bot an, Soldaten zur Sicherung des moldauischen Luftraums zu entsenden."
    a.event(s1, "SUPPORT", ["de"], [], trigger="billigte", stage="approved")
    a.event(s2, "AGREE", ["ro"], ["md"], trigger="sagte", stage="promised", content="Munition")
    a.event(
        s3,
        "AGREE",
        ["ro"],
        [],
        trigger="bietet",
        stage="offered",
        content="Ausbilder zu entsenden",
        ctype="MOBILIZE",
    )
    a.event(
        s4,
        "AGREE",
        ["pl"],
        [],
        trigger="bot",
        stage="offered",
        content="Soldaten zur Sicherung des moldauischen Luftraums zu entsenden",
        ctype="MOBILIZE",
    )
    entities = [
        _ent("de", "DEU", "organisation"),
        _ent("ro", "ROU"),
        _ent("pl", "POL"),
        _ent(
            "md",
            "MDA",
            mentions=[
                a.mention("Republik Moldau"),
                a.mention("Moldawien"),
                a.mention("moldauischen"),
            ],
        ),
    ]
    coms = {(c.givers[0], c.what): c for c in a.commitments("de", entities)}
    assert coms["de", "financial_aid"].recipient == ["md"]  # "für die Republik Moldau"
    assert coms["ro", "military_aid"].recipient == ["md"]
    assert coms["ro", "troops"].recipient == ["md"]  # the giver's other commitment
    assert coms["pl", "troops"].recipient == ["md"]  # the state the promised action names


def test_a_giver_naming_no_recipient_gives_to_the_article_recipient_of_aid() -> None:
    a = _Article()
    a.event(
        "Die Verbündeten sagten Moldawien Munition zu.",
        "AGREE",
        ["allies"],
        ["md"],
        trigger="sagten",
        stage="promised",
        content="Munition",
    )
    a.event(
        "Belgien bietet an, Soldaten an der Grenze zu stationieren.",
        "AGREE",
        ["be"],
        [],
        trigger="bietet",
        stage="offered",
        content="Soldaten an der Grenze zu stationieren",
        ctype="MOBILIZE",
    )
    a.event("Russland kritisierte Belgien.", "ACCUSE", ["ru"], ["be"], trigger="kritisierte")
    coms = {c.givers[0]: c for c in a.commitments("de")}
    assert coms["be"].recipient == ["md"] and coms["be"].stage == "offered"


def test_troops_go_in_and_sanctions_go_against_their_recipient() -> None:
    a = _Article()
    a.event(
        "Italien zieht sein Angebot zurück, Soldaten in die Republik Moldau zu schicken.",
        "RETREAT",
        ["it"],
        [],
        trigger="zieht",
        stage="withdrawn",
    )
    a.event(
        "Die EU hat ein Sanktionspaket gegen Belarus beschlossen.",
        "SUPPORT",
        ["eu"],
        [],
        trigger="beschlossen",
        stage="approved",
    )
    entities = [
        _ent("it", "ITA"),
        _ent("eu", "EU", "organisation"),
        _ent("md", "MDA", mentions=[a.mention("Republik Moldau")]),
        _ent("by", "BLR", mentions=[a.mention("Belarus")]),
    ]
    coms = {c.what: c for c in a.commitments("de", entities)}
    assert (coms["troops"].recipient, coms["troops"].stage) == (["md"], "withdrawn")
    assert (coms["sanctions"].recipient, coms["sanctions"].stage) == (["by"], "approved")


def test_a_signing_joins_the_givers_one_commitment_of_what_was_signed() -> None:
    a = _Article()
    a.event(
        "Sweden and Latvia signed an agreement for two air defence systems.",
        "SUPPORT",
        ["se", "lv1"],
        [],
        trigger="signed",
        stage="intent_signed",
    )
    a.event(
        "Under it, Sweden will hand over the air defence systems to Riga.",
        "AGREE",
        ["se"],
        ["lv2"],
        trigger="hand",
        stage="promised",
        content="over the air defence systems to Riga",
    )
    a.event(
        "Sweden also pledged 20 million euros to Chisinau.",
        "AGREE",
        ["se"],
        ["md"],
        trigger="pledged",
        stage="promised",
        content="20 million euros to Chisinau",
    )
    # Without the entity table "Latvia" and "Riga" are two actors; the signing still
    # raises Sweden's one air defence commitment, not its money for Moldova.
    coms = {c.what: c for c in a.commitments("en")}
    assert (coms["military_aid"].stage, coms["military_aid"].recipient) == ("agreed", ["lv2"])
    assert coms["financial_aid"].stage == "promised"
