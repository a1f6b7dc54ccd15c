import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from programs.engine.duration import session_minutes
from schedules import logbook, services
from schedules.forms import next_monday
from schedules.models import JobStatus, Plan, PlanJob, PlannedExercise, PlannedSession
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory


@pytest.fixture
def planned(athlete, program, run_jobs):
    services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    return Plan.objects.get(athlete=athlete)


def plan_urls(athlete, job, squad):
    return {
        "get": [
            reverse("athlete_plan", args=[athlete.pk]),
            reverse("athlete_plan_json", args=[athlete.pk]),
            reverse("assign_athlete", args=[athlete.pk]),
            reverse("assign_squad", args=[squad.pk]),
            reverse("plan_job", args=[job.pk]),
            reverse("plan_batch", args=[job.batch]),
        ],
        "post": [
            reverse("assign_athlete", args=[athlete.pk]),
            reverse("assign_squad", args=[squad.pk]),
            reverse("plan_job_retry", args=[job.pk]),
        ],
    }


def test_stranger_gets_404_on_every_plan_url(stranger_client, athlete, planned, program):
    squad = SquadFactory(club=athlete.club)
    urls = plan_urls(athlete, PlanJob.objects.get(), squad)
    for url in urls["get"]:
        assert stranger_client.get(url).status_code == 404, url
    data = {"template": program.pk, "start_date": next_monday().isoformat()}
    for url in urls["post"]:
        assert stranger_client.post(url, data).status_code == 404, url
    assert PlanJob.objects.count() == 1


def test_retry_refuses_get(owner_client, planned):
    url = reverse("plan_job_retry", args=[PlanJob.objects.get().pk])
    assert owner_client.get(url).status_code == 405


def test_plan_json_follows_the_plan_format(owner_client, athlete, planned):
    response = owner_client.get(reverse("athlete_plan_json", args=[athlete.pk]))
    document = json.loads(response.content)
    assert list(document) == [
        "format",
        "athlete",
        "start_date",
        "race_date",
        "units",
        "phases",
        "sessions",
        "warnings",
    ]
    assert document["format"] == "runstrength.plan/1"
    assert document["athlete"] == {
        "name": athlete.name,
        "experience": athlete.experience,
        "event": athlete.event,
    }
    keys = [(s["date"], s["time"]) for s in document["sessions"]]
    assert keys == sorted(keys)
    first = document["sessions"][0]["exercises"][0]
    assert list(first) == [
        "exercise",
        "category",
        "unilateral",
        "sets",
        "reps",
        "seconds",
        "metres",
        "percent_1rm",
        "load",
        "unit",
        "rir",
        "rest_s",
    ]


def test_plan_page_shows_phases_sessions_and_running_days(owner_client, athlete, planned):
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    bar = body[body.index('class="phase-bar"') :]
    bar = bar[: bar.index("</div>\n")]
    for block in planned.phases:
        start, end = (date.fromisoformat(block[k]) for k in ("start", "end"))
        assert f"{start.day} {start:%b} – {end.day} {end:%b}" in bar
    assert "Race day" in body
    assert "quality pm" in body
    session = planned.sessions.first()
    assert session.exercises.first().exercise.name in body


def test_a_lift_given_in_percent_without_a_1rm_says_so_on_the_plan_page(
    owner_client, athlete, planned
):
    """DOMAIN L3: no weight without a 1RM, and the calendar says why (not a bare RIR)."""
    by_effort = PlannedExercise.objects.filter(
        session__plan=planned, load__isnull=True, percent_1rm__isnull=False
    )
    assert by_effort.exists()  # the athlete has no 1RM test
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    marks = re.findall(r'<span class="no-1rm"[^>]*>no 1RM yet</span>', body)
    assert len(marks) == by_effort.count()


def test_each_session_on_the_plan_page_says_how_long_it_takes(owner_client, athlete, planned):
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    lengths = re.findall(r'<span class="cal-length">about (\d+) min</span>', body)
    sessions = planned.sessions.exclude(kind="hill_sprint")
    assert len(lengths) == sessions.count()
    for session, shown in zip(sessions.order_by("date", "time", "id"), lengths, strict=True):
        assert int(shown) == session_minutes(list(session.exercises.all()))
        if session.kind == "lifting":
            assert 30 <= int(shown) <= 45 or session.deload or session.phase == "taper"


def test_a_hand_made_session_is_timed_from_its_warm_up_to_its_last_set(
    owner_client, athlete, planned
):
    session = planned.sessions.filter(kind="lifting").order_by("date").first()
    squat = session.exercises.order_by("order").first()
    session.exercises.exclude(pk=squat.pk).delete()
    squat.category, squat.unilateral = "max_strength", False
    squat.sets, squat.reps, squat.seconds, squat.metres = 3, 5, None, None
    squat.load, squat.percent_1rm, squat.rest_s = 60, 80, 180
    squat.save()
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    at = body.index(f'id="session-{session.pk}"')
    # 10 min warm-up, three sets of 5 reps with 3 min rest between, one lighter set first.
    assert '<span class="cal-length">about 19 min</span>' in body[at : at + 600]


def test_the_plan_page_gives_a_session_held_back_by_pain_its_length_left_and_as_planned(
    owner_client, athlete, planned
):
    first = planned.sessions.filter(kind="lifting").order_by("date").first()
    squat = first.exercises.get(exercise__slug="back-squat")
    logbook.pain_flag_create(planned_exercise=squat, athlete=athlete, note="knee")
    later = (
        planned.sessions.filter(date__gt=first.date, exercises__exercise=squat.exercise)
        .order_by("date")
        .first()
    )
    # A coach's edit makes it too long: the warning and the calendar say the same length.
    PlannedExercise.objects.filter(session=later, exercise=squat.exercise).update(sets=6, reps=20)
    services.plan_recheck(planned)
    planned_length = session_minutes(list(later.exercises.all()))
    left = session_minutes([e for e in later.exercises.all() if e.exercise_id != squat.exercise_id])
    assert left < 45 < planned_length
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    at = body.index(f'id="session-{later.pk}"')
    card = body[at : body.index("</ul>", at)]
    # What is left, as the athlete's pages say it; as planned, as the S1 warning counts it.
    shown = f'<span class="cal-length">about {left} min ({planned_length} as planned)</span>'
    assert shown in card
    assert "left out: pain" in card
    assert f"About {planned_length} min with the warm-up; plan 30-45" in body


def test_each_day_of_the_calendar_says_the_rules_broken_there(owner_client, athlete):
    """The warnings say "2 times, first …": the calendar marks each day a rule is broken on,
    so the others are found without reading every day. A week's count (P5, dated on its
    first session) is about the week, not that day: not marked."""
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=2)
    monday, thursday = plan.start_date, plan.start_date + timedelta(days=3)
    later = monday + timedelta(weeks=1)
    lifting = "Lifting after an afternoon quality session; lift on an easy day instead"
    warnings = [
        {"rule": "W2", "date": monday.isoformat(), "message": lifting},
        {"rule": "W3", "date": monday.isoformat(), "message": "Run and lift less than 3 h apart"},
        {"rule": "W2", "date": later.isoformat(), "message": lifting},
        {"rule": "P5", "date": thursday.isoformat(), "message": "3 lifts in a sharpen week"},
    ]
    Plan.objects.filter(pk=plan.pk).update(warnings=warnings)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "2 times, first" in page
    day = r'<div class="cal-day[^"]*">(.*?)(?=<div class="cal-day|</section>)'
    days = re.findall(day, page, re.S)
    marks = {
        re.search(r"<span>(\w{3} \d+)", day)[1]: re.findall(r'class="cal-breaks">([^<]*)<', day)
        for day in days
    }
    assert marks[f"{monday:%a %-d}"] == ["breaks W2, W3"]
    assert marks[f"{later:%a %-d}"] == ["breaks W2"]
    assert marks[f"{thursday:%a %-d}"] == []
    assert sum(map(len, marks.values())) == 2

    # A rule the coach accepted for this athlete is known and marked so in the list above:
    # the days mark only the rules still to look at.
    from schedules.models import RuleOverride

    RuleOverride.objects.create(athlete=athlete, rule="W3", note="Only option this block")
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    monday_day = next(d for d in re.findall(day, page, re.S) if f"<span>{monday:%a %-d}" in d)
    assert re.findall(r'class="cal-breaks">([^<]*)<', monday_day) == ["breaks W2"]


