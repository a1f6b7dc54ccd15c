"""The dashboard of one squad: only its athletes are looked into, and the page says of them
what the whole club's page says (who needs a look, how many, each one's row), while the
filter still offers every squad of the club."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Squad
from schedules.logbook import club_athletes, club_statuses
from schedules.models import PainFlag, Plan, PlannedSession, RuleOverride, SetLog
from tests.athlete_pages.test_dashboard import make_club_plans, monday, row_for, shown
from tests.athlete_pages.test_dashboard_pages import in_pain, runners
from tests.factories import AthleteFactory, SquadFactory, shipped
from tests.plan_factories import make_plan

# What a row shows and what puts the athlete among those who need a look.
SHOWN = (
    *("has_plan", "phase", "week_done", "week_part", "week_planned", "phase_done"),
    *("phase_planned", "missed", "last_soreness", "soreness", "soreness_early"),
    *("soreness_report", "soreness_before", "soreness_seen_at", "warnings", "accepted"),
    *("ended", "ended_lately", "starts", "first_phase", "note", "note_day", "notes"),
    "attention",
)


def dashboard(client, **params):
    return client.get(reverse("dashboard"), params)


def planned(athlete, weeks=3, start=None):
    """A plan begun two weeks ago (or at `start`), its sessions before today logged."""
    plan = make_plan(athlete, weeks=weeks, start=start or monday() - timedelta(weeks=2))
    plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    return plan


def sore(plan, value):
    last = plan.sessions.filter(date__lt=timezone.localdate()).order_by("date").last()
    PlannedSession.objects.filter(pk=last.pk).update(soreness=value, soreness_at=timezone.now())


@pytest.fixture
def squads(club):
    """Road: Ada in pain, Ben on track, Cy with no plan yet; Track: Dot sore; in no squad:
    Eve in pain."""
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    ada, ben, cy, dot, eve = (
        AthleteFactory(club=club, name=name, squad=squad)
        for name, squad in (
            ("Ada Road", road),
            ("Ben Road", road),
            ("Cy Road", road),
            ("Dot Track", track),
            ("Eve Free", None),
        )
    )
    for athlete in (ada, ben, eve):
        planned(athlete)
    sore(planned(dot), 8)
    in_pain([ada, eve])
    return road, track


def test_a_squads_page_shows_its_athletes_and_their_counts(owner_client, squads):
    road, track = squads
    page = dashboard(owner_client, squad=road.pk)
    assert shown(page) == ["Ada Road", "Ben Road", "Cy Road"]
    body = page.content.decode()
    assert "Road: <strong>1</strong> athlete needs a look" in body
    assert "· 1 without a plan yet" in body
    # Every squad of the club is still there to choose, and those in none.
    assert f'<option value="{road.pk}" selected>Road</option>' in body
    assert f'<option value="{track.pk}">Track</option>' in body
    assert '<option value="none">In no squad</option>' in body

    only = dashboard(owner_client, squad=road.pk, show="attention")
    assert shown(only) == ["Ada Road"]
    assert "Road: <strong>1</strong> athlete needs a look · 3 in all" in only.content.decode()
    track_page = dashboard(owner_client, squad=track.pk)
    assert shown(track_page) == ["Dot Track"]
    assert "Track: <strong>1</strong> athlete needs a look" in track_page.content.decode()
    assert "without a plan" not in track_page.content.decode()
    free = dashboard(owner_client, squad="none")
    assert shown(free) == ["Eve Free"]
    assert "athletes in no squad: <strong>1</strong> athlete needs a look" in free.content.decode()
    everyone = dashboard(owner_client)
    assert shown(everyone) == ["Ada Road", "Eve Free", "Dot Track", "Ben Road", "Cy Road"]
    assert "<strong>3</strong> athletes need a look" in everyone.content.decode()


def test_a_squad_whose_athletes_are_on_track_says_so(owner_client, squads, club):
    calm = SquadFactory(club=club, name="Calm")
    planned(AthleteFactory(club=club, name="Fay Calm", squad=calm))
    body = dashboard(owner_client, squad=calm.pk).content.decode()
    assert "Calm: everyone is on track" in body
    only = dashboard(owner_client, squad=calm.pk, show="attention").content.decode()
    assert "No one here needs a look." in only


def test_a_squads_count_of_those_who_need_a_look_is_over_its_every_page(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    runners(club, 10, squad=road)
    in_pain(runners(club, 55, squad=road, name="Zoe"))
    in_pain(runners(club, 20, name="Other"))  # in no squad: not Road's
    first, second = (dashboard(owner_client, squad=road.pk, page=n) for n in ("1", "2"))
    for page in (first, second):
        assert "Road: <strong>55</strong> athletes need a look" in page.content.decode()
    assert shown(first) == [f"Zoe {i:03d}" for i in range(50)]
    assert shown(second) == [*(f"Zoe {i:03d}" for i in range(50, 55))] + [
        f"Runner {i:03d}" for i in range(10)
    ]
    assert "showing 51–65 of 65" in second.content.decode()


def test_each_athletes_phase_is_counted_from_its_own_start(owner_client, club):
    """A phase begun two months ago is counted in full beside one begun this week, on the
    club's page and on the squad's."""
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    long = AthleteFactory(club=club, name="Long Phase", squad=road)
    plan = planned(long, weeks=12, start=monday() - timedelta(weeks=8))
    first = plan.sessions.order_by("date").first()
    PlannedSession.objects.filter(pk=first.pk).update(logged_at=None)  # long before the 4 weeks
    done = plan.sessions.filter(logged_at__isnull=False).count()
    short = AthleteFactory(club=club, name="Short Phase", squad=track)
    make_plan(short, weeks=2, start=monday())
    for params in ({}, {"squad": road.pk}):
        row = row_for(dashboard(owner_client, **params), long)
        assert f'Build: <span class="dash-count"><strong>{done}</strong> / 24 done' in row
        assert "missed" not in row
    row = row_for(dashboard(owner_client, squad=track.pk), short)
    assert 'Build: <span class="dash-count"><strong>0</strong> / 4 done' in row


@pytest.fixture
def busy_club(club, squads):
    """Besides `squads`: a long phase, a session missed and one done in part this week, a
    note, a pain flag cleared, a rule accepted, a plan ended and one still to start."""
    road, track = squads
    today = timezone.localdate()
    long = AthleteFactory(club=club, name="Gus Long", squad=track)
    plan = planned(long, weeks=12, start=monday() - timedelta(weeks=8))
    missed = plan.sessions.filter(date__lt=today, date__gte=today - timedelta(days=20)).first()
    PlannedSession.objects.filter(pk=missed.pk).update(logged_at=None)
    this_week = plan.sessions.filter(date__gte=monday()).order_by("date").first()
    PlannedSession.objects.filter(pk=this_week.pk).update(
        logged_at=timezone.now(), athlete_note="Legs heavy"
    )
    SetLog.objects.create(planned_exercise=this_week.exercises.first(), set_number=1, done=True)
    hal = AthleteFactory(club=club, name="Hal Cleared", squad=road)
    hal_plan = planned(hal)
    pe = hal_plan.sessions.filter(date__lt=today).order_by("date").last().exercises.first()
    PainFlag.objects.create(
        athlete=hal, planned_exercise=pe, exercise=pe.exercise, cleared_at=timezone.now()
    )
    Plan.objects.filter(pk=hal_plan.pk).update(
        warnings=[
            {"rule": "W8", "date": None, "message": "Long run day"},
            {"rule": "S1", "date": None, "message": "Too long"},
        ]
    )
    RuleOverride.objects.create(athlete=hal, rule="W8")
    ended = AthleteFactory(club=club, name="Ivy Ended", squad=road)
    PlannedSession.objects.filter(
        plan=planned(ended, weeks=2, start=monday() - timedelta(weeks=3))
    ).update(logged_at=timezone.now())
    make_plan(AthleteFactory(club=club, name="Jo Later"), weeks=2, start=monday() + timedelta(7))
    PainFlag.objects.create(athlete=long, exercise=shipped("back-squat"))
    return road, track


def test_an_athletes_row_reads_the_same_on_the_clubs_page_and_on_its_squads(club, busy_club):
    everyone = {row.athlete.pk: row for row in club_statuses(club)}
    assert len(everyone) == 9
    athletes = club_athletes(club)
    for squad in Squad.objects.filter(club=club):
        own = [a for a in athletes if a.squad_id == squad.pk]
        rows = club_statuses(club, athletes=own)
        assert [row.athlete.pk for row in rows] == [
            pk for pk in everyone if pk in {a.pk for a in own}
        ]
        for row in rows:
            whole = everyone[row.athlete.pk]
            assert {name: getattr(row, name) for name in SHOWN} == {
                name: getattr(whole, name) for name in SHOWN
            }, row.athlete.name
            assert [f.pk for f in row.pain] == [f.pk for f in whole.pain]
    # The rows say something: those in `busy_club` are not all alike.
    assert {row.week_part for row in everyone.values()} == {0, 1}
    assert any(row.missed for row in everyone.values())
    assert any(row.accepted for row in everyone.values())
    assert any(row.note for row in everyone.values())


def test_a_squads_page_reads_the_sessions_of_its_athletes_only(owner_client, squads):
    road, track = squads
    with CaptureQueriesContext(connection) as queries:
        dashboard(owner_client, squad=road.pk)
    plans_read = {
        int(pk)
        for query in queries
        if 'FROM "schedules_plannedsession"' in query["sql"]
        for listed in re.findall(r'"plan_id" IN \(([\d, ]+)\)', query["sql"])
        for pk in listed.split(", ")
    }
    assert plans_read == set(Plan.objects.filter(athlete__squad=road).values_list("pk", flat=True))


def test_a_squads_page_of_a_200_athlete_club_costs_no_query_more(
    owner_client, club, django_assert_max_num_queries
):
    make_club_plans(club, 200)
    road = SquadFactory(club=club, name="Road")
    Athlete.objects.filter(club=club, name__lt="Runner 100").update(squad=road)
    counts = []
    for params in ({}, {"squad": road.pk}, {"squad": road.pk, "show": "attention"}):
        # 8 on a day a session falls on (its sets are counted: test_dashboard.py says why)
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            response = dashboard(owner_client, **params)
        counts.append(len(queries))
        assert response.content.decode().count('id="athlete-') == 50
    assert counts[0] == counts[1] == counts[2]


def test_an_empty_squad_is_offered_and_says_it_has_no_athletes(owner_client, squads, club):
    """A link to a squad with no athletes yet (or only archived ones) shows it chosen, saying
    it is empty and where to put athletes in it, not the whole club as if it had been asked
    for."""
    road, track = squads
    empty = SquadFactory(club=club, name="Masters")
    AthleteFactory(club=club, name="Old Master", squad=empty, archived_at=timezone.now())
    page = dashboard(owner_client, squad=empty.pk)
    assert page.status_code == 200
    assert shown(page) == []
    body = page.content.decode()
    assert f'<option value="{empty.pk}" selected>Masters</option>' in body
    assert '<option value="" selected' not in body
    assert "Masters: no athletes here" in body
    assert "No athletes in Masters yet." in body
    assert f'href="{reverse("athlete_create")}?squad={empty.pk}"' in body
    assert f'href="{reverse("roster")}"' in body
    only = dashboard(owner_client, squad=empty.pk, show="attention").content.decode()
    assert "No athletes in Masters yet." in only

    # Another club's squad is not this club's to show: the whole club, as before.
    other = SquadFactory(name="Elsewhere")
    assert other.club != club
    response = dashboard(owner_client, squad=other.pk)
    assert response.status_code == 200
    assert len(shown(response)) == 5
    assert "Elsewhere" not in response.content.decode()


@pytest.mark.parametrize("written", ["0{pk}", "{wide}"])
def test_a_squad_id_written_otherwise_shows_that_squad_or_the_whole_club(
    owner_client, squads, club, written
):
    """A squad's number written with a leading 0, or in other digits: the squad it names,
    chosen in the filter, or the whole club; never a page of no one, its filter on "All
    squads", calling it "athletes in no squad"."""
    road, _ = squads
    empty = SquadFactory(club=club, name="Masters")
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    for squad, names in ((road, ["Ada Road", "Ben Road", "Cy Road"]), (empty, [])):
        asked = written.format(pk=squad.pk, wide=str(squad.pk).translate(wide))
        page = dashboard(owner_client, squad=asked)
        body = page.content.decode()
        assert page.status_code == 200
        assert "athletes in no squad" not in body
        if names or f'<option value="{squad.pk}" selected>' in body:
            assert sorted(shown(page)) == names
            assert f'<option value="{squad.pk}" selected>{squad.name}</option>' in body
        else:
            assert len(shown(page)) == 5
