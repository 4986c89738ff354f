from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from films.models import Film

MIN_AGE = 2
MAX_AGE = 18
MAX_SCORE = 5


class Category(models.TextChoices):
    """The seven content categories. Their keys are fixed: URLs and the API use them."""

    POSITIVE_MESSAGES = "positive_messages", "Positive messages"
    ROLE_MODELS = "role_models", "Positive role models"
    VIOLENCE = "violence", "Violence & scariness"
    SEX = "sex", "Sex, romance & nudity"
    LANGUAGE = "language", "Language"
    CONSUMERISM = "consumerism", "Consumerism"
    DRINKING = "drinking", "Drinking, drugs & smoking"

    @classmethod
    def positive(cls):
        """Categories where more is better."""
        return [cls.POSITIVE_MESSAGES, cls.ROLE_MODELS]

    @classmethod
    def concerns(cls):
        """Categories where more is more concerning."""
        return [c for c in cls if c not in cls.positive()]

    @property
    def is_positive(self):
        return self in self.positive()

    @property
    def bound_name(self):
        """`violence_max`, `role_models_min`: the name of a category's bound, as the browse
        and API filters and a child's limits call it (a floor for positive categories)."""
        return f"{self.value}_{'min' if self.is_positive else 'max'}"


POSITIVE_VALUES = frozenset(category.value for category in Category.positive())
CATEGORY_LABELS = dict(Category.choices)


class AdvisoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Advisory.Status.PUBLISHED)


