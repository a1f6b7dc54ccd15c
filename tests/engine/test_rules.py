"""One test per rule of DOMAIN.md: a plan that breaks the rule is caught by check_plan, and
the plan builder keeps the rule when the athlete's week allows it."""

from dataclasses import replace

import pytest

from programs.engine import (
    RULES,
    PhaseBlock,
    RuleWarning,
    WarmupSet,
    check_plan,
    default_template,
    epley_1rm,
    soreness_alert,
    template_from_dict,
    template_to_dict,
    warmup_sets,
    without_painful,
)
from programs.engine.loads import conditioning_ladder, conditioning_rung
from tests.engine.support import (
    BOX_JUMP,
    CONDITIONING,
    HEAVY,
    ROOMY_WEEK,
    d,
    first,
    lift,
    make_plan,
    make_profile,
    rules,
    session,
    small_plan,
    with_exercise,
    with_session,
)

PROFILE = make_profile()
PLAN = make_plan(PROFILE)
NOVICE = make_profile(experience="novice")
NOVICE_PLAN = make_plan(NOVICE)
FIVE_K = make_profile(event="5k", experience="advanced", race_date="2027-03-14")
FIVE_K_PLAN = make_plan(FIVE_K)


def warned(plan, profile=PROFILE) -> set[str]:
    return rules(check_plan(plan, profile))


def club_template(phase: str, **changes):
    data = template_to_dict(default_template())
    for spec in data["phases"]:
        if spec["phase"] == phase:
            spec.update(changes)
    return template_from_dict(data)


def week_profile(**days):
    return make_profile(running_week={**ROOMY_WEEK, **days})


def test_every_rule_has_a_title():
    ids = [f"P{i}" for i in range(1, 11)] + [f"S{i}" for i in range(1, 9)]
    ids += [f"W{i}" for i in range(1, 10)] + [f"L{i}" for i in range(1, 10)]
    assert sorted(RULES) == sorted(ids)


def test_generated_plans_for_roomy_weeks_break_no_rule():
    assert PLAN.warnings == ()
    assert NOVICE_PLAN.warnings == ()
    assert FIVE_K_PLAN.warnings == ()


# -- phases ------------------------------------------------------------------------------


def test_p1_new_lifters_start_with_a_light_introduction():
    assert NOVICE_PLAN.phases[0].phase == "intro"
    intro = [e for s in NOVICE_PLAN.sessions if s.phase == "intro" for e in s.exercises]
    assert all(e.percent_1rm <= 65 for e in intro if e.percent_1rm is not None)
    assert RuleWarning(
        "P1", d("2027-01-04"), "A new lifter starts without an introduction phase"
    ) in (check_plan(PLAN, NOVICE))
    heavy = with_exercise(
        NOVICE_PLAN, first(NOVICE_PLAN, phase="intro", kind="lifting"), "back-squat", percent_1rm=80
    )
    assert "P1" in warned(heavy, NOVICE)


def test_p2_off_season_stays_more_than_12_weeks_out():
    short = template_from_dict(
        {
            **template_to_dict(default_template()),
            "phases": [
                {**p, "weeks": 1}
                for p in template_to_dict(default_template())["phases"]
                if p["phase"] in ("base", "build", "sharpen", "taper")
            ],
        }
    )
    plan = make_plan(PROFILE, short)
    assert [b.phase for b in plan.phases][:1] == ["off_season"]
    assert "P2" in rules(plan.warnings)


def test_p3_base_work_does_not_run_into_the_last_four_weeks():
    index = first(PLAN, phase="sharpen")
    assert "P3" in warned(with_session(PLAN, index, phase="base"))


def test_base_work_kept_after_a_race_moved_before_it_is_said_to_be_after_the_race():
    """A session kept for a coach's loads when the race was moved earlier: its warning says
    where it is, not "4 weeks or less before the race"."""
    after = small_plan(PROFILE, session("2027-04-28"))
    assert RuleWarning("P3", d("2027-04-28"), "Base work after the race") in (
        check_plan(after, PROFILE)
    )
    before = small_plan(PROFILE, session("2027-04-14"))
    assert RuleWarning("P3", d("2027-04-14"), "Base work 4 weeks or less before the race") in (
        check_plan(before, PROFILE)
    )


