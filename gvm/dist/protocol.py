"""The node-to-node wire protocol: every tag, code, limit, message and value encoding.

Both sides of a node connection (gvm/dist/client.py and gvm/dist/service.py) speak
only through this module; docs/dist-protocol.md is the same tables in prose.

Every message is one frame:

    length  u32 big-endian   bytes that follow (tag and body), 1..the tag's limit
    tag     u8               which message (the `Tag` table)
    body    fields           as the message's encoder writes them

The 5-byte header is read first and the length checked against the limit of that
tag in the connection's phase before a byte of the body is read, so an
unauthenticated peer can never make a node allocate more than MAX_HANDSHAKE_FRAME.

Field kinds, all big-endian: u8, u16, u32; `str`: u16 byte count and UTF-8;
`blob`: u32 byte count and bytes; `rest`: the bytes up to the end of the frame;
`values`: u16 count, then per value a kind byte and its bits (see `encode_value`).

Messages are plain tuples; one encoder and one decoder function per message keep
the hot path (CALL and RESULT) free of reflection.
"""

import enum
import struct
import typing

from .. import types as T
from .. import values as V
from .errors import ProtocolError

VERSION = 1
HEADER = struct.Struct(">IB")  # length, tag
HEADER_SIZE = HEADER.size
NONCE_SIZE = 32
PROOF_SIZE = 32  # an HMAC-SHA256
HASH_SIZE = 32  # a SHA-256 module digest

MAX_HANDSHAKE_FRAME = 512  # before authentication: HELLO, AUTH, WELCOME, ERROR
MAX_FRAME = 1 << 20  # after it, every message but UPLOAD
MAX_MODULE_BYTES = 64 << 20  # the largest module a node accepts
MAX_UPLOAD_FRAME = 1 + MAX_MODULE_BYTES  # the tag and the module
MAX_OUTPUT_CHUNK = 64 << 10  # a program's output is sent in pieces of at most this
MAX_VALUES = 1000  # arguments or results of one call
MAX_INT_BYTES = 17  # a Python int argument: enough for any v128 or u64 value


class Tag(enum.IntEnum):
    """Every message tag.  Requests (client → node) upper case, the rest lower case."""

    HELLO = ord("h")  # node → client     version u8, nonce, name str
    AUTH = ord("A")  # client → node     nonce, proof
    WELCOME = ord("w")  # node → client     proof
    PING = ord("P")  # client → node     (no fields)
    PONG = ord("p")  # node → client     (no fields)
    UPLOAD = ord("U")  # client → node     module rest
    STORED = ord("s")  # node → client     hash
    DESCRIBE = ord("D")  # client → node     module ref, function str
    SIGNATURE = ord("g")  # node → client     params, results: u16 count + type bytes each
    CALL = ord("C")  # client → node     module ref, function str, values
    RESULT = ord("r")  # node → client     values
    RUN = ord("R")  # client → node     module ref, argv, env: u16 count + blobs each
    OUTPUT = ord("o")  # node → client     fd u8 (1 or 2), data rest
    EXIT = ord("x")  # node → client     status u32
    ERROR = ord("e")  # node → client     code u8, message str, frames
    STATS = ord("T")  # client → node     (no fields)
    LOAD = ord("t")  # node → client     calls u64, busy u32, workers u32, cores u32
    # `frames`: u16 count, then per frame a function name str and a code offset u32
    # (0xFFFFFFFF: unknown), outermost first, as gvm.Trap.frames holds them.


class ErrorCode(enum.IntEnum):
    """The `code` of an ERROR reply."""

    AUTH_FAILED = 1  # the peer's proof was wrong; the node closes the connection
    MALFORMED = 2  # the frame broke the protocol; the node closes the connection
    TIMEOUT = 3  # no complete handshake or frame in time; the node closes
    BUSY = 4  # the node is at its connection limit; the node closes
    NEED_MODULE = 5  # no module with that hash here: UPLOAD it, then ask again
    MODULE_NOT_FOUND = 6  # no module of that name in the node's search path
    FUNCTION_NOT_FOUND = 7  # the module exports no function of that name
    BAD_ARGUMENTS = 8  # wrong number or types of arguments
    BAD_MODULE = 9  # malformed, invalid or unlinkable module (imports a node lacks)
    TRAP = 10  # the function trapped; frames say where
    UNSUPPORTED = 11  # a reference-typed parameter or result: those cannot travel
    INTERNAL = 12  # a bug in the node; its log has the traceback
    EXHAUSTED = 13  # out of call stack, or of the node's time for one call


