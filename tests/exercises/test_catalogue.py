import json
from pathlib import Path

from django.urls import reverse

from exercises.catalogue import shipped_entries
from exercises.models import Exercise
from tests.exercises.test_club_exercises import exercise_data

REQUIRED = (
    "back-squat front-squat romanian-deadlift deadlift bulgarian-split-squat step-up "
    "reverse-lunge calf-raise single-leg-calf-raise single-leg-deadlift "
    "single-leg-deficit-squat good-morning push-press power-clean jump-squat "
    "countermovement-jump box-jump single-leg-hop drop-jump bounding a-skip b-skip "
    "hill-sprint hamstring-bridge hamstring-plank glute-bridge side-plank dead-bug "
    "pallof-press plank clamshell crab-walk dumbbell-march push-up pull-up reverse-fly"
).split()


def test_every_new_database_has_the_catalogue(db):
    slugs = set(Exercise.objects.filter(club__isnull=True).values_list("slug", flat=True))
    assert len(slugs) >= 45
    assert set(REQUIRED) <= slugs


def test_variants_are_linked(db):
    split_squat = Exercise.objects.get(club__isnull=True, slug="bulgarian-split-squat")
    assert split_squat.easier is not None
    assert split_squat.easier.slug == "step-up"


def test_catalogue_file_matches_database(db):
    assert Exercise.objects.filter(club__isnull=True).count() == len(shipped_entries())
    raw = json.loads(Path("exercises/data/catalogue.json").read_text())
    assert {e["slug"] for e in raw} == set(
        Exercise.objects.filter(club__isnull=True).values_list("slug", flat=True)
    )


def test_browse_filters_by_category_and_laterality(owner_client):
    response = owner_client.get(
        reverse("exercise_list"), {"category": "max_strength", "laterality": "unilateral"}
    )
    names = {e.slug for e in response.context["exercises"]}
    assert "bulgarian-split-squat" in names
    assert "back-squat" not in names
    long = owner_client.get(reverse("exercise_list"), {"q": "x" * 81, "pattern": "nope"})
    assert long.status_code == 400
    assert "the search (at most 80 characters of plain text); pattern “nope”, not one of its" in (
        long.content.decode()
    )
    assert "box-jump" not in names


def test_a_bad_filter_value_is_said_and_the_other_filters_still_apply(owner_client):
    response = owner_client.get(
        reverse("exercise_list"), {"category": "<script>", "laterality": "unilateral"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Not used to filter: category “&lt;script&gt;”, not one of its choices.</p>" in body
    assert "<script>" not in body.split("</head>", 1)[1].replace('<script src="', "")
    names = {e.slug for e in response.context["exercises"]}
    assert "bulgarian-split-squat" in names and "box-jump" not in names  # unilateral only
    assert "back-squat" not in names


def sled_push(**changes) -> dict:
    """A club exercise's form, filled in, its load the athlete's body weight."""
    return exercise_data(load_mode="bodyweight_reps", **changes)


def test_club_exercise_is_private_to_the_club(owner_client, stranger):
    from django.test import Client

    client = Client()
    response = owner_client.post(reverse("exercise_create"), sled_push())
    assert response.status_code == 302
    assert Exercise.objects.get(slug="sled-push").club is not None
    client.force_login(stranger)
    assert client.get(reverse("exercise_detail", args=["sled-push"])).status_code == 404
    assert "Sled push" not in client.get(reverse("exercise_list")).content.decode()


def test_club_exercise_name_clash_is_refused(owner_client):
    response = owner_client.post(
        reverse("exercise_create"),
        {
            "name": "Back squat",
            "category": "max_strength",
            "pattern": "squat",
            "laterality": "bilateral",
            "plane": "sagittal",
            "equipment": "barbell",
            "load_mode": "percent_1rm",
            "difficulty": "1",
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_search_finds_a_hyphenated_name_however_it_is_typed(owner_client):
    # "Single-leg calf raise", "Push-up", "Trap-bar deadlift": a coach types a space, a
    # hyphen or nothing between the words, in any case.
    def found(q):
        response = owner_client.get(reverse("exercise_list"), {"q": q})
        return {e.slug for e in response.context["exercises"]}

    assert "single-leg-calf-raise" in found("single leg")
    assert "single-leg-calf-raise" in found("Single-Leg")
    assert found("pushup") == found("push up") == found("push-up")
    assert "push-up" in found("push up")
    assert "trap-bar-deadlift" in found("trap bar")
    assert "back-squat" not in found("single leg")


def test_search_ignores_accents(owner_client):
    owner_client.post(
        reverse("exercise_create"),
        {
            "name": "Élan step (½)",
            "category": "conditioning",
            "pattern": "lunge",
            "laterality": "unilateral",
            "plane": "sagittal",
            "equipment": "bodyweight",
            "load_mode": "bodyweight_reps",
            "difficulty": 1,
        },
    )
    response = owner_client.get(reverse("exercise_list"), {"q": "elan"})
    assert [e.name for e in response.context["exercises"]] == ["Élan step (½)"]
    response = owner_client.get(reverse("exercise_list"), {"q": "ÉLAN"})
    assert [e.name for e in response.context["exercises"]] == ["Élan step (½)"]


def test_a_search_finding_no_exercise_says_so_once_with_the_way_to_clear_it(owner_client):
    """Not "0 exercises" over "No exercise matches these filters": one sentence saying what
    found nothing, read out after a live search too, and a link that clears it."""
    listed = reverse("exercise_list")
    for params, said, clear_words in [
        ({"q": "zed"}, "No exercise matches “zed”.", "Clear the search"),
        (
            {"q": "zed", "category": "power"},
            "No exercise matches “zed” with these filters.",
            "Clear the search and filters",
        ),
        (
            {"category": "hill_sprint", "equipment": "barbell"},
            "No exercise matches these filters.",
            "Clear the filters",
        ),
        ({"q": "<b>x"}, "No exercise matches “&lt;b&gt;x”.", "Clear the search"),
    ]:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = owner_client.get(listed, params, **headers)
            assert response.status_code == 200
            body = response.content.decode()
            results = body[body.index('<div id="results">') :]
            assert f"<p data-announce>{said}</p>" in results
            assert results.count("data-announce") == 1
            assert "0 exercises" not in body
            assert f'<a href="{listed}">{clear_words}</a>' in results
    # A search that finds some still counts them, with no link to clear it.
    body = owner_client.get(listed, {"q": "squat"}).content.decode()
    assert "exercises</p>" in body and "Clear the" not in body


def test_an_exercise_name_typed_decomposed_is_measured_as_it_is_stored(owner_client):
    from tests.athletes.test_forms import at_the_limit

    typed, stored = at_the_limit(Exercise._meta.get_field("name").max_length)
    response = owner_client.post(reverse("exercise_create"), sled_push(name=typed))
    assert response.status_code == 302
    assert Exercise.objects.get(club__isnull=False).name == stored
