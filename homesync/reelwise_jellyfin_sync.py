#!/usr/bin/env python3
"""Put a Reelwise tag on exactly the films of one child's list, in a Jellyfin (or Emby) library.

Runs at home, on any machine that reaches the media server, with Python 3.9 or later and
nothing else installed:

    python3 reelwise_jellyfin_sync.py --list-url https://reelwise.example/family/lists/<token>/films.csv \\
        --server http://127.0.0.1:8096 --nickname Maya        # API key in JELLYFIN_API_KEY

It reads the list (CSV: title,year,imdb_id,tmdb_id,age,source), lists the library's films,
matches each listed film by IMDb id, then TMDb id, then title and year, and makes the tag
`reelwise-<nickname>` sit on exactly the matched films: added where missing, removed where
a film is no longer listed. Give the child's Jellyfin user "allow only items with tags"
set to that tag, and the child sees only those films.

Jellyfin's item update replaces the whole item, so each change reads the item whole and
sends it back whole with only its tags changed. A film whose change fails is reported and
left as it was; the others go on. A second run changes nothing.

Exit codes:
    0  every film carries the tag it should (or --dry-run: the plan was printed)
    1  some films could not be changed (each is reported); run again later
    2  the command line or the list is wrong (nothing was changed)
    3  the media server could not be listed: unreachable, or the API key refused (nothing was changed)
"""

import argparse
import csv
import io
import json
import os
import re
import socket
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

PAGE_SIZE = 200
MAX_LIST_BYTES = 20 * 1024 * 1024
LIST_COLUMNS = ("title", "year", "imdb_id", "tmdb_id")
# Everything Jellyfin's item update reads back that a listing leaves out unless asked for:
# an item sent without them would lose its overview, genres, studios, sort name, lock...
FULL_ITEM_FIELDS = (
    "ProviderIds,Tags,Genres,Overview,Studios,Taglines,DateCreated,ProductionLocations,"
    "CustomRating,OriginalTitle,SortName,Settings,RemoteTrailers,ExternalUrls"
)
IMDB_ID = re.compile(r"^tt\d{7,10}$")
ARTICLES = {"the", "a", "an"}
USER_AGENT = "reelwise-jellyfin-sync/1"

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_SERVER = 0, 1, 2, 3


class Failed(Exception):
    """A request that did not give what was expected; the message says what happened."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def slugify(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalised_title(title):
    """Case, accents, punctuation, "&" for "and" and a leading article do not count."""
    text = re.sub(r"['’]", "", title.casefold()).replace("&", " and ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.findall(r"\w+", text)
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


# The list ---------------------------------------------------------------------------------


class Listed:
    def __init__(self, line, title, year, imdb_id, tmdb_id):
        self.line, self.title, self.year, self.imdb_id, self.tmdb_id = line, title, year, imdb_id, tmdb_id

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title


def read_list(text, where):
    """The films of the list's CSV; ValueError naming the line for anything else."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in LIST_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{where}: not a Reelwise films.csv (no column {', '.join(missing)})")
    films = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(row[c] is None for c in LIST_COLUMNS):
                raise ValueError(f"{where}, line {line}: not as many values as columns")
            title, year = row["title"].strip(), row["year"].strip()
            imdb_id, tmdb_id = row["imdb_id"].strip(), row["tmdb_id"].strip()
            if year and not (year.isascii() and year.isdigit() and len(year) == 4):
                raise ValueError(f"{where}, line {line}: the year “{year}” is not a year")
            if imdb_id and not IMDB_ID.match(imdb_id):
                raise ValueError(f"{where}, line {line}: “{imdb_id}” is not an IMDb id")
            if tmdb_id and not (tmdb_id.isascii() and tmdb_id.isdigit() and int(tmdb_id) > 0):
                raise ValueError(f"{where}, line {line}: “{tmdb_id}” is not a TMDb id")
            films.append(Listed(line, title, int(year) if year else None, imdb_id or None, tmdb_id or None))
    except csv.Error as error:
        raise ValueError(f"{where}, line {reader.line_num}: {error}") from error
    return films


# The media server -------------------------------------------------------------------------


