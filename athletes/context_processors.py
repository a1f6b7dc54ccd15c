from django.conf import settings
from django.http import HttpRequest

# Which top-bar entry a page belongs to, by the first word of its URL name.
NAV_BY_PREFIX = {
    "squad": "squads",
    "squads": "squads",
    "dashboard": "dashboard",
    "program": "programs",
    "template": "programs",
    "exercise": "exercises",
    "club": "club",
    "export": "club",
    # Your account, and the invitations listed there: on the club page.
    "account": "club",
    "password": "club",
    "invitation": "club",
}


# Pages whose URL name starts with a word of another section.
NAV_BY_NAME = {
    "plan_batch": "programs",  # plans being made from a programme (a squad, or its followers)
    "assign_squad": "squads",
    "export_squad_week": "squads",
    "export_athlete_block": "roster",
    "export_athlete_week": "roster",
}

# Pages of no top-bar entry: a logged-in coach making another login, or sending a kept form
# again (the page it came from is linked there).
NAV_NONE = {"signup", "invite_accept", "athlete_login_accept", "form_resend"}


def club(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    membership = getattr(user, "membership", None) if user and user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    if name in NAV_NONE:
        nav = None
    else:
        nav = NAV_BY_NAME.get(name) or NAV_BY_PREFIX.get(name.split("_")[0], "roster")
    return {
        "membership": membership,
        "club": membership.club if membership else None,
        "nav": nav,
        "open_signup": settings.OPEN_SIGNUP,
    }
