"""Fault drills (`make faults`; needs root for pg_createcluster and runs on its own servers).

(a) Redis stops: pages still answer, a plan assignment and a PDF export answer at once
    and their jobs wait, saying the worker is unavailable; with Redis and a worker back,
    the periodic re-send runs them.
(b) The worker's pool process is killed while it renders an export: the pool starts a
    new one and the job completes once (one file, done, attempts >= 2).
(c) PostgreSQL restarts while a coach keeps loading a page under gunicorn: the failed
    requests get the app's own error page, never a traceback, and the app recovers
    without being restarted.

Prints JSON with PASS or FAIL and details per drill; exits 1 on any FAIL.
"""

import json
import os
import signal
import sys
import threading
import time
import traceback
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
from _faults_services import Services
from _load_http import Browser, child_pids, start_gunicorn, stop
from _setup import django_on_bench_database

PASSWORD = "faults-pass-7"  # noqa: S105
FAST_S = 5  # a request that takes longer than this while Redis is down "hangs"
ERROR_PAGE_MARK = "Something went wrong on our side"
RECOVERY_S = 5


def build(services: Services, env: dict):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from athletes.models import Athlete, AthleteLink, Club, Membership, StrengthTest
    from exercises.models import Exercise
    from programs.services import default_program
    from schedules import services as plans
    from schedules.models import JobStatus, PlanJob

    club = Club.objects.create(name="Fault Harriers")
    coach = get_user_model().objects.create_user("faults-coach", password=PASSWORD)
    Membership.objects.create(user=coach, club=club, role="owner")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    athletes = []
    for name in ("Planned Runner", "Waiting Runner"):
        athlete = Athlete.objects.create(
            club=club,
            name=name,
            sex="female",
            body_mass_kg=Decimal("58"),
            experience="intermediate",
            event="half_marathon",
            race_date=monday + timedelta(weeks=14, days=6),
        )
        StrengthTest.objects.create(
            athlete=athlete,
            exercise=Exercise.objects.get(club__isnull=True, slug="back-squat"),
            tested_on=today,
            load=70,
            reps=1,
        )
        athletes.append(athlete)
    token = AthleteLink.issue(athlete=athletes[0], created_by=coach)[1]
    services.start_worker(env)
    [job] = plans.assign_program(
        athletes=athletes[:1], template=default_program(), start_date=monday, user=coach
    )
    services.wait(lambda: PlanJob.objects.get(pk=job.pk).status == JobStatus.DONE, 120)
    return athletes, token, default_program(), monday


