"""For the rest of the web: the sitemap and the Atom feed of newly published advisories."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from films.models import Film
from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_sitemap_lists_every_published_advisorys_film_page_and_nothing_else(client):
    call_command("load_demo", verbosity=0)
    AdvisoryFactory(film__title="Draft film", draft=True)
    FilmFactory(title="Unreviewed")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sitemap = ET.fromstring(response.content)  # noqa: S314 (our own response)
    urls = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    published = Film.objects.with_published_advisory()
    assert urls == {f"http://testserver{film.get_absolute_url()}" for film in published}
    assert "http://testserver/films/never-let-me-go-2010/" in urls
    assert "http://testserver/films/atonement-2007/" not in urls
    assert not any("draft-film" in url or "unreviewed" in url for url in urls)


def test_the_feed_is_atom_xml_listing_new_advisories_and_not_drafts(client):
    call_command("load_demo", verbosity=0)
    AdvisoryFactory(film__title="Draft film", draft=True)

    response = client.get(reverse("films:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    assert len(entries) == Film.objects.with_published_advisory().count()
    assert not any(title.startswith("Draft film") for title in entries)
    entry = entries["Never Let Me Go (2010): age 15+"]
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/films/never-let-me-go-2010/"
    assert "4 out of 5 stars" in entry.find(f"{ATOM}summary").text


def test_the_sitemap_and_feed_take_a_fixed_number_of_queries(client, django_assert_num_queries):
    AdvisoryFactory.create_batch(5)

    # The sitemap paginates (50,000 a page): 1. count the films, 2. one page of films
    # with their advisories.
    with django_assert_num_queries(2):
        client.get("/sitemap.xml")
    # 1. the newest films with their advisories.
    with django_assert_num_queries(1):
        client.get(reverse("films:feed"))
