"""What each PDF export prints, and rendering that fetches nothing from outside.

Only the export worker imports this module: WeasyPrint is heavy, and web processes
never render PDFs.
"""

import logging
import math
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import BooleanField, ExpressionWrapper, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from athletes.models import Athlete, Squad
from config.text import without_controls
from exercises.models import Exercise
from programs.engine.duration import each_side
from programs.models import PHASES, SESSION_KINDS
from schedules.athlete_week import PLATE_STEP, length_text, warm_up
from schedules.calendar import lifts_a_week, phase_on, week_count
from schedules.logbook import exercises_with_ticks, pain_flags, withheld_by
from schedules.models import PainFlag, Plan, PlannedExercise, PlannedSession

log = logging.getLogger(__name__)
# WeasyPrint reports every rendering step at INFO; a worker's log needs none of them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Relative URLs in the print templates resolve against this made-up origin (the .invalid
# top-level domain never resolves); the fetcher maps its /static/ path to our own files.
PDF_BASE_URL = "https://runstrength.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"
PRINT_CSS = "css/print.css"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

PHASE_NAMES = dict(PHASES)
KIND_NAMES = dict(SESSION_KINDS)
# DOMAIN S6: one lighter set at 50-60 % of the working weight before each heavy lift.


class ExportInputError(Exception):
    """The export cannot be made from the data as it is; the message is for the coach."""


