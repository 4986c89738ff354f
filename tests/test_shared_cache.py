"""gunicorn's workers are separate processes: they share one cache, so a page a write
refreshed is fresh whichever worker serves it (and the abuse limits count for all)."""

import re
from pathlib import Path

import pytest
import requests
from django.urls import reverse

from loadtest.servers import Gunicorn, RunServer, manage
from tests.writers import backend_of_this_pass, production_site

pytestmark = pytest.mark.load  # see make test: run alone, after the rest

WORKERS = 3


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_a_review_shows_at_once_on_the_film_page_whichever_worker_serves_it(backend, tmp_path):
    with production_site(tmp_path, backend, writers=1) as site, Gunicorn(site.env, workers=WORKERS) as server:
        page = server.url + reverse("films:detail", args=["never-let-me-go-2010"])
        for _ in range(4 * WORKERS):  # the workers cache the page as it is before the review
            requests.get(page, timeout=30)

        writer = requests.Session()
        writer.cookies.set("sessionid", site.writers[0]["session"])
        write = server.url + reverse("reviews:write", args=["never-let-me-go-2010"])
        writer.get(write, timeout=30)
        posted = writer.post(
            write,
            data={
                "stars": 5,
                "age_recommendation": 12,
                "title": "Fresh from every worker",
                "body": "Posted once, shown by every worker at once.",
                "csrfmiddlewaretoken": writer.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=30,
        )
        assert posted.status_code == 302

        after = [requests.get(page, timeout=30).text for _ in range(4 * WORKERS)]
    fresh = sum("Fresh from every worker" in text for text in after)
    assert fresh == len(after), f"{len(after) - fresh} of {len(after)} visits got the page as it was"


CATALOG = Path(__file__).parent / "fixtures" / "catalog" / "movies.csv"
ADVISORY_FROM_THE_SHELL = """
from advisories.models import Advisory, Category, ContentRating
from films.models import Film
film = Film.objects.create(title="Published From The Shell", year=2001)
advisory = Advisory.objects.create(
    film=film, age=9, stars=4, one_liner="Written in a shell.", parents_need_to_know="Mild.",
    story="A story.", is_it_any_good="Yes.",
)
for category in Category:
    ContentRating.objects.create(advisory=advisory, category=category, score=1, note="A little.")
advisory.publish()
"""


def films_count(base_url, query=""):
    page = requests.get(f"{base_url}/films/?{query}", timeout=30)
    assert page.status_code == 200
    return int(re.search(r'id="results-heading"[^>]*>([\d,]+) film', page.text).group(1).replace(",", ""))


def imports_and_publishing_from_other_processes_show_at_once(site, server):
    """The catalogue as the server shows it, before and after a CSV import and an advisory
    published from management commands: other processes, which share only the cache."""
    for _ in range(6):  # every worker stores and serves the pages as they are
        before = films_count(server.url)
        assert films_count(server.url, "q=Toy+Story") == 0

    manage(site.env, "import_catalog", str(CATALOG))
    after = [films_count(server.url) for _ in range(6)]
    assert all(count > before for count in after), f"{before} films before the import, {after} after"
    assert all(films_count(server.url, "q=Toy+Story") >= 1 for _ in range(6))

    manage(site.env, "shell", "-c", ADVISORY_FROM_THE_SHELL)
    shown = [requests.get(f"{server.url}/films/", timeout=30).text for _ in range(6)]
    assert all("Published From The Shell" in page for page in shown)


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_a_catalog_imported_from_the_command_line_shows_at_once_under_gunicorn(backend, tmp_path):
    with production_site(tmp_path, backend, writers=1) as site, Gunicorn(site.env, workers=2) as server:
        imports_and_publishing_from_other_processes_show_at_once(site, server)


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_a_catalog_imported_from_the_command_line_shows_at_once_under_make_run(backend, tmp_path):
    """`make run` serves with runserver and DEBUG on; a second terminal imports."""
    with production_site(tmp_path, backend, writers=1) as site, RunServer(site.env) as server:
        imports_and_publishing_from_other_processes_show_at_once(site, server)
