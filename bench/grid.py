"""Load grid on PostgreSQL: the grid page of a 16-week plan and one cell edit, each beside a
trivial Django view measured in the same run (in-process test client). Prints JSON."""

import json
import statistics
from datetime import timedelta
from decimal import Decimal

from _setup import analyze, django_on_bench_database, interleaved, summary

ROUNDS = 100
HISTORY = 300  # edits made before timing: 600 history rows


def main() -> None:
    django_on_bench_database("runstrength_bench_grid")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from athletes.models import Athlete, Club, Membership, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program
    from schedules import services
    from schedules.models import PlannedExercise

    settings.ROOT_URLCONF = "_urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    club = Club.objects.create(name="Bench Harriers")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, club=club, role="owner")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    athlete = Athlete.objects.create(
        club=club,
        name="Grid Runner",
        sex="female",
        body_mass_kg=Decimal("60"),
        experience="intermediate",
        event="marathon",
        race_date=monday + timedelta(weeks=16, days=6),
    )
    for slug, load in (
        ("back-squat", 80),
        ("romanian-deadlift", 90),
        ("calf-raise", 70),
        ("bulgarian-split-squat", 40),
        ("step-up", 35),
    ):
        StrengthTest.objects.create(
            athlete=athlete,
            exercise=Exercise.objects.get(club__isnull=True, slug=slug),
            tested_on=today,
            load=load,
            reps=1,
        )
    [job] = services.assign_program(
        athletes=[athlete], template=default_program(), start_date=monday, user=None
    )
    services.job_claim(job.pk, 3)
    services.plan_generate(job_id=job.pk)
    cell = (
        PlannedExercise.objects.filter(session__plan__athlete=athlete, load__isnull=False)
        .order_by("session__date")
        .first()
    )

    client = Client()
    client.force_login(user)
    grid_url = f"/athletes/{athlete.pk}/loads/"
    edit_url = f"/loads/{cell.pk}/step/"
    loads = [Decimal("57.5"), Decimal("60")]

    def edit():
        current = PlannedExercise.objects.only("version", "load").get(pk=cell.pk)
        direction = "up" if current.load < max(loads) else "down"
        response = client.post(
            edit_url, {"direction": direction, "version": current.version}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200, response.status_code

    def version_lookup():
        PlannedExercise.objects.only("version", "load").get(pk=cell.pk)

    # A plan a coach has worked in for a while: a history of edits (the panel shows the
    # latest), and the statistics the database's autovacuum keeps on a live server.
    for _ in range(HISTORY):
        edit()
    analyze()

    # The trivial view on its own, then all cases in turn: a view served between heavier
    # ones runs slower than in a tight loop of itself, so both floors are reported.
    alone = interleaved({"trivial": lambda: client.get("/bench/trivial/")}, ROUNDS)["trivial"]
    samples = interleaved(
        {
            "trivial": lambda: client.get("/bench/trivial/"),
            "grid": lambda: client.get(grid_url),
            "edit": edit,
            # part of the edit loop above, not of the server's work
            "lookup": version_lookup,
        },
        ROUNDS,
    )
    trivial, grid = samples["trivial"], samples["grid"]
    edit_server = [e - statistics.median(samples["lookup"]) for e in samples["edit"]]
    rows = PlannedExercise.objects.filter(session__plan__athlete=athlete).count()
    print(
        json.dumps(
            {
                "plan_rows": rows,
                "trivial_view": summary(trivial),
                "trivial_view_alone": summary(alone),
                "grid_page": summary(grid),
                "cell_edit": summary(edit_server),
                "grid_page_vs_trivial": round(
                    statistics.median(grid) / statistics.median(trivial), 1
                ),
                "cell_edit_vs_trivial": round(
                    statistics.median(edit_server) / statistics.median(trivial), 1
                ),
                "grid_page_vs_trivial_alone": round(
                    statistics.median(grid) / statistics.median(alone), 1
                ),
                "cell_edit_vs_trivial_alone": round(
                    statistics.median(edit_server) / statistics.median(alone), 1
                ),
                "goals": {"cell_edit_vs_trivial": 5, "grid_page_vs_trivial": 10},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
