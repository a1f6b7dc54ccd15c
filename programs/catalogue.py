"""The exercise catalogue handed to the engine as plain records."""

from exercises.models import Exercise
from programs.engine import ExerciseRecord


def catalogue_for_club(club=None) -> tuple[list[ExerciseRecord], dict[str, int]]:
    """Engine records for the shipped exercises plus the club's own, and each slug's row id.

    One query. A club exercise with a shipped exercise's slug comes last and wins.
    """
    rows = Exercise.objects.for_club(club).select_related("easier", "harder").order_by("club_id")
    records: dict[str, ExerciseRecord] = {}
    ids: dict[str, int] = {}
    for row in rows:
        ids[row.slug] = row.pk
        records[row.slug] = ExerciseRecord(
            slug=row.slug,
            name=row.name,
            category=row.category,
            pattern=row.pattern,
            laterality=row.laterality,
            plane=row.plane,
            equipment=row.equipment,
            load_mode=row.load_mode,
            difficulty=row.difficulty,
            easier=row.easier.slug if row.easier else None,
            harder=row.harder.slug if row.harder else None,
        )
    return list(records.values()), ids


def engine_catalogue(club=None) -> list[ExerciseRecord]:
    return catalogue_for_club(club)[0]
