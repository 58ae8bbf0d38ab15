"""The guest's file descriptors (the `fd` handle of WASI preview 1) and their rights.

A descriptor is one of three kinds: a stream (stdin, stdout, stderr: a Python binary
file object), a regular file or a directory (a host file descriptor). Each carries the
two rights sets of the spec: `rights` (what it may do itself) and `inheriting` (what a
descriptor opened through it may get); fd_fdstat_set_rights can only narrow them.
Operations a kind does not support fail as POSIX fails them.
"""
import os
import stat

from . import errno
from . import witx as W
from .errno import WasiError


class Descriptor:
    filetype = W.FILETYPE_UNKNOWN

    def __init__(self, rights, inheriting, flags=0):
        self.rights = rights
        self.inheriting = inheriting
        self.flags = flags          # fdflags

    def read(self, size):
        raise WasiError(errno.BADF)

    def write(self, data):
        raise WasiError(errno.BADF)

    def pread(self, size, offset):
        raise WasiError(errno.SPIPE)

    def pwrite(self, data, offset):
        raise WasiError(errno.SPIPE)

    def seek(self, offset, whence):
        raise WasiError(errno.SPIPE)

    def host_fd(self):
        """The host file descriptor behind this one, for fsync, ftruncate and the like."""
        raise WasiError(errno.BADF)

    def stat(self):
        return os.fstat(self.host_fd())

    def close(self):
        pass


class Stream(Descriptor):
    """stdin, stdout or stderr: a Python binary file object, flushed after each write
    so the guest's output interleaves with the host's as it was written."""

    def __init__(self, stream, readable):
        rights = W.STREAM_RIGHTS & ~(W.RIGHT_FD_WRITE if readable else W.RIGHT_FD_READ)
        super().__init__(rights, 0)
        self.stream = stream
        self.filetype = W.FILETYPE_CHARACTER_DEVICE if self._is_tty() else W.FILETYPE_UNKNOWN

    def _is_tty(self):
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def read(self, size):
        # read1 returns what is available (at most one read of the underlying file)
        # rather than blocking until `size` bytes came: a terminal gives a line.
        read1 = getattr(self.stream, "read1", self.stream.read)
        return read1(size)

    def write(self, data):
        self.stream.write(data)
        self.stream.flush()
        return len(data)

    def host_fd(self):
        try:
            return self.stream.fileno()
        except (AttributeError, OSError, ValueError):
            raise WasiError(errno.BADF) from None

    def stat(self):
        try:
            return super().stat()
        except WasiError:
            return None     # an in-memory stream: nothing to tell but its file type


class HostFile(Descriptor):
    """A descriptor backed by a host file descriptor it owns."""

    def __init__(self, fd, rights, inheriting, flags=0):
        super().__init__(rights, inheriting, flags)
        self.fd = fd

    def host_fd(self):
        if self.fd is None:
            raise WasiError(errno.BADF)
        return self.fd

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class File(HostFile):
    filetype = W.FILETYPE_REGULAR_FILE

    def read(self, size):
        return os.read(self.fd, size)

    def write(self, data):
        return os.write(self.fd, data)

    def pread(self, size, offset):
        return os.pread(self.fd, size, offset)

    def pwrite(self, data, offset):
        return os.pwrite(self.fd, data, offset)

    def seek(self, offset, whence):
        return os.lseek(self.fd, offset, whence)


class Directory(HostFile):
    """A directory. `guest_path` is set for preopened ones: the name the guest knows
    them by (fd_prestat_dir_name). `listing` caches the entries fd_readdir reads."""
    filetype = W.FILETYPE_DIRECTORY

    def __init__(self, fd, rights, inheriting, guest_path=None):
        super().__init__(fd, rights, inheriting)
        self.guest_path = guest_path
        self.listing = None

    def read(self, size):
        raise WasiError(errno.ISDIR)

    def pread(self, size, offset):
        raise WasiError(errno.ISDIR)


def open_preopen(host_path, guest_path):
    """A preopened directory: all directory rights, all rights to inherit."""
    fd = os.open(host_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    return Directory(fd, W.DIRECTORY_RIGHTS, W.ALL_RIGHTS, guest_path)


def filetype_of(mode):
    """The WASI filetype of a host st_mode."""
    if stat.S_ISREG(mode):
        return W.FILETYPE_REGULAR_FILE
    if stat.S_ISDIR(mode):
        return W.FILETYPE_DIRECTORY
    if stat.S_ISLNK(mode):
        return W.FILETYPE_SYMBOLIC_LINK
    if stat.S_ISCHR(mode):
        return W.FILETYPE_CHARACTER_DEVICE
    if stat.S_ISBLK(mode):
        return W.FILETYPE_BLOCK_DEVICE
    if stat.S_ISSOCK(mode):
        return W.FILETYPE_SOCKET_STREAM
    return W.FILETYPE_UNKNOWN


def translate(bits, table):
    """Host flags for WASI flag `bits`, given {WASI bit: host flag}."""
    host = 0
    for bit, host_flag in table.items():
        if bits & bit:
            host |= host_flag
    return host


class FdTable:
    """The descriptors of one guest by number. New descriptors take the lowest free
    number, as POSIX open() does."""

    def __init__(self):
        self._fds = {}

    def add(self, desc):
        fd = 0
        while fd in self._fds:
            fd += 1
        self._fds[fd] = desc
        return fd

    def get(self, fd, rights=0):
        """The descriptor `fd`, which must hold all of `rights`."""
        desc = self._fds.get(fd)
        if desc is None:
            raise WasiError(errno.BADF)
        if rights & ~desc.rights:
            raise WasiError(errno.NOTCAPABLE)
        return desc

    def directory(self, fd, rights=0):
        desc = self.get(fd, rights)
        if not isinstance(desc, Directory):
            raise WasiError(errno.NOTDIR)
        return desc

    def close(self, fd):
        self.get(fd).close()
        del self._fds[fd]

    def renumber(self, fd, to):
        """fd_renumber: `to` (which must be open) is closed and `fd` becomes `to`."""
        desc = self.get(fd)
        self.get(to)
        if fd != to:
            self.close(to)
            self._fds[to] = desc
            del self._fds[fd]

    def close_all(self):
        for fd in list(self._fds):
            self.close(fd)
