"""Shared helpers for the engine tests: the shipped catalogue, profiles and small plans."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from programs.engine import (
    ExerciseRecord,
    PhaseBlock,
    Plan,
    PlannedExercise,
    PlannedSession,
    Profile,
    build_plan,
    default_template,
    parse_profile,
)

ROOT = Path(__file__).resolve().parents[2]
PROFILES = Path(__file__).resolve().parent / "profiles"
CATALOGUE = [
    ExerciseRecord.from_dict(d)
    for d in json.loads((ROOT / "exercises/data/catalogue.json").read_text(encoding="utf-8"))
]
SLUGS = {record.slug for record in CATALOGUE}

# A running week with room for everything: one quality session, one long run.
ROOMY_WEEK = {
    "mon": {"run": "easy", "time": "am"},
    "tue": {"run": "quality", "time": "am"},
    "wed": {"run": "easy", "time": "am"},
    "thu": {"run": "easy", "time": "am"},
    "fri": {"run": "rest"},
    "sat": {"run": "easy", "time": "am"},
    "sun": {"run": "long", "time": "am"},
}
BASE_PROFILE: dict[str, Any] = {
    "athlete": {
        "name": "Test Runner",
        "sex": "female",
        "body_mass_kg": 60,
        "experience": "intermediate",
        "event": "marathon",
    },
    "units": "kg",
    "one_rep_max": {"back-squat": 100, "romanian-deadlift": 110},
    "running_week": ROOMY_WEEK,
    "start_date": "2027-01-04",
    "race_date": "2027-04-25",
}


def profile_data(**changes: Any) -> dict[str, Any]:
    """The base profile document with top-level or athlete keys replaced."""
    data = copy.deepcopy(BASE_PROFILE)
    for key, value in changes.items():
        if key in data["athlete"]:
            data["athlete"][key] = value
        else:
            data[key] = value
    return data


def make_profile(**changes: Any) -> Profile:
    return parse_profile(profile_data(**changes), SLUGS)


def load_profile(name: str) -> Profile:
    return parse_profile(json.loads((PROFILES / name).read_text(encoding="utf-8")), SLUGS)


def make_plan(profile: Profile, template=None) -> Plan:
    return build_plan(profile, template or default_template(), CATALOGUE)


def rules(warnings) -> set[str]:
    return {w.rule for w in warnings}


def d(text: str) -> date:
    return date.fromisoformat(text)


def lift(
    slug: str,
    category: str = "max_strength",
    unilateral: bool = False,
    **changes: Any,
) -> PlannedExercise:
    values: dict[str, Any] = {
        "exercise": slug,
        "category": category,
        "unilateral": unilateral,
        "sets": 3,
        "reps": 5,
        "percent_1rm": 80 if category == "max_strength" else None,
        "rir": 2 if category in ("max_strength", "power") else None,
        "rest_s": 150,
        "pattern": "squat",
        "plane": "sagittal",
        "load_mode": "percent_1rm",
    }
    values.update(changes)
    return PlannedExercise(**values)


HEAVY = (
    lift("back-squat", load=80.0),
    lift("bulgarian-split-squat", unilateral=True, pattern="lunge"),
    lift("calf-raise", pattern="calf"),
)
CONDITIONING = (
    lift(
        "reverse-fly",
        "conditioning",
        sets=2,
        reps=10,
        pattern="pull",
        plane="transverse",
        load_mode="bodyweight_reps",
        rest_s=45,
    ),
    lift(
        "side-plank",
        "conditioning",
        True,
        sets=2,
        reps=None,
        seconds=30,
        pattern="core",
        plane="frontal",
        load_mode="seconds",
        rest_s=45,
    ),
)
BOX_JUMP = lift(
    "box-jump", "plyometric", reps=5, pattern="jump", load_mode="bodyweight_reps", rest_s=90
)
HILLS = (
    lift(
        "hill-sprint",
        "hill_sprint",
        True,
        sets=6,
        reps=None,
        seconds=8,
        pattern="sprint",
        load_mode="seconds",
        rest_s=120,
    ),
)


def session(
    day: str,
    kind: str = "lifting",
    time: str = "pm",
    exercises: tuple[PlannedExercise, ...] | None = None,
    phase: str = "base",
    start: str = "2027-01-04",
    **changes: Any,
) -> PlannedSession:
    when = d(day)
    if exercises is None:
        exercises = {
            "lifting": HEAVY,
            "conditioning": CONDITIONING,
            "hill_sprint": HILLS,
            "plyometric": (BOX_JUMP,),
        }[kind]
    return PlannedSession(
        date=when,
        time=time,
        week=(when - d(start)).days // 7 + 1,
        phase=phase,
        kind=kind,
        label=changes.pop("label", "A"),
        exercises=exercises,
        **changes,
    )


def small_plan(profile: Profile, *sessions: PlannedSession, phase: str = "base") -> Plan:
    """A hand-made plan: one phase block from the profile's start to its race (or 12 weeks)."""
    end = profile.race_date or profile.start_date + timedelta(days=83)
    return Plan(
        athlete=profile.name,
        experience=profile.experience,
        event=profile.event,
        start_date=profile.start_date,
        race_date=profile.race_date,
        units=profile.units,
        phases=(PhaseBlock(phase, profile.start_date, end, 2),),
        sessions=tuple(sessions),
    )


def with_session(plan: Plan, index: int, **changes: Any) -> Plan:
    sessions = list(plan.sessions)
    sessions[index] = replace(sessions[index], **changes)
    return replace(plan, sessions=tuple(sessions), warnings=())


def with_exercise(plan: Plan, index: int, slug: str, **changes: Any) -> Plan:
    target = plan.sessions[index]
    exercises = tuple(replace(e, **changes) if e.exercise == slug else e for e in target.exercises)
    return with_session(plan, index, exercises=exercises)


def first(plan: Plan, **attrs: Any) -> int:
    """Index of the first session whose attributes match."""
    for i, s in enumerate(plan.sessions):
        if all(getattr(s, k) == v for k, v in attrs.items()):
            return i
    raise LookupError(attrs)
