"""A club's data leaves as one JSON file and comes back exactly, into an empty club only."""

import copy
import json
import re
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Membership, PastRunningWeek, Squad, StrengthTest
from athletes.services import athlete_save
from exercises.models import Exercise
from programs.models import ProgramTemplate
from schedules import club_data, demo, logbook, services
from schedules.calendar import plan_week
from schedules.club_data import (
    ImportRefused,
    _stamps_from_file,
    club_export,
    club_file,
    club_import,
    read_document,
)
from schedules.models import (
    Assignment,
    LoadChange,
    PainFlag,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
    SetLog,
)
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory
from tests.hardening.rich_club import build_rich_club
from tests.plan_factories import make_plan

OWNED = (Athlete, PastRunningWeek, Squad, ProgramTemplate, Exercise, PlannedExercise, SetLog)
OWNED += (PainFlag, LoadChange, Assignment, Plan, PlannedSession, StrengthTest)


def comparable(document: dict) -> dict:
    """The document as it would be read back, without what differs between two clubs."""
    document = json.loads(json.dumps(document))
    document.pop("exported_at")
    document.pop("club")
    return document


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in OWNED}


@pytest.fixture
def rich(club, owner, coach):
    return build_rich_club(club, owner, coach)


@pytest.fixture
def document(rich):
    return json.loads(json.dumps(club_export(rich.club)))


@pytest.fixture
def empty_club(db):
    return ClubFactory(name="Riverside Harriers (restored)")


@pytest.fixture
def empty_owner(empty_club):
    user = UserFactory(username="restorer")
    MembershipFactory(club=empty_club, user=user, role="owner")
    return user


def test_an_imported_club_exports_the_same_document(rich, document, empty_club):
    # The club's coaches move over with it, so their names on edits and logs carry across.
    Membership.objects.filter(club=rich.club).update(club=empty_club)

    # Among what the document carries: a plan's re-plan summary.
    assert any(plan["remade"] for plan in document["plans"])
    club_import(copy.deepcopy(document), empty_club)

    assert comparable(club_export(empty_club)) == comparable(document)


def test_the_export_holds_every_kind_of_row_the_club_owns(document):
    amara = next(a for a in document["athletes"] if a["name"] == "Amara Okafor")
    assert amara["injury_notes"] == "Left Achilles, 2024: <b>no</b> drop jumps."
    assert amara["notes"] == "Prefers evening sessions.\nTravels in May."
    assert amara["running_week"]["tue"] == {"run": "quality", "time": "pm"}
    assert {t["exercise"] for t in amara["strength_tests"]} == {"back-squat"}
    assert [e["slug"] for e in document["exercises"]] == ["sled-push", "heavy-sled-push"]
    assert document["exercises"][0]["harder"] == "heavy-sled-push"
    template = next(t for t in document["templates"] if t["name"] == "Track winter")
    doses = template["phases"][0]["sessions"][0]["prescriptions"]
    assert [d["exercise"] for d in doses] == ["back-squat", "sled-push", None]
    edited = [
        pe
        for plan in document["plans"]
        for session in plan["sessions"]
        for pe in session["exercises"]
        if pe["hand_edited"]
    ]
    squat = next(pe for pe in edited if pe["exercise"] == "back-squat")
    assert (squat["load"], squat["note"], squat["edited_by"]) == ("62.50", "Felt easy", "owner")
    assert [(s["set_number"], s["done"], s["load"]) for s in squat["set_logs"]] == [
        (1, True, "62.50"),
        (2, True, "62.50"),
        (3, False, None),
    ]
    assert {f["note"] for f in document["pain_flags"]} == {"Sharp pain, left calf", ""}
    assert {(c["field"], c["user"], c["undone"]) for c in document["load_changes"]} == {
        ("load", "owner", False),
        ("note", "owner", False),
        ("sets", "second", True),
    }


def test_the_export_leaves_logins_and_links_out(document):
    text = json.dumps(document)
    assert "password" not in text
    assert "token" not in text
    assert "membership" not in text


def test_the_export_takes_a_fixed_number_of_queries(rich, django_assert_max_num_queries):
    with django_assert_max_num_queries(19):  # one a table, up to PLANS_AT_ONCE plans
        club_export(rich.club)


def test_the_file_is_written_a_few_plans_at_a_time_as_the_same_document(rich, monkeypatch):
    """A big club's download holds only a few plans' sessions and logs in memory at once:
    written a plan at a time, the file is the one written whole, in a few more queries."""
    plans = Plan.objects.filter(athlete__club=rich.club).count()
    assert plans == 2
    whole = comparable(club_export(rich.club))

    monkeypatch.setattr(club_data, "PLANS_AT_ONCE", 1)
    with CaptureQueriesContext(connection) as queries:
        parts = list(club_file(rich.club))

    assert len(parts) == 1 + plans + 1  # what comes before the plans, a part a plan, the rest
    assert comparable(json.loads("".join(parts))) == whole
    assert len(queries) <= 19 + 3  # the sessions, lifts and set logs of one more batch


@pytest.mark.django_db(transaction=True)
def test_a_download_reads_the_club_as_it_was_when_it_began(rich):
    """Rows saved while a big club's file is being written are all left out, not half in:
    the file is read from one snapshot of the database."""
    parts = club_file(rich.club)
    written = next(parts)  # the roster and programmes are read; the plans are still to come

    def meanwhile():
        PlannedSession.objects.filter(plan__athlete__club=rich.club).update(
            athlete_note="Written meanwhile"
        )
        AthleteFactory(club=rich.club, name="Joined meanwhile")
        connection.close()

    thread = threading.Thread(target=meanwhile)
    thread.start()
    thread.join()
    written += "".join(parts)

    assert "Written meanwhile" not in written
    assert "Joined meanwhile" not in written
    assert json.loads(written)["plans"]
    assert not connection.in_atomic_block  # the snapshot is let go at the end
    assert PlannedSession.objects.filter(athlete_note="Written meanwhile").exists()


@pytest.mark.django_db(transaction=True)
def test_a_download_stopped_halfway_lets_its_snapshot_go(rich):
    parts = club_file(rich.club)
    next(parts)
    assert connection.in_atomic_block

    parts.close()  # the coach cancelled the download

    assert not connection.in_atomic_block


def test_the_import_writes_in_bulk_not_row_by_row(
    document, empty_club, django_assert_max_num_queries
):
    # About 200 rows across sixteen tables: a handful of inserts per table, not one per row.
    with django_assert_max_num_queries(35):
        club_import(document, empty_club)


def test_users_who_are_not_members_of_the_receiving_club_become_nobody(document, empty_club):
    club_import(copy.deepcopy(document), empty_club)

    again = club_export(empty_club)
    assert {c["user"] for c in again["load_changes"]} == {None}
    assert {a["created_by"] for a in again["assignments"]} == {None}
    assert (
        PlannedExercise.objects.filter(
            session__plan__athlete__club=empty_club, hand_edited=True, edited_by__isnull=False
        ).count()
        == 0
    )
    assert LoadChange.objects.filter(athlete__club=empty_club).count() == 3


def test_import_into_a_club_that_has_athletes_is_refused(document, empty_club):
    AthleteFactory(club=empty_club, name="Already here")
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    assert "already holds 1 athlete" in refused.value.problems[0]
    assert counts() == before


