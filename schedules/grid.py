"""The coach's load grid: prescriptions down the side, weeks across."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.text import capfirst

from programs.models import SESSION_KINDS
from schedules.calendar import PHASE_NAMES, phase_on, week_count
from schedules.logbook import any_set_ticked, withheld_by
from schedules.models import PainFlag, Plan, PlannedExercise, PlannedSession

KIND_WORDS = dict(SESSION_KINDS)  # "Hill sprints", not "Hill_sprint"


def kind_words(kinds: Iterable[str]) -> str:
    """What kind of session a label's sessions are, as its heading says it: "Lifting", or
    "Conditioning / Plyometrics" where the weeks bring it as one kind, then another."""
    return " / ".join(KIND_WORDS.get(kind, capfirst(kind)) for kind in kinds)


@dataclass(frozen=True, slots=True)
class GridCell:
    """What one cell shows of a planned exercise, read as plain values."""

    pk: int
    version: int
    exercise_name: str
    sets: int
    reps: int | None
    seconds: int | None
    metres: int | None
    load: Decimal | None
    unit: str
    rir: int | None
    percent_1rm: Decimal | None
    hand_edited: bool
    editor: str | None
    edited_at: datetime | None
    note: str = ""
    logged: bool = False  # the athlete has logged its session: it stays as prescribed
    held: bool = False  # an open pain flag takes it out of its session (DOMAIN L9)
    day: date | None = None  # its session's date, which names its buttons apart
    done: bool | None = None  # in a logged session: whether any of its sets was ticked

    @classmethod
    def of(cls, planned: PlannedExercise, held: bool = False) -> "GridCell":
        """The cell of a planned exercise already in memory (its exercise and editor loaded)."""
        return cls(
            pk=planned.pk,
            version=planned.version,
            exercise_name=planned.exercise.name,
            sets=planned.sets,
            reps=planned.reps,
            seconds=planned.seconds,
            metres=planned.metres,
            load=planned.load,
            unit=planned.unit,
            rir=planned.rir,
            percent_1rm=planned.percent_1rm,
            hand_edited=planned.hand_edited,
            editor=planned.edited_by.get_username() if planned.edited_by_id else None,
            edited_at=planned.edited_at,
            note=planned.note,
            logged=planned.session.logged_at is not None,
            held=held,
            day=planned.session.date,
            done=(
                planned.set_logs.filter(done=True).exists()
                if planned.session.logged_at is not None
                else None
            ),
        )


# The columns read for a cell, in GridCell's field order.
_COLUMNS = (
    "pk",
    "version",
    "exercise__name",
    "sets",
    "reps",
    "seconds",
    "metres",
    "load",
    "unit",
    "rir",
    "percent_1rm",
    "hand_edited",
    "edited_by__username",
    "edited_at",
    "note",
)


@dataclass
class GridWeek:
    number: int
    phase: str
    start: date
    deload: bool = False

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES.get(self.phase, self.phase)


@dataclass
class GridRow:
    label: str
    exercise_name: str
    cells: list


@dataclass
class GridGroup:
    label: str
    kinds: list[str]  # in the order the weeks bring them: B is conditioning, then plyometric
    rows: list[GridRow] = field(default_factory=list)
    occurrence: int = 1  # 2 for the second session of this label in a week, and so on

    @property
    def kind_words(self) -> str:
        return kind_words(self.kinds)

    @property
    def title(self) -> str:
        if self.occurrence == 1:
            return f"Session {self.label}"
        return f"Session {self.label}, {ORDINALS.get(self.occurrence, self.occurrence)} of the week"


ORDINALS = {2: "2nd", 3: "3rd", 4: "4th", 5: "5th", 6: "6th", 7: "7th"}


@dataclass(frozen=True, slots=True)
class GridSession:
    week: int
    phase: str
    date: date
    deload: bool
    label: str
    kind: str
    cells: list[tuple[int, GridCell]]  # (exercise id, cell) in session order


def week_turns(keys: Iterable[tuple[int, str]]) -> list[int]:
    """For sessions in the grid's order, given as (week, label): which of that week's sessions
    of that label each is (1, 2, ...). The grid rows them by it and carry-forward keeps to it."""
    seen: dict[tuple[int, str], int] = {}
    turns = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        turns.append(seen[key])
    return turns


def grid_sessions(plan: Plan, pain_flags: Sequence[PainFlag] = ()) -> list[GridSession]:
    """The plan's sessions in date order with their cells: two flat queries of plain values.
    Sessions before the start date, kept from an earlier plan, are not in its weeks. A cell
    the athlete's open pain flags take out of its session is marked held."""
    cells: dict[int, list[tuple[int, GridCell]]] = {}
    rows = (
        PlannedExercise.objects.filter(
            session__plan=plan, session__date__gte=plan.start_date, session__week__gte=1
        )
        .annotate(ticked=any_set_ticked())
        .order_by("order", "id")
        .values_list(
            "session_id", "exercise_id", *_COLUMNS, "session__logged_at", "session__date", "ticked"
        )
    )
    for session_id, exercise_id, *values, logged_at, day, ticked in rows:
        logged = logged_at is not None
        held = bool(pain_flags) and bool(
            withheld_by(pain_flags, exercise_id, day, logged_at=logged_at, done=ticked)
        )
        cell = GridCell(*values, logged=logged, held=held, day=day, done=ticked)
        cells.setdefault(session_id, []).append((exercise_id, cell))
    sessions = (
        PlannedSession.objects.filter(plan=plan, date__gte=plan.start_date, week__gte=1)
        .order_by("date", "time", "id")
        .values_list("id", "week", "phase", "date", "deload", "label", "kind")
    )
    return [GridSession(*values, cells=cells.get(pk, [])) for pk, *values in sessions]


