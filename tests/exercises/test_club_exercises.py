"""A club's own exercises: added, edited and deleted by its coaches; the catalogue is read-only."""

import unicodedata
from decimal import Decimal

import pytest
from django.urls import reverse

from athletes.models import StrengthTest
from exercises.forms import fingerprint
from exercises.models import Exercise
from tests.factories import StrengthTestFactory


def exercise_data(**overrides) -> dict:
    data = {
        "name": "Sled push",
        "category": "power",
        "pattern": "squat",
        "laterality": "bilateral",
        "plane": "sagittal",
        "equipment": "machine",
        "load_mode": "percent_1rm",
        "difficulty": "2",
        "cues": "Drive low",
    }
    data.update(overrides)
    return data


@pytest.fixture
def sled(club) -> Exercise:
    fields = exercise_data()
    fields["difficulty"] = int(fields["difficulty"])
    return Exercise.objects.create(club=club, slug="sled-push", **fields)


def test_a_long_name_gets_a_key_of_its_first_words(owner_client):
    name = "Single leg Romanian deadlift to knee drive with a pause at the top and a slow lowering"
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=name[:80]))
    assert response.status_code == 302
    made = Exercise.objects.get(name=name[:80])
    assert len(made.slug) <= 60 and not made.slug.endswith("-")
    assert owner_client.get(reverse("exercise_detail", args=[made.slug])).status_code == 200


def test_an_exercise_called_new_gets_a_page_of_its_own(owner_client, club):
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="New"))
    exercise = Exercise.objects.get(club=club, name="New")
    assert exercise.slug == "new-exercise"
    assert response["Location"] == reverse("exercise_detail", args=["new-exercise"])
    page = owner_client.get(reverse("exercise_detail", args=[exercise.slug]))
    assert page.status_code == 200 and "<h1>New</h1>" in page.content.decode()


def test_two_long_names_alike_in_their_first_60_characters_are_told_apart(owner_client):
    stem = "Single leg Romanian deadlift to knee drive with a pause at th"
    owner_client.post(reverse("exercise_create"), exercise_data(name=stem + "e top"))
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=stem + "e end"))
    assert response.status_code == 400
    assert "make the first 60 characters differ" in response.content.decode()


def test_the_coach_edits_a_club_exercise_and_its_key_stays(owner_client, sled):
    data = exercise_data(name="Sled push, heavy", seen=fingerprint(sled), difficulty="3")
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 302
    sled.refresh_from_db()
    assert (sled.name, sled.difficulty, sled.slug) == ("Sled push, heavy", 3, "sled-push")


def test_an_edit_of_a_version_changed_since_is_refused_with_409(owner_client, sled):
    seen = fingerprint(sled)
    Exercise.objects.filter(pk=sled.pk).update(why="Changed by another coach")
    data = exercise_data(name="Sled push, light", seen=seen)
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    sled.refresh_from_db()
    assert sled.name == "Sled push"


def test_an_edit_refused_as_stale_can_be_saved_again_on_purpose(owner_client, sled):
    """The refused form keeps what was typed and now carries the version saved since: a
    reload would send the old version again (and be refused again), so the page says to save
    again to keep this version, which then goes through."""
    seen = fingerprint(sled)
    Exercise.objects.filter(pk=sled.pk).update(why="Changed by another coach")
    url = reverse("exercise_edit", args=[sled.slug])
    data = exercise_data(name="Sled push, light", seen=seen)
    refused = owner_client.post(url, data)
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Reload the page" not in body
    assert "Save again to keep this version" in body
    sled.refresh_from_db()
    assert f'name="seen" value="{fingerprint(sled)}"' in body
    assert 'value="Sled push, light"' in body  # what was typed, kept
    again = owner_client.post(url, {**data, "seen": fingerprint(sled)})
    assert again.status_code == 302
    sled.refresh_from_db()
    assert (sled.name, sled.why) == ("Sled push, light", "")


def test_an_edit_with_bad_input_says_why_and_saves_nothing(owner_client, sled):
    data = exercise_data(name="   ", seen=fingerprint(sled), category="yoga")
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 400
    assert "Choose the category from the choices shown." in response.content.decode()
    sled.refresh_from_db()
    assert sled.name == "Sled push"


