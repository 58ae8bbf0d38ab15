"""The cookie: the shared secret that lets nodes and their callers trust each other.

Where it comes from, first match wins:

  1. an explicit cookie file (--cookie-file, or `cookie_file=` in the API);
  2. the GHOST_COOKIE environment variable: the secret itself, as text;
  3. ~/.ghost/cookie, created on first use from 32 random bytes (as 64 hex digits)
     with mode 0600 in a directory of mode 0700.

A cookie file must be readable by its owner only, as Erlang insists for its own:
anyone who can read the cookie can run code on every node.  The secret is the
file's content with surrounding white space removed; it never crosses the wire
(see handshake.py).
"""

import os
import secrets
import stat
import tempfile

COOKIE_BYTES = 32


class CookieError(Exception):
    """The cookie cannot be read or created, or is unsafe to use."""


def default_path():
    return os.path.join(os.path.expanduser("~"), ".ghost", "cookie")


def load(cookie_file=None):
    """The secret (bytes) from the first of the sources above that has one."""
    if cookie_file is not None:
        return _read(cookie_file)
    text = os.environ.get("GHOST_COOKIE")
    if text is not None:
        secret = text.strip().encode("utf-8")
        if not secret:
            raise CookieError("GHOST_COOKIE is set but empty")
        return secret
    path = default_path()
    if not os.path.exists(path):
        _create(path)
    return _read(path)


def _read(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        raise CookieError(f"cannot read cookie file {path}: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise CookieError(f"cookie file {path} is accessible to other users "
                              f"(mode {stat.S_IMODE(mode):04o}); chmod 600 it")
        secret = f.read().strip()
    if not secret:
        raise CookieError(f"cookie file {path} is empty")
    return secret


def _create(path):
    """Write a fresh random cookie at `path`, unless another process just did."""
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    # Written to a private temporary file and then linked into place, so that two
    # nodes starting together never see a half-written cookie: link() fails if the
    # name exists, and then the other process's cookie is the one.
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".cookie-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(COOKIE_BYTES) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
