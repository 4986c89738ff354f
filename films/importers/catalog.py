"""A film catalog from the ggplot2 `movies` CSV: title, year, length, votes, mpaa and seven genre flags.

`read_catalog()` reads and checks the whole file first, outside any transaction (a malformed
file raises ImportFailed naming the line, before anything is written; a bad row is rejected
with its line number), then `import_catalog()` writes in batches of BATCH_SIZE films with
bulk queries, each batch in its own short transaction so that the site's other writers never
wait long, comparing with what is already there so that a second run writes nothing. An
import stopped half-way leaves whole batches; running it again completes it.

Titles are stored as people write them ("Godfather, The" becomes "The Godfather", see
films/titles.py), and a row is the film already there with the same match key and year
("The Iron Giant" made by hand or from Wikipedia is "Iron Giant, The" of the catalog).
"""

import csv
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from films import titles
from films.importers import ImportFailed
from films.importers.facts import may_write
from films.models import (
    FIRST_FILM_YEAR,
    LAST_FILM_YEAR,
    Certificate,
    Film,
    FilmSlugRedirect,
    Genre,
    SearchTerm,
    film_slug,
)
from films.search import term_rows
from pagecache import bump_catalog_and_titles

REQUIRED_COLUMNS = ["title", "year", "length"]
GENRE_COLUMNS = ["Action", "Animation", "Comedy", "Drama", "Documentary", "Romance", "Short"]
MPA_RATINGS = {"G", "PG", "PG-13", "R", "NC-17"}
MAX_RUNTIME = 32767  # the largest PositiveSmallIntegerField
MAX_VOTES = 2147483647  # the largest PositiveIntegerField
BATCH_SIZE = 500  # a transaction each: 0.3 s of the write lock on a busy 2-core machine
TERMS_PER_INSERT = 1000  # rows of the typo vocabulary per INSERT: 2,000 parameters
UNKNOWN = {"", "NA"}
# Control characters in a title: nothing a real title has, and PostgreSQL refuses a null byte.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CatalogRow:
    line: int
    title: str  # as people write it: "The Godfather" for the catalog's "Godfather, The"
    year: int
    runtime: int | None
    mpa: str
    genres: tuple[str, ...]
    votes: int = 0
    match_key: str = ""

    @property
    def key(self):
        return self.match_key, self.year


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
    seen = {}  # (title as people write it, year) -> line
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
    title = titles.display_title(record[index["title"]])
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
    votes = record[index["votes"]].strip() if "votes" in index else ""
    if votes in UNKNOWN:
        votes = "0"
    if not (is_whole_number(votes) and int(votes) <= MAX_VOTES):
        raise RowRejected(f"the votes “{votes}” are not a number of votes")
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
    return CatalogRow(
        line, title, int(year), runtime, mpa, tuple(genres), int(votes), titles.match_key(title)
    )


def import_catalog(rows, *, progress=None) -> CatalogSummary:
    """Create or update the films of `rows` in bulk, a transaction per batch; a second run writes nothing."""
    summary = CatalogSummary()
    writer = CatalogWriter(rows)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        writer.write(batch, summary)
        if progress:
            progress(len(batch))
    if summary.created or summary.updated:
        # Bulk writes send no signals: tell the page cache and type-ahead the catalogue changed.
        transaction.on_commit(bump_catalog_and_titles)
    return summary


