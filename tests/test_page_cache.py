"""Anonymous reads come from the cache, and a change shows on the very next request."""

import sys
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.template import engines

from advisories.models import Category
from config.redis_cache import RedisCache
from config.warmup import site_templates, warm_up
from pagecache import RecentPages, bump_film, memory_size, recent_pages
from reviews.models import Contribution, Review
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_anonymous_second_visit_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    advisory = AdvisoryFactory(one_liner="Cached one-liner")
    url = advisory.film.get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.headers["X-Cache"] == "hit"
    assert second.content == first.content


def test_an_editors_change_shows_on_the_next_anonymous_request(client):
    advisory = AdvisoryFactory(one_liner="Before the edit")
    url = advisory.film.get_absolute_url()
    client.get(url)

    advisory.one_liner = "After the edit"
    advisory.save()

    assert "After the edit" in client.get(url).content.decode()


def test_a_changed_category_score_shows_at_once(client):
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    client.get(url)

    rating = advisory.ratings.get(category=Category.VIOLENCE)
    rating.note = "A freshly rewritten violence note"
    rating.save()

    assert "A freshly rewritten violence note" in client.get(url).content.decode()


def test_unpublishing_turns_the_cached_page_into_a_404_at_once(client):
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    assert client.get(url).status_code == 200

    advisory.unpublish()

    assert client.get(url).status_code == 404


def test_a_review_published_hidden_or_deleted_shows_at_once(client):
    advisory = AdvisoryFactory()
    review = ReviewFactory(film=advisory.film, title="A community review", status=Review.Status.PENDING)
    url = advisory.film.get_absolute_url()
    assert "A community review" not in client.get(url).content.decode()

    review.status = Review.Status.PUBLISHED
    review.save()
    assert "A community review" in client.get(url).content.decode()

    review.status = Review.Status.REJECTED
    review.save()
    assert "A community review" not in client.get(url).content.decode()

    review.status = Review.Status.PUBLISHED
    review.save()
    client.get(url)
    review.delete()
    assert "A community review" not in client.get(url).content.decode()


def test_signed_in_pages_are_never_cached_nor_served_from_the_cache(client, client_for, parent):
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    client.get(url)

    signed_in = client_for(parent).get(url)

    assert "X-Cache" not in signed_in.headers
    assert "X-Cache" not in client_for(parent).get(url).headers


def test_a_signed_in_persons_page_never_reaches_anonymous_visitors(client, client_for, parent):
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    client_for(parent).get(url)

    anonymous = client.get(url).content.decode()

    assert parent.username not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous


def test_the_api_is_cached_for_anonymous_readers_and_fresh_after_a_change(client):
    advisory = AdvisoryFactory(one_liner="API before")
    detail = f"/api/v1/films/{advisory.film.slug}/"
    listing = "/api/v1/films/?age_max=18"
    client.get(detail)
    client.get(listing)
    assert client.get(detail).headers["X-Cache"] == "hit"
    assert client.get(listing).headers["X-Cache"] == "hit"

    advisory.one_liner = "API after"
    advisory.save()

    assert client.get(detail).json()["advisory"]["one_liner"] == "API after"
    assert client.get(listing).json()["results"][0]["one_liner"] == "API after"


def test_a_review_published_shows_at_once_in_the_api(client):
    advisory = AdvisoryFactory()
    url = f"/api/v1/films/{advisory.film.slug}/reviews/"
    assert client.get(url).json()["count"] == 0

    ReviewFactory(film=advisory.film)

    assert client.get(url).json()["count"] == 1


def test_token_authenticated_requests_bypass_the_cache(client):
    advisory = AdvisoryFactory()
    url = f"/api/v1/films/{advisory.film.slug}/"
    client.get(url)

    response = client.get(url, headers={"Authorization": "Token not-a-real-token"})

    assert "X-Cache" not in response.headers
    assert response.status_code == 401


def test_a_hit_reads_only_the_generations_when_this_process_kept_the_page(client, monkeypatch):
    advisory = AdvisoryFactory(one_liner="Kept here")
    url = advisory.film.get_absolute_url()
    client.get(url)
    fetched = []
    get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kwargs: fetched.append(key) or get(key, *args, **kwargs)
    )

    response = client.get(url)

    assert response.headers["X-Cache"] == "hit"
    assert "Kept here" in response.content.decode()
    assert not [key for key in fetched if key.startswith("page-cache:page:")]


def test_a_page_another_server_stored_is_served_and_kept_here(client):
    advisory = AdvisoryFactory(one_liner="Stored elsewhere")
    url = advisory.film.get_absolute_url()
    client.get(url)
    recent_pages.clear()  # as if another app server had built the page

    response = client.get(url)

    assert response.headers["X-Cache"] == "hit"
    assert "Stored elsewhere" in response.content.decode()
    assert recent_pages.pages