def test_p4_build_work_does_not_run_into_the_last_two_weeks():
    index = first(PLAN, phase="taper")
    assert "P4" in warned(with_session(PLAN, index, phase="build"))


def test_p5_sharpen_holds_at_most_two_lifting_sessions_a_week():
    plan = make_plan(PROFILE, club_template("sharpen", sessions_per_week=3))
    assert "P5" in rules(plan.warnings)
    assert "P5" not in rules(PLAN.warnings)


def test_p6_the_plan_ends_in_a_taper_with_fewer_sets():
    assert PLAN.phases[-1].phase == "taper"
    assert all(e.sets <= 2 for s in PLAN.sessions if s.phase == "taper" for e in s.exercises)
    no_taper = replace(PLAN, phases=PLAN.phases[:-1], warnings=())
    assert RuleWarning("P6", d("2027-04-25"), "No taper before the race") in check_plan(
        no_taper, PROFILE
    )
    index = first(PLAN, phase="taper")
    assert "P6" in warned(with_exercise(PLAN, index, "back-squat", sets=4))


def test_p7_a_maintenance_week_keeps_one_lifting_session():
    profile = make_profile(race_date=None)
    plan = small_plan(
        profile,
        session("2027-01-06", phase="maintenance"),
        session("2027-01-13", "conditioning", phase="maintenance"),
        phase="maintenance",
    )
    found = check_plan(plan, profile)
    assert RuleWarning("P7", d("2027-01-11"), "A maintenance week without a lifting session") in (
        found
    )
    assert not any(w.rule == "P7" and w.date == d("2027-01-04") for w in found)


def test_p8_heavy_phases_lift_at_70_percent_or_more():
    heavy = [
        e
        for s in PLAN.sessions
        if s.phase in ("off_season", "build", "sharpen")
        for e in s.exercises
        if e.category == "max_strength" and e.percent_1rm is not None
    ]
    assert heavy and min(e.percent_1rm for e in heavy) >= 70
    index = first(PLAN, phase="build", kind="lifting")
    assert "P8" in warned(with_exercise(PLAN, index, "back-squat", percent_1rm=60))
    light = make_plan(PROFILE, club_template("build", percent_min=55, percent_max=65))
    assert "P8" not in rules(light.warnings)


def test_p9_power_and_plyometrics_near_the_race_and_for_short_events():
    by_week: dict[int, set[str]] = {}
    for s in FIVE_K_PLAN.sessions:
        by_week.setdefault(s.week, set()).update(e.category for e in s.exercises)
    for s in FIVE_K_PLAN.sessions:
        if s.phase in ("base", "build", "sharpen"):
            assert by_week[s.week] & {"power", "plyometric"}
    marathon_off_season = [e for s in PLAN.sessions if s.phase == "off_season" for e in s.exercises]
    assert not any(e.category in ("power", "plyometric") for e in marathon_off_season)
    week = FIVE_K_PLAN.sessions[first(FIVE_K_PLAN, phase="build")].week
    stripped = replace(
        FIVE_K_PLAN,
        sessions=tuple(
            replace(
                s,
                exercises=tuple(
                    e for e in s.exercises if e.category not in ("power", "plyometric")
                ),
            )
            if s.week == week
            else s
            for s in FIVE_K_PLAN.sessions
            if s.week != week or s.kind != "hill_sprint"
        ),
    )
    assert "P9" in warned(stripped, FIVE_K)


def test_p10_novices_add_one_kind_of_work_at_a_time():
    kinds = {w: {s.kind for s in NOVICE_PLAN.sessions if s.week == w} for w in (1, 2, 3)}
    assert kinds[1] == {"conditioning"}
    lifting = {
        w: sum(s.kind == "lifting" for s in NOVICE_PLAN.sessions if s.week == w) for w in (2, 3)
    }
    assert lifting == {2: 1, 3: 2}
    explosive_weeks = [
        s.week
        for s in NOVICE_PLAN.sessions
        if s.kind == "hill_sprint"
        or any(e.category in ("power", "plyometric") for e in s.exercises)
    ]
    assert min(explosive_weeks) >= 4
    index = first(NOVICE_PLAN, week=1)
    early = with_session(NOVICE_PLAN, index, kind="lifting", exercises=HEAVY)
    assert "P10" in warned(early, NOVICE)


# -- sessions ----------------------------------------------------------------------------


