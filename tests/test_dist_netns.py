"""Two "hosts" on one machine: Linux network namespaces joined by a veth pair.

Host A is 10.123.0.1 and host B 10.123.0.2, both in namespaces this test creates
(and deletes, whatever happens).  Each runs its own GPMD bound to its address and
a node registered there; a caller on one host reaches the node of the other as
name@host, through that host's GPMD, and ships its module across.  Skipped with
the reason when namespaces cannot be made (not root, no `ip`, no veth).
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import wat

ROOT = Path(__file__).resolve().parents[1]
SECRET = "netns-cookie"
PORT = 4399  # the GPMD port of both hosts (GPMD_PORT), as a real cluster would share one
HOSTS = {"a": "10.123.0.1", "b": "10.123.0.2"}
ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'


def ip(*args):
    return subprocess.run(["ip", *args], capture_output=True, text=True)


class Hosts:
    """Two namespaces joined by a veth pair; everything here is undone by delete()."""

    def __init__(self):
        tag = f"{os.getpid() % 100000}"
        self.names = {host: f"gvmtest-{host}-{tag}" for host in HOSTS}
        self.created = []
        self.processes = []

    def create(self):
        """Make the namespaces, or return why they cannot be made."""
        if os.geteuid() != 0:
            return "network namespaces need root"
        if not shutil.which("ip"):
            return "no `ip` command (iproute2)"
        for host, namespace in self.names.items():
            made = ip("netns", "add", namespace)
            if made.returncode:
                return f"ip netns add failed: {made.stderr.strip()}"
            self.created.append(namespace)
        a, b = (f"gvt{host}{os.getpid() % 100000}" for host in HOSTS)  # interface names: 15 bytes at most
        steps = [("link", "add", a, "type", "veth", "peer", "name", b),
                 ("link", "set", a, "netns", self.names["a"]),
                 ("link", "set", b, "netns", self.names["b"])]
        for host, interface in (("a", a), ("b", b)):
            namespace = self.names[host]
            steps += [("-n", namespace, "addr", "add", f"{HOSTS[host]}/24", "dev", interface),
                      ("-n", namespace, "link", "set", interface, "up"),
                      ("-n", namespace, "link", "set", "lo", "up")]
        for step in steps:
            done = ip(*step)
            if done.returncode:
                return f"ip {' '.join(step)} failed: {done.stderr.strip()}"
        return None

    def start(self, host, argv, env, log):
        with open(log, "w") as out:
            process = subprocess.Popen(["ip", "netns", "exec", self.names[host], *argv], env=env,
                                       stdout=subprocess.DEVNULL, stderr=out)
        self.processes.append(process)
        return process

    def run(self, host, argv, env, cwd):
        return subprocess.run(["ip", "netns", "exec", self.names[host], *argv], env=env, cwd=cwd,
                              capture_output=True, text=True, timeout=30)

    def delete(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        for namespace in self.created:  # deleting a namespace deletes its veth end, and the pair
            ip("netns", "del", namespace)


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    root = tmp_path_factory.mktemp("netns")
    hosts = Hosts()
    try:
        reason = hosts.create()
        if reason:
            pytest.skip(reason)
        hosts.root = root
        hosts.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(root), GHOST_COOKIE=SECRET,
                         GPMD_PORT=str(PORT))
        for host, name in (("a", "alpha"), ("b", "beta")):
            address = HOSTS[host]
            hosts.start(host, [sys.executable, "-m", "gpmd", "--bind", address], hosts.env, root / f"gpmd-{host}.log")
            wait_for(lambda: "listening on" in (root / f"gpmd-{host}.log").read_text(), root / f"gpmd-{host}.log")
            hosts.start(host, [sys.executable, "-m", "gvm", "node", "--name", name, "--bind", address,
                               "--gpmd", f"{address}:{PORT}", "--workers", "1"], hosts.env, root / f"{name}.log")
            wait_for(lambda: "registered at gpmd" in (root / f"{name}.log").read_text(), root / f"{name}.log")
        (root / "add.wasm").write_bytes(wat(ADD))
        yield hosts
    finally:
        hosts.delete()


def wait_for(ready, log, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, f"not ready:\n{log.read_text()}"
        time.sleep(0.05)


def test_cli_call_to_a_node_of_the_other_host(hosts):
    out = hosts.run("b", [sys.executable, "-m", "gvm", "--node", "alpha@10.123.0.1", "add.add", "40", "2"],
                    hosts.env, hosts.root)
    assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr
    out = hosts.run("a", [sys.executable, "-m", "gvm", "--node", "beta@10.123.0.2", "add.add", "1", "2"],
                    hosts.env, hosts.root)
    assert (out.returncode, out.stdout) == (0, "3\n"), out.stderr


def test_api_across_hosts_same_as_local(hosts):
    script = """
import gvm.dist
remote = gvm.dist.connect("alpha@10.123.0.1")
local = gvm.dist.connect("beta", gpmd=("10.123.0.2", 4399))
print(remote.call("add.add", 20, 22), local.call("add.add", 20, 22))
print([n.name for n in gvm.dist.nodes(gpmd=("10.123.0.1", 4399))])
print(gvm.dist.map("add.add", [(i, i) for i in range(6)], nodes=["alpha@10.123.0.1", "beta@10.123.0.2"]))
try:
    gvm.dist.connect("beta@10.123.0.1")
except gvm.dist.NodeNotFound as e:
    print("NodeNotFound", e)
"""
    out = hosts.run("b", [sys.executable, "-c", script], hosts.env, hosts.root)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:3] == ["42 42", "['alpha']", "[0, 2, 4, 6, 8, 10]"]
    assert lines[3].startswith("NodeNotFound no node beta is registered at gpmd 10.123.0.1")


def test_loopback_of_one_host_is_not_the_other(hosts):
    """Host B's 127.0.0.1 has no GPMD: a plain name there finds nothing, cleanly."""
    out = hosts.run("b", [sys.executable, "-m", "gvm", "--node", "alpha", "add.add", "1", "2"], hosts.env, hosts.root)
    assert out.returncode == 1 and out.stderr.startswith("gvm: error: cannot look up node alpha")
