import html
import json
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from athletes.csv_roster import MAX_BYTES
from athletes.models import Athlete, Squad
from tests.factories import AthleteFactory, SquadFactory

HEADER = "name,sex,body_mass_kg,experience,event,race_date,squad,mon,tue,sun\n"


def race() -> str:
    return (timezone.localdate() + timedelta(weeks=12)).isoformat()


def upload(client, text: str | bytes, **extra):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("roster_import"),
        {"file": SimpleUploadedFile("roster.csv", raw, content_type="text/csv"), **extra},
    )


def confirm_import(client, text: str):
    """Preview the file, then press Import on that preview, as a coach does."""
    preview = upload(client, text).content.decode()
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]
    known = re.search(r'name="on_roster" value="([^"]*)"', preview)[1]
    data = {"confirm": "1", "csv_text": text, "import_token": token, "on_roster": known}
    return client.post(reverse("roster_import"), data)


def test_clean_file_shows_preview_and_imports_nothing_yet(owner_client, club):
    text = (
        HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,quality pm,long am\n"
    )
    response = upload(owner_client, text)
    assert response.status_code == 200
    assert "Ready to import 1 athlete" in response.content.decode()
    assert not Athlete.objects.exists()


def test_confirm_imports_rows_and_creates_squads(owner_client, club):
    text = HEADER + (
        f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,quality pm,long am\n"
        "Bo Runner,male,70.5,advanced,5k,,Road,rest,quality am,\n"
    )
    response = confirm_import(owner_client, text)
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "Imported 2 athletes." in page
    # What comes next, as after adding one athlete by hand.
    assert "Next: record their 1RMs" in page and "then assign a programme" in page
    ada = Athlete.objects.get(name="Ada Runner")
    assert ada.club == club
    assert ada.squad.name == "Road"
    assert ada.running_week["tue"] == {"run": "quality", "time": "pm"}
    assert ada.running_week["wed"] == {"run": "rest"}
    assert Athlete.objects.get(name="Bo Runner").race_date is None
    assert Squad.objects.filter(club=club).count() == 1


def test_every_bad_row_is_listed_and_nothing_imported(owner_client, club):
    text = HEADER + (
        f"Good Runner,female,58,novice,marathon,{race()},,easy am,,\n"
        f"Bad Mass,female,-3,novice,marathon,{race()},,,,\n"
        f"Bad Run,male,70,expert,marathon,{race()},,sprint am,,\n"
    )
    response = upload(owner_client, text)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in body
    assert "<td>3</td><td><code>body_mass_kg</code>" in body
    assert "<td>4</td><td><code>experience</code>" in body
    # A value outside a fixed list names the values the file may use.
    assert "“expert” is not one of: novice, intermediate, advanced." in body
    assert "<td>4</td><td><code>mon</code>" in body
    assert not Athlete.objects.exists()


def test_confirm_with_a_tampered_file_imports_nothing(owner_client, club):
    text = HEADER + "Bad Mass,female,-3,novice,marathon,,,,,\n"
    response = owner_client.post(reverse("roster_import"), {"confirm": "1", "csv_text": text})
    assert response.status_code == 400
    assert not Athlete.objects.exists()


