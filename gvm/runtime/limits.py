"""Resource limits of the host, which the spec leaves to the implementation: how large
a linear memory or a table may become. They are checked wherever one gets its size:
allocated at instantiation, imported, or grown (where exceeding them makes
`memory.grow`/`table.grow` return -1, as the spec allows).

- Memories: at most 65,536 pages (4 GiB), 64-bit memories included (an implementation
  limit); `max_memory=BYTES` (`--max-memory`) lowers it.
- Tables: at most DEFAULT_MAX_TABLE entries unless `max_table=ENTRIES` (`--max-table`)
  says otherwise: a table is a Python list, 8 bytes an entry, so the spec's 2^32-1
  would be 32 GiB.
"""
from .. import types as T
from ..errors import LinkError

DEFAULT_MAX_TABLE = 10_000_000      # 80 MB of references


class LimitExceeded(LinkError):
    """A memory or table larger than a limit. `setting` is the name of the option that
    set the limit (max_memory, max_table), or None for an implementation limit."""

    def __init__(self, what, size, limit, setting):
        self.what, self.size, self.limit, self.setting = what, size, limit, setting
        super().__init__(self.text(setting))

    def text(self, setting_name):
        """The message, naming the limit's setting as the caller knows it."""
        by = f"set by {setting_name}" if self.setting else "of this implementation"
        return f"{self.what} of {self.size} exceeds the limit of {self.limit} {by}"


def page_limit(memtype, max_bytes):
    """(pages a memory of `memtype` may have, the setting that decided it or None)."""
    limit, setting = T.MAX_PAGES, None
    if memtype.limits.max is not None and memtype.limits.max < limit:
        limit = memtype.limits.max
    if max_bytes is not None and max_bytes // T.PAGE_SIZE < limit:
        limit, setting = max_bytes // T.PAGE_SIZE, "max_memory"
    return limit, setting


def entry_limit(tabletype, max_entries):
    """(entries a table of `tabletype` may have, the setting that decided it)."""
    limit = DEFAULT_MAX_TABLE if max_entries is None else max_entries
    if tabletype.limits.max is not None and tabletype.limits.max < limit:
        return tabletype.limits.max, None
    return limit, "max_table"


def check_pages(what, pages, memtype, max_bytes):
    limit, setting = page_limit(memtype, max_bytes)
    if pages > limit:
        raise LimitExceeded(what, pages_text(pages), pages_text(limit), setting)


def check_entries(what, entries, tabletype, max_entries):
    limit, setting = entry_limit(tabletype, max_entries)
    if entries > limit:
        raise LimitExceeded(what, f"{entries} entries", f"{limit} entries", setting)


def pages_text(pages):
    return f"{pages} pages ({size_text(pages * T.PAGE_SIZE)})"


def size_text(size):
    """`size` bytes in GiB, MiB or KiB when whole, else in MiB to two places."""
    for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.2f} MiB"
    return f"{size >> 10} KiB" if size >= 1 << 10 and size % (1 << 10) == 0 else f"{size} bytes"
