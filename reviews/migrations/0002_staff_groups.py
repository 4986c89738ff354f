"""The two staff groups, with least privilege.

Editors write films and advisories; Moderators handle reviews. Neither can reach user
accounts, and neither can do the other's work.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "films": ["film", "person", "credit", "certificate", "trivia", "genre", "country", "language", "company"],
    "advisories": ["advisory", "contentrating", "discussionprompt", "alternative"],
}
MODERATOR_PERMISSIONS = {"reviews": ["view_review", "change_review"]}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_MODELS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
        )

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("films", "0001_initial"),
        ("advisories", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