def test_missing_columns_are_named(owner_client, club):
    response = upload(owner_client, "name,sex\nAda,female\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Missing column(s): body_mass_kg, experience, event." in body
    # A file in pounds heads that column otherwise: the coach is told before retyping it.
    assert "body mass in pounds may be headed body_mass_lb or “Body mass (lb)” instead" in body


def test_a_missing_column_other_than_body_mass_says_nothing_of_pounds(owner_client, club):
    response = upload(owner_client, "name,sex,body_mass_lb\nAda,female,130\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Missing column(s): experience, event." in body
    assert "pounds" not in body[body.index("Missing column(s)") :].split("</", 1)[0]


def test_a_semicolon_separated_file_from_a_decimal_comma_spreadsheet_is_read(owner_client, club):
    """Excel set to a decimal comma saves "CSV" with semicolons, a byte-order mark, Windows
    line endings and "58,5" for a body mass: the file a coach has, read as it is."""
    header = "Name;Sex;Body_Mass_KG;Experience;Event;Race_Date;Squad;Mon;Tue;Sun\r\n"
    text = (
        "\ufeff"
        + header
        + f"Ada Runner;female;58,5;novice;marathon;{race()};Road;easy am;quality pm;long am\r\n"
        + "\r\n"
        + "Bo Runner;male;70;advanced;5k;;Road;;;\r\n"
    )
    preview = upload(owner_client, text)
    assert preview.status_code == 200
    assert "Ready to import 2 athletes" in preview.content.decode()
    response = confirm_import(owner_client, text)
    assert response.status_code == 302
    ada = Athlete.objects.get(name="Ada Runner")
    assert str(ada.body_mass_kg) == "58.5"
    assert ada.squad.name == "Road"
    assert ada.running_week["tue"] == {"run": "quality", "time": "pm"}
    assert Athlete.objects.filter(club=club).count() == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_wrong_encoding_is_explained(owner_client, club, encoding):
    raw = (HEADER + "Zoë Müller,female,58,novice,marathon,,,,,\n").encode(encoding)
    response = upload(owner_client, raw)
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()


def test_a_file_saved_as_plain_csv_by_excel_on_windows_is_read_with_its_accents(owner_client, club):
    """Excel's "CSV (Comma delimited)" on Windows is not UTF-8: its names are read as
    Excel wrote them, and the preview asks the coach to check them."""
    raw = (HEADER + "Zoë Müller,female,58,novice,marathon,,,,,\n").encode("cp1252")
    preview = upload(owner_client, raw)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Zoë Müller" in page
    assert "saved as plain “CSV”, not “CSV UTF-8”" in page

    # Import pressed on that preview: it sends back the text it read.
    token = re.search(r'name="import_token" value="([^"]*)"', page)[1]
    text = html.unescape(
        re.search(r'<textarea name="csv_text" hidden>(.*?)</textarea>', page, re.S)[1]
    )
    data = {"confirm": "1", "csv_text": text, "import_token": token, "on_roster": ""}
    response = owner_client.post(reverse("roster_import"), data)
    assert response.status_code == 302
    assert Athlete.objects.get(club=club).name == "Zoë Müller"


def test_a_utf8_file_is_not_asked_to_be_checked(owner_client, club):
    preview = upload(owner_client, (HEADER + "Zoë Müller,female,58,novice,marathon,,,,,\n"))
    assert preview.status_code == 200
    assert "not “CSV UTF-8”" not in preview.content.decode()


def test_bytes_no_spreadsheet_writes_are_still_refused(owner_client, club):
    raw = (HEADER + "Zoe,female,58,novice,marathon,,,,,\n").encode() + b"\x81\x8d"
    response = upload(owner_client, raw)
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert not Athlete.objects.exists()


def test_a_nul_in_a_utf8_file_is_named_on_its_line_not_called_another_encoding(owner_client, club):
    """A UTF-8 file with a stray NUL in a cell is UTF-8 all the same: the cell is named,
    not the file told to be saved as "CSV UTF-8", which it already is."""
    response = upload(owner_client, HEADER + "Zoë,female,58,novice,marathon,,Ro\x00ad,,,\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "not UTF-8" not in body
    assert "Remove the NUL character." in body
    assert not Athlete.objects.exists()


def test_ten_thousand_rows_are_refused(owner_client, club):
    rows = "".join(f"Runner {i},female,58,novice,marathon,,,,,\n" for i in range(10_000))
    response = upload(owner_client, HEADER + rows + ",,,,,,,,,\n\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "The file holds 10000 athletes; at most 1000 per file: split it into files of" in body
    assert re.search(r"<tr><td>1002</td><td><code>file</code>", body)
    assert not Athlete.objects.exists()


def test_html_in_csv_is_shown_as_text(owner_client, club):
    text = HEADER + '"<img src=x onerror=alert(1)>",female,58,novice,marathon,,,,,\n'
    body = upload(owner_client, text).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_export_round_trips_through_import(owner_client, club, stranger):
    squad = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="=Formula Runner", squad=squad)
    AthleteFactory(club=stranger.membership.club, name="Not Ours")
    response = owner_client.get(reverse("roster_export"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=Formula Runner" in text
    assert "Not Ours" not in text
    # A byte-order mark first, so spreadsheets read the file as UTF-8.
    assert text.splitlines()[0].startswith("\ufeffname,sex,body_mass_kg,experience,event")

    # Imported back, the names are as they were, not with the formula guard.
    body = upload(owner_client, response.content).content.decode()
    assert (
        '<td class="wrap"><span class="cap">=Formula Runner</span> <span class="pill">On the roster'
        in (body)
    )
    assert "Every athlete in the file is already on the roster." in body


def test_squads_differing_only_in_case_are_one_new_squad(owner_client, club):
    rows = "".join(
        f"Runner {i},female,60,novice,10k,{squad}\n"
        for i, squad in enumerate(("NewSq", "newsq", "NEWSQ "))
    )
    text = "name,sex,body_mass_kg,experience,event,squad\n" + rows
    body = upload(owner_client, text).content.decode()
    assert "New squads will be created: NewSq." in body
    assert "<td>10k</td>" not in body  # events read as the roster writes them


def test_the_preview_shows_a_squad_as_the_roster_spells_it(owner_client, club):
    """Typed "endurance ‘a’ squad", it goes to the club's Endurance ‘A’ squad: the preview
    says that one, and a new squad typed twice in two ways is shown as first typed."""
    SquadFactory(club=club, name="Endurance ‘A’ squad")
    text = (
        "name,sex,body_mass_kg,experience,event,squad\n"
        "Ada,female,60,novice,10k,endurance ‘a’ squad\n"
        "Bea,female,60,novice,10k,Hill Crew\n"
        "Cy,male,70,novice,10k,HILL CREW\n"
    )
    body = upload(owner_client, text).content.decode()
    squads = re.findall(
        r'<td class="wrap"><span class="stack-label">Squad: </span>'
        r'<span class="cap">([^<]*)</span></td></tr>',
        body,
    )
    assert squads == ["Endurance ‘A’ squad", "Hill Crew", "Hill Crew"]


def test_a_squad_named_with_invisible_characters_only_is_refused(owner_client, club):
    text = "name,sex,body_mass_kg,experience,event,squad\nAda,female,60,novice,10k,\u200b\u200f\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    assert "Use letters or numbers in the name." in response.content.decode()
    assert not Squad.objects.exists()


def test_a_squad_name_too_long_is_told_as_a_name_too_long_is(owner_client, club):
    text = f"name,sex,body_mass_kg,experience,event,squad\nAda,female,60,novice,10k,{'S' * 200}\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Keep the squad name to 80 characters or fewer (this one has 200)." in body
    assert not Squad.objects.exists()


def test_a_squad_name_typed_decomposed_is_the_squad_the_club_has(owner_client, club):
    squad = SquadFactory(club=club, name=unicodedata.normalize("NFC", "Équipe"))
    decomposed = unicodedata.normalize("NFD", "équipe")
    text = f"name,sex,body_mass_kg,experience,event,squad\nAda,female,60,novice,10k,{decomposed}\n"
    body = upload(owner_client, text).content.decode()
    assert "New squads will be created" not in body
    assert confirm_import(owner_client, text).status_code == 302
    assert Athlete.objects.get(name="Ada").squad == squad
    assert Squad.objects.count() == 1


def test_a_column_named_twice_is_refused(owner_client, club):
    text = "name,name,sex,body_mass_kg,experience,event\nA,B,female,60,novice,10k\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    assert "Each column once, please: “name” appears twice." in response.content.decode()
    assert not Athlete.objects.filter(club=club).exists()


@pytest.mark.parametrize("lead", ["\t", "\r"])
def test_a_cell_led_by_a_tab_or_carriage_return_is_guarded_in_the_export(owner_client, club, lead):
    # Names typed into forms are stripped; a club file can bring such a name in as it is.
    AthleteFactory(club=club, name=f"{lead}=HYPERLINK(1)")
    text = owner_client.get(reverse("roster_export")).content.decode()
    assert f"'{lead}=HYPERLINK(1)" in text


def test_a_preview_imports_once_however_often_import_is_pressed(owner_client, club):
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    preview = upload(owner_client, text).content.decode()
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]
    data = {"confirm": "1", "csv_text": text, "import_token": token}
    assert owner_client.post(reverse("roster_import"), data).status_code == 302
    again = owner_client.post(reverse("roster_import"), data)
    assert again.status_code == 409
    body = again.content.decode()
    assert "Not imported again: this preview was already imported" in body
    assert "Every athlete in the file is already on the roster." in body
    assert Athlete.objects.filter(name="Ada Runner").count() == 1
    # The refusal offers a fresh preview: importing once more is a deliberate second choice.
    fresh = re.search(r'name="import_token" value="([^"]*)"', body)[1]
    assert fresh != token
    data["import_token"] = fresh
    data["on_roster"] = re.search(r'name="on_roster" value="([^"]*)"', body)[1]
    assert owner_client.post(reverse("roster_import"), data).status_code == 302
    assert Athlete.objects.filter(name="Ada Runner").count() == 2


def test_a_confirmation_without_its_preview_imports_nothing(owner_client, club):
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    response = owner_client.post(reverse("roster_import"), {"confirm": "1", "csv_text": text})
    assert response.status_code == 409
    assert not Athlete.objects.exists()


def test_an_import_that_fails_leaves_its_preview_usable(owner_client, club, monkeypatch):
    from athletes import services

    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    preview = upload(owner_client, text).content.decode()
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]
    data = {"confirm": "1", "csv_text": text, "import_token": token}
    real = services.roster_import

    def failing(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "roster_import", failing)
    with pytest.raises(RuntimeError):
        owner_client.post(reverse("roster_import"), data)
    monkeypatch.setattr(services, "roster_import", real)
    assert owner_client.post(reverse("roster_import"), data).status_code == 302
    assert Athlete.objects.filter(name="Ada Runner").count() == 1


def test_one_athlete_imported_is_said_in_the_singular(owner_client, club):
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    response = confirm_import(owner_client, text)
    assert "Imported 1 athlete." in owner_client.get(response["Location"]).content.decode()


def test_the_sample_file_linked_from_the_import_page_imports_cleanly(owner_client, club):
    body = owner_client.get(reverse("roster_import")).content.decode()
    url = reverse("roster_import_sample")
    assert f'<a href="{url}">Download a sample file</a>' in body
    response = owner_client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="athletes-sample.csv"'
    preview = owner_client.post(
        reverse("roster_import"),
        {"file": SimpleUploadedFile("athletes-sample.csv", response.content)},
    )
    assert preview.status_code == 200
    assert "Ready to import 2 athletes" in preview.content.decode()


def test_excels_separator_line_and_cleared_rows_are_read_past(owner_client, club):
    """Excel may write "sep=," before the header, and leaves a row of commas where cells
    were cleared: neither is an athlete, nor a reason to refuse the file."""
    text = (
        "sep=,\r\n"
        + HEADER
        + f"Ada,female,58,novice,marathon,{race()},Road,,,\n"
        + ",,,,,,,,,\n"
        + f"Bo,male,70,novice,5k,{race()},Road,,,\n"
    )
    response = upload(owner_client, text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ready to import 2 athletes" in body
    assert "is required" not in body


def test_a_separator_line_naming_semicolons_is_read_past(owner_client, club):
    text = "sep=;\n" + HEADER.replace(",", ";") + "Ada;female;58;novice;marathon;;;;;\n"
    response = upload(owner_client, text)
    assert response.status_code == 200
    assert "Ready to import 1 athlete" in response.content.decode()


def test_a_separator_line_naming_tabs_is_explained(owner_client, club):
    text = "sep=\t\n" + HEADER.replace(",", "\t") + "Ada\tfemale\t58\tnovice\tmarathon\t\t\t\t\t\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    assert "separated by tabs; save the file as CSV with commas or semicolons" in (
        response.content.decode()
    )


def test_a_name_twice_in_the_file_is_pointed_out_before_importing(owner_client, club):
    text = (
        HEADER
        + f"Dup Dan,male,70,novice,5k,{race()},,,,\n"
        + f"dup dan,male,70,novice,5k,{race()},,,,\n"
        + f"Ada,female,58,novice,marathon,{race()},,,,\n"
    )
    body = upload(owner_client, text).content.decode()
    assert "In the file more than once: Dup Dan (lines 2 and 3)." in body
    assert not Athlete.objects.exists()  # a preview only


def test_rows_of_empty_cells_do_not_count_towards_the_most_athletes_a_file_holds(
    owner_client, club, monkeypatch
):
    from athletes import csv_roster

    monkeypatch.setattr(csv_roster, "MAX_ROWS", 2)
    text = HEADER + ",,,,,,,,,\n" * 3
    text += f"Ada,female,58,novice,marathon,{race()},,,,\n"
    text += f"Bo,male,70,novice,5k,{race()},,,,\n"
    response = upload(owner_client, text)
    assert response.status_code == 200
    assert "Ready to import 2 athletes" in response.content.decode()


def test_a_separator_line_with_old_mac_line_endings_is_read_past(owner_client, club):
    rows = HEADER.replace("\n", "\r") + f"Ada,female,58,novice,marathon,{race()},,,,\r"
    response = upload(owner_client, "sep=,\r" + rows)
    assert response.status_code == 200
    assert "Ready to import 1 athlete" in response.content.decode()


def test_a_file_with_athletes_already_on_the_roster_can_import_only_the_new_ones(
    owner_client, club
):
    """The roster exported and imported back with two rows added: one click must not add
    the whole club a second time."""
    AthleteFactory(club=club, name="Ada Runner")
    AthleteFactory(club=club, name="Bo Known")
    text = HEADER + "".join(
        f"{name},female,58,novice,marathon,{race()},{squad},easy am,,long am\n"
        for name, squad in (
            ("Ada Runner", "Old Squad"),
            ("bo known", ""),
            ("Cy New", "Road"),
            ("Di New", ""),
        )
    )
    preview = upload(owner_client, text).content.decode()
    assert "2 athletes in the file are already on the roster (marked below)." in preview
    assert preview.count('<span class="pill">On the roster</span>') == 2
    assert 'name="skip_known" value="1">Import the 2 new athletes only</button>' in preview
    assert "Import all 4 (2 a second time)" in preview
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]

    data = {"confirm": "1", "csv_text": text, "import_token": token, "skip_known": "1"}
    response = owner_client.post(reverse("roster_import"), data, follow=True)

    assert "Imported 2 athletes; 2 already on the roster left out." in response.content.decode()
    names = sorted(Athlete.objects.filter(club=club).values_list("name", flat=True))
    assert names == ["Ada Runner", "Bo Known", "Cy New", "Di New"]
    # A squad only a left-out row named is not made.
    assert list(Squad.objects.filter(club=club).values_list("name", flat=True)) == ["Road"]


def test_a_file_of_athletes_all_on_the_roster_offers_no_import_of_new_ones(owner_client, club):
    AthleteFactory(club=club, name="Ada Runner")
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},,easy am,,long am\n"
    preview = upload(owner_client, text).content.decode()
    assert "Every athlete in the file is already on the roster." in preview
    assert 'name="skip_known"' not in preview
    assert ">Import it a second time</button>" in preview
    data = {"confirm": "1", "csv_text": text, "import_token": "t" * 20, "skip_known": "1"}
    response = owner_client.post(reverse("roster_import"), data, follow=True)
    assert "Nothing imported: every athlete in the file is on the roster." in (
        response.content.decode()
    )
    assert Athlete.objects.filter(club=club).count() == 1


def test_a_name_spelt_without_its_accents_or_with_a_curly_apostrophe_is_on_the_roster(
    owner_client, club
):
    AthleteFactory(club=club, name="Zoë Müller")
    AthleteFactory(club=club, name="Siobhán O'Neill")
    text = HEADER + "".join(
        f"{name},female,58,novice,marathon,{race()},,easy am,,long am\n"
        for name in ("Zoe Muller", "Siobhan O\u2019Neill", "Cy New")
    )
    preview = upload(owner_client, text).content.decode()
    assert "2 athletes in the file are already on the roster (marked below)." in preview
    assert "Import the 1 new athlete only" in preview


@pytest.mark.parametrize("shape", ["%d.%m.%Y", "%d.%m.%y", "%d-%m-%Y", "%d-%m-%y", "%Y/%m/%d"])
def test_a_race_date_written_with_dots_is_read(owner_client, club, shape):
    """25.04.2027 as much of Europe saves a date, 25-04-2027 as Dutch spreadsheets do, and
    2027/04/25 as Japanese and Chinese ones do: each unambiguous, each read."""
    day = timezone.localdate() + timedelta(weeks=12)
    text = HEADER + f"Ada,female,58,novice,marathon,{day.strftime(shape)},,,,\n"
    confirm_import(owner_client, text)
    assert Athlete.objects.get(name="Ada").race_date == day


def test_a_race_date_the_import_cannot_read_names_the_forms_it_can(owner_client, club):
    text = HEADER + "Ada,female,58,novice,marathon,4/25/2027,,,,\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    assert (
        "“4/25/2027” is not a day of the calendar: check its day and month, the day first, "
        "as 25/04/2027." in html.unescape(response.content.decode())
    )


