"""The exceptions GPMD raises, shared by the daemon, the client and the protocol.

    GpmdError            base of everything below
    ├── ProtocolError    bytes that break the wire protocol (either direction)
    ├── Unavailable      no daemon answered, or it went away mid-request
    └── Refused          the daemon understood the request and said no
        ├── NameTaken    a live node already holds the name
        └── NotLocal     an administrative request came from another host

A `Refused` carries the protocol's error code (`gpmd.protocol.ErrorCode`) so
the daemon can raise it and send it, and the client can receive it and raise
it again: one exception class per refusal, on both sides of the wire.
"""


class GpmdError(Exception):
    """Base class of every GPMD error."""


class ProtocolError(GpmdError):
    """Bytes on the wire that do not follow docs/gpmd-protocol.md."""


class Unavailable(GpmdError):
    """No GPMD answered at the address, or the connection broke or timed out."""


class Refused(GpmdError):
    """The daemon answered with an error reply: `code` and a human `reason`."""

    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code
        self.reason = reason


class NameTaken(Refused):
    """A live node already holds the name (reply "name taken")."""


class NotLocal(Refused):
    """Registration and stop are accepted from this host only."""
