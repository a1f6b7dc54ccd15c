"""HTML of one set's row on the athlete's week page, built in Python.

A week has a few dozen sets and each row is a small form; through the template engine the
rows cost about a third of the page's time. The page and the htmx answers to a refused
save share this, so they cannot drift apart. Every value goes through `escape`.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from schedules.athlete_week import SetView

_INVALID = ' aria-invalid="true" aria-describedby="{}-status"'  # the reason, in the status


def render_set_row(st: SetView, base: str, csrf: str, stopped: bool = False) -> SafeString:
    """The set's form: tick, reps and load as logged or prescribed, and its save status.
    `stopped`: pain was reported in this exercise, so its sets stay as they were (ticked
    before the report or not at all) and take no more changes (DOMAIN L9)."""
    action = escape(f"{base}{st.path}")
    dom_id = escape(st.dom_id)
    label = escape(st.label)
    # Heard as "Back squat, set 1": every exercise's rows say "Set 1" on screen.
    named = f"{escape(st.exercise)}, set {label}" if st.exercise else f"Set {label}"
    problem = " aw-has-problem" if st.message else ""
    checked = " checked" if st.done else ""
    off = " disabled" if stopped else ""
    sends = (
        ""
        if stopped
        else f'hx-post="{action}" hx-trigger="change" hx-target="find .aw-save-status" '
        'hx-swap="innerHTML" data-log'
    )
    html = [
        f'<form class="aw-setrow{problem}{" aw-stopped" if stopped else ""}" id="{dom_id}" '
        f'method="post" action="{action}" {sends} novalidate>',
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">',
        f'<input type="hidden" name="seen" value="{escape(st.stamp)}" id="{dom_id}-seen">',
        f'<input type="hidden" name="unit" value="{escape(st.unit)}">',
        f'<label class="aw-tick"><input type="checkbox" name="done" value="1"{checked}{off}>'
        '<span class="aw-tick-box" aria-hidden="true"></span>'
        f'<span class="aw-tick-label" aria-hidden="true">Set {label}</span>'
        f'<span class="sr-only">{named}</span></label>',
    ]
    if st.show_reps:
        bad = bool(st.errors.get("reps"))
        html.append(
            f'<label class="aw-num{" has-error" if bad else ""}"><input type="number" '
            'name="reps" inputmode="numeric" min="0" max="50" step="1" '
            f'value="{escape(st.reps)}" aria-label="{named}: reps done"{off}'
            f"{_INVALID.format(dom_id) if bad else ''}><span>reps</span></label>"
        )
    if st.show_load:
        bad = bool(st.errors.get("load"))
        unit = escape(st.unit)
        html.append(
            # Text with a decimal keypad: a number box drops the comma of "22,5" and sends 225.
            f'<label class="aw-num{" has-error" if bad else ""}"><input type="text" '
            f'name="load" inputmode="decimal" autocomplete="off" value="{escape(st.load)}" '
            f'aria-label="{named}: load in {unit}"{_INVALID.format(dom_id) if bad else ""}{off}>'
            f"<span>{unit}</span></label>"
        )
    # Without JavaScript nothing saves as the athlete goes: each set gets its own button.
    if not stopped:
        html.append(
            '<noscript><button class="btn btn-small aw-set-save" type="submit">Save</button>'
            "</noscript>"
        )
    message = f'<span class="error">{escape(st.message)}</span>' if st.message else ""
    html.append(
        f'<p class="aw-save-status" id="{dom_id}-status" role="status" aria-live="polite">'
        f"{message}</p>"
    )
    html.append("</form>")
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped
