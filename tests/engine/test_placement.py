"""Week placement: the best legal layout of a crowded week, the least-bad one of an
impossible week, and same-day timing."""

from collections import Counter
from datetime import timedelta

from programs.engine import KeptSession, build_plan, check_plan, default_template
from programs.engine.rules import Facts, hours_between, pair_rules, session_facts
from tests.engine.support import CATALOGUE, make_plan, make_profile, rules

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


def kept_from(session, **changes):
    values = {"date": session.date, "time": session.time, "kind": session.kind}
    values.update(changes)
    return KeptSession(**values)


def week_of(plan, number):
    return [s for s in plan.sessions if s.week == number]


def test_a_plan_made_again_with_what_it_keeps_is_the_same_plan():
    profile = make_profile()
    plan = make_plan(profile)
    kept = [kept_from(s, label=s.label) for s in week_of(plan, 1) + week_of(plan, 2)]
    again = build_plan(profile, default_template(), CATALOGUE, kept, plan.sessions[4].date)
    assert again == plan


def test_a_plan_made_again_places_the_week_under_way_on_the_days_left():
    """Planned again on the Wednesday of week 2, its Monday session kept: the week's other
    sessions go on Wednesday to Sunday, none on a day gone by nor on the kept one's day."""
    profile = make_profile()
    plan = make_plan(profile)
    monday = profile.start_date + timedelta(weeks=1)
    wednesday = monday + timedelta(days=2)
    week = week_of(plan, 2)
    assert {s.date for s in week} & {monday, monday + timedelta(days=1)}  # some gone by
    first = week[0]
    on_monday = kept_from(first, date=monday, label=first.label)
    again = build_plan(profile, default_template(), CATALOGUE, [on_monday], wednesday)
    new_week = week_of(again, 2)
    assert sorted(s.label for s in new_week) == sorted(s.label for s in week)
    assert [s.date for s in new_week if s.label == first.label] == [monday]
    assert all(s.date >= wednesday for s in new_week if s.label != first.label), new_week
    # The weeks before the one under way are planned as they were.
    assert week_of(again, 1) == week_of(plan, 1)


def clashes(sessions, kept: KeptSession) -> list[str]:
    """Rules broken between a kept session and the given ones (W5-W7, or the same day)."""
    broken = []
    mine = Facts(kept.kind, kept.heavy, kept.plyometric)
    for s in sessions:
        apart = (s.date - kept.date).days
        facts = session_facts(s.kind, s.exercises)
        if apart == 0:
            broken.append("same day")
        elif 0 < apart <= 2:
            hours = hours_between(apart, kept.time, s.time)
            broken += [rule for rule, _ in pair_rules(mine, facts, apart, hours)]
        elif 0 < -apart <= 2:
            hours = hours_between(-apart, s.time, kept.time)
            broken += [rule for rule, _ in pair_rules(facts, mine, -apart, hours)]
    return broken


def test_a_kept_session_of_another_label_stands_for_one_of_its_kind():
    """A heavy session kept from an earlier programme on the Monday of week 3, the day of
    the week's conditioning: it stands for one of the week's lifting sessions, the
    conditioning goes to another day, and no session breaks a rule beside the kept one (a
    plan made without knowing of it put two more lifts and conditioning around it)."""
    profile = make_profile()
    plan = make_plan(profile)
    monday = profile.start_date + timedelta(weeks=2)
    heavy = KeptSession(date=monday, time="pm", kind="lifting", heavy=True, label="X")
    assert clashes(week_of(plan, 3), heavy)
    again = build_plan(profile, default_template(), CATALOGUE, [heavy])
    week = week_of(again, 3)
    assert [s.kind for s in week if s.date == monday] == ["lifting"]  # the kept one's place
    assert clashes([s for s in week if s.date != monday], heavy) == []
    assert sorted(s.label for s in week) == sorted(s.label for s in week_of(plan, 3))


def test_a_kept_session_of_a_kind_the_week_lacks_only_holds_its_day():
    profile = make_profile()
    plan = make_plan(profile)
    monday = profile.start_date + timedelta(weeks=2)
    jumps = KeptSession(date=monday, time="pm", kind="plyometric", plyometric=True)
    assert "plyometric" not in {s.kind for s in week_of(plan, 3)}
    again = build_plan(profile, default_template(), CATALOGUE, [jumps])
    week = week_of(again, 3)
    assert monday not in {s.date for s in week}
    assert sorted(s.label for s in week) == sorted(s.label for s in week_of(plan, 3))
