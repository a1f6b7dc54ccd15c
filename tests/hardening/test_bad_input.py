"""Random and hostile input to every form and htmx endpoint: never a server error, and a
refused request leaves every table as it was.

The URL configuration is walked, so a new URL that nobody has described in
tests/hardening/world.py fails `test_every_url_is_described`.
"""

import inspect
import json
import re
from urllib.parse import urlencode

import pytest
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from config.addresses import allowed_methods
from tests.hardening.hostile import (
    FUZZ,
    all_fields_at_once,
    attempt,
    client_for,
    form_data,
    one_field_at_a_time,
)
from tests.hardening.html_ids import dangling_references
from tests.hardening.world import FORMS, ROUTES, build_world

# POST endpoints that take a file, fuzzed with random files in test_upload_fuzz.py.
UPLOADS = {"roster_import", "club_import"}
# What the GET views read from the query string, with values they accept (each name a page
# reads must be here: test_query_strings.py records them).
QUERY = {
    **{"q": "squat", "sort": "race", "page": "1", "week": "2025-01-06", "next": "/athletes/"},
    **{"category": "power", "pattern": "squat", "laterality": "unilateral"},
    **{"equipment": "barbell", "squad": "1", "session": "1", "prescription": "1"},
    "show": "attention",
    **{"pain": "1", "cell": "1", "version": "1", "tests": "2", "then": "assign"},
    **{"exercise": "1", "tested_on": "2025-01-04", "change": "1", "grid": "1"},
    "saved": "set-1-1",
}


def url_patterns() -> list[tuple[str, str, object]]:
    """(name, route, view) of every URL pattern; Django's own admin site is left out."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                found.append((pattern.name, prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns, "")
    return found


PATTERNS = url_patterns()
POSTS = sorted(name for name, _, view in PATTERNS if "POST" in allowed_methods(view))
GETS = sorted(name for name, _, view in PATTERNS if "GET" in allowed_methods(view))


@pytest.fixture
def world(db):
    return build_world()


def url_of(world, name: str) -> str:
    arguments = ROUTES[name][1]
    return reverse(name, kwargs=arguments(world) if arguments else None)


def test_every_url_is_described():
    names = [name for name, _, _ in PATTERNS]
    assert all(names), "every URL pattern needs a name"
    assert sorted(set(names) - set(ROUTES)) == []


def test_every_post_endpoint_has_its_fields_described():
    assert sorted(set(POSTS) - set(FORMS) - UPLOADS) == []
    assert sorted(set(FORMS) - set(POSTS)) == []


def check(response, changed: bool) -> None:
    status = response.status_code
    assert status < 500
    if 400 <= status < 500:
        assert not changed, f"a refused request ({status}) changed the database"
        if status != 405:
            assert response.content.strip(), f"a {status} answer without a message"
        if response.get("Content-Type", "").startswith("text/html"):
            # A message beside a field is read out with it only if the field points at it.
            assert dangling_references(response.content.decode()) == []


def send_form(data: dict, encoding: str, htmx: bool, url: str):
    headers = {"HX-Request": "true"} if htmx else {}

    def send(client):
        if encoding == "multipart":
            return client.post(url, data, headers=headers)
        plain = {k: v for k, v in data.items() if isinstance(v, str | list)}
        if encoding == "urlencoded":
            body = urlencode(plain, doseq=True)
            return client.post(
                url, body, content_type="application/x-www-form-urlencoded", headers=headers
            )
        return client.post(url, json.dumps(plain), content_type="application/json", headers=headers)

    return send


ENCODINGS = st.sampled_from(["multipart", "multipart", "multipart", "urlencoded", "json"])


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_form_answers_bad_input_without_a_server_error_or_a_stray_write(world, name):
    url = url_of(world, name)
    good = FORMS[name](world)

    @FUZZ
    @given(data=form_data(good), encoding=ENCODINGS, htmx=st.booleans())
    def post(data, encoding, htmx):
        response, changed = attempt(world, name, send_form(data, encoding, htmx, url))
        check(response, changed)

    post()


# Pages that show what the forms save; they must still open after an accepted edge value.
SHOWN = (
    *("athlete_detail", "athlete_plan", "plan_grid", "athlete_progress", "dashboard"),
    *("program_detail", "squad_week", "athlete_week", "me_week"),
)


def pages_still_open(world):
    def visit() -> None:
        for page in SHOWN:
            client = client_for(world, ROUTES[page][0])
            response = client.get(url_of(world, page))
            assert response.status_code < 500, page

    return visit


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_form_answers_each_core_bad_value_in_each_field(world, name):
    url = url_of(world, name)
    for data in one_field_at_a_time(FORMS[name](world)):
        send = send_form(data, "multipart", False, url)
        check(*attempt(world, name, send, after=pages_still_open(world)))


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_form_with_good_values_is_accepted(world, name):
    """The fuzzing starts from values that work, so it reaches past the first check."""
    url = url_of(world, name)
    response, _ = attempt(world, name, send_form(FORMS[name](world), "multipart", False, url))
    errors = re.findall(r'class="error"[^>]*>([^<]*)<', response.content.decode())
    assert response.status_code in (200, 302), errors


def reads_query(view) -> bool:
    """Whether the view's module reads the query string (helpers included)."""
    view = getattr(view, "view_class", view)
    while getattr(view, "__wrapped__", None) is not None:
        view = view.__wrapped__
    return "request.GET" in inspect.getsource(inspect.getmodule(view))


QUERIED = sorted(name for name, _, view in PATTERNS if name in GETS and reads_query(view))


def send_query(query: dict, htmx: bool, url: str):
    headers = {"HX-Request": "true"} if htmx else {}
    query = {k: v for k, v in query.items() if isinstance(v, str | list)}
    return lambda client: client.get(url, query, headers=headers)


def check_get(response, changed: bool) -> None:
    assert response.status_code < 500
    assert not changed, "a GET changed the database"


@pytest.mark.parametrize("name", QUERIED)
def test_a_page_answers_a_hostile_query_string_and_writes_nothing(world, name):
    url = url_of(world, name)

    @settings(FUZZ, max_examples=max(15, FUZZ.max_examples // 2))
    @given(query=form_data(QUERY), htmx=st.booleans())
    def get(query, htmx):
        check_get(*attempt(world, name, send_query(query, htmx, url)))

    get()


@pytest.mark.parametrize("name", QUERIED)
def test_a_page_answers_each_core_bad_value_in_its_query_string(world, name):
    url = url_of(world, name)
    for query in all_fields_at_once(QUERY):
        check_get(*attempt(world, name, send_query(query, True, url)))


HOSTILE_IDS = [0, 2**31, 2**63, 2**64, 10**30]
HOSTILE_TEXT = ["x" * 2000, "%00", "..", "Zoë 陈", "<b>", "' OR 1=1 --"]


@pytest.mark.parametrize("name", sorted(name for name, route, _ in PATTERNS if "<" in route))
def test_hostile_url_arguments_are_not_found_rather_than_a_server_error(world, name):
    arguments = ROUTES[name][1](world)
    methods = allowed_methods(next(view for n, _, view in PATTERNS if n == name))
    for key, good in arguments.items():
        for bad in HOSTILE_IDS if isinstance(good, int) else HOSTILE_TEXT:
            try:
                url = reverse(name, kwargs={**arguments, key: bad})
            except NoReverseMatch:
                continue  # the URL pattern itself refuses the value
            for method in sorted(methods & {"GET", "POST"}):
                response, changed = attempt(world, name, lambda c, m=method, u=url: c.generic(m, u))
                assert response.status_code < 500, (url, method)
                assert not changed, (url, method)
