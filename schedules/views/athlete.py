"""The athlete's own pages, opened by private link (/w/<token>/) or by log-in (/me/).

Every object is looked up through the athlete the link or login belongs to, so a
token never reaches another athlete's rows. The coach's notes are never passed to
these templates.
"""

import json
from datetime import date, timedelta
from decimal import Decimal
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.handlers.exception import response_for_exception
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import reswap, retarget

from athletes import services as athlete_services
from athletes.access import AthleteArchived
from athletes.forms import AccountEmailForm
from athletes.models import Athlete, AthleteLink, CalendarFeed
from athletes.throttle import ACCOUNT_REFUSED, account_tries_left
from config.text import clean_note
from schedules import logbook
from schedules.athlete_week import (
    athlete_week,
    exercise_view,
    monday,
    number,
    saved_log,
    session_exercises,
    session_view,
    set_view,
)
from schedules.ical import plan_calendar
from schedules.log_forms import PainForm, SessionLogForm, SetLogForm
from schedules.models import PainFlag, PlannedExercise, PlannedSession

WEEK_TEMPLATE = "schedules/athlete/week.html"
MAX_WEEKS_AWAY = 520
# Sent with the "not found" of a link that does not (or no longer) work, a wrong one alike,
# so a page left open says so when a save is refused, instead of asking for a reload that
# would only find the link gone.
LINK_GONE_HEADER = "X-Athlete-Link"
ARCHIVED_HEADER = "X-Athlete-Login"


def _archived_login(user) -> bool:
    return Athlete.objects.archived().filter(user=user).exists()


class LinkGone(Http404):
    """The private link in the address does not (or no longer) open an athlete's pages."""


def athlete_access(view):
    """Resolve the athlete from the link's token or the logged-in athlete user."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, token: str | None = None, **kwargs):
        if token is not None:
            athlete = AthleteLink.athlete_for_token(token)
            base = reverse("athlete_week", args=[token])
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        else:
            # An archived athlete's login is kept, and refused while they are archived.
            mine = Athlete.objects.active().filter(user=request.user)
            athlete = mine.select_related("club").first()
            base = reverse("me_week")
        if athlete is None and token is None and _archived_login(request.user):
            # Logged in before their coach archived them: told why, not "not found".
            return _private(_archived_page(request), None)
        if athlete is None and token is not None and AthleteLink.archived_for_token(token):
            # Their link is kept while they are archived: told why, as for a login, not sent
            # to ask for a new link their coach cannot make until they are restored.
            return _private(_archived_page(request, by_link=True), token)
        if athlete is None:
            raise Http404 if token is None else LinkGone
        request.athlete_base = base
        request.athlete_token = token
        # One token for the page's many small forms, handed out when a form is drawn (a
        # calendar feed has none, so it sets no cookie).
        request.csrf_value = SimpleLazyObject(lambda: get_token(request))
        try:
            response = view(request, athlete, *args, **kwargs)
        except AthleteArchived:
            # Archived while the save was on its way: as for a page opened after it.
            response = _archived_page(request, by_link=token is not None)
        return _private(response, token)

    return wrapped


def _archived_page(request: HttpRequest, by_link: bool = False) -> HttpResponse:
    """Why an archived athlete's page or save is refused, signed in or by their link. A save
    on the page's script says it in its own words, by the header (athlete.js)."""
    context = {"by_link": by_link}
    response = render(request, "athletes/login_archived.html", context, status=403)
    response[ARCHIVED_HEADER] = "archived"
    return response


def _private(response: HttpResponse, token: str | None) -> HttpResponse:
    """An athlete's page is kept by no cache and no search engine, and under a link its
    token never leaves in a Referer."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if token is not None:
        response["Referrer-Policy"] = "no-referrer"
    return response


class LinkCsrf(CsrfViewMiddleware):
    """Django's CSRF token check without its Origin and Referer checks.

    A page sent with `Referrer-Policy: no-referrer` makes the browser send
    `Origin: null` on its own POSTs, which the full check refuses. Another site
    cannot forge these requests anyway, since it does not know the secret token in
    the URL; the CSRF token stays as a second key.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        if getattr(request, "_dont_enforce_csrf_checks", False):  # as Django's own check does
            return self._accept(request)
        try:
            self._check_token(request)
        except RejectRequest as exc:
            return self._reject(request, exc.reason)
        return self._accept(request)


