"""The catalogue's titles in memory: search() without composing SQL, for type-ahead and for
a results page that has no other filter.

`films.search.search()` asks the database's text index and ranks in SQL; this module gives
the same films in the same order from each process's own copy of what that reads: every
film's words (search_document), match key and year, and its place in the order that breaks
ties (a published advisory first, then votes, sort title, year, id: read in that order from
the database, so that each engine's own collation decides ties, as it does in SQL); and the
typo vocabulary, a compact copy of the SearchTerm table search() reads (Vocabulary). So a
results page asks the database only for its page's films, by id.

It also keeps what a suggestion shows of each film (title, year, slug, its published
advisory's age), so that type-ahead runs no query at all.

The copy is built on first use (two queries, under a second at 58,788 films) and kept
while the titles' generation (pagecache.TITLES) stays the one it was read under. That is
bumped only by what changes the copy: a film's own row saved or deleted (created, renamed,
merged, its votes), an editors' advisory saved or deleted (published, withdrawn, its age),
and the importers' bulk writes; not by community ratings, which change the catalogue's
pages (pagecache.CATALOG) but nothing here. A process reads the generation from memory
with Redis (config/redis_cache.py), so checking costs no round trip. A copy made inside a
transaction is used once and not kept: it could hold rows that are then rolled back.
"""

import bisect
import heapq
import threading
from array import array

from django.db import connection

from films import search as text_search
from pagecache import TITLES, generations

# In the order search() breaks ties in, after the rank (films/search.py); with what a
# suggestion shows, its published advisory's age included.
ROWS = """
    SELECT f.id, f.search_document, f.match_key, f.year, f.title, f.slug,
           CASE WHEN f.advisory_published_at IS NULL THEN NULL ELSE a.age END
    FROM {films} f LEFT OUTER JOIN {advisories} a ON a.{film} = f.id
    ORDER BY CASE WHEN f.advisory_published_at IS NULL THEN 0 ELSE 1 END DESC,
             f.votes DESC, f.sort_title ASC, f.year ASC, f.id ASC
"""
# Every word of the typo vocabulary: each is there under itself (search.term_rows).
TERMS = "SELECT term FROM {terms} WHERE variant = term"
NO_AGE = -1
# Between a title and a slug in `shown`: a control character, in neither.
SEPARATOR = "\x1f"


