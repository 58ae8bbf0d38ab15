"""Black-box tests of what a node guarantees its callers against each other and
against runaway code: the default caps on memory and time, calls isolated from
each other, state kept only where the node says so, and remote failures that are
the same exceptions and the same command-line report as local ones.

Real processes throughout: a GPMD and `python -m gvm node` processes on
127.0.0.1 (the Cluster of test_dist.py), called through gvm.dist and the CLI.
"""

import socket
import struct
import time
from pathlib import Path

import pytest

import gvm
import gvm.dist

from conftest import wat
from gpmd import client as gpmd_client
from test_dist import PROGRAMS, Cluster, assert_serving, read_frame

# One of everything a call can change: a global, memory (its bytes and its size),
# a table, a passive data segment (data.drop), and a WASI descriptor (fd_close).
STATE = """(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (global $g (mut i32) (i32.const 7))
  (data $d "pristine")
  (func $f)
  (elem declare func $f)
  (func (export "set") (param i32)
    (global.set $g (local.get 0))
    (i32.store (i32.const 100) (local.get 0))
    (table.set $t (i32.const 0) (ref.func $f))
    (drop (table.grow $t (ref.null func) (i32.const 3))))
  (func (export "get") (result i32) (global.get $g))
  (func (export "peek") (result i32) (i32.load (i32.const 100)))
  (func (export "slots") (result i32) (i32.add (table.size $t)
    (i32.mul (i32.const 10) (ref.is_null (table.get $t (i32.const 0))))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "drop") (data.drop $d))
  (func (export "init") (result i32)
    (memory.init $d (i32.const 200) (i32.const 0) (i32.const 8))
    (i32.load8_u (i32.const 200)))
  (func (export "close") (param i32) (result i32) (call $close (local.get 0))))"""

# A memory large enough to be zeroed by handing its pages back to the kernel
# (pristine.py), with initial data across the boundary of its last OS page.
WIDE = """(module
  (memory (export "memory") 65)
  (data (i32.const 4259830) "edge-data")
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))"""

COUNTER = """(module
  (global $n (mut i32) (i32.const 0))
  (func (export "bump") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (global.get $n)))"""

DEEP = """(module
  (func $down (export "down") (param i32) (result i32)
    (call $down (i32.add (local.get 0) (i32.const 1)))))"""

GROW_PAGES = (256 << 20) // 65536 + 1  # one page beyond the default cap of 256 MiB


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("limits"))
    for name, source in (("state", STATE), ("wide", WIDE), ("counter", COUNTER), ("deep", DEEP)):
        (c.lib / f"{name}.wasm").write_bytes(wat(source))
    for name in ("alpha", "beta", "gamma", "delta"):
        (c.lib / name).mkdir(exist_ok=True)
    try:
        c.start_node("alpha")  # every default
        c.start_node("beta", "--max-memory", "300M")
        c.start_node("gamma", "--call-timeout", "1", "--keep-state", "counter", workers=2)
        c.start_node("delta", "--max-connections", "2", workers=0)
        c.wait_registered("alpha", "beta", "gamma", "delta")
        yield c
    finally:
        c.close()


# --- default caps ---------------------------------------------------------------------


def test_a_node_has_default_caps_and_says_so(cluster):
    meta = {n.name: n.meta for n in gvm.dist.nodes(gpmd=cluster.gpmd)}
    assert meta["alpha"]["max_memory"] == 256 << 20 and meta["alpha"]["call_timeout"] == 60
    assert meta["beta"]["max_memory"] == 300 << 20 and meta["gamma"]["call_timeout"] == 1
    out = cluster.cli("nodes", "--gpmd", f"127.0.0.1:{cluster.port}")
    line = next(row for row in out.stdout.splitlines() if row.startswith("alpha "))
    assert '"max_memory": 268435456' in line and '"call_timeout": 60.0' in line


