"""Programme template pages: the list, the builder page, clone, create, rename and delete.

The builder's own edits (phases, sessions, prescriptions) are in programs/builder_views.py;
both render through `BuilderPage`, which loads a template with everything the page shows
in a constant number of queries.
"""

import re
import unicodedata

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, ProtectedError, Q, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from athletes.access import club_for, coach_required
from config.once import made_once
from config.text import name_key, name_order
from exercises.models import LoadMode
from programs import builder
from programs.checks import template_check
from programs.forms import (
    PhaseAddForm,
    PhaseForm,
    SessionForm,
    TemplateForm,
    slot_label,
    taken_names,
)
from programs.models import PHASES, Prescription, ProgramTemplate
from programs.services import default_program, program_clone, template_queryset
from schedules.models import Assignment

PAGE = "programs/builder.html"
# The athletes following a programme now: an archived athlete's assignment is kept for their
# return, and not counted.
FOLLOWING = Q(assignments__active=True, assignments__athlete__archived_at__isnull=True)
# Assigned at some time: the athletes' plans keep the programme, so it cannot be deleted.
KEPT = Exists(Assignment.objects.filter(template=OuterRef("pk")))
# Why a programme athletes follow cannot be deleted, and the way off the list instead:
# assigning them another programme would not do, as the plans made from it keep it.
KEPT_ADVICE = "To take it off the list, assign them another programme, then archive it."
STALE = (
    "Someone changed this programme after you opened it, so your change was not saved. "
    "Reload the page to see the current version, then make your change again."
)
STALE_KEPT = (
    "Someone changed this programme after you opened it, so your change was not saved. "
    "What you entered is kept in its form on this page, beside the programme as it is "
    "now: check it and save again."
)

STALE_REPLAN = (
    "Someone changed this programme after you opened it, so no plan was made again. "
    "It is shown below as it is now: check it, then re-plan again."
)


def editable_template(request: HttpRequest, pk: int) -> ProgramTemplate:
    """The club's own template; the shipped default and other clubs' templates are a 404."""
    return get_object_or_404(ProgramTemplate.objects.filter(club=club_for(request)), pk=pk)


def posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def as_the_page_saw_it(request: HttpRequest, program: ProgramTemplate) -> None:
    """A form fetched into an open page carries the version that page was loaded at (sent
    along as ?version=), never a newer one: else saving it would pass over another coach's
    change the page does not show. Only for rendering; nothing here is saved."""
    seen = request.GET.get("version", "")
    if _int(seen) is not None and int(seen) < program.version:
        program.version = int(seen)


def as_just_saved(request: HttpRequest, program: ProgramTemplate, changed: bool = True) -> None:
    """After a save, the page's forms move to the version that save made (the one they had,
    if it changed nothing), not to whatever is stored by now: a third coach's change landing
    meanwhile is not on this page."""
    version = posted_version(request)
    if version is not None and version + changed < program.version:
        program.version = version + changed


PHASE_ORDER = [key for key, _ in PHASES]


def _held_by_body_weight(p: Prescription) -> bool:
    return bool(p.exercise_id) and p.exercise.load_mode == LoadMode.PERCENT_BODYWEIGHT


