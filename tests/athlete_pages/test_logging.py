import html
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.html import escape

from schedules.models import PlannedExercise, PlannedSession, SetLog
from tests.row_locks import until_another_waits

HTMX = {"HTTP_HX_REQUEST": "true"}


def post_set(client, week_url, pe, number=1, **data):
    data.setdefault("done", "1")
    return client.post(f"{week_url}sets/{pe.pk}/{number}/", data, **HTMX)


def post_session(client, week_url, session, **data):
    data.setdefault("version", session.version)
    return client.post(f"{week_url}sessions/{session.pk}/log/", data, **HTMX)


def test_ticking_a_set_saves_it_and_marks_the_session_logged(client, squat, week_url):
    response = post_set(client, week_url, squat, reps="6", load="60")
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.reps, log.load) == (True, 6, Decimal("60"))
    squat.session.refresh_from_db()
    assert squat.session.logged_at is not None


def test_saved_response_carries_the_new_stamp_out_of_band(client, squat, week_url):
    body = post_set(client, week_url, squat, reps="6", load="60").content.decode()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert f'value="{log.updated_at.isoformat()}"' in body
    assert 'hx-swap-oob="true"' in body


def test_the_same_tick_twice_keeps_one_log(client, squat, week_url):
    first = post_set(client, week_url, squat, reps="6", load="60")
    second = post_set(client, week_url, squat, reps="6", load="60")
    assert first.status_code == second.status_code == 200
    assert SetLog.objects.filter(planned_exercise=squat, set_number=1).count() == 1


def test_actual_reps_and_load_can_differ_from_the_plan(client, squat, week_url):
    post_set(client, week_url, squat, reps="5", load="57.5")
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.reps, log.load) == (5, Decimal("57.5"))


def test_a_load_typed_with_a_decimal_comma_is_that_load(client, squat, week_url):
    """ "22,5" on a phone set to a European language: a number box dropped the comma and
    sent 225; the box is text and the comma reads as the decimal point."""
    response = post_set(client, week_url, squat, done="1", reps="8", load="22,5")
    assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat).load == Decimal("22.5")
    page = client.get(week_url).content.decode()
    assert 'type="text" name="load" inputmode="decimal"' in page


def test_a_later_change_with_the_current_stamp_overwrites(client, squat, week_url):
    post_set(client, week_url, squat, reps="6", load="60")
    stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
    response = post_set(client, week_url, squat, reps="4", load="60", seen=stamp)
    assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat).reps == 4


def _set_form(body: str, squat) -> str:
    form = body[body.index(f'id="set-{squat.pk}-1"') :]
    return form[: form.index("</form>")]


def test_a_save_over_this_screens_own_unanswered_one_is_not_a_conflict(client, squat, week_url):
    """The page sent a set and had no answer (it was saved all the same); its next save,
    from the stamp before, names that one as sent earlier and is saved over it. Naming
    other values, or none that can be read, it is still refused as another screen's."""
    post_set(client, week_url, squat, reps="6", load="62,5")  # saved; the answer lost
    for earlier in ('[{"done": true, "reps": "5", "load": "62.5"}]', "not json", '[7, {"x": 1}]'):
        response = post_set(client, week_url, squat, reps="4", load="60", earlier=earlier)
        assert response.status_code == 409
    sent = '[{"done": false, "reps": "", "load": ""}, {"done": true, "reps": "6", "load": "62,5"}]'
    response = post_set(client, week_url, squat, reps="4", load="60", earlier=sent)
    assert response.status_code == 200
    log = SetLog.objects.get(planned_exercise=squat)
    assert (log.done, log.reps, log.load) == (True, 4, Decimal("60"))
    assert f'value="{log.updated_at.isoformat()}"' in response.content.decode()  # new stamp


def test_a_stale_save_does_not_overwrite_a_newer_value(client, squat, week_url):
    """Two screens log the same set: the one shown before the other's save is refused, and
    its form then holds the set as saved, with its stamp, so ticking again there is a
    choice made on what is saved, not this screen's values put back over the other's."""
    post_set(client, week_url, squat, reps="6", load="62.5")
    saved = SetLog.objects.get(planned_exercise=squat)
    response = post_set(client, week_url, squat, done="", reps="3", load="60", seen="")
    assert response.status_code == 409
    form = _set_form(response.content.decode(), squat)
    # Each set's values held together on a narrow screen: "6 reps @ 62.5 kg" never split.
    nb = "\u00a0"
    assert (
        f"Changed on another screen: saved there as done, 6{nb}reps{nb}@{nb}62.5{nb}kg, which "
        f"this now shows. Yours (not done, 3{nb}reps{nb}@{nb}60{nb}kg) was not saved: to keep "
        "it, change the set again."
    ) in form
    assert 'name="reps" inputmode="numeric" autocomplete="off" value="6"' in form
    assert 'name="load" inputmode="decimal" autocomplete="off" value="62.5"' in form
    assert '<input type="checkbox" name="done" value="1" checked>' in form
    assert f'name="seen" value="{saved.updated_at.isoformat()}"' in form
    assert 'value="3"' not in form and 'value="60"' not in form
    # Marked as showing what is saved: the page's script keeps what was typed meanwhile off it.
    assert " data-shows-saved " in form
    assert SetLog.objects.get(planned_exercise=squat).reps == 6
    # Saved again from that form, it goes through: the athlete chose it on what is saved.
    again = post_set(
        client, week_url, squat, done="1", reps="5", load="62.5", seen=saved.updated_at.isoformat()
    )
    assert again.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat).reps == 5


