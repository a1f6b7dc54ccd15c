"""The start date the assign page suggests is one it accepts, whatever the day and the race;
where no start can work (a race today), the page says so instead of suggesting one."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from schedules.forms import AssignForm
from schedules.models import PlanJob
from tests.factories import AthleteFactory

MONDAY = date(2026, 3, 2)


@pytest.fixture
def today(monkeypatch):
    def set_today(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)
        return day

    return set_today


def suggested(client, athlete) -> str | None:
    page = client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    field = re.search(r'<input type="date" name="start_date"[^>]*>', page)
    if field is None:
        return None
    value = re.search(r'value="([^"]*)"', field[0])
    return value[1] if value else None


def accepted(club, athletes, program, start: date) -> bool:
    form = AssignForm(
        {"template": program.pk, "start_date": start.isoformat()}, club=club, athletes=athletes
    )
    form.is_valid()
    return "start_date" not in form.errors


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("race_in", [None, -1, 0, 1, 2, 3, 6, 7, 8, 13, 104 * 7 + 3])
def test_the_start_offered_is_one_the_form_accepts(club, program, today, weekday, race_in):
    day = today(MONDAY + timedelta(days=weekday))
    athlete = AthleteFactory(
        club=club, race_date=None if race_in is None else day + timedelta(days=race_in)
    )
    form = AssignForm(club=club, athletes=[athlete])
    offered = form["start_date"].value()
    mondays = [day - timedelta(days=day.weekday() + 7) + timedelta(weeks=n) for n in range(56)]
    if offered is None:
        assert not any(accepted(club, [athlete], program, m) for m in mondays)
    else:
        assert offered.weekday() == 0
        assert accepted(club, [athlete], program, offered)


@pytest.mark.parametrize("weekday", [0, 6])  # a race on a Monday, and on a Sunday
def test_a_race_today_is_said_plainly_and_no_start_is_offered(
    owner_client, club, program, today, weekday
):
    day = today(MONDAY + timedelta(days=weekday))
    athlete = AthleteFactory(club=club, name="Amara Okafor", race_date=day)
    response = owner_client.get(reverse("assign_athlete", args=[athlete.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert suggested(owner_client, athlete) is None
    assert "Amara Okafor races today" in body
    # Every Monday the picker offers is refused, the past one too: none leaves a day to train.
    for start in (day - timedelta(days=day.weekday()), day + timedelta(days=7 - day.weekday())):
        refused = owner_client.post(
            reverse("assign_athlete", args=[athlete.pk]),
            {"template": program.pk, "start_date": start.isoformat()},
        )
        assert refused.status_code == 400
        assert "Amara Okafor races today" in refused.content.decode()
    assert not PlanJob.objects.exists()


@pytest.mark.parametrize(
    ("weekday", "race_in"), [(0, 4), (1, 5), (6, 4), (2, 4), (0, None), (3, -2)]
)
def test_the_start_offered_is_assigned_as_offered(
    owner_client, club, program, today, weekday, race_in
):
    day = today(MONDAY + timedelta(days=weekday))
    race = None if race_in is None else day + timedelta(days=race_in)
    athlete = AthleteFactory(club=club, race_date=race)
    start = suggested(owner_client, athlete)
    assert start is not None
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]), {"template": program.pk, "start_date": start}
    )
    assert response.status_code == 302
    assert PlanJob.objects.get().assignment.start_date == date.fromisoformat(start)


def test_a_squad_with_someone_racing_today_is_told_who(owner_client, club, program, today):
    from tests.factories import SquadFactory

    day = today(MONDAY + timedelta(days=2))
    squad = SquadFactory(club=club, name="Track group")
    AthleteFactory(club=club, squad=squad, name="Bea Lund", race_date=day + timedelta(weeks=8))
    AthleteFactory(club=club, squad=squad, name="Cal Moss", race_date=day)
    body = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    assert "Cal Moss races today" in body
    assert 'name="start_date"' not in body
    assert Athlete.objects.count() == 2


def test_the_monday_asked_for_names_only_mondays_the_form_accepts(
    owner_client, club, program, today
):
    day = today(MONDAY + timedelta(days=1))  # Tuesday; the race on Saturday
    athlete = AthleteFactory(club=club, name="Amara Okafor", race_date=day + timedelta(days=4))
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": (day + timedelta(days=1)).isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 400
    # Next Monday is after the race: only this week's is named.
    assert "start on a Monday (Mon 2 Mar)." in body


@pytest.mark.parametrize(("weekday", "race_in"), [(0, 1), (1, 2), (4, 3), (6, 3)])
def test_a_race_within_three_days_is_said_plainly_and_no_start_is_offered(
    owner_client, club, program, today, weekday, race_in
):
    """No strength work in the 72 h before a race (DOMAIN W4): from today nothing is left to
    plan before it, and a plan of this week's past days alone would show the athlete nothing
    to do. The page says why, as for a race today, and offers no start."""
    day = today(MONDAY + timedelta(days=weekday))
    race = day + timedelta(days=race_in)
    athlete = AthleteFactory(club=club, name="Amara Okafor", race_date=race)
    response = owner_client.get(reverse("assign_athlete", args=[athlete.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert suggested(owner_client, athlete) is None
    days = "1 day" if race_in == 1 else f"{race_in} days"
    said = f"Amara Okafor races in {days} ({race:%a %-d %b}), so no plan can start now"
    assert said in body
    assert "72\u00a0h before a race (W4)" in body  # "72 h" kept on one line
    for start in (day - timedelta(days=day.weekday()), day + timedelta(days=7 - day.weekday())):
        refused = owner_client.post(
            reverse("assign_athlete", args=[athlete.pk]),
            {"template": program.pk, "start_date": start.isoformat()},
        )
        assert refused.status_code == 400
        assert said in refused.content.decode()
    assert not PlanJob.objects.exists()


def test_once_the_race_is_run_the_next_monday_is_offered(owner_client, club, program, today):
    """The day after the race, the athlete can be given an off-season block."""
    day = today(MONDAY + timedelta(days=3))
    athlete = AthleteFactory(club=club, race_date=day - timedelta(days=1))
    assert suggested(owner_client, athlete) == (MONDAY + timedelta(days=7)).isoformat()


@pytest.mark.parametrize("race_in", [0, 2])
def test_a_squad_with_someone_racing_within_days_is_told_how_to_plan_the_others(
    owner_client, club, program, today, race_in
):
    from tests.factories import SquadFactory

    day = today(MONDAY + timedelta(days=2))
    squad = SquadFactory(club=club, name="Track group")
    AthleteFactory(club=club, squad=squad, name="Bea Lund", race_date=day + timedelta(weeks=8))
    AthleteFactory(club=club, squad=squad, name="Cal Moss", race_date=day + timedelta(race_in))
    body = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    assert "Cal Moss races" in body
    assert "The others can be assigned on their own pages." in body
    assert 'name="start_date"' not in body
    # On their own, there is no one else to speak of.
    alone = AthleteFactory(club=club, race_date=day + timedelta(race_in))
    body = owner_client.get(reverse("assign_athlete", args=[alone.pk])).content.decode()
    assert "The others" not in body
