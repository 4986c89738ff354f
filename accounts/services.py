"""Writes on accounts that are more than one model's save."""

from django.db import transaction

from accounts.models import User


def delete_account(*, user: User) -> None:
    """Delete the account with everything it owns: each app's rows that point at the user
    go with it (their foreign keys cascade). Moderation decisions it took stay in the log
    without a name."""
    with transaction.atomic():
        user.delete()
