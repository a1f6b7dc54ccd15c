"""A club's data as one JSON document: export it, and import it into an empty club.

The document holds what the club owns: squads, athletes (running week, notes and
strength tests included), the club's own exercises and programme templates,
assignments, plans with their sessions, prescriptions and set logs, pain flags and
the history of load edits. Accounts are not part of it: a login belongs to a person,
not to the club's data, so users appear by username only and an import links them
to members of the receiving club with that username.

Rows are numbered within the file instead of by database id, and an import inserts
them in file order, so exporting an imported club gives back the same document.
"""

import json
import logging
import re
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from athletes.csv_roster import column_key, missing_columns
from athletes.models import Athlete, Club, PastRunningWeek, Squad, StrengthTest
from exercises.models import Exercise
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from schedules.club_format import FIELDS, FORMAT, Reader
from schedules.models import (
    Assignment,
    LoadChange,
    PainFlag,
    Plan,
    PlannedExercise,
    PlannedSession,
    RuleOverride,
    SetLog,
)

MAX_BYTES = 64 * 1024 * 1024
# Objects and lists a file may hold: a club's file has one for about every 150 bytes, so a
# real one at MAX_BYTES holds under half a million. A file of empty ones ({},{},...) would
# take well over a gigabyte to read.
MAX_CONTAINERS = 1_000_000
# Reading JSON takes many times its size in memory, and how many depends on its shape: a
# club's own file of 64 MB takes about 250 MB, while 64 MB of short strings, or of one
# object's keys, take over a gigabyte. A file past FIRST_READ_BYTES is therefore read once in
# a separate process held to READ_MEMORY of address space, and refused if it does not fit
# there, before the server reads it.
FIRST_READ_BYTES = 4 * 1024 * 1024
READ_MEMORY = 512 * 1024 * 1024
READ_SECONDS = 120
TOO_BIG = 3  # the reading process's exit status when the file does not fit
READER = """
import json, resource, sys
limit, too_big = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    json.loads(sys.stdin.buffer.read())
except MemoryError:
    sys.exit(too_big)
except Exception:
    pass  # not JSON: the server's own reading says why
"""
log = logging.getLogger(__name__)
# Stamped with the time of the insert (auto_now_add): an import inserts the file's instead.
STAMPS = {Assignment: ["created_at"], PainFlag: ["created_at"], LoadChange: ["at"]}
# Rows one INSERT carries. PostgreSQL takes each column as one list, however many rows, so
# a big club's file is written in a few dozen statements; on SQLite, Django splits them
# further to its limit on parameters.
BATCH = 5000
WRITE_ORDER = (
    *(Exercise, Squad, Athlete, PastRunningWeek, StrengthTest),
    *(ProgramTemplate, Phase, SessionTemplate, Prescription),
    *(Assignment, Plan, PlannedSession, PlannedExercise, SetLog, PainFlag),
    *(LoadChange, RuleOverride),
)