def describe(p: Prescription) -> tuple[str, str]:
    """A prescription in the coach's words: what is done, and how much of it."""
    if p.exercise_id:
        name = p.exercise.name
    else:
        name = slot_label(p.category, p.pattern)
        if p.unilateral is not None:
            name += ", single-leg" if p.unilateral else ", both legs"
    category = p.exercise.category if p.exercise_id else p.category
    if p.reps:
        amount = f"{p.sets} × {p.reps}"
    elif p.seconds:
        amount = f"{p.sets} × {p.seconds} s"
    elif p.metres:
        amount = f"{p.sets} × {p.metres} m"
    elif category == "max_strength":
        amount = f"{p.sets} × phase reps"
    elif category == "conditioning":
        amount = f"{p.sets} sets, reps grow week by week (L5)"
    elif category == "hill_sprint":
        amount = f"{p.sets} × 8 s"
    else:
        amount = f"{p.sets} sets, amount not given"
    parts = [amount]
    if p.percent_1rm:
        parts.append(f"{p.percent_1rm} % 1RM")
    elif category == "max_strength" and _held_by_body_weight(p):
        # Not from a 1RM: a weight held, growing towards a third of body weight.
        parts.append("weight held, up to 25-33 % of body weight (L6)")
    elif category == "max_strength":
        parts.append("phase % 1RM")
    if p.rir is not None:
        parts.append(f"{p.rir} rep{'s' * (p.rir != 1)} in reserve")
    parts.append(rest_text(p.rest_s))
    return name, " · ".join(parts)


def rest_text(seconds: int) -> str:
    """Rest between sets in one way of saying it: "rest 45 s", "rest 2 min", "rest 1 min
    30 s", never a clock reading beside plain seconds."""
    if not seconds:
        return "no rest"
    minutes, left = divmod(seconds, 60)
    said = [f"{minutes} min"] * bool(minutes) + [f"{left} s"] * bool(left)
    return "rest " + " ".join(said)


def session_form(session, sessions: list, items: list[Prescription], data=None) -> SessionForm:
    """A session's label and kind, to change (or as sent in `data`): its label against the
    phase's other sessions, its kind against the exercises in it."""
    taken = {s.label for s in sessions if s.pk != session.pk}
    exercises = [(describe(p)[0], _category(p)) for p in items]
    return SessionForm(
        data, instance=session, taken=taken, exercises=exercises, prefix=f"session-{session.pk}"
    )


def _category(p: Prescription) -> str:
    return p.exercise.category if p.exercise_id else p.category