def plan_weeks(plan: Plan, sessions: list[GridSession]) -> dict[int, GridWeek]:
    """Every week of the plan's phases, lifting or not, each headed by its first day (the
    plan's weeks run from its start date)."""
    count = week_count(plan, max((s.week for s in sessions), default=0))
    weeks = {}
    for number in range(1, count + 1):
        start = plan.start_date + timedelta(days=7 * (number - 1))
        weeks[number] = GridWeek(number, phase_on(plan.phases, start), start)
    headed = set()
    for session in sessions:  # in date order: a week's first session names its phase
        week = weeks[session.week]
        if week.number not in headed:
            headed.add(week.number)
            week.phase = session.phase
        week.deload = week.deload or session.deload
    return weeks


def build_grid(plan: Plan, sessions: list[GridSession]) -> tuple[list[GridWeek], list[GridGroup]]:
    """One column per plan week; one row per session label and exercise. A label that comes
    round more than once in a week (a new lifter's short conditioning sessions) gets a group
    per turn, so every prescription of the plan has its own cell."""
    weeks = plan_weeks(plan, sessions)
    groups: dict[tuple[str, int], GridGroup] = {}
    rows: dict[tuple[str, int, int], GridRow] = {}
    turns = week_turns((s.week, s.label) for s in sessions)  # sessions are in date order
    for session, turn in zip(sessions, turns, strict=True):
        group = groups.get((session.label, turn))
        if group is None:
            group = groups[session.label, turn] = GridGroup(session.label, [], [], turn)
        if session.kind not in group.kinds:
            group.kinds.append(session.kind)
        for exercise_id, cell in session.cells:
            key = (session.label, turn, exercise_id)
            row = rows.get(key)
            if row is None:
                row = rows[key] = GridRow(session.label, cell.exercise_name, {})
                group.rows.append(row)
            row.cells.setdefault(session.week, cell)
    ordered_weeks = [weeks[n] for n in sorted(weeks)]
    for row in rows.values():
        row.cells = [row.cells.get(w.number) for w in ordered_weeks]
    return ordered_weeks, sorted(groups.values(), key=lambda g: (g.label, g.occurrence))
