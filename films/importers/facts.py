"""Film facts from an outside source, and how they are written without undoing editors' work.

Each film and credit keeps `imported_facts`: the values the last import wrote. A field may
be written when it is empty, when it still holds what an import wrote, or with `overwrite`;
otherwise an editor changed it by hand and the import reports the difference and keeps it.
"""

import contextlib
import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from films.importers import ImportFailed
from films.models import Company, Country, Credit, Film, Language, Person
from pagecache import bump_catalog

# Credits written in one transaction, which holds the site's write lock for their inserts,
# and a pause after each, during which the writers waiting have it (SQLite's busy handler
# sleeps up to 100 ms between tries).
CREDIT_BATCH = 500
BATCH_PAUSE = 0.1
SCALAR_FIELDS = ["runtime", "released_theatrical", "budget", "gross", "imdb_id", "wikidata_id", "tmdb_id"]
# Film field -> lookup model, for the many-to-many facts.
NAMED_FIELDS = {
    "countries": Country,
    "languages": Language,
    "studios": Company,
    "distributors": Company,
}


@dataclass(frozen=True)
class PersonRef:
    name: str
    wikipedia_title: str | None = None

    def __str__(self):
        return self.name


@dataclass
class CreditFacts:
    role: str
    person: PersonRef
    character: str = ""
    note: str = ""
    billing: int = 0


@dataclass
class Release:
    """One release from a {{Film date}}: the date (None when only the year is known) and the place."""

    year: int
    date: datetime.date | None = None
    place: str = ""

    def __str__(self):
        when = self.date.strftime("%-d %B %Y") if self.date else str(self.year)
        return f"{when}, {self.place}" if self.place else when


@dataclass
class FilmFacts:
    title: str
    year: int
    source: str = ""
    imdb_id: str | None = None
    wikidata_id: str | None = None
    tmdb_id: int | None = None
    runtime: int | None = None
    released_theatrical: datetime.date | None = None
    releases: list[Release] = field(default_factory=list)
    budget: str = ""
    gross: str = ""
    countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    studios: list[str] = field(default_factory=list)
    distributors: list[str] = field(default_factory=list)
    credits: list[CreditFacts] = field(default_factory=list)


@dataclass
class FilmReport:
    """What an import did to one film, in lines a person reads."""

    film: str
    pk: int | None = None
    created: bool = False
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self):
        if self.created:
            return "created"
        return "updated" if self.changes else "unchanged"

    def lines(self):
        yield f"{self.film}: {self.status}"
        yield from (f"  {line}" for line in self.changes)
        yield from (f"  kept (changed by an editor): {line}" for line in self.kept)
        yield from (f"  {line}" for line in self.notes)


def stored(value):
    """A value as `imported_facts` keeps it (JSON)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | set | tuple):
        return sorted(value)
    return value


def may_write(snapshot, name, current, overwrite):
    """Whether an import may replace `current`: empty, still what an import wrote, or overwrite."""
    if overwrite or current in (None, "", [], ()):
        return True
    return name in snapshot and snapshot[name] == stored(current)


def field_label(name):
    """The words the admin uses: "theatrical release" for released_theatrical."""
    return str(Film._meta.get_field(name).verbose_name)


def change(name, current, new, created):
    name = field_label(name)
    return f"{name}: {show(new)}" if created else f"{name}: {show(current)} → {show(new)}"


def show(value):
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f"“{value}”" if isinstance(value, str) else str(value)


def fields_imports_may_update(film):
    """The labels of the film's facts that still hold what an import wrote (or are empty)."""
    snapshot = film.imported_facts or {}
    fields = []
    for name in SCALAR_FIELDS + list(NAMED_FIELDS):
        if name not in snapshot:
            continue
        current = getattr(film, name)
        if name in NAMED_FIELDS:
            current = sorted(current.values_list("name", flat=True))
        if may_write(snapshot, name, current, overwrite=False):
            fields.append(field_label(name))
    return fields


def check_film(facts: FilmFacts, *, overwrite: bool = False) -> None:
    """ImportFailed when the film cannot be imported as it stands (an IMDb id that belongs to
    another film, a value the film refuses). Reads only: call it for every film of a file
    before writing any, so that a bad file changes nothing."""
    plan_film(facts, overwrite=overwrite)


