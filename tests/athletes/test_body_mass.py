"""A body mass the form refuses says so in one plain sentence beside the field."""

import pytest
from django.urls import reverse

from tests.athletes.test_forms import athlete_data

PLAIN = "Body mass: kilograms from 25 to 250, one decimal at most (for example 61.5)."


@pytest.mark.parametrize("value", ["99999999", "300", "20", "60.123456", "60.25", "abc"])
def test_a_bad_body_mass_gets_one_plain_message(owner_client, athlete, value):
    data = athlete_data(
        name=athlete.name, race_date=athlete.race_date.isoformat(), body_mass_kg=value
    )
    response = owner_client.post(reverse("athlete_edit", args=[athlete.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count(PLAIN) == 1
    assert "digits" not in body
    athlete.refresh_from_db()
    assert str(athlete.body_mass_kg) != value