def test_a_dotted_race_date_that_is_no_day_is_quoted_as_typed(owner_client, club):
    text = HEADER + "Ada,female,58,novice,marathon,31.02.2027,,,,\n"
    body = upload(owner_client, text).content.decode()
    assert "“31.02.2027” is not a day of the calendar" in body
    assert "2027-02-31" not in body  # a form the coach never wrote


@pytest.mark.parametrize("shape", ["%Y-%m-%d 00:00:00", "%d/%m/%Y 00:00", "%Y-%m-%dT00:00:00"])
def test_a_race_date_saved_with_a_midnight_time_is_read(owner_client, club, shape):
    """A spreadsheet column of dates and times (Google Sheets, LibreOffice) saves a race
    day with its midnight: the day is read, not refused as no date at all."""
    day = timezone.localdate() + timedelta(weeks=12)
    text = HEADER + f"Ada,female,58,novice,marathon,{day.strftime(shape)},,,,\n"
    assert confirm_import(owner_client, text).status_code == 302
    assert Athlete.objects.get(name="Ada").race_date == day


@pytest.mark.parametrize("given", ["31/02/2027", "2027-02-30", "31.02.2027", "25/13/2027"])
def test_a_race_date_written_right_but_no_day_of_the_calendar_says_so(owner_client, club, given):
    """Written in a form the file may use, a day that does not exist is named as such,
    not answered with the forms the coach already used."""
    text = HEADER + f"Ada,female,58,novice,marathon,{given},,,,\n"
    response = upload(owner_client, text)
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert f"“{given}” is not a day of the calendar: check its day and month" in body
    assert "is not a date the file may use" not in body
    assert not Athlete.objects.filter(name="Ada").exists()


