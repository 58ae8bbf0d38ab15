"""One cloud over three devices on one machine: GPMDs on 127.0.0.2, .3 and .4,
joined through one local nats-server, each with a node of its own.

Real processes throughout (nats-server, `python -m gpmd --cloud`, `gvm node`),
driven through the command line as a user would: `gvm nodes` on any device lists
the nodes of all three, a bare name is found and called across devices, a name
cannot be taken on two devices, a killed device leaves every listing within 5 s,
and a GPMD refuses to join without credentials.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import wat

pytest.importorskip("nats", reason="nats-py is not installed (pip install -e '.[test]')")

from gpmd import credentials, natsconf  # noqa: E402
from gpmd.cloud import CloudError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEVICES = {"alpha": "127.0.0.2", "beta": "127.0.0.3", "gamma": "127.0.0.4"}
ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'


def free_port(host="127.0.0.1"):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def nats_server_or_skip():
    try:
        return natsconf.find_server()
    except CloudError as e:
        pytest.skip(str(e))


def wait_for(ready, what, timeout=30.0, log=None):
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            detail = "" if log is None else "\n" + Path(log).read_text()[-3000:]
            raise AssertionError(f"timed out waiting for {what}{detail}")
        time.sleep(0.05)


class Cloud:
    """A nats-server, and GPMDs and nodes started on loopback addresses; close() ends them all."""

    def __init__(self, root):
        self.root = root
        self.processes = {}
        self.port = free_port()  # the GPMD port of every device, as GPMD_PORT
        self.nats_port = free_port()
        self.credentials = root / "cloud-credentials"
        credentials.write(self.credentials, "ghost", "test-password-1234")
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(root), GHOST_COOKIE="cloud-cookie",
                        GPMD_PORT=str(self.port))
        (root / "lib").mkdir()
        (root / "lib" / "add.wasm").write_bytes(wat(ADD))

    def start(self, key, argv):
        log = self.root / f"{key}.log"
        with open(log, "ab") as out:
            self.processes[key] = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                                   cwd=self.root, start_new_session=True)
        return log

    def start_nats(self):
        config = self.root / "nats.conf"
        config.write_text(natsconf.server_config("127.0.0.1", self.nats_port, "ghost", "test-password-1234"))
        log = self.start("nats", [nats_server_or_skip(), "-c", str(config)])
        wait_for(lambda: "Server is ready" in log.read_text(), "nats-server", log=log)

    def gpmd_argv(self, address, *extra):
        return [sys.executable, "-m", "gpmd", "--bind", address, "--cloud", f"nats://127.0.0.1:{self.nats_port}",
                "--cloud-credentials", str(self.credentials), *extra]

    def start_device(self, name, address):
        log = self.start(f"gpmd-{address}", self.gpmd_argv(address))
        wait_for(lambda: "listening on" in log.read_text(), f"gpmd on {address}", log=log)
        assert "joined the cloud" in log.read_text()
        log = self.start(name, [sys.executable, "-m", "gvm", "node", "--name", name, "--bind", address,
                                "--gpmd", f"{address}:{self.port}", "--workers", "1", "--path", "lib"])
        wait_for(lambda: "registered at gpmd" in log.read_text(), f"node {name}", log=log)

    def kill(self, key):
        process = self.processes.pop(key)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def gvm(self, *args, timeout=60):
        return subprocess.run([sys.executable, "-m", "gvm", *args], capture_output=True, text=True,
                              env=self.env, cwd=self.root, timeout=timeout)

    def listed(self, address):
        """{name: host} of `gvm nodes` asked on the device at `address`."""
        out = self.gvm("nodes", "--gpmd", f"{address}:{self.port}")
        assert out.returncode == 0, out.stderr
        rows = [line.split() for line in out.stdout.splitlines()[1:]]
        return {row[0]: row[1].rpartition(":")[0] for row in rows}

    def close(self):
        for key in list(self.processes):
            self.kill(key)


def running(cloud, devices):
    """`cloud` with its NATS server and a GPMD on each of `devices`, closed after (a
    fixture's body)."""
    try:
        cloud.start_nats()
        for name, address in devices.items():
            cloud.start_device(name, address)
        yield cloud
    finally:
        cloud.close()


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    yield from running(Cloud(tmp_path_factory.mktemp("cloud")), DEVICES)


def test_every_device_lists_the_nodes_of_all(cloud):
    for address in DEVICES.values():
        assert cloud.listed(address) == DEVICES


def test_a_bare_name_is_found_and_called_across_devices(cloud):
    for caller in DEVICES.values():
        for name in DEVICES:
            out = cloud.gvm("--node", name, "--gpmd", f"{caller}:{cloud.port}", "add.add", "40", "2")
            assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr
    script = ("import gvm.dist\n"
              f"c = gvm.dist.connect('gamma', gpmd=('127.0.0.2', {cloud.port}))\n"
              "print(c.address[0] if hasattr(c, 'address') else '', c.call('add.add', 1, 2))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=cloud.env,
                         cwd=cloud.root, timeout=60)
    assert out.returncode == 0 and out.stdout.split()[-1] == "3", out.stderr


def test_a_name_cannot_be_taken_on_two_devices(cloud):
    out = cloud.gvm("node", "--name", "beta", "--bind", "127.0.0.2", "--gpmd", f"127.0.0.2:{cloud.port}",
                    "--workers", "1")
    assert out.returncode != 0
    assert "name taken" in out.stderr and "127.0.0.3" in out.stderr and "127.0.0.2" in out.stderr
    assert "Traceback" not in out.stderr
    assert cloud.listed("127.0.0.4") == DEVICES


def test_an_unknown_bare_name_is_not_found(cloud):
    out = cloud.gvm("--node", "nobody", "--gpmd", f"127.0.0.2:{cloud.port}", "add.add", "1", "2")
    assert out.returncode != 0 and "nobody" in out.stderr and "Traceback" not in out.stderr


def test_a_gpmd_refuses_to_join_without_credentials(cloud, tmp_path):
    for argv, why in (
        (cloud.gpmd_argv("127.0.0.5")[:-2] + ["--cloud-credentials", str(tmp_path / "none")],
         "without credentials"),
        (cloud.gpmd_argv("127.0.0.5")[:-2] + ["--cloud-credentials", str(_credentials(tmp_path, "ghost:wrong"))],
         "cannot join the cloud"),
        (cloud.gpmd_argv("127.0.0.5") + ["--cloud", "nats://10.9.9.9:4222"], "beyond loopback: use TLS"),
    ):
        out = subprocess.run(argv + ["--port", str(free_port())], capture_output=True, text=True, env=cloud.env,
                             timeout=60)
        assert out.returncode == 1, out.stderr
        assert why in out.stderr and "Traceback" not in out.stderr


def _credentials(directory, line):
    path = directory / "bad-credentials"
    credentials.write(path, *line.split(":"))
    return path


def test_a_killed_device_leaves_within_5_s_and_comes_back(cloud):
    assert cloud.listed("127.0.0.2") == DEVICES
    cloud.kill("gpmd-127.0.0.4")
    killed = time.monotonic()
    wait_for(lambda: "gamma" not in cloud.listed("127.0.0.2"), "gamma to leave", timeout=5.0)
    assert time.monotonic() - killed < 5.0
    assert cloud.listed("127.0.0.3") == {"alpha": "127.0.0.2", "beta": "127.0.0.3"}
    out = cloud.gvm("--node", "gamma", "--gpmd", f"127.0.0.2:{cloud.port}", "add.add", "1", "2")
    assert out.returncode != 0 and "gamma" in out.stderr
    # The device comes back: its GPMD rejoins, and its node (still running) registers again.
    log = cloud.start("gpmd-127.0.0.4", cloud.gpmd_argv("127.0.0.4"))
    wait_for(lambda: "joined the cloud" in log.read_text(), "gpmd on 127.0.0.4 to rejoin", log=log)
    wait_for(lambda: cloud.listed("127.0.0.2") == DEVICES, "gamma to be back", timeout=10.0)


def test_an_old_client_is_answered_for_the_device_only(cloud):
    """Protocol version 1 (LOOKUP, LIST): the GPMD's own nodes, as before the cloud."""
    from gpmd import client
    gpmd = ("127.0.0.2", cloud.port)
    assert [n.name for n in client.names_here(gpmd=gpmd)] == ["alpha"]
    assert client.lookup_here("alpha", gpmd=gpmd).host == "127.0.0.2"
    assert client.lookup_here("beta", gpmd=gpmd) is None
    assert client.lookup("beta", gpmd=gpmd).host == "127.0.0.3"  # version 2: the cloud


def test_a_name_taken_on_two_devices_apart_is_an_error_naming_both(cloud):
    """NATS goes away; meanwhile 127.0.0.2 and .3 each register `twin` (neither can ask
    the other).  Once NATS is back they find each other: a look-up of `twin` from
    anywhere fails naming both devices, until one of them lets the name go."""
    config = cloud.root / "nats.conf"
    cloud.kill("nats")
    for address in ("127.0.0.2", "127.0.0.3"):
        log = cloud.start(f"twin-{address}", [sys.executable, "-m", "gvm", "node", "--name", "twin", "--bind", address,
                                              "--gpmd", f"{address}:{cloud.port}", "--workers", "1", "--path", "lib"])
        wait_for(lambda: "registered at gpmd" in log.read_text(), f"twin on {address}", log=log)
    log = cloud.start("nats", [nats_server_or_skip(), "-c", str(config)])
    wait_for(lambda: log.read_text().count("Server is ready") == 2, "nats-server again", log=log)
    for caller in ("127.0.0.4", "127.0.0.2"):
        def refused():
            out = cloud.gvm("--node", "twin", "--gpmd", f"{caller}:{cloud.port}", "add.add", "1", "2")
            return out.returncode == 1 and "127.0.0.2 and 127.0.0.3" in out.stderr and "Traceback" not in out.stderr
        wait_for(refused, f"the look-up of twin from {caller} to name both devices", timeout=10)
    assert sorted(host for name, host in _rows(cloud, "127.0.0.4") if name == "twin") == ["127.0.0.2", "127.0.0.3"]
    cloud.kill("twin-127.0.0.2")
    wait_for(lambda: cloud.gvm("--node", "twin", "--gpmd", f"127.0.0.4:{cloud.port}", "add.add", "1", "2").stdout
             == "3\n", "twin on 127.0.0.3 alone to be found", timeout=10)


def _rows(cloud, address):
    out = cloud.gvm("nodes", "--gpmd", f"{address}:{cloud.port}")
    return [(row.split()[0], row.split()[1].rpartition(":")[0]) for row in out.stdout.splitlines()[1:]]
