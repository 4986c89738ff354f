"""The home page: a search box, browse-by-age shortcuts, and the newest advisories."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.views import HOME_CARDS
from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_box_asks_the_browse_page_for_a_title(client):
    page = home(client)

    form = re.search(
        r'<form class="search" method="get" action="/films/" role="search">.*?</form>', page, re.S
    )
    assert form
    assert 'name="q"' in form.group()
    assert '<label for="home-q"' in form.group()


def test_age_shortcuts_link_to_the_browse_page_filtered_by_age(client):
    page = home(client)

    for label, age_max in [
        ("2-4", 4),
        ("5-7", 7),
        ("8-9", 9),
        ("10-12", 12),
        ("13-14", 14),
        ("15-17", 17),
        ("18+", 18),
    ]:
        assert re.search(
            rf'<a class="age-link" href="/films/\?age_max={age_max}">'
            rf'<span class="age-link-years">{re.escape(label)}<',
            page,
        ), label


def test_the_newest_published_advisories_are_shown_as_cards_newest_first(client):
    now = timezone.now()
    AdvisoryFactory(film__title="Last week", published_at=now - datetime.timedelta(days=7))
    AdvisoryFactory(film__title="Today", published_at=now, age=7, stars=5, one_liner="Pure joy.")
    AdvisoryFactory(film__title="Still a draft", draft=True)
    FilmFactory(title="No advisory")

    page = home(client)

    assert re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', page) == [
        "Today (2005)",
        "Last week (2005)",
    ]
    assert "age 7+" in page
    assert "5 out of 5 stars" in page
    assert "Pure joy." in page
    assert 'class="poster poster-placeholder' in page


def test_the_feed_of_new_advisories_is_linked_for_feed_readers_and_people(client):
    page = home(client)

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Reelwise: new film advisories" '
        'href="/films/feed/">' in page
    )
    assert re.search(r'<a class="feed-link" href="/films/feed/">', page)


def test_the_favicon_is_linked_and_served(client):
    page = home(client)

    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    assert client.get(href).status_code == 200


@pytest.mark.parametrize("films", [1, HOME_CARDS + 2])
def test_the_query_count_does_not_grow_with_the_number_of_cards(client, django_assert_num_queries, films):
    AdvisoryFactory.create_batch(films)

    # 1. the newest films with a published advisory, with their advisories.
    with django_assert_num_queries(1):
        page = home(client)

    assert page.count('<article class="card') == min(films, HOME_CARDS)