def test_the_import_page_names_every_date_form_the_file_may_use(owner_client, club):
    page = owner_client.get(reverse("roster_import")).content.decode()
    assert "(2027-04-25, 25/04/2027 or 25.04.2027)" in page


def test_problems_are_numbered_as_the_spreadsheet_numbers_its_rows_past_empty_lines(
    owner_client, club
):
    """An empty line is a row of the file too: a problem after one names the row the coach
    sees, not one a line or two too early."""
    text = (
        "\n"
        + HEADER
        + "\n"
        + f"Ada,female,58,novice,marathon,{race()},,,,\n"
        + "\n\n"
        + f"Bo,male,heavy,novice,5k,{race()},,,,\n"
    )
    response = upload(owner_client, text)
    assert response.status_code == 400
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>(\w+)</code>", response.content.decode())
    assert rows == [("7", "body_mass_kg")]
    assert not Athlete.objects.exists()


def test_a_missing_column_names_the_header_row_after_empty_lines(owner_client, club):
    response = upload(owner_client, "\n\nname,sex\nAda,female\n")
    assert response.status_code == 400
    assert re.search(r"<tr><td>3</td><td><code>header</code>", response.content.decode())


@pytest.mark.parametrize(
    "start", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"]
)
def test_a_spreadsheet_workbook_is_named_with_how_to_save_it_as_csv(owner_client, club, start):
    """The coach's spreadsheet itself, not its CSV: say so and how to save the CSV, not
    that it is not UTF-8 text."""
    response = upload(owner_client, start + bytes(range(256)) * 4)
    assert response.status_code == 400
    body = response.content.decode()
    assert "spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file" in body
    assert "not UTF-8" not in body
    assert not Athlete.objects.exists()


