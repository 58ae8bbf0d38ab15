"""The C decoder and validator of function bodies (gvm/_fast/validate.pyx) against the
Python ones: on every module of both spec suites, and on damaged copies of real
programs, the verdict (accepted, or the error class and message) must be gvm.Module's.

The C pass checks bodies only; the rest of the module is decoded and validated by the
Python code either way (gvm.validate.module.compiled_checker chooses the pass)."""
import random
import sys
import time
from pathlib import Path

import pytest

import gvm
import gvm.validate.module as VM
from gvm import features as F
from gvm.binary import decode
from gvm.errors import DecodeError, ValidationError

from wast import spec_suite

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "spec-tests"))
from wast_convert import read_commands  # noqa: E402  (the spec runner's reader)
from wast_script import Job  # noqa: E402

try:
    from gvm._fast import validate as C
except ImportError as e:   # no C compiler where gvm was installed
    C = None
    NOT_BUILT = f"gvm._fast.validate is not built: {e}"

pytestmark = pytest.mark.skipif(C is None, reason=C is None and NOT_BUILT)


# --- The two verdicts ------------------------------------------------------------------
def verdict(data, features, compiled):
    """What gvm.Module(data) says with function bodies checked in C (`compiled`) or in
    Python: ("ok", None, None), or the error's class, message and text (which names
    the function and the offset)."""
    chosen = VM.compiled_checker
    VM.compiled_checker = (lambda: C) if compiled else (lambda: None)
    try:
        gvm.Module(data, features=features)
    except (DecodeError, ValidationError) as e:
        return type(e).__name__, e.message, str(e)
    finally:
        VM.compiled_checker = chosen
    return "ok", None, None


def c_verdict(data, features):
    return verdict(data, features, True)


def py_verdict(data, features):
    return verdict(data, features, False)


def body_ranges(data):
    return [(f.body.start, f.body.end) for f in decode(data).funcs]


# --- Every module of the spec suites -----------------------------------------------------
def _suite_modules(version):
    """(where, binary, features) of every binary module of one suite's scripts."""
    root = spec_suite(version)
    if root is None:
        return []
    features = "2.0" if version == "2.0" else None
    found = []
    for path in sorted(root.rglob("*.wast")):
        name = path.relative_to(root).as_posix()
        _, commands = read_commands(Job(str(path), name, features, "reference", "", ""))
        for command in commands:
            source = command.get("source")
            if source is None:
                continue
            try:
                binary = source.binary(F.resolve(features))
            except gvm.WasmError:
                continue    # malformed text: a test of the text format
            found.append((f"{version}/{name}:{command['line']}", binary, features))
    return found


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_spec_modules_same_verdict(version):
    if spec_suite(version) is None:
        pytest.skip(f"the {version} spec suite is not available")
    started = time.perf_counter()
    modules = _suite_modules(version)
    assert len(modules) > 1000
    differences = []
    verdicts = set()
    # The 3.0 modules are also read as 2.0 ones: which encodings are legal depends on
    # the features.
    feature_sets = ("2.0",) if version == "2.0" else (None, "2.0")
    for where, binary, _ in modules:
        for features in feature_sets:
            expected = py_verdict(binary, features)
            verdicts.add(expected[0])
            got = c_verdict(binary, features)
            if got != expected:
                differences.append(f"{where} ({features or '3.0'}): Python {expected}, C {got}")
    print(f"{len(modules)} modules in {time.perf_counter() - started:.1f} s")
    assert differences == []
    assert verdicts == {"ok", "DecodeError", "ValidationError"}


# --- Damaged real programs --------------------------------------------------------------
PROGRAMS = ["fib.wasm", "hello.wasm", "simd.wasm", "words.wasm"]


def _damaged(data, ranges, rng, count):
    """Copies of `data` with one body truncated (the module cut inside it) or with a
    few of its bits flipped."""
    for _ in range(count):
        start, end = rng.choice(ranges)
        if end <= start:
            continue
        if rng.random() < 0.2:
            yield data[:rng.randrange(start, end)]
            continue
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
        yield bytes(damaged)


@pytest.mark.parametrize("program", PROGRAMS)
def test_damaged_bodies_same_verdict(program):
    data = (REPO / "tests" / "programs" / program).read_bytes()
    ranges = body_ranges(data)
    assert ranges
    rng = random.Random(program)
    differences = []
    verdicts = set()
    for damaged in _damaged(data, ranges, rng, 100):
        expected = py_verdict(damaged, None)
        verdicts.add(expected[0])
        got = c_verdict(damaged, None)
        if got != expected:
            differences.append(f"{damaged.hex()}: Python {expected}, C {got}")
    assert differences[:5] == []
    assert {"DecodeError", "ValidationError"} <= verdicts


def test_undamaged_programs_accepted():
    for program in PROGRAMS:
        data = (REPO / "tests" / "programs" / program).read_bytes()
        assert c_verdict(data, None) == py_verdict(data, None) == ("ok", None, None)


# --- Functions with more locals than the C pass lists one by one -------------------------
def _leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _section(section_id, contents):
    return bytes([section_id]) + _leb(len(contents)) + contents


def _module_with_locals(count, body):
    """A module of one function () -> (i32) declaring `count` i32 locals and a (ref
    any) one after them, whose instructions are `body` (without the final `end`)."""
    code = b"\x02" + _leb(count) + b"\x7f" + b"\x01\x64\x6e" + body + b"\x0b"
    return (b"\0asm\1\0\0\0" + _section(1, b"\x01\x60\x00\x01\x7f")
            + _section(3, b"\x01\x00") + _section(10, b"\x01" + _leb(len(code)) + code))


@pytest.mark.parametrize("body", [
    b"\x20" + _leb(199_999),                      # local.get of the last i32
    b"\x20" + _leb(200_000),                      # the (ref any) local, never set
    b"\x20" + _leb(200_001),                      # unknown local 200001
    b"\x41\x00\xfb\x1c\x21" + _leb(200_000)    # ref.i31 of 0 into it, then read it
    + b"\x20" + _leb(200_000) + b"\x1a\x41\x00",
])
def test_many_locals_same_verdict(body):
    data = _module_with_locals(200_000, b"\x41\x00\x1a" + body)
    assert c_verdict(data, None) == py_verdict(data, None)


def test_many_locals_verdicts_differ():
    """The cases above are not all alike: each rule is reached."""
    verdicts = {c_verdict(_module_with_locals(200_000, b + b"\x1a\x41\x00"), None)[1]
                for b in (b"\x20" + _leb(0), b"\x20" + _leb(200_000), b"\x20" + _leb(200_001))}
    assert verdicts == {None, "uninitialized local", "unknown local 200001"}
