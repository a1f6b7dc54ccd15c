"""A club's own exercises take easier and harder variants, as the shipped ones have: chosen
from the exercises the club sees, never another club's, never the exercise itself."""

import re

import pytest
from django.urls import reverse
from django.utils.text import slugify

from exercises.forms import fingerprint
from exercises.models import Exercise
from programs.catalogue import engine_catalogue
from tests.exercises.test_club_exercises import exercise_data
from tests.factories import shipped


def beside_field(html: str, id_: str) -> str:
    """The messages shown under one field."""
    start = html.find(f'id="{id_}_error"')
    assert start != -1, f"no message beside {id_}"
    part = html[start:]
    return part[: part.index("</div>")]


def club_exercise(club, name: str, category: str = "conditioning", **values) -> Exercise:
    fields = {
        **exercise_data(name=name, category=category, load_mode="bodyweight_reps"),
        **values,
    }
    fields["difficulty"] = int(fields["difficulty"])
    slug = slugify(name)
    return Exercise.objects.create(club=club, slug=slug, **fields)


@pytest.fixture
def crawl(club) -> Exercise:
    return club_exercise(club, "Bear crawl")


def edit(client, exercise: Exercise, **values):
    exercise.refresh_from_db()
    data = exercise_data(
        name=exercise.name,
        category=exercise.category,
        load_mode=exercise.load_mode,
        seen=fingerprint(exercise),
        **values,
    )
    return client.post(reverse("exercise_edit", args=[exercise.slug]), data)


def offered(html: str, name: str) -> list[str]:
    select = html[html.index(f'name="{name}"') :]
    return re.findall(r'<option value="([^"]*)"', select[: select.index("</select>")])


def test_a_club_exercise_takes_a_shipped_and_a_club_variant(owner_client, club, crawl):
    plank = shipped("plank")
    lunge_walk = club_exercise(club, "Crawl to lunge walk")
    response = edit(owner_client, crawl, easier=plank.pk, harder=lunge_walk.pk)
    assert response.status_code == 302
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder) == (plank, lunge_walk)
    page = owner_client.get(reverse("exercise_detail", args=[crawl.slug])).content.decode()
    assert f'href="{reverse("exercise_detail", args=["plank"])}">Plank</a>' in page
    assert "Crawl to lunge walk</a>" in page
    # Plans step to them as to a shipped exercise's.
    record = next(r for r in engine_catalogue(club) if r.slug == crawl.slug)
    assert (record.easier, record.harder) == ("plank", lunge_walk.slug)
    # And one added is given its variants at once.
    data = exercise_data(
        name="Bear crawl, weighted", category="conditioning", load_mode="bodyweight_reps"
    )
    response = owner_client.post(reverse("exercise_create"), {**data, "easier": crawl.pk})
    assert response.status_code == 302
    assert Exercise.objects.get(club=club, name="Bear crawl, weighted").easier == crawl
    # None clears them.
    assert edit(owner_client, crawl, easier="", harder="").status_code == 302
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder) == (None, None)


def test_the_form_offers_what_the_club_sees_but_not_the_exercise_itself(
    owner_client, club, stranger, crawl
):
    theirs = club_exercise(stranger.membership.club, "Their crawl")
    html = owner_client.get(reverse("exercise_edit", args=[crawl.slug])).content.decode()
    for name in ("easier", "harder"):
        values = offered(html, name)
        assert values[0] == ""
        assert str(shipped("plank").pk) in values
        assert str(theirs.pk) not in values and str(crawl.pk) not in values
    assert "Easier variant" in html and "Harder variant" in html


