"""Writes on accounts that are more than one model's save."""

from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import User

# What each app above this one must do before an account is deleted, beyond the rows that
# cascade with it: registered in the app's AppConfig.ready() with `before_deleting_account`.
# Each takes the user and returns nothing; they run inside delete_account's transaction.
CLEANUPS: list[Callable[[User], None]] = []


def before_deleting_account(cleanup: Callable[[User], None]) -> Callable[[User], None]:
    """Register `cleanup(user)` to run when an account is deleted (usable as a decorator)."""
    if cleanup not in CLEANUPS:
        CLEANUPS.append(cleanup)
    return cleanup


def delete_account(*, user: User) -> None:
    """Delete the account and leave nothing of the person: each app's rows that point at the
    user go with it (their foreign keys cascade), each app's registered cleanup runs, and the
    log-in records django-axes keeps under the username (attempts, failures, log-ins) and the
    admin's history of the account go too. Moderation decisions the person took stay in the
    log without a name."""
    with transaction.atomic():
        for cleanup in CLEANUPS:
            cleanup(user)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.username).delete()
        forget_admin_history(User, [user.pk])
        user.delete()


def forget_admin_history(model, pks):
    """Remove the admin's history entries about these rows of `model`: each names the row
    (a username, a review's title) and keeps what changed."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks]).delete()
