"""Week placement (DOMAIN W1-W9): every candidate layout of a week's sessions over its
days is scored against the rules, weighted by severity, and the cheapest one wins. A week
that can keep every rule gets a legal layout; one that cannot gets the least-bad one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations, permutations

from .phases import Week
from .profile import Profile, RunDay
from .rules import (
    LIFTING_KINDS,
    RACE_CLEAR_DAYS,
    SEVERITY,
    Facts,
    day_rules,
    hours_between,
    pair_rules,
    session_facts,
)
from .sessions import Draft

# Soft preferences only order layouts that break no rule; they stay far below any rule's
# severity so they can never outweigh one.
SOFT_LIFT_ON_REST_DAY = 0.2
SOFT_LIFT_ON_QUALITY_DAY = 0.3
SOFT_LIFT_NOT_AFTER_QUALITY = 0.15
SOFT_LIGHT_ON_HARD_DAY = 0.3
SOFT_HILLS_ON_REST_DAY = 0.2
SOFT_BACK_TO_BACK = 0.1

Placed = tuple[Draft, int, str]
# A session already on a day of the week, kept from the plan before (logged, edited, gone
# by): (day offset from the week's start, time, facts).
Fixed = tuple[int, str, Facts]
# A kept session standing for one of the week's sessions: (label, kind, day, time, facts).
Pin = tuple[str, str, int, str, Facts]


def session_time(kind: str, today: RunDay) -> str:
    """Hill sprints are part of the day's run; everything else comes after it (W3)."""
    if kind == "hill_sprint" and today.time is not None:
        return today.time
    return "pm"


@lru_cache(maxsize=4096)
def _day_cost(kind: str, today: RunDay, tomorrow: RunDay, yesterday: RunDay) -> tuple[float, float]:
    """(rule cost, preference cost) of a session kind on a day."""
    time = session_time(kind, today)
    hard = sum(SEVERITY[rule] for rule, _ in day_rules(kind, time, today, tomorrow))
    soft = 0.0
    if kind in LIFTING_KINDS:
        if today.run == "rest":
            soft += SOFT_LIFT_ON_REST_DAY
        elif today.run == "quality":
            soft += SOFT_LIFT_ON_QUALITY_DAY
        elif yesterday.run != "quality" or tomorrow.hard:
            # W2's first choice: an easy day after a quality session, before another easy day.
            soft += SOFT_LIFT_NOT_AFTER_QUALITY
    elif kind == "conditioning" and today.hard:
        soft += SOFT_LIGHT_ON_HARD_DAY
    elif kind == "hill_sprint" and today.run == "rest":
        soft += SOFT_HILLS_ON_REST_DAY
    return hard, soft


@lru_cache(maxsize=8192)
def _pair_cost(first: Facts, second: Facts, days: int, first_time: str, second_time: str) -> float:
    hours = hours_between(days, first_time, second_time)
    cost = sum(SEVERITY[rule] for rule, _ in pair_rules(first, second, days, hours))
    return cost + (SOFT_BACK_TO_BACK if days == 1 else 0.0)


class WeekPlacer:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._cache: dict[tuple, tuple[int | None, ...]] = {}

    def allowed_days(self, week: Week) -> tuple[int, ...]:
        last = week.end
        if self.profile.race_date is not None:
            last = min(last, self.profile.race_date - timedelta(days=RACE_CLEAR_DAYS))
        return tuple(d for d in range(7) if week.start + timedelta(days=d) <= last)

    def place(
        self,
        week: Week,
        drafts: Sequence[Draft],
        previous: Sequence[tuple[int, str, Facts]],
        has_next: bool,
        pins: Sequence[Pin] = (),
        fixed: Sequence[Fixed] = (),
        earliest: int = 0,
    ) -> list[Placed]:
        """Days and times for the week's sessions. `previous` holds last week's sessions as
        (day offset from this week's start, time, facts); sessions that find no day (race
        week, or an optional one that would break a rule) are left out.

        When a plan is made again, the sessions it keeps are given: each of the `pins` is a
        draft of its label and kind (one each), kept on its day and time and spaced from as
        what it is (a kept heavy lift is heavy); `fixed` ones hold their day for no draft of
        this plan. The other sessions go on free days from `earliest` on (the days before it
        are gone), placed around both."""
        pinned: dict[int, tuple[int, str]] = {}
        all_facts = [session_facts(d.kind, d.exercises) for d in drafts]
        for label, kind, day, time, facts in pins:
            mine = next(
                i
                for i, d in enumerate(drafts)
                if (d.label, d.kind) == (label, kind) and i not in pinned
            )
            pinned[mine] = (day, time)
            all_facts[mine] = facts
        held = {day for day, _ in pinned.values()} | {day for day, _, _ in fixed}
        days = tuple(d for d in self.allowed_days(week) if d >= earliest and d not in held)
        near = tuple(p for p in previous if p[0] >= -2)
        key = (
            week.start.weekday(),
            days,
            tuple((d.kind, d.slot, d.optional) for d in drafts),
            tuple(all_facts),
            near,
            has_next,
            tuple(sorted(pinned.items())),
            tuple(fixed),
        )
        if key not in self._cache:
            self._cache[key] = _Search(
                self.profile,
                week.start,
                days,
                drafts,
                tuple(all_facts),
                near,
                has_next,
                pinned,
                tuple(fixed),
            ).run()
        placed = []
        for i, (draft, day) in enumerate(zip(drafts, self._cache[key], strict=True)):
            if i in pinned:
                placed.append((draft, *pinned[i]))
            elif day is not None:
                today = self.profile.run_on(week.start + timedelta(days=day))
                placed.append((draft, day, session_time(draft.kind, today)))
        return placed


