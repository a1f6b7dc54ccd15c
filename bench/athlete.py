"""The athlete's phone pages on PostgreSQL: the week page and a set-log save, each beside
trivial Django views measured in the same run (in-process test client). Prints JSON.

Baselines: a view that returns a constant (the goal's reference), the same with one
committed single-row UPDATE (the floor under any save), and the login page (a small
template with a form).

    .venv/bin/python bench/athlete.py

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/runstrength_bench; the
database is created when missing and its bench club is rebuilt on every run.
"""

import json
import os
import re
import sys
from pathlib import Path

from _setup import interleaved, summary

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/runstrength_bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
GOAL = 5.0
CLUB = "Bench athletes club"


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def trivial(request):
    """The floor for an anonymous page: the whole middleware stack, no query, no template."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def trivial_write(request):
    """The floor for any save: one single-row UPDATE and its commit, no template."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE athletes_club SET name = name WHERE id = (SELECT MIN(id) FROM athletes_club)"
        )
    return HttpResponse("ok")


def urlpatterns_with_trivial():
    from django.urls import include, path

    return [
        path("bench/trivial/", trivial),
        path("bench/trivial-write/", csrf_exempt_view(trivial_write)),
        path("", include("config.urls")),
    ]


def csrf_exempt_view(view):
    from django.views.decorators.csrf import csrf_exempt

    return csrf_exempt(view)


def seed() -> tuple[str, object]:
    """A club with one athlete on a four-week plan; returns the private link's token."""
    from athletes.models import AthleteLink, Club
    from schedules.models import Plan, PlannedExercise
    from tests.factories import AthleteFactory, StrengthTestFactory
    from tests.plan_factories import make_plan

    Plan.objects.filter(athlete__club__name=CLUB).delete()  # plans protect their assignment
    Club.objects.filter(name=CLUB).delete()
    athlete = AthleteFactory(club=Club.objects.create(name=CLUB), name="Bench Runner")
    StrengthTestFactory(athlete=athlete)
    plan = make_plan(athlete, weeks=4)
    _, token = AthleteLink.issue(athlete=athlete)
    squat = PlannedExercise.objects.filter(
        session__plan=plan, session__week=1, exercise__slug="back-squat"
    ).get()
    return token, squat


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    token, squat = seed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps on a live server
    week_url = f"/w/{token}/"
    save_url = f"{week_url}sets/{squat.pk}/1/"
    client = Client(HTTP_HX_REQUEST="true")
    page_client = Client()
    stamp = {"seen": "", "reps": 6}

    def check(response, status=200):
        assert response.status_code == status, (response.status_code, response.content[:300])
        return response

    def save():
        stamp["reps"] = 11 - stamp["reps"]  # 6, 5, 6, ...: every save writes
        response = check(
            client.post(
                save_url,
                {"done": "1", "reps": stamp["reps"], "load": "60", "seen": stamp["seen"]},
            )
        )
        stamp["seen"] = re.search(rb'name="seen" value="([^"]+)"', response.content)[1].decode()

    module = sys.modules[__name__]
    module.urlpatterns = urlpatterns_with_trivial()
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        samples = interleaved(
            {
                "trivial_view": lambda: check(page_client.get("/bench/trivial/")),
                "trivial_write_view": lambda: check(page_client.post("/bench/trivial-write/")),
                "login_page": lambda: check(page_client.get("/login/")),
                "week_page": lambda: check(page_client.get(week_url)),
                "log_save": save,
            },
            ROUNDS,
            warm_up=10,
        )
    results = {name: summary(values) for name, values in samples.items()}
    floor = results["trivial_view"]["median_ms"]
    login = results["login_page"]["median_ms"]
    ratios = {
        "week_page_vs_trivial": round(results["week_page"]["median_ms"] / floor, 2),
        "log_save_vs_trivial": round(results["log_save"]["median_ms"] / floor, 2),
        "week_page_vs_login_page": round(results["week_page"]["median_ms"] / login, 2),
        "log_save_vs_login_page": round(results["log_save"]["median_ms"] / login, 2),
        "log_save_vs_trivial_write": round(
            results["log_save"]["median_ms"] / results["trivial_write_view"]["median_ms"], 2
        ),
    }
    print(
        json.dumps(
            {
                "benchmark": "athlete week page and set-log save",
                "database": connection.vendor,
                "rounds": ROUNDS,
                **results,
                "ratios": ratios,
                "goal": f"within {GOAL:g}x of the trivial view",
                "goal_met": {
                    "week_page": ratios["week_page_vs_trivial"] <= GOAL,
                    "log_save": ratios["log_save_vs_trivial"] <= GOAL,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