def test_without_htmx_a_stale_save_comes_back_as_saved_elsewhere(client, squat, week_url):
    post_set(client, week_url, squat, reps="6", load="60")
    saved = SetLog.objects.get(planned_exercise=squat)
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "4", "load": "55", "seen": ""}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Here is the set as saved on another screen a moment ago." in body
    assert "Here is what you entered" not in body
    form = _set_form(body, squat)
    nb = "\u00a0"
    assert f"saved there as done, 6{nb}reps{nb}@{nb}60{nb}kg" in form
    assert (
        f"Yours (done, 4{nb}reps{nb}@{nb}55{nb}kg) was not saved: to keep it, enter it again "
        "and press Save set."
    ) in form
    assert (
        'name="reps" inputmode="numeric" autocomplete="off" value="6"' in form
        and 'autocomplete="off" value="60"' in form
    )
    assert f'name="seen" value="{saved.updated_at.isoformat()}"' in form
    assert '<button class="btn btn-small aw-set-save" type="submit">Save set<span' in form
    assert SetLog.objects.get(planned_exercise=squat).reps == 6


def test_unticking_a_set_is_saved(client, squat, week_url):
    post_set(client, week_url, squat, reps="6", load="60")
    stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/", {"reps": "6", "load": "60", "seen": stamp}, **HTMX
    )
    assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat).done is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reps": "-1", "load": "60"}, "Reps must be a whole number from 0 to 50."),
        ({"reps": "51", "load": "60"}, "Reps must be a whole number from 0 to 50."),
        ({"reps": "six", "load": "60"}, "Reps must be a whole number from 0 to 50."),
        ({"reps": "6", "load": "99999"}, "Load must be a number from 0 to 400 kg."),
        ({"reps": "6", "load": "-2.5"}, "Load must be a number from 0 to 400 kg."),
        ({"reps": "6", "load": "12.345"}, "Give the load to two decimals at most."),
    ],
)
def test_bad_set_input_is_refused_and_nothing_is_lost(client, squat, week_url, data, message):
    post_set(client, week_url, squat, reps="6", load="60")
    stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
    response = post_set(client, week_url, squat, seen=stamp, **data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # The field in error points at the reason, in the row's status line, after its range,
    # which it always points at.
    row = f"set-{squat.pk}-1"
    box = "reps" if message.startswith("Reps") else "load"
    reason = f"{row}-{box}-range {row}-status"
    assert f'aria-invalid="true" aria-describedby="{reason}"' in body
    assert f'<p class="aw-save-status" id="set-{squat.pk}-1-status"' in body
    assert f'value="{data["reps"]}"' in body  # the typed value is kept
    assert "data-shows-saved" not in body  # it shows what was typed, not what is saved
    assert response["HX-Retarget"] == f"#set-{squat.pk}-1"
    log = SetLog.objects.get(planned_exercise=squat)
    assert (log.done, log.reps, log.load) == (True, 6, Decimal("60"))


def test_bad_first_set_input_saves_nothing(client, squat, week_url):
    response = post_set(client, week_url, squat, reps="-1", load="99999")
    assert response.status_code == 400
    assert not SetLog.objects.exists()
    squat.session.refresh_from_db()
    assert squat.session.logged_at is None


def test_pound_loads_allow_up_to_880(client, athlete, squat, week_url):
    squat.unit = "lb"
    squat.save()
    assert post_set(client, week_url, squat, reps="5", load="880").status_code == 200
    response = post_set(client, week_url, squat, number=2, reps="5", load="881")
    assert response.status_code == 400
    assert "Load must be a number from 0 to 880 lb." in response.content.decode()


def test_session_rpe_soreness_and_note_are_saved(client, first_session, week_url):
    response = post_session(
        client, week_url, first_session, rpe="7", soreness="3", note="Felt strong"
    )
    assert response.status_code == 200
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.soreness) == (7, 3)
    assert first_session.athlete_note == "Felt strong"
    assert first_session.logged_at is not None
    assert first_session.version == 2


def test_a_session_note_of_invisible_characters_is_stored_empty(client, first_session, week_url):
    response = post_session(client, week_url, first_session, rpe="7", note="\u200b\u200f\ufeff")
    assert response.status_code == 200
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.athlete_note) == (7, "")


