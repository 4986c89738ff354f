"""The Editors and Moderators groups (see reviews/groups.py for who may do what)."""

from django.db import migrations

from accounts.groups import ensure_staff_groups


def create_groups(apps, schema_editor):
    ensure_staff_groups(apps)


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
