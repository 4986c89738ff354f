from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

FIRST_FILM_YEAR = 1888
LAST_FILM_YEAR = 2100

imdb_id_validator = RegexValidator(
    r"^tt\d{7,10}$", "An IMDb id is “tt” followed by 7 to 10 digits, such as tt1334260."
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


class FilmQuerySet(models.QuerySet):
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
        """The film's own facts its page shows, in a fixed number of queries (the advisory's
        part is advisories.models.for_film_page)."""
        return self.prefetch_related(
            "genres",
            "countries",
            "languages",
            "studios",
            "distributors",
            "certificates",
            "trivia",
            models.Prefetch("credits", queryset=Credit.objects.select_related("person")),
        )


class Film(models.Model):
    title = models.CharField(max_length=250)
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
        ]
        indexes = [
            # Browse: year_min/year_max and "order by year".
            models.Index(fields=["year"], name="film_year_idx"),
            # Browse and API, no ordering given: newest advisory first, then by title. SQLite
            # reads it for "DESC NULLS LAST"; PostgreSQL gets its own NULLS LAST index in
            # migration films 0003, since its DESC puts NULLs first.
            models.Index(fields=["-advisory_published_at", "title", "id"], name="film_newest_advisory_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        if self.imdb_id == "":
            self.imdb_id = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("films:detail", kwargs={"slug": self.slug})

    @property
    def published_advisory(self):
        """The film's advisory if it is published, else None (a draft reads as none)."""
        advisory = getattr(self, "advisory", None)
        return advisory if advisory is not None and advisory.is_published else None

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

    def free_slug(self):
        """The film's slug, with -2, -3… added when two titles slugify alike ("M*A*S*H", "MASH")."""
        base = film_slug(self.title, self.year)
        taken = set(Film.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug


class Certificate(models.Model):
    """An official rating by one board: MPA "R" for "some sexuality and nudity"."""

    class System(models.TextChoices):
        MPA = "MPA", "MPA (United States)"
        BBFC = "BBFC", "BBFC (United Kingdom)"
        FSK = "FSK", "FSK (Germany)"
        ACB = "ACB", "ACB (Australia)"
        CBFC = "CBFC", "CBFC (India)"
        OTHER = "OTHER", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="certificates")
    system = models.CharField(max_length=8, choices=System)
    rating = models.CharField(max_length=20)
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
