"""S1's 30-45 minutes: how long a session takes, how the planner fits a session into it and
how the checker flags one that is longer."""

from dataclasses import replace
from datetime import date

from programs.engine import PlannedSession, check_plan
from programs.engine.duration import fit_to_time, session_minutes
from programs.engine.plan import PlannedExercise
from tests.engine.support import load_profile, make_plan, make_profile


def lift(slug, sets, reps, rest, *, unilateral=False, pattern="squat", load=100.0, pct=80):
    return PlannedExercise(
        exercise=slug,
        category="max_strength",
        unilateral=unilateral,
        sets=sets,
        reps=reps,
        rest_s=rest,
        load=load,
        percent_1rm=pct,
        rir=2,
        pattern=pattern,
    )


def fast(slug, category="plyometric", *, sets=3, reps=5, rest=90, unilateral=False):
    return PlannedExercise(
        exercise=slug,
        category=category,
        unilateral=unilateral,
        sets=sets,
        reps=reps,
        rest_s=rest,
        rir=3,
        pattern="jump",
    )


SQUAT = lift("back-squat", 4, 6, 180)
RDL = lift("romanian-deadlift", 3, 6, 180, pattern="hinge")
SPLIT_SQUAT = lift("bulgarian-split-squat", 3, 6, 120, unilateral=True, pattern="lunge")
CALF = lift("calf-raise", 3, 6, 90, pattern="calf")


def test_a_session_is_counted_set_by_set_from_the_warm_up():
    squat = lift("back-squat", 3, 5, 180)
    plank = PlannedExercise(
        exercise="side-plank",
        category="conditioning",
        unilateral=True,
        sets=2,
        seconds=30,
        rest_s=45,
    )
    # 10 min warm-up; squat sets of 5 x 3 s + 15 s, each with its 180 s rest, and one
    # lighter set with a minute after it; plank sets of 30 s a side + 15 s with 45 s rest;
    # no rest after the last set: 600 + 3 x 210 + 90 + 2 x 120 - 45 = 1515 s.
    assert session_minutes((squat, plank)) == 26  # 25 min 15 s, rounded up
    assert session_minutes((squat,)) == 19  # 600 + 630 + 90 - 180 = 1140 s
    assert session_minutes(()) == 0


def test_no_warm_up_set_before_light_or_unloaded_work():
    unloaded = lift("back-squat", 3, 5, 180, load=None)
    assert session_minutes((unloaded,)) == 18  # 600 + 630 - 180 = 1050 s: 17.5 min


def test_the_dose_is_trimmed_before_an_exercise_goes():
    session = (SQUAT, RDL, SPLIT_SQUAT, CALF)
    assert session_minutes(session) == 55
    fitted, dropped = fit_to_time(session)
    assert dropped == set()
    assert [e.exercise for e in fitted] == [e.exercise for e in session]
    # A set off the squat (S1: 3-4), then heavy rest down to 2 min (S2: 2-3).
    assert [(e.sets, e.rest_s) for e in fitted] == [(3, 120), (3, 120), (3, 120), (3, 90)]
    assert session_minutes(fitted) == 45


def test_a_session_already_within_45_minutes_is_left_as_it_is():
    session = (lift("back-squat", 3, 6, 180), SPLIT_SQUAT, CALF)
    assert session_minutes(session) <= 45
    assert fit_to_time(session) == (session, set())


def test_heavy_accessories_go_first_then_the_calf_raise_never_squat_nor_hinge():
    step_up = lift("step-up", 3, 10, 120, unilateral=True, pattern="lunge")
    session = (fast("box-jump"), SQUAT, RDL, SPLIT_SQUAT, step_up, CALF)
    fitted, dropped = fit_to_time(session)
    # The step-up goes first (the last heavy accessory that is not a calf raise); the split
    # squat stays as the single-leg lift (S4), so the calf raise is next to go.
    assert dropped == {"step-up", "calf-raise"}
    assert [e.exercise for e in fitted] == [
        "box-jump",
        "back-squat",
        "romanian-deadlift",
        "bulgarian-split-squat",
    ]
    assert session_minutes(fitted) <= 45


def test_near_the_race_the_calf_raise_makes_way_before_the_second_explosive_exercise():
    session = (fast("box-jump"), fast("jump-squat", "power", rest=150), SQUAT, SPLIT_SQUAT, CALF)
    assert session_minutes(session) > 45
    fitted, dropped = fit_to_time(session)
    # The split squat is the only single-leg lift (S4), so the calf raise goes (P9).
    assert dropped == {"calf-raise"}
    assert [e.exercise for e in fitted] == [
        "box-jump",
        "jump-squat",
        "back-squat",
        "bulgarian-split-squat",
    ]
    assert session_minutes(fitted) <= 45


