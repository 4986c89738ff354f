"""The community's advisory in a browser: a member rates a film at 1280 and 360 pixels, the
film page shows the community advisory with its spread bars, another member finds a note
helpful without leaving it, and an editor goes from Most wanted to an advisory prefilled
from the community's. axe finds nothing on any of these pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from reviews.models import Contribution
from tests.factories import ContributionFactory, FilmFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


def accessibility_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]


def fits_the_width(page):
    width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= client_width


def sign_in(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def test_a_member_rates_a_film_on_a_phone_and_another_finds_the_note_helpful(page, live_server, screenshot):
    film = FilmFactory(title="Tide Runners", year=2017)
    for age, violence in ((10, 2), (14, 4)):
        ContributionFactory(film=film, age=age, violence_score=violence, language_score=1)
    rater = UserFactory(username="rating_rae")
    sign_in(page, rater, live_server.url)

    page.goto(f"/films/{film.slug}/rate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate what's in Tide Runners (2017)")
    assert accessibility_violations(page) == []
    assert fits_the_width(page)
    screenshot("rate-page-desktop")
    page.set_viewport_size(PHONE)
    assert accessibility_violations(page) == []
    assert fits_the_width(page)

    page.get_by_label("The youngest age it suits").select_option("12")
    page.get_by_role("group", name="Violence & scariness").get_by_label(re.compile(r"^\s*3: ")).check()
    page.get_by_role("group", name="Language").get_by_label(re.compile(r"^\s*2: ")).check()
    page.get_by_label("Violence & scariness: a note (optional)").fill("The storm at sea is loud and long.")
    screenshot("rate-page-filled-phone")
    page.get_by_role("button", name="Add my rating").click()

    expect(page).to_have_url(re.compile(rf"/films/{film.slug}/#community-advisory$"))
    expect(page.get_by_text("Thank you: your rating counts now.")).to_be_visible()
    advisory = page.get_by_role("region", name="What members say is in it")
    expect(advisory).to_contain_text("From 3 Reelwise members. Our editors have not reviewed this film yet.")
    spread = "Violence & scariness: 0 said 0, 0 said 1, 1 said 2, 1 said 3, 1 said 4, 0 said 5"
    expect(advisory.get_by_role("img", name=spread)).to_be_visible()
    expect(advisory).to_contain_text("You rated it age 12+")
    assert accessibility_violations(page) == []
    assert fits_the_width(page)
    screenshot("community-advisory-phone")
    page.set_viewport_size(DESKTOP)
    assert accessibility_violations(page) == []

    # Another member finds the note helpful: a plain form, back at the note.
    sign_in(page, UserFactory(username="reading_rob"), live_server.url)
    note = Contribution.objects.get(author=rater)
    page.goto(film.get_absolute_url())
    page.get_by_role("button", name="Helpful: rating_rae's notes").click()

    expect(page).to_have_url(re.compile(rf"/films/{film.slug}/#note-{note.pk}$"))
    marked = page.locator(f"#note-{note.pk}")
    expect(marked).to_contain_text("1 person found these notes helpful")
    expect(marked).to_contain_text("You found them helpful.")
    assert accessibility_violations(page) == []


def test_an_editor_goes_from_most_wanted_to_an_advisory_started_from_the_communitys(
    page, live_server, screenshot
):
    film = FilmFactory(title="Lantern Hill", year=2019)
    for age, violence, sex in ((10, 2, 0), (12, 3, 1), (14, 3, 1)):
        ContributionFactory(film=film, age=age, violence_score=violence, sex_score=sex)
    FilmFactory(title="Nobody's asked")
    sign_in(page, StaffFactory(username="ed", group="Editors"), live_server.url)

    page.goto("/admin/reviews/mostwantedfilm/")
    expect(page.get_by_text("Ranked by points")).to_be_visible()
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("Lantern Hill")
    expect(page.locator("#result_list")).not_to_contain_text("Nobody's asked")
    expect(page.locator("#result_list thead")).to_contain_text("Page views")
    assert accessibility_violations(page) == []
    screenshot("admin-most-wanted")

    row.get_by_role("link", name="Write the advisory").click()
    expect(page.get_by_text("The community's advisory: 3 members")).to_be_visible()
    page.get_by_role("link", name="Start from the community's").click()

    expect(page).to_have_url(re.compile(rf"film={film.pk}&from_community=1"))
    assert page.locator("#id_age").input_value() == "12"
    scores = {
        page.locator(f"#id_ratings-{n}-category").input_value(): page.locator(
            f"#id_ratings-{n}-score"
        ).input_value()
        for n in range(7)
    }
    assert scores == {
        "violence": "3",
        "sex": "1",
        "language": "",
        "consumerism": "",
        "drinking": "",
        "positive_messages": "",
        "role_models": "",
    }
    screenshot("admin-advisory-started-from-the-community")