def test_plan_page_without_plan_offers_assignment(owner_client, athlete):
    """Once: by the empty plan, not again as a second button of nearly the same words."""
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "No plan yet" in body
    assign = reverse("assign_athlete", args=[athlete.pk])
    assert body.count(f'href="{assign}"') == 1
    assert f'<a class="btn btn-primary" href="{assign}">Assign a programme</a>' in body


def test_assign_creates_job_and_enqueues_after_commit(
    owner_client, athlete, program, django_capture_on_commit_callbacks, celery_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("assign_athlete", args=[athlete.pk]),
            {"template": program.pk, "start_date": next_monday().isoformat()},
        )
    assert response.status_code == 302
    job = PlanJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert celery_outbox == [("schedules.tasks.generate_plan", (job.assignment_id, job.pk))]
    page = owner_client.get(response["Location"]).content.decode()
    flash = page[page.index('<div class="messages"') : page.index('<div id="plan-body">')]
    # Said by the status in the plan's place, which the plan replaces once made; a message
    # above it would stay saying "being made" over "Plan ready".
    assert "being made" not in flash
    assert f"Programme assigned to {athlete.name}." in flash
    status = page[page.index('<div id="plan-body">') :]
    assert "The plan is being made: this takes a few seconds." in status
    assert "Queued…" in status


def test_a_plan_queued_for_long_says_the_workers_may_be_busy_or_stopped(
    owner_client, athlete, program, celery_outbox
):
    owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
    )
    job = PlanJob.objects.get()
    url = reverse("plan_job", args=[job.pk])
    fresh = owner_client.get(url).content.decode()
    assert "Queued…" in fresh and 'hx-trigger="every 1s"' in fresh
    assert "workers are busy" not in fresh

    PlanJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    waiting = owner_client.get(url).content.decode()
    assert "the background workers are busy with many plans or stopped" in waiting
    assert "nothing is lost if you leave this page" in waiting
    assert 'hx-trigger="every 5s"' in waiting  # asked less often while it waits
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "the background workers are busy" in plan_page

    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert "workers are busy" not in owner_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_assign_says_so_when_the_plan_failed_within_the_request(
    owner_client, athlete, program, monkeypatch
):
    from schedules import services

    def fail_now(jobs):
        for _, job_id in jobs:
            services.job_claim(job_id, 1)
            services.job_fail(job_id, "Plan generation failed: no room")

    monkeypatch.setattr("schedules.tasks.enqueue_plan_jobs", fail_now)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
        follow=True,
    )
    body = response.content.decode()
    assert f"Programme assigned, but {athlete.name}&#x27;s plan failed." in body
    assert "being made" not in body


@pytest.mark.django_db(transaction=True)  # commits for real: jobs start as the view commits
def test_assign_says_the_plan_is_ready_when_it_was_made_within_the_request(
    owner_client, athlete, program, monkeypatch
):
    from schedules.tasks import generate_plan

    def run_now(jobs):  # as where no broker is set up (the demo)
        for assignment_id, job_id in jobs:
            generate_plan(assignment_id, job_id)

    monkeypatch.setattr("schedules.tasks.enqueue_plan_jobs", run_now)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
        follow=True,
    )
    assert PlanJob.objects.get().status == JobStatus.DONE
    assert f"Programme assigned: {athlete.name}&#x27;s plan is ready." in response.content.decode()


@pytest.mark.django_db(transaction=True)  # jobs start as the view commits
@pytest.mark.parametrize("way_in", ["none", "link", "login"])
def test_a_first_plan_says_next_to_give_the_athlete_their_week_until_they_have_a_way_in(
    owner_client, owner, athlete, program, monkeypatch, way_in
):
    """Without a working link or a login the athlete cannot see the plan: the message after
    assigning says where to give them one; once they have either, it says nothing more."""
    from athletes.models import AthleteLink
    from schedules.tasks import generate_plan
    from tests.factories import UserFactory

    def run_now(jobs):
        for assignment_id, job_id in jobs:
            generate_plan(assignment_id, job_id)

    monkeypatch.setattr("schedules.tasks.enqueue_plan_jobs", run_now)
    if way_in == "link":
        AthleteLink.issue(athlete=athlete, created_by=owner)
    elif way_in == "login":
        athlete.user = UserFactory(username="amara")
        athlete.save()
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
        follow=True,
    )
    body = response.content.decode()
    access = reverse("athlete_link", args=[athlete.pk])
    next_step = f'Next: give {athlete.name} their week from <a href="{access}">Athlete access</a>.'
    assert f"Programme assigned: {athlete.name}&#x27;s plan is ready." in body
    assert (next_step.replace("'", "&#x27;") in body) is (way_in == "none")


@pytest.mark.parametrize("start", ["2001-01-01", "soon", ""])
def test_assign_refuses_bad_start_date(owner_client, athlete, program, start):
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]), {"template": program.pk, "start_date": start}
    )
    assert response.status_code == 400
    assert not PlanJob.objects.exists()


def test_assign_refuses_a_start_on_or_after_the_race(owner_client, athlete, program):
    race = athlete.race_date
    for start in (race, race + timedelta(days=10)):
        response = owner_client.post(
            reverse("assign_athlete", args=[athlete.pk]),
            {"template": program.pk, "start_date": start.isoformat()},
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert f"on or after the race of {athlete.name} ({race.day} {race:%b %Y})" in body
    assert not PlanJob.objects.exists()


def test_assign_asks_for_a_monday_and_names_the_nearest_two(owner_client, athlete, program):
    wednesday = next_monday() + timedelta(days=2)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": wednesday.isoformat()},
    )
    assert response.status_code == 400
    monday, following = next_monday(), next_monday() + timedelta(days=7)
    assert (
        "Plans run Monday to Sunday, like the running week: start on a Monday "
        f"({monday:%a} {monday.day} {monday:%b} or {following:%a} {following.day} {following:%b})."
    ) in response.content.decode()
    assert not PlanJob.objects.exists()


def test_assign_without_a_start_date_gives_a_monday_as_its_example(owner_client, athlete, program):
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": ""},
    )
    assert response.status_code == 400
    example = re.search(r"a Monday, as (\d{4}-\d{2}-\d{2})", response.content.decode())
    assert example and date.fromisoformat(example[1]).weekday() == 0
    assert not PlanJob.objects.exists()


def test_assign_date_picker_offers_mondays_only(owner_client, athlete):
    html = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    earliest = next_monday(timezone.localdate() - timedelta(days=7))
    assert f'min="{earliest.isoformat()}"' in html
    assert 'step="7"' in html


def test_assign_refuses_another_clubs_template(owner_client, athlete, stranger):
    from programs.models import ProgramTemplate

    theirs = ProgramTemplate.objects.create(club=stranger.membership.club, name="Secret")
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": theirs.pk, "start_date": next_monday().isoformat()},
    )
    # As if it did not exist: refused as a programme gone from the club's list, not named.
    assert response.status_code == 409
    assert "Secret" not in response.content.decode()
    assert not PlanJob.objects.exists()


