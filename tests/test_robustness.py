"""Damaged modules must fail cleanly: every binary of the spec suites, truncated and with
random bits flipped, goes through `gvm.Module` (decoding and validation), and nothing but a gvm.errors.WasmError may
come out (no IndexError, struct.error, UnicodeDecodeError, RecursionError, MemoryError).
Besides truncations and flipped bits, single bytes are replaced by values that mean
something to the decoder (LEB128 continuation, type codes), to reach deeper paths.

The damage is drawn from a fixed seed, so a failure reproduces; the number of variants
per binary bounds the run to a few tens of seconds.
"""
import random
import traceback

import pytest

import gvm
from gvm.errors import WasmError

from wast import convert, spec_suite, wasm_tools

TRUNCATIONS = 4          # per binary
BIT_FLIPS = 8            # damaged copies per binary, each with 1 to 4 flipped bits
REPLACEMENTS = 4         # copies with one byte replaced by a value of special meaning
# continuation bit, all bits, sign bit of a one-byte s33, rec, ref null, ref, i32, zero
SPECIAL_BYTES = (0x80, 0xFF, 0x40, 0x4E, 0x63, 0x64, 0x7F, 0x00)
FEATURES = ("2.0", None)  # decoded under both rule sets: their code paths differ
SEED = 20240611


def target(data, features):
    """What the damaged binaries are fed to."""
    return gvm.Module(data, features)


def spec_binaries(version):
    """The distinct .wasm files of every script of a suite."""
    root = spec_suite(version)
    binaries = set()
    for script in sorted(root.glob("**/*.wast")):
        _, wasm_dir = convert(script)
        binaries.update(path.read_bytes() for path in wasm_dir.glob("*.wasm"))
    return sorted(binaries)


def truncated(data, rng):
    return [data[:rng.randrange(len(data))] for _ in range(TRUNCATIONS)]


def bit_flipped(data, rng):
    variants = []
    for _ in range(BIT_FLIPS):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        variants.append(bytes(damaged))
    return variants


def replaced(data, rng):
    variants = []
    for _ in range(REPLACEMENTS):
        damaged = bytearray(data)
        damaged[rng.randrange(len(damaged))] = rng.choice(SPECIAL_BYTES)
        variants.append(bytes(damaged))
    return variants


def escapes(data, features):
    """The traceback of anything but a WasmError that `target` raises, or None."""
    try:
        target(data, features)
    except WasmError:
        pass
    except BaseException:  # noqa: B902 -- MemoryError, RecursionError: all are failures
        return traceback.format_exc()
    return None


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_damaged_spec_binaries_fail_cleanly(version):
    if spec_suite(version) is None or wasm_tools() is None:
        pytest.skip(f"needs the {version} spec suite and wasm-tools")
    rng = random.Random(f"{SEED}-{version}")
    escaped = []
    for data in spec_binaries(version):
        if not data:
            continue
        for damaged in truncated(data, rng) + bit_flipped(data, rng) + replaced(data, rng):
            for features in FEATURES:
                error = escapes(damaged, features)
                if error:
                    escaped.append(f"{damaged.hex()} ({features}):\n{error}")
    assert not escaped, f"{len(escaped)} damaged binaries escaped; the first:\n" + escaped[0]
