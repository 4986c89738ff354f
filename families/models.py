"""A parent's children, each with the content limits the parent sets for them.

Private to the parent: nothing here is public, and no real name or birth date is needed
(a nickname and a birth year).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from advisories.models import MAX_SCORE, Category
from prepared import Prepared

OLDEST_CHILD = 17

# The limits a child starts with, by age: the highest score each concern may have, and
# the lowest score for positive messages and role models when they matter. The parent
# changes them on the child's page. The first row whose age is at most the child's applies.
DEFAULT_LIMITS = [
    # (from age, {concern: highest score}, lowest score for the positive categories)
    (0, {"violence": 0, "sex": 0, "language": 0, "consumerism": 1, "drinking": 0}, 3),
    (5, {"violence": 1, "sex": 0, "language": 1, "consumerism": 2, "drinking": 0}, 3),
    (8, {"violence": 2, "sex": 1, "language": 1, "consumerism": 3, "drinking": 1}, 3),
    (10, {"violence": 2, "sex": 1, "language": 2, "consumerism": 3, "drinking": 1}, 3),
    (13, {"violence": 3, "sex": 2, "language": 3, "consumerism": 4, "drinking": 2}, 2),
    (15, {"violence": 4, "sex": 3, "language": 4, "consumerism": 5, "drinking": 3}, 2),
]
# A child's limits before a parent or their age sets them: the limits for this age.
USUAL_AGE = 10


def limit_field(category):
    """The Child field holding a category's limit: `violence_max`, `role_models_min`."""
    return category.bound_name


def default_limit(row, category):
    """A row's limit for `category`; a concern the table does not list yet is not limited."""
    _, concerns, positive_min = row
    return positive_min if category.is_positive else concerns.get(category.value, MAX_SCORE)


def default_limits(age):
    """The starting limits for a child of `age`, as Child field values."""
    row = next(row for row in reversed(DEFAULT_LIMITS) if row[0] <= max(age, 0))
    return {limit_field(c): default_limit(row, c) for c in Category}


def _limit_field(category):
    word = "at least" if category.is_positive else "at most"
    return models.PositiveSmallIntegerField(
        f"{category.label.lower()}: {word}",
        default=default_limits(USUAL_AGE)[limit_field(category)],
        validators=[MaxValueValidator(MAX_SCORE)],
    )


def is_parent(user):
    return user.is_authenticated and user.role() == Role.PARENT


class ChildQuerySet(models.QuerySet):
    def of(self, user):
        """The children of `user` when a signed-in parent (with the parent's family settings,
        in the same query); none, without a query, for anyone else."""
        if not is_parent(user):
            return self.none()
        return self.owned_by(user.pk)

    def owned_by(self, owner_id):
        return self.filter(owner_id=owner_id).select_related("owner__family_settings")


class Child(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="children")
    nickname = models.CharField(
        max_length=30, help_text="A first name or a nickname: only you see it. No surname needed."
    )
    birth_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900)], help_text="We count the age this year's birthday brings."
    )
    # A limit per category (`violence_max`, `role_models_min`...) is added below, from Category.
    positive_matters = models.BooleanField(
        "positive messages matter",
        default=False,
        help_text="Then a film must reach the minimum scores below for positive messages and role models.",
    )
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

    @property
    def uses_community(self):
        """Whether this child's verdicts may use a community advisory where the editors
        have none: the parent's choice (FamilySettings), yes unless they said no."""
        return FamilySettings.for_user(self.owner).use_community

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


for _category in Category:
    Child.add_to_class(limit_field(_category), _limit_field(_category))


class MediaList(models.Model):
    """A child's private list address for a home media server: /family/lists/<token>/...
    Only a hash of the token is kept, so the address is shown once, when it is made; making
    a new one replaces it, and deleting the row revokes it at once."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="media_list")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Media server list for {self.child}"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def replace_for(cls, child):
        """A new address for `child`, replacing any old one: returns the token, never stored."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(child=child, defaults={"token_hash": cls.hash(token)})
        return token

    @classmethod
    def child_for(cls, token):
        """The child whose list `token` opens, or None (unknown, revoked or malformed alike)."""
        found = cls.objects.select_related("child").filter(token_hash=cls.hash(token)).first()
        return found.child if found else None


# Each of a parent's film pages asks for their children: its SQL is composed once per process.
CHILDREN = Prepared(lambda owner: Child.objects.owned_by(owner))


def children_of(user):
    """ChildQuerySet.of(user) as a list, through a prepared read (the `prepared` package)."""
    return CHILDREN.objects(user.pk) if is_parent(user) else []


class FamilySettings(models.Model):
    """A parent's choices for the whole family."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_settings"
    )
    use_community = models.BooleanField(
        "Use community advisories where our editors have none",
        default=True,
        help_text="Verdicts and “fine for” then read the community's advisory of a film our "
        "editors have not reviewed, once enough members have rated it.",
    )

    class Meta:
        verbose_name_plural = "family settings"

    def __str__(self):
        return f"Family settings of {self.owner}"

    @classmethod
    def for_user(cls, user):
        """The parent's settings (unsaved defaults if they never changed them); no query when
        select_related from the user, as ChildQuerySet.of() does."""
        try:
            return user.family_settings
        except cls.DoesNotExist:
            return cls(owner=user)