@pytest.mark.parametrize("word", ["easier", "harder"])
def test_another_clubs_exercise_is_refused_beside_the_field(owner_client, stranger, crawl, word):
    theirs = club_exercise(stranger.membership.club, "Their crawl")
    response = edit(owner_client, crawl, **{word: theirs.pk}, cues="Changed cue")
    assert response.status_code == 400
    html = response.content.decode()
    said = beside_field(html, f"id_{word}")
    assert "Choose one of the exercises listed" in said
    assert "Their crawl" not in html
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder, crawl.cues) == (None, None, "Drive low")
    # Nor on a new exercise.
    data = exercise_data(name="Crab walk", category="conditioning", load_mode="bodyweight_reps")
    response = owner_client.post(reverse("exercise_create"), {**data, word: theirs.pk})
    assert response.status_code == 400
    assert "Choose one of the exercises listed" in beside_field(
        response.content.decode(), f"id_{word}"
    )
    assert not Exercise.objects.filter(name="Crab walk").exists()


@pytest.mark.parametrize("word", ["easier", "harder"])
def test_an_exercise_cannot_be_its_own_variant(owner_client, crawl, word):
    response = edit(owner_client, crawl, **{word: crawl.pk})
    assert response.status_code == 400
    said = beside_field(response.content.decode(), f"id_{word}")
    assert f"An exercise cannot be its own {word} variant" in said
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder) == (None, None)


def test_one_exercise_as_both_variants_is_refused(owner_client, crawl):
    plank = shipped("plank").pk
    response = edit(owner_client, crawl, easier=plank, harder=plank)
    assert response.status_code == 400
    assert "This is the easier variant too" in beside_field(response.content.decode(), "id_harder")
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder) == (None, None)


def test_a_variant_saved_by_someone_else_makes_an_open_form_stale(owner_client, crawl):
    seen = fingerprint(crawl)
    crawl.easier = shipped("plank")
    crawl.save()
    data = exercise_data(
        name=crawl.name, category="conditioning", load_mode="bodyweight_reps", seen=seen
    )
    response = owner_client.post(reverse("exercise_edit", args=[crawl.slug]), data)
    assert response.status_code == 409
    crawl.refresh_from_db()
    assert crawl.easier == shipped("plank")


def test_deleting_a_variant_says_which_exercises_lose_it(owner_client, club, crawl):
    """A club exercise that is another's variant can be deleted (nothing takes its place):
    the delete button's question and the message after name the exercises left without it."""
    walk = club_exercise(club, "Crawl to lunge walk")
    club_exercise(club, "Weighted bear crawl", easier=walk)
    crawl.harder = walk
    crawl.save()
    page = owner_client.get(reverse("exercise_detail", args=[walk.slug])).content.decode()
    assert (
        "It is a variant of “Bear crawl” and “Weighted bear crawl”, which will have none in its "
        "place." in page
    )
    response = owner_client.post(reverse("exercise_delete", args=[walk.slug]), follow=True)
    html = response.content.decode()
    assert "Crawl to lunge walk deleted from your club&#x27;s exercises." in html
    assert "It was a variant of “Bear crawl” and “Weighted bear crawl”, which now have none" in html
    crawl.refresh_from_db()
    assert crawl.harder is None
    # One that is no variant says only that it is deleted.
    page = owner_client.get(reverse("exercise_detail", args=[crawl.slug])).content.decode()
    assert "It is a variant of" not in page
    response = owner_client.post(reverse("exercise_delete", args=[crawl.slug]), follow=True)
    assert "It was a variant" not in response.content.decode()


def test_the_exercises_left_without_a_variant_are_told_apart_whatever_their_names(
    owner_client, club, crawl
):
    """A name can hold a comma: listed bare, two exercises would read as one, or four as
    more. Each is named in quotes, the last joined by "and"."""
    walk = club_exercise(club, "Crawl to lunge walk")
    club_exercise(club, "Bear crawl, weighted", easier=walk)
    page = owner_client.get(reverse("exercise_detail", args=[walk.slug])).content.decode()
    assert "It is a variant of “Bear crawl, weighted”, which will have none" in page
    for name in ("Crab walk", "Duck walk", "Frog jump"):
        club_exercise(club, name, harder=walk)
    response = owner_client.post(reverse("exercise_delete", args=[walk.slug]), follow=True)
    assert (
        "It was a variant of “Bear crawl, weighted”, “Crab walk”, “Duck walk” and 1 more, "
        "which now have none in its place."
    ) in response.content.decode()