def link_view(view):
    """The private-link variant of an athlete view (see LinkCsrf). Every answer under a link
    is private, a "not found" or a refused form too; and a link that is not (or no longer)
    valid is not found, whatever the request."""
    checked = decorator_from_middleware(LinkCsrf)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, token: str, **kwargs) -> HttpResponse:
        try:
            response = checked(request, *args, token=token, **kwargs)
            refused = response.status_code == 403 and not response.has_header(ARCHIVED_HEADER)
            if refused and AthleteLink.athlete_for_token(token) is None:
                raise LinkGone
        except Exception as exc:
            # Answered here as Django would (404, 403, 400, 500), so the answer is private too.
            response = response_for_exception(request, exc)
            if isinstance(exc, LinkGone):
                response[LINK_GONE_HEADER] = "gone"
        return _private(response, token)

    return csrf_exempt(wrapped)


def read_only(view):
    """A link's address that only reads (its calendar): any other method is told so (405)
    before the link's form check, and the answer is private as every answer under a link."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, token: str, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _private(HttpResponseNotAllowed(["GET", "HEAD"]), token)
        return view(request, *args, token=token, **kwargs)

    return csrf_exempt(wrapped)


def _week_start(request: HttpRequest, today: date) -> date:
    """The Monday of ?week=YYYY-MM-DD; this week when it is missing, malformed or absurd."""
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    return monday(day if abs((day - today).days) <= MAX_WEEKS_AWAY * 7 else today)


@athlete_access
@require_GET
def week(request: HttpRequest, athlete: Athlete) -> HttpResponse:
    today = timezone.localdate()
    start = _week_start(request, today)
    token = request.athlete_token
    calendar_url = (
        request.build_absolute_uri(reverse("athlete_calendar", args=[token])) if token else ""
    )
    race = athlete.race_date
    shown = athlete_week(athlete, start, today)
    shown.mark_saved(request.GET.get("saved", ""))
    weeks_to_race = days_to_race = None
    if race and race >= start + timedelta(days=7):  # none in the race week, nor after it
        if start == monday(today):
            # Counted from the week's Monday, as every other week is: this week is always one
            # more than next week (from today, a Wednesday race read on a Sunday made both
            # "3 weeks to"). Less than a week away, it is counted in days.
            weeks_to_race = athlete.weeks_to_race(start)
            if (race - today).days < 7:
                days_to_race = (race - today).days
        elif not shown.before_start and (shown.has_plan or start > today):
            # Counted from the week's Monday in a week of the plan, or (no plan yet) one to
            # come. A week before the plan says when it starts instead: "120 weeks to" a race
            # nobody had in view then is no help to train by.
            weeks_to_race = athlete.weeks_to_race(start)
    feed_shown = feed = None
    if token is None:  # signed in: the calendar reads the plan by an address of its own
        feed_shown = _feed_still_works(request.session.pop(FEED_SHOWN, None), athlete)
        feed = None if feed_shown else CalendarFeed.live(athlete).first()
        calendar_url = feed_shown or ""
    context = {
        "athlete": athlete,
        "feed": feed,
        "week": shown,
        "weeks_to_race": weeks_to_race,
        "days_to_race": days_to_race,
        "today": today,
        "this_week": monday(today),
        "next_week": monday(today) + timedelta(days=7),
        "base": request.athlete_base,
        "csrf_value": request.csrf_value,
        "signed_in": token is None,
        "calendar_url": calendar_url,
        "webcal_url": calendar_url.replace("https://", "webcal://").replace("http://", "webcal://"),
    }
    return render(request, WEEK_TEMPLATE, context)


def _context(request: HttpRequest, **values) -> dict:
    return {"base": request.athlete_base, "csrf_value": request.csrf_value, **values}


def _planned_exercise(athlete: Athlete, pk: int) -> PlannedExercise:
    """The athlete's planned exercise, marked `flagged` when a pain flag names its exercise
    (a cleared one still holds it out of the sessions before it was cleared)."""
    flags = PainFlag.objects.filter(athlete=athlete, exercise_id=OuterRef("exercise_id"))
    here = PainFlag.objects.filter(planned_exercise=OuterRef("pk"), cleared_at__isnull=True)
    return get_object_or_404(
        PlannedExercise.objects.select_related("session", "exercise").annotate(
            flagged=Exists(flags), stopped=Exists(here)
        ),
        pk=pk,
        session__plan__athlete=athlete,
    )


def _week_url(request: HttpRequest, day: date, anchor: str, saved: bool = False) -> str:
    """The week of `day` at the form `anchor`; `saved`: that form says it was saved."""
    mark = f"&saved={anchor}" if saved else ""
    return f"{request.athlete_base}?week={monday(day).isoformat()}{mark}#{anchor}"


def _back(request: HttpRequest, day: date, anchor: str) -> HttpResponse:
    """Saved without the page's script: back to the week, where the form says "Saved"."""
    return redirect(_week_url(request, day, anchor, saved=True))


