"""A coach moves a session to another day of its week (a track session moved, a day off
work): the rules are checked on each day it could go to, and again once it has moved.

A moved session is the coach's choice: re-planning makes it afresh (unless the athlete
logged it or a coach edited its loads, when it is kept as it is) and puts it back on the
day and time the coach chose, in place of its week's session of the same label (see
services._write_plan).
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from athletes.access import hold_unarchived
from programs import engine
from programs.catalogue import catalogue_for_club
from schedules import logbook, services
from schedules.calendar import plan_week
from schedules.models import Plan, PlannedSession

TIMES = ("am", "pm")
GONE = "Not moved: the plan was made again meanwhile. Here it is now: move the session from it."
CHOOSE = (
    "Choose one of the days listed: a day of this session's week still to come, "
    "without another session, clear of the race."
)


class MoveRefused(Exception):
    """The move cannot be made; `status` is the HTTP status that says why (409: the session
    changed or its day passed since the page was shown; 400: a day it cannot go to)."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


@dataclass
class Slot:
    """A day and time the session could move to, and the rules it would break there (see
    slots)."""

    date: date
    time: str
    rules: list[str] | None  # None: not checked (the athlete's profile no longer parses)

    @property
    def value(self) -> str:
        return f"{self.date.isoformat()}/{self.time}"


def started(session: PlannedSession) -> bool:
    """Logged (a set ticked, an effort, a note, pain): what was done stays on its day."""
    return logbook.has_content(session)


def _week_days(session: PlannedSession, today: date) -> list[date]:
    """The days the session may go to, whatever is on them: its plan week within its
    calendar week (the calendar's row), today or later, after every session already logged
    (sessions keep their order around what was done: L9 holds lifts after a pain report by
    date), not in the 72 h before the race or on race day (W4)."""
    plan = session.plan
    if session.week < 1 or session.date < today:
        return []
    first = plan.start_date + timedelta(weeks=session.week - 1)
    monday = session.date - timedelta(days=session.date.weekday())
    done = PlannedSession.objects.filter(plan=plan, logged_at__isnull=False).aggregate(
        last=Max("date")
    )["last"]
    return [
        day
        for day in (first + timedelta(days=offset) for offset in range(7))
        if day >= today
        and (done is None or day > done)
        and not services.too_close_to_race(day, plan.race_date)
        and not after_race(day, plan.race_date)
        and monday <= day < monday + timedelta(days=7)
    ]


def after_race(day: date, race: date | None) -> bool:
    """Whether `day` comes after the race: the plan ends at the race, so no session is
    moved there."""
    return race is not None and day > race


def _taken(session: PlannedSession, days: list[date]) -> set[date]:
    others = PlannedSession.objects.filter(plan=session.plan_id, date__in=days)
    return set(others.exclude(pk=session.pk).values_list("date", flat=True))


def free_days(session: PlannedSession, today: date | None = None) -> list[date]:
    """The days the session could go to (_week_days) that hold no other session of the plan
    (one a day); its own day is one (the other time of day)."""
    days = _week_days(session, today or timezone.localdate())
    taken = _taken(session, days)
    return [day for day in days if day not in taken]


def of_the_week(rule: str, message: str) -> bool:
    """Whether a warning is about a whole week or phase (lifts a week, weekly pulling, a
    deload, a taper week's count): it carries the date of the week's first session, which a
    move within the week may change without changing what is broken."""
    return rule.startswith("P") or rule in ("S8", "L7") or "taper week" in message


def _checker(plan: Plan):
    """The stored plan as the engine sees it, and a function checking it into keys that
    stay the same for the same breach; None when the athlete no longer fits the plan (the
    re-plan job says why)."""
    records, _ = catalogue_for_club(plan.athlete.club)
    try:
        profile = engine.parse_profile(services.athlete_profile_data(plan.athlete, plan.start_date))
    except engine.ProfileError:
        return None
    logged: set = set()
    checked = engine.document_to_plan(services.plan_document(plan, logged=logged), records)
    today = timezone.localdate()

    def check(candidate) -> Counter:
        return Counter(
            _key(w.rule, w.message, w.date, plan.start_date)
            for w in engine.check_plan(candidate, profile, records_before=today, recorded=logged)
        )

    return checked, check


def _key(rule: str, message: str, day: date | None, start: date) -> tuple:
    """A breach as the same breach wherever a move takes its date within the week."""
    if of_the_week(rule, message) and day is not None:
        return (rule, message, plan_week(start, day), None)
    return (rule, message, None, day)


def _on(found: Counter, day: date) -> set[str]:
    """The rules broken on `day` itself (not those of its whole week)."""
    return {rule for rule, _, _, on in found if on == day}


def slots(session: PlannedSession, today: date | None = None) -> tuple[list[str] | None, list]:
    """The rules the session breaks where it is now, and every slot it could move to with
    the rules it would break there: on that day, anywhere else that the plan does not
    break now (a neighbour's session too close, a session label twice in a row), and the
    placement rules it breaks on other days, as where it is now says them."""
    days = free_days(session, today)
    checker = _checker(session.plan) if days else None
    if checker is None:
        return None, [Slot(day, time, None) for day, time in _moves(session, days)]
    checked, check = checker
    now, alone = check(checked), _without(checked, check, session)
    found, fixed = [], set()
    for day, time in _moves(session, days):
        after = _after(checked, check, session, day, time)
        found.append(Slot(day, time, _broken(after, now, alone, day)))
        # A rule broken on some day now that a move would mend is this place's doing too,
        # as the choices count the rules a move newly breaks.
        fixed |= {rule for rule, _, _, on in now - after if on is not None}
    here = _on(now, session.date) | _placed(now, alone) | fixed
    return sorted(here), found


