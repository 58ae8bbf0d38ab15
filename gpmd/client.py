"""The GPMD client: how a node registers its name and finds its peers.

    from gpmd.client import register, lookup, names, stop

    registration = register("alpha", 5001, {"engine": "gvm", "version": "0.1.0"})
    registration.creation      # 1 on the first registration of "alpha", then 2, ...
    peer = lookup("beta")      # NodeAddress(host, port, creation, meta), or None
    host, port, creation, meta = peer
    for node in names():       # NodeInfo(name, host, port, creation, meta), by name
        ...
    registration.close()       # when this returns, "alpha" is free again

A registration is the open TCP connection inside the Registration object: keep
the object for the node's whole life.  When the process ends, however it ends,
the kernel closes the connection and GPMD forgets the name at once.  A name
held by a live node cannot be registered again (NameTaken); the creation
number tells a restarted node from its predecessor (1..65535, then wraps to 1).
`Registration.alive()` reports whether the daemon still holds the name (it
does not after a daemon stop or restart; register again then).

Every function takes `gpmd=(host, port)`, by default ("127.0.0.1", GPMD_PORT
or 4370), and `timeout` in seconds for the whole exchange (default 5).  The
`host` in the answers is the host of `gpmd` for a node of its own device (nodes
register with the GPMD of their own host), and the device's advertised address
for a node elsewhere in its cloud (gpmd/cloud.py).  `lookup` and `names` ask the
whole cloud; `lookup_here` and `names_here` the GPMD's own device only, as a
daemon of protocol version 1 does for all four.

Errors, all subclasses of gpmd.errors.GpmdError:
    Unavailable     no daemon answers, or the connection broke or timed out
    NameTaken       register(): a live node holds the name
    NotLocal        register() or stop() from another host
    Refused         any other error reply (its .code is a protocol.ErrorCode)
    ProtocolError   the daemon's reply broke the protocol
and ValueError for a bad argument (name, port or metadata).  Names are 1..64
ASCII letters, digits and "_.-", starting with a letter or digit and not ending
with "." (protocol.check_name); metadata a JSON-able dict of at most 1024
bytes.  Each call opens its own connection, so the functions are safe to call
from several threads.
"""

import socket
import time
import typing

from gpmd import protocol
from gpmd.address import default_gpmd, format_hostport
from gpmd.errors import GpmdError, NameTaken, NotLocal, ProtocolError, Refused, Unavailable

__all__ = [
    "register", "lookup", "lookup_here", "names", "names_here", "stop", "Registration", "NodeAddress", "NodeInfo",
    "GpmdError", "Unavailable", "NameTaken", "NotLocal", "Refused", "ProtocolError",
]

DEFAULT_TIMEOUT = 5.0


class NodeAddress(typing.NamedTuple):
    """Where a node listens, as lookup() answers it."""

    host: str
    port: int
    creation: int
    meta: dict


class NodeInfo(typing.NamedTuple):
    """One registered node, as names() lists it."""

    name: str
    host: str
    port: int
    creation: int
    meta: dict


class Registration:
    """A name held at GPMD for as long as this object's connection stays open."""

    def __init__(self, sock, gpmd, name, port, meta, creation):
        self._sock = sock
        self.gpmd = gpmd
        self.name = name
        self.port = port
        self.meta = meta
        self.creation = creation

    def __repr__(self):
        state = "open" if self._sock else "closed"
        return f"<Registration {self.name!r} port {self.port} creation {self.creation} {state}>"

    def alive(self):
        """Whether the daemon still holds the name: False once either side closed."""
        if self._sock is None:
            return False
        self._sock.setblocking(False)
        try:
            return self._sock.recv(1, socket.MSG_PEEK) != b""  # b"": the daemon closed
        except BlockingIOError:
            return True  # nothing to read: the daemon never writes to a live registration
        except OSError:
            return False
        finally:
            self._sock.setblocking(True)

    def close(self, timeout=DEFAULT_TIMEOUT):
        """Release the name, waiting (up to `timeout`) until the daemon has done so."""
        if self._sock is None:
            return
        sock, self._sock = self._sock, None
        try:
            sock.shutdown(socket.SHUT_WR)  # the daemon reads end of file...
            sock.settimeout(timeout)
            while sock.recv(64):  # ...releases the name, then closes its side
                pass
        except OSError:
            pass  # the daemon is gone already, and the name with it
        finally:
            sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def register(name, port, meta=None, gpmd=None, timeout=DEFAULT_TIMEOUT):
    """Register `name` for a node listening on `port`; returns a Registration."""
    request = protocol.Register(port, name, {} if meta is None else meta)
    frame = protocol.encode(request)  # ValueError on a bad argument, before connecting
    with _Exchange(gpmd, timeout) as exchange:
        exchange.send(frame)
        reply = exchange.receive(protocol.Registered)
        sock = exchange.keep()
    sock.settimeout(None)  # from now on the connection just stays open
    return Registration(sock, exchange.gpmd, name, port, request.meta, reply.creation)


