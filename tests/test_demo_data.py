import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import User
from films.models import Film

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_gives_the_same_row_counts():
    call_command("load_demo", verbosity=0)
    first = row_counts()

    call_command("load_demo", verbosity=0)

    assert row_counts() == first
    assert first["films.Film"] == 9
    assert first["advisories.Advisory"] == 6
    assert first["reviews.Review"] == 4


def test_the_demo_advisory_is_published_with_its_facts(client):
    call_command("load_demo", verbosity=0)

    response = client.get("/films/never-let-me-go-2010/")

    page = response.content.decode()
    assert response.status_code == 200
    for fact in [
        "age 15+",
        "Mark Romanek",
        "Carey Mulligan",
        "Kathy H",
        "young Kathy",
        "103 minutes",
        "some sexuality and nudity",
        "Fox Searchlight Pictures",
        "15 September 2010",
        "Atonement (2007)",
    ]:
        assert fact in page, fact


def test_the_demo_advisory_rates_all_seven_categories():
    call_command("load_demo", verbosity=0)

    advisory = Film.objects.get(slug="never-let-me-go-2010").advisory

    assert advisory.missing_for_publication() == []
    assert advisory.ratings.count() == 7


def test_create_editor_prints_a_login_that_opens_the_admin(client, capsys):
    call_command("load_demo", verbosity=0)
    call_command("create_editor")
    out = capsys.readouterr().out
    password = out.split("password:")[1].split()[0]

    # Through the log-in page: django-axes needs the request that client.login() does not give.
    logged_in = client.post("/admin/login/", {"username": "editor", "password": password, "next": "/admin/"})

    assert logged_in.status_code == 302
    assert client.get("/admin/advisories/advisory/").status_code == 200


def test_the_demo_loads_and_its_editor_can_edit_even_if_the_staff_groups_were_lost():
    Group.objects.all().delete()

    call_command("load_demo", verbosity=0)

    editor = User.objects.get(username="editor")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.has_perm("advisories.change_advisory")


def test_the_demo_shows_a_community_advisory_one_below_the_threshold_and_one_that_disagrees(client):
    from advisories.models import FilmRating

    call_command("load_demo", stdout=io.StringIO())

    brooklyn = client.get("/films/brooklyn-2015/").content.decode()
    assert "From 4 Reelwise members. Our editors have not reviewed this film yet." in brooklyn
    assert FilmRating.objects.get(film__slug="brooklyn-2015").source == "community"
    assert "2 members have rated it so far" in client.get("/films/atonement-2007/").content.decode()
    totoro = client.get("/films/my-neighbor-totoro-1988/").content.decode()
    assert "members <strong>7+</strong>" in totoro and "differs by 2 or more" in totoro
