from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import (
    club_for,
    coach_required,
    get_athlete_for_user,
    get_squad_for_user,
    refuse_if_archived,
)
from athletes.models import Athlete, RunningWeeks, StrengthTest
from config.needed import SaysWhatIsNeeded
from config.text import TextBox, clean_note, joined
from programs import engine
from programs.models import ProgramTemplate
from schedules import logbook, moves, overrides, services
from schedules.calendar import PHASE_NAMES, day_month, lifts_a_week, plan_weeks
from schedules.forms import AssignForm, no_start_text
from schedules.models import (
    Assignment,
    JobStatus,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
    RuleOverride,
)
from schedules.replan_text import remade_short, remade_text
from schedules.rule_text import group_warnings, settled_days, warnings_from


def _job_for_user(request: HttpRequest, pk: int) -> PlanJob:
    jobs = PlanJob.objects.filter(athlete__club=club_for(request)).select_related("athlete")
    return get_object_or_404(jobs, pk=pk)


def _template_for_club(form: AssignForm) -> ProgramTemplate:
    return form.cleaned_data["template"]


@coach_required
@require_http_methods(["GET", "POST"])
def assign_athlete(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    form = _assign_form(request, athlete.club, [athlete])
    if request.method == "POST" and form.is_valid():
        try:
            [job] = services.assign_program(
                athletes=[athlete],
                template=_template_for_club(form),
                start_date=form.cleaned_data["start_date"],
                user=request.user,
                seen=form.cleaned_data["seen"] or None,
            )
        except services.StaleAssignment:
            if _assigned_as_sent(request, [athlete], form, athlete.name):
                return redirect("athlete_plan", pk=athlete.pk)
            form = _stale_assign_form(request, athlete.club, [athlete])
        except services.ProgrammeWithdrawn as refused:
            _withdrawn(form, refused.template)
        else:
            # Where jobs run in this process (the demo), the plan is already made.
            job.refresh_from_db(fields=["status"])
            if job.status == JobStatus.FAILED:  # the plan page says why
                messages.error(request, f"Programme assigned, but {athlete.name}'s plan failed.")
            elif job.status == JobStatus.DONE:
                done = f"Programme assigned: {athlete.name}'s plan is ready."
                messages.success(request, format_html("{}{}", done, _way_in_next(athlete)))
            else:
                # How the making goes is the plan page's status to say: the plan replaces it
                # once made, where a message above would stay saying it is being made.
                done = f"Programme assigned to {athlete.name}."
                messages.success(request, format_html("{}{}", done, _way_in_next(athlete)))
            return redirect("athlete_plan", pk=athlete.pk)
    status = _assign_status(form)
    # As the planner sees it: a race on or before the plan's first day is run.
    start = None
    if form.is_bound:
        form.is_valid()
        start = form.cleaned_data.get("start_date")  # as typed, whatever else is wrong
    race = athlete.race_date
    offered = form.fields["start_date"].initial
    context = {
        "form": form,
        "athlete": athlete,
        "no_start": _no_start(form, [athlete]),
        "race_ahead": race is not None and race > (start or offered or timezone.localdate()),
        "race_run": race is not None and race < timezone.localdate(),
        "target": athlete.name,
        "kept": _kept_edits([athlete], form),
        # A first programme replaces nothing, and without a test every lift goes by effort.
        "replaces": athlete.assignments.filter(active=True).select_related("template").first(),
        "untested": not athlete.strength_tests.exists(),
        "sample_weeks": [athlete] if not athlete.running_week_set else [],
    }
    return render(request, "schedules/assign.html", context, status=status)


def _no_start(form: AssignForm, athletes: list[Athlete]) -> str:
    """Where no start date can work (a race today), the page says why instead of offering one."""
    if form.is_bound or form.fields["start_date"].initial is not None or not athletes:
        return ""
    return no_start_text(athletes)


def _way_in_next(athlete: Athlete) -> SafeString | str:
    """The next step when the athlete has no way to see their plan: no login, no working link."""
    if athlete.user_id is not None or athlete.links.filter(revoked_at__isnull=True).exists():
        return ""
    return format_html(
        ' Next: give {} their week from <a href="{}">Athlete access</a>.',
        athlete.name,
        reverse("athlete_link", args=[athlete.pk]),
    )


def _assign_form(request: HttpRequest, club, athletes: list[Athlete]) -> AssignForm:
    if request.method != "POST":
        seen = services.assignment_stamp(athletes)
        form = AssignForm(club=club, athletes=athletes, seen=seen)
        # Re-assigning (to start again later, say) begins from the programme every one of
        # them follows, not the list's first, which would quietly swap it.
        followed = list(
            Assignment.objects.filter(athlete__in=athletes, active=True).values_list(
                "template_id", flat=True
            )
        )
        if athletes and len(followed) == len(athletes) and len(set(followed)) == 1:
            form.fields["template"].initial = followed[0]
        return form
    return AssignForm(request.POST, club=club, athletes=athletes)


def _assign_status(form: AssignForm) -> int:
    if not form.is_bound or not form.errors:
        return 200
    return 409 if getattr(form, "stale", False) else 400


def _shown(request: HttpRequest) -> dict[str, str]:
    """The athletes the assign form was shown for (their ids), each with the assignment they
    followed then, as sent back in its seen field."""
    return dict(pair.split(":", 1) for pair in request.POST.get("seen", "").split() if ":" in pair)


def _assigned_as_sent(
    request: HttpRequest, athletes: list[Athlete], form: AssignForm, who: str
) -> str | None:
    """The same form sent again (a double click, or Back and send): the athletes it was shown
    for follow now what it asks, the programme from its start date, as this coach assigned
    it in one go. Said, and the batch of plans that assignment made; else None."""
    if set(_shown(request)) != {str(a.pk) for a in athletes}:
        return None
    template, start = form.cleaned_data["template"], form.cleaned_data["start_date"]
    now = list(Assignment.objects.filter(athlete__in=athletes, active=True))
    asked = (template.pk, start, request.user.pk)
    if len(now) != len(athletes) or any(
        (a.template_id, a.start_date, a.created_by_id) != asked for a in now
    ):
        return None
    batches = set(
        PlanJob.objects.filter(assignment__in=now).exclude(batch="").values_list("batch", flat=True)
    )
    if len(batches) != 1:
        return None
    follow = "follows" if len(athletes) == 1 else "follow"
    messages.info(
        request,
        f"This form was sent before: {who} {follow} “{template.name}” from "
        f"{start:%-d %b %Y} already, and nothing more was done.",
    )
    return batches.pop()


def _stale_assign_form(request: HttpRequest, club, athletes: list[Athlete]) -> AssignForm:
    """Another coach assigned a programme, or the squad changed, since the form was shown:
    nothing is assigned. The form keeps what was chosen, says what changed, and carries the
    athletes as they are now as seen, so that assigning again is a deliberate choice."""
    shown = _shown(request)
    now = {
        a.athlete_id: a
        for a in Assignment.objects.filter(athlete__in=athletes, active=True).select_related(
            "template"
        )
    }
    changes, following = [], {}
    for athlete in sorted(athletes, key=lambda a: (a.name, a.pk)):
        current = now.get(athlete.pk)
        if str(athlete.pk) not in shown:
            changes.append(f"{athlete.name} joined the squad")
        elif shown[str(athlete.pk)] != str(current.pk if current else 0):
            # Those given the same programme meanwhile (a whole squad, say) are named once.
            what = (
                f"“{current.template.name}” from {current.start_date:%-d %b %Y}" if current else ""
            )
            following.setdefault(what, []).append(athlete.name)
    for what, names in following.items():
        who = ", ".join(names)
        if not what:
            changes.append(f"{who} no longer follow{'s' * (len(names) == 1)} a programme")
        else:
            changes.append(f"{who} now follow{'s' * (len(names) == 1)} {what}")
    ids = {str(a.pk) for a in athletes}
    # Ids as the page wrote them (ASCII digits, few enough to be one): anything else sent
    # names nobody.
    gone = [pk for pk in shown if pk.isascii() and pk.isdigit() and len(pk) < 19]
    left = Athlete.objects.filter(club=club, pk__in=gone)
    changes += [
        f"{a.name} {'was archived' if a.archived_at else 'left the squad'}"
        for a in left
        if str(a.pk) not in ids
    ]
    data = request.POST.copy()
    data["seen"] = services.assignment_stamp(athletes)
    form = AssignForm(data, club=club, athletes=athletes)
    form.is_valid()
    form.stale = True
    them = "the athlete" if len(athletes) == 1 else "the athletes"
    form.add_error(
        None,
        "Not assigned: since this page was shown, "
        + ("; ".join(changes) or f"{them} changed")
        + f". Nothing was changed; assign again to go ahead with {them} as they are now.",
    )
    return form


def _withdrawn(form: AssignForm, template: ProgramTemplate) -> None:
    """The programme chosen was archived or deleted after the form was shown: nothing is
    assigned, and the form says so beside the programme (409)."""
    gone = "archived" if ProgramTemplate.objects.filter(pk=template.pk).exists() else "deleted"
    form.stale = True
    form.choose_none_unless_offered(template.pk, gone=template)
    form.add_error(
        "template",
        f"Not assigned: “{template.name}” was {gone} after this page was shown. Choose another "
        "programme.",
    )


def _kept_edits(athletes: list[Athlete], form: AssignForm) -> dict:
    """Who has sessions from the start date on (the one typed, else the one offered) that a
    coach edited by hand, and how many: a new assignment keeps them as they are, on their
    days; those before a later start go with the old plan (one query)."""
    try:
        start = date.fromisoformat(form.data.get("start_date", "")) if form.is_bound else None
    except ValueError:
        start = None
    start = max(start or form.fields["start_date"].initial or date.min, timezone.localdate())
    edited = Q(hand_edited=True) | Q(
        Exists(PlannedExercise.objects.filter(session=OuterRef("pk"), hand_edited=True))
    )
    rows = (
        PlannedSession.objects.filter(
            plan__athlete__in=athletes, date__gte=start, logged_at__isnull=True
        )
        .filter(edited)
        .values("plan__athlete_id", "plan__athlete__name")
        .annotate(count=Count("id"))
        .order_by("plan__athlete__name", "plan__athlete_id")
    )
    return {
        "from": start,
        "athletes": [(row["plan__athlete__name"], row["count"]) for row in rows],
    }


@coach_required
@require_http_methods(["GET", "POST"])
def assign_squad(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_squad_for_user(request, pk)
    athletes = list(Athlete.objects.filter(club=squad.club, squad=squad).active())
    form = _assign_form(request, squad.club, athletes)
    if request.method == "POST" and form.is_valid():
        if not athletes:
            form.add_error(None, "This squad has no athletes yet.")
        else:
            try:
                jobs = services.assign_program(
                    athletes=athletes,
                    template=_template_for_club(form),
                    start_date=form.cleaned_data["start_date"],
                    user=request.user,
                    seen=form.cleaned_data["seen"] or None,
                )
            except services.StaleAssignment:
                who = (
                    athletes[0].name
                    if len(athletes) == 1
                    else f"the {len(athletes)} athletes of {squad.name}"
                )
                batch = _assigned_as_sent(request, athletes, form, who)
                if batch:
                    return redirect("plan_batch", batch=batch)
                # Read again: one archived as it was sent is named so, and off the form.
                athletes = list(Athlete.objects.filter(club=squad.club, squad=squad).active())
                form = _stale_assign_form(request, squad.club, athletes)
            except services.ProgrammeWithdrawn as refused:
                _withdrawn(form, refused.template)
            else:
                return redirect("plan_batch", batch=jobs[0].batch)
    status = _assign_status(form)
    tested = set(
        StrengthTest.objects.filter(athlete__in=athletes).values_list("athlete_id", flat=True)
    )
    context = {
        "form": form,
        "squad": squad,
        "target": squad.name,
        "athletes": athletes,
        "no_start": _no_start(form, athletes),
        "kept": _kept_edits(athletes, form),
        # Without a test every lift goes by effort: the page names them, not "loads from 1RM".
        "untested": bool(athletes) and not tested,
        "untested_names": joined([a.name for a in athletes if a.pk not in tested]),
        "sample_weeks": [a for a in athletes if not a.running_week_set],
    }
    return render(request, "schedules/assign.html", context, status=status)


@coach_required
@require_GET
def plan_batch(request: HttpRequest, batch: str) -> HttpResponse:
    jobs = list(
        PlanJob.objects.filter(athlete__club=club_for(request), batch=batch)
        .select_related("athlete__squad", "assignment__template")
        .order_by("athlete__name")
    )
    if not jobs:
        raise Http404
    # What each job done did to a plan it made again (none for a first plan), and the rules
    # its plan breaks that the coach has not accepted: a plan made is not yet a plan to trust.
    # As on the dashboard, warnings about a lift held out for pain are left out (L9): the
    # athlete does not do it. Pain flags only for the athletes whose plans have warnings.
    ids = [j.athlete_id for j in jobs]
    plans = {
        athlete_id: (pk, remade, warnings or [])
        for athlete_id, pk, remade, warnings in Plan.objects.filter(athlete_id__in=ids).values_list(
            "athlete_id", "pk", "remade", "warnings"
        )
    }
    warned = [athlete_id for athlete_id, (_, _, warnings) in plans.items() if warnings]
    flags = logbook.pain_flags_by_athlete(warned) if warned else {}
    held = logbook.held_out_warnings(
        {pk: warnings for pk, _, warnings in plans.values()},
        {pk: flags.get(athlete_id, []) for athlete_id, (pk, _, _) in plans.items()},
    )
    overrides = RuleOverride.objects.filter(athlete_id__in=ids)
    accepted = set(overrides.values_list("athlete_id", "rule"))
    for job in jobs:
        pk, remade, warnings = plans.get(job.athlete_id, (None, None, []))
        warnings = logbook.without(warnings, held.get(pk, []))
        done = job.status == "done"
        job.remade = remade_short(remade, job.pk) if done else ""
        job.rules = sorted(
            {w["rule"] for w in warnings if (job.athlete_id, w.get("rule")) not in accepted}
            if done
            else ()
        )
    done = sum(1 for j in jobs if j.status == "done")
    failed = sum(1 for j in jobs if j.status == "failed")
    context = {
        "jobs": jobs,
        "batch": batch,
        "done": done,
        "failed": failed,
        "total": len(jobs),
        "finished": done + failed == len(jobs),
        "programme": jobs[0].assignment.template,
        "squads": sorted({j.athlete.squad.name for j in jobs if j.athlete.squad}),
        # Where to go once the plans are made: each squad's week, or the dashboard.
        "squad_links": sorted(
            {(j.athlete.squad.name, j.athlete.squad_id) for j in jobs if j.athlete.squad}
        ),
    }
    template = "schedules/batch.html#progress" if request.htmx else "schedules/batch.html"
    return render(request, template, context)


@coach_required
@require_GET
def plan_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    return _job_status(request, job)


def _job_status(request: HttpRequest, job: PlanJob) -> HttpResponse:
    """The job's status, polled by the plan page while it runs; once done, the plan page's
    whole body in place of the status (htmx), so the plan it made shows without a reload.
    Polled by the load grid (`?grid=1`), the grid reloads once the plan is made."""
    if request.GET.get("grid"):
        response = render(request, "schedules/partials/grid_job.html", {"job": job})
        if request.htmx and job.status == JobStatus.DONE:
            response["HX-Refresh"] = "true"
        return response
    if request.htmx and job.status == JobStatus.DONE:
        context = {**_plan_context(job.athlete), "just_made": True}
        response = render(request, "schedules/plan.html#plan-body", context)
        response["HX-Retarget"] = "#plan-body"
        response["HX-Reswap"] = "outerHTML"
        return response
    if not request.htmx:
        # Opened as a page (a link kept, a new tab): the status with the site around it.
        context = {"job": job, "athlete": job.athlete}
        return render(request, "schedules/plan_job.html", context)
    return render(request, "schedules/partials/job.html", {"job": job})


@coach_required
@require_POST
def plan_job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    # An archived athlete's plan is not made again: restoring them makes it (409, said).
    refuse_if_archived(request, job.athlete)
    if job.status != "failed":
        return _retry_refused(
            request,
            job,
            "Not retried: this plan job did not fail, so there is nothing to try again.",
        )
    try:
        new_job = services.plan_job_retry(job)
    except services.NewerJob as exc:
        # A page left open on an old failure, or Try again sent twice: the plan was asked
        # for again since. The box shows the newest job's status in place of the old one.
        exc.job.athlete = job.athlete
        return _retry_refused(
            request,
            exc.job,
            "Not retried: a newer plan job was made since; its status is on this page.",
        )
    except services.PlanInputError as exc:
        return _retry_refused(request, job, f"Not retried: {exc}.")
    if request.htmx:
        # Where jobs run in this process (the demo), the plan is already made.
        new_job.refresh_from_db(fields=["status", "reason"])
        new_job.athlete = job.athlete
        return _job_status(request, new_job)
    return redirect("athlete_plan", pk=job.athlete_id)


def _retry_refused(request: HttpRequest, job: PlanJob, message: str) -> HttpResponse:
    """Try again refused (409): said in the job's status box it replaces (htmx), else on the
    athlete's plan page."""
    if request.htmx:
        context = {"job": job, "refused": message}
        return render(request, "schedules/partials/job.html", context, status=409)
    messages.error(request, message)
    return render(request, "schedules/plan.html", _plan_context(job.athlete), status=409)


@coach_required
@require_GET
def athlete_plan(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    return render(request, "schedules/plan.html", _plan_context(athlete))


class AcceptRuleForm(SaysWhatIsNeeded, forms.Form):
    note = TextBox(
        required=False,
        max_length=RuleOverride._meta.get_field("note").max_length,
        error_messages={
            "max_length": "Keep the reason to %(limit_value)d characters "
            "(this one has %(show_value)d)."
        },
    )

    def clean_note(self) -> str:
        return clean_note(self.cleaned_data["note"])


@coach_required
@require_POST
def rule_accept(request: HttpRequest, pk: int, rule: str) -> HttpResponse:
    """Accept a rule's breach for this athlete, with why: recorded, its warnings kept."""
    athlete = get_athlete_for_user(request, pk)
    if rule not in engine.RULES:
        raise Http404
    form = AcceptRuleForm(request.POST)
    context = _plan_context(athlete)
    open_rules = {w["rule"] for w in context.get("warnings", []) if w["box"] == "accept"}
    accepted = overrides.accepted_rules(athlete).get(rule)
    if accepted is not None:
        return _accepted_already(request, athlete, context, accepted)
    if rule not in open_rules:
        # Broken nowhere from this week on (a page left open): nothing to accept, and no box
        # on the page to say it beside.
        messages.error(request, f"Not accepted: the plan does not break {rule} from this week on.")
        return render(request, "schedules/plan.html", context, status=400)
    if not form.is_valid():
        context["accept_error"] = {
            "rule": rule,
            "note": request.POST.get("note", "").replace("\x00", ""),
            "message": " ".join(form.errors["note"]),
        }
        return render(request, "schedules/plan.html", context, status=400)
    note = form.cleaned_data["note"]
    try:
        overrides.accept_rule(athlete=athlete, rule=rule, note=note, user=request.user)
    except overrides.AcceptedAlready as already:
        return _accepted_already(request, athlete, _plan_context(athlete), already.override)
    messages.success(
        request,
        f"{rule} accepted for {athlete.name}: its warnings stay on the plan, marked accepted, "
        "and no longer ask for a look on the dashboard.",
    )
    return redirect(reverse("athlete_plan", args=[athlete.pk]) + "#warnings")


def _accepted_already(
    request: HttpRequest, athlete: Athlete, context: dict, accepted: RuleOverride
) -> HttpResponse:
    """Accepted since this page was shown (another coach, another tab): that decision and
    its reason stand, shown on the page; the reason typed here is said back, not saved.
    The coach's own acceptance with this same reason (a double click, Back and send again)
    is the one asked for: said, and back to the plan."""
    form = AcceptRuleForm(request.POST)
    mine = accepted.created_by_id == request.user.pk
    if mine and form.is_valid() and form.cleaned_data["note"] == accepted.note:
        messages.info(request, f"{accepted.rule} is accepted for {athlete.name} already.")
        return redirect(reverse("athlete_plan", args=[athlete.pk]) + "#warnings")
    if mine:
        who = "you"
    else:
        who = accepted.created_by.get_username() if accepted.created_by else "a coach"
    when = f"{timezone.localtime(accepted.created_at):%-d %b %Y}"
    theirs = f": “{accepted.note}”" if accepted.note else ""
    typed = request.POST.get("note", "").replace("\x00", "").strip()
    yours = f" Your reason, not saved: “{typed}”." if typed else ""
    messages.error(
        request,
        f"Not saved: {accepted.rule} was accepted for {athlete.name} on {when} by {who}"
        f"{theirs}.{yours} To put yours instead, let {accepted.rule} count again, then accept "
        "it with your reason.",
    )
    return render(request, "schedules/plan.html", context, status=409)


@coach_required
@require_POST
def rule_withdraw(request: HttpRequest, pk: int, rule: str) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    if rule not in engine.RULES:
        raise Http404
    if overrides.withdraw_rule(athlete=athlete, rule=rule):
        messages.success(request, f"{rule} counts again for {athlete.name}.")
    else:
        messages.info(request, f"{rule} was not accepted for {athlete.name}.")
    return redirect(reverse("athlete_plan", args=[athlete.pk]) + "#warnings")


# What of the athlete's keeps a session, as the plan page names it.
ATHLETES_HOLDS = {"ticked": "sets ticked", "pain": "a pain report"}


def _after_race(plan: Plan, sessions: list, today: date) -> list[dict]:
    """Sessions still to come after the race (a re-plan keeps those holding a coach's load
    edits or the athlete's log when the race moves before them; the athlete still sees
    them), each with what keeps it: what the athlete logged stays whatever the coach undoes
    (one query, none when there is no such session)."""
    after = [s for s in sessions if plan.race_date and s.date > plan.race_date and s.date >= today]
    held = services.kept_by([s.pk for s in after])
    items = []
    for s in after:
        holds = held.get(s.pk, set())
        athletes = [words for name, words in ATHLETES_HOLDS.items() if name in holds]
        if "logged" in holds and not athletes:
            athletes = ["a session log"]
        items.append({"session": s, "athlete": joined(athletes), "edited": "edited" in holds})
    return items


def _why_undone(plan: Plan, day: date, sessions: list) -> str:
    """Why a re-plan could not keep a session on the day the coach moved it to, as far as
    the plan says now: the day had gone by, is too close to the race or after it, or holds
    another session (empty when none of these is so any more)."""
    race = plan.race_date
    if day < timezone.localtime(plan.generated_at).date():
        return "which had gone by"
    if race is not None and day > race:
        return f"which comes after the race on {race:%a %-d %b}"
    if day == race:
        return "which is race day"
    if services.too_close_to_race(day, race):
        return (
            "which is in the 72 h before the race: nothing is lifted "
            f"{services.race_clear_days(race)} (W4)"
        )
    there = [s.label for s in sessions if s.date == day]
    if there:
        return f"which holds session {joined(there)} now"
    return ""


def _part_done(sessions: list, flags: list) -> set[int]:
    """The logged sessions with some of their sets ticked, not all: stopped part way, as the
    dashboard counts them (a session logged with its effort alone reads done)."""
    logged = {s.pk: s for s in sessions if s.logged_at}
    part = set()
    for pk, exercises in logbook.sets_by_session(list(logged)).items():
        session = logged[pk]
        done, planned, _ = logbook.count_sets(exercises, flags, session.date, session.logged_at)
        if 0 < done < planned:
            part.add(pk)
    return part


def _plan_context(athlete: Athlete) -> dict:
    plan = Plan.objects.filter(athlete=athlete).first()
    job = PlanJob.objects.filter(athlete=athlete).first()
    if job is not None:
        job.athlete = athlete
    context = {"athlete": athlete, "plan": plan, "job": job}
    if plan is not None:
        plan.athlete = athlete
        sessions = list(services.plan_sessions(plan))
        today = timezone.localdate()
        first_monday = plan.start_date - timedelta(plan.start_date.weekday())
        runs = RunningWeeks.of(athlete, since=first_monday)
        flags = logbook.pain_flags_by_athlete([athlete])
        monday = warnings_from()
        settled = settled_days((s.date, s.logged_at is not None) for s in sessions)
        # Warnings about a lift held out for pain are shown apart, not counted (L9).
        current, held_out = logbook.split_held_out(
            plan.pk, plan.warnings or [], flags.get(athlete.pk, []), since=monday
        )
        context.update(
            today=today,
            weeks=plan_weeks(plan, sessions, runs, today),
            part_done=_part_done(sessions, flags.get(athlete.pk, [])),
            held=logbook.held_exercises(sessions, flags),
            warnings=group_warnings(current, since=monday, settled=settled),
            held_warnings=group_warnings(held_out, since=monday, settled=settled),
            remade=remade_text(
                plan.remade, plan.generated_at, plan.assignment.template.name, plan.race_date
            ),
            # The calendar starts with the plan's first week; sessions kept from an earlier
            # plan (logged or past) are not in it, nor in this count.
            moves_undone=[
                {
                    **move,
                    "to": date.fromisoformat(move["to"]),
                    "now": move["now"] and date.fromisoformat(move["now"]),
                    "why": _why_undone(plan, date.fromisoformat(move["to"]), sessions),
                }
                for move in plan.moves_undone
            ],
            after_race=_after_race(plan, sessions, today),
            session_count=sum(
                1
                for s in sessions
                if s.date >= plan.start_date - timedelta(plan.start_date.weekday())
            ),
            phases=[
                {
                    **block,
                    "name": PHASE_NAMES.get(block["phase"], block["phase"]),
                    "start": date.fromisoformat(block["start"]),
                    "end": date.fromisoformat(block["end"]),
                    # With the year where it would be read as another year's (a race two
                    # years away has phases on the same days of two years).
                    "when": " – ".join(
                        day_month(date.fromisoformat(block[end]), today) for end in ("start", "end")
                    ),
                    "lifts": lifts_a_week(block, sessions),
                }
                for block in plan.phases
            ],
        )
        accepted = overrides.accepted_rules(athlete)
        seen = set()
        for warning in context["warnings"]:
            # One accept or withdraw box per rule, on its first warning.
            warning["override"] = accepted.get(warning["rule"])
            first = warning["rule"] not in seen
            warning["box"] = ("withdraw" if warning["override"] else "accept") if first else ""
            seen.add(warning["rule"])
        # Accepted rules the plan no longer breaks: listed, so they can be let count again.
        context["accepted_quiet"] = [o for rule, o in accepted.items() if rule not in seen]
        # Each day's rules in the calendar, where the list above says "N times, first …";
        # not a week's own (a count of lifts, dated on its first session): that is the week's;
        # nor one the coach accepted for this athlete, marked so in the list.
        broken: dict[date, set[str]] = {}
        for warning in context["warnings"]:
            if warning["override"] is None and not moves.of_the_week(
                warning["rule"], warning["message"]
            ):
                for day in warning["dates"]:
                    broken.setdefault(day, set()).add(warning["rule"])
        for week in context["weeks"]:
            for day in week.days:
                rules = broken.get(day.date, ())
                day.breaks = sorted(rules, key=_rule_order)
    return context


def _rule_order(rule: str) -> tuple:
    """W2 before W10, as the rules are numbered."""
    number = rule[1:]
    return (rule[:1], int(number) if number.isdigit() else 0, rule)


@coach_required
@require_GET
def athlete_plan_json(request: HttpRequest, pk: int) -> JsonResponse:
    athlete = get_athlete_for_user(request, pk)
    plan = Plan.objects.filter(athlete=athlete).first()
    if plan is None:
        # Read by tools as much as by people: answered in JSON too.
        no_plan = f"{athlete.name} has no plan yet: assign a programme first."
        return JsonResponse({"error": no_plan}, status=404)
    plan.athlete = athlete
    # As the athlete is to do it: a lift held out after pain is not in it (L9).
    document = services.plan_document(plan, as_done=True)
    response = JsonResponse(document, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'inline; filename="plan-{athlete.pk}.json"'
    return response
