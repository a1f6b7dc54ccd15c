import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, StrengthTest
from exercises.models import Exercise
from schedules.models import LoadChange, Plan, PlannedExercise, PlannedSession, SetLog
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory
from tests.plan_factories import make_plan, post_undo, session_beside

TO = '<span aria-hidden="true">→</span><span class="sr-only">to</span>'  # said, not shown


@pytest.fixture
def plan(athlete):
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    return make_plan(athlete, weeks=3)


def squat_cell(plan, week=1) -> PlannedExercise:
    return PlannedExercise.objects.get(
        session__plan=plan, session__week=week, session__label="A", exercise__slug="back-squat"
    )


def press(client, cell, direction="up"):
    """Plus or minus on a cell as the grid sends it (htmx), at the version it was read at."""
    return client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": direction, "version": cell.version},
        HTTP_HX_REQUEST="true",
    )


def edit(client, cell, htmx=True, **values):
    return edit_via(client, "cell_edit", cell, htmx, **values)


def row_versions(client, cell) -> str:
    """The versions of the grid's cells as the coach's page shows them (data-version), as
    the page sends them with a carry (static/js/app.js)."""
    page = client.get(reverse("plan_grid", args=[cell.session.plan.athlete_id])).content.decode()
    shown = re.findall(r'<td id="cell-(\d+)" class="[^"]*" data-version="(\d+)"', page)
    assert shown
    return json.dumps({pk: int(version) for pk, version in shown})


def carry(client, cell, data: dict, **headers):
    """Post a carry from the grid as the page sends it, with the versions it shows."""
    data = {"row_versions": row_versions(client, cell), **data}
    return client.post(reverse("cell_carry", args=[cell.pk]), data, **headers)


def edit_via(client, route, cell, htmx=True, **values):
    if route == "cell_carry":
        values.setdefault("row_versions", row_versions(client, cell))
    data = {
        "version": cell.version,
        "sets": cell.sets,
        "reps": cell.reps or "",
        "load": cell.load if cell.load is not None else "",
        "percent_1rm": cell.percent_1rm if cell.percent_1rm is not None else "",
        "rir": cell.rir if cell.rir is not None else "",
        "note": cell.note,
    }
    data.update(values)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse(route, args=[cell.pk]), data, **headers)


def test_grid_shows_weeks_phases_and_loads(owner_client, athlete, plan):
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert "Wk 3" in body
    assert "Session A" in body and "Session B" in body
    assert "Back squat" in body
    assert "60 kg" in body


def test_a_week_without_the_lift_says_so_in_its_cell(owner_client, athlete, plan):
    """A row's week where the session has no such lift (box jumps from the build phase on)
    shows a dash, which a screen reader hears as "not this week", not a blank cell."""
    PlannedExercise.objects.filter(pk=squat_cell(plan, week=2).pk).delete()
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    row = body[body.index('scope="row">Back squat') :]
    row = row[: row.index("</tr>")]
    assert row.count('<td class="cell none">') == 1
    assert (
        '<td class="cell none"><span aria-hidden="true">–</span>'
        '<span class="sr-only">Not in this week&#x27;s session</span></td>'
    ) in row


def test_a_grid_opened_while_the_plan_is_made_again_says_so_and_reloads_once_it_is_made(
    owner_client, athlete, plan
):
    """A new 1RM test re-plans in the background: the grid opened meanwhile shows the loads
    from before, so it says the plan is being made again and reloads with the new loads
    once it is (cells edited meanwhile would be replaced)."""
    from schedules.models import JobStatus, PlanJob

    grid_url = reverse("plan_grid", args=[athlete.pk])
    assert 'id="plan-job"' not in owner_client.get(grid_url).content.decode()

    job = PlanJob.objects.create(assignment=plan.assignment, athlete=athlete)
    page = owner_client.get(grid_url).content.decode()
    poll = reverse("plan_job", args=[job.pk]) + "?grid=1"
    assert f'hx-get="{poll}"' in page
    assert "being made again" in page

    htmx = {"HTTP_HX_REQUEST": "true"}
    queued = owner_client.get(poll, **htmx)
    assert "HX-Refresh" not in queued and 'hx-trigger="every 1s"' in queued.content.decode()
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = owner_client.get(poll, **htmx)
    assert done["HX-Refresh"] == "true"  # the grid comes back with the plan made
    assert 'id="plan-job"' not in owner_client.get(grid_url).content.decode()

    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, reason="no programme")
    failed = owner_client.get(poll, **htmx).content.decode()
    assert "no programme" in failed
    assert reverse("athlete_plan", args=[athlete.pk]) in failed  # Try again is on the plan page
    assert "HX-Refresh" not in owner_client.get(poll, **htmx)


def test_edit_saves_records_history_and_marks_the_cell(owner_client, owner, plan):
    cell = squat_cell(plan)
    response = edit(owner_client, cell, load="65")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="cell-{cell.pk}"' in body
    assert "65 kg" in body
    assert 'id="grid-warnings"' in body and 'hx-swap-oob="true"' in body
    assert "{#" not in body and "#}" not in body  # no template comment leaks onto the page
    cell.refresh_from_db()
    assert cell.load == Decimal("65")
    assert cell.hand_edited and cell.edited_by == owner and cell.version == 2
    assert PlannedSession.objects.get(pk=cell.session_id).hand_edited
    change = LoadChange.objects.get(field="load")
    assert (change.old_value, change.new_value, change.user) == ("60", "65", owner)


def test_percent_follows_the_load_from_the_current_1rm(owner_client, plan):
    cell = squat_cell(plan)
    response = edit(owner_client, cell, load="70")
    cell.refresh_from_db()
    assert cell.percent_1rm == Decimal("87.5")
    # What the percentage means is on the cell: the load is at it, or just under it when a
    # planned % was rounded down to the plate.
    assert (
        '<span class="pct" title="% of 1RM: the load is at it or just under, on the plate '
        'step (L1)">87.5%</span>'
    ) in response.content.decode()


def test_new_percent_sets_the_load_rounded_down_to_the_plate(owner_client, plan):
    cell = squat_cell(plan)
    edit(owner_client, cell, percent_1rm="77")
    cell.refresh_from_db()
    assert cell.load == Decimal("60")  # 61.6 kg rounds down to 60 kg (L1)


def test_a_new_percent_typed_over_a_cleared_load_sets_the_load(owner_client, plan):
    """The load box emptied and a % typed: the % sets the load (as the editor's line says
    before saving), not a % saved with no load, shown nowhere."""
    cell = squat_cell(plan)
    edit(owner_client, cell, load="", percent_1rm="77")
    cell.refresh_from_db()
    assert (cell.load, cell.percent_1rm) == (Decimal("60"), Decimal("77"))


def test_a_load_above_the_1rm_shows_its_percent_and_the_cell_stays_editable(owner_client, plan):
    cell = squat_cell(plan)
    response = edit(owner_client, cell, load="90")
    assert response.status_code == 200
    # Saved, and marked in the cell: a load past the tested 1RM should stand out.
    assert '<span class="pct over" title="Above the tested 1RM">112.5%</span>' in (
        response.content.decode()
    )
    assert (
        '<p class="cell-msg cell-msg-note" role="status">Saved, but 90 kg is above the 1RM on '
        "record (80 kg): check it.</p>"
    ) in response.content.decode()
    cell.refresh_from_db()
    assert cell.percent_1rm == Decimal("112.5")
    response = edit(owner_client, cell, sets="3")  # the form posts the 112.5 % back unchanged
    assert response.status_code == 200
    cell.refresh_from_db()
    assert (cell.sets, cell.load, cell.percent_1rm) == (3, Decimal("90"), Decimal("112.5"))


def test_a_load_above_the_1rm_is_marked_in_words_not_by_colour_alone(owner_client, plan):
    """A mark a coach sees without telling red from grey, and a screen reader reads out,
    as a lift left out for pain is marked; a load at or under the 1RM has none."""
    over = (
        '<span class="over-mark" title="Above the 1RM on record: check the load">above 1RM</span>'
    )
    cell = squat_cell(plan)
    assert over in edit(owner_client, cell, load="90").content.decode()
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    assert page.count(over) == 1
    marked = page[page.index(f'<td id="cell-{cell.pk}"') :]
    assert over in marked[: marked.index("</td>")]
    edit(owner_client, squat_cell(plan), load="80")  # the 1RM itself: 100 %
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    assert "above 1RM" not in page


def test_a_new_percent_above_100_is_refused(owner_client, plan):
    cell = squat_cell(plan)
    response = edit(owner_client, cell, percent_1rm="105")
    assert response.status_code == 400
    assert "100 % of 1RM or less" in response.content.decode()
    assert PlannedExercise.objects.get(pk=cell.pk).version == cell.version


def test_a_load_hundreds_of_times_the_1rm_leaves_the_percent_blank(owner_client, athlete):
    StrengthTestFactory(athlete=athlete, load=Decimal("2.5"), reps=1)
    cell = squat_cell(make_plan(athlete, weeks=3))
    assert edit(owner_client, cell, load="300").status_code == 200
    cell.refresh_from_db()
    assert (cell.load, cell.percent_1rm) == (Decimal("300"), None)


def test_a_percent_of_a_1rm_too_light_for_a_plate_is_refused_not_saved_as_0(owner_client, athlete):
    """30 % of a 5 kg 1RM is 1.5 kg, under the lightest plate: the load would come out 0,
    which lifts nothing, so the % is refused by its field and nothing is saved."""
    StrengthTestFactory(athlete=athlete, load=Decimal("5"), reps=1)
    cell = squat_cell(make_plan(athlete, weeks=3))
    before = (cell.load, cell.percent_1rm, cell.version)
    response = edit(owner_client, cell, load="", percent_1rm="30")
    assert response.status_code == 400
    assert "30 % of the 5 kg 1RM is lighter than the 2.5 kg plate step" in (
        response.content.decode()
    )
    cell.refresh_from_db()
    assert (cell.load, cell.percent_1rm, cell.version) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("load", "-5", "The load cannot be below zero."),
        ("load", "10000", "more than anyone lifts"),
        ("load", "99999999", "That is more than anyone lifts here, in kg."),
        ("load", "10002.5", "10002.5 kg is more than anyone lifts here."),
        ("load", "9" * 40, "That is more than anyone lifts here, in kg."),
        ("load", "1e1000000", "Enter the load (kg) as a number"),  # an exponent is a slip
        ("load", "1e-999999999", "Enter the load (kg) as a number"),
        ("load", "62.5000000000000000000000000001", "Use a multiple of 2.5 kg"),
        ("percent_1rm", "1e1000000", "Enter the % 1RM as a number"),
        ("percent_1rm", "72.5000000000000000000000000001", "One decimal at most"),
        ("load", "62.555", "Use a multiple of 2.5 kg (the plate step)."),
        ("load", "60.0000001", "Use a multiple of 2.5 kg (the plate step)."),
        ("percent_1rm", "99999", "Enter 100 % of 1RM or less."),
        ("percent_1rm", "72.555", "One decimal at most, for example 72.5."),
        ("load", "61", "multiple of 2.5"),
        ("reps", "0", "Reps: a whole number from 1 to 50."),
        # An emptied reps box is a slip, not a lift with no reps ("3×" on the athlete's phone).
        ("reps", "", "Reps: a whole number from 1 to 50."),
        ("reps", "  ", "Reps: a whole number from 1 to 50."),
        ("sets", "11", "Sets: a whole number from 1 to 10."),
        ("percent_1rm", "20", "Use 30 % of 1RM or more"),
        ("percent_1rm", "-5", "Use 30 % of 1RM or more"),
        ("sets", "heavy", "Enter the sets as a whole number from 1 to 10, for example 3."),
        ("load", "NaN", "Enter the load (kg) as a number"),
        ("percent_1rm", "NaN", "Enter the % 1RM as a number"),
        ("percent_1rm", "Infinity", "Enter the % 1RM as a number"),
        ("percent_1rm", "-inf", "Enter the % 1RM as a number"),
        ("load", "Infinity", "Enter the load (kg) as a number"),
    ],
)
def test_bad_cell_input_is_refused_in_the_cell(owner_client, plan, field, value, message):
    cell = squat_cell(plan)
    response = edit(owner_client, cell, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "cell-editor" in response.content.decode()
    fresh = PlannedExercise.objects.get(pk=cell.pk)
    assert (fresh.load, fresh.reps, fresh.sets, fresh.version) == (
        cell.load,
        cell.reps,
        cell.sets,
        cell.version,
    )
    assert not LoadChange.objects.exists()


def calf_cell(plan, week=1) -> PlannedExercise:
    """A lift loaded by body weight (single-leg calf raise, L6): a load held, no % 1RM."""
    return PlannedExercise.objects.get(
        session__plan=plan, session__week=week, exercise__slug="single-leg-calf-raise"
    )


ZERO_SQUAT = "enter the weight to lift, or empty the box to take the load of the % 1RM."
ZERO_CALF = (
    "leave the box empty for body weight alone (or to go by effort), or enter the weight to lift."
)


@pytest.mark.parametrize("typed", ["0", "0.0", "-0", "0,0", "000"])
@pytest.mark.parametrize(("cell_of", "instead"), [(squat_cell, ZERO_SQUAT), (calf_cell, ZERO_CALF)])
def test_a_typed_load_of_zero_is_refused_by_the_field(owner_client, plan, cell_of, instead, typed):
    """0 kg lifts nothing: a slip (60 typed short, a box cleared by a stray key). Body weight
    alone is no load at all, an empty box, as the planner writes it; a lift with a 1RM takes
    its %'s load from an empty box. The field says what to do instead."""
    cell = cell_of(plan)
    response = edit(owner_client, cell, load=typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f'<span class="error" id="cell{cell.pk}_load_error">A load of 0 kg lifts nothing: '
        f"{instead}</span>"
    ) in page
    fresh = PlannedExercise.objects.get(pk=cell.pk)
    assert (fresh.load, fresh.version) == (cell.load, cell.version)
    assert not LoadChange.objects.exists()


def test_a_load_of_zero_is_not_carried_forward_either(owner_client, plan):
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, load="0", scope="later")
    assert response.status_code == 400
    assert "A load of 0 kg lifts nothing" in response.content.decode()
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [Decimal("60")] * 3
    assert not LoadChange.objects.exists()


def test_a_body_weight_lift_emptied_of_its_load_is_saved_as_body_weight_alone(owner_client, plan):
    cell = calf_cell(plan)
    response = edit(owner_client, cell, load="")
    assert response.status_code == 200
    assert (calf_cell(plan).load, calf_cell(plan).percent_1rm) == (None, None)


def test_a_cell_already_holding_zero_keeps_it_while_its_note_changes(owner_client, plan):
    """A zero on record (from before it was refused) is no reason to refuse another change."""
    PlannedExercise.objects.filter(pk=calf_cell(plan).pk).update(load=Decimal("0"))
    cell = calf_cell(plan)
    response = edit(owner_client, cell, load="0", note="Hold the rail")
    assert response.status_code == 200
    assert (calf_cell(plan).load, calf_cell(plan).note) == (Decimal("0"), "Hold the rail")


def test_minus_from_the_lightest_plate_is_refused_not_taken_to_zero(owner_client, plan):
    PlannedExercise.objects.filter(pk=calf_cell(plan).pk).update(load=Decimal("2.5"))
    cell = calf_cell(plan)
    response = press(owner_client, cell, "down")
    assert response.status_code == 400
    assert (
        "2.5 kg is as light as the minus button goes: for body weight alone, open the cell "
        "and empty its load."
    ) in response.content.decode()
    assert calf_cell(plan).load == Decimal("2.5")
    assert not LoadChange.objects.exists()


def test_a_mistyped_load_in_lb_is_answered_with_an_example_on_the_lb_plate_step(
    owner_client, athlete, plan
):
    """62.5, the example for kg, is off the 5 lb step: the cell would refuse it next."""
    from schedules.units import convert_plan_loads

    convert_plan_loads(athlete, "kg", "lb")
    Athlete.objects.filter(pk=athlete.pk).update(units="lb")

    response = edit(owner_client, squat_cell(plan), load="sixty")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the load (lb) as a number, for example 135." in page
    assert "62.5" not in page


