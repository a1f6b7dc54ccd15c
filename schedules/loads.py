"""Coach edits of planned loads: versioned, recorded, undoable, re-checked against the rules."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from athletes.access import (
    AthleteArchived,
    Unarchived,
    archived_meanwhile,
    hold_all_unarchived,
    hold_unarchived,
)
from athletes.models import Athlete
from programs import engine
from schedules.grid import week_turns
from schedules.models import EDITABLE_FIELDS, LoadChange, PlannedExercise, PlannedSession

MAX_PERCENT = Decimal("999.9")  # what the % 1RM column holds
TENTH = Decimal("0.1")
# The heaviest load anyone types, steps, scales or logs here, well inside what the column
# holds (9,999.99).
MAX_LOAD = {"kg": Decimal("400"), "lb": Decimal("880")}
EDITABLE = tuple(name for name, _ in EDITABLE_FIELDS)  # what a coach's edit may change


class StaleEdit(Exception):
    """Someone changed the row since it was shown; carries the row as it is now."""

    def __init__(self, current: PlannedExercise) -> None:
        super().__init__("stale edit")
        self.current = current


class EditRefused(Exception):
    """The edit cannot apply (for example a step on an exercise with no load)."""


class UndoMoved(Exception):
    """The latest change is no longer the one the coach's page offered to undo."""


class CellGone(Exception):
    """The cell is no longer in the plan: re-planning replaced it since it was shown."""


@dataclass(frozen=True)
class Change:
    planned: PlannedExercise
    values: dict


def plate(units: str) -> Decimal:
    return Decimal(str(engine.plate_step(units)))


def amount(value: Decimal) -> str:
    """A load as the grid writes it: 62.50 -> 62.5, 1.0E+2 -> 100."""
    return format(value.normalize(), "f")


def history_text(value) -> str:
    """A value as the edit history writes it: 62.50 as "62.5", none as ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount(value)
    return str(value)


def derive(planned: PlannedExercise, values: dict, one_rm: Decimal | None) -> dict:
    """Keep load and % 1RM consistent: a new % sets the load, a new load sets the %. A load
    box emptied beside a new % takes the %'s load, and a % box emptied beside a load the
    load's %, as the editor says before saving."""
    values = dict(values)
    load = values.get("load", planned.load)
    if one_rm and "percent_1rm" in values and values["percent_1rm"] is None:
        # A % box emptied beside a load: the load's own %, as the editor says before saving
        # (the rules check a load against its %: without one, S3 and L1 would pass unseen).
        if load is not None:
            values["percent_1rm"] = _percent_of(load, one_rm)
    elif one_rm and "percent_1rm" in values and values.get("load") is None:
        values["load"] = Decimal(
            str(engine.load_from_percent(float(one_rm), float(values["percent_1rm"]), planned.unit))
        )
    elif one_rm and values.get("load") is not None and "percent_1rm" not in values:
        values["percent_1rm"] = _percent_of(values["load"], one_rm)
    return {k: v for k, v in values.items() if getattr(planned, k) != v}