def test_s1_three_to_five_exercises_of_three_to_four_sets():
    for s in PLAN.sessions:
        if s.kind == "lifting":
            assert 3 <= len(s.exercises) <= 5
    index = first(PLAN, phase="base", kind="lifting", deload=False)
    crowded = PLAN.sessions[index].exercises + CONDITIONING + (lift("good-morning"),)
    assert "S1" in warned(with_session(PLAN, index, exercises=crowded))
    assert "S1" in warned(with_exercise(PLAN, index, "back-squat", sets=2))


def test_warnings_name_exercises_and_phases_as_coaches_read_them():
    index = first(PLAN, phase="base", kind="lifting", deload=False)
    calf = next(e for e in PLAN.sessions[index].exercises if e.exercise == "calf-raise")
    assert calf.name == "Heavy calf raise"  # the catalogue's name travels with the plan
    messages = [
        w.message for w in check_plan(with_exercise(PLAN, index, "calf-raise", sets=8), PROFILE)
    ]
    assert "Heavy calf raise: 8 sets; plan 3-4" in messages
    plan = make_plan(PROFILE, club_template("sharpen", sessions_per_week=3))
    assert any("lifting sessions in one sharpening week" in w.message for w in plan.warnings)


def test_s2_heavy_sets_get_enough_rest():
    index = first(PLAN, kind="lifting")
    assert all(
        e.rest_s >= 60 for s in PLAN.sessions for e in s.exercises if e.category == "max_strength"
    )
    assert "S2" in warned(with_exercise(PLAN, index, "back-squat", rest_s=30))


def test_s3_never_to_failure():
    index = first(PLAN, kind="lifting")
    assert all(e.rir != 0 for s in PLAN.sessions for e in s.exercises)
    assert "S3" in warned(with_exercise(PLAN, index, "back-squat", rir=0))


def test_s3_more_reps_than_the_load_allows_are_past_failure():
    """A weight a coach set for 4 x 5 kept under a lighter phase's 3 x 8 (89 % 1RM):
    Epley's relation (L2) gives about 4 reps there. The heavy phases' own 5 x 88 % is no
    such breach."""
    index = first(PLAN, kind="lifting")
    heavy = with_exercise(PLAN, index, "back-squat", reps=5, percent_1rm=88.0, rir=1)
    assert "S3" not in warned(heavy)
    kept = with_exercise(PLAN, index, "back-squat", reps=8, percent_1rm=89.3, rir=2)
    [message] = [w.message for w in check_plan(kept, PROFILE) if w.rule == "S3"]
    assert message == (
        "Back squat: 8 reps at 89.3 % 1RM is past failure (about 4 can be done); "
        "lighten the load or cut the reps"
    )


def test_s3_the_planner_asks_no_more_reps_than_an_advanced_lifters_heavier_build_allows():
    """A club's build at 85-90 % goes up 5 % for an advanced lifter: the phase's 6 reps at
    90 % would be past failure, so the planner asks fewer."""
    advanced = replace(PROFILE, experience="advanced")
    plan = make_plan(advanced, club_template("build", percent_min=85, percent_max=90))
    heavy = [
        (e.reps, e.percent_1rm)
        for s in plan.sessions
        if s.phase == "build"
        for e in s.exercises
        if e.category == "max_strength" and e.percent_1rm
    ]
    assert heavy and max(p for _, p in heavy) >= 90
    assert "S3" not in warned(plan, advanced)


def test_s4_every_lifting_session_has_a_single_leg_lift():
    index = first(PLAN, kind="lifting")
    bilateral = tuple(e for e in PLAN.sessions[index].exercises if not e.unilateral)
    bilateral += (lift("good-morning"),)
    assert "S4" in warned(with_session(PLAN, index, exercises=bilateral))


def test_s5_plyometrics_first_and_two_at_most():
    index = first(FIVE_K_PLAN, phase="sharpen", kind="lifting")
    exercises = FIVE_K_PLAN.sessions[index].exercises
    assert exercises[0].category == "plyometric"
    late = with_session(FIVE_K_PLAN, index, exercises=exercises[2:] + exercises[:2])
    assert "S5" in warned(late, FIVE_K)
    many = with_session(FIVE_K_PLAN, index, exercises=(BOX_JUMP,) + exercises)
    assert "S5" in warned(many, FIVE_K)


