"""Session design: which sessions a week holds, which exercises fill them and the dose of
each (S1-S8, P9, P10, L1-L7)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalogue import EXPLOSIVE, MAX_DIFFICULTY, Catalogue, ExerciseRecord
from .duration import fit_to_time
from .loads import (
    CONDITIONING_TOP_RUNG,
    PAST_FAILURE_REPS,
    bodyweight_cap,
    bodyweight_start,
    conditioning_dose,
    conditioning_ladder,
    epley_reps,
    load_from_percent,
    plate_step,
)
from .phases import HEAVY_PHASES, LOADING_PHASES, Week
from .plan import PlannedExercise
from .profile import Profile
from .template import SLOT_KINDS, PhaseSpec, PrescriptionSpec, SessionSpec, Template, phase_spec

# P9: explosive (power or plyometric) exercises per lifting session, by event and phase.
# Shorter events and the weeks near the race get more; heavy lifting comes first.
EXPLOSIVE_SLOTS = {
    "short": {"off_season": 1, "base": 1, "build": 2, "sharpen": 2, "taper": 1, "maintenance": 1},
    "middle": {"base": 1, "build": 1, "sharpen": 2, "taper": 1, "maintenance": 1},
    "long": {"build": 1, "sharpen": 1, "maintenance": 1},
}
EVENT_GROUP = {
    "1500m": "short",
    "5k": "short",
    "10k": "middle",
    "half_marathon": "middle",
    "marathon": "long",
    "ultra": "long",
}
# Plyometrics come first after the warm-up, then power, then the heavy lifts (S5).
CATEGORY_ORDER = {
    "plyometric": 0,
    "power": 1,
    "max_strength": 2,
    "hill_sprint": 3,
    "conditioning": 4,
    "mobility": 5,
}
HILL_SPRINTS_MAX = 10
DEFAULT_RIR = 2
P8_MIN_PERCENT = 70
# L5: athletes who already train start further up the conditioning ladder.
EXPERIENCE_RUNGS = {"novice": 0, "intermediate": 1, "advanced": 2}


@dataclass(frozen=True)
class Draft:
    """A session before it has a day: placed in order, optional ones only where they fit."""

    label: str
    kind: str
    exercises: tuple[PlannedExercise, ...]
    slot: bool
    optional: bool


def novice_stage(profile: Profile, week: Week, intro_weeks: int) -> int:
    """P10: S&C first (1), then one lifting session a week (2), then a second (3), then
    power and plyometrics (4). Athletes who already lift start at stage 4."""
    if profile.experience != "novice":
        return 4
    if week.number <= 2:
        return week.number
    return 3 if week.number <= max(3, intro_weeks) else 4


def deload_sets(sets: int) -> int:
    return max(1, int(sets * 0.6 + 0.5))


def taper_sets(sets: int) -> int:
    return max(1, min(2, (sets + 1) // 2))


class SessionDesigner:
    def __init__(
        self, profile: Profile, template: Template, catalogue: Catalogue, intro_weeks: int
    ) -> None:
        self.profile = profile
        self.template = template
        self.catalogue = catalogue
        self.step = plate_step(profile.units)
        self.max_difficulty = MAX_DIFFICULTY[profile.experience]
        self.bw_cap = bodyweight_cap(profile.body_mass_kg, profile.experience, profile.units)
        self.bw_start = bodyweight_start(profile.body_mass_kg, profile.experience, profile.units)
        self.intro_weeks = intro_weeks
        self._choices: dict[
            tuple[int, str, int | None], list[tuple[PrescriptionSpec, ExerciseRecord]]
        ]
        self._choices = {}
        self._cycle: dict[int, int] = {}
        # Progression state: the dose each exercise was last given in a placed session.
        # Doses proposed for the current week wait in `_proposed` until placement confirms.
        self._last_load: dict[tuple[int, str], tuple[int, float]] = {}
        self._last_dose: dict[str, float] = {}
        self._proposed: dict[str, float] = {}
        self._made: dict[tuple, PlannedExercise] = {}
        # S1: exercises a session of a phase block leaves out to fit its 45 minutes, chosen
        # the first time it is made, so that the block keeps the same lifts week to week.
        self._dropped: dict[tuple, set[str]] = {}
        self.left_out: set[tuple[str, str, str]] = set()  # (phase, label, slug), for Plan
        # And the sets and rest it cut a lift to: a later, shorter week of the block does not
        # add back a set the earlier ones went without.
        self._caps: dict[tuple, dict[str, tuple[int, int | None]]] = {}

    # -- which sessions ------------------------------------------------------------------

    def week(self, week: Week) -> list[Draft]:
        spec = phase_spec(self.template, week.phase)
        stage = novice_stage(self.profile, week, self.intro_weeks)
        slots = [s for s in spec.sessions if s.kind in SLOT_KINDS]
        extras = [s for s in spec.sessions if s.kind not in SLOT_KINDS]
        count = spec.sessions_per_week if slots else 0
        start = self._cycle.get(week.block, 0)
        chosen = [slots[(start + i) % len(slots)] for i in range(count)] if slots else []
        if stage == 1:
            conditioning = self._conditioning_spec(spec)
            chosen = [conditioning] * max(count, 1) if conditioning else []
        elif stage == 2:
            chosen = chosen[:1]
        if stage < 4:
            chosen = [s for s in chosen if s.kind != "plyometric"]
            extras = [s for s in extras if s.kind != "hill_sprint"]
        if week.phase == "taper":
            chosen, extras = (chosen or extras)[:1], []
        # The taper session is worth having only where it breaks no rule.
        taper = week.phase == "taper"
        drafts = [self._draft(week, spec, s, stage, s.kind in SLOT_KINDS, taper) for s in chosen]
        drafts += [self._draft(week, spec, s, stage, False, taper) for s in extras]
        return [d for d in drafts if d.exercises]

    def _conditioning_spec(self, spec: PhaseSpec) -> SessionSpec | None:
        for source in (spec, phase_spec(self.template, "intro")):
            for session in source.sessions:
                if session.kind == "conditioning":
                    return session
        return None

    def _draft(
        self,
        week: Week,
        spec: PhaseSpec,
        session: SessionSpec,
        stage: int,
        slot: bool,
        optional: bool,
    ) -> Draft:
        explosive = (
            EXPLOSIVE_SLOTS[EVENT_GROUP[self.profile.event]].get(week.phase, 0) if stage == 4 else 0
        )
        picked = self._pick(week.block, session, explosive if session.kind == "lifting" else None)
        if stage < 4:
            picked = [(p, r) for p, r in picked if r.category not in EXPLOSIVE]
        exercises = tuple(self._prescribe(week, spec, p, r) for p, r in picked)
        if session.kind == "lifting":
            exercises = self._fitted(week, session, explosive, exercises)
        return Draft(
            label=session.label,
            kind=session.kind,
            exercises=exercises,
            slot=slot,
            optional=optional or session.kind == "hill_sprint",
        )

    def _fitted(
        self, week: Week, session: SessionSpec, explosive: int, exercises: tuple
    ) -> tuple[PlannedExercise, ...]:
        key = (week.block, session.label + session.kind, explosive)
        left_out = self._dropped.get(key, set())
        caps = self._caps.setdefault(key, {})
        exercises = tuple(
            _capped(e, caps.get(e.exercise)) for e in exercises if e.exercise not in left_out
        )
        fitted, dropped = fit_to_time(exercises)
        self._dropped[key] = left_out | dropped
        if dropped:
            # Said as the programme names it: a new lifter's easier variant stands for its
            # lift, and the planner's pick for an "any <category>" prescription is that.
            named = {
                record.slug: spec.exercise or f"any {spec.category}"
                for spec, record in self._choices.get(key, [])
            }
            self.left_out.update((week.phase, session.label, named.get(s, s)) for s in dropped)
        before = {e.exercise: e for e in exercises}
        for e in fitted:
            if (e.sets, e.rest_s) != (before[e.exercise].sets, before[e.exercise].rest_s):
                caps[e.exercise] = (e.sets, e.rest_s)
        return fitted

    def _pick(
        self, block: int, session: SessionSpec, explosive: int | None
    ) -> list[tuple[PrescriptionSpec, ExerciseRecord]]:
        """Exercises for a session, chosen once per phase block so that loads can progress."""
        key = (block, session.label + session.kind, explosive)
        if key not in self._choices:
            specs = sorted(session.prescriptions, key=lambda p: p.order)
            if explosive is not None:
                fast = [p for p in specs if p.category in EXPLOSIVE][:explosive]
                specs = [p for p in specs if p.category not in EXPLOSIVE or p in fast]
            taken: set[str] = set()
            picked = []
            for p in specs:
                record = self.catalogue.choose(
                    slug=p.exercise,
                    category=p.category,
                    pattern=p.pattern,
                    unilateral=p.unilateral,
                    max_difficulty=self.max_difficulty,
                    taken=taken,
                )
                if record is not None and record.category == "conditioning":
                    record = self._harder_if_mastered(record, taken)
                if record is not None:
                    taken.add(record.slug)
                    picked.append((p, record))
            picked.sort(key=lambda pr: (CATEGORY_ORDER.get(pr[1].category, 9), pr[0].order))
            self._choices[key] = picked
        return self._choices[key]

    def _harder_if_mastered(self, record: ExerciseRecord, taken: set[str]) -> ExerciseRecord:
        """L5: conditioning that reached the top of its ladder in an earlier phase moves on
        to its harder variant, when the athlete may do it."""
        seen: set[str] = set()
        while (
            self._last_dose.get(record.slug, -1) >= CONDITIONING_TOP_RUNG
            and record.harder
            and record.slug not in seen
        ):
            seen.add(record.slug)
            harder = self.catalogue.by_slug.get(record.harder)
            if (
                harder is None
                or harder.category != record.category
                or harder.difficulty > self.max_difficulty
                or harder.slug in taken
            ):
                break
            record = harder
        return record

    # -- the dose ------------------------------------------------------------------------

    def _intensity(self, week: Week, spec: PhaseSpec) -> tuple[int, int]:
        """% 1RM and reps for the main lifts this week: loading phases climb from the light,
        high-rep end of the phase's range to the heavy end; other phases hold the heavy end."""
        low, high = spec.percent_min, spec.percent_max
        if week.phase == "build" and self.profile.experience == "advanced":
            low, high = high, min(high + 5, 95)
        if week.phase in HEAVY_PHASES:
            low = max(low, P8_MIN_PERCENT)
            high = max(high, low)
        fraction = 1.0
        if week.phase in LOADING_PHASES:
            fraction = week.step / (week.steps - 1) if week.steps > 1 else 0.0
        percent = int(low + (high - low) * fraction + 0.5)
        reps = int(spec.reps_max - (spec.reps_max - spec.reps_min) * fraction + 0.5)
        # Never more reps than the load allows (S3, by Epley's relation): a programme's
        # 85-90 % shifted up for an advanced lifter must not ask 6 reps at 90 %.
        reps = max(1, min(reps, int(epley_reps(percent) + PAST_FAILURE_REPS)))
        return percent, reps

    def _prescribe(
        self, week: Week, spec: PhaseSpec, p: PrescriptionSpec, record: ExerciseRecord
    ) -> PlannedExercise:
        mode = record.load_mode
        sets, rir = p.sets, p.rir
        reps, seconds, metres = _amount(mode, _spec_amount(p, mode))
        percent: float | None = None
        load: float | None = None
        if record.category == "max_strength":
            phase_percent, phase_reps = self._intensity(week, spec)
            rir = DEFAULT_RIR if rir is None else rir
            if mode in ("percent_1rm", "percent_bodyweight"):
                reps, seconds, metres = p.reps or phase_reps, None, None
            if mode == "percent_1rm":
                percent = p.percent_1rm or phase_percent
                load = self._lift_load(week, record.slug, percent)
                one_rm = self.profile.one_rep_max.get(record.slug)
                if (
                    load is not None
                    and one_rm
                    and load < load_from_percent(one_rm, percent, self.profile.units)
                ):
                    # Held back by the progression limit: show the % the load really is.
                    percent = math.ceil(load * 100 / one_rm - 1e-9)
            elif mode == "percent_bodyweight":
                # L6: towards a third of body weight, a plate step per loading week.
                held = self._progress(
                    record.slug, self.bw_start, self.step, week.loading, self.bw_cap
                )
                load = held or None
        elif record.category == "power":
            rir = DEFAULT_RIR + 1 if rir is None else rir
            if mode == "percent_1rm" and p.percent_1rm:
                percent = p.percent_1rm
                one_rm = self.profile.one_rep_max.get(record.slug)
                load = load_from_percent(one_rm, percent, self.profile.units) if one_rm else None
        elif record.category == "conditioning":
            ladder, start = conditioning_ladder(mode, p.sets, _spec_amount(p, mode))
            advance = not week.deload and week.phase != "taper"
            if start is None:
                # Below the ladder (3 x 5 pull-ups): from the coach's dose, a step a week.
                # Its own climb, so a phase on the ladder after it does not read its rungs.
                key, top = f"{record.slug}@{ladder[0]}", len(ladder) - 1
                rung = self._progress(key, 0, 1, advance, top)
                sets, amount = ladder[int(rung)]
            else:
                start += EXPERIENCE_RUNGS[self.profile.experience]
                rung = self._progress(record.slug, start, 1, advance, CONDITIONING_TOP_RUNG)
                sets, amount = conditioning_dose(mode, int(rung))
            reps, seconds, metres = _amount(mode, amount)
        elif record.category == "hill_sprint":
            sets = int(self._progress(record.slug, p.sets, 1, week.loading, HILL_SPRINTS_MAX))
            reps, seconds, metres = None, p.seconds or 8, None
        if week.deload:
            sets = deload_sets(sets)
        if week.phase == "taper":
            sets = taper_sets(sets)
        # Most weeks repeat most prescriptions; sharing the objects keeps plans light.
        key = (record.slug, sets, reps, seconds, metres, percent, load, rir, p.rest_s)
        exercise = self._made.get(key)
        if exercise is None:
            exercise = self._made[key] = PlannedExercise(
                exercise=record.slug,
                category=record.category,
                unilateral=record.unilateral,
                sets=sets,
                reps=reps,
                seconds=seconds,
                metres=metres,
                percent_1rm=percent,
                load=load,
                unit=self.profile.units,
                rir=rir,
                rest_s=p.rest_s,
                pattern=record.pattern,
                plane=record.plane,
                load_mode=mode,
                name=record.name,
            )
        return exercise

    def _lift_load(self, week: Week, slug: str, percent: float) -> float | None:
        """L1, L4, L7: the % of the current 1RM rounded down to the plate step, rising at most
        one step a week within a phase and not at all in a deload week."""
        one_rm = self.profile.one_rep_max.get(slug)
        if not one_rm:
            return None
        load = load_from_percent(one_rm, percent, self.profile.units)
        last = self._last_load.get((week.block, slug))
        if last is not None:
            last_week, last_load = last
            rise = 0 if week.deload else self.step * (week.number - last_week)
            load = min(load, last_load + rise)
        return load

    def _progress(self, slug: str, start: float, step: float, advance: bool, top: float) -> float:
        """The next dose of a week-to-week progression: one step up from last time when
        the week allows it (never past `top`), or the start dose the first time."""
        last = self._last_dose.get(slug)
        dose = min(top, start if last is None else last + (step if advance else 0))
        self._proposed[slug] = dose
        return dose

    def commit(self, week: Week, placed: Sequence[Draft]) -> None:
        """Advance the A/B cycle and the progressions by what was actually placed."""
        self._cycle[week.block] = self._cycle.get(week.block, 0) + sum(d.slot for d in placed)
        placed_slugs = set()
        for draft in placed:
            for e in draft.exercises:
                if e.load_mode == "percent_1rm" and e.load is not None:
                    self._last_load[(week.block, e.exercise)] = (week.number, e.load)
                placed_slugs.add(e.exercise)
        # A progression's key is the exercise, or "slug@first dose" for its own climb.
        for key, dose in self._proposed.items():
            if key.split("@", 1)[0] in placed_slugs:
                self._last_dose[key] = dose
        self._proposed = {}


def _capped(e: PlannedExercise, cap: tuple[int, int | None] | None) -> PlannedExercise:
    """The prescription with no more sets or rest than the block cut it to (see _fitted)."""
    if cap is None:
        return e
    sets, rest = min(e.sets, cap[0]), e.rest_s
    if rest is not None and cap[1] is not None:
        rest = min(rest, cap[1])
    return e if (sets, rest) == (e.sets, e.rest_s) else replace(e, sets=sets, rest_s=rest)


def _spec_amount(p: PrescriptionSpec, mode: str) -> int | None:
    if mode == "seconds":
        return p.seconds
    if mode == "metres":
        return p.metres
    return p.reps


def _amount(mode: str, amount: int | None) -> tuple[int | None, int | None, int | None]:
    """(reps, seconds, metres) for an exercise dosed by `mode`."""
    if mode == "seconds":
        return None, amount or 30, None
    if mode == "metres":
        return None, None, amount or 20
    return amount or 10, None, None
