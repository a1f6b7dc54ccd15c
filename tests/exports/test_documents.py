"""What the PDFs print: the athlete block, the week sheet and the squad wall sheet."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.dateformat import format as date_format

from schedules.athlete_week import plate_floor
from schedules.calendar import PHASE_NAMES
from schedules.export_pdf import athlete_block_html, athlete_week_html
from schedules.export_squad import squad_sheet
from schedules.models import Plan, PlannedExercise, PlannedSession
from tests.exports.conftest import (
    block_job,
    pdf_reader,
    pdf_text,
    render,
    squad_job,
    week_job,
)
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory
from tests.plan_factories import WEEK, make_plan, session_beside


def test_block_holds_the_athlete_every_session_date_and_every_load(athlete, plan):
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    assert "Amara Okafor" in text
    for session in PlannedSession.objects.filter(plan=plan):
        assert date_format(session.date, "l j F") in text
    for load in ("60 kg", "30 kg", "52.5 kg", "65 kg", "25 kg", "15 kg"):
        assert load in text


def test_block_is_a_cover_then_one_page_per_week(athlete, plan):
    job = render(block_job(athlete))
    reader = pdf_reader(job)
    assert len(reader.pages) == 1 + 3
    assert job.pages == 4
    assert "Week 1" not in reader.pages[0].extract_text()
    for week in (1, 2, 3):
        assert f"Week {week} of 3" in reader.pages[week].extract_text()


def test_a_long_unbroken_name_keeps_the_cover_on_one_page_and_the_header_on_one_line(athlete, plan):
    from athletes.models import Athlete

    name = "W" * 100
    Athlete.objects.filter(pk=athlete.pk).update(name=name, goal_race_name=name)
    athlete.refresh_from_db()
    reader = pdf_reader(render(block_job(athlete)))
    assert len(reader.pages) == 1 + 3
    # The running header on one line: the page's week, then the name cut short.
    assert f"\nWeek 1 of 3 · Build {'W' * 39}…\n" in reader.pages[1].extract_text()
    assert name in pdf_text(reader).replace(" ", "")  # the cover says it whole, wrapped


def test_block_gives_the_race_week_its_page_though_it_holds_no_session(athlete, plan):
    """The taper's last week has no lifting (W4): the block still reads to race day."""
    from schedules.models import Plan

    fourth = plan.start_date + timedelta(weeks=3)
    race = fourth + timedelta(days=6)
    phases = [
        *plan.phases,
        {"phase": "taper", "start": fourth.isoformat(), "end": race.isoformat()},
    ]
    Plan.objects.filter(pk=plan.pk).update(phases=phases, race_date=race)
    reader = pdf_reader(render(block_job(athlete)))
    assert len(reader.pages) == 1 + 4
    last = reader.pages[4].extract_text()
    assert "Week 4 of 4" in last and "Taper" in last
    # A Sunday race: the 72 hours before it are Thursday to Saturday.
    thursday = race - timedelta(days=3)
    assert (
        f"Race week: no strength work from {date_format(thursday, 'l j F')} to race day, "
        f"{date_format(race, 'l j F')}: the 72 hours before the race (W4)."
    ) in " ".join(last.split())
    # The weeks with sessions say nothing of a race.
    assert "Race week" not in reader.pages[3].extract_text()


def test_block_footer_names_the_club_and_counts_pages(athlete, plan):
    reader = pdf_reader(render(block_job(athlete)))
    last = reader.pages[-1].extract_text()
    assert "Riverside Harriers" in last
    assert "Page 4 of 4" in last


def test_block_cover_shows_goal_race_phases_and_the_1rms_used(athlete, plan):
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    cover = pdf_text(pdf_reader(render(block_job(athlete))))
    assert "City Marathon" in cover
    assert "Build" in cover
    assert "Back squat 80 kg" in cover


def test_block_cover_explains_a_row_as_the_week_tables_print_it_in_the_plans_unit(athlete, plan):
    """The "How to read" example is a week table's row (sets × reps, load, % 1RM, warm-up
    set), not a format the tables never use, and its headings read as words, not "1RMS"."""
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    reader = pdf_reader(render(block_job(athlete)))
    cover, week = (" ".join(page.extract_text().split()) for page in reader.pages[:2])
    assert "@" not in cover
    assert "3 × 6 60 kg 75 % 1RM 32.5 kg × 5" in cover
    assert "3 × 6 60 kg" in week  # the tables' own way: the fixture's first squat
    assert "1RM OF EACH LIFT in kg" in cover
    assert "1RMS" not in cover and "(KG)" not in cover

    Plan.objects.filter(pk=plan.pk).update(units="lb")
    cover = " ".join(pdf_reader(render(block_job(athlete))).pages[0].extract_text().split())
    assert "3 × 6 135 lb 75 % 1RM 70 lb × 5" in cover
    assert "1RM OF EACH LIFT in lb" in cover
    assert " kg" not in cover.split("HOW TO READ", 1)[1]


def test_block_cover_example_names_its_own_1rm_not_the_athletes(athlete, plan):
    """The worked example's load is 75 % of an example 1RM: beside the athlete's own 1RMs
    (70 kg here, of which 75 % is 52.5 kg) it must not read as 75 % of theirs."""
    StrengthTestFactory(athlete=athlete, load=Decimal("70"), reps=1)
    cover = " ".join(pdf_reader(render(block_job(athlete))).pages[0].extract_text().split())
    assert "Back squat 70 kg" in cover
    assert "60 kg, 75 % of your 1RM" not in cover
    assert "with 60 kg, 75 % of a 1RM of 80 kg" in cover

    Plan.objects.filter(pk=plan.pk).update(units="lb")
    cover = " ".join(pdf_reader(render(block_job(athlete))).pages[0].extract_text().split())
    assert "with 135 lb, 75 % of a 1RM of 180 lb" in cover


def test_block_cover_lists_the_plans_own_1rms_to_a_tenth(athlete, plan):
    from exercises.models import Exercise

    StrengthTestFactory(athlete=athlete, load=Decimal("82.5"), reps=7)  # 101.75 by Epley
    not_planned = Exercise.objects.get(club__isnull=True, slug="deadlift")
    assert not PlannedExercise.objects.filter(session__plan=plan, exercise=not_planned).exists()
    StrengthTestFactory(athlete=athlete, exercise=not_planned, load=Decimal("120"), reps=1)
    cover = pdf_reader(render(block_job(athlete))).pages[0].extract_text()
    assert "101.8 kg" in cover and "101.75" not in cover  # as the athlete's page rounds it
    assert "Deadlift" not in cover


