"""Roster CSV import and export.

An import is all or nothing: the file is checked row by row with the same form
the coach uses on screen, every problem is reported with its line and field, and
nothing is written until the whole file is clean.
"""

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from athletes.forms import AthleteForm
from athletes.models import DAYS, Athlete, Club, Event, Experience, Run, RunTime, Sex, Squad, Units
from athletes.units import body_mass_shown
from config.text import NAME_MESSAGE, has_letter_or_digit, name_key, search_key, trim

MAX_ROWS = 1000
MAX_BYTES = 1024 * 1024
REQUIRED_COLUMNS = ("name", "sex", "body_mass_kg", "experience", "event")
OPTIONAL_COLUMNS = ("email", "units", "goal_race_name", "race_date", "squad", *DAYS)
EXPORT_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
# Body mass in pounds, in place of body_mass_kg: kept in kilograms, as every body mass is.
POUNDS_COLUMN = "body_mass_lb"
READ_COLUMNS = (*EXPORT_COLUMNS, POUNDS_COLUMN)
# A spreadsheet's own file rather than its CSV: .xlsx and .ods are zip files, .xls is an
# OLE2 compound file.
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
WORKBOOK_MESSAGE = (
    "This is a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file: in the "
    "spreadsheet choose Save As (or Download) as “CSV UTF-8”, then choose that file."
)
CLUB_FILE_MESSAGE = (
    "This is a club file (.json), not a roster CSV: a club file is loaded whole into a new, "
    "empty club under Club data, on the club's page."
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
QUOTE_MESSAGE = (
    'A cell opens a double quote (") that is never closed, so every line after it would be '
    "read into that cell: add the closing quote, or delete the opening one."
)
PREVIEW_LABELS = ("event", "experience")
UNITLESS_MASS = ("weight", "body_mass")
# Headings written as a person writes them: "Race date" or "Goal race" is the column it names.
COLUMN_ALIASES = {
    "goal_race": "goal_race_name",
    "race_name": "goal_race_name",
    "goal_race_date": "race_date",
    "unit": "units",
    "e_mail": "email",
    "gender": "sex",
    # A weight in the unit its heading names ("Weight (kg)"); a weight without one is asked
    # for its unit (UNITLESS_MASS), as 150 may be kilograms or pounds.
    "weight_kg": "body_mass_kg",
    "weight_lb": POUNDS_COLUMN,
    "weight_lbs": POUNDS_COLUMN,
    "body_mass_lbs": POUNDS_COLUMN,
    **{
        name: day
        for day, name in zip(
            DAYS,
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            strict=True,
        )
    },
}
# Fields whose problem quotes the cell: a number, address or date, short enough to show.
QUOTED_FIELDS = ("body_mass_kg", POUNDS_COLUMN, "email", "race_date")


@dataclass
class RowProblem:
    line: int
    field: str
    message: str


@dataclass
class ParsedRoster:
    rows: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    new_squads: list[str] = field(default_factory=list)
    on_roster: list[str] = field(default_factory=list)  # names the club already has
    # Of those, the names of archived athletes (left the club): restored, not imported again.
    archived: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)  # names the file holds more than once
    unread: list[str] = field(default_factory=list)  # columns the import does not know
    # Read as Excel's plain "CSV" on Windows writes it, not as UTF-8: the preview asks the
    # coach to check the accented names.
    not_utf8: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def on_roster_marks(self) -> str:
        return ",".join(sorted(roster_marks(self.on_roster)))

    @property
    def new_count(self) -> int:
        """Rows of athletes the club does not have yet."""
        return len(self.rows) - len(self.on_roster)


def roster_marks(names: list[str]) -> set[str]:
    """Short marks of names, as a search tells them apart: what a preview was shown as on
    the roster travels back with its Import button, without the names themselves."""
    return {hashlib.sha256(search_key(name).encode()).hexdigest()[:12] for name in names}


def new_rows_only(parsed: ParsedRoster, shown: set[str] = frozenset()) -> ParsedRoster:
    """The roster without the rows of athletes the club already has, nor those the preview
    showed it had (`shown`, their marks: renamed on the roster since, they are the coach's
    "on the roster" all the same), and without the new squads only those rows named."""
    known = {search_key(name) for name in parsed.on_roster}
    rows = [
        row
        for row in parsed.rows
        if search_key(row["name"]) not in known and not roster_marks([row["name"]]) & shown
    ]
    used = {name_key(row["squad_name"]) for row in rows if row["squad_name"]}
    return replace(
        parsed,
        rows=rows,
        new_squads=[name for name in parsed.new_squads if name_key(name) in used],
        on_roster=[],
        archived=[],
    )


