"""The moderation rules: what makes a review wait for a moderator instead of publishing at once.

README.md ("Community and moderation") says the same in words; keep the two in step.
"""

import datetime
import re

from django.utils import timezone

NEW_ACCOUNT_AGE = datetime.timedelta(days=1)

# Our own short list; stems match the start of a word ("swearing" words, not slurs: a slur
# is caught by reports). Moderators can ask for words to be added.
PROFANITY = [
    "arse",
    "asshole",
    "bastard",
    "bitch",
    "bollocks",
    "bullshit",
    "cock",
    "crap",
    "cunt",
    "dick",
    "fuck",
    "motherfuck",
    "piss",
    "prick",
    "shit",
    "slut",
    "twat",
    "wank",
    "whore",
]
PROFANITY_RE = re.compile(r"\b(?:" + "|".join(PROFANITY) + r")(?:s|es|ed|er|ers|ing|y|head)?\b", re.I)
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|uk|us|me|tv|ly|gg|app|dev|xyz|link|site)\b",
    re.I,
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, perhaps split by spaces, dots, dashes or brackets: a phone number.
PHONE_RE = re.compile(r"(?:\+|\b)\d(?:[\s().-]{0,2}\d){6,}")
# Years and year ranges ("set in 1978-1994") are not phone numbers.
YEARS_RE = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b")


def reasons_to_hold(text, author, now=None):
    """Why a review with this text by this author must wait for a moderator; [] if none."""
    reasons = []
    if PROFANITY_RE.search(text):
        reasons.append("strong language")
    if EMAIL_RE.search(text):
        reasons.append("an email address")
    elif URL_RE.search(text):
        reasons.append("a link")
    if PHONE_RE.search(YEARS_RE.sub(" ", text)):
        reasons.append("a phone number")
    if author.date_joined > (now or timezone.now()) - NEW_ACCOUNT_AGE:
        reasons.append("an account less than a day old")
    return reasons


# The reasons above, and an edit, as a member reads them on their own waiting review.
HOLD_EXPLAINED = {
    "edited by the author": "a changed review is always read again by a moderator",
    "strong language": "it has a word from our list of strong language",
    "an email address": "it has an email address, and we keep contact details off the site",
    "a link": "it has a link, and we check links before they go on the site",
    "a phone number": "it has what looks like a phone number, and we keep contact details off the site",
    "an account less than a day old": "new accounts' reviews wait for a moderator for their first day",
}
# What we tell members about the wait: the moderators' rota reads the queue every day.
USUAL_WAIT = "Moderators usually read a waiting review within a day."


def explain_hold(held_because):
    """`Review.held_because` ("strong language; a link") in plain words, one phrase per reason."""
    reasons = [reason.strip() for reason in held_because.split(";") if reason.strip()]
    return [HOLD_EXPLAINED.get(reason, reason) for reason in reasons]
