"""The certificates cross-walk: labels as Wikidata spells them, ages, and the order a reader sees."""

import pytest
from django.core.checks import run_checks

from films import certificates
from films.models import Certificate, Film
from tests.factories import CertificateFactory, FilmFactory


@pytest.mark.parametrize(
    ("system", "label", "stored", "age", "legal"),
    [
        # The Dark Knight's certificates as Wikidata labels them.
        ("MPA", "PG-13", "PG-13", 13, False),
        ("BBFC", "12 certificate", "12", 12, True),
        ("FSK", "FSK 16", "FSK 16", 16, True),
        ("CNC", "no age restriction", "Tous publics", 0, True),
        ("ACB", "M", "M", 15, False),
        ("EIRIN", "G", "G", 0, False),
        ("KMRB", "15", "15", 15, True),
        ("ICAA", "not recommended for children under 12", "12", 12, False),
        ("RCQ", "13+", "13+", 13, True),
        ("MEDIERADET", "For ages 15 and up", "15", 15, True),
        # Other spellings of the same labels.
        ("EIRIN", "R-15", "R15+", 15, False),
        ("ACB", "MA 15+", "MA15+", 15, True),
        ("BBFC", "12A", "12A", 12, True),
        ("CBFC", "U/A 13+", "UA 13+", 13, False),
        ("MPA", "Rated R", "R", 17, False),
    ],
)
def test_a_label_as_wikidata_spells_it_finds_its_age(system, label, stored, age, legal):
    rating = certificates.lookup(system, label)

    assert (rating.label, rating.age, rating.legal) == (stored, age, legal)
    assert certificates.stored_label(system, label) == stored


def test_a_label_the_crosswalk_does_not_know_is_kept_as_given_without_an_age():
    assert certificates.lookup("MPA", "X") is None
    assert certificates.lookup("BBFC", "PG-13") is None  # an MPA label, not a BBFC one
    assert certificates.stored_label("KMRB", " Category III ") == "Category III"

    shown = certificates.for_display([Certificate(system="MPA", rating="Approved")], "US")

    assert (str(shown[0]), shown[0].age, shown[0].legal, shown[0].meaning) == ("US Approved", None, None, "")


def test_every_board_but_other_is_described_and_each_label_reads_one_way():
    described = {system.code for system in certificates.SYSTEMS}
    assert described == set(Certificate.System.values) - {"OTHER"}

    for system in certificates.SYSTEMS:
        keys = {}
        for rating in system.ratings:
            assert rating.meaning.endswith(".") and 0 <= rating.age <= 18, rating
            for name in (rating.label, *rating.aliases):
                key = certificates.label_key(name)
                assert keys.setdefault(key, rating.label) == rating.label, (system.code, name)


def test_the_sites_country_comes_first_then_the_crosswalks_order():
    held = [
        Certificate(system="FSK", rating="FSK 12"),
        Certificate(system="OTHER", rating="Category III"),
        Certificate(system="BBFC", rating="12A"),
        Certificate(system="MPA", rating="PG-13"),
    ]

    assert certificates.display_line(certificates.for_display(held, "US")) == (
        "US PG-13 · UK 12A · DE FSK 12 · Category III"
    )
    assert certificates.display_line(certificates.for_display(held, "gb")) == (
        "UK 12A · US PG-13 · DE FSK 12 · Category III"
    )
    assert certificates.display_line(certificates.for_display(held, "DE")) == (
        "DE FSK 12 · US PG-13 · UK 12A · Category III"
    )
    # A country without a board of its own keeps the cross-walk's order.
    assert certificates.display_line(certificates.for_display(held, "BR")) == (
        "US PG-13 · UK 12A · DE FSK 12 · Category III"
    )


@pytest.mark.django_db
def test_a_film_shows_its_certificates_with_the_sites_country_first(settings, django_assert_num_queries):
    settings.REELWISE_COUNTRY = "GB"
    film = FilmFactory(title="The Dark Knight", year=2008)
    CertificateFactory(film=film, system="MPA", rating="PG-13")
    CertificateFactory(film=film, system="BBFC", rating="12A", reason="moderate violence")
    CertificateFactory(film=film, system="FSK", rating="FSK 16")
    FilmFactory(title="Unrated", year=2008)

    # 1: the films, 2: their certificates; not one more per film.
    with django_assert_num_queries(2):
        films = list(Film.objects.filter(year=2008).order_by("title").prefetch_related("certificates"))
        lines = [f.certificates_line for f in films]
        uk = films[0].certificates_for_display()[0]

    assert lines == ["UK 12A · US PG-13 · DE FSK 16", ""]
    assert (uk.system, uk.label, uk.age, uk.legal) == ("BBFC", "12A", 12, True)
    assert uk.reason == "moderate violence"
    assert "adult" in uk.meaning


def test_a_country_setting_that_is_not_a_country_code_is_named_by_the_system_checks(settings):
    settings.REELWISE_COUNTRY = "USA"

    warnings = [w for w in run_checks() if w.id == "films.W001"]

    assert len(warnings) == 1 and "“USA”" in warnings[0].msg


def test_a_country_without_a_board_of_its_own_is_fine(settings):
    settings.REELWISE_COUNTRY = "BR"

    assert not [w for w in run_checks() if w.id == "films.W001"]
