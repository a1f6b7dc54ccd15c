"""The exercise catalogue handed to the engine as plain records."""

from exercises.models import Exercise
from programs.engine import ExerciseRecord

_FIELDS = (
    *("slug", "name", "category", "pattern", "laterality", "plane", "equipment"),
    *("load_mode", "difficulty"),
)


def catalogue_for_club(club=None) -> tuple[list[ExerciseRecord], dict[str, int]]:
    """Engine records for the shipped exercises plus the club's own, and each slug's row id.

    One query. A club exercise with a shipped exercise's slug comes last and wins.
    """
    rows = (
        Exercise.objects.for_club(club)
        .shipped_first()
        .values_list("pk", *_FIELDS, "easier__slug", "harder__slug")
    )
    records: dict[str, ExerciseRecord] = {}
    ids: dict[str, int] = {}
    for pk, *values, easier, harder in rows:
        record = ExerciseRecord(
            **dict(zip(_FIELDS, values, strict=True)), easier=easier, harder=harder
        )
        ids[record.slug] = pk
        records[record.slug] = record
    return list(records.values()), ids


def engine_catalogue(club=None) -> list[ExerciseRecord]:
    return catalogue_for_club(club)[0]