@athlete_access
@require_POST
def set_log(request: HttpRequest, athlete: Athlete, pk: int, set_number: int) -> HttpResponse:
    pe = _planned_exercise(athlete, pk)
    if not 1 <= set_number <= pe.sets:
        raise Http404
    form = SetLogForm(request.POST, unit=pe.unit)
    row = set_view(pe, set_number, None)
    context = _context(request, st=row)
    what = f"{pe.exercise.name}, set {set_number}"

    def refused(status: int, *, fixable: bool = True) -> HttpResponse:
        day = pe.session.date
        return _fragment(request, "set-row", context, status, row.dom_id, day, what, fixable)

    today = timezone.localdate()
    if too_early := logbook.too_early_text(pe.session.date, today, pe.session.logged_at):
        _typed(row, request.POST)
        row.done = False  # not ticked: nothing was saved
        row.message = too_early
        return refused(400, fixable=False)
    if _left_out(athlete, pe):
        # A page loaded before the pain report still shows the sets: ticking one must not
        # bring the exercise back (DOMAIN L9).
        _typed(row, request.POST)
        row.done = False  # not ticked: the page shows what is saved, with why
        row.message = LEFT_OUT
        return refused(409, fixable=False)
    if not form.is_valid():
        _typed(row, request.POST)
        row.stamp = request.POST.get("seen", "")[:40]
        row.errors = {name: errors[0] for name, errors in form.errors.items()}
        row.message = "Not saved: " + " ".join(row.errors.values())
        return refused(400)
    if form.page_unit_is_stale:
        # Loads changed unit since the page was loaded: a number typed in the old unit
        # must not be stored as the new one.
        _typed(row, request.POST)
        # The row keeps saying what was typed in, and is refused until the page is reloaded.
        row.unit = form.cleaned_data["unit"]
        row.message = f"Not saved: loads are now in {pe.unit}. Reload the page and enter it again."
        return refused(409, fixable=False)
    data = form.cleaned_data
    if pe.stopped and data["done"] and not pe.set_logs.filter(set_number=set_number, done=True):
        # Pain reported in this very exercise: it is stopped, and a set ticked after the
        # report would say it went on (sets ticked before it stay as they are).
        _typed(row, request.POST)
        row.done = False
        row.message = STOPPED
        return refused(409, fixable=False)
    try:
        log = logbook.set_log_save(
            planned_exercise=pe,
            set_number=set_number,
            done=data["done"],
            reps=data["reps"],
            load=data["load"],
            seen=data["seen"],
            athlete=athlete,
            earlier=_earlier(request.POST, pe.unit),
        )
    except IntegrityError:
        _unless_gone(pe)
        raise
    except logbook.LogConflict as conflict:
        # As the coach's grid does: the set as saved now, with its stamp, and what this
        # screen sent beside it in words, so saving again is a choice made on what is saved
        # (never a tick that puts this screen's values back over the other's unseen).
        current = conflict.current
        row = set_view(pe, set_number, current)
        row.shows_saved = True
        theirs = _set_words(current.done, current.reps, current.load, pe.unit)
        yours = _set_words(data["done"], data["reps"], data["load"], pe.unit)
        again = "change the set again" if request.htmx else "enter it again and press Save set"
        row.message = (
            f"Changed on another screen: saved there as {theirs}, which this now shows. "
            f"Yours ({yours}) was not saved: to keep it, {again}."
        )
        context["st"] = row
        context["intro"] = SAVED_ELSEWHERE
        if request.htmx:
            # The set now shows as saved there (ticked or not): the session's "n/m sets"
            # follows, as after a save of its own.
            session = pe.session
            flags = logbook.pain_flags(athlete, exercises=False)
            context["count"] = session_view(
                session, flags, session_exercises([session])[session.pk]
            )
        return refused(409)
    if not request.htmx:
        return _back(request, pe.session.date, row.dom_id)
    context["st"] = set_view(pe, set_number, log)
    return render(request, f"{WEEK_TEMPLATE}#set-saved", context)


