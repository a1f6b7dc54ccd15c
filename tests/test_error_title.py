"""A page sent back with mistakes in what was sent says so first in its title: the first
words a screen reader says of the page it lands on after sending a form."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import AthleteFactory


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode()).group(1)


def test_a_form_sent_back_with_mistakes_begins_its_title_with_error(owner, owner_client):
    client = Client()
    assert title(client.get(reverse("login"))) == "Log in · Runstrength"
    refused = client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    assert refused.status_code == 400
    assert title(refused) == "Error: Log in · Runstrength"

    athlete = AthleteFactory(club=owner.membership.club)
    url = reverse("running_week_edit", args=[athlete.pk])
    shown = title(owner_client.get(url))
    assert not shown.startswith("Error")
    refused = owner_client.post(url, {"mon_run": "sprint"})
    assert refused.status_code == 400
    assert title(refused) == f"Error: {shown}"
    assert refused.content.decode().count("Error: ") == 1


def test_a_fragment_sent_back_with_mistakes_is_left_as_it_is(owner_client, athlete):
    """htmx puts a fragment into the page it came from: it has no title of its own."""
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=1)
    cell = plan.sessions.first().exercises.first()
    data = {"version": cell.version, "sets": "0", "reps": "5"}
    refused = owner_client.post(reverse("cell_edit", args=[cell.pk]), data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "<title>" not in refused.content.decode() and "Error: " not in refused.content.decode()