def test_squad_assignment_shows_progress(owner_client, club, program, run_jobs):
    squad = SquadFactory(club=club)
    AthleteFactory.create_batch(3, club=club, squad=squad)
    response = owner_client.post(
        reverse("assign_squad", args=[squad.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
    )
    batch_url = response["Location"]
    body = owner_client.get(batch_url).content.decode()
    assert "<strong>0</strong> of 3 plans made" in body
    assert 'hx-trigger="every 1s"' in body
    assert "<h1>Making plans</h1>" in body
    assert f'<p class="muted">{program.name} · 3 athletes of {squad.name}</p>' in body
    week_url = reverse("squad_week", args=[squad.pk])
    assert week_url not in body
    run_jobs()
    fragment = owner_client.get(batch_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<strong>3</strong> of 3 plans made" in fragment
    assert "<h1>Plans made</h1>" in fragment  # the heading follows the progress
    # Made: on to the squad's week, or the dashboard.
    assert f'href="{week_url}">{squad.name}: this week</a>' in fragment
    assert f'href="{reverse("dashboard")}">Dashboard</a>' in fragment
    assert "every 1s" not in fragment
    assert "<html" not in fragment


def test_failed_job_shows_reason_and_retry_works(owner_client, athlete, program, run_jobs):
    from athletes.models import Athlete

    Athlete.objects.filter(pk=athlete.pk).update(running_week={"mon": {"run": "sprint"}})
    [job] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    services.job_claim(job.pk, 3)
    with pytest.raises(services.PlanInputError) as exc:
        services.plan_generate(job_id=job.pk)
    services.job_fail(job.pk, str(exc.value))
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "The plan could not be made" in body
    assert "running_week.mon.run" in body
    Athlete.objects.filter(pk=athlete.pk).update(
        running_week={"mon": {"run": "easy", "time": "am"}}
    )
    response = owner_client.post(reverse("plan_job_retry", args=[job.pk]))
    assert response.status_code == 302
    run_jobs()
    assert Plan.objects.filter(athlete=athlete).exists()
    assert PlanJob.objects.filter(status=JobStatus.DONE).count() == 1


def _failed_job(athlete, program):
    [job] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    services.job_claim(job.pk, 3)
    services.job_fail(job.pk, "Plan generation failed: RuntimeError: worker lost")
    return job


def test_archived_athletes_failed_job_offers_restore_not_try_again(owner_client, athlete, program):
    """Retried, the job would only end saying the athlete is archived: the page says so and
    how to restore them instead, and a retry sent from a page left open is refused."""
    job = _failed_job(athlete, program)
    Athlete.objects.filter(pk=athlete.pk).update(archived_at=timezone.now())
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "The plan could not be made" in body
    assert "Try again" not in body
    assert reverse("plan_job_retry", args=[job.pk]) not in body
    assert "is archived, so the plan is not made again now" in body
    assert reverse("athlete_detail", args=[athlete.pk]) in body
    fragment = owner_client.get(reverse("plan_job", args=[job.pk])).content.decode()
    assert "Try again" not in fragment

    url = reverse("plan_job_retry", args=[job.pk])
    response = owner_client.post(url)
    assert response.status_code == 409
    assert "Restore them from their page" in response.content.decode()
    response = owner_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Refresh"] == "true"
    assert list(PlanJob.objects.values_list("pk", flat=True)) == [job.pk]  # nothing queued


def test_retry_of_an_athlete_archived_meanwhile_is_refused(athlete, program):
    from athletes.access import AthleteArchived

    job = PlanJob.objects.select_related("athlete").get(pk=_failed_job(athlete, program).pk)
    Athlete.objects.filter(pk=athlete.pk).update(archived_at=timezone.now())  # as it was sent
    with pytest.raises(AthleteArchived):
        services.plan_job_retry(job)
    assert PlanJob.objects.count() == 1


def test_a_retried_job_once_done_shows_the_plan_it_made_in_place_of_the_old(
    owner_client, athlete, program, run_jobs
):
    """The status polled after Try again brings the new plan with it: the page's calendar
    and head are those of the plan made, not the old one's until a reload."""
    services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    failed = services.plan_request_regeneration(athlete, ["running_week"])
    services.job_claim(failed.pk, 3)
    services.job_fail(failed.pk, "Plan generation failed: RuntimeError: worker lost")
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert 'id="plan-body"' in page and "Try again" in page
    fragment = owner_client.post(
        reverse("plan_job_retry", args=[failed.pk]), HTTP_HX_REQUEST="true"
    )
    job = PlanJob.objects.get(status=JobStatus.QUEUED)
    assert f'hx-get="{reverse("plan_job", args=[job.pk])}"' in fragment.content.decode()
    run_jobs()
    made = PlannedSession.objects.filter(plan__athlete=athlete).order_by("date").last()

    polled = owner_client.get(reverse("plan_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert polled["HX-Retarget"] == "#plan-body"
    assert polled["HX-Reswap"] == "outerHTML"
    body = polled.content.decode()
    assert body.lstrip().startswith('<div id="plan-body">')
    assert "<html" not in body
    assert '<div class="calendar">' in body and f'id="session-{made.pk}"' in body
    assert "Adjust loads" in body  # the page's head comes with it
    assert "Plan ready: it is shown below." in body
    assert "hx-get" not in body  # nothing left to poll
    # Without htmx (a script-less reader), the status alone, as before.
    plain = owner_client.get(reverse("plan_job", args=[job.pk])).content.decode()
    assert "Show the plan" in plain and "calendar" not in plain


def test_plan_page_query_count_is_constant(
    owner_client, athlete, planned, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = owner_client.get(reverse("athlete_plan", args=[athlete.pk]))
    assert response.status_code == 200


def test_race_already_run_plans_an_off_season_block(club, program, run_jobs):
    athlete = AthleteFactory(club=club, race_date=timezone.localdate() + timedelta(days=1))
    services.assign_program(
        athletes=[athlete],
        template=program,
        start_date=next_monday() + timedelta(days=7),
        user=None,
    )
    [job] = run_jobs()
    assert job.status == JobStatus.DONE
    assert Plan.objects.get(athlete=athlete).race_date is None


def test_plan_page_counts_only_the_sessions_its_calendar_shows(owner_client, athlete, planned):
    shown = PlannedSession.objects.filter(plan=planned).count()
    first = planned.start_date - timedelta(days=planned.start_date.weekday())
    # A session kept from an earlier plan, before this one's first week.
    PlannedSession.objects.create(
        plan=planned,
        date=first - timedelta(days=10),
        time="pm",
        week=1,
        phase="base",
        kind="lifting",
        label="A",
    )
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f" · {shown} sessions · " in body


def test_an_empty_squad_is_told_before_any_form(owner_client, club):
    from tests.factories import SquadFactory

    squad = SquadFactory(club=club)
    page = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    assert f"{squad.name} has no athletes yet." in page
    assert "Assign and make the plan" not in page
    week = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    assert "No athletes in this squad." in week
    assert "Change this week for the whole squad" not in week


def test_an_empty_squads_week_says_how_to_put_athletes_in_it(owner_client, club):
    from tests.factories import SquadFactory

    squad = SquadFactory(club=club)
    week = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    # The quickest way for athletes already on the roster first, as the squads page says it.
    assert (
        f'Tick athletes on the <a href="{reverse("roster")}">Athletes</a> page, then Move them '
        "into it (or on an athlete's page: Edit, then Squad)"
    ) in week.replace("&#x27;", "'")
    assert f'href="{reverse("athlete_create")}?squad={squad.pk}"' in week


def test_a_programme_without_phases_cannot_be_assigned(owner_client, club, athlete):
    from programs.models import ProgramTemplate

    empty = ProgramTemplate.objects.create(club=club, name="Blank <b>page</b>")
    data = {"template": empty.pk, "start_date": next_monday().isoformat()}
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 400
    assert "“Blank &lt;b&gt;page&lt;/b&gt;” has no phases yet" in response.content.decode()
    assert not athlete.assignments.exists()


def test_a_programme_the_planner_refuses_cannot_be_assigned(owner_client, club, athlete):
    from programs.models import Phase, ProgramTemplate

    broken = ProgramTemplate.objects.create(club=club, name="Upside down")
    Phase.objects.create(
        template=broken,
        phase="base",
        weeks=4,
        sessions_per_week=2,
        reps_min=12,
        reps_max=4,
        percent_min=60,
        percent_max=80,
    )
    data = {"template": broken.pk, "start_date": next_monday().isoformat()}
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 400
    assert "“Upside down” cannot make a plan yet" in response.content.decode()
    assert not athlete.assignments.exists()


def test_assign_refuses_a_start_more_than_104_weeks_before_the_race(owner_client, athlete, program):
    from athletes.models import Athlete

    start = next_monday()
    race = start + timedelta(weeks=104)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=race)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": start.isoformat()},
    )
    assert response.status_code == 400
    assert "A plan reaches at most 104 weeks" in response.content.decode()
    assert not PlanJob.objects.exists()


def test_the_plan_and_the_grid_list_rule_warnings_from_this_week_on(owner_client, athlete):
    from tests.plan_factories import make_plan

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    plan = make_plan(athlete, weeks=3, start=monday - timedelta(weeks=1))
    # Last week's cannot change; this Monday's may still be trained, or be a week-wide rule.
    gone, coming = monday - timedelta(days=3), monday
    plan.warnings = [
        {"rule": "W1", "date": gone.isoformat(), "message": "Lifting the day before a long run"},
        {"rule": "S3", "date": coming.isoformat(), "message": "0 reps in reserve"},
    ]
    plan.save(update_fields=["warnings"])
    for route in ("athlete_plan", "plan_grid"):
        body = owner_client.get(reverse(route, args=[athlete.pk])).content.decode()
        assert "0 reps in reserve" in body
        assert "Lifting the day before a long run" not in body, route
        assert "from this week on" in body
    # Stored whole: the plan's document still holds both.
    document = owner_client.get(reverse("athlete_plan_json", args=[athlete.pk])).json()
    assert [w["rule"] for w in document["warnings"]] == ["W1", "S3"]


def test_each_warnings_why_is_named_for_its_rule(owner_client, athlete):
    """The Why of each warning says which rule it explains: listed together by a screen
    reader, a column of bare Whys could not be told apart."""
    from tests.plan_factories import make_plan

    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    plan = make_plan(athlete, weeks=3, start=monday)
    plan.warnings = [
        {"rule": "W1", "date": monday.isoformat(), "message": "Lifting the day before a long run"},
        {"rule": "S3", "date": monday.isoformat(), "message": "0 reps in reserve"},
    ]
    plan.save(update_fields=["warnings"])
    for route in ("athlete_plan", "plan_grid"):
        body = owner_client.get(reverse(route, args=[athlete.pk])).content.decode()
        for rule in ("W1", "S3"):
            assert f'<summary>Why<span class="sr-only"> {rule}</span></summary>' in body, route
        assert "<summary>Why</summary>" not in body, route


def test_settled_days_are_this_weeks_fully_logged_days_but_its_first():
    from schedules.rule_text import settled_days, warnings_from

    monday = warnings_from()

    def day(n: int):
        return monday + timedelta(days=n)

    sessions = [
        (day(0), True),  # Monday: week-wide warnings are dated here
        (day(2), True),
        (day(4), True),
        (day(4), False),  # a second session that day, still open
        (day(5), False),
        (day(9), True),  # next week
    ]
    assert settled_days(sessions) == {day(2)}
    # A week whose first session is on Wednesday keeps that day's warnings too.
    assert settled_days([(day(2), True), (day(3), True)]) == {day(3)}
    assert settled_days([]) == set()
    # Thursday logged ahead of an open Wednesday: a rule between the two is dated Thursday
    # and Wednesday can still change, so Thursday is not settled.
    assert settled_days([(day(0), True), (day(2), False), (day(3), True)]) == set()


def test_a_race_already_run_does_not_block_assigning_an_off_season_block(
    owner_client, athlete, program, run_jobs
):
    """The athlete's race is over: the plan is an off-season block, not a refusal that no
    start date could satisfy (the form takes none earlier than a week back)."""
    Athlete = type(athlete)
    race = timezone.localdate() - timedelta(days=33)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=race)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
    )
    assert response.status_code == 302
    assert PlanJob.objects.filter(athlete=athlete).count() == 1
    run_jobs()
    plan = Plan.objects.get(athlete=athlete)
    assert plan.race_date is None
    assert [block["phase"] for block in plan.phases] == ["off_season"]


def test_the_plan_calendar_says_which_day_is_today_in_words(owner_client, athlete):
    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=2)  # from this week's Monday
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert body.count('<strong class="today-word">today</strong>') == 1
    today = timezone.localdate()
    day = body.index('<strong class="today-word">')
    assert f"{today:%a} {today.day}" in body[day - 40 : day]
    assert '<div class="phase-bar" role="group" aria-label="Phases">' in body


def test_each_placement_rule_is_explained_with_evidence_that_fits_it():
    """The hours-apart finding backs the same-day rules; the others (long-run day, taper,
    spacing) get the finding about running and lifting crowding each other."""
    from schedules.rule_text import EXPLANATIONS, explain

    same_day = {"W2", "W3"}
    for rule in (r for r in EXPLANATIONS if r.startswith("W")):
        text = explain(rule)
        assert text["explanation"] and text["evidence"], rule
        assert ("6 hours" in text["evidence"]) == (rule in same_day), rule


def test_the_taper_explanation_allows_one_short_session_a_week_at_most():
    """W4 and P6: at most one short session a week in the taper, as the plan's warning of
    a second one says; not a session the taper must hold, nor one for the whole taper."""
    from schedules.rule_text import explain

    assert explain("W4")["explanation"] == (
        "No strength work in the 72 hours before a race; at most one short session a week "
        "in the taper."
    )


def test_the_phase_bar_gives_the_lifts_a_week_the_weeks_really_hold(owner_client, athlete):
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=3)
    url = reverse("athlete_plan", args=[athlete.pk])
    assert '<span title="Lifting sessions a week">2 lifts/wk</span>' in (
        owner_client.get(url).content.decode()
    )
    # A week with one session fewer (a new lifter's first week, say): the range is shown.
    plan.sessions.filter(week=1).order_by("date").first().delete()
    assert '<span title="Lifting sessions a week">1-2 lifts/wk</span>' in (
        owner_client.get(url).content.decode()
    )