def test_s6_one_warm_up_set_at_50_to_60_percent():
    assert warmup_sets(80, "kg") == [WarmupSet(load=47.5, reps=5)]
    assert warmup_sets(225, "lb") == [WarmupSet(load=135.0, reps=5)]
    assert warmup_sets(None, "kg") == []
    assert warmup_sets(2.5, "kg") == []


def test_s7_sessions_alternate_a_and_b():
    lifting = [s.label for s in PLAN.sessions if s.kind == "lifting" and s.phase == "sharpen"]
    assert lifting == ["A", "B"]
    index = [i for i, s in enumerate(PLAN.sessions) if s.kind == "lifting"][1]
    assert "S7" in warned(with_session(PLAN, index, label="A"))


def test_s8_weekly_pulling_and_multi_planar_work():
    def strip(s, slug):
        return replace(s, exercises=tuple(e for e in s.exercises if e.exercise != slug))

    no_pull = replace(
        PLAN, sessions=tuple(strip(s, "reverse-fly") if s.week == 2 else s for s in PLAN.sessions)
    )
    found = check_plan(no_pull, PROFILE)
    assert RuleWarning("S8", d("2027-01-11"), "No upper-body pulling this week") in found
    planes = ("side-plank", "crab-walk", "pallof-press", "reverse-fly")
    flat = replace(
        PLAN,
        sessions=tuple(
            replace(s, exercises=tuple(e for e in s.exercises if e.exercise not in planes))
            if s.week == 2
            else s
            for s in PLAN.sessions
        ),
    )
    assert RuleWarning("S8", d("2027-01-11"), "No side-to-side or rotational work this week") in (
        check_plan(flat, PROFILE)
    )


# -- week placement ----------------------------------------------------------------------


def test_w1_no_lifting_the_day_before_a_quality_session_or_long_run():
    found = check_plan(small_plan(PROFILE, session("2027-01-04"), session("2027-01-09")), PROFILE)
    assert RuleWarning("W1", d("2027-01-04"), "Lifting the day before a quality session") in found
    assert RuleWarning("W1", d("2027-01-09"), "Lifting the day before the long run") in found
    profile = week_profile(tue={"run": "quality", "time": "pm"})
    morning = small_plan(profile, session("2027-01-05", time="am"))
    assert "W1" in warned(morning, profile)


def test_w2_lift_on_easy_days_not_after_an_afternoon_quality_session():
    profile = week_profile(tue={"run": "quality", "time": "pm"})
    assert "W2" in warned(small_plan(profile, session("2027-01-05")), profile)
    assert "W2" not in warned(small_plan(PROFILE, session("2027-01-05")))
    plan = make_plan(profile)
    assert "W2" not in rules(plan.warnings)


def test_w3_run_first_and_lift_at_least_3_hours_later():
    profile = week_profile(wed={"run": "easy", "time": "pm"})
    before = check_plan(small_plan(profile, session("2027-01-06", time="am")), profile)
    assert (
        RuleWarning(
            "W3", d("2027-01-06"), "Lifting before the run; run first and lift 3 h or more later"
        )
        in before
    )
    assert "W3" in warned(small_plan(profile, session("2027-01-06", time="pm")), profile)
    assert all(s.time == "pm" for s in PLAN.sessions if s.kind == "lifting")
    # An afternoon lift after an afternoon quality run is as close as after an easy one.
    quality = week_profile(wed={"run": "quality", "time": "pm"})
    assert {"W2", "W3"} <= warned(small_plan(quality, session("2027-01-06", time="pm")), quality)


def test_the_rules_of_the_days_runs_are_not_asked_of_sessions_gone_by():
    """The running week of days gone by is not on record: a past session is not held to
    today's week (it may have changed since), nor marked for it; sessions to come are."""
    profile = week_profile(tue={"run": "quality", "time": "pm"})
    plan = small_plan(profile, session("2027-01-04"), session("2027-01-11"))  # Mondays
    everything = check_plan(plan, profile)
    assert {(w.rule, w.date) for w in everything if w.rule == "W1"} == {
        ("W1", d("2027-01-04")),
        ("W1", d("2027-01-11")),
    }
    later = check_plan(plan, profile, records_before=d("2027-01-13"))  # a Wednesday
    assert [(w.rule, w.date) for w in later if w.rule == "W1"] == [("W1", d("2027-01-11"))]
    # This week's Monday, gone by but still to be lifted, is checked against this week's runs.
    # Rules of the sessions themselves still hold for the past ones.
    assert {w.rule for w in later if w.date == d("2027-01-04")} == {
        w.rule for w in everything if w.date == d("2027-01-04") and w.rule not in ("W1",)
    }


