import logging
import re
import secrets
import smtplib
import time
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Prefetch, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes import services
from athletes.access import (
    club_for,
    coach_required,
    get_athlete_for_user,
    get_squad_for_user,
    membership_for,
    token_in_address,
)
from athletes.csv_roster import (
    MAX_ROWS,
    READ_COLUMNS,
    decode_csv,
    new_rows_only,
    parse_roster,
    roster_csv,
    roster_marks,
    sample_roster_csv,
)
from athletes.forms import (
    ACCOUNT_FORM_FIELDS,
    AccountEmailForm,
    AthleteForm,
    ClubNameForm,
    CsvUploadForm,
    InviteAcceptForm,
    InviteForm,
    RunningWeekForm,
    SignupForm,
    SquadForm,
    StrengthTestEditForm,
    StrengthTestForm,
    account_made,
    already_recorded,
    athlete_stamp,
    stamp_is_for,
    strength_test_stamp,
    typed_account_fields,
    week_stamp,
)
from athletes.models import (
    CURRENT_FIRST,
    DAY_NAMES,
    DAYS,
    Athlete,
    Club,
    Invitation,
    Membership,
    Run,
    RunTime,
    Squad,
    StrengthTest,
)
from athletes.throttle import (
    ACCOUNT_FORMS_REFUSED,
    ACCOUNT_REFUSED,
    DAY,
    HOUR,
    account_tries_left,
    account_tries_used_up,
    count,
)
from config.client_ip import client_network
from config.mail import mail_server_set_up
from config.pages import page_number
from config.text import file_words, name_key, name_order, search_key

log = logging.getLogger(__name__)

IMPORT_TOKEN_SECONDS = 7 * DAY  # how long a used preview stays refused
ARCHIVED = "archived"  # ?show=archived: the roster's archived athletes
TEST_ROWS = 20  # 1RM tests a page of an athlete's test history


def _by_race(row: tuple, later_first: bool, today: date) -> tuple:
    """Soonest first: the races to come, then those already run (the latest first: their
    athletes need a new goal), then no race. Latest first: by date, the last to come first."""
    pk, name, race = row
    run = race is not None and race < today and not later_first
    day = race.toordinal() if race else 0
    return (race is None, run, -day if later_first or run else day, name_order(name), pk)


