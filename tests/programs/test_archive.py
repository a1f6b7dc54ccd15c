"""Archiving a programme: off the list and the assign form, kept for the plans built from it."""

import copy
import re
from datetime import date

from django.urls import reverse

from athletes.services import athlete_archive
from programs.models import ProgramTemplate
from schedules.club_data import club_export, club_import
from schedules.forms import next_monday
from schedules.models import Assignment
from tests.factories import ClubFactory
from tests.programs.conftest import as_listed, make_template, phase_data


def archive(client, program, value="1", **extra):
    data = {"archived": value, **as_listed(program), **extra}
    return client.post(reverse("program_archive", args=[program.pk]), data, follow=True)


def delete(client, program, **extra):
    data = {**as_listed(program), **extra}
    return client.post(reverse("program_delete", args=[program.pk]), data, follow=True)


def listed(client) -> tuple[str, str]:
    """The list page cut in two: the programmes on the list and the archived ones."""
    html = client.get(reverse("program_list")).content.decode()
    current, _, archived = html.partition("archived-templates")
    return current, archived


def assign_choices(client, athlete) -> str:
    html = client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    return html[html.index('name="template"') : html.index("</select>")]


def test_an_archived_programme_leaves_the_list_and_the_assign_form(owner_client, program, athlete):
    assert "Club strength" in assign_choices(owner_client, athlete)

    page = archive(owner_client, program).content.decode()

    assert "Club strength archived: it is no longer offered when assigning." in page
    program.refresh_from_db()
    assert program.archived
    current, archived = listed(owner_client)
    assert "Club strength" not in current
    assert "Archived (1)" in archived and "Club strength" in archived
    assert "Club strength" not in assign_choices(owner_client, athlete)


def test_a_programme_archived_after_the_assign_form_was_shown_is_named_not_assigned(
    owner_client, program, athlete
):
    # Another coach archives the programme while this one has the assign form open: the
    # form says which programme went and why, not "Choose a programme." beside a menu now
    # showing another one, which a second click would assign.
    ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": program.pk, "start_date": next_monday().isoformat()},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Not assigned: “Club strength” was archived after this page was shown. Choose another "
        "programme." in page
    )
    assert "Choose a programme." not in page
    assert not Assignment.objects.exists()


def test_a_programme_deleted_after_the_assign_form_was_shown_is_said_to_be_gone(
    owner_client, program, athlete
):
    gone = program.pk
    program.delete()
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": gone, "start_date": next_monday().isoformat()},
    )
    assert response.status_code == 409
    assert (
        "Not assigned: the programme chosen was deleted after this page was shown. Choose "
        "another programme." in response.content.decode()
    )
    assert not Assignment.objects.exists()


def test_another_clubs_programme_sent_to_the_assign_form_is_not_named(
    owner_client, athlete, program
):
    theirs = make_template(ClubFactory(name="Other"), [phase_data()], name="Their secret plan")
    response = owner_client.post(
        reverse("assign_athlete", args=[athlete.pk]),
        {"template": theirs.pk, "start_date": next_monday().isoformat()},
    )
    assert response.status_code in (400, 409)
    assert "Their secret plan" not in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_programme_athletes_follow_is_not_archived(owner_client, program, athlete):
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    page = archive(owner_client, program).content.decode()
    assert "Club strength is assigned to 1 athlete; assign them another programme before " in page
    assert "archiving it." in page
    program.refresh_from_db()
    assert not program.archived
    current, _ = listed(owner_client)
    assert f'action="{reverse("program_archive", args=[program.pk])}"' not in current


def test_restore_puts_it_back_and_from_the_builder_returns_there(owner_client, program, athlete):
    ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert "Not offered when assigning; the plans built from it are kept." in builder

    response = archive(owner_client, program, "0", back="detail")

    assert response.redirect_chain[-1][0] == reverse("program_detail", args=[program.pk])
    assert "Club strength is back on the list and can be assigned." in response.content.decode()
    program.refresh_from_db()
    assert not program.archived
    current, archived = listed(owner_client)
    assert "Club strength" in current and "Archived (" not in archived
    assert "Club strength" in assign_choices(owner_client, athlete)


def test_a_delete_refused_for_past_plans_points_to_archiving(owner_client, program, athlete):
    Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4), active=False
    )
    page = delete(owner_client, program)
    assert "earlier plans were built from it. Archive it to take it off the list." in (
        page.content.decode()
    )
    archive(owner_client, program)
    program.refresh_from_db()
    assert program.archived


def test_another_clubs_or_the_shipped_programme_is_a_404(
    owner_client, foreign_program, shipped_program
):
    for other in (foreign_program, shipped_program):
        response = owner_client.post(
            reverse("program_archive", args=[other.pk]), {"archived": "1", **as_listed(other)}
        )
        assert response.status_code == 404
        other.refresh_from_db()
        assert not other.archived


