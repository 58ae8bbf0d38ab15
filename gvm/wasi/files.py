"""The descriptor functions of WASI preview 1, `fd_*`: reading, writing, seeking,
syncing, the fdstat and filestat of an open descriptor, preopens and the fd table.
(fd_readdir is in directories.py.)"""
import os
import struct

from ..values import signed64
from . import errno
from . import witx as W
from .errno import WasiError
from .fds import Directory, File, Stream, translate
from .filestat import new_times, write_filestat
from .syscall import syscall


# --- reading and writing -----------------------------------------------------------------
@syscall("i32 i32 i32 i32")
def fd_read(wasi, fd, iovs, iovs_len, nread_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_READ)
    mem = wasi.memory
    buffers = mem.iovecs(iovs, iovs_len)
    data = desc.read(sum(size for _, size in buffers))
    mem.scatter(buffers, data)
    mem.set_u32(nread_ptr, len(data))


@syscall("i32 i32 i32 i32")
def fd_write(wasi, fd, iovs, iovs_len, nwritten_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_WRITE)
    mem = wasi.memory
    mem.set_u32(nwritten_ptr, desc.write(mem.gather(iovs, iovs_len)))


@syscall("i32 i32 i32 i64 i32")
def fd_pread(wasi, fd, iovs, iovs_len, offset, nread_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_READ | W.RIGHT_FD_SEEK)
    mem = wasi.memory
    buffers = mem.iovecs(iovs, iovs_len)
    data = desc.pread(sum(size for _, size in buffers), offset)
    mem.scatter(buffers, data)
    mem.set_u32(nread_ptr, len(data))


@syscall("i32 i32 i32 i64 i32")
def fd_pwrite(wasi, fd, iovs, iovs_len, offset, nwritten_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_WRITE | W.RIGHT_FD_SEEK)
    mem = wasi.memory
    mem.set_u32(nwritten_ptr, desc.pwrite(mem.gather(iovs, iovs_len), offset))


# --- the file position ---------------------------------------------------------------------
_WHENCE = {W.WHENCE_SET: os.SEEK_SET, W.WHENCE_CUR: os.SEEK_CUR, W.WHENCE_END: os.SEEK_END}


@syscall("i32 i64 i32 i32")
def fd_seek(wasi, fd, offset, whence, newoffset_ptr):
    offset = signed64(offset)
    # Asking where we are is all fd_tell does, and needs only its right.
    telling = offset == 0 and whence == W.WHENCE_CUR
    desc = wasi.fds.get(fd, W.RIGHT_FD_TELL if telling else W.RIGHT_FD_SEEK)
    if whence not in _WHENCE:
        raise WasiError(errno.INVAL)
    wasi.memory.set_u64(newoffset_ptr, desc.seek(offset, _WHENCE[whence]))


@syscall("i32 i32")
def fd_tell(wasi, fd, offset_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_TELL)
    wasi.memory.set_u64(offset_ptr, desc.seek(0, os.SEEK_CUR))


# --- syncing, advice and allocation ----------------------------------------------------------
@syscall("i32")
def fd_sync(wasi, fd):
    os.fsync(wasi.fds.get(fd, W.RIGHT_FD_SYNC).host_fd())


@syscall("i32")
def fd_datasync(wasi, fd):
    host_fd = wasi.fds.get(fd, W.RIGHT_FD_DATASYNC).host_fd()
    # macOS has no fdatasync; a full fsync does more than asked, never less.
    getattr(os, "fdatasync", os.fsync)(host_fd)


_ADVICE = {W.ADVICE_NORMAL: "POSIX_FADV_NORMAL", W.ADVICE_SEQUENTIAL: "POSIX_FADV_SEQUENTIAL",
           W.ADVICE_RANDOM: "POSIX_FADV_RANDOM", W.ADVICE_WILLNEED: "POSIX_FADV_WILLNEED",
           W.ADVICE_DONTNEED: "POSIX_FADV_DONTNEED", W.ADVICE_NOREUSE: "POSIX_FADV_NOREUSE"}


@syscall("i32 i64 i64 i32")
def fd_advise(wasi, fd, offset, length, advice):
    host_fd = wasi.fds.get(fd, W.RIGHT_FD_ADVISE).host_fd()
    if advice not in _ADVICE:
        raise WasiError(errno.INVAL)
    # Advice is only a hint: where the host takes none (macOS), ignoring it is correct.
    if hasattr(os, "posix_fadvise"):
        os.posix_fadvise(host_fd, offset, length, getattr(os, _ADVICE[advice]))


