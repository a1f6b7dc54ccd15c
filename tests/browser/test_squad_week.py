"""The squad's week in Chromium: the change form shows what each action takes."""

import pytest
from django.urls import reverse

from tests.browser_support import log_in
from tests.factories import AthleteFactory, SquadFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_percentage_box_shows_only_for_scaling_loads(live_server, desktop_page, owner, club):
    squad = SquadFactory(club=club)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(live_server.url + reverse("squad_week", args=[squad.pk]))
    percent = desktop_page.locator("form.scale-week input[name=percent]")
    assert percent.is_visible()
    desktop_page.select_option("form.scale-week select[name=action]", "deload")
    percent.wait_for(state="hidden")
    desktop_page.select_option("form.scale-week select[name=action]", "scale")
    percent.wait_for(state="visible")
