"""The header's film search in a real browser: type-ahead with the keyboard, what a screen
reader is told, the plain form without JavaScript, a phone, and axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def catalogue():
    AdvisoryFactory(film__title="Toy Story", film__year=1995, film__votes=200_000, age=5)
    FilmFactory(title="Toy Story 2", year=1999, votes=100_000)
    FilmFactory(title="Bullet Scars", year=1996, votes=10)
    FilmFactory(title="Cars", year=2006, votes=90_000)


def test_typing_shows_suggestions_that_the_arrow_keys_and_enter_open(page, catalogue, screenshot):
    page.goto("/")
    search = page.get_by_role("combobox", name="Search films", exact=True)

    search.press_sequentially("toy stroy", delay=30)
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Toy Story (1995)")
    expect(options.first).to_contain_text("age 5+")
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search-status")).to_contain_text("2 suggestions")
    screenshot("search-suggestions-desktop")

    search.press("ArrowDown")
    search.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", "site-search-option-1")
    search.press("ArrowUp")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/films/toy-story-1995/$"))


def test_the_screen_reader_hears_a_combobox_with_its_listbox(page, catalogue):
    page.goto("/films/")
    page.get_by_role("combobox", name="Search films", exact=True).press_sequentially("cars", delay=30)
    expect(page.get_by_role("option").first).to_contain_text("Cars (2006)")

    tree = page.locator("header").aria_snapshot()

    assert "search:" in tree
    assert re.search(r'combobox "Search films" \[expanded\]', tree), tree
    assert 'listbox "Suggested films"' in tree and 'option "Cars (2006)"' in tree, tree


def test_escape_closes_the_suggestions_and_enter_searches(page, catalogue):
    page.goto("/")
    search = page.get_by_role("combobox", name="Search films", exact=True)
    search.press_sequentially("cars", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()

    search.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/films/\?q=cars"))
    expect(page.locator(".card-title").first).to_have_text("Cars (2006)")


def test_without_javascript_the_search_box_is_a_form_to_the_results_page(browser, live_server, catalogue):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    header = page.locator("header")
    header.get_by_role("searchbox", name="Search films", exact=True).fill("the toy story")
    header.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/films/\?q=the\+toy\+story"))
    expect(page.locator(".card-title").first).to_have_text("Toy Story (1995)")
    context.close()


def test_the_search_fits_a_phone_and_axe_finds_nothing(page, catalogue, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/")
    search = page.get_by_role("combobox", name="Search films", exact=True)
    search.press_sequentially("toy", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    box = page.locator(".site-search-suggestions").bounding_box()
    screenshot("search-suggestions-phone")

    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