def test_a_percent_emptied_beside_a_load_is_worked_out_from_it(owner_client, plan):
    """The editor says "65 kg is 81.3 % of the 80 kg 1RM" as the coach types: emptying the %
    box saves that %, not none, which would take the cell out of the S3 and L1 checks."""
    cell = squat_cell(plan)
    assert edit(owner_client, cell, load="65", percent_1rm="").status_code == 200
    cell = squat_cell(plan)
    assert (cell.load, cell.percent_1rm) == (Decimal("65"), Decimal("81.3"))
    # 80 kg for 5 reps is 100 %: past failure, said as it is with the % typed.
    assert edit(owner_client, cell, load="80", reps="5", percent_1rm="").status_code == 200
    cell = squat_cell(plan)
    assert cell.percent_1rm == Decimal("100")
    assert "S3" in {w["rule"] for w in Plan.objects.get(pk=plan.pk).warnings}
    # The load kept and the % emptied: the load's own % stays, nothing changes.
    assert edit(owner_client, cell, percent_1rm="").status_code == 200
    assert squat_cell(plan).percent_1rm == Decimal("100")
    # Both emptied: the lift goes by effort, as before.
    assert edit(owner_client, squat_cell(plan), load="", percent_1rm="", rir="2").status_code == 200
    assert (squat_cell(plan).load, squat_cell(plan).percent_1rm) == (None, None)


def test_a_light_load_saved_leaves_the_cell_editable(owner_client, plan):
    """10 kg of an 80 kg 1RM is 12.5 %, under the 30 % a typed % must reach: the figure the
    load gave is kept as it is, and the next edit of another field is not refused for it."""
    cell = squat_cell(plan)
    assert edit(owner_client, cell, load="10").status_code == 200
    cell = squat_cell(plan)
    assert (cell.load, cell.percent_1rm) == (Decimal("10"), Decimal("12.5"))
    response = edit(owner_client, cell, sets="2")
    assert response.status_code == 200, response.content.decode()
    assert squat_cell(plan).sets == 2


def test_a_load_and_percent_written_with_trailing_zeros_are_taken_as_the_numbers_they_are(
    owner_client, plan
):
    cell = squat_cell(plan)
    assert edit(owner_client, cell, load="62.500").status_code == 200
    cell.refresh_from_db()
    assert cell.load == Decimal("62.5")
    assert LoadChange.objects.get(field="load").new_value == "62.5"


def test_a_stale_edit_of_the_coachs_own_from_another_screen_says_so(owner_client, plan):
    cell = squat_cell(plan)
    seen = cell.version
    assert edit(owner_client, cell, load="62.5").status_code == 200
    cell.version = seen  # the other tab still holds the cell as it was
    response = edit(owner_client, cell, load="70")
    assert response.status_code == 409
    assert "Not saved: you changed this cell on another screen a moment ago." in (
        response.content.decode()
    )
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("62.5")


def test_stale_edit_gets_409_with_the_current_value_and_who_changed_it(
    owner_client, client, coach, plan
):
    cell = squat_cell(plan)
    from django.test import Client

    other = Client()
    other.force_login(coach)
    assert edit(other, cell, load="62.5").status_code == 200
    response = edit(owner_client, cell, load="70")
    body = response.content.decode()
    assert response.status_code == 409
    assert "second changed this cell" in body
    assert "62.5 kg" in body
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("62.5")


def test_a_stale_edit_of_a_cell_whose_edit_was_undone_meanwhile_says_so(owner_client, coach, plan):
    """Undone, a cell is nobody's edit any more: the refusal says what happened to it, not
    that "someone" changed it to "their value"."""
    from django.test import Client

    other = Client()
    other.force_login(coach)
    cell = squat_cell(plan)
    assert edit(other, cell, load="62.5").status_code == 200
    shown = squat_cell(plan)  # the coach's page, after that edit
    assert post_undo(other, plan.athlete_id).status_code == 302
    response = edit(owner_client, shown, load="70")
    body = response.content.decode()
    assert response.status_code == 409
    assert "someone" not in body and "their value" not in body
    assert "Not saved: an edit of this cell was undone a moment ago" in body
    assert "60 kg" in body and "Yours was: load 70." in body
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("60")


def test_a_refused_edit_says_what_was_typed_so_it_is_not_lost(owner_client, coach, plan):
    from django.test import Client

    cell = squat_cell(plan)
    other = Client()
    other.force_login(coach)
    assert edit(other, cell, load="62.5").status_code == 200
    response = edit(owner_client, cell, load="70", reps="5", note="Pause at the bottom")
    assert response.status_code == 409
    assert (
        "Yours was: reps 5, load 70, note &quot;Pause at the bottom&quot;."
        in response.content.decode()
    )
    # Without JavaScript the grid says it on top.
    page = edit(owner_client, cell, htmx=False, load="70")
    assert page.status_code == 302
    assert "Yours was: load 70" in owner_client.get(page["Location"]).content.decode()


def test_a_refused_edit_names_only_what_this_coach_changed(owner_client, coach, plan):
    """Coach B moved the load while coach A, on a page opened before, changed only the
    note: A is told of the note, not of a load A never touched (typing it back would undo
    B's change)."""
    from django.test import Client

    cell = squat_cell(plan)
    body = owner_client.get(reverse("cell_edit", args=[cell.pk]), HTTP_HX_REQUEST="true")
    shown = re.search(r'name="shown" value="([^"]*)"', body.content.decode())[1]
    other = Client()
    other.force_login(coach)
    assert edit(other, cell, load="62.5").status_code == 200
    response = edit(owner_client, cell, note="Brace hard", shown=shown.replace("&quot;", '"'))
    assert response.status_code == 409
    text = response.content.decode()
    assert "Yours was: note &quot;Brace hard&quot;." in text  # no load before the note


def test_edits_of_different_cells_never_conflict(owner_client, coach, plan):
    from django.test import Client

    first, second = squat_cell(plan, 1), squat_cell(plan, 2)
    other = Client()
    other.force_login(coach)
    assert edit(owner_client, first, load="57.5").status_code == 200
    assert edit(other, second, load="67.5").status_code == 200


def test_plus_moves_one_plate_step(owner_client, plan):
    cell = squat_cell(plan)
    response = press(owner_client, cell, "up")
    assert response.status_code == 200
    assert "62.5 kg" in response.content.decode()
    cell.refresh_from_db()
    assert cell.load == Decimal("62.5")


def test_minus_on_a_stale_version_is_409(owner_client, plan):
    cell = squat_cell(plan)
    response = owner_client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "down", "version": cell.version + 5},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("60")


def test_step_without_load_is_refused(owner_client, plan):
    cell = PlannedExercise.objects.filter(session__plan=plan, load__isnull=True).first()
    response = press(owner_client, cell, "up")
    assert response.status_code == 400
    assert "prescribed by effort" in response.content.decode()


def test_edit_without_javascript_posts_and_redirects(owner_client, athlete, plan):
    cell = squat_cell(plan)
    page = owner_client.get(reverse("cell_edit", args=[cell.pk]))
    assert "<html" in page.content.decode()
    response = edit(owner_client, cell, htmx=False, load="65")
    assert response.status_code == 302
    location = f"/athletes/{athlete.pk}/loads/?cell={cell.pk}#cell-{cell.pk}"
    assert response["Location"].endswith(location)
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("65")
    grid = owner_client.get(response["Location"]).content.decode()
    day = cell.session.date
    saved = f"Saved: Back squat, {day.day} {day:%b}: 3×6 at 65 kg, RIR 2."
    # The page lands on the cell: what was saved is said there, not at the page's head.
    html = grid[grid.index(f'id="cell-{cell.pk}"') :]
    html = html[: html.index("</td>")]
    assert f'<p class="cell-flash flash flash-success">{saved}</p>' in html
    assert grid.count(saved) == 1 and 'class="messages"' not in grid


def test_without_javascript_cancelling_an_edit_goes_back_to_the_cell(owner_client, athlete, plan):
    """The editor's own page (no JavaScript) leads back to the cell it came from, not to the
    top of a long grid."""
    from django.utils.html import escape

    cell = squat_cell(plan)
    page = owner_client.get(reverse("cell_edit", args=[cell.pk])).content.decode()
    grid = reverse("plan_grid", args=[athlete.pk])
    assert f'<a class="btn btn-ghost" href="{grid}#cell-{cell.pk}">Cancel</a>' in page
    assert f'<a href="{grid}#cell-{cell.pk}">Loads · {escape(athlete.name)}</a>' in page


def test_the_editors_own_page_is_titled_by_the_cell_and_the_athlete(owner_client, athlete, plan):
    """A tab among others, or a screen reader's first words, say which cell is edited."""
    from django.utils.html import escape

    cell = squat_cell(plan)
    page = owner_client.get(reverse("cell_edit", args=[cell.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    day = f"{cell.session.date.day} {cell.session.date:%b}"
    assert title.startswith(f"Edit Back squat, {day} · {escape(athlete.name)}")


def test_a_message_for_a_cell_the_grid_does_not_show_stays_at_the_pages_head(
    owner_client, athlete, plan
):
    cell = squat_cell(plan)
    other = squat_cell(make_plan(AthleteFactory(club=athlete.club), weeks=1))
    for landing in (str(other.pk), "x", "9" * 30):
        cell.refresh_from_db()
        response = edit(owner_client, cell, htmx=False, sets=str(2 + len(landing) % 3))
        url = response["Location"].replace(f"cell={cell.pk}", f"cell={landing}")
        grid = owner_client.get(url).content.decode()
        assert 'class="messages"' in grid and "cell-flash" not in grid


def test_carry_forward_to_later_weeks(owner_client, plan):
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65", sets="4")
    carry(owner_client, cell, {"scope": "later"})
    later = [squat_cell(plan, week) for week in (2, 3)]
    assert [(c.load, c.sets, c.hand_edited) for c in later] == [(Decimal("65"), 4, True)] * 2


def test_carry_from_the_last_week_says_it_is_saved_with_nothing_to_carry_it_to(owner_client, plan):
    """The plan's last week: "Carried forward to 0 later sessions" read as if nothing was
    saved."""
    cell = squat_cell(plan, 3)
    data = {
        "version": cell.version,
        "sets": cell.sets,
        "reps": cell.reps,
        "load": "62.5",
        "percent_1rm": "",
        "rir": cell.rir if cell.rir is not None else "",
        "note": "",
        "scope": "phase",
    }
    page = carry(owner_client, cell, data, follow=True).content.decode()
    assert "Saved. No later session of this phase to carry it to." in page
    assert "Carried forward to 0" not in page
    assert squat_cell(plan, 3).load == Decimal("62.5")
    # Nothing typed changed, or a shift: the same word, without "Saved".
    cell.refresh_from_db()
    data["version"] = cell.version
    page = carry(owner_client, cell, data, follow=True).content.decode()
    assert "No later session of this phase to carry it to." in page and "Saved. No" not in page
    cell.refresh_from_db()
    shift = {**data, "version": cell.version, "load": "65", "scope": "shift"}
    page = carry(owner_client, cell, shift, follow=True).content.decode()
    assert "Saved. No later session of the plan to carry it to." in page
    assert ": 0 sessions" not in page


def test_the_editor_offers_to_apply_only_where_a_later_week_follows(owner_client, plan):
    """The plan's last week has nothing after it, the last week of a phase nothing after it
    in that phase: the editor does not offer what would only say so."""
    phase = "Save and apply to the rest of this phase"
    later = "Save and apply to all later weeks"
    shift = "Save and shift later weeks' loads by the same change"
    week2 = squat_cell(plan, 2)
    PlannedSession.objects.filter(plan=plan, week=3).update(
        phase="peak" if week2.session.phase != "peak" else "base"
    )

    def editor(cell, htmx=True):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        return owner_client.get(reverse("cell_edit", args=[cell.pk]), **headers).content.decode()

    for htmx in (True, False):
        first = editor(squat_cell(plan, 1), htmx)
        assert phase in first and later in first and shift in first
        second = editor(week2, htmx)
        assert phase not in second and later in second and shift in second
        last = editor(squat_cell(plan, 3), htmx)
        assert phase not in last and later not in last and shift not in last
        assert 'class="carry' not in last


def test_carry_that_later_weeks_already_match_says_there_was_nothing_to_carry(owner_client, plan):
    cell = squat_cell(plan, 1)
    assert carry(owner_client, cell, {"scope": "later"}).status_code == 302
    page = carry(owner_client, cell, {"scope": "later"}, follow=True).content.decode()
    assert "The later sessions already had it: nothing to carry." in page
    assert "Carried forward to 0" not in page


def test_carry_to_later_weeks_all_logged_does_not_say_they_already_had_it(owner_client, plan):
    """Every later session logged: nothing was carried because they stay as done, not because
    they held the value already."""
    later = [squat_cell(plan, week) for week in (2, 3)]
    PlannedSession.objects.filter(pk__in=[c.session_id for c in later]).update(
        logged_at=timezone.now()
    )
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert response.status_code == 302
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    days = ", ".join(f"{c.session.date:%-d %b}" for c in later)
    assert "already had it" not in page
    assert "Saved. Nothing carried: 2 logged sessions kept what was done" in page
    assert f"done ({days})." in page
    assert [squat_cell(plan, week).load for week in (1, 2, 3)] == [
        Decimal("65"),
        later[0].load,
        later[1].load,
    ]


def test_carry_from_the_editor_saves_what_was_typed_then_carries_it(owner_client, plan):
    cell = squat_cell(plan)
    data = {
        "version": cell.version,
        "sets": "4",
        "reps": cell.reps,
        "load": "62.5",
        "percent_1rm": "",
        "rir": cell.rir if cell.rir is not None else "",
        "note": "",
        "scope": "later",
    }
    response = carry(owner_client, cell, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"  # the grid reloads where it is
    rows = [squat_cell(plan, week) for week in (1, 2, 3)]
    assert [(c.load, c.sets) for c in rows] == [(Decimal("62.5"), 4)] * 3


def test_carry_keeps_a_deload_weeks_lighter_sets(owner_client, plan):
    PlannedSession.objects.filter(plan=plan, week=2).update(deload=True)
    deload = squat_cell(plan, 2)
    PlannedExercise.objects.filter(pk=deload.pk).update(sets=2)
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65", sets="4")
    response = carry(owner_client, cell, {"scope": "later"})
    assert response.status_code == 302
    deload, after = squat_cell(plan, 2), squat_cell(plan, 3)
    assert (deload.load, deload.sets) == (Decimal("65"), 2)  # same intensity, less volume
    assert (after.load, after.sets) == (Decimal("65"), 4)


def test_carry_from_a_deload_week_leaves_the_normal_weeks_volume(owner_client, plan):
    PlannedSession.objects.filter(plan=plan, week=2).update(deload=True)
    deload = squat_cell(plan, 2)
    PlannedExercise.objects.filter(pk=deload.pk).update(sets=2, reps=8)
    deload = squat_cell(plan, 2)
    response = edit_via(owner_client, "cell_carry", deload, htmx=False, load="65", scope="later")
    assert response.status_code == 302
    after = squat_cell(plan, 3)
    assert (after.load, after.sets) == (Decimal("65"), 3)  # its own number of sets
    page = owner_client.get(response["Location"]).content.decode()
    # Only the load was carried: no week was kept from the deload's sets.
    assert "Carried forward to 1 later session." in page
    assert "keep their own sets" not in page
    # Carried whole, with nothing typed: the reps go with the load, the sets stay.
    response = carry(owner_client, squat_cell(plan, 2), {"scope": "later"})
    assert response.status_code == 302
    assert (squat_cell(plan, 3).sets, squat_cell(plan, 3).reps) == (3, 8)
    page = owner_client.get(response["Location"]).content.decode()
    assert "Carried forward to 1 later session. Weeks that are not deloads (1) keep their own " in (
        page
    )


def deload_week_2(plan, sets=2) -> None:
    PlannedSession.objects.filter(plan=plan, week=2).update(deload=True)
    PlannedExercise.objects.filter(pk=squat_cell(plan, 2).pk).update(sets=sets)


def carry_message(client, response) -> str:
    page = client.get(response["Location"]).content.decode()
    return re.search(r"Carried forward to [^<]*", page)[0]


def test_a_carried_load_says_nothing_of_sets_it_did_not_carry(owner_client, plan):
    """A new load typed and carried leaves every later week's sets alone, the deload's with
    them: the message does not single the deload out as keeping its sets."""
    deload_week_2(plan)
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert carry_message(owner_client, response) == "Carried forward to 2 later sessions."
    assert [(squat_cell(plan, w).load, squat_cell(plan, w).sets) for w in (1, 2, 3)] == [
        (Decimal("65"), 3),
        (Decimal("65"), 2),
        (Decimal("65"), 3),
    ]


def test_carried_sets_say_the_deload_weeks_kept_their_lighter_ones(owner_client, plan):
    deload_week_2(plan)
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, sets="4", scope="later")
    assert carry_message(owner_client, response) == (
        "Carried forward to 1 later session. Deload weeks (1) keep their lighter sets."
    )
    assert [squat_cell(plan, w).sets for w in (1, 2, 3)] == [4, 2, 4]


def test_carried_sets_a_deload_week_already_had_are_not_called_lighter(owner_client, plan):
    """The deload week holds 4 sets, as many as carried: it kept nothing lighter."""
    deload_week_2(plan, sets=4)
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, sets="4", scope="later")
    assert carry_message(owner_client, response) == "Carried forward to 1 later session."


def test_fewer_sets_carried_do_not_call_the_deload_weeks_sets_lighter(owner_client, plan):
    """One set carried past a deload week of two: it keeps its own two, more than were
    carried, which are not called its lighter sets."""
    deload_week_2(plan, sets=2)
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, sets="1", scope="later")
    assert carry_message(owner_client, response) == (
        "Carried forward to 1 later session. Deload weeks (1) keep their own sets."
    )
    assert [squat_cell(plan, w).sets for w in (1, 2, 3)] == [1, 2, 1]


def test_carry_with_bad_typed_values_saves_nothing(owner_client, plan):
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, load="abc", scope="later")
    assert response.status_code == 400
    assert "Enter the load (kg) as a number" in response.content.decode()
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [Decimal("60")] * 3
    assert not LoadChange.objects.exists()


