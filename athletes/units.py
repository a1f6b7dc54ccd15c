"""Kilograms and pounds: how a stored load changes when an athlete switches units."""

from decimal import ROUND_HALF_UP, Decimal

POUNDS_PER_KG = Decimal("2.20462262")


def factor(old: str, new: str) -> Decimal:
    if old == new:
        return Decimal(1)
    return POUNDS_PER_KG if new == "lb" else 1 / POUNDS_PER_KG


def record(value: Decimal, old: str, new: str) -> Decimal:
    """A load that was lifted (a test, a logged set) in the new unit, kept to 0.1."""
    return (value * factor(old, new)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
