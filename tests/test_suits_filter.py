"""`suits=<child>` on the browse page keeps exactly the films whose verdict for that child is fine."""

import itertools

import pytest

from families.verdicts import verdict
from films.models import Film
from pages.filters import FilmFilterSet
from tests.factories import AdvisoryFactory, ChildFactory, FilmFactory, UserFactory
from tests.test_browse_page import browse, titles

pytestmark = pytest.mark.django_db

CONCERNS = ["violence", "sex", "language", "consumerism", "drinking"]


def purpose_built_films():
    """Films on every side of every rule: each concern at 0, 3 and 5 in turn, positive scores low
    and high, ages from 4 to 16, a draft and a film without an advisory."""
    base = dict.fromkeys(CONCERNS, 0) | {"positive_messages": 3, "role_models": 3}
    made = []
    for n, (category, score) in enumerate(itertools.product(CONCERNS, [0, 3, 5])):
        made.append(
            AdvisoryFactory(film__title=f"{category} {score}", age=4 + n % 9, scores=base | {category: score})
        )
    for category, score in itertools.product(["positive_messages", "role_models"], [0, 4]):
        made.append(
            AdvisoryFactory(film__title=f"{category} {score}", age=6, scores=base | {category: score})
        )
    made.append(AdvisoryFactory(film__title="age 16", age=16, scores=base))
    AdvisoryFactory(film__title="draft", age=2, scores=dict.fromkeys(base, 0), draft=True)
    FilmFactory(title="no advisory")
    return [advisory.film for advisory in made]


def test_suits_keeps_exactly_the_films_whose_verdict_is_fine(client_for, parent):
    purpose_built_films()
    children = [
        ChildFactory(owner=parent, nickname="Ada", age=5),
        ChildFactory(owner=parent, nickname="Ben", age=9, violence_max=3, language_max=0),
        ChildFactory(
            owner=parent,
            nickname="Cy",
            age=14,
            positive_matters=True,
            positive_messages_min=3,
            role_models_min=1,
        ),
        ChildFactory(owner=parent, nickname="Di", age=17, **dict.fromkeys([f"{c}_max" for c in CONCERNS], 5)),
    ]
    films = Film.objects.for_page()
    client = client_for(parent)

    for child in children:
        expected = {film.title for film in films if verdict(child, film).is_fine}
        shown = titles(browse(client, f"suits={child.pk}&ordering=title"))
        assert set(shown) == expected, child
        assert len(shown) == len(expected) < 24
        assert 0 < len(expected) < films.count()


def test_the_filterset_alone_agrees_with_the_verdicts_too(rf, parent):
    purpose_built_films()
    child = ChildFactory(owner=parent, nickname="Ada", age=8, violence_max=3, positive_matters=True)
    request = rf.get("/")
    request.user = parent

    kept = set(FilmFilterSet({"suits": child.pk}, queryset=Film.objects.all(), request=request).qs)

    assert kept == {film for film in Film.objects.for_page() if verdict(child, film).is_fine}


def test_another_parents_child_is_a_404(client_for, parent):
    stranger = ChildFactory(owner=UserFactory(), nickname="Stranger")

    assert browse(client_for(parent), f"suits={stranger.pk}").status_code == 404


def test_an_anonymous_visitor_using_suits_gets_a_404(client):
    child = ChildFactory(nickname="Maya")

    assert browse(client, f"suits={child.pk}").status_code == 404


def test_a_suits_value_that_is_not_a_number_is_named_on_the_page(client_for, parent):
    response = browse(client_for(parent), "suits=maya")

    assert response.status_code == 400
    assert "<code>suits=maya</code>" in response.content.decode()


def test_a_parent_with_children_can_choose_one_on_the_browse_form(client_for, parent):
    child = ChildFactory(owner=parent, nickname="Maya", age=10)

    page = browse(client_for(parent), f"suits={child.pk}").content.decode()

    assert f'<option value="{child.pk}" selected>Maya (10)</option>' in page
    assert "Fine for Maya (10)" in page  # the active filter, with a link to remove it


@pytest.mark.parametrize("films", [2, 24])
def test_browse_with_suits_needs_the_same_queries_for_2_or_24_films(
    client_for, parent, django_assert_num_queries, films
):
    AdvisoryFactory.create_batch(films, age=5, scores=dict.fromkeys(CONCERNS, 0))
    child = ChildFactory(owner=parent, nickname="Maya", age=10)
    client = client_for(parent)

    # 1. the session, 2. the user, 3. the parent's children (for suits= and the form),
    # 4. count the matching films, 5. the genres for the genre select, 6. one page of films
    # with their advisories.
    with django_assert_num_queries(6):
        response = browse(client, f"suits={child.pk}")

    assert len(titles(response)) == films


def test_a_suits_value_too_big_for_an_id_is_named_on_the_page(client_for, parent):
    response = browse(client_for(parent), f"suits={10**30}")

    assert response.status_code == 400
    assert "less than or equal to" in response.content.decode()


def api_titles(client, query):
    response = client.get(f"/api/v1/films/?{query}&page_size=100")
    assert response.status_code == 200, response.content
    return {film["title"] for film in response.json()["results"]}


def test_the_api_suits_filter_keeps_exactly_the_films_whose_verdict_is_fine(client_for, parent):
    purpose_built_films()
    children = [
        ChildFactory(owner=parent, nickname="Ada", age=5),
        ChildFactory(owner=parent, nickname="Cy", age=14, positive_matters=True, role_models_min=4),
    ]
    films = Film.objects.for_page()
    client = client_for(parent)

    for child in children:
        expected = {film.title for film in films if verdict(child, film).is_fine}
        assert api_titles(client, f"suits={child.pk}") == expected, child
        assert expected


def test_the_api_answers_404_for_another_parents_child_or_without_an_account(client, client_for, parent):
    stranger = ChildFactory(owner=UserFactory(), nickname="Stranger")

    assert client_for(parent).get(f"/api/v1/films/?suits={stranger.pk}").status_code == 404
    assert client.get(f"/api/v1/films/?suits={stranger.pk}").status_code == 404


def test_a_childs_films_are_counted_afresh_when_the_parent_changes_the_childs_limits(client_for, parent):
    AdvisoryFactory(film__title="Gentle", age=6, scores={"violence": 0})
    AdvisoryFactory(film__title="Scary", age=6, scores={"violence": 4})
    child = ChildFactory(owner=parent, age=10, violence_max=5)
    client = client_for(parent)
    assert "2 films" in browse(client, f"suits={child.pk}").content.decode()

    # No film changed, so the catalog's generation did not either: a count stored under it
    # would still say 2.
    child.violence_max = 1
    child.save()

    response = browse(client, f"suits={child.pk}&page=1")
    assert "1 film<" in response.content.decode()
    assert titles(response) == ["Gentle"]