def test_a_session_note_filling_its_box_on_several_lines_is_kept(client, first_session, week_url):
    # Ten lines filling the box: it counts each line break as one character, a browser
    # sends each as two ("\r\n").
    filled = ("x" * 49 + "\r\n") * 9 + "x" * 50
    assert post_session(client, week_url, first_session, note=filled).status_code == 200
    first_session.refresh_from_db()
    assert first_session.athlete_note == filled.replace("\r\n", "\n")
    assert len(first_session.athlete_note) == 500


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rpe": "11"}, "Session RPE must be a whole number from 1 to 10."),
        ({"rpe": "0"}, "Session RPE must be a whole number from 1 to 10."),
        ({"soreness": "-1"}, "Soreness must be a whole number from 0 to 10."),
        ({"soreness": "12"}, "Soreness must be a whole number from 0 to 10."),
        ({"note": "x" * 5000}, "Keep the note to 500 characters (this one has 5000)."),
    ],
)
def test_bad_session_input_is_refused_and_nothing_is_lost(
    client, first_session, week_url, data, message
):
    post_session(client, week_url, first_session, rpe="6", soreness="2", note="ok")
    first_session.refresh_from_db()
    fields = {"rpe": "6", "soreness": "2", "note": "ok", **data}
    response = post_session(client, week_url, first_session, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["HX-Retarget"] == f"#log-{first_session.pk}"
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.soreness, first_session.athlete_note) == (
        6,
        2,
        "ok",
    )


def test_bad_input_keeps_what_was_typed(client, first_session, week_url):
    response = post_session(client, week_url, first_session, rpe="11", note="Knees fine")
    body = response.content.decode()
    assert 'value="11"' in body
    assert "Knees fine" in body


def test_session_save_from_a_stale_page_conflicts(client, first_session, week_url):
    post_session(client, week_url, first_session, rpe="6", soreness="2")
    response = post_session(client, week_url, first_session, version=1, rpe="9", soreness="2")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Changed on another screen" in body
    assert 'value="9"' in body
    assert 'name="version" value="2"' in body
    first_session.refresh_from_db()
    assert first_session.rpe == 6


def test_the_same_session_save_sent_twice_is_saved_not_a_conflict(client, first_session, week_url):
    """On a weak signal a save arrives but its answer is lost, and the page sends it again
    (Retry, or back online): the same values from the same page are not another screen's
    change, and the page gets the version to save on from."""
    fields = {"version": 1, "rpe": "7", "soreness": "2", "note": "Felt strong"}
    assert post_session(client, week_url, first_session, **fields).status_code == 200
    again = post_session(client, week_url, first_session, **fields)
    assert again.status_code == 200
    body = again.content.decode()
    assert "Changed on another screen" not in body
    assert f'name="version" value="2" id="log-{first_session.pk}-version"' in body
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.soreness, first_session.version) == (7, 2, 2)
    # Anything different from what is saved still conflicts.
    other = post_session(client, week_url, first_session, **{**fields, "rpe": "8"})
    assert other.status_code == 409


def test_a_session_log_over_this_screens_own_unanswered_one_is_not_a_conflict(
    client, first_session, week_url
):
    """The page sent a log and had no answer (it was saved all the same); the athlete adds
    to the note and saves from the version before, naming that log as sent earlier: it is
    saved over it, not refused as another screen's. Naming other values, or none that can
    be read, it is still refused."""
    fields = {"version": 1, "rpe": "7", "soreness": "", "note": "Felt strong"}
    assert post_session(client, week_url, first_session, **fields).status_code == 200
    fields["note"] = "Felt strong, knees fine"
    for earlier in ('[{"rpe": "8", "soreness": "", "note": "Felt strong"}]', "not json", "[7]"):
        response = post_session(client, week_url, first_session, **fields, earlier=earlier)
        assert response.status_code == 409
    sent = '[{"rpe": "", "soreness": "", "note": ""}, {"rpe": "7", "note": " Felt strong "}]'
    response = post_session(client, week_url, first_session, **fields, earlier=sent)
    assert response.status_code == 200
    body = response.content.decode()
    assert "another screen" not in body
    assert f'name="version" value="3" id="log-{first_session.pk}-version"' in body
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.athlete_note, first_session.version) == (
        7,
        "Felt strong, knees fine",
        3,
    )


