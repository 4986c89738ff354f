"""Read a Wikipedia film article (an API response or plain wikitext) into `FilmFacts`.

Reading and parsing touch no database and are bounded (the caps below): a file is read
whole, and refused whole, before anything is written. `import_films()` then writes what it
found in short transactions (films.importers.facts says which), so that an import never
holds the site's write lock for long.
"""

import calendar
import datetime
import html
import json
import re
from dataclasses import dataclass
from pathlib import PurePath

import mwparserfromhell
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from mwparserfromhell.definitions import is_visible
from mwparserfromhell.nodes import Argument, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from films.importers import ImportFailed
from films.importers.facts import CreditFacts, FilmFacts, PersonRef, Release, check_film, import_film
from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Credit, imdb_id_validator

INFOBOX_NAMES = {"infobox film", "infobox movie"}
# Templates that hold a list: items are the positional parameters, or bullet lines in the first.
LIST_TEMPLATES = {
    "plainlist",
    "plain list",
    "ubl",
    "ublist",
    "unbulleted list",
    "flatlist",
    "flat list",
    "hlist",
    "bulleted list",
    "cast list",
    "castlist",
}
# Templates whose first parameter is text to keep ({{nowrap|…}}), and currency templates.
TEXT_TEMPLATES = {"nowrap", "small", "nobr", "lang", "sort", "abbr"}
CURRENCY_TEMPLATES = {"us$": "US$", "usd": "US$", "gbp": "£", "£": "£", "eur": "€", "€": "€", "inr": "₹"}
# Infobox parameter -> (credit role, note).
CREDIT_PARAMS = [
    ("director", Credit.Role.DIRECTOR, ""),
    ("screenplay", Credit.Role.WRITER, "screenplay"),
    ("writer", Credit.Role.WRITER, ""),
    ("story", Credit.Role.WRITER, "story"),
    ("producer", Credit.Role.PRODUCER, ""),
    ("producers", Credit.Role.PRODUCER, ""),
    ("music", Credit.Role.COMPOSER, ""),
    ("cinematography", Credit.Role.CINEMATOGRAPHER, ""),
    ("editing", Credit.Role.EDITOR, ""),
]
FOOTNOTE_TEMPLATES = {"efn", "sfn", "refn", "r", "cn", "citation needed", "nbsp"}
# The infobox fields the import reads: only these are parsed.
INFOBOX_FIELDS = {param for param, _, _ in CREDIT_PARAMS} | {
    "name",
    "released",
    "runtime",
    "budget",
    "gross",
    "country",
    "countries",
    "language",
    "studio",
    "production companies",
    "distributor",
    "distributors",
    "starring",
    "based on",
}
FIELD_MAX = {"name": 200, "character": 200, "note": 100}

