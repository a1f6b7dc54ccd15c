import re
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, AthleteLink
from programs.models import ProgramTemplate
from schedules import logbook
from schedules.logbook import club_statuses, soreness_flag, weeks_lifting
from schedules.models import Assignment, PainFlag, Plan, PlannedSession, SetLog
from tests.factories import AthleteFactory, SquadFactory, shipped
from tests.plan_factories import make_plan
from tests.schedules.conftest import run_queued_jobs


def monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def long_plan(athlete):
    """Three weeks, the first two in the past: sessions to miss and to report soreness on."""
    return make_plan(athlete, weeks=3, start=monday() - timedelta(weeks=2))


def past_sessions(plan):
    return list(plan.sessions.filter(date__lt=monday()).order_by("date"))


def report(sessions, *values):
    for session, value in zip(sessions[-len(values) :], values, strict=True):
        PlannedSession.objects.filter(pk=session.pk).update(
            soreness=value, logged_at=timezone.now()
        )


def row_for(response, athlete):
    body = response.content.decode()
    start = body.index(f'id="athlete-{athlete.pk}"')
    return body[start : body.index("</tr>", start)]


@pytest.mark.parametrize(
    ("reports", "flag"),
    [
        ([], ""),
        ([4], ""),
        ([5], ""),
        ([7], "Soreness 7/10"),
        ([2, 9], "Soreness 9/10"),
        ([5, 6], "Soreness 5 then 6/10"),
        ([6, 4], ""),
        ([6, 3, 5], ""),
    ],
)
def test_soreness_flag_follows_rule_l8(reports, flag):
    assert soreness_flag(reports) == flag


def test_dashboard_shows_this_week_and_this_phase(owner_client, athlete, long_plan):
    this_week = long_plan.sessions.filter(date__gte=monday()).order_by("date").first()
    PlannedSession.objects.filter(pk=this_week.pk).update(logged_at=timezone.now())
    for session in past_sessions(long_plan):
        PlannedSession.objects.filter(pk=session.pk).update(logged_at=timezone.now())
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert '<span class="dash-count"><strong>1</strong> / 2 done</span>' in row
    assert 'Build: <span class="dash-count"><strong>5</strong> / 6 done</span>' in row


def test_a_plan_that_starts_next_week_says_when_not_nothing_to_do(owner_client, athlete):
    """Assigned on a Saturday to start on Monday: the row says so, not "0 / 0 done"."""
    start = monday() + timedelta(weeks=1)
    make_plan(athlete, weeks=2, start=start)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"Plan starts {start:%a} {start.day} {start:%b}" in row
    assert f"Build from {start.day} {start:%b}" in row
    assert "/ 0 done" not in row


def test_soreness_of_seven_is_flagged(owner_client, athlete, long_plan):
    report(past_sessions(long_plan), 7)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 7/10" in row
    assert "7/10</span>" in row  # last soreness column
    # The flag leads to where the coach acts on it.
    assert f'href="{reverse("plan_grid", args=[athlete.pk])}">Adjust loads</a>' in row


def test_two_sessions_in_a_row_at_five_are_flagged(owner_client, athlete):
    plan = make_plan(athlete, weeks=7, start=monday() - timedelta(weeks=6))  # week 7 of lifting
    report(past_sessions(plan), 5, 6)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 5 then 6/10" in row


def test_two_sessions_at_five_in_the_first_weeks_of_lifting_are_expected(
    owner_client, athlete, long_plan
):
    """L8: some soreness in the first 3-4 weeks of lifting is expected; 7+ is still flagged."""
    Athlete.objects.filter(pk=athlete.pk).update(experience="novice")
    report(past_sessions(long_plan), 5, 6)  # week 3 of lifting
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness" not in row
    assert "6/10</span>" in row  # still shown as the last soreness
    report(past_sessions(long_plan), 5, 7)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 7/10" in row
    # Flagged, with the word that some is expected so early, not a plain "reduce the load".
    assert "some soreness is expected in the first weeks of lifting" in row
    assert "consider reducing the load" not in row


@pytest.mark.parametrize("experience", ["intermediate", "advanced"])
def test_a_lifter_who_is_not_new_to_lifting_is_flagged_at_five_twice_from_the_start(
    owner_client, athlete, long_plan, experience
):
    """The first weeks' allowance is for those new to lifting, not a new plan's first weeks."""
    Athlete.objects.filter(pk=athlete.pk).update(experience=experience)
    report(past_sessions(long_plan), 5, 6)  # week 3 of this plan
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 5 then 6/10" in row
    assert "consider reducing the load" in row
    assert "expected in the first weeks" not in row


def test_high_soreness_past_the_first_weeks_asks_to_consider_less_load(owner_client, athlete):
    plan = make_plan(athlete, weeks=7, start=monday() - timedelta(weeks=6))  # week 7 of lifting
    report(past_sessions(plan), 8)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 8/10" in row and "consider reducing the load" in row
    assert "expected in the first weeks" not in row


def test_weeks_of_lifting_count_from_the_first_session():
    start = monday()
    assert weeks_lifting(None, start) is None
    assert weeks_lifting(start, start + timedelta(days=6)) == 1
    assert weeks_lifting(start, start + timedelta(days=7)) == 2
    assert weeks_lifting(start + timedelta(days=7), start) == 1  # not started: week 1 ahead
    assert soreness_flag([5, 6], weeks_lifting=4) == ""
    assert soreness_flag([5, 6], weeks_lifting=5) == "Soreness 5 then 6/10"


def test_one_session_at_five_is_not_flagged(owner_client, athlete, long_plan):
    report(past_sessions(long_plan), 5)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert ">L8</abbr>" not in row and "Soreness" not in row


def test_missed_sessions_are_counted(owner_client, athlete, long_plan):
    # Missed means before today, so this week's sessions count too once their day is gone.
    sessions = list(long_plan.sessions.filter(date__lt=timezone.localdate()).order_by("date"))
    PlannedSession.objects.filter(pk=sessions[0].pk).update(logged_at=timezone.now())
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"{len(sessions) - 1} missed sessions in 4 weeks" in row


