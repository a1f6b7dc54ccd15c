"""Where coaches find the exports: the plan page, the athlete page, the squads and the club page."""

from datetime import timedelta

from django.urls import reverse

from schedules.models import ExportJob


def test_plan_page_offers_block_and_week_exports(owner_client, athlete, plan):
    html = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert reverse("export_athlete_block", args=[athlete.pk]) in html
    assert reverse("export_athlete_week", args=[athlete.pk]) in html


def test_plan_page_without_a_plan_offers_no_export(owner_client, athlete):
    html = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert reverse("export_athlete_block", args=[athlete.pk]) not in html


def test_athlete_page_links_to_its_exports(owner_client, athlete):
    html = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert reverse("athlete_exports", args=[athlete.pk]) in html


def test_squads_page_links_each_squad_to_its_sheets(owner_client, squad):
    html = owner_client.get(reverse("squads")).content.decode()
    assert reverse("squad_exports", args=[squad.pk]) in html


def test_print_sheet_on_the_squad_week_exports_that_week(owner_client, squad):
    planned = squad.athletes.filter(plan__isnull=False).first().plan
    first = planned.sessions.order_by("date").first().date
    monday = first - timedelta(days=first.weekday())
    url = reverse("squad_week", args=[squad.pk]) + f"?week={monday:%Y-%m-%d}"
    html = owner_client.get(url).content.decode()
    action = reverse("export_squad_week", args=[squad.pk])
    assert f'action="{action}"' in html
    assert f'name="week" value="{monday:%Y-%m-%d}"' in html

    response = owner_client.post(action, {"week": f"{monday:%Y-%m-%d}", "paper": "a4"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.squad, job.week_start) == (squad, monday)


def test_club_page_offers_the_file_and_the_owner_its_import(owner_client, client, coach):
    html = owner_client.get(reverse("club_coaches")).content.decode()
    assert reverse("club_export") in html
    assert reverse("club_import") in html
    assert reverse("export_list") in html

    client.force_login(coach)
    html = client.get(reverse("club_coaches")).content.decode()
    assert reverse("club_export") in html
    assert reverse("club_import") not in html


def test_club_and_export_pages_mark_the_club_in_the_top_bar(owner_client):
    for name in ("club_coaches", "export_list"):
        html = owner_client.get(reverse(name)).content.decode()
        assert 'class="clubname" title="Club, coaches, club data and exports" aria-current' in html
        assert ">Athletes</a>" in html and 'aria-current="page">Athletes' not in html


def test_account_pages_and_a_refused_account_form_mark_the_club_not_athletes(owner_client):
    """Your account is on the club page: the password pages and the club page sent back
    with an email form's mistake belong to the club, not to Athletes."""
    pages = [
        owner_client.get(reverse("password_change")),
        owner_client.get(reverse("password_change_done")),
        owner_client.post(reverse("account_email"), {"email": "not an email", "password": ""}),
    ]
    for response in pages:
        html = response.content.decode()
        assert 'class="clubname" title="Club, coaches, club data and exports" aria-current' in html
        assert ">Athletes</a>" in html and 'aria-current="page">Athletes' not in html