CHOOSE = (
    "Choose the .json file that Download club file made, as it was downloaded, and load it again."
)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` says why, one line each. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "refused")
        self.problems = problems


# Export


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _row(obj, **links) -> dict:
    return {**{name: _plain(getattr(obj, name)) for name in FIELDS[type(obj)]}, **links}


def _values(queryset, *extra: str) -> Iterator[tuple[dict, tuple]]:
    """Each row's own values as _row writes them, and the EXTRA columns beside."""
    names = FIELDS[queryset.model]
    cut = len(names)
    for values in queryset.values_list(*names, *extra):
        own = zip(names, values[:cut], strict=True)
        yield {name: _plain(value) for name, value in own}, values[cut:]


def _grouped(queryset, key: str) -> dict[int, list]:
    groups = defaultdict(list)
    for obj in queryset:
        groups[getattr(obj, key)].append(obj)
    return groups


def _numbered(rows) -> dict[int, int]:
    return {row.pk: number for number, row in enumerate(rows, 1)}


def _remade(remade: dict) -> dict:
    """The plan's re-plan summary without the plan job that made it: jobs stay with the
    server that ran them, and their numbers mean nothing to another one."""
    return {**remade, "job": None} if remade else {}


def _variants(exercise: Exercise, difficulty: dict[int, int]) -> dict[str, int | None]:
    """The exercise's easier and harder variants as the exercise form and an import keep
    them (data from before they were checked may not): never the exercise itself, and one
    exercise named both ways only the way its difficulty points (easier when level), so the
    club's own file always loads."""
    easier, harder = exercise.easier_id, exercise.harder_id
    easier, harder = (None if pk == exercise.pk else pk for pk in (easier, harder))
    if easier is not None and easier == harder:
        if difficulty.get(harder, 0) > exercise.difficulty:
            easier = None
        else:
            harder = None
    return {"easier": easier, "harder": harder}


# Plans whose sessions, lifts and set logs a download holds in memory at once: a big club's
# file is written a few plans at a time, not built whole first (for 300 athletes with months
# of logs, that took about 240 MB of the web worker's memory; this way, about 50 MB).
PLANS_AT_ONCE = 25
_dump = partial(json.dumps, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


class _Usernames:
    """Usernames by user id, looked up as rows naming users are written."""

    def __init__(self) -> None:
        self.known: dict[int | None, str | None] = {None: None}

    def learn(self, ids) -> None:
        wanted = set(ids) - self.known.keys()
        if wanted:
            users = get_user_model().objects.filter(pk__in=wanted).values_list("pk", "username")
            self.known.update(dict.fromkeys(wanted))  # a user since deleted: nobody
            self.known.update(users)

    def __getitem__(self, pk: int | None) -> str | None:
        return self.known.get(pk)


def club_export(club: Club) -> dict:
    """Everything the club owns, in a fixed order, with rows numbered within the file."""
    return json.loads("".join(club_file(club)))


def club_file(club: Club) -> Iterator[str]:
    """The club's file as JSON text, in parts (see PLANS_AT_ONCE), read from one snapshot
    of the database where it gives one, so rows saved meanwhile cannot half appear."""
    with _snapshot():
        yield from _club_file(club)


@contextmanager
def _snapshot():
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # In a transaction already, its own isolation holds; the demo's SQLite reads as it is.
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _club_file(club: Club) -> Iterator[str]:
    seen = Exercise.objects.for_club(club).values_list("pk", "slug", "difficulty")
    slugs = {pk: slug for pk, slug, _ in seen}
    difficulty = {pk: level for pk, _, level in seen}
    exercises = list(Exercise.objects.filter(club=club).order_by("pk"))
    squads = list(Squad.objects.filter(club=club).order_by("pk"))
    athletes = list(Athlete.objects.filter(club=club).order_by("pk"))
    tests = _grouped(StrengthTest.objects.filter(athlete__club=club).order_by("pk"), "athlete_id")
    past_weeks = _grouped(PastRunningWeek.objects.filter(athlete__club=club), "athlete_id")
    templates = list(ProgramTemplate.objects.filter(club=club).order_by("pk"))
    phases = _grouped(Phase.objects.filter(template__club=club), "template_id")
    slots = _grouped(SessionTemplate.objects.filter(phase__template__club=club), "phase_id")
    doses = _grouped(Prescription.objects.filter(session__phase__template__club=club), "session_id")
    assignments = list(
        Assignment.objects.filter(athlete__club=club).select_related("template").order_by("pk")
    )
    plans = list(Plan.objects.filter(athlete__club=club).order_by("pk"))
    names = _Usernames()
    names.learn(a.created_by_id for a in assignments)
    squad_no, athlete_no = _numbered(squads), _numbered(athletes)
    template_no, assignment_no = _numbered(templates), _numbered(assignments)
    planned_no: dict[int, int] = {}

    def template_row(t: ProgramTemplate) -> dict:
        return _row(
            t,
            id=template_no[t.pk],
            phases=[
                _row(
                    phase,
                    sessions=[
                        _row(
                            slot,
                            prescriptions=[
                                _row(dose, exercise=slugs.get(dose.exercise_id))
                                for dose in doses[slot.pk]
                            ],
                        )
                        for slot in slots[phase.pk]
                    ],
                )
                for phase in phases[t.pk]
            ],
        )

    def plan_rows(batch: list[Plan]) -> Iterator[dict]:
        # Read as plain values: the most rows of the file, made into objects for nothing.
        ids = [plan.pk for plan in batch]
        sessions, lifts, sets = defaultdict(list), defaultdict(list), defaultdict(list)
        for row, (pk, plan, seen_by) in _values(
            PlannedSession.objects.filter(plan__in=ids), "pk", "plan_id", "soreness_seen_by_id"
        ):
            sessions[plan].append((row, pk, seen_by))
        for row, (pk, session, exercise, edited_by) in _values(
            PlannedExercise.objects.filter(session__plan__in=ids),
            *("pk", "session_id", "exercise_id", "edited_by_id"),
        ):
            lifts[session].append((row, pk, exercise, edited_by))
        for row, (lift,) in _values(
            SetLog.objects.filter(planned_exercise__session__plan__in=ids), "planned_exercise_id"
        ):
            sets[lift].append(row)
        names.learn(seen_by for rows in sessions.values() for _, _, seen_by in rows)
        names.learn(edited_by for rows in lifts.values() for *_, edited_by in rows)

        def lift_row(row: dict, pk: int, exercise: int, edited_by: int | None) -> dict:
            planned_no[pk] = len(planned_no) + 1
            return {
                **row,
                "id": planned_no[pk],
                "exercise": slugs.get(exercise),
                "edited_by": names[edited_by],
                "set_logs": sets[pk],
            }

        for plan in batch:
            yield _row(
                plan,
                athlete=athlete_no[plan.athlete_id],
                assignment=assignment_no.get(plan.assignment_id),
                remade=_remade(plan.remade),
                sessions=[
                    {
                        **row,
                        "soreness_seen_by": names[seen_by],
                        "exercises": [lift_row(*lift) for lift in lifts[pk]],
                    }
                    for row, pk, seen_by in sessions[plan.pk]
                ],
            )

    own_template = {t.pk for t in templates}
    head = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "club": {"name": club.name},
        "exercises": [
            _row(e, **{key: slugs.get(pk) for key, pk in _variants(e, difficulty).items()})
            for e in exercises
        ],
        "squads": [_row(s, id=squad_no[s.pk]) for s in squads],
        "athletes": [
            _row(
                a,
                id=athlete_no[a.pk],
                squad=squad_no.get(a.squad_id),
                past_running_weeks=[_row(week) for week in past_weeks[a.pk]],
                strength_tests=[_row(t, exercise=slugs.get(t.exercise_id)) for t in tests[a.pk]],
            )
            for a in athletes
        ],
        "templates": [template_row(t) for t in templates],
        "assignments": [
            _row(
                a,
                id=assignment_no[a.pk],
                athlete=athlete_no[a.athlete_id],
                template=template_no.get(a.template_id),
                shipped_template=None if a.template_id in own_template else a.template.name,
                created_by=names[a.created_by_id],
            )
            for a in assignments
        ],
    }
    yield _dump(head)[:-1] + ',"plans":['
    for at in range(0, len(plans), PLANS_AT_ONCE):
        rows = plan_rows(plans[at : at + PLANS_AT_ONCE])
        yield ("," if at else "") + ",".join(_dump(row) for row in rows)

    flags = list(PainFlag.objects.filter(athlete__club=club).order_by("pk"))
    changes = list(LoadChange.objects.filter(athlete__club=club).order_by("pk"))
    accepted = list(RuleOverride.objects.filter(athlete__club=club).order_by("pk"))
    names.learn(f.cleared_by_id for f in flags)
    names.learn(c.user_id for c in changes)
    names.learn(o.created_by_id for o in accepted)
    tail = {
        "pain_flags": [
            _row(
                f,
                athlete=athlete_no[f.athlete_id],
                planned_exercise=planned_no.get(f.planned_exercise_id),
                exercise=slugs.get(f.exercise_id),
                cleared_by=names[f.cleared_by_id],
            )
            for f in flags
        ],
        "load_changes": [
            _row(
                c,
                athlete=athlete_no[c.athlete_id],
                planned_exercise=planned_no.get(c.planned_exercise_id),
                user=names[c.user_id],
            )
            for c in changes
        ],
        "rule_overrides": [
            _row(o, athlete=athlete_no[o.athlete_id], created_by=names[o.created_by_id])
            for o in accepted
        ],
    }
    yield "]," + _dump(tail)[1:]


# Import


def read_document(raw: bytes) -> dict:
    """The uploaded bytes as a club document, or ImportRefused saying why not."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused([f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."])

    if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS:
        raise ImportRefused(
            [
                f"The file holds more records than any club's (over {MAX_CONTAINERS:,} objects and "
                "lists): it is not a club file."
            ]
        )

    if len(raw) > FIRST_READ_BYTES:
        _read_apart(raw)

    def refuse_constant(name: str):
        raise ValueError(f"The file holds {name} where a number goes, which a club file never does")

    try:
        data = json.loads(raw, parse_constant=refuse_constant)
    except UnicodeDecodeError:
        raise ImportRefused(
            ["The file is not UTF-8 text: it is not a club file. " + CHOOSE]
        ) from None
    except json.JSONDecodeError as exc:
        if _roster_csv(raw):
            message = (
                "This is a roster CSV, not a club file: add its athletes with Import CSV on "
                "the Athletes page. A club file is the .json that Download club file makes."
            )
        elif not raw.strip():
            message = f"The file is empty. {CHOOSE}"
        elif _cut_short(exc):
            message = (
                "The file is cut short: it stops partway through, as a download that did not "
                "finish does. Download the club file again from the club it came from, let the "
                "download finish, and load the new file here."
            )
        else:
            # Python's own words ("Expecting value") say nothing to a coach: where it goes
            # wrong does, to whoever mends the file by hand.
            message = (
                "The file is not JSON, so it is not a club file (it stops reading as JSON at "
                f"line {exc.lineno}, character {exc.colno}). {CHOOSE}"
            )
        raise ImportRefused([message]) from None
    except RecursionError:
        message = f"The file's records are nested far deeper than a club file's. {CHOOSE}"
        raise ImportRefused([message]) from None
    except ValueError as exc:
        # A NaN or Infinity (refuse_constant), or a number of thousands of digits.
        said = str(exc) if str(exc).startswith("The file holds") else ""
        said = said or "The file holds a number far too long to read"
        raise ImportRefused([f"{said}: it is not a club file as downloaded. {CHOOSE}"]) from None
    return data


def _cut_short(exc: json.JSONDecodeError) -> bool:
    """Whether JSON that starts as a club file's reads well until it stops: a download that
    did not finish, or a copy cut short, wherever the cut falls (between values, inside a
    text, or partway through a true, false or null)."""
    if not exc.doc.lstrip().startswith("{"):
        return False
    rest = exc.doc[exc.pos :].rstrip()
    return (
        not rest
        or exc.msg.startswith("Unterminated string")
        or any(word.startswith(rest) for word in ("true", "false", "null"))
    )


def _read_apart(raw: bytes) -> None:
    """Read the file in a process of its own, held to READ_MEMORY: ImportRefused when it
    does not fit there (or cannot be read there at all)."""
    command = [sys.executable, "-I", "-S", "-c", READER, str(READ_MEMORY), str(TOO_BIG)]
    try:
        # The command is this module's own; the file goes in as data on standard input.
        done = subprocess.run(  # noqa: S603
            command, input=raw, capture_output=True, timeout=READ_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise ImportRefused(
            [f"The file took over {READ_SECONDS} seconds to read: it is not a club file."]
        ) from None
    except OSError:
        log.exception("club file: the reading process could not start")
        raise ImportRefused(["The file could not be read just now: try again later."]) from None
    if done.returncode == TOO_BIG or done.returncode < 0:
        raise ImportRefused(
            [
                f"Reading the file would take over {READ_MEMORY // (1024 * 1024)} MB of memory, "
                "far more than a club's file of its size: it is not a club file."
            ]
        )
    if done.returncode != 0:
        log.error("club file: the reading process stopped with %s", done.returncode)
        raise ImportRefused(["The file could not be read just now: try again later."])


def _roster_csv(raw: bytes) -> bool:
    """Whether the bytes start with a header the roster import reads (a CSV chosen by
    mistake): its headings matched as that import matches them ("Body mass (lb)", "Race
    date"), past a spreadsheet's "sep=" line."""
    lines = raw[:2048].decode("utf-8-sig", errors="replace").lstrip("\ufeff").splitlines()[:2]
    if lines and lines[0].lower().startswith("sep="):
        lines = lines[1:]
    if not lines:
        return False
    header = [column_key(c.strip().strip('"')) for c in re.split("[,;]", lines[0])]
    return not missing_columns(header)


def club_contents(club: Club) -> list[str]:
    """What the club already holds that an import would mix with (empty for a new club)."""
    counts = (
        (Athlete.objects.filter(club=club).count(), "athlete"),
        (Squad.objects.filter(club=club).count(), "squad"),
        (ProgramTemplate.objects.filter(club=club).count(), "programme template"),
        (Exercise.objects.filter(club=club).count(), "exercise"),
    )
    return [f"{n} {name}{'s' * (n != 1)}" for n, name in counts if n]


def club_import(data, club: Club) -> dict[str, int]:
    """Write a club document into an empty club in one transaction; returns row counts.

    The whole file is checked first; any problem refuses it and nothing is written.
    """
    try:
        with transaction.atomic():
            Club.objects.select_for_update().filter(pk=club.pk).first()
            held = club_contents(club)
            if held:
                raise ImportRefused(
                    [
                        f"This club already holds {', '.join(held)}. A club file is imported "
                        "into a new, empty club only, so nothing is mixed or overwritten."
                    ]
                )
            reader = _reader(club)
            reader.document(data)
            if reader.problems:
                raise ImportRefused(reader.problems)
            _write(reader)
    except DatabaseError as exc:
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        message = f"The database refused the file ({first}); nothing was imported."
        raise ImportRefused([message]) from exc
    return {str(model._meta.verbose_name_plural): len(reader.rows[model]) for model in WRITE_ORDER}


def _reader(club: Club) -> Reader:
    members = get_user_model().objects.filter(membership__club=club)
    shipped = ProgramTemplate.objects.filter(club__isnull=True).order_by("-pk")
    return Reader(
        club=club,
        members={user.get_username(): user for user in members},
        shipped_exercises={e.slug: e for e in Exercise.objects.filter(club__isnull=True)},
        # The oldest shipped template wins when two share a name.
        shipped_templates={t.name: t for t in shipped},
    )


def _write(reader: Reader) -> None:
    with _stamps_from_file():
        for model in WRITE_ORDER:
            model.objects.bulk_create(reader.rows[model], batch_size=BATCH)
    for exercise, easier, harder in reader.variants:
        exercise.easier, exercise.harder = reader.exercise(easier), reader.exercise(harder)
    Exercise.objects.bulk_update([e for e, _, _ in reader.variants], ["easier", "harder"])


_FROM_FILE: ContextVar[bool] = ContextVar("stamps from a club file", default=False)
_KEEPING = threading.Lock()


@contextmanager
def _stamps_from_file():
    """Within, and in this thread only, a row of STAMPS inserted keeps the stamp it holds
    (the file's) rather than taking the time of the insert: one INSERT writes it, with no
    UPDATE after. The fields' pre_save is wrapped the first time, for good; outside, and in
    other threads meanwhile, the wrapper hands over to it and rows stamp as always."""
    with _KEEPING:
        for model, names in STAMPS.items():
            for name in names:
                field = model._meta.get_field(name)
                if not getattr(field.pre_save, "keeps_file_stamp", False):
                    field.pre_save = _kept_from_file(field, field.pre_save)
    token = _FROM_FILE.set(True)
    try:
        yield
    finally:
        _FROM_FILE.reset(token)


def _kept_from_file(field, stamp):
    def pre_save(model_instance, add):
        if _FROM_FILE.get():
            return getattr(model_instance, field.attname)
        return stamp(model_instance, add)

    pre_save.keeps_file_stamp = True
    return pre_save
