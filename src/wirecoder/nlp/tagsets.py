"""Tag set helpers: HanTa's German tags to STTS, and STTS / CLAWS C5 to Universal POS.

HanTa's German model writes STTS with the verb/adjective subtype in brackets
("VV(FIN)", "ADJ(A)") and two extra noun tags (NNA nominalised adjective, NNI
nominalised infinitive); :func:`hanta_to_stts` turns those into plain STTS. The English
model uses the CLAWS C5 tag set of the British National Corpus (NN1, VVD, AJ0, PUN, ...).
"""

from __future__ import annotations

_HANTA_STTS = {"NNA": "NN", "NNI": "NN", "UNKNOWN": "XY", "EMPTY": "XY", "END": "XY"}


def hanta_to_stts(tag: str) -> str:
    """HanTa tag to STTS: "VV(FIN)" -> "VVFIN", "ADJ(A)" -> "ADJA", "NNA" -> "NN"."""
    if tag.endswith(")") and tag[:1].isalpha():
        return tag.replace("(", "").replace(")", "")
    return _HANTA_STTS.get(tag, tag)


STTS_UPOS: dict[str, str] = {
    "ADJA": "ADJ", "ADJD": "ADJ", "ADV": "ADV", "APPR": "ADP", "APPRART": "ADP",
    "APPO": "ADP", "APZR": "ADP", "ART": "DET", "CARD": "NUM", "FM": "X", "ITJ": "INTJ",
    "KOUI": "SCONJ", "KOUS": "SCONJ", "KON": "CCONJ", "KOKOM": "CCONJ", "NN": "NOUN",
    "NE": "PROPN", "PDS": "PRON", "PDAT": "DET", "PIS": "PRON", "PIAT": "DET",
    "PIDAT": "DET", "PPER": "PRON", "PPOSS": "PRON", "PPOSAT": "DET", "PRELS": "PRON",
    "PRELAT": "DET", "PRF": "PRON", "PWS": "PRON", "PWAT": "DET", "PWAV": "ADV",
    "PROAV": "ADV", "PAV": "ADV", "PTKZU": "PART", "PTKNEG": "PART", "PTKVZ": "ADP",
    "PTKANT": "PART", "PTKA": "PART", "TRUNC": "X", "VVFIN": "VERB", "VVIMP": "VERB",
    "VVINF": "VERB", "VVIZU": "VERB", "VVPP": "VERB", "VAFIN": "AUX", "VAIMP": "AUX",
    "VAINF": "AUX", "VAPP": "AUX", "VMFIN": "AUX", "VMINF": "AUX", "VMPP": "AUX",
    "XY": "X", "$,": "PUNCT", "$.": "PUNCT", "$(": "PUNCT",
}  # fmt: skip

C5_UPOS: dict[str, str] = {
    "AJ0": "ADJ", "AJC": "ADJ", "AJS": "ADJ", "AT0": "DET", "AV0": "ADV", "AVP": "ADP",
    "AVQ": "ADV", "CJC": "CCONJ", "CJS": "SCONJ", "CJT": "SCONJ", "CRD": "NUM",
    "DPS": "DET", "DT0": "DET", "DTQ": "DET", "EX0": "PRON", "ITJ": "INTJ", "NN0": "NOUN",
    "NN1": "NOUN", "NN2": "NOUN", "NP0": "PROPN", "ORD": "ADJ", "PNI": "PRON",
    "PNP": "PRON", "PNQ": "PRON", "PNX": "PRON", "POS": "PART", "PRF": "ADP",
    "PRP": "ADP", "PUL": "PUNCT", "PUN": "PUNCT", "PUQ": "PUNCT", "PUR": "PUNCT",
    "TO0": "PART", "UNC": "X", "VBB": "AUX", "VBD": "AUX", "VBG": "AUX", "VBI": "AUX",
    "VBN": "AUX", "VBZ": "AUX", "VDB": "AUX", "VDD": "AUX", "VDG": "VERB", "VDI": "AUX",
    "VDN": "VERB", "VDZ": "AUX", "VHB": "AUX", "VHD": "AUX", "VHG": "AUX", "VHI": "AUX",
    "VHN": "AUX", "VHZ": "AUX", "VM0": "AUX", "VVB": "VERB", "VVD": "VERB",
    "VVG": "VERB", "VVI": "VERB", "VVN": "VERB", "VVZ": "VERB", "XX0": "PART",
    "ZZ0": "NOUN",
}  # fmt: skip


def to_upos(tag: str, language: str) -> str:
    """Universal POS for an STTS (German) or C5 (English) tag; "X" when unknown.
    STTS auxiliaries/modals map to AUX although UD also uses VERB for main-verb uses."""
    table = C5_UPOS if language.startswith("en") else STTS_UPOS
    upos = table.get(tag)
    if upos is None and "-" in tag:  # C5 ambiguity tags ("VVD-VVN"): take the first
        upos = table.get(tag.split("-")[0])
    return upos or "X"