class MediaServer:
    def __init__(self, base_url, api_key, *, timeout, emby=False):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if emby:
            self.headers["X-Emby-Token"] = api_key
        else:
            self.headers["Authorization"] = f'MediaBrowser Token="{api_key}"'

    def request(self, method, path, query=None, body=None):
        url = f"{self.base_url}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        headers = dict(self.headers)
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - http(s) only
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = response.read()
        except urllib.error.HTTPError as error:
            reason = {401: "the API key was refused", 403: "the API key is not an administrator's"}.get(
                error.code, error.reason
            )
            raise Failed(f"{method} {path}: {error.code} {reason}", status=error.code) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise Failed(f"{method} {path}: no answer within {self.timeout:g} s") from error
            raise Failed(f"{method} {path}: cannot connect ({error.reason})") from error
        except (socket.timeout, TimeoutError) as error:  # noqa: UP041 - not one class before Python 3.10
            raise Failed(f"{method} {path}: no answer within {self.timeout:g} s") from error
        except OSError as error:
            raise Failed(f"{method} {path}: {error}") from error
        if method != "GET":
            return None
        try:
            return json.loads(payload)
        except ValueError as error:
            raise Failed(f"{method} {path}: the answer is not JSON") from error

    def films(self):
        """Every film of the library, page by page, with its provider ids and tags."""
        films, start = [], 0
        while True:
            page = self.request(
                "GET",
                "/Items",
                {
                    "IncludeItemTypes": "Movie",
                    "Recursive": "true",
                    "Fields": "ProviderIds,Tags",
                    "StartIndex": start,
                    "Limit": PAGE_SIZE,
                },
            )
            items = page.get("Items") if isinstance(page, dict) else None
            total = page.get("TotalRecordCount") if isinstance(page, dict) else None
            if not isinstance(items, list) or not isinstance(total, int):
                raise Failed("GET /Items: not a list of items (Items, TotalRecordCount)")
            for item in items:
                if not (isinstance(item, dict) and isinstance(item.get("Id"), str)):
                    raise Failed("GET /Items: an item without an Id")
            films += items
            start += len(items)
            if not items or start >= total:
                return films

    def item(self, item_id):
        """One item whole, as the update expects it back."""
        answer = self.request("GET", "/Items", {"ids": item_id, "Fields": FULL_ITEM_FIELDS})
        items = answer.get("Items") if isinstance(answer, dict) else None
        if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
            raise Failed(f"GET /Items?ids={item_id}: the item is not in the answer", status=404)
        if items[0].get("Id") != item_id:
            raise Failed(f"GET /Items?ids={item_id}: the answer is another item")
        return items[0]

    def set_tags(self, item_id, tags):
        """Read the item whole, then send it back whole with only its tags changed."""
        item = self.item(item_id)
        if not isinstance(item.get("Tags", []), list):
            raise Failed(f"GET /Items?ids={item_id}: Tags is not a list")
        self.request("POST", f"/Items/{urllib.parse.quote(item_id)}", body={**item, "Tags": tags})


# Matching and the plan --------------------------------------------------------------------


def provider_id(item, name):
    ids = item.get("ProviderIds") or {}
    if not isinstance(ids, dict):
        return None
    value = next((v for k, v in ids.items() if isinstance(k, str) and k.lower() == name), None)
    if value is None:
        return None
    return str(value).strip() or None


def item_year(item):
    year = item.get("ProductionYear")
    if isinstance(year, int):
        return year
    date = item.get("PremiereDate")
    return int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None


def item_label(item):
    year = item_year(item)
    name = item.get("Name") or item["Id"]
    return f"{name} ({year})" if year else str(name)


def known_as_another(item, film):
    """Whether the library knows the item by an id other than the listed film's."""
    return any(
        theirs is not None and ours is not None and theirs != ours
        for theirs, ours in (
            (provider_id(item, "imdb"), film.imdb_id),
            (provider_id(item, "tmdb"), film.tmdb_id),
        )
    )


def match(listed, items):
    """The ids of the library items the list names, and notes on the films it could not place."""
    by_imdb, by_tmdb, by_title = {}, {}, {}
    for item in items:
        imdb_id, tmdb_id = provider_id(item, "imdb"), provider_id(item, "tmdb")
        if imdb_id:
            by_imdb.setdefault(imdb_id, []).append(item)
        if tmdb_id:
            by_tmdb.setdefault(tmdb_id, []).append(item)
        if isinstance(item.get("Name"), str):
            by_title.setdefault((normalised_title(item["Name"]), item_year(item)), []).append(item)

    wanted, notes, missing = set(), [], 0
    for film in listed:
        if film.imdb_id and film.imdb_id in by_imdb:
            # One film in several versions (two files, two editions) is several items: all of it.
            wanted.update(item["Id"] for item in by_imdb[film.imdb_id])
            continue
        if film.tmdb_id and film.tmdb_id in by_tmdb:
            wanted.update(item["Id"] for item in by_tmdb[film.tmdb_id])
            continue
        same_title = by_title.get((normalised_title(film.title), film.year), []) if film.year else []
        candidates = [item for item in same_title if not known_as_another(item, film)]
        if len(candidates) > 1:
            names = ", ".join(item_label(item) for item in candidates)
            notes.append(
                f"? {film}: the library has several films with this title and year ({names}); none tagged"
            )
        elif candidates:
            wanted.add(candidates[0]["Id"])
        else:
            missing += 1
    return wanted, notes, missing


def has_tag(item, tag):
    return any(isinstance(t, str) and t.lower() == tag.lower() for t in item.get("Tags") or [])