def test_shift_moves_later_weeks_loads_by_the_change_keeping_their_progression(
    owner_client, athlete, plan
):
    """60, 62.5, 65 across three weeks; week 1 goes to 62.5: later weeks go up 2.5 each."""
    for week, load in ((2, "62.5"), (3, "65")):
        PlannedExercise.objects.filter(pk=squat_cell(plan, week).pk).update(load=Decimal(load))
    cell = squat_cell(plan)

    response = edit_via(owner_client, "cell_carry", cell, load="62.5", scope="shift")

    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    rows = [squat_cell(plan, week) for week in (1, 2, 3)]
    assert [c.load for c in rows] == [Decimal("62.5"), Decimal("65"), Decimal("67.5")]
    assert [c.percent_1rm for c in rows] == [Decimal("78.1"), Decimal("81.3"), Decimal("84.4")]
    assert [c.sets for c in rows] == [3, 3, 3]  # only loads move
    page = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert "Later weeks&#x27; loads shifted by +2.5 kg: 2 sessions." in page
    # One action: one undo takes the whole shift back.
    post_undo(owner_client, athlete.pk)
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [
        Decimal("60"),
        Decimal("62.5"),
        Decimal("65"),
    ]


def test_shift_down_leaves_logged_sessions_and_loads_it_would_empty(owner_client, plan):
    PlannedSession.objects.filter(plan=plan, week=2).update(logged_at=timezone.now())
    PlannedExercise.objects.filter(pk=squat_cell(plan, 3).pk).update(load=Decimal("5"))
    cell = squat_cell(plan)

    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="50", scope="shift")

    assert response.status_code == 302
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [
        Decimal("50"),
        Decimal("60"),  # logged: stays as it was done
        Decimal("5"),  # 5 - 10 would be nothing
    ]
    page = owner_client.get(response["Location"]).content.decode()
    # Nothing shifted, and why: not "shifted by −10 kg: 0 sessions".
    assert "Saved. Nothing shifted. Left as they are, as the shift would take the load to " in page
    assert "nothing or past 400 kg (1): " in page
    assert "0 sessions" not in page and "no load to shift" not in page


def test_shift_says_which_later_weeks_have_no_load_to_shift(owner_client, plan):
    """Weeks that go by effort (no load, RIR) are left as they are, and said as such."""
    PlannedExercise.objects.filter(pk=squat_cell(plan, 2).pk).update(load=None, percent_1rm=None)
    cell = squat_cell(plan)

    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="62.5", scope="shift")

    assert response.status_code == 302
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [Decimal("62.5"), None, 62.5]
    page = owner_client.get(response["Location"]).content.decode()
    day = squat_cell(plan, 2).session.date
    assert "shifted by +2.5 kg: 1 session." in page
    assert f"Left as they are, with no load to shift (1): {day:%-d %b}." in page
    assert "nothing or past" not in page


def test_shift_off_the_plate_step_is_refused_beside_the_load(owner_client, athlete):
    """After a switch to lb, a past unlogged session keeps its exact 132.3 lb; a change from
    there to 135 is 2.7 lb, which would take every later week off the 5 lb step."""
    from schedules.units import convert_plan_loads

    today = timezone.localdate()
    plan = make_plan(athlete, weeks=3, start=today - timedelta(days=today.weekday() + 7))
    for week, load in ((1, "60"), (2, "62.5"), (3, "65")):
        PlannedExercise.objects.filter(pk=squat_cell(plan, week).pk).update(load=Decimal(load))
    convert_plan_loads(athlete, "kg", "lb")
    Athlete.objects.filter(pk=athlete.pk).update(units="lb")
    assert (squat_cell(plan, 1).load, squat_cell(plan, 3).load) == (Decimal("132.3"), 140)

    response = edit_via(owner_client, "cell_carry", squat_cell(plan), load="135", scope="shift")

    assert response.status_code == 400
    assert (
        "This cell&#x27;s 132.3 lb is off the 5 lb step (kept exact from before a change of "
        "units): shift from a later week&#x27;s cell instead." in response.content.decode()
    )
    assert squat_cell(plan, 3).load == Decimal("140")
    assert not LoadChange.objects.exists()


def test_shift_without_a_1rm_moves_the_percent_with_the_load(owner_client, plan):
    for week, load in ((2, "62.5"), (3, "65")):
        PlannedExercise.objects.filter(pk=squat_cell(plan, week).pk).update(
            load=Decimal(load), percent_1rm=Decimal("80")
        )
    StrengthTest.objects.all().delete()

    response = edit_via(owner_client, "cell_carry", squat_cell(plan), load="62.5", scope="shift")

    assert response.status_code == 200
    week3 = squat_cell(plan, 3)
    assert (week3.load, week3.percent_1rm) == (Decimal("67.5"), Decimal("83.1"))  # 80 x 67.5/65


def test_shift_from_a_cell_changed_meanwhile_is_409_and_saves_nothing(owner_client, coach, plan):
    cell = squat_cell(plan)
    shown = row_versions(owner_client, cell)
    PlannedExercise.objects.filter(pk=cell.pk).update(  # another coach, meanwhile
        load=Decimal("62.5"), version=cell.version + 1, edited_by=coach
    )

    response = edit_via(
        owner_client, "cell_carry", cell, load="62.5", scope="shift", row_versions=shown
    )

    assert response.status_code == 409
    assert "Not saved: second changed this cell a moment ago." in response.content.decode()
    assert [squat_cell(plan, w).load for w in (2, 3)] == [Decimal("60")] * 2
    assert not LoadChange.objects.exists()


@pytest.mark.parametrize("values", [{"sets": "4"}, {}])
def test_shift_without_a_changed_load_is_refused_and_saves_nothing(owner_client, plan, values):
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, scope="shift", **values)
    assert response.status_code == 400
    assert "Change the load (or % 1RM) to shift later weeks by the same amount." in (
        response.content.decode()
    )
    assert [(squat_cell(plan, w).load, squat_cell(plan, w).sets) for w in (1, 2, 3)] == [
        (Decimal("60"), 3)
    ] * 3
    assert not LoadChange.objects.exists()


def test_undo_restores_the_last_change(owner_client, athlete, plan):
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65")
    edit(owner_client, squat_cell(plan), load="70")
    post_undo(owner_client, athlete.pk)
    assert squat_cell(plan).load == Decimal("65")
    assert squat_cell(plan).hand_edited  # one edit of the cell is still live
    post_undo(owner_client, athlete.pk)
    cell = squat_cell(plan)
    assert cell.load == Decimal("60")
    assert LoadChange.objects.filter(undone=False).count() == 0
    # Every edit undone: the cell and its session are the planner's again.
    assert (cell.hand_edited, cell.edited_by, cell.edited_at) == (False, None, None)
    assert not PlannedSession.objects.get(pk=cell.session_id).hand_edited


def test_regeneration_keeps_hand_edited_cells(owner_client, athlete, plan):
    from schedules.services import _write_plan

    cell = squat_cell(plan)
    edit(owner_client, cell, load="65")
    document = {
        "start_date": plan.start_date.isoformat(),
        "race_date": None,
        "units": "kg",
        "phases": [],
        "warnings": [],
        "sessions": [],
    }
    _write_plan(athlete, plan.assignment, document, {}, plan.start_date, None, plan)
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("65")


def test_stranger_gets_404_on_every_grid_url(stranger_client, athlete, plan):
    cell = squat_cell(plan)
    squad = SquadFactory(club=athlete.club)
    for url in (
        reverse("plan_grid", args=[athlete.pk]),
        reverse("cell", args=[cell.pk]),
        reverse("cell_edit", args=[cell.pk]),
        reverse("squad_week", args=[squad.pk]),
    ):
        assert stranger_client.get(url).status_code == 404, url
    for url in (
        reverse("cell_edit", args=[cell.pk]),
        reverse("cell_step", args=[cell.pk]),
        reverse("cell_carry", args=[cell.pk]),
        reverse("grid_undo", args=[athlete.pk]),
        reverse("squad_week_scale", args=[squad.pk]),
    ):
        response = stranger_client.post(
            url, {"direction": "up", "version": 1, "scope": "later", "load": "100", "sets": 3}
        )
        assert response.status_code == 404, url
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("60")


def test_get_never_changes_data(owner_client, athlete, plan):
    cell = squat_cell(plan)
    for url in (
        reverse("cell_step", args=[cell.pk]),
        reverse("cell_carry", args=[cell.pk]),
        reverse("grid_undo", args=[athlete.pk]),
    ):
        assert owner_client.get(url).status_code == 405, url
    assert PlannedExercise.objects.get(pk=cell.pk).version == 1


def test_warnings_on_sessions_logged_this_week_leave_the_grid_and_dashboard(
    owner_client, athlete, plan
):
    """Nothing can change there; week-wide warnings, dated on the week's first session or its
    Monday, stay while days are still to come."""
    monday = plan.start_date
    thursday = monday + timedelta(days=3)
    saturday = monday + timedelta(days=5)
    PlannedSession.objects.create(
        plan=plan, date=saturday, time="am", week=1, phase="build", kind="lifting", label="C"
    )
    Plan.objects.filter(pk=plan.pk).update(
        warnings=[
            {"rule": "S8", "date": monday.isoformat(), "message": "No pulling this week"},
            {"rule": "W1", "date": thursday.isoformat(), "message": "Thursday before a tempo"},
            {"rule": "W5", "date": saturday.isoformat(), "message": "Saturday too close"},
        ]
    )
    PlannedSession.objects.filter(plan=plan, date__in=[monday, thursday]).update(
        logged_at=timezone.now()
    )
    pages = {
        "grid": owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode(),
        "plan": owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode(),
        "dashboard": owner_client.get(reverse("dashboard")).content.decode(),
    }
    for name, body in pages.items():
        assert "No pulling this week" in body, name
        assert "Saturday too close" in body, name
        assert "Thursday before a tempo" not in body, name
    # The side panel an edit or a refused edit sends back reads them the same way.
    from schedules.views.grid import _current_warnings

    plan.refresh_from_db()
    panel = [w["message"] for w in _current_warnings(plan, [])["warnings"]]
    assert panel == ["No pulling this week", "Saturday too close"]


def test_grid_page_and_cell_edit_use_constant_queries(
    owner_client, club, django_assert_max_num_queries
):
    counts = []
    for weeks in (4, 16):
        athlete = AthleteFactory(club=club)
        plan = make_plan(athlete, weeks=weeks)
        with django_assert_max_num_queries(11) as page:  # pain flags, accepted rules, plan job
            owner_client.get(reverse("plan_grid", args=[athlete.pk]))
        with django_assert_max_num_queries(22) as save:  # the cell lookup, the edit, the week
            edit(owner_client, squat_cell(plan), load="62.5")
        counts.append((len(page.captured_queries), len(save.captured_queries)))
    assert counts[0] == counts[1]


def test_carrying_forward_and_undoing_it_cost_no_query_more_for_more_weeks(owner_client, club):
    """Each later week's cell is written in the same one statement, on the way forward and
    on the way back: a 16-week block costs what a 4-week one does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for weeks in (4, 16):
        plan = make_plan(AthleteFactory(club=club), weeks=weeks)
        cell = squat_cell(plan)
        edit(owner_client, cell, load="65")
        cell.refresh_from_db()
        shown = row_versions(owner_client, cell)
        with CaptureQueriesContext(connection) as carried:
            response = owner_client.post(
                reverse("cell_carry", args=[cell.pk]), {"scope": "later", "row_versions": shown}
            )
        assert response.status_code == 302
        later = [squat_cell(plan, week) for week in range(2, weeks + 1)]
        assert {c.load for c in later} == {Decimal("65")}
        page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
        [batch] = re.findall(r'name="batch" value="([^"]*)"', page)
        with CaptureQueriesContext(connection) as undone:
            response = owner_client.post(
                reverse("grid_undo", args=[plan.athlete_id]), {"batch": batch}
            )
        assert response.status_code == 302
        assert {squat_cell(plan, week).load for week in range(2, weeks + 1)} == {Decimal("60")}
        counts.append((len(carried.captured_queries), len(undone.captured_queries)))
    assert counts[0] == counts[1]


def test_a_write_of_several_cells_one_changed_since_writes_none_and_names_it(athlete, owner, plan):
    from django.db.models import F

    from schedules import loads

    cells = [squat_cell(plan, week) for week in (1, 2, 3)]
    PlannedExercise.objects.filter(pk=cells[1].pk).update(version=F("version") + 1)
    changes = [loads.Change(c, {"load": Decimal("70")}) for c in cells]
    with pytest.raises(loads.StaleEdit) as refused:
        loads.apply_changes(
            athlete=athlete, user=owner, changes=changes, versions={c.pk: c.version for c in cells}
        )
    assert refused.value.current.pk == cells[1].pk
    PlannedExercise.objects.filter(pk=cells[2].pk).delete()
    with pytest.raises(loads.CellGone):
        loads.apply_changes(athlete=athlete, user=owner, changes=changes)
    assert {squat_cell(plan, week).load for week in (1, 2)} == {Decimal("60")}
    assert not LoadChange.objects.exists()


def confirm_scale(client, squad, data):
    """Preview, then confirm exactly what the preview showed."""
    preview = client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    seen = re.search(r'name="seen" value="([^"]+)"', preview.content.decode())[1]
    return client.post(
        reverse("squad_week_scale", args=[squad.pk]), {**data, "confirm": "1", "seen": seen}
    )


def test_squad_week_scale_confirms_then_applies(owner_client, club):
    squad = SquadFactory(club=club)
    athletes = AthleteFactory.create_batch(2, club=club, squad=squad)
    plans = [make_plan(a, weeks=1) for a in athletes]
    monday = plans[0].start_date.isoformat()
    data = {"week": monday, "action": "scale", "percent": "-10"}
    preview = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    body = preview.content.decode()
    # One confirmation, inside the site's page (title, top bar and way back to the squad).
    assert body.count("Yes, apply it") == 1
    assert f"<title>Confirm · {squad.name}" in body
    assert 'class="topbar"' in body
    # Each prescription as it is and as it would be: 60 kg less 10 % is 54, down to 52.5.
    assert f'<td class="wrap"><span class="cap">{athletes[0].name}</span><span class=' in body
    assert f'<span class="nowrap">60 kg</span> {TO} <strong class="nowrap">52.5 kg</strong>' in body
    # A lighter week: the climb back the week after may read as a jump (L4), said first.
    assert "The week after goes back to the plan's loads." in body
    assert squat_cell(plans[0]).load == Decimal("60")
    confirm_scale(owner_client, squad, data)
    for plan in plans:
        assert squat_cell(plan).load == Decimal("52.5")  # 54 kg down to the plate
    assert Plan.objects.count() == 2


def test_a_scale_that_takes_loads_past_the_heaviest_phase_says_so_before_it_applies(
    owner_client, club
):
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    StrengthTestFactory(athlete=athlete, load=Decimal("75"), reps=1)  # squat 60 kg: 80 %
    plan = make_plan(athlete, weeks=1)
    url = reverse("squad_week_scale", args=[squad.pk])
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "10"}
    body = owner_client.post(url, data).content.decode()
    assert "% of the athlete's 1RM" not in body  # 66 kg, down to the plate 65, is 87 %
    body = owner_client.post(url, {**data, "percent": "20"}).content.decode()
    heavy = re.findall(r'<span class="pill pill-danger">([^<]+)</span>', body)
    assert "93.3 % 1RM" in heavy  # the squat: 72 kg, down to the plate 70, of a 75 kg 1RM
    assert (
        f"<strong>{len(heavy)} loads would be above 90 % of the athlete's 1RM</strong>, more "
        "than any phase asks for" in body
    )
    assert squat_cell(plan).load == Decimal("60")  # nothing applied by the preview
    # Above the line already, and lowered: nothing to check.
    PlannedExercise.objects.filter(session__plan=plan, load__isnull=False).update(
        load=Decimal("72.5"), percent_1rm=Decimal("96.7")
    )
    body = owner_client.post(url, {**data, "percent": "-2"}).content.decode()
    assert "pill-danger" not in body and "% of the athlete's 1RM" not in body
    # A % stored against an older, lower 1RM: 72.5 kg is 80.6 % of the 90 kg tested since,
    # and +15 % takes it to 82.5 kg, 91.7 % of it: past the line, so marked.
    StrengthTestFactory(athlete=athlete, load=Decimal("90"), reps=1)
    body = owner_client.post(url, {**data, "percent": "15"}).content.decode()
    assert "91.7 % 1RM" in re.findall(r'<span class="pill pill-danger">([^<]+)</span>', body)


def test_scaling_a_squads_week_costs_no_query_more_for_a_bigger_squad(owner_client, club):
    """The squad's cells are written in one statement, each at its version, and its plans
    checked again together: six athletes cost what two do, the club's catalogue read once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 6):
        squad = SquadFactory(club=club)
        plans = [make_plan(AthleteFactory(club=club, squad=squad), weeks=1) for _ in range(size)]
        data = {"week": plans[0].start_date.isoformat(), "action": "scale", "percent": "-10"}
        preview = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
        seen = re.search(r'name="seen" value="([^"]+)"', preview.content.decode())[1]
        with CaptureQueriesContext(connection) as applied:
            response = owner_client.post(
                reverse("squad_week_scale", args=[squad.pk]),
                {**data, "confirm": "1", "seen": seen},
            )
        assert response.status_code == 302
        assert {squat_cell(plan).load for plan in plans} == {Decimal("52.5")}
        assert LoadChange.objects.filter(athlete=plans[-1].athlete, field="load").count() == 6
        counts.append(len(applied.captured_queries))
        catalogue = [  # programs/catalogue.py: shipped exercises, then the club's own
            q
            for q in applied.captured_queries
            if q["sql"].startswith('SELECT "exercises_exercise"."id"')
            and 'ORDER BY "exercises_exercise"."club_id" ASC' in q["sql"]
        ]
        assert len(catalogue) == 1, "the catalogue is read once"
    assert counts[0] == counts[1]