def test_a_club_exercise_named_in_one_long_word_keeps_its_1rm_on_the_cover(athlete, plan):
    """The cover's 1RM list wraps a long name inside its column: the value beside it stays
    on the page, not pushed past its right edge over the "How to read" box."""
    from exercises.models import Exercise

    own = Exercise.objects.get(club__isnull=True, slug="back-squat")
    own.pk, own.club, own.name = None, athlete.club, "Q" * 80  # the club's, under the same slug
    own.save()
    StrengthTestFactory(athlete=athlete, exercise=own, load=Decimal("100"), reps=1)
    html = athlete_block_html(athlete, "a4")
    assert _spilling_cells(html, paper="a4", landscape=False) == []
    cover = pdf_reader(render(block_job(athlete))).pages[0].extract_text()
    assert "100 kg" in cover and "Q" * 40 in cover.replace("\n", "")


def test_control_characters_pasted_into_names_and_notes_print_as_spaces(
    athlete, plan, squad, caplog
):
    """A name or note pasted from a word processor can hold a vertical tab (its Shift+Enter
    line break) or another control character: no font has a glyph for one, so it would print
    as an empty box. The block, the week sheet and the wall sheet print a space instead."""
    from athletes.models import Athlete

    Athlete.objects.filter(pk=athlete.pk).update(name="Zed\x0bYork", squad=squad)
    athlete.refresh_from_db()
    first = PlannedExercise.objects.filter(session__plan=plan).order_by("session__date").first()
    PlannedExercise.objects.filter(pk=first.pk).update(note="Slow down\x07\x1bpause")
    monday = plan.start_date
    caplog.set_level("WARNING", logger="weasyprint")
    for job in (block_job(athlete), week_job(athlete, monday), squad_job(squad, monday)):
        text = pdf_text(pdf_reader(render(job)))
        assert "Zed York" in text
    assert "Slow down pause" in pdf_text(pdf_reader(render(week_job(athlete, monday))))
    assert [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()] == []


def test_latin_text_and_digits_print_in_inter_whatever_other_fonts_are_installed(athlete, plan):
    """The fallback fonts for other scripts must not take over digits (an emoji font has
    glyphs for 0-9 and would be picked for them if it were listed)."""
    reader = pdf_reader(render(block_job(athlete)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("Inter") for name in fonts), fonts


def test_block_prints_hand_edited_loads_as_stored(athlete, plan):
    edited = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat").first()
    PlannedExercise.objects.filter(pk=edited.pk).update(load=Decimal("61.25"), hand_edited=True)
    assert "61.25 kg" in pdf_text(pdf_reader(render(block_job(athlete))))


def test_block_prints_warm_up_sets_rest_and_cues(athlete, plan):
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    # 55 % of 60 kg, down to the 2.5 kg plate step, for at most 5 reps: as on the phone.
    assert "32.5 kg × 5" in text
    assert "2:30" in text
    assert "Brace your trunk" in text


def test_a_note_on_an_exercise_is_marked_apart_from_the_cues_as_on_the_phone(athlete, plan):
    """As the athlete's phone does, the printed row marks the exercise's note ("Note: ..."):
    run into the catalogue's cues in the same grey, it read as one more cue."""
    monday = plan.start_date + timedelta(weeks=1)
    squat = PlannedExercise.objects.filter(
        session__plan=plan, session__date__gte=monday, exercise__slug="back-squat"
    ).first()
    PlannedExercise.objects.filter(pk=squat.pk).update(note="Use the safety pins")
    html = athlete_week_html(athlete, monday, "a4")
    note = '<span class="coach-note"><strong>Note:</strong> Use the safety pins</span>'
    assert f"{note} · Brace your trunk" in html
    assert "Note: Use the safety pins · Brace your trunk" in pdf_text(
        pdf_reader(render(week_job(athlete, monday)))
    )
    compact = athlete_week_html(athlete, monday, "a4", True)
    assert f"{note}</td>" in compact
    assert "Brace your trunk" not in compact


def test_lift_without_a_1rm_is_prescribed_by_reps_in_reserve(athlete, plan):
    PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat").update(
        load=None
    )
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    assert "no 1RM yet 2 reps in reserve" in text
    # A share of an unknown 1RM means nothing: only the Romanian deadlifts (80 %) keep it.
    assert text.count("80 % 1RM") == 3


def test_warm_up_load_is_55_percent_rounded_down_to_the_plate_step():
    share = Decimal("0.55")
    assert plate_floor(Decimal("60") * share, "kg") == Decimal("32.5")
    assert plate_floor(Decimal("100") * share, "kg") == Decimal("55")
    assert plate_floor(Decimal("135") * share, "lb") == Decimal("70")


