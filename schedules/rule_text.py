"""What each rule means for the coach, and the evidence behind it (DOMAIN sections 2-6)."""

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from django.utils import timezone

EXPLANATIONS = {
    "P1": "Athletes new to lifting start with 3-4 weeks of light, technique-first work.",
    "P2": "More than 12 weeks out is the time to build maximal strength with heavy sets.",
    "P3": "8-12 weeks out, moderate loads build tolerance for the heavier block ahead.",
    "P4": "4-8 weeks out, heavy low-rep lifting and power do the most for running economy.",
    "P5": "2-4 weeks out, keep strength with a little heavy work and add explosive work.",
    "P6": "The last 1-2 weeks are for freshness: cut sets about in half, or lift not at all.",
    "P7": "In a heavy running block one short heavy session a week keeps the gains.",
    "P8": "Loads under about 70-80 % of 1RM do not improve running economy.",
    "P9": "Power and plyometrics matter more near the race and for shorter events.",
    "P10": "New lifters add one kind of strength work at a time.",
    "S1": "A lifting session has 3-5 exercises of 3-4 sets, 30-45 minutes in all.",
    "S2": "Rest 2-3 minutes between heavy sets.",
    "S3": "Never to failure: stop one or two reps short (RIR 1-2).",
    "S4": "Running is single-legged: every lifting session needs a single-leg exercise.",
    "S5": "At most two plyometric exercises, done first after the warm-up.",
    "S6": "Warm up, then one lighter set at 50-60 % before each heavy lift.",
    "S7": "Two sessions a week alternate emphasis: A squat/push, B hinge/pull.",
    "S8": "Upper-body pulling and sideways or rotational work at least weekly.",
    "W1": "No lifting the day before a quality session or long run, nor the morning before "
    "an afternoon quality session.",
    "W2": "Lift on easy days, ideally the day after a quality session.",
    "W3": "Run first, lift at least 3 hours later (6 is better) on the same day.",
    "W4": "No strength work in the 72 hours before a race; at most one short session a week "
    "in the taper.",
    "W5": "Heavy sessions at least 48 hours apart.",
    "W6": "No conditioning the day after heavy lifting.",
    "W7": "No plyometrics on consecutive days.",
    "W8": "No lifting on the long-run day and nothing heavy the day before it.",
    "W9": "Hill sprints are hard running: not the day before a quality session.",
    "L1": "Loads come from the current 1RM, rounded down to the plate step.",
    "L2": "1RM estimates are trusted from tests of 10 reps or fewer.",
    "L3": "Without a 1RM, prescribe by reps in reserve.",
    "L4": "Add load at most one plate step a week, only after all sets were completed.",
    "L5": "Conditioning grows by reps and sets, up to 3 × 20.",
    "L6": "Single-leg calf raises and deadlifts build towards 25-33 % of body weight held.",
    "L7": "Every 4th week of a loading phase is a deload: about 40 % less volume.",
    "L8": "Soreness that hurts quality runs means reduce the load.",
    "L9": "Pain is a stop signal: the exercise comes out until the coach clears it.",
}

EVIDENCE = {
    "P": "Adding heavy strength work to running improves running economy by about 2-8 % "
    "and time-trial performance by 2-5 % (meta-analysis of 26 studies).",
    "P8": "Heavy loads give larger running-economy gains than light ones; effects are "
    "clearest at 90 %+ of 1RM and not significant under 80 %.",
    "P9": "Explosive strength training improved 5 km time by 3.1 % without any change in VO2max.",
    "S": "Strength plus plyometrics twice a week for 10 weeks kept running economy up after "
    "90 minutes of running.",
    "W": "Running and lifting compete when they crowd each other: endurance work done "
    "alongside strength training blunts power gains, more with running than with cycling.",
    "W2": "Separating running and lifting by at least 6 hours on the same day serves both "
    "adaptations best; 3 hours is the practical minimum.",
    "W3": "Separating running and lifting by at least 6 hours on the same day serves both "
    "adaptations best; 3 hours is the practical minimum.",
    "L": "Progressive, heavy but sub-maximal loading builds strength without the fatigue "
    "that would cost quality running.",
}


def explain(rule: str) -> dict:
    return {
        "explanation": EXPLANATIONS.get(rule, ""),
        "evidence": EVIDENCE.get(rule) or EVIDENCE.get(rule[:1], ""),
    }


def _day(text):
    """A warning's ISO date as a date, for the page to write as "8 Dec"; kept as given if
    it is not one."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return text


def warnings_from() -> date:
    """Rule warnings count from the current week's Monday: its days gone by may still be
    trained (and week-wide rules are dated on its first day); earlier weeks cannot change."""
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def settled_days(sessions: Iterable[tuple[date, bool]]) -> set[date]:
    """Days of this week up to which every session, given as (day, logged), is logged: a
    warning dated on one is about sessions done and on record, which the coach can no longer
    change (a rule between two sessions is dated on the later one, so a day logged ahead of an
    open one before it does not count). Not the week's Monday nor its first session's day,
    where week-wide rules are dated (P10 and the weekly checks, programs/engine/checks.py):
    those still hold for the days to come."""
    monday = warnings_from()
    days: dict[date, bool] = {}
    for day, logged in sessions:
        if monday <= day < monday + timedelta(days=7):
            days[day] = days.get(day, True) and logged
    settled = set()
    for day in sorted(days):
        if not days[day]:
            break
        settled.add(day)
    return settled - {min(days, default=None), monday}


def group_warnings(
    warnings: list[dict], since: date | None = None, settled: Collection[date] = ()
) -> list[dict]:
    """One entry per rule and message, with every date it applies to, in plan order; from
    `since` on when given (the weeks already gone were trained around the running week of
    their time, which may not be today's, and nothing can be changed there), and none dated
    on a `settled` day (settled_days)."""
    groups: dict[tuple[str, str], dict] = {}
    for warning in warnings:
        day = _day(warning.get("date"))
        if since is not None and isinstance(day, date) and day < since:
            continue
        if day in settled:
            continue
        key = (warning["rule"], warning["message"])
        if key not in groups:
            groups[key] = {"rule": warning["rule"], "message": warning["message"], "dates": []}
            groups[key].update(explain(warning["rule"]))
        groups[key]["dates"].append(day)
    return list(groups.values())
