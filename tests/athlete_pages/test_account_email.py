"""The email a signed-in athlete's password reset goes to, set by the athlete: one who
signed up without it has a way to add it later, and so a way back in by mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from athletes.models import Membership
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def runner(client, athlete):
    user = UserFactory(username="amara", email="")
    athlete.user = user
    athlete.save(update_fields=["user"])
    client.force_login(user)
    return user


def test_an_athlete_who_signed_up_without_an_email_adds_one_and_can_reset_by_it(
    client, runner, plan, settings
):
    week = client.get(reverse("me_week")).content.decode()
    assert f'href="{reverse("me_email")}">Email</a>' in week
    page = client.get(reverse("me_email"))
    assert page.status_code == 200
    assert "If you forget your password, the link to choose a new one is sent here." in (
        page.content.decode()
    )
    response = client.post(
        reverse("me_email"), {"email": "amara@example.com", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(reverse("me_week"), 302)]
    assert "Password resets now go to amara@example.com." in response.content.decode()
    runner.refresh_from_db()
    assert runner.email == "amara@example.com"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Client().post(reverse("password_reset"), {"email": "amara@example.com"})
    assert [message.to for message in mail.outbox] == [["amara@example.com"]]


def test_a_wrong_password_saves_nothing_and_says_so_at_the_box(client, runner):
    response = client.post(reverse("me_email"), {"email": "amara@example.com", "password": "no"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "That is not your password." in body
    assert 'value="amara@example.com"' in body  # what was typed stays
    runner.refresh_from_db()
    assert runner.email == ""


def test_an_email_another_login_uses_is_refused(client, runner):
    UserFactory(username="someone", email="taken@example.com")
    response = client.post(
        reverse("me_email"), {"email": "Taken@example.com", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Another account uses this email: give another." in response.content.decode()
    runner.refresh_from_db()
    assert runner.email == ""


def test_the_email_can_be_taken_away_and_the_page_says_what_that_means(client, runner):
    runner.email = "amara@example.com"
    runner.save(update_fields=["email"])
    response = client.post(reverse("me_email"), {"email": "", "password": PASSWORD}, follow=True)
    assert "Your login has no email now: a forgotten password cannot be reset by mail." in (
        response.content.decode()
    )
    runner.refresh_from_db()
    assert runner.email == ""


def test_only_a_signed_in_athlete_has_the_page(client, owner, athlete):
    url = reverse("me_email")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert Membership.objects.filter(user=owner).exists()
    coach = Client()
    coach.force_login(owner)
    assert coach.get(url).status_code == 404
    assert coach.post(url, {"email": "x@example.com", "password": PASSWORD}).status_code == 404
    owner.refresh_from_db()
    assert owner.email != "x@example.com"


def test_the_private_links_week_offers_no_email_page(client, plan, week_url):
    assert reverse("me_email") not in client.get(week_url).content.decode()
