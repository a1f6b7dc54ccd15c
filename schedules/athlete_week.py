"""The athlete's week as the phone shows it: days, running, sessions, sets and logs."""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from athletes.models import DAYS, Athlete, RunningWeeks
from programs.engine.duration import each_side, heavy, session_minutes
from programs.models import SESSION_KINDS
from schedules.logbook import (
    PHASE_NAMES,
    current_phase,
    log_opens,
    pain_flags,
    set_stamp,
    withheld_by,
)
from schedules.models import PainFlag, Plan, PlannedExercise, PlannedSession, SetLog

PLATE_STEP = {"kg": Decimal("2.5"), "lb": Decimal("5")}
WARM_UP_SHARE = Decimal("0.55")  # DOMAIN S6: one lighter set at 50-60 % of the working weight
WARM_UP_LOW, WARM_UP_HIGH = Decimal("0.5"), Decimal("0.6")
WARM_UP_REPS = 5
KIND_NAMES = dict(SESSION_KINDS)
RUN_NAMES = {"rest": "Rest day", "easy": "Easy run", "quality": "Quality run", "long": "Long run"}


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plate_floor(load: Decimal, unit: str) -> Decimal:
    step = PLATE_STEP.get(unit, PLATE_STEP["kg"])
    return (load / step).to_integral_value(rounding=ROUND_FLOOR) * step


def number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rest_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if not rest else f"{minutes}:{rest:02d} min"


# A space between a number and its unit, or either side of the "×" of sets × reps.
_UNIT_SPACE = re.compile(r"(?<=\d) (?=(?:kg|lb|min|minutes|hours|s|m|reps|sets)\b|×)|(?<=×) (?=\d)")


def unbroken(text: str) -> str:
    """The text with a number kept on the line of its unit ("31 min", "62.5 kg", "3 × 6"):
    a narrow screen breaks a line at any space, and "about 31" at the end of one, "min" on
    the next, reads as a count of nothing."""
    return _UNIT_SPACE.sub("\u00a0", text)


def length_text(kind: str, exercises) -> str:
    """How long the session takes with its warm-up (DOMAIN S1), as the pages say it. Hill
    sprints are part of a run, whose warm-up and length the running plan sets."""
    if kind == "hill_sprint" or not exercises:
        return ""
    return f"about {session_minutes(exercises)} min"


def prescription_text(pe: PlannedExercise) -> str:
    """Sets x reps @ load in the athlete's unit."""
    if pe.reps:
        dose = f"{pe.sets} × {pe.reps}"
    elif pe.seconds:
        dose = f"{pe.sets} × {pe.seconds} s"
    elif pe.metres:
        dose = f"{pe.sets} × {pe.metres} m"
    else:
        dose = f"{pe.sets} sets"
    if each_side(pe) and (pe.reps or pe.seconds or pe.metres):
        dose += " each side"
    return f"{dose} @ {number(pe.load)} {pe.unit}" if pe.load is not None else dose


def effort_text(pe: PlannedExercise) -> str:
    """How hard, when no weight is given (DOMAIN L3: no 1RM yet means by effort)."""
    spare = pe.rir if pe.rir is not None else 2
    if pe.load is None and pe.percent_1rm is not None:
        return f"No one-rep max (1RM) yet: pick a weight you could lift {spare} more times"
    if pe.rir is not None and pe.category in ("max_strength", "power"):
        return f"Stop {spare} reps short of failure"
    return ""


def warm_up(pe: PlannedExercise) -> tuple[Decimal, int] | None:
    """The lighter set before a heavy lift (DOMAIN S6), as load and reps; None for light
    accessory work. Heavy means loaded from a 1RM: the phone, calendar and PDFs all ask this."""
    if not heavy(pe):
        return None
    load = plate_floor(pe.load * WARM_UP_SHARE, pe.unit)
    # Down from 55 % can fall below 50 % on a light lift (45 lb: 20 lb, 44 %) where the
    # next plate up is in the band (25 lb, 56 %): that one is the warm-up.
    up = load + PLATE_STEP.get(pe.unit, PLATE_STEP["kg"])
    if load < pe.load * WARM_UP_LOW and up <= pe.load * WARM_UP_HIGH:
        load = up
    if load <= 0 or load < pe.load * WARM_UP_LOW:
        return None  # no plate load in the band (7.5 kg: 2.5 or 5): too light to need one
    return load, min(pe.reps, WARM_UP_REPS)


def warm_up_text(pe: PlannedExercise) -> str:
    found = warm_up(pe)
    if found is None:
        return ""
    load, reps = found
    return f"Warm-up: 1 × {reps} @ {number(load)} {pe.unit}"