def test_an_edit_may_not_take_another_exercises_name(owner_client, sled):
    data = exercise_data(name="back squat", seen=fingerprint(sled))
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_the_shipped_catalogue_is_read_only(owner_client):
    assert owner_client.get(reverse("exercise_edit", args=["back-squat"])).status_code == 404
    assert owner_client.post(reverse("exercise_delete", args=["back-squat"])).status_code == 404
    html = owner_client.get(reverse("exercise_detail", args=["back-squat"])).content.decode()
    assert reverse("exercise_edit", args=["back-squat"]) not in html


def test_an_exercise_added_twice_at_the_same_instant_is_refused_beside_the_name(
    owner_client, club, monkeypatch
):
    """The other tab's save lands between this form's check and its save: a message beside
    the name and a 400, not a server error."""
    from exercises.forms import ExerciseForm

    real = ExerciseForm.clean_name

    def checked_then_the_other_saves(form):
        name = real(form)
        Exercise.objects.create(club=club, slug="sled-push", name="Sled push", cues="Drive low")
        return name

    monkeypatch.setattr(ExerciseForm, "clean_name", checked_then_the_other_saves)
    response = owner_client.post(reverse("exercise_create"), exercise_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert html.index("An exercise with this name was added a moment ago.") < html.index(
        'id="id_category"'
    )
    assert Exercise.objects.filter(club=club).count() == 1


def test_another_club_gets_404_on_edit_and_delete(stranger_client, sled):
    assert stranger_client.get(reverse("exercise_edit", args=[sled.slug])).status_code == 404
    assert stranger_client.post(reverse("exercise_delete", args=[sled.slug])).status_code == 404
    assert Exercise.objects.filter(pk=sled.pk).exists()


def test_an_unused_club_exercise_is_deleted_after_a_post(owner_client, sled):
    assert owner_client.get(reverse("exercise_delete", args=[sled.slug])).status_code == 405
    response = owner_client.post(reverse("exercise_delete", args=[sled.slug]), follow=True)
    assert "Sled push deleted" in response.content.decode()
    assert not Exercise.objects.filter(pk=sled.pk).exists()


def test_a_club_exercise_in_use_is_kept_with_the_reason(owner_client, athlete, sled):
    StrengthTestFactory(athlete=athlete, exercise=sled, load=Decimal("100"), reps=1)
    response = owner_client.post(reverse("exercise_delete", args=[sled.slug]), follow=True)
    assert "Sled push is kept, in use in Amara Okafor’s 1RM tests." in response.content.decode()
    assert Exercise.objects.filter(pk=sled.pk).exists()


def test_the_page_of_an_exercise_in_use_offers_no_delete_and_says_why(owner_client, athlete, sled):
    """The confirm would speak of deleting (and of its variants) when the delete is refused."""
    url = reverse("exercise_detail", args=[sled.slug])
    assert reverse("exercise_delete", args=[sled.slug]) in owner_client.get(url).content.decode()
    StrengthTestFactory(athlete=athlete, exercise=sled, load=Decimal("100"), reps=1)
    html = owner_client.get(url).content.decode()
    assert reverse("exercise_delete", args=[sled.slug]) not in html
    assert "Kept while in use in Amara Okafor’s 1RM tests: it can be deleted once taken" in html


def test_a_club_exercise_in_use_names_the_athletes_whose_tests_keep_it(
    owner_client, club, athlete, sled
):
    """To delete it the coach takes it out of those first: the page says whose, not just how
    many, an archived athlete's marked so (they are not on the roster)."""
    from django.utils import timezone

    from tests.factories import AthleteFactory

    StrengthTestFactory(athlete=athlete, exercise=sled, load=Decimal("100"), reps=1)
    url = reverse("exercise_detail", args=[sled.slug])
    html = owner_client.get(url).content.decode()
    assert "Kept while in use in Amara Okafor’s 1RM tests: it can be deleted once" in html
    for name in ("Ben Hughes", "Chloe Martin", "Dev Patel", "Elena Rossi"):
        other = AthleteFactory(club=club, name=name)
        StrengthTestFactory(athlete=other, exercise=sled, load=Decimal("90"), reps=1)
    other.archived_at = timezone.now()
    other.save()
    html = owner_client.get(url).content.decode()
    assert (
        "Kept while in use in the 1RM tests of Amara Okafor, Ben Hughes, Chloe Martin and 2 more "
        "athletes: it can be deleted once"
    ) in html
    response = owner_client.post(reverse("exercise_delete", args=[sled.slug]), follow=True)
    assert "Sled push is kept, in use in the 1RM tests of Amara Okafor, Ben Hughes," in (
        response.content.decode()
    )
    StrengthTest.objects.exclude(athlete=other).delete()
    html = owner_client.get(url).content.decode()
    assert "Kept while in use in Elena Rossi (archived)’s 1RM tests" in html


def test_a_club_exercise_in_a_programme_names_the_programme(owner_client, club, sled):
    from tests.programs.conftest import lifting_session, make_template, phase_data, rx

    prescriptions = [rx(sled.slug, "conditioning"), rx("back-squat", "max_strength")]
    make_template(club, [phase_data(sessions=[lifting_session("A", prescriptions)])])
    response = owner_client.post(reverse("exercise_delete", args=[sled.slug]), follow=True)
    assert "Sled push is kept, in use in the programme “Club strength”." in (
        response.content.decode()
    )


def test_an_archived_programme_keeping_a_club_exercise_is_named_as_archived(
    owner_client, club, sled
):
    """An archived programme is not on the programmes list but folded under Archived: the
    reason the exercise is kept says so, as it does for an archived athlete."""
    from tests.programs.conftest import lifting_session, make_template, phase_data, rx

    template = make_template(
        club, [phase_data(sessions=[lifting_session("A", [rx(sled.slug, "power")])])]
    )
    template.archived = True
    template.save(update_fields=["archived"])
    response = owner_client.post(reverse("exercise_delete", args=[sled.slug]), follow=True)
    assert "Sled push is kept, in use in the programme “Club strength” (archived)." in (
        response.content.decode()
    )
    html = owner_client.get(reverse("exercise_detail", args=[sled.slug])).content.decode()
    assert "Kept while in use in the programme “Club strength” (archived): it can be" in html


def test_what_plans_were_made_from_is_fixed_once_the_exercise_is_in_use(
    owner_client, athlete, sled
):
    StrengthTestFactory(athlete=athlete, exercise=sled, load=Decimal("100"), reps=1)
    html = owner_client.get(reverse("exercise_edit", args=[sled.slug])).content.decode()
    assert "Fixed: programmes, plans or 1RM tests use this exercise." in html
    # A browser sends no value for a field it shows fixed (disabled).
    data = exercise_data(name="Sled push", seen=fingerprint(sled), why="Drive through the floor")
    for name in ("category", "pattern", "laterality", "load_mode"):
        del data[name]
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 302
    sled.refresh_from_db()
    assert (sled.category, sled.why) == ("power", "Drive through the floor")


def test_a_change_to_what_became_fixed_since_the_form_was_opened_is_refused_beside_it(
    owner_client, athlete, sled
):
    """Opened while nothing used the exercise, saved after a 1RM test came to use it (another
    tab): the new category cannot be saved, and the coach is told so instead of 'saved'."""
    opened = owner_client.get(reverse("exercise_edit", args=[sled.slug])).content.decode()
    assert "Fixed:" not in opened
    StrengthTestFactory(athlete=athlete, exercise=sled, load=Decimal("100"), reps=1)
    data = exercise_data(seen=fingerprint(sled), category="conditioning", why="Drive low")
    data["load_mode"] = "bodyweight_reps"
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    category = html[html.index('id="id_category"') :]
    assert category.index("Not saved: programmes, plans or 1RM tests have come to use") < (
        category.index('id="id_pattern"')
    )
    assert "so its category stays Power" in html
    sled.refresh_from_db()
    assert (sled.category, sled.why) == ("power", "")


def test_a_new_exercise_may_not_take_the_key_a_renamed_one_keeps(owner_client, sled):
    rename = exercise_data(name="Heavy sled push", seen=fingerprint(sled))
    assert owner_client.post(reverse("exercise_edit", args=[sled.slug]), rename).status_code == 302
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="Sled push"))
    assert response.status_code == 400
    assert "This name is taken: “Heavy sled push” was first called that." in (
        response.content.decode()
    )