def test_a_tab_separated_file_is_explained_rather_than_missing_every_column(owner_client, club):
    text = HEADER.replace(",", "\t") + "Ada\tfemale\t58\tnovice\tmarathon\t\t\t\t\t\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "separated by tabs; save the file as CSV with commas or semicolons" in body
    assert "Missing column" not in body


def test_a_column_the_import_does_not_read_is_named_on_the_preview(owner_client, club):
    """A misspelt column or one the import has no place for (a 1RM) is not imported: the
    preview says so, rather than the coach finding the values missing later."""
    text = (
        "name,sex,body_mass_kg,experience,event,race time,Back squat 1RM,\n"
        + "Ada,female,58,novice,marathon,3:10,80,\n"
    )
    response = upload(owner_client, text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ready to import 1 athlete" in body
    assert "does not read the columns <code>race time, Back squat 1RM</code>" in body


def test_headings_as_a_coach_writes_them_are_read(owner_client, club):
    """A spreadsheet headed "Race date", "Body mass (kg)", "Goal race" and "Monday" is
    the roster's columns in other words: read, not left out."""
    text = (
        "Name,Sex,Body mass (kg),Experience,Event,Goal race,Race date,Squad,Monday,Tuesday\n"
        f"Ada Runner,female,58,novice,marathon,Valencia,{race()},Road,easy am,quality pm\n"
    )
    preview = upload(owner_client, text).content.decode()
    assert "does not read the column" not in preview
    assert confirm_import(owner_client, text).status_code == 302
    ada = Athlete.objects.get(name="Ada Runner")
    assert (ada.goal_race_name, ada.race_date.isoformat()) == ("Valencia", race())
    assert ada.squad.name == "Road"
    assert ada.running_week["mon"] == {"run": "easy", "time": "am"}
    assert ada.running_week["tue"] == {"run": "quality", "time": "pm"}


@pytest.mark.parametrize(
    ("mass_heading", "mass", "kept"),
    [
        ("Weight (kg)", "58", "58.0"),
        ("Weight (lb)", "130", "59.0"),
        ("Weight (lbs)", "130", "59.0"),
    ],
)
def test_gender_and_weight_with_its_unit_are_read_as_sex_and_body_mass(
    owner_client, club, mass_heading, mass, kept
):
    """Club spreadsheets often head these "Gender" and "Weight (kg)": the same columns."""
    text = f"Name,Gender,{mass_heading},Experience,Event\nAda Runner,F,{mass},novice,marathon\n"
    assert confirm_import(owner_client, text).status_code == 302
    ada = Athlete.objects.get(name="Ada Runner")
    assert (ada.sex, str(ada.body_mass_kg)) == ("female", kept)


def test_a_weight_without_its_unit_asks_for_the_unit(owner_client, club):
    """Kilograms or pounds cannot be told from the numbers (150 is either): the heading
    is asked to say which, rather than the column called missing without a word of it."""
    response = upload(owner_client, "Name,Sex,Weight,Experience,Event\nAda,F,150,novice,marathon\n")
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "“Weight” does not say its unit: head it Weight (kg) or Weight (lb)." in body
    assert not Athlete.objects.filter(name="Ada").exists()


def test_one_column_under_two_spellings_is_refused(owner_client, club):
    text = HEADER.replace("\n", ",Race date\n") + f"Ada,female,58,novice,5k,{race()},,,,,\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Each column once, please: “race_date” and “Race date” are one column." in body


def test_a_file_of_known_columns_has_no_word_of_columns_left_out(owner_client, club):
    body = upload(owner_client, HEADER + "Ada,female,58,novice,marathon,,,,,\n").content.decode()
    assert "Ready to import 1 athlete" in body
    assert "does not read the column" not in body


def test_names_more_than_once_in_the_file_name_the_lines_to_find_them_on(owner_client, club):
    """In a file of hundreds the coach needs the rows, whatever case or accents each has."""
    text = (
        HEADER
        + f"Zoë Müller,female,58,novice,5k,{race()},,,,\n"
        + f"Ada,female,58,novice,marathon,{race()},,,,\n"
        + "\n"
        + f"zoe muller,female,58,novice,5k,{race()},,,,\n"
        + f"Ada,female,58,novice,marathon,{race()},,,,\n"
        + f"ZOË MÜLLER,female,58,novice,5k,{race()},,,,\n"
    )
    body = upload(owner_client, text).content.decode()
    assert "In the file more than once: Zoë Müller (lines 2, 5 and 7); Ada (lines 3 and 6)." in body


def test_a_day_that_is_not_a_run_quotes_the_cell_and_lists_what_it_may_hold(owner_client, club):
    text = HEADER + f"Ada,female,58,novice,marathon,{race()},,Jog,easy,\n"
    body = upload(owner_client, text).content.decode()
    assert "“Jog” is not a day of the running week: write rest, or a run (easy, quality, long)" in (
        body
    )
    assert "“easy” is not a day of the running week" in body
    assert "and a time (am or pm), for example easy am or quality pm." in body


def test_a_club_file_chosen_by_mistake_is_named_with_where_it_goes(owner_client, club):
    from schedules.club_data import club_export

    AthleteFactory(club=club, name="Ada Exported")
    raw = json.dumps(club_export(club), indent=1).encode()
    response = upload(owner_client, raw)
    assert response.status_code == 400
    body = response.content.decode()
    assert "This is a club file (.json), not a roster CSV" in body
    assert "Missing column" not in body
    assert Athlete.objects.count() == 1


def test_a_bad_body_mass_or_email_quotes_the_cell(owner_client, club):
    text = (
        "name,sex,body_mass_kg,experience,event,email\n"
        "Ada,female,58kg,novice,5k,ada-at-example\n"
        "Bo,male,900,novice,5k,\n"
    )
    body = upload(owner_client, text).content.decode()
    assert "“58kg”: Body mass: kilograms from 25 to 250" in body
    assert "“900”: Body mass: kilograms from 25 to 250" in body
    assert "“ada-at-example”: Enter the email in full, for example name@example.com." in body
    assert not Athlete.objects.exists()


def test_an_archived_athlete_in_the_file_is_named_as_archived_with_where_to_restore_them(
    owner_client, club
):
    AthleteFactory(club=club, name="Ada Runner", archived_at=timezone.now())
    AthleteFactory(club=club, name="Bo Known")
    text = HEADER + "".join(
        f"{name},female,58,novice,marathon,{race()},,easy am,,long am\n"
        for name in ("Ada Runner", "Bo Known", "Cy New")
    )
    preview = upload(owner_client, text).content.decode()
    # Not "on the roster": the roster does not list them.
    assert "2 athletes in the file are already in the club (marked below)." in preview
    assert preview.count('<span class="pill">On the roster</span>') == 1
    assert preview.count('<span class="pill">Archived</span>') == 1
    assert "Archived, not on the roster (they left the club): Ada Runner." in preview
    assert f'href="{reverse("roster")}?show=archived">archived athletes</a>' in preview
    assert 'name="skip_known" value="1">Import the 1 new athlete only</button>' in preview


def test_a_name_both_archived_and_on_the_roster_is_on_the_roster(owner_client, club):
    AthleteFactory(club=club, name="Ada Runner", archived_at=timezone.now())
    AthleteFactory(club=club, name="Ada Runner")
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},,easy am,,long am\n"
    preview = upload(owner_client, text).content.decode()
    assert "Every athlete in the file is already on the roster." in preview
    assert "Archived, not on the roster" not in preview


