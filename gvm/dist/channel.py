"""A channel: one connected socket, plain or TLS, carrying protocol frames.

Both ends of a node connection read and write through a Channel.  Reading is
buffered (one recv usually brings a whole small frame) and bounded: the length in
a frame's header is checked against the caller's limit for that tag before the
body is read.  Every wait has a deadline, an absolute time.monotonic() value or
None for no limit; running out raises TimeoutError, and a peer that closes raises
ConnectionClosed, both subclasses of OSError, so "the connection is unusable" is
one `except OSError`.
"""

import select
import socket
import time

from . import protocol
from .errors import ProtocolError

_RECV_SIZE = 1 << 16  # enough for any frame but uploads in one recv
_MAX_RECV_SIZE = 1 << 20  # an upload arrives in pieces of at most this

# TCP keep-alive: a peer whose host vanished without closing (power cut, cable,
# network namespace deleted) is detected within about 10 + 3 x 2 seconds instead
# of the kernel default of over two hours, so a call with no time-out never hangs.
_KEEPALIVE = {"TCP_KEEPIDLE": 10, "TCP_KEEPINTVL": 2, "TCP_KEEPCNT": 3}


class ConnectionClosed(ConnectionError):
    """The peer closed the connection; `partial` says whether inside a frame."""

    def __init__(self, partial):
        super().__init__("connection closed inside a frame" if partial else "connection closed")
        self.partial = partial


def tune(sock):
    """Options every node connection wants, on both sides."""
    # Requests and replies are single small writes: Nagle's algorithm would hold
    # each one back waiting for an acknowledgement, adding up to 40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in _KEEPALIVE.items():
        if hasattr(socket, option):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)


def deadline_after(timeout):
    """The deadline `timeout` seconds from now, or None for no time-out."""
    return None if timeout is None else time.monotonic() + timeout


class Channel:
    """Frames over one socket.  Not thread-safe: one user at a time."""

    def __init__(self, sock):
        self.sock = sock
        self._buffer = bytearray()

    def send(self, message, deadline=None):
        self.send_frame(protocol.encode(message), deadline)

    def send_frame(self, frame, deadline=None):
        self.sock.settimeout(remaining(deadline))
        self.sock.sendall(frame)

    def receive(self, limit, deadline=None, frame_timeout=None):
        """The next message.  `limit(tag)` is the largest acceptable frame for a tag;
        `deadline` bounds the wait for the frame to begin, and `frame_timeout`, if
        given, the time from its first byte to its last."""
        if not self._buffer:
            self._fill(1, deadline)
        if frame_timeout is not None:
            deadline = _earliest(deadline, time.monotonic() + frame_timeout)
        self._fill(protocol.HEADER_SIZE, deadline)
        length, tag = protocol.HEADER.unpack_from(self._buffer)
        if length == 0:
            raise ProtocolError("empty frame (length 0, no tag)")
        if length > limit(tag):
            raise ProtocolError(f"frame too large ({length} bytes with tag 0x{tag:02x}, "
                                f"at most {limit(tag)})")
        size = 4 + length  # the length field counts the tag but not itself
        self._fill(size, deadline)
        body = bytes(self._buffer[protocol.HEADER_SIZE : size])
        del self._buffer[:size]
        return protocol.decode(tag, body)

    def buffered(self):
        """Whether bytes already read wait in this channel (or in TLS)."""
        return bool(self._buffer) or bool(getattr(self.sock, "pending", lambda: 0)())

    def has_input(self):
        """Whether bytes (or the end of file) wait to be read, without blocking."""
        if self.buffered():
            return True
        poller = select.poll()
        poller.register(self.sock, select.POLLIN)
        return bool(poller.poll(0))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _fill(self, size, deadline):
        """Read until the buffer holds at least `size` bytes."""
        while len(self._buffer) < size:
            self.sock.settimeout(remaining(deadline))
            wanted = min(max(_RECV_SIZE, size - len(self._buffer)), _MAX_RECV_SIZE)
            chunk = self.sock.recv(wanted)
            if not chunk:
                raise ConnectionClosed(partial=bool(self._buffer))
            self._buffer += chunk


def remaining(deadline):
    """Seconds left until `deadline` (None: no deadline, None left); TimeoutError if
    it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")  # settimeout(0) would mean non-blocking instead
    return left


def _earliest(deadline, other):
    return other if deadline is None else min(deadline, other)
