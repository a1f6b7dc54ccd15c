"""The athlete's plan as an iCal feed their phone's calendar can subscribe to."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vDuration, vText

from athletes.models import Athlete
from config.text import without_controls
from programs.engine.duration import session_minutes
from schedules.athlete_week import KIND_NAMES, effort_text, prescription_text, warm_up_text
from schedules.logbook import exercises_with_ticks, pain_flags, withheld_by
from schedules.models import PainFlag, Plan, PlannedSession

SLOTS = {"am": time(7, 0), "pm": time(18, 0)}
LENGTH = timedelta(hours=1)  # hill sprints, part of a run whose length the running plan sets
SLOT_MINUTES = 5  # lengths are rounded up to this, as a calendar shows them
# How often a calendar app should look for changes: left to itself, one may wait a day, and a
# load changed in the morning would miss the evening's session.
REFRESH = timedelta(hours=1)


def session_uid(athlete_id: int, session: PlannedSession) -> str:
    """Stable across plan regeneration: the slot, not the row, names the event."""
    return f"athlete-{athlete_id}-{session.date:%Y%m%d}-{session.time}@runstrength"


def session_description(
    session: PlannedSession, flags: list[PainFlag] = ()
) -> tuple[str, bool, timedelta]:
    """The session's exercises, one a line, whether pain left every one of them out, and
    how long it takes (warm-up included, DOMAIN S1; what pain leaves out not counted)."""
    lines, left_out, kept = [], 0, []
    for pe in session.exercises.all():
        at = session.logged_at
        flag = withheld_by(flags, pe.exercise_id, session.date, logged_at=at, done=pe.ticked)
        if flag is not None:
            day = timezone.localdate(flag.created_at)  # the day it was reported
            reported = f"{day:%a} {day.day} {day:%b}"
            lines.append(f"{pe.exercise.name}: left out (pain reported {reported})")
            left_out += 1
            continue
        kept.append(pe)
        note = f"note: {pe.note}" if pe.note else ""
        extra = [text for text in (note, effort_text(pe), warm_up_text(pe)) if text]
        line = f"{pe.exercise.name}: {prescription_text(pe)}"
        lines.append(f"{line} ({'; '.join(extra)})" if extra else line)
    return (
        "\n".join(lines),
        bool(lines) and left_out == len(lines),
        session_length(session, kept or list(session.exercises.all())),
    )


def session_length(session: PlannedSession, exercises: list) -> timedelta:
    """How long the event lasts: the session's minutes, rounded up to the calendar's 5."""
    if session.kind == "hill_sprint" or not exercises:
        return LENGTH
    slots = -(-session_minutes(exercises) // SLOT_MINUTES)
    return timedelta(minutes=max(1, slots) * SLOT_MINUTES)


def plan_calendar(athlete: Athlete, url: str = "") -> bytes:
    """Every planned session as an event: 07:00 for AM, 18:00 for PM, local time, lasting
    as long as the session takes (session_length)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Runstrength//Strength plan//EN")
    calendar.add("version", "2.0")
    # On one line, as a line break in the name (a spreadsheet cell can hold one) has no
    # place in a calendar's name; escaped as text (RFC 5545 3.3.11), the default type of
    # such a property said outright, so a comma, semicolon or backslash in the name is read
    # back as typed.
    name = f"Strength plan: {' '.join(without_controls(athlete.name).split())}"
    calendar.add("x-wr-calname", vText(name), parameters={"VALUE": "TEXT"})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("x-published-ttl", vDuration(REFRESH))  # the same, as Outlook reads it
    if url:
        calendar.add("url", url)
    plan = Plan.objects.filter(athlete=athlete).only("id", "race_date").first()
    sessions = []
    if plan is not None:
        exercises = exercises_with_ticks()
        sessions = plan.sessions.order_by("date", "time", "id").prefetch_related(
            Prefetch("exercises", queryset=exercises)
        )
    flags = pain_flags(athlete) if plan is not None else []
    # When this copy was made: a pain report or its clearing changes events between plans.
    stamp = timezone.now()
    seen: dict[str, int] = {}
    # The plan's race, not the athlete's: a plan made after a race already run is an
    # off-season block with none, and none of its sessions comes after a race.
    race = plan.race_date if plan is not None else None
    for session in sessions:
        start = datetime.combine(session.date, SLOTS.get(session.time, SLOTS["pm"]), tzinfo=zone)
        uid = session_uid(athlete.pk, session)
        seen[uid] = seen.get(uid, 0) + 1
        event = Event()
        event.add("uid", uid if seen[uid] == 1 else uid.replace("@", f"-{seen[uid]}@"))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        title = f"Strength: session {session.label} ({KIND_NAMES.get(session.kind, session.kind)})"
        description, nothing_left, length = session_description(session, flags)
        event.add("dtend", start + length)
        if race is not None and session.date > race:
            # Still planned after the race (kept for edited loads or a log when the race
            # moved before it), as the week page and the printed plan say.
            said = (
                f"After the race on {race:%a} {race.day} {race:%b}: ask your coach before doing it."
            )
            description = f"{said}\n{description}" if description else said
        marks = (" · deload" if session.deload else "") + (" · left out: pain" * nothing_left)
        marks += " · logged" if session.logged_at is not None else ""  # told from one missed
        event.add("summary", without_controls(f"{title}{marks}"))
        # A control character has no place in a calendar's text (RFC 5545 3.3.11): one in a
        # pasted note would make the whole feed unreadable to a strict calendar app.
        event.add("description", without_controls(description))
        calendar.add_component(event)
    # The events' time zone, there even without an event: a calendar holds one component
    # at least (RFC 5545 3.4), and a strict app may refuse one subscribed to before the plan.
    calendar.add_missing_timezones()
    if not calendar.subcomponents:
        calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    return calendar.to_ical()
