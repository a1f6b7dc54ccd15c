import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from athletes.access import (
    club_for,
    coach_required,
    get_athlete_for_user,
    hold_unarchived,
    refuse_if_archived,
)
from programs.engine import plate_step
from schedules import loads, logbook, overrides, services
from schedules.forms import CellForm
from schedules.grid import GridCell, build_grid, grid_sessions
from schedules.grid_html import spoken
from schedules.models import (
    EDITABLE_FIELDS,
    LoadChange,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
)
from schedules.rule_text import group_warnings, settled_days, warnings_from


def _planned_for_user(request: HttpRequest, pk: int) -> PlannedExercise:
    rows = PlannedExercise.objects.filter(session__plan__athlete__club=club_for(request))
    row = get_object_or_404(
        rows.select_related("session__plan__athlete__club", "exercise", "edited_by"), pk=pk
    )
    refuse_if_archived(request, row.session.plan.athlete)  # an archived athlete's: read-only
    return row


@dataclass
class HistoryLine:
    """One action on one cell: every field it changed, in the words of the grid."""

    at: datetime
    username: str | None
    exercise: str
    day: date
    changes: list[str]
    undone: bool
    undoable: bool = False  # not undone, in a session not logged since: undo restores it
    batch: str = ""  # the action it was part of

    @property
    def summary(self) -> str:
        return ", ".join(self.changes)


FIELD_NAMES = {"percent_1rm": "% 1RM", "rir": "RIR", "seconds": "time", "metres": "distance"}
# Carry, scaling and undo leave logged sessions alone too: what was lifted stays on record.
TENTH = Decimal("0.1")
LOGGED = "Not saved: the athlete has logged this session, so it stays as it was prescribed."
CARRY_UNSEEN = "Not carried: reload the grid, then try again."
SHIFT_NEEDS_LOAD = "Change the load (or % 1RM) to shift later weeks by the same amount."
LOGGED_ALREADY = "The athlete has logged this session since, so it stays as it was prescribed."


def _change_text(field: str, old: str, new: str, unit: str) -> str:
    if field == "note":
        return f"note “{old}” → “{new}”" if old else f"note “{new}”" if new else "note removed"
    after = {"load": f" {unit}", "seconds": " s", "metres": " m"}.get(field, "")
    # The unit once, after the new value ("load 60 → 65 kg"), or after the old one when the
    # value was taken off ("load 60 kg → —"): never after the dash.
    before = f"{old}{after}" if old and not new else old or "—"
    return f"{FIELD_NAMES.get(field, field)} {before} → {f'{new}{after}' if new else '—'}"


MAYBE = "?"  # the lines read ran out at the limit: an action may go on past them


def _history(athlete, limit: int) -> tuple[list[HistoryLine], str | None]:
    """The latest load edits, newest first, one line per action on a cell (a plus step
    changes both load and % 1RM), as the plain values the panel shows; and the action of
    the first line left out (None when there is none, MAYBE when that is not known)."""
    rows = (
        LoadChange.objects.filter(athlete=athlete)
        .order_by("-at", "-id")
        .values_list(
            "batch",
            "planned_exercise_id",
            "at",
            "user__username",
            "planned_exercise__exercise__name",
            "planned_exercise__session__date",
            "planned_exercise__unit",
            "field",
            "old_value",
            "new_value",
            "undone",
            "planned_exercise__session__logged_at",
        )[: limit * 6]  # an action changes at most the six editable fields of a cell
    )
    lines: dict[tuple[str, int], HistoryLine] = {}
    cut = MAYBE if len(rows) == limit * 6 else None
    for batch, pk, at, username, exercise, day, unit, field, old, new, undone, logged in rows:
        line = lines.get((batch, pk))
        if line is None:
            if len(lines) == limit:
                cut = batch
                break
            line = lines[batch, pk] = HistoryLine(at, username, exercise, day, [], undone)
            line.undoable = not undone and logged is None  # as loads.undoable counts
            line.batch = batch
        line.changes.insert(0, _change_text(field, old, new, unit))
    return list(lines.values()), cut


@dataclass
class HistoryAction:
    """One action as the history panel tells it: a carry or a squad's change of the week
    touches many cells, and one undo takes all of them back."""

    at: datetime
    username: str | None
    lines: list[HistoryLine]
    cells: int  # every cell it changed, shown or not

    @property
    def undone(self) -> bool:
        return all(line.undone for line in self.lines)

    @property
    def more(self) -> int:
        return self.cells - len(self.lines)


