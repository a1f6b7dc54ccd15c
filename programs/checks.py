"""The template rule check: what a programme template breaks, before any athlete gets it.

Two views of the same template. The template itself is read against the session and
phase rules of DOMAIN.md (S1, S3-S5, P1-P8). Then the engine builds plans from it for a few
representative athletes, and the rules those plans break are counted by rule ID, so a
coach sees, for example, that a marathoner's weeks would break W1 before assigning it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from programs import engine
from programs.catalogue import engine_catalogue
from programs.engine.catalogue import EXPLOSIVE
from programs.engine.duration import MOST_MINUTES
from programs.engine.loads import PAST_FAILURE_REPS, epley_reps
from programs.engine.sessions import EXPLOSIVE_SLOTS
from programs.forms import AMOUNT_WORKED_OUT, out_of_kind
from programs.models import PHASES, ProgramTemplate
from programs.services import template_to_engine

PHASE_NAMES = dict(PHASES)
# The DOMAIN rule for each phase type, and the strength sessions a week it allows.
PHASE_RULES = {
    "intro": ("P1", 2, 2),
    "off_season": ("P2", 2, 3),
    "base": ("P3", 2, 3),
    "build": ("P4", 2, 2),
    "sharpen": ("P5", 1, 2),
    "taper": ("P6", 0, 1),
    "maintenance": ("P7", 1, 2),
}
HEAVY_PHASES = ("off_season", "build", "sharpen")
HEAVY_MIN_PERCENT = 70
INTRO_MAX_PERCENT = 65  # P1: light loads while a new lifter learns the lifts
# The length DOMAIN section 2 gives a phase, where it gives one: the first 3-4 weeks of a
# new lifter (P1), the final 1-2 weeks before the race (P6).
PHASE_WEEKS = {"intro": (3, 4, "the first"), "taper": (1, 2, "the final")}
LIFTING_EXERCISES = (3, 5)
STRENGTH_CATEGORIES = ("max_strength", "power")
MAX_PLYOMETRICS = 2
MIN_HEAVY_REST_S = 60
SLOT_KINDS = ("lifting", "plyometric")


@dataclass(frozen=True)
class Problem:
    rule: str
    where: str
    message: str
    anchor: str

    @property
    def title(self) -> str:
        return engine.RULES.get(self.rule, "Programme values")


@dataclass(frozen=True)
class Sample:
    key: str
    title: str
    profile: dict


@dataclass
class RuleCount:
    rule: str
    title: str
    counts: list[int]
    examples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class TemplateCheck:
    problems: list[Problem]
    samples: list[Sample]
    rules: list[RuleCount]
    notices: list[str]
    invalid: list[str]
    # Lifting sessions whose power and plyometric work the plans keep only in part for
    # some events (P9), one line each.
    power: list[str] = field(default_factory=list)

    @property
    def template_count(self) -> int:
        return len(self.problems) + len(self.invalid)

    @property
    def count(self) -> int:
        return self.template_count + len(self.rules)

    @property
    def week_rules_only(self) -> bool:
        """Whether the sample plans break only rules of placing sessions in the running week
        (W..), and only in the sample whose week is crowded (two quality runs): then it is
        that week, not the programme, that breaks them."""
        crowded = [i for i, sample in enumerate(self.samples) if sample.key == CROWDED_SAMPLE]
        return bool(self.rules) and all(
            rule.rule.startswith("W")
            and not any(n for i, n in enumerate(rule.counts) if i not in crowded)
            for rule in self.rules
        )


_EASY_AM = {"run": "easy", "time": "am"}
CLASSIC_WEEK = {
    "mon": _EASY_AM,
    "tue": {"run": "quality", "time": "pm"},
    "wed": _EASY_AM,
    "thu": _EASY_AM,
    "fri": {"run": "rest"},
    "sat": _EASY_AM,
    "sun": {"run": "long", "time": "am"},
}
NOVICE_WEEK = {
    "mon": {"run": "rest"},
    "tue": _EASY_AM,
    "wed": {"run": "rest"},
    "thu": {"run": "quality", "time": "pm"},
    "fri": {"run": "rest"},
    "sat": _EASY_AM,
    "sun": {"run": "long", "time": "am"},
}
ADVANCED_WEEK = {
    "mon": _EASY_AM,
    "tue": {"run": "quality", "time": "am"},
    "wed": {"run": "easy", "time": "pm"},
    "thu": _EASY_AM,
    "fri": {"run": "quality", "time": "pm"},
    "sat": _EASY_AM,
    "sun": {"run": "long", "time": "am"},
}
CROWDED_SAMPLE = "5k"  # the sample week with two quality runs, which leaves no clean day
SAMPLES = (
    ("marathon", "Intermediate marathoner, 16 weeks out, classic week", "intermediate",
     "marathon", 16, CLASSIC_WEEK),
    ("10k", "Novice 10k runner, 20 weeks out", "novice", "10k", 20, NOVICE_WEEK),
    ("5k", "Advanced 5k runner, 8 weeks out, two quality days", "advanced", "5k", 8,
     ADVANCED_WEEK),
)  # fmt: skip


def sample_athletes(today: date) -> list[Sample]:
    start = today + timedelta(days=-today.weekday() % 7)
    samples = []
    for key, title, experience, event, weeks, week in SAMPLES:
        profile = {
            "athlete": {
                "name": title,
                "sex": "female",
                "body_mass_kg": 60,
                "experience": experience,
                "event": event,
            },
            "units": "kg",
            "one_rep_max": {"back-squat": 80, "romanian-deadlift": 90, "deadlift": 100},
            "running_week": week,
            "start_date": start.isoformat(),
            "race_date": (start + timedelta(weeks=weeks, days=-1)).isoformat(),
        }
        samples.append(Sample(key=key, title=title, profile=profile))
    return samples


def template_problems(template: ProgramTemplate) -> list[Problem]:
    """Rules the template breaks as written, whatever athlete it is given to."""
    problems: list[Problem] = []
    for phase in template.phases.all():
        name = PHASE_NAMES.get(phase.phase, phase.phase)
        anchor = f"phase-{phase.pk}"
        rule, low, high = PHASE_RULES.get(phase.phase, ("", 0, 4))
        if phase.reps_min > phase.reps_max:
            problems.append(Problem("", name, "Reps from is above reps to", anchor))
        if phase.percent_min > phase.percent_max:
            problems.append(Problem("", name, "% 1RM from is above % 1RM to", anchor))
        if phase.phase in PHASE_WEEKS:
            fewest, most, which = PHASE_WEEKS[phase.phase]
            if not fewest <= phase.weeks <= most:
                problems.append(
                    Problem(
                        rule,
                        name,
                        f"{_count(phase.weeks, 'week')}; this phase is {which} {fewest}-{most} "
                        "weeks",
                        anchor,
                    )
                )
        if not low <= phase.sessions_per_week <= high:
            problems.append(
                Problem(
                    rule,
                    name,
                    f"{_count(phase.sessions_per_week, 'strength session')} a week; "
                    f"this phase calls for {low if low == high else f'{low}-{high}'}",
                    anchor,
                )
            )
        sessions = list(phase.sessions.all())
        if phase.sessions_per_week and not any(s.kind in SLOT_KINDS for s in sessions):
            them = "it" if phase.sessions_per_week == 1 else "them"
            problems.append(
                Problem(
                    rule,
                    name,
                    f"{_count(phase.sessions_per_week, 'session')} a week but no lifting or "
                    f"plyometric session to fill {them}",
                    anchor,
                )
            )
        if phase.phase in HEAVY_PHASES and phase.percent_min < HEAVY_MIN_PERCENT:
            problems.append(
                Problem(
                    "P8",
                    name,
                    f"Loads from {phase.percent_min} % 1RM; a heavy phase needs "
                    f"{HEAVY_MIN_PERCENT} % or more, so plans start it at {HEAVY_MIN_PERCENT} %",
                    anchor,
                )
            )
        if phase.phase == "intro" and phase.percent_max > INTRO_MAX_PERCENT:
            problems.append(
                Problem(
                    "P1",
                    name,
                    f"Loads up to {phase.percent_max} % 1RM; the introduction keeps them light, "
                    f"{INTRO_MAX_PERCENT} % or less",
                    anchor,
                )
            )
        for session in sessions:
            problems += _session_problems(phase, session, f"{name} · session {session.label}")
    return problems


def _session_problems(phase, session, where: str) -> list[Problem]:
    problems: list[Problem] = []
    anchor = f"session-{session.pk}"
    items = list(session.prescriptions.all())
    if not items and session.kind != "lifting":  # an empty lifting session breaks S1 below
        # Plans leave it out; one of the week's lifts still takes its turn, and is not made.
        message = "No exercises: plans leave the session out"
        if session.kind in SLOT_KINDS and phase.sessions_per_week:
            message += ", so the weeks whose turn it is have one lift fewer"
        problems.append(Problem("", where, message, anchor))
    if session.kind == "lifting":
        low, high = LIFTING_EXERCISES
        if not low <= len(items) <= high:
            problems.append(
                Problem(
                    "S1",
                    where,
                    f"{_count(len(items), 'exercise')}; a lifting session has 3-5",
                    anchor,
                )
            )
        # As the plans are checked: a single-leg lift, not a hop or an alternating core drill.
        lifts = [p for p in items if _category(p) in STRENGTH_CATEGORIES]
        if items and not any(_unilateral(p) for p in lifts):
            problems.append(Problem("S4", where, "No single-leg lift", anchor))
    plyometrics = [p for p in items if _category(p) == "plyometric"]
    if len(plyometrics) > MAX_PLYOMETRICS:
        problems.append(
            Problem("S5", where, f"{len(plyometrics)} plyometric exercises; two at most", anchor)
        )
    first_other = next((i for i, p in enumerate(items) if _category(p) != "plyometric"), None)
    if first_other is not None and any(_category(p) == "plyometric" for p in items[first_other:]):
        problems.append(Problem("S5", where, "Plyometrics come after other exercises", anchor))
    for p in items:
        p_anchor = f"prescription-{p.pk}"
        label = f"{where}: {_name(p)}"
        if misplaced := out_of_kind(_category(p), session.kind):
            # As the kind field refuses it: added to, or imported in, a session of that kind.
            problems.append(Problem("", label, misplaced, p_anchor))
        if p.rir == 0:
            problems.append(Problem("S3", label, "Prescribed to failure (0 in reserve)", p_anchor))
        if _category(p) in STRENGTH_CATEGORIES and p.reps and p.percent_1rm:
            # As the plans are checked: more reps than the load allows is past failure.
            manages = epley_reps(p.percent_1rm)
            if p.reps > manages + PAST_FAILURE_REPS:
                problems.append(
                    Problem(
                        "S3",
                        label,
                        f"{p.reps} reps at {p.percent_1rm} % 1RM is past failure (about "
                        f"{max(1, round(manages))} can be done)",
                        p_anchor,
                    )
                )
        if _category(p) not in AMOUNT_WORKED_OUT and not (p.reps or p.seconds or p.metres):
            # Saved before the builder asked for it: the plans fall back on a set amount.
            problems.append(Problem("", label, f"No amount given: {_fallback(p)}", p_anchor))
        if session.kind == "lifting" and _category(p) in STRENGTH_CATEGORIES:
            # As the plan check: 3-4 sets (5 in the off-season), fewer allowed in the taper.
            most = 5 if phase.phase == "off_season" else 4
            fewest = 1 if phase.phase == "taper" else 3
            if not fewest <= p.sets <= most:
                problems.append(
                    Problem("S1", label, f"{_count(p.sets, 'set')}; plan {fewest}-{most}", p_anchor)
                )
        if _category(p) in STRENGTH_CATEGORIES and p.rest_s < MIN_HEAVY_REST_S:
            # Power work too, as the plans are checked: it is done with full rest.
            problems.append(Problem("S2", label, f"{p.rest_s} s rest between sets", p_anchor))
        if _category(p) == "max_strength":
            heavy = phase.phase in HEAVY_PHASES
            if heavy and p.percent_1rm and p.percent_1rm < HEAVY_MIN_PERCENT:
                problems.append(
                    Problem("P8", label, f"{p.percent_1rm} % 1RM in a heavy phase", p_anchor)
                )
            if phase.phase == "intro" and (p.percent_1rm or 0) > INTRO_MAX_PERCENT:
                problems.append(
                    Problem("P1", label, f"{p.percent_1rm} % 1RM in the introduction", p_anchor)
                )
    return problems


SETS_AS_ASKED = ("max_strength", "power", "plyometric")


def _note_trimmed(plan, spec, trimmed: dict) -> None:
    """Sets a prescription asks for that the plan's sessions cut to fit the session's time
    (not a deload or the taper, which cut them on purpose): the fewest given, per lift."""
    for session in plan.sessions:
        if session.deload or session.phase == "taper":
            continue
        phase = spec.phase(session.phase)
        slots = [s for s in phase.sessions if s.label == session.label] if phase else []
        if not slots:
            continue
        slot = slots[0]
        asked = {p.exercise: p.sets for p in slot.prescriptions if p.exercise}
        for e in session.exercises:
            if e.category not in SETS_AS_ASKED:
                continue  # conditioning and hill sprints progress by their own sets
            if e.exercise in asked and e.sets < asked[e.exercise]:
                key = (session.phase, session.label, e.exercise)
                fewest = min(e.sets, trimmed.get(key, (0, e.sets))[1])
                trimmed[key] = (asked[e.exercise], fewest)


# The events of each group the planner gives the same explosive work (P9), shortest first.
EVENT_GROUP_EVENTS = {
    "short": ("1500 m", "5 km"),
    "middle": ("10 km", "half-marathon"),
    "long": ("marathon", "ultra"),
}


def _events(groups: list[str]) -> str:
    """Event groups in words: "1500 m and 5 km", "10 km to ultra", "every event"."""
    order = list(EVENT_GROUP_EVENTS)
    at = [order.index(group) for group in groups]
    if len(groups) == len(order):
        return "every event"
    if len(groups) > 1 and at == list(range(at[0], at[0] + len(at))):  # side by side
        return f"{EVENT_GROUP_EVENTS[groups[0]][0]} to {EVENT_GROUP_EVENTS[groups[-1]][1]}"
    return ", ".join(" and ".join(EVENT_GROUP_EVENTS[group]) for group in groups)


def _kept(n: int, of: int) -> str:
    if n == 0:
        return "left out"
    if n == of:
        return "kept"
    return "the first kept" if n == 1 else f"the first {n} kept"


def _left_out_explosive(spec, names: dict[str, str]) -> list[str]:
    """Lifting sessions asking for more power and plyometric exercises than their phase
    gives an event (P9: they grow near the race and for shorter events; heavy lifting comes
    first): the plans keep at most the first ones in the session's order (a new lifter's
    first weeks none, P10) and leave the rest out."""
    notices = []
    for phase in spec.phases:
        for session in phase.sessions:
            if session.kind != "lifting":
                continue
            ordered = sorted(session.prescriptions, key=lambda p: p.order)
            fast = [p for p in ordered if p.category in EXPLOSIVE]
            by_kept: dict[int, list[str]] = {}
            for group, slots in EXPLOSIVE_SLOTS.items():
                by_kept.setdefault(min(slots.get(phase.phase, 0), len(fast)), []).append(group)
            if set(by_kept) == {len(fast)}:
                continue  # every event gets them all
            listed = ", ".join(
                names.get(p.exercise, p.exercise) if p.exercise else f"any {p.category}"
                for p in fast
            )
            kept = "; ".join(
                f"{_kept(n, len(fast))} for {_events(groups)}"
                for n, groups in sorted(by_kept.items(), reverse=True)
            )
            notices.append(
                f"{PHASE_NAMES.get(phase.phase, phase.phase)} session {session.label} "
                f"({listed}): {kept}"
            )
    return notices


def _fallback(p) -> str:
    """What the plans give a prescription saved without its amount (engine.sessions)."""
    mode = p.exercise.load_mode if p.exercise_id else ""
    if mode == "seconds":
        return "plans hold it 30 s a set"
    if mode == "metres":
        return "plans give 20 m a set"
    if mode:
        return "plans give 10 reps a set"
    return "plans give 10 reps a set (30 s or 20 m for a hold or a distance)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _category(p) -> str:
    return p.exercise.category if p.exercise_id else p.category


def _unilateral(p) -> bool:
    return p.exercise.unilateral if p.exercise_id else bool(p.unilateral)


def _name(p) -> str:
    return p.exercise.name if p.exercise_id else f"any {p.category.replace('_', ' ')}"


def template_check(template: ProgramTemplate, club, today: date | None = None) -> TemplateCheck:
    """The full rule check of a prefetched template (one query for the catalogue)."""
    samples = sample_athletes(today or timezone.localdate())
    problems = template_problems(template)
    present = {phase.phase for phase in template.phases.all()}
    borrowed = [name for value, name in PHASES if value not in present]
    notices = []
    if borrowed:
        notices.append(
            "Phases this programme lacks come from the shipped default: " + ", ".join(borrowed)
        )
    try:
        spec = template_to_engine(template)
    except engine.TemplateError as exc:
        return TemplateCheck(problems, samples, [], notices, list(exc.problems))
    catalogue = engine_catalogue(club)
    known = {record.slug for record in catalogue}
    counts: dict[str, Counter] = {}
    examples: dict[str, list[str]] = {}
    trimmed: dict[tuple[str, str, str], tuple[int, int]] = {}
    dropped: dict[tuple[str, str, str], list[int]] = {}
    for index, sample in enumerate(samples):
        plan = engine.build_plan(engine.parse_profile(sample.profile, known), spec, catalogue)
        _note_trimmed(plan, spec, trimmed)
        for key in plan.left_out:  # lifts left out altogether for the session's time (S1)
            if spec.phase(key[0]):  # of this programme's phases, not those it borrows
                dropped.setdefault(key, []).append(index + 1)
        for warning in plan.warnings:
            counts.setdefault(warning.rule, Counter())[index] += 1
            seen = examples.setdefault(warning.rule, [])
            if warning.message not in seen and len(seen) < 3:
                seen.append(warning.message)
    names = {record.slug: record.name for record in catalogue}
    for (phase, label, slug), (asked, given) in sorted(trimmed.items()):
        notices.append(
            f"{PHASE_NAMES.get(phase, phase)} session {label}: {names.get(slug, slug)} "
            f"{_count(asked, 'set')} are cut to {given} in the plans, to keep the session "
            f"within {MOST_MINUTES} minutes (S1)"
        )
    for (phase, label, slug), which in sorted(dropped.items()):
        # The samples by their numbers in the table of sample plans.
        numbers = " and ".join(", ".join(map(str, which)).rsplit(", ", 1))
        plural = "s" * (len(which) > 1)
        whose = (
            "the plans"
            if len(which) == len(samples)
            else f"the plan{plural} of sample{plural} {numbers}"
        )
        notices.append(
            f"{PHASE_NAMES.get(phase, phase)} session {label}: "
            f"{names.get(slug) or slug.replace('_', ' ')} is left out of {whose}, to keep the "
            f"session within {MOST_MINUTES} minutes (S1)"
        )
    order = {rule: i for i, rule in enumerate(engine.RULES)}
    rules = [
        RuleCount(
            rule=rule,
            title=engine.RULES.get(rule, rule),
            counts=[counts[rule][i] for i in range(len(samples))],
            examples=examples[rule],
        )
        for rule in sorted(counts, key=lambda r: order.get(r, len(order)))
    ]
    power = _left_out_explosive(spec, names)
    return TemplateCheck(problems, samples, rules, notices, [], power)
