"""A form that makes something, sent twice, makes it once.

Without JavaScript nothing holds back a second click on a button while the next page is on
its way (app.js does with script on): "Copy to edit" would make two copies. Such a form
carries a one-time token (`once_field`); the same form sent again with the same fields
within a minute makes nothing more and goes where the first went.
"""

import hashlib
import logging
import secrets
import time
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.html import format_html

FIELD = "once"
SECONDS = 60  # how long a form sent is known as sent
WAIT = 10  # how long a second send waits for the first's answer
PENDING = "pending"
log = logging.getLogger(__name__)
DOWN = object()  # what a cache call answers while the cache (Redis) is unreachable


def _ask(call, *args):
    """A call to the cache, or DOWN when the cache cannot be reached: the form then acts as
    it would without a token, as pages and other forms keep working with Redis stopped."""
    try:
        return call(*args)
    except Exception:
        log.warning("cache unavailable: a form sent twice may act twice", exc_info=True)
        return DOWN


def once_field() -> str:
    """The hidden field holding a new token, for a form's page."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(16)
    )


def _key(request) -> str | None:
    """The form as sent: its token and every field (a form sent back with a name changed
    is another send), by this user to this address. None for a form without a token."""
    if not request.POST.get(FIELD):
        return None
    fields = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    )
    digest = hashlib.sha256(repr(fields).encode()).hexdigest()[:32]
    return f"once:{request.user.pk}:{request.path}:{digest}"


def _first_answer(key: str) -> str | None:
    """Where the first send went, waiting for it while it is under way; None if it went
    nowhere (refused, failed) or takes too long."""
    deadline = time.monotonic() + WAIT
    while True:
        answer = _ask(cache.get, key)
        if answer is DOWN:
            return None
        if answer != PENDING:
            return answer
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


def made_once(again: str):
    """For a view making something and redirecting to it: the same form sent again goes to
    the first's page, saying `again`, and makes nothing more."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            key = _key(request)
            added = DOWN if key is None else _ask(cache.add, key, PENDING, SECONDS)
            if added is DOWN:
                return view(request, *args, **kwargs)
            if not added:
                place = _first_answer(key)
                if place:
                    messages.info(request, again)
                    return redirect(place)
                # The first made nothing: this one is a send of its own.
                _ask(cache.set, key, PENDING, SECONDS)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                _ask(cache.delete, key)
                raise
            if response.status_code == 302:
                _ask(cache.set, key, response["Location"], SECONDS)
            else:
                _ask(cache.delete, key)  # refused: corrected and sent again, it is new
            return response

        return wrapped

    return decorate