def _without(checked, check, session: PlannedSession) -> Counter:
    """The plan's breaches with the session taken out of it."""
    return check(
        replace(checked, sessions=tuple(s for s in checked.sessions if s.date != session.date))
    )


def _placed(found: Counter, alone: Counter) -> set[str]:
    """The placement rules (W.., S7) broken on some day that the plan would not break
    without the session (as a neighbour too close). A week's count or a progression it is
    part of goes with it wherever it moves in the week."""
    return {
        rule
        for rule, _, _, on in found - alone
        if on is not None and (rule.startswith("W") or rule == "S7")
    }


def _after(checked, check, session, day: date, time: str) -> Counter:
    """The plan's breaches with the session moved to `day` at `time`."""
    moved = replace(
        checked,
        sessions=tuple(
            replace(s, date=day, time=time) if s.date == session.date else s
            for s in checked.sessions
        ),
    )
    return check(moved)


def _broken(after: Counter, now: Counter, alone: Counter, day: date) -> list[str]:
    """The rules broken with the session moved to `day` (`after`): on that day, anywhere
    the plan does not break them `now`, and the placement rules it breaks there on other
    days (`alone`: the plan without the session)."""
    return sorted(_on(after, day) | {rule for rule, *_ in after - now} | _placed(after, alone))


def rules_at(session: PlannedSession, day: date, time: str) -> list[str] | None:
    """What the move page says beside one choice (None: the rules cannot be checked)."""
    checker = _checker(session.plan)
    if checker is None:
        return None
    checked, check = checker
    now, alone = check(checked), _without(checked, check, session)
    return _broken(_after(checked, check, session, day, time), now, alone, day)


def _moves(session: PlannedSession, days: list[date]) -> list[tuple[date, str]]:
    return [
        (day, time) for day in days for time in TIMES if (day, time) != (session.date, session.time)
    ]


def move_session(
    *, session_id: int, day: date, time: str, seen: str, today: date | None = None
) -> tuple[PlannedSession, list[str] | None]:
    """Move the session to `day` at `time`, if it is still where the coach saw it (`seen`,
    as Slot.value) and the day is one it can go to; then check the plan's rules again.
    Returns the session and the rules the move breaks, as the page said beside the choice
    (rules_at)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        found = PlannedSession.objects.select_related("plan__athlete__club").filter(pk=session_id)
        session = found.first()
        if session is not None:
            # The athlete's row first, as a switch of units holds it while it converts the
            # plan: an archive meanwhile waits, or refuses the move; a switch, each waits.
            hold_unarchived(session.plan.athlete)
            # One move at a time per plan (re-planning and the rule check take the same
            # lock): two coaches cannot both move a session onto one free day.
            Plan.objects.select_for_update().filter(pk=session.plan_id).values_list("pk").first()
            session = found.first()
        if session is None:
            raise MoveRefused(GONE)
        where = f"{session.date:%a %-d %b} {session.time.upper()}"
        if Slot(session.date, session.time, None).value != seen:
            raise MoveRefused(f"Not moved: this session was moved meanwhile, to {where}.")
        if started(session):
            raise MoveRefused(
                "Not moved: the athlete has logged this session, so it stays on its day."
            )
        if session.date < today:
            raise MoveRefused("Not moved: this session's day has passed.")
        days = _week_days(session, today)
        race = session.plan.race_date
        if after_race(day, race):
            raise MoveRefused(
                f"Not moved: {day:%a %-d %b} is after the race on {race:%a %-d %b}, where the "
                "plan ends. Choose a day before the race.",
                status=400,
            )
        if services.too_close_to_race(day, race):
            if day == race:
                when = "race day, when nothing is lifted (W4)"
            else:
                when = (
                    "in the 72 h before the race: nothing is lifted "
                    f"{services.race_clear_days(race)} (W4)"
                )
            last = services.race_clear_from(race) - timedelta(days=1)
            choose = (
                f"Choose a day up to {last:%a %-d %b}."
                if days
                else "No day of this week before then can take it."
            )
            raise MoveRefused(f"Not moved: {day:%a %-d %b} is {when}. {choose}", status=400)
        if (day, time) not in _moves(session, days):
            raise MoveRefused(CHOOSE, status=400)
        if day in _taken(session, days):
            # Free when the page was shown: another session was put there meanwhile.
            raise MoveRefused(
                f"Not moved: {day:%a %-d %b} holds another session now. Choose another day."
            )
        broken = rules_at(session, day, time)
        # Where the planner put it stays on record: re-planning makes the session afresh
        # and puts it back where the coach moved it (services._write_plan).
        session.moved_from = session.moved_from or session.date
        session.date, session.time = day, time
        session.save(update_fields=["date", "time", "moved_from"])
    services.plan_recheck(session.plan)
    return session, broken
