"""The rule check: template rules as written, and the rules sample plans break."""

from datetime import date

from django.urls import reverse

from programs.checks import sample_athletes, template_check, template_problems
from programs.engine import RULES
from programs.models import Prescription, ProgramTemplate
from programs.services import template_queryset
from tests.programs.conftest import lifting_session, make_template, phase_data, rx

TODAY = date(2027, 1, 6)


def loaded(program):
    return template_queryset().get(pk=program.pk)


def rules(program) -> list[str]:
    return [p.rule for p in template_problems(loaded(program))]


def test_a_well_formed_template_breaks_no_template_rule(program):
    assert rules(program) == []


def test_a_lifting_session_without_single_leg_work_breaks_s4(club):
    session = lifting_session(
        "A",
        [
            rx("back-squat", "max_strength"),
            rx("romanian-deadlift", "max_strength"),
            rx("calf-raise", "max_strength"),
        ],
    )
    program = make_template(club, [phase_data(sessions=[session])])
    problems = template_problems(loaded(program))
    assert [(p.rule, p.where, p.message) for p in problems] == [
        ("S4", "Build · session A", "No single-leg lift")
    ]


def test_a_hop_or_a_core_drill_is_not_the_single_leg_lift_s4_asks_for(club):
    # As the sample plans count S4: the dead bug (one side at a time) and single-leg hops
    # are no single-leg lift, so the session breaks S4 in the template check too.
    bilateral = [
        rx("back-squat", "max_strength"),
        rx("romanian-deadlift", "max_strength"),
        rx("calf-raise", "max_strength"),
    ]
    with_core = lifting_session("A", [*bilateral, rx("dead-bug", "conditioning", reps=10)])
    with_hops = lifting_session("B", [rx("single-leg-hop", "plyometric", reps=8), *bilateral])
    program = make_template(club, [phase_data(sessions=[with_core, with_hops])])
    problems = template_problems(loaded(program))
    assert [(p.rule, p.where, p.message) for p in problems] == [
        ("S4", "Build · session A", "No single-leg lift"),
        ("S4", "Build · session B", "No single-leg lift"),
    ]


def test_builder_shows_s4_after_the_last_single_leg_lift_is_removed(htmx, program):
    split_squat = Prescription.objects.get(exercise__slug="bulgarian-split-squat")
    response = htmx.post(
        reverse("program_prescription_delete", args=[program.pk, split_squat.pk]),
        {"version": 1},
    )
    html = response.content.decode()
    assert response.status_code == 200
    checks = html[html.index('id="checks"') :]
    assert (
        '<span class="rule-id" title="At least one unilateral exercise per lifting session">S4'
        in checks
    )
    assert "No single-leg lift" in checks
    assert "2 exercises; a lifting session has 3-5" in checks


def test_builder_page_lists_rule_ids_in_the_panel(owner_client, club):
    session = lifting_session("A", [rx("back-squat", "max_strength", rir=0)])
    program = make_template(club, [phase_data(sessions=[session], percent_min=60)])
    html = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    for rule in ("S1", "S3", "S4", "P8"):
        assert f'<span class="rule-id" title="{RULES[rule]}">{rule}</span>' in html


def test_too_few_and_too_many_exercises_break_s1(club):
    few = lifting_session("A", [rx("bulgarian-split-squat", "max_strength", unilateral=True)])
    many = lifting_session(
        "B",
        [rx("bulgarian-split-squat", "max_strength", unilateral=True)]
        + [rx("back-squat", "max_strength")] * 5,
    )
    program = make_template(club, [phase_data(sessions=[few, many])])
    messages = [p.message for p in template_problems(loaded(program)) if p.rule == "S1"]
    assert messages == [
        "1 exercise; a lifting session has 3-5",
        "6 exercises; a lifting session has 3-5",
    ]


def test_sets_outside_3_to_4_break_s1_as_in_the_plans(club):
    session = lifting_session("A")
    session["prescriptions"][0]["sets"] = 8
    session["prescriptions"][1]["sets"] = 2
    program = make_template(club, [phase_data("build", sessions=[session])])
    problems = [p for p in template_problems(loaded(program)) if p.rule == "S1"]
    assert [p.message for p in problems] == ["8 sets; plan 3-4", "2 sets; plan 3-4"]
    assert all(p.anchor.startswith("prescription-") for p in problems)