def test_a_database_failure_halfway_leaves_nothing_behind(document, empty_club, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("set log clash")

    monkeypatch.setattr(SetLog.objects, "bulk_create", fail)
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    assert "set log clash" in refused.value.problems[0]
    assert counts() == before


def test_an_archived_athlete_stays_archived_through_the_file(rich, document, empty_club):
    assert _athlete_named(document, "Cleo")["archived_at"] is not None
    assert _athlete_named(document, "Ben")["archived_at"] is None
    club_import(copy.deepcopy(document), empty_club)
    imported = Athlete.objects.filter(club=empty_club)
    assert [a.name for a in imported.archived()] == ["Cleo 陈"]
    assert imported.active().count() == imported.count() - 1


def test_the_days_an_athlete_was_archived_go_through_the_file(club, owner, empty_club):
    away = [{"from": "2026-10-05", "until": "2026-10-19"}]
    AthleteFactory(club=club, name="Returned", archived_periods=away)
    document = club_export(club)
    older = copy.deepcopy(document)
    club_import(copy.deepcopy(document), empty_club)
    assert Athlete.objects.get(club=empty_club).archived_periods == away
    # A file from before they were kept reads, with none.
    del older["athletes"][0]["archived_periods"]
    other = ClubFactory(name="Older file")
    club_import(older, other)
    assert Athlete.objects.get(club=other).archived_periods == []


def test_a_plans_re_plan_summary_goes_through_the_file(rich, document, empty_club, client):
    """What the last re-plan did stays on the plan page of a club moved to another server;
    the plan job that made it stays behind, and a file from before it was kept reads."""
    ben = _athlete_named(document, "Ben")["id"]
    remade = next(plan["remade"] for plan in document["plans"] if plan["athlete"] == ben)
    assert remade["changes"] == ["race_date"] and remade["job"] is None
    assert (remade["fresh"], remade["logged"], remade["edited"]) == (3, 1, 1)
    assert remade["race"]["was"] != remade["race"]["now"] and remade["phases"]
    older = copy.deepcopy(document)

    club_import(copy.deepcopy(document), empty_club)

    plan = Plan.objects.get(athlete__club=empty_club, athlete__name__startswith="Ben")
    assert plan.remade == remade
    user = UserFactory(username="restorer")
    MembershipFactory(club=empty_club, user=user, role="owner")
    client.force_login(user)
    page = client.get(reverse("athlete_plan", args=[plan.athlete_id])).content.decode()
    assert 'id="remade"' in page and "after a new race date" in page
    assert "3 sessions planned afresh, 1 kept as the athlete logged it" in page
    for plan_item in older["plans"]:
        del plan_item["remade"]
    other = ClubFactory(name="Older file")
    club_import(older, other)
    assert not Plan.objects.filter(athlete__club=other).exclude(remade={}).exists()


def test_a_club_whose_exercises_name_themselves_as_variants_still_exports_a_file_that_loads(
    rich, empty_club
):
    """Data from before the form and the import checked variants may hold an exercise that
    is its own variant, or one exercise named both ways: the club's file leaves the first
    out and keeps the second only the way its difficulty points, so it always loads."""
    sled = rich.sled  # difficulty 2
    heavy = Exercise.objects.get(club=rich.club, slug="heavy-sled-push")
    Exercise.objects.filter(pk=sled.pk).update(easier=sled, harder=sled)
    Exercise.objects.filter(pk=heavy.pk).update(difficulty=3, easier=sled, harder=heavy)
    Exercise.objects.create(
        club=rich.club,
        slug="sled-pull",
        name="Sled pull",
        category="power",
        pattern="hinge",
        laterality="bilateral",
        equipment="machine",
        load_mode="metres",
        difficulty=2,
        easier=heavy,
        harder=heavy,
    )
    Exercise.objects.create(
        club=rich.club,
        slug="sled-march",
        name="Sled march",
        category="power",
        pattern="squat",
        laterality="bilateral",
        equipment="machine",
        load_mode="metres",
        difficulty=2,
        easier=sled,
        harder=sled,
    )
    document = json.loads(json.dumps(club_export(rich.club)))
    variants = {e["slug"]: (e["easier"], e["harder"]) for e in document["exercises"]}
    assert variants == {
        "sled-push": (None, None),
        "heavy-sled-push": ("sled-push", None),
        "sled-pull": (None, "heavy-sled-push"),  # the harder one, named both ways
        "sled-march": ("sled-push", None),  # as hard: kept as the easier
    }

    Membership.objects.filter(club=rich.club).update(club=empty_club)
    club_import(copy.deepcopy(document), empty_club)

    assert comparable(club_export(empty_club)) == comparable(document)


def test_a_file_from_before_archiving_brings_every_athlete_in_on_the_roster(document, empty_club):
    for athlete in document["athletes"]:
        del athlete["archived_at"]
    club_import(copy.deepcopy(document), empty_club)
    assert not Athlete.objects.filter(club=empty_club).archived().exists()


def test_a_re_plan_summary_from_before_times_were_counted_still_reads(document, empty_club, client):
    """A file from before a re-plan counted the sessions kept at the time the coach chose
    on their own day: read as none, the rest said as before."""
    assert _remade(document)["times_kept"] == 0
    del _remade(document)["times_kept"]

    club_import(document, empty_club)

    plan = Plan.objects.get(athlete__club=empty_club, athlete__name__startswith="Ben")
    assert "times_kept" not in plan.remade
    user = UserFactory(username="restorer")
    MembershipFactory(club=empty_club, user=user, role="owner")
    client.force_login(user)
    page = client.get(reverse("athlete_plan", args=[plan.athlete_id])).content.decode()
    assert "3 sessions planned afresh, 1 kept as the athlete logged it" in page


def _remade(doc: dict) -> dict:
    """The re-plan summary of the one plan in the rich club that has one."""
    return next(plan["remade"] for plan in doc["plans"] if plan["remade"])


def _athlete(doc: dict) -> dict:
    return doc["athletes"][0]


def _athlete_named(doc: dict, start: str) -> dict:
    return next(a for a in doc["athletes"] if a["name"].startswith(start))


def _past(doc: dict) -> dict:
    return _athlete_named(doc, "Ben")["past_running_weeks"][0]


def _first_cell(doc: dict) -> dict:
    return doc["plans"][0]["sessions"][0]["exercises"][0]


def _unlogged(doc: dict) -> dict:
    """A session of the first plan that was never logged, with lifts."""
    return next(s for s in doc["plans"][0]["sessions"] if not s["logged_at"] and s["exercises"])


def _pain_in_unlogged(doc: dict) -> dict:
    """The first pain flag, moved to a lift of a session never logged (of its athlete's
    plan): that session, with the flag pointing at its first lift."""
    session = _unlogged(doc)
    lift = session["exercises"][0]
    doc["pain_flags"][0].update(
        athlete=doc["plans"][0]["athlete"], planned_exercise=lift["id"], exercise=lift["exercise"]
    )
    return session


def _sore(doc: dict) -> dict:
    """A logged session with a soreness report, marked seen by a coach."""
    return next(
        s for plan in doc["plans"] for s in plan["sessions"] if s["soreness_seen"] is not None
    )


def _other_exercise(doc: dict, slug: str) -> str:
    """An exercise of the file's lifts other than `slug`."""
    return next(
        pe["exercise"]
        for plan in doc["plans"]
        for session in plan["sessions"]
        for pe in session["exercises"]
        if pe["exercise"] != slug
    )


def _twin(doc: dict) -> None:
    """The first plan's first session again, on its day at the other time (no lifts)."""
    first = doc["plans"][0]["sessions"][0]
    other = "pm" if first["time"] == "am" else "am"
    doc["plans"][0]["sessions"].append({**first, "time": other, "exercises": []})


def _reslugged(doc: dict, old: str, new: str) -> None:
    """The exercise `old` under the key `new`, everywhere the file names it."""
    text = json.dumps(doc).replace(f'"{old}"', f'"{new}"')
    doc.clear()
    doc.update(json.loads(text))


BROKEN = {
    "ten to the eighteenth sets": (
        lambda doc: _first_cell(doc).update(sets=10**18),
        "plans[0].sessions[0].exercises[0].sets: must be from 1 to 10",
    ),
    "reps no page could save": (
        lambda doc: _first_cell(doc).update(reps=1_000_000),
        "plans[0].sessions[0].exercises[0].reps: must be from 1 to 50",
    ),
    "reps in reserve of 99": (
        lambda doc: _first_cell(doc).update(rir=99),
        "plans[0].sessions[0].exercises[0].rir: must be from 0 to 5",
    ),
    "rest of a billion seconds": (
        lambda doc: _first_cell(doc).update(rest_s=10**9),
        "plans[0].sessions[0].exercises[0].rest_s: must be from 0 to 600",
    ),
    "a load no bar holds": (
        lambda doc: _first_cell(doc).update(load="100000"),
        "plans[0].sessions[0].exercises[0].load: must be from 0 to",
    ),
    "a load below zero": (
        lambda doc: _first_cell(doc).update(load="-5"),
        "plans[0].sessions[0].exercises[0].load: must be from 0 to",
    ),
    "cues longer than the exercise page takes": (
        lambda doc: doc["exercises"][0].update(cues="Drive the knee. " * 70),
        "exercises[0].cues: is too long: keep it to 1000 characters or fewer (it has 1120)",
    ),
    "coach's notes longer than the athlete page takes": (
        lambda doc: doc["athletes"][0].update(notes="n" * 2001),
        "athletes[0].notes: is too long: keep it to 2000 characters or fewer",
    ),
    "a programme description longer than the builder takes": (
        lambda doc: doc["templates"][0].update(description="d" * 2001),
        "templates[0].description: is too long: keep it to 2000 characters or fewer",
    ),
    "an unknown format version": (
        lambda doc: doc.update(format="runstrength.club/2"),
        "this server reads runstrength.club/1 only",
    ),
    "an exercise its own easier variant": (
        lambda doc: doc["exercises"][0].update(easier=doc["exercises"][0]["slug"]),
        "exercises[0].easier: names the exercise itself",
    ),
    "one exercise both easier and harder": (
        lambda doc: doc["exercises"][0].update(easier=doc["exercises"][0]["harder"]),
        "exercises[0].harder: names the same exercise as easier",
    ),
    "an exercise with a blank name": (
        lambda doc: doc["exercises"][0].update(name="   "),
        "exercises[0].name: ",
    ),
    "an exercise of difficulty 9": (
        lambda doc: doc["exercises"][0].update(difficulty=9),
        "exercises[0].difficulty: must be 1, 2 or 3",
    ),
    "an exercise of difficulty 0": (
        lambda doc: doc["exercises"][0].update(difficulty=0),
        "exercises[0].difficulty: must be 1, 2 or 3",
    ),
    "an exercise at the add page's address": (
        lambda doc: _reslugged(doc, doc["exercises"][0]["slug"], "new"),
        "exercises[0].slug: “new” is the address of the page that adds an exercise",
    ),
    "two exercises of one name": (
        lambda doc: doc["exercises"][1].update(name=doc["exercises"][0]["name"].upper()),
        "exercises[1].name: is used by another exercise",
    ),
    "a missing list": (lambda doc: doc.pop("athletes"), "athletes: is missing"),
    "a missing value": (lambda doc: _athlete(doc).pop("sex"), "athletes[0].sex: is missing"),
    "text for a number": (
        lambda doc: _athlete(doc).update(version="4"),
        "athletes[0].version: must be a whole number",
    ),
    "a list for a decimal": (
        lambda doc: _athlete(doc).update(body_mass_kg=[60]),
        "athletes[0].body_mass_kg: must be a number",
    ),
    "a word for true or false": (
        lambda doc: doc["assignments"][0].update(active="yes"),
        "assignments[0].active: must be true or false",
    ),
    "an object for a list": (
        lambda doc: _athlete(doc).update(strength_tests={}),
        "athletes[0].strength_tests: must be a list",
    ),
    "a 10,000-character name": (
        lambda doc: _athlete(doc).update(name="x" * 10_000),
        "athletes[0].name: is too long: keep it to 100 characters or fewer (it has 10000)",
    ),
    "a value outside the choices": (
        lambda doc: _athlete(doc).update(event="<script>alert(1)</script>"),
        "athletes[0].event: “<script>alert(1)</script>” is not one of the choices: use one of",
    ),
    "a body mass beyond the limits": (
        lambda doc: _athlete(doc).update(body_mass_kg="1e999999"),
        "athletes[0].body_mass_kg:",
    ),
    "a negative count": (
        lambda doc: doc["plans"][0]["sessions"][0]["exercises"][0].update(sets=-3),
        "plans[0].sessions[0].exercises[0].sets: must be from 1 to 10",
    ),
    "a date that does not exist": (
        lambda doc: _athlete(doc).update(race_date="2027-02-30"),
        "athletes[0].race_date: must be a date",
    ),
    "a time without its offset": (
        lambda doc: doc["pain_flags"][0].update(created_at="2026-01-01T10:00:00"),
        "pain_flags[0].created_at: must be a date and time with its offset",
    ),
    "a time that leaves the calendar in UTC": (
        lambda doc: doc["pain_flags"][0].update(created_at="0001-01-01T00:00:00+14:00"),
        "pain_flags[0].created_at: must be a date and time with its offset",
    ),
    "a running week with a made-up run": (
        lambda doc: _athlete(doc)["running_week"].update(mon={"run": "sprint", "time": "am"}),
        "athletes[0].running_week: mon: run must be one of",
    ),
    "an athlete name with nothing to show": (
        lambda doc: _athlete(doc).update(name="   \u200b "),
        "athletes[0].name: ",
    ),
    "a squad name used twice in another case": (
        lambda doc: doc["squads"].append(
            {**doc["squads"][0], "name": doc["squads"][0]["name"].upper(), "id": 99}
        ),
        "squads[2].name: is used by another squad",
    ),
    "a past running week that does not end on a Monday": (
        lambda doc: _past(doc).update(ends="2026-01-06"),
        "athletes[1].past_running_weeks[0].ends: must be a Monday",
    ),
    "a past running week that ends after this week": (
        lambda doc: _past(doc).update(ends="2199-01-07"),
        "athletes[1].past_running_weeks[0].ends: must not be after this week's Monday",
    ),
    "a past running week given twice": (
        lambda doc: _athlete_named(doc, "Ben").update(past_running_weeks=[_past(doc), _past(doc)]),
        "athletes[1].past_running_weeks[1].ends: is given twice for this athlete",
    ),
    "a past running week with a made-up run": (
        lambda doc: _past(doc)["running_week"].update(sun={"run": "marathon", "time": "am"}),
        "athletes[1].past_running_weeks[0].running_week: sun: run must be one of",
    ),
    "a past running week that is not a list": (
        lambda doc: _athlete_named(doc, "Ben").update(past_running_weeks={}),
        "athletes[1].past_running_weeks: must be a list",
    ),
    "a link to a squad that is not in the file": (
        lambda doc: _athlete(doc).update(squad=99),
        "athletes[0].squad: names squad 99, which is not in the file",
    ),
    "a squad linked by its name, not its number": (
        lambda doc: _athlete(doc).update(squad="Track squad"),
        "athletes[0].squad: must be the number of a squad in the file, not “Track squad”",
    ),
    "an exercise nobody knows": (
        lambda doc: _athlete(doc)["strength_tests"][0].update(exercise="moon-squat"),
        "athletes[0].strength_tests[0].exercise: names “moon-squat”, which is no exercise of "
        "the file or the catalogue",
    ),
    "a lift nobody knows": (
        lambda doc: _first_cell(doc).update(exercise="moon-squat"),
        "plans[0].sessions[0].exercises[0].exercise: names “moon-squat”, which is no "
        "exercise of the file or the catalogue",
    ),
    "a shipped programme this server does not have": (
        lambda doc: doc["assignments"][0].update(template=None, shipped_template="Moon plan"),
        "assignments[0].template: names “Moon plan”, which is no programme of the file or "
        "this server",
    ),
    "a % of 1RM below zero": (
        lambda doc: _first_cell(doc).update(percent_1rm="-50.0"),
        "plans[0].sessions[0].exercises[0].percent_1rm: must be 0 or more",
    ),
    "a race before the plan begins": (
        lambda doc: doc["plans"][0].update(race_date="2000-01-01"),
        "plans[0].race_date: must be after the plan's start date",
    ),
    "a race on the day the plan begins": (
        lambda doc: doc["plans"][0].update(race_date=doc["plans"][0]["start_date"]),
        "plans[0].race_date: must be after the plan's start date",
    ),
    "a strength test dated after today": (
        lambda doc: _athlete(doc)["strength_tests"][0].update(tested_on="2199-01-01"),
        "athletes[0].strength_tests[0].tested_on: 2199-01-01 is in the future",
    ),
    "a strength test beyond any runner's lift": (
        lambda doc: _athlete(doc)["strength_tests"][0].update(load="900"),
        "athletes[0].strength_tests[0].load: 900 kg is beyond any runner's lift",
    ),
    "a rep test whose 1RM is beyond any runner's lift": (
        lambda doc: _athlete(doc)["strength_tests"][0].update(load="350", reps=10),
        "strength_tests[0].load: 350 kg × 10 makes a 1RM of about 467 kg, beyond any runner's",
    ),
    "two athletes with one number": (
        lambda doc: doc["athletes"][1].update(id=doc["athletes"][0]["id"]),
        "athletes[1].id: 1 is used by another row",
    ),
    "two active assignments for one athlete": (
        lambda doc: doc["assignments"].append({**doc["assignments"][0], "id": 50}),
        "the athlete has another active assignment",
    ),
    "a set logged twice": (
        lambda doc: next(
            pe["set_logs"].append(dict(pe["set_logs"][0]))
            for plan in doc["plans"]
            for session in plan["sessions"]
            for pe in session["exercises"]
            if pe["set_logs"]
        ),
        "this set is logged twice",
    ),
    "a NUL character": (
        lambda doc: _athlete(doc).update(notes="a\x00b"),
        "NUL character",
    ),
    "a list where the shipped programme's name goes": (
        lambda doc: doc["assignments"][0].update(template=None, shipped_template=["a", "b"]),
        "assignments[0].template: names no template of the file or this server",
    ),
    "an edit history entry of a field the grid cannot edit": (
        lambda doc: doc["load_changes"][0].update(field="exercise_id"),
        "load_changes[0].field: “exercise_id” is not one of the choices: use one of",
    ),
    "an edit history entry whose value is not a load": (
        lambda doc: next(c for c in doc["load_changes"] if c["field"] == "load").update(
            old_value="heavy"
        ),
        "is not a value for load",
    ),
    "a phase outline without its dates": (
        lambda doc: doc["plans"][0].update(phases=[{"phase": "build"}]),
        "plans[0].phases: [0] needs start and end dates",
    ),
    "a phase nobody knows": (
        lambda doc: doc["plans"][0]["phases"][0].update(phase="winter"),
        "plans[0].phases: [0].phase must be one of",
    ),
    "a warning dated with a number": (
        lambda doc: doc["plans"][0].update(warnings=[{"rule": "W1", "date": 5, "message": "x"}]),
        "plans[0].warnings: [0].date must be a date",
    ),
    "a programme with reps from high to low": (
        lambda doc: doc["templates"][0]["phases"][0].update(reps_min=12, reps_max=4),
        "templates[0]: phases[0].reps_min: must be at least 1 and at most reps_max",
    ),
    "a programme with one phase twice": (
        lambda doc: doc["templates"][0]["phases"].append(dict(doc["templates"][0]["phases"][0])),
        "templates[0]: ",
    ),
    "a session far beyond any calendar": (
        lambda doc: doc["plans"][0]["sessions"][0].update(date="9999-12-31"),
        "plans[0].sessions[0].date: must be a date between 1900 and 2200",
    ),
    "a load unit nobody uses": (
        lambda doc: doc["plans"][0]["sessions"][0]["exercises"][0].update(unit="zz"),
        "plans[0].sessions[0].exercises[0].unit: must be one of kg, lb",
    ),
    "a session at no time of day": (
        lambda doc: doc["plans"][0]["sessions"][0].update(time="zz"),
        "plans[0].sessions[0].time: must be one of am, pm",
    ),
    "a warning with no date at all": (
        lambda doc: doc["plans"][0].update(warnings=[{"rule": "W1", "message": "x"}]),
        "plans[0].warnings: [0] needs a date",
    ),
    "a phase dated in a form the pages do not read": (
        lambda doc: doc["plans"][0]["phases"][0].update(start="20260105"),
        "plans[0].phases: [0] needs start and end dates (YYYY-MM-DD)",
    ),
    "an edit history entry that would undo to no sets": (
        lambda doc: doc["load_changes"][0].update(field="sets", old_value="", new_value="3"),
        "is not a value for sets",
    ),
    "an edit history entry that would undo to minus three sets": (
        lambda doc: doc["load_changes"][0].update(field="sets", old_value="-3", new_value="3"),
        "is not a value for sets",
    ),
    "an edit history entry with a load no one lifts": (
        lambda doc: doc["load_changes"][0].update(field="load", old_value="123456", new_value="60"),
        "is not a value for load",
    ),
    "an edit history entry with a load that is not a number": (
        lambda doc: doc["load_changes"][0].update(field="load", old_value="NaN", new_value="60"),
        "is not a value for load",
    ),
    "a re-plan summary that is not an object": (
        lambda doc: doc["plans"][0].update(remade=[]),
        "plans[0].remade: must be an object",
    ),
    "a re-plan summary counting sessions with text": (
        lambda doc: _remade(doc).update(fresh="three"),
        "remade: fresh must be a whole number, 0 or more",
    ),
    "a re-plan summary counting times kept with text": (
        lambda doc: _remade(doc).update(times_kept="two"),
        "remade: times_kept must be a whole number, 0 or more",
    ),
    "a re-plan summary with a change that is not text": (
        lambda doc: _remade(doc).update(changes=[["race_date"]]),
        "remade: changes must be a list of text",
    ),
    "a re-plan summary with the race day the same before and after": (
        lambda doc: _remade(doc).update(race={"was": None, "now": None}),
        "remade: race must give the day it was and is now",
    ),
    "a re-plan summary with a phase nobody knows": (
        lambda doc: _remade(doc)["phases"][0].update(phase="winter"),
        "remade: phases[0].phase must be one of",
    ),
    "a re-plan summary with a phase's day in another form": (
        lambda doc: _remade(doc)["phases"][0].update(now="5 Jan"),
        "remade: phases[0] needs the first day it had and has",
    ),
    "warnings that are not a list": (
        lambda doc: doc["plans"][0].update(warnings="W1"),
        "plans[0].warnings: must be a list of objects",
    ),
    "archived periods that are not a list": (
        lambda doc: doc["athletes"][0].update(archived_periods=3),
        "athletes[0].archived_periods: must be a list of periods",
    ),
    "an archived period ending before it began": (
        lambda doc: doc["athletes"][0].update(
            archived_periods=[{"from": "2026-11-09", "until": "2026-11-02"}]
        ),
        "athletes[0].archived_periods: [0] needs from and until dates",
    ),
    "two sessions of one label on one day, AM and PM": (
        _twin,
        "].label: is used by another session of the plan on that day",
    ),
    "a lift of a category the app does not have": (
        lambda doc: _first_cell(doc).update(category="zzz"),
        "plans[0].sessions[0].exercises[0].category: must be one of max_strength, power, "
        "plyometric, conditioning, hill_sprint, mobility",
    ),
    "soreness on a session never logged": (
        lambda doc: _unlogged(doc).update(soreness=4),
        "].soreness: must be empty: the session was never logged",
    ),
    "a time soreness was given on a session never logged": (
        lambda doc: _unlogged(doc).update(soreness_at="2026-01-06T08:00:00Z"),
        "].soreness_at: must be empty: the session was never logged",
    ),
    "an RPE on a session never logged": (
        lambda doc: _unlogged(doc).update(rpe=7),
        "].rpe: must be empty: the session was never logged",
    ),
    "an athlete's note on a session never logged": (
        lambda doc: _unlogged(doc).update(athlete_note="Felt strong"),
        "].athlete_note: must be empty: the session was never logged",
    ),
    "a set marked done on a session never logged": (
        lambda doc: _unlogged(doc)["exercises"][0]["set_logs"].append(
            {"set_number": 1, "done": True, "reps": 5, "load": None}
        ),
        "].set_logs[0].done: is set, but the session was never logged",
    ),
    # Pain is reported while logging a session, and the report keeps it logged (logbook).
    "a pain report on a lift of a session never logged": (
        _pain_in_unlogged,
        ", which was never logged: pain is only reported while logging a session",
    ),
    # Clearing a flag writes who and when at once; a coach's account deleted since leaves
    # the time with nobody, never a name with no time.
    "a pain flag cleared by a coach but never cleared": (
        lambda doc: doc["pain_flags"][0].update(cleared_by="owner", cleared_at=None),
        "pain_flags[0].cleared_by: is given, but the flag was never cleared",
    ),
    "a pain flag on another exercise than its lift's": (
        lambda doc: doc["pain_flags"][0].update(
            exercise=_other_exercise(doc, doc["pain_flags"][0]["exercise"])
        ),
        "pain_flags[0].exercise: must be the planned lift's, “",
    ),
    # A soreness emptied takes its time with it (logbook.session_log_save).
    "a time soreness was given on a session with no soreness": (
        lambda doc: _sore(doc).update(soreness=None),
        "].soreness_at: must be empty: the session holds no soreness",
    ),
    # A coach's look at a soreness report records the value, the time and who at once.
    "a soreness seen with no time it was seen": (
        lambda doc: _sore(doc).update(soreness_seen_at=None),
        "].soreness_seen_at: is empty, but the soreness seen is given",
    ),
    "a time soreness was seen with no soreness seen": (
        lambda doc: _sore(doc).update(soreness_seen=None),
        "].soreness_seen: is empty, but the time soreness was seen is given",
    ),
    "a coach who saw soreness, with no soreness seen": (
        lambda doc: _sore(doc).update(soreness_seen=None, soreness_seen_at=None),
        "].soreness_seen_by: is given, but no soreness was seen",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_file_is_refused_with_its_problem_and_nothing_is_written(
    case, document, empty_club
):
    change, expected = BROKEN[case]
    change(document)
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert counts() == before


def test_a_pain_report_in_a_session_never_logged_names_the_flag_and_the_session(
    document, empty_club
):
    session = _pain_in_unlogged(document)
    plan = document["plans"][0]
    owner = next(a["name"] for a in document["athletes"] if a["id"] == plan["athlete"])
    number = plan["sessions"].index(session) + 1
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    said = [problem.said for problem in refused.value.problems]
    assert said == [
        f"Pain flag 1 (for “{owner}”): the planned lift is in plan 1 (for “{owner}”), "
        f"session {number} ({session['date']}), which was never logged: pain is only "
        "reported while logging a session."
    ]
    assert counts() == before


def test_what_the_app_leaves_after_a_log_cleared_or_an_account_gone_loads_back(
    rich, owner, empty_club
):
    """A log cleared after a coach saw its soreness keeps the coach's look, on a session
    no longer logged; a flag cleared, or soreness seen, by someone who is not a member of
    the club a file goes to names nobody, with its time. Files holding them load, and come
    back out the same."""
    ben = rich.athletes[1]
    session = (
        PlannedSession.objects.filter(plan__athlete=ben, date__gte=timezone.localdate())
        .order_by("date")
        .first()
    )
    logbook.session_log_save(session=session, version=session.version, rpe=6, soreness=8, note="")
    logbook.soreness_seen(athlete=ben, session_id=session.pk, value=8, before=None, user=owner)
    session.refresh_from_db()
    logbook.session_log_save(
        session=session, version=session.version, rpe=None, soreness=None, note=""
    )
    session.refresh_from_db()
    assert session.logged_at is None and session.soreness_seen == 8

    club_import(json.loads(json.dumps(club_export(rich.club))), empty_club)
    moved = json.loads(json.dumps(club_export(empty_club)))
    assert any(f["cleared_at"] and f["cleared_by"] is None for f in moved["pain_flags"])
    unlogged_seen = [
        s
        for plan in moved["plans"]
        for s in plan["sessions"]
        if s["soreness_seen"] == 8 and s["logged_at"] is None
    ]
    assert [(s["soreness_seen_at"] is not None, s["soreness_seen_by"]) for s in unlogged_seen] == [
        (True, None)
    ]
    again = ClubFactory(name="Riverside Harriers (again)")

    club_import(copy.deepcopy(moved), again)

    assert comparable(club_export(again)) == comparable(moved)


def test_the_demo_clubs_file_loads_back(db, django_capture_on_commit_callbacks, empty_club):
    """The club `make run` shows, planned and logged as its athletes would: its own file
    holds nothing the checks of a file refuse."""
    with django_capture_on_commit_callbacks(execute=True):
        club, _ = demo.demo_club_create()
    for job in PlanJob.objects.filter(athlete__club=club):  # what the worker does
        services.job_claim(job.pk, 3)
        services.plan_generate(job_id=job.pk)
    demo._demo_history(club, timezone.localdate())
    exported = json.loads(json.dumps(club_export(club)))
    logs = SetLog.objects.filter(planned_exercise__session__plan__athlete__club=club)
    sessions = PlannedSession.objects.filter(plan__athlete__club=club)
    before = (sessions.count(), sessions.exclude(logged_at=None).count(), logs.count())
    assert before[1] and before[2]

    club_import(exported, empty_club)

    logs = SetLog.objects.filter(planned_exercise__session__plan__athlete__club=empty_club)
    sessions = PlannedSession.objects.filter(plan__athlete__club=empty_club)
    assert (sessions.count(), sessions.exclude(logged_at=None).count(), logs.count()) == before


def test_a_plan_begun_mid_week_with_sessions_before_its_start_and_after_its_race_loads(
    document, empty_club
):
    """All three are plans the app makes: an assignment from before starts had to be Mondays
    began mid-week (and is planned again from that day); a plan made again from a later
    start keeps the sessions logged or gone by before it; a session kept for a coach's edit
    stays after a race moved before it."""
    plan = document["plans"][0]
    days = sorted(session["date"] for session in plan["sessions"])
    wednesday = (datetime.fromisoformat(days[0]) + timedelta(days=2)).date()
    race = datetime.fromisoformat(days[-1]).date() - timedelta(days=1)
    plan.update(start_date=wednesday.isoformat(), race_date=race.isoformat())
    assignment = next(a for a in document["assignments"] if a["id"] == plan["assignment"])
    assignment.update(start_date=wednesday.isoformat())

    club_import(document, empty_club)

    loaded = Plan.objects.get(athlete__club=empty_club, start_date=wednesday)
    assert loaded.race_date == race
    sessions = loaded.sessions.order_by("date")
    assert [s.date.isoformat() for s in sessions] == days
    assert sessions.first().week == 0 and sessions.last().date > race


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"<!doctype html><html><body>Not found</body></html>",
            "The file is not JSON, so it is not a club file (it stops reading as JSON at line 1, "
            "character 1). Choose the .json file that Download club file made",
        ),
        (b"PK\x03\x04\x80\x81\xfe", "not UTF-8"),
        (
            b'{"format": "runstrength.club/1", "athletes": [NaN]}',
            "The file holds NaN where a number goes, which a club file never does",
        ),
        (b"[" * 100_000, "nested far deeper than a club file's"),
        (b"", "The file is empty. Choose the .json file that Download club file made"),
        (b"1" * 5000, "The file holds a number far too long to read"),
        (b"[" + b"{}," * 1_000_000 + b"[]]", "more records than any club's (over 1,000,000"),
    ],
    ids=["html", "binary", "nan", "deep nesting", "empty", "a huge number", "empty objects"],
)
def test_bytes_that_are_not_a_json_document_are_refused(raw, expected):
    with pytest.raises(ImportRefused) as refused:
        read_document(raw)

    assert expected in refused.value.problems[0]
    # Python's own words for it are not the coach's.
    assert not re.search(
        r"Expecting|Extra data|Invalid control|delimiter|Exceeds", str(refused.value)
    )


