"""Black-box tests of GPMD: real daemon processes, real sockets, 127.0.0.1 only.

Most tests share one daemon (idle time-out 1 s) holding a "witness"
registration; every bad-input test checks that look-ups of the witness still
answer promptly while, or right after, the bad client does its worst.  Bad
frames are built by hand here, independently of gpmd/protocol.py.  Tests that
stop a daemon start their own.
"""

import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gpmd import client, protocol
from gpmd.locality import is_local_peer

ROOT = Path(__file__).resolve().parents[1]
PROMPT = 0.5  # a look-up slower than this means the daemon is blocked
IDLE_TIMEOUT = 1.0  # the shared daemon's --idle-timeout


# --- helpers -----------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gpmd_env(**extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("GPMD_PORT", None)
    env.update(extra)
    return env


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "gpmd", *args], env=env or gpmd_env(),
                          capture_output=True, text=True, timeout=10)


class Daemon:
    """A `python -m gpmd` subprocess whose stderr goes to a log file.

    Its port is GPMD_PORT if `env` sets it (then no --port is passed), else a
    free port given as --port.
    """

    def __init__(self, log_path, *args, env=None, max_files=None):
        env = env or gpmd_env()
        argv = [sys.executable, "-m", "gpmd", *args]
        if "GPMD_PORT" in env:
            self.port = int(env["GPMD_PORT"])
        else:
            self.port = free_port()
            argv += ["--port", str(self.port)]
        self.gpmd = ("127.0.0.1", self.port)
        self.log_path = log_path
        # max_files: the daemon's open-file limit, soft and hard.
        limit = None if max_files is None else lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                                            (max_files, max_files))
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(argv, env=env, stderr=log, preexec_fn=limit)
        self.wait_for_log("listening on")

    def log(self):
        return Path(self.log_path).read_text()

    def wait_for_log(self, text, timeout=3.0):
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert self.process.poll() is None, f"gpmd exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"{text!r} not in log:\n{self.log()}"
            time.sleep(0.01)

    def wait(self, timeout=3.0):
        return self.process.wait(timeout)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def daemon(tmp_path):
    """A fresh daemon of this test's own."""
    started = []

    def start(*args, **kwargs):
        started.append(Daemon(tmp_path / f"gpmd{len(started)}.log", *args, **kwargs))
        return started[-1]

    yield start
    for d in started:
        d.kill()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The daemon most tests share, holding the registration "witness"."""
    d = Daemon(tmp_path_factory.mktemp("gpmd") / "gpmd.log", "--idle-timeout", str(IDLE_TIMEOUT))
    witness = client.register("witness", 7001, {"role": "witness"}, gpmd=d.gpmd)
    yield d
    witness.close()
    d.kill()


def assert_serving(gpmd, times=3):
    """The witness is still found, and every look-up answers promptly."""
    for _ in range(times):
        start = time.monotonic()
        assert client.lookup("witness", gpmd=gpmd).port == 7001
        assert time.monotonic() - start < PROMPT


def frame(tag, body=b""):
    return struct.pack(">H", 1 + len(body)) + tag + body


def sized(data):
    return struct.pack(">H", len(data)) + data


def lookup_frame(name_bytes):
    return frame(b"L", sized(name_bytes))


def register_frame(name_bytes, port=7002, meta_bytes=b"{}"):
    return frame(b"R", struct.pack(">H", port) + sized(name_bytes) + sized(meta_bytes))


def connect(gpmd, source="127.0.0.1"):
    """A connection to the daemon from `source`, another loopback address for
    another peer, and how the daemon's log names it."""
    sock = socket.create_connection(gpmd, timeout=5, source_address=(source, 0))
    return sock, "%s:%d" % sock.getsockname()


