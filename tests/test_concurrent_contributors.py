"""Sixteen members rate one film at the same moment: every rating is stored, none fails,
and the figures the site keeps equal a recount of the rows.

Each member writes from a thread of its own, with a database connection of its own, so the
test needs a real database rather than the suite's: it migrates a new SQLite file (the
SQLite pass of `make test`) or a new PostgreSQL database (the PostgreSQL pass) and runs the
writers inside that site (manage.py shell), as test_concurrent_writers.py does.
"""

import contextlib
import json

import pytest
from django.conf import settings

from loadtest.servers import ScratchPostgres, manage, site_environment
from reviews import ratings
from tests.writers import backend_of_this_pass

pytestmark = pytest.mark.load  # see make test: run alone, after the rest

WRITERS = 16

RATE_AT_ONCE = """
import datetime, json, threading
from django.db import connections
from django.utils import timezone
from accounts.models import User
from advisories.models import Category, FilmRating
from films.models import Film
from reviews import ratings, services
from reviews.models import CommunityAdvisory, Contribution

WRITERS = {writers}
film = Film.objects.create(title="Rated at once", year=2001, runtime=90)
today = timezone.localdate()
members = [
    User.objects.create(
        username=f"rater{{n:02d}}", birth_year=today.year - (15 if n % 3 == 0 else 40), birth_month=1,
        date_joined=timezone.now() - datetime.timedelta(days=30),
    )
    for n in range(WRITERS)
]
connections.close_all()
start = threading.Barrier(WRITERS)
errors = []

def write(n, member):
    try:
        start.wait()
        services.submit_contribution(
            author=member, film=film, age=2 + n % 17,
            scores={{category.value: (n + i) % 6 for i, category in enumerate(Category)}},
        )
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=write, args=(n, member)) for n, member in enumerate(members)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
published = Contribution.objects.filter(film=film, status="published")
rows = list(published.values_list("author_role", "age", *(f"{{c.value}}_score" for c in Category)))
kept = CommunityAdvisory.objects.get(film=film)
rating = FilmRating.objects.filter(film=film)
rating = rating.values("source", "contributors", "age", *Category.values).first()
print(json.dumps({{
    "errors": errors,
    "rows": rows,
    "kept": {{name: getattr(kept, name) for name in ratings.figures(rows)}},
    "rating": rating,
}}))
"""


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_sixteen_concurrent_contributors_lose_nothing_and_the_medians_equal_a_recount(backend, tmp_path):
    # SQLite: a new file in the site's own var folder.
    with ScratchPostgres() if backend == "postgresql" else contextlib.nullcontext() as database:
        env = site_environment(
            tmp_path,
            STATIC_ROOT=str(settings.STATIC_ROOT),
            **({"DATABASE_URL": database.url} if database else {}),
        )
        manage(env, "migrate", "--noinput", "-v0")
        output = manage(env, "shell", "-c", RATE_AT_ONCE.format(writers=WRITERS))
    outcome = json.loads(output.strip().splitlines()[-1])

    assert outcome["errors"] == []
    assert len(outcome["rows"]) == WRITERS
    recount = ratings.figures(outcome["rows"])
    assert outcome["kept"] == recount
    assert (recount["contributors"], recount["parents"], recount["teens"]) == (WRITERS, 10, 6)
    # The filters read the effective rating: the community's, as counted.
    rating = outcome["rating"]
    assert rating == {"source": "community", **{name: recount[name] for name in rating if name != "source"}}
