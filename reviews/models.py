import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role
from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Category
from films.models import Film
from reviews.moderation import explain_hold

ROLE_LABELS = dict(Role.choices)


class Flag(models.TextChoices):
    """What other families should know, as a reviewer flags it."""

    GREAT_MESSAGES = "great_messages", "Great messages"
    GREAT_ROLE_MODELS = "great_role_models", "Great role models"
    TOO_MUCH_VIOLENCE = "too_much_violence", "Too much violence"
    TOO_MUCH_SEX = "too_much_sex", "Too much sex"
    TOO_MUCH_SWEARING = "too_much_swearing", "Too much swearing"
    TOO_MUCH_CONSUMERISM = "too_much_consumerism", "Too much consumerism"
    TOO_MUCH_DRINKING = "too_much_drinking", "Too much drinking/drugs/smoking"


BODY_MIN_LENGTH = 20
# Control characters other than tab and newline (C0, DEL and C1): nothing a person types on
# purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value):
    """Keep text as typed (it is always shown escaped) but drop control characters,
    normalise line endings and allow at most one blank line in a row."""
    value = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n{3,}", "\n\n", value).strip()


def validate_body_length(value):
    if len(value.strip()) < BODY_MIN_LENGTH:
        raise ValidationError(f"Tell other families a little more: at least {BODY_MIN_LENGTH} characters.")


def validate_flags(value):
    if not isinstance(value, list):
        raise ValidationError("Flags are a list.")
    unknown = [flag for flag in value if flag not in Flag.values]
    if unknown:
        raise ValidationError(f"Unknown flag: {', '.join(map(str, unknown))}.")
    if len(set(value)) != len(value):
        raise ValidationError("A flag is given twice.")


def score_field(category):
    """The Review field holding the reviewer's optional 0-5 score for a category: `violence_score`."""
    return f"{Category(category).value}_score"


def _optional_score(category):
    return models.PositiveSmallIntegerField(
        f"{category.label}: your score",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_SCORE)],
    )


