"""A verdict per child: fine, or what to check and why; on the film page for the parent only."""

import re

import pytest

from families.verdicts import verdict
from tests.factories import AdvisoryFactory, ChildFactory, FilmFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leo(parent):
    """Seven, with limits violence 2, language 1 and the rest of the age-7 defaults."""
    return ChildFactory(owner=parent, nickname="Leo", age=7, violence_max=2, language_max=1)


def advisory_with(age=6, **scores):
    """A published advisory with nothing to worry about, but for the `scores` given."""
    calm = dict.fromkeys(["violence", "sex", "language", "consumerism", "drinking"], 0)
    return AdvisoryFactory(age=age, scores=calm | {"positive_messages": 3, "role_models": 3} | scores)


def test_a_film_within_every_limit_and_the_childs_age_is_fine(leo):
    result = verdict(leo, advisory_with(age=6, violence=2, language=1).film)

    assert result.is_fine
    assert str(result) == "Fine for Leo (7)"


def test_a_concern_above_the_childs_limit_is_a_reason(leo):
    result = verdict(leo, advisory_with(violence=3).film)

    assert not result.is_fine
    assert result.reasons == ["violence & scariness 3 is above Leo's limit 2"]


def test_the_editors_age_above_the_childs_age_is_a_reason(leo):
    result = verdict(leo, advisory_with(age=12).film)

    assert result.reasons == ["the editors say age 12+"]


def test_positive_messages_below_the_minimum_are_a_reason_only_when_they_matter(leo):
    film = advisory_with(positive_messages=1).film
    assert verdict(leo, film).is_fine

    leo.positive_matters = True
    leo.positive_messages_min = 3
    result = verdict(leo, film)

    assert result.reasons == ["positive messages 1 is below Leo's minimum 3"]


def test_every_reason_is_listed(leo):
    leo.positive_matters = True
    film = advisory_with(age=12, violence=3, language=4, role_models=0).film

    result = verdict(leo, film)

    assert str(result) == (
        "Check for Leo (7): violence & scariness 3 is above Leo's limit 2; "
        "language 4 is above Leo's limit 1; positive role models 0 is below Leo's minimum 3; "
        "the editors say age 12+"
    )


@pytest.mark.parametrize("advisory", ["none", "draft"])
def test_without_a_published_advisory_we_cannot_judge(leo, advisory):
    film = FilmFactory() if advisory == "none" else AdvisoryFactory(draft=True, age=3).film

    result = verdict(leo, film)

    assert not result.judged and not result.is_fine
    assert "cannot judge" in str(result)


def test_verdicts_use_no_gendered_pronouns(leo):
    leo.positive_matters = True
    text = str(verdict(leo, advisory_with(age=12, violence=5, positive_messages=0).film))

    assert not set(re.findall(r"\w+", text.lower())) & {"he", "she", "his", "her", "him", "hers"}


def test_the_film_page_shows_the_parent_a_verdict_for_each_child(client_for, parent, leo):
    ChildFactory(owner=parent, nickname="Maya", age=10)
    film = advisory_with(age=9, language=2).film

    page = client_for(parent).get(film.get_absolute_url()).content.decode()

    assert "<strong>Fine for Maya (10)</strong>" in page
    assert "<strong>Check for Leo (7)</strong>" in page
    assert "<li>language 2 is above Leo&#39;s limit 1</li>" in page
    assert "<li>the editors say age 9+</li>" in page


def test_a_film_without_an_advisory_says_we_cannot_judge_yet(client_for, parent, leo):
    page = client_for(parent).get(FilmFactory().get_absolute_url()).content.decode()

    assert "Not judged yet for Leo (7)" in page


def test_nobody_else_sees_a_parents_verdicts(client, client_for, teen, leo):
    film = advisory_with().film

    for visitor in (client, client_for(teen), client_for(UserFactory())):
        page = visitor.get(film.get_absolute_url()).content.decode()
        assert "Leo" not in page
        assert "For your family" not in page


@pytest.mark.django_db(transaction=True)
def test_verdicts_never_reach_a_cached_anonymous_page(client, client_for, parent):
    ChildFactory(owner=parent, nickname="Zebedee", age=7)
    url = advisory_with().film.get_absolute_url()
    parent_client = client_for(parent)

    seen_by_parent = parent_client.get(url).content.decode()
    first_anonymous = client.get(url)
    seen_by_parent_again = parent_client.get(url)
    cached_anonymous = client.get(url)

    assert "Fine for Zebedee (7)" in seen_by_parent
    assert "Zebedee" not in first_anonymous.content.decode()
    assert "X-Cache" not in seen_by_parent_again.headers
    assert "Fine for Zebedee (7)" in seen_by_parent_again.content.decode()
    assert cached_anonymous.headers["X-Cache"] == "hit"
    assert "Zebedee" not in cached_anonymous.content.decode()


@pytest.mark.parametrize("children", [1, 3])
def test_the_parents_film_page_query_count_does_not_grow_with_children(
    client_for, parent, django_assert_num_queries, children
):
    ChildFactory.create_batch(children, owner=parent)
    film = advisory_with().film
    client = client_for(parent)

    # The first visit builds the page's shared part (tests/test_community_figures.py has
    # its 11 queries), which keeps the film's effective rating; every later one by any
    # member finds it stored: 1. the session, 2. the user, 3. the parent's own review and
    # rating and their marks on the reviews, 4. the parent's children with their family
    # settings.
    client.get(film.get_absolute_url())
    with django_assert_num_queries(4):
        page = client.get(film.get_absolute_url()).content.decode()

    assert page.count("<strong>Fine for Kid") == children


def test_a_parent_without_children_is_invited_to_add_them(client_for, parent):
    page = client_for(parent).get(advisory_with().film.get_absolute_url()).content.decode()

    assert "Tell us about your children</a> to see" in page
    assert '<a href="/family/">Your family</a>' in page


def test_a_teen_is_not_invited_to_set_up_a_family(client_for, teen):
    page = client_for(teen).get(advisory_with().film.get_absolute_url()).content.decode()

    assert "Tell us about your children" not in page
    assert "Your family" not in page


def test_a_verdict_follows_an_editors_change_after_the_page_was_stored(
    client_for, parent, leo, django_capture_on_commit_callbacks
):
    film = advisory_with(violence=2).film
    client = client_for(parent)
    assert "<strong>Fine for Leo (7)</strong>" in client.get(film.get_absolute_url()).content.decode()

    # The verdicts read the effective rating the page's stored part keeps: the change
    # must reach them at once, as it reaches the scores on the page.
    rating = film.advisory.ratings.get(category="violence")
    rating.score = 4
    with django_capture_on_commit_callbacks(execute=True):
        rating.save()
    page = client.get(film.get_absolute_url()).content.decode()

    assert "<strong>Check for Leo (7)</strong>" in page
    assert "<li>violence &amp; scariness 4 is above Leo&#39;s limit 2</li>" in page
