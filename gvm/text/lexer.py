"""The lexical format of WebAssembly text (spec section 6.3 "Lexical Format").

`tokenize(text)` turns source text into a list of tokens: `(`, `)`, keywords, numbers,
identifiers, strings and reserved words, each with its character offset. White space,
line comments `;; ...`, nested block comments `(; ... ;)` and annotations
`(@name ...)` (spec appendix "Custom Annotations") are dropped here. Numbers keep their
text: whether `1` is an integer or a float depends on where it stands, so the parser
converts it (gvm.text.numbers). The character offsets become line and column numbers
only when needed (`Source.position`).
"""
import bisect
import re

from .errors import TextError

# Token kinds.
LPAR, RPAR, KEYWORD, NUMBER, ID, STRING, RESERVED = "(", ")", "kw", "num", "id", "str", "res"

_IDCHARS = r"0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~"
_NUM = r"[0-9](?:_?[0-9])*"
_HEX = r"[0-9A-Fa-f](?:_?[0-9A-Fa-f])*"
# A string: any character but `"`, `\` and control characters, or an escape (checked
# when the string is decoded). Tokens run on while no white space or parenthesis
# separates them, so `"a"b` is one reserved token, as in the spec.
_STRING = r'"(?:[^"\\\x00-\x1f\x7f]|\\.)*"'
_RUN = re.compile(rf'(?:[{_IDCHARS}]+|{_STRING})+', re.S)
_WORD = re.compile(rf'[{_IDCHARS}]+')
# What an annotation may hold besides parentheses, strings and comments: the characters
# of tokens (reserved ones included) and white space.
_ANNOTATION_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "!#$%&'*+-./:<=>?@\\^_`|~,;[]{} \t\n\r")
_COMMENT_DELIMITER = re.compile(r"\(;|;\)")
_STRING_RE = re.compile(_STRING)
_SPACE = re.compile(r'(?:[ \t\n\r]+|;;[^\n\r]*)+')   # a line comment ends at LF or CR
# White space, then: `(` (not of a comment or annotation) | `)` | a run of characters |
# anything else (see `_special`) | the end.
_TOKEN = re.compile(rf"(?:{_SPACE.pattern})?(?:(\((?![;@]))|(\))|({_RUN.pattern})|(.)|$)", re.S)
_KINDS = {}     # word -> kind: spec scripts repeat the same few thousand words
NUMBER_RE = re.compile(
    rf"[+-]?(?:{_NUM}(?:\.(?:{_NUM})?)?(?:[eE][+-]?{_NUM})?"
    rf"|0x{_HEX}(?:\.(?:{_HEX})?)?(?:[pP][+-]?{_NUM})?|inf|nan(?::0x{_HEX})?)")


class Source:
    """A text being parsed: maps character offsets to (line, column) for messages."""

    def __init__(self, text, file=None):
        self.text = text
        self.file = file
        self._lines = None

    def position(self, offset):
        if self._lines is None:
            self._lines = [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._lines, offset)
        start = self._lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def error(self, message, offset):
        line, column = self.position(min(offset, len(self.text)))
        return TextError(message, line, column, self.file)


def _skip_block_comment(text, i, source):
    """The offset after the block comment starting at `i` (comments nest)."""
    depth = 0
    while True:
        m = _COMMENT_DELIMITER.search(text, i)
        if m is None:
            raise source.error("unclosed comment", len(text))
        depth += 1 if m.group() == "(;" else -1
        i = m.end()
        if depth == 0:
            return i


def _skip_annotation(text, i, source):
    """The offset after the annotation `(@id ...)` starting at `i`: its tokens are
    balanced parentheses, strings and comments, all ignored."""
    start = i
    i += 2
    m = _RUN.match(text, i)
    if m is None or m.group() == '""':
        raise source.error("empty annotation id", start)
    if m.group()[0] == '"':
        try:
            string_bytes(m.group(), source, i).decode("utf-8")
        except UnicodeDecodeError:
            raise source.error("malformed UTF-8 encoding", i) from None
    i = m.end()
    depth = 1
    while depth:
        if i >= len(text):
            raise source.error("unclosed annotation", start)
        c = text[i]
        if c == "(":
            if text.startswith("(;", i):
                i = _skip_block_comment(text, i, source)
                continue
            depth += 1
            i += 1
        elif c == ")":
            depth -= 1
            i += 1
        elif c == '"':
            m = _STRING_RE.match(text, i)
            if m is None:
                raise source.error("unclosed string", i)
            i = m.end()
        elif c == ";" and text.startswith(";;", i):
            i = _SPACE.match(text, i).end()
        elif c in _ANNOTATION_CHARS:
            i += 1
        else:
            raise source.error("illegal character", i)
    return i