# What a file may hold, so that reading the worst one takes seconds, not hours (README,
# "Importers"). A file over a cap is refused with the cap's name.
MAX_FILE_BYTES = 5 * 1024 * 1024
# Levels of {{…}} and [[…]] inside each other. Film articles use fewer than ten;
# mwparserfromhell reads templates to 33 levels and leaves deeper ones as text.
MAX_NESTING = 30
# Characters of the infobox (scanned, not parsed), of one infobox field or cast line, and of
# all of them together: what mwparserfromhell is given, at about 15 µs a character of dense
# markup. The rest of a page is only scanned, and cast lines without markup (beyond one
# link) are read without it.
MAX_INFOBOX_CHARS = 100_000
MAX_PIECE_CHARS = 10_000
MAX_PARSED_CHARS = 50_000
# Characters of the cast sections of a file, read line by line without the parser.
MAX_CAST_CHARS = 1_000_000
# Pages in one API response (the API gives 50 at a time).
MAX_PAGES = 50
# Credits in a file: fifteen times the longest cast lists on Wikipedia, and an import that
# ends well inside gunicorn's 30 s timeout on a busy machine (10,000 took 36 s under a load
# average of 10 on 2 cores, and the worker was killed).
MAX_CREDITS = 5_000

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
BRACKETS = re.compile(r"\{\{|\}\}|\[\[|\]\]")
BRACKETS_AND_BARS = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")
AS_OR_BRACKETS = re.compile(r"\{\{|\}\}|\[\[|\]\]| as ")
OPENING = {"}}": "{{", "]]": "[["}
TOO_DEEP = f"is too deeply nested (more than {MAX_NESTING} levels of {{{{…}}}} and [[…]])"
# What makes a piece of a line more than plain text to mwparserfromhell.
MARKUP = re.compile(r"[\[\]{}<>&]|''")
SIMPLE_LINK = re.compile(r"\[\[([^\[\]{}<>|&]+)(?:\|([^\[\]{}<>|&]*))?\]\]")
INFOBOX = re.compile(r"\{\{\s*infobox[ _]+(?:film|movie)\s*(?=\||\}\})", re.IGNORECASE)
IMDB_LINK = re.compile(r"\{\{\s*imdb[ _]+(?:title|film|movie)\s*(?=\||\}\})", re.IGNORECASE)
# A level-2 heading that says "cast" (==Cast==, == Voice cast ==), and any heading of level 1
# or 2, which ends a section: regular expressions that never backtrack over a line twice.
CAST_HEADING = re.compile(r"^==(?!=)[^\n=]*?\bcast\b[^\n=]*+==[ \t]*+$", re.MULTILINE | re.IGNORECASE)
SECTION_END = re.compile(r"^(?:==?(?!=)[^\n]*=|=++[^\n]*?(?<!=)==?)[ \t]*+$", re.MULTILINE)
# <ref …/>, or <ref …>…</ref> with no other <ref in between (references do not nest).
REFERENCE = re.compile(r"<ref\b[^<>]*/>|<ref\b[^<>]*>(?:[^<]++|<(?!/?ref\b))*+</ref\s*>", re.IGNORECASE)
LINE_BREAK = re.compile(r"</?br\b[^<>]*>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*\b[^<>]*>")
EXTERNAL_LINK = re.compile(r"\[(?:https?:|ftp:)?//[^\s\[\]<>]*[ \t]*([^\[\]\n]*)\]", re.IGNORECASE)
STRAY_EXTERNAL_LINK = re.compile(r"\[(?=(?:https?:|ftp:)?//)", re.IGNORECASE)
TABLE_START = re.compile(r"^([ \t:]*)\{\|", re.MULTILINE)


WIKIDATA_ITEM = re.compile(r"Q[1-9][0-9]{0,11}")


@dataclass
class Page:
    title: str
    wikitext: str
    wikidata_id: str | None = None  # pageprops.wikibase_item, when the response has it


# Reading files


