"""Black-box tests of the distribution layer: a GPMD and real node processes
(`python -m gvm node`) on 127.0.0.1, called through gvm.dist and the command line.

Most tests share one cluster: a GPMD and three nodes, alpha, beta and gamma, with
one worker process each, a temporary HOME and a cookie file of their own (the real
~/.ghost is never touched).  Tests that kill or stop a node start their own.
Frames of the malformed-input tests, and their handshake, are built by hand here
from docs/dist-protocol.md, independently of gvm/dist/protocol.py.
"""

import hashlib
import hmac
import io
import math
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import gvm
import gvm.dist
from gpmd import client as gpmd_client
from gvm.dist import cookie, modules, protocol
from gvm.dist.pool import WorkerPool
from gvm.dist.protocol import ModuleRef, Value

from conftest import wat

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / "tests" / "programs"
SECRET = "test-cookie-4d7f"
PROMPT = 0.5  # a ping slower than this means the node is blocked

MATH = """(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "f32id") (param f32) (result f32) local.get 0)
  (func (export "swap") (param f64 i64) (result i64 f64) local.get 1 local.get 0)
  (func $divide (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func $average (param i32) (result i32) local.get 0 i32.const 0 call $divide)
  (func (export "boom") (param i32) (result i32) local.get 0 call $average)
  (func (export "spin") (param i64) (result i64) (local i64)
    (loop (local.set 1 (i64.add (local.get 1) (i64.const 1)))
          (br_if 0 (i64.lt_u (local.get 1) (local.get 0))))
    local.get 1))"""

# sleep(ms) sleeps in WASI's poll_oneoff; _start writes "first", sleeps 1 s, writes "second".
SLEEP = """(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 256) "first\\n")
  (data (i32.const 272) "second\\n")
  (func $sleep (export "sleep") (param $ms i32) (result i32)
    (i64.store (i32.const 0) (i64.const 0))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))
    (i64.store (i32.const 32) (i64.const 0))
    (i32.store16 (i32.const 40) (i32.const 0))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
    (local.get $ms))
  (func $say (param $at i32) (param $len i32)
    (i32.store (i32.const 192) (local.get $at))
    (i32.store (i32.const 196) (local.get $len))
    (drop (call $write (i32.const 1) (i32.const 192) (i32.const 1) (i32.const 200))))
  (func (export "_start")
    (call $say (i32.const 256) (i32.const 6))
    (drop (call $sleep (i32.const 1000)))
    (call $say (i32.const 272) (i32.const 7))))"""


def who(number):
    """A module `who` whose id() says which node's copy answered, slowly enough
    that a map has to spread over every node."""
    return f"""(module
      (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "id") (param i32) (result i32)
        (i32.store (i32.const 16) (i32.const 1))
        (i64.store (i32.const 24) (i64.const 20000000))
        (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
        (i32.add (i32.mul (local.get 0) (i32.const 10)) (i32.const {number}))))"""