def test_the_scale_preview_marks_light_loads_the_plate_step_cuts_much_further(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    # 15 kg less 10 % is 13.5, down to 12.5: a 17 % cut, said beside it.
    assert (
        f'15 kg</span> {TO} <strong class="nowrap">12.5 kg</strong> '
        '<span class="pill pill-warn">−17 %</span>' in body
    )
    # 60 kg to 52.5 is near enough the 10 % asked: no mark.
    assert f'60 kg</span> {TO} <strong class="nowrap">52.5 kg</strong></td>' in body
    assert "makes the change well off the −10\u00a0% asked; the mark gives the real change" in body


def test_the_squad_week_key_shows_only_beside_sessions(owner_client, club):
    squad = SquadFactory(club=club)
    url = reverse("squad_week", args=[squad.pk])
    assert "Swipe the table sideways" not in owner_client.get(url).content.decode()
    AthleteFactory(club=club, squad=squad)  # no plan: nothing planned this week
    body = owner_client.get(url).content.decode()
    assert "No strength sessions planned this week." in body
    assert "Swipe the table sideways" not in body
    assert "Logged by the athlete" not in body
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    body = owner_client.get(url + f"?week={plan.start_date.isoformat()}").content.decode()
    assert "Swipe the table sideways" in body
    assert "Logged by the athlete" in body


def test_the_squad_week_heads_each_session_column_with_its_kind(owner_client, club):
    """As the load grid heads its sessions: a letter alone says nothing of what to do."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad, name="Ada Lifter"), weeks=1)
    other = make_plan(AthleteFactory(club=club, squad=squad, name="Ben Newcomer"), weeks=1)
    other.sessions.filter(label="B").update(kind="conditioning")
    other.sessions.filter(label="A").update(kind="hill_sprint", label="H")
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    body = owner_client.get(url).content.decode()
    head = body[body.index("<thead>") : body.index("</thead>")]
    assert '<th scope="col">Session A<span class="sw-kind">Lifting</span></th>' in head
    # Ada's B lifts, Ben's is conditioning (a new lifter's first weeks): both said.
    assert (
        '<th scope="col">Session B<span class="sw-kind">Lifting / Conditioning</span></th>'
    ) in head
    assert '<th scope="col">Session H<span class="sw-kind">Hill sprints</span></th>' in head


def test_the_squad_week_says_who_has_no_plan_and_links_to_assigning_one(owner_client, club):
    squad = SquadFactory(club=club)
    waiting = AthleteFactory(club=club, squad=squad, name="Nadia Plan-less")
    plan = make_plan(AthleteFactory(club=club, squad=squad, name="Omar Planned"), weeks=1)
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    body = owner_client.get(url).content.decode()
    assign = reverse("assign_athlete", args=[waiting.pk])
    row = body[body.index("Nadia Plan-less") : body.index("Omar Planned")]
    assert f'No plan yet: <a class="nowrap" href="{assign}">assign a programme</a>' in row
    assert body.count("No plan yet") == 1


def day_shown(day, monday) -> str:
    """A day as the squad week names it: its year too when not the year of the week shown."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != monday.year else "")


def test_a_plan_that_ended_in_an_earlier_year_is_dated_with_its_year(owner_client, club):
    """Looking at a week of this year, "Plan ended 20 Dec" would read as this December."""
    squad = SquadFactory(club=club)
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    over = AthleteFactory(club=club, squad=squad, name="Nadia Raced")
    end = make_plan(over, weeks=2, start=this_monday - timedelta(weeks=60)).end_date
    url = reverse("squad_week", args=[squad.pk]) + f"?week={this_monday.isoformat()}"
    body = owner_client.get(url).content.decode()
    assert end.year < this_monday.year
    assert f"Plan ended {end.day} {end:%b} {end.year}:" in body


def ended_three_weeks_ago(club):
    """A squad whose one athlete's two-week plan began three weeks before this Monday:
    the squad, this Monday, the athlete and the plan."""
    squad = SquadFactory(club=club)
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    over = AthleteFactory(club=club, squad=squad, name="Nadia Raced")
    ended = make_plan(over, weeks=2, start=this_monday - timedelta(weeks=3))
    return squad, this_monday, over, ended


def test_the_squad_week_says_whose_plan_has_ended_and_links_to_the_next_block(owner_client, club):
    """A race gone by: the row of dashes says why, as the dashboard does, not nothing."""
    squad, this_monday, over, ended = ended_three_weeks_ago(club)
    end = ended.end_date
    make_plan(AthleteFactory(club=club, squad=squad, name="Omar Planned"), weeks=1)
    url = reverse("squad_week", args=[squad.pk]) + f"?week={this_monday.isoformat()}"
    body = owner_client.get(url).content.decode()
    assign = reverse("assign_athlete", args=[over.pk])
    row = body[body.index("Nadia Raced") : body.index("Omar Planned")]
    assert (
        f'Plan ended {day_shown(end, this_monday)}: <a class="nowrap" href="{assign}">'
        "assign the next block</a>"
    ) in row
    assert body.count("Plan ended") == 1
    # The week it ended in is still the plan's: nothing said there.
    url = reverse("squad_week", args=[squad.pk]) + f"?week={ended.start_date.isoformat()}"
    assert "Plan ended" not in owner_client.get(url).content.decode()


def test_the_squad_week_says_the_next_block_is_being_made_after_a_plan_ended(owner_client, club):
    """Its next block asked for: the row says so and links to it, not only that it ended,
    nor nothing at all."""
    from schedules.models import JobStatus, PlanJob

    squad, this_monday, over, ended = ended_three_weeks_ago(club)
    end = ended.end_date
    PlanJob.objects.create(assignment=ended.assignment, athlete=over, status=JobStatus.QUEUED)
    url = reverse("squad_week", args=[squad.pk]) + f"?week={this_monday.isoformat()}"
    body = owner_client.get(url).content.decode()
    see = reverse("athlete_plan", args=[over.pk])
    assert (
        f"Plan ended {day_shown(end, this_monday)}; the next being made: "
        f'<a class="nowrap" href="{see}">'
        "see it</a>"
    ) in body
    assert reverse("assign_athlete", args=[over.pk]) not in body


def test_the_squad_week_costs_no_query_more_for_a_bigger_squad(owner_client, club):
    """Six athletes cost what two do: whose plan has ended, who has none and whose is being
    made are read with the athletes, not one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    counts = []
    for size in (2, 6):
        squad = SquadFactory(club=club)
        for i in range(size):
            athlete = AthleteFactory(club=club, squad=squad)
            if i % 2:
                make_plan(athlete, weeks=2, start=this_monday - timedelta(weeks=3))
            else:
                make_plan(athlete, weeks=1)
        url = reverse("squad_week", args=[squad.pk]) + f"?week={this_monday.isoformat()}"
        with CaptureQueriesContext(connection) as page:
            body = owner_client.get(url).content.decode()
        assert body.count("Plan ended") == size // 2
        counts.append(len(page.captured_queries))
    assert counts[0] == counts[1]


def test_the_squad_week_marks_loads_edited_by_hand_in_the_grid(owner_client, club):
    """As its preview does: a change for the whole squad changes those too."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    squad_cell = squat_cell(plan)
    edit(owner_client, squad_cell, load="65")
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    body = owner_client.get(url).content.decode()
    mark = (
        '<span class="edited" title="Edited by hand in the load grid">✎'
        '<span class="sr-only"> edited by hand</span></span>'
    )
    assert f'{squad_cell.exercise.name} <span class="dose">3×6 @ 65 kg</span> {mark}' in body
    assert body.count(mark) == 1  # only the edited one
    assert "Edited by hand in the load grid (changed too by a change below)." in body


def test_the_squad_week_says_a_plan_is_being_made_while_its_job_waits(owner_client, club):
    from programs.services import default_program
    from schedules import services

    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad, name="Queued Runner")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    services.assign_program(
        athletes=[athlete], template=default_program(), start_date=monday, user=None
    )
    body = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    plan_url = reverse("athlete_plan", args=[athlete.pk])
    assert f'Plan being made: <a class="nowrap" href="{plan_url}">see it</a>' in body
    assert "No plan yet" not in body


def test_a_squad_week_with_nothing_planned_offers_no_change_for_the_whole_squad(owner_client, club):
    """No sessions that week (nobody has a plan yet): no form that could only answer that
    there is nothing to change, nor a link down to it."""
    squad = SquadFactory(club=club)
    AthleteFactory(club=club, squad=squad)  # no plan
    body = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    assert "No strength sessions planned this week." in body
    assert "Change this week for the whole squad" not in body
    assert 'id="change-week"' not in body
    assert 'href="#change-week"' not in body


def test_the_squad_week_links_from_its_top_to_the_change_for_the_whole_squad(owner_client, club):
    """Below 40 athletes' rows the form is thousands of pixels down."""
    squad = SquadFactory(club=club)
    url = reverse("squad_week", args=[squad.pk])
    assert 'href="#change-week"' not in owner_client.get(url).content.decode()
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    body = owner_client.get(url + f"?week={plan.start_date.isoformat()}").content.decode()
    head = body[: body.index('class="table-scroll')]
    assert '<a href="#change-week">change this week for the whole squad</a>' in head
    assert 'id="change-week"' in body


def test_squad_week_deload_cuts_sets_and_makes_the_week_a_deload(owner_client, club):
    """L7: the week becomes a deload for the rules too: S1 lets its fewer sets be (they
    were flagged as too few), and a change carried from an earlier week keeps them."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=2)
    week_2 = plan.start_date + timedelta(weeks=1)
    data = {"week": week_2.isoformat(), "action": "deload"}
    confirm_scale(owner_client, squad, data)
    assert squat_cell(plan, 2).sets == 2
    assert set(plan.sessions.filter(week=2).values_list("deload", flat=True)) == {True}
    assert set(plan.sessions.filter(week=1).values_list("deload", flat=True)) == {False}
    plan.refresh_from_db()
    assert not [w for w in plan.warnings if w["rule"] == "S1"], plan.warnings
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65", sets="4")
    assert carry(owner_client, cell, {"scope": "later"}).status_code == 302
    assert (squat_cell(plan, 2).load, squat_cell(plan, 2).sets) == (Decimal("65"), 2)


def test_undoing_a_squad_deload_takes_its_deload_mark_off_again(owner_client, club):
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    plan = make_plan(athlete, weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "deload"}
    confirm_scale(owner_client, squad, data)
    assert set(plan.sessions.values_list("deload", flat=True)) == {True}

    response = post_undo(owner_client, athlete.pk)

    assert response.status_code == 302
    assert squat_cell(plan).sets == 3
    assert set(plan.sessions.values_list("deload", flat=True)) == {False}
    # The week can be deloaded again, not refused as a deload already.
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content
    assert b"deload already" not in body


def test_a_deload_on_a_week_that_is_one_already_is_not_cut_again(owner_client, club):
    squad = SquadFactory(club=club)
    deloaded = make_plan(AthleteFactory(club=club, squad=squad, name="Ada Deloaded"), weeks=1)
    other = make_plan(AthleteFactory(club=club, squad=squad, name="Bo Loading"), weeks=1)
    deloaded.sessions.update(deload=True)
    data = {"week": deloaded.start_date.isoformat(), "action": "deload"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    assert "Already a deload that week, left as it is: Ada Deloaded." in body
    assert "Not changed: Ada" not in body
    confirm_scale(owner_client, squad, data)
    assert (squat_cell(deloaded).sets, squat_cell(other).sets) == (3, 2)


def test_a_deload_on_a_week_all_deload_already_does_not_say_it_has_no_sessions(owner_client, club):
    squad = SquadFactory(club=club)
    deloaded = make_plan(AthleteFactory(club=club, squad=squad, name="Ada Deloaded"), weeks=1)
    deloaded.sessions.update(deload=True)
    data = {"week": deloaded.start_date.isoformat(), "action": "deload"}
    url = reverse("squad_week_scale", args=[squad.pk])
    body = owner_client.post(url, data).content.decode()
    assert "That week is a deload already for Ada Deloaded" in body
    assert "no unlogged sessions" not in body
    # Beside one with nothing unlogged that week, that one is named for it.
    AthleteFactory(club=club, squad=squad, name="Bo Planless")
    body = owner_client.post(url, data).content.decode()
    assert "Nothing else to change in that week: Bo Planless has no unlogged session in it." in body


def test_squad_week_bad_percent_is_refused(owner_client, club):
    squad = SquadFactory(club=club)
    AthleteFactory(club=club, squad=squad)
    data = {"week": "2026-01-05", "action": "scale", "percent": "-90"}
    response = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    # The squad's week again, the message once, beside the percentage field.
    assert f"{squad.name}: week of 5 January 2026" in body
    assert body.count("Take off 50 % at most (-50).") == 1
    # Said at the top too, where the page opens, with a link to the form.
    assert 'Nothing was changed: <a href="#change-week">' in body
    field = body[body.index('name="percent"') - 600 : body.index('name="percent"') + 400]
    assert "Take off 50 % at most (-50)." in field


@pytest.mark.parametrize("percent", ["-90", "30", "heavy", "0", ""])
def test_a_deload_is_not_refused_for_the_percentage_it_does_not_use(owner_client, club, percent):
    """The page hides the percentage once a deload is chosen: a figure refused a moment
    before, still in the hidden box, does not stop the deload (nor show nowhere)."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "deload", "percent": percent}
    response = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "takes about 40 % of the sets off" in body and "Yes, apply it" in body
    confirm_scale(owner_client, squad, data)
    assert squat_cell(plan).sets == 2  # 3 sets less about 40 %


