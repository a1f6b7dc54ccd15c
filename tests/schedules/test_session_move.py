"""A coach moves a session to another day of its week: each free day shows the rules the
move would break, the move is checked and recorded, and re-planning keeps it."""

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Membership
from programs.engine import RULES
from schedules import moves, services
from schedules.club_data import ImportRefused, club_export, club_import
from schedules.models import Plan, PlannedExercise, PlannedSession, SetLog
from tests.factories import AthleteFactory, ClubFactory, StrengthTestFactory, UserFactory
from tests.plan_factories import make_plan
from tests.row_locks import until_another_waits
from tests.schedules.conftest import run_queued_jobs

# The club's track nights move to Monday and Wednesday: the running week changes.
TRACK_NIGHTS_MOVED = {
    "mon": {"run": "quality", "time": "pm"},
    "tue": {"run": "easy", "time": "am"},
    "wed": {"run": "quality", "time": "pm"},
    "thu": {"run": "easy", "time": "am"},
    "fri": {"run": "easy", "time": "am"},
    "sat": {"run": "rest"},
    "sun": {"run": "long", "time": "am"},
}


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def plan(athlete):
    """Two weeks from next Monday: session A on Mondays, B on Thursdays, both PM. The
    athlete's running week has quality runs on Tuesday and Thursday PM and a long run on
    Sunday AM."""
    return make_plan(athlete, weeks=2, start=next_monday())


@pytest.fixture
def session_a(plan):
    return PlannedSession.objects.get(plan=plan, date=plan.start_date)


def move_url(session):
    return reverse("session_move", args=[session.pk])


def post_move(client, session, day, time="pm", seen=None):
    seen = seen or f"{session.date.isoformat()}/{session.time}"
    return client.post(move_url(session), {"slot": f"{day.isoformat()}/{time}", "seen": seen})


def test_the_move_page_offers_the_free_days_of_the_week_with_the_rules_each_would_break(
    owner_client, plan, session_a
):
    monday = plan.start_date
    response = owner_client.get(move_url(session_a))
    assert response.status_code == 200
    body = response.content.decode()
    offered = {slot.value for slot in moves.slots(session_a)[1]}
    days = [monday + timedelta(days=n) for n in range(7)]
    # Thursday holds session B; Monday PM is where A is now.
    expected = {f"{d.isoformat()}/{t}" for d in days for t in ("am", "pm") if d.weekday() != 3}
    assert offered == expected - {f"{monday.isoformat()}/pm"}
    for value in offered:
        assert f'value="{value}"' in body
    assert f'value="{(monday + timedelta(days=3)).isoformat()}/pm"' not in body
    here, slots = moves.slots(session_a)
    by_value = {slot.value: slot.rules for slot in slots}
    sunday, saturday = monday + timedelta(days=6), monday + timedelta(days=5)
    assert "W8" in by_value[f"{sunday.isoformat()}/pm"]  # the long-run day itself
    assert "W1" in by_value[f"{saturday.isoformat()}/pm"]  # the day before the long run
    # Wednesday is the day before Thursday's quality run (W1), and next to B (W5).
    assert {"W1", "W5"} <= set(by_value[f"{(monday + timedelta(days=2)).isoformat()}/pm"])
    # Friday lifts A right after Thursday's B, and next Monday is A again (S7).
    assert "S7" in by_value[f"{(monday + timedelta(days=4)).isoformat()}/pm"]
    assert here == ["W1"]  # Monday PM is the day before Tuesday's quality run
    # Each choice says its rules in its own label, with what they mean; the day its run.
    start = body.index(f'value="{sunday.isoformat()}/pm"')
    label = body[start : body.index("</label>", start)]
    assert "breaks" in label and ">W8</abbr>" in label
    assert f'title="{RULES["W8"]}"' in label
    assert f"<li><strong>W8</strong> {RULES['W8']}</li>" in body  # said for touch screens too
    assert "long run AM" in body and "quality run PM" in body
    assert "rules not checked" not in body


def test_moving_a_session_moves_it_with_its_loads_and_checks_the_rules(
    owner_client, plan, session_a
):
    loads = list(session_a.exercises.values_list("exercise_id", "load"))
    sunday = plan.start_date + timedelta(days=6)

    response = post_move(owner_client, session_a, sunday, "am")

    assert response.status_code == 302
    assert response["Location"] == reverse("athlete_plan", args=[plan.athlete_id])
    session_a.refresh_from_db()
    assert (session_a.date, session_a.time) == (sunday, "am")
    assert session_a.moved_from == plan.start_date
    assert not session_a.hand_edited  # its loads still follow the planner
    assert list(session_a.exercises.values_list("exercise_id", "load")) == loads
    plan.refresh_from_db()
    assert any(w["rule"] == "W8" and w["date"] == sunday.isoformat() for w in plan.warnings)
    page = owner_client.get(response["Location"]).content.decode()
    message = page[page.index("Session A moved to") :]
    assert message.startswith(f"Session A moved to {sunday:%a %-d %b} AM, where it breaks ")
    assert "W8" in message[: message.index("(see the warnings)")]
    assert f"moved from {plan.start_date:%a %-d %b}" in page
    # The message links on to the session where it is now.
    assert f'(see the warnings). <a href="#session-{session_a.pk}">Show it in the plan</a>' in page
    assert f'id="session-{session_a.pk}"' in page


def test_the_message_after_a_move_names_the_rules_its_choice_named(owner_client, plan, session_a):
    """Friday breaks S7 on next Monday (A twice in a row), not on Friday itself."""
    friday = plan.start_date + timedelta(days=4)
    value = f"{friday.isoformat()}/pm"
    [rules] = [slot.rules for slot in moves.slots(session_a)[1] if slot.value == value]
    assert "S7" in rules

    response = post_move(owner_client, session_a, friday)

    page = owner_client.get(response["Location"]).content.decode()
    assert f"moved to {friday:%a %-d %b} PM, where it breaks {', '.join(rules)} (see" in page


