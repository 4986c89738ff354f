"""Films, their ids and certificates from the Wikidata Query Service's SPARQL JSON results.

The query is `wikidata_films.rq`, beside this module. `read_results()` reads and checks the
whole file before anything is written: a file that is not SPARQL JSON results of that
query's shape (or is too large, or holds a value of the wrong kind) raises ImportFailed
naming the file, the row and what is wrong. Rows are then put together per film (one row
per certificate or per date), and `plan_import()` decides, against what the database holds,
what each film needs, without writing. `write_plan()` writes it in short transactions of a
few hundred films each, so the site's SQLite write lock is never held for long.

A film is found by its Wikidata item, then its IMDb id, then its TMDb id, then its
normalised title and year. When two films could be the one meant, nothing is guessed: the
row is reported and skipped. Values an editor entered are kept (`imported_facts`).
"""

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from films import certificates as crosswalk
from films.importers import ImportFailed
from films.importers.facts import may_write
from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Certificate, Film, film_slug
from pagecache import bump_catalog_and_titles

QUERY = Path(__file__).with_name("wikidata_films.rq")
MAX_FILE_BYTES = 512 * 1024 * 1024
BATCH_SIZE = 500  # films per transaction
MAX_TMDB_ID = 2**31 - 1  # the largest PositiveIntegerField on every database we run on
MAX_TITLE = 250
MAX_LABEL = 60  # Certificate.rating

ITEM = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[1-9]\d{0,11})$")
PROPERTY = re.compile(r"^(?:https?://www\.wikidata\.org/prop/direct/)?(P[1-9]\d*)$")
IMDB_ID = re.compile(r"^tt\d{7,10}$")
YEAR = re.compile(r"^-?\d{1,6}$")
DATE = re.compile(r"^(-?\d{1,6})-\d\d-\d\dT")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
VARIABLES = {"film", "title", "year", "date", "imdb", "tmdb", "system", "rating"}
ARTICLES = {"the", "a", "an"}


def normalised_title(title):
    """A title as this importer compares it: "The Lord of the Rings: Return" and "lord of the rings
    return" are one. Case, accents, punctuation, "&" for "and" and a leading article do not count.
    """
    text = re.sub(r"['’]", "", title.casefold()).replace("&", " and ")
    text = unicodedata.normalize("NFKD", text)
    words = re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)))
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


@dataclass
class WikidataFilm:
    """One film's rows put together."""

    qid: str
    titles: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    imdb_ids: set[str] = field(default_factory=set)
    tmdb_ids: set[int] = field(default_factory=set)
    certificates: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def one(self, values, what, notes):
        """The value when there is one; None, with a note, when Wikidata gives several."""
        if len(values) > 1:
            shown = ", ".join(str(v) for v in sorted(values))
            notes.append(f"{self.qid}: several {what} ({shown}), none used")
            return None
        return next(iter(values), None)


def read_results(path) -> list[WikidataFilm]:
    """The films of a SPARQL JSON results file, checked whole. ImportFailed for a file we refuse."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailed(
                f"{name}: {size // (1024 * 1024)} MB is more than the {MAX_FILE_BYTES // (1024 * 1024)} MB "
                "an import reads at once; run the query per range of years"
            )
        data = json.loads(Path(path).read_bytes())
    except OSError as error:
        raise ImportFailed(f"{name}: cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{name}: not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise ImportFailed(f"{name}: not JSON ({error.msg} at line {error.lineno})") from error
    except RecursionError as error:
        raise ImportFailed(f"{name}: not JSON results (nested too deeply)") from error

    bindings = _bindings(data, name)
    del data
    films = {}
    for index in range(len(bindings)):
        # Each row is let go once read, so the file's rows and its films are not both held whole.
        binding, bindings[index] = bindings[index], None
        row = _read_row(binding, f"{name}, row {index + 1}")
        film = films.get(row["film"])
        if film is None:
            film = films[row["film"]] = WikidataFilm(qid=row["film"])
        if "title" in row:
            film.titles.add(row["title"])
        if "year" in row:
            film.years.add(row["year"])
        if "imdb" in row:
            film.imdb_ids.add(row["imdb"])
        if "tmdb" in row:
            film.tmdb_ids.add(row["tmdb"])
        if "system" in row:
            film.certificates[row["system"]].add(row["rating"])
    return list(films.values())


def _bindings(data, name):
    shape = 'SPARQL JSON results: {"head": {"vars": [...]}, "results": {"bindings": [...]}}'
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        raise ImportFailed(f"{name}: not {shape}")
    variables = data["head"].get("vars")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise ImportFailed(f"{name}: head.vars is not a list of names; expected {shape}")
    if "film" not in variables:
        raise ImportFailed(f"{name}: no ?film variable; is this the answer to films/importers/{QUERY.name}?")
    results = data.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise ImportFailed(f"{name}: results.bindings is not a list; expected {shape}")
    return results["bindings"]


def _read_row(binding, where):
    """One binding's values, checked: {"film": "Q…", "year": 2008, "system": "MPA", ...}."""
    if not isinstance(binding, dict):
        raise ImportFailed(f"{where}: a row is an object of variables, not {type(binding).__name__}")
    row = {}
    for variable, term in binding.items():
        if variable not in VARIABLES:
            continue  # a variable this importer does not read
        if not (
            isinstance(term, dict)
            and isinstance(term.get("type"), str)
            and isinstance(term.get("value"), str)
        ):
            raise ImportFailed(f'{where}: ?{variable} is not a term ({{"type": ..., "value": "..."}})')
        row[variable] = _read_value(variable, term["type"], term["value"], where)
    if "film" not in row:
        raise ImportFailed(f"{where}: no ?film")
    if "date" in row:
        year = row.pop("date")
        row["year"] = min(year, row.get("year", year))
    if ("system" in row) != ("rating" in row):
        raise ImportFailed(f"{where}: a certificate needs both ?system and ?rating")
    return row