def test_rule_check_after_an_edit_holds_the_plan_row(owner_client, plan):
    """Checks run one at a time per plan, so the last one sees every committed edit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        edit(owner_client, squat_cell(plan), load="65")
    sql = [q["sql"] for q in ctx.captured_queries]
    locked = [i for i, q in enumerate(sql) if 'FROM "schedules_plan"' in q and "FOR UPDATE" in q]
    saved = [i for i, q in enumerate(sql) if q.startswith('UPDATE "schedules_plan"')]
    assert saved
    if connection.features.has_select_for_update:
        assert locked and locked[-1] < saved[-1]


def test_the_answer_to_an_edit_carries_the_saved_version_for_the_next_one(owner_client, plan):
    cell = squat_cell(plan)
    body = edit(owner_client, cell, load="62.5").content.decode()
    assert body.count('name="version" value="2"') == 2  # both plate-step buttons
    step = owner_client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "up", "version": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert step.status_code == 200
    assert 'name="version" value="3"' in step.content.decode()
    cell.refresh_from_db()
    assert (cell.load, cell.version) == (Decimal("65"), 3)


def test_grid_cells_escape_a_club_exercise_name(owner_client, club, athlete, plan):
    hostile = '<img src=x onerror="alert(1)">'
    exercise = Exercise.objects.create(
        club=club,
        slug="club-squat",
        name=hostile,
        category="max_strength",
        pattern="squat",
        laterality="bilateral",
        equipment="barbell",
        load_mode="percent_1rm",
    )
    PlannedExercise.objects.filter(pk=squat_cell(plan).pk).update(exercise=exercise)
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert hostile not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_history_panel_names_who_what_when_and_marks_undone(owner_client, owner, athlete, plan):
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65")
    edit(owner_client, squat_cell(plan), load="70")
    post_undo(owner_client, athlete.pk)
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    panel = body[body.index('id="grid-history"') :]
    day = f"{cell.session.date.day} {cell.session.date:%b}"
    assert panel.index("load 65 → 70 kg") < panel.index("load 60 → 65 kg")  # newest first
    # One line per action: the load and the % 1RM it moved are told together.
    assert f"Back squat ({day}): load 65 → 70 kg, % 1RM 81.3 → 87.5 <em>(undone)</em>" in panel
    assert f"Back squat ({day}): load 60 → 65 kg, % 1RM 80 → 81.3</li>" in panel
    assert f"· {owner.username}</span>" in panel
    assert panel.count("<li") == 2


def test_history_panel_tells_sets_rir_and_notes_in_plain_words(owner_client, athlete, plan):
    edit(owner_client, squat_cell(plan), sets="4", rir="1", note="Pause at the bottom")
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    panel = body[body.index('id="grid-history"') :]
    assert "sets 3 → 4, RIR 2 → 1, note “Pause at the bottom”</li>" in panel


def test_grid_page_marks_a_hand_edited_cell_with_who_edited_it(owner_client, athlete, plan):
    cell = squat_cell(plan)
    edit(owner_client, cell, load="65")
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    start = body.index(f'<td id="cell-{cell.pk}" class="cell edited" data-version="')
    own = body[start : body.index("</td>", start)]
    assert '<strong class="load">65 kg</strong>' in own
    assert 'title="Edited by owner' in own and "✎" in own
    assert body.count("edited-mark") == 1  # only the edited cell carries the mark


def test_grid_page_heads_each_week_with_its_phase_and_first_day(owner_client, athlete, plan):
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    head = body[body.index("<thead>") : body.index("</thead>")]
    assert head.count('class="weekhead') == 3
    for number in (1, 2, 3):
        first_day = plan.start_date + timedelta(days=7 * (number - 1))
        before = first_day - timedelta(days=7)
        new_year = number == 1 or before.year != first_day.year  # the year is given there
        day = f"{first_day.day} {first_day:%b}" + (f" {first_day.year}" if new_year else "")
        assert f'<small class="muted">{day}</small>' in head
    assert '<th class="weekhead phase-' in head and "Wk 1" in head and "Wk 3" in head


def test_grid_keeps_a_column_for_a_week_without_lifting(owner_client, athlete, plan):
    PlannedSession.objects.filter(plan=plan, week=2).delete()
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    head = body[body.index("<thead>") : body.index("</thead>")]
    assert head.count('class="weekhead') == 3 and "Wk 2" in head
    row = body[body.index("Back squat") :]
    row = row[: row.index("</tr>")]
    assert row.count("<td") == 3  # week 2's cell is there, empty


def test_a_group_of_hill_sprints_is_named_in_words(owner_client, athlete, plan):
    first = PlannedSession.objects.get(plan=plan, week=1, label="A")
    hills = session_beside(first, days=3, time="am", kind="hill_sprint", label="H")
    squat = squat_cell(plan)
    PlannedExercise.objects.create(
        session=hills, order=0, exercise=squat.exercise, category="power", sets=6, reps=1, unit="kg"
    )
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert "Session H · Hill sprints" in body
    assert "Hill_sprint" not in body


def test_a_label_twice_in_a_week_gets_a_row_group_per_turn_so_each_cell_is_editable(
    owner_client, athlete, plan
):
    first = PlannedSession.objects.get(plan=plan, week=1, label="A")
    second = session_beside(first, days=2, time="pm")
    squat = squat_cell(plan)
    again = PlannedExercise.objects.create(
        session=second,
        order=0,
        exercise=squat.exercise,
        category=squat.category,
        sets=3,
        reps=5,
        load=Decimal("62.5"),
        unit="kg",
    )
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert "Session A · Lifting" in body
    assert "Session A, 2nd of the week · Lifting" in body
    assert f'id="cell-{squat.pk}"' in body and f'id="cell-{again.pk}"' in body
    turn = body[body.index("Session A, 2nd of the week") :]
    turn = turn[: turn.index("</tbody>")]
    assert turn.count("<td") == 3 and "62.5 kg" in turn  # only week 1 has a second A


def test_carrying_a_first_turn_leaves_the_weeks_second_turns_alone(owner_client, plan):
    firsts = {week: squat_cell(plan, week) for week in (1, 2, 3)}
    seconds = []
    for week in (1, 2, 3):
        first = PlannedSession.objects.get(plan=plan, week=week, label="A")
        second = session_beside(first, days=2, time="pm")
        seconds.append(
            PlannedExercise.objects.create(
                session=second,
                order=0,
                exercise=firsts[1].exercise,
                category="max_strength",
                sets=3,
                reps=5,
                load=Decimal("50"),
                unit="kg",
            )
        )
    cell = firsts[1]
    edit(owner_client, cell, load="67.5")
    response = carry(owner_client, cell, {"scope": "later"})
    assert response.status_code == 302
    for week in (2, 3):
        firsts[week].refresh_from_db()
        assert firsts[week].load == Decimal("67.5")
    for other in seconds:
        other.refresh_from_db()
        assert other.load == Decimal("50")  # the "A, 2nd of the week" row is its own


def test_a_load_off_a_round_percent_is_not_flagged_against_its_own_percent(owner_client, plan):
    # 67.5 kg of a 70 kg 1RM is 96.43 %, kept as 96.4 %: a hair under the load itself.
    StrengthTest.objects.filter(athlete=plan.athlete).update(
        load=Decimal("70"), estimated_1rm=Decimal("70")
    )
    cell = squat_cell(plan)
    body = edit(owner_client, cell, load="67.5").content.decode()
    cell.refresh_from_db()
    assert cell.percent_1rm == Decimal("96.4")
    assert "67.5 kg is above" not in body
    plan.refresh_from_db()
    assert not any("67.5 kg is above" in w["message"] for w in plan.warnings)
    # A load a whole step above its percentage is still flagged.
    PlannedExercise.objects.filter(pk=cell.pk).update(percent_1rm=Decimal("93"))
    edit(owner_client, squat_cell(plan), note="check again")
    plan.refresh_from_db()
    assert any("67.5 kg is above" in w["message"] for w in plan.warnings)


def test_the_grid_belongs_to_athletes_in_the_top_bar(owner_client, athlete, plan):
    html = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert 'aria-current="page">Athletes</a>' in html
    assert 'aria-current="page">Squads</a>' not in html


@pytest.mark.parametrize("route", ["squad_week", "assign_squad"])
def test_squad_pages_belong_to_squads_in_the_top_bar(owner_client, club, route):
    squad = SquadFactory(club=club)
    html = owner_client.get(reverse(route, args=[squad.pk])).content.decode()
    assert 'aria-current="page">Squads</a>' in html


def test_the_grid_of_an_athlete_without_a_plan_points_to_assigning_one(owner_client, athlete):
    response = owner_client.get(reverse("plan_grid", args=[athlete.pk]), follow=True)
    assert response.redirect_chain == [(reverse("athlete_plan", args=[athlete.pk]), 302)]
    assert "has no plan yet: assign a programme first." in response.content.decode()


def test_a_load_and_a_percent_that_disagree_are_refused_beside_the_percent(owner_client, plan):
    cell = squat_cell(plan)  # 60 kg of the 80 kg 1RM
    response = edit(owner_client, cell, load="50", percent_1rm="90")
    assert response.status_code == 400
    assert (
        "50 kg is 62.5 % of the 80 kg 1RM, and 90 % would be 70 kg: change the load or the %, "
        "not both." in response.content.decode()
    )
    assert squat_cell(plan).load == Decimal("60")
    # Both typed and in agreement: saved as typed.
    assert edit(owner_client, cell, load="70", percent_1rm="90").status_code == 200
    assert (squat_cell(plan).load, squat_cell(plan).percent_1rm) == (Decimal("70"), Decimal("90"))


def test_save_and_carry_is_one_action_to_undo_and_names_logged_weeks(owner_client, plan):
    before = [squat_cell(plan, week).load for week in (1, 2, 3)]
    PlannedSession.objects.filter(pk=squat_cell(plan, 2).session_id).update(
        logged_at=timezone.now()
    )
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert response.status_code == 302
    assert [squat_cell(plan, week).load for week in (1, 2, 3)] == [
        Decimal("65"),
        before[1],  # logged: kept as it was done
        Decimal("65"),
    ]
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    day = squat_cell(plan, 2).session.date
    assert f"1 logged session kept what was done ({day:%-d %b})." in page

    post_undo(owner_client, plan.athlete_id)

    assert [squat_cell(plan, week).load for week in (1, 2, 3)] == before


def test_scaling_a_week_keeps_the_lightest_plate_and_moves_the_percent(owner_client, club):
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    plan = make_plan(athlete, weeks=1)
    squat = squat_cell(plan)
    PlannedExercise.objects.filter(pk=squat.pk).update(percent_1rm=Decimal("75"))
    light = PlannedExercise.objects.filter(session__plan=plan).exclude(pk=squat.pk).first()
    PlannedExercise.objects.filter(pk=light.pk).update(load=Decimal("2.5"), percent_1rm=None)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    confirm_scale(owner_client, squad, data)
    squat.refresh_from_db()
    light.refresh_from_db()
    assert (squat.load, squat.percent_1rm) == (Decimal("52.5"), Decimal("65.6"))  # 75 % x 52.5/60
    assert light.load == Decimal("2.5")  # not 0 kg


def test_a_cell_without_a_load_shows_the_effort_not_a_percent(owner_client, plan):
    cell = squat_cell(plan)
    PlannedExercise.objects.filter(pk=cell.pk).update(load=None, rir=2, percent_1rm=Decimal("80"))
    body = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    html = body[body.index(f'id="cell-{cell.pk}"') :]
    html = html[: html.index("</td>")]
    assert 'title="No 1RM yet: by effort">RIR 2</span>' in html
    assert "80%" not in html


def test_a_body_weight_cell_by_effort_does_not_say_a_1rm_is_missing(owner_client, plan):
    """A lift planned with no % 1RM (body weight, or its load emptied by hand) goes by effort
    by design: its RIR is explained as such, not as a 1RM test still to come."""
    cell = squat_cell(plan)
    PlannedExercise.objects.filter(pk=cell.pk).update(load=None, rir=2, percent_1rm=None)
    body = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    html = body[body.index(f'id="cell-{cell.pk}"') :]
    html = html[: html.index("</td>")]
    assert "No 1RM" not in html
    assert 'title="By effort: stop this many reps short of failure (S3)">RIR 2</span>' in html


def test_a_loaded_cell_shows_its_rir_and_a_change_of_it_is_seen_and_read_out(owner_client, plan):
    """A lift with a load is also prescribed its reps in reserve (S3): a changed RIR shows in
    the cell and is read out, not only kept in the editor."""
    cell = squat_cell(plan)
    day = f"{cell.session.date:%-d %b}"
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    html = page[page.index(f'id="cell-{cell.pk}"') :]
    assert '">RIR 2</span>' in html[: html.index("</td>")]
    body = edit(owner_client, cell, rir="0").content.decode()
    html = body[body.index(f'id="cell-{cell.pk}"') :]
    assert '">RIR 0</span>' in html[: html.index("</td>")]
    said = announced(body)
    assert said.startswith(f"Back squat, {day}: {cell.sets}×{cell.reps} at 60 kg, RIR 0. ")


def test_a_new_percent_without_a_1rm_on_record_is_refused(owner_client, athlete):
    """With no 1RM test there is no load to work out from a %: it would be saved and shown
    nowhere (the cell goes by effort), so the editor says what to do instead."""
    cell = squat_cell(make_plan(athlete, weeks=3))
    assert not athlete.current_one_rep_maxes()
    response = edit(owner_client, cell, percent_1rm="75")
    assert response.status_code == 400
    assert "No 1RM test on record for this lift" in response.content.decode()
    assert PlannedExercise.objects.get(pk=cell.pk).version == cell.version
    # The % it holds, posted back unchanged, does not stand in the way of other edits.
    assert edit(owner_client, cell, sets="2").status_code == 200


def test_a_cell_note_shows_in_the_grid(owner_client, plan):
    cell = squat_cell(plan)
    assert edit(owner_client, cell, note='Slow <b>eccentric</b> "3 s"').status_code == 200
    body = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    html = body[body.index(f'id="cell-{cell.pk}"') :]
    html = html[: html.index("</td>")]
    assert (
        '<span class="cell-note" title="Note for the athlete: '
        'Slow &lt;b&gt;eccentric&lt;/b&gt; &quot;3 s&quot;">'
        '<span class="sr-only">Note for the athlete: </span>'
        "Slow &lt;b&gt;eccentric&lt;/b&gt; &quot;3 s&quot;</span>" in html
    )


def test_a_cell_note_of_invisible_characters_is_stored_empty(owner_client, plan):
    cell = squat_cell(plan)
    assert edit(owner_client, cell, note="\u200b\u200f\ufeff \u0301").status_code == 200
    cell.refresh_from_db()
    assert cell.note == ""
    assert edit(owner_client, cell, note="\u200bSlow down\ufeff").status_code == 200
    cell.refresh_from_db()
    assert cell.note == "Slow down"


def test_undo_writes_only_the_fields_the_grid_edits(owner_client, owner, plan):
    """A history row naming another column (from an old or hand-made file) is never written."""
    cell = squat_cell(plan)
    LoadChange.objects.create(
        planned_exercise=cell,
        athlete=plan.athlete,
        user=owner,
        field="exercise_id",
        old_value="1",
        new_value=str(cell.exercise_id),
        batch="b1",
    )
    response = post_undo(owner_client, plan.athlete_id, follow=True)
    assert "This change cannot be undone." in response.content.decode()
    before = cell.exercise_id
    cell.refresh_from_db()
    assert cell.exercise_id == before and cell.exercise.slug == "back-squat"


def test_undo_leaves_a_session_logged_since_as_it_was_prescribed(owner_client, plan):
    before = squat_cell(plan, 2).load
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert response.status_code == 302
    logged = squat_cell(plan, 3)
    PlannedSession.objects.filter(pk=logged.session_id).update(logged_at=timezone.now())

    response = post_undo(owner_client, plan.athlete_id, follow=True)

    # Load and % 1RM of the logged week's squat stay; the rest of the carry is undone.
    body = response.content.decode()
    assert "1 cell in sessions logged since stays as prescribed." in body
    undone = LoadChange.objects.filter(athlete=plan.athlete, undone=True)
    cells = undone.values("planned_exercise").distinct().count()
    assert cells > 1 and f"Undone: {cells} cells back as they were." in body
    assert squat_cell(plan, 3).load == Decimal("65")  # as it was when the athlete lifted it
    assert squat_cell(plan, 2).load == before  # the rest of the action is undone
    assert squat_cell(plan).load == Decimal("60")


@pytest.mark.parametrize("route", ["cell_step", "cell_edit"])
def test_an_edit_of_a_cell_re_planned_meanwhile_reloads_the_grid(
    owner_client, plan, monkeypatch, route
):
    from schedules.views import grid as grid_views

    found = grid_views._planned_for_user

    def re_planned_meanwhile(request, pk):
        planned = found(request, pk)
        PlannedExercise.objects.filter(pk=pk).delete()  # as a re-plan committing now
        return planned

    monkeypatch.setattr(grid_views, "_planned_for_user", re_planned_meanwhile)
    cell = squat_cell(plan)
    if route == "cell_step":
        data = {"direction": "up", "version": cell.version}
        response = owner_client.post(reverse(route, args=[cell.pk]), data, HTTP_HX_REQUEST="true")
    else:
        response = edit(owner_client, cell, load="62.5")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    assert "Not saved: the plan was made again meanwhile." in page


def test_confirming_a_squad_scale_twice_scales_once(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    preview = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    seen = re.search(r'name="seen" value="([^"]+)"', preview.content.decode())[1]
    confirm = {**data, "confirm": "1", "seen": seen}
    assert (
        owner_client.post(reverse("squad_week_scale", args=[squad.pk]), confirm).status_code == 302
    )
    again = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), confirm)
    assert again.status_code == 409
    assert "The week changed since that preview" in again.content.decode()
    assert squat_cell(plan).load == Decimal("52.5")  # 60 less 10 %, once


def test_carry_over_a_later_cell_changed_since_the_page_showed_it_is_409(owner_client, coach, plan):
    from django.test import Client

    cell = squat_cell(plan)
    shown = row_versions(owner_client, cell)  # what the owner's page shows
    other = Client()
    other.force_login(coach)
    assert edit(other, squat_cell(plan, 3), load="70").status_code == 200
    data = {"row_versions": shown, "scope": "later", "version": cell.version, "sets": cell.sets}
    data.update(reps=cell.reps, load="62.5", percent_1rm="", rir=cell.rir or "", note="")
    response = owner_client.post(
        reverse("cell_carry", args=[cell.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert response["HX-Refresh"] == "true"  # the grid reloads to show what is there now
    # Nothing written: not this cell's typed load, not the carry, not the other coach's 70.
    assert [squat_cell(plan, w).load for w in (1, 2, 3)] == [60, 60, 70]
    assert LoadChange.objects.filter(user__username="owner").count() == 0
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    assert "Not carried: second changed 1 of the later cells in this row" in page
    # What the coach typed in the editor, gone with the reload, is said: to make again.
    assert "nothing was saved. Here they are now. Yours was: load 62.5." in page
    # Shown the 70 now, the coach carries over it.
    assert carry(owner_client, cell, {"scope": "later"}).status_code == 302
    assert squat_cell(plan, 3).load == 60


def test_a_carry_over_a_later_cell_the_coach_changed_on_another_screen_says_so(owner_client, plan):
    cell = squat_cell(plan)
    shown = row_versions(owner_client, cell)  # this screen's page
    assert edit(owner_client, squat_cell(plan, 3), load="70").status_code == 200  # the other
    data = {"row_versions": shown, "scope": "later"}
    response = owner_client.post(reverse("cell_carry", args=[cell.pk]), data)
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "Not carried: you (on another screen) changed 1 of the later cells in this row" in (page)
    assert squat_cell(plan, 3).load == 70


def test_a_carry_from_an_editor_counts_a_later_cell_open_in_its_own_editor(owner_client, plan):
    """An open editor carries its cell's version too: two editors in a row are no conflict."""
    week3 = squat_cell(plan, 3)
    editor = owner_client.get(reverse("cell_edit", args=[week3.pk]), HTTP_HX_REQUEST="true")
    assert f'<td id="cell-{week3.pk}" class="cell editing" data-version="{week3.version}">' in (
        editor.content.decode()
    )


