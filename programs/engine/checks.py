"""The rule checker: every rule a plan breaks, generated or edited by a coach, with its rule
ID, date and a one-line explanation."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from .duration import MOST_MINUTES, session_minutes
from .loads import (
    BODYWEIGHT_CAP,
    CONDITIONING_MAX_REPS,
    CONDITIONING_MAX_SETS,
    LB_PER_KG,
    PAST_FAILURE_REPS,
    body_mass_in,
    epley_reps,
    on_plate_step,
    plate_step,
)
from .phases import DELOAD_EVERY, HEAVY_PHASES, LOADING_PHASES
from .plan import Plan, PlannedExercise, PlannedSession, RuleWarning
from .profile import Profile
from .rules import (
    HOUR,
    LIFTING_KINDS,
    RACE_CLEAR_DAYS,
    RULES,
    SAME_HALF_DAY,
    day_rules,
    hours_between,
    pair_rules,
    session_facts,
)

STRENGTH = ("max_strength", "power")
EXPLOSIVE = ("power", "plyometric")
# Most lifting sessions a week each phase allows (DOMAIN section 2), by the rule that says so.
MAX_LIFTING = {
    "intro": ("P1", 2),
    "off_season": ("P2", 3),
    "base": ("P3", 3),
    "build": ("P4", 2),
    "sharpen": ("P5", 2),
    "maintenance": ("P7", 2),
}
# P9: weeks that need power or plyometric work; shorter events need it from the base phase.
EXPLOSIVE_PHASES = ("build", "sharpen")
EXPLOSIVE_EARLY_EVENTS = ("1500m", "5k")
P10_ORDER = (
    ("conditioning", "S&C"),
    ("lifting", "a lifting session"),
    ("second_lifting", "a second lifting session"),
    ("explosive", "power or plyometric work"),
)
_EPS = 1e-6
_ORDER = {rule: i for i, rule in enumerate(RULES)}


def _name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


PHASE_WORDS = {
    "intro": "introduction",
    "off_season": "off-season",
    "base": "base",
    "build": "build",
    "sharpen": "sharpening",
    "taper": "taper",
    "maintenance": "maintenance",
}


def _phase(phase: str) -> str:
    """A phase ID as a word of a sentence ("the off-season", "one introduction week")."""
    return PHASE_WORDS.get(phase, phase.replace("_", " "))


def _amount(value: float) -> str:
    return f"{value:g}"


class _Found:
    def __init__(
        self,
        sessions: Iterable[PlannedSession] = (),
        records_before: date | None = None,
        recorded: Collection[tuple[date, str, str]] = (),
    ) -> None:
        self.items: set[tuple[str, date, str]] = set()
        self.records_before = records_before
        self.recorded = recorded
        # The Monday of that day's week: before it, the days' runs are not on record.
        self.runs_before = (
            records_before - timedelta(days=records_before.weekday()) if records_before else None
        )
        # Exercise names as the catalogue spells them, where the plan carries them.
        self.names = {e.exercise: e.name for s in sessions for e in s.exercises if e.name}

    def name(self, slug: str) -> str:
        return self.names.get(slug) or _name(slug)

    def add(self, rule: str, day: date, message: str) -> None:
        self.items.add((rule, day, message))

    def sorted(self) -> list[RuleWarning]:
        ordered = sorted(self.items, key=lambda w: (w[1], _ORDER[w[0]], w[2]))
        return [RuleWarning(rule, day, message) for rule, day, message in ordered]


def check_plan(
    plan: Plan,
    profile: Profile,
    *,
    records_before: date | None = None,
    recorded: Collection[tuple[date, str, str]] = (),
) -> list[RuleWarning]:
    """Every rule of DOMAIN.md the plan breaks, sorted by date.

    Sessions before `records_before` are history: what they asked for may be kept exact (a
    unit switch converts it to 0.1), so their loads are not held to the plate step; and for
    the weeks before its own, the running week sessions were placed around is not on record,
    so the rules about the day's runs (W1-W3, W8, W9) are not asked of them. `recorded` names
    (date, time, label) sessions that are records whatever their day (lifted early): their
    loads are not held to the step either.
    """
    sessions = sorted(plan.sessions, key=lambda s: (s.date, HOUR.get(s.time, 0)))
    found = _Found(sessions, records_before, recorded)
    for session in sessions:
        _check_session(found, session, plan, profile)
    _check_days(found, sessions, profile)
    _check_weeks(found, sessions, plan, profile)
    _check_blocks(found, sessions, plan)
    _check_deloads(found, sessions, plan)
    _check_phases(found, sessions, plan, profile)
    return found.sorted()


def _check_session(found: _Found, s: PlannedSession, plan: Plan, profile: Profile) -> None:
    add = found.add
    exercises = s.exercises
    if s.kind == "lifting":
        if not 3 <= len(exercises) <= 5:
            add("S1", s.date, f"{len(exercises)} exercises in a lifting session; plan 3-5")
        if (minutes := session_minutes(exercises)) > MOST_MINUTES:
            add("S1", s.date, f"About {minutes} min with the warm-up; plan 30-45")
        if not any(e.unilateral for e in exercises if e.category in STRENGTH):
            add("S4", s.date, "No single-leg lift in the session; running is single-legged")
    plyometrics = [i for i, e in enumerate(exercises) if e.category == "plyometric"]
    if len(plyometrics) > 2:
        add("S5", s.date, f"{len(plyometrics)} plyometric exercises in one session; 2 at most")
    lifts = [i for i, e in enumerate(exercises) if e.category in STRENGTH]
    if plyometrics and lifts and plyometrics[-1] > lifts[0]:
        add("S5", s.date, "Plyometrics after heavy lifting; do them first, after the warm-up")
    for e in exercises:
        _check_exercise(found, s, e, plan, profile)


PERCENT_ROUNDING = 0.05  # half the 0.1 % a stored percentage is kept to


def _check_exercise(
    found: _Found, s: PlannedSession, e: PlannedExercise, plan: Plan, profile: Profile
) -> None:
    add, name, units = found.add, found.name(e.exercise), plan.units
    if e.rir == 0:
        add("S3", s.date, f"{name}: 0 reps in reserve is training to failure; stop 1-2 short")
    if e.category in STRENGTH and e.percent_1rm and e.reps:
        manages = epley_reps(e.percent_1rm)
        if e.reps > manages + PAST_FAILURE_REPS:
            add(
                "S3",
                s.date,
                f"{name}: {e.reps} reps at {_amount(e.percent_1rm)} % 1RM is past failure "
                f"(about {max(1, round(manages))} can be done); lighten the load or cut the reps",
            )
    if e.category in STRENGTH:
        if e.rest_s is not None and e.rest_s < 60:
            add("S2", s.date, f"{name}: {e.rest_s} s rest between heavy sets; allow 2-3 min")
        if e.load is None and e.rir is None:
            add("L3", s.date, f"{name}: no load and no reps in reserve; say how hard to go")
        most = 5 if s.phase == "off_season" else 4
        lighter = s.deload or s.phase == "taper"
        if s.kind == "lifting" and (e.sets > most or (e.sets < 3 and not lighter)):
            add("S1", s.date, f"{name}: {e.sets} sets; plan 3-{most}")
    if e.load is not None:
        history = found.records_before is not None and s.date < found.records_before
        history = history or (bool(found.recorded) and (s.date, s.time, s.label) in found.recorded)
        if not history and not on_plate_step(e.load, units):
            step = f"{_amount(plate_step(units))} {units}"
            add("L1", s.date, f"{name}: {_amount(e.load)} {units} is not on the {step} step")
        one_rm = profile.one_rep_max.get(e.exercise)
        # A percentage is kept to 0.1 %: a load within that rounding of it is not above it.
        most = one_rm * (e.percent_1rm + PERCENT_ROUNDING) / 100 if one_rm and e.percent_1rm else 0
        if one_rm and e.percent_1rm and e.load > most + _EPS:
            add(
                "L1",
                s.date,
                f"{name}: {_amount(e.load)} {units} is above {_amount(e.percent_1rm)} % of "
                f"the {_amount(one_rm)} {units} 1RM; round down",
            )
        if e.category == "max_strength" and e.load_mode == "percent_bodyweight":
            cap = body_mass_in(units, profile.body_mass_kg) * max(BODYWEIGHT_CAP.values())
            if e.load > cap + _EPS:
                add("L6", s.date, f"{name}: {_amount(e.load)} {units} is over 33 % of body weight")
    if e.category == "conditioning" and (
        e.sets > CONDITIONING_MAX_SETS or (e.reps or 0) > CONDITIONING_MAX_REPS
    ):
        # Timed and distance work is measured in seconds or metres, not the 3 x 20 reps.
        each = (
            f"{e.reps}"
            if e.reps is not None
            else f"{e.seconds} s"
            if e.seconds is not None
            else f"{e.metres} m"
            if e.metres is not None
            else "?"
        )
        add("L5", s.date, f"{name}: {e.sets} sets of {each} is past 3 x 20; use a harder variant")
    if e.category == "max_strength" and e.percent_1rm is not None:
        if s.phase == "intro" and e.percent_1rm > 65:
            add(
                "P1",
                s.date,
                f"{name}: {_amount(e.percent_1rm)} % 1RM in the introduction phase; keep it light",
            )
        if s.phase in HEAVY_PHASES and e.percent_1rm < 70:
            add(
                "P8",
                s.date,
                f"{name}: {_amount(e.percent_1rm)} % 1RM is too light to improve running economy",
            )
    if s.phase == "taper" and e.sets > 2:
        add("P6", s.date, f"{name}: {e.sets} sets in the taper; cut them about half")


def _check_days(found: _Found, sessions: list[PlannedSession], profile: Profile) -> None:
    facts = [session_facts(s.kind, s.exercises) for s in sessions]
    race = profile.race_date
    for i, s in enumerate(sessions):
        today, tomorrow = profile.run_on(s.date), profile.run_on(s.date + timedelta(days=1))
        # The running week of weeks gone by is not on record: the athlete's week now says
        # nothing of the runs a session then was placed around (it may have changed since).
        # This week's days are still checked: a session of them may still be lifted.
        history = found.runs_before is not None and s.date < found.runs_before
        for rule, message in () if history else day_rules(s.kind, s.time, today, tomorrow):
            found.add(rule, s.date, message)
        same_half = s.time == today.time == "pm" and today.run == "quality"
        if s.kind in LIFTING_KINDS and same_half and not history:
            # Said beside W2, as after an easy run; the placer scores such a day by W2 alone,
            # so that it never weighs as much as lifting before a quality run (W1, W8).
            found.add("W3", s.date, SAME_HALF_DAY)
        if race is not None and race - timedelta(days=RACE_CLEAR_DAYS) < s.date <= race:
            found.add("W4", s.date, "Strength work within 72 h of the race")
        for j in range(i + 1, len(sessions)):
            other = sessions[j]
            days = (other.date - s.date).days
            if days > 2:
                break
            hours = hours_between(days, s.time, other.time)
            for rule, message in pair_rules(facts[i], facts[j], days, hours):
                found.add(rule, other.date, message)


def _weeks(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"


def _by_week(sessions: Iterable[PlannedSession]) -> dict[int, list[PlannedSession]]:
    weeks: dict[int, list[PlannedSession]] = defaultdict(list)
    for s in sessions:
        weeks[s.week].append(s)
    return weeks


def _check_weeks(
    found: _Found, sessions: list[PlannedSession], plan: Plan, profile: Profile
) -> None:
    first_week: dict[str, int] = {}
    for week, group in sorted(_by_week(sessions).items()):
        day = group[0].date
        phases = {s.phase for s in group}
        exercises = [e for s in group for e in s.exercises]
        lifting = sum(s.kind == "lifting" for s in group)
        explosive = any(e.category in EXPLOSIVE for e in exercises) or any(
            s.kind in ("plyometric", "hill_sprint") for s in group
        )
        if "taper" in phases:
            if len(group) > 1:
                found.add("W4", day, f"{len(group)} sessions in a taper week; one at most")
        elif all(e.pattern is not None for e in exercises):
            if not any(e.pattern == "pull" for e in exercises):
                found.add("S8", day, "No upper-body pulling this week")
            if not any(e.plane in ("frontal", "transverse") for e in exercises):
                found.add("S8", day, "No side-to-side or rotational work this week")
        needs_explosive = set(EXPLOSIVE_PHASES)
        if profile.event in EXPLOSIVE_EARLY_EVENTS:
            needs_explosive.add("base")
        if phases & needs_explosive and not explosive:
            found.add("P9", day, "No power or plyometric work this week, this close to the race")
        for phase in phases:
            rule, most = MAX_LIFTING.get(phase, ("", 99))
            count = sum(s.kind == "lifting" and s.phase == phase for s in group)
            if count > most:
                found.add(
                    rule,
                    day,
                    f"{count} lifting sessions in one {_phase(phase)} week; {most} at most",
                )
        kinds = {
            "conditioning": any(s.kind == "conditioning" for s in group),
            "lifting": lifting >= 1,
            "second_lifting": lifting >= 2,
            "explosive": explosive,
        }
        for kind, present in kinds.items():
            if present:
                first_week.setdefault(kind, week)
    if profile.experience == "novice":
        _check_novice(found, first_week, plan)


def _check_novice(found: _Found, first_week: dict[str, int], plan: Plan) -> None:
    """P10: each kind of work starts in a later week than the kind before it."""
    for i, (kind, label) in enumerate(P10_ORDER):
        week = first_week.get(kind)
        if week is None:
            continue
        for earlier, earlier_label in P10_ORDER[:i]:
            if first_week.get(earlier, week) >= week:
                found.add(
                    "P10",
                    plan.start_date + timedelta(days=7 * (week - 1)),
                    f"{label.capitalize()} starts before {earlier_label} is established; "
                    "add one kind of work at a time",
                )
                break


RISE_LOOKBACK = 3  # the lift's last three weeks: a lighter week or two (a race week cut) and back


def _rise(earlier: list[tuple[int, float]], week: int, new: float) -> tuple[float, int]:
    """How far a week's load rises past what the lift was lifted at (L4), and over how
    many weeks: past the heaviest of its last three weeks, counted from the last of them
    at that load. Back up to a load of before a lighter week or two is no rise; a load held
    for weeks gives no head start; a heavy week long past is no licence."""
    recent = earlier[-RISE_LOOKBACK:]
    base = max(load for _, load in recent)
    base_week = max(w for w, load in recent if load >= base - _EPS)
    return new - base, week - base_week


def _allowed_rise(units: str, weeks: int, new: float, base: float) -> float:
    """One plate step a week (L4). A load off the plate step is a record kept exact to 0.1
    through a change of units: the steps it rose by were the other unit's (2.5 kg is 5.51 lb,
    more than the 5 lb step), so those, converted, are the measure; and a record off the
    step is, on the new unit's plates, the plate just above it (65 kg kept as 143.3 lb is
    145 lb), from which the load may rise one step a week (150 lb)."""
    step = plate_step(units)
    allowed = step * weeks
    if on_plate_step(new, units) and on_plate_step(base, units):
        return allowed
    other, factor = ("kg", LB_PER_KG) if units == "lb" else ("lb", 1 / LB_PER_KG)
    plate_above = math.ceil((base - RECORD_PRECISION / 2) / step - _EPS) * step
    return max(allowed, plate_step(other) * factor * weeks + 0.1, plate_above - base + allowed)


RECORD_PRECISION = 0.1  # a load converted to the other unit is kept to a tenth


def _unit_rounding(units: str, base: float, rise: float) -> bool:
    """Whether a rise from `base` is only a record kept exact through a change of units
    (off the plate step) meeting the same load on the new unit's plates: less than a step."""
    return not on_plate_step(base, units) and rise < plate_step(units) - _EPS