def _flag_every_lift(session, *, leave_out: int = 0, cleared: bool = False):
    """Pain reported on the day before `session` on each of its exercises (but `leave_out`)."""
    reported = timezone.make_aware(datetime.combine(session.date - timedelta(days=1), time(18)))
    for pe in list(session.exercises.order_by("order"))[leave_out:]:
        flag = PainFlag.objects.create(athlete=session.plan.athlete, exercise=pe.exercise)
        PainFlag.objects.filter(pk=flag.pk).update(
            created_at=reported, cleared_at=reported + timedelta(days=2) if cleared else None
        )


@pytest.mark.parametrize("cleared", [False, True])
def test_a_session_pain_left_empty_is_neither_missed_nor_still_to_do(
    owner_client, athlete, long_plan, cleared
):
    """Every lift of the session was left out after pain (L9), by flags open or cleared
    since: nothing was there to lift, so the coach is not told it was missed."""
    today = timezone.localdate()
    empty, *others = long_plan.sessions.order_by("date")
    PlannedSession.objects.filter(plan=long_plan, date__lt=today).exclude(pk=empty.pk).update(
        logged_at=timezone.now()
    )
    _flag_every_lift(empty, cleared=cleared)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "missed" not in row
    [status] = club_statuses(athlete.club)
    # Open flags leave the later sessions of the same lifts empty too, until cleared.
    emptied = 1 + (0 if cleared else sum(s.label == "A" and s.date >= today for s in others))
    assert (status.missed, status.phase_planned) == (0, 1 + len(others) - emptied)
    assert status.phase_done == sum(s.date < today for s in others)


def test_a_session_with_a_lift_pain_left_in_is_still_missed(owner_client, athlete, long_plan):
    today = timezone.localdate()
    empty, *others = long_plan.sessions.order_by("date")
    PlannedSession.objects.filter(plan=long_plan, date__lt=today).exclude(pk=empty.pk).update(
        logged_at=timezone.now()
    )
    _flag_every_lift(empty, leave_out=1)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "1 missed session in 4 weeks" in row
    assert club_statuses(athlete.club)[0].phase_planned == 1 + len(others)


def test_this_weeks_session_pain_left_empty_is_not_planned_work(owner_client, athlete):
    plan = make_plan(athlete, weeks=1)
    first = plan.sessions.order_by("date").first()
    _flag_every_lift(first, cleared=True)
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_planned, status.week_held) == (0, 1, 1)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "<strong>0</strong> / 1 done" in row and ">1 held back by pain<" in row


def test_later_weeks_sessions_pain_left_empty_are_not_planned_work_in_the_phase(athlete):
    """Flags still open on every lift of session A leave the A sessions of the weeks to
    come empty as well: the phase counts only the B sessions as work still to do."""
    plan = make_plan(athlete, weeks=3)
    plan.sessions.filter(label="B", date__lt=timezone.localdate()).update(logged_at=timezone.now())
    _flag_every_lift(plan.sessions.order_by("date").first())
    [status] = club_statuses(athlete.club)
    emptied = plan.sessions.filter(label="A").count()
    assert emptied == 3
    assert (status.week_planned, status.phase_planned) == (1, plan.sessions.count() - emptied)
    assert status.missed == 0