def read_pages(data: bytes, name: str) -> list[Page]:
    """The pages in a file: every page of an API response (legacy or current form), or one wikitext page."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{name}: not UTF-8 text (byte {error.start})") from error
    stripped = text.strip()
    if not stripped:
        raise ImportFailed(f"{name}: the file is empty")
    looks_like_json = stripped.startswith("{") and not stripped.startswith("{{")
    if looks_like_json or PurePath(name).suffix.lower() == ".json":
        return pages_from_api_response(text, name)
    return [Page(title=title_from_file_name(name), wikitext=text)]


def pages_from_api_response(text, name):
    try:
        response = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{name}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from error
    except RecursionError as error:
        raise ImportFailed(f"{name}: not a MediaWiki API response (nested too deeply)") from error
    if not isinstance(response, dict):
        raise ImportFailed(f"{name}: not a MediaWiki API response (no query.pages)")
    if "error" in response:
        error = response["error"]
        info = error.get("info", error) if isinstance(error, dict) else error
        raise ImportFailed(f"{name}: the API response is an error: {info}")
    if isinstance(response.get("parse"), dict):
        parsed = response["parse"]
        wikitext = parsed.get("wikitext")
        wikitext = wikitext.get("*") if isinstance(wikitext, dict) else wikitext
        if isinstance(wikitext, str):
            return [Page(title=str(parsed.get("title", "")), wikitext=wikitext)]
    pages = (response.get("query") or {}).get("pages") if isinstance(response.get("query"), dict) else None
    if isinstance(pages, dict):
        pages = list(pages.values())
    if not isinstance(pages, list) or not pages:
        raise ImportFailed(f"{name}: not a MediaWiki API response (no query.pages)")
    return [page_from_api(page, name) for page in pages]


def page_from_api(page, name):
    title = str(page.get("title", "")) if isinstance(page, dict) else ""
    if not isinstance(page, dict) or "missing" in page or "invalid" in page:
        raise ImportFailed(f"{name}: the page “{title}” does not exist on the wiki")
    try:
        revision = page["revisions"][0]
        content = revision["slots"]["main"] if "slots" in revision else revision
        wikitext = content["*"] if "*" in content else content["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise ImportFailed(f"{name}: the page “{title}” has no revision text") from error
    if not isinstance(wikitext, str):
        raise ImportFailed(f"{name}: the page “{title}” has no revision text")
    properties = page.get("pageprops")
    item = properties.get("wikibase_item") if isinstance(properties, dict) else None
    if item is not None and not (isinstance(item, str) and WIKIDATA_ITEM.fullmatch(item)):
        raise ImportFailed(f"{name}: the page “{title}” has a malformed Wikidata item: {str(item)[:40]!r}")
    return Page(title=title, wikitext=wikitext, wikidata_id=item)


def title_from_file_name(name):
    """`Never_Let_Me_Go_(2010_film).wiki` -> "Never Let Me Go (2010 film)"."""
    return PurePath(name).stem.replace("_", " ").strip()


# Parsing
#
# mwparserfromhell takes time out of proportion to some inputs (an unclosed `<b` or
# `[http://` every few characters, a table: quadratic; 300 nested `{{`: a RecursionError),
# and a page holds far more than the import reads. So a page is never parsed whole: its
# comments go in one pass, the infobox and the cast section are found by scanning brackets
# and headings, HTML tags and external links become plain text by regular expressions, and
# only the infobox fields and cast lines the import reads are parsed, each once, after a
# linear scan of their nesting, within the caps at the top of this module.


def parse_film(page: Page, name: str, parser: "PieceParser") -> FilmFacts:
    """The facts of the film page; ImportFailed (naming the file) when it is not a film page,
    or when it is over one of the caps on what is parsed."""
    source = COMMENT.sub("", page.wikitext)
    infobox = find_template(source, INFOBOX, limit=MAX_INFOBOX_CHARS, name=name)
    if infobox == "":
        raise ImportFailed(
            f"{name}: the {{{{Infobox film}}}} is too long (more than {MAX_INFOBOX_CHARS:,} characters)"
        )
    if infobox is None:
        what = f"the page “{page.title}”" if page.title else "the page"
        raise ImportFailed(f"{name}: {what} has no {{{{Infobox film}}}}, so it is not a film article")

    params = {
        param: parser.parse(value, f"the infobox field “{param}”")
        for param, value in template_params(plain_markup(infobox)).items()
        if param in INFOBOX_FIELDS
    }
    releases = parse_releases(params.get("released"))
    year = year_from_title(page.title) or min((r.year for r in releases), default=None)
    title = text(params["name"]) if params.get("name") else ""
    title = title or re.sub(r"\s*\([^()]*\bfilm\)$", "", page.title).strip()
    if not title:
        raise ImportFailed(f"{name}: the film has no name (no “name” in the infobox and no page title)")
    if year is None:
        raise ImportFailed(f"{name}: {title}: no year (neither in the page title nor in the release dates)")

    imdb_link = find_template(source, IMDB_LINK, limit=MAX_PIECE_CHARS, name=name)
    facts = FilmFacts(
        title=title,
        year=year,
        source=page.title,
        imdb_id=find_imdb_id(parser.parse(plain_markup(imdb_link), "the IMDb link")) if imdb_link else None,
        wikidata_id=page.wikidata_id,
        runtime=parse_runtime(params.get("runtime")),
        releases=releases,
        released_theatrical=theatrical_date(releases),
        budget=text(params.get("budget"))[:100],
        gross=text(params.get("gross"))[:100],
        countries=names(params.get("country") or params.get("countries")),
        languages=names(params.get("language")),
        studios=names(params.get("studio") or params.get("production companies")),
        distributors=names(params.get("distributor") or params.get("distributors")),
    )
    credits = []
    for param, role, note in CREDIT_PARAMS:
        credits += [CreditFacts(role, person, note=note) for person in people(params.get(param))]
    credits += based_on_credits(params.get("based on"))
    cast = parse_cast(source, parser)
    cast_people = {c.person for c in cast}
    cast += [
        CreditFacts(Credit.Role.CAST, person)
        for person in people(params.get("starring"))
        if person not in cast_people
    ]
    facts.credits = merge_credits(credits + cast)
    return facts


class PieceParser:
    """mwparserfromhell for the pieces of one file: each at most MAX_PIECE_CHARS, all together
    at most MAX_PARSED_CHARS, so that no page costs more than a few seconds to read."""

    def __init__(self, name):
        self.name = name
        self.parsed = 0  # characters given to mwparserfromhell
        self.cast_chars = 0  # characters of cast sections, read line by line
        self.credits = 0  # cast lines read as credits

    def parse(self, source, what):
        if len(source) > MAX_PIECE_CHARS:
            raise ImportFailed(f"{self.name}: {what} is too long (more than {MAX_PIECE_CHARS:,} characters)")
        if any(depth > MAX_NESTING for _, depth in bracket_depths(source)):
            raise ImportFailed(f"{self.name}: {what} {TOO_DEEP}")
        self.parsed += len(source)
        if self.parsed > MAX_PARSED_CHARS:
            raise ImportFailed(
                f"{self.name}: too much wikitext in the infobox and the cast "
                f"(more than {MAX_PARSED_CHARS:,} characters to read)"
            )
        return mwparserfromhell.parse(source)


def bracket_depths(source, start=0, end=None, tokens=BRACKETS):
    """Each bracket token (or `|`) from `start` with the depth after it: an opening `{{` or `[[`
    goes one level in, the closing that matches it one level out; a stray closing is text."""
    stack = []
    for token in tokens.finditer(source, start, len(source) if end is None else end):
        mark = token.group()
        if mark in ("{{", "[["):
            stack.append(mark)
        elif stack and OPENING.get(mark) == stack[-1]:
            stack.pop()
        yield token, len(stack)


def find_template(source, pattern, *, limit, name):
    """The text of the first template whose start matches `pattern`, braces included; None
    when there is none, or when it is never closed (mwparserfromhell would read it as text);
    "" when it is longer than `limit`. ImportFailed when it nests deeper than MAX_NESTING."""
    match = pattern.search(source)
    if match is None:
        return None
    for token, depth in bracket_depths(source, match.start(), match.start() + limit):
        if depth == 0:
            return source[match.start() : token.end()]
        if depth > MAX_NESTING:
            line = source.count("\n", 0, token.start()) + 1
            raise ImportFailed(f"{name}, line {line}: the wikitext {TOO_DEEP}")
    return "" if len(source) - match.start() > limit else None


def template_params(template):
    """A template's named parameters (name -> wikitext value), split on the `|` outside
    nested brackets; names as MediaWiki compares them ("based_on" is "based on")."""
    inner = template[2:-2]
    parts, last = [], 0
    for token, depth in bracket_depths(inner, tokens=BRACKETS_AND_BARS):
        if token.group() == "|" and depth == 0:
            parts.append(inner[last : token.start()])
            last = token.end()
    parts.append(inner[last:])
    params = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if sep:
            params[key.strip().lower().replace("_", " ")] = value
    return params


def plain_markup(source):
    """The wikitext without references, HTML tags (their contents kept, <br> as a new line),
    external links in brackets (their titles kept) or tables: what the import never reads
    and mwparserfromhell can spend quadratic time on. A stray `<` or `[http` stays as text.
    Only substitutions by fixed strings, which run at the regular expression engine's speed."""
    plain = REFERENCE.sub("", source)
    plain = LINE_BREAK.sub("\n", plain)
    plain = HTML_TAG.sub("", plain).replace("<", "&lt;")
    plain = EXTERNAL_LINK.sub(r"\1", plain)
    plain = STRAY_EXTERNAL_LINK.sub("&#91;", plain)
    return TABLE_START.sub(r"\1&#123;|", plain)