def test_a_name_that_differs_only_in_punctuation_says_so(owner_client, sled):
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="Sled-push."))
    assert response.status_code == 400
    assert (
        "This name has the same letters and numbers as “Sled push”: choose one that differs "
        "in more than punctuation or spaces."
    ) in response.content.decode()


def test_why_it_matters_keeps_its_line_breaks_and_stays_text(owner_client, club):
    why = "Stiffer tendons.\nBetter economy <i>late</i> in a race."
    owner_client.post(reverse("exercise_create"), exercise_data(name="Sled drag", why=why))
    made = Exercise.objects.get(club=club, name="Sled drag")
    html = owner_client.get(reverse("exercise_detail", args=[made.slug])).content.decode()
    assert "<p>Stiffer tendons.<br>Better economy &lt;i&gt;late&lt;/i&gt; in a race.</p>" in html


def test_a_refused_edit_keeps_the_saved_name_in_the_heading(owner_client, sled):
    data = exercise_data(name="Sled push, renamed", seen=fingerprint(sled), category="yoga")
    html = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data).content.decode()
    assert "<h1>Edit Sled push</h1>" in html
    assert 'value="Sled push, renamed"' in html  # what was typed stays in the field


@pytest.mark.parametrize("name", ["Приседания", "Ωμέγα squat", "深蹲"])
def test_a_name_in_another_script_is_saved_with_a_web_address_of_its_own(owner_client, club, name):
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=name))
    assert response.status_code == 302
    made = Exercise.objects.get(club=club, name=name)
    page = owner_client.get(reverse("exercise_detail", args=[made.slug]))
    assert page.status_code == 200 and name in page.content.decode()
    again = owner_client.post(reverse("exercise_create"), exercise_data(name=name))
    assert again.status_code == 400
    assert "An exercise with this name already exists." in again.content.decode()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Łydki", "lydki"),
        ("Łydki na suwnicy, łańcuch", "lydki-na-suwnicy-lancuch"),
        ("Ørsted step-up", "orsted-step-up"),
        ("Đorđe lunge", "dorde-lunge"),
        ("Straße squat", "strasse-squat"),
        ("Æsir carry, Œuvre", "aesir-carry-oeuvre"),
        ("Þór press", "thor-press"),
    ],
)
def test_a_name_with_letters_that_do_not_decompose_keeps_them_in_its_address(
    owner_client, club, name, slug
):
    """Ł, Ø, Đ, ß, Æ... are letters of their own, not a Latin letter with an accent: the
    address writes them as Latin letters (Ł as L, ß as ss), not drops them ("ydki")."""
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=name))
    assert response.status_code == 302
    made = Exercise.objects.get(club=club, name=name)
    assert made.slug == slug
    assert response["Location"] == reverse("exercise_detail", args=[slug])