# What Excel on Windows writes when "CSV" is chosen rather than "CSV UTF-8".
SPREADSHEET_ENCODING = "cp1252"


def decode_csv(raw: bytes) -> str | None:
    """The file's text: UTF-8 (a byte-order mark allowed), else as Excel's plain "CSV"
    writes it on Windows; None for what is neither. UTF-16 holds NULs, from its first line
    on, as no CSV text in Excel's plain encoding does; a stray one in a cell of UTF-8 text
    is named there."""
    first_line = raw.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00").split(b"\n", 1)[0]
    if b"\x00" in first_line:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        return None
    try:
        return raw.decode(SPREADSHEET_ENCODING)
    except UnicodeDecodeError:
        return None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _twice_said(fieldnames: list[str], header: list[str], column: str) -> str:
    """A column headed twice, as the file spells it: "“name” appears twice", or "“race_date”
    and “Race date” are one column"."""
    spelt = [h.strip() for h, key in zip(fieldnames, header, strict=True) if key == column]
    if len(set(spelt)) == 1:
        return f"“{spelt[0]}” appears {'twice' if len(spelt) == 2 else f'{len(spelt)} times'}"
    return " and ".join(f"“{h}”" for h in spelt) + " are one column"


def column_key(heading: str) -> str:
    """The column a heading names: case, spaces, hyphens and brackets aside ("Race date",
    "body mass (kg)", "Monday")."""
    key = re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


def missing_columns(header: list[str]) -> list[str]:
    """The required columns a header (its column_key names) lacks; body mass in pounds
    stands in for body_mass_kg."""
    return [
        c
        for c in REQUIRED_COLUMNS
        if c not in header and not (c == "body_mass_kg" and POUNDS_COLUMN in header)
    ]


def parse_run_cell(value: str) -> tuple[dict | None, str | None]:
    """'easy am', 'quality pm', 'long am' or 'rest' (blank means rest)."""
    words = value.strip().lower().split()
    if not words or words == ["rest"]:
        return {"run": Run.REST}, None
    if len(words) != 2 or words[0] not in Run.values or words[1] not in RunTime.values:
        runs = ", ".join(run for run in Run.values if run != Run.REST)
        times = " or ".join(RunTime.values)
        return None, (
            f"“{value.strip()}” is not a day of the running week: write rest, or a run "
            f"({runs}) and a time ({times}), for example easy am or quality pm."
        )
    return {"run": words[0], "time": words[1]}, None


