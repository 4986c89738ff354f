import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from films.importers import ImportFailed
from films.importers.wikipedia import parse_file
from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Credit, Film, Person
from tests.factories import FilmFactory

FIXTURES = Path(__file__).parent / "fixtures" / "wikipedia"
NEVER_LET_ME_GO = FIXTURES / "Never_Let_Me_Go_(2010_film).wiki"

pytestmark = pytest.mark.django_db


def run(*args):
    """Run import_wikipedia; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wikipedia", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    """Run import_wikipedia expecting it to fail; return (CommandError message, stderr)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_wikipedia", *map(str, args), stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue()


def credits(film, role):
    return [
        (c.person.name, c.character, c.note)
        for c in film.credits.filter(role=role).select_related("person").order_by("billing")
    ]


def database_state():
    """Everything an import may write, to compare before and after."""
    return (
        list(Film.objects.values_list("title", "year", "runtime", "budget", "gross", "released_theatrical")),
        list(Person.objects.values_list("name", "wikipedia_title").order_by("pk")),
        list(
            Credit.objects.values_list("film__title", "person__name", "role", "character", "note", "billing")
        ),
    )


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_never_let_me_go_page_gives_the_film_its_facts_people_and_credits():
    run(NEVER_LET_ME_GO)

    film = Film.objects.get(title="Never Let Me Go", year=2010)
    assert film.slug == "never-let-me-go-2010"
    assert film.imdb_id == "tt1334260"
    assert film.runtime == 103
    assert film.released_theatrical == datetime.date(2010, 9, 15)  # the United States release
    assert film.budget == "US$15 million"  # the <ref name="money"/> is gone
    assert film.gross == "US$9.90 million"
    assert credits(film, "director") == [("Mark Romanek", "", "")]
    assert credits(film, "writer") == [("Alex Garland", "", "screenplay"), ("Kazuo Ishiguro", "", "novel")]
    assert credits(film, "composer") == [("Rachel Portman", "", "")]
    assert credits(film, "cinematographer") == [("Adam Kimmel", "", "")]
    assert credits(film, "editor") == [("Barney Pilling", "", "")]
    assert [name for name, _, _ in credits(film, "producer")] == ["Andrew Macdonald", "Allon Reich"]
    assert credits(film, "cast")[:6] == [
        ("Carey Mulligan", "Kathy H", ""),
        ("Isobel Meikle-Small", "young Kathy", ""),
        ("Keira Knightley", "Ruth C", ""),
        ("Ella Purnell", "young Ruth", ""),
        ("Andrew Garfield", "Tommy D", ""),
        ("Charlie Rowe", "young Tommy", ""),
    ]
    assert len(credits(film, "cast")) == 11
    assert list(film.distributors.values_list("name", flat=True)) == ["Fox Searchlight Pictures"]
    assert list(film.studios.values_list("name", flat=True)) == ["DNA Films", "Film4 Productions"]
    assert list(film.countries.values_list("name", flat=True)) == ["United Kingdom"]
    assert list(film.languages.values_list("name", flat=True)) == ["English"]


def test_a_piped_link_gives_the_shown_name_and_remembers_the_article_title():
    run(NEVER_LET_ME_GO)

    producer = Person.objects.get(wikipedia_title="Andrew Macdonald (producer)")
    assert producer.name == "Andrew Macdonald"
    assert Person.objects.get(name="Allon Reich").wikipedia_title is None  # plain text, no link


def test_the_other_release_dates_are_reported_with_their_places():
    out, _ = run(NEVER_LET_ME_GO)

    assert "3 September 2010, Telluride Film Festival" in out
    assert "11 February 2011, United Kingdom" in out


def test_importing_the_same_page_twice_changes_nothing_and_duplicates_nobody():
    run(NEVER_LET_ME_GO)
    before = database_state()

    out, _ = run(NEVER_LET_ME_GO)

    assert database_state() == before
    assert "Never Let Me Go (2010): unchanged" in out
    assert Person.objects.filter(name="Carey Mulligan").count() == 1


def test_after_the_demo_import_keeps_every_editor_fact_and_adds_no_duplicate():
    call_command("load_demo", stdout=io.StringIO())
    before = database_state()

    out, _ = run(NEVER_LET_ME_GO)

    assert database_state() == before
    film = Film.objects.get(slug="never-let-me-go-2010")
    assert film.gross == "US$9.9 million"  # the editors' figure, not the page's "US$9.90 million"
    kept = "kept (changed by an editor): box office gross “US$9.9 million” (the page says “US$9.90 million”)"
    assert kept in out


