"""A squad's testing day: every athlete's result of one lift entered and saved together."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import StrengthTest
from schedules.models import PlanJob
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory, shipped


def row_of(page: str, name: str) -> str:
    """The testing day's table row of the athlete NAME."""
    row = page[page.index(f'<span class="cap">{name}') :]
    return row[: row.index("</tr>")]


@pytest.fixture
def squad(club):
    return SquadFactory(club=club, name="Track")


@pytest.fixture
def runners(club, squad):
    """Three of the squad, named so they list in this order; one with a squat test."""
    ada = AthleteFactory(club=club, squad=squad, name="Ada Lane")
    ben = AthleteFactory(club=club, squad=squad, name="Ben Ito")
    cai = AthleteFactory(club=club, squad=squad, name="Cai Moss")
    StrengthTestFactory(athlete=ada, load=Decimal("80"), reps=1)
    return ada, ben, cai


def url(squad) -> str:
    return reverse("squad_tests", args=[squad.pk])


def day(**extra) -> dict:
    tested_on = timezone.localdate() - timedelta(days=1)
    return {"exercise": shipped("back-squat").pk, "tested_on": tested_on.isoformat(), **extra}


def results(*rows) -> dict:
    """The posted page: (athlete, load, reps) for each row, the lift and day above them."""
    data = day()
    for athlete, load, reps in rows:
        data |= {
            f"load-{athlete.pk}": load,
            f"reps-{athlete.pk}": reps,
            f"unit-{athlete.pk}": athlete.units,
        }
    return data


def test_the_squads_page_links_to_each_squads_testing_day(owner_client, squad):
    assert url(squad) in owner_client.get(reverse("squads")).content.decode()


def test_the_lift_and_day_are_chosen_first_then_every_athlete_has_a_row(
    owner_client, squad, runners
):
    ada, ben, cai = runners
    first = owner_client.get(url(squad)).content.decode()
    assert 'name="exercise"' in first and 'name="tested_on"' in first
    assert 'name="load-' not in first  # no results asked before the lift is known

    page = owner_client.get(url(squad), day()).content.decode()
    names = re.findall(r'<th scope="row" class="wrap"><span class="cap">(\w+ \w+)', page)
    assert names == ["Ada Lane", "Ben Ito", "Cai Moss"]
    assert "1RM now 80 kg" in page and page.count("No test of this lift yet") == 2
    for athlete in runners:
        assert f'name="load-{athlete.pk}"' in page
    assert not StrengthTest.objects.exclude(athlete=ada).exists()  # opening it saves nothing


def test_results_are_saved_together_empty_rows_skipped_and_plans_made_again(
    owner_client, squad, runners, django_capture_on_commit_callbacks
):
    from tests.plan_factories import make_plan

    ada, ben, cai = runners
    make_plan(ada)
    data = results((ada, "85", "1"), (ben, "60", "5"), (cai, "", "1"))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url(squad), data)
    assert response.status_code == 302 and response["Location"] == reverse("squads")
    tested_on = timezone.localdate() - timedelta(days=1)
    saved = StrengthTest.objects.filter(tested_on=tested_on).order_by("athlete__name")
    assert [(t.athlete, t.load, t.reps) for t in saved] == [
        (ada, Decimal("85"), 1),
        (ben, Decimal("60"), 5),
    ]
    assert ada.current_one_rep_maxes() == {"back-squat": Decimal("85")}
    assert list(PlanJob.objects.values_list("athlete", flat=True)) == [ada.pk]  # a programme
    page = owner_client.get(reverse("squads")).content.decode()
    assert f"Back squat tests of {tested_on:%-d %b %Y} saved for 2 athletes" in page
    assert "Ada Lane 85 kg, Ben Ito 70 kg" in page


@pytest.mark.parametrize(
    "load, reps, message",
    [
        ("-5", "1", "The load must be above zero."),
        ("10000", "1", "beyond any runner"),
        ("heavy", "1", "load"),
        ("80", "0", "A test has at least 1 rep."),
        ("80", "11", "Use a test of 10 reps or fewer"),
        ("80", "x", "reps"),
    ],
)
def test_one_wrong_result_saves_none_and_keeps_everything_typed(
    owner_client, squad, runners, load, reps, message
):
    ada, ben, _ = runners
    before = StrengthTest.objects.count()
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, load, reps)))
    assert response.status_code == 400
    assert StrengthTest.objects.count() == before
    page = response.content.decode()
    assert "Nothing saved yet: 1 result to look at (Ben Ito)" in page
    row = row_of(page, "Ben Ito")
    assert message in row and 'role="alert"' in row
    assert f'name="load-{ada.pk}" id="load-{ada.pk}" value="82.5"' in page  # kept
    assert f'value="{load}"' in row