def parse_roster(raw: bytes, club: Club) -> ParsedRoster:
    result = ParsedRoster()
    if len(raw) > MAX_BYTES:
        result.problems.append(RowProblem(0, "file", "The file is larger than 1 MB."))
        return result
    if raw.startswith(WORKBOOK_STARTS):
        result.problems.append(RowProblem(0, "file", WORKBOOK_MESSAGE))
        return result
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"runstrength.club/" in raw[:1024]:
        result.problems.append(RowProblem(0, "file", CLUB_FILE_MESSAGE))
        return result
    text = decode_csv(raw)
    result.not_utf8 = text is not None and not _is_utf8(raw)
    if text is None:
        result.problems.append(
            RowProblem(0, "file", "The file is not UTF-8 text; save it as 'CSV UTF-8'.")
        )
        return result
    # Excel may write its separator on a line of its own first ("sep=,"): not a header.
    first, *rest = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"), maxsplit=1)
    skipped = 0
    # Spreadsheets set to a decimal comma (most of Europe) save "CSV" with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
        if delimiter not in ",;":
            result.problems.append(RowProblem(1, "header", _separator_message(delimiter)))
            return result
        text = rest[0] if rest else ""
        skipped = 1 if text.strip() else 0  # a file of that line alone: nothing to number
    elif first.count("\t") > first.count(delimiter):
        # Tab-separated text ("Unicode text", or a copy of the cells pasted into a file):
        # read with commas, its whole header is one column and every column seems missing.
        result.problems.append(RowProblem(1, "header", _separator_message("\t")))
        return result
    opened = _quote_never_closed(text, delimiter)
    if opened is not None:
        result.problems.append(RowProblem(opened + skipped, "row", QUOTE_MESSAGE))
        return result
    # A first pass finds what the reader cannot take (an over-long field, say), counting the
    # rows read; newline="" lets it read any line ending, old Mac "\r" included.
    read_rows = 0
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            read_rows += 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            # Said in words, on the row that holds it, not as the reader's "field larger
            # than field limit (131072)".
            message = (
                f"A cell holds more than {csv.field_size_limit():,} characters, far more than "
                "any column of a roster takes: shorten it or delete it."
            )
            result.problems.append(RowProblem(read_rows + 1 + skipped, "row", message))
        else:
            result.problems.append(
                RowProblem(0, "file", f"The file is not readable as CSV: {exc}.")
            )
        return result
    # Numbered as a spreadsheet numbers its rows: an empty line is a row too (a reader
    # of dicts passes over it without counting it, and every later row would be misnumbered).
    records = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
    fieldnames: list[str] = []
    header_line = 1 + skipped
    for number, values in records:
        if values:  # the first row that is not empty
            fieldnames, header_line = values, number + skipped
            break
    header = [column_key(h) for h in fieldnames]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        result.problems.append(
            RowProblem(
                header_line,
                "header",
                "Each column once, please: "
                + "; ".join(_twice_said(fieldnames, header, column) for column in twice)
                + ".",
            )
        )
        return result
    if "body_mass_kg" in header and POUNDS_COLUMN in header:
        message = (
            "Body mass once, please: a column in kilograms (body_mass_kg) or one in pounds "
            "(body_mass_lb), not both."
        )
        result.problems.append(RowProblem(header_line, "header", message))
        return result
    missing = missing_columns(header)
    if missing:
        message = f"Missing column(s): {', '.join(missing)}."
        if "body_mass_kg" in missing:
            message += (
                " A body mass in pounds may be headed body_mass_lb or “Body mass (lb)” "
                "instead of body_mass_kg."
            )
            for heading, key in zip(fieldnames, header, strict=True):
                if key in UNITLESS_MASS:
                    spelt = heading.strip()
                    message += (
                        f" “{spelt}” does not say its unit: head it {spelt} (kg) or {spelt} (lb)."
                    )
        result.problems.append(RowProblem(header_line, "header", message))
        return result
    # A column the import does not know ("race time", "Back squat 1RM") is left out: said on
    # the preview, so that its values are not thought imported.
    result.unread = [
        heading.strip()
        for heading, key in zip(fieldnames, header, strict=True)
        if key and key not in READ_COLUMNS
    ]
    squads = {name_key(s.name): s for s in Squad.objects.filter(club=club)}
    names = Athlete.objects.filter(club=club).values_list("name", "archived_at", "race_date")
    # Told apart as a search tells them: "Zoe Muller" or "O’Neill" is the roster's Zoë
    # Müller or O'Neill.
    known = {search_key(n) for n, _, _ in names}
    archived = {search_key(n) for n, at, _ in names if at is not None} - {
        search_key(n) for n, at, _ in names if at is None
    }
    mass_unit = "lb" if POUNDS_COLUMN in header else "kg"  # the body mass column's
    # Each name's race dates as saved: one run since is no fault of a row that names them.
    races: dict[str, set[date]] = {}
    for n, _, day in names:
        if day is not None:
            races.setdefault(search_key(n), set()).add(day)
    read = 0
    for number, values in records:
        line = number + skipped
        row = dict(zip(header, values, strict=False))
        if not any((value or "").strip() for key, value in row.items() if key):
            continue  # a row of empty cells (commas only): a spreadsheet's cleared row
        read += 1
        if read > MAX_ROWS:
            # Counted, not read: how many files of MAX_ROWS the coach needs.
            total = read + sum(
                1
                for _, more in records
                if any(value.strip() for key, value in zip(header, more, strict=False) if key)
            )
            message = (
                f"The file holds {total} athletes; at most {MAX_ROWS} per file: split it into "
                f"files of {MAX_ROWS} or fewer."
            )
            result.problems.append(RowProblem(line, "file", message))
            break
        past = [value.strip() for value in values[len(header) :] if value.strip()]
        if past:
            # A separator typed in a cell, unquoted: the cells after it are each one column
            # on, the last one past the header (a race "Berlin, Germany" read as "Berlin").
            result.problems.append(RowProblem(line, "row", _past_the_header(past[0], delimiter)))
            continue
        _parse_row(row, line, club, squads, result, races, mass_unit)
    if not result.rows and not result.problems:
        result.problems.append(RowProblem(2, "file", "The file has no athletes in it."))
    days = [day for day in DAYS if day in header]
    for row in result.rows:
        if not any(row["day_cells"].get(day) for day in days):
            # No day columns, or each left blank (as the export leaves a week nobody set):
            # every day reads as rest, which is not a week anyone gave.
            row["running_week_set"] = False
    result.on_roster = [row["name"] for row in result.rows if search_key(row["name"]) in known]
    result.archived = [name for name in result.on_roster if search_key(name) in archived]
    # Each name more than once, as its first row spells it, with the lines to find it on.
    lines: dict[str, list[int]] = {}
    spelt: dict[str, str] = {}
    for row in result.rows:
        key = search_key(row["name"])
        lines.setdefault(key, []).append(row["line"])
        spelt.setdefault(key, row["name"])
    result.twice = [
        f"{spelt[key]} (lines {_listed(numbers)})"
        for key, numbers in lines.items()
        if len(numbers) > 1
    ]
    return result


