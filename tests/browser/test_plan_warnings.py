"""The plan page's rule warnings in Chromium: each one's Why and Accept take a finger's tap."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser_support import log_in
from tests.factories import AthleteFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_why_and_accept_are_a_finger_high(live_server, page, owner, club):
    """Why and "Accept W2 for …" were lines of small text 16 px high on a phone, too
    small to tap without hitting the other: 44 px, as every other target there."""
    athlete = AthleteFactory(club=club, name="Luca Bianchi")
    plan = make_plan(athlete, weeks=1)
    plan.warnings = [
        {
            "rule": "W2",
            "date": timezone.localdate().isoformat(),
            "message": "Lifting after an afternoon quality session; lift on an easy day instead",
        }
    ]
    plan.save(update_fields=["warnings"])
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    summaries = page.locator(".warning-list summary")
    assert summaries.count() == 2  # Why, and Accept W2 for Luca Bianchi
    boxes = summaries.evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom])"
    )
    (why_top, why_bottom), (accept_top, accept_bottom) = boxes
    assert why_bottom - why_top >= 43.5 and accept_bottom - accept_top >= 43.5, boxes
    assert why_bottom <= accept_top + 0.5, boxes  # a tap meant for one never hits the other
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390
