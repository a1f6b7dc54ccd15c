"""Three athletes a coach would recognise, checked field by field. The expected values are
worked out from the rules and the default template, not copied from a run."""

from programs.engine import PhaseBlock, plan_to_document
from tests.engine.support import d, load_profile, make_plan

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def week(plan, number):
    return [
        (s.date.isoformat(), DAYS[s.date.weekday()], s.time, s.kind, s.label)
        for s in plan.sessions
        if s.week == number
    ]


def doses(plan, slug):
    """(week, sets, reps, % 1RM, load) of every prescription of one exercise."""
    return [
        (s.week, e.sets, e.reps, e.percent_1rm, e.load)
        for s in plan.sessions
        for e in s.exercises
        if e.exercise == slug
    ]


def exercises(plan, phase, label):
    s = next(s for s in plan.sessions if s.phase == phase and s.label == label)
    return [e.exercise for e in s.exercises]


class TestNoviceMarathoner16WeeksOut:
    """Maya: new to lifting, marathon on Sunday 25 April, quality run Tuesday evening, long
    run Sunday morning, no 1RM yet."""

    plan = make_plan(load_profile("novice_marathon.json"))

    def test_phases_start_with_an_introduction_and_end_in_a_two_week_taper(self):
        # 16 weeks: taper 2, intro 3, then sharpen 2, build 4, base 4, and the one week
        # left over joins the base.
        assert self.plan.phases == (
            PhaseBlock("intro", d("2027-01-04"), d("2027-01-24"), 2),
            PhaseBlock("base", d("2027-01-25"), d("2027-02-28"), 2),
            PhaseBlock("build", d("2027-03-01"), d("2027-03-28"), 2),
            PhaseBlock("sharpen", d("2027-03-29"), d("2027-04-11"), 1),
            PhaseBlock("taper", d("2027-04-12"), d("2027-04-25"), 1),
        )

    def test_one_kind_of_work_is_added_at_a_time(self):
        assert week(self.plan, 1) == [
            ("2027-01-04", "mon", "pm", "conditioning", "C"),
            ("2027-01-06", "wed", "pm", "conditioning", "C"),
            ("2027-01-08", "fri", "pm", "conditioning", "C"),
        ]
        assert week(self.plan, 2) == [
            ("2027-01-11", "mon", "pm", "conditioning", "C"),
            ("2027-01-13", "wed", "pm", "lifting", "A"),
        ]
        assert week(self.plan, 3) == [
            ("2027-01-18", "mon", "pm", "conditioning", "C"),
            ("2027-01-20", "wed", "pm", "lifting", "B"),
            ("2027-01-22", "fri", "pm", "lifting", "A"),
        ]

    def test_a_base_week_lifts_on_the_easy_days_around_the_quality_run(self):
        # Monday is before the quality run, Saturday before the long run: lifting goes on
        # Wednesday (after the quality run) and Friday, 48 h apart; hill sprints join
        # Thursday's easy morning run; S&C on Monday's rest day.
        assert week(self.plan, 5) == [
            ("2027-02-01", "mon", "pm", "conditioning", "C"),
            ("2027-02-03", "wed", "pm", "lifting", "A"),
            ("2027-02-04", "thu", "am", "hill_sprint", "H"),
            ("2027-02-05", "fri", "pm", "lifting", "B"),
        ]

    def test_without_a_1rm_the_squat_is_prescribed_by_reps_in_reserve(self):
        squat = doses(self.plan, "back-squat")
        assert squat[:8] == [
            (2, 3, 14, 58, None),
            (3, 3, 12, 65, None),
            (4, 3, 10, 65, None),
            (5, 3, 9, 68, None),
            (6, 3, 9, 72, None),
            (7, 2, 9, 72, None),
            (8, 3, 8, 75, None),
            (9, 4, 6, 75, None),
        ]
        assert squat[-1] == (15, 2, 3, 80, None)

    def test_deloads_fall_in_the_fourth_week_of_base_and_build(self):
        assert sorted({s.week for s in self.plan.sessions if s.deload}) == [7, 12]

    def test_single_leg_calf_raise_builds_to_a_quarter_of_body_weight(self):
        loads = [load for _, _, _, _, load in doses(self.plan, "single-leg-calf-raise")]
        # 58 kg: a quarter is 14.5 kg, 12.5 kg on the plate step; held in the deload.
        assert loads[:7] == [None, 2.5, 5.0, 7.5, 7.5, 10.0, 12.5]
        assert max(x for x in loads if x) == 12.5

    def test_novice_variants_replace_advanced_exercises(self):
        assert exercises(self.plan, "base", "A") == ["back-squat", "step-up", "calf-raise"]
        # The single-leg deadlift is beyond a novice; its easier variant is two-legged and
        # would repeat the Romanian deadlift, so a single-leg lift takes its place (S4).
        # The single-leg hop steps down to two-footed pogo jumps.
        assert exercises(self.plan, "build", "B") == [
            "pogo-jump",
            "romanian-deadlift",
            "reverse-lunge",
            "single-leg-calf-raise",
        ]

    def test_mastered_conditioning_moves_to_harder_variants_a_novice_may_do(self):
        # Crab walk and Pallof press top out in the base phase and their harder variants
        # are novice-safe; the single-leg hamstring bridge and side-plank crunch are not.
        assert exercises(self.plan, "base", "C") == [
            "hamstring-bridge",
            "side-plank",
            "crab-walk",
            "pallof-press",
            "reverse-fly",
        ]
        assert exercises(self.plan, "build", "C") == [
            "hamstring-bridge",
            "side-plank",
            "monster-walk",
            "cable-woodchop",
            "reverse-fly",
        ]

    def test_hill_sprints_grow_from_6_to_10(self):
        sprints = [sets for _, sets, _, _, _ in doses(self.plan, "hill-sprint")]
        assert sprints == [6, 7, 8, 5, 9, 10, 10, 10, 6]

    def test_the_taper_keeps_one_short_session_a_week_clear_of_the_race(self):
        taper = [s for s in self.plan.sessions if s.phase == "taper"]
        assert [(s.date.isoformat(), s.label) for s in taper] == [
            ("2027-04-14", "A"),
            ("2027-04-21", "B"),
        ]
        assert {e.sets for s in taper for e in s.exercises} == {2}

    def test_no_rule_is_broken(self):
        assert plan_to_document(self.plan)["warnings"] == []