def test_overwrite_replaces_what_an_editor_entered():
    call_command("load_demo", stdout=io.StringIO())
    people = Person.objects.count()

    run(NEVER_LET_ME_GO, "--overwrite")

    film = Film.objects.get(slug="never-let-me-go-2010")
    assert film.gross == "US$9.90 million"
    assert Person.objects.count() == people
    assert film.credits.filter(person__name="Carey Mulligan", role="cast").count() == 1


def test_a_value_the_import_wrote_follows_the_page_but_a_hand_edit_stays(tmp_path):
    run(NEVER_LET_ME_GO)
    Film.objects.filter(title="Never Let Me Go").update(budget="£10 million")  # an editor's correction
    changed = (
        NEVER_LET_ME_GO.read_text()
        .replace("103 minutes", "104 minutes")
        .replace("US$15 million", "US$16 million")
    )

    out, _ = run(write(tmp_path, "Never_Let_Me_Go_(2010_film).wiki", changed))

    film = Film.objects.get(title="Never Let Me Go")
    assert film.runtime == 104
    assert film.budget == "£10 million"
    assert "runtime (minutes): 103 → 104" in out


def test_a_credit_an_editor_corrected_keeps_its_character():
    run(NEVER_LET_ME_GO)
    Credit.objects.filter(person__name="Carey Mulligan").update(character="Kathy")

    out, _ = run(NEVER_LET_ME_GO)

    assert list(Credit.objects.filter(person__name="Carey Mulligan").values_list("character", flat=True)) == [
        "Kathy"
    ]
    assert "cast Carey Mulligan: character “Kathy” (the page says “Kathy H”)" in out


def test_an_actor_in_two_parts_keeps_both_credits_on_every_import(tmp_path):
    page = write(
        tmp_path,
        "Kind_Hearts_and_Coronets.wiki",
        "{{Infobox film\n| released = {{Film date|1949|6|13|United Kingdom}}\n}}\n"
        "==Cast==\n* [[Dennis Price]] as Louis Mazzini\n"
        "* [[Alec Guinness]] as Ethelred D'Ascoyne\n* [[Alec Guinness]] as Lady Agatha D'Ascoyne\n",
    )

    run(page)
    run(page)

    film = Film.objects.get(title="Kind Hearts and Coronets", year=1949)
    assert sorted(film.credits.filter(person__name="Alec Guinness").values_list("character", flat=True)) == [
        "Ethelred D'Ascoyne",
        "Lady Agatha D'Ascoyne",
    ]


def test_dry_run_says_what_would_change_and_saves_nothing():
    out, _ = run(NEVER_LET_ME_GO, "--dry-run")

    assert "Never Let Me Go (2010): created" in out
    assert "new credit: director Mark Romanek (new person)" in out
    assert "runtime (minutes): 103" in out
    assert "Dry run, nothing saved." in out
    assert not Film.objects.exists()
    assert not Person.objects.exists()


def test_the_film_is_found_by_its_imdb_id_when_the_title_differs():
    film = FilmFactory(title="Never let me go", year=2010, imdb_id="tt1334260", runtime=None)

    run(NEVER_LET_ME_GO)

    assert Film.objects.count() == 1
    film.refresh_from_db()
    assert film.title == "Never let me go"
    assert film.runtime == 103


