"""A film's Wikidata item and TMDb id: checked with a sentence, unique when set, empty when unknown."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from films.importers.facts import FilmFacts, fields_imports_may_update, import_film
from films.models import Film
from tests.factories import CertificateFactory, FilmFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["171048", "q171048", "Q0171048", "Q", "Q17 1048", "P1657"])
def test_a_wikidata_item_must_be_q_and_its_number(value):
    film = Film(title="Toy Story", year=1995, wikidata_id=value)

    with pytest.raises(ValidationError) as error:
        film.full_clean()

    assert "“Q” followed by its number" in error.value.message_dict["wikidata_id"][0]


def test_a_tmdb_id_of_zero_is_refused_with_a_sentence_and_by_the_database():
    film = Film(title="Toy Story", year=1995, tmdb_id=0)
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "tmdb_id" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Film.objects.create(title="Toy Story", year=1995, tmdb_id=0)


def test_two_films_cannot_share_a_wikidata_item_or_a_tmdb_id():
    FilmFactory(wikidata_id="Q171048", tmdb_id=862)

    with pytest.raises(IntegrityError), transaction.atomic():
        FilmFactory(wikidata_id="Q171048")
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmFactory(tmdb_id=862)


def test_many_films_may_have_no_wikidata_item_or_tmdb_id():
    FilmFactory(wikidata_id="", tmdb_id=None)
    FilmFactory(wikidata_id="", tmdb_id=None)

    assert Film.objects.filter(wikidata_id__isnull=True, tmdb_id__isnull=True).count() == 2


def test_an_import_keeps_the_ids_an_editor_corrected():
    with transaction.atomic():
        import_film(FilmFacts(title="Toy Story", year=1995, wikidata_id="Q171048", tmdb_id=862))
    film = Film.objects.get()
    assert fields_imports_may_update(film) == ["Wikidata item", "TMDb id"]
    film.tmdb_id = 863
    film.save()

    with transaction.atomic():
        report = import_film(FilmFacts(title="Toy Story", year=1995, wikidata_id="Q171048", tmdb_id=862))

    film.refresh_from_db()
    assert film.tmdb_id == 863
    assert report.kept == ["TMDb id 863 (the page says 862)"]
    assert fields_imports_may_update(film) == ["Wikidata item"]


def test_an_editor_sees_the_ids_on_the_film_admin_page(client_for, editor):
    film = FilmFactory(imdb_id="tt0114709", wikidata_id="Q171048", tmdb_id=862)

    page = client_for(editor).get(reverse("admin:films_film_change", args=[film.pk])).content.decode()

    assert 'value="Q171048"' in page
    assert 'value="862"' in page
    assert 'value="tt0114709"' in page


def test_an_editor_sees_what_each_certificate_admits_and_which_label_is_unknown(client_for, editor):
    film = FilmFactory(title="The Dark Knight", year=2008)
    CertificateFactory(film=film, system="BBFC", rating="12A")
    CertificateFactory(film=film, system="MPA", rating="PG-14")  # a typo: not a label the MPA uses

    page = client_for(editor).get(reverse("admin:films_film_change", args=[film.pk])).content.decode()

    assert "12+ (by law): Cinemas only: under-12s are admitted only with an adult" in page
    assert "a label the cross-walk does not know: shown without an age" in page
