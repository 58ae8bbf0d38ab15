"""The python engine's translations kept in the module cache (gvm/cache/): a run's
translated functions are written into the module's entry after the run, and later
runs make their functions from the kept code objects instead of translating and
compiling again (gvm/runtime/lowered.py: SharedCode.code's `keep`).

A record is (the code object as marshal bytes, the source, the wasm offset of each
source line, the constants as gvm/cache/codec.py encodes them, whether it is a tail
call body). Code objects are the interpreter's own format, so the build that may load
a record names the interpreter's bytecode magic number, gvm's version and the size and
modification time of every source the generated code is made by or calls into; the
marshal bytes are only read once that build matched. Like a .pyc, a record is then
trusted: the entry's digest was checked, and the cache directory is the user's own.
A translation whose constants the codec cannot write (a GC cast test, a function) is
not kept.
"""
import marshal
import os
from types import CodeType

from .. import __version__
from .runtime import LINES, Translation, renamed, wasm_filename

_HERE = os.path.dirname(os.path.abspath(__file__))
# The sources whose change changes what generated code means or calls.
_SOURCES = (_HERE, os.path.join(os.path.dirname(_HERE), "interp"))
_build = []


def build():
    """This interpreter's and these sources' build name, worked out once."""
    if not _build:
        from importlib.util import MAGIC_NUMBER
        from ..cache.store import sha256
        signature = [MAGIC_NUMBER, __version__]
        for directory in _SOURCES:
            for name in sorted(os.listdir(directory)):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(directory, name))
                    signature.append((name, st.st_size, st.st_mtime_ns))
        _build.append(sha256(repr(signature).encode()).hex()[:32])
    return _build[0]


def dump(translation, module):
    """`translation` as marshal-able values, or None when it cannot be written down."""
    from ..cache.codec import encode
    try:
        constants = encode(translation.constants)
    except TypeError:
        return None
    _name, offsets = LINES[translation.filename]
    return (marshal.dumps(translation.code), translation.source, tuple(offsets), constants,
            translation.tail)


def load(kept_build, record, func):
    """The Translation `dump` wrote down as `record`, for WasmFunction `func`;
    ValueError when another build wrote it or it is not dump's shape."""
    if kept_build != build() or type(record) is not tuple or len(record) != 5:
        raise ValueError("a translation of another build")
    code, source, offsets, constants, tail = record
    if not (type(code) is bytes and type(source) is str and type(offsets) is tuple
            and all(o is None or type(o) is int for o in offsets) and type(tail) is bool):
        raise ValueError("not a translation")
    from ..cache.codec import Malformed, decode
    try:
        constants = decode(constants)
    except Malformed:
        raise ValueError("not a translation") from None
    try:
        code = marshal.loads(code)
    except (EOFError, TypeError):
        raise ValueError("not a translation") from None
    if type(code) is not CodeType or type(constants) is not dict:
        raise ValueError("not a translation")
    filename = wasm_filename(func)
    LINES[filename] = (func.name, list(offsets))
    return Translation(renamed(code, filename), source, filename, constants, tail)


def keeper():
    """The (build, dump, load) that SharedCode.code takes."""
    return build(), dump, load