def test_a_page_sent_with_no_result_says_what_to_do(owner_client, squad, runners):
    ada, ben, _ = runners
    response = owner_client.post(url(squad), results((ada, "", "1"), (ben, " ", "1")))
    assert response.status_code == 400
    assert "Enter at least one athlete&#x27;s load" in response.content.decode()


def test_a_lift_or_day_that_cannot_be_tested_is_refused_beside_its_field(
    owner_client, squad, runners
):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = owner_client.get(url(squad), day(tested_on=future))
    assert response.status_code == 400
    assert "A test cannot be in the future." in response.content.decode()
    # Not a lift tested by 1RM (a plyometric), nor a lift at all.
    for exercise in (shipped("box-jump").pk, "999999", "squat"):
        response = owner_client.get(url(squad), day(exercise=exercise))
        assert response.status_code == 400
    # Posted, the same refusal and nothing saved.
    data = results((runners[1], "70", "1")) | {"tested_on": future}
    assert owner_client.post(url(squad), data).status_code == 400
    assert not StrengthTest.objects.filter(athlete=runners[1]).exists()


def test_a_1rm_far_above_the_last_is_asked_about_then_saved_once_confirmed(
    owner_client, squad, runners
):
    ada, ben, _ = runners
    data = results((ada, "140", "1"), (ben, "70", "1"))
    response = owner_client.post(url(squad), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "75 % above the 1RM the plan uses now" in page
    asked = re.search(rf'name="confirmed-{ada.pk}" value="([\d.]+)"', page).group(1)
    assert not StrengthTest.objects.filter(load=140).exists()
    response = owner_client.post(url(squad), data | {f"confirmed-{ada.pk}": asked})
    assert response.status_code == 302
    assert ada.current_one_rep_maxes()["back-squat"] == Decimal("140")
    assert StrengthTest.objects.filter(athlete=ben, load=70).exists()


def test_a_result_recorded_already_is_refused_and_the_others_wait(owner_client, squad, runners):
    ada, ben, _ = runners
    tested_on = timezone.localdate() - timedelta(days=1)
    StrengthTestFactory(athlete=ben, load=Decimal("70"), reps=1, tested_on=tested_on)
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "1")))
    assert response.status_code == 400
    assert "This test is already recorded" in response.content.decode()
    assert not StrengthTest.objects.filter(athlete=ada, load=Decimal("82.5")).exists()


def test_a_result_recorded_already_among_others_says_to_empty_it_to_save_them(
    owner_client, squad, runners
):
    """The athlete's own form asks to change the date, the load or the reps; here the date is
    every row's, and the way on is to leave that athlete out: their row says so."""
    ada, ben, _ = runners
    tested_on = timezone.localdate() - timedelta(days=1)
    StrengthTestFactory(athlete=ben, load=Decimal("70"), reps=1, tested_on=tested_on)
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "1")))
    page = response.content.decode()
    assert (
        f"This test is already recorded: Back squat, 70 kg × 1 on {tested_on:%-d %b %Y}. "
        "Empty Ben Ito&#x27;s load to save the others."
    ) in page
    assert "change the date" not in page
    data = results((ada, "82.5", "1"), (ben, "", "1"))
    assert owner_client.post(url(squad), data).status_code == 302
    assert StrengthTest.objects.filter(athlete=ada, load=Decimal("82.5")).exists()


def test_a_load_typed_in_another_unit_than_the_athletes_now_is_refused(
    owner_client, squad, runners
):
    ada, ben, _ = runners
    data = results((ada, "82.5", "1"), (ben, "70", "1")) | {f"unit-{ben.pk}": "lb"}
    response = owner_client.post(url(squad), data)
    assert response.status_code == 409
    assert "loads are in kg since this form was opened" in response.content.decode()
    assert not StrengthTest.objects.filter(load__in=[Decimal("82.5"), 70]).exists()


