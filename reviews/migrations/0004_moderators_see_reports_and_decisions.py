"""Moderators read and close reports, and read the log of decisions. Editors get neither.

A log is never edited, so decisions are view-only; helpful marks need no moderator.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = ["view_report", "change_report", "view_moderationdecision"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="reviews", codename__in=MODERATOR_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reviews", codename__in=MODERATOR_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_community"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
