from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from films.models import Film, Person
from tests.factories import StaffFactory, UserFactory

FIXTURES = Path(__file__).parent / "fixtures" / "wikipedia"
NEVER_LET_ME_GO = FIXTURES / "Never_Let_Me_Go_(2010_film).wiki"
IMPORT_URL = reverse("admin:films_film_import_wikipedia")

pytestmark = pytest.mark.django_db


def upload(path=NEVER_LET_ME_GO, content=None):
    return SimpleUploadedFile(path.name, path.read_bytes() if content is None else content)


def test_the_film_list_links_editors_to_the_import_page(client_for, editor):
    response = client_for(editor).get(reverse("admin:films_film_changelist"))

    assert f'href="{IMPORT_URL}"' in response.content.decode()
    assert "Import from Wikipedia" in response.content.decode()


def test_an_editor_sees_the_upload_form(client_for, editor):
    response = client_for(editor).get(IMPORT_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="dry_run"' in page


def test_a_dry_run_shows_what_would_change_and_saves_nothing(client_for, editor):
    response = client_for(editor).post(IMPORT_URL, {"file": upload(), "dry_run": "on"})

    page = response.content.decode()
    assert "Dry run: this is what would change (nothing was saved)" in page
    assert "Never Let Me Go (2010): created" in page
    assert "new credit: director Mark Romanek (new person)" in page
    assert not Film.objects.exists()


def test_an_import_creates_the_film_and_links_to_it(client_for, editor):
    response = client_for(editor).post(IMPORT_URL, {"file": upload()})

    film = Film.objects.get(title="Never Let Me Go", year=2010)
    page = response.content.decode()
    assert "Import done" in page
    assert reverse("admin:films_film_change", args=[film.pk]) in page
    assert film.credits.filter(role="director", person__name="Mark Romanek").exists()


def test_the_import_page_keeps_what_editors_entered(client_for, editor):
    client = client_for(editor)
    client.post(IMPORT_URL, {"file": upload()})
    Film.objects.filter(title="Never Let Me Go").update(runtime=104)
    people = Person.objects.count()

    response = client.post(IMPORT_URL, {"file": upload()})

    assert Film.objects.get(title="Never Let Me Go").runtime == 104
    assert Person.objects.count() == people
    page = response.content.decode()
    assert "Left alone (changed by an editor)" in page
    assert "runtime (minutes) 104 (the page says 103)" in page


def test_a_page_that_is_not_a_film_is_refused_on_the_form(client_for, editor):
    response = client_for(editor).post(IMPORT_URL, {"file": upload(FIXTURES / "Ada_Lovelace.wiki")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada_Lovelace.wiki: the page “Ada Lovelace” has no {{Infobox film}}" in page
    assert not Film.objects.exists()


def test_bad_json_is_refused_naming_the_line(client_for, editor):
    response = client_for(editor).post(IMPORT_URL, {"file": upload(FIXTURES / "bad_api_response.json")})

    assert "bad_api_response.json, line 1, column" in response.content.decode()
    assert not Film.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, editor):
    big = SimpleUploadedFile("huge.wiki", b"x" * (5 * 1024 * 1024 + 1))

    response = client_for(editor).post(IMPORT_URL, {"file": big})

    assert "huge.wiki is larger than 5 MB." in response.content.decode()
    assert not Film.objects.exists()


def test_posting_without_a_file_asks_for_one(client_for, editor):
    response = client_for(editor).post(IMPORT_URL, {})

    assert "This field is required." in response.content.decode()


def test_a_superuser_can_import(client_for):
    admin = StaffFactory(username="root", is_superuser=True)

    client_for(admin).post(IMPORT_URL, {"file": upload()})

    assert Film.objects.filter(title="Never Let Me Go").exists()


def test_a_moderator_cannot_import_or_see_the_page(client_for, moderator):
    client = client_for(moderator)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload()}).status_code == 403
    assert not Film.objects.exists()


def test_a_parent_and_an_anonymous_visitor_are_sent_to_the_login_page(client, client_for):
    parent = UserFactory(username="parent_pam")

    for response in (client_for(parent).get(IMPORT_URL), client.post(IMPORT_URL, {"file": upload()})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    assert not Film.objects.exists()


def test_the_film_page_says_which_facts_imports_may_still_update(client_for, editor):
    client = client_for(editor)
    client.post(IMPORT_URL, {"file": upload()})
    film = Film.objects.get(title="Never Let Me Go")
    Film.objects.filter(pk=film.pk).update(runtime=104)  # an editor's correction

    response = client.get(reverse("admin:films_film_change", args=[film.pk]))

    page = response.content.decode()
    assert "Imports may update" in page
    assert "theatrical release, budget, box office gross, IMDb id, countries" in page
    assert "runtime (minutes)," not in page
