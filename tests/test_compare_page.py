"""/compare/?films=a,b,c: up to four films side by side, and "Add to compare" without JavaScript."""

import pytest

from tests.factories import AdvisoryFactory, ChildFactory, FilmFactory

pytestmark = pytest.mark.django_db


def films(*titles, **advisory):
    return [AdvisoryFactory(film__title=title, film__year=2001, **advisory).film for title in titles]


def compare(client, *slugs):
    return client.get("/compare/?films=" + ",".join(slugs))


def test_three_films_side_by_side_with_ages_stars_and_every_category(client):
    a, b = films("Alpha", "Beta", age=8, stars=3, scores={"violence": 4})
    c = FilmFactory(title="Gamma")

    response = compare(client, a.slug, b.slug, c.slug)
    page = response.content.decode()

    assert response.status_code == 200
    assert "3 films compared" in page
    assert page.index("Alpha (2001)") < page.index("Beta (2001)") < page.index("Gamma (2005)")
    assert page.count("age 8+") == 2
    assert page.count("3 out of 5 stars") == 2
    assert "No advisory yet" in page
    for label in [
        "Positive messages",
        "Positive role models",
        "Violence &amp; scariness",
        "Drinking, drugs &amp; smoking",
    ]:
        assert f'<th scope="row">{label}' in page
    assert page.count('4<span class="visually-hidden"> out of 5</span>') == 2


def test_a_signed_in_parent_sees_each_childs_verdict_on_each_film(client_for, parent):
    gentle, rough = films("Gentle", age=5, scores={"violence": 0}) + films(
        "Rough", age=5, scores={"violence": 5}
    )
    ChildFactory(owner=parent, nickname="Maya", age=10)

    page = compare(client_for(parent), gentle.slug, rough.slug).content.decode()

    assert "<strong>Fine for Maya (10)</strong>" in page
    assert "violence &amp; scariness 5 is above Maya&#39;s limit 2" in page


def test_an_anonymous_visitor_sees_no_verdicts(client):
    (film,) = films("Alone")
    ChildFactory(nickname="Maya")

    assert "Maya" not in compare(client, film.slug).content.decode()


def test_an_unknown_film_is_named_and_the_others_are_still_compared(client):
    (film,) = films("Known")

    response = compare(client, film.slug, "no-such-film-1999")
    page = response.content.decode()

    assert response.status_code == 400
    assert "We have no film at “no-such-film-1999”." in page
    assert "Known (2001)" in page


def test_more_than_four_films_are_refused_with_a_message(client):
    five = films("One", "Two", "Three", "Four", "Five")

    response = compare(client, *(film.slug for film in five))
    page = response.content.decode()

    assert response.status_code == 400
    assert "You can compare up to four films at a time" in page
    assert "Four (2001)" in page and "Five (2001)" not in page


@pytest.mark.parametrize("query", ["", "?films=", "?films=,,%20"])
def test_nothing_to_compare_says_how_to_add_films(client, query):
    response = client.get("/compare/" + query)

    assert response.status_code == 200
    assert "Nothing to compare yet" in response.content.decode()


def test_add_to_compare_links_build_the_visitors_list_without_javascript(client):
    a, b, c, d, e = films("A1", "B2", "C3", "D4", "E5")
    home = client.get("/").content.decode()
    assert f'href="/compare/add/{a.slug}/?next=/%23film-{a.slug}"' in home  # on each card, coming back to it

    for film in (a, b, c):
        response = client.get(f"/compare/add/{film.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?films={a.slug}%2C{b.slug}%2C{c.slug}"
    assert "3 films compared" in client.get("/compare/").content.decode()

    client.get(f"/compare/add/{d.slug}/")
    full = client.get(f"/compare/add/{e.slug}/", follow=True).content.decode()
    assert "You are already comparing four films: remove one to add E5." in full
    assert "E5 (2001)" not in full.split("</h1>")[1].split("compared")[1]


def test_a_remove_link_drops_one_film(client):
    a, b = films("Keep", "Drop")

    page = compare(client, a.slug, b.slug).content.decode()

    assert f'href="/compare/?films={a.slug}">Remove <span class="visually-hidden">Drop </span>' in page


def test_the_film_page_offers_add_to_compare(client):
    (film,) = films("Offer")

    url = film.get_absolute_url()
    assert f'<a href="/compare/add/{film.slug}/?next={url}" rel="nofollow">Add to compare</a>' in (
        client.get(url).content.decode()
    )


def test_adding_an_unknown_film_is_a_404(client):
    assert client.get("/compare/add/no-such-film-1999/").status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_the_compare_page_query_count_does_not_grow_with_films_or_children(
    client_for, parent, django_assert_num_queries, count
):
    compared = films(*(f"Film {n}" for n in range(count)))
    ChildFactory.create_batch(count, owner=parent)
    client = client_for(parent)
    compare(client, *(film.slug for film in compared))  # the list is now in the session

    # 1. the session, 2. the user, 3. the films with their advisories, 4. their ratings,
    # 5. the parent's children.
    with django_assert_num_queries(5):
        page = compare(client, *(film.slug for film in compared)).content.decode()

    assert page.count("<strong>Fine for Kid") == count * count