def test_ubl_br_plainlist_comments_and_refs_are_read_as_lists_of_plain_names():
    run(FIXTURES / "Paddington_2.wiki")

    film = Film.objects.get(title="Paddington 2")  # the infobox name, without its italics
    assert film.year == 2017  # no year in the page title: the first release
    assert film.runtime == 103  # {{Runtime|103}}<!-- minutes -->
    assert film.budget == "US$40 million"  # {{US$|40 million}}
    assert film.gross == "$227.1 million"
    assert film.released_theatrical == datetime.date(2018, 1, 12)
    assert list(film.studios.values_list("name", flat=True)) == ["Heyday Films", "StudioCanal"]
    distributors = sorted(film.distributors.values_list("name", flat=True))
    assert distributors == ["StudioCanal", "Warner Bros. Pictures"]
    assert sorted(film.countries.values_list("name", flat=True)) == ["France", "United Kingdom"]
    assert credits(film, "writer") == [
        ("Paul King", "", ""),
        ("Simon Farnaby", "", ""),
        ("Michael Bond", "", "source material"),
    ]
    assert credits(film, "composer") == [("Dario Marianelli", "", "")]  # the <ref> with a template is gone
    assert credits(film, "cast") == [
        ("Ben Whishaw", "the voice of Paddington", ""),
        ("Hugh Grant", "Phoenix Buchanan", ""),
        ("Brendan Gleeson", "Nuckles McGinty", ""),
    ]  # the commented-out line and the "**" description are not credits
    assert Person.objects.get(name="Paul King").wikipedia_title == "Paul King (director)"
    assert Person.objects.filter(name="Paul King").count() == 1  # director and writer, one person


def test_a_legacy_api_response_is_read_from_its_star_key():
    run(FIXTURES / "The_Iron_Giant.legacy.json")

    film = Film.objects.get(title="The Iron Giant", year=1999)
    assert film.runtime == 87
    assert list(film.studios.values_list("name", flat=True)) == ["Warner Bros. Feature Animation"]
    assert credits(film, "writer") == [
        ("Tim McCanlies", "", "screenplay"),
        ("Brad Bird", "", "story"),
        ("Ted Hughes", "", "novel"),
    ]
    assert credits(film, "cast")[0] == ("Eli Marienthal", "Hogarth Hughes", "")


def test_a_current_api_response_is_read_from_its_main_slot():
    run(FIXTURES / "Wallace_and_Gromit.current.json")

    film = Film.objects.get(title="Wallace & Gromit: The Curse of the Were-Rabbit")  # the page title
    assert film.year == 2005
    assert [name for name, _, _ in credits(film, "director")] == ["Nick Park", "Steve Box"]
    assert list(film.studios.values_list("name", flat=True)) == ["Aardman Animations", "DreamWorks Animation"]
    assert credits(film, "cast") == [
        ("Peter Sallis", "Wallace", ""),
        ("Ralph Fiennes", "Victor Quartermaine", ""),
    ]


def test_without_a_name_the_title_is_the_page_title_less_its_film_part(tmp_path):
    page = "{{Infobox film\n| director = [[John Crowley (director)|John Crowley]]\n| runtime = 111 min\n}}\n"

    run(write(tmp_path, "Brooklyn_(2015_film).wiki", page))

    film = Film.objects.get(title="Brooklyn")
    assert film.year == 2015
    assert credits(film, "director") == [("John Crowley", "", "")]


def test_a_page_about_a_person_fails_naming_the_file_and_changes_nothing():
    message, err = run_failing(FIXTURES / "Ada_Lovelace.wiki")

    assert "Ada_Lovelace.wiki: the page “Ada Lovelace” has no {{Infobox film}}" in err
    assert "1 of 1 files failed" in message
    assert not Film.objects.exists()


def test_bad_json_fails_naming_the_file_and_line():
    _, err = run_failing(FIXTURES / "bad_api_response.json")

    assert "bad_api_response.json, line 1, column " in err
    assert "not valid JSON" in err
    assert not Film.objects.exists()


def test_an_empty_file_fails(tmp_path):
    _, err = run_failing(write(tmp_path, "empty.json", "  \n"))

    assert "empty.json: the file is empty" in err


def test_json_that_is_not_an_api_response_fails(tmp_path):
    _, err = run_failing(write(tmp_path, "other.json", json.dumps({"hello": "world"})))

    assert "other.json: not a MediaWiki API response" in err


def test_a_missing_page_in_an_api_response_fails(tmp_path):
    response = {"query": {"pages": {"-1": {"ns": 0, "title": "No Such Film", "missing": ""}}}}

    _, err = run_failing(write(tmp_path, "missing.json", json.dumps(response)))

    assert "missing.json: the page “No Such Film” does not exist" in err


def test_a_failing_file_does_not_stop_the_others_but_the_command_still_fails():
    message, err = run_failing(FIXTURES / "Ada_Lovelace.wiki", NEVER_LET_ME_GO)

    assert Film.objects.filter(title="Never Let Me Go").exists()
    assert "Ada_Lovelace.wiki" in message
    assert "Never_Let_Me_Go" not in message


