from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from athletes.access import club_for, coach_required, refuse_if_archived
from athletes.models import DAYS, Athlete
from programs import engine
from schedules import moves
from schedules.models import PlannedSession
from schedules.views import plans

CHOOSE = "Choose the day and time to move it to."
INCOMPLETE = "The form came without the day the session was on: choose again on this page."
GONE_LINK = (
    "The plan was made again since that page was shown, and that session is no more. "
    "Here it is now: move a session from it."
)


def _slot(value: str) -> tuple[date, str] | None:
    day, _, time = value.partition("/")
    try:
        return date.fromisoformat(day), time
    except ValueError:
        return None


def _running(athlete, day: date) -> str:
    entry = athlete.running_week.get(DAYS[day.weekday()]) or {"run": "rest"}
    if entry.get("run", "rest") == "rest":
        return "no run"
    return f"{entry['run']} run {entry.get('time', '').upper()}".strip()


def _page(
    request, session: PlannedSession, error: str = "", status: int = 200, chosen: str = ""
) -> HttpResponse:
    """The move page; after a refusal, `chosen` (the slot the coach picked) is ticked again
    when it is still offered, the keyboard on it."""
    athlete = session.plan.athlete
    today = timezone.localdate()
    here, slots = moves.slots(session, today)
    days: dict[date, dict] = {}
    for slot in slots:
        row = days.setdefault(slot.date, {"date": slot.date, "run": _running(athlete, slot.date)})
        row[slot.time] = slot
    context = {
        "athlete": athlete,
        "session": session,
        "here": here,
        "here_run": _running(athlete, session.date),
        "days": list(days.values()),
        "started": moves.started(session),
        "passed": session.date < today,
        "race": session.plan.race_date,
        "after_race": moves.after_race(session.date, session.plan.race_date),
        "seen": moves.Slot(session.date, session.time, None).value,
        "rules": engine.RULES,
        # What each rule named on the page says, for screens without hover.
        "named": [
            (rule, engine.RULES[rule])
            for rule in sorted(
                {*(here or []), *(r for slot in slots for r in slot.rules or [])},
                key=lambda rule: (rule[0], int(rule[1:])),
            )
            if rule in engine.RULES
        ],
        "error": error,
    }
    offered = {slot.value for slot in slots}
    context["chosen"] = chosen if chosen in offered else ""
    # After a refusal the keyboard starts on the choices (on the one ticked again), the
    # message read with them.
    context["focus"] = (context["chosen"] or slots[0].value) if error and slots else ""
    return render(request, "schedules/session_move.html", context, status=status)


def _gone(request: HttpRequest, pk: int) -> HttpResponse:
    """No such session in the club. A move sent from its page names the athlete: when the
    session is no more, the plan was made again since the page was shown (a new 1RM,
    running week or race date, from another screen or coach), which planned its sessions
    afresh. Their plan as it is now, saying so, instead of a page not found."""
    posted = request.method == "POST"
    sent = (request.POST if posted else request.GET).get("athlete", "")
    if not (sent.isascii() and sent.isdigit() and len(sent) < 19):
        raise Http404
    if PlannedSession.objects.filter(pk=pk).exists():  # another club's
        raise Http404
    athlete = get_object_or_404(Athlete.objects.filter(club=club_for(request)), pk=sent)
    # The plan page's Move link names the athlete too: opened from a page shown before the
    # plan was made again, it is still not found, but the plan now is shown with it.
    messages.error(request, moves.GONE if posted else GONE_LINK)
    context = plans._plan_context(athlete)
    return render(request, "schedules/plan.html", context, status=409 if posted else 404)


@coach_required
@require_http_methods(["GET", "POST"])
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a session to another day (or time) of its week, the rules shown for each."""
    sessions = PlannedSession.objects.filter(plan__athlete__club=club_for(request))
    session = sessions.select_related("plan__athlete__club").filter(pk=pk).first()
    if session is None:
        return _gone(request, pk)
    refuse_if_archived(request, session.plan.athlete)  # an archived athlete's: read-only
    if request.method != "POST":
        return _page(request, session)
    slot, seen = _slot(request.POST.get("slot", "")), request.POST.get("seen", "")
    if slot is None:
        return _page(request, session, CHOOSE, status=400)
    if _slot(seen) is None:
        # The page says where it saw the session: without that, a move could overwrite one
        # made meanwhile.
        return _page(request, session, INCOMPLETE, status=400)
    day, time = slot
    try:
        moved, broken = moves.move_session(session_id=session.pk, day=day, time=time, seen=seen)
    except moves.MoveRefused as exc:
        current = sessions.select_related("plan__athlete__club").filter(pk=pk).first()
        if current is None:
            # Re-planned meanwhile: the session is no more; the plan as it is now.
            messages.error(request, moves.GONE)
            context = plans._plan_context(session.plan.athlete)
            return render(request, "schedules/plan.html", context, status=409)
        chosen = request.POST.get("slot", "")
        return _page(request, current, str(exc), status=exc.status, chosen=chosen)
    plan = moved.plan
    if broken is None:
        there = "where the rules could not be checked (see the plan's status)."
    elif broken:
        there = f"where it breaks {', '.join(broken)} (see the warnings)."
    else:
        there = "where no rule is broken."
    messages.success(
        request,
        format_html(
            'Session {} moved to {}, {} <a href="#session-{}">Show it in the plan</a>',
            moved.label,
            f"{day:%a %-d %b} {time.upper()}",
            there,
            moved.pk,
        ),
    )
    # To the top of the plan, where this message and the warnings are; the link goes on
    # to the session, marked while it is the page's target.
    return redirect("athlete_plan", pk=plan.athlete_id)
