"""Table instances (spec 4.2.7): a list of references that only grows, within the
host's limits (limits.py)."""
from .. import types as T
from .. import values as V
from ..errors import LinkError, Trap
from .limits import check_entries, entry_limit


class Table:
    """`address_mask`: as for Memory, the width of its indices (i32, or i64)."""
    __slots__ = ("type", "elements", "address_mask", "max", "types")

    def __init__(self, tabletype, init=None, max_entries=None, what="table", types=None):
        """`max_entries` caps the size (a host resource limit, limits.DEFAULT_MAX_TABLE
        by default): a LimitExceeded (a LinkError) if the initial size is above it.
        `what` names the table in that error."""
        self.type = tabletype
        self.types = types      # as Global.types: for the element type's type indices
        self.address_mask = V.MASK64 if T.is_64(tabletype.limits) else V.MASK32
        self.max = entry_limit(tabletype, max_entries)[0]
        check_entries(what, tabletype.limits.min, tabletype, max_entries)
        try:
            self.elements = [init] * tabletype.limits.min
        except MemoryError:
            raise LinkError(f"{what} of {tabletype.limits.min} entries cannot be allocated: "
                            f"the host is out of memory") from None

    def grow(self, delta, init=None):
        """Grow by `delta` entries set to `init`; return the old size, or -1."""
        old = len(self.elements)
        if delta < 0 or old + delta > self.max:
            return -1
        try:
            self.elements.extend([init] * delta)
        except MemoryError:
            return -1
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
