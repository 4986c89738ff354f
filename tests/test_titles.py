import pytest

from films.titles import display_title, match_key, search_document, sort_title, words


@pytest.mark.parametrize(
    ("catalog", "display"),
    [
        ("Godfather, The", "The Godfather"),
        ("Lion King, The", "The Lion King"),
        ("Beautiful Mind, A", "A Beautiful Mind"),
        ("Affair to Remember, An", "An Affair to Remember"),
        ("Signora senza camelie, La", "La signora senza camelie"),
        ("Fabuleux voyage de l'ange, Le", "Le fabuleux voyage de l'ange"),
        ("Homme qui rit, L'", "L'homme qui rit"),
        ("Altra vita, Un'", "Un'altra vita"),
        ("Quatre cents coups, Les", "Les quatre cents coups"),
        ("Bambini ci guardano, I", "I bambini ci guardano"),
        ("Ángel exterminador, El", "El ángel exterminador"),
        ("Pupilas do Senhor Reitor, As", "As pupilas do Senhor Reitor"),
        ("Blechtrommel, Die", "Die Blechtrommel"),
        ("Aanslag, De", "De aanslag"),
        ("Sjunde inseglet, Det", "Det sjunde inseglet"),
        ("Godfather: Part II, The", "The Godfather: Part II"),
        ("Spider, The (1931 serial)", "The Spider (1931 serial)"),
        (
            "Adventures of Priscilla, Queen of the Desert, The",
            "The Adventures of Priscilla, Queen of the Desert",
        ),
        # A name keeps its capital: it is written so again later, or it is in capitals.
        ("Acadie, l'Acadie, L'", "L'Acadie, l'Acadie"),
        ("USA, Le", "Le USA"),
        ("2 deputati, I", "I 2 deputati"),
    ],
)
def test_a_trailing_article_moves_to_the_front(catalog, display):
    assert display_title(catalog) == display


@pytest.mark.parametrize(
    "title",
    [
        "The Godfather",
        "Crouching Tiger, Hidden Dragon",
        "A, B, C, D, A",  # a list, not a title and its article
        "Die, Monster, Die!",
        "Live Fast, Die Young",
        "Weed: Or, A Cancer in the Community",
        "Bar, El Chino",
        "Darling, Darling",
    ],
)
def test_a_title_without_a_trailing_article_stays_as_it_is(title):
    assert display_title(title) == title


@pytest.mark.parametrize(
    ("title", "sorted_as"),
    [
        ("The Godfather", "godfather"),
        ("A Beautiful Mind", "beautiful mind"),
        ("L'homme qui rit", "homme qui rit"),
        ("La signora senza camelie", "signora senza camelie"),
        ("Amélie", "amelie"),
        ("'15'", "15'"),
        ("The", "the"),
        ("Die Hard", "die hard"),  # not the German article
    ],
)
def test_the_sort_title_leaves_out_the_article_case_and_accents(title, sorted_as):
    assert sort_title(title) == sorted_as


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Iron Giant", "Iron Giant, The"),
        ("The Iron Giant", "the iron giant"),
        ("Amélie", "Amelie"),
        ("Spider-Man", "Spiderman"),
        ("Romeo & Juliet", "Romeo and Juliet"),
        ("Monsters, Inc.", "Monsters Inc"),
        ("E.T. the Extra-Terrestrial", "ET: The Extra Terrestrial"),
        ("L'homme qui rit", "Homme qui rit, L'"),
        ("Le fabuleux voyage de l'ange", "Fabuleux voyage de l'ange, Le"),
    ],
)
def test_two_spellings_of_one_title_share_a_match_key(one, other):
    assert match_key(one) == match_key(other)


def test_different_titles_have_different_match_keys():
    assert match_key("Cars") != match_key("Bullet Scars")
    assert match_key("Godfather") != match_key("3 Godfathers")


def test_words_fold_case_accents_and_punctuation():
    assert words("Amélie") == ["amelie"]
    assert words("Monsters, Inc.") == ["monsters", "inc"]
    assert words("Schindler's List") == ["schindlers", "list"]
    assert words("The $50,000 Climax Show") == ["the", "50000", "climax", "show"]
    assert words("Romeo & Juliet") == ["romeo", "and", "juliet"]
    assert words("Ærø Straße") == ["aero", "strasse"]
    assert words("Le fabuleux destin d'Amélie Poulain") == [
        "le",
        "fabuleux",
        "destin",
        "d",
        "amelie",
        "poulain",
    ]
    assert words("Don't Look Now") == ["dont", "look", "now"]


def test_the_search_document_holds_hyphenated_words_both_ways():
    assert search_document("E.T. the Extra-Terrestrial") == "et the extra terrestrial extraterrestrial"
    assert search_document("Spider-Man 2") == "spider man 2 spiderman"
    assert search_document("L'homme qui rit") == "l homme qui rit lhomme"
