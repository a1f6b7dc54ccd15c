"""Plans made again around the sessions they keep: with nothing changed, the same plan."""

import random
from datetime import timedelta

import pytest

from programs.engine import KeptSession, build_plan, default_template, parse_profile
from programs.engine.rules import session_facts
from tests.engine.support import CATALOGUE, SLUGS, profile_data

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RUNS = ("rest", "easy", "easy", "quality", "long")


def running_week(rng: random.Random) -> dict:
    week = {}
    for day in DAYS:
        run = rng.choice(RUNS)
        week[day] = (
            {"run": run} if run == "rest" else {"run": run, "time": rng.choice(["am", "pm"])}
        )
    return week


def kept_before(plan, today) -> list[KeptSession]:
    """The plan's sessions gone by, as a plan made again keeps them."""
    return [
        KeptSession(
            date=s.date,
            time=s.time,
            kind=s.kind,
            heavy=session_facts(s.kind, s.exercises).heavy,
            plyometric=session_facts(s.kind, s.exercises).plyometric,
            label=s.label,
        )
        for s in plan.sessions
        if s.date < today
    ]


@pytest.mark.parametrize("seed", range(60))
def test_a_plan_made_again_on_any_day_with_nothing_changed_is_the_same(seed):
    """Any running week, experience and event, made again on each of the first eight weeks'
    days: the sessions to come are the ones first planned (kept optional sessions, such as
    hill sprints, never move the week's main ones)."""
    rng = random.Random(seed)
    data = profile_data(running_week=running_week(rng))
    data["athlete"]["experience"] = rng.choice(["novice", "intermediate", "advanced"])
    data["athlete"]["event"] = rng.choice(["5k", "marathon", "10k"])
    profile = parse_profile(data, SLUGS)
    first = build_plan(profile, default_template(), CATALOGUE)
    moved = []
    for offset in range(1, 8 * 7):
        today = profile.start_date + timedelta(days=offset)
        again = build_plan(profile, default_template(), CATALOGUE, kept_before(first, today), today)
        if [s for s in again.sessions if s.date >= today] != [
            s for s in first.sessions if s.date >= today
        ]:
            moved.append(today)
    assert not moved, (data, moved[:3])


def test_a_kept_session_is_spaced_from_as_what_it_is():
    """A base-phase lift the coach made heavy (70 % 1RM or more) and kept: the week's
    conditioning does not go the day after it (W6), as it would beside the planned,
    lighter session of that label."""
    profile = parse_profile(profile_data(running_week=running_week(random.Random(1))), SLUGS)
    plan = build_plan(profile, default_template(), CATALOGUE)
    [lift] = [s for s in plan.sessions if s.week == 5 and s.label == "A"]
    assert not session_facts(lift.kind, lift.exercises).heavy  # as planned
    made_heavy = KeptSession(lift.date, lift.time, "lifting", heavy=True, label="A")
    again = build_plan(profile, default_template(), CATALOGUE, [made_heavy])
    after = [s for s in again.sessions if s.week == 5 and s.date == lift.date + timedelta(days=1)]
    assert [s.kind for s in after] != ["conditioning"], after
    before = [s for s in plan.sessions if s.week == 5 and s.date == lift.date + timedelta(days=1)]
    assert [s.kind for s in before] == ["conditioning"]  # where the light one let it go


def test_a_kept_session_stands_for_the_session_of_its_label_and_kind():
    """A template may name a lifting and a conditioning session alike: the kept
    conditioning session is that week's conditioning, not its lift."""
    from dataclasses import replace

    template = default_template()
    relabelled = replace(
        template,
        phases=tuple(
            replace(
                phase,
                sessions=tuple(
                    replace(s, label="A") if s.kind == "conditioning" else s for s in phase.sessions
                ),
            )
            for phase in template.phases
        ),
    )
    profile = parse_profile(profile_data(), SLUGS)
    plan = build_plan(profile, relabelled, CATALOGUE)
    week = [s for s in plan.sessions if s.week == 3]
    [conditioning] = [s for s in week if s.kind == "conditioning"]
    kept = KeptSession(conditioning.date, conditioning.time, "conditioning", label="A")
    again = build_plan(profile, relabelled, CATALOGUE, [kept], conditioning.date)
    assert [(s.date, s.kind) for s in again.sessions if s.week == 3] == [
        (s.date, s.kind) for s in week
    ]