class TestAdvanced5kRunner10WeeksOut:
    """Jonah: experienced lifter in pounds, 5 km on Saturday 8 May, quality Tuesday and
    Friday mornings, an easy run on Thursday evening, long run Sunday."""

    plan = make_plan(load_profile("advanced_5k.json"))

    def test_a_short_event_gets_a_one_week_taper_and_three_weeks_of_sharpening(self):
        assert self.plan.phases == (
            PhaseBlock("base", d("2027-03-01"), d("2027-03-14"), 2),
            PhaseBlock("build", d("2027-03-15"), d("2027-04-11"), 2),
            PhaseBlock("sharpen", d("2027-04-12"), d("2027-05-02"), 1),
            PhaseBlock("taper", d("2027-05-03"), d("2027-05-08"), 1),
        )

    def test_lifting_follows_the_quality_runs(self):
        # Wednesday after Tuesday's quality run, Friday after the morning quality run:
        # Thursday's evening run would leave no 3 h gap, Saturday is before the long run.
        assert week(self.plan, 3) == [
            ("2027-03-15", "mon", "pm", "conditioning", "C"),
            ("2027-03-17", "wed", "pm", "lifting", "A"),
            ("2027-03-19", "fri", "pm", "lifting", "B"),
        ]
        assert week(self.plan, 10) == [("2027-05-04", "tue", "pm", "lifting", "A")]

    def test_squat_loads_in_pounds_progress_one_5_lb_step_a_week(self):
        # 265 lb 1RM. Base climbs 65 -> 75 %, held to one step (175 lb = 67 %); an
        # advanced lifter's build runs 85-90 %; sharpen holds 85 %, the taper 80 %. The
        # build's 4 sets come down to 3 to keep the session within 45 minutes (S1).
        assert doses(self.plan, "back-squat") == [
            (1, 3, 10, 65, 170.0),
            (2, 3, 8, 67, 175.0),
            (3, 3, 6, 85, 225.0),
            (4, 3, 5, 88, 230.0),
            (5, 3, 3, 90, 235.0),
            (6, 2, 3, 90, 235.0),
            (7, 3, 3, 85, 225.0),
            (9, 3, 3, 85, 225.0),
            (10, 2, 3, 80, 210.0),
        ]

    def test_power_clean_load_comes_from_its_own_1rm(self):
        assert doses(self.plan, "power-clean")[0] == (3, 3, 3, 75, 130.0)

    def test_body_weight_loads_are_converted_to_pounds(self):
        # 68 kg is 149.9 lb: from 20 % (25 lb) to a third (45 lb), 5 lb a week.
        loads = [load for _, _, _, _, load in doses(self.plan, "single-leg-calf-raise")]
        assert loads == [25.0, 30.0, 35.0, 40.0, 45.0, 45.0, 45.0]

    def test_power_and_plyometrics_fill_the_last_weeks(self):
        # Two explosive exercises and three heavy lifts would take about 54 minutes: the
        # calf raise makes way (P9: power takes the place of part of the heavy work; S1).
        assert exercises(self.plan, "build", "A") == [
            "box-jump",
            "jump-squat",
            "back-squat",
            "bulgarian-split-squat",
        ]
        assert exercises(self.plan, "sharpen", "A")[:2] == ["box-jump", "bounding"]
        assert exercises(self.plan, "taper", "A")[0] == "box-jump"

    def test_no_hill_sprints_fit_this_week(self):
        # Every free easy day comes before a quality session or the long run.
        assert not any(s.kind == "hill_sprint" for s in self.plan.sessions)
        assert self.plan.warnings == ()