@dataclass
class SetView:
    """One set's row: what was logged, or the prescription ready to tick."""

    pe_id: int
    number: int
    unit: str
    show_reps: bool
    show_load: bool
    done: bool = False
    reps: str = ""
    load: str = ""
    stamp: str = ""
    errors: dict = field(default_factory=dict)
    message: str = ""
    exercise: str = ""  # its name, which tells a screen reader's "Set 1"s apart
    session: str = ""  # "session A on Monday": its Save button heard apart from another's
    # Refused because another screen saved it first: the row shows the set as saved there.
    shows_saved: bool = False
    # Saved without the page's script: the week it went back to says so beside it.
    saved: bool = False

    @property
    def dom_id(self) -> str:
        return f"set-{self.pe_id}-{self.number}"

    @property
    def path(self) -> str:
        """Where the row posts, after the page's base URL."""
        return f"sets/{self.pe_id}/{self.number}/"

    @property
    def label(self) -> str:
        return str(self.number)


def session_words(session: PlannedSession) -> str:
    """The session as a screen reader hears it beside a button: "session A on Monday". A
    week shows several sessions, each with forms of its own."""
    return f"session {session.label} on {session.date:%A}"


def set_view(pe: PlannedExercise, number_: int, log: SetLog | None) -> SetView:
    view = SetView(
        pe_id=pe.pk,
        number=number_,
        unit=pe.unit,
        show_reps=bool(pe.reps),
        show_load=pe.load is not None or pe.percent_1rm is not None,
        exercise=pe.exercise.name,
        session=session_words(pe.session),
    )
    if log is not None:
        view.done = log.done
        view.stamp = set_stamp(log)
    if log is None or (not log.done and log.reps is None and log.load is None):
        # Nothing logged, or unticked as prescribed, which keeps nothing typed: the set
        # to do, as prescribed now.
        view.reps = str(pe.reps or "")
        view.load = number(pe.load)
    else:
        view.reps = "" if log.reps is None else str(log.reps)
        view.load = number(log.load)
    return view


@dataclass
class ExerciseView:
    pe: PlannedExercise
    sets: list[SetView]
    prescription: str
    effort: str
    warm_up: str
    rest: str
    withheld: PainFlag | None = None
    pain: PainFlag | None = None
    pain_note: str = ""
    message: str = ""
    errors: dict = field(default_factory=dict)

    @property
    def exercise(self):
        return self.pe.exercise


@dataclass
class SessionView:
    session: PlannedSession
    exercises: list[ExerciseView]
    rpe: str = ""
    soreness: str = ""
    note: str = ""
    version: int = 1
    # The log as saved when the page showed it (rpe, soreness, note as the boxes show them):
    # the form sends it back, so a refused save tells a box changed here from one left as
    # it was (logbook's conflicts).
    shown: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    message: str = ""
    run_today: str = ""  # "Quality run" when the day has a run too: run first (W3)
    run_later: bool = False  # that run is in the afternoon and this session in the morning
    opens: date | None = None  # too far ahead to log yet: the first day it can be
    # The race it comes after: kept for its edited loads or a log when the race moved
    # before it, it is still the athlete's, but not one to do without asking the coach.
    after_race: date | None = None
    saved: bool = False  # its log saved without the page's script: "Saved" beside it
    landed: bool = False  # a save without the script went back to it: its day box is open

    @property
    def shown_json(self) -> str:
        return json.dumps(self.shown)

    @property
    def words(self) -> str:
        """The session as heard with its log's Save button: "session A on Monday"."""
        return session_words(self.session)

    @property
    def soreness_later(self) -> bool:
        """Soreness is reported the day after: worth a word while it is still to come."""
        return not self.soreness and self.session.date >= timezone.localdate()

    @property
    def soreness_locked(self) -> bool:
        """Before the session's day there is no soreness to tell (the form would refuse it)."""
        return self.session.date > timezone.localdate()

    @property
    def soreness_when(self) -> str:
        if self.session.date == timezone.localdate():
            # The box takes an evening's report (log_forms): the word says when is best,
            # not to come back over a box that takes one now.
            return "Best filled in tomorrow morning; tonight works too."
        return "Fill this in the day after the session."

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.session.kind, self.session.kind)

    @property
    def length(self) -> str:
        """What is left to lift once pain reports took exercises out (L9), as the page says
        it: "about 31 min", its number on the line of its unit."""
        return unbroken(
            length_text(self.session.kind, [e.pe for e in self.exercises if not e.withheld])
        )

    @property
    def done_sets(self) -> int:
        return sum(s.done for e in self.exercises if not e.withheld for s in e.sets)

    @property
    def total_sets(self) -> int:
        return sum(len(e.sets) for e in self.exercises if not e.withheld)

    @property
    def all_withheld(self) -> bool:
        """Every exercise left out after pain reports (L9): nothing of it to lift."""
        return bool(self.exercises) and all(e.withheld for e in self.exercises)


