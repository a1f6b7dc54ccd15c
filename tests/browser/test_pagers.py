"""The links between the pages of a long list (an athlete's test history, the progress
page's log) are finger-sized on a phone at 390x844, as at 1280x800."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from schedules.models import PlannedSession
from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    StrengthTestFactory,
    UserFactory,
)
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athlete(live_server):
    """45 tests (three pages of the history) and 16 logged sessions (two of the log)."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Finn O'Brien")
    today = timezone.localdate()
    for i in range(45):
        StrengthTestFactory(
            athlete=athlete, tested_on=today - timedelta(weeks=i + 1), load=Decimal(60 + i)
        )
    monday = today - timedelta(days=today.weekday())
    make_plan(athlete, weeks=9, start=monday - timedelta(weeks=8))
    PlannedSession.objects.filter(plan__athlete=athlete, date__lt=monday).update(
        logged_at=timezone.now()
    )
    return athlete


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
@pytest.mark.parametrize(
    ("path", "links"),
    [("/athletes/{pk}/?tests=2", 2), ("/athletes/{pk}/progress/?page=2", 1)],
)
def test_the_links_to_other_pages_are_finger_sized(
    browser, live_server, athlete, size, path, links
):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(live_server.url + path.format(pk=athlete.pk))
    boxes = [link.bounding_box() for link in page.locator(".pager a").all()]
    context.close()
    assert len(boxes) == links
    assert all(box["height"] >= 44 and box["width"] >= 44 for box in boxes)
