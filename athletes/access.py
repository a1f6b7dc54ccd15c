"""Ownership helpers: every query for club data goes through here.

A record that belongs to another club is a 404, never a 403, so strangers
cannot even learn that it exists.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.exception import response_for_exception
from django.db import connection
from django.db.models import BooleanField, Expression
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from athletes.models import Athlete, Club, Membership, Squad


def membership_for(request: HttpRequest) -> Membership:
    """The user's membership, read once per request together with its club.

    It is kept where `user.membership` looks, so templates and later calls reuse it."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    on_user = Membership.user.field.remote_field  # the user's side of the one-to-one
    if not on_user.is_cached(user):
        found = Membership.objects.select_related("club").filter(user=user).first()
        on_user.set_cached_value(user, found)
    membership = on_user.get_cached_value(user)
    if membership is None:
        raise Http404
    return membership


def club_for(request: HttpRequest) -> Club:
    return membership_for(request).club


SAFE_METHODS = ("GET", "HEAD")


def get_athlete_for_user(
    request: HttpRequest, pk: int, *, for_update: bool = False, archived_ok: bool = False
) -> Athlete:
    """The club's athlete `pk`. An archived athlete's pages are read-only: a change sent for
    one is not found, unless the view says it deals with archived athletes (restore, delete)."""
    qs = Athlete.objects.filter(club=club_for(request)).select_related("squad", "club")
    if for_update:
        qs = qs.select_for_update()
    athlete = get_object_or_404(qs, pk=pk)
    if not archived_ok:
        refuse_if_archived(request, athlete)
    return athlete


class AthleteArchived(Exception):
    """A change sent for an archived athlete (archived, perhaps, while its form was open)."""

    def __init__(self, athlete: Athlete) -> None:
        super().__init__(athlete.pk)
        self.athlete = athlete


def refuse_if_archived(request: HttpRequest, athlete: Athlete) -> None:
    """An archived athlete's record is read-only: a change sent for it is refused (409)."""
    if request.method not in SAFE_METHODS and athlete.archived_at is not None:
        raise AthleteArchived(athlete)


