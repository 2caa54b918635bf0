"""Geometry for the server-rendered SVG charts (the templates draw it).

No scripts and no inline styles: shapes carry coordinates as SVG attributes and their
colours as CSS classes from the site's stylesheet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from wirecoder.store.views import Network


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    title: str = ""
    href: str | None = None


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    cls: str = ""
    href: str | None = None


@dataclass
class Column:
    """One column of a column chart: its bars and a full-height target, under one link."""

    hit: Rect
    bars: list[Rect]
    title: str
    href: str | None = None


@dataclass
class Chart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    rects: list[Rect] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    yticks: list[Label] = field(default_factory=list)
    xlabels: list[Label] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    empty: bool = False


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``maximum``."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def column_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    stacked: bool = True,
    hrefs: Sequence[str | None] | None = None,
    width: int = 1000,
    height: int = 280,
    max_labels: int = 12,
) -> Chart:
    """Columns per label: ``series`` is (name, css class, values), stacked or side by side."""
    chart = Chart(width, height, left=44, top=12, right=width - 12, bottom=height - 30)
    n = len(labels)
    if n == 0:
        chart.empty = True
        return chart
    if stacked:
        peak = max(sum(s[2][i] for s in series) for i in range(n))
    else:
        peak = max((max(s[2]) if s[2] else 0) for s in series)
    ticks = nice_ticks(peak)
    top_value = ticks[-1]
    plot_h = chart.bottom - chart.top
    plot_w = chart.right - chart.left

    def y_of(value: float) -> float:
        return chart.bottom - plot_h * value / top_value

    for tick in ticks:
        chart.yticks.append(Label(chart.left - 6, y_of(tick), _fmt(tick), "end"))
    slot = plot_w / n
    gap = min(6.0, slot * 0.2)
    bar_w = max(1.0, slot - gap)
    for i, label in enumerate(labels):
        x0 = chart.left + i * slot + gap / 2
        href = hrefs[i] if hrefs else None
        total = sum(s[2][i] for s in series)
        parts = [f"{name}: {s[i]}" for name, _, s in series if s[i]]
        title = f"{label} · {total} event{'s' if total != 1 else ''}" + (
            f" ({', '.join(parts)})" if parts else ""
        )
        column = Column(Rect(x0, chart.top, bar_w, plot_h, "hit"), [], title, href)
        chart.columns.append(column)
        if stacked:
            base = 0
            for _name, cls, values in series:
                value = values[i]
                if value:
                    y_top = y_of(base + value)
                    column.bars.append(Rect(x0, y_top, bar_w, y_of(base) - y_top, cls))
                    base += value
        else:
            sub_w = bar_w / max(1, len(series))
            for k, (_name, cls, values) in enumerate(series):
                value = values[i]
                if value:
                    y_top = y_of(value)
                    column.bars.append(
                        Rect(x0 + k * sub_w, y_top, max(1.0, sub_w - 1), chart.bottom - y_top, cls)
                    )
    step = max(1, math.ceil(n / max_labels))
    for i in range(0, n, step):
        chart.xlabels.append(Label(chart.left + (i + 0.5) * slot, chart.bottom + 18, labels[i]))
    return chart


def bar_list(
    items: Sequence[tuple[str, int, str, str | None]],
    *,
    width: int = 420,
    row: int = 24,
    label_width: int = 120,
) -> Chart:
    """Horizontal bars, one row per (label, value, css class, link)."""
    height = max(row, row * len(items)) + 4
    chart = Chart(width, height, left=label_width, top=2, right=width - 40, bottom=height - 2)
    if not items:
        chart.empty = True
        return chart
    peak = max(v for _, v, _, _ in items) or 1
    span = chart.right - chart.left
    for i, (label, value, cls, href) in enumerate(items):
        y = chart.top + i * row
        w = max(2.0, span * value / peak)
        chart.labels.append(Label(label_width - 8, y + row * 0.68, label, "end", "bar-label", href))
        chart.rects.append(Rect(chart.left, y + 4, w, row - 8, cls, f"{label}: {value}", href))
        chart.labels.append(
            Label(chart.left + w + 6, y + row * 0.68, str(value), "start", "bar-value")
        )
    return chart


# -- network ---------------------------------------------------------------------------


@dataclass
class DrawnNode:
    code: str
    x: float
    y: float
    r: float
    events: int
    title: str


@dataclass
class DrawnEdge:
    path: str
    cls: str
    width: float
    title: str
    source: str
    target: str
    type: str
    count: int


@dataclass
class NetworkDrawing:
    width: int
    height: int
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]


def _layout(
    codes: list[str], weights: dict[tuple[str, str], int], iterations: int = 220
) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in the unit square, started from a circle (deterministic)."""
    n = len(codes)
    if n == 1:
        return {codes[0]: (0.5, 0.5)}
    pos = {
        c: [0.5 + 0.4 * math.cos(2 * math.pi * i / n), 0.5 + 0.4 * math.sin(2 * math.pi * i / n)]
        for i, c in enumerate(codes)
    }
    k = math.sqrt(1.0 / n) * 0.9
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = {c: [0.0, 0.0] for c in codes}
        for i in range(n):
            a = codes[i]
            pa = pos[a]
            for j in range(i + 1, n):
                b = codes[j]
                pb = pos[b]
                dx = pa[0] - pb[0]
                dy = pa[1] - pb[1]
                dist2 = dx * dx + dy * dy or 1e-6
                force = k * k / dist2
                disp[a][0] += dx * force
                disp[a][1] += dy * force
                disp[b][0] -= dx * force
                disp[b][1] -= dy * force
        for (a, b), w in weights.items():
            pa, pb = pos[a], pos[b]
            dx = pa[0] - pb[0]
            dy = pa[1] - pb[1]
            dist = math.sqrt(dx * dx + dy * dy) or 1e-6
            force = dist / k * (1 + math.log(w))
            disp[a][0] -= dx * force
            disp[a][1] -= dy * force
            disp[b][0] += dx * force
            disp[b][1] += dy * force
        for c in codes:
            p = pos[c]
            # Gravity keeps unconnected nodes in view.
            disp[c][0] += (0.5 - p[0]) * 0.6
            disp[c][1] += (0.5 - p[1]) * 0.6
            dx, dy = disp[c]
            length = math.sqrt(dx * dx + dy * dy) or 1e-6
            step = min(length, temperature)
            p[0] += dx / length * step
            p[1] += dy / length * step
        temperature -= cooling
    return {c: (p[0], p[1]) for c, p in pos.items()}


