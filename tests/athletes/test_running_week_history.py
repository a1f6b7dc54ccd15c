"""A running week that changes is kept for the weeks before the change: past weeks show the
runs they were planned around, on the coach's plan page and the athlete's week."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import AthleteLink, PastRunningWeek, RunningWeeks
from schedules.athlete_week import athlete_week
from tests.athletes.test_forms import week_data, week_post
from tests.factories import busy_running_week
from tests.plan_factories import make_plan

# The default week runs quality on Tuesday and Thursday afternoons; the new one moves the
# Tuesday session to a Wednesday morning.
NEW_WEEK = week_data(
    mon="easy am", wed="quality am", thu="quality pm", sat="easy am", sun="long am"
)


def this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def change_week(client, athlete, data=NEW_WEEK):
    response = client.post(
        reverse("running_week_edit", args=[athlete.pk]), week_post(athlete, data)
    )
    assert response.status_code == 302
    athlete.refresh_from_db()


def test_a_changed_running_week_keeps_the_old_one_for_the_weeks_before(owner_client, athlete):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    change_week(owner_client, athlete)
    [past] = PastRunningWeek.objects.filter(athlete=athlete)
    assert past.ends == this_monday()
    assert past.running_week == busy_running_week()
    assert athlete.running_week["wed"] == {"run": "quality", "time": "am"}


def test_a_second_change_the_same_week_keeps_what_the_earlier_weeks_held(owner_client, athlete):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    change_week(owner_client, athlete)
    change_week(owner_client, athlete, week_data(sun="long am"))
    [past] = PastRunningWeek.objects.filter(athlete=athlete)
    assert past.running_week == busy_running_week()
    assert athlete.running_week["wed"] == {"run": "rest"}


def test_a_running_week_changed_before_any_week_was_planned_around_it_keeps_nothing(
    owner_client, athlete
):
    """A new athlete's week set right after creating them (or one whose plan starts this
    week): no week gone by was planned around the old runs, so a plan started in the past
    later shows its own runs there, the new ones it was placed around."""
    make_plan(athlete, weeks=2)  # from this Monday
    change_week(owner_client, athlete)
    assert not PastRunningWeek.objects.filter(athlete=athlete).exists()


def test_saving_the_same_running_week_keeps_nothing(owner_client, athlete):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    change_week(
        owner_client,
        athlete,
        week_data(
            **{d: f"{e['run']} {e.get('time', '')}".strip() for d, e in busy_running_week().items()}
        ),
    )
    assert not PastRunningWeek.objects.filter(athlete=athlete).exists()


def test_running_weeks_picks_the_week_in_force_on_each_day():
    monday = this_monday()
    first, second = {"mon": {"run": "easy", "time": "am"}}, {"mon": {"run": "rest"}}
    now = {"mon": {"run": "long", "time": "pm"}}
    runs = RunningWeeks(now, [(monday, second), (monday - timedelta(weeks=3), first)])
    assert runs.day(monday - timedelta(weeks=4)) == {"run": "easy", "time": "am"}
    assert runs.day(monday - timedelta(weeks=3)) == {"run": "rest", "time": None}
    assert runs.day(monday - timedelta(days=1)) == {"run": "rest", "time": None}
    assert runs.day(monday) == {"run": "long", "time": "pm"}


def test_the_athletes_past_week_shows_the_runs_it_was_planned_around(client, owner_client, athlete):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    change_week(owner_client, athlete)
    token = AthleteLink.issue(athlete=athlete)[1]
    last = (this_monday() - timedelta(weeks=1)).isoformat()
    client.logout()
    past = client.get(f"/w/{token}/?week={last}").content.decode()
    now = client.get(f"/w/{token}/").content.decode()
    assert "Quality run · PM" in past and "Quality run · AM" not in past
    assert past.count("Quality run · PM") == now.count("Quality run · PM") + 1
    assert "Quality run · AM" in now


def test_this_weeks_page_asks_nothing_more_for_past_runs(athlete):
    make_plan(athlete, weeks=2)
    PastRunningWeek.objects.create(athlete=athlete, ends=this_monday(), running_week={})
    with CaptureQueriesContext(connection) as now:
        athlete_week(athlete, this_monday(), timezone.localdate())
    with CaptureQueriesContext(connection) as before:
        athlete_week(athlete, this_monday() - timedelta(weeks=1), timezone.localdate())
    assert not any("pastrunningweek" in q["sql"] for q in now.captured_queries)
    assert sum("pastrunningweek" in q["sql"] for q in before.captured_queries) == 1


def test_the_plan_page_shows_past_weeks_with_their_own_runs(owner_client, athlete):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    change_week(owner_client, athlete)
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    weeks = re.findall(r'class="cal-date"><span>(\w{3}) \d+.*?</span>(.*?)</div>', body)
    tuesdays = [run for day, run in weeks if day == "Tue"]
    wednesdays = [run for day, run in weeks if day == "Wed"]
    assert "quality pm" in tuesdays[0] and "quality" not in tuesdays[1]
    assert "easy am" in wednesdays[0] and "quality am" in wednesdays[1]


@pytest.mark.parametrize("changed", [False, True])
def test_the_plan_page_asks_one_query_for_past_runs_however_many(owner_client, athlete, changed):
    make_plan(athlete, weeks=3, start=this_monday() - timedelta(weeks=1))
    if changed:
        for weeks in (1, 2, 3):
            PastRunningWeek.objects.create(
                athlete=athlete, ends=this_monday() - timedelta(weeks=weeks), running_week={}
            )
    url = reverse("athlete_plan", args=[athlete.pk])
    with CaptureQueriesContext(connection) as seen:
        assert owner_client.get(url).status_code == 200
    assert sum("pastrunningweek" in q["sql"] for q in seen.captured_queries) == 1
