"""Titles as people write them, and the keys that sort, match and search them.

The catalog writes "Godfather, The" and "Signora senza camelie, La", a library's way of
sorting by the first real word. `display_title()` turns them back into "The Godfather" and
"La signora senza camelie"; `sort_title()`, `match_key()` and `search_words()` derive
everything else from the display title, so an importer, `Film.save()` and a migration that
call them always agree.
"""

import re
import unicodedata

# Articles the catalog moves to the end of a title ("Godfather, The"), by how the word that
# follows them is written once they are back in front: English and German keep its capital
# (German capitalises nouns), the others write titles in sentence case ("La dolce vita").
# Greek (To, Ta, Oi), Hungarian (Az) and Tagalog (Ang) articles are moved the same way: the
# catalog treats them alike.
KEEP_CASE_ARTICLES = {"The", "A", "An", "Der", "Die", "Das", "Ein", "Eine"}
SENTENCE_CASE_ARTICLES = {
    # French, Italian, Spanish, Portuguese
    "Le", "La", "Les", "Il", "Lo", "I", "Gli", "El", "Los", "Las", "Un", "Une", "Uno", "Una",
    "Unos", "Unas", "O", "Os", "As", "Um", "Uma",
    # Dutch, Danish, Norwegian, Swedish
    "De", "Het", "Een", "En", "Et", "Ett", "Den", "Det",
    # Greek, Hungarian, Tagalog
    "To", "Ta", "Oi", "Az", "Ang",
}  # fmt: skip
ELIDED_ARTICLES = {"L'", "Un'"}  # written against the next word: "L'homme qui rit"
TRAILING_ARTICLE = re.compile(
    r"^(?P<title>.+?), (?P<article>[A-Z][a-z]{0,3}'?)(?P<rest>(?: \(.*\)| ?[:\-–].*)?)$"
)
APOSTROPHES = "'’‘`´"

# Leading articles left out of sort titles, match keys and queries. Only the words that are
# rarely anything else at the start of a title: "Die Hard" and "O Brother, Where Art Thou?"
# keep theirs.
LEADING_ARTICLE = re.compile(
    r"^(?:(?:the|an?|les?|la|il|lo|gli|el|los|las|der|das|het|une?|uno|una|ein|eine|een)\s+"
    rf"|(?:l|un)[{APOSTROPHES}](?=\w))",
    re.IGNORECASE,
)
# Letters that Unicode does not decompose into a base letter and an accent.
FOLDED_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe",
     "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d"}
)  # fmt: skip
JOINING = re.compile(rf"[{APOSTROPHES}.]|(?<=\d),(?=\d{{3}})")  # "E.T.", "Schindler's", "5,000"
# French and Italian elisions separate: "d'Amélie" → "d amelie", "dell'amore" → "dell amore".
ELISION = re.compile(rf"\b([ldjcmnst]|qu|un|dell|all|nell|sull|dall|coll)[{APOSTROPHES}](?=\w)")
SEPARATORS = re.compile(r"[\W_]+")


def display_title(title: str) -> str:
    """ "Godfather, The" → "The Godfather"; "Homme qui rit, L'" → "L'homme qui rit".

    A trailing article moves to the front, before a subtitle in brackets or after a colon if
    any ("Spider, The (1931 serial)" → "The Spider (1931 serial)"). A title that only ends
    in a word that looks like an article ("A, B, C, D, A") stays as it is.
    """
    title = title.strip()
    match = TRAILING_ARTICLE.match(title)
    if not match:
        return title
    head, article, rest = match["title"], match["article"], match["rest"]
    if article not in KEEP_CASE_ARTICLES | SENTENCE_CASE_ARTICLES | ELIDED_ARTICLES:
        return title
    if is_a_list(head):
        return title
    if article in SENTENCE_CASE_ARTICLES | ELIDED_ARTICLES:
        head = lower_first_word(head)
    separator = "" if article in ELIDED_ARTICLES else " "
    return f"{article}{separator}{head}{rest}"


def is_a_list(head):
    """ "A, B, C" before the article: items of a list, not a title and its article."""
    items = head.split(", ")
    return len(items) > 1 and all(len(item) <= 2 for item in items)


def lower_first_word(text):
    """Sentence case for the word that now follows the article, unless it is a name.

    A word in capitals or with a capital inside ("USA", "McCoy") keeps them, as does a word
    the title writes with a capital again later ("Acadie, l'Acadie").
    """
    first, _, rest = text.partition(" ")
    if not first[:1].isupper() or not first[1:].islower():
        return text
    name = re.match(r"\w*", first)[0]
    if name in re.findall(r"\w+", text)[1:]:
        return text
    return first[:1].lower() + first[1:] + (" " + rest if rest else "")


def without_leading_article(title: str) -> str:
    """ "The Godfather" → "Godfather"; "L'homme qui rit" → "homme qui rit"; "The" stays."""
    stripped = LEADING_ARTICLE.sub("", title.strip(), count=1)
    return stripped if fold(stripped).strip() else title.strip()


def fold(text: str) -> str:
    """Lower case without accents: "Amélie" → "amelie", "Ærø" → "aero", "Straße" → "strasse"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(FOLDED_LETTERS))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("&", " and ")


def words(text: str) -> list[str]:
    """The words of a title or a query, folded: "Monsters, Inc." → ["monsters", "inc"].

    Apostrophes, full stops and thousands' commas join ("E.T." → "et", "Schindler's" →
    "schindlers"), but French and Italian elisions separate ("d'Amélie" → "d", "amelie");
    everything else that is not a letter or digit separates ("Spider-Man" → "spider", "man").
    """
    return SEPARATORS.sub(" ", JOINING.sub("", ELISION.sub(r"\1 ", fold(text)))).split()


def joined_words(text: str) -> list[str]:
    """Words written as one with hyphens, slashes or an elision: "Spider-Man" → ["spiderman"],
    "L'homme" → ["lhomme"]."""
    found = []
    for chunk in JOINING.sub("", ELISION.sub(r"\1-", fold(text))).split():
        parts = SEPARATORS.sub(" ", chunk).split()
        if len(parts) > 1:
            found.append("".join(parts))
    return found


def sort_title(title: str) -> str:
    """How a title sorts: without its leading article, accents or case, from its first letter
    or digit ("'15'" beside "15 Minutes", "The Godfather" under G)."""
    text = " ".join(fold(without_leading_article(title)).split())
    return re.sub(r"^[\W_]+", "", text)[:250] or text[:250]


def match_key(title: str) -> str:
    """What two titles of one film share: "The Iron Giant" and "Iron Giant, The" →
    "irongiant"; "Spider-Man", "Spiderman" → "spiderman"; "Romeo & Juliet" →
    "romeoandjuliet". Compare it with the year."""
    title = display_title(title)
    key = "".join(words(without_leading_article(title)))
    return (key or " ".join(title.casefold().split()))[:250]  # "$", "?!": the title itself


def search_document(title: str) -> str:
    """The words search looks in: every word of the title, with its hyphenated words also
    written as one ("E.T. the Extra-Terrestrial" → "et the extra terrestrial extraterrestrial")."""
    found = []
    for word in words(title) + joined_words(title):
        if word not in found:
            found.append(word)
    return " ".join(found)
