"""The User model moved from the reviews app to accounts. A database made before the move
(every migration of that day applied, the user table called reviews_user) migrates forward
with every row intact, on the engine of this pass."""

import contextlib
import json

import pytest

from loadtest.servers import ScratchPostgres, manage, site_environment
from tests.writers import backend_of_this_pass

# The last migration of each app on the day accounts moved out of reviews.
BEFORE_THE_MOVE = [
    ("films", "0004_title_search_index"),
    ("advisories", "0003_covering_indexes"),
    ("reviews", "0006_review_film_index"),
    ("families", "0001_initial"),
    ("authtoken", "0004_alter_tokenproxy_options"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("sessions", "0001_initial"),
]

# Builds the database as it was: the migrations of that day, recorded as they were then
# (nothing of accounts), the user's content type under reviews, and a person with a token,
# a review and a child, written to the tables those migrations made.
BUILD = """
import django, json
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

targets = [tuple(target) for target in json.loads(TARGETS)]
executor = MigrationExecutor(connection)
executor.migrate(targets)
old = executor.loader.project_state(targets).apps
with connection.cursor() as cursor:
    cursor.execute("DELETE FROM django_migrations WHERE app = 'accounts'")
# The staff-groups migrations made the user's content type and permissions: then under reviews.
old.get_model("contenttypes", "ContentType").objects.filter(app_label="accounts").update(app_label="reviews")
user = old.get_model("accounts", "User").objects.create(
    username="maya_mum", email="maya@example.com", password="!", birth_year=1985, birth_month=3,
    date_joined=timezone.now(),
)
old.get_model("authtoken", "Token").objects.create(key="k" * 40, user=user)
film = old.get_model("films", "Film").objects.create(title="Paddington", year=2014, slug="paddington-2014")
old.get_model("reviews", "Review").objects.create(
    film=film, author=user, author_role="parent", stars=5, age_recommendation=6,
    title="Kind and funny", body="We all laughed from start to end.", created_at=timezone.now(),
)
old.get_model("families", "Child").objects.create(owner=user, nickname="Maya", birth_year=2016)
"""

READ_BACK = """
import django, json
django.setup()
from django.contrib.contenttypes.models import ContentType
from rest_framework.authtoken.models import Token
from accounts.models import User
from families.models import Child
from reviews.models import Review
user = User.objects.get(username="maya_mum")
print(json.dumps({
    "email": user.email,
    "role": user.role(),
    "token": Token.objects.get(user=user).key,
    "reviews": list(Review.objects.filter(author=user).values_list("title", flat=True)),
    "children": list(Child.objects.filter(owner=user).values_list("nickname", flat=True)),
    "user_content_types": sorted(
        ContentType.objects.filter(model="user").values_list("app_label", flat=True)
    ),
}))
"""


def python(env, script):
    return manage(env, "shell", "-c", script).strip().splitlines()[-1]


@pytest.mark.parametrize("backend", [backend_of_this_pass()])
def test_a_database_made_before_accounts_moved_migrates_with_every_row(backend, tmp_path):
    with contextlib.ExitStack() as stack:
        database = {}
        if backend == "postgresql":
            database["DATABASE_URL"] = stack.enter_context(ScratchPostgres()).url
        env = site_environment(tmp_path, **database)
        python(env, f"TARGETS = {json.dumps(json.dumps(BEFORE_THE_MOVE))}\n" + BUILD + "\nprint('built')")

        migrated = manage(env, "migrate", "--noinput")

        assert "Recorded accounts.0001_initial as applied" in migrated
        assert json.loads(python(env, READ_BACK)) == {
            "email": "maya@example.com",
            "role": "parent",
            "token": "k" * 40,
            "reviews": ["Kind and funny"],
            "children": ["Maya"],
            "user_content_types": ["accounts"],
        }
        assert "No migrations to apply" in manage(env, "migrate", "--noinput")