def import_film(facts: FilmFacts, *, overwrite: bool = False, dry_run: bool = False) -> FilmReport:
    """Create or update the film, its people and credits from `facts`; with `dry_run`, only
    say what would change. Call it outside any transaction: it writes in short ones, so that
    the site's other writers wait at most one of them.

    The film and its facts are written in one transaction, then the credits in batches of
    CREDIT_BATCH, one transaction each. A failure between two batches leaves the film with its
    facts and the credits written so far: nothing wrong, only incomplete, and said in the
    ImportFailed message. Every batch matches what is already there, so importing the file
    again completes the film without duplicating anyone.
    """
    with writing(dry_run):
        plan = plan_film(facts, overwrite=overwrite)
        if not dry_run:
            plan.save()
    film, report = plan.film, plan.report
    credits = CreditWriter(film, report, overwrite=overwrite, dry_run=dry_run)
    for start in range(0, len(facts.credits), CREDIT_BATCH):
        try:
            credits.write(facts.credits[start : start + CREDIT_BATCH])
        except (ImportFailed, DatabaseError) as error:
            raise ImportFailed(
                f"{film}: saved with its facts and {start:,} of its {len(facts.credits):,} credits, "
                f"then the database refused the rest ({error}); importing the file again completes it",
                changed_nothing=dry_run,
            ) from error
        if not dry_run and start + CREDIT_BATCH < len(facts.credits):
            let_others_write()
    if facts.releases:
        report.notes.append("releases: " + "; ".join(str(r) for r in facts.releases))
    return report


def let_others_write():
    """Pause after a batch, on SQLite, so that writers waiting for the lock get it: they poll
    (SQLite's busy handler sleeps up to 100 ms between tries), and an import that began its
    next batch at once would take the lock again before they woke, batch after batch."""
    if connection.vendor == "sqlite":
        time.sleep(BATCH_PAUSE)


def writing(dry_run):
    """A transaction for writes; none for a dry run, which only reads."""
    return contextlib.nullcontext() if dry_run else transaction.atomic()


@dataclass
class FilmPlan:
    """What an import will write to one film row and its lists of names."""

    film: Film
    report: FilmReport
    save_film: bool
    named_updates: dict[str, list[str]]

    def save(self):
        if self.save_film:
            self.film.save()
            self.report.pk = self.film.pk
        for name, names in self.named_updates.items():
            model = NAMED_FIELDS[name]
            getattr(self.film, name).set([model.objects.get_or_create(name=n[:200])[0] for n in names])


def plan_film(facts, *, overwrite):
    """The film these facts describe (found or new) with the facts an import may write set on
    it, unsaved, and the report of what changes and what an editor's value keeps."""
    film = find_film(facts)
    created = film is None
    if created:
        film = Film(title=facts.title, year=facts.year)
    report = FilmReport(film=str(film), pk=film.pk, created=created)
    snapshot = dict(film.imported_facts or {})

    for name in SCALAR_FIELDS:
        new, current = getattr(facts, name), getattr(film, name)
        if new in (None, "") or new == current:
            continue
        if created or may_write(snapshot, name, current, overwrite):
            setattr(film, name, new)
            snapshot[name] = stored(new)
            report.changes.append(change(name, current, new, created))
        else:
            report.kept.append(f"{field_label(name)} {show(current)} (the page says {show(new)})")

    named_updates = {}
    for name in NAMED_FIELDS:
        new = sorted(set(getattr(facts, name)))
        current = [] if created else sorted(getattr(film, name).values_list("name", flat=True))
        if not new or new == current:
            continue
        if may_write(snapshot, name, current, overwrite):
            named_updates[name] = new
            snapshot[name] = new
            report.changes.append(change(name, current, new, created))
        else:
            report.kept.append(f"{field_label(name)} {show(current)} (the page says {show(new)})")

    save_film = created or snapshot != film.imported_facts or bool(report.changes)
    if save_film:
        film.imported_facts = snapshot
        if created:
            film.slug = film.free_slug()
        validate(film, facts)
    return FilmPlan(film=film, report=report, save_film=save_film, named_updates=named_updates)


def find_film(facts):
    """The film these facts describe: by Wikidata item, else IMDb id, when known; else by
    title and year, however the title is written ("Iron Giant, The" is "The Iron Giant")."""
    for name in ("wikidata_id", "imdb_id"):
        value = getattr(facts, name)
        film = Film.objects.filter(**{name: value}).first() if value else None
        if film:
            return film
    film = Film.objects.filter(title=facts.title, year=facts.year).first()
    film = film or Film.objects.matching(facts.title, facts.year).order_by("pk").first()
    if film and facts.imdb_id and film.imdb_id and film.imdb_id != facts.imdb_id:
        raise ImportFailed(
            f"{film} already exists with IMDb id {film.imdb_id}, but the page is about {facts.imdb_id}"
        )
    return film


def validate(film, facts):
    try:
        film.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        raise ImportFailed(f"{facts.title} ({facts.year}): {problems}") from error


