"""The squad week sheet for the gym wall: athletes down, one column per exercise of each
lifting session, loads in the cells.

A dose every athlete shares goes in the column head and a unit everyone shares in the
legend, so most cells hold one number: easy to read from across the gym, and cheap to
lay out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.db.models import F

from athletes.models import Athlete, Squad
from config.text import name_order
from programs.engine.duration import each_side
from schedules.athlete_week import warm_up
from schedules.export_pdf import (
    KIND_NAMES,
    PHASE_NAMES,
    ExportInputError,
    dose,
    number,
    sessions_query,
)
from schedules.logbook import pain_flags_by_athlete, withheld_by
from schedules.models import PainFlag, PlannedExercise, PlannedSession


@dataclass(frozen=True)
class Column:
    label: str
    name: str
    dose: str


@dataclass(frozen=True)
class Cell:
    text: str
    muted: bool
    dose: str
    unit: str = ""  # when the squad's athletes lift in different units


@dataclass(frozen=True)
class Row:
    name: str
    status: str
    cells: list[Cell | None]
    other: list[str]
    # Sessions of the week still planned after the athlete's race (kept for their edited
    # loads when the race moved before them), as the athlete's own sheet marks them.
    after_race: str = ""


def _by_label(
    sessions: list[PlannedSession], flags: list[PainFlag]
) -> tuple[dict[str, PlannedSession], list[tuple[str, bool]]]:
    """Each lifting session under its label (A, B...), a label's second turn in the week as
    "A (2)" with columns of its own; any other session as a line of text with what to do,
    and whether a pain flag holds part of it back."""
    lifting: dict[str, PlannedSession] = {}
    other = []
    for ps in sessions:  # in date order
        if ps.kind == "lifting":
            label, turn = ps.label, 1
            while label in lifting:
                turn += 1
                label = f"{ps.label} ({turn})"
            lifting[label] = ps
        else:
            other.append(_other_line(ps, flags))
    return lifting, other


# What the sheet says of a lift an open pain flag holds back (L9). The sheet is printed for
# the gym wall, so it tells the athlete to ask rather than saying why: the athlete's phone and
# the coach's pages say it is for pain.
HELD_BACK = "see coach"


def _other_line(ps: PlannedSession, flags: list[PainFlag]) -> tuple[str, bool]:
    """A line such as "Mon PM · Conditioning: Plank 3 × 30 s, ...", an exercise held back by
    pain marked (L9); and whether one is."""
    items, held = [], False
    for pe in ps.exercises.all():
        if withheld_by(flags, pe.exercise_id, ps.date, logged_at=ps.logged_at, done=pe.ticked):
            items.append(f"{pe.exercise.name}: {HELD_BACK}")
            held = True
        else:
            load = f" @ {number(pe.load)} {pe.unit}" if pe.load is not None else ""
            side = " each side" if each_side(pe) and (pe.reps or pe.seconds or pe.metres) else ""
            items.append(f"{pe.exercise.name} {dose(pe)}{side}{load}")
    head = f"{ps.date:%a} {ps.time.upper()} · {KIND_NAMES.get(ps.kind, ps.kind)}"
    return (f"{head}: {', '.join(items)}" if items else head), held


def _race_words(race: date | None, monday: date) -> str:
    """ "race Sun 27 Dec" when the athlete's race falls in the sheet's week, else empty."""
    if race is None or not monday <= race <= monday + timedelta(days=6):
        return ""
    return f"race {race:%a %-d %b}"


def _status(
    lifting: dict[str, PlannedSession],
    other: list[str],
    sessions: list[PlannedSession],
    race: str = "",
) -> str:
    """The phase and the lifting days, and the race when it is this week (the athlete's own
    sheet names it too)."""
    first = next(iter(lifting.values()), None)
    if first is None:
        # Conditioning or plyometrics only (a new lifter's first weeks): its phase, and
        # the sessions listed under the row.
        week = sessions[0]
        parts = [f"{PHASE_NAMES.get(week.phase, week.phase)}{' (deload)' if week.deload else ''}"]
    else:
        phase = PHASE_NAMES.get(first.phase, first.phase)
        parts = [f"{phase}{' (deload)' if first.deload else ''}"]
        parts += [f"{label} {ps.date:%a} {ps.time.upper()}" for label, ps in lifting.items()]
    return " · ".join(parts + ([race] if race else []))


def _after_race(
    lifting: dict[str, PlannedSession], sessions: list[PlannedSession], race: date | None
) -> str:
    """ "B Thu, Conditioning Sat after the race on Sun 28 Feb: ask your coach before doing
    them", or empty when no session of the week comes after the athlete's race."""
    if race is None:
        return ""
    labels = {ps.pk: label for label, ps in lifting.items()}
    after = [
        f"{labels.get(ps.pk) or KIND_NAMES.get(ps.kind, ps.kind)} {ps.date:%a}"
        for ps in sessions
        if ps.date > race
    ]
    if not after:
        return ""
    them = "it" if len(after) == 1 else "them"
    return (
        f"{', '.join(after)} after the race on {race:%a %-d %b}: ask your coach before doing {them}"
    )


