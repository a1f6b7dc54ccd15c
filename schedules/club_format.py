"""The club file's format: the values each row carries, and the checks an import makes.

`Reader` walks a document and turns it into unsaved rows linked to each other, with a
list of problems (where, and what is wrong) instead of exceptions, so the coach sees
every problem of a bad file at once and nothing is written until there are none.
"""

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from athletes.forms import MAX_ONE_RM
from athletes.models import DAYS, Athlete, PastRunningWeek, Run, RunTime, Squad, StrengthTest
from athletes.units import record
from config.text import clean_name, name_key
from exercises.forms import RESERVED_SLUGS
from exercises.models import Category, Exercise
from programs import engine
from programs.models import PHASES, Phase, Prescription, ProgramTemplate, SessionTemplate
from programs.services import template_rows_to_dict
from schedules.calendar import plan_week
from schedules.forms import MAX_LOAD, CellForm
from schedules.loads import EDITABLE, _parse
from schedules.log_forms import MAX_REPS
from schedules.models import (
    Assignment,
    LoadChange,
    PainFlag,
    Plan,
    PlannedExercise,
    PlannedSession,
    RuleOverride,
    SetLog,
)

FORMAT = "runstrength.club/1"
MAX_PROBLEMS = 200
PHASE_KEYS = [key for key, _ in PHASES]

# Each row's own values as they appear in the file; links to other rows are written apart.
FIELDS = {
    Exercise: (
        *("slug", "name", "category", "pattern", "laterality", "plane", "equipment"),
        *("load_mode", "primary_muscles", "why", "cues", "difficulty"),
    ),
    Squad: ("name",),
    Athlete: (
        *("name", "email", "sex", "body_mass_kg", "experience", "event", "units"),
        *("goal_race_name", "race_date", "running_week", "notes", "injury_notes", "version"),
        *("archived_at", "archived_periods", "running_week_set"),
    ),
    StrengthTest: ("tested_on", "load", "reps"),
    PastRunningWeek: ("ends", "running_week"),
    ProgramTemplate: ("name", "description", "version", "archived"),
    Phase: (
        *("order", "phase", "weeks", "sessions_per_week"),
        *("reps_min", "reps_max", "percent_min", "percent_max"),
    ),
    SessionTemplate: ("order", "label", "kind"),
    Prescription: (
        *("order", "category", "pattern", "unilateral", "sets", "reps", "seconds"),
        *("metres", "percent_1rm", "rir", "rest_s", "notes"),
    ),
    Assignment: ("start_date", "active", "created_at"),
    Plan: (
        *("start_date", "race_date", "units", "phases", "warnings", "generated_at"),
        *("generation", "moves_undone", "remade"),
    ),
    PlannedSession: (
        *("date", "time", "week", "phase", "kind", "label", "deload", "logged_at"),
        *("hand_edited", "rpe", "soreness", "athlete_note", "version", "created_at"),
        *("moved_from", "soreness_seen", "soreness_seen_at", "soreness_at"),
    ),
    PlannedExercise: (
        *("order", "category", "unilateral", "sets", "reps", "seconds", "metres"),
        *("percent_1rm", "load", "unit", "rir", "rest_s", "note", "hand_edited", "version"),
        "edited_at",
    ),
    SetLog: ("set_number", "done", "reps", "load"),
    PainFlag: ("note", "created_at", "cleared_at"),
    LoadChange: ("at", "field", "old_value", "new_value", "batch", "undone"),
    RuleOverride: ("rule", "note", "created_at"),
}


# Fields added to the file after its first version: a file without them still reads.
LATER_FIELDS = {
    *(
        (PlannedSession, name)
        for name in ("created_at", "moved_from", "soreness_seen", "soreness_seen_at", "soreness_at")
    ),
    (ProgramTemplate, "archived"),
    (Plan, "moves_undone"),
    (Plan, "remade"),
    (Athlete, "archived_at"),
    (Athlete, "running_week_set"),
    (Athlete, "archived_periods"),
}


def _value(field: models.Field, raw):
    """The JSON value as the field's Python value; ValueError says what is wrong with it."""
    if raw is None:
        if field.null:
            return None
        raise ValueError("must have a value, not null")
    if isinstance(field, models.BooleanField):
        if isinstance(raw, bool):
            return raw
        raise ValueError("must be true or false")
    if isinstance(raw, bool):
        raise ValueError("must not be true or false")
    if isinstance(field, models.JSONField):
        return raw
    if isinstance(field, models.IntegerField):
        if isinstance(raw, int):
            return raw
        raise ValueError("must be a whole number")
    if isinstance(field, models.DecimalField):
        try:
            value = Decimal(str(raw)) if isinstance(raw, int | float | str) else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError('must be a number, such as "62.5"')
        return value
    if not isinstance(raw, str):
        raise ValueError("must be text")
    if isinstance(field, models.DateTimeField):
        try:
            value = parse_datetime(raw)
            # Stored in UTC, where the year must still be within 1-9999.
            if value is not None and value.tzinfo is not None:
                return value.astimezone(UTC)
        except (ValueError, OverflowError):
            pass
        raise ValueError("must be a date and time with its offset, e.g. 2025-01-31T18:00:00Z")
    if isinstance(field, models.DateField):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError("must be a date, such as 2025-01-31") from None
    return raw


def _week_problem(week) -> str | None:
    if not isinstance(week, dict) or not set(week) <= set(DAYS):
        return "must map the days mon to sun to runs"
    for day, entry in week.items():
        if not isinstance(entry, dict) or not set(entry) <= {"run", "time"}:
            return f"{day}: must be an object with run and time"
        if entry.get("run") not in Run.values:
            return f"{day}: run must be one of {', '.join(Run.values)}"
        if entry.get("time") not in (None, *RunTime.values) or (
            entry["run"] != Run.REST and entry.get("time") is None
        ):
            return f"{day}: time must be am or pm on a running day"
    return None


def _records_problem(value) -> str | None:
    """Plan outlines and warnings: a list of objects holding plain values."""
    plain = str | int | float | bool | None
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and all(isinstance(v, plain) for v in item.values())
        for item in value
    ):
        return "must be a list of objects with plain values"
    return None


