"""HTML of one load-grid cell, built in Python.

A 16-week grid has a few hundred cells; rendering each through the template engine cost
over 100 ms a page, this costs a few. The page and the single-cell htmx answers share it,
so they can never drift apart.
"""

from functools import cache

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from schedules.models import PlannedExercise


@cache
def _cell_prefix() -> str:
    """'/loads/' as the URL configuration spells it, looked up once per process."""
    return reverse("cell", args=[1]).removesuffix("1/")


def _number(value) -> str:
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def _dose(cell: PlannedExercise) -> str:
    if cell.reps:
        amount = str(cell.reps)
    elif cell.seconds:
        amount = f"{cell.seconds}s"
    elif cell.metres:
        amount = f"{cell.metres}m"
    else:
        amount = "–"
    return f"{cell.sets}×{amount}"


def _step_form(cell: PlannedExercise, csrf_token: str, direction: str) -> str:
    url = f"{_cell_prefix()}{cell.pk}/step/"
    sign, words = ("+", "up") if direction == "up" else ("−", "down")
    return format_html(
        '<form method="post" action="{url}" hx-post="{url}" hx-target="#cell-{pk}" '
        'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="version" value="{version}">'
        '<input type="hidden" name="direction" value="{direction}">'
        '<button type="submit" class="step" aria-label="{name} load {words} one plate step">'
        "{sign}</button></form>",
        url=url,
        pk=cell.pk,
        csrf=csrf_token,
        version=cell.version,
        direction=direction,
        name=cell.exercise.name,
        words=words,
        sign=sign,
    )


def render_cell(
    cell: PlannedExercise, csrf_token: str, *, message: str = "", conflict: bool = False
) -> SafeString:
    classes = "cell" + (" edited" if cell.hand_edited else "") + (" conflict" if conflict else "")
    parts = [format_html('<span class="dose">{}</span>', _dose(cell))]
    if cell.load is not None:
        parts.append(
            format_html('<strong class="load">{} {}</strong>', _number(cell.load), cell.unit)
        )
    elif cell.rir is not None:
        parts.append(format_html('<span class="rir">RIR {}</span>', cell.rir))
    if cell.percent_1rm is not None:
        parts.append(format_html('<span class="pct">{}%</span>', _number(cell.percent_1rm)))
    if cell.hand_edited:
        who = cell.edited_by.get_username() if cell.edited_by else "a coach"
        when = f" {timesince(cell.edited_at)} ago" if cell.edited_at else ""
        parts.append(
            format_html('<span class="edited-mark" title="Edited by {}{}">✎</span>', who, when)
        )
    edit_url = f"{_cell_prefix()}{cell.pk}/edit/"
    html = [
        format_html('<td id="cell-{}" class="{}">', cell.pk, classes),
        format_html(
            '<a class="cell-open" href="{url}" hx-get="{url}" hx-target="#cell-{pk}" '
            'hx-swap="outerHTML" title="Edit {name}">',
            url=edit_url,
            pk=cell.pk,
            name=cell.exercise.name,
        ),
        *parts,
        "</a>",
    ]
    if cell.load is not None:
        html += [
            '<div class="stepper">',
            _step_form(cell, csrf_token, "down"),
            _step_form(cell, csrf_token, "up"),
            "</div>",
        ]
    if message:
        html.append(format_html('<p class="cell-msg" role="alert">{}</p>', message))
    html.append("</td>")
    return mark_safe("".join(str(p) if not isinstance(p, str) else p for p in html))  # noqa: S308
