"""Importers: film facts from Wikipedia pages (`wikipedia`) and a film catalog from CSV (`catalog`).

Both write through the same rule, kept in `facts`: a value an import wrote may be replaced by
the next import; a value an editor entered or changed by hand is left alone unless the
import is told to overwrite.
"""


class ImportFailed(Exception):
    """A file that cannot be imported; the message names the file (and the line, when known).

    `changed_nothing` is False only when the database refused a write halfway, after part
    of the file was saved; the message then says what was.
    """

    def __init__(self, message, *, changed_nothing=True):
        super().__init__(message)
        self.changed_nothing = changed_nothing
