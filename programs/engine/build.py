"""build_plan: from profile, template and catalogue to a dated, checked plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from .catalogue import Catalogue, ExerciseRecord
from .checks import check_plan
from .phases import lay_out
from .placement import WeekPlacer
from .plan import Plan, PlannedSession
from .profile import Profile
from .rules import HOUR, Facts, session_facts
from .sessions import SessionDesigner
from .template import Template


def build_plan(profile: Profile, template: Template, catalogue: Iterable[ExerciseRecord]) -> Plan:
    """The periodised plan for one athlete. Pure and deterministic: the same input always
    gives the same plan, whose `warnings` list every rule it breaks."""
    blocks, weeks = lay_out(profile, template)
    intro_weeks = sum(1 for w in weeks if w.phase == "intro")
    designer = SessionDesigner(profile, template, Catalogue(catalogue), intro_weeks)
    placer = WeekPlacer(profile)
    sessions: list[PlannedSession] = []
    previous: list[tuple[int, str, Facts]] = []
    for index, week in enumerate(weeks):
        drafts = designer.week(week)
        placed = placer.place(week, drafts, previous, has_next=index + 1 < len(weeks))
        designer.commit(week, [draft for draft, _, _ in placed])
        previous = []
        for draft, day, time in placed:
            sessions.append(
                PlannedSession(
                    date=week.start + timedelta(days=day),
                    time=time,
                    week=week.number,
                    phase=week.phase,
                    kind=draft.kind,
                    label=draft.label,
                    exercises=draft.exercises,
                    deload=week.deload,
                )
            )
            previous.append((day - 7, time, session_facts(draft.kind, draft.exercises)))
    sessions.sort(key=lambda s: (s.date, HOUR[s.time], s.label))
    plan = Plan(
        athlete=profile.name,
        experience=profile.experience,
        event=profile.event,
        start_date=profile.start_date,
        race_date=profile.race_date,
        units=profile.units,
        phases=tuple(blocks),
        sessions=tuple(sessions),
    )
    return replace(plan, warnings=tuple(check_plan(plan, profile)))
