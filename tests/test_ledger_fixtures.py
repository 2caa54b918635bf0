"""Hand-built documents for the ledger tests (imported by the other test_ledger* files).

``DocBuilder`` makes a Document from sentences of an article's text: each event's span
is the exact sentence given, so evidence can be checked verbatim. ``storyline_docs``
mirrors the commitments of the nine articles in tests/data/articles/ledger/ as a good
extractor would report them (entities coded, one article-level commitment per thread).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from wirecoder.records import Article, Commitment, Content, Document, Entity, Event

STORYLINE = Path(__file__).parent / "data" / "articles" / "ledger"


class DocBuilder:
    def __init__(self, article_id: str, date: str | None, text: str, language: str = "de") -> None:
        self.article = Article(id=article_id, text=text, date=date, language=language)
        self.entities: list[Entity] = []
        self.events: list[Event] = []
        self.commitments: list[Commitment] = []

    @classmethod
    def from_article(cls, article: Article) -> DocBuilder:
        builder = cls(article.id, article.date, article.text, article.language or "de")
        builder.article = article
        return builder

    def entity(
        self, name: str, code: str | None, kind: str = "state", sector: str | None = None
    ) -> str:
        eid = f"e{len(self.entities) + 1}"
        start = self.article.text.find(name)
        mentions = [(start, start + len(name))] if start >= 0 else []
        self.entities.append(
            Entity(id=eid, name=name, kind=kind, code=code, sector=sector, mentions=mentions)
        )
        return eid

    def event(
        self,
        sentence: str,
        type: str,
        actor: list[str],
        recipient: list[str] | None = None,
        *,
        stage: str | None = None,
        aux: str | None = None,
        content: str | None = None,
        condition: str | None = None,
        source: str | None = None,
        trigger: str | None = None,
        date: str | None = None,
    ) -> str:
        start = self.article.text.index(sentence)
        span = (start, start + len(sentence))
        t_start = start + (sentence.index(trigger) if trigger else 0)
        t_end = t_start + (len(trigger) if trigger else 1)
        vid = f"v{len(self.events) + 1}"
        self.events.append(
            Event(
                id=vid,
                type=type,
                actor=actor,
                recipient=recipient or [],
                trigger=(t_start, t_end),
                span=span,
                aux=aux,
                condition=condition,
                content=Content(type="AID", text=content) if content else None,
                source=source,
                date=date or self.article.date,
                stage=stage,
                confidence=0.8,
            )
        )
        return vid

    def commitment(
        self,
        givers: list[str],
        recipient: list[str],
        what: str,
        stage: str,
        events: list[str],
        *,
        text: str = "",
        amount: float | None = None,
        unit: str | None = None,
        condition: str | None = None,
    ) -> str:
        cid = f"c{len(self.commitments) + 1}"
        if not text and events:
            first = next(e for e in self.events if e.id == events[0])
            text = first.content.text if first.content and first.content.text else ""
        self.commitments.append(
            Commitment(
                id=cid,
                givers=givers,
                recipient=recipient,
                what=what,
                text=text,
                stage=stage,
                condition=condition,
                events=events,
                amount=amount,
                unit=unit,
            )
        )
        return cid

    def build(self) -> Document:
        return Document(
            article=self.article,
            entities=list(self.entities),
            events=list(self.events),
            commitments=list(self.commitments),
            extractor_version="test",
        )


def simple_doc(
    article_id: str,
    date: str | None,
    givers: list[tuple[str, str | None]],
    recipient: list[tuple[str, str | None]],
    what: str,
    stage: str,
    sentence: str,
    *,
    language: str = "en",
    amount: float | None = None,
    unit: str | None = None,
    condition: str | None = None,
    event_type: str = "AGREE",
    aux: str | None = None,
    content: str | None = None,
) -> Document:
    """A one-sentence article with one event and one commitment."""
    b = DocBuilder(article_id, date, sentence, language)
    g = [b.entity(name, code) for name, code in givers]
    r = [b.entity(name, code) for name, code in recipient]
    v = b.event(sentence, event_type, g, r, stage=stage, aux=aux, content=content)
    b.commitment(
        g,
        r,
        what,
        stage,
        [v],
        text=content or sentence,
        amount=amount,
        unit=unit,
        condition=condition,
    )
    return b.build()


@cache
def storyline_articles() -> dict[str, Article]:
    """The nine storyline articles read with wirecoder's own reader, keyed by file name."""
    from wirecoder.ingest import read_paths

    out: dict[str, Article] = {}
    for item in read_paths([str(STORYLINE)]):
        if isinstance(item, Article) and item.origin:
            out[Path(item.origin).name] = item
    return out