def test_memory_is_capped_at_256_mib_unless_the_node_raises_it(cluster):
    with cluster.connect("alpha") as alpha, cluster.connect("beta") as beta:
        assert alpha.call("state.grow", GROW_PAGES) == -1
        assert alpha.call("state.grow", 15) == 1  # below the cap: grows
        assert beta.call("state.grow", GROW_PAGES, timeout=60) == 1  # raised by --max-memory 300M


def _workers_of(node_pid):
    """The pids of a node's worker processes: its children, as the kernel lists them."""
    children = set()
    for task in (Path("/proc") / str(node_pid) / "task").iterdir():
        try:
            listed = (task / "children").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended after iterdir() listed it has no children
        children.update(int(pid) for pid in listed.split())
    return children


def test_a_call_without_a_timeout_is_stopped_by_the_node(cluster):
    node_pid = next(n.meta["pid"] for n in gvm.dist.nodes(gpmd=cluster.gpmd) if n.name == "gamma")
    workers = _workers_of(node_pid)
    assert len(workers) == 2
    with cluster.connect("gamma") as gamma:
        start = time.monotonic()
        with pytest.raises(gvm.Exhaustion, match="time exhausted") as caught:
            gamma.call("math.spin", 10**15)  # hours: no caller time-out
        assert 0.9 < time.monotonic() - start < 10
        assert isinstance(caught.value, gvm.dist.RemoteExhaustion)
        assert "--call-timeout" in caught.value.message
        assert gamma.call("math.add", 2, 2) == 4
        assert_serving(gamma)
    # Interrupted in place (SIGALRM in the worker), not killed and replaced.
    assert _workers_of(node_pid) == workers
    out = cluster.remote("gamma", "math.spin", str(10**15))
    assert out.returncode == 134 and out.stderr.startswith("gvm: error: time exhausted")
    assert out.stderr.count("\n") == 1


def test_call_timeout_must_be_positive(cluster):
    for value in ("0", "-1", "nan", "soon"):
        out = cluster.cli("node", "--name", "never", "--call-timeout", value)
        assert out.returncode == 2 and "--call-timeout" in out.stderr and "Traceback" not in out.stderr


# --- isolation ------------------------------------------------------------------------


def test_a_caller_never_sees_what_another_left(cluster):
    with cluster.connect("alpha") as first, cluster.connect("alpha") as second:
        first.call("state.set", 42)
        assert first.call("state.grow", 3) == 1
        first.call("state.drop")
        assert first.call("state.close", 1) == 0
        # alpha has one worker: every call ran in the same process, one after another.
        assert second.call("state.get") == 7
        assert second.call("state.peek") == 0
        assert second.call("state.slots") == 11  # one null slot, as declared
        assert second.call("state.size") == 1
        assert second.call("state.init") == ord("p")  # the segment is back
        assert second.call("state.close", 1) == 0  # stdout is open again
        assert first.call("state.get") == 7  # nor does the same caller, call to call


def test_a_large_memory_is_put_back_too(cluster):
    edge = 4259830  # "edge-data", ending a byte before the memory's end (65 pages)
    with cluster.connect("alpha") as first, cluster.connect("alpha") as second:
        for address in (0, 4096, 1 << 20, 4 << 20, edge):
            first.call("wide.poke", address, -1)
        assert [second.call("wide.peek", a) for a in (0, 4096, 1 << 20, 4 << 20)] == [0, 0, 0, 0]
        assert second.call("wide.peek", edge).to_bytes(4, "little", signed=True) == b"edge"


def test_a_module_declared_stateful_is_shared_by_every_caller(cluster):
    with cluster.connect("gamma") as first, cluster.connect("gamma") as second:
        start = first.call("counter.bump")
        assert second.call("counter.bump") == start + 1
        assert [first.call("counter.bump") for _ in range(5)] == list(range(start + 2, start + 7))
    with cluster.connect("alpha") as alpha:  # not declared there: every call starts afresh
        assert [alpha.call("counter.bump") for _ in range(3)] == [1, 1, 1]