def template_name(template):
    return str(template.name).strip().replace("_", " ").lower()


def text(value):
    """Plain text: links as their text, known templates rendered, the rest dropped."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not MARKUP.search(value):
            return re.sub(r"\s+", " ", value).strip()
        value = mwparserfromhell.parse(value)
    plain = re.sub(r"'{2,}", "", html.unescape(render(value)))
    return re.sub(r"\s+", " ", plain).strip()


def render(code):
    """The text of parsed wikitext, walking its nodes once (nothing is parsed again)."""
    parts = []
    for node in code.nodes:
        if isinstance(node, Text):
            parts.append(node.value)
        elif isinstance(node, Template):
            parts.append(render_template(node))
        elif isinstance(node, Wikilink):
            parts.append(render(node.text if node.text is not None else node.title))
        elif isinstance(node, Tag):  # italics, bold, list bullets
            parts.append(render(node.contents) if node.contents and is_visible(str(node.tag)) else "")
        elif isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        elif isinstance(node, ExternalLink):
            parts.append(str(node.url) if not node.brackets else render(node.title) if node.title else "")
        elif isinstance(node, Argument):
            parts.append(render(node.default) if node.default is not None else "")
        elif isinstance(node, Heading):
            parts.append(render(node.title))
    return "".join(parts)


def render_template(template):
    tname = template_name(template)
    args = positional(template)
    if tname in CURRENCY_TEMPLATES and args:
        return CURRENCY_TEMPLATES[tname] + render(args[0]).strip()
    if tname in TEXT_TEMPLATES and args:
        return render(args[-1] if tname == "lang" else args[0]).strip()
    if tname in LIST_TEMPLATES:
        return ", ".join(text(item) for item in list_items(template))
    return ""


def positional(template):
    return [p.value for p in template.params if not p.showkey]


def list_items(template):
    """The items of a list template: its positional parameters, or the bullet lines within them."""
    items = []
    for value in positional(template):
        items += split_items(value)
    return items


def split_items(value):
    """The items of a list-like value (list templates, bullet lines and <br> separated parts),
    each as parsed wikitext made of the value's own nodes: nothing is parsed again."""
    if value is None:
        return []
    lines = [[]]
    for node in value.nodes:
        if isinstance(node, Text):
            first, *others = node.value.split("\n")
            lines[-1].append(Text(first))
            lines += [[Text(other)] for other in others]
        elif isinstance(node, Template) and template_name(node) in LIST_TEMPLATES:
            lines += [item.nodes for item in list_items(node)] + [[]]
        elif isinstance(node, Template) and template_name(node) in FOOTNOTE_TEMPLATES:
            continue
        else:
            lines[-1].append(node)
    items = [Wikicode(without_bullet(nodes)) for nodes in lines]
    return [item for item in items if str(item).strip()]