def lookup(name, gpmd=None, timeout=DEFAULT_TIMEOUT):
    """The NodeAddress of the live node called `name`, on whichever device of the
    GPMD's cloud it runs (on its own device when it is alone), or None."""
    frame = protocol.encode(protocol.CloudLookup(name))
    try:
        with _Exchange(gpmd, timeout) as exchange:
            exchange.send(frame)
            reply = exchange.receive(protocol.FoundAt, protocol.NotFound)
    except Refused as e:
        if not _old_daemon(e):
            raise
        return lookup_here(name, gpmd, timeout)
    if isinstance(reply, protocol.NotFound):
        return None
    return NodeAddress(reply.host or exchange.gpmd[0], reply.port, reply.creation, reply.meta)


def lookup_here(name, gpmd=None, timeout=DEFAULT_TIMEOUT):
    """The NodeAddress of the live node called `name` on the GPMD's own device, or None."""
    frame = protocol.encode(protocol.Lookup(name))
    with _Exchange(gpmd, timeout) as exchange:
        exchange.send(frame)
        reply = exchange.receive(protocol.Found, protocol.NotFound)
    if isinstance(reply, protocol.NotFound):
        return None
    return NodeAddress(exchange.gpmd[0], reply.port, reply.creation, reply.meta)


def names(gpmd=None, timeout=DEFAULT_TIMEOUT):
    """Every node of the GPMD's cloud (of its own device when it is alone) as a
    NodeInfo, sorted by name; `host` tells the device."""
    try:
        return _list(protocol.CloudList(), protocol.NodeAt, gpmd, timeout)
    except Refused as e:
        if not _old_daemon(e):
            raise
        return names_here(gpmd, timeout)


def names_here(gpmd=None, timeout=DEFAULT_TIMEOUT):
    """Every node registered at the GPMD itself, as a NodeInfo, sorted by name."""
    return _list(protocol.ListNodes(), protocol.NodeEntry, gpmd, timeout)


def _list(request, entry, gpmd, timeout):
    nodes = []
    with _Exchange(gpmd, timeout) as exchange:
        here = exchange.gpmd[0]
        exchange.send(protocol.encode(request))
        while True:
            reply = exchange.receive(entry, protocol.EndOfList)
            if isinstance(reply, protocol.EndOfList):
                return nodes
            host = getattr(reply, "host", "") or here
            nodes.append(NodeInfo(reply.name, host, reply.port, reply.creation, reply.meta))


def _old_daemon(refusal):
    """Whether a refusal says the daemon predates protocol version 2 (the cloud)."""
    return refusal.code == protocol.ErrorCode.MALFORMED and refusal.reason.startswith("unknown tag")


def stop(gpmd=None, timeout=DEFAULT_TIMEOUT):
    """Ask the daemon to exit (accepted from its own host only)."""
    with _Exchange(gpmd, timeout) as exchange:
        exchange.send(protocol.encode(protocol.Stop()))
        exchange.receive(protocol.Stopping)


class _Exchange:
    """One connection to GPMD with a deadline; socket errors become Unavailable."""

    def __init__(self, gpmd, timeout):
        self.gpmd = default_gpmd() if gpmd is None else tuple(gpmd)
        self._deadline = time.monotonic() + timeout
        self._sock = None

    def __enter__(self):
        try:
            self._sock = socket.create_connection(self.gpmd, timeout=self._remaining())
        except OSError as e:
            raise Unavailable(f"no gpmd answers at {self._where()}: {_explain(e)}") from None
        return self

    def __exit__(self, kind, error, traceback):
        if self._sock is not None:
            self._sock.close()
        if isinstance(error, OSError):
            raise Unavailable(f"gpmd at {self._where()}: {_explain(error)}") from None

    def keep(self):
        """Take the socket out of the exchange, which will no longer close it."""
        sock, self._sock = self._sock, None
        return sock

    def send(self, frame):
        self._sock.settimeout(self._remaining())
        self._sock.sendall(frame)

    def receive(self, *expected):
        """The next reply, which must be one of the `expected` message classes."""
        header = self._receive_exactly(protocol.HEADER_SIZE)
        reply = protocol.decode(self._receive_exactly(protocol.frame_length(header)))
        if isinstance(reply, protocol.Error):
            raise protocol.refusal(reply.code, reply.reason)
        if not isinstance(reply, expected):
            raise ProtocolError(f"unexpected {protocol.TAGS[type(reply)].name} reply")
        return reply

    def _receive_exactly(self, size):
        data = b""
        while len(data) < size:
            self._sock.settimeout(self._remaining())
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise Unavailable(f"gpmd at {self._where()} closed the connection mid-reply")
            data += chunk
        return data

    def _where(self):
        return format_hostport(self.gpmd)

    def _remaining(self):
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")  # settimeout(0) would mean non-blocking
        return remaining


def _explain(error):
    return "timed out" if isinstance(error, TimeoutError) else (error.strerror or str(error))
