"""What a GPMD needs to join a cloud safely: its NATS credentials, and TLS beyond loopback.

The credentials are a file of one line, USER:PASSWORD, kept beside the cookie
(~/.ghost/cloud-credentials by default) and, like it, readable by its owner only.
They are NATS's own user and password (natsconf.py writes the server's side):
the cookie itself never goes to NATS.  A GPMD refuses to join a cloud without
them, and refuses a NATS server beyond loopback unless the connection uses TLS
(a `tls://` URL, or a CA file to check the server's certificate).  A server that
needs TLS (needs_tls) is then never sent the credentials over a connection that
is not encrypted (natslink.py), so a URL cannot downgrade to plain text.
"""

import ipaddress
import os
import ssl
import stat
import urllib.parse

from gpmd.cloud import CloudError


def default_path():
    return os.path.join(os.path.expanduser("~"), ".ghost", "cloud-credentials")


def load(path=None):
    """(user, password) from the credentials file; CloudError saying what is wrong."""
    path = path or default_path()
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        raise CloudError(f"refusing to join a cloud without credentials: cannot read {path} "
                         f"({e.strerror}); write USER:PASSWORD there, mode 0600") from None
    with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as f:
        mode = os.fstat(fd).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise CloudError(f"cloud credentials {path} are accessible to other users "
                             f"(mode {stat.S_IMODE(mode):04o}); chmod 600 it")
        user, colon, password = f.read().strip().partition(":")
    if not colon or not user or not password or any(c.isspace() for c in user + password):
        raise CloudError(f"cloud credentials {path} must be one line USER:PASSWORD, without spaces")
    return user, password


def write(path, user, password):
    """Write a credentials file (mode 0600) for `user` and `password`."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(f"{user}:{password}\n")


def tls_for(servers, ca_file=None):
    """The ssl.SSLContext to reach `servers` with (None: plain TCP, loopback only);
    CloudError for a server beyond loopback without TLS, or an unusable CA file."""
    context = None
    if ca_file is not None:
        try:
            context = ssl.create_default_context(cafile=ca_file)
        except (OSError, ssl.SSLError) as e:
            raise CloudError(f"cannot use {ca_file} as the cloud's TLS CA: {e}") from None
    for url in servers:
        parts = urllib.parse.urlsplit(url if "://" in url else f"nats://{url}")
        if parts.scheme not in ("nats", "tls"):
            raise CloudError(f"bad NATS server {url!r}: expected nats://HOST:PORT or tls://HOST:PORT")
        if parts.scheme == "tls" and context is None:
            context = ssl.create_default_context()
        if context is None and needs_tls(parts):
            raise CloudError(f"NATS server {url} is beyond loopback: use TLS "
                             f"(a tls:// URL, or --cloud-tls-ca FILE)")
    return context


def needs_tls(url):
    """Whether the NATS server at `url` (a urllib.parse result) must be reached over TLS:
    its URL says tls://, or it is beyond loopback."""
    return url.scheme == "tls" or not _is_loopback(url.hostname or "")


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
