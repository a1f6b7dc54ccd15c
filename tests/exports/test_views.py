"""Export pages: ask, watch, download, retry; strangers get 404, GETs on actions 405."""

from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schedules import export_pdf, export_tasks
from schedules.calendar import sheet_monday
from schedules.models import ExportJob, ExportKind, JobStatus
from schedules.views.exports import download_name
from tests.exports.conftest import block_job, render, squad_job
from tests.factories import AthleteFactory, SquadFactory


@pytest.fixture
def sent(monkeypatch):
    ids = []
    monkeypatch.setattr(export_tasks.render_export, "delay", ids.append)
    return ids


def htmx_get(client, url):
    return client.get(url, headers={"HX-Request": "true"})


def test_export_block_creates_a_job_and_opens_its_page(owner_client, athlete, plan):
    response = owner_client.post(
        reverse("export_athlete_block", args=[athlete.pk]), {"paper": "letter"}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.kind, job.paper, job.athlete, job.status) == (
        ExportKind.ATHLETE_BLOCK,
        "letter",
        athlete,
        JobStatus.QUEUED,
    )


def test_export_week_snaps_the_date_to_its_monday(owner_client, athlete, plan):
    wednesday = plan.start_date + timedelta(days=9)
    owner_client.post(
        reverse("export_athlete_week", args=[athlete.pk]), {"paper": "a4", "week": wednesday}
    )
    assert ExportJob.objects.get().week_start == plan.start_date + timedelta(days=7)