def test_w3_beside_w2_does_not_push_lifts_to_the_day_before_a_quality_run():
    """Said, not scored: the placer must not weigh W2 + W3 as much as W1 and move the lift."""
    pm = {"run": "quality", "time": "pm"}
    profile = week_profile(tue=pm, thu=pm)
    found = rules(make_plan(profile).warnings)
    assert "W1" not in found
    assert {"W2", "W3"} <= found


def test_w4_nothing_in_the_72_hours_before_the_race():
    race = PROFILE.race_date
    assert all((race - s.date).days >= 4 for s in PLAN.sessions)
    late = small_plan(PROFILE, session("2027-04-22"))
    assert RuleWarning("W4", d("2027-04-22"), "Strength work within 72 h of the race") in (
        check_plan(late, PROFILE)
    )
    busy_taper = small_plan(
        PROFILE, session("2027-04-12", phase="taper"), session("2027-04-14", phase="taper")
    )
    assert "W4" in warned(busy_taper)


def test_w5_heavy_sessions_at_least_48_hours_apart():
    plan = small_plan(PROFILE, session("2027-01-06"), session("2027-01-07", label="B"))
    assert RuleWarning("W5", d("2027-01-07"), "Heavy lifting sessions less than 48 h apart") in (
        check_plan(plan, PROFILE)
    )
    apart = small_plan(PROFILE, session("2027-01-06"), session("2027-01-08", label="B"))
    assert "W5" not in warned(apart)


def test_w6_no_conditioning_the_day_after_heavy_lifting():
    plan = small_plan(PROFILE, session("2027-01-06"), session("2027-01-07", "conditioning"))
    assert "W6" in warned(plan)
    after = small_plan(PROFILE, session("2027-01-06", "conditioning"), session("2027-01-07"))
    assert "W6" not in warned(after)


def test_w7_no_plyometrics_on_consecutive_days():
    plan = small_plan(
        PROFILE, session("2027-01-06", "plyometric"), session("2027-01-07", "plyometric")
    )
    assert RuleWarning("W7", d("2027-01-07"), "Plyometrics on consecutive days") in check_plan(
        plan, PROFILE
    )


def test_w8_no_lifting_on_the_long_run_day():
    plan = small_plan(PROFILE, session("2027-01-10"))
    assert RuleWarning("W8", d("2027-01-10"), "Lifting on the long-run day") in check_plan(
        plan, PROFILE
    )
    hills = small_plan(PROFILE, session("2027-01-09", "hill_sprint", time="am"))
    assert "W8" in warned(hills)


def test_w9_no_hill_sprints_the_day_before_a_quality_session():
    plan = small_plan(PROFILE, session("2027-01-04", "hill_sprint", time="am"))
    assert RuleWarning("W9", d("2027-01-04"), "Hill sprints the day before a quality session") in (
        check_plan(plan, PROFILE)
    )
    hill_days = {s.date.weekday() for s in PLAN.sessions if s.kind == "hill_sprint"}
    assert hill_days and 0 not in hill_days


# -- loads -------------------------------------------------------------------------------


def test_l1_loads_are_on_the_plate_step_and_rounded_down():
    index = first(PLAN, kind="lifting")
    assert "L1" in warned(with_exercise(PLAN, index, "back-squat", load=81.0))
    assert "L1" in warned(with_exercise(PLAN, index, "back-squat", percent_1rm=80, load=82.5))
    # A percentage is kept to 0.1 %: a load inside that rounding is not above it...
    assert "L1" not in warned(
        with_exercise(PLAN, index, "back-squat", percent_1rm=82.46, load=82.5)
    )
    # ...one just outside it is.
    assert "L1" in warned(with_exercise(PLAN, index, "back-squat", percent_1rm=82.4, load=82.5))