def test_letter_paper_gives_letter_pages(athlete, plan):
    page = pdf_reader(render(block_job(athlete, paper="letter"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_a4_paper_gives_a4_pages(athlete, plan):
    page = pdf_reader(render(block_job(athlete))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_private_notes_are_never_printed(athlete, plan):
    athlete.notes = "Coach note: private-coach-remark"
    athlete.injury_notes = "Old achilles private-injury-remark"
    athlete.save()
    PlannedSession.objects.filter(plan=plan).update(athlete_note="private-athlete-remark")
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    assert "private-coach-remark" not in text
    assert "private-injury-remark" not in text
    assert "private-athlete-remark" not in text


def test_week_sheet_is_one_page_with_only_that_weeks_sessions(athlete, plan):
    monday = plan.start_date + timedelta(weeks=1)
    job = render(week_job(athlete, monday))
    reader = pdf_reader(job)
    text = pdf_text(reader)
    assert len(reader.pages) == job.pages == 1
    assert "Amara Okafor" in text
    assert "Week 2 of 3" in text
    for session in PlannedSession.objects.filter(plan=plan):
        in_week = monday <= session.date < monday + timedelta(weeks=1)
        assert (date_format(session.date, "l j F") in text) is in_week


@pytest.mark.parametrize("estimate", ["counted", "too low"])
def test_a_long_name_keeps_a_week_of_three_sessions_on_one_page(
    athlete, plan, monkeypatch, estimate
):
    """The week's lines say the cues will not fit; and should that estimate be wrong, the
    page count does (the sheet is rendered again without them)."""
    from schedules import export_pdf

    if estimate == "too low":
        monkeypatch.setattr(export_pdf, "LINES_WITH_CUES", 1000)
    athlete.name = "Alexandra-Konstantina Papadopoulou-Vanderbilt de la Torre y Montenegro-Smythe"
    athlete.goal_race_name = "The Great North-Eastern Coastal Marathon and Half Marathon"
    athlete.save()
    monday = plan.start_date + timedelta(weeks=1)
    first = plan.sessions.filter(date__gte=monday).order_by("date").first()
    third = session_beside(first, days=5, time="am", label="C")
    for pe in first.exercises.all():
        pe.pk, pe.session = None, third
        pe.save()
    squat = third.exercises.get(exercise__slug="back-squat")
    PlannedExercise.objects.filter(pk=squat.pk).update(note="Use the safety pins")
    reader = pdf_reader(render(week_job(athlete, monday)))
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert "Session C" in text
    assert "Swing the arms and jump up" not in text  # the cues give way; the phone has them
    assert "Use the safety pins" in text  # the coach's note stays


def test_a_long_name_keeps_a_week_of_two_full_sessions_with_cues_on_one_letter_page(athlete, plan):
    athlete.name = "Alexandra-Konstantina Papadopoulou-Vanderbilt de la Torre y Montenegro-Smythe"
    athlete.goal_race_name = "The Great North-Eastern Coastal Marathon and Half Marathon"
    athlete.save()
    monday = plan.start_date + timedelta(weeks=1)
    job = week_job(athlete, monday)
    job.paper = "letter"
    job.save()
    reader = pdf_reader(render(job))
    assert len(reader.pages) == 1
    assert "Swing the arms and jump up" in pdf_text(reader)  # two sessions keep their cues


def first_monday(squad):
    return PlannedSession.objects.filter(plan__athlete__squad=squad).order_by("date")[0].date


def test_squad_sheet_holds_every_athlete_and_their_loads(squad):
    monday = first_monday(squad)
    reader = pdf_reader(render(squad_job(squad, monday)))
    text = pdf_text(reader)
    for name in ("Ben Hughes", "Chloe Martin", "Dev Patel", "Finn O'Brien"):
        assert name in text
    assert "Session A" in text and "Session B" in text
    assert "Back squat 3 × 6" in text  # a dose everyone shares heads its column
    assert "Loads in kg" in text
    for load in ("60", "30", "52.5", "65", "25", "15"):
        assert f" {load} " in text
    assert len(reader.pages) <= 2
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape, for the wall


def test_athletes_with_nothing_planned_that_week_are_named_under_the_sheet_not_given_rows(squad):
    """A squad where most have no plan yet (or a week off) prints only those who lift, and
    names the others once, so the sheet stays the size of who lifts."""
    from tests.factories import AthleteFactory

    monday = first_monday(squad)
    for number in range(40):
        AthleteFactory(club=squad.club, squad=squad, name=f"Runner <b>{number:02}</b>")
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    assert [row.name for row in sheet["rows"]] == ["Ben Hughes", "Chloe Martin", "Dev Patel"]
    assert sheet["resting"][0] == "Finn O'Brien" and len(sheet["resting"]) == 41  # no plan yet
    reader = pdf_reader(render(squad_job(squad, monday)))
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert "Nothing planned this week: Finn O'Brien, Runner <b>00</b>, Runner <b>01</b>" in text


def test_squad_sheet_gives_units_and_doses_in_the_cells_when_athletes_differ(squad):
    ben = squad.athletes.get(name="Ben Hughes")
    PlannedExercise.objects.filter(session__plan__athlete=ben).update(unit="lb")
    PlannedExercise.objects.filter(session__plan__athlete=ben, exercise__slug="back-squat").update(
        load=Decimal("135"), reps=5
    )
    text = pdf_text(pdf_reader(render(squad_job(squad, first_monday(squad)))))
    assert "Loads in each athlete's unit" in text
    assert "135 lb 3 × 5" in text
    assert "60 kg 3 × 6" in text


def test_squad_job_counts_athletes_done(squad):
    job = render(squad_job(squad, first_monday(squad)))
    assert (job.done_count, job.total) == (4, 4)


def test_job_records_pages_size_and_render_time(athlete, plan):
    job = render(block_job(athlete))
    assert job.status == "done"
    assert job.pages == 4
    assert job.size_bytes == job.file.size
    assert job.render_ms > 0
    assert job.finished_at is not None


def test_pdf_embeds_a_subset_of_inter(athlete, plan):
    reader = pdf_reader(render(block_job(athlete)))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    # Subset fonts are named ABCDEF+Family.
    assert all("+Inter" in name for name in fonts), fonts


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as queries:
        build()
    return len(queries)


def test_block_queries_do_not_grow_with_the_plan(athlete, club):
    make_plan(athlete, weeks=1)
    longer = AthleteFactory(club=club, name="Long Plan")
    make_plan(longer, weeks=6)
    counts = [_queries(lambda a=a: athlete_block_html(a, "a4")) for a in (athlete, longer)]
    assert counts[0] == counts[1] <= 6


def test_squad_sheet_queries_do_not_grow_with_the_squad(squad, club):
    monday = first_monday(squad)
    big = SquadFactory(club=club, name="Big squad")
    for n in range(8):
        make_plan(AthleteFactory(club=club, squad=big, name=f"Runner {n}"), weeks=1)
    counts = [
        _queries(lambda s=s: squad_sheet(s, monday, lambda done, total: None)) for s in (squad, big)
    ]
    assert counts[0] == counts[1] <= 4


def test_block_counts_a_race_week_without_lifting_in_the_plan_length(athlete, plan):
    last = plan.phases[-1]
    last["end"] = (date.fromisoformat(last["end"]) + timedelta(days=7)).isoformat()
    plan.save(update_fields=["phases"])
    reader = pdf_reader(render(block_job(athlete)))
    cover = reader.pages[0].extract_text()
    assert "STRENGTH PLAN · 4 WEEKS" in cover  # the kicker is set in capitals
    assert "4 (wk 1–4)" in cover  # the phase list agrees with the cover
    assert "Week 1 of 4" in reader.pages[1].extract_text()


def _kept_from_an_earlier_plan(plan, days_before: int) -> PlannedSession:
    """A logged session from before the plan's start, as a re-made plan keeps it (week 0)."""
    from django.utils import timezone

    return PlannedSession.objects.create(
        plan=plan,
        date=plan.start_date - timedelta(days=days_before),
        time="pm",
        week=0,
        phase="base",
        kind="lifting",
        label="A",
        logged_at=timezone.now(),
    )


def test_block_says_how_long_after_a_run_to_lift(athlete, plan):
    # W3: run first, lift at least 3 h later (6 is better), as the athlete's week says it.
    html = athlete_block_html(athlete, "a4")
    assert "at least 3 hours after any run that day (6 is better)" in html
    assert "a few hours" not in html


def test_block_prints_the_plan_weeks_not_sessions_kept_from_before_them(athlete, plan):
    kept = _kept_from_an_earlier_plan(plan, 10)
    html = athlete_block_html(athlete, "a4")
    assert date_format(kept.date, "l j F") not in html
    assert "Week 1 of 3" in html


def test_week_sheet_of_a_week_before_the_plan_says_so(athlete, plan):
    from schedules.export_pdf import athlete_week_html

    kept = _kept_from_an_earlier_plan(plan, 7)
    html = athlete_week_html(athlete, kept.date, "a4")
    assert "Before the plan" in html
    assert "Week 0" not in html


def _pain_in_week_one(athlete, plan):
    from schedules.models import PainFlag

    squat = PlannedExercise.objects.get(
        session__plan=plan, session__week=1, exercise__slug="back-squat"
    )
    return PainFlag.objects.create(
        athlete=athlete, planned_exercise=squat, exercise=squat.exercise, note="Sharp twinge"
    )


def test_block_and_week_sheet_leave_out_an_exercise_held_back_by_pain(athlete, plan):
    from django.utils import timezone

    from schedules.export_pdf import athlete_week_html

    flag = _pain_in_week_one(athlete, plan)
    day = timezone.localdate(flag.created_at)
    held = (
        f"Left out: pain reported {day:%a} {day.day} {day:%b}. "
        "Your coach will put it back when it is safe."
    )
    block = athlete_block_html(athlete, "a4")
    # Weeks 2 and 3 hold it back; week 1, where the pain came up, prints as planned.
    assert block.count(held) == 2
    week_one = athlete_week_html(athlete, plan.start_date, "a4")
    assert held not in week_one
    squat_row = week_one[week_one.index("Back squat") :]
    assert "60 kg" in squat_row[: squat_row.index("</tr>")]
    week_two = athlete_week_html(athlete, plan.start_date + timedelta(weeks=1), "a4")
    assert held in week_two
    assert "Sharp twinge" not in block + week_two  # the athlete's note stays private

    flag.cleared_at = flag.created_at
    flag.save()
    assert held not in athlete_block_html(athlete, "a4")


def test_squad_sheet_marks_an_exercise_held_back_by_pain(athlete, plan):
    squad = SquadFactory(club=athlete.club, name="Wall squad")
    athlete.squad = squad
    athlete.save()
    _pain_in_week_one(athlete, plan)
    sheet = squad_sheet(squad, plan.start_date + timedelta(weeks=1), lambda done, total: None)
    texts = [cell.text for cell in sheet["rows"][0].cells if cell]
    assert "see coach" in texts
    assert sheet["held"]
    first_week = squad_sheet(squad, plan.start_date, lambda done, total: None)
    assert "see coach" not in [c.text for c in first_week["rows"][0].cells if c]
    # The sheet goes on the gym wall: it holds the lift back without saying why (L9).
    text = pdf_text(pdf_reader(render(squad_job(squad, plan.start_date + timedelta(weeks=1)))))
    assert "see coach" in text
    assert "pain" not in text.lower()


def test_squad_sheet_says_what_a_conditioning_session_holds(squad):
    from django.utils import timezone

    from exercises.models import Exercise
    from schedules.models import PainFlag

    ben = squad.athletes.get(name="Ben Hughes")
    monday = first_monday(squad)
    lifting = PlannedSession.objects.filter(plan__athlete=ben, date__lt=monday + timedelta(7))
    first = lifting.first()
    conditioning = session_beside(
        first,
        days=(monday + timedelta(days=5) - first.date).days,
        time="am",
        kind="conditioning",
        label="C",
    )
    plank, bridge = Exercise.objects.filter(club=None, category="conditioning")[:2]
    for order, (exercise, values) in enumerate(
        ((plank, {"seconds": 30}), (bridge, {"reps": 12, "load": Decimal("10")}))
    ):
        PlannedExercise.objects.create(
            session=conditioning,
            order=order,
            exercise=exercise,
            category="conditioning",
            sets=3,
            unit="kg",
            **values,
        )
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    row = next(r for r in sheet["rows"] if r.name == "Ben Hughes")
    day = f"{conditioning.date:%a}"
    assert row.other == [
        f"{day} AM · Conditioning: {plank.name} 3 × 30 s, {bridge.name} 3 × 12 @ 10 kg"
    ]
    # Pain reported before it about the bridge: left out, as on the phone (L9).
    flag = PainFlag.objects.create(athlete=ben, exercise=bridge, note="hip")
    PainFlag.objects.filter(pk=flag.pk).update(created_at=timezone.now() - timedelta(days=60))
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    row = next(r for r in sheet["rows"] if r.name == "Ben Hughes")
    assert row.other == [
        f"{day} AM · Conditioning: {plank.name} 3 × 30 s, {bridge.name}: see coach"
    ]
    assert sheet["held"]  # the key explains it, though no lifting cell is held
    text = pdf_text(pdf_reader(render(squad_job(squad, monday))))
    assert f"{plank.name} 3 × 30 s" in text


def test_the_phase_bar_counts_a_short_race_week_as_the_header_does(athlete):
    from datetime import date

    from schedules.calendar import week_count
    from schedules.export_pdf import _phase_blocks
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=2, start=date(2027, 4, 5))
    plan.phases = [
        {"phase": "build", "start": "2027-04-05", "end": "2027-04-11", "sessions_per_week": 2},
        # A 10-day taper to a Wednesday race: weeks 2 and 3 of the plan.
        {"phase": "taper", "start": "2027-04-12", "end": "2027-04-21", "sessions_per_week": 1},
    ]
    blocks = _phase_blocks(plan, list(plan.sessions.all()))
    assert [(b["phase"], b["weeks"], list(b["week_range"])) for b in blocks] == [
        ("build", 1, [1]),
        ("taper", 2, [2, 3]),
    ]
    # The lifting sessions the weeks hold, as the plan page counts them, not the phase's
    # planned figure: the taper's second week has none.
    assert [b["lifts"] for b in blocks] == ["2", "0-2"]
    assert sum(b["weeks"] for b in blocks) == week_count(plan) == 3


def test_squad_sheet_gives_a_labels_second_turn_in_the_week_its_own_columns(squad):
    """Three lifting sessions a week run A, B, A: Friday's A keeps its loads on the sheet."""
    ben = squad.athletes.get(name="Ben Hughes")
    monday = first_monday(squad)
    first_a = PlannedSession.objects.get(
        plan__athlete=ben, date__lt=monday + timedelta(7), label="A"
    )
    friday = session_beside(
        first_a, days=(monday + timedelta(days=4) - first_a.date).days, time="pm", kind="lifting"
    )
    for pe in first_a.exercises.all():
        PlannedExercise.objects.create(
            session=friday,
            order=pe.order,
            exercise=pe.exercise,
            category=pe.category,
            sets=pe.sets,
            reps=pe.reps,
            load=pe.load + Decimal("2.5") if pe.load is not None else None,
            unit=pe.unit,
            rest_s=pe.rest_s,
        )
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    assert [g["label"] for part in sheet["parts"] for g in part["groups"]] == ["A", "A (2)", "B"]
    row = next(r for r in sheet["rows"] if r.name == "Ben Hughes")
    assert "62.5" in [c.text for c in row.cells if c]
    assert not row.other


def test_block_prints_reps_in_reserve_beside_a_load_as_the_phone_says_it(athlete, plan):
    PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat").update(rir=4)
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    assert "60 kg" in text and "4 reps in reserve" in text


def test_block_and_week_sheet_say_how_long_each_session_takes(athlete, plan):
    from schedules.export_pdf import athlete_week_html

    session = PlannedSession.objects.filter(plan=plan).order_by("date", "time").first()
    squat = session.exercises.get(exercise__slug="back-squat")
    session.exercises.exclude(pk=squat.pk).delete()
    PlannedExercise.objects.filter(pk=squat.pk).update(sets=3, reps=5, rest_s=180)
    # 10 min warm-up, three sets of 5 reps with 3 min rest between, one lighter set first.
    line = f"Session {session.label} · Lifting · about 19 min</span>"
    assert line in athlete_block_html(athlete, "a4")
    assert line in athlete_week_html(athlete, plan.start_date, "a4")


def test_squad_sheet_gives_the_reps_in_reserve_of_a_lift_without_a_1rm(squad):
    """No 1RM: the lift is worked by feel, to the reps in reserve the legend points to."""
    ben = squad.athletes.get(name="Ben Hughes")
    PlannedExercise.objects.filter(session__plan__athlete=ben, exercise__slug="back-squat").update(
        load=None, rir=2
    )
    text = pdf_text(pdf_reader(render(squad_job(squad, first_monday(squad)))))
    assert "no 1RM RIR 2" in text  # the reps in reserve under it


def test_squad_sheet_row_of_an_athlete_with_no_lifting_that_week_names_the_phase(squad):
    """A new lifter's first weeks hold conditioning only: the row still says its phase."""
    ben = squad.athletes.get(name="Ben Hughes")
    monday = first_monday(squad)
    week = PlannedSession.objects.filter(
        plan__athlete=ben, date__range=(monday, monday + timedelta(days=6))
    )
    phase = week.first().phase
    week.update(kind="conditioning")
    sheet_text = pdf_text(pdf_reader(render(squad_job(squad, monday))))
    row = sheet_text[sheet_text.index("Ben Hughes") :][:200]
    assert PHASE_NAMES[phase] in row, row


def test_a_big_squads_sheet_gives_the_other_sessions_room_and_fits_more_athletes_a_page(club):
    """The other sessions' lines set the rows' height: in a column of their own, wide
    when the lifting columns leave room, 16 athletes with five conditioning exercises each
    fit on two landscape pages (in a narrow column, 7 a page took three)."""
    from exercises.models import Exercise

    big = SquadFactory(club=club, name="Big squad")
    conditioning = list(Exercise.objects.filter(club=None, category="conditioning")[:5])
    for n in range(16):
        plan = make_plan(AthleteFactory(club=club, squad=big, name=f"Runner {n:02d}"), weeks=1)
        first = PlannedSession.objects.filter(plan=plan).order_by("date").first()
        session = session_beside(first, days=5, time="am", kind="conditioning", label="C")
        for order, exercise in enumerate(conditioning):
            PlannedExercise.objects.create(
                session=session,
                order=order,
                exercise=exercise,
                category="conditioning",
                sets=3,
                reps=15,
                unit="kg",
            )
    reader = pdf_reader(render(squad_job(big, first.date - timedelta(days=first.date.weekday()))))
    assert len(reader.pages) == 2
    text = pdf_text(reader)
    assert all(f"Runner {n:02d}" in text for n in range(16))


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _spilling_cells(html: str, *, paper: str, landscape: bool = True) -> list[str]:
    """The text of each table cell that reaches past the cell's borders once laid out, where
    it would be drawn over the cell beside it."""
    from weasyprint import HTML

    from schedules import export_pdf

    document = HTML(
        string=html, base_url=export_pdf.PDF_BASE_URL, url_fetcher=export_pdf.SafeUrlFetcher()
    ).render(
        stylesheets=export_pdf._stylesheets(paper, landscape),
        font_config=export_pdf._font_config(),
    )
    spilling = []
    for page in document.pages:
        for cell in _boxes(page._page_box):
            if type(cell).__name__ != "TableCellBox":
                continue
            left = cell.position_x + cell.border_left_width
            right = cell.position_x + cell.border_width() - cell.border_right_width
            for text in _boxes(cell):
                if type(text).__name__ == "TextBox" and (
                    text.position_x < left - 0.5 or text.position_x + text.width > right + 0.5
                ):
                    spilling.append(text.text)
    return spilling


def _squad_on_several_programmes(club, extra_a_session: int):
    """Three athletes in lb, each lifting session with `extra_a_session` more lifts than the
    plan's own, and a conditioning session: a column for every lift of every session."""
    from exercises.models import Exercise

    squad = SquadFactory(club=club, name="Mixed programmes")
    planned = {slug for _, _, _, lifts in WEEK for slug, *_ in lifts}
    extra = list(Exercise.objects.filter(club=None).exclude(slug__in=planned).order_by("slug"))
    by_label = {"A": extra[:extra_a_session], "B": extra[extra_a_session : 2 * extra_a_session]}
    for n in range(3):
        athlete = AthleteFactory(club=club, squad=squad, name=f"Runner {n}", units="lb")
        plan = make_plan(athlete, weeks=1)
        for session in plan.sessions.all():
            for order, exercise in enumerate(by_label[session.label]):
                PlannedExercise.objects.create(
                    session=session,
                    order=10 + order,
                    exercise=exercise,
                    category="max_strength",
                    sets=3,
                    reps=5,
                    load=Decimal("182.5"),
                    unit="lb",
                )
        conditioning = session_beside(
            plan.sessions.order_by("date").first(), days=5, time="am", kind="conditioning"
        )
        PlannedExercise.objects.create(
            session=conditioning,
            order=1,
            exercise=extra[2 * extra_a_session],
            category="conditioning",
            sets=3,
            reps=15,
            unit="lb",
        )
    return squad, plan.start_date


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_squad_sheet_of_many_lifting_columns_keeps_each_load_inside_its_cell(club, paper):
    """A squad on several programmes has a column for every lift of every session: past 20
    of them, beside the other sessions' column, a load in lb such as "182.5" still fits its
    cell, never running into the next."""
    from schedules.export_pdf import squad_week_html

    squad, monday = _squad_on_several_programmes(club, 8)
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    assert len(sheet["columns"]) == 24
    assert len(sheet["parts"]) == 1  # one page holds them
    html = squad_week_html(squad, monday, paper, lambda done, total: None)
    assert html.count(">182.5<") == 3 * 16
    assert _spilling_cells(html, paper=paper) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_squad_sheet_wider_than_a_page_goes_on_over_pages_each_load_legible(club, paper):
    """Past 24 lifting columns the loads ran into each other: the week goes on over pages,
    whole sessions on each, the athletes down every one, and no load leaves its cell."""
    from schedules.export_pdf import squad_week_html

    squad, monday = _squad_on_several_programmes(club, 16)
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    assert len(sheet["columns"]) == 40
    assert [[g["label"] for g in part["groups"]] for part in sheet["parts"]] == [["A"], ["B"]]
    assert [len(part["columns"]) for part in sheet["parts"]] == [20, 20]
    html = squad_week_html(squad, monday, paper, lambda done, total: None)
    assert html.count(">182.5<") == 3 * 32
    assert html.count(">Runner 0<") == 2  # on both pages
    assert html.count(">Other sessions<") == 1
    assert _spilling_cells(html, paper=paper) == []
    job = squad_job(squad, monday)
    job.paper = paper
    job.save()
    reader = pdf_reader(render(job))
    assert len(reader.pages) == 2
    assert "Session A" in reader.pages[0].extract_text()
    assert "Session B" in reader.pages[1].extract_text()


def _squad_with_lifts(club, extra: dict[str, list[str]]):
    """Three athletes whose sessions A and B hold the plan's lifts and the `extra` ones (by
    slug), and a conditioning session for the other sessions' column."""
    from exercises.models import Exercise

    squad = SquadFactory(club=club, name="Track squad")
    for n in range(3):
        plan = make_plan(AthleteFactory(club=club, squad=squad, name=f"Runner {n}"), weeks=1)
        for session in plan.sessions.all():
            for order, slug in enumerate(extra[session.label]):
                PlannedExercise.objects.create(
                    session=session,
                    order=10 + order,
                    exercise=Exercise.objects.get(club=None, slug=slug),
                    category="max_strength",
                    sets=3,
                    reps=5,
                    load=Decimal("40"),
                    unit="kg",
                )
        conditioning = session_beside(
            plan.sessions.order_by("date").first(), days=5, time="am", kind="conditioning"
        )
        for order, slug in enumerate(("hamstring-bridge", "clamshell", "bodyweight-squat")):
            PlannedExercise.objects.create(
                session=conditioning,
                order=order,
                exercise=Exercise.objects.get(club=None, slug=slug),
                category="conditioning",
                sets=2,
                reps=12,
                unit="kg",
            )
    return squad, plan.start_date


def _lift_heading_lines(html: str, paper: str) -> dict[str, list[str]]:
    """Each lifting column's heading (the exercise's name, not its dose under it) as the
    lines it is laid out in."""
    from weasyprint import HTML

    from schedules import export_pdf

    document = HTML(
        string=html, base_url=export_pdf.PDF_BASE_URL, url_fetcher=export_pdf.SafeUrlFetcher()
    ).render(
        stylesheets=export_pdf._stylesheets(paper, True), font_config=export_pdf._font_config()
    )
    headings = {}
    for group in _boxes(document.pages[0]._page_box):
        if type(group).__name__ != "TableRowGroupBox" or group.element_tag != "thead":
            continue
        for cell in group.children[1].children:  # the second row: one cell a lift
            lines = []
            for line in _boxes(cell):
                if type(line).__name__ == "LineBox":
                    words = [
                        box.text
                        for box in _boxes(line)
                        if type(box).__name__ == "TextBox" and box.element_tag == "th"
                    ]
                    if "".join(words).strip():
                        lines.append("".join(words).strip())
            headings[" ".join(lines).replace("- ", "-")] = lines
    return headings


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(
    "extra",
    [
        {"A": ["kettlebell-deadlift"], "B": ["dumbbell-romanian-deadlift"]},
        {
            "A": ["kettlebell-deadlift", "kettlebell-swing"],
            "B": ["dumbbell-romanian-deadlift", "overhead-press"],
        },
    ],
)
def test_a_squad_sheets_lift_headings_break_only_between_words(club, paper, extra):
    """Ten or twelve lifts beside the other sessions' column: each lift's name is laid out
    in whole words ("Bulgarian", "Romanian", "Kettlebell"), none cut and hyphenated for want
    of room, and the sheet still holds its athletes on one page, on A4 and on letter."""
    from schedules.export_pdf import squad_week_html

    squad, monday = _squad_with_lifts(club, extra)
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    names = [column.name for column in sheet["columns"]]
    assert len(names) == 8 + 2 * len(extra["A"]) and sheet["has_other"]
    html = squad_week_html(squad, monday, paper, lambda done, total: None)
    headings = _lift_heading_lines(html, paper)
    assert sorted(headings) == sorted(names), headings
    assert _spilling_cells(html, paper=paper) == []
    job = squad_job(squad, monday)
    job.paper = paper
    job.save()
    assert len(pdf_reader(render(job)).pages) == 1


def test_a_session_wider_than_a_page_goes_on_the_next_with_its_name_again():
    from schedules.export_squad import COLUMNS_A_PAGE, Column, _spans

    def session(label, count):
        return [Column(label, f"{label}{n}", "") for n in range(count)]

    assert COLUMNS_A_PAGE == 24
    assert _spans([]) == [(0, 0)]
    assert _spans(session("A", 5) + session("B", 19)) == [(0, 24)]
    assert _spans(session("A", 5) + session("B", 20)) == [(0, 5), (5, 25)]
    assert _spans(session("A", 30) + session("B", 4)) == [(0, 24), (24, 34)]
    assert _spans(session("A", 4) + session("B", 30) + session("C", 3)) == [
        (0, 4),
        (4, 28),
        (28, 37),
    ]


def test_a_session_going_on_over_a_page_is_headed_continued_there():
    from schedules.export_squad import Column, _parts

    columns = [Column("A", f"A{n}", "") for n in range(4)]
    columns += [Column("B", f"B{n}", "") for n in range(30)]
    heads = [
        [(g["label"], g["span"], g["continued"]) for g in part["groups"]]
        for part in _parts(columns, [])
    ]
    assert heads == [[("A", 4, False)], [("B", 24, False)], [("B", 6, True)]]


def test_squad_sheet_says_single_leg_work_is_done_on_each_side(squad):
    """As the athlete's own sheet and phone say beside the exercise: a wall sheet reading
    "Bulgarian split squat 3 × 6" asks half the work of the plan."""
    from exercises.models import Exercise

    ben = squad.athletes.get(name="Ben Hughes")
    monday = first_monday(squad)
    first = PlannedSession.objects.filter(plan__athlete=ben).order_by("date").first()
    conditioning = session_beside(first, days=5, time="am", kind="conditioning", label="C")
    plank = Exercise.objects.get(club=None, slug="side-plank")
    PlannedExercise.objects.create(
        session=conditioning,
        order=0,
        exercise=plank,
        category="conditioning",
        unilateral=True,
        sets=3,
        seconds=30,
        unit="kg",
    )
    sheet = squad_sheet(squad, monday, lambda done, total: None)
    doses = {column.name: column.dose for column in sheet["columns"]}
    assert doses["Bulgarian split squat"] == "3 × 6 each side"
    assert doses["Back squat"] == "3 × 6"
    row = next(r for r in sheet["rows"] if r.name == "Ben Hughes")
    assert row.other == [
        f"{conditioning.date:%a} AM · Conditioning: {plank.name} 3 × 30 s each side"
    ]
    text = pdf_text(pdf_reader(render(squad_job(squad, monday))))
    assert "Bulgarian split squat 3 × 6 each side" in text


def test_a_load_printed_beside_its_percent_says_it_is_rounded_down_to_the_plate(athlete, plan):
    """The % beside a load is the one prescribed, as the load grid shows it; the load is
    rounded down to the plate step (L1), so on paper 57.5 kg beside 84 % of a 70 kg 1RM
    (really 82 %) must say why the two do not quite agree."""
    StrengthTestFactory(athlete=athlete, load=Decimal("70"), reps=1)
    squat = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")
    squat.update(load=Decimal("57.5"), percent_1rm=Decimal("84"))
    monday = plan.start_date + timedelta(weeks=1)
    sheet = pdf_text(pdf_reader(render(week_job(athlete, monday))))
    assert "57.5 kg 84 % 1RM" in sheet  # the prescription, as on the grid
    assert "rounded down to the plate step (2.5 kg)" in sheet
    cover = " ".join(pdf_reader(render(block_job(athlete))).pages[0].extract_text().split())
    assert "rounded down to the plate step (2.5 kg)" in cover

    Plan.objects.filter(pk=plan.pk).update(units="lb")
    PlannedExercise.objects.filter(session__plan=plan).update(unit="lb")
    sheet = pdf_text(pdf_reader(render(week_job(athlete, monday))))
    assert "rounded down to the plate step (5 lb)" in sheet


def test_a_week_with_no_percent_printed_has_no_plate_rounding_line(athlete, plan):
    PlannedExercise.objects.filter(session__plan=plan).update(load=None)
    monday = plan.start_date + timedelta(weeks=1)
    sheet = pdf_text(pdf_reader(render(week_job(athlete, monday))))
    assert "no 1RM yet" in sheet
    assert "plate step" not in sheet


def test_a_session_kept_after_the_race_says_so_on_the_printed_plan(athlete, plan):
    """A session a re-plan kept for its edited loads when the race moved before it is
    still the athlete's: printed, it says it comes after the race, not as one more week."""
    last = plan.sessions.order_by("date").last()
    race = last.date - timedelta(days=3)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    text = pdf_text(pdf_reader(render(block_job(athlete))))
    warning = f"After the race on {race:%a %-d %b}: ask your coach before doing it"
    assert text.count(warning) == 1
    assert text.index(date_format(last.date, "l j F")) < text.index(warning)
    monday = last.date - timedelta(days=last.date.weekday())
    assert warning in pdf_text(pdf_reader(render(week_job(athlete, monday))))


def scale_row(html: str) -> list[str]:
    import re

    row = html.split('<tr class="scale">', 1)[1].split("</tr>", 1)[0]
    return re.findall(r"<td>(\d*)</td>", row)


def test_the_phase_bar_of_a_year_long_plan_numbers_every_other_week(athlete):
    """52 weeks of numbers under the bar do not fit side by side (on a letter page "23"
    wrapped digit under digit): past 26 weeks every 2nd is numbered, from the first; a
    shorter plan numbers each."""
    make_plan(athlete, weeks=3)
    assert scale_row(athlete_block_html(athlete, "a4")) == ["1", "2", "3"]

    year = AthleteFactory(club=athlete.club, name="Year Long")
    make_plan(year, weeks=52)
    labels = scale_row(athlete_block_html(year, "letter"))
    assert len(labels) == 52
    assert labels[:4] == ["1", "", "3", ""] and labels[-2:] == ["51", ""]
    assert [n for n in labels if n] == [str(n) for n in range(1, 53, 2)]


def bar_row(html: str) -> list[str]:
    import re

    row = html.split('<tr class="bar">', 1)[1].split("</tr>", 1)[0]
    return re.findall(r"<td [^>]*>([^<]*)</td>", row)


def test_the_phase_bar_names_each_phase_it_has_room_for_so_it_reads_in_black_and_white(athlete):
    """Printed in black and white the phase colours are one grey: each part of the bar says
    which phase it is, where the name fits inside it (a one-week phase of a long plan is
    too narrow for "Introduction"; the table under the bar names it)."""
    plan = make_plan(athlete, weeks=12)
    start = plan.start_date

    def phase(name, first, weeks):
        begin = start + timedelta(weeks=first - 1)
        return {
            "phase": name,
            "start": begin.isoformat(),
            "end": (begin + timedelta(weeks=weeks, days=-1)).isoformat(),
            "sessions_per_week": 2,
        }

    plan.phases = [phase("intro", 1, 1), phase("base", 2, 5), phase("build", 7, 5)]
    plan.phases.append(phase("taper", 12, 1))
    plan.save()
    for paper in ("a4", "letter"):
        assert bar_row(athlete_block_html(athlete, paper)) == ["", "Base", "Build", "Taper"]
    plan.phases = [phase("intro", 1, 3), phase("build", 4, 9)]
    plan.save()
    assert bar_row(athlete_block_html(athlete, "a4")) == ["Introduction", "Build"]


def test_the_squad_sheet_marks_an_athletes_sessions_after_their_race(athlete, plan):
    """A session a re-plan kept for its edited loads when the race moved before it is on
    the squad's sheet too: the athlete's row says it comes after the race, as their own
    sheet does; a teammate racing later has no such line."""
    squad = SquadFactory(club=athlete.club, name="Race squad")
    athlete.squad = squad
    athlete.save()
    teammate = AthleteFactory(club=athlete.club, squad=squad, name="Ben Hughes")
    make_plan(teammate, weeks=3)
    last = plan.sessions.order_by("date").last()
    race = last.date - timedelta(days=1)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)
    monday = last.date - timedelta(days=last.date.weekday())
    after = [s for s in plan.sessions.filter(date__gte=monday).order_by("date") if s.date > race]
    assert after == [last]

    sheet = squad_sheet(squad, monday, lambda done, total: None)

    rows = {row.name: row for row in sheet["rows"]}
    said = (
        f"{last.label} {last.date:%a} after the race on {race:%a %-d %b}: ask your coach "
        "before doing it"
    )
    assert rows[athlete.name].after_race == said
    assert rows["Ben Hughes"].after_race == ""
    text = pdf_text(pdf_reader(render(squad_job(squad, monday))))
    assert " ".join(said.split()) in " ".join(text.split())
    # The week before holds nothing after the race: nothing said.
    earlier = squad_sheet(squad, monday - timedelta(weeks=1), lambda done, total: None)
    assert all(row.after_race == "" for row in earlier["rows"])


def test_block_cover_names_the_lifts_still_without_a_1rm(athlete, plan):
    """A plan with a 1RM for some lifts only: the cover lists the others as "no 1RM yet"
    (DOMAIN L3), as the week tables print them, not as if the plan had no other lifts."""
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)  # the back squat only
    PlannedExercise.objects.filter(session__plan=plan, exercise__slug="step-up").update(load=None)
    cover = " ".join(pdf_reader(render(block_job(athlete))).pages[0].extract_text().split())
    assert "Back squat 80 kg" in cover
    assert "Step-up no 1RM yet" in cover
    assert "A lift with no 1RM yet is prescribed by reps in reserve" in cover
    # Lifts that are not prescribed by % 1RM have no 1RM to miss.
    assert "Single-leg calf raise" not in cover.split("HOW TO READ", 1)[0]
    assert "Box jump" not in cover


def test_squad_sheet_says_how_to_warm_up_before_its_heavy_lifts(squad):
    """The wall sheet prints working loads only: its legend gives the lighter set first
    (DOMAIN S6), as the athlete's own sheets do by each heavy lift."""
    from schedules.export_pdf import squad_week_html

    monday = first_monday(squad)
    html = squad_week_html(squad, monday, "a4", lambda done, total: None)
    warm_up = "about ten minutes of easy cardio, then one lighter set at about 55 % of the load"
    assert f"before each heavy lift: {warm_up}" in html

    # A week of nothing loaded from a 1RM has no heavy lift to warm up for.
    PlannedExercise.objects.filter(session__plan__athlete__squad=squad).update(load=None)
    html = squad_week_html(squad, monday, "a4", lambda done, total: None)
    assert "lighter set" not in html


def test_the_week_sheet_of_race_week_names_race_day_as_the_block_does(athlete, plan):
    """The sheet of the race's week says which day is race day on its week line; a week
    without the race says nothing of race day."""
    third = plan.start_date + timedelta(weeks=2)
    race = third + timedelta(days=5)
    Plan.objects.filter(pk=plan.pk).update(race_date=race)

    race_week = " ".join(pdf_text(pdf_reader(render(week_job(athlete, third)))).split())
    assert f"race day {date_format(race, 'l j M')}" in race_week

    other = " ".join(pdf_text(pdf_reader(render(week_job(athlete, plan.start_date)))).split())
    assert "race day" not in other


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_squad_sheet_never_ends_on_a_page_holding_its_legend_alone(club, paper):
    """Eighteen athletes fill the first landscape page to its foot, a nineteenth runs over:
    the legend under the table went over onto a sheet of its own, a page for the wall with
    one line on it. The last athletes go over with it, so the page it is on is read with
    them."""
    squad = SquadFactory(club=club, name="Nineteen")
    for n in range(19):
        plan = make_plan(AthleteFactory(club=club, squad=squad, name=f"Runner {n:02d}"), weeks=1)
    job = squad_job(squad, plan.start_date)
    job.paper = paper
    job.save()
    reader = pdf_reader(render(job))
    assert len(reader.pages) >= 2  # the case in question: the squad runs over a page
    last = reader.pages[-1].extract_text()
    assert "Loads in kg" in last
    assert "Runner 18" in last


@pytest.mark.parametrize("width_mm", [11, 12, 13, 14, 15, 16, 18])
def test_a_squad_cell_breaks_between_the_dose_and_the_reps_in_reserve_never_inside_them(
    db, width_mm
):
    """A squad's columns narrow as its sessions hold more lifts: a lift without a 1RM gave
    "3 × 14 · RIR" on one line and its "3" alone on the next, read from across the gym as
    a stray three. Whatever the column's width, the lines break at the dot."""
    from tests.factories import shipped

    pe = PlannedExercise(
        pk=1,
        exercise=shipped("back-squat"),
        category="max_strength",
        sets=3,
        reps=14,
        percent_1rm=Decimal("80"),
        rir=3,
        unit="kg",
    )
    lines = _squad_cell_lines(pe, width_mm)
    dose_lines = [line for line in lines if "RIR" in line or "×" in line]
    assert any("3 × 14" in line for line in dose_lines), lines
    assert any("RIR 3" in line for line in dose_lines), lines
    assert not any(line.isdigit() for line in lines), lines


@pytest.mark.parametrize("width_mm", [10, 11, 12, 13, 14, 16])
@pytest.mark.parametrize(("field", "unit"), [("seconds", "s"), ("metres", "m")])
def test_a_squad_cell_dosed_in_seconds_or_metres_keeps_its_unit_beside_the_number(
    db, width_mm, field, unit
):
    """A plank held for 3 × 45 s, or a carry of 3 × 20 m, in a narrow column: the unit
    never goes alone onto a line of its own, nor is the number cut ("3 × 4", "5 s"): the
    dose goes over after its "×" when it must."""
    from tests.factories import shipped

    pe = PlannedExercise(
        pk=1, exercise=shipped("back-squat"), category="max_strength", sets=3, unit="kg"
    )
    setattr(pe, field, 45)
    lines = _squad_cell_lines(pe, width_mm)
    assert lines[1:] in ([f"3 × 45 {unit}"], ["3 ×", f"45 {unit}"]), lines


def _squad_cell_lines(pe: PlannedExercise, width_mm: int) -> list[str]:
    """The lines of text of the squad sheet's cells, the lift's column `width_mm` wide."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from schedules import export_pdf
    from schedules.export_squad import _cell

    cell = _cell(pe, "", "kg", set())
    html = render_to_string(
        "schedules/pdf/squad_week.html",
        {
            "club": {"name": "Club"},
            "squad": {"name": "Squad"},
            "monday": date(2027, 3, 1),
            "sunday": date(2027, 3, 7),
            "sheet": {
                "parts": [
                    {
                        "groups": [{"label": "A", "span": 1}],
                        "columns": [{"name": "Back squat", "dose": ""}],
                        "rows": [{"row": {"name": "Runner", "status": ""}, "cells": [cell]}],
                    }
                ],
                "unit": "kg",
            },
        },
    ).replace('class="squad', f'style="width: {44 + width_mm}mm" class="squad', 1)
    document = HTML(
        string=html, base_url=export_pdf.PDF_BASE_URL, url_fetcher=export_pdf.SafeUrlFetcher()
    ).render(stylesheets=export_pdf._stylesheets("a4", True))
    cells = [
        box
        for page in document.pages
        for box in _boxes(page._page_box)
        if type(box).__name__ == "TableCellBox" and box.element_tag == "td"
    ]
    return [
        "".join(t.text for t in _boxes(line) if type(t).__name__ == "TextBox")
        .replace("\xa0", " ")
        .strip()
        for cell in cells
        for line in _boxes(cell)
        if type(line).__name__ == "LineBox"
    ]


def test_the_squad_sheet_says_whose_race_falls_in_the_week(squad):
    """An athlete racing this week, with no lifting left before it (W4), is named under the
    sheet with the race, not as one more athlete with nothing planned; one still lifting
    earlier in the race week has the race on their row, as their own sheet says it."""
    monday = first_monday(squad)
    ben, chloe = (squad.athletes.get(name=name) for name in ("Ben Hughes", "Chloe Martin"))
    race = monday + timedelta(days=6)
    Plan.objects.filter(athlete__in=[ben, chloe]).update(race_date=race)
    PlannedSession.objects.filter(plan__athlete=ben, date__range=(monday, race)).delete()

    sheet = squad_sheet(squad, monday, lambda done, total: None)

    assert sheet["resting"] == [f"Ben Hughes (race {race:%a %-d %b})", "Finn O'Brien"]
    rows = {row.name: row for row in sheet["rows"]}
    assert rows["Chloe Martin"].status.endswith(f" · race {race:%a %-d %b}")
    assert "race" not in rows["Dev Patel"].status
    text = pdf_text(pdf_reader(render(squad_job(squad, monday))))
    assert f"Nothing planned this week: Ben Hughes (race {race:%a %-d %b}), Finn O'Brien" in text
    # The week after, the race is past: nothing said.
    later = squad_sheet(squad, monday + timedelta(weeks=1), lambda done, total: None)
    assert later["rows"] and all("race" not in row.status for row in later["rows"])
    assert not any("race" in name for name in later["resting"])
