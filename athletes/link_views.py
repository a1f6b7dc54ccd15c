"""How athletes reach their own week: a private link, or a login they create by invitation.

The link's token is stored hashed, so it can be shown only once, when issued. The
login invitation is a signed, time-limited token for the athlete's id and the latest
invitation's random part; it stops working when withdrawn, when another is made, and as
soon as the athlete has a login.
"""

import secrets
from datetime import timedelta

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordChangeDoneView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import coach_required, get_athlete_for_user, token_in_address
from athletes.forms import (
    AthleteLoginForm,
    ChangePasswordForm,
    NewPasswordForm,
    account_made,
    typed_account_fields,
)
from athletes.models import Athlete, AthleteLink, CalendarFeed, Membership
from athletes.throttle import (
    ACCOUNT_FORMS_REFUSED,
    ACCOUNT_REFUSED,
    LOGIN_REFUSED,
    account_tries_left,
    account_tries_used_up,
    login_failed,
    login_failures_used_up,
    reset_mails_left,
)
from config.mail import mail_server_set_up
from config.needed import SaysWhatIsNeeded

LOGIN_INVITE_SALT = "athletes.login-invite"
LOGIN_INVITE_AGE = timedelta(days=7)


def qr_svg(url: str) -> SafeString:
    """The URL as a QR code in inline SVG (segno writes paths with attributes, no styles)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=3, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - generated markup, the URL is encoded, not embedded


def login_invite_token(athlete: Athlete) -> str:
    """A new login invitation for the athlete; any earlier one stops working."""
    nonce, now = secrets.token_hex(8), timezone.now()
    Athlete.objects.filter(pk=athlete.pk).update(login_invite=nonce, login_invite_at=now)
    athlete.login_invite, athlete.login_invite_at = nonce, now
    payload = {"athlete": athlete.pk, "invite": nonce}
    return signing.TimestampSigner(salt=LOGIN_INVITE_SALT).sign_object(payload)


def _login_invite_data(token: str) -> dict | None:
    """What a genuine invitation at most a week old carries, else None."""
    try:
        data = signing.TimestampSigner(salt=LOGIN_INVITE_SALT).unsign_object(
            token, max_age=LOGIN_INVITE_AGE
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("invite"), str) or not data["invite"]:
        return None
    if not isinstance(data.get("athlete"), int):
        return None
    return data


def athlete_for_login_invite(token: str) -> Athlete | None:
    """The athlete of a working invitation: signed, at most a week old, the latest one
    issued, not withdrawn, and the athlete has no login yet."""
    data = _login_invite_data(token)
    if data is None:
        return None
    return (
        Athlete.objects.active()
        .filter(pk=data["athlete"], user__isnull=True, login_invite=data["invite"])
        .first()
    )


def _invited_and_logged_in(request: HttpRequest, token: str) -> bool:
    """The invitation was this logged-in athlete's own: they opened it again after using it."""
    data = _login_invite_data(token)
    return (
        data is not None
        and request.user.is_authenticated
        and Athlete.objects.filter(pk=data["athlete"], user=request.user).exists()
    )


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that may show a token are never cached."""
    response["Cache-Control"] = "no-store"
    return response


def _page(
    request: HttpRequest, athlete: Athlete, shown: dict | None = None, status: int = 200
) -> HttpResponse:
    until = athlete.login_invite_at and athlete.login_invite_at + LOGIN_INVITE_AGE
    context = {
        "athlete": athlete,
        "link": athlete.links.filter(revoked_at__isnull=True).select_related("created_by").first(),
        "has_login": athlete.user_id is not None,
        "invite_open": athlete.user_id is None and bool(athlete.login_invite),
        "invite_mark": _invite_mark(athlete),
        # When it stops working (None: made before this was recorded), and whether it has.
        "invite_until": until,
        "invite_expired": until is not None and until <= timezone.now(),
        "shown": shown,
        "invite_days": LOGIN_INVITE_AGE.days,
        # A link given before the plan opens a week with nothing to do yet: said here.
        "has_plan": hasattr(athlete, "plan"),
    }
    return _private(render(request, "athletes/link.html", context, status=status))


def _shown_key(athlete: Athlete) -> str:
    return f"athlete-link-shown-{athlete.pk}"


def _show_once(request: HttpRequest, athlete: Athlete, kind: str, url: str) -> HttpResponse:
    """Keep the new address for the very next view of the page, then send the coach there:
    reloading that page must not issue another one (which would retire the first)."""
    request.session[_shown_key(athlete)] = {"kind": kind, "url": url}
    return redirect("athlete_link", pk=athlete.pk)


@coach_required
@require_GET
def link_page(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    shown = request.session.pop(_shown_key(athlete), None)
    if shown:
        shown["qr"] = qr_svg(shown["url"])
    return _page(request, athlete, shown)


def _unseen_link(request: HttpRequest, athlete: Athlete) -> AthleteLink | None:
    """The athlete's working link when it is not the one the page sent from showed (its
    forms carry that link's id, "" for none): issued since, in another tab or by another
    coach, and perhaps handed out already. Called with the athlete's row locked."""
    link = athlete.links.filter(revoked_at__isnull=True).select_related("created_by").first()
    if link is None or request.POST.get("seen", "") == str(link.pk):
        return None
    return link


