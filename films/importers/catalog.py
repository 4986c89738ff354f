"""A film catalog from the ggplot2 `movies` CSV: title, year, length, mpaa and seven genre flags.

`read_catalog()` reads and checks the whole file first (a malformed file raises ImportFailed
naming the line; a bad row is rejected with its line number), then `import_catalog()`
writes in batches with bulk queries, in one transaction, comparing with what is already
there so that a second run writes nothing.
"""

import csv
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from films.importers import ImportFailed
from films.importers.facts import may_write
from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Certificate, Film, Genre, film_slug
from pagecache import bump_catalog

REQUIRED_COLUMNS = ["title", "year", "length"]
GENRE_COLUMNS = ["Action", "Animation", "Comedy", "Drama", "Documentary", "Romance", "Short"]
MPA_RATINGS = {"G", "PG", "PG-13", "R", "NC-17"}
MAX_RUNTIME = 32767  # the largest PositiveSmallIntegerField
BATCH_SIZE = 2000
UNKNOWN = {"", "NA"}
# Control characters in a title: nothing a real title has, and PostgreSQL refuses a null byte.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CatalogRow:
    line: int
    title: str
    year: int
    runtime: int | None
    mpa: str
    genres: tuple[str, ...]


@dataclass
class Catalog:
    rows: list[CatalogRow] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


@dataclass
class CatalogSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # values an editor changed by hand, left alone

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f" ({self.kept} values changed by editors kept)" if self.kept else "")


class RowRejected(Exception):
    pass


def read_catalog(path, *, limit=None) -> Catalog:
    """Every row of the CSV, checked. ImportFailed, naming the file and line, for a broken file."""
    name = str(path)
    catalog = Catalog()
    seen = {}  # (title, year) -> line
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as error:
        raise ImportFailed(f"{name}: cannot be read ({error.strerror or error})") from error
    with handle:
        reader = csv.reader(handle, strict=True)
        line = 1
        try:
            columns = next(reader, None)
            missing = [c for c in REQUIRED_COLUMNS if c not in (columns or [])]
            if missing:
                raise ImportFailed(
                    f"{name}, line 1: the header has no column {', '.join(missing)}; "
                    "expected the ggplot2 movies columns (title, year, length, mpaa, genres)"
                )
            index = {column: i for i, column in enumerate(columns)}
            for count in itertools.count():
                if limit is not None and count >= limit:
                    break
                line = reader.line_num + 1
                record = next(reader, None)
                if record is None:
                    break
                if not record:
                    continue
                if len(record) != len(columns):
                    raise ImportFailed(
                        f"{name}, line {line}: {len(record)} columns where the header has "
                        f"{len(columns)} (is the file truncated?)"
                    )
                try:
                    row = parse_row(record, index, line)
                except RowRejected as error:
                    catalog.rejected.append(f"{name}, line {line}: {error}")
                    continue
                first = seen.setdefault((row.title, row.year), line)
                if first != line:
                    catalog.rejected.append(f"{name}, line {line}: the same title and year as line {first}")
                    continue
                catalog.rows.append(row)
        except csv.Error as error:
            raise ImportFailed(
                f"{name}, line {line}: {error} (is a quote left open, or the file truncated?)"
            ) from error
        except UnicodeDecodeError as error:
            raise ImportFailed(f"{name}, line {reader.line_num + 1}: not UTF-8 text") from error
    return catalog


def is_whole_number(text):
    """ASCII digits only: str.isdigit() also takes "²", which int() refuses."""
    return text.isascii() and text.isdigit()


def parse_row(record, index, line):
    title = record[index["title"]].strip()
    if not title:
        raise RowRejected("no title")
    if len(title) > 250:
        raise RowRejected("the title is longer than 250 characters")
    if CONTROL_CHARACTERS.search(title):
        raise RowRejected("the title has a control character (such as a null byte) in it")
    year = record[index["year"]].strip()
    if not (is_whole_number(year) and FIRST_FILM_YEAR <= int(year) <= LAST_FILM_YEAR):
        raise RowRejected(f"the year “{year}” is not a year between {FIRST_FILM_YEAR} and {LAST_FILM_YEAR}")
    length = record[index["length"]].strip()
    if length in UNKNOWN:
        runtime = None
    elif is_whole_number(length) and 1 <= int(length) <= MAX_RUNTIME:
        runtime = int(length)
    else:
        raise RowRejected(f"the length “{length}” is not a number of minutes")
    mpa = record[index["mpaa"]].strip() if "mpaa" in index else ""
    mpa = "" if mpa in UNKNOWN else mpa
    if mpa and mpa not in MPA_RATINGS:
        raise RowRejected(f"the rating “{mpa}” is not an MPA rating ({', '.join(sorted(MPA_RATINGS))})")
    genres = []
    for genre in GENRE_COLUMNS:
        flag = record[index[genre]].strip() if genre in index else "0"
        if flag not in {"0", "1", "NA", ""}:
            raise RowRejected(f"the {genre} flag is “{flag}”, not 0 or 1")
        if flag == "1":
            genres.append(genre)
    return CatalogRow(line, title, int(year), runtime, mpa, tuple(genres))


