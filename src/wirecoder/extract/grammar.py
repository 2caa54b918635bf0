"""Small grammatical tests on tagged tokens: finite verbs, separable particles, mood.

German Konjunktiv I is recognised from the form and its lemma (stem + "e", "sei"),
not from a list of words; Konjunktiv II substitutes come from the language data.
"""

from __future__ import annotations

from collections.abc import Sequence

from wirecoder.records import Token

FINITE_TAGS = frozenset(
    {
        "VVFIN",
        "VAFIN",
        "VMFIN",
        "VVD",
        "VVZ",
        "VBD",
        "VBZ",
        "VDD",
        "VDZ",
        "VHD",
        "VHZ",
        "VM0",
        "VVB",
        "VBB",
        "VHB",
        "VDB",
    }
)
GERMAN_SUBORDINATORS = frozenset(
    {
        "dass",
        "ob",
        "weil",
        "wenn",
        "falls",
        "sobald",
        "nachdem",
        "bevor",
        "während",
        "obwohl",
        "damit",
        "sodass",
        "als",
        "wie",
        "wo",
        "solange",
    }
)
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "–", "-", "—"})


def tag(token: Token) -> str:
    """The token's POS tag without HanTa's parentheses ("VA(FIN)" -> "VAFIN")."""
    return token.pos.replace("(", "").replace(")", "")


def is_finite_verb(token: Token) -> bool:
    return tag(token) in FINITE_TAGS


def is_verb(token: Token) -> bool:
    return tag(token).startswith("V")


def verb_lemma(tokens: Sequence[Token], index: int) -> str:
    """Lemma of the verb at ``index`` with a separable particle joined ("zu|sichern").

    German main clauses put the particle (STTS PTKVZ) at the end of the clause.
    """
    token = tokens[index]
    lemma = token.lemma or token.text.lower()
    for later in tokens[index + 1 :]:
        if later.text in {".", "!", "?", ";"} or later.text in {",", ":"}:
            break
        if tag(later) == "PTKVZ":
            return f"{later.text.lower()}|{lemma}"
    return lemma


def lemma_keys(joined: str) -> tuple[str, ...]:
    """Ways a (possibly separable) verb lemma may be written in a lexicon."""
    if "|" in joined:
        particle, base = joined.split("|", 1)
        return (joined, particle + base, base)
    return (joined,)


def is_konjunktiv_i(form: str, lemma: str) -> bool:
    """Third-person Konjunktiv I: "sei/seien", or the present stem plus "e" (habe, müsse).

    The plural of most verbs is the same as the indicative and so is not evidence.
    """
    word = form.lower()
    lem = lemma.lower()
    if lem == "sein":
        return word in {"sei", "seien", "seiest", "seiet"}
    if not lem.endswith("n") or not word.endswith("e"):
        return False
    stem = lem[:-2] if lem.endswith("en") else lem[:-1]
    forms = {stem + "e", stem + "est"}
    if lem.endswith(("eln", "ern")):
        # "handeln" -> "handle" besides "handele"; "ändern" -> "ändre" besides "ändere".
        forms.add(stem[:-2] + stem[-1] + "e")
    return word in forms


def is_weak_past(form: str, lemma: str) -> bool:
    """Weak past forms ("fehlten") read as Konjunktiv II in reported speech, but only there."""
    word = form.lower()
    lem = lemma.lower()
    stem = lem[:-2] if lem.endswith("en") else lem[:-1]
    return bool(stem) and word in {stem + "te", stem + "ten", stem + "ete", stem + "eten"}


def main_finite_verb(tokens: Sequence[Token]) -> int | None:
    """Index of the first finite verb outside a subordinate clause, a cheap proxy for the
    verb of the main clause in a V2 language."""
    depth_sub = False
    for i, token in enumerate(tokens):
        word = token.text.lower()
        if word in GERMAN_SUBORDINATORS and (i == 0 or tokens[i - 1].text == ","):
            depth_sub = True
        if token.text == "," and depth_sub and i > 0:
            # A comma after a fronted subordinate clause brings back the main clause.
            depth_sub = False
            continue
        if depth_sub:
            continue
        if is_finite_verb(token):
            return i
    return None


def reported_mood(tokens: Sequence[Token], subjunctive_ii: frozenset[str]) -> str:
    """ "k1" (Konjunktiv I), "k2" (Konjunktiv II / ersatz), "past" (ambiguous weak past),
    or "ind" for the main clause of a German sentence."""
    index = main_finite_verb(tokens)
    if index is None:
        return "none"
    verb = tokens[index]
    # "ich habe" is indicative first person, found in direct speech.
    if index > 0 and tokens[index - 1].text.lower() in {"ich", "wir"}:
        return "ind"
    if index + 1 < len(tokens) and tokens[index + 1].text.lower() in {"ich", "wir"}:
        return "ind"
    if is_konjunktiv_i(verb.text, verb.lemma):
        return "k1"
    if verb.text.lower() in subjunctive_ii:
        return "k2"
    if is_weak_past(verb.text, verb.lemma):
        return "past"
    return "ind"


PERFECT_AUXILIARIES = frozenset({"haben", "sein"})


def is_reportative_modal(tokens: Sequence[Token], index: int, modals: frozenset[str]) -> bool:
    """Reportative "sollen" with a perfect infinitive: "Er soll das Geld genommen haben",
    "Zwei Männer sollen getötet worden sein" (a claim reported without its source)."""
    verb = tokens[index]
    if not is_finite_verb(verb) or (verb.lemma or verb.text).lower() not in modals:
        return False
    last_participle = False
    for later in tokens[index + 1 :]:
        if later.text in {",", ";", ":", ".", "!", "?"}:
            break
        word = later.text.lower()
        if tag(later) in {"VVPP", "VAPP", "VMPP"}:
            last_participle = True
            continue
        if last_participle and word in PERFECT_AUXILIARIES:
            return True
        last_participle = False
    return False
