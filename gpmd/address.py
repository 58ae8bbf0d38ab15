"""Where GPMD is: the default address, GPMD_PORT, and "HOST:PORT" text.

The default is 127.0.0.1 on port 4370 (protocol.DEFAULT_PORT).  The GPMD_PORT
environment variable overrides that port for the daemon, the command line and
the client alike, read at each call so a test or a launcher can set it late.
"""

import os

from gpmd.protocol import DEFAULT_PORT

DEFAULT_HOST = "127.0.0.1"


def default_port():
    """GPMD_PORT if set, else 4370; ValueError if GPMD_PORT is not a port."""
    text = os.environ.get("GPMD_PORT")
    return DEFAULT_PORT if text is None else parse_port(text, "GPMD_PORT")


def default_gpmd():
    """The (host, port) a client talks to when given none."""
    return DEFAULT_HOST, default_port()


def parse_port(text, what="port"):
    """An integer TCP port 1..65535 from text, or ValueError naming `what`."""
    try:
        port = int(text)
    except ValueError:
        raise ValueError(f"{what} must be a number, not {text!r}") from None
    if not 1 <= port <= 65535:
        raise ValueError(f"{what} must be in 1..65535, not {port}")
    return port


def parse_hostport(text):
    """(host, port) from "HOST:PORT", "[IPv6]:PORT" or ":PORT" (host 127.0.0.1)."""
    host, colon, port = text.rpartition(":")
    if not colon:
        raise ValueError(f"expected HOST:PORT, not {text!r}")
    host = host.removeprefix("[").removesuffix("]") or DEFAULT_HOST
    return host, parse_port(port)


def format_hostport(sockaddr):
    """A socket address as host:port text, with an IPv6 host in brackets."""
    host, port = sockaddr[0], sockaddr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