def network_drawing(net: Network, width: int = 1000, height: int = 560) -> NetworkDrawing:
    codes = [n.code for n in net.nodes]
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for e in net.edges:
        key = (e.source, e.target) if e.source < e.target else (e.target, e.source)
        weights[key] += e.count
    raw = _layout(codes, weights) if codes else {}
    margin = 60.0
    if raw:
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    else:
        min_x = max_x = min_y = max_y = 0.0

    def scale(value: float, low: float, high: float, size: float) -> float:
        if high - low < 1e-9:
            return size / 2
        return margin + (value - low) / (high - low) * (size - 2 * margin)

    nodes = []
    where: dict[str, DrawnNode] = {}
    for node in net.nodes:
        x, y = raw[node.code]
        drawn = DrawnNode(
            node.code,
            scale(x, min_x, max_x, width),
            scale(y, min_y, max_y, height),
            min(34.0, 14.0 + 3.0 * math.sqrt(node.events)),
            node.events,
            f"{node.code}: {node.events} event links ({node.out_degree} out, {node.in_degree} in)",
        )
        nodes.append(drawn)
        where[node.code] = drawn

    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(net.edges):
        key = (e.source, e.target) if e.source < e.target else (e.target, e.source)
        groups[key].append(i)
    edges: list[DrawnEdge] = []
    for (a, b), members in groups.items():
        pa, pb = where[a], where[b]
        dx, dy = pb.x - pa.x, pb.y - pa.y
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        members.sort(key=lambda i: (net.edges[i].source, net.edges[i].type))
        m = len(members)
        for slot, i in enumerate(members):
            e = net.edges[i]
            offset = (slot - (m - 1) / 2) * 16.0
            cx = (pa.x + pb.x) / 2 + nx * offset * 2
            cy = (pa.y + pb.y) / 2 + ny * offset * 2
            src, dst = (pa, pb) if e.source == a else (pb, pa)
            sx, sy = _towards(src.x, src.y, cx, cy, src.r + 2)
            ex, ey = _towards(dst.x, dst.y, cx, cy, dst.r + 4)
            edges.append(
                DrawnEdge(
                    path=f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}",
                    cls=e.css_class,
                    width=round(1.2 + 1.6 * math.log2(e.count), 2),
                    title=f"{e.source} → {e.target} · {e.type} × {e.count}",
                    source=e.source,
                    target=e.target,
                    type=e.type,
                    count=e.count,
                )
            )
    edges.sort(key=lambda d: d.count)
    return NetworkDrawing(width, height, nodes, edges)


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance
