"""The rules of DOMAIN.md by ID, their weight when a week has to break one, and the
day-level rules shared by the week placer and the plan checker (W1-W9)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .plan import PlannedExercise
from .profile import RunDay

RULES: dict[str, str] = {
    "P1": "Introduction phase for athletes new to lifting",
    "P2": "Off-season: maximal strength more than 12 weeks out",
    "P3": "Base: moderate loads 8-12 weeks out",
    "P4": "Build: heavy strength and power 4-8 weeks out",
    "P5": "Sharpen: maintenance plus explosive work 2-4 weeks out",
    "P6": "Taper: fewer sets in the final 1-2 weeks",
    "P7": "Maintenance: at least one short heavy session a week",
    "P8": "Heavy phases lift at 70 % 1RM or more",
    "P9": "Power and plyometrics near the race and for shorter events",
    "P10": "New lifters add one kind of work at a time",
    "S1": "3-5 exercises of 3-4 sets per lifting session, 30-45 min with the warm-up",
    "S2": "2-3 min rest between heavy sets",
    "S3": "Never to failure: 1-2 reps in reserve",
    "S4": "At least one unilateral exercise per lifting session",
    "S5": "At most two plyometric exercises, done first",
    "S6": "Warm-up set at 50-60 % before each heavy lift",
    "S7": "Alternate session emphasis A/B",
    "S8": "Weekly upper-body pulling and multi-planar work",
    "W1": "No lifting the day before a quality session or long run",
    "W2": "Lift on easy days",
    "W3": "Run first, lift at least 3 h later",
    "W4": "Nothing in the 72 h before a race; one short taper session at most",
    "W5": "Heavy sessions at least 48 h apart",
    "W6": "No conditioning the day after heavy lifting",
    "W7": "No plyometrics on consecutive days",
    "W8": "No lifting on the long-run day, nothing heavy the day before",
    "W9": "No hill sprints the day before a quality session",
    "L1": "Loads rounded down to the plate step",
    "L2": "1RM estimates from tests of 10 reps or fewer",
    "L3": "No 1RM: prescribe by reps in reserve",
    "L4": "At most one plate step a week, only in loading phases",
    "L5": "Conditioning progresses up to 3 x 20",
    "L6": "Body-weight-loaded lifts up to 25-33 % of body weight",
    "L7": "Deload every 4th week of a loading phase",
    "L8": "Soreness that hurts quality runs means less load",
    "L9": "Pain stops the exercise",
}

# How bad breaking each week rule is, used to choose the least-bad layout of a crowded
# week. A spoiled quality session or long run costs most; spacing between sessions least.
SEVERITY: dict[str, float] = {
    "W4": 100.0,
    "W1": 10.0,
    "W8": 10.0,
    "W2": 6.0,
    "W9": 6.0,
    "W5": 5.0,
    "W3": 4.0,
    "W6": 3.0,
    "W7": 3.0,
}

LIFTING_KINDS = ("lifting", "plyometric")
SAME_HALF_DAY = "Run and lift in the same half of the day, less than 3 h apart"
# Nothing within 72 h of the race (W4): the last day a session may take is race day - 4.
RACE_CLEAR_DAYS = 4
HOUR = {"am": 8, "pm": 18}


class Facts(NamedTuple):
    """What the spacing rules need to know about a session."""

    kind: str
    heavy: bool
    plyometric: bool


# W5, W6: a lifting session is heavy when a strength lift in it is at this % 1RM or more.
HEAVY_PERCENT = 70


def session_facts(kind: str, exercises: Iterable[PlannedExercise]) -> Facts:
    """Heavy means a lift at 70 % 1RM or more in a lifting session (W5, W6)."""
    heavy = plyometric = False
    for e in exercises:
        if (
            e.category == "max_strength"
            and e.percent_1rm is not None
            and e.percent_1rm >= HEAVY_PERCENT
        ):
            heavy = True
        elif e.category == "plyometric":
            plyometric = True
    return Facts(kind, kind == "lifting" and heavy, kind == "plyometric" or plyometric)


def day_rules(kind: str, time: str, today: RunDay, tomorrow: RunDay) -> list[tuple[str, str]]:
    """Rules a session breaks through the running of its own day and the next."""
    broken: list[tuple[str, str]] = []
    if kind == "hill_sprint":
        if today.run == "long":
            broken.append(("W8", "Hill sprints on the long-run day"))
        if tomorrow.run == "quality":
            broken.append(("W9", "Hill sprints the day before a quality session"))
        elif tomorrow.run == "long":
            broken.append(("W8", "Hill sprints the day before the long run"))
        return broken
    if kind not in LIFTING_KINDS:
        return broken
    if today.run == "long":
        broken.append(("W8", "Lifting on the long-run day"))
    elif today.run == "quality":
        if today.time == "pm" and time == "am":
            broken.append(("W1", "Lifting in the morning before an afternoon quality session"))
        elif today.time == "pm":
            broken.append(
                ("W2", "Lifting after an afternoon quality session; lift on an easy day instead")
            )
        elif time == "am":
            broken.append(("W3", "Lifting in the same morning as the quality run"))
    elif today.run == "easy":
        if time == "am" and today.time == "pm":
            broken.append(("W3", "Lifting before the run; run first and lift 3 h or more later"))
        elif time == today.time:
            broken.append(("W3", SAME_HALF_DAY))
    if tomorrow.run == "quality":
        broken.append(("W1", "Lifting the day before a quality session"))
    elif tomorrow.run == "long":
        broken.append(("W1", "Lifting the day before the long run"))
    return broken


def pair_rules(
    first: Facts, second: Facts, days_apart: int, hours_apart: float
) -> list[tuple[str, str]]:
    """Rules two sessions break by how close together they are; `first` is the earlier."""
    broken: list[tuple[str, str]] = []
    if first.heavy and second.heavy and hours_apart < 48:
        broken.append(("W5", "Heavy lifting sessions less than 48 h apart"))
    if first.heavy and second.kind == "conditioning" and days_apart == 1:
        broken.append(("W6", "Conditioning the day after a heavy lifting session"))
    if first.plyometric and second.plyometric and days_apart == 1:
        broken.append(("W7", "Plyometrics on consecutive days"))
    return broken


def hours_between(days_apart: int, first_time: str, second_time: str) -> int:
    return 24 * days_apart + HOUR[second_time] - HOUR[first_time]