class TestAthleteWithoutARace:
    """Tomas: half-marathoner between seasons, plan from Wednesday 1 September."""

    plan = make_plan(load_profile("no_race.json"))

    def test_a_twelve_week_off_season_block(self):
        assert self.plan.phases == (PhaseBlock("off_season", d("2027-09-01"), d("2027-11-23"), 2),)
        assert sorted({s.week for s in self.plan.sessions if s.deload}) == [4, 8, 12]

    def test_weeks_run_from_the_start_day(self):
        # Friday follows the Thursday quality run; Tuesday pm follows that morning's one.
        assert week(self.plan, 1) == [
            ("2027-09-03", "fri", "pm", "lifting", "A"),
            ("2027-09-06", "mon", "pm", "conditioning", "C"),
            ("2027-09-07", "tue", "pm", "lifting", "B"),
        ]

    def test_heavy_loads_climb_from_80_to_90_percent(self):
        assert [(w, p, load) for w, _, _, p, load in doses(self.plan, "back-squat")] == [
            (1, 80, 80.0),
            (2, 81, 80.0),
            (3, 83, 82.5),
            (4, 83, 82.5),
            (5, 84, 82.5),
            (6, 85, 85.0),
            (7, 86, 85.0),
            (8, 86, 85.0),
            (9, 88, 87.5),
            (10, 89, 87.5),
            (11, 90, 90.0),
            (12, 90, 90.0),
        ]
        assert doses(self.plan, "calf-raise")[0] == (1, 3, 6, 80, 95.0)

    def test_conditioning_climbs_to_3_x_20(self):
        reverse_fly = [(sets, reps) for _, sets, reps, _, _ in doses(self.plan, "reverse-fly")]
        assert reverse_fly[:6] == [(2, 12), (2, 15), (2, 20), (1, 20), (3, 15), (3, 20)]
        assert reverse_fly[-1] == (2, 20)

    def test_a_half_marathoner_lifts_heavy_before_any_explosive_work(self):
        categories = {e.category for s in self.plan.sessions for e in s.exercises}
        assert categories == {"max_strength", "conditioning"}
        assert self.plan.warnings == ()