class Unarchived(Expression):
    """A condition for a change's own statement: the athlete is not archived, as their row
    is now. On PostgreSQL the row is read under a share lock, which an archive (an UPDATE of
    that row) waits for until the change commits, and which waits for an archive under way
    and then reads it: a change crossing an archive is never saved after it. SQLite runs one
    write at a time anyway."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, athlete_id: int) -> None:
        super().__init__()
        self.athlete_id = athlete_id

    def as_sql(self, compiler, connection, lock: str = ""):
        quote = connection.ops.quote_name
        table = quote(Athlete._meta.db_table)
        pk, archived_at = quote("id"), quote("archived_at")
        # Quoted names and a fixed lock clause only: the id goes as a parameter.
        sql = f"EXISTS (SELECT 1 FROM {table} WHERE {pk} = %s AND {archived_at} IS NULL{lock})"  # noqa: S608
        return sql, (self.athlete_id,)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, lock=" FOR SHARE")


def hold_unarchived(athlete: Athlete) -> None:
    """Inside a change's transaction, before it writes: the athlete's row is read as it is
    now and held (see Unarchived) until the change commits; an archived athlete's change is
    refused (AthleteArchived, which rolls the transaction back)."""
    if not Athlete.objects.filter(Unarchived(athlete.pk), pk=athlete.pk).exists():
        if archived_meanwhile(athlete):
            raise AthleteArchived(athlete)
        raise Http404  # deleted meanwhile


def hold_all_unarchived(athletes: list[Athlete]) -> None:
    """hold_unarchived for several athletes (a squad's change) in one statement, whatever
    their number: their rows read and held in id order, as a change of each holds theirs."""
    by_pk = {athlete.pk: athlete for athlete in athletes}
    if not by_pk:
        return
    quote = connection.ops.quote_name
    table = quote(Athlete._meta.db_table)
    pk, archived_at = quote("id"), quote("archived_at")
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    marks = ", ".join(["%s"] * len(by_pk))
    # Quoted names and a fixed lock clause only: the ids go as parameters.
    sql = (
        f"SELECT {pk} FROM {table} WHERE {pk} IN ({marks}) AND {archived_at} IS NULL "  # noqa: S608
        f"ORDER BY {pk}{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(by_pk))
        held = {row[0] for row in cursor.fetchall()}
    for missing in sorted(set(by_pk) - held):
        hold_unarchived(by_pk[missing])  # archived (or deleted) meanwhile: refused


def archived_meanwhile(athlete: Athlete) -> bool:
    """Whether a change that was not written found the athlete archived (the athlete then
    says since when); asked only once a write came back empty."""
    found = Athlete.objects.filter(pk=athlete.pk).values_list("archived_at", flat=True).first()
    if found is None:
        return False
    athlete.archived_at = found
    return True


def archived_refusal(request: HttpRequest, athlete: Athlete) -> HttpResponse:
    """Said plainly, not a bare "not found": the page reloads (htmx) or says it, with the way
    back to the athlete's page where they can be restored."""
    archived = timezone.localtime(athlete.archived_at)
    message = (
        f"{athlete.name} was archived at {archived:%H:%M} on "
        f"{archived.day} {archived:%b %Y}, so their record is read-only. Restore them "
        "from their page to change it."
    )
    if getattr(request, "htmx", False):
        messages.error(request, f"Not saved: {message}")
        # htmx may swap it in as HTML: the athlete's name is escaped.
        body = escape(f"Not saved: {message}")
        return HttpResponse(body, status=409, headers={"HX-Refresh": "true"})
    context = {"athlete": athlete, "message": message, "typed": _typed(request, athlete)}
    return render(request, "athletes/archived_refused.html", context, status=409)


# A form's bookkeeping, not what the coach typed.
NOT_TYPED = {"csrfmiddlewaretoken", "seen", "version", "versions", "row_versions", "back", "next"}


def _typed(request: HttpRequest, athlete: Athlete) -> list[tuple[str, str]]:
    """What a refused form held, by its field's name in words ("Goal race name"), so that
    a coach can copy it before leaving the page: the empty fields left out, and those of
    the athlete's own record as it is saved."""
    saved = vars(athlete)
    typed = []
    for key in request.POST:
        value = ", ".join(v.strip() for v in request.POST.getlist(key) if v.strip())
        kept = saved.get(key, saved.get(f"{key}_id"))
        secret = "password" in key or "token" in key  # never written back onto a page
        if key in NOT_TYPED or secret or not value or (kept is not None and str(kept) == value):
            continue
        typed.append((" ".join(key.replace("-", "_").split("_")).capitalize(), value))
    return typed


def get_squad_for_user(request: HttpRequest, pk: int) -> Squad:
    return get_object_or_404(Squad.objects.filter(club=club_for(request)), pk=pk)


def coach_required(view):
    """Login required, and the user must belong to a club (else 404)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        membership_for(request)
        try:
            return view(request, *args, **kwargs)
        except AthleteArchived as refused:
            return archived_refusal(request, refused.athlete)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.__wrapped__ = view
    return wrapped


def token_in_address(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For an invitation's page, whose address holds its token: every answer there (a form
    refused by the CSRF check, a 404, a server error too) is kept by no cache and sends no
    Referer with the token in it, only the site's origin, which keeps the browser's Origin on
    the page's forms for the CSRF check."""
    checked = csrf_protect(view)  # here, so that its refusal is answered privately too

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = checked(request, *args, **kwargs)
        except Exception as exc:
            response = response_for_exception(request, exc)  # as Django would, but private
        response["Referrer-Policy"] = "strict-origin"
        response["Cache-Control"] = "no-store"
        return response

    return wrapped
