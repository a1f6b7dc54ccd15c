"""The club's data as one file: download it, or load a file into a new, empty club."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from athletes.access import club_for, coach_required, membership_for
from config.needed import SaysWhatIsNeeded
from config.text import file_words
from schedules import club_data


class ClubFileForm(SaysWhatIsNeeded, forms.Form):
    file = forms.FileField(
        label="Club file (.json)",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


@coach_required
@require_GET
def club_export(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    # Written as it is read, a few plans at a time (club_data.club_file), without layout: 40 %
    # fewer bytes than indented, so a big club with months of logged sessions stays well
    # inside what the import reads (club_data.MAX_BYTES).
    response = StreamingHttpResponse(
        (part.encode() for part in club_data.club_file(club)), content_type="application/json"
    )
    name = f"{file_words(club.name) or 'club'}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@coach_required
@require_http_methods(["GET", "POST"])
def club_import(request: HttpRequest) -> HttpResponse:
    """Only the club's owner may load a file, and only into a club that holds nothing yet."""
    membership = membership_for(request)
    if not membership.is_owner:
        raise Http404
    club = membership.club
    posted = request.method == "POST"
    form = ClubFileForm(request.POST, request.FILES) if posted else ClubFileForm()
    problems: list[str] = []
    if posted and form.is_valid():
        try:
            data = club_data.read_document(form.cleaned_data["file"].read(club_data.MAX_BYTES + 1))
            counts = club_data.club_import(data, club)
        except club_data.ImportRefused as refused:
            problems = refused.problems
        else:
            athletes, plans, sets = (
                _counted(counts[key], word)
                for key, word in (
                    ("athletes", "athlete"),
                    ("plans", "plan"),
                    ("set logs", "logged set"),
                )
            )
            messages.success(request, f"Imported {athletes}, {plans} and {sets} into {club.name}.")
            return redirect("roster")
    context = {"form": form, "problems": problems, "held": club_data.club_contents(club)}
    status = 400 if posted else 200
    return render(request, "schedules/club_data.html", context, status=status)


def _counted(count: int, word: str) -> str:
    """ "1 athlete", "2 athletes"."""
    return f"{count} {word}{'' if count == 1 else 's'}"
