import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_parent_opens_the_demo_film_page_and_reveals_a_spoiler(page, screenshot):
    call_command("load_demo", verbosity=0)

    page.goto("/films/never-let-me-go-2010/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Never Let Me Go")
    spoiler = page.get_by_text("was made during filming")
    assert not spoiler.is_visible()
    page.get_by_text("Spoiler: show this trivia").last.click()
    assert spoiler.is_visible()
    screenshot("foundation-film-page")
