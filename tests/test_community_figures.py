"""What parents and teens say: the figures per role, kept right as reviews come and go."""

import re

import pytest

from accounts.services import delete_account
from reviews import community, services
from reviews.models import HelpfulMark, Review
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    return AdvisoryFactory(age=12, film__title="Figures").film


def without_csrf_tokens(page):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def review_by(film, role, age, stars=4, **fields):
    author = UserFactory(teen=role == "teen")
    return ReviewFactory(film=film, author=author, age_recommendation=age, stars=stars, **fields)


def test_summary_for_gives_each_roles_count_median_age_mean_stars_and_spread(film):
    for age, stars in [(10, 5), (14, 4), (15, 4)]:
        review_by(film, "parent", age, stars)
    for age, stars in [(12, 3), (13, 5)]:
        review_by(film, "teen", age, stars)
    review_by(film, "parent", 5, status="pending")

    summary = community.summary_for(film)

    parents, teens = summary["parent"], summary["teen"]
    assert (parents["count"], parents["median_age"], parents["mean_stars"]) == (3, 14, 4.3)
    assert (teens["count"], teens["median_age"], teens["mean_stars"]) == (2, 13, 4.0)  # 12.5 rounds up
    assert {age: n for age, n in parents["age_counts"].items() if n} == {10: 1, 14: 1, 15: 1}
    assert list(teens["age_counts"]) == list(range(2, 19))


def test_summary_for_a_film_without_reviews_has_empty_figures(film):
    assert community.summary_for(film)["teen"] == {
        "count": 0,
        "median_age": None,
        "mean_stars": None,
        "age_counts": dict.fromkeys(range(2, 19), 0),
    }


def test_the_film_page_says_what_parents_and_teens_say(client, film):
    for age in [14, 14, 16]:
        review_by(film, "parent", age, stars=3)
    review_by(film, "teen", 11, stars=5)

    page = client.get(film.get_absolute_url()).content.decode()

    assert "Parents say: age 14+" in page
    assert "3.0 out of 5 stars · 3 reviews" in page
    assert "Teens say: age 11+" in page
    assert "5.0 out of 5 stars · 1 review<" in page
    assert "<svg" in page and 'class="age-chart-bar' in page
    assert "<td>14+</td><td>2</td>" in page  # the chart's text equivalent


def test_the_page_says_where_the_community_differs_from_the_editors_by_two_years(client, film):
    review_by(film, "parent", 15)  # editors say 12+: three years older
    review_by(film, "teen", 11)  # one year younger: not worth a note

    page = client.get(film.get_absolute_url()).content.decode()

    assert "3 years older than our editors' age 12+" in page
    assert "younger than our editors" not in page


def test_reviews_are_listed_most_helpful_first(client, film):
    review_by(film, "parent", 12, title="Useful review")
    popular = review_by(film, "parent", 12, title="Most useful review")
    review_by(film, "parent", 12, title="Newest review")
    for person in UserFactory.create_batch(2):
        services.mark_helpful(user=person, review=popular)

    page = client.get(film.get_absolute_url()).content.decode()

    assert page.index("Most useful review") < page.index("Newest review") < page.index("Useful review<")
    assert "2 people found this helpful" in page


def test_aggregates_follow_publishing_hiding_editing_and_deleting(film, moderator):
    kept = review_by(film, "parent", 10, stars=2)
    waiting = review_by(film, "parent", 16, stars=4, status="pending")

    def parents():
        figures = community.summary_for(film)["parent"]
        return figures["count"], figures["median_age"], figures["mean_stars"]

    assert parents() == (1, 10, 2.0)

    services.moderate(moderator=moderator, review=waiting, status=Review.Status.PUBLISHED)
    assert parents() == (2, 13, 3.0)

    for person in UserFactory.create_batch(3):
        services.report_review(user=person, review=waiting, reason="spoiler")
    assert parents() == (1, 10, 2.0)

    services.moderate(moderator=moderator, review=waiting, status=Review.Status.PUBLISHED)
    services.submit_review(
        author=kept.author,
        film=film,
        stars=5,
        age_recommendation=8,
        title="Rethought",
        body="We watched it again and liked it.",
    )
    assert parents() == (1, 16, 4.0)  # the edit waits for moderation

    services.moderate(
        moderator=moderator, review=Review.objects.get(pk=kept.pk), status=Review.Status.PUBLISHED
    )
    assert parents() == (2, 12, 4.5)

    services.delete_review(user=waiting.author, review=waiting)
    assert parents() == (1, 8, 5.0)


