"""A review's text is shown as text: nothing a reviewer types runs in a reader's browser."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from reviews import services
from reviews.models import Review
from tests.factories import AdvisoryFactory, ReviewFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def accessibility_violations(page, selector="body"):
    results = Axe().run(page, context=selector)
    return [(v["id"], v["help"]) for v in results.response["violations"]]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_review_made_of_markup_is_shown_literally_and_runs_nothing(page, screenshot):
    film = AdvisoryFactory(film__title="Safe Harbour", film__year=2019).film
    UserFactory(username="sneaky_sam")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    log_in(page, "sneaky_sam")
    page.goto(f"/films/{film.slug}/review/")
    page.get_by_label("5 out of 5").check()
    page.get_by_label("Recommended age").select_option("12")
    page.get_by_label("Title").fill(ATTACK)
    page.get_by_label("Your review").fill(ATTACK)
    page.get_by_label("Great messages").check()
    page.get_by_role("button", name="Post review").click()
    expect(page).to_have_url(re.compile(r"/films/safe-harbour-2019/#review-\d+$"))

    review = Review.objects.get(author__username="sneaky_sam")
    if review.status != Review.Status.PUBLISHED:
        services.moderate(moderator=StaffFactory(), review=review, status=Review.Status.PUBLISHED)
    page.goto(film.get_absolute_url())

    assert page.locator(f"#review-{review.pk} h4").inner_text() == ATTACK
    assert page.locator(f"#review-{review.pk} .review-body").inner_text() == ATTACK
    assert page.locator(f"#review-{review.pk} img").count() == 0
    assert dialogs == []
    screenshot("review-xss-film-page")


def test_a_reader_sees_helpful_and_report_buttons_that_pass_an_accessibility_check(page, screenshot):
    film = AdvisoryFactory(film__title="Checked Film", film__year=2018, age=9).film
    for n, age in enumerate([12, 13, 15]):
        ReviewFactory(
            film=film, author=UserFactory(teen=n % 2 == 1), age_recommendation=age, flags=["great_messages"]
        )
    UserFactory(username="reader_rae")

    log_in(page, "reader_rae")
    page.goto(film.get_absolute_url())
    page.locator("article.review").first.get_by_role("button", name="Helpful").click()

    expect(page.get_by_text("You found it helpful.")).to_be_visible()
    assert accessibility_violations(page, "section.community") == []
    assert accessibility_violations(page, "header") == []
    screenshot("community-reader")


def test_a_parent_signs_up_reviews_and_reads_the_figures_on_a_phone(page, screenshot):
    film = AdvisoryFactory(film__title="Phone Film", film__year=2020, age=8).film

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("new_parent")
    page.get_by_label("Email").fill("new.parent@example.com")
    page.get_by_label("Password", exact=True).fill("a quiet walk by the sea")
    page.get_by_label("Password confirmation").fill("a quiet walk by the sea")
    page.get_by_label("Month you were born").select_option("March")
    page.get_by_label("Year you were born").select_option("1984")
    assert accessibility_violations(page) == []
    screenshot("signup-phone")
    page.get_by_role("button", name="Create account").click()
    # A new parent lands on their family page, welcomed and offered to add a child.
    expect(page.get_by_role("heading", name="Welcome to Reelwise, new_parent")).to_be_visible()

    page.goto(f"/films/{film.slug}/review/")
    page.get_by_label("4 out of 5").check()
    page.get_by_label("Recommended age").select_option("11")
    page.get_by_label("Title").fill("Lovely, with one scary scene")
    page.get_by_label("Your review").fill("The storm scene frightened our youngest; everyone else loved it.")
    page.get_by_role("button", name="Post review").click()

    # A new account's review waits for a moderator, and only its author sees it.
    expect(page.get_by_text("Waiting for moderation: only you can see it")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert accessibility_violations(page, "section.community") == []
    screenshot("community-own-review-phone")
