"""A database made before the User model moved from reviews to accounts keeps its content
type, so that the admin's history and any permission given on users stay attached."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="accounts", model="user").exists():
        ContentType.objects.filter(app_label="reviews", model="user").update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_content_type, migrations.RunPython.noop)]
