"""Inline SVG bar charts: horizontal, optionally stacked, each bar segment a ``<rect class="bar">``.

Horizontal bars keep long labels (host names) readable; values are printed at the end of each
bar, so the chart reads without a scale and prints well in black and white.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.report.html import esc

WIDTH = 900
LABEL_W = 230
VALUE_W = 70
ROW_H = 24
BAR_H = 16
TOP = 6
LEGEND_ROW_H = 20
CHAR_W = 7.0  # rough width of one 12px character, to place legend entries and cut labels
MAX_LABEL_CHARS = 32
FALLBACK_COLOR = "#8c959f"

Bar = tuple[str, Sequence[tuple[str, int]]]  # (label, [(series, value), ...])


def _cut(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _label_width(bars: Sequence[Bar]) -> int:
    """Room for the longest (cut) label, at most LABEL_W: short labels leave the bars more room."""
    longest = max((len(_cut(label)) for label, _ in bars), default=0)
    return min(LABEL_W, max(60, round(CHAR_W * longest) + 16))


def _legend(series: Sequence[str], colors: Mapping[str, str], top: float, left: float) -> tuple[str, int]:
    """Legend entries laid out left to right from ``left`` (under the bars), wrapping; returns (svg, rows used)."""
    parts, x, row = [], left, 0
    for name in series:
        width = 22 + CHAR_W * len(name) + 14
        if x > left and x + width > WIDTH:
            x, row = left, row + 1
        y = top + row * LEGEND_ROW_H
        color = colors.get(name, FALLBACK_COLOR)
        parts.append(
            f'<g class="legend-item"><rect x="{x:.0f}" y="{y:.0f}" width="12" height="12" fill="{esc(color)}"/>'
            f'<text x="{x + 17:.0f}" y="{y + 10:.0f}">{esc(name)}</text></g>'
        )
        x += width
    return "".join(parts), row + 1 if series else 0


def bar_chart(bars: Sequence[Bar], colors: Mapping[str, str], title: str, ident: str, legend: bool = True) -> str:
    """An inline ``<svg>``: one row per bar, segments stacked in the order given."""
    peak = max((sum(v for _, v in segments) for _, segments in bars), default=0) or 1
    label_w = _label_width(bars)
    scale = (WIDTH - label_w - VALUE_W) / peak
    rows = []
    for index, (label, segments) in enumerate(bars):
        y = TOP + index * ROW_H
        total = sum(v for _, v in segments)
        rows.append(
            f'<g class="row"><text class="label" x="{label_w - 8}" y="{y + BAR_H - 3}" text-anchor="end">'
            f"<title>{esc(label)}</title>{esc(_cut(label))}</text>"
        )
        x = float(label_w)
        for series, value in segments:
            if value <= 0:
                continue
            width = max(value * scale, 1.0)
            rows.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_H}" '
                f'fill="{esc(colors.get(series, FALLBACK_COLOR))}" data-label="{esc(label)}" '
                f'data-series="{esc(series)}" data-value="{value}"><title>{esc(label)}: {esc(series)} {value}</title>'
                "</rect>"
            )
            x += width
        rows.append(f'<text class="value" x="{x + 6:.1f}" y="{y + BAR_H - 3}">{total}</text></g>')
    series_names = list(dict.fromkeys(s for _, segments in bars for s, v in segments if v > 0))
    legend_svg, legend_rows = _legend(series_names, colors, TOP + len(bars) * ROW_H + 8, label_w) if legend else ("", 0)
    height = TOP + len(bars) * ROW_H + 8 + legend_rows * LEGEND_ROW_H
    return (
        f'<figure class="chart" id="{esc(ident)}"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{esc(title)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#1f2328">'
        f"<title>{esc(title)}</title>{''.join(rows)}{legend_svg}</svg>"
        "</figure>"
    )
