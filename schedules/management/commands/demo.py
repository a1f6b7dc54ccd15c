from django.core.management.base import BaseCommand

from schedules.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_club_create


class Command(BaseCommand):
    help = "Create the demo club (safe to run again: it is created only once)."

    def handle(self, *args, **options) -> None:
        club, created = demo_club_create()
        state = "created" if created else "already there"
        self.stdout.write(f"Demo club {club.name!r} {state}.")
        # `make run` serves it next, at the address the server prints (HOST and PORT).
        self.stdout.write(f"Log in as {DEMO_USERNAME} / {DEMO_PASSWORD}")
