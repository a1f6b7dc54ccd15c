"""How long a session takes in the gym, worked out from its prescriptions.

DOMAIN S1 asks for lifting sessions of 30-45 minutes including the warm-up. The planner
keeps its sessions inside that (fit_to_time), the checker flags a session beyond it, and
the pages show each session's length, all from the one estimate below:

- the warm-up: about 10 minutes of easy cardio (S6);
- every set: about 3 s a rep (each leg on a single-leg exercise), the seconds held, or
  the metres covered at about 3 m/s, plus 15 s to get set;
- the lighter set before each heavy lift (S6), with a minute after it;
- the rest the prescription gives after every set but the session's last.

It takes any object with the prescription fields (the engine's PlannedExercise or a
stored one), so the planner and the pages can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .catalogue import EXPLOSIVE, STRENGTH_CATEGORIES

WARM_UP_S = 600
REP_S = 3
METRES_PER_S = 3
GET_SET_S = 15
WARM_UP_SET_REST_S = 60
DEFAULT_REST_S = 60
MOST_MINUTES = 45  # S1
# What the planner may trim, within the rules: heavy sets down to S1's 3 and heavy rest
# down to S2's 2 min.
FEWEST_HEAVY_SETS = 3
MAIN_PATTERNS = ("squat", "hinge")  # with the calf raise, the lifts to keep (DOMAIN 1)
SHORTEST_HEAVY_REST_S = 120


def heavy(e: Any) -> bool:
    """A lift loaded from a 1RM: the ones a lighter warm-up set comes before (S6)."""
    return (
        e.category == "max_strength" and bool(e.load) and e.percent_1rm is not None and bool(e.reps)
    )


# Single-leg work done as in running, one leg then the other: a set is covered once.
LEGS_IN_TURN = frozenset({"bounding", "a-skip", "b-skip"})


def each_side(e: Any) -> bool:
    """Whether a set of single-leg work is done once for each side: a lift, hold, hop or
    carry is; bounding, skips and hill sprints go the legs in turn, so their set is one."""
    if not e.unilateral or e.category == "hill_sprint":
        return False
    slug = e.exercise if isinstance(e.exercise, str) else e.exercise.slug
    return slug not in LEGS_IN_TURN


def set_seconds(e: Any) -> float:
    """One working set of the prescription, without the rest after it."""
    work = (e.reps or 0) * REP_S + (e.seconds or 0) + (e.metres or 0) / METRES_PER_S
    if each_side(e):
        work *= 2
    return work + GET_SET_S


def session_seconds(exercises: Sequence[Any]) -> float:
    total = float(WARM_UP_S) if exercises else 0.0
    for e in exercises:
        one = set_seconds(e)
        rest = DEFAULT_REST_S if e.rest_s is None else e.rest_s
        total += e.sets * (one + rest)
        if heavy(e):
            total += one + WARM_UP_SET_REST_S
    if exercises:
        last = exercises[-1]
        total -= DEFAULT_REST_S if last.rest_s is None else last.rest_s
    return total


def session_minutes(exercises: Sequence[Any]) -> int:
    """The session's length in whole minutes, rounded up: what the pages show and S1 checks."""
    return math.ceil(session_seconds(exercises) / 60 - 1e-9) if exercises else 0


def too_long(exercises: Sequence[Any]) -> bool:
    return session_minutes(exercises) > MOST_MINUTES


def fit_to_time(exercises: tuple) -> tuple[tuple, set[str]]:
    """A lifting session cut to S1's 45 minutes, changing as little as it can.

    First the dose, while the session is too long: heavy lifts above 3 sets come down a
    set (S1 asks for 3-4), then heavy rest above 2 min comes down 30 s (S2 asks for 2-3).
    When that is not enough an exercise goes, and the dose is worked out again from the
    prescription without it. What goes, in turn:

    1. a heavy accessory: the last heavy lift that is not the session's first, its first
       squat or hinge or a calf raise, and whose going leaves a single-leg lift (S4); squat,
       Romanian deadlift and heavy calf raise are the three a coach short of time keeps
       (DOMAIN 1);
    2. the same, a calf raise too: near the race power and plyometrics take the place of
       part of the heavy work, not the other way round (P9);
    3. the second explosive exercise (one is kept).

    No step takes a session below 3 exercises (S1). Returns the session and the exercises
    it dropped; what cannot be fitted stays as long as it is, and the checker says so.
    """
    dropped: set[str] = set()
    while True:
        trimmed = _trimmed(exercises)
        if not too_long(trimmed):
            return trimmed, dropped
        smaller = _drop_accessory(exercises) or _drop_calf(exercises) or _drop_explosive(exercises)
        if smaller is None:
            return trimmed, dropped
        dropped |= {e.exercise for e in exercises} - {e.exercise for e in smaller}
        exercises = smaller


def _trimmed(exercises: tuple) -> tuple:
    for step in (_fewer_sets, _shorter_rest):
        while too_long(exercises) and (changed := step(exercises)) is not None:
            exercises = changed
    return exercises


def _fewer_sets(exercises: tuple) -> tuple | None:
    for i in reversed(range(len(exercises))):
        e = exercises[i]
        if e.category == "max_strength" and e.sets > FEWEST_HEAVY_SETS:
            return exercises[:i] + (replace(e, sets=e.sets - 1),) + exercises[i + 1 :]
    return None


def _shorter_rest(exercises: tuple) -> tuple | None:
    if not any(
        e.category == "max_strength" and (e.rest_s or 0) > SHORTEST_HEAVY_REST_S for e in exercises
    ):
        return None
    return tuple(
        replace(e, rest_s=max(SHORTEST_HEAVY_REST_S, e.rest_s - 30))
        if e.category == "max_strength" and (e.rest_s or 0) > SHORTEST_HEAVY_REST_S
        else e
        for e in exercises
    )


def _without(exercises: tuple, index: int) -> tuple:
    return exercises[:index] + exercises[index + 1 :]


def _single_leg_left(exercises: tuple) -> bool:
    return any(e.unilateral for e in exercises if e.category in STRENGTH_CATEGORIES)


def _main_lifts(exercises: tuple) -> set[int]:
    """The session's first heavy lift, and its first squat and first hinge (DOMAIN 1)."""
    lifts = [i for i, e in enumerate(exercises) if e.category == "max_strength"]
    main = set(lifts[:1])
    for pattern in MAIN_PATTERNS:
        main |= set([i for i in lifts if exercises[i].pattern == pattern][:1])
    return main


def _accessory(exercises: tuple, calves: bool) -> tuple | None:
    if len(exercises) <= 3:
        return None
    lifts = [i for i, e in enumerate(exercises) if e.category == "max_strength"]
    main = _main_lifts(exercises)
    for i in reversed(lifts):
        e = exercises[i]
        if i in main or (e.pattern == "calf" and not calves):
            continue
        rest = _without(exercises, i)
        if _single_leg_left(rest) or not _single_leg_left(exercises):
            return rest
    return None


def _drop_accessory(exercises: tuple) -> tuple | None:
    return _accessory(exercises, calves=False)


def _drop_calf(exercises: tuple) -> tuple | None:
    return _accessory(exercises, calves=True)


def _drop_explosive(exercises: tuple) -> tuple | None:
    if len(exercises) <= 3:
        return None
    fast = [i for i, e in enumerate(exercises) if e.category in EXPLOSIVE]
    return _without(exercises, fast[-1]) if len(fast) > 1 else None