def test_a_name_sharing_the_address_of_one_with_a_letter_of_its_own_is_refused(owner_client, club):
    assert (
        owner_client.post(reverse("exercise_create"), exercise_data(name="Łydki")).status_code
        == 302
    )
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="Lydki"))
    assert response.status_code == 400
    assert "This name would share its web address with “Łydki”: choose another." in (
        response.content.decode()
    )
    assert list(Exercise.objects.filter(club=club).values_list("slug", flat=True)) == ["lydki"]


@pytest.fixture
def made_before(club) -> Exercise:
    """A club exercise made when the address left out the letters that do not decompose."""
    fields = exercise_data(name="Łydki")
    fields["difficulty"] = int(fields["difficulty"])
    return Exercise.objects.create(club=club, slug="ydki", **fields)


def test_an_exercise_made_before_keeps_its_address_and_is_edited_there(owner_client, made_before):
    assert owner_client.get(reverse("exercise_detail", args=["ydki"])).status_code == 200
    data = exercise_data(name="Łydki", cues="Slow down", seen=fingerprint(made_before))
    assert owner_client.post(reverse("exercise_edit", args=["ydki"]), data).status_code == 302
    made_before.refresh_from_db()
    assert (made_before.slug, made_before.cues) == ("ydki", "Slow down")