def test_an_athlete_archived_while_the_page_was_open_stops_the_save(owner_client, squad, runners):
    ada, ben, _ = runners
    ben.archived_at = timezone.now()
    ben.save()
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "1")))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ben Ito was archived (left the club) while this page was open" in page
    assert 'value="70"' in page  # what was typed for them is still shown
    row = page[page.index('<span class="cap">Ben Ito') :]
    assert "no longer in this squad" not in row[: row.index("</tr>")]  # they are in it
    assert not StrengthTest.objects.filter(load__in=[Decimal("82.5"), 70]).exists()


def test_a_result_for_an_athlete_moved_to_another_squad_since_is_still_theirs(
    owner_client, club, squad, runners
):
    ada, ben, _ = runners
    ben.squad = SquadFactory(club=club, name="Road")
    ben.save()
    response = owner_client.post(url(squad), results((ben, "72.5", "1"), (ada, "1000", "1")))
    assert response.status_code == 400  # Ada's slip brings the page back: Ben's row is said
    page = response.content.decode()
    row = page[page.index('<span class="cap">Ben Ito') :]
    assert "no longer in this squad" in row[: row.index("</tr>")]
    response = owner_client.post(url(squad), results((ben, "72.5", "1")))
    assert response.status_code == 302
    assert StrengthTest.objects.filter(athlete=ben, load=Decimal("72.5")).exists()


def test_another_clubs_squad_is_not_found_and_its_athletes_never_tested(
    owner_client, stranger_client, squad, runners
):
    from athletes.models import Club

    other = Club.objects.get(name="Other Club")
    outsider = AthleteFactory(club=other, squad=SquadFactory(club=other))
    assert stranger_client.get(url(squad)).status_code == 404
    data = results((runners[0], "90", "1"), (outsider, "90", "1"))
    response = stranger_client.post(url(squad), data)
    assert response.status_code == 404
    assert runners[0].name not in response.content.decode()
    assert not StrengthTest.objects.filter(load=90).exists()


def test_an_athlete_of_another_club_sent_with_the_page_is_left_alone(
    client, owner, stranger, squad, runners
):
    from athletes.models import Club

    other = Club.objects.get(name="Other Club")
    outsider = AthleteFactory(club=other, name="Zed Outsider")
    client.force_login(owner)
    data = results((runners[0], "82.5", "1"), (outsider, "90", "1"))
    response = client.post(url(squad), data)
    # As for an athlete deleted meanwhile: not the club's, so nothing saved, and not named.
    assert response.status_code == 409
    assert "Zed Outsider" not in response.content.decode()
    assert not StrengthTest.objects.filter(athlete=outsider).exists()
    assert not StrengthTest.objects.filter(load=Decimal("82.5")).exists()


def test_names_are_escaped(owner_client, club, squad):
    AthleteFactory(club=club, squad=squad, name="<script>alert(1)</script>")
    page = owner_client.get(url(squad), day()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_the_results_page_reads_the_same_few_queries_for_a_large_squad(
    owner_client, club, squad, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(12) as ctx:
            assert owner_client.get(url(squad), day()).status_code == 200
        return len(ctx.captured_queries)

    AthleteFactory.create_batch(3, club=club, squad=squad)
    small = queries()
    for athlete in AthleteFactory.create_batch(37, club=club, squad=squad):
        StrengthTestFactory(athlete=athlete)
    assert queries() == small


def test_an_athlete_put_in_the_squad_while_the_page_was_open_is_asked_for_1_rep(
    owner_client, club, squad, runners
):
    ada, ben, _ = runners
    dee = AthleteFactory(club=club, squad=squad, name="Dee Moon")
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "x")))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="reps-{dee.pk}" value="1"' in page


def test_a_ticked_this_is_right_stays_ticked_while_another_row_is_put_right(
    owner_client, squad, runners
):
    ada, ben, _ = runners
    data = results((ada, "140", "1"), (ben, "70", "1"))
    page = owner_client.post(url(squad), data).content.decode()
    asked = re.search(rf'name="confirmed-{ada.pk}" value="([\d.]+)"', page).group(1)
    # Ticked, but Ben's reps are mistyped: Ada's tick is still on the page sent back.
    ticked = data | {f"confirmed-{ada.pk}": asked, f"reps-{ben.pk}": "12"}
    response = owner_client.post(url(squad), ticked)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing saved yet: 1 result to look at (Ben Ito)" in page
    assert f'name="confirmed-{ada.pk}" value="{asked}" checked' in page
    # Ben's reps put right, the page sent as it came back saves both.
    again = dict(re.findall(r'name="(confirmed-\d+)" value="([\d.]+)" checked', page))
    response = owner_client.post(url(squad), data | again)
    assert response.status_code == 302
    assert ada.current_one_rep_maxes()["back-squat"] == Decimal("140")


