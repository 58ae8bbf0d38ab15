"""Memory instances (spec 4.2.8): a bytearray of whole 64 KiB pages that only grows,
within the host's limits (limits.py)."""
from .. import types as T
from .. import values as V
from ..errors import LinkError, Trap
from .limits import check_pages, page_limit, pages_text

try:    # pages the program does not use cost nothing (see gvm/_fast/pages.pyx)
    from .._fast.pages import zeroed_bytearray, extend_zeroed
except ImportError:
    zeroed_bytearray = bytearray

    def extend_zeroed(data, extra, room=0):
        data.extend(bytes(extra))


class Memory:
    """`address_mask` is all ones in the width of its addresses (i32, or i64 for a 64-bit
    memory): memory.grow's failure value -1 is that mask. `refused`: the size in pages
    of the last growth that only `max_bytes` refused (0: none), for the command line's
    hint when a program ends for want of memory."""
    __slots__ = ("type", "data", "max_pages", "address_mask", "refused")

    def __init__(self, memtype, max_bytes=None, what="memory"):
        """`max_bytes` caps the size below the type's maximum (a host resource limit):
        a LimitExceeded (a LinkError) if the initial size is above it. `what` names the
        memory in that error."""
        if not isinstance(memtype, T.MemType):
            memtype = T.MemType(T.Limits(*memtype))
        self.type = memtype
        self.address_mask = V.MASK64 if T.is_64(memtype.limits) else V.MASK32
        self.max_pages = page_limit(memtype, max_bytes)[0]
        self.refused = 0
        check_pages(what, memtype.limits.min, memtype, max_bytes)
        try:
            self.data = zeroed_bytearray(memtype.limits.min * T.PAGE_SIZE)
        except MemoryError:
            raise LinkError(f"{what} of {pages_text(memtype.limits.min)} cannot be "
                            f"allocated: the host is out of memory") from None

    @property
    def pages(self):
        return len(self.data) // T.PAGE_SIZE

    def grow(self, delta):
        """Grow by `delta` pages; return the old size in pages, or -1 if it cannot."""
        old = self.pages
        if delta < 0 or old + delta > self.max_pages:
            if 0 <= delta and old + delta <= page_limit(self.type, None)[0]:
                self.refused = old + delta
            return -1
        try:
            extend_zeroed(self.data, delta * T.PAGE_SIZE, self.max_pages * T.PAGE_SIZE)
        except MemoryError:
            return -1
        return old

    def init(self, segment, dst, src, n):
        """`memory.init` (and active data segments): copy n bytes of a data segment."""
        if src + n > len(segment) or dst + n > len(self.data):
            raise Trap("out of bounds memory access")
        self.data[dst:dst + n] = segment[src:src + n]

    def read(self, addr, size):
        if addr < 0 or size < 0 or addr + size > len(self.data):
            raise IndexError(f"memory read of {size} bytes at {addr} beyond {len(self.data)}")
        return bytes(self.data[addr:addr + size])

    def write(self, addr, data):
        if addr < 0 or addr + len(data) > len(self.data):
            raise IndexError(f"memory write of {len(data)} bytes at {addr} beyond {len(self.data)}")
        self.data[addr:addr + len(data)] = data

    def __repr__(self):
        return f"<memory {self.pages} pages>"
