"""Finding a film by what a parent types: `search()` for result pages, `suggest()` for type-ahead.

Each film keeps `search_document`, the folded words of its title (films/titles.py). The
database's own text search finds the films that have every word of the query: an FTS5 table
on SQLite, kept by triggers, and a GIN index on `to_tsvector('simple', search_document)` on
PostgreSQL (both made by migration films 0006). Both are given the same boolean query over
the same words, so they find the same films; the ranking is then plain SQL that reads the
same columns on both, so the same query lists the same films in the same order on either.

A word of the query may be:
- a word of the title, in any order; the last word may also be the start of one
  ("star wars emp");
- one typo away from a word of the title ("stroy" for "story", "poter" for "potter"): the
  vocabulary table SearchTerm holds every title word under itself and under each spelling
  with one letter left out, so a query word's own such spellings find the title words that
  differ by a letter left out, added, changed or two letters swapped, in one indexed lookup
  that is the same on both databases. Longer words may be two edits away when the
  vocabulary finds them. A word that is itself some title's word is taken as typed, unless
  the words as typed find nothing ("forest gump");
- a single last letter after other words ("star w", type-ahead): checked on the films the
  other words find;
- a year (1888-2100) after other words, which narrows to films of that year or with that
  number in the title ("titanic 1953", "2001 a space odyssey").
A leading article of the query is left out of what must match ("the godfather"), but a title
that is exactly the query with its article still counts as a whole-title match.

Ranks (`search_rank`, lower is better): 0 the whole title (match_key), 1 every word, 2 every
word with the last as a prefix, 3 near misses (a typo). Ties go to films with a published
advisory, then to the better known (`votes`), then by sort title.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, IntegerField, Q
from django.db.models.expressions import RawSQL
from rapidfuzz.distance import OSA

from films import titles

MIN_TYPO_LENGTH = 3  # shorter words are matched as typed
MIN_PREFIX_LENGTH = 2  # shorter last words are not looked up as prefixes in the index
MAX_TERM_LENGTH = 40  # longer "words" are not words anyone types with a typo
MAX_CORRECTIONS = 40  # per word, the closest first
MAX_WORDS = 12  # words of a query beyond these are ignored
MAX_QUERY_LENGTH = 500  # characters; the rest is ignored
MAX_WORD_LENGTH = 100  # PostgreSQL refuses a word of over 2,047 bytes in a query
YEAR = re.compile(r"^(18[89]\d|19\d\d|20\d\d|2100)$")

FTS_TABLE = "films_film_fts"
SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS films_film_fts USING fts5("
    "search_document, content='films_film', content_rowid='id', prefix='2 3')",
]
SQLITE_TRIGGERS = {
    "films_film_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS films_film_fts_insert AFTER INSERT ON films_film BEGIN
            INSERT INTO films_film_fts(rowid, search_document) VALUES (new.id, new.search_document);
        END""",
    "films_film_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS films_film_fts_delete AFTER DELETE ON films_film BEGIN
            INSERT INTO films_film_fts(films_film_fts, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
        END""",
    "films_film_fts_update": """
        CREATE TRIGGER IF NOT EXISTS films_film_fts_update AFTER UPDATE OF search_document ON films_film
        BEGIN
            INSERT INTO films_film_fts(films_film_fts, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
            INSERT INTO films_film_fts(rowid, search_document) VALUES (new.id, new.search_document);
        END""",
}
SQLITE_REBUILD = "INSERT INTO films_film_fts(films_film_fts) VALUES ('rebuild')"
SQLITE_MATCH = "SELECT rowid FROM films_film_fts WHERE films_film_fts MATCH %s"
POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS film_search_document_idx ON films_film "
    "USING gin (to_tsvector('simple'::regconfig, search_document))"
)
# The same expression as the index, or PostgreSQL does not use it.
POSTGRES_CONDITION = (
    "to_tsvector('simple'::regconfig, films_film.search_document) @@ to_tsquery('simple'::regconfig, %s)"
)
POSTGRES_MATCH = (
    "SELECT id FROM films_film "
    "WHERE to_tsvector('simple'::regconfig, films_film.search_document) "
    "@@ to_tsquery('simple'::regconfig, %s)"
)


def install(connection):
    """Make the text search index of this database and fill it from the films there."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_INDEX + list(SQLITE_TRIGGERS.values()):
                cursor.execute(statement)
            cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES_INDEX)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS film_search_document_idx")


def repair_sqlite_triggers(connection):
    """Put the FTS5 triggers back if a migration rebuilt films_film without them, and reindex.

    Django's SQLite schema editor changes a table by copying it into a new one, which drops
    its triggers; this runs after every `migrate` (post_migrate, films/models.py).
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{FTS_TABLE}%"])
        names = {row[0] for row in cursor.fetchall()}
    if FTS_TABLE in names and not set(SQLITE_TRIGGERS) <= names:
        install(connection)


# The vocabulary -----------------------------------------------------------------------------


def variants(word):
    """The word and each spelling of it with one letter left out."""
    if len(word) < MIN_TYPO_LENGTH:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def is_typo_candidate(word):
    return MIN_TYPO_LENGTH <= len(word) <= MAX_TERM_LENGTH and not word.isdigit()


def term_rows(words):
    """(variant, term) rows of SearchTerm for these title words. Short words are there as
    themselves only: "goo" finds "go" by leaving out a letter of the query."""
    return {
        (variant, word)
        for word in set(words)
        if len(word) <= MAX_TERM_LENGTH and not word.isdigit()
        for variant in variants(word)
    }


def edit_distance(a, b, most=None):
    """Letters left out, added or changed, and neighbours swapped (optimal string alignment:
    no part is edited twice, so "ca" is three from "abc"). With `most`, anything further is
    most + 1, found sooner. rapidfuzz's, in C++: the same numbers as the Python we had, a
    hundred and fifty times faster, and a sixth of type-ahead's time was these."""
    return OSA.distance(a, b, score_cutoff=most)


def corrections(words, lookup=None):
    """({word: [title words one or two typos away, closest first]}, the words that are title
    words as typed). `lookup(variants)` gives {variant: {terms under it}} from SearchTerm: by
    default one query; films/title_index.py passes its copy of the table in memory."""
    wanted = {word: variants(word) for word in words if is_typo_candidate(word)}
    if not wanted:
        return {}, set(words)
    found = (lookup or terms_under)(sorted(set().union(*wanted.values())))
    result = {}
    for word, spellings in wanted.items():
        allowed = 1 if len(word) <= 4 else 2
        near = set().union(*(found.get(v, set()) for v in spellings)) - {word}
        scored = sorted((d, term) for term in near if (d := edit_distance(word, term, allowed)) <= allowed)
        result[word] = [term for _, term in scored[:MAX_CORRECTIONS]]
    known = {word for word in words if word not in wanted or word in found.get(word, ())}
    return result, known


def terms_under(spellings):
    """{variant: {terms}} of the SearchTerm rows under these variants, in one query."""
    from films.models import SearchTerm

    found = {}
    # Plain SQL: composing this through the ORM cost more than running it.
    placeholders = ", ".join(["%s"] * len(spellings))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT variant, term FROM {SearchTerm._meta.db_table} WHERE variant IN ({placeholders})",  # noqa: S608
            list(spellings),
        )
        for variant, term in cursor.fetchall():
            found.setdefault(variant, set()).add(term)
    return found