# --- processes -------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A subprocess whose stderr goes to a log file."""

    def __init__(self, argv, log_path, env, cwd=None):
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(argv, env=env, stderr=log, stdout=subprocess.DEVNULL, cwd=cwd)

    def log(self):
        return Path(self.log_path).read_text()

    def wait_for_log(self, text, timeout=30.0):
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert self.process.poll() is None, f"process exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"{text!r} not in log:\n{self.log()}"
            time.sleep(0.02)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Cluster:
    """A GPMD, a temporary HOME with a cookie file, a module library, and nodes."""

    def __init__(self, root):
        self.root = root
        self.lib = root / "lib"
        self.lib.mkdir()
        (self.lib / "math.wasm").write_bytes(wat(MATH))
        (self.lib / "sleep.wasm").write_bytes(wat(SLEEP))
        for number, name in enumerate(["alpha", "beta", "gamma"], 1):
            (self.lib / name).mkdir()
            (self.lib / name / "who.wasm").write_bytes(wat(who(number)))
        self.cookie_file = root / "cookie"
        self.cookie_file.write_text(SECRET + "\n")
        self.cookie_file.chmod(0o600)
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(root))
        for variable in ("GPMD_PORT", "GHOST_COOKIE", "GVM_PATH"):
            self.env.pop(variable, None)
        self.port = free_port()
        self.gpmd = ("127.0.0.1", self.port)
        self.processes = []
        self.daemon = self.start([sys.executable, "-m", "gpmd", "--port", str(self.port)], "gpmd")
        self.daemon.wait_for_log("listening on")

    def start(self, argv, log_name, cwd=None):
        process = Process(argv, self.root / f"{log_name}.log", self.env, cwd)
        self.processes.append(process)
        return process

    def start_node(self, name, *options, workers=1):
        argv = [sys.executable, "-m", "gvm", "node", "--name", name, "--gpmd", f"127.0.0.1:{self.port}",
                "--cookie-file", str(self.cookie_file), "--path", str(self.lib / name), "--path", str(self.lib),
                "--workers", str(workers), *options]
        return self.start(argv, f"node-{name}-{len(self.processes)}")

    def wait_registered(self, *names, timeout=30.0):
        deadline = time.monotonic() + timeout
        while not all(gpmd_client.lookup(name, gpmd=self.gpmd) for name in names):
            logs = "\n".join(f"{p.log_path}:\n{p.log()}" for p in self.processes)
            assert time.monotonic() < deadline, f"{names} not all registered:\n{logs}"
            time.sleep(0.05)

    def connect(self, name, **options):
        options.setdefault("cookie", SECRET)
        return gvm.dist.connect(name, gpmd=self.gpmd, **options)

    def cli(self, *args, cwd=None, env=None, timeout=20, input=None):
        """gvm ARGS; its standard input is `input`, else /dev/null."""
        argv = [sys.executable, "-m", "gvm", *args]
        stdin = {} if input is not None else {"stdin": subprocess.DEVNULL}
        return subprocess.run(argv, env=env or self.env, cwd=cwd or self.root, capture_output=True,
                              text=True, timeout=timeout, input=input, **stdin)

    def remote(self, node, *args, **kwargs):
        return self.cli("--node", node, "--gpmd", f"127.0.0.1:{self.port}", "--cookie-file",
                        str(self.cookie_file), *args, **kwargs)

    def close(self):
        for process in reversed(self.processes):
            process.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("dist"))
    try:
        for name in ("alpha", "beta", "gamma"):
            c.start_node(name)
        c.wait_registered("alpha", "beta", "gamma")
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def alpha(cluster):
    with cluster.connect("alpha") as client:
        yield client


def assert_serving(client, times=3):
    """The node answers pings, promptly."""
    for _ in range(times):
        assert client.ping(timeout=5) < PROMPT


