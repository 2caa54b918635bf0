"""Faster drop-ins for HanTa's word-level HMM searches (same results).

``HanoverTagger.analyze_forward`` (tag distribution of a word not in the model's
lexicon) and ``analyze_viterbi`` (morpheme segmentation for the lemma) call
``lp_m_t(segment, tag, ...)`` for every segment of the word, every candidate state and
every following tag: thousands of Python calls per word. Here the same searches run with
the lookups inlined, per-state follower lists prepared once, closed-class tags rejected
by one dict lookup, and the smoothed guess for unknown morphemes of open-class tags
(a function of the tag, the segment's last four characters and its length only)
memoised across words. Scores are computed with the same operations in the same order,
so results are identical; ``tests/test_nlp_analyzer.py`` checks this on a vocabulary.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any

from numpy import logaddexp

_EMPTY, _START, _UNKNOWN, _END_UNKNOWN = 0, 1, 3, -3
_LOWER = -1e6
_GUESS_CACHE_MAX = 1 << 20

# (tag, log p(tag -> tag1), LP_m_t[tag1], tag1 may take unknown morphemes)
_Follow = list[tuple[int, float, dict[str, float], bool]]


class FastMorph:
    """Word-level searches of one ``HanoverTagger`` instance."""

    def __init__(self, ht: Any) -> None:
        self.ht = ht
        self.lp_m_t: dict[int, dict[str, float]] = ht.LP_m_t
        self.open_tags = frozenset(t for t in ht.LP_hapax_t if t in ht.LP_s_t)
        self._follow: dict[Any, _Follow] = {}
        # Per open tag: {(last four chars, min(len, 24), whole word?, word shorter than 4?): lp}
        self._guess: dict[int, dict[tuple[str, int, bool, bool], float]] = {
            t: {} for t in self.open_tags
        }

    def _followers(self, state: Any) -> _Follow:
        f = self._follow.get(state)
        if f is None:
            f = [
                (t, p, self.lp_m_t[t], t in self.open_tags)
                for t, p in self.ht.LP_trans_nonfinal.get(state, [])
            ]
            self._follow[state] = f
        return f

    def _guess_lp(self, m: str, t: int, wlen: int) -> float:
        """``lp_m_t`` for a morpheme unknown to tag ``t`` (open class, not strict)."""
        mlen = len(m)
        key = (m[-4:], min(mlen, 24), wlen == mlen, wlen < 4)
        cache = self._guess[t]
        lp = cache.get(key)
        if lp is None:
            ht = self.ht
            if wlen < 4 or mlen > 2:
                lp_s = ht.LP_s_t[t]
                if mlen > 4 and m[-4:] in lp_s:
                    lp_suf = lp_s[m[-4:]]
                elif mlen > 3 and m[-3:] in lp_s:
                    lp_suf = lp_s[m[-3:]]
                elif mlen > 2 and m[-2:] in lp_s:
                    lp_suf = lp_s[m[-2:]]
                elif mlen > 1 and m[-1:] in lp_s:
                    lp_suf = lp_s[m[-1:]]
                else:
                    lp_suf = lp_s[""]
                lp = ht.Int_t + ht.LP_hapax_t[t] + ht.LP_len_t[t][min(mlen, 24)] + lp_suf
                if wlen == mlen:
                    lp -= 4.6
            else:
                lp = -math.inf
            if len(cache) >= _GUESS_CACHE_MAX:
                cache.clear()
            cache[key] = lp
        return lp

    @staticmethod
    def _seg_keys(word: str, i: int) -> list[tuple[str, int, bool, bool]]:
        wlen = len(word)
        short = wlen < 4
        return [
            (word[max(i, j - 4) : j], min(j - i, 24), j - i == wlen, short)
            for j in range(i + 1, wlen + 1)
        ]

    def forward(self, word: str) -> list[tuple[int, float]]:
        """``HanoverTagger.analyze_forward``: [(pos tag id, log prob)], best first."""
        ht = self.ht
        strict = ht.strict
        guess = self._guess
        wlen = len(word)
        table: list[dict[Any, float]] = [{(_EMPTY, _START): 0}] + [{} for _ in range(wlen + 1)]
        for i in range(wlen + 1):
            row = table[i]
            if len(row) > 3:
                rowbound = sorted(row.values(), reverse=True)[3] - 1
            else:
                rowbound = _LOWER
            segs = [word[i:j] for j in range(i + 1, wlen + 1)]
            keys = self._seg_keys(word, i)
            cells = table[i + 1 :]
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                s1 = state[1]
                follow = [
                    (lp + lpt, lp_m, None if strict or not is_open else guess[t], t, (s1, t))
                    for t, lpt, lp_m, is_open in self._followers(state)
                ]
                for segment, key, cell in zip(segs, keys, cells):
                    for base, lp_m, gcache, tag1, newstate in follow:
                        lpm = lp_m.get(segment)
                        if lpm is None:
                            if gcache is None:
                                continue
                            lpm = gcache.get(key)
                            if lpm is None:
                                lpm = self._guess_lp(segment, tag1, wlen)
                        lp1 = base + lpm
                        if lp1 > _LOWER:
                            old = cell.get(newstate)
                            if old is None or lp1 > old:
                                cell[newstate] = lp1
        last = table[-1]
        for state, lp in table[-2].items():
            for tag1, lpt in ht.LP_trans_final.get(state, []):
                lp1 = lp + lpt
                if lp1 > _LOWER:
                    newstate = (state[1], tag1)
                    if newstate not in last or lp1 > last[newstate]:
                        last[newstate] = lp1
        results: dict[int, float] = {}
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            if pos in results:
                results[pos] = logaddexp(results[pos], lp)
            else:
                results[pos] = lp
        result_list = sorted(results.items(), key=itemgetter(1), reverse=True)
        if not result_list:
            result_list = [(_UNKNOWN, 0)]
        return result_list

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """``HanoverTagger.analyze_viterbi``: the best morpheme path for a final tag."""
        ht = self.ht
        guess = self._guess
        wlen = len(word)
        reachable = ht.reachability.get(targetpos, frozenset())
        table: list[dict[Any, float]] = []
        backpointer: list[dict[Any, tuple[Any, int]]] = []
        for localstrict in (True, False):
            table = [{(_EMPTY, _START): 0}] + [{} for _ in range(wlen + 1)]
            backpointer = [{} for _ in range(wlen + 2)]
            for i in range(wlen + 1):
                row = table[i]
                if len(row) > 3:
                    rowbound = sorted(row.values(), reverse=True)[3] - 1
                else:
                    rowbound = _LOWER
                segs = [word[i:j] for j in range(i + 1, wlen + 1)]
                keys = self._seg_keys(word, i)
                cells = table[i + 1 :]
                backs = backpointer[i + 1 :]
                for state, lp in row.items():
                    if lp < rowbound:
                        continue
                    s1 = state[1]
                    follow = [
                        (lp + lpt, lp_m, None if localstrict or not is_open else guess[t], t, (s1, t))
                        for t, lpt, lp_m, is_open in self._followers(state)
                        if t in reachable
                    ]
                    if not follow:
                        continue
                    back = (state, i)
                    for segment, key, cell, bcell in zip(segs, keys, cells, backs):
                        for base, lp_m, gcache, tag1, newstate in follow:
                            lpm = lp_m.get(segment)
                            if lpm is None:
                                if gcache is None:
                                    continue
                                lpm = gcache.get(key)
                                if lpm is None:
                                    lpm = self._guess_lp(segment, tag1, wlen)
                            lp1 = base + lpm
                            if lp1 > _LOWER:
                                old = cell.get(newstate)
                                if old is None or lp1 > old:
                                    cell[newstate] = lp1
                                    bcell[newstate] = back
            for state, lp in table[-2].items():
                for tag1, lpt in ht.LP_trans_final.get(state, []):
                    if tag1 == targetpos:
                        lp1 = lp + lpt
                        if lp1 > _LOWER:
                            newstate = (state[1], tag1)
                            if newstate not in table[-1] or lp1 > table[-1][newstate]:
                                table[-1][newstate] = lp1
                                backpointer[-1][newstate] = (state, wlen)
                        break
            if table[-1]:
                break
        pmax = -math.inf
        beststate: Any = (_EMPTY, _EMPTY)
        for state, lp in table[-1].items():
            if lp > pmax:
                pmax = lp
                beststate = state
        i = len(backpointer) - 1
        if beststate == (_EMPTY, _EMPTY):
            states: list[tuple[Any, int]] = [((_UNKNOWN, _END_UNKNOWN), i), ((_START, _UNKNOWN), i - 1)]
        else:
            states = [(beststate, i)]
            state = beststate
            while i > 0:
                state, i = backpointer[i][state]
                states.append((state, i))
            states = states[:-1]
        return [(st[1], idx) for (st, idx) in states[::-1]]

    def install(self) -> None:
        """Route the tagger's own ``analyze_forward``/``analyze_viterbi`` through these."""
        self.ht.analyze_forward = self.forward
        self.ht.analyze_viterbi = self.viterbi