def _count_per_review(rows, field="review"):
    """How many of `rows` (marks, reports) belong to each review (or each row of what
    `field` points at), 0 for none: a subquery."""
    counts = (
        rows.filter(**{field: models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(counts, output_field=models.IntegerField()), 0)


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED)

    def moderation_queue(self):
        return self.order_by(*MODERATION_ORDER)

    def with_helpful_count(self):
        """Annotate `helpful_count`, counted from the marks themselves so it is never stale."""
        return self.annotate(helpful_count=_count_per_review(HelpfulMark.objects.all()))

    def by_helpfulness(self):
        return self.with_helpful_count().order_by("-helpful_count", "-created_at", "-pk")

    def with_open_report_count(self):
        return self.annotate(open_report_count=_count_per_review(Report.objects.filter(is_open=True)))

    def with_marks_by(self, user):
        """Annotate whether `user` has marked each review helpful or reported it."""
        if not user.is_authenticated:
            return self.annotate(
                marked_helpful=models.Value(False, output_field=models.BooleanField()),
                reported=models.Value(False, output_field=models.BooleanField()),
            )
        return self.annotate(
            marked_helpful=models.Exists(HelpfulMark.objects.filter(review=models.OuterRef("pk"), user=user)),
            reported=models.Exists(Report.objects.filter(review=models.OuterRef("pk"), reporter=user)),
        )


class MemberWriting:
    """What reviews and members' ratings share: who wrote them, as they were then, and
    whether a moderator still has to decide."""

    @property
    def author_label(self):
        if self.author_role == Role.TEEN and self.author_age:
            return f"Teen, {self.author_age} years old"
        # Not get_author_role_display(), which flattens the field's choices on every call.
        return ROLE_LABELS.get(self.author_role, self.author_role)

    def stamp_author(self, today=None):
        """Record the author's role and age as they are today."""
        today = today or timezone.localdate()
        self.author_role = self.author.role(today) or Role.PARENT
        self.author_age = self.author.age(today) if self.author_role == Role.TEEN else None

    @property
    def waits_for_a_moderator(self):
        return self.status in {self.Status.PENDING, self.Status.HIDDEN}


class Review(MemberWriting, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden after reports"
        REJECTED = "rejected", "Rejected"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    author_role = models.CharField(
        max_length=10, choices=Role, help_text="The author's role when they wrote it."
    )
    author_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Teens only: their age in years when they wrote it."
    )
    stars = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    # The recommended age and the category scores are the author's contribution for the
    # film ("Rate what's in it"): one source of truth, written with the review.
    contribution = models.OneToOneField(
        "Contribution",
        on_delete=models.CASCADE,
        related_name="review",
        help_text="The author's rating of the film.",
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000, validators=[validate_body_length])
    flags = models.JSONField(default=list, blank=True, validators=[validate_flags])
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    held_because = models.CharField(
        max_length=200, blank=True, help_text="Why the moderation rules held it for a moderator."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "author"],
                name="one_review_per_author_and_film",
                violation_error_message="You have already reviewed this film.",
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"
            ),
        ]
        indexes = [
            # The film page and the API: one film's published reviews, newest first. Without
            # created_at here SQLite ordered by the moderation index and read every review.
            models.Index(fields=["film", "status", "created_at"], name="review_film_status_created_idx"),
            # The moderation queue.
            models.Index(fields=["status", "created_at"], name="review_status_created_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.film})"

    def get_absolute_url(self):
        return self.film.get_absolute_url() + f"#review-{self.pk}"


    def flag_labels(self):
        return [Flag(flag).label for flag in self.flags if flag in Flag.values]

    def clean(self):
        super().clean()
        if self.author_role == Role.TEEN and self.author_age is None:
            raise ValidationError({"author_age": "A teen's review records their age."})

    def why_waiting(self):
        """Why this pending review waits, in plain words: "new accounts' reviews wait for a
        moderator for their first day"; empty for a review that does not wait."""
        if self.status != self.Status.PENDING:
            return ""
        return "; ".join(explain_hold(self.held_because))

    def given_scores(self):
        """The category scores the author gave, in the editors' order: [(Category, score)]."""
        scores = [(category, getattr(self, score_field(category))) for category in Category]
        return [(category, score) for category, score in scores if score is not None]

    @property
    def age_recommendation(self):
        """The age the author recommends: their contribution's (select_related it)."""
        return self.contribution.age

    def score(self, category):
        return self.contribution.score(category)


def _contribution_score(category):
    return property(
        lambda review: review.contribution.score(category), doc=f"The author's {category.label} score."
    )


# `review.violence_score`...: read from the contribution, as the API and templates did.
for _category in Category:
    setattr(Review, score_field(_category), _contribution_score(_category))


# The moderation queue: what waits for a moderator first (new, then hidden after reports),
# then the newest.
MODERATION_ORDER = [
    models.Case(
        models.When(status=Review.Status.PENDING, then=0),
        models.When(status=Review.Status.HIDDEN, then=0),
        default=1,
    ).asc(),
    "-created_at",
]

REPORTS_TO_HIDE = 3


class HelpfulMark(models.Model):
    """A signed-in person found someone else's review helpful (once per person)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_marks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"],
                name="one_helpful_mark_per_person",
                violation_error_message="You have already marked this review helpful.",
            ),
        ]

    def __str__(self):
        return f"{self.user} found {self.review} helpful"


class Report(models.Model):
    """Someone asks a moderator to look at a published review (once per person and review).

    A report is open until a moderator decides on the review; REPORTS_TO_HIDE open reports
    from different people hide it.
    """

    class Reason(models.TextChoices):
        PERSONAL_INFO = "personal_info", "It shares personal information"
        OFFENSIVE = "offensive", "It is rude, hateful or offensive"
        SPAM = "spam", "It is spam or advertising"
        SPOILER = "spoiler", "It gives away the ending"
        NOT_ABOUT_FILM = "not_about_film", "It is not about this film"
        OTHER = "other", "Something else"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"],
                name="one_report_per_person",
                violation_error_message="You have already reported this review.",
            ),
        ]
        indexes = [
            # Counting a review's open reports.
            models.Index(fields=["review", "is_open"], name="report_review_open_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.review}"


class ModerationDecision(models.Model):
    """Who moved a review or a contribution to which status, when and why; moderator is
    empty for the rules."""

    review = models.ForeignKey(
        Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    # The review's id, kept when the review goes: a deleted account leaves no words of
    # theirs in the log (issue 17), only that review number N was decided.
    review_number = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    contribution = models.ForeignKey(
        "Contribution", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    status = models.CharField(max_length=10, choices=Review.Status)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        who = self.moderator or "the rules"
        what = f"Review #{self.review_number}" if self.review_number else f"Rating #{self.contribution_id}"
        return f"{what}: {self.get_status_display()} by {who}"

    def save(self, *args, **kwargs):
        if self.review_id is not None:
            self.review_number = self.review_id
        super().save(*args, **kwargs)


NOTE_MAX_LENGTH = 200


def note_field(category):
    """The Contribution field holding a member's optional one-sentence note: `violence_note`."""
    return f"{Category(category).value}_note"


def validate_one_sentence(value):
    if "\n" in value:
        raise ValidationError("A note is one sentence, on one line.")


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Contribution.Status.PUBLISHED)

    def moderation_queue(self):
        return self.order_by(*MODERATION_ORDER)

    def with_open_report_count(self):
        return self.annotate(
            open_report_count=_count_per_review(
                ContributionReport.objects.filter(is_open=True), field="contribution"
            )
        )

    def with_helpful_count(self):
        """Annotate `helpful_count`: how many members marked the notes helpful, counted from
        the marks themselves."""
        return self.annotate(
            helpful_count=_count_per_review(ContributionHelpfulMark.objects.all(), field="contribution")
        )

    def by_helpfulness(self):
        """The most helpful notes first, then the newest."""
        return self.with_helpful_count().order_by("-helpful_count", "-updated_at", "-pk")


class Contribution(MemberWriting, models.Model):
    """A member's "Rate what's in it" for a film: the youngest age it suits and, per
    category, an optional 0-5 score (null: not sure) and an optional one-sentence note.

    One per member and film; a review's recommended age and scores are its author's
    contribution. Published contributions make the film's community advisory
    (reviews.ratings); the same moderation rules as reviews decide when one is published.
    """

    Status = Review.Status

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    author_role = models.CharField(
        max_length=10, choices=Role, help_text="The author's role when they rated."
    )
    author_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Teens only: their age in years when they rated."
    )
    age = models.PositiveSmallIntegerField(
        "youngest suitable age", validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    # Per category (`violence_score`, `violence_note`...), added below from Category.
    status = models.CharField(max_length=10, choices=Review.Status, default=Review.Status.PENDING)
    held_because = models.CharField(
        max_length=200, blank=True, help_text="Why the moderation rules held it for a moderator."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "author"],
                name="one_contribution_per_author_and_film",
                violation_error_message="You have already rated this film.",
            ),
            models.CheckConstraint(
                condition=models.Q(age__gte=MIN_AGE, age__lte=MAX_AGE), name="contribution_age_2_to_18"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{score_field(c)}__isnull": True})
                    | models.Q(**{f"{score_field(c)}__lte": MAX_SCORE}),
                    name=f"contribution_{score_field(c)}_0_to_5",
                )
                for c in Category
            ),
        ]
        indexes = [
            # Recounting a film's community advisory: its published contributions.
            models.Index(fields=["film", "status"], name="contribution_film_status_idx"),
            # The moderation queue.
            models.Index(fields=["status", "created_at"], name="contribution_status_idx"),
        ]

    def __str__(self):
        return f"{self.author}'s rating of {self.film}"

    def get_absolute_url(self):
        return self.film.get_absolute_url() + "#community-advisory"


    @property
    def title(self):
        """What the moderation log keeps of it."""
        return f"Rating of {self.film} by {self.author}"[:120]

    def score(self, category):
        return getattr(self, score_field(category))

    def note(self, category):
        return getattr(self, note_field(category))

    def notes_text(self):
        return "\n".join(n for n in (self.note(c) for c in Category) if n)



for _category in Category:
    Contribution.add_to_class(score_field(_category), _optional_score(_category))
    Contribution.add_to_class(
        note_field(_category),
        models.CharField(
            f"{_category.label}: your note",
            max_length=NOTE_MAX_LENGTH,
            blank=True,
            validators=[validate_one_sentence],
        ),
    )


class ContributionReport(models.Model):
    """Someone asks a moderator to look at a published contribution (its notes); once per
    person. REPORTS_TO_HIDE open reports hide it, as for reviews."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contribution_reports"
    )
    reason = models.CharField(max_length=20, choices=Report.Reason)
    note = models.CharField(max_length=500, blank=True)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"],
                name="one_contribution_report_per_person",
                violation_error_message="You have already reported this.",
            ),
        ]
        indexes = [models.Index(fields=["contribution", "is_open"], name="contribution_report_open_idx")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.contribution}"


class ContributionHelpfulMark(models.Model):
    """A signed-in person found someone else's notes on a film helpful (once per person and
    contribution): the film page lists the most helpful notes first."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contribution_helpful_marks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user"],
                name="one_contribution_helpful_mark_per_person",
                violation_error_message="You have already marked these notes helpful.",
            ),
        ]

    def __str__(self):
        return f"{self.user} found {self.contribution} helpful"


def _spread_default():
    return [0] * (MAX_SCORE + 1)


class CommunityAdvisory(models.Model):
    """What a film's published contributions add up to, kept current on every write
    (reviews.ratings), one row per film that has ever been rated. Its row is also the lock
    that serialises the writes about one film."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, primary_key=True, related_name="community_advisory"
    )
    contributors = models.PositiveIntegerField(default=0)
    parents = models.PositiveIntegerField(default=0)
    teens = models.PositiveIntegerField(default=0)
    age = models.PositiveSmallIntegerField("median age", null=True, blank=True)
    # How many said each age, MIN_AGE to MAX_AGE.
    age_counts = models.JSONField(default=list)
    is_shown = models.BooleanField(default=False)
    shown_since = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Per category: the median (`violence`) and how many said 0..5 (`violence_spread`),
    # added below from Category.

    # Worked out from the contributions: a merge of two films drops the merged film's row
    # and the film that stays is recounted (films.merge.film_merged).
    derived_from_films = True

    class Meta:
        verbose_name_plural = "community advisories"

    def __str__(self):
        return f"Community advisory for {self.film}"

    def median(self, category):
        return getattr(self, Category(category).value)

    def spread(self, category):
        return getattr(self, f"{Category(category).value}_spread")

    @property
    def label(self):
        return f"From {self.contributors} Reelwise member{'' if self.contributors == 1 else 's'}."


for _category in Category:
    CommunityAdvisory.add_to_class(
        _category.value, models.PositiveSmallIntegerField(_category.label, null=True, blank=True)
    )
    CommunityAdvisory.add_to_class(f"{_category.value}_spread", models.JSONField(default=_spread_default))


class EditorRequest(models.Model):
    """A member asks our editors to review a film (once per member and film)."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="editor_requests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_requests"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["film", "member"],
                name="one_editor_request_per_member_and_film",
                violation_error_message="You have already asked our editors to review this film.",
            ),
        ]

    def __str__(self):
        return f"{self.member} asks for {self.film}"


class FilmPageViewsQuerySet(models.QuerySet):
    # Films per upsert: two parameters each, well under SQLite's limit on parameters.
    ROWS_PER_STATEMENT = 500

    def add(self, views_by_slug):
        """Add `views_by_slug` ({film slug: views}) to the films' counts, in one short
        transaction: one read of the films' ids (outside it), then one upsert per
        ROWS_PER_STATEMENT films, however many views each has. Slugs that name no film any
        more are dropped. Returns how many views were written."""
        ids = dict(Film.objects.filter(slug__in=list(views_by_slug)).values_list("slug", "pk"))
        rows = [(ids[slug], views) for slug, views in sorted(views_by_slug.items()) if slug in ids]
        with transaction.atomic(using=self.db):
            for start in range(0, len(rows), self.ROWS_PER_STATEMENT):
                self._upsert(rows[start : start + self.ROWS_PER_STATEMENT])
        return sum(views for _, views in rows)

    def _upsert(self, rows):
        # No ORM call adds to a column on conflict (bulk_create's update_conflicts sets it),
        # so this is the one statement of SQL written by hand; SQLite and PostgreSQL share it.
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        values = ", ".join(["(%s, %s)"] * len(rows))
        sql = (
            f"INSERT INTO {table} (film_id, views) VALUES {values} "  # noqa: S608 (names are ours)
            f"ON CONFLICT (film_id) DO UPDATE SET views = {table}.views + excluded.views"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in rows for value in row])


class FilmPageViews(models.Model):
    """How many times a film's page was seen, for the admin's Most wanted list: a number
    per film and nothing about who looked (no address, no account, no cookie). Counted in
    memory by reviews.page_views and added here in batches."""

    film = models.OneToOneField(Film, on_delete=models.CASCADE, primary_key=True, related_name="page_views")
    views = models.PositiveBigIntegerField(default=0)

    objects = FilmPageViewsQuerySet.as_manager()

    class Meta:
        verbose_name = "film page views"
        verbose_name_plural = "film page views"

    def __str__(self):
        return f"{self.film}: {self.views} page views"

    @classmethod
    def merge_into_film(cls, rows, target):
        """A merge of two films (films.merge) adds the merged film's views to the one that stays."""
        views = sum(rows.values_list("views", flat=True))
        rows.delete()
        if not views:
            return
        added = cls.objects.filter(film=target).update(views=models.F("views") + views)
        if not added:
            cls.objects.create(film=target, views=views)


class MostWantedFilm(Film):
    """The admin's "Most wanted": films without an editors' advisory, ranked by requests,
    members' ratings and page views (reviews/admin_contributions.py)."""

    class Meta:
        proxy = True
        verbose_name = "most wanted film"
        verbose_name_plural = "most wanted films"