def test_a_conflict_fills_what_this_screen_left_empty_from_the_other(
    client, first_session, week_url
):
    """One screen saved soreness 3; another, opened before, sends a note only. The answer
    shows both, so saving again keeps the soreness instead of erasing it."""
    post_session(client, week_url, first_session, soreness="3")
    response = post_session(
        client, week_url, first_session, version=1, rpe="", soreness="", note="Calves tight"
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'name="soreness" inputmode="numeric" autocomplete="off" value="3"' in body
    assert "Calves tight</textarea>" in body
    assert "(saved there: soreness 3). This shows what you changed" in body
    assert "Tap Save session log to keep it." in body
    assert '<button class="btn btn-small" type="submit">Save session log<span' in body
    first_session.refresh_from_db()
    assert (first_session.soreness, first_session.athlete_note) == (3, "")


@pytest.mark.parametrize("version", [None, "", "abc", "0", "-1", "1.5", "9" * 5000])
def test_a_session_log_without_a_good_version_is_answered_as_a_page_out_of_date(
    client, first_session, week_url, version
):
    """A page that sends no version of the log it showed, or one that is no version (an
    old or broken page), cannot say what it showed: it is not saved, and the answer shows
    what is saved with what was typed, to save again, as for a page out of date, rather
    than a message about a field the athlete never sees."""
    post_session(client, week_url, first_session, soreness="3")
    data = {"rpe": "8", "soreness": "", "note": "Calves tight"}
    if version is not None:
        data["version"] = version
    response = client.post(f"{week_url}sessions/{first_session.pk}/log/", data, **HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "version" not in body.lower().replace('name="version"', "").replace("-version", "")
    assert "Not saved: this page may be out of date (saved now: soreness 3)." in body
    assert 'value="8"' in body and "Calves tight</textarea>" in body
    assert 'name="soreness" inputmode="numeric" autocomplete="off" value="3"' in body
    assert 'name="version" value="2"' in body
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.soreness, first_session.athlete_note) == (None, 3, "")
    # Saved again from what the answer shows, it is saved.
    again = post_session(client, week_url, first_session, rpe="8", soreness="3", note="Calves")
    assert again.status_code == 200


def test_a_session_log_with_a_bad_field_and_no_version_says_what_to_fix(
    client, first_session, week_url
):
    response = client.post(
        f"{week_url}sessions/{first_session.pk}/log/", {"rpe": "11", "note": "x"}, **HTMX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Session RPE must be a whole number from 1 to 10." in body
    assert "Enter the version" not in body
    assert f'name="version" value="{first_session.version}"' in body


def test_session_fields_may_be_left_empty(client, first_session, week_url):
    response = post_session(client, week_url, first_session, rpe="", soreness="", note="")
    assert response.status_code == 200
    first_session.refresh_from_db()
    assert first_session.rpe is None and first_session.soreness is None


def test_a_box_holding_only_a_space_is_saved_as_left_empty(client, squat, first_session, week_url):
    """A space typed by the number pad's space key into an empty box: the box looks empty,
    so it is saved as empty, not refused as "not a number" beside a box showing nothing."""
    response = post_set(client, week_url, squat, reps="6", load=" ")
    assert response.status_code == 200
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.reps, log.load) == (True, 6, None)
    response = post_set(client, week_url, squat, number=2, reps=" \u00a0", load="60")
    assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat, set_number=2).reps is None
    response = post_session(client, week_url, first_session, rpe=" ", soreness="  ", note="")
    assert response.status_code == 200
    first_session.refresh_from_db()
    assert first_session.rpe is None and first_session.soreness is None


def test_without_htmx_a_save_returns_to_the_week(client, squat, week_url):
    response = client.post(f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "6"})
    assert response.status_code == 302
    assert response["Location"].startswith(week_url + "?week=")


def test_without_javascript_a_saved_set_or_log_says_saved_where_the_page_lands(
    client, squat, week_url
):
    """Without the page's script a Save reloads the week at the form: that form says
    "Saved" (nothing else does), so the runner knows the tap worked."""
    response = client.post(f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "5"})
    page = client.get(response["Location"]).content.decode()
    row = _set_form(page, squat)
    assert '<span class="aw-saved">Saved</span>' in row
    assert page.count('<span class="aw-saved">Saved</span>') == 1
    session = squat.session
    response = client.post(
        f"{week_url}sessions/{session.pk}/log/", {"version": session.version, "rpe": "7"}
    )
    page = client.get(response["Location"]).content.decode()
    log = page[page.index(f'id="log-{session.pk}"') :]
    log = log[: log.index("</form>")]
    assert '<span class="aw-saved">Saved</span>' in log
    assert page.count('<span class="aw-saved">Saved</span>') == 1
    # Opened again without the word of a save: nothing says "Saved".
    plain = client.get(f"{week_url}?week={session.date.isoformat()}").content.decode()
    assert "aw-saved" not in plain
    assert '<details class="aw-session-box" open>' not in plain