class BuilderPage:
    """A template with its phases, sessions and prescriptions, their edit forms and the
    rule check, ready to render as the whole page or as one of its fragments."""

    def __init__(self, request: HttpRequest, pk: int, bound: dict | None = None) -> None:
        self.request = request
        self.club = club_for(request)
        qs = template_queryset().filter(Q(club=self.club) | Q(club__isnull=True))
        qs = qs.annotate(following=Count("assignments", filter=FOLLOWING, distinct=True), kept=KEPT)
        self.program = get_object_or_404(qs, pk=pk)
        self.editable = not self.program.is_shipped
        self.phases = {}
        self.sessions = {}
        self.prescriptions = {}
        bound = bound or {}
        self.bound = bound
        used = {phase.phase for phase in self.program.phases.all()}
        # Shown in the order plans run them: phases are counted back from the race in a
        # fixed order (DOMAIN section 2), whatever order they were added in.
        phases = sorted(self.program.phases.all(), key=lambda p: PHASE_ORDER.index(p.phase))
        self.phase_list = phases
        for phase in phases:
            self.phases[phase.pk] = phase
            sessions = list(phase.sessions.all())
            if self.editable:
                phase.form = bound.get(f"phase-{phase.pk}") or PhaseForm(
                    instance=phase, used=used, prefix=f"phase-{phase.pk}"
                )
                phase.session_form = bound.get(f"session-add-{phase.pk}") or SessionForm(
                    taken={s.label for s in sessions}, prefix=f"session-add-{phase.pk}"
                )
            for place, session in enumerate(sessions):
                self.sessions[session.pk] = session
                session.first, session.last = place == 0, place == len(sessions) - 1
                session.add_form = bound.get(f"prescription-add-{session.pk}")
                items = list(session.prescriptions.all())
                for index, p in enumerate(items):
                    self.prescriptions[p.pk] = p
                    p.first, p.last = index == 0, index == len(items) - 1
                    p.name, p.dose = describe(p)
                    p.form = bound.get(f"prescription-{p.pk}")
                if self.editable:
                    session.form = bound.get(f"session-{session.pk}") or session_form(
                        session, sessions, items
                    )
        self.phase_add_form = bound.get("phase-add") or PhaseAddForm(used=used, prefix="phase-add")
        self.details_form = bound.get("details") or TemplateForm(
            instance=self.program, prefix="details", club=self.club
        )
        self.check = template_check(self.program, self.club)

    def item(self, kind: str, pk: int | None) -> dict:
        """The context a phase, session or prescription fragment renders from."""
        items = {"phase": self.phases, "session": self.sessions, "prescription": self.prescriptions}
        found = items[kind].get(pk)
        if found is None:
            raise Http404
        return {"p" if kind == "prescription" else kind: found}

    def context(self, **extra) -> dict:
        return {
            "program": self.program,
            "phases": self.phase_list,
            "editable": self.editable,
            "phase_add_form": self.phase_add_form,
            "details_form": self.details_form,
            "check": self.check,
            "reload_url": reverse("program_detail", args=[self.program.pk]),
            **extra,
        }

    def page(self, *, status: int = 200, alert: str = "", **extra) -> HttpResponse:
        return render(self.request, PAGE, self.context(alert=alert, **extra), status=status)

    def kept(self) -> HttpResponse:
        """A stale edit: the programme as it is now, with the form the coach sent (set in
        `bound`) as they filled it in, to check and save again. Nothing was saved; the
        page's forms carry the current version. With htmx the page's main part is swapped
        for it, the form still open where it was."""
        response = self.page(status=409, alert=STALE_KEPT, form_kept=True)
        if self.request.htmx:
            response["HX-Retarget"] = response["HX-Reselect"] = "#main"
            # Scrolled to the kept form, wherever the new page puts it.
            fields = [f for form in self.bound.values() for f in form.visible_fields()]
            shown = f" show:#{fields[0].auto_id}:top" if fields else ""
            response["HX-Reswap"] = f"outerHTML{shown}"
        return response

    def fragment(self, name: str, *, status: int = 200, oob: bool = True, **extra) -> HttpResponse:
        """One fragment of the page; after a saved edit also the rule check and the new
        version number, swapped out of band."""
        context = self.context(**extra)
        html = render_to_string(f"{PAGE}#{name}", context, request=self.request)
        if oob:
            html += render_to_string(f"{PAGE}#oob", context, request=self.request)
        elif status >= 400:
            # An earlier "saved" above the builder must not stand beside this refusal.
            html += render_to_string(f"{PAGE}#not_saved", context, request=self.request)
        return HttpResponse(html, status=status)


def refuse(request: HttpRequest, pk: int, message: str, status: int) -> HttpResponse:
    """Nothing saved: say why above the builder (htmx) or on the reloaded page."""
    if request.htmx:
        context = {"alert": message, "reload_url": reverse("program_detail", args=[pk])}
        html = render_to_string(f"{PAGE}#alert", context, request)
        return reswap(retarget(HttpResponse(html, status=status), "#builder-status"), "innerHTML")
    return BuilderPage(request, pk).page(status=status, alert=message)


def stale(request: HttpRequest, pk: int) -> HttpResponse:
    return refuse(request, pk, STALE, 409)


def bad_version(request: HttpRequest, pk: int) -> HttpResponse:
    message = "This form is missing the programme's version; reload the page and try again."
    return refuse(request, pk, message, 400)


def saved(request: HttpRequest, pk: int, anchor: str, message: str) -> HttpResponse:
    """After a saved edit without JavaScript: back to the builder, at the edited part."""
    messages.success(request, message)
    return redirect(reverse("program_detail", args=[pk]) + f"#{anchor}")


