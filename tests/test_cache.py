"""The module cache across runs (gvm/cache/), through the command line as a user runs
it: a second run takes the module from the cache and neither decodes nor validates it;
corrupt, truncated, foreign, outdated or misshapen entries are ignored and rewritten;
the directory is private; concurrent writers leave a whole entry; the least recently
used entries go first beyond the size limit; `gvm cache info|clear`, `--no-cache` and
GVM_CACHE=0. Every test has a cache directory of its own (GVM_CACHE_DIR)."""
import hashlib
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gvm
from gvm import cache
from gvm.cache import store as S

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
HELLO = str(PROGRAMS / "hello.wasm")
FIB = str(PROGRAMS / "fib.wasm")

# Runs the command line with decoding and validation made to fail: whatever it prints
# came from the cache, or it fails saying so.
NO_DECODE = """
import sys
import gvm.binary, gvm.binary.sections, gvm.validate
def refuse(*args, **kwargs):
    raise RuntimeError("decoded or validated again")
gvm.binary.decode = gvm.binary.sections.decode_module = gvm.validate.validate = refuse
from gvm.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(cache_dir, *args, env=None, code=None):
    command = [sys.executable, *(["-c", code] if code else ["-m", "gvm"]), *args]
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("GVM_CACHE", "GVM_CACHE_SIZE", "GVM_TRACEBACK")}
    environment.update(GVM_CACHE_DIR=str(cache_dir), PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(command, capture_output=True, env=environment, timeout=120)


def entries(cache_dir):
    return sorted(p for p in Path(cache_dir).iterdir() if p.name.endswith(S.SUFFIX)) \
        if Path(cache_dir).exists() else []


def only_entry(cache_dir):
    found = entries(cache_dir)
    assert len(found) == 1, found
    return found[0]


def assert_valid_entry(path):
    """`path` holds a whole entry of its module that loading accepts."""
    raw = path.read_bytes()
    payload = raw[len(S.MAGIC) + 32:]
    header, contents = marshal.loads(payload)
    key, expected = cache.key_and_header(header[3], gvm.features.DEFAULT)
    assert path.name == key + S.SUFFIX and header == expected
    assert S.Store(str(path.parent)).load(key, header) is not None


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def test_second_run_takes_the_module_from_the_cache(cache_dir):
    first = run(cache_dir, HELLO)
    assert first.returncode == 0 and first.stdout == b"Hello, world!\n", first.stderr
    assert_valid_entry(only_entry(cache_dir))
    second = run(cache_dir, HELLO, code=NO_DECODE)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, b"")
    # The same run without the cache decodes, and so fails here: the check can fail.
    uncached = run(cache_dir, "--no-cache", HELLO, code=NO_DECODE, env={"GVM_TRACEBACK": "1"})
    assert uncached.returncode != 0 and b"decoded or validated again" in uncached.stderr


@pytest.mark.parametrize("engine", ["fast", "python", "reference"])
def test_a_cached_function_call_lowers_from_the_bytes(cache_dir, engine):
    if engine == "fast" and not gvm.engines.fast_available():
        pytest.skip("the fast engine is not built")
    args = ("--engine", engine, "--invoke", "fib", FIB, "25")
    first = run(cache_dir, *args)
    assert first.stdout == b"75025\n", first.stderr
    second = run(cache_dir, *args, code=NO_DECODE)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, b"")


def test_a_restored_module_equals_the_decoded_one(tmp_path):
    data = (PROGRAMS / "files.wasm").read_bytes()
    store = S.Store(str(tmp_path / "c"))
    decoded = cache.load_module(data, store=store)
    restored = cache.load_module(data, store=store)
    assert restored is not decoded and restored.ast == decoded.ast
    assert (restored.type_keys, restored.type_supers) == (decoded.type_keys, decoded.type_supers)
    for a, b in zip(decoded.func_infos, restored.func_infos):
        assert a.type == b.type and list(a.locals.declared()) == list(b.locals.declared())
        assert {pc: repr(x) for pc, x in a.side.items()} == {pc: repr(x) for pc, x in b.side.items()}
        assert repr(list(a.handlers)) == repr(list(b.handlers))


# --- entries that must not be trusted ---------------------------------------------------------
def _flip(raw):
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x10]) + raw[middle + 1:]


def _rewrite(path, change_header=None, change_contents=None):
    """The entry at `path` rewritten with a correct digest around a changed payload."""
    header, contents = marshal.loads(path.read_bytes()[len(S.MAGIC) + 32:])
    header = change_header(header) if change_header else header
    contents = change_contents(contents) if change_contents else contents
    payload = marshal.dumps((header, contents))
    path.write_bytes(S.MAGIC + hashlib.sha256(payload).digest() + payload)


def _set(contents, *path_and_value):
    *path, value = path_and_value
    target = contents
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return contents


CORRUPTIONS = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:len(p.read_bytes()) // 2]),
    "bit-flipped": lambda p: p.write_bytes(_flip(p.read_bytes())),
    "empty": lambda p: p.write_bytes(b""),
    "magic only": lambda p: p.write_bytes(S.MAGIC),
    "a directory": lambda p: (p.unlink(), p.mkdir(), (p / "x").write_bytes(b"x")),
    "wrong version": lambda p: _rewrite(p, lambda h: (h[0], "0.0.0", *h[2:])),
    "wrong format": lambda p: _rewrite(p, lambda h: (h[0] + 1, *h[1:])),
    "not marshal": lambda p: p.write_bytes(
        S.MAGIC + hashlib.sha256(b"\xff" * 8).digest() + b"\xff" * 8),
    "unknown tag": lambda p: _rewrite(p, change_contents=lambda c: _set(
        c, "ast", "types", [(999, 1)])),
    "wrong field count": lambda p: _rewrite(p, change_contents=lambda c: _set(
        c, "ast", "imports", [(3, "a", "b")])),
    "wrong type": lambda p: _rewrite(p, change_contents=lambda c: _set(
        c, "ast", "exports", [compile("1", "x", "eval")])),
    "missing part": lambda p: _rewrite(p, change_contents=lambda c: {
        k: v for k, v in c.items() if k != "funcs"}),
    "body out of range": lambda p: _rewrite(p, change_contents=lambda c: _set(
        c, "funcs", (*c["funcs"][:4], b"\xff" * len(c["funcs"][4]), c["funcs"][5]))),
    "column of the wrong type": lambda p: _rewrite(p, change_contents=lambda c: _set(
        c, "funcs", (*c["funcs"][:4], [1] * len(c["funcs"][4]), c["funcs"][5]))),
    "not a tuple": lambda p: _rewrite(p, change_contents=lambda c: [1, 2, 3]),
}


def _foreign(cache_dir, path):
    """Another module's entry, under this module's key."""
    run(cache_dir, "--invoke", "fib", FIB, "1")
    other = next(p for p in entries(cache_dir) if p != path)
    path.write_bytes(other.read_bytes())
    other.unlink()


@pytest.mark.parametrize("corruption", [*CORRUPTIONS, "foreign"])
def test_an_untrustworthy_entry_is_ignored_and_rewritten(cache_dir, corruption):
    first = run(cache_dir, HELLO)
    path = only_entry(cache_dir)
    if corruption == "foreign":
        _foreign(cache_dir, path)
    else:
        CORRUPTIONS[corruption](path)
    again = run(cache_dir, HELLO)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, b"")
    assert_valid_entry(only_entry(cache_dir))
    third = run(cache_dir, HELLO, code=NO_DECODE)
    assert (third.returncode, third.stdout) == (0, first.stdout), third.stderr


# --- the directory --------------------------------------------------------------------------
def test_the_cache_directory_is_made_private(cache_dir):
    nested = cache_dir / "deep" / "gvm"
    assert run(nested, HELLO).returncode == 0
    assert nested.stat().st_mode & 0o777 == 0o700
    assert len(entries(nested)) == 1


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_cache_directory_others_may_write_is_refused(cache_dir, mode):
    cache_dir.mkdir()
    cache_dir.chmod(mode)
    result = run(cache_dir, HELLO)
    assert result.returncode == 0 and result.stdout == b"Hello, world!\n"
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "writable by others" in lines[0] and "not caching" in lines[0]
    assert entries(cache_dir) == []


def test_a_cache_directory_that_is_a_file_is_refused(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    result = run(blocked / "gvm", HELLO)
    assert result.returncode == 0 and result.stdout == b"Hello, world!\n"
    assert result.stderr.decode().count("\n") == 1 and b"not caching" in result.stderr


def test_concurrent_writers_leave_a_whole_entry(cache_dir):
    program = str(PROGRAMS / "files.wasm")
    writers = [subprocess.Popen(
        [sys.executable, "-c", "import sys, gvm.cache; gvm.cache.load_module("
                               "open(sys.argv[1], 'rb').read())", program],
        env={**os.environ, "GVM_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE) for _ in range(6)]
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0 and stderr == b"", stderr
    assert_valid_entry(only_entry(cache_dir))
    assert [p.name for p in cache_dir.iterdir()] == [only_entry(cache_dir).name]


def test_least_recently_used_entries_go_first(cache_dir):
    programs = {name: str(PROGRAMS / f"{name}.wasm") for name in ("hello", "trap", "alloc")}
    sizes = {}
    for name, path in programs.items():
        run(cache_dir, path)
        sizes[name] = only_entry(cache_dir).stat().st_size
        assert run(cache_dir, "cache", "clear").returncode == 0
    limit = {"GVM_CACHE_SIZE": str(sum(sizes.values()) - 1)}
    run(cache_dir, programs["hello"], env=limit)
    hello = only_entry(cache_dir)
    run(cache_dir, programs["trap"], env=limit)
    trap = next(p for p in entries(cache_dir) if p != hello)
    now = time.time()
    os.utime(hello, (now - 100, now - 100))     # hello is older, but
    os.utime(trap, (now - 50, now - 50))
    run(cache_dir, programs["hello"], env=limit)    # a hit makes it the most recent
    run(cache_dir, programs["alloc"], "1", env=limit)
    left = entries(cache_dir)
    assert hello in left and trap not in left and len(left) == 2


def test_an_entry_larger_than_the_limit_is_not_written(cache_dir):
    assert run(cache_dir, HELLO, env={"GVM_CACHE_SIZE": "1K"}).returncode == 0
    assert entries(cache_dir) == []


# --- the command line -----------------------------------------------------------------------
def test_cache_info_and_clear(cache_dir):
    run(cache_dir, HELLO)
    run(cache_dir, "--invoke", "fib", FIB, "5")
    total = sum(p.stat().st_size for p in entries(cache_dir))
    info = run(cache_dir, "cache", "info", env={"GVM_CACHE_SIZE": "64M"})
    assert info.returncode == 0, info.stderr
    lines = info.stdout.decode().splitlines()
    assert lines[0] == f"directory: {cache_dir}"
    assert lines[1] == "entries:   2"
    assert lines[2] == f"size:      {total / 1024:.1f} KiB of 64.0 MiB (GVM_CACHE_SIZE)"
    cleared = run(cache_dir, "cache", "clear")
    assert cleared.returncode == 0 and cleared.stdout.startswith(b"removed 2 entries")
    assert entries(cache_dir) == []
    assert run(cache_dir, "cache", "info").stdout.decode().splitlines()[1] == "entries:   0"
    bad = run(cache_dir, "cache", "purge")
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


@pytest.mark.parametrize("off", [("--no-cache",), ()])
def test_the_cache_can_be_turned_off(cache_dir, off):
    env = {} if off else {"GVM_CACHE": "0"}
    for args in ((HELLO,), ("--invoke", "fib", FIB, "7")):
        result = run(cache_dir, *off, *args, env=env)
        assert result.returncode == 0 and result.stderr == b""
    assert entries(cache_dir) == []


def test_a_node_takes_shipped_modules_from_the_cache(tmp_path, monkeypatch):
    from gvm.dist.store import Store
    monkeypatch.setenv("GVM_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_default", [])
    data = Path(FIB).read_bytes()
    digest = hashlib.sha256(data).digest()
    Store().add(digest, data)
    assert len(entries(tmp_path / "c")) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("validated again")
    monkeypatch.setattr(gvm.validate, "validate", refuse)
    stored = Store().add(digest, data)      # a new node process: its store is empty
    assert gvm.instantiate(stored.module).exports.fib(10) == 55


def test_floats_keep_their_bits_and_records_their_classes(tmp_path):
    """NaN payloads, -0.0, typed references, 64-bit limits and GC types come back as
    they were decoded."""
    import struct
    from conftest import wat
    from gvm import module as M
    data = wat("""(module
      (type $s (sub (struct (field (mut i32)) (field i8))))
      (type $a (array (mut (ref null $s))))
      (memory i64 1 2)
      (table 2 funcref)
      (global $n f32 (f32.const nan:0x200001))
      (global $m f64 (f64.const -nan:0x8000000000001))
      (global $z f64 (f64.const -0.0))
      (global $r (ref null $s) (ref.null $s))
      (func $f (export "f") (param (ref null $a)) (result f64)
        (local i64 i64 (ref null $s)) global.get $m)
      (elem (table 0) (i32.const 0) func $f)
      (data (i64.const 0) "hi"))""")
    store = S.Store(str(tmp_path / "c"))
    decoded = cache.load_module(data, store=store)
    restored = cache.load_module(data, store=store)
    for field in M.Module.__slots__:    # NaN != NaN: the globals are compared by bits
        if field != "globals":
            assert getattr(restored.ast, field) == getattr(decoded.ast, field), field

    def bits(module):
        return [struct.pack("<d", g.init[0].imm) if isinstance(g.init[0].imm, float)
                else g.init[0].imm for g in module.ast.globals]
    assert bits(restored) == bits(decoded)
    assert [type(t) for t in restored.ast.types] == [type(t) for t in decoded.ast.types]
    assert type(restored.ast.mems[0].limits) is gvm.types.Limits64
    assert list(restored.func_infos[0].locals.declared()) == \
        list(decoded.func_infos[0].locals.declared())
