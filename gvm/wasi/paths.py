"""The path functions of WASI preview 1, `path_*`: opening, creating, linking, renaming,
removing and inspecting files by a path relative to a directory descriptor. Every path
goes through fs.resolve, which keeps it inside that directory; the host calls then
act relative to the directory resolve returns, never following a symlink themselves."""
import os
import stat
from contextlib import contextmanager

from . import errno
from . import witx as W
from .errno import WasiError
from .fds import Directory, File, filetype_of, translate
from .filestat import new_times, write_filestat
from .fs import names_directory, resolve
from .syscall import syscall


def _follows(lookupflags):
    return bool(lookupflags & W.LOOKUP_SYMLINK_FOLLOW)


# --- opening -----------------------------------------------------------------------------
_OFLAGS = {W.OFLAGS_CREAT: os.O_CREAT, W.OFLAGS_DIRECTORY: os.O_DIRECTORY,
           W.OFLAGS_EXCL: os.O_EXCL, W.OFLAGS_TRUNC: os.O_TRUNC}
_FDFLAGS = {W.FDFLAGS_APPEND: os.O_APPEND, W.FDFLAGS_DSYNC: os.O_DSYNC,
            W.FDFLAGS_NONBLOCK: os.O_NONBLOCK, W.FDFLAGS_SYNC: os.O_SYNC,
            # Hosts without O_RSYNC (macOS) get the stronger O_SYNC.
            W.FDFLAGS_RSYNC: getattr(os, "O_RSYNC", os.O_SYNC)}
_WRITING = W.RIGHT_FD_WRITE | W.RIGHT_FD_ALLOCATE | W.RIGHT_FD_FILESTAT_SET_SIZE
_READING = W.RIGHT_FD_READ | W.RIGHT_FD_READDIR


def _host_flags(path, oflags, rights, fdflags):
    """os.open flags for path_open: the access mode follows from the rights asked for."""
    writing, reading = rights & _WRITING, rights & _READING
    flags = os.O_RDWR if writing and reading else os.O_WRONLY if writing else os.O_RDONLY
    flags |= translate(oflags, _OFLAGS) | translate(fdflags, _FDFLAGS)
    if names_directory(path):
        flags |= os.O_DIRECTORY
    return flags | os.O_NOFOLLOW | os.O_CLOEXEC


def _rights_to_open(oflags):
    needed = W.RIGHT_PATH_OPEN
    if oflags & W.OFLAGS_CREAT:
        needed |= W.RIGHT_PATH_CREATE_FILE
    if oflags & W.OFLAGS_TRUNC:
        needed |= W.RIGHT_PATH_FILESTAT_SET_SIZE
    return needed


def _descriptor(host_fd, rights, inheriting, fdflags):
    """Wrap a freshly opened host descriptor; its rights are those that make sense for
    what it turned out to be."""
    filetype = filetype_of(os.fstat(host_fd).st_mode)
    if filetype == W.FILETYPE_DIRECTORY:
        return Directory(host_fd, rights & W.DIRECTORY_RIGHTS, inheriting)
    desc = File(host_fd, rights & W.FILE_RIGHTS, inheriting, fdflags)
    desc.filetype = filetype
    return desc


@syscall("i32 i32 i32 i32 i32 i64 i64 i32 i32")
def path_open(wasi, fd, dirflags, path_ptr, path_len, oflags, rights, inheriting, fdflags,
              fd_ptr):
    parent = wasi.fds.directory(fd, _rights_to_open(oflags))
    mem = wasi.memory
    path = mem.path(path_ptr, path_len)
    # O_CREAT|O_EXCL must fail on an existing name, even a symlink: never follow it.
    exclusive = oflags & W.OFLAGS_CREAT and oflags & W.OFLAGS_EXCL
    flags = _host_flags(path, oflags, rights, fdflags)
    with resolve(parent.fd, path, _follows(dirflags) and not exclusive) as (dir_fd, name):
        host_fd = os.open(name, flags, 0o666, dir_fd=dir_fd)
    try:
        desc = _descriptor(host_fd, rights & parent.inheriting, inheriting & parent.inheriting,
                           fdflags)
    except OSError:
        os.close(host_fd)
        raise
    mem.set_u32(fd_ptr, wasi.fds.add(desc))


# --- directories and links ----------------------------------------------------------------------
def _path(wasi, fd, rights, path_ptr, path_len):
    """(host directory fd, guest path) of a path argument."""
    return wasi.fds.directory(fd, rights).fd, wasi.memory.path(path_ptr, path_len)


@syscall("i32 i32 i32")
def path_create_directory(wasi, fd, path_ptr, path_len):
    base, path = _path(wasi, fd, W.RIGHT_PATH_CREATE_DIRECTORY, path_ptr, path_len)
    with resolve(base, path) as (dir_fd, name):
        os.mkdir(name, dir_fd=dir_fd)