def _unseen_link_page(
    request: HttpRequest, athlete: Athlete, link: AthleteLink, refused: str
) -> HttpResponse:
    """Nothing done: the page as it is now, saying which link the action would have hit."""
    when = timezone.localtime(link.created_at)
    by = f" by {link.created_by.get_username()}" if link.created_by else ""
    messages.error(
        request,
        f"{refused}: a new link was issued{by} at {when:%H:%M} on {when:%-d %b %Y} while this "
        f"page was open, and {athlete.name} may have it already. The page below is as it is "
        "now: choose again.",
    )
    return _page(request, athlete, status=409)


@coach_required
@require_POST
def link_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new link (the old one stops working); the page shows it this once."""
    athlete = get_athlete_for_user(request, pk)
    with transaction.atomic():
        Athlete.objects.select_for_update().filter(pk=athlete.pk).first()
        if unseen := _unseen_link(request, athlete):
            return _unseen_link_page(request, athlete, unseen, "Not issued")
        _, token = AthleteLink.issue(athlete=athlete, created_by=request.user)
    url = request.build_absolute_uri(reverse("athlete_week", args=[token]))
    return _show_once(request, athlete, "link", url)


@coach_required
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk, archived_ok=True)  # taking access away
    with transaction.atomic():
        Athlete.objects.select_for_update().filter(pk=athlete.pk).first()
        if unseen := _unseen_link(request, athlete):
            return _unseen_link_page(request, athlete, unseen, "Not revoked")
        revoked = AthleteLink.objects.filter(athlete=athlete, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    if revoked:
        messages.success(request, f"{athlete.name}'s link no longer works.")
    else:
        messages.info(request, f"{athlete.name} had no working link.")
    return redirect("athlete_link", pk=athlete.pk)


def _invite_mark(athlete: Athlete) -> str:
    """Which open invitation a page showed ("" for none): its forms send it back."""
    if athlete.user_id is not None or not athlete.login_invite or not athlete.login_invite_at:
        return ""
    return str(int(athlete.login_invite_at.timestamp() * 1_000_000))


def _unseen_invite_page(request: HttpRequest, athlete: Athlete, refused: str) -> HttpResponse:
    """Nothing done: an invitation was made since the page was shown (another tab, another
    coach) and may be in the athlete's inbox; the page as it is now."""
    when = timezone.localtime(athlete.login_invite_at)
    messages.error(
        request,
        f"{refused}: a new login invitation was made at {when:%H:%M} on {when:%-d %b %Y} while "
        f"this page was open, and {athlete.name} may have it already. The page below is as it "
        "is now: choose again.",
    )
    return _page(request, athlete, status=409)