def without_bullet(nodes):
    """A line's nodes less its leading bullets (`*`, `#`, `:`, `;`) and spaces."""
    nodes = list(nodes)
    while nodes:
        first = nodes[0]
        if isinstance(first, Tag) and str(first.wiki_markup or "") in {"*", "#", ":", ";"}:
            nodes.pop(0)
        elif isinstance(first, Text) and re.match(r"[*#:;\s]|$", first.value):
            rest = re.sub(r"^[*#:;\s]+", "", first.value)
            nodes[0:1] = [Text(rest)] if rest else []
        else:
            break
    return nodes


def names(value):
    """Company, country or language names: a link's text, or the text less a "(United States)" remark."""
    return [person.name for person in people(value)]


def people(value):
    return [person for person in (person_ref(item) for item in split_items(value)) if person]


def person_ref(item):
    """A person from one list item (parsed wikitext): the first link (its text as the name, its
    target as the Wikipedia title), else the text without a trailing "(uncredited)"-like remark."""
    link = next(iter(item.filter_wikilinks(recursive=False)), None)
    if link is not None:
        target = wiki_title(str(link.title))  # "" for a file, a category or another wiki
        name = text(link.text) if link.text else text(target)
        if name:
            return PersonRef(name=name[: FIELD_MAX["name"]], wikipedia_title=target or None)
        if not target:
            return None
    name = re.sub(r"\s*\([^()]*\)\s*$", "", text(item)).strip()
    return PersonRef(name=name[: FIELD_MAX["name"]]) if name else None


