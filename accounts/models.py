from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.confusables import skeleton

TEEN_AGE = 13
ADULT_AGE = 18


def age_on(birth_year, birth_month, today):
    """Whole years since the first of the birth month: we never ask for the day."""
    age = today.year - birth_year
    if today.month < birth_month:
        age -= 1
    return age


class Role(models.TextChoices):
    PARENT = "parent", "Parent"
    TEEN = "teen", "Teen"


class User(AbstractUser):
    """An account. Reviewers give a birth month and year; staff need not.

    Nothing public shows the birth date, the email or a real name: only the username,
    the role and, for teens, the age in years.
    """

    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # What the username reads as (accounts/confusables.py), kept up to date by save():
    # sign-up refuses a name that reads as another's with one indexed query.
    username_skeleton = models.CharField(max_length=300, editable=False, default="")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # The table was made when accounts lived in the reviews app; it keeps its name, so
        # that moving the model changed no row (accounts migration 0001).
        db_table = "reviews_user"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True)
                | models.Q(birth_month__gte=1, birth_month__lte=12),
                name="user_birth_month_1_to_12",
            ),
        ]
        indexes = [
            # Sign-up: is there an account whose username reads like this one?
            models.Index(fields=["username_skeleton"], name="user_username_skeleton_idx"),
        ]

    def save(self, *args, **kwargs):
        self.username_skeleton = skeleton(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_skeleton"}
        super().save(*args, **kwargs)

    def age(self, today=None):
        if self.birth_year is None or self.birth_month is None:
            return None
        return age_on(self.birth_year, self.birth_month, today or timezone.localdate())

    def role(self, today=None):
        """Teen from 13 to 17, parent from 18; None for an account with no birth date."""
        age = self.age(today)
        if age is None:
            return None
        return Role.TEEN if age < ADULT_AGE else Role.PARENT

    def public_label(self, today=None):
        role = self.role(today)
        if role == Role.TEEN:
            return f"Teen, {self.age(today)} years old"
        return "Parent" if role == Role.PARENT else ""