def rss_kib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def read_to_end(sock, timeout=5.0):
    """Everything the daemon sends until it closes (a reset counts as a close)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except ConnectionResetError:
        pass
    return data


def assert_error_or_nothing(data, code):
    """An ERROR frame with `code` if it arrived before the close; see the docs."""
    if data:
        assert data[2:4] == bytes([ord("e"), code]), data


# --- registration, look-up, list ------------------------------------------------


def test_register_lookup_and_list(shared):
    meta = {"engine": "gvm", "version": "0.1.0"}
    with client.register("alpha", 5001, meta, gpmd=shared.gpmd) as reg:
        assert reg.creation == 1 and reg.alive()
        assert client.lookup("alpha", gpmd=shared.gpmd) == ("127.0.0.1", 5001, 1, meta)
        listed = {n.name: n for n in client.names(gpmd=shared.gpmd)}
        assert listed["alpha"] == ("alpha", "127.0.0.1", 5001, 1, meta)
        assert listed["witness"].port == 7001
    assert client.lookup("alpha", gpmd=shared.gpmd) is None  # close() returns once released


@pytest.mark.parametrize("name", ["node-1_x.y", "A", "9lives", "x" * 64, "a..b"])
def test_valid_names(shared, name):
    with client.register(name, 5003, gpmd=shared.gpmd):
        assert client.lookup(name, gpmd=shared.gpmd).port == 5003


# Look-alikes and names that read as something else: ASCII [A-Za-z0-9][A-Za-z0-9_.-]{0,63},
# not ending in "." (docs/gpmd-protocol.md).
BAD_NAMES = {
    "hangul filler U+3164": "\u3164",
    "full-width letters": "\uff41\uff4c\uff50\uff48\uff41",
    "lone combining mark": "\u0301",
    "latin letter with accent": "\u00e9t\u00e9",
    "dot dot": "..",
    "dash": "-",
    "leading dash": "-alpha",
    "leading dot": ".alpha",
    "trailing dot": "alpha.",
    "65 characters": "x" * 65,
    "space": "a b",
}


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_gpmd_refuses_bad_names(shared, name):
    for request in (register_frame(name.encode()), lookup_frame(name.encode())):
        sock, me = connect(shared.gpmd)
        with sock:
            sock.sendall(request)
            assert_error_or_nothing(read_to_end(sock), MALFORMED)
        shared.wait_for_log(f"bad input from {me}: ")
    with pytest.raises(ValueError, match="bad name"):
        client.register(name, 5003, gpmd=shared.gpmd)
    assert [node.name for node in client.names(gpmd=shared.gpmd)] == ["witness"]


def test_names_command(shared):
    result = run_cli("names", "--gpmd", f"127.0.0.1:{shared.port}")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["NAME", "HOST", "PORT", "CREATION", "META"]
    witness = next(row for row in rows if row.startswith("witness "))
    assert witness.split(None, 4) == ["witness", "127.0.0.1", "7001", "1", '{"role": "witness"}']


def test_names_without_daemon():
    result = run_cli("names", "--gpmd", f"127.0.0.1:{free_port()}")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "no gpmd answers" in result.stderr
    with pytest.raises(client.Unavailable):
        client.lookup("anyone", gpmd=("127.0.0.1", free_port()))


def test_name_taken(shared):
    with client.register("unique", 5004, gpmd=shared.gpmd):
        with pytest.raises(client.NameTaken, match="name taken"):
            client.register("unique", 5005, gpmd=shared.gpmd)
        assert client.lookup("unique", gpmd=shared.gpmd).port == 5004
    shared.wait_for_log("refused REGISTER 'unique' from 127.0.0.1:")


def test_creation_increases_on_reregistration(shared):
    creations = []
    for _ in range(3):
        with client.register("phoenix", 5006, gpmd=shared.gpmd) as reg:
            creations.append(reg.creation)
    assert creations == [1, 2, 3]


def test_killed_node_vanishes_within_a_second(shared):
    program = ("import time; from gpmd import client; "
               f"r = client.register('doomed', 5007, gpmd=('127.0.0.1', {shared.port})); "
               "print(r.creation, flush=True); time.sleep(60)")
    node = subprocess.Popen([sys.executable, "-c", program], env=gpmd_env(),
                            stdout=subprocess.PIPE, text=True)
    try:
        creation = int(node.stdout.readline())
        assert client.lookup("doomed", gpmd=shared.gpmd).creation == creation
        node.kill()  # SIGKILL: no chance to unregister
        killed = time.monotonic()
        while client.lookup("doomed", gpmd=shared.gpmd) is not None:
            assert time.monotonic() - killed < 1.0, "name still registered 1 s after SIGKILL"
            time.sleep(0.01)
    finally:
        node.kill()
        node.wait()
        node.stdout.close()
    with client.register("doomed", 5007, gpmd=shared.gpmd) as successor:
        assert successor.creation == creation + 1


def test_registration_outlives_idle_timeout(shared):
    with client.register("patient", 5008, gpmd=shared.gpmd) as reg:
        time.sleep(IDLE_TIMEOUT + 0.3)
        assert reg.alive()
        assert client.lookup("patient", gpmd=shared.gpmd).port == 5008


def test_bad_arguments_never_reach_the_wire(shared):
    for name in ("", "a b", "x" * 256, "é" * 128, "e\u0301", "a/b", "a\x00"):
        with pytest.raises(ValueError):
            client.lookup(name, gpmd=shared.gpmd)
    with pytest.raises(ValueError):
        client.register("ok", 0, gpmd=shared.gpmd)
    with pytest.raises(ValueError):
        client.register("ok", 5009, {"big": "x" * 2000}, gpmd=shared.gpmd)
    with pytest.raises(ValueError):
        client.register("ok", 5009, {"bad": float("nan")}, gpmd=shared.gpmd)


# --- bad input: each kind is logged, closes its connection, blocks no one -------


MALFORMED = 3
BAD_FRAMES = {
    "oversized length": b"\xff\xff" + b"x" * 16,
    "zero length": b"\x00\x00",
    "http garbage": b"GET / HTTP/1.1\r\nHost: gpmd\r\n\r\n",
    "binary garbage": b"\x00\x08\x00\x01\x02\xfe\xfd\x80\x7f\x03",
    "truncated fields": frame(b"R", b"RR"),
    "unknown tag": frame(b"z", b"anything"),
    "reply as request": frame(b"l", struct.pack(">HH", 1, 1) + sized(b"{}")),
    "non-ASCII name": lookup_frame(b"\xff\xfeab"),
    "too-long name": lookup_frame(b"a" * 256),
    "empty name": lookup_frame(b""),
    "forbidden character": lookup_frame(b"a b"),
    "name with a combining accent": lookup_frame("e\u0301".encode()),
    "name with the Angstrom sign": lookup_frame("\u212b".encode()),
    "trailing bytes": frame(b"L", sized(b"witness") + b"!"),
    "port zero": register_frame(b"zero", port=0),
    "bad JSON metadata": register_frame(b"meta", meta_bytes=b"{not json"),
    "metadata not an object": register_frame(b"meta", meta_bytes=b"[1, 2]"),
    "NaN in metadata": register_frame(b"meta", meta_bytes=b'{"x": NaN}'),
    "oversized metadata": register_frame(b"meta", meta_bytes=b'{"x": "%s"}' % (b"y" * 1100)),
}


@pytest.mark.parametrize("payload", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
def test_bad_frame(shared, payload):
    sock, me = connect(shared.gpmd)
    with sock:
        sock.sendall(payload)
        assert_serving(shared.gpmd)
        assert_error_or_nothing(read_to_end(sock), MALFORMED)
    shared.wait_for_log(f"bad input from {me}: ")
    assert_serving(shared.gpmd)
    assert [node.name for node in client.names(gpmd=shared.gpmd)] == ["witness"]


def test_empty_connection(shared):
    sock, me = connect(shared.gpmd)
    sock.close()
    shared.wait_for_log(f"bad input from {me}: connection closed without a request")
    assert_serving(shared.gpmd)


def test_partial_frame_then_close(shared):
    sock, me = connect(shared.gpmd)
    with sock:
        sock.sendall(lookup_frame(b"witness")[:5])
        assert_serving(shared.gpmd)
    shared.wait_for_log(f"bad input from {me}: connection closed inside a frame (3 of 10 bytes)")
    assert_serving(shared.gpmd)


def test_byte_by_byte_request_is_answered(shared):
    sock, _ = connect(shared.gpmd)
    with sock:
        for byte in lookup_frame(b"witness"):
            sock.sendall(bytes([byte]))
            assert_serving(shared.gpmd, times=1)
            time.sleep(0.01)
        reply = read_to_end(sock)
    assert reply == frame(b"l", struct.pack(">HH", 7001, 1) + sized(b'{"role":"witness"}'))


@pytest.mark.parametrize("sent", [b"", lookup_frame(b"witness")[:6]],
                         ids=["silent", "stalled mid-frame"])
def test_idle_timeout(shared, sent):
    sock, me = connect(shared.gpmd)
    with sock:
        sock.sendall(sent)
        opened = time.monotonic()
        assert_serving(shared.gpmd)
        data = read_to_end(sock, timeout=IDLE_TIMEOUT + 2)
        waited = time.monotonic() - opened
    assert data == frame(b"e", bytes([4]) + sized(b"idle time-out"))
    assert IDLE_TIMEOUT - 0.2 < waited < IDLE_TIMEOUT + 1
    shared.wait_for_log(f"idle time-out: {me} did not complete its request")
    assert_serving(shared.gpmd)


def test_data_on_a_registration_ends_it(shared):
    sock, me = connect(shared.gpmd)
    with sock:
        sock.sendall(register_frame(b"chatty"))
        assert sock.recv(5) == frame(b"r", struct.pack(">H", 1))
        assert client.lookup("chatty", gpmd=shared.gpmd).port == 7002
        sock.sendall(b"hello")
        assert_error_or_nothing(read_to_end(sock), MALFORMED)
    shared.wait_for_log(f"bad input from {me}: data after REGISTERED")
    assert client.lookup("chatty", gpmd=shared.gpmd) is None


def test_connection_limit(daemon):
    d = daemon("--max-connections", "3")
    idle = [connect(d.gpmd)[0] for _ in range(3)]
    extra, me = connect(d.gpmd)
    with extra:
        assert read_to_end(extra) == frame(b"e", bytes([5]) + sized(b"too many connections"))
    d.wait_for_log(f"refused connection from {me}: already 3 open")
    for sock in idle:
        sock.close()
    deadline = time.monotonic() + 2
    while True:  # the daemon notices the three closes asynchronously
        try:
            assert client.names(gpmd=d.gpmd) == []
            break
        except client.GpmdError:
            assert time.monotonic() < deadline
            time.sleep(0.01)


# --- quotas: one peer cannot starve the others --------------------------------------


BUSY = 5


def test_one_peer_cannot_take_every_connection(daemon):
    d = daemon("--max-connections", "200")  # and the default of 64 per peer
    witness = client.register("witness", 7001, gpmd=d.gpmd)
    hogs = []
    try:
        for _ in range(200):  # silent, as many as the whole daemon holds
            hogs.append(connect(d.gpmd, source="127.0.0.2")[0])
        d.wait_for_log("refused connection from 127.0.0.2:")
        assert "already 64 from that peer" in d.log()
        assert_serving(d.gpmd)  # from 127.0.0.1, another peer
        assert read_to_end(hogs[-1]) == frame(b"e", bytes([BUSY]) + sized(b"too many connections from your address"))
    finally:
        for sock in hogs:
            sock.close()
        witness.close()


def test_registrations_do_not_count_against_the_peer_limit(daemon):
    d = daemon("--max-per-peer", "3")
    registrations = [client.register(f"node{i}", 6000 + i, gpmd=d.gpmd) for i in range(10)]
    assert len(client.names(gpmd=d.gpmd)) == 10
    for r in registrations:
        r.close()


def test_connection_limit_is_clamped_to_the_descriptor_limit(daemon):
    d = daemon(max_files=128)
    d.wait_for_log("open-file limit 128: at most 64 connections at once, not 4096")
    socks = [connect(d.gpmd, source=f"127.0.0.{2 + i % 5}")[0] for i in range(200)]
    try:
        d.wait_for_log("already 64 open")
        refused = sum(read_to_end(sock, timeout=0.2)[2:4] == bytes([ord("e"), BUSY]) for sock in socks[100:])
        assert refused == 100  # each one told, none dropped with EMFILE
    finally:
        for sock in socks:
            sock.close()
    deadline = time.monotonic() + 5
    while True:
        try:
            assert client.names(gpmd=d.gpmd) == []
            break
        except client.GpmdError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert "Traceback" not in d.log() and "out of system resource" not in d.log()


def test_unread_list_replies_do_not_pile_up(daemon):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # this test holds 880 sockets
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    d = daemon()
    meta = {"pad": "x" * 1000}
    registrations = [client.register(f"node{i:04}", 6000 + i, meta, gpmd=d.gpmd) for i in range(400)]
    try:
        before = rss_kib(d.process.pid)
        readers = []  # that never read: 8 peers, 60 connections each, each asking LIST
        for i in range(480):
            sock, _ = connect(d.gpmd, source=f"127.0.0.{2 + i % 8}")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(frame(b"N"))
            readers.append(sock)
        time.sleep(1.0)  # the burst is served; its replies wait, unread
        for _ in range(3):
            start = time.monotonic()
            assert client.lookup("node0001", gpmd=d.gpmd).port == 6001
            assert time.monotonic() - start < PROMPT
        grown = rss_kib(d.process.pid) - before
        assert grown < 40 * 1024, f"gpmd grew by {grown} KiB"
        for sock in readers:
            sock.close()
        assert len(client.names(gpmd=d.gpmd)) == 400
    finally:
        for r in registrations:
            r.close()


def test_list_reply_follows_registrations(daemon):
    d = daemon()
    assert client.names(gpmd=d.gpmd) == []
    with client.register("one", 6001, gpmd=d.gpmd):
        assert [n.name for n in client.names(gpmd=d.gpmd)] == ["one"]
        with client.register("two", 6002, gpmd=d.gpmd):
            assert [n.name for n in client.names(gpmd=d.gpmd)] == ["one", "two"]
        assert [n.name for n in client.names(gpmd=d.gpmd)] == ["one"]
    assert client.names(gpmd=d.gpmd) == []


# --- stopping -------------------------------------------------------------------


def test_stop_request(daemon):
    d = daemon()
    reg = client.register("bystander", 5010, gpmd=d.gpmd)
    result = run_cli("stop", "--gpmd", f"127.0.0.1:{d.port}")
    assert result.returncode == 0, result.stderr
    assert d.wait() == 0
    assert not reg.alive()
    reg.close()
    log = d.log()
    assert "stopping: stop request from 127.0.0.1:" in log
    assert "unregistered bystander" in log and "Traceback" not in log
    assert run_cli("stop", "--gpmd", f"127.0.0.1:{d.port}").returncode == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_cleanly(daemon, signum):
    d = daemon()
    reg = client.register("bystander", 5011, gpmd=d.gpmd)
    d.process.send_signal(signum)
    assert d.wait() == 0
    reg.close()
    log = d.log()
    assert f"stopping: {signum.name}" in log and "Traceback" not in log


def test_port_in_use_is_one_line(shared):
    result = run_cli("--port", str(shared.port))
    assert result.returncode == 1
    assert "cannot listen on 127.0.0.1:" in result.stderr and "Traceback" not in result.stderr


def test_gpmd_port_sets_the_default(daemon, monkeypatch):
    port = free_port()
    d = daemon(env=gpmd_env(GPMD_PORT=str(port)))  # plain `python -m gpmd`, no arguments
    assert f"listening on 127.0.0.1:{port}" in d.log()
    monkeypatch.setenv("GPMD_PORT", str(port))
    with client.register("defaulted", 5012) as reg:
        assert client.lookup("defaulted") == ("127.0.0.1", 5012, reg.creation, {})
        result = run_cli("names", env=gpmd_env(GPMD_PORT=str(port)))
        assert result.returncode == 0 and "defaulted" in result.stdout


# --- the protocol module, as a unit ---------------------------------------------


@pytest.mark.parametrize("message", [
    protocol.Register(4371, "node-1.x", {"engine": "gvm", "version": "0.1.0"}),
    protocol.Registered(65535),
    protocol.Lookup("x" * 64),
    protocol.Found(1, 1, {}),
    protocol.NotFound(),
    protocol.ListNodes(),
    protocol.NodeEntry("n", 2, 3, {"list": [1, 2.5, None, True]}),
    protocol.EndOfList(),
    protocol.Stop(),
    protocol.Stopping(),
    protocol.Error(protocol.ErrorCode.BUSY, "too many connections"),
], ids=lambda message: type(message).__name__)
def test_every_message_round_trips(message):
    frame = protocol.encode(message)
    assert protocol.frame_length(frame[:2]) == len(frame) - 2
    assert protocol.decode(frame[2:]) == message


def test_every_tag_has_a_message():
    assert set(protocol.MESSAGES) == set(protocol.Tag)


def test_error_codes_become_exceptions():
    assert type(protocol.refusal(protocol.ErrorCode.NAME_TAKEN, "name taken")) is client.NameTaken
    assert type(protocol.refusal(protocol.ErrorCode.NOT_LOCAL, "no")) is client.NotLocal
    busy = protocol.refusal(protocol.ErrorCode.BUSY, "too many connections")
    assert type(busy) is client.Refused and busy.code == protocol.ErrorCode.BUSY


def test_long_reasons_are_cut_at_a_character():
    frame = protocol.encode(protocol.Error(protocol.ErrorCode.MALFORMED, "é" * 200))
    assert protocol.decode(frame[2:]).reason == "é" * 127


# --- the locality rule, as a unit ------------------------------------------------


def own_address():
    """A non-loopback address of this host, if it has one (via its default route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))
        except OSError:
            return None
        return probe.getsockname()[0]


@pytest.mark.parametrize("sockaddr", [
    ("127.0.0.1", 1), ("127.3.2.1", 1), ("::1", 1, 0, 0), ("::ffff:127.0.0.1", 1, 0, 0),
])
def test_loopback_is_local(sockaddr):
    assert is_local_peer(sockaddr)


@pytest.mark.parametrize("sockaddr", [
    ("198.51.100.7", 1), ("203.0.113.9", 1), ("::ffff:203.0.113.9", 1, 0, 0),
    ("2001:db8::7", 1, 0, 0), ("0.0.0.0", 1), ("224.0.0.1", 1), ("not an address", 1),
])
def test_other_hosts_are_not_local(sockaddr):
    assert not is_local_peer(sockaddr)


def test_own_interface_address_is_local():
    address = own_address()
    if address is None:
        pytest.skip("this host has no route beyond loopback")
    assert is_local_peer((address, 1))
    assert is_local_peer((f"::ffff:{address}", 1, 0, 0))