@syscall("i32 i32 i32")
def path_remove_directory(wasi, fd, path_ptr, path_len):
    base, path = _path(wasi, fd, W.RIGHT_PATH_REMOVE_DIRECTORY, path_ptr, path_len)
    with resolve(base, path) as (dir_fd, name):
        os.rmdir(name, dir_fd=dir_fd)


@syscall("i32 i32 i32")
def path_unlink_file(wasi, fd, path_ptr, path_len):
    base, path = _path(wasi, fd, W.RIGHT_PATH_UNLINK_FILE, path_ptr, path_len)
    with resolve(base, path) as (dir_fd, name):
        os.unlink(name, dir_fd=dir_fd)


@syscall("i32 i32 i32 i32 i32 i32")
def path_rename(wasi, fd, old_ptr, old_len, new_fd, new_ptr, new_len):
    old_base, old = _path(wasi, fd, W.RIGHT_PATH_RENAME_SOURCE, old_ptr, old_len)
    new_base, new = _path(wasi, new_fd, W.RIGHT_PATH_RENAME_TARGET, new_ptr, new_len)
    with resolve(old_base, old) as (old_dir, old_name), \
            resolve(new_base, new) as (new_dir, new_name):
        os.rename(old_name, new_name, src_dir_fd=old_dir, dst_dir_fd=new_dir)


@contextmanager
def resolve_new_link(base, path):
    """resolve() for the path of a link or symlink to be made. A link is never a
    directory, so a path naming one (ending in "/") cannot be made: ENOENT when nothing
    is there (as Linux's linkat and symlinkat say), EEXIST when a directory or a symlink
    is (never followed: what it points to is not where the link would go), ENOTDIR
    when a file is (as the WASI test suite expects)."""
    if not names_directory(path):
        with resolve(base, path) as found:
            yield found
        return
    with resolve(base, path.rstrip(b"/") or path) as (dir_fd, name):
        try:
            mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            raise WasiError(errno.NOENT) from None
    raise WasiError(errno.EXIST if stat.S_ISDIR(mode) or stat.S_ISLNK(mode) else errno.NOTDIR)


@syscall("i32 i32 i32 i32 i32 i32 i32")
def path_link(wasi, old_fd, old_flags, old_ptr, old_len, new_fd, new_ptr, new_len):
    old_base, old = _path(wasi, old_fd, W.RIGHT_PATH_LINK_SOURCE, old_ptr, old_len)
    new_base, new = _path(wasi, new_fd, W.RIGHT_PATH_LINK_TARGET, new_ptr, new_len)
    with resolve(old_base, old, _follows(old_flags)) as (old_dir, old_name), \
            resolve_new_link(new_base, new) as (new_dir, new_name):
        os.link(old_name, new_name, src_dir_fd=old_dir, dst_dir_fd=new_dir,
                follow_symlinks=False)


@syscall("i32 i32 i32 i32 i32")
def path_symlink(wasi, target_ptr, target_len, fd, path_ptr, path_len):
    target = wasi.memory.path(target_ptr, target_len)
    base, path = _path(wasi, fd, W.RIGHT_PATH_SYMLINK, path_ptr, path_len)
    # An absolute target could never be followed from inside (fs.resolve refuses
    # it), but a host process might: do not plant one (wasmtime refuses them too).
    if target.startswith(b"/"):
        raise WasiError(errno.PERM)
    with resolve_new_link(base, path) as (dir_fd, name):
        os.symlink(target, name, dir_fd=dir_fd)


@syscall("i32 i32 i32 i32 i32 i32")
def path_readlink(wasi, fd, path_ptr, path_len, buf, buf_len, bufused_ptr):
    base, path = _path(wasi, fd, W.RIGHT_PATH_READLINK, path_ptr, path_len)
    with resolve(base, path) as (dir_fd, name):
        target = os.readlink(name, dir_fd=dir_fd)[:buf_len]
    mem = wasi.memory
    mem.write(buf, target)
    mem.set_u32(bufused_ptr, len(target))


# --- filestat by path ----------------------------------------------------------------------------
@syscall("i32 i32 i32 i32 i32")
def path_filestat_get(wasi, fd, flags, path_ptr, path_len, filestat_ptr):
    base, path = _path(wasi, fd, W.RIGHT_PATH_FILESTAT_GET, path_ptr, path_len)
    with resolve(base, path, _follows(flags)) as (dir_fd, name):
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    write_filestat(wasi.memory, filestat_ptr, st)


@syscall("i32 i32 i32 i32 i64 i64 i32")
def path_filestat_set_times(wasi, fd, flags, path_ptr, path_len, atim, mtim, fstflags):
    base, path = _path(wasi, fd, W.RIGHT_PATH_FILESTAT_SET_TIMES, path_ptr, path_len)
    with resolve(base, path, _follows(flags)) as (dir_fd, name):
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        os.utime(name, ns=new_times(st, atim, mtim, fstflags), dir_fd=dir_fd,
                 follow_symlinks=False)
