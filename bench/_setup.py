"""Shared set-up for benchmarks: a throwaway PostgreSQL database, migrated, and Django."""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_on_bench_database(name: str = "runstrength_bench", keep: bool = False) -> str:
    """Point Django at a fresh database NAME on the local PostgreSQL; return its URL. With
    `keep`, a database of that name left by an earlier run is used as it is."""
    sys.path.insert(0, str(ROOT))
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    url = base.rsplit("/", 1)[0] + f"/{name}"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (keep and found):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def analyze() -> None:
    """Gather planner statistics, as autovacuum does on a live database: tables filled a
    moment ago have none, and their query plans would not be the ones users get."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def interleaved(cases: dict, rounds: int, warm_up: int = 5) -> dict[str, list[float]]:
    """Milliseconds of each case over ROUNDS rounds, the cases taken in turn within each
    round, so a machine whose speed drifts slows them alike; WARM_UP rounds go untimed."""
    for _ in range(warm_up):
        for fn in cases.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            started = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
    }


def runners(club, count: int, monday: date, *, race_weeks: tuple[int, int], **each) -> list:
    """COUNT athletes of the club, saved in one query, of every experience and event, their
    races from RACE_WEEKS[0] weeks after MONDAY, spread over RACE_WEEKS[1] weeks. EACH maps
    a field to a function of the athlete's number giving its value."""
    from athletes.models import Athlete

    first, spread = race_weeks
    return Athlete.objects.bulk_create(
        Athlete(
            club=club,
            name=f"Runner {i:03d}",
            sex="male" if i % 2 else "female",
            body_mass_kg=Decimal(55 + i % 25),
            experience=("novice", "intermediate", "advanced")[i % 3],
            event=("5k", "10k", "half_marathon", "marathon")[i % 4],
            race_date=monday + timedelta(weeks=first + i % spread, days=6),
            **{name: value(i) for name, value in each.items()},
        )
        for i in range(count)
    )
