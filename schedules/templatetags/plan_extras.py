from decimal import Decimal

from django import template

from athletes import units

register = template.Library()


@register.filter
def tenth(value) -> str:
    """A measured figure to 0.1, half up as the messages say it, without a trailing .0:
    196.97 -> "197", 74.25 -> "74.3" (floatformat:"-1" writes "197.0" for the first)."""
    if value in (None, ""):
        return ""
    return units.tenth(value)


@register.filter
def as_typed(value) -> str:
    """A load as it was typed and kept: 67.25, 72.5 for 72.50, 100 for 100.00
    (floatformat:"-1" would say 67.3 for the first, a load nobody lifted)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():f}"


@register.filter
def short_date(value, fmt: str = "j M") -> str:
    """A day as FMT, with its year only when that is not this year (in the club's time
    zone): "20 Dec" this December, "20 Dec 2025" read next spring."""
    from datetime import datetime

    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.year != timezone.localdate().year:
        fmt = f"{fmt} Y"
    return date_format(value, fmt)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, key) if isinstance(mapping, dict) else key


@register.filter
def session_length(session, held=()) -> str:
    """How long a stored session takes ("about 44 min"), its exercises prefetched. With
    exercises `held` out after pain (their ids), what is left, as the athlete's pages say,
    and the length as planned, as its S1 warning counts it: "about 19 min (27 as planned)"."""
    from programs.engine.duration import session_minutes
    from schedules.athlete_week import length_text

    exercises = list(session.exercises.all())
    left = [e for e in exercises if e.pk not in held]
    if not left or len(left) == len(exercises):
        return length_text(session.kind, exercises)
    return f"{length_text(session.kind, left)} ({session_minutes(exercises)} as planned)"


@register.simple_tag(takes_context=True)
def grid_cell(context, cell, message: str = "", conflict: bool = False):
    from schedules.grid_html import render_cell

    csrf = str(context.get("csrf_token", ""))
    held = bool(context.get("held"))  # the view says whether a pain flag takes it out
    note = bool(context.get("message_is_note"))
    return render_cell(cell, csrf, message=message, conflict=conflict, held=held, note=note)


@register.simple_tag(takes_context=True)
def grid_table(context, weeks, groups, read_only=False):
    """The load grid's head and bodies in one call (schedules.grid_html); read-only for an
    archived athlete."""
    from django.utils import timezone

    from schedules.grid_html import render_table

    csrf = str(context.get("csrf_token", ""))
    flash = context.get("cell_flash")
    today, shown = timezone.localdate(), context.get("shown_week")
    return render_table(weeks, groups, csrf, today, read_only=read_only, flash=flash, shown=shown)


@register.simple_tag
def grid_history(actions):
    """The load grid's history list (schedules.grid_html)."""
    from schedules.grid_html import render_history

    return render_history(actions)


@register.simple_tag(takes_context=True)
def set_row(context, st):
    """One set's form on the athlete's week page (schedules.athlete_html)."""
    from schedules.athlete_html import render_set_row

    stopped = bool(getattr(context.get("ex"), "pain", None))  # pain reported in it (L9)
    return render_set_row(
        st, str(context.get("base", "")), str(context.get("csrf_value", "")), stopped
    )


@register.simple_tag(takes_context=True)
def exercise_card(context, ex, opens):
    """An exercise's card on the athlete's week page (schedules.athlete_html)."""
    from schedules.athlete_html import render_exercise

    return render_exercise(
        ex, str(context.get("base", "")), str(context.get("csrf_value", "")), opens
    )


@register.simple_tag(takes_context=True)
def pain_box(context, ex):
    """An exercise's pain report on the athlete's week page (schedules.athlete_html)."""
    from schedules.athlete_html import render_pain

    return render_pain(ex, str(context.get("base", "")), str(context.get("csrf_value", "")))


@register.simple_tag
def sheet_week(plan) -> str:
    """The Monday (ISO date) of the week a printed sheet of the plan is most likely wanted
    for, or of the first week after it with sessions (a plan that starts later)."""
    from django.utils import timezone

    from schedules.calendar import first_week_with_sessions, sheet_monday

    return first_week_with_sessions(
        plan.sessions.all(), sheet_monday(timezone.localdate())
    ).isoformat()


@register.filter
def race_clear_from(race):
    """The first day kept clear of lifting before the race (W4), for a page to name the
    days from it to race day: Thursday for a Sunday race."""
    from schedules.services import race_clear_from as first_clear_day

    return first_clear_day(race) if race else None
