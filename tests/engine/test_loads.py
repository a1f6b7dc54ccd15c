import pytest

from programs.engine import load_from_percent, plate_step, round_to_plate
from programs.engine.loads import bodyweight_cap


def test_plate_step_is_2_5_kg_or_5_lb():
    assert plate_step("kg") == 2.5
    assert plate_step("lb") == 5.0


@pytest.mark.parametrize(
    ("value", "units", "rounded"),
    [
        (59.5, "kg", 57.5),
        (60.0, "kg", 60.0),
        (62.49, "kg", 60.0),
        (139.0, "lb", 135.0),
        (1.0, "kg", 0.0),
    ],
)
def test_loads_round_down_to_the_plate_step(value, units, rounded):
    assert round_to_plate(value, units) == rounded


def test_load_from_percent_uses_the_1rm_and_rounds_down():
    assert load_from_percent(85, 70, "kg") == 57.5
    assert load_from_percent(265, 85, "lb") == 225.0


def test_bodyweight_cap_converts_kilograms_for_pound_users():
    assert bodyweight_cap(68, "advanced", "lb") == 45.0
    assert bodyweight_cap(68, "advanced", "kg") == 20.0