def test_off_season_allows_five_sets_and_the_taper_fewer(club):
    five = lifting_session("A")
    five["prescriptions"][0]["sets"] = 5
    short = lifting_session("B")
    short["prescriptions"][0]["sets"] = 2
    program = make_template(
        club,
        [
            phase_data("off_season", sessions=[five]),
            phase_data("taper", sessions=[short], sessions_per_week=1),
        ],
    )
    assert "S1" not in rules(program)


def test_plyometrics_after_lifting_or_more_than_two_break_s5(club):
    late = lifting_session(
        "A",
        [
            rx("back-squat", "max_strength"),
            rx("bulgarian-split-squat", "max_strength", unilateral=True),
            rx("box-jump", "plyometric"),
        ],
    )
    crowded = lifting_session(
        "B",
        [rx("box-jump", "plyometric")] * 3
        + [rx("bulgarian-split-squat", "max_strength", unilateral=True)],
    )
    program = make_template(club, [phase_data(sessions=[late, crowded])])
    messages = [p.message for p in template_problems(loaded(program)) if p.rule == "S5"]
    assert messages == [
        "Plyometrics come after other exercises",
        "3 plyometric exercises; two at most",
    ]


def test_a_plyometric_session_of_more_than_two_plyometrics_breaks_s5(club):
    # S5 holds for every session, as the plans are checked; two are fine.
    hops = [rx("box-jump", "plyometric", reps=5), rx("single-leg-hop", "plyometric", reps=8)]
    two = {"label": "P", "kind": "plyometric", "prescriptions": hops}
    three = {
        "label": "Q",
        "kind": "plyometric",
        "prescriptions": [*hops, rx("bounding", "plyometric", metres=20)],
    }
    program = make_template(
        club, [phase_data(sessions=[lifting_session("A"), two, three], sessions_per_week=2)]
    )
    problems = [p for p in template_problems(loaded(program)) if p.rule == "S5"]
    assert [(p.where, p.message) for p in problems] == [
        ("Build · session Q", "3 plyometric exercises; two at most")
    ]


def test_a_heavy_phase_under_70_percent_breaks_p8(club):
    session = lifting_session("A")
    session["prescriptions"][0]["percent_1rm"] = 60
    program = make_template(club, [phase_data("sharpen", sessions=[session], percent_min=65)])
    messages = [p.message for p in template_problems(loaded(program)) if p.rule == "P8"]
    assert messages == [
        "Loads from 65 % 1RM; a heavy phase needs 70 % or more, so plans start it at 70 %",
        "60 % 1RM in a heavy phase",
    ]


def introduction(club, *, lift_percent: int, percent_max: int):
    """A programme of one introduction phase (12-15 reps, 50 % 1RM up to `percent_max`)
    whose session A's first lift asks for `lift_percent`."""
    session = lifting_session("A")
    session["prescriptions"][0]["percent_1rm"] = lift_percent
    phase = phase_data(
        "intro", sessions=[session], reps_min=12, reps_max=15, percent_min=50,
        percent_max=percent_max,
    )  # fmt: skip
    return make_template(club, [phase])


def test_introduction_loads_over_65_percent_break_p1_as_in_the_plans(club):
    # DOMAIN P1: the introduction is light (about 50-65 % 1RM); the plans made from such a
    # phase break P1, so the programme check names it where it is written.
    program = introduction(club, lift_percent=75, percent_max=80)
    problems = [p for p in template_problems(loaded(program)) if p.rule == "P1"]
    assert [(p.where, p.message) for p in problems] == [
        ("Introduction", "Loads up to 80 % 1RM; the introduction keeps them light, 65 % or less"),
        ("Introduction · session A: Back squat", "75 % 1RM in the introduction"),
    ]
    check = template_check(loaded(program), club, today=TODAY)
    assert "P1" in {rule.rule for rule in check.rules}