class SafeUrlFetcher(URLFetcher):
    """Serve `data:` URLs and the app's own static files; refuse every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            self.refused.append(url)
            log.warning("PDF export refused to fetch %.200s", url)
            raise ValueError(f"refused: {url:.200}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


def static_file_for(url: str) -> Path | None:
    """The file under our static directories that a URL names, or None."""
    if not url.startswith(STATIC_PREFIX):
        return None
    relative = unquote(urlsplit(url).path).removeprefix("/static/")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    path = Path(found) if isinstance(found, str) else None
    return path if path is not None and path.is_file() else None


# Parsed images by URL, kept for the life of the worker: only our own static files and
# data: URLs get through the fetcher, so the cache holds just the few the templates use.
_IMAGES: dict = {}


@cache
def _stylesheets(paper: str, landscape: bool) -> list[CSS]:
    size = PAPER_SIZES[paper] + (" landscape" if landscape else "")
    print_css = CSS(url=STATIC_PREFIX + PRINT_CSS, url_fetcher=SafeUrlFetcher())
    return [print_css, CSS(string=f"@page {{ size: {size} }}")]


@cache
def _font_config() -> FontConfiguration:
    """One font configuration per worker process: its fonts stay loaded between renders."""
    return FontConfiguration()


def render_pdf(html: str, *, paper: str, landscape: bool = False) -> tuple[bytes, int]:
    """The PDF bytes and page count of a print template's HTML: a control character in the
    text it prints (a name or note pasted from a word processor) prints as a space."""
    fetcher = SafeUrlFetcher()
    document = HTML(
        string=without_controls(html), base_url=PDF_BASE_URL, url_fetcher=fetcher
    ).render(stylesheets=_stylesheets(paper, landscape), font_config=_font_config(), cache=_IMAGES)
    return document.write_pdf(), len(document.pages)


def number(value: Decimal) -> str:
    """60.00 -> "60", 52.50 -> "52.5"."""
    return format(Decimal(value).normalize(), "f")


def dose(pe: PlannedExercise) -> str:
    if pe.reps:
        return f"{pe.sets} × {pe.reps}"
    if pe.seconds:
        return f"{pe.sets} × {pe.seconds} s"
    if pe.metres:
        return f"{pe.sets} × {pe.metres} m"
    return f"{pe.sets} sets"


@dataclass(frozen=True)
class Row:
    name: str
    each_leg: bool
    dose: str
    load: str
    load_note: list[str]
    percent: str
    warmup: str
    rest: str
    cues: str
    withheld: str = ""  # why the exercise is left out of this session (an open pain flag)
    effort: str = ""  # reps in reserve beside a load
    note: str = ""  # the coach's, which a crowded week keeps when the cues give way


def withheld_text(flag: PainFlag | None) -> str:
    if flag is None:
        return ""
    reported = timezone.localdate(flag.created_at)  # the day it was reported, as on the phone
    if flag.cleared_at is not None:
        back = timezone.localdate(flag.cleared_at)
        return f"Left out: pain reported {reported:%a %-d %b}. Back from {back:%a %-d %b}."
    return (
        f"Left out: pain reported {reported:%a %-d %b}. "
        "Your coach will put it back when it is safe."
    )


def exercise_row(pe: PlannedExercise, withheld: PainFlag | None = None) -> Row:
    if withheld is not None:
        return Row(
            name=pe.exercise.name,
            each_leg=each_side(pe),
            dose="",
            load="",
            load_note=[],
            percent="",
            warmup="",
            rest="",
            cues="",
            withheld=withheld_text(withheld),
        )
    load, load_note, warmup = "", [], ""
    if pe.load is not None:
        load = f"{number(pe.load)} {pe.unit}"
        # The same warm-up set as on the phone and in the calendar.
        if found := warm_up(pe):
            light, reps = found
            warmup = f"{number(light)} {pe.unit} × {reps}"
    elif pe.percent_1rm is not None:
        load_note.append("no 1RM yet")
    # How hard, as the phone says it: with a load too when the coach set reps in reserve
    # (a plain line then; it is a warning colour only beside "no 1RM yet").
    effort = ""
    if pe.rir is not None and pe.category in ("max_strength", "power"):
        if load:
            effort = f"{pe.rir} reps in reserve"
        else:
            load_note.append(f"{pe.rir} reps in reserve")
    minutes, seconds = divmod(pe.rest_s, 60)
    # The note prints first, marked as on the phone, with one cue after it instead of two.
    cues = pe.exercise.cue_list[: 1 if pe.note else 2]
    return Row(
        name=pe.exercise.name,
        each_leg=each_side(pe),
        dose=dose(pe),
        load=load,
        load_note=load_note,
        # A percentage of an unknown 1RM means nothing to the athlete: RIR governs then.
        percent=f"{number(pe.percent_1rm)} %" if load and pe.percent_1rm is not None else "",
        warmup=warmup,
        rest=f"{minutes}:{seconds:02d}" if pe.rest_s else "",
        cues=" · ".join(cues),
        effort=effort,
        note=pe.note,
    )


@dataclass
class Session:
    date: date
    time: str
    phase: str
    label: str
    kind: str
    kind_name: str
    deload: bool
    rows: list[Row]
    length: str = ""  # "about 44 min", for what is left once pain reports took exercises out


LINES_WITH_CUES = 40  # what a week's page holds, about (exports.py checks the page count)
SESSION_LINES = 2  # a session's heading, with the space above it
CUE_LINE = 0.6  # a cue line, in smaller type


@dataclass
class Week:
    number: int
    start: date
    end: date
    phase: str
    sessions: list[Session] = field(default_factory=list)
    race_date: date | None = None  # the goal race, when it falls in this week
    # Without the cue lines (the phone has them; a coach's note stays): for a week whose
    # page would not hold them.
    compact: bool = False

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES.get(self.phase, self.phase)

    @property
    def deload(self) -> bool:
        return any(s.deload for s in self.sessions)

    @property
    def has_percent(self) -> bool:
        """Whether a load of the week is printed with its % 1RM (the legend explains it)."""
        return any(r.percent for s in self.sessions for r in s.rows)

    @property
    def lines(self) -> float:
        """About how many lines of the page the week fills with its cues: a heading a
        session, and each exercise's lines (a load with its % and reps in reserve is three)
        with its smaller cue line."""
        return (
            sum(
                SESSION_LINES
                + sum(
                    max(1, 1 + bool(r.percent) + bool(r.effort) + len(r.load_note)) for r in s.rows
                )
                + CUE_LINE * len(s.rows)
                for s in self.sessions
            )
            + self.has_percent
        )  # the legend under the table


def sessions_query():
    exercises = exercises_with_ticks()
    return PlannedSession.objects.order_by("date", "time", "id").prefetch_related(
        Prefetch("exercises", queryset=exercises)
    )


def to_session(ps: PlannedSession, flags: list[PainFlag] = ()) -> Session:
    """A session as printed; an exercise an open pain flag holds back (L9) is left out, as on
    the athlete's phone."""
    exercises = list(ps.exercises.all())
    held = {
        pe.pk: withheld_by(flags, pe.exercise_id, ps.date, logged_at=ps.logged_at, done=pe.ticked)
        for pe in exercises
    }
    return Session(
        date=ps.date,
        time=ps.time.upper(),
        phase=ps.phase,
        label=ps.label,
        kind=ps.kind,
        kind_name=KIND_NAMES.get(ps.kind, ps.kind),
        deload=ps.deload,
        rows=[exercise_row(pe, held[pe.pk]) for pe in exercises],
        length=length_text(ps.kind, [pe for pe in exercises if held[pe.pk] is None]),
    )


def group_weeks(
    plan: Plan, sessions: list[PlannedSession], flags: list[PainFlag] = ()
) -> list[Week]:
    weeks: dict[int, Week] = {}
    for ps in sessions:
        week = weeks.get(ps.week)
        if week is None:
            start = plan.start_date + timedelta(weeks=ps.week - 1)
            week = Week(ps.week, start, start + timedelta(days=6), ps.phase)
            weeks[ps.week] = week
        week.sessions.append(to_session(ps, flags))
    for week in weeks.values():
        week.compact = week.lines > LINES_WITH_CUES
    return [weeks[n] for n in sorted(weeks)]


