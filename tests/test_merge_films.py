"""One film, one page: merging a duplicate moves everything onto the film that stays."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisories.models import Advisory, Alternative
from films.merge import merge_films
from films.models import Certificate, Credit, Film, FilmSlugRedirect, Genre, Trivia
from reviews.models import Review
from tests.factories import (
    AdvisoryFactory,
    CertificateFactory,
    CreditFactory,
    FilmFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wikipedia():
    """The Iron Giant as the Wikipedia import and an editor made it: an advisory, no votes."""
    film = FilmFactory(title="The Iron Giant", year=1999, runtime=None, imdb_id="tt0129167")
    AdvisoryFactory(film=film, age=8)
    return film


@pytest.fixture
def catalog():
    """The same film as the catalog made it before titles were written as people write them."""
    film = FilmFactory(title="Iron Giant, The", year=1999, runtime=86, votes=15151)
    film.genres.add(Genre.objects.create(name="Animation"))
    CertificateFactory(film=film, rating="PG")
    return film


def test_everything_pointing_at_the_merged_film_moves_to_the_film_that_stays(wikipedia, catalog):
    review = ReviewFactory(film=catalog)
    credit = CreditFactory(film=catalog)
    trivia = Trivia.objects.create(film=catalog, text="Vin Diesel voices the giant.")
    elsewhere = AdvisoryFactory()
    alternative = Alternative.objects.create(advisory=elsewhere, film=catalog, reason="Another robot.")

    report = merge_films(source=catalog, target=wikipedia)

    assert not Film.objects.filter(pk=catalog.pk).exists()
    assert Review.objects.get(pk=review.pk).film == wikipedia
    assert Credit.objects.get(pk=credit.pk).film == wikipedia
    assert Trivia.objects.get(pk=trivia.pk).film == wikipedia
    assert Alternative.objects.get(pk=alternative.pk).film == wikipedia
    assert Certificate.objects.get(film=wikipedia).rating == "PG"
    assert list(wikipedia.genres.values_list("name", flat=True)) == ["Animation"]
    assert "Moved: 1 × review." in list(report.lines())


def test_the_film_that_stays_keeps_its_own_and_gains_what_it_lacked(wikipedia, catalog):
    merge_films(source=catalog, target=wikipedia)

    wikipedia.refresh_from_db()
    assert (wikipedia.title, wikipedia.imdb_id, wikipedia.advisory.age) == ("The Iron Giant", "tt0129167", 8)
    assert (wikipedia.runtime, wikipedia.votes) == (86, 15151)
    assert wikipedia.advisory_published_at is not None


def test_the_merged_films_address_redirects_to_the_film_that_stays(wikipedia, catalog):
    FilmSlugRedirect.objects.create(old_slug="iron-giant-1999", film=catalog)  # an older address
    old_slug = catalog.slug

    merge_films(source=catalog, target=wikipedia)

    assert Film.objects.by_slug_or_redirect(old_slug) == (None, wikipedia.slug)
    assert Film.objects.by_slug_or_redirect("iron-giant-1999") == (None, wikipedia.slug)
    assert Film.objects.by_slug_or_redirect(wikipedia.slug) == (wikipedia, None)


def test_an_advisory_moves_when_only_the_merged_film_has_one(wikipedia, catalog):
    merge_films(source=wikipedia, target=catalog)

    catalog.refresh_from_db()
    assert catalog.advisory.age == 8
    assert catalog.advisory_published_at is not None
    assert catalog.advisory_stars == catalog.advisory.stars


def test_a_review_by_the_same_author_on_both_keeps_the_one_on_the_film_that_stays(wikipedia, catalog):
    author = UserFactory(username="pat")
    kept = ReviewFactory(film=wikipedia, author=author, title="On the advised page")
    dropped = ReviewFactory(film=catalog, author=author, title="On the catalog page")
    other = ReviewFactory(film=catalog)

    report = merge_films(source=catalog, target=wikipedia)

    assert set(Review.objects.filter(film=wikipedia)) == {kept, other}
    assert not Review.objects.filter(pk=dropped.pk).exists()
    assert any("review" in line and "Dropped" in line for line in report.lines())


def test_a_credit_and_a_certificate_both_films_have_are_kept_once(wikipedia, catalog):
    credit = CreditFactory(film=wikipedia)
    CreditFactory(film=catalog, person=credit.person, role=credit.role, character=credit.character)
    CertificateFactory(film=wikipedia, rating="PG")

    merge_films(source=catalog, target=wikipedia)

    assert Credit.objects.filter(film=wikipedia).count() == 1
    assert Certificate.objects.filter(film=wikipedia).count() == 1


def test_two_films_with_an_advisory_each_are_refused_and_nothing_changes(wikipedia, catalog):
    AdvisoryFactory(film=catalog)
    review = ReviewFactory(film=catalog)

    with pytest.raises(ValidationError, match="Both films have an advisory"):
        merge_films(source=catalog, target=wikipedia)

    assert Film.objects.filter(pk=catalog.pk).exists()
    assert Review.objects.get(pk=review.pk).film == catalog
    assert Advisory.objects.count() == 2


def test_a_film_cannot_be_merged_into_itself(wikipedia):
    with pytest.raises(ValidationError, match="into itself"):
        merge_films(source=wikipedia, target=wikipedia)


def test_the_admin_asks_for_the_film_that_stays_then_merges(client_for, editor, wikipedia, catalog):
    client = client_for(editor)
    url = reverse("admin:films_film_changelist")
    chosen = {"action": "merge_into_another_film", "_selected_action": [catalog.pk]}

    page = client.post(url, chosen)
    assert page.status_code == 200
    assert "Merge into" in page.content.decode()
    assert wikipedia.slug in page.content.decode()  # offered as likely the same film

    done = client.post(url, {**chosen, "merge": "Merge", "target": wikipedia.slug}, follow=True)

    assert not Film.objects.filter(pk=catalog.pk).exists()
    assert "merged into The Iron Giant (1999)" in done.content.decode()


def test_the_admin_says_why_a_merge_was_refused(client_for, editor, wikipedia, catalog):
    AdvisoryFactory(film=catalog)
    chosen = {"action": "merge_into_another_film", "_selected_action": [catalog.pk]}

    done = client_for(editor).post(
        reverse("admin:films_film_changelist"),
        {**chosen, "merge": "Merge", "target": wikipedia.slug},
        follow=True,
    )

    assert "Both films have an advisory" in done.content.decode()
    assert Film.objects.filter(pk=catalog.pk).exists()


def test_the_admin_names_an_unknown_film(client_for, editor, catalog):
    chosen = {"action": "merge_into_another_film", "_selected_action": [catalog.pk]}

    page = client_for(editor).post(
        reverse("admin:films_film_changelist"), {**chosen, "merge": "Merge", "target": "no-such-film"}
    )

    assert "No film has that slug." in page.content.decode()


def test_a_merge_makes_both_films_cached_pages_stale(wikipedia, catalog, django_capture_on_commit_callbacks):
    from pagecache import film_scope, generations

    old_slug = catalog.slug
    before = generations(film_scope(old_slug), film_scope(wikipedia.slug))

    with django_capture_on_commit_callbacks(execute=True):
        merge_films(source=catalog, target=wikipedia)

    assert generations(film_scope(old_slug), film_scope(wikipedia.slug)) != before
