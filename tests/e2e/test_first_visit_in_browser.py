"""A first visit, as issue 18 walked it, at 1280 and 360 pixels: the per-child verdict found
from the home page, one button style, compare on a phone, "Add to compare" coming back,
why a review waits, helpful counts, the one-day sign-up refusal, and the editors' admin."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from films.models import Film
from reviews.models import HelpfulMark
from tests.factories import (
    AdvisoryFactory,
    ChildFactory,
    FilmFactory,
    ReviewFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
CALM = dict.fromkeys(["violence", "sex", "language", "consumerism", "drinking"], 0)
BUTTON_ORANGE = "rgb(194, 65, 12)"


def accessibility_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]


def check_both_widths(page, screenshot, name):
    """No axe violation and nothing wider than the screen, at 1280 and at 360 pixels; a
    screenshot of each."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        assert accessibility_violations(page) == [], f"{name} at {label}"
        width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width <= client_width, f"{name} scrolls sideways at {label}"
        screenshot(f"{name}-{label}")
    page.set_viewport_size(DESKTOP)


def sign_in(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def every_submit_is_a_styled_button(page):
    """Each form's submit in the page's main part carries the one button style."""
    return page.evaluate(
        """[...document.querySelectorAll('main button, main input[type=submit]')]
             .filter(b => !b.classList.contains('button'))
             .map(b => b.textContent.trim())"""
    )


def test_a_new_parent_goes_from_the_home_page_to_a_verdict_for_two_children(page, screenshot):
    """No README: every step is a link or a button the page offers."""
    AdvisoryFactory(film__title="Lantern Bay", film__year=2020, age=8, scores=CALM | {"violence": 2})
    page.goto("/")
    pitch = page.get_by_role("region", name="A verdict for each of your children")
    expect(pitch).to_contain_text("Fine for Maya (10)")
    check_both_widths(page, screenshot, "first-visit-home")

    pitch.get_by_role("link", name="Create a free parent account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    expect(page.locator("main")).to_contain_text("a verdict for each child")
    check_both_widths(page, screenshot, "first-visit-signup")
    page.fill("#id_username", "new_parent")
    page.fill("#id_email", "new.parent@example.com")
    page.fill("#id_password1", "a quiet walk by the sea")
    page.fill("#id_password2", "a quiet walk by the sea")
    page.select_option("#id_birth_month", "3")
    page.select_option("#id_birth_year", str(timezone.localdate().year - 38))
    page.get_by_role("button", name="Create account").click()

    welcome = page.get_by_role("region", name="Welcome to Reelwise, new_parent")
    expect(welcome).to_contain_text("every film page shows a verdict for each of them")
    check_both_widths(page, screenshot, "first-visit-welcome")
    welcome.get_by_role("link", name="Add your first child").click()
    for nickname, age in (("Maya", 10), ("Leo", 6)):
        page.get_by_label("Nickname").fill(nickname)
        page.get_by_label("Birth year").fill(str(timezone.localdate().year - age))
        page.get_by_role("button", name="Add child").click()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name=f"{nickname} ({age})")).to_be_visible()
    expect(page.get_by_role("region", name="Welcome to Reelwise, new_parent")).to_have_count(0)

    page.get_by_role("link", name="Browse films").click()
    page.get_by_role("link", name="Lantern Bay (2020)").click()
    verdicts = page.get_by_role("region", name="For your family")
    expect(verdicts).to_contain_text("Fine for Maya (10)")
    expect(verdicts).to_contain_text("Check for Leo (6)")
    expect(verdicts).to_contain_text("violence & scariness 2 is above Leo's limit 1")
    check_both_widths(page, screenshot, "first-visit-verdicts")

    page.goto("/")
    expect(page.get_by_role("region", name="A verdict for each of your children")).to_contain_text(
        "Set up your family"
    )
    check_both_widths(page, screenshot, "first-visit-home-signed-in")

    page.goto("/accounts/")
    expect(page.get_by_role("region", name="Your family")).to_contain_text(
        "You have told us about 2 children"
    )
    check_both_widths(page, screenshot, "first-visit-account")


