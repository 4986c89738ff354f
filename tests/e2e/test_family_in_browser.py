"""A parent sets up a family through the pages, sees a verdict per child, and compares films."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AdvisoryFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def accessibility_violations(page):
    results = Axe().run(page)
    return [(v["id"], v["help"]) for v in results.response["violations"]]


def fits_a_phone(page):
    page.set_viewport_size(PHONE)
    width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= client_width


def add_child(page, nickname, age):
    page.get_by_label("Nickname").fill(nickname)
    page.get_by_label("Birth year").fill(str(timezone.localdate().year - age))
    page.get_by_role("button", name="Add child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{nickname}'s limits")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=f"{nickname} ({age})")).to_be_visible()


def test_a_parent_adds_two_children_sees_their_verdicts_and_compares_three_films(page, screenshot):
    calm = dict.fromkeys(["violence", "sex", "language", "consumerism", "drinking"], 0)
    first = AdvisoryFactory(
        film__title="Lantern Bay", film__year=2020, age=8, scores=calm | {"violence": 2}
    ).film
    second = AdvisoryFactory(film__title="Quiet Hill", film__year=2018, age=4, scores=calm).film
    third = AdvisoryFactory(
        film__title="Night Run", film__year=2021, age=13, scores=calm | {"language": 4}
    ).film
    UserFactory(username="family_fran")

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("family_fran")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto("/family/")
    add_child(page, "Maya", 10)
    add_child(page, "Leo", 6)
    assert accessibility_violations(page) == []
    screenshot("family-page")

    page.goto(first.get_absolute_url())
    verdicts = page.get_by_role("region", name="For your family")
    expect(verdicts).to_contain_text("Fine for Maya (10)")
    expect(verdicts).to_contain_text("Check for Leo (6)")
    expect(verdicts).to_contain_text("violence & scariness 2 is above Leo's limit 1")
    expect(verdicts).to_contain_text("the editors say age 8+")
    assert accessibility_violations(page) == []
    screenshot("film-page-verdicts")

    page.get_by_role("link", name="Add to compare", exact=True).click()
    page.goto("/films/?ordering=title")
    for film in (second, third):
        page.get_by_role("link", name=f"Add {film.title} to compare").click()
        expect(page).to_have_url(re.compile(r"/films/\?ordering=title#film-"))
    page.get_by_role("link", name="Compare (3) films in your list").click()
    table = page.get_by_role("table", name="3 films compared")
    expect(table.get_by_role("columnheader")).to_have_count(3)
    for film in (first, second, third):
        expect(table).to_contain_text(f"{film.title} ({film.year})")
    expect(table.get_by_role("row", name=re.compile("^For Leo"))).to_contain_text("Check for Leo (6)")
    expect(table.get_by_role("row", name=re.compile("^For Maya"))).to_contain_text("Fine for Maya (10)")
    assert accessibility_violations(page) == []
    screenshot("compare-desktop")
    assert fits_a_phone(page)
    assert accessibility_violations(page) == []
    screenshot("compare-phone")


def test_a_parent_scores_categories_in_a_review_and_the_film_page_sets_them_beside_the_editors(
    page, screenshot
):
    film = AdvisoryFactory(film__title="Storm Coast", film__year=2019, scores={"violence": 1}).film
    UserFactory(username="scoring_sam")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("scoring_sam")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(f"/films/{film.slug}/review/")
    page.get_by_label("4 out of 5").check()
    page.get_by_label("Recommended age").select_option("10")
    page.get_by_label("Title").fill("Louder than we expected")
    page.get_by_label("Your review").fill("The storm scenes are long and loud, more than the trailer shows.")
    page.get_by_role("group", name="How much of each is in it? (optional)").get_by_label(
        "Violence & scariness"
    ).select_option("4")
    assert accessibility_violations(page) == []
    page.set_viewport_size(PHONE)
    screenshot("review-form-scores-phone")
    page.get_by_role("button", name="Post review").click()

    table = page.get_by_role("table", name="Scores from 0 to 5 by category")
    row = table.get_by_role("row", name=re.compile("^Violence"))
    expect(row).to_contain_text("4.0 (1 review) differs by 2 or more")
    assert accessibility_violations(page) == []
