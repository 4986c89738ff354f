"""gunicorn's workers are separate processes: they share one cache, so a page a write
refreshed is fresh whichever worker serves it (and the abuse limits count for all)."""

import pytest
import requests
from django.urls import reverse

from tests.servers import Gunicorn
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