def _quote_never_closed(text: str, delimiter: str) -> int | None:
    """The row (numbered as the reader numbers them) of a cell that opens a double quote the
    file never closes, or None. A reader takes such a cell to the end of the file: every
    row after it would be read as that cell's text, and those athletes lost unseen."""
    row, opened, quoted, field_start, doubled = 1, 0, False, 0, -1
    for mark in re.finditer(rf'"|\r\n|\r|\n|{re.escape(delimiter)}', text):
        at, token = mark.start(), mark.group()
        if at == doubled:
            continue  # the second quote of "" in a quoted cell: a quote in its text
        if quoted:
            if token == '"' and text.startswith('"', at + 1):
                doubled = at + 1
            elif token == '"':
                quoted = False  # closed; what follows up to the separator joins the cell
        elif token == '"':
            if at == field_start:  # only a quote opening a cell quotes it
                quoted, opened = True, row
        elif token == delimiter:
            field_start = at + 1
        else:
            row, field_start = row + 1, at + len(token)
    return opened if quoted else None


def _past_the_header(cell: str, separator: str) -> str:
    shown = cell if len(cell) <= 40 else f"{cell[:40]}…"
    return (
        f"A cell past the last column (“{shown}”): put a cell holding a “{separator}” in "
        f'double quotes ("Berlin{separator} Germany"), or delete what is past the last column.'
    )


def _listed(numbers: list[int]) -> str:
    """2 and 5; 2, 5 and 9."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _separator_message(separator: str) -> str:
    shown = "tabs" if separator == "\t" else f"“{separator}”"
    return f"The columns are separated by {shown}; save the file as CSV with commas or semicolons."


def _problem_text(form, name: str, errors, typed: dict) -> str:
    """The form's messages; for a value outside a fixed list, the values the file may use."""
    field = form.fields.get(name)
    if name == "race_date" and any(e.code == "invalid" for e in errors):
        given = typed.get(name, "")  # as in the file, not as read (31.02.2027, not 2027-02-31)
        shape = DATE_SHAPE.fullmatch(MIDNIGHT.sub("", given))
        if shape:
            mark = shape[2]  # between day, month and year when the day comes first
            first = f", the day first, as 25{mark}04{mark}2027" if mark else ""
            return f"“{given}” is not a day of the calendar: check its day and month{first}."
        return (
            f"“{given}” is not a date the file may use: write 2027-04-25, 25/04/2027 or 25.04.2027."
        )
    if any(e.code == "invalid_choice" for e in errors) and getattr(field, "choices", None):
        allowed = ", ".join(str(value) for value, _ in field.choices if value != "")
        given = form.data.get(name, "")
        return f"“{given}” is not one of: {allowed}."
    text = " ".join(message for e in errors for message in e.messages)
    given = typed.get(name, "")
    if name in QUOTED_FIELDS and given and len(given) <= 40:
        return f"“{given}”: {text}"  # the cell as the file has it, to find and fix
    return text


def _choice_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


# Short forms club spreadsheets commonly use, by the code each stands for.
SHORT_FORMS = {"f": "female", "m": "male", "beginner": "novice"}