def test_a_file_shaped_to_take_far_more_memory_than_its_size_is_refused(monkeypatch):
    """Short strings take about ten times their bytes in memory once read: such a file is
    read first in a process of its own held to READ_MEMORY, and refused when it does not fit,
    before the server's own process reads it."""
    from schedules import club_data

    monkeypatch.setattr(club_data, "FIRST_READ_BYTES", 1024 * 1024)
    monkeypatch.setattr(club_data, "READ_MEMORY", 96 * 1024 * 1024)
    raw = b'{"format": "runstrength.club/1", "athletes": [' + b'"ab",' * 2_500_000 + b'"ab"]}'
    assert len(raw) < 16 * 1024 * 1024

    with pytest.raises(ImportRefused) as refused:
        read_document(raw)

    assert refused.value.problems == [
        "Reading the file would take over 96 MB of memory, far more than a club's file of its "
        "size: it is not a club file."
    ]


def test_a_club_file_read_apart_first_is_read_as_it_is(monkeypatch, document):
    from schedules import club_data

    monkeypatch.setattr(club_data, "FIRST_READ_BYTES", 0)
    monkeypatch.setattr(club_data, "READ_MEMORY", 96 * 1024 * 1024)
    calls = []
    read_apart = club_data._read_apart
    monkeypatch.setattr(club_data, "_read_apart", lambda raw: calls.append(read_apart(raw)))
    raw = json.dumps(document).encode()

    assert read_document(raw) == json.loads(raw)
    assert calls == [None]
    # Not JSON at all: the reading apart lets it through, and the server's reading says why.
    with pytest.raises(ImportRefused) as refused:
        read_document(b"<html>" * 10)
    assert "The file is not JSON, so it is not a club file" in refused.value.problems[0]