def test_an_undo_since_the_page_showed_the_row_also_stops_a_carry(owner_client, coach, plan):
    from django.test import Client

    other = Client()
    other.force_login(coach)
    edit(other, squat_cell(plan, 3), load="70")
    cell = squat_cell(plan)
    shown = row_versions(owner_client, cell)
    post_undo(other, plan.athlete_id)
    assert squat_cell(plan, 3).load == 60 and squat_cell(plan, 3).edited_at is None
    data = {"row_versions": shown, "scope": "later"}
    response = owner_client.post(
        reverse("cell_carry", args=[cell.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert not LoadChange.objects.filter(user__username="owner").exists()


def test_a_later_cell_the_athlete_has_logged_since_does_not_stop_a_carry(owner_client, coach, plan):
    """The carry leaves logged sessions as they were done, so their changes are no conflict."""
    edit(owner_client, squat_cell(plan), load="65")
    cell = squat_cell(plan)
    shown = row_versions(owner_client, cell)
    week3 = squat_cell(plan, 3)
    PlannedExercise.objects.filter(pk=week3.pk).update(version=week3.version + 1)
    PlannedSession.objects.filter(pk=week3.session_id).update(logged_at=timezone.now())
    data = {"row_versions": shown, "scope": "later"}
    response = owner_client.post(reverse("cell_carry", args=[cell.pk]), data)
    assert response.status_code == 302
    assert (squat_cell(plan, 2).load, squat_cell(plan, 3).load) == (65, 60)


@pytest.mark.parametrize(
    "shown",
    [
        None,
        "",
        "yesterday",
        "[1, 2]",
        '{"x": "y"}',
        "{" * 30000,
        '{"1": Infinity}',
        '{"1": 1e400}',
        '{"1": 3.5}',
        '{"1": "2"}',
        '{"-1": 2}',
        "[" * 5000 + "]" * 5000,
        '{"a":' * 3000 + "1" + "}" * 3000,
    ],
)
def test_carry_without_the_rows_versions_is_refused(owner_client, plan, shown):
    cell = squat_cell(plan)
    data = {"scope": "later"} if shown is None else {"scope": "later", "row_versions": shown}
    response = owner_client.post(
        reverse("cell_carry", args=[cell.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert [squat_cell(plan, w).hand_edited for w in (2, 3)] == [False, False]


def test_save_and_carry_carries_only_what_was_changed(owner_client, plan):
    later = squat_cell(plan, 3)
    PlannedExercise.objects.filter(pk=later.pk).update(sets=4, reps=4)
    cell = squat_cell(plan)
    response = edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert response.status_code == 302
    later = squat_cell(plan, 3)
    assert (later.load, later.sets, later.reps) == (Decimal("65"), 4, 4)


def test_undo_passes_over_an_edit_whose_session_is_logged_since(owner_client, plan):
    """Week 1 edited, then week 2, then week 2 logged: undo restores week 1 and keeps week 2
    as it was lifted; nothing is left blocking, and history marks only what was undone."""
    first, second = squat_cell(plan, 1), squat_cell(plan, 2)
    assert edit(owner_client, first, load="65").status_code == 200
    assert edit(owner_client, second, load="70").status_code == 200
    PlannedSession.objects.filter(pk=second.session_id).update(logged_at=timezone.now())

    response = post_undo(owner_client, plan.athlete_id, follow=True)

    assert "Undone: 1 cell back as it was." in response.content.decode()
    assert squat_cell(plan, 1).load == Decimal("60")
    assert squat_cell(plan, 2).load == Decimal("70")
    assert not LoadChange.objects.filter(planned_exercise=second, undone=True).exists()
    again = post_undo(owner_client, plan.athlete_id, follow=True)
    assert "There is nothing to undo." in again.content.decode()


def test_save_and_carry_of_a_note_carries_the_note_only(owner_client, plan):
    later = squat_cell(plan, 3)
    cell = squat_cell(plan)
    response = edit_via(
        owner_client, "cell_carry", cell, htmx=False, note="Pause at the bottom", scope="later"
    )
    assert response.status_code == 302
    after = squat_cell(plan, 3)
    assert (after.load, after.sets, after.reps) == (later.load, later.sets, later.reps)
    assert after.note == "Pause at the bottom"


def test_a_confirmation_applies_only_the_change_its_preview_showed(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    preview = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    seen = re.search(r'name="seen" value="([^"]+)"', preview.content.decode())[1]
    other = {**data, "percent": "-20", "confirm": "1", "seen": seen}
    response = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), other)
    assert response.status_code == 409
    assert squat_cell(plan).load == Decimal("60")


def test_undo_is_not_blocked_by_a_logged_cell_edited_again(owner_client, plan):
    """Carry 65 to weeks 2-3, edit week 3 to 70, week 3 logged: undo restores weeks 1-2."""
    before = [squat_cell(plan, week).load for week in (1, 2)]
    cell = squat_cell(plan)
    edit_via(owner_client, "cell_carry", cell, htmx=False, load="65", scope="later")
    assert edit(owner_client, squat_cell(plan, 3), load="70").status_code == 200
    PlannedSession.objects.filter(pk=squat_cell(plan, 3).session_id).update(
        logged_at=timezone.now()
    )
    response = post_undo(owner_client, plan.athlete_id, follow=True)
    assert "Cannot undo" not in response.content.decode()
    assert [squat_cell(plan, week).load for week in (1, 2)] == before
    assert squat_cell(plan, 3).load == Decimal("70")


def test_a_long_cell_note_is_kept_whole_in_the_history(owner_client, plan):
    note = "Pause two seconds at the bottom, drive up fast, " * 4  # 196 characters
    cell = squat_cell(plan)
    assert edit(owner_client, cell, note=note.strip()).status_code == 200
    change = LoadChange.objects.get(planned_exercise=cell, field="note")
    assert change.new_value == note.strip()
    change.full_clean()  # fits its column, as PostgreSQL will insist


def test_scaling_a_week_sets_the_percent_from_the_1rm_as_a_grid_edit_does(owner_client, club):
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    StrengthTestFactory(athlete=athlete, load=Decimal("70"), reps=1)
    plan = make_plan(athlete, weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    confirm_scale(owner_client, squad, data)
    squat = squat_cell(plan)
    assert (squat.load, squat.percent_1rm) == (Decimal("52.5"), Decimal("75"))  # 52.5 of 70


def test_a_lift_of_a_logged_session_without_a_set_ticked_reads_not_done(owner_client, plan):
    """The athlete ticked the squat's sets and none of the rest: only the squat was done."""
    cell = squat_cell(plan)
    PlannedSession.objects.filter(pk=cell.session_id).update(logged_at=timezone.now())
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True)
    SetLog.objects.create(planned_exercise=cell, set_number=2, done=False)
    skipped = PlannedExercise.objects.filter(session=cell.session_id).exclude(pk=cell.pk)
    SetLog.objects.create(planned_exercise=skipped[0], set_number=1, done=False, reps=3)
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()

    def shown(pk: int) -> str:
        html = page[page.index(f'id="cell-{pk}"') :]
        return html[: html.index("</td>")]

    assert "✓ logged" in shown(cell.pk) and "not done" not in shown(cell.pk)
    for other in skipped:
        assert ">not done</span>" in shown(other.pk) and "✓ logged" not in shown(other.pk)
        assert f"/loads/{other.pk}/edit/" not in shown(other.pk)  # on record all the same
    # The cell alone (an editor cancelled, an edit refused) says the same as the page.
    alone = owner_client.get(reverse("cell", args=[skipped[0].pk]), HTTP_HX_REQUEST="true")
    assert ">not done</span>" in alone.content.decode()
    refused = edit(owner_client, skipped[0], load="70")
    assert refused.status_code == 409 and ">not done</span>" in refused.content.decode()
    alone = owner_client.get(reverse("cell", args=[cell.pk]), HTTP_HX_REQUEST="true")
    assert "✓ logged" in alone.content.decode()


def test_the_week_under_way_is_marked_in_the_grids_head(owner_client, plan):
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    heads = re.findall(r'<th class="weekhead[^"]*"[^>]*><span>([^<]*)</span>', page)
    assert heads[:2] == ["Wk 1 · this week", "Wk 2"] and "this week" not in "".join(heads[1:])
    assert page.count('aria-current="date"') == 1


def test_a_cell_of_a_logged_session_is_not_edited(owner_client, plan):
    cell = squat_cell(plan)
    PlannedSession.objects.filter(pk=cell.session_id).update(logged_at=timezone.now())
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True)
    step = press(owner_client, cell, "up")
    assert step.status_code == 409
    assert "the athlete has logged this session" in step.content.decode()
    assert edit(owner_client, cell, load="70").status_code == 409
    assert squat_cell(plan).load == Decimal("60")
    assert not LoadChange.objects.exists()
    # The grid shows it done, without the editor link or the plus and minus a coach would
    # only be refused by; the next week's cell is still open to edits.
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    done = page[page.index(f'id="cell-{cell.pk}"') :]
    done = done[: done.index("</td>")]
    assert "✓ logged" in done
    assert f"/loads/{cell.pk}/edit/" not in done
    assert "stepper" not in done and "/step/" not in done
    later = squat_cell(plan, 2)
    assert f'href="/loads/{later.pk}/edit/"' in page
    assert f'action="/loads/{later.pk}/step/"' in page


def test_odd_numbers_in_a_cell_edit_are_harmless(owner_client, plan):
    cell = squat_cell(plan)
    assert edit(owner_client, cell, load="-0").status_code == 400  # no load: an empty box
    assert edit(owner_client, cell, load="+062.50").status_code == 200
    change = LoadChange.objects.get(planned_exercise=cell, field="load")
    assert change.new_value == "62.5"  # as stored, so undo still matches
    huge = {"direction": "up", "version": "9" * 5000}
    assert owner_client.post(reverse("cell_step", args=[cell.pk]), huge).status_code == 400


def test_an_edit_is_saved_and_answered_when_the_race_moved_beyond_the_planners_reach(
    owner_client, athlete, plan
):
    """The rules cannot be re-checked against a profile the planner refuses: the edit stands,
    the warnings stay as they were, and the coach gets the cell, not a server error."""
    from athletes.models import Athlete

    far = plan.start_date + timedelta(weeks=160)
    Athlete.objects.filter(pk=athlete.pk).update(race_date=far)
    warnings_before = Plan.objects.get(pk=plan.pk).warnings
    cell = squat_cell(plan)
    response = press(owner_client, cell, "up")
    assert response.status_code == 200
    assert "62.5 kg" in response.content.decode()
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("62.5")
    assert Plan.objects.get(pk=plan.pk).warnings == warnings_before


def test_a_conflict_brings_the_other_coachs_history_line_and_warnings(owner_client, owner, plan):
    cell = squat_cell(plan)
    seen = cell.version
    assert edit(owner_client, cell, load="65").status_code == 200  # in another tab
    response = owner_client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "up", "version": seen},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed this cell on another screen a moment ago" in body
    assert 'id="grid-history"' in body and "load 60 → 65" in body
    assert 'id="grid-warnings"' in body and 'hx-swap-oob="true"' in body
    assert PlannedExercise.objects.get(pk=cell.pk).load == Decimal("65")


def test_undo_is_offered_only_while_something_is_left_to_undo(owner_client, athlete, plan):
    grid = reverse("plan_grid", args=[athlete.pk])
    button = re.compile(r"<button[^>]*\bdisabled\b[^>]*>Undo last change")
    assert button.search(owner_client.get(grid).content.decode())  # no history yet
    edit(owner_client, squat_cell(plan), load="65")
    assert not button.search(owner_client.get(grid).content.decode())
    post_undo(owner_client, athlete.pk)
    body = owner_client.get(grid).content.decode()
    assert "load 60 → 65" in body  # the undone line stays in the history
    assert button.search(body)


def test_undo_is_not_offered_for_a_change_in_a_session_logged_since(owner_client, athlete, plan):
    grid = reverse("plan_grid", args=[athlete.pk])
    button = re.compile(r"<button[^>]*\bdisabled\b[^>]*>Undo last change")
    cell = squat_cell(plan)
    assert press(owner_client, cell).status_code == 200
    assert not button.search(owner_client.get(grid).content.decode())
    PlannedSession.objects.filter(pk=cell.session_id).update(logged_at=timezone.now())
    body = owner_client.get(grid).content.decode()
    assert button.search(body)  # what was lifted stays as prescribed: nothing to undo
    assert "load 60 → 62.5" in body  # the change is still in the history


def test_undo_stays_offered_while_older_changes_than_the_panel_shows_remain(
    owner_client, athlete, plan
):
    """The panel lists the latest 15 actions; with all of those undone, an older change
    can still be undone, and the button says so until none is left."""
    grid = reverse("plan_grid", args=[athlete.pk])
    button = re.compile(r"<button[^>]*\bdisabled\b[^>]*>Undo last change")
    for _ in range(17):
        assert press(owner_client, squat_cell(plan)).status_code == 200
    for left in range(16, -1, -1):
        post_undo(owner_client, athlete.pk)
        disabled = bool(button.search(owner_client.get(grid).content.decode()))
        assert disabled == (left == 0), left
    assert squat_cell(plan).load == Decimal("60")


def test_a_warning_about_a_lift_held_out_for_pain_is_not_counted_as_broken(
    owner_client, club, owner
):
    """The athlete does not do the lift (L9): the grid and the plan page show its warning
    apart, marked, and the dashboard does not ask for a look at it, until the coach clears
    the flag; warnings about the lifts the athlete does stay as they are."""
    from schedules.logbook import club_statuses
    from schedules.models import PainFlag
    from schedules.views.grid import _current_warnings

    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=3)
    reported, held = squat_cell(plan, 1), squat_cell(plan, 2)
    day = held.session.date.isoformat()
    squat = f"{held.exercise.name}: up 5 kg in 1 week; one plate step a week at most"
    calf = held.session.exercises.get(exercise__slug="calf-raise").exercise.name
    calf = f"{calf}: 6 sets; plan 3-4"
    Plan.objects.filter(pk=plan.pk).update(
        warnings=[
            {"rule": "L4", "date": day, "message": squat},
            {"rule": "S1", "date": day, "message": calf},
        ]
    )
    PainFlag.objects.create(
        athlete=athlete, planned_exercise=reported, exercise=reported.exercise, note="knee"
    )

    def open_and_held(body: str) -> tuple[str, str]:
        start = body.index('id="grid-warnings"' if "grid-warnings" in body else 'id="warnings"')
        section = body[start : body.index("</section>", start)]
        if 'class="held-warnings"' not in section:
            return section, ""
        cut = section.index('class="held-warnings"')
        return section[:cut], section[cut:]

    for url in (
        reverse("plan_grid", args=[athlete.pk]),
        reverse("athlete_plan", args=[athlete.pk]),
    ):
        shown, apart = open_and_held(owner_client.get(url).content.decode())
        assert calf in shown and squat not in shown, url
        assert squat in apart and "held out for pain" in apart, url
    # As the side panel an edit or a refused edit sends back reads them.
    plan.refresh_from_db()
    panel = _current_warnings(plan, list(PainFlag.objects.all()))
    assert [w["message"] for w in panel["warnings"]] == [calf]
    assert [w["message"] for w in panel["held_warnings"]] == [squat]
    [status] = [s for s in club_statuses(club) if s.athlete == athlete]
    assert [w["message"] for w in status.warnings] == [calf]
    row = owner_client.get(reverse("dashboard")).content.decode()
    assert calf in row and squat not in row

    # Only the warning would be left: nothing asks for a look there any more.
    Plan.objects.filter(pk=plan.pk).update(warnings=[{"rule": "L4", "date": day, "message": squat}])
    [status] = [s for s in club_statuses(club) if s.athlete == athlete]
    assert status.warnings == [] and status.attention % 2 == 0  # the rules' bit

    owner_client.post(reverse("dashboard_pain_clear", args=[PainFlag.objects.get().pk]))
    for url in (
        reverse("plan_grid", args=[athlete.pk]),
        reverse("athlete_plan", args=[athlete.pk]),
    ):
        shown, apart = open_and_held(owner_client.get(url).content.decode())
        assert squat in shown and not apart, url
    [status] = [s for s in club_statuses(club) if s.athlete == athlete]
    assert [w["message"] for w in status.warnings] == [squat] and status.attention % 2 == 1


def test_a_lift_held_back_by_pain_is_marked_on_every_coach_view(owner_client, club, owner):
    from schedules.models import PainFlag

    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=3)
    reported, held = squat_cell(plan, 1), squat_cell(plan, 2)
    PainFlag.objects.create(
        athlete=athlete, planned_exercise=reported, exercise=reported.exercise, note="knee"
    )

    def marked(body: str, pk: int | None = None) -> int:
        if pk is not None:
            body = body[body.index(f'id="cell-{pk}"') :]
            body = body[: body.index("</td>")]
        return body.count("left out: pain")

    grid = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert marked(grid, held.pk) == 1
    assert marked(grid, reported.pk) == 0  # the session it was reported in stays as it was
    # A cell answered on its own (an edit, a cancelled editor) keeps the mark.
    step = press(owner_client, held, "up")
    assert marked(step.content.decode(), held.pk) == 1
    cancel = owner_client.get(reverse("cell", args=[held.pk]), HTTP_HX_REQUEST="true")
    assert marked(cancel.content.decode(), held.pk) == 1
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert marked(plan_page) >= 1
    week = held.session.date - timedelta(days=held.session.date.weekday())
    squad_page = owner_client.get(
        reverse("squad_week", args=[squad.pk]) + f"?week={week.isoformat()}"
    ).content.decode()
    assert marked(squad_page) == 1

    owner_client.post(reverse("dashboard_pain_clear", args=[PainFlag.objects.get().pk]))
    for url in (
        reverse("plan_grid", args=[athlete.pk]),
        reverse("athlete_plan", args=[athlete.pk]),
        reverse("squad_week", args=[squad.pk]) + f"?week={week.isoformat()}",
    ):
        assert marked(owner_client.get(url).content.decode()) == 0


def test_plus_stops_at_the_heaviest_load_the_editor_allows(owner_client, plan):
    cell = squat_cell(plan)
    PlannedExercise.objects.filter(pk=cell.pk).update(load=Decimal("400"))
    cell.refresh_from_db()
    response = press(owner_client, cell, "up")
    assert response.status_code == 400
    assert "402.5 kg is more than anyone lifts here." in response.content.decode()
    assert squat_cell(plan).load == Decimal("400")
    assert not LoadChange.objects.exists()


def test_scaling_a_squad_week_up_stops_at_the_heaviest_load(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    PlannedExercise.objects.filter(pk=squat_cell(plan).pk).update(load=Decimal("390"))
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "20"}
    confirm_scale(owner_client, squad, data)
    assert squat_cell(plan).load == Decimal("400")


def test_the_editor_of_a_cell_logged_since_the_page_opened_is_not_offered(owner_client, plan):
    cell = squat_cell(plan)
    PlannedSession.objects.filter(pk=cell.session_id).update(logged_at=timezone.now())
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True)
    url = reverse("cell_edit", args=[cell.pk])
    response = owner_client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "✓ logged" in body and 'name="load"' not in body
    assert "has logged this session since" in body
    page = owner_client.get(url, follow=True)
    assert page.redirect_chain[-1][0].endswith(f"/loads/?cell={cell.pk}#cell-{cell.pk}")
    assert "has logged this session since" in page.content.decode()


