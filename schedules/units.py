"""Switching an athlete between kilograms and pounds: every load of theirs follows."""

from decimal import Decimal, InvalidOperation

from django.db.models import F
from django.utils import timezone

from athletes.units import factor, record
from programs import engine
from schedules.loads import _text
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
    changes = list(LoadChange.objects.filter(field="load", **mine))
    for change in changes:
        change.old_value = _converted_text(change.old_value, old, new)
        change.new_value = _converted_text(change.new_value, old, new)
    LoadChange.objects.bulk_update(changes, ["old_value", "new_value"], batch_size=500)
    rows = list(
        PlannedExercise.objects.filter(session__plan__athlete=athlete, unit=old).only(
            "id", "load", "unit"
        )
    )
    for row in rows:
        if row.load is not None:
            row.load = prescribed(row.load, old, new)
        row.unit = new
    PlannedExercise.objects.bulk_update(rows, ["load", "unit"], batch_size=500)
    # A grid still showing the old unit must not save its numbers into the new one.
    PlannedExercise.objects.filter(pk__in=[r.pk for r in rows]).update(version=F("version") + 1)
    Plan.objects.filter(athlete=athlete).update(units=new)


def _converted_text(text: str, old: str, new: str) -> str:
    try:
        return _text(prescribed(Decimal(text), old, new)) if text else text
    except InvalidOperation:
        return text
