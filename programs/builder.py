"""Edits to a club's programme template: phases, sessions and prescriptions.

Every edit runs in one transaction that first moves the template's version on by one,
but only if the coach saw the current version; otherwise `StaleTemplate` is raised and
nothing is written, so two coaches editing the same template never overwrite each other.
A move that moves nothing (a row already first or last), or an edit saved as it was, writes
nothing, the version neither: these return False.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Model, QuerySet
from django.utils import timezone

from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate


class StaleTemplate(Exception):
    """The template changed since the coach loaded it."""


def _bump(template: ProgramTemplate, version: int) -> None:
    updated = ProgramTemplate.objects.filter(pk=template.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleTemplate
    template.version = version + 1


def _still_current(template: ProgramTemplate, version: int) -> None:
    """For an edit that writes nothing: the version the coach saw must still be current."""
    if not ProgramTemplate.objects.filter(pk=template.pk, version=version).exists():
        raise StaleTemplate


def unchanged(row: Model, fields: Mapping[str, Any]) -> bool:
    """True if the row as stored already has every one of these field values."""
    names = [row._meta.get_field(name).attname for name in fields]
    stored = type(row).objects.filter(pk=row.pk).values(*names).get()
    wanted = {
        attname: value.pk if isinstance(value, Model) else value
        for attname, value in zip(names, fields.values(), strict=True)
    }
    return stored == wanted


def _next_order(siblings: QuerySet) -> int:
    highest = siblings.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _move(
    template: ProgramTemplate, version: int, siblings: QuerySet, item: Model, direction: str
) -> bool:
    """Swap the item with its neighbour and renumber the siblings 0..n-1. An item already
    first (up) or last (down) stays, and the programme's version with it: False."""
    rows = list(siblings)
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        _still_current(template, version)
        return False
    _bump(template, version)
    rows[index], rows[other] = rows[other], rows[index]
    for order, row in enumerate(rows):
        row.order = order
    siblings.model.objects.bulk_update(rows, ["order"])
    return True


@transaction.atomic
def template_update(
    *, template: ProgramTemplate, version: int, name: str, description: str
) -> bool:
    """False if the name and description are as they were: nothing changes."""
    if unchanged(template, {"name": name, "description": description}):
        _still_current(template, version)
        return False
    _bump(template, version)
    ProgramTemplate.objects.filter(pk=template.pk).update(name=name, description=description)
    template.name, template.description = name, description
    return True


@transaction.atomic
def phase_add(*, template: ProgramTemplate, version: int, fields: Mapping[str, Any]) -> Phase:
    _bump(template, version)
    order = _next_order(template.phases.all())
    return Phase.objects.create(template=template, order=order, **fields)


@transaction.atomic
def phase_update(*, phase: Phase, version: int, fields: Mapping[str, Any]) -> bool:
    """False if every field is as it was: nothing changes."""
    if unchanged(phase, fields):
        _still_current(phase.template, version)
        return False
    _bump(phase.template, version)
    Phase.objects.filter(pk=phase.pk).update(**fields)
    return True


@transaction.atomic
def phase_delete(*, phase: Phase, version: int) -> None:
    _bump(phase.template, version)
    phase.delete()


@transaction.atomic
def session_add(*, phase: Phase, version: int, fields: Mapping[str, Any]) -> SessionTemplate:
    _bump(phase.template, version)
    order = _next_order(phase.sessions.all())
    return SessionTemplate.objects.create(phase=phase, order=order, **fields)


@transaction.atomic
def session_update(*, session: SessionTemplate, version: int, fields: Mapping[str, Any]) -> bool:
    """False if every field is as it was: nothing changes."""
    if unchanged(session, fields):
        _still_current(session.phase.template, version)
        return False
    _bump(session.phase.template, version)
    SessionTemplate.objects.filter(pk=session.pk).update(**fields)
    return True


@transaction.atomic
def session_move(*, session: SessionTemplate, version: int, direction: str) -> bool:
    """False if the session is already first (up) or last (down): nothing changes."""
    siblings = SessionTemplate.objects.filter(phase_id=session.phase_id)
    return _move(session.phase.template, version, siblings, session, direction)


@transaction.atomic
def session_delete(*, session: SessionTemplate, version: int) -> None:
    _bump(session.phase.template, version)
    session.delete()


@transaction.atomic
def prescription_add(
    *, session: SessionTemplate, version: int, fields: Mapping[str, Any]
) -> Prescription:
    _bump(session.phase.template, version)
    order = _next_order(session.prescriptions.all())
    return Prescription.objects.create(session=session, order=order, **fields)


@transaction.atomic
def prescription_update(*, prescription: Prescription, version: int, fields: Mapping) -> bool:
    """False if every field is as it was: nothing changes. A named exercise's category,
    pattern and side are its own, not the coach's to set: a row kept with its exercise is
    unchanged whatever of them it stores (one imported may store none)."""
    template = prescription.session.phase.template
    if prescription_unchanged(prescription, fields):
        _still_current(template, version)
        return False
    _bump(template, version)
    Prescription.objects.filter(pk=prescription.pk).update(**fields)
    return True


def prescription_unchanged(prescription: Prescription, fields: Mapping) -> bool:
    """True if the row as stored already has these values; a named exercise's category,
    pattern and side are not compared (see `prescription_update`)."""
    own = fields
    if fields.get("exercise") is not None:
        own = {k: v for k, v in fields.items() if k not in ("category", "pattern", "unilateral")}
    return unchanged(prescription, own)


@transaction.atomic
def prescription_move(*, prescription: Prescription, version: int, direction: str) -> bool:
    """False if the exercise is already first (up) or last (down): nothing changes."""
    siblings = Prescription.objects.filter(session_id=prescription.session_id)
    template = prescription.session.phase.template
    return _move(template, version, siblings, prescription, direction)


@transaction.atomic
def prescription_delete(*, prescription: Prescription, version: int) -> None:
    _bump(prescription.session.phase.template, version)
    prescription.delete()
