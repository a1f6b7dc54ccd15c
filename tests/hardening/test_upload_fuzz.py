"""Random and hostile files for the two imports: the roster CSV and the club file.

Never a server error; the roster's checking step never writes; a confirmed roster is
imported only when the whole file is clean; a refused club file leaves every table alone.
"""

import csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from athletes.csv_roster import EXPORT_COLUMNS, parse_roster
from athletes.models import Athlete
from schedules.club_data import club_export
from tests.hardening.hostile import DATES, FUZZ, NUMBERS, TEXT, attempt, snapshot, word
from tests.hardening.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def upload(url: str, name: str, content: bytes, **fields):
    def send(client):
        file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return client.post(url, {"file": file, **fields})

    return send


# The roster CSV

GOOD_CELLS = {
    **{"name": "Cleo Chen", "sex": "female", "body_mass_kg": "58.5", "experience": "novice"},
    **{"event": "5k", "email": "cleo@example.com", "units": "kg", "goal_race_name": "Parkrun"},
    **{"race_date": "", "squad": "Road", "mon": "easy am", "tue": "rest", "wed": "quality pm"},
    **{"thu": "rest", "fri": "easy pm", "sat": "rest", "sun": "long am"},
}
cell = st.one_of(st.sampled_from(NUMBERS + DATES + TEXT), word)
column = st.one_of(st.sampled_from(EXPORT_COLUMNS), st.sampled_from(EXPORT_COLUMNS), word)


@st.composite
def roster_files(draw) -> bytes:
    """A CSV whose header and cells are mostly right and partly hostile."""
    header = draw(st.lists(column, min_size=1, max_size=len(EXPORT_COLUMNS) + 2))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        rows.append(
            [
                draw(st.one_of(st.just(GOOD_CELLS.get(name, "")), st.just(""), cell))
                for name in header
            ]
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue().replace("\x00", draw(st.sampled_from(["\x00", ""])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(content=st.one_of(st.binary(max_size=2048), roster_files()), htmx=st.booleans())
def test_checking_a_roster_file_never_fails_and_never_writes(world, content, htmx):
    response, changed = attempt(
        world, "roster_import", upload("/athletes/import/", "r.csv", content)
    )

    assert response.status_code in (200, 400)
    assert not changed
    if response.status_code == 400:
        assert "error" in response.content.decode()


def confirmation(client, text: str) -> dict:
    """The Import button's form as a preview of the same text shows it."""
    file = SimpleUploadedFile("r.csv", text.encode("utf-8"), content_type="text/csv")
    preview = client.post("/athletes/import/", {"file": file})
    found = re.search(rb'name="import_token" value="([^"]+)"', preview.content)
    token = found[1].decode() if found else ""
    known = re.search(rb'name="on_roster" value="([^"]+)"', preview.content)
    on_roster = known[1].decode() if known else ""
    return {"confirm": "1", "csv_text": text, "import_token": token, "on_roster": on_roster}


@FUZZ
@given(content=roster_files())
def test_a_confirmed_roster_is_imported_only_when_the_whole_file_is_clean(world, content):
    text = content.decode("utf-8", errors="replace")
    raw = text.encode("utf-8")
    parsed = parse_roster(raw, world.club)
    added = []

    def confirm(client):
        before = Athlete.objects.count()
        response = client.post("/athletes/import/", confirmation(client, text))
        added.append(Athlete.objects.count() - before)
        return response

    response, changed = attempt(world, "roster_import", confirm)

    if parsed.ok:
        assert response.status_code == 302
        assert added == [len(parsed.rows)]
    else:
        assert response.status_code in (200, 400)
        assert not changed


def test_a_clean_roster_file_is_imported_after_confirmation(world):
    header, row = list(GOOD_CELLS), list(GOOD_CELLS.values())
    text = ",".join(header) + "\n" + ",".join(row) + "\n"

    def confirm(client):
        return client.post("/athletes/import/", confirmation(client, text))

    response, changed = attempt(world, "roster_import", confirm)

    assert response.status_code == 302
    assert changed


# The club file

JSON_VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, -1, 2**70, -(2**70), 1e308, -0.0, "", [], {}]),
    st.sampled_from(["NaN", "x" * 10_000, "<script>alert(1)</script>", "\x00", "2024-02-30"]),
    st.sampled_from(["9999-12-31T23:59:59+00:00", "back-squat", "moon-squat", "1e999999"]),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.integers(0, 5), max_size=3),
)


def leaves(node, path=()):
    """Every place in the document a value sits, keys of objects included."""
    if isinstance(node, dict):
        yield path
        for key, child in node.items():
            yield from leaves(child, (*path, key))
    elif isinstance(node, list):
        yield path
        for index, child in enumerate(node):
            yield from leaves(child, (*path, index))
    else:
        yield path


def replace(document, path, new):
    if not path:
        return new
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return document


@pytest.fixture
def club_file(world):
    return json.loads(json.dumps(club_export(world.club)))


@FUZZ
@given(
    changes=st.lists(
        st.tuples(st.integers(min_value=0), JSON_VALUES, st.booleans()), min_size=1, max_size=4
    )
)
def test_a_broken_club_file_is_refused_whole_or_imported_whole(world, club_file, changes):
    document = json.loads(json.dumps(club_file))
    for position, new, drop in changes:
        places = list(leaves(document))
        path = places[position % len(places)]
        if drop and path and isinstance(path[-1], str):
            del _at(document, path[:-1])[path[-1]]
        else:
            document = replace(document, path, new)
    content = json.dumps(document).encode()

    response, changed = attempt(world, "club_import", upload("/club/import/", "c.json", content))

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "Nothing was imported" in response.content.decode()
        assert not changed


def _at(document, path):
    for step in path:
        document = document[step]
    return document


@FUZZ
@given(content=st.binary(max_size=4096))
def test_random_bytes_are_not_a_club_file(world, content):
    response, changed = attempt(world, "club_import", upload("/club/import/", "c.json", content))

    assert response.status_code == 400
    assert not changed


def test_the_unbroken_club_file_imports(world, club_file):
    before = snapshot()
    content = json.dumps(club_file).encode()

    response, changed = attempt(world, "club_import", upload("/club/import/", "c.json", content))

    assert response.status_code == 302
    assert changed
    assert snapshot() == before  # the attempt was rolled back


def test_a_roster_with_old_mac_line_endings_is_read(world):
    text = ",".join(GOOD_CELLS) + "\r" + ",".join(GOOD_CELLS.values()) + "\r"

    parsed = parse_roster(text.encode(), world.club)

    assert parsed.ok
    assert parsed.rows[0]["name"] == "Cleo Chen"


def test_a_roster_field_too_long_for_the_csv_reader_is_a_problem_not_a_failure(world):
    text = "name,sex\n" + "x" * 200_000 + ",female\n"

    parsed = parse_roster(text.encode(), world.club)

    assert [(p.line, p.field, p.message[:41]) for p in parsed.problems] == [
        (2, "row", "A cell holds more than 131,072 characters")
    ]


def test_a_squad_name_with_a_nul_character_is_refused(world):
    cells = {**GOOD_CELLS, "squad": "Road\x00s"}
    text = ",".join(cells) + "\n" + ",".join(cells.values()) + "\n"

    parsed = parse_roster(text.encode(), world.club)

    assert not parsed.ok
    assert [(p.field, p.message) for p in parsed.problems] == [
        ("squad", "Remove the NUL character.")
    ]
