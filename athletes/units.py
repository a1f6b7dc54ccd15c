"""Kilograms and pounds: how a stored load changes when an athlete switches units."""

from decimal import ROUND_HALF_UP, Decimal

POUNDS_PER_KG = Decimal("2.20462262")


def factor(old: str, new: str) -> Decimal:
    if old == new:
        return Decimal(1)
    return POUNDS_PER_KG if new == "lb" else 1 / POUNDS_PER_KG


def tenth(value: Decimal | float) -> str:
    """A measured figure (a 1RM, a body mass) to 0.1 as pages, messages and PDF plans say it:
    half up, without a trailing .0 (74.25 -> "74.3", 196.97 -> "197")."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".removesuffix(".0")


def record(value: Decimal, old: str, new: str) -> Decimal:
    """A load that was lifted (a test, a logged set) in the new unit, kept to 0.1."""
    return (value * factor(old, new)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Body mass is kept in kilograms to 0.1 (the plan's input, docs/plan-format.md) and typed
# and shown in the athlete's units.
BODY_MASS_KG = (Decimal("25"), Decimal("250"))
UNIT_WORDS = {"kg": "kilograms", "lb": "pounds"}
BODY_MASS_EXAMPLE = {"kg": "61.5", "lb": "135.5"}


def body_mass_kg(value: Decimal, unit: str) -> Decimal:
    """A body mass typed in `unit`, in kilograms to 0.1."""
    return (value * factor(unit, "kg")).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def body_mass_shown(kg: Decimal, unit: str) -> Decimal:
    """A body mass kept in kilograms, in `unit`: in pounds to the whole pound when that
    pound is kept as the same 0.1 kg (150 lb typed shows 150 again), else to 0.1 lb,
    which always is."""
    if unit == "kg":
        return kg
    exact = kg * factor("kg", unit)
    whole = exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if body_mass_kg(whole, unit) == kg:
        return whole
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def body_mass_limits(unit: str) -> tuple[Decimal, Decimal]:
    """The lightest and heaviest body mass kept, in `unit`, each kept as those kilograms
    (25 to 250 kg is 55.1 to 551.2 lb)."""
    low, high = BODY_MASS_KG
    return body_mass_shown(low, unit), body_mass_shown(high, unit)


def body_mass_message(unit: str) -> str:
    """What a body mass the form cannot keep is told, in the unit it was typed in."""
    low, high = body_mass_limits(unit)
    return (
        f"Body mass: {UNIT_WORDS[unit]} from {low:f} to {high:f}, one decimal at most "
        f"(for example {BODY_MASS_EXAMPLE[unit]})."
    )