def _sent_earlier(post) -> list[dict]:
    """What the page sent in `earlier`: a JSON list of the boxes of saves it had no answer
    to, one dict each (at most MAX_EARLIER; anything else in it is left out)."""
    try:
        sent = json.loads(post.get("earlier", "") or "[]")
    except ValueError:
        return []
    if not isinstance(sent, list):
        return []
    return [boxes for boxes in sent[:MAX_EARLIER] if isinstance(boxes, dict)]


def _earlier(post, unit: str) -> list[tuple[bool, int | None, Decimal | None]]:
    """The sets the page sent before and had no answer to, as it says in `earlier` (a JSON
    list of its boxes: done true or false, reps and load as typed); those it cannot read are
    left out, and so refused as another screen's if they are saved."""
    out = []
    for boxes in _sent_earlier(post):
        form = SetLogForm(
            {
                "done": "1" if boxes.get("done") is True else "",
                "reps": str(boxes.get("reps", "")),
                "load": str(boxes.get("load", "")),
                "unit": post.get("unit", ""),
            },
            unit=unit,
        )
        if form.is_valid() and not form.page_unit_is_stale:
            data = form.cleaned_data
            out.append((data["done"], data["reps"], data["load"]))
    return out


MAX_EARLIER = 5  # as many as the page keeps

SAVED_ELSEWHERE = (
    "Here is the set as saved on another screen a moment ago. Change it and save again, "
    "or go back to your week."
)


def _set_words(done: bool, reps: int | None, load, unit: str) -> str:
    """A set's values in words: "done, 5 reps @ 60 kg"."""
    words = "done" if done else "not done"
    if reps is not None:
        words += f", {reps}\u00a0reps"
    if load is not None:
        # Held together on a narrow screen: "6 reps @ 62.5 kg" is never split at its "@".
        words += f"{NB if reps is not None else ' '}@{NB}{number(load)}{NB}{unit}"
    return words


NB = "\u00a0"  # a space no line breaks at


STOPPED = (
    "Not saved: you reported pain in this exercise, so it is stopped. Your coach has been "
    "told and will clear it before it comes back."
)
LEFT_OUT = (
    "Not saved: this exercise is left out after your pain report, until your coach puts it "
    "back. Reload the page to see your session as it is now."
)


def _unless_gone(pe: PlannedExercise) -> None:
    """A re-plan took the session away while a save of it was on its way (the save's row then
    points at nothing when it commits): not found, as for a page out of date, which the page
    says, keeping what was typed."""
    if not PlannedExercise.objects.filter(pk=pe.pk).exists():
        raise Http404


def _left_out(athlete: Athlete, pe: PlannedExercise) -> bool:
    """Whether an open pain flag takes the exercise out of its session (as the page shows)."""
    if not pe.flagged:
        return False
    flags = logbook.pain_flags(athlete, exercises=False)
    session = pe.session
    if not logbook.withheld_by(flags, pe.exercise_id, session.date, logged_at=session.logged_at):
        return False
    return not pe.set_logs.filter(done=True).exists()  # sets ticked before stay as they are


def _typed(row, post) -> None:
    row.done = post.get("done") in ("1", "on", "true")
    row.reps = post.get("reps", "")[:10]
    row.load = post.get("load", "")[:10]