class _Search:
    def __init__(
        self,
        profile: Profile,
        start: date,
        days: tuple[int, ...],
        drafts: Sequence[Draft],
        all_facts: tuple[Facts, ...],
        previous: tuple[tuple[int, str, Facts], ...],
        has_next: bool,
        pinned: Mapping[int, tuple[int, str]],
        fixed: tuple[Fixed, ...],
    ) -> None:
        self.days = days
        self.drafts = drafts
        self.facts = all_facts
        self.previous = previous
        self.has_next = has_next
        self.pinned = pinned
        self.fixed = fixed
        week = [profile.run_on(start + timedelta(days=d)) for d in range(7)]
        self.runs = {d: week[d % 7] for d in range(-1, 8)}
        self.unary = [
            {d: _day_cost(x.kind, self.runs[d], self.runs[d + 1], self.runs[d - 1]) for d in days}
            for x in drafts
        ]
        self.times = [{d: session_time(x.kind, self.runs[d]) for d in days} for x in drafts]
        for i, (day, time) in pinned.items():
            self.times[i][day] = time

    def _pairs(self, i: int, di: int, layout: Sequence[tuple[int, int]]) -> float:
        """Cost between session i on day di and the sessions already in `layout`, last
        week's sessions, and (the week repeating) next week's copies of them."""
        cost = 0.0
        fi, ti = self.facts[i], self.times[i][di]
        for j, dj in layout:
            fj, tj = self.facts[j], self.times[j][dj]
            if abs(di - dj) <= 2:
                cost += (
                    _pair_cost(fj, fi, di - dj, tj, ti)
                    if dj < di
                    else _pair_cost(fi, fj, dj - di, ti, tj)
                )
            if self.has_next:
                if dj + 7 - di <= 2:
                    cost += _pair_cost(fi, fj, dj + 7 - di, ti, tj)
                if di + 7 - dj <= 2:
                    cost += _pair_cost(fj, fi, di + 7 - dj, tj, ti)
        for dp, tp, fp in self.previous:
            if di - dp <= 2:
                cost += _pair_cost(fp, fi, di - dp, tp, ti)
        for df, tf, ff in self.fixed:
            if 0 < di - df <= 2:
                cost += _pair_cost(ff, fi, di - df, tf, ti)
            elif 0 < df - di <= 2:
                cost += _pair_cost(fi, ff, df - di, ti, tf)
        return cost

    def _cost(self, i: int, day: int, layout: Sequence[tuple[int, int]]) -> float:
        hard, soft = self.unary[i][day]
        return hard + soft + self._pairs(i, day, layout)

    def run(self) -> tuple[int | None, ...]:
        free = [i for i in range(len(self.drafts)) if i not in self.pinned]
        slots = [i for i in free if self.drafts[i].slot and not self.drafts[i].optional]
        others = [i for i in free if not self.drafts[i].slot and not self.drafts[i].optional]
        optional = [i for i in free if self.drafts[i].optional]
        while len(slots) + len(others) > len(self.days):
            (others if others else slots).pop()
        # Kept optional sessions join after the others are placed, as optional ones always
        # do: the week's main sessions are placed as they were when the plan was made.
        held = [(i, day) for i, (day, _) in self.pinned.items() if not self.drafts[i].optional]
        best: tuple[float, list[tuple[int, int]]] = (float("inf"), list(held))
        for chosen in combinations(self.days, len(slots)):
            layout: list[tuple[int, int]] = list(held)
            base = 0.0
            for i, day in zip(slots, chosen, strict=True):
                base += self._cost(i, day, layout)
                layout.append((i, day))
            if base >= best[0]:
                continue
            free = [d for d in self.days if d not in chosen]
            for rest in permutations(free, len(others)):
                total = base
                full = list(layout)
                for i, day in zip(others, rest, strict=True):
                    total += self._cost(i, day, full)
                    full.append((i, day))
                    if total >= best[0]:
                        break
                else:
                    best = (total, full)
        layout = best[1]
        layout += [(i, day) for i, (day, _) in self.pinned.items() if self.drafts[i].optional]
        for i in optional:
            self._add_optional(i, layout)
        result: list[int | None] = [None] * len(self.drafts)
        for i, day in layout:
            result[i] = day
        return tuple(result)

    def _add_optional(self, i: int, layout: list[tuple[int, int]]) -> None:
        """An optional session (hill sprints, the taper session) goes on the cheapest day
        where it breaks no rule, or is left out that week. Hill sprints join an easy run or
        take a rest day, never a quality or long-run day."""
        taken = {day for _, day in layout}
        hills = self.drafts[i].kind == "hill_sprint"
        best: tuple[float, int] | None = None
        for day in self.days:
            if day in taken or (hills and self.runs[day].run not in ("easy", "rest")):
                continue
            hard, soft = self.unary[i][day]
            pairs = self._pairs(i, day, layout)
            if hard > 0 or pairs >= 1:
                continue
            if best is None or soft + pairs < best[0]:
                best = (soft + pairs, day)
        if best is not None:
            layout.append((i, best[1]))
