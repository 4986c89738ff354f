"""What every page's header needs from the family app: the visitor's compare list."""

from families.views import COMPARE_SESSION_KEY


def compare_list(request):
    """The slugs in the visitor's compare list, for the header's "Compare (2)" and the cards.

    A visitor with a list has a session cookie, so the anonymous page cache neither serves
    nor stores their pages (pagecache): a count never reaches anyone else. Without a session
    cookie the session is empty and nothing is read from the database.
    """
    session = getattr(request, "session", None)
    slugs = list(session.get(COMPARE_SESSION_KEY, [])) if session is not None else []
    return {"compare_slugs": slugs, "compare_count": len(slugs)}