def drill_redis(services, env, port, athletes, token, template, monday) -> dict:
    from schedules import exports, tasks
    from schedules.models import ExportJob, JobStatus, PlanJob

    planned, waiting = athletes
    coach = Browser(port)
    coach.login("faults-coach", PASSWORD)
    services.stop_worker(services.workers[-1])
    services.stop_redis()
    try:
        pages = {
            path: coach.get(path).status
            for path in (
                "/athletes/",
                f"/athletes/{planned.pk}/",
                f"/athletes/{planned.pk}/plan/",
                f"/athletes/{planned.pk}/loads/",
                "/dashboard/",
            )
        }
        pages["athlete link"] = Browser(port).get(f"/w/{token}/").status
        assign = coach.post(
            f"/athletes/{waiting.pk}/assign/",
            {"template": template.pk, "start_date": monday.isoformat()},
        )
        export = coach.post(f"/athletes/{planned.pk}/export/block/", {"paper": "a4"})
        plan_job = PlanJob.objects.filter(athlete=waiting).latest("pk")
        export_job = ExportJob.objects.filter(athlete=planned).latest("pk")
        plan_page = coach.get(f"/athletes/{waiting.pk}/plan/").body
        export_page = coach.get(f"/exports/{export_job.pk}/").body
    finally:
        services.start_redis()
    during = {
        "pages": pages,
        "assign": {"status": assign.status, "ms": round(assign.ms)},
        "export": {"status": export.status, "ms": round(export.ms)},
        "plan_job": [plan_job.status, plan_job.reason],
        "export_job": [export_job.status, export_job.reason],
        "plan_page_says_unavailable": tasks.WORKER_UNAVAILABLE in plan_page,
        "export_page_says_unavailable": exports.WORKER_UNAVAILABLE in export_page,
    }
    services.start_worker(env)
    resent = tasks.requeue_stale_plan_jobs(older_than_s=0)
    # What the periodic purge does once the job has waited STUCK_AFTER.
    later = exports.exports_purge(now=export_job.created_at + exports.STUCK_AFTER * 1.01)
    # The web workers reach Redis again by themselves: a new export goes straight through.
    fresh = coach.post(f"/athletes/{planned.pk}/export/week/", {"paper": "a4", "week": monday})
    fresh_job = ExportJob.objects.filter(athlete=planned).latest("pk")
    jobs = ((PlanJob, plan_job.pk), (ExportJob, export_job.pk), (ExportJob, fresh_job.pk))
    finished = services.eventually(lambda: all(_finished(*job) for job in jobs), 120)
    plan_job.refresh_from_db()
    export_job.refresh_from_db()
    fresh_job.refresh_from_db()
    after = {
        "plan_jobs_resent": resent,
        "exports_resent": later["requeued"],
        "plan_job": plan_job.status,
        "export_job": [export_job.status, export_job.pages],
        "new_export": [fresh.status, fresh_job.status, fresh_job.reason],
    }
    passed = (
        finished
        and all(status == 200 for status in pages.values())
        and assign.status == export.status == 302
        and max(assign.ms, export.ms) < FAST_S * 1000
        and during["plan_job"] == [JobStatus.QUEUED, tasks.WORKER_UNAVAILABLE]
        and during["export_job"] == [JobStatus.QUEUED, exports.WORKER_UNAVAILABLE]
        and during["plan_page_says_unavailable"]
        and during["export_page_says_unavailable"]
        and plan_job.status == export_job.status == fresh_job.status == JobStatus.DONE
    )
    return {"result": "PASS" if passed else "FAIL", "while_down": during, "after": after}


def _finished(model, pk) -> bool:
    return model.objects.get(pk=pk).status in ("done", "failed")


def drill_worker_kill(services, port, athletes) -> dict:
    from django.conf import settings

    from schedules.models import ExportJob, JobStatus

    planned = athletes[0]
    coach = Browser(port)
    coach.login("faults-coach", PASSWORD)
    worker = services.workers[-1]
    pdfs = Path(settings.MEDIA_ROOT) / "exports"
    before = set(pdfs.rglob("*.pdf"))
    # Hold the plan's sessions so the render blocks half-way, after the job was claimed.
    blocker = psycopg.connect(os.environ["DATABASE_URL"], autocommit=False)
    killed = None
    try:
        blocker.execute("LOCK TABLE schedules_plannedsession IN ACCESS EXCLUSIVE MODE")
        answer = coach.post(f"/athletes/{planned.pk}/export/block/", {"paper": "a4"})
        job = ExportJob.objects.filter(athlete=planned).latest("pk")
        services.wait(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, 60)
        services.wait(
            lambda: blocker.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            ).fetchone()[0],
            30,
        )
        [killed] = child_pids(worker.pid)
        os.kill(killed, signal.SIGKILL)
        time.sleep(0.5)
    finally:
        blocker.rollback()
        blocker.close()
    services.eventually(lambda: _finished(ExportJob, job.pk), 60)
    job.refresh_from_db()
    files = sorted(
        str(p.relative_to(settings.MEDIA_ROOT)) for p in set(pdfs.rglob("*.pdf")) - before
    )
    new_children = child_pids(worker.pid)
    details = {
        "request": answer.status,
        "killed_pid": killed,
        "pool_now": new_children,
        "job": {"status": job.status, "attempts": job.attempts, "reason": job.reason},
        "job_file": job.file.name,
        "new_files": files,
    }
    passed = (
        job.status == JobStatus.DONE
        and job.attempts >= 2
        and files == [job.file.name]
        and killed not in new_children
    )
    return {"result": "PASS" if passed else "FAIL", **details}


