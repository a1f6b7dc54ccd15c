"""The email a signed-in athlete's password reset goes to, set by the athlete: one who
signed up without it has a way to add it later, and so a way back in by mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Membership
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


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("me_email", "get"),
        ("me_email", "post"),
        ("me_feed_issue", "post"),
        ("me_feed_stop", "post"),
    ],
)
def test_an_archived_athletes_own_pages_say_why_not_not_found(client, runner, name, method):
    # Signed in before their coach archived them: told why, as their week tells them.
    Athlete.objects.filter(user=runner).update(archived_at=timezone.now())
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 403
    assert "Your coach has archived your record (you left the club)" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    runner.refresh_from_db()
    assert runner.email == ""
