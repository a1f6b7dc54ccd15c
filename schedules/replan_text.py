"""What making a plan again did (Plan.remade, services.replan_summary), in words for the
coach: when and after what, the sessions planned afresh and kept, the moves (to another
day, or to another time of the planner's day), the race and the phases."""

from datetime import date

from django.utils import timezone

from config.text import joined
from schedules.calendar import PHASE_NAMES, day_month

# What asked for the plan to be made again (PlanJob.changes), as "Made again ... after ...".
CHANGES = {
    "race_date": "a new race date",
    "running_week": "a new running week",
    "one_rep_max": "a change in 1RM tests",
    "body_mass_kg": "a new body mass",
    "experience": "a new training experience",
    "event": "a new event",
    "units": "a change of units",
    "archived_at": "the athlete's return from the archive",
    "programme": "changes to {programme} in the builder",
}


def _day(iso: str, at: date) -> str:
    """A day as "15 Feb" (with its year when it is not near `at`, the re-plan's day: see
    day_month), kept on one line (a no-break space) where the text wraps."""
    return day_month(date.fromisoformat(iso), at, nbsp=True)


def _phase(change: dict) -> str:
    return PHASE_NAMES.get(change["phase"], change["phase"])


def _start(change: dict, at: date) -> str:
    """A phase's new first day, and the one it had."""
    was = f" (not {_day(change['was'], at)})" if change["was"] else ""
    return f"{_day(change['now'], at)}{was}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _sessions(remade: dict) -> str:
    kept = [_count(remade["fresh"], "session planned afresh", "sessions planned afresh")]
    if remade["logged"]:
        n = remade["logged"]
        kept.append(f"{n} kept as the athlete logged {'it' if n == 1 else 'them'}")
    if remade["edited"]:
        kept.append(f"{remade['edited']} kept for your load edits")
    return joined(kept)


def remade_short(remade: dict, job_id: int) -> str:
    """One line for the list of plans a job made again: its sessions planned afresh and
    kept; empty when the plan was last made by another job."""
    if not remade or remade.get("job") != job_id:
        return ""
    return f"{_sessions(remade)}."


def remade_text(
    remade: dict, generated_at, programme: str, race_date: date | None = None
) -> dict | None:
    """The plan page's words for the last re-plan (plain text, escaped where shown): a dated
    title and a few lines (`race_date`: the plan's race now, None for an off-season plan).
    None for a plan made once (nothing to say)."""
    if not remade:
        return None
    at = timezone.localtime(generated_at)
    day = at.date()
    causes = [
        CHANGES[c].format(programme=f"“{programme}”")
        for c in remade.get("changes", [])
        if c in CHANGES
    ]
    title = f"Made again on {at:%-d %b} at {at:%H:%M}"
    title += f" after {joined(causes)}." if causes else "."
    lines = [f"From {at:%-d %b} on: {_sessions(remade)}."]
    moves = []
    if remade["moves_kept"]:
        n = remade["moves_kept"]
        moves.append(
            _count(n, "session you had moved is", "sessions you had moved are")
            + (" back on the day you chose" if n == 1 else " back on the days you chose")
        )
    if remade.get("times_kept"):  # on the planner's day: not a move to another day
        n = remade["times_kept"]
        moves.append(
            _count(n, "session keeps the time", "sessions keep the times")
            + (" you chose on its day" if n == 1 else " you chose on their days")
        )
    if remade["moves_undone"]:
        n = remade["moves_undone"]
        moves.append(_count(n, "move was", "moves were") + " not kept (below)")
    if moves:
        lines.append(f"{'; '.join(moves)}.")
    changed = remade.get("phases", [])
    moved = [p for p in changed if p["now"]]
    gone = [_phase(p).lower() for p in changed if not p["now"]]
    race = remade.get("race")
    if race and race["was"] and race["now"]:
        said = f"Race moved from {_day(race['was'], day)} to {_day(race['now'], day)}"
    elif race and race["now"]:
        said = f"Race set for {_day(race['now'], day)}"
    elif race:
        said = f"No race now (it was on {_day(race['was'], day)})"
    elif race_date is None:  # an off-season plan, before and after: no race day to keep
        said = "No race day set" if changed else "No race day set; phases as before"
    else:
        said = "Race day as before" if changed else "Race day and phases as before"
    if len(moved) == 1 and not gone:
        [p] = moved
        said += f": the {_phase(p).lower()} phase now starts {_start(p, day)}"
    elif moved:
        said += f". Phases now start: {', '.join(f'{_phase(p)} {_start(p, day)}' for p in moved)}"
    if gone:
        said += f"{';' if moved else ':'} no {joined(gone)} phase now"
    lines.append(f"{said}.")
    return {"title": title, "lines": lines}
