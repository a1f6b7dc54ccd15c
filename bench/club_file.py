"""A big club's file against PostgreSQL: a club of BENCH_ATHLETES athletes (300 unless
told), each with a plan made by the engine that began two months ago, every past session
logged set by set and some loads edited by a coach, is downloaded as Download club file
serves it, then loaded into a new, empty club as Load a club file does, each in a process
of its own (the load: reading the JSON, checking it, writing it, committing). Prints JSON;
times are wall clock, memory is each process's peak over what it held before the step.

    .venv/bin/python bench/club_file.py
    BENCH_ATHLETES=30 .venv/bin/python bench/club_file.py   # a quick run
    BENCH_KEEP=1 .venv/bin/python bench/club_file.py        # the club an earlier run made

The plans are made in this process (REDIS_URL is ignored), as `make run` makes them.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from _setup import ROOT, analyze, django_on_bench_database, runners

ATHLETES = int(os.environ.get("BENCH_ATHLETES", "300"))
CLUB = "File Harriers"
STRENGTH = (("back-squat", 80), ("romanian-deadlift", 90), ("calf-raise", 70), ("step-up", 35))
LOGGED_WEEKS = 8  # plans began this long ago: that much is logged
EDITED = 0.15  # share of planned lifts whose load a coach changed in the grid


def build_club(athletes: int):
    """The club, its coach, and athletes with plans made by the engine in this process."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from athletes.models import Club, Membership, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program
    from schedules import services
    from schedules.models import Plan

    club = Club.objects.create(name=CLUB)
    coach = get_user_model().objects.create_user("file-coach")
    Membership.objects.create(user=coach, club=club, role="owner")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=LOGGED_WEEKS)
    people = runners(
        club,
        athletes,
        monday,
        race_weeks=(6, 14),
        notes=lambda i: "Travels for work in the spring." if i % 5 == 0 else "",
    )
    lifts = {slug: Exercise.objects.get(club__isnull=True, slug=slug) for slug, _ in STRENGTH}
    StrengthTest.objects.bulk_create(
        StrengthTest(
            athlete=athlete,
            exercise=lifts[slug],
            tested_on=start - timedelta(days=3),
            load=Decimal(load + i % 20),
            reps=1,
            estimated_1rm=Decimal(load + i % 20),
        )
        for i, athlete in enumerate(people)
        for slug, load in STRENGTH
    )
    # Without REDIS_URL (main drops it) each plan job runs here as it is queued.
    services.assign_program(
        athletes=people, template=default_program(), start_date=start, user=coach
    )
    made = Plan.objects.filter(athlete__club=club).count()
    if made != athletes:
        raise RuntimeError(f"{athletes - made} plans were not made")
    return club, coach, today


def log_the_past(club, coach, today) -> None:
    """Every session before today logged as athletes log them, and some loads edited."""
    from django.utils import timezone

    from schedules.models import LoadChange, PainFlag, PlannedExercise, PlannedSession, SetLog

    rng = random.Random(7)
    zone = timezone.get_current_timezone()
    sessions = list(PlannedSession.objects.filter(plan__athlete__club=club, date__lt=today))
    for session in sessions:
        session.logged_at = datetime.combine(session.date, clock(18, rng.randrange(60)), zone)
        session.rpe = rng.randint(5, 9)
        session.soreness = rng.randint(0, 6)
        session.soreness_at = session.logged_at + timedelta(days=1)
        if rng.random() < 0.1:
            session.athlete_note = "Legs heavy after Tuesday's intervals."
    PlannedSession.objects.bulk_update(
        sessions, ["logged_at", "rpe", "soreness", "soreness_at", "athlete_note"], batch_size=2000
    )
    when = {s.pk: s.logged_at for s in sessions}
    planned = list(
        PlannedExercise.objects.filter(session__plan__athlete__club=club).select_related(
            "session__plan"
        )
    )
    logs, changes, flags, edited = [], [], [], []
    for pe in planned:
        logged = when.get(pe.session_id)
        if logged is not None:
            for number in range(1, pe.sets + 1):
                done = rng.random() > 0.05
                logs.append(
                    SetLog(
                        planned_exercise=pe,
                        set_number=number,
                        done=done,
                        reps=pe.reps if done else None,
                        load=pe.load if done else None,
                    )
                )
        if pe.load is not None and rng.random() < EDITED:
            at = datetime.combine(pe.session.date - timedelta(days=2), clock(9), zone)
            old, pe.load = pe.load, pe.load + Decimal("2.5")
            pe.hand_edited, pe.edited_by, pe.edited_at, pe.version = True, coach, at, 2
            edited.append(pe)
            changes.append(
                LoadChange(
                    planned_exercise=pe,
                    athlete_id=pe.session.plan.athlete_id,
                    user=coach,
                    at=at,
                    field="load",
                    old_value=f"{old:f}",
                    new_value=f"{pe.load:f}",
                    batch=f"{pe.pk:032x}",
                )
            )
        settled = logged is not None and logged.date() < today - timedelta(days=7)
        if settled and rng.random() < 0.002:
            flags.append(
                PainFlag(
                    athlete_id=pe.session.plan.athlete_id,
                    planned_exercise=pe,
                    exercise_id=pe.exercise_id,
                    note="Sharp pain in the left knee",
                    created_at=logged,
                    cleared_at=logged + timedelta(days=5),
                    cleared_by=coach,
                )
            )
    SetLog.objects.bulk_create(logs, batch_size=2000)
    PlannedExercise.objects.bulk_update(
        edited, ["load", "hand_edited", "edited_by", "edited_at", "version"], batch_size=2000
    )
    # The database stamps these on insert; the history keeps when each was made.
    for model, rows, name in ((LoadChange, changes, "at"), (PainFlag, flags, "created_at")):
        stamps = [getattr(row, name) for row in rows]
        model.objects.bulk_create(rows, batch_size=2000)
        for row, stamp in zip(rows, stamps, strict=True):
            setattr(row, name, stamp)
        model.objects.bulk_update(rows, [name], batch_size=2000)