def test_introduction_loads_up_to_65_percent_break_no_p1(club):
    assert "P1" not in rules(introduction(club, lift_percent=65, percent_max=65))


def test_an_introduction_or_a_taper_longer_than_its_weeks_is_named(club):
    # DOMAIN section 2: the introduction is a new lifter's first 3-4 weeks (P1), the taper
    # the final 1-2 weeks before the race (P6); the builder allows up to 16 of either.
    intro = phase_data("intro", weeks=8, reps_min=12, reps_max=15, percent_min=50, percent_max=65)
    taper = phase_data("taper", weeks=6, sessions_per_week=1)
    program = make_template(club, [intro, taper])  # fmt: skip
    problems = [p for p in template_problems(loaded(program)) if p.rule in ("P1", "P6")]
    assert [(p.rule, p.where, p.message) for p in problems] == [
        ("P1", "Introduction", "8 weeks; this phase is the first 3-4 weeks"),
        ("P6", "Taper", "6 weeks; this phase is the final 1-2 weeks"),
    ]


def test_an_introduction_and_a_taper_of_their_weeks_are_not_named(club):
    intro = phase_data("intro", weeks=3, reps_min=12, reps_max=15, percent_min=50, percent_max=65)
    taper = phase_data("taper", weeks=2, sessions_per_week=1)
    program = make_template(club, [intro, taper])  # fmt: skip
    assert [r for r in rules(program) if r in ("P1", "P6")] == []


def test_base_phase_may_lift_under_70_percent(club):
    program = make_template(club, [phase_data("base", percent_min=65, percent_max=75)])
    assert "P8" not in rules(program)


def test_to_failure_and_short_rest_break_s3_and_s2(club):
    session = lifting_session("A")
    session["prescriptions"][0].update(rir=0, rest_s=30)
    program = make_template(club, [phase_data(sessions=[session])])
    assert rules(program) == ["S3", "S2"]


def test_more_reps_than_the_load_allows_break_s3_as_in_the_plans(club):
    # 12 reps at 85 % 1RM: about 5 can be done (Epley), so every plan breaks S3 with it.
    session = lifting_session("A")
    session["prescriptions"][0].update(reps=12, percent_1rm=85)
    session["prescriptions"][1].update(reps=6, percent_1rm=85)  # within reach
    program = make_template(club, [phase_data(sessions=[session])])
    problems = [p for p in template_problems(loaded(program)) if p.rule == "S3"]
    assert [(p.where, p.message) for p in problems] == [
        (
            "Build · session A: Back squat",
            "12 reps at 85 % 1RM is past failure (about 5 can be done)",
        )
    ]
    check = template_check(loaded(program), club, today=TODAY)
    assert "S3" in {rule.rule for rule in check.rules}


def test_power_work_on_short_rest_breaks_s2_as_in_the_plans(club):
    session = lifting_session("A")
    session["prescriptions"].insert(0, rx("power-clean", "power", reps=3, rest_s=45))
    program = make_template(club, [phase_data(sessions=[session])])
    problems = [p for p in template_problems(loaded(program)) if p.rule == "S2"]
    assert [(p.where, p.message) for p in problems] == [
        ("Build · session A: Power clean", "45 s rest between sets")
    ]


def test_sessions_a_week_outside_the_phase_range_cite_the_phase_rule(club):
    program = make_template(club, [phase_data("taper", weeks=2, sessions_per_week=3)])
    problems = template_problems(loaded(program))
    assert [(p.rule, p.message) for p in problems] == [
        ("P6", "3 strength sessions a week; this phase calls for 0-1")
    ]


def test_an_introduction_or_build_phase_of_one_lift_a_week_breaks_p1_and_p4(club):
    # DOMAIN section 2: two strength sessions a week in both (P1, P4); sharpening may have one.
    program = make_template(
        club,
        [
            phase_data("intro", sessions_per_week=1, reps_min=12, reps_max=15, percent_min=50,
                       percent_max=65),
            phase_data("build", sessions_per_week=1),
            phase_data("sharpen", sessions_per_week=1),
        ],
    )  # fmt: skip
    problems = template_problems(loaded(program))
    assert [(p.rule, p.where, p.message) for p in problems] == [
        ("P1", "Introduction", "1 strength session a week; this phase calls for 2"),
        ("P4", "Build", "1 strength session a week; this phase calls for 2"),
    ]