class Advisory(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    film = models.OneToOneField(Film, on_delete=models.CASCADE, related_name="advisory")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    age = models.PositiveSmallIntegerField(
        "youngest suitable age",
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
        help_text=f"From {MIN_AGE} to {MAX_AGE}: the youngest age the film suits.",
    )
    one_liner = models.CharField(
        "one-line summary", max_length=120, blank=True, help_text="At most 120 characters."
    )
    stars = models.PositiveSmallIntegerField(
        "quality stars",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How good the film is, from 1 to 5.",
    )
    parents_need_to_know = models.TextField("what parents need to know", blank=True)
    story = models.TextField("what's the story", blank=True)
    is_it_any_good = models.TextField("is it any good", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisories",
        verbose_name="editor",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvisoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "advisories"
        ordering = ["-published_at", "-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__gte=MIN_AGE, age__lte=MAX_AGE),
                name="advisory_age_2_to_18",
            ),
            models.CheckConstraint(
                condition=models.Q(stars__isnull=True) | models.Q(stars__gte=1, stars__lte=5),
                name="advisory_stars_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(age__isnull=False, stars__isnull=False, published_at__isnull=False),
                name="published_advisory_is_complete",
            ),
        ]
        indexes = [
            # Browse and API: age_max and the orderings by age, date and stars. They carry
            # film_id so that counting and joining a filtered list never reads the rows.
            models.Index(fields=["status", "age", "film"], name="advisory_status_age_film_idx"),
            models.Index(fields=["status", "published_at", "film"], name="advisory_status_pub_film_idx"),
            models.Index(fields=["status", "stars", "film"], name="advisory_status_stars_film_idx"),
        ]

    def __str__(self):
        return f"Advisory for {self.film}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            published = self.is_published
            Film.objects.filter(pk=self.film_id).update(
                advisory_published_at=self.published_at if published else None,
                advisory_stars=self.stars if published else None,
            )

    def get_absolute_url(self):
        return self.film.get_absolute_url()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def ordered_ratings(self):
        """The ratings in the fixed category order: positive ones first, then concerns."""
        position = {key: i for i, key in enumerate(Category.values)}
        return sorted(self.ratings.all(), key=lambda r: position[r.category])

    def rating_for(self, category):
        return next((r for r in self.ratings.all() if r.category == category), None)

    def missing_for_publication(self):
        """What stops this advisory being published, as phrases an editor can act on."""
        missing = []
        if self.age is None:
            missing.append("the youngest suitable age")
        if self.stars is None:
            missing.append("the quality stars")
        for field in ("one_liner", "parents_need_to_know", "story", "is_it_any_good"):
            if not getattr(self, field).strip():
                missing.append(f"“{self._meta.get_field(field).verbose_name}”")
        rated = {r.category: r for r in self.ratings.all()} if self.pk else {}
        for category in Category:
            rating = rated.get(category.value)
            if rating is None:
                missing.append(f"a score for {category.label}")
            elif not rating.note.strip():
                missing.append(f"a note for {category.label}")
        return missing

    def publish(self):
        missing = self.missing_for_publication()
        if missing:
            raise ValidationError(
                "This advisory cannot be published yet. It still needs " + _join(missing) + "."
            )
        with transaction.atomic():
            self.status = self.Status.PUBLISHED
            self.published_at = self.published_at or timezone.now()
            self.save()

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save()

    def preview_url(self):
        return reverse("films:detail", kwargs={"slug": self.film.slug})


def _join(items):
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


class ContentRating(models.Model):
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="ratings")
    category = models.CharField(max_length=32, choices=Category)
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_SCORE)], help_text="From 0 to 5."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["advisory", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["advisory", "category"],
                name="one_rating_per_category",
                violation_error_message="This advisory already has a score for that category.",
            ),
            models.CheckConstraint(condition=models.Q(score__lte=MAX_SCORE), name="rating_score_0_to_5"),
        ]
        indexes = [
            # Browse and API: <category>_max / <category>_min filter on (category, score).
            models.Index(fields=["category", "score", "advisory"], name="rating_category_score_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.score}"

    @property
    def is_positive(self):
        # A set lookup: the film page asks it of every row twice, and making a Category of
        # the value each time took a twentieth of the page's template time.
        return self.category in POSITIVE_VALUES

    @property
    def category_label(self):
        """get_category_display(), from a dict: Django flattens the field's choices anew on
        each call of that (with author_label's, 8% of the uncached film page)."""
        return CATEGORY_LABELS.get(self.category, self.category)


class DiscussionPrompt(models.Model):
    """One of the "families can talk about" questions."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="prompts")
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]


class Alternative(models.Model):
    """A handpicked film for families who liked, or could not watch, this one."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="alternatives")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="suggested_in")
    reason = models.CharField("why", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["advisory", "film"],
                name="alternative_once_per_advisory",
                violation_error_message="That film is already an alternative here.",
            ),
        ]

    def __str__(self):
        return str(self.film)

    def clean(self):
        super().clean()
        if self.advisory_id and self.film_id and self.advisory.film_id == self.film_id:
            raise ValidationError({"film": "A film cannot be an alternative to itself."})


@receiver(post_delete, sender=Advisory)
def forget_published_date(sender, instance, **kwargs):
    Film.objects.filter(pk=instance.film_id).update(advisory_published_at=None, advisory_stars=None)


class FilmRating(models.Model):
    """The advisory every filter and verdict reads: the editors' where a published one
    exists, else the community's once enough members have rated the film; no row otherwise.

    A read model: reviews.ratings keeps it current, in the same transaction as every write
    that changes it (an editors' advisory or its scores, a member's contribution). It lives
    here, beneath reviews and families, so that both may read it (families' verdicts, the
    filters); advisories itself never writes it.
    """

    class Source(models.TextChoices):
        EDITORS = "editors", "Editors"
        COMMUNITY = "community", "Community"

    # Worked out from the rest: a merge of two films drops the merged film's row and the
    # film that stays is recounted (films.merge.film_merged).
    derived_from_films = True

    film = models.OneToOneField(Film, on_delete=models.CASCADE, primary_key=True, related_name="rating")
    source = models.CharField(max_length=10, choices=Source)
    age = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    # How many members' published contributions the community's figures come from (kept
    # whatever the source, so that a card can say "Community · 14 members").
    contributors = models.PositiveIntegerField(default=0)
    # When this film first got an advisory of this source: browse lists the newest first.
    rated_at = models.DateTimeField()
    # A column per category (`violence`, `role_models`...) is added below, from Category;
    # null where the community's members left it unscored.

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__gte=MIN_AGE, age__lte=MAX_AGE), name="film_rating_age_2_to_18"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{c.value}__isnull": True})
                    | models.Q(**{f"{c.value}__lte": MAX_SCORE}),
                    name=f"film_rating_{c.value}_0_to_5",
                )
                for c in Category
            ),
        ]
        indexes = [
            # Browse and API: age_max and suits= (age), each with the film.
            models.Index(fields=["age", "film"], name="film_rating_age_idx"),
            # Browse and API with source=: one source's ratings in the default order (newest
            # first), with every bound (age_max, <category>_max...) checked in the index and
            # the film's id, so that a page reads its matches in order and stops, and the
            # count reads no rating row. At a million contributions (bench_data), browse with
            # source=community, age_max and two bounds went from a median of 24 ms of SQL a
            # request (source and age, then every rating row, then a sort of every match)
            # to 6.
            models.Index(
                fields=["source", "rated_at", "age", *Category.values, "film"], name="film_rating_source_idx"
            ),
            # Browse without an ordering: films with either kind of advisory first, newest first.
            models.Index(fields=["rated_at", "film"], name="film_rating_rated_at_idx"),
            # <category>_max / <category>_min and suits=: one index per category.
            *(models.Index(fields=[c.value, "film"], name=f"frating_{c.value}_idx") for c in Category),
        ]

    def __str__(self):
        return f"{self.film}: age {self.age}+ ({self.get_source_display()})"

    @property
    def is_editors(self):
        return self.source == self.Source.EDITORS

    @property
    def source_label(self):
        """What a card or a verdict says of where the figures come from."""
        if self.is_editors:
            return "Editors"
        return f"Community · {self.contributors} member{'' if self.contributors == 1 else 's'}"

    def score(self, category):
        return getattr(self, Category(category).value)


for _category in Category:
    FilmRating.add_to_class(
        _category.value,
        models.PositiveSmallIntegerField(
            _category.label, null=True, blank=True, validators=[MaxValueValidator(MAX_SCORE)]
        ),
    )
