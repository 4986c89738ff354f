"""System checks for the films app's settings."""

import re

from django.conf import settings
from django.core.checks import Warning, register

from films.certificates import COUNTRY_SYSTEMS


@register()
def reelwise_country_is_a_country_code(app_configs, **kwargs):
    """REELWISE_COUNTRY only orders certificates, so a wrong one warns rather than stops the site."""
    country = settings.REELWISE_COUNTRY
    if re.fullmatch(r"[A-Z]{2}", country):
        return []
    known = ", ".join(sorted(COUNTRY_SYSTEMS))
    return [
        Warning(
            f"REELWISE_COUNTRY is “{country}”, not a two-letter country code.",
            hint=f"A code such as US or GB. These put their own board's certificate first: {known}.",
            id="films.W001",
        )
    ]
