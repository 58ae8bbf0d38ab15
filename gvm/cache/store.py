"""The cache's directory (gvm/cache/): where it is, who may use it, its entries' files,
their size limit and least-recently-used eviction.

An entry is one file named by its key:

    MAGIC, then the SHA-256 digest of the rest, then marshal data of
    (FORMAT, gvm's version, the feature set, the module's SHA-256, contents)

Reading checks the magic, the digest, the version, the features and the module's hash
before anything of the contents is used; a file that fails any check is treated as
absent (and so rewritten by the next store). Writing goes to a temporary file in the
same directory, renamed over the entry: a reader sees a whole entry or none, whoever
else writes it at the same time. A hit touches the entry's modification time, which
eviction goes by.
"""
import marshal
import os
import sys
import time

MAGIC = b"GVMCACHE"
FORMAT = 1
SUFFIX = ".gvmc"
TEMP_PREFIX = ".tmp-"
DEFAULT_LIMIT = 512 << 20
# A temporary file this old belongs to a writer that died: eviction removes it.
STALE_TEMP_SECONDS = 3600
_DIGEST = 32


def sha256(data):
    """The SHA-256 digest of `data`. Small inputs use the interpreter's own SHA-256,
    large ones OpenSSL's, which is several times faster but costs milliseconds to load:
    more than a small module's whole run from the cache."""
    if len(data) < 1 << 20:
        small = _small_sha256()
        if small is not None:
            return small(data).digest()
    from hashlib import sha256 as large
    return large(data).digest()


_small = []


def _small_sha256():
    """The interpreter's own SHA-256, looked for once: a failed import searches the
    whole path."""
    if not _small:
        try:
            from _sha2 import sha256 as small       # Python 3.12 and later
        except ImportError:
            try:
                from _sha256 import sha256 as small
            except ImportError:
                small = None
        _small.append(small)
    return _small[0]


def default_directory(environ=os.environ):
    """GVM_CACHE_DIR, else $XDG_CACHE_HOME/gvm, else ~/.cache/gvm."""
    if environ.get("GVM_CACHE_DIR"):
        return environ["GVM_CACHE_DIR"]
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gvm")


def default_limit(environ=os.environ):
    """GVM_CACHE_SIZE (bytes, or with a K, M or G suffix), else 512 MiB."""
    text = environ.get("GVM_CACHE_SIZE")
    if not text:
        return DEFAULT_LIMIT
    from ..cli.options import byte_size
    try:
        return byte_size(text)
    except ValueError as e:
        warn(f"GVM_CACHE_SIZE: {e}; using {DEFAULT_LIMIT >> 20}M")
        return DEFAULT_LIMIT


def warn(message):
    print(f"gvm: warning: {message}", file=sys.stderr)


class Store:
    """The entries in `directory`, at most `limit` bytes of them. `usable()` is False
    (after one warning) when the directory cannot be made or is not private enough."""

    def __init__(self, directory=None, limit=None):
        self.directory = directory or default_directory()
        self.limit = default_limit() if limit is None else limit
        self._usable = None

    # --- the directory -----------------------------------------------------------------
    def usable(self):
        if self._usable is None:
            problem = self._check()
            if problem:
                warn(f"module cache {self.directory}: {problem}; not caching")
            self._usable = not problem
        return self._usable

    def _check(self):
        """Why the directory may not be used, or None. It is made private to the user;
        one that exists must be the user's and writable by nobody else, or another
        user could plant entries in it."""
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            status = os.stat(self.directory)
        except OSError as e:
            return f"cannot be created ({e.strerror})"
        if not os.path.isdir(self.directory):
            return "not a directory"
        if status.st_uid != os.getuid():
            return "owned by another user"
        if status.st_mode & 0o022:
            return "writable by others (chmod 700 it)"
        return None

    def path(self, key):
        return os.path.join(self.directory, key + SUFFIX)

    # --- entries -----------------------------------------------------------------------
    def load(self, key, header):
        """The contents of entry `key` if it is whole and its header is `header`
        (FORMAT, version, features, module hash), else None."""
        if not self.usable():
            return None
        path = self.path(key)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except (OSError, ValueError):     # absent, a directory in its place, unreadable
            return None
        if raw[:len(MAGIC)] != MAGIC:
            return None
        digest, payload = raw[len(MAGIC):len(MAGIC) + _DIGEST], raw[len(MAGIC) + _DIGEST:]
        if sha256(payload) != digest:
            return None
        try:
            value = marshal.loads(payload)
        except (EOFError, ValueError, TypeError, MemoryError):
            return None
        if type(value) is not tuple or len(value) != 2 or value[0] != header:
            return None
        try:
            os.utime(path)               # recently used: evicted last
        except OSError:
            pass
        return value[1]

    def save(self, key, header, contents):
        """Write entry `key` atomically, then evict the least recently used entries
        beyond the limit. Failing to write is not an error: the cache is an
        optimisation."""
        if not self.usable():
            return False
        payload = marshal.dumps((header, contents))
        raw = MAGIC + sha256(payload) + payload
        if len(raw) > self.limit:
            return False
        import tempfile
        try:
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.directory)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
            self._replace(temp, self.path(key))
        except OSError:
            _remove(temp)
            return False
        self.evict(keep=key)
        return True

    def _replace(self, temp, path):
        """Rename `temp` over `path`; something that is not a file there (a directory)
        is removed first."""
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil
            shutil.rmtree(path, ignore_errors=True)
        os.replace(temp, path)

    # --- the whole cache ---------------------------------------------------------------
    def entries(self):
        """(path, size, modification time) of each entry file, oldest use first."""
        found = []
        try:
            names = os.listdir(self.directory)
        except OSError:
            return found
        for name in names:
            if name.endswith(SUFFIX) or name.startswith(TEMP_PREFIX):
                path = os.path.join(self.directory, name)
                try:
                    status = os.lstat(path)
                except OSError:
                    continue
                found.append((path, status.st_size, status.st_mtime))
        found.sort(key=lambda e: e[2])
        return found

    def evict(self, keep=None):
        """Remove the least recently used entries until the rest fit the limit (never
        `keep`, just written), and temporary files of writers long gone."""
        now = time.time()
        entries = []
        for path, size, mtime in self.entries():
            if os.path.basename(path).startswith(TEMP_PREFIX):
                if now - mtime > STALE_TEMP_SECONDS:
                    _remove(path)
                continue
            entries.append((path, size))
        total = sum(size for _, size in entries)
        kept = keep and self.path(keep)
        for path, size in entries:
            if total <= self.limit:
                break
            if path != kept and _remove(path):
                total -= size

    def clear(self):
        """Remove every entry; (entries removed, bytes freed)."""
        removed = freed = 0
        for path, size, _ in self.entries():
            if _remove(path):
                removed += 1
                freed += size
        return removed, freed

    def info(self):
        entries = [(p, s) for p, s, _ in self.entries()
                   if not os.path.basename(p).startswith(TEMP_PREFIX)]
        return len(entries), sum(s for _, s in entries)


def _remove(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil
            shutil.rmtree(path)
        else:
            os.remove(path)
    except OSError:
        return False
    return True
