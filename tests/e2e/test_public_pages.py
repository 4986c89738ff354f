"""The public pages in a real browser: clicks, spoilers, a 360-pixel phone, and axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import AdvisoryFactory, FilmFactory, GenreFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "/",
    "browse": "/films/",
    "film": "/films/never-let-me-go-2010/",
    "reviews": "/films/never-let-me-go-2010/reviews/",
}


@pytest.fixture
def demo():
    """The demo film (load_demo makes its own staff groups: browser tests flush the
    database after each test, which drops the ones a migration made)."""
    call_command("load_demo", verbosity=0)


def card_titles(page):
    return page.locator(".card-title")


def test_filters_chosen_with_clicks_change_the_results_and_can_be_removed(page):
    animation = GenreFactory(name="Animation")
    AdvisoryFactory(film__title="Little Bear", film__year=2001, age=4).film.genres.add(animation)
    AdvisoryFactory(film__title="Night Ride", film__year=2002, age=13, scores={"violence": 4})
    FilmFactory(title="Plain Facts", year=2003)

    page.goto("/films/")
    expect(page.locator(".results-count")).to_have_text("3 films")

    page.get_by_label("Suits age").select_option("8")
    page.get_by_role("button", name="Show films").click()

    expect(page).to_have_url(re.compile(r"age_max=8"))
    expect(page.locator(".results-count")).to_have_text("1 film")
    expect(card_titles(page)).to_have_text(["Little Bear (2001)"])

    page.get_by_role("link", name="Remove this filter: Suits age 8").click()
    expect(page.locator(".results-count")).to_have_text("3 films")
    page.get_by_text("Content limits").click()
    page.get_by_label("Violence & scariness: at most").select_option("3")
    page.get_by_role("button", name="Show films").click()
    expect(card_titles(page)).to_have_text(["Little Bear (2001)"])

    page.get_by_label("Violence & scariness: at most").select_option("")
    page.get_by_label("Advisory", exact=True).select_option("false")
    page.get_by_role("button", name="Show films").click()
    expect(card_titles(page)).to_have_text(["Plain Facts (2003)"])


def test_the_filters_and_spoilers_work_with_javascript_turned_off(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto("/films/")
    page.get_by_label("Suits age").select_option("6")
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Show films").click()
    expect(page).to_have_url(re.compile(r"age_max=6"))
    expect(card_titles(page)).to_have_text(
        ["Inside Out (2015)", "My Neighbor Totoro (1988)", "Paddington 2 (2017)"]
    )

    page.goto(PAGES["film"])
    spoiler = page.get_by_text("the change was made during filming")
    expect(spoiler).to_be_hidden()
    page.get_by_text("Spoiler: show this trivia").last.click()
    expect(spoiler).to_be_visible()
    context.close()


def test_a_parent_searches_from_the_home_page_and_uses_an_age_shortcut(page):
    AdvisoryFactory(film__title="Paddington 2", film__year=2017, age=6)
    AdvisoryFactory(film__title="Jaws", film__year=1975, age=13)

    page.goto("/")
    page.get_by_label("Search films by title").fill("padd")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(card_titles(page)).to_have_text(["Paddington 2 (2017)"])

    page.goto("/")
    page.get_by_role("link", name="5-7").click()
    expect(page).to_have_url(re.compile(r"age_max=7"))
    expect(card_titles(page)).to_have_text(["Paddington 2 (2017)"])


def test_spoiler_trivia_stays_hidden_until_the_reader_asks(page, demo):
    page.goto(PAGES["film"])

    spoiler = page.get_by_text("the change was made during filming")
    expect(spoiler).to_be_hidden()
    page.get_by_text("Spoiler: show this trivia").last.click()
    expect(spoiler).to_be_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_passes_axe_and_fits_a_360_pixel_phone(page, screenshot, demo, name):
    axe = Axe()

    page.set_viewport_size(DESKTOP)
    page.goto(PAGES[name])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(246, 245, 241)", "the page has no stylesheet: axe would check bare HTML"
    desktop = axe.run(page)
    screenshot(f"{name}-desktop")

    page.set_viewport_size(PHONE)
    page.goto(PAGES[name])
    phone = axe.run(page)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    screenshot(f"{name}-phone")

    assert desktop.violations_count == 0, desktop.generate_report()
    assert phone.violations_count == 0, phone.generate_report()
    assert widths[0] <= widths[1], f"{name} scrolls sideways at 360px: {widths}"
