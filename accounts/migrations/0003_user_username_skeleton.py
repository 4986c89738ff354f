from django.db import migrations, models

from accounts.confusables import skeleton


def fill_skeletons(apps, schema_editor):
    """Every existing account gets the skeleton of its username, in batches."""
    User = apps.get_model("accounts", "User")
    batch = []
    for user in User.objects.only("pk", "username").iterator(chunk_size=2000):
        user.username_skeleton = skeleton(user.username)
        batch.append(user)
        if len(batch) >= 2000:
            User.objects.bulk_update(batch, ["username_skeleton"])
            batch = []
    User.objects.bulk_update(batch, ["username_skeleton"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_content_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_skeleton",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["username_skeleton"], name="user_username_skeleton_idx"),
        ),
    ]