# Roster rows (pk, name, race date) sorted here rather than by the database, so names sort
# alike on every collation; namesakes in the order they were added.
SORTS = {
    "name": lambda row, today: (name_order(row[1]), row[0]),
    "race": lambda row, today: _by_race(row, later_first=False, today=today),
    "-race": lambda row, today: _by_race(row, later_first=True, today=today),
}


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.OPEN_SIGNUP:
        raise Http404("Sign-up is closed: ask a club's owner for an invitation.")
    # Each try counts, refused ones too (see account_tries_used_up).
    if request.method == "POST" and account_tries_used_up(request):
        refused = "Too many sign-up attempts from this address in the last hour: try again later."
        # What was typed stays (not the passwords), unchecked: no email is looked up.
        typed = typed_account_fields(request, ("club_name", *ACCOUNT_FORM_FIELDS))
        context = {"form": SignupForm(initial=typed), "refused": refused}
        return render(request, "registration/signup.html", context, status=429)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _signup_allowed(request, form):
        data = form.cleaned_data
        user = account_made(
            form,
            lambda: services.club_signup(
                username=data["username"],
                password=data["password1"],
                email=data["email"],
                club_name=data["club_name"],
            ),
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your club is ready: add your first athletes.")
            return redirect("roster")
    status = 429 if form.has_error(NON_FIELD_ERRORS, "too_many") else _status(form)
    return render(request, "registration/signup.html", {"form": form}, status=status)


def _signup_allowed(request: HttpRequest, form: SignupForm) -> bool:
    """A few new clubs an hour from one address: enough for a club's own set-up, too few
    to mint clubs (and their invitation mail) by the hundred."""
    address = client_network(request) or "unknown"
    if count(f"signups:{address}", HOUR) <= settings.SIGNUPS_PER_HOUR:
        return True
    message = "Too many clubs were created from this address in the last hour: try again later."
    form.add_error(None, ValidationError(message, code="too_many"))
    return False


INVITATION_MAILS_A_DAY = 20  # per club: enough to build a coaching team, too few for spam
INVITATION_MAILS_A_DAY_ALL_CLUBS = 500  # and for the whole site, whatever the sign-ups


def _mail_invitation(request: HttpRequest, club, email: str, url: str) -> None:
    """Send the coach invitation to the address given; the page shows the link either way,
    so a mail server that is down costs a copy and paste, not the invitation."""
    if not mail_server_set_up():
        messages.info(request, "No mail server is set up here: send the link below yourself.")
        return
    today = timezone.localdate()
    club_key = f"invitation-mails:{club.pk}:{club.created_at.isoformat()}:{today}"
    if count(club_key, DAY) > INVITATION_MAILS_A_DAY or (
        count(f"invitation-mails:all:{today}", DAY) > INVITATION_MAILS_A_DAY_ALL_CLUBS
    ):
        messages.warning(
            request, "Not emailed: today's invitation mail is used up. Send the link below."
        )
        return
    # Nothing the sender typed goes into the mail: the link's page names the club.
    body = (
        "You have been invited to coach a club on Runstrength.\n\n"
        f"Open this link to see which club and to create your login (it works once, for "
        f"7 days):\n{url}\n\nIf you were not expecting it, ignore this mail.\n"
    )
    try:
        send_mail("Your invitation to coach on Runstrength", body, None, [email])
    except (OSError, smtplib.SMTPException):
        log.warning("invitation mail to the club %s could not be sent", club.pk, exc_info=True)
        messages.warning(request, f"The email to {email} could not be sent: send the link below.")
    else:
        messages.success(request, f"Invitation sent to {email}. The link is below too.")


@coach_required
@require_http_methods(["GET", "POST"])
def club_coaches(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request)
    club = membership.club
    form = InviteForm(request.POST if request.method == "POST" else None, club=club)
    # Shown once, on the page the POST leads to: reloading that page makes no second one.
    invite_url = request.session.pop("invite-url-shown", None)
    if request.method == "POST":
        if not membership.is_owner:
            return _not_owner(request, membership, "Not invited")
        if form.is_valid():
            email = form.cleaned_data["email"]
            if email:  # a new link for the same address replaces the one not yet used
                Invitation.objects.filter(
                    club=club, email__iexact=email, used_at__isnull=True
                ).delete()
            _, token = Invitation.issue(club=club, created_by=request.user, email=email)
            url = request.build_absolute_uri(reverse("invite_accept", args=[token]))
            request.session["invite-url-shown"] = url
            if email:
                _mail_invitation(request, club, email, url)
            return redirect("club_coaches")
    status = _status(form) if request.method == "POST" else 200
    return _club_page(request, membership, status, form=form, invite_url=invite_url)


EXPIRED_SHOWN = timedelta(days=30)  # how long the club page lists an invitation that ran out


def _club_page(request: HttpRequest, membership: Membership, status: int, **forms) -> HttpResponse:
    """The club page: its coaches, invitations, name, the coach's own account and the club's
    data; `forms` are those sent back with their errors."""
    club = membership.club
    owners_first = Case(When(role=Membership.Role.OWNER, then=0), default=1)
    members = club.memberships.select_related("user").order_by(owners_first, "user__username")
    pending, expired = [], []
    if membership.is_owner:
        # Links not used: those still working, and those that ran out lately, so the owner
        # sees why a coach never arrived and can invite them again.
        now = timezone.now()
        unused = Invitation.objects.filter(
            club=club,
            used_at__isnull=True,
            created_at__gte=now - Invitation.LIFETIME - EXPIRED_SHOWN,
        ).order_by("-created_at")
        for invitation in unused:
            working = invitation.created_at >= now - Invitation.LIFETIME
            (pending if working else expired).append(invitation)
    context = {
        "form": InviteForm(),
        "name_form": ClubNameForm(instance=club),
        "email_form": AccountEmailForm(user=request.user, owner=membership.is_owner),
        "members": members,
        "pending": pending,
        "expired": expired,
        **forms,
    }
    return render(request, "athletes/coaches.html", context, status=status)


@coach_required
@require_http_methods(["GET", "POST"])
def club_rename(request: HttpRequest) -> HttpResponse:
    """The owner names the club anew (a typo made at sign-up, a new name)."""
    if request.method == "GET":
        return _to_club_page()
    membership = membership_for(request)
    if not membership.is_owner:
        return _not_owner(request, membership, "Not renamed")
    with transaction.atomic():
        club = Club.objects.select_for_update().get(pk=membership.club_id)
        before = club.name
        form = ClubNameForm(request.POST, instance=club)
        if not form.is_valid():
            return _club_page(request, membership, 400, name_form=form)
        if form.cleaned_data["seen"] != before:
            # Renamed in another tab since this one was shown: nothing saved, what was
            # typed kept; saving again is a deliberate choice.
            data = request.POST.copy()
            data["seen"] = before
            form = ClubNameForm(data, instance=Club(pk=club.pk, name=before))
            form.is_valid()
            form.add_error(
                None,
                f"Not saved: the club was renamed “{before}” while this page was open. "
                "Save again to name it as typed.",
            )
            return _club_page(request, membership, 409, name_form=form)
        if form.cleaned_data["name"] == before:
            messages.info(request, f"The club keeps its name, “{before}”: nothing was changed.")
            return redirect("club_coaches")
        form.save()
    messages.success(request, f"The club is now called “{club.name}”.")
    return redirect("club_coaches")


def _to_club_page() -> HttpResponse:
    """A GET of a club page form's address (a refused form shown there, then reloaded in a
    new tab, restored on a phone or opened from history): the club page, where it is."""
    return redirect("club_coaches")


@coach_required
@require_http_methods(["GET", "POST"])
def account_email(request: HttpRequest) -> HttpResponse:
    """A coach sets the email their password reset goes to."""
    if request.method == "GET":
        return _to_club_page()
    membership = membership_for(request)
    owner = membership.is_owner
    form = AccountEmailForm(request.POST, user=request.user, owner=owner)
    if not account_tries_left(request.user):
        # It checks the password and says whether an email has an account: not to be
        # asked over and over.
        typed = {"email": request.POST.get("email", "")[:254]}
        form = AccountEmailForm(user=request.user, owner=owner, initial=typed)
        return _club_page(request, membership, 429, email_form=form, refused=ACCOUNT_REFUSED)
    if not form.is_valid():
        return _club_page(request, membership, 400, email_form=form)
    said = services.account_email_set(user=request.user, email=form.cleaned_data["email"])
    messages.success(request, said)
    return redirect("club_coaches")


@coach_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner takes back an invitation not yet used: its link stops working."""
    membership = membership_for(request)
    if not membership.is_owner:
        return _not_owner(request, membership, "Not withdrawn")
    invitation = get_object_or_404(Invitation, pk=pk, club=membership.club, used_at__isnull=True)
    invitation.delete()
    which = f"invitation for {invitation.email}" if invitation.email else "invitation"
    if invitation.expires_at <= timezone.now():
        messages.success(request, f"The expired {which} is cleared from the list.")
    else:
        messages.success(request, f"The {which} is withdrawn: its link no longer works.")
    return redirect("club_coaches")


class HandedOver(Exception):
    """A former owner sent a form of the owner's from a page shown before they handed the
    club over (another tab): refused with 409, saying so, as a hand-over crossing it is."""


def _handed_over_text(membership: Membership, refused: str) -> str:
    """Why a former owner's owner form is refused: to whom and when they handed it over."""
    to = membership.handed_over_to
    who = to.get_username() if to is not None else "another coach"
    when = timezone.localtime(membership.handed_over_at)
    return (
        f"{refused}: the club was handed over to {who} at {when:%H:%M} on {when:%-d %b %Y}; "
        "you are no longer its owner."
    )


def _handed_over_page(request: HttpRequest, membership: Membership, refused: str):
    messages.error(request, _handed_over_text(membership, refused))
    return _club_page(request, membership, 409)


def _not_owner(request: HttpRequest, membership: Membership, refused: str) -> HttpResponse:
    """An owner's form sent by a coach: a former owner's page left open is told of the
    hand-over (409); anyone else gets the 404 a stranger to it gets."""
    if membership.handed_over_at is None:
        raise Http404
    return _handed_over_page(request, membership, refused)


def _owner_and_coach(request: HttpRequest, pk: int) -> tuple[Membership, Membership]:
    """The club owner's membership and the club's coach `pk`: 404 for anyone else asking,
    and for an owner or another club's member. A former owner asking about another member
    of the club (a page shown while they were owner): HandedOver."""
    membership = membership_for(request)
    if not membership.is_owner:
        if membership.handed_over_at is not None and (
            Membership.objects.filter(pk=pk, club=membership.club_id)
            .exclude(pk=membership.pk)
            .exists()
        ):
            raise HandedOver
        raise Http404
    coach = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=pk,
        club=membership.club,
        role=Membership.Role.COACH,
    )
    return membership, coach


