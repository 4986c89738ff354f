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

# More films with published advisories, so that the home and browse pages have something
# to show after `make run`. Facts from public sources; every sentence is our own.
MORE_FILMS = [
    {
        "title": "My Neighbor Totoro",
        "year": 1988,
        "runtime": 86,
        "synopsis": (
            "Two sisters move to an old country house with their father while their mother "
            "recovers in hospital, and discover that the forest nearby is home to gentle, "
            "enormous spirits."
        ),
        "released_theatrical": datetime.date(1988, 4, 16),
        "genres": ["Animation", "Fantasy", "Family"],
        "countries": ["Japan"],
        "languages": ["Japanese"],
        "studios": ["Studio Ghibli"],
        "distributors": ["Toho"],
        "certificates": [("MPA", "G", "")],
        "credits": [
            ("director", "Hayao Miyazaki", None, "", ""),
            ("writer", "Hayao Miyazaki", None, "", "screenplay"),
            ("composer", "Joe Hisaishi", None, "", ""),
            ("cast", "Noriko Hidaka", None, "Satsuki Kusakabe", ""),
            ("cast", "Chika Sakamoto", None, "Mei Kusakabe", ""),
            ("cast", "Shigesato Itoi", None, "Tatsuo Kusakabe", ""),
            ("cast", "Hitoshi Takagi", None, "Totoro", ""),
        ],
        "trivia": [("Totoro became Studio Ghibli's emblem: he appears in the studio's logo.", False)],
        "advisory": {
            "age": 4,
            "stars": 5,
            "one_liner": "A gentle, wonder-filled tale of two sisters and a friendly forest spirit.",
            "parents_need_to_know": (
                "A calm, kind film that suits even very young children. The only real worry "
                "in it is the girls' mother being ill in hospital, and a stretch near the end "
                "when the younger sister goes missing. Nobody is cruel, nothing is violent, "
                "and the creatures are more cuddly than scary, though a few big roars and a "
                "thunderstorm may startle toddlers."
            ),
            "story": (
                "Satsuki and her little sister Mei move to the countryside with their father "
                "to be near the hospital where their mother is getting better. Exploring the "
                "garden, Mei stumbles on Totoro, a huge furry spirit who lives in a camphor "
                "tree, and soon both girls are sharing umbrellas and night-time adventures "
                "with him."
            ),
            "is_it_any_good": (
                "A true classic. It has almost no plot in the usual sense, and it does not "
                "need one: the film captures how children play, worry and wonder, and it "
                "takes their feelings seriously. Adults tend to love it as much as children do."
            ),
            "ratings": {
                "positive_messages": (
                    5,
                    "Family members look after each other; curiosity and kindness are rewarded.",
                ),
                "role_models": (
                    5,
                    "A patient, loving father and a big sister who steps up when things go wrong.",
                ),
                "violence": (1, "A storm, some loud roars and a frightening search for a lost child."),
                "sex": (0, "Nothing at all."),
                "language": (0, "Nothing at all."),
                "consumerism": (1, "None in the film, though Totoro toys are everywhere."),
                "drinking": (0, "Nothing at all."),
            },
            "prompts": [
                "How do Satsuki and Mei cope with missing their mother?",
                "Is Totoro real, or something the girls imagine? Does it matter?",
            ],
        },
    },
    {
        "title": "Paddington 2",
        "year": 2017,
        "runtime": 103,
        "synopsis": (
            "Paddington takes odd jobs to buy his aunt a pop-up book for her hundredth "
            "birthday, and ends up in prison when the book is stolen."
        ),
        "released_theatrical": datetime.date(2017, 11, 10),
        "genres": ["Comedy", "Family", "Adventure"],
        "countries": ["United Kingdom", "France"],
        "languages": ["English"],
        "studios": ["Heyday Films", "StudioCanal"],
        "distributors": ["StudioCanal", "Warner Bros. Pictures"],
        "certificates": [("MPA", "PG", "some action and mild rude humor")],
        "credits": [
            ("director", "Paul King", None, "", ""),
            ("writer", "Paul King", None, "", "screenplay"),
            ("writer", "Simon Farnaby", None, "", "screenplay"),
            ("writer", "Michael Bond", None, "", "characters"),
            ("cast", "Ben Whishaw", None, "Paddington (voice)", ""),
            ("cast", "Hugh Grant", None, "Phoenix Buchanan", ""),
            ("cast", "Hugh Bonneville", None, "Henry Brown", ""),
            ("cast", "Sally Hawkins", "Sally Hawkins", "Mary Brown", ""),
            ("cast", "Brendan Gleeson", None, "Knuckles McGinty", ""),
            ("cast", "Julie Walters", None, "Mrs Bird", ""),
        ],
        "advisory": {
            "age": 6,
            "stars": 5,
            "one_liner": "A warm, very funny caper about a polite bear who brings out the best in people.",
            "parents_need_to_know": (
                "A sweet-natured family comedy with lots of slapstick. Paddington is wrongly "
                "sent to prison, which may worry the youngest viewers, and the finale on a "
                "runaway train puts him in real danger underwater for a few tense moments. "
                "The villain is a vain actor played for laughs rather than menace."
            ),
            "story": (
                "Settled with the Browns in London, Paddington wants the perfect present for "
                "Aunt Lucy's hundredth birthday: an antique pop-up book of the city. When a "
                "thief breaks into the shop and steals it, Paddington is blamed and locked "
                "up, and the Browns set out to find the real culprit."
            ),
            "is_it_any_good": (
                "Delightful from start to finish: inventive, beautifully designed and "
                "genuinely funny for grown-ups too. Hugh Grant clearly relishes his part, and "
                "the film's belief in good manners and kindness never feels preachy."
            ),
            "ratings": {
                "positive_messages": (
                    5,
                    "If we are kind and polite, the world will be right: the film means it.",
                ),
                "role_models": (4, "Paddington is generous and honest; the Browns stand by him."),
                "violence": (2, "Slapstick falls, a chase, and a near-drowning in the finale."),
                "sex": (0, "Nothing beyond a married couple's affection."),
                "language": (1, "Mild insults such as “idiot”."),
                "consumerism": (1, "Marmalade sandwiches, and the film's own toys."),
                "drinking": (0, "Nothing of note."),
            },
            "prompts": [
                "How does Paddington change the prisoners he meets?",
                "Why do some neighbours distrust Paddington? Have you ever been judged unfairly?",
            ],
        },
    },
    {
        "title": "The Iron Giant",
        "year": 1999,
        "runtime": 86,
        "synopsis": (
            "In 1957 Maine, a boy befriends a giant metal robot that fell from the sky, "
            "and hides him from a government agent who sees only a weapon."
        ),
        "released_theatrical": datetime.date(1999, 8, 6),
        "genres": ["Animation", "Science fiction", "Family"],
        "countries": ["United States"],
        "languages": ["English"],
        "studios": ["Warner Bros. Feature Animation"],
        "distributors": ["Warner Bros. Pictures"],
        "certificates": [("MPA", "PG", "fantasy action and mild language")],
        "credits": [
            ("director", "Brad Bird", None, "", ""),
            ("writer", "Tim McCanlies", None, "", "screenplay"),
            ("writer", "Brad Bird", None, "", "story"),
            ("writer", "Ted Hughes", None, "", "book, The Iron Man"),
            ("cast", "Eli Marienthal", None, "Hogarth Hughes", ""),
            ("cast", "Jennifer Aniston", None, "Annie Hughes", ""),
            ("cast", "Harry Connick Jr.", None, "Dean McCoppin", ""),
            ("cast", "Vin Diesel", None, "The Iron Giant", ""),
            ("cast", "Christopher McDonald", None, "Kent Mansley", ""),
        ],
        "trivia": [
            ("The film is loosely based on Ted Hughes's 1968 children's book The Iron Man.", False),
            ("To save the town, the Giant flies up to meet a nuclear missile, thinking of Superman.", True),
        ],
        "advisory": {
            "age": 8,
            "stars": 5,
            "one_liner": "A moving Cold War fable about a boy, a robot and choosing who you want to be.",
            "parents_need_to_know": (
                "An animated adventure with real emotional weight. There are tense scenes of "
                "the army attacking the Giant with tanks and guns, a deer shot by hunters, "
                "and a nuclear missile heading for the town. The Giant seems to sacrifice "
                "himself at the end, which can upset young children, though the last scene "
                "offers hope."
            ),
            "story": (
                "Nine-year-old Hogarth finds a huge robot from space in the woods near his "
                "home and teaches him about the world. A paranoid government agent is sure "
                "the Giant is a Soviet weapon and calls in the army, forcing the Giant to "
                "decide whether he is a gun or something better."
            ),
            "is_it_any_good": (
                "One of the best animated films of its decade: funny, exciting and sincere, "
                "with a clear message against fear and violence. Younger children may need a "
                "hand to hold in the final act."
            ),
            "ratings": {
                "positive_messages": (
                    5,
                    "“You are who you choose to be”: violence is a choice, and so is kindness.",
                ),
                "role_models": (4, "Hogarth is brave and loyal; his mother works hard and listens."),
                "violence": (3, "Military attacks, explosions, a dead deer and a threatened nuclear strike."),
                "sex": (0, "Nothing at all."),
                "language": (2, "A few words such as “hell” and “damn”."),
                "consumerism": (0, "Nothing of note."),
                "drinking": (1, "Adults drink coffee laced with a sleeping pill; a man smokes."),
            },
            "prompts": [
                "Why does Kent Mansley assume the Giant is dangerous?",
                "What does the Giant mean when he says he is not a gun?",
            ],
        },
    },
    {
        "title": "Jaws",
        "year": 1975,
        "runtime": 124,
        "synopsis": (
            "A great white shark attacks swimmers off a New England resort island, and the "
            "police chief, a marine biologist and a fisherman go out to hunt it."
        ),
        "released_theatrical": datetime.date(1975, 6, 20),
        "genres": ["Thriller", "Adventure"],
        "countries": ["United States"],
        "languages": ["English"],
        "studios": ["Zanuck/Brown Productions"],
        "distributors": ["Universal Pictures"],
        "certificates": [("MPA", "PG", "")],
        "credits": [
            ("director", "Steven Spielberg", None, "", ""),
            ("writer", "Peter Benchley", None, "", "screenplay and novel"),
            ("writer", "Carl Gottlieb", None, "", "screenplay"),
            ("composer", "John Williams", None, "", ""),
            ("cast", "Roy Scheider", None, "Martin Brody", ""),
            ("cast", "Robert Shaw", None, "Quint", ""),
            ("cast", "Richard Dreyfuss", None, "Matt Hooper", ""),
            ("cast", "Lorraine Gary", None, "Ellen Brody", ""),
            ("cast", "Murray Hamilton", None, "Larry Vaughn", ""),
        ],
        "trivia": [
            ("The crew called the mechanical shark Bruce, after Steven Spielberg's lawyer.", False),
            (
                "The shark kept breaking down in salt water, so Spielberg showed it far less "
                "than planned, which made the film scarier.",
                False,
            ),
        ],
        "advisory": {
            "age": 13,
            "stars": 5,
            "one_liner": "The original summer blockbuster: terrifying, gripping and still a masterclass.",
            "parents_need_to_know": (
                "Rated PG in 1975, but far more frightening than most films with that rating "
                "today. People, including a child, are killed by the shark, with blood in the "
                "water and a severed leg; the final attack is gruesome. The opening scene "
                "shows a young woman skinny-dipping (no explicit nudity). There is some "
                "strong language and plenty of drinking and smoking."
            ),
            "story": (
                "When a swimmer is killed off Amity Island, police chief Martin Brody wants "
                "the beaches closed, but the mayor fears for the summer trade. After more "
                "deaths, Brody heads to sea with the young scientist Hooper and the hardened "
                "shark hunter Quint."
            ),
            "is_it_any_good": (
                "Brilliantly made: the suspense comes from what you do not see, and the "
                "three men on the boat are great company. It may put sensitive viewers off "
                "swimming in the sea for good."
            ),
            "ratings": {
                "positive_messages": (
                    3,
                    "Doing the right thing over the profitable thing; courage in the face of fear.",
                ),
                "role_models": (
                    3,
                    "Brody is afraid of water yet goes anyway; the mayor puts money before lives.",
                ),
                "violence": (
                    4,
                    "Bloody shark attacks, a child's death, a severed limb and a man eaten alive.",
                ),
                "sex": (1, "A nude swimmer seen from a distance at night; a married couple flirts."),
                "language": (3, "Several uses of “son of a bitch” and other strong words."),
                "consumerism": (1, "Little of note."),
                "drinking": (3, "Heavy drinking and smoking on the boat, and in town."),
            },
            "prompts": [
                "Why does the mayor want to keep the beaches open? Who is responsible for the deaths?",
                "Why is a shark you barely see scarier than one you see all the time?",
            ],
        },
    },
    {
        "title": "Inside Out",
        "year": 2015,
        "runtime": 95,
        "synopsis": (
            "Inside the mind of an eleven-year-old who has just moved to a new city, her "
            "emotions struggle to keep her steady when Joy and Sadness get lost."
        ),
        "released_theatrical": datetime.date(2015, 6, 19),
        "genres": ["Animation", "Comedy", "Family"],
        "countries": ["United States"],
        "languages": ["English"],
        "studios": ["Pixar Animation Studios", "Walt Disney Pictures"],
        "distributors": ["Walt Disney Studios Motion Pictures"],
        "certificates": [("MPA", "PG", "mild thematic elements and some action")],
        "credits": [
            ("director", "Pete Docter", None, "", ""),
            ("director", "Ronnie del Carmen", None, "", "co-director"),
            ("writer", "Pete Docter", None, "", "screenplay"),
            ("writer", "Meg LeFauve", None, "", "screenplay"),
            ("writer", "Josh Cooley", None, "", "screenplay"),
            ("cast", "Amy Poehler", None, "Joy", ""),
            ("cast", "Phyllis Smith", None, "Sadness", ""),
            ("cast", "Bill Hader", None, "Fear", ""),
            ("cast", "Lewis Black", None, "Anger", ""),
            ("cast", "Mindy Kaling", None, "Disgust", ""),
            ("cast", "Kaitlyn Dias", None, "Riley", ""),
            ("cast", "Richard Kind", None, "Bing Bong", ""),
        ],
        "advisory": {
            "age": 6,
            "stars": 5,
            "one_liner": "A clever, tender trip inside a girl's head that gets families talking.",
            "parents_need_to_know": (
                "A funny, imaginative film with a sad streak. Riley is miserable after moving "
                "home and runs away for a while, and a much-loved imaginary friend fades away "
                "for good, a scene that makes many children (and parents) cry. A clown in a "
                "dream sequence and a dark pit of forgotten memories may scare the youngest."
            ),
            "story": (
                "Riley's emotions, Joy, Sadness, Fear, Anger and Disgust, run her mind from a "
                "control room. When her family moves to San Francisco, an accident sweeps Joy "
                "and Sadness out into the far corners of her memory, and they must find their "
                "way back before Riley loses what makes her herself."
            ),
            "is_it_any_good": (
                "Pixar at its best: inventive, very funny and wise. Its big idea, that "
                "sadness has a purpose, is one children can take away and use."
            ),
            "ratings": {
                "positive_messages": (5, "Every feeling matters, and sadness helps us ask for comfort."),
                "role_models": (
                    4,
                    "Loving parents who listen once they notice; Joy learns to let others lead.",
                ),
                "violence": (2, "Peril in the mind's landscapes, a scary clown and a frightening pit."),
                "sex": (0, "Nothing at all."),
                "language": (1, "Mild words such as “dumb” and “shut up”."),
                "consumerism": (1, "A chewing-gum jingle that gets stuck in Riley's head."),
                "drinking": (0, "Nothing at all."),
            },
            "prompts": [
                "Which emotion is in charge for you today? How can you tell?",
                "Why does Riley feel better once she lets herself be sad?",
            ],
        },
    },
]