def note_beside(html: str, id_: str) -> str:
    """The note shown under one field, empty when there is none."""
    start = html.find(f'id="{id_}_note"')
    return "" if start == -1 else html[start : html.index("</p>", start)]


def test_a_variant_of_another_category_is_kept_with_a_note_that_plans_will_not_step_to_it(
    owner_client, club, crawl
):
    """Plans step only to a variant of the same category (the catalogue pairs some across
    categories for the coach to read): one of another is saved, and the coach is told."""
    squat = shipped("back-squat")  # maximal strength; the crawl is conditioning
    lunge_walk = club_exercise(club, "Crawl to lunge walk")
    response = edit(owner_client, crawl, easier=squat.pk, harder=lunge_walk.pk)
    assert response.status_code == 302
    crawl.refresh_from_db()
    assert (crawl.easier, crawl.harder) == (squat, lunge_walk)
    said = (
        "Easier variant “Back squat”: plans will not give it in this exercise's place, as it "
        "is maximal strength work and this exercise conditioning; plans step down only to a "
        "variant of the same category."
    )
    page = owner_client.get(response.url).content.decode()
    assert "Bear crawl saved." in page
    assert f'<p class="flash flash-warning">{said}</p>' in page.replace("&#x27;", "'")
    assert "Harder variant “" not in page
    # Beside the field whenever the form shows it, and not beside the one of its category.
    form = owner_client.get(reverse("exercise_edit", args=[crawl.slug])).content.decode()
    assert said in note_beside(form, "id_easier").replace("&#x27;", "'")
    assert note_beside(form, "id_harder") == ""
    # A form refused for something else says it too, for what was picked.
    response = edit(owner_client, crawl, easier=lunge_walk.pk, harder=squat.pk, difficulty="9")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Harder variant “Back squat”: plans will not move on to it" in note_beside(
        html, "id_harder"
    )
    assert note_beside(html, "id_easier") == ""
    # None of the same category: nothing to say.
    assert edit(owner_client, crawl, easier=lunge_walk.pk, harder="").status_code == 302
    form = owner_client.get(reverse("exercise_edit", args=[crawl.slug])).content.decode()
    assert 'class="field-note"' not in form


def test_a_variant_whose_stored_category_is_none_of_todays_still_opens_and_is_named(
    owner_client, club, crawl
):
    """A category stored before the catalogue's were settled (or written by hand) is named
    as it is stored, on the forms that list and note the variants, instead of stopping them."""
    lunge_walk = club_exercise(club, "Crawl to lunge walk")
    Exercise.objects.filter(pk=crawl.pk).update(harder=lunge_walk)
    Exercise.objects.filter(pk=lunge_walk.pk).update(category="strength_endurance")

    form = owner_client.get(reverse("exercise_edit", args=[crawl.slug]))
    assert form.status_code == 200
    html = form.content.decode().replace("&#x27;", "'")
    assert "as it is strength endurance work and this exercise conditioning" in note_beside(
        html, "id_harder"
    )
    assert '<optgroup label="strength endurance">' in html
    assert owner_client.get(reverse("exercise_create")).status_code == 200
    # The exercise itself so stored: its own form opens too, and says what it is.
    Exercise.objects.filter(pk=crawl.pk).update(category="old_kind")
    html = owner_client.get(reverse("exercise_edit", args=[crawl.slug])).content.decode()
    assert "this exercise old kind" in html.replace("&#x27;", "'")


def test_variant_notes_name_a_category_that_is_none_of_todays_as_stored():
    from exercises.forms import variant_notes

    variant = Exercise(name="Old lift", category="")
    notes = variant_notes("max_strength", {"easier": variant, "harder": None})
    assert "as it is uncategorised work and this exercise maximal strength;" in notes["easier"]
