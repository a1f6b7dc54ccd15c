"""A login lasts its age from the last day it was used, not from the day it began: an
athlete logging sets every week is not signed out mid-session on day 14."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


def on_day(days: int):
    moment = timezone.now() + timedelta(days=days)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_login_used_every_few_days_stays_alive(owner_client):
    roster = reverse("roster")
    for day in (0, 10, 20, 30):
        with on_day(day):
            assert owner_client.get(roster).status_code == 200, f"signed out on day {day}"
    with on_day(30 + 15):  # unused for longer than the age: gone
        response = owner_client.get(roster)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_first_page_after_logging_in_writes_no_session(owner_client):
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(reverse("roster")).status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "session" in q["sql"]]
