"""A cursor over the bytes of a module: spec section 5.1 "Conventions" and 5.2 "Values".

Reads bytes, the LEB128 integers of section 5.2.2, floats (5.2.3), vectors (5.1.3) and
names (5.2.4). Every failure raises `DecodeError` with the text of the spec's reference
interpreter, whose tests compare messages by prefix.

Like the reference interpreter, one cursor runs over the whole module: a section or a
function body that reads past its declared size is caught afterwards, by `sized`, as a
"section size mismatch". Reading past the end of the module is "unexpected end of
section or function" wherever it happens.
"""
from ..errors import DecodeError

UNEXPECTED_END = "unexpected end of section or function"


class Reader:
    """`features` is the feature set the module is decoded with: which encodings are
    legal depends on it, so it travels with the cursor to every reader function."""

    def __init__(self, data, features=frozenset(), pos=0):
        self.data = bytes(data)
        self.features = features
        self.pos = pos
        self.end = len(self.data)

    # --- Errors -------------------------------------------------------------------------

    def error(self, message, offset=None):
        raise DecodeError(message, self.pos if offset is None else offset)

    def require(self, condition, message, offset=None):
        if not condition:
            self.error(message, offset)

    # --- Bytes --------------------------------------------------------------------------

    def at_end(self):
        return self.pos >= self.end

    def peek(self):
        """The next byte without consuming it, or None at the end of the module."""
        return None if self.pos >= self.end else self.data[self.pos]

    def byte(self):
        if self.pos >= self.end:
            self.error(UNEXPECTED_END, self.end)
        b = self.data[self.pos]
        self.pos += 1
        return b

    def bytes(self, n):
        if n < 0 or self.pos + n > self.end:
            self.error(UNEXPECTED_END, self.end)
        start = self.pos
        self.pos += n
        return self.data[start:self.pos]

    def expect(self, b, message):
        """Consume one byte that must equal `b`."""
        self.require(self.byte() == b, message, self.pos - 1)

    def fixed_u32(self):
        """A 32-bit little-endian word (the magic number and version of the preamble)."""
        return int.from_bytes(self.bytes(4), "little")

    # --- Integers (5.2.2) ---------------------------------------------------------------

    def uN(self, n):
        """An unsigned LEB128 integer of at most `n` bits, in at most ceil(n/7) bytes.
        Unused bits of the last byte must be zero."""
        data, pos, end = self.data, self.pos, self.end
        result = shift = 0
        while True:
            if n <= 0:
                self.pos = pos
                self.error("integer representation too long")
            if pos >= end:
                self.error(UNEXPECTED_END, end)
            b = data[pos]
            pos += 1
            if n < 7 and b & 0x7F >= 1 << n:
                self.error("integer too large", pos - 1)
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                self.pos = pos
                return result
            shift += 7
            n -= 7

    def sN(self, n):
        """A signed LEB128 integer of at most `n` bits. Unused bits of the last byte must
        all equal the sign bit."""
        data, pos, end = self.data, self.pos, self.end
        result = shift = 0
        while True:
            if n <= 0:
                self.pos = pos
                self.error("integer representation too long")
            if pos >= end:
                self.error(UNEXPECTED_END, end)
            b = data[pos]
            pos += 1
            if n < 7:
                mask = (-1 << (n - 1)) & 0x7F
                if b & mask not in (0, mask):
                    self.error("integer too large", pos - 1)
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                self.pos = pos
                return result - (1 << shift) if b & 0x40 else result
            n -= 7

    # Most integers in a module fit in one byte; these take that path without a loop.

    def u32(self):
        pos = self.pos
        if pos < self.end:
            b = self.data[pos]
            if b < 0x80:
                self.pos = pos + 1
                return b
        return self.uN(32)

    def u64(self):
        return self.uN(64)

    def _signed(self, n):
        pos = self.pos
        if pos < self.end:
            b = self.data[pos]
            if b < 0x80:
                self.pos = pos + 1
                return b - 0x80 if b & 0x40 else b
        return self.sN(n)

    def s32(self):
        return self._signed(32)

    def s33(self):
        return self._signed(33)

    def s64(self):
        return self._signed(64)

    # --- Vectors and names (5.1.3, 5.2.4) -----------------------------------------------

    def length(self):
        """A u32 count or size. It may not exceed the bytes left from where it starts, as
        every element takes at least one byte: this keeps huge counts from allocating."""
        start = self.pos
        n = self.u32()
        self.require(n <= self.end - start, "length out of bounds", start)
        return n

    def vec(self, read_item):
        return [read_item() for _ in range(self.length())]

    def name(self):
        start = self.pos
        raw = self.bytes(self.length())
        try:
            # Python's strict decoder rejects what the spec rejects: overlong forms,
            # surrogates and code points above U+10FFFF.
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.error("malformed UTF-8 encoding", start)

    def sized(self, read_contents):
        """A u32 size followed by contents that must take exactly that many bytes.
        `read_contents(size)` reads them."""
        size = self.length()
        start = self.pos
        result = read_contents(size)
        self.require(self.pos == start + size, "section size mismatch", start)
        return result