NBSP = "\u00a0"


def _cell(pe: PlannedExercise | None, shared_dose: str, unit: str, held: set) -> Cell | None:
    if pe is None:
        return None
    if pe.pk in held:
        return Cell(HELD_BACK, True, "")  # an open pain flag (L9), its reason kept off the wall
    # A narrow column wraps a cell's lines at " · ", never inside "3 × 14" or "RIR 3"; a
    # dose too wide for it ("3 × 45 s") goes over after its "×", never inside a number.
    own_dose = "" if shared_dose else dose(pe).replace(" ", NBSP).replace(f"×{NBSP}", "× ")
    if pe.load is not None:
        return Cell(number(pe.load), False, own_dose, "" if unit else pe.unit)
    if pe.percent_1rm is not None:
        # Worked by feel: the reps in reserve are the prescription (L3), as the legend says.
        rir = f"RIR{NBSP}{pe.rir}" if pe.rir is not None else ""
        return Cell("no 1RM", True, " · ".join(part for part in (own_dose, rir) if part))
    return Cell("BW", True, own_dose)


# The most lifting columns one landscape page holds with every load legible (a load in lb
# such as "182.5" inside its cell): a wider week goes on as many pages as it needs.
COLUMNS_A_PAGE = 24


def _spans(columns: list[Column]) -> list[tuple[int, int]]:
    """The columns each page of the sheet holds, as (first, past the last): whole sessions
    while they fit, a session wider than a page alone on as many pages as it needs."""
    spans: list[tuple[int, int]] = []
    start = 0
    for _, cols in groupby(columns, key=lambda c: c.label):
        end = start + len(list(cols))
        if spans and end - spans[-1][0] <= COLUMNS_A_PAGE:
            spans[-1] = (spans[-1][0], end)  # with the sessions before it, on their page
        else:
            spans += [(a, min(a + COLUMNS_A_PAGE, end)) for a in range(start, end, COLUMNS_A_PAGE)]
        start = end
    return spans or [(0, 0)]


def _parts(columns: list[Column], rows: list[Row]) -> list[dict]:
    """The sheet's tables, one a page: each with the athletes down and its own columns."""
    parts = []
    for start, end in _spans(columns):
        shown = columns[start:end]
        # A session split over pages is headed "continued" where it goes on.
        before = columns[start - 1].label if start else None
        parts.append(
            {
                "groups": [
                    {
                        "label": label,
                        "span": len(list(cols)),
                        "continued": i == 0 and label == before,
                    }
                    for i, (label, cols) in enumerate(groupby(shown, key=lambda c: c.label))
                ],
                "columns": shown,
                "rows": [{"row": row, "cells": row.cells[start:end]} for row in rows],
            }
        )
    return parts