def test_the_plan_page_offers_its_json_document_below_the_calendar(owner_client, athlete):
    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=1)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    link = f'<a href="{reverse("athlete_plan_json", args=[athlete.pk])}">'
    assert body.count(link) == 1
    assert body.index(link) > body.index('class="calendar"')  # not among the coach's buttons


def test_assigning_names_whose_hand_edited_sessions_are_kept(owner_client, club, athlete):
    from schedules.models import PlannedExercise
    from tests.factories import AthleteFactory, SquadFactory
    from tests.plan_factories import make_plan

    squad = SquadFactory(club=club)
    type(athlete).objects.filter(pk=athlete.pk).update(squad=squad)
    other = AthleteFactory(club=club, squad=squad, name="Ben Hughes")
    plan = make_plan(athlete, weeks=3)
    make_plan(other, weeks=3)
    later = plan.sessions.filter(week=3).order_by("date")
    PlannedExercise.objects.filter(session__in=later).update(hand_edited=True)
    body = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    start = max(next_monday(), timezone.localdate())
    said = f"Starting {start.day} {start:%b}, kept as edited by hand, on their days: "
    assert f"{said}{athlete.name} (2 sessions)." in body
    assert "Ben Hughes (" not in body
    one = owner_client.get(reverse("assign_athlete", args=[other.pk])).content.decode()
    assert "kept as edited by hand" not in one
    # A start typed after those sessions: they go with the old plan, so none is named.
    late = later.last().date + timedelta(days=7 - later.last().date.weekday())
    refused = owner_client.post(
        reverse("assign_squad", args=[squad.pk]),
        {"template": "", "start_date": late.isoformat()},
    ).content.decode()
    assert "kept as edited by hand" not in refused


def test_an_assigned_programme_emptied_in_the_builder_fails_its_next_plan_and_says_why(
    owner_client, club, athlete, run_jobs
):
    """Every phase removed after it was assigned: the next re-plan does not quietly make a
    plan from the shipped programme under this one's name; it fails, says why, and the
    plan stays as it was."""
    from django.db.models import F

    from programs.models import Phase, ProgramTemplate
    from programs.services import default_program, program_clone
    from schedules.tasks import generate_plan

    copy = program_clone(template=default_program(), club=club, name="Winter block")
    services.assign_program(athletes=[athlete], template=copy, start_date=next_monday(), user=None)
    run_jobs()
    sessions = PlannedSession.objects.filter(plan__athlete=athlete).count()
    Phase.objects.filter(template=copy).delete()
    ProgramTemplate.objects.filter(pk=copy.pk).update(version=F("version") + 1)  # as edits do

    job = services.plan_request_regeneration(athlete)
    # As the worker runs it (tasks.generate_plan), in this process.
    assert generate_plan.apply(args=[job.assignment_id, job.pk]).get() == "failed"

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "“Winter block” has no phases now" in job.reason
    assert PlannedSession.objects.filter(plan__athlete=athlete).count() == sessions
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "has no phases now (they were removed in the builder)" in page