# Queries ------------------------------------------------------------------------------------


@dataclass
class Query:
    words: list[str]  # what must match, the leading article left out
    keys: set[str]  # match keys that are a whole-title match
    year: int | None = None
    corrections: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, q):
        q = (q or "")[:MAX_QUERY_LENGTH]
        typed = [word[:MAX_WORD_LENGTH] for word in titles.words(titles.display_title(q))][:MAX_WORDS]
        year = None
        if len(typed) > 1:
            for i in range(len(typed) - 1, -1, -1):
                if YEAR.match(typed[i]):
                    year = int(typed.pop(i))
                    break
        text = " ".join(typed)
        words = titles.words(titles.without_leading_article(text))
        if not words:
            words = typed  # "the": the article is all there is to go on
        elif len(words) == 1 and len(words[0]) < MIN_PREFIX_LENGTH and len(typed) > 1:
            words = []  # "the l": wait for another letter ("m" alone is Fritz Lang's "M")
        keys = {"".join(words), "".join(typed)}
        if year is not None:
            keys |= {key + str(year) for key in list(keys)}  # "Summer of '42" is not "summer of 42 1942"
        return cls(words=words, keys=keys, year=year)

    @property
    def joined(self):
        """The words written as one: "ghost busters" may be "Ghostbusters"."""
        return "".join(self.words) if len(self.words) > 1 else None

    @property
    def tail(self):
        """A last word of one letter after others ("star w"): too short to look up in the
        index, it is checked on the films the other words find."""
        last = self.words[-1]
        return last if len(self.words) > 1 and len(last) < MIN_PREFIX_LENGTH else None

    def alternatives(self):
        """[(word, corrections, as a prefix too)] for the words the index looks up."""
        indexed = self.words[:-1] if self.tail else self.words
        last = len(indexed) - 1
        return [
            (
                word,
                self.corrections.get(word, []),
                i == last and len(word) >= MIN_PREFIX_LENGTH and not self.tail,
            )
            for i, word in enumerate(indexed)
        ]

    def sqlite_match(self):
        groups = []
        for word, near, prefix in self.alternatives():
            options = [f'"{word}"'] + [f'"{c}"' for c in near] + ([f'"{word}"*'] if prefix else [])
            groups.append("(" + " OR ".join(options) + ")")
        every_word = " AND ".join(groups)
        return f'({every_word}) OR "{self.joined}"*' if self.joined else every_word

    def postgres_match(self):
        groups = []
        for word, near, prefix in self.alternatives():
            options = [word, *near] + ([f"{word}:*"] if prefix else [])
            groups.append("(" + " | ".join(options) + ")")
        every_word = " & ".join(groups)
        return f"({every_word}) | {self.joined}:*" if self.joined else every_word