@coach_required
@require_POST
def coach_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner takes a coach off the club: the account is switched off, so it cannot log
    in and any session it has open ends; the club's history keeps their name."""
    try:
        membership, removed = _owner_and_coach(request, pk)
    except HandedOver:
        return _handed_over_page(request, membership_for(request), "Not removed")
    if not services.coach_remove(membership=removed):
        messages.error(
            request,
            f"Not removed: {removed.user.get_username()} was made the club's owner meanwhile.",
        )
        request.user.membership = Membership.objects.select_related("club").get(pk=membership.pk)
        return _club_page(request, request.user.membership, 409)
    messages.success(
        request, f"{removed.user.get_username()} is no longer a coach of {membership.club.name}."
    )
    return redirect("club_coaches")


@coach_required
@require_POST
def owner_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner hands the club over to one of its coaches (leaving the club, or sharing the
    work): the new owner invites and removes coaches; the old one stays on as a coach."""
    try:
        membership, to = _owner_and_coach(request, pk)
    except HandedOver:
        return _handed_over_page(request, membership_for(request), "Not changed")
    if not to.user.email:
        # An owner's email is their only way back in after a forgotten password: no one
        # else can reset it (the sign-up and the owner's email form ask for it too).
        name = to.user.get_username()
        messages.error(
            request,
            f"Not changed: {name} has no email, and a club's owner needs one: no one else "
            f"can reset a forgotten owner's password. Ask {name} to add it under Your "
            "account on this page, then make them the owner.",
        )
        return _club_page(request, membership, 409)
    try:
        services.owner_handover(owner=membership, to=to)
    except services.NotOwner:
        # As it is now, for the page and its top bar alike.
        request.user.membership = Membership.objects.select_related("club", "handed_over_to").get(
            pk=membership.pk
        )
        now = request.user.membership
        if not now.is_owner and now.handed_over_at is not None:
            return _handed_over_page(request, now, "Not changed")
        messages.error(request, "Not changed: the club was handed over meanwhile (another tab).")
        return _club_page(request, request.user.membership, 409)
    told = _mail_new_owner(request, membership, to)
    messages.success(
        request,
        f"{to.user.get_username()} is the owner of {membership.club.name} now; you stay on "
        f"as a coach. {told}",
    )
    return redirect("club_coaches")


def _mail_new_owner(request: HttpRequest, owner: Membership, to: Membership) -> str:
    """Tell the coach made owner, who may not open Runstrength for days; returns what the
    old owner is told of it. The club is theirs whether or not the mail goes."""
    name, club = to.user.get_username(), owner.club
    if not mail_server_set_up():
        return f"No mail server is set up here: tell {name} yourself."
    body = (
        f"{owner.user.get_username()} has made you the owner of {club.name} on Runstrength, "
        "and stays on as one of its coaches.\n\n"
        "As owner you invite coaches and remove them, and you can hand the club on in "
        "turn. The club's coaches and invitations are here:\n"
        f"{request.build_absolute_uri(reverse('club_coaches'))}\n"
    )
    try:
        # On one line whatever the name held: a line break would be refused in a header.
        subject = f"You are the owner of {' '.join(club.name.split())} on Runstrength"
        send_mail(subject, body, None, [to.user.email])
    except (OSError, smtplib.SMTPException):
        log.warning("new owner mail for the club %s could not be sent", club.pk, exc_info=True)
        return f"The email to {name} could not be sent: tell them yourself."
    return "We have emailed them to say so."


LEFT_CLUB = "left-club"  # the session key of what the page after leaving a club shows
LEFT_SHOWN_FOR = 30 * 60  # seconds the page after leaving names the login and email


def _leave_page(request: HttpRequest, membership: Membership, status: int = 200) -> HttpResponse:
    owners = membership.club.memberships.filter(role=Membership.Role.OWNER).select_related("user")
    owner = owners.first()
    context = {
        "owner_name": owner.user.get_username() if owner else "",
        "other_coaches": membership.club.memberships.exclude(pk=membership.pk).exists(),
    }
    return render(request, "athletes/club_leave.html", context, status=status)


@coach_required
@require_http_methods(["GET", "POST"])
def club_leave(request: HttpRequest) -> HttpResponse:
    """A coach who is not the club's owner leaves it: asked first (GET), then (POST) taken
    off the club with their account switched off, as a removal by the owner does; they land
    on a page saying how to coach again. The owner cannot leave: the page says why."""
    membership = membership_for(request)
    if request.method == "GET":
        return _leave_page(request, membership)
    if membership.is_owner:
        messages.error(
            request,
            "Not left: you are the club's owner. Make another coach the owner first, then "
            "leave as a coach.",
        )
        return _leave_page(request, membership, status=409)
    club, username = membership.club, request.user.get_username()
    if not services.coach_remove(membership=membership):
        now = Membership.objects.select_related("club").filter(pk=membership.pk).first()
        if now is not None:
            # Made the owner meanwhile (another tab): the page as it is now.
            request.user.membership = now
            messages.error(
                request, "Not left: you were made the club's owner meanwhile, and a club keeps one."
            )
            return _leave_page(request, now, status=409)
        # Taken off the club by its owner meanwhile: off it all the same.
    email = request.user.email
    logout(request)
    # Kept briefly and in a session that ends with the browser: on a shared computer the
    # next person should not find the login and email named on this page.
    request.session.set_expiry(0)
    request.session[LEFT_CLUB] = {
        "club": club.name,
        "username": username,
        "email": email,
        "at": int(time.time()),
    }
    return redirect("club_left")


@require_GET
def club_left(request: HttpRequest) -> HttpResponse:
    """After leaving a club: the login no longer works, and how to coach again."""
    left = request.session.get(LEFT_CLUB)
    if not isinstance(left, dict) or request.user.is_authenticated:  # logged in since
        return redirect("home")
    at = left.get("at")
    if not isinstance(at, int) or not 0 <= time.time() - at < LEFT_SHOWN_FOR:
        request.session.pop(LEFT_CLUB, None)
        return redirect("home")
    return render(request, "athletes/club_left.html", {"left": left})


@token_in_address
@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A coach's invitation to join the club."""
    invitation = Invitation.find_usable(token)
    if invitation is None:
        return render(request, "registration/invite_invalid.html", status=404)
    if request.method == "POST" and account_tries_used_up(request):
        # An invitation works until someone joins with it: not a way round the sign-up's
        # count of tries (no email is looked up).
        context = {
            "form": InviteAcceptForm(initial=typed_account_fields(request)),
            "invitation": invitation,
            "refused": ACCOUNT_FORMS_REFUSED,
        }
        return render(request, "registration/invite_accept.html", context, status=429)
    form = InviteAcceptForm(
        request.POST if request.method == "POST" else None, initial={"email": invitation.email}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_made(
                form,
                lambda: services.invitation_accept(
                    invitation=invitation,
                    username=data["username"],
                    password=data["password1"],
                    email=data["email"],
                ),
            )
        except ValueError:
            return render(request, "registration/invite_invalid.html", status=404)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.club.name}.")
            return redirect("roster")
    # A coach of this club opening it (the owner trying the link just made) is told it is
    # for the coach invited, not offered a second account.
    member_here = (
        request.user.is_authenticated
        and Membership.objects.filter(user=request.user, club=invitation.club).exists()
    )
    return render(
        request,
        "registration/invite_accept.html",
        {"form": form, "invitation": invitation, "member_here": member_here},
        status=_status(form),
    )


