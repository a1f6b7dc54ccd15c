"""A page left open after its login ended: its next htmx save sends the tab to log in,
instead of pasting the login page where the answer should go."""

from django.test import Client
from django.urls import reverse

from tests.factories import AthleteFactory, UserFactory
from tests.plan_factories import make_plan


def test_an_htmx_save_without_a_login_sends_the_whole_tab_to_log_in(club, athlete):
    cell = make_plan(athlete, weeks=1).sessions.first().exercises.first()
    grid = reverse("plan_grid", args=[athlete.pk])
    response = Client().post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "up", "version": cell.version},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{grid}?week=2",
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == f"/login/?next={grid.replace('/', '%2F')}%3Fweek%3D2"
    assert b"<form" not in response.content


def test_an_athlete_whose_login_was_removed_is_sent_to_log_in(club):
    user = UserFactory(username="runner")
    athlete = AthleteFactory(club=club, user=user)
    cell = make_plan(athlete, weeks=1).sessions.first().exercises.first()
    phone = Client()
    phone.force_login(user)
    user.delete()
    response = phone.post(
        reverse("me_set_log", args=[cell.pk, 1]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/me/",
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == "/login/?next=%2Fme%2F"


def test_without_htmx_the_login_redirect_is_unchanged(club, athlete):
    response = Client().get(reverse("plan_grid", args=[athlete.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert "HX-Redirect" not in response


def test_a_form_sent_after_the_login_ended_returns_to_its_page_after_logging_in(
    club, athlete, owner
):
    """The form's own address answers only a POST: landing there after logging in was a
    bare 405. The login sends the coach back to the page the form was on."""
    page = reverse("athlete_link", args=[athlete.pk])
    action = reverse("athlete_link_issue", args=[athlete.pk])
    response = Client().post(action, HTTP_REFERER=f"http://testserver{page}?tab=1")
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={page}%3Ftab%3D1"
    # Another site's page, or none: the home page.
    for referer in ("https://elsewhere.example/athletes/", ""):
        response = Client().post(action, HTTP_REFERER=referer)
        assert response["Location"] == "/login/?next=/"
    # Logging in there lands on the page, which answers a GET.
    coach = Client()
    owner.set_password("a-long-test-password")
    owner.save()
    landed = coach.post(
        f"/login/?next={page}",
        {"username": owner.username, "password": "a-long-test-password", "next": page},
        follow=True,
    )
    assert landed.redirect_chain[-1][0] == page
    assert landed.status_code == 200
