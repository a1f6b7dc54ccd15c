"""The coach's dashboard: who is on track, who is sore or in pain, whose plan breaks a rule."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from athletes.access import club_for, coach_required, refuse_if_archived
from athletes.models import Athlete, Club, Squad
from config.pages import page_number
from schedules import logbook
from schedules.models import PainFlag, PlannedSession
from schedules.views.progress import back_to_progress

NO_SQUAD = "none"
ATTENTION = "attention"
PER_PAGE = 50  # athletes a page: a 200-athlete club in four
PAGE_LINKS = 7


def _filters(data: QueryDict) -> tuple[str, bool]:
    """The squad shown ("" for all, a squad's id, or NO_SQUAD) and whether only those who
    need a look are, as a filter form or a form sent from the filtered page says."""
    squad = data.get("squad", "")
    if squad != NO_SQUAD and not (squad.isdecimal() and len(squad) < 19):
        squad = ""
    elif squad.isdecimal():
        squad = str(int(squad))  # as its id reads: "07" or other digits for squad 7
    return squad, data.get("show") == ATTENTION


def _params(squad: str, attention_only: bool, page: int = 1) -> str:
    """The filters, and the page past the first, as a query string ("" when none)."""
    params = {"squad": squad} if squad else {}
    if attention_only:
        params["show"] = ATTENTION
    if page > 1:
        params["page"] = page
    return urlencode(params)


def _query(data: QueryDict, page: int = 1) -> str:
    """The filters a form was sent with, and a page, as a query string to go back to."""
    params = _params(*_filters(data), page)
    return f"?{params}" if params else ""


def _rows(club: Club, today, data: QueryDict) -> dict:
    """Every athlete of the club, and those the filters show, in the dashboard's order: who
    needs a look first, over the whole club (or squad), not page by page. Only the athletes
    of the squad shown are looked into; the squads to choose from are read off the club's,
    and a squad of the club with no athletes yet is one too when it is the one asked for
    (a query then only)."""
    everyone = logbook.club_athletes(club)
    squads = {a.squad for a in everyone if a.squad}
    squad, attention_only = _filters(data)
    if squad not in ("", NO_SQUAD) and squad not in {str(s.pk) for s in squads}:
        empty = Squad.objects.filter(club=club, pk=int(squad)).only("name").first()
        if empty:
            squads.add(empty)  # shown, saying it has no athletes
        else:
            squad = ""  # none of this club's squads: the whole club
    squads = sorted(squads, key=lambda s: s.name.lower())
    athletes = everyone
    if squad == NO_SQUAD:
        athletes = [a for a in everyone if a.squad_id is None]
    elif squad:
        athletes = [a for a in everyone if str(a.squad_id) == squad]
    rows = logbook.club_statuses(club, today, athletes)
    in_view = len(rows)
    unplanned = sum(1 for row in rows if not row.has_plan)
    if attention_only:
        rows = [row for row in rows if row.attention]
    return {
        "everyone": everyone,
        "rows": rows,
        "in_view": in_view,
        "unplanned": unplanned,
        "squads": squads,
        "squad": squad,
        "attention_only": attention_only,
    }


def _page_links(paginator: Paginator, number: int):
    """The page numbers to link to: at most seven, one line on a phone (1 … 9 10 11 … 20)."""
    if paginator.num_pages <= PAGE_LINKS:
        return paginator.page_range
    return paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)


def _page(request: HttpRequest, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    club = club_for(request)
    data = request.GET if request.method == "GET" else request.POST
    shown = _rows(club, today, data)
    everyone, rows, squads, squad = (shown[k] for k in ("everyone", "rows", "squads", "squad"))
    # A page past the last (an old link, athletes archived since) is the last one.
    page = Paginator(rows, PER_PAGE).get_page(page_number(data.get("page")))
    context = {
        **shown,
        "rows": page.object_list,
        "page": page,
        "pages": _page_links(page.paginator, page.number),
        # What the page links keep: the filters, as the filter form shows them.
        "filters": _params(squad, shown["attention_only"]),
        "everyone": len(everyone),
        "today": today,
        # Over every page: the count on page 1 is the club's (or the squad's), not the page's.
        "attention": sum(1 for row in rows if row.attention),
        "squad_name": next((s.name for s in squads if str(s.pk) == squad), ""),
        "no_squad": any(athlete.squad_id is None for athlete in everyone),
        # With no athlete on the roster, whether any are archived (one query, then only).
        "archived": not everyone and Athlete.objects.for_club(club).archived().count(),
    }
    return render(request, "schedules/dashboard.html", context, status=status)


def _back_to(request: HttpRequest, athlete: Athlete) -> str:
    """The dashboard, as filtered, after a flag was dealt with from it."""
    if _filters(request.POST)[1]:
        # Seen, the athlete leaves a list of those who need a look: back to the top of the
        # page it was on, where the message and the next athletes are.
        return reverse("dashboard") + _query(request.POST, page_number(request.POST.get("page")))
    # Back to the athlete's row, on the page it has moved to (no longer needing a look, it
    # goes among those on track).
    rows = _rows(club_for(request), timezone.localdate(), request.POST)["rows"]
    at = next((i for i, row in enumerate(rows) if row.athlete.pk == athlete.pk), 0)
    return (
        reverse("dashboard") + _query(request.POST, at // PER_PAGE + 1) + f"#athlete-{athlete.pk}"
    )


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
    return redirect(_back_to(request, athlete))


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
    return redirect(_back_to(request, flag.athlete))
