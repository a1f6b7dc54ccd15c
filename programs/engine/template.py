"""Programme templates: phases with preferred lengths and the sessions each phase repeats.

The shipped evidence-based template and a club's own templates share this structure, so a
template stored in the database can be handed to the engine as it is."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .catalogue import CATEGORIES

PHASES = ("intro", "off_season", "base", "build", "sharpen", "taper", "maintenance")
SESSION_KINDS = ("lifting", "conditioning", "plyometric", "hill_sprint")
# Sessions that fill the weekly `sessions_per_week` slots, alternating A/B (S7); the other
# kinds come on top, once a week each.
SLOT_KINDS = ("lifting", "plyometric")
DEFAULT_TEMPLATE_FILE = Path(__file__).with_name("default_template.json")


class TemplateError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PrescriptionSpec:
    exercise: str | None
    category: str
    pattern: str | None = None
    unilateral: bool | None = None
    sets: int = 3
    reps: int | None = None
    seconds: int | None = None
    metres: int | None = None
    percent_1rm: float | None = None
    rir: int | None = None
    rest_s: int = 120
    order: int = 0
    notes: str = ""


@dataclass(frozen=True)
class SessionSpec:
    label: str
    kind: str
    prescriptions: tuple[PrescriptionSpec, ...]


@dataclass(frozen=True)
class PhaseSpec:
    phase: str
    weeks: int
    sessions_per_week: int
    reps_min: int
    reps_max: int
    percent_min: float
    percent_max: float
    sessions: tuple[SessionSpec, ...]


@dataclass(frozen=True)
class Template:
    name: str
    phases: tuple[PhaseSpec, ...]

    def phase(self, phase: str) -> PhaseSpec | None:
        for spec in self.phases:
            if spec.phase == phase:
                return spec
        return None


def phase_spec(template: Template, phase: str) -> PhaseSpec:
    """The template's spec for a phase; a club template that leaves a phase out borrows the
    shipped template's, so every plan can still be built."""
    spec = template.phase(phase) or default_template().phase(phase)
    if spec is None:
        raise KeyError(phase)
    return spec


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_PRESCRIPTION_INTS = ("sets", "reps", "seconds", "metres", "rir", "rest_s", "order")


def _prescription(d: Mapping[str, Any], path: str, problems: list[str]) -> PrescriptionSpec:
    if d.get("category") not in CATEGORIES:
        problems.append(f"{path}.category: must be one of " + ", ".join(CATEGORIES))
    for key in _PRESCRIPTION_INTS:
        value = d.get(key)
        if value is not None and not _is_int(value):
            problems.append(f"{path}.{key}: must be a whole number")
    if _is_int(d.get("sets", 3)) and d.get("sets", 3) < 1:
        problems.append(f"{path}.sets: must be at least 1")
    percent = d.get("percent_1rm")
    if percent is not None and (not _is_number(percent) or not 0 < percent <= 100):
        problems.append(f"{path}.percent_1rm: must be a number above 0 and at most 100")
    unilateral = d.get("unilateral")
    return PrescriptionSpec(
        exercise=d.get("exercise") or None,
        category=d.get("category", ""),
        pattern=d.get("pattern") or None,
        unilateral=None if unilateral is None else bool(unilateral),
        sets=d.get("sets", 3),
        reps=d.get("reps"),
        seconds=d.get("seconds"),
        metres=d.get("metres"),
        percent_1rm=d.get("percent_1rm"),
        rir=d.get("rir"),
        rest_s=d.get("rest_s", 120),
        order=d.get("order", 0),
        notes=d.get("notes", ""),
    )


def _session(d: Mapping[str, Any], path: str, problems: list[str]) -> SessionSpec:
    if d.get("kind") not in SESSION_KINDS:
        problems.append(f"{path}.kind: must be one of " + ", ".join(SESSION_KINDS))
    if not d.get("label"):
        problems.append(f"{path}.label: is required")
    prescriptions = tuple(
        _prescription(p, f"{path}.prescriptions[{i}]", problems)
        for i, p in enumerate(d.get("prescriptions", ()))
    )
    return SessionSpec(d.get("label", ""), d.get("kind", ""), prescriptions)


def _phase(d: Mapping[str, Any], path: str, problems: list[str]) -> PhaseSpec:
    if d.get("phase") not in PHASES:
        problems.append(f"{path}.phase: must be one of " + ", ".join(PHASES))
    for key, low, high in (("weeks", 1, 52), ("sessions_per_week", 0, 5)):
        value = d.get(key)
        if not _is_int(value) or not low <= value <= high:
            problems.append(f"{path}.{key}: must be a whole number from {low} to {high}")
    reps = (d.get("reps_min"), d.get("reps_max"))
    if not all(_is_int(r) for r in reps) or not 1 <= reps[0] <= reps[1]:
        problems.append(f"{path}.reps_min: must be at least 1 and at most reps_max")
    percents = (d.get("percent_min"), d.get("percent_max"))
    if not all(_is_number(x) for x in percents) or not 0 < percents[0] <= percents[1] <= 100:
        problems.append(f"{path}.percent_min: must be above 0 and at most percent_max (<= 100)")
    sessions = tuple(
        _session(s, f"{path}.sessions[{i}]", problems) for i, s in enumerate(d.get("sessions", ()))
    )
    return PhaseSpec(
        phase=d.get("phase", ""),
        weeks=d.get("weeks", 1),
        sessions_per_week=d.get("sessions_per_week", 0),
        reps_min=d.get("reps_min", 1),
        reps_max=d.get("reps_max", 1),
        percent_min=d.get("percent_min", 0),
        percent_max=d.get("percent_max", 0),
        sessions=sessions,
    )


def template_from_dict(d: Mapping[str, Any]) -> Template:
    problems: list[str] = []
    phases = tuple(_phase(p, f"phases[{i}]", problems) for i, p in enumerate(d.get("phases", ())))
    seen = [p.phase for p in phases]
    for phase in set(seen):
        if seen.count(phase) > 1:
            problems.append(f"phases: {phase} appears more than once")
    if problems:
        raise TemplateError(problems)
    return Template(name=d.get("name", ""), phases=phases)


def _prescription_to_dict(p: PrescriptionSpec) -> dict[str, Any]:
    return {
        "exercise": p.exercise,
        "category": p.category,
        "pattern": p.pattern,
        "unilateral": p.unilateral,
        "sets": p.sets,
        "reps": p.reps,
        "seconds": p.seconds,
        "metres": p.metres,
        "percent_1rm": p.percent_1rm,
        "rir": p.rir,
        "rest_s": p.rest_s,
        "order": p.order,
        "notes": p.notes,
    }


def template_to_dict(t: Template) -> dict[str, Any]:
    return {
        "name": t.name,
        "phases": [
            {
                "phase": p.phase,
                "weeks": p.weeks,
                "sessions_per_week": p.sessions_per_week,
                "reps_min": p.reps_min,
                "reps_max": p.reps_max,
                "percent_min": p.percent_min,
                "percent_max": p.percent_max,
                "sessions": [
                    {
                        "label": s.label,
                        "kind": s.kind,
                        "prescriptions": [_prescription_to_dict(x) for x in s.prescriptions],
                    }
                    for s in p.sessions
                ],
            }
            for p in t.phases
        ],
    }


@cache
def default_template() -> Template:
    """The shipped evidence-based programme (DOMAIN sections 1-3)."""
    template = template_from_dict(json.loads(DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8")))
    missing = [p for p in PHASES if p not in {s.phase for s in template.phases}]
    if missing:
        raise TemplateError([f"phases: the default template lacks {', '.join(missing)}"])
    return template