@syscall("i32 i64 i64")
def fd_allocate(wasi, fd, offset, length):
    desc = wasi.fds.get(fd, W.RIGHT_FD_ALLOCATE)
    if not isinstance(desc, File):
        raise WasiError(errno.BADF)
    # What the guest can observe of an allocation is the size: grow the file to cover
    # the range (posix_fallocate is missing on some hosts and some file systems).
    if offset + length > os.fstat(desc.fd).st_size:
        os.ftruncate(desc.fd, offset + length)


# --- fdstat: file type, flags and rights --------------------------------------------------------
_FDSTAT = struct.Struct("<BxHxxxxQQ")   # filetype, flags, rights, inheriting rights


@syscall("i32 i32")
def fd_fdstat_get(wasi, fd, fdstat_ptr):
    desc = wasi.fds.get(fd)
    wasi.memory.write(fdstat_ptr, _FDSTAT.pack(desc.filetype, desc.flags, desc.rights,
                                               desc.inheriting))


# Only these flags can change on an open descriptor (as with POSIX fcntl F_SETFL).
_HOST_FLAGS = {W.FDFLAGS_APPEND: os.O_APPEND, W.FDFLAGS_NONBLOCK: os.O_NONBLOCK}


@syscall("i32 i32")
def fd_fdstat_set_flags(wasi, fd, flags):
    desc = wasi.fds.get(fd, W.RIGHT_FD_FDSTAT_SET_FLAGS)
    if flags & ~(W.FDFLAGS_APPEND | W.FDFLAGS_NONBLOCK):
        raise WasiError(errno.INVAL)
    if isinstance(desc, File):
        import fcntl
        kept = fcntl.fcntl(desc.fd, fcntl.F_GETFL) & ~(os.O_APPEND | os.O_NONBLOCK)
        fcntl.fcntl(desc.fd, fcntl.F_SETFL, kept | translate(flags, _HOST_FLAGS))
    elif isinstance(desc, Stream):
        # Never on the host's own stdin or stdout: the shell shares them.
        raise WasiError(errno.NOTSUP)
    desc.flags = flags


@syscall("i32 i64 i64")
def fd_fdstat_set_rights(wasi, fd, rights, inheriting):
    desc = wasi.fds.get(fd)
    if rights & ~desc.rights or inheriting & ~desc.inheriting:
        raise WasiError(errno.NOTCAPABLE)
    desc.rights, desc.inheriting = rights, inheriting


# --- filestat: size and time stamps ---------------------------------------------------------------
@syscall("i32 i32")
def fd_filestat_get(wasi, fd, filestat_ptr):
    desc = wasi.fds.get(fd, W.RIGHT_FD_FILESTAT_GET)
    write_filestat(wasi.memory, filestat_ptr, desc.stat(), desc.filetype)


@syscall("i32 i64")
def fd_filestat_set_size(wasi, fd, size):
    os.ftruncate(wasi.fds.get(fd, W.RIGHT_FD_FILESTAT_SET_SIZE).host_fd(), size)


@syscall("i32 i64 i64 i32")
def fd_filestat_set_times(wasi, fd, atim, mtim, fstflags):
    host_fd = wasi.fds.get(fd, W.RIGHT_FD_FILESTAT_SET_TIMES).host_fd()
    os.utime(host_fd, ns=new_times(os.fstat(host_fd), atim, mtim, fstflags))


# --- preopened directories -------------------------------------------------------------------------
_PRESTAT = struct.Struct("<BxxxI")      # tag (always "dir"), length of the name

def _preopen(wasi, fd):
    desc = wasi.fds.get(fd)
    if not isinstance(desc, Directory) or desc.guest_path is None:
        raise WasiError(errno.BADF)
    return desc.guest_path


@syscall("i32 i32")
def fd_prestat_get(wasi, fd, prestat_ptr):
    name = _preopen(wasi, fd)
    wasi.memory.write(prestat_ptr, _PRESTAT.pack(W.PREOPENTYPE_DIR, len(name)))


@syscall("i32 i32 i32")
def fd_prestat_dir_name(wasi, fd, path_ptr, path_len):
    name = _preopen(wasi, fd)
    if path_len < len(name):
        raise WasiError(errno.NAMETOOLONG)
    wasi.memory.write(path_ptr, name)


# --- the table itself ----------------------------------------------------------------------------------
@syscall("i32")
def fd_close(wasi, fd):
    wasi.fds.close(fd)


@syscall("i32 i32")
def fd_renumber(wasi, fd, to):
    wasi.fds.renumber(fd, to)