def plan(items, wanted, tag):
    """(item, tags after) for each item whose tags must change."""
    changes = []
    for item in items:
        tags = [t for t in item.get("Tags") or [] if isinstance(t, str)]
        if item["Id"] in wanted and not has_tag(item, tag):
            changes.append((item, tags + [tag]))
        elif item["Id"] not in wanted and has_tag(item, tag):
            changes.append((item, [t for t in tags if t.lower() != tag.lower()]))
    return changes


# The program ------------------------------------------------------------------------------


def fetch_list(url, timeout):
    headers = {"User-Agent": USER_AGENT, "Accept": "text/csv"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked in arguments()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            payload = response.read(MAX_LIST_BYTES + 1)
    except urllib.error.HTTPError as error:
        hint = " (was the list's address replaced or revoked?)" if error.code == 404 else ""
        raise ValueError(f"{url}: {error.code} {error.reason}{hint}") from error
    except (urllib.error.URLError, OSError) as error:
        raise ValueError(f"{url}: cannot be fetched ({getattr(error, 'reason', error)})") from error
    if len(payload) > MAX_LIST_BYTES:
        raise ValueError(f"{url}: more than {MAX_LIST_BYTES // (1024 * 1024)} MB, not a child's list")
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{url}: not UTF-8 text") from error


def arguments(argv):
    parser = argparse.ArgumentParser(
        description="Tag exactly the films of a child's Reelwise list in a Jellyfin or Emby library.",
        epilog="Exit codes: 0 done, 1 some films failed, 2 bad arguments or list, "
        "3 server not reachable or key refused.",
    )
    parser.add_argument("--list-url", required=True, help="The child's list address, ending in films.csv.")
    parser.add_argument("--server", required=True, help="The media server's address: http://127.0.0.1:8096")
    parser.add_argument("--nickname", required=True, help="The child's name; the tag is reelwise-<nickname>.")
    parser.add_argument(
        "--api-key",
        default=os.environ.get("JELLYFIN_API_KEY"),
        help="An administrator's API key (default: the JELLYFIN_API_KEY environment variable).",
    )
    parser.add_argument(
        "--emby", action="store_true", help="The server is Emby: send the key as X-Emby-Token."
    )
    parser.add_argument("--dry-run", action="store_true", help="Print what would change; change nothing.")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait for each answer (30).")
    options = parser.parse_args(argv)
    if not options.api_key:
        parser.error("no API key: give --api-key or set JELLYFIN_API_KEY")
    if not slugify(options.nickname):
        parser.error("the nickname needs a letter or a digit")
    for url in (options.list_url, options.server):
        if (
            urllib.parse.urlsplit(url).scheme not in ("http", "https")
            or not urllib.parse.urlsplit(url).netloc
        ):
            parser.error(f"{url} is not an http:// or https:// address")
    if options.timeout <= 0:
        parser.error("--timeout must be a positive number of seconds")
    return options


def main(argv=None, out=sys.stdout):
    options = arguments(argv)
    tag = f"reelwise-{slugify(options.nickname)}"

    def say(text):
        print(text, file=out)

    try:
        listed = read_list(fetch_list(options.list_url, options.timeout), options.list_url)
    except ValueError as error:
        say(f"The list: {error}. Nothing was changed.")
        return EXIT_USAGE

    server = MediaServer(options.server, options.api_key, timeout=options.timeout, emby=options.emby)
    try:
        items = server.films()
    except Failed as error:
        say(f"The media server: {error}. Nothing was changed.")
        return EXIT_SERVER

    wanted, notes, missing = match(listed, items)
    changes = plan(items, wanted, tag)
    for note in notes:
        say(note)
    if missing:
        say(f"{missing} listed films are not in the library.")
    done = {"added": 0, "removed": 0, "failed": 0}
    for n, (item, tags) in enumerate(changes):
        adding = item["Id"] in wanted
        verb = "add" if adding else "remove"
        if options.dry_run:
            say(f"{'+' if adding else '-'} {item_label(item)}: would {verb} {tag}")
            continue
        try:
            server.set_tags(item["Id"], tags)
        except Failed as error:
            if error.status in (401, 403):
                say(f"The media server: {error}. Stopped; {len(changes) - n} films not changed.")
                return EXIT_SERVER
            done["failed"] += 1
            say(f"! {item_label(item)}: not changed, could not {verb} {tag} ({error})")
        else:
            done["added" if adding else "removed"] += 1
            say(f"{'+' if adding else '-'} {item_label(item)}: {'added' if adding else 'removed'} {tag}")

    summary = f"{len(listed)} films listed, {len(wanted)} found in the library of {len(items)} films"
    if options.dry_run:
        adding = sum(1 for item, _ in changes if item["Id"] in wanted)
        removing = len(changes) - adding
        say(f"Dry run, nothing changed. {summary}: {tag} to add on {adding}, to remove from {removing}.")
        return EXIT_OK
    say(
        f"{summary}: {tag} added on {done['added']}, removed from {done['removed']}"
        + (f"; {done['failed']} failed." if done["failed"] else ".")
    )
    return EXIT_FAILURES if done["failed"] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
