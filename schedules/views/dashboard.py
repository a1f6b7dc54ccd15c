"""The coach's dashboard: who is on track, who is sore or in pain, whose plan breaks a rule."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from athletes.access import club_for, coach_required
from schedules import logbook
from schedules.models import PainFlag


@coach_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = logbook.club_statuses(club_for(request), today)
    context = {
        "rows": rows,
        "today": today,
        "attention": sum(1 for row in rows if row.attention),
    }
    return render(request, "schedules/dashboard.html", context)


@coach_required
@require_POST
def pain_clear(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        PainFlag.objects.select_related("athlete", "exercise"),
        pk=pk,
        athlete__club=club_for(request),
    )
    if logbook.pain_flag_clear(flag=flag, user=request.user):
        messages.success(
            request,
            f"Pain flag cleared: {flag.exercise.name} is back in {flag.athlete.name}'s sessions.",
        )
    else:
        messages.info(request, "That pain flag was already cleared.")
    if request.POST.get("back") == "progress":
        return redirect(reverse("athlete_progress", args=[flag.athlete_id]) + "#pain")
    return redirect("dashboard")
