"""Removing an athlete who left, or a mistyped 1RM test."""

import os
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from athletes.models import Athlete, AthleteLink, Club, StrengthTest
from schedules.models import ExportJob, Plan, PlanJob, SetLog
from tests.factories import AthleteFactory, MembershipFactory, StrengthTestFactory, UserFactory
from tests.plan_factories import make_plan


@pytest.fixture
def followed(athlete, settings, tmp_path):
    """An athlete with everything a season leaves behind: tests, plan, logs, link, export."""
    settings.MEDIA_ROOT = tmp_path
    athlete.user = UserFactory(username="amara")
    athlete.save()
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=2)
    cell = plan.sessions.order_by("date").first().exercises.first()
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True)
    AthleteLink.issue(athlete=athlete)
    export = ExportJob.objects.create(
        club=athlete.club, kind="athlete_block", athlete=athlete, status="done"
    )
    export.file.save("block.pdf", ContentFile(b"%PDF"), save=True)
    return export


def test_deleting_an_athlete_removes_their_records_files_and_own_login(
    owner_client, athlete, followed, django_capture_on_commit_callbacks
):
    path = followed.file.path
    other = AthleteFactory(club=athlete.club, name="Ben Hughes")
    make_plan(other)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("athlete_delete", args=[athlete.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("roster")
    assert not Athlete.objects.filter(pk=athlete.pk).exists()
    assert not Plan.objects.filter(athlete_id=athlete.pk).exists()
    assert not SetLog.objects.exists()
    assert not StrengthTest.objects.filter(athlete_id=athlete.pk).exists()
    assert not AthleteLink.objects.filter(athlete_id=athlete.pk).exists()
    assert not ExportJob.objects.exists()
    assert not get_user_model().objects.filter(username="amara").exists()
    assert not os.path.exists(path)
    assert Plan.objects.filter(athlete=other).exists()
    assert "Amara Okafor and all their records were deleted" in (
        owner_client.get(reverse("roster")).content.decode()
    )


def test_deleting_an_athlete_who_is_also_a_coach_keeps_the_coach_login(owner_client, club, athlete):
    coach = MembershipFactory(club=club, role="coach", user=UserFactory(username="coach2")).user
    athlete.user = coach
    athlete.save()
    owner_client.post(reverse("athlete_delete", args=[athlete.pk]))
    assert get_user_model().objects.filter(username="coach2").exists()


def test_another_clubs_coach_cannot_delete_the_athlete(stranger_client, athlete):
    response = stranger_client.post(reverse("athlete_delete", args=[athlete.pk]))
    assert response.status_code == 404
    assert Athlete.objects.filter(pk=athlete.pk).exists()


def test_athlete_page_offers_deletion_behind_a_confirmation(owner_client, athlete):
    html = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    action = reverse("athlete_delete", args=[athlete.pk])
    assert f'action="{action}" class="confirm-form" data-confirm>' in html
    form = html[html.index(f'action="{action}"') :]
    assert form.index('name="ask" value="Delete Amara Okafor') < form.index("</form>")


def test_the_advice_to_keep_a_copy_before_deleting_links_to_the_club_file(owner_client, athlete):
    html = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    danger = html.split('class="card danger-zone"', 1)[1]
    assert f'<a href="{reverse("club_export")}" download>Download the club file</a>' in danger


def test_deleting_a_test_replans_from_the_1rm_left(
    owner_client, athlete, celery_outbox, django_capture_on_commit_callbacks
):
    make_plan(athlete)
    older = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    typo = StrengthTestFactory(
        athlete=athlete, exercise=older.exercise, load=Decimal("800"), reps=1
    )
    url = reverse("strength_test_delete", args=[athlete.pk, typo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response.status_code == 302
    assert list(athlete.strength_tests.all()) == [older]
    assert athlete.current_one_rep_maxes() == {older.exercise.slug: Decimal("80")}
    job = PlanJob.objects.get(athlete=athlete)
    assert [args for _, args in celery_outbox] == [(job.assignment_id, job.pk)]


def test_deleting_a_test_of_an_athlete_without_a_plan_says_nothing_of_a_plan(owner_client, athlete):
    test = StrengthTestFactory(athlete=athlete)
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "Delete the Back squat test of" in page and "re-planned" not in page
    url = reverse("strength_test_delete", args=[athlete.pk, test.pk])
    after = owner_client.post(url, follow=True).content.decode()
    assert f"test of {test.tested_on:%-d %b %Y} deleted." in after
    assert "plan" not in after[after.index("deleted") - 60 : after.index("deleted") + 60]
    make_plan(athlete)
    StrengthTestFactory(athlete=athlete, tested_on=test.tested_on - timedelta(days=30))
    test = StrengthTestFactory(athlete=athlete)
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "The plan is re-planned from the 1RM that is left." in page
    url = reverse("strength_test_delete", args=[athlete.pk, test.pk])
    after = owner_client.post(url, follow=True).content.decode()
    assert "deleted; the plan follows the 1RM that is left." in after


def test_deleting_a_lifts_only_test_says_the_plan_goes_by_effort_for_it(owner_client, athlete):
    """With no other test of the lift the plan has no 1RM left to follow: it said it did."""
    make_plan(athlete)
    only = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "With no other Back squat test, the plan gives it by effort." in page
    assert "re-planned from the 1RM that is left" not in page
    url = reverse("strength_test_delete", args=[athlete.pk, only.pk])
    after = owner_client.post(url, follow=True).content.decode()
    assert "deleted; with no other Back squat test, the plan gives it by effort." in after
    assert "1RM that is left" not in after


def test_a_test_of_another_athlete_is_404_and_kept(owner_client, club, athlete):
    other_test = StrengthTestFactory(athlete=AthleteFactory(club=club, name="Ben Hughes"))
    url = reverse("strength_test_delete", args=[athlete.pk, other_test.pk])
    assert owner_client.post(url).status_code == 404
    assert StrengthTest.objects.filter(pk=other_test.pk).exists()


def test_a_club_with_plans_and_logs_can_be_deleted_whole(athlete, followed):
    club_id = athlete.club_id
    Club.objects.filter(pk=club_id).delete()
    assert not Athlete.objects.filter(club_id=club_id).exists()
    assert not Plan.objects.exists()


def test_deleting_an_older_test_says_the_plan_keeps_the_latest_tests_1rm(owner_client, athlete):
    make_plan(athlete)
    latest = StrengthTestFactory(athlete=athlete, load=Decimal("90"), reps=1)
    older = StrengthTestFactory(
        athlete=athlete,
        exercise=latest.exercise,
        load=Decimal("80"),
        reps=1,
        tested_on=latest.tested_on - timedelta(days=60),
    )
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    asks = re.findall(r'name="ask" value="([^"]+)"', page)
    assert any("The plan keeps the 1RM of the latest test." in ask for ask in asks)
    assert any("The plan is re-planned from the 1RM that is left." in ask for ask in asks)
    url = reverse("strength_test_delete", args=[athlete.pk, older.pk])
    after = owner_client.post(url, follow=True).content.decode()
    assert "deleted; the plan keeps the 1RM of the latest test." in after
    assert athlete.current_one_rep_maxes() == {latest.exercise.slug: Decimal("90")}
