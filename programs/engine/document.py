"""The plan document of docs/plan-format.md ("runstrength.plan/1") and back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .catalogue import ExerciseRecord
from .plan import PhaseBlock, Plan, PlannedExercise, PlannedSession, RuleWarning
from .rules import HOUR

FORMAT = "runstrength.plan/1"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _exercise(e: PlannedExercise) -> dict[str, Any]:
    return {
        "exercise": e.exercise,
        "category": e.category,
        "unilateral": e.unilateral,
        "sets": e.sets,
        "reps": e.reps,
        "seconds": e.seconds,
        "metres": e.metres,
        "percent_1rm": _number(e.percent_1rm),
        "load": _number(e.load),
        "unit": e.unit,
        "rir": e.rir,
        "rest_s": e.rest_s,
    }


def _session(s: PlannedSession) -> dict[str, Any]:
    out: dict[str, Any] = {
        "date": s.date.isoformat(),
        "time": s.time,
        "week": s.week,
        "phase": s.phase,
        "kind": s.kind,
        "label": s.label,
    }
    if s.deload:
        out["deload"] = True
    out["exercises"] = [_exercise(e) for e in s.exercises]
    return out


def plan_to_document(plan: Plan) -> dict[str, Any]:
    sessions = sorted(plan.sessions, key=lambda s: (s.date, HOUR.get(s.time, 0), s.label))
    return {
        "format": FORMAT,
        "athlete": {"name": plan.athlete, "experience": plan.experience, "event": plan.event},
        "start_date": plan.start_date.isoformat(),
        "race_date": plan.race_date.isoformat() if plan.race_date else None,
        "units": plan.units,
        "phases": [
            {
                "phase": b.phase,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "sessions_per_week": b.sessions_per_week,
            }
            for b in plan.phases
        ],
        "sessions": [_session(s) for s in sessions],
        "warnings": [
            {"rule": w.rule, "date": w.date.isoformat(), "message": w.message}
            for w in plan.warnings
        ],
    }


def document_to_plan(
    doc: Mapping[str, Any], catalogue: Iterable[ExerciseRecord] | None = None
) -> Plan:
    """Rebuild a Plan from its document. Pass the catalogue so that the rule checker knows
    each exercise's pattern, plane and load mode (S8, L6)."""
    if doc.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    records = {r.slug: r for r in catalogue or ()}

    def exercise(d: Mapping[str, Any]) -> PlannedExercise:
        record = records.get(d["exercise"])
        return PlannedExercise(
            exercise=d["exercise"],
            category=d["category"],
            unilateral=bool(d["unilateral"]),
            sets=d["sets"],
            reps=d.get("reps"),
            seconds=d.get("seconds"),
            metres=d.get("metres"),
            percent_1rm=d.get("percent_1rm"),
            load=d.get("load"),
            unit=d.get("unit") or doc["units"],
            rir=d.get("rir"),
            rest_s=d.get("rest_s"),
            pattern=record.pattern if record else None,
            plane=record.plane if record else None,
            load_mode=record.load_mode if record else None,
            name=record.name if record else None,
        )

    race = doc.get("race_date")
    return Plan(
        athlete=doc["athlete"]["name"],
        experience=doc["athlete"]["experience"],
        event=doc["athlete"]["event"],
        start_date=date.fromisoformat(doc["start_date"]),
        race_date=date.fromisoformat(race) if race else None,
        units=doc["units"],
        phases=tuple(
            PhaseBlock(
                phase=p["phase"],
                start=date.fromisoformat(p["start"]),
                end=date.fromisoformat(p["end"]),
                sessions_per_week=p["sessions_per_week"],
            )
            for p in doc["phases"]
        ),
        sessions=tuple(
            PlannedSession(
                date=date.fromisoformat(s["date"]),
                time=s["time"],
                week=s["week"],
                phase=s["phase"],
                kind=s["kind"],
                label=s["label"],
                exercises=tuple(exercise(e) for e in s["exercises"]),
                deload=bool(s.get("deload", False)),
            )
            for s in doc["sessions"]
        ),
        warnings=tuple(
            RuleWarning(w["rule"], date.fromisoformat(w["date"]), w["message"])
            for w in doc.get("warnings", ())
        ),
    )
