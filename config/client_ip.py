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


HOST_BITS_V6 = (1 << 64) - 1


def client_network(request: HttpRequest) -> str:
    """The visitor's address as the limits on tries count it: an IPv4 address on its own;
    an IPv6 address by the /64 network it is in, written as that network's first address
    (one home line or one rented server holds a whole /64: 2^64 addresses to hop between,
    each with a fresh count); IPv4 written as IPv6 (::ffff:192.0.2.1) as the IPv4 address."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Address(int(ip) & ~HOST_BITS_V6))
