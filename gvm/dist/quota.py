"""A node's connection quotas: who may hold a connection, at each stage of it.

A connection is *unauthenticated* from its accept until its handshake proves the
caller knows the cookie (at most service.HANDSHAKE_TIMEOUT), then *authenticated*.
The two have quotas of their own, so that anyone who can reach the port, without
the cookie, can never take the places of callers who have it:

  - at most `unauthenticated` connections are in their handshake at once, and at
    most `per_peer` of them from one address: 256 silent connections, or 51 new
    ones a second, from one peer take `per_peer` places and are refused beyond;
  - at most `authenticated` connections are authenticated at once (gvm node
    --max-connections): only callers with the cookie count there.

Thread-safe: the node's accept thread admits, the connections' threads move on.
"""

import collections
import threading

DEFAULT_UNAUTHENTICATED = 64
DEFAULT_PER_PEER = 16  # a caller opening a connection per thread, 16 threads at once, still fits


class Quota:
    """The places of one node's connections; see the module docstring."""

    def __init__(self, authenticated, unauthenticated=DEFAULT_UNAUTHENTICATED, per_peer=DEFAULT_PER_PEER):
        self.authenticated = authenticated
        self.unauthenticated = unauthenticated
        self.per_peer = per_peer
        self._handshaking = collections.Counter()  # peer address -> its connections in their handshake
        self._handshakes = 0
        self._callers = 0
        self._lock = threading.Lock()

    def admit(self, peer):
        """None if a new connection from address `peer` may start its handshake (it
        then counts until authenticated() or left()); else why it may not."""
        with self._lock:
            if self._handshakes >= self.unauthenticated:
                return f"already {self.unauthenticated} connections in their handshake"
            if self._handshaking[peer] >= self.per_peer:
                return f"already {self.per_peer} connections in their handshake from that address"
            self._handshaking[peer] += 1
            self._handshakes += 1
            return None

    def promote(self, peer):
        """The connection of `peer` completed its handshake: True if it may go on as
        an authenticated one (it then counts as one until left()), False if those
        are all taken (it still counts as in its handshake)."""
        with self._lock:
            if self._callers >= self.authenticated:
                return False
            self._release_handshake(peer)
            self._callers += 1
            return True

    def left(self, peer, promoted):
        """A connection ended; `promoted`: whether promote() had let it go on."""
        with self._lock:
            if promoted:
                self._callers -= 1
            else:
                self._release_handshake(peer)

    def _release_handshake(self, peer):
        self._handshakes -= 1
        if self._handshaking[peer] <= 1:
            del self._handshaking[peer]
        else:
            self._handshaking[peer] -= 1