@pytest.mark.parametrize("name", ["Lydki", "Ydki"])
def test_a_new_name_beside_one_made_before_with_its_letters_is_refused(
    owner_client, club, made_before, name
):
    """ "Lydki" has the address "Łydki" has now, "Ydki" the one it was given: either is
    refused, naming it, and not as if "Łydki" had been renamed."""
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=name))
    assert response.status_code == 400
    body = response.content.decode()
    assert "This name would share its web address with “Łydki”: choose another." in body
    assert Exercise.objects.filter(club=club).count() == 1
    # The exercise made before can still be edited with the other one refused beside it.
    data = exercise_data(name="Łydki", cues="Slow down", seen=fingerprint(made_before))
    assert owner_client.post(reverse("exercise_edit", args=["ydki"]), data).status_code == 302


def test_two_made_before_with_one_address_now_are_still_edited(owner_client, club, made_before):
    """ "Lydki" was made beside "Łydki" when Ł was left out of the address: each is still
    edited under its own name, though both names give the address lydki now."""
    fields = exercise_data(name="Lydki")
    fields["difficulty"] = int(fields["difficulty"])
    other = Exercise.objects.create(club=club, slug="lydki", **fields)
    for exercise in (made_before, other):
        data = exercise_data(name=exercise.name, cues="Slow down", seen=fingerprint(exercise))
        response = owner_client.post(reverse("exercise_edit", args=[exercise.slug]), data)
        assert response.status_code == 302
    renamed = exercise_data(name="Łydki!", seen=fingerprint(Exercise.objects.get(pk=other.pk)))
    response = owner_client.post(reverse("exercise_edit", args=["lydki"]), renamed)
    assert response.status_code == 400
    assert "same letters and numbers as “Łydki”" in response.content.decode()


@pytest.mark.parametrize(("name", "other"), [("Łydki", "Lydki"), ("Zoë squat", "Zoe squat")])
def test_a_rename_to_another_exercises_name_written_plainly_says_so_not_its_address(
    owner_client, sled, name, other
):
    """A renamed exercise keeps its address (/exercises/sled-push/): a name that is another's
    written without its accents is refused as such, not as taking that one's address."""
    added = owner_client.post(reverse("exercise_create"), exercise_data(name=other))
    assert added.status_code == 302
    data = exercise_data(name=name, seen=fingerprint(sled))
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "web address" not in body
    assert f"This name reads as “{other}” written without its accents: choose another." in body
    assert Exercise.objects.get(pk=sled.pk).name == "Sled push"


@pytest.mark.parametrize("difficulty", ["0", "4", "32767", "-1"])
def test_a_difficulty_outside_one_to_three_is_refused(owner_client, club, difficulty):
    data = exercise_data(name="Sled drag", difficulty=difficulty)
    response = owner_client.post(reverse("exercise_create"), data)
    assert response.status_code == 400
    assert not Exercise.objects.filter(club=club, name="Sled drag").exists()


@pytest.mark.parametrize("name", ["\u200b", "\u200f", "\ufeff", "\u0301", "\u3164"])
def test_an_exercise_name_of_invisible_characters_is_refused(owner_client, club, name):
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=name))
    assert response.status_code == 400
    assert "Use letters or numbers in the name." in response.content.decode()
    assert not Exercise.objects.filter(club=club).exists()


@pytest.mark.parametrize("name", ["Жим лёжа", "Développé couché"])
def test_an_exercise_name_typed_decomposed_is_the_same_name(owner_client, club, name):
    composed, decomposed = (unicodedata.normalize(form, name) for form in ("NFC", "NFD"))
    assert composed != decomposed
    created = owner_client.post(reverse("exercise_create"), exercise_data(name=composed))
    assert created.status_code == 302
    response = owner_client.post(reverse("exercise_create"), exercise_data(name=decomposed))
    assert response.status_code == 400
    assert list(Exercise.objects.filter(club=club).values_list("name", flat=True)) == [composed]