def exercise_view(
    pe: PlannedExercise,
    flags: list[PainFlag],
    day: date,
    logs: dict | None = None,
    *,
    logged_at: datetime | None = None,
) -> ExerciseView:
    """The exercise card; without `logs` it carries no set rows (for the pain fragment).
    `logged_at` is when its session was first logged (see logbook.withheld_by)."""
    done = any(log.done for log in (logs or {}).values())
    return ExerciseView(
        pe=pe,
        sets=[] if logs is None else [set_view(pe, n, logs.get(n)) for n in range(1, pe.sets + 1)],
        prescription=prescription_text(pe),
        effort=effort_text(pe),
        warm_up=warm_up_text(pe),
        rest=rest_text(pe.rest_s),
        withheld=withheld_by(flags, pe.exercise_id, day, logged_at=logged_at, done=done),
        pain=next(
            (f for f in flags if f.planned_exercise_id == pe.pk and f.cleared_at is None), None
        ),
    )


def session_view(
    session: PlannedSession,
    flags: list[PainFlag],
    exercises: list[tuple[PlannedExercise, dict[int, SetLog]]] = (),
) -> SessionView:
    """The session's card; `exercises` are its planned exercises with their set logs by set
    number (session_exercises), none for the session's log form alone."""
    at = session.logged_at
    view = SessionView(
        session=session,
        exercises=[
            exercise_view(pe, flags, session.date, logs, logged_at=at) for pe, logs in exercises
        ],
        rpe="" if session.rpe is None else str(session.rpe),
        soreness="" if session.soreness is None else str(session.soreness),
        note=session.athlete_note,
        version=session.version,
    )
    view.shown = saved_log(session)
    return view


def saved_log(session: PlannedSession) -> dict[str, str]:
    """The session's log as its form's boxes show it."""
    return {
        "rpe": "" if session.rpe is None else str(session.rpe),
        "soreness": "" if session.soreness is None else str(session.soreness),
        "note": session.athlete_note,
    }


@dataclass
class DayView:
    date: date
    run: dict
    sessions: list[SessionView]
    is_today: bool = False
    is_past: bool = False
    is_race: bool = False

    @property
    def run_name(self) -> str:
        if self.run["run"] == "rest" and self.sessions:
            return "No run"  # a day off running, not off training
        return RUN_NAMES.get(self.run["run"], self.run["run"])


@dataclass
class WeekView:
    athlete: Athlete
    start: date
    days: list[DayView]
    today: DayView | None
    phase: str
    deload: bool
    has_plan: bool
    plan_start: date | None = None
    plan_end: date | None = None
    # On a Monday, Sunday's sessions: last week's, but their soreness is asked for today.
    last_sunday: list[SessionView] = field(default_factory=list)

    @property
    def before_start(self) -> bool:
        """The whole week is before the plan's first day."""
        return self.plan_start is not None and self.end < self.plan_start

    @property
    def before_plan(self) -> bool:
        # Sessions kept from an earlier plan still show; the notice is for an empty week.
        return self.before_start and not self.sessions

    @property
    def after_plan(self) -> bool:
        return self.plan_end is not None and self.start > self.plan_end

    @property
    def race_day(self) -> "DayView | None":
        return next((d for d in self.days if d.is_race), None)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.start - timedelta(weeks=1)

    @property
    def next(self) -> date:
        return self.start + timedelta(weeks=1)

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES.get(self.phase, self.phase)

    @property
    def sessions(self) -> list[SessionView]:
        return [s for d in self.days for s in d.sessions]

    def mark_saved(self, anchor: str) -> None:
        """A save without the page's script went back to the form `anchor` ("set-3-1",
        "log-7", "pain-3"): that form says "Saved" and its session is open to be seen."""
        for s in self.sessions:
            if anchor == f"log-{s.session.pk}":
                s.saved = s.landed = True
            for ex in s.exercises:
                if anchor == f"pain-{ex.pe.pk}":
                    s.landed = True
                for st in ex.sets:
                    if anchor == st.dom_id:
                        st.saved = s.landed = True

    @property
    def later_days(self) -> list[DayView]:
        return [d for d in self.days if not d.is_past and not d.is_today]

    @property
    def earlier_days(self) -> list[DayView]:
        """Past days of the week that holds today (a late log is still welcome)."""
        return [d for d in self.days if d.is_past] if self.today else []

    @property
    def soreness_asked(self) -> list[SessionView]:
        """Yesterday's sessions the athlete logged and has not said how sore they are after:
        the coach's soreness flags (L8) hang on that report, made the day after."""
        if not self.today:
            return []
        yesterday = self.today.date - timedelta(days=1)
        return [
            s
            for s in self.last_sunday + self.sessions
            if s.session.date == yesterday
            and s.session.logged_at is not None
            and not s.soreness
            and not s.errors
        ]

    @property
    def earlier_unlogged(self) -> bool:
        """Whether a session of the past days has nothing logged yet (of days the athlete
        was archived, none: those were not theirs to do)."""
        away = self.athlete.away_days()
        return any(
            s.session.logged_at is None
            and not s.all_withheld
            and not any(first <= d.date < end for first, end in away)
            for d in self.earlier_days
            for s in d.sessions
        )


