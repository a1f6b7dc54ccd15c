"""Every form a coach or athlete sends, sent with one field at a time holding a value of the
wrong kind (a word or a far too big number in a number field, a word in a date field, a choice
nobody offered): the field says what to enter in its own terms, beside it, never Django's
generic words nor the forged value."""

import pytest
from django import forms

from config.needed import SaysWhatIsNeeded
from tests.hardening.hostile import attempt, kind_of
from tests.hardening.test_bad_input import send_form, url_of
from tests.hardening.test_required_messages import KEPT, forms_in, text_by_id
from tests.hardening.world import FORMS, build_world

DJANGO_WORDS = (
    "Enter a valid",
    "Select a valid choice",
    "Enter a whole number",
    "Enter a number",
    "Ensure this value",
    "Ensure that there are no more than",
    "is not one of the available choices",
    "No file was submitted",
    "Null characters are not allowed",
)
FORGED = "forged-" + "x" * 80
MISTYPED = {"number": ["three", "9" * 12], "date": ["next Tuesday"], "text": [FORGED]}


@pytest.fixture
def world(db):
    return build_world()


def mistyped(good: dict):
    """The good values with one field, other than what the page sent unseen, mistyped."""
    good = {name: str(value) for name, value in good.items()}
    for name, value in good.items():
        if name not in KEPT:
            for bad in MISTYPED[kind_of(value)]:
                yield name, {**good, name: bad}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_mistyped_field_says_beside_it_what_to_enter(world, name):
    url = url_of(world, name)
    for field_name, data in mistyped(FORMS[name](world)):
        response, changed = attempt(world, name, send_form(data, "multipart", False, url))
        html = response.content.decode()
        for words in DJANGO_WORDS:
            assert words not in html, (field_name, words, html[html.find(words) - 200 :][:400])
        refused = [form for form in forms_in(response.context) if form.errors]
        shown = text_by_id(html)
        for form in refused:
            assert 400 <= response.status_code < 500, field_name
            assert not changed, field_name
            for key, messages in form.errors.items():
                for message in messages:
                    assert FORGED not in message, (field_name, message)
                if key == forms.forms.NON_FIELD_ERRORS or form[key].is_hidden:
                    continue
                beside = shown.get(f"{form[key].auto_id}_error", "")
                for message in messages:
                    assert " ".join(message.split()) in beside, (field_name, message, beside)


NUL = "Lena\x00Leaving"
TYPED = (forms.TextInput, forms.Textarea)  # not a menu: a field a coach types text into


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_nul_pasted_into_the_text_fields_says_to_remove_it(world, name):
    """A NUL character (pasted from another program) in every text field at once: no
    Django words ("Null characters are not allowed."), and each field typed into says to
    remove it; nothing is saved."""
    good = {key: str(value) for key, value in FORMS[name](world).items()}
    data = {k: NUL if k not in KEPT and kind_of(v) == "text" else v for k, v in good.items()}
    response, changed = attempt(
        world, name, send_form(data, "multipart", False, url_of(world, name))
    )
    html = response.content.decode()
    assert not any(words in html for words in DJANGO_WORDS), html
    for form in forms_in(response.context):
        for key, messages in form.errors.items():
            if key in form.fields and isinstance(form.fields[key].widget, TYPED):
                assert any("Remove the NUL character" in m for m in messages), (key, messages)
                assert not changed


class _Percent(SaysWhatIsNeeded, forms.Form):
    percent = forms.IntegerField(label="% 1RM", min_value=30, max_value=100)


def test_a_label_with_a_percent_sign_is_said_as_it_reads():
    form = _Percent(data={"percent": "20"})
    assert form.errors["percent"] == [
        "Enter the % 1RM as a whole number from 30 to 100, for example 30."
    ]