def _plan_for(athlete: Athlete) -> Plan:
    plan = Plan.objects.filter(athlete=athlete).first()
    if plan is None:
        raise ExportInputError(f"{athlete.name} has no plan yet: assign a programme first.")
    return plan


SCALE_LABELS = 26  # week numbers the phase bar's scale holds side by side


def scale_labels(weeks: int) -> set[int]:
    """The weeks numbered under the phase bar: every one while the numbers fit side by
    side; past that every 2nd, 3rd... from the first (a year's plan would otherwise wrap
    them digit under digit)."""
    return set(range(1, weeks + 1, max(1, math.ceil(weeks / SCALE_LABELS))))


# The phase bar's width on the cover (the page less its margins), and about how much of it
# a phase's name takes in the bar's 6.5 pt bold type, with the room around it.
BAR_WIDTH_MM = {"a4": 184.0, "letter": 189.9}
NAME_MM_A_LETTER = 1.45
NAME_ROOM_MM = 2.8


def bar_labels(phases: list[dict], paper: str) -> None:
    """Give each phase the name its part of the bar prints, where the name fits inside it:
    printed in black and white the phase colours are one grey. A phase too narrow for its
    name is left blank (the table under the bar names every phase)."""
    weeks = sum(p["weeks"] for p in phases) or 1
    week_mm = BAR_WIDTH_MM.get(paper, BAR_WIDTH_MM["a4"]) / weeks
    for p in phases:
        fits = len(p["name"]) * NAME_MM_A_LETTER + NAME_ROOM_MM <= p["weeks"] * week_mm
        p["label"] = p["name"] if fits else ""


