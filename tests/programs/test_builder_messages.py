"""The builder's words for numbers: each field's range when refused, and a dose's rest."""

import re

import pytest

from programs.views import rest_text
from tests.programs.conftest import beside, url, version

# -- number fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", "9", "Sets: a whole number from 1 to 8."),
        ("sets", "", "Sets: a whole number from 1 to 8."),
        ("reps", "0", "Reps: a whole number from 1 to 30."),
        ("reps", "2.5", "Reps: a whole number from 1 to 30."),
        ("percent_1rm", "20", "% 1RM: a whole number from 30 to 100."),
        ("rir", "6", "Reps in reserve: a whole number from 0 to 5."),
        ("rest_s", "601", "Rest: seconds from 0 to 600."),
        ("rest_s", "-5", "Rest: seconds from 0 to 600."),
    ],
)
def test_an_exercise_number_out_of_range_names_the_field_and_its_range(
    htmx, program, field, value, message
):
    from tests.factories import shipped

    session = program.phases.get().sessions.get()
    prefix = f"prescription-add-{session.pk}"
    data = {"exercise": f"ex:{shipped('romanian-deadlift').pk}", "sets": "3", "reps": "6"}
    data.update({"rest_s": "120", field: value})
    posted = {f"{prefix}-{k}": v for k, v in data.items()}
    response = htmx.post(
        url("program_prescription_add", program, session.pk), posted | {"version": 1}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in beside(html, f"{prefix}-{field}")
    assert "Ensure this value" not in html and "Enter a whole number" not in html
    assert session.prescriptions.count() == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weeks", "0", "Weeks: a whole number from 1 to 16."),
        ("sessions_per_week", "5", "Lifts a week: a whole number from 0 to 4."),
        ("reps_max", "31", "Reps max: a whole number from 1 to 30."),
        ("percent_max", "", "% 1RM max: a whole number from 30 to 100."),
    ],
)
def test_a_phase_number_out_of_range_names_the_field_and_its_range(
    htmx, program, field, value, message
):
    phase = program.phases.get()
    values = {"phase": "build", "weeks": "4", "sessions_per_week": "2", "reps_min": "3"}
    values |= {"reps_max": "6", "percent_min": "75", "percent_max": "85", field: value}
    data = {f"phase-{phase.pk}-{k}": v for k, v in values.items()} | {"version": 1}
    response = htmx.post(url("program_phase_update", program, phase.pk), data)
    assert response.status_code == 400
    assert message in beside(response.content.decode(), f"phase-{phase.pk}-{field}")
    assert version(program) == 1


# -- the dose's rest -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "no rest"),
        (45, "rest 45 s"),
        (60, "rest 1 min"),
        (90, "rest 1 min 30 s"),
        (120, "rest 2 min"),
        (150, "rest 2 min 30 s"),
        (600, "rest 10 min"),
    ],
)
def test_rest_is_said_one_way_whatever_its_length(seconds, said):
    assert rest_text(seconds) == said


def test_the_builder_says_rest_in_minutes_and_seconds_never_a_clock_reading(owner_client, program):
    html = owner_client.get(url("program_detail", program)).content.decode()
    assert "rest 2 min 30 s" in html  # the fixture's lifts rest 150 s
    assert not re.search(r"rest \d+:\d\d", html)
