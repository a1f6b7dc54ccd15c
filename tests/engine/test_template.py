from dataclasses import replace

import pytest

from programs.engine import (
    TemplateError,
    default_template,
    template_from_dict,
    template_to_dict,
)
from programs.engine.template import PHASES, phase_spec
from tests.engine.support import make_plan, make_profile


def test_the_default_template_has_every_phase():
    assert [p.phase for p in default_template().phases] == list(PHASES)


def test_the_default_template_follows_the_phase_table():
    spec = {p.phase: p for p in default_template().phases}
    assert (spec["off_season"].reps_min, spec["off_season"].reps_max) == (4, 6)
    assert (spec["off_season"].percent_min, spec["off_season"].percent_max) == (80, 90)
    assert (spec["base"].percent_min, spec["base"].percent_max) == (65, 75)
    assert (spec["build"].percent_min, spec["build"].percent_max) == (75, 85)
    assert (spec["intro"].reps_min, spec["intro"].reps_max) == (12, 15)
    assert spec["taper"].sessions_per_week == 1


def test_a_template_round_trips_through_its_dict():
    template = default_template()
    assert template_from_dict(template_to_dict(template)) == template


def test_a_club_template_without_a_phase_borrows_the_default_one():
    club = replace(default_template(), name="Club", phases=(default_template().phases[2],))
    assert phase_spec(club, "build") == default_template().phase("build")
    plan = make_plan(make_profile(), club)
    assert [b.phase for b in plan.phases] == ["off_season", "base", "build", "sharpen", "taper"]


def test_a_club_template_changes_the_plan():
    data = template_to_dict(default_template())
    for phase in data["phases"]:
        if phase["phase"] == "build":
            phase["weeks"] = 6
    plan = make_plan(make_profile(), template_from_dict(data))
    lengths = {b.phase: (b.end - b.start).days // 7 + 1 for b in plan.phases}
    assert lengths["build"] == 6


def test_a_broken_template_lists_its_problems():
    data = {
        "name": "Broken",
        "phases": [
            {
                "phase": "bulk",
                "weeks": 0,
                "sessions_per_week": 9,
                "reps_min": 5,
                "reps_max": 3,
                "percent_min": 90,
                "percent_max": 80,
                "sessions": [
                    {
                        "label": "A",
                        "kind": "yoga",
                        "prescriptions": [{"category": "dance", "sets": "three"}],
                    }
                ],
            },
        ],
    }
    with pytest.raises(TemplateError) as caught:
        template_from_dict(data)
    assert caught.value.problems == [
        "phases[0].phase: must be one of intro, off_season, base, build, sharpen, taper, "
        "maintenance",
        "phases[0].weeks: must be a whole number from 1 to 52",
        "phases[0].sessions_per_week: must be a whole number from 0 to 5",
        "phases[0].reps_min: must be at least 1 and at most reps_max",
        "phases[0].percent_min: must be above 0 and at most percent_max (<= 100)",
        "phases[0].sessions[0].kind: must be one of lifting, conditioning, plyometric, hill_sprint",
        "phases[0].sessions[0].prescriptions[0].category: must be one of max_strength, power, "
        "plyometric, conditioning, hill_sprint, mobility",
        "phases[0].sessions[0].prescriptions[0].sets: must be a whole number",
    ]


def test_a_phase_left_without_sessions_is_a_broken_rule_not_a_quiet_gap():
    """A club programme whose sharpen phase holds no session plans none there: the plan
    says so (P5), where it used to say it broke no rule."""
    data = template_to_dict(default_template())
    for phase in data["phases"]:
        if phase["phase"] == "sharpen":
            phase["sessions"] = []
    plan = make_plan(make_profile(), template_from_dict(data))
    sharpen = next(b for b in plan.phases if b.phase == "sharpen")
    assert not [s for s in plan.sessions if s.phase == "sharpen"]
    assert [(w.rule, w.date, w.message) for w in plan.warnings if w.rule == "P5"] == [
        ("P5", sharpen.start, "No strength session in the sharpen phase")
    ]
