"""Keeping htmx fragments and whole pages apart.

A URL answers with a fragment to htmx and with the whole page otherwise. Browsers must not
serve one in place of the other from their cache (Back after an htmx search showed a bare
table), and when htmx restores a page from history it needs the whole page.
"""

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from athletes.link_views import former_coach
from athletes.models import Membership
from config.addresses import nearest_page, opens_now
from config.unsent import forget_unsent_form, keep_unsent_form, remember_user


def htmx_history(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        # Read from META: request.headers is built once, and must be built without it.
        if request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
            request.META.pop("HTTP_HX_REQUEST", None)  # answer with the whole page
        response = get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return middleware


def htmx_login_redirect(get_response: Callable[[HttpRequest], HttpResponse]):
    """Send the whole tab to the login page when an htmx request finds its login gone, and
    a form sent the ordinary way back to its page after logging in.

    A session can end while a page is open (it expired, the coach was taken off the club,
    the athlete's login was removed). The browser would follow the redirect quietly and
    paste the login page into the cell or set row the request meant to update, and the page
    would look saved. Such a request gets 401 and HX-Redirect instead, with the page it came
    from as the place to return to. A form sent the ordinary way keeps what was typed in
    it, to be sent again once logged in (config.unsent).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        htmx = request.headers.get("HX-Request") == "true"
        sent = request.method not in ("GET", "HEAD")
        if sent and request.user.is_authenticated:
            forget_unsent_form(request)
        response = get_response(request)
        remember_user(request, response)
        if not (htmx or sent) or response.status_code not in (301, 302):
            return response
        login = resolve_url(settings.LOGIN_URL)
        location = urlsplit(response.get("Location", ""))
        if location.path != login:
            return response
        if request.path == reverse("logout"):
            # A log-out (one sent again from a tab left open after logging out too): whoever
            # logs in next (a shared phone, the club's computer) starts on their own first
            # page, not on the one left (an athlete's week, a coach's page).
            return response
        switched_off = _login_switched_off(request)
        if switched_off:
            messages.error(request, f"Not saved: t{SWITCHED_OFF[1:]}" if sent else SWITCHED_OFF)
        if not htmx:
            # A form sent with the login gone: back to the page it was on once logged in
            # (the form's own address answers only a POST, a dead end to land on).
            # Sent from the page asking first (AskBeforeActing), whose own address is the
            # form's: the page the question was asked from.
            asked_from = request.POST.get(ASKED_FROM)
            page = _same_site_path(request, asked_from or request.headers.get("Referer"))
            # Only a form refused for want of a login (not a log-out sent twice) is kept;
            # not one asking first (a delete, a removal: nothing typed, its page offers it
            # again, to be asked once logged in).
            refused_here = parse_qs(location.query).get("next") == [request.get_full_path()]
            if (
                refused_here
                and not switched_off
                and ASK_FIELD not in request.POST
                and keep_unsent_form(request, page, leave_out=(ASKED_FROM, ASK_AT))
            ):
                messages.warning(
                    request,
                    "You were logged out, so that was not saved. Log in again: what you "
                    "typed is kept for you to save.",
                )
                return redirect_to_login(reverse("form_resend"))
            return redirect_to_login(page)
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        page = (
            current.path + (f"?{current.query}" if current.query else "") if current.path else "/"
        )
        refused = HttpResponse("Not signed in.", status=401, content_type="text/plain")
        refused["HX-Redirect"] = f"{login}?{urlencode({'next': page})}"
        return refused

    return middleware


SWITCHED_OFF = (
    "This login no longer works, as its coach left the club or was taken off it "
    "while this page was open."
)


def _login_switched_off(request: HttpRequest) -> bool:
    """The session still names a coach's login switched off since it began (the coach left
    the club in another tab, or its owner took them off it): logging in again cannot work."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return False
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    return user is not None and former_coach(user)


def session_kept_alive(get_response: Callable[[HttpRequest], HttpResponse]):
    """A login lasts SESSION_COOKIE_AGE from the last day it was used, not from the day it
    began: an athlete logging sets every week is not signed out mid-session on day 14. The
    session is written at most once a day for it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            mark_session_used(request=request)
        return response

    return middleware


def mark_session_used(*, request: HttpRequest, **kwargs) -> None:
    """Note the day in the session (at log-in too, through the user_logged_in signal, so
    that the first page after it writes nothing more)."""
    today = timezone.localdate().isoformat()
    if request.session.get("used_on") != today:
        request.session["used_on"] = today  # saved with a new expiry by SessionMiddleware


def _same_site_path(request: HttpRequest, url: str | None) -> str:
    """The path (and query) of a page of this site, or the home page for anything else; a
    form's own address, which answers only a form, gives way to the page above it."""
    parts = urlsplit(url or "")
    if parts.netloc and parts.netloc != request.get_host():
        return "/"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    # A path a browser reads as another site's address ("//elsewhere", "/\\elsewhere").
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}
    ):
        return "/"
    return nearest_page(path)