def test_the_assign_page_says_a_race_run_or_none_gives_an_off_season_block(owner_client, athlete):
    url = reverse("assign_athlete", args=[athlete.pk])
    ahead = owner_client.get(url).content.decode()
    assert f"counts the phases back from {athlete.name}'s goal race on " in ahead
    assert "off-season block;" not in ahead

    Athlete.objects.filter(pk=athlete.pk).update(race_date=date(2020, 5, 3))
    run = owner_client.get(url).content.decode()
    assert "goal race on 3 May 2020 has been run, so the plan is a 12-week off-season block" in run
    assert "counts the phases back from" not in run

    # A race on or before the plan's first day (the Monday the form offers) is over for the
    # planner too: the page says so as the planner sees it, whatever day this runs on.
    sunday = next_monday() - timedelta(days=1)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=sunday)
    response = owner_client.get(url)
    offered = response.context["form"].fields["start_date"].initial
    before = response.content.decode()
    if sunday < timezone.localdate():
        assert f"goal race on {sunday:%-d %B %Y} has been run, so" in before
    elif offered is None:
        # From Thursday on, that Sunday is three days away or less (W4), or today (on the
        # Sunday itself): no Monday works, and the page says why.
        if sunday == timezone.localdate():
            assert f"{athlete.name} races today, so no plan can start now" in before
        else:
            assert sunday - timezone.localdate() <= timedelta(days=3)
            assert f"{athlete.name} races in " in before
            assert "so no plan can start now: no strength work is planned in" in before
    elif sunday <= offered:
        assert f"goal race on {sunday:%-d %B %Y} comes before the plan's first day, so" in before
    else:
        assert f"counts the phases back from {athlete.name}'s goal race on " in before
    Athlete.objects.filter(pk=athlete.pk).update(race_date=None)
    none = owner_client.get(url).content.decode()
    assert "has no goal race set, so the plan is a 12-week off-season block" in none
    assert f'href="{reverse("athlete_edit", args=[athlete.pk])}">set the next race</a>' in none


def test_a_plan_without_a_race_says_when_it_ends(owner_client, athlete, program, run_jobs):
    Athlete.objects.filter(pk=athlete.pk).update(race_date=None)
    services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    plan = Plan.objects.get(athlete=athlete)
    end = next_monday() + timedelta(weeks=12, days=-1)
    assert plan.end_date == end and plan.race_date is None
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f"to {end:%-d %b %Y} (off-season, no race)" in page
    assert "to race day" not in page


def test_the_assign_page_words_the_race_against_the_start_typed_when_the_form_is_refused(
    owner_client, athlete
):
    """Refused for another field, the page still reads the race against the start typed
    (this week's Monday), not next Monday's: tomorrow's race is ahead of that start."""
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    Athlete.objects.filter(pk=athlete.pk).update(race_date=today + timedelta(days=1))
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": "999999", "start_date": this_monday.isoformat()},
    )
    assert response.status_code == 409  # a programme no longer on the list
    assert f"counts the phases back from {athlete.name}'s goal race on" in (
        response.content.decode()
    )


def shown_seen(client, url) -> str:
    page = client.get(url).content.decode()
    [seen] = re.findall(r'name="seen" value="([^"]*)"', page)
    return seen


def test_an_assign_form_shown_before_another_coach_assigned_is_refused_with_409(
    client, owner, coach, athlete, program
):
    """Two coaches on the same athlete's assign page: the second to send it is told what the
    athlete follows now, and the first one's programme stays."""
    url = reverse("assign_athlete", args=[athlete.pk])
    client.force_login(coach)
    seen = shown_seen(client, url)
    client.force_login(owner)
    data = {"template": program.pk, "start_date": next_monday().isoformat()}
    assert client.post(url, {**data, "seen": shown_seen(client, url)}).status_code == 302
    first = athlete.assignments.get(active=True)
    client.force_login(coach)

    response = client.post(url, {**data, "seen": seen})

    assert response.status_code == 409
    body = response.content.decode()
    assert f"{athlete.name} now follows “{program.name}” from " in body
    assert "assign again to go ahead with the athlete as they are now." in body  # one
    assert athlete.assignments.get(active=True) == first
    assert PlanJob.objects.count() == 1
    again = re.findall(r'name="seen" value="([^"]*)"', body)
    assert again == [services.assignment_stamp([athlete])]
    assert client.post(url, {**data, "seen": again[0]}).status_code == 302


def test_a_squad_assign_form_shown_before_an_athlete_joined_the_squad_assigns_nobody(
    owner_client, club, athlete, program
):
    squad = SquadFactory(club=club)
    Athlete.objects.filter(pk=athlete.pk).update(squad=squad)
    url = reverse("assign_squad", args=[squad.pk])
    seen = shown_seen(owner_client, url)
    newcomer = AthleteFactory(club=club, squad=squad, name="Cara Doyle")
    data = {"template": program.pk, "start_date": next_monday().isoformat(), "seen": seen}

    response = owner_client.post(url, data)

    assert response.status_code == 409
    body = response.content.decode()
    assert "Not assigned: since this page was shown, Cara Doyle joined the squad." in body
    assert f"{athlete.name}, Cara Doyle" in body or f"Cara Doyle, {athlete.name}" in body
    assert not PlanJob.objects.exists()
    assert not newcomer.assignments.exists()


def test_a_squad_given_a_programme_meanwhile_is_named_once_in_the_refusal(
    owner_client, club, program
):
    squad = SquadFactory(club=club)
    athletes = [AthleteFactory(club=club, squad=squad, name=n) for n in ("Ann Berg", "Bo Lund")]
    url = reverse("assign_squad", args=[squad.pk])
    seen = shown_seen(owner_client, url)
    start = next_monday()
    services.assign_program(athletes=athletes, template=program, start_date=start, user=None)

    response = owner_client.post(
        url, {"template": program.pk, "start_date": start.isoformat(), "seen": seen}
    )

    assert response.status_code == 409
    assert (
        f"since this page was shown, Ann Berg, Bo Lund now follow “{program.name}” from "
        f"{start.day} {start:%b %Y}. Nothing was changed; assign again to go ahead with the "
        "athletes as they are now."
    ) in response.content.decode()
    assert PlanJob.objects.count() == 2


def test_an_assign_form_sent_twice_assigns_once_and_shows_the_plan(owner_client, athlete, program):
    """A double click, or Back and send again: the athlete follows what the form asked, so
    the coach is shown the plan, not told that nothing was assigned."""
    url = reverse("assign_athlete", args=[athlete.pk])
    data = {
        "template": program.pk,
        "start_date": next_monday().isoformat(),
        "seen": shown_seen(owner_client, url),
    }
    assert owner_client.post(url, data).status_code == 302

    again = owner_client.post(url, data, follow=True)

    assert again.redirect_chain == [(reverse("athlete_plan", args=[athlete.pk]), 302)]
    assert (
        f"This form was sent before: {athlete.name} follows “{program.name}” from "
        f"{next_monday():%-d %b %Y} already, and nothing more was done."
    ) in again.content.decode()
    assert athlete.assignments.count() == PlanJob.objects.count() == 1


