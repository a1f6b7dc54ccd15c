from django.http import HttpRequest

# Which top-bar entry a page belongs to, by the first word of its URL name.
NAV_BY_PREFIX = {
    "squad": "squads",
    "squads": "squads",
    "plan": "squads",  # plan_batch: a squad's plans being made
    "dashboard": "dashboard",
    "program": "programs",
    "template": "programs",
    "exercise": "exercises",
    "club": "club",
    "export": "club",
}


def club(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    membership = getattr(user, "membership", None) if user and user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    prefix = (match.url_name or "").split("_")[0] if match else ""
    return {
        "membership": membership,
        "club": membership.club if membership else None,
        "nav": NAV_BY_PREFIX.get(prefix, "roster"),
    }