class TitleIndex:
    """Films by position in the tie order: their words, and the films under each word and
    match key, each list in position order."""

    def __init__(self, rows, typos):
        self.typos = typos
        # Compact, as every worker keeps one: arrays of numbers, and a match key maps to a
        # position (a list of them only when several films share it).
        self.ids, self.years, self.documents = array("i"), array("i"), []
        # What a suggestion shows: "title<SEPARATOR>slug" (one string rather than two, for
        # memory), and the published advisory's age or NO_AGE.
        self.shown, self.ages = [], array("b")
        self.by_key, by_word = {}, {}
        for position, (pk, document, key, year, title, slug, age) in enumerate(rows):
            self.ids.append(pk)
            self.years.append(year or 0)
            self.documents.append(f" {document} ")
            self.shown.append(f"{title}{SEPARATOR}{slug}")
            self.ages.append(NO_AGE if age is None else age)
            previous = self.by_key.setdefault(key, position)
            if previous != position:
                self.by_key[key] = [*(previous if isinstance(previous, list) else [previous]), position]
            for word in dict.fromkeys(document.split()):
                by_word.setdefault(word, []).append(position)
        # Each word's films as the bytes of an array: bytes are not objects the garbage
        # collector tracks, arrays are, and forty thousand of them in every worker made each
        # of its full collections walk them all.
        self.by_word = {word: array("i", positions).tobytes() for word, positions in by_word.items()}
        self.vocabulary = sorted(self.by_word)

    def _with_word(self, word):
        """The positions of the films with `word`."""
        positions = self.by_word.get(word)
        return memoryview(positions).cast("i") if positions is not None else ()

    def _with_key(self, key):
        positions = self.by_key.get(key)
        if positions is None:
            return ()
        return positions if isinstance(positions, list) else (positions,)

    def _starting_with(self, prefix):
        """The positions of the films with a word that starts with `prefix`."""
        found = set()
        vocabulary = self.vocabulary
        for i in range(bisect.bisect_left(vocabulary, prefix), len(vocabulary)):
            word = vocabulary[i]
            if not word.startswith(prefix):
                break
            found.update(self._with_word(word))
        return found

    def _text_match(self, query, sets):
        """What the text index finds for the query (search.Query.sqlite_match/postgres_match)."""
        every_word = None
        # The word with the fewest films first: the others are then checked on those alone.
        for word, near, prefix in sorted(query.alternatives(), key=sets.films_with):
            starts = word if prefix else None
            if every_word is None:
                every_word = sets.any_of([word, *near], starts)
            else:
                every_word = sets.having(every_word, [word, *near], starts)
            if not every_word:
                break
        every_word = every_word or set()
        if query.joined:
            every_word |= sets.prefix(query.joined)
        return every_word

    def ranked(self, q, query=None):
        """The positions of the films search() finds for `q`, best first, in groups by rank:
        a list of (rank, positions), each group's positions unsorted."""
        query = query or text_search.Query.parse(q)
        if not query.words:
            return []
        every_correction, known = text_search.corrections(query.words, self.typos.under)
        query.corrections = {word: near for word, near in every_correction.items() if word not in known}
        sets = _Sets(self)
        found = self._text_match(query, sets)
        if any(every_correction.get(word) for word in known) and not found:
            query.corrections = every_correction
            found = self._text_match(query, sets)
        whole = set()
        for key in query.keys:
            whole.update(self._with_key(key))
        found = found | whole
        if query.tail:
            tail = f" {query.tail}"
            found = {p for p in found if p in whole or tail in self.documents[p]}
        if query.year is not None:
            year, number = query.year, f" {query.year} "
            found = {p for p in found if self.years[p] == year or number in self.documents[p]}
        return self._by_rank(query, found, whole, sets)

    def _by_rank(self, query, found, whole, sets):
        """search()'s rank: 0 the whole title, 1 every word, 2 the last word as a prefix, 3 the
        rest. Each group from the word lists, so that thousands of films cost a few set
        operations rather than a test each."""
        groups = [(0, found & whole)]
        rest = found - whole
        *first, last = query.words
        with_first = rest
        for word in first:
            with_first = sets.having(with_first, [word])
        every_word = sets.having(with_first, [last])
        candidates = with_first - every_word
        if len(candidates) > 500:  # "th": a union of word lists beats reading each title
            prefixed = candidates & sets.prefix(last)
        else:
            start = f" {last}"
            prefixed = {p for p in candidates if start in self.documents[p]}
        groups += [(1, every_word), (2, prefixed), (3, rest - every_word - prefixed)]
        return [(rank, positions) for rank, positions in groups if positions]

    def search(self, q):
        """The ids of the films search() finds for `q`, best first."""
        return [self.ids[p] for _, positions in self.ranked(q) for p in sorted(positions)]

    def best(self, q, limit):
        """The positions of search()'s first `limit` films for `q`."""
        query = text_search.Query.parse(q)
        best = self._best_of_one_word(query, limit)
        if best is not None:
            return best
        best = []
        for _, positions in self.ranked(q, query):
            best += heapq.nsmallest(limit - len(best), positions)
            if len(best) >= limit:
                break
        return best

    def _best_of_one_word(self, query, limit):
        """best() for a query of one word and no year, when the first `limit` films are among
        the first three ranks, else None. Those ranks are then the whole title, the word
        itself and a word it starts, none of which depends on typos, so that the films are
        read in order from the word lists as far as `limit` (no typo lookup, no sets):
        "the" found 15,000 films to keep 8 of them, "th" 25,000."""
        if len(query.words) != 1 or query.year is not None:
            return None
        word = query.words[0]
        whole = set()
        for key in query.keys:
            whole.update(self._with_key(key))
        best = sorted(whole)[:limit]
        taken = set(best)

        def filled(positions):
            """Whether `best` is full after taking `positions`, in their order, as far as it goes."""
            for position in positions:
                if len(best) == limit:
                    break
                if position not in taken:
                    best.append(position)
                    taken.add(position)
            return len(best) == limit

        if filled(self._with_word(word)):
            return best
        if len(word) < text_search.MIN_PREFIX_LENGTH:
            return None
        vocabulary = self.vocabulary
        starts = bisect.bisect_left(vocabulary, word)
        ends = bisect.bisect_left(vocabulary, word + "\U0010ffff", starts)
        prefixed = heapq.merge(*(self._with_word(other) for other in vocabulary[starts:ends]))
        return best if filled(prefixed) else None

    def suggest(self, q, limit):
        """The ids of search()'s first `limit` films for `q`."""
        return [self.ids[p] for p in self.best(q, limit)]

    def suggestions(self, q, limit):
        """search()'s first `limit` films for `q` as type-ahead shows them: dicts with the
        title, year, slug and age (the published advisory's, else None)."""
        found = []
        for p in self.best(q, limit):
            title, _, slug = self.shown[p].rpartition(SEPARATOR)
            age = self.ages[p]
            found.append(
                {
                    "title": title,
                    "year": self.years[p] or None,
                    "slug": slug,
                    "age": None if age == NO_AGE else age,
                }
            )
        return found