def test_plan_rule_warnings_are_shown(owner_client, athlete, long_plan):
    Plan.objects.filter(pk=long_plan.pk).update(
        warnings=[
            {
                "rule": "W1",
                "date": (monday() + timedelta(days=2)).isoformat(),
                "message": "Lifting the day before a quality session",
            }
        ]
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "<strong>W1</strong>: Lifting the day before a quality session" in row


def test_each_rule_warning_keeps_its_own_message_and_says_which_week(
    owner_client, athlete, long_plan
):
    this, next_ = monday().isoformat(), (monday() + timedelta(weeks=1)).isoformat()
    Plan.objects.filter(pk=long_plan.pk).update(
        warnings=[
            {"rule": "S8", "date": this, "message": "No upper-body pulling this week"},
            {"rule": "S8", "date": this, "message": "No side-to-side or rotational work"},
            {"rule": "W2", "date": this, "message": "Lifting after a quality session"},
            {"rule": "W2", "date": next_, "message": "Lifting after a quality session"},
            {"rule": "P9", "date": next_, "message": "No power work this week"},
        ]
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "<strong>S8</strong>: No upper-body pulling this week (this week)" in row
    assert "<strong>S8</strong>: No side-to-side or rotational work (this week)" in row
    following = monday() + timedelta(weeks=1)
    assert f"<strong>P9</strong>: No power work this week (week of {following:%-d %b})" in row
    # Three lines at most, in the rules' order (P, S, W, L); the rest are a link away.
    assert "W2" not in row
    assert "1 more on the plan" in row
    Plan.objects.filter(pk=long_plan.pk).update(
        warnings=[
            {"rule": "W2", "date": this, "message": "Lifting after a quality session"},
            {"rule": "W2", "date": next_, "message": "Lifting after a quality session"},
            {"rule": "P9", "date": next_, "message": "No power work this week"},
        ]
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert (
        "<strong>W2</strong>: Lifting after a quality session "
        f"(this week and the week of {following:%-d %b})" in row
    )
    assert row.index("P9") < row.index("W2")  # in the rules' order
    assert "See the plan" in row


def test_rule_warnings_beyond_next_week_are_left_to_the_plan_page(owner_client, athlete, long_plan):
    Plan.objects.filter(pk=long_plan.pk).update(
        warnings=[
            {
                "rule": "W7",
                "date": (monday() + timedelta(weeks=3)).isoformat(),
                "message": "Plyometric sessions on consecutive days",
            }
        ]
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "W7" not in row


def test_pain_flag_is_shown_with_its_exercise(owner_client, athlete, long_plan):
    pe = past_sessions(long_plan)[-1].exercises.get(exercise__slug="romanian-deadlift")
    PainFlag.objects.create(athlete=athlete, planned_exercise=pe, exercise=pe.exercise, note="knee")
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert (
        '<strong>Pain</strong> (<abbr title="Rule L9: pain stops the exercise">L9</abbr>): '
        "Romanian deadlift" in row
    )
    assert "knee" in row


def test_a_long_pain_note_is_shown_whole(owner_client, athlete, long_plan):
    pe = past_sessions(long_plan)[-1].exercises.get(exercise__slug="romanian-deadlift")
    note = "Sharp behind the knee on the second set. " * 5 + "It still hurts on the stairs."
    PainFlag.objects.create(athlete=athlete, planned_exercise=pe, exercise=pe.exercise, note=note)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f'<q class="dash-note prewrap">{note}</q>' in row
    assert "”." not in row


def test_the_athletes_latest_note_of_the_last_week_is_shown_for_a_read(
    owner_client, athlete, long_plan
):
    """What the athlete wrote under a session ("legs heavy after the long run") reaches the
    coach on the dashboard, escaped, without asking for a look: a note is not a flag."""
    today = timezone.localdate()
    done = [s for s in long_plan.sessions.filter(date__lte=today).order_by("date")]
    old, *recent = [s for s in done if s.date <= today - timedelta(days=7)][-1:] + [
        s for s in done if s.date > today - timedelta(days=7)
    ]
    assert recent, "the plan has a session in the last week"
    PlannedSession.objects.filter(pk=old.pk).update(
        logged_at=timezone.now(), athlete_note="Old news"
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Old news" not in row and "dash-flag-note" not in row
    [status] = club_statuses(athlete.club)
    attention = status.attention

    for session, text in zip(recent, ["Calves tight", "<b>Legs</b> heavy & slow"], strict=False):
        PlannedSession.objects.filter(pk=session.pk).update(
            logged_at=timezone.now(), athlete_note=text
        )
    latest = recent[min(len(recent), 2) - 1]
    response = owner_client.get(reverse("dashboard"))
    row = row_for(response, athlete)
    note = "Calves tight" if len(recent) == 1 else "&lt;b&gt;Legs&lt;/b&gt; heavy &amp; slow"
    assert (
        f"<strong>Note</strong>, {latest.date:%a} {latest.date.day} {latest.date:%b}: "
        f'<q class="dash-note prewrap">{note}</q>' in row
    )
    if len(recent) > 1:
        assert "Calves tight" not in row
        assert "1 more note</a>" in row
    [status] = club_statuses(athlete.club)
    assert status.attention == attention  # no look asked for


def test_a_note_on_a_session_lifted_ahead_of_its_day_is_shown_at_once(owner_client, athlete):
    """An athlete who does next week's first session early and writes under it: the coach
    reads it now, not when its day comes."""
    plan = make_plan(athlete, weeks=3, start=monday() - timedelta(weeks=1))
    ahead = plan.sessions.filter(date__gte=monday() + timedelta(weeks=1)).order_by("date")[0]
    PlannedSession.objects.filter(pk=ahead.pk).update(
        logged_at=timezone.now(), athlete_note="Did it early, hips tight"
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert (
        f"<strong>Note</strong>, {ahead.date:%a} {ahead.date.day} {ahead.date:%b}: "
        '<q class="dash-note prewrap">Did it early, hips tight</q>' in row
    )
    # Today's session logged after it, with a note: the latest written leads.
    today = plan.sessions.filter(date__lte=timezone.localdate()).order_by("-date")[0]
    PlannedSession.objects.filter(pk=today.pk).update(
        logged_at=timezone.now() + timedelta(minutes=5), athlete_note="Knee sore"
    )
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert '<q class="dash-note prewrap">Knee sore</q>' in row
    assert "Did it early" not in row and "1 more note</a>" in row


def test_athletes_needing_attention_come_first(owner_client, club, long_plan):
    calm = AthleteFactory(club=club, name="Aaron Calm")
    make_plan(calm, weeks=1, start=monday())
    sore = AthleteFactory(club=club, name="Beth Sore")
    sore_plan = make_plan(sore, weeks=3, start=monday() - timedelta(weeks=2))
    report(past_sessions(sore_plan), 8)
    amara = long_plan.athlete
    pe = past_sessions(long_plan)[-1].exercises.first()
    PainFlag.objects.create(athlete=amara, planned_exercise=pe, exercise=pe.exercise)
    PlannedSession.objects.filter(plan__in=[long_plan, sore_plan], date__lt=monday()).update(
        logged_at=timezone.now()
    )
    names = [row.athlete.name for row in club_statuses(club)]
    assert names == ["Amara Okafor", "Beth Sore", "Aaron Calm"]


def test_within_a_level_of_attention_the_most_pressing_come_first(owner_client, club):
    """Sore athletes from the worst report down, not by name: 9/10 before 7/10 before two
    reports in a row at 5+; then those who missed more sessions before those who missed
    fewer."""
    athletes = {}
    for name, reports in (("Ann Twice", (5, 6)), ("Bea Seven", (7,)), ("Cal Nine", (9,))):
        athlete = AthleteFactory(club=club, name=name)
        plan = make_plan(athlete, weeks=3, start=monday() - timedelta(weeks=2))
        # Every session before today done, this week's too: none of them missed.
        PlannedSession.objects.filter(plan=plan, date__lt=timezone.localdate()).update(
            logged_at=timezone.now()
        )
        report(past_sessions(plan), *reports)
        athletes[name] = athlete
    for name, missed in (("Dee Once", 1), ("Eve Thrice", 3)):
        plan = make_plan(
            AthleteFactory(club=club, name=name), weeks=3, start=monday() - timedelta(weeks=2)
        )
        past = past_sessions(plan)
        PlannedSession.objects.filter(pk__in=[s.pk for s in past[missed:]]).update(
            logged_at=timezone.now()
        )
        # This week's sessions before today are done, whatever weekday the test runs on.
        PlannedSession.objects.filter(
            plan=plan, date__gte=monday(), date__lt=timezone.localdate()
        ).update(logged_at=timezone.now())
        PlannedSession.objects.filter(plan=plan).update(
            created_at=timezone.now() - timedelta(weeks=3)
        )

    rows = club_statuses(club)

    assert [(row.athlete.name, row.missed) for row in rows if row.missed] == [
        ("Eve Thrice", 3),
        ("Dee Once", 1),
    ]
    assert [row.athlete.name for row in rows] == [
        "Cal Nine",
        "Bea Seven",
        "Ann Twice",
        "Eve Thrice",
        "Dee Once",
    ]
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert body.index("Cal Nine") < body.index("Bea Seven") < body.index("Ann Twice")


def test_clearing_a_pain_flag(owner_client, owner, athlete, long_plan):
    pe = past_sessions(long_plan)[-1].exercises.first()
    flag = PainFlag.objects.create(athlete=athlete, planned_exercise=pe, exercise=pe.exercise)
    response = owner_client.post(reverse("dashboard_pain_clear", args=[flag.pk]))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_at is not None and flag.cleared_by == owner
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert ">L9</abbr>" not in row


def test_clearing_needs_post(owner_client, athlete, long_plan):
    pe = past_sessions(long_plan)[-1].exercises.first()
    flag = PainFlag.objects.create(athlete=athlete, planned_exercise=pe, exercise=pe.exercise)
    assert owner_client.get(reverse("dashboard_pain_clear", args=[flag.pk])).status_code == 405


def test_stranger_cannot_clear_a_pain_flag(stranger_client, athlete, long_plan):
    pe = past_sessions(long_plan)[-1].exercises.first()
    flag = PainFlag.objects.create(athlete=athlete, planned_exercise=pe, exercise=pe.exercise)
    assert stranger_client.post(reverse("dashboard_pain_clear", args=[flag.pk])).status_code == 404
    flag.refresh_from_db()
    assert flag.cleared_at is None


def test_stranger_sees_only_their_own_club(stranger_client, athlete, long_plan):
    body = stranger_client.get(reverse("dashboard")).content.decode()
    assert "Amara Okafor" not in body


def test_dashboard_needs_a_coach(client, db):
    assert client.get(reverse("dashboard")).status_code == 302


def make_club_plans(club, count: int) -> None:
    """Many athletes with a three-week plan each, written in bulk."""
    athletes = Athlete.objects.bulk_create(
        [AthleteFactory.build(club=club, name=f"Runner {i:03d}") for i in range(count)]
    )
    template, _ = ProgramTemplate.objects.get_or_create(club=None, name="Test programme")
    start = monday() - timedelta(weeks=2)
    assignments = Assignment.objects.bulk_create(
        [Assignment(athlete=a, template=template, start_date=start) for a in athletes]
    )
    phases = [
        {
            "phase": "build",
            "start": start.isoformat(),
            "end": (start + timedelta(days=20)).isoformat(),
            "sessions_per_week": 2,
        }
    ]
    plans = Plan.objects.bulk_create(
        [
            Plan(
                athlete=a.athlete,
                assignment=a,
                start_date=start,
                units="kg",
                phases=phases,
                warnings=[{"rule": "W5", "date": None, "message": "Sessions too close"}],
                generated_at=timezone.now(),
            )
            for a in assignments
        ]
    )
    sessions = [
        PlannedSession(
            plan=plan,
            date=start + timedelta(days=day),
            time="pm",
            week=day // 7 + 1,
            phase="build",
            kind="lifting",
            label="A",
            soreness=(i + day) % 10 if day < 14 else None,
        )
        for i, plan in enumerate(plans)
        for day in (0, 3, 7, 10, 14, 17)
    ]
    PlannedSession.objects.bulk_create(sessions)
    squat = shipped("back-squat")
    PainFlag.objects.bulk_create(
        [PainFlag(athlete=a, exercise=squat, note="sore knee") for a in athletes[::10]]
    )


def test_dashboard_queries_stay_constant_for_a_200_athlete_club(
    owner_client, club, django_assert_max_num_queries
):
    # One more on a day one of the sessions falls on: its sets are counted (L9 may have
    # left it empty), in one query for them all.
    make_club_plans(club, 2)
    with django_assert_max_num_queries(8):
        small = owner_client.get(reverse("dashboard"))
    make_club_plans(club, 198)
    with django_assert_max_num_queries(8):
        large = owner_client.get(reverse("dashboard"))
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('id="athlete-') == 50  # a page of them


def test_dashboard_queries_stay_constant_with_warnings_about_lifts_held_for_pain(
    owner_client, club
):
    """Every athlete in pain with a warning about the lift held out: the warnings of them
    all are sorted in one query, however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (2, 8):
        while Athlete.objects.filter(club=club).count() < total:
            athlete = AthleteFactory(club=club)
            plan = make_plan(athlete, weeks=2, start=monday())
            held = plan.sessions.filter(week=2).first().exercises.order_by("order").first()
            message = f"{held.exercise.name}: 6 sets; plan 3-4"
            day = held.session.date.isoformat()
            Plan.objects.filter(pk=plan.pk).update(
                warnings=[{"rule": "S1", "date": day, "message": message}]
            )
            PainFlag.objects.create(athlete=athlete, planned_exercise=held, exercise=held.exercise)
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(reverse("dashboard"))
        counts.append(len(queries))
        assert response.status_code == 200
        assert "6 sets; plan 3-4" not in response.content.decode()  # held out, not counted
    assert counts[0] == counts[1] <= 9


def test_soreness_logged_on_a_session_ahead_of_its_day_is_flagged(owner_client, athlete):
    plan = make_plan(athlete, weeks=2, start=monday() + timedelta(weeks=1))
    ahead = plan.sessions.order_by("date").first()
    assert ahead.date > timezone.localdate()
    report([ahead], 8)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 8/10" in row
    assert "8/10</span>" in row  # last soreness column


def test_soreness_at_five_logged_ahead_of_a_plan_not_yet_started_is_expected(owner_client, athlete):
    Athlete.objects.filter(pk=athlete.pk).update(experience="novice")
    plan = make_plan(athlete, weeks=2, start=monday() + timedelta(weeks=1))
    report(list(plan.sessions.order_by("date")[:2]), 5, 6)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness" not in row  # the first weeks of lifting
    assert "6/10</span>" in row


def test_a_club_without_athletes_is_not_called_on_track(owner_client):
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert "no athletes yet" in body
    assert "everyone is on track" not in body


def test_sessions_put_in_the_plan_after_their_day_are_not_missed(owner_client, athlete):
    """A plan assigned from a Monday already past has sessions on days before it was made:
    the athlete never had them to do."""
    from programs.services import default_program
    from schedules import services

    start = monday() - timedelta(weeks=1)
    services.assign_program(
        athletes=[athlete], template=default_program(), start_date=start, user=None
    )
    run_queued_jobs()
    past = PlannedSession.objects.filter(plan__athlete=athlete, date__lt=timezone.localdate())
    assert past.count() >= 2
    assert "missed" not in row_for(owner_client.get(reverse("dashboard")), athlete)
    # The same sessions, had they been in the plan on their days, were missed.
    before = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    past.update(created_at=before)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"{past.count()} missed sessions in 4 weeks" in row


def seen_url(session):
    return reverse("dashboard_soreness_seen", args=[session.pk])


def sore_athlete_needing_a_look_only_for_soreness(long_plan, *values):
    """Every past session logged (none missed), the last ones with these soreness reports."""
    long_plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    sessions = past_sessions(long_plan)
    report(sessions, *values)
    return sessions


def test_a_coach_marks_a_soreness_report_seen_and_it_stays_shown_without_asking_again(
    owner_client, athlete, long_plan
):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 8)
    page = owner_client.get(reverse("dashboard")).content.decode()
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "<strong>1</strong> athlete needs a look" in page
    assert f'action="{seen_url(sessions[-1])}"' in row and 'name="value" value="8"' in row

    response = owner_client.post(seen_url(sessions[-1]), {"value": "8"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('dashboard')}#athlete-{athlete.pk}"
    page = owner_client.get(reverse("dashboard")).content.decode()
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 8/10" in row and "dash-flag-seen" in row
    assert f"Seen by owner {timezone.localdate():%-d %b}" in row
    assert f'action="{seen_url(sessions[-1])}"' not in row
    assert "dash-attn" not in page and "everyone is on track" in page
    [status] = club_statuses(athlete.club)
    assert status.attention == 0 and status.soreness == "Soreness 8/10"


def test_a_new_report_or_a_changed_one_asks_for_a_look_again(owner_client, athlete, long_plan):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 2, 7)
    assert owner_client.post(seen_url(sessions[-1]), {"value": "7"}).status_code == 302
    assert club_statuses(athlete.club)[0].attention == 0

    report(sessions, 2, 9)  # the same report, changed after the coach looked
    [status] = club_statuses(athlete.club)
    assert status.attention == 4 and status.soreness_seen_at is None

    assert owner_client.post(seen_url(sessions[-1]), {"value": "9"}).status_code == 302
    # A report on a later session: a new one to look at.
    later = long_plan.sessions.filter(date__gte=monday()).order_by("date").first()
    PlannedSession.objects.filter(pk=later.pk).update(soreness=7, logged_at=timezone.now())
    [status] = club_statuses(athlete.club)
    assert status.attention == 4 and status.soreness_report == later.pk
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f'action="{seen_url(later)}"' in row


def test_marking_a_report_that_is_no_longer_the_latest_as_shown_is_refused(
    owner_client, athlete, long_plan
):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 8, 7)

    stale_session = owner_client.post(seen_url(sessions[-2]), {"value": "8"})
    stale_value = owner_client.post(seen_url(sessions[-1]), {"value": "6"})

    for response in (stale_session, stale_value):
        assert response.status_code == 409
        body = response.content.decode()
        assert f"Not marked seen: {athlete.name} has reported soreness since" in body
        assert f'action="{seen_url(sessions[-1])}"' in body  # the dashboard as it is now
    assert not PlannedSession.objects.exclude(soreness_seen=None).exists()


@pytest.mark.parametrize(
    ("value", "before"),
    [
        *(("", ""), ("seven", ""), ("-1", ""), ("11", ""), ("٣", ""), ("7.0", "")),
        ("0" * 4300 + "7", ""),  # longer than Python reads as a number
        ("7", "five"),
        ("7", "99"),
    ],
)
def test_a_mark_without_the_soreness_it_showed_is_refused(
    owner_client, athlete, long_plan, value, before
):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 7)

    response = owner_client.post(seen_url(sessions[-1]), {"value": value, "before": before})

    assert response.status_code == 400
    assert "Not marked seen: the form came without the soreness it showed." in (
        response.content.decode()
    )
    assert not PlannedSession.objects.exclude(soreness_seen=None).exists()


def test_the_mark_does_not_refuse_the_athlete_saving_that_session(owner_client, athlete, long_plan):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 7)
    session = PlannedSession.objects.get(pk=sessions[-1].pk)
    owner_client.post(seen_url(session), {"value": "7"})

    saved = logbook.session_log_save(
        session=session, version=session.version, rpe=6, soreness=7, note="Fine now"
    )

    assert saved.athlete_note == "Fine now"
    assert club_statuses(athlete.club)[0].attention == 0  # still the report the coach saw


def test_a_coach_of_another_club_cannot_mark_it(stranger_client, athlete, long_plan):
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 7)

    assert stranger_client.post(seen_url(sessions[-1]), {"value": "7"}).status_code == 404
    assert stranger_client.get(seen_url(sessions[-1])).status_code in (404, 405)
    assert not PlannedSession.objects.exclude(soreness_seen=None).exists()


def test_a_flag_of_two_reports_in_a_row_is_marked_seen_as_both_were_shown(owner_client, athlete):
    plan = make_plan(athlete, weeks=7, start=monday() - timedelta(weeks=6))  # week 7 of lifting
    plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    sessions = past_sessions(plan)
    report(sessions, 5, 6)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert 'name="value" value="6"' in row and 'name="before" value="5"' in row

    response = owner_client.post(seen_url(sessions[-1]), {"value": "6", "before": "5"})

    assert response.status_code == 302
    assert club_statuses(athlete.club)[0].attention == 0
    report(sessions, 9, 6)  # the earlier of the two changed after the coach looked
    [status] = club_statuses(athlete.club)
    assert status.soreness == "Soreness 9 then 6/10" and status.attention == 4


def test_a_mark_from_a_page_whose_two_report_flag_has_changed_is_refused(owner_client, athlete):
    plan = make_plan(athlete, weeks=7, start=monday() - timedelta(weeks=6))  # week 7 of lifting
    sessions = past_sessions(plan)
    report(sessions, 5, 6)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Soreness 5 then 6/10" in row and f'action="{seen_url(sessions[-1])}"' in row

    report(sessions, 9, 6)  # the athlete changes the earlier report of the flag meanwhile
    assert "Soreness 9 then 6/10" in row_for(owner_client.get(reverse("dashboard")), athlete)
    response = owner_client.post(seen_url(sessions[-1]), {"value": "6", "before": "5"})

    assert response.status_code == 409
    assert not PlannedSession.objects.exclude(soreness_seen=None).exists()
    [status] = club_statuses(athlete.club)
    assert status.soreness and status.soreness_seen_at is None


def test_a_report_added_while_the_mark_is_being_written_is_not_marked_over(
    owner_client, athlete, long_plan, monkeypatch
):
    """The athlete's save of a later session lands between the check and the write."""
    sessions = sore_athlete_needing_a_look_only_for_soreness(long_plan, 7)
    later = long_plan.sessions.filter(date__gte=monday()).order_by("date").first()
    checked = logbook.latest_soreness_reports

    def check_then_athlete_reports(*args, **kwargs):
        latest = checked(*args, **kwargs)
        PlannedSession.objects.filter(pk=later.pk).update(soreness=8, logged_at=timezone.now())
        return latest

    monkeypatch.setattr(logbook, "latest_soreness_reports", check_then_athlete_reports)

    response = owner_client.post(seen_url(sessions[-1]), {"value": "7"})

    assert response.status_code == 409
    assert not PlannedSession.objects.exclude(soreness_seen=None).exists()


def _tick(session, *, every=True):
    """Log the session with every set ticked, or with only the first set of its first lift."""
    exercises = list(session.exercises.order_by("order"))
    for pe in exercises if every else exercises[:1]:
        for number in range(1, (pe.sets if every else 1) + 1):
            SetLog.objects.create(planned_exercise=pe, set_number=number, done=True)
    PlannedSession.objects.filter(pk=session.pk).update(logged_at=timezone.now())


def test_a_session_stopped_part_way_counts_as_done_and_is_said_to_be_in_part(owner_client, athlete):
    plan = make_plan(athlete, weeks=1, start=monday())
    first, second = plan.sessions.order_by("date")
    _tick(first, every=False)
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_planned, status.week_part) == (1, 2, 1)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "<strong>1</strong> / 2 done" in row
    assert "1 only partly done" in row

    _tick(second)  # every set ticked: done in full
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_part) == (2, 1)
    SetLog.objects.filter(planned_exercise__session=first).delete()  # effort logged, no ticks
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_part) == (2, 0)
    assert "partly done" not in row_for(owner_client.get(reverse("dashboard")), athlete)


def test_an_exercise_left_out_after_pain_is_not_missing_from_a_session_done_in_full(athlete):
    plan = make_plan(athlete, weeks=1, start=monday())
    session = plan.sessions.order_by("date").last()
    held = session.exercises.order_by("order").last()
    PainFlag.objects.create(athlete=athlete, exercise=held.exercise, note="")
    PainFlag.objects.update(created_at=timezone.now() - timedelta(weeks=1))
    for pe in session.exercises.exclude(pk=held.pk):
        for number in range(1, pe.sets + 1):
            SetLog.objects.create(planned_exercise=pe, set_number=number, done=True)
    PlannedSession.objects.filter(pk=session.pk).update(logged_at=timezone.now())
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_part) == (1, 0)
    # Cleared after the session's day: the session was held without it, and stays so.
    cleared = timezone.make_aware(datetime.combine(session.date + timedelta(days=1), time(9)))
    PainFlag.objects.update(cleared_at=cleared)
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_part, status.pain) == (1, 0, [])
    # Cleared before it (last week): the lift was back in the session, and not done.
    PainFlag.objects.update(cleared_at=timezone.now() - timedelta(days=8))
    [status] = club_statuses(athlete.club)
    assert (status.week_done, status.week_part) == (1, 1)


def _log(athlete, session, **data):
    """The athlete saving a session's log through their link, as the phone sends it."""
    token = AthleteLink.issue(athlete=athlete)[1]
    session.refresh_from_db()
    response = Client().post(
        f"/w/{token}/sessions/{session.pk}/log/",
        {"version": session.version, **data},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content[:300]


def test_soreness_filed_late_for_an_earlier_session_is_the_latest_report(
    owner_client, athlete, long_plan
):
    """L8: a 7+ reported now for Tuesday's session flags, although Friday's was reported
    (low) before it: reports count in the order they were made, not by session day."""
    long_plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    earlier, later = past_sessions(long_plan)[-2:]
    _log(athlete, later, soreness="2")
    _log(athlete, earlier, soreness="8")

    [status] = club_statuses(athlete.club)
    assert (status.soreness, status.last_soreness) == ("Soreness 8/10", 8)
    assert status.soreness_report == earlier.pk
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f'action="{seen_url(earlier)}"' in row
    # The coach can mark it seen: it is the latest report.
    assert owner_client.post(seen_url(earlier), {"value": "8"}).status_code == 302
    assert club_statuses(athlete.club)[0].attention == 0


def test_a_late_low_report_settles_a_high_one_and_a_note_alone_makes_no_new_report(
    athlete, long_plan
):
    long_plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    earlier, later = past_sessions(long_plan)[-2:]
    _log(athlete, later, soreness="8")
    _log(athlete, earlier, soreness="3")
    assert club_statuses(athlete.club)[0].soreness == ""
    # Adding a note to the session with the 8 keeps its report where it was.
    _log(athlete, later, soreness="8", note="Fine again by the weekend")
    assert club_statuses(athlete.club)[0].soreness == ""
    # Changing that report makes it the latest again.
    _log(athlete, later, soreness="9", note="Fine again by the weekend")
    assert club_statuses(athlete.club)[0].soreness == "Soreness 9/10"


def test_two_reports_in_a_row_at_five_are_the_last_two_made(athlete):
    plan = make_plan(athlete, weeks=7, start=monday() - timedelta(weeks=6))  # past settling
    plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    first, second, third = past_sessions(plan)[-3:]
    _log(athlete, third, soreness="6")
    _log(athlete, first, soreness="5")
    assert club_statuses(athlete.club)[0].soreness == "Soreness 6 then 5/10"
    _log(athlete, second, soreness="1")
    assert club_statuses(athlete.club)[0].soreness == ""


def shown(response) -> list[str]:
    """The athletes' names the dashboard lists, in order."""
    body = response.content.decode()
    return [
        part.split('class="strong tap-line"', 1)[1].split(">", 1)[1].split("</a>", 1)[0]
        for part in body.split('id="athlete-')[1:]
    ]


@pytest.fixture
def two_squads(club, long_plan):
    """Amara (pain, track squad), Beth (sore, road squad), Cal (on track, road squad) and
    Dee (no squad, on track)."""
    track, road = SquadFactory(club=club, name="Track"), SquadFactory(club=club, name="Road")
    amara = long_plan.athlete
    Athlete.objects.filter(pk=amara.pk).update(squad=track)
    pe = past_sessions(long_plan)[-1].exercises.first()
    PainFlag.objects.create(athlete=amara, planned_exercise=pe, exercise=pe.exercise)
    beth = AthleteFactory(club=club, name="Beth Sore", squad=road)
    beth_plan = make_plan(beth, weeks=3, start=monday() - timedelta(weeks=2))
    report(past_sessions(beth_plan), 8)
    for name, squad in (("Cal Calm", road), ("Dee Free", None)):
        make_plan(AthleteFactory(club=club, name=name, squad=squad), weeks=1, start=monday())
    PlannedSession.objects.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    return track, road


def test_the_dashboard_shows_one_squad_or_those_in_none(owner_client, two_squads):
    track, road = two_squads
    everyone = owner_client.get(reverse("dashboard"))
    assert shown(everyone) == ["Amara Okafor", "Beth Sore", "Cal Calm", "Dee Free"]
    page = everyone.content.decode()
    assert f'<option value="{road.pk}">Road</option>' in page
    assert '<option value="none">In no squad</option>' in page

    road_page = owner_client.get(reverse("dashboard"), {"squad": road.pk})
    assert shown(road_page) == ["Beth Sore", "Cal Calm"]
    body = road_page.content.decode()
    assert "Road: <strong>1</strong> athlete needs a look" in body
    assert f'<option value="{road.pk}" selected>Road</option>' in body
    assert shown(owner_client.get(reverse("dashboard"), {"squad": "none"})) == ["Dee Free"]
    # A squad of another club, none at all, or nonsense: the whole club.
    for unknown in ("999999", str(SquadFactory().pk), "9" * 40):
        response = owner_client.get(reverse("dashboard"), {"squad": unknown})
        assert len(shown(response)) == 4
        assert "athletes in no squad" not in response.content.decode()


def test_the_dashboard_shows_only_those_who_need_a_look(owner_client, two_squads):
    track, road = two_squads
    response = owner_client.get(reverse("dashboard"), {"show": "attention"})
    assert shown(response) == ["Amara Okafor", "Beth Sore"]
    assert "· 4 in all" in response.content.decode()
    calm = owner_client.get(reverse("dashboard"), {"show": "attention", "squad": "none"})
    assert shown(calm) == []
    assert "No one here needs a look." in calm.content.decode()


def test_marking_seen_and_clearing_keep_the_filters(owner_client, two_squads, club):
    track, road = two_squads
    beth = Athlete.objects.get(name="Beth Sore")
    page = owner_client.get(reverse("dashboard"), {"show": "attention", "squad": road.pk})
    row = row_for(page, beth)
    assert f'<input type="hidden" name="squad" value="{road.pk}">' in row
    assert '<input type="hidden" name="show" value="attention">' in row
    sore = PlannedSession.objects.filter(plan__athlete=beth, soreness=8).get()
    response = owner_client.post(
        reverse("dashboard_soreness_seen", args=[sore.pk]),
        {"value": "8", "squad": road.pk, "show": "attention"},
    )
    assert response["Location"] == f"{reverse('dashboard')}?squad={road.pk}&show=attention"

    flag = PainFlag.objects.get()
    response = owner_client.post(
        reverse("dashboard_pain_clear", args=[flag.pk]), {"squad": track.pk}
    )
    # Back to the athlete's row, as after "Mark seen"; from the list of those who need a
    # look, which the athlete may now leave, back to its top.
    athlete_row = f"#athlete-{flag.athlete_id}"
    assert response["Location"] == f"{reverse('dashboard')}?squad={track.pk}{athlete_row}"
    PainFlag.objects.filter(pk=flag.pk).update(cleared_at=None)
    response = owner_client.post(
        reverse("dashboard_pain_clear", args=[flag.pk]), {"squad": track.pk, "show": "attention"}
    )
    assert response["Location"] == f"{reverse('dashboard')}?squad={track.pk}&show=attention"


def test_a_filtered_dashboard_costs_no_query_more(owner_client, two_squads):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    track, road = two_squads
    counts = []
    for params in ({}, {"squad": road.pk, "show": "attention"}):
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(reverse("dashboard"), params)
        counts.append(len(queries))
    assert shown(response) == ["Beth Sore"]
    # Fewer when the squad's athletes have no session whose sets need counting today.
    assert counts[1] <= counts[0] <= 8


def test_a_plan_that_ended_in_an_earlier_year_is_dated_with_its_year(owner_client, athlete):
    plan = make_plan(athlete, weeks=2, start=monday() - timedelta(weeks=60))
    end = date.fromisoformat(max(block["end"] for block in plan.phases))
    assert end.year < timezone.localdate().year
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"The plan ended on {end:%-d %b} {end.year}:" in row


def test_a_plan_that_has_ended_asks_for_the_next_block(owner_client, athlete):
    plan = make_plan(athlete, weeks=2, start=monday() - timedelta(weeks=3))
    PlannedSession.objects.filter(plan=plan).update(logged_at=timezone.now())
    end = date.fromisoformat(max(block["end"] for block in plan.phases))
    assert end < timezone.localdate()
    [status] = club_statuses(athlete.club)
    assert status.ended == end and status.attention
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    shown = f"{end:%-d %b}" + (f" {end.year}" if end.year != timezone.localdate().year else "")
    assert f"The plan ended on {shown}: nothing to lift until the next block." in row
    assert (
        f'href="{reverse("assign_athlete", args=[athlete.pk])}" aria-label="Assign the next block'
        in row
    )
    assert "On track" not in row


def test_a_plan_ended_weeks_ago_is_said_without_asking_for_a_look(owner_client, athlete):
    """After four weeks the athlete may be resting, injured or gone: the row still says the
    plan ended, but no longer puts the athlete among those who need a look."""
    plan = make_plan(athlete, weeks=2, start=monday() - timedelta(weeks=8))
    PlannedSession.objects.filter(plan=plan).update(logged_at=timezone.now())
    [status] = club_statuses(athlete.club)
    assert status.ended and not status.ended_lately and not status.attention
    page = owner_client.get(reverse("dashboard"))
    row = row_for(page, athlete)
    assert "The plan ended on" in row and "On track" not in row
    assert f'<tr class="" id="athlete-{athlete.pk}">' in page.content.decode()


def test_a_plan_still_running_has_not_ended(owner_client, athlete, long_plan):
    [status] = club_statuses(athlete.club)
    assert status.ended is None
    assert "The plan ended" not in row_for(owner_client.get(reverse("dashboard")), athlete)


def test_an_athlete_without_a_plan_links_to_their_plan_page_to_assign_one(owner_client, athlete):
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    plan_url = reverse("athlete_plan", args=[athlete.pk])
    assert f'href="{plan_url}">No plan yet</a>' in row
    page = owner_client.get(plan_url).content.decode()
    assert reverse("assign_athlete", args=[athlete.pk]) in page


def test_athletes_without_a_plan_are_not_called_on_track(owner_client, athlete, club):
    """A new club's first athletes, no programme assigned yet: nothing is on track yet."""
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert "everyone is on track" not in body
    assert "no plans yet; assign a programme on an athlete's page or in Squads" in body

    make_plan(
        AthleteFactory(club=club, name="Planned Pat"), weeks=3, start=monday() + timedelta(weeks=1)
    )
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert "everyone with a plan is on track · 1 without a plan yet" in body


def test_an_empty_club_is_offered_the_roster_import_as_well(owner_client):
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{reverse("athlete_create")}">Add your first athlete</a>' in body
    assert f'<a href="{reverse("roster_import")}">import a roster from a CSV file</a>' in body


def test_sessions_dated_while_the_athlete_was_archived_are_not_missed_once_restored(
    owner_client, athlete, long_plan
):
    """The days between an archive and its restore are remembered: the athlete had left the
    club, so the sessions then were not theirs to do; those before it were missed."""
    past = list(long_plan.sessions.filter(date__lt=timezone.localdate()).order_by("date"))
    assert len(past) >= 3
    left_on = past[1].date
    archived_at = timezone.make_aware(datetime.combine(left_on, time(9)))
    Athlete.objects.filter(pk=athlete.pk).update(archived_at=archived_at)
    before = club_statuses(athlete.club)
    assert before == []  # archived: off the dashboard

    assert owner_client.post(reverse("athlete_restore", args=[athlete.pk])).status_code == 302

    athlete.refresh_from_db()
    period = {"from": left_on.isoformat(), "until": timezone.localdate().isoformat()}
    assert athlete.archived_periods == [period]
    [status] = club_statuses(athlete.club)
    assert status.missed == 1  # the one session before the archive
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "1 missed session in 4 weeks" in row
    # Nor do they count as planned work in the phase: only the sessions they had to do.
    away = [s for s in past if s.date >= left_on]
    assert status.phase_planned == long_plan.sessions.count() - len(away)


def test_pain_report_dates_give_the_year_only_when_it_is_not_this_year(
    owner_client, athlete, long_plan
):
    """The dashboard and the progress page date a report alike: the year when it matters."""
    from django.utils import timezone

    pe = past_sessions(long_plan)[-1].exercises.get(exercise__slug="romanian-deadlift")
    now = timezone.localtime()
    last_year = now.replace(year=now.year - 1, month=12, day=20, hour=12)
    flag = PainFlag.objects.create(
        athlete=athlete, planned_exercise=pe, exercise=pe.exercise, note="knee"
    )
    PainFlag.objects.filter(pk=flag.pk).update(created_at=last_year)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"reported 20 Dec {now.year - 1}." in row
    progress = owner_client.get(reverse("athlete_progress", args=[athlete.pk])).content.decode()
    assert f"reported {last_year:%a} 20 Dec {now.year - 1}" in progress

    PainFlag.objects.filter(pk=flag.pk).update(created_at=now)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f"reported {now:%-d %b}." in row and str(now.year) not in row.split("reported")[1][:20]
    progress = owner_client.get(reverse("athlete_progress", args=[athlete.pk])).content.decode()
    assert (
        f"reported {now:%a %-d %b}" in progress and f"reported {now:%a %-d %b %Y}" not in progress
    )


def test_each_rows_links_are_named_for_its_athlete(owner_client, athlete, long_plan):
    """A row an athlete, each with the same links: a screen reader's list of links read
    "Progress and log" thirteen times. Each is named for its athlete, starting with the
    words it shows."""
    Athlete.objects.filter(pk=athlete.pk).update(name="Zoë O'Neil")
    this = monday().isoformat()
    warning = {"rule": "W2", "date": this, "message": "Lifting after a quality session"}
    Plan.objects.filter(pk=long_plan.pk).update(warnings=[warning])
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    name = "Zoë O&#x27;Neil"
    progress = reverse("athlete_progress", args=[athlete.pk])
    plan = reverse("athlete_plan", args=[athlete.pk])
    assert f'href="{progress}" aria-label="Progress and log of {name}">Progress and log<' in row
    assert f'href="{plan}#warnings" aria-label="See the plan of {name}">See the plan<' in row
    four = [{**warning, "rule": rule} for rule in ("P9", "S8", "W2", "L4")]
    Plan.objects.filter(pk=long_plan.pk).update(warnings=four)
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert f'aria-label="1 more on the plan of {name}">1 more on the plan<' in row


def test_a_week_with_nothing_planned_says_so_not_nought_of_nought(owner_client, athlete):
    """A plan that ended before this week (a race gone by) has nothing to count this week:
    the row says so, as it does for a plan still to start, not "0 / 0 done"."""
    make_plan(athlete, weeks=2, start=monday() - timedelta(weeks=3))
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "The plan ended on" in row
    assert "/ 0 done" not in row
    assert '<td data-label="This week"><span class="muted">Nothing planned</span></td>' in row


def test_a_week_pain_left_with_nothing_to_lift_says_so_not_nothing_planned(owner_client, athlete):
    """Pain reports that took every lift out of this week's sessions (L9) leave nothing to
    count, but the plan did have work: the row says pain held it back, so the coach does
    not read it as a week the plan left empty."""
    plan = make_plan(athlete, weeks=2)
    week = plan.sessions.filter(date__lt=plan.start_date + timedelta(weeks=1)).order_by("date")
    first = week.first()
    for session in week:
        _flag_every_lift(session)
    PainFlag.objects.update(
        created_at=timezone.make_aware(datetime.combine(first.date - timedelta(days=1), time(18)))
    )
    [status] = club_statuses(athlete.club)
    assert (status.week_planned, status.week_held) == (0, week.count())
    row = row_for(owner_client.get(reverse("dashboard")), athlete)
    assert "Nothing planned" not in row
    cell = re.search(r'<td data-label="This week">(.*?)</td>', row, re.S).group(1)
    assert f"{week.count()} sessions held back by pain" in cell