def test_get_never_archives(owner_client, program):
    assert owner_client.get(reverse("program_archive", args=[program.pk])).status_code == 405
    program.refresh_from_db()
    assert not program.archived


def test_archived_crosses_over_in_the_club_file_and_an_older_file_reads_as_listed(program, club):
    ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)
    document = club_export(club)
    older = copy.deepcopy(document)
    for item in older["templates"]:
        del item["archived"]

    club_import(copy.deepcopy(document), ClubFactory(name="Copy"))
    club_import(older, ClubFactory(name="Older"))

    assert ProgramTemplate.objects.get(club__name="Copy").archived
    assert not ProgramTemplate.objects.get(club__name="Older").archived


def test_a_new_programme_named_like_an_archived_one_is_told_where_that_one_is(
    owner_client, program
):
    ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)
    response = owner_client.post(
        reverse("program_create"), {"new-name": "club strength", "new-description": ""}
    )
    assert response.status_code == 400
    assert "An archived programme has this name (under Archived on the programme list)" in (
        response.content.decode()
    )
    assert ProgramTemplate.objects.filter(club=program.club).count() == 1


def test_a_programme_only_archived_athletes_follow_is_archived_as_the_list_offers(
    owner_client, program, athlete
):
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    athlete_archive(athlete=athlete)  # left the club: cannot be given another programme
    current, _ = listed(owner_client)
    assert "no longer assigned, kept for the plans made from it" in current
    assert f'action="{reverse("program_archive", args=[program.pk])}"' in current
    page = archive(owner_client, program).content.decode()
    assert "Club strength archived: it is no longer offered when assigning." in page
    program.refresh_from_db()
    assert program.archived
    # Kept for the archived athlete's plan: deleting it is refused, not a 500.
    page = delete(owner_client, program)
    assert "earlier plans were built from it." in page.content.decode()
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def form_on(page: str, action: str) -> dict:
    """The hidden fields of the page's form posting to `action`, as the browser sends them
    once its dialog was answered yes (the question's field left out)."""
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("ask", None)
    return fields


def test_a_programme_changed_since_the_list_was_shown_is_neither_deleted_nor_archived(
    owner_client, program
):
    listing = owner_client.get(reverse("program_list")).content.decode()
    delete_url = reverse("program_delete", args=[program.pk])
    archive_url = reverse("program_archive", args=[program.pk])
    to_delete, to_archive = form_on(listing, delete_url), form_on(listing, archive_url)
    # Another coach renames it meanwhile, in the builder.
    owner_client.post(
        reverse("program_update", args=[program.pk]),
        {"version": program.version, "details-name": "Club strength", "details-description": "New"},
    )

    for url, data, done in (
        (delete_url, to_delete, "deleted"),
        (archive_url, to_archive, "archived"),
    ):
        response = owner_client.post(url, data)
        assert response.status_code == 409, url
        page = response.content.decode()
        assert f"Not {done}: Club strength was changed after this page was shown." in page
        assert 'name="version" value="2"' in page  # the list as it is now, to try again from
    program.refresh_from_db()
    assert not program.archived and program.description == "New"

    # From the list as it is now, it goes.
    listing = owner_client.get(reverse("program_list")).content.decode()
    response = owner_client.post(delete_url, form_on(listing, delete_url))
    assert response.status_code == 302
    assert not ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_a_programme_assigned_since_the_list_was_shown_is_refused_with_409(
    owner_client, program, athlete
):
    listing = owner_client.get(reverse("program_list")).content.decode()
    delete_url = reverse("program_delete", args=[program.pk])
    archive_url = reverse("program_archive", args=[program.pk])
    to_delete, to_archive = form_on(listing, delete_url), form_on(listing, archive_url)
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))

    for url, data, done in (
        (delete_url, to_delete, "deleted"),
        (archive_url, to_archive, "archived"),
    ):
        response = owner_client.post(url, data)
        assert response.status_code == 409, url
        assert (
            f"Not {done}: Club strength has been assigned since this page was shown, and "
            "1 athlete follows it now."
        ) in response.content.decode()
    program.refresh_from_db()
    assert not program.archived


