"""Every form a coach or athlete sends, sent with its fields empty: each required field says
what to enter, in words of its own, beside the field; nothing is saved."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.db.models import Model, QuerySet

from tests.hardening.hostile import attempt
from tests.hardening.test_bad_input import send_form, url_of
from tests.hardening.world import FORMS, build_world

DJANGO_REQUIRED = "This field is required."
# What the page sent along unseen (which version or values it showed): kept, so the form
# itself is read rather than refused as stale.
KEPT = {"version", "seen", "unit", "shown"}
KEPT_BY_FORM = {"squad_week_scale": {"week"}}  # the week is the page's, not typed


class _TextById(HTMLParser):
    """The text inside each element that has an id."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("input", "br", "img", "meta", "link", "hr", "source"):
            return
        element_id = dict(attrs).get("id")
        self.open.append((tag, element_id))
        if element_id:
            self.text.setdefault(element_id, "")

    def handle_endtag(self, tag) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data) -> None:
        for _, element_id in self.open:
            if element_id:
                self.text[element_id] += data


def text_by_id(html: str) -> dict[str, str]:
    parser = _TextById()
    parser.feed(html)
    return {key: " ".join(value.split()) for key, value in parser.text.items()}


def forms_in(context) -> list[forms.BaseForm]:
    """The bound forms a page was drawn with, those inside lists, dicts and rows included."""
    found: dict[int, forms.BaseForm] = {}

    def look(value, depth: int) -> None:
        if isinstance(value, forms.BaseForm):
            if value.is_bound:
                found[id(value)] = value
        elif depth and isinstance(value, dict):
            for item in value.values():
                look(item, depth - 1)
        elif depth and isinstance(value, list | tuple):
            for item in value:
                look(item, depth - 1)
        elif depth and isinstance(value, QuerySet) and value._result_cache is not None:
            for item in value._result_cache:
                look(item, depth - 1)
        elif depth and isinstance(value, Model):  # the builder hangs forms on its rows
            for key, item in vars(value).items():
                if not key.startswith("_") or key == "_prefetched_objects_cache":
                    look(item, depth - 1)

    for layer in context or []:  # the contexts of each template, or one context's dicts
        for values in getattr(layer, "dicts", [layer]):
            for value in values.values():
                look(value, 8)
    return list(found.values())


@pytest.fixture
def world(db):
    return build_world()


def emptied(name: str, good: dict) -> dict:
    kept = KEPT | KEPT_BY_FORM.get(name, set())
    return {key: value if key in kept else "" for key, value in good.items()}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", sorted(FORMS))
def test_an_empty_form_says_beside_each_field_what_to_enter(world, name, htmx):
    good = FORMS[name](world)
    url = url_of(world, name)
    response, changed = attempt(world, name, send_form(emptied(name, good), "multipart", htmx, url))
    html = response.content.decode()
    assert DJANGO_REQUIRED not in html
    refused = [form for form in forms_in(response.context) if form.errors]
    if not refused:
        return  # every field of this form may be left empty
    assert 400 <= response.status_code < 500
    assert not changed, "an empty form saved something"
    shown = text_by_id(html)
    for form in refused:
        for field_name, messages in form.errors.items():
            assert DJANGO_REQUIRED not in messages, (field_name, messages)
            if field_name == forms.forms.NON_FIELD_ERRORS or form[field_name].is_hidden:
                continue
            beside = shown.get(f"{form[field_name].auto_id}_error", "")
            for message in messages:
                assert " ".join(message.split()) in beside, (field_name, message, beside)
