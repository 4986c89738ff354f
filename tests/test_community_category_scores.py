"""Optional category scores on reviews: parents' and teens' averages beside the editors' scores."""

import pytest

from reviews import community, services
from reviews.models import Review
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory
from tests.test_review_posting import A_REVIEW

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    return AdvisoryFactory(film__title="Scored", scores={"violence": 1, "language": 3}).film


def review_by(film, role, **scores):
    author = UserFactory(teen=role == "teen")
    return ReviewFactory(film=film, author=author, **{f"{c}_score": s for c, s in scores.items()})


def means(film, role, category):
    return community.category_means(film)[role][category]


def test_a_review_can_give_a_score_per_category(client_for, parent, film):
    data = {**A_REVIEW, "violence_score": "4", "language_score": "0", "sex_score": ""}

    response = client_for(parent).post(f"/films/{film.slug}/review/", data)

    review = Review.objects.get()
    assert response.status_code == 302
    assert (review.violence_score, review.language_score, review.sex_score) == (4, 0, None)


def test_a_category_score_above_five_is_shown_on_the_form_and_stores_nothing(client_for, parent, film):
    response = client_for(parent).post(f"/films/{film.slug}/review/", {**A_REVIEW, "violence_score": "7"})

    assert response.status_code == 200
    assert "A score is from 0 to 5." in response.content.decode()
    assert not Review.objects.exists()


def test_averages_count_published_reviews_by_role_and_skip_reviews_without_that_score(film):
    review_by(film, "parent", violence=4, language=1)
    review_by(film, "parent", violence=1)
    review_by(film, "teen", violence=2)

    assert means(film, "parent", "violence") == {"mean": 2.5, "count": 2}
    assert means(film, "parent", "language") == {"mean": 1.0, "count": 1}
    assert means(film, "teen", "violence") == {"mean": 2.0, "count": 1}
    assert means(film, "teen", "sex") == {"mean": None, "count": 0}


def test_averages_stay_right_as_reviews_are_published_hidden_edited_and_deleted(film, moderator):
    shown = review_by(film, "parent", violence=5)
    waiting = review_by(film, "parent", violence=1)
    waiting.status = Review.Status.PENDING
    waiting.save()
    assert means(film, "parent", "violence") == {"mean": 5.0, "count": 1}

    services.moderate(moderator=moderator, review=waiting, status=Review.Status.PUBLISHED)
    assert means(film, "parent", "violence") == {"mean": 3.0, "count": 2}

    services.moderate(moderator=moderator, review=shown, status=Review.Status.HIDDEN)
    assert means(film, "parent", "violence") == {"mean": 1.0, "count": 1}

    services.submit_review(author=waiting.author, film=film, **A_REVIEW, scores={"violence": 3})
    assert means(film, "parent", "violence") == {"mean": None, "count": 0}  # back in the queue

    services.moderate(moderator=moderator, review=waiting, status=Review.Status.PUBLISHED)
    assert means(film, "parent", "violence") == {"mean": 3.0, "count": 1}

    services.delete_review(user=waiting.author, review=Review.objects.get(pk=waiting.pk))
    assert means(film, "parent", "violence") == {"mean": None, "count": 0}


def test_the_film_page_sets_editors_parents_and_teens_side_by_side_and_marks_big_differences(client, film):
    review_by(film, "parent", violence=4, language=3)
    review_by(film, "parent", violence=3)
    review_by(film, "teen", violence=2, language=1)

    page = client.get(film.get_absolute_url()).content.decode()

    violence = page.split('<th scope="row">Violence &amp; scariness</th>')[1].split("</tr>")[0]
    language = page.split('<th scope="row">Language</th>')[1].split("</tr>")[0]
    assert "Scores by category: our editors, parents and teens" in page
    # Editors 1; parents 3.5 (2 or more above); teens 2.0 (1 above).
    assert "<td>1</td>" in violence
    assert (
        '<td class="score-differs">3.5 <span class="score-count">(2 reviews)</span> '
        '<strong class="score-differs-mark">differs by 2 or more</strong></td>' in violence
    )
    assert '<td class="">2.0 <span class="score-count">(1 review)</span></td>' in violence
    # Editors 3; parents 3.0; teens 1.0 (2 below).
    assert violence.count("differs by 2 or more") == 1
    assert language.count("differs by 2 or more") == 1
    assert '<td class="score-differs">1.0' in language


def test_without_any_category_scores_the_table_is_left_out(client, film):
    review_by(film, "parent")

    assert "Scores by category" not in client.get(film.get_absolute_url()).content.decode()
