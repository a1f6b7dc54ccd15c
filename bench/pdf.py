"""PDF export benchmark: a worker's warm process rendering each kind of export five times.

    .venv/bin/python bench/pdf.py

(a) a 16-week athlete block, (b) a 30-athlete squad week sheet, (c) one athlete's
one-week sheet, from plans the real engine makes for a squad of mixed experience.
Each run is the whole job a worker does: queries, templates, WeasyPrint, writing the
file. Uses a throwaway SQLite database unless DATABASE_URL is given.
Prints JSON: median/min/max wall milliseconds, median CPU milliseconds, pages, and peak
memory (Python heap peak of one render from tracemalloc, and the process's maximum
resident set size). A plain table document rendered between the exports calibrates the
machine: the goals were set where it takes 500 ms, so each export's CPU time relative to
it gives an estimate for that machine that does not depend on how busy this one is.
"""

import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
OWN_DB = "/tmp/bench_pdf.sqlite3"
if not os.environ.get("DATABASE_URL"):
    Path(OWN_DB).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{OWN_DB}"
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench_pdf_media_")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from athletes.models import Athlete, Club, Squad, StrengthTest  # noqa: E402
from exercises.models import Exercise  # noqa: E402
from programs.services import default_program  # noqa: E402
from schedules import exports, services  # noqa: E402
from schedules.models import (  # noqa: E402
    Assignment,
    ExportJob,
    ExportKind,
    JobStatus,
    PlanJob,
    PlannedExercise,
    PlannedSession,
)

RUNS = 5
WEEKS = 16
GOALS_MS = {
    "a_athlete_block_16_weeks": 1500,
    "b_squad_week_30_athletes": 1000,
    "c_athlete_one_week": 80,
}
SQUAD = 30
EXPERIENCE = ("intermediate", "advanced", "novice")
# 1RMs in kg of an intermediate athlete; others are scaled from these.
ONE_RM = {"back-squat": 80, "romanian-deadlift": 90, "calf-raise": 100, "step-up": 40}


def seed() -> tuple[Athlete, Squad]:
    """A squad of 30 with plans made by the real engine, as the web app makes them."""
    club = Club.objects.create(name="Benchmark Harriers")
    squad = Squad.objects.create(club=club, name="Marathon group")
    catalogue = {e.slug: e for e in Exercise.objects.filter(club__isnull=True)}
    template = default_program()
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday())
    athletes = []
    for n in range(SQUAD):
        units = "lb" if n % 6 == 5 else "kg"
        athlete = Athlete.objects.create(
            club=club,
            squad=squad,
            name=f"Runner {n:02d} Example-Surname",
            sex="female" if n % 2 else "male",
            body_mass_kg=Decimal(55 + n % 20),
            experience=EXPERIENCE[n % 3],
            event="marathon",
            units=units,
            goal_race_name="Spring City Marathon",
            race_date=start + timedelta(weeks=WEEKS, days=6),
        )
        scale = Decimal(1 + (n % 5) / 10) * (Decimal("2.2") if units == "lb" else 1)
        for slug, value in ONE_RM.items():
            StrengthTest.objects.create(
                athlete=athlete,
                exercise=catalogue[slug],
                tested_on=start,
                load=(value * scale).quantize(Decimal("1")),
                reps=1,
            )
        assignment = Assignment.objects.create(athlete=athlete, template=template, start_date=start)
        job = PlanJob.objects.create(assignment=assignment, athlete=athlete)
        services.job_claim(job.pk, 3)
        services.plan_generate(job_id=job.pk)
        athletes.append(athlete)
    return athletes[0], squad


def run_once(job: ExportJob) -> tuple[float, float]:
    """Wall and CPU milliseconds of one export job, as a worker runs it."""
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, file="")
    wall, cpu = time.perf_counter(), time.process_time()
    done = exports.export_render(job.pk)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    assert done is not None and done.status == JobStatus.DONE, job.pk
    done.file.delete(save=False)
    return wall, cpu


def plain_once() -> tuple[float, float]:
    """Calibration: a plain 16-week table document (ten five-cell rows a week).

    The goals were set on a machine where this renders in about 500 ms. Runs alternate
    with the exports, so a busy or slow machine slows both alike and the ratio holds.
    """
    from weasyprint import CSS, HTML

    row = "<tr><td>Mon 5 Jan</td><td>Back squat</td><td>4</td><td>6</td><td>57.5 kg</td></tr>"
    weeks = "".join(f"<h2>Week {n}</h2><table>{row * 10}</table>" for n in range(1, WEEKS + 1))
    css = CSS(string="html { font-family: Inter; font-size: 9pt } h2 { break-before: page }")
    wall, cpu = time.perf_counter(), time.process_time()
    HTML(string=weeks).render(stylesheets=[css]).write_pdf()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def heap_peak_mb(job: ExportJob) -> float:
    tracemalloc.start()
    run_once(job)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def summary(runs: list[tuple[float, float]]) -> dict:
    walls = [wall for wall, _ in runs]
    return {
        "median_ms": round(statistics.median(walls), 1),
        "min_ms": round(min(walls), 1),
        "max_ms": round(max(walls), 1),
        "cpu_median_ms": round(statistics.median(cpu for _, cpu in runs), 1),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    athlete, squad = seed()
    monday = athlete.plan.start_date + timedelta(weeks=5)
    week = (monday, monday + timedelta(days=6))
    jobs = {
        "a_athlete_block_16_weeks": ExportJob(kind=ExportKind.ATHLETE_BLOCK, athlete=athlete),
        "b_squad_week_30_athletes": ExportJob(
            kind=ExportKind.SQUAD_WEEK, squad=squad, week_start=monday, total=SQUAD
        ),
        "c_athlete_one_week": ExportJob(
            kind=ExportKind.ATHLETE_WEEK, athlete=athlete, week_start=monday
        ),
    }
    for job in jobs.values():
        job.club = athlete.club
        job.save()
        run_once(job)  # warm: templates compiled, fonts loaded, stylesheet parsed
    plain_once()
    runs: dict[str, list] = {name: [] for name in [*jobs, "plain"]}
    for _ in range(RUNS):
        runs["plain"].append(plain_once())
        for name, job in jobs.items():
            runs[name].append(run_once(job))

    plain = summary(runs["plain"])
    results: dict = {
        "data": {
            "block_weeks": athlete.plan.sessions.aggregate(n=Max("week"))["n"],
            "block_exercises": PlannedExercise.objects.filter(session__plan=athlete.plan).count(),
            "week_exercises": PlannedExercise.objects.filter(
                session__plan=athlete.plan, session__date__range=week
            ).count(),
            "squad_sessions_in_week": PlannedSession.objects.filter(
                plan__athlete__squad=squad, date__range=week
            ).count(),
        }
    }
    for name, job in jobs.items():
        job.refresh_from_db()
        figures = summary(runs[name])
        ratio = figures["cpu_median_ms"] / plain["cpu_median_ms"]
        results[name] = {
            **figures,
            "pages": job.pages,
            "size_kb": round(job.size_bytes / 1024, 1),
            "python_heap_peak_mb": heap_peak_mb(job),
            "cpu_ratio_to_plain_table": round(ratio, 3),
            "estimate_on_goal_machine_ms": round(ratio * 500),
            "goal_ms": GOALS_MS[name],
        }
    results["calibration_plain_16_week_table"] = plain
    results["process_max_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    results["peak_memory_goal_mb"] = 250
    results["runs"] = RUNS
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
