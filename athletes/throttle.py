"""Counts kept in the cache for a while, behind the limits on what may be sent over and
over: sign-ups, invitation and password reset mails, changes of one's email or password,
failed log-ins from one address (an IPv6 address counted with the rest of its /64, see
client_network)."""

from django.core.cache import cache
from django.http import HttpRequest

from config.client_ip import client_network

HOUR = 3600
DAY = 24 * HOUR
# Changes of one's email or password sent in an hour: enough for typos, too few to guess
# a password or to ask which emails have an account.
ACCOUNT_TRIES_AN_HOUR = 10
ACCOUNT_REFUSED = "Too many tries in the last hour: try again later."
# Account forms sent from one address in an hour, good or not (a sign-up, a coach's or an
# athlete's invitation, a password reset): enough for typos, too few to probe emails.
SIGNUP_TRIES_AN_HOUR = 30
ACCOUNT_FORMS_REFUSED = "Too many attempts from this address in the last hour: try again later."
# Failed log-ins from one address in an hour, whatever the usernames: enough for a club's
# shared wifi full of typos, too few to try one password against username after username
# (each username has its own, smaller limit from the same address: AXES_FAILURE_LIMIT).
LOGIN_FAILURES_AN_HOUR = 50
LOGIN_REFUSED = "Too many failed log-ins from this address in the last hour: try again later."
# Password reset mails one account is sent in an hour: enough for one lost in spam, too few
# for anyone who knows the address to fill its inbox.
RESET_MAILS_AN_HOUR = 3


def count(key: str, seconds: int) -> int:
    """Add one to a count kept in the cache for `seconds` from its first call; return it."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the count expired between the two calls
        cache.set(key, 1, seconds)
        return 1


def account_tries_left(user) -> bool:
    """Count one more change of this user's email or password; whether it may go on. The
    account is known by its number and when it was made: a number used again (a database
    restored from a copy) does not inherit another account's count."""
    return count(f"account-tries:{_account_key(user)}", HOUR) <= ACCOUNT_TRIES_AN_HOUR


def reset_mails_left(user) -> bool:
    """Count one more password reset mail to this user; whether it may be sent."""
    return count(f"reset-mails:{_account_key(user)}", HOUR) <= RESET_MAILS_AN_HOUR


def _account_key(user) -> str:
    joined = int(user.date_joined.timestamp() * 1_000_000)
    return f"{user.pk}:{joined}"


def account_tries_used_up(request: HttpRequest) -> bool:
    """Count one more account form sent from the visitor's address (a sign-up, a coach's or
    an athlete's invitation, a password reset), refused ones too; whether the address has
    used up its tries for the hour. A sign-up or an invitation says whether an email or a
    username has an account, which must not be asked address after address; a reset sends a
    mail."""
    address = client_network(request) or "unknown"
    return count(f"signup-tries:{address}", HOUR) > SIGNUP_TRIES_AN_HOUR


def _login_failures_key(request: HttpRequest) -> str:
    return f"login-failures:{client_network(request) or 'unknown'}"


def login_failed(request: HttpRequest) -> None:
    """Count one more failed log-in from the visitor's address, whatever the username."""
    count(_login_failures_key(request), HOUR)


def login_failures_used_up(request: HttpRequest) -> bool:
    """Whether the visitor's address has failed to log in too often this hour to try again,
    under any username (the count is only read: a refused try is not another failure)."""
    return (cache.get(_login_failures_key(request)) or 0) >= LOGIN_FAILURES_AN_HOUR