def test_new_beside_new_exercise_is_not_said_to_share_its_letters(owner_client, club):
    """ "New" is given the address new-exercise (/exercises/new/ is the add page)."""
    made = owner_client.post(reverse("exercise_create"), exercise_data(name="New exercise"))
    assert made.status_code == 302
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="New"))
    assert response.status_code == 400
    assert "This name would share its web address with “New exercise”: choose another." in (
        response.content.decode()
    )


def test_new_dot_beside_new_says_it_differs_only_in_punctuation(owner_client, club):
    made = owner_client.post(reverse("exercise_create"), exercise_data(name="New"))
    assert made.status_code == 302
    body = owner_client.post(reverse("exercise_create"), exercise_data(name="New.")).content
    assert "was first called that" not in body.decode()
    assert "same letters and numbers as “New”" in body.decode()


def test_a_name_with_the_address_of_a_shipped_exercise_names_that_exercise(owner_client, club):
    """The shipped "Heavy calf raise" has the address calf-raise: a club's "Calf raise"
    would share it (nothing was renamed)."""
    response = owner_client.post(reverse("exercise_create"), exercise_data(name="Calf raise"))
    assert response.status_code == 400
    assert "This name would share its web address with “Heavy calf raise”" in (
        response.content.decode()
    )


def test_a_rename_to_another_exercises_letters_and_numbers_is_refused(owner_client, sled):
    rename = exercise_data(name="Back-Squat", seen=fingerprint(sled))
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), rename)
    assert response.status_code == 400
    assert "This name has the same letters and numbers as “Back squat”" in (
        response.content.decode()
    )
    sled.refresh_from_db()
    assert sled.name == "Sled push"


def test_why_it_matters_and_the_cues_are_a_paragraph_not_a_page(owner_client, club):
    for field in ("why", "cues"):
        data = exercise_data(name=f"Sled drag {field}", **{field: "x" * 5000})
        response = owner_client.post(reverse("exercise_create"), data)
        assert response.status_code == 400
        assert "to 1000 characters or fewer (this one has 5000)" in response.content.decode()
    assert not Exercise.objects.filter(club=club, name__startswith="Sled drag").exists()


def test_a_box_filled_to_its_limit_is_saved_though_the_browser_sends_each_line_end_as_two(
    owner_client, club
):
    """The box counts a line break as one character, as its 1000 limit does; a browser
    sends each as "\r\n". Ten lines that fill the box are kept, one character a break."""
    filled = ("x" * 99 + "\r\n") * 9 + "x" * 100
    data = exercise_data(name="Sled drag", why=filled, cues=filled)
    response = owner_client.post(reverse("exercise_create"), data)
    assert response.status_code == 302, response.content.decode()
    saved = Exercise.objects.get(club=club, name="Sled drag")
    assert saved.cues == saved.why == filled.replace("\r\n", "\n")
    assert len(saved.cues) == 1000
    assert len(saved.cue_list) == 10