def test_body_mass_kg_is_kilograms_for_every_athlete_in_the_file(owner_client, club):
    """units is the unit of an athlete's loads and body mass as the coach reads them; the
    body_mass_kg column is kilograms whatever it is (the import page says so), so an
    athlete in lb goes through an export and an import with the body mass unchanged, shown
    in pounds on the preview and their page (81.5 kg is 179.7 lb)."""
    page = owner_client.get(reverse("roster_import")).content.decode()
    assert "<code>body_mass_kg</code> is in kilograms whatever the units" in page
    AthleteFactory(club=club, name="Lee Pounds", units="lb", body_mass_kg="81.5")
    exported = owner_client.get(reverse("roster_export")).content.decode("utf-8-sig")
    assert ",81.5," in exported and ",lb," in exported
    again = exported.replace("Lee Pounds", "Lee Again")
    assert (
        '<td><span class="stack-label">Body mass: </span>179.7 lb</td>'
        in upload(owner_client, again).content.decode()
    )
    assert confirm_import(owner_client, again).status_code == 302
    assert Athlete.objects.get(name="Lee Again").body_mass_kg == Decimal("81.5")
    detail = owner_client.get(
        reverse("athlete_detail", args=[Athlete.objects.get(name="Lee Pounds").pk])
    ).content.decode()
    assert "<dd>179.7 lb</dd>" in detail


def test_a_line_break_inside_a_cell_is_read_as_a_space(owner_client, club):
    """A spreadsheet cell may hold a line break (Alt+Enter): a name or race kept so would
    show on one line on the pages, yet lose it (ZoeSmith) at the athlete's next save, as a
    form's one-line box drops line breaks."""
    text = (
        "name,sex,body_mass_kg,experience,event,goal_race_name,race_date,squad\n"
        f'"Zoe\nSmith",female,58,novice,marathon,"Berlin \r\n Marathon",{race()},"Road\r'
        'Runners"\n'
    )
    assert confirm_import(owner_client, text).status_code == 302
    athlete = Athlete.objects.get(club=club)
    assert athlete.name == "Zoe Smith"
    assert athlete.goal_race_name == "Berlin Marathon"
    assert athlete.squad.name == "Road Runners"


@pytest.mark.parametrize("separator", [",", ";"])
def test_cells_past_the_last_column_are_refused_not_left_out(owner_client, club, separator):
    """An unquoted separator in a cell (Berlin, Germany) pushes a cell past the last
    column: refused, saying how to write it, rather than the race imported as "Berlin"."""
    rows = [
        ["name", "sex", "body_mass_kg", "experience", "event", "goal_race_name"],
        ["Ada Runner", "female", "58", "novice", "marathon", "London", "", ""],  # empty: fine
        ["Bo Runner", "male", "70", "advanced", "5k", "Berlin", " Germany"],
    ]
    text = "\n".join(separator.join(row) for row in rows) + "\n"
    response = upload(owner_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported: 1 problem to fix" in body
    said = (
        "A cell past the last column (“Germany”): put a cell holding a "
        f'“{separator}” in double quotes ("Berlin{separator} Germany"), or delete what is '
        "past the last column."
    )
    assert said in body.replace("&quot;", '"')
    assert "<td>3</td>" in body
    assert not Athlete.objects.exists()


def test_the_roster_exported_with_a_race_since_run_imports_back(owner_client, club):
    """An athlete's race run since it was set is kept (the roster says "past"): the export
    of the roster, read back with a new athlete added, is not refused for that date. A past
    date is still refused for an athlete new to the club, or one the roster has not."""
    ran = timezone.localdate() - timedelta(days=10)
    AthleteFactory(club=club, name="Ada Runner", race_date=ran)
    exported = owner_client.get(reverse("roster_export")).content.decode("utf-8-sig")
    assert f",{ran.isoformat()}," in exported
    text = exported + f"Cy New,male,70,novice,5k,,kg,,{race()},,,,,,,,\r\n"
    preview = upload(owner_client, text).content.decode()
    assert "Nothing was imported" not in preview
    assert 'name="skip_known" value="1">Import the 1 new athlete only</button>' in preview
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]
    data = {"confirm": "1", "csv_text": text, "import_token": token, "skip_known": "1"}
    owner_client.post(reverse("roster_import"), data)
    assert sorted(club.athletes.values_list("name", flat=True)) == ["Ada Runner", "Cy New"]

    other_day = (ran - timedelta(days=1)).isoformat()
    for name, day in (("Di New", ran.isoformat()), ("Ada Runner", other_day)):
        response = upload(
            owner_client, exported.replace("Ada Runner", name).replace(ran.isoformat(), day)
        )
        assert response.status_code == 400
        assert "The race date must be today or later." in response.content.decode()