def _check_blocks(found: _Found, sessions: list[PlannedSession], plan: Plan) -> None:
    for block in plan.phases:
        inside = [s for s in sessions if block.start <= s.date <= block.end]
        labels = [s.label for s in inside if s.kind == "lifting"]
        if len(set(labels)) > 1:
            lifting = [s for s in inside if s.kind == "lifting"]
            for before, after in zip(lifting, lifting[1:], strict=False):
                if before.label == after.label:
                    found.add("S7", after.date, f"Session {after.label} twice in a row; alternate")
        loads: dict[str, dict[int, tuple[float, date]]] = defaultdict(dict)
        for s in inside:
            for e in s.exercises:
                if e.load is not None:
                    best = loads[e.exercise].get(s.week)
                    if best is None or e.load > best[0]:
                        loads[e.exercise][s.week] = (e.load, s.date)
        for slug, by_week in loads.items():
            history = sorted(by_week.items())
            for i, (later, (new, day)) in enumerate(history[1:], 1):
                earlier = [(w, heaviest) for w, (heaviest, _) in history[:i]]
                rise, weeks = _rise(earlier, later, new)
                if rise <= _EPS:
                    continue
                if block.phase not in LOADING_PHASES and _unit_rounding(
                    plan.units, new - rise, rise
                ):
                    continue
                if block.phase not in LOADING_PHASES:
                    found.add(
                        "L4",
                        day,
                        f"{found.name(slug)}: load rises in the {_phase(block.phase)} phase",
                    )
                elif rise > _allowed_rise(plan.units, weeks, new, new - rise) + _EPS:
                    found.add(
                        "L4",
                        day,
                        f"{found.name(slug)}: up {_amount(rise)} {plan.units} in "
                        f"{_weeks(weeks)}; one plate step a week at most",
                    )


