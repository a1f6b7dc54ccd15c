"""The SQL queries and time of every coach page, and the athlete's week, for a small club
(four athletes) and a big one (200 athletes in six squads, most with plans ten weeks in and
logged, one with a 40-week plan, 40 programmes, 60 custom lifts, 120 exports), on
PostgreSQL (in-process test client). A page whose count is higher for the big club runs
queries that grow with the club's data. Prints JSON.

    .venv/bin/python bench/page_queries.py

BENCH_KEEP=1 measures the clubs an earlier run left in the database (made on the same day);
BENCH_DB names that database (runstrength_bench_pages).
"""

import json
import os
import time
from datetime import timedelta
from decimal import Decimal

from _setup import analyze, django_on_bench_database, runners

KEEP = os.environ.get("BENCH_KEEP") == "1"


def build(name, n_athletes, n_squads, n_programs, n_exercises, n_exports, long_weeks):
    import dashboard as dash
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from athletes.models import Athlete, Club, Membership, Squad, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program, program_clone
    from schedules import services
    from schedules.models import ExportJob, JobStatus, PainFlag, Plan, PlannedExercise

    club = Club.objects.create(name=name)
    user = get_user_model().objects.create_user(name.lower().replace(" ", "-"), password="x")
    Membership.objects.create(user=user, club=club, role="owner")
    squads = [Squad.objects.create(club=club, name=f"Squad {i}") for i in range(n_squads)]
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    programs = [
        program_clone(template=default_program(), club=club, name=f"Programme {i}")
        for i in range(n_programs)
    ]
    base = Exercise.objects.get(club__isnull=True, slug="back-squat")
    for i in range(n_exercises):
        Exercise.objects.create(
            club=club,
            slug=f"custom-{i}",
            name=f"Custom lift {i}",
            category=base.category,
            pattern=base.pattern,
            laterality=base.laterality,
            equipment=base.equipment,
            load_mode=base.load_mode,
            easier=base,
        )
    exercises = {
        slug: Exercise.objects.get(club__isnull=True, slug=slug) for slug, _ in dash.STRENGTH
    }
    people = runners(
        club,
        n_athletes,
        monday,
        race_weeks=(6, 12),
        squad=lambda i: None if i % 9 == 8 else squads[i % len(squads)],
    )
    for athlete in people:
        for slug, load in dash.STRENGTH:
            StrengthTest.objects.create(
                athlete=athlete, exercise=exercises[slug], tested_on=today, load=load, reps=1
            )
    planned = [a for i, a in enumerate(people) if i % 50 != 49]
    services.assign_program(
        athletes=planned,
        template=programs[0] if programs else default_program(),
        start_date=monday - timedelta(weeks=dash.WEEKS_BACK),
        user=None,
    )
    # The long plan.
    long = Athlete.objects.create(
        club=club,
        name="Long Plan",
        sex="female",
        body_mass_kg=Decimal("60"),
        experience="advanced",
        event="marathon",
        race_date=monday + timedelta(weeks=long_weeks - 15, days=6),
        squad=squads[0],
    )
    for w in range(12):
        for slug, load in dash.STRENGTH:
            StrengthTest.objects.create(
                athlete=long,
                exercise=exercises[slug],
                tested_on=today - timedelta(weeks=w * 3),
                load=load - w,
                reps=1 + w % 3,
            )
    services.assign_program(
        athletes=[long],
        template=default_program(),
        start_date=monday - timedelta(weeks=15),
        user=None,
    )
    planned.append(long)
    assert Plan.objects.filter(athlete__in=planned).count() == len(planned)
    history = dash.log_history(planned, user)
    # Extra pain flags for the long athlete.
    pes = list(
        PlannedExercise.objects.filter(
            session__plan__athlete=long, session__logged_at__isnull=False
        )[:30]
    )
    PainFlag.objects.bulk_create(
        PainFlag(
            athlete=long,
            planned_exercise=pe,
            exercise_id=pe.exercise_id,
            note="Sore",
            cleared_at=None if i % 3 == 0 else timezone.now(),
            cleared_by=None if i % 3 == 0 else user,
        )
        for i, pe in enumerate(pes)
    )
    ExportJob.objects.bulk_create(
        ExportJob(
            club=club,
            created_by=user,
            kind="athlete_block" if i % 2 else "squad_week",
            athlete=people[i % len(people)] if i % 2 else None,
            squad=None if i % 2 else squads[i % len(squads)],
            week_start=monday if i % 2 == 0 else None,
            status=JobStatus.DONE if i % 3 else JobStatus.FAILED,
            reason="" if i % 3 else "Broke",
        )
        for i in range(n_exports)
    )
    from athletes import services as athlete_services
    from schedules.models import LoadChange

    for a in people[: max(1, n_athletes // 20)]:
        athlete_services.athlete_archive(athlete=a)
    for a in people[-max(1, n_athletes // 20) :]:
        athlete_services.athlete_archive(athlete=a)
        athlete_services.athlete_restore(athlete=a)
    for i in range(n_squads + 1):
        coach = get_user_model().objects.create_user(f"{user.username}-c{i}", password="x")
        Membership.objects.create(user=coach, club=club, role="coach")
    custom = list(Exercise.objects.filter(club=club)[:10])
    for i, ex in enumerate(custom):
        StrengthTest.objects.create(
            athlete=long, exercise=ex, tested_on=today - timedelta(days=i), load=50, reps=3
        )
    pes = list(PlannedExercise.objects.filter(session__plan__athlete=long).order_by("pk")[:60])
    LoadChange.objects.bulk_create(
        LoadChange(
            planned_exercise=pe,
            athlete=long,
            user=user,
            field="load",
            old_value="40",
            new_value="42.5",
            batch=f"b{i // 3}",
        )
        for i, pe in enumerate(pes)
    )
    return club.pk, user.pk, long.pk, history


def pages(club_pk, user_pk, long_pk):
    from athletes.models import Athlete, AthleteLink, Club
    from programs.models import ProgramTemplate

    club = Club.objects.get(pk=club_pk)
    squad = club.squads.order_by("pk").first()
    other = Athlete.objects.filter(club=club).exclude(pk=long_pk).order_by("pk").first()
    prog = ProgramTemplate.objects.filter(club=club).order_by("pk").first()
    archived = Athlete.objects.filter(club=club, archived_at__isnull=False).first()
    from schedules.models import ExportJob, PlanJob

    batch = (
        PlanJob.objects.filter(athlete__club=club)
        .exclude(batch="")
        .values_list("batch", flat=True)
        .first()
    )
    job = PlanJob.objects.filter(athlete_id=long_pk).first().pk
    export = ExportJob.objects.filter(club=club).first().pk
    token = AthleteLink.issue(athlete=Athlete.objects.get(pk=long_pk))[1]
    L = long_pk
    return [
        ("roster", "/athletes/"),
        ("roster_sq", f"/athletes/?squad={squad.pk}"),
        ("roster_q", "/athletes/?q=Run"),
        ("roster_sort", "/athletes/?sort=race"),
        ("roster_p2", "/athletes/?page=2"),
        ("roster_arch", "/athletes/?show=archived"),
        ("athlete_long", f"/athletes/{L}/"),
        ("athlete_short", f"/athletes/{other.pk}/"),
        ("plan_long", f"/athletes/{L}/plan/"),
        ("plan_short", f"/athletes/{other.pk}/plan/"),
        ("grid_long", f"/athletes/{L}/loads/"),
        ("progress_long", f"/athletes/{L}/progress/"),
        ("assign_athlete", f"/athletes/{L}/assign/"),
        ("athlete_exports", f"/athletes/{L}/export/"),
        ("athlete_link", f"/athletes/{L}/link/"),
        ("athlete_edit", f"/athletes/{L}/edit/"),
        ("athlete_archived", f"/athletes/{archived.pk}/"),
        ("coaches", "/club/coaches/"),
        ("roster_export", "/athletes/export.csv"),
        ("squads", "/squads/"),
        ("squad_week", f"/squads/{squad.pk}/week/"),
        ("squad_tests", f"/squads/{squad.pk}/tests/"),
        ("assign_squad", f"/squads/{squad.pk}/assign/"),
        ("squad_exports", f"/squads/{squad.pk}/export/"),
        ("programmes", "/programmes/"),
        ("builder", f"/programmes/{prog.pk}/" if prog else "/programmes/"),
        ("exercises", "/exercises/"),
        ("exercise_custom", "/exercises/custom-0/"),
        ("exports", "/exports/"),
        ("dashboard", "/dashboard/"),
        ("dashboard_sq", f"/dashboard/?squad={squad.pk}"),
        ("dashboard_att", "/dashboard/?show=attention"),
        ("athlete_week", f"/w/{token}/"),
        ("athlete_ics", f"/w/{token}/calendar.ics"),
        ("plan_json", f"/athletes/{L}/plan.json"),
        ("plan_batch", f"/plans/batches/{batch}/"),
        ("plan_job", f"/plans/jobs/{job}/"),
        ("club_export", "/club/export.json"),
        ("export_job", f"/exports/{export}/"),
    ]


def fetch(client, url):
    response = client.get(url)
    if response.streaming:  # the club's file is read as it is sent
        b"".join(response.streaming_content)
    return response


def measure(user_pk, urls):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    out = {}
    for name, url in urls:
        fetch(client, url)  # warm
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = fetch(client, url)
            ms = (time.perf_counter() - t) * 1000
        out[name] = (r.status_code, len(ctx.captured_queries), round(ms, 1))
    return out


def main():
    os.environ.pop("REDIS_URL", None)
    django_on_bench_database(os.environ.get("BENCH_DB", "runstrength_bench_pages"), keep=KEEP)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    from athletes.models import Athlete, Club, Membership

    if KEEP and Club.objects.filter(name="Big Club").exists():
        clubs = {}
        for key, name in (("small", "Small Club"), ("big", "Big Club")):
            club = Club.objects.get(name=name)
            owner = Membership.objects.get(club=club, role="owner").user_id
            long = Athlete.objects.get(club=club, name="Long Plan").pk
            clubs[key] = (club.pk, owner, long, {"kept": True})
    else:
        clubs = {
            "small": build("Small Club", 4, 1, 1, 1, 2, 20),
            "big": build("Big Club", 200, 6, 40, 60, 120, 40),
        }
        analyze()
    results = {
        key: measure(user, pages(club, user, long)) for key, (club, user, long, _) in clubs.items()
    }
    rows = {}
    for name, (status, queries, ms) in results["small"].items():
        big_status, big_queries, big_ms = results["big"][name]
        rows[name] = {
            "queries": [queries, big_queries],
            "ms": [ms, big_ms],
            "more_in_big": big_queries > queries,
            **({"status": [status, big_status]} if {status, big_status} != {200} else {}),
        }
    print(json.dumps({"big_club": clubs["big"][3], "pages_small_vs_big": rows}, indent=2))


if __name__ == "__main__":
    main()