def _actions(athlete, history: list[HistoryLine], cut: str | None) -> list[HistoryAction]:
    """The lines grouped by the action they were part of, newest first. Only the last action
    shown can have lines beyond the panel's (when the first line left out, `cut`, is of that
    action, or may be): those are counted, with one more query."""
    actions: dict[str, HistoryAction] = {}
    for line in history:
        action = actions.get(line.batch)
        if action is None:
            action = actions[line.batch] = HistoryAction(line.at, line.username, [], 0)
        action.lines.append(line)
        action.cells += 1
    for action in actions.values():
        action.lines.sort(key=lambda line: line.day)  # a carry reads from its first week on
    last = list(actions.values())[-1] if actions else None
    if last is not None and cut in (MAYBE, last.lines[0].batch):
        changes = LoadChange.objects.filter(athlete=athlete, batch=last.lines[0].batch)
        last.cells = changes.values("planned_exercise").distinct().count()
    return list(actions.values())


def _one_rep_maxes(planned: PlannedExercise) -> dict:
    return planned.session.plan.athlete.current_one_rep_maxes()


HISTORY_LINES = 15


def _history_panel(athlete) -> dict:
    """The history lines, and the action undo would take back (the undo button names it, so
    an undo sent twice, or after another coach's change, is refused): a line shown, or,
    when none of those is, an older change (one more query, only then)."""
    history, cut = _history(athlete, HISTORY_LINES)
    undo_batch = next((line.batch for line in history if line.undoable), None)
    if undo_batch is None and len(history) == HISTORY_LINES:
        latest = loads.undoable(athlete).order_by("-at", "-id")
        undo_batch = latest.values_list("batch", flat=True).first()
    actions = _actions(athlete, history, cut)
    return {
        "history": actions,
        "can_undo": undo_batch is not None,
        "undo_batch": undo_batch,
        "undo_what": _undo_what(actions, undo_batch),
    }


def _undo_what(actions: list[HistoryAction], batch: str | None) -> dict | None:
    """What the undo button takes back, and whose change it was (the page says "your" to
    its maker): with two coaches on one grid, the latest change may be the other's."""
    if batch is None:
        return None
    found = next((a for a in actions if a.lines[0].batch == batch), None)
    if found is None:
        return {"older": True}
    if found.cells == 1:
        line = found.lines[0]
        what = f"{line.exercise} ({line.day.day} {line.day:%b})"
    else:
        what = f"{found.cells} cells"
    return {"who": found.username, "what": what, "latest": found is actions[0]}


def _held(planned: PlannedExercise, flags: list | None = None) -> bool:
    """Whether an open pain flag takes this cell out of its session (DOMAIN L9); `flags`, the
    athlete's pain flags when already read."""
    session = planned.session
    if flags is None:
        flags = logbook.pain_flags(session.plan.athlete, exercises=False)
    if not flags:
        return False
    at = session.logged_at
    # Sets are ticked only in a logged session: a lift ticked ahead stays, as the phone has it.
    done = at is not None and planned.set_logs.filter(done=True).exists()
    flag = logbook.withheld_by(flags, planned.exercise_id, session.date, logged_at=at, done=done)
    return flag is not None


def _grid_context(athlete, plan: Plan) -> dict:
    flags = logbook.pain_flags(athlete, exercises=False)
    sessions = grid_sessions(plan, flags)
    weeks, groups = build_grid(plan, sessions)
    logged = [(s.date, bool(s.cells) and all(c.logged for _, c in s.cells)) for s in sessions]
    return {
        "athlete": athlete,
        "plan": plan,
        "weeks": weeks,
        "groups": groups,
        **_side_warnings(athlete, plan, flags, settled_days(logged)),
        **_history_panel(athlete),
    }


def _side_warnings(athlete, plan: Plan, flags: list, settled: set) -> dict:
    """The side panel's warnings from this week on, marked accepted where the coach accepted
    the rule, and apart from them those about a lift held out for pain (L9), which the
    athlete does not do: shown, not counted as rules broken."""
    monday = warnings_from()
    current, held = logbook.split_held_out(plan.pk, plan.warnings or [], flags, since=monday)
    return {
        "warnings": overrides.mark_accepted(
            group_warnings(current, since=monday, settled=settled), athlete
        ),
        "held_warnings": group_warnings(held, since=monday, settled=settled),
    }