def test_a_squad_whose_plans_start_later_opens_on_their_first_week(owner_client, club):
    squad = SquadFactory(club=club)
    today = timezone.localdate()
    later = today - timedelta(days=today.weekday()) + timedelta(weeks=2)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=2, start=later)
    body = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    assert f"week of {later:%-d %B %Y}" in body
    assert "so this is the next week with sessions" in body
    sheet = owner_client.get(reverse("squad_exports", args=[squad.pk])).content.decode()
    assert f'value="{later.isoformat()}"' in sheet
    # Asked for a week by name, it shows that week, empty or not.
    asked = today - timedelta(days=today.weekday())
    body = owner_client.get(
        reverse("squad_week", args=[squad.pk]) + f"?week={asked.isoformat()}"
    ).content.decode()
    assert "next week with sessions" not in body
    assert "No strength sessions planned this week." in body


def test_grid_week_heads_give_the_year_first_and_where_a_new_one_begins(owner_client, athlete):
    from datetime import date

    plan = make_plan(athlete, weeks=3, start=date(2030, 12, 23))
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    heads = re.findall(r'<small class="muted">([^<]+)</small></th>', body)
    assert heads == ["23 Dec 2030", "30 Dec", "6 Jan 2031"]
    assert plan.start_date.year == 2030


def announced(body: str) -> str:
    """The text the grid's status line is given out of band after a change."""
    found = re.search(r'<p id="grid-announce" hx-swap-oob="innerHTML">([^<]*)</p>', body)
    assert found, "no announcement"
    return found.group(1)


def test_a_change_is_read_out_with_the_cell_and_the_count_of_rules_broken(owner_client, plan):
    cell = squat_cell(plan)
    day = f"{cell.session.date:%-d %b}"
    response = press(owner_client, cell, "up")
    assert response.status_code == 200
    body = response.content.decode()
    warnings = Plan.objects.get(pk=plan.pk).warnings
    said = announced(body)
    assert said.startswith(f"Back squat, {day}: {cell.sets}×{cell.reps} at 62.5 kg, RIR 2. ")
    assert said.endswith(" from this week on.")
    # The count is of the rules the side panel now lists (it is replaced whole, so unread).
    listed = body.count('<span class="rule">')
    assert said.split(". ")[1].startswith(f"{listed} rule" if listed else "No rule")
    assert warnings  # a one-step jump in week 1 of this plan is checked (L4), so it counts
    # The plus and minus of each week's cell are named apart by their day.
    assert f'aria-label="Back squat load up one plate step, {day}"' in body


def test_a_cell_link_is_named_by_its_numbers_then_its_exercise_and_day(owner_client, plan):
    """The numbers the cell shows come first in its name (voice control says them), then
    what they are of: a row's cells show numbers alike, week after week."""
    cell = squat_cell(plan)
    day = f"{cell.session.date:%-d %b}"
    page = owner_client.get(reverse("plan_grid", args=[plan.athlete_id])).content.decode()
    link = re.search(rf'<td id="cell-{cell.pk}"[^>]*>(<a .*?</a>)', page).group(1)
    shown = re.sub(r"<[^>]+>", " ", link.split('<span class="sr-only">')[0]).split()
    percent = f"{cell.percent_1rm.normalize():f}%"
    assert shown == [f"{cell.sets}×{cell.reps}", "60", "kg", percent, "RIR", "2"]
    assert link.endswith(f'<span class="sr-only">, edit Back squat, {day}</span></a>')
    # The same after a change, in the cell that comes back; ahead of the marks and a note.
    body = edit(owner_client, cell, load="62.5", note="Brace hard").content.decode()
    link = re.search(rf'<td id="cell-{cell.pk}"[^>]*>(<a .*?</a>)', body).group(1)
    said = f'<span class="sr-only">, edit Back squat, {day}</span>'
    assert link.index("62.5 kg") < link.index(said) < link.index("Brace hard")
    assert link.index(said) < link.index("edited by")


def test_a_saved_caution_is_read_out_and_a_conflict_reads_the_value_it_kept(
    owner_client, coach, plan
):
    from django.test import Client

    cell = squat_cell(plan)
    said = announced(edit(owner_client, cell, load="90").content.decode())
    assert said.endswith("Saved, but 90 kg is above the 1RM on record (80 kg): check it.")
    other = Client()
    other.force_login(coach)
    stale = PlannedExercise.objects.get(pk=cell.pk)
    assert edit(other, stale, load="62.5").status_code == 200
    response = press(owner_client, stale, "down")  # from a page that showed the older version
    assert response.status_code == 409
    assert announced(response.content.decode()).startswith(
        f"Back squat, {cell.session.date:%-d %b}: {cell.sets}×{cell.reps} at 62.5 kg, RIR 2. "
    )


def test_the_grid_page_has_the_status_line_and_a_way_past_the_grid(owner_client, athlete, plan):
    body = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert '<p id="grid-announce" class="sr-only" role="status"></p>' in body
    assert '<a class="skip" href="#grid-warnings">' in body
    assert '<section id="grid-warnings" tabindex="-1"' in body


