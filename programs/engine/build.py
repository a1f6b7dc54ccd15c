"""build_plan: from profile, template and catalogue to a dated, checked plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from .catalogue import Catalogue, ExerciseRecord
from .checks import check_plan
from .phases import Week, lay_out
from .placement import Fixed, Pin, WeekPlacer
from .plan import KeptSession, Plan, PlannedSession
from .profile import Profile
from .rules import HOUR, Facts, session_facts
from .sessions import Draft, SessionDesigner
from .template import Template


def build_plan(
    profile: Profile,
    template: Template,
    catalogue: Iterable[ExerciseRecord],
    kept: Sequence[KeptSession] = (),
    not_before: date | None = None,
) -> Plan:
    """The periodised plan for one athlete. Pure and deterministic: the same input always
    gives the same plan, whose `warnings` list every rule it breaks.

    A plan made again for an athlete already training passes the sessions it keeps and the
    first day still to come: the week under way is planned around what was kept, on the
    days left, instead of on days already gone by."""
    blocks, weeks = lay_out(profile, template)
    intro_weeks = sum(1 for w in weeks if w.phase == "intro")
    designer = SessionDesigner(profile, template, Catalogue(catalogue), intro_weeks)
    placer = WeekPlacer(profile)
    sessions: list[PlannedSession] = []
    previous: list[tuple[int, str, Facts]] = []
    for index, week in enumerate(weeks):
        drafts = designer.week(week)
        pins, fixed = _kept_in(week, kept, drafts)
        # Only the week under way loses its days gone by: the weeks before it are history,
        # planned as they were so the loads climb from them as before.
        under_way = not_before is not None and week.start <= not_before <= week.end
        placed = placer.place(
            week,
            drafts,
            previous,
            has_next=index + 1 < len(weeks),
            pins=pins,
            fixed=fixed,
            earliest=(not_before - week.start).days if under_way else 0,
        )
        designer.commit(week, [draft for draft, _, _ in placed])
        # Next week is spaced from this one's sessions as they are: kept ones as kept.
        kept_facts = {(day, time): facts for *_, day, time, facts in pins}
        previous = [(day - 7, time, facts) for day, time, facts in fixed]
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
            facts = kept_facts.get((day, time)) or session_facts(draft.kind, draft.exercises)
            previous.append((day - 7, time, facts))
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
    return replace(
        plan, warnings=tuple(check_plan(plan, profile)), left_out=tuple(sorted(designer.left_out))
    )


def _kept_in(
    week: Week, kept: Sequence[KeptSession], drafts: Sequence[Draft]
) -> tuple[list[Pin], list[Fixed]]:
    """The kept sessions of a week: those standing for one of its sessions, as pins, and the
    rest, which only hold their day. A kept session stands for the week's session of its
    label and kind; one left over (of another programme, say) for a session of its kind
    still unmatched, so the week keeps its number of sessions."""
    left = Counter((d.label, d.kind) for d in drafts)
    pins: list[Pin] = []
    over: list[KeptSession] = []
    for session in sorted(kept, key=lambda k: (k.date, HOUR[k.time])):
        if not week.start <= session.date <= week.end:
            continue
        if left[session.label, session.kind] > 0:
            left[session.label, session.kind] -= 1
            pins.append(_pin(session.label, session, week))
        else:
            over.append(session)
    fixed: list[Fixed] = []
    for session in over:
        label = next((lb for (lb, kind), n in left.items() if kind == session.kind and n), None)
        if label is not None:
            left[label, session.kind] -= 1
            pins.append(_pin(label, session, week))
        else:
            fixed.append(_pin(label, session, week)[2:])
    return pins, fixed


def _pin(label: str | None, session: KeptSession, week: Week) -> Pin:
    facts = Facts(session.kind, session.heavy, session.plyometric)
    return (label or "", session.kind, (session.date - week.start).days, session.time, facts)