def test_this_process_copy_is_not_served_once_another_server_bumps_the_film(client):
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    client.get(url)
    author = UserFactory()
    contribution = Contribution.objects.bulk_create(
        [Contribution(film=advisory.film, author=author, author_role="parent", age=12, status="published")]
    )[0]
    review = ReviewFactory.build(
        film=advisory.film, author=author, title="Written through another server", contribution=contribution
    )
    Review.objects.bulk_create([review])  # no signal here: the bump comes from elsewhere
    assert "Written through another server" not in client.get(url).content.decode()

    bump_film(advisory.film.slug)

    response = client.get(url)
    assert "X-Cache" not in response.headers
    assert "Written through another server" in response.content.decode()


def test_recent_pages_keep_to_their_byte_budget_dropping_the_least_recently_used():
    def page(letter, length=4000):
        return ((1,), 200, [("Content-Type", "text/html")], letter.encode() * length)

    each = memory_size(("a", page("a")))
    assert each > 4000  # the body, and what holds it
    pages = RecentPages(max_bytes=2 * each + each // 2)
    pages.put("a", page("a"))
    pages.put("b", page("b"))
    pages.get("a")
    pages.put("c", page("c"))
    pages.put("huge", page("x", 3 * each))

    assert list(pages.pages) == ["a", "c"]
    assert pages.size == 2 * each


def test_a_stored_film_page_part_counts_against_the_budget_by_what_it_takes_in_memory(client):
    advisory = AdvisoryFactory(one_liner="Thoughtful \u2014 and tense")  # past Latin-1: two bytes a character
    ReviewFactory(film=advisory.film, body="A review with its buttons kept ready.")
    client.get(advisory.film.get_absolute_url())

    [(key, (stored, counted))] = [kept for kept in recent_pages.pages.items() if ":fragment:" in kept[0]]
    part = stored[1]
    texts = [part["head"], part["content"], *part["member_actions"].values(), *part["note_actions"].values()]
    assert part["member_actions"]
    assert counted >= sum(map(sys.getsizeof, texts)) > len(part["content"])
    # What it takes now, after the page was served and the part pickled for the shared cache.
    assert counted == memory_size((key, stored))


def test_memory_size_counts_what_a_value_holds_and_each_object_once():
    text = "x" * 1000
    alone = memory_size(text)

    assert alone == sys.getsizeof(text)
    assert memory_size({"a": text, "b": [text, text]}) < 2 * alone
    assert memory_size(SimpleNamespace(items=[text, "y" * 1000])) > 2 * alone


def test_with_no_local_budget_every_hit_comes_from_the_shared_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_LOCAL_BYTES = 0
    advisory = AdvisoryFactory()
    url = advisory.film.get_absolute_url()
    client.get(url)

    assert client.get(url).headers["X-Cache"] == "hit"
    assert not recent_pages.pages


def test_the_redis_cache_makes_one_client_per_server_not_one_per_call():
    backend = RedisCache("redis://127.0.0.1:6379/0", {})

    assert backend._cache.get_client("a") is backend._cache.get_client("b", write=True)


def test_the_server_compiles_every_template_before_its_first_request():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    jinja2 = engines["jinja2"].env
    jinja2.cache.clear()

    warm_up()

    compiled = set(loader.get_template_cache) | {name for _, name in jinja2.cache}
    assert {"base.html", "films/_detail_shared.html", "accounts/login.html"} <= set(site_templates())
    assert set(site_templates()) <= compiled


def test_a_page_is_stored_per_host_and_scheme_as_it_carries_absolute_urls(client, settings):
    settings.ALLOWED_HOSTS = ["reelwise.example", "www.reelwise.example"]
    url = AdvisoryFactory().film.get_absolute_url()
    client.get(url, headers={"host": "reelwise.example"})

    other_host = client.get(url, headers={"host": "www.reelwise.example"})
    other_scheme = client.get(url, headers={"host": "reelwise.example"}, secure=True)

    assert "X-Cache" not in other_host.headers
    assert f'href="http://www.reelwise.example{url}"' in other_host.content.decode()
    assert "X-Cache" not in other_scheme.headers
    assert f'href="https://reelwise.example{url}"' in other_scheme.content.decode()


def test_a_host_django_refuses_is_a_400_and_stores_nothing(client, settings):
    settings.ALLOWED_HOSTS = ["reelwise.example"]
    url = AdvisoryFactory().film.get_absolute_url()

    assert client.get(url, headers={"host": "evil.example"}).status_code == 400
    second = client.get(url, headers={"host": "evil.example"})
    assert second.status_code == 400
    assert "X-Cache" not in second.headers
