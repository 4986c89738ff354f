"""The URLs of many films at once: the URL of a placeholder slug, reversed once."""

PLACEHOLDER = "x-slug-placeholder-x"


def for_slugs(url_of):
    """A function of a slug that gives `url_of(slug)`, from one call of `url_of(PLACEHOLDER)`.
    A slug goes into a URL as it is (letters, digits, hyphens, underscores), so the URL around
    the placeholder serves every slug; a list of 24 films reverses once instead of 24 times."""
    before, after = url_of(PLACEHOLDER).split(PLACEHOLDER)
    return lambda slug: f"{before}{slug}{after}"
