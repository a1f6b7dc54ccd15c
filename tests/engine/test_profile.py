from datetime import date

import pytest

from programs.engine import ProfileError, RunDay, parse_profile, profile_to_dict
from tests.engine.support import SLUGS, profile_data


def problems(data, known=SLUGS) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data, known)
    return caught.value.problems


def test_a_good_profile_parses_into_a_profile():
    profile = parse_profile(profile_data(), SLUGS)
    assert profile.name == "Test Runner"
    assert profile.body_mass_kg == 60.0
    assert profile.one_rep_max == {"back-squat": 100.0, "romanian-deadlift": 110.0}
    assert profile.running_week["tue"] == RunDay("quality", "am")
    assert profile.running_week["fri"] == RunDay("rest")
    assert profile.start_date == date(2027, 1, 4)
    assert profile.race_date == date(2027, 4, 25)
    assert profile.plan_weeks == 16


def test_a_missing_day_is_a_rest_day():
    week = dict(profile_data()["running_week"])
    del week["wed"]
    profile = parse_profile(profile_data(running_week=week), SLUGS)
    assert profile.running_week["wed"] == RunDay("rest")


def test_profile_round_trips_through_its_document():
    profile = parse_profile(profile_data(), SLUGS)
    assert parse_profile(profile_to_dict(profile), SLUGS) == profile


def test_every_problem_is_reported_with_its_field():
    data = profile_data(body_mass_kg=-3, race_date="2026-12-01")
    data["running_week"]["tue"] = {"run": "sprint", "time": "am"}
    data["one_rep_max"]["banana-press"] = 50
    del data["athlete"]["event"]
    assert problems(data) == [
        "athlete.body_mass_kg: must be a number above 0",
        "athlete.event: is required",
        "one_rep_max.banana-press: unknown exercise",
        "running_week.tue.run: must be one of rest, easy, quality, long",
        "race_date: must be after start_date",
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"units": "stone"}, "units: must be one of kg, lb"),
        ({"start_date": "4 Jan 2027"}, "start_date: must be a date written YYYY-MM-DD"),
        (
            {"experience": "elite"},
            "athlete.experience: must be one of novice, intermediate, advanced",
        ),
        ({"body_mass_kg": "sixty"}, "athlete.body_mass_kg: must be a number above 0"),
        ({"body_mass_kg": True}, "athlete.body_mass_kg: must be a number above 0"),
        ({"race_date": None, "weeks": 0}, "weeks: must be a whole number from 1 to 104"),
        ({"race_date": "2029-06-01"}, "race_date: must be within 104 weeks of start_date"),
        ({"one_rep_max": {"back-squat": 0}}, "one_rep_max.back-squat: must be a number above 0"),
        (
            {"one_rep_max": {"back-squat": 1e308}},
            "one_rep_max.back-squat: must be at most 2000 (beyond any runner's lift)",
        ),
    ],
)
def test_a_bad_field_is_named(changes, problem):
    assert problems(profile_data(**changes)) == [problem]


def test_a_run_needs_a_time_of_day():
    data = profile_data()
    data["running_week"]["mon"] = {"run": "easy"}
    assert problems(data) == ["running_week.mon.time: is required for a run; use am or pm"]


def test_unknown_day_is_reported():
    data = profile_data()
    data["running_week"]["funday"] = {"run": "easy", "time": "am"}
    assert problems(data) == [
        "running_week.funday: unknown day; use mon, tue, wed, thu, fri, sat, sun"
    ]


def test_slugs_are_only_checked_against_a_catalogue_when_one_is_given():
    data = profile_data(one_rep_max={"banana-press": 50})
    assert parse_profile(data).one_rep_max == {"banana-press": 50.0}


def test_a_profile_that_is_not_an_object_is_refused():
    assert problems([1, 2]) == ["profile: must be a JSON object"]


def test_missing_sections_are_required():
    assert problems({}) == [
        "athlete: is required",
        "units: is required",
        "running_week: is required",
        "start_date: is required",
    ]