def test_helpful_counts_stay_right_when_a_marker_deletes_their_account(film):
    review = review_by(film, "parent", 12)
    marker, stays = UserFactory.create_batch(2)
    services.mark_helpful(user=marker, review=review)
    services.mark_helpful(user=stays, review=review)

    delete_account(user=marker)

    assert Review.objects.with_helpful_count().get(pk=review.pk).helpful_count == 1
    assert HelpfulMark.objects.filter(review=review).count() == 1


@pytest.mark.parametrize("reviews", [1, 6])
def test_the_film_page_query_count_does_not_grow_with_reviews(
    client, film, django_assert_num_queries, reviews
):
    for n in range(reviews):
        review_by(film, "teen" if n % 2 else "parent", 10 + n)

    # 1 the film with its advisory, effective rating and community advisory; 1 its five
    # lists of names (genres, countries...); 6 prefetches: certificates, trivia, credits
    # with people, ratings, prompts, alternatives; 1 members' notes (the reviews' ratings
    # are published contributions); 1 the figures of every published review; 1 the most
    # helpful reviews of each role with their authors and helpful counts.
    with django_assert_num_queries(11):
        response = client.get(film.get_absolute_url())

    assert response.content.decode().count('class="review"') == reviews


@pytest.mark.parametrize("reviews", [1, 6])
def test_a_signed_in_visitors_film_page_query_count_does_not_grow_either(
    client_for, parent, film, django_assert_num_queries, reviews
):
    for n in range(reviews):
        review = review_by(film, "teen" if n % 2 else "parent", 10 + n)
        services.mark_helpful(user=parent, review=review)
    client = client_for(parent)

    # The first visit builds the page's shared part: the 11 above. Then the session and the
    # user; in one query, the visitor's own review and rating of the film and which of the
    # shown reviews they marked or reported; their children (families), none here.
    with django_assert_num_queries(11 + 4):
        first = client.get(film.get_absolute_url())
    # Every later signed-in visit, by anyone, finds the shared part stored: 4.
    with django_assert_num_queries(4):
        response = client.get(film.get_absolute_url())

    assert without_csrf_tokens(response.content) == without_csrf_tokens(first.content)
    assert response.content.decode().count("You found it helpful.") == reviews


def test_the_community_section_needs_five_queries_and_the_viewers_part_one(
    film, parent, django_assert_num_queries
):
    review_by(film, "teen", 13)

    # The film's community advisory and its editors' advisory (the film page selects both
    # with the film); members' notes; the figures of every published review; the most
    # helpful of each role with authors and helpful counts.
    with django_assert_num_queries(5):
        shared = community.shared_for_film(film)
    shown = [review for section in shared["community"] for review in section["reviews"]]
    # The visitor's own review and rating, and their marks on the shown reviews.
    with django_assert_num_queries(1):
        community.for_viewer(film, parent, shown)

    assert [s["count"] for s in shared["community"]] == [0, 1]


def test_category_means_are_the_rounded_means_of_each_roles_scores():
    import random
    import statistics

    from accounts.models import Role
    from advisories.models import Category
    from reviews.community import category_means

    chance = random.Random(3)
    rows = [
        (chance.choice(["parent", "teen"]), *(chance.choice([None, 0, 1, 2, 3, 4, 5]) for _ in Category))
        for _ in range(500)
    ]
    means = category_means(None, reviews=[(role, None, None, *scores) for role, *scores in rows])

    for role in Role:
        for index, category in enumerate(Category):
            given = [row[index + 1] for row in rows if row[0] == role.value and row[index + 1] is not None]
            assert means[role.value][category.value] == {
                "mean": round(statistics.fmean(given), 1) if given else None,
                "count": len(given),
            }