@coach_required
@require_POST
def login_invite(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    with transaction.atomic():
        athlete = Athlete.objects.select_for_update().get(pk=athlete.pk)
        if athlete.user_id is not None:
            messages.info(request, f"{athlete.name} already has a login.")
            return redirect("athlete_link", pk=athlete.pk)
        if _invite_mark(athlete) not in ("", request.POST.get("seen", "")):
            return _unseen_invite_page(request, athlete, "Not made")
        token = login_invite_token(athlete)
    url = request.build_absolute_uri(reverse("athlete_login_accept", args=[token]))
    return _show_once(request, athlete, "login", url)


@coach_required
@require_POST
def login_invite_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation sent stops working (sent to the wrong address, say)."""
    athlete = get_athlete_for_user(request, pk, archived_ok=True)  # taking access away
    with transaction.atomic():
        athlete = Athlete.objects.select_for_update().get(pk=athlete.pk)
        if _invite_mark(athlete) not in ("", request.POST.get("seen", "")):
            return _unseen_invite_page(request, athlete, "Not withdrawn")
        withdrawn = (
            Athlete.objects.filter(pk=athlete.pk, user__isnull=True)
            .exclude(login_invite="")
            .update(login_invite="")
        )
    if withdrawn:
        messages.success(request, f"The login invitation for {athlete.name} no longer works.")
    else:
        messages.info(request, f"There was no open login invitation for {athlete.name}.")
    return redirect("athlete_link", pk=athlete.pk)


@coach_required
@require_POST
def login_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the athlete's login away: the account goes, and with it every session it has
    open. Their training and logs stay; they can be invited to a new login."""
    athlete = get_athlete_for_user(request, pk, archived_ok=True)  # taking access away
    with transaction.atomic():
        locked = Athlete.objects.select_for_update().get(pk=athlete.pk)
        user = locked.user
        if user is not None:
            locked.user = None
            locked.login_invite = ""
            locked.save(update_fields=["user", "login_invite"])
            CalendarFeed.stop(locked)  # its calendar address goes with the login
            if not Membership.objects.filter(user=user).exists():
                user.delete()
    if user is None:
        messages.info(request, f"{athlete.name} had no login.")
    else:
        messages.success(request, f"{athlete.name}'s login was removed; it no longer works.")
    return redirect("athlete_link", pk=athlete.pk)


@transaction.atomic
def athlete_login_create(*, athlete: Athlete, username: str, password: str, email: str):
    """Give the athlete a login; refused when someone used the invitation first."""
    locked = Athlete.objects.select_for_update().get(pk=athlete.pk)
    if locked.user_id is not None or locked.login_invite != athlete.login_invite:
        raise ValueError("This athlete already has a login, or the invitation was withdrawn.")
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    locked.user = user
    locked.login_invite = ""
    locked.save(update_fields=["user", "login_invite"])
    return user


@token_in_address
@require_http_methods(["GET", "POST"])
def login_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The athlete's login invitation."""
    athlete = athlete_for_login_invite(token)
    if athlete is None:
        if _invited_and_logged_in(request, token):
            messages.info(request, "You have a login already, and you are logged in.")
            return redirect("me_week")
        if request.method == "POST" and (user := _made_by_this_invitation(request, token)):
            return _login_ready(request, user)
        return render(request, "athletes/link_login_invalid.html", status=404)
    if request.method == "POST" and account_tries_used_up(request):
        # As the sign-up: the form says whether an email or a username has an account.
        context = {
            "form": AthleteLoginForm(initial=typed_account_fields(request)),
            "athlete": athlete,
            "refused": ACCOUNT_FORMS_REFUSED,
        }
        return render(request, "athletes/link_login.html", context, status=429)
    form = AthleteLoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_made(
                form,
                lambda: athlete_login_create(
                    athlete=athlete,
                    username=data["username"],
                    password=data["password1"],
                    email=data["email"],
                ),
            )
        except ValueError:
            if user := _made_by_this_invitation(request, token):
                return _login_ready(request, user)
            return render(request, "athletes/link_login_invalid.html", status=404)
        if user is not None:
            return _login_ready(request, user)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "athlete": athlete}
    return render(request, "athletes/link_login.html", context, status=status)


def _login_ready(request: HttpRequest, user) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    login_url = request.build_absolute_uri(reverse("login"))
    messages.success(
        request,
        f"Your login is ready. Next time, log in at {login_url} as “{user.username}”.",
    )
    return redirect("me_week")


