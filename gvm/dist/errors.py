"""The exceptions of the distribution layer: one class per way a remote call can fail.

    DistError                 base of everything below
    ├── NodeNotFound          no node of that name is registered (or no GPMD answers)
    ├── NodeDown              the node was registered but does not answer, or its
    │                         connection broke: it died, even in the middle of a call
    ├── Timeout               no answer within the caller's time-out
    ├── AuthenticationFailed  the cookies differ (checked both ways), or TLS failed
    ├── ProtocolError         the peer's bytes break docs/dist-protocol.md
    └── RemoteError           the node answered with an error:
        ├── RemoteTrap        the function trapped: `.message`, `.frames` (backtrace);
        │                     also a gvm.Trap, as the same trap is locally
        ├── RemoteExhaustion  it ran out of call stack, or of the node's time for a
        │                     call (gvm node --call-timeout); also a gvm.Exhaustion
        ├── ModuleNotFound    no such module on the node (by name) nor on the caller
        ├── FunctionNotFound  the module exports no function of that name
        ├── BadArguments      wrong number or types of arguments (also a TypeError)
        └── BadModule         malformed, invalid, or importing what a node lacks

A caller that does not care why catches DistError; one that would retry elsewhere
catches NodeDown; one reporting a guest bug catches gvm.Trap (or gvm.WasmError),
whether the code ran here or on a node.  The exceptions carry the node's name in
`.node`.
"""

from ..errors import Exhaustion, Trap


class DistError(Exception):
    """Base class of every distribution-layer error."""

    def __init__(self, message, node=None):
        super().__init__(message)
        self.message = message
        self.node = node


class NodeNotFound(DistError):
    """No live node of that name is registered at the GPMD asked."""


class NodeDown(DistError):
    """The node does not answer, or closed the connection before answering."""


class Timeout(DistError):
    """The node did not answer within the time-out; the call was abandoned."""


class AuthenticationFailed(DistError):
    """The two sides do not share the cookie, or TLS could not verify the node."""


class ProtocolError(DistError):
    """Bytes on the wire that do not follow docs/dist-protocol.md."""


class RemoteError(DistError):
    """The node reported a failure of the request (not of the connection)."""


class RemoteTrap(RemoteError, Trap):
    """The remote function trapped.  `message` is the spec interpreter's text,
    `frames` the wasm backtrace as gvm.Trap has it: (function name, code offset or
    None) pairs, outermost first."""

    def __init__(self, message, frames=(), node=None):
        super().__init__(message, node)
        self.frames = list(frames)

    def __str__(self):
        return f"trap on node {self.node}: {self.message}" if self.node else self.message


class RemoteExhaustion(RemoteError, Exhaustion):
    """The remote function ran out of call stack, or ran longer than the node lets
    a call run; `message` says which, as gvm.Exhaustion's does."""

    def __str__(self):
        return f"on node {self.node}: {self.message}" if self.node else self.message


class ModuleNotFound(RemoteError):
    """Neither the caller nor the node has a module of that name."""


class FunctionNotFound(RemoteError):
    """The module has no exported function of that name."""


class BadArguments(RemoteError, TypeError):
    """The arguments do not fit the function's parameters (count or types)."""


class BadModule(RemoteError):
    """The module is malformed, invalid, or imports what a node cannot provide."""