def wiki_title(target):
    """A link target as a page title: no section, spaces for underscores, a capital first letter."""
    title = re.sub(r"[\s_]+", " ", target.split("#")[0]).strip().lstrip(":")
    if ":" in title:  # a file, category or another wiki: not a person's article
        return ""
    return title[:1].upper() + title[1:250]


def year_from_title(title):
    match = re.search(r"\((\d{4})\b[^()]*\bfilm\)\s*$", title or "")
    return int(match.group(1)) if match else None


def parse_runtime(value):
    if value is None:
        return None
    for template in value.filter_templates():
        if template_name(template) == "runtime" and positional(template):
            numbers = " ".join(str(p) for p in positional(template))
            hours_minutes = [int(n) for n in re.findall(r"\d+", numbers)]
            if len(hours_minutes) == 2:
                return hours_minutes[0] * 60 + hours_minutes[1]
            return hours_minutes[0] if hours_minutes else None
    plain = text(value)
    match = re.search(r"(\d+)\s*(?:min|minutes|mins)\b", plain) or re.fullmatch(r"(\d+)", plain)
    minutes = int(match.group(1)) if match else None
    return minutes if minutes and minutes < 10000 else None


def based_on_credits(value):
    """Writers of the source work: {{Based on|''[[Work (novel)|Work]]''|[[Author]]}} -> note "novel"."""
    if value is None:
        return []
    credits = []
    for template in value.filter_templates():
        if template_name(template) != "based on":
            continue
        work, *authors = positional(template) or [Wikicode([])]
        note = work_kind(work)
        for author in authors:
            credits += [CreditFacts(Credit.Role.WRITER, p, note=note) for p in people(author)]
    if not credits:
        # Plain text: ''Work'' by [[Author]]
        after_by = re.split(r"\bby\b", str(value), maxsplit=1)
        if len(after_by) == 2:
            note = work_kind(mwparserfromhell.parse(after_by[0]))
            authors = people(mwparserfromhell.parse(after_by[1]))
            credits = [CreditFacts(Credit.Role.WRITER, p, note=note) for p in authors]
    return credits


def work_kind(work):
    """ "novel" for [[Never Let Me Go (novel)|…]]; "source material" when the link does not say."""
    for link in work.filter_wikilinks():
        match = re.search(r"\((?:\d{4} )?([a-z][a-z ]*)\)\s*$", str(link.title))
        if match:
            return match.group(1)[: FIELD_MAX["note"]]
    return "source material"


# Release dates


def parse_releases(value):
    if value is None:
        return []
    releases = []
    for code in split_items(value):
        templates = code.filter_templates(recursive=False)
        film_dates = [t for t in templates if template_name(t) in {"film date", "filmdate"}]
        start_dates = [t for t in templates if template_name(t) in {"start date", "release date", "start"}]
        if film_dates:
            for template in film_dates:
                releases += film_date_releases(template)
        elif start_dates:
            args = [text(a) for a in positional(start_dates[0])]
            release = make_release(*(args + ["", "", ""])[:3], place=place_of(code))
            releases += [release] if release else []
        else:
            release = release_from_text(text(code))
            releases += [release] if release else []
    return releases


def film_date_releases(template):
    """{{Film date|2010|9|3|[[Telluride Film Festival]]|2010|9|15|United States}}: groups of four."""
    args = [text(a) for a in positional(template)]
    releases = []
    for start in range(0, len(args), 4):
        year, month, day, place = (args[start : start + 4] + ["", "", "", ""])[:4]
        release = make_release(year, month, day, place=place)
        if release:
            releases.append(release)
    return releases