def storyline_expectations() -> list[dict[str, Any]]:
    """The machine-readable block of the storyline README (one expected thread a line)."""
    readme = (STORYLINE / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```jsonl\n(.*?)```", readme, re.S)
    assert block is not None
    return [json.loads(line) for line in block.group(1).splitlines() if line.strip()]


def _b(name: str) -> DocBuilder:
    return DocBuilder.from_article(storyline_articles()[name])


def storyline_docs() -> list[Document]:
    """Documents mirroring the commitments of the nine storyline articles."""
    docs: list[Document] = []

    # 1. Norway offers air defence (de).
    b = _b("2026-01-12-norway-offers-air-defence.de.txt")
    nor, ukr = b.entity("Norwegen", "NOR"), b.entity("Ukraine", "UKR")
    sandvik = b.entity("Tore O. Sandvik", "NOR", "person", "GOV")
    kiew = b.entity("Kiew", "UKR", "place")
    v1 = b.event(
        "Norwegen hat der Ukraine die Lieferung zusätzlicher Luftverteidigungssysteme angeboten.",
        "AGREE",
        [nor],
        [ukr],
        stage="offered",
        content="die Lieferung zusätzlicher Luftverteidigungssysteme",
        trigger="angeboten",
    )
    v2 = b.event(
        "Verteidigungsminister Tore O. Sandvik sagte, man habe Kiew ein entsprechendes "
        "Angebot unterbreitet.",
        "AGREE",
        [sandvik],
        [kiew],
        stage="offered",
        source=sandvik,
        content="ein entsprechendes Angebot",
    )
    b.event(
        "Die Ukraine bittet ihre Verbündeten seit Monaten um mehr Flugabwehr, weil Russland "
        "die Angriffe auf die Energieversorgung des Landes verstärkt hat.",
        "REQUEST",
        [ukr],
        [],
        content="mehr Flugabwehr",
    )
    b.commitment([nor, sandvik], [ukr, kiew], "military_aid", "offered", [v1, v2])
    docs.append(b.build())

    # 2. Germany pledges 500 million euros; the Netherlands offer troops (en).
    b = _b("2026-01-26-germany-pledge-dutch-troops.en.txt")
    deu, ukr = b.entity("Germany", "DEU"), b.entity("Ukraine", "UKR")
    klingbeil = b.entity("Lars Klingbeil", "DEU", "person", "GOV")
    nld = b.entity("Netherlands", "NLD")
    v1 = b.event(
        "Germany will give Ukraine 500 million euros in financial aid this year to help "
        "stabilise its budget, Finance Minister Lars Klingbeil said on Monday.",
        "AGREE",
        [deu],
        [ukr],
        stage="promised",
        source=klingbeil,
        content="give Ukraine 500 million euros in financial aid",
    )
    v2 = b.event(
        "Separately, the Netherlands offered to send up to 250 soldiers to Ukraine as part "
        "of a multinational force once a ceasefire is in place, according to a letter from "
        "the Dutch government to parliament.",
        "AGREE",
        [nld],
        [ukr],
        stage="offered",
        condition="once a ceasefire is in place",
        content="send up to 250 soldiers to Ukraine as part of a multinational force",
    )
    b.commitment([deu], [ukr], "financial_aid", "promised", [v1], amount=500_000_000.0, unit="EUR")
    # The README lists no amount for the troops (its amounts are money).
    b.commitment([nld], [ukr], "troops", "offered", [v2], condition="once a ceasefire is in place")
    docs.append(b.build())

    # 3. Norway firmly promises NASAMS (de); the planned signing is future.
    b = _b("2026-02-09-norway-promises-nasams.de.txt")
    nor, ukr = b.entity("Norwegen", "NOR"), b.entity("Ukraine", "UKR")
    v1 = b.event(
        "Norwegen hat der Ukraine die Lieferung von zwei Luftverteidigungssystemen vom Typ "
        "NASAMS fest zugesagt.",
        "AGREE",
        [nor],
        [ukr],
        stage="promised",
        content="die Lieferung von zwei Luftverteidigungssystemen vom Typ NASAMS",
        trigger="zugesagt",
    )
    b.event(
        "Einen Vertrag über die Lieferung wollen beide Länder in den kommenden Wochen "
        "unterzeichnen.",
        "SUPPORT",
        [nor, ukr],
        [],
        aux="future",
    )
    b.commitment([nor], [ukr], "military_aid", "promised", [v1], amount=2_500_000_000.0, unit="NOK")
    docs.append(b.build())

    # 4. Germany raises its aid to 1.2 billion euros (de); parliament still has to agree.
    b = _b("2026-02-23-germany-raises-aid.de.txt")
    bund = b.entity("Bundesregierung", "DEU", "organisation", "GOV")
    ukr = b.entity("Ukraine", "UKR")
    kiew = b.entity("Kiew", "UKR", "place")
    klingbeil = b.entity("Lars Klingbeil", "DEU", "person", "GOV")
    b.entity("Bundestag", "DEU", "organisation", "LEG")
    v1 = b.event(
        "Die Bundesregierung stockt ihre Finanzhilfe für die Ukraine deutlich auf.",
        "AGREE",
        [bund],
        [ukr],
        stage="promised",
        content="ihre Finanzhilfe für die Ukraine",
    )
    v2 = b.event(
        "Statt der im Januar zugesagten 500 Mio. Euro soll Kiew in diesem Jahr insgesamt "
        "1,2 Mrd. Euro für den Staatshaushalt erhalten, wie Finanzminister Lars Klingbeil am "
        "Montag in Berlin ankündigte.",
        "AGREE",
        [klingbeil],
        [kiew],
        stage="promised",
        source=klingbeil,
        content="insgesamt 1,2 Mrd. Euro für den Staatshaushalt",
    )
    b.commitment(
        [bund, klingbeil],
        [ukr, kiew],
        "financial_aid",
        "promised",
        [v1, v2],
        text="insgesamt 1,2 Mrd. Euro für den Staatshaushalt",
        amount=1_200_000_000.0,
        unit="EUR",
    )
    docs.append(b.build())

    # 5. Norway and Ukraine sign the contract (en): SUPPORT + AGREE at stage agreed.
    b = _b("2026-03-09-norway-ukraine-sign.en.txt")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    b.event(
        "Norway and Ukraine signed an agreement on Monday for the delivery of two NASAMS air "
        "defence systems, the Norwegian defence ministry said.",
        "SUPPORT",
        [nor, ukr],
        [],
        stage="agreed",
    )
    v2 = b.event(
        "Under the agreement, Norway will hand over the systems together with missiles and "
        "train Ukrainian crews, according to the ministry.",
        "AGREE",
        [nor],
        [ukr],
        stage="agreed",
        content="hand over the systems together with missiles",
    )
    b.commitment([nor], [ukr], "military_aid", "agreed", [v2])
    docs.append(b.build())

    # 6. The Storting approves (de); Sweden considers air defence.
    b = _b("2026-03-30-storting-approves.de.txt")
    storting = b.entity("Das norwegische Parlament", "NOR", "organisation", "LEG")
    ukr = b.entity("Ukraine", "UKR")
    swe = b.entity("Schweden", "SWE")
    v1 = b.event(
        "Das norwegische Parlament hat der Lieferung von zwei NASAMS-"
        "Luftverteidigungssystemen an die Ukraine zugestimmt.",
        "SUPPORT",
        [storting],
        [ukr],
        stage="approved",
        content="der Lieferung von zwei NASAMS-Luftverteidigungssystemen",
    )
    v2 = b.event(
        "Auch Schweden erwägt nach Angaben aus Regierungskreisen in Stockholm, der Ukraine "
        "weitere Luftverteidigungssysteme zu überlassen.",
        "AGREE",
        [swe],
        [ukr],
        stage="considered",
        content="der Ukraine weitere Luftverteidigungssysteme zu überlassen",
    )
    b.commitment(
        [storting], [ukr], "military_aid", "approved", [v1], amount=2_500_000_000.0, unit="NOK"
    )
    b.commitment([swe], [ukr], "military_aid", "considered", [v2])
    docs.append(b.build())

    # 7. The Netherlands withdraw their offer (en); the recipient is not named as such.
    b = _b("2026-04-13-dutch-withdraw-troops.en.txt")
    nld = b.entity("Netherlands", "NLD")
    v1 = b.event(
        "The Netherlands has withdrawn its offer to send up to 250 soldiers to a "
        "multinational force in Ukraine, the Dutch defence ministry said on Monday, citing a "
        "lack of clarity over the mission's mandate.",
        "RETREAT",
        [nld],
        [],
        stage="withdrawn",
        content="its offer to send up to 250 soldiers to a multinational force in Ukraine",
    )
    b.commitment([nld], [], "troops", "withdrawn", [v1])
    docs.append(b.build())

    # 8. NASAMS delivered (de, reported by the Ukrainian air force); Bundestag approves.
    b = _b("2026-04-27-nasams-delivered.de.txt")
    nor, ukr = b.entity("Norwegen", "NOR"), b.entity("Ukraine", "UKR")
    airforce = b.entity("Die ukrainische Luftwaffe", "UKR", "organisation", "MIL")
    bundestag = b.entity("Bundestag", "DEU", "organisation", "LEG")
    ausschuss = b.entity("Haushaltsausschuss", "DEU", "organisation", "LEG")
    v1 = b.event(
        "Die von Norwegen zugesagten Luftverteidigungssysteme sind in der Ukraine eingetroffen.",
        "AID",
        [nor],
        [ukr],
        stage="delivered",
        content="Die von Norwegen zugesagten Luftverteidigungssysteme",
    )
    v2 = b.event(
        "Die ukrainische Luftwaffe teilte am Montag mit, beide NASAMS-Feuereinheiten seien an "
        "die Streitkräfte übergeben worden und bereits einsatzbereit.",
        "AID",
        [nor],
        [ukr],
        stage="delivered",
        source=airforce,
        content="beide NASAMS-Feuereinheiten",
    )
    v3 = b.event(
        "Unterdessen billigte der Bundestag in Berlin die Aufstockung der deutschen "
        "Finanzhilfe für die Ukraine auf 1,2 Mrd. Euro.",
        "SUPPORT",
        [bundestag],
        [ukr],
        stage="approved",
        content="die Aufstockung der deutschen Finanzhilfe für die Ukraine auf 1,2 Mrd. Euro",
    )
    v4 = b.event(
        "Der Haushaltsausschuss hatte bereits in der vergangenen Woche zugestimmt.",
        "SUPPORT",
        [ausschuss],
        [],
        stage="approved",
        aux="historical",
    )
    b.commitment([nor], [ukr], "military_aid", "delivered", [v1, v2])
    b.commitment(
        [bundestag, ausschuss],
        [ukr],
        "financial_aid",
        "approved",
        [v3, v4],
        amount=1_200_000_000.0,
        unit="EUR",
    )
    docs.append(b.build())

    # 9. Norway: not yet delivered, still promised (en); the air force claim is historical.
    b = _b("2026-05-11-nasams-not-delivered.en.txt")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    airforce = b.entity("The Ukrainian air force", "UKR", "organisation", "MIL")
    first = (
        "Norway has not yet delivered the two NASAMS air defence systems it promised to "
        "Ukraine, the Norwegian defence ministry said on Monday, contradicting Ukrainian "
        "statements from late April that the systems had been handed over."
    )
    b.event(first, "AID", [nor], [ukr], stage="delivered", aux="negated", trigger="delivered")
    v2 = b.event(
        first,
        "AGREE",
        [nor],
        [ukr],
        stage="promised",
        trigger="promised",
        content="the two NASAMS air defence systems",
    )
    v3 = b.event(
        "The systems remain promised and are still being prepared in Norway, a ministry "
        "spokesman said, adding that the handover was now expected in June.",
        "AGREE",
        [nor],
        [ukr],
        stage="promised",
    )
    b.event(
        "The Ukrainian air force had said on April 27 that both systems were already in the "
        "country.",
        "AID",
        [nor],
        [ukr],
        stage="delivered",
        aux="historical",
        source=airforce,
        date="2026-04-27",
    )
    b.commitment([nor], [ukr], "military_aid", "promised", [v2, v3])
    docs.append(b.build())
    return docs


# The README's per-article table: what each article must add (file, giver, recipient,
# what, stage). The end-to-end test names the rows the extractor does not deliver.
PER_ARTICLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("2026-01-12-norway-offers-air-defence.de.txt", "NOR", "UKR", "military_aid", "offered"),
    ("2026-01-26-germany-pledge-dutch-troops.en.txt", "DEU", "UKR", "financial_aid", "promised"),
    ("2026-01-26-germany-pledge-dutch-troops.en.txt", "NLD", "UKR", "troops", "offered"),
    ("2026-02-09-norway-promises-nasams.de.txt", "NOR", "UKR", "military_aid", "promised"),
    ("2026-02-23-germany-raises-aid.de.txt", "DEU", "UKR", "financial_aid", "promised"),
    ("2026-03-09-norway-ukraine-sign.en.txt", "NOR", "UKR", "military_aid", "agreed"),
    ("2026-03-30-storting-approves.de.txt", "NOR", "UKR", "military_aid", "approved"),
    ("2026-03-30-storting-approves.de.txt", "SWE", "UKR", "military_aid", "considered"),
    ("2026-04-13-dutch-withdraw-troops.en.txt", "NLD", "UKR", "troops", "withdrawn"),
    ("2026-04-27-nasams-delivered.de.txt", "NOR", "UKR", "military_aid", "delivered"),
    ("2026-04-27-nasams-delivered.de.txt", "DEU", "UKR", "financial_aid", "approved"),
    ("2026-05-11-nasams-not-delivered.en.txt", "NOR", "UKR", "military_aid", "promised"),
)