def _fragment(
    request,
    name: str,
    context: dict,
    status: int,
    dom_id: str,
    day: date,
    what: str,
    fixable: bool = True,
) -> HttpResponse:
    """What was refused, as the page shows it: with htmx, in place; without, a page naming
    `what` with the form again as it was typed, to fix and send once more (when `fixable`:
    not for a session that cannot be logged yet), and a way back to its week."""
    if not request.htmx:
        message = context["st"].message if "st" in context else context["item"].message
        page = {
            **context,
            "message": message,
            "what": f"{what} · {day:%A} {day.day} {day:%B}",
            "back": _week_url(request, day, dom_id),
            "form": f"{WEEK_TEMPLATE}#{name}" if fixable else "",
        }
        return render(request, "schedules/athlete/not_saved.html", page, status=status)
    response = render(request, f"{WEEK_TEMPLATE}#{name}", context, status=status)
    return reswap(retarget(response, f"#{dom_id}"), "outerHTML")


@athlete_access
@require_POST
def session_log(request: HttpRequest, athlete: Athlete, pk: int) -> HttpResponse:
    session = get_object_or_404(PlannedSession, pk=pk, plan__athlete=athlete)
    form = SessionLogForm(request.POST, session=session, today=timezone.localdate())
    item = session_view(session, [])
    context = _context(request, s=item, item=item)
    dom_id = f"log-{session.pk}"
    what = f"Session {session.label}"
    if too_early := logbook.too_early_text(session.date, timezone.localdate(), session.logged_at):
        item.rpe = request.POST.get("rpe", "")[:10]
        item.soreness = request.POST.get("soreness", "")[:10]
        item.note = request.POST.get("note", "")
        item.message = too_early
        return _fragment(
            request, "session-log", context, 400, dom_id, session.date, what, fixable=False
        )
    if set(form.errors) == {"version"}:
        # The page sent no version, or one that is no version (an old or broken page): it
        # cannot say what it showed, so it is answered as a save from a page out of date.
        current = PlannedSession.objects.get(pk=session.pk)
        _log_conflict(item, form.cleaned_data, current, _shown(request.POST), other_screen=False)
        context["intro"] = LOG_OUT_OF_DATE
        return _fragment(request, "session-log", context, 409, dom_id, session.date, what)
    if not form.is_valid():
        item.rpe = request.POST.get("rpe", "")[:10]
        item.soreness = request.POST.get("soreness", "")[:10]
        item.note = request.POST.get("note", "")
        item.version = _int(request.POST.get("version"), session.version)
        item.shown = _shown(request.POST) or item.shown  # as the version the page sent
        item.errors = {name: errors[0] for name, errors in form.errors.items()}
        item.message = "Not saved: check the fields marked above."
        return _fragment(request, "session-log", context, 400, dom_id, session.date, what)
    data = form.cleaned_data
    try:
        logbook.session_log_save(
            session=session,
            version=data["version"],
            rpe=data["rpe"],
            soreness=data["soreness"],
            note=data["note"],
            athlete=athlete,
            earlier=_earlier_logs(request.POST, session),
        )
    except PlannedSession.DoesNotExist:
        raise Http404 from None  # a re-plan took the session away meanwhile (_unless_gone)
    except logbook.LogConflict as conflict:
        _log_conflict(item, data, conflict.current, _shown(request.POST), other_screen=True)
        context["intro"] = LOG_SAVED_ELSEWHERE
        return _fragment(request, "session-log", context, 409, dom_id, session.date, what)
    if not request.htmx:
        return _back(request, session.date, dom_id)
    item.version = session.version
    item.shown = saved_log(session)
    item.soreness = "" if data["soreness"] is None else str(data["soreness"])  # told: no hint
    return render(request, f"{WEEK_TEMPLATE}#session-saved", context)


# Said above the form of a refused session log, without the page's script.
LOG_SAVED_ELSEWHERE = (
    "Here is the log as saved on another screen a moment ago, with what you changed. Save "
    "again to keep it, or go back to your week."
)
LOG_OUT_OF_DATE = (
    "Here is the log as saved now, with what you changed. Save again to keep it, or go back "
    "to your week."
)