def test_a_problem_quoting_a_huge_value_is_cut_short(document, empty_club):
    _athlete(document)["sex"] = "f" * 10_000

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    (problem,) = refused.value.problems
    assert problem.startswith(f"athletes[0].sex: “{'f' * 40}…” is not one of the choices")
    assert len(problem) < 150 and len(problem.said) < 200


def test_a_document_that_is_not_an_object_is_refused(empty_club):
    with pytest.raises(ImportRefused) as refused:
        club_import(["runstrength.club/1"], empty_club)

    assert "must hold one JSON object" in refused.value.problems[0]


def test_markup_in_a_name_is_kept_as_text_and_shown_escaped(document, empty_club, client):
    _athlete(document)["name"] = "<script>alert(1)</script>"
    owner = UserFactory(username="restorer")
    MembershipFactory(club=empty_club, user=owner, role="owner")
    club_import(document, empty_club)
    client.force_login(owner)

    page = client.get("/athletes/").content.decode()

    assert Athlete.objects.filter(club=empty_club, name="<script>alert(1)</script>").exists()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


# The pages


def test_the_owner_downloads_the_club_file(owner_client, rich):
    response = owner_client.get("/club/export.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-harriers-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.streaming  # written as it is read, not built whole first
    document = json.loads(response.getvalue())
    assert document["club"] == {"name": "Riverside Harriers"}
    assert len(document["athletes"]) == 3


def test_the_club_file_is_written_without_layout_so_a_big_clubs_file_loads_back(owner_client, rich):
    """Indented, a 300-athlete club with months of logged sessions wrote 54 MB, close to the
    import's limit (a bigger club's own file refused); without the layout it is 33 MB."""
    raw = owner_client.get("/club/export.json").getvalue()

    compact = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":"))
    assert raw == compact.encode()