# Values the pages and the planner take as given: a file must keep to them.
ONE_OF = {
    (Plan, "units"): ("kg", "lb"),
    (PlannedExercise, "unit"): ("kg", "lb"),
    # The planner files each lift under its exercise's category (the grid, the rules and
    # the week page read it): no other is ever planned.
    (PlannedExercise, "category"): tuple(Category.values),
    (PlannedSession, "time"): ("am", "pm"),
}
AT_LEAST_ONE = {(SetLog, "set_number")}
# Long text as the pages take it: the database keeps any length, so its own checks pass it.
LONGEST_TEXT = {
    (model, name): field.max_length
    for model, names in FIELDS.items()
    for name in names
    if isinstance(field := model._meta.get_field(name), models.TextField) and field.max_length
}


def _kept(limits: dict[str, Decimal]) -> dict[str, Decimal]:
    """The heaviest a club's own data holds in each unit: what the pages take, or the other
    unit's heaviest kept to 0.1 when an athlete switches units (400 kg is 881.8 lb), to the
    whole unit above (a 1RM worked out from such a test rounds a little higher)."""
    return {
        unit: max(
            top,
            *(
                record(limits[other], other, unit).to_integral_value(ROUND_CEILING)
                for other in limits
                if other != unit
            ),
        )
        for unit, top in limits.items()
    }


KEPT_LOAD = _kept(MAX_LOAD)
KEPT_ONE_RM = _kept(MAX_ONE_RM)
# What the athlete's log takes (log_forms): a file may not show an RPE of 99 on the pages.
LOGGED = {
    (SetLog, "reps"): (0, MAX_REPS),
    (PlannedSession, "rpe"): (1, 10),
    (PlannedSession, "soreness"): (0, 10),
}
# A prescription's numbers as the load grid and the builder keep them: a file may not hold
# what no page could have saved (ten to the eighteenth sets printed on a PDF).
PRESCRIBED = {
    "sets": (1, 10),
    "reps": (1, 50),
    "seconds": (1, 600),
    "metres": (1, 400),
    "rir": (0, 5),
    "rest_s": (0, 600),
}
# A session's values that only the athlete's log gives it: a session never logged has none.
LOGGED_ONLY = ("rpe", "soreness", "soreness_at", "athlete_note")
YEARS = range(1900, 2201)  # dates the calendar pages can count weeks around


def _plain_problem(model, name: str, value) -> str | None:
    allowed = ONE_OF.get((model, name))
    if allowed and value not in allowed:
        return f"must be one of {', '.join(allowed)}"
    if (model, name) in AT_LEAST_ONE and value is not None and value < 1:
        return "must be at least 1"
    longest = LONGEST_TEXT.get((model, name))
    if longest and isinstance(value, str) and len(value) > longest:
        return f"is too long: keep it to {longest} characters or fewer (it has {len(value)})"
    low, high = LOGGED.get((model, name), (None, None))
    if low is not None and isinstance(value, int) and not low <= value <= high:
        return f"must be from {low} to {high}"
    if isinstance(value, date) and value.year not in YEARS:
        return f"must be a date between {YEARS[0]} and {YEARS[-1]}"
    return None


def _iso_day(value) -> date | None:
    """A day written YYYY-MM-DD, the one form the pages compare as text."""
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _phases_problem(phases: list) -> str | None:
    """Each block of a plan outline: a known phase, its first and last day, and its count
    of lifting sessions a week (pages read all of these)."""
    for index, block in enumerate(phases):
        if block.get("phase") not in PHASE_KEYS:
            return f"[{index}].phase must be one of {', '.join(PHASE_KEYS)}"
        start, end = _iso_day(block.get("start")), _iso_day(block.get("end"))
        if start is None or end is None or end < start or {start.year, end.year} - set(YEARS):
            return f"[{index}] needs start and end dates (YYYY-MM-DD), the end not before the start"
        count = block.get("sessions_per_week")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
            return f"[{index}].sessions_per_week must be a whole number"
    return None


def _periods_problem(periods) -> str | None:
    """The times an athlete was archived and restored: each a first and a last day."""
    if not isinstance(periods, list):
        return "must be a list of periods"
    for index, period in enumerate(periods):
        if not isinstance(period, dict):
            return f"[{index}] must be a period"
        first, until = _iso_day(period.get("from")), _iso_day(period.get("until"))
        if first is None or until is None or until < first:
            return f"[{index}] needs from and until dates (YYYY-MM-DD), until not before from"
    return None


def _warnings_problem(warnings: list) -> str | None:
    """Each stored rule warning: a rule ID and its message as text, a date or none."""
    for index, warning in enumerate(warnings):
        if not isinstance(warning.get("rule"), str) or not isinstance(warning.get("message"), str):
            return f"[{index}] needs a rule and a message as text"
        if "date" not in warning:
            return f"[{index}] needs a date (YYYY-MM-DD, or null for the whole plan)"
        day = warning["date"]
        if day is not None and _iso_day(day) is None:
            return f"[{index}].date must be a date (YYYY-MM-DD)"
    return None


def _moves_undone_problem(moves: list) -> str | None:
    """Each move the last making of the plan could not keep, as the plan page says it: the
    session's label and week, the day it was moved to, and the day it is on now or none."""
    for index, move in enumerate(moves):
        week = move.get("week")
        if (
            not isinstance(move.get("label"), str)
            or isinstance(week, bool)
            or not isinstance(week, int)
        ):
            return f"[{index}] needs a label as text and a week as a whole number"
        if _iso_day(move.get("to")) is None:
            return f"[{index}].to must be a date (YYYY-MM-DD)"
        if "now" not in move or (move["now"] is not None and _iso_day(move["now"]) is None):
            return f"[{index}].now must be a date (YYYY-MM-DD), or null"
    return None


REMADE_COUNTS = ("fresh", "logged", "edited", "moves_kept", "moves_undone")
# Counted since: a file from before has none (none said).
REMADE_COUNTS_SINCE = ("times_kept",)