def matching_ids(query):
    """SQL for the ids of the films the text index finds for the query, and its parameters."""
    if connection.vendor == "sqlite":
        return SQLITE_MATCH, [query.sqlite_match()]
    if connection.vendor == "postgresql":
        return POSTGRES_MATCH, [query.postgres_match()]
    raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}.")


def has_matches(query):
    """Whether the text index finds any film for the query as it stands."""
    sql, params = matching_ids(query)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM ({sql}) AS found LIMIT 1", params)  # noqa: S608 - our SQL
        return cursor.fetchone() is not None


def search(queryset, q):
    """The films of `queryset` that match `q`, best first, annotated with `search_rank`.

    Up to three queries: the vocabulary; whether the words as typed find anything when they
    are all title words (if not, each word may also be a typo); the films, when the queryset
    is evaluated. A query with no word in it ("", "?!") matches nothing. The queryset's other
    filters still apply; its ordering is replaced by relevance (order again to change it).
    """
    query = Query.parse(q)
    if not query.words:
        return queryset.none()
    every_correction, known = corrections(query.words)
    # A word that is no title's word may be a typo; the others are taken as typed, unless
    # that finds nothing ("forest gump": both are words of some title).
    query.corrections = {word: near for word, near in every_correction.items() if word not in known}
    if any(every_correction.get(word) for word in known) and not has_matches(query):
        query.corrections = every_correction
    # The text index, or the whole title as one word ("ghostbusters" is "Ghost Busters").
    keys = sorted(query.keys)
    in_keys = "(" + ", ".join(["%s"] * len(keys)) + ")"
    if connection.vendor == "postgresql":
        # One pass over the table: a bitmap of both indexes, then the films.
        condition = f"({POSTGRES_CONDITION} OR films_film.match_key IN {in_keys})"
        ids = RawSQL(condition, [query.postgres_match(), *keys], output_field=BooleanField())  # noqa: S611
        found = queryset.alias(found_by_index=ids).filter(found_by_index=True)
    else:
        # One subquery, so that SQLite finds the ids first and then reads only those films.
        sql, params = matching_ids(query)
        sql += f" UNION SELECT id FROM films_film WHERE match_key IN {in_keys}"  # noqa: S608 - placeholders
        found = queryset.filter(pk__in=RawSQL(sql, [*params, *keys]))  # noqa: S611 - values are parameters
    # The rank in plain SQL that both databases read alike (the words are letters and digits).
    words = "(' ' || films_film.search_document || ' ')"
    *first, last = query.words
    every_word = " AND ".join([f"{words} LIKE %s"] * len(query.words))
    prefixes = " AND ".join([f"{words} LIKE %s"] * len(query.words))
    rank = RawSQL(  # noqa: S611 - values are parameters
        f"CASE WHEN films_film.match_key IN {in_keys} THEN 0 WHEN {every_word} THEN 1 "
        f"WHEN {prefixes} THEN 2 ELSE 3 END",
        [*keys, *(f"% {w} %" for w in query.words), *(f"% {w} %" for w in first), f"% {last}%"],
        output_field=IntegerField(),
    )
    if query.tail:
        tail = RawSQL(f"{words} LIKE %s", [f"% {query.tail}%"], output_field=BooleanField())  # noqa: S611
        found = found.alias(has_tail=tail).filter(Q(has_tail=True) | Q(match_key__in=keys))
    if query.year is not None:
        year = RawSQL(f"{words} LIKE %s", [f"% {query.year} %"], output_field=BooleanField())  # noqa: S611
        found = found.alias(year_in_title=year).filter(Q(year=query.year) | Q(year_in_title=True))
    advised = "CASE WHEN films_film.advisory_published_at IS NULL THEN 0 ELSE 1 END"
    has_advisory = RawSQL(advised, [], output_field=IntegerField())  # noqa: S611 - no values
    return found.annotate(search_rank=rank, has_advisory=has_advisory).order_by(
        "search_rank", "-has_advisory", "-votes", "sort_title", "year", "pk"
    )


def suggest(q, limit=8):
    """Type-ahead: up to `limit` films for `q`, best first, as dicts with the title, year,
    slug and `age`, the published advisory's age (None without one).

    The films are search()'s first, found with what they show in this process's copy of the
    titles (films/title_index.py), typo vocabulary included: no query at all."""
    from films import title_index

    return title_index.current().suggestions(q, limit)