def import_catalog(rows, *, progress=None) -> CatalogSummary:
    """Create or update the films of `rows` in bulk, in one transaction; a second run writes nothing."""
    summary = CatalogSummary()
    with transaction.atomic():
        writer = CatalogWriter()
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            writer.write(batch, summary)
            if progress:
                progress(len(batch))
        if summary.created or summary.updated:
            # Bulk writes send no signals: tell the page cache the catalogue changed.
            transaction.on_commit(bump_catalog)
    return summary


class CatalogWriter:
    """What the database holds, loaded once (a few queries), and batches written against it."""

    def __init__(self):
        self.films = {
            (title, year): (pk, runtime, facts)
            for pk, title, year, runtime, facts in Film.objects.values_list(
                "pk", "title", "year", "runtime", "imported_facts"
            )
        }
        self.slugs = set(Film.objects.values_list("slug", flat=True))
        self.mpa = {
            film_id: (pk, rating)
            for film_id, pk, rating in Certificate.objects.filter(system=Certificate.System.MPA).values_list(
                "film_id", "pk", "rating"
            )
        }
        self.genre_ids = {name: Genre.objects.get_or_create(name=name)[0].pk for name in GENRE_COLUMNS}
        genre_names = dict(Genre.objects.values_list("pk", "name"))
        self.film_genres = defaultdict(set)
        for film_id, genre_id in Film.genres.through.objects.values_list("film_id", "genre_id"):
            self.film_genres[film_id].add(genre_names[genre_id])

    def free_slug(self, title, year):
        """Film.free_slug's scheme, against the slugs taken so far (in the database and this run)."""
        base = slug = film_slug(title, year)
        n = 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def write(self, rows, summary):
        now = timezone.now()
        new_films, changed_films, new_certificates, changed_certificates = [], [], [], []
        new_links, old_links = [], []  # (film, genre name)
        for row in rows:
            existing = self.films.get((row.title, row.year))
            if existing is None:
                facts = {"runtime": row.runtime, "mpa": row.mpa, "genres": list(row.genres)}
                film = Film(
                    title=row.title,
                    year=row.year,
                    slug=self.free_slug(row.title, row.year),
                    runtime=row.runtime,
                    imported_facts={key: value for key, value in facts.items() if value},
                )
                new_films.append(film)
                if row.mpa:
                    new_certificates.append(
                        Certificate(film=film, system=Certificate.System.MPA, rating=row.mpa)
                    )
                new_links += [(film, genre) for genre in row.genres]
                summary.created += 1
                continue

            pk, runtime, old_facts = existing
            facts = dict(old_facts or {})
            if row.runtime and row.runtime != runtime:
                if may_write(facts, "runtime", runtime, False):
                    runtime = facts["runtime"] = row.runtime
                else:
                    summary.kept += 1
            certificate_pk, rating = self.mpa.get(pk, (None, None))
            if row.mpa and row.mpa != rating:
                if may_write(facts, "mpa", rating, False):
                    facts["mpa"] = row.mpa
                    if certificate_pk:
                        changed_certificates.append(Certificate(pk=certificate_pk, rating=row.mpa))
                    else:
                        new_certificates.append(
                            Certificate(film_id=pk, system=Certificate.System.MPA, rating=row.mpa)
                        )
                    self.mpa[pk] = (certificate_pk, row.mpa)
                else:
                    summary.kept += 1
            genres = self.film_genres[pk]
            if row.genres and set(row.genres) != genres:
                if may_write(facts, "genres", sorted(genres), False):
                    facts["genres"] = list(row.genres)
                    new_links += [(pk, genre) for genre in set(row.genres) - genres]
                    old_links += [(pk, genre) for genre in genres - set(row.genres)]
                    self.film_genres[pk] = set(row.genres)
                else:
                    summary.kept += 1
            if facts == (old_facts or {}):
                summary.unchanged += 1
                continue
            changed_films.append(Film(pk=pk, runtime=runtime, imported_facts=facts, updated_at=now))
            self.films[(row.title, row.year)] = (pk, runtime, facts)
            summary.updated += 1

        Film.objects.bulk_create(new_films)
        self.remember_new(new_films)
        Film.objects.bulk_update(changed_films, ["runtime", "imported_facts", "updated_at"])
        for certificate in new_certificates:
            certificate.film_id = certificate.film_id or certificate.film.pk
        Certificate.objects.bulk_create(new_certificates)
        Certificate.objects.bulk_update(changed_certificates, ["rating"])
        Link = Film.genres.through
        Link.objects.bulk_create(
            Link(film_id=film if isinstance(film, int) else film.pk, genre_id=self.genre_ids[genre])
            for film, genre in new_links
        )
        for pk, genre in old_links:
            Link.objects.filter(film_id=pk, genre__name=genre).delete()

    def remember_new(self, films):
        """Note the new films' keys; look their ids up where the database does not return them."""
        if any(film.pk is None for film in films):
            ids = dict(Film.objects.filter(slug__in=[f.slug for f in films]).values_list("slug", "pk"))
            for film in films:
                film.pk = ids[film.slug]
        for film in films:
            self.films[(film.title, film.year)] = (film.pk, film.runtime, film.imported_facts)
            self.film_genres[film.pk] = set(film.imported_facts.get("genres", []))
            if "mpa" in film.imported_facts:
                self.mpa[film.pk] = (None, film.imported_facts["mpa"])
