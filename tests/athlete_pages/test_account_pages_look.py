"""A signed-in athlete's email and password pages look and lead as their week does: the
athlete's top bar (Email, Password, Log out), the week's plain white page, and back to the
week. A coach's own password page stays a coach's page."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def runner(client, athlete):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save(update_fields=["user"])
    client.force_login(user)
    return user


def top_bar(body: str) -> str:
    match = re.search(r'<header class="topbar athlete-bar">.*?</header>', body, re.S)
    assert match, "no athlete top bar"
    return match.group(0)


def assert_athlete_page(body: str) -> None:
    assert 'class="athlete-app"' in body
    bar = top_bar(body)
    assert f'href="{reverse("me_email")}">Email</a>' in bar
    assert f'href="{reverse("password_change")}">Password</a>' in bar
    assert f'action="{reverse("logout")}"' in bar
    assert "Log out</button>" in bar
    assert 'class="mainnav"' not in body


@pytest.mark.parametrize("name", ["me_email", "password_change"])
def test_an_athlete_s_account_pages_have_the_week_s_top_bar_and_look(client, runner, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_athlete_page(response.content.decode())


def test_an_athlete_s_email_page_refused_keeps_the_athlete_s_look(client, runner):
    response = client.post(reverse("me_email"), {"email": "a@example.com", "password": "no"})
    assert response.status_code == 400
    assert_athlete_page(response.content.decode())


def test_an_athlete_s_password_page_cancels_back_to_the_week(client, runner):
    body = client.get(reverse("password_change")).content.decode()
    assert f'<a class="btn btn-ghost" href="{reverse("me_week")}">Cancel</a>' in body
    assert 'href="/">Cancel' not in body


def test_an_athlete_s_password_refused_keeps_the_athlete_s_look(client, runner):
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert_athlete_page(body)
    assert f'href="{reverse("me_week")}">Cancel</a>' in body


def test_an_athlete_s_password_changed_page_leads_back_to_the_week(client, runner):
    new = "another-horse-battery-9"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    body = response.content.decode()
    assert "Password changed" in body
    assert_athlete_page(body)
    assert f'href="{reverse("me_week")}">Back to your week</a>' in body


def test_a_coach_s_password_pages_stay_the_coach_s(owner_client):
    body = owner_client.get(reverse("password_change")).content.decode()
    assert 'class="mainnav"' in body
    assert "athlete-bar" not in body
    assert "athlete-app" not in body
    assert 'href="/">Cancel</a>' in body
    done = owner_client.get(reverse("password_change_done")).content.decode()
    assert 'class="mainnav"' in done
    assert "athlete-bar" not in done
    assert 'href="/">Back to the start</a>' in done
