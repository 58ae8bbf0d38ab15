"""The error categories of the WebAssembly specification, one class each.

The spec's reference interpreter distinguishes malformed modules (decoding), invalid
modules (validation), unlinkable modules (instantiation against imports), traps and
call-stack exhaustion. Both engines raise exactly these classes; the spec runner maps
each `assert_*` command to one of them and compares messages by prefix, so every
message starts with the spec interpreter's text.
"""


class WasmError(Exception):
    """Base of every error GVM raises about a WebAssembly module or its execution."""


class DecodeError(WasmError):
    """The binary is malformed. `offset` is the byte offset where decoding failed."""

    def __init__(self, message, offset=None):
        self.message = message
        self.offset = offset
        super().__init__(message if offset is None else f"{message} (at byte {offset:#x})")


class ValidationError(WasmError):
    """The module is well-formed but does not type-check."""

    def __init__(self, message, func=None, offset=None):
        self.message = message
        self.func = func
        self.offset = offset
        where = []
        if func is not None:
            where.append(f"function {func}")
        if offset is not None:
            where.append(f"byte {offset:#x}")
        super().__init__(f"{message} (in {', '.join(where)})" if where else message)


class LinkError(WasmError):
    """Instantiation failed because an import is missing or has the wrong type."""


class Trap(WasmError):
    """Execution trapped. `message` is the spec interpreter's text for the trap kind;
    `frames` is the wasm backtrace, innermost last, when the engine recorded one."""

    def __init__(self, message, frames=None):
        self.message = message
        self.frames = frames or []
        super().__init__(message)


class WasmException(WasmError):
    """A WebAssembly exception (`throw`) that no `try_table` caught. `tag` is the tag
    instance, `values` its arguments in gvm.values' representation. Inside wasm the same
    object is the `exnref` that `catch_ref` hands over and `throw_ref` rethrows."""

    def __init__(self, tag, values):
        self.tag = tag
        self.values = values
        self.message = "uncaught exception"
        super().__init__(f"uncaught exception {tag!r} with {values!r}")


class Exhaustion(WasmError):
    """A resource ran out: the call stack (spec: "call stack exhausted") or fuel."""

    def __init__(self, message="call stack exhausted"):
        self.message = message
        super().__init__(message)
