"""The coach's dashboard of a big club on PostgreSQL: about 300 athletes in six squads, each
with an engine-made plan that began ten weeks ago and the sessions since logged (sets
ticked, soreness, notes, pain flags, rules accepted). Times page 1 of the whole club, one
squad, and those who need a look, beside a trivial logged-in view in the same run
(in-process test client). Prints JSON.

    .venv/bin/python bench/dashboard.py

BENCH_ATHLETES (default 300) sets the club's size; plans are made in this process, which
takes a few minutes. BENCH_KEEP=1 times the club an earlier run left in the database (made
on the same day), to compare two versions of the code on the same data.
"""

import json
import os
import random
import statistics
from datetime import datetime, time, timedelta
from decimal import Decimal

from _setup import analyze, django_on_bench_database, interleaved, runners, summary

ATHLETES = int(os.environ.get("BENCH_ATHLETES", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
SQUADS = ("Road", "Track", "Trail", "Masters", "Juniors", "Beginners")
WEEKS_BACK = 10
CLUB, COACH = "Dashboard Harriers", "bench-coach"
STRENGTH = (("back-squat", 80), ("romanian-deadlift", 90), ("calf-raise", 70), ("step-up", 35))


def build_club(athletes: int = ATHLETES):
    """The club, its owner, and a squad to filter on. Every athlete but a few has a plan;
    one in nine is in no squad."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from athletes.models import Club, Membership, Squad, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program
    from schedules import services
    from schedules.models import Plan

    club = Club.objects.create(name=CLUB)
    user = get_user_model().objects.create_user(COACH, password="x")
    Membership.objects.create(user=user, club=club, role="owner")
    squads = [Squad.objects.create(club=club, name=name) for name in SQUADS]
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    exercises = {slug: Exercise.objects.get(club__isnull=True, slug=slug) for slug, _ in STRENGTH}
    people = runners(
        club,
        athletes,
        monday,
        race_weeks=(6, 12),
        squad=lambda i: None if i % 9 == 8 else squads[i % len(SQUADS)],
    )
    for athlete in people:
        for slug, load in STRENGTH:
            StrengthTest.objects.create(
                athlete=athlete, exercise=exercises[slug], tested_on=today, load=load, reps=1
            )
    planned = [a for i, a in enumerate(people) if i % 50 != 49]  # a few not planned yet
    # Without REDIS_URL the plan jobs run in this process as they are queued.
    services.assign_program(
        athletes=planned,
        template=default_program(),
        start_date=monday - timedelta(weeks=WEEKS_BACK),
        user=None,
    )
    made = Plan.objects.filter(athlete__in=planned).count()
    if made != len(planned):
        raise RuntimeError(f"{len(planned) - made} plans were not made")
    return club, user, squads, planned


def log_history(athletes, user, seed: int = 3) -> dict:
    """Ten weeks as a club lives them: most past sessions logged with their sets ticked
    (some part way), a soreness report on each, a few notes, pain flags open and cleared,
    a few reports already seen and rules accepted."""
    from django.utils import timezone

    from schedules.models import (
        PainFlag,
        PlannedExercise,
        PlannedSession,
        RuleOverride,
        SetLog,
    )

    rng = random.Random(seed)
    today = timezone.localdate()
    sessions = list(
        PlannedSession.objects.filter(plan__athlete__in=athletes, date__lt=today).order_by("id")
    )
    logged, updates = [], []
    for session in sessions:
        # Sessions were there from the plan's start, not made today for past days.
        session.created_at = timezone.make_aware(datetime.combine(session.date, time(6)))
        if rng.random() < 0.85:
            session.logged_at = timezone.make_aware(datetime.combine(session.date, time(18)))
            session.soreness = min(10, max(0, int(rng.gauss(3.5, 2))))
            session.soreness_at = session.logged_at + timedelta(hours=20)
            if rng.random() < 0.1:
                session.athlete_note = "Legs heavy after Tuesday's intervals."
            logged.append(session)
        updates.append(session)
    PlannedSession.objects.bulk_update(
        updates,
        ["created_at", "logged_at", "soreness", "soreness_at", "athlete_note"],
        batch_size=2000,
    )
    exercises = PlannedExercise.objects.filter(session__in=logged).values_list("pk", "sets")
    set_logs = [
        SetLog(planned_exercise_id=pk, set_number=n, done=True, reps=5, load=Decimal("40"))
        for pk, sets in exercises
        for n in range(1, sets + 1)
        if rng.random() < 0.93
    ]
    SetLog.objects.bulk_create(set_logs, batch_size=5000)
    # The latest report of some athletes already seen by a coach.
    latest = {}
    for session in logged:
        latest[session.plan_id] = session
    seen = [s for i, s in enumerate(latest.values()) if i % 4 == 0]
    for session in seen:
        session.soreness_seen = session.soreness
        session.soreness_seen_at = timezone.now()
        session.soreness_seen_by = user
    PlannedSession.objects.bulk_update(
        seen, ["soreness_seen", "soreness_seen_at", "soreness_seen_by"]
    )
    # Pain: one athlete in twelve with a flag open, one in fifteen with one cleared lately.
    recent = {}
    for session in logged:
        if session.date >= today - timedelta(days=21):
            recent.setdefault(session.plan_id, session)
    flags = []
    for i, athlete in enumerate(athletes):
        session = recent.get(athlete.plan.pk)
        if session is None or not (i % 12 == 5 or i % 15 == 7):
            continue
        pe = session.exercises.order_by("order").first()
        flags.append(
            PainFlag(
                athlete=athlete,
                planned_exercise=pe,
                exercise_id=pe.exercise_id,
                note="Knee sore on the way down",
                cleared_at=None if i % 12 == 5 else timezone.now() - timedelta(days=2),
                cleared_by=None if i % 12 == 5 else user,
            )
        )
    PainFlag.objects.bulk_create(flags)
    RuleOverride.objects.bulk_create(
        RuleOverride(athlete=a, rule=rule, created_by=user)
        for a in athletes[::20]
        for rule in ("W5", "W8")
    )
    return {
        "sessions_past": len(sessions),
        "sessions_logged": len(logged),
        "set_logs": len(set_logs),
        "pain_flags": len(flags),
    }


def main() -> None:
    os.environ.pop("REDIS_URL", None)
    keep = os.environ.get("BENCH_KEEP") == "1"
    django_on_bench_database("runstrength_bench_dashboard", keep=keep)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ROOT_URLCONF = "_urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    from django.contrib.auth import get_user_model

    from athletes.models import Club

    if keep and Club.objects.filter(name=CLUB).exists():
        club = Club.objects.get(name=CLUB)
        user = get_user_model().objects.get(username=COACH)
        squads = list(club.squads.order_by("pk"))
        history = {"kept": True}
    else:
        club, user, squads, planned = build_club()
        history = log_history(planned, user)
        analyze()

    client = Client()
    client.force_login(user)
    squad = squads[0]

    def get(params=None):
        def fetch():
            response = client.get("/dashboard/", params or {})
            assert response.status_code == 200, response.status_code

        return fetch

    cases = {
        "trivial": lambda: client.get("/bench/trivial/"),
        "all_page_1": get(),
        "one_squad": get({"squad": squad.pk}),
        "needs_a_look": get({"show": "attention"}),
        "squad_needs_a_look": get({"squad": squad.pk, "show": "attention"}),
    }
    queries = {}
    for name, fn in cases.items():
        with CaptureQueriesContext(connection) as ctx:
            fn()
        queries[name] = len(ctx.captured_queries)
    samples = interleaved(cases, ROUNDS, warm_up=3)
    floor = statistics.median(samples["trivial"])
    print(
        json.dumps(
            {
                "athletes": len(club.athletes.all()),
                "squad_shown": {"name": squad.name, "athletes": squad.athletes.count()},
                **history,
                "rounds": ROUNDS,
                "pages": {name: summary(values) for name, values in samples.items()},
                "vs_trivial": {
                    name: round(statistics.median(values) / floor, 1)
                    for name, values in samples.items()
                    if name != "trivial"
                },
                "queries": queries,
                # How busy the machine was: on a shared one the timings move with it.
                "machine_load_1min": round(os.getloadavg()[0], 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