def saved_already(
    request: HttpRequest, pk: int, form, unchanged, anchor: str, message: str
) -> HttpResponse | None:
    """A form sent at an older version that only repeats what is stored: without JavaScript
    a double click on Save sends it twice at the version its page had, and the second finds
    the first's change saved. Carrying exactly the values stored (`unchanged()`, read once
    the form is valid), it is done: the builder again, as after the first. Else None, and
    it is refused as another coach's change. With htmx it is refused as before: the
    fragment's version would pass over changes the rest of the page does not show."""
    if request.htmx or not form.is_valid() or not unchanged():
        return None
    return saved(request, pk, anchor, message)


@coach_required
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    return _list(request, TemplateForm(prefix="new", club=club_for(request)))


def _list(request: HttpRequest, form: TemplateForm, status: int = 200) -> HttpResponse:
    club = club_for(request)
    shipped = default_program()
    own = sorted(
        ProgramTemplate.objects.filter(club=club).annotate(
            phase_count=Count("phases", distinct=True),
            active_count=Count("assignments", filter=FOLLOWING, distinct=True),
            kept=KEPT,
        ),
        # As people read a list, whatever the database's collation ("hills 2" among the
        # H's, "Hills 2" before "Hills 10").
        key=lambda t: name_order(t.name),
    )
    context = {
        "shipped": shipped,
        "templates": [t for t in own if not t.archived],
        "archived": [t for t in own if t.archived],
        "form": form,
    }
    return render(request, "programs/list.html", context, status=status)


@coach_required
@require_POST
@made_once("Sent twice: one programme was made, this one.")
def program_create(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST, prefix="new", club=club_for(request))
    if not form.is_valid():
        return _list(request, form, status=400)
    program = form.save(commit=False)
    program.club = club_for(request)
    program.save()
    messages.success(request, f"{program.name} created: add its phases below.")
    return redirect("program_detail", pk=program.pk)


@coach_required
@require_GET
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = BuilderPage(request, pk)
    if request.htmx:
        # Cancelling an edit asks for one session or prescription as it is now.
        for kind in ("session", "prescription"):
            if kind in request.GET:
                item = page.item(kind, _int(request.GET[kind]))
                as_the_page_saw_it(request, page.program)
                return page.fragment(kind, oob=False, **item)
    return page.page()


def _int(value: str) -> int | None:
    """A whole number as typed in a URL, or None: digits only, and few enough that Python
    converts them (a few thousand digits would raise)."""
    return int(value) if value.isdecimal() and len(value) <= 18 else None


@coach_required
@require_POST
@made_once("Sent twice: one copy was made, this one.")
def program_clone_view(request: HttpRequest, pk: int) -> HttpResponse:
    club = club_for(request)
    source = get_object_or_404(ProgramTemplate.objects.for_club(club), pk=pk)
    program = program_clone(template=source, club=club, name=copy_name(source.name, club))
    messages.success(request, f"Copied as “{program.name}”: this copy is yours to edit.")
    return redirect("program_detail", pk=program.pk)


COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")


def copy_name(name: str, club) -> str:
    """A copy's name no other programme of the club has: "X (copy)", then "X (copy 2)"...;
    a copy of "X (copy)" is numbered among the copies of X, not "X (copy) (copy)"."""
    name = COPY_SUFFIX.sub("", name) or name
    taken = taken_names(club)
    limit = ProgramTemplate._meta.get_field("name").max_length
    for number in range(1, 1000):
        suffix = " (copy)" if number == 1 else f" (copy {number})"
        candidate = cut_to(name, limit - len(suffix)) + suffix
        if name_key(candidate) not in taken:
            return candidate
    return candidate


def cut_to(text: str, room: int) -> str:
    """The text in at most `room` characters: cut where a word ends if one ends near enough,
    else between two characters that show as one mark apart (never half of a flag, or a
    letter without its accent), and with no space left at its end."""
    if len(text) <= room:
        return text
    head = text[:room]
    space = head.rfind(" ")
    if not text[room].isspace() and space >= room - 20:
        head = head[:space]
    while head and _joined(head, text[len(head)]):
        head = head[:-1]
    return head.rstrip()


