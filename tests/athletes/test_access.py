"""Every athlete URL: strangers get 404, anonymous users go to log in."""

import pytest
from django.urls import reverse

from tests.factories import SquadFactory


def athlete_urls(athlete, squad):
    return [
        reverse("athlete_detail", args=[athlete.pk]),
        reverse("athlete_edit", args=[athlete.pk]),
        reverse("running_week_edit", args=[athlete.pk]),
        reverse("strength_test_add", args=[athlete.pk]),
    ]


@pytest.fixture
def squad(club):
    return SquadFactory(club=club)


def test_stranger_gets_404_on_every_athlete_url(stranger_client, athlete, squad):
    for url in athlete_urls(athlete, squad):
        assert stranger_client.get(url).status_code == 404, url
    for url in athlete_urls(athlete, squad)[1:]:
        assert stranger_client.post(url, {"name": "x"}).status_code == 404, url
    athlete.refresh_from_db()
    assert athlete.name == "Amara Okafor"


def test_stranger_cannot_delete_another_clubs_squad(stranger_client, squad):
    response = stranger_client.post(reverse("squad_delete", args=[squad.pk]))
    assert response.status_code == 404
    assert type(squad).objects.filter(pk=squad.pk).exists()


def test_anonymous_is_sent_to_login(client, athlete, squad):
    urls = [
        *athlete_urls(athlete, squad),
        reverse("roster"),
        reverse("athlete_create"),
        reverse("roster_import"),
        reverse("roster_export"),
        reverse("squads"),
        reverse("club_coaches"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_squad_delete_refuses_get(owner_client, squad):
    response = owner_client.get(reverse("squad_delete", args=[squad.pk]))
    assert response.status_code == 405
    assert type(squad).objects.filter(pk=squad.pk).exists()


def test_second_coach_of_the_club_sees_the_athlete(client, coach, athlete):
    client.force_login(coach)
    response = client.get(reverse("athlete_detail", args=[athlete.pk]))
    assert response.status_code == 200
    assert "Amara Okafor" in response.content.decode()


def test_roster_lists_only_own_club(owner_client, athlete, stranger):
    from tests.factories import AthleteFactory

    AthleteFactory(club=stranger.membership.club, name="Secret Runner")
    body = owner_client.get(reverse("roster")).content.decode()
    assert "Amara Okafor" in body
    assert "Secret Runner" not in body


def test_user_without_club_gets_404(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="loner"))
    assert client.get(reverse("roster")).status_code == 404
