from datetime import date, timedelta

import pytest

from programs.engine import default_template
from programs.engine.phases import lay_out, phase_lengths
from tests.engine.support import make_plan, make_profile

START = date(2027, 1, 4)  # a Monday


def race_in_week(weeks: int) -> str:
    """A Sunday race in the given plan week."""
    return (START + timedelta(days=7 * (weeks - 1) + 6)).isoformat()


def lengths(race_week: int | None, **changes) -> list[tuple[str, int]]:
    race = race_in_week(race_week) if race_week else None
    return phase_lengths(make_profile(race_date=race, **changes), default_template())


@pytest.mark.parametrize(
    ("weeks", "event", "expected"),
    [
        (1, "marathon", [("taper", 1)]),
        (2, "marathon", [("taper", 2)]),
        (2, "5k", [("sharpen", 1), ("taper", 1)]),
        (5, "marathon", [("build", 1), ("sharpen", 2), ("taper", 2)]),
        (5, "5k", [("build", 1), ("sharpen", 3), ("taper", 1)]),
        (10, "5k", [("base", 2), ("build", 4), ("sharpen", 3), ("taper", 1)]),
        (13, "marathon", [("base", 5), ("build", 4), ("sharpen", 2), ("taper", 2)]),
        (14, "marathon", [("base", 6), ("build", 4), ("sharpen", 2), ("taper", 2)]),
        (
            16,
            "marathon",
            [("off_season", 4), ("base", 4), ("build", 4), ("sharpen", 2), ("taper", 2)],
        ),
        (
            40,
            "marathon",
            [
                ("off_season", 10),
                ("off_season", 9),
                ("off_season", 9),
                ("base", 4),
                ("build", 4),
                ("sharpen", 2),
                ("taper", 2),
            ],
        ),
    ],
)
def test_phases_count_back_from_the_race(weeks, event, expected):
    assert lengths(weeks, event=event) == expected


@pytest.mark.parametrize(
    ("weekday", "event", "taper"),
    [(0, "5k", 2), (1, "5k", 2), (3, "5k", 2), (4, "5k", 1), (6, "5k", 1), (1, "marathon", 3)],
)
def test_a_race_early_in_its_week_takes_the_week_before_into_the_taper(weekday, event, taper):
    """Monday to Thursday leave no lifting day before the 72 h clear of the race (W4)."""
    race = START + timedelta(days=7 * 9 + weekday)  # in plan week 10
    profile = make_profile(race_date=race.isoformat(), event=event)
    phases = phase_lengths(profile, default_template())
    assert phases[-1] == ("taper", taper)
    assert sum(weeks for _, weeks in phases) == 10


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("weeks", [6, 8])
def test_a_longer_taper_leaves_a_novices_introduction_whole_where_there_is_room(weeks, weekday):
    race = START + timedelta(days=7 * (weeks - 1) + weekday)
    profile = make_profile(race_date=race.isoformat(), experience="novice", event="marathon")
    phases = dict(phase_lengths(profile, default_template()))
    sunday = dict(
        phase_lengths(
            make_profile(race_date=race_in_week(weeks), experience="novice", event="marathon"),
            default_template(),
        )
    )
    assert phases.get("intro") == sunday.get("intro")  # as for a Sunday race that week


@pytest.mark.parametrize("weekday", range(4))  # Monday to Thursday: early in the week
@pytest.mark.parametrize("weeks", [2, 3, 4, 5])
@pytest.mark.parametrize("event", ["5k", "marathon"])
def test_a_novice_in_a_short_plan_tapers_the_last_week_before_the_race(weeks, weekday, event):
    """P6 over P1: a plan too short for both gives the week before an early race to the
    taper, not to a full introduction whose last sessions would come days before it."""
    race = START + timedelta(days=7 * (weeks - 1) + weekday)
    plan = make_plan(make_profile(race_date=race.isoformat(), experience="novice", event=event))
    last_week = [s for s in plan.sessions if race - timedelta(days=7) <= s.date < race]
    assert all(s.phase == "taper" for s in last_week), [(s.date, s.phase) for s in last_week]
    assert all(e.sets <= 2 for s in last_week for e in s.exercises)


@pytest.mark.parametrize("weekday", range(7))
def test_no_full_volume_lifting_in_the_last_week_before_the_race(weekday):
    """P6: the final 1-2 weeks are for freshness, whatever day of the week the race is."""
    race = START + timedelta(days=7 * 7 + weekday)
    plan = make_plan(make_profile(race_date=race.isoformat(), event="5k"))
    last_week = [s for s in plan.sessions if race - timedelta(days=7) <= s.date < race]
    assert all(s.phase == "taper" for s in last_week), [(s.date, s.phase) for s in last_week]
    assert all(e.sets <= 2 for s in last_week for e in s.exercises)


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        (1, [("taper", 1)]),
        (4, [("intro", 2), ("taper", 2)]),
        (16, [("intro", 3), ("base", 5), ("build", 4), ("sharpen", 2), ("taper", 2)]),
    ],
)
def test_novices_start_with_an_introduction(weeks, expected):
    assert lengths(weeks, experience="novice") == expected


def test_without_a_race_the_plan_is_a_12_week_off_season():
    assert lengths(None) == [("off_season", 12)]


def test_without_a_race_weeks_sets_the_length_in_blocks_of_at_most_12():
    assert lengths(None, weeks=30) == [("off_season", 10)] * 3
    assert lengths(None, weeks=6, experience="novice") == [("intro", 3), ("off_season", 3)]


def test_phase_blocks_cover_the_plan_back_to_back_up_to_the_race():
    plan = make_plan(make_profile(race_date=race_in_week(16)))
    blocks = plan.phases
    assert blocks[0].start == START
    for before, after in zip(blocks, blocks[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert blocks[-1].end == date(2027, 4, 25)


def test_every_fourth_week_of_a_loading_phase_is_a_deload():
    _, weeks = lay_out(make_profile(race_date=race_in_week(40)), default_template())
    deloads = [w.number for w in weeks if w.deload]
    # Off-season blocks of 10, 9 and 9 weeks, then base and build of 4 each: the off-season
    # counts its 28 weeks whichever block they fall in (L7). Counted block by block, weeks
    # 9-13 and 19-22 loaded five and four weeks straight.
    assert deloads == [4, 8, 12, 16, 20, 24, 28, 32, 36]
