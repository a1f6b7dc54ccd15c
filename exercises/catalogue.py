"""The shipped catalogue lives in exercises/data/catalogue.json and is loaded into the database."""

import json
from pathlib import Path

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"

FIELDS = (
    "name",
    "category",
    "pattern",
    "laterality",
    "plane",
    "equipment",
    "load_mode",
    "why",
    "difficulty",
)


def shipped_entries() -> list[dict]:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


def load_shipped_catalogue(exercise_model) -> int:
    """Create or update the shipped exercises; takes the model so migrations can call it."""
    entries = shipped_entries()
    by_slug = {}
    for entry in entries:
        values = {field: entry[field] for field in FIELDS}
        values["primary_muscles"] = ", ".join(entry.get("primary_muscles", []))
        values["cues"] = "\n".join(entry.get("cues", []))
        exercise, _ = exercise_model.objects.update_or_create(
            club=None, slug=entry["slug"], defaults=values
        )
        by_slug[entry["slug"]] = exercise
    for entry in entries:
        exercise = by_slug[entry["slug"]]
        exercise.easier = by_slug.get(entry.get("easier") or "")
        exercise.harder = by_slug.get(entry.get("harder") or "")
        exercise.save(update_fields=["easier", "harder"])
    return len(entries)
