"""Official certificates across countries: what each board's labels mean and the age they admit from.

A certificate is stored as its board (`Certificate.System`) and its label. The cross-walk
below describes the labels we know; `lookup()` finds one however an import spelled it ("12
certificate", "R-15", "FSK 16"). A label the cross-walk does not know is kept as given and
shown without an age: an age is never guessed.

`legal` says whether the law forbids admitting (or selling to) someone younger than `age`;
otherwise the age is the board's advice, or a rule cinemas keep by agreement, and the
meaning says which. `age` is 0 for a certificate that admits everyone.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rating:
    label: str
    age: int
    legal: bool
    meaning: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RatingSystem:
    code: str  # the value of Certificate.System
    region: str  # written before the label: "UK 12A"
    name: str
    wikidata_property: str | None
    ratings: tuple[Rating, ...]


def _rating(label, age, legal, meaning, *aliases):
    return Rating(label, age, legal, meaning, aliases)


ADVISORY, LEGAL = False, True

# In display order after the site's own country.
SYSTEMS = (
    RatingSystem(
        "MPA",
        "US",
        "Motion Picture Association (United States)",
        "P1657",
        (
            _rating(
                "G", 0, ADVISORY, "General audiences: nothing that should concern parents of young children."
            ),
            _rating(
                "PG", 0, ADVISORY, "Parental guidance suggested: some scenes may not suit young children."
            ),
            _rating("PG-13", 13, ADVISORY, "Parents strongly cautioned: some of it may not suit under-13s."),
            _rating(
                "R",
                17,
                ADVISORY,
                "Restricted: under-17s only with a parent or adult guardian. Cinemas keep this rule by "
                "agreement; no law requires it.",
            ),
            _rating(
                "NC-17",
                18,
                ADVISORY,
                "Nobody aged 17 or under is admitted. Cinemas keep this rule by agreement; "
                "no law requires it.",
            ),
        ),
    ),
    RatingSystem(
        "BBFC",
        "UK",
        "British Board of Film Classification (United Kingdom)",
        "P2629",
        (
            _rating("U", 0, ADVISORY, "Universal: fit for everyone, from about four years old."),
            _rating(
                "PG",
                0,
                ADVISORY,
                "Parental guidance: anyone may watch, but a few scenes may upset children under about eight.",
            ),
            _rating(
                "12A",
                12,
                LEGAL,
                "Cinemas only: under-12s are admitted only with an adult, who decides whether it suits them.",
            ),
            _rating("12", 12, LEGAL, "Nobody under 12 may buy or rent it: the home-video form of 12A."),
            _rating("15", 15, LEGAL, "Nobody under 15 may see it in a cinema, buy it or rent it."),
            _rating("18", 18, LEGAL, "Adults only."),
            _rating("R18", 18, LEGAL, "Adults only, and only in licensed cinemas and shops: explicit sex."),
        ),
    ),
    RatingSystem(
        "FSK",
        "DE",
        "Freiwillige Selbstkontrolle der Filmwirtschaft (Germany)",
        "P1981",
        (
            _rating(
                "FSK 0",
                0,
                LEGAL,
                "Released for all ages.",
                "0",
                "no age restriction",
                "ohne Altersbeschränkung",
            ),
            _rating("FSK 6", 6, LEGAL, "Released for 6 and over.", "6"),
            _rating(
                "FSK 12", 12, LEGAL, "Released for 12 and over; in a cinema, 6 and over with a parent.", "12"
            ),
            _rating("FSK 16", 16, LEGAL, "Released for 16 and over.", "16"),
            _rating(
                "FSK 18",
                18,
                LEGAL,
                "Not released to young people: adults only.",
                "18",
                "keine Jugendfreigabe",
                "not approved for young people",
            ),
        ),
    ),
    RatingSystem(
        "CNC",
        "FR",
        "Centre national du cinéma et de l'image animée (France)",
        "P2758",
        (
            _rating(
                "Tous publics",
                0,
                LEGAL,
                "For all audiences.",
                "TP",
                "all audiences",
                "no age restriction",
                "all ages",
            ),
            _rating(
                "-12",
                12,
                LEGAL,
                "Forbidden to under-12s.",
                "12",
                "interdit aux moins de 12 ans",
                "prohibited for children under 12",
                "prohibited under 12",
            ),
            _rating(
                "-16",
                16,
                LEGAL,
                "Forbidden to under-16s.",
                "16",
                "interdit aux moins de 16 ans",
                "prohibited for children under 16",
                "prohibited under 16",
            ),
            _rating(
                "-18",
                18,
                LEGAL,
                "Forbidden to under-18s.",
                "18",
                "interdit aux moins de 18 ans",
                "prohibited for children under 18",
                "prohibited under 18",
            ),
        ),
    ),
    RatingSystem(
        "ACB",
        "AU",
        "Australian Classification Board",
        "P3156",
        (
            _rating("G", 0, ADVISORY, "General: for everyone."),
            _rating("PG", 0, ADVISORY, "Parental guidance recommended for under-15s."),
            _rating("M", 15, ADVISORY, "Recommended for 15 and over; younger viewers are not kept out."),
            _rating("MA15+", 15, LEGAL, "Under-15s only with a parent or adult guardian.", "MA 15+"),
            _rating("R18+", 18, LEGAL, "Adults only.", "R 18+"),
            _rating(
                "X18+",
                18,
                LEGAL,
                "Adults only; sexually explicit, sold only in the ACT and the Northern Territory.",
                "X 18+",
            ),
        ),
    ),
    RatingSystem(
        "EIRIN",
        "JP",
        "Eirin, the Film Classification and Rating Organization (Japan)",
        "P2756",
        (
            _rating("G", 0, ADVISORY, "For all ages."),
            _rating(
                "PG12", 12, ADVISORY, "Under-12s are advised to watch with a parent's guidance.", "PG-12"
            ),
            _rating(
                "R15+",
                15,
                ADVISORY,
                "Nobody under 15 is admitted; the industry's own rule, which cinemas apply.",
                "R-15",
            ),
            _rating(
                "R18+",
                18,
                ADVISORY,
                "Nobody under 18 is admitted; the industry's own rule, which cinemas apply.",
                "R-18",
            ),
        ),
    ),
    RatingSystem(
        "KMRB",
        "KR",
        "Korea Media Rating Board (South Korea)",
        "P3818",
        (
            _rating("All", 0, LEGAL, "For all ages.", "all ages", "general audiences", "G"),
            _rating("12", 12, LEGAL, "12 and over; younger children only with a parent or guardian.", "12+"),
            _rating("15", 15, LEGAL, "15 and over; younger children only with a parent or guardian.", "15+"),
            _rating("18", 18, LEGAL, "Nobody under 18 is admitted.", "18+", "youth restricted"),
            _rating(
                "Restricted Screening",
                18,
                LEGAL,
                "Adults only, and only in specially licensed cinemas.",
                "restricted screening",
                "limited screening",
            ),
        ),
    ),
    RatingSystem(
        "ICAA",
        "ES",
        "Instituto de la Cinematografía y de las Artes Audiovisuales (Spain)",
        "P3306",
        (
            _rating(
                "A",
                0,
                ADVISORY,
                "Suitable for all audiences.",
                "all audiences",
                "suitable for all audiences",
                "apta para todos los públicos",
                "TP",
            ),
            _rating(
                "7",
                7,
                ADVISORY,
                "Not recommended for under-7s.",
                "not recommended for children under 7",
                "no recomendada para menores de 7 años",
                "7+",
            ),
            _rating(
                "12",
                12,
                ADVISORY,
                "Not recommended for under-12s.",
                "not recommended for children under 12",
                "no recomendada para menores de 12 años",
                "12+",
            ),
            _rating(
                "16",
                16,
                ADVISORY,
                "Not recommended for under-16s.",
                "not recommended for children under 16",
                "no recomendada para menores de 16 años",
                "16+",
            ),
            _rating(
                "18",
                18,
                ADVISORY,
                "Not recommended for under-18s.",
                "not recommended for children under 18",
                "no recomendada para menores de 18 años",
                "18+",
            ),
            _rating("X", 18, LEGAL, "Adults only, and only in specially licensed cinemas."),
        ),
    ),
    RatingSystem(
        "RCQ",
        "QC",
        "Régie du cinéma du Québec (Canada)",
        "P6658",
        (
            _rating("G", 0, LEGAL, "General: everyone is admitted.", "visa général", "general"),
            _rating("13+", 13, LEGAL, "13 and over; younger children only with an adult.", "13 ans et plus"),
            _rating("16+", 16, LEGAL, "16 and over.", "16 ans et plus"),
            _rating("18+", 18, LEGAL, "Adults only.", "18 ans et plus"),
        ),
    ),
    RatingSystem(
        "MEDIERADET",
        "DK",
        "Medierådet for Børn og Unge (Denmark)",
        "P5970",
        (
            _rating("A", 0, LEGAL, "Allowed for everyone.", "allowed for all", "for all", "tilladt for alle"),
            _rating(
                "7",
                7,
                ADVISORY,
                "Allowed for everyone, but not advised for under-7s.",
                "for ages 7 and up",
                "not recommended for children under 7",
            ),
            _rating("11", 11, LEGAL, "For 11 and over.", "for ages 11 and up"),
            _rating("15", 15, LEGAL, "For 15 and over.", "for ages 15 and up"),
        ),
    ),
    RatingSystem(
        "CBFC",
        "IN",
        "Central Board of Film Certification (India)",
        None,  # no Wikidata property we import from
        (
            _rating("U", 0, ADVISORY, "Unrestricted: for everyone."),
            _rating("UA", 12, ADVISORY, "For everyone; parents' guidance advised for under-12s.", "U/A"),
            _rating("UA 7+", 7, ADVISORY, "For everyone; parents' guidance advised for under-7s.", "U/A 7+"),
            _rating(
                "UA 13+", 13, ADVISORY, "For everyone; parents' guidance advised for under-13s.", "U/A 13+"
            ),
            _rating(
                "UA 16+", 16, ADVISORY, "For everyone; parents' guidance advised for under-16s.", "U/A 16+"
            ),
            _rating("A", 18, LEGAL, "Adults only."),
        ),
    ),
)

BY_CODE = {system.code: system for system in SYSTEMS}
BY_WIKIDATA_PROPERTY = {system.wikidata_property: system for system in SYSTEMS if system.wikidata_property}
# REELWISE_COUNTRY (ISO 3166-1 alpha-2) -> the system shown first. "UK" is accepted for GB.
COUNTRY_SYSTEMS = {
    "US": "MPA",
    "GB": "BBFC",
    "UK": "BBFC",
    "DE": "FSK",
    "FR": "CNC",
    "AU": "ACB",
    "JP": "EIRIN",
    "KR": "KMRB",
    "ES": "ICAA",
    "DK": "MEDIERADET",
    "IN": "CBFC",
}
# Words an import may wrap a label in: "12 certificate", "rated R".
_WRAPPING = re.compile(r"^(rated|rating)\s+|\s+(certificate|rating|classification)$")


@functools.lru_cache(maxsize=4096)  # an import looks the same few labels up again and again
def label_key(label: str) -> str:
    """A label reduced for comparison: "R-15" and "r15", "12 certificate" and "12" compare equal."""
    text = unicodedata.normalize("NFKD", label.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _WRAPPING.sub("", " ".join(text.split()))
    return re.sub(r"[^a-z0-9+]", "", text).rstrip("+") or text


_INDEX = {
    (system.code, label_key(name)): rating
    for system in SYSTEMS
    for rating in system.ratings
    for name in (rating.label, *rating.aliases)
}


def lookup(system: str, label: str) -> Rating | None:
    """The cross-walk's entry for this board's label, however spelled; None when we do not know it."""
    return _INDEX.get((system, label_key(label)))


def stored_label(system: str, label: str) -> str:
    """The label to store: the board's usual spelling when we know it, else the label as given."""
    rating = lookup(system, label)
    return rating.label if rating else label.strip()