def _check_deloads(found: _Found, sessions: list[PlannedSession], plan: Plan) -> None:
    """L7: a deload every 4th week of a loading phase, counted over the phase's weeks in a
    row whichever block they are in (a long off-season's blocks, a plan made again from a
    block cut in two). A deload, another phase, or a week without strength work starts the
    count again."""
    loading = [b for b in plan.phases if b.phase in LOADING_PHASES]
    run, last, last_phase = 0, None, None
    for week, group in sorted(_by_week(sessions).items()):
        phase = next((b.phase for s in group for b in loading if b.start <= s.date <= b.end), None)
        if (last is not None and week != last + 1) or phase != last_phase:
            run = 0
        last, last_phase = week, phase
        if phase is None or any(s.deload for s in group):
            run = 0
            continue
        run += 1
        if run == DELOAD_EVERY:
            found.add("L7", group[0].date, "Four loading weeks in a row without a deload")
            run = 0


# The phases that ask for strength sessions every week, with their rule (DOMAIN section 2;
# the taper may have none).
PHASE_RULES = {
    "intro": ("P1", "introduction"),
    "off_season": ("P2", "off-season"),
    "base": ("P3", "base"),
    "build": ("P4", "build"),
    "sharpen": ("P5", "sharpen"),
}  # maintenance weeks are checked one by one (P7)


