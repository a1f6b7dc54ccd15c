"""Load grid history: an action on many cells is told as one, as undo takes it back."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from schedules.models import PlannedExercise, PlannedSession
from tests.plan_factories import make_plan, post_undo
from tests.schedules.test_grid import edit, edit_via


@pytest.fixture
def plan(athlete):
    return make_plan(athlete, weeks=3)


def squats(plan) -> list[PlannedExercise]:
    return list(
        PlannedExercise.objects.filter(
            session__plan=plan, session__label="A", exercise__slug="back-squat"
        ).order_by("session__date")
    )


def panel(client, athlete) -> str:
    body = client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    return body[body.index('id="grid-history"') :]


def day(cell) -> str:
    return f"{cell.session.date.day} {cell.session.date:%b}"


def test_a_carry_is_one_entry_naming_every_cell_it_changed(owner_client, athlete, plan):
    first, second, third = squats(plan)
    edit(owner_client, squats(plan)[1], load="62.5")  # an earlier action of its own
    edit_via(owner_client, "cell_carry", squats(plan)[0], load="65", scope="later")
    html = panel(owner_client, athlete)
    entries = re.findall(r'<ul class="history">(.*)</ul>', html, re.S)[0]
    assert entries.count('<li class="">') == 2 + 3  # two actions, the carry's three cells
    carry = entries[: entries.index("</ul>")]
    assert "One change to 3 cells, undone together:" in carry
    assert "Undo takes back your change to 3 cells, the latest." in html
    # From the cell the coach changed on, in the order of the weeks.
    lines = [carry.index(f"Back squat ({day(c)}): load") for c in (first, second, third)]
    assert lines == sorted(lines)
    assert f"Back squat ({day(second)}): load 60 → 62.5 kg" in entries[entries.index("</ul>") :]


def test_undo_marks_the_whole_carry_undone(owner_client, athlete, plan):
    edit_via(owner_client, "cell_carry", squats(plan)[0], load="65", scope="later")
    post_undo(owner_client, athlete.pk)
    html = panel(owner_client, athlete)
    assert [c.load for c in squats(plan)] == [60, 60, 60]
    assert html.count("<em>(undone)</em>") == 3
    # One entry struck through as a whole, its cells inside it.
    assert html.count('<li class="undone"><span class="muted small">') == 1
    assert '<br>One change to 3 cells, undone together:<ul class="history-cells">' in html


def test_a_carry_longer_than_the_panel_counts_the_cells_not_shown(owner_client, athlete):
    plan = make_plan(athlete, weeks=18)
    edit_via(owner_client, "cell_carry", squats(plan)[0], load="65", scope="later")
    html = panel(owner_client, athlete)
    assert "One change to 18 cells, undone together:" in html
    assert "and 3 more cells" in html  # the panel shows 15 lines


def grid_queries(client, athlete) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plan_grid", args=[athlete.pk])).status_code == 200
    return len(queries)


def test_a_full_panel_of_one_cell_changes_costs_no_query_more(owner_client, athlete, plan):
    """The cells of the panel's last action are counted only when it goes on past the
    panel: a coach's everyday single-cell edits never pay that query."""
    cell = squats(plan)[0]
    edit(owner_client, cell, load="62.5")
    few = grid_queries(owner_client, athlete)
    for number in range(20):
        cell.refresh_from_db()
        edit(owner_client, cell, load="65" if number % 2 == 0 else "62.5")
    html = panel(owner_client, athlete)
    assert html[html.index('<ul class="history">') :].count("Back squat (") == 15
    assert grid_queries(owner_client, athlete) == few


def test_a_change_in_a_session_logged_since_says_undo_leaves_it(owner_client, athlete, plan):
    """Undo passes over a change the athlete has logged since, to the one before it: the
    panel says so beside that change, so "Undo last change" undoes what it says it will."""
    first, second, _ = squats(plan)
    edit(owner_client, second, load="62.5")
    edit(owner_client, first, load="65")  # the latest change, then logged by the athlete
    PlannedSession.objects.filter(pk=first.session_id).update(logged_at=timezone.now())
    html = panel(owner_client, athlete)
    assert f"Back squat ({day(first)}): load 60 → 65 kg" in html
    logged = html.index(f"Back squat ({day(first)}): load 60 → 65 kg")
    assert html[logged:].index("<em>(logged since: undo leaves it)</em>") < html[logged:].index(
        "</li>"
    )
    assert html.count("logged since: undo leaves it") == 1  # not beside the one undo takes
    post_undo(owner_client, athlete.pk)
    assert [c.load for c in squats(plan)][:2] == [65, 60]
    html = panel(owner_client, athlete)
    assert html.count("<em>(undone)</em>") == 1
    assert html.count("logged since: undo leaves it") == 1


def test_a_load_taken_off_keeps_its_unit_beside_the_number_it_had(owner_client, athlete, plan):
    first = squats(plan)[0]
    edit(owner_client, first, load="")
    first.refresh_from_db()
    assert first.load is None
    html = panel(owner_client, athlete)
    assert f"Back squat ({day(first)}): load 60 kg → —" in html
    assert "— kg" not in html


def test_undo_says_whose_change_it_takes_back(owner_client, coach, athlete, plan):
    """Two coaches share the grid: the button says which change it undoes, and whose, so
    nobody takes back a colleague's change unknowing."""
    from django.test import Client

    first, second, _ = squats(plan)
    edit(owner_client, first, load="62.5")
    colleague = Client()
    colleague.force_login(coach)
    edit(colleague, second, load="65")

    html = panel(owner_client, athlete)
    said = re.search(r'<p id="undo-what"[^>]*>(.*?)</p>', html, re.S)
    assert said is not None
    assert said.group(1) == (
        f"Undo takes back second’s change to Back squat ({day(second)}), the latest."
    )
    assert re.search(r'<button[^>]*aria-describedby="undo-what"[^>]*>Undo last change', html)

    said = re.search(r'<p id="undo-what"[^>]*>(.*?)</p>', panel(colleague, athlete), re.S)
    assert (
        said.group(1) == f"Undo takes back your change to Back squat ({day(second)}), the latest."
    )

    post_undo(owner_client, athlete.pk)
    said = re.search(r'<p id="undo-what"[^>]*>(.*?)</p>', panel(owner_client, athlete), re.S)
    assert said.group(1) == (
        f"Undo takes back your change to Back squat ({day(first)}), the latest that can be undone."
    )


def test_the_history_escapes_what_coaches_typed(owner_client, athlete, plan, owner):
    """A note, a coach's name and a club exercise's name reach the panel as text, never as
    markup, whether the action changed one cell or many."""
    owner.username = "<b>coach</b>"
    owner.save(update_fields=["username"])
    first = squats(plan)[0]
    first.exercise.name = "Squat <img src=x onerror=alert(1)>"  # as a club's own lift
    first.exercise.save(update_fields=["name"])
    assert (
        edit(owner_client, first, load="62.5", note="<script>alert(1)</script>").status_code == 200
    )
    edit_via(owner_client, "cell_carry", squats(plan)[1], load="65", scope="later")
    html = panel(owner_client, athlete)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>coach" not in html
    assert "note “&lt;script&gt;alert(1)&lt;/script&gt;”" in html
    assert "Squat &lt;img src=x onerror=alert(1)&gt; (" in html
    assert html.count("· &lt;b&gt;coach&lt;/b&gt;</span>") == 2
