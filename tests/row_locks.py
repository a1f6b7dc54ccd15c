"""Two transactions at once on PostgreSQL: one holds a row lock while a request under test
reaches the same lock and waits for it."""

import threading
import time

from django.db import connection, transaction

# Another transaction blocked by this one: one of its lock requests not yet granted, with
# this connection among those it waits for.
_SOMEONE_WAITS = """
    SELECT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))
    )
"""


def until_another_waits(*, settle: float = 0.3, longest: float = 10.0) -> bool:
    """Return once another transaction is waiting on a lock this connection holds, and
    `settle` seconds more (so the waiter has measurably waited): True. However slow the
    machine, the other side has reached the lock by then. One whose other side never comes
    is let go after `longest` seconds: False, for its test to assert on."""
    deadline = time.monotonic() + longest
    waited = False
    with connection.cursor() as cursor:
        while not waited and time.monotonic() < deadline:
            cursor.execute(_SOMEONE_WAITS)
            waited = cursor.fetchone()[0]
            if not waited:
                time.sleep(0.02)
    time.sleep(settle)
    return waited


def held_for_a_while(work) -> threading.Thread:
    """`work` done in a transaction of its own on another connection, committed once the
    request under test is waiting on what it locked; returns once it is done, with the
    thread to join."""
    done = threading.Event()

    def run():
        try:
            with transaction.atomic():
                work()
                done.set()
                until_another_waits()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert done.wait(5)
    return thread
