"""One-to-one matching of gold and predicted items.

Each scoring level builds the pairs that satisfy its rule, each with a quality in
[0, 1). :func:`best_matching` returns a maximum matching (most pairs) and, among those,
the one with the highest total quality, so every gold and every predicted item is used
at most once and a better candidate wins. Exact integer weights and a fixed
processing order make the result deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[int, int]

_SCALE = 1_000_000  # quality resolution


def best_matching(candidates: Mapping[Pair, float]) -> list[Pair]:
    """Maximum-cardinality, then maximum-quality, matching.

    ``candidates`` maps (gold index, predicted index) to a quality in [0, 1); pairs not
    in it cannot be matched. Returns the chosen pairs sorted by gold index.
    """
    chosen: list[Pair] = []
    for component in _components(candidates):
        rows = sorted({g for g, _ in component})
        cols = sorted({p for _, p in component})
        if len(rows) == 1 or len(cols) == 1:
            # A star: one pair, the best one (ties: lowest indices).
            best = max(component, key=lambda pr: (candidates[pr], -pr[0], -pr[1]))
            chosen.append(best)
            continue
        bonus = _SCALE * (min(len(rows), len(cols)) + 1)  # one more pair beats any quality
        weights = [
            [bonus + _quality(candidates[(g, p)]) if (g, p) in candidates else 0 for p in cols]
            for g in rows
        ]
        for r, c in _max_weight_assignment(weights):
            if weights[r][c] > 0:
                chosen.append((rows[r], cols[c]))
    return sorted(chosen)


def _quality(value: float) -> int:
    return min(_SCALE - 1, max(0, round(value * _SCALE)))


def _components(candidates: Mapping[Pair, float]) -> list[list[Pair]]:
    """Connected components of the candidate graph, in a deterministic order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g, p in candidates:
        a, b = find(("g", g)), find(("p", p))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, int], list[Pair]] = {}
    for pair in sorted(candidates):
        groups.setdefault(find(("g", pair[0])), []).append(pair)
    return [groups[k] for k in sorted(groups)]


def _max_weight_assignment(weights: list[list[int]]) -> list[Pair]:
    """Rows to columns maximising the total weight (Hungarian method, O(n^2 m))."""
    n, m = len(weights), len(weights[0])
    if n > m:
        transposed = [[weights[r][c] for r in range(n)] for c in range(m)]
        return sorted((r, c) for c, r in _max_weight_assignment(transposed))
    inf = float("inf")
    # 1-based potentials; cost = -weight, minimised.
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row assigned to column j (0 = none)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = inf
            j1 = 0
            row = weights[i0 - 1]
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = -row[j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j] = cur
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j])