def missing_commitments(docs_by_file: dict[str, Document]) -> list[str]:
    """README rows no commitment of the article's document matches (giver in givers,
    recipient in recipients or none named, same what and stage), with what was found."""
    from wirecoder.ledger.observe import observe

    missing: list[str] = []
    for name, giver, recipient, what, stage in PER_ARTICLE:
        found = observe(docs_by_file[name])
        if any(
            giver in o.givers
            and (recipient in o.recipient or not o.recipient)
            and o.what == what
            and o.stage == stage
            for o in found
        ):
            continue
        got = "; ".join(
            f"{','.join(o.givers)}->{','.join(o.recipient) or '?'} {o.what} {o.stage}"
            for o in found
        )
        missing.append(f"{name}: {giver}->{recipient} {what} {stage} (got: {got or 'nothing'})")
    return missing


def thread_summary(line: dict[str, Any]) -> dict[str, Any]:
    """A SPEC ledger line in the README's machine-readable form."""
    return {
        "givers": line["givers"],
        "recipient": line["recipient"],
        "what": line["what"],
        "stage": line["stage"],
        "history_stages": [h["stage"] for h in line["history"]],
        "history_dates": [h["date"] for h in line["history"]],
        "amount": line["amount"],
        "condition": line["condition"] is not None,
        "flagged": bool(line["flags"]),
    }


def test_storyline_fixtures_cover_all_nine_articles() -> None:
    docs = storyline_docs()
    assert len(docs) == 9
    assert [d.article.date for d in docs] == sorted(d.article.date or "" for d in docs)
    for doc in docs:
        for event in doc.events:
            start, end = event.span
            assert doc.article.text[start:end].strip()
