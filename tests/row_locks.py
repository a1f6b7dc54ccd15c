"""Two transactions at once on PostgreSQL: one holds a row lock while a request under test
reaches the same lock and waits for it."""

import threading
import time

from django.db import connection, transaction


def held_for_a_while(work) -> threading.Thread:
    """`work` done in a transaction of its own on another connection, committed half a second
    after it is done; returns once it is done, with the thread to join."""
    done = threading.Event()

    def run():
        try:
            with transaction.atomic():
                work()
                done.set()
                time.sleep(0.5)  # long enough for the other request to reach the lock and wait
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert done.wait(5)
    return thread
