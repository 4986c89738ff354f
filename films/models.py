from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Value
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify

from films import certificates as crosswalk
from films import titles

FIRST_FILM_YEAR = 1888
LAST_FILM_YEAR = 2100

imdb_id_validator = RegexValidator(
    r"^tt\d{7,10}$", "An IMDb id is “tt” followed by 7 to 10 digits, such as tt1334260."
)
wikidata_id_validator = RegexValidator(
    r"^Q[1-9]\d{0,11}$", "A Wikidata item is “Q” followed by its number, such as Q171048."
)


def film_slug(title, year):
    """`never-let-me-go-2010`: the slugified title and the year."""
    base = slugify(title)[:200] or "film"
    return f"{base}-{year}"


class NamedModel(models.Model):
    """A small lookup table: a unique name, shown as itself."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Genre(NamedModel):
    slug = models.SlugField(max_length=60, unique=True)

    class Meta(NamedModel.Meta):
        pass

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Country(NamedModel):
    class Meta(NamedModel.Meta):
        verbose_name_plural = "countries"


class Language(NamedModel):
    class Meta(NamedModel.Meta):
        pass


class Company(NamedModel):
    """A studio or a distributor."""

    class Meta(NamedModel.Meta):
        verbose_name_plural = "companies"


# A film's short lists of names: its page shows them all.
NAME_LISTS = ["genres", "countries", "languages", "studios", "distributors"]


def name_rows(**films):
    """The NAME_LISTS of the films `films` filters (`film_id=...`) in one query, a UNION of
    the five relations instead of a prefetch each, as rows (list name, film id, pk, name,
    slug: "" but for a genre); keep_name_lists() keeps them where prefetch_related would."""
    parts = []
    for name in NAME_LISTS:
        field = Film._meta.get_field(name)
        target = field.m2m_reverse_field_name()
        slug = f"{target}__slug" if name == "genres" else Value("")
        rows = field.remote_field.through.objects.filter(**films)
        parts.append(
            rows.order_by().values_list(Value(name), "film_id", f"{target}_id", f"{target}__name", slug)
        )
    return parts[0].union(*parts[1:], all=True)


def keep_name_lists(films, rows):
    """name_rows()'s rows kept in each of `films` as prefetch_related keeps what it fetched
    (Django's prefetch_one_level)."""
    found = {film.pk: {name: [] for name in NAME_LISTS} for film in films}
    for name, film_id, pk, label, slug in rows:
        model = Film._meta.get_field(name).related_model
        item = model(pk=pk, name=label, slug=slug) if slug else model(pk=pk, name=label)
        found[film_id][name].append(item)
    for film in films:
        for name in NAME_LISTS:
            keep_prefetched(film, name, sorted(found[film.pk][name], key=lambda item: item.name))


def keep_prefetched(instance, name, items):
    """Keep `items` as prefetch_related keeps what it fetched (Django's prefetch_one_level):
    `getattr(instance, name).all()` then returns them without a query."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = items
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


class FilmQuerySet(models.QuerySet):
    def by_slug_or_redirect(self, slug):
        """(film, None) for the film with this slug; (None, its slug now) for a slug it had before.

        Raises Film.DoesNotExist when neither: the caller answers 404. A page view calls it
        on its own queryset (`Film.objects.for_page().by_slug_or_redirect(slug)`) and
        answers a 301 to the current slug in the second case. One query for a current slug,
        two for an old one.
        """
        film = self.filter(slug=slug).first()
        if film is not None:
            return film, None
        current = FilmSlugRedirect.objects.filter(old_slug=slug).values_list("film__slug", flat=True).first()
        if current is None:
            raise Film.DoesNotExist(f"No film has or had the slug {slug!r}.")
        return None, current

    def matching(self, title, year):
        """The films that are this title and year under another spelling: "Iron Giant, The",
        "The Iron Giant" and "the iron giant" all match one another (see titles.match_key)."""
        return self.filter(match_key=titles.match_key(title), year=year)

    # Film.advisory_published_at is set exactly while the film's advisory is published
    # (advisories keep it so), which lets the catalogue ask without knowing advisories.
    def with_published_advisory(self):
        return self.filter(advisory_published_at__isnull=False)

    def public(self):
        """Films whose page the public may see: no advisory yet, or a published one (a
        draft's film is a 404 but for staff)."""
        return self.filter(models.Q(advisory__isnull=True) | models.Q(advisory_published_at__isnull=False))

    def for_card(self):
        """What a film card shows: the film, its advisory and its effective rating (the
        editors' or the community's, advisories.FilmRating) in one query."""
        return self.select_related("advisory", "rating")

    def for_page(self):
        """The film's certificates, trivia and credits, in a fixed number of queries (the
        film page itself reads them through pages/film_data.py)."""
        return self.prefetch_related(
            "certificates",
            "trivia",
            models.Prefetch("credits", queryset=Credit.objects.select_related("person")),
        )


# The published advisory's facts a film keeps a copy of, which Advisory.save() writes.
ADVISORY_COPIES = ("advisory_published_at", "advisory_stars")


class Film(models.Model):
    title = models.CharField(max_length=250)
    # Derived from the title by save() and the catalog importer (films/titles.py).
    sort_title = models.CharField(max_length=250, editable=False, default="")
    match_key = models.CharField(max_length=250, editable=False, default="")
    search_document = models.TextField(editable=False, default="")
    votes = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many people rated it in the catalog: how well known it is."
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_FILM_YEAR), MaxValueValidator(LAST_FILM_YEAR)]
    )
    slug = models.SlugField(max_length=220, unique=True, editable=False)
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    synopsis = models.TextField(blank=True, help_text="A short synopsis in our own words.")
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    countries = models.ManyToManyField(Country, blank=True, related_name="films")
    languages = models.ManyToManyField(Language, blank=True, related_name="films")
    studios = models.ManyToManyField(Company, blank=True, related_name="studio_films")
    distributors = models.ManyToManyField(Company, blank=True, related_name="distributed_films")
    poster = models.ImageField(upload_to="posters/", blank=True)
    imdb_id = models.CharField(
        "IMDb id", max_length=12, unique=True, null=True, blank=True, validators=[imdb_id_validator]
    )
    wikidata_id = models.CharField(
        "Wikidata item",
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[wikidata_id_validator],
    )
    tmdb_id = models.PositiveIntegerField(
        "TMDb id",
        unique=True,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The film's number on themoviedb.org, which media servers match on.",
    )
    released_theatrical = models.DateField("theatrical release", null=True, blank=True)
    released_home = models.DateField("home/streaming release", null=True, blank=True)
    budget = models.CharField(max_length=100, blank=True)
    gross = models.CharField("box office gross", max_length=100, blank=True)
    imported_facts = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the last import wrote, by field. A field whose value differs was changed "
        "by hand, and imports leave it alone unless told to overwrite.",
    )
    # A copy of the published advisory's date (None without one), written by Advisory.save().
    # The browse page's default order, newest advisory first and then the rest by title,
    # reads it from one index instead of sorting the whole catalogue through a join.
    advisory_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A copy of the published advisory's stars (None without one), written with the date:
    # "best rated first" reads the films in film_best_rated_idx's order, checking each film's
    # filters as it goes, instead of reading every film of the top groups of stars to sort
    # them by title.
    advisory_stars = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="film_title_year_unique"),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_FILM_YEAR, year__lte=LAST_FILM_YEAR),
                name="film_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(runtime__isnull=True) | models.Q(runtime__gte=1),
                name="film_runtime_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(tmdb_id__isnull=True) | models.Q(tmdb_id__gte=1),
                name="film_tmdb_id_positive",
                violation_error_message="A TMDb id is a positive number.",
            ),
        ]
        indexes = [
            # Browse: year_min/year_max and "order by year".
            models.Index(fields=["year"], name="film_year_idx"),
            # Browse and API, no ordering given: newest advisory first, then by title. SQLite
            # reads it for "DESC NULLS LAST"; PostgreSQL gets its own NULLS LAST index in
            # migration films 0003, since its DESC puts NULLs first.
            models.Index(fields=["-advisory_published_at", "title", "id"], name="film_newest_advisory_idx"),
            # Browse and API, "order by title": the title without its article.
            models.Index(fields=["sort_title", "id"], name="film_sort_title_idx"),
            # Browse and API with no ordering and no search: the newest advisories first, then
            # the best known films. PostgreSQL gets a NULLS LAST copy (migration films 0008).
            models.Index(
                fields=["-advisory_published_at", "-votes", "sort_title", "id"],
                name="film_browse_default_idx",
            ),
            # Browse and API with no ordering and no search, after the films with an advisory:
            # the films without one, the best known first (pages.filters.UNRATED_ORDER), read
            # in this order a page at a time instead of sorting the whole catalogue.
            models.Index(fields=["-votes", "sort_title", "id"], name="film_best_known_idx"),
            # Browse and API, ordered by stars: the best rated first, then by title.
            models.Index(
                fields=["-advisory_stars", "title", "id"],
                name="film_best_rated_idx",
                condition=models.Q(advisory_stars__isnull=False),
            ),
            # Imports and find_duplicate_films: the film a title and year already have.
            models.Index(fields=["match_key", "year"], name="film_match_key_idx"),
        ]
        # The text search indexes (FTS5 on SQLite, a GIN tsvector index on PostgreSQL) are
        # made by migration films 0006: see films/search.py.

    def __str__(self):
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        if self.imdb_id == "":
            self.imdb_id = None
        if self.wikidata_id == "":
            self.wikidata_id = None
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The advisory's copies are the advisory's to write (Advisory.save): a film saved
            # from a copy loaded before its advisory was published must not write them back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in ADVISORY_COPIES
            ]
        self.sort_title = titles.sort_title(self.title)
        self.match_key = titles.match_key(self.title)
        old_document, self.search_document = self.search_document, titles.search_document(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_title", "match_key", "search_document"}
        super().save(*args, **kwargs)
        if self.search_document != old_document:
            SearchTerm.objects.add_words(self.search_document.split())
        old_slug = getattr(self, "_loaded_slug", None)
        if old_slug and old_slug != self.slug:
            FilmSlugRedirect.objects.moved(old_slug, self)
        self._loaded_slug = self.slug

    def get_absolute_url(self):
        return reverse("films:detail", kwargs={"slug": self.slug})

    @property
    def published_advisory(self):
        """The film's advisory if it is published, else None (a draft reads as none)."""
        advisory = getattr(self, "advisory", None)
        return advisory if advisory is not None and advisory.is_published else None

    @classmethod
    def from_db(cls, db, field_names, values):
        film = super().from_db(db, field_names, values)
        # save() notes a change of slug as a redirect from the old one.
        film._loaded_slug = film.__dict__.get("slug")
        return film

    def credits_by_role(self, role):
        return [c for c in self.credits.all() if c.role == role]

    @property
    def cast(self):
        return self.credits_by_role(Credit.Role.CAST)

    @property
    def directors(self):
        return self.credits_by_role(Credit.Role.DIRECTOR)

    @property
    def writers(self):
        return self.credits_by_role(Credit.Role.WRITER)

    @property
    def producers(self):
        return self.credits_by_role(Credit.Role.PRODUCER)

    def certificate(self, system):
        return next((c for c in self.certificates.all() if c.system == system), None)

    @property
    def mpa(self):
        return self.certificate(Certificate.System.MPA)

    def certificates_for_display(self):
        """The film's certificates, the site's country (REELWISE_COUNTRY) first, each with the age it
        admits from (None for a label the cross-walk does not know). Reads `certificates`, so
        prefetch it."""
        return crosswalk.for_display(self.certificates.all(), settings.REELWISE_COUNTRY)

    @property
    def certificates_line(self):
        """ "US PG-13 · UK 12A · DE FSK 12", or "" without certificates."""
        return crosswalk.display_line(self.certificates_for_display())

    def free_slug(self):
        """The film's slug, with -2, -3… added when two titles slugify alike ("M*A*S*H", "MASH")."""
        base = film_slug(self.title, self.year)
        taken = set(Film.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        # A renamed or merged film's old address keeps redirecting: nobody else takes it.
        taken |= set(
            FilmSlugRedirect.objects.filter(old_slug__startswith=base)
            .exclude(film_id=self.pk)
            .values_list("old_slug", flat=True)
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug


class FilmSlugRedirectQuerySet(models.QuerySet):
    def moved(self, old_slug, film):
        """Note that `old_slug` is now `film`'s old address (it may have been another's before)."""
        self.filter(film=film, old_slug=film.slug).delete()  # back to a slug it had: no loop
        self.update_or_create(old_slug=old_slug, defaults={"film": film})


class FilmSlugRedirect(models.Model):
    """An address a film had before it was renamed or merged: its pages answer 301 to the film."""

    old_slug = models.SlugField(max_length=220, unique=True)
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FilmSlugRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.film.slug}"


class SearchTermQuerySet(models.QuerySet):
    def add_words(self, words):
        """Add these words of titles to the vocabulary that corrects typos (see films/search.py)."""
        from films.search import term_rows

        self.bulk_create(
            [SearchTerm(variant=variant, term=term) for variant, term in term_rows(words)],
            ignore_conflicts=True,
            batch_size=2000,
        )


class SearchTerm(models.Model):
    """A word of some film's title, under itself and each spelling with one letter left out.

    Search looks a query's word up the same way ("stroy" and "story" share "stoy"), which
    finds the title words one typo away with an index lookup on either database.
    """

    variant = models.CharField(max_length=64)
    term = models.CharField(max_length=64)

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index search reads: variant IN (the query word's variants).
            models.UniqueConstraint(fields=["variant", "term"], name="search_term_unique"),
        ]

    def __str__(self):
        return f"{self.variant} → {self.term}"


class Certificate(models.Model):
    """An official rating by one board: MPA "R" for "some sexuality and nudity"."""

    class System(models.TextChoices):
        # Each board but OTHER is described in films/certificates.py (labels, ages, meanings).
        MPA = "MPA", "MPA (United States)"
        BBFC = "BBFC", "BBFC (United Kingdom)"
        FSK = "FSK", "FSK (Germany)"
        ACB = "ACB", "ACB (Australia)"
        CBFC = "CBFC", "CBFC (India)"
        CNC = "CNC", "CNC (France)"
        EIRIN = "EIRIN", "Eirin (Japan)"
        KMRB = "KMRB", "KMRB (South Korea)"
        ICAA = "ICAA", "ICAA (Spain)"
        RCQ = "RCQ", "RCQ (Québec)"
        MEDIERADET = "MEDIERADET", "Medierådet (Denmark)"
        OTHER = "OTHER", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="certificates")
    system = models.CharField(max_length=16, choices=System)
    rating = models.CharField(
        max_length=60,
        help_text="The board's label. One the cross-walk does not know is shown without an age.",
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["system"]
        constraints = [
            models.UniqueConstraint(fields=["film", "system"], name="one_certificate_per_system"),
        ]
        indexes = [
            # Browse and API: mpa=PG-13 looks films up by (system, rating).
            models.Index(fields=["system", "rating", "film"], name="certificate_rating_idx"),
        ]

    def __str__(self):
        text = f"{self.system} {self.rating}"
        return f"{text}: {self.reason}" if self.reason else text

    @property
    def crosswalk_entry(self):
        """What this label means and the age it admits from, or None for a label we do not know."""
        return crosswalk.lookup(self.system, self.rating)


class PersonQuerySet(models.QuerySet):
    def find_or_create(self, name, wikipedia_title=None):
        """The one person with this Wikipedia article, else with this name; never a duplicate."""
        if wikipedia_title:
            person = self.filter(wikipedia_title=wikipedia_title).first()
            if person:
                return person
            person = self.filter(name=name, wikipedia_title__isnull=True).first()
            if person:
                person.wikipedia_title = wikipedia_title
                person.save(update_fields=["wikipedia_title"])
                return person
            return self.create(name=name, wikipedia_title=wikipedia_title)
        person = self.filter(name=name).order_by("id").first()
        return person or self.create(name=name)


class Person(models.Model):
    name = models.CharField(max_length=200, db_index=True)
    wikipedia_title = models.CharField(
        max_length=250,
        unique=True,
        null=True,
        blank=True,
        help_text="The person's Wikipedia article, when known: how imports recognise them.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.wikipedia_title == "":
            self.wikipedia_title = None
        super().save(*args, **kwargs)


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        CAST = "cast", "Cast"
        COMPOSER = "composer", "Music"
        CINEMATOGRAPHER = "cinematographer", "Cinematography"
        EDITOR = "editor", "Editing"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role)
    character = models.CharField(max_length=200, blank=True, help_text="Cast only.")
    note = models.CharField(
        max_length=100, blank=True, help_text="What kind of credit: “screenplay”, “novel”…"
    )
    billing = models.PositiveSmallIntegerField("billing order", default=0)
    imported_facts = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the last import wrote (character, note, billing); empty for a credit "
        "an editor added.",
    )

    class Meta:
        ordering = ["role", "billing", "id"]
        constraints = [
            models.UniqueConstraint(fields=["film", "person", "role", "character"], name="credit_unique"),
        ]

    def __str__(self):
        if self.character:
            return f"{self.person} as {self.character}"
        return f"{self.person} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.character and self.role != self.Role.CAST:
            raise ValidationError({"character": "Only cast credits have a character."})


class Trivia(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="trivia")
    text = models.TextField()
    is_spoiler = models.BooleanField("spoiler", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["is_spoiler", "order", "id"]
        verbose_name_plural = "trivia"

    def __str__(self):
        return self.text[:60]


@receiver(post_migrate)
def repair_search_index(sender, using, **kwargs):
    if sender.label == "films":
        from films.search import repair_sqlite_triggers

        repair_sqlite_triggers(connections[using])