def _read_value(variable, kind, value, where):
    def refuse(expected):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return ImportFailed(f"{where}: ?{variable} is “{shown}”, not {expected}")

    if variable == "film":
        match = ITEM.match(value) if kind == "uri" else None
        if not match:
            raise refuse("a Wikidata item (http://www.wikidata.org/entity/Q…)")
        return match[1]
    if variable == "system":
        match = PROPERTY.match(value) if kind in ("uri", "literal") else None
        system = crosswalk.BY_WIKIDATA_PROPERTY.get(match[1]) if match else None
        if system is None:
            known = ", ".join(sorted(crosswalk.BY_WIKIDATA_PROPERTY))
            raise refuse(f"one of the certificate properties we import ({known})")
        return system.code
    if kind not in ("literal", "typed-literal"):
        raise refuse("a literal")
    if variable in ("title", "rating"):
        text = " ".join(value.split())
        limit = MAX_TITLE if variable == "title" else MAX_LABEL
        if not text or len(text) > limit or CONTROL_CHARACTERS.search(value.replace("\n", " ")):
            raise refuse(f"a label of 1 to {limit} characters without control characters")
        return text
    if variable == "year":
        if not YEAR.match(value):
            raise refuse("a year")
        return int(value)
    if variable == "date":
        match = DATE.match(value)
        if not match:
            raise refuse("a date (2008-07-18T00:00:00Z)")
        return int(match[1])
    if variable == "imdb":
        if not IMDB_ID.match(value):
            raise refuse("an IMDb film id (tt and 7 to 10 digits)")
        return value
    if variable == "tmdb":
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_TMDB_ID):
            raise refuse("a TMDb id (a positive whole number)")
        return int(value)
    raise AssertionError(variable)


