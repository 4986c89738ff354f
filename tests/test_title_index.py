"""Type-ahead reads each process's copy of the titles (films/title_index.py): it must see every
change to the titles at once, and not be read again while nothing they show changes, a
community rating included."""

import runpy

import pytest
from django.urls import reverse

import pagecache
from advisories.models import FilmRating
from films import search as text_search
from films import title_index
from films.models import Film
from reviews import services
from tests.factories import AdvisoryFactory, FilmFactory, UserFactory

# Committed writes, as on the site: a change bumps the catalogue's generation on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_copy_from_another_test(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every answer from the titles, none from the page cache
    title_index.forget()
    yield
    title_index.forget()


def titles(client, q):
    response = client.get(reverse("suggestions"), {"q": q})
    assert response.status_code == 200
    return [(film["title"], film["age"]) for film in response.json()["results"]]


def test_the_copy_is_kept_while_nothing_changes(client, django_assert_num_queries):
    FilmFactory(title="Paddington", year=2014, votes=50_000)
    assert titles(client, "padd") == [("Paddington", None)]

    # No query at all: the films' rows are in the copy, and so is the typo vocabulary.
    with django_assert_num_queries(0):
        assert titles(client, "pa") == [("Paddington", None)]
        assert titles(client, "padington") == [("Paddington", None)]


def test_a_new_film_is_suggested_at_once(client):
    FilmFactory(title="Paddington", year=2014, votes=50_000)
    assert titles(client, "padd") == [("Paddington", None)]

    FilmFactory(title="Paddington 2", year=2017, votes=40_000)

    assert titles(client, "padd") == [("Paddington", None), ("Paddington 2", None)]


def test_a_renamed_film_is_suggested_under_its_new_title_only(client):
    film = FilmFactory(title="Padington", year=2014, votes=50_000)
    assert titles(client, "padi") == [("Padington", None)]

    film.title = "Paddington"
    film.save()

    assert titles(client, "padi") == []
    assert titles(client, "padd") == [("Paddington", None)]


def test_a_deleted_film_is_no_longer_suggested(client):
    film = FilmFactory(title="Paddington", year=2014, votes=50_000)
    assert titles(client, "padd") == [("Paddington", None)]

    Film.objects.filter(pk=film.pk).delete()

    assert titles(client, "padd") == []


def test_publishing_an_advisory_moves_the_film_up_and_shows_its_age(client):
    FilmFactory(title="Paddington", year=2014, votes=50_000)
    quieter = FilmFactory(title="Paddington Bear", year=1976, votes=10)
    assert titles(client, "padd") == [("Paddington", None), ("Paddington Bear", None)]

    AdvisoryFactory(film=quieter, age=5)

    assert titles(client, "padd") == [("Paddington Bear", 5), ("Paddington", None)]


@pytest.fixture
def builds(monkeypatch):
    """How many times this process has read the titles."""
    count = []
    build = title_index.build
    monkeypatch.setattr(title_index, "build", lambda: count.append(1) or build())
    return count


def test_a_community_rating_does_not_read_the_titles_again(client, settings, builds):
    settings.COMMUNITY_ADVISORY_MIN = 1  # one rating makes the film's effective rating
    film = FilmFactory(title="Paddington", year=2014, votes=50_000)
    assert titles(client, "padd") == [("Paddington", None)]
    assert len(builds) == 1
    catalog = pagecache.generations(pagecache.CATALOG)

    services.submit_contribution(author=UserFactory(), film=film, age=6, scores={"violence": 1})

    # The catalogue's pages are stale, as before (browse filters on the effective rating)...
    assert FilmRating.objects.get(film=film).source == "community"
    assert pagecache.generations(pagecache.CATALOG) != catalog
    # ...but not the copy of the titles, which the rating does not change.
    assert titles(client, "padd") == [("Paddington", None)]
    assert len(builds) == 1

    # A rename and an editors' advisory published show at once.
    film.title = "Paddington 1"
    film.save()
    assert titles(client, "padd") == [("Paddington 1", None)]
    advisory = AdvisoryFactory(film=film, age=5)
    assert titles(client, "padd") == [("Paddington 1", 5)]
    advisory.age = 7
    advisory.save()
    assert titles(client, "padd") == [("Paddington 1", 7)]
    assert len(builds) == 4


def test_each_worker_reads_the_titles_before_its_first_request(client, django_assert_num_queries, settings):
    FilmFactory(title="Paddington", year=2014, votes=50_000)

    hooks = runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py"))
    hooks["post_worker_init"](worker=None)

    with django_assert_num_queries(0):
        assert titles(client, "pa") == [("Paddington", None)]


def test_the_copy_gives_the_garbage_collector_nothing_to_walk_per_word(client):
    """Every worker keeps a copy: its per-word lists are bytes, which the collector does not
    track, rather than tens of thousands of objects each full collection walks."""
    import gc

    FilmFactory(title="Paddington", year=2014, votes=50_000)
    FilmFactory(title="Paddington 2", year=2017, votes=40_000)
    assert [title for title, _ in titles(client, "paddington")] == ["Paddington", "Paddington 2"]

    index = title_index.current()
    assert index.by_word and not any(gc.is_tracked(films) for films in index.by_word.values())


def under(spellings):
    """What the vocabulary in memory finds under these variants, beside what SearchTerm holds."""
    return title_index.build().typos.under(spellings), text_search.terms_under(spellings)


def test_the_vocabulary_in_memory_is_the_search_terms_table():
    film = FilmFactory(title="Padington Bear", year=2014)
    FilmFactory(title="Paddington", year=2015)
    film.title = "Paddington Bear"  # the old word stays in SearchTerm, and so in the copy
    film.save()
    spellings = sorted(
        set().union(*(text_search.variants(word) for word in ["padington", "paddingtn", "bare", "pa", "zzz"]))
    )

    in_memory, in_table = under(spellings)

    assert in_memory == in_table
    assert in_memory["padington"] == {"padington", "paddington"}
    assert "zzz" not in in_memory


def test_variants_with_the_same_hash_do_not_mix(monkeypatch):
    """The copy finds a variant by its hash; one hash for every variant must change nothing."""
    FilmFactory(title="Toy Story", year=1995)
    FilmFactory(title="Stony Brook", year=2001)
    monkeypatch.setattr(title_index.Vocabulary, "_hash", lambda self, variant: 7)
    spellings = sorted(text_search.variants("stroy") | text_search.variants("tyo") | {"brook", "nothing"})

    in_memory, in_table = under(spellings)

    assert in_memory == in_table
    assert in_memory["stoy"] == {"story", "stony"}


def test_the_vocabulary_is_made_again_only_when_a_word_is_new(client):
    film = FilmFactory(title="Paddington", year=2014, votes=50_000)
    assert titles(client, "padington") == [("Paddington", None)]
    typos = title_index.current().typos

    AdvisoryFactory(film=film, age=5)  # the titles change, their words do not
    assert titles(client, "padington") == [("Paddington", 5)]
    assert title_index.current().typos is typos

    FilmFactory(title="Marmalade", year=2016)
    assert titles(client, "marmelade") == [("Marmalade", None)]
    assert title_index.current().typos is not typos
