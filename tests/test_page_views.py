"""Views of film pages feed the admin's Most wanted list: counted for every film page a
person sees (the page cache's too), never for a crawler, kept as one number per film, and
written in batches rather than once per request."""

import runpy
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.merge import merge_films
from films.models import FilmSlugRedirect
from reviews import page_views
from reviews.models import EditorRequest, FilmPageViews
from tests.factories import AdvisoryFactory, ContributionFactory, FilmFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def views_of(film):
    return FilmPageViews.objects.filter(film=film).values_list("views", flat=True).first()


@pytest.fixture
def film(db):
    return FilmFactory(title="Watched a lot", year=2011)


def test_views_of_a_film_page_cached_or_not_count_once_written(client, client_for, film):
    url = film.get_absolute_url()

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, HTTP_USER_AGENT=BROWSER)
        cached = client.get(url, HTTP_USER_AGENT=BROWSER)
        signed_in = client_for(UserFactory()).get(url, HTTP_USER_AGENT=BROWSER)

    assert cached.headers["X-Cache"] == "hit" and "X-Cache" not in signed_in.headers
    assert first.status_code == cached.status_code == signed_in.status_code == 200
    # Nothing is written while people look: the views wait in memory.
    assert not [q for q in queries.captured_queries if "filmpageviews" in q["sql"]]
    assert views_of(film) is None
    assert page_views.counter.pending() == {film.slug: 3}

    assert page_views.counter.flush() == 3

    assert views_of(film) == 3
    assert page_views.counter.pending() == {}
    client.get(url, HTTP_USER_AGENT=BROWSER)
    page_views.counter.flush()
    assert views_of(film) == 4


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_crawlers_and_programs_are_not_counted(client, film, agent):
    response = client.get(film.get_absolute_url(), HTTP_USER_AGENT=agent)

    assert response.status_code == 200
    assert page_views.counter.pending() == {}


def test_only_a_film_pages_successful_gets_count(client, film):
    FilmSlugRedirect.objects.moved("watched-a-lot-2010", film)
    url = film.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    client.head(url, HTTP_USER_AGENT=BROWSER)
    assert client.get("/films/watched-a-lot-2010/", HTTP_USER_AGENT=BROWSER).status_code == 301
    client.get("/films/no-such-film-1999/", HTTP_USER_AGENT=BROWSER)
    client.get(reverse("reviews:film", kwargs={"slug": film.slug}), HTTP_USER_AGENT=BROWSER)
    client.get(reverse("films:browse"), HTTP_USER_AGENT=BROWSER)

    assert page_views.counter.pending() == {}


def test_page_views_keep_nothing_about_the_visitor(client_for, film):
    client_for(UserFactory(username="looked_lou")).get(film.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    page_views.counter.flush()

    assert {field.name for field in FilmPageViews._meta.get_fields()} == {"film", "views"}
    assert list(FilmPageViews.objects.values()) == [{"film_id": film.pk, "views": 1}]


@pytest.mark.parametrize("views", [1, 400])
def test_one_write_takes_the_same_few_queries_however_many_views_wait(
    client, django_assert_num_queries, views
):
    films = [FilmFactory(), FilmFactory(), FilmFactory()]
    FilmPageViews.objects.create(film=films[0], views=5)
    for n in range(views):
        page_views.counter.count(films[n % 3].slug)

    # 1. the films' ids from their slugs, then in a savepoint (the test's transaction; a
    # transaction of its own on a server) 2. the savepoint, 3. one upsert for all three
    # films, 4. its release.
    with django_assert_num_queries(4):
        written = page_views.counter.flush()

    assert written == views
    assert sum(FilmPageViews.objects.values_list("views", flat=True)) == 5 + views
    assert views_of(films[0]) == 5 + len(range(0, views, 3))


def test_views_are_written_once_enough_wait(client, settings, film):
    settings.PAGE_VIEWS_FLUSH_VIEWS = 3
    url = film.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER)
    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert views_of(film) is None

    client.get(url, HTTP_USER_AGENT=BROWSER)  # written as this request finishes

    assert views_of(film) == 3