def make_release(year, month, day, place=""):
    if not str(year).isdigit() or not FIRST_FILM_YEAR <= int(year) <= LAST_FILM_YEAR:
        return None
    try:
        date = datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        date = None
    return Release(year=int(year), date=date, place=place)


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def release_from_text(plain):
    """ "15 September 2010 (United States)" or "September 15, 2010"; None when there is no year."""
    place = re.search(r"\(([^()]*)\)", plain)
    place = place.group(1).strip() if place else ""
    match = re.search(r"(\d{1,2}) ([A-Z][a-z]+),? (\d{4})", plain)
    if match:
        day, month, year = match.groups()
    else:
        match = re.search(r"([A-Z][a-z]+) (\d{1,2}),? (\d{4})", plain)
        if match:
            month, day, year = match.groups()
        else:
            year_only = re.search(r"\b(\d{4})\b", plain)
            return make_release(year_only.group(1), "", "", place=place) if year_only else None
    return make_release(year, MONTHS.get(month.lower(), ""), day, place=place)


def place_of(code):
    match = re.search(r"\(([^()]*)\)", text(code))
    return match.group(1).strip() if match else ""


def theatrical_date(releases):
    """The United States release, else the first release outside a festival, else the first."""
    dated = [r for r in releases if r.date]
    us = [r for r in dated if re.search(r"\b(United States|U\.?S\.?A?\.?)$", r.place)]
    general = [r for r in dated if "festival" not in r.place.lower()]
    chosen = (us or general or dated or [None])[0]
    return chosen.date if chosen else None


# IMDb id and cast


def find_imdb_id(code):
    for template in code.filter_templates():
        if template_name(template) in {"imdb title", "imdb film", "imdb movie"}:
            value = template.get("id").value if template.has("id") else (positional(template) or [""])[0]
            digits = re.sub(r"\D", "", str(value))
            if digits:
                imdb_id = "tt" + digits.zfill(7)
                try:
                    imdb_id_validator(imdb_id)
                except ValidationError:
                    return None  # an odd id is ignored, not fatal
                return imdb_id
    return None


def parse_cast(source, parser):
    """Cast credits from the ==Cast== section: `* [[Actor]] as Character`, `**` for younger selves.
    Each line is parsed alone, and only when it may be a credit."""
    section = cast_section(source, parser.name)
    if section is None:
        return []
    parser.cast_chars += len(section)
    if parser.cast_chars > MAX_CAST_CHARS:
        raise ImportFailed(f"{parser.name}: the cast is too long (more than {MAX_CAST_CHARS:,} characters)")
    credits = []
    for number, line in enumerate(plain_markup(section).split("\n"), start=1):
        match = re.match(r"^(\*+)\s*(.+)$", line.strip())
        if match:
            credit = cast_line(match.group(2), nested=len(match.group(1)) > 1, parser=parser, number=number)
            if credit:
                credits.append(credit)
                parser.credits += 1
                if parser.credits > MAX_CREDITS:
                    raise ImportFailed(f"{parser.name}: too many credits (more than {MAX_CREDITS:,})")
    return credits


def cast_section(source, name):
    """The text of the first level-2 section whose heading says "cast", its subsections
    included, from the line after its heading; ImportFailed when it is over MAX_CAST_CHARS."""
    heading = CAST_HEADING.search(source)
    if heading is None:
        return None
    start = heading.end() + 1  # the line after the heading is line 1
    end = SECTION_END.search(source, start, start + MAX_CAST_CHARS + 1)
    if end is None and len(source) - start > MAX_CAST_CHARS:
        raise ImportFailed(f"{name}: the cast is too long (more than {MAX_CAST_CHARS:,} characters)")
    return source[start : end.start() if end else len(source)]


def cast_line(line, nested, parser, number):
    """One cast line; None for a line that is a description rather than "Actor as Character"."""
    person_part, sep, character_part = split_as(line)
    if not sep and (nested or not line.lstrip().startswith("[[")):
        return None
    what = f"line {number} of the cast"
    person = plain_person_ref(person_part.strip()) or person_ref(parser.parse(person_part.strip(), what))
    if person is None or len(person.name.split()) > 6:
        return None
    character = plain_text(character_part)
    if character is None:
        character = text(parser.parse(character_part, what))
    character = re.split(r",\s|:\s|;\s|\s[–—-]\s", character, maxsplit=1)[0].strip()
    return CreditFacts(Credit.Role.CAST, person, character=character[: FIELD_MAX["character"]])


