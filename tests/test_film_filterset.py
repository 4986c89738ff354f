"""The FilterSet that the browse page and the API share, on data built for each case."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import timezone

from films.models import Film
from pages.filters import FilmFilterSet
from tests.factories import AdvisoryFactory, CertificateFactory, ChildFactory, FilmFactory, GenreFactory
from tests.test_suits_filter import CONCERNS

pytestmark = pytest.mark.django_db


def titles(query):
    filterset = FilmFilterSet(QueryDict(query), queryset=Film.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [film.title for film in filterset.qs]


def test_age_max_keeps_films_whose_advisory_age_is_at_most_the_value_inclusive():
    AdvisoryFactory(film__title="Age 8", age=8)
    AdvisoryFactory(film__title="Age 10", age=10)
    AdvisoryFactory(film__title="Age 12", age=12)
    FilmFactory(title="No advisory")

    assert sorted(titles("age_max=10")) == ["Age 10", "Age 8"]


def test_a_drafts_age_and_scores_never_match():
    AdvisoryFactory(film__title="Draft", draft=True, age=5, scores={"violence": 0})

    assert titles("age_max=18") == []
    assert titles("violence_max=5") == []
    assert titles("has_advisory=true") == []
    assert titles("has_advisory=false") == ["Draft"]


def test_concern_categories_filter_by_maximum_and_positive_ones_by_minimum():
    AdvisoryFactory(film__title="Gentle", scores={"violence": 1, "role_models": 4})
    AdvisoryFactory(film__title="Violent", scores={"violence": 4, "role_models": 2})

    assert titles("violence_max=1") == ["Gentle"]
    assert sorted(titles("violence_max=4")) == ["Gentle", "Violent"]
    assert titles("role_models_min=4") == ["Gentle"]
    assert titles("role_models_min=5") == []


def test_filters_combine():
    AdvisoryFactory(film__title="Fits both", age=9, scores={"language": 1})
    AdvisoryFactory(film__title="Too old", age=14, scores={"language": 1})
    AdvisoryFactory(film__title="Too sweary", age=9, scores={"language": 4})

    assert titles("age_max=10&language_max=2") == ["Fits both"]


def test_genre_mpa_and_years():
    drama = GenreFactory(name="Drama")
    old = FilmFactory(title="Old drama", year=1950)
    old.genres.add(drama)
    CertificateFactory(film=old, rating="PG")
    FilmFactory(title="New film", year=2020)

    assert titles("genre=drama") == ["Old drama"]
    assert titles("genre=no-such-genre") == []
    assert titles("mpa=PG") == ["Old drama"]
    assert titles("year_min=1950&year_max=1950") == ["Old drama"]
    assert titles("year_min=1951") == ["New film"]


def test_title_search_ignores_case():
    FilmFactory(title="The Iron Giant")
    FilmFactory(title="Paddington")

    assert titles("q=iron") == ["The Iron Giant"]


def test_ordering_by_the_advisory_lists_only_films_with_one():
    AdvisoryFactory(film__title="Three stars", stars=3, age=12)
    AdvisoryFactory(film__title="Five stars", stars=5, age=7)
    AdvisoryFactory(film__title="Draft", stars=5, age=3, draft=True)
    FilmFactory(title="A film without advisory")

    assert titles("ordering=-stars") == ["Five stars", "Three stars"]
    assert titles("ordering=stars") == ["Three stars", "Five stars"]
    assert titles("ordering=age") == ["Five stars", "Three stars"]
    assert titles("ordering=-age") == ["Three stars", "Five stars"]
    # By title without its leading article: "A film without advisory" sorts under F.
    assert titles("ordering=title") == ["Draft", "A film without advisory", "Five stars", "Three stars"]


def test_without_an_ordering_the_newest_advisories_come_first_then_the_best_known_films():
    older = AdvisoryFactory(film__title="Older advisory")
    newer = AdvisoryFactory(film__title="Newer advisory")
    older.published_at = newer.published_at - datetime.timedelta(days=1)
    older.save()
    FilmFactory(title="$ (1971)", votes=12)
    FilmFactory(title="Obscure", votes=12)
    FilmFactory(title="The Famous One", votes=90_000)

    assert titles("") == ["Newer advisory", "Older advisory", "The Famous One", "$ (1971)", "Obscure"]


@pytest.mark.parametrize(
    "query", ["age_max=18", "source=editors", "violence_max=5", "age_max=9&language_max=5"]
)
def test_with_a_bound_on_the_advisory_the_newest_come_first_then_the_best_known(query):
    now = timezone.now()
    for title, days, votes in [
        ("Older", 3, 99_999),
        ("Same day, obscure", 1, 50),
        ("Same day, famous", 1, 9000),
        ("Newest", 0, 5),
    ]:
        AdvisoryFactory(
            film__title=title, film__votes=votes, age=8, published_at=now - datetime.timedelta(days=days)
        )
    FilmFactory(title="No advisory", votes=100_000)

    assert titles(query) == ["Newest", "Same day, famous", "Same day, obscure", "Older"]


def test_unpublishing_or_deleting_an_advisory_moves_its_film_back_among_the_rest():
    first = AdvisoryFactory(film__title="Z was published")
    AdvisoryFactory(film__title="Y still published")
    FilmFactory(title="A without advisory")

    first.unpublish()
    assert titles("") == ["Y still published", "A without advisory", "Z was published"]
    assert titles("has_advisory=true") == ["Y still published"]

    first.publish()
    first.delete()
    assert titles("has_advisory=false") == ["A without advisory", "Z was published"]


@pytest.mark.parametrize(
    "query",
    [
        "age_max=abc",
        "age_max=19",
        "violence_max=6",
        "violence_max=-1",
        "mpa=X",
        "year_min=19x5",
        "ordering=nonsense",
        "has_advisory=maybe",
    ],
)
def test_a_bad_value_is_an_error_naming_the_parameter(query):
    filterset = FilmFilterSet(QueryDict(query), queryset=Film.objects.all())

    assert not filterset.is_valid()
    assert query.split("=")[0] in filterset.errors


def test_filtersets_alive_at_once_each_filter_with_their_own_request(rf):

    AdvisoryFactory(film__title="Age 6", age=6)
    AdvisoryFactory(film__title="Age 12", age=12)
    filtersets = []
    for age in (7, 13):
        child = ChildFactory(age=age, **{f"{concern}_max": 5 for concern in CONCERNS})
        request = rf.get("/films/")
        request.user = child.owner
        filtersets.append(FilmFilterSet(QueryDict(f"suits={child.pk}&ordering=title"), request=request))

    # Each FilterSet copies the shared filters; their `suits` method must call its own
    # FilterSet (whose children are its parent's), not the one it was copied with.
    younger, older = ([film.title for film in filterset.qs] for filterset in filtersets)

    assert younger == ["Age 6"]
    assert older == ["Age 12", "Age 6"]


def test_each_form_lists_its_own_parents_children_and_leaves_the_shared_fields_alone(rf):
    # The forms copy only the fields a request changes (pages.filters.FormFields): a parent's
    # children are set on the form's own copy of the widget, never on the class's, and
    # no parent's form changes a field every form shares.
    def described(field):
        choices = list(getattr(field.widget, "choices", []))
        return vars(field).copy(), vars(field.widget).copy(), field.widget.attrs.copy(), choices

    anonymous = rf.get("/films/")
    anonymous.user = AnonymousUser()
    forms = [FilmFilterSet(QueryDict(""), request=anonymous).form]
    base_fields = type(forms[0]).base_fields
    before = {name: described(field) for name, field in base_fields.items()}
    for name in ("Ada", "Bea"):
        child = ChildFactory(nickname=name)
        request = rf.get("/films/")
        request.user = child.owner
        forms.append(FilmFilterSet(QueryDict(""), request=request).form)

    listed = [[label for _, label in form.fields["suits"].widget.choices] for form in forms]

    assert listed == [["Any child"], ["Any child", "Ada (10)"], ["Any child", "Bea (10)"]]
    shared = base_fields["suits"]
    assert all(form.fields["suits"] is not shared for form in forms)
    assert all(form.fields["suits"].widget is not shared.widget for form in forms)
    assert "Ada" not in str(forms[2]["suits"]) and "Bea" not in str(forms[1]["suits"])
    assert all(str(form[name]) for form in forms for name in form.fields)
    assert {name: described(field) for name, field in base_fields.items()} == before
    assert forms[1].fields["age_max"] is base_fields["age_max"]