def test_a_squad_assign_form_sent_twice_shows_the_plans_being_made(owner_client, club, program):
    squad = SquadFactory(club=club, name="Milers")
    for name in ("Ann Berg", "Bo Lund"):
        AthleteFactory(club=club, squad=squad, name=name)
    url = reverse("assign_squad", args=[squad.pk])
    data = {
        "template": program.pk,
        "start_date": next_monday().isoformat(),
        "seen": shown_seen(owner_client, url),
    }
    first = owner_client.post(url, data)

    again = owner_client.post(url, data)

    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert PlanJob.objects.count() == 2
    page = owner_client.get(again["Location"]).content.decode()
    assert "This form was sent before: the 2 athletes of Milers follow “" in page


def test_an_assign_form_sent_again_with_another_start_is_still_refused(
    owner_client, athlete, program
):
    url = reverse("assign_athlete", args=[athlete.pk])
    data = {"template": program.pk, "seen": shown_seen(owner_client, url)}
    start = next_monday()
    assert owner_client.post(url, {**data, "start_date": start.isoformat()}).status_code == 302
    later = start + timedelta(weeks=1)

    response = owner_client.post(url, {**data, "start_date": later.isoformat()})

    assert response.status_code == 409
    assert athlete.assignments.get(active=True).start_date == start


def test_a_big_squads_assign_form_is_accepted(owner_client, club, program):
    """The form carries every athlete it was shown for: a squad of a few thousand (ids of
    many digits) still assigns."""
    squad = SquadFactory(club=club)
    base = AthleteFactory(club=club, squad=squad)
    Athlete.objects.bulk_create(
        [Athlete(**{**_copy(base), "pk": 10**9 + i, "name": f"Runner {i}"}) for i in range(1800)]
    )
    url = reverse("assign_squad", args=[squad.pk])
    seen = shown_seen(owner_client, url)
    assert len(seen) > 20_000
    data = {"template": program.pk, "start_date": next_monday().isoformat(), "seen": seen}

    response = owner_client.post(url, data)

    assert response.status_code == 302
    assert PlanJob.objects.count() == 1801


def _copy(athlete) -> dict:
    fields = [f.attname for f in Athlete._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(athlete, name) for name in fields}


def test_a_tampered_seen_field_is_refused_without_a_server_error(owner_client, athlete, program):
    url = reverse("assign_athlete", args=[athlete.pk])
    for seen in ("²:0", "9" * 40 + ":0", "١٢:0"):
        data = {"template": program.pk, "start_date": next_monday().isoformat(), "seen": seen}
        response = owner_client.post(url, data)
        assert response.status_code == 409, seen
    assert not PlanJob.objects.exists()


def assigned_and_followed(client, athlete, program, capture) -> str:
    """The programme assigned from next Monday (its plan queued), and the page it leads to."""
    with capture(execute=True):
        response = client.post(
            reverse("assign_athlete", args=[athlete.pk]),
            {"template": program.pk, "start_date": next_monday().isoformat()},
        )
    return client.get(response["Location"]).content.decode()


def test_plan_page_while_the_first_plan_is_made_does_not_ask_for_an_assignment(
    owner_client, athlete, program, django_capture_on_commit_callbacks, celery_outbox
):
    """Just assigned, the plan still queued: the page says it is coming, not "No plan yet"
    with a button to assign the programme a second time."""
    body = assigned_and_followed(owner_client, athlete, program, django_capture_on_commit_callbacks)
    assert "Queued" in body
    assert "The plan is being made: this takes a few seconds." in body
    # It shows in place once made (a reload without scripts): no "Show the plan" to look for.
    assert "Show the plan" not in body
    assert "No plan yet" not in body
    assert "Assign a programme</a>" not in body


def test_a_session_after_the_race_held_by_nothing_or_moved_there_is_named_with_its_own_advice(
    owner_client, athlete
):
    """Neither the athlete's log nor a load edit keeps these: one moved past the race by hand
    is to be moved back before it; one nothing keeps goes at the next re-plan."""
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=2, start=next_monday())
    first, second = plan.sessions.filter(week=2).order_by("date")[:2]
    race = first.date - timedelta(days=1)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    moved_to = second.date + timedelta(days=1)
    PlannedSession.objects.filter(pk=second.pk).update(date=moved_to, moved_from=second.date)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    notice = page.split('id="after-race"', 1)[1].split("</section>", 1)[0]
    items = {
        item.split('href="#session-', 1)[1].split('"', 1)[0]: item
        for item in notice.split("<li>")[1:]
    }
    assert set(items) == {str(first.pk), str(second.pk)}
    assert "nothing keeps it: the next re-plan leaves it out." in items[str(first.pk)]
    assert (
        "moved there by hand: to drop it, move it to a day before the race."
        in items[str(second.pk)]
    )
    assert "Adjust loads" not in notice


def test_the_assign_page_says_an_athlete_without_a_test_is_planned_by_effort(owner_client, athlete):
    url = reverse("assign_athlete", args=[athlete.pk])
    untested = owner_client.get(url).content.decode()
    assert f"{athlete.name} has no 1RM test yet, so every lift is prescribed by effort" in untested
    add = reverse("strength_test_add", args=[athlete.pk])
    assert f'href="{add}?then=assign">Record a 1RM' in untested
    assert "sets loads from the current 1RM" not in untested

    StrengthTestFactory(athlete=athlete)
    tested = owner_client.get(url).content.decode()
    assert "has no 1RM test yet" not in tested
    assert "sets loads from the current 1RM" in tested


def test_a_squad_of_one_is_assigned_and_counted_in_the_singular(owner_client, club, program):
    squad = SquadFactory(club=club)
    AthleteFactory(club=club, squad=squad)
    url = reverse("assign_squad", args=[squad.pk])
    assert "Assign and make the plan</button>" in owner_client.get(url).content.decode()

    data = {"template": program.pk, "start_date": next_monday().isoformat()}
    batch = owner_client.get(owner_client.post(url, data)["Location"]).content.decode()
    assert "<strong>0</strong> of 1 plan made" in batch

    AthleteFactory(club=club, squad=squad)
    assert "Assign and make the plans (2)</button>" in owner_client.get(url).content.decode()


def test_the_squad_assign_page_names_the_athletes_planned_by_effort(owner_client, club):
    """Loads come from each athlete's 1RM: those without a test are named, their lifts by
    effort, rather than the page promising loads from the current 1RM for all."""
    squad = SquadFactory(club=club)
    tested = AthleteFactory(club=club, squad=squad, name="Ada Tested")
    AthleteFactory(club=club, squad=squad, name="Bo Untested")
    AthleteFactory(club=club, squad=squad, name="Cy Untested")
    StrengthTestFactory(athlete=tested)
    url = reverse("assign_squad", args=[squad.pk])

    page = owner_client.get(url).content.decode()
    assert "sets loads from the current 1RM (by effort for those without a test)." in page
    assert "No 1RM test yet for Bo Untested and Cy Untested: their lifts are prescribed" in page
    assert "Ada Tested:" not in page
    assert f'href="{reverse("squad_tests", args=[squad.pk])}">Record a testing day' in page

    tested.strength_tests.all().delete()
    page = owner_client.get(url).content.decode()
    assert f"No athlete of {squad.name} has a 1RM test yet" in page
    assert "sets loads from the current 1RM" not in page

    StrengthTestFactory(athlete=tested)
    for athlete in Athlete.objects.filter(squad=squad).exclude(pk=tested.pk):
        StrengthTestFactory(athlete=athlete)
    page = owner_client.get(url).content.decode()
    assert "sets loads from the current 1RM." in page
    assert 'id="untested"' not in page


def test_a_test_recorded_from_the_assign_page_goes_back_to_assign_with_loads(owner_client, athlete):
    from tests.athletes.test_forms import _test_data

    assign = reverse("assign_athlete", args=[athlete.pk])
    add = reverse("strength_test_add", args=[athlete.pk])
    form = owner_client.get(f"{add}?then=assign").content.decode()
    assert f'action="{add}?then=assign"' in form
    assert f'href="{assign}">Cancel</a>' in form

    refused = owner_client.post(f"{add}?then=assign", _test_data(reps="0"))
    assert refused.status_code == 400
    assert f'action="{add}?then=assign"' in refused.content.decode()  # still on the way back

    saved = owner_client.post(f"{add}?then=assign", _test_data())
    assert saved.status_code == 302 and saved["Location"] == assign
    assert "sets loads from the current 1RM" in owner_client.get(assign).content.decode()

    # Any other value is not a place to go: the athlete's page, as before.
    elsewhere = owner_client.post(f"{add}?then=https://example.com/", _test_data(load="82.5"))
    assert elsewhere["Location"] == reverse("athlete_detail", args=[athlete.pk])


