"""Switching an athlete between kilograms and pounds: every load of theirs follows."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import F
from django.utils import timezone

from athletes.units import factor, record
from programs import engine
from schedules.loads import history_text
from schedules.models import LoadChange, Plan, PlannedExercise, SetLog


def prescribed(value: Decimal, old: str, new: str) -> Decimal:
    """A planned load: on the new unit's plate step, rounded down like every prescription (L1)."""
    return Decimal(str(engine.round_to_plate(float(value * factor(old, new)), new)))


def convert_plan_loads(athlete, old: str, new: str) -> None:
    """Planned loads, logged sets and the edit history of the athlete's plan, in the new unit;
    the history keeps matching its cells, so undo still restores the converted old value."""
    mine = {"planned_exercise__session__plan__athlete": athlete, "planned_exercise__unit": old}
    now = timezone.now()
    logs = list(SetLog.objects.filter(load__isnull=False, **mine).only("id", "load"))
    for log in logs:
        log.load = record(log.load, old, new)
        log.updated_at = now  # a page showing the old number is now stale (409 on save)
    SetLog.objects.bulk_update(logs, ["load", "updated_at"], batch_size=500)
    changes = list(
        LoadChange.objects.filter(field__in=("load", "percent_1rm"), **mine).select_related(
            "planned_exercise__session"
        )
    )
    today = timezone.localdate()
    # A % 1RM follows the rounding of the load it went with, as the cell's own % does: the
    # load changed in the same action, else the load the cell had then. The history of a
    # done or past session converts as its cell does: to 0.1, % unchanged.
    loads_then = {(c.batch, c.planned_exercise_id): c for c in changes if c.field == "load"}
    load_history: dict[int, list[LoadChange]] = {}
    for c in sorted(changes, key=lambda c: (c.at, c.pk)):
        if c.field == "load":
            load_history.setdefault(c.planned_exercise_id, []).append(c)
    for change in changes:
        if _is_record(change.planned_exercise.session, today):
            if change.field == "load":
                change.old_value = _recorded_text(change.old_value, old, new)
                change.new_value = _recorded_text(change.new_value, old, new)
        elif change.field == "percent_1rm":
            sibling = loads_then.get((change.batch, change.planned_exercise_id))
            before, after = (
                (sibling.old_value, sibling.new_value)
                if sibling
                else (_load_then(change, load_history),) * 2
            )
            change.old_value = _scaled_percent(change.old_value, before, old, new)
            change.new_value = _scaled_percent(change.new_value, after, old, new)
    for change in changes:
        if change.field == "load" and not _is_record(change.planned_exercise.session, today):
            change.old_value = _converted_text(change.old_value, old, new)
            change.new_value = _converted_text(change.new_value, old, new)
    LoadChange.objects.bulk_update(changes, ["old_value", "new_value"], batch_size=500)
    rows = list(
        PlannedExercise.objects.filter(session__plan__athlete=athlete, unit=old)
        .select_related("session")
        .only("id", "load", "percent_1rm", "unit", "session__date", "session__logged_at")
    )
    for row in rows:
        if row.load is None:
            pass
        elif _is_record(row.session, today):
            # What was asked of a session already done or gone is a record, like its logged
            # sets: converted to 0.1, not moved down a plate, so switching back restores it.
            row.load = record(row.load, old, new)
        else:
            if row.percent_1rm is not None:
                row.percent_1rm = _percent_after(row.percent_1rm, row.load, old, new)
            row.load = prescribed(row.load, old, new)
        row.unit = new
    PlannedExercise.objects.bulk_update(rows, ["load", "percent_1rm", "unit"], batch_size=500)
    # A grid still showing the old unit must not save its numbers into the new one.
    PlannedExercise.objects.filter(pk__in=[r.pk for r in rows]).update(version=F("version") + 1)
    Plan.objects.filter(athlete=athlete).update(units=new)


def _load_then(change: LoadChange, load_history: dict[int, list[LoadChange]]) -> str:
    """The cell's load when `change` was made (as text, before any of it is converted): what
    its next load change changed from, else the load the cell has now."""
    for later in load_history.get(change.planned_exercise_id, []):
        if (later.at, later.pk) > (change.at, change.pk):
            return later.old_value
    return history_text(change.planned_exercise.load)


def _is_record(session, today) -> bool:
    """What a done or past session asked for is a record, converted like its logged sets."""
    return session.logged_at is not None or session.date < today


def _recorded_text(text: str, old: str, new: str) -> str:
    try:
        return history_text(record(Decimal(text), old, new)) if text else text
    except InvalidOperation:
        return text


def _converted_text(text: str, old: str, new: str) -> str:
    try:
        return history_text(prescribed(Decimal(text), old, new)) if text else text
    except InvalidOperation:
        return text


def _percent_after(percent: Decimal, load: Decimal, old: str, new: str) -> Decimal:
    """The 1RM converts exactly and the load rounds down to a plate: the % follows the load."""
    exact = load * factor(old, new)
    if not exact:
        return percent
    return (percent * prescribed(load, old, new) / exact).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _scaled_percent(text: str, load_text: str, old: str, new: str) -> str:
    try:
        if not text or not load_text:
            return text
        return history_text(_percent_after(Decimal(text), Decimal(load_text), old, new))
    except InvalidOperation:
        return text