# Members' ratings ("Rate what's in it"), so that `make run` shows a film with only a
# community advisory (Brooklyn), one below the threshold (Atonement: two ratings) and one
# where the members and our editors disagree (My Neighbor Totoro: age 4+ for the editors).
# (film slug, username, birth year, birth month, rating)
CONTRIBUTIONS = [
    (
        "brooklyn-2015",
        "maple_parent",
        1979,
        4,
        {
            "age": 12,
            "positive_messages_score": 4,
            "role_models_score": 4,
            "violence_score": 1,
            "sex_score": 2,
            "language_score": 1,
            "consumerism_score": 0,
            "drinking_score": 1,
            "sex_note": "One love scene, discreet, and some talk of marriage.",
        },
    ),
    (
        "brooklyn-2015",
        "dad_of_three",
        1983,
        9,
        {
            "age": 12,
            "positive_messages_score": 4,
            "role_models_score": 3,
            "violence_score": 0,
            "sex_score": 2,
            "language_score": 1,
            "consumerism_score": 1,
            "drinking_score": 1,
        },
    ),
    (
        "brooklyn-2015",
        "film_club_teen",
        2010,
        11,
        {
            "age": 11,
            "positive_messages_score": 5,
            "role_models_score": 4,
            "violence_score": 1,
            "sex_score": 1,
            "language_score": 1,
            "consumerism_score": 0,
            "drinking_score": 1,
            "positive_messages_note": "Being brave enough to choose your own life.",
        },
    ),
    (
        "brooklyn-2015",
        "quiet_reader",
        2011,
        3,
        {
            "age": 13,
            "positive_messages_score": 4,
            "role_models_score": 4,
            "violence_score": 1,
            "sex_score": 3,
        },
    ),
    ("atonement-2007", "maple_parent", 1979, 4, {"age": 15, "violence_score": 3, "sex_score": 4}),
    ("atonement-2007", "dad_of_three", 1983, 9, {"age": 16, "violence_score": 3, "sex_score": 4}),
    (
        "my-neighbor-totoro-1988",
        "maple_parent",
        1979,
        4,
        {
            "age": 7,
            "violence_score": 3,
            "violence_note": "The search for the lost sister frightened our five-year-old.",
        },
    ),
    ("my-neighbor-totoro-1988", "dad_of_three", 1983, 9, {"age": 6, "violence_score": 3}),
    ("my-neighbor-totoro-1988", "film_club_teen", 2010, 11, {"age": 7, "violence_score": 2}),
]
