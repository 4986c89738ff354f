import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from films.models import Certificate, Film, Genre
from tests.factories import CertificateFactory, FilmFactory

MOVIES = Path(__file__).parent / "fixtures" / "catalog" / "movies.csv"
HEADER = MOVIES.read_text().splitlines()[0]
FLAGS = "7.0,1000,10,10,10,10,10,10,10,10,10,10"

pytestmark = pytest.mark.django_db


def run(*args):
    """Run import_catalog; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalog", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    with pytest.raises(CommandError) as failure:
        call_command("import_catalog", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())
    return str(failure.value)


def catalog(tmp_path, *rows, name="catalog.csv"):
    """A CSV with the ggplot2 header and these rows: (title, year, length, mpaa, "genre flags")."""
    lines = [HEADER]
    for n, (title, year, length, mpaa, flags) in enumerate(rows, 1):
        lines.append(f'"{n}","{title}",{year},{length},NA,{FLAGS},"{mpaa}",{flags}')
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def films():
    return {
        (f.title, f.year): (f.runtime, f.mpa.rating if f.mpa else "", sorted(g.name for g in f.genres.all()))
        for f in Film.objects.prefetch_related("certificates", "genres")
    }


def test_the_catalog_creates_films_with_runtime_certificate_and_genres():
    out, _ = run(MOVIES)

    assert Film.objects.count() == 30
    assert films()[("Titanic", 1997)] == (194, "PG-13", ["Drama", "Romance"])
    assert films()[("Crouching Tiger, Hidden Dragon", 2000)] == (120, "PG-13", ["Action", "Drama", "Romance"])
    assert films()[('"Crocodile" Dundee', 1986)] == (97, "PG-13", ["Action", "Comedy"])
    assert films()[("Toy Story", 1995)] == (81, "", ["Animation", "Comedy"])
    assert films()[("Psycho", 1960)] == (109, "", [])
    assert Film.objects.get(title="Psycho", year=1998).slug == "psycho-1998"
    assert "30 created, 0 updated, 0 unchanged, 0 rejected" in out


def test_a_second_run_reports_every_film_unchanged_and_writes_nothing(django_assert_num_queries):
    run(MOVIES)
    before = [(f.pk, f.updated_at) for f in Film.objects.order_by("pk")]

    # Films; old slugs that redirect; the typo vocabulary; MPA certificates; 7 × the genre
    # lookups; genre names; film-genre links. None per row, and no transaction: a second
    # run writes nothing.
    with django_assert_num_queries(13):
        out, _ = run(MOVIES)

    assert "0 created, 0 updated, 30 unchanged, 0 rejected" in out
    assert [(f.pk, f.updated_at) for f in Film.objects.order_by("pk")] == before


def test_a_title_that_slugifies_like_another_gets_the_next_free_slug(tmp_path):
    FilmFactory(title="Romeo-Juliet", year=1968)

    run(catalog(tmp_path, ("Romeo & Juliet", 1968, 138, "", "0,0,0,1,0,1,0")))

    assert Film.objects.get(title="Romeo & Juliet").slug == "romeo-juliet-1968-2"


def test_a_film_already_there_under_another_spelling_is_the_same_film():
    editors = FilmFactory(title="M.A.S.H.", year=1970, runtime=None)

    out, _ = run(MOVIES)

    assert not Film.objects.filter(title="M*A*S*H").exists()
    editors.refresh_from_db()
    assert (editors.title, editors.runtime) == ("M.A.S.H.", 116)
    assert "29 created, 1 updated" in out
    assert "1 values changed by editors kept" in out  # the title


def test_a_changed_catalog_updates_what_the_catalog_wrote(tmp_path):
    run(catalog(tmp_path, ("Heat", 1995, 171, "R", "1,0,0,1,0,0,0")))

    out, _ = run(catalog(tmp_path, ("Heat", 1995, 170, "PG-13", "1,0,0,0,0,0,0")))

    assert films()[("Heat", 1995)] == (170, "PG-13", ["Action"])
    assert "0 created, 1 updated, 0 unchanged" in out


def test_values_an_editor_entered_are_kept(tmp_path):
    film = FilmFactory(title="Heat", year=1995, runtime=170)
    CertificateFactory(film=film, rating="R")
    film.genres.add(Genre.objects.create(name="Crime"))

    out, _ = run(catalog(tmp_path, ("Heat", 1995, 171, "PG-13", "1,0,0,1,0,0,0")))

    assert films()[("Heat", 1995)] == (170, "R", ["Crime"])
    assert "3 values changed by editors kept" in out


def test_the_catalog_fills_in_what_an_existing_film_lacks(tmp_path):
    FilmFactory(title="Heat", year=1995, runtime=None)

    run(catalog(tmp_path, ("Heat", 1995, 171, "R", "1,0,0,1,0,0,0")))

    assert films()[("Heat", 1995)] == (171, "R", ["Action", "Drama"])


def test_bad_rows_are_reported_by_line_and_skipped(tmp_path):
    path = catalog(
        tmp_path,
        ("Fargo", 1996, 98, "R", "0,0,0,1,0,0,0"),
        ("", 1999, 90, "", "0,0,0,0,0,0,0"),
        ("Badly Dated", "19x5", 90, "", "0,0,0,0,0,0,0"),
        ("Too Short", 2001, -5, "", "0,0,0,0,0,0,0"),
        ("Strange Rating", 2001, 90, "X", "0,0,0,0,0,0,0"),
        ("Fargo", 1996, 98, "R", "0,0,0,1,0,0,0"),
    )

    out, err = run(path)

    assert f"{path}, line 3: no title" in err
    assert f"{path}, line 4: the year “19x5” is not a year" in err
    assert f"{path}, line 5: the length “-5” is not a number of minutes" in err
    assert f"{path}, line 6: the rating “X” is not an MPA rating" in err
    assert f"{path}, line 7: the same title and year as line 2" in err
    assert list(Film.objects.values_list("title", flat=True)) == ["Fargo"]
    assert "1 created, 0 updated, 0 unchanged, 5 rejected" in out


def test_strict_fails_on_a_bad_row_and_writes_nothing(tmp_path):
    path = catalog(
        tmp_path,
        ("Fargo", 1996, 98, "R", "0,0,0,1,0,0,0"),
        ("Badly Dated", "19x5", 90, "", "0,0,0,0,0,0,0"),
    )

    message = run_failing(path, "--strict")

    assert "1 bad rows" in message
    assert not Film.objects.exists()


def test_a_row_with_too_few_columns_fails_naming_the_line_and_writes_nothing(tmp_path):
    path = catalog(tmp_path, ("Fargo", 1996, 98, "R", "0,0,0,1,0,0,0"))
    with path.open("a") as csv:
        csv.write('"2","Heat",1995,171,NA,7.0\n')

    message = run_failing(path)

    assert f"{path}, line 3: 6 columns where the header has 25" in message
    assert not Film.objects.exists()


def test_an_unterminated_quote_fails_naming_the_line_and_writes_nothing(tmp_path):
    path = catalog(tmp_path, ("Fargo", 1996, 98, "R", "0,0,0,1,0,0,0"))
    with path.open("a") as csv:
        csv.write('"2","Heat,1995,171\n')

    message = run_failing(path)

    assert f"{path}, line 3: unexpected end of data" in message
    assert not Film.objects.exists()


def test_a_file_that_is_not_a_movies_csv_fails(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,born\nAda Lovelace,1815\n")

    message = run_failing(path)

    assert f"{path}, line 1: the header has no column title, year, length" in message


def test_limit_reads_only_the_first_rows():
    out, _ = run(MOVIES, "--limit", "3")

    assert sorted(Film.objects.values_list("title", flat=True)) == [
        "Crouching Tiger, Hidden Dragon",
        "Titanic",
        "Toy Story",
    ]
    assert "3 created" in out


def test_certificates_are_mpa_certificates():
    run(MOVIES)

    assert set(Certificate.objects.values_list("system", flat=True)) == {Certificate.System.MPA}
    assert Certificate.objects.get(film__title="Showgirls").rating == "NC-17"


def test_titles_are_stored_as_people_write_them_with_a_sort_title_and_votes(tmp_path):
    run(
        catalog(
            tmp_path,
            ("Godfather, The", 1972, 175, "R", "0,0,0,1,0,0,0"),
            ("Signora senza camelie, La", 1953, 98, "", "0,0,0,1,0,0,0"),
            ("Homme qui rit, L'", 1966, 90, "", "0,0,0,1,0,0,0"),
        )
    )

    godfather = Film.objects.get(year=1972)
    assert (godfather.title, godfather.sort_title, godfather.slug) == (
        "The Godfather",
        "godfather",
        "the-godfather-1972",
    )
    assert godfather.votes == 1000
    assert set(Film.objects.values_list("title", flat=True)) == {
        "The Godfather",
        "La signora senza camelie",
        "L'homme qui rit",
    }


def test_a_second_import_of_retitled_films_reports_them_unchanged(tmp_path):
    path = catalog(tmp_path, ("Godfather, The", 1972, 175, "R", "0,0,0,1,0,0,0"))
    run(path)

    out, _ = run(path)

    assert "0 created, 0 updated, 1 unchanged" in out


def test_the_catalog_finds_the_film_another_import_made_under_the_title_people_write(tmp_path):
    giant = FilmFactory(
        title="The Iron Giant", year=1999, runtime=None, imported_facts={"imdb_id": "tt0129167"}
    )

    out, _ = run(catalog(tmp_path, ("Iron Giant, The", 1999, 86, "PG", "0,1,0,0,0,0,0")))

    assert list(Film.objects.values_list("pk", "title", "runtime")) == [(giant.pk, "The Iron Giant", 86)]
    assert "0 created, 1 updated" in out


def test_a_title_the_last_import_wrote_is_renamed_and_its_old_slug_redirects(tmp_path):
    film = FilmFactory(title="Godfather, The", year=1972, imported_facts={"title": "Godfather, The"})
    old_slug = film.slug

    run(catalog(tmp_path, ("Godfather, The", 1972, 175, "R", "0,0,0,1,0,0,0")))

    film.refresh_from_db()
    assert (film.title, film.slug) == ("The Godfather", "the-godfather-1972")
    assert Film.objects.by_slug_or_redirect(old_slug) == (None, "the-godfather-1972")
    assert Film.objects.by_slug_or_redirect("the-godfather-1972") == (film, None)


def test_a_title_an_editor_wrote_is_kept(tmp_path):
    film = FilmFactory(title="Godfather, The", year=1972, imported_facts={"runtime": 175})
    film.title = "The Godfather (restored)"
    film.save()

    out, _ = run(catalog(tmp_path, ("Godfather, The", 1972, 175, "R", "0,0,0,1,0,0,0")))

    assert "1 created" in out  # the editor's title is another title: a new film beside it


def test_two_rows_of_one_film_under_two_spellings_are_reported(tmp_path):
    path = catalog(
        tmp_path,
        ("Iron Giant, The", 1999, 86, "PG", "0,1,0,0,0,0,0"),
        ("The Iron Giant", 1999, 86, "PG", "0,1,0,0,0,0,0"),
    )

    out, err = run(path)

    assert f"{path}, line 3: the same title and year as line 2" in err
    assert "1 created" in out


def test_many_titles_that_slugify_alike_get_the_next_suffixes_in_order(tmp_path):
    FilmFactory(title="!!!", year=2000)  # film-2000
    rows = [("?" * n, 2000, 90, "", "0,0,0,0,0,0,0") for n in range(1, 6)]

    run(catalog(tmp_path, *rows))

    slugs = [Film.objects.get(title="?" * n).slug for n in range(1, 6)]
    assert slugs == ["film-2000-2", "film-2000-3", "film-2000-4", "film-2000-5", "film-2000-6"]


@pytest.mark.load
def test_32000_titles_that_slugify_alike_import_in_linear_time(tmp_path):
    import time

    # Titles in Chinese characters: each slugifies to "film-2000" and is a film of its own.
    rows = [
        (chr(0x4E00 + n % 20000) + chr(0x4E00 + n // 20000), 2000, 90, "", "0,0,0,0,0,0,0")
        for n in range(32000)
    ]
    path = catalog(tmp_path, *rows)

    started = time.monotonic()
    out, _ = run(path)

    assert "32000 created" in out
    assert time.monotonic() - started < 60  # 163 s when allocation was quadratic
    assert Film.objects.filter(slug="film-2000-32000").exists()


def test_two_films_of_the_catalog_with_one_match_key_stay_two(tmp_path):
    path = catalog(
        tmp_path,
        ("Arrangement", 1999, 90, "", "0,0,0,1,0,0,0"),
        ("Arrangement, The", 1999, 95, "", "0,0,0,1,0,0,0"),
    )

    first, _ = run(path)
    again, _ = run(path)

    assert sorted(Film.objects.values_list("title", "runtime")) == [
        ("Arrangement", 90),
        ("The Arrangement", 95),
    ]
    assert "2 created" in first
    assert "0 created, 0 updated, 2 unchanged" in again


def test_films_are_written_in_short_transactions_one_per_batch(tmp_path, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from films.importers import catalog as importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    for name in importer.GENRE_COLUMNS:  # made beforehand: get_or_create makes a savepoint
        Genre.objects.create(name=name)
    path = catalog(tmp_path, *[(f"Film {n}", 2000, 90, "", "0,0,0,0,0,0,0") for n in range(5)])

    with CaptureQueriesContext(connection) as queries:
        run(path)

    # Inside the test's own transaction each batch's transaction is a savepoint.
    assert sum(q["sql"].startswith("SAVEPOINT") for q in queries) == 3