def test_sessions_a_week_with_nothing_to_fill_them_are_reported(club):
    conditioning = {"label": "C", "kind": "conditioning", "prescriptions": []}
    program = make_template(club, [phase_data("base", sessions=[conditioning])])
    assert "2 sessions a week but no lifting or plyometric session to fill them" in [
        p.message for p in template_problems(loaded(program))
    ]


def test_inverted_ranges_are_reported(club, program):
    program.phases.update(reps_min=8, reps_max=4, percent_min=90, percent_max=80)
    messages = [p.message for p in template_problems(loaded(program))]
    assert "Reps from is above reps to" in messages
    assert "% 1RM from is above % 1RM to" in messages


def test_sample_athletes_are_a_marathoner_a_novice_and_a_5k_runner():
    samples = sample_athletes(TODAY)
    assert [s.profile["athlete"]["experience"] for s in samples] == [
        "novice" if s.key == "10k" else s.profile["athlete"]["experience"] for s in samples
    ]
    assert [(s.profile["athlete"]["event"], s.profile["start_date"]) for s in samples] == [
        ("marathon", "2027-01-11"),
        ("10k", "2027-01-11"),
        ("5k", "2027-01-11"),
    ]
    assert [s.profile["race_date"] for s in samples] == ["2027-05-02", "2027-05-30", "2027-03-07"]


def test_sample_plans_count_the_rules_they_break_by_rule_id(club):
    # Four lifting sessions a week in the build phase: more than the two P4 allows.
    sessions = [lifting_session(label) for label in "ABCD"]
    program = make_template(club, [phase_data("build", sessions=sessions, sessions_per_week=4)])
    check = template_check(loaded(program), club, today=TODAY)
    by_rule = {r.rule: r for r in check.rules}
    assert "P4" in by_rule
    assert by_rule["P4"].title == "Build: heavy strength and power 4-8 weeks out"
    assert sum(by_rule["P4"].counts) == by_rule["P4"].total > 0
    assert any("lifting sessions in one build week" in e for e in by_rule["P4"].examples)
    assert len(by_rule["P4"].counts) == 3


def test_missing_phases_are_borrowed_from_the_default_and_said_so(club, program):
    check = template_check(loaded(program), club, today=TODAY)
    assert check.notices == [
        "Phases this programme lacks come from the shipped default: Introduction, "
        "Off-season, Base, Sharpen, Taper, Maintenance"
    ]


def test_a_template_the_planner_can_not_read_is_reported_not_planned(club, program):
    program.phases.update(weeks=60)
    check = template_check(loaded(program), club, today=TODAY)
    assert check.invalid == ["phases[0].weeks: must be a whole number from 1 to 52"]
    assert check.rules == []


def test_shipped_default_check_runs_on_the_read_only_page(owner_client, shipped_program):
    html = owner_client.get(reverse("program_detail", args=[shipped_program.pk])).content.decode()
    assert "Intermediate marathoner, 16 weeks out, classic week" in html
    assert ProgramTemplate.objects.filter(club__isnull=True).count() == 1


def test_sets_the_plans_cut_to_keep_a_session_within_45_minutes_are_said(club):
    """Five sets each of three heavy lifts do not fit 45 minutes: the plans give fewer,
    and the check says so before anyone is assigned it."""
    session = lifting_session(
        "A",
        [
            rx("back-squat", "max_strength", sets=5),
            rx("bulgarian-split-squat", "max_strength", unilateral=True, sets=5),
            rx("romanian-deadlift", "max_strength", sets=5),
        ],
    )
    program = make_template(club, [phase_data("off_season", sessions=[session])])
    notices = template_check(loaded(program), club, TODAY).notices
    cut = [n for n in notices if "in the plans, to keep the session within 45 minutes" in n]
    assert cut and all(n.startswith("Off-season session A: ") for n in cut)
    assert any("Back squat 5 sets are cut to" in n for n in cut)


