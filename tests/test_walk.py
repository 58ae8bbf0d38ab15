"""The one-pass walk over a body's bytes (gvm/binary/walk.py) that validation, the
decode-only scan and Body.decode run: it must decode exactly what the decoder's
generator (gvm.binary.instructions, which reads every immediate through its reader)
decodes, and fail where that fails, with the same error, on well-formed and on damaged
bodies alike."""
import random
from pathlib import Path

import pytest

import gvm
from gvm import features as F
from gvm.binary.code import Body
from gvm.binary.instructions import instructions
from gvm.binary.reader import Reader
from gvm.binary.walk import walk
from gvm.errors import DecodeError

from test_decode import s as _sleb, u as _uleb  # LEB128, as the tests build binaries

PROGRAMS = sorted(Path(__file__).parent.joinpath("programs").glob("*.wasm"))


class _Seen(list):
    """A check for every opcode that writes down what the walk decoded."""

    def __getitem__(self, op):
        return lambda state, imm: self.append((op, imm))


def _walked(body):
    seen = _Seen()
    walk(body, seen, _State())
    return list(seen)


class _State:
    pc = None


def _decoded(body):
    """The decoder's generator over `body`, with the size check a Body makes."""
    r = Reader(body.data, body.features, body.start)
    out = [(i.op, i.imm, i.offset) for i in instructions(r, body.data_count)]
    r.require(r.pos == body.end, "section size mismatch", body.offset)
    return out


def _instrs(body):
    return [(i.op, i.imm, i.offset) for i in body.decode()]


def _ops(decoded):
    return [(op, imm) for op, imm, _offset in decoded]


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_walk_decodes_what_the_decoder_decodes(path):
    module = gvm.Module(path.read_bytes())
    for func in module.ast.funcs:
        expected = _decoded(func.body)
        # repr: a NaN constant is not equal to itself
        assert repr(_instrs(func.body)) == repr(expected)
        assert repr(_walked(func.body)) == repr(_ops(expected))
        tuples = func.body.tuples()     # the translation's form: plain tuples
        assert repr(tuples) == repr(expected) and {type(i) for i in tuples} <= {tuple}


def _outcome(read):
    try:
        return read()
    except DecodeError as e:
        return ("malformed", e.message, e.offset)


@pytest.mark.parametrize("features", ["2.0", "3.0"])
@pytest.mark.parametrize("path", [p for p in PROGRAMS if p.stem in ("fib", "simd", "words")],
                         ids=lambda p: p.name)
def test_walk_fails_where_the_decoder_fails(path, features):
    """Bodies with a few bytes changed: most are malformed somewhere, in all manner of
    immediates (long LEB128 forms, unknown opcodes, bad flags, a missing `end`), and
    some differently with the features of 2.0 and of 3.0 (memory argument flags)."""
    data = path.read_bytes()
    bodies = gvm.Module(data).ast.funcs
    rng = random.Random(13)
    failures = 0
    for _ in range(400):
        body = rng.choice(bodies).body
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(body.start, body.end)
            damaged[at] = rng.choice((0x00, 0x0B, 0x20, 0x40, 0x7F, 0x80, 0xFF, rng.randrange(256)))
        copy = Body(bytes(damaged), body.offset, body.start, body.end, F.resolve(features))
        expected = _outcome(lambda: _decoded(copy))
        assert repr(_outcome(lambda: _instrs(copy))) == repr(expected)
        if expected[0] != "malformed":
            expected = _ops(expected)
        assert repr(_outcome(lambda: _walked(copy))) == repr(expected)
        failures += expected[0] == "malformed"
    assert failures > 100


@pytest.mark.parametrize("path", [p for p in PROGRAMS if p.stem in ("fib", "simd")],
                         ids=lambda p: p.name)
def test_walk_fails_where_the_decoder_fails_when_the_module_ends_early(path):
    """Bytes cut anywhere inside a body: in the middle of an opcode or of any immediate."""
    data = path.read_bytes()
    for func in gvm.Module(data).ast.funcs[:20]:
        body = func.body
        for cut in range(body.start, body.end):
            copy = Body(data[:cut], body.offset, body.start, body.end, F.resolve(None))
            expected = _outcome(lambda: _decoded(copy))
            assert expected[0] == "malformed"
            assert _outcome(lambda: _instrs(copy)) == expected
            assert _outcome(lambda: _walked(copy)) == expected


# The immediates the walk reads itself past their commonest sizes: memory offsets of
# two bytes, constants of three bytes and more (by the reader's loop), and what the
# reader alone reads (a three-byte offset), valid, too large, and too long.
_LONG_IMMEDIATES = [
    b"\x28\x02" + _uleb(200), b"\x28\x02" + _uleb(16383), b"\x29\x03" + _uleb(16384),
    b"\x29\x03" + _uleb(70000), b"\x41" + _sleb(100000), b"\x41" + _sleb(-100000),
    b"\x41" + _sleb(2**27), b"\x41" + _sleb(-2**31), b"\x42" + _sleb(-2**40),
    b"\x42" + _sleb(2**62), b"\x42" + _sleb(-2**63),
    b"\x41\x80\x80\x80\x80\x70", b"\x41\x80\x80\x80\x80\x80\x00",
    b"\x42" + b"\x80" * 9 + b"\x7E", b"\x28\x02\x80\x80\x80\x80\x80\x00"]


@pytest.mark.parametrize("immediate", _LONG_IMMEDIATES, ids=lambda b: b.hex())
def test_walk_reads_long_immediates_as_the_decoder_does(immediate):
    """Each alone in a body, then the body cut short at every byte."""
    data = b"\x00" + immediate + b"\x0b"
    for end in range(2, len(data) + 1):
        body = Body(data[:end], 0, 1, len(data), F.resolve(None))
        expected = _outcome(lambda: _decoded(body))
        assert repr(_outcome(lambda: _instrs(body))) == repr(expected)
        tuples = _outcome(lambda: [tuple(i) for i in body.tuples()])
        assert repr(tuples) == repr(expected)
        if expected[0] != "malformed":
            expected = _ops(expected)
        assert repr(_outcome(lambda: _walked(body))) == repr(expected)
