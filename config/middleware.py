"""Keeping htmx fragments and whole pages apart.

A URL answers with a fragment to htmx and with the whole page otherwise. Browsers must not
serve one in place of the other from their cache (Back after an htmx search showed a bare
table), and when htmx restores a page from history it needs the whole page.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def htmx_history(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        # Read from META: request.headers is built once, and must be built without it.
        if request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
            request.META.pop("HTTP_HX_REQUEST", None)  # answer with the whole page
        response = get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return middleware
