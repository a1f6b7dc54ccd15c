"""Re-planning the athletes who follow a programme after it was changed in the builder."""

import re
from datetime import date

from django.urls import reverse

from schedules.models import Assignment, PlanJob
from tests.factories import AthleteFactory, SquadFactory


def follow(program, athlete, active=True):
    return Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4), active=active
    )


def test_the_builder_says_who_follows_the_programme_and_offers_to_re_plan_them(
    owner_client, program, club
):
    page = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert "Re-plan" not in page
    for athlete in AthleteFactory.create_batch(2, club=club):
        follow(program, athlete)
    follow(program, AthleteFactory(club=club), active=False)  # moved on to another programme
    page = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert "Assigned to 2 athletes. A change here reaches their plans when they are next" in page
    assert f'action="{reverse("program_replan", args=[program.pk])}"' in page
    assert "Re-plan those athletes now" in page


def test_re_planning_queues_one_batch_for_the_athletes_who_follow_it_now(
    owner_client, program, club, celery_outbox, django_capture_on_commit_callbacks
):
    followers = AthleteFactory.create_batch(2, club=club)
    for athlete in followers:
        follow(program, athlete)
    follow(program, AthleteFactory(club=club), active=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("program_replan", args=[program.pk]), {"version": program.version}
        )

    jobs = list(PlanJob.objects.all())
    assert sorted(j.athlete_id for j in jobs) == sorted(a.pk for a in followers)
    assert len({j.batch for j in jobs}) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_batch", args=[jobs[0].batch])
    assert len(celery_outbox) == 2


def test_the_plans_being_made_lead_back_to_the_programme_and_count_who_is_re_planned(
    owner_client, program, club
):
    squad = SquadFactory(club=club, name="Marathon group")
    follow(program, AthleteFactory(club=club, squad=squad))
    AthleteFactory(club=club, squad=squad)  # follows nothing: not re-planned
    response = owner_client.post(
        reverse("program_replan", args=[program.pk]), {"version": program.version}, follow=True
    )
    page = response.content.decode()
    crumbs = page[page.index('<nav class="crumbs" aria-label="Breadcrumb">') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert f'href="{reverse("program_detail", args=[program.pk])}">Club strength</a>' in crumbs
    assert "Club strength · 1 athlete of Marathon group" in page
    assert 'aria-current="page">Programmes</a>' in page


def test_re_planning_a_programme_no_one_follows_says_so(owner_client, program):
    response = owner_client.post(
        reverse("program_replan", args=[program.pk]), {"version": program.version}, follow=True
    )
    assert "No athlete follows Club strength now: nothing to re-plan." in (
        response.content.decode()
    )
    assert not PlanJob.objects.exists()


def test_another_clubs_programme_or_a_get_re_plans_nothing(
    owner_client, foreign_program, program, club
):
    follow(program, AthleteFactory(club=club))
    assert (
        owner_client.post(reverse("program_replan", args=[foreign_program.pk])).status_code == 404
    )
    assert owner_client.get(reverse("program_replan", args=[program.pk])).status_code == 405
    assert not PlanJob.objects.exists()


def test_a_programme_with_no_phases_is_not_re_planned(owner_client, club):
    from programs.models import ProgramTemplate

    empty = ProgramTemplate.objects.create(club=club, name="Empty block")
    follow(empty, AthleteFactory(club=club))
    response = owner_client.post(
        reverse("program_replan", args=[empty.pk]), {"version": empty.version}, follow=True
    )
    assert "Empty block has no phases, so its athletes' plans cannot be made from it" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not PlanJob.objects.exists()


def test_re_planning_from_a_page_shown_before_another_coach_changed_the_programme_is_refused(
    owner_client, program, club
):
    """The coach confirmed re-planning from the programme as the page showed it: a change
    made since (another coach, another tab) is shown first, and no plan is made again."""
    follow(program, AthleteFactory(club=club))
    page = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    form = page[page.index(f'action="{reverse("program_replan", args=[program.pk])}"') :]
    seen = re.search(r'name="version" value="(\d+)"', form).group(1)
    type(program).objects.filter(pk=program.pk).update(version=program.version + 1)

    response = owner_client.post(reverse("program_replan", args=[program.pk]), {"version": seen})

    assert response.status_code == 409
    assert "Someone changed this programme after you opened it, so no plan was made again." in (
        response.content.decode()
    )
    assert not PlanJob.objects.exists()


def test_a_re_plan_form_without_the_programmes_version_re_plans_nothing(
    owner_client, program, club
):
    follow(program, AthleteFactory(club=club))
    response = owner_client.post(reverse("program_replan", args=[program.pk]))
    assert response.status_code == 400
    assert not PlanJob.objects.exists()