def test_the_signed_out_film_page_invites_a_parent_and_brings_them_back(page, screenshot):
    film = AdvisoryFactory(film__title="Quiet Hill", film__year=2018, age=4, scores=CALM).film
    page.goto(film.get_absolute_url())
    check_both_widths(page, screenshot, "film-page-signed-out-invitation")

    page.get_by_role("link", name="See a verdict for each of your children").click()
    page.fill("#id_username", "came_from_a_film")
    page.fill("#id_email", "film@example.com")
    page.fill("#id_password1", "a quiet walk by the sea")
    page.fill("#id_password2", "a quiet walk by the sea")
    page.select_option("#id_birth_month", "5")
    page.select_option("#id_birth_year", str(timezone.localdate().year - 41))
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(re.escape(film.get_absolute_url()) + "$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Reelwise, came_from_a_film")
    expect(page.get_by_role("link", name="Tell us about your children")).to_be_visible()
    check_both_widths(page, screenshot, "film-page-after-signup")


def test_compare_comes_back_says_what_is_in_the_list_and_reads_on_a_phone(page, screenshot):
    first = AdvisoryFactory(film__title="Lantern Bay", film__year=2020, age=8, scores=CALM).film
    second = AdvisoryFactory(film__title="Quiet Hill", film__year=2018, age=4, scores=CALM).film
    third = AdvisoryFactory(
        film__title="Night Run", film__year=2021, age=13, scores=CALM | {"language": 4}
    ).film
    parent = UserFactory(username="comparing_cam")
    ChildFactory(owner=parent, nickname="Maya", age=10)
    ChildFactory(owner=parent, nickname="Leo", age=6)

    page.goto("/films/?ordering=title")
    expect(page.get_by_role("link", name="Compare", exact=True)).to_be_visible()
    page.get_by_role("link", name="Add Lantern Bay to compare").click()
    expect(page).to_have_url(re.compile(r"/films/\?ordering=title#film-lantern-bay-2020$"))
    expect(page.get_by_role("status")).to_contain_text("Added Lantern Bay to your compare list (1 of 4)")
    card = page.locator("#film-lantern-bay-2020")
    expect(card).to_contain_text("In your compare list")
    expect(page.get_by_role("link", name="Compare (1) film in your list")).to_be_visible()
    page.get_by_role("link", name="Add Night Run to compare").click()
    expect(page.get_by_role("link", name="Compare (2) films in your list")).to_be_visible()
    check_both_widths(page, screenshot, "compare-cards-in-list")

    page.goto(third.get_absolute_url())
    expect(page.locator(".compare-add")).to_contain_text("In your compare list")
    page.get_by_role("link", name="Remove Night Run from compare").click()
    expect(page.get_by_role("status")).to_contain_text("Removed Night Run from your compare list.")
    expect(page).to_have_url(re.compile(re.escape(third.get_absolute_url()) + "$"))
    page.get_by_role("link", name="Add to compare", exact=True).click()
    page.goto(second.get_absolute_url())
    page.get_by_role("link", name="Add to compare", exact=True).click()
    expect(page.get_by_role("link", name="Compare (3) films in your list")).to_be_visible()
    check_both_widths(page, screenshot, "compare-film-page-in-list")

    # Logging in keeps the list the visitor made before.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.fill("#id_username", "comparing_cam")
    page.fill("#id_password", "correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Compare (3) films in your list").click()
    table = page.get_by_role("table", name="3 films compared")
    for film in (first, second, third):
        expect(table).to_contain_text(f"{film.title} ({film.year})")
    expect(page.get_by_role("link", name="Compare (3) films in your list")).to_be_visible()
    check_both_widths(page, screenshot, "compare-table")

    # On a phone the films scroll sideways inside the table; the category names stay put.
    page.set_viewport_size(PHONE)
    region = page.get_by_role("region", name="3 films compared")
    row_name = table.get_by_role("rowheader", name=re.compile("^Violence"))
    before = row_name.bounding_box()
    region.evaluate("element => element.scrollLeft = element.scrollWidth")
    after = row_name.bounding_box()
    assert region.evaluate("element => element.scrollLeft") > 100
    assert after["x"] == pytest.approx(before["x"], abs=1)
    assert after["x"] + after["width"] <= PHONE["width"]
    screenshot("compare-table-phone-scrolled")
    page.set_viewport_size(DESKTOP)