def test_a_first_assignment_is_not_told_it_replaces_an_old_one(
    owner_client, athlete, program, run_jobs
):
    url = reverse("assign_athlete", args=[athlete.pk])
    assert "A new assignment replaces the old one" not in owner_client.get(url).content.decode()
    services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    assert "A new assignment replaces the old one" in owner_client.get(url).content.decode()


def test_the_batch_page_names_the_rules_each_plan_breaks_but_not_those_accepted(
    owner_client, athlete, planned
):
    """A plan made is "Done", but one breaking a rule wants a look before the squad trains
    from it: the coach learns it where they watch the plans being made."""
    from schedules.models import RuleOverride

    job = PlanJob.objects.get(athlete=athlete)
    planned.warnings = [
        {"rule": "W2", "date": "2027-01-05", "message": "Heavy legs the day before"},
        {"rule": "W3", "date": "2027-01-06", "message": "Too close to the long run"},
    ]
    planned.save(update_fields=["warnings"])
    RuleOverride.objects.create(athlete=athlete, rule="W3", note="Only option this block")
    page = owner_client.get(reverse("plan_batch", args=[job.batch])).content.decode()
    assert '<span class="pill pill-warn">Breaks W2</span>' in page
    planned.warnings = []
    planned.save(update_fields=["warnings"])
    page = owner_client.get(reverse("plan_batch", args=[job.batch])).content.decode()
    assert "Breaks" not in page


def _breaks_with_a_lift_held_out(plan: Plan) -> tuple[str, str]:
    """Warnings for a plan: L4 about a squat that pain holds out (a flag reported on an
    earlier squat), and S1 about another lift of that day, which the athlete still does.
    Returns the two messages."""
    from schedules.models import PainFlag

    lifts = PlannedExercise.objects.filter(session__plan=plan).select_related("session")
    reported = lifts.filter(exercise__slug="back-squat").order_by("session__date").first()
    held = (
        lifts.filter(exercise=reported.exercise, session__date__gt=reported.session.date)
        .select_related("exercise")
        .order_by("session__date")
        .first()
    )
    other = held.session.exercises.exclude(exercise=held.exercise).select_related("exercise")[0]
    day = held.session.date.isoformat()
    squat = f"{held.exercise.name}: up 5 kg in 1 week; one plate step a week at most"
    other_lift = f"{other.exercise.name}: 6 sets; plan 3-4"
    plan.warnings = [
        {"rule": "L4", "date": day, "message": squat},
        {"rule": "S1", "date": day, "message": other_lift},
    ]
    plan.save(update_fields=["warnings"])
    PainFlag.objects.create(
        athlete=plan.athlete, planned_exercise=reported, exercise=reported.exercise, note="knee"
    )
    return squat, other_lift


def test_the_batch_page_leaves_out_a_rule_broken_only_by_a_lift_held_out_for_pain(
    owner_client, athlete, planned
):
    """As on the dashboard (L9): the athlete does not do a lift pain holds out, so a rule
    only its warning breaks does not ask for a look before the squad trains from the plan."""
    job = PlanJob.objects.get(athlete=athlete)
    _breaks_with_a_lift_held_out(planned)
    page = owner_client.get(reverse("plan_batch", args=[job.batch])).content.decode()
    assert '<span class="pill pill-warn">Breaks S1</span>' in page
    planned.warnings = planned.warnings[:1]  # the held-out lift's alone
    planned.save(update_fields=["warnings"])
    page = owner_client.get(reverse("plan_batch", args=[job.batch])).content.decode()
    assert "Breaks" not in page


def test_the_batch_page_query_count_does_not_grow_with_the_athletes(
    owner_client, club, program, run_jobs
):
    """Rules broken, pain flags and warnings about held-out lifts, for one athlete or four."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 4):
        athletes = [AthleteFactory(club=club, name=f"Runner {size}-{n}") for n in range(size)]
        services.assign_program(
            athletes=athletes, template=program, start_date=next_monday(), user=None
        )
        run_jobs()
        for plan in Plan.objects.filter(athlete__in=athletes):
            _breaks_with_a_lift_held_out(plan)
        batch = PlanJob.objects.filter(athlete=athletes[0]).latest("pk").batch
        with CaptureQueriesContext(connection) as queries:
            page = owner_client.get(reverse("plan_batch", args=[batch])).content.decode()
        assert page.count("Breaks S1</span>") == size
        assert "Breaks L4" not in page
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_calendar_says_in_words_which_lifts_were_edited_by_hand(owner_client, athlete):
    """The pencil alone is read out as a symbol's name, or not at all: the words go with it,
    as in the squad's week and the load grid."""
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=1)
    edited = PlannedExercise.objects.filter(session__plan=plan).first()
    PlannedExercise.objects.filter(pk=edited.pk).update(hand_edited=True)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    calendar = body[body.index('<div class="calendar">') :]
    mark = '<span class="edited" title="Edited by hand in the load grid">✎'
    assert calendar.count(mark) == 1
    said = calendar[calendar.index(mark) : calendar.index("</li>", calendar.index(mark))]
    assert '<span class="sr-only"> edited by hand</span>' in said


def test_a_session_logged_with_some_sets_ticked_reads_partly_done_on_the_plan(
    owner_client, athlete, planned
):
    """The dashboard counts a session stopped part way as "only partly done": the plan page
    says so too, rather than "done" for one set of ten."""
    from schedules.models import SetLog

    full, part, effort_only = [
        s for s in planned.sessions.order_by("date", "time") if s.exercises.exists()
    ][:3]
    for session, ticks in ((full, None), (part, 1), (effort_only, 0)):
        session.logged_at = timezone.now()
        session.save(update_fields=["logged_at"])
        sets = [(e, n) for e in session.exercises.all() for n in range(1, e.sets + 1)]
        for exercise, number in sets if ticks is None else sets[:ticks]:
            SetLog.objects.create(planned_exercise=exercise, set_number=number, done=True)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert body.count('<span class="pill">done</span>') == 2
    assert body.count('<span class="pill">partly done</span>') == 1
    at = body.index('<span class="pill">partly done</span>')
    assert f"{part.date:%a} {part.date.day}" in body[body.rindex("cal-day", 0, at) - 400 : at]


def chosen_programme(page: str) -> list[str]:
    """The programme the assign form has chosen, as the browser shows it."""
    select = page[page.index('name="template"') : page.index("</select>")]
    return re.findall(r'<option value="\d+" selected>([^<]*)</option>', select)


def test_the_assign_form_starts_from_the_programme_followed_and_says_since_when(
    owner_client, club, athlete, program
):
    """Re-assigning, to start a programme again later say, begins from the one followed: not
    the first on the list, which would quietly swap the programme."""
    from schedules.models import Assignment
    from tests.programs.conftest import make_template, phase_data

    own = make_template(club, [phase_data()], name="Club strength")
    url = reverse("assign_athlete", args=[athlete.pk])
    assert "follows “" not in owner_client.get(url).content.decode()  # a first programme
    Assignment.objects.create(athlete=athlete, template=own, start_date=date(2027, 1, 4))

    page = owner_client.get(url).content.decode()

    assert chosen_programme(page) == ["Club strength"]
    assert f"{athlete.name} follows “Club strength” from 4 Jan 2027 now." in page


def test_a_squads_assign_form_starts_from_the_programme_all_of_it_follows(
    owner_client, club, program
):
    from schedules.models import Assignment
    from tests.programs.conftest import make_template, phase_data

    own = make_template(club, [phase_data()], name="Club strength")
    squad = SquadFactory(club=club)
    ada, ben = (AthleteFactory(club=club, squad=squad, name=n) for n in ("Ada", "Ben"))
    url = reverse("assign_squad", args=[squad.pk])
    Assignment.objects.create(athlete=ada, template=own, start_date=date(2027, 1, 4))
    # Ben follows none: the list's first, as for a first programme.
    assert chosen_programme(owner_client.get(url).content.decode()) == []

    Assignment.objects.create(athlete=ben, template=own, start_date=date(2027, 1, 11))

    assert chosen_programme(owner_client.get(url).content.decode()) == ["Club strength"]