def notices_for_six_heavy_lifts(club, last: dict) -> list[str]:
    """The check's notices for an off-season session of six heavy lifts of four sets, the
    sixth as given: too long for 45 minutes however its sets and rests are cut."""
    five = [
        rx("back-squat", "max_strength", sets=4),
        rx("bulgarian-split-squat", "max_strength", unilateral=True, sets=4),
        rx("romanian-deadlift", "max_strength", sets=4),
        rx("step-up", "max_strength", unilateral=True, sets=4),
        rx("good-morning", "max_strength", sets=4),
    ]
    session = lifting_session("A", [*five, last])
    program = make_template(club, [phase_data("off_season", sessions=[session])])
    return template_check(loaded(program), club, TODAY).notices


def test_a_heavy_lift_the_plans_leave_out_to_keep_a_session_within_45_minutes_is_said(club):
    """Six heavy lifts of four sets: fewer sets and shorter rests are not enough, so the
    plans leave out the last accessory (S1), and the check names it beside the cut sets."""
    notices = notices_for_six_heavy_lifts(club, rx("calf-raise", "max_strength", sets=4))
    left = [n for n in notices if "is left out of the plan" in n]
    assert left, notices
    assert all(n.startswith("Off-season session A: ") for n in left)
    assert all(n.endswith("to keep the session within 45 minutes (S1)") for n in left)
    # Named as the programme names them (a new lifter's easier variant stands for its
    # lift), and never the session's first lift.
    asked = (
        "Bulgarian split squat",
        "Romanian deadlift",
        "Step-up",
        "Good morning",
        "Heavy calf raise",
    )
    assert all(n.split(": ", 1)[1].startswith(asked) for n in left), left


def test_a_lift_left_out_for_time_from_an_any_category_slot_is_said_as_the_slot(club):
    """The planner's pick for "any max strength" is not a lift the programme names: the
    notice names the slot, as the builder shows it."""
    any_lunge = rx(None, "max_strength", pattern="lunge", unilateral=True, sets=4)
    notices = notices_for_six_heavy_lifts(club, any_lunge)
    left = [n.split(": ", 1)[1] for n in notices if "is left out of the plan" in n]
    assert "any max strength is left out of" in " ".join(left), left
    assert not [n for n in left if n.startswith(("Reverse lunge", "Walking lunge"))], left


def test_a_session_that_fits_its_time_gets_no_word_on_sets(club, program):
    notices = template_check(loaded(program), club, TODAY).notices
    assert not [n for n in notices if "to keep the session within" in n]


def test_power_work_the_plans_leave_out_for_an_event_is_said(club):
    """A box jump and a push press in an off-season session: the plans keep the first for
    1500 m and 5 km runners and neither for 10 km to ultra (P9), and the check says so."""
    session = lifting_session(
        "A",
        [
            rx("box-jump", "plyometric", sets=3, reps=3),
            rx("push-press", "power", sets=3, reps=3),
            rx("back-squat", "max_strength", sets=3),
        ],
    )
    program = make_template(club, [phase_data("off_season", sessions=[session])])
    [said] = template_check(loaded(program), club, TODAY).power
    assert said == (
        "Off-season session A (Box jump, Barbell push press): the first kept for 1500 m and "
        "5 km; left out for 10 km to ultra"
    )


def test_power_work_every_event_keeps_gets_no_word(club):
    session = lifting_session(
        "A", [rx("box-jump", "plyometric", sets=3, reps=3), rx("back-squat", "max_strength")]
    )
    program = make_template(club, [phase_data("sharpen", sessions=[session])])
    assert template_check(loaded(program), club, TODAY).power == []


def test_the_rule_check_lists_power_work_kept_by_event(owner_client, shipped_program):
    html = owner_client.get(reverse("program_detail", args=[shipped_program.pk])).content.decode()
    assert "Power and plyometric work kept by event (10 sessions)" in html
    assert (
        "<li>Off-season session A (Box jump, Barbell push press): the first kept for 1500" in html
    )


