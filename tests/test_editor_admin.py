"""The editors' admin: picking a film for a new advisory, the films list, the editor
field, field-level errors on "Save and publish", and the order of new prompts."""

import json

import pytest
from django.urls import reverse

from advisories.models import Advisory
from tests.factories import AdvisoryFactory, FilmFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/advisories/advisory/add/"


def empty_inlines(prefix_counts=(("ratings", 0), ("prompts", 0), ("alternatives", 0))):
    data = {}
    for prefix, count in prefix_counts:
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_the_film_picker_offers_only_films_without_an_advisory(client_for, editor):
    AdvisoryFactory(film__title="Harbour Lights")
    FilmFactory(title="Harbour Days")
    url = (
        reverse("admin:autocomplete")
        + "?term=Harbour&app_label=advisories&model_name=advisory&field_name=film"
    )

    results = json.loads(client_for(editor).get(url).content)["results"]

    assert [r["text"] for r in results] == ["Harbour Days (2005)"]


def test_a_film_that_has_an_advisory_is_refused_with_a_sentence_and_nothing_is_saved(client_for, editor):
    film = AdvisoryFactory(film__title="Harbour Lights").film

    response = client_for(editor).post(ADD, {"film": film.pk, **empty_inlines()})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["film"] == [
        "“Harbour Lights (2005)” already has an advisory: open it from the advisories list to change it."
    ]
    assert Advisory.objects.count() == 1


def test_the_films_list_filters_by_advisory_and_links_to_write_or_edit_it(client_for, editor):
    advisory = AdvisoryFactory(film__title="Has One")
    bare = FilmFactory(title="Has None")
    client = client_for(editor)

    without = client.get("/admin/films/film/?has_advisory=no").content.decode()
    everything = client.get("/admin/films/film/").content.decode()

    assert "Has None" in without and "Has One" not in without
    assert f'href="{ADD}?film={bare.pk}">Write the advisory</a>' in everything
    assert f'href="/admin/advisories/advisory/{advisory.pk}/change/">Edit the advisory</a>' in everything
    form = client.get(f"{ADD}?film={bare.pk}").context["adminform"].form
    assert form.initial["film"] == str(bare.pk)


def test_the_editor_field_offers_staff_only(client_for, editor):
    UserFactory(username="a_member")

    form = client_for(editor).get(ADD).context["adminform"].form

    names = [user.username for user in form.fields["author"].queryset]
    assert "ed" in names
    assert "a_member" not in names


def test_save_and_publish_marks_each_missing_field_and_saves_nothing(client_for, editor):
    film = FilmFactory()
    data = {
        "film": film.pk,
        "age": 10,
        "_publish": "1",
        **empty_inlines((("ratings", 7), ("prompts", 0), ("alternatives", 0))),
    }
    for i, category in enumerate(
        ["positive_messages", "role_models", "violence", "sex", "language", "consumerism", "drinking"]
    ):
        data[f"ratings-{i}-category"] = category
    data["ratings-0-score"] = 3

    response = client_for(editor).post(ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["stars"] == ["Publishing needs “Quality stars”."]
    assert errors["story"] == ["Publishing needs “What's the story”."]
    assert "age" not in errors
    ratings = response.context["inline_admin_formsets"][0].formset
    assert ratings.forms[0].errors == {"note": ["Publishing needs a note for Positive messages."]}
    assert ratings.forms[2].errors["score"] == ["Publishing needs a score for Violence & scariness."]
    assert not Advisory.objects.exists()


def test_new_discussion_prompts_default_to_the_next_number(client_for, editor):
    advisory = AdvisoryFactory()
    advisory.prompts.create(text="First?", order=1)
    advisory.prompts.create(text="Second?", order=2)

    response = client_for(editor).get(f"/admin/advisories/advisory/{advisory.pk}/change/")

    prompts = response.context["inline_admin_formsets"][1].formset
    assert prompts.extra_forms[0].initial["order"] == 3
    assert prompts.empty_form.initial["order"] == 3
