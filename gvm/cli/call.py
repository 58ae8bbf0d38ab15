"""`gvm MODULE.FUNC ARGS...` and `gvm FILE.wasm --invoke FUNC ARGS...`: call one exported
function with arguments read by its parameter types, and print each result on a line.
A WASI reactor's `_initialize` runs first, as its contract asks. A `--` before the
arguments is left out, as the end of gvm's options (`gvm fib.add64 -- -5 3`)."""
import os
import re

from .. import types as T
from .. import values as V
from .errors import UsageError
from .guest import memory_hint, run_guest
from .load import exported_function, instantiate, keep_code, make_wasi, read_module, use_cache


def call(path, function, options):
    module = read_module(path, cache=use_cache(options))
    instances = []
    with make_wasi(options, [path]) as wasi:
        def invocation():
            instance = instantiate(module, path, options, wasi)
            instances.append(instance)
            func = exported_function(instance, path, function)
            args = parse_arguments(function, func.type.params, options.args)
            if "_initialize" in instance.exports:
                exported_function(instance, path, "_initialize")()
            for t, result in zip(func.type.results, func.call_raw(args)):
                print(format_value(t, result))
        status = run_guest(invocation, os.path.basename(path), module)
    keep_code(module)
    if status:
        memory_hint(instances, options)
    return status


# --- arguments -----------------------------------------------------------------------------------
def parse_arguments(function, params, texts):
    if texts[:1] == ["--"]:
        texts = texts[1:]
    if len(texts) != len(params):
        expected = " ".join(T.type_name(t) for t in params) or "none"
        plural = "" if len(params) == 1 else "s"
        raise UsageError(f"{function} takes {len(params)} argument{plural} ({expected}), "
                         f"{len(texts)} given")
    return [parse_value(t, text, function, i + 1) for i, (t, text) in enumerate(zip(params, texts))]


def parse_value(t, text, function, position):
    """A command-line argument as a raw value of type `t`: integers in decimal or 0x hex,
    negative or not (both readings of the bits are accepted, as gvm.values.from_python
    does); floats in decimal (1.5, -0.0, 1e3), as inf or nan, or in 0x hex (0x1.8p3);
    v128 as lanes, `i32x4:1,2,3,4` (any shape, see gvm.values.parse_v128), or one
    integer. Nothing else: no `_` separators, no digits of other scripts, no bare hex
    (`abc`)."""
    name = T.type_name(t)
    if t == T.V128:
        try:
            return V.parse_v128(text)
        except (ValueError, OverflowError, TypeError):
            raise UsageError(f"{function}: argument {position} must be a v128 such as "
                             f"i32x4:1,2,3,4, not {text!r}") from None
    read = _integer if t in (T.I32, T.I64) else _float if t in (T.F32, T.F64) else None
    if read is None:
        raise UsageError(f"{function}: argument {position} is an {name}, which the command "
                         f"line cannot give")
    try:
        return V.from_python(t, read(text))     # None (unreadable) is a TypeError
    except (TypeError, OverflowError):
        raise UsageError(f"{function}: argument {position} must be an {name}, "
                         f"not {text!r}") from None


_INTEGER = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:inf|nan)",
                      re.ASCII | re.IGNORECASE)
_HEX_FLOAT = re.compile(r"[+-]?0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?[0-9]+)?",
                        re.ASCII | re.IGNORECASE)


def _integer(text):
    """Leading zeros are decimal (007), as `int(text, 0)` would refuse them."""
    if not _INTEGER.fullmatch(text):
        return None
    return int(text, 16) if text.lstrip("+-")[:2] in ("0x", "0X") else int(text, 10)


def _float(text):
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _HEX_FLOAT.fullmatch(text):
        return float.fromhex(text)
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