def test_the_family_page_usual_limits_stack_on_a_phone(page, live_server, screenshot):
    sign_in(page, UserFactory(username="phone_parent"), live_server.url)
    page.goto("/family/")

    check_both_widths(page, screenshot, "family-usual-limits")
    page.set_viewport_size(PHONE)
    table = page.get_by_role("table", name="Usual limits for each age")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    expect(table.get_by_role("cell").first).to_be_visible()


def test_a_new_members_review_says_why_it_waits_and_shows_the_scores_they_gave(page, live_server, screenshot):
    film = AdvisoryFactory(film__title="Storm Coast", film__year=2019).film
    sign_in(page, UserFactory(username="brand_new", date_joined=timezone.now()), live_server.url)
    page.goto(f"/films/{film.slug}/review/")
    assert every_submit_is_a_styled_button(page) == []
    page.get_by_label("4 out of 5").check()
    page.get_by_label("Recommended age").select_option("10")
    page.get_by_label("Title").fill("Louder than we expected")
    page.get_by_label("Your review").fill("The storm scenes are long and loud, more than the trailer shows.")
    page.get_by_role("group", name="How much of each is in it? (optional)").get_by_label(
        "Violence & scariness"
    ).select_option("4")
    post = page.get_by_role("button", name="Post review")
    assert post.evaluate("b => getComputedStyle(b).backgroundColor") == BUTTON_ORANGE
    post.click()

    expect(page.get_by_role("status")).to_contain_text(
        "new accounts' reviews wait for a moderator for their first day"
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Moderators usually read a waiting review within a day."
    )
    own = page.get_by_role("region", name="Your review")
    expect(own).to_contain_text(
        "Why it waits: new accounts' reviews wait for a moderator for their first day"
    )
    expect(own).to_contain_text("Violence & scariness: 4")
    check_both_widths(page, screenshot, "review-waiting-why")


def test_the_page_of_reviews_shows_helpful_counts_and_styled_buttons(page, live_server, screenshot):
    film = AdvisoryFactory(film__title="Long Road", film__year=2015).film
    helped = ReviewFactory(film=film, title="Helped three families")
    ReviewFactory(film=film, title="Nobody marked this one")
    for n in range(3):
        HelpfulMark.objects.create(review=helped, user=UserFactory(username=f"marker{n}"))
    sign_in(page, UserFactory(username="reader_rae"), live_server.url)

    page.goto(f"/films/{film.slug}/reviews/")

    first, second = page.locator("article.review").all()
    expect(first).to_contain_text("3 people found this helpful")
    expect(second).to_contain_text("Nobody has marked it helpful yet")
    helpful = first.get_by_role("button", name=re.compile("^Helpful"))
    assert helpful.evaluate("b => b.classList.contains('button-secondary')")
    first.locator("summary").click()
    assert every_submit_is_a_styled_button(page) == []
    check_both_widths(page, screenshot, "reviews-helpful-counts")


def test_counts_read_with_a_thousands_separator(page, screenshot):
    Film.objects.bulk_create(
        Film(title=f"Catalogue film {n}", year=1990, slug=f"catalogue-{n}-1990") for n in range(1204)
    )

    page.goto("/films/")

    expect(page.get_by_role("heading", name="1,204 films")).to_be_visible()
    check_both_widths(page, screenshot, "browse-thousands")


def test_every_account_form_uses_the_one_button_style(page, live_server, screenshot):
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        page.goto(path)
        assert every_submit_is_a_styled_button(page) == [], path
    screenshot("login-button-desktop")
    sign_in(page, UserFactory(username="buttons_bo"), live_server.url)
    for path in ("/accounts/password/", "/account/api-token/", "/accounts/delete/", "/family/"):
        page.goto(path)
        assert every_submit_is_a_styled_button(page) == [], path
    page.set_viewport_size(PHONE)
    page.goto("/accounts/signup/")
    page.set_viewport_size(DESKTOP)