def test_keep_state_names_a_module_the_node_has(cluster):
    out = cluster.cli("node", "--name", "never", "--gpmd", f"127.0.0.1:{cluster.port}",
                      "--cookie-file", str(cluster.cookie_file), "--path", str(cluster.lib),
                      "--keep-state", "nothing", "--workers", "0")
    assert out.returncode == 1 and "no nothing.wasm" in out.stderr and "Traceback" not in out.stderr


# --- remote errors are local errors ------------------------------------------------------


def test_remote_trap_and_exhaustion_are_the_local_exceptions(cluster):
    with cluster.connect("alpha") as alpha:
        with pytest.raises(gvm.Trap) as trap:
            alpha.call("math.boom", 7)
        assert isinstance(trap.value, gvm.WasmError) and isinstance(trap.value, gvm.dist.DistError)
        assert trap.value.message == "integer divide by zero"
        with pytest.raises(gvm.Exhaustion) as exhaustion:
            alpha.call("deep.down", 0)
        assert exhaustion.value.message == "call stack exhausted"
        assert not isinstance(exhaustion.value, gvm.Trap)
    local = gvm.instantiate(str(cluster.lib / "deep.wasm")).exports.down
    with pytest.raises(gvm.Exhaustion) as here:
        local(0)
    assert here.value.message == exhaustion.value.message


@pytest.mark.parametrize("args", [["math.boom", "7"], ["deep.down", "0"], [str(PROGRAMS / "trap.wasm")]],
                         ids=["trap", "exhaustion", "program"])
def test_cli_reports_remote_failures_as_local_ones(cluster, args):
    local = cluster.cli("--path", str(cluster.lib), *args)
    remote = cluster.remote("alpha", *args)
    assert local.returncode == 134
    assert (remote.returncode, remote.stdout, remote.stderr) == (local.returncode, local.stdout, local.stderr)


def test_piped_input_is_not_forwarded_and_the_cli_says_so(cluster):
    out = cluster.remote("alpha", str(PROGRAMS / "stdio.wasm"), input="three\nlines\nhere\n")
    assert out.returncode == 0
    assert "gvm: warning: standard input is not forwarded to node alpha" in out.stderr
    assert "0 bytes, 0 lines" in out.stderr  # what the program read
    quiet = cluster.remote("alpha", str(PROGRAMS / "stdio.wasm"))  # /dev/null: nothing to say
    assert "warning" not in quiet.stderr



# --- connection quotas ---------------------------------------------------------------------


def silent_connections(cluster, node, count, source):
    """`count` connections to `node` from the address `source` that never say a word."""
    found = gpmd_client.lookup(node, gpmd=cluster.gpmd)
    return [socket.create_connection((found.host, found.port), timeout=5, source_address=(source, 0))
            for _ in range(count)]


def test_silent_connections_do_not_lock_callers_out(cluster):
    silent = silent_connections(cluster, "alpha", 256, "127.0.0.2")
    try:
        # A caller from another address, new connections and all, is served at once.
        for _ in range(3):
            with cluster.connect("alpha") as caller:
                assert caller.call("math.add", 1, 2) == 3
        busy = struct.pack(">B", 4)  # ERROR BUSY, in the clear, then the node closes
        tag, body = read_frame(silent[-1])
        assert (tag, body[:1]) == ("e", busy)
    finally:
        for sock in silent:
            sock.close()


def test_only_authenticated_callers_count_against_max_connections(cluster):
    silent = silent_connections(cluster, "delta", 8, "127.0.0.3")  # delta: --max-connections 2
    try:
        with cluster.connect("delta") as first, cluster.connect("delta") as second:
            assert first.call("math.add", 1, 1) == second.call("math.add", 1, 1) == 2
            with pytest.raises(gvm.dist.NodeDown, match="too many connections"):
                cluster.connect("delta")  # a third authenticated one: no place left
    finally:
        for sock in silent:
            sock.close()