def test_the_builders_delete_is_checked_against_the_version_it_shows(owner_client, program):
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    delete_url = reverse("program_delete", args=[program.pk])
    data = form_on(builder, delete_url)
    assert data["back"] == "detail"
    owner_client.post(
        reverse("program_update", args=[program.pk]),
        {"version": program.version, "details-name": "Club strength", "details-description": "New"},
    )
    response = owner_client.post(delete_url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not deleted: Club strength was changed after this page was shown." in page
    assert 'id="program-head"' in page  # the builder, as it is now
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_a_delete_or_archive_without_the_version_shown_is_refused(owner_client, program):
    for url, data in (
        (reverse("program_delete", args=[program.pk]), {}),
        (reverse("program_archive", args=[program.pk]), {"archived": "1"}),
    ):
        response = owner_client.post(url, data)
        assert response.status_code == 400, url
        assert "This form is missing the programme&#x27;s version" in response.content.decode()
    program.refresh_from_db()
    assert not program.archived


def test_a_squads_programme_archived_as_it_is_assigned_is_not_assigned(
    owner_client, program, club, monkeypatch
):
    """Archived by another coach once the assign form was checked, before it was assigned."""
    from schedules import services
    from schedules.views import plans
    from tests.factories import AthleteFactory, SquadFactory

    squad = SquadFactory(club=club, name="Track")
    athletes = [AthleteFactory(club=club, squad=squad, name=n) for n in ("Ada", "Ben")]
    checked = plans._template_for_club

    def archived_meanwhile(form):
        ProgramTemplate.objects.filter(pk=program.pk).update(archived=True)
        return checked(form)

    monkeypatch.setattr(plans, "_template_for_club", archived_meanwhile)
    response = owner_client.post(
        reverse("assign_squad", args=[squad.pk]),
        {
            "template": program.pk,
            "start_date": next_monday().isoformat(),
            "seen": services.assignment_stamp(athletes),
        },
    )
    assert response.status_code == 409
    assert "Not assigned: “Club strength” was archived after this page was shown." in (
        response.content.decode()
    )
    assert not Assignment.objects.exists()


def test_the_builders_delete_of_a_programme_athletes_follow_is_refused_on_the_builder(
    owner_client, program, athlete
):
    # The builder was opened before another coach assigned the programme.
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    delete_url = reverse("program_delete", args=[program.pk])
    response = owner_client.post(delete_url, form_on(builder, delete_url))
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Not deleted: Club strength has been assigned since this page was shown, and 1 athlete "
        "follows it now. The plans made from it keep it: to take it off the list, assign them "
        "another programme, then archive it."
    ) in page
    assert 'id="program-head"' in page  # still on the builder, not sent to the list
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_the_builders_delete_of_a_programme_past_plans_came_from_is_refused_on_the_builder(
    owner_client, program, athlete
):
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4), active=False
    )
    delete_url = reverse("program_delete", args=[program.pk])
    response = owner_client.post(delete_url, form_on(builder, delete_url))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Club strength is kept because earlier plans were built from it." in page
    assert 'id="program-head"' in page
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_the_builder_archives_a_programme_its_delete_refused_for_past_plans(
    owner_client, program, athlete
):
    """The builder's refusal points to archiving: the builder offers it, as the list does."""
    Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4), active=False
    )
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    archive_url = reverse("program_archive", args=[program.pk])
    data = form_on(builder, archive_url)
    data.pop("csrfmiddlewaretoken", None)
    assert data == {"archived": "1", "version": "1", "seen": "0", "back": "detail"}

    response = owner_client.post(archive_url, data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("program_detail", args=[program.pk])
    page = response.content.decode()
    assert "Club strength archived: it is no longer offered when assigning." in page
    assert f'action="{archive_url}"' in page  # now its Restore
    program.refresh_from_db()
    assert program.archived


def test_the_builder_offers_no_archive_while_athletes_follow_the_programme(
    owner_client, program, athlete
):
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert f'action="{reverse("program_archive", args=[program.pk])}"' not in builder


def test_delete_is_offered_only_for_a_programme_no_plan_was_made_from(
    owner_client, program, athlete
):
    """Delete would be refused once an athlete was assigned it (their plans keep it), so the
    list and the builder leave it out and say what to do instead."""
    delete_url = reverse("program_delete", args=[program.pk])
    archive_url = reverse("program_archive", args=[program.pk])
    builder_url = reverse("program_detail", args=[program.pk])
    current, _ = listed(owner_client)
    assert f'action="{delete_url}"' in current
    assert f'action="{delete_url}"' in owner_client.get(builder_url).content.decode()

    followed = Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4)
    )
    current, _ = listed(owner_client)
    builder = owner_client.get(builder_url).content.decode()
    assert f'action="{delete_url}"' not in current
    assert f'action="{delete_url}"' not in builder
    assert (
        "The plans made from it keep it, so it cannot be deleted: to archive it, assign them "
        "another programme first."
    ) in builder

    followed.active = False  # past plans only: archiving is the way off the list
    followed.save()
    current, _ = listed(owner_client)
    assert "no longer assigned, kept for the plans made from it" in current
    builder = owner_client.get(builder_url).content.decode()
    assert f'action="{delete_url}"' not in current
    assert f'action="{delete_url}"' not in builder
    assert f'action="{archive_url}"' in current and f'action="{archive_url}"' in builder
    assert "Plans were made from it, so it is kept: archive it to take it off the list." in (
        builder
    )

    archive(owner_client, program)
    _, archived = listed(owner_client)
    builder = owner_client.get(builder_url).content.decode()
    assert f'action="{delete_url}"' not in archived
    assert f'action="{delete_url}"' not in builder
