"""Moderators read and close reports, and read the log of decisions. Editors get neither.

The permissions are listed in reviews/groups.py; this brings the groups in line with it.
"""

from django.db import migrations

from accounts.groups import ensure_staff_groups


def grant(apps, schema_editor):
    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_community"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