def test_unknown_paper_is_a_400_with_the_message_by_the_field(owner_client, athlete, plan):
    response = owner_client.post(
        reverse("export_athlete_block", args=[athlete.pk]), {"paper": "a0"}
    )
    assert response.status_code == 400
    assert "Choose the paper size." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_week_without_sessions_is_a_400_saying_so(owner_client, athlete, plan):
    far = plan.start_date + timedelta(weeks=30)
    response = owner_client.post(
        reverse("export_athlete_week", args=[athlete.pk]), {"paper": "a4", "week": far}
    )
    assert response.status_code == 400
    assert "no sessions planned in the week of" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_race_week_without_lifting_is_refused_as_race_week(owner_client, athlete, plan):
    """The block prints that week as race week (W4); asked for its sheet alone, the coach
    is told why it holds no lifting, not as if the plan had forgotten it."""
    race = plan.race_date
    monday = race - timedelta(days=race.weekday())
    plan.sessions.filter(date__gte=monday).delete()
    # The athlete's race moved since; the plan, not yet made again, still ends at its own.
    athlete.race_date = race + timedelta(weeks=4)
    athlete.save()
    response = owner_client.post(
        reverse("export_athlete_week", args=[athlete.pk]), {"paper": "a4", "week": monday}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"race on {race:%A %-d %b %Y}" in page
    first = race - timedelta(days=3)
    assert (
        f"no strength work from {first:%A %-d %b} to race day, the 72 hours before it (W4)"
    ) in page
    assert not ExportJob.objects.exists()


def test_block_without_a_plan_is_a_400_saying_so(owner_client, athlete):
    response = owner_client.post(
        reverse("export_athlete_block", args=[athlete.pk]), {"paper": "a4"}
    )
    assert response.status_code == 400
    assert "has no plan yet" in response.content.decode()


def test_block_of_a_plan_without_sessions_is_a_400_saying_so(owner_client, athlete, plan):
    """Said by the form, as for no plan at all: not a job that fails, offering a Retry
    that can only fail again."""
    plan.sessions.all().delete()
    response = owner_client.post(
        reverse("export_athlete_block", args=[athlete.pk]), {"paper": "a4"}
    )
    assert response.status_code == 400
    assert f"{athlete.name}&#x27;s plan has no sessions to print." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_export_page_of_an_athlete_without_a_plan_links_to_assigning_one(owner_client, athlete):
    """Nothing to print yet: the page says so and leads to the assign form, instead of
    offering export buttons that can only fail."""
    response = owner_client.get(reverse("athlete_exports", args=[athlete.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "has no plan yet: assign a programme first" in html
    assert reverse("assign_athlete", args=[athlete.pk]) in html
    assert reverse("export_athlete_block", args=[athlete.pk]) not in html


def test_export_page_of_an_athlete_with_a_plan_offers_both_exports(owner_client, athlete, plan):
    html = owner_client.get(reverse("athlete_exports", args=[athlete.pk])).content.decode()
    assert reverse("export_athlete_block", args=[athlete.pk]) in html
    assert reverse("export_athlete_week", args=[athlete.pk]) in html
    assert "has no plan yet" not in html


def test_an_empty_export_list_says_where_exports_are_made(owner_client, athlete):
    html = owner_client.get(reverse("export_list")).content.decode()
    assert "No exports in the last seven days." in html
    assert "choose PDF exports" in html
    assert f'href="{reverse("roster")}"' in html and f'href="{reverse("squads")}"' in html


def test_squad_week_export_creates_a_job(owner_client, squad, plan):
    monday = squad.athletes.exclude(plan=None).first().plan.start_date
    response = owner_client.post(
        reverse("export_squad_week", args=[squad.pk]), {"paper": "a4", "week": monday}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.squad, job.week_start, job.total) == ("squad_week", squad, monday, 4)


def test_squad_export_page_offers_the_week_and_paper(owner_client, squad):
    response = owner_client.get(reverse("squad_exports", args=[squad.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="week"' in html and 'name="paper"' in html
    assert reverse("export_squad_week", args=[squad.pk]) in html


def test_a_squad_with_no_plan_yet_says_so_instead_of_offering_a_week(owner_client, club):
    """Athletes but no plans: any week asked for would be refused, so the page says why and
    where to assign the programme."""
    squad = SquadFactory(club=club, name="Juniors")
    AthleteFactory(club=club, squad=squad)
    AthleteFactory(club=club, squad=squad)
    html = owner_client.get(reverse("squad_exports", args=[squad.pk])).content.decode()
    assert "No one in Juniors has a plan yet, so there is no sheet to print." in html
    assert reverse("assign_squad", args=[squad.pk]) in html
    assert reverse("export_squad_week", args=[squad.pk]) not in html


def test_an_empty_squads_export_page_says_so_instead_of_offering_a_week(owner_client, club):
    empty = SquadFactory(club=club, name="Juniors")
    html = owner_client.get(reverse("squad_exports", args=[empty.pk])).content.decode()
    assert "Juniors has no athletes, so there is no sheet to print." in html
    assert reverse("export_squad_week", args=[empty.pk]) not in html
    assert "0 athletes down" not in html


def test_queued_job_fragment_polls_every_second(owner_client, athlete):
    job = block_job(athlete)
    html = htmx_get(owner_client, reverse("export_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html
    assert "<html" not in html  # the fragment only


def test_an_export_queued_for_long_says_the_workers_may_be_busy_or_stopped(owner_client, athlete):
    job = block_job(athlete)
    url = reverse("export_job", args=[job.pk])
    fresh = htmx_get(owner_client, url).content.decode()
    assert "Waiting in the queue…" in fresh and 'hx-trigger="every 1s"' in fresh
    assert "workers are busy" not in fresh

    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    waiting = htmx_get(owner_client, url).content.decode()
    assert "the background workers are busy with other exports or stopped" in waiting
    assert "nothing is lost if you leave this page" in waiting
    assert 'hx-trigger="every 5s"' in waiting  # asked less often while it waits
    assert "the background workers are busy" in owner_client.get(url).content.decode()

    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert "workers are busy" not in htmx_get(owner_client, url).content.decode()


def test_squad_job_shows_athletes_done_of_total(owner_client, squad):
    job = squad_job(squad, squad.athletes.exclude(plan=None).first().plan.start_date)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done_count=2)
    html = htmx_get(owner_client, reverse("export_job", args=[job.pk])).content.decode()
    assert '<progress id="export-progress" max="4" value="2">' in html
    assert "Athletes done: <strong>2</strong> of 4" in html


def test_finished_job_stops_polling_and_links_the_download(owner_client, athlete, plan):
    job = render(block_job(athlete))
    html = htmx_get(owner_client, reverse("export_job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert reverse("export_download", args=[job.pk]) in html
    assert "4 pages" in html
    assert job.file.name not in html  # never a media URL


def test_job_page_has_no_inline_styles_or_scripts(owner_client, athlete):
    job = block_job(athlete)
    html = owner_client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "style=" not in html
    assert "<script>" not in html


def test_download_streams_the_pdf_as_an_attachment(owner_client, athlete, plan):
    job = render(block_job(athlete))
    response = owner_client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="amara-okafor-strength-plan.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("محمد عبد الله", "محمد-عبد-الله-strength-plan.pdf"),
        ("अनन्या शर्मा", "अनन्या-शर्मा-strength-plan.pdf"),  # vowel signs kept
        ("Zoë O'Brien-Łukasz", "zoë-o-brien-łukasz-strength-plan.pdf"),
        ("王 芳", "王-芳-strength-plan.pdf"),
        ("?!", "athlete-strength-plan.pdf"),
    ],
)
def test_a_download_is_named_in_the_athletes_own_script(athlete, name, file_name):
    athlete.name = name
    assert download_name(block_job(athlete)) == file_name


def test_a_download_name_that_is_not_ascii_reaches_the_browser_whole(owner_client, athlete, plan):
    athlete.name = "محمد عبد الله"
    athlete.save()
    job = render(block_job(athlete))
    response = owner_client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    header.encode("ascii")  # a header a browser reads as it is
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.removeprefix("attachment; filename*=utf-8''")) == (
        "محمد-عبد-الله-strength-plan.pdf"
    )


def test_a_squad_week_is_named_in_the_squads_own_script(squad):
    squad.name = "Équipe Ελλάδα"
    job = squad_job(squad, date(2026, 3, 2))
    assert download_name(job) == "équipe-ελλάδα-week-2026-03-02.pdf"


def test_download_of_an_unfinished_job_is_404(owner_client, athlete):
    job = block_job(athlete)
    assert owner_client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_download_of_a_purged_file_is_404(owner_client, athlete, plan):
    job = render(block_job(athlete))
    job.file.storage.delete(job.file.name)
    assert owner_client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_an_export_past_its_seven_days_is_404_before_the_clean_up_runs(owner_client, athlete, plan):
    job = render(block_job(athlete))
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - timedelta(days=7, hours=1)
    )
    assert owner_client.get(reverse("export_download", args=[job.pk])).status_code == 404
    assert owner_client.get(reverse("export_job", args=[job.pk])).status_code == 404
    ExportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(days=6))
    assert owner_client.get(reverse("export_download", args=[job.pk])).status_code == 200


def test_failed_job_page_says_why_and_retry_makes_the_pdf(
    owner_client, athlete, plan, monkeypatch, sent, django_capture_on_commit_callbacks
):
    real_render = export_pdf.render_pdf

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(export_pdf, "render_pdf", broken)
    job = block_job(athlete)
    export_tasks.render_export.apply(args=[job.pk])
    html = owner_client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "The PDF could not be made" in html and "renderer down" not in html
    assert reverse("export_retry", args=[job.pk]) in html

    monkeypatch.setattr(export_pdf, "render_pdf", real_render)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("export_retry", args=[job.pk]))
    assert response.status_code == 302
    assert sent == [job.pk]
    export_tasks.render_export.apply(args=[job.pk])  # what the worker then does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert owner_client.get(reverse("export_download", args=[job.pk])).status_code == 200


def test_retry_by_htmx_returns_the_polling_fragment(owner_client, athlete, sent):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, reason="boom")
    response = owner_client.post(
        reverse("export_retry", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_retry_of_a_job_that_did_not_fail_is_409(owner_client, athlete):
    job = block_job(athlete)
    response = owner_client.post(
        reverse("export_retry", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 409


def test_status_fragment_query_count_does_not_grow_with_the_export(
    owner_client, club, squad, athlete
):
    big = SquadFactory(club=club, name="Big squad")
    AthleteFactory.create_batch(25, club=club, squad=big)
    small_job = squad_job(squad, athlete.race_date)
    big_job = squad_job(big, athlete.race_date)
    counts = []
    for job in (small_job, big_job):
        with CaptureQueriesContext(connection) as queries:
            htmx_get(owner_client, reverse("export_job", args=[job.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5


def test_export_list_shows_only_the_clubs_exports(owner_client, athlete, stranger):
    block_job(athlete)
    other = AthleteFactory(club=stranger.membership.club, name="Other Club Runner")
    block_job(other)
    html = owner_client.get(reverse("export_list")).content.decode()
    assert "Amara Okafor" in html
    assert "Other Club Runner" not in html


def test_export_list_pages_a_busy_week_of_exports(owner_client, athlete):
    """A big club makes hundreds of exports a week (each athlete's week sheet): every one of
    the seven days' is on a page of the list, none left off past the first hundred."""
    ExportJob.objects.bulk_create(
        ExportJob(club=athlete.club, kind=ExportKind.ATHLETE_BLOCK, athlete=athlete)
        for _ in range(130)
    )
    oldest = ExportJob.objects.order_by("created_at", "pk").first()
    first = owner_client.get(reverse("export_list")).content.decode()
    assert reverse("export_job", args=[oldest.pk]) + '"' not in first
    assert "Page 1 of 2" in first
    assert f"{reverse('export_list')}?page=2" in first
    with CaptureQueriesContext(connection) as queries:
        second = owner_client.get(reverse("export_list"), {"page": "2"}).content.decode()
    assert reverse("export_job", args=[oldest.pk]) + '"' in second
    assert "Page 2 of 2" in second
    assert len(queries) <= 6


def test_export_buttons_post_to_the_export_views(athlete, plan):
    context = {"athlete": athlete, "plan": plan}
    html = render_to_string("schedules/exports/athlete_export_buttons.html", context)
    assert reverse("export_athlete_block", args=[athlete.pk]) in html
    assert reverse("export_athlete_week", args=[athlete.pk]) in html
    assert 'method="post"' in html
    assert 'value="letter"' in html


def _all_urls(athlete, squad, job):
    return [
        ("get", reverse("athlete_exports", args=[athlete.pk])),
        ("post", reverse("export_athlete_block", args=[athlete.pk])),
        ("post", reverse("export_athlete_week", args=[athlete.pk])),
        ("get", reverse("squad_exports", args=[squad.pk])),
        ("post", reverse("export_squad_week", args=[squad.pk])),
        ("get", reverse("export_job", args=[job.pk])),
        ("post", reverse("export_retry", args=[job.pk])),
        ("get", reverse("export_download", args=[job.pk])),
    ]


def test_another_clubs_coach_gets_404_on_every_export_url(stranger_client, athlete, plan, squad):
    job = render(block_job(athlete))
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    for method, url in _all_urls(athlete, squad, job):
        response = getattr(stranger_client, method)(url, {"paper": "a4", "week": "2030-01-07"})
        assert response.status_code == 404, (method, url)
    assert ExportJob.objects.count() == 1


def test_another_clubs_coach_cannot_retry_a_failed_job(stranger_client, athlete):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    assert stranger_client.post(reverse("export_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_anonymous_visitor_is_sent_to_log_in(client, athlete, squad):
    job = block_job(athlete)
    for method, url in _all_urls(athlete, squad, job):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize(
    "name", ["export_athlete_block", "export_athlete_week", "export_squad_week", "export_retry"]
)
def test_get_on_a_mutating_view_is_405(owner_client, athlete, squad, name):
    pk = {"export_squad_week": squad.pk, "export_retry": block_job(athlete).pk}.get(
        name, athlete.pk
    )
    assert owner_client.get(reverse(name, args=[pk])).status_code == 405


def test_the_week_sheet_defaults_to_this_week_or_from_saturday_the_next(
    owner_client, athlete, plan
):
    from django.utils import timezone

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    expected = monday + timedelta(days=7) if today.weekday() >= 5 else monday
    body = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert f'name="week" value="{expected.isoformat()}"' in body


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (date(2026, 11, 25), date(2026, 11, 23)),  # a Wednesday: this week
        (date(2026, 11, 28), date(2026, 11, 30)),  # a Saturday: the coming week
        (date(2026, 11, 29), date(2026, 11, 30)),  # a Sunday: the coming week
    ],
)
def test_every_print_form_starts_from_the_same_week(
    owner_client, athlete, monkeypatch, today, monday
):
    from django.utils import timezone

    from tests.plan_factories import make_plan

    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    assert sheet_monday(today) == monday
    make_plan(athlete, weeks=2, start=monday - timedelta(weeks=1))
    page = owner_client.get(reverse("athlete_exports", args=[athlete.pk])).content.decode()
    assert f'value="{monday.isoformat()}"' in page


def test_print_forms_of_a_plan_that_starts_later_offer_its_first_week(owner_client, athlete):
    from django.utils import timezone

    from tests.plan_factories import make_plan

    today = timezone.localdate()
    later = sheet_monday(today) + timedelta(weeks=2)
    make_plan(athlete, weeks=2, start=later)
    value = f'value="{later.isoformat()}"'
    assert value in owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert value in owner_client.get(reverse("athlete_exports", args=[athlete.pk])).content.decode()


def test_an_archived_athletes_plan_still_prints_for_the_clubs_files(
    owner_client, athlete, plan, squad, tmp_path
):
    """Printing only reads the plan: an archived athlete's block and week sheets export,
    while the squad's sheet still leaves them out."""
    from athletes.services import athlete_archive
    from tests.exports.conftest import pdf_reader, pdf_text

    athlete.squad = squad
    athlete.save(update_fields=["squad"])
    athlete_archive(athlete=athlete)
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert reverse("athlete_exports", args=[athlete.pk]) in page
    page = owner_client.get(reverse("athlete_exports", args=[athlete.pk])).content.decode()
    assert "prints as it was left, for the club's files" in page
    assert '?show=archived">Archived athletes</a>' in page
    response = owner_client.post(
        reverse("export_athlete_block", args=[athlete.pk]), {"paper": "a4"}
    )
    assert response.status_code == 302
    job = render(ExportJob.objects.get(kind=ExportKind.ATHLETE_BLOCK))
    assert job.status == JobStatus.DONE
    assert athlete.name in pdf_text(pdf_reader(job))
    response = owner_client.post(
        reverse("export_athlete_week", args=[athlete.pk]),
        {"paper": "a4", "week": plan.start_date},
    )
    assert response.status_code == 302
    assert render(ExportJob.objects.get(kind=ExportKind.ATHLETE_WEEK)).status == JobStatus.DONE
    squad_week = render(squad_job(squad, plan.start_date))
    assert athlete.name not in pdf_text(pdf_reader(squad_week))
