"""Plan rows made directly (without the engine), for tests of pages that show plans."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from athletes.models import Athlete
from programs.models import ProgramTemplate
from schedules.models import Assignment, Plan, PlannedExercise, PlannedSession
from tests.factories import shipped

# label, weekday offset, time, exercises: (slug, category, unilateral, sets, reps, pct, load)
WEEK = [
    (
        "A",
        0,
        "pm",
        [
            ("box-jump", "plyometric", False, 3, 5, None, None),
            ("back-squat", "max_strength", False, 3, 6, 80, Decimal("60")),
            ("bulgarian-split-squat", "max_strength", True, 3, 6, 75, Decimal("30")),
            ("calf-raise", "max_strength", False, 3, 8, 75, Decimal("52.5")),
        ],
    ),
    (
        "B",
        3,
        "pm",
        [
            ("single-leg-hop", "plyometric", True, 3, 8, None, None),
            ("romanian-deadlift", "max_strength", False, 3, 6, 80, Decimal("65")),
            ("step-up", "max_strength", True, 3, 6, 75, Decimal("25")),
            ("single-leg-calf-raise", "max_strength", True, 3, 10, None, Decimal("15")),
        ],
    ),
]
# Rest between sets: 2:30 on the main lifts, less on the rest, so that each session takes
# about 45 minutes with its warm-up, as DOMAIN S1 asks.
REST_S = {
    "box-jump": 90,
    "single-leg-hop": 90,
    "bulgarian-split-squat": 120,
    "step-up": 120,
    "calf-raise": 90,
    "single-leg-calf-raise": 60,
}


def make_plan(athlete: Athlete, *, weeks: int = 2, start: date | None = None) -> Plan:
    """A plan of `weeks` weeks with two lifting sessions a week, starting on a Monday."""
    today = timezone.localdate()
    start = start or today - timedelta(days=today.weekday())
    template, _ = ProgramTemplate.objects.get_or_create(club=None, name="Test programme")
    assignment = Assignment.objects.create(athlete=athlete, template=template, start_date=start)
    plan = Plan.objects.create(
        athlete=athlete,
        assignment=assignment,
        start_date=start,
        race_date=athlete.race_date,
        units=athlete.units,
        phases=[
            {
                "phase": "build",
                "start": start.isoformat(),
                "end": (start + timedelta(weeks=weeks, days=-1)).isoformat(),
                "sessions_per_week": 2,
            }
        ],
        warnings=[],
        generated_at=timezone.now(),
        generation=1,
    )
    exercises = {}
    # Made before its first day, as a plan for today or later is: every session was there
    # on its day (one put in after its day is never counted as missed).
    made = timezone.make_aware(datetime.combine(min(start, today), datetime.min.time()))
    for week in range(weeks):
        for label, offset, time, rows in WEEK:
            session = PlannedSession.objects.create(
                plan=plan,
                date=start + timedelta(weeks=week, days=offset),
                time=time,
                week=week + 1,
                phase="build",
                kind="lifting",
                label=label,
                created_at=made,
            )
            for order, (slug, category, unilateral, sets, reps, pct, load) in enumerate(rows):
                exercise = exercises.get(slug) or exercises.setdefault(slug, shipped(slug))
                PlannedExercise.objects.create(
                    session=session,
                    order=order,
                    exercise=exercise,
                    category=category,
                    unilateral=unilateral,
                    sets=sets,
                    reps=reps,
                    percent_1rm=pct,
                    load=load,
                    unit=athlete.units,
                    rir=2,
                    rest_s=REST_S.get(slug, 150),
                )
    return plan


def session_beside(
    session: PlannedSession, *, days: int, time: str, kind: str | None = None, label: str = "A"
) -> PlannedSession:
    """Another session of the same plan week and phase, `days` after `session`."""
    return PlannedSession.objects.create(
        plan=session.plan,
        date=session.date + timedelta(days=days),
        time=time,
        week=session.week,
        phase=session.phase,
        kind=kind or session.kind,
        label=label,
    )


def post_undo(client, athlete_pk: int, **extra):
    """Press the grid's "Undo last change" as the page offers it now (the form names the
    change it undoes)."""
    from django.urls import reverse

    page = client.get(reverse("plan_grid", args=[athlete_pk])).content.decode()
    [batch] = re.findall(r'name="batch" value="([^"]*)"', page)
    return client.post(reverse("grid_undo", args=[athlete_pk]), {"batch": batch}, **extra)
