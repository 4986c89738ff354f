import secrets

from django.core.management.base import BaseCommand

from accounts.groups import EDITOR_USERNAME, ensure_editor


class Command(BaseCommand):
    help = "Give the demo editor account a fresh password and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=EDITOR_USERNAME)
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="Where the admin is served."
        )

    def handle(self, *args, username, url, **options):
        editor = ensure_editor(username)
        password = secrets.token_urlsafe(12)
        editor.set_password(password)
        editor.save()
        self.stdout.write(
            self.style.SUCCESS(f"Editor login for {url}\n")
            + f"  username: {username}\n  password: {password}\n"
        )