def test_a_carry_without_the_rows_versions_is_refused_with_its_reason(owner_client, plan):
    """The grid's script sends the versions it shows; without them nothing is carried, and
    the answer says why (the grid reloads with it on top)."""
    cell = squat_cell(plan)
    response = owner_client.post(
        reverse("cell_carry", args=[cell.pk]), {"scope": "later"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert response["HX-Refresh"] == "true"
    assert response.content.decode() == "Not carried: reload the grid, then try again."
    assert not LoadChange.objects.exists()


def test_the_squad_week_marks_an_athlete_racing_that_week(owner_client, club):
    squad = SquadFactory(club=club)
    racing, other = (AthleteFactory(club=club, squad=squad) for _ in range(2))
    plan = make_plan(racing, weeks=1)
    make_plan(other, weeks=1)
    sunday = plan.start_date + timedelta(days=6)
    type(racing).objects.filter(pk=racing.pk).update(race_date=sunday)
    type(other).objects.filter(pk=other.pk).update(race_date=sunday + timedelta(days=7))
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    body = owner_client.get(url).content.decode()
    mark = f'<span class="pill aw-race sw-race">Race {sunday:%a} {sunday.day} {sunday:%b}</span>'
    assert body.count(mark) == 1
    row = body[body.index(f">{racing.name}</a>") :]
    assert row.index(mark) < row.index("</th>")


def test_the_scale_preview_names_the_athletes_it_leaves_unchanged(owner_client, club):
    squad = SquadFactory(club=club)
    changed = AthleteFactory(club=club, squad=squad, name="Amara Okafor")
    plan = make_plan(changed, weeks=1)
    AthleteFactory(club=club, squad=squad, name="Ben Hughes")  # no plan: nothing that week
    data = {"week": plan.start_date.isoformat(), "action": "deload"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    assert "takes about 40 % of the sets off, loads as they are," in body
    assert "Not changed: Ben Hughes: nothing of theirs in that week" in body
    assert '<td class="wrap"><span class="cap">Amara Okafor</span>' in body


def test_a_scale_too_small_to_move_any_load_by_a_plate_step_says_so(owner_client, club):
    """+1 % of 60 kg is 60.6, down to the plate 60: every load stays as it is, and the
    preview says why, not that the week has no loads."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad, name="Amara Okafor"), weeks=1)
    loaded = PlannedExercise.objects.filter(session__plan=plan, load__gt=0).count()
    assert loaded > 1
    url = reverse("squad_week_scale", args=[squad.pk])
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "1"}
    body = owner_client.post(url, data).content.decode()
    assert "Yes, apply it" not in body
    assert "no unlogged sessions with loads" not in body
    assert (
        f"Nothing to change: 1\u00a0% of each load in that week, rounded down to the plate step "
        f"(never heavier than asked; a load at the lightest plate or the heaviest stays), "
        f"leaves all {loaded} of them as they are. Give a bigger percentage." in body
    )
    # Beside an athlete it changes, one it leaves for that reason is named with it.
    other = make_plan(AthleteFactory(club=club, squad=squad, name="Ben Hughes"), weeks=1)
    # +1 % of 250 is 252.5, a plate step; his other loads stay as they are.
    PlannedExercise.objects.filter(pk=squat_cell(other).pk).update(load=Decimal("250"))
    body = owner_client.post(url, data).content.decode()
    assert "Yes, apply it" in body
    assert (
        "Not changed: Amara Okafor: nothing of theirs in that week that this would change (no "
        "session, all logged, no load, or loads that 1\u00a0% does not move by a plate step)."
    ) in body
    # Not when the athletes it leaves have no load at all (only a changed one has loads
    # it leaves).
    PlannedExercise.objects.filter(session__plan=plan).update(load=None, percent_1rm=None)
    body = owner_client.post(url, data).content.decode()
    assert "Not changed: Amara Okafor: nothing of theirs in that week that this would " in body
    assert "does not move by a plate step" not in body
    # A week whose loads are all logged still says there is nothing unlogged to change.
    PlannedSession.objects.filter(plan__athlete__squad=squad).update(logged_at=timezone.now())
    body = owner_client.post(url, data).content.decode()
    assert "Nothing to change in that week (no unlogged sessions with loads)." in body


def test_a_rise_after_a_cut_says_it_does_not_bring_the_loads_back(owner_client, club):
    """-10 % then +10 % is not the plan again: each rounds down to the plate step (60 kg is
    52.5, then 57.5), and 22.5 and 12.5 kg move by less than a step (24.75 and 13.75) so
    stay while the athlete's other loads change. The preview of the rise says both, and where a
    cut is undone."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad, name="Amara Okafor"), weeks=1)
    url = reverse("squad_week_scale", args=[squad.pk])
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    body = owner_client.post(url, data).content.decode()
    assert "does not undo" not in body and "stays as it is" not in body
    assert confirm_scale(owner_client, squad, data).status_code == 302
    body = owner_client.post(url, {**data, "percent": "10"}).content.decode()
    squat = f'<span class="nowrap">52.5 kg</span> {TO} <strong class="nowrap">57.5 kg</strong>'
    assert squat in body
    assert (
        "2 loads stay as they are: 10\u00a0% of them, rounded down to the plate step, is less than "
        "a step."
    ) in body
    assert (
        "A rise does not undo a cut by the same percentage: each rounds down to the plate step, "
        "so loads come back lighter than they were. To put them back as they were, undo the cut "
        "on each athlete's load grid (Undo last change)."
    ) in body


def test_the_editor_says_the_note_goes_to_the_athlete(owner_client, plan):
    body = owner_client.get(reverse("cell_edit", args=[squat_cell(plan).pk])).content.decode()
    assert "Note for the athlete" in body and 'placeholder="On their phone"' in body


def _page_form(client, cell) -> dict:
    """The editor page as it opens without JavaScript: its hidden and typed fields."""
    body = client.get(reverse("cell_edit", args=[cell.pk])).content.decode()
    assert f'formaction="{reverse("cell_carry", args=[cell.pk])}"' in body
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    fields["row_versions"] = fields["row_versions"].replace("&quot;", '"')
    return {**fields, "sets": cell.sets, "reps": cell.reps, "load": cell.load, "note": ""}


def test_without_javascript_the_editor_page_carries_a_change_forward(owner_client, plan):
    cell = squat_cell(plan)
    data = {**_page_form(owner_client, cell), "load": "65", "scope": "later"}
    response = owner_client.post(reverse("cell_carry", args=[cell.pk]), data)
    assert response.status_code == 302
    assert [squat_cell(plan, week).load for week in (1, 2, 3)] == [Decimal("65")] * 3


def test_without_javascript_a_carry_over_a_cell_changed_since_the_page_opened_is_refused(
    owner_client, plan
):
    cell = squat_cell(plan)
    data = {**_page_form(owner_client, cell), "load": "65", "scope": "later"}
    later = squat_cell(plan, 3)
    PlannedExercise.objects.filter(pk=later.pk).update(load=Decimal("70"), version=9)
    response = owner_client.post(reverse("cell_carry", args=[cell.pk]), data)
    assert response.status_code == 302  # back to the grid, with the refusal on top
    page = owner_client.get(response["Location"]).content.decode()
    assert "Not carried:" in page
    assert "Yours was: load 65" in page  # the page typed on is gone: what it held is said
    assert (squat_cell(plan).load, squat_cell(plan, 3).load) == (Decimal("60"), Decimal("70"))


def test_a_heavier_week_says_nothing_of_the_week_after(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "5"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    assert "Yes, apply it" in body
    assert "The week after goes back" not in body


def test_a_scale_that_takes_a_heavy_phases_lift_under_70_percent_says_so(owner_client, club):
    """P8: the build phase's squat at 60 kg of an 80 kg 1RM is 75 %; -10 % takes it to
    52.5 kg, 65.6 %, too light to help running economy: said before it applies."""
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=1)  # a build phase

    def squat_line(percent: str) -> str:
        url = reverse("squad_week_scale", args=[squad.pk])
        data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": percent}
        body = owner_client.post(url, data).content.decode()
        assert ("would fall under 70 % of the athlete" in body) == ("(P8)" in body)
        return re.search(r"Back squat</span></td><td>(.*?)</td>", body)[1]

    assert '<span class="pill pill-warn">65.6 % 1RM (P8)</span>' in squat_line("-10")
    # A small cut that stays above the line (57.5 kg, 71.9 %) is not marked.
    assert "(P8)" not in squat_line("-3")


def test_a_namesake_without_a_plan_is_still_named_as_not_changed(owner_client, club):
    squad = SquadFactory(club=club)
    deloaded = make_plan(AthleteFactory(club=club, squad=squad, name="Sam Lee"), weeks=1)
    AthleteFactory(club=club, squad=squad, name="Sam Lee")  # no plan
    make_plan(AthleteFactory(club=club, squad=squad, name="Bo Loading"), weeks=1)
    deloaded.sessions.update(deload=True)
    data = {"week": deloaded.start_date.isoformat(), "action": "deload"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    assert "Already a deload that week, left as it is: Sam Lee." in body
    assert "Not changed: Sam Lee:" in body


def focused(body: str) -> list[str]:
    return re.findall(r'<input[^>]*name="(\w+)"[^>]*autofocus', body)


def test_the_editor_opens_on_the_load_of_a_loaded_lift_and_on_the_sets_of_one_without(
    owner_client, plan
):
    """Loads are what a coach adjusts week by week: a typed number replaces the load, not
    the sets; a lift with no load (and no % 1RM) to adjust opens on its sets."""
    cell = squat_cell(plan)
    url = reverse("cell_edit", args=[cell.pk])
    assert focused(owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()) == ["load"]
    PlannedExercise.objects.filter(pk=cell.pk).update(load=None, percent_1rm=None)
    assert focused(owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()) == ["sets"]


def test_a_refused_edit_opens_on_the_field_to_fix(owner_client, plan):
    for htmx in (True, False):
        response = edit(owner_client, squat_cell(plan), htmx=htmx, load="-5")
        assert response.status_code == 400
        body = response.content.decode()
        field = re.search(r'<input[^>]*name="load"[^>]*>', body)[0]
        assert "autofocus" in field
        assert "autofocus" not in re.search(r'<input[^>]*name="sets"[^>]*>', body)[0]


def test_a_note_of_emoji_leaves_the_cell_editable(owner_client, plan):
    """The values the editor opened with travel with it; however they are written, they
    never make an edit fail."""
    cell = squat_cell(plan)
    assert edit(owner_client, cell, note="🏋" * 170).status_code == 200
    cell = squat_cell(plan)
    page = owner_client.get(reverse("cell_edit", args=[cell.pk]), HTTP_HX_REQUEST="true")
    shown = re.search(r'name="shown" value="([^"]*)"', page.content.decode())[1]
    response = edit(owner_client, cell, note="", shown=shown.replace("&quot;", '"'))
    assert response.status_code == 200
    assert squat_cell(plan).note == ""


def undo_offered(client, athlete_pk) -> str:
    page = client.get(reverse("plan_grid", args=[athlete_pk])).content.decode()
    [batch] = re.findall(r'name="batch" value="([^"]*)"', page)
    return batch


def test_undo_takes_back_only_the_change_the_page_offered(owner_client, coach, plan):
    """A coach's page offers to undo their latest step; another coach steps another cell
    meanwhile. Undo is refused with 409 and the history as it is now, and no change is
    lost; sent twice (a double click), the second is refused the same way instead of taking
    back the step before."""
    from django.test import Client

    mine, theirs = squat_cell(plan), squat_cell(plan, 3)
    assert press(owner_client, mine).status_code == 200
    assert press(owner_client, squat_cell(plan)).status_code == 200
    offered = undo_offered(owner_client, plan.athlete_id)
    other = Client()
    other.force_login(coach)
    assert press(other, theirs).status_code == 200
    url = reverse("grid_undo", args=[plan.athlete_id])

    response = owner_client.post(url, {"batch": offered})
    assert response.status_code == 409
    assert "Not undone: the latest change is no longer the one" in response.content.decode()
    assert (squat_cell(plan).load, squat_cell(plan, 3).load) == (Decimal("65"), Decimal("62.5"))

    # Their own change undone by the other coach: now the page's offer is the latest again.
    post_undo(other, plan.athlete_id)
    assert owner_client.post(url, {"batch": offered}).status_code == 302
    assert squat_cell(plan).load == Decimal("62.5")
    assert owner_client.post(url, {"batch": offered}).status_code == 409  # sent again
    assert squat_cell(plan).load == Decimal("62.5")  # the first step stays


def test_undo_not_naming_the_change_it_takes_back_is_refused(owner_client, plan):
    assert press(owner_client, squat_cell(plan)).status_code == 200
    url = reverse("grid_undo", args=[plan.athlete_id])
    for data in ({}, {"batch": "x" * 65}):
        assert owner_client.post(url, data).status_code == 400
    # A page that offered nothing to undo (opened before the change) undoes nothing.
    assert owner_client.post(url, {"batch": ""}).status_code == 409
    assert squat_cell(plan).load == Decimal("62.5")


def test_a_tampered_record_of_the_values_shown_is_a_409_not_a_500(owner_client, coach, plan):
    from django.test import Client

    cell = squat_cell(plan)
    other = Client()
    other.force_login(coach)
    assert press(other, cell).status_code == 200
    for shown in ("[" * 100_000, json.dumps({"load": "1" * 5000}), "x" * 10_000):
        data = {"load": "70", "version": 1, "shown": shown}
        response = edit_via(owner_client, "cell_edit", cell, **data)
        assert response.status_code == 409, shown[:20]
    assert squat_cell(plan).load == Decimal("62.5")


def test_a_carry_naming_a_huge_cell_id_is_refused_not_a_500(owner_client, plan):
    cell = squat_cell(plan)
    data = {"scope": "later", "row_versions": json.dumps({"9" * 5000: 1})}
    response = owner_client.post(
        reverse("cell_carry", args=[cell.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not LoadChange.objects.exists()


def test_a_refused_edit_points_its_field_at_the_reason_beside_it(owner_client, plan):
    """The reason sits beside the field, not in its label (read twice), and the field's
    ids are the cell's own (two editors open name no field alike)."""
    cell = squat_cell(plan)
    response = edit(owner_client, cell, load="73")
    assert response.status_code == 400
    body = response.content.decode()
    field = f"cell{cell.pk}_load"
    assert f'aria-describedby="{field}_error"' in body
    assert f'<span class="error" id="{field}_error">' in body
    label = body[body.index(f'<label for="{field}">') :]
    assert "</label>" in label[: label.index(f'id="{field}"')]  # closed before the field


def test_a_label_whose_kind_changes_with_the_phase_is_headed_with_both(owner_client, athlete):
    """Base's session B is conditioning, build's is plyometrics: the grid's group B said
    "Conditioning" above the build weeks' bounding and hops."""
    plan = make_plan(athlete, weeks=2)
    PlannedSession.objects.filter(plan=plan, week=1, label="B").update(kind="conditioning")
    PlannedSession.objects.filter(plan=plan, week=2, label="B").update(kind="plyometric")
    page = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    assert "<span>Session B · Conditioning / Plyometrics</span>" in page


def test_a_load_typed_with_a_decimal_comma_is_saved_as_that_load(owner_client, athlete):
    plan = make_plan(athlete, weeks=1)
    cell = squat_cell(plan)
    response = edit(owner_client, cell, load="62,5")
    assert response.status_code == 200
    cell.refresh_from_db()
    assert cell.load == Decimal("62.5")


def test_the_scale_preview_marks_the_loads_a_coach_set_by_hand(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    PlannedExercise.objects.filter(pk=squat_cell(plan).pk).update(hand_edited=True)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    body = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data).content.decode()
    hand = '<span class="edited" title="Edited by hand in the load grid">'
    assert f'60 kg</span> {TO} <strong class="nowrap">52.5 kg</strong> {hand}' in body
    assert body.count(hand) == 1  # the squat alone: 15 kg was the plan's
    assert "1 of these was edited by hand in the load grid" in body


@pytest.mark.parametrize("route", ["cell_edit", "cell_carry"])
@pytest.mark.parametrize("htmx", [True, False])
def test_a_lift_is_never_saved_without_its_reps(owner_client, plan, route, htmx):
    """Emptying the reps box, from the grid's editor or the page without JavaScript, and
    saving it alone or carried forward, leaves every cell with its reps."""
    cell = squat_cell(plan)
    extra = {"scope": "later"} if route == "cell_carry" else {}
    response = edit_via(owner_client, route, cell, htmx, reps="", **extra)
    assert response.status_code == 400
    assert "Reps: a whole number from 1 to 50." in response.content.decode()
    assert not PlannedExercise.objects.filter(
        session__plan=plan, reps__isnull=True, seconds__isnull=True, metres__isnull=True
    ).exists()
    assert not LoadChange.objects.filter(planned_exercise__session__plan=plan).exists()


def test_the_squad_week_says_in_words_which_sessions_were_logged(owner_client, club):
    """Not by the coloured bar beside them alone, which a screen reader does not read and
    a colour-blind coach or a grey print may not tell apart."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    logged, *others = plan.sessions.order_by("date")
    PlannedSession.objects.filter(pk=logged.pk).update(logged_at=timezone.now())
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    body = owner_client.get(url).content.decode()
    said = ' · <span class="sw-logged"><span aria-hidden="true">✓</span> logged</span>'
    assert body.count(said) == 1
    day = f"{logged.date:%a} {logged.date.day} {logged.date:%b} · {logged.time.upper()}"
    assert f"{day}{said}" in body
    assert others


@pytest.mark.parametrize("week", [None, "2026-13-01"])
def test_a_squad_week_change_sent_without_its_week_says_so_at_the_change_form(
    owner_client, club, week
):
    """The week is the page's own, never typed: a page sent without it (or a mangled one)
    says so where the top of the page points, not nowhere, and the form shown again carries
    the week the page shows, so that the next preview is of it."""
    squad = SquadFactory(club=club)
    AthleteFactory(club=club, squad=squad)
    data = {"action": "scale", "percent": "-10"} | ({"week": week} if week else {})
    response = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'Nothing was changed: <a href="#change-week">' in body
    form = body[body.index('id="change-week"') :]
    assert "The page came without the week to change: this is the week shown above" in form
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert f"{squad.name}: week of {monday:%-d %B %Y}" in body
    assert f'name="week" value="{monday.isoformat()}"' in form


def test_each_athlete_of_the_squad_week_opens_their_load_grid_at_that_week(owner_client, club):
    """ "Click an athlete to adjust single loads": from a later week (a race week scaled for
    the squad), the grid opens at that week, not at the week under way."""
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad, name="Omar Planned")
    plan = make_plan(athlete, weeks=4)
    third = plan.start_date + timedelta(weeks=2)
    url = reverse("squad_week", args=[squad.pk]) + f"?week={third.isoformat()}"
    body = owner_client.get(url).content.decode()
    grid = reverse("plan_grid", args=[athlete.pk]) + f"?week={third.isoformat()}"
    assert f'href="{grid}">Omar Planned</a>' in body
    page = owner_client.get(grid).content.decode()
    heads = re.findall(r'<th class="weekhead ([^"]*)"[^>]*><span>Wk (\d+)', page)
    assert [number for marks, number in heads if "shown-week" in marks] == ["3"]


@pytest.mark.parametrize("week", ["2026-13-01", "later", "99999-01-01", "1900-01-01"])
def test_a_load_grid_asked_for_a_week_it_cannot_show_opens_as_usual(owner_client, club, week):
    athlete = AthleteFactory(club=club)
    make_plan(athlete, weeks=2)
    response = owner_client.get(reverse("plan_grid", args=[athlete.pk]), {"week": week})
    assert response.status_code == 200
    assert "shown-week" not in response.content.decode()


@pytest.mark.parametrize("typed", ["-10%", "−10", " -10 % ", "–10"])
def test_a_scale_percentage_typed_as_people_write_it_is_taken(owner_client, club, typed):
    """ "-10%", a typographic minus (as the page writes it) or a dash: the same -10."""
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad)
    plan = make_plan(athlete, weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": typed}
    preview = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    body = preview.content.decode()
    assert preview.status_code == 200, body[:400]
    # Written with a minus sign, as the marks beside the loads are.
    assert "changes the loads by −10\u00a0%" in body
    confirm_scale(owner_client, squad, data)
    assert squat_cell(plan).load == Decimal("52.5")


def test_a_scale_percentage_that_is_no_number_is_still_refused(owner_client, club):
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    data = {"week": plan.start_date.isoformat(), "action": "scale", "percent": "ten %"}
    refused = owner_client.post(reverse("squad_week_scale", args=[squad.pk]), data)
    assert refused.status_code == 400
    assert "Give a whole number, for example -10." in refused.content.decode()
    assert squat_cell(plan).load == Decimal("60")