def private_pages_not_kept(get_response: Callable[[HttpRequest], HttpResponse]):
    """A signed-in user's pages are not kept by the browser: Back after signing out, or
    after deleting an athlete, asks the server again instead of showing the page as it was
    (a roster left readable on a shared club computer, an athlete's page with live buttons)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware


def error_title(get_response: Callable[[HttpRequest], HttpResponse]):
    """A whole page sent back because what was sent had mistakes in it (400) says so first
    in its title, the first words a screen reader says of the page it lands on: "Error: Log
    in · Runstrength". Fragments (htmx) have no title, and are left as they are."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            response.status_code == 400
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            content = response.content
            head = content.find(b"</head>")
            at = content.find(b"<title>", 0, head)
            if head != -1 and at != -1:
                start = at + len(b"<title>")
                response.content = content[:start] + b"Error: " + content[start:]
        return response

    return middleware


def method_not_allowed_page(get_response: Callable[[HttpRequest], HttpResponse]):
    """An address that takes a form only, opened as a page (typed, pasted, or from the
    browser's history), is answered with a page saying so instead of Django's empty 405. The
    answer keeps its headers (Allow, and an athlete's link's privacy); a fragment asked for by
    a page's script, and a HEAD, are left as they are."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            response.status_code == 405
            and request.method == "GET"
            and not response.streaming
            and not response.content
            and not request.headers.get("HX-Request")
        ):
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


# The most a request may send: a roster file is refused beyond 1 MB by its page, which
# should get to say so; the club file may be far larger (schedules.club_data.MAX_BYTES).
MOST_BYTES = 10 * 1024 * 1024
MOST_BYTES_CLUB_FILE = 65 * 1024 * 1024


def request_size_limit(get_response: Callable[[HttpRequest], HttpResponse]):
    """Refuse a request larger than any form or file of the product before it is read.
    Django writes every uploaded file to disk whatever its size, before a view may look at
    it, and the CSRF check reads the body too: a visitor could fill the disk."""

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        club_file = request.path == reverse("club_import")  # both with any script prefix
        most = MOST_BYTES_CLUB_FILE if club_file else MOST_BYTES
        if size > most:
            context = {"limit": f"{most // (1024 * 1024)} MB", "what": "one form or file"}
            context.update(_file_page(request.path))
            return render(request, "413.html", context, status=413)
        return get_response(request)

    return middleware


def _file_page(path: str) -> dict[str, str]:
    """On a page that takes a file, what the page itself takes at most, and the way back to
    it: the roster's 1 MB, not the 10 MB of any form, and its own form, not the start."""
    from athletes.csv_roster import MAX_BYTES as ROSTER_BYTES
    from schedules.club_data import MAX_BYTES as CLUB_FILE_BYTES

    pages = {
        reverse("roster_import"): ("a roster CSV file", ROSTER_BYTES),
        reverse("club_import"): ("a club file", CLUB_FILE_BYTES),
    }
    if path not in pages:
        return {}
    what, most = pages[path]
    return {"what": what, "limit": f"{most // (1024 * 1024)} MB", "back": path}


HEALTH_PATH = "/health/"