def _remade_problem(remade) -> str | None:
    """What the last making of the plan again did (services.replan_summary), as the plan
    page says it: empty for a plan made once, else its counts of sessions and moves, what
    asked for it, and the race day and phases' first days before and after."""
    if not isinstance(remade, dict):
        return "must be an object (empty for a plan made once)"
    if not remade:
        return None
    for key in (*REMADE_COUNTS, *REMADE_COUNTS_SINCE):
        count = remade.get(key, 0) if key in REMADE_COUNTS_SINCE else remade.get(key)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            return f"{key} must be a whole number, 0 or more"
    changes = remade.get("changes", [])
    if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
        return "changes must be a list of text"
    job = remade.get("job")
    if job is not None and (isinstance(job, bool) or not isinstance(job, int)):
        return "job must be a whole number or null"
    race = remade.get("race")
    if race is not None and not (
        isinstance(race, dict)
        and all(key in race and _day_or_none(race[key]) for key in ("was", "now"))
        and race["was"] != race["now"]
    ):
        return "race must give the day it was and is now (YYYY-MM-DD or null), not the same"
    phases = remade.get("phases", [])
    if not isinstance(phases, list):
        return "phases must be a list"
    for index, change in enumerate(phases):
        if not isinstance(change, dict) or change.get("phase") not in PHASE_KEYS:
            return f"phases[{index}].phase must be one of {', '.join(PHASE_KEYS)}"
        if not all(key in change and _day_or_none(change[key]) for key in ("was", "now")) or (
            change["was"] is None and change["now"] is None
        ):
            return f"phases[{index}] needs the first day it had and has (YYYY-MM-DD or null)"
    return None


def _day_or_none(value) -> bool:
    return value is None or _iso_day(value) is not None


def _cleared_problem(flag: PainFlag) -> str | None:
    cleared, created = flag.cleared_at, flag.created_at
    if not isinstance(cleared, datetime):
        return None
    if cleared > timezone.now():
        return "is in the future"
    if isinstance(created, datetime) and cleared < created:
        return "is before the pain was reported"
    return None


def _change_value_problem(change: LoadChange) -> str | None:
    """A recorded edit's values must be what undo can write back into that field: each one
    within what the load grid accepts for it (a load kept to 0.1 after a kg/lb switch is
    history, so the plate step is not asked for)."""
    field = CellForm.base_fields[change.field]
    for text in (change.old_value, change.new_value):
        if change.field == "reps" and text == "":
            # A reps box emptied before the grid asked for reps: kept in the club's history,
            # so in its files too (undo writes it back as the grid then left it).
            continue
        try:
            _parse(change.field, text)
            value = field.clean(text)
        except (ArithmeticError, ValueError, ValidationError):
            return f"{text!r} is not a value for {change.field}"
        if change.field == "load" and value is not None and value > max(KEPT_LOAD.values()):
            return f"{text!r} is not a value for {change.field}"
        try:  # and what the column holds (the grid's own form checks its digits itself)
            PlannedExercise._meta.get_field(change.field).run_validators(value)
        except ValidationError:
            return f"{text!r} is not a value for {change.field}"
    return None


def _text_problem(data) -> str | None:
    """Text the database cannot store: NUL characters and unpaired surrogates."""
    # Every key and text gathered and looked at in one go (fast); where there is a problem,
    # found again one text at a time, to say which comes first.
    if type(data) is not dict:
        return _first_text_problem(data)
    texts, stack = [], [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            texts.extend(item.keys())
            item = item.values()
        for value in item:
            kind = type(value)
            if kind is str:
                texts.append(value)
            elif kind is dict or kind is list:
                stack.append(value)
            elif isinstance(value, dict | list | str):
                return _first_text_problem(data)
    try:
        joined = "".join(texts)  # a key that is not text stops it
        joined.encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return _first_text_problem(data)
    return _first_text_problem(data) if "\x00" in joined else None


def _first_text_problem(data) -> str | None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                return "The file holds a NUL character, which no text field can store."
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "The file holds text that is not valid Unicode."
    return None


# Values whose checks Reader.check_fields remembers: compared exactly (a Decimal by its digits, so
# 62.5 and 62.50 are told apart), where equal times in two zones would not be.
_REPEATED = {str, int, bool, Decimal, date}


class _Columns:
    """How Reader.row reads a model's own values, worked out once per model: for each,
    its field, the type read as it is (text for a text field...), whether a file from
    before it may lack it, and whether _plain_problem has a rule for it; and the fields
    whose own checks (Field.clean) are made (not JSON, not what planned_exercise checks)."""

    def __init__(self, model) -> None:
        self.model = model
        self.concrete = [(f.name, f) for f in model._meta.concrete_fields]
        self.read = []
        for name in FIELDS[model]:
            field = model._meta.get_field(name)
            rule = (model, name) in ONE_OF or (model, name) in AT_LEAST_ONE
            rule = rule or (model, name) in LOGGED or (model, name) in LONGEST_TEXT
            self.read.append((name, field, _read_as(field), (model, name) in LATER_FIELDS, rule))
        self.checked = [
            f
            for f in model._meta.fields
            if f.name in FIELDS[model]
            and not isinstance(f, models.JSONField)
            and not (model is PlannedExercise and f.name in (*PRESCRIBED, "load"))  # see there
        ]

    def make(self, values: dict, links: dict):
        """The row, as model(**values, **links) makes it but faster: every column in order
        (a default where the file has no value), then the rows it links to."""
        args, taken = [], 0
        for name, field in self.concrete:
            if name in values:
                args.append(values[name])
                taken += 1
            elif name in links:
                args.append(models.DEFERRED)  # set below, with the row it links to
                taken += 1
            else:
                args.append(field.get_default())
        if taken != len(values) + len(links):  # a name that is no column: as Django says it
            return self.model(**values, **links)
        obj = self.model(*args)
        for name, linked in links.items():
            setattr(obj, name, linked)
        return obj


def _read_as(field: models.Field) -> type | None:
    """The type of JSON value _value takes for the field as it is."""
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField):
        return int
    kinds = (models.JSONField, models.DecimalField, models.DateField)
    return None if isinstance(field, kinds) else str


_COLUMNS: dict[type, _Columns] = {}


def _columns(model) -> _Columns:
    if model not in _COLUMNS:
        _COLUMNS[model] = _Columns(model)
    return _COLUMNS[model]


