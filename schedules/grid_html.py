"""HTML of one load-grid cell, built in Python.

A 16-week grid has a few hundred cells; rendering each through the template engine cost
over 100 ms a page, this costs a few. The page and the single-cell htmx answers share it,
so they can never drift apart. Every value that is not a number the code made itself
goes through `escape`.
"""

from datetime import date, timedelta
from functools import cache
from html import escape

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import localtime

from schedules.grid import GridCell
from schedules.models import PlannedExercise


@cache
def _cell_prefix() -> str:
    """'/loads/' as the URL configuration spells it, looked up once per process."""
    return reverse("cell", args=[1]).removesuffix("1/")


def _number(value) -> str:
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def _dose(cell: GridCell) -> str:
    if cell.reps:
        amount = str(cell.reps)
    elif cell.seconds:
        amount = f"{cell.seconds}s"
    elif cell.metres:
        amount = f"{cell.metres}m"
    else:
        amount = "–"
    return f"{cell.sets}×{amount}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(cell: GridCell) -> str:
    """', 7 Dec' after a cell's words for screen readers: a row's cells are told apart by it
    (written out here: a few hundred cells through the date formatter cost milliseconds)."""
    return f", {cell.day.day} {MONTHS[cell.day.month - 1]}" if cell.day else ""


def _step_form(pk: int, version: int, csrf: str, name: str, direction: str, day: str) -> str:
    """A plus or minus button; `csrf` and `name` arrive escaped, `day` is made by _day."""
    url = f"{_cell_prefix()}{pk}/step/"
    sign, words = ("+", "up") if direction == "up" else ("−", "down")
    return (
        f'<form method="post" action="{url}" hx-post="{url}" hx-target="#cell-{pk}" '
        f'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        f'<input type="hidden" name="version" value="{int(version)}">'
        f'<input type="hidden" name="direction" value="{direction}">'
        f'<button type="submit" class="step" aria-label="{name} load {words} one plate step{day}">'
        f"{sign}</button></form>"
    )


def spoken(cell: GridCell) -> str:
    """A cell as a screen reader hears it after a change: 'Back squat, 7 Dec: 3×6 at 62.5 kg,
    RIR 2'."""
    words = f"{cell.exercise_name}{_day(cell)}: {_dose(cell)}"
    if cell.load is not None:
        rir = f", RIR {int(cell.rir)}" if cell.rir is not None else ""
        return f"{words} at {_number(cell.load)} {cell.unit}{rir}"
    if cell.rir is not None:
        return f"{words} by effort, RIR {int(cell.rir)}"
    return words