def worker_pids(node_pid):
    """The pids of the live worker processes of a node (their argv names its pid)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"gvm.dist.worker" in argv and str(node_pid).encode() in argv:
            stat = (entry / "stat").read_text()
            if stat.split(")")[-1].split()[0] != "Z":  # a zombie is dead already
                pids.append(int(entry.name))
    return pids


# --- listing and calling ------------------------------------------------------------


def test_nodes_are_listed_with_address_and_metadata(cluster):
    listed = {n.name: n for n in gvm.dist.nodes(gpmd=cluster.gpmd)}
    assert {"alpha", "beta", "gamma"} <= set(listed)
    alpha = listed["alpha"]
    assert alpha.host == "127.0.0.1" and alpha.port > 0
    assert alpha.meta["version"] == gvm.__version__ and alpha.meta["workers"] == 1
    out = cluster.cli("nodes", "--gpmd", f"127.0.0.1:{cluster.port}")
    assert out.returncode == 0, out.stderr
    line = next(row for row in out.stdout.splitlines() if row.startswith("alpha "))
    assert f"127.0.0.1:{alpha.port}" in line and '"workers": 1' in line


def test_call_returns_what_a_local_call_returns(cluster, alpha):
    local = gvm.instantiate(str(cluster.lib / "math.wasm")).exports
    assert alpha.call("math.add", 2, 3) == local.add(2, 3) == 5
    assert alpha.call("math.add", 0x7FFFFFFF, 1) == local.add(0x7FFFFFFF, 1) == -(2**31)
    assert alpha.call("math.add64", -(2**63), -1) == local.add64(-(2**63), -1) == 2**63 - 1
    assert alpha.call("math.swap", 1.5, -7) == local.swap(1.5, -7) == (-7, 1.5)
    assert alpha.call("math.f32id", 0.1) == local.f32id(0.1)  # rounded to f32 on the way in
    assert alpha.call("math.spin", 10, timeout=5) == 10


def test_values_keep_their_exact_bits(alpha):
    for bits in (0x7FC00001, 0xFFA00000, 0x80000000, 0x7F800000):  # NaN payloads, -0, inf
        (result,) = alpha.call_values("math", "f32id", [Value(gvm.types.F32, gvm.values.f32_from_bits(bits))])
        assert result.type == gvm.types.F32 and gvm.values.f32_to_bits(result.raw) == bits
    nan = gvm.values.f64_from_bits(0x7FF8000000000123)
    i64, f64 = alpha.call_values("math", "swap", [Value(gvm.types.F64, nan), 2**64 - 1])
    assert gvm.values.f64_to_bits(f64.raw) == 0x7FF8000000000123 and i64.raw == 2**64 - 1


def test_wire_values_round_trip():
    values = [0, -1, 2**127, -(2**128), 1.5, -0.0, Value(0x7F, 0xFFFFFFFF), Value(0x7E, 2**63),
              Value(0x7D, gvm.values.f32_from_bits(0x7FA00001)), Value(0x7B, 2**128 - 1)]
    frame = protocol.encode(protocol.Result(values))
    decoded = protocol.decode(frame[4], frame[5:]).values
    assert decoded[:4] == values[:4]
    assert decoded[4] == Value(0x7C, 1.5) and math.copysign(1, decoded[5].raw) == -1
    assert gvm.values.f32_to_bits(decoded[8].raw) == 0x7FA00001 and decoded[9].raw == 2**128 - 1
    with pytest.raises(ValueError):
        protocol.encode(protocol.Result([2**200]))


def test_module_is_shipped_by_hash_and_cached_on_the_node(cluster, alpha, tmp_path):
    """Code the node does not have travels from the caller, once; a second caller
    naming only its digest finds it there."""
    data = wat('(module (func (export "triple") (param i32) (result i32) local.get 0 i32.const 3 i32.mul))')
    (tmp_path / "shipped.wasm").write_bytes(data)
    with cluster.connect("alpha", path=[str(tmp_path)]) as caller:
        assert caller.call("shipped.triple", 14) == 42
    with cluster.connect("alpha") as other:  # no path: by name the node would not find it
        with pytest.raises(gvm.dist.ModuleNotFound):
            other.call("shipped.triple", 1)
    found = gpmd_client.lookup("alpha", gpmd=cluster.gpmd)
    with socket.create_connection((found.host, found.port), timeout=5) as sock:
        authenticate(sock)  # CALL (digest, "triple", [int 5]), by hand
        body = b"\0" + hashlib.sha256(data).digest() + b"\0\6triple" + b"\0\1" + b"\1\1\5"
        sock.sendall(frame("C", body))
        assert read_frame(sock) == ("r", b"\0\1" + b"\x7f" + (15).to_bytes(4, "big"))


def test_module_found_by_name_on_the_node(cluster):
    """who.wasm is only in each node's own directory: resolved remotely, per node."""
    for number, name in enumerate(["alpha", "beta"], 1):
        with cluster.connect(name) as client:
            assert client.call("who.id", 4) == 40 + number


def test_concurrent_callers_share_a_client(alpha):
    results, errors = {}, []

    def caller(i):
        try:
            results[i] = [alpha.call("math.add", i, j) for j in range(20)]
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not errors
    assert results == {i: [i + j for j in range(20)] for i in range(8)}