def _chosen(value: str, choices: type) -> str:
    """A value of a fixed list as the file writes it: its code ("half_marathon"), its name
    as the pages show it ("Half marathon", "10 km", "Novice (new to lifting)"), case, spaces,
    hyphens and brackets aside, or a common short form (F, M, beginner). Anything else is
    passed on as typed, for the form to refuse."""
    key = _choice_key(value)
    if SHORT_FORMS.get(key) in choices.values:
        return SHORT_FORMS[key]
    for code, label in choices.choices:
        if key and key in (_choice_key(code), _choice_key(str(label))):
            return code
    return value.lower()


def _dotted_date(value: str) -> str:
    """A day written 25.04.2027 (much of Europe), 25-04-2027 (Dutch spreadsheets) or
    2027/04/25 (Japanese and Chinese ones) as 2027-04-25; without the midnight a column of
    dates and times saves after it ("2027-04-25 00:00:00")."""
    value = MIDNIGHT.sub("", value)
    year_first = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", value)
    if year_first:
        return f"{year_first[1]}-{int(year_first[2]):02}-{int(year_first[3]):02}"
    found = re.fullmatch(r"(\d{1,2})([.-])(\d{1,2})\2(\d{4}|\d{2})", value)
    if not found:
        return value
    year = found[4] if len(found[4]) == 4 else f"20{found[4]}"  # 25.04.27, as 25/04/27 reads
    return f"{year}-{int(found[3]):02}-{int(found[1]):02}"


MIDNIGHT = re.compile(r"(?<=\d)[ T]00:00(:00(\.0+)?)?$")
# A day in a form the file may use (2027-04-25, 25/04/2027, 25.04.2027), whether or not the
# calendar has it.
DATE_SHAPE = re.compile(r"\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2(\d{2}|\d{4})")


def _unguarded(value: str) -> str:
    """A cell as the export wrote it, without the apostrophes that kept a spreadsheet from
    running it, or a part of it after a semicolon, as a formula."""
    return ";".join(
        part[1:] if part[:1] == "'" and part[1:2] in FORMULA_STARTS else part
        for part in value.split(";")
    )


# A line break inside a cell (Alt+Enter in a spreadsheet), with the spaces around it.
LINE_BREAK = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def _one_line(value: str) -> str:
    """A cell on one line, as every column is: a line break kept in a name would show as a
    space on the pages, yet be dropped (ZoeSmith) by the one-line box of the athlete's form
    at their next save."""
    return LINE_BREAK.sub(" ", value.strip())


def _parse_row(
    row: dict,
    line: int,
    club: Club,
    squads: dict,
    result: ParsedRoster,
    races: dict,
    mass_unit: str,
) -> None:
    values = {k: _unguarded(_one_line(v or "")) for k, v in row.items() if k}
    data = {
        "name": values.get("name", ""),
        "email": values.get("email", ""),
        "sex": _chosen(values.get("sex", ""), Sex),
        "body_mass_kg": values.get(f"body_mass_{mass_unit}", ""),
        "experience": _chosen(values.get("experience", ""), Experience),
        "event": _chosen(values.get("event", ""), Event),
        "units": _chosen(values.get("units", ""), Units) or "kg",
        "goal_race_name": values.get("goal_race_name", ""),
        "race_date": _dotted_date(values.get("race_date", "")),
    }
    kept = frozenset(races.get(search_key(data["name"]), ()))
    # In the unit its column says, whatever the row's units (the form reads those otherwise).
    form = AthleteForm(data=data, club=club, kept_races=kept, body_mass_unit=mass_unit)
    valid = form.is_valid()
    for name, errors in form.errors.as_data().items():
        column = f"body_mass_{mass_unit}" if name == "body_mass_kg" else name  # as headed
        result.problems.append(
            RowProblem(line, column, _problem_text(form, column, errors, values))
        )
    week = {}
    for day in DAYS:
        entry, problem = parse_run_cell(values.get(day, ""))
        if problem:
            result.problems.append(RowProblem(line, day, problem))
        else:
            week[day] = entry
    # Measured as it is stored: composed, an accent typed as a character of its own with it.
    squad_name = unicodedata.normalize("NFC", values.get("squad", ""))
    if len(squad_name) > 80:
        message = f"Keep the squad name to 80 characters or fewer (this one has {len(squad_name)})."
        result.problems.append(RowProblem(line, "squad", message))
        return
    if "\x00" in squad_name:
        result.problems.append(RowProblem(line, "squad", "Remove the NUL character."))
        return
    if squad_name and not has_letter_or_digit(squad_name):
        result.problems.append(RowProblem(line, "squad", NAME_MESSAGE))
        return
    squad_name = trim(squad_name)
    new = {name_key(name): name for name in result.new_squads}
    if squad_name and name_key(squad_name) in squads:
        squad_name = squads[name_key(squad_name)].name  # shown as the roster spells it
    elif squad_name and name_key(squad_name) in new:
        squad_name = new[name_key(squad_name)]  # as its first row spelled it
    elif squad_name:
        result.new_squads.append(squad_name)  # one squad per name, whatever its case
    if valid and len(week) == len(DAYS):
        result.rows.append(
            {
                **form.cleaned_data,
                "running_week": week,
                "day_cells": {day: values.get(day, "") for day in DAYS},
                "squad_name": squad_name,
                "line": line,
                # The preview shows it in the athlete's units, as their page does.
                "body_mass_shown": body_mass_shown(
                    form.cleaned_data["body_mass_kg"], form.cleaned_data["units"]
                ),
                **{f"{name}_name": _label(form, name) for name in PREVIEW_LABELS},
            }
        )