def render_cell(
    cell: GridCell | PlannedExercise,
    csrf_token: str,
    *,
    message: str = "",
    conflict: bool = False,
    held: bool = False,
    note: bool = False,
    read_only: bool = False,
    flash: list[tuple[str, str]] = (),
) -> SafeString:
    """One cell; `flash` holds the page's messages as (level, text) when the grid is shown
    after a change to this cell made without JavaScript: the page lands here, so they are
    shown here rather than at its head, out of view."""
    if isinstance(cell, PlannedExercise):
        cell = GridCell.of(cell, held=held)
    pk = int(cell.pk)
    name = escape(cell.exercise_name)
    day = _day(cell)
    classes = "cell" + (" edited" if cell.hand_edited else "") + (" conflict" if conflict else "")
    classes += " held" if cell.held else ""
    parts = [f'<span class="dose">{escape(_dose(cell))}</span>']
    if cell.load is not None:
        parts.append(f'<strong class="load">{_number(cell.load)} {escape(cell.unit)}</strong>')
        if cell.percent_1rm is not None and cell.percent_1rm > 100:
            # No rule forbids it (a 1RM test may be out of date), but it should stand out: in
            # words beside the red %, seen without telling colours apart and read out.
            parts.append(
                f'<span class="pct over" title="Above the tested 1RM">'
                f"{_number(cell.percent_1rm)}%</span> "
                '<span class="over-mark" title="Above the 1RM on record: check the load">'
                "above 1RM</span>"
            )
        elif cell.percent_1rm is not None:
            parts.append(
                '<span class="pct" title="% of 1RM: the load is at it or just under, on the '
                f'plate step (L1)">{_number(cell.percent_1rm)}%</span>'
            )
        if cell.rir is not None:
            # How hard, beside how heavy: a changed RIR shows where it was made (S3).
            parts.append(
                '<span class="rir" title="Reps in reserve: stop this many short of failure '
                f'(S3)">RIR {int(cell.rir)}</span>'
            )
    elif cell.rir is not None:
        # No load: a % 1RM with no 1RM on record to take it from (the athlete goes by effort
        # until a test, as the PDF says), or a lift done by effort by design (body weight).
        if cell.percent_1rm is not None:
            why = "No 1RM yet: by effort"
        else:
            why = "By effort: stop this many reps short of failure (S3)"
        parts.append(f'<span class="rir" title="{why}">RIR {int(cell.rir)}</span>')
    numbers = len(parts)  # what the cell prescribes; the marks and the note come after
    if cell.held:
        parts.append(
            '<span class="held-mark" title="Left out of this session after a pain report '
            '(L9) until it is cleared on the dashboard">left out: pain</span>'
        )
    if cell.note:
        # The words themselves, not a tooltip a touch screen never shows: a long note is cut
        # to two lines (static/css/plan.css) and shown whole when the cell has the focus (a
        # tap on a logged cell, the keyboard), in the editor a tap opens, and on hover.
        note = escape(cell.note)
        parts.append(
            f'<span class="cell-note" title="Note for the athlete: {note}">'
            f'<span class="sr-only">Note for the athlete: </span>{note}</span>'
        )
    if cell.hand_edited:
        who = cell.editor or "a coach"
        since = timesince(cell.edited_at) if cell.edited_at else ""
        when = "" if not since else " just now" if since.startswith("0\xa0") else f" {since} ago"
        # Heard as words: the pencil alone is read out as a symbol's name, or not at all.
        parts.append(
            f'<span class="edited-mark" title="Edited by {escape(who + when)}">'
            f'<span aria-hidden="true">✎</span><span class="sr-only">edited by '
            f"{escape(who + when)}</span></span>"
        )
    if cell.logged:
        # Done and on record: shown, not offered for editing (the edit would be refused). A
        # lift left out of the logged session was not done: it says so, not "logged".
        if cell.done is False and not cell.held:
            # Logged without a set of it ticked: skipped, not done as prescribed.
            parts.append(
                '<span class="not-done-mark" title="The athlete logged this session without '
                'ticking a set of this exercise">not done</span>'
            )
        elif not cell.held:
            parts.append('<span class="logged-mark">✓ logged</span>')
        html = [
            f'<td id="cell-{pk}" class="{classes} logged" data-version="{int(cell.version)}">',
            '<div class="cell-open" tabindex="-1" '
            'title="Logged by the athlete: it stays as prescribed">',
            *parts,
            "</div>",
        ]
    elif read_only:  # an archived athlete's plan: shown as it stands, offered for no change
        html = [
            f'<td id="cell-{pk}" class="{classes}" data-version="{int(cell.version)}">',
            '<div class="cell-open" tabindex="-1">',
            *parts,
            "</div>",
        ]
    else:
        edit_url = f"{_cell_prefix()}{pk}/edit/"
        html = [
            f'<td id="cell-{pk}" class="{classes}" data-version="{int(cell.version)}">',
            f'<a class="cell-open" href="{edit_url}" hx-get="{edit_url}" hx-target="#cell-{pk}" '
            f'hx-swap="outerHTML" title="Edit {name}{day}">',
            # Heard right after the numbers it shows, ahead of a long note: saying them
            # (voice control) still finds it, and a row's cells, whose numbers are alike,
            # are told apart.
            *parts[:numbers],
            f'<span class="sr-only">, edit {name}{day}</span>',
            *parts[numbers:],
            "</a>",
        ]
    if cell.load is not None and not cell.logged and not read_only:
        csrf = escape(csrf_token)
        html += [
            '<div class="stepper">',
            _step_form(pk, cell.version, csrf, name, "down", day),
            _step_form(pk, cell.version, csrf, name, "up", day),
            "</div>",
        ]
    if message and note:  # saved, with a word of caution
        html.append(f'<p class="cell-msg cell-msg-note" role="status">{escape(str(message))}</p>')
    elif message:
        html.append(f'<p class="cell-msg" role="alert">{escape(str(message))}</p>')
    for level, text in flash:
        html.append(f'<p class="cell-flash flash flash-{escape(level)}">{escape(text)}</p>')
    html.append("</td>")
    return mark_safe("".join(html))  # noqa: S308


