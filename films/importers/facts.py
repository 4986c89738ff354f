"""Film facts from an outside source, and how they are written without undoing editors' work.

Each film and credit keeps `imported_facts`: the values the last import wrote. A field may
be written when it is empty, when it still holds what an import wrote, or with `overwrite`;
otherwise an editor changed it by hand and the import reports the difference and keeps it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from films.importers import ImportFailed
from films.models import Company, Country, Credit, Film, Language, Person

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


def import_film(facts: FilmFacts, *, overwrite: bool = False) -> FilmReport:
    """Create or update the film, its people and credits from `facts`. Call inside a transaction."""
    film = find_film(facts)
    created = film is None
    if created:
        film = Film(title=facts.title, year=facts.year)
    report = FilmReport(film=str(film), created=created)
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

    if created or snapshot != film.imported_facts or report.changes:
        film.imported_facts = snapshot
        if created:
            film.slug = film.free_slug()
        validate(film, facts)
        film.save()
    report.pk = film.pk
    for name, names in named_updates.items():
        model = NAMED_FIELDS[name]
        getattr(film, name).set([model.objects.get_or_create(name=n[:200])[0] for n in names])

    matched = set()  # credits already matched by this import: a person in two parts keeps both
    for credit in facts.credits:
        matched.add(import_credit(film, credit, report, matched=matched, overwrite=overwrite))
    if facts.releases:
        report.notes.append("releases: " + "; ".join(str(r) for r in facts.releases))
    return report


def find_film(facts):
    """The film these facts describe: by IMDb id when known, else by title and year."""
    if facts.imdb_id:
        film = Film.objects.filter(imdb_id=facts.imdb_id).first()
        if film:
            return film
    film = Film.objects.filter(title=facts.title, year=facts.year).first()
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


def import_credit(film, facts: CreditFacts, report, *, matched, overwrite):
    """Create the credit, or update the one this person already has in this role; return its pk."""
    name, title = facts.person.name, facts.person.wikipedia_title
    if title:
        known = Person.objects.filter(wikipedia_title=title).exists() or (
            Person.objects.filter(name=name, wikipedia_title__isnull=True).exists()
        )
    else:
        known = Person.objects.filter(name=name).exists()
    person = Person.objects.find_or_create(name, title)

    wanted = {"character": facts.character, "note": facts.note, "billing": facts.billing}
    label = f"{Credit.Role(facts.role).label.lower()} {person}"
    existing = list(Credit.objects.filter(film=film, person=person, role=facts.role).exclude(pk__in=matched))
    credit = next((c for c in existing if c.character == facts.character), None)
    if credit is None and len(existing) == 1:
        credit = existing[0]
    if credit is None:
        credit = Credit.objects.create(
            film=film, person=person, role=facts.role, imported_facts=wanted, **wanted
        )
        as_character = f" as {facts.character}" if facts.character else ""
        report.changes.append(f"new credit: {label}{as_character}" + ("" if known else " (new person)"))
        return credit.pk

    snapshot = dict(credit.imported_facts or {})
    changed = []
    for name, new in wanted.items():
        current = getattr(credit, name)
        if new in ("", None) or new == current:
            continue
        if may_write(snapshot, name, current, overwrite):
            setattr(credit, name, new)
            snapshot[name] = new
            changed.append(f"{name} {show(current)} → {show(new)}")
        elif name != "billing":
            report.kept.append(f"{label}: {name} {show(current)} (the page says {show(new)})")
    if snapshot != credit.imported_facts:
        credit.imported_facts = snapshot
        credit.save()
    if changed:
        report.changes.append(f"credit {label}: " + ", ".join(changed))
    return credit.pk
