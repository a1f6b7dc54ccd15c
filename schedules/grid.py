"""The coach's load grid: prescriptions down the side, weeks across."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from schedules.calendar import PHASE_NAMES
from schedules.models import Plan, PlannedExercise, PlannedSession


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
    kind: str
    rows: list[GridRow] = field(default_factory=list)


def grid_sessions(plan: Plan):
    exercises = PlannedExercise.objects.select_related("exercise", "edited_by").order_by(
        "order", "id"
    )
    return list(
        PlannedSession.objects.filter(plan=plan)
        .order_by("date", "time", "id")
        .prefetch_related(Prefetch("exercises", queryset=exercises))
    )


def build_grid(sessions: list[PlannedSession]) -> tuple[list[GridWeek], list[GridGroup]]:
    """One column per plan week; one row per session label and exercise; the first
    matching prescription of the week fills the cell."""
    weeks: dict[int, GridWeek] = {}
    groups: dict[str, GridGroup] = {}
    rows: dict[tuple[str, int], GridRow] = {}
    for session in sessions:
        week = weeks.setdefault(
            session.week, GridWeek(session.week, session.phase, session.date, session.deload)
        )
        week.start = min(week.start, session.date)
        group = groups.setdefault(session.label, GridGroup(session.label, session.kind))
        for planned in session.exercises.all():
            key = (session.label, planned.exercise_id)
            row = rows.get(key)
            if row is None:
                row = rows[key] = GridRow(session.label, planned.exercise.name, {})
                group.rows.append(row)
            row.cells.setdefault(session.week, planned)
    ordered_weeks = [weeks[n] for n in sorted(weeks)]
    for row in rows.values():
        row.cells = [row.cells.get(w.number) for w in ordered_weeks]
    return ordered_weeks, sorted(groups.values(), key=lambda g: g.label)
