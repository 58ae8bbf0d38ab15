"""The `filestat` structure of WASI preview 1 and the time-stamp rules of `fstflags`,
shared by fd_filestat_get/set_times and path_filestat_get/set_times."""
import struct
import time

from ..values import MASK64
from . import errno
from . import witx as W
from .errno import WasiError
from .fds import filetype_of

# dev, ino, filetype (then 7 bytes of padding), nlink, size, atim, mtim, ctim
_FILESTAT = struct.Struct("<QQB7xQQQQQ")


def write_filestat(mem, ptr, st, filetype=None):
    """Store host stat result `st` at `ptr`; `st` None (a stream with no host file
    behind it) stores zeros but for the file type."""
    if st is None:
        mem.write(ptr, _FILESTAT.pack(0, 0, filetype or W.FILETYPE_UNKNOWN, 0, 0, 0, 0, 0))
        return
    # Time stamps before 1970 are negative on the host; WASI's are u64 (two's complement).
    mem.write(ptr, _FILESTAT.pack(
        st.st_dev & MASK64, st.st_ino & MASK64,
        filetype if filetype is not None else filetype_of(st.st_mode),
        st.st_nlink, st.st_size,
        st.st_atime_ns & MASK64, st.st_mtime_ns & MASK64, st.st_ctime_ns & MASK64))


def new_times(st, atim, mtim, fstflags):
    """(atime, mtime) in ns for os.utime: each time stamp is the one given, now, or
    unchanged (taken from `st`, the current stat), as `fstflags` says."""
    if (fstflags & W.FSTFLAGS_ATIM and fstflags & W.FSTFLAGS_ATIM_NOW
            or fstflags & W.FSTFLAGS_MTIM and fstflags & W.FSTFLAGS_MTIM_NOW):
        raise WasiError(errno.INVAL)
    now = time.time_ns()

    def pick(given, set_bit, now_bit, current):
        if fstflags & set_bit:
            return given
        return now if fstflags & now_bit else current
    return (pick(atim, W.FSTFLAGS_ATIM, W.FSTFLAGS_ATIM_NOW, st.st_atime_ns),
            pick(mtim, W.FSTFLAGS_MTIM, W.FSTFLAGS_MTIM_NOW, st.st_mtime_ns))
