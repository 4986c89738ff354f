"""The home sync program against a Jellyfin stand-in: the child's tag on exactly the listed films."""

import copy
import io
import subprocess
import sys
from pathlib import Path

import pytest

from homesync import reelwise_jellyfin_sync as sync
from tests.jellyfin_standin import JellyfinStandIn, ListStandIn, movie

PROGRAM = Path(sync.__file__)
KEY = "admin-key"
TOY_STORY, TAXI_DRIVER, LEON, PULP_FICTION, DARK_KNIGHT = (f"{n:032x}" for n in range(1, 6))
LISTED = [
    ("Toy Story", 1995, "tt0114709", 862),  # the library knows its IMDb id
    ("Taxi Driver", 1976, "tt0075314", 103),  # the library knows only its TMDb id
    ("Léon: The Professional", 1994, None, None),  # no id: by title and year
    ("Not In The Library", 2001, "tt9999999", 1),
]


def library():
    films = [
        movie(TOY_STORY, "Toy Story", 1995, imdb="tt0114709", tmdb="862"),
        movie(TAXI_DRIVER, "Taxi Driver", 1976, tmdb="103"),
        movie(LEON, "Leon - the Professional", 1994),
        movie(PULP_FICTION, "Pulp Fiction", 1994, imdb="tt0110912", tags=["reelwise-maya", "favourite"]),
        movie(DARK_KNIGHT, "The Dark Knight", 2008, imdb="tt0468569", tags=["reelwise-sam"]),
    ]
    # Enough films for three pages of 200.
    films += [movie(f"{n:032x}", f"Filler {n}", 2000) for n in range(100, 545)]
    return films


@pytest.fixture
def jellyfin():
    with JellyfinStandIn(library(), api_key=KEY).running() as server:
        yield server


@pytest.fixture
def maya_list():
    with ListStandIn(copy.deepcopy(LISTED)).running() as listing:
        yield listing


def run(jellyfin, listing, *more, nickname="Maya", key=KEY):
    """Run the program in this process: (exit code, what it printed)."""
    out = io.StringIO()
    argv = [
        "--list-url",
        listing.url,
        "--server",
        jellyfin.url,
        "--nickname",
        nickname,
        "--api-key",
        key,
        *more,
    ]
    code = sync.main(argv, out=out)
    return code, out.getvalue()


def tagged(jellyfin, tag="reelwise-maya"):
    return sorted(item["Name"] for item in jellyfin.items.values() if tag in item["Tags"])


def without_tags(items):
    return {item_id: {k: v for k, v in item.items() if k != "Tags"} for item_id, item in items.items()}


def test_the_tag_lands_on_exactly_the_listed_films_found_by_imdb_tmdb_and_title(jellyfin, maya_list):
    before = jellyfin.snapshot()

    code, out = run(jellyfin, maya_list)

    assert code == 0
    assert tagged(jellyfin) == ["Leon - the Professional", "Taxi Driver", "Toy Story"]
    assert jellyfin.tags(PULP_FICTION) == ["favourite"]  # no longer listed: untagged, its own tag kept
    assert jellyfin.tags(DARK_KNIGHT) == ["reelwise-sam"]  # another child's tag is left alone
    assert without_tags(jellyfin.items) == without_tags(before)  # overview, ratings, ids... all kept
    assert "+ Toy Story (1995): added reelwise-maya" in out
    assert "- Pulp Fiction (1994): removed reelwise-maya" in out
    assert "1 listed films are not in the library." in out
    assert (
        "4 films listed, 3 found in the library of 450 films: reelwise-maya added on 3, removed from 1."
        in out
    )


def test_the_library_is_read_page_by_page(jellyfin, maya_list):
    run(jellyfin, maya_list, "--dry-run")

    pages = [path for method, path in jellyfin.requests if "StartIndex=" in path]
    assert [p.split("StartIndex=")[1].split("&")[0] for p in pages] == ["0", "200", "400"]
    assert all("Fields=ProviderIds%2CTags" in p and "Limit=200" in p for p in pages)


def test_a_second_run_changes_nothing(jellyfin, maya_list):
    run(jellyfin, maya_list)
    after_first = jellyfin.snapshot()
    posts = len(jellyfin.posts())

    code, out = run(jellyfin, maya_list)

    assert code == 0
    assert len(jellyfin.posts()) == posts
    assert jellyfin.snapshot() == after_first
    assert "reelwise-maya added on 0, removed from 0." in out