def test_the_club_file_is_named_in_the_clubs_own_script(owner_client, rich):
    rich.club.name = "نادي الجري"
    rich.club.save()
    response = owner_client.get("/club/export.json")
    header = response["Content-Disposition"]
    header.encode("ascii")
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.removeprefix("attachment; filename*=utf-8''")).startswith("نادي-الجري-")


def test_a_coach_of_the_club_downloads_it_too(client, coach, rich):
    client.force_login(coach)

    document = json.loads(client.get("/club/export.json").getvalue())

    assert {a["name"] for a in document["athletes"]} == {a.name for a in rich.athletes}


def test_a_coach_of_another_club_only_ever_gets_their_own_club(stranger_client, rich):
    document = json.loads(stranger_client.get("/club/export.json").getvalue())

    assert document["club"] == {"name": "Other Club"}
    assert document["athletes"] == [] and document["plans"] == []
    assert "Amara" not in json.dumps(document)


def test_anonymous_visitors_are_sent_to_log_in(client, rich):
    for url in ("/club/export.json", "/club/import/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_export_is_download_only(owner_client):
    assert owner_client.post("/club/export.json").status_code == 405


def test_a_coach_who_is_not_the_owner_cannot_open_the_import_page(client, coach):
    client.force_login(coach)

    assert client.get("/club/import/").status_code == 404
    assert client.post("/club/import/").status_code == 404


def test_the_owner_opens_the_import_page(owner_client):
    page = owner_client.get("/club/import/")

    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()


def _upload(client, content: bytes):
    file = SimpleUploadedFile("club.json", content, content_type="application/json")
    return client.post("/club/import/", {"file": file})


def test_the_owner_of_an_empty_club_loads_a_file(client, document, empty_club, empty_owner):
    client.force_login(empty_owner)

    response = _upload(client, json.dumps(document).encode())

    assert response.status_code == 302
    assert response["Location"] == "/athletes/"
    assert Athlete.objects.filter(club=empty_club).count() == 3
    roster = client.get("/athletes/").content.decode()
    assert "Imported 3 athletes, 2 plans and 3 logged sets" in roster
    assert "Ben Łukasz Nowak" in roster


def test_the_import_page_says_why_a_club_with_data_cannot_load_a_file(owner_client, rich):
    page = owner_client.get("/club/import/").content.decode()

    assert "already holds 3 athletes, 2 squads, 3 programme templates, 2 exercises" in page
    assert 'type="file"' not in page


def test_a_file_posted_to_a_club_with_data_is_refused(owner_client, document):
    before = counts()

    response = _upload(owner_client, json.dumps(document).encode())

    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert counts() == before


def test_a_bad_file_is_refused_with_its_problems_listed(client, document, empty_owner):
    _athlete(document)["name"] = "x" * 10_000
    document["athletes"][1]["squad"] = 42
    client.force_login(empty_owner)
    before = counts()

    response = _upload(client, json.dumps(document).encode())

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 2 problems in the file" in page
    second = f"“{document['athletes'][1]['name']}”"
    assert (
        f"Athlete 1 “{'x' * 60}…”: the name is too long: keep it to 100 characters or fewer "
        '(it has 10000). <span class="muted small">In the file at <code>athletes[0].name</code>'
    ) in page
    assert f"Athlete 2 {second}: the squad names squad 42, which is not in the file." in page
    assert "Ensure this value" not in page
    assert "Put each of these right in the file, or download the file again" in page
    assert counts() == before


def test_a_web_page_saved_as_json_is_refused(client, empty_owner):
    client.force_login(empty_owner)

    response = _upload(client, b"<html><body><h1>Runstrength</h1></body></html>")

    assert response.status_code == 400
    assert "The file is not JSON" in response.content.decode()


def test_posting_without_a_file_asks_for_one(client, empty_owner):
    client.force_login(empty_owner)

    response = client.post("/club/import/", {})

    assert response.status_code == 400
    assert "Choose the club file (.json) to upload." in response.content.decode()


def test_sessions_keep_when_they_were_planned_and_an_older_file_still_reads(
    rich, document, empty_club
):
    """When a session was put in the plan decides whether it can be missed: it crosses
    over; a file written before the field was kept imports with it unknown."""
    from schedules.models import PlannedSession

    sessions = [s for plan in document["plans"] for s in plan["sessions"]]
    assert sessions and all("created_at" in s for s in sessions)
    for session in sessions:
        del session["created_at"]
    club_import(copy.deepcopy(document), empty_club)
    restored = PlannedSession.objects.filter(plan__athlete__club=empty_club)
    assert restored.count() == len(sessions)
    assert not restored.exclude(created_at=None).exists()


def test_a_soreness_report_marked_seen_crosses_over_and_an_older_file_still_reads(
    rich, document, empty_club
):
    """The coach's look at a soreness report (L8) goes with the club, with who looked; a
    file from before the mark was kept imports with no report marked."""
    from schedules.models import PlannedSession

    Membership.objects.filter(club=rich.club).update(club=empty_club)
    seen = [
        s for plan in document["plans"] for s in plan["sessions"] if s["soreness_seen"] is not None
    ]
    assert [(s["soreness"], s["soreness_seen"], s["soreness_seen_by"]) for s in seen] == [
        (3, 3, "owner")
    ]
    older = copy.deepcopy(document)
    for plan in older["plans"]:
        for session in plan["sessions"]:
            for key in ("soreness_seen", "soreness_seen_at", "soreness_seen_by"):
                del session[key]

    club_import(older, empty_club)

    restored = PlannedSession.objects.filter(plan__athlete__club=empty_club)
    assert restored.count() == sum(len(plan["sessions"]) for plan in document["plans"])
    assert not restored.exclude(soreness_seen=None).exists()
    assert not restored.exclude(soreness_seen_by=None).exists()


@pytest.mark.parametrize("old_value", ["100000", "72.55", "62.123"])
def test_an_edit_history_value_the_column_cannot_hold_is_refused(old_value, document, empty_club):
    field = "load" if old_value == "62.123" else "percent_1rm"
    document["load_changes"][0].update(field=field, old_value=old_value, new_value="80")
    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)
    assert any(f"is not a value for {field}" in p for p in refused.value.problems)