def _phase_blocks(plan: Plan, sessions: list[PlannedSession]) -> list[dict]:
    """Each phase with the plan weeks it covers, counted as the page header counts them:
    weeks from the plan's start, so a short race week is a week of its own; and the lifting
    sessions its weeks hold, counted as the plan page counts them."""
    blocks = []
    for block in plan.phases:
        start, end = date.fromisoformat(block["start"]), date.fromisoformat(block["end"])
        first = (start - plan.start_date).days // 7 + 1
        weeks = max(1, (end - plan.start_date).days // 7 + 1 - first + 1)
        blocks.append(
            {
                "phase": block["phase"],
                "name": PHASE_NAMES.get(block["phase"], block["phase"]),
                "start": start,
                "end": end,
                "weeks": weeks,
                "week_range": range(first, first + weeks),
                "lifts": lifts_a_week(block, sessions),
            }
        )
    return blocks


def one_rep_maxes(athlete: Athlete, plan: Plan) -> list[dict]:
    """The 1RMs the plan's loads come from: the lifts it has, each to 0.1 as the athlete's
    page shows it (an estimate from a rep test can have more decimals); and the lifts its
    weeks print as "no 1RM yet" (L3), with no value, so the list names them too."""
    by_effort = ExpressionWrapper(
        Q(load__isnull=True, percent_1rm__isnull=False), output_field=BooleanField()
    )
    lifts = (
        PlannedExercise.objects.filter(session__plan=plan)
        .values_list("exercise__slug", by_effort)
        .distinct()
    )
    used, untested = set(), set()
    for slug, no_load in lifts:
        used.add(slug)
        if no_load:
            untested.add(slug)
    values = {s: v for s, v in athlete.current_one_rep_maxes().items() if s in used}
    untested -= set(values)
    names = dict(
        Exercise.objects.for_club(athlete.club)
        .filter(slug__in=set(values) | untested)
        .shipped_first()  # a club's exercise with a shipped slug comes last and wins
        .values_list("slug", "name")
    )
    rows = [
        {"name": names.get(slug, slug), "value": number(v.quantize(Decimal("0.1"), ROUND_HALF_UP))}
        for slug, v in values.items()
    ]
    # Only beside a 1RM: with none at all, the cover says so in a sentence instead.
    if rows:
        rows += [{"name": names.get(slug, slug), "value": ""} for slug in untested]
    return sorted(rows, key=lambda r: r["name"])


# The cover's worked example: a heavy lift as a week's table prints it, in the plan's unit,
# 75 % of a 1RM the example names (beside the athlete's own 1RMs, never said to be theirs).
EXAMPLE_ONE_RM = {"kg": Decimal("80"), "lb": Decimal("180")}
EXAMPLE_PERCENT = Decimal("75")
EXAMPLE_LOAD = {unit: one_rm * EXAMPLE_PERCENT / 100 for unit, one_rm in EXAMPLE_ONE_RM.items()}


def example_row(units: str) -> Row:
    """How the week tables print 3 sets of 6 at 75 % 1RM (60 kg or 135 lb), written by the
    code that prints them, so the cover's "How to read" never shows another format."""
    pe = PlannedExercise(
        category="max_strength",
        sets=3,
        reps=6,
        load=EXAMPLE_LOAD.get(units, EXAMPLE_LOAD["kg"]),
        percent_1rm=EXAMPLE_PERCENT,
        unit=units,
        rest_s=180,
        exercise=Exercise(name="Back squat", slug="back-squat"),
    )
    return exercise_row(pe)


def example_one_rm(units: str) -> str:
    """The 1RM the cover's example load is 75 % of: "80 kg"."""
    return f"{number(EXAMPLE_ONE_RM.get(units, EXAMPLE_ONE_RM['kg']))} {units}"


def plate_step(units: str) -> str:
    """The plate step loads are rounded down to (L1), as the legend writes it: "2.5 kg"."""
    return f"{number(PLATE_STEP.get(units, PLATE_STEP['kg']))} {units}"


def _every_week(plan: Plan, weeks: list[Week], total: int) -> list[Week]:
    """The plan's weeks with a page each, those without a session too (the race week, with
    no lifting in the 72 hours before it), so the block reads to race day."""
    held = {week.number: week for week in weeks}
    every = []
    for number in range(1, total + 1):
        start = plan.start_date + timedelta(weeks=number - 1)
        empty = Week(number, start, start + timedelta(days=6), phase_on(plan.phases, start))
        week = held.get(number, empty)
        if plan.race_date and week.start <= plan.race_date <= week.end:
            week.race_date = plan.race_date
        every.append(week)
    return every


def athlete_block_html(athlete: Athlete, paper: str) -> str:
    plan = _plan_for(athlete)
    # The block is the plan's weeks; sessions kept from an earlier plan come before them.
    own = list(sessions_query().filter(plan=plan, date__gte=plan.start_date))
    weeks = group_weeks(plan, own, pain_flags(athlete))
    if not weeks:
        raise ExportInputError(f"{athlete.name}'s plan has no sessions to print.")
    total = week_count(plan, weeks[-1].number)
    phases = _phase_blocks(plan, own)
    bar_labels(phases, paper)
    maxes = one_rep_maxes(athlete, plan)
    context = {
        "scale_labels": scale_labels(sum(p["weeks"] for p in phases)),
        "club": athlete.club,
        "athlete": athlete,
        "plan": plan,
        "weeks": _every_week(plan, weeks, total),
        "total_weeks": total,
        "phases": phases,
        "one_rep_maxes": maxes,
        "untested": any(not rm["value"] for rm in maxes),
        "example": example_row(plan.units),
        "example_one_rm": example_one_rm(plan.units),
        "units": plan.units,
        "plate_step": plate_step(plan.units),
        "paper": paper,
        "static": STATIC_PREFIX,
    }
    return render_to_string("schedules/pdf/athlete_block.html", context)


def athlete_week_html(
    athlete: Athlete, monday: date, paper: str, compact: bool | None = None
) -> str:
    """The week's sheet; `compact` leaves out the cue lines (by default when the week looks
    too full for them, see Week.lines)."""
    plan = _plan_for(athlete)
    sunday = monday + timedelta(days=6)
    sessions = list(sessions_query().filter(plan=plan, date__range=(monday, sunday)))
    if not sessions:
        raise ExportInputError(
            f"{athlete.name} has no sessions planned in the week of {monday:%-d %b %Y}."
        )
    # A week the plan starts in mid-way may hold sessions kept from before it (week 0).
    last = max(sessions, key=lambda s: s.week)
    flags = pain_flags(athlete)
    week = Week(last.week, monday, sunday, last.phase, [to_session(s, flags) for s in sessions])
    if plan.race_date and monday <= plan.race_date <= sunday:
        week.race_date = plan.race_date
    week.compact = week.lines > LINES_WITH_CUES if compact is None else compact
    context = {
        "club": athlete.club,
        "athlete": athlete,
        "plan": plan,
        "week": week,
        "total_weeks": week_count(plan, plan.sessions.aggregate(last=Max("week"))["last"] or 0),
        "plate_step": plate_step(plan.units),
        "paper": paper,
        "static": STATIC_PREFIX,
    }
    return render_to_string("schedules/pdf/athlete_week.html", context)


def squad_week_html(
    squad: Squad, monday: date, paper: str, progress: Callable[[int, int], None]
) -> str:
    from schedules.export_squad import squad_sheet

    context = {
        "club": squad.club,
        "squad": squad,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "sheet": squad_sheet(squad, monday, progress),
        "paper": paper,
        "static": STATIC_PREFIX,
    }
    return render_to_string("schedules/pdf/squad_week.html", context)