def test_a_film_no_longer_listed_loses_the_tag_on_the_next_run(jellyfin, maya_list):
    run(jellyfin, maya_list)
    maya_list.rows = [row for row in maya_list.rows if row[0] != "Taxi Driver"]

    code, out = run(jellyfin, maya_list)

    assert code == 0
    assert tagged(jellyfin) == ["Leon - the Professional", "Toy Story"]
    assert "- Taxi Driver (1976): removed reelwise-maya" in out


def test_an_empty_list_takes_the_tag_off_every_film(jellyfin, maya_list):
    maya_list.rows = []

    code, _ = run(jellyfin, maya_list)

    assert code == 0
    assert tagged(jellyfin) == []
    assert jellyfin.tags(DARK_KNIGHT) == ["reelwise-sam"]


def test_a_dry_run_prints_the_plan_and_changes_nothing(jellyfin, maya_list):
    before = jellyfin.snapshot()

    code, out = run(jellyfin, maya_list, "--dry-run")

    assert code == 0
    assert jellyfin.snapshot() == before and jellyfin.posts() == []
    assert "+ Taxi Driver (1976): would add reelwise-maya" in out
    assert "- Pulp Fiction (1994): would remove reelwise-maya" in out
    assert "Dry run, nothing changed." in out and "to add on 3, to remove from 1." in out


def test_the_nickname_becomes_a_tag_of_plain_letters(jellyfin, maya_list):
    code, _ = run(jellyfin, maya_list, nickname="Zoë Anne")

    assert code == 0
    assert tagged(jellyfin, "reelwise-zoe-anne") == ["Leon - the Professional", "Taxi Driver", "Toy Story"]


def test_two_library_films_with_the_listed_title_and_year_are_neither_tagged(jellyfin, maya_list):
    jellyfin.items["f" * 32] = movie("f" * 32, "Léon: the professional", 1994)

    code, out = run(jellyfin, maya_list)

    assert code == 0
    assert tagged(jellyfin) == ["Taxi Driver", "Toy Story"]
    assert "? Léon: The Professional (1994): the library has several films with this title and year" in out


def test_a_library_film_with_the_title_but_another_imdb_id_is_not_the_listed_film(jellyfin, maya_list):
    jellyfin.items[TOY_STORY]["ProviderIds"] = {"Imdb": "tt0000001"}  # a namesake

    code, out = run(jellyfin, maya_list)

    assert code == 0
    assert tagged(jellyfin) == ["Leon - the Professional", "Taxi Driver"]
    assert "2 listed films are not in the library." in out


def test_every_version_of_a_film_with_the_listed_imdb_id_is_tagged(jellyfin, maya_list):
    jellyfin.items["d" * 32] = movie("d" * 32, "Toy Story (Director's cut)", 1995, imdb="tt0114709")

    run(jellyfin, maya_list)

    assert tagged(jellyfin) == [
        "Leon - the Professional",
        "Taxi Driver",
        "Toy Story",
        "Toy Story (Director's cut)",
    ]


def test_a_wrong_api_key_is_refused_and_nothing_changes(jellyfin, maya_list):
    before = jellyfin.snapshot()

    code, out = run(jellyfin, maya_list, key="not-the-key")

    assert code == sync.EXIT_SERVER
    assert "401 the API key was refused. Nothing was changed." in out
    assert jellyfin.snapshot() == before


def test_each_failing_film_is_reported_and_left_whole_while_the_others_change(jellyfin, maya_list):
    jellyfin.faults = {
        TOY_STORY: ("POST", 500),
        TAXI_DRIVER: ("GET", "timeout"),
        LEON: ("GET", "bad-json"),
        PULP_FICTION: ("POST", 404),
    }
    maya_list.rows.append(("The Dark Knight", 2008, "tt0468569", None))
    before = jellyfin.snapshot()

    code, out = run(jellyfin, maya_list, "--timeout", "1")

    assert code == sync.EXIT_FAILURES
    assert (
        "! Toy Story (1995): not changed, could not add reelwise-maya (POST /Items/" in out and "500" in out
    )
    assert (
        "! Taxi Driver (1976): not changed, could not add reelwise-maya (GET /Items: no answer within 1 s)"
        in out
    )
    assert "! Leon - the Professional (1994): not changed" in out and "the answer is not JSON" in out
    assert "! Pulp Fiction (1994): not changed, could not remove reelwise-maya" in out and "404" in out
    for item_id in (TOY_STORY, TAXI_DRIVER, LEON, PULP_FICTION):
        assert jellyfin.items[item_id] == before[item_id]
    assert jellyfin.tags(DARK_KNIGHT) == ["reelwise-sam", "reelwise-maya"]
    assert "added on 1, removed from 0; 4 failed." in out


