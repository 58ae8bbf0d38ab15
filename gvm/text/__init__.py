"""The WebAssembly text format (spec chapter 6): `.wat` modules and `.wast` scripts read
by GVM itself and encoded to the binary format.

    parse_wat(text) -> bytes              a module's binary
    parse_module(text) -> TextModule      the binary plus where each instruction was written
"""
from .errors import TextError
from .lexer import Source, tokenize
from .module import ModuleParser

__all__ = ["TextError", "TextModule", "parse_wat", "parse_module"]


class TextModule:
    """A module read from text: `binary`, and `source_map` from the byte offset of each
    instruction in `binary` to its (line, column) in `text`."""

    def __init__(self, binary, positions, source):
        self.binary = binary
        self.source = source
        self._positions = positions
        self._source_map = None

    @property
    def text(self):
        return self.source.text

    @property
    def file(self):
        return self.source.file

    @property
    def source_map(self):
        if self._source_map is None:
            position = self.source.position
            self._source_map = {offset: position(char) for offset, char in self._positions.items()}
        return self._source_map


def _text(text):
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise TextError("malformed UTF-8 encoding", *_byte_position(bytes(text), e.start)) from None
    return text


def _byte_position(data, offset):
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def parse_module(text, file=None, features=None):
    """Parse a text module: `(module ...)` or its fields alone, or `(module binary
    "...")` (taken byte for byte) or `(module quote "...")` (text in strings).
    `features` as for the decoder (default: all of GVM's)."""
    source = Source(_text(text), file)
    tokens = tokenize(source)
    parser = ModuleParser(source, tokens, features=features)
    wrapped = parser.at_open("module")
    if wrapped:
        parser.i += 2
        parser.module_name = parser.identifier()
    if wrapped and (parser.at_keyword("binary") or parser.at_keyword("quote")):
        kind = parser.take()[1]
        data = parser.strings()
        parser.rpar()
        if parser.kind() is not None:
            raise parser.unexpected()
        if kind == "quote":
            return parse_module(data, file, features)
        return TextModule(data, {}, source)
    binary = parser.module()
    if wrapped:
        parser.rpar()
    if parser.kind() is not None:
        raise parser.unexpected()
    return TextModule(binary, parser.source_map, source)


def parse_wat(text, file=None, features=None):
    """The binary encoding of a text module."""
    return parse_module(text, file, features).binary