def test_l2_1rm_estimates_come_from_tests_of_ten_reps_or_fewer():
    assert epley_1rm(100, 5) == pytest.approx(116.667, abs=0.001)
    assert epley_1rm(100, 1) == 100
    with pytest.raises(ValueError):
        epley_1rm(60, 12)


def test_l3_without_a_1rm_the_lift_is_prescribed_by_reps_in_reserve():
    split = [e for s in PLAN.sessions for e in s.exercises if e.exercise == "bulgarian-split-squat"]
    assert split and all(e.load is None and e.rir is not None for e in split)
    index = first(PLAN, kind="lifting")
    assert "L3" in warned(with_exercise(PLAN, index, "bulgarian-split-squat", rir=None))


def test_l4_loads_rise_at_most_one_plate_step_a_week_in_loading_phases():
    week_1, week_2 = (first(PLAN, week=w, label="A", kind="lifting") for w in (1, 2))
    squat = next(e for e in PLAN.sessions[week_1].exercises if e.exercise == "back-squat")
    jump = with_exercise(PLAN, week_2, "back-squat", load=squat.load + 5)
    assert "L4" in warned(jump)
    messages = [w.message for w in check_plan(jump, PROFILE) if w.rule == "L4"]
    assert any(m.endswith("in 1 week; one plate step a week at most") for m in messages)
    sharpen = [
        i
        for i, s in enumerate(FIVE_K_PLAN.sessions)
        if s.phase == "sharpen" and s.kind == "lifting" and s.label == "A"
    ]
    assert len(sharpen) == 2
    held = [FIVE_K_PLAN.sessions[i].exercises for i in sharpen]
    assert [e.load for e in held[0]] == [e.load for e in held[1]]
    squat = next(e for e in held[0] if e.exercise == "back-squat")
    risen = with_exercise(FIVE_K_PLAN, sharpen[1], "back-squat", load=squat.load + 2.5)
    assert "L4" in warned(risen, FIVE_K)


def test_l4_back_up_to_the_load_of_before_a_lighter_week_is_no_rise():
    """A week lightened by hand (a squad's race week at -10 %): the week after, back at the
    load lifted before it, does not count as a jump; past that load it still does."""
    weeks = [first(PLAN, week=w, label="A", kind="lifting") for w in (1, 2, 3)]
    squat = next(e for e in PLAN.sessions[weeks[0]].exercises if e.exercise == "back-squat")
    after = [
        next(e for e in PLAN.sessions[i].exercises if e.exercise == "back-squat").load
        for i in weeks
    ]
    lighter = with_exercise(PLAN, weeks[1], "back-squat", load=squat.load - 10)
    assert "L4" not in warned(lighter)
    # Week 3 as planned is at most one step a week above week 1: no jump either way.
    assert after[2] - after[0] <= 2 * 2.5  # the plate step in kg
    past = with_exercise(lighter, weeks[2], "back-squat", load=squat.load + 7.5)
    messages = [w.message for w in check_plan(past, PROFILE) if w.rule == "L4"]
    assert messages == ["Back squat: up 7.5 kg in 2 weeks; one plate step a week at most"]


def _squat_weeks(*loads):
    days = ["2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03", "2027-02-10"]
    return small_plan(
        PROFILE,
        *(
            session(day, exercises=(lift("back-squat", load=load), *HEAVY[1:]))
            for day, load in zip(days, loads, strict=False)
        ),
    )


def _l4(plan):
    return [w.message for w in check_plan(plan, PROFILE) if w.rule == "L4"]


@pytest.mark.parametrize(
    ("loads", "messages"),
    [
        # Held for weeks, then three steps in one: a jump from the last week it was held.
        ((60.0, 60.0, 60.0, 67.5), ["up 7.5 kg in 1 week"]),
        # Back up to the load of before a lighter week, then a step a week: no jump.
        ((60.0, 54.0, 60.0, 62.5), []),
        # A heavy first week long past is no licence for a jump weeks later.
        ((80.0, 60.0, 62.5, 65.0, 67.5, 75.0), ["up 7.5 kg in 1 week"]),
        # Two lighter weeks and back up: still within the weeks looked back on.
        ((60.0, 50.0, 50.0, 60.0), []),
        # Counted from the heaviest load: the weeks since it count, lighter or not.
        ((60.0, 57.5, 57.5, 67.5), []),
        ((60.0, 57.5, 57.5, 70.0), ["up 10 kg in 3 weeks"]),
    ],
)
def test_l4_a_rise_counts_from_the_heaviest_of_the_weeks_just_before(loads, messages):
    found = _l4(_squat_weeks(*loads))
    assert [m.removeprefix("Back squat: ").split(";")[0] for m in found] == messages