# Where a problem is, in words: each list of the file by what its records are, and the
# records that belong to an athlete by whose they are.
RECORDS = {
    "exercises": "Exercise",
    "squads": "Squad",
    "athletes": "Athlete",
    "templates": "Programme",
    "assignments": "Assignment",
    "plans": "Plan",
    "pain_flags": "Pain flag",
    "load_changes": "Load edit",
    "rule_overrides": "Accepted rule",
}
PARTS = {
    "strength_tests": "1RM test",
    "past_running_weeks": "past running week",
    "phases": "phase",
    "sessions": "session",
    "prescriptions": "exercise",
    "exercises": "lift",
    "set_logs": "logged set",
}
FIELD_WORDS = {
    "id": "number in the file",
    "slug": "key",
    "body_mass_kg": "body mass (kg)",
    "tested_on": "test date",
    "percent_1rm": "% of 1RM",
    "percent_min": "lowest % of 1RM",
    "percent_max": "highest % of 1RM",
    "rir": "reps in reserve",
    "rpe": "RPE",
    "athlete_note": "athlete's note",
    "rest_s": "rest (seconds)",
    "template": "programme",
    "shipped_template": "shipped programme",
    "planned_exercise": "planned lift",
    "archived_at": "time archived",
    "created_at": "time created",
    "cleared_at": "time cleared",
    "soreness_seen": "soreness seen",
    "cleared_by": "coach who cleared it",
    "soreness_seen_by": "coach who saw the soreness",
    "remade": "summary of its last re-plan",
    "field": "field edited",
    "old_value": "value before",
    "new_value": "value after",
    # True or false, and times: named as a person says them ("the done mark is missing").
    "done": "done mark",
    "undone": "undone mark",
    "hand_edited": "hand-edited mark",
    "deload": "deload mark",
    "unilateral": "one-side mark",
    "active": "active mark",
    "archived": "archived mark",
    "running_week_set": "running-week-set mark",
    "at": "time of the edit",
    "logged_at": "time logged",
    "generated_at": "time generated",
    "edited_at": "time edited",
    "soreness_at": "time soreness was given",
    "soreness_seen_at": "time soreness was seen",
}


def _quoted(name) -> str:
    if not isinstance(name, str) or not name.strip():
        return ""
    name = " ".join(name.split())
    return f"“{name[:60]}…”" if len(name) > 60 else f"“{name}”"


def place_words(where: str, data) -> tuple[str, str]:
    """The record a problem's path in the file ("athletes[0].strength_tests[1].load") is
    about, as the coach knows it ("Athlete 1 “Ada Lane”, 1RM test 2"), and its field in
    words ("load"); either may be empty."""
    record, field, item, top = [], "", data, True
    for step in where.split("."):
        key, _, index = step.partition("[")
        if not index:
            field = FIELD_WORDS.get(key, key.replace("_", " "))
            if key in RECORDS or key in PARTS:
                field = f"list of {key.replace('_', ' ')}"
            break
        try:
            number = int(index.rstrip("]"))
            item = item[key][number] if isinstance(item, dict) else None
        except (LookupError, TypeError, ValueError):
            return "", ""
        label = RECORDS.get(key) if top else PARTS.get(key)
        if label is None:
            return "", ""
        words = f"{label} {number + 1}"
        if isinstance(item, dict) and (name := _quoted(item.get("name"))):
            words = f"{words} {name}"
        elif top and isinstance(item, dict) and isinstance(data, dict):
            owner = _athlete_named(data, item.get("athlete"))
            words = f"{words} (for {owner})" if owner else words
        elif key == "sessions" and isinstance(item, dict) and isinstance(item.get("date"), str):
            words = f"{words} ({item['date'][:10]})"
        record.append(words)
        top = False
        if not isinstance(item, dict):
            break
    return ", ".join(record), field


def _unknown_exercise(slug) -> str:
    """An exercise key that names nothing, quoted: the same key is often wrong on many rows
    (a file from a server whose catalogue has an exercise this one lacks)."""
    if not _quoted(slug):
        return "names no exercise of the file or the catalogue"
    return f"names {_quoted(slug)}, which is no exercise of the file or the catalogue"


def _athlete_named(data: dict, number) -> str:
    athletes = data.get("athletes")
    if isinstance(number, bool) or not isinstance(number, int) or not isinstance(athletes, list):
        return ""
    for athlete in athletes:
        if isinstance(athlete, dict) and athlete.get("id") == number:
            return _quoted(athlete.get("name")) or f"athlete {number}"
    return ""


# Fields named in the plural take a plural verb: "the reps are missing".
PLURAL_FIELDS = {
    "reps",
    "sets",
    "seconds",
    "metres",
    "units",
    "notes",
    "warnings",
    "weeks",
    "primary muscles",
}
PLURAL_VERBS = {"is ": "are ", "has ": "have ", "was ": "were "}


def _agreeing(field: str, message: str) -> str:
    """The message's leading verb made plural for a field named in the plural."""
    if field in PLURAL_FIELDS:
        for singular, plural in PLURAL_VERBS.items():
            if message.startswith(singular):
                return plural + message.removeprefix(singular)
    return message


class Problem(str):
    """One problem of a file, as "athletes[0].name: is missing" (its place in the file, for
    whoever mends the file by hand), with `said`: the same in words ("Athlete 1 “Ada Lane”:
    the name is missing.")."""

    where: str
    said: str

    def __new__(cls, where: str, message: str, data=None):
        problem = super().__new__(cls, f"{where}: {message}")
        problem.where = where
        record, field = place_words(where, data)
        if message.startswith(("the ", "this ")):
            said = message  # names its own subject: "the athlete has another active ..."
        elif field and (message[:1].islower() or message.startswith("“")):
            said = f"the {field} {_agreeing(field, message)}"
        elif field:
            said = f"{field}: {message}"
        else:
            said = message
        said = f"{record}: {said}" if record else f"{where}: {said}"
        problem.said = said if said.endswith((".", "…")) else f"{said}."
        return problem


def _django_words(field: models.Field, error: ValidationError) -> str:
    """A field's own check, refused, in the file's words rather than Django's."""
    params = error.params or {}
    code = error.code
    if code == "max_length":
        return (
            f"is too long: keep it to {params.get('limit_value')} characters or fewer "
            f"(it has {params.get('show_value')})"
        )
    if code == "invalid_choice":
        value = str(params.get("value", ""))
        value = f"{value[:40]}…" if len(value) > 40 else value
        choices = [str(key) for key, _ in field.flatchoices][:12]
        return f"“{value}” is not one of the choices: use one of {', '.join(choices)}"
    if code in ("blank", "null"):
        return "is empty: fill it in"
    if code in ("max_digits", "max_decimal_places", "max_whole_digits"):
        return (
            f"has too many digits: keep it to {field.max_digits} in all, "
            f"{field.decimal_places} after the point"
        )
    if code == "min_value":
        return f"must be {params.get('limit_value')} or more"
    if code == "max_value":
        return f"must be {params.get('limit_value')} or less"
    if code == "invalid" and isinstance(field, models.EmailField):
        return "is not an email address: write it in full, as name@example.com, or empty it"
    return "holds a value no page of Runstrength saves: put back the one downloaded"


