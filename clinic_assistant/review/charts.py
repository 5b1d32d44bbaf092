"""Charts drawn on the server as SVG: no CDN, no JavaScript, readable without colour.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>` (which
states the figures in words), with every bar or point also carrying its own `<title>` (a tooltip).
`data_table` gives the same figures as an HTML table, the text alternative to put beside it (or
in a <details>). Everything passed in is escaped.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

# Okabe-Ito colours (distinguishable with colour-blindness); lines also differ by dash pattern.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40
AXIS_LABEL_WIDTH = 72  # room for "Sat 21 Nov" at 12 px: labels closer than this are thinned out
LEGEND_WIDTH = 200  # room for the longest series name, "Answered from the FAQ"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _id(chart_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z][\w-]{0,63}", chart_id):
        raise ValueError("chart_id must be a short HTML id (a letter, then letters, digits, - or _)")
    return chart_id


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "no data"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    return f"{text}{unit}"


def _nice_max(value: float) -> float:
    """A round top for the axis: 1, 2, 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** len(str(int(value))) / 10
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(value)


def _frame(chart_id: str, title: str, desc: str, width: int, height: int, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(desc)}</desc>',
        *body,
        "</svg>",
    ])


def _axes(width: int, height: int, top: float, unit: str, labels: Sequence[str], x_of) -> list[str]:
    plot_bottom = height - MARGIN_BOTTOM
    parts = ['<g aria-hidden="true" fill="#333">']
    for fraction in (0, 0.5, 1):
        y = plot_bottom - fraction * (plot_bottom - MARGIN_TOP)
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ccc"/>')
        parts.append(f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{_e(_number(top * fraction, unit))}</text>")
    plot_width = width - MARGIN_LEFT - MARGIN_RIGHT
    every = max(1, -(-len(labels) * AXIS_LABEL_WIDTH // plot_width))  # labels never overlap
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(f'<text x="{x_of(index):.1f}" y="{plot_bottom + 16}" text-anchor="middle">{_e(label)}</text>')
    parts.append("</g>")
    return parts


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | None], *,
    unit: str = "", width: int = 640, height: int = 240, colour: str = COLOURS[0],
) -> str:
    """One bar per label. The description lists every value, so a screen reader hears them all."""
    chart_id = _id(chart_id)
    desc = f"{title}. " + "; ".join(f"{label}: {_number(v, unit)}" for label, v in zip(labels, values, strict=True))
    top = _nice_max(max([v for v in values if v is not None] or [0]))
    plot_width, plot_height = width - MARGIN_LEFT - MARGIN_RIGHT, height - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / max(1, len(labels))

    def x_of(index: int) -> float:
        return MARGIN_LEFT + slot * (index + 0.5)

    body = _axes(width, height, top, unit, labels, x_of)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            continue
        bar_height = plot_height * value / top
        body.append(
            f'<rect x="{x_of(index) - slot * 0.35:.1f}" y="{MARGIN_TOP + plot_height - bar_height:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{bar_height:.1f}" fill="{_e(colour)}">'
            f"<title>{_e(label)}: {_e(_number(value, unit))}</title></rect>"
        )
    return _frame(chart_id, title, desc, width, height, body)


def line_chart(
    chart_id: str, title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
    unit: str = "", width: int = 640, height: int = 240,
) -> str:
    """One line per series (a gap where a value is None), with a legend naming each line."""
    chart_id = _id(chart_id)
    desc = f"{title}. " + " ".join(
        f"{name}: " + ", ".join(f"{label} {_number(v, unit)}" for label, v in zip(labels, values, strict=True)) + "."
        for name, values in series.items()
    )
    top = _nice_max(max([v for values in series.values() for v in values if v is not None] or [0]))
    plot_width, plot_height = width - MARGIN_LEFT - MARGIN_RIGHT, height - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_width / max(1, len(labels) - 1) if len(labels) > 1 else 0

    def x_of(index: int) -> float:
        return MARGIN_LEFT + (step * index if len(labels) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return MARGIN_TOP + plot_height - plot_height * value / top

    body = _axes(width, height, top, unit, labels, x_of)
    for number, (name, values) in enumerate(series.items()):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        segments, current = [], []
        for index, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x_of(index):.1f},{y_of(value):.1f}")
        if current:
            segments.append(current)
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        for points in segments:
            body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attribute} '
                        f'points="{" ".join(points)}" aria-hidden="true"/>')
        for index, value in enumerate(values):
            if value is not None:
                body.append(f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" fill="{colour}">'
                            f"<title>{_e(name)}, {_e(labels[index])}: {_e(_number(value, unit))}</title></circle>")
        legend_y = MARGIN_TOP + 14 * number
        body.append(
            f'<g aria-hidden="true"><line x1="{width - LEGEND_WIDTH}" x2="{width - LEGEND_WIDTH + 24}" '
            f'y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash_attribute}/>'
            f'<text x="{width - LEGEND_WIDTH + 30}" y="{legend_y + 4}" fill="#333">{_e(name)}</text></g>'
        )
    return _frame(chart_id, title, desc, width, height, body)


def data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The figures as an HTML table with a caption and column headers (the charts' text alternative)."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{_e(cell)}</th>' if i == 0 else f"<td>{_e('' if cell is None else cell)}</td>")
            for i, cell in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    return f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
