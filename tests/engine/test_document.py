import json

import pytest

from programs.engine import FORMAT, check_plan, document_to_plan, plan_to_document
from tests.engine.support import CATALOGUE, make_plan, make_profile

PROFILE = make_profile()
PLAN = make_plan(PROFILE)
DOC = plan_to_document(PLAN)


def test_the_document_has_the_published_keys_in_order():
    assert list(DOC) == [
        "format",
        "athlete",
        "start_date",
        "race_date",
        "units",
        "phases",
        "sessions",
        "warnings",
    ]
    assert DOC["format"] == FORMAT == "runstrength.plan/1"
    assert DOC["athlete"] == {
        "name": "Test Runner",
        "experience": "intermediate",
        "event": "marathon",
    }
    assert (DOC["start_date"], DOC["race_date"], DOC["units"]) == ("2027-01-04", "2027-04-25", "kg")
    assert list(DOC["phases"][0]) == ["phase", "start", "end", "sessions_per_week"]
    assert list(DOC["sessions"][0]) == [
        "date",
        "time",
        "week",
        "phase",
        "kind",
        "label",
        "exercises",
    ]
    assert list(DOC["sessions"][0]["exercises"][0]) == [
        "exercise",
        "category",
        "unilateral",
        "sets",
        "reps",
        "seconds",
        "metres",
        "percent_1rm",
        "load",
        "unit",
        "rir",
        "rest_s",
    ]


def test_sessions_are_sorted_by_date_then_time():
    keys = [(s["date"], s["time"] == "pm") for s in DOC["sessions"]]
    assert keys == sorted(keys)


def test_only_deload_week_sessions_carry_the_deload_flag():
    flagged = {s["week"] for s in DOC["sessions"] if "deload" in s}
    assert flagged == {4, 8, 12}
    assert all(s["deload"] is True for s in DOC["sessions"] if "deload" in s)


def test_a_lift_from_a_1rm_shows_percent_and_load_in_the_athletes_unit():
    squat = DOC["sessions"][1]["exercises"][0]
    assert squat == {
        "exercise": "back-squat",
        "category": "max_strength",
        "unilateral": False,
        "sets": 4,
        "reps": 6,
        "seconds": None,
        "metres": None,
        "percent_1rm": 80,
        "load": 80,
        "unit": "kg",
        "rir": 2,
        "rest_s": 180,
    }


def test_the_document_is_plain_json():
    assert json.loads(json.dumps(DOC)) == DOC


def test_a_plan_survives_the_round_trip_through_its_document():
    rebuilt = document_to_plan(json.loads(json.dumps(DOC)), CATALOGUE)
    assert rebuilt == PLAN
    assert plan_to_document(rebuilt) == DOC
    assert check_plan(rebuilt, PROFILE) == list(PLAN.warnings)


def test_another_format_is_refused():
    with pytest.raises(ValueError, match="runstrength.plan/1"):
        document_to_plan({**DOC, "format": "other/2"})
