"""Every rule the data keeps is refused twice: by validation with a sentence, and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisories.models import Advisory, Category, ContentRating
from films.models import Film
from reviews.models import Review
from tests.factories import AdvisoryFactory, ContributionFactory, FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def messages_of(error):
    return " ".join(error.messages)


def test_a_score_of_6_is_refused_with_a_message():
    advisory = AdvisoryFactory(scores=False)
    rating = ContentRating(advisory=advisory, category=Category.VIOLENCE, score=6, note="x")

    with pytest.raises(ValidationError) as error:
        rating.full_clean()

    assert "less than or equal to 5" in messages_of(error.value)


def test_the_database_refuses_a_score_of_6_too():
    advisory = AdvisoryFactory(scores=False)

    with pytest.raises(IntegrityError), transaction.atomic():
        ContentRating.objects.create(advisory=advisory, category=Category.VIOLENCE, score=6)


def test_an_advisory_age_of_19_is_refused_with_a_message():
    advisory = AdvisoryFactory.build(film=FilmFactory(), age=19)

    with pytest.raises(ValidationError) as error:
        advisory.full_clean()

    assert "age" in error.value.message_dict
    assert "less than or equal to 18" in messages_of(error.value)


def test_the_database_refuses_an_advisory_age_of_19_too():
    advisory = AdvisoryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Advisory.objects.filter(pk=advisory.pk).update(age=19)


def test_a_second_rating_for_one_category_is_refused_with_a_message():
    advisory = AdvisoryFactory()
    second = ContentRating(advisory=advisory, category=Category.LANGUAGE, score=2, note="again")

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "already has a score for that category" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_second_review_by_one_author_is_refused_with_a_message():
    first = ReviewFactory()
    second = ReviewFactory.build(film=first.film, author=first.author, contribution=first.contribution)

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "already reviewed this film" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Review.objects.count() == 1


def test_a_second_rating_by_one_member_is_refused_with_a_message():
    first = ContributionFactory()
    second = ContributionFactory.build(film=first.film, author=first.author)

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "already rated this film" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.mark.parametrize(("field", "value"), [("stars", 0), ("stars", 6)])
def test_review_stars_keep_their_range(field, value):
    review = ReviewFactory.build(film=FilmFactory(), author=UserFactory(), **{field: value})

    with pytest.raises(ValidationError) as error:
        review.full_clean(exclude=["contribution"])

    assert field in error.value.message_dict


@pytest.mark.parametrize(("field", "value"), [("age", 1), ("age", 19), ("violence_score", 6)])
def test_a_contributions_age_and_scores_keep_their_ranges(field, value):
    contribution = ContributionFactory.build(film=FilmFactory(), author=UserFactory(), **{field: value})

    with pytest.raises(ValidationError) as error:
        contribution.full_clean()

    assert field in error.value.message_dict


def test_an_imdb_id_must_be_tt_and_digits():
    film = Film(title="Somewhere", year=2001, imdb_id="nm0123456")

    with pytest.raises(ValidationError) as error:
        film.full_clean()

    assert "tt" in error.value.message_dict["imdb_id"][0]


def test_the_film_slug_is_the_title_and_year():
    assert FilmFactory(title="Never Let Me Go", year=2010).slug == "never-let-me-go-2010"


def test_titles_that_slugify_alike_get_distinct_slugs():
    first = FilmFactory(title="M*A*S*H", year=1970)
    second = FilmFactory(title="MASH", year=1970)

    assert (first.slug, second.slug) == ("mash-1970", "mash-1970-2")


def test_a_film_cannot_be_added_twice_with_the_same_title_and_year():
    FilmFactory(title="Heat", year=1995)

    with pytest.raises(ValidationError) as error:
        Film(title="Heat", year=1995).full_clean()

    assert "already exists" in messages_of(error.value)
