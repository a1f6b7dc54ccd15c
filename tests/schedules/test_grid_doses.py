"""Load grid: holds dosed in seconds and runs dosed in metres are edited as such."""

import re

import pytest
from django.urls import reverse

from schedules.models import LoadChange, PlannedExercise, PlannedSession
from tests.factories import shipped
from tests.plan_factories import make_plan, post_undo
from tests.schedules.test_grid import row_versions


@pytest.fixture
def plan(athlete):
    plan = make_plan(athlete, weeks=3)
    for session in PlannedSession.objects.filter(plan=plan, label="A"):
        PlannedExercise.objects.create(
            session=session,
            order=9,
            exercise=shipped("side-plank"),
            category="conditioning",
            sets=3,
            seconds=40,
            unit=athlete.units,
        )
        PlannedExercise.objects.create(
            session=session,
            order=10,
            exercise=shipped("bounding"),
            category="plyometric",
            sets=3,
            metres=20,
            unit=athlete.units,
        )
    return plan


def cell_of(plan, slug: str, week: int = 1) -> PlannedExercise:
    return PlannedExercise.objects.get(session__plan=plan, session__week=week, exercise__slug=slug)


def post(client, route: str, cell: PlannedExercise, **values):
    data = {"version": cell.version, "sets": cell.sets, "load": "", "percent_1rm": ""}
    data |= {"rir": "", "note": cell.note, **values}
    return client.post(reverse(route, args=[cell.pk]), data, HTTP_HX_REQUEST="true")


def test_the_editor_of_a_hold_asks_for_its_time_not_reps(owner_client, plan):
    cell = cell_of(plan, "side-plank")
    body = owner_client.get(reverse("cell_edit", args=[cell.pk]), HTTP_HX_REQUEST="true")
    html = body.content.decode()
    assert re.search(r'<label for="[^"]*seconds">Time \(s\)</label>', html)
    assert re.search(r'name="seconds" value="40"', html)
    assert 'name="reps"' not in html


def test_the_editor_of_a_run_asks_for_its_distance(owner_client, plan):
    cell = cell_of(plan, "bounding")
    html = owner_client.get(reverse("cell_edit", args=[cell.pk])).content.decode()
    assert re.search(r'name="metres" value="20"', html)
    assert 'name="reps"' not in html and 'name="seconds"' not in html


def test_a_new_time_is_saved_shown_and_recorded(owner_client, plan):
    cell = cell_of(plan, "side-plank")
    response = post(owner_client, "cell_edit", cell, seconds="45")
    assert response.status_code == 200
    assert "3×45s" in response.content.decode()
    assert "time 40 → 45 s" in response.content.decode()  # the history panel, out of band
    cell.refresh_from_db()
    assert (cell.seconds, cell.reps) == (45, None)
    change = LoadChange.objects.get(planned_exercise=cell)
    assert (change.field, change.old_value, change.new_value) == ("seconds", "40", "45")


def test_a_hold_as_long_as_the_builder_allows_stays_editable(owner_client, plan):
    """A programme may dose a hold up to 600 s (10 min of S&C, P1): its cell's sets and
    note can be changed without retyping its time, and its time changed within that."""
    cell = cell_of(plan, "side-plank")
    PlannedExercise.objects.filter(pk=cell.pk).update(seconds=600)
    cell.refresh_from_db()
    response = post(owner_client, "cell_edit", cell, seconds="600", sets="2")
    assert response.status_code == 200, response.content.decode()
    cell.refresh_from_db()
    assert (cell.sets, cell.seconds) == (2, 600)
    assert post(owner_client, "cell_edit", cell, seconds="450").status_code == 200
    cell.refresh_from_db()
    assert cell.seconds == 450


def test_a_new_distance_is_saved(owner_client, plan):
    cell = cell_of(plan, "bounding")
    post(owner_client, "cell_edit", cell, metres="30")
    cell.refresh_from_db()
    assert (cell.metres, cell.reps) == (30, None)


@pytest.mark.parametrize("typed", ["0", "", "abc", "601"])
def test_a_time_out_of_range_is_refused_beside_its_field(owner_client, plan, typed):
    cell = cell_of(plan, "side-plank")
    response = post(owner_client, "cell_edit", cell, seconds=typed)
    assert response.status_code == 400
    assert "Time: a number of seconds from 1 to 600." in response.content.decode()
    cell.refresh_from_db()
    assert (cell.seconds, cell.version) == (40, 1)
    assert not LoadChange.objects.exists()


def test_a_time_carried_to_later_weeks_is_undone_with_its_cell(owner_client, plan, athlete):
    cell = cell_of(plan, "side-plank")
    versions = row_versions(owner_client, cell)
    post(owner_client, "cell_carry", cell, seconds="50", scope="later", row_versions=versions)
    later = [cell_of(plan, "side-plank", week) for week in (1, 2, 3)]
    assert [c.seconds for c in later] == [50, 50, 50]
    post_undo(owner_client, athlete.pk)
    assert [c.seconds for c in (cell_of(plan, "side-plank", w) for w in (1, 2, 3))] == [40] * 3
