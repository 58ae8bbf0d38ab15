"""The GPMD wire protocol: every code, limit, message and the framing, in one place.

Both the daemon (gpmd/server.py) and the client (gpmd/client.py) speak only
through `encode` and `decode` below; docs/gpmd-protocol.md is the same table
in prose.  Like EPMD, every message is one frame:

    length  u16 big-endian   number of bytes that follow (tag + body), 1..MAX_FRAME
    tag     u8               which message (the `Tag` table)
    body    fields           in the order the message class declares them

Field kinds: `u16` integers are big-endian; names, metadata and reasons are a
u16 byte count followed by that many bytes.  A connection carries exactly one
request; the daemon answers and closes it, except after a successful
registration, where the connection stays open and *is* the registration.

Each message is a frozen dataclass whose fields carry their wire kind, so one
generic encoder and one generic decoder serve every message, and adding a
message is one class, one row in `Tag` and one in `MESSAGES`.
"""

import dataclasses
import enum
import json
import re

from gpmd.errors import NameTaken, NotLocal, ProtocolError, Refused

DEFAULT_PORT = 4370  # EPMD's 4369, plus one
HEADER_SIZE = 2  # the u16 length prefix
MAX_FRAME = 2048  # above the largest legal frame (a NodeAt: 1354 bytes)
MAX_NAME_BYTES = 64
# ASCII only: Unicode names let look-alikes (full-width letters, U+3164 HANGUL
# FILLER, lone combining marks) pass for one another in logs and listings.  A
# name starts with a letter or digit, so it is never an option ("-x") nor a path
# step ("..", "."), and does not end with "." (a DNS-like trailing dot).
NAME_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_META_BYTES = 1024  # metadata JSON, compact UTF-8 encoding
MAX_REASON_BYTES = 255
MAX_HOST_BYTES = 255  # a device's address, as its nodes are reached at
MAX_CREATION = 0xFFFF  # creations run 1..MAX_CREATION, then wrap back to 1


class Tag(enum.IntEnum):
    """Every message tag.  Requests are upper case, replies lower case."""

    REGISTER = ord("R")  # node → gpmd    port, name, meta
    REGISTERED = ord("r")  # gpmd → node    creation; the connection stays open
    LOOKUP = ord("L")  # client → gpmd  name
    FOUND = ord("l")  # gpmd → client  port, creation, meta
    NOT_FOUND = ord("u")  # gpmd → client  (no fields): no live node by that name
    LIST = ord("N")  # client → gpmd  (no fields)
    NODE = ord("n")  # gpmd → client  name, port, creation, meta; once per node
    END_OF_LIST = ord("d")  # gpmd → client  (no fields): the list is complete
    STOP = ord("S")  # client → gpmd  (no fields): local peers only
    STOPPING = ord("s")  # gpmd → client  (no fields): the daemon exits next
    ERROR = ord("e")  # gpmd → any     code, reason; the daemon then closes
    # Version 2: the cloud (gpmd/cloud.py).  A version 1 client never sends these, and
    # its LOOKUP and LIST are answered as before, for this device's nodes only.
    CLOUD_LOOKUP = ord("W")  # client → gpmd  name: anywhere in the cloud
    FOUND_AT = ord("w")  # gpmd → client  host, port, creation, meta
    CLOUD_LIST = ord("C")  # client → gpmd  (no fields): every node of the cloud
    NODE_AT = ord("c")  # gpmd → client  name, host, port, creation, meta; once per node


class ErrorCode(enum.IntEnum):
    """The `code` of an ERROR reply."""

    NAME_TAKEN = 1  # REGISTER: a live node holds the name
    NOT_LOCAL = 2  # REGISTER or STOP from a peer that is not this host
    MALFORMED = 3  # the request broke the protocol; the reason says how
    TIMEOUT = 4  # no complete request within the idle time-out
    BUSY = 5  # the daemon is at its connection limit


# The exception each refusal becomes on the client; other codes give `Refused`.
_REFUSALS = {ErrorCode.NAME_TAKEN: NameTaken, ErrorCode.NOT_LOCAL: NotLocal}


def refusal(code, reason):
    """The exception that stands for an ERROR reply with this code and reason."""
    return _REFUSALS.get(code, Refused)(code, reason)


# --- field kinds -------------------------------------------------------------


class _U16:
    """An unsigned 16-bit big-endian integer, at least `low`."""

    def __init__(self, what, low):
        self.what = what
        self.low = low

    def check(self, value):
        if type(value) is not int or not self.low <= value <= 0xFFFF:
            raise ValueError(f"{self.what} must be an integer in {self.low}..65535, not {value!r}")
        return value

    def encode(self, value):
        return self.check(value).to_bytes(2, "big")

    def decode(self, frame, pos):
        value = int.from_bytes(_take(frame, pos, 2, self.what), "big")
        return _checked(self.check, value), pos + 2


