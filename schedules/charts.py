"""Small SVG charts drawn on the server: no script, no CDN, no inline styles.

Colours are SVG presentation attributes; sizes follow the viewBox, and the page's
stylesheet only scales the whole drawing to its container.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LINE_WIDTH, BAR_WIDTH, HEIGHT = 440, 880, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 28, 34
LABEL_GAP = 76  # the least room between two date labels on the x axis
INK, GRID, MUTED = "#17212b", "#d8dee4", "#5b6875"
LINE, REFERENCE = "#0f4c5c", "#a35c00"
# Deeper shades of the phase colours the plan pages use (static/css/plan.css), so a phase
# is the same hue on every screen.
PHASE_COLOURS = {
    "intro": "#7b61b0",
    "off_season": "#3d6fb4",
    "base": "#2f8f5b",
    "build": "#d9822b",
    "sharpen": "#c94a4a",
    "taper": "#a89220",
    "maintenance": "#6c757d",
}


@dataclass
class Reference:
    label: str
    value: float


@dataclass
class WeekBar:
    start: date
    phase: str
    planned: float
    done: float
    label: str = ""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (about `count` of them)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _label(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:.1f}"


def _measured(value: float) -> str:
    """A measured value as the page says it beside the chart: to 0.1 (264.6, 80)."""
    return f"{value:.1f}".removesuffix(".0")


def _frame(title: str, desc: str, body: list[str], chart_id: str, width: int) -> SafeString:
    head = (
        f'<svg class="rs-chart" viewBox="0 0 {width} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _y_axis(ticks: list[float], y, unit: str, width: int) -> list[str]:
    parts = []
    for tick in ticks:
        pos = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{pos:.1f}" y2="{pos:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{pos + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{MUTED}">{_label(tick)}</text>'
        )
    parts.append(
        f'<text x="{LEFT - 6}" y="{TOP - 14}" text-anchor="end" font-size="12" '
        f'fill="{MUTED}">{escape(unit)}</text>'
    )
    return parts


def _x_label(x: float, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" font-size="12" '
        f'fill="{MUTED}">{escape(text)}</text>'
    )


def _x_labels(positions: list[tuple[float, str]], width: int) -> list[str]:
    """Labels left to right, skipping any that would crowd the previous one or the last."""
    if not positions:
        return []
    last_x, last_text = positions[-1]
    kept: list[tuple[float, str]] = []
    for x, text in positions[:-1]:
        if (not kept or x - kept[-1][0] >= LABEL_GAP) and last_x - x >= LABEL_GAP:
            kept.append((x, text))
    kept.append((last_x, last_text))
    labels = []
    for x, text in kept:
        anchor = "middle"
        if x - LEFT < LABEL_GAP / 2:
            anchor = "start"
        elif width - x < LABEL_GAP / 2:
            anchor = "end"
        labels.append(_x_label(x, text, anchor))
    return labels


def line_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    points: list[tuple[date, float]],
    references: list[Reference] = (),
) -> SafeString:
    """Values over time as a line with dots, plus horizontal reference lines."""
    values = [v for _, v in points] + [r.value for r in references]
    ticks = nice_ticks(min(values) * 0.9, max(values) * 1.05)
    low, high = ticks[0], ticks[-1]
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    width = LINE_WIDTH
    inner_w, inner_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + inner_w / 2
        return LEFT + (day - first).days / span * inner_w

    def y(value: float) -> float:
        return TOP + (1 - (value - low) / (high - low)) * inner_h

    body = _y_axis(ticks, y, unit, width)
    for ref in references:
        pos = y(ref.value)
        body.append(
            f'<line class="ref" x1="{LEFT}" x2="{width - RIGHT}" y1="{pos:.1f}" y2="{pos:.1f}" '
            f'stroke="{REFERENCE}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{width - RIGHT - 4}" y="{pos - 5:.1f}" text-anchor="end" font-size="12" '
            f'fill="{REFERENCE}">{escape(ref.label)}</text>'
        )
    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    body.append(
        f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="3" '
        'stroke-linejoin="round"/>'
    )
    for day, value in points:
        body.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="4.5" fill="{LINE}">'
            f"<title>{day:%-d %b %Y}: {_measured(value)} {escape(unit)}</title></circle>"
        )
    days = sorted({day for day, _ in points})
    body.extend(_x_labels([(x(day), f"{day.day} {day:%b %y}") for day in days], width))
    desc = ", ".join(f"{d:%-d %b %Y}: {_measured(v)} {unit}" for d, v in points)
    return _frame(title, desc, body, chart_id, width)


def bar_chart(*, chart_id: str, title: str, unit: str, weeks: list[WeekBar]) -> SafeString:
    """Planned volume per week as a pale bar, what was logged as a solid bar inside it."""
    ticks = nice_ticks(0, max([w.planned for w in weeks] + [w.done for w in weeks] + [1]))
    high = ticks[-1]
    width = BAR_WIDTH
    inner_w, inner_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(weeks)
    bar = max(min(slot * 0.8, 40), 2)

    def y(value: float) -> float:
        return TOP + (1 - value / high) * inner_h

    body = _y_axis(ticks, y, unit, width)
    labels = []
    for i, week in enumerate(weeks):
        colour = PHASE_COLOURS.get(week.phase, MUTED)
        left = LEFT + i * slot + (slot - bar) / 2
        base = y(0)
        tip = (
            f"Week of {week.start:%-d %b}: planned {_label(week.planned)}, done {_label(week.done)}"
        )
        body.append(
            f"<g><title>{escape(tip)} {escape(unit)}</title>"
            f'<rect x="{left:.1f}" y="{y(week.planned):.1f}" width="{bar:.1f}" '
            f'height="{base - y(week.planned):.1f}" fill="{colour}" fill-opacity="0.3" '
            f'stroke="{colour}" stroke-width="1"/>'
            f'<rect x="{left + bar * 0.2:.1f}" y="{y(week.done):.1f}" '
            f'width="{bar * 0.6:.1f}" height="{base - y(week.done):.1f}" fill="{colour}"/></g>'
        )
        labels.append((left + bar / 2, f"{week.start.day} {week.start:%b}"))
    body.extend(_x_labels(labels, width))
    body.append(
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    desc = "; ".join(
        f"week of {w.start:%-d %b}: planned {_label(w.planned)}, done {_label(w.done)} {unit}"
        for w in weeks
    )
    return _frame(title, desc, body, chart_id, width)