@coach_required
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    context = _roster_context(club, request.GET)
    template = "athletes/roster.html#roster-table" if request.htmx else "athletes/roster.html"
    return render(request, template, context)


ROSTER_FILTERS = ("q", "squad", "sort", "page")


WORD_BREAKS = re.compile(r"[\s\-\u2010-\u2015]+")


def _roster_search_key(text: str) -> str:
    """A name or race as the roster's search matches it (see search_key), its words apart
    whether spaces or hyphens part them: "jean pierre" finds Jean-Pierre, "mont blanc"
    the Mont-Blanc Marathon."""
    return " ".join(WORD_BREAKS.split(search_key(text))).strip()


def _roster_context(club: Club, params) -> dict:
    """What the roster shows for these filters (the GET of the page, or the filters a move
    to another squad was sent with)."""
    show_archived = params.get("show") == ARCHIVED
    everyone = Athlete.objects.for_club(club)
    listed = everyone.archived() if show_archived else everyone.active()
    athletes = listed.select_related("squad")
    query = params.get("q", "").replace("\x00", "").strip()[:100]  # NUL breaks PostgreSQL
    if query:
        # Matched here, not by the database: it would match "zoe" to Zoë on neither engine.
        key = _roster_search_key(query)
        names = listed.values_list("pk", "name", "goal_race_name")
        found = [pk for pk, *texts in names if any(key in _roster_search_key(t) for t in texts)]
        athletes = athletes.filter(pk__in=found)
    squad_id = params.get("squad", "")
    squads = list(Squad.objects.filter(club=club))
    squad = next((s for s in squads if str(s.pk) == squad_id), None)
    if squad is None:
        # A squad deleted since (an old link) or none of this club's: the whole roster, as
        # its squad menu then says, rather than an empty list under "All squads".
        squad_id = ""
    else:
        athletes = athletes.filter(squad=squad)
    sort = params.get("sort", "name")
    by, today = SORTS.get(sort, SORTS["name"]), timezone.localdate()
    rows = sorted(athletes.values_list("pk", "name", "race_date"), key=lambda row: by(row, today))
    page = Paginator(rows, 100).get_page(page_number(params.get("page")))
    shown = athletes.in_bulk([pk for pk, *_ in page.object_list])
    # The archived athletes of the squad shown, if one is: their count stands beside the
    # squad's, read as the squad's.
    gone = everyone.archived().filter(squad=squad) if squad else everyone.archived()
    archived_matches = 0
    if query and not rows and not show_archived:
        # Not on the roster: an athlete who left the club (archived) is not to be added
        # again, so the search says when archived ones match it (one query, then only).
        texts = gone.values_list("name", "goal_race_name")
        archived_matches = sum(1 for t in texts if any(key in _roster_search_key(x) for x in t))
    context = {
        "page": page,
        "athletes": [shown[pk] for pk, *_ in page.object_list],
        "squads": squads,
        "squad": squad,
        "club": club,
        "query": query,
        "squad_id": squad_id,
        "sort": sort if sort in SORTS else "name",
        "days": DAYS,
        "show_archived": show_archived,
        "archived_count": listed.count() if show_archived else gone.count(),
        "archived_matches": archived_matches,
        # Nobody on the roster at all: no search, filters or export to offer yet.
        "roster_empty": not rows and not query and not squad_id and not show_archived,
        # A squad with nobody in it: said once, with the ways to fill it, not as a count of 0
        # over a filter finding nobody.
        "squad_empty": not rows and not query and squad is not None and not show_archived,
    }
    return context


@coach_required
@require_POST
def roster_move(request: HttpRequest) -> HttpResponse:
    """Move the athletes ticked on the roster to one squad (or to none), all or nothing."""
    club = club_for(request)
    back = {key: request.POST.get(key, "")[:100] for key in ROSTER_FILTERS}
    ids = [_int_or_none(value) for value in request.POST.getlist("athletes") if value]
    if None in ids:
        return HttpResponse("Not an athlete of this club.", status=400)
    target = request.POST.get("to_squad", "")
    squad = None
    if target not in ("", "none"):  # "none": out of any squad
        squad = Squad.objects.filter(club=club, pk=_int_or_none(target)).first()
        if squad is None:  # deleted since the roster was shown (or never the club's): 404
            refused = (
                "Not moved: the squad chosen was deleted while this page was open. Choose "
                "another below."
            )
            return _move_refused(request, club, back, ids, "", refused, 404)
    listed = set(Athlete.objects.for_club(club).filter(pk__in=ids).values_list("pk", flat=True))
    if gone := len(set(ids) - listed):  # deleted since (or never the club's): 404
        who = "1 athlete ticked was" if gone == 1 else f"{gone} athletes ticked were"
        refused = f"Not moved: {who} deleted while this page was open. Move the others again."
        return _move_refused(request, club, back, sorted(listed), target, refused, 404)
    if not ids:
        refused = "Select the athletes to move first: tick them in the list below."
        return _move_refused(request, club, back, ids, target, refused, 400)
    if not target:
        refused = "Choose the squad to move them to (or No squad)."
        return _move_refused(request, club, back, ids, target, refused, 400)
    try:
        moved, already, archived = services.athletes_move(club=club, ids=set(ids), squad=squad)
    except services.NotOfClub:
        raise Http404("Not an athlete of this club.") from None
    where = f"to {squad.name}" if squad else "to no squad"
    if moved:
        text = f"{moved} athlete{'' if moved == 1 else 's'} moved {where}."
    else:
        text = "No athlete moved."
    if already:
        there = squad.name if squad else "no squad"
        text += f" {already} {'was' if already == 1 else 'were'} in {there} already."
    if archived:
        text += f" {archived} archived athlete{'' if archived == 1 else 's'} left as they were."
    if moved:
        text += " Plans are unchanged: a squad does not change what an athlete follows."
    messages.success(request, text)
    query = urlencode({key: value for key, value in back.items() if value})
    return redirect(f"{reverse('roster')}?{query}" if query else reverse("roster"))