def _format_problem(given) -> str:
    """Why a file whose "format" is not FORMAT is refused, in words: no Python "None"."""
    choose = "Choose the .json file that Download club file made, as it was downloaded."
    if not isinstance(given, str) or not given.strip():
        return f"The file names no format, so it is not a club file. {choose}"
    shown = given if len(given) <= 40 else f"{given[:40]}…"
    if given.startswith("runstrength.club/"):
        return (
            f"The file is a club file of another version ({shown}): this server reads "
            f"{FORMAT} only, so it cannot load this file."
        )
    if given == engine.FORMAT:
        return (
            "This is one athlete's plan (plan.json), not a club file. The club file is the "
            "one Download club file makes, on the club's Club data page."
        )
    return f"The file's format is “{shown}”, so it is not a club file. {choose}"


class Reader:
    """A club document read into unsaved rows, linked to each other, in writing order.

    Problems are collected rather than raised; rows are only written when there are none.
    """

    def __init__(self, *, club, members: dict, shipped_exercises: dict, shipped_templates: dict):
        self.club = club
        self.members = members
        self.shipped_exercises = shipped_exercises
        self.shipped_templates = shipped_templates
        self.problems: list[str] = []
        self.rows: dict[type, list] = defaultdict(list)
        self.variants: list[tuple[Exercise, object, object]] = []
        self.club_exercises: dict[str, Exercise] = {}
        self.squads: dict[int, Squad] = {}
        self.athletes: dict[int, Athlete] = {}
        self.templates: dict[int, ProgramTemplate] = {}
        self.assignments: dict[int, Assignment] = {}
        self.planned: dict[int, PlannedExercise] = {}
        self.owner: dict[int, Athlete | None] = {}  # id() of an assignment or planned exercise
        self.unlogged: dict[int, str] = {}  # id() of a session never logged: its place in the file
        self.cleaned: dict[tuple, object] = {}  # values that passed a field's checks (clean)
        self.data = None  # the document, to name a problem's record by

    def problem(self, where: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            # Messages quote the bad value, which may be anything up to the whole file.
            message = message if len(message) <= 300 else f"{message[:300]}…"
            self.problems.append(Problem(where, message, self.data))

    def exercise(self, slug) -> Exercise | None:
        if not isinstance(slug, str):
            return None
        return self.club_exercises.get(slug) or self.shipped_exercises.get(slug)

    def items(self, parent: dict, key: str, where: str = "") -> list[tuple[str, dict]]:
        path = f"{where}.{key}" if where else key
        value = parent.get(key)
        if not isinstance(value, list):
            self.problem(path, "is missing" if value is None else "must be a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{path}[{index}]", item))
            else:
                self.problem(f"{path}[{index}]", "must be an object")
        return found

    def row(self, model, data: dict, where: str, **links):
        columns = _columns(model)
        values = {}
        for name, field, plain_text, later, rule in columns.read:
            if name not in data:
                if later:
                    # A file from before the field: unknown, as it was, or else its default.
                    values[name] = None if field.null else field.get_default()
                else:
                    self.problem(f"{where}.{name}", "is missing")
                continue
            raw = data[name]
            if type(raw) is plain_text:  # a value of the field's own type, as read
                values[name] = value = raw
            else:
                try:
                    values[name] = value = _value(field, raw)
                except ValueError as exc:
                    self.problem(f"{where}.{name}", str(exc))
                    continue
            if (rule or isinstance(value, date)) and (
                problem := _plain_problem(model, name, value)
            ):
                self.problem(f"{where}.{name}", problem)
        obj = columns.make(values, links)
        checked = columns.checked
        if len(values) < len(columns.read):
            checked = [f for f in checked if f.name in values]
        self.check_fields(obj, checked, where)
        self.rows[model].append(obj)
        return obj

    def check_fields(self, obj, fields: list, where: str) -> None:
        """The fields' own checks, as Model.clean_fields makes them, with each distinct
        text, number and day checked once: the check of a value depends on nothing else,
        and a club's file repeats the same few values over and over."""
        errors = {}
        known = self.cleaned
        for f in fields:
            raw_value = getattr(obj, f.attname)
            if f.blank and raw_value in f.empty_values:
                continue
            kind = type(raw_value)
            key = None
            if kind in _REPEATED:
                key = (id(f), kind, raw_value.as_tuple() if kind is Decimal else raw_value)
                if key in known:
                    setattr(obj, f.attname, known[key])
                    continue
            try:
                value = f.clean(raw_value, obj)
            except ValidationError as exc:
                errors[f.name] = [_django_words(f, error) for error in exc.error_list]
                continue
            setattr(obj, f.attname, value)
            if key is not None:
                known[key] = value
        for name, messages in errors.items():
            self.problem(f"{where}.{name}", "; ".join(dict.fromkeys(messages)))

    def number(self, table: dict, data: dict, where: str, obj) -> None:
        """Register the row under its number in the file, which other rows link by."""
        raw = data.get("id")
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.problem(f"{where}.id", "must be a whole number")
        elif raw in table:
            self.problem(f"{where}.id", f"{raw} is used by another row")
        else:
            table[raw] = obj

    def link(self, table: dict, data: dict, key: str, where: str, *, required: bool = True):
        raw = data.get(key)
        if raw is None:
            if required:
                self.problem(f"{where}.{key}", "is missing")
            return None
        word = key.replace("_", " ")
        if isinstance(raw, bool) or not isinstance(raw, int):
            # Rows link by their number in the file, never by name: say so, with what it holds.
            given = _quoted(raw) or json.dumps(raw)[:60]
            self.problem(
                f"{where}.{key}", f"must be the number of a {word} in the file, not {given}"
            )
            return None
        found = table.get(raw)
        if found is None:
            self.problem(f"{where}.{key}", f"names {word} {raw}, which is not in the file")
        return found

    def exercise_link(self, data: dict, where: str, *, required: bool = True):
        slug = data.get("exercise")
        if slug is None and not required:
            return None
        found = self.exercise(slug)
        if found is None:
            self.problem(f"{where}.exercise", _unknown_exercise(slug))
        return found

    def user(self, data: dict, key: str, where: str):
        """A member of the receiving club with that username; anyone else becomes nobody."""
        name = data.get(key)
        if name is not None and not isinstance(name, str):
            self.problem(f"{where}.{key}", "must be a username or null")
        return self.members.get(name) if isinstance(name, str) else None

    def document(self, data) -> None:
        self.data = data
        if not isinstance(data, dict):
            self.problems.append("The file must hold one JSON object: it is not a club file.")
            return
        if data.get("format") != FORMAT:
            self.problems.append(_format_problem(data.get("format")))
            return
        text = _text_problem(data)
        if text:
            self.problems.append(text)
            return
        self.exercises(data)
        self.roster(data)
        self.programmes(data)
        self.plans(data)
        self.events(data)

    def exercises(self, data: dict) -> None:
        found, names = [], set()
        for where, item in self.items(data, "exercises"):
            exercise = self.row(Exercise, item, where, club=self.club)
            if exercise.slug in self.club_exercises:
                self.problem(f"{where}.slug", "is used by another exercise")
            self.exercise_checks(exercise, where, names)
            self.club_exercises[exercise.slug] = exercise
            found.append((where, item, exercise))
        for where, item, exercise in found:
            # As the exercise form holds them: never the exercise itself, nor one both ways.
            linked = {}
            for key in ("easier", "harder"):
                if item.get(key) is None:
                    continue
                linked[key] = self.exercise(item[key])
                if linked[key] is None:
                    self.problem(f"{where}.{key}", _unknown_exercise(item[key]))
                elif linked[key] is exercise:
                    self.problem(f"{where}.{key}", "names the exercise itself")
            if linked.get("easier") is not None and linked.get("easier") is linked.get("harder"):
                self.problem(f"{where}.harder", "names the same exercise as easier")
            self.variants.append((exercise, item.get("easier"), item.get("harder")))

    def exercise_checks(self, exercise: Exercise, where: str, names: set) -> None:
        """An exercise as the exercise form keeps it: a name with a letter or digit, one
        name once in the club whatever its case, a difficulty of 1, 2 or 3, and an address
        of its own (/exercises/new/ adds one)."""
        self.name_checks(exercise, where)
        if isinstance(exercise.name, str) and exercise.name:
            if name_key(exercise.name) in names:
                self.problem(f"{where}.name", "is used by another exercise")
            names.add(name_key(exercise.name))
        if isinstance(exercise.difficulty, int) and exercise.difficulty not in (1, 2, 3):
            self.problem(f"{where}.difficulty", "must be 1, 2 or 3")
        if exercise.slug in RESERVED_SLUGS:
            self.problem(
                f"{where}.slug",
                f"“{exercise.slug}” is the address of the page that adds an exercise",
            )

    def roster(self, data: dict) -> None:
        names = set()
        for where, item in self.items(data, "squads"):
            squad = self.row(Squad, item, where, club=self.club)
            self.number(self.squads, item, where, squad)
            self.name_checks(squad, where)
            # One name whatever its case, as the squad form and the roster file take it.
            if name_key(squad.name) in names:
                self.problem(f"{where}.name", "is used by another squad")
            names.add(name_key(squad.name))
        for where, item in self.items(data, "athletes"):
            squad = self.link(self.squads, item, "squad", where, required=False)
            athlete = self.row(Athlete, item, where, club=self.club, squad=squad)
            self.number(self.athletes, item, where, athlete)
            self.name_checks(athlete, where)
            if isinstance(athlete.archived_at, datetime) and athlete.archived_at > timezone.now():
                # Restoring them would record a time away ending before it began.
                self.problem(f"{where}.archived_at", "is in the future")
            week = _week_problem(item.get("running_week"))
            if week and "running_week" in item:
                self.problem(f"{where}.running_week", week)
            if periods := _periods_problem(item.get("archived_periods", [])):
                self.problem(f"{where}.archived_periods", periods)
            if "past_running_weeks" in item:  # a file from before they were kept has none
                self.past_running_weeks(item, where, athlete)
            for test_where, test_item in self.items(item, "strength_tests", where):
                before = len(self.problems)
                exercise = self.exercise_link(test_item, test_where)
                test = self.row(
                    StrengthTest, test_item, test_where, athlete=athlete, exercise=exercise
                )
                if len(self.problems) == before:
                    test.estimated_1rm = StrengthTest.epley(test.load, test.reps)
                    self.strength_test_checks(test, athlete.units, test_where)

    def name_checks(self, obj, where: str) -> None:
        """A name as the forms keep it: trimmed, composed, with a letter or digit in it."""
        if not obj.name or not isinstance(obj.name, str):
            return  # missing or not text: said already
        try:
            obj.name = clean_name(obj.name)
        except ValidationError as exc:
            self.problem(f"{where}.name", " ".join(exc.messages))

    def past_running_weeks(self, item: dict, where: str, athlete: Athlete) -> None:
        seen = set()
        for week_where, week_item in self.items(item, "past_running_weeks", where):
            before = len(self.problems)
            past = self.row(PastRunningWeek, week_item, week_where, athlete=athlete)
            if len(self.problems) > before:
                continue
            if problem := _week_problem(past.running_week):
                self.problem(f"{week_where}.running_week", problem)
            if past.ends.weekday() != 0:
                self.problem(f"{week_where}.ends", "must be a Monday")
            elif past.ends > timezone.localdate():
                self.problem(f"{week_where}.ends", "must not be after this week's Monday")
            if past.ends in seen:
                self.problem(f"{week_where}.ends", "is given twice for this athlete")
            seen.add(past.ends)

    def strength_test_checks(self, test: StrengthTest, units: str, where: str) -> None:
        """What the coach's test form refuses, a file cannot bring in either: a 1RM, tested
        or worked out from reps, above what any runner lifts, or one taken after today."""
        if test.tested_on > timezone.localdate():
            self.problem(f"{where}.tested_on", f"{test.tested_on} is in the future")
        limit = KEPT_ONE_RM.get(units)
        if limit is None or test.estimated_1rm <= limit:
            return
        lifted = f"{test.load:f} {units} is"
        if test.reps > 1:
            lifted = (
                f"{test.load:f} {units} × {test.reps} makes a 1RM of about "
                f"{test.estimated_1rm:.0f} {units},"
            )
        self.problem(f"{where}.load", f"{lifted} beyond any runner's lift")

    def programmes(self, data: dict) -> None:
        for where, item in self.items(data, "templates"):
            before = len(self.problems)
            template = self.row(ProgramTemplate, item, where, club=self.club)
            self.number(self.templates, item, where, template)
            phases = []
            for phase_where, phase_item in self.items(item, "phases", where):
                phase = self.row(Phase, phase_item, phase_where, template=template)
                slots = []
                for slot_where, slot_item in self.items(phase_item, "sessions", phase_where):
                    slot = self.row(SessionTemplate, slot_item, slot_where, phase=phase)
                    doses = []
                    for dose_where, dose in self.items(slot_item, "prescriptions", slot_where):
                        exercise = self.exercise_link(dose, dose_where, required=False)
                        doses.append(
                            self.row(
                                Prescription, dose, dose_where, session=slot, exercise=exercise
                            )
                        )
                    slots.append((slot, doses))
                phases.append((phase, slots))
            if len(self.problems) == before:
                # The rules the planner holds a programme to (one phase of each kind, ranges
                # low to high...): a programme it would refuse is refused here, not at the
                # first plan made from it.
                try:
                    engine.template_from_dict(template_rows_to_dict(template.name, phases))
                except engine.TemplateError as exc:
                    for problem in exc.problems:
                        self.problem(where, problem)
        active = set()
        for where, item in self.items(data, "assignments"):
            athlete = self.link(self.athletes, item, "athlete", where)
            template = self.link(self.templates, item, "template", where, required=False)
            if template is None and item.get("template") is None:
                shipped = item.get("shipped_template")
                template = self.shipped_templates.get(shipped) if isinstance(shipped, str) else None
                if template is None and _quoted(shipped):
                    self.problem(
                        f"{where}.template",
                        f"names {_quoted(shipped)}, which is no programme of the file or this "
                        "server",
                    )
                elif template is None:
                    self.problem(
                        f"{where}.template", "names no template of the file or this server"
                    )
            created_by = self.user(item, "created_by", where)
            assignment = self.row(
                Assignment, item, where, athlete=athlete, template=template, created_by=created_by
            )
            self.number(self.assignments, item, where, assignment)
            self.owner[id(assignment)] = athlete
            if assignment.active and athlete is not None:
                if id(athlete) in active:
                    self.problem(f"{where}.active", "the athlete has another active assignment")
                active.add(id(athlete))

    def plans(self, data: dict) -> None:
        planned_for = set()
        for where, item in self.items(data, "plans"):
            athlete = self.link(self.athletes, item, "athlete", where)
            assignment = self.link(self.assignments, item, "assignment", where)
            if athlete is not None and id(athlete) in planned_for:
                self.problem(f"{where}.athlete", "has another plan in the file")
            planned_for.add(id(athlete))
            if assignment is not None and self.owner[id(assignment)] is not athlete:
                self.problem(f"{where}.assignment", "belongs to another athlete")
            plan = self.row(Plan, item, where, athlete=athlete, assignment=assignment)
            race, start = plan.race_date, plan.start_date
            if isinstance(race, date) and isinstance(start, date) and race <= start:
                # A plan is made for a race still ahead (a race gone by makes an off-season
                # plan, with none): pages would count the weeks to it backwards.
                self.problem(f"{where}.race_date", "must be after the plan's start date")
            for key, check in (
                ("phases", _phases_problem),
                ("warnings", _warnings_problem),
                ("moves_undone", _moves_undone_problem),
            ):
                records = _records_problem(item.get(key))
                if records and key in item:
                    self.problem(f"{where}.{key}", records)
                elif not records and (problem := check(item[key])):
                    self.problem(f"{where}.{key}", problem)
            if problem := _remade_problem(plan.remade):
                self.problem(f"{where}.remade", problem)
            elif plan.remade:
                # Plan jobs stay with the server that ran them: none of them made this plan.
                plan.remade = {**plan.remade, "job": None}
            labelled = set()
            for session_where, session_item in self.items(item, "sessions", where):
                seen_by = self.user(session_item, "soreness_seen_by", session_where)
                session = self.row(
                    PlannedSession, session_item, session_where, plan=plan, soreness_seen_by=seen_by
                )
                if isinstance(session.date, date) and isinstance(plan.start_date, date):
                    # Worked out from its date, as every plan keeps it (a week number far
                    # beyond the plan's would run the grid off the calendar).
                    session.week = plan_week(plan.start_date, session.date)
                if isinstance(session.date, date) and isinstance(session.label, str):
                    # A plan holds one session a day (the planner, moves and re-plans keep
                    # to it): never the same session twice on a day, morning and evening.
                    if (session.date, session.label) in labelled:
                        self.problem(
                            f"{session_where}.label",
                            "is used by another session of the plan on that day",
                        )
                    labelled.add((session.date, session.label))
                unlogged = "logged_at" in session_item and session.logged_at is None
                self.soreness_checks(session, session_item, session_where, unlogged=unlogged)
                if unlogged:
                    self.unlogged[id(session)] = session_where
                    self.unlogged_session_checks(session, session_where)
                for pe_where, pe_item in self.items(session_item, "exercises", session_where):
                    self.planned_exercise(pe_item, pe_where, session, athlete, unlogged=unlogged)

    def unlogged_session_checks(self, session: PlannedSession, where: str) -> None:
        """What only an athlete's log puts in a session: any of it marks the session logged,
        and clearing it all takes the mark away (logbook), so a session never logged holds
        none of it."""
        for name in LOGGED_ONLY:
            if getattr(session, name) not in (None, ""):
                self.problem(f"{where}.{name}", "must be empty: the session was never logged")

    def pain_flag_checks(self, flag: PainFlag, item: dict, where: str) -> None:
        """A pain flag as a pain report and its clearing leave it (logbook)."""
        if problem := _cleared_problem(flag):
            # The day it was cleared is the day the lift comes back (L9): a date ahead would
            # hold it out with no flag left to clear.
            self.problem(f"{where}.cleared_at", problem)
        planned = flag.planned_exercise
        session_where = self.unlogged.get(id(planned.session)) if planned is not None else None
        if session_where:
            # Pain is reported while logging a session, and the report keeps it logged while
            # the flag is there; a report from a session still to come names no session.
            session = place_words(session_where, self.data)[0] or session_where
            self.problem(
                f"{where}.planned_exercise",
                f"is in {session[:1].lower()}{session[1:]}, which was never logged: pain is "
                "only reported while logging a session",
            )
        # The report takes its exercise from the lift (a lift never changes exercise).
        lift = planned.exercise if planned is not None else None
        if lift is not None and flag.exercise is not None and lift is not flag.exercise:
            self.problem(f"{where}.exercise", f"must be the planned lift's, “{lift.slug}”")
        # Clearing writes who and when at once; an account gone since, or not of this club,
        # leaves the time with nobody, never a name with no time.
        if isinstance(item.get("cleared_by"), str) and item.get("cleared_at", "") is None:
            self.problem(f"{where}.cleared_by", "is given, but the flag was never cleared")

    def soreness_checks(
        self, session: PlannedSession, item: dict, where: str, *, unlogged: bool
    ) -> None:
        """Soreness as the log and a coach's look leave it (logbook): emptied, a report
        takes its time with it; a look records the value seen, when and who at once (who
        is nobody once their account is gone), and stays when the athlete changes or
        empties the report, or clears the whole log. Only values read well are compared
        (a value refused is said already), and a file from before a field has none."""
        empty = {name for name, value in item.items() if value is None}
        if not unlogged and "soreness" in empty and session.soreness_at is not None:
            self.problem(f"{where}.soreness_at", "must be empty: the session holds no soreness")
        if session.soreness_seen is not None and "soreness_seen_at" in empty:
            self.problem(f"{where}.soreness_seen_at", "is empty, but the soreness seen is given")
        elif session.soreness_seen_at is not None and "soreness_seen" in empty:
            self.problem(
                f"{where}.soreness_seen", "is empty, but the time soreness was seen is given"
            )
        elif {"soreness_seen", "soreness_seen_at"} <= empty and isinstance(
            item.get("soreness_seen_by"), str
        ):
            self.problem(f"{where}.soreness_seen_by", "is given, but no soreness was seen")

    def planned_exercise(
        self, item: dict, where: str, session, athlete, *, unlogged: bool = False
    ) -> None:
        links = {"exercise": self.exercise_link(item, where)}
        links["edited_by"] = self.user(item, "edited_by", where)
        planned = self.row(PlannedExercise, item, where, session=session, **links)
        for name, (low, high) in PRESCRIBED.items():
            value = getattr(planned, name)
            if isinstance(value, int) and not low <= value <= high:
                self.problem(f"{where}.{name}", f"must be from {low} to {high}")
        if isinstance(planned.percent_1rm, Decimal) and planned.percent_1rm < 0:
            # Above 100 is kept (a load typed over the 1RM shows so); below 0, never: the
            # sheets would print it ("55 kg, -50 % 1RM").
            self.problem(f"{where}.percent_1rm", "must be 0 or more")
        heaviest = KEPT_LOAD.get(planned.unit)
        if isinstance(planned.load, Decimal) and heaviest and not 0 <= planned.load <= heaviest:
            self.problem(f"{where}.load", f"must be from 0 to {heaviest} {planned.unit}")
        elif isinstance(planned.load, Decimal) and planned.load.as_tuple().exponent < -2:
            self.problem(f"{where}.load", "must have two decimals at most")
        self.number(self.planned, item, where, planned)
        self.owner[id(planned)] = athlete
        numbers = set()
        for log_where, log_item in self.items(item, "set_logs", where):
            log = self.row(SetLog, log_item, log_where, planned_exercise=planned)
            if log.set_number in numbers:
                self.problem(f"{log_where}.set_number", "this set is logged twice")
            elif (
                isinstance(log.set_number, int)
                and isinstance(planned.sets, int)
                and log.set_number > planned.sets
            ):
                self.problem(f"{log_where}.set_number", "is beyond the sets prescribed")
            numbers.add(log.set_number)
            if unlogged and log.done is True:
                # A set ticked marks its session logged, and stays ticked only while it is.
                self.problem(f"{log_where}.done", "is set, but the session was never logged")
            if isinstance(log.load, Decimal) and heaviest and not 0 <= log.load <= heaviest:
                self.problem(f"{log_where}.load", f"must be from 0 to {heaviest} {planned.unit}")

    def events(self, data: dict) -> None:
        """Pain flags and the history of load edits, each tied to an athlete's plan."""
        for key, model, user_key in (
            ("pain_flags", PainFlag, "cleared_by"),
            ("load_changes", LoadChange, "user"),
        ):
            for where, item in self.items(data, key):
                athlete = self.link(self.athletes, item, "athlete", where)
                required = model is LoadChange
                planned = self.link(
                    self.planned, item, "planned_exercise", where, required=required
                )
                if planned is not None and self.owner[id(planned)] is not athlete:
                    self.problem(f"{where}.planned_exercise", "is in another athlete's plan")
                links = {"athlete": athlete, "planned_exercise": planned}
                links[user_key] = self.user(item, user_key, where)
                if model is PainFlag:
                    links["exercise"] = self.exercise_link(item, where)
                row = self.row(model, item, where, **links)
                if model is PainFlag:
                    self.pain_flag_checks(row, item, where)
                problem = (
                    _change_value_problem(row)
                    if model is LoadChange and row.field in EDITABLE
                    else None
                )
                if problem:
                    self.problem(f"{where}.old_value", problem)
        # Rules accepted for an athlete (files from before they were kept have none).
        accepted: set[tuple[int, str]] = set()
        for where, item in self.items(data, "rule_overrides") if "rule_overrides" in data else ():
            athlete = self.link(self.athletes, item, "athlete", where)
            row = self.row(
                RuleOverride,
                item,
                where,
                athlete=athlete,
                created_by=self.user(item, "created_by", where),
            )
            if row.rule not in engine.RULES:
                self.problem(f"{where}.rule", "is not a rule of the product")
            elif (id(athlete), row.rule) in accepted:
                self.problem(f"{where}.rule", "is accepted twice for this athlete")
            accepted.add((id(athlete), row.rule))
