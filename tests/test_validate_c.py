"""The C decoder and validator of function bodies (gvm/_fast/validate.pyx) against the
Python ones: on every module of both spec suites, and on damaged copies of real
programs, the verdict (accepted, or the error class and message) must be gvm.Module's.

The C pass checks bodies only; the rest of the module is decoded and validated by the
Python code, with the bodies left as byte ranges (`_decode_without_bodies`), as
gvm.Module will do once it calls the C pass."""
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import gvm
import gvm.validate as V
from gvm import features as F
from gvm.binary import sections
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


# --- The module driver: Python for everything but the bodies ---------------------------------
@contextmanager
def _patched(module, name, value):
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def _decode_without_bodies(data, features, entries=None):
    """(module, body ranges, None) decoded by the Python decoder, each function body
    skipped after its locals; on a DecodeError, (None, the ranges recorded so far, the
    error). `entries`, a list, gets where each code entry's contents start."""
    ranges = []
    entries = [] if entries is None else entries

    def code_entry(r):
        def contents(size):
            offset = r.pos
            entries.append(offset)
            locals_ = sections.local_groups(r)
            ranges.append((r.pos, offset + size))
            r.pos = offset + size
            return locals_, None, offset
        return r.sized(contents)

    with _patched(sections, "code_entry", code_entry), \
            _patched(sections, "uses_data_index", lambda bodies: False):
        try:
            return sections.decode_module(data, features), ranges, None
        except DecodeError as e:
            return None, ranges, e


def _validate_without_bodies(module, features):
    """The validation Context of `module`, everything but its functions checked."""
    made = []

    class Recorded(V.Context):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    with _patched(V, "Context", Recorded), \
            _patched(V, "_check_func", lambda ctx, i, func: None):
        V.validate(module, features)
    return made[0]


def c_verdict(data, features):
    """What gvm.Module(data) says when the bodies are checked by the C pass: ("ok",
    None, None), or the error's class, message and text (which names the function and
    the offset)."""
    features = F.resolve(features)
    entries = []
    try:
        module, ranges, error = _decode_without_bodies(data, features, entries)
        if error is not None:     # a decoding error after the code section
            C.scan_bodies(data, ranges, features, True, error, entries)
        try:
            ctx = _validate_without_bodies(module, features)
        except ValidationError as e:
            C.scan_bodies(data, ranges, features, module.data_count is not None, e, entries)
        C.check_bodies(ctx, module, data, ranges)
    except (DecodeError, ValidationError) as e:
        return type(e).__name__, e.message, str(e)
    return "ok", None, None


def py_verdict(data, features):
    try:
        gvm.Module(data, features=features)
    except (DecodeError, ValidationError) as e:
        return type(e).__name__, e.message, str(e)
    return "ok", None, None


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
    module, ranges, error = _decode_without_bodies(data, F.DEFAULT)
    assert error is None and ranges
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