LB_PROFILE = replace(PROFILE, units="lb")


def _lb_squat_weeks(*loads):
    days = ["2027-01-06", "2027-01-13", "2027-01-20"]
    return small_plan(
        LB_PROFILE,
        *(
            session(day, exercises=(lift("back-squat", load=load), *HEAVY[1:]))
            for day, load in zip(days, loads, strict=False)
        ),
    )


@pytest.mark.parametrize(
    ("loads", "messages"),
    [
        # 97.5 and 100 kg, kept exact through a switch to pounds: one kilogram step.
        ((215.0, 220.5), []),
        ((215.0, 220.5, 226.0), []),
        # More than a kilogram step, even so.
        ((215.0, 222.0), ["up 7 lb in 1 week"]),
        # On the pound plates, the pound step is the measure.
        ((215.0, 225.0), ["up 10 lb in 1 week"]),
        ((215.0, 220.0, 225.0), []),
        # 65 kg kept exact as 143.3 lb: on the pound plates it is 145, and one step up 150.
        ((143.3, 150.0), []),
        ((143.3, 150.0, 155.0), []),
        ((143.3, 155.0), ["up 11.7 lb in 1 week"]),
    ],
)
def test_l4_loads_kept_exact_through_a_change_of_units_rise_by_the_old_units_step(loads, messages):
    found = [w.message for w in check_plan(_lb_squat_weeks(*loads), LB_PROFILE) if w.rule == "L4"]
    assert [m.removeprefix("Back squat: ").split(";")[0] for m in found] == messages


@pytest.mark.parametrize(
    ("loads", "messages"),
    [
        # 87.5 kg kept exact as 192.9 lb, then 195 lb on the pound plates: the same load.
        ((192.9, 195.0), []),
        ((195.0, 195.0), []),
        # A pound step or more past it is a rise, and on the plates any rise is.
        ((192.9, 200.0), ["load rises in the sharpening phase"]),
        ((190.0, 195.0), ["load rises in the sharpening phase"]),
    ],
)
def test_l4_a_record_kept_exact_through_a_change_of_units_is_no_rise_in_a_holding_phase(
    loads, messages
):
    days = ["2027-01-06", "2027-01-13"]
    plan = small_plan(
        LB_PROFILE,
        *(
            session(day, phase="sharpen", exercises=(lift("back-squat", load=load), *HEAVY[1:]))
            for day, load in zip(days, loads, strict=True)
        ),
        phase="sharpen",
    )
    found = [w.message for w in check_plan(plan, LB_PROFILE) if w.rule == "L4"]
    assert [m.removeprefix("Back squat: ") for m in found] == messages


def test_l5_a_conditioning_dose_below_the_ladder_climbs_from_it_and_one_on_it_starts_there():
    """A coach's 3 x 5 (pull-ups, say) was read as the ladder's 3 x 15 (sets first) and
    given 3 x 20 from the first week. A dose below the ladder's first rung starts as dosed
    and climbs a rep a week to the ladder (L5); doses on it start on their rung."""
    assert conditioning_rung("bodyweight_reps", 2, 10) == 0
    assert conditioning_rung("bodyweight_reps", 2, 15) == 2
    assert conditioning_rung("bodyweight_reps", 3, 15) == 4
    assert conditioning_rung("seconds", 2, 30) == 1
    ladder, start = conditioning_ladder("bodyweight_reps", 3, 5)
    assert start is None and ladder[:4] == ((3, 5), (3, 6), (2, 10), (2, 12))
    ladder, start = conditioning_ladder("seconds", 4, 4)
    assert start is None and ladder[:2] == ((3, 4), (3, 9))  # 3 sets at most (L5)
    data = template_to_dict(default_template())
    [base] = [spec for spec in data["phases"] if spec["phase"] == "base"]
    [conditioning] = [s for s in base["sessions"] if s["kind"] == "conditioning"]
    bridge = next(p for p in conditioning["prescriptions"] if p["exercise"] == "hamstring-bridge")
    bridge.update(sets=3, reps=5)
    plan = make_plan(PROFILE, template_from_dict(data))
    doses = [
        (e.sets, e.reps)
        for s in plan.sessions
        if s.phase == "base" and not s.deload
        for e in s.exercises
        if e.exercise == "hamstring-bridge"
    ]
    assert doses[:3] == [(3, 5), (3, 6), (2, 10)]
    assert doses == sorted(doses, key=lambda d: d[0] * d[1])  # it only climbs
    assert "L5" not in warned(plan)


