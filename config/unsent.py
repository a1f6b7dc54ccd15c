"""A form sent after its login ended (logged out in another tab, the login ran out, the
coach was signed out elsewhere) saves nothing. What was typed in it is kept in the
browser's session, and once logged in again the page below offers to send it again, so a
coach's typing is not lost to a log-out they did not see.

It is offered to the one who typed it alone: a browser shared at a club (a coach's login
ran out, an athlete logs in next) must not show one person what another typed. A signed
cookie says who last used the browser; the form is kept under that name, and anyone else
logging in has it forgotten."""

import time
from collections.abc import Collection

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from athletes.link_views import landing_url

UNSENT = "unsent-form"
LAST_USER = "last_user"
LAST_USER_SALT = "config.unsent.last_user"
KEPT_SECONDS = 60 * 60
MOST_CHARACTERS = 64 * 1024  # far above any form of the product; a session is no store


def keep_unsent_form(request: HttpRequest, page: str, leave_out: Collection[str] = ()) -> bool:
    """Keep the fields of a form sent without a login (but those named in LEAVE_OUT); False
    when there is nothing typed to keep (a button alone, which its page offers again), or it
    cannot be kept (a file, which the session cannot hold, or more text than any form
    takes)."""
    if request.FILES:
        return False
    fields = [
        [name, value]
        for name, values in request.POST.lists()
        for value in values
        if name != "csrfmiddlewaretoken" and "password" not in name and name not in leave_out
    ]
    if not fields or sum(len(name) + len(value) for name, value in fields) > MOST_CHARACTERS:
        return False
    owner = request.get_signed_cookie(LAST_USER, default=None, salt=LAST_USER_SALT)
    if owner is None:
        return False  # nobody to offer it to
    request.session[UNSENT] = {
        "owner": owner,
        "action": request.get_full_path(),
        "page": page,
        "fields": fields,
        "at": int(time.time()),
    }
    return True


def remember_user(request: HttpRequest, response: HttpResponse) -> None:
    """Mark the browser with who is logged in, for a form their login may outlive."""
    if not request.user.is_authenticated:
        return
    who = str(request.user.pk)
    if request.get_signed_cookie(LAST_USER, default=None, salt=LAST_USER_SALT) != who:
        response.set_signed_cookie(
            LAST_USER,
            who,
            salt=LAST_USER_SALT,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def forget_unsent_form(request: HttpRequest) -> None:
    """A later form sent with the login back supersedes the one kept."""
    if UNSENT in request.session:
        del request.session[UNSENT]


@login_required
@require_GET
def form_resend(request: HttpRequest) -> HttpResponse:
    unsent = request.session.get(UNSENT)
    if (
        not unsent
        or unsent.get("owner") != str(request.user.pk)  # typed by someone else
        or time.time() - unsent["at"] > KEPT_SECONDS
    ):
        forget_unsent_form(request)
        return redirect(landing_url(request.user))
    return render(request, "registration/form_resend.html", unsent)