def test_worker_that_forgot_a_module_is_sent_it_again():
    """A worker's store is bounded: when it has forgotten a module the node thinks
    it has, the node sends the module again rather than giving up on the worker."""
    data = wat('(module (func (export "f") (result i32) i32.const 7))')
    digest = modules.digest(data)
    pool = WorkerPool(1, modules.Finder([]))
    pool.start()
    try:
        pool._modules.put(digest, data, len(data))  # the node has the bytes...
        pool._idle[0].digests.add(digest)  # ...and believes its worker has them too
        assert pool.call((ModuleRef.HASH, digest), "f", []) == [Value(gvm.types.I32, 7)]
    finally:
        pool.close()


# --- programs -------------------------------------------------------------------------


class Arrivals(io.RawIOBase):
    """A binary stream recording when each write arrived."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append((time.monotonic(), bytes(data)))
        return len(data)

    def text(self):
        return b"".join(data for _, data in self.chunks).decode()


def test_run_streams_output_as_it_is_written(cluster):
    out, err = Arrivals(), Arrivals()
    with cluster.connect("beta") as beta:
        start = time.monotonic()
        status = beta.run(str(cluster.lib / "sleep.wasm"), stdout=out, stderr=err, timeout=10)
        end = time.monotonic()
    assert status == 0 and out.text() == "first\nsecond\n"
    first_arrival = out.chunks[0][0]
    assert first_arrival - start < 0.8 and end - first_arrival > 0.8  # not all at the end


def test_run_program_arguments_exit_status_and_stderr(cluster):
    out, err = io.BytesIO(), io.BytesIO()
    with cluster.connect("beta") as beta:
        status = beta.run(str(PROGRAMS / "stdio.wasm"), ["7"], stdout=out, stderr=err, timeout=20)
        assert status == 7
        assert out.getvalue().startswith(b"poll:") and err.getvalue() == b"0 bytes, 0 lines\n"
        hello = io.BytesIO()
        assert beta.run(str(PROGRAMS / "hello.wasm"), stdout=hello, timeout=20) == 0
        assert hello.getvalue() == b"Hello, world!\n"


def test_cli_call_prints_like_a_local_call(cluster):
    for args in (["math.add", "2", "3"], ["math.add64", "-9223372036854775808", "-1"],
                 ["math.swap", "-0", "0x10"], ["math.f32id", "0.1"]):
        local = cluster.cli("--path", str(cluster.lib), *args)
        remote = cluster.remote("alpha", *args)
        assert (remote.returncode, remote.stdout) == (local.returncode, local.stdout) == (0, local.stdout)
    assert cluster.remote("alpha", "math.swap", "-0", "0x10").stdout == "16\n-0.0\n"


def test_cli_runs_a_program_with_its_exit_status(cluster):
    out = cluster.remote("gamma", str(PROGRAMS / "stdio.wasm"), "3")
    assert out.returncode == 3
    assert out.stdout.startswith("poll:") and out.stderr == "0 bytes, 0 lines\n"


def test_cli_name_at_host_asks_that_hosts_gpmd(cluster):
    env = dict(cluster.env, GPMD_PORT=str(cluster.port), GHOST_COOKIE=SECRET)
    out = cluster.cli("--node", "alpha@127.0.0.1", "math.add", "40", "2", env=env)
    assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr


# --- failures ---------------------------------------------------------------------------


def test_trap_comes_back_with_message_and_backtrace(cluster, alpha):
    with pytest.raises(gvm.dist.RemoteTrap) as caught:
        alpha.call("math.boom", 7)
    assert caught.value.message == "integer divide by zero"
    assert [name for name, _ in caught.value.frames][-2:] == ["average", "divide"]
    assert alpha.call("math.add", 1, 1) == 2  # the connection and the node carry on
    out = cluster.remote("alpha", "math.boom", "7")
    assert out.returncode == 134
    assert out.stderr.splitlines()[0] == "gvm: trap: integer divide by zero"
    assert out.stderr.splitlines()[1].startswith("    at divide (math.wasm+0x")
    out = cluster.remote("alpha", str(PROGRAMS / "trap.wasm"))
    assert out.returncode == 134 and out.stdout == "about to divide\n" and "at divide (trap.wasm+" in out.stderr


@pytest.mark.parametrize("target, args, error, text", [
    ("math.nope", (1,), gvm.dist.FunctionNotFound, "no exported function 'nope'"),
    ("nomod.f", (), gvm.dist.ModuleNotFound, "no module nomod.wasm"),
    ("math.add", (1,), gvm.dist.BadArguments, "add takes 2 arguments"),
    ("math.add", (1, 2**40), gvm.dist.BadArguments, "does not fit in i32"),
    ("math.add", (1, "2"), gvm.dist.BadArguments, "expected an int or a float"),
])
def test_request_errors_are_typed(alpha, target, args, error, text):
    with pytest.raises(error, match=text):
        alpha.call(target, *args)


def test_bad_module_is_refused_by_the_node(cluster, alpha, tmp_path):
    (tmp_path / "bad.wasm").write_bytes(b"\0asm\x01\0\0\0\x01\x05")
    with cluster.connect("alpha", path=[str(tmp_path)]) as caller:
        with pytest.raises(gvm.dist.BadModule, match="malformed"):
            caller.call("bad.f")
    assert_serving(alpha)


def test_unknown_node_and_wrong_cookie(cluster):
    with pytest.raises(gvm.dist.NodeNotFound, match="no node nobody"):
        cluster.connect("nobody")
    with pytest.raises(gvm.dist.AuthenticationFailed):
        cluster.connect("alpha", cookie="not-the-cookie")
    wrong = cluster.root / "wrong-cookie"
    wrong.write_text("not-the-cookie")
    wrong.chmod(0o600)
    for args, message in ((("--node", "alpha", "--cookie-file", str(wrong)), "refused our cookie"),
                          (("--node", "nobody", "--cookie-file", str(wrong)), "no node nobody")):
        out = cluster.cli(*args, "--gpmd", f"127.0.0.1:{cluster.port}", "math.add", "1", "2")
        assert out.returncode == 1 and out.stderr.count("\n") == 1 and message in out.stderr


def test_name_conflict_is_refused(cluster):
    process = cluster.start_node("alpha")
    assert process.process.wait(30) == 1
    assert "name is taken" in process.log()
    with cluster.connect("alpha") as alpha:
        assert_serving(alpha)


@pytest.mark.parametrize("timeout", [0.3, 1.0])
def test_timeout_is_honoured_within_ten_percent(cluster, timeout):
    with cluster.connect("gamma") as gamma:
        start = time.monotonic()
        with pytest.raises(gvm.dist.Timeout):
            gamma.call("sleep.sleep", 5000, timeout=timeout)
        elapsed = time.monotonic() - start
        assert timeout * 0.9 <= elapsed <= timeout * 1.1
        # The abandoned call's worker was killed and replaced: the node goes on.
        assert gamma.call("math.add", 2, 2, timeout=30) == 4


def test_long_call_does_not_block_pings(cluster):
    spin = gvm.instantiate(str(cluster.lib / "math.wasm")).exports.spin
    start = time.perf_counter()
    spin(200_000)
    iterations = int(200_000 * 1.5 / (time.perf_counter() - start))  # about 1.5 s
    with cluster.connect("beta") as beta:
        results = []
        long_call = threading.Thread(target=lambda: results.append(beta.call("math.spin", iterations)))
        long_call.start()
        time.sleep(0.2)
        for _ in range(5):
            assert beta.ping(timeout=5) < 0.1
        assert long_call.is_alive(), "the long call was over before the pings"
        long_call.join(30)
        assert results == [iterations]


# --- nodes that die ------------------------------------------------------------------


def test_killed_node_vanishes_and_is_reported_down(cluster):
    process = cluster.start_node("doomed")
    cluster.wait_registered("doomed")
    doomed = cluster.connect("doomed")
    assert doomed.call("math.add", 1, 2) == 3
    process.process.send_signal(signal.SIGKILL)
    process.process.wait()
    deadline = time.monotonic() + 2
    while gpmd_client.lookup("doomed", gpmd=cluster.gpmd) is not None:
        assert time.monotonic() < deadline, "the killed node is still registered"
        time.sleep(0.02)
    with pytest.raises(gvm.dist.NodeDown):
        doomed.call("math.add", 1, 2)
    with pytest.raises(gvm.dist.NodeNotFound):
        cluster.connect("doomed")


def test_node_dying_mid_call_is_node_down_not_a_hang(cluster):
    process = cluster.start_node("dying")
    cluster.wait_registered("dying")
    node_pid = process.process.pid
    with cluster.connect("dying") as dying:
        assert worker_pids(node_pid)
        outcome = []

        def call():
            start = time.monotonic()
            try:
                dying.call("sleep.sleep", 20000)  # no time-out at all
            except gvm.dist.DistError as e:
                outcome.append((e, time.monotonic() - start))

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(0.5)
        process.process.send_signal(signal.SIGKILL)
        caller.join(5)
        assert not caller.is_alive(), "the call hangs on a dead node"
        (error, _), = outcome
        assert isinstance(error, gvm.dist.NodeDown)
    deadline = time.monotonic() + 2
    while worker_pids(node_pid):  # its workers died with it
        assert time.monotonic() < deadline, "a worker outlived its node"
        time.sleep(0.05)


def test_sigterm_stops_a_node_cleanly(cluster):
    process = cluster.start_node("stopping")
    cluster.wait_registered("stopping")
    node_pid = process.process.pid
    process.process.send_signal(signal.SIGTERM)
    assert process.process.wait(5) == 0
    assert gpmd_client.lookup("stopping", gpmd=cluster.gpmd) is None
    assert not worker_pids(node_pid)


# --- map ------------------------------------------------------------------------------


def test_map_spreads_over_two_nodes_in_order(cluster):
    results = gvm.dist.map("who.id", [(i,) for i in range(20)], nodes=["alpha", "beta"],
                           gpmd=cluster.gpmd, cookie=SECRET)
    assert [r // 10 for r in results] == list(range(20))  # in the order of the arguments
    assert {r % 10 for r in results} == {1, 2}  # both nodes answered
    assert gvm.dist.map("math.add", [], nodes=["alpha"], gpmd=cluster.gpmd, cookie=SECRET) == []
    with pytest.raises(gvm.dist.RemoteTrap):
        gvm.dist.map("math.boom", [1, 2, 3], nodes=["alpha", "beta"], gpmd=cluster.gpmd, cookie=SECRET)


# --- malformed input ------------------------------------------------------------------
# Frames by hand: u32 length (tag + body), u8 tag, body.


def frame(tag, body=b""):
    return struct.pack(">IB", len(body) + 1, ord(tag)) + body


def read_frame(sock):
    header = b""
    while len(header) < 5:
        chunk = sock.recv(5 - len(header))
        if not chunk:
            return None
        header += chunk
    length, tag = struct.unpack(">IB", header)
    body = b""
    while len(body) < length - 1:
        chunk = sock.recv(length - 1 - len(body))
        if not chunk:
            return None
        body += chunk
    return chr(tag), body


def closed_by_peer(sock):
    """Read until the node closes, then True; a node that keeps it open 8 s raises
    socket.timeout."""
    sock.settimeout(8)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return True


def authenticate(sock, secret=SECRET):
    """The handshake of docs/dist-protocol.md, done by hand."""
    tag, hello = read_frame(sock)
    assert tag == "h" and hello[0] == 1
    node_nonce = hello[1:33]
    our_nonce = os.urandom(32)
    proof = hmac.new(secret.encode(), b"ghost-dist/1 caller" + node_nonce + our_nonce, hashlib.sha256).digest()
    sock.sendall(frame("A", our_nonce + proof))
    tag, welcome = read_frame(sock)
    assert tag == "w"
    expected = hmac.new(secret.encode(), b"ghost-dist/1 node" + node_nonce + our_nonce, hashlib.sha256).digest()
    assert welcome == expected


@pytest.fixture
def gamma_address(cluster):
    found = gpmd_client.lookup("gamma", gpmd=cluster.gpmd)
    return found.host, found.port


def test_hand_made_handshake_then_ping(gamma_address):
    with socket.create_connection(gamma_address, timeout=5) as sock:
        authenticate(sock)
        sock.sendall(frame("P"))
        assert read_frame(sock) == ("p", b"")


BEFORE_AUTH = {
    "empty": [b""],
    "partial header": [b"\0\0"],
    "partial frame": [struct.pack(">IB", 65, ord("A")) + b"x" * 10],
    "oversized": [struct.pack(">IB", 64 << 20, ord("A"))],
    "zero length": [struct.pack(">I", 0)],
    "garbage": [b"GET / HTTP/1.1\r\nHost: gamma\r\n\r\n"],
    "unknown tag": [frame("Z", b"x" * 64)],
    "call before auth": [frame("C", b"\x01\x00\x04math\x00\x03add\x00\x00")],
    "ping before auth": [frame("P")],
    "wrong proof": [frame("A", os.urandom(64))],
    "short auth": [frame("A", os.urandom(40))],
    "byte by byte": [bytes([b]) for b in frame("A", os.urandom(64))],
}


@pytest.mark.parametrize("case", list(BEFORE_AUTH))
def test_malformed_input_before_authentication(cluster, gamma_address, case):
    with cluster.connect("gamma") as witness:
        with socket.create_connection(gamma_address, timeout=5) as sock:
            assert read_frame(sock)[0] == "h"
            for piece in BEFORE_AUTH[case]:
                sock.sendall(piece)
                if len(BEFORE_AUTH[case]) > 1:
                    time.sleep(0.005)
                    assert_serving(witness, times=1)
            assert_serving(witness)
            try:
                sock.shutdown(socket.SHUT_WR)  # so that the node need not wait for more
            except OSError:
                pass  # it closed already
            assert closed_by_peer(sock)
        assert_serving(witness)
        assert witness.call("math.add", 1, 2) == 3


AFTER_AUTH = {
    "oversized request": struct.pack(">IB", (1 << 20) + 1, ord("C")),
    "oversized upload": struct.pack(">IB", (64 << 20) + 2, ord("U")),
    "unknown tag": frame("Z"),
    "reply as request": frame("r", b"\x00\x00"),
    "truncated call": frame("C", b"\x01\x00\x04ma"),
    "trailing bytes": frame("P", b"extra"),
    "bad module ref": frame("C", b"\x07"),
    "bad value kind": frame("C", b"\x01\x00\x04math\x00\x03add\x00\x01\x42"),
    "bad utf-8": frame("C", b"\x01\x00\x02\xff\xfe\x00\x03add\x00\x00"),
}


@pytest.mark.parametrize("case", list(AFTER_AUTH))
def test_malformed_input_after_authentication(cluster, gamma_address, case):
    with cluster.connect("gamma") as witness:
        with socket.create_connection(gamma_address, timeout=5) as sock:
            authenticate(sock)
            sock.sendall(AFTER_AUTH[case])
            reply = read_frame(sock)
            assert reply is not None and reply[0] == "e" and reply[1][0] == protocol.ErrorCode.MALFORMED
            assert closed_by_peer(sock)
        assert_serving(witness)
        assert witness.call("math.add", 1, 2) == 3


def test_silent_peer_is_cut_off_after_the_handshake_time_out(cluster, gamma_address):
    with cluster.connect("gamma") as witness:
        with socket.create_connection(gamma_address, timeout=10) as sock:
            start = time.monotonic()
            sock.sendall(b"\0")  # and nothing more
            assert closed_by_peer(sock)
            assert 4.0 < time.monotonic() - start < 7.0
        assert_serving(witness)


# --- the cookie -------------------------------------------------------------------------


def test_cookie_is_created_private_and_overridable(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GHOST_COOKIE", raising=False)
    secret = cookie.load()
    path = tmp_path / ".ghost" / "cookie"
    assert path.stat().st_mode & 0o777 == 0o600 and (tmp_path / ".ghost").stat().st_mode & 0o777 == 0o700
    assert len(secret) == 64 and cookie.load() == secret  # 32 random bytes, in hex; kept
    monkeypatch.setenv("GHOST_COOKIE", "from-the-environment")
    assert cookie.load() == b"from-the-environment"
    own = tmp_path / "own"
    own.write_text("from-a-file\n")
    own.chmod(0o600)
    assert cookie.load(str(own)) == b"from-a-file"
    own.chmod(0o644)
    with pytest.raises(cookie.CookieError, match="chmod 600"):
        cookie.load(str(own))


# --- TLS --------------------------------------------------------------------------------


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1, or skip the test."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make a test certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True)
    if made.returncode:
        pytest.skip(f"openssl cannot make a certificate: {made.stderr.decode()[-200:]}")
    return cert, key


def test_tls_node(cluster, tmp_path):
    cert, key = make_certificate(tmp_path)
    cluster.start_node("secure", "--tls-cert", str(cert), "--tls-key", str(key))
    cluster.wait_registered("secure")
    with cluster.connect("secure", tls=str(cert)) as secure:
        assert secure.call("math.add", 20, 22) == 42
        assert_serving(secure)
    with pytest.raises(gvm.dist.AuthenticationFailed, match="TLS"):
        cluster.connect("secure")  # the system's CAs do not know our certificate
    out = cluster.remote("secure", "--tls-ca", str(cert), "math.add", "1", "2")
    assert (out.returncode, out.stdout) == (0, "3\n"), out.stderr


def test_v128_values_cross_the_wire(cluster, tmp_path):
    """A v128 argument and result travel between nodes with all 128 bits, from Python
    and from the command line (lanes as a local call prints them)."""
    (tmp_path / "vec.wasm").write_bytes(wat(
        '(module (func (export "mix") (param v128 v128) (result v128)'
        ' (i8x16.shuffle 16 1 18 3 20 5 22 7 24 9 26 11 28 13 30 15 (local.get 0) (local.get 1))))'))
    a, b = int.from_bytes(bytes(range(16)), "little"), (1 << 128) - 1
    local = gvm.instantiate(str(tmp_path / "vec.wasm")).exports.mix(a, b)
    with cluster.connect("alpha", path=[str(tmp_path)]) as caller:
        (result,) = caller.call_values("vec", "mix", [Value(gvm.types.V128, a), Value(gvm.types.V128, b)])
        assert result == Value(gvm.types.V128, local) and local >> 120 == 15
    args = ["--path", str(tmp_path), "vec.mix", "i8x16:" + ",".join(map(str, range(16))), hex(b)]
    remote, here = cluster.remote("alpha", *args), cluster.cli(*args)
    assert (remote.returncode, remote.stdout) == (0, here.stdout) == (0, gvm.values.format_v128(local) + "\n")


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\u3164", "\uff41\uff4c\uff50\uff48\uff41", "\u0301", "..", "-", "alpha.",
                                  "x" * 65])
def test_node_cli_refuses_bad_names(tmp_path, name):
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), GHOST_COOKIE=SECRET,
               GPMD_PORT=str(free_port()))
    out = subprocess.run([sys.executable, "-m", "gvm", "node", "--name", name, "--workers", "0"],
                         env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2, out.stderr
    assert "bad name" in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    with pytest.raises(ValueError, match="bad node name"):
        gvm.dist.connect(name, cookie=SECRET, gpmd=("127.0.0.1", free_port()))
