"""The people of the load test: coaches editing the load grid, athletes logging sets.

Each keeps what the server accepted, so the database can be checked against it
afterwards: an edit is recorded with the version it was made on and the load it
started from; a set log with the values saved.
"""

import random
import re
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from _load_http import Browser, Response, form_inputs

VERSION = re.compile(r'name="version" value="(\d+)"')
LOAD = re.compile(r'<strong class="load">([\d.]+) ')
SEEN = re.compile(r'name="seen" value="([^"]*)"')
ERROR = re.compile(r'class="(?:error|cell-msg)"[^>]*>([^<]*)<')
DRIFT = Decimal("10")  # loads wander at most this far from where they started


@dataclass
class Sample:
    kind: str
    status: int
    ms: float


@dataclass
class Edit:
    cell: int
    version: int  # the version the edit was made on
    old_load: Decimal
    new_load: Decimal | None  # None when a later edit landed before the answer was read


@dataclass
class Person:
    browser: Browser
    deadline: float
    think_s: float
    max_actions: int
    rng: random.Random
    samples: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # requests with no HTTP answer or no form

    def call(self, kind: str, method: str, path: str, data=None, htmx=True) -> Response | None:
        try:
            answer = self.browser.request(method, path, data, htmx=htmx)
        except OSError as exc:
            self.failures.append(f"{kind}: {type(exc).__name__}: {exc}")
            return None
        self.samples.append(Sample(kind, answer.status, answer.ms))
        return answer

    def run(self, start: threading.Barrier) -> None:
        start.wait()
        time.sleep(self.think_s * self.rng.random())  # people do not all click at once
        for _ in range(self.max_actions):
            if time.monotonic() >= self.deadline:
                break
            self.act()
            if self.think_s:
                time.sleep(self.think_s * self.rng.uniform(0.5, 1.5))

    def act(self) -> None:
        raise NotImplementedError


def parse_cell(text: str, pk: int) -> tuple[int, Decimal] | None:
    match = re.search(rf'<td id="cell-{pk}"[^>]*>(.*?)</td>', text, re.S)
    if not match:
        return None
    version, load = VERSION.search(match.group(1)), LOAD.search(match.group(1))
    if not version or not load:
        return None
    return int(version.group(1)), Decimal(load.group(1))


@dataclass
class Coach(Person):
    name: str = ""
    athlete_id: int = 0
    cells: dict = field(default_factory=dict)  # pk -> (version, load) as last seen
    start_loads: dict = field(default_factory=dict)
    step: Decimal = Decimal("2.5")
    accepted: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # (cell, version sent, version shown)
    refused: list = field(default_factory=list)  # what the server said
    notes: int = 0

    def act(self) -> None:
        roll = self.rng.random()
        if roll < 0.1:
            self.open_grid()
        elif roll < 0.3:
            self.edit(self.rng.choice(list(self.cells)))
        else:
            self.step_cell(self.rng.choice(list(self.cells)))

    def open_grid(self) -> None:
        answer = self.call("grid_page", "GET", f"/athletes/{self.athlete_id}/loads/", htmx=False)
        if answer and answer.status == 200:
            for pk in self.cells:
                self.remember(answer.body, pk)

    def remember(self, text: str, pk: int) -> tuple[int, Decimal] | None:
        seen = parse_cell(text, pk)
        if seen and seen[0] >= self.cells[pk][0]:
            self.cells[pk] = seen
        return seen

    def direction(self, pk: int) -> int:
        load = self.cells[pk][1]
        if load - self.step <= 0 or load <= self.start_loads[pk] - DRIFT:
            return 1
        if load >= self.start_loads[pk] + DRIFT:
            return -1
        return self.rng.choice((1, -1))

    def step_cell(self, pk: int) -> None:
        version, load = self.cells[pk]
        up = self.direction(pk) > 0
        data = {"direction": "up" if up else "down", "version": version}
        answer = self.call("cell_step", "POST", f"/loads/{pk}/step/", data)
        if answer:
            self.settle(answer, pk, version, load, None)

    def edit(self, pk: int) -> None:
        editor = self.call("cell_editor", "GET", f"/loads/{pk}/edit/")
        if not editor or editor.status != 200:
            return
        values = form_inputs(editor.body)
        if "version" not in values:  # no editor: the cell is closed to edits
            self.failures.append(f"cell_editor: no form for cell {pk}")
            return
        version, load = int(values["version"]), Decimal(values["load"])
        self.cells[pk] = max(self.cells[pk], (version, load))
        new_load = load + self.step * self.direction(pk)
        values["load"] = format(new_load.normalize(), "f")
        # A note of its own: a stale form equal to the row in every field is a harmless
        # no-op the server answers 200 without a version check; this keeps every edit real.
        self.notes += 1
        values["note"] = f"{self.name}: edit {self.notes}"
        answer = self.call("cell_edit", "POST", f"/loads/{pk}/edit/", values)
        if answer:
            self.settle(answer, pk, version, load, new_load)

    def settle(self, answer: Response, pk: int, version: int, old, new) -> None:
        seen = self.remember(answer.body, pk)
        if answer.status == 200:
            if new is None and seen and seen[0] == version + 1:
                new = seen[1]
            self.accepted.append(Edit(pk, version, old, new))
        elif answer.status == 409:
            self.conflicts.append((pk, version, seen[0] if seen else None))
        elif answer.status == 400:
            self.refused.append(" ".join(ERROR.findall(answer.body))[:200] or answer.body[:200])


@dataclass
class AthleteUser(Person):
    base: str = ""
    week: str = ""
    exercises: list = field(default_factory=list)  # (pe id, sets, reps, load)
    logged: dict = field(default_factory=dict)  # (pe, set) -> (done, reps, load) accepted
    stamps: dict = field(default_factory=dict)
    conflicts: int = 0

    def act(self) -> None:
        if self.rng.random() < 0.1:
            self.call("athlete_week", "GET", f"{self.base}?week={self.week}", htmx=False)
            return
        pe, sets, reps, load = self.rng.choice(self.exercises)
        key = (pe, self.rng.randint(1, sets))
        done, reps_done = True, reps
        if key in self.logged and reps:
            reps_done = max(1, reps + self.rng.choice((-2, -1, 1)))  # a correction
        data = {
            "done": "1" if done else "",
            "reps": "" if reps_done is None else reps_done,
            "load": "" if load is None else load,
            "seen": self.stamps.get(key, ""),
        }
        answer = self.call("set_log", "POST", f"{self.base}sets/{key[0]}/{key[1]}/", data)
        if answer is None:
            return
        stamp = SEEN.search(answer.body)
        if stamp:
            self.stamps[key] = stamp.group(1)
        if answer.status == 200:
            self.logged[key] = (done, reps_done, load)
        elif answer.status == 409:
            self.conflicts += 1
