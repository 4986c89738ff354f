"""Importers: film facts from Wikipedia pages (`wikipedia`) and a film catalog from CSV (`catalog`).

Both write through the same rule, kept in `facts`: a value an import wrote may be replaced by
the next import; a value an editor entered or changed by hand is left alone unless the
import is told to overwrite.
"""


class ImportFailed(Exception):
    """A file that cannot be imported; the message names the file (and the line, when known)."""
