"""Hostile input for forms: numbers too big, too small or not numbers at all, empty values,
very long and exotic text, markup, template and SQL fragments, and the wrong shapes."""

import os
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.hardening.world import ROUTES

TABLES = [
    model
    for label in ("athletes", "exercises", "programs", "schedules")
    for model in apps.get_app_config(label).get_models()
] + [get_user_model()]
# FUZZ_EXAMPLES=500 digs deeper than the default run, which keeps the suite quick.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

NUMBERS = [
    *("", " ", "0", "-0", "-1", "-999999", "1.5", "0.001", "1e3", "1e309", "-1e309", "NaN"),
    *("nan", "inf", "-inf", "Infinity", "9" * 40, "-" + "9" * 40, "99999999999999999999.99"),
    *("0x1A", "1_000", "٣", "²", "１２", "½", "1,5", "true", "null", "[]", "32768", "65536"),
    *(str(2**31), str(2**63), str(-(2**63) - 1)),
]
DATES = [
    *("", "2024-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "0001-01-03", "31/12/2025"),
    *("2025-13-01", "2025-1-1", "20250101", "2025-W01", "yesterday", "-2025-01-01"),
    *("9999-12-27", "2025-06-01T10:00", "１２"),
]
TEXT = [
    *("", " ", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}"),
    *("{% debug %}", "' OR 1=1 --", "../../etc/passwd", "\u202eevil", "Zoë 🏃\u200d♀️ 陈"),
    *("\x00", "a\x00b", "x" * 10_000, "é" * 5_000, "\r\n\r\n", "up", "down", "later"),
    *("phase", "scale", "deload", "1", "kg", "lb", "ex:1", "any:power:", "ex:999999999"),
    *("any:x:y", "rest", "quality", "am"),
]
word = st.one_of(
    st.sampled_from(NUMBERS + DATES + TEXT),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(str),
    st.text(max_size=40),
)
upload = st.builds(
    lambda content: SimpleUploadedFile("upload.txt", content, content_type="text/plain"),
    st.binary(max_size=64),
)
# Anything at all: a word, several values under one name, or a file where text belongs.
anything = st.one_of(word, word, word, st.lists(word, min_size=2, max_size=3), upload)
ABSENT = "\x00absent"


# The few bad values of each kind that most often find a crash, tried one field at a time.
CORE = {
    "date": ["9999-12-31", "0001-01-01", "2024-02-30"],
    "number": ["", "-1", "²", "9" * 40, "1e309"],
    "text": ["\x00", "x" * 10_000],
}
KINDS = {"date": DATES, "number": NUMBERS, "text": TEXT}


def kind_of(good: str) -> str:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", good):
        return "date"
    if re.fullmatch(r"-?\d+(\.\d+)?", good):
        return "number"
    return "text"


def hostile_for(good: str) -> st.SearchStrategy:
    """Mostly the bad values of the good value's own kind, which reach deepest."""
    own = KINDS[kind_of(good)]
    return st.one_of(st.sampled_from(own), st.sampled_from(own), anything, st.just(ABSENT))


def one_field_at_a_time(good: dict):
    """The good values with one field replaced by each core bad value of its kind."""
    good = {name: str(v) for name, v in good.items()}
    for name, v in good.items():
        for bad in CORE[kind_of(v)]:
            yield {**good, name: bad}


def all_fields_at_once(good: dict):
    """Every field replaced at once, by the first core bad value of its kind, then the next."""
    good = {name: str(v) for name, v in good.items()}
    for index in range(max(len(values) for values in CORE.values())):
        yield {name: CORE[kind_of(v)][index % len(CORE[kind_of(v)])] for name, v in good.items()}


def form_data(good: dict) -> st.SearchStrategy[dict]:
    """The good values with one to three of them broken or left out, and now and then
    fields nobody asked for."""
    good = {name: str(v) for name, v in good.items()}
    extra = st.dictionaries(st.text(min_size=1, max_size=12), anything, max_size=2)
    if not good:
        return extra

    def broken(names) -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries({name: hostile_for(good[name]) for name in names})

    names = st.sets(st.sampled_from(sorted(good)), min_size=1, max_size=min(3, len(good)))
    everything = st.just(sorted(good))
    changes = st.one_of(names, names, names, everything).flatmap(broken)
    return st.tuples(changes, extra, st.booleans()).map(
        lambda t: {
            k: v for k, v in {**good, **(t[1] if t[2] else {}), **t[0]}.items() if v is not ABSENT
        }
    )


def snapshot() -> dict:
    """Every row of the app's tables and users, to prove a refused request wrote nothing."""
    rows = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
            rows[table] = cursor.fetchall()
    return rows


def client_for(world, actor: str) -> Client:
    client = Client()
    user = {
        "coach": world.owner,
        "athlete": world.runner,
        "empty": world.empty_owner,
        "assistant": world.assistant.user,
    }.get(actor)
    if user is not None:
        client.force_login(user)
    return client


def attempt(world, name: str, send, after=None) -> tuple:
    """Run one request in a savepoint that is rolled back, so every example starts from the
    same world; returns the response and whether the tables changed. `after` runs before
    the rollback, to look at what an accepted request left behind."""
    actor = ROUTES[name][0]
    with transaction.atomic():
        client = client_for(world, actor)
        before = snapshot()
        response = send(client)
        changed = snapshot() != before
        if after is not None and changed:
            after()
        transaction.set_rollback(True)
    return response, changed
