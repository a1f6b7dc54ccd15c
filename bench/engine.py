"""Benchmark of the periodisation engine: plans for 1,000 random (seeded) athlete profiles.

Run from the repository root: `.venv/bin/python bench/engine.py`. Prints JSON: milliseconds
per plan (median and 95th percentile), plans per second, and the median for 16-week plans.
"""

import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from programs.engine import (  # noqa: E402
    ExerciseRecord,
    build_plan,
    default_template,
    parse_profile,
)
from programs.engine.profile import DAYS, EVENTS, EXPERIENCES  # noqa: E402

PLANS = 1000
SEED = 20270104
LIFTS = ("back-squat", "romanian-deadlift", "calf-raise", "power-clean", "bulgarian-split-squat")


def random_profile(rng: random.Random) -> dict:
    start = date(2027, 1, 4) + timedelta(days=rng.randrange(365))
    race = start + timedelta(days=rng.randrange(1, 280)) if rng.random() < 0.8 else None
    week = {}
    for day in DAYS:
        run = rng.choice(("rest", "easy", "easy", "quality", "long"))
        week[day] = {"run": run} if run == "rest" else {"run": run, "time": rng.choice("ap") + "m"}
    return {
        "athlete": {
            "name": "Bench Runner",
            "sex": rng.choice(("female", "male", "other")),
            "body_mass_kg": rng.uniform(45, 95),
            "experience": rng.choice(EXPERIENCES),
            "event": rng.choice(EVENTS),
        },
        "units": rng.choice(("kg", "lb")),
        "one_rep_max": {slug: rng.randrange(40, 160) for slug in LIFTS if rng.random() < 0.6},
        "running_week": week,
        "start_date": start.isoformat(),
        "race_date": race.isoformat() if race else None,
    }


def main() -> None:
    data = json.loads((ROOT / "exercises/data/catalogue.json").read_text(encoding="utf-8"))
    catalogue = [ExerciseRecord.from_dict(d) for d in data]
    slugs = {r.slug for r in catalogue}
    template = default_template()
    rng = random.Random(SEED)
    profiles = [parse_profile(random_profile(rng), slugs) for _ in range(PLANS)]

    timings: list[float] = []
    sixteen: list[float] = []
    started = time.perf_counter()
    for profile in profiles:
        before = time.perf_counter()
        build_plan(profile, template, catalogue)
        ms = (time.perf_counter() - before) * 1000
        timings.append(ms)
        if profile.plan_weeks == 16:
            sixteen.append(ms)
    total = time.perf_counter() - started

    print(
        json.dumps(
            {
                "benchmark": "engine.build_plan",
                "plans": PLANS,
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 2),
                "plans_per_second": round(PLANS / total, 1),
                "total_s": round(total, 2),
                "sixteen_week_plans": len(sixteen),
                "sixteen_week_median_ms": round(statistics.median(sixteen), 2) if sixteen else None,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
