"""import_wikidata: films, ids and certificates from the Wikidata Query Service's SPARQL JSON results."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from films.importers import wikidata
from films.importers.wikidata import normalised_title
from films.management.commands import import_wikidata as command
from films.models import Certificate, Film
from tests.factories import CertificateFactory, FilmFactory

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
FILMS = FIXTURES / "films.json"
ENTITY = "http://www.wikidata.org/entity/"
MPA = "http://www.wikidata.org/prop/direct/P1657"
VARS = ["film", "title", "year", "imdb", "tmdb", "system", "rating"]

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_wikidata", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(*args):
    with pytest.raises(CommandError) as failure:
        call_command("import_wikidata", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())
    return str(failure.value)


def results(tmp_path, *rows, variables=VARS, name="results.json"):
    """A SPARQL JSON results file of these rows: (qid, title, year, imdb, tmdb, mpa label), None for none."""
    bindings = []
    for qid, title, year, imdb, tmdb, mpa in rows:
        binding = {"film": {"type": "uri", "value": ENTITY + qid}}
        for variable, value in [("title", title), ("year", year), ("imdb", imdb), ("tmdb", tmdb)]:
            if value is not None:
                binding[variable] = {"type": "literal", "value": str(value)}
        if mpa:
            binding["system"] = {"type": "uri", "value": MPA}
            binding["rating"] = {"type": "literal", "value": mpa}
        bindings.append(binding)
    return write(tmp_path, {"head": {"vars": variables}, "results": {"bindings": bindings}}, name)


def write(tmp_path, document, name="results.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def catalogue():
    """Every film with its ids and certificates, as a person would check them."""
    return {
        str(film): (film.wikidata_id, film.imdb_id, film.tmdb_id, film.certificates_line)
        for film in Film.objects.prefetch_related("certificates")
    }


def test_the_results_create_films_with_their_ids_and_the_certificates_of_ten_countries(settings):
    settings.REELWISE_COUNTRY = "US"

    out = run(FILMS)

    films = catalogue()
    assert films["The Dark Knight (2008)"] == (
        "Q163872",
        "tt0468569",
        155,
        "US PG-13 · UK 12 · DE FSK 16 · FR Tous publics · AU M · JP G · KR 15 · ES 12 · QC 13+ · DK 15",
    )
    assert films["Toy Story (1995)"] == ("Q171048", "tt0114709", 862, "US G")
    assert films["Léon: The Professional (1994)"] == ("Q484675", "tt0110413", 101, "US R")
    assert len(films) == 5
    toy_story = Film.objects.get(title="Toy Story")
    toy_story.full_clean()  # written without the ORM's save(), so check it is a film the ORM would write
    assert (toy_story.slug, toy_story.synopsis, toy_story.created_at is not None) == (
        "toy-story-1995",
        "",
        True,
    )
    assert toy_story.imported_facts == {
        "wikidata_id": "Q171048",
        "imdb_id": "tt0114709",
        "tmdb_id": 862,
        "mpa": "G",
    }
    assert "Q190908: not in the database and without an English label; skipped" in out
    assert "6 films: 5 created, 0 updated, 0 unchanged, 1 skipped" in out


def test_a_second_run_changes_nothing():
    run(FILMS)
    before = catalogue()
    updated = dict(Film.objects.values_list("pk", "updated_at"))

    out = run(FILMS)

    assert catalogue() == before
    assert dict(Film.objects.values_list("pk", "updated_at")) == updated
    assert "0 created, 0 updated, 5 unchanged, 1 skipped" in out


def test_rows_of_one_film_are_combined_and_its_earliest_publication_gives_the_year():
    run(FIXTURES / "publication_dates.json")

    assert catalogue() == {"The Dark Knight (2008)": ("Q163872", "tt0468569", 155, "")}


def test_an_existing_film_is_found_by_its_wikidata_item_even_under_another_title():
    film = FilmFactory(title="Dark Knight", year=2008, wikidata_id="Q163872")

    run(FILMS)

    film.refresh_from_db()
    assert (film.title, film.imdb_id, film.tmdb_id) == ("Dark Knight", "tt0468569", 155)
    assert Film.objects.filter(year=2008).count() == 1


def test_an_existing_film_is_found_by_its_imdb_id_then_by_its_tmdb_id(tmp_path):
    by_imdb = FilmFactory(title="Toy Story!", year=1996, imdb_id="tt0114709")
    by_tmdb = FilmFactory(title="Taxi driver (restored)", year=1976, tmdb_id=103)

    run(FILMS)

    by_imdb.refresh_from_db()
    by_tmdb.refresh_from_db()
    assert (by_imdb.wikidata_id, by_imdb.tmdb_id, by_imdb.mpa.rating) == ("Q171048", 862, "G")
    assert (by_tmdb.wikidata_id, by_tmdb.imdb_id, by_tmdb.mpa.rating) == ("Q47221", "tt0075314", "R")
    assert Film.objects.count() == 5


def test_an_existing_film_is_found_by_its_title_and_year_however_written():
    leon = FilmFactory(title="Leon - the professional", year=1994)

    run(FILMS)

    leon.refresh_from_db()
    assert (leon.title, leon.wikidata_id, leon.imdb_id) == ("Leon - the professional", "Q484675", "tt0110413")


def test_two_films_that_could_be_the_one_meant_are_reported_and_neither_is_touched(tmp_path):
    first = FilmFactory(title="Criminal", year=2004)
    second = FilmFactory(title="Criminal!", year=2004)

    out = run(results(tmp_path, ("Q3271467", "Criminal", 2004, "tt0362526", 14198, "R")))

    assert "“Criminal” (2004): could be any of Criminal (2004)" in out and f"#{second.pk}" in out
    assert Film.objects.count() == 2
    assert [(f.wikidata_id, f.imdb_id, f.certificates.count()) for f in (first, second)] == [
        (None, None, 0)
    ] * 2
    first.refresh_from_db()
    assert first.wikidata_id is None


def test_a_film_with_another_imdb_id_is_another_film_not_a_match_by_title(tmp_path):
    FilmFactory(title="Charly", year=2002, imdb_id="tt0000001")

    out = run(results(tmp_path, ("Q99674420", "Charly", 2002, "tt0330136", 38951, None)))

    assert "another film in the database has this title and year; skipped" in out
    assert Film.objects.get().wikidata_id is None


def test_values_an_editor_entered_are_kept_and_values_an_import_wrote_are_updated(tmp_path):
    edited = FilmFactory(title="Toy Story", year=1995, wikidata_id="Q171048", tmdb_id=999)  # by an editor
    CertificateFactory(film=edited, system="MPA", rating="PG")  # so was this
    imported = FilmFactory(title="Taxi Driver", year=1976, imported_facts={"mpa": "PG"})  # import_catalog's
    CertificateFactory(film=imported, system="MPA", rating="PG")

    out = run(FILMS)

    assert catalogue()["Toy Story (1995)"] == ("Q171048", "tt0114709", 999, "US PG")
    assert catalogue()["Taxi Driver (1976)"] == ("Q47221", "tt0075314", 103, "US R")
    assert "Toy Story (1995): kept TMDb id 999 (Wikidata says 862)" in out
    assert "Toy Story (1995): kept MPA PG (Wikidata says G)" in out
    assert "(2 values entered by editors kept)" in out


def test_a_film_whose_imdb_id_belongs_to_another_wikidata_item_is_skipped():
    other = FilmFactory(title="Toy Story", year=1995, wikidata_id="Q1", imdb_id="tt0114709")

    out = run(FILMS)

    other.refresh_from_db()
    assert (other.wikidata_id, other.tmdb_id, other.certificates.count()) == ("Q1", None, 0)
    assert (
        "Q171048: its IMDb id tt0114709 is Toy Story (1995)'s, whose Wikidata item is Q1, not Q171048" in out
    )


def test_an_id_another_film_holds_is_never_moved():
    toy_story = FilmFactory(title="Toy Story", year=1995, wikidata_id="Q171048")
    holder = FilmFactory(title="Some other film", year=1990, tmdb_id=862)

    out = run(FILMS)

    holder.refresh_from_db()
    toy_story.refresh_from_db()
    assert holder.tmdb_id == 862
    assert (toy_story.imdb_id, toy_story.tmdb_id) == ("tt0114709", None)
    assert "Q171048: TMDb id 862 is already Some other film (1990)'s; Toy Story (1995) keeps none" in out


def test_an_imdb_id_two_items_of_the_file_claim_is_given_to_neither(tmp_path):
    path = results(
        tmp_path,
        ("Q1", "One", 2001, "tt0000001", None, None),
        ("Q2", "Two", 2002, "tt0000001", None, None),
    )

    out = run(path)

    assert catalogue() == {"One (2001)": ("Q1", None, None, ""), "Two (2002)": ("Q2", None, None, "")}
    assert "Q1, Q2: all have IMDb id tt0000001, so none is given it" in out


def test_a_label_the_crosswalk_does_not_know_is_stored_as_given_and_two_labels_are_neither(tmp_path):
    path = results(
        tmp_path,
        ("Q1", "Old Film", 1950, None, None, "Approved"),
        ("Q2", "Re-rated Film", 1999, None, None, "R"),
        ("Q2", "Re-rated Film", 1999, None, None, "PG-13"),
    )

    out = run(path)

    old = Film.objects.get(title="Old Film")
    assert [(c.rating, c.crosswalk_entry) for c in old.certificates.all()] == [("Approved", None)]
    assert old.certificates_for_display()[0].age is None
    assert not Certificate.objects.filter(film__title="Re-rated Film").exists()
    assert "Q2: several MPA certificates (PG-13, R), none used" in out


def test_a_dry_run_reports_and_saves_nothing():
    out = run(FILMS, "--dry-run")

    assert "Dry run, nothing saved" in out and "5 created" in out
    assert not Film.objects.exists()


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("[1, 2, 3]", "not SPARQL JSON results"),
        ({"head": {"vars": "film"}, "results": {"bindings": []}}, "head.vars is not a list"),
        ({"head": {"vars": ["item"]}, "results": {"bindings": []}}, "no ?film variable"),
        ({"head": {"vars": VARS}, "results": {"bindings": {"film": 1}}}, "results.bindings is not a list"),
        ({"head": {"vars": VARS}, "results": {"bindings": ["Q1"]}}, "row 1: a row is an object"),
        ({"head": {"vars": VARS}, "results": {"bindings": [{"film": "Q1"}]}}, "row 1: ?film is not a term"),
        (
            {"head": {"vars": VARS}, "results": {"bindings": [{"film": {"type": "literal", "value": "Q1"}}]}},
            "row 1: ?film is “Q1”, not a Wikidata item",
        ),
        (
            {"head": {"vars": VARS}, "results": {"bindings": [{"title": {"type": "literal", "value": "X"}}]}},
            "row 1: no ?film",
        ),
        ('{"head": {"vars": ["film"]}, "results": {"bindings": [' + "[" * 100_000, "not JSON"),
        ("", "not JSON"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_its_reason_and_changes_nothing(tmp_path, document, reason):
    film = FilmFactory(title="Toy Story", year=1995)

    message = run_failing(write(tmp_path, document, name="hostile.json"))

    assert f"{tmp_path / 'hostile.json'}" in message and reason in message
    assert "Nothing was imported" in message
    assert list(Film.objects.values_list("pk", "wikidata_id")) == [(film.pk, None)]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (("Q1", "Film", 2000, "nm0000123", None, None), "row 2: ?imdb is “nm0000123”, not an IMDb film id"),
        (("Q1", "Film", 2000, None, "-5", None), "row 2: ?tmdb is “-5”, not a TMDb id"),
        (("Q1", "Film", 2000, None, 2**40, None), "not a TMDb id"),
        (("Q1", "Film", "MMVIII", None, None, None), "row 2: ?year is “MMVIII”, not a year"),
        (("Q1", "Film\x00", 2000, None, None, None), "?title is “Film\x00”, not a label"),
        (("Q1", "F" * 251, 2000, None, None, None), "not a label of 1 to 250 characters"),
        (("Q1", "Film", 2000, None, None, "R" * 61), "?rating is"),
        (("Q0", "Film", 2000, None, None, None), "?film is “http://www.wikidata.org/entity/Q0”"),
    ],
)
def test_a_value_of_the_wrong_kind_refuses_the_whole_file(tmp_path, row, reason):
    path = results(tmp_path, ("Q171048", "Toy Story", 1995, "tt0114709", 862, "G"), row)

    message = run_failing(path)

    assert reason in message
    assert not Film.objects.exists()


def test_the_committed_hostile_fixtures_are_refused_by_name():
    wrong_types = run_failing(FIXTURES / "wrong_types.json")
    csv = run_failing(FIXTURES / "csv_not_json.json")

    assert "wrong_types.json, row 2: ?tmdb is “one hundred and three”, not a TMDb id" in wrong_types
    assert "csv_not_json.json: not JSON" in csv
    assert not Film.objects.exists()


def test_a_certificate_of_a_board_we_do_not_import_is_refused(tmp_path):
    document = json.loads(FILMS.read_text())
    document["results"]["bindings"][0]["system"]["value"] = "http://www.wikidata.org/prop/direct/P9999"

    message = run_failing(write(tmp_path, document))

    assert (
        "row 1: ?system is “http://www.wikidata.org/prop/direct/P9999”, not one of the certificate" in message
    )


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(wikidata, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (3 * 1024 * 1024))

    message = run_failing(path)

    assert "huge.json: 3 MB is more than the 1 MB" in message


def test_a_missing_file_is_named():
    assert "nowhere.json: cannot be read" in run_failing("nowhere.json")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Léon: The Professional", "leon the professional"),
        ("The Lord of the Rings", "Lord of the Rings"),
        ("Fast & Furious", "fast and furious"),
        ("A Bug's Life", "bugs life"),
        ("Amélie", "AMELIE"),
    ],
)
def test_titles_that_differ_only_in_case_accents_punctuation_and_articles_compare_equal(one, other):
    assert normalised_title(one) == normalised_title(other)


@pytest.mark.parametrize(("one", "other"), [("The Thing", "Thing 2"), ("A", "An"), ("Alien", "Aliens")])
def test_different_titles_stay_different(one, other):
    assert normalised_title(one) != normalised_title(other)


def test_a_batch_the_database_refuses_stops_the_import_and_says_what_was_written(monkeypatch):
    def plan_then_someone_takes_an_id(films, **options):
        planned = wikidata.plan_import(films, **options)
        FilmFactory(title="Typed in meanwhile", year=2020, imdb_id="tt0114709")  # Toy Story's IMDb id
        return planned

    monkeypatch.setattr(command, "plan_import", plan_then_someone_takes_an_id)
    monkeypatch.setattr(wikidata, "BATCH_SIZE", 1)

    message = run_failing(FILMS)

    assert "the database refused a batch of films" in message and "run the import again" in message
    assert sorted(Film.objects.values_list("title", flat=True)) == ["The Dark Knight", "Typed in meanwhile"]
