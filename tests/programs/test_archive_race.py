"""A programme archived by one coach in the same instant another assigns it: the programme's
row is held by both, so one waits for the other, and neither passes the other over."""

import pytest
from django.db import connection
from django.urls import reverse

from programs.models import ProgramTemplate
from schedules import services
from schedules.forms import next_monday
from schedules.models import Assignment
from tests.programs.conftest import as_listed
from tests.row_locks import held_for_a_while

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")


def test_a_programme_archived_that_instant_is_not_assigned(owner_client, program, athlete):
    page = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    assert f'value="{program.pk}"' in page
    seen = services.assignment_stamp([athlete])

    def archive():  # as the list's Archive does: the row held, then archived
        ProgramTemplate.objects.select_for_update().filter(pk=program.pk).first()
        ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)

    thread = held_for_a_while(archive)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat(), "seen": seen},
    )
    thread.join()

    assert response.status_code == 409
    assert (
        "Not assigned: “Club strength” was archived after this page was shown. Choose another "
        "programme."
    ) in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_programme_assigned_that_instant_is_not_archived(owner_client, program, athlete):
    shown = as_listed(program)

    def assign():
        services.assign_program(
            athletes=[athlete], template=program, start_date=next_monday(), user=None
        )

    thread = held_for_a_while(assign)
    response = owner_client.post(
        reverse("program_archive", args=[program.pk]), {"archived": "1", **shown}
    )
    thread.join()

    assert response.status_code == 409
    assert "Not archived: Club strength has been assigned since this page was shown" in (
        response.content.decode()
    )
    program.refresh_from_db()
    assert not program.archived
    assert Assignment.objects.filter(template=program, active=True).count() == 1