def test_plan_page_while_a_new_plan_is_made_says_the_plan_shown_is_the_one_before(
    owner_client, athlete, program, django_capture_on_commit_callbacks, celery_outbox
):
    """Re-assigned, the new plan still queued: the plan shown (its programme, its start) is
    the old one until the new one replaces it, and the page says so."""
    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=2)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "the plan made before" not in page  # nothing being made
    body = assigned_and_followed(owner_client, athlete, program, django_capture_on_commit_callbacks)
    assert "Queued" in body
    assert "Until the new plan is made, the plan below is the plan made before." in body


def test_the_squad_assign_page_names_the_squad_in_its_trail(owner_client, club):
    """The trail says whose page it is: the squads, then this squad (its week), its name
    escaped."""
    squad = SquadFactory(club=club, name="Road <runners>")
    AthleteFactory(club=club, squad=squad)
    html = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    trail = html[html.index('<nav class="crumbs"') :]
    trail = trail[: trail.index("</nav>")]
    assert f'<a href="{reverse("squads")}">Squads</a>' in trail
    week = reverse("squad_week", args=[squad.pk])
    assert f'<a href="{week}">Road &lt;runners&gt;</a>' in trail


def test_the_plan_page_leads_to_athlete_access_as_the_athlete_page_does(
    owner_client, athlete, planned
):
    access = (
        f'<a class="btn" href="{reverse("athlete_link", args=[athlete.pk])}">Athlete access</a>'
    )
    assert access in owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    head = page[page.index('<div class="actions">') : page.index("Re-assign</a>")]
    assert access in head
    athlete.archived_at = timezone.now()
    athlete.save()
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "Athlete access</a>" not in page  # as on the athlete page: restore first


def test_plan_json_of_an_athlete_without_a_plan_answers_in_json(owner_client, athlete):
    """A tool reading plan.json gets JSON whatever the answer: no plan yet is said in it."""
    response = owner_client.get(reverse("athlete_plan_json", args=[athlete.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": f"{athlete.name} has no plan yet: assign a programme first."
    }


def test_a_past_session_the_athlete_did_not_log_reads_not_logged_on_the_plan(
    owner_client, athlete, planned, monkeypatch
):
    """Past the day of a session with nothing logged, the plan says so, as it says "done" of
    one logged; sessions still to come say neither."""
    first, second, third = [
        s for s in planned.sessions.order_by("date", "time") if s.exercises.exists()
    ][:3]
    first.logged_at = timezone.now()
    first.save(update_fields=["logged_at"])
    monkeypatch.setattr(timezone, "localdate", lambda *args: third.date)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    calendar = body[body.index('<div class="calendar">') :]
    mark = '<span class="pill pill-quiet">not logged</span>'
    session = re.compile(r'id="session-(\d+)".*?</div>', re.S)
    marked = set()
    for match in session.finditer(calendar):
        if mark in match.group(0):
            marked.add(int(match.group(1)))
    past = {s.pk for s in planned.sessions.filter(date__lt=third.date, logged_at__isnull=True)}
    assert second.pk in marked
    assert marked == past
    assert first.pk not in marked and third.pk not in marked


def page_headings(body: str) -> list[tuple[int, str]]:
    """The page's headings in order, each with its level and its text as a screen reader
    reads it (hidden words included), spaces made single."""
    from html.parser import HTMLParser

    class Headings(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.level = [], 0

        def handle_starttag(self, tag, attrs):
            if re.fullmatch(r"h[1-6]", tag):
                self.level = int(tag[1])
                self.found.append([self.level, ""])

        def handle_endtag(self, tag):
            if re.fullmatch(r"h[1-6]", tag):
                self.level = 0

        def handle_data(self, data):
            if self.level:
                self.found[-1][1] += data

    parser = Headings()
    parser.feed(body)
    return [(level, " ".join(text.split())) for level, text in parser.found]


def test_each_week_of_the_plan_calendar_has_a_heading_with_its_phase_and_days(
    owner_client, athlete
):
    from tests.plan_factories import make_plan

    athlete.race_date = None
    athlete.save()
    plan = make_plan(athlete, weeks=2)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    headings = page_headings(body)
    # Under the page's title, beside the rules: the calendar, then a heading for each week.
    assert [level for level, _ in headings] == [1, 2, 2, 3, 3]
    assert headings[2][1] == "Week by week"
    first, second = plan.start_date, plan.start_date + timedelta(weeks=1)
    for (_, text), number, monday in zip(headings[3:], (1, 2), (first, second), strict=True):
        sunday = monday + timedelta(days=6)
        days = f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b}"
        assert text == f"Week {number} · Build, {days}"


def selected_programmes(body: str) -> list[str]:
    """The programmes the assign form's menu has selected, by id."""
    menu = body[body.index('<select name="template"') :]
    menu = menu[: menu.index("</select>")]
    return re.findall(r'<option value="(\d*)"[^>]*\bselected\b', menu)


def two_club_programmes(club):
    from tests.programs.conftest import make_template, phase_data

    return [make_template(club, [phase_data()], name=name) for name in ("Hills", "Track")]


@pytest.mark.parametrize("start", ["soon", "", "2001-01-01"])
def test_a_refused_assign_form_keeps_the_programme_chosen(
    owner_client, club, athlete, program, start
):
    _, track = two_club_programmes(club)  # listed after the shipped one and "Hills"
    data = {"template": track.pk, "start_date": start}
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 400
    assert selected_programmes(response.content.decode()) == [str(track.pk)]


def test_a_refused_squad_assign_form_keeps_the_programme_chosen(owner_client, club, program):
    squad = SquadFactory(club=club)
    AthleteFactory(club=club, squad=squad)
    _, track = two_club_programmes(club)
    data = {"template": track.pk, "start_date": "soon"}
    response = owner_client.post(reverse("assign_squad", args=[squad.pk]), data)
    assert response.status_code == 400
    assert selected_programmes(response.content.decode()) == [str(track.pk)]


def test_a_programme_archived_since_the_form_was_shown_is_not_swapped_for_the_first(
    owner_client, club, athlete, program
):
    """The programme chosen is gone from the menu: it offers none chosen, so that sending
    it again asks for a programme rather than assigning the list's first."""
    from programs.models import ProgramTemplate

    _, track = two_club_programmes(club)
    ProgramTemplate.objects.filter(pk=track.pk).update(archived=True)
    data = {"template": track.pk, "start_date": next_monday().isoformat()}
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert selected_programmes(body) == []  # so a browser shows the first: none
    menu = body[body.index('<select name="template"') :]
    assert re.findall(r"<option [^>]*>[^<]*", menu)[0] == '<option value="">Choose a programme'
    assert f'<option value="{track.pk}"' not in body
    data["template"] = ""  # as the menu now sends it
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 400
    assert "Choose a programme." in response.content.decode()
    assert not athlete.assignments.exists()


def test_a_programme_archived_as_it_was_assigned_leaves_the_menu_with_none_chosen(
    owner_client, club, athlete, program, monkeypatch
):
    from programs.models import ProgramTemplate
    from schedules.views import plans

    _, track = two_club_programmes(club)
    checked = plans._template_for_club

    def archived_meanwhile(form):
        ProgramTemplate.objects.filter(pk=track.pk).update(archived=True)
        return checked(form)

    monkeypatch.setattr(plans, "_template_for_club", archived_meanwhile)
    data = {"template": track.pk, "start_date": next_monday().isoformat()}
    response = owner_client.post(reverse("assign_athlete", args=[athlete.pk]), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "“Track” was archived after this page was shown" in body
    assert selected_programmes(body) == []
    assert f'<option value="{track.pk}"' not in body
    assert '<option value="">Choose a programme</option>' in body
