from pathlib import Path

import pytest

from films.models import Film
from tests.factories import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = Path(__file__).parent.parent / "fixtures" / "wikipedia" / "Never_Let_Me_Go_(2010_film).wiki"


def test_an_editor_uploads_a_wikipedia_page_tries_it_then_imports_it(page, screenshot):
    # A superuser: transactional tests flush the Editors group that a migration made.
    StaffFactory(username="chief", is_superuser=True)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/films/film/")
    page.get_by_role("link", name="Import from Wikipedia").click()
    page.get_by_label("Wikipedia page").set_input_files(str(PAGE))
    page.get_by_role("button", name="Import").click()

    assert page.get_by_role("heading", name="Never Let Me Go (2010): created").is_visible()
    assert page.get_by_text("nothing was saved").is_visible()
    assert not Film.objects.exists()

    page.get_by_label("Wikipedia page").set_input_files(str(PAGE))
    page.get_by_label("Dry run: show what would change, save nothing").uncheck()
    page.get_by_role("button", name="Import").click()
    screenshot("admin-wikipedia-import-done")
    page.get_by_role("link", name="Never Let Me Go (2010)").click()

    assert page.get_by_label("Title").input_value() == "Never Let Me Go"
    assert Film.objects.get(title="Never Let Me Go").credits.filter(role="cast").count() == 11