# Which errors end the connection (the node closes after sending them).
FATAL_ERRORS = {ErrorCode.AUTH_FAILED, ErrorCode.MALFORMED, ErrorCode.TIMEOUT, ErrorCode.BUSY}


class ModuleRef(enum.IntEnum):
    """How a request names its module: the first byte of a module ref."""

    HASH = 0  # then the 32-byte SHA-256 of the module's bytes
    NAME = 1  # then a str: MODULE of MODULE.wasm in the node's search path


UNKNOWN_OFFSET = 0xFFFFFFFF


# --- messages -------------------------------------------------------------------------


class Hello(typing.NamedTuple):
    version: int
    nonce: bytes
    name: str


class Auth(typing.NamedTuple):
    nonce: bytes
    proof: bytes


class Welcome(typing.NamedTuple):
    proof: bytes


class Ping(typing.NamedTuple):
    pass


class Pong(typing.NamedTuple):
    pass


class Stats(typing.NamedTuple):
    pass


class Load(typing.NamedTuple):
    """A node's capacity and load: requests served since it started, workers busy
    now, its workers, and its machine's cores."""

    calls: int
    busy: int
    workers: int
    cores: int


class Upload(typing.NamedTuple):
    module: bytes


class Stored(typing.NamedTuple):
    digest: bytes


class Describe(typing.NamedTuple):
    module: tuple  # (ModuleRef.HASH, digest) or (ModuleRef.NAME, name)
    function: str


class Signature(typing.NamedTuple):
    params: tuple  # gvm.types value type codes
    results: tuple


class Call(typing.NamedTuple):
    module: tuple
    function: str
    args: list  # of Value, or Python int or float


class Result(typing.NamedTuple):
    values: list  # of Value


class Run(typing.NamedTuple):
    module: tuple
    args: list  # of bytes: argv, argv[0] the program's name
    env: list  # of bytes: NAME=VALUE


class Output(typing.NamedTuple):
    fd: int
    data: bytes


class Exit(typing.NamedTuple):
    status: int


class Error(typing.NamedTuple):
    code: ErrorCode
    message: str
    frames: tuple = ()  # of (function name, offset or None), outermost first


# --- values ----------------------------------------------------------------------------


class Value(typing.NamedTuple):
    """A typed WebAssembly value: `type` a gvm.types code (I32, I64, F32, F64, V128),
    `raw` in gvm.values' internal representation, so its bits cross exactly."""

    type: int
    raw: object


INT_KIND = 0x01  # a Python int argument, typed by the parameter it lands in


def _same(bits):
    return bits


# Value kind -> (size in bytes, raw value -> bits, bits -> raw value).  The kinds are
# the binary encodings of the value types; floats travel as their IEEE bit patterns.
VALUE_KINDS = {
    T.I32: (4, _same, _same),
    T.I64: (8, _same, _same),
    T.F32: (4, V.f32_to_bits, V.f32_from_bits),
    T.F64: (8, V.f64_to_bits, V.f64_from_bits),
    T.V128: (16, _same, _same),
}