def update_rows(model, objects, names):
    """One UPDATE per object, sent together. Linear, where bulk_update() writes a CASE over
    the whole batch for each field: quadratic, and minutes for a catalog's worth."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass
class Known:
    """A film already in the database, as the writer compares it."""

    pk: int
    title: str
    slug: str
    runtime: int | None
    votes: int
    facts: dict


class CatalogWriter:
    """What the database holds, loaded once (a few queries), and batches written against it."""

    def __init__(self, rows=()):
        # Titles the file has itself: "Arrangement" and "Arrangement, The" (1999) are two films
        # of the catalog, so a film with one of them is never the other's by match key.
        self.file_titles = {(row.title, row.year) for row in rows}
        self.claimed = set()  # films a row of this run has already matched
        self.films = defaultdict(list)  # (match key, year) -> [Known], oldest first
        for pk, title, key, year, slug, runtime, votes, facts in Film.objects.order_by("pk").values_list(
            "pk", "title", "match_key", "year", "slug", "runtime", "votes", "imported_facts"
        ):
            self.films[(key, year)].append(Known(pk, title, slug, runtime, votes, facts))
        self.titles = {(known.title, year) for (_, year), films in self.films.items() for known in films}
        # Slugs in use or redirecting, and for each slug base the next suffix to try: counting
        # on from there keeps allocation linear however many titles slugify alike.
        self.slugs = {known.slug for films in self.films.values() for known in films}
        self.slugs |= set(FilmSlugRedirect.objects.values_list("old_slug", flat=True))
        self.next_suffix = {}
        self.terms = set(SearchTerm.objects.filter(variant=models.F("term")).values_list("term", flat=True))
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
        n = self.next_suffix.get(base, 1)
        if n > 1:
            slug = f"{base}-{n}"
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        self.next_suffix[base] = n
        return slug

    def find(self, row):
        """The film this row is: the one with its title, else the first with its match key and
        year that has no title of the file and is not another row's already."""
        films = self.films.get(row.key, [])
        known = next((known for known in films if known.title == row.title), None)
        if known is None:
            known = next(
                (
                    known
                    for known in films
                    if known.pk not in self.claimed and (known.title, row.year) not in self.file_titles
                ),
                None,
            )
        if known is not None:
            self.claimed.add(known.pk)
        return known

    def write(self, rows, summary):
        now = timezone.now()
        new_films, changed_films, new_certificates, changed_certificates = [], [], [], []
        new_links, old_links, redirects = [], [], []  # links: (film, genre name)
        for row in rows:
            known = self.find(row)
            if known is None:
                facts = {"title": row.title, "runtime": row.runtime, "mpa": row.mpa}
                facts["genres"] = list(row.genres)
                film = Film(
                    title=row.title,
                    sort_title=titles.sort_title(row.title),
                    match_key=row.match_key,
                    search_document=titles.search_document(row.title),
                    year=row.year,
                    slug=self.free_slug(row.title, row.year),
                    runtime=row.runtime,
                    votes=row.votes,
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

            pk = known.pk
            facts = dict(known.facts or {})
            title, slug, runtime = known.title, known.slug, known.runtime
            if row.title != title:
                if (row.title, row.year) in self.titles:
                    pass  # another film has that title: find_duplicate_films lists the pair
                elif may_write(facts, "title", title, False):
                    self.titles.discard((title, row.year))
                    self.titles.add((row.title, row.year))
                    title = facts["title"] = row.title
                    slug = self.free_slug(row.title, row.year)
                    redirects.append(FilmSlugRedirect(old_slug=known.slug, film_id=pk))
                else:
                    summary.kept += 1
            elif facts and "title" not in facts:
                facts["title"] = title  # from before imports noted titles
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
            if facts == (known.facts or {}) and row.votes == known.votes:
                summary.unchanged += 1
                continue
            changed_films.append(
                Film(
                    pk=pk,
                    title=title,
                    sort_title=titles.sort_title(title),
                    match_key=titles.match_key(title),
                    search_document=titles.search_document(title),
                    slug=slug,
                    runtime=runtime,
                    votes=row.votes,
                    imported_facts=facts,
                    updated_at=now,
                )
            )
            known.title, known.slug, known.runtime = title, slug, runtime
            known.votes, known.facts = row.votes, facts
            summary.updated += 1

        writes = [new_films, changed_films, new_certificates, changed_certificates, new_links, old_links]
        if not any(writes):
            return
        with transaction.atomic():
            self.save(*writes)
            self.add_terms(new_films + changed_films)
            # The old addresses of renamed films: a redirect that pointed elsewhere now points here.
            FilmSlugRedirect.objects.filter(old_slug__in=[f.slug for f in changed_films]).delete()
            FilmSlugRedirect.objects.bulk_create(
                redirects, update_conflicts=True, unique_fields=["old_slug"], update_fields=["film"]
            )

    def save(self, new_films, changed_films, new_certificates, changed_certificates, new_links, old_links):
        Film.objects.bulk_create(new_films)
        self.remember_new(new_films)
        update_rows(
            Film,
            changed_films,
            ["title", "sort_title", "match_key", "search_document", "slug", "runtime", "votes"]
            + ["imported_facts", "updated_at"],
        )
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

    def add_terms(self, films):
        """The typo vocabulary learns the new words of these titles (films/search.py). Plain
        rows, not models: a first import adds some 300,000."""
        words = {word for film in films for word in film.search_document.split()} - self.terms
        rows = sorted(term_rows(words))
        table = SearchTerm._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(rows), TERMS_PER_INSERT):
                chunk = rows[start : start + TERMS_PER_INSERT]
                values = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} (variant, term) VALUES {values} ON CONFLICT DO NOTHING",  # noqa: S608
                    [value for row in chunk for value in row],
                )
        self.terms |= words

    def remember_new(self, films):
        """Note the new films' keys; look their ids up where the database does not return them."""
        if any(film.pk is None for film in films):
            ids = dict(Film.objects.filter(slug__in=[f.slug for f in films]).values_list("slug", "pk"))
            for film in films:
                film.pk = ids[film.slug]
        for film in films:
            self.claimed.add(film.pk)
            known = Known(film.pk, film.title, film.slug, film.runtime, film.votes, film.imported_facts)
            self.films[(film.match_key, film.year)].append(known)
            self.titles.add((film.title, film.year))
            self.film_genres[film.pk] = set(film.imported_facts.get("genres", []))
            if "mpa" in film.imported_facts:
                self.mpa[film.pk] = (None, film.imported_facts["mpa"])