def test_l5_timed_work_past_three_sets_says_its_seconds():
    index = first(PLAN, kind="conditioning")
    plank = next(
        e for e in PLAN.sessions[index].exercises if e.seconds is not None and e.reps is None
    )
    held = with_exercise(PLAN, index, plank.exercise, sets=4)
    messages = [w.message for w in check_plan(held, PROFILE) if w.rule == "L5"]
    assert messages and all("None" not in m for m in messages)
    assert any(f"4 sets of {plank.seconds} s is past 3 x 20" in m for m in messages)


def test_l5_conditioning_progresses_to_3_x_20_and_no_further():
    doses = [
        (e.sets, e.reps)
        for s in PLAN.sessions
        for e in s.exercises
        if e.exercise == "reverse-fly" and not s.deload
    ]
    assert doses[:4] == [(2, 12), (2, 15), (2, 20), (3, 15)]
    assert max(doses) == (3, 20)
    index = first(PLAN, kind="conditioning")
    assert "L5" in warned(with_exercise(PLAN, index, "reverse-fly", sets=4, reps=20))
    # Exercises that topped out in the base phase come back harder in the build phase;
    # the reverse fly has no harder variant and stays at 3 x 20.
    build = PLAN.sessions[first(PLAN, kind="conditioning", phase="build")]
    assert [(e.exercise, e.sets, e.reps) for e in build.exercises] == [
        ("single-leg-hamstring-bridge", 2, 12),
        ("side-plank-crunch", 2, 12),
        ("monster-walk", 2, None),
        ("cable-woodchop", 2, 12),
        ("reverse-fly", 3, 20),
    ]


def test_l6_bodyweight_loads_build_towards_a_third_of_body_weight():
    calf = [
        e.load for s in PLAN.sessions for e in s.exercises if e.exercise == "single-leg-calf-raise"
    ]
    assert calf[0] == 5.0 and max(calf) == 17.5  # 60 kg: from 10 % to 33 % (19.8 kg)
    index = first(PLAN, kind="lifting", label="B")
    assert "L6" in warned(with_exercise(PLAN, index, "single-leg-calf-raise", load=22.5))


def test_l7_a_deload_every_fourth_week_of_a_loading_phase():
    deloads = sorted({s.week for s in PLAN.sessions if s.deload})
    assert deloads == [4, 8, 12]
    no_deload = replace(PLAN, sessions=tuple(replace(s, deload=False) for s in PLAN.sessions))
    assert "L7" in warned(no_deload)
    assert PLAN.phases[0] == PhaseBlock("off_season", d("2027-01-04"), d("2027-01-31"), 2)


def test_l8_soreness_that_keeps_coming_is_flagged():
    assert soreness_alert([2, 7])
    assert soreness_alert([5, 6], weeks_lifting=6)
    assert not soreness_alert([5, 6], weeks_lifting=2)
    assert not soreness_alert([6, 4])
    assert not soreness_alert([])


def test_l9_pain_removes_the_exercise_from_the_next_session():
    nxt = PLAN.sessions[first(PLAN, kind="lifting")]
    cleared = without_painful(nxt, {"back-squat"})
    assert [e.exercise for e in cleared.exercises] == ["bulgarian-split-squat", "calf-raise"]


@pytest.mark.parametrize("phase", ["base", "maintenance"])
def test_l4_back_up_after_one_lighter_session_of_a_lift_done_every_other_week(phase):
    days_loads = [("2027-01-06", 62.5), ("2027-01-20", 55.0), ("2027-02-03", 62.5)]
    plan = small_plan(
        PROFILE,
        *(
            session(day, phase=phase, exercises=(lift("back-squat", load=load), *HEAVY[1:]))
            for day, load in days_loads
        ),
        phase=phase,
    )
    assert _l4(plan) == []