def test_a_refused_signup_is_remembered_for_one_day_and_going_back_does_not_help(page, screenshot):
    page.goto("/accounts/signup/")
    page.fill("#id_username", "small_sam")
    page.fill("#id_email", "sam@example.com")
    page.fill("#id_password1", "a quiet walk by the sea")
    page.fill("#id_password2", "a quiet walk by the sea")
    page.select_option("#id_birth_month", "1")
    page.select_option("#id_birth_year", str(timezone.localdate().year - 10))
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for wanting to join in")
    check_both_widths(page, screenshot, "signup-refused")

    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for wanting to join in")
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert "sessionid" not in cookies
    expires = datetime.datetime.fromtimestamp(cookies["signup_not_possible"]["expires"], tz=datetime.UTC)
    assert abs(expires - (timezone.now() + datetime.timedelta(days=1))) < datetime.timedelta(minutes=2)
    assert cookies["signup_not_possible"]["httpOnly"]

    # The next day (the cookie has expired), a parent at the same computer can sign up.
    page.context.clear_cookies()
    page.goto("/accounts/signup/")
    expect(page.get_by_role("button", name="Create account")).to_be_visible()


def test_an_editor_writes_an_advisory_from_the_films_list(page, live_server, screenshot):
    editor = StaffFactory(username="ed", group="Editors")
    UserFactory(username="a_member")
    AdvisoryFactory(film__title="Harbour Lights", film__year=2011)
    FilmFactory(title="Harbour Days", year=2012)
    sign_in(page, editor, live_server.url)

    page.goto("/admin/films/film/?has_advisory=no")
    expect(page.locator("#changelist-filter")).to_contain_text("By whether it has an advisory")
    results = page.locator("#result_list")
    expect(results).to_contain_text("Harbour Days")
    expect(results).not_to_contain_text("Harbour Lights")
    assert accessibility_violations(page) == []
    screenshot("admin-films-without-advisory-desktop")
    page.set_viewport_size(PHONE)
    screenshot("admin-films-without-advisory-phone")
    page.set_viewport_size(DESKTOP)
    results.get_by_role("link", name="Write the advisory").click()

    expect(page.locator("#select2-id_film-container")).to_contain_text("Harbour Days (2012)")
    editors = page.locator("#id_author option").all_inner_texts()
    assert "ed" in editors and "a_member" not in editors
    page.fill("#id_prompts-0-text", "Who would you ask for help?")
    assert page.locator("#id_prompts-0-order").input_value() == "1"
    page.fill("#id_age", "9")
    page.get_by_role("button", name="Save and publish").click()

    expect(page.locator(".field-stars .errorlist")).to_have_text("Publishing needs “Quality stars”.")
    expect(page.locator(".field-story .errorlist")).to_have_text("Publishing needs “What's the story”.")
    expect(page.locator("#ratings-group .errorlist").first).to_contain_text("Publishing needs a score for")
    expect(page.locator(".field-age .errorlist")).to_have_count(0)
    # Django's empty inline headings and the unnamed autocomplete are named by
    # static/js/admin-names.js.
    admin_violations = accessibility_violations(page)
    screenshot("admin-publish-field-errors-desktop")
    page.set_viewport_size(PHONE)
    screenshot("admin-publish-field-errors-phone")
    page.set_viewport_size(DESKTOP)

    # The picker does not offer a film that has an advisory.
    page.goto("/admin/advisories/advisory/add/")
    page.locator("#id_film + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Harbour")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(["Harbour Days (2012)"])
    screenshot("admin-film-picker")
    assert admin_violations == []


def test_the_api_docs_show_a_padlock_on_writes_only(page, screenshot):
    page.goto("/api/docs/")
    page.get_by_text("Films, filtered by age and content").wait_for()

    expect(page.locator(".opblock-get")).not_to_have_count(0)
    expect(page.locator(".opblock-get .authorization__btn")).to_have_count(0)
    expect(page.locator(".opblock-post .authorization__btn")).not_to_have_count(0)
    screenshot("api-docs-padlocks-desktop")
    page.set_viewport_size(PHONE)
    screenshot("api-docs-padlocks-phone")
