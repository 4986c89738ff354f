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

    # SAVEPOINT; films; slugs; MPA certificates; 7 × the genre lookups; genre names;
    # film-genre links; RELEASE SAVEPOINT. None per row: a second run writes nothing.
    with django_assert_num_queries(14):
        out, _ = run(MOVIES)

    assert "0 created, 0 updated, 30 unchanged, 0 rejected" in out
    assert [(f.pk, f.updated_at) for f in Film.objects.order_by("pk")] == before


def test_a_title_that_slugifies_like_another_gets_the_next_free_slug():
    FilmFactory(title="M.A.S.H.", year=1970)

    run(MOVIES)

    assert Film.objects.get(title="M*A*S*H").slug == "mash-1970-2"


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