class CreditWriter:
    """Matches a film's credits from an import with those it has, in memory: the film's
    credits are read once, people in one query per batch (by Wikipedia article, else by
    name), and the batch is written with bulk queries. A person in two parts keeps both:
    each stored credit is matched at most once per import."""

    def __init__(self, film, report, *, overwrite, dry_run):
        self.film, self.report, self.overwrite, self.dry_run = film, report, overwrite, dry_run
        # (person, role) -> the film's credits not yet matched, in billing order
        self.unmatched = defaultdict(list)
        if film.pk:
            for credit in film.credits.order_by("billing", "id"):
                self.unmatched[(credit.person_id, credit.role)].append(credit)
        self.written = set()  # (person, role, character) of every credit this import matched or made
        self.by_title = {}  # Wikipedia title -> person
        self.by_name = defaultdict(list)  # name -> people, oldest first
        self.names_read = set()
        self.loaded = {}  # pk -> person, for every person read

    def write(self, batch):
        """Match one batch of credits (reads only), then write what it adds and changes in
        one transaction, which holds the write lock for its inserts and updates alone (no
        transaction in a dry run, which writes nothing)."""
        people, new_people, titled = self.find_people([credit.person for credit in batch])
        new_credits, changed_credits = [], []
        for facts, (person, known) in zip(batch, people, strict=True):
            credit, created = self.match(facts, person, known)
            if credit is None:
                continue
            (new_credits if created else changed_credits).append(credit)
        if self.dry_run:
            return
        with transaction.atomic():
            Person.objects.bulk_create(new_people)
            Person.objects.bulk_update(titled, ["wikipedia_title"])
            Credit.objects.bulk_create(new_credits)
            Credit.objects.bulk_update(changed_credits, ["character", "note", "billing", "imported_facts"])
            if new_people or titled or new_credits or changed_credits:
                transaction.on_commit(bump_catalog)  # bulk queries send no signals

    def find_people(self, refs):
        """(person, already known) for each ref, as Person.objects.find_or_create() would find
        them, in two queries at most; with the new people (unsaved) and the people known by
        name only who now get their article."""
        titles = {ref.wikipedia_title for ref in refs if ref.wikipedia_title} - self.by_title.keys()
        for person in Person.objects.filter(wikipedia_title__in=titles):
            self.by_title[person.wikipedia_title] = self.loaded.setdefault(person.pk, person)
        # By name: the people without an article, and those whose article nobody has yet.
        names = {ref.name for ref in refs if ref.wikipedia_title not in self.by_title} - self.names_read
        for person in Person.objects.filter(name__in=names).order_by("id"):
            person = self.loaded.setdefault(person.pk, person)  # one object per person
            self.by_name[person.name].append(person)
            if person.wikipedia_title:
                self.by_title.setdefault(person.wikipedia_title, person)
        self.names_read |= names

        found, new, titled = [], [], []
        for ref in refs:
            person = self.by_title.get(ref.wikipedia_title) if ref.wikipedia_title else None
            if person is None and ref.wikipedia_title:
                person = next((p for p in self.by_name[ref.name] if p.wikipedia_title is None), None)
                if person is not None:  # the person was known by name only: now by the article too
                    person.wikipedia_title = ref.wikipedia_title
                    self.by_title[ref.wikipedia_title] = person
                    titled.append(person)
            elif person is None:
                person = next(iter(self.by_name[ref.name]), None)
            known = person is not None
            if person is None:
                person = Person(name=ref.name, wikipedia_title=ref.wikipedia_title)
                self.by_name[ref.name].append(person)
                if ref.wikipedia_title:
                    self.by_title[ref.wikipedia_title] = person
                new.append(person)
            found.append((person, known))
        return found, new, [person for person in titled if person.pk]

    def match(self, facts: CreditFacts, person, known):
        """The film's credit for these facts, updated as the import may, or a new one; with
        whether it is new. (None, False) when this import already wrote that credit."""
        key = person.pk or id(person)  # a person new in a dry run has no pk
        if (key, facts.role, facts.character) in self.written:
            return None, False  # one person under two names in the page: one credit
        wanted = {"character": facts.character, "note": facts.note, "billing": facts.billing}
        label = f"{Credit.Role(facts.role).label.lower()} {person}"
        candidates = self.unmatched.get((person.pk, facts.role), []) if person.pk else []
        credit = next((c for c in candidates if c.character == facts.character), None)
        if credit is None and len(candidates) == 1:
            credit = candidates[0]
        if credit is None:
            credit = Credit(film=self.film, person=person, role=facts.role, imported_facts=wanted, **wanted)
            self.written.add((key, facts.role, facts.character))
            as_character = f" as {facts.character}" if facts.character else ""
            new_person = "" if known else " (new person)"
            self.report.changes.append(f"new credit: {label}{as_character}{new_person}")
            return credit, True
        candidates.remove(credit)

        snapshot = dict(credit.imported_facts or {})
        changed = []
        for name, new in wanted.items():
            current = getattr(credit, name)
            if new in ("", None) or new == current:
                continue
            if may_write(snapshot, name, current, self.overwrite):
                setattr(credit, name, new)
                snapshot[name] = new
                changed.append(f"{name} {show(current)} → {show(new)}")
            elif name != "billing":
                self.report.kept.append(f"{label}: {name} {show(current)} (the page says {show(new)})")
        self.written.add((key, facts.role, credit.character))
        if changed:
            self.report.changes.append(f"credit {label}: " + ", ".join(changed))
        if snapshot == credit.imported_facts:
            return None, False
        credit.imported_facts = snapshot
        return credit, False