def test_a_race_date_refused_is_quoted_as_the_file_writes_it(owner_client, club):
    """A date past, or too far ahead, is quoted from its cell (as a date that reads as none
    is), so the coach finds it in the file: 25.04.2020, not 2020-04-25."""
    far = (timezone.localdate() + timedelta(weeks=150)).strftime("%d/%m/%Y")
    text = HEADER + (
        "Ada Runner,female,58,novice,marathon,25.04.2020,,,,\n"
        f"Bo Runner,male,70,novice,5k,{far},,,,\n"
    )
    body = upload(owner_client, text).content.decode()
    assert "“25.04.2020”: The race date must be today or later." in body
    latest = timezone.localdate() + timedelta(weeks=100)
    assert f"“{far}”: Choose a race by {latest:%-d %b %Y} (within 100 weeks)" in body


def test_a_second_preview_of_a_file_already_imported_does_not_add_it_again_unseen(
    owner_client, club
):
    """Two previews of one file (two tabs, or a second coach): once one is imported, Import
    on the other does not add the athletes again behind a preview that showed none on the
    roster; it shows the file as it now stands against the roster instead."""
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    tokens = []
    for _ in range(2):
        preview = upload(owner_client, text).content.decode()
        assert "already on the roster" not in preview
        tokens.append(re.search(r'name="import_token" value="([^"]*)"', preview)[1])
    known = re.search(r'name="on_roster" value="([^"]+)"', preview)
    data = {"confirm": "1", "csv_text": text, "on_roster": known[1] if known else ""}
    first = owner_client.post(reverse("roster_import"), {**data, "import_token": tokens[0]})
    assert first.status_code == 302
    second = owner_client.post(reverse("roster_import"), {**data, "import_token": tokens[1]})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Not imported: since this preview was made" in body
    assert "Every athlete in the file is already on the roster." in body
    assert Athlete.objects.filter(name="Ada Runner").count() == 1


def previewed_then_ada_renamed(owner_client, club) -> dict:
    """Import pressed on a preview of Ada (on the roster) and Bo (new), Ada renamed on the
    roster since: the form as the preview sends it."""
    ada = AthleteFactory(club=club, name="Ada Runner")
    text = HEADER + (
        f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
        f"Bo Runner,male,70,novice,5k,{race()},Road,,,\n"
    )
    preview = upload(owner_client, text).content.decode()
    token = re.search(r'name="import_token" value="([^"]+)"', preview)[1]
    known = re.search(r'name="on_roster" value="([^"]*)"', preview)[1]
    Athlete.objects.filter(pk=ada.pk).update(name="Ada Runner-Smith")
    return {"confirm": "1", "csv_text": text, "import_token": token, "on_roster": known}


def test_a_preview_stale_by_other_names_on_the_roster_is_shown_again(owner_client, club):
    """The preview showed Ada on the roster; since then Ada was renamed and Bo, also in
    the file, was added: as many on the roster as before, but not the ones the coach saw.
    Import all does not add Bo a second time unseen."""
    data = previewed_then_ada_renamed(owner_client, club)
    AthleteFactory(club=club, name="Bo Runner")

    response = owner_client.post(reverse("roster_import"), data)

    assert response.status_code == 409
    assert "Not imported: since this preview was made" in response.content.decode()
    assert Athlete.objects.filter(name="Bo Runner").count() == 1


def test_import_the_new_only_leaves_out_one_the_preview_showed_on_the_roster_renamed_since(
    owner_client, club
):
    data = previewed_then_ada_renamed(owner_client, club)

    response = owner_client.post(reverse("roster_import"), data | {"skip_known": "1"})

    assert response.status_code == 302
    assert not Athlete.objects.filter(name="Ada Runner").exists()
    assert Athlete.objects.filter(name="Bo Runner").count() == 1


def test_a_preview_that_showed_athletes_on_the_roster_imports_them_again_when_asked(
    owner_client, club
):
    # The coach saw the warning and chose to add them a second time: that is imported.
    AthleteFactory(club=club, name="Ada Runner")
    text = HEADER + f"Ada Runner,female,58,novice,marathon,{race()},Road,easy am,,long am\n"
    assert confirm_import(owner_client, text).status_code == 302
    assert Athlete.objects.filter(name="Ada Runner").count() == 2


@pytest.mark.parametrize(
    "name", ["Ann;=HYPERLINK(CHAR(104))", "Ann; =1+1", "Ann;@SUM(1)", "Ann;-2+3;+4"]
)
def test_a_formula_after_a_semicolon_is_guarded_in_the_export(owner_client, club, name):
    """A spreadsheet set to a decimal comma (much of Europe) splits a comma-separated file
    at semicolons too: the part of a cell after one is a cell of its own there, and must not
    start a formula either."""
    SquadFactory(club=club, name="Road")
    AthleteFactory(club=club, name=name, goal_race_name=name)
    text = owner_client.get(reverse("roster_export")).content.decode("utf-8-sig")
    for line in text.splitlines():
        for piece in line.split(";"):
            assert piece[:1] not in ("=", "+", "-", "@"), line


def test_an_exported_name_with_a_guarded_semicolon_imports_as_it_was(owner_client, club):
    AthleteFactory(club=club, name="Ann;=HYPERLINK(1)", goal_race_name="x;-y")
    exported = owner_client.get(reverse("roster_export")).content
    Athlete.objects.all().delete()
    text = exported.decode("utf-8-sig")
    assert confirm_import(owner_client, text).status_code == 302
    athlete = Athlete.objects.get()
    assert (athlete.name, athlete.goal_race_name) == ("Ann;=HYPERLINK(1)", "x;-y")


NEVER_CLOSED = "opens a double quote (&quot;) that is never closed"


