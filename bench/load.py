"""Load test: gunicorn (2 workers) on PostgreSQL, coaches editing loads, athletes logging sets.

50 people at once for LOAD_SECONDS (default 60): half are coaches stepping and editing
cells of the load grid of five athletes (five coaches on each, so stale versions and
409 answers happen), half are athletes ticking sets through their private links. Each
person waits LOAD_THINK_MS (default 1000, +-50 %) between actions; LOAD_THINK_MS=0 finds
the ceiling instead. Redis is not used (no task is sent by these pages).

Prints JSON: requests per second, latency percentiles, answers by status, server
errors, and checks of the database against what the server accepted: every edit
answered 200 is in the load history exactly once and each cell's version counts them
(a 409 changed nothing), the cell ends on the last accepted value, every set log
answered 200 is saved as sent, and the stored rule warnings match the final plans.
Exits 1 on a server error, a request left unanswered or a failed check; the p95 goal
is reported beside the machine's load, which moves the latencies on a shared machine.
"""

import json
import os
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from _load_http import Browser, child_pids, cpu_seconds, start_gunicorn, stop
from _load_people import AthleteUser, Coach
from _setup import django_on_bench_database, percentile

SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
THINK_S = float(os.environ.get("LOAD_THINK_MS", "1000")) / 1000
PEOPLE = int(os.environ.get("LOAD_CLIENTS", "50"))
HOT_ATHLETES = 5  # athletes whose grids the coaches share
PASSWORD = "load-test-pass-7"  # noqa: S105
STRENGTH = (("back-squat", 80), ("romanian-deadlift", 90), ("calf-raise", 70), ("step-up", 35))


def build_club(athletes: int):
    """A club with coaches and athletes, each athlete with a plan made by the engine."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from athletes.models import Athlete, AthleteLink, Club, Membership, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program
    from schedules import services
    from schedules.models import Plan

    club = Club.objects.create(name="Load Harriers")
    users = get_user_model().objects
    owner = users.create_user("load-owner", password=PASSWORD)
    Membership.objects.create(user=owner, club=club, role="owner")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    people, tokens = [], {}
    exercises = {slug: Exercise.objects.get(club__isnull=True, slug=slug) for slug, _ in STRENGTH}
    for i in range(athletes):
        athlete = Athlete.objects.create(
            club=club,
            name=f"Runner {i:02d}",
            sex="female" if i % 2 else "male",
            body_mass_kg=Decimal(55 + i % 20),
            experience="intermediate",
            event="marathon",
            race_date=monday + timedelta(weeks=16, days=6),
        )
        for slug, load in STRENGTH:
            StrengthTest.objects.create(
                athlete=athlete, exercise=exercises[slug], tested_on=today, load=load, reps=1
            )
        tokens[athlete.pk] = AthleteLink.issue(athlete=athlete, created_by=owner)[1]
        people.append(athlete)
    # Without REDIS_URL the plan jobs run in this process as they are queued.
    services.assign_program(
        athletes=people, template=default_program(), start_date=monday, user=None
    )
    missing = [a.name for a in people if not Plan.objects.filter(athlete=a).exists()]
    if missing:
        raise RuntimeError(f"no plan was made for {missing}")
    return club, people, tokens, monday


def planned_weeks(athlete, monday, first: int = 0, weeks: int = 2):
    """The athlete's prescriptions in WEEKS weeks from week FIRST (0 is this week)."""
    from schedules.models import PlannedExercise

    return list(
        PlannedExercise.objects.filter(
            session__plan__athlete=athlete,
            session__date__gte=monday + timedelta(weeks=first),
            session__date__lt=monday + timedelta(weeks=first + weeks),
        ).order_by("session__date", "order")
    )


