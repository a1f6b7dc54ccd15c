from django.core.management.base import BaseCommand

from schedules.exports import exports_purge


class Command(BaseCommand):
    help = "Delete PDF exports older than seven days (the periodic task does the same)."

    def handle(self, *args, **options) -> None:
        result = exports_purge()
        self.stdout.write(
            f"Deleted {result['deleted']} export(s); marked {result['failed']} stopped job(s) "
            f"failed; sent {result['requeued']} waiting job(s) again."
        )
