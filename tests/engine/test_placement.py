"""Week placement: the best legal layout of a crowded week, the least-bad one of an
impossible week, and same-day timing."""

from collections import Counter

from programs.engine import check_plan
from tests.engine.support import make_plan, make_profile, rules

CROWDED = {
    "mon": {"run": "quality", "time": "am"},
    "tue": {"run": "easy", "time": "am"},
    "wed": {"run": "quality", "time": "am"},
    "thu": {"run": "easy", "time": "am"},
    "fri": {"run": "quality", "time": "am"},
    "sat": {"run": "long", "time": "am"},
    "sun": {"run": "rest"},
}
IMPOSSIBLE = {
    "mon": {"run": "quality", "time": "am"},
    "tue": {"run": "long", "time": "am"},
    "wed": {"run": "quality", "time": "am"},
    "thu": {"run": "long", "time": "am"},
    "fri": {"run": "quality", "time": "am"},
    "sat": {"run": "long", "time": "am"},
    "sun": {"run": "quality", "time": "am"},
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekdays(plan, kind, phase):
    return Counter(
        DAYS[s.date.weekday()] for s in plan.sessions if s.kind == kind and s.phase == phase
    )


def test_a_crowded_week_gets_the_one_legal_layout():
    plan = make_plan(make_profile(running_week=CROWDED, event="5k", race_date="2027-03-14"))
    assert plan.warnings == ()
    assert set(weekdays(plan, "lifting", "build")) == {"mon", "wed"}
    assert set(weekdays(plan, "conditioning", "build")) == {"sun"}
    assert all(s.time == "pm" for s in plan.sessions)
    # Hill sprints would land before a quality session every time: they are left out.
    assert not any(s.kind == "hill_sprint" for s in plan.sessions)


def test_an_impossible_week_gets_the_least_bad_layout_and_says_so():
    profile = make_profile(running_week=IMPOSSIBLE)
    plan = make_plan(profile)
    assert plan.warnings
    assert rules(plan.warnings) == {"W1"}
    # Lifting after a morning quality session beats lifting on a long-run day (W8).
    assert set(weekdays(plan, "lifting", "build")) <= {"mon", "wed", "fri", "sun"}
    assert check_plan(plan, profile) == list(plan.warnings)


def test_same_day_lifting_comes_after_the_morning_run():
    plan = make_plan(make_profile())
    for s in plan.sessions:
        run = make_profile().run_on(s.date)
        if s.kind == "lifting" and run.run != "rest":
            assert (run.time, s.time) == ("am", "pm")


def test_hill_sprints_join_an_easy_run():
    profile = make_profile()
    plan = make_plan(profile)
    hills = [s for s in plan.sessions if s.kind == "hill_sprint"]
    assert hills
    for s in hills:
        assert profile.run_on(s.date).run == "easy"
        assert s.time == profile.run_on(s.date).time


def test_a_race_in_the_middle_of_the_week_clears_the_three_days_before_it():
    profile = make_profile(race_date="2027-04-21")  # a Wednesday
    plan = make_plan(profile)
    assert max(s.date for s in plan.sessions).isoformat() <= "2027-04-17"
