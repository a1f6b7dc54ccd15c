"""L7: a deload every 4th week of a loading phase, counted over the phase's weeks whichever
block they belong to (a long off-season is laid out in blocks); the planner keeps it for
every profile and the checker says when a plan does not."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from programs.engine import PhaseBlock, check_plan, default_template
from programs.engine.phases import lay_out
from programs.engine.profile import EVENTS, EXPERIENCES
from tests.engine.support import d, make_plan, make_profile, rules, session, small_plan

START = date(2027, 1, 4)  # a Monday
PROFILE = make_profile(race_date=None)


def longest_loading_run(weeks) -> int:
    """The most loading weeks of one phase in a row without a deload."""
    longest = run = 0
    previous = None
    for week in weeks:
        run = run + 1 if week.loading and week.phase == previous else int(week.loading)
        previous = week.phase
        longest = max(longest, run)
    return longest


def race_profiles(experience: str, event: str):
    # Race on a Sunday or early in its week (a longer taper), 4 to 60 weeks out.
    for weeks in range(4, 61):
        for weekday in (1, 6):
            race = START + timedelta(days=7 * (weeks - 1) + weekday)
            yield make_profile(race_date=race.isoformat(), experience=experience, event=event)
    for weeks in range(1, 61):
        yield make_profile(race_date=None, weeks=weeks, experience=experience, event=event)


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("experience", EXPERIENCES)
def test_the_planner_never_loads_four_weeks_of_a_phase_in_a_row(experience, event):
    for profile in race_profiles(experience, event):
        _, weeks = lay_out(profile, default_template())
        where = (profile.race_date, profile.plan_weeks)
        assert longest_loading_run(weeks) <= 3, where
        # A deload comes only after three loading weeks of its phase: never too early.
        run, previous = 0, None
        for week in weeks:
            if week.phase != previous:
                run, previous = 0, week.phase
            if week.deload:
                assert run == 3, (where, week.number)
            run = run + 1 if week.loading else 0


@pytest.mark.parametrize("event", ["1500m", "5k", "marathon"])
@pytest.mark.parametrize("experience", EXPERIENCES)
def test_the_planners_own_plans_never_warn_of_l7(experience, event):
    for profile in race_profiles(experience, event):
        plan = make_plan(profile)
        assert "L7" not in rules(plan.warnings), (profile.race_date, profile.plan_weeks)
        _, weeks = lay_out(profile, default_template())
        deloads = {w.number for w in weeks if w.deload}
        assert {s.week for s in plan.sessions if s.deload} <= deloads


def test_a_long_off_season_in_two_blocks_deloads_every_4th_week_of_the_phase():
    """14 weeks with no race: two blocks of 7. Deloads in the phase's 4th, 8th and 12th
    weeks (each block's 4th, weeks 4 and 11, left weeks 5-10 loading six in a row)."""
    profile = make_profile(race_date=None, weeks=14)
    blocks, weeks = lay_out(profile, default_template())
    assert [(b.phase, (b.end - b.start).days // 7 + 1) for b in blocks] == [
        ("off_season", 7),
        ("off_season", 7),
    ]
    assert [w.number for w in weeks if w.deload] == [4, 8, 12]
    assert "L7" not in rules(make_plan(profile).warnings)


def weekly(phase_weeks: list[tuple[str, int]], deload_weeks=()):
    """A plan of one lifting session a week over back-to-back phase blocks."""
    blocks, sessions, week = [], [], 1
    for phase, length in phase_weeks:
        first = START + timedelta(days=7 * (week - 1))
        blocks.append(PhaseBlock(phase, first, first + timedelta(days=7 * length - 1), 2))
        for n in range(week, week + length):
            day = (START + timedelta(days=7 * (n - 1) + 2)).isoformat()
            sessions.append(session(day, phase=phase, deload=n in deload_weeks))
        week += length
    plan = small_plan(PROFILE, *sessions)
    return replace(plan, phases=tuple(blocks))


def l7(plan) -> list[date]:
    return [w.date for w in check_plan(plan, PROFILE) if w.rule == "L7"]


def test_a_run_across_two_blocks_of_a_long_off_season_is_caught():
    # Three loading weeks in each block: six in a row.
    assert l7(weekly([("off_season", 3), ("off_season", 3)])) == [d("2027-01-27")]


def test_each_phase_counts_its_own_weeks():
    # Three weeks of introduction, then a fresh base: the base counts from its first week.
    assert l7(weekly([("intro", 3), ("base", 3)])) == []
    # Five weeks of base say so once, in its 4th week; the build after it counts anew.
    assert l7(weekly([("base", 5), ("build", 3)])) == [d("2027-01-27")]


@pytest.mark.parametrize(
    ("phases", "deloads"),
    [
        ([("intro", 3), ("base", 4)], {7}),  # the base deloads in its own 4th week
        ([("off_season", 3), ("off_season", 3)], {3}),  # a deload closing the first block
        ([("build", 3), ("sharpen", 1), ("build", 3)], set()),  # sharpening loads less
        ([("off_season", 3), ("taper", 1), ("base", 3)], set()),
        ([("base", 3), ("maintenance", 2), ("base", 3)], set()),
    ],
)
def test_a_deload_or_another_phase_starts_the_count_again(phases, deloads):
    assert l7(weekly(phases, deloads)) == []


def test_a_week_without_strength_work_starts_the_count_again():
    plan = weekly([("off_season", 7)])
    rest = replace(plan, sessions=tuple(s for s in plan.sessions if s.week != 4))
    assert l7(rest) == []
    assert l7(plan) == [d("2027-01-27")]
