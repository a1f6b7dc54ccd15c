"""The calendar address of an athlete who signs in: a token of its own, for the feed only."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from athletes.models import CalendarFeed
from schedules.models import PlannedSession
from tests.factories import UserFactory

ADDRESS = re.compile(r"http://testserver/calendar/([\w-]{43})/plan\.ics")


@pytest.fixture
def runner(client, athlete):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save(update_fields=["user"])
    client.force_login(user)
    return user


def make_address(client) -> str:
    response = client.post(reverse("me_feed_issue"))
    assert response.status_code == 302
    assert response["Location"] == "/me/#calendar"
    page = client.get("/me/").content.decode()
    [address] = set(ADDRESS.findall(page))
    assert f"webcal://testserver/calendar/{address}/plan.ics" in page
    return f"/calendar/{address}/plan.ics"


def test_a_signed_in_athlete_makes_a_calendar_address_and_it_serves_their_plan(
    client, plan, runner
):
    page = client.get("/me/").content.decode()
    assert "Make a calendar address" in page
    assert not ADDRESS.search(page)
    url = make_address(client)
    client.logout()  # a calendar app does not sign in
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == PlannedSession.objects.filter(plan=plan).count()
    assert "Back squat: 3 × 6 @ 60 kg" in " ".join(str(e.get("description")) for e in events)


def test_the_address_is_shown_once_and_only_its_hash_is_kept(client, plan, runner):
    url = make_address(client)
    token = url.split("/")[2]
    page = client.get("/me/").content.decode()
    assert token not in page
    assert "through a private address made on" in page
    assert "Make a new address" in page
    assert not CalendarFeed.objects.filter(token_hash=token).exists()
    assert CalendarFeed.objects.filter(athlete=plan.athlete, revoked_at__isnull=True).count() == 1


def test_a_new_address_retires_the_old_one_and_stop_ends_it(client, plan, runner):
    first = make_address(client)
    second = make_address(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.post(reverse("me_feed_stop")).status_code == 302
    assert client.get(second).status_code == 404
    assert "Make a calendar address" in client.get("/me/").content.decode()


def test_an_address_replaced_before_it_was_shown_is_not_shown(client, plan, runner):
    """The address is made on one phone, whose page did not load in time (no signal), and
    a new one is made on another: back on the first, its week does not offer the address
    that no longer works to subscribe to, but says one is in place."""
    assert client.post(reverse("me_feed_issue")).status_code == 302
    CalendarFeed.issue(athlete=plan.athlete)  # the other phone
    page = client.get("/me/").content.decode()
    assert not ADDRESS.search(page)
    assert "through a private address made on" in page


def test_the_address_opens_the_feed_only_not_the_athletes_pages(client, plan, runner):
    token = make_address(client).split("/")[2]
    client.logout()
    assert client.get(f"/w/{token}/").status_code == 404
    assert client.get(f"/w/{token}/calendar.ics").status_code == 404


def test_the_address_stops_with_the_login_it_was_made_under(client, owner, plan, runner):
    url = make_address(client)
    coach = Client()
    coach.force_login(owner)
    assert coach.post(reverse("athlete_login_remove", args=[plan.athlete_id])).status_code == 302
    assert client.get(url).status_code == 404


def test_the_address_leaves_out_the_coachs_private_notes(client, plan, runner):
    athlete = plan.athlete
    athlete.notes = "Private: knee history"
    athlete.save(update_fields=["notes"])
    url = make_address(client)
    assert "knee history" not in client.get(url).content.decode()


def test_a_get_makes_no_address(client, runner):
    assert client.get(reverse("me_feed_issue")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_a_page_by_private_link_keeps_its_own_calendar_link(client, plan, token):
    page = client.get(f"/w/{token}/").content.decode()
    assert f"/w/{token}/calendar.ics" in page
    assert "Make a calendar address" not in page


def test_the_address_stops_when_the_account_is_switched_off(client, plan, runner):
    url = make_address(client)
    runner.is_active = False
    runner.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_removing_the_login_retires_the_address_even_of_an_account_that_stays(
    client, owner, plan, runner
):
    """A login that is also a coach's account stays when the athlete's login is taken away;
    the calendar address made under it is retired all the same."""
    from athletes.models import Membership

    Membership.objects.create(user=runner, club=plan.athlete.club, role="coach")
    url = make_address(client)
    coach = Client()
    coach.force_login(owner)
    coach.post(reverse("athlete_login_remove", args=[plan.athlete_id]))
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_making_a_new_address_or_stopping_it_asks_first(client, plan, runner):
    make_address(client)
    page = client.get("/me/").content.decode()
    assert 'name="ask" value="Make a new calendar address?' in page
    assert 'name="ask" value="Stop this calendar address?' in page


def test_the_signed_in_week_page_takes_a_bounded_number_of_queries(
    client, plan, runner, django_assert_max_num_queries
):
    """The link's week page takes 5; signed in, the session, user and athlete are read too,
    and whether a calendar address is live."""
    with django_assert_max_num_queries(9):
        assert client.get("/me/").status_code == 200
    make_address(client)
    client.get("/me/")  # the address shown once
    with django_assert_max_num_queries(9):
        assert client.get("/me/").status_code == 200


def test_both_calendar_addresses_answer_head_as_get(client, plan, runner, token):
    """Calendar apps and link checkers may ask with HEAD before they subscribe."""
    url = make_address(client)
    for address in (url, f"/w/{token}/calendar.ics"):
        response = client.head(address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("text/calendar")


def test_a_new_address_is_shown_on_a_site_served_under_a_path_prefix(plan, runner):
    from schedules.views.athlete import _feed_still_works

    _, token = CalendarFeed.issue(athlete=plan.athlete)
    for url in (
        f"https://example.com/calendar/{token}/plan.ics",
        f"https://example.com/club/calendar/{token}/plan.ics",  # served under /club
    ):
        assert _feed_still_works(url, plan.athlete) == url
    CalendarFeed.issue(athlete=plan.athlete)  # replaced: no longer shown
    assert (
        _feed_still_works(f"https://example.com/club/calendar/{token}/plan.ics", plan.athlete)
        is None
    )
    assert _feed_still_works("https://example.com/", plan.athlete) is None
