"""Sessions and signed-in users read through prepared reads (the `prepared` package).

Every signed-in request reads its session and its user before anything else: two small
queries that cost the ORM far more to compose than the database to answer. The same
tables, rows and rules as Django's database sessions and ModelBackend; only the SQL is
composed once per process.
"""

from django.contrib.auth import backends, get_user_model
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from prepared import Prepared

SESSIONS = Prepared(lambda key: Session.objects.filter(session_key=key))
USERS = Prepared(lambda pk: get_user_model().objects.filter(pk=pk))


class SessionStore(db.SessionStore):
    """SESSION_ENGINE = "accounts.sessions"."""

    def _get_session_from_db(self):
        # As Django's: the row if it has not expired, else forget the key. The expiry is
        # checked here rather than in the SQL, so that the read's shape never changes.
        found = SESSIONS.objects(self.session_key)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, but for get_user(), which every signed-in request asks."""

    def get_user(self, user_id):
        found = USERS.objects(user_id)
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None
