"""`manage.py plan`: the periodisation engine from the command line (docs/plan-format.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from programs import engine
from programs.catalogue import engine_catalogue

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Build a periodised strength plan from an athlete profile (JSON) and print the plan "
        "document. Touches no database rows unless --save is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, help="athlete profile JSON file")
        parser.add_argument("--out", help="write the plan document to this file, not stdout")
        parser.add_argument(
            "--save",
            action="store_true",
            help=(
                "also re-plan the stored athlete --athlete from their own record (programme, "
                "1RM tests, running week, race), as the web app does; the profile is printed"
            ),
        )
        parser.add_argument("--athlete", type=int, help="id of the athlete --save re-plans")

    def handle(self, *args, **options):
        if options["save"] and options["athlete"] is None:
            self._fail(["--save needs --athlete ID"])
        if options["athlete"] is not None and not options["save"]:
            self._fail(["--athlete goes with --save (nothing is stored without it)"])
        data = self._read(options["profile"])
        try:
            catalogue = engine_catalogue()
        except DatabaseError as error:
            # The catalogue lives in the database: down, missing or not yet migrated.
            reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else "error"
            self._fail(
                [
                    f"database: cannot read the exercise catalogue ({reason}); check "
                    "DATABASE_URL and run `manage.py migrate`"
                ]
            )
        try:
            profile = engine.parse_profile(data, {record.slug for record in catalogue})
        except engine.ProfileError as error:
            self._fail(error.problems)
        if options["save"]:
            self._check_athlete(options["athlete"])  # before anything is printed
        plan = engine.build_plan(profile, engine.default_template(), catalogue)
        text = json.dumps(engine.plan_to_document(plan), indent=2) + "\n"
        if options["out"]:
            try:
                Path(options["out"]).write_text(text, encoding="utf-8")
            except OSError as error:
                self._fail([f"out: cannot write {options['out']}: {error.strerror}"])
        else:
            self.stdout.write(text, ending="")
        if options["save"]:
            self._save(options["athlete"])

    def _read(self, path: str):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            self._fail([f"profile: cannot read {path}: {error.strerror}"])
        except UnicodeDecodeError:
            self._fail([f"profile: {path} is not UTF-8 text"])
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self._fail([f"profile: not valid JSON ({error.msg}, line {error.lineno})"])
        except RecursionError:
            self._fail(["profile: not a usable JSON profile (nested too deeply)"])
        except ValueError:  # a whole number of thousands of digits
            self._fail(["profile: not a usable JSON profile (a number too long to read)"])

    def _check_athlete(self, athlete_id: int) -> None:
        from schedules.services import PlanInputError, replan_assignment

        try:
            replan_assignment(athlete_id=athlete_id)
        except PlanInputError as error:
            self._fail([f"--athlete: {error}"])

    def _save(self, athlete_id: int) -> None:
        from schedules.services import PlanInputError, plan_generate_for_athlete

        try:
            plan_generate_for_athlete(athlete_id=athlete_id)
        except PlanInputError as error:
            self._fail([f"--athlete: {error}"])
        self.stderr.write(
            f"Saved the plan for athlete {athlete_id}, re-planned from their own record."
        )

    def _fail(self, problems: list[str]):
        for problem in problems:
            self.stderr.write(problem)
        raise SystemExit(BAD_INPUT)
