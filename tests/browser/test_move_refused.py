"""A move refused because the session was moved meanwhile, in Chromium: the coach's choice
comes back ticked, with the keyboard on it, not on the first day of the list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schedules import moves
from schedules.models import PlannedSession
from tests.browser_support import log_in
from tests.factories import AthleteFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_move_refused_as_stale_keeps_the_choice_ticked_and_focused(
    live_server, page, owner, club
):
    today = timezone.localdate()
    athlete = AthleteFactory(club=club, name="Isla Murray")
    plan = make_plan(athlete, weeks=1, start=today + timedelta(days=7 - today.weekday()))
    session = PlannedSession.objects.get(plan=plan, date=plan.start_date)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("session_move", args=[session.pk]))
    # Another coach moves it to Wednesday while this page is open.
    wednesday = plan.start_date + timedelta(days=2)
    moves.move_session(session_id=session.pk, day=wednesday, time="pm", seen=f"{session.date}/pm")
    friday = f"{(plan.start_date + timedelta(days=4)).isoformat()}/pm"
    page.check(f"input[value='{friday}']")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "this session was moved meanwhile" in page.content()
    assert page.locator("input[name=slot]:checked").get_attribute("value") == friday
    assert page.evaluate("() => document.activeElement.value") == friday