@pytest.mark.parametrize(
    ("cleared_at", "problem"),
    [
        ("2099-01-01T10:00:00+00:00", "is in the future"),
        ("2001-01-01T10:00:00+00:00", "is before the pain was reported"),
    ],
)
def test_a_pain_flag_cleared_in_the_future_or_before_it_was_reported_is_refused(
    document, empty_club, cleared_at, problem
):
    # The day a flag was cleared is the day its lift comes back (L9): a date ahead would
    # hold the lift out with no flag left for the coach to clear.
    data = copy.deepcopy(document)
    data["pain_flags"][0]["cleared_at"] = cleared_at
    with pytest.raises(ImportRefused) as refused:
        club_import(data, empty_club)
    assert f"pain_flags[0].cleared_at: {problem}" in str(refused.value.problems)
    assert not PainFlag.objects.filter(athlete__club=empty_club).exists()


def test_past_running_weeks_cross_over_and_an_older_file_still_reads(document, empty_club):
    """The running weeks kept from before a change go with the athlete; a file from before
    they were kept imports with none, as the athlete had."""
    [past] = _athlete_named(document, "Ben")["past_running_weeks"]
    assert past["running_week"]["tue"] == {"run": "quality", "time": "pm"}
    older = copy.deepcopy(document)
    for athlete in older["athletes"]:
        del athlete["past_running_weeks"]
    club_import(older, empty_club)
    assert not PastRunningWeek.objects.filter(athlete__club=empty_club).exists()


