"""Modules by name and by content.

By name: MODULE of MODULE.FUNC is the file MODULE.wasm in a search path, the first
directory holding it winning.  A caller searches the current directory, its --path
directories, then GVM_PATH's, as a local `gvm MODULE.FUNC` does; a node searches its
own --path directories, then GVM_PATH's.

By content: on the wire a module is its SHA-256 digest, so a node that already has
those bytes (from any caller) is never sent them again, and a module changed on
disk is a different module.  A Finder remembers each file's digest until the file
changes (size, modification time or inode), so a call costs one stat, not a hash.
"""

import hashlib
import os
import threading
import typing


def digest(data):
    return hashlib.sha256(data).digest()


def is_plain_name(name):
    """Whether a module name names a file directly inside a search directory: what a
    node accepts from the wire, so that a caller cannot reach beyond those."""
    return bool(name) and "/" not in name and "\0" not in name and not name.startswith(".")


class ModuleFile(typing.NamedTuple):
    path: str
    digest: bytes


class Finder:
    """Finds MODULE.wasm in `dirs` and knows its digest.  Thread-safe."""

    def __init__(self, dirs):
        self.dirs = list(dirs)
        self._digests = {}  # path -> (file identity, digest)
        self._lock = threading.Lock()

    def find(self, name):
        """The ModuleFile of `name`, or None if no directory holds `name`.wasm."""
        for directory in self.dirs:
            found = self.identify(os.path.join(directory, name + ".wasm"))
            if found is not None:
                return found
        return None

    def identify(self, path):
        """The ModuleFile of the file at `path`, or None if it cannot be read."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        identity = (status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)
        with self._lock:
            known = self._digests.get(path)
        if known is not None and known[0] == identity:
            return ModuleFile(path, known[1])
        data = read_file(path)
        if data is None:
            return None  # a directory, or gone since the stat
        found = ModuleFile(path, digest(data))
        with self._lock:
            self._digests[path] = identity, found.digest
        return found


def read_file(path):
    """The bytes of the file at `path`, or None if it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None
