"""A parent's children, each with the content limits the parent sets for them.

Private to the parent: nothing here is public, and no real name or birth date is needed
(a nickname and a birth year).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from advisories.models import MAX_SCORE, Category

OLDEST_CHILD = 17

# The limits a child starts with, by age: the highest score each concern may have, and
# the lowest score for positive messages and role models when they matter. The parent
# changes them on the child's page. The first row whose age is at most the child's applies.
DEFAULT_LIMITS = [
    # (from age, violence, sex, language, consumerism, drinking, positive minimum)
    (0, 0, 0, 0, 1, 0, 3),
    (5, 1, 0, 1, 2, 0, 3),
    (8, 2, 1, 1, 3, 1, 3),
    (10, 2, 1, 2, 3, 1, 3),
    (13, 3, 2, 3, 4, 2, 2),
    (15, 4, 3, 4, 5, 3, 2),
]


def limit_field(category):
    """The Child field holding a category's limit: `violence_max`, `role_models_min`."""
    return category.bound_name


def default_limits(age):
    """The starting limits for a child of `age`, as Child field values."""
    row = next(row for row in reversed(DEFAULT_LIMITS) if row[0] <= max(age, 0))
    concerns, positive_min = row[1:6], row[6]
    limits = {limit_field(c): score for c, score in zip(Category.concerns(), concerns, strict=True)}
    limits |= {limit_field(c): positive_min for c in Category.positive()}
    return limits


def _score_field(verbose_name, default):
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MaxValueValidator(MAX_SCORE)]
    )


def is_parent(user):
    return user.is_authenticated and user.role() == Role.PARENT


class ChildQuerySet(models.QuerySet):
    def of(self, user):
        """The children of `user` when a signed-in parent; none, without a query, for anyone else."""
        return self.filter(owner=user) if is_parent(user) else self.none()


class Child(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="children")
    nickname = models.CharField(
        max_length=30, help_text="A first name or a nickname: only you see it. No surname needed."
    )
    birth_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900)], help_text="We count the age this year's birthday brings."
    )
    violence_max = _score_field("violence & scariness: at most", 2)
    sex_max = _score_field("sex, romance & nudity: at most", 1)
    language_max = _score_field("language: at most", 2)
    consumerism_max = _score_field("consumerism: at most", 3)
    drinking_max = _score_field("drinking, drugs & smoking: at most", 1)
    positive_matters = models.BooleanField(
        "positive messages matter",
        default=False,
        help_text="Then a film must reach the minimum scores below for positive messages and role models.",
    )
    positive_messages_min = _score_field("positive messages: at least", 3)
    role_models_min = _score_field("positive role models: at least", 3)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["birth_year", "nickname", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "nickname"],
                name="one_nickname_per_family",
                violation_error_message="You already have a child with that nickname.",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{limit_field(c)}__lte": MAX_SCORE}),
                    name=f"child_{limit_field(c)}_0_to_5",
                )
                for c in Category
            ),
        ]

    def __str__(self):
        return f"{self.nickname} ({self.age})"

    def get_absolute_url(self):
        return reverse("families:edit", kwargs={"pk": self.pk})

    @property
    def age(self):
        """The age this year's birthday brings: we never ask for the month."""
        return timezone.localdate().year - self.birth_year

    def limit(self, category):
        return getattr(self, limit_field(Category(category)))

    def concern_limits(self):
        return [(category, self.limit(category)) for category in Category.concerns()]

    def apply_default_limits(self):
        for field, value in default_limits(self.age).items():
            setattr(self, field, value)

    def clean(self):
        super().clean()
        if self.birth_year is not None:
            age = self.age
            if age < 0:
                raise ValidationError({"birth_year": "That year has not come yet."})
            if age > OLDEST_CHILD:
                raise ValidationError(
                    {"birth_year": f"Family profiles are for children up to {OLDEST_CHILD}."}
                )
