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

        A single-leg strength slot stays single-legged (S4) before it keeps its pattern: an
        easier variant on two legs (a dumbbell Romanian deadlift for a single-leg deadlift)
        would repeat the session's two-legged lift of that pattern and drop the one-legged
        work. Plyometrics may step down to two feet (pogo jumps before single-leg hops).
        """
        one_leg = unilateral is True and category in STRENGTH_CATEGORIES
        record = self.by_slug.get(slug) if slug else None
        seen: set[str] = set()
        while record is not None and record.category == category and record.slug not in seen:
            same_side = not one_leg or record.unilateral
            if record.difficulty <= max_difficulty and record.slug not in taken and same_side:
                return record
            seen.add(record.slug)
            record = self.by_slug.get(record.easier) if record.easier else None
        relaxed = (
            ((pattern, True), (None, True), (pattern, None), (None, None))
            if one_leg
            else ((pattern, unilateral), (pattern, None), (None, None))
        )
        for want_pattern, want_side in relaxed:
            for candidate in self.records:
                if (
                    candidate.category == category
                    and candidate.difficulty <= max_difficulty
                    and candidate.slug not in taken
                    and (want_pattern is None or candidate.pattern == want_pattern)
                    and (want_side is None or candidate.unilateral == want_side)
                ):
                    return candidate
        return None
