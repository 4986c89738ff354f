"""A database from before community advisories migrates with every review's age and
scores moved to its author's contribution, and every figure counted, on this pass's engine."""

import contextlib
import json

import pytest

from loadtest.servers import ScratchPostgres, manage, site_environment
from tests.writers import backend_of_this_pass

BEFORE = [
    ("reviews", "0007_review_body_length"),
    ("advisories", "0003_covering_indexes"),
    ("families", "0001_initial"),
]

BUILD = """
import json
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

targets = [tuple(target) for target in json.loads(TARGETS)]
executor = MigrationExecutor(connection)
executor.migrate(targets)
old = executor.loader.project_state(targets).apps
User = old.get_model("accounts", "User")
Film = old.get_model("films", "Film")
Review = old.get_model("reviews", "Review")
films = [Film.objects.create(title=f"F{i}", year=2000 + i, slug=f"f-{i}") for i in range(2)]
for n in range(4):
    user = User.objects.create(
        username=f"u{n}", email=f"u{n}@example.org", password="!", birth_year=1980, birth_month=1,
        date_joined=timezone.now(),
    )
    Review.objects.create(
        film=films[0], author=user, author_role="parent", stars=4, age_recommendation=8 + n,
        violence_score=n, title="t", body="b" * 30, status="published" if n < 3 else "pending",
        created_at=timezone.now(),
    )
Review.objects.create(
    film=films[1], author=user, author_role="parent", stars=4, age_recommendation=10, title="t",
    body="b" * 30, status="published", created_at=timezone.now(),
)
print("built")
"""

READ_BACK = """
import json
from django.db.models import F
from advisories.models import FilmRating
from reviews.models import CommunityAdvisory, Contribution, Review
print(json.dumps({
    "contributions": list(Contribution.objects.order_by("pk").values_list("age", "violence_score", "status")),
    "reviews_with_their_rating": Review.objects.filter(contribution__author=F("author")).count(),
    "community": list(
        CommunityAdvisory.objects.order_by("film__slug").values_list("contributors", "age", "is_shown")
    ),
    "ratings": list(FilmRating.objects.values_list("film__slug", "source", "age")),
}))
"""


def python(env, script):
    return manage(env, "shell", "-c", script).strip().splitlines()[-1]


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_reviews_ages_and_scores_become_contributions_and_the_figures_are_counted(backend, tmp_path):
    with contextlib.ExitStack() as stack:
        database = {}
        if backend == "postgresql":
            database["DATABASE_URL"] = stack.enter_context(ScratchPostgres()).url
        env = site_environment(tmp_path, **database)
        assert python(env, f"TARGETS = {json.dumps(json.dumps(BEFORE))}\n" + BUILD) == "built"

        manage(env, "migrate", "--noinput")

        assert json.loads(python(env, READ_BACK)) == {
            "contributions": [
                [8, 0, "published"],
                [9, 1, "published"],
                [10, 2, "published"],
                [11, 3, "pending"],
                [10, None, "published"],
            ],
            "reviews_with_their_rating": 5,
            "community": [[3, 9, True], [1, 10, False]],
            "ratings": [["f-0", "community", 9]],
        }
