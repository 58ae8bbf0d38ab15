"""Memory instances (spec 4.2.8): a bytearray of whole 64 KiB pages that only grows,
within the host's limits (limits.py).

Engines that compile to Python (gvm/pyjit/) read and write aligned values through
`memoryview` casts of the bytearray (`views()`), several times cheaper than struct. A
bytearray with views cannot be resized, so every resize goes through this class
(`grow`, `shrink`): it releases the views, resizes, makes new ones and hands them to
the engines that asked for them (`watch`).
"""
import struct
import sys
import weakref

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


LITTLE_ENDIAN = sys.byteorder == "little"
# signed and unsigned 8, 16, 32-bit ints, unsigned 64-bit ints, floats, doubles
VIEW_FORMATS = ("b", "h", "H", "i", "I", "Q", "f", "d")
# the formats of more than a byte, and their sizes (a cast's, native): views of them at
# each offset too
VIEW_SIZES = {f: struct.calcsize(f) for f in VIEW_FORMATS if struct.calcsize(f) > 1}


class Memory:
    """`address_mask` is all ones in the width of its addresses (i32, or i64 for a 64-bit
    memory): memory.grow's failure value -1 is that mask. `refused`: the size in pages
    of the last growth that only `max_bytes` refused (0: none), for the command line's
    hint when a program ends for want of memory."""
    __slots__ = ("type", "data", "max_pages", "address_mask", "refused", "_views",
                 "_watchers")

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
        self._views = None
        self._watchers = None
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
        views = self._release()
        try:
            extend_zeroed(self.data, delta * T.PAGE_SIZE, self.max_pages * T.PAGE_SIZE)
        except MemoryError:
            return -1
        finally:
            self._renew(views)
        return old

    def shrink(self, size):
        """Cut the memory back to `size` bytes (a growth taken back: the debugger's
        undo, a node's reset of an instance)."""
        views = self._release()
        try:
            del self.data[size:]
        finally:
            self._renew(views)

    # --- views for compiled code --------------------------------------------------------
    def views(self):
        """format -> a memoryview of the bytes as an array of that struct format
        (VIEW_FORMATS), in the machine's byte order; format and a byte offset k from 1
        to the item's size - 1 (`"I3"`) -> the array of the items that start at k plus
        a multiple of the size, where an address a of those is at index a // size, so
        that an access of unknown alignment is a view's too (CPython reads and writes a
        view's items by memcpy: any alignment). None on a big-endian machine, where
        they would not read wasm's little-endian values."""
        if not LITTLE_ENDIAN:
            return None
        if self._views is None:
            base = memoryview(self.data)
            self._views = {f: base.cast(f) for f in VIEW_FORMATS}
            n = len(self.data)
            for f, size in VIEW_SIZES.items():
                for k in range(1, size):
                    self._views[f"{f}{k}"] = base[k:k + max(0, n - k) // size * size].cast(f)
            self._views[""] = base
        return self._views

    def watch(self, watcher):
        """Call `watcher.renew(self)` after each resize, while the watcher lives: its
        copies of the views are then stale."""
        if self._watchers is None:
            self._watchers = weakref.WeakSet()
        self._watchers.add(watcher)

    def _release(self):
        views = self._views
        if views is not None:
            for view in views.values():
                view.release()
            self._views = None
        return views

    def _renew(self, views):
        if views is None:
            return
        self.views()
        for watcher in list(self._watchers or ()):
            watcher.renew(self)

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
