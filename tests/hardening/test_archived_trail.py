"""An archived athlete's pages all lead back to the list they are on: every page of theirs
whose trail starts at the athletes names Archived athletes and links to the roster's
archived list, as their own page does, not the roster they are no longer on."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.hardening.hostile import client_for
from tests.hardening.test_bad_input import GETS
from tests.hardening.world import ROUTES, build_world

CRUMBS = re.compile(r'<nav class="crumbs" aria-label="Breadcrumb">(.*?)</nav>', re.S)


@pytest.fixture
def world(db):
    return build_world()


def test_every_page_of_an_archived_athlete_leads_back_to_the_archived_athletes(world):
    world.athlete.archived_at = timezone.now()
    world.athlete.save(update_fields=["archived_at"])
    roster = reverse("roster")
    archived = f'<a href="{roster}?show=archived">Archived athletes</a>'
    leading, wrong = set(), {}
    for name in GETS:
        actor, arguments = ROUTES[name]
        if actor != "coach" or name in ("roster", "roster_import", "athlete_create"):
            continue
        response = client_for(world, actor).get(
            reverse(name, kwargs=arguments(world) if arguments else None)
        )
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        found = CRUMBS.search(response.content.decode())
        if found is None or not re.search(f'href="{roster}["?]', found.group(1)):
            continue
        leading.add(name)
        if not found.group(1).startswith(archived):
            wrong[name] = found.group(1)
    assert wrong == {}
    # The athlete's own page and every page under it that shows a trail.
    assert {
        "athlete_detail",
        "athlete_edit",
        "athlete_link",
        "athlete_plan",
        "athlete_progress",
        "athlete_exports",
        "assign_athlete",
        "plan_grid",
        "running_week_edit",
        "session_move",
        "strength_test_add",
        "strength_test_edit",
    } <= leading
