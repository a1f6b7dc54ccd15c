"""HTML of the athlete's week page's exercise cards and set rows, built in Python.

A week has a few dozen sets and each row is a small form; through the template engine the
cards and rows cost about half of the page's time. The page and the htmx answers to a
refused save or pain report share this, so they cannot drift apart. Every value is escaped
as the template would (`escape`, `conditional_escape`).
"""

from datetime import date, datetime
from html import escape

from django.template.defaultfilters import linebreaksbr
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from schedules.athlete_week import ExerciseView, SetView, session_words, unbroken
from schedules.loads import MAX_LOAD
from schedules.log_forms import MAX_REPS


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
    # The page's script keeps what was typed while a save was on its way off the values
    # such a row shows as saved (athlete.js).
    saved = " data-shows-saved" if st.shows_saved else ""
    html = [
        f'<form class="aw-setrow{problem}{" aw-stopped" if stopped else ""}" id="{dom_id}" '
        f'method="post" action="{action}" {sends}{saved} novalidate>',
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">',
        f'<input type="hidden" name="seen" value="{escape(st.stamp)}" id="{dom_id}-seen">',
        f'<input type="hidden" name="unit" value="{escape(st.unit)}">',
        f'<label class="aw-tick"><input type="checkbox" name="done" value="1"{checked}{off}>'
        '<span class="aw-tick-box" aria-hidden="true"></span>'
        f'<span class="aw-tick-label" aria-hidden="true">Set {label}</span>'
        # Heard with its session too, as the row's "Save set": a week can hold the same
        # exercise in two sessions.
        f'<span class="sr-only">{named}{_with_session(st.session)}</span></label>',
    ]
    if st.show_reps:
        bad = bool(st.errors.get("reps"))
        # A text box does not say its range as a number box did: it is read out with the
        # box, as the written scale of RPE and soreness is (the range the server takes).
        described = f"{dom_id}-reps-range" + (f" {dom_id}-status" if bad else "")
        invalid = ' aria-invalid="true"' if bad else ""
        html.append(
            # Text with a number keypad, as the load: a number box that cannot read what was
            # typed ("6-") sends nothing, which would be saved as no reps, "Saved" beside it.
            f'<label class="aw-num{" has-error" if bad else ""}"><input type="text" '
            'name="reps" inputmode="numeric" autocomplete="off" '
            f'value="{escape(st.reps)}" aria-label="{named}: reps done"{off}'
            f'{invalid} aria-describedby="{described}">'
            f'<span>reps</span><span class="sr-only" id="{dom_id}-reps-range">'
            f"A whole number from 0 to {MAX_REPS}.</span></label>"
        )
    if st.show_load:
        bad = bool(st.errors.get("load"))
        unit = escape(st.unit)
        # Its range, read out with the box as the reps' is: the server's, in the row's unit.
        top = MAX_LOAD.get(st.unit, MAX_LOAD["kg"])
        described = f"{dom_id}-load-range" + (f" {dom_id}-status" if bad else "")
        invalid = ' aria-invalid="true"' if bad else ""
        html.append(
            # Text with a decimal keypad: a number box drops the comma of "22,5" and sends 225.
            f'<label class="aw-num{" has-error" if bad else ""}"><input type="text" '
            f'name="load" inputmode="decimal" autocomplete="off" value="{escape(st.load)}" '
            f'aria-label="{named}: load in {unit}"{invalid} aria-describedby="{described}"{off}>'
            f'<span>{unit}</span><span class="sr-only" id="{dom_id}-load-range">'
            f"A weight from 0 to {top} {unit}.</span></label>"
        )
    # Without JavaScript nothing saves as the athlete goes: each set gets its own button.
    if not stopped:
        html.append(
            # "Save set", heard with the set, its exercise and its session: a week shows
            # several sessions, and each set has its button.
            '<noscript><button class="btn btn-small aw-set-save" type="submit">Save set'
            f'<span class="sr-only"> {label}: {escape(st.exercise)}, {escape(st.session)}</span>'
            "</button></noscript>"
        )
    message = f'<span class="error">{escape(st.message)}</span>' if st.message else ""
    if st.saved and not message:
        message = '<span class="aw-saved">Saved</span>'  # as the page's script says it
    html.append(
        f'<p class="aw-save-status" id="{dom_id}-status" role="status" aria-live="polite">'
        f"{message}</p>"
    )
    html.append("</form>")
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def render_exercise(ex: ExerciseView, base: str, csrf: str, opens: date | None) -> SafeString:
    """An exercise's card: its prescription and set rows, or why pain left it out (DOMAIN
    L9). `opens`: the session cannot be logged yet, so it shows no set rows."""
    pk = ex.pe.pk
    html = [
        f'\n<section class="aw-exercise" id="ex-{pk}">\n'
        f"  <h4>{conditional_escape(ex.exercise.name)}</h4>\n  "
    ]
    # Pain reported: that it is stopped is the first thing read under its name, above the
    # sets it leaves as they were (athlete.js puts it there too when reported in place).
    reported = bool(ex.pain) and not ex.withheld
    if reported:
        html.append(render_pain(ex, base, csrf))
    if ex.withheld:
        back = (
            f"Your coach put it back on {_day_month(ex.withheld.cleared_at)}, "
            "for the sessions after this one."
            if ex.withheld.cleared_at
            else "Your coach will put it back when it is safe."
        )
        html.append(
            '\n  <p class="aw-withheld" role="note"><strong>Left out:</strong> you reported pain '
            f"in this exercise on {_day_month(ex.withheld.created_at)}. {back}</p>\n  "
        )
    else:
        html.append(
            f'\n  <p class="aw-dose">{conditional_escape(unbroken(ex.prescription))}</p>\n  '
        )
        if ex.pe.note:
            html.append(
                '<p class="aw-coach-note"><strong>Note:</strong> '
                f"{conditional_escape(ex.pe.note)}</p>"
            )
        html.append("\n  ")
        if ex.effort:
            html.append(f'<p class="aw-effort">{conditional_escape(unbroken(ex.effort))}</p>')
        html.append("\n  ")
        if ex.warm_up:
            html.append(f'<p class="aw-warmup">{conditional_escape(unbroken(ex.warm_up))}</p>')
        between = "between sets" if ex.pe.sets > 1 else "before the next exercise"
        html.append(
            f'\n  <p class="aw-rest">Rest {conditional_escape(unbroken(ex.rest))} {between}</p>\n  '
        )
        if not opens:
            stopped = bool(ex.pain)  # pain reported in it (L9)
            rows = "".join(render_set_row(st, base, csrf, stopped) for st in ex.sets)
            html.append(f'<div class="aw-sets">{rows}</div>')
        html.append("\n  ")
        if cues := ex.exercise.cue_list:
            items = "".join(f"<li>{conditional_escape(cue)}</li>" for cue in cues)
            html.append(f'<ul class="aw-cues">{items}</ul>')
        html.append("\n  ")
        if ex.exercise.why:
            # Heard with its session, as the pain report is.
            heard = (
                f"{conditional_escape(ex.exercise.name)}, "
                f"{conditional_escape(session_words(ex.pe.session))}"
            )
            html.append(
                '<details class="aw-why"><summary>Why it matters'
                f'<span class="sr-only">: {heard}</span></summary>'
                f"<p>{linebreaksbr(ex.exercise.why, autoescape=True)}</p></details>"
            )
        if not reported:
            html.append(f"\n  {render_pain(ex, base, csrf)}\n  ")
    html.append("\n</section>\n")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def render_pain(ex: ExerciseView, base: str, csrf: str) -> SafeString:
    """The exercise's pain report: the form, or that pain was reported and it is stopped."""
    pk = ex.pe.pk
    if ex.pain:
        inner = (
            f'\n  <p class="aw-pain-flag" role="status" tabindex="-1" id="pain-{pk}-said" '
            f'aria-labelledby="pain-{pk}-said"><strong>Pain reported.</strong> Stop this '
            "exercise. Your coach has been told and will clear it before it comes back.</p>\n  "
        )
    else:
        action = f"{conditional_escape(base)}exercises/{pk}/pain/"
        error = ex.errors.get("note")
        inner = (
            f"\n  <details{' open' if ex.message else ''}>\n"
            # Heard with its exercise and session, as "Why it matters" is: one per lift, and
            # the same lift in two sessions of the week, told apart.
            "    <summary>Pain? Report it"
            f'<span class="sr-only">: {conditional_escape(ex.exercise.name)}, '
            f"{conditional_escape(session_words(ex.pe.session))}</span></summary>\n"
            f'    <form id="pain-form-{pk}" method="post" action="{action}" hx-post="{action}" '
            f'hx-target="#pain-{pk}" hx-swap="outerHTML" hx-confirm="Stop '
            f'{conditional_escape(ex.exercise.name)} and tell your coach about the pain?" '
            "novalidate data-log>\n"
            '      <input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{conditional_escape(csrf)}">\n'
            f'      <div class="field{" has-error" if error else ""}">\n'
            f'        <label for="pain-note-{pk}">Where does it hurt, and when?</label>\n'
            f'        <textarea id="pain-note-{pk}" name="note" rows="3" data-limit="500"'
            + (f' aria-invalid="true" aria-describedby="pain-note-{pk}-error"' if error else "")
            + f">{conditional_escape(ex.pain_note)}</textarea>\n        "
            + (
                f'<p class="error" role="alert" id="pain-note-{pk}-error">'
                f"{conditional_escape(error)}</p>"
                if error
                else ""
            )
            + "\n      </div>\n"
            '      <button class="btn btn-danger btn-block" type="submit">Report pain and stop '
            f'this exercise<span class="sr-only">: {conditional_escape(ex.exercise.name)}, '
            f"{conditional_escape(session_words(ex.pe.session))}</span></button>\n"
            '      <p class="aw-save-status" role="status" aria-live="polite"></p>\n'
            "    </form>\n"
            "  </details>\n  "
        )
    return mark_safe(f'\n<div class="aw-pain" id="pain-{pk}">\n  {inner}\n</div>\n')  # noqa: S308


def _with_session(words: str) -> str:
    """What follows a name heard: ", session A on Monday" (nothing if the session is unknown)."""
    return f", {escape(words)}" if words else ""


def _day_month(moment: datetime) -> str:
    """As the template's |date:"j M" says it, in the site's time zone."""
    return dateformat.format(timezone.localtime(moment), "j M")
