"""Switching an athlete between kg and lb converts every load of theirs, nothing relabelled."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from athletes.models import StrengthTest
from schedules.models import LoadChange, Plan, PlannedExercise, PlannedSession, SetLog
from tests.athletes.test_forms import athlete_data, edit_data
from tests.factories import StrengthTestFactory
from tests.plan_factories import make_plan, post_undo


def ahead_plan(athlete):
    """A plan starting next Monday: every session still to come, whatever the day today."""
    today = timezone.localdate()
    return make_plan(athlete, weeks=2, start=today + timedelta(days=7 - today.weekday()))


def squat(plan, week=1) -> PlannedExercise:
    return PlannedExercise.objects.get(
        session__plan=plan, session__week=week, exercise__slug="back-squat"
    )


def switch_to_pounds(client, athlete, confirm=True):
    data = edit_data(
        athlete, name=athlete.name, race_date=athlete.race_date.isoformat(), units="lb"
    )
    if confirm:
        data["convert_units"] = "on"
    return client.post(reverse("athlete_edit", args=[athlete.pk]), data, follow=True)


def test_switching_units_asks_first_and_changes_nothing_until_confirmed(owner_client, athlete):
    test = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)

    response = switch_to_pounds(owner_client, athlete, confirm=False)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Switching from kg to lb converts every load" in body
    assert "down to the 5 lb plate step" in body
    assert "a test or logged set 0.1 off" in body  # what a round trip can cost, said first
    assert 'name="convert_units"' in body
    assert 'value="lb" selected' in body  # what the coach chose is kept for the second try
    athlete.refresh_from_db()
    test.refresh_from_db()
    assert (athlete.units, test.load) == ("kg", Decimal("80"))
    assert (squat(plan).load, squat(plan).unit) == (Decimal("60"), "kg")


def test_the_confirm_box_is_only_offered_when_the_unit_changes(owner_client, athlete):
    page = owner_client.get(reverse("athlete_edit", args=[athlete.pk])).content.decode()
    assert 'name="convert_units"' not in page
    data = athlete_data(name="", race_date=athlete.race_date.isoformat(), units="kg")
    refused = owner_client.post(reverse("athlete_edit", args=[athlete.pk]), data)
    assert refused.status_code == 400
    assert 'name="convert_units"' not in refused.content.decode()


def test_switching_to_pounds_converts_tests_plan_logs_and_history(owner_client, owner, athlete):
    test = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    cell = squat(plan)  # 60 kg
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True, reps=6, load=60)
    LoadChange.objects.create(
        planned_exercise=cell,
        athlete=athlete,
        user=owner,
        field="load",
        old_value="57.5",
        new_value="60",
        batch="b1",
    )

    response = switch_to_pounds(owner_client, athlete)

    assert "Loads are now in lb" in response.content.decode()
    test.refresh_from_db()
    assert (test.load, test.estimated_1rm) == (Decimal("176.4"), Decimal("176.4"))
    cell.refresh_from_db()
    assert (cell.load, cell.unit) == (Decimal("130"), "lb")  # 132.3 lb, down to the 5 lb step
    # 80 % of the 132.3 lb the 60 kg make, down to 130 lb: the % follows the plate.
    assert cell.percent_1rm == Decimal("78.6")
    assert SetLog.objects.get(planned_exercise=cell).load == Decimal("132.3")
    change = LoadChange.objects.get(planned_exercise=cell)
    assert (change.old_value, change.new_value) == ("125", "130")
    assert Plan.objects.get(athlete=athlete).units == "lb"
    assert not PlannedExercise.objects.filter(session__plan=plan, unit="kg").exists()


def test_undo_after_the_switch_restores_the_converted_old_load(owner_client, athlete):
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    cell = squat(plan)
    owner_client.post(
        reverse("cell_step", args=[cell.pk]), {"direction": "up", "version": cell.version}
    )
    switch_to_pounds(owner_client, athlete)
    cell.refresh_from_db()
    assert cell.load == Decimal("135")  # 62.5 kg = 137.8 lb, down to the step

    post_undo(owner_client, athlete.pk)

    cell.refresh_from_db()
    assert cell.load == Decimal("130")  # 60 kg as converted


def test_undo_after_the_switch_walks_back_a_percent_only_edit_under_a_later_load_edit(
    owner_client, athlete
):
    """A % typed on its own (the load stayed on its plate) converts by the load of its time,
    not the load a later edit gave the cell: undo goes back through both."""
    from tests.schedules.test_grid import edit

    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    cell = squat(plan)
    assert (cell.load, cell.percent_1rm) == (Decimal("60"), Decimal("80"))
    assert edit(owner_client, cell, percent_1rm="75.5").status_code == 200
    assert list(LoadChange.objects.values_list("field", flat=True)) == ["percent_1rm"]
    cell.refresh_from_db()
    assert edit(owner_client, cell, load="70").status_code == 200
    switch_to_pounds(owner_client, athlete)

    # 60 kg is 132.3 lb, down to the 130 lb plate: each % follows the load it was set with.
    for percent in (Decimal("74.2"), Decimal("78.6")):
        response = post_undo(owner_client, athlete.pk, follow=True)
        assert "Undone" in response.content.decode()
        cell.refresh_from_db()
        assert (cell.load, cell.percent_1rm) == (Decimal("130"), percent)
    assert not LoadChange.objects.filter(undone=False).exists()


def test_an_edit_that_keeps_the_unit_leaves_every_load_alone(owner_client, athlete):
    test = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    data = edit_data(athlete, name="Renamed", race_date=athlete.race_date.isoformat(), units="kg")
    response = owner_client.post(reverse("athlete_edit", args=[athlete.pk]), data, follow=True)
    body = response.content.decode()
    assert "Athlete saved." in body
    assert "Loads are now in" not in body
    test.refresh_from_db()
    assert test.load == Decimal("80")
    assert squat(plan).load == Decimal("60") and squat(plan).unit == "kg"
    assert StrengthTest.objects.filter(athlete=athlete).count() == 1


def test_a_grid_edit_made_before_the_switch_is_refused_not_saved_in_the_new_unit(
    owner_client, athlete
):
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    cell = squat(plan)
    shown = cell.version  # the grid was opened in kg
    switch_to_pounds(owner_client, athlete)
    response = owner_client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "up", "version": shown},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    cell.refresh_from_db()
    assert (cell.load, cell.unit) == (Decimal("130"), "lb")


def test_a_set_log_form_shown_before_the_switch_is_stale_after_it(owner_client, athlete):
    from schedules.logbook import set_stamp

    plan = ahead_plan(athlete)
    log = SetLog.objects.create(planned_exercise=squat(plan), set_number=1, done=True, load=60)
    seen = set_stamp(log)
    switch_to_pounds(owner_client, athlete)
    log.refresh_from_db()
    assert set_stamp(log) != seen


def test_a_logged_sessions_prescription_is_a_record_a_round_trip_restores(owner_client, athlete):
    """Planned loads still to come move down to the plate; what a done session asked for is
    kept to 0.1 like its logged sets, so kg to lb and back gives the same numbers."""
    StrengthTestFactory(athlete=athlete, load=Decimal("120"), reps=1)
    plan = ahead_plan(athlete)
    done = squat(plan, week=1)
    PlannedExercise.objects.filter(pk=done.pk).update(load=Decimal("95"))
    PlannedSession.objects.filter(pk=done.session_id).update(logged_at=timezone.now())
    SetLog.objects.create(planned_exercise=done, set_number=1, done=True, reps=6, load=95)
    to_come = squat(plan, week=2)
    PlannedExercise.objects.filter(pk=to_come.pk).update(load=Decimal("95"))

    switch_to_pounds(owner_client, athlete)
    done.refresh_from_db()
    to_come.refresh_from_db()
    assert done.load == Decimal("209.4")  # 95 kg exactly, to 0.1 lb
    assert to_come.load == Decimal("205")  # 209.4 lb down to the 5 lb step

    athlete.refresh_from_db()
    data = edit_data(athlete, name=athlete.name, race_date=athlete.race_date.isoformat())
    data.update(units="kg", convert_units="on")
    owner_client.post(reverse("athlete_edit", args=[athlete.pk]), data)
    done.refresh_from_db()
    assert (done.load, done.unit) == (Decimal("95"), "kg")
    assert SetLog.objects.get(planned_exercise=done).load == Decimal("95")


def test_undo_after_the_switch_works_for_an_edit_in_a_past_session(owner_client, athlete):
    """The history of a past session converts as its cell does (to 0.1), so undo finds the
    value it recorded and puts back the converted old one."""
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=2, start=today - timedelta(days=today.weekday() + 7))
    cell = squat(plan, week=1)  # last week's, not logged
    owner_client.post(
        reverse("cell_step", args=[cell.pk]), {"direction": "up", "version": cell.version}
    )
    switch_to_pounds(owner_client, athlete)
    cell.refresh_from_db()
    assert cell.load == Decimal("137.8")  # 62.5 kg to 0.1 lb
    change = LoadChange.objects.get(planned_exercise=cell, field="load")
    assert (change.old_value, change.new_value) == ("132.3", "137.8")

    post_undo(owner_client, athlete.pk)

    cell.refresh_from_db()
    assert cell.load == Decimal("132.3")  # 60 kg, as converted


def test_a_past_cell_kept_exact_by_a_switch_takes_a_sets_or_note_edit(owner_client, athlete):
    """A missed session's load converts to 0.1 lb, off the 5 lb step: the coach can still
    change its sets or note without being asked to retype a load they never touched."""
    from tests.schedules.test_grid import edit

    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=2, start=today - timedelta(days=today.weekday() + 7))
    switch_to_pounds(owner_client, athlete)
    cell = squat(plan, week=1)  # last week's, not logged
    assert cell.load == Decimal("132.3")

    response = edit(owner_client, cell, sets=cell.sets - 1, note="Done on Saturday instead")

    assert response.status_code == 200
    cell.refresh_from_db()
    assert (cell.sets, cell.note, cell.load) == (2, "Done on Saturday instead", Decimal("132.3"))
    # A new load off the step is still refused.
    response = edit(owner_client, cell, load="133")
    assert response.status_code == 400
    assert "Use a multiple of 5 lb (the plate step)." in response.content.decode()


def test_a_load_kept_exact_by_a_switch_is_not_carried_to_later_weeks(owner_client, athlete):
    """132.3 lb is a record of a missed session, not a load to lift: carrying the whole
    prescription from that cell is refused with loads to type instead, from the editor or
    without it; a change of its sets alone is still carried."""
    from tests.schedules.test_grid import carry, edit_via

    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=3, start=today - timedelta(days=today.weekday() + 7))
    switch_to_pounds(owner_client, athlete)
    cell = squat(plan, week=1)
    later = squat(plan, week=3)
    before = later.load
    said = "type 130 or 135 lb to carry it forward"

    response = edit_via(owner_client, "cell_carry", cell, scope="later")
    assert response.status_code == 400
    assert said in response.content.decode()
    response = carry(owner_client, cell, {"scope": "later"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert said in response.content.decode()
    later.refresh_from_db()
    assert later.load == before

    response = edit_via(owner_client, "cell_carry", cell, sets=cell.sets - 1, scope="later")
    assert response.status_code == 200
    later.refresh_from_db()
    assert (later.sets, later.load) == (cell.sets - 1, before)


def test_past_loads_kept_exact_by_a_switch_raise_no_plate_step_warnings(owner_client, athlete):
    from schedules import services

    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=4, start=today - timedelta(days=today.weekday(), weeks=2))
    switch_to_pounds(owner_client, athlete)
    past = squat(plan, week=1)
    past.refresh_from_db()
    assert past.load == Decimal("132.3")  # off the 5 lb step, as a record
    plan.refresh_from_db()
    warnings = services.plan_recheck(plan)
    assert not [w for w in warnings if w["rule"] == "L1" and w["date"] < today.isoformat()]
    # Still to come, a load off the step is still flagged.
    ahead = squat(plan, week=4)
    PlannedExercise.objects.filter(pk=ahead.pk).update(load=Decimal("131"))
    warnings = services.plan_recheck(plan)
    assert any(
        w["rule"] == "L1" and "131 lb is not on the 5 lb step" in w["message"] for w in warnings
    )


def test_a_kilogram_step_kept_exact_by_a_switch_is_no_rise_past_the_pound_step(
    owner_client, athlete
):
    """97.5 then 100 kg in the weeks gone by become 215 and 220.5 lb: one kilogram step
    (5.51 lb), not a jump past the 5 lb step (L4)."""
    from schedules import services

    StrengthTestFactory(athlete=athlete, load=Decimal("125"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=4, start=today - timedelta(days=today.weekday(), weeks=3))
    for week, load in ((1, "97.5"), (2, "100"), (3, "102.5"), (4, "105")):
        PlannedExercise.objects.filter(pk=squat(plan, week).pk).update(load=Decimal(load))
    plan.refresh_from_db()
    assert not [w for w in services.plan_recheck(plan) if w["rule"] == "L4"]
    switch_to_pounds(owner_client, athlete)
    assert [squat(plan, week).load for week in (1, 2)] == [Decimal("215.0"), Decimal("220.5")]
    plan.refresh_from_db()
    assert not [w for w in services.plan_recheck(plan) if w["rule"] == "L4"]


def test_a_record_kept_exact_by_a_switch_may_rise_to_one_step_past_its_plate(owner_client, athlete):
    """65 kg gone by is 143.3 lb: on the pound plates that is 145 lb, so 150 lb the week
    after is one step up, not "up 6.7 lb in 1 week" (L4); 155 lb is more than a step."""
    from schedules import services

    StrengthTestFactory(athlete=athlete, load=Decimal("90"), reps=1)
    today = timezone.localdate()
    plan = make_plan(athlete, weeks=4, start=today - timedelta(days=today.weekday(), weeks=2))
    for week, load in ((1, "62.5"), (2, "65"), (3, "67.5"), (4, "67.5")):
        PlannedExercise.objects.filter(pk=squat(plan, week).pk).update(load=Decimal(load))
    switch_to_pounds(owner_client, athlete)
    assert squat(plan, 2).load == Decimal("143.3")
    for load, rises in (("150", []), ("155", ["up 11.7 lb in 1 week"])):
        PlannedExercise.objects.filter(pk=squat(plan, 3).pk).update(load=Decimal(load))
        PlannedExercise.objects.filter(pk=squat(plan, 4).pk).update(load=Decimal(load))
        plan.refresh_from_db()
        found = [w["message"] for w in services.plan_recheck(plan) if w["rule"] == "L4"]
        assert [m for m in found if "Back squat" in m and "up " in m] == [
            f"Back squat: {rise}; one plate step a week at most" for rise in rises
        ]


def test_a_session_logged_before_its_day_kept_exact_by_a_switch_raises_no_plate_step_warning(
    owner_client, athlete
):
    """Lifted early (today or ahead of its day), a session is a record like those gone by:
    the switch keeps what it asked for exact, and the check does not ask it to be on the
    step (it offered the coach an Accept for a session already done)."""
    from schedules import services

    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = ahead_plan(athlete)
    early = squat(plan, week=1)
    PlannedSession.objects.filter(pk=early.session_id).update(logged_at=timezone.now())
    switch_to_pounds(owner_client, athlete)
    early.refresh_from_db()
    assert early.load == Decimal("132.3")  # a record, off the 5 lb step
    plan.refresh_from_db()
    day = early.session.date.isoformat()
    assert not [w for w in services.plan_recheck(plan) if w["rule"] == "L1" and w["date"] == day]
    assert not [w for w in plan.warnings if w["rule"] == "L1"]
    # The same load in a session not yet lifted is still flagged.
    ahead = squat(plan, week=2)
    PlannedExercise.objects.filter(pk=ahead.pk).update(load=Decimal("132.3"))
    assert any(
        w["rule"] == "L1" and "132.3 lb is not on the 5 lb step" in w["message"]
        for w in services.plan_recheck(plan)
    )