def test_the_page_sent_again_once_saved_says_its_results_are_recorded_already(
    owner_client, squad, runners
):
    ada, ben, _ = runners
    data = results((ada, "82.5", "1"), (ben, "70", "1"))
    assert owner_client.post(url(squad), data).status_code == 302
    response = owner_client.post(url(squad), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "These results are recorded already (Ada Lane, Ben Ito)" in page
    assert "Nothing saved yet" not in page
    assert StrengthTest.objects.filter(load__in=[Decimal("82.5"), 70]).count() == 2


def test_the_page_saved_by_another_send_meanwhile_names_every_result_recorded(
    owner_client, squad, runners, monkeypatch
):
    from athletes import services

    ada, ben, _ = runners
    tested_on = timezone.localdate() - timedelta(days=1)
    save = services.strength_tests_save

    def saved_meanwhile(**kwargs):
        # The other send saves both after this one's rows were checked.
        StrengthTestFactory(athlete=ada, load=Decimal("82.5"), reps=1, tested_on=tested_on)
        StrengthTestFactory(athlete=ben, load=Decimal("70"), reps=1, tested_on=tested_on)
        return save(**kwargs)

    monkeypatch.setattr(services, "strength_tests_save", saved_meanwhile)
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "1")))
    assert response.status_code == 400
    page = response.content.decode()
    assert "These results are recorded already (Ada Lane, Ben Ito)" in page
    assert page.count("This test is already recorded") == 2
    assert StrengthTest.objects.filter(load__in=[Decimal("82.5"), 70]).count() == 2


@pytest.mark.parametrize(
    "meanwhile, said",
    [
        ({"archived_at": timezone.now}, "Ben Ito was archived (left the club) while this page"),
        ({"units": lambda: "lb"}, "Ben Ito&#x27;s loads are in lb since this page was opened"),
    ],
)
def test_an_athlete_archived_or_switched_to_lb_as_the_results_are_saved_stops_them_all(
    owner_client, squad, runners, monkeypatch, meanwhile, said
):
    """Checked, then changed by another coach just before the save: refused beside that
    athlete's row, and no result saved, the others' neither."""
    from athletes import services

    ada, ben, _ = runners
    save = services.strength_tests_save

    def changed_meanwhile(**kwargs):
        type(ben).objects.filter(pk=ben.pk).update(**{k: v() for k, v in meanwhile.items()})
        return save(**kwargs)

    monkeypatch.setattr(services, "strength_tests_save", changed_meanwhile)
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "1")))
    assert response.status_code == 409
    assert said in row_of(response.content.decode(), "Ben Ito")
    assert not StrengthTest.objects.filter(load__in=[Decimal("82.5"), 70]).exists()
    assert not PlanJob.objects.exists()


