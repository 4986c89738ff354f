"""The demo data: *Never Let Me Go* (2010), its facts, our advisory and a few reviews.

Facts come from public sources about the film; every sentence here is our own.
"""

import datetime

NEVER_LET_ME_GO = {
    "title": "Never Let Me Go",
    "year": 2010,
    "runtime": 103,
    "imdb_id": "tt1334260",
    "synopsis": (
        "Kathy, Ruth and Tommy grow up together at Hailsham, an English boarding school "
        "that keeps its pupils healthy for a reason nobody says aloud. As young adults they "
        "learn what their lives are for, and how little time they have to love each other."
    ),
    "released_theatrical": datetime.date(2010, 9, 15),
    "released_home": datetime.date(2011, 2, 1),
    "budget": "US$15 million",
    "gross": "US$9.9 million",
    "genres": ["Drama", "Romance", "Science fiction"],
    "countries": ["United Kingdom"],
    "languages": ["English"],
    "studios": ["DNA Films", "Film4 Productions"],
    "distributors": ["Fox Searchlight Pictures"],
    "certificates": [("MPA", "R", "some sexuality and nudity")],
    # (role, name, Wikipedia title or None, character, note)
    "credits": [
        ("director", "Mark Romanek", "Mark Romanek", "", ""),
        ("writer", "Alex Garland", "Alex Garland", "", "screenplay"),
        ("writer", "Kazuo Ishiguro", "Kazuo Ishiguro", "", "novel"),
        ("producer", "Andrew Macdonald", "Andrew Macdonald (producer)", "", ""),
        ("producer", "Allon Reich", None, "", ""),
        ("composer", "Rachel Portman", "Rachel Portman", "", ""),
        ("cinematographer", "Adam Kimmel", None, "", ""),
        ("editor", "Barney Pilling", "Barney Pilling", "", ""),
        ("cast", "Carey Mulligan", "Carey Mulligan", "Kathy H", ""),
        ("cast", "Isobel Meikle-Small", "Isobel Meikle-Small", "young Kathy", ""),
        ("cast", "Keira Knightley", "Keira Knightley", "Ruth C", ""),
        ("cast", "Ella Purnell", "Ella Purnell", "young Ruth", ""),
        ("cast", "Andrew Garfield", "Andrew Garfield", "Tommy D", ""),
        ("cast", "Charlie Rowe", "Charlie Rowe", "young Tommy", ""),
        ("cast", "Sally Hawkins", "Sally Hawkins", "Miss Lucy", ""),
        ("cast", "Charlotte Rampling", "Charlotte Rampling", "Miss Emily", ""),
        ("cast", "Nathalie Richard", "Nathalie Richard", "Madame", ""),
        ("cast", "Domhnall Gleeson", "Domhnall Gleeson", "Rodney", ""),
        ("cast", "Andrea Riseborough", "Andrea Riseborough", "Chrissie", ""),
    ],
    # (text, is_spoiler)
    "trivia": [
        (
            "The novel was Carey Mulligan's favourite book, and she lobbied hard to be cast "
            "as Kathy once she heard a film was planned.",
            False,
        ),
        (
            "Mulligan took an intensive two-week course to learn to drive for the part. She "
            "did not pass the test, so her driving scene was filmed on a private road.",
            False,
        ),
        (
            "Alex Garland asked Kazuo Ishiguro for the film rights before he had even reached "
            "the end of the book.",
            False,
        ),
        (
            "Rachel Portman wrote the score for a small orchestra of 48 players, with solo "
            "violin and cello, to keep it intimate.",
            False,
        ),
        ("The story is set across three years: 1978, 1985 and 1994.", False),
        (
            "The beach scenes were partly shot at Holkham in Norfolk, where Keira Knightley "
            "had filmed The Duchess a few years before.",
            False,
        ),
        (
            "The film drops a thread from the novel: the students were made unable to have "
            "children, which is what Kathy's favourite song is really about.",
            True,
        ),
        (
            "In the shooting script it is Madame, not Ruth, who sees young Kathy hugging a "
            "pillow to the song; the change was made during filming.",
            True,
        ),
    ],
}

ALTERNATIVE_FILMS = [
    {
        "title": "An Education",
        "year": 2009,
        "runtime": 100,
        "genres": ["Drama", "Romance"],
        "countries": ["United Kingdom"],
        "languages": ["English"],
        "certificates": [("MPA", "PG-13", "")],
        "reason": "Carey Mulligan again, as a schoolgirl in 1960s London learning that "
        "grown-up life comes with a price.",
    },
    {
        "title": "Atonement",
        "year": 2007,
        "runtime": 123,
        "genres": ["Drama", "Romance"],
        "countries": ["United Kingdom"],
        "languages": ["English"],
        "certificates": [("MPA", "R", "")],
        "reason": "Keira Knightley in another literary English love story that turns on a "
        "childhood moment and what it costs later.",
    },
    {
        "title": "Brooklyn",
        "year": 2015,
        "runtime": 111,
        "genres": ["Drama", "Romance"],
        "countries": ["United Kingdom", "Ireland", "Canada"],
        "languages": ["English"],
        "certificates": [("MPA", "PG-13", "")],
        "reason": "A gentler coming-of-age romance about leaving home, with far less to "
        "worry about for younger teens.",
    },
]