class Vocabulary:
    """The typo vocabulary (SearchTerm) in memory, so that a search asks the database nothing
    before it reads its films: each term under itself and each spelling of it with a letter
    left out (search.variants), as the table has them.

    Kept compact, as every worker keeps one: the 308,021 (variant, term) pairs at 58,788
    films are one sorted array of numbers, each a variant's hash above its term's number
    (2.5 MB; about 5 MB with the 40,153 terms); a dict of the pairs took 64 MB. A lookup
    finds a variant's hash by bisection, and keeps a term only if it does have that
    variant, so that two variants with the same hash never mix.
    """

    def __init__(self, terms):
        self.terms = terms  # sorted
        # A term's number in the low bits, the variant's hash in what fits above them.
        self.bits = len(self.terms).bit_length()
        self.hash_mask = (1 << (63 - self.bits)) - 1
        keys = [
            (self._hash(variant) << self.bits) | number
            for number, term in enumerate(self.terms)
            for variant in text_search.variants(term)
        ]
        keys.sort()
        self.keys = array("q", keys)

    def _hash(self, variant):
        return hash(variant) & self.hash_mask

    def under(self, spellings):
        """{variant: {terms}} for these variants, as search.terms_under reads them from SearchTerm."""
        found = {}
        keys, terms, bits = self.keys, self.terms, self.bits
        last_number = (1 << bits) - 1
        for variant in spellings:
            start = self._hash(variant) << bits
            for i in range(bisect.bisect_left(keys, start), len(keys)):
                key = keys[i]
                if key - start > last_number:
                    break
                term = terms[key & last_number]
                if term == variant or variant in text_search.variants(term):
                    found.setdefault(variant, set()).add(term)
        return found


class _Sets:
    """One query's sets of positions, each word's and each prefix's made once: ranking asks
    for the same ones two or three times."""

    def __init__(self, index):
        self.index, self.words, self.prefixes = index, {}, {}

    def word(self, word):
        found = self.words.get(word)
        if found is None:
            found = self.words[word] = frozenset(self.index._with_word(word))
        return found

    def films_with(self, alternative):
        """How many films the index finds for one word of the query, with its corrections and
        as a prefix (search.Query.alternatives), counting a film once for each."""
        word, near, prefix = alternative
        count = sum(len(self.index._with_word(w)) for w in [word, *near])
        return count + (len(self.prefix(word)) if prefix else 0)

    def any_of(self, words, prefix=None):
        """The films with one of `words`, or with a word that starts with `prefix`."""
        found = set()
        for word in words:
            found |= self.word(word)
        if prefix:
            found |= self.prefix(prefix)
        return found

    def having(self, candidates, words, prefix=None):
        """The candidates among any_of(words, prefix). A few candidates against a long list
        ("lord" against "of", "the") are each looked up in it by bisection, rather than the
        list made into a set: "beauty and the beast" made sets of 9,000 and 15,000 films to
        keep four."""
        lists = [self.index._with_word(word) for word in words]
        if len(candidates) * 16 >= sum(map(len, lists)):
            return candidates & self.any_of(words, prefix)
        kept = {p for p in candidates if any(_holds(positions, p) for positions in lists)}
        if prefix:
            kept |= candidates & self.prefix(prefix)
        return kept

    def prefix(self, prefix):
        found = self.prefixes.get(prefix)
        if found is None:
            found = self.prefixes[prefix] = frozenset(self.index._starting_with(prefix))
        return found


def _holds(positions, position):
    """Whether the sorted `positions` hold `position`."""
    i = bisect.bisect_left(positions, position)
    return i < len(positions) and positions[i] == position


_lock = threading.Lock()
_current = None  # (the catalogue's generation, TitleIndex)


def build():
    from films.models import Film, SearchTerm

    advisory = Film._meta.get_field("advisory")  # the advisories app's table, named through Film
    sql = ROWS.format(
        films=Film._meta.db_table,
        advisories=advisory.related_model._meta.db_table,
        film=advisory.field.column,
    )
    # Server-side cursors on PostgreSQL (Django's chunked_cursor), so that the 40,153 words
    # and the 58,788 films come in batches rather than all at once into the worker's memory.
    with connection.chunked_cursor() as cursor:
        cursor.execute(TERMS.format(terms=SearchTerm._meta.db_table))
        terms = sorted(term for (term,) in _rows(cursor))
    # Words are only ever added to the vocabulary: a change that brings none (an advisory
    # published, a film's votes) keeps the copy this process has rather than hashing and
    # sorting its 308,021 spellings again (a rebuild at 58,788 films: 0.42-0.47 s, not 0.68).
    kept = _current[1].typos if _current is not None else None
    typos = kept if kept is not None and kept.terms == terms else Vocabulary(terms)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        return TitleIndex(_rows(cursor), typos)


def _rows(cursor):
    while rows := cursor.fetchmany(2000):
        yield from rows


def current():
    """This process's TitleIndex, built again when the titles have changed since."""
    global _current
    generation = generations(TITLES)[0]  # read before the films: see the module's docstring
    kept = _current
    if kept is not None and kept[0] == generation:
        return kept[1]
    if connection.in_atomic_block:
        return build()
    with _lock:
        if _current is None or _current[0] != generation:
            _current = (generation, build())
        return _current[1]


def forget():
    """Drop this process's copy (tests that change the catalogue's generation by hand)."""
    global _current
    _current = None
