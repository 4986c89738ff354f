"""Prepared reads (the `prepared` package): the queryset's own rows, its SQL composed once."""

import datetime
import threading

import pytest
from django.db import connections

from films.models import NAME_LISTS, Credit, Film, Trivia
from pages.film_data import film_for_page
from prepared import Prepared
from tests.factories import (
    AdvisoryFactory,
    AlternativeFactory,
    CertificateFactory,
    CreditFactory,
    DiscussionPromptFactory,
    FilmFactory,
    GenreFactory,
    TriviaFactory,
)

pytestmark = pytest.mark.django_db


def test_a_prepared_read_gives_each_calls_rows_and_builds_its_queryset_once():
    first, second = FilmFactory(title="Alpha"), FilmFactory(title="Beta")
    TriviaFactory(film=first, text="one"), TriviaFactory(film=second, text="two")
    built = []

    def build(film):
        built.append(film)
        return Trivia.objects.filter(film_id=film).values_list("text", flat=True)

    read = Prepared(build)

    assert read.rows(first.pk) == [("one",)]
    assert read.rows(second.pk) == [("two",)]
    assert read.rows(FilmFactory().pk) == []
    assert len(built) == 1


def test_instances_come_with_their_select_related_rows_and_converted_values(django_assert_num_queries):
    credit = CreditFactory(role=Credit.Role.DIRECTOR)
    created_at = Film.objects.get(pk=credit.film_id).created_at
    read = Prepared(lambda film: Credit.objects.filter(film_id=film).select_related("person", "film"))

    with django_assert_num_queries(1):
        (found,) = read.objects(credit.film_id)
        assert found == credit
        assert found.person.name == credit.person.name
        assert isinstance(found.film.created_at, datetime.datetime)
        assert found.film.created_at == created_at


def test_a_read_whose_values_do_not_reach_the_sql_as_given_is_refused():
    with pytest.raises(ValueError, match="cannot be prepared"):
        Prepared(lambda title: Film.objects.filter(title__icontains=title)).rows("alpha")
    with pytest.raises(ValueError, match="prefetch"):
        Prepared(lambda film: Film.objects.filter(pk=film).prefetch_related("genres")).objects(1)


def test_the_film_page_read_keeps_what_the_prefetching_queryset_does(django_assert_num_queries):
    advisory = AdvisoryFactory()
    film = advisory.film
    film.genres.add(GenreFactory(name="Drama"), GenreFactory(name="Comedy"))
    CertificateFactory(film=film)
    TriviaFactory(film=film, is_spoiler=True), TriviaFactory(film=film)
    CreditFactory(film=film, role=Credit.Role.CAST), CreditFactory(film=film, role=Credit.Role.DIRECTOR)
    DiscussionPromptFactory(advisory=advisory), DiscussionPromptFactory(advisory=advisory)
    AlternativeFactory(advisory=advisory)

    with django_assert_num_queries(8):  # the film with its advisory and ratings, and seven lists
        read = film_for_page(film.slug)
    with django_assert_num_queries(0):
        seen = _everything_the_page_reads(read)

    prefetching = (
        Film.objects.for_page()
        .select_related("advisory", "advisory__author")
        .prefetch_related(
            *NAME_LISTS, "advisory__ratings", "advisory__prompts", "advisory__alternatives__film"
        )
    )
    assert seen == _everything_the_page_reads(prefetching.get(slug=film.slug))
    assert film_for_page("no-such-film") is None


def _everything_the_page_reads(film):
    advisory = film.advisory
    return {
        "film": (film.pk, film.title, film.year),
        "names": [[item.name for item in getattr(film, name).all()] for name in ("genres", "countries")],
        "certificates": [(c.system, c.rating) for c in film.certificates.all()],
        "trivia": [(t.text, t.is_spoiler) for t in film.trivia.all()],
        "credits": [(c.role, c.person.name) for c in film.credits.all()],
        "author": advisory.author.username if advisory.author else None,
        "ratings": [(r.category, r.score) for r in advisory.ratings.all()],
        "prompts": [p.text for p in advisory.prompts.all()],
        "alternatives": [
            (a.film.title, getattr(a.film, "advisory", None), a.reason) for a in advisory.alternatives.all()
        ],
    }


@pytest.mark.django_db(transaction=True)
def test_threads_share_one_plan_and_each_reads_on_its_own_connection():
    film = FilmFactory(title="Alpha")
    TriviaFactory(film=film, text="one")
    read = Prepared(lambda film: Trivia.objects.filter(film_id=film).values_list("text", flat=True))
    assert read.rows(film.pk) == [("one",)]

    def in_a_thread():
        try:
            found.append(read.rows(film.pk))
        finally:
            connections.close_all()

    found = []
    for _ in range(3):  # as the development server, a thread per request
        thread = threading.Thread(target=in_a_thread)
        thread.start()
        thread.join()

    assert found == [[("one",)]] * 3
    assert len(read._plans) == 1
