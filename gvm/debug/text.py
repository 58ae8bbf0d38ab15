"""How the debugger writes what it shows: typed values, places in the code, and memory.

A value is written with its type, `i32:-1`, `f64:0.5`, `funcref:fib`, `externref:null`:
integers as signed decimals, floats as Python prints them, references as `null` or the
name of the function, a v128 in a lane view, `v128:i32x4:1,2,3,4` (i32x4 unless the
`v128` command chose another shape: `V128_VIEW`). A place is `FUNCTION+0xOFFSET @0xADDRESS`: the offset counts from
the function's first instruction, the address is the byte offset in the module, as
`break` takes both.
"""
from .. import types as T
from .. import values as V
from ..disasm import val_type_text
from ..errors import WasmException
from ..runtime import HostFunction, WasmFunction


def type_text(t):
    return "?" if t is None else val_type_text(t)


def function_name(func):
    """A function's name in the name section, else its export name, else `func[INDEX]`."""
    if isinstance(func, HostFunction):
        return func.name
    ast = func.instance.module.ast
    name = ast.names.funcs.get(func.index)
    if name is None:
        name = next((export.name for export in ast.exports
                     if export.kind == T.EXTERN_FUNC and export.index == func.index), func.name)
    return name


def local_names(func):
    """{index: name} of the locals the name section names."""
    return func.instance.module.ast.names.locals.get(func.index, {})


def local_name(func, i):
    """A local's name in the name section, else `local I`."""
    return local_names(func).get(i, f"local {i}")


def global_name(instance, i):
    name = instance.module.ast.names.globals.get(i)
    return f"global {i}" if name is None else f"global {name}"


# The lane view v128 values are shown in; the debugger's `v128 SHAPE` command sets it.
V128_VIEW = ["i32x4"]


def value_text(t, value):
    """A value without its type; `t` None when the type is unknown."""
    if value is None:
        return "null"
    if isinstance(value, (WasmFunction, HostFunction)):
        return function_name(value)
    if isinstance(value, V.ExternRef):
        return repr(value.value)
    if isinstance(value, WasmException):
        return "exception"
    if t == T.V128:
        return V.format_v128(value, V128_VIEW[0])
    if t == T.I32:
        return str(V.signed32(value))
    if t == T.I64:
        return str(V.signed64(value))
    return str(value)


def typed_text(t, value):
    return f"{type_text(t)}:{value_text(t, value)}"


def typed_list(pairs):
    """(type, value) pairs as `i32:1 i32:2`, or `nothing`."""
    return " ".join(typed_text(t, v) for t, v in pairs) or "nothing"


def align(values, types):
    """Pair the values on top of a stack with the types validation gives the top of it
    (were there fewer types than values, the values without one would read `?:`)."""
    types = tuple(types)[-len(values):] if values else ()
    types = (None,) * (len(values) - len(types)) + types
    return list(zip(types, values))


# --- places in the code -----------------------------------------------------------------------
def offset_in(func, pc):
    """How far instruction `pc` is from the first instruction of `func`, in bytes."""
    body = func.func.body
    return body[pc].offset - body[0].offset


def place(func, pc):
    return f"{function_name(func)}+{offset_in(func, pc):#x} @{func.func.body[pc].offset:#x}"


# --- memory ------------------------------------------------------------------------------------
def hex_dump(data, address, length):
    """`x ADDR LEN`: 16 bytes a line, in hex and as ASCII (dots for the rest)."""
    lines = []
    end = min(address + length, len(data))
    for start in range(address, end, 16):
        chunk = bytes(data[start:min(start + 16, end)])
        hexes = " ".join(f"{b:02x}" for b in chunk)
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{start:#010x}:  {hexes:<47}  |{text}|")
    return lines


def bytes_text(data):
    """A few bytes as hex, with their little-endian reading when they make an integer."""
    hexes = " ".join(f"{b:02x}" for b in data)
    if len(data) in (1, 2, 4, 8):
        return f"{hexes} ({int.from_bytes(data, 'little', signed=True)})"
    return hexes
