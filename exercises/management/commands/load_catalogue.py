from django.core.management.base import BaseCommand

from exercises.catalogue import load_shipped_catalogue
from exercises.models import Exercise


class Command(BaseCommand):
    help = "Create or update the shipped exercises from exercises/data/catalogue.json."

    def handle(self, *args, **options) -> None:
        count = load_shipped_catalogue(Exercise)
        self.stdout.write(f"{count} shipped exercises loaded.")