class _Code:
    """One byte holding an `ErrorCode`."""

    def encode(self, value):
        return bytes([ErrorCode(value)])

    def decode(self, frame, pos):
        value = _take(frame, pos, 1, "error code")[0]
        return _checked(ErrorCode, value), pos + 1


class _Sized:
    """A u16 byte count, then at most `limit` bytes that a subclass interprets."""

    # Subclasses set `what` and `limit`, and define to_bytes(value) -> bytes and
    # from_bytes(data) -> value; both raise ValueError for a bad value.

    def encode(self, value):
        data = self.to_bytes(value)
        return len(data).to_bytes(2, "big") + data

    def decode(self, frame, pos):
        size = int.from_bytes(_take(frame, pos, 2, f"{self.what} length"), "big")
        if size > self.limit:
            raise ProtocolError(f"{self.what} too long ({size} bytes, at most {self.limit})")
        data = _take(frame, pos + 2, size, self.what)
        return _checked(self.from_bytes, data), pos + 2 + size


class _Name(_Sized):
    """A node name: ASCII, NAME_RULE, not ending in "." (see check_name)."""

    what, limit = "name", MAX_NAME_BYTES

    def to_bytes(self, value):
        return check_name(value).encode("utf-8")

    def from_bytes(self, data):
        try:
            return check_name(data.decode("ascii"))
        except UnicodeDecodeError:
            raise ValueError("name is not ASCII") from None


class _Meta(_Sized):
    """Node metadata: a JSON object, at most MAX_META_BYTES in compact UTF-8."""

    what, limit = "metadata", MAX_META_BYTES

    def to_bytes(self, value):
        if not isinstance(value, dict):
            raise ValueError(f"metadata must be a dict, not {type(value).__name__}")
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as e:
            raise ValueError(f"metadata is not JSON: {e}") from None
        data = text.encode("utf-8")
        if len(data) > self.limit:
            raise ValueError(f"metadata too long ({len(data)} bytes, at most {self.limit})")
        return data

    def from_bytes(self, data):
        try:
            value = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
        except ValueError as e:  # bad UTF-8, bad JSON, or NaN and Infinity
            raise ValueError(f"metadata is not JSON: {e}") from None
        # Re-encoding checks what parsing lets through (an object, finite numbers)
        # and that the daemon can send the value back within the limit.
        self.to_bytes(value)
        return value


class _Reason(_Sized):
    """The human-readable reason of an ERROR reply: UTF-8, cut to MAX_REASON_BYTES."""

    what, limit = "reason", MAX_REASON_BYTES

    def to_bytes(self, value):
        # Cut, not refuse: a reason is for humans, and the daemon must always be
        # able to say why it closes a connection.
        return value.encode("utf-8")[: self.limit].decode("utf-8", "ignore").encode("utf-8")

    def from_bytes(self, data):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("reason is not valid UTF-8") from None


class _Host(_Sized):
    """Where a node is reached: an ASCII address or host name; empty for "the host
    you reached this GPMD at" (the node is on this device)."""

    what, limit = "host", MAX_HOST_BYTES

    def to_bytes(self, value):
        if not isinstance(value, str):
            raise ValueError(f"host must be a str, not {type(value).__name__}")
        data = value.encode("ascii", "replace")
        if len(data) > self.limit or any(c <= 32 or c == 127 for c in data):
            raise ValueError(f"bad host {value!r}")
        return data

    def from_bytes(self, data):
        try:
            text = data.decode("ascii")
        except UnicodeDecodeError:
            raise ValueError("host is not ASCII") from None
        self.to_bytes(text)  # the checks of a sender
        return text


def _take(frame, pos, size, what):
    if pos + size > len(frame):
        raise ProtocolError(f"frame ends inside the {what}")
    return frame[pos : pos + size]


def _checked(check, value):
    """Apply a field check to received bytes: a failure is a protocol error."""
    try:
        return check(value)
    except ValueError as e:
        raise ProtocolError(str(e)) from None


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def check_name(name):
    """Return `name` if it is a valid node name, else raise ValueError saying why."""
    if not isinstance(name, str):
        raise ValueError(f"name must be a str, not {type(name).__name__}")
    if NAME_RULE.fullmatch(name) is None or name.endswith("."):
        raise ValueError(f"bad name {name!r}: a name is 1..{MAX_NAME_BYTES} ASCII letters, digits "
                         f"and '_.-', starting with a letter or digit and not ending with '.'")
    return name


PORT = _U16("port", 1)
CREATION = _U16("creation", 1)
CODE = _Code()
NAME = _Name()
META = _Meta()
REASON = _Reason()
HOST = _Host()


def _wire(kind):
    """A dataclass field that is sent as `kind`."""
    return dataclasses.field(metadata={"kind": kind})


# --- messages ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Register:
    """Claim `name` for a node listening on `port`; the connection then holds it."""

    port: int = _wire(PORT)
    name: str = _wire(NAME)
    meta: dict = _wire(META)