def _earlier_logs(post, session: PlannedSession) -> list[tuple[int | None, int | None, str]]:
    """The session logs the page sent before and had no answer to, as it says in `earlier`
    (a JSON list of its boxes: rpe, soreness and note as typed), as for a set (_earlier)."""
    out = []
    for boxes in _sent_earlier(post):
        typed = {name: str(boxes.get(name, "")) for name in ("rpe", "soreness", "note")}
        form = SessionLogForm(
            {**typed, "version": session.version}, session=session, today=timezone.localdate()
        )
        if form.is_valid():
            data = form.cleaned_data
            out.append((data["rpe"], data["soreness"], data["note"]))
    return out


def _shown(post) -> dict[str, str] | None:
    """The log as saved when the page showed it, as its form sends it back in `shown` (a JSON
    object of the boxes' values); None for an old page, which sends none, or anything else."""
    try:
        sent = json.loads(post.get("shown", "") or "null")
    except ValueError:
        return None
    names = ("rpe", "soreness", "note")
    if not isinstance(sent, dict) or not all(isinstance(sent.get(n), str) for n in names):
        return None
    return {name: sent[name] for name in names}


def _log_conflict(
    item, data: dict, current: PlannedSession, shown: dict[str, str] | None, other_screen: bool
) -> None:
    """A session log not saved over what is saved now: a box left as the page showed it
    (`shown`, when the page sent it; else, an old page's, a box left empty) takes what is
    saved, so saving again keeps both and never puts back a value the other screen changed;
    what was changed here stays as typed, a box emptied here too."""
    was = {"rpe": None, "soreness": None, "note": None}
    if shown is not None:
        was = {
            "rpe": _int(shown["rpe"].strip(), None),
            "soreness": _int(shown["soreness"].strip(), None),
            "note": clean_note(shown["note"]),
        }

    def kept(name: str, saved):
        sent = data[name]
        if shown is not None:
            return saved if sent == was[name] else sent
        return saved if sent in (None, "") else sent

    rpe = kept("rpe", current.rpe)
    soreness = kept("soreness", current.soreness)
    item.rpe = "" if rpe is None else str(rpe)
    item.soreness = "" if soreness is None else str(soreness)
    item.note = kept("note", current.athlete_note)
    item.version = current.version
    item.shown = saved_log(current)
    saved = [
        f"RPE {current.rpe}" if current.rpe is not None else "",
        f"soreness {current.soreness}" if current.soreness is not None else "",
        f"note “{current.athlete_note[:60]}{'…' * (len(current.athlete_note) > 60)}”"
        if current.athlete_note
        else "",
    ]
    there = ", ".join(text for text in saved if text) or "nothing"
    if other_screen:
        item.message = (
            f"Changed on another screen a moment ago (saved there: {there}). This shows what "
            "you changed, and theirs in the rest. Tap Save session log to keep it."
        )
    else:
        item.message = (
            f"Not saved: this page may be out of date (saved now: {there}). This shows what "
            "you changed, and what is saved in the rest. Tap Save session log to keep it."
        )


