"""The visitor's address, for sign-up and log-in throttling."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXIES reverse proxies, the address the outermost of them
    saw, read from X-Forwarded-For counted from the right (what a visitor writes into that
    header themselves sits further left and is never read). Anything that is not an address
    falls back to REMOTE_ADDR."""
    proxies = max(0, settings.TRUSTED_PROXIES)
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [address.strip() for address in header.split(",") if address.strip()]
        if len(forwarded) >= proxies:
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")