def health_check(get_response: Callable[[HttpRequest], HttpResponse]):
    """GET /health/: 200 "ok" while the database answers, 503 when it does not; for the
    container's health check and a load balancer. Answered ahead of the other middleware:
    the check runs inside the container on plain HTTP, with no Host header of ALLOWED_HOSTS,
    which the HTTPS redirect and the host check would refuse."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH or request.method not in ("GET", "HEAD"):
            return get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503)
        else:
            response = HttpResponse("ok\n")
        response["Content-Type"] = "text/plain; charset=utf-8"
        add_never_cache_headers(response)
        return response

    return middleware


ASK_FIELD = "ask"  # a form's question before it acts, for a browser with no script to ask it
ASKED_FROM = "asked_from"  # the page it was asked from, sent on with the answer yes
ASK_AT = "ask_at"  # the part of a long page the form is in, for Cancel to land on
ASK_AT_ID = re.compile(r"[a-z][a-z0-9-]{0,59}")
ASK_LIMIT = 600  # characters of the question shown; any longer was not written by a page
# The first words of questions about undoing something for good, or cutting someone off:
# their Yes looks like the pages' own buttons for it (btn-danger). Archiving keeps it all.
DESTROYING = ("Delete", "Remove", "Revoke", "Withdraw", "Stop")


class AskBeforeActing:
    """A form that would delete, remove or replace something asks first. With script on,
    the browser's dialog asks (app.js, htmx's confirm) and the question's field is not sent.
    Without script the form arrives with its question (`ask`): instead of acting, a page
    asks it, with the form's other fields ready to send again. Nothing is done until then.

    Placed after the CSRF check, so only a form the user's own page sent is asked about;
    the question is the user's own page's, shown escaped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.headers.get("HX-Request"):
            return None
        if not request.user.is_authenticated:
            # Logged out since the page was opened: the view sends to the login page, then
            # back to the form's page (htmx_login_redirect), not to this page's address.
            return None
        if not getattr(request, "csrf_processing_done", False):
            return None  # not checked (a link's own check comes in its view): not asked
        # A body Django refuses (too many fields) raises here as it would in the view: a 400.
        question = request.POST.get(ASK_FIELD, "").replace("\x00", "").strip()
        if not question:
            return None
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in (ASK_FIELD, ASKED_FROM, ASK_AT, "csrfmiddlewaretoken")
            for value in values
        ]
        context = {
            "question": question[:ASK_LIMIT],
            "destroys": question.split(maxsplit=1)[0] in DESTROYING,
            "action": request.get_full_path(),
            "fields": fields,
            # A file the browser chose cannot be sent on from a page: chosen again there.
            "files": list(dict.fromkeys(request.FILES)),
            "back": _same_site_path(request, request.headers.get("Referer")) + _at(request),
        }
        return render(request, "confirm.html", context)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A coach's form sent for something no longer there (deleted in another tab, or by
        another coach, before the Yes): said so in the site's layout, with the way on,
        instead of a bare "not found". Another club's record is answered the same: the page
        names nothing, so it tells nothing of it, and it is still a 404. A training link
        gone (a kind of Http404 of its own) keeps its own page."""
        if (
            type(exception) is not Http404
            or request.method != "POST"
            or request.headers.get("HX-Request")
            or not request.user.is_authenticated
            or not Membership.objects.filter(user=request.user).exists()
        ):
            return None
        back = request.POST.get(ASKED_FROM) or request.headers.get("Referer")
        context = {"back": _way_on(request, _same_site_path(request, back))}
        return render(request, "gone.html", context, status=404)


def _way_on(request: HttpRequest, back: str) -> str:
    """The page the form was sent from, or the list above what the form was for when that
    page was its own (an athlete's page, after deleting the athlete): /athletes/ for
    /athletes/5/delete/, /athletes/5/ for /athletes/5/tests/3/delete/. A page of a record
    above it that went too (the athlete deleted in another tab, then a test of theirs from
    their page) is passed over for the nearest page still there: /athletes/."""
    match = request.resolver_match
    route = match.route.strip("/").split("/") if match else []
    parts = request.path_info.strip("/").split("/")
    # The parts of the address naming a record, as its pattern has it (<int:pk>): an
    # exercise's address may be a word of its pages' own ("edit" at /exercises/edit/edit/).
    named = [i for i, part in enumerate(route) if part.startswith("<")] or [len(parts) - 1]
    prefix = get_script_prefix()
    # Each record's own address, the outermost first: /athletes/5/, /athletes/5/tests/3/.
    items = [prefix + "/".join(parts[: i + 1]) + "/" for i in named]

    def depends(page: str) -> bool:
        """The page is one of a record the form names, which may be gone."""
        return any(urlsplit(page).path.startswith(item) for item in items)

    own = back in ("/", prefix) or urlsplit(back).path.startswith(items[-1])
    if not own and (not depends(back) or opens_now(request, back)):
        return back
    for i in reversed(named):
        above = nearest_page(prefix + "/".join(parts[:i]) + ("/" if i else ""))
        if not depends(above) or opens_now(request, above):
            return above
    return prefix


def _at(request: HttpRequest) -> str:
    """The place on the page the form was in ("#tests"), or nothing for any other value."""
    at = request.POST.get(ASK_AT, "")
    return f"#{at}" if ASK_AT_ID.fullmatch(at) else ""
