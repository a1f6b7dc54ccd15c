"""Names and notes as typed: what is trimmed, what is kept."""

import pytest
from django import forms

from config.text import clean_name, file_words, trim

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
