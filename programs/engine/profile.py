"""The athlete profile: the engine's input, parsed and checked field by field."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RUNS = ("rest", "easy", "quality", "long")
TIMES = ("am", "pm")
SEXES = ("female", "male", "other")
EXPERIENCES = ("novice", "intermediate", "advanced")
EVENTS = ("1500m", "5k", "10k", "half_marathon", "marathon", "ultra")
UNITS = ("kg", "lb")
DEFAULT_WEEKS = 12
MAX_WEEKS = 104
# The last start the calendar has room for: a plan's weeks (and its race week) after it.
LATEST_START = date.max - timedelta(weeks=MAX_WEEKS + 2)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A sanity bound in either unit, well above what the app stores (a 900 x 10 test is 1200).
MAX_ONE_REP_MAX = 2000


class ProfileError(ValueError):
    """A profile that cannot be planned; `problems` holds one "field: what is wrong" per fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class RunDay(NamedTuple):
    """A day of the running week. A tuple, because the week placer hashes it constantly."""

    run: str = "rest"
    time: str | None = None

    @property
    def hard(self) -> bool:
        return self.run in ("quality", "long")


REST = RunDay()


@dataclass(frozen=True)
class Profile:
    name: str
    sex: str
    body_mass_kg: float
    experience: str
    event: str
    units: str
    one_rep_max: dict[str, float]
    running_week: dict[str, RunDay]
    start_date: date
    race_date: date | None = None
    weeks: int | None = None

    def run_on(self, day: date) -> RunDay:
        return self.running_week.get(DAYS[day.weekday()], REST)

    @property
    def plan_weeks(self) -> int:
        """Weeks the plan covers: up to the week holding the race, else `weeks` or 12."""
        if self.race_date is not None:
            return (self.race_date - self.start_date).days // 7 + 1
        return self.weeks or DEFAULT_WEEKS


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    # A whole number of any size is a number (its range is checked where it is read); a
    # float must be finite. math.isfinite of a huge whole number would overflow.
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _choice(value: Any, options: tuple[str, ...]) -> bool:
    return isinstance(value, str) and value in options


def _date(value: Any) -> date | None:
    """A date written YYYY-MM-DD, as the format says (not the other ISO forms Python reads)."""
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def choice(self, data: Mapping[str, Any], key: str, path: str, options: tuple[str, ...]):
        if key not in data or data[key] is None:
            self.fail(path, "is required")
        elif not _choice(data[key], options):
            self.fail(path, "must be one of " + ", ".join(options))
        else:
            return data[key]
        return None