def make_people(club, athletes, tokens, monday, port, deadline):
    from django.contrib.auth import get_user_model

    from athletes.models import Membership

    coaches, athlete_users = [], []
    rng = random.Random(8)
    hot = athletes[:HOT_ATHLETES]
    for i in range(PEOPLE // 2):
        user = get_user_model().objects.create_user(f"load-coach-{i:02d}", password=PASSWORD)
        Membership.objects.create(user=user, club=club, role="coach")
        athlete = hot[i % len(hot)]
        # The weeks after the two the athletes log: a logged session keeps its loads as
        # prescribed (the grid answers 409), as a coach plans ahead of the athlete.
        later = planned_weeks(athlete, monday, first=2)
        cells = {pe.pk: (pe.version, pe.load) for pe in later if pe.load}
        browser = Browser(port)
        browser.login(user.username, PASSWORD)
        coaches.append(
            Coach(
                browser=browser,
                deadline=deadline,
                think_s=THINK_S,
                max_actions=100_000,
                rng=random.Random(rng.random()),
                name=user.username,
                athlete_id=athlete.pk,
                cells=dict(cells),
                start_loads={pk: load for pk, (_, load) in cells.items()},
                step=Decimal("5") if athlete.units == "lb" else Decimal("2.5"),
            )
        )
    for athlete in athletes[: PEOPLE - len(coaches)]:
        planned = planned_weeks(athlete, monday)
        browser = Browser(port)
        base = f"/w/{tokens[athlete.pk]}/"
        if browser.get(base).status != 200:  # the page gives the CSRF cookie
            raise RuntimeError(f"{athlete.name}'s week page did not open")
        athlete_users.append(
            AthleteUser(
                browser=browser,
                deadline=deadline,
                think_s=THINK_S,
                max_actions=100_000,
                rng=random.Random(rng.random()),
                base=base,
                week=monday.isoformat(),
                exercises=[(pe.pk, pe.sets, pe.reps, pe.load) for pe in planned if pe.sets],
            )
        )
    return coaches, athlete_users


def latency(samples) -> dict:
    values = [s.ms for s in samples]
    if not values:
        return {}
    return {f"p{p}_ms": round(percentile(values, p), 1) for p in (50, 95, 99)}


def check_edits(coaches, initial: dict) -> dict:
    """Every accepted edit is in the history and on the row; every version is accounted for."""
    from schedules.models import LoadChange, PlannedExercise

    by_cell = defaultdict(list)
    for coach in coaches:
        for edit in coach.accepted:
            by_cell[edit.cell].append(edit)
    rows = PlannedExercise.objects.in_bulk(list(initial))
    problems = []
    for pk, (start_version, start_load) in initial.items():
        edits = sorted(by_cell.get(pk, []), key=lambda e: e.version)
        row = rows[pk]
        versions = [e.version for e in edits]
        if versions != list(range(start_version, start_version + len(edits))):
            problems.append(f"cell {pk}: accepted on versions {versions}, from {start_version}")
        if row.version != start_version + len(edits):
            problems.append(f"cell {pk}: version {row.version} after {len(edits)} accepted edits")
        # Each accepted edit starts where the one before left the row; the last ends on it.
        chain = [start_load] + [e.old_load for e in edits[1:]] + [row.load]
        if edits and edits[0].old_load != start_load or not edits and row.load != start_load:
            problems.append(f"cell {pk}: started from {start_load}, edits {edits[:1]}")
        for edit, after in zip(edits, chain[1:], strict=False):
            if edit.new_load is not None and edit.new_load != after:
                problems.append(f"cell {pk}: edit on v{edit.version} gave {edit.new_load}")
        expected = Counter((chain[i], chain[i + 1]) for i in range(len(edits)))
        history = LoadChange.objects.filter(planned_exercise_id=pk)
        recorded = Counter(
            (Decimal(old), Decimal(new))
            for old, new in history.filter(field="load").values_list("old_value", "new_value")
        )
        if recorded != expected:
            problems.append(f"cell {pk}: load history {dict(recorded)} != {dict(expected)}")
        if history.values("batch").distinct().count() != len(edits):
            problems.append(f"cell {pk}: history batches differ from {len(edits)} edits")
    stale = [c for coach in coaches for c in coach.conflicts if c[2] is None or c[2] == c[1]]
    if stale:
        problems.append(f"409 on a current version or without the current cell: {stale[:5]}")
    return {
        "accepted": sum(len(c.accepted) for c in coaches),
        "conflicts_409": sum(len(c.conflicts) for c in coaches),
        "refused_400": [r for c in coaches for r in c.refused][:10],
        "cells": len(initial),
        "ok": not problems,
        "problems": problems[:20],
    }


def check_warnings(athletes) -> dict:
    """The rule warnings stored with each edited plan are those of the plan as it ends."""
    from schedules import services
    from schedules.models import Plan

    stale = []
    for athlete in athletes:
        plan = Plan.objects.select_related("athlete__club").get(athlete=athlete)
        if plan.warnings != services.plan_recheck(plan):
            stale.append(athlete.name)
    return {"plans": len(athletes), "stale": stale, "ok": not stale}


def check_logs(athlete_users) -> dict:
    from schedules.models import SetLog

    problems, expected = [], {}
    for person in athlete_users:
        expected.update(person.logged)
    pes = {pe for person in athlete_users for pe, *_ in person.exercises}
    saved = {
        (log.planned_exercise_id, log.set_number): (log.done, log.reps, log.load)
        for log in SetLog.objects.filter(planned_exercise_id__in=pes)
    }
    for key, values in expected.items():
        if saved.get(key) != values:
            problems.append(f"set {key}: accepted {values}, saved {saved.get(key)}")
    extra = set(saved) - set(expected)
    if extra:
        problems.append(f"{len(extra)} set logs nobody saw accepted, e.g. {sorted(extra)[:3]}")
    return {
        "accepted_sets": len(expected),
        "conflicts_409": sum(p.conflicts for p in athlete_users),
        "ok": not problems,
        "problems": problems[:20],
    }


def main() -> int:
    os.environ.pop("REDIS_URL", None)
    url = django_on_bench_database("runstrength_bench_load")
    club, athletes, tokens, monday = build_club(PEOPLE - PEOPLE // 2)
    log = Path("/tmp/runstrength-load-gunicorn.log")
    env = {"DATABASE_URL": url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    env |= {"LOG_LEVEL": "WARNING", "REDIS_URL": ""}
    server, port = start_gunicorn(env, log=log)
    try:
        coaches, athlete_users = make_people(club, athletes, tokens, monday, port, 0)
        initial = {pk: cell for coach in coaches for pk, cell in coach.cells.items()}
        people = coaches + athlete_users
        start = threading.Barrier(len(people) + 1)
        threads = [threading.Thread(target=p.run, args=(start,)) for p in people]
        for thread in threads:
            thread.start()
        for person in people:
            person.deadline = time.monotonic() + SECONDS
        web = child_pids(server.pid)
        cpu_before = sum(cpu_seconds(pid) for pid in web)
        client_before = time.process_time()
        start.wait()
        began = time.monotonic()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        elapsed = time.monotonic() - began
        web_cpu = sum(cpu_seconds(pid) for pid in web) - cpu_before
        client_cpu = time.process_time() - client_before
        machine_load = os.getloadavg()[0]
    finally:
        stop(server)
    samples = [s for p in people for s in p.samples]
    failures = [f for p in people for f in p.failures]
    statuses = Counter(s.status for s in samples)
    by_kind = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    tracebacks = log.read_text().count("Traceback")
    edits, logs = check_edits(coaches, initial), check_logs(athlete_users)
    warnings = check_warnings(athletes[:HOT_ATHLETES])
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    overall = latency(samples)
    result = {
        "people": {"coaches": len(coaches), "athletes": len(athlete_users)},
        "seconds": round(elapsed, 1),
        "think_ms": THINK_S * 1000,
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1),
        "latency": overall,
        # Context: the CPU the web workers spent per request (PostgreSQL's is apart), and
        # how busy the machine was; on a shared machine the latencies move with it.
        "web_cpu_ms_per_request": round(web_cpu * 1000 / max(1, len(samples)), 1),
        "machine_load_1min": round(machine_load, 2),
        "load_client_cpu_s": round(client_cpu, 1),
        "latency_by_kind": {k: {"n": len(v), **latency(v)} for k, v in sorted(by_kind.items())},
        "status": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": server_errors,
        "no_answer": len(failures),
        "server_log_tracebacks": tracebacks,
        "edits": edits,
        "set_logs": logs,
        "rule_warnings": warnings,
        "goals": {"server_errors": 0, "p95_ms_under": 200},
    }
    result["goals"]["p95_met"] = overall.get("p95_ms", 0) < 200
    checks = edits["ok"] and logs["ok"] and warnings["ok"]
    result["ok"] = checks and not (server_errors or failures or tracebacks)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