@dataclasses.dataclass(frozen=True)
class Registered:
    """The name is yours for as long as this connection stays open."""

    creation: int = _wire(CREATION)


@dataclasses.dataclass(frozen=True)
class Lookup:
    """Where does the node called `name` listen?"""

    name: str = _wire(NAME)


@dataclasses.dataclass(frozen=True)
class Found:
    """The node's port, its creation and its metadata."""

    port: int = _wire(PORT)
    creation: int = _wire(CREATION)
    meta: dict = _wire(META)


@dataclasses.dataclass(frozen=True)
class NotFound:
    """No live node has that name."""


@dataclasses.dataclass(frozen=True)
class ListNodes:
    """List every registered node."""


@dataclasses.dataclass(frozen=True)
class NodeEntry:
    """One registered node, in the reply to ListNodes."""

    name: str = _wire(NAME)
    port: int = _wire(PORT)
    creation: int = _wire(CREATION)
    meta: dict = _wire(META)


@dataclasses.dataclass(frozen=True)
class EndOfList:
    """The reply to ListNodes is complete."""


@dataclasses.dataclass(frozen=True)
class Stop:
    """Stop the daemon (local peers only)."""


@dataclasses.dataclass(frozen=True)
class Stopping:
    """The daemon accepted the stop request and exits next."""


@dataclasses.dataclass(frozen=True)
class Error:
    """The request failed; the daemon closes the connection after this."""

    code: ErrorCode = _wire(CODE)
    reason: str = _wire(REASON)


@dataclasses.dataclass(frozen=True)
class CloudLookup:
    """Where does the node called `name` listen, on whichever device of the cloud?"""

    name: str = _wire(NAME)


@dataclasses.dataclass(frozen=True)
class FoundAt:
    """The node's host ("" for this GPMD's own), port, creation and metadata."""

    host: str = _wire(HOST)
    port: int = _wire(PORT)
    creation: int = _wire(CREATION)
    meta: dict = _wire(META)


@dataclasses.dataclass(frozen=True)
class CloudList:
    """List every node of the cloud (of this device, when it is alone)."""


@dataclasses.dataclass(frozen=True)
class NodeAt:
    """One node in the reply to CloudList, with its host ("" for this GPMD's own)."""

    name: str = _wire(NAME)
    host: str = _wire(HOST)
    port: int = _wire(PORT)
    creation: int = _wire(CREATION)
    meta: dict = _wire(META)


MESSAGES = {
    Tag.REGISTER: Register,
    Tag.REGISTERED: Registered,
    Tag.LOOKUP: Lookup,
    Tag.FOUND: Found,
    Tag.NOT_FOUND: NotFound,
    Tag.LIST: ListNodes,
    Tag.NODE: NodeEntry,
    Tag.END_OF_LIST: EndOfList,
    Tag.STOP: Stop,
    Tag.STOPPING: Stopping,
    Tag.ERROR: Error,
    Tag.CLOUD_LOOKUP: CloudLookup,
    Tag.FOUND_AT: FoundAt,
    Tag.CLOUD_LIST: CloudList,
    Tag.NODE_AT: NodeAt,
}
TAGS = {message: tag for tag, message in MESSAGES.items()}
REQUESTS = (Register, Lookup, ListNodes, Stop, CloudLookup, CloudList)


# --- framing -------------------------------------------------------------------


def encode(message):
    """The complete frame (length prefix included) for a message object.

    Raises ValueError if a field is out of range, e.g. a bad name or metadata
    that is not a small JSON object: the caller passed a bad argument.
    """
    parts = [bytes([TAGS[type(message)]])]
    for field in dataclasses.fields(message):
        parts.append(field.metadata["kind"].encode(getattr(message, field.name)))
    frame = b"".join(parts)
    return len(frame).to_bytes(HEADER_SIZE, "big") + frame


def frame_length(header):
    """The length announced by a frame's 2-byte header; ProtocolError if illegal."""
    length = int.from_bytes(header, "big")
    if length == 0:
        raise ProtocolError("empty frame (length 0, no tag)")
    if length > MAX_FRAME:
        raise ProtocolError(f"frame too large ({length} bytes, at most {MAX_FRAME})")
    return length


def decode(frame):
    """The message object in a frame (tag and body, without the length prefix)."""
    message = MESSAGES.get(frame[0])
    if message is None:
        raise ProtocolError(f"unknown tag 0x{frame[0]:02x}")
    values, pos = [], 1
    for field in dataclasses.fields(message):
        value, pos = field.metadata["kind"].decode(frame, pos)
        values.append(value)
    if pos != len(frame):
        extra = len(frame) - pos
        raise ProtocolError(f"{extra} unexpected bytes after the {Tag(frame[0]).name} message")
    return message(*values)


def decode_request(frame):
    """Like `decode`, but only a request is acceptable (the daemon's side)."""
    message = decode(frame)
    if not isinstance(message, REQUESTS):
        raise ProtocolError(f"{TAGS[type(message)].name} is a reply, not a request")
    return message