def _read_athlete(reader: _Reader, data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        reader.fail("athlete", "is required" if data is None else "must be an object")
        return {}
    out: dict[str, Any] = {}
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.fail("athlete.name", "must be a non-empty text")
    else:
        out["name"] = name.strip()
    out["sex"] = reader.choice(data, "sex", "athlete.sex", SEXES)
    mass = data.get("body_mass_kg")
    if mass is None:
        reader.fail("athlete.body_mass_kg", "is required")
    elif not _is_number(mass) or mass <= 0:
        reader.fail("athlete.body_mass_kg", "must be a number above 0")
    elif mass > 300:
        reader.fail("athlete.body_mass_kg", "must be at most 300 (kilograms)")
    else:
        out["body_mass_kg"] = float(mass)
    out["experience"] = reader.choice(data, "experience", "athlete.experience", EXPERIENCES)
    out["event"] = reader.choice(data, "event", "athlete.event", EVENTS)
    return out


def _read_running_week(reader: _Reader, data: Any) -> dict[str, RunDay]:
    if not isinstance(data, Mapping):
        reader.fail("running_week", "is required" if data is None else "must be an object")
        return {}
    week: dict[str, RunDay] = {}
    for key in data:
        if key not in DAYS:
            reader.fail(f"running_week.{key}", "unknown day; use " + ", ".join(DAYS))
    for day in DAYS:
        entry = data.get(day)
        week[day] = REST
        if entry is None:
            continue
        path = f"running_week.{day}"
        if not isinstance(entry, Mapping):
            reader.fail(path, "must be an object with run and time")
            continue
        run = reader.choice(entry, "run", f"{path}.run", RUNS)
        time = entry.get("time")
        if run is not None and run != "rest":
            if time is None:
                reader.fail(f"{path}.time", "is required for a run; use am or pm")
            elif not _choice(time, TIMES):
                reader.fail(f"{path}.time", "must be one of am, pm")
            else:
                week[day] = RunDay(run, time)
    return week


def _read_one_rep_max(
    reader: _Reader, data: Any, known_exercises: set[str] | None
) -> dict[str, float]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        reader.fail("one_rep_max", "must be an object of exercise slug to 1RM")
        return {}
    out: dict[str, float] = {}
    for slug, value in data.items():
        path = f"one_rep_max.{slug}"
        if known_exercises is not None and slug not in known_exercises:
            reader.fail(path, "unknown exercise")
        elif not _is_number(value) or value <= 0:
            reader.fail(path, "must be a number above 0")
        elif value > MAX_ONE_REP_MAX:
            reader.fail(path, f"must be at most {MAX_ONE_REP_MAX} (beyond any runner's lift)")
        else:
            out[slug] = float(value)
    return out


def parse_profile(data: Any, known_exercises: set[str] | None = None) -> Profile:
    """Check a profile document and return it as a Profile; raise ProfileError listing
    every problem. `known_exercises` (catalogue slugs) enables the 1RM slug check."""
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise ProfileError(["profile: must be a JSON object"])
    athlete = _read_athlete(reader, data.get("athlete"))
    units = reader.choice(data, "units", "units", UNITS)
    one_rep_max = _read_one_rep_max(reader, data.get("one_rep_max"), known_exercises)
    running_week = _read_running_week(reader, data.get("running_week"))

    start = _date(data.get("start_date"))
    if "start_date" not in data or data["start_date"] is None:
        reader.fail("start_date", "is required")
    elif start is None:
        reader.fail("start_date", "must be a date written YYYY-MM-DD")
    elif start > LATEST_START:
        reader.fail("start_date", f"must be on or before {LATEST_START.isoformat()}")
    race = None
    if data.get("race_date") is not None:
        race = _date(data["race_date"])
        if race is None:
            reader.fail("race_date", "must be a date written YYYY-MM-DD, or null")
        elif start is not None and race <= start:
            reader.fail("race_date", "must be after start_date")
        elif start is not None and (race - start).days >= MAX_WEEKS * 7:
            reader.fail("race_date", f"must be within {MAX_WEEKS} weeks of start_date")
    weeks = data.get("weeks")
    if weeks is not None and (
        not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_WEEKS
    ):
        reader.fail("weeks", f"must be a whole number from 1 to {MAX_WEEKS}")

    if reader.problems:
        raise ProfileError(reader.problems)
    assert start is not None
    return Profile(
        name=athlete["name"],
        sex=athlete["sex"],
        body_mass_kg=athlete["body_mass_kg"],
        experience=athlete["experience"],
        event=athlete["event"],
        units=units,
        one_rep_max=one_rep_max,
        running_week=running_week,
        start_date=start,
        race_date=race,
        weeks=weeks,
    )


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile document that parse_profile reads back into an equal Profile."""
    week: dict[str, Any] = {}
    for day in DAYS:
        run_day = profile.running_week.get(day, REST)
        week[day] = (
            {"run": "rest"} if run_day.run == "rest" else {"run": run_day.run, "time": run_day.time}
        )
    out: dict[str, Any] = {
        "athlete": {
            "name": profile.name,
            "sex": profile.sex,
            "body_mass_kg": profile.body_mass_kg,
            "experience": profile.experience,
            "event": profile.event,
        },
        "units": profile.units,
        "one_rep_max": dict(profile.one_rep_max),
        "running_week": week,
        "start_date": profile.start_date.isoformat(),
        "race_date": profile.race_date.isoformat() if profile.race_date else None,
    }
    if profile.weeks is not None:
        out["weeks"] = profile.weeks
    return out