def _made_by_this_invitation(request: HttpRequest, token: str):
    """The login this invitation made, when the form sent again names it with its password: a
    double tap on "Create my login", whose first answer (and its log-in) the phone dropped.
    The password is checked as a log-in's is, failed tries counted against the username."""
    data = _login_invite_data(token)
    username = request.POST.get("username", "")[:150]
    password = request.POST.get("password1", "")
    if data is None or not username or not password:
        return None
    user = authenticate(request, username=username, password=password)
    if user is None or not Athlete.objects.active().filter(pk=data["athlete"], user=user).exists():
        return None
    return user


def landing_url(user) -> str:
    """Where a logged-in user starts: coaches on the roster, athletes on their own week."""
    is_coach = Membership.objects.filter(user=user).exists()
    if not is_coach and Athlete.objects.filter(user=user).exists():
        return reverse("me_week")
    return reverse("roster")


class LoginForm(SaysWhatIsNeeded, AuthenticationForm):
    """Django's login form, refusing an overlong username before it is looked up or logged."""

    needed = {"username": "Enter your username.", "password": "Enter your password."}
    # Not Django's "both fields may be case-sensitive": the username is found in any case.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "This username and password do not match a login: check both "
        "(capitals count in the password, not in the username) and try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    # The username was paused after failed log-ins (axes): the password went unchecked.
    paused = False

    def clean_username(self) -> str:
        """The username as saved, when it was typed in another case ("Coach" for coach, a
        phone's capital): sign-up refuses a name another has in any case, so at most one
        login answers to it. Failed tries in any case count against that one login."""
        typed = self.cleaned_data["username"]
        model = get_user_model()
        field = model.USERNAME_FIELD
        users = model._default_manager
        if users.filter(**{field: typed}).exists():
            return typed
        found = list(users.filter(**{f"{field}__iexact": typed}).values_list(field, flat=True)[:2])
        return found[0] if len(found) == 1 else typed

    def clean(self):
        """The right password of a coach's login switched off when they left the club or
        were taken off it is told so, rather than that the password is wrong, and before
        the password is checked the usual way: that would count it as a failed log-in,
        and enough of them pause the username, hiding why. A paused username is told
        nothing more, the right password included."""
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password and self.request is not None:
            credentials = {"username": username}
            self.paused = not AxesProxyHandler.is_allowed(self.request, credentials)
        checked = username and password and not self.paused
        former = self._former_coach(username) if checked else None
        if former is not None and former.check_password(password):
            raise ValidationError(OFF_CLUB_LOGIN, code="off_club")
        try:
            return super().clean()
        except ValidationError as refused:
            if refused.code == "invalid_login" and former is None:
                # Hashed all the same: a failed log-in takes as long whatever the username,
                # so the time taken does not tell a former coach's login from any other.
                get_user_model()().set_password(password)
            raise

    @staticmethod
    def _former_coach(username: str):
        """The login of a coach who left the club or was taken off it: switched off, and
        neither a coach's nor an athlete's now (nor an administrator's)."""
        model = get_user_model()
        user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
        return user if user is not None and former_coach(user) else None

    def confirm_login_allowed(self, user) -> None:
        """An athlete whose coach archived them (they left the club) is told so, not let in
        to a week that is not there; a restore lets them in again."""
        super().confirm_login_allowed(user)
        if not Membership.objects.filter(user=user).exists() and (
            Athlete.objects.archived().filter(user=user).exists()
        ):
            raise ValidationError(ARCHIVED_LOGIN, code="archived")


OFF_CLUB_LOGIN = (
    "This login no longer works: its coach left the club, or was taken off it. To coach "
    "again, create a club or ask a club's owner for an invitation; either makes a new login."
)
ARCHIVED_LOGIN = (
    "Your coach has archived your record (you left the club), so this login is paused. "
    "Ask your coach to restore it if you are back."
)


def former_coach(user) -> bool:
    """A login switched off as its coach left the club or was taken off it: neither a
    coach's nor an athlete's now (nor an administrator's)."""
    if user.is_active or user.is_staff or Membership.objects.filter(user=user).exists():
        return False
    return not Athlete.objects.filter(user=user).exists()


