"""Which addresses of the site are pages: those whose view answers a GET (a form's own
address answers only a form)."""

import copy
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, get_script_prefix, resolve

log = logging.getLogger(__name__)


def allowed_methods(view) -> set[str]:
    """The methods a view answers, read from Django's method decorators or its class."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return {"GET", "POST"}


def _opens(path_info: str) -> bool:
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return "GET" in allowed_methods(match.func)


def nearest_page(path: str) -> str:
    """PATH (with its query) when it opens with a GET, else the nearest page above it.

    A page sent back in answer to a form (a form refused for a mistake in it) keeps the
    form's address, which answers only a form: a link or a log-in leading back to it would
    end on "Method not allowed". /programmes/new/ leads to /programmes/ instead, and
    /programmes/5/phases/add/ to /programmes/5/."""
    prefix = get_script_prefix()
    address, _, query = path.partition("?")
    if not address.startswith(prefix):
        return prefix
    if _opens("/" + address[len(prefix) :]):
        return path
    parts = address[len(prefix) :].strip("/").split("/")
    while parts:
        parts.pop()
        above = "/" + "/".join(parts) + ("/" if parts else "")
        if _opens(above):
            return prefix + above[1:]
    return prefix


def _detached(session):
    """A copy of SESSION under no key, which nothing saves."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(dict(session.items()))
    return store


def opens_now(request: HttpRequest, path: str) -> bool:
    """True if PATH (a page of this site, with its query) still opens for the user sending
    REQUEST: its view, asked for it as a GET, answers with anything but an error. A page
    showing a record deleted meanwhile (in another tab, by another coach) is not found.
    The view only reads; the messages waiting for the user are left for the page they see."""
    prefix = get_script_prefix()
    address, _, query = path.partition("?")
    if not address.startswith(prefix):
        return False
    path_info = "/" + address[len(prefix) :]
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    if "GET" not in allowed_methods(match.func):
        return False
    probe = copy.copy(request)
    probe.method = "GET"
    probe.path, probe.path_info = address, path_info
    probe.GET, probe.POST = QueryDict(query), QueryDict()
    probe.META = {
        **{k: v for k, v in request.META.items() if not k.startswith("HTTP_HX_")},
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": query,
    }
    probe.resolver_match = match
    # A session of its own: what the view takes from it (an address shown once) stays for
    # the page the user will see, and what it puts there is never saved.
    probe.session = _detached(request.session) if hasattr(request, "session") else None
    probe._messages = default_storage(probe)
    try:
        response = match.func(probe, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        return False
    except Exception:
        # That page fails as things are: not one to send the user on to.
        log.warning("page %s failed when asked whether it opens", address, exc_info=True)
        return False
    return response.status_code < 400
