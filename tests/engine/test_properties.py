"""Properties of every plan, over random valid profiles: nothing broken without saying so,
loads on the plate step, slow progression, the taper last, the same plan every time."""

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from programs.engine import (
    check_plan,
    document_to_plan,
    parse_profile,
    plan_to_document,
    plate_step,
)
from programs.engine.duration import session_minutes
from programs.engine.loads import on_plate_step
from programs.engine.phases import LOADING_PHASES
from programs.engine.profile import DAYS, EVENTS, EXPERIENCES
from tests.engine.support import CATALOGUE, SLUGS, make_plan

# Rules the builder can always keep, whatever the running week.
ALWAYS_KEPT = {
    "P1",
    "P2",
    "P3",
    "P4",
    "P6",
    "P8",
    "S1",
    "S2",
    "S3",
    "S5",
    "L1",
    "L3",
    "L4",
    "L5",
    "L6",
    "L7",
    "W4",
}
LIFTS = (
    "back-squat",
    "romanian-deadlift",
    "calf-raise",
    "power-clean",
    "push-press",
    "bulgarian-split-squat",
    "step-up",
)

run_day = st.one_of(
    st.just({"run": "rest"}),
    st.builds(
        lambda run, time: {"run": run, "time": time},
        st.sampled_from(("easy", "quality", "long")),
        st.sampled_from(("am", "pm")),
    ),
)


@st.composite
def profiles(draw):
    start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    race = None
    weeks = None
    if draw(st.booleans()):
        race = start + timedelta(days=draw(st.integers(1, 40 * 7 - 1)))
    elif draw(st.booleans()):
        weeks = draw(st.integers(1, 30))
    units = draw(st.sampled_from(("kg", "lb")))
    top = 250 if units == "lb" else 120
    maxes = draw(st.dictionaries(st.sampled_from(LIFTS), st.integers(20, top), max_size=5))
    data = {
        "athlete": {
            "name": "Random Runner",
            "sex": draw(st.sampled_from(("female", "male", "other"))),
            "body_mass_kg": draw(st.floats(40, 110)),
            "experience": draw(st.sampled_from(EXPERIENCES)),
            "event": draw(st.sampled_from(EVENTS)),
        },
        "units": units,
        "one_rep_max": maxes,
        "running_week": {day: draw(run_day) for day in DAYS},
        "start_date": start.isoformat(),
        "race_date": race.isoformat() if race else None,
    }
    if weeks is not None:
        data["weeks"] = weeks
    return parse_profile(data, SLUGS)


EXAMPLES = settings(max_examples=150, deadline=None)


@EXAMPLES
@given(profiles())
def test_every_broken_rule_is_declared(profile):
    plan = make_plan(profile)
    assert set(check_plan(plan, profile)) == set(plan.warnings)
    rebuilt = document_to_plan(plan_to_document(plan), CATALOGUE)
    assert set(check_plan(rebuilt, profile)) == set(plan.warnings)
    assert not {w.rule for w in plan.warnings} & ALWAYS_KEPT


@EXAMPLES
@given(profiles())
def test_loads_sit_on_the_plate_step(profile):
    plan = make_plan(profile)
    for s in plan.sessions:
        for e in s.exercises:
            assert e.unit == profile.units
            if e.load is not None:
                assert e.load > 0
                assert on_plate_step(e.load, profile.units)


@EXAMPLES
@given(profiles())
def test_loads_rise_at_most_one_step_a_week_and_only_in_loading_phases(profile):
    plan = make_plan(profile)
    step = plate_step(profile.units)
    for block in plan.phases:
        heaviest: dict[str, dict[int, float]] = defaultdict(dict)
        for s in plan.sessions:
            if block.start <= s.date <= block.end:
                for e in s.exercises:
                    if e.load is not None:
                        week = heaviest[e.exercise]
                        week[s.week] = max(e.load, week.get(s.week, 0))
        for by_week in heaviest.values():
            history = sorted(by_week.items())
            for (week, load), (later, new) in zip(history, history[1:], strict=False):
                if block.phase in LOADING_PHASES:
                    assert new - load <= step * (later - week) + 1e-9
                else:
                    assert new <= load


@EXAMPLES
@given(profiles())
def test_phases_cover_the_plan_and_the_taper_comes_last(profile):
    plan = make_plan(profile)
    assert plan.phases[0].start == profile.start_date
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    if profile.race_date is None:
        assert plan.phases[-1].end == profile.start_date + timedelta(
            days=7 * profile.plan_weeks - 1
        )
        assert "taper" not in {b.phase for b in plan.phases}
    else:
        assert plan.phases[-1].phase == "taper"
        assert plan.phases[-1].end == profile.race_date
        assert all((profile.race_date - s.date).days >= 4 for s in plan.sessions)
    assert all(plan.phases[0].start <= s.date <= plan.phases[-1].end for s in plan.sessions)


@EXAMPLES
@given(profiles())
def test_the_same_profile_always_gives_the_same_plan(profile):
    assert plan_to_document(make_plan(profile)) == plan_to_document(make_plan(profile))


@EXAMPLES
@given(profiles())
def test_every_lifting_session_fits_in_45_minutes_with_its_warm_up(profile):
    plan = make_plan(profile)
    for s in plan.sessions:
        if s.kind == "lifting":
            assert 3 <= len(s.exercises) <= 5
            assert session_minutes(s.exercises) <= 45, (s.date, s.label, s.exercises)