def render_table(
    weeks: list,
    groups: list,
    csrf_token: str,
    today: date | None = None,
    *,
    read_only: bool = False,
    flash: dict[int, list[tuple[str, str]]] | None = None,
    shown: date | None = None,
) -> SafeString:
    """The whole grid table: a head row of weeks, then a body per session label whose rows
    are its exercises; a week without that prescription is an empty cell. The week under
    way is marked, and the week holding `shown` (the page scrolls to it, else to the week
    under way)."""
    head = ['<thead><tr><th class="rowhead" scope="col">Exercise</th>']
    year = None
    for week in weeks:
        deload = " · deload" if week.deload else ""
        # The year on the first week and wherever a new one begins.
        day = date_format(week.start, "j M" if week.start.year == year else "j M Y")
        year = week.start.year
        now = today is not None and week.start <= today < week.start + timedelta(days=7)
        mark = ' this-week" aria-current="date' if now else ""
        if shown is not None and week.start <= shown < week.start + timedelta(days=7):
            mark = f" shown-week{mark}"
        head.append(
            f'<th class="weekhead phase-{escape(week.phase)}{mark}" scope="col">'
            f"<span>Wk {int(week.number)}"
            f"{' · this week' if now else ''}</span>"
            f"<small>{escape(week.phase_name)}{deload}</small>"
            f'<small class="muted">{day}</small></th>'
        )
    html = ["".join(head), "</tr></thead>"]
    # A week whose session has no such lift: a dash, said in words.
    empty = (
        '<td class="cell none"><span aria-hidden="true">–</span>'
        '<span class="sr-only">Not in this week&#x27;s session</span></td>'
    )
    flash = flash or {}
    for group in groups:
        kinds = group.kind_words
        html.append(
            f'<tbody><tr class="grouphead"><th colspan="{len(weeks) + 1}" scope="rowgroup"><span>'
            f"{escape(group.title)} · {escape(kinds)}</span></th></tr>"
        )
        for row in group.rows:
            html.append(f'<tr><th class="rowhead" scope="row">{escape(row.exercise_name)}</th>')
            html.extend(
                render_cell(c, csrf_token, read_only=read_only, flash=flash.get(c.pk, ()))
                if c
                else empty
                for c in row.cells
            )
            html.append("</tr>")
        html.append("</tbody>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def _history_line(line) -> str:
    """What one history line says of one cell; `line` is a views.grid.HistoryLine."""
    day = f"{line.day.day} {MONTHS[line.day.month - 1]}"
    if line.undone:
        after = " <em>(undone)</em>"
    elif not line.undoable:
        after = " <em>(logged since: undo leaves it)</em>"
    else:
        after = ""
    return f"{escape(line.exercise)} ({day}): {escape(line.summary)}{after}"


def render_history(actions: list) -> SafeString:
    """The history panel's list, newest action first (views.grid.HistoryAction): when, who,
    and each cell it changed. Built here, as the cells are: the panel comes with the page
    and with every change, and through the template engine it cost milliseconds."""
    if not actions:
        return mark_safe('<p class="muted small">No edits yet.</p>')
    html = ['<ul class="history">']
    for action in actions:
        at = localtime(action.at)
        when = f"{at.day} {MONTHS[at.month - 1]} {at:%H:%M}"
        html.append(
            f'<li class="{"undone" if action.undone else ""}"><span class="muted small">'
            f"{when} · {escape(action.username or '—')}</span><br>"
        )
        if action.cells == 1:
            html.append(_history_line(action.lines[0]))
        else:
            cells = int(action.cells)
            html.append(f'One change to {cells} cells, undone together:<ul class="history-cells">')
            for line in action.lines:
                html.append(
                    f'<li class="{"undone" if line.undone else ""}">{_history_line(line)}</li>'
                )
            html.append("</ul>")
            if action.more:
                more = int(action.more)
                cells = "cell" if more == 1 else "cells"
                html.append(f'<span class="muted small">and {more} more {cells}</span>')
        html.append("</li>")
    html.append("</ul>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
