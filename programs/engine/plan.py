"""The plan: phases, dated sessions with their prescriptions, and the rules it breaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PlannedExercise:
    exercise: str
    category: str
    unilateral: bool
    sets: int
    reps: int | None = None
    seconds: int | None = None
    metres: int | None = None
    percent_1rm: float | None = None
    load: float | None = None
    unit: str = "kg"
    rir: int | None = None
    rest_s: int | None = None
    # Catalogue facts the rule checker needs; the plan document does not carry them, so
    # document_to_plan fills them in from the catalogue when it is given one.
    pattern: str | None = None
    plane: str | None = None
    load_mode: str | None = None
    name: str | None = None  # as the catalogue spells it, for the checker's messages


@dataclass(frozen=True)
class PlannedSession:
    date: date
    time: str
    week: int
    phase: str
    kind: str
    label: str
    exercises: tuple[PlannedExercise, ...]
    deload: bool = False


@dataclass(frozen=True)
class KeptSession:
    """A session of the athlete's plan as it stands that a plan made again keeps (logged,
    edited by the coach, or gone by). The planner places the new sessions around it; with
    the `label` and kind of one of its week's sessions, it is that session, on its own day
    and time."""

    date: date
    time: str
    kind: str
    heavy: bool = False
    plyometric: bool = False
    label: str | None = None


@dataclass(frozen=True)
class PhaseBlock:
    phase: str
    start: date
    end: date
    sessions_per_week: int


@dataclass(frozen=True)
class RuleWarning:
    rule: str
    date: date
    message: str


@dataclass(frozen=True)
class Plan:
    athlete: str
    experience: str
    event: str
    start_date: date
    race_date: date | None
    units: str
    phases: tuple[PhaseBlock, ...]
    sessions: tuple[PlannedSession, ...]
    warnings: tuple[RuleWarning, ...] = ()
    # (phase, session label, exercise slug or "any <category>"): lifts the planner left out
    # of a session to keep it within S1's time. Said by the programme check; not part of
    # the document.
    left_out: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)

    def week_of(self, day: date) -> int:
        return (day - self.start_date).days // 7 + 1
