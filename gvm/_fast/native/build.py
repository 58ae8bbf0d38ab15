"""Compiling a module's native code (translate.py's C) into a shared library, and
loading it: the native tier's use of the system's C compiler.

The library is kept in the cache directory (gvm.cache.store.default_directory(),
`native/`) under the digest of what decides its contents (the C source, the headers it
includes, the compiler and its flags), so a module is compiled once per machine, and a
second process loads it in milliseconds. A large module's source is compiled in parts,
in parallel, and linked.
"""
import ctypes
import hashlib
import os
import shlex
import subprocess
import sysconfig
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...cache.store import default_directory
from .translate import translate_module

HEADERS = Path(__file__).resolve().parent.parent      # gvm/_fast: native.h, numeric.h
# -fsignaling-nans: x * 1.0 stays a multiplication, which quiets a signalling NaN (wasm
# requires it), where GCC would otherwise make it x.
# -ffp-contract=off: no fused multiply-add, which rounds once where wasm rounds twice.
# -fno-strict-aliasing: memory is read through memcpy, but locals of every type share
# the slot array in the entries. -fwrapv: signed arithmetic in casts wraps as wasm's.
FLAGS = ["-O2", "-fPIC", "-w", "-fsignaling-nans", "-ffp-contract=off", "-fno-strict-aliasing", "-fwrapv",
         "-fno-math-errno", "-fvisibility=hidden"]
# Functions per compiled part of a large module.
PART = 200


class NativeBuildError(Exception):
    """The C compiler failed, or is missing."""


class Library:
    """A loaded module's native code: the addresses the engine reads (native.h)."""

    def __init__(self, path, order):
        self.path = path
        self.order = order                  # the function indices it has
        self.dll = ctypes.CDLL(str(path))   # kept: unloading would free the code
        self.enter = ctypes.cast(self.dll.gvm_enter, ctypes.c_void_p).value
        self.entries = ctypes.addressof(ctypes.c_void_p.in_dll(self.dll, "gvm_entries"))
        self.directs = ctypes.addressof(ctypes.c_void_p.in_dll(self.dll, "gvm_directs"))


def compiler():
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(cc)


def _compiler_id(cc):
    try:
        out = subprocess.run(cc + ["--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise NativeBuildError(f"no C compiler ({' '.join(cc)}): {e}") from None
    return out.stdout.splitlines()[0] if out.stdout else " ".join(cc)


def digest(parts, cc):
    h = hashlib.sha256()
    for name in ("native.h", "numeric.h"):
        h.update((HEADERS / name).read_bytes())
    h.update(_compiler_id(cc).encode())
    h.update(" ".join(FLAGS).encode())
    for part in parts:
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def _run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise NativeBuildError(f"{' '.join(cmd[:3])} ... failed:\n{out.stderr[-4000:]}")


def compile_parts(parts, target, cc=None):
    """Compile the C sources `parts` into the shared library `target`."""
    cc = cc or compiler()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        sources = []
        for i, part in enumerate(parts):
            src = Path(tmp) / f"part{i}.c"
            src.write_text(part)
            sources.append(src)
        objects = [src.with_suffix(".o") for src in sources]
        jobs = [cc + FLAGS + ["-I", str(HEADERS), "-c", str(src), "-o", str(obj)]
                for src, obj in zip(sources, objects)]
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            list(pool.map(_run, jobs))
        temp = Path(tmp) / "module.so"
        _run(cc + ["-shared", "-o", str(temp)] + [str(o) for o in objects] + ["-lm"])
        os.replace(temp, target)
    return target


def library_of(module, statuses):
    """The loaded native code of `module` (an api Module), compiled if need be; None
    when none of its functions is supported. Kept on the module."""
    lib = getattr(module, "_gvm_native_library", False)
    if lib is not False:
        return lib
    rng = os.environ.get("GVM_NATIVE_RANGE")
    only = None
    if rng:
        lo, hi = map(int, rng.split(":"))
        only = lambda i: lo <= i < hi
    parts, order = translate_module(module, statuses, part=PART, only=only)
    lib = None
    if order:
        cc = compiler()
        path = Path(default_directory()) / "native" / f"{digest(parts, cc)}.so"
        if not path.exists():
            compile_parts(parts, path, cc)
        lib = Library(path, order)
    module._gvm_native_library = lib
    return lib