def week_sessions(athlete: Athlete, start: date, since: date | None = None) -> list[PlannedSession]:
    """The sessions of the week starting on `start` (and from `since`, when earlier)."""
    return list(
        PlannedSession.objects.filter(
            plan__athlete=athlete, date__gte=since or start, date__lte=start + timedelta(6)
        )
        .select_related("plan")
        .defer("plan__warnings")
        .order_by("date", "time", "id")
    )


def session_exercises(
    sessions: list[PlannedSession],
) -> dict[int, list[tuple[PlannedExercise, dict[int, SetLog]]]]:
    """Each session's planned exercises in order, each with its set logs by set number: two
    queries, read and grouped here rather than through prefetch_related, whose bookkeeping
    cost as much as the queries on the athlete's page."""
    found: dict[int, list[tuple[PlannedExercise, dict[int, SetLog]]]] = {s.pk: [] for s in sessions}
    exercises = list(
        PlannedExercise.objects.filter(session_id__in=list(found))
        .select_related("exercise")
        .order_by("order", "id")
    )
    logs: dict[int, dict[int, SetLog]] = {pe.pk: {} for pe in exercises}
    for log in SetLog.objects.filter(planned_exercise_id__in=list(logs)).order_by():
        logs[log.planned_exercise_id][log.set_number] = log
    by_pk = {s.pk: s for s in sessions}
    for pe in exercises:
        pe.session = by_pk[pe.session_id]  # read already: its words need no query of their own
        found[pe.session_id].append((pe, logs[pe.pk]))
    return found


def athlete_week(athlete: Athlete, start: date, today: date) -> WeekView:
    """The week starting on Monday `start`: five queries whatever its size, two when empty.
    On a Monday this week's read takes in Sunday's sessions too, to ask how sore they left."""
    since = start - timedelta(days=1) if today == start else None
    rows = week_sessions(athlete, start, since)
    sunday = [s for s in rows if s.date < start]
    rows = rows[len(sunday) :]
    if rows:
        plan = rows[0].plan
        exercises = session_exercises(rows)
        flags = pain_flags(athlete, exercises=False)
    else:
        plan = (
            Plan.objects.filter(athlete=athlete)
            .only("id", "phases", "athlete_id", "start_date", "race_date")
            .first()
        )
        exercises, flags = {}, []
    sessions = [session_view(s, flags, exercises[s.pk]) for s in rows]
    race = plan.race_date if plan else None
    runs = RunningWeeks.of(athlete, since=start)
    days = []
    for offset in range(len(DAYS)):
        day = start + timedelta(days=offset)
        run = runs.day(day)
        on_day = [s for s in sessions if s.session.date == day]
        for s in on_day:
            # Hill sprints are part of the day's run, not a lift after it.
            lift = s.session.kind != "hill_sprint"
            s.run_today = RUN_NAMES.get(run["run"], "") if lift and run["run"] != "rest" else ""
            # A coach may move a session to the morning before an afternoon run.
            s.run_later = s.session.time == "am" and run.get("time") == "pm"
            s.opens = log_opens(day, today, s.session.logged_at)
            # The plan's race, not the athlete's: a plan made after a race already run is
            # an off-season block with none, and none of its sessions comes after a race.
            s.after_race = race if race and day > race else None
        days.append(
            DayView(
                date=day,
                run=run,
                sessions=on_day,
                is_today=day == today,
                is_past=day < today,
                is_race=day == athlete.race_date,
            )
        )
    block = (
        current_phase(plan.phases, max(start, min(today, start + timedelta(6)))) if plan else None
    )
    return WeekView(
        athlete=athlete,
        start=start,
        days=days,
        today=next((d for d in days if d.is_today), None),
        phase=block["phase"] if block else (sessions[0].session.phase if sessions else ""),
        deload=any(s.session.deload for s in sessions),
        has_plan=plan is not None,
        plan_start=plan.start_date if plan else None,
        plan_end=plan_end(plan) if plan else None,
        last_sunday=[session_view(s, []) for s in sunday],
    )


def plan_end(plan: Plan) -> date | None:
    """The plan's last day: its race, or the end of its last phase."""
    ends = [date.fromisoformat(p["end"]) for p in plan.phases]
    if plan.race_date:
        ends.append(plan.race_date)
    return max(ends, default=None)
