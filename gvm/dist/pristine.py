"""Callers isolated from each other: every call on a node runs in an instance that is
exactly as instantiation left it, never one that shows what another caller did.

Making an instance for every call would cost more than the call (a WASI reactor's
imports alone take most of a millisecond), so instances are pooled and *reset*
after each call instead: right after instantiation (and a reactor's _initialize),
Pristine records everything a call can change, and reset() puts it back:

  - each linear memory: its size and its bytes (the pages that are not all zero;
    the rest comes back as fresh zero pages, which cost nothing until used);
  - each table: its size and its references;
  - each mutable global: its value;
  - the data and element segments that memory.init and table.init read
    (data.drop and elem.drop empty them);
  - the WASI descriptors (a guest may close or renumber its standard streams).

That is all the state a module defined by itself holds, and a node's modules
import nothing but WASI functions: no memory, table or global of theirs is
shared with anything else.  A reset costs about the size of the memory it puts
back; a module without a memory resets in microseconds.
"""

from .. import types as T
from ..wasi import Wasi

try:    # fresh zero pages, touched only when used (see gvm/_fast/pages.pyx)
    from .._fast.pages import zeroed_bytearray
except ImportError:
    zeroed_bytearray = bytearray

_ZERO_PAGE = bytes(T.PAGE_SIZE)


class Pristine:
    """An instance for calls, with the state it had when it was made; `wasi` is the
    gvm.wasi.Wasi its imports come from, or None if it imports none."""

    __slots__ = ("instance", "wasi", "_memories", "_tables", "_globals", "_datas", "_elems")

    def __init__(self, instance, wasi=None):
        self.instance = instance
        self.wasi = wasi
        self._memories = [(memory, len(memory.data), _written_pages(memory.data)) for memory in instance.mems]
        self._tables = [(table, list(table.elements)) for table in instance.tables]
        self._globals = [(g, g.value) for g in instance.globals if g.type.mutable]
        self._datas = list(instance.datas)
        self._elems = list(instance.elems)

    def reset(self):
        """Put back everything a call may have changed."""
        for memory, size, pages in self._memories:
            data = zeroed_bytearray(size)
            for offset, page in pages:
                data[offset : offset + len(page)] = page
            memory.data = data
        for table, elements in self._tables:
            table.elements[:] = elements  # the same list: engines may hold it
        for g, value in self._globals:
            g.value = value
        self.instance.datas[:] = self._datas
        self.instance.elems[:] = self._elems
        if self.wasi is not None:
            fresh = Wasi()  # a node's calls have null standard streams and no files
            self.wasi.fds, fresh.fds = fresh.fds, self.wasi.fds
            fresh.close()  # what the guest left open


def _written_pages(data):
    """(offset, bytes) of each page of `data` that is not all zeros."""
    pages = []
    for offset in range(0, len(data), T.PAGE_SIZE):
        page = bytes(data[offset : offset + T.PAGE_SIZE])
        if page != _ZERO_PAGE[: len(page)]:
            pages.append((offset, page))
    return pages
