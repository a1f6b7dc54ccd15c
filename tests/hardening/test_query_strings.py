"""Every page, asked with hostile values in each query-string parameter it reads: never a
server error, never a write.

Which parameters a page reads is not listed by hand: each GET URL in tests/hardening/world.py
is opened (plainly and as htmx, with and without the usual values) while request.GET records
every name it is asked for. So a page that starts reading a new parameter is walked with
it, and `test_every_query_parameter_read_is_described` asks for a good value of it in
test_bad_input.QUERY, from which the random walkers start.
"""

import sys

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.http import request as request_module
from django.utils import datastructures

from programs.models import Prescription, ProgramTemplate, SessionTemplate
from schedules.models import PlannedExercise
from tests.factories import AthleteFactory, ClubFactory, SquadFactory, shipped
from tests.hardening.hostile import attempt, client_for
from tests.hardening.test_bad_input import GETS, QUERY, url_of
from tests.hardening.world import ROUTES, build_world
from tests.plan_factories import make_plan

pytestmark = pytest.mark.django_db

# What a hand-typed or tampered address may carry in any parameter (the random walkers in
# test_bad_input try many more, on fewer parameters).
HOSTILE = [
    *("", "abc", "-1", "0", "1.5", "1e309", "999999", "99999999999999999999", "9" * 400),
    *("-99999999999999999999", "١٢", "²"),
    *("\x00", "a\x00b", "x" * 5000, "Zoë 陈 🏃", "2026-02-30", "99999-01-01", "-2026-01-01"),
    *("9999-12-31", "9999-12-27", "0001-01-01", "0001-01-03"),
]
# The same parameter twice (the page reads one of them): good then bad, bad then good.
TWICE = [["1", "abc"], ["abc", "1"]]


# Where QueryDict itself goes through every name.
INTERNAL = {datastructures.__file__, request_module.__file__}


class Recorded(QueryDict):
    """A query string that notes each name it is asked for."""

    names: set[str] | None = None

    def _note(self, key) -> None:
        """A name asked for by the app (or a form), not by Django going through them all
        (items(), dict(), a copy)."""
        caller = sys._getframe(2).f_code.co_filename
        if Recorded.names is not None and isinstance(key, str) and caller not in INTERNAL:
            Recorded.names.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


def _recorded_get(request) -> Recorded:
    if "_recorded_get" not in request.__dict__:
        raw = request.environ.get("QUERY_STRING", "").encode("latin-1")
        request.__dict__["_recorded_get"] = Recorded(raw, encoding=request._encoding)
    return request.__dict__["_recorded_get"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module (read only: every request runs in a savepoint rolled back),
    with another club's squad, programme session, prescription and cell, whose ids the
    walk sends too."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            other = ClubFactory(name="Across the river")
            squad = SquadFactory(club=other, name="Track")
            athlete = AthleteFactory(club=other, squad=squad, name="Nia Other")
            plan = make_plan(athlete, weeks=1)
            template = ProgramTemplate.objects.create(club=other, name="Theirs")
            slot = SessionTemplate.objects.create(
                phase=template.phases.create(
                    phase="base",
                    weeks=2,
                    sessions_per_week=1,
                    reps_min=6,
                    reps_max=8,
                    percent_min=65,
                    percent_max=75,
                ),
                label="A",
                kind="lifting",
            )
            dose = Prescription.objects.create(session=slot, exercise=shipped("back-squat"), sets=3)
            cell = PlannedExercise.objects.filter(session__plan=plan).first()
            world.foreign = [str(pk) for pk in (squad.pk, slot.pk, dose.pk, cell.pk)]
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def reads(world, django_db_blocker) -> dict[str, set[str]]:
    """The query-string names each GET URL reads, asked four ways."""
    found: dict[str, set[str]] = {}
    patch = pytest.MonkeyPatch()
    patch.setattr(WSGIRequest, "GET", property(_recorded_get), raising=True)
    try:
        with django_db_blocker.unblock():
            for name in GETS:
                url = url_of(world, name)
                Recorded.names = found.setdefault(name, set())
                for query in ({}, QUERY):
                    for headers in ({}, {"HX-Request": "true"}):
                        attempt(
                            world, name, lambda c, u=url, q=query, h=headers: c.get(u, q, headers=h)
                        )
    finally:
        Recorded.names = None
        patch.undo()
    return found


def ask(world, name: str, query, headers=None) -> int:
    """The status of one GET (a server error raises in the test client), rolled back: the
    walk checks for server errors only, test_bad_input for writes as well."""
    url = url_of(world, name)
    with transaction.atomic():
        client = client_for(world, ROUTES[name][0])
        if isinstance(query, str):
            response = client.get(f"{url}?{query}")
        else:
            response = client.get(url, query, headers=headers or {})
        transaction.set_rollback(True)
    return response.status_code


def test_the_recording_sees_what_pages_read(reads):
    """The roster, the catalogue and the athlete's week read what their links carry."""
    assert {"q", "squad", "sort", "page", "show"} <= reads["roster"]
    assert {"q", "category", "pattern", "laterality", "equipment"} <= reads["exercise_list"]
    assert "week" in reads["athlete_week"] and "week" in reads["squad_week"]
    assert {"page", "pain"} <= reads["athlete_progress"]


def test_every_query_parameter_read_is_described(reads):
    """The random walkers (test_bad_input) start from a good value of each."""
    read = set().union(*reads.values())
    assert sorted(read - set(QUERY)) == []


def test_every_page_answers_hostile_values_in_each_parameter_it_reads(world, reads):
    """One parameter at a time, the others as the page's own links give them."""
    failed = []
    for name in GETS:
        good = {key: value for key, value in QUERY.items() if key in reads[name]}
        for key in sorted(reads[name]):
            for index, bad in enumerate([*HOSTILE, *TWICE, *world.foreign]):
                htmx = {"HX-Request": "true"} if index % 2 else {}
                try:
                    status = ask(world, name, {**good, key: bad}, htmx)
                except Exception as exc:  # a server error, raised by the test client
                    status = type(exc).__name__
                if not isinstance(status, int) or status >= 500:
                    failed.append((name, key, repr(bad)[:40], status))
    assert failed == []


def test_a_query_string_that_does_not_decode_is_answered(world, reads):
    """Bytes that are not UTF-8, a lone %, a name with no value or no name: pages answer."""
    raw = ["%ff%fe=%ff", "%", "=1", "&&&", "a=%zz", "%00=%00"]
    failed = []
    for name in (n for n in GETS if reads[n]):
        for query in raw + [f"{key}&{key}=%ff" for key in sorted(reads[name])]:
            try:
                status = ask(world, name, query)
            except Exception as exc:
                status = type(exc).__name__
            if not isinstance(status, int) or status >= 500:
                failed.append((name, query, status))
    assert failed == []
