"""The builder's words for numbers: each field's range when refused."""

import pytest
from django.urls import reverse

from programs.models import ProgramTemplate


def url(name, program, *args):
    return reverse(name, args=[program.pk, *args])


def version(program) -> int:
    return ProgramTemplate.objects.get(pk=program.pk).version


def beside(html: str, name: str) -> str:
    """The messages shown under one field."""
    start = html.find(f'id="id_{name}_error"')
    assert start != -1, f"no message beside {name}"
    part = html[start:]
    return part[: part.index("</div>")]


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
