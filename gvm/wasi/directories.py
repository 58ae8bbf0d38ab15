"""fd_readdir of WASI preview 1: a directory's entries as a stream of `dirent`
structures, each followed by its name, resumable at any entry by its cookie."""
import os
import struct

from . import witx as W
from .fds import filetype_of
from .syscall import syscall

_DIRENT = struct.Struct("<QQIB3x")      # d_next, d_ino, d_namlen, d_type


def _filetype(entry):
    if entry.is_symlink():
        return W.FILETYPE_SYMBOLIC_LINK
    if entry.is_dir(follow_symlinks=False):
        return W.FILETYPE_DIRECTORY
    if entry.is_file(follow_symlinks=False):
        return W.FILETYPE_REGULAR_FILE
    return filetype_of(entry.stat(follow_symlinks=False).st_mode)


def list_directory(desc):
    """[(name, inode, filetype)] of a directory: "." and ".." first, as POSIX readdir
    has them, then the entries in the host's order. The inode of ".." is left 0: for a
    preopen it would describe a directory outside the guest's reach."""
    own_inode = os.fstat(desc.fd).st_ino
    entries = [(b".", own_inode, W.FILETYPE_DIRECTORY), (b"..", 0, W.FILETYPE_DIRECTORY)]
    with os.scandir(desc.fd) as scan:
        for entry in scan:
            entries.append((os.fsencode(entry.name), entry.inode(), _filetype(entry)))
    return entries


def encode_entries(entries, cookie, size):
    """The dirents from index `cookie` on, cut at `size` bytes: a full buffer tells the
    guest to call again with the cookie of the last entry it read whole."""
    out = bytearray()
    for index in range(cookie, len(entries)):
        name, inode, filetype = entries[index]
        out += _DIRENT.pack(index + 1, inode, len(name), filetype) + name
        if len(out) >= size:
            break
    return bytes(out[:size])


@syscall("i32 i32 i32 i64 i32")
def fd_readdir(wasi, fd, buf, buf_len, cookie, bufused_ptr):
    desc = wasi.fds.directory(fd, W.RIGHT_FD_READDIR)
    # A listing is taken when a reading starts (cookie 0) and reused while it goes
    # on, so that entries keep the positions their cookies point to.
    if cookie == 0 or desc.listing is None:
        desc.listing = list_directory(desc)
    data = encode_entries(desc.listing, cookie, buf_len)
    mem = wasi.memory
    mem.write(buf, data)
    mem.set_u32(bufused_ptr, len(data))
