"""Loads: plate rounding, 1RM arithmetic, warm-up sets and the body-weight and conditioning
progressions (DOMAIN L1, L2, L5, L6, S6)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

LB_PER_KG = 2.20462
EPLEY_MAX_REPS = 10
# L6: body-weight-loaded lifts build towards 25-33 % of body weight held.
BODYWEIGHT_CAP = {"novice": 0.25, "intermediate": 0.33, "advanced": 0.33}
BODYWEIGHT_START = {"novice": 0.0, "intermediate": 0.1, "advanced": 0.2}
# L5: conditioning climbs from 2 x 10 to 3 x 20 (sets, amount), one rung per week.
CONDITIONING_LADDERS = {
    "bodyweight_reps": ((2, 10), (2, 12), (2, 15), (2, 20), (3, 15), (3, 20)),
    "seconds": ((2, 20), (2, 30), (2, 40), (3, 30), (3, 40), (3, 45)),
    "metres": ((2, 10), (2, 15), (2, 20), (3, 15), (3, 20), (3, 25)),
}
CONDITIONING_TOP_RUNG = 5
CONDITIONING_MAX_SETS = 3
CONDITIONING_MAX_REPS = 20
# Floating-point slack so that 57.5 / 2.5 counts as a whole number of plates.
_EPS = 1e-6


@dataclass(frozen=True)
class WarmupSet:
    load: float
    reps: int


def plate_step(units: str) -> float:
    """Smallest load change the athlete can make: 2.5 kg, or 5 lb for pound users (L1)."""
    return 5.0 if units == "lb" else 2.5


def round_to_plate(value: float, units: str) -> float:
    """Round down to the plate step: a rounded load is never heavier than prescribed (L1)."""
    step = plate_step(units)
    return max(0.0, math.floor(value / step + _EPS) * step)


def on_plate_step(load: float, units: str) -> bool:
    plates = load / plate_step(units)
    return abs(plates - round(plates)) < _EPS


def load_from_percent(one_rm: float, percent: float, units: str) -> float:
    return round_to_plate(one_rm * percent / 100.0, units)


def epley_1rm(weight: float, reps: int) -> float:
    """1RM estimated from a rep test (L2); tests of more than 10 reps are not trusted."""
    if weight <= 0:
        raise ValueError("weight must be above 0")
    if not 1 <= reps <= EPLEY_MAX_REPS:
        raise ValueError(f"reps must be from 1 to {EPLEY_MAX_REPS} for a trustworthy estimate")
    if reps == 1:
        return float(weight)
    return weight * (1 + reps / 30.0)


# Reps past what Epley gives at a percentage (L2) that are past failure, not an estimate's
# error: the heavy phases' own 5 x 88 % is about one past it, a weight kept from a heavier
# phase under a lighter one's reps (8 x 89 %) four.
PAST_FAILURE_REPS = 2


def epley_reps(percent: float) -> float:
    """The reps a lifter manages at `percent` % of their 1RM, by Epley's relation (L2)
    turned round; none at or past the 1RM."""
    return max(0.0, 30.0 * (100.0 / percent - 1)) if percent > 0 else float("inf")


def warmup_sets(working_load: float | None, units: str) -> list[WarmupSet]:
    """S6: one lighter set at 50-60 % of the working weight before each heavy lift. Empty
    when there is no working load, or no plate multiple falls in that band."""
    if not working_load:
        return []
    load = round_to_plate(working_load * 0.6, units)
    if load < working_load * 0.5 - _EPS or load <= 0:
        return []
    return [WarmupSet(load=load, reps=5)]


def body_mass_in(units: str, body_mass_kg: float) -> float:
    return body_mass_kg * LB_PER_KG if units == "lb" else body_mass_kg


def bodyweight_cap(body_mass_kg: float, experience: str, units: str) -> float:
    """Heaviest load held for a body-weight-loaded lift (L6), on the plate step."""
    return round_to_plate(body_mass_in(units, body_mass_kg) * BODYWEIGHT_CAP[experience], units)


def bodyweight_start(body_mass_kg: float, experience: str, units: str) -> float:
    return round_to_plate(body_mass_in(units, body_mass_kg) * BODYWEIGHT_START[experience], units)


def conditioning_dose(load_mode: str, rung: int) -> tuple[int, int]:
    ladder = CONDITIONING_LADDERS.get(load_mode, CONDITIONING_LADDERS["bodyweight_reps"])
    return ladder[max(0, min(rung, len(ladder) - 1))]


# How a dose below the ladder climbs to its first rung: a rep, or 5 s or 5 m, a week.
CONDITIONING_CLIMB = {"bodyweight_reps": 1, "seconds": 5, "metres": 5}


@cache  # the same few doses, asked again for every week of every plan
def conditioning_ladder(
    load_mode: str, sets: int, amount: int | None
) -> tuple[tuple[tuple[int, int], ...], int | None]:
    """The doses a conditioning exercise climbs through week by week (L5), and the rung its
    template dose starts on. A dose below the ladder's first rung (3 x 5 pull-ups, 2 x 8
    bridges) starts as the coach dosed it, on at most 3 sets, and climbs a step a week to
    the ladder; its start is None: the coach's own, with no head start for experience."""
    ladder = CONDITIONING_LADDERS.get(load_mode, CONDITIONING_LADDERS["bodyweight_reps"])
    first = ladder[0][0] * ladder[0][1]
    if not amount or sets * amount >= first:
        return ladder, conditioning_rung(load_mode, sets, amount)
    sets = min(sets, CONDITIONING_MAX_SETS)
    step = CONDITIONING_CLIMB.get(load_mode, 1)
    climb = []
    while sets * amount < first:
        climb.append((sets, amount))
        amount += step
    return (*climb, *ladder), None


def conditioning_rung(load_mode: str, sets: int, amount: int | None) -> int:
    """The ladder rung a template dose corresponds to: the first one of at least its volume
    (sets x amount), so that 3 x 5 is not read as 3 x 15."""
    ladder = CONDITIONING_LADDERS.get(load_mode, CONDITIONING_LADDERS["bodyweight_reps"])
    for rung, (rung_sets, rung_amount) in enumerate(ladder):
        if (rung_sets * rung_amount, rung_sets) >= (sets * (amount or 0), sets):
            return rung
    return len(ladder) - 1
