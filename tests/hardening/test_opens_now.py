"""Whether a page still opens is asked of its view without touching what the user's session
holds for the page they will really see."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import resolve, reverse

from config.addresses import opens_now


def request_of(user, session) -> object:
    request = RequestFactory().post("/anything/")
    request.user, request.session = user, session
    return request


def test_a_page_asked_about_keeps_what_the_session_holds_for_it(owner, athlete):
    session = SessionStore()
    shown = {"kind": "link", "url": "https://example.org/w/token/"}
    session[f"athlete-link-shown-{athlete.pk}"] = shown
    request = request_of(owner, session)
    assert opens_now(request, reverse("athlete_link", args=[athlete.pk]))
    # The address shown once is still there for the page the coach will see.
    assert request.session[f"athlete-link-shown-{athlete.pk}"] == shown
    # And the request goes on with its database connection as it was.
    assert type(athlete).objects.filter(pk=athlete.pk).exists()


def test_a_page_of_another_club_or_gone_does_not_open(stranger, owner, athlete):
    assert not opens_now(request_of(stranger, SessionStore()), f"/athletes/{athlete.pk}/")
    assert not opens_now(request_of(owner, SessionStore()), f"/athletes/{athlete.pk + 99}/")
    assert opens_now(request_of(owner, SessionStore()), f"/athletes/{athlete.pk}/")
    assert not opens_now(request_of(AnonymousUser(), SessionStore()), "/nowhere/")


def test_a_page_that_fails_is_not_one_that_opens(owner, athlete, monkeypatch):
    """A view failing for another reason than "not found" makes the page not one to send the
    user on to, instead of failing the page that asked."""

    def broken(request, pk):
        raise ValueError("broken")

    match = resolve(f"/athletes/{athlete.pk}/")
    monkeypatch.setattr(match, "func", broken)
    monkeypatch.setattr("config.addresses.resolve", lambda path: match)
    assert not opens_now(request_of(owner, SessionStore()), f"/athletes/{athlete.pk}/")