def _joined(head: str, after: str) -> bool:
    """True if `after` shows as one mark with the end of `head`, so no cut goes between."""
    code = ord(after)
    if unicodedata.category(after) in ("Mn", "Me", "Mc") or head[-1] == "\u200d":
        return True  # an accent or another combining sign; a joined emoji
    if code == 0x200D or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF:
        return True  # a joiner, a variation selector, a skin tone
    if 0xE0020 <= code <= 0xE007F:
        return True  # the tag characters of a flag such as England's
    if 0x1F1E6 <= code <= 0x1F1FF:  # a regional indicator: flags are pairs of them
        pairs = len(head) - len(head.rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
        return pairs % 2 == 1
    return False


@coach_required
@require_POST
def program_update(request: HttpRequest, pk: int) -> HttpResponse:
    program = editable_template(request, pk)
    version = posted_version(request)
    if version is None:
        return bad_version(request, pk)
    form = TemplateForm(request.POST, instance=program, prefix="details", club=program.club)
    if version != program.version:
        done = saved_already(
            request,
            pk,
            form,
            lambda: builder.unchanged(
                program, {k: form.cleaned_data[k] for k in ("name", "description")}
            ),
            "program-head",
            "Programme name and description saved.",
        )
        return done or BuilderPage(request, pk, bound={"details": form}).kept()
    if not form.is_valid():
        page = BuilderPage(request, pk, bound={"details": form})
        if request.htmx:
            # The head is above the status line that says so.
            return page.fragment("head", status=400, oob=False, marked="above")
        return page.page(status=400)
    try:
        changed = builder.template_update(
            template=program,
            version=version,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
    except builder.StaleTemplate:
        return stale(request, pk)
    message = (
        "Programme name and description saved."
        if changed
        else "Nothing changed: the programme's name and description are as they were."
    )
    if request.htmx:
        page = BuilderPage(request, pk)
        as_just_saved(request, page.program, changed)
        response = page.fragment("head", saved_message=message)
        # The browser's tab takes the new name too (htmx reads a <title> sent first).
        title = format_html("<title>{} · Runstrength</title>", page.program.name)
        response.content = title.encode() + response.content
        return response
    return saved(request, pk, "program-head", message)


def _following(program: ProgramTemplate) -> int:
    """The athletes following the programme now, as the list counts them: an archived
    athlete's assignment, kept for their return, is not counted."""
    return program.assignments.filter(active=True, athlete__archived_at__isnull=True).count()


def _while_assigned(program: ProgramTemplate, doing: str) -> str:
    """Why the programme cannot be archived or deleted while athletes follow it (empty when
    none does)."""
    active = _following(program)
    if not active:
        return ""
    athletes = f"{active} athlete{'s' if active != 1 else ''}"
    if doing == "deleting":
        return (
            f"Not deleted: {program.name} is assigned to {athletes}, and the plans made from "
            f"it keep it. {KEPT_ADVICE}"
        )
    return (
        f"{program.name} is assigned to {athletes}; assign them another programme before "
        f"{doing} it."
    )


def _changed_since_shown(request: HttpRequest, program: ProgramTemplate, done: str) -> str:
    """Why the page asking to archive or delete the programme no longer shows it as it is
    (empty when it still does): edited since (its version), or assigned to more athletes
    than the page said (`seen`). Read with the programme's row locked (_locked)."""
    if posted_version(request) != program.version:
        return (
            f"Not {done}: {program.name} was changed after this page was shown. It is shown "
            "here as it is now: check it, then try again if you still mean to."
        )
    following = _following(program)
    shown = _int(request.POST.get("seen", "")) or 0
    if following > shown:
        athletes = f"{following} athlete{'s' if following != 1 else ''}"
        advice = (
            f"The plans made from it keep it: t{KEPT_ADVICE[1:]}"
            if done == "deleted"
            else "Assign them another programme first if you still mean to."
        )
        return (
            f"Not {done}: {program.name} has been assigned since this page was shown, and "
            f"{athletes} follow{'s' if following == 1 else ''} it now. {advice}"
        )
    return ""


def _locked(request: HttpRequest, pk: int) -> ProgramTemplate:
    """The club's own template (editable_template), its row locked until the transaction
    ends: an edit or an assignment made meanwhile waits, and is not passed over."""
    own = ProgramTemplate.objects.select_for_update().filter(club=club_for(request))
    return get_object_or_404(own, pk=pk)


def _refused(request: HttpRequest, pk: int, message: str, status: int) -> HttpResponse:
    """Nothing archived or deleted: the page the coach was on, as it is now, saying why."""
    if request.POST.get("back") == "detail":
        return BuilderPage(request, pk).page(status=status, alert=message)
    messages.error(request, message)
    return _list(request, TemplateForm(prefix="new", club=club_for(request)), status=status)


NO_VERSION = "This form is missing the programme's version; reload the page and try again."


@coach_required
@require_POST
def program_delete(request: HttpRequest, pk: int) -> HttpResponse:
    editable_template(request, pk)  # another club's or the shipped one: a 404
    if posted_version(request) is None:
        return _refused(request, pk, NO_VERSION, 400)
    with transaction.atomic():
        program = _locked(request, pk)
        stale = _changed_since_shown(request, program, "deleted")
        stale = stale or _while_assigned(program, "deleting")
        if not stale:
            try:
                with transaction.atomic():
                    program.delete()
            except (ProtectedError, RestrictedError):
                hint = "" if program.archived else " Archive it to take it off the list."
                stale = f"{program.name} is kept because earlier plans were built from it.{hint}"
    # Refused: the page the coach was on (the builder or the list), saying why.
    if stale:
        return _refused(request, pk, stale, 409)
    messages.success(request, f"{program.name} deleted.")
    return redirect("program_list")


@coach_required
@require_POST
def program_replan(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the plans of the athletes following the programme again, from it as it is now."""
    from schedules.services import replan_programme

    program = editable_template(request, pk)
    version = posted_version(request)
    if version is None:
        return bad_version(request, pk)
    if version != program.version:
        # The coach confirmed re-planning from the programme as the page showed it.
        return refuse(request, pk, STALE_REPLAN, 409)
    if not program.phases.exists():
        # As the assign form says: the whole plan would come from the shipped programme.
        messages.error(
            request,
            f"{program.name} has no phases, so its athletes' plans cannot be made from it: "
            "add its phases first.",
        )
        return redirect("program_detail", pk=program.pk)
    jobs = replan_programme(program)
    if not jobs:
        messages.info(request, f"No athlete follows {program.name} now: nothing to re-plan.")
        return redirect("program_detail", pk=program.pk)
    return redirect("plan_batch", batch=jobs[0].batch)


@coach_required
@require_POST
def program_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a programme (off the list and the assign form, kept for the plans built from
    it) or, with archived=0, put it back."""
    program = editable_template(request, pk)
    archive = request.POST.get("archived") != "0"
    back = (
        redirect("program_detail", pk=program.pk)
        if request.POST.get("back") == "detail"
        else redirect("program_list")
    )
    if archive and posted_version(request) is None:
        return _refused(request, pk, NO_VERSION, 400)
    with transaction.atomic():
        # Archived as the page showed it; putting one back passes over nothing.
        program = _locked(request, pk)
        stale = archive and (
            _changed_since_shown(request, program, "archived")
            or _while_assigned(program, "archiving")
        )
        if not stale:
            ProgramTemplate.objects.filter(pk=program.pk).update(archived=archive)
    if stale:
        return _refused(request, pk, stale, 409)
    if archive:
        messages.success(
            request, f"{program.name} archived: it is no longer offered when assigning."
        )
    else:
        messages.success(request, f"{program.name} is back on the list and can be assigned.")
    return back
