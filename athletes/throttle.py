"""Counts kept in the cache for a while, behind the limits on what may be sent over and
over: sign-ups, invitation mails, changes of one's email or password."""

from django.core.cache import cache
from django.http import HttpRequest

from config.client_ip import client_ip

HOUR = 3600
DAY = 24 * HOUR
# Changes of one's email or password sent in an hour: enough for typos, too few to guess
# a password or to ask which emails have an account.
ACCOUNT_TRIES_AN_HOUR = 10
ACCOUNT_REFUSED = "Too many tries in the last hour: try again later."
# Account forms sent from one address in an hour, good or not (a sign-up, or a coach's or an
# athlete's invitation): enough for typos, too few to probe emails.
SIGNUP_TRIES_AN_HOUR = 30
ACCOUNT_FORMS_REFUSED = "Too many attempts from this address in the last hour: try again later."


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
    joined = int(user.date_joined.timestamp() * 1_000_000)
    return count(f"account-tries:{user.pk}:{joined}", HOUR) <= ACCOUNT_TRIES_AN_HOUR


def account_tries_used_up(request: HttpRequest) -> bool:
    """Count one more account form sent from the visitor's address (a sign-up, or a coach's
    or an athlete's invitation), refused ones too; whether the address has used up its tries
    for the hour. Each of these forms says whether an email or a username has an account,
    which must not be asked address after address."""
    address = client_ip(request) or "unknown"
    return count(f"signup-tries:{address}", HOUR) > SIGNUP_TRIES_AN_HOUR
