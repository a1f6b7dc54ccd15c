"""The visitor's address, for sign-up and log-in throttling."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXIES reverse proxies, the address the outermost of them
    saw, read from X-Forwarded-For counted from the right (what a visitor writes into that
    header themselves sits further left and is never read)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [address.strip() for address in header.split(",") if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