def roster_csv(athletes) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read the file as UTF-8 (Émile, Zoë)
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for athlete in athletes:
        # A week nobody set (the sample) is left blank, which an import reads as not set.
        week = [
            " ".join(filter(None, (athlete.running_day(d)["run"], athlete.running_day(d)["time"])))
            if athlete.running_week_set
            else ""
            for d in DAYS
        ]
        writer.writerow(
            [
                _safe_cell(athlete.name),
                athlete.sex,
                athlete.body_mass_kg,
                athlete.experience,
                athlete.event,
                _safe_cell(athlete.email),
                athlete.units,
                _safe_cell(athlete.goal_race_name),
                athlete.race_date.isoformat() if athlete.race_date else "",
                _safe_cell(athlete.squad.name) if athlete.squad else "",
                *week,
            ]
        )
    return out.getvalue()


def sample_roster_csv(today: date) -> str:
    """Two made-up athletes in the import's columns, a race 20 weeks ahead: a file to copy."""
    race = today + timedelta(weeks=20, days=6 - today.weekday())
    week = {
        "mon": {"run": "easy", "time": "am"},
        "tue": {"run": "quality", "time": "pm"},
        "wed": {"run": "easy", "time": "am"},
        "thu": {"run": "rest"},
        "fri": {"run": "easy", "time": "am"},
        "sat": {"run": "rest"},
        "sun": {"run": "long", "time": "am"},
    }
    examples = [
        Athlete(
            name="Alex Example",
            email="alex@example.com",
            sex="female",
            body_mass_kg=Decimal("58.5"),
            experience="novice",
            event="marathon",
            units="kg",
            goal_race_name="Spring City Marathon",
            race_date=race,
            running_week=week,
            squad=Squad(name="Marathon group"),
        ),
        Athlete(
            name="Sam Example",
            sex="male",
            body_mass_kg=Decimal("70"),
            experience="intermediate",
            event="10k",
            units="kg",
            running_week={**week, "thu": {"run": "quality", "time": "pm"}},
            squad=Squad(name="Track squad"),
        ),
    ]
    return roster_csv(examples)


def _safe_cell(value: str) -> str:
    """A cell starting with = + - @ (or a tab or carriage return before one) would run as a
    formula in a spreadsheet. So would a part of it after a semicolon: a spreadsheet set to
    a decimal comma (much of Europe) opens a comma-separated file split at semicolons, each
    part a cell of its own ("Ann;=HYPERLINK(...)" is two cells there)."""
    return ";".join(f"'{part}" if part[:1] in FORMULA_STARTS else part for part in value.split(";"))


def _label(form, name: str) -> str:
    """A choice as the roster shows it ("Half marathon", not "half_marathon")."""
    return dict(form.fields[name].choices).get(form.cleaned_data[name], form.cleaned_data[name])


def athlete_from_row(row: dict, club: Club, squad: Squad | None) -> Athlete:
    extra = {
        *("squad", "squad_name", "line", "body_mass_shown", "day_cells"),
        *(f"{name}_name" for name in PREVIEW_LABELS),
    }
    fields = {k: v for k, v in row.items() if k not in extra}
    return Athlete(club=club, squad=squad, **fields)
