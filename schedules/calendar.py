"""The plan laid out as weeks of days, for the calendar page."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from athletes.models import DAYS, RunningWeeks
from programs.models import PHASES

PHASE_NAMES = dict(PHASES)


def day_month(day: date, around: date, nbsp: bool = False) -> str:
    """A day as "20 Oct", with its year when a reader on `around` would take it for
    another year's: one more than a month before, or more than eleven months after (a race
    moved to "20 Oct" two years away reads as the coming October)."""
    space = "\u00a0" if nbsp else " "
    text = f"{day:%-d}{space}{day:%b}"
    if not around - timedelta(days=30) <= day <= around + timedelta(days=330):
        text += f"{space}{day:%Y}"
    return text


def sheet_monday(today: date) -> date:
    """The week a printed sheet is most likely wanted for: this one, or from Saturday on the
    coming one. Every print form starts from it."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 if today.weekday() >= 5 else 0)


def first_week_with_sessions(sessions, monday: date) -> date:
    """`monday`, or when its week has no session among `sessions` (PlannedSessions), the
    Monday of the first later week that has one: a plan assigned from next week should not
    open on an empty page."""
    first = sessions.filter(date__gte=monday).order_by("date").values_list("date", flat=True)
    day = first.first()
    if day is None:
        return monday
    return max(monday, day - timedelta(days=day.weekday()))


@dataclass
class Day:
    date: date
    run: dict
    sessions: list = field(default_factory=list)
    is_today: bool = False
    is_race: bool = False
    breaks: list = field(default_factory=list)  # the rules the plan breaks that day


@dataclass
class Week:
    number: int
    start: date
    phase: str
    days: list[Day]
    deload: bool = False
    when: str = ""  # its days, "7 Dec – 13 Dec", with the year where it would be misread

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES.get(self.phase, self.phase)


def plan_week(start: date, day: date) -> int:
    """The plan week a day falls in (weeks run from the start date); 0 before the start,
    where only sessions kept from an earlier plan (logged or past) can be."""
    return 0 if day < start else (day - start).days // 7 + 1


def week_count(plan, last_session_week: int = 0) -> int:
    """How many weeks the plan runs (its weeks start on its start date): to the end of its
    last phase, which takes in a race week without lifting."""
    ends = [date.fromisoformat(p["end"]) for p in plan.phases]
    return max([last_session_week] + [(end - plan.start_date).days // 7 + 1 for end in ends])


def phase_on(phases: list[dict], day: date) -> str:
    for block in phases:
        if block["start"] <= day.isoformat() <= block["end"]:
            return block["phase"]
    return ""


def plan_weeks(plan, sessions, runs: RunningWeeks, today: date) -> list[Week]:
    """The plan's weeks, Monday to Sunday, each day with the runs it was planned around."""
    by_date = defaultdict(list)
    for session in sessions:
        by_date[session.date].append(session)
    first = plan.start_date - timedelta(days=plan.start_date.weekday())
    last_dates = [plan.race_date] if plan.race_date else []
    last_dates += [s.date for s in sessions]
    last_dates += [date.fromisoformat(p["end"]) for p in plan.phases]
    last = max(last_dates or [first])
    weeks = []
    monday = first
    number = 1
    while monday <= last:
        days = []
        for offset, key in enumerate(DAYS):
            day = monday + timedelta(days=offset)
            entry = runs.week_of(day).get(key) or {"run": "rest"}
            days.append(
                Day(
                    date=day,
                    run=entry,
                    sessions=by_date.get(day, []),
                    is_today=day == today,
                    is_race=day == plan.race_date,
                )
            )
        week_sessions = [s for d in days for s in d.sessions]
        weeks.append(
            Week(
                number=number,
                start=monday,
                phase=phase_on(plan.phases, max(monday, plan.start_date)),
                days=days,
                deload=any(s.deload for s in week_sessions),
                when=" – ".join(
                    day_month(d, today, nbsp=True) for d in (monday, monday + timedelta(6))
                ),
            )
        )
        monday += timedelta(days=7)
        number += 1
    return weeks


def lifts_a_week(block: dict, sessions) -> str:
    """The lifting sessions a week the phase's weeks really hold: "2", or "1-2" where weeks
    differ (a new lifter's first weeks, a race week with none)."""
    start, end = date.fromisoformat(block["start"]), date.fromisoformat(block["end"])
    lifts = [s.date for s in sessions if s.kind == "lifting" and start <= s.date <= end]
    weeks = range(0, (end - start).days + 1, 7)
    counts = [
        sum(start + timedelta(days) <= d < start + timedelta(days + 7) for d in lifts)
        for days in weeks
    ]
    low, high = min(counts, default=0), max(counts, default=0)
    return str(high) if low == high else f"{low}-{high}"
