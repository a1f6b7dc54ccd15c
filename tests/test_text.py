"""Names and notes as typed: what is trimmed, what is kept."""

import pytest
from django import forms

from config.text import clean_name, clean_note, file_words, trim

CHILLU = "അര്\u200dജുന്\u200d"  # Arjun in Malayalam's older spelling: each chillu ends in ZWJ


def test_a_joiner_that_shapes_a_letter_is_kept_at_the_end_of_a_name():
    assert trim(CHILLU) == CHILLU
    assert clean_name(f" {CHILLU} ") == CHILLU


@pytest.mark.parametrize("typed", ["\u200bAnna\u200b", "Anna \u200d", "\ufeffAnna", "Anna\u200d"])
def test_invisible_characters_at_either_end_of_a_latin_name_are_trimmed(typed):
    assert clean_name(typed) == "Anna"


def test_a_name_of_joiners_alone_is_refused():
    with pytest.raises(forms.ValidationError):
        clean_name("\u200d\u200c")


def test_file_names_keep_a_joiner_inside_a_word_and_drop_it_at_its_ends():
    assert file_words("ශ්\u200dරී Lanka") == "ශ්\u200dරී-lanka"
    assert file_words("\u200dZoë Ní\u200c Bhriain") == "zoë-ní-bhriain"


def test_a_joiner_after_an_accent_is_trimmed_however_the_accent_was_typed():
    """Only a virama keeps a joiner: "Développé" typed composed or decomposed is one name."""
    import unicodedata

    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, "Développé") + "\u200d"
        assert clean_name(typed) == "Développé"


def test_a_control_character_pasted_into_a_name_or_note_is_stored_as_a_space():
    """A word processor's line break (a vertical tab) or a form feed would show nowhere but
    as a box, and make a calendar feed invalid: stored as the space it stood for. Tabs and
    line breaks stay in a note."""
    assert clean_name("Zed\x0bYork") == "Zed York"
    assert clean_name("\x0cAda\x1f") == "Ada"
    assert clean_note("Left knee\x0bsore\nafter\tsquats\x7f") == "Left knee sore\nafter\tsquats"
    assert clean_note("\x0b\x0c") == ""
    with pytest.raises(forms.ValidationError):
        clean_name("\x0b\x1f")


def test_a_pasted_control_character_never_reaches_the_roster(client, db):
    from django.urls import reverse

    from athletes.models import Athlete
    from tests.factories import ClubFactory, MembershipFactory, UserFactory

    club = ClubFactory()
    user = UserFactory()
    MembershipFactory(club=club, user=user, role="owner")
    client.force_login(user)
    data = {
        "name": "Zed\x0bYork",
        "sex": "female",
        "body_mass_kg": "60",
        "experience": "novice",
        "event": "10k",
        "units": "kg",
        "notes": "Prefers\x0bmornings",
    }
    response = client.post(reverse("athlete_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    athlete = Athlete.objects.get(club=club)
    assert (athlete.name, athlete.notes) == ("Zed York", "Prefers mornings")