def test_the_second_explosive_exercise_goes_when_no_heavy_accessory_can():
    long_split = lift("bulgarian-split-squat", 3, 12, 120, unilateral=True, pattern="lunge")
    session = (
        fast("box-jump", reps=10),
        fast("jump-squat", "power", reps=10, rest=180),
        lift("back-squat", 4, 10, 180),
        long_split,
    )
    fitted, dropped = fit_to_time(session)
    assert dropped == {"jump-squat"}
    assert [e.exercise for e in fitted] == ["box-jump", "back-squat", "bulgarian-split-squat"]


def test_a_session_is_never_cut_below_three_exercises():
    huge = (
        lift("split-squat", 4, 20, 300, unilateral=True),
        lift("single-leg-deadlift", 4, 20, 300, unilateral=True, pattern="hinge"),
        lift("step-up", 4, 20, 300, unilateral=True, pattern="lunge"),
    )
    fitted, dropped = fit_to_time(huge)
    assert dropped == set()
    assert len(fitted) == 3
    assert session_minutes(fitted) > 45  # as short as the rules let it be: the checker says so


def _session(kind, exercises):
    return PlannedSession(
        date=date(2027, 1, 12),
        time="pm",
        week=1,
        phase="base",
        kind=kind,
        label="A",
        exercises=exercises,
    )


def test_the_checker_flags_a_lifting_session_longer_than_45_minutes():
    profile = load_profile("novice_marathon.json")
    plan = make_plan(profile)
    long_one = _session("lifting", (SQUAT, RDL, SPLIT_SQUAT, CALF))
    fitting = _session("lifting", fit_to_time(long_one.exercises)[0])

    def s1(session):
        checked = check_plan(replace(plan, sessions=(session,)), profile)
        return [w.message for w in checked if w.rule == "S1"]

    assert s1(long_one) == ["About 55 min with the warm-up; plan 30-45"]
    assert s1(fitting) == []
    # Conditioning has its own length (10-30 min of work); S1 is about lifting sessions.
    assert s1(_session("conditioning", long_one.exercises)) == []


def test_cutting_a_session_keeps_the_squat_and_the_romanian_deadlift():
    session = tuple(replace(e, reps=8) for e in (SQUAT, RDL, SPLIT_SQUAT, CALF))
    assert session_minutes(session) > 45
    fitted, dropped = fit_to_time(session)
    # The split squat is the only single-leg lift (S4): the calf raise goes, not the RDL.
    assert dropped == {"calf-raise"}
    assert [e.exercise for e in fitted] == [
        "back-squat",
        "romanian-deadlift",
        "bulgarian-split-squat",
    ]


def test_a_lift_never_gains_a_set_or_rest_within_a_phase_block():
    # No 1RMs: no lighter sets, so the early high-rep weeks are the long ones to cut.
    for event, experience in (("1500m", "intermediate"), ("5k", "advanced"), ("10k", "novice")):
        profile = make_profile(
            event=event,
            experience=experience,
            one_rep_max={},
            start_date="2027-01-04",
            race_date="2027-04-25",
        )
        plan = make_plan(profile)
        for block in plan.phases:
            doses: dict[str, list[tuple[int, int]]] = {}
            for s in plan.sessions:
                if s.kind == "lifting" and not s.deload and block.start <= s.date <= block.end:
                    for e in s.exercises:
                        doses.setdefault(e.exercise, []).append((e.sets, e.rest_s))
            for slug, history in doses.items():
                assert history == sorted(history, reverse=True), (event, block.phase, slug)


def test_a_distance_of_single_leg_work_is_covered_once_not_once_a_side():
    bounding = replace(fast("bounding", sets=5, unilateral=True, reps=None), metres=60)
    hops = fast("single-leg-hop", unilateral=True)
    two_legs = replace(bounding, unilateral=False)
    assert session_minutes([bounding]) == session_minutes([two_legs])
    assert session_minutes([hops]) > session_minutes([replace(hops, unilateral=False)])
    # Hops for distance are still done on each leg.
    hops_far = replace(bounding, exercise="single-leg-hop")
    assert session_minutes([hops_far]) > session_minutes([bounding])
