"""`gvm MODULE.FUNC ARGS...` and `gvm FILE.wasm --invoke FUNC ARGS...`: call one exported
function with arguments read by its parameter types, and print each result on a line.
A WASI reactor's `_initialize` runs first, as its contract asks."""
import os

from .. import types as T
from .. import values as V
from .errors import CliError
from .guest import run_guest
from .load import exported_function, instantiate, make_wasi, read_module


def call(path, function, options):
    module = read_module(path)
    with make_wasi(options, [path]) as wasi:
        def invocation():
            instance = instantiate(module, path, options, wasi)
            func = exported_function(instance, path, function)
            args = parse_arguments(function, func.type.params, options.args)
            if "_initialize" in instance.exports:
                exported_function(instance, path, "_initialize")()
            for t, result in zip(func.type.results, func.call_raw(args)):
                print(format_value(t, result))
        return run_guest(invocation, os.path.basename(path))


# --- arguments -----------------------------------------------------------------------------------
def parse_arguments(function, params, texts):
    if len(texts) != len(params):
        expected = " ".join(T.type_name(t) for t in params) or "none"
        plural = "" if len(params) == 1 else "s"
        raise CliError(f"{function} takes {len(params)} argument{plural} ({expected}), "
                       f"{len(texts)} given")
    return [parse_value(t, text, function, i + 1) for i, (t, text) in enumerate(zip(params, texts))]


def parse_value(t, text, function, position):
    """A command-line argument as a raw value of type `t`: integers in decimal or hex,
    negative or not (both readings of the bits are accepted, as gvm.values.from_python
    does); floats as Python reads them (nan, inf, -0 included) or in hex (0x1.8p3); v128
    as lanes, `i32x4:1,2,3,4` (any shape, see gvm.values.parse_v128), or one integer."""
    name = T.type_name(t)
    if t == T.V128:
        try:
            return V.parse_v128(text)
        except (ValueError, OverflowError, TypeError):
            raise CliError(f"{function}: argument {position} must be a v128 such as "
                           f"i32x4:1,2,3,4, not {text!r}") from None
    read = _integer if t in (T.I32, T.I64) else _float if t in (T.F32, T.F64) else None
    if read is None:
        raise CliError(f"{function}: argument {position} is an {name}, which the command "
                       f"line cannot give")
    try:
        return V.from_python(t, read(text))     # None (unreadable) is a TypeError
    except (TypeError, OverflowError):
        raise CliError(f"{function}: argument {position} must be an {name}, "
                       f"not {text!r}") from None


def _integer(text):
    for base in (0, 10):        # base 0 reads 0x.., but refuses leading zeros: 007
        try:
            return int(text, base)
        except ValueError:
            pass
    return None


def _float(text):
    for read in (float, float.fromhex):
        try:
            return read(text)
        except ValueError:
            pass
    return None


# --- results ---------------------------------------------------------------------------------------
def format_value(t, value):
    """Integers as signed decimals, floats as Python prints them, v128 as i32x4 lanes
    (`i32x4:1,2,3,4`, the form arguments take)."""
    if t == T.V128:
        return V.format_v128(value)
    if value is None:
        return "null"
    return str(V.to_python(t, value))