def squad_sheet(squad: Squad, monday: date, progress: Callable[[int, int], None]) -> dict:
    athletes = sorted(
        Athlete.objects.filter(club=squad.club, squad=squad)
        .active()
        # The race the plan was made for, as the athlete's own sheet prints it.
        .annotate(plan_race=F("plan__race_date"))
        .order_by("id"),
        key=lambda a: name_order(a.name),
    )
    if not athletes:
        raise ExportInputError(f"The squad {squad.name} has no athletes.")
    sessions = sessions_query().filter(
        plan__athlete__in=athletes, date__range=(monday, monday + timedelta(days=6))
    )
    by_athlete: dict[int, list[PlannedSession]] = {}
    races: dict[int, date | None] = {}
    for ps in sessions.annotate(owner=F("plan__athlete_id"), race=F("plan__race_date")):
        races[ps.owner] = ps.race
        by_athlete.setdefault(ps.owner, []).append(ps)

    flags = pain_flags_by_athlete(athletes)

    found: dict[tuple[str, int], tuple[int, str]] = {}  # (label, exercise) -> (order, name)
    per_athlete = []
    held: set[int] = set()  # planned exercises an open pain flag leaves out
    for done, athlete in enumerate(athletes, start=1):
        lifting, other = _by_label(by_athlete.get(athlete.pk, []), flags.get(athlete.pk, []))
        planned: dict[tuple[str, int], PlannedExercise] = {}
        for label, ps in lifting.items():
            for pe in ps.exercises.all():
                key = (label, pe.exercise_id)
                found[key] = (min(pe.order, found.get(key, (pe.order,))[0]), pe.exercise.name)
                planned.setdefault(key, pe)
                athlete_flags = flags.get(athlete.pk, [])
                at = ps.logged_at
                if withheld_by(
                    athlete_flags, pe.exercise_id, ps.date, logged_at=at, done=pe.ticked
                ):
                    held.add(pe.pk)
        per_athlete.append((athlete, lifting, other, planned))
        progress(done, len(athletes))
    if not found and not any(other for _, _, other, _ in per_athlete):
        raise ExportInputError(
            f"No athlete in {squad.name} has sessions planned in the week of {monday:%-d %b %Y}."
        )

    keys = sorted(found, key=lambda key: (key[0], found[key]))
    grid = [[planned.get(key) for key in keys] for *_, planned in per_athlete]
    doses = [
        {dose(pe) for pe in column if pe and pe.pk not in held}
        for column in zip(*grid, strict=True)
    ]
    shared = [next(iter(d)) if len(d) == 1 else "" for d in doses] if grid else []
    units = {pe.unit for row in grid for pe in row if pe is not None and pe.load is not None}
    unit = next(iter(units)) if len(units) == 1 else ""
    # Single-leg work is done on each side, as the athlete's own sheet says by the name: the
    # column head says so once, under the dose all share or alone.
    sides = [any(pe and each_side(pe) for pe in column) for column in zip(*grid, strict=True)]
    columns = [
        Column(key[0], found[key][1], f"{shared[i]} each side".strip() if sides[i] else shared[i])
        for i, key in enumerate(keys)
    ]
    rows = [
        Row(
            athlete.name,
            _status(
                lifting,
                other,
                by_athlete.get(athlete.pk, []),
                _race_words(athlete.plan_race, monday),
            ),
            [_cell(pe, shared[i], unit, held) for i, pe in enumerate(cells)],
            [line for line, _ in other],
            _after_race(lifting, by_athlete.get(athlete.pk, []), races.get(athlete.pk)),
        )
        for (athlete, lifting, other, _), cells in zip(per_athlete, grid, strict=True)
        if athlete.pk in by_athlete
    ]
    # Those with nothing planned this week (no plan yet, a week off, or their race week with
    # no lifting in the 72 hours before it, W4) are named once under the table, not given a
    # row each: the sheet stays the size of who lifts. The race is said beside its athlete.
    resting = [
        f"{athlete.name} ({race})"
        if (race := _race_words(athlete.plan_race, monday))
        else athlete.name
        for athlete, *_ in per_athlete
        if athlete.pk not in by_athlete
    ]
    return {
        "columns": columns,
        "parts": _parts(columns, rows),
        "rows": rows,
        "resting": resting,
        "unit": unit,
        "has_other": any(row.other for row in rows),
        "held": bool(held) or any(h for _, _, other, _ in per_athlete for _, h in other),
        # The sheet gives working loads only: its legend says how to warm up for them (S6).
        "warm_up": any(pe and pe.pk not in held and warm_up(pe) for row in grid for pe in row),
    }
