"""Exercise records as the engine sees them, and how a prescription finds its exercise."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CATEGORIES = ("max_strength", "power", "plyometric", "conditioning", "hill_sprint", "mobility")
EXPLOSIVE = ("power", "plyometric")

# Highest catalogue difficulty each experience level may be given.
MAX_DIFFICULTY = {"novice": 1, "intermediate": 2, "advanced": 3}


@dataclass(frozen=True)
class ExerciseRecord:
    slug: str
    name: str
    category: str
    pattern: str
    laterality: str
    plane: str
    equipment: str
    load_mode: str
    difficulty: int = 1
    easier: str | None = None
    harder: str | None = None

    @property
    def unilateral(self) -> bool:
        return self.laterality == "unilateral"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ExerciseRecord:
        laterality = d.get("laterality")
        if laterality is None:
            laterality = "unilateral" if d.get("unilateral") else "bilateral"
        return cls(
            slug=d["slug"],
            name=d.get("name") or d["slug"],
            category=d["category"],
            pattern=d.get("pattern") or "",
            laterality=laterality,
            plane=d.get("plane") or "sagittal",
            equipment=d.get("equipment") or "",
            load_mode=d.get("load_mode") or "bodyweight_reps",
            difficulty=int(d.get("difficulty") or 1),
            easier=d.get("easier") or None,
            harder=d.get("harder") or None,
        )


STRENGTH_CATEGORIES = ("max_strength", "power")  # the lifts S4 asks a single-leg one of


class Catalogue:
    """Index over the exercise records a plan may draw from (shipped plus a club's own)."""

    def __init__(self, records: Iterable[ExerciseRecord]) -> None:
        self.records = tuple(sorted(records, key=lambda r: (r.difficulty, r.slug)))
        self.by_slug = {r.slug: r for r in self.records}

    def choose(
        self,
        *,
        slug: str | None,
        category: str,
        pattern: str | None,
        unilateral: bool | None,
        max_difficulty: int,
        taken: set[str],
    ) -> ExerciseRecord | None:
        """The named exercise if the athlete may do it, else its easier variants, else the
        easiest record of the same category that matches pattern and laterality, relaxing
        laterality and then pattern before giving up.

        One exception: a single-leg strength slot whose easier variant is a two-legged
        variant of a lift the session already has (a dumbbell Romanian deadlift after the
        barbell one) takes a single-leg lift of another movement instead, if there is one:
        the same lift twice would stand where the one-legged work was meant to be (S4).
        """
        record = self.by_slug.get(slug) if slug else None
        seen: set[str] = set()
        avoid: set[str] = set()
        while record is not None and record.category == category and record.slug not in seen:
            if record.difficulty <= max_difficulty and record.slug not in taken:
                if not self._repeats_on_two_legs(record, unilateral, taken):
                    return record
                avoid.add(record.slug)
            seen.add(record.slug)
            record = self.by_slug.get(record.easier) if record.easier else None
        if avoid:
            used = {self.by_slug[s].pattern for s in taken if s in self.by_slug}
            for candidate in self.records:
                if (
                    candidate.category == category
                    and candidate.difficulty <= max_difficulty
                    and candidate.slug not in taken
                    and candidate.unilateral
                    and candidate.pattern not in used
                ):
                    return candidate
        for want_pattern, want_side in (
            (pattern, unilateral),
            (pattern, None),
            (None, None),
        ):
            for candidate in self.records:
                if (
                    candidate.category == category
                    and candidate.difficulty <= max_difficulty
                    and candidate.slug not in taken
                    and candidate.slug not in avoid
                    and (want_pattern is None or candidate.pattern == want_pattern)
                    and (want_side is None or candidate.unilateral == want_side)
                ):
                    return candidate
        return None

    def _repeats_on_two_legs(
        self, record: ExerciseRecord, unilateral: bool | None, taken: set[str]
    ) -> bool:
        """A two-legged stand-in for a single-leg strength lift that is a direct variant of
        an exercise the session already has."""
        return (
            unilateral is True
            and record.category in STRENGTH_CATEGORIES
            and not record.unilateral
            and bool({record.easier, record.harder} & taken)
        )
