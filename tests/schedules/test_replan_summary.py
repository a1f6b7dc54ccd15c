"""What a re-plan did, kept on the plan and said on the plan page until the next one: the
sessions planned afresh and kept (logged, edited), the coach's moves, the race and phases."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.signals import profile_changed
from programs.services import default_program
from schedules import moves, services
from schedules.models import Plan, PlanJob, PlannedSession
from tests.factories import ClubFactory, UserFactory
from tests.schedules.conftest import run_queued_jobs


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def assigned(athlete) -> Plan:
    services.assign_program(
        athletes=[athlete], template=default_program(), start_date=next_monday(), user=None
    )
    run_queued_jobs()
    return Plan.objects.get(athlete=athlete)


def replan_after(athlete, *fields):
    profile_changed.send(Athlete, athlete=athlete, fields=set(fields))
    [*_, job] = run_queued_jobs()
    assert job.status == "done", job.reason
    return job


def taper_start(plan) -> str:
    return next(b["start"] for b in plan.phases if b["phase"] == "taper")


def test_a_first_plan_says_nothing_of_a_re_plan(athlete, owner_client):
    plan = assigned(athlete)
    assert plan.remade == {}
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert 'id="remade"' not in page
    assert "Made again" not in page


def test_a_re_plan_keeps_what_it_did_with_a_logged_an_edited_and_a_moved_session_and_the_race(
    athlete, owner_client
):
    plan = assigned(athlete)
    week_one = list(PlannedSession.objects.filter(plan=plan, week=1).order_by("date"))
    week_two = list(PlannedSession.objects.filter(plan=plan, week=2).order_by("date"))
    logged, edited = week_one[0], week_one[1]
    PlannedSession.objects.filter(pk=logged.pk).update(logged_at=timezone.now())
    PlannedSession.objects.filter(pk=edited.pk).update(hand_edited=True)
    moved = week_two[0]
    target = next(slot for slot in moves.slots(moved)[1] if slot.date != moved.date)
    response = owner_client.post(
        reverse("session_move", args=[moved.pk]),
        {"slot": f"{target.date.isoformat()}/{target.time}", "seen": f"{moved.date}/{moved.time}"},
    )
    assert response.status_code == 302
    race_was, taper_was = athlete.race_date, taper_start(plan)
    untouched_ahead = PlannedSession.objects.filter(plan=plan).count() - 2
    athlete.race_date = race_was - timedelta(weeks=2)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=athlete.race_date)

    job = replan_after(athlete, "race_date")

    plan.refresh_from_db()
    remade = plan.remade
    assert remade["job"] == job.pk
    assert remade["changes"] == ["race_date"]
    assert remade["logged"] == 1
    assert remade["edited"] == 1
    assert remade["moves_kept"] == 1
    assert remade["moves_undone"] == 0
    ahead = PlannedSession.objects.filter(plan=plan).exclude(pk__in=[logged.pk, edited.pk])
    assert remade["fresh"] == ahead.count()
    assert remade["fresh"] < untouched_ahead  # two weeks fewer to the race
    assert remade["race"] == {"was": race_was.isoformat(), "now": athlete.race_date.isoformat()}
    taper_now = taper_start(plan)
    assert taper_now < taper_was
    assert {"phase": "taper", "was": taper_was, "now": taper_now} in remade["phases"]
    # Put back on the coach's day.
    assert PlannedSession.objects.filter(
        plan=plan, date=target.date, label=moved.label, moved_from=moved.date
    ).exists()

    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    made = timezone.localtime(plan.generated_at)
    assert f"Made again on {made:%-d %b} at {made:%H:%M} after a new race date." in page
    assert (
        f"From {made:%-d %b} on: {remade['fresh']} sessions planned afresh, 1 kept as the "
        "athlete logged it and 1 kept for your load edits." in page
    )
    assert "1 session you had moved is back on the day you chose." in page
    taper_day, was_day = date.fromisoformat(taper_now), date.fromisoformat(taper_was)
    assert (
        f"Race moved from {race_was:%-d\u00a0%b} to {athlete.race_date:%-d\u00a0%b}. "
        "Phases now start: " in page
    )
    assert f"Taper {taper_day:%-d\u00a0%b} (not {was_day:%-d\u00a0%b})" in page


def test_a_re_plan_with_nothing_changed_says_so_and_a_new_programme_says_nothing(
    athlete, owner_client
):
    plan = assigned(athlete)
    replan_after(athlete, "running_week")
    plan.refresh_from_db()
    assert plan.remade["changes"] == ["running_week"]
    assert (plan.remade["logged"], plan.remade["edited"], plan.remade["moves_kept"]) == (0, 0, 0)
    assert plan.remade["fresh"] == PlannedSession.objects.filter(plan=plan).count()
    assert "race" not in plan.remade and plan.remade["phases"] == []
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "after a new running week." in page
    assert "Race day and phases as before." in page

    assigned(athlete)  # another assignment: its first plan

    plan.refresh_from_db()
    assert plan.remade == {}
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "Made again" not in page


def test_a_re_plan_of_a_plan_with_no_race_does_not_speak_of_a_race_day(athlete, owner_client):
    """An off-season plan has no race day before or after: the summary says so rather than
    "Race day as before"."""
    Athlete.objects.filter(pk=athlete.pk).update(race_date=None)
    athlete.refresh_from_db()
    plan = assigned(athlete)
    assert plan.race_date is None
    replan_after(athlete, "running_week")
    plan.refresh_from_db()
    assert "race" not in plan.remade and plan.remade["phases"] == []
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "after a new running week." in page
    assert "No race day set; phases as before." in page
    assert "Race day" not in page


def test_changes_sent_while_a_re_plan_waits_are_all_named(athlete, owner_client):
    assigned(athlete)
    profile_changed.send(Athlete, athlete=athlete, fields={"one_rep_max"})
    profile_changed.send(Athlete, athlete=athlete, fields={"running_week", "race_date"})
    run_queued_jobs()
    plan = Plan.objects.get(athlete=athlete)
    assert plan.remade["changes"] == ["one_rep_max", "race_date", "running_week"]
    assert PlanJob.objects.filter(athlete=athlete).count() == 2  # the assignment's, and one
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "after a change in 1RM tests, a new race date and a new running week." in page


def test_a_programme_re_planned_from_the_builder_is_named_escaped(athlete, owner_client, club):
    from programs.services import program_clone

    program = program_clone(template=default_program(), club=club, name="Hills <b>& stairs</b>")
    services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_queued_jobs()
    [first] = PlanJob.objects.all()
    batch = reverse("plan_batch", args=[first.batch])
    assert "planned afresh" not in owner_client.get(batch).content.decode()  # a first plan
    [job] = services.replan_programme(program)
    run_queued_jobs()
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "after changes to “Hills &lt;b&gt;&amp; stairs&lt;/b&gt;” in the builder." in page
    assert "<b>& stairs" not in page
    # Where the coach lands after re-planning from the builder: what each plan's re-plan did.
    fresh = Plan.objects.get(athlete=athlete).remade["fresh"]
    page = owner_client.get(reverse("plan_batch", args=[job.batch])).content.decode()
    assert f'<span class="small muted">{fresh} sessions planned afresh.</span>' in page
    # The first plan's job says nothing of it, its plan being made again since.
    assert "planned afresh" not in owner_client.get(batch).content.decode()


def test_another_clubs_coach_does_not_see_the_summary(athlete, client):
    assigned(athlete)
    replan_after(athlete, "race_date")
    other = UserFactory(username="other-owner")
    from athletes.models import Membership

    Membership.objects.create(user=other, club=ClubFactory(name="Other"), role="owner")
    client.force_login(other)
    assert client.get(reverse("athlete_plan", args=[athlete.pk])).status_code == 404


def test_a_session_given_another_time_on_its_own_day_is_not_said_to_be_moved_to_a_day(
    athlete, owner_client
):
    """A session moved only to the other time of its day (AM to PM) is kept there by a
    re-plan that keeps its day: said as the time kept, not as a session back on its day."""
    plan = assigned(athlete)
    session = PlannedSession.objects.filter(plan=plan, week=2).order_by("date").first()
    other = next(
        slot
        for slot in moves.slots(session)[1]
        if slot.date == session.date and slot.time != session.time
    )
    response = owner_client.post(
        reverse("session_move", args=[session.pk]),
        {"slot": f"{other.date}/{other.time}", "seen": f"{session.date}/{session.time}"},
    )
    assert response.status_code == 302

    replan_after(athlete, "one_rep_max")

    plan.refresh_from_db()
    assert PlannedSession.objects.filter(
        plan=plan, date=session.date, time=other.time, label=session.label
    ).exists()
    assert (plan.remade["moves_kept"], plan.remade.get("times_kept")) == (0, 1)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "back on the day you chose" not in page
    assert "1 session keeps the time you chose on its day." in page


def test_a_race_moved_beyond_the_coming_year_is_dated_with_its_year(athlete, owner_client):
    """A race moved to 20 Oct two years on is not read as the coming October: the summary
    and the phase bar give the year of every day that would be taken for another year's;
    those of the months ahead stay short."""
    plan = assigned(athlete)
    race_was = athlete.race_date
    race = next_monday() + timedelta(weeks=90, days=6)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=race)
    replan_after(athlete, "race_date")

    plan.refresh_from_db()
    taper = date.fromisoformat(taper_start(plan))
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f"Race moved from {race_was:%-d\u00a0%b} to {race:%-d\u00a0%b\u00a0%Y}." in page
    assert f"Taper {taper:%-d\u00a0%b\u00a0%Y} (not " in page
    assert f"{taper:%-d %b %Y} – {race:%-d %b %Y} · " in page
    start = plan.start_date
    assert f"{start:%-d %b} – " in page and f"{start:%-d %b %Y} – " not in page
