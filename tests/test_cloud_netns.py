"""Three devices on one machine, one cloud: Linux network namespaces on a bridge,
each with its own nats-server clustered with the other two (a real NATS cluster,
routes between devices), its own GPMD joined to the cloud through that server, and
a node.

Device A is 10.124.0.1, B .2, C .3; a fourth namespace holds the bridge.  Each
device's GPMD reaches its own nats-server on its own loopback; the servers reach
each other over the bridge, by routes authenticated with the cloud's credentials
and encrypted with TLS (each checks the other's certificate).  Covered: listing from every device, a call by bare
name across devices, `map` over all nodes with its results checked, device C
killed mid-`map` (all results still right, C gone from `gvm nodes` within 5 s),
and C coming back and rejoining.  Skipped with the reason where namespaces cannot
be made (not root, no `ip`, no veth or bridge), or nats-server is missing.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import wat

pytest.importorskip("nats", reason="nats-py is not installed (pip install -e '.[test]')")

from gpmd import credentials, natsconf  # noqa: E402
from test_cloud import nats_server_or_skip  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = 4399  # every device's GPMD port (GPMD_PORT)
NATS_PORT, CLUSTER_PORT = 4222, 6222
DEVICES = {"a": ("10.124.0.1", "alpha"), "b": ("10.124.0.2", "beta"), "c": ("10.124.0.3", "gamma")}
EVERYONE = {name: address for address, name in DEVICES.values()}
# sum(0..n-1) by a loop: a call that takes a while, so a device can die mid-map.
WORK = """(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    block $done
      loop $next
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        local.get $s
        local.get $i
        i32.add
        local.set $s
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $next
      end
    end
    local.get $s))"""


def ip(*args):
    return subprocess.run(["ip", *args], capture_output=True, text=True)


class Devices:
    """Three namespaces on a bridge in a fourth; delete() undoes everything."""

    def __init__(self, root):
        tag = f"{os.getpid() % 100000}"
        self.tag = tag
        self.root = root
        self.names = {d: f"gvmcloud-{d}-{tag}" for d in [*DEVICES, "s"]}
        self.created = []
        self.processes = {}  # (device, what) -> Popen

    def create(self):
        if os.geteuid() != 0:
            return "network namespaces need root"
        if not shutil.which("ip"):
            return "no `ip` command (iproute2)"
        for namespace in self.names.values():
            made = ip("netns", "add", namespace)
            if made.returncode:
                return f"ip netns add failed: {made.stderr.strip()}"
            self.created.append(namespace)
        switch = self.names["s"]
        steps = [("-n", switch, "link", "add", "br0", "type", "bridge"), ("-n", switch, "link", "set", "br0", "up")]
        for d, (address, _) in DEVICES.items():
            here, there = f"gc{d}{self.tag}", f"gs{d}{self.tag}"  # 15 bytes at most
            steps += [("link", "add", here, "type", "veth", "peer", "name", there),
                      ("link", "set", here, "netns", self.names[d]),
                      ("link", "set", there, "netns", switch),
                      ("-n", switch, "link", "set", there, "master", "br0"),
                      ("-n", switch, "link", "set", there, "up"),
                      ("-n", self.names[d], "addr", "add", f"{address}/24", "dev", here),
                      ("-n", self.names[d], "link", "set", here, "up"),
                      ("-n", self.names[d], "link", "set", "lo", "up")]
        for step in steps:
            done = ip(*step)
            if done.returncode:
                return f"ip {' '.join(step)} failed: {done.stderr.strip()}"
        return None

    def start(self, device, what, argv):
        log = self.root / f"{what}-{device}.log"
        with open(log, "ab") as out:
            self.processes[device, what] = subprocess.Popen(
                ["ip", "netns", "exec", self.names[device], *argv], env=self.env, cwd=self.root,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        return log

    def run(self, device, argv, timeout=60):
        return subprocess.run(["ip", "netns", "exec", self.names[device], *argv], env=self.env, cwd=self.root,
                              capture_output=True, text=True, timeout=timeout)

    def up(self, device):
        """nats-server, GPMD and node of `device`, each waited for."""
        address, name = DEVICES[device]
        routes = [f"{other}:{CLUSTER_PORT}" for other, _ in DEVICES.values() if other != address]
        config = self.root / f"nats-{device}.conf"
        config.write_text(natsconf.server_config("127.0.0.1", NATS_PORT, "ghost", "netns-password", CLUSTER_PORT,
                                                 routes, cluster_listen=address, route_tls=self.route_tls))
        log = self.start(device, "nats", [self.nats_server, "-c", str(config)])
        wait_for(lambda: "Server is ready" in log.read_text(), log)
        log = self.start(device, "gpmd", [sys.executable, "-m", "gpmd", "--bind", address, "--cloud",
                                          f"nats://127.0.0.1:{NATS_PORT}", "--cloud-credentials",
                                          str(self.credentials)])
        wait_for(lambda: "listening on" in log.read_text(), log)
        log = self.start(device, "node", [sys.executable, "-m", "gvm", "node", "--name", name, "--bind", address,
                                          "--gpmd", f"{address}:{PORT}", "--workers", "1", "--path", "lib"])
        wait_for(lambda: "registered at gpmd" in log.read_text(), log)

    def kill(self, device):
        for key in [k for k in self.processes if k[0] == device]:
            process = self.processes.pop(key)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def listed(self, device):
        address = DEVICES[device][0]
        out = self.run(device, [sys.executable, "-m", "gvm", "nodes", "--gpmd", f"{address}:{PORT}"])
        assert out.returncode == 0, out.stderr
        return {row.split()[0]: row.split()[1].rpartition(":")[0] for row in out.stdout.splitlines()[1:]}

    def delete(self):
        for device in DEVICES:
            self.kill(device)
        for namespace in self.created:
            ip("netns", "del", namespace)


def route_certificate(directory):
    """(cert, key, ca) for the routes between the devices' servers: one self-signed
    certificate naming all three addresses, its own CA; or skip the test."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make the routes' certificate")
    cert, key = directory / "route-cert.pem", directory / "route-key.pem"
    names = ",".join(f"IP:{address}" for address, _ in DEVICES.values())
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-keyout", str(key), "-out", str(cert), "-subj", "/CN=ghost-routes",
                           "-addext", f"subjectAltName={names}",
                           "-addext", "extendedKeyUsage=serverAuth,clientAuth"], capture_output=True)
    if made.returncode:
        pytest.skip(f"openssl cannot make a certificate: {made.stderr.decode()[-200:]}")
    return cert, key, cert


