"""Two app servers, one PostgreSQL, one Redis: a change made through either shows at once on both.

The servers are real gunicorn processes in production mode on their own scratch database,
so this test does not use the test suite's database and runs the same in both passes.
"""

import json

import pytest
import requests

from loadtest.servers import Gunicorn, Redis, ScratchPostgres, manage, site_environment
from tests.writers import admin_action, admin_session

pytestmark = [pytest.mark.engine_independent, pytest.mark.load]

SETUP = """
import json
from django.contrib.auth.models import Group
from advisories.models import Advisory
from films.models import Film
from accounts.models import User
from reviews.models import Review
from django.core.management import call_command

call_command("load_demo", verbosity=0)
for name, group in [("scale_editor", "Editors"), ("scale_moderator", "Moderators")]:
    user = User.objects.create_user(name, password="scale-out-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
film = Film.objects.get(slug="never-let-me-go-2010")
review = Review.objects.filter(film=film).first()
review.status = Review.Status.PENDING
review.title = "Held for moderation in the scale-out test"
review.save()
draft = Film.objects.get(slug="brooklyn-2015")
advisory = Advisory.objects.create(
    film=draft, age=11, stars=4, one_liner="Brooklyn, published through the second server",
    parents_need_to_know="x", story="x", is_it_any_good="x",
)
for key in ["positive_messages", "role_models", "violence", "sex", "language", "consumerism", "drinking"]:
    advisory.ratings.create(category=key, score=1, note="A note.")
print(json.dumps({"review": review.pk, "advisory": advisory.pk}))
"""


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    with ScratchPostgres() as database, Redis() as redis:
        env = site_environment(
            tmp_path_factory.mktemp("scale-out"), DATABASE_URL=database.url, CACHE_URL=redis.url
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        ids = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        with Gunicorn(env, workers=1) as first, Gunicorn(env, workers=1) as second:
            yield first.url, second.url, ids


def anonymous_page(url):
    response = requests.get(url, timeout=10)
    return response.status_code, response.text


def test_a_review_published_through_one_server_shows_at_once_on_both(two_servers):
    first, second, ids = two_servers
    page = "/films/never-let-me-go-2010/"
    for server in (first, second):  # both servers have the page cached in Redis now
        assert "Held for moderation" not in anonymous_page(server + page)[1]
        assert requests.get(server + page, timeout=10).headers.get("X-Cache") == "hit"

    moderator = admin_session(first, "scale_moderator", "scale-out-password")
    admin_action(moderator, first, "/admin/reviews/review/", "publish_selected", ids["review"])

    for server in (first, second):
        assert "Held for moderation in the scale-out test" in anonymous_page(server + page)[1]


def test_an_advisory_published_through_the_other_server_shows_at_once_on_both(two_servers):
    first, second, ids = two_servers
    page = "/films/brooklyn-2015/"
    home = "/"
    for server in (first, second):
        assert anonymous_page(server + page)[0] == 404
        assert "published through the second server" not in anonymous_page(server + home)[1]

    editor = admin_session(second, "scale_editor", "scale-out-password")
    admin_action(editor, second, "/admin/advisories/advisory/", "publish_selected", ids["advisory"])

    for server in (first, second):
        status, text = anonymous_page(server + page)
        assert status == 200
        assert "Brooklyn, published through the second server" in text
        assert "published through the second server" in anonymous_page(server + home)[1]
