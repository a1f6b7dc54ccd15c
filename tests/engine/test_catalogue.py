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


def test_without_the_lift_it_would_repeat_the_easier_two_legged_variant_stands_in():
    """Only a repeat is avoided: a session without a Romanian deadlift gets the dumbbell one
    for the single-leg deadlift, its other slots keeping their own movements."""
    assert choose("single-leg-deadlift", "max_strength", "hinge", True).slug == (
        "dumbbell-romanian-deadlift"
    )
    picked = choose("single-leg-deadlift", "max_strength", "hinge", True, ["back-squat"])
    assert picked.slug == "dumbbell-romanian-deadlift"


def test_the_single_leg_lift_taken_instead_is_of_a_movement_the_session_lacks():
    taken = ["romanian-deadlift", "step-up"]  # a hinge, and a single-leg lunge already
    picked = choose("single-leg-deadlift", "max_strength", "hinge", True, taken)
    assert picked.unilateral and picked.pattern not in {"hinge", "lunge"}


def test_a_two_legged_slot_still_steps_down_its_easier_variants():
    picked = choose("romanian-deadlift", "max_strength", "hinge", False, ["romanian-deadlift"])
    assert picked.slug == "dumbbell-romanian-deadlift"


def test_a_single_leg_plyometric_may_step_down_to_two_feet():
    """Hops on one leg before a novice has the landings: pogo jumps, on two, come first."""
    picked = choose("single-leg-hop", "plyometric", None, True)
    assert picked.slug == "pogo-jump"
