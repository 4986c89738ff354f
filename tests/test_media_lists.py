"""Each child's list for the family's media server: a private address, three forms of the
films whose verdict for the child is "fine", and the home sync program tagging exactly those."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from families.models import MediaList
from homesync import reelwise_jellyfin_sync as sync
from tests.factories import AdvisoryFactory, ChildFactory, UserFactory
from tests.jellyfin_standin import JellyfinStandIn, movie

pytestmark = pytest.mark.django_db

CALM = {"violence": 0, "sex": 0, "language": 0, "consumerism": 0, "drinking": 0}


@pytest.fixture
def maya(parent):
    return ChildFactory(owner=parent, nickname="Maya", age=10)


@pytest.fixture
def films():
    """Two films fine for Maya (one known only by its TMDb id), one with no id, one too violent."""
    return {
        "toy": AdvisoryFactory(
            film__title="Toy Story", film__year=1995, film__imdb_id="tt0114709", age=5, scores=CALM
        ),
        "paddington": AdvisoryFactory(
            film__title="Paddington",
            film__year=2014,
            film__tmdb_id=116149,
            age=6,
            scores=CALM | {"consumerism": 2},
        ),
        "no_id": AdvisoryFactory(film__title="Homemade", film__year=2020, age=6, scores=CALM),
        "violent": AdvisoryFactory(
            film__title="Dark Knight",
            film__year=2008,
            film__imdb_id="tt0468569",
            age=6,
            scores=CALM | {"violence": 5},
        ),
    }


def list_urls(client_for, parent, child):
    response = client_for(parent).post(reverse("families:media_server", args=[child.pk]), {"action": "make"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    urls = re.findall(
        r'value="http://testserver(/family/lists/[^"/]+/(films\.csv|kometa\.txt|kometa\.json))"', page
    )
    return {form: url for url, form in urls}


def test_a_parent_gets_three_list_addresses_shown_once(client_for, parent, maya, films):
    urls = list_urls(client_for, parent, maya)

    assert set(urls) == {"films.csv", "kometa.txt", "kometa.json"}
    again = client_for(parent).get(reverse("families:media_server", args=[maya.pk])).content.decode()
    assert "/family/lists/" not in again
    assert "cannot show it again" in again
    assert MediaList.objects.get(child=maya).token_hash not in urls["films.csv"]


def test_the_three_forms_list_the_films_browse_finds_for_the_child_that_have_an_id(
    client, client_for, parent, maya, films
):
    urls = list_urls(client_for, parent, maya)
    browse = client_for(parent).get(reverse("films:browse"), {"suits": maya.pk}).content.decode()
    fine = {title for title in ["Toy Story", "Paddington", "Homemade", "Dark Knight"] if title in browse}
    assert fine == {"Toy Story", "Paddington", "Homemade"}

    rows = list(csv.DictReader(io.StringIO(client.get(urls["films.csv"]).content.decode())))
    text = client.get(urls["kometa.txt"]).content.decode()
    items = json.loads(client.get(urls["kometa.json"]).content)

    assert [(r["title"], r["imdb_id"], r["tmdb_id"], r["age"], r["source"]) for r in rows] == [
        ("Paddington", "", "116149", "6", "editors"),
        ("Toy Story", "tt0114709", "", "5", "editors"),
    ]
    assert text.splitlines() == ["# Paddington (2014)", "tmdb:116149", "# Toy Story (1995)", "tt0114709"]
    assert items == [{"tmdb_id": 116149}, {"imdb_id": "tt0114709"}]


def test_the_page_counts_fine_films_that_cannot_be_matched(client_for, parent, maya, films):
    page = client_for(parent).get(reverse("families:media_server", args=[maya.pk])).content.decode()

    assert "2 films fine for Maya can be matched" in page
    assert "1 film fine for Maya has no IMDb or TMDb id and cannot be matched" in page


def test_wrong_and_revoked_addresses_are_the_same_404_and_revoking_works_at_once(
    client, client_for, parent, maya, films
):
    urls = list_urls(client_for, parent, maya)
    assert client.get(urls["films.csv"]).status_code == 200

    client_for(parent).post(reverse("families:media_server", args=[maya.pk]), {"action": "revoke"})
    revoked = client.get(urls["films.csv"])
    wrong = client.get(urls["films.csv"].replace("/films.csv", "x/films.csv"))

    assert revoked.status_code == wrong.status_code == 404
    assert revoked.content == wrong.content
    assert not MediaList.objects.exists()


def test_a_new_address_replaces_the_old_one(client, client_for, parent, maya, films):
    old = list_urls(client_for, parent, maya)
    new = list_urls(client_for, parent, maya)

    assert client.get(old["kometa.txt"]).status_code == 404
    assert client.get(new["kometa.txt"]).status_code == 200


def test_another_parents_child_and_teens_cannot_reach_the_page(client_for, maya, teen):
    other = UserFactory(username="other_parent")
    url = reverse("families:media_server", args=[maya.pk])

    assert client_for(other).post(url, {"action": "make"}).status_code == 404
    assert client_for(teen).get(url).status_code == 403
    assert not MediaList.objects.exists()


def test_a_list_is_never_cached_and_is_rate_limited(client, client_for, parent, maya, films, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "media_list": "2/h"}
    urls = list_urls(client_for, parent, maya)

    answers = [client.get(urls["kometa.json"]) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert all("no-store" in a["Cache-Control"] and "X-Cache" not in a.headers for a in answers[:2])


def test_an_unknown_action_changes_nothing(client_for, parent, maya):
    response = client_for(parent).post(reverse("families:media_server", args=[maya.pk]), {"action": "boom"})

    assert response.status_code == 400
    assert not MediaList.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_home_sync_tags_exactly_the_fine_films_and_untags_after_a_limit_is_lowered(
    live_server, client_for, parent, maya, films
):
    urls = list_urls(client_for, parent, maya)
    library = [
        movie(f"{1:032x}", "Toy Story", 1995, imdb="tt0114709"),
        movie(f"{2:032x}", "Paddington", 2014, tmdb="116149"),
        movie(f"{3:032x}", "The Dark Knight", 2008, imdb="tt0468569"),
        movie(f"{4:032x}", "Homemade", 2020),
    ]

    def run_sync(jellyfin):
        argv = ["--list-url", live_server.url + urls["films.csv"], "--server", jellyfin.url]
        code = sync.main([*argv, "--nickname", "Maya", "--api-key", "key"], out=io.StringIO())
        assert code == 0
        return sorted(item["Name"] for item in jellyfin.items.values() if "reelwise-maya" in item["Tags"])

    with JellyfinStandIn(library, api_key="key").running() as jellyfin:
        assert run_sync(jellyfin) == ["Paddington", "Toy Story"]

        maya.consumerism_max = 1  # the parent lowers a limit: Paddington's consumerism is 2
        maya.save()
        assert run_sync(jellyfin) == ["Toy Story"]
