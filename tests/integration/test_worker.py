import os
import signal
import time
from datetime import timedelta

import psycopg
import pytest

from programs import engine
from programs.catalogue import catalogue_for_club
from programs.services import default_program, template_queryset, template_to_engine
from schedules import exports, services
from schedules.forms import next_monday
from schedules.models import (
    ExportJob,
    ExportKind,
    JobStatus,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
)
from tests.factories import AthleteFactory, ClubFactory, SquadFactory, StrengthTestFactory
from tests.integration.conftest import child_pids, database_url, wait_for

pytestmark = pytest.mark.worker


def expected_sessions(athlete, start) -> int:
    records, ids = catalogue_for_club(athlete.club)
    profile = services.athlete_profile(athlete, start, set(ids))
    template = template_to_engine(template_queryset().get(pk=default_program().pk))
    return len(engine.build_plan(profile, template, records).sessions)


def test_squad_of_ten_is_planned_by_a_real_worker(start_worker):
    start_worker(concurrency=2)
    club = ClubFactory()
    squad = SquadFactory(club=club)
    athletes = AthleteFactory.create_batch(10, club=club, squad=squad)
    for athlete in athletes[:5]:
        StrengthTestFactory(athlete=athlete)
    start = next_monday()
    services.assign_program(
        athletes=athletes, template=default_program(), start_date=start, user=None
    )
    wait_for(lambda: not PlanJob.objects.exclude(status=JobStatus.DONE).exists())
    assert PlanJob.objects.filter(status=JobStatus.DONE).count() == 10
    for athlete in athletes:
        plan = Plan.objects.get(athlete=athlete)
        assert plan.sessions.count() == expected_sessions(athlete, start)


def test_worker_killed_mid_task_leaves_exactly_one_complete_plan(start_worker):
    club = ClubFactory()
    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete)
    start = next_monday()
    [first] = services.assign_program(
        athletes=[athlete], template=default_program(), start_date=start, user=None
    )
    services.job_claim(first.pk, 3)
    services.plan_generate(job_id=first.pk)
    plan = Plan.objects.get(athlete=athlete)
    sessions_before = plan.sessions.count()

    # Hold the plan row so the worker blocks half-way through writing the new plan.
    blocker = psycopg.connect(database_url(), autocommit=False)
    blocker.execute("SELECT id FROM schedules_plan WHERE id = %s FOR UPDATE", [plan.pk])
    worker = start_worker(concurrency=1)
    job = services.plan_request_regeneration(athlete)
    wait_for(lambda: PlanJob.objects.get(pk=job.pk).status == JobStatus.RUNNING)
    waiting = wait_for(
        lambda: blocker.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).fetchone()[0]
    )
    assert waiting >= 1
    [child] = child_pids(worker.process.pid)
    os.kill(child, signal.SIGKILL)
    time.sleep(0.5)
    blocker.rollback()
    blocker.close()

    wait_for(lambda: PlanJob.objects.get(pk=job.pk).status == JobStatus.DONE)
    job.refresh_from_db()
    assert job.attempts >= 2
    assert Plan.objects.filter(athlete=athlete).count() == 1
    sessions = PlannedSession.objects.filter(plan__athlete=athlete)
    assert sessions.count() == sessions_before == expected_sessions(athlete, start)
    assert sessions.values("date", "time", "label").distinct().count() == sessions.count()
    assert not PlannedSession.objects.filter(plan__athlete=athlete, exercises=None).exists()
    assert PlannedExercise.objects.filter(session__plan__athlete=athlete).count() > 0


def test_worker_killed_mid_export_hands_the_pdf_to_the_next_attempt(
    start_worker, settings, tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    settings.MEDIA_ROOT = tmp_path
    club = ClubFactory()
    athlete = AthleteFactory(club=club, race_date=next_monday() + timedelta(weeks=16))
    StrengthTestFactory(athlete=athlete)
    [first] = services.assign_program(
        athletes=[athlete], template=default_program(), start_date=next_monday(), user=None
    )
    services.job_claim(first.pk, 3)
    services.plan_generate(job_id=first.pk)

    worker = start_worker(concurrency=1)
    job = exports.export_request(
        club=club, user=None, kind=ExportKind.ATHLETE_BLOCK, athlete=athlete
    )
    wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, interval=0.05)
    [child] = child_pids(worker.process.pid)
    os.kill(child, signal.SIGKILL)

    wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.DONE)
    job.refresh_from_db()
    assert job.attempts == 2
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert job.pages >= 8
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
