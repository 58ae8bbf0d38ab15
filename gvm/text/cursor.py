"""A cursor over the tokens of a text module (spec section 6.2 "Conventions"): the
S-expression structure of the text format read one token at a time, with the spec
interpreter's messages when a token is not what the grammar wants."""
from . import numbers
from .keywords import is_keyword
from .lexer import ID, KEYWORD, LPAR, NUMBER, RPAR, STRING, RESERVED, string_bytes


class Cursor:
    def __init__(self, source, tokens, pos=0):
        self.source = source
        self.toks = tokens
        self.i = pos

    # --- Errors ------------------------------------------------------------------------

    def error(self, message, index=None):
        """A TextError at token `index` (the current one by default)."""
        index = self.i if index is None else index
        offset = self.toks[index][2] if index < len(self.toks) else len(self.source.text)
        return self.source.error(message, offset)

    def unexpected(self, index=None):
        """The error for a token the grammar does not allow here. As in the spec
        interpreter, whose lexer knows every keyword, a word that is no keyword at all
        is an "unknown operator" wherever it stands."""
        index = self.i if index is None else index
        if index < len(self.toks) and (self.toks[index][0] == RESERVED or self.toks[index][0] == KEYWORD
                                       and not is_keyword(self.toks[index][1])):
            return self.error(f"unknown operator {self.toks[index][1]}", index)
        if index >= len(self.toks):
            return self.error("unexpected end of input", index)
        return self.error("unexpected token", index)

    # --- Looking ------------------------------------------------------------------------

    def kind(self, ahead=0):
        try:
            return self.toks[self.i + ahead][0]
        except IndexError:      # past the end: rare, so cheaper than a test each time
            return None

    def text(self, ahead=0):
        try:
            return self.toks[self.i + ahead][1]
        except IndexError:
            return None

    def at_keyword(self, word=None):
        tok = self.toks[self.i] if self.i < len(self.toks) else None
        return tok is not None and tok[0] == KEYWORD and (word is None or tok[1] == word)

    def at_open(self, word=None):
        """Is the cursor at `(` followed by keyword `word` (or any keyword)?"""
        toks, i = self.toks, self.i
        if i + 1 >= len(toks) or toks[i][0] != LPAR or toks[i + 1][0] != KEYWORD:
            return False
        return word is None or toks[i + 1][1] == word

    def at_rpar(self):
        return self.i < len(self.toks) and self.toks[self.i][0] == RPAR

    # --- Consuming ----------------------------------------------------------------------

    def take(self):
        tok = self.toks[self.i] if self.i < len(self.toks) else None
        if tok is None:
            raise self.unexpected()
        self.i += 1
        return tok

    def lpar(self):
        if self.kind() != LPAR:
            raise self.unexpected()
        self.i += 1

    def rpar(self):
        if self.kind() != RPAR:
            raise self.unexpected()
        self.i += 1

    def keyword(self, word=None):
        if not self.at_keyword(word):
            raise self.unexpected()
        self.i += 1
        return self.toks[self.i - 1][1]

    def open(self, word):
        """Consume `(` and the keyword `word`."""
        if not self.at_open(word):
            raise self.unexpected()
        self.i += 2

    def maybe_open(self, word):
        if self.at_open(word):
            self.i += 2
            return True
        return False

    def identifier(self):
        """An optional `$id`: its name (without `$`, quoted names unquoted) or None."""
        if self.kind() != ID:
            return None
        text = self.take()[1]
        if text[1] == '"':
            raw = string_bytes(text[1:], self.source, self.toks[self.i - 1][2] + 1)
            if not raw:
                raise self.error("empty identifier", self.i - 1)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise self.error("malformed UTF-8 encoding", self.i - 1) from None
        return text[1:]

    def string(self):
        if self.kind() != STRING:
            raise self.unexpected()
        tok = self.take()
        return string_bytes(tok[1], self.source, tok[2])

    def strings(self):
        """Zero or more strings, concatenated (data segments, binary modules)."""
        parts = []
        while self.kind() == STRING:
            parts.append(self.string())
        return b"".join(parts)

    def name(self):
        """A string that must be valid UTF-8 (import, export and custom names)."""
        raw = self.string()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.error("malformed UTF-8 encoding", self.i - 1) from None
        return raw

    def number(self, convert, *args):
        """A number token converted by `convert(text, *args)` (gvm.text.numbers)."""
        if self.kind() != NUMBER:
            raise self.unexpected()
        try:
            value = convert(self.text(), *args)
        except numbers.LiteralError as e:
            raise self.error(e.args[0]) from None
        self.i += 1
        return value

    def u32(self):
        return self.number(numbers.integer, 32, False)

    def u64(self):
        return self.number(numbers.integer, 64, False)

    def at_u32(self):
        return self.kind() == NUMBER and numbers.UNSIGNED_RE.fullmatch(self.text()) is not None

    def skip_to_close(self):
        """Skip the rest of the current parenthesised form, its `)` included."""
        depth = 1
        toks = self.toks
        while depth:
            if self.i >= len(toks):
                raise self.unexpected()
            kind = toks[self.i][0]
            depth += 1 if kind == LPAR else -1 if kind == RPAR else 0
            self.i += 1
