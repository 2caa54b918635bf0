"""German verb helpers on top of tagged tokens: mood (Konjunktiv I/II) and particle verbs.

HanTa gives lemma, STTS tag and (``taglevel=3``) a morpheme segmentation such as
``hab/VA + e/SUF_FIN`` or ``käm/VV_VAR + e/SUF_FIN``, but no mood, tense or person.
:func:`verb_mood` derives the mood from the word form and its lemma, which is what
reported-speech detection needs: German wire text marks indirect speech with Konjunktiv I
("Man habe ... erreicht", "es sei gut") and, where that equals the indicative, with
Konjunktiv II ("Bundesregierung und Bundestag würden entscheiden").
"""

from __future__ import annotations

from collections.abc import Sequence

from wirecoder.records import Token

FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_UMLAUTS = "äöü"
_SEIN = {
    "sei": "subj1", "seiest": "subj1", "seist": "subj1", "seien": "subj1", "seiet": "subj1",
    "wäre": "subj2", "wärest": "subj2", "wärst": "subj2", "wären": "subj2", "wäret": "subj2",
    "wärt": "subj2",
}  # fmt: skip
_MODALS = frozenset({"können", "müssen", "dürfen", "mögen"})
_ENDINGS = ("e", "est", "en", "et")


def verb_mood(word: str, lemma: str, pos: str) -> str | None:
    """Mood of a German finite verb: ``"subj1"`` (Konjunktiv I: sei, seien, habe, werde,
    könne, ebne), ``"subj2"`` (Konjunktiv II: wäre, hätte, würden, käme, ginge, könnte),
    ``"ind"`` (indicative, or a form shared by indicative and subjunctive: "haben",
    "planten") or ``None`` when ``pos`` is not a finite verb tag.

    The singular Konjunktiv I form in "-e" is also the indicative 1st person singular
    ("ich habe"): check the subject when that matters."""
    if pos not in FINITE:
        return None
    w = word.lower()
    lem = lemma.lower()
    if lem == "sein":
        return _SEIN.get(w, "ind")
    if lem.endswith("en"):
        stem = lem[:-2]
    elif lem.endswith("n"):
        stem = lem[:-1]  # wandern -> wander, tun -> tu
    else:
        return "ind"
    if w in (stem + "e", stem + "est"):
        return "subj1"
    if stem.endswith(("el", "er")) and w == stem[:-2] + stem[-1] + "e":
        return "subj1"  # sammle, wandre
    if w.startswith("würd") and lem == "werden":
        return "subj2"
    if not w.endswith(_ENDINGS):
        return "ind"
    if lem in _MODALS:
        return "subj2" if any(u in w for u in _UMLAUTS) and "t" in w[-4:] else "ind"
    if any(u in w and u not in stem for u in _UMLAUTS):
        return "subj2"  # hätte, käme, stünden, gäbe, würde
    if w.endswith("e") and not w.endswith("te") and len(w) > 3:
        return "subj2"  # strong past stem + e: ginge, bliebe, ließe
    return "ind"


_PARTICLE_HOSTS = frozenset({"VVFIN", "VVIMP", "VAFIN", "VMFIN"})


def particle_verbs(tokens: Sequence[Token]) -> dict[int, str]:
    """Full lemmas of separated German particle verbs in one sentence.

    Maps the index of the finite verb to particle + lemma: "sicherte der Ukraine Hilfe zu"
    gives ``{i: "zusichern"}``, "bietet ... an" ``"anbieten"``. A particle (STTS
    ``PTKVZ``) joins the nearest finite verb before it ("sein"/"werden" excluded)."""
    out: dict[int, str] = {}
    for i, tok in enumerate(tokens):
        if tok.pos != "PTKVZ":
            continue
        for j in range(i - 1, -1, -1):
            verb = tokens[j]
            if verb.pos in _PARTICLE_HOSTS and verb.lemma not in ("sein", "werden"):
                if j not in out:
                    out[j] = tok.text.lower() + verb.lemma
                break
    return out