def test_views_are_written_once_the_batch_is_old_enough(client, settings, film, monkeypatch):
    settings.PAGE_VIEWS_FLUSH_SECONDS = 30
    url = film.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert views_of(film) is None

    later = page_views.time.monotonic() + 31
    monkeypatch.setattr(page_views.time, "monotonic", lambda: later)
    client.get(reverse("films:browse"))  # any request finishing writes them

    assert views_of(film) == 1


def test_a_failed_write_is_logged_the_page_is_served_and_the_views_wait_for_a_later_try(
    client, settings, film, monkeypatch, caplog
):
    settings.PAGE_VIEWS_FLUSH_VIEWS = 1
    tries = []

    def locked(views_by_slug):
        tries.append(dict(views_by_slug))
        raise OperationalError("database is locked")

    monkeypatch.setattr(FilmPageViews.objects, "add", locked)
    url = film.get_absolute_url()

    first = client.get(url, HTTP_USER_AGENT=BROWSER)
    second = client.get(url, HTTP_USER_AGENT=BROWSER)

    assert first.status_code == second.status_code == 200
    assert tries == [{film.slug: 1}], "no second try before PAGE_VIEWS_FLUSH_SECONDS"
    assert "Could not write 1 film page views" in caplog.text
    assert page_views.counter.pending() == {film.slug: 2}

    monkeypatch.undo()
    assert page_views.counter.flush() == 2
    assert views_of(film) == 2


def test_views_counted_from_many_threads_at_once_are_all_kept(film):
    other = FilmFactory()

    def look(slug):
        for _ in range(2000):
            page_views.counter.count(slug)

    threads = [threading.Thread(target=look, args=(f.slug,)) for f in (film, other) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert page_views.counter.pending() == {film.slug: 8000, other.slug: 8000}


def test_a_merge_adds_the_merged_films_views_to_the_film_that_stays(film):
    duplicate = FilmFactory(title="Watched a lot, the duplicate", year=2011)
    FilmPageViews.objects.create(film=film, views=120)
    FilmPageViews.objects.create(film=duplicate, views=30)
    lonely = FilmFactory()
    FilmPageViews.objects.create(film=lonely, views=7)

    merge_films(source=duplicate, target=film)
    merge_films(source=lonely, target=FilmFactory(title="Never looked at"))

    assert views_of(film) == 150
    assert FilmPageViews.objects.get(film__title="Never looked at").views == 7
    assert FilmPageViews.objects.count() == 2


def test_most_wanted_shows_page_views_and_ranks_by_the_points_it_explains(client_for):
    asked = FilmFactory(title="Asked for once")
    EditorRequest.objects.create(film=asked, member=UserFactory())
    rated = FilmFactory(title="Rated by three")
    for _ in range(3):
        ContributionFactory(film=rated)
    watched = FilmFactory(title="Watched by thousands")
    FilmPageViews.objects.create(film=watched, views=2500)
    glanced = FilmFactory(title="Glanced at")
    FilmPageViews.objects.create(film=glanced, views=40)
    reviewed = AdvisoryFactory(film__title="Already reviewed").film
    FilmPageViews.objects.create(film=reviewed, views=90000)
    FilmFactory(title="Nobody cares")

    page = client_for(StaffFactory(group="Editors")).get(
        reverse("admin:reviews_mostwantedfilm_changelist")
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Page views" in html and "2,500" in html
    assert "1 for every 100 views of the film" in html
    titles = [film.title for film in page.context["cl"].result_list]
    # Points: 2,500 views 25, a request 10, three ratings 6, 40 views 0.4.
    assert titles == ["Watched by thousands", "Asked for once", "Rated by three", "Glanced at"]
    assert [film.wanted for film in page.context["cl"].result_list] == [25, 10, 6, 0.4]


def test_a_gunicorn_worker_that_stops_writes_the_views_it_holds(client, film):
    hooks = runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py"))
    client.get(film.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    hooks["worker_exit"](server=None, worker=None)

    assert views_of(film) == 1