def _percent_of(load: Decimal, one_rm: Decimal) -> Decimal | None:
    # Kept to 0.1 %; the L1 check allows for that rounding (programs/engine/checks.py).
    percent = (load / one_rm * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    # A load many times the tested 1RM has no meaningful percentage to show.
    return percent if percent <= MAX_PERCENT else None


def new_batch() -> str:
    return uuid.uuid4().hex


# A squad's deload marks its sessions as a deload week besides cutting their sets: its
# batch says so, so that undoing it takes the mark off again (the sessions it marks were
# not a deload before: it leaves those alone).
DELOAD_BATCH = "deload-"


def deload_batch() -> str:
    return DELOAD_BATCH + uuid.uuid4().hex[: 32 - len(DELOAD_BATCH)]


def apply_changes(
    *,
    athlete: Athlete | None,
    user,
    changes: list[Change],
    versions: dict[int, int] | None = None,
    batch: str | None = None,
) -> str:
    """Write changes; rows named in `versions` must still be at that version (else StaleEdit)
    and their objects are brought up to date in memory.

    Every field change is recorded with its old and new value under one batch id (`batch`
    when one action writes in steps), so the whole action can be undone together. Without
    `athlete`, the changes are of several athletes (a squad's week): each is recorded as
    its cell's, whose session and plan come read along.
    """
    batch = batch or new_batch()
    now = timezone.now()
    versions = versions or {}
    history = []
    written = [change for change in changes if change.values]
    values: dict[int, dict] = {}
    for change in written:
        values.setdefault(change.planned.pk, {}).update(change.values)
    try:
        with transaction.atomic():
            if athlete is None:
                # A squad's cells: each athlete's row held first, in id order, as one
                # athlete's change holds theirs (an archive meanwhile waits, or refuses it).
                hold_all_unarchived([c.planned.session.plan.athlete for c in written])
            if len(values) > 1:
                if athlete is not None:
                    # The athlete's row before the cells', as a switch of units holds it
                    # while it converts them: each waits for the other, neither deadlocks.
                    hold_unarchived(athlete)
                # Locked in id order first, as a carry and an undo lock theirs: two writes
                # of the same cells wait for each other, never lock each other out.
                rows = PlannedExercise.objects.select_for_update().filter(pk__in=values)
                list(rows.order_by("pk").values_list("pk"))
            # One statement for all the cells, however many weeks or athletes they span; for
            # one athlete, only while they are not archived (their row held till commit).
            held = athlete.pk if athlete else None
            wrote = _write_rows(
                values, versions, held, hand_edited=True, edited_by=user, edited_at=now
            )
            if wrote < len(values):
                raise _NotWritten
            for change in written:
                planned = change.planned
                history += [
                    LoadChange(
                        planned_exercise_id=planned.pk,
                        athlete_id=athlete.pk if athlete else planned.session.plan.athlete_id,
                        user=user,
                        field=name,
                        old_value=history_text(getattr(planned, name)),
                        new_value=history_text(value),
                        batch=batch,
                    )
                    for name, value in change.values.items()
                ]
                if planned.pk in versions:
                    # The row was at the version this object was read at, so it now holds
                    # exactly these values: the caller can show it without reading it again.
                    for name, value in change.values.items():
                        setattr(planned, name, value)
                    planned.version = versions[planned.pk] + 1
                    planned.hand_edited = True
                    planned.edited_by = user
                    planned.edited_at = now
            LoadChange.objects.bulk_create(history)
            # A session once marked hand-edited stays so; one read with the mark needs no
            # write.
            session_ids = {c.planned.session_id for c in written if not _session_marked(c.planned)}
            if session_ids:
                PlannedSession.objects.filter(pk__in=session_ids).update(hand_edited=True)
    except _NotWritten:
        # Nothing was written: say which cell (or an archive meanwhile) stopped it, as it is.
        if athlete is not None and archived_meanwhile(athlete):
            raise AthleteArchived(athlete) from None
        raise _refusal(values, versions) from None
    return batch


class _NotWritten(Exception):
    """A cell of the write was gone or changed since it was read."""


def _write_rows(values: dict[int, dict], versions: dict[int, int], held: int | None, **same) -> int:
    """Write each cell's own values (`values`, by id) and `same` in one UPDATE, a cell named
    in `versions` only while it is still at that version, and all only while athlete `held`
    is not archived (Unarchived); returns how many were written."""
    if not values:
        return 0
    unarchived = Unarchived(held) if held is not None else Q()
    if len(values) == 1:  # one cell (the grid's edit, a step): a plain UPDATE of it
        [(pk, row)] = values.items()
        rows = PlannedExercise.objects.filter(unarchived, pk=pk)
        if pk in versions:
            rows = rows.filter(version=versions[pk])
        return rows.update(**row, **same, version=F("version") + 1)
    each = {}
    for name in dict.fromkeys(name for row in values.values() for name in row):
        field = PlannedExercise._meta.get_field(name)
        cases = [
            When(pk=pk, then=Value(row[name], output_field=field))
            for pk, row in values.items()
            if name in row
        ]
        each[name] = Case(*cases, default=F(name), output_field=field)
    where = Q()
    for pk in values:
        where |= Q(pk=pk, version=versions[pk]) if pk in versions else Q(pk=pk)
    rows = PlannedExercise.objects.filter(where, unarchived)
    return rows.update(**each, **same, version=F("version") + 1)


def _refusal(values: dict[int, dict], versions: dict[int, int]) -> Exception:
    """Why a write of these cells missed one: the first gone, or changed since it was read."""
    current = PlannedExercise.objects.select_related("edited_by", "exercise").in_bulk(list(values))
    for pk in values:
        if pk not in current:
            return CellGone()
        if pk in versions and current[pk].version != versions[pk]:
            return StaleEdit(current[pk])
    return StaleEdit(current[next(iter(values))])


def _session_marked(planned: PlannedExercise) -> bool:
    return PlannedExercise.session.is_cached(planned) and planned.session.hand_edited


def step_values(planned: PlannedExercise, direction: int, one_rm: Decimal | None) -> dict:
    if planned.load is None:
        raise EditRefused("No load to move: this exercise is prescribed by effort (RIR).")
    step = plate(planned.unit)
    base = (planned.load / step).to_integral_value(rounding=ROUND_FLOOR) * step
    new_load = base + step * direction if base == planned.load or direction > 0 else base
    if new_load <= 0:
        # Body weight alone is an empty load, never 0 kg: the editor takes it off.
        raise EditRefused(
            f"{amount(min(planned.load, step))} {planned.unit} is as light as the minus button "
            "goes: for body weight alone, open the cell and empty its load."
        )
    if new_load > MAX_LOAD[planned.unit]:
        raise EditRefused(f"{amount(new_load)} {planned.unit} is more than anyone lifts here.")
    return derive(planned, {"load": new_load}, one_rm)


def carry_targets(
    planned: PlannedExercise, scope: str, phase_end: date | None, *, lock: bool = False
) -> list:
    """Later prescriptions of the same exercise in the same session slot (A, B, ...) and the
    same turn of it in the week, as the grid rows them (a second C carries to second Cs).
    Logged ones are among them: the caller leaves those as they were done. With `lock`, they
    and `planned` stay locked to the caller's transaction, so none changes between check and
    write; always in id order, so two carries along one row wait for each other, never lock
    each other out."""
    turn = session_turns(planned.session)
    later = PlannedExercise.objects.filter(
        session__plan_id=planned.session.plan_id,
        session__label=planned.session.label,
        session__date__gt=planned.session.date,
        exercise_id=planned.exercise_id,
    ).select_related("session", "edited_by")
    if scope == "phase":
        later = later.filter(session__phase=planned.session.phase)
    if lock:
        ids = [planned.pk, *later.values_list("pk", flat=True)]
        rows = PlannedExercise.objects.filter(pk__in=ids).select_related("session", "edited_by")
        locked = rows.select_for_update(of=("self",)).order_by("pk")
        later = sorted(
            (t for t in locked if t.pk != planned.pk),
            key=lambda t: (t.session.date, t.session.time, t.session_id, t.pk),
        )
    return [t for t in later if turn.get(t.session_id) == turn[planned.session_id]]


def session_turns(session: PlannedSession) -> dict[int, int]:
    """Each session of this label in the plan: which of the week's sessions of that label it
    is (1, 2, ...), in the grid's order."""
    rows = list(
        PlannedSession.objects.filter(plan_id=session.plan_id, label=session.label)
        .order_by("date", "time", "id")
        .values_list("id", "week")
    )
    turns = week_turns((week, session.label) for _, week in rows)
    return {pk: turn for (pk, _), turn in zip(rows, turns, strict=True)}


CARRIED = ("sets", "reps", "seconds", "metres", "load", "percent_1rm", "rir")


def carried_values(
    source: PlannedExercise, target: PlannedExercise, fields: tuple[str, ...] = CARRIED
) -> dict:
    """What carrying `source` forward changes in `target`: the given fields (by default the
    whole prescription), except the number of sets between a deload week and a normal one: a
    deload keeps its fewer sets, and its fewer sets never reach a normal week (L7: less
    volume, same intensity; reps go with the load they suit)."""
    names = fields
    if target.session.deload != source.session.deload:
        names = tuple(name for name in fields if name != "sets")
    return {
        name: getattr(source, name)
        for name in names
        if getattr(target, name) != getattr(source, name)
    }


def shifted_values(target: PlannedExercise, delta: Decimal, one_rm: Decimal | None) -> dict | None:
    """What shifting `target`'s load by `delta` changes (its % 1RM with it), keeping each
    later week's own progression; None where it has no load or would leave the loads a
    lifter can be given (nothing, or more than MAX_LOAD)."""
    if target.load is None:
        return None
    load = target.load + delta
    if load <= 0 or load > MAX_LOAD[target.unit]:
        return None
    if one_rm is None and target.percent_1rm is not None and target.load > 0:
        # No 1RM on record to work it out from: the % moves with the load.
        percent = (target.percent_1rm * load / target.load).quantize(TENTH, ROUND_HALF_UP)
        return derive(
            target, {"load": load, "percent_1rm": percent if percent <= MAX_PERCENT else None}, None
        )
    return derive(target, {"load": load}, one_rm)


def undoable(athlete: Athlete):
    """The athlete's load changes that undo can still restore: not undone, and in sessions
    the athlete has not logged since."""
    return LoadChange.objects.filter(
        athlete=athlete, undone=False, planned_exercise__session__logged_at__isnull=True
    )


def undo_last(*, athlete: Athlete, user, batch: str | None = None) -> tuple[int, int]:
    """Undo the athlete's latest batch of edits; refuses if a cell changed since, or if the
    latest batch is not `batch`, the one the coach's page offered (another coach's change
    since, or the same undo sent twice).

    Returns the number of cells restored and of those left as they are because the athlete
    has logged their session since (what was prescribed for a logged session stays on
    record).
    """
    with transaction.atomic():
        hold_unarchived(athlete)  # an archive meanwhile waits for the undo, or refuses it
        # The latest action that still has a value to restore: values in sessions the
        # athlete has logged since stay on record as prescribed, so they are passed over
        # (and an action left with only those never blocks the ones before it).
        last = undoable(athlete).order_by("-at", "-id").first()
        if last is None:
            raise EditRefused("There is nothing to undo.")
        if batch is not None and last.batch != batch:
            raise UndoMoved
        records = list(LoadChange.objects.filter(batch=last.batch, athlete=athlete, undone=False))
        # The cells are locked and read here, so an edit landing meanwhile waits for this
        # check instead of being overwritten by it; in id order, as a carry locks them.
        cells = {
            c.pk: c
            for c in PlannedExercise.objects.select_for_update(of=("self",))
            .select_related("session")
            .filter(pk__in={r.planned_exercise_id for r in records})
            .order_by("pk")
        }
        by_row: dict[int, dict] = {}
        kept, restored = set(), []
        for record in records:
            planned = cells.get(record.planned_exercise_id)
            if planned is None or record.field not in EDITABLE:
                raise EditRefused("This change cannot be undone.")
            if planned.session.logged_at is not None:
                kept.add(planned.pk)  # stays as prescribed, whatever happened to it since
                continue
            if history_text(getattr(planned, record.field)) != record.new_value:
                raise StaleEdit(planned)
            restored.append(record.pk)
            try:
                value = _parse(record.field, record.old_value)
            except (ArithmeticError, ValueError):
                raise EditRefused("This change cannot be undone.") from None
            by_row.setdefault(record.planned_exercise_id, {})[record.field] = value
        now = timezone.now()
        # The cells are locked since they were read: each is still at the version read.
        versions = {pk: cells[pk].version for pk in by_row}
        if _write_rows(by_row, versions, None, edited_by=user, edited_at=now) < len(by_row):
            raise StaleEdit(cells[next(iter(by_row))])
        # Only what was restored reads as undone; a value kept in a logged session stays.
        LoadChange.objects.filter(pk__in=restored).update(undone=True)
        # A cell whose every edit is now undone is the planner's again: no ✎ mark, and
        # the next re-planning may update it.
        still_edited = set(
            LoadChange.objects.filter(planned_exercise_id__in=by_row, undone=False).values_list(
                "planned_exercise_id", flat=True
            )
        )
        PlannedExercise.objects.filter(pk__in=set(by_row) - still_edited).update(
            hand_edited=False, edited_by=None, edited_at=None
        )
        sessions = PlannedExercise.objects.filter(pk__in=by_row).values("session_id")
        if last.batch.startswith(DELOAD_BATCH):
            PlannedSession.objects.filter(pk__in=sessions).update(deload=False)
        PlannedSession.objects.filter(pk__in=sessions, hand_edited=True).exclude(
            exercises__hand_edited=True
        ).update(hand_edited=False)
    return len(by_row), len(kept)


def _parse(field: str, text: str):
    if text == "":
        return "" if field == "note" else None
    if field in ("load", "percent_1rm"):
        return Decimal(text)
    if field == "note":
        return text
    return int(text)