class RefusedIs400:
    """A form of Django's account views sent back with a mistake answers 400, as every form
    of the product does (Django's own answer 200, as if it had gone through)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ResetMailForm(SaysWhatIsNeeded, PasswordResetForm):
    """Django's form, sending an account no more than a few reset mails an hour: asked for
    over and over (anyone may type an address), the rest are not sent, and the page says
    what it always says, so it tells nobody whether the address has an account."""

    needed = {"email": "Enter the email address of your account."}

    def get_users(self, email):
        return (user for user in super().get_users(email) if reset_mails_left(user))


class NoMailSaid:
    """A page of the password reset that says, when no mail server is set up, that no reset
    link can be emailed and whom to ask instead: the same words whatever the address, so
    they tell nobody whether it has an account."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "no_mail": not mail_server_set_up()}


class PasswordReset(NoMailSaid, RefusedIs400, PasswordResetView):
    """A few resets an hour from one visitor's address too (the account forms' count)."""

    form_class = ResetMailForm

    def post(self, request, *args, **kwargs):
        if not mail_server_set_up():
            # A form left open from before: no link is made, so none is written to the
            # server's log, and every address gets the same "no reset link sent" page.
            return HttpResponseRedirect(self.get_success_url())
        if account_tries_used_up(request):
            form = self.get_form_class()(initial={"email": request.POST.get("email", "")[:254]})
            context = self.get_context_data(form=form, refused=ACCOUNT_FORMS_REFUSED)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetSent(NoMailSaid, PasswordResetDoneView):
    """After a reset is asked for: a link is on its way if the address has an account, or,
    with no mail server, whom to ask."""


class PasswordResetConfirm(RefusedIs400, PasswordResetConfirmView):
    """Setting a new password by the emailed link also lifts a pause on log-in after failed
    attempts: the link proved the account is theirs, and the lockout page sends them here."""

    form_class = NewPasswordForm

    def dispatch(self, *args, **kwargs):
        """A link that no longer works is not found, as a login invitation's is (Django's
        view answers its page with 200, as if the link were fine)."""
        response = super().dispatch(*args, **kwargs)
        if not self.validlink and response.status_code == 200:
            response.status_code = 404
        return response

    def get_user(self, uidb64):
        """A link mailed before its coach left the club or was taken off it no longer
        works: the login it would set a password for is switched off, and no reset mail is
        sent to such a login either."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


def own_account_pages(user) -> dict:
    """How a logged-in user's own password pages look and where they lead back to: an
    athlete's as their week (its top bar, back to the week), a coach's as the coach pages."""
    if landing_url(user) == reverse("me_week"):
        return {
            "page_base": "schedules/athlete/base.html",
            "main_class": "container narrow athlete-week",
            "signed_in": True,
            "back_url": reverse("me_week"),
            "back_words": "Back to your week",
        }
    return {
        "page_base": "base.html",
        "main_class": "container narrow",
        "back_url": "/",
        "back_words": "Back to the start",
    }


class PasswordChange(PasswordChangeView):
    """A logged-in user's new password; a form with a mistake answers 400, as every form,
    and a few tries an hour: the old password is not to be guessed over and over."""

    success_url = "/account/password/done/"
    form_class = ChangePasswordForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **own_account_pages(self.request.user)}

    def post(self, request, *args, **kwargs):
        if not account_tries_left(request.user):
            form = self.get_form_class()(user=request.user)
            context = self.get_context_data(form=form, refused=ACCOUNT_REFUSED)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChanged(PasswordChangeDoneView):
    """The new password is saved: back to the athlete's week, or a coach's start."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **own_account_pages(self.request.user)}


class LogOut(LogoutView):
    """Log-out (POST only) that says it took, on the page it leads to: on a shared phone or
    a club computer, the one walking away sees that the next person cannot open their pages."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You are logged out.")
        return response


class AthleteAwareLoginView(RefusedIs400, LoginView):
    """Log-in that lands athletes on their week (coaches still go to the roster), coaches'
    and athletes' alike. Failed log-ins are paused per username from one address (axes) and
    per address whatever the username (the throttle's count): one password tried against
    many usernames is slowed too."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_failures_used_up(request):
            typed = {"username": request.POST.get("username", "")[:150]}
            form = self.get_form_class()(request, initial=typed)
            context = self.get_context_data(form=form, refused=LOGIN_REFUSED)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A wrong username or password; not a try refused unchecked, its username paused.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") and not form.paused:
            login_failed(self.request)
        return super().form_invalid(form)

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)
