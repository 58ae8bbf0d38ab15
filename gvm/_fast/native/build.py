"""Compiling a module's native code (translate.py's C) into a shared library, and
loading it: the native tier's use of the system's C compiler.

The library is kept in the cache directory (gvm.cache.store.default_directory(),
`native/`) under a digest of everything that decides its contents: the module's bytes
and features, the translator's sources, the headers, the engine's trap statuses, the
compiler and its flags. A module is compiled once per machine; a later process finds
its library without translating it again. A large module's C is compiled in parts, in
parallel, by one shell process that the engine starts and then only polls, so that the
build goes on while wasm runs in the interpreter (`Build`).
"""
import ctypes
import hashlib
import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path

from ...cache.store import default_directory
from .translate import translate_module

HERE = Path(__file__).resolve().parent
HEADERS = HERE.parent                   # gvm/_fast: native.h, numeric.h
# -fsignaling-nans: x * 1.0 stays a multiplication, which quiets a signalling NaN (wasm
# requires it), where GCC would otherwise make it x.
# -ffp-contract=off: no fused multiply-add, which rounds once where wasm rounds twice.
# -fno-strict-aliasing, -fwrapv: no assumption that wasm's arithmetic does not make.
FLAGS = ["-O2", "-fPIC", "-w", "-fsignaling-nans", "-ffp-contract=off",
         "-fno-strict-aliasing", "-fwrapv", "-fno-math-errno", "-fvisibility=hidden"]
# Functions per compiled part of a large module.
PART = 200


class NativeBuildError(Exception):
    """The C compiler failed, or is missing."""


class Library:
    """A loaded module's native code: the addresses the engine reads (native.h)."""

    def __init__(self, path):
        self.path = path
        self.dll = ctypes.CDLL(str(path))   # kept: unloading would free the code
        self.enter = ctypes.cast(self.dll.gvm_enter, ctypes.c_void_p).value
        self.entries = ctypes.addressof(ctypes.c_void_p.in_dll(self.dll, "gvm_entries"))
        self.directs = ctypes.addressof(ctypes.c_void_p.in_dll(self.dll, "gvm_directs"))


def compiler():
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(cc)


@lru_cache(maxsize=None)
def _toolchain(cc):
    """A digest of what decides the C a module becomes and how it is compiled."""
    try:
        out = subprocess.run(list(cc) + ["--version"], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise NativeBuildError(f"no C compiler ({' '.join(cc)}): {e}") from None
    if out.returncode != 0:
        raise NativeBuildError(f"no C compiler ({' '.join(cc)})")
    h = hashlib.sha256()
    for path in sorted(HERE.glob("*.py")) + [HEADERS / "native.h", HEADERS / "numeric.h"]:
        h.update(path.read_bytes())
    h.update(out.stdout.encode())
    h.update(" ".join(FLAGS).encode())
    return h.hexdigest()


def module_key(module, statuses, cc):
    h = hashlib.sha256(_toolchain(tuple(cc)).encode())
    h.update(repr(sorted(module.features)).encode())
    h.update(repr(sorted(statuses.items())).encode())
    if module.ast.funcs:
        h.update(module.ast.funcs[0].body.data)     # the module's bytes
    return h.hexdigest()


class Build:
    """The native code of `module`: `library` at once when the cache has it, else after
    start() and a poll() that finds the compiler done (None: nothing to compile, or the
    compiler failed, said once on stderr)."""

    def __init__(self, module, statuses):
        self.module = module
        self.statuses = statuses
        self.cc = compiler()
        self.path = (Path(default_directory()) / "native"
                     / f"{module_key(module, statuses, self.cc)}.so")
        self.process = None
        self.tmp = None
        self.done = self.path.exists()
        self.library = Library(self.path) if self.done else None

    def start(self):
        """Translate the module and start the compiler (no-op once done)."""
        if self.done or self.process is not None:
            return
        parts, order = translate_module(self.module, self.statuses, part=PART)
        if not order:
            self.done = True
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = tempfile.TemporaryDirectory(dir=self.path.parent)
        tmp = Path(self.tmp.name)
        cc = " ".join(shlex.quote(a) for a in self.cc + FLAGS + ["-I", str(HEADERS)])
        script = ["set -e", "pids="]
        for i, part in enumerate(parts):
            (tmp / f"part{i}.c").write_text(part)
            script.append(f"{cc} -c part{i}.c -o part{i}.o & pids=\"$pids $!\"")
        script.append("for p in $pids; do wait $p; done")
        objects = " ".join(f"part{i}.o" for i in range(len(parts)))
        script.append(f"{' '.join(map(shlex.quote, self.cc))} -shared -o module.so "
                      f"{objects} -lm")
        script.append(f"mv module.so {shlex.quote(str(self.path))}")
        self.process = subprocess.Popen(["/bin/sh", "-c", "\n".join(script)], cwd=tmp,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def poll(self, wait=False):
        """True once done (then `library` is the result)."""
        if self.done:
            return True
        if self.process is None:
            return False
        if wait:
            _, err = self.process.communicate()
        elif self.process.poll() is None:
            return False
        else:
            err = self.process.stderr.read()
        self.process.stderr.close()
        self.done = True
        if self.process.returncode == 0 and self.path.exists():
            self.library = Library(self.path)
        else:
            print(f"gvm: the native tier could not compile {self.module.name or 'a module'}"
                  f" (it runs in the interpreter): {err.decode(errors='replace')[-2000:]}",
                  file=sys.stderr)
        self.tmp.cleanup()
        return True

    def wait(self):
        self.start()
        self.poll(wait=True)
        return self.library
