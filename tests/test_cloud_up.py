"""`gvm up` / `gvm status` / `gvm down` with the README's example ghost.yaml, and
malformed files that start nothing.

The README's file is used as it is, but for its ports (moved to free ones, so the
test never meets another daemon) and its module path (made absolute).  Real
processes throughout: `gvm up` starts nats-server, GPMD and two nodes; a node
killed is restarted and the log says why it died; `gvm down` and Ctrl-C leave no
process behind.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("nats", reason="nats-py is not installed (pip install -e '.[test]')")
yaml = pytest.importorskip("yaml", reason="PyYAML is not installed (pip install -e '.[test]')")

from test_cloud import free_port, nats_server_or_skip, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def readme_ghost_yaml():
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert blocks, "the README has no ghost.yaml example"
    return blocks[0]


def descendants(pid):
    """Every process below `pid`, by the parent links of /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


class Up:
    def __init__(self, tmp_path):
        nats_server_or_skip()
        self.dir = tmp_path
        self.gpmd_port, self.nats_port = free_port(), free_port()
        spec = yaml.safe_load(readme_ghost_yaml())
        spec["gpmd"]["port"] = self.gpmd_port
        spec["nats"]["port"] = self.nats_port
        for node in spec["nodes"]:
            node["path"] = [str(ROOT / p) for p in node["path"]]
        self.file = tmp_path / "ghost.yaml"
        self.file.write_text(yaml.safe_dump(spec))
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), GHOST_COOKIE="up-cookie")
        self.env.pop("GPMD_PORT", None)
        self.log = tmp_path / "up.log"

    def start(self):
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "gvm", "up", "-f", str(self.file)], stdout=out,
                                            stderr=subprocess.STDOUT, env=self.env, cwd=self.dir)
        wait_for(lambda: "up: nats, gpmd, alpha, beta" in self.log.read_text(), "gvm up", log=self.log)

    def gvm(self, *args):
        return subprocess.run([sys.executable, "-m", "gvm", *args], capture_output=True, text=True,
                              env=self.env, cwd=self.dir, timeout=60)


def test_gvm_up_starts_the_readme_cloud_and_gvm_down_leaves_nothing(tmp_path):
    up = Up(tmp_path)
    up.start()
    try:
        children = descendants(up.process.pid)
        assert len(children) >= 4  # nats-server, gpmd, two nodes (and their workers)
        out = up.gvm("status", "-f", str(up.file))
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("1 device, 2 nodes")
        rows = {line.split()[1]: line.split() for line in out.stdout.splitlines()[2:]}
        assert set(rows) == {"alpha", "beta"} and rows["alpha"][3] == "1"  # workers
        out = up.gvm("--node", "beta", "--gpmd", f"127.0.0.1:{up.gpmd_port}", "fib.fib", "20")
        assert (out.returncode, out.stdout) == (0, "6765\n"), out.stderr
        out = up.gvm("status", "-f", str(up.file))
        beta = next(line.split() for line in out.stdout.splitlines() if " beta " in line)
        assert beta[4] == "1" and beta[5] == "0/1"  # one call served, no worker busy now
        out = up.gvm("nodes", "--gpmd", f"127.0.0.1:{up.gpmd_port}")
        assert [line.split()[0] for line in out.stdout.splitlines()[1:]] == ["alpha", "beta"]

        # A node that dies is restarted, and the log says why it died.
        alpha = next(n for n in children if "alpha" in Path(f"/proc/{n}/cmdline").read_text(errors="replace")
                     and "gvm" in Path(f"/proc/{n}/cmdline").read_text(errors="replace"))
        os.kill(alpha, signal.SIGKILL)
        wait_for(lambda: "alpha died: it was killed by SIGKILL" in up.log.read_text(), "the death in the log",
                 log=up.log)
        wait_for(lambda: "restarting alpha" in up.log.read_text(), "alpha's restart", log=up.log)
        wait_for(lambda: up.gvm("--node", "alpha", "--gpmd", f"127.0.0.1:{up.gpmd_port}", "fib.fib", "10").stdout
                 == "55\n", "alpha serving again", log=up.log)
        children = descendants(up.process.pid)

        out = up.gvm("down", "-f", str(up.file))
        assert out.returncode == 0, out.stderr
        assert up.process.wait(30) == 0
        time.sleep(0.2)
        assert [pid for pid in children if alive(pid)] == []
        assert up.gvm("down", "-f", str(up.file)).returncode == 1  # not up any more
    finally:
        if up.process.poll() is None:
            up.process.kill()
            for pid in descendants(up.process.pid):
                os.kill(pid, signal.SIGKILL)