def test_a_save_costs_the_same_queries_for_a_squad_of_3_as_of_12(
    owner_client, club, squad, django_capture_on_commit_callbacks
):
    """The results are checked, saved and the plans asked for again together: a squad of 12
    costs the queries of a squad of 3, its re-plan jobs included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plan_factories import make_plan

    def save(athletes) -> int:
        for athlete in athletes:
            StrengthTestFactory(athlete=athlete, load=Decimal("70"), reps=1)
            make_plan(athlete)
        data = results(*[(a, "72.5", "3") for a in athletes])
        with (
            CaptureQueriesContext(connection) as ctx,
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert owner_client.post(url(squad), data).status_code == 302
        saved = StrengthTest.objects.filter(athlete__in=athletes, load=Decimal("72.5"), reps=3)
        assert sorted(saved.values_list("athlete", flat=True)) == sorted(a.pk for a in athletes)
        jobs = PlanJob.objects.filter(athlete__in=athletes, changes=["one_rep_max"])
        assert sorted(jobs.values_list("athlete", flat=True)) == sorted(a.pk for a in athletes)
        for athlete in athletes:  # out of the squad before the next, larger one is tested
            athlete.squad = None
            athlete.save()
        return len(ctx.captured_queries)

    few = save(AthleteFactory.create_batch(3, club=club, squad=squad))
    many = save(AthleteFactory.create_batch(12, club=club, squad=squad))
    assert many == few


def test_changing_the_lift_or_day_of_a_page_with_results_typed_asks_first(
    owner_client, squad, runners
):
    ada, ben, _ = runners
    fresh = owner_client.get(url(squad), day()).content.decode()
    assert "data-confirm" not in fresh  # nothing typed yet: a plain link
    refused = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "1000", "1")))
    page = refused.content.decode()
    form = page[page.index('<form class="muted testing-change"') :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in form and "are not kept if you change the lift or day" in form
    assert 'name="change" value="1"' in form


def test_results_typed_for_a_squad_deleted_meanwhile_are_shown_not_lost(
    owner_client, squad, runners
):
    data = results((runners[0], "92.5", "2"), (runners[1], "70", "1"))
    address = url(squad)
    squad.delete()
    response = owner_client.post(address, data)
    assert response.status_code == 404
    html = response.content.decode()
    assert "The squad was deleted while this page was open. Nothing was saved." in html
    assert "92.5 kg × 2" in html and "70 kg × 1" in html
    assert reverse("strength_test_add", args=[runners[1].pk]) in html
    assert runners[2].name not in html  # nothing typed for them
    assert not StrengthTest.objects.filter(athlete=runners[1]).exists()


def test_results_typed_for_a_lift_deleted_meanwhile_are_shown_not_lost(
    owner_client, club, squad, runners
):
    from exercises.models import Exercise

    lift = Exercise.objects.create(
        club=club,
        slug="trap-bar-deadlift",
        name="Trap bar deadlift",
        category="max_strength",
        pattern="hinge",
        load_mode="percent_1rm",
        cues="Push the floor away",
    )
    data = results((runners[1], "120", "3")) | {"exercise": lift.pk}
    lift.delete()
    response = owner_client.post(url(squad), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "That lift is no longer among the club&#x27;s lifts a 1RM test is recorded" in html
    assert "120 kg × 3" in html and runners[1].name in html
    assert reverse("squad_tests", args=[squad.pk]) in html
    assert not StrengthTest.objects.filter(athlete=runners[1]).exists()


def test_a_squad_with_no_athletes_says_so_before_asking_for_a_lift(owner_client, club):
    empty = SquadFactory(club=club, name="Juniors")
    html = owner_client.get(url(empty)).content.decode()
    assert "Juniors has no athletes. Put athletes in the squad" in html
    assert 'name="exercise"' not in html


def test_results_older_than_an_athletes_latest_test_are_said_to_be_history_only(
    owner_client, squad, runners
):
    ada, ben, _ = runners  # Ada's squat test is of a week ago
    data = results((ada, "70", "1"), (ben, "60", "1"))
    data["tested_on"] = (timezone.localdate() - timedelta(days=10)).isoformat()
    response = owner_client.post(url(squad), data)
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "Kept in the history only, a later test of the lift standing: Ada Lane." in page
    assert "Plans of those with a programme are being made again from them." in page
    assert ada.current_one_rep_maxes() == {"back-squat": Decimal("80")}


def test_reps_typed_without_a_load_are_refused_beside_the_row_and_nothing_saved(
    owner_client, squad, runners
):
    """A row with reps typed and its load left empty is not skipped as a row left alone
    (reps 1, the box's own value) is: the result was half typed."""
    ada, ben, cai = runners
    before = StrengthTest.objects.count()
    response = owner_client.post(
        url(squad), results((ada, "82.5", "1"), (ben, "", "5"), (cai, "", "1"))
    )
    assert response.status_code == 400
    assert StrengthTest.objects.count() == before
    page = response.content.decode()
    assert "Nothing saved yet: 1 result to look at (Ben Ito)" in page
    row = row_of(page, "Ben Ito")
    assert "Enter the load Ben Ito lifted for the 5 reps, or empty the reps to skip" in row
    assert 'role="alert"' in row and 'aria-invalid="true"' in row
    assert f'name="load-{ben.pk}" id="load-{ben.pk}" value=""' in row
    assert f'name="reps-{ben.pk}" value="5"' in row  # kept
    assert f'name="load-{ada.pk}" id="load-{ada.pk}" value="82.5"' in page
    cai_row = page[page.index('<span class="cap">Cai Moss') :]
    assert 'role="alert"' not in cai_row[: cai_row.index("</tr>")]  # left alone: skipped


def test_reps_typed_without_a_load_alone_on_the_page_are_refused_beside_the_row(
    owner_client, squad, runners
):
    _, ben, _ = runners
    response = owner_client.post(url(squad), results((ben, " ", "3")))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter at least one athlete" not in page
    assert "Enter the load Ben Ito lifted for the 3 reps, or empty the reps to skip" in page


def test_a_load_with_the_reps_left_empty_asks_for_the_reps_beside_the_row(
    owner_client, squad, runners
):
    """The reps box holds 1 until changed: emptied, the load is not taken as a single (a
    5-rep test saved as a 1RM would plan from a far lower one), the reps are asked for."""
    ada, ben, _ = runners
    before = StrengthTest.objects.count()
    response = owner_client.post(url(squad), results((ada, "82.5", "1"), (ben, "70", "")))
    assert response.status_code == 400
    assert StrengthTest.objects.count() == before
    page = response.content.decode()
    row = row_of(page, "Ben Ito")
    assert "Enter the reps done: 1 for a true 1RM, up to 10 for an estimate." in row
    assert f'name="reps-{ben.pk}" value="" aria-label="Ben Ito: reps" aria-invalid="true"' in row
    assert f'name="load-{ben.pk}" id="load-{ben.pk}" value="70"' in row


def test_a_1rm_far_below_the_last_is_asked_about_then_saved_once_confirmed(
    owner_client, club, squad, runners
):
    """A digit left off (8 for 80), or kilograms typed in a pounds athlete's box, would load
    the plan from a fraction of the athlete's strength at once: asked about first."""
    ada, ben, _ = runners
    dan = AthleteFactory(club=club, squad=squad, name="Dan Ward", units="lb")
    StrengthTestFactory(athlete=dan, load=Decimal("220"), reps=1)
    data = results((ada, "8", "1"), (ben, "70", "1"), (dan, "100", "1"))
    response = owner_client.post(url(squad), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "8 kg × 1 makes a 1RM of about 8 kg, 90 % below the 1RM the plan uses now" in page
    assert "100 lb × 1 makes a 1RM of about 100 lb, 55 % below the 1RM" in page
    assert "Ben Ito" not in page.split("Nothing saved yet")[1].split("</")[0]
    assert not StrengthTest.objects.filter(load__in=[8, 70, 100]).exists()
    ticks = dict(re.findall(r'name="(confirmed-\d+)" value="([\d.]+)"', page))
    assert set(ticks) == {f"confirmed-{ada.pk}", f"confirmed-{dan.pk}"}
    response = owner_client.post(url(squad), data | ticks)
    assert response.status_code == 302
    assert ada.current_one_rep_maxes()["back-squat"] == Decimal("8")
    assert dan.current_one_rep_maxes()["back-squat"] == Decimal("100")


def test_a_1rm_somewhat_below_the_last_is_saved_without_asking(owner_client, squad, runners):
    ada, _, _ = runners
    response = owner_client.post(url(squad), results((ada, "60", "1")))
    assert response.status_code == 302
    assert ada.current_one_rep_maxes()["back-squat"] == Decimal("60")


def test_results_typed_for_an_athlete_deleted_meanwhile_save_nothing_and_say_so(
    owner_client, squad, runners
):
    ada, ben, cai = runners
    sent = results((ada, "85", "1"), (ben, "90", "1"))
    ben.delete()  # by another coach, while this page was open
    response = owner_client.post(url(squad), sent)
    assert response.status_code == 409
    page = response.content.decode()
    assert "no longer in the club (deleted while this page was open): nothing was saved" in page
    assert "85" in row_of(page, "Ada Lane")  # what was typed for the others is kept
    assert not StrengthTest.objects.filter(load=Decimal("85")).exists()


def test_an_athlete_deleted_as_the_results_are_saved_stops_them_all(squad, runners):
    from athletes import services

    ada, ben, _ = runners
    tests = [
        StrengthTest(
            athlete=athlete,
            exercise=shipped("back-squat"),
            load=load,
            reps=1,
            tested_on=timezone.localdate(),
        )
        for athlete, load in ((ada, Decimal("85")), (ben, Decimal("90")))
    ]
    ben.delete()
    with pytest.raises(services.AthleteGone):
        services.strength_tests_save(tests=tests, units={ada.pk: "kg", ben.pk: "kg"})
    assert not StrengthTest.objects.filter(load__in=[85, 90]).exists()
