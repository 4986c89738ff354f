"""Imported titles as people write them, the keys derived from every title, and text search.

- A title an import wrote ("Godfather, The") becomes "The Godfather", with a new slug; the
  old slug redirects (FilmSlugRedirect). A title counts as an import's when the film has
  `imported_facts` and they record no other title; a film an editor made (no facts) or
  retitled (facts with another title) keeps its title. A rename that would give two films
  the same title and year is left for find_duplicate_films and a merge.
- Every film gets its sort title, match key and search document, and the typo vocabulary
  (SearchTerm) its words.
- The text search index: FTS5 on SQLite, a GIN index on PostgreSQL (films/search.py).

This migration calls the code in films/titles.py and films/search.py as it is when it runs.
"""

from django.db import connection as django_connection
from django.db import migrations

from films import search, titles
from films.models import film_slug

BATCH = 2000


def retitle_films(apps, schema_editor):
    Film = apps.get_model("films", "Film")
    FilmSlugRedirect = apps.get_model("films", "FilmSlugRedirect")
    rows = list(Film.objects.order_by("pk").values_list("pk", "title", "year", "slug", "imported_facts"))
    taken_titles = {(title, year) for _, title, year, _, _ in rows}
    taken_slugs = {slug for _, _, _, slug, _ in rows} | set(
        FilmSlugRedirect.objects.values_list("old_slug", flat=True)
    )
    changed, redirects, words = [], [], set()
    for pk, title, year, slug, facts in rows:
        film = Film(pk=pk, title=title, year=year, slug=slug, imported_facts=facts or {})
        new_title = titles.display_title(title)
        written_by_import = bool(facts) and facts.get("title", title) == title
        if written_by_import and new_title != title and (new_title, year) not in taken_titles:
            taken_titles.add((new_title, year))
            film.title = new_title
            film.imported_facts = {**film.imported_facts, "title": new_title}
            film.slug = free_slug(film_slug(new_title, year), taken_slugs)
            redirects.append(FilmSlugRedirect(old_slug=slug, film_id=pk))
        film.sort_title = titles.sort_title(film.title)
        film.match_key = titles.match_key(film.title)
        film.search_document = titles.search_document(film.title)
        words.update(film.search_document.split())
        changed.append(film)
    fields = ["title", "slug", "imported_facts", "sort_title", "match_key", "search_document"]
    # One UPDATE a film: bulk_update's CASE per field is quadratic in its batch (minutes here).
    connection = schema_editor.connection if schema_editor else django_connection
    columns = [Film._meta.get_field(name) for name in fields]
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE films_film SET " + ", ".join(f"{c.column} = %s" for c in columns) + " WHERE id = %s",  # noqa: S608
            [
                [c.get_db_prep_save(getattr(film, c.attname), connection) for c in columns] + [film.pk]
                for film in changed
            ],
        )
    FilmSlugRedirect.objects.bulk_create(redirects, batch_size=BATCH)
    rows = sorted(search.term_rows(words))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            cursor.execute(
                "INSERT INTO films_searchterm (variant, term) VALUES "  # noqa: S608 - placeholders
                + ", ".join(["(%s, %s)"] * len(chunk))
                + " ON CONFLICT DO NOTHING",
                [value for row in chunk for value in row],
            )


def free_slug(base, taken):
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def install_search_index(apps, schema_editor):
    search.install(schema_editor.connection)


def uninstall_search_index(apps, schema_editor):
    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("films", "0005_titles_slugs_search_terms")]

    operations = [
        migrations.RunPython(retitle_films, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install_search_index, uninstall_search_index),
    ]