def test_a_refused_move_puts_the_keyboard_on_the_choices_and_says_so_in_the_title(
    owner_client, plan, session_a
):
    response = owner_client.post(move_url(session_a), {"seen": f"{plan.start_date}/pm"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Not moved: Move session A" in body
    assert body.count(" autofocus") == 1
    first = moves.slots(session_a)[1][0].value
    assert f'value="{first}" aria-describedby="move-error" autofocus>' in body
    # The browser does not tick a remembered choice when the page comes back.
    assert 'autocomplete="off"' in body


def test_moved_back_to_its_planned_day_it_no_longer_reads_as_moved(owner_client, plan, session_a):
    wednesday = plan.start_date + timedelta(days=2)
    assert post_move(owner_client, session_a, wednesday).status_code == 302
    session_a.refresh_from_db()
    assert post_move(owner_client, session_a, plan.start_date, "am").status_code == 302

    session_a.refresh_from_db()
    # Where the planner put it stays on record (a re-plan puts it back at the coach's time).
    assert (session_a.date, session_a.time, session_a.moved_from) == (
        plan.start_date,
        "am",
        plan.start_date,
    )
    page = owner_client.get(reverse("athlete_plan", args=[plan.athlete_id])).content.decode()
    assert "moved from" not in page


def test_a_move_from_a_page_shown_before_another_move_is_refused_with_409(
    owner_client, plan, session_a
):
    seen = f"{session_a.date.isoformat()}/pm"
    wednesday, friday = plan.start_date + timedelta(days=2), plan.start_date + timedelta(days=4)
    assert post_move(owner_client, session_a, wednesday, seen=seen).status_code == 302

    response = post_move(owner_client, session_a, friday, seen=seen)

    assert response.status_code == 409
    assert f"Not moved: this session was moved meanwhile, to {wednesday:%a %-d %b} PM." in (
        response.content.decode()
    )
    session_a.refresh_from_db()
    assert session_a.date == wednesday
    # The coach's choice, still offered from where the session is now, is ticked again (and
    # the keyboard is on it): only the move button to press once they have read why.
    body = response.content.decode()
    chosen = f"{friday.isoformat()}/pm"
    assert f'value="{chosen}" checked aria-describedby="move-error" autofocus>' in body
    assert body.count(" checked") == 1 and body.count(" autofocus") == 1


@pytest.mark.parametrize(
    "slot",
    [
        "next-week/pm",  # another week of the plan
        "yesterday/pm",
        "race/pm",
        "tuesday/noon",
        "monday/pm",  # where it is now
        "not-a-date",
        "",
    ],
)
def test_a_day_it_cannot_go_to_is_refused_beside_the_choices_and_nothing_changes(
    owner_client, athlete, plan, session_a, slot
):
    monday = plan.start_date
    Athlete.objects.filter(pk=athlete.pk).update(race_date=monday + timedelta(days=5))
    plan.race_date = monday + timedelta(days=5)
    plan.save(update_fields=["race_date"])
    named = {
        "thursday": monday + timedelta(days=3),
        "next-week": monday + timedelta(days=8),
        "yesterday": timezone.localdate() - timedelta(days=1),
        "race": monday + timedelta(days=5),
        "tuesday": monday + timedelta(days=1),
        "monday": monday,
    }
    day, _, time = slot.partition("/")
    value = f"{named[day].isoformat()}/{time}" if day in named else slot
    before = list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from"))
    warnings = Plan.objects.get(pk=plan.pk).warnings

    response = owner_client.post(
        move_url(session_a), {"slot": value, "seen": f"{monday.isoformat()}/pm"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="move-error"' in body and 'aria-describedby="move-error"' in body
    assert "Choose" in body
    assert list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from")) == before
    assert Plan.objects.get(pk=plan.pk).warnings == warnings


def test_a_day_taken_since_the_page_was_shown_is_refused_with_409(owner_client, plan, session_a):
    """Two coaches: one moves B onto Wednesday; the other, from a page showing Wednesday
    free, moves A there too."""
    wednesday = plan.start_date + timedelta(days=2)
    session_b = PlannedSession.objects.get(plan=plan, date=plan.start_date + timedelta(days=3))
    shown = owner_client.get(move_url(session_a)).content.decode()
    assert f'value="{wednesday.isoformat()}/pm"' in shown
    assert post_move(owner_client, session_b, wednesday).status_code == 302

    response = post_move(owner_client, session_a, wednesday)

    assert response.status_code == 409
    assert f"Not moved: {wednesday:%a %-d %b} holds another session now." in (
        response.content.decode()
    )
    session_a.refresh_from_db()
    assert session_a.date == plan.start_date


@pytest.mark.parametrize("seen", [None, "", "x", "2026-02-30/pm"])
def test_a_form_without_the_day_it_was_shown_is_refused_with_400(
    owner_client, plan, session_a, seen
):
    data = {"slot": f"{plan.start_date + timedelta(days=2):%Y-%m-%d}/pm"}
    if seen is not None:
        data["seen"] = seen
    response = owner_client.post(move_url(session_a), data)
    assert response.status_code == 400
    assert "The form came without the day the session was on" in response.content.decode()
    session_a.refresh_from_db()
    assert session_a.date == plan.start_date


def test_a_logged_or_started_session_stays_on_its_day(owner_client, plan, session_a):
    wednesday = plan.start_date + timedelta(days=2)
    first = session_a.exercises.first()
    SetLog.objects.create(planned_exercise=first, set_number=1, done=True)

    page = owner_client.get(move_url(session_a)).content.decode()
    assert "it stays on the day it was done" in page
    assert 'name="slot"' not in page
    response = post_move(owner_client, session_a, wednesday)
    assert response.status_code == 409
    assert "the athlete has logged this session" in response.content.decode()

    # A set ticked and unticked again is nothing logged: the session can move.
    SetLog.objects.filter(planned_exercise=first).update(done=False)
    assert 'name="slot"' in owner_client.get(move_url(session_a)).content.decode()
    assert post_move(owner_client, session_a, wednesday).status_code == 302
    session_a.refresh_from_db()
    SetLog.objects.all().delete()
    PlannedSession.objects.filter(pk=session_a.pk).update(logged_at=timezone.now())
    wednesday = plan.start_date + timedelta(days=4)
    assert post_move(owner_client, session_a, wednesday).status_code == 409
    session_a.refresh_from_db()
    assert session_a.date == plan.start_date + timedelta(days=2)


def test_no_session_moves_before_one_already_logged(plan, session_a):
    """Thursday's B logged ahead of its day: A keeps its place before it or moves after it
    (a pain report holds lifts of the sessions after it, by date)."""
    thursday = plan.start_date + timedelta(days=3)
    PlannedSession.objects.filter(plan=plan, date=thursday).update(logged_at=timezone.now())
    days = moves.free_days(session_a)
    assert days and all(day > thursday for day in days)


def test_a_plan_starting_midweek_offers_the_days_of_the_calendar_row(athlete):
    wednesday = next_monday() + timedelta(days=2)
    plan = make_plan(athlete, weeks=2, start=wednesday)
    first = PlannedSession.objects.get(plan=plan, date=wednesday)
    days = moves.free_days(first)
    assert days and all(wednesday <= day <= wednesday + timedelta(days=4) for day in days)


def test_a_past_session_is_not_offered_a_move(owner_client, athlete):
    plan = make_plan(athlete, weeks=2, start=next_monday() - timedelta(weeks=2))
    past = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    page = owner_client.get(move_url(past)).content.decode()
    assert "This session's day has passed" in page
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f'href="{move_url(past)}"' not in plan_page


def test_the_plan_page_links_each_session_still_to_come_to_its_move(owner_client, plan, session_a):
    PlannedSession.objects.filter(plan=plan, date__gt=plan.start_date + timedelta(days=7)).update(
        logged_at=timezone.now()
    )
    page = owner_client.get(reverse("athlete_plan", args=[plan.athlete_id])).content.decode()
    assert f'href="{move_url(session_a)}?athlete={plan.athlete_id}"' in page
    logged = PlannedSession.objects.filter(plan=plan, logged_at__isnull=False).first()
    assert f'href="{move_url(logged)}' not in page


def test_another_clubs_coach_gets_404_and_nothing_moves(stranger_client, plan, session_a):
    assert stranger_client.get(move_url(session_a)).status_code == 404
    response = post_move(stranger_client, session_a, plan.start_date + timedelta(days=2))
    assert response.status_code == 404
    session_a.refresh_from_db()
    assert session_a.date == plan.start_date


def assigned(athlete) -> Plan:
    from programs.services import default_program

    services.assign_program(
        athletes=[athlete], template=default_program(), start_date=next_monday(), user=None
    )
    run_queued_jobs()
    return Plan.objects.get(athlete=athlete)


def replan(athlete):
    services.plan_request_regeneration(athlete)
    [*_, job] = run_queued_jobs()
    assert job.status == "done", job.reason


def move_first_of_week_one(client, plan):
    """Move week 1's first session to the first other day offered; returns (label, the day it
    left, the slot it went to)."""
    session = PlannedSession.objects.filter(plan=plan, week=1).order_by("date").first()
    target = next(slot for slot in moves.slots(session)[1] if slot.date != session.date)
    assert post_move(client, session, target.date, target.time).status_code == 302
    return session.label, session.date, target


def week_one(plan):
    return list(
        PlannedSession.objects.filter(plan=plan, week=1)
        .order_by("date")
        .values_list("label", "date", "time", "moved_from")
    )


def test_re_planning_puts_the_moved_session_back_where_the_coach_put_it(athlete, owner_client):
    plan = assigned(athlete)
    label, left, target = move_first_of_week_one(owner_client, plan)
    labels = sorted(row[0] for row in week_one(plan))

    replan(athlete)

    rows = week_one(plan)
    assert (label, target.date, target.time, left) in rows
    assert left not in [day for _, day, _, _ in rows]  # nothing planned where it left
    assert sorted(row[0] for row in rows) == labels


def test_a_moved_session_gets_new_loads_from_a_new_1rm(athlete, owner_client):
    StrengthTestFactory(athlete=athlete, load=Decimal("100"), reps=1)
    plan = assigned(athlete)
    squat = (
        PlannedExercise.objects.filter(
            session__plan=plan, session__week=1, exercise__slug="back-squat"
        )
        .select_related("session")
        .first()
    )
    session = squat.session
    target = next(slot for slot in moves.slots(session)[1] if slot.date != session.date)
    assert post_move(owner_client, session, target.date, target.time).status_code == 302
    StrengthTestFactory(athlete=athlete, load=Decimal("140"), reps=1)

    replan(athlete)

    moved = PlannedExercise.objects.get(
        session__plan=plan, session__date=target.date, exercise__slug="back-squat"
    )
    assert moved.load > squat.load  # made afresh, on the day the coach chose


def test_an_undone_load_edit_does_not_lose_the_move(athlete, owner_client, owner):
    from schedules import loads

    plan = assigned(athlete)
    label, left, target = move_first_of_week_one(owner_client, plan)
    cell = PlannedExercise.objects.filter(session__plan=plan, session__date=target.date).first()
    loads.apply_changes(athlete=athlete, user=owner, changes=[loads.Change(cell, {"sets": 4})])
    loads.undo_last(athlete=athlete, user=owner)

    replan(athlete)

    assert (label, target.date, target.time, left) in week_one(plan)


def test_a_moved_session_with_edited_loads_is_kept_and_stands_in_for_its_label(
    athlete, owner_client, owner
):
    """Kept as it is (a coach's loads): the new plan's session of that week and label is left
    out wherever the planner puts it now, even after the running week changed."""
    from schedules import loads

    plan = assigned(athlete)
    labels = sorted(row[0] for row in week_one(plan))
    label, left, target = move_first_of_week_one(owner_client, plan)
    cell = PlannedExercise.objects.filter(session__plan=plan, session__date=target.date).first()
    loads.apply_changes(athlete=athlete, user=owner, changes=[loads.Change(cell, {"sets": 4})])
    Athlete.objects.filter(pk=athlete.pk).update(running_week=TRACK_NIGHTS_MOVED)

    replan(athlete)

    rows = week_one(plan)
    assert (label, target.date, target.time, left) in rows
    assert PlannedExercise.objects.get(pk=cell.pk).sets == 4
    assert sorted(row[0] for row in rows) == labels  # no label twice


def test_after_the_running_week_changes_a_moved_session_has_its_label_once(athlete, owner_client):
    plan = assigned(athlete)
    labels = sorted(row[0] for row in week_one(plan))
    move_first_of_week_one(owner_client, plan)
    Athlete.objects.filter(pk=athlete.pk).update(running_week=TRACK_NIGHTS_MOVED)

    replan(athlete)

    rows = week_one(plan)
    assert sorted(row[0] for row in rows) == labels
    assert len({day for _, day, _, _ in rows}) == len(rows)  # one a day


def week_days(plan):
    return [row[1] for row in week_one(plan)]


def test_in_a_week_with_one_label_twice_the_move_stays_with_its_session(club, owner_client, owner):
    """A new lifter's first week is three conditioning sessions, all C (Mon, Wed, Fri):
    Friday's, moved to Saturday, comes back on Saturday; Monday's stays on Monday."""
    from schedules import loads

    athlete = AthleteFactory(club=club, experience="novice")
    plan = assigned(athlete)
    mon, wed, fri = week_days(plan)
    assert [row[0] for row in week_one(plan)] == ["C", "C", "C"]
    friday = PlannedSession.objects.get(plan=plan, date=fri)
    saturday = fri + timedelta(days=1)
    assert post_move(owner_client, friday, saturday).status_code == 302

    replan(athlete)

    assert week_days(plan) == [mon, wed, saturday], week_one(plan)
    assert ("C", saturday, "pm", fri) in week_one(plan)

    # Kept as it is once its loads are edited: it stands in for Friday's, not Monday's.
    cell = PlannedExercise.objects.filter(session__plan=plan, session__date=saturday).first()
    loads.apply_changes(athlete=athlete, user=owner, changes=[loads.Change(cell, {"sets": 4})])
    replan(athlete)
    assert week_days(plan) == [mon, wed, saturday], week_one(plan)


def test_a_move_onto_the_day_another_moved_session_left_holds(athlete, owner_client):
    plan = assigned(athlete)
    first, second = PlannedSession.objects.filter(plan=plan, week=1).order_by("date")[:2]
    assert second.date == first.date + timedelta(days=1)
    assert post_move(owner_client, second, second.date + timedelta(days=1)).status_code == 302
    assert post_move(owner_client, first, second.date).status_code == 302
    before = week_one(plan)

    replan(athlete)

    assert week_one(plan) == before


def test_a_new_programme_is_planned_afresh_without_the_moves(athlete, owner_client):
    from programs.services import default_program, template_create_from_dict, template_to_dict

    plan = assigned(athlete)
    move_first_of_week_one(owner_client, plan)
    data = template_to_dict(default_program())
    other = template_create_from_dict(data=data, club=athlete.club, name="Winter block")
    page = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    assert "Sessions you moved to another day go back to the days the new plan gives" in page

    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": other.pk, "start_date": next_monday().isoformat()},
    )
    assert response.status_code == 302
    run_queued_jobs()

    assert Plan.objects.get(athlete=athlete).assignment.template == other
    assert all(moved_from is None for *_, moved_from in week_one(plan))


def test_a_session_moved_earlier_and_done_stands_in_for_its_label_after_its_day(
    athlete, owner_client
):
    """B moved from the end of the week to earlier and logged there: a re-plan the day after
    plans no second B on B's old day."""
    from schedules.models import JobStatus, PlanJob

    plan = assigned(athlete)
    last = PlannedSession.objects.filter(plan=plan, week=1).order_by("date").last()
    earlier = next(
        day
        for day in (last.date - timedelta(days=n) for n in range(1, 4))
        if not PlannedSession.objects.filter(plan=plan, date=day).exists()
    )
    assert post_move(owner_client, last, earlier).status_code == 302
    PlannedSession.objects.filter(pk=last.pk).update(logged_at=timezone.now())
    labels = sorted(row[0] for row in week_one(plan))

    services.plan_request_regeneration(athlete)
    for job in PlanJob.objects.filter(status=JobStatus.QUEUED):
        services.job_claim(job.pk, max_attempts=3)
        services.plan_generate(job_id=job.pk, today=earlier + timedelta(days=1))

    assert sorted(row[0] for row in week_one(plan)) == labels  # no label twice


def test_after_a_new_programme_a_kept_move_is_no_longer_a_move(athlete, owner_client, owner):
    """A moved session kept for its edited loads stays, but it is not a move of the new
    programme's sessions: a later re-plan leaves the new plan's week as it was."""
    from programs.services import default_program, template_create_from_dict, template_to_dict
    from schedules import loads

    plan = assigned(athlete)
    label, left, target = move_first_of_week_one(owner_client, plan)
    cell = PlannedExercise.objects.filter(session__plan=plan, session__date=target.date).first()
    loads.apply_changes(athlete=athlete, user=owner, changes=[loads.Change(cell, {"sets": 4})])
    other = template_create_from_dict(
        data=template_to_dict(default_program()), club=athlete.club, name="Winter block"
    )
    owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": other.pk, "start_date": next_monday().isoformat()},
    )
    run_queued_jobs()
    after_assign = week_one(plan)
    assert all(moved_from is None for *_, moved_from in after_assign)

    replan(athlete)

    assert week_one(plan) == after_assign


def test_no_day_in_the_72_hours_before_the_race_is_offered(athlete, plan, session_a):
    race = plan.start_date + timedelta(days=5)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    session_a.plan.race_date = race
    days = moves.free_days(session_a)
    assert days and all(day <= race - timedelta(days=4) or day > race for day in days)
    assert race - timedelta(days=3) not in days  # Wednesday: free, but 72 h before


def race_on(plan, race):
    Athlete.objects.filter(pk=plan.athlete_id).update(race_date=race)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    plan.refresh_from_db()


def test_no_day_after_the_race_is_offered(owner_client, plan, session_a):
    """The plan ends at the race: the race on Saturday, Sunday is not offered."""
    monday = plan.start_date
    race_on(plan, monday + timedelta(days=5))
    session_a.refresh_from_db()

    assert moves.free_days(session_a) == [monday, monday + timedelta(days=1)]
    page = owner_client.get(move_url(session_a)).content.decode()
    assert (monday + timedelta(days=1)).isoformat() in page
    assert (monday + timedelta(days=6)).isoformat() not in page


def test_a_move_to_a_day_after_the_race_is_refused_and_nothing_moves(owner_client, plan, session_a):
    monday = plan.start_date
    race = monday + timedelta(days=5)
    race_on(plan, race)
    sunday = monday + timedelta(days=6)
    before = list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from"))
    warnings = Plan.objects.get(pk=plan.pk).warnings

    response = post_move(owner_client, session_a, sunday)

    assert response.status_code == 400
    body = response.content.decode()
    said = f"Not moved: {sunday:%a %-d %b} is after the race on {race:%a %-d %b}"
    assert 'id="move-error"' in body and said in body
    assert list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from")) == before
    assert Plan.objects.get(pk=plan.pk).warnings == warnings


@pytest.mark.parametrize(
    ("race_offset", "to_offset", "first_clear", "choose"),
    [
        # A Sunday race: Thursday to Sunday are kept clear; Monday to Wednesday are free.
        (6, 4, 3, "Choose a day up to {wednesday}."),
        # A Friday race: Tuesday to Friday; Monday is free.
        (4, 2, 1, "Choose a day up to {monday}."),
        # A Wednesday race: from the Sunday before, so no day of this week is left.
        (2, 1, -1, "No day of this week before then can take it."),
    ],
)
def test_a_move_into_the_72_hours_before_the_race_is_refused_by_its_rule(
    owner_client, plan, session_a, race_offset, to_offset, first_clear, choose
):
    """The page never offers those days; a move sent to one anyway is told why (W4), with
    the days kept clear named as they fall for the race's weekday."""
    monday = plan.start_date
    race = monday + timedelta(days=race_offset)
    race_on(plan, race)
    day = monday + timedelta(days=to_offset)
    first = monday + timedelta(days=first_clear)
    before = list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from"))

    response = post_move(owner_client, session_a, day)

    assert response.status_code == 400
    body = response.content.decode()
    wednesday = monday + timedelta(days=2)
    said = (
        f"Not moved: {day:%a %-d %b} is in the 72 h before the race: nothing is lifted from "
        f"{first:%a %-d %b} to race day, {race:%a %-d %b} (W4). "
        + choose.format(monday=f"{monday:%a %-d %b}", wednesday=f"{wednesday:%a %-d %b}")
    )
    assert 'role="alert"' in body and said in body
    response = post_move(owner_client, session_a, race)
    said = f"Not moved: {race:%a %-d %b} is race day, when nothing is lifted (W4)."
    assert response.status_code == 400 and said in response.content.decode()
    assert list(PlannedSession.objects.values_list("pk", "date", "time", "moved_from")) == before


@pytest.mark.parametrize(
    ("race", "named"),
    [
        (date(2027, 3, 7), "from Thu 4 Mar to race day, Sun 7 Mar"),
        (date(2027, 3, 3), "from Sun 28 Feb to race day, Wed 3 Mar"),
        (date(2027, 3, 1), "from Fri 26 Feb to race day, Mon 1 Mar"),
    ],
)
def test_the_days_kept_clear_before_a_race_are_named_as_they_fall(race, named):
    """The 72 h before the race are the three whole days before race day (W4)."""
    assert services.race_clear_days(race) == named
    first = services.race_clear_from(race)
    assert services.too_close_to_race(first, race)
    assert not services.too_close_to_race(first - timedelta(days=1), race)


def test_the_move_page_names_the_days_kept_clear_before_the_race(owner_client, plan, session_a):
    monday = plan.start_date
    race_on(plan, monday + timedelta(days=6))
    page = owner_client.get(move_url(session_a)).content.decode()
    thursday, sunday = monday + timedelta(days=3), monday + timedelta(days=6)
    assert (
        f"the 72 h before the race (from {thursday:%a %-d %b} to race day, {sunday:%a %-d %b})"
        in page
    )


def test_a_session_after_the_race_with_no_day_before_it_says_so(owner_client, plan):
    """The race moved to Tuesday: Thursday's session has no day of its week left, Monday
    being in the 72 h before the race, the days after it past the plan's end."""
    monday = plan.start_date
    race_on(plan, monday + timedelta(days=1))
    thursday = PlannedSession.objects.get(plan=plan, date=monday + timedelta(days=3))

    assert moves.free_days(thursday) == []
    page = owner_client.get(move_url(thursday)).content.decode()
    said = f"falls after the race on {monday + timedelta(days=1):%a %-d %b}, where the plan ends"
    assert said in page
    assert 'name="slot"' not in page


def doc(day, label, week=1, time="pm"):
    return {"date": day.isoformat(), "time": time, "week": week, "label": label}


def test_a_move_never_comes_back_within_72_hours_of_a_race_moved_near_it():
    monday = date(2027, 3, 1)
    sessions = [doc(monday, "A"), doc(monday + timedelta(days=3), "B")]
    # B was moved from Thursday to Saturday; the race is now on Monday week.
    moved = services.Moved(
        1, "B", monday + timedelta(days=3), monday + timedelta(days=5), "am", False
    )
    far = services.moved_places(sessions, [moved], set(), monday, monday + timedelta(days=14))
    near = services.moved_places(sessions, [moved], set(), monday, monday + timedelta(days=7))
    assert far[1] == (monday + timedelta(days=5), "am", monday + timedelta(days=3))
    assert near[1] == (monday + timedelta(days=3), "pm", None)  # the planner's day


def test_a_move_never_comes_back_after_a_race_moved_before_it():
    """The plan ends at the race: a session moved to a day the race now comes before goes
    back to the planner's day, as a move there is refused."""
    monday = date(2027, 3, 1)
    tue, fri, sat = (monday + timedelta(days=n) for n in (1, 4, 5))
    sessions = [doc(tue, "A")]
    moved = services.Moved(1, "A", tue, sat, "am", False)
    assert services.moved_places(sessions, [moved], set(), monday, sat) == [(tue, "pm", None)]
    assert services.moved_places(sessions, [moved], set(), monday, fri) == [(tue, "pm", None)]
    later = monday + timedelta(days=14)
    assert services.moved_places(sessions, [moved], set(), monday, later) == [(sat, "am", tue)]
    undone = services.moves_undone(sessions, [moved], [(tue, "pm", None)], set(), monday)
    assert [(m["label"], m["to"], m["now"]) for m in undone] == [
        ("A", sat.isoformat(), tue.isoformat())
    ]


def test_moves_swapping_two_sessions_days_both_hold_and_a_kept_day_is_never_shared():
    monday = date(2027, 3, 1)
    tue, thu, fri = (monday + timedelta(days=n) for n in (1, 3, 4))
    sessions = [doc(tue, "A"), doc(thu, "B")]
    swap = [
        services.Moved(1, "A", tue, thu, "pm", False),
        services.Moved(1, "B", thu, tue, "am", False),
    ]
    assert services.moved_places(sessions, swap, set(), monday, None) == [
        (thu, "pm", tue),
        (tue, "am", thu),
    ]
    # Friday is kept (logged early): a move onto it does not hold.
    onto_kept = [services.Moved(1, "A", tue, fri, "pm", False)]
    assert services.moved_places(sessions, onto_kept, {fri}, monday, None)[0] == (tue, "pm", None)
    # A kept moved session stands in for its own: no second A that week.
    kept = [services.Moved(1, "A", tue, fri, "pm", True)]
    assert services.moved_places(sessions, kept, {fri}, monday, None) == [None, (thu, "pm", None)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_move_that_waited_on_a_re_plan_is_refused_with_409(club, owner, client):
    """A re-plan (here its lock and its delete) took the session away while the move waited
    for the plan's lock."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")
    client.force_login(owner)
    athlete = AthleteFactory(club=club)
    plan = make_plan(athlete, weeks=2, start=next_monday())
    session = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    locked = threading.Event()

    def replan_holding_the_lock():
        try:
            with transaction.atomic():
                Plan.objects.select_for_update().get(pk=plan.pk)
                PlannedSession.objects.filter(pk=session.pk).delete()
                locked.set()
                until_another_waits()  # the other side has reached the lock
        finally:
            connection.close()

    thread = threading.Thread(target=replan_holding_the_lock)
    thread.start()
    locked.wait(5)
    response = post_move(client, session, session.date + timedelta(days=2))
    thread.join()

    assert response.status_code == 409
    assert "Not moved: the plan was made again meanwhile" in response.content.decode()


def test_a_move_crosses_over_in_the_club_file_and_an_older_file_still_reads(
    owner_client, plan, session_a
):
    wednesday = plan.start_date + timedelta(days=2)
    post_move(owner_client, session_a, wednesday)
    document = club_export(plan.athlete.club)
    older = copy.deepcopy(document)

    club_import(copy.deepcopy(document), ClubFactory(name="Copy"))
    copied = PlannedSession.objects.get(plan__athlete__club__name="Copy", date=wednesday)
    assert copied.moved_from == plan.start_date

    for item in older["plans"]:
        for session in item["sessions"]:
            del session["moved_from"]
    club_import(older, ClubFactory(name="Older"))
    restored = PlannedSession.objects.filter(plan__athlete__club__name="Older")
    assert restored.count() == PlannedSession.objects.filter(plan=plan).count()
    assert not restored.exclude(moved_from=None).exists()


def test_where_it_is_now_names_every_rule_the_session_breaks_there_not_only_on_its_day(
    owner_client, plan, session_a
):
    """A next to B: the W5 breach is dated on B's day, yet it is A's placement that breaks
    it, as the choices' labels say of any day next to B."""
    wednesday = plan.start_date + timedelta(days=2)
    assert post_move(owner_client, session_a, wednesday).status_code == 302
    session_a.refresh_from_db()

    here, slots = moves.slots(session_a)

    assert {"W1", "W5"} <= set(here)
    body = owner_client.get(move_url(session_a)).content.decode()
    head = body[body.index("now on <strong>") :]
    head = head[: head.index("</p>")]
    assert ">W5</abbr>" in head and ">W1</abbr>" in head
    # Back on Monday nothing of B's day is broken: W5 is no longer among the rules there;
    # the morning of the same day is as close to B as now, and says so.
    by_value = {slot.value: slot.rules for slot in slots}
    assert "W5" not in by_value[f"{plan.start_date.isoformat()}/pm"]
    assert "W5" in by_value[f"{wednesday.isoformat()}/am"]
    assert "W5" in moves.rules_at(session_a, wednesday, "am")


def test_a_choice_names_no_rule_that_where_it_is_now_would_not_say_once_moved_there(
    owner_client, plan
):
    """Friday after Thursday's B: the choice says S7 (and W5, W7); moved there, the page
    says the same of where the session is now."""
    session = PlannedSession.objects.get(plan=plan, week=2, label="A")
    friday = session.date + timedelta(days=4)
    choice = {s.value: s.rules for s in moves.slots(session)[1]}[f"{friday.isoformat()}/pm"]
    assert "S7" in choice
    assert post_move(owner_client, session, friday).status_code == 302
    session.refresh_from_db()
    here, _ = moves.slots(session)
    assert set(choice) <= set(here), (choice, here)


def test_moved_back_to_its_planned_day_it_follows_the_planner_to_a_new_running_week(
    athlete, owner_client
):
    """Put back where the planner had it, the session is no longer the coach's choice of
    day: after the track nights move, re-planning places it as for a runner never moved."""
    plan = assigned(athlete)
    session = PlannedSession.objects.filter(plan=plan, week=1).order_by("date").first()
    planned = (session.date, session.time)
    move_first_of_week_one(owner_client, plan)
    session.refresh_from_db()
    assert post_move(owner_client, session, *planned).status_code == 302
    session.refresh_from_db()
    assert (session.date, session.time) == planned
    Athlete.objects.filter(pk=athlete.pk).update(running_week=TRACK_NIGHTS_MOVED)
    twin = AthleteFactory(club=athlete.club, running_week=TRACK_NIGHTS_MOVED)
    never_moved = week_one(assigned(twin))
    assert (session.label, planned[0]) not in [row[:2] for row in never_moved]  # day changed

    replan(athlete)

    assert week_one(plan) == never_moved


def test_a_time_changed_on_the_planned_day_holds_while_the_planner_keeps_that_day():
    monday = date(2027, 3, 1)
    tue, thu = monday + timedelta(days=1), monday + timedelta(days=3)
    sessions = [doc(tue, "A"), doc(thu, "B")]
    pm_to_am = [services.Moved(1, "A", tue, tue, "am", False)]
    assert services.moved_places(sessions, pm_to_am, set(), monday, None)[0] == (tue, "am", tue)
    # Back at the planner's time too: nothing of the coach's is left to keep.
    back = [services.Moved(1, "A", tue, tue, "pm", False)]
    assert services.moved_places(sessions, back, set(), monday, None)[0] == (tue, "pm", None)
    # The planner now puts A on Wednesday: it goes there, at the planner's time.
    wed = monday + timedelta(days=2)
    moved_week = [doc(wed, "A"), doc(thu, "B")]
    assert services.moved_places(moved_week, pm_to_am, set(), monday, None)[0] == (wed, "pm", None)


def test_the_plan_page_says_which_moves_a_re_plan_could_not_keep(athlete, owner_client):
    """The race is moved to two days after the day a session was moved to: no lifting in
    the 72 hours before it (W4), so the move goes, and the coach is told until the plan is
    made again."""
    plan = assigned(athlete)
    session = PlannedSession.objects.filter(plan=plan, week=1).order_by("date").first()
    target = max(moves.slots(session)[1], key=lambda slot: slot.date)
    assert post_move(owner_client, session, target.date, target.time).status_code == 302
    Athlete.objects.filter(pk=athlete.pk).update(race_date=target.date + timedelta(days=2))

    replan(athlete)

    plan.refresh_from_db()
    [undone] = plan.moves_undone
    assert (undone["label"], undone["week"], undone["to"]) == (
        session.label,
        1,
        target.date.isoformat(),
    )
    assert not PlannedSession.objects.filter(plan=plan, date=target.date).exists()
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "1 session you had moved was put back by the planner" in page
    race = target.date + timedelta(days=2)
    assert (
        f"Week 1, session {session.label}: you had moved it to {target.date:%a %-d %b}, which "
        f"is in the 72 h before the race: nothing is lifted from "
        f"{race - timedelta(days=3):%a %-d %b} to race day, {race:%a %-d %b} (W4);" in page
    )

    replan(athlete)  # made again: nothing of the coach's left to undo, nothing said

    plan.refresh_from_db()
    assert plan.moves_undone == []
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "you had moved" not in page


def test_moves_a_re_plan_could_not_keep_cross_over_in_the_club_file(plan):
    """The plan page of a club moved to another server still says which moves went, and a
    file from before they were kept, or with one the page could not read, is handled."""
    saturday = plan.start_date + timedelta(days=5)
    undone = [{"label": "A", "week": 1, "to": saturday.isoformat(), "now": None}]
    Plan.objects.filter(pk=plan.pk).update(moves_undone=undone)
    document = club_export(plan.athlete.club)
    older, broken = copy.deepcopy(document), copy.deepcopy(document)

    copy_club = ClubFactory(name="Copy")
    club_import(document, copy_club)
    copied = Plan.objects.get(athlete__club=copy_club)
    assert copied.moves_undone == undone
    coach = UserFactory(username="copy-owner")
    Membership.objects.create(club=copy_club, user=coach, role="owner")
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("athlete_plan", args=[copied.athlete_id])).content.decode()
    assert f"Week 1, session A: you had moved it to {saturday:%a %-d %b}" in page

    for item in older["plans"]:
        del item["moves_undone"]
    club_import(older, ClubFactory(name="Older"))
    assert Plan.objects.get(athlete__club__name="Older").moves_undone == []

    broken["plans"][0]["moves_undone"] = [{"label": "A", "week": 1, "to": "Saturday"}]
    with pytest.raises(ImportRefused) as refused:
        club_import(broken, ClubFactory(name="Broken"))
    assert refused.value.problems == ["plans[0].moves_undone: [0].to must be a date (YYYY-MM-DD)"]


def test_a_move_kept_or_only_retimed_is_not_said_to_be_undone():
    monday = date(2027, 3, 1)
    tue, thu, sat = (monday + timedelta(days=n) for n in (1, 3, 5))
    sessions = [doc(tue, "A"), doc(thu, "B")]
    held = services.Moved(1, "B", thu, sat, "am", False)
    retimed = services.Moved(1, "A", tue, tue, "am", False)
    places = services.moved_places(sessions, [held, retimed], set(), monday, None)
    assert services.moves_undone(sessions, [held, retimed], places, set(), monday) == []
    # Near the race, B goes back to Thursday: said, with where it is now.
    near = services.moved_places(sessions, [held], set(), monday, monday + timedelta(days=7))
    assert services.moves_undone(sessions, [held], near, set(), monday) == [
        {"label": "B", "week": 1, "to": sat.isoformat(), "now": thu.isoformat()}
    ]
    # A week with no B any more: no day to give.
    assert services.moves_undone([doc(tue, "A")], [held], [(tue, "pm", None)], set(), monday) == [
        {"label": "B", "week": 1, "to": sat.isoformat(), "now": None}
    ]


def test_a_move_sent_after_a_re_plan_took_the_session_away_shows_the_plan_as_it_is_now(
    athlete, owner_client, client, stranger
):
    """The page was open while the plan was made again (a running week changed on another
    screen): its session is no more. The move is refused with the plan as it is now and why,
    not a page not found; another club's session stays not found whatever the form says."""
    assigned(athlete)
    session = PlannedSession.objects.filter(plan__athlete=athlete).order_by("date").first()
    page = owner_client.get(move_url(session)).content.decode()
    assert f'<input type="hidden" name="athlete" value="{athlete.pk}">' in page
    day, time = next(s for s in moves.slots(session)[1] if s.date != session.date).value.split("/")

    replan(athlete)
    assert not PlannedSession.objects.filter(pk=session.pk).exists()

    data = {"slot": f"{day}/{time}", "seen": f"{session.date}/{session.time}"}
    response = owner_client.post(move_url(session), {**data, "athlete": athlete.pk})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Not moved: the plan was made again meanwhile" in body
    assert f'href="/sessions/{session.pk}/move/' not in body  # the plan as it is now
    assert 'id="warnings"' in body
    assert not PlannedSession.objects.filter(plan__athlete=athlete, moved_from__isnull=False)

    assert owner_client.post(move_url(session), data).status_code == 404
    assert owner_client.post(move_url(session), {**data, "athlete": "x"}).status_code == 404
    client.force_login(stranger)
    assert client.post(move_url(session), {**data, "athlete": athlete.pk}).status_code == 404
    other = PlannedSession.objects.filter(plan__athlete=athlete).first()
    theirs = AthleteFactory(club=Membership.objects.get(user=stranger).club)
    assert client.post(move_url(other), {**data, "athlete": theirs.pk}).status_code == 404


def test_the_plan_page_says_a_move_went_as_its_day_holds_another_session_now(athlete, owner_client):
    """A new running week had the planner put another session on the day the coach chose:
    the page names it, rather than listing every reason a move may go."""
    plan = assigned(athlete)
    first, second = PlannedSession.objects.filter(plan=plan, week=1).order_by("date")[:2]
    undone = {"label": first.label, "week": 1, "to": second.date.isoformat()}
    Plan.objects.filter(pk=plan.pk).update(moves_undone=[{**undone, "now": first.date.isoformat()}])
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert (
        f"Week 1, session {first.label}: you had moved it to {second.date:%a %-d %b}, which "
        f"holds session {second.label} now; it is on {first.date:%a %-d %b} now" in page
    )

    free = second.date + timedelta(days=1)
    PlannedSession.objects.filter(plan=plan, date=free).delete()
    Plan.objects.filter(pk=plan.pk).update(
        moves_undone=[{**undone, "to": free.isoformat(), "now": None}]
    )
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f"you had moved it to {free:%a %-d %b}; it has no place" in page


def test_a_move_link_opened_after_a_re_plan_took_the_session_away_shows_the_plan_now(
    athlete, owner_client, client, stranger
):
    """A plan page left open while the plan was made again: its Move link names a session
    that is no more. It opens the plan as it is now, saying why, not a page not found;
    another club's athlete named in the address is still not found."""
    assigned(athlete)
    session = PlannedSession.objects.filter(plan__athlete=athlete).order_by("date").first()
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    link = f"{move_url(session)}?athlete={athlete.pk}"
    assert f'href="{link}"' in plan_page
    replan(athlete)

    response = owner_client.get(link)
    assert response.status_code == 404
    body = response.content.decode()
    assert "The plan was made again since that page was shown" in body
    assert 'id="warnings"' in body
    assert f'href="/sessions/{session.pk}/move/' not in body
    assert owner_client.get(move_url(session)).status_code == 404
    assert owner_client.get(f"{move_url(session)}?athlete=x").status_code == 404
    client.force_login(stranger)
    assert "made again" not in client.get(link).content.decode()


def test_a_plan_without_a_race_names_no_race_among_the_days_not_offered(owner_client, athlete):
    """Off-season planning has no race: the page does not say days near it are held back."""
    plan = make_plan(athlete, weeks=2, start=next_monday())
    Plan.objects.filter(pk=plan.pk).update(race_date=None)
    session = PlannedSession.objects.get(plan=plan, date=plan.start_date)

    body = owner_client.get(move_url(session)).content.decode()

    assert "Not offered: days holding another session, days before a session already logged." in (
        body
    )
    assert "race" not in body.split("Not offered:")[1].split("</p>")[0]


def test_a_plan_with_a_race_names_the_days_near_it_not_offered(owner_client, athlete):
    plan = make_plan(athlete, weeks=2, start=next_monday())
    race = plan.start_date + timedelta(weeks=2, days=6)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    session = PlannedSession.objects.get(plan=plan, date=plan.start_date)

    body = owner_client.get(move_url(session)).content.decode()

    assert f"to race day, {race:%a %-d %b})" in body
    assert "and the days after it, where the plan ends." in body
