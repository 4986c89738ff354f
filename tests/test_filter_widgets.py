"""The browse form's controls are written in Python (pages/widgets.py): byte for byte the HTML
that Django's widget templates write, for every filter, whatever the request holds."""

import pytest
from django import forms
from django.http import QueryDict

from pages import views
from pages.filters import FilmFilterSet
from pages.widgets import Input, Select
from tests.factories import ChildFactory, GenreFactory, UserFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "age_max=8&violence_max=1&genre=drama&page=2",
    "q=the+iron+giant&mpa=PG&source=community&ordering=-stars&year_min=1990&year_max=2000",
    "has_advisory=false&ordering=bogus&role_models_min=3&mpa=X&year_min=19x5&age_max=99",
    "sex_max=&age_max=18&ordering=title&ordering=-year&genre=drama&genre=comedy",
    'q="><script>alert(1)</script>&genre=<b>&ordering=<i>&year_max=1e3&suits=abc',
]


def as_django_draws(bound, monkeypatch):
    """`bound` (a BoundField) drawn by Django's own widget templates."""
    with monkeypatch.context() as django:
        django.setattr(Select, "render", forms.Widget.render)
        django.setattr(Input, "render", forms.Widget.render)
        return str(bound)


@pytest.mark.parametrize("query", QUERIES)
def test_every_filters_control_is_the_html_djangos_templates_write(rf, monkeypatch, query):
    GenreFactory(name="Drama")
    GenreFactory(name="Science & fiction")
    parent = UserFactory()
    ChildFactory(owner=parent, nickname="Ada <3")
    request = rf.get("/films/")
    request.user = parent

    filterset = FilmFilterSet(QueryDict(query), request=request)
    filterset.is_valid()

    for name in filterset.form.fields:
        bound = filterset.form[name]
        assert str(bound) == as_django_draws(bound, monkeypatch), name


def test_every_control_of_the_form_is_written_in_python():
    form = FilmFilterSet(QueryDict("")).form

    for name, field in form.fields.items():
        assert {Select, Input} & set(type(field.widget).__mro__), name


@pytest.mark.parametrize("query", QUERIES)
def test_a_control_drawn_again_is_the_one_drawn_afresh(rf, query):
    """browse draws a control as it was drawn for the same value, errors and choices
    (pages.views.DRAWN): every field it gives must be what drawing it now would give."""
    GenreFactory(name="Drama")
    parent = UserFactory()
    ChildFactory(owner=parent, nickname="Ada")
    request = rf.get("/films/")
    request.user = parent
    views.DRAWN.clear()

    def fields():
        filterset = FilmFilterSet(QueryDict(query), request=request)
        filterset.is_valid()
        return filterset, views._filter_fields(filterset.form, shows_suits=True)

    first = fields()[1]
    assert views.DRAWN  # the second request finds them
    filterset, again = fields()
    for field in again:
        name = field["id"].removeprefix("f-")
        bound = filterset.form[name]
        assert str(field["control"]) == str(bound), name
        assert list(field["errors"]) == list(bound.errors), name
    assert again == first


def test_a_drawn_control_follows_its_choices_and_never_holds_a_childs_name(
    rf, django_capture_on_commit_callbacks
):
    """A new genre appears in the drop-down drawn next; `suits` is drawn each time, so one
    parent's children never reach another's page."""
    views.DRAWN.clear()
    GenreFactory(name="Drama")
    first, second = UserFactory(), UserFactory()
    ChildFactory(owner=first, nickname="Ada")
    ChildFactory(owner=second, nickname="Bea")

    def drawn(user):
        request = rf.get("/films/")
        request.user = user
        filterset = FilmFilterSet(QueryDict(""), request=request)
        return {field["id"]: str(field["control"]) for field in views._filter_fields(filterset.form, True)}

    assert "Ada" in drawn(first)["f-suits"]
    assert "Bea" in drawn(second)["f-suits"] and "Ada" not in drawn(second)["f-suits"]
    assert not any("Ada" in html or "Bea" in html for html in map(repr, views.DRAWN.values()))

    with django_capture_on_commit_callbacks(execute=True):  # a new genre bumps the catalogue's generation
        GenreFactory(name="Western")
    genres = drawn(first)["f-genre"]
    assert "Drama" in genres and "Western" in genres
