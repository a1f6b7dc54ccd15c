"""What an athlete's session log means for the plan: soreness (L8) and pain (L9)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from .plan import PlannedSession

SORENESS_ALERT = 7
SORENESS_TWICE = 5
# Soreness in the first weeks of lifting is expected; only severe soreness is flagged then.
SORENESS_SETTLING_WEEKS = 4


def soreness_alert(scores: Sequence[int], weeks_lifting: int | None = None) -> bool:
    """L8: flag the coach when the latest soreness (0-10) is 7 or more, or the last two
    sessions were both 5 or more (after the first 3-4 weeks of lifting)."""
    if not scores:
        return False
    if scores[-1] >= SORENESS_ALERT:
        return True
    settling = weeks_lifting is not None and weeks_lifting <= SORENESS_SETTLING_WEEKS
    return not settling and len(scores) >= 2 and min(scores[-2:]) >= SORENESS_TWICE


def without_painful(session: PlannedSession, painful: Collection[str]) -> PlannedSession:
    """L9: pain is a stop signal; the exercises it was logged on leave the next session."""
    kept = tuple(e for e in session.exercises if e.exercise not in painful)
    return replace(session, exercises=kept)