def system_for_country(country: str) -> str | None:
    return COUNTRY_SYSTEMS.get((country or "").strip().upper())


@dataclass(frozen=True)
class ShownCertificate:
    """One certificate as the film page and the API show it. `age` is None for a label we do not know."""

    system: str
    region: str
    label: str
    age: int | None
    legal: bool | None
    meaning: str
    reason: str = ""

    def __str__(self):
        return f"{self.region} {self.label}" if self.region else self.label


def for_display(certificates: Iterable, country: str) -> list[ShownCertificate]:
    """Certificates (objects with `system`, `rating` and `reason`) in the order a reader in `country`
    wants them: that country's board first, then the others in the cross-walk's order, unknown boards last.
    """
    home = system_for_country(country)
    order = {code: n for n, code in enumerate(BY_CODE)}

    def position(certificate):
        if certificate.system == home:
            return -1
        return order.get(certificate.system, len(order))

    shown = []
    for certificate in sorted(certificates, key=lambda c: (position(c), c.system)):
        system = BY_CODE.get(certificate.system)
        rating = lookup(certificate.system, certificate.rating)
        shown.append(
            ShownCertificate(
                system=certificate.system,
                region=system.region if system else "",
                label=certificate.rating,
                age=rating.age if rating else None,
                legal=rating.legal if rating else None,
                meaning=rating.meaning if rating else "",
                reason=certificate.reason,
            )
        )
    return shown


def display_line(shown: Iterable[ShownCertificate]) -> str:
    """ "US PG-13 · UK 12A · DE FSK 12" """
    return " · ".join(str(certificate) for certificate in shown)
