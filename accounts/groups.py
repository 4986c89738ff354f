"""The two staff groups, with least privilege.

Editors write films and advisories; Moderators handle reviews. Neither can reach user
accounts, and neither can do the other's work. A migration creates the groups, and every
`migrate` (and every test-database flush) brings their permissions back in line with the
lists here.
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.db.models import Q

EDITOR_MODELS = {
    "films": ["film", "person", "credit", "certificate", "trivia", "genre", "country", "language", "company"],
    "advisories": ["advisory", "contentrating", "discussionprompt", "alternative"],
}
# Editors also read the admin's "Most wanted" (films without an editors' advisory): a
# read-only list that lives with the community's figures.
EDITOR_PERMISSIONS = {"reviews": ["view_mostwantedfilm"]}
# Moderators read and close reports and read the decision log; a log is never edited.
MODERATOR_PERMISSIONS = {
    "reviews": [
        "view_review",
        "change_review",
        "view_report",
        "change_report",
        "view_moderationdecision",
        "view_contribution",
        "change_contribution",
        "view_contributionreport",
        "change_contributionreport",
    ]
}


def ensure_staff_groups(apps):
    """Create the groups with exactly their permissions. `apps` is an app registry: a
    migration's historical one, or django.apps.apps."""
    for app_config in apps.get_app_configs():
        # Permissions are normally made after all migrations have run; make them now.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor_rules = Q(pk__in=[])
    for app_label, models in EDITOR_MODELS.items():
        editor_rules |= Q(content_type__app_label=app_label, content_type__model__in=models)
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        editor_rules |= Q(content_type__app_label=app_label, codename__in=codenames)
    moderator_rules = Q(pk__in=[])
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        moderator_rules |= Q(content_type__app_label=app_label, codename__in=codenames)

    for name, rules in [("Editors", editor_rules), ("Moderators", moderator_rules)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(rules))


def ensure_staff_groups_after_migrate(sender, **kwargs):
    ensure_staff_groups(global_apps)


EDITOR_USERNAME = "editor"


def ensure_editor(username):
    """The staff account `username`, an editor (no password until one is set)."""
    User = get_user_model()  # noqa: N806
    editor, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created:
        editor.set_unusable_password()
        editor.save()
    # The groups come with every migrate; make sure of them here too, as a database can
    # lose them (a flush without the post-migrate step, say) and the login must work.
    ensure_staff_groups(global_apps)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor
