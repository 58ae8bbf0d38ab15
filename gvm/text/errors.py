"""Errors of the text format (spec chapter 6): a malformed text module is a
`DecodeError`, as a malformed binary one is, so `assert_malformed` and every caller of
the decoder handle both alike. The message starts with the spec interpreter's text
("unknown operator", "unexpected token", ...) and the position says where."""
from ..errors import DecodeError


class TextError(DecodeError):
    """Malformed WebAssembly text at `line`:`column` (1-based) of `file` (or None)."""

    def __init__(self, message, line=None, column=None, file=None):
        self.line = line
        self.column = column
        self.file = file
        super().__init__(message)
        where = ":".join(str(p) for p in (file, line, column) if p is not None)
        self.args = (f"{where}: {message}" if where else message,)

    def __str__(self):
        return self.args[0]
