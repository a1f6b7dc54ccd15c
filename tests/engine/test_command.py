"""`manage.py plan`: good profiles print the plan document, bad ones exit 2 with one line
per problem and no traceback."""

import io
import json

import pytest
from django.core.management import call_command

from tests.engine.support import PROFILES, profile_data

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("plan", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, data) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_good_profile_prints_the_plan_document():
    code, out, err = run("--profile", str(PROFILES / "novice_marathon.json"))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["format"] == "runstrength.plan/1"
    assert doc["athlete"] == {"name": "Maya Lindqvist", "experience": "novice", "event": "marathon"}
    assert [p["phase"] for p in doc["phases"]] == ["intro", "base", "build", "sharpen", "taper"]
    assert doc["warnings"] == []


def test_out_writes_the_document_to_a_file(tmp_path):
    target = tmp_path / "plan.json"
    code, out, _ = run("--profile", str(PROFILES / "advanced_5k.json"), "--out", str(target))
    assert (code, out) == (0, "")
    doc = json.loads(target.read_text())
    assert doc["units"] == "lb"
    assert doc["race_date"] == "2027-05-08"


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"one_rep_max": {"banana-press": 60}}, "one_rep_max.banana-press: unknown exercise"),
        ({"race_date": "2026-12-01"}, "race_date: must be after start_date"),
        ({"body_mass_kg": -3}, "athlete.body_mass_kg: must be a number above 0"),
        ({"start_date": None}, "start_date: is required"),
        (
            {"one_rep_max": {"back-squat": 1e308}},
            "one_rep_max.back-squat: must be at most 2000 (beyond any runner's lift)",
        ),
    ],
)
def test_a_bad_profile_exits_2_naming_the_field(tmp_path, changes, line):
    code, out, err = run("--profile", write(tmp_path, profile_data(**changes)))
    assert (code, out) == (2, "")
    assert err.splitlines() == [line]


def test_a_run_that_is_not_a_run_type_is_named(tmp_path):
    data = profile_data()
    data["running_week"]["tue"] = {"run": "sprint", "time": "am"}
    code, _, err = run("--profile", write(tmp_path, data))
    assert code == 2
    assert err.splitlines() == ["running_week.tue.run: must be one of rest, easy, quality, long"]


def test_every_problem_gets_its_own_line(tmp_path):
    data = profile_data(body_mass_kg=-3, race_date="2026-12-01")
    del data["athlete"]["name"]
    code, _, err = run("--profile", write(tmp_path, data))
    assert code == 2
    assert err.splitlines() == [
        "athlete.name: must be a non-empty text",
        "athlete.body_mass_kg: must be a number above 0",
        "race_date: must be after start_date",
    ]
    assert "Traceback" not in err


def test_unreadable_and_malformed_files_are_reported(tmp_path):
    code, _, err = run("--profile", str(tmp_path / "missing.json"))
    assert code == 2
    assert err.startswith("profile: cannot read")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, _, err = run("--profile", str(broken))
    assert code == 2
    assert err.startswith("profile: not valid JSON")


def test_save_needs_an_athlete():
    code, out, err = run("--profile", str(PROFILES / "no_race.json"), "--save")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["--save needs --athlete ID"]


def test_save_stores_the_plan_of_an_assigned_athlete(athlete):
    from programs.services import default_program
    from schedules.forms import next_monday
    from schedules.models import Assignment, Plan

    Assignment.objects.create(athlete=athlete, template=default_program(), start_date=next_monday())
    code, out, err = run(
        "--profile", str(PROFILES / "no_race.json"), "--save", "--athlete", str(athlete.pk)
    )
    assert code == 0
    assert err.strip() == (
        f"Saved the plan for athlete {athlete.pk}, re-planned from their own record."
    )
    assert Plan.objects.get(athlete=athlete).sessions.exists()


def test_save_for_an_athlete_without_programme_fails_cleanly(athlete):
    code, out, err = run(
        "--profile", str(PROFILES / "no_race.json"), "--save", "--athlete", str(athlete.pk)
    )
    assert (code, out) == (2, "")  # refused before any plan is printed
    assert err.splitlines() == [
        f"--athlete: {athlete.name} has no programme assigned; assign one first"
    ]


def test_a_database_it_cannot_read_is_named_in_one_line(tmp_path, monkeypatch):
    from django.db import OperationalError

    from programs.management.commands import plan

    def no_tables():
        raise OperationalError("no such table: exercises_exercise")

    monkeypatch.setattr(plan, "engine_catalogue", no_tables)
    code, out, err = run("--profile", str(PROFILES / "novice_marathon.json"))
    assert (code, out) == (2, "")
    assert err.strip() == (
        "database: cannot read the exercise catalogue (no such table: exercises_exercise); "
        "check DATABASE_URL and run `manage.py migrate`"
    )


def test_an_athlete_without_save_is_refused_not_ignored(athlete):
    code, out, err = run("--profile", str(PROFILES / "no_race.json"), "--athlete", "7")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["--athlete goes with --save (nothing is stored without it)"]


def test_save_for_an_athlete_who_is_not_there_prints_nothing():
    code, out, err = run("--profile", str(PROFILES / "no_race.json"), "--save", "--athlete", "999")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["--athlete: there is no athlete with id 999"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["one_rep_max"].update({"back-squat": 10**400}), "one_rep_max.back-squat: "),
        (lambda d: d["athlete"].update(body_mass_kg=10**400), "athlete.body_mass_kg: "),
        (
            lambda d: d.update(start_date="9999-12-01", race_date=None),
            "start_date: must be on or before ",
        ),
        (lambda d: d.update(start_date="20270104"), "start_date: must be a date written"),
        (lambda d: d.update(race_date="2027-W17-7"), "race_date: must be a date written"),
    ],
    ids=["huge 1RM", "huge body mass", "start at the end of the calendar", "basic", "week date"],
)
def test_numbers_and_dates_out_of_range_are_one_line_each(tmp_path, change, expected):
    data = profile_data()
    change(data)
    code, out, err = run("--profile", write(tmp_path, data))
    assert (code, out) == (2, "")
    assert [line for line in err.splitlines() if line.startswith(expected)], err


def test_a_profile_nested_too_deeply_is_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run("--profile", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == ["profile: not a usable JSON profile (nested too deeply)"]


def test_a_number_too_long_to_read_is_one_line(tmp_path):
    path = tmp_path / "long.json"
    path.write_text('{"units": ' + "9" * 5000 + "}")
    code, out, err = run("--profile", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == ["profile: not a usable JSON profile (a number too long to read)"]
