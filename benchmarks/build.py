"""Builds the benchmark programs of benchmarks/src/ to WebAssembly with the C compiler
of the `ziglang` PyPI package. The .wasm files are committed in benchmarks/wasm/; run
this after changing a source:

    python benchmarks/build.py

For every program NAME.c it writes

- wasm/NAME.wasm      wasm32-freestanding, -O2, LLVM's default CPU for wasm32 (which
                      may use sign-extension, multi-value, bulk-memory, non-trapping
                      float-to-int...): what every engine runs unless it needs
- wasm/NAME.mvp.wasm  the same with -mcpu=mvp: WebAssembly 1.0 only, for engines that
                      cannot read newer encodings (pywasm3 0.5's wasm3);
- wasm/blur.wasm and wasm/blur_simd.wasm: one kernel built without and with
                      -msimd128 (fixed-width SIMD), not in all.wasm; the scalar
                      one also as wasm/blur.mvp.wasm, so that wasm3 runs it too;

and besides

- wasm/all.wasm       every program linked into one module (all the exports), the
                      module whose decode + validate throughput run.py measures;
- wasm/hello.wasm     a trivial wasm32-wasi command (puts "hello"), whose process
                      start-up run.py times.

The benchmark modules import nothing (-nostdlib, no entry point; each exports one
function `NAME(i32 work) -> i64 checksum` and its memory), so every engine can run
them. FP contraction is off so that the f64 results are bit-exact against gcc's.
The native builds (gcc -O2, the reference time and result) are made by run.py into a
temporary directory at benchmark time, from the same sources.
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "wasm"

PROGRAMS = ("fib", "loop", "sieve", "crc32", "nbody", "sha256", "quicksort", "vm",
            "collatz", "base64", "xxhash", "matmul_f32", "matmul_f64", "json", "tree",
            "dispatch", "lz77")
# What fixed-width SIMD buys: one kernel built without and with -msimd128 (blur_simd.c
# is blur.c under another name), default CPU only, and left out of all.wasm.
SIMD_PAIR = {"blur": [], "blur_simd": ["-msimd128"]}

ZIG_CC = [sys.executable, "-m", "ziglang", "cc"]
FREESTANDING = ["--target=wasm32-freestanding", "-O2", "-ffp-contract=off", "-nostdlib",
                "-Wl,--no-entry", "-Wl,--strip-debug"]
CPUS = {"": [], ".mvp": ["-mcpu=mvp"]}


def run(cmd):
    print("+ zig cc", " ".join(str(c) for c in cmd[len(ZIG_CC):]), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def build():
    OUT.mkdir(exist_ok=True)
    for suffix, cpu in CPUS.items():
        for name in PROGRAMS:
            run([*ZIG_CC, *FREESTANDING, *cpu, SRC / f"{name}.c", "-o", OUT / f"{name}{suffix}.wasm"])
        run([*ZIG_CC, *FREESTANDING, *cpu, *(SRC / f"{n}.c" for n in PROGRAMS),
             "-o", OUT / f"all{suffix}.wasm"])
    for name, flags in SIMD_PAIR.items():
        run([*ZIG_CC, *FREESTANDING, *flags, SRC / f"{name}.c", "-o", OUT / f"{name}.wasm"])
    run([*ZIG_CC, *FREESTANDING, *CPUS[".mvp"], SRC / "blur.c", "-o", OUT / "blur.mvp.wasm"])
    run([*ZIG_CC, "--target=wasm32-wasi", "-O2", "-Wl,--strip-debug", SRC / "hello.c",
         "-o", OUT / "hello.wasm"])
    for path in sorted(OUT.glob("*.wasm")):
        print(f"{path.relative_to(HERE)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    build()