def _check_phases(
    found: _Found, sessions: list[PlannedSession], plan: Plan, profile: Profile
) -> None:
    phases = [b.phase for b in plan.phases]
    if profile.experience == "novice" and set(phases) - {"taper"} and phases[0] != "intro":
        found.add("P1", plan.start_date, "A new lifter starts without an introduction phase")
    race = profile.race_date
    for block in plan.phases:
        # A phase of a week or more that asks for strength work but holds none (a
        # programme whose phase has no sessions, say) is no phase of training at all.
        if (
            block.phase in PHASE_RULES
            and (block.end - block.start).days >= 6
            and not any(block.start <= s.date <= block.end for s in sessions)
        ):
            rule, name = PHASE_RULES[block.phase]
            found.add(rule, block.start, f"No strength session in the {name} phase")
        if block.phase == "maintenance":
            day = block.start
            while day <= block.end:
                week_end = min(day + timedelta(days=6), block.end)
                if not any(s.kind == "lifting" and day <= s.date <= week_end for s in sessions):
                    found.add("P7", day, "A maintenance week without a lifting session")
                day += timedelta(days=7)
    if race is None:
        return
    if not phases or phases[-1] != "taper":
        found.add("P6", race, "No taper before the race")
    race_week = plan.week_of(race)
    # Each phase keeps its distance from the race: off-season more than 12 weeks out (P2),
    # base more than 4 (P3), build more than 2 (P4).
    too_close = {
        "off_season": ("P2", 12, "Off-season"),
        "base": ("P3", 4, "Base"),
        "build": ("P4", 2, "Build"),
    }
    reported: set[str] = set()
    for s in sessions:
        limit = too_close.get(s.phase)
        if limit and s.phase not in reported and race_week - s.week + 1 <= limit[1]:
            reported.add(s.phase)
            rule, weeks, name = limit
            # A session kept for what it holds (a coach's loads) when the race moved before it.
            when = "after the race" if s.date > race else f"{weeks} weeks or less before the race"
            found.add(rule, s.date, f"{name} work {when}")