def classify(word):
    """The kind of a run of characters that is not a single string."""
    c = word[0]
    if "a" <= c <= "z" and c not in "in":          # the common case: a keyword
        return KEYWORD if _WORD.fullmatch(word) else RESERVED
    if c == "$":
        if len(word) > 1 and _WORD.fullmatch(word):
            return ID
        if word.startswith('$"') and _STRING_RE.fullmatch(word[1:]):
            return ID
        return RESERVED
    if NUMBER_RE.fullmatch(word):
        return NUMBER
    if "a" <= c <= "z" and _WORD.fullmatch(word):
        return KEYWORD
    return RESERVED


def tokenize(source):
    """The tokens of `source` (a Source): a list of (kind, text, offset). One regular
    expression finds the next token with the white space before it; comments,
    annotations and errors are the rare cases handled apart (`_special`)."""
    text = source.text
    tokens = []
    append = tokens.append
    kinds = _KINDS
    string = _STRING_RE.fullmatch
    i, n = 0, len(text)
    while i < n:
        for m in _TOKEN.finditer(text, i):
            group = m.lastindex
            if group == 3:
                word = m.group(3)
                at = m.start(3)
                kind = kinds.get(word)
                if kind is None:
                    if word[0] == '"' and string(word):
                        kind = STRING
                    elif word == "$":
                        raise source.error("empty identifier", at)
                    else:
                        kind = classify(word)
                    if len(kinds) < 65536:
                        kinds[word] = kind
                append((kind, word, at))
            elif group == 1:
                append((LPAR, "(", m.start(1)))
            elif group == 2:
                append((RPAR, ")", m.start(2)))
            elif group == 4:
                i = _special(text, m.start(4), source)
                break
        else:
            break
    return tokens


def _special(text, i, source):
    """Past a block comment or an annotation at `i`, else the error there."""
    if text.startswith("(;", i):
        return _skip_block_comment(text, i, source)
    if text.startswith("(@", i):
        return _skip_annotation(text, i, source)
    c = text[i]
    if c == "$":   # `$` before white space, a parenthesis or a broken string
        raise source.error("empty identifier", i)
    if c == '"':
        raise source.error("unclosed string" if '"' not in text[i + 1:] or "\n" in
                           text[i:text.find('"', i + 1)] else "illegal character", i)
    if text.startswith(";)", i):
        raise source.error("unexpected token", i)
    raise source.error("illegal character", i)


# --- Strings (6.3.3) -------------------------------------------------------------------

_ESCAPES = {"t": b"\t", "n": b"\n", "r": b"\r", '"': b'"', "'": b"'", "\\": b"\\"}
_ESCAPE = re.compile(r'\\(?:([0-9A-Fa-f]{2})|u\{([0-9A-Fa-f](?:_?[0-9A-Fa-f])*)\}|(.))', re.S)


def string_bytes(token_text, source, offset):
    """The bytes a string token stands for (the token includes its quotes)."""
    body = token_text[1:-1]
    if "\\" not in body:
        return body.encode("utf-8", "surrogateescape")
    out = bytearray()
    last = 0
    for m in _ESCAPE.finditer(body):
        out += body[last:m.start()].encode("utf-8", "surrogateescape")
        last = m.end()
        hh, code, char = m.groups()
        if hh is not None:
            out.append(int(hh, 16))
        elif code is not None:
            value = int(code.replace("_", ""), 16)
            if value >= 0x110000 or 0xD800 <= value < 0xE000:
                raise source.error("malformed UTF-8 encoding", offset + 1 + m.start())
            out += chr(value).encode("utf-8")
        elif char in _ESCAPES:
            out += _ESCAPES[char]
        else:
            raise source.error("illegal escape", offset + 1 + m.start())
    out += body[last:].encode("utf-8", "surrogateescape")
    return bytes(out)