def test_a_session_takes_the_plan_week_of_its_date_not_the_files_number(document, empty_club):
    """A week number far beyond the plan (a hand-edited file) would run the grid off the
    calendar: the week is worked out from the session's date, as the plans keep it."""
    from schedules.grid import build_grid, grid_sessions
    from schedules.models import Plan

    document["plans"][0]["sessions"][0]["week"] = 30000  # 575 years of grid columns
    club_import(document, empty_club)
    plans = Plan.objects.filter(athlete__club=empty_club)
    assert plans
    for plan in plans:
        for session in plan.sessions.all():
            assert session.week == plan_week(plan.start_date, session.date)
        build_grid(plan, grid_sessions(plan))  # the whole plan lays out


def test_a_club_of_one_athlete_is_counted_in_the_singular_when_loaded(
    client, club, empty_club, empty_owner
):
    AthleteFactory(club=club, name="Ada Solo")
    document = json.loads(json.dumps(club_export(club)))
    client.force_login(empty_owner)

    response = _upload(client, json.dumps(document).encode())

    assert response.status_code == 302
    roster = client.get("/athletes/").content.decode()
    assert "Imported 1 athlete, 0 plans and 0 logged sets into" in roster


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffname,sex,body_mass_kg,experience,event,squad\nAda,female,58,novice,5k,\n",
        '"Name";"Sex";"Body_mass_kg";"Experience";"Event"\nAda;female;58,5;novice;5k\n',
        # Headings as a person writes them, which the roster import reads too.
        "Name,Sex,Body mass (kg),Experience,Event,Race date\nAda,female,58,novice,5k,\n",
        "name,sex,body_mass_lb,experience,event\nAda,female,128,novice,5k\n",
        "Name,Sex,Body mass (lb),Experience,Event\nAda,female,128,novice,5k\n",
        "sep=;\nname;sex;body_mass_kg;experience;event\nAda;female;58,5;novice;5k\n",
    ],
    ids=["commas", "semicolons, quoted", "worded", "pounds", "pounds, worded", "sep line"],
)
def test_a_roster_csv_chosen_by_mistake_is_named_with_where_it_goes(client, empty_owner, raw):
    client.force_login(empty_owner)

    response = _upload(client, raw.encode())

    assert response.status_code == 400
    body = response.content.decode()
    assert "This is a roster CSV, not a club file: add its athletes with Import CSV" in body
    assert "not JSON" not in body
    assert not Athlete.objects.exists()


def _first_logged(document: dict) -> tuple[dict, dict]:
    """The first session of the file with a logged set, and that set."""
    for plan in document["plans"]:
        for session in plan["sessions"]:
            for planned in session["exercises"]:
                if planned["set_logs"]:
                    return session, planned["set_logs"][0]
    raise AssertionError("the rich club has logged sets")


@pytest.mark.parametrize(
    ("where", "field", "value", "problem"),
    [
        ("set", "reps", 51, "must be from 0 to 50"),
        ("set", "load", "2500", "must be from 0 to 400 kg"),
        ("session", "rpe", 11, "must be from 1 to 10"),
        ("session", "rpe", 0, "must be from 1 to 10"),
        ("session", "soreness", 99, "must be from 0 to 10"),
    ],
)
def test_a_log_no_log_page_could_have_saved_is_refused(
    document, empty_club, where, field, value, problem
):
    """Logged reps, loads, session RPE and soreness stay within what the athlete's log
    takes: a file cannot bring in an RPE of 99 or 2.5 tonnes lifted for the pages to show."""
    session, logged = _first_logged(document)
    (logged if where == "set" else session)[field] = value
    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)
    assert any(p.endswith(f".{field}: {problem}") for p in refused.value.problems), (
        refused.value.problems
    )
    assert not Athlete.objects.filter(club=empty_club).exists()


def test_an_athlete_archived_in_the_future_is_refused(document, empty_club):
    """Restoring them would record a time away that ends before it begins, and the club's
    next file would then not load."""
    document["athletes"][0]["archived_at"] = "2099-01-01T10:00:00+00:00"
    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)
    assert "athletes[0].archived_at: is in the future" in refused.value.problems
    assert not Athlete.objects.filter(club=empty_club).exists()


def test_the_heaviest_loads_switched_to_pounds_load_back(rich, empty_club):
    """What the pages take at most in kilograms (400 kg lifted, planned or edited, a 1RM
    test of 375 kg x 2) is kept to 0.1 lb when the athlete switches to pounds: 881.8 lb, a
    little above the 880 lb the pages take in pounds. The club's file holds it, and must
    load again."""
    amara = rich.athletes[0]
    done = PlannedExercise.objects.get(session__plan__athlete=amara, set_logs__set_number=1)
    assert done.session.logged_at is not None  # a record: converted to 0.1, not to a plate
    PlannedExercise.objects.filter(pk=done.pk).update(load=Decimal("400"))
    SetLog.objects.filter(planned_exercise=done, set_number=1).update(load=Decimal("400"))
    LoadChange.objects.filter(planned_exercise=done, field="load").update(new_value="400")
    amara.strength_tests.update(load=Decimal("375"), reps=2, estimated_1rm=Decimal("400"))
    amara.units = "lb"
    athlete_save(athlete=amara, changed={"units"})
    assert SetLog.objects.get(planned_exercise=done, set_number=1).load == Decimal("881.8")
    test = amara.strength_tests.first()
    assert test.estimated_1rm > Decimal("881.8")  # 826.7 lb x 2, by Epley

    club_import(json.loads(json.dumps(club_export(rich.club))), empty_club)

    moved = PlannedExercise.objects.get(
        session__plan__athlete__club=empty_club, set_logs__set_number=1
    )
    assert moved.load == Decimal("881.8")
    assert moved.set_logs.get(set_number=1).load == Decimal("881.8")
    assert LoadChange.objects.filter(planned_exercise=moved, new_value="881.8").exists()
    assert Athlete.objects.get(club=empty_club, name=amara.name).strength_tests.count() == (
        amara.strength_tests.count()
    )


def test_an_edit_history_entry_that_emptied_a_reps_box_still_loads(document, empty_club):
    """The load grid once let a reps box be emptied, and its history kept the edit: a club
    file holding one, from then or exported since, loads (as the other club's grid holds
    it) instead of being refused whole."""
    document["load_changes"][0].update(field="reps", old_value="8", new_value="")
    club_import(document, empty_club)
    change = LoadChange.objects.get(athlete__club=empty_club, field="reps")
    assert (change.old_value, change.new_value) == ("8", "")


STAMPED = (("assignments", "created_at"), ("pain_flags", "created_at"), ("load_changes", "at"))


def test_when_each_row_was_made_goes_through_the_file_to_the_microsecond(document, empty_club):
    """The times the database stamps a row with as it is inserted (an assignment made, a pain
    reported, a load edited) are the file's in the club it loads into, not the time of the
    load: each its own, to the microsecond."""
    first = datetime(2024, 1, 10, 0, 10, 20, 4506, tzinfo=UTC)
    for key, name in STAMPED:
        for number, row in enumerate(document[key]):
            row[name] = (first + timedelta(days=40 * number, microseconds=number)).isoformat()

    club_import(copy.deepcopy(document), empty_club)

    loaded = club_export(empty_club)
    for key, name in STAMPED:
        assert [row[name] for row in loaded[key]] == [row[name] for row in document[key]]
    assert LoadChange.objects.filter(athlete__club=empty_club).order_by("pk").first().at == first


def test_rows_made_after_a_load_are_stamped_with_their_own_time(document, empty_club):
    club_import(document, empty_club)
    planned = PlannedExercise.objects.filter(session__plan__athlete__club=empty_club).first()
    athlete = planned.session.plan.athlete
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)

    change = LoadChange.objects.create(
        planned_exercise=planned, athlete=athlete, at=long_ago, field="sets", old_value="3"
    )
    flag = PainFlag.objects.create(athlete=athlete, exercise=planned.exercise, created_at=long_ago)

    for row, name in ((change, "at"), (flag, "created_at")):
        row.refresh_from_db()
        assert getattr(row, name) > timezone.now() - timedelta(minutes=1)