def plain_person_ref(source):
    """person_ref() of a cast line's person without markup but for one plain link at its
    start, read without mwparserfromhell; None for anything else (or in doubt)."""
    link = SIMPLE_LINK.match(source)
    rest = source[link.end() :] if link else source
    if MARKUP.search(rest) or re.match(r"[*#:;=\-\s]", source):
        return None
    if link:
        target = wiki_title(link.group(1))
        name = text(link.group(2) or target)
        return PersonRef(name=name[: FIELD_MAX["name"]], wikipedia_title=target or None) if name else None
    name = re.sub(r"\s*\([^()]*\)\s*$", "", text(source)).strip()
    return PersonRef(name=name[: FIELD_MAX["name"]]) if name else None


def plain_text(source):
    """text() of wikitext without markup but for plain links, read without mwparserfromhell;
    None for anything else."""
    if MARKUP.search(SIMPLE_LINK.sub("", source)):
        return None
    plain = SIMPLE_LINK.sub(lambda link: link.group(1) if link.group(2) is None else link.group(2), source)
    return re.sub(r"\s+", " ", re.sub(r"'{2,}", "", plain)).strip()


def split_as(line):
    """Split "[[A as B|Someone]] as Character" on the first " as " outside a link."""
    depth = 0
    for token in AS_OR_BRACKETS.finditer(line):
        mark = token.group()
        if mark in ("[[", "{{"):
            depth += 1
        elif mark in ("]]", "}}"):
            depth -= 1
        elif depth == 0:
            return line[: token.start()], " as ", line[token.end() :]
    return line, "", ""


def merge_credits(credits):
    """One credit per (role, person, character), billed in order, notes merged ("screenplay, story")."""
    merged = {}
    billing = {}
    for credit in credits:
        key = (credit.role, credit.person.wikipedia_title or credit.person.name, credit.character)
        if key in merged:
            notes = [n for n in (merged[key].note, credit.note) if n]
            merged[key].note = ", ".join(dict.fromkeys(notes))[: FIELD_MAX["note"]]
            continue
        credit.billing = billing.get(credit.role, 0)
        billing[credit.role] = credit.billing + 1
        merged[key] = credit
    return list(merged.values())


# Importing


def parse_file(data: bytes, name: str) -> list[FilmFacts]:
    """The films in one file; ImportFailed, naming the file, when it is not a film article or
    is over a cap."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"{name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    pages = read_pages(data, name)
    if len(pages) > MAX_PAGES:
        raise ImportFailed(f"{name}: too many pages in one file (more than {MAX_PAGES})")
    parser = PieceParser(name)
    try:
        films = [parse_film(page, name, parser) for page in pages]
    except RecursionError as error:  # the nesting cap should make this impossible: still a message
        raise ImportFailed(f"{name}: the wikitext is too deeply nested") from error
    if sum(len(film.credits) for film in films) > MAX_CREDITS:
        raise ImportFailed(f"{name}: too many credits (more than {MAX_CREDITS:,})")
    return films


def import_films(all_facts: list[FilmFacts], name: str, *, overwrite=False, dry_run=False):
    """Import the films of one file; return a FilmReport per film. With `dry_run`, read as
    much and write nothing, so the reports say what would change.

    Every film is checked first (reads only): a file with a film that cannot be imported
    raises ImportFailed and changes nothing. Then each film is written in short transactions
    (films.importers.facts.import_film says which, and what a failure halfway leaves).
    """
    reports = []
    try:
        for facts in all_facts:
            check_film(facts, overwrite=overwrite)
        for facts in all_facts:
            reports.append(import_film(facts, overwrite=overwrite, dry_run=dry_run))
    except (ImportFailed, DatabaseError) as error:
        reason = error if isinstance(error, ImportFailed) else f"the database refused the import ({error})"
        done = f" (imported before it: {', '.join(r.film for r in reports)})" if reports else ""
        changed_nothing = dry_run or (getattr(error, "changed_nothing", True) and not reports)
        raise ImportFailed(f"{name}: {reason}{done}", changed_nothing=changed_nothing) from error
    return reports


def import_wikipedia(data: bytes, name: str, *, overwrite=False, dry_run=False):
    """Parse one file and import its films: see parse_file() and import_films()."""
    return import_films(parse_file(data, name), name, overwrite=overwrite, dry_run=dry_run)
