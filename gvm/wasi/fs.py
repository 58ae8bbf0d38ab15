"""Path resolution confined to a directory: how every `path_*` function of WASI preview
1 turns (directory fd, relative path) into something the host can act on safely.

A guest path may only name things beneath the directory it is relative to. The walk
goes one component at a time, holding a host descriptor of each directory it enters,
opened relative to the previous one with O_NOFOLLOW: no host call ever resolves more
than one name, so neither "..", nor a symlink, nor a directory renamed or replaced by a
symlink while we walk can take the walk outside. Symlinks are expanded here, by
reading them and walking their target in their place; a target that is absolute, or
whose ".." climbs above the starting directory, is refused with EPERM (what wasmtime
answers too). The final component is returned unresolved, with the directory that
holds it, for the caller's host call made relative to that directory without following
symlinks.
"""
import errno as host_errno
import os
import stat
from contextlib import contextmanager

from . import errno
from .errno import WasiError

# As Linux's MAXSYMLINKS: more expansions than this in one path means a loop.
MAX_SYMLINKS = 40

_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


@contextmanager
def resolve(base_fd, path, follow=False):
    """Yield (dir_fd, name): the host directory holding the last component of `path`
    (bytes, relative to host directory `base_fd`) and that component's name. With
    `follow`, a symlink in last position is expanded too. A path ending in "/", "." or
    ".." must name a directory (symlinks followed); its `name` may then be b".".
    Directories opened on the way are closed when the block ends."""
    if not path:
        raise WasiError(errno.NOENT)
    if b"\0" in path:
        raise WasiError(errno.INVAL)
    if path.startswith(b"/"):
        raise WasiError(errno.PERM)
    opened = []
    try:
        yield _walk(base_fd, path, follow, opened)
    finally:
        for fd in opened:
            os.close(fd)


def _components(path):
    return [c for c in path.split(b"/") if c not in (b"", b".")]


def names_directory(path):
    return path.rsplit(b"/", 1)[-1] in (b"", b".", b"..")


def _walk(base_fd, path, follow, opened):
    must_be_dir = names_directory(path)
    follow = follow or must_be_dir
    dirs = [base_fd]                        # the directories entered, innermost last
    pending = _components(path)[::-1]       # still to walk, next one last
    expansions = 0
    while pending:
        name = pending.pop()
        if name == b"..":
            if len(dirs) == 1:
                raise WasiError(errno.PERM)
            dirs.pop()
            continue
        last = not pending
        if last and not follow:
            return dirs[-1], name
        target = _symlink_target(dirs[-1], name)
        if target is not None:
            expansions += 1
            if expansions > MAX_SYMLINKS:
                raise WasiError(errno.LOOP)
            if target.startswith(b"/"):
                raise WasiError(errno.PERM)
            must_be_dir = must_be_dir or (last and names_directory(target))
            pending.extend(_components(target)[::-1])
            continue
        if last:
            _check_directory(dirs[-1], name, must_be_dir)
            return dirs[-1], name
        fd = os.open(name, _OPEN_DIR, dir_fd=dirs[-1])
        opened.append(fd)
        dirs.append(fd)
    return dirs[-1], b"."


def _symlink_target(dir_fd, name):
    """The target of `name` if it is a symlink; None if it is not, or does not exist
    (then the host call that follows reports what the caller should see)."""
    try:
        return os.readlink(name, dir_fd=dir_fd)
    except OSError as error:
        if error.errno in (host_errno.EINVAL, host_errno.ENOENT):
            return None
        raise


def _check_directory(dir_fd, name, must_be_dir):
    """A path with a trailing slash names a directory, or something not yet there."""
    if not must_be_dir:
        return
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        raise WasiError(errno.NOTDIR)
