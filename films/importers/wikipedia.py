"""Read a Wikipedia film article (an API response or plain wikitext) into `FilmFacts`.

Reading and parsing touch no database; `import_wikipedia()` writes what they found, one
transaction per file, so a file that fails changes nothing.
"""

import calendar
import contextlib
import datetime
import html
import json
import re
from dataclasses import dataclass
from pathlib import PurePath

import mwparserfromhell
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from mwparserfromhell.nodes import Comment, Tag

from films.importers import ImportFailed
from films.importers.facts import CreditFacts, FilmFacts, PersonRef, Release, import_film
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
FIELD_MAX = {"name": 200, "character": 200, "note": 100}
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class Page:
    title: str
    wikitext: str


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
    return Page(title=title, wikitext=wikitext)


def title_from_file_name(name):
    """`Never_Let_Me_Go_(2010_film).wiki` -> "Never Let Me Go (2010 film)"."""
    return PurePath(name).stem.replace("_", " ").strip()


# Parsing


def parse_film(page: Page, name: str) -> FilmFacts:
    """The facts of the film page; ImportFailed (naming the file) when it is not a film page."""
    code = mwparserfromhell.parse(page.wikitext)
    infobox = next(
        (t for t in code.filter_templates() if template_name(t) in INFOBOX_NAMES),
        None,
    )
    if infobox is None:
        what = f"the page “{page.title}”" if page.title else "the page"
        raise ImportFailed(f"{name}: {what} has no {{{{Infobox film}}}}, so it is not a film article")

    # "based_on" and "based on" are the same parameter to MediaWiki.
    params = {str(p.name).strip().lower().replace("_", " "): clean(p.value) for p in infobox.params}
    releases = parse_releases(params.get("released"))
    year = year_from_title(page.title) or min((r.year for r in releases), default=None)
    title = text(params["name"]) if params.get("name") else ""
    title = title or re.sub(r"\s*\([^)]*\bfilm\)$", "", page.title).strip()
    if not title:
        raise ImportFailed(f"{name}: the film has no name (no “name” in the infobox and no page title)")
    if year is None:
        raise ImportFailed(f"{name}: {title}: no year (neither in the page title nor in the release dates)")

    facts = FilmFacts(
        title=title,
        year=year,
        source=page.title,
        imdb_id=find_imdb_id(code),
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
    cast = parse_cast(code)
    cast_people = {c.person for c in cast}
    cast += [
        CreditFacts(Credit.Role.CAST, person)
        for person in people(params.get("starring"))
        if person not in cast_people
    ]
    facts.credits = merge_credits(credits + cast)
    return facts


def template_name(template):
    return str(template.name).strip().replace("_", " ").lower()


def clean(value):
    """A copy of the wikitext without comments, references and footnote templates."""
    code = mwparserfromhell.parse(str(value))
    for node in code.filter(recursive=True, forcetype=(Comment, Tag)):
        if isinstance(node, Comment) or str(node.tag).lower() == "ref":
            remove(code, node)
    for template in code.filter_templates():
        if template_name(template) in {"efn", "sfn", "refn", "r", "cn", "citation needed", "nbsp"}:
            remove(code, template)
    return code


def remove(code, node):
    with contextlib.suppress(ValueError):  # already gone with its parent
        code.remove(node)


def text(value):
    """Plain text: links as their text, known templates rendered, the rest dropped."""
    if value is None:
        return ""
    code = mwparserfromhell.parse(str(value))
    for template in code.filter_templates(recursive=False):
        tname = template_name(template)
        args = positional(template)
        if tname in CURRENCY_TEMPLATES and args:
            rendered = CURRENCY_TEMPLATES[tname] + text(args[0])
        elif tname in TEXT_TEMPLATES and args:
            rendered = text(args[-1] if tname == "lang" else args[0])
        elif tname in LIST_TEMPLATES:
            rendered = ", ".join(text(item) for item in list_items(template))
        else:
            rendered = ""
        code.replace(template, rendered)
    plain = code.strip_code(normalize=True, collapse=True)
    plain = re.sub(r"'{2,}", "", html.unescape(plain))
    return re.sub(r"\s+", " ", plain).strip()


def positional(template):
    return [p.value for p in template.params if not p.showkey]


def list_items(template):
    """The items of a list template: its positional parameters, or the bullet lines within them."""
    items = []
    for value in positional(template):
        lines = [line for line in split_items(value) if line.strip()]
        items += lines
    return items


def split_items(value):
    """The items of a list-like value: list templates, bullet lines and <br> separated parts."""
    if value is None:
        return []
    code = mwparserfromhell.parse(str(value))
    for template in code.filter_templates(recursive=False):
        if template_name(template) in LIST_TEMPLATES:
            code.replace(template, "\n" + "\n".join(str(i) for i in list_items(template)) + "\n")
    source = re.sub(r"<\s*br\s*/?\s*>", "\n", str(code), flags=re.IGNORECASE)
    items = [re.sub(r"^[*#:;]+", "", line).strip() for line in source.split("\n")]
    return [item for item in items if item]


def names(value):
    """Company, country or language names: a link's text, or the text less a "(United States)" remark."""
    return [person.name for person in people(value)]


def people(value):
    return [person for person in (person_ref(item) for item in split_items(value)) if person]


def person_ref(item):
    """A person from one list item: the first link (its text as the name, its target as the
    Wikipedia title), else the plain text without a trailing "(uncredited)"-like remark."""
    code = mwparserfromhell.parse(item)
    link = next(iter(code.filter_wikilinks(recursive=False)), None)
    if link is not None:
        target = wiki_title(str(link.title))  # "" for a file, a category or another wiki
        name = text(link.text) if link.text else text(target)
        if name:
            return PersonRef(name=name[: FIELD_MAX["name"]], wikipedia_title=target or None)
        if not target:
            return None
    name = re.sub(r"\s*\([^)]*\)\s*$", "", text(code)).strip()
    return PersonRef(name=name[: FIELD_MAX["name"]]) if name else None


def wiki_title(target):
    """A link target as a page title: no section, spaces for underscores, a capital first letter."""
    title = re.sub(r"[\s_]+", " ", target.split("#")[0]).strip().lstrip(":")
    if ":" in title:  # a file, category or another wiki: not a person's article
        return ""
    return title[:1].upper() + title[1:250]


def year_from_title(title):
    match = re.search(r"\((\d{4})\b[^)]*\bfilm\)\s*$", title or "")
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
        work, *authors = positional(template) or [""]
        note = work_kind(work)
        for author in authors:
            credits += [CreditFacts(Credit.Role.WRITER, p, note=note) for p in people(author)]
    if not credits:
        # Plain text: ''Work'' by [[Author]]
        after_by = re.split(r"\bby\b", str(value), maxsplit=1)
        if len(after_by) == 2:
            note = work_kind(after_by[0])
            credits = [CreditFacts(Credit.Role.WRITER, p, note=note) for p in people(after_by[1])]
    return credits


def work_kind(work):
    """ "novel" for [[Never Let Me Go (novel)|…]]; "source material" when the link does not say."""
    for link in mwparserfromhell.parse(str(work)).filter_wikilinks():
        match = re.search(r"\((?:\d{4} )?([a-z][a-z ]*)\)\s*$", str(link.title))
        if match:
            return match.group(1)[: FIELD_MAX["note"]]
    return "source material"


# Release dates


def parse_releases(value):
    if value is None:
        return []
    releases = []
    for item in split_items(value):
        code = mwparserfromhell.parse(item)
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
    place = re.search(r"\(([^)]*)\)", plain)
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
    match = re.search(r"\(([^)]*)\)", text(code))
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


def parse_cast(code):
    """Cast credits from the ==Cast== section: `* [[Actor]] as Character`, `**` for younger selves."""
    sections = code.get_sections(levels=[2], matches=r"\bcast\b", include_headings=False)
    if not sections:
        return []
    section = clean(sections[0])
    for template in section.filter_templates(recursive=False):
        tname = template_name(template)
        if tname in {"cast list", "castlist"}:
            section.replace(template, "\n".join(str(v) for v in positional(template)))
        elif tname.startswith("div col") or tname in {"col-begin", "col-break", "col-end"}:
            section.replace(template, "\n")
    credits = []
    for line in str(section).split("\n"):
        match = re.match(r"^(\*+)\s*(.+)$", line.strip())
        if match:
            credit = cast_line(match.group(2), nested=len(match.group(1)) > 1)
            if credit:
                credits.append(credit)
    return credits


def cast_line(line, nested):
    """One cast line; None for a line that is a description rather than "Actor as Character"."""
    person_part, sep, character_part = split_as(line)
    if not sep and (nested or not line.lstrip().startswith("[[")):
        return None
    person = person_ref(person_part)
    if person is None or len(person.name.split()) > 6:
        return None
    character = re.split(r",\s|:\s|;\s|\s[–—-]\s", text(character_part), maxsplit=1)[0].strip()
    return CreditFacts(Credit.Role.CAST, person, character=character[: FIELD_MAX["character"]])


def split_as(line):
    """Split "[[A as B|Someone]] as Character" on the first " as " outside a link."""
    depth = 0
    for index in range(len(line)):
        if line.startswith("[[", index) or line.startswith("{{", index):
            depth += 1
        elif line.startswith("]]", index) or line.startswith("}}", index):
            depth -= 1
        elif depth == 0 and line.startswith(" as ", index):
            return line[:index], " as ", line[index + 4 :]
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
    """The films in one file; ImportFailed, naming the file, when it is not a film article."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"{name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return [parse_film(page, name) for page in read_pages(data, name)]


def import_films(all_facts: list[FilmFacts], name: str, *, overwrite=False, dry_run=False):
    """Write the films of one file in one transaction; return a FilmReport per film.

    Raises ImportFailed (and changes nothing) when any of them cannot be imported. With
    `dry_run`, does the same work and rolls it back, so the reports say what would change.
    """
    try:
        with transaction.atomic():
            reports = [import_film(facts, overwrite=overwrite) for facts in all_facts]
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed as error:
        raise ImportFailed(f"{name}: {error}") from error
    except IntegrityError as error:
        raise ImportFailed(f"{name}: the database refused the import ({error})") from error
    return reports


def import_wikipedia(data: bytes, name: str, *, overwrite=False, dry_run=False):
    """Parse one file and import its films: see parse_file() and import_films()."""
    return import_films(parse_file(data, name), name, overwrite=overwrite, dry_run=dry_run)
