"""Small SVG charts drawn on the server: no script, no CDN, no inline styles.

Colours are SVG presentation attributes; sizes follow the viewBox, and the page's
stylesheet only scales the whole drawing to its container.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from athletes import units

LINE_WIDTH, BAR_WIDTH, HEIGHT = 440, 880, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 28, 34
LABEL_GAP = 76  # labels this close to the chart's left or right edge are aligned to it
LABEL_PAD = 8  # the least room between two date labels on the x axis
# About how wide a date label's characters are, as a share of the font size (the app's font
# draws "20 Nov 26" at about 0.55 em a character).
CHAR_EM = 0.6
FONT_SIZE = 12
# The line charts' labels on a phone: app.css draws them larger there (".pg-grid .rs-chart
# text"), so that they stay readable once the drawing is shrunk to the screen.
PHONE_FONT_SIZE = 16
INK, GRID, MUTED = "#17212b", "#d8dee4", "#5b6875"
LINE, REFERENCE = "#0f4c5c", "#a35c00"
PAPER = "#ffffff"  # the card the chart is drawn on
# The week under way on the volume chart: a band behind its bar, the colour the plan pages
# give this week's column (static/css/plan.css), named above it in the line's colour.
THIS_WEEK_BAND = "#e3f0f3"
THIS_WEEK = "This week"
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
    now: bool = False  # the week under way
    ahead: bool = False  # a week still to come: nothing to log in it yet

    @property
    def to_come(self) -> bool:
        """Nothing logged, in a week still to come: "to come", not "0 done" (which reads as
        sessions missed). A session logged ahead of its day is counted as any other."""
        return self.ahead and not self.done


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
    return units.tenth(value)


def _frame(
    title: str, desc: str, body: list[str], chart_id: str, width: int, left: int = 0
) -> SafeString:
    """The chart's drawing, `left` to `width` across its viewBox, named for screen readers."""
    head = (
        f'<svg class="rs-chart" viewBox="{left} 0 {width - left} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _y_axis(ticks: list[float], y, unit: str, width: int) -> list[str]:
    return _grid(ticks, y, width) + _scale(ticks, y, unit)


def _grid(ticks: list[float], y, width: int) -> list[str]:
    """A line across the chart at each tick."""
    return [
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
        f'stroke="{GRID}" stroke-width="1"/>'
        for tick in ticks
    ]


def _tick_labels(ticks: list[float]) -> list[str]:
    """The scale's numbers: in thousands (2.5k) or millions (1.5M) once the top one would
    be too wide for the LEFT units beside the chart (a club in pounds can lift 100,000 a
    week), all of them alike so the scale reads as one."""
    top = max(ticks, default=0)
    if top < 100_000:
        return [_label(tick) for tick in ticks]
    size, suffix = (1_000_000, "M") if top >= 1_000_000 else (1_000, "k")
    return [f"{tick / size:,.1f}".removesuffix(".0") + suffix if tick else "0" for tick in ticks]


def _scale(ticks: list[float], y, unit: str) -> list[str]:
    """The numbers of the ticks left of the chart, and their unit above them."""
    parts = [
        f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
        f'fill="{MUTED}">{label}</text>'
        for tick, label in zip(ticks, _tick_labels(ticks), strict=True)
    ]
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


def _placed(x: float, text: str, width: int, font_size: int) -> tuple[str, float, float]:
    """An x axis label's anchor and the stretch of the axis it covers, drawn at `font_size`."""
    wide = len(text) * CHAR_EM * font_size
    if x - LEFT < LABEL_GAP / 2:
        return "start", x, x + wide
    if width - x < LABEL_GAP / 2 or x + wide / 2 > width:
        return "end", x - wide, x
    return "middle", x - wide / 2, x + wide / 2


def _apart(spans: list[tuple[str, float, float]]) -> bool:
    """Each label's stretch of the axis clear of the next one's, left to right."""
    return all(b[1] - a[2] >= LABEL_PAD for a, b in zip(spans, spans[1:], strict=False))


def _x_labels(
    positions: list[tuple[float, str]],
    width: int,
    font_size: int = FONT_SIZE,
    keep: int | None = None,
) -> list[str]:
    """Labels at an even step, as few skipped as keeps each clear of the next at the largest
    size the page draws them (`font_size`), counted from the label at index `keep` (this
    week's) or else the first, and the last label always; one that would run into the last
    is left out (this week's too: the last then stands for it)."""
    if not positions:
        return []
    spans = [_placed(x, text, width, font_size) for x, text in positions]
    last = len(positions) - 1
    start = keep if keep is not None and 0 <= keep < last else 0
    for step in range(1, len(positions) + 1):
        chosen = list(range(start % step, last, step))
        if _apart([spans[i] for i in chosen]):
            break
    while chosen and not _apart([spans[chosen[-1]], spans[last]]):
        chosen.pop()
    return [_x_label(positions[i][0], positions[i][1], spans[i][0]) for i in (*chosen, last)]


def _even_shares(last: int):
    """Ways to pick points 0 to `last` at an even step, both ends always, the most first; a
    step that does not divide evenly is rounded up, then down, where it falls between."""
    for count in range(last + 1, 1, -1):
        step = last / (count - 1)
        up = [math.floor(n * step + 0.5) for n in range(count)]
        down = [math.ceil(n * step - 0.5) for n in range(count)]
        yield up
        if down != up:
            yield down


def _date_labels(positions: list[tuple[float, date]], width: int, font_size: int) -> list[str]:
    """A date under as many points as have room, clear of each other at `font_size`: all of
    them, or else an even share from the first to the last, both always dated. The first
    and the last say their year, and so does a date in a year other than the one before it
    ("3 Nov 25", "1 Dec", "5 Jan 26"): shorter, more of them fit."""
    last = len(positions) - 1
    for chosen in _even_shares(last):
        labels, year = [], None
        for i in chosen:
            x, day = positions[i]
            said = i in (0, last) or day.year != year
            year = day.year
            text = f"{day.day} {day:%b %y}" if said else f"{day.day} {day:%b}"
            labels.append((x, text, _placed(x, text, width, font_size)))
        if _apart([span for _, _, span in labels]):
            return [_x_label(x, text, span[0]) for x, text, span in labels]
    x, day = positions[last]  # one point, or no room but for one date: the latest
    text = f"{day.day} {day:%b %y}"
    return [_x_label(x, text, _placed(x, text, width, font_size)[0])]


def _crosses(line: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    """Whether the line through these points, or a dot on it, runs through the box (left,
    top, right, bottom)."""
    left, top, right, bottom = box
    margin = 5  # a dot's radius, and the line's half width
    if len(line) == 1:
        line = line * 2
    for (x1, y1), (x2, y2) in zip(line, line[1:], strict=False):
        for step in range(21):
            px, py = x1 + (x2 - x1) * step / 20, y1 + (y2 - y1) * step / 20
            if left - margin <= px <= right + margin and top - margin <= py <= bottom + margin:
                return True
    return False


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
    drawn = [(x(d), y(v)) for d, v in points]
    taken: list[tuple[float, ...]] = []  # the target labels placed so far
    for ref in references:
        # At the right-hand end, or the left where the line leaves that free; failing both,
        # under its line at either end (a lone first test mid-chart, just past the target);
        # over the line and its dots, on a halo of the card's white, so that a line rising
        # through the target leaves its words readable either way.
        line_at = y(ref.value)
        wide = len(ref.label) * CHAR_EM * PHONE_FONT_SIZE
        over, under = line_at - 5, line_at + 5 + PHONE_FONT_SIZE
        places = [(over, False), (over, True)]
        if under + 4 <= HEIGHT - BOTTOM:  # clear of the dates under the chart
            places += [(under, False), (under, True)]

        def box(pos: float, at_left: bool, wide: float = wide) -> tuple[float, ...]:
            start = LEFT + 4 if at_left else width - RIGHT - 4 - wide
            return (start, pos - PHONE_FONT_SIZE, start + wide, pos + 4)

        def apart(place: tuple[float, bool]) -> bool:
            """Clear of the target labels already placed: on one, both are unreadable."""
            mine = box(*place)
            return all(
                mine[2] <= other[0]
                or other[2] <= mine[0]
                or mine[3] <= other[1]
                or other[3] <= mine[1]
                for other in taken
            )

        pos, at_left = next(
            (p for p in places if apart(p) and not _crosses(drawn, box(*p))),
            next((p for p in places if apart(p)), places[0]),
        )
        taken.append(box(pos, at_left))
        place = f'x="{LEFT + 4}"' if at_left else f'x="{width - RIGHT - 4}" text-anchor="end"'
        body.append(
            f'<text {place} y="{pos:.1f}" font-size="12" fill="{REFERENCE}" stroke="{PAPER}" '
            f'stroke-width="4" stroke-linejoin="round" paint-order="stroke">'
            f"{escape(ref.label)}</text>"
        )
    days = sorted({day for day, _ in points})
    body.extend(_date_labels([(x(day), day) for day in days], width, PHONE_FONT_SIZE))
    desc = ", ".join(f"{d:%-d %b %Y}: {_measured(v)} {unit}" for d, v in points)
    return _frame(title, desc, body, chart_id, width)


def bar_centre(count: int, index: int) -> float:
    """Where the middle of bar `index` of `count` sits across a bar chart, from 0 (its left
    edge) to 1 (its right edge)."""
    slot = (BAR_WIDTH - LEFT - RIGHT) / count
    return (LEFT + (index + 0.5) * slot) / BAR_WIDTH


def _week_of(week: WeekBar) -> str:
    """A week as the volume chart's tooltips and text alternative name it: "30 Nov", and
    "30 Nov (this week)" for the week under way."""
    return f"{week.start:%-d %b}" + (" (this week)" if week.now else "")


def _week_volume(week: WeekBar, unit: str) -> str:
    """A week's volume in words: "planned 1,000, done 500 kg", or "planned 1,000 kg, still
    to come" for a week with nothing to log yet."""
    if week.to_come:
        return f"planned {_label(week.planned)} {unit}, still to come"
    return f"planned {_label(week.planned)}, done {_label(week.done)} {unit}"


def bar_chart(*, chart_id: str, title: str, unit: str, weeks: list[WeekBar]) -> SafeString:
    """Planned volume per week as a pale bar, what was logged as a solid bar inside it.

    Two drawings side by side, at the same scale (app.css gives them LEFT and
    BAR_WIDTH - LEFT shares of the width): the scale, its numbers and unit, and the chart
    itself. Where the chart scrolls sideways (a phone), the scale stays in view at its left
    and the bars go under it. The chart alone is named for screen readers, its text
    alternative saying every number."""
    ticks = nice_ticks(0, max([w.planned for w in weeks] + [w.done for w in weeks] + [1]))
    high = ticks[-1]
    width = BAR_WIDTH
    inner_w, inner_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(weeks)
    bar = max(min(slot * 0.8, 40), 2)

    def y(value: float) -> float:
        return TOP + (1 - value / high) * inner_h

    body = []
    for i, week in enumerate(weeks):
        if week.now:
            # Behind the grid and the bars, with its name above the chart; said in the text
            # alternative and the bar's tooltip too.
            body.append(
                f'<rect class="this-week" x="{LEFT + i * slot:.1f}" y="{TOP:.1f}" '
                f'width="{slot:.1f}" height="{inner_h:.1f}" fill="{THIS_WEEK_BAND}"/>'
            )
            wide = len(THIS_WEEK) * CHAR_EM * FONT_SIZE
            middle = LEFT + (i + 0.5) * slot
            middle = min(max(middle, LEFT + wide / 2), width - RIGHT - wide / 2)
            body.append(
                f'<text class="this-week" x="{middle:.1f}" y="{TOP - 8}" text-anchor="middle" '
                f'font-size="{FONT_SIZE}" font-weight="bold" fill="{LINE}">{THIS_WEEK}</text>'
            )
    body.extend(_grid(ticks, y, width))
    labels = []
    for i, week in enumerate(weeks):
        colour = PHASE_COLOURS.get(week.phase, MUTED)
        left = LEFT + i * slot + (slot - bar) / 2
        base = y(0)
        tip = f"Week of {_week_of(week)}: {_week_volume(week, unit)}"
        body.append(
            f"<g><title>{escape(tip)}</title>"
            f'<rect x="{left:.1f}" y="{y(week.planned):.1f}" width="{bar:.1f}" '
            f'height="{base - y(week.planned):.1f}" fill="{colour}" fill-opacity="0.3" '
            f'stroke="{colour}" stroke-width="1"/>'
            f'<rect x="{left + bar * 0.2:.1f}" y="{y(week.done):.1f}" '
            f'width="{bar * 0.6:.1f}" height="{base - y(week.done):.1f}" fill="{colour}"/></g>'
        )
        labels.append((left + bar / 2, f"{week.start.day} {week.start:%b}"))
    now = next((i for i, week in enumerate(weeks) if week.now), None)
    body.extend(_x_labels(labels, width, keep=now))
    body.append(
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    desc = "; ".join(f"week of {_week_of(w)}: {_week_volume(w, unit)}" for w in weeks)
    scale = (
        f'<svg class="rs-scale" viewBox="0 0 {LEFT} {HEIGHT}" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(_scale(ticks, y, unit))}</svg>'
    )
    chart = _frame(title, desc, body, chart_id, width, left=LEFT)
    return mark_safe(f'<div class="rs-scaled">{scale}{chart}</div>')  # noqa: S308 - escaped