def _club_with(athletes: int):
    """A club of athletes with eight weeks of plan each: every set of the first six logged,
    a load edited twice and a pain reported once each."""
    club = ClubFactory()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for number in range(athletes):
        athlete = AthleteFactory(club=club, name=f"Runner {number}")
        make_plan(athlete, weeks=8, start=monday - timedelta(weeks=6))
        planned = list(
            PlannedExercise.objects.filter(session__plan__athlete=athlete).order_by("pk")
        )
        SetLog.objects.bulk_create(
            SetLog(planned_exercise=pe, set_number=n, done=True, reps=pe.reps, load=pe.load)
            for pe in planned
            if pe.session.date < monday
            for n in range(1, pe.sets + 1)
        )
        # Ticked sets mark their sessions logged, as the athlete's page does.
        PlannedSession.objects.filter(plan__athlete=athlete, date__lt=monday).update(
            logged_at=timezone.now()
        )
        for pe in planned[1:3]:
            LoadChange.objects.create(
                planned_exercise=pe, athlete=athlete, field="load", old_value="60", new_value="65"
            )
        PainFlag.objects.create(
            athlete=athlete,
            planned_exercise=planned[0],
            exercise_id=planned[0].exercise_id,
            note="Knee",
        )
    return club


def test_a_bigger_club_loads_in_as_many_statements_as_a_small_one(db):
    """However many rows a file holds, loading it writes each table in one statement (up to
    a batch of thousands), stamps included: no UPDATE after the INSERT, and none per row."""
    written = {}
    for athletes in (2, 6):
        document = json.loads(json.dumps(club_export(_club_with(athletes))))
        with CaptureQueriesContext(connection) as queries:
            counts = club_import(document, ClubFactory())
        written[athletes] = [q["sql"].split(" ")[0] for q in queries.captured_queries]
        assert counts["set logs"] == athletes * 6 * 24  # six weeks of two sessions, 24 sets

    assert counts["set logs"] > 500  # more than the batch of rows the load once wrote at a time
    assert written[6] == written[2]
    assert "UPDATE" not in written[6]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda doc: _athlete(doc).update(notes="half an emoji \ud83c"), "not valid Unicode"),
        (lambda doc: _athlete(doc).update({"\ud83c": "key"}), "not valid Unicode"),
        (lambda doc: _athlete(doc).update({"no\x00te": ""}), "NUL character"),
        (lambda doc: doc["plans"][0]["warnings"][0].update(message="a\x00b"), "NUL character"),
    ],
    ids=["half an emoji", "a key half an emoji", "a NUL in a key", "a NUL deep down"],
)
def test_text_the_database_cannot_store_is_found_wherever_it_is(
    change, expected, document, empty_club
):
    change(document)

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    assert refused.value.problems == [next(p for p in refused.value.problems if expected in p)]


def test_a_load_keeps_the_files_stamps_in_its_own_thread_only():
    """While a load writes, a load edit saved by another request (another thread) is stamped
    with its own time, not left with whatever it holds."""
    field = LoadChange._meta.get_field("at")
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    stamped = {}

    def elsewhere():
        stamped["elsewhere"] = field.pre_save(LoadChange(at=long_ago), True)

    with _stamps_from_file():
        stamped["loading"] = field.pre_save(LoadChange(at=long_ago), True)
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    stamped["after"] = field.pre_save(LoadChange(at=long_ago), True)

    assert stamped["loading"] == long_ago
    assert stamped["elsewhere"] > timezone.now() - timedelta(minutes=1)
    assert stamped["after"] > timezone.now() - timedelta(minutes=1)


def test_each_problem_names_its_record_and_field_in_words(document, empty_club):
    """Besides its place in the file, each problem says whose record it is, by its number
    in the file and its name, and which field, in words."""
    athlete = _athlete(document)
    athlete["strength_tests"][0]["tested_on"] = "2999-01-01"
    athlete["sex"] = "zz"
    plan = document["plans"][0]
    plan["sessions"][0]["date"] = "9999-12-31"
    owner = next(a["name"] for a in document["athletes"] if a["id"] == plan["athlete"])

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    said = [problem.said for problem in refused.value.problems]
    name = athlete["name"]
    assert f"Athlete 1 “{name}”: the sex “zz” is not one of the choices: use one of " in said[0]
    assert (
        f"Athlete 1 “{name}”, 1RM test 1: the test date must be a date between 1900 and 2200."
    ) in said
    assert (
        f"Plan 1 (for “{owner}”), session 1 (9999-12-31): the date must be a date between "
        "1900 and 2200."
    ) in said
    assert not any("Value '" in words or "[" in words for words in said), said


@pytest.mark.parametrize(
    ("format_", "expected"),
    [
        (None, "The file names no format, so it is not a club file."),
        (
            "runstrength.club/2",
            "The file is a club file of another version (runstrength.club/2): this server "
            "reads runstrength.club/1 only, so it cannot load this file.",
        ),
        ("runstrength.plan/1", "This is one athlete's plan (plan.json), not a club file."),
        (["x"], "The file names no format, so it is not a club file."),
        ("O'Brien's", "The file's format is “O'Brien's”, so it is not a club file."),
    ],
    ids=["missing", "another version", "a plan file", "not text", "made up"],
)
def test_a_file_of_another_format_says_so_in_words(format_, expected, document, empty_club):
    if format_ is None:
        del document["format"]
    else:
        document["format"] = format_
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    problem = refused.value.problems[0]
    assert problem.startswith(expected), problem
    assert "None" not in problem and "['x']" not in problem  # Python's words, not the coach's
    assert counts() == before


def test_a_file_cut_short_says_so_rather_than_where_json_stops(document):
    """A download that did not finish stops partway through, wherever that falls (in a
    name, a number, a true or a null): said as such, with what to do, not as a line and
    character of JSON to look at."""
    raw = json.dumps(document).encode()
    ends = {raw.index(mark) + len(mark) for mark in (b'"name": "', b"tru", b"nul", b'": 1')}
    for end in sorted(ends | set(range(1, len(raw) - 1, len(raw) // 40))):
        with pytest.raises(ImportRefused) as refused:
            read_document(raw[:end])

        problem = refused.value.problems[0]
        assert problem.startswith("The file is cut short: it stops partway through"), (
            raw[end - 20 : end],
            problem,
        )
        assert "Download the club file again from the club it came from" in problem


def test_a_problem_that_names_its_own_subject_reads_as_one_sentence(document, empty_club):
    """ "The athlete has another active assignment" is said as it is, not after the field's
    name ("the active the athlete has...")."""
    document["assignments"].append({**document["assignments"][0], "id": 50})
    lift = next(
        pe
        for plan in document["plans"]
        for session in plan["sessions"]
        for pe in session["exercises"]
        if pe["set_logs"]
    )
    lift["set_logs"].append(dict(lift["set_logs"][0]))

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    said = [problem.said for problem in refused.value.problems]
    assert any(
        re.fullmatch(
            r"Assignment \d+ \(for “[^”]+”\): the athlete has another active assignment\.", s
        )
        for s in said
    ), said
    assert any(re.search(r", logged set \d+: this set is logged twice\.$", s) for s in said), said
    assert not any("the active the" in s or "set number this" in s for s in said), said


def test_true_or_false_and_time_fields_are_named_in_words(document, empty_club):
    """A set log's "done", a lift's "hand_edited" and a load edit's "at" are named as a
    person says them, not "the done is missing" or "the at must be...": the fields a
    coach mending a file by hand has to find."""
    lift = next(
        pe
        for plan in document["plans"]
        for session in plan["sessions"]
        for pe in session["exercises"]
        if pe["set_logs"]
    )
    del lift["set_logs"][0]["done"]
    _first_cell(document)["hand_edited"] = "yes"
    document["load_changes"][0]["at"] = "soon"

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    said = " ".join(problem.said for problem in refused.value.problems)
    assert "the done mark is missing." in said, said
    assert "the hand-edited mark must be true or false." in said, said
    assert "the time of the edit must be" in said, said
    assert not re.search(r"the (done|at|hand edited) (is|must)", said), said


def test_a_field_named_in_the_plural_is_said_with_a_plural_verb(document, empty_club):
    """ "the units are missing", "the reps are missing", not "the units is missing"."""
    del document["athletes"][0]["units"]
    del _first_cell(document)["reps"]

    with pytest.raises(ImportRefused) as refused:
        club_import(document, empty_club)

    said = " ".join(problem.said for problem in refused.value.problems)
    assert "the units are missing." in said, said
    assert "the reps are missing." in said, said
    assert not re.search(r"the (units|reps|sets|notes) (is|has) ", said), said