def test_a_file_with_one_bad_page_among_good_ones_changes_nothing(tmp_path):
    good = {"title": "Brooklyn (2015 film)", "revisions": [{"*": "{{Infobox film\n| runtime = 111 min\n}}"}]}
    bad = {"title": "Ada Lovelace", "revisions": [{"*": "{{Infobox person}}"}]}
    response = {"query": {"pages": {"1": good, "2": bad}}}

    _, err = run_failing(write(tmp_path, "two.json", json.dumps(response)))

    assert "the page “Ada Lovelace” has no {{Infobox film}}" in err
    assert not Film.objects.exists()


WIKI_PIECES = [
    "{{",
    "}}",
    "[[",
    "]]",
    "|",
    "=",
    "\n",
    "*",
    "**",
    " as ",
    "'''",
    "''",
    "<br>",
    "<br/>",
    "<ref>",
    "</ref>",
    '<ref name="a"/>',
    "<!--",
    "-->",
    "Infobox film",
    "Film date",
    "Based on",
    "Plainlist",
    "ubl",
    "cast list",
    "Runtime",
    "US$",
    "IMDb title",
    "==Cast==",
    "== Cast ==",
    "name",
    "director",
    "starring",
    "released",
    "runtime",
    "budget",
    "based_on",
    "country",
    "2010",
    "9",
    "15",
    "13",
    "0",
    "-1",
    "103 minutes",
    "United States",
    "Festival",
    "(novel)",
    "Carey Mulligan",
    "Kathy H",
    ":",
    "#",
    "(",
    ")",
    ",",
    " ",
    "é",
    "\u200b",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WIKI_PIECES), max_size=60), st.sampled_from(["page.wiki", "page.json"]))
def test_any_wikitext_either_parses_or_fails_with_a_message_naming_the_file(pieces, name):
    text = "{{Infobox film\n| name = X\n" + "".join(pieces) if len(pieces) % 2 else "".join(pieces)

    try:
        films = parse_file(text.encode(), name)
    except ImportFailed as error:
        assert str(error).startswith(name)
    else:
        assert all(film.title and FIRST_FILM_YEAR <= film.year <= LAST_FILM_YEAR for film in films)


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["query", "pages", "revisions", "slots", "main", "*", "content", "title", "missing", "1"]
                ),
                children,
                max_size=3,
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_either_parses_or_fails_with_a_message_naming_the_file(response):
    try:
        parse_file(json.dumps(response).encode(), "api.json")
    except ImportFailed as error:
        assert str(error).startswith("api.json")


def iron_giant_with(tmp_path, pageprops):
    response = json.loads((FIXTURES / "The_Iron_Giant.legacy.json").read_text())
    pages = response["query"]["pages"]
    page = next(iter(pages.values())) if isinstance(pages, dict) else pages[0]
    page["pageprops"] = pageprops
    path = tmp_path / "The_Iron_Giant.json"
    path.write_text(json.dumps(response))
    return str(path)


def test_the_pages_wikidata_item_is_kept_and_matches_the_film_next_time(tmp_path):
    path = iron_giant_with(tmp_path, {"wikibase_item": "Q1140578"})

    call_command("import_wikipedia", path, stdout=io.StringIO())
    film = Film.objects.get(wikidata_id="Q1140578")
    Film.objects.filter(pk=film.pk).update(imdb_id=None, title="The Iron Giant: Signature Edition")
    call_command("import_wikipedia", path, stdout=io.StringIO())

    assert Film.objects.count() == 1


def test_a_malformed_wikidata_item_refuses_the_file(tmp_path):
    path = iron_giant_with(tmp_path, {"wikibase_item": "DROP TABLE"})
    said = io.StringIO()

    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_wikipedia", path, stdout=io.StringIO(), stderr=said)
    assert "malformed Wikidata item: 'DROP TABLE'" in said.getvalue()
    assert not Film.objects.exists()


def test_a_film_whose_title_is_written_with_the_article_last_is_the_same_film():
    FilmFactory(title="Iron Giant, The", year=1999, imdb_id=None)

    call_command("import_wikipedia", str(FIXTURES / "The_Iron_Giant.legacy.json"), stdout=io.StringIO())

    assert Film.objects.count() == 1
