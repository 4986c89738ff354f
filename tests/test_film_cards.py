"""A film card (templates/films/_card.html) is prepared in Python (pages/cards.py) and draws
the same poster, badge, stars and compare link as the partials the film page uses."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse

import pages.cards
from families.views import COMPARE_SESSION_KEY
from films.models import Film
from pages.cards import cards_html, film_cards, for_cards, values_of
from tests.factories import AdvisoryFactory, ContributionFactory, FilmFactory

pytestmark = pytest.mark.django_db


def visitor(path="/films/?genre=drama", compare=()):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.session[COMPARE_SESSION_KEY] = list(compare)
    return request


def card_html(film, request, reason=""):
    """The card of `film` as a list page draws it: from its row of values."""
    row = for_cards(Film.objects.filter(pk=film.pk)).get()
    card = film_cards([row], request, {film.pk: reason})[0]
    compare_count = len(request.session[COMPARE_SESSION_KEY])
    return render_to_string("films/_card.html", {"card": card, "compare_count": compare_count})


def squeeze(html):
    return re.sub(r"\s+", " ", html).strip()


def between(html, start, end):
    return html[html.index(start) + len(start) : html.index(end, html.index(start))]


@pytest.mark.parametrize("poster", ["", "posters/paddington.jpg"])
def test_the_cards_poster_is_the_one_films_poster_html_draws(poster):
    film = FilmFactory(title="Paddington & Co", poster=poster)

    card = card_html(film, visitor())

    drawn = render_to_string("films/_poster.html", {"film": film})
    assert squeeze(between(card, '<div class="card-poster">', "</div>")) == squeeze(drawn)


@pytest.mark.parametrize("in_list", [False, True])
def test_the_cards_compare_link_is_the_one_families_compare_link_draws(in_list):
    film = AdvisoryFactory(film__title="Paddington").film
    others = ["some-other-film-2001"]
    request = visitor(compare=[film.slug, *others] if in_list else others)

    card = card_html(film, request)

    drawn = render_to_string(
        "families/_compare_link.html",
        {
            "film": film,
            "named": True,
            "anchor": f"#film-{film.slug}",
            "compare_slugs": request.session[COMPARE_SESSION_KEY],
            "compare_count": 2,
        },
        request,
    )
    assert squeeze(between(card, '<p class="card-compare">', "</p>")) == squeeze(drawn)
    assert ("In your compare list" in card) == in_list


def test_an_editors_card_shows_the_badge_and_stars_of_their_own_partials():
    film = AdvisoryFactory(age=9, stars=4, one_liner="Bears & marmalade.").film

    card = card_html(film, visitor())

    assert render_to_string("films/_age_badge.html", {"age": 9}) in card
    assert render_to_string("films/_stars.html", {"stars": 4}) in card
    assert "Bears &amp; marmalade." in card
    assert "card-no-advisory" not in card


def test_a_community_card_says_how_many_members_and_a_film_without_either_says_none():
    rated, unrated = FilmFactory(title="Rated"), FilmFactory(title="Unrated")
    for _ in range(3):
        ContributionFactory(film=rated, age=11)

    community = card_html(rated, visitor())
    none = card_html(unrated, visitor())

    assert render_to_string("films/_age_badge.html", {"age": 11}) in community
    assert "Community · 3 members" in community
    assert "No advisory yet" in none and "card-no-advisory" in none


def test_a_card_from_a_film_instance_is_the_card_from_its_row():
    film = AdvisoryFactory(film__title="Paddington", stars=5).film
    request = visitor()
    film = Film.objects.select_related("advisory").get(pk=film.pk)

    reasons = {film.pk: "A kind bear."}
    from_instance = film_cards([values_of(film)], request, reasons)
    from_row = film_cards(list(for_cards(Film.objects.filter(pk=film.pk))), request, reasons)

    assert from_instance == from_row


def test_a_cards_links_are_the_urls_django_reverses():
    films = [AdvisoryFactory(film__title=title).film for title in ["M*A*S*H", "Amélie", "1917", "Lé_o-2"]]
    request = visitor("/films/?q=a%20b")

    cards = film_cards(list(for_cards(Film.objects.order_by("pk"))), request)

    for film, card in zip(films, cards, strict=True):
        assert card["url"] == reverse("films:detail", kwargs={"slug": film.slug})
        add = reverse("families:add_to_compare", args=[film.slug])
        assert card["add_url"] == f"{add}?next=/films/%3Fq%3Da%2520b%23film-{film.slug}"


@pytest.mark.parametrize("compare", [(), ("paddington-2014",), ("paddington-2014", "other-2001")])
@pytest.mark.parametrize("reason", ["", "Bears <b>& co</b>"])
def test_a_list_pages_cards_are_byte_for_byte_what_the_card_template_draws(compare, reason):
    AdvisoryFactory(film__title="Paddington", film__year=2014, one_liner="Bears & <i>jam</i>.")
    AdvisoryFactory(film__title="With a poster", film__poster="posters/p.jpg")
    community = FilmFactory(title="Rated <3 & loved")
    for _ in range(3):
        ContributionFactory(film=community, age=11)
    FilmFactory(title="Unrated")
    request = visitor("/films/?q=a%20b&page=2", compare=compare)
    rows = list(for_cards(Film.objects.order_by("pk")))
    cards = film_cards(rows, request, {row["pk"]: reason for row in rows})
    template = get_template("films/_card.html").template

    for card in cards:
        drawn = render_to_string("films/_card.html", {"card": card, "compare_count": len(compare)})
        assert pages.cards.card_html(card, len(compare), template) == drawn
    assert {card["kind"] for card in cards} == {"editors", "community", "none"}
    if not reason:
        assert cards_html(rows, request) == [
            render_to_string("films/_card.html", {"card": card, "compare_count": len(compare)})
            for card in cards
        ]
