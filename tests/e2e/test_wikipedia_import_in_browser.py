from pathlib import Path

import pytest
from playwright.sync_api import expect

from films.models import Film
from tests.factories import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = Path(__file__).parent.parent / "fixtures" / "wikipedia" / "Never_Let_Me_Go_(2010_film).wiki"


def test_an_editor_uploads_a_wikipedia_page_tries_it_then_imports_it(page, screenshot):
    # A superuser, not an editor: the Editors group comes from a migration, and every
    # transactional test before this one flushed it. (This file sorts after the other
    # browser tests so that its own flush does not take the group from them.)
    StaffFactory(username="chief", is_superuser=True)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/films/film/")
    page.get_by_role("link", name="Import from Wikipedia").click()
    page.get_by_label("Wikipedia page").set_input_files(str(PAGE))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="Never Let Me Go (2010): created")).to_be_visible()
    expect(page.get_by_text("nothing was saved")).to_be_visible()
    assert not Film.objects.exists()

    page.get_by_label("Wikipedia page").set_input_files(str(PAGE))
    page.get_by_label("Dry run: show what would change, save nothing").uncheck()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import done")).to_be_visible()
    screenshot("admin-wikipedia-import-done")
    page.get_by_role("link", name="Never Let Me Go (2010)").click()

    expect(page.get_by_label("Title")).to_have_value("Never Let Me Go")
    assert Film.objects.get(title="Never Let Me Go").credits.filter(role="cast").count() == 11
