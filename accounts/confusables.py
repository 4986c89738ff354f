"""Usernames that look alike: a skeleton in the manner of Unicode TR 39.

Two usernames with the same skeleton read the same to a person, so sign-up refuses a name
whose skeleton is another account's (User.username_skeleton, indexed: one query) or a name
kept for the team (RESERVED). The skeleton of a username is, in order:

1. NFKC, which folds compatibility forms: fullwidth `ｅｄｉｔｏｒ`, ligatures, superscripts;
2. casefolded, since usernames are unique whatever their case;
3. without accents (NFD, then no combining marks): `édítor` reads as `editor` at a glance;
4. each letter that passes for a Latin letter replaced by it (LOOKALIKES, from TR 39's
   confusables.txt for the scripts a username can hold: Cyrillic, Greek, Armenian, and Latin
   letters and digits that pass for others). It maps small letters only, after casefolding,
   so a capital's lookalike is listed by its small letter (`в` for `В`); for the same
   reason `i` goes with `l`, since `I` passes for `l`;
5. `m` as `rn`, as TR 39 does, and without separators (`.`, `_`, `-`, `+`): `rnoderator`
   and `mod_erator` both read as `moderator`.

A skeleton is only compared with another skeleton; it is never shown.
"""

import unicodedata

# Lookalike (a small letter, as casefold leaves it) -> the Latin letters it passes for.
LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "ь": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h",
    "н": "h", "і": "l", "ї": "l", "ӏ": "l", "ј": "j", "к": "k", "м": "rn", "о": "o",
    "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "у": "y", "ү": "y", "ԝ": "w",
    "х": "x", "ꙅ": "s",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "h", "ι": "l", "κ": "k", "μ": "rn", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x", "ζ": "z", "ω": "w",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ց": "g", "ք": "f", "զ": "q", "ո": "n", "ռ": "n",
    # Latin letters and digits that pass for other Latin letters
    "i": "l", "ı": "l", "1": "l", "ǀ": "l", "ɩ": "l", "ɪ": "l", "ł": "l", "ŀ": "l",
    "0": "o", "ø": "o", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ʏ": "y", "ʀ": "r", "ᴀ": "a",
    "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ᴋ": "k", "ᴍ": "rn", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ð": "d", "đ": "d", "ħ": "h", "þ": "p",
    "ŋ": "n", "æ": "ae", "œ": "oe", "ʟ": "l", "ʜ": "h", "ɴ": "n", "ʙ": "b", "ɢ": "g",
    "ꜱ": "s", "ǫ": "q",
    "m": "rn",
}  # fmt: skip
SEPARATORS = ".-_+"
_TABLE = str.maketrans(LOOKALIKES | dict.fromkeys(SEPARATORS))

# Names that would pass for the team's, refused at sign-up whatever their script or case.
RESERVED = [
    "admin",
    "administrator",
    "editor",
    "editors",
    "help",
    "moderator",
    "moderators",
    "official",
    "reelwise",
    "root",
    "staff",
    "superuser",
    "support",
    "system",
    "team",
    "webmaster",
]


def skeleton(username):
    """What `username` reads as: equal skeletons look alike (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", username).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).translate(_TABLE)


RESERVED_SKELETONS = frozenset(skeleton(name) for name in RESERVED)


def is_reserved(username):
    """A name kept for the team: one of RESERVED, or any name with "reelwise" in it."""
    name = skeleton(username)
    return name in RESERVED_SKELETONS or skeleton("reelwise") in name
