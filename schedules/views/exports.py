"""PDF exports: ask for one, watch its job, download it, retry a failed one."""

from datetime import date, timedelta

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from athletes.access import club_for, coach_required, get_athlete_for_user, get_squad_for_user
from athletes.models import Athlete
from config.needed import SaysWhatIsNeeded
from config.pages import page_number
from config.text import file_words
from schedules import exports, services
from schedules.calendar import first_week_with_sessions, sheet_monday
from schedules.models import ExportJob, ExportKind, JobStatus, Plan, PlannedSession


class ExportForm(SaysWhatIsNeeded, forms.Form):
    paper = forms.ChoiceField(
        choices=[("a4", "A4"), ("letter", "US Letter")], initial="a4", label="Paper"
    )
    id_prefix = "block"
    needed = {
        "paper": "Choose the paper size.",
        "week": "Enter a day of the week to print, as 2027-03-14.",
    }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")  # two forms share one page
        super().__init__(*args, **kwargs)


class WeekExportForm(ExportForm):
    week = forms.DateField(
        label="Week of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Any day of the week; the sheet runs Monday to Sunday.",
    )
    id_prefix = "week"

    def clean_week(self) -> date:
        day = self.cleaned_data["week"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError("Choose a week between the years 2000 and 2100.")
        return day - timedelta(days=day.weekday())


def _job_for_user(request: HttpRequest, pk: int) -> ExportJob:
    """The club's export, while it is kept (seven days; the clean-up may not have run yet)."""
    since = timezone.now() - exports.EXPORT_LIFETIME
    jobs = ExportJob.objects.filter(club=club_for(request), created_at__gte=since)
    return get_object_or_404(jobs.select_related("athlete", "squad"), pk=pk)


def _first_week(**sessions) -> date:
    """The week a print form offers: the likely one, or the first with sessions after it."""
    return first_week_with_sessions(
        PlannedSession.objects.filter(**sessions), sheet_monday(timezone.localdate())
    )


def _recent(club, **filters) -> list[ExportJob]:
    since = timezone.now() - exports.EXPORT_LIFETIME
    jobs = ExportJob.objects.filter(club=club, created_at__gte=since, **filters)
    return list(jobs.select_related("athlete", "squad")[:10])


def _athlete_page(request, athlete: Athlete, block_form=None, week_form=None, status=200):
    context = {
        "athlete": athlete,
        "has_plan": hasattr(athlete, "plan"),
        "block_form": block_form or ExportForm(),
        "week_form": week_form
        or WeekExportForm(initial={"week": _first_week(plan__athlete=athlete)}),
        "jobs": _recent(athlete.club, athlete=athlete),
    }
    return render(request, "schedules/exports/athlete.html", context, status=status)


@coach_required
@require_GET
def athlete_exports(request: HttpRequest, pk: int) -> HttpResponse:
    return _athlete_page(request, get_athlete_for_user(request, pk))


@coach_required
@require_POST
def export_athlete_block(request: HttpRequest, pk: int) -> HttpResponse:
    # Printing only reads the plan: an archived athlete's prints for the club's files.
    athlete = get_athlete_for_user(request, pk, archived_ok=True)
    form = ExportForm(request.POST)
    if form.is_valid() and not hasattr(athlete, "plan"):
        form.add_error(None, f"{athlete.name} has no plan yet: assign a programme first.")
    elif form.is_valid() and not PlannedSession.objects.filter(plan__athlete=athlete).exists():
        # As the PDF would say it, but now: a job made for it only fails (export_pdf).
        form.add_error(None, f"{athlete.name}'s plan has no sessions to print.")
    if not form.is_valid():
        return _athlete_page(request, athlete, block_form=form, status=400)
    job = exports.export_request(
        club=athlete.club,
        user=request.user,
        kind=ExportKind.ATHLETE_BLOCK,
        athlete=athlete,
        paper=form.cleaned_data["paper"],
    )
    return redirect("export_job", pk=job.pk)


@coach_required
@require_POST
def export_athlete_week(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk, archived_ok=True)  # reads only, as above
    form = WeekExportForm(request.POST)
    if form.is_valid():
        monday = form.cleaned_data["week"]
        planned = PlannedSession.objects.filter(
            plan__athlete=athlete, date__range=(monday, monday + timedelta(days=6))
        )
        # The race the plan was made for, as the block prints it (the athlete's own may have
        # moved since, with the plan not yet made again).
        plan = Plan.objects.filter(athlete=athlete).only("race_date").first()
        race = plan.race_date if plan else None
        if not planned.exists() and race and monday <= race <= monday + timedelta(days=6):
            form.add_error(
                "week",
                f"Nothing to print for the week of {monday:%-d %b %Y}: it is {athlete.name}'s "
                f"race week (the race on {race:%A %-d %b %Y}), with no lifting planned; no "
                f"strength work from {services.race_clear_from(race):%A %-d %b} to race day, "
                "the 72 hours before it (W4). The block prints it as race week.",
            )
        elif not planned.exists():
            form.add_error(
                "week", f"{athlete.name} has no sessions planned in the week of {monday:%-d %b %Y}."
            )
    if not form.is_valid():
        return _athlete_page(request, athlete, week_form=form, status=400)
    job = exports.export_request(
        club=athlete.club,
        user=request.user,
        kind=ExportKind.ATHLETE_WEEK,
        athlete=athlete,
        week_start=form.cleaned_data["week"],
        paper=form.cleaned_data["paper"],
    )
    return redirect("export_job", pk=job.pk)


def _squad_page(request, squad, form=None, status=200):
    context = {
        "squad": squad,
        "form": form
        or WeekExportForm(
            initial={
                "week": _first_week(
                    plan__athlete__squad=squad, plan__athlete__archived_at__isnull=True
                )
            }
        ),
        "athlete_count": Athlete.objects.filter(squad=squad).active().count(),
        # Without a planned session in the squad, every week asked for would be refused.
        "planned": PlannedSession.objects.filter(
            plan__athlete__squad=squad, plan__athlete__archived_at__isnull=True
        ).exists(),
        "jobs": _recent(squad.club, squad=squad),
    }
    return render(request, "schedules/exports/squad.html", context, status=status)


@coach_required
@require_GET
def squad_exports(request: HttpRequest, pk: int) -> HttpResponse:
    return _squad_page(request, get_squad_for_user(request, pk))


@coach_required
@require_POST
def export_squad_week(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_squad_for_user(request, pk)
    form = WeekExportForm(request.POST)
    if form.is_valid():
        monday = form.cleaned_data["week"]
        planned = PlannedSession.objects.filter(
            plan__athlete__squad=squad,
            plan__athlete__archived_at__isnull=True,
            date__range=(monday, monday + timedelta(days=6)),
        )
        if not planned.exists():
            form.add_error(
                "week",
                f"No athlete in {squad.name} has sessions planned in the week of "
                f"{monday:%-d %b %Y}.",
            )
    if not form.is_valid():
        return _squad_page(request, squad, form=form, status=400)
    job = exports.export_request(
        club=squad.club,
        user=request.user,
        kind=ExportKind.SQUAD_WEEK,
        squad=squad,
        week_start=form.cleaned_data["week"],
        paper=form.cleaned_data["paper"],
    )
    return redirect("export_job", pk=job.pk)


def _status(request, job: ExportJob, status: int = 200) -> HttpResponse:
    template = "schedules/exports/job.html#status" if request.htmx else "schedules/exports/job.html"
    context = {"job": job, "render_s": (job.render_ms or 0) / 1000}
    return render(request, template, context, status=status)


@coach_required
@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    return _status(request, _job_for_user(request, pk))


@coach_required
@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    retried = exports.export_retry(job)
    if not request.htmx:
        return redirect("export_job", pk=job.pk)
    job.refresh_from_db()
    return _status(request, job, status=200 if retried else 409)


@coach_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for_user(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(job), content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def download_name(job: ExportJob) -> str:
    """The file's name, in the athlete's or squad's own script: FileResponse writes a name
    that is not ASCII as filename*, which browsers read as UTF-8."""
    if job.kind == ExportKind.SQUAD_WEEK:
        return f"{file_words(job.squad.name) or 'squad'}-week-{job.week_start:%Y-%m-%d}.pdf"
    name = file_words(job.athlete.name) or "athlete"
    if job.kind == ExportKind.ATHLETE_WEEK:
        return f"{name}-week-{job.week_start:%Y-%m-%d}.pdf"
    return f"{name}-strength-plan.pdf"


EXPORTS_PER_PAGE = 100


@coach_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    since = timezone.now() - exports.EXPORT_LIFETIME
    jobs = (
        ExportJob.objects.filter(club=club, created_at__gte=since)
        .select_related("athlete", "squad")
        .order_by("-created_at", "-pk")
    )
    # A big club makes hundreds a week (a week sheet for each athlete): in pages, all kept.
    page = Paginator(jobs, EXPORTS_PER_PAGE).get_page(page_number(request.GET.get("page")))
    return render(request, "schedules/exports/list.html", {"jobs": page.object_list, "page": page})