def _current_warnings(plan: Plan, flags: list) -> dict:
    """The plan's warnings as the grid's side panel shows them (see _grid_context); `flags`,
    the athlete's pain flags."""
    monday = warnings_from()
    logged = PlannedSession.objects.filter(
        plan=plan, date__range=(monday, monday + timedelta(days=6))
    ).values_list("date", "logged_at")
    settled = settled_days((day, at is not None) for day, at in logged)
    return _side_warnings(plan.athlete, plan, flags, settled)


@coach_required
@require_GET
def plan_grid(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    plan = Plan.objects.filter(athlete=athlete).first()
    if plan is None:
        messages.info(request, f"{athlete.name} has no plan yet: assign a programme first.")
        return redirect("athlete_plan", pk=athlete.pk)
    context = _grid_context(athlete, plan)
    # Opened from the squad's week of a later (or earlier) week: the grid opens at it.
    context["shown_week"] = _asked_week(request.GET.get("week", ""))
    # Made again in the background (a new 1RM, running week...): the grid says so.
    job = PlanJob.objects.filter(athlete=athlete).first()
    if job is not None and not job.is_finished:
        context["job"] = job
    at = _landing_cell(request, context["groups"])
    if at is not None:
        # Back from a change made without JavaScript: the page lands on the cell, so what
        # came of the change is said there, not at the head of the page, out of view.
        stored = [(m.level_tag, str(m)) for m in messages.get_messages(request)]
        if stored:
            context |= {"cell_flash": {at: stored}, "messages": []}
    return render(request, "schedules/grid.html", context)


def _asked_week(raw: str) -> date | None:
    """The day `?week=` names, or None for one that is no date (the grid opens as usual)."""
    try:
        return date.fromisoformat(raw[:10]) if len(raw) == 10 else None
    except ValueError:
        return None


def _landing_cell(request: HttpRequest, groups: list) -> int | None:
    """The cell named by `?cell=` (see _to_cell), when the grid shows it."""
    raw = request.GET.get("cell", "")
    if not raw.isdecimal() or len(raw) > 18:
        return None
    pk = int(raw)
    shown = any(c is not None and c.pk == pk for g in groups for r in g.rows for c in r.cells)
    return pk if shown else None


def _to_cell(athlete_id: int, pk: int) -> HttpResponse:
    """Back to the grid after a change made without JavaScript, landing on the cell, where
    the page says what came of it."""
    return redirect(reverse("plan_grid", args=[athlete_id]) + f"?cell={int(pk)}#cell-{int(pk)}")


def _after_change(
    request: HttpRequest,
    planned: PlannedExercise,
    one_rep_maxes: dict,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    """The changed cell, plus the week's warnings and the history out of band."""
    plan = planned.session.plan
    athlete = plan.athlete
    services.plan_recheck(plan, one_rep_maxes)
    one_rm = one_rep_maxes.get(planned.exercise.slug)
    over = planned.percent_1rm is not None and planned.percent_1rm > 100  # as the cell marks it
    saved_note = not message and one_rm and planned.load is not None and over
    if saved_note:
        # No rule forbids it (the test may be out of date), but a typo should not pass unseen.
        message = (
            f"Saved, but {loads.amount(planned.load)} {planned.unit} is above the 1RM on "
            f"record ({loads.amount(one_rm.quantize(TENTH, ROUND_HALF_UP))} {planned.unit}): "
            "check it."
        )
    if not request.htmx:
        if message:
            messages.warning(request, message)
        else:  # the grid reloads at the cell, this line at its head: what was saved
            messages.success(request, f"Saved: {spoken(GridCell.of(planned, _held(planned)))}.")
        return _to_cell(athlete.pk, planned.pk)
    flags = logbook.pain_flags(athlete, exercises=False)
    held = _held(planned, flags)
    side = _current_warnings(plan, flags)
    warnings = side["warnings"]
    context = {
        "cell": planned,  # saved with its version checked, so current (loads.apply_changes)
        "held": held,
        "athlete": athlete,
        **side,
        **_history_panel(athlete),
        "message": message,
        "message_is_note": bool(saved_note),  # saved: a word of caution, not a refusal
        "announce": _announcement(planned, held, warnings, message if saved_note else ""),
        "oob": True,
    }
    return render(request, "schedules/partials/grid_changed.html", context, status=status)


def _announcement(planned: PlannedExercise, held: bool, warnings: list, note: str = "") -> str:
    """What the grid's status line reads out after a change: the cell as it is now and the
    count of rules broken (the panels beside the grid are replaced, which is not read)."""
    count = len(warnings)
    rules = f"{count} rule{'s' * (count != 1)} broken" if count else "No rule broken"
    if accepted := sum(bool(w.get("accepted")) for w in warnings):
        rules += f" ({accepted} accepted)"
    return " ".join(
        part
        for part in (f"{spoken(GridCell.of(planned, held))}.", f"{rules} from this week on.", note)
        if part
    )


def _typed(form: CellForm | None) -> str:
    """What the refused edit would have changed, to make again by hand if still wanted."""
    if form is None:
        return ""
    labels = dict(EDITABLE_FIELDS)
    parts = []
    changed = form.typed_changes()
    if "load" in changed:
        changed.pop("percent_1rm", None)  # the load's %, worked out from it
    for name, value in changed.items():
        shown = "none" if value in (None, "") else value
        if isinstance(value, Decimal):
            shown = loads.amount(value)
        parts.append(f'{labels[name]} "{shown}"' if name == "note" else f"{labels[name]} {shown}")
    return f" Yours was: {', '.join(parts)}." if parts else ""


def _conflict(
    request: HttpRequest, exc: loads.StaleEdit, form: CellForm | None = None
) -> HttpResponse:
    current = exc.current
    if current.edited_by_id is not None and current.edited_by_id == request.user.pk:
        message = (
            "Not saved: you changed this cell on another screen a moment ago. "
            "It now shows that value."
        )
    elif current.edited_by is not None:
        who = current.edited_by.get_username()
        message = f"Not saved: {who} changed this cell a moment ago. It now shows their value."
    elif _last_edit_undone(current):
        # Every edit of it undone: it is nobody's edit any more (loads.undo_last).
        message = (
            "Not saved: an edit of this cell was undone a moment ago. It now shows the value "
            "from before that edit."
        )
    else:
        message = (
            "Not saved: this cell changed a moment ago (the plan was made again, or its units "
            "changed). It now shows its current value."
        )
    message += _typed(form)
    if not request.htmx:
        messages.error(request, message)
        return _to_cell(current.session.plan.athlete_id, current.pk)
    fresh = PlannedExercise.objects.select_related(
        "exercise", "edited_by", "session__plan__athlete"
    ).get(pk=current.pk)
    plan = fresh.session.plan
    # The other coach's change came with its own warnings and history line: this page
    # gets them too, beside their value.
    flags = logbook.pain_flags(plan.athlete, exercises=False)
    held = _held(fresh, flags)
    side = _current_warnings(plan, flags)
    warnings = side["warnings"]
    context = {
        "cell": fresh,
        "held": held,
        "message": message,
        "conflict": True,
        "athlete": plan.athlete,
        **side,
        **_history_panel(plan.athlete),
        "announce": _announcement(fresh, held, warnings),  # the refusal itself is an alert
        "oob": True,
    }
    return render(request, "schedules/partials/grid_changed.html", context, status=409)


def _last_edit_undone(cell: PlannedExercise) -> bool:
    """Whether the latest edit on record of the cell has been undone."""
    last = LoadChange.objects.filter(planned_exercise=cell).order_by("-at", "-id").first()
    return last is not None and last.undone


def _logged(request: HttpRequest, planned: PlannedExercise, status: int = 409) -> HttpResponse:
    """A cell of a session the athlete has logged: refused, nothing written or re-checked."""
    message = LOGGED if request.method == "POST" else LOGGED_ALREADY
    if not request.htmx:
        messages.error(request, message)
        return _to_cell(planned.session.plan.athlete_id, planned.pk)
    context = {"cell": planned, "message": message}
    return render(request, "schedules/partials/grid_cell.html", context, status=status)


def _gone(request: HttpRequest, planned: PlannedExercise) -> HttpResponse:
    """The cell was re-planned while the coach looked at it: show the grid as it is now."""
    messages.warning(request, "Not saved: the plan was made again meanwhile. Here it is now.")
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect("plan_grid", pk=planned.session.plan.athlete_id)


@coach_required
@require_GET
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    planned = _planned_for_user(request, pk)
    if not request.htmx:
        return redirect(
            reverse("plan_grid", args=[planned.session.plan.athlete_id]) + f"#cell-{pk}"
        )
    context = {"cell": planned, "held": _held(planned)}
    return render(request, "schedules/partials/grid_cell.html", context)


@coach_required
@require_http_methods(["GET", "POST"])
def cell_edit(request: HttpRequest, pk: int) -> HttpResponse:
    planned = _planned_for_user(request, pk)
    if request.method != "POST":
        if planned.session.logged_at is not None:
            # Opened from a page shown before the athlete logged it: nothing left to edit.
            return _logged(request, planned, status=200)
        one_rm = _one_rep_maxes(planned).get(planned.exercise.slug)
        return _editor(request, planned, CellForm(planned=planned, one_rm=one_rm))
    one_rms = _one_rep_maxes(planned)
    form = CellForm(request.POST, planned=planned, one_rm=one_rms.get(planned.exercise.slug))
    if not form.is_valid():
        return _editor(request, planned, form, status=400)
    if planned.session.logged_at is not None:
        return _logged(request, planned)
    try:
        _save_form(request, planned, form, one_rms)
    except loads.StaleEdit as exc:
        return _conflict(request, exc, form)
    except loads.CellGone:
        return _gone(request, planned)
    return _after_change(request, planned, one_rms)


def _save_form(
    request: HttpRequest,
    planned: PlannedExercise,
    form: CellForm,
    one_rms: dict,
    batch: str | None = None,
) -> dict:
    """Save the editor's values to the cell at the version it was shown at (else StaleEdit),
    keeping load and % 1RM consistent; returns the values it changed."""
    change = loads.Change(
        planned,
        loads.derive(planned, form.changed_values(), one_rms.get(planned.exercise.slug)),
    )
    loads.apply_changes(
        athlete=planned.session.plan.athlete,
        user=request.user,
        changes=[change],
        versions={planned.pk: form.cleaned_data["version"]},
        batch=batch,
    )
    return change.values


def _editor(request, planned, form, status: int = 200) -> HttpResponse:
    if form.is_bound and form.errors:
        # The editor opens on the first field with something to fix, not where it usually does.
        wrong = next((name for name in form.fields if name in form.errors), None)
        if wrong and not form.fields[wrong].widget.is_hidden:
            for field in form.fields.values():
                field.widget.attrs.pop("autofocus", None)
            form.fields[wrong].widget.attrs["autofocus"] = True
    # The carries offered: none from the plan's last week, nor to the rest of a phase from
    # its last week (they would only say there was nothing to carry to).
    later = loads.carry_targets(planned, "later", None)
    context = {
        "cell": planned,
        "form": form,
        "athlete": planned.session.plan.athlete,
        # For the sums the editor shows as the coach types (static/js/app.js).
        "one_rm": form.one_rm,
        "step": loads.amount(Decimal(str(plate_step(planned.unit)))),
        "max_load": loads.MAX_LOAD[planned.unit],
        "later_weeks": bool(later),
        "later_in_phase": any(t.session.phase == planned.session.phase for t in later),
    }
    if request.htmx:
        return render(request, "schedules/partials/grid_editor.html", context, status=status)
    # Without JavaScript the page itself says which later cells of the row a carry may
    # change, at the versions it was opened with (a form sent back keeps what it had).
    context["row_versions"] = request.POST.get("row_versions") or json.dumps(
        {str(t.pk): t.version for t in later}
    )
    return render(request, "schedules/grid_cell_page.html", context, status=status)


@coach_required
@require_POST
def cell_step(request: HttpRequest, pk: int) -> HttpResponse:
    planned = _planned_for_user(request, pk)
    direction = {"up": 1, "down": -1}.get(request.POST.get("direction", ""))
    version = request.POST.get("version", "")
    if direction is None or not version.isdecimal() or len(version) > 12:
        return HttpResponse("Say up or down, with the cell's version.", status=400)
    one_rms = _one_rep_maxes(planned)
    if planned.session.logged_at is not None:
        return _logged(request, planned)
    try:
        values = loads.step_values(planned, direction, one_rms.get(planned.exercise.slug))
        loads.apply_changes(
            athlete=planned.session.plan.athlete,
            user=request.user,
            changes=[loads.Change(planned, values)],
            versions={planned.pk: int(version)},
        )
    except loads.StaleEdit as exc:
        return _conflict(request, exc)
    except loads.CellGone:
        return _gone(request, planned)
    except loads.EditRefused as exc:
        return _after_change(request, planned, one_rms, status=400, message=str(exc))
    return _after_change(request, planned, one_rms)


@coach_required
@require_POST
def cell_carry(request: HttpRequest, pk: int) -> HttpResponse:
    """Carry this cell's prescription forward: to the rest of its phase or all later weeks.

    From the editor the fields come along: they are saved to this cell first (checked and
    versioned like any edit), so what the coach typed is what is carried.
    """
    planned = _planned_for_user(request, pk)
    scope = request.POST.get("scope")
    if scope not in ("phase", "later", "shift"):
        return HttpResponse("Choose the rest of the phase or all later weeks.", status=400)
    # "shift": later weeks' loads go up or down by the change made here, each keeping its own
    # progression, instead of all taking this one load.
    shift = scope == "shift"
    if shift and "version" not in request.POST:
        return HttpResponse("Shifting later weeks needs the changed load from the editor.", 400)
    athlete = planned.session.plan.athlete
    shown = _shown_versions(request.POST.get("row_versions", ""))
    if shown is None:
        return _carry_refused(request, planned, CARRY_UNSEEN, 400)
    if planned.session.logged_at is not None and "version" in request.POST:
        return _logged(request, planned)
    if "version" not in request.POST and (off_step := _off_step(planned)):
        return _carry_refused(request, planned, off_step, 400)
    batch = loads.new_batch()  # the cell's own edit and the carry are one action to undo
    carried = loads.CARRIED
    saved = None  # what the editor's fields changed in this cell, when they came along
    delta = None
    with transaction.atomic():
        # The athlete's row before the cells' (loads.apply_changes says why).
        hold_unarchived(athlete)
        targets = loads.carry_targets(planned, "later" if shift else scope, None, lock=True)
        # A cell changed since the coach's page showed it (by anyone, undo included) is not
        # overwritten unseen; logged ones are left as they are anyway.
        others = [
            t for t in targets if t.session.logged_at is None and shown.get(t.pk) != t.version
        ]
        if others:
            text = _carry_conflict_text(others, request.user)
            return _carry_refused(request, planned, text, 409)
        if "version" in request.POST:
            one_rms = _one_rep_maxes(planned)
            one_rm = one_rms.get(planned.exercise.slug)
            form = CellForm(request.POST, planned=planned, one_rm=one_rm)
            if not form.is_valid():
                return _editor(request, planned, form, status=400)
            before = planned.load
            if shift:
                if form.cleaned_data["version"] != planned.version:
                    # Changed meanwhile: its current value first, not a change worked out
                    # against it.
                    return _conflict(request, loads.StaleEdit(planned), form)
                load = loads.derive(planned, form.changed_values(), one_rm).get("load")
                if before is None or load is None:
                    form.add_error(None, SHIFT_NEEDS_LOAD)
                    return _editor(request, planned, form, status=400)
                delta = load - before
                step = Decimal(str(plate_step(planned.unit)))
                if before % step:
                    form.add_error(
                        "load",
                        f"This cell's {loads.amount(before)} {planned.unit} is off the "
                        f"{loads.amount(step)} {planned.unit} step (kept exact from before a "
                        "change of units): shift from a later week's cell instead.",
                    )
                    return _editor(request, planned, form, status=400)
            elif (
                # Nothing changed: the whole prescription is carried, its load with it.
                form.cleaned_data["version"] == planned.version
                and not form.changed_values()
                and (off_step := _off_step(planned))
            ):
                form.add_error("load", off_step)
                return _editor(request, planned, form, status=400)
            try:
                saved = _save_form(request, planned, form, one_rms, batch)
            except loads.StaleEdit as exc:
                return _conflict(request, exc, form)
            except loads.CellGone:
                return _gone(request, planned)
            # What the coach changed is what is carried (a new load leaves later weeks' sets
            # and reps alone, a note goes with its cell's exercise); with nothing changed,
            # the whole prescription is.
            if saved:
                carried = tuple(name for name in (*loads.CARRIED, "note") if name in saved)
        open_targets = [t for t in targets if t.session.logged_at is None]
        if shift:  # the editor's fields came along (checked above), and the 1RM with them
            shifted = [(t, loads.shifted_values(t, delta, one_rm)) for t in open_targets]
            changes = [loads.Change(t, values) for t, values in shifted if values is not None]
            unshifted = [t for t, values in shifted if values is None]
        else:
            changes = [
                loads.Change(t, loads.carried_values(planned, t, carried)) for t in open_targets
            ]
        loads.apply_changes(athlete=athlete, user=request.user, changes=changes, batch=batch)
    services.plan_recheck(planned.session.plan)
    changed = sum(1 for c in changes if c.values)
    # Sets carried, but not between a deload week and a normal one (loads.carried_values):
    # the weeks that kept a number of sets of their own, said as such. A carry without the
    # sets (a new load typed) leaves every week's alone, which needs no word.
    kept_sets = [
        t.sets
        for t in open_targets
        if "sets" in carried
        and t.session.deload != planned.session.deload
        and t.sets != planned.sets
    ]
    deloads = len(kept_sets)
    logged = len(targets) - len(open_targets)
    notes = []
    if shift:
        deloads = 0  # a shift leaves sets alone: nothing to say about deload weeks
        # Each reason with its own weeks: a lift without a 1RM goes by effort in later
        # weeks, which is not a shift gone too far.
        empty = [t for t in unshifted if t.load is None]
        far = [t for t in unshifted if t.load is not None]
        if empty:
            notes.append(
                f" Left as they are, with no load to shift ({len(empty)}): {_days(empty)}."
            )
        if far:
            notes.append(
                f" Left as they are, as the shift would take the load to nothing or past "
                f"{loads.amount(loads.MAX_LOAD[planned.unit])} {planned.unit} ({len(far)}): "
                f"{_days(far)}."
            )
    if deloads:
        if planned.session.deload:
            notes.append(f" Weeks that are not deloads ({deloads}) keep their own sets.")
        elif all(sets < planned.sets for sets in kept_sets):
            notes.append(f" Deload weeks ({deloads}) keep their lighter sets.")
        else:  # fewer sets carried than a deload week holds
            notes.append(f" Deload weeks ({deloads}) keep their own sets.")
    if logged:
        notes.append(
            f" {logged} logged session{'s' * (logged != 1)} kept what was done "
            f"({', '.join(f'{t.session.date:%-d %b}' for t in targets if t not in open_targets)})."
        )
    if not targets:
        # The last week of its phase (or of the plan): the edit is saved, nothing follows it.
        where = "this phase" if scope == "phase" else "the plan"
        saved_word = "Saved. " if saved else ""
        done = f"{saved_word}No later session of {where} to carry it to."
    elif not open_targets:
        # Every later session is logged: the note on them says why nothing was carried.
        done = f"{'Saved. ' if saved else ''}Nothing carried:"
    elif shift and not changed:
        # The notes say why each later week was left as it was.
        done = f"{'Saved. ' if saved else ''}Nothing shifted."
    elif shift:
        sign = "+" if delta > 0 else "−"
        done = (
            f"Later weeks' loads shifted by {sign}{loads.amount(abs(delta))} {planned.unit}: "
            f"{changed} session{'s' * (changed != 1)}."
        )
    elif not changed:
        saved_word = "Saved. " if saved else ""
        done = f"{saved_word}The later sessions already had it: nothing to carry."
    else:
        done = f"Carried forward to {changed} later session{'s' * (changed != 1)}."
    messages.success(request, f"{done}{''.join(notes)}")
    if request.htmx:
        # Many cells changed: the grid reloads where it is, with the message on top.
        return HttpResponseClientRefresh()
    return _to_cell(athlete.pk, planned.pk)


def _days(cells: list[PlannedExercise]) -> str:
    return ", ".join(f"{t.session.date:%-d %b}" for t in cells)


def _shown_versions(raw: str) -> dict[int, int] | None:
    """The version of each cell in the row as the coach's page shows it (`row_versions`, sent
    by static/js/app.js with a carry), or None when it is missing or not that."""
    try:
        data = json.loads(raw) if len(raw) <= 20_000 else None
        items = data.items()
    except (AttributeError, RecursionError, ValueError):
        return None
    if not all(pk.isdecimal() and len(pk) <= 18 and type(version) is int for pk, version in items):
        return None  # ids as JSON keys, whole versions only (no 1e400, Infinity or 3.5)
    return {int(pk): version for pk, version in items}


def _carry_conflict_text(others: list[PlannedExercise], user) -> str:
    def who(cell: PlannedExercise) -> str:
        if cell.edited_by_id is not None and cell.edited_by_id == user.pk:
            return "you (on another screen)"  # as a cell's own conflict says it
        return cell.edited_by.get_username() if cell.edited_by else "someone"

    names = sorted({who(t) for t in others})
    days = ", ".join(f"{t.session.date:%-d %b}" for t in others)
    return (
        f"Not carried: {' and '.join(names)} changed {len(others)} of the later cells in this "
        f"row since this page showed them ({days}); nothing was saved. Here they are now."
    )


def _off_step(planned: PlannedExercise) -> str:
    """Why a load kept exact from before a change of units (132.3 lb) is not carried to
    later weeks, which need one a lifter can load; empty for a load on the plate step."""
    step = Decimal(str(plate_step(planned.unit)))
    if planned.load is None or not planned.load % step:
        return ""
    low, unit = planned.load // step * step, planned.unit
    return (
        f"This cell's {loads.amount(planned.load)} {unit} is off the {loads.amount(step)} "
        f"{unit} plate step (kept exact from before a change of units): type "
        f"{loads.amount(low)} or {loads.amount(low + step)} {unit} to carry it forward."
    )


def _carry_refused(request: HttpRequest, planned: PlannedExercise, message: str, status: int):
    """Nothing written: the grid reloads with the message on top (a carry touches many cells),
    and the editor with it: what was typed in it is said, to make again by hand."""
    message += _typed_in(request, planned)
    messages.error(request, message)
    if request.htmx:
        response = HttpResponseClientRefresh()
        response.status_code = status
        response.content = message  # the page reloads and shows it on top; said here too
        return response
    return _to_cell(planned.session.plan.athlete_id, planned.pk)


def _typed_in(request: HttpRequest, planned: PlannedExercise) -> str:
    """What the editor's fields, when they came along with a refused carry, would have
    changed (see _typed); nothing for a carry without them, or with a mistake in them."""
    if "version" not in request.POST:
        return ""
    one_rm = _one_rep_maxes(planned).get(planned.exercise.slug)
    form = CellForm(request.POST, planned=planned, one_rm=one_rm)
    return _typed(form) if form.is_valid() else ""


UNDO_MOVED = (
    "Not undone: the latest change is no longer the one your page offered to undo (it was "
    "undone already, or the plan changed since). Here is the history as it is now."
)


@coach_required
@require_POST
def grid_undo(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    plan = get_object_or_404(Plan, athlete=athlete)
    # The change the page offered to undo ("" when it offered none).
    batch = request.POST.get("batch")
    if batch is None or len(batch) > 64:
        return HttpResponse("Say which change to undo: reload the grid and try again.", status=400)
    try:
        count, kept = loads.undo_last(athlete=athlete, user=request.user, batch=batch)
    except loads.UndoMoved:
        # Not redirected: the grid as it is now, with the reason, and a 409.
        messages.error(request, UNDO_MOVED)
        context = _grid_context(athlete, plan)
        return render(request, "schedules/grid.html", context, status=409)
    except loads.EditRefused as exc:
        messages.warning(request, str(exc))
    except loads.StaleEdit:
        messages.error(request, "Cannot undo: that cell has been changed again since.")
        return redirect("plan_grid", pk=athlete.pk)
    else:
        plan.athlete = athlete
        services.plan_recheck(plan)
        logged = (
            f" {kept} cell{'s' * (kept != 1)} in sessions logged since "
            f"{'stay' if kept != 1 else 'stays'} as prescribed."
            if kept
            else ""
        )
        back = "it was" if count == 1 else "they were"
        messages.success(
            request, f"Undone: {count} cell{'s' * (count != 1)} back as {back}.{logged}"
        )
    return redirect("plan_grid", pk=athlete.pk)


def week_start(raw: str | None, default: date) -> date:
    try:
        day = date.fromisoformat(raw) if raw else default
    except ValueError as exc:
        raise Http404 from exc
    monday = day - timedelta(days=day.weekday())
    # The pages also show the week before and after, which must exist in the calendar.
    if not date.min + timedelta(days=7) <= monday <= date.max - timedelta(days=14):
        raise Http404
    return monday