ADVISORY = {
    "age": 15,
    "stars": 4,
    "one_liner": "A quiet, heartbreaking love story about students raised for a grim purpose.",
    "parents_need_to_know": (
        "This is a slow, sombre British drama with a science-fiction idea at its centre: "
        "the children at its boarding school exist to give their organs away as young "
        "adults. The premise is disturbing rather than frightening, and the mood stays "
        "sad to the end, with characters dying after surgery.\n\n"
        "Sex is the main concern for younger viewers. The three friends are curious about "
        "it from childhood, and as teenagers two of them have sex in brief scenes with "
        "sounds and a glimpse of a bare breast; a teenage girl also leafs through a "
        "magazine with nude photos. There is almost no swearing and very little violence. "
        "Thoughtful older teens, especially readers of the novel, will find a lot to talk "
        "about."
    ),
    "story": (
        "Kathy (Carey Mulligan) looks back on her childhood at Hailsham, a strict and "
        "oddly sheltered boarding school. She loves Tommy (Andrew Garfield), but her "
        "friend Ruth (Keira Knightley) wins him first. A new teacher tells the pupils the "
        "truth about the future planned for them, and the three grow up carrying it. Years "
        "later, hearing a rumour that couples in real love can earn a few more years, "
        "Kathy and Tommy set out to learn whether it is true."
    ),
    "is_it_any_good": (
        "Beautifully acted and carefully made. Mark Romanek keeps the film hushed and "
        "restrained, and the three leads make every small look count. Its chill is also "
        "its limit: the film holds viewers at a distance, and the sadness never lifts.\n\n"
        "For teenagers who can sit with a slow pace, it raises big questions about what "
        "makes a life worth living, and why people accept unfair rules without a fight."
    ),
    # category key: (score, note)
    "ratings": {
        "positive_messages": (
            3,
            "Every life has value, however short; kindness and loyalty between friends "
            "matter more than anything they are given.",
        ),
        "role_models": (
            2,
            "Kathy is patient, loyal and caring, but passive; Ruth is jealous and "
            "manipulative before she makes amends. The adults mostly go along with a "
            "cruel system.",
        ),
        "violence": (
            2,
            "No fights, but an angry outburst, an accidental slap, hospital scenes after "
            "operations, and characters who die. The sense of threat is constant and quiet.",
        ),
        "sex": (
            3,
            "Teenagers have sex in two brief scenes with moaning and partial nudity (a "
            "breast). A girl looks at a magazine with photos of naked women. Children kiss "
            "and talk about sex.",
        ),
        "language": (1, "A handful of mild exclamations such as “Oh my God.”"),
        "consumerism": (1, "Teenagers order Coca-Cola in a café; nothing more."),
        "drinking": (
            1,
            "Cigarettes turn up in the school grounds, and pupils gossip about who smoked them.",
        ),
    },
    "prompts": [
        "The students rarely question what is planned for them. Why might that be, and "
        "when is it right to push back against rules?",
        "How do Kathy, Ruth and Tommy learn about love and sex? Where could they have found better answers?",
        "Does the film leave you hopeful or hopeless? What would you have wanted the characters to do?",
    ],
}

# (username, birth year, birth month, review)
REVIEWS = [
    (
        "maple_parent",
        1979,
        4,
        {
            "stars": 4,
            "age_recommendation": 15,
            "title": "Gorgeous and very sad",
            "body": "We watched it with our 16-year-old after she read the book for school. "
            "The love scenes are short but clear, so I would wait until mid-teens. It led "
            "to a long talk about fairness at dinner.",
            "flags": ["great_messages", "too_much_sex"],
        },
    ),
    (
        "dad_of_three",
        1983,
        9,
        {
            "stars": 3,
            "age_recommendation": 16,
            "title": "Beautiful, but slow for most kids",
            "body": "Little swearing or violence, yet the idea behind it upset my son more "
            "than any horror film. Watch it first if your teen is sensitive.",
            "flags": ["too_much_sex"],
        },
    ),
    (
        "quiet_reader",
        2011,
        3,
        {
            "stars": 5,
            "age_recommendation": 13,
            "title": "Stayed with me for days",
            "body": "It is slow, and the sex scenes are brief. What got to me was how calm "
            "everyone is about what happens to them. I cried at the end.",
            "flags": ["great_messages", "great_role_models"],
        },
    ),
    (
        "film_club_teen",
        2010,
        11,
        {
            "stars": 4,
            "age_recommendation": 14,
            "title": "Sad but worth it",
            "body": "Not much happens on the surface, but the acting is amazing. Younger "
            "kids would be bored and maybe scared by the hospital parts.",
            "flags": ["too_much_sex"],
        },
    ),
]
