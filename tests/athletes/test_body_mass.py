"""A body mass the form refuses says so in one plain sentence beside the field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from athletes.forms import AthleteForm
from athletes.models import Athlete
from tests.athletes.test_csv import confirm_import, upload
from tests.athletes.test_forms import athlete_data, edit_data, error_beside
from tests.factories import AthleteFactory

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


@pytest.mark.parametrize(
    ("units", "typed", "kept"),
    [
        ("kg", "61.50", "61.5"),
        ("kg", "61.000", "61.0"),
        ("kg", "61,50", "61.5"),
        ("lb", "150.00", "68.0"),
    ],
)
def test_zeros_after_the_last_decimal_are_the_same_body_mass(
    owner_client, club, units, typed, kept
):
    """61.50 is 61.5, copied from a scale or a spreadsheet: not refused as two decimals."""
    data = athlete_data(name="Zoe Zeros", units=units, body_mass_kg=typed)
    assert owner_client.post(reverse("athlete_create"), data).status_code == 302
    assert Athlete.objects.get(name="Zoe Zeros").body_mass_kg == Decimal(kept)


# Body mass in the athlete's units: typed and shown in kg or lb, kept in kilograms.

POUNDS = "Body mass: pounds from 55.1 to 551.2, one decimal at most (for example 135.5)."


def pounds_athlete(club, kg="71.0"):
    return AthleteFactory(club=club, name="Lee Pounds", units="lb", body_mass_kg=Decimal(kg))


def edit(client, athlete, **overrides):
    data = edit_data(athlete, name=athlete.name, race_date=athlete.race_date.isoformat())
    data.update({"units": athlete.units, "body_mass_kg": f"{athlete.body_mass:f}", **overrides})
    return client.post(reverse("athlete_edit", args=[athlete.pk]), data)


def test_a_new_athlete_in_pounds_has_their_body_mass_typed_in_pounds(owner_client, club):
    data = athlete_data(name="Lee Pounds", units="lb", body_mass_kg="150")
    assert owner_client.post(reverse("athlete_create"), data).status_code == 302
    athlete = Athlete.objects.get(name="Lee Pounds")
    assert athlete.body_mass_kg == Decimal("68.0")  # not 150 kg
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "<dd>150 lb</dd>" in page  # the whole pound typed, shown again


@pytest.mark.parametrize(
    ("typed", "kept"), [("55.1", "25.0"), ("551.2", "250.0"), ("300", "136.1"), ("135,5", "61.5")]
)
def test_pounds_are_kept_within_the_same_limits_as_kilograms(owner_client, club, typed, kept):
    data = athlete_data(name="Lee Pounds", units="lb", body_mass_kg=typed)
    assert owner_client.post(reverse("athlete_create"), data).status_code == 302
    assert Athlete.objects.get(name="Lee Pounds").body_mass_kg == Decimal(kept)


@pytest.mark.parametrize("typed", ["55", "551.3", "20", "150.25", "abc", "99999999"])
def test_a_bad_body_mass_in_pounds_is_told_in_pounds(owner_client, club, typed):
    data = athlete_data(name="Lee Pounds", units="lb", body_mass_kg=typed)
    response = owner_client.post(reverse("athlete_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count(POUNDS) == 1
    assert POUNDS in error_beside(body, "id_body_mass_kg")
    assert "kilograms" not in body
    assert not Athlete.objects.exists()


def test_a_body_mass_left_empty_is_asked_for_in_the_units_chosen(owner_client, club):
    data = athlete_data(name="Lee Pounds", units="lb", body_mass_kg="")
    response = owner_client.post(reverse("athlete_create"), data)
    assert response.status_code == 400
    said = "Enter the athlete&#x27;s body mass in pounds, for example 135.5."
    assert said in error_beside(response.content.decode(), "id_body_mass_kg")


def test_the_form_of_an_athlete_in_pounds_shows_pounds_beside_the_units(owner_client, club):
    athlete = pounds_athlete(club)
    page = owner_client.get(reverse("athlete_edit", args=[athlete.pk])).content.decode()
    assert 'name="body_mass_kg" value="156.5"' in page  # 71 kg
    assert "Body mass (kg)" not in page
    assert "In the athlete&#x27;s units: kg or lb, as chosen under Units." in page
    # The units menu comes straight after the body mass, in the same row.
    opens = '<div class="row">'
    row = page[page.index(opens, page.index('for="id_experience"')) + len(opens) :]
    row = row[: row.index("</fieldset>")]
    assert row.index('for="id_body_mass_kg"') < row.index('for="id_units"')
    assert opens not in row


def test_a_save_leaving_the_body_mass_as_shown_keeps_it(owner_client, club):
    athlete = pounds_athlete(club)
    assert edit(owner_client, athlete, notes="Moved to the track group").status_code == 302
    athlete.refresh_from_db()
    assert athlete.body_mass_kg == Decimal("71.0")


def test_pounds_typed_that_keep_the_same_kilograms_are_no_change(club):
    """156.6 lb is kept as 71.0 kg, as the 156.5 shown: nothing for the plan to follow."""
    athlete = pounds_athlete(club)
    data = athlete_data(name=athlete.name, race_date=athlete.race_date.isoformat(), units="lb") | {
        "body_mass_kg": "156.6"
    }
    form = AthleteForm(data, instance=athlete, club=club)
    assert form.is_valid(), form.errors
    assert "body_mass_kg" not in form.changed_data
    again = AthleteForm(data | {"body_mass_kg": "160"}, instance=athlete, club=club)
    assert again.is_valid() and "body_mass_kg" in again.changed_data
    assert again.cleaned_data["body_mass_kg"] == Decimal("72.6")


def test_switching_units_only_keeps_the_body_mass_and_shows_it_in_the_new_unit(
    owner_client, athlete
):
    """The number left as shown (60 kg) is not read as 60 lb: the switch asks to be
    confirmed, and the form then shows the same mass in pounds beside lb."""
    first = edit(owner_client, athlete, units="lb", body_mass_kg="60")
    assert first.status_code == 400
    body = first.content.decode()
    assert 'name="body_mass_kg" value="132.3"' in body
    assert "Now in lb: 132.3 lb is the 60 kg saved." in body
    second = edit(owner_client, athlete, units="lb", body_mass_kg="132.3", convert_units="on")
    assert second.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.units, athlete.body_mass_kg) == ("lb", Decimal("60.0"))


def test_switching_units_then_back_keeps_the_body_mass_the_form_showed_in_the_new_unit(
    owner_client, athlete, club
):
    """Refused for its confirmation, the switch shows the mass in the new unit (60 kg as
    132.3 lb). A coach who then changes their mind and chooses the old unit again, leaving
    that number as the form showed it, has not weighed the athlete: 132.3 is not read as
    132.3 kg, nor 70 (kg) as 70 lb."""
    first = edit(owner_client, athlete, units="lb", body_mass_kg="60")
    assert 'name="body_mass_kg" value="132.3"' in first.content.decode()
    back = edit(owner_client, athlete, units="kg", body_mass_kg="132.3", notes="Stays in kg")
    assert back.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.units, athlete.body_mass_kg, athlete.notes) == (
        "kg",
        Decimal("60.0"),
        "Stays in kg",
    )

    lee = pounds_athlete(club, kg="70.0")  # 154.3 lb
    first = edit(owner_client, lee, units="kg", body_mass_kg="154.3")
    assert 'name="body_mass_kg" value="70.0"' in first.content.decode()
    assert edit(owner_client, lee, units="lb", body_mass_kg="70.0").status_code == 302
    lee.refresh_from_db()
    assert (lee.units, lee.body_mass_kg) == ("lb", Decimal("70.0"))


def test_switching_units_and_typing_a_new_body_mass_reads_it_in_the_new_unit(owner_client, athlete):
    response = edit(owner_client, athlete, units="lb", body_mass_kg="150", convert_units="on")
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.units, athlete.body_mass_kg) == ("lb", Decimal("68.0"))


def test_switching_to_kilograms_and_typing_a_body_mass_reads_kilograms(owner_client, club):
    athlete = pounds_athlete(club)
    response = edit(owner_client, athlete, units="kg", body_mass_kg="300", convert_units="on")
    assert response.status_code == 400  # 300 lb would be fine; 300 kg is not
    assert PLAIN in error_beside(response.content.decode(), "id_body_mass_kg")
    athlete.refresh_from_db()
    assert (athlete.units, athlete.body_mass_kg) == ("lb", Decimal("71.0"))


def test_another_coachs_body_mass_is_listed_in_the_athletes_units(owner_client, club):
    athlete = pounds_athlete(club)
    data = edit_data(athlete, name=athlete.name, race_date=athlete.race_date.isoformat())
    data.update(units="lb", body_mass_kg="156.5")
    Athlete.objects.filter(pk=athlete.pk).update(body_mass_kg=Decimal("68.0"))
    response = owner_client.post(reverse("athlete_edit", args=[athlete.pk]), data)
    assert response.status_code == 409
    assert "<li>Body mass: 150 lb</li>" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.body_mass_kg == Decimal("68.0")


def test_the_progress_page_gives_the_body_mass_in_the_athletes_units(owner_client, club):
    athlete = pounds_athlete(club)
    url = reverse("athlete_progress", args=[athlete.pk])
    page = owner_client.get(url).content.decode()
    assert "body mass 156.5 lb · loads in lb" in page


def test_a_roster_file_may_give_body_mass_in_pounds(owner_client, club):
    """Headed "Body mass (lb)" (or body_mass_lb), the column is read in pounds, kept in
    kilograms, and previewed in each athlete's units."""
    text = (
        "Name,Sex,Body mass (lb),Experience,Event,Units\n"
        "Lee Pounds,male,150,novice,10k,lb\n"
        "Kai Kilos,female,135.5,novice,5k,kg\n"
    )
    page = owner_client.get(reverse("roster_import")).content.decode()
    assert "<code>Body mass (lb)</code>" in page
    preview = upload(owner_client, text).content.decode()
    mass = '<td><span class="stack-label">Body mass: </span>'
    assert f"{mass}150 lb</td>" in preview and f"{mass}61.5 kg</td>" in preview
    assert "Left out" not in preview
    assert confirm_import(owner_client, text).status_code == 302
    kept = dict(Athlete.objects.values_list("name", "body_mass_kg"))
    assert kept == {"Lee Pounds": Decimal("68.0"), "Kai Kilos": Decimal("61.5")}


def test_a_bad_body_mass_in_pounds_is_told_under_its_own_column(owner_client, club):
    text = "name,sex,body_mass_lb,experience,event\nLee Pounds,male,600,novice,10k\n"
    body = upload(owner_client, text).content.decode()
    assert f'<td><code>body_mass_lb</code></td><td class="wrap">“600”: {POUNDS}</td>' in body
    assert not Athlete.objects.exists()


def test_a_roster_file_gives_body_mass_in_one_unit_only(owner_client, club):
    text = "name,sex,body_mass_kg,body_mass_lb,experience,event\nLee,male,68,150,novice,10k\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    assert "Body mass once, please" in response.content.decode()
    assert not Athlete.objects.exists()