def test_a_quote_never_closed_is_named_instead_of_taking_in_the_rows_after_it(owner_client, club):
    """A cell that opens a double quote and never closes it runs to the end of the file: read
    as it is, the next athlete's row became part of this one's race and was lost unseen."""
    text = HEADER.replace("race_date", "goal_race_name") + (
        'Ada Runner,female,58,novice,marathon,"Berlin,Road,easy am,,long am\n'
        "Bo Runner,male,70.5,advanced,5k,Paris,Road,rest,quality am,\n"
    )
    response = upload(owner_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ready to import" not in body
    assert f'<td>2</td><td><code>row</code></td><td class="wrap">A cell {NEVER_CLOSED}' in body
    assert confirm_import_refused(owner_client, text)
    assert not Athlete.objects.exists()


def test_a_quote_never_closed_in_a_long_file_names_its_line(owner_client, club):
    # Read as it is, the cell outgrows what a CSV reader takes and the file is called unreadable.
    rows = [f"Runner {i},female,58,novice,marathon,,,,,\n" for i in range(1000)]
    rows[4] = '"Runner 4,female,58,novice,marathon,,,,,\n'
    response = upload(owner_client, HEADER + "".join(rows))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<td>6</td><td><code>row</code></td><td class="wrap">A cell {NEVER_CLOSED}' in body
    assert "field limit" not in body


def test_a_cell_too_long_to_read_is_named_by_its_row_in_plain_words(owner_client, club):
    """Not the CSV reader's own words ("field larger than field limit"): the row that holds
    it, and what to do."""
    rows = [f"Runner {i},female,58,novice,marathon,,,,,\n" for i in range(5)]
    rows[2] = f"Runner 2,female,58,novice,marathon,{'x' * 140_000},,,,\n"
    response = upload(owner_client, HEADER + "".join(rows))
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        '<td class="wrap">A cell holds more than 131,072 characters, far more than any column '
        "of a roster takes: shorten it or delete it.</td>"
    ) in body
    assert "<td>4</td><td><code>row</code></td>" in body
    assert "field limit" not in body


def test_quotes_closed_across_lines_or_doubled_are_read_as_before(owner_client, club):
    text = HEADER + (
        '"Ada\nRunner",female,58,novice,marathon,,,,,\n'
        '"Bo ""Flash"" Runner",male,70,novice,5k,,,,,\n'
        'Cy "Quick" Runner,male,70,novice,5k,,,,,\n'
        '"Di" Runner,female,60,novice,10k,,,,,\n'
    )
    assert confirm_import(owner_client, text).status_code == 302
    names = set(Athlete.objects.values_list("name", flat=True))
    assert names == {"Ada Runner", 'Bo "Flash" Runner', 'Cy "Quick" Runner', "Di Runner"}


def confirm_import_refused(client, text: str) -> bool:
    """An Import sent with the file's text (no preview offers one) imports nothing."""
    data = {"confirm": "1", "csv_text": text, "import_token": "t" * 20}
    return client.post(reverse("roster_import"), data).status_code == 400


def test_a_file_just_under_the_limit_is_not_refused_as_too_large_on_import(owner_client, club):
    """A browser sends the preview's copy of the file back with each line ending as a
    carriage return and a line feed: a file of line feeds just under 1 MB came back over it,
    and Import refused what its preview had taken."""
    row = "Runner {},female,58,novice,marathon,,,,,\n"
    head = HEADER.replace("sun\n", "sun,notes\n")
    pad = "x" * 900
    rows = [row.replace("\n", f",{pad}\n").format(i) for i in range(1000)]
    text = (head + "".join(rows)).rstrip("\n")
    text += "y" * (MAX_BYTES - len(text.encode()) - 1) + "\n"  # the last note made longer
    assert len(text.encode()) <= MAX_BYTES < len(text.replace("\n", "\r\n").encode())
    preview = upload(owner_client, text).content.decode()
    assert "Ready to import 1000 athletes" in preview
    token = re.search(r'name="import_token" value="([^"]*)"', preview)[1]
    sent = text.replace("\n", "\r\n")  # as the browser sends the textarea's text
    data = {"confirm": "1", "csv_text": sent, "import_token": token, "on_roster": "0"}
    assert owner_client.post(reverse("roster_import"), data).status_code == 302
    assert Athlete.objects.filter(club=club).count() == 1000


def test_values_written_as_the_pages_show_them_are_read(owner_client, club):
    """A coach fills the file with what the athlete pages say ("Half marathon", "10 km",
    "Novice (new to lifting)", "Female"): each is read as the value it shows."""
    text = HEADER + (
        f"Ada Runner,Female,58,Novice (new to lifting),Half marathon,{race()},,,,\n"
        "Bo Runner,MALE,70,Intermediate,10 km,,,,,\n"
        "Cy Runner,other,65,advanced,1500 m,,,,,\n"
        "Di Runner,female,60,novice,half-marathon,,,,,\n"
        "Ed Runner,male,72,novice,5K,,,,,\n"
    )
    response = confirm_import(owner_client, text)
    assert response.status_code == 302
    saved = dict(Athlete.objects.values_list("name", "event"))
    assert saved == {
        "Ada Runner": "half_marathon",
        "Bo Runner": "10k",
        "Cy Runner": "1500m",
        "Di Runner": "half_marathon",
        "Ed Runner": "5k",
    }
    ada = Athlete.objects.get(name="Ada Runner")
    assert (ada.sex, ada.experience) == ("female", "novice")


def test_the_short_forms_spreadsheets_use_for_sex_and_a_beginner_are_read(owner_client, club):
    """F and M, as most club spreadsheets write them, and "beginner" for a new lifter."""
    text = HEADER + ("Ada Runner,F,58,beginner,marathon,,,,,\nBo Runner,m,70,Beginner,10k,,,,,\n")
    assert confirm_import(owner_client, text).status_code == 302
    saved = {a.name: (a.sex, a.experience) for a in Athlete.objects.filter(club=club)}
    assert saved == {"Ada Runner": ("female", "novice"), "Bo Runner": ("male", "novice")}


def test_a_value_like_no_choice_is_still_refused(owner_client, club):
    text = HEADER + "Ada Runner,female,58,novice,half,,,,,\n"
    body = upload(owner_client, text).content.decode()
    assert "“half” is not one of: 1500m, 5k, 10k, half_marathon, marathon, ultra." in body


def test_a_squad_name_typed_decomposed_is_measured_as_it_is_stored(owner_client, club):
    """80 letters as stored, each accent a character of its own in the file: the squad is
    made, named in composed form, not refused as 160 characters long."""
    typed = "E\u0301" * 80
    text = f"name,sex,body_mass_kg,experience,event,squad\nAda,female,60,novice,10k,{typed}\n"
    assert confirm_import(owner_client, text).status_code == 302
    assert Squad.objects.get().name == "\u00c9" * 80