def peak_memory_mb() -> int:
    """The process's peak resident memory. Linux keeps it per program (VmHWM), where
    getrusage would report the parent's too, from before this program started."""
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return round(int(line.split()[1]) / 1024)
    except (OSError, StopIteration):
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def load(path: str) -> dict:
    """Load the file into a new, empty club as the page does, in this fresh process (so its
    memory is the load's own): read, then club_import, its write timed apart."""
    own_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from athletes.models import Club
    from schedules import club_data

    target = Club.objects.create(name="File Harriers (restored)")
    with open(path, "rb") as file:
        raw = file.read()
    idle_mb = peak_memory_mb()
    write = club_data._write
    marks = {}

    def timed_write(reader):
        marks["write"] = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            write(reader)
        marks["written"] = time.perf_counter()
        marks["queries"] = len(queries.captured_queries)

    club_data._write = timed_write
    started = time.perf_counter()
    data = club_data.read_document(raw)
    read = time.perf_counter()
    counts = club_data.club_import(data, target)
    done = time.perf_counter()
    peak_mb = peak_memory_mb()
    return {
        "rows": sum(counts.values()),
        "set_logs": counts["set logs"],
        "read_s": round(read - started, 2),
        "check_s": round(marks["write"] - read, 2),  # the reader, and taking the club's lock
        "write_s": round(marks["written"] - marks["write"], 2),
        "write_queries": marks["queries"],
        "commit_s": round(done - marks["written"], 2),  # the links between rows checked
        "load_s": round(done - started, 2),
        # What the load added to the process at its peak, and the process's peak.
        "load_memory_mb": peak_mb - idle_mb,
        "process_peak_mb": peak_mb,
    }


def own_django() -> None:
    """Django in this fresh process, on the database named by DATABASE_URL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def download(path: str) -> dict:
    """The club's file as its coach downloads it, written to PATH, in this fresh process."""
    own_django()
    from django.conf import settings
    from django.test import Client

    from athletes.models import Membership

    settings.ALLOWED_HOSTS = ["testserver"]
    membership = Membership.objects.select_related("user").get(club__name=CLUB)
    client = Client()
    client.force_login(membership.user)
    idle_mb = peak_memory_mb()
    started = time.perf_counter()
    response = client.get("/club/export.json")
    size = 0
    with open(path, "wb") as file:
        parts = response.streaming_content if response.streaming else [response.content]
        for part in parts:
            file.write(part)
            size += len(part)
    done = time.perf_counter()
    assert response.status_code == 200, response.status_code
    return {
        "file_mb": round(size / 1024 / 1024, 1),
        "download_s": round(done - started, 2),
        "download_memory_mb": peak_memory_mb() - idle_mb,
    }


def in_own_process(step: str, path: str, url: str) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, __file__, step, path],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    os.environ.pop("REDIS_URL", None)
    keep = os.environ.get("BENCH_KEEP") == "1"
    url = django_on_bench_database("runstrength_bench_club_file", keep=keep)
    from athletes.models import Club

    started = time.perf_counter()
    if keep and Club.objects.filter(name=CLUB).exists():
        Club.objects.exclude(name=CLUB).delete()  # what an earlier run loaded
    else:
        club, coach, today = build_club(ATHLETES)
        log_the_past(club, coach, today)
        analyze()
    built_s = round(time.perf_counter() - started, 1)

    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        downloaded = in_own_process("--download", file.name, url)
        loaded = in_own_process("--load", file.name, url)
    athletes = Club.objects.get(name=CLUB).athletes.count()
    print(json.dumps({"athletes": athletes, "built_s": built_s, **downloaded, **loaded}, indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        print(json.dumps(load(sys.argv[2])))
    elif sys.argv[1:2] == ["--download"]:
        print(json.dumps(download(sys.argv[2])))
    else:
        main()