def _int(value, default: int | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@athlete_access
@require_POST
def pain_flag(request: HttpRequest, athlete: Athlete, pk: int) -> HttpResponse:
    pe = _planned_exercise(athlete, pk)
    form = PainForm(request.POST)
    ex = exercise_view(pe, [], pe.session.date)
    context = _context(request, ex=ex, item=ex)
    what = f"Pain in {pe.exercise.name}"

    def refused(message: str) -> HttpResponse:
        ex.errors = {"note": message}
        ex.message = "Not sent: " + message
        ex.pain_note = request.POST.get("note", "")
        return _fragment(request, "pain", context, 400, f"pain-{pe.pk}", pe.session.date, what)

    if not form.is_valid():
        return refused(form.errors["note"][0])
    try:
        ex.pain = logbook.pain_flag_create(
            planned_exercise=pe, athlete=athlete, note=form.cleaned_data["note"]
        )
    except IntegrityError:
        _unless_gone(pe)
        raise
    except logbook.PainNoteFull as full:
        return refused(
            "Your coach already has a pain report on this exercise from you, with its note; "
            f"what you add to it can be {full.room} characters long (this has "
            f"{len(form.cleaned_data['note'])})."
            if full.room
            else "Your coach already has a pain report on this exercise from you, and its "
            "note is full: tell your coach the rest directly."
        )
    if not request.htmx:
        return _back(request, pe.session.date, f"pain-{pe.pk}")
    return render(request, f"{WEEK_TEMPLATE}#pain", context)


@athlete_access
@require_safe  # calendar apps and link checkers may ask with HEAD first
def calendar(request: HttpRequest, athlete: Athlete) -> HttpResponse:
    return _calendar_response(athlete, request.build_absolute_uri(request.athlete_base))


def _calendar_response(athlete: Athlete, url: str) -> HttpResponse:
    response = HttpResponse(
        plan_calendar(athlete, url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="strength-plan.ics"'
    return response


FEED_SHOWN = "calendar-feed-shown"


def _feed_still_works(url: str | None, athlete: Athlete) -> str | None:
    """The calendar address made to be shown once, while it still works: one replaced
    before the page showing it loaded (made again on another phone) is not offered."""
    # The address ends /calendar/<token>/plan.ics, under any path the site is served at.
    parts = urlsplit(url).path.rsplit("/", 2) if url else []
    token = parts[-2] if len(parts) == 3 else ""
    return url if token and CalendarFeed.athlete_for_token(token) == athlete else None


@require_safe
def feed_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar of an athlete who signs in, by its own address (see CalendarFeed)."""
    athlete = CalendarFeed.athlete_for_token(token)
    if athlete is None:
        raise Http404
    response = _calendar_response(athlete, request.build_absolute_uri(reverse("me_week")))
    return _private(response, token)


def _signed_in_athlete(request: HttpRequest) -> Athlete:
    athlete = Athlete.objects.active().filter(user=request.user).first()
    if athlete is None:
        archived = Athlete.objects.archived().filter(user=request.user).first()
        if archived is not None:
            raise AthleteArchived(archived)
        raise Http404
    return athlete


def own_page(view):
    """A page of the signed-in athlete's own, not under a link: not found for anyone else,
    and for an athlete archived since they signed in, the page saying why (as their week)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AthleteArchived:
            return _private(_archived_page(request), None)

    return wrapped


@own_page
@require_POST
def feed_issue(request: HttpRequest) -> HttpResponse:
    """A new calendar address (the one before stops working), shown on the week this once:
    only its hash is kept."""
    _, token = CalendarFeed.issue(athlete=_signed_in_athlete(request))
    url = request.build_absolute_uri(reverse("athlete_feed", args=[token]))
    request.session[FEED_SHOWN] = url
    return redirect(reverse("me_week") + "#calendar")


@own_page
@require_http_methods(["GET", "POST"])
def account_email(request: HttpRequest) -> HttpResponse:
    """The email a signed-in athlete's password reset goes to: added after signing up
    without one, changed, or taken away; their password confirms it is them."""
    _signed_in_athlete(request)
    if request.method == "GET":
        return _email_page(request, AccountEmailForm(user=request.user))
    form = AccountEmailForm(request.POST, user=request.user)
    if not account_tries_left(request.user):
        # It checks the password and says whether an email has an account: not to be asked
        # over and over.
        typed = {"email": request.POST.get("email", "")[:254]}
        form = AccountEmailForm(user=request.user, initial=typed)
        return _email_page(request, form, 429, refused=ACCOUNT_REFUSED)
    if not form.is_valid():
        return _email_page(request, form, 400)
    said = athlete_services.account_email_set(user=request.user, email=form.cleaned_data["email"])
    messages.success(request, said)
    return redirect("me_week")


def _email_page(request: HttpRequest, form, status: int = 200, refused: str = "") -> HttpResponse:
    context = {"form": form, "refused": refused, "signed_in": True}
    return render(request, "schedules/athlete/email.html", context, status=status)


@own_page
@require_POST
def feed_stop(request: HttpRequest) -> HttpResponse:
    CalendarFeed.stop(_signed_in_athlete(request))
    return redirect(reverse("me_week") + "#calendar")