def test_an_item_that_vanished_since_the_listing_is_reported(jellyfin, maya_list):
    original = jellyfin.list_items

    def listing_then_gone(query):
        if "ids" in query:
            jellyfin.items.pop(TOY_STORY, None)
        return original(query)

    jellyfin.list_items = listing_then_gone

    code, out = run(jellyfin, maya_list)

    assert code == sync.EXIT_FAILURES
    assert "! Toy Story (1995): not changed" in out and "the item is not in the answer" in out
    assert tagged(jellyfin) == ["Leon - the Professional", "Taxi Driver"]


@pytest.mark.parametrize(
    ("status", "text", "expected"),
    [
        (404, None, "404 Not Found (was the list's address replaced or revoked?)"),
        (200, "name,year\nToy Story,1995\n", "not a Reelwise films.csv (no column title, imdb_id, tmdb_id)"),
        (
            200,
            "title,year,imdb_id,tmdb_id,age,source\nToy Story,1995,nm0001,,8,x\n",
            "line 2: “nm0001” is not",
        ),
        (200, "title,year,imdb_id,tmdb_id,age,source\nToy Story,MCMXCV,,,8,x\n", "the year “MCMXCV” is not"),
    ],
)
def test_a_list_that_cannot_be_read_changes_nothing(jellyfin, maya_list, status, text, expected):
    maya_list.status, maya_list.text = status, text

    code, out = run(jellyfin, maya_list)

    assert code == sync.EXIT_USAGE
    assert expected in out and "Nothing was changed." in out
    assert jellyfin.requests == []


def test_a_media_server_that_is_not_there_is_reported(maya_list):
    with JellyfinStandIn([]).running() as gone:
        url = gone.url
    out = io.StringIO()

    code = sync.main(
        ["--list-url", maya_list.url, "--server", url, "--nickname", "m", "--api-key", KEY], out=out
    )

    assert code == sync.EXIT_SERVER
    assert "cannot connect" in out.getvalue()


def test_the_program_runs_on_the_standard_library_alone_with_the_key_from_the_environment(
    jellyfin, maya_list
):
    # -I -S: no site-packages, no current directory on the path, no PYTHON* variables.
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(PROGRAM),
            "--list-url",
            maya_list.url,
            "--server",
            jellyfin.url,
            "--nickname",
            "Maya",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"JELLYFIN_API_KEY": KEY},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert tagged(jellyfin) == ["Leon - the Professional", "Taxi Driver", "Toy Story"]


def test_without_an_api_key_the_program_says_how_to_give_one(maya_list, monkeypatch, capsys):
    monkeypatch.delenv("JELLYFIN_API_KEY", raising=False)

    with pytest.raises(SystemExit) as exit:
        sync.main(["--list-url", maya_list.url, "--server", "http://127.0.0.1:1", "--nickname", "Maya"])

    assert exit.value.code == sync.EXIT_USAGE
    assert "give --api-key or set JELLYFIN_API_KEY" in capsys.readouterr().err


def test_the_standin_clears_what_a_partial_update_leaves_out_and_refuses_a_missing_token(jellyfin):
    # What makes the sync's "nothing else changed" test able to fail.
    server = sync.MediaServer(jellyfin.url, KEY, timeout=5)
    server.request("POST", f"/Items/{TOY_STORY}", body={"Id": TOY_STORY, "Name": "Toy Story", "Tags": ["x"]})
    stranger = sync.MediaServer(jellyfin.url, "", timeout=5)

    assert jellyfin.items[TOY_STORY]["Overview"] is None
    assert jellyfin.items[TOY_STORY]["ProviderIds"] == {"Imdb": "tt0114709", "Tmdb": "862"}
    with pytest.raises(sync.Failed) as refused:
        stranger.request("GET", "/Items")
    assert refused.value.status == 401
    with pytest.raises(sync.Failed) as unknown:
        server.request("POST", "/Items/" + "e" * 32, body={"Id": "e" * 32})
    assert unknown.value.status == 404