@dataclass
class Summary:
    films: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    kept: int = 0  # values an editor entered, left alone
    notes: list[str] = field(default_factory=list)

    def __str__(self):
        text = (
            f"{self.films} films: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )
        return text + (f" ({self.kept} values entered by editors kept)" if self.kept else "")


@dataclass
class Known:
    """A film as the database holds it, and what this import will write to it."""

    pk: int | None
    title: str
    year: int
    wikidata_id: str | None
    imdb_id: str | None
    tmdb_id: int | None
    facts: dict
    slug: str = ""  # a new film's

    def __str__(self):
        return f"{self.title} ({self.year})"


@dataclass
class Facts:
    """One film's facts as this import uses them: one value each, or None when unknown or unsure."""

    qid: str
    title: str | None
    year: int | None
    ids: dict  # wikidata_id, imdb_id, tmdb_id
    certificates: dict[str, str]  # system -> label as Wikidata gives it

    @classmethod
    def of(cls, film: WikidataFilm, notes):
        certificates = {}
        for system, labels in film.certificates.items():
            if len(labels) > 1:
                notes.append(
                    f"{film.qid}: several {system} certificates ({', '.join(sorted(labels))}), none used"
                )
            else:
                certificates[system] = next(iter(labels))
        return cls(
            qid=film.qid,
            title=film.one(film.titles, "English labels", notes),
            year=min(film.years) if film.years else None,  # the earliest publication
            ids={
                "wikidata_id": film.qid,
                "imdb_id": film.one(film.imdb_ids, "IMDb ids", notes),
                "tmdb_id": film.one(film.tmdb_ids, "TMDb ids", notes),
            },
            certificates=certificates,
        )

    def __str__(self):
        return f"{self.qid} “{self.title}” ({self.year})"


@dataclass
class Plan:
    new_films: list[Known] = field(default_factory=list)
    changed: list[Known] = field(default_factory=list)
    # (a new film's Known or a known film's pk, system, label, certificate pk or None)
    certificates: list[tuple] = field(default_factory=list)


ID_FIELDS = ("wikidata_id", "imdb_id", "tmdb_id")


class Planner:
    """What the database holds, loaded once, and each film's changes decided against it."""

    def __init__(self):
        self.films = [
            Known(*values)
            for values in Film.objects.values_list(
                "pk", "title", "year", "wikidata_id", "imdb_id", "tmdb_id", "imported_facts"
            )
        ]
        # Who holds each id: taken at the start or claimed by this import, never released by it,
        # so that no write can run into another film's unique id.
        self.holders = {name: {} for name in ID_FIELDS}
        for known in self.films:
            known.facts = dict(known.facts or {})
            self.hold(known)
        self._by_title = None
        self.titles_taken = {(known.title, known.year) for known in self.films}
        self.slugs = set(Film.objects.values_list("slug", flat=True))
        self.certificates = {
            (film_id, system): (pk, rating)
            for pk, film_id, system, rating in Certificate.objects.values_list(
                "pk", "film_id", "system", "rating"
            )
        }

    @property
    def by_title(self):
        """The known films by normalised title and year, made the first time a film needs it."""
        if self._by_title is None:
            self._by_title = defaultdict(list)
            for known in self.films:
                self._by_title[(normalised_title(known.title), known.year)].append(known)
        return self._by_title

    def hold(self, known):
        for name in ID_FIELDS:
            if getattr(known, name) is not None:
                self.holders[name][getattr(known, name)] = known

    def plan(self, films, summary, *, progress=None) -> Plan:
        plan = Plan()
        claims = defaultdict(list)  # id(known film) -> [(known film, Facts)]
        new = []
        every = [Facts.of(film, summary.notes) for film in films]
        self.drop_shared_ids(every, summary)
        for facts in every:
            summary.films += 1
            known = self.find(facts, summary)
            if known is False:
                summary.skipped += 1
            elif known is None:
                new.append(facts)
            else:
                claims[id(known)].append((known, facts))
            if progress:
                progress(1)

        for claimants in claims.values():
            known = claimants[0][0]
            if len(claimants) > 1:
                # Several films of the file could be this one: only its own Wikidata item decides.
                by_item = [(k, facts) for k, facts in claimants if k.wikidata_id == facts.ids["wikidata_id"]]
                others = ", ".join(facts.qid for k, facts in claimants if (k, facts) not in by_item)
                summary.notes.append(f"{others}: each could be {known}; skipped")
                summary.skipped += len(claimants) - len(by_item)
                claimants = by_item
            for _, facts in claimants:
                self.update(known, facts, plan, summary)
        for facts in new:
            self.create(facts, plan, summary)
        return plan

    @staticmethod
    def drop_shared_ids(every, summary):
        """An IMDb or TMDb id that several items of the file claim is none of theirs."""
        for name in ("imdb_id", "tmdb_id"):
            claims = defaultdict(list)
            for facts in every:
                if facts.ids[name] is not None:
                    claims[facts.ids[name]].append(facts)
            for value, claimants in claims.items():
                if len(claimants) > 1:
                    qids = ", ".join(facts.qid for facts in claimants)
                    summary.notes.append(f"{qids}: all have {field_name(name)} {value}, so none is given it")
                    for facts in claimants:
                        facts.ids[name] = None

    def find(self, facts, summary):
        """The known film these facts describe, None for a new one, or False (noted) when unsure."""
        for n, name in enumerate(ID_FIELDS):
            value = facts.ids[name]
            known = self.holders[name].get(value) if value is not None else None
            if known is None:
                continue
            # Found by a weaker id, but a stronger one says it is another film.
            clash = next(
                (
                    other
                    for other in ID_FIELDS[:n]
                    if facts.ids[other] is not None and getattr(known, other) not in (None, facts.ids[other])
                ),
                None,
            )
            if clash:
                summary.notes.append(
                    f"{facts.qid}: its {field_name(name)} {value} is {known}'s, whose {field_name(clash)} is "
                    f"{getattr(known, clash)}, not {facts.ids[clash]}; skipped"
                )
                return False
            return known
        if facts.title is None or facts.year is None:
            return None
        candidates = [
            known
            for known in self.by_title[(normalised_title(facts.title), facts.year)]
            # A film with another id of the same kind is another film.
            if all(getattr(known, name) is None or facts.ids[name] is None for name in ID_FIELDS)
        ]
        if len(candidates) > 1:
            names = "; ".join(f"{known} #{known.pk}" for known in candidates)
            summary.notes.append(f"{facts}: could be any of {names}; skipped")
            return False
        return candidates[0] if candidates else None

    def update(self, known, facts, plan, summary):
        before = dict(known.facts)
        for name, value in facts.ids.items():
            current = getattr(known, name)
            if value is None or value == current:
                continue
            holder = self.holders[name].get(value)
            if holder is not None and holder is not known:
                summary.notes.append(
                    f"{facts.qid}: {field_name(name)} {value} is already {holder}'s; {known} keeps "
                    f"{current or 'none'}"
                )
            elif may_write(known.facts, name, current, False):
                setattr(known, name, value)
                known.facts[name] = value
                self.holders[name][value] = known
            else:
                summary.kept += 1
                summary.notes.append(f"{known}: kept {field_name(name)} {current} (Wikidata says {value})")
        current = {
            system: self.certificates[(known.pk, system)]
            for system in facts.certificates
            if (known.pk, system) in self.certificates
        }
        certificates = self.certificate_changes(facts, str(known), known.facts, current, summary)
        plan.certificates += [(known.pk, *change) for change in certificates]
        if known.facts != before or certificates:
            plan.changed.append(known)
            summary.updated += 1
        else:
            summary.unchanged += 1

    def create(self, facts, plan, summary):
        if facts.title is None or facts.year is None:
            missing = "an English label" if facts.title is None else "a publication date"
            summary.notes.append(f"{facts.qid}: not in the database and without {missing}; skipped")
            summary.skipped += 1
            return
        if not FIRST_FILM_YEAR <= facts.year <= LAST_FILM_YEAR:
            summary.notes.append(f"{facts}: a year outside {FIRST_FILM_YEAR}–{LAST_FILM_YEAR}; skipped")
            summary.skipped += 1
            return
        if (facts.title, facts.year) in self.titles_taken:
            summary.notes.append(f"{facts}: another film in the database has this title and year; skipped")
            summary.skipped += 1
            return
        known = Known(None, facts.title, facts.year, None, None, None, {})
        for name, value in facts.ids.items():
            holder = self.holders[name].get(value) if value is not None else None
            if holder is not None:
                summary.notes.append(
                    f"{facts}: {field_name(name)} {value} is already {holder}'s; created without it"
                )
            elif value is not None:
                setattr(known, name, value)
                known.facts[name] = value
        self.hold(known)
        self.titles_taken.add((facts.title, facts.year))
        known.slug = self.free_slug(facts.title, facts.year)
        certificates = self.certificate_changes(facts, str(known), known.facts, {}, summary)
        plan.certificates += [(known, *change) for change in certificates]
        plan.new_films.append(known)
        summary.created += 1

    @staticmethod
    def certificate_changes(facts, film, imported, current, summary):
        """(system, label, certificate pk or None) for each certificate to write; `imported` updated.
        `current`: system -> (pk, label) of the film's certificates."""
        changes = []
        for system, label in facts.certificates.items():
            label = crosswalk.stored_label(system, label)
            key = system.lower()  # import_catalog keeps the MPA certificate under "mpa" too
            pk, rating = current.get(system, (None, None))
            if label == rating:
                continue
            if may_write(imported, key, rating, False):
                imported[key] = label
                changes.append((system, label, pk))
            else:
                summary.kept += 1
                summary.notes.append(f"{film}: kept {system} {rating} (Wikidata says {label})")
        return changes

    def free_slug(self, title, year):
        """Film.free_slug's scheme, against the slugs taken so far (in the database and this run)."""
        base = slug = film_slug(title, year)
        n = 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug


def field_name(name):
    return str(Film._meta.get_field(name).verbose_name)


def plan_import(films, *, progress=None) -> tuple[Plan, Summary]:
    summary = Summary()
    plan = Planner().plan(films, summary, progress=progress)
    return plan, summary


def write_plan(plan, *, progress=None):
    """Write the plan, BATCH_SIZE films to a transaction.

    The rows go to the database with executemany, not bulk_create: for 200,000 new films
    Django's per-field preparation took most of the import's time."""
    now = timezone.now()
    by_film = defaultdict(list)  # id(new Known) or a known pk -> [(system, label, certificate pk)]
    for target, system, label, pk in plan.certificates:
        by_film[id(target) if isinstance(target, Known) else target].append((system, label, pk))
    writer = RowWriter(now)

    for start in range(0, len(plan.new_films), BATCH_SIZE):
        batch = plan.new_films[start : start + BATCH_SIZE]
        with transaction.atomic():
            writer.insert_films(batch)
            writer.write_certificates((known.pk, by_film[id(known)]) for known in batch)
        if progress:
            progress(len(batch))

    for start in range(0, len(plan.changed), BATCH_SIZE):
        batch = plan.changed[start : start + BATCH_SIZE]
        with transaction.atomic():
            writer.update_films(batch)
            writer.write_certificates((known.pk, by_film[known.pk]) for known in batch)
        if progress:
            progress(len(batch))
    if plan.new_films or plan.changed:
        # Writes that bypass the ORM send no signals: tell the page cache and type-ahead the
        # catalogue changed.
        bump_catalog_and_titles()


class RowWriter:
    """INSERT and UPDATE statements for films and certificates, values prepared as the ORM would."""

    def __init__(self, now):
        self.quote = connection.ops.quote_name
        film_fields = [f for f in Film._meta.concrete_fields if not f.primary_key]
        given = {"title", "year", "slug", "wikidata_id", "imdb_id", "tmdb_id", "imported_facts"}
        defaults = {}
        for film_field in film_fields:
            if film_field.name in ("created_at", "updated_at"):
                defaults[film_field.column] = film_field.get_db_prep_save(now, connection)
            elif film_field.name not in given:
                defaults[film_field.column] = film_field.get_db_prep_save(
                    film_field.get_default(), connection
                )
        self.defaults = defaults
        self.facts_field = Film._meta.get_field("imported_facts")
        self.now = Film._meta.get_field("updated_at").get_db_prep_save(now, connection)

    def facts(self, facts):
        return self.facts_field.get_db_prep_save(facts, connection)

    def insert(self, model, columns, rows):
        names = ", ".join(self.quote(column) for column in columns)
        marks = ", ".join(["%s"] * len(columns))
        table = self.quote(model._meta.db_table)
        self.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - the model's names

    def update(self, model, columns, rows):
        """rows: the columns' values, then the row's id."""
        sets = ", ".join(f"{self.quote(column)} = %s" for column in columns)
        table = self.quote(model._meta.db_table)
        self.execute(f"UPDATE {table} SET {sets} WHERE {self.quote('id')} = %s", rows)  # noqa: S608

    @staticmethod
    def execute(sql, rows):
        rows = list(rows)
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)

    def insert_films(self, batch):
        columns = [
            "title",
            "year",
            "slug",
            "wikidata_id",
            "imdb_id",
            "tmdb_id",
            "imported_facts",
            *self.defaults,
        ]
        defaults = list(self.defaults.values())
        self.insert(
            Film,
            columns,
            (
                [k.title, k.year, k.slug, k.wikidata_id, k.imdb_id, k.tmdb_id, self.facts(k.facts), *defaults]
                for k in batch
            ),
        )
        pks = dict(Film.objects.filter(slug__in=[known.slug for known in batch]).values_list("slug", "pk"))
        for known in batch:
            known.pk = pks[known.slug]

    def update_films(self, batch):
        self.update(
            Film,
            ["wikidata_id", "imdb_id", "tmdb_id", "imported_facts", "updated_at"],
            ([k.wikidata_id, k.imdb_id, k.tmdb_id, self.facts(k.facts), self.now, k.pk] for k in batch),
        )

    def write_certificates(self, films):
        """films: (film pk, [(system, label, certificate pk or None)])."""
        new, changed = [], []
        for film_pk, certificates in films:
            for system, label, pk in certificates:
                if pk is None:
                    new.append([film_pk, system, label, ""])
                else:
                    changed.append([label, pk])
        self.insert(Certificate, ["film_id", "system", "rating", "reason"], new)
        self.update(Certificate, ["rating"], changed)
