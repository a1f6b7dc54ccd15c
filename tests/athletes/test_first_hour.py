"""A new club's first hour: the owner checks the invitation link, a second coach finds the
club page."""

from django.test import Client
from django.urls import reverse

from athletes.models import Invitation, Membership


def test_the_owner_opening_their_own_invitation_is_told_it_is_for_the_coach_invited(
    owner_client, club, owner
):
    """An owner trying the link they just made is a coach of the club already: the page says
    the link is for the coach invited, not that joining would make them a new account."""
    _, token = Invitation.issue(club=club, created_by=owner, email="sam@example.com")
    page = owner_client.get(reverse("invite_accept", args=[token])).content.decode()
    assert "You already coach at Riverside Harriers" in page
    assert "send it to the coach you are inviting" in page
    assert "Joining makes a new account" not in page
    # Still usable: nothing was spent by looking.
    assert Invitation.find_usable(token) is not None


def test_a_coach_of_the_same_club_opening_an_invitation_is_told_the_same(club, owner, coach):
    _, token = Invitation.issue(club=club, created_by=owner)
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("invite_accept", args=[token])).content.decode()
    assert "You already coach at Riverside Harriers" in page
    assert "Joining makes a new account" not in page


def test_a_coach_of_another_club_still_gets_the_log_out_first_notice(stranger_client, club, owner):
    _, token = Invitation.issue(club=club, created_by=owner)
    page = stranger_client.get(reverse("invite_accept", args=[token])).content.decode()
    assert "You are logged in as <strong>stranger</strong>. Joining makes a new account" in page
    assert "You already coach at" not in page


def test_a_coach_who_is_not_the_owner_is_told_who_invites_coaches_and_renames_the_club(
    club, owner, coach
):
    """The club page of a coach shows no invitation or name form: it says the owner does
    those, and names the owner, instead of leaving the coach looking for them."""
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("club_coaches")).content.decode()
    assert "Create invitation link" not in page
    assert (
        "Only the club's owner, <strong>owner</strong>, invites and removes coaches "
        "and renames the club" in page
    )
    owner_page = Client()
    owner_page.force_login(owner)
    assert "Only the club's owner" not in owner_page.get(reverse("club_coaches")).content.decode()
    assert Membership.objects.get(user=coach).role == "coach"


def test_the_athlete_form_names_the_race_field_apart_from_its_heading_and_says_what_no_date_does(
    owner_client, club
):
    """Under the heading "Goal race", the race's name was labelled "Goal race" as well, and
    nothing said that a race left without a date gives an off-season block."""
    page = owner_client.get(reverse("athlete_create")).content.decode()
    assert '<label for="id_goal_race_name">Race name' in page
    assert "For example Valencia Marathon." in page
    assert "Left empty, the plan is an off-season strength block" in page


def test_the_access_page_of_an_athlete_with_no_plan_says_their_week_is_empty_until_one_is_made(
    owner_client, athlete
):
    """A coach giving the link first sees that it opens an empty week for now, with the way
    to the programme; once a plan is made the note goes."""
    from tests.plan_factories import make_plan

    url = reverse("athlete_link", args=[athlete.pk])
    page = owner_client.get(url).content.decode()
    assert "Amara Okafor has no plan yet: the link opens a week that says so" in page
    assert f'href="{reverse("assign_athlete", args=[athlete.pk])}"' in page
    make_plan(athlete, weeks=2)
    assert "has no plan yet" not in owner_client.get(url).content.decode()