def test_without_javascript_a_set_saved_in_a_folded_session_comes_back_unfolded(
    client, squat, week_url
):
    """Next week's sessions are folded away: the one a set was saved in comes back open at
    the set, which says "Saved"; the others stay folded."""
    later = (
        PlannedExercise.objects.filter(
            session__plan=squat.session.plan,
            exercise=squat.exercise,
            session__date__gte=squat.session.date + timedelta(7),
        )
        .order_by("session__date")
        .first()
    )
    response = client.post(f"{week_url}sets/{later.pk}/2/", {"done": "1", "reps": "5"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert page.count('<details class="aw-session-box" open>') == 1
    opened = page[page.index('<details class="aw-session-box" open>') :]
    opened = opened[: opened.index("</article>")]  # the session in the box
    row = opened[opened.index(f'id="set-{later.pk}-2"') :]
    assert '<span class="aw-saved">Saved</span>' in row[: row.index("</form>")]


def test_without_htmx_bad_input_says_not_saved(client, squat, week_url):
    response = client.post(f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "-1"})
    assert response.status_code == 400
    assert "Not saved" in response.content.decode()


def test_without_javascript_each_set_has_its_own_save_button(client, squat, week_url):
    body = client.get(f"{week_url}?week={squat.session.date.isoformat()}").content.decode()
    row = body[body.index(f'id="set-{squat.pk}-1"') :]
    row = row[: row.index("</form>")]
    assert (
        '<noscript><button class="btn btn-small aw-set-save" type="submit">Save set<span '
        'class="sr-only"> 1: Back squat, session A on Monday</span></button></noscript>' in row
    )


def test_without_htmx_a_refused_set_comes_back_as_typed_to_fix_and_send_again(
    client, squat, week_url
):
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "-1", "load": "57.5"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    form = body[body.index(f'<form class="aw-setrow aw-has-problem" id="set-{squat.pk}-1"') :]
    assert f'action="{week_url}sets/{squat.pk}/1/"' in form
    assert 'value="-1"' in form and 'value="57.5"' in form and " checked>" in form
    assert "Reps must be a whole number from 0 to 50." in form
    monday = squat.session.date - timedelta(days=squat.session.date.weekday())
    assert f'href="{week_url}?week={monday.isoformat()}#set-{squat.pk}-1"' in body
    day = squat.session.date
    assert f'<p class="aw-who">Back squat, set 1 · {day:%A} {day.day} {day:%B}</p>' in body
    assert not SetLog.objects.exists()


def test_without_htmx_a_refused_session_log_keeps_what_was_typed(client, first_session, week_url):
    response = client.post(
        f"{week_url}sessions/{first_session.pk}/log/",
        {"version": first_session.version, "rpe": "11", "note": "Felt heavy today"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<form class="aw-sessionlog" id="log-{first_session.pk}"' in body
    assert 'value="11"' in body and "Felt heavy today</textarea>" in body
    assert "Session RPE must be a whole number from 1 to 10." in body
    assert f'#log-{first_session.pk}">Back to your week</a>' in body
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.athlete_note) == (None, "")


def test_logged_session_survives_plan_regeneration(client, athlete, plan, week_url):
    from schedules.services import _write_plan

    future = PlannedSession.objects.filter(plan=plan).order_by("-date").first()
    pe = future.exercises.first()
    post_set(client, week_url, pe, reps=str(pe.reps or 1))
    document = {
        "start_date": plan.start_date.isoformat(),
        "race_date": None,
        "units": "kg",
        "phases": plan.phases,
        "warnings": [],
        "sessions": [],
    }
    _write_plan(athlete, plan.assignment, document, {}, future.date, None, plan)
    assert PlannedSession.objects.filter(pk=future.pk).exists()
    assert SetLog.objects.filter(planned_exercise=pe).exists()
    assert not PlannedSession.objects.filter(plan=plan, date__gte=future.date).exclude(pk=future.pk)


def test_a_refused_save_shows_what_was_typed_escaped_beside_the_field(client, squat, week_url):
    hostile = '"><script>x</script>'
    response = post_set(client, week_url, squat, reps=hostile, load="60", seen='"><b>')
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script>" not in body and "<b>" not in body
    assert 'value="&quot;&gt;&lt;script&gt;"' in body  # kept as typed, cut to 10
    assert 'aria-invalid="true"' in body and "aw-has-problem" in body
    assert f'id="set-{squat.pk}-1"' in body
    assert not SetLog.objects.exists()


@pytest.mark.parametrize("seen", ["0001-01-01T00:00:00+14:00", "2026-01-01T10:00:00", "x" * 30])
def test_a_stamp_no_save_issued_is_treated_as_none_not_a_500(client, squat, week_url, seen):
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/", {"done": "1", "seen": seen}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_a_set_typed_on_a_page_still_in_the_old_unit_is_refused(client, squat, week_url):
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/",
        {"done": "1", "reps": "6", "load": "135", "seen": "", "unit": "lb"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "loads are now in kg" in body
    # The row still says lb, so the next tap on it is refused too, until a reload.
    assert '<input type="hidden" name="unit" value="lb">' in body
    assert "load in lb" in body
    assert not SetLog.objects.exists()


def test_the_set_row_carries_the_unit_it_shows(client, squat, week_url):
    body = client.get(week_url).content.decode()
    row = body[body.index(f'id="set-{squat.pk}-1"') :]
    assert '<input type="hidden" name="unit" value="kg">' in row[: row.index("</form>")]


def untick(client, week_url, pe, number=1):
    stamp = SetLog.objects.get(planned_exercise=pe, set_number=number).updated_at.isoformat()
    return client.post(
        f"{week_url}sets/{pe.pk}/{number}/", {"reps": "6", "load": "60", "seen": stamp}, **HTMX
    )


def set_row(body: str, pe, number=1) -> str:
    row = body[body.index(f'id="set-{pe.pk}-{number}"') :]
    return row[: row.index("</form>")]


def test_a_set_ticked_then_unticked_as_prescribed_shows_the_prescription_again(
    client, squat, week_url
):
    """Unticked as prescribed, the set keeps nothing typed: the page shows the reps and load
    to do (its boxes were empty, and the next tick saved a set done with neither)."""
    post_set(client, week_url, squat, reps="6", load="60")
    assert untick(client, week_url, squat).status_code == 200
    row = set_row(client.get(week_url).content.decode(), squat)
    assert 'name="done" value="1">' in row  # not ticked
    assert 'name="reps" inputmode="numeric" autocomplete="off" value="6"' in row
    assert 'name="load" inputmode="decimal" autocomplete="off" value="60"' in row
    stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
    post_set(client, week_url, squat, reps="6", load="60", seen=stamp)  # ticked again
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.reps, log.load) == (True, 6, Decimal("60"))


def test_a_set_ticked_then_unticked_leaves_the_session_not_done(client, squat, week_url):
    post_set(client, week_url, squat, reps="6", load="60")
    assert untick(client, week_url, squat).status_code == 200
    squat.session.refresh_from_db()
    assert squat.session.logged_at is None  # the dashboard counts it as not done


def test_unticking_one_set_keeps_a_session_with_another_ticked_set_done(client, squat, week_url):
    post_set(client, week_url, squat, number=1, reps="6", load="60")
    post_set(client, week_url, squat, number=2, reps="6", load="60")
    untick(client, week_url, squat, number=1)
    squat.session.refresh_from_db()
    assert squat.session.logged_at is not None


def test_unticking_keeps_a_session_with_an_effort_reported_done(
    client, squat, first_session, week_url
):
    post_set(client, week_url, squat, reps="6", load="60")
    post_session(client, week_url, first_session, rpe="7")
    untick(client, week_url, squat)
    first_session.refresh_from_db()
    assert first_session.logged_at is not None


def test_clearing_the_effort_of_a_session_with_nothing_ticked_leaves_it_not_done(
    client, first_session, week_url
):
    post_session(client, week_url, first_session, rpe="7")
    first_session.refresh_from_db()
    assert first_session.logged_at is not None
    response = post_session(client, week_url, first_session, rpe="", soreness="", note="")
    assert response.status_code == 200
    first_session.refresh_from_db()
    assert first_session.logged_at is None


def _move_to(session, days_from_monday: int):
    """Put the session `days_from_monday` days after this week's Monday (plans reach weeks
    ahead)."""
    today = timezone.localdate()
    session.date = today - timedelta(days=today.weekday() - days_from_monday)
    session.save(update_fields=["date"])
    return session


def test_a_set_after_next_week_is_refused_with_when_it_opens(client, squat, week_url):
    day = _move_to(squat.session, 15).date  # Tuesday of the week after next
    response = post_set(client, week_url, squat, reps="6", load="60")
    assert response.status_code == 400
    opens = day - timedelta(days=8)  # next week's Monday
    assert (
        f"Not saved: this session is on {day:%A %-d %b}. You can log it from "
        f"{opens:%A %-d %b}, the week before." in response.content.decode()
    )
    assert response["HX-Retarget"] == f"#set-{squat.pk}-1"
    assert not SetLog.objects.exists()
    squat.session.refresh_from_db()
    assert squat.session.logged_at is None


def test_a_session_logged_further_ahead_all_the_same_stays_open_to_undo(client, squat, week_url):
    """Ticked before the rule (or brought in by a club file): shown in full, and the tick
    can be taken back, so the session is not left frozen against re-planning."""
    post_set(client, week_url, squat, reps="6", load="60")
    day = _move_to(squat.session, 21).date
    body = client.get(f"{week_url}?week={day.isoformat()}").content.decode()
    assert f"sets/{squat.pk}/1/" in body and f'id="log-{squat.session.pk}"' in body
    assert "You can tick sets and log this session from" not in body
    stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
    response = client.post(
        f"{week_url}sets/{squat.pk}/1/", {"reps": "6", "load": "60", "seen": stamp}, **HTMX
    )
    assert response.status_code == 200
    squat.session.refresh_from_db()
    assert squat.session.logged_at is None  # nothing logged any more: free to re-plan


def test_a_session_of_next_week_can_be_lifted_early_and_logged(client, squat, week_url):
    _move_to(squat.session, 13)  # next week's Sunday
    assert post_set(client, week_url, squat, reps="6", load="60").status_code == 200
    response = post_session(client, week_url, squat.session, rpe="7")
    assert response.status_code == 200
    squat.session.refresh_from_db()
    assert (squat.session.rpe, squat.session.logged_at is not None) == (7, True)


def test_a_session_log_after_next_week_is_refused(client, first_session, week_url):
    _move_to(first_session, 14)
    response = post_session(client, week_url, first_session, rpe="7", note="Early")
    assert response.status_code == 400
    body = response.content.decode()
    assert "You can log it from" in body
    assert "Early</textarea>" in body  # what was typed stays on screen
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.athlete_note, first_session.logged_at) == (
        None,
        "",
        None,
    )
    assert first_session.version == 1


def test_without_htmx_a_refused_early_log_says_why(client, first_session, week_url):
    _move_to(first_session, 20)
    response = client.post(
        f"{week_url}sessions/{first_session.pk}/log/",
        {"version": first_session.version, "rpe": "5"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "You can log it from" in body
    assert "<form" not in body.split("<main", 1)[1]  # nothing to fix and send again yet


def test_soreness_of_a_session_still_to_come_is_refused(client, plan, week_url):
    """Soreness is how the legs feel the next day (L8): for tomorrow's session it is refused
    with the day it opens, nothing of the form is saved, and the coach gets no flag; the
    effort may be saved ahead, and soreness once the session's day has come."""
    today = timezone.localdate()
    session = PlannedSession.objects.filter(plan=plan, date__gte=today).order_by("date").first()
    tomorrow = today + timedelta(days=1)
    PlannedSession.objects.filter(pk=session.pk).update(date=tomorrow)
    session.refresh_from_db()

    response = post_session(client, week_url, session, rpe="7", soreness="8")
    assert response.status_code == 400
    assert f"fill it in from {tomorrow:%A %-d %B}, best the morning after" in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert (session.rpe, session.soreness, session.logged_at) == (None, None, None)

    assert post_session(client, week_url, session, rpe="7").status_code == 200
    PlannedSession.objects.filter(pk=session.pk).update(date=today)
    session.refresh_from_db()
    assert post_session(client, week_url, session, rpe="7", soreness="8").status_code == 200
    session.refresh_from_db()
    assert (session.rpe, session.soreness) == (7, 8)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", ["set", "pain", "session"])
def test_a_save_that_meets_a_re_plan_taking_its_session_away_is_told_the_page_is_out_of_date(
    client, squat, week_url, what
):
    """A re-plan deleting the untouched session commits while the first tick (or a pain
    report, or the session's RPE) of it is on its way: not found, as for a page out of
    date, not a server error."""
    import threading

    from django.db import connection, transaction

    from schedules.models import PlannedExercise

    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")
    session = squat.session
    deleting = threading.Event()

    def replan_deleting_the_session():
        try:
            with transaction.atomic():
                PlannedExercise.objects.filter(session=session).delete()
                PlannedSession.objects.filter(pk=session.pk).delete()
                deleting.set()
                until_another_waits()  # the other side has reached the lock
        finally:
            connection.close()

    thread = threading.Thread(target=replan_deleting_the_session)
    thread.start()
    deleting.wait(5)
    if what == "set":
        response = post_set(client, week_url, squat, done="1", reps="6", load="60")
    elif what == "pain":
        response = client.post(f"{week_url}exercises/{squat.pk}/pain/", {"note": "Knee"})
    else:
        response = post_session(client, week_url, session, rpe="7")
    thread.join()

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_a_conflict_shows_the_other_screens_value_where_this_one_changed_nothing(
    client, first_session, week_url
):
    """Both phones showed RPE 7; one saves RPE 8, the other then adds a note. The second is
    refused, and its form shows RPE 8, not the 7 it merely showed: tapping Save there keeps
    the note without quietly putting the other phone's RPE back to 7."""
    assert post_session(client, week_url, first_session, rpe="7").status_code == 200
    page = client.get(week_url).content.decode()
    shown = escape(json.dumps({"rpe": "7", "soreness": "", "note": ""}))
    assert f'name="shown" value="{shown}" id="log-{first_session.pk}-shown"' in page
    assert post_session(client, week_url, first_session, version=2, rpe="8").status_code == 200
    response = post_session(
        client,
        week_url,
        first_session,
        version=2,
        rpe="7",
        soreness="",
        note="Felt fine",
        shown='{"rpe": "7", "soreness": "", "note": ""}',
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'name="rpe" inputmode="numeric" autocomplete="off" value="8"' in body
    assert "Felt fine</textarea>" in body
    assert "This shows what you changed, and theirs in the rest." in body
    # Saved from that form, the other phone's RPE stays.
    again = post_session(
        client,
        week_url,
        first_session,
        version=3,
        rpe="8",
        note="Felt fine",
        shown='{"rpe": "8", "soreness": "", "note": ""}',
    )
    assert again.status_code == 200
    # The answer tells the page what is saved now, for the next conflict.
    assert "&quot;note&quot;: &quot;Felt fine&quot;}" in again.content.decode()
    first_session.refresh_from_db()
    assert (first_session.rpe, first_session.athlete_note) == (8, "Felt fine")


def test_a_conflict_keeps_a_value_this_screen_changed(client, first_session, week_url):
    """What this screen did change (RPE 7 to 6) stays in its form after the refusal."""
    post_session(client, week_url, first_session, rpe="7")
    post_session(client, week_url, first_session, version=2, rpe="7", note="Tired")
    response = post_session(
        client,
        week_url,
        first_session,
        version=2,
        rpe="6",
        shown='{"rpe": "7", "soreness": "", "note": ""}',
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'name="rpe" inputmode="numeric" autocomplete="off" value="6"' in body
    assert "Tired</textarea>" in body


def test_without_htmx_a_refused_session_log_says_it_was_saved_elsewhere(
    client, first_session, week_url
):
    """Without the page's script, a session log refused for another screen's save comes back
    on a page of its own: it says so, not that something typed needs changing."""
    post_session(client, week_url, first_session, rpe="7")
    response = client.post(
        f"{week_url}sessions/{first_session.pk}/log/",
        {"version": 1, "rpe": "", "soreness": "", "note": "Calves tight"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "with what needs changing" not in body
    assert "Here is the log as saved on another screen a moment ago, with what you changed." in body


def test_a_conflict_keeps_a_box_this_screen_cleared(client, first_session, week_url):
    """Clearing a box is a change too: the page showed a note and this screen emptied it, so
    the refused form shows it empty (as it says: what you changed, and theirs in the rest),
    and Save from there clears the note instead of quietly keeping it."""
    post_session(client, week_url, first_session, rpe="7", note="Knee sore")
    post_session(client, week_url, first_session, version=2, rpe="8", note="Knee sore")
    response = post_session(
        client,
        week_url,
        first_session,
        version=2,
        rpe="7",
        note="",
        shown='{"rpe": "7", "soreness": "", "note": "Knee sore"}',
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'name="rpe" inputmode="numeric" autocomplete="off" value="8"' in body
    assert "Knee sore</textarea>" not in body
    assert "This shows what you changed, and theirs in the rest." in body


def _buttons(body: str, pattern: str) -> list[tuple[str, str]]:
    """Each matching button's (words on screen, name heard): the name is all its words, the
    screen's leave out those kept for screen readers (.sr-only)."""
    found = []
    for inner in re.findall(pattern, body, flags=re.S):
        heard = html.unescape(re.sub(r"<[^>]+>", "", inner))
        seen = html.unescape(
            re.sub(r"<[^>]+>", "", re.sub(r'<span class="sr-only">.*?</span>', "", inner))
        )
        found.append((seen, heard))
    return found


def test_each_save_button_says_what_it_saves_and_is_heard_with_its_session(client, squat, week_url):
    """A session has several forms: each set's (without JavaScript) and the log of how it
    went. Their buttons say which they save; heard, each names its session too, as the
    week shows several at once."""
    body = client.get(f"{week_url}?week={squat.session.date.isoformat()}").content.decode()
    sessions = list(
        PlannedSession.objects.filter(
            plan=squat.session.plan, date__lte=squat.session.date + timedelta(6)
        )
        .filter(date__gte=squat.session.date)
        .order_by("date")
    )
    assert len(sessions) == 2
    logs = _buttons(body, r'<form class="aw-sessionlog".*?<button[^>]*type="submit">(.*?)</button>')
    # Which session leads depends on the weekday the test runs (today's or the next comes
    # first); the buttons are checked whatever their order.
    assert sorted(logs) == sorted(
        ("Save session log", f"Save session log: session {s.label} on {s.date:%A}")
        for s in sessions
    )
    first = squat.session
    sets = _buttons(body, rf'id="set-{squat.pk}-\d".*?<noscript><button[^>]*>(.*?)</button>')
    assert sets == [
        ("Save set", f"Save set {n}: Back squat, session {first.label} on {first.date:%A}")
        for n in range(1, squat.sets + 1)
    ]
    pain = _buttons(body, rf'id="pain-form-{squat.pk}".*?<button[^>]*>(.*?)</button>')
    assert pain == [
        (
            "Report pain and stop this exercise",
            "Report pain and stop this exercise: Back squat, "
            f"session {first.label} on {first.date:%A}",
        )
    ]


def test_an_exercise_in_two_sessions_of_a_week_has_its_tick_why_and_pain_heard_with_each(
    client, squat, week_url
):
    """The same lift in both sessions of a week: its set's tick, "Why it matters" and
    "Pain? Report it" read as they are on screen, and are heard with their session, as its
    "Save set" is, so the two are told apart."""
    second = (
        PlannedSession.objects.filter(plan=squat.session.plan, date__gt=squat.session.date)
        .order_by("date")
        .first()
    )
    assert second.date - squat.session.date < timedelta(7)  # the same week
    again = PlannedExercise.objects.get(pk=squat.pk)
    again.pk = None
    again.session = second
    again.order = second.exercises.count() + 1
    again.save()
    body = client.get(f"{week_url}?week={squat.session.date.isoformat()}").content.decode()
    for pe in (squat, again):
        words = f"session {pe.session.label} on {pe.session.date:%A}"
        ticks = re.findall(
            rf'id="set-{pe.pk}-\d".*?<label class="aw-tick">(.*?)</label>', body, re.S
        )
        # On screen "Set 1", hidden from screen readers, which hear the words kept for them.
        seen = [
            re.sub(r"<[^>]+>", "", re.sub(r'<span class="sr-only">.*?</span>', "", t))
            for t in ticks
        ]
        heard = [
            html.unescape(
                re.sub(r"<[^>]+>", "", re.sub(r'<span[^>]*aria-hidden="true">.*?</span>', "", t))
            )
            for t in ticks
        ]
        assert seen == [f"Set {n}" for n in range(1, pe.sets + 1)]
        assert heard == [f"Back squat, set {n}, {words}" for n in range(1, pe.sets + 1)]
        section = re.search(
            rf'<section class="aw-exercise" id="ex-{pe.pk}">(.*?)</section>', body, re.S
        )[1]
        assert _buttons(section, r'<details class="aw-why"><summary>(.*?)</summary>') == [
            ("Why it matters", f"Why it matters: Back squat, {words}")
        ]
        assert _buttons(
            section, r'<div class="aw-pain"[^>]*>\s*<details>\s*<summary>(.*?)</summary>'
        ) == [("Pain? Report it", f"Pain? Report it: Back squat, {words}")]