def test_ctrl_c_stops_gvm_up_and_everything_it_started(tmp_path):
    up = Up(tmp_path)
    up.start()
    children = descendants(up.process.pid)
    up.process.send_signal(signal.SIGINT)
    assert up.process.wait(30) == 0
    time.sleep(0.2)
    assert [pid for pid in children if alive(pid)] == []
    assert "stopped" in up.log.read_text()


@pytest.mark.parametrize("text, expected", [
    ("nodes:\n  - name: alpha\n    workers: two\n", "line 3: nodes[0].workers: must be an integer"),
    ("gpmd:\n  port: 4370\n  bnid: 127.0.0.1\nnodes: [{name: a}]\n", "line 3: gpmd.bnid: unknown key"),
    ("nodes:\n  - name: alpha\n  - name: alpha\n", "line 3: nodes[1].name: node alpha is declared twice"),
    ("nodes:\n  - name: -bad\n", "line 2: nodes[0].name: bad name"),
    ("nodes:\n  - name: alpha\n    path: [no-such-dir]\n", "line 3: nodes[0].path[0]: no directory"),
    ("gpmd: [1, 2\n", "not valid YAML"),
    ("gpmd: {port: 4370}\n", "nodes: must be a list of at least one node"),
    ("cloud: [http://x:1]\nnodes: [{name: a}]\n", "line 1: cloud[0]: expected nats://HOST:PORT"),
    ("!!python/object:os.system {}\n", "not valid YAML"),
    ("nats:\n  route_tls: {cert: c.pem}\nnodes: [{name: a}]\n", "line 2: nats.route_tls.cert: no file"),
    ("nats:\n  tls: {cert: ghost.yaml}\nnodes: [{name: a}]\n", "line 2: nats.tls: needs cert and key (no key)"),
    ("credentials:\n  cloud: c\n  ca: ca.pem\nnodes: [{name: a}]\n", "line 3: credentials.ca: no file"),
])
def test_a_malformed_ghost_yaml_is_one_line_and_starts_nothing(tmp_path, text, expected):
    path = tmp_path / "ghost.yaml"
    path.write_text(text)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "gvm", "up", "-f", str(path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=60)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith(f"gvm: error: {path}:") and out.stderr.count("\n") == 1, out.stderr
    assert expected in out.stderr
    assert not (tmp_path / ".ghost" / "up").exists() or not list((tmp_path / ".ghost" / "up").glob("*.pid"))


def test_two_devices_each_with_its_ghost_yaml_form_one_cloud(tmp_path):
    """A hub on 127.0.0.2 (its own nats-server) and a device on 127.0.0.3 that joins it
    by `cloud:`, sharing one credentials file: `gvm status` on either shows both."""
    nats_server_or_skip()
    port, nats_port = free_port(), free_port()
    creds = tmp_path / "creds"
    files = {}
    for device, address, extra in (
        ("hub", "127.0.0.2", {"nats": {"listen": "127.0.0.2", "port": nats_port}}),
        ("edge", "127.0.0.3", {"cloud": [f"nats://127.0.0.2:{nats_port}"], "advertise": "127.0.0.3"}),
    ):
        spec = {"gpmd": {"bind": address, "port": port}, "credentials": {"cloud": str(creds)},
                "nodes": [{"name": f"{device}-node", "workers": 1, "path": [str(ROOT / "tests" / "programs")]}],
                **extra}
        files[device] = tmp_path / f"{device}.yaml"
        files[device].write_text(yaml.safe_dump(spec))
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), GHOST_COOKIE="two-devices")
    processes = []
    try:
        for device in ("hub", "edge"):
            log = tmp_path / f"{device}.log"
            with open(log, "wb") as out:
                processes.append(subprocess.Popen([sys.executable, "-m", "gvm", "up", "-f", str(files[device])],
                                                  stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path))
            wait_for(lambda: "up: " in log.read_text(), f"gvm up of {device}", log=log)
        assert creds.exists() and (creds.stat().st_mode & 0o077) == 0  # made by the hub, private
        for device in ("hub", "edge"):
            out = subprocess.run([sys.executable, "-m", "gvm", "status", "-f", str(files[device])],
                                 capture_output=True, text=True, env=env, timeout=60)
            assert out.returncode == 0 and out.stdout.startswith("2 devices, 2 nodes"), out.stdout + out.stderr
        out = subprocess.run([sys.executable, "-m", "gvm", "--node", "edge-node", "--gpmd", f"127.0.0.2:{port}",
                              "fib.fib", "10"], capture_output=True, text=True, env=env, timeout=60)
        assert (out.returncode, out.stdout) == (0, "55\n"), out.stderr
        for device in ("edge", "hub"):
            assert subprocess.run([sys.executable, "-m", "gvm", "down", "-f", str(files[device])],
                                  env=env, capture_output=True, timeout=60).returncode == 0
        assert [p.wait(30) for p in processes] == [0, 0]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