def _move_refused(
    request: HttpRequest, club: Club, back: dict, ids: list, target: str, refused: str, status: int
) -> HttpResponse:
    """The roster again with nothing moved, the reason beside the move control, the athletes
    still ticked and the squad still chosen."""
    context = _roster_context(club, back)
    context["move_error"] = refused
    context["move_to"] = target
    context["ticked"] = {str(pk) for pk in ids}
    return render(request, "athletes/roster.html", context, status=status)


@coach_required
@require_http_methods(["GET", "POST"])
def athlete_create(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    # Added from a squad's roster (?squad=), the athlete starts in that squad.
    squad = Squad.objects.filter(club=club, pk=_int_or_none(request.GET.get("squad", ""))).first()
    form = AthleteForm(
        request.POST if request.method == "POST" else None,
        club=club,
        one_by_hand=True,
        initial={"squad": squad.pk} if squad else None,
    )
    if request.method == "POST" and form.is_valid():
        athlete = form.save(commit=False)
        athlete.club = club
        athlete.running_week_set = False  # the sample, until it is set next
        services.athlete_save(athlete=athlete, changed=set())
        messages.success(
            request,
            f"{athlete.name} added. The week below is a sample: set their own running week next.",
        )
        return redirect("running_week_edit", pk=athlete.pk)
    return render(
        request, "athletes/athlete_form.html", {"form": form, "athlete": None}, status=_status(form)
    )


@coach_required
@require_GET
def athlete_detail(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    tests = list(athlete.strength_tests.select_related("exercise").order_by(*CURRENT_FIRST))
    current, count = {}, Counter()
    for test in tests:
        current.setdefault(test.exercise_id, test)
        count[test.exercise_id] += 1
    context = {
        "athlete": athlete,
        # Newest first, a page at a time: years of monthly tests of a dozen lifts would push
        # the rest of the page out of reach. Past the last page is the last.
        "tests": Paginator(tests, TEST_ROWS).get_page(page_number(request.GET.get("tests"))),
        "current_tests": sorted(current.values(), key=lambda t: t.exercise.name),
        # Tests that are their lift's only one: deleted, the plan has no 1RM for it left.
        "only_tests": {t.pk for t in current.values() if count[t.exercise_id] == 1},
        # Each lift's latest test, the one its 1RM is read from: an older one goes unnoticed.
        "latest_tests": {t.pk for t in current.values()},
        "this_year": timezone.localdate().year,  # an older test's date says its year
        "week": [(day, athlete.running_day(day)) for day in DAYS],
        "test_form": StrengthTestForm(athlete=athlete),
        "planned": athlete.assignments.filter(active=True).exists(),
    }
    return render(request, "athletes/athlete_detail.html", context)


@coach_required
@require_http_methods(["GET", "POST"])
def athlete_edit(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    form = AthleteForm(
        request.POST if request.method == "POST" else None, instance=athlete, club=athlete.club
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.athlete_save(
                athlete=form.save(commit=False),
                changed=set(form.changed_data) - {"seen", "convert_units"},
                still=lambda current, seen=form.seen: athlete_stamp(current) == seen,
            )
        except services.StaleAthlete as exc:
            return _athlete_conflict(request, exc.current)
        replanned = set(form.changed_data) & services.PLAN_FIELDS
        if replanned and saved.assignments.filter(active=True).exists():
            messages.success(
                request,
                "Athlete saved. Sessions still to come are being planned again; the plan page "
                "then says what changed.",
            )
        else:
            messages.success(request, "Athlete saved.")
        if "units" in form.changed_data:
            messages.info(
                request,
                f"Loads are now in {saved.units}: 1RM tests, logged sets and the plan were "
                "converted (planned loads rounded down to the plate step).",
            )
        return redirect("athlete_detail", pk=athlete.pk)
    return render(
        request,
        "athletes/athlete_form.html",
        {"form": form, "athlete": athlete},
        status=_status(form),
    )


def _athlete_conflict(request: HttpRequest, current: Athlete) -> HttpResponse:
    """Another coach saved the athlete since this form was shown: nothing is overwritten.
    The form keeps what this coach typed, lists what is saved now where it differs, and
    carries what is saved now as seen, so that saving again is a deliberate choice."""
    data = request.POST.copy()
    data["seen"] = athlete_stamp(current)
    # The form writes what it cleans onto its instance: it gets a copy of its own.
    form = AthleteForm(data, instance=Athlete.objects.get(pk=current.pk), club=current.club)
    form.is_valid()
    saved_now = []
    for name in AthleteForm.Meta.fields:
        field = form.fields[name]
        typed = form.cleaned_data.get(name, data.get(name))
        saved = getattr(current, name)
        if typed != saved:
            shown = getattr(current, f"get_{name}_display", lambda v=saved: v)()
            if name == "body_mass_kg":  # in the athlete's units, as the form asks for it
                shown = f"{current.body_mass.normalize():f} {current.units}"
            saved_now.append((field.label, "—" if shown in (None, "") else shown))
    context = {"form": form, "athlete": current, "saved_now": saved_now}
    return render(request, "athletes/athlete_form.html", context, status=409)


@coach_required
@require_http_methods(["GET", "POST"])
def running_week_edit(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    form = RunningWeekForm(
        request.POST if request.method == "POST" else None, initial_week=athlete.running_week
    )
    if request.method == "POST" and form.is_valid():
        week = form.running_week()
        week_changed = week != athlete.running_week
        if week_changed or not athlete.running_week_set:
            # Saved as it is, the sample becomes the athlete's own week too.
            athlete.running_week, athlete.running_week_set = week, True
            seen = form.cleaned_data["seen"]
            try:
                services.athlete_save(
                    athlete=athlete,
                    changed={"running_week_set", *(["running_week"] if week_changed else [])},
                    # Another coach's save of notes or body mass is no conflict here; a
                    # running week changed since this form was shown is.
                    still=lambda current: week_stamp(current.running_week) == seen,
                )
            except services.StaleAthlete as exc:
                data = request.POST.copy()
                data["seen"] = week_stamp(exc.current.running_week)
                form = RunningWeekForm(data, initial_week=exc.current.running_week)
                form.is_valid()
                form.add_error(
                    None,
                    "Not saved: this running week was changed a moment ago, on another "
                    "screen or by another coach. Your choices are below; save again to keep "
                    "them over those.",
                )
                context = {
                    "form": form,
                    "athlete": exc.current,
                    "saved_now": _week_saved_now(week, exc.current),
                }
                return render(request, "athletes/running_week_form.html", context, status=409)
        assigned = athlete.assignments.filter(active=True).exists()
        if week_changed and assigned:
            messages.success(
                request,
                "Running week saved. Sessions still to come are being planned around it; "
                "the plan page then says what changed.",
            )
        elif not assigned and not athlete.strength_tests.exists():
            messages.success(
                request, "Running week saved. Next: record a 1RM test, then assign a programme."
            )
        elif not assigned:
            messages.success(request, "Running week saved. Next: assign a programme.")
        else:
            messages.success(request, "Running week saved.")
        if notice := form.lifting_days_notice():
            messages.warning(request, notice)
        return redirect("athlete_detail", pk=athlete.pk)
    return render(
        request,
        "athletes/running_week_form.html",
        {"form": form, "athlete": athlete},
        status=_status(form),
    )


def _week_saved_now(typed: dict, current: Athlete) -> list[tuple[str, str]]:
    """The days of the week saved meanwhile that differ from those typed, as saved now
    ("Saturday", "Long run, AM"): what a second save would put back."""
    days = []
    for day in DAYS:
        saved, mine = current.running_day(day), typed[day]
        if (saved["run"], saved["time"] if saved["run"] != Run.REST else None) == (
            mine["run"],
            mine.get("time"),
        ):
            continue
        shown = Run(saved["run"]).label
        if saved["run"] != Run.REST and saved["time"] in RunTime.values:
            shown = f"{shown}, {RunTime(saved['time']).label}"
        days.append((DAY_NAMES[day], shown))
    return days


@coach_required
@require_http_methods(["GET", "POST"])
def strength_test_add(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    form = StrengthTestForm(request.POST if request.method == "POST" else None, athlete=athlete)
    return _strength_test_form(request, athlete, form)


@coach_required
@require_http_methods(["GET", "POST"])
def strength_test_edit(request: HttpRequest, pk: int, test_pk: int) -> HttpResponse:
    """Correct a mistyped test: the same checks as a new one, the plan re-planned after."""
    athlete = get_athlete_for_user(request, pk)
    test = athlete.strength_tests.select_related("exercise").filter(pk=test_pk).first()
    if test is None:
        seen = request.POST.get("seen", "")
        if request.method == "POST" and stamp_is_for(seen, athlete.pk, test_pk):
            return _test_conflict(request, athlete, None)  # deleted since it was shown
        raise Http404
    form = StrengthTestEditForm(
        request.POST if request.method == "POST" else None, instance=test, athlete=athlete
    )
    if request.method == "POST" and form.is_valid() and not form.changed_fields():
        # Saved so already: nothing written. Said unless this form was shown another test
        # (a second click on Save, or the same correction from another screen).
        if form.cleaned_data["seen"] == strength_test_stamp(test):
            messages.info(request, f"{test.exercise.name} test unchanged: nothing to save.")
        return redirect(_test_history_url(request, athlete))
    return _strength_test_form(request, athlete, form)


def _tests_page(request: HttpRequest) -> int:
    """The page of the test history a test's form was opened from (its Edit link carries
    it; the form sends it back the same way)."""
    return page_number(request.GET.get("tests"))


def _back_to_assign(request: HttpRequest) -> bool:
    """A test form opened from the assign page (`?then=assign`, the one value taken): saved
    or cancelled, the coach goes back there to assign with loads."""
    return request.GET.get("then") == "assign"


def _test_history_url(request: HttpRequest, athlete: Athlete) -> str:
    """The athlete's page, at the page of the test history the form was opened from (the
    last, if that one is gone); the assign page when the form was opened from there."""
    if _back_to_assign(request):
        return reverse("assign_athlete", args=[athlete.pk])
    number = _tests_page(request)
    detail = reverse("athlete_detail", args=[athlete.pk])
    return f"{detail}?tests={number}#tests" if number > 1 else detail


def _test_form_page(request: HttpRequest, athlete: Athlete, form, status: int) -> HttpResponse:
    context = {
        "form": form,
        "athlete": athlete,
        "tests_page": _tests_page(request),
        "then_assign": _back_to_assign(request),
        "back": _test_history_url(request, athlete),
    }
    return render(request, "athletes/strength_test_form.html", context, status=status)


def _strength_test_form(request: HttpRequest, athlete: Athlete, form) -> HttpResponse:
    """A test's form, new or corrected: saved when it checks, else shown with what is wrong."""
    if request.method == "POST" and form.is_valid():
        test = form.save(commit=False)
        test.athlete = athlete
        corrected = test.pk is not None
        seen = form.cleaned_data.get("seen")
        try:
            services.strength_test_save(
                test=test,
                unit=form.cleaned_data["unit"],
                still=(lambda now: strength_test_stamp(now) == seen) if corrected else None,
            )
        except services.UnitChanged as changed:
            # Switched while this request was on its way: checked again against the new
            # unit, the form refuses the load typed in the old one and asks for it anew.
            athlete.units = changed.units
            instance = _fresh(form.instance)
            if instance is None:  # and the test was deleted meanwhile too
                return _test_conflict(request, athlete, None)
            fresh = type(form)(request.POST, instance=instance, athlete=athlete)
            fresh.is_valid()
            return _test_form_page(request, athlete, fresh, 409)
        except services.StaleTest as stale:
            return _test_conflict(request, athlete, stale.current)
        except services.DuplicateTest as duplicate:
            # Saved by another request a moment ago (a Save clicked twice): said as the
            # form says it, nothing saved again.
            form.add_error("tested_on", already_recorded(duplicate.twin, athlete.units))
            return _test_form_page(request, athlete, form, 400)
        one_rm = test.estimated_1rm.quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
        said = (
            f"tested 1RM {one_rm:f} {athlete.units}"
            if test.reps == 1
            else f"1RM estimated at {one_rm:f} {athlete.units} from {test.reps} reps"
        )
        what = test.exercise.name
        if corrected:
            what += f" test of {test.tested_on:%-d %b %Y} corrected"
        latest = (
            athlete.strength_tests.filter(exercise=test.exercise).order_by(*CURRENT_FIRST).first()
        )
        if latest is not None and latest.tested_on > test.tested_on:
            # Typed in late: a later test of the lift stays the 1RM loads are taken from.
            later = latest.estimated_1rm.quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
            said += (
                f". Kept in the history: the later test of {latest.tested_on:%-d %b %Y} "
                f"({later:f} {athlete.units}) stays the 1RM plans load from"
            )
        elif athlete.assignments.filter(active=True).exists():
            said += (
                ". Sessions still to come are being planned from it; the plan page then says "
                "what changed"
            )
        elif not corrected and not athlete.running_week_set:
            # Assigned now, the plan would place lifts around the sample week's runs.
            said += ". Next: set their running week, then assign a programme"
        elif not corrected:
            said += ". Next: assign a programme"
        messages.success(request, f"{what}: {said}.")
        return redirect(_test_history_url(request, athlete))
    return _test_form_page(request, athlete, form, 409 if form.stale_unit else _status(form))


def _fresh(test: StrengthTest) -> StrengthTest | None:
    """A test as saved (a form writes what it cleans onto its instance; None when it is
    gone), or a new one."""
    if test.pk is None:
        return StrengthTest()
    return StrengthTest.objects.select_related("exercise").filter(pk=test.pk).first()


def _test_conflict(
    request: HttpRequest, athlete: Athlete, current: StrengthTest | None
) -> HttpResponse:
    """The test was corrected or deleted by someone else since this form was shown: nothing
    is overwritten. The form keeps what this coach typed; saving it again is a deliberate
    choice, made against the test as it is now (or recorded as a new test, when it is gone)."""
    data = request.POST.copy()
    if current is None:
        form = StrengthTestForm(data, athlete=athlete)
        message = (
            "Not saved: this test was deleted while this page was open, on another screen or "
            "by another coach. What you typed is below: save it to record it as a new test."
        )
    else:
        data["seen"] = strength_test_stamp(current)
        form = StrengthTestEditForm(data, instance=current, athlete=athlete)
        shown = f"{current.load.normalize():f} {athlete.units} × {current.reps}"
        message = (
            f"Not saved: this test was changed to {current.exercise.name}, {shown} on "
            f"{current.tested_on:%-d %b %Y} while this page was open, on another screen or by "
            "another coach. What you typed is below: save again to put it in place of that."
        )
    form.is_valid()
    form.add_error(None, message)
    return _test_form_page(request, athlete, form, 409)


@coach_required
@require_POST
def strength_test_delete(request: HttpRequest, pk: int, test_pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    test = get_object_or_404(athlete.strength_tests.select_related("exercise"), pk=test_pk)
    lift = athlete.strength_tests.filter(exercise=test.exercise).order_by(*CURRENT_FIRST)
    latest = lift.values_list("pk", flat=True).first() == test.pk
    services.strength_test_delete(test=test)
    planned = athlete.assignments.filter(active=True).exists()
    if not planned:
        after = "."
    elif not latest:
        after = "; the plan keeps the 1RM of the latest test."
    elif lift.exists():
        after = "; the plan follows the 1RM that is left."
    else:  # no 1RM of the lift is left: it goes by effort (L3)
        after = f"; with no other {test.exercise.name} test, the plan gives it by effort."
    messages.success(
        request, f"{test.exercise.name} test of {test.tested_on:%-d %b %Y} deleted{after}"
    )
    number = page_number(request.POST.get("tests"))
    if number == 1:
        return redirect("athlete_detail", pk=athlete.pk)
    # Back to the page of the history it was deleted from (the last, if that one is gone).
    return redirect(f"{reverse('athlete_detail', args=[athlete.pk])}?tests={number}#tests")


@coach_required
@require_POST
def athlete_delete(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk, archived_ok=True)
    services.athlete_delete(athlete=athlete)
    messages.success(request, f"{athlete.name} and all their records were deleted.")
    return redirect(f"{reverse('roster')}?show=archived" if athlete.is_archived else "roster")


@coach_required
@require_POST
def athlete_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """An athlete who left the club goes off its lists; their history stays, read-only."""
    athlete = get_athlete_for_user(request, pk, archived_ok=True)
    if services.athlete_archive(athlete=athlete):
        messages.success(
            request,
            f"{athlete.name} is archived: off the roster, dashboard and squads, their link, "
            "calendar and login refused. Their plan, logs and tests are kept.",
        )
    else:
        messages.info(request, f"{athlete.name} was archived already.")
    return redirect("athlete_detail", pk=athlete.pk)


@coach_required
@require_POST
def athlete_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """An archived athlete comes back on the club's lists, their access working again."""
    athlete = get_athlete_for_user(request, pk, archived_ok=True)
    if services.athlete_restore(athlete=athlete):
        messages.success(
            request,
            f"{athlete.name} is back on the roster. Their link, calendar and login work again; "
            "issue a new link from Athlete access if the old one was lost.",
        )
    else:
        messages.info(request, f"{athlete.name} was not archived.")
    return redirect("athlete_detail", pk=athlete.pk)


@coach_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    # The athletes on the roster; ?show=archived for those archived (left the club).
    archived = request.GET.get("show") == ARCHIVED
    listed = Athlete.objects.for_club(club)
    athletes = (listed.archived() if archived else listed.active()).select_related("squad")
    name = "roster-archived" if archived else "roster"
    squad_id = request.GET.get("squad", "")
    if squad_id:
        # One squad's athletes, as the roster shows them filtered; another club's is a 404.
        squad = get_object_or_404(Squad.objects.filter(club=club), pk=_int_or_none(squad_id))
        athletes = athletes.filter(squad=squad)
        name = f"{name}-{file_words(squad.name) or 'squad'}"
    athletes = sorted(athletes, key=lambda a: (name_order(a.name), a.pk))
    response = HttpResponse(roster_csv(athletes), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
    return response


def _int_or_none(text: str) -> int | None:
    """A whole number as typed in a URL, or None (digits only, few enough to be an id)."""
    return int(text) if text.isdecimal() and len(text) < 19 else None


@coach_required
@require_GET
def roster_import_sample(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        sample_roster_csv(timezone.localdate()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="athletes-sample.csv"'
    return response


@coach_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload shows a preview; the confirm step re-checks the same bytes, then imports."""
    club = club_for(request)
    form = CsvUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context = {"form": form, "columns": READ_COLUMNS}
    if request.method == "GET":
        return render(request, "athletes/roster_import.html", context)
    raw = _uploaded_bytes(request, form)
    if raw is None:
        return render(request, "athletes/roster_import.html", context, status=400)
    parsed = parse_roster(raw, club)
    context.update(parsed=parsed, csv_text=decode_csv(raw) if parsed.ok else "")
    status = 200 if parsed.ok else 400
    if parsed.ok and request.POST.get("confirm") == "1":
        # Each preview imports once: a double click or a resend after Back is refused
        # instead of adding every athlete a second time.
        token = request.POST.get("import_token", "")[:64]
        key = f"roster-import:{club.pk}:{token}"
        skip_known = request.POST.get("skip_known") == "1"
        shown = _previewed_on_roster(request)
        chosen = new_rows_only(parsed, shown) if skip_known else parsed
        if not chosen.rows:
            messages.info(request, "Nothing imported: every athlete in the file is on the roster.")
            return redirect("roster")
        if token and cache.add(key, True, IMPORT_TOKEN_SECONDS):
            if not skip_known and roster_marks(parsed.on_roster) - shown:
                # Athletes of the file were added since the preview (in another tab, or by
                # another coach): importing all would add them again behind a preview that
                # did not show them on the roster. The file is shown again as it now stands.
                cache.delete(key)
                context.update(roster_changed=True, import_token=secrets.token_urlsafe(16))
                return render(request, "athletes/roster_import.html", context, status=409)
            try:
                created = services.roster_import(club=club, parsed=chosen)
            except Exception:
                cache.delete(key)  # nothing was imported: the same preview may try again
                raise
            count, left = len(created), len(parsed.rows) - len(chosen.rows)
            text = f"Imported {count} athlete{'' if count == 1 else 's'}"
            if left:
                text += f"; {left} already on the roster left out"
            them = "their 1RMs (a squad's testing day takes them together)"
            if count == 1:
                them = "their 1RM"
            messages.success(request, f"{text}. Next: record {them}, then assign a programme.")
            return redirect("roster")
        context["already_imported"] = True
        parsed = parse_roster(raw, club)  # read again: the roster may hold these rows now
        context["parsed"], status = parsed, 409
    context["import_token"] = secrets.token_urlsafe(16)
    return render(request, "athletes/roster_import.html", context, status=status)


def _previewed_on_roster(request: HttpRequest) -> set[str]:
    """The marks of the file's athletes the confirmed preview showed as on the roster."""
    return set(request.POST.get("on_roster", "")[: 13 * MAX_ROWS].split(","))


def _uploaded_bytes(request: HttpRequest, form: CsvUploadForm) -> bytes | None:
    if request.POST.get("confirm") == "1":
        # The preview's copy, which a browser sends back with every line ending as "\r\n":
        # counted as the file was, a file of "\n" just under the limit would be over it.
        return request.POST.get("csv_text", "").replace("\r\n", "\n").encode("utf-8")
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    return upload.read(2 * 1024 * 1024)


@coach_required
@require_http_methods(["GET", "POST"])
def squads(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    form = SquadForm(request.POST if request.method == "POST" else None, club=club)
    form.instance.club = club
    if request.method == "POST" and form.is_valid() and _squad_saved(form):
        messages.success(request, f"Squad “{form.instance.name}” created.")
        return redirect("squads")
    return _squads_page(request, club, form, _status(form))


def _squads_page(request: HttpRequest, club: Club, form: SquadForm, status: int) -> HttpResponse:
    rows = Squad.objects.filter(club=club).prefetch_related(
        Prefetch("athletes", queryset=Athlete.objects.active())  # archived ones not counted
    )
    return render(request, "athletes/squads.html", {"form": form, "squads": rows}, status=status)


def _squad_saved(form: SquadForm) -> bool:
    """Save the squad, unless another coach took its name since the form's check (two at
    once, in any case): then nothing is saved and the form says so beside the name."""
    with transaction.atomic():
        taken = services.hold_club_squads(form.club).get(name_key(form.cleaned_data["name"]))
        if taken is None or taken.pk == form.instance.pk:
            form.save()
            return True
    form.add_error("name", "The club already has a squad with this name.")
    return False


@coach_required
@require_http_methods(["GET", "POST"])
def squad_rename(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_squad_for_user(request, pk)
    old_name = squad.name
    form = SquadForm(
        request.POST if request.method == "POST" else None, instance=squad, club=squad.club
    )
    status = _status(form)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The club's squads first, as an import holds them while it puts athletes into
            # this squad: taken after the squad's row, each would wait for the other.
            services.hold_club_squads(squad.club)
            current = Squad.objects.select_for_update().filter(pk=squad.pk).first()
            if current is None:  # deleted a moment ago
                raise Http404
            fresh = current.name == form.cleaned_data["seen"]
            if fresh and form.cleaned_data["name"] == old_name:
                messages.info(request, f"Squad “{old_name}” keeps its name: nothing was changed.")
                return redirect("squads")
            if fresh and _squad_saved(form):
                messages.success(request, f"Squad “{old_name}” is now called “{squad.name}”.")
                return redirect("squads")
        if fresh:
            squad.name = old_name  # taken meanwhile (_squad_saved): not saved
            status = 400
        else:
            # Renamed by someone else since this form was shown: nothing saved, their name
            # shown, what was typed kept; saving again is a deliberate choice.
            data = request.POST.copy()
            data["seen"] = old_name = current.name
            form = SquadForm(data, instance=current, club=current.club)
            form.is_valid()  # puts the typed name on `current`, which is not saved
            form.add_error(
                None,
                f"Not saved: this squad was renamed “{old_name}” while this page was open. "
                "Save again to rename it as typed.",
            )
            status = 409
    return render(
        request,
        "athletes/squad_rename.html",
        {"form": form, "squad": squad, "old_name": old_name},
        status=status,
    )


@coach_required
@require_POST
def squad_delete(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_squad_for_user(request, pk)
    with transaction.atomic():
        Squad.objects.select_for_update().filter(pk=squad.pk).first()
        listed = squad.athletes.active().count()  # as the squads page counts them
        shown = _int_or_none(request.POST.get("seen", "")) or 0
        if listed > shown:
            # Athletes put in it since the page asked (another tab, another coach): the
            # coach agreed to leave fewer in no squad than deleting it now would.
            messages.error(
                request,
                f"Not deleted: {squad.name} has {listed} athlete{'' if listed == 1 else 's'} "
                f"now, not {shown} as this page showed. Delete it again to leave them in no "
                "squad.",
            )
            return _squads_page(request, squad.club, SquadForm(club=squad.club), 409)
        squad.delete()
    if listed:
        athletes = "1 athlete stays" if listed == 1 else f"{listed} athletes stay"
        messages.success(
            request,
            f"Squad “{squad.name}” deleted. Its {athletes} on the roster, in no squad now; "
            "plans are unchanged.",
        )
    else:
        messages.success(request, f"Squad “{squad.name}” deleted.")
    return redirect("squads")


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