def drill_postgres_restart(services, port) -> dict:
    coach = Browser(port, timeout=10)
    coach.login("faults-coach", PASSWORD)
    pool_before = sorted(child_pids(services.gunicorn.pid))
    answers, stop_at = [], [time.monotonic() + 60]

    def hammer() -> None:
        while time.monotonic() < stop_at[0]:
            try:
                answer = coach.get("/athletes/")
                answers.append((time.monotonic(), answer.status, answer.body))
            except OSError as exc:
                answers.append((time.monotonic(), 0, str(exc)))
            time.sleep(0.05)

    thread = threading.Thread(target=hammer)
    thread.start()
    time.sleep(2)
    restart_began = time.monotonic()
    services.pg_ctl("restart")
    restarted = time.monotonic()
    stop_at[0] = restarted + 10
    thread.join()
    failed = [(t, s, b) for t, s, b in answers if s != 200]
    later_ok = [t for t, s, _ in answers if s == 200 and t > restart_began]
    last_failure = max((t for t, *_ in failed), default=restart_began)
    recovered_after = max(0.0, last_failure - restarted)
    pages = {
        "with_error_page": sum(1 for _, s, b in failed if s == 500 and ERROR_PAGE_MARK in b),
        "with_traceback": sum(1 for *_, b in failed if "Traceback" in b),
        "no_answer": sum(1 for _, s, _ in failed if s == 0),
    }
    pool_after = sorted(child_pids(services.gunicorn.pid))
    details = {
        "requests": len(answers),
        "failed": len(failed),
        "statuses": sorted({s for _, s, _ in failed}),
        **pages,
        "restart_s": round(restarted - restart_began, 2),
        "recovered_s_after_restart": round(recovered_after, 2),
        "ok_after_recovery": sum(1 for t in later_ok if t > last_failure),
        "gunicorn_workers_unchanged": pool_before == pool_after,
    }
    passed = (
        all(s == 500 for _, s, _ in failed)
        and pages["with_error_page"] == len(failed)
        and not pages["with_traceback"]
        and recovered_after < RECOVERY_S
        and details["ok_after_recovery"] >= 20
        and pool_before == pool_after
    )
    return {"result": "PASS" if passed else "FAIL", **details}


def main() -> int:
    services = Services()
    results, server, failed = {}, None, ["setup"]
    try:
        services.start_postgres()
        services.start_redis()
        media = services.dir / "media"
        env = {"REDIS_URL": services.redis_url, "MEDIA_ROOT": str(media), "CONN_MAX_AGE": "60"}
        os.environ.update(env, BENCH_DATABASE_URL=services.postgres_url, LOG_LEVEL="WARNING")
        url = django_on_bench_database("runstrength_faults")
        env |= {"DATABASE_URL": url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1"}
        athletes, token, template, monday = build(services, env)
        server, port = start_gunicorn(env, log=services.dir / "gunicorn.log")
        services.gunicorn = server
        drills = {
            "a_redis_down": lambda: drill_redis(
                services, env, port, athletes, token, template, monday
            ),
            "b_worker_killed": lambda: drill_worker_kill(services, port, athletes),
            "c_postgres_restart": lambda: drill_postgres_restart(services, port),
        }
        for name, drill in drills.items():
            try:
                results[name] = drill()
            except Exception as exc:  # a drill that breaks is a FAIL, and the next still runs
                results[name] = {"result": "FAIL", "error": repr(exc), "at": traceback.format_exc()}
        failed = [name for name in drills if results[name]["result"] != "PASS"]
        # Expected ones: the requests that met the PostgreSQL restart are logged.
        log = (services.dir / "gunicorn.log").read_text()
        results["gunicorn_log_tracebacks"] = log.count("Traceback")
    finally:
        if server is not None:
            stop(server)
        services.close(keep_logs=bool(failed))
    if failed:
        results["logs_kept_in"] = str(services.dir)
    results["result"] = "FAIL" if failed else "PASS"
    print(json.dumps(results, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
