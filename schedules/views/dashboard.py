"""The coach's dashboard: who is on track, who is sore or in pain, whose plan breaks a rule."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from athletes.access import club_for, coach_required, refuse_if_archived
from athletes.models import Athlete
from schedules import logbook
from schedules.models import PainFlag, PlannedSession
from schedules.views.progress import back_to_progress

NO_SQUAD = "none"
ATTENTION = "attention"


def _filters(data: QueryDict) -> tuple[str, bool]:
    """The squad shown ("" for all, a squad's id, or NO_SQUAD) and whether only those who
    need a look are, as a filter form or a form sent from the filtered page says."""
    squad = data.get("squad", "")
    if squad != NO_SQUAD and not (squad.isdecimal() and len(squad) < 19):
        squad = ""
    return squad, data.get("show") == ATTENTION


def _query(data: QueryDict) -> str:
    """The filters as a query string to go back to ("" when there are none)."""
    squad, attention_only = _filters(data)
    params = {"squad": squad} if squad else {}
    if attention_only:
        params["show"] = ATTENTION
    return f"?{urlencode(params)}" if params else ""


def _page(request: HttpRequest, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    everyone = logbook.club_statuses(club_for(request), today)
    # The squads the club's athletes are in, read off the rows: no query more.
    squads = sorted(
        {row.athlete.squad for row in everyone if row.athlete.squad},
        key=lambda s: s.name.lower(),
    )
    squad, attention_only = _filters(request.GET if request.method == "GET" else request.POST)
    if squad not in ("", NO_SQUAD) and squad not in {str(s.pk) for s in squads}:
        squad = ""  # a squad with no athletes now, or none of this club's: the whole club
    rows = everyone
    if squad == NO_SQUAD:
        rows = [row for row in rows if row.athlete.squad_id is None]
    elif squad:
        rows = [row for row in rows if str(row.athlete.squad_id) == squad]
    in_view = len(rows)
    unplanned = sum(1 for row in rows if not row.has_plan)
    if attention_only:
        rows = [row for row in rows if row.attention]
    context = {
        "rows": rows,
        "everyone": len(everyone),
        "in_view": in_view,
        "unplanned": unplanned,
        "today": today,
        "attention": sum(1 for row in rows if row.attention),
        "squads": squads,
        "squad": squad,
        "squad_name": next((s.name for s in squads if str(s.pk) == squad), ""),
        "attention_only": attention_only,
        "no_squad": any(row.athlete.squad_id is None for row in everyone),
        # With no athlete on the roster, whether any are archived (one query, then only).
        "archived": not everyone and Athlete.objects.for_club(club_for(request)).archived().count(),
    }
    return render(request, "schedules/dashboard.html", context, status=status)


@coach_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _score(raw: str | None) -> int | str | None:
    """A soreness score (0-10) as sent; "" when left out; None when it is not one."""
    if raw == "":
        return ""
    if raw is None or len(raw) > 2 or not (raw.isascii() and raw.isdigit()) or int(raw) > 10:
        return None
    return int(raw)


@coach_required
@require_POST
def soreness_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """The coach has looked at a soreness report (DOMAIN L8): it stays on the dashboard,
    marked seen, and no longer puts the athlete among those who need a look."""
    session = get_object_or_404(
        PlannedSession.objects.select_related("plan__athlete"),
        pk=pk,
        plan__athlete__club=club_for(request),
    )
    athlete = session.plan.athlete
    refuse_if_archived(request, athlete)  # an archived athlete's record is read-only
    value, before = _score(request.POST.get("value")), _score(request.POST.get("before", ""))
    if value in (None, "") or before is None:
        messages.error(request, "Not marked seen: the form came without the soreness it showed.")
        return _page(request, status=400)
    try:
        logbook.soreness_seen(
            athlete=athlete,
            session_id=session.pk,
            value=value,
            before=before if before != "" else None,
            user=request.user,
        )
    except logbook.SorenessChanged:
        messages.error(
            request,
            f"Not marked seen: {athlete.name} has reported soreness since this page was "
            "loaded. Here is the dashboard as it is now.",
        )
        return _page(request, status=409)
    messages.success(request, f"{athlete.name}'s soreness {value}/10 marked seen.")
    back = _query(request.POST)
    if _filters(request.POST)[1]:
        # Seen, the athlete leaves a list of those who need a look: back to its top, where
        # the message and the next athletes are.
        return redirect(reverse("dashboard") + back)
    return redirect(reverse("dashboard") + back + f"#athlete-{athlete.pk}")


@coach_required
@require_POST
def pain_clear(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        PainFlag.objects.select_related("athlete", "exercise"),
        pk=pk,
        athlete__club=club_for(request),
    )
    refuse_if_archived(request, flag.athlete)  # an archived athlete's record is read-only
    if logbook.pain_flag_clear(flag=flag, user=request.user):
        messages.success(
            request,
            f"Pain flag cleared: {flag.exercise.name} is back in {flag.athlete.name}'s sessions.",
        )
    else:
        messages.info(request, "That pain flag was already cleared.")
    if request.POST.get("back") == "progress":
        # Back to the pages of the log and of the pain reports it was cleared from.
        return redirect(back_to_progress(flag.athlete, request.POST))
    back = _query(request.POST)
    if _filters(request.POST)[1]:
        return redirect(reverse("dashboard") + back)  # as after "Mark seen"
    return redirect(reverse("dashboard") + back + f"#athlete-{flag.athlete_id}")
