"""Correcting a mistyped 1RM test in place: the same checks as a new test, the plan follows
the corrected 1RM, and a test changed or deleted meanwhile is never overwritten."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.forms import strength_test_stamp
from athletes.models import Athlete, StrengthTest
from programs import engine
from programs.services import default_program
from schedules import services as plans
from schedules.models import PlanJob, PlannedExercise
from tests.factories import AthleteFactory, StrengthTestFactory, shipped
from tests.schedules.conftest import run_queued_jobs


def edit_url(test: StrengthTest) -> str:
    return reverse("strength_test_edit", args=[test.athlete_id, test.pk])


def shown_stamp(client, test: StrengthTest) -> str:
    """The version the edit form carries, as a coach's browser gets it."""
    html = client.get(edit_url(test)).content.decode()
    return re.search(r'name="seen" value="([^"]+)"', html).group(1)


def typed(test: StrengthTest, seen: str, **overrides) -> dict:
    data = {
        "exercise": test.exercise_id,
        "tested_on": test.tested_on.isoformat(),
        "load": f"{test.load.normalize():f}",
        "reps": str(test.reps),
        "unit": test.athlete.units,
        "seen": seen,
    }
    data.update(overrides)
    return data


def as_saved(test: StrengthTest) -> tuple:
    test.refresh_from_db()
    return (test.exercise_id, test.tested_on, test.load, test.reps, test.estimated_1rm)


@pytest.fixture
def typo(athlete):
    return StrengthTestFactory(athlete=athlete, load=Decimal("140"), reps=1)  # for 104


def test_the_athlete_page_offers_to_edit_each_test(owner_client, athlete, typo):
    html = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    on = f"{typo.tested_on:%-d %b %Y}"
    assert f'href="{edit_url(typo)}" aria-label="Edit the Back squat test of {on}">Edit</a>' in html


def test_the_edit_form_shows_the_test_and_opening_it_changes_nothing(owner_client, athlete, typo):
    before = as_saved(typo)
    response = owner_client.get(edit_url(typo))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Correct a strength test" in html
    assert f'action="{edit_url(typo)}"' in html
    assert 'name="load" value="140"' in html and 'name="reps" value="1"' in html
    assert f'value="{typo.tested_on.isoformat()}"' in html
    assert f'<option value="{typo.exercise_id}" selected>' in html
    assert 'name="unit" value="kg"' in html and 'name="seen" value="' in html
    assert "Save correction" in html
    assert as_saved(typo) == before
    assert not PlanJob.objects.exists()


def test_a_corrected_test_is_saved_said_and_replanned(
    owner_client, athlete, typo, celery_outbox, django_capture_on_commit_callbacks
):
    from tests.plan_factories import make_plan

    make_plan(athlete)
    seen = shown_stamp(owner_client, typo)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(edit_url(typo), typed(typo, seen, load="80", reps="5"))
    assert response.status_code == 302
    assert response["Location"] == reverse("athlete_detail", args=[athlete.pk])
    typo.refresh_from_db()
    assert (typo.load, typo.reps, typo.estimated_1rm) == (Decimal("80"), 5, Decimal("93.33"))
    assert StrengthTest.objects.count() == 1
    assert athlete.current_one_rep_maxes() == {"back-squat": Decimal("93.33")}
    job = PlanJob.objects.get(athlete=athlete)
    assert [args for _, args in celery_outbox] == [(job.assignment_id, job.pk)]
    page = owner_client.get(response["Location"]).content.decode()
    on = f"{typo.tested_on:%-d %b %Y}"
    assert f"Back squat test of {on} corrected: 1RM estimated at 93.3 kg from 5 reps." in page


