"""Phases counted back from the race (DOMAIN P1-P7) and the weeks they are made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .plan import PhaseBlock
from .profile import Profile
from .template import Template, phase_spec

# Phases whose loads progress week to week; every 4th week of each, counted across the
# blocks it is laid out in, is a deload (L4, L7).
LOADING_PHASES = ("intro", "off_season", "base", "build")
# Phases that must lift at 70 % 1RM or more (P8).
HEAVY_PHASES = ("off_season", "build", "sharpen")
# Short events peak from a one-week taper; the week saved goes to sharpening.
SHORT_EVENTS = ("1500m", "5k", "10k")
# An off-season stub shorter than this joins the base phase instead of standing alone.
MIN_OFF_SEASON_WEEKS = 3
DELOAD_EVERY = 4
# A race fewer days than this into its plan week (Monday to Thursday, for a Monday start)
# takes the week before into the taper.
EARLY_RACE_DAYS = 4


@dataclass(frozen=True)
class Week:
    number: int
    start: date
    end: date
    phase: str
    block: int
    week_in_block: int
    # Index of the loading step this week prescribes, and how many steps the block has;
    # a deload repeats the step before it (same intensity, less volume).
    step: int
    steps: int
    deload: bool
    weeks_out: int | None

    @property
    def loading(self) -> bool:
        return self.phase in LOADING_PHASES and not self.deload


def _split(phase: str, weeks: int, block: int) -> list[tuple[str, int]]:
    """Long off-seasons run as consecutive blocks of at most `block` weeks, evenly sized."""
    count = -(-weeks // block)
    base, extra = divmod(weeks, count)
    return [(phase, base + (1 if i < extra else 0)) for i in range(count)]


def phase_lengths(profile: Profile, template: Template) -> list[tuple[str, int]]:
    """The plan's phases in order with their lengths in weeks."""
    total = profile.plan_weeks
    novice = profile.experience == "novice"
    off_block = phase_spec(template, "off_season").weeks
    if profile.race_date is None:
        intro = min(phase_spec(template, "intro").weeks, total) if novice else 0
        plan = [("intro", intro)] if intro else []
        if total > intro:
            plan += _split("off_season", total - intro, off_block)
        return plan

    taper = phase_spec(template, "taper").weeks
    sharpen = phase_spec(template, "sharpen").weeks
    if profile.event in SHORT_EVENTS and taper > 1:
        sharpen += taper - 1
        taper = 1
    # A race early in its week leaves no room to lift there before the 72 hours it must be
    # kept clear (W4): the week before joins the taper, or the last hard session would come
    # days before the race (P6: the final 1-2 weeks are for freshness).
    race_week = profile.start_date + timedelta(days=7 * (total - 1))
    early = (profile.race_date - race_week).days < EARLY_RACE_DAYS
    taper = min(taper, total)
    # The week before an early race is the taper's even in a plan too short for a novice's
    # whole introduction: the introduction gives it up (P6 over P1's 3-4 weeks), or the
    # last full sessions would come days before the race.
    before = 1 if early and total > taper else 0
    intro = min(phase_spec(template, "intro").weeks, total - taper - before) if novice else 0
    taper += before
    left = total - taper - intro
    backwards = [("taper", taper)]
    for phase, wanted in (
        ("sharpen", sharpen),
        ("build", phase_spec(template, "build").weeks),
        ("base", phase_spec(template, "base").weeks),
    ):
        take = min(wanted, left)
        if take:
            backwards.append((phase, take))
            left -= take
    if 0 < left < MIN_OFF_SEASON_WEEKS:
        phase, weeks = backwards[-1]
        backwards[-1] = (phase, weeks + left)
    elif left:
        backwards += reversed(_split("off_season", left, off_block))
    plan = [("intro", intro)] if intro else []
    return plan + list(reversed(backwards))


def lay_out(profile: Profile, template: Template) -> tuple[list[PhaseBlock], list[Week]]:
    total = profile.plan_weeks
    last_day = profile.race_date or profile.start_date + timedelta(days=7 * total - 1)
    blocks: list[PhaseBlock] = []
    weeks: list[Week] = []
    number = 1
    # L7: a deload every 4th week of a loading phase, counted over the whole phase: a long
    # off-season laid out in blocks (7 + 7 weeks) deloads in its 4th, 8th and 12th weeks,
    # not in each block's 4th (which left six loading weeks in a row). A new phase starts
    # the count again, as a deload does.
    loaded, previous = 0, None
    for index, (phase, length) in enumerate(phase_lengths(profile, template)):
        if phase != previous:
            loaded, previous = 0, phase
        first = profile.start_date + timedelta(days=7 * (number - 1))
        end = min(first + timedelta(days=7 * length - 1), last_day)
        per_week = phase_spec(template, phase).sessions_per_week
        if phase == "taper":
            per_week = min(per_week, 1)
        blocks.append(PhaseBlock(phase, first, end, per_week))
        # A deload that falls on a block's first week (the off-season's second block) lifts
        # that block's first step at deload volume; the next week lifts it at full volume.
        deloads = []
        for _ in range(length):
            loaded = loaded + 1 if phase in LOADING_PHASES else 0
            deloads.append(loaded == DELOAD_EVERY)
            loaded %= DELOAD_EVERY
        steps = deloads.count(False)
        done = 0
        for n in range(1, length + 1):
            start = profile.start_date + timedelta(days=7 * (number - 1))
            deload = deloads[n - 1]
            weeks.append(
                Week(
                    number=number,
                    start=start,
                    end=min(start + timedelta(days=6), last_day),
                    phase=phase,
                    block=index,
                    week_in_block=n,
                    step=max(0, done - 1) if deload else done,
                    steps=steps,
                    deload=deload,
                    weeks_out=total - number + 1 if profile.race_date else None,
                )
            )
            done += 0 if deload else 1
            number += 1
    return blocks, weeks
