"""Write a large SPARQL JSON results file for timing import_wikidata (not a test).

    python tests/make_wikidata_results.py 200000 /tmp/wikidata-200k.json [CERTIFICATES]
    time python manage.py import_wikidata /tmp/wikidata-200k.json

CERTIFICATES (1 to 4, default 4) rows a film, as the Query Service answers for a film with
that many certificates: 200,000 rows are 50,000 films with four, or 200,000 films with one.
"""

import json
import sys

ENTITY = "http://www.wikidata.org/entity/"
PROPERTY = "http://www.wikidata.org/prop/direct/"
CERTIFICATES = [
    ("P1657", "PG-13"),
    ("P2629", "12 certificate"),
    ("P1981", "FSK 12"),
    ("P2758", "no age restriction"),
]


def literal(value):
    return {"type": "literal", "value": str(value)}


def bindings(rows, per_film):
    for n in range(rows // per_film):
        film = {
            "film": {"type": "uri", "value": f"{ENTITY}Q{n + 1}"},
            "title": {"xml:lang": "en", "type": "literal", "value": f"Timing film {n}"},
            "year": literal(1900 + n % 120),
            "imdb": literal(f"tt{n + 1:07d}"),
            "tmdb": literal(n + 1),
        }
        for prop, label in CERTIFICATES[:per_film]:
            yield {**film, "system": {"type": "uri", "value": PROPERTY + prop}, "rating": literal(label)}


def main(rows, path, per_film=4):
    variables = ["film", "title", "year", "imdb", "tmdb", "system", "rating"]
    document = {"head": {"vars": variables}, "results": {"bindings": list(bindings(rows, per_film))}}
    with open(path, "w") as out:
        json.dump(document, out)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:4]))
