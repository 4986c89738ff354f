"""A small Jellyfin for the sync's tests, following the item API as media-servers.md describes it,
and a stand-in for the Reelwise list address the sync reads.

- `GET /Items` lists items in pages (StartIndex, Limit), PascalCase JSON; `ProviderIds`, `Tags`,
  `Overview`... appear only when named in `Fields`; `ids=` gives those items.
- `POST /Items/{id}` replaces the item's editable fields: name, overview, dates, ratings,
  CustomRating, sort name and the lock flag are taken from the body even when absent (absent
  clears them); Tags, Genres, ProviderIds and LockedFields change only when sent. 204, or 404.
- Every request needs `Authorization: MediaBrowser Token="<key>"`: 401 without it.

`faults` makes one item's requests fail: {item id: ("GET" or "POST", 500 | "timeout" | "bad-json")}.
"""

import contextlib
import copy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Fields a listing leaves out unless `Fields` names them (Settings: the lock and sort name).
GATED = {
    "ProviderIds": ["ProviderIds"],
    "Tags": ["Tags"],
    "Genres": ["Genres"],
    "Overview": ["Overview"],
    "Studios": ["Studios"],
    "Taglines": ["Taglines"],
    "CustomRating": ["CustomRating"],
    "OriginalTitle": ["OriginalTitle"],
    "DateCreated": ["DateCreated"],
    "SortName": ["SortName"],
    "Settings": ["LockData", "LockedFields", "ForcedSortName"],
}
GATED_KEYS = {key for keys in GATED.values() for key in keys}
# Taken from the body of an update even when absent.
REPLACED = [
    "Name",
    "Overview",
    "PremiereDate",
    "ProductionYear",
    "OfficialRating",
    "CustomRating",
    "CommunityRating",
    "CriticRating",
    "ForcedSortName",
    "LockData",
]
# Changed by an update only when sent.
WHEN_SENT = ["Tags", "Genres", "ProviderIds", "LockedFields"]
TOKEN = re.compile(r'^MediaBrowser\s.*\bToken="([^"]*)"')
SLOW_SECONDS = 3


def movie(item_id, name, year, *, imdb=None, tmdb=None, tags=(), **more):
    """A film as Jellyfin stores it, with the fields an update could lose."""
    provider_ids = {key: value for key, value in (("Imdb", imdb), ("Tmdb", tmdb)) if value}
    return {
        "Id": item_id,
        "Name": name,
        "Type": "Movie",
        "ProductionYear": year,
        "PremiereDate": f"{year}-06-01T00:00:00.0000000Z",
        "OfficialRating": "PG",
        "CustomRating": None,
        "CommunityRating": 7.5,
        "CriticRating": 80,
        "Overview": f"The story of {name}.",
        "Genres": ["Family"],
        "Studios": [{"Name": "A studio", "Id": "5" * 32}],
        "Taglines": ["One line."],
        "OriginalTitle": name,
        "DateCreated": "2024-01-01T00:00:00.0000000Z",
        "SortName": name.lower(),
        "ForcedSortName": None,
        "LockData": False,
        "LockedFields": [],
        "ProviderIds": provider_ids,
        "Tags": list(tags),
        **more,
    }


class JellyfinStandIn:
    def __init__(self, items, api_key="admin-key"):
        self.items = {item["Id"]: copy.deepcopy(item) for item in items}
        self.api_key = api_key
        self.faults = {}
        self.requests = []  # (method, path and query)
        self.lock = threading.Lock()

    def snapshot(self):
        with self.lock:
            return copy.deepcopy(self.items)

    def tags(self, item_id):
        return self.items[item_id]["Tags"]

    def posts(self):
        return [path for method, path in self.requests if method == "POST"]

    @contextlib.contextmanager
    def running(self):
        with serve(self.handle) as url:
            self.url = url
            yield self

    def handle(self, method, path, headers, body):
        with self.lock:
            self.requests.append((method, path))
        match = TOKEN.match(headers.get("Authorization") or "")
        if not match or match[1] != self.api_key:
            return 401, "text/plain", b"Unauthorized"
        url = urlsplit(path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if method == "GET" and url.path == "/Items":
            return self.list_items(query)
        found = re.fullmatch(r"/Items/([0-9a-f]{32})", url.path)
        if method == "POST" and found:
            return self.update(found[1], body)
        return 404, "text/plain", b"Not Found"

    def fault(self, method, item_id):
        kind, what = self.faults.get(item_id, (None, None))
        if kind != method:
            return None
        if what == "timeout":
            time.sleep(SLOW_SECONDS)
            return 200, "application/json", b"{}"
        if what == "bad-json":
            return 200, "application/json", b"<html>Jellyfin is starting</html>"
        return what, "text/plain", b"Error"

    def list_items(self, query):
        fields = {name for name in query.get("Fields", "").split(",") if name}
        shown = set().union(*(GATED.get(name, []) for name in fields))
        ids = query["ids"].split(",") if "ids" in query else None
        for item_id in ids or []:
            if (failure := self.fault("GET", item_id)) is not None:
                return failure
        with self.lock:
            if ids is not None:
                items = [self.items[i] for i in ids if i in self.items]
                start, total = 0, len(items)
            else:
                everything = [
                    i for i in self.items.values() if i["Type"] == query.get("IncludeItemTypes", "Movie")
                ]
                start = int(query.get("StartIndex", 0))
                limit = int(query.get("Limit", len(everything)))
                items, total = everything[start : start + limit], len(everything)
            answer = [{k: v for k, v in item.items() if k not in GATED_KEYS or k in shown} for item in items]
        body = {"Items": answer, "TotalRecordCount": total, "StartIndex": start}
        return 200, "application/json", json.dumps(body).encode()

    def update(self, item_id, body):
        if (failure := self.fault("POST", item_id)) is not None:
            return failure
        try:
            sent = json.loads(body)
        except ValueError:
            return 400, "text/plain", b"Bad Request"
        if not isinstance(sent, dict):
            return 400, "text/plain", b"Bad Request"
        with self.lock:
            item = self.items.get(item_id)
            if item is None:
                return 404, "text/plain", b"Not Found"
            for key in REPLACED:
                item[key] = sent.get(key)
            for key in WHEN_SENT:
                if sent.get(key) is not None:
                    item[key] = sent[key]
        return 204, "text/plain", b""


class ListStandIn:
    """The Reelwise list address: CSV at /family/lists/<token>/films.csv, 404 for anything else."""

    def __init__(self, rows, token="s3cret-token"):
        self.rows = rows
        self.token = token
        self.status = 200
        self.text = None  # when set, served instead of the rows

    @contextlib.contextmanager
    def running(self):
        with serve(self.handle) as url:
            self.url = f"{url}/family/lists/{self.token}/films.csv"
            yield self

    def handle(self, method, path, headers, body):
        if path != f"/family/lists/{self.token}/films.csv" or self.status == 404:
            return 404, "text/plain", b"Not Found"
        if self.text is not None:
            return self.status, "text/csv", self.text.encode()
        lines = ["title,year,imdb_id,tmdb_id,age,source"]
        for title, year, imdb_id, tmdb_id in self.rows:
            quoted = f'"{title}"' if "," in title else title
            lines.append(f"{quoted},{year},{imdb_id or ''},{tmdb_id or ''},8,advisory")
        return self.status, "text/csv", ("\n".join(lines) + "\n").encode()


@contextlib.contextmanager
def serve(handle):
    """An HTTP server on 127.0.0.1 and a free port, in a thread, answering with `handle`."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, content_type, payload = handle(self.command, self.path, self.headers, body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        do_GET = do_POST = answer

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
