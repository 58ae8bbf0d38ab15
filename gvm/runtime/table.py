"""Table instances (spec 4.2.7): a list of references that only grows."""
from .. import types as T
from .. import values as V
from ..errors import Trap

# An implementation limit (the spec allows table.grow to fail): a Python list of 10
# million references already takes 80 MB.
MAX_TABLE_ENTRIES = 10_000_000


class Table:
    """`address_mask`: as for Memory, the width of its indices (i32, or i64)."""
    __slots__ = ("type", "elements", "address_mask")

    def __init__(self, tabletype, init=None):
        self.type = tabletype
        self.address_mask = V.MASK64 if T.is_64(tabletype.limits) else V.MASK32
        self.elements = [init] * tabletype.limits.min

    @property
    def max(self):
        limit = self.type.limits.max
        return MAX_TABLE_ENTRIES if limit is None else min(limit, MAX_TABLE_ENTRIES)

    def grow(self, delta, init=None):
        """Grow by `delta` entries set to `init`; return the old size, or -1."""
        old = len(self.elements)
        if old + delta > self.max:
            return -1
        self.elements.extend([init] * delta)
        return old

    def init(self, segment, dst, src, n):
        """`table.init` (and active element segments): copy n references of a segment."""
        if src + n > len(segment) or dst + n > len(self.elements):
            raise Trap("out of bounds table access")
        self.elements[dst:dst + n] = segment[src:src + n]

    def __len__(self):
        return len(self.elements)

    def __repr__(self):
        return f"<table {len(self.elements)} x {T.type_name(self.type.elem)}>"
