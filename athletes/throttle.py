"""Counts kept in the cache for a while, behind the limits on what may be sent over and
over: sign-ups, invitation mails, changes of one's email or password."""

from django.core.cache import cache

HOUR = 3600
DAY = 24 * HOUR
# Changes of one's email or password sent in an hour: enough for typos, too few to guess
# a password or to ask which emails have an account.
ACCOUNT_TRIES_AN_HOUR = 10
ACCOUNT_REFUSED = "Too many tries in the last hour: try again later."


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
