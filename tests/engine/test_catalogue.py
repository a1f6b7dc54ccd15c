"""Choosing the exercise for a slot the athlete is not ready for (difficulty)."""

from programs.engine.catalogue import Catalogue
from tests.engine.support import CATALOGUE

NOVICE = 1


def choose(slug, category, pattern, unilateral, taken=()):
    return Catalogue(CATALOGUE).choose(
        slug=slug,
        category=category,
        pattern=pattern,
        unilateral=unilateral,
        max_difficulty=NOVICE,
        taken=set(taken),
    )


def test_a_single_leg_lift_too_hard_for_a_novice_stays_single_legged():
    """The single-leg deadlift's easier variant is the two-legged dumbbell Romanian
    deadlift: taking it would leave the session without its one-legged lift (S4)."""
    picked = choose("single-leg-deadlift", "max_strength", "hinge", True, ["romanian-deadlift"])
    assert picked.unilateral and picked.difficulty <= NOVICE
    assert picked.slug != "dumbbell-romanian-deadlift"


def test_a_two_legged_slot_still_steps_down_its_easier_variants():
    picked = choose("romanian-deadlift", "max_strength", "hinge", False, ["romanian-deadlift"])
    assert picked.slug == "dumbbell-romanian-deadlift"


def test_a_single_leg_plyometric_may_step_down_to_two_feet():
    """Hops on one leg before a novice has the landings: pogo jumps, on two, come first."""
    picked = choose("single-leg-hop", "plyometric", None, True)
    assert picked.slug == "pogo-jump"