def test_a_programme_whose_samples_only_clash_with_their_running_week_says_so(
    owner_client, shipped_program
):
    """The shipped programme breaks no rule of its own; its sample plans break only W rules,
    where a crowded running week leaves no clean day: the summary says that, not just
    "2 rules broken"."""
    check = template_check(loaded(shipped_program), None, TODAY)
    assert check.template_count == 0 and check.rules and check.week_rules_only
    page = owner_client.get(reverse("program_detail", args=[shipped_program.pk])).content.decode()
    assert "broken in sample plans (placing sessions in a crowded running week)" in page


def test_week_rules_broken_in_the_uncrowded_samples_are_the_programmes_doing(
    owner_client, club, shipped_program
):
    """Three lifting sessions a week in off-season and base crowd every sample's week: the
    summary must not put that down to a crowded running week."""
    from programs.services import program_clone

    program = program_clone(template=shipped_program, club=club, name="Three a week")
    program.phases.filter(phase__in=["off_season", "base"]).update(sessions_per_week=3)
    check = template_check(loaded(program), club, TODAY)
    assert any(rule.rule.startswith("W") and any(rule.counts[:2]) for rule in check.rules)
    assert not check.week_rules_only
    page = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert "crowded running week" not in page and "broken only in sample 3" not in page


def test_an_explosive_exercise_saved_without_its_amount_says_what_the_plans_give(club):
    """The builder now asks for it; one saved before (or brought in with a club's file)
    would be planned at a set amount the coach never chose."""
    session = lifting_session(
        "A",
        [
            rx("box-jump", "plyometric"),
            rx("bounding", "plyometric", metres=20),
            rx("back-squat", "max_strength"),
            rx("bulgarian-split-squat", "max_strength", unilateral=True),
            rx(None, "power", pattern="jump"),
        ],
    )
    program = make_template(club, [phase_data(sessions=[session])])
    problems = template_problems(loaded(program))
    assert [(p.rule, p.where, p.message) for p in problems] == [
        ("", "Build · session A: Box jump", "No amount given: plans give 10 reps a set"),
        (
            "",
            "Build · session A: any power",
            "No amount given: plans give 10 reps a set (30 s or 20 m for a hold or a distance)",
        ),
    ]


def test_an_exercise_in_a_session_of_a_kind_that_does_not_hold_it_is_named(club):
    # The kind field refuses such a kind; an exercise added to the session afterwards (or a
    # club file read in) is named by the check instead.
    mixed = {
        "label": "P",
        "kind": "plyometric",
        "prescriptions": [
            rx("box-jump", "plyometric", reps=5),
            rx("back-squat", "max_strength"),
        ],
    }
    program = make_template(club, [phase_data(sessions=[lifting_session("A"), mixed])])
    problems = [p for p in template_problems(loaded(program)) if "belongs" in p.message]
    assert [(p.rule, p.where, p.message) for p in problems] == [
        (
            "",
            "Build · session P: Back squat",
            "A heavy lift in a plyometric session; it belongs in a lifting session",
        )
    ]


def test_a_session_with_no_exercises_is_named_whatever_its_kind(club):
    """Plans leave an empty session out: an empty plyometric session takes its turn among
    the week's lifts all the same, so athletes lift once a week where twice was asked, and
    nothing in the check said so."""
    empty = [
        {"label": "B", "kind": "plyometric", "prescriptions": []},
        {"label": "C", "kind": "conditioning", "prescriptions": []},
        {"label": "H", "kind": "hill_sprint", "prescriptions": []},
    ]
    program = make_template(club, [phase_data(sessions=[lifting_session("A"), *empty])])
    problems = template_problems(loaded(program))
    assert [(p.rule, p.where, p.message) for p in problems] == [
        (
            "",
            "Build · session B",
            "No exercises: plans leave the session out, so the weeks whose turn it is have "
            "one lift fewer",
        ),
        ("", "Build · session C", "No exercises: plans leave the session out"),
        ("", "Build · session H", "No exercises: plans leave the session out"),
    ]
    assert [p.anchor for p in problems] == [
        f"session-{s.pk}" for s in program.phases.get().sessions.exclude(label="A")
    ]