@pytest.mark.parametrize(
    ("category", "mode", "message"),
    [
        ("hill_sprint", "percent_1rm", "Hill sprint work is dosed by Seconds"),
        ("max_strength", "metres", "Maximal strength work is dosed by % of 1RM or % of body"),
    ],
)
def test_a_dose_plans_would_ignore_is_refused(owner_client, club, category, mode, message):
    data = exercise_data(name="Hill bound", category=category, load_mode=mode)
    response = owner_client.post(reverse("exercise_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Exercise.objects.filter(club=club, name="Hill bound").exists()


def test_a_hill_sprint_in_seconds_is_taken(owner_client, club):
    data = exercise_data(name="Hill bound", category="hill_sprint", load_mode="seconds")
    assert owner_client.post(reverse("exercise_create"), data).status_code == 302


def test_a_club_exercise_with_a_shipped_slug_takes_its_place_on_every_database(owner_client, club):
    """PostgreSQL sorts a null club last and SQLite first: read shipped first on both."""
    from programs.catalogue import catalogue_for_club
    from programs.forms import club_exercises

    shipped = Exercise.objects.get(club__isnull=True, slug="back-squat")
    fields = {f: getattr(shipped, f) for f in ("category", "pattern", "laterality", "plane")}
    own = Exercise.objects.create(
        club=club, slug="back-squat", name="Safety bar squat", equipment="barbell", **fields
    )
    records, ids = catalogue_for_club(club)
    assert [r.name for r in records if r.slug == "back-squat"] == ["Safety bar squat"]
    assert ids["back-squat"] == own.pk
    assert own in club_exercises(club) and shipped not in club_exercises(club)
    page = owner_client.get(reverse("exercise_detail", args=["back-squat"]))
    assert "<h1>Safety bar squat</h1>" in page.content.decode()


def test_a_pdfs_1rm_table_names_a_club_exercise_with_a_shipped_slug_on_every_database(club):
    """The 1RMs printed on an athlete's block, as the catalogue reads them (shipped_first)."""
    from schedules.export_pdf import one_rep_maxes
    from tests.factories import AthleteFactory
    from tests.plan_factories import make_plan

    shipped = Exercise.objects.get(club__isnull=True, slug="back-squat")
    fields = {f: getattr(shipped, f) for f in ("category", "pattern", "laterality", "plane")}
    Exercise.objects.create(
        club=club, slug="back-squat", name="Safety bar squat", equipment="barbell", **fields
    )
    athlete = AthleteFactory(club=club)
    plan = make_plan(athlete, weeks=1)
    StrengthTestFactory(athlete=athlete, exercise=shipped, load=Decimal("100"), reps=1)
    assert [row["name"] for row in one_rep_maxes(athlete, plan)] == ["Safety bar squat"]


@pytest.fixture
def with_eszett(club):
    """A club exercise whose name has a letter that is two in capitals (ß, SS)."""
    return Exercise.objects.create(
        club=club,
        slug="fussgelenk-mobilisation-gro",
        name="Fußgelenk-Mobilisation groß",
        category="mobility",
        pattern="squat",
        load_mode="seconds",
    )


def test_a_name_another_exercise_has_in_another_case_is_refused(owner_client, club, with_eszett):
    response = owner_client.post(
        reverse("exercise_create"),
        exercise_data(
            name="FUSSGELENK-MOBILISATION GROSS", category="mobility", load_mode="seconds"
        ),
    )
    assert response.status_code == 400
    assert "An exercise with this name already exists." in response.content.decode()
    assert Exercise.objects.filter(club=club).count() == 1


def test_a_rename_to_another_exercise_name_in_another_case_is_refused(
    owner_client, sled, with_eszett
):
    data = exercise_data(name="FUSSGELENK-MOBILISATION GROSS", seen=fingerprint(sled))
    response = owner_client.post(reverse("exercise_edit", args=[sled.slug]), data)
    assert response.status_code == 400
    assert "An exercise with this name already exists." in response.content.decode()
    sled.refresh_from_db()
    assert sled.name == "Sled push"


def test_the_catalogue_lists_a_club_exercise_with_a_shipped_slug_once_in_its_place(
    owner_client, club
):
    """A shipped exercise added after a club made one of the same key (the catalogue grows):
    the club's stands for it everywhere, so the list shows it once, not a second card that
    opens the club's page too."""
    shipped = Exercise.objects.get(club__isnull=True, slug="back-squat")
    fields = {f: getattr(shipped, f) for f in ("category", "pattern", "laterality", "plane")}
    Exercise.objects.create(
        club=club, slug="back-squat", name="Safety bar squat", equipment="barbell", **fields
    )
    total = Exercise.objects.filter(club__isnull=True).count()

    html = owner_client.get(reverse("exercise_list")).content.decode()

    assert html.count(f'href="{reverse("exercise_detail", args=["back-squat"])}"') == 1
    assert "Safety bar squat" in html and ">Back squat<" not in html
    assert f"{total} exercises" in html
    found = owner_client.get(reverse("exercise_list"), {"q": "squat", "category": "max_strength"})
    assert ">Back squat<" not in found.content.decode()