def test_the_plan_loads_follow_the_corrected_1rm(
    owner_client, athlete, django_capture_on_commit_callbacks
):
    test = StrengthTestFactory(
        athlete=athlete, load=Decimal("80"), tested_on=timezone.localdate() - timedelta(days=30)
    )
    today = timezone.localdate()
    plans.assign_program(
        athletes=[athlete],
        template=default_program(),
        start_date=today - timedelta(days=today.weekday()),
        user=None,
    )
    run_queued_jobs()

    def squats():
        cells = PlannedExercise.objects.filter(
            session__plan__athlete=athlete,
            session__date__gte=today,
            exercise__slug="back-squat",
            percent_1rm__isnull=False,
        )
        return [(c.percent_1rm, c.load) for c in cells.order_by("session__date", "order")]

    before = squats()
    assert before and all(
        load == Decimal(str(engine.load_from_percent(80, float(pct), "kg"))) for pct, load in before
    )
    seen = shown_stamp(owner_client, test)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(edit_url(test), typed(test, seen, load="100"))
    assert response.status_code == 302
    run_queued_jobs()

    after = squats()
    assert len(after) == len(before)
    assert all(
        load == Decimal(str(engine.load_from_percent(100, float(pct), "kg"))) for pct, load in after
    )
    assert [load for _, load in after] != [load for _, load in before]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"load": "0"}, "above zero"),
        ({"load": "1000"}, "beyond any runner"),
        ({"load": "400", "reps": "10"}, "400 kg × 10 makes a 1RM of about 533 kg, beyond any"),
        ({"load": "80.125"}, "two decimals at most"),
        ({"load": "heavy"}, "Enter the load lifted (kg) as a number"),
        ({"load": ""}, "Enter the load lifted, in kg."),
        ({"reps": "0"}, "at least 1 rep"),
        ({"reps": "50"}, "10 reps or fewer"),
        ({"tested_on": "2999-01-01"}, "cannot be in the future"),
        ({"tested_on": "1900-01-01"}, "Use a test from the last 5 years"),
        ({"exercise": "hill-sprint"}, "Choose the lift tested."),  # a lift with no 1RM
    ],
)
def test_a_bad_correction_is_refused_beside_its_field_and_changes_nothing(
    owner_client, athlete, typo, overrides, message
):
    if overrides.get("exercise") == "hill-sprint":
        overrides["exercise"] = str(shipped("hill-sprint").pk)
    before = as_saved(typo)
    seen = shown_stamp(owner_client, typo)
    response = owner_client.post(edit_url(typo), typed(typo, seen, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Please correct the fields marked below." in html
    assert as_saved(typo) == before
    assert not PlanJob.objects.exists()


def test_a_correction_far_above_the_lifts_other_tests_is_asked_about(owner_client, athlete):
    """Weighed against the athlete's other tests, not its own slip: 10 kg corrected to 110
    after a test of 100 is no rise to ask about; to 200, it is."""
    StrengthTestFactory(
        athlete=athlete, load=Decimal("100"), tested_on=timezone.localdate() - timedelta(days=30)
    )
    slip = StrengthTestFactory(athlete=athlete, load=Decimal("10"))
    seen = shown_stamp(owner_client, slip)
    response = owner_client.post(edit_url(slip), typed(slip, seen, load="200"))
    assert response.status_code == 400
    html = response.content.decode()
    # The slip is the latest test: the plan loads from it now, not from the test before it.
    assert "100 % above the test before it (100 kg, tested" in html
    assert "the plan uses now" not in html
    assert as_saved(slip)[2] == Decimal("10")
    response = owner_client.post(edit_url(slip), typed(slip, seen, load="110"))
    assert response.status_code == 302
    assert as_saved(slip)[2] == Decimal("110")


def test_a_correction_of_an_older_test_made_the_latest_compares_with_the_plans_1rm(
    owner_client, athlete
):
    """A test moved to a later day than the one the plan loads from now is weighed against
    that one, which is the 1RM the plan uses now."""
    today = timezone.localdate()
    StrengthTestFactory(athlete=athlete, load=Decimal("100"), tested_on=today - timedelta(days=3))
    older = StrengthTestFactory(
        athlete=athlete, load=Decimal("95"), tested_on=today - timedelta(days=30)
    )
    seen = shown_stamp(owner_client, older)
    response = owner_client.post(
        edit_url(older), typed(older, seen, load="200", tested_on=today.isoformat())
    )
    assert response.status_code == 400
    assert "100 % above the 1RM the plan uses now (100 kg, tested" in response.content.decode()


def test_a_confirmed_1rm_is_not_asked_about_again_when_only_its_date_is_corrected(
    owner_client, athlete
):
    heavy = StrengthTestFactory(athlete=athlete, load=Decimal("160"))  # past 2.5 x body mass
    seen = shown_stamp(owner_client, heavy)
    earlier = (heavy.tested_on - timedelta(days=2)).isoformat()
    response = owner_client.post(edit_url(heavy), typed(heavy, seen, tested_on=earlier))
    assert response.status_code == 302
    seen = shown_stamp(owner_client, heavy)
    response = owner_client.post(edit_url(heavy), typed(heavy, seen, load="170"))
    assert response.status_code == 400
    assert "2.8 times Amara Okafor" in response.content.decode()
    assert as_saved(heavy)[2] == Decimal("160")


def test_a_correction_that_changes_nothing_saves_nothing(owner_client, athlete, typo):
    from tests.plan_factories import make_plan

    make_plan(athlete)
    seen = shown_stamp(owner_client, typo)
    response = owner_client.post(edit_url(typo), typed(typo, seen), follow=True)
    assert "Back squat test unchanged: nothing to save." in response.content.decode()
    assert not PlanJob.objects.exists()


def test_a_second_click_on_save_is_no_conflict_and_saves_nothing_more(
    owner_client, athlete, typo, django_capture_on_commit_callbacks
):
    from athletes.signals import profile_changed

    told = []

    def heard(sender, athlete, fields, **kwargs):
        told.append(fields)

    profile_changed.connect(heard, dispatch_uid="test-heard")
    seen = shown_stamp(owner_client, typo)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = owner_client.post(edit_url(typo), typed(typo, seen, load="104"))
            second = owner_client.post(edit_url(typo), typed(typo, seen, load="104"))
    finally:
        profile_changed.disconnect(dispatch_uid="test-heard")
    assert (first.status_code, second.status_code) == (302, 302)
    assert as_saved(typo)[2] == Decimal("104")
    assert told == [{"one_rep_max"}]  # the plan is made again once
    page = owner_client.get(second["Location"]).content.decode()
    assert page.count("corrected: tested 1RM 104 kg.") == 1 and "unchanged" not in page


def test_another_clubs_test_or_athlete_is_not_found(owner_client, stranger, club, athlete, typo):
    before = as_saved(typo)
    seen = strength_test_stamp(typo)
    other_coach = Client()
    other_coach.force_login(stranger)
    assert other_coach.get(edit_url(typo)).status_code == 404
    assert other_coach.post(edit_url(typo), typed(typo, seen, load="80")).status_code == 404
    # Another athlete's test under this athlete's address, in the same club and in another.
    other = StrengthTestFactory(athlete=AthleteFactory(club=club, name="Ben Hughes"))
    theirs = StrengthTestFactory(athlete=AthleteFactory(name="Far Runner"))
    for test in (other, theirs):
        url = reverse("strength_test_edit", args=[athlete.pk, test.pk])
        assert owner_client.get(url).status_code == 404
        assert (
            owner_client.post(url, typed(test, strength_test_stamp(test), load="81")).status_code
            == 404
        )
        assert test.load == as_saved(test)[2] == Decimal("80")
    assert as_saved(typo) == before


def test_a_test_corrected_meanwhile_is_not_overwritten(owner_client, athlete, typo):
    seen = shown_stamp(owner_client, typo)
    StrengthTest.objects.filter(pk=typo.pk).update(load=Decimal("90"), estimated_1rm=90)
    response = owner_client.post(edit_url(typo), typed(typo, seen, load="85"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Not saved: this test was changed to Back squat, 90 kg × 1 on" in html
    assert 'name="load" value="85"' in html  # what this coach typed is kept
    assert as_saved(typo)[2] == Decimal("90")
    assert not PlanJob.objects.exists()
    # Saving again, against the test as it is now, is a deliberate choice: it saves.
    fresh = re.search(r'name="seen" value="([^"]+)"', html).group(1)
    assert fresh != seen
    response = owner_client.post(edit_url(typo), typed(typo, fresh, load="85"))
    assert response.status_code == 302
    assert as_saved(typo)[2] == Decimal("85")


def test_a_test_deleted_meanwhile_is_not_brought_back(owner_client, athlete, typo):
    seen = shown_stamp(owner_client, typo)
    url = edit_url(typo)
    typo.delete()
    response = owner_client.post(url, typed(typo, seen, load="85"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Not saved: this test was deleted while this page was open" in html
    assert f'action="{reverse("strength_test_add", args=[athlete.pk])}"' in html
    assert 'name="load" value="85"' in html
    assert not StrengthTest.objects.exists()
    # An address of a test this coach was never shown is simply not found.
    assert owner_client.post(url, typed(typo, "made-up", load="85")).status_code == 404
    assert owner_client.get(url).status_code == 404


def test_a_form_without_its_version_saves_nothing(owner_client, athlete, typo):
    response = owner_client.post(edit_url(typo), typed(typo, "", load="85"))
    assert response.status_code == 409
    assert as_saved(typo)[2] == Decimal("140")


def test_a_correction_typed_in_kg_after_a_switch_to_lb_is_refused_with_409(
    owner_client, athlete, typo
):
    seen = shown_stamp(owner_client, typo)
    Athlete.objects.filter(pk=athlete.pk).update(units="lb")
    response = owner_client.post(edit_url(typo), typed(typo, seen, load="85", unit="kg"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "loads are in lb since this form was opened (it asked in kg)" in html
    assert 'name="unit" value="lb"' in html
    assert as_saved(typo)[2] == Decimal("140")


def test_a_switch_to_lb_landing_while_a_correction_is_saved_is_caught_under_the_lock(
    owner_client, athlete, typo, monkeypatch
):
    from athletes import services

    real = services.strength_test_save

    def switch_first(**kwargs):
        Athlete.objects.filter(pk=athlete.pk).update(units="lb")
        return real(**kwargs)

    monkeypatch.setattr(services, "strength_test_save", switch_first)
    seen = shown_stamp(owner_client, typo)
    response = owner_client.post(edit_url(typo), typed(typo, seen, load="85", unit="kg"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "loads are in lb since this form was opened (it asked in kg)" in html
    assert f'action="{edit_url(typo)}"' in html and 'name="seen" value="' in html
    assert as_saved(typo)[2] == Decimal("140")


def test_a_correction_into_a_test_the_athlete_has_already_is_refused_beside_its_date(
    owner_client, athlete, typo
):
    """Corrected into a copy of another of the athlete's tests (same lift, day, load and
    reps), the test would be a double: refused, both left as they were."""
    other = StrengthTestFactory(
        athlete=athlete, exercise=typo.exercise, tested_on=typo.tested_on, load=Decimal("104")
    )
    other.refresh_from_db()
    before = as_saved(typo)
    seen = shown_stamp(owner_client, typo)
    response = owner_client.post(
        edit_url(typo), typed(typo, seen, load="104.0", reps=str(other.reps))
    )
    assert response.status_code == 400
    said = re.search(r'<div id="id_tested_on_error">(.*?)</div>', response.content.decode(), re.S)
    assert said and "This test is already recorded" in said.group(1)
    assert as_saved(typo) == before
    assert StrengthTest.objects.filter(athlete=athlete).count() == 2
    # Opened and saved as it is, a test is never its own double.
    assert owner_client.post(edit_url(other), typed(other, shown_stamp(owner_client, other)))[
        "Location"
    ] == reverse("athlete_detail", args=[athlete.pk])


def test_a_test_older_than_the_lifts_latest_is_not_said_to_set_the_plan(owner_client, athlete):
    """A test typed in late, dated before the lift's latest one, goes into the history: the
    plan keeps loading from the later test, and the message says so rather than that
    sessions are being planned from the one just saved."""
    from tests.plan_factories import make_plan

    make_plan(athlete)
    today = timezone.localdate()
    StrengthTestFactory(athlete=athlete, load=Decimal("90"), reps=1, tested_on=today)
    url = reverse("strength_test_add", args=[athlete.pk])
    data = {
        "exercise": shipped("back-squat").pk,
        "tested_on": (today - timedelta(days=20)).isoformat(),
        "load": "70",
        "reps": "1",
        "unit": "kg",
    }
    page = owner_client.post(url, data, follow=True).content.decode()
    assert athlete.current_one_rep_maxes() == {"back-squat": Decimal("90")}
    assert "Back squat: tested 1RM 70 kg." in page
    assert "being planned from it" not in page
    assert (
        f"Kept in the history: the later test of {today:%-d %b %Y} (90 kg) stays the 1RM plans "
        "load from." in page
    )
