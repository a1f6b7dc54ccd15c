"""An invitation's form says whether an email or a username has an account, as the sign-up
form does: asked name after name from one address, its tries run out as the sign-up's do.

Anyone can open a club, and its owner can make invitations (for a coach, or for an
athlete's login) without end; each stays usable until someone joins with it."""

import pytest
from django.test import Client
from django.urls import reverse

from athletes.link_views import login_invite_token
from athletes.models import Invitation
from tests.factories import UserFactory

PROBE = {"username": "probe", "password1": "a", "password2": "b"}


@pytest.fixture
def known(db):
    return UserFactory(username="known", email="known@other-club.example")


def _probe(url: str, monkeypatch) -> tuple[list[int], str]:
    from athletes import throttle

    monkeypatch.setattr(throttle, "SIGNUP_TRIES_AN_HOUR", 3)
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    answers = [
        visitor.post(url, {**PROBE, "email": f"guess{n}@example.com"}).status_code for n in range(3)
    ]
    refused = visitor.post(url, {**PROBE, "email": "known@other-club.example"})
    return [*answers, refused.status_code], refused.content.decode()


def test_a_coach_invitation_does_not_answer_email_after_email(club, owner, known, monkeypatch):
    _, token = Invitation.issue(club=club, created_by=owner)

    answers, body = _probe(reverse("invite_accept", args=[token]), monkeypatch)

    assert answers == [400, 400, 400, 429]
    assert "Another account uses this email" not in body
    assert "Too many" in body
    assert Invitation.objects.get().used_at is None


def test_an_athletes_login_invitation_does_not_answer_email_after_email(
    athlete, known, monkeypatch
):
    url = reverse("athlete_login_accept", args=[login_invite_token(athlete)])

    answers, body = _probe(url, monkeypatch)

    assert answers == [400, 400, 400, 429]
    assert "Another account uses this email" not in body
    assert "Too many" in body
    athlete.refresh_from_db()
    assert athlete.user is None


def test_a_refused_invitation_form_keeps_what_was_typed(club, owner, monkeypatch):
    from athletes import throttle

    monkeypatch.setattr(throttle, "SIGNUP_TRIES_AN_HOUR", 0)
    _, token = Invitation.issue(club=club, created_by=owner)
    data = {"username": "typedname", "email": "me@example.com"}

    response = Client(REMOTE_ADDR="203.0.113.9").post(reverse("invite_accept", args=[token]), data)

    assert response.status_code == 429
    body = response.content.decode()
    assert all(f'value="{value}"' in body for value in data.values())
