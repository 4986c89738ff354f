"""Sign-up refuses a username that reads as another member's or as the team's (issue 17:
`еditor` with a Cyrillic е, `parentА` beside `parentA`)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.confusables import skeleton
from accounts.forms import SignUpForm
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PASSWORD = "a quiet walk by the sea"
LOOKS_LIKE = "looks too much like another member"
RESERVED = "would pass for the Reelwise team"


def signup(client, username):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": "someone@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_month": 1,
            "birth_year": timezone.localdate().year - 40,
        },
    )


@pytest.mark.parametrize(
    "username",
    [
        "parentА",  # Cyrillic capital A
        "pаrentA",  # Cyrillic small a
        "PARENTa",  # only the case differs: "taken"
        "ｐａｒｅｎｔＡ",  # fullwidth
        "pärentA",  # an accent
        "parent_A",  # a separator
    ],
)
def test_a_username_that_reads_as_an_existing_one_is_refused_and_nothing_is_stored(client, username):
    UserFactory(username="parentA")

    page = signup(client, username).content.decode()

    assert LOOKS_LIKE in page or "That username is taken" in page
    assert list(User.objects.values_list("username", flat=True)) == ["parentA"]


def test_the_cyrillic_lookalike_names_the_problem(client):
    UserFactory(username="parentA")

    page = signup(client, "parentА").content.decode()

    assert LOOKS_LIKE in page


@pytest.mark.parametrize(
    "username",
    ["editor", "еditor", "Editor", "EDITOR", "ADMIN", "Admin", "аdmіn", "moderator", "rnoderator",
     "Mod.Erator", "staff", "support", "reelwise", "ReelWise_Fan", "r00t", "SYSTEM", "official", "help"],
)  # fmt: skip
def test_a_name_that_passes_for_the_teams_is_refused(client, username):
    page = signup(client, username).content.decode()

    assert RESERVED in page
    assert not User.objects.exists()


@pytest.mark.parametrize("username", ["parentB", "parent_pat", "Maya_mum", "editorial_dad", "émile"])
def test_a_name_that_reads_differently_signs_up(client, username):
    UserFactory(username="parentA")

    response = signup(client, username)

    assert response.status_code == 302
    assert User.objects.filter(username=username).exists()


def test_the_lookalike_check_is_one_indexed_query_whatever_the_number_of_members():
    UserFactory.create_batch(30)
    form = SignUpForm()
    form.cleaned_data = {"username": "new_member"}

    with CaptureQueriesContext(connection) as queries:
        form.clean_username()

    # The one query: the first account whose username_skeleton is the new name's.
    assert len(queries.captured_queries) == 1
    assert '"username_skeleton" =' in queries.captured_queries[0]["sql"]


def test_every_save_keeps_the_skeleton_of_the_username():
    user = UserFactory(username="Kim")
    user.username = "Kіm_2"  # Cyrillic і
    user.save(update_fields=["username"])

    user.refresh_from_db()
    assert user.username_skeleton == skeleton("kim2") == "klrn2"


def test_the_migration_fills_the_skeleton_of_every_existing_account():
    UserFactory(username="Editor_Ed")
    UserFactory(username="parentА")
    User.objects.update(username_skeleton="")
    migration = importlib.import_module("accounts.migrations.0003_user_username_skeleton")

    migration.fill_skeletons(apps, None)

    assert dict(User.objects.values_list("username", "username_skeleton")) == {
        "Editor_Ed": "edltored",
        "parentА": "parenta",
    }