def encode_value(value):
    """One value: a kind byte, then the bits (big-endian).  A Value keeps its type;
    a Python int becomes INT_KIND (u8 length, signed big-endian bytes), a float an f64."""
    if type(value) is Value:
        size, to_bits, _ = VALUE_KINDS[value.type]
        return bytes([value.type]) + to_bits(value.raw).to_bytes(size, "big")
    if type(value) is int:
        size = max(1, (value.bit_length() + 8) // 8)  # room for the sign bit
        if size > MAX_INT_BYTES:
            raise ValueError(f"{value} is too large for any WebAssembly type")
        return bytes([INT_KIND, size]) + value.to_bytes(size, "big", signed=True)
    if type(value) is float:
        return encode_value(Value(T.F64, value))
    raise TypeError(f"expected an int or a float, got {value!r}")


def encode_values(values):
    if len(values) > MAX_VALUES:
        raise ValueError(f"{len(values)} values, at most {MAX_VALUES}")
    return b"".join([len(values).to_bytes(2, "big"), *map(encode_value, values)])


# --- field writers -----------------------------------------------------------------------


def _str(text):
    data = text.encode("utf-8")
    if len(data) > 0xFFFF:
        raise ValueError(f"text too long ({len(data)} bytes, at most 65535)")
    return len(data).to_bytes(2, "big") + data


def _blob(data):
    return len(data).to_bytes(4, "big") + data


def _blobs(items):
    return len(items).to_bytes(2, "big") + b"".join(map(_blob, items))


def _types(codes):
    return len(codes).to_bytes(2, "big") + bytes(codes)


def _module_ref(ref):
    kind, key = ref
    if kind == ModuleRef.HASH:
        return bytes([kind]) + key
    return bytes([kind]) + _str(key)


def _frames(frames):
    parts = [len(frames).to_bytes(2, "big")]
    for name, offset in frames:
        parts += [_str("?" if name is None else str(name)), (UNKNOWN_OFFSET if offset is None else offset).to_bytes(4, "big")]
    return b"".join(parts)


# --- field readers ------------------------------------------------------------------------


class _Reader:
    """Reads fields from a frame body; any overrun or bad field is a ProtocolError.
    `what` names the field for the error message (constant strings: this is the
    hot path of every request and reply)."""

    __slots__ = ("body", "pos")

    def __init__(self, body):
        self.body = body
        self.pos = 0

    def take(self, size, what):
        start = self.pos
        end = start + size
        if end > len(self.body):
            raise ProtocolError(f"frame ends inside the {what}")
        self.pos = end
        return self.body[start:end]

    def u8(self, what):
        pos = self.pos
        if pos >= len(self.body):
            raise ProtocolError(f"frame ends inside the {what}")
        self.pos = pos + 1
        return self.body[pos]

    def uint(self, size, what):
        return int.from_bytes(self.take(size, what), "big")

    def str(self, what):
        data = self.take(self.uint(2, what), what)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(f"{what} is not valid UTF-8") from None

    def blobs(self, what):
        return [self.take(self.uint(4, what), what) for _ in range(self.uint(2, what))]

    def rest(self):
        data = self.body[self.pos :]
        self.pos = len(self.body)
        return data

    def types(self, what):
        codes = tuple(self.take(self.uint(2, what), what))
        for code in codes:
            if code not in VALUE_KINDS:
                raise ProtocolError(f"{what}: 0x{code:02x} is not a value type that can travel")
        return codes

    def module_ref(self):
        kind = self.u8("module ref")
        if kind == ModuleRef.HASH:
            return ModuleRef.HASH, self.take(HASH_SIZE, "module hash")
        if kind == ModuleRef.NAME:
            return ModuleRef.NAME, self.str("module name")
        raise ProtocolError(f"unknown module ref kind {kind}")

    def values(self):
        count = self.uint(2, "value count")
        if count > MAX_VALUES:
            raise ProtocolError(f"{count} values, at most {MAX_VALUES}")
        return [self.value() for _ in range(count)]

    def value(self):
        kind = self.u8("value kind")
        if kind == INT_KIND:
            size = self.u8("integer")
            if not 1 <= size <= MAX_INT_BYTES:
                raise ProtocolError(f"integer of {size} bytes, expected 1..{MAX_INT_BYTES}")
            return int.from_bytes(self.take(size, "integer"), "big", signed=True)
        described = VALUE_KINDS.get(kind)
        if described is None:
            raise ProtocolError(f"unknown value kind 0x{kind:02x}")
        size, _, from_bits = described
        return Value(kind, from_bits(self.uint(size, "value")))

    def frames(self):
        frames = []
        for _ in range(self.uint(2, "frame count")):
            name = self.str("frame name")
            offset = self.uint(4, "frame offset")
            frames.append((name, None if offset == UNKNOWN_OFFSET else offset))
        return frames

    def end(self, tag):
        if self.pos != len(self.body):
            raise ProtocolError(f"{len(self.body) - self.pos} unexpected bytes after the {tag.name} message")


# --- the table: tag, message class, body encoder, body decoder ---------------------------------


def _error_code(reader):
    code = reader.u8("error code")
    try:
        return ErrorCode(code)
    except ValueError:
        raise ProtocolError(f"unknown error code {code}") from None


_CODECS = {
    Tag.HELLO: (
        Hello,
        lambda m: bytes([m.version]) + m.nonce + _str(m.name),
        lambda r: Hello(r.u8("version"), r.take(NONCE_SIZE, "nonce"), r.str("name")),
    ),
    Tag.AUTH: (
        Auth,
        lambda m: m.nonce + m.proof,
        lambda r: Auth(r.take(NONCE_SIZE, "nonce"), r.take(PROOF_SIZE, "proof")),
    ),
    Tag.WELCOME: (Welcome, lambda m: m.proof, lambda r: Welcome(r.take(PROOF_SIZE, "proof"))),
    Tag.PING: (Ping, lambda m: b"", lambda r: Ping()),
    Tag.PONG: (Pong, lambda m: b"", lambda r: Pong()),
    Tag.STATS: (Stats, lambda m: b"", lambda r: Stats()),
    Tag.LOAD: (
        Load,
        lambda m: m.calls.to_bytes(8, "big") + b"".join(v.to_bytes(4, "big") for v in m[1:]),
        lambda r: Load(r.uint(8, "calls"), r.uint(4, "busy"), r.uint(4, "workers"), r.uint(4, "cores")),
    ),
    Tag.UPLOAD: (Upload, lambda m: m.module, lambda r: Upload(r.rest())),
    Tag.STORED: (Stored, lambda m: m.digest, lambda r: Stored(r.take(HASH_SIZE, "hash"))),
    Tag.DESCRIBE: (
        Describe,
        lambda m: _module_ref(m.module) + _str(m.function),
        lambda r: Describe(r.module_ref(), r.str("function name")),
    ),
    Tag.SIGNATURE: (
        Signature,
        lambda m: _types(m.params) + _types(m.results),
        lambda r: Signature(r.types("parameter types"), r.types("result types")),
    ),
    Tag.CALL: (
        Call,
        lambda m: _module_ref(m.module) + _str(m.function) + encode_values(m.args),
        lambda r: Call(r.module_ref(), r.str("function name"), r.values()),
    ),
    Tag.RESULT: (Result, lambda m: encode_values(m.values), lambda r: Result(r.values())),
    Tag.RUN: (
        Run,
        lambda m: _module_ref(m.module) + _blobs(m.args) + _blobs(m.env),
        lambda r: Run(r.module_ref(), r.blobs("argument"), r.blobs("environment variable")),
    ),
    Tag.OUTPUT: (
        Output,
        lambda m: bytes([m.fd]) + m.data,
        lambda r: Output(r.u8("output fd"), r.rest()),
    ),
    Tag.EXIT: (Exit, lambda m: m.status.to_bytes(4, "big"), lambda r: Exit(r.uint(4, "exit status"))),
    Tag.ERROR: (
        Error,
        lambda m: bytes([m.code]) + _str(m.message) + _frames(m.frames),
        lambda r: Error(_error_code(r), r.str("error message"), r.frames()),
    ),
}
TAGS = {message: tag for tag, (message, _, _) in _CODECS.items()}
_DECODERS = {int(tag): (tag, decoder) for tag, (_, _, decoder) in _CODECS.items()}


# --- framing -------------------------------------------------------------------------------------


def encode(message):
    """The complete frame, header included, of a message.  ValueError for a field a
    frame cannot hold (a name over 65535 bytes, an integer beyond 128 bits)."""
    tag = TAGS[type(message)]
    body = _CODECS[tag][1](message)
    return HEADER.pack(len(body) + 1, tag) + body


def decode(tag, body):
    """The message in a frame, from its tag and body; ProtocolError if malformed."""
    codec = _DECODERS.get(tag)
    if codec is None:
        raise ProtocolError(f"unknown tag 0x{tag:02x}")
    tag, decoder = codec
    reader = _Reader(body)
    message = decoder(reader)
    reader.end(tag)
    return message


def handshake_limit(tag):
    """The largest frame (tag and body) accepted before authentication."""
    return MAX_HANDSHAKE_FRAME


def frame_limit(tag):
    """The largest frame (tag and body) accepted after authentication."""
    return MAX_UPLOAD_FRAME if tag == Tag.UPLOAD else MAX_FRAME