def wait_for(ready, log=None, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "not ready" + ("" if log is None else f":\n{Path(log).read_text()}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def devices(tmp_path_factory):
    root = tmp_path_factory.mktemp("cloud-netns")
    d = Devices(root)
    try:
        reason = d.create()
        if reason:
            pytest.skip(reason)
        d.nats_server = nats_server_or_skip()
        d.route_tls = route_certificate(root)
        d.credentials = root / "cloud-credentials"
        credentials.write(d.credentials, "ghost", "netns-password")
        d.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(root), GHOST_COOKIE="netns-cloud",
                     GPMD_PORT=str(PORT))
        (root / "lib").mkdir()
        (root / "lib" / "work.wasm").write_bytes(wat(WORK))
        for device in DEVICES:
            d.up(device)
        wait_for(lambda: all(d.listed(device) == EVERYONE for device in DEVICES), timeout=10)
        yield d
    finally:
        d.delete()


def test_every_device_lists_all_three(devices):
    for device in DEVICES:
        assert devices.listed(device) == EVERYONE


def test_a_bare_name_is_called_across_devices(devices):
    for device, (address, _) in DEVICES.items():
        for name in EVERYONE:
            out = devices.run(device, [sys.executable, "-m", "gvm", "--node", name, "--gpmd", f"{address}:{PORT}",
                                       "work.add", "40", "2"])
            assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr


MAP = """
import sys, gvm.dist
results = gvm.dist.map("work.sum", [(n,) for n in range(N)], gpmd=("10.124.0.1", 4399), timeout=60)
print("ok" if results == [n * (n - 1) // 2 % 2**32 - (2**32 if n * (n - 1) // 2 % 2**32 >= 2**31 else 0)
                          for n in range(N)] else f"wrong {results}")
"""


def test_map_spreads_over_every_node_of_the_cloud(devices):
    before = {name: _served(devices, name) for name in EVERYONE}
    out = devices.run("a", [sys.executable, "-c", MAP.replace("N", "60")])
    assert (out.returncode, out.stdout) == (0, "ok\n"), out.stderr
    assert all(_served(devices, name) > before[name] for name in EVERYONE)  # every device did some


def _served(devices, name):
    script = (f"import gvm.dist\nprint(gvm.dist.connect({name!r}, gpmd=('10.124.0.1', {PORT})).load().calls)")
    out = devices.run("a", [sys.executable, "-c", script])
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_a_device_killed_mid_map_leaves_and_comes_back(devices):
    mapping = subprocess.Popen(["ip", "netns", "exec", devices.names["a"], sys.executable, "-c",
                                MAP.replace("range(N)", "range(0, 4000000, 10000)")],
                               env=devices.env, cwd=devices.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    wait_for(lambda: _served(devices, "gamma") > 3 or mapping.poll() is not None)
    assert mapping.poll() is None, "the map ended before the device could be killed"
    devices.kill("c")
    killed = time.monotonic()
    wait_for(lambda: "gamma" not in devices.listed("a"), timeout=5.0)
    assert time.monotonic() - killed < 5.0
    assert devices.listed("b") == {"alpha": "10.124.0.1", "beta": "10.124.0.2"}
    out, err = mapping.communicate(timeout=120)
    assert (mapping.returncode, out) == (0, "ok\n"), err
    devices.up("c")
    wait_for(lambda: all(devices.listed(device) == EVERYONE for device in DEVICES), timeout=10)
    out = devices.run("c", [sys.executable, "-m", "gvm", "--node", "alpha", "--gpmd", f"10.124.0.3:{PORT}",
                            "work.add", "1", "2"])
    assert (out.returncode, out.stdout) == (0, "3\n"), out.stderr


def test_a_device_that_loses_the_network_leaves_within_5_s_and_comes_back(devices):
    """Its processes live on, cut off: the NATS servers' pings (1 s, two missed) drop it."""
    link = f"gcc{devices.tag}"  # device C's end of its veth pair
    assert devices.listed("a") == EVERYONE
    down = ip("-n", devices.names["c"], "link", "set", link, "down")
    assert down.returncode == 0, down.stderr
    cut = time.monotonic()
    try:
        wait_for(lambda: "gamma" not in devices.listed("a"), timeout=5.0)
        wait_for(lambda: devices.run("a", [sys.executable, "-m", "gvm", "--node", "gamma", "--gpmd",
                                           f"10.124.0.1:{PORT}", "work.add", "1", "2"]).returncode == 1,
                 timeout=5.0 - (time.monotonic() - cut))
        assert time.monotonic() - cut < 5.0
        assert devices.listed("c") == {"gamma": "10.124.0.3"}  # on its own, it still knows its node
    finally:
        ip("-n", devices.names["c"], "link", "set", link, "up")
    wait_for(lambda: all(devices.listed(device) == EVERYONE for device in DEVICES), timeout=15)
