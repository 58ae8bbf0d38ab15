"""The cloud over TLS: a nats-server that speaks TLS only, with a CA and a
certificate made for the test (trustme), joined by GPMDs given `tls://` and the CA.

Real processes, as a user runs them: two GPMDs joined over TLS see each other's
nodes (and nats-server says their connections are TLS); a GPMD given the wrong
CA, or a plain nats:// URL, refuses in one line naming the certificate problem;
a server that answers a tls:// URL without TLS is never sent the credentials;
and `gvm up` starts a hub whose GPMD reaches its own nats-server over TLS, from
ghost.yaml's `nats: tls:` and `credentials: ca:`.  The rule that guards NATS
beyond loopback is checked on its own (no remote host needed).
"""

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

pytest.importorskip("nats", reason="nats-py is not installed (pip install -e '.[test]')")
trustme = pytest.importorskip("trustme", reason="trustme is not installed (pip install -e '.[test]')")
yaml = pytest.importorskip("yaml", reason="PyYAML is not installed (pip install -e '.[test]')")

from gpmd import credentials, natsconf  # noqa: E402
from gpmd.cloud import JOIN_TIMEOUT, CloudError  # noqa: E402
from test_cloud import ROOT, Cloud, free_port, nats_server_or_skip, running, wait_for  # noqa: E402

DEVICES = {"alpha": "127.0.0.2", "beta": "127.0.0.3"}
PASSWORD = "test-password-1234"


def write_ca(ca, path):
    ca.cert_pem.write_to_path(str(path))
    return path


def server_certificate(ca, directory):
    """(cert, key) files of a nats-server certificate for 127.0.0.1, signed by `ca`."""
    cert = ca.issue_cert("127.0.0.1")
    cert.cert_chain_pems[0].write_to_path(str(directory / "nats-cert.pem"))
    cert.private_key_pem.write_to_path(str(directory / "nats-key.pem"))
    return directory / "nats-cert.pem", directory / "nats-key.pem"


class TlsCloud(Cloud):
    """test_cloud's cloud, but its nats-server accepts TLS only, with a certificate
    for 127.0.0.1 signed by a CA made here."""

    def __init__(self, root):
        super().__init__(root)
        ca = trustme.CA()
        self.ca = write_ca(ca, root / "ca.pem")
        self.wrong_ca = write_ca(trustme.CA(), root / "wrong-ca.pem")
        self.cert, self.key = server_certificate(ca, root)
        self.monitor_port = free_port()

    def start_nats(self):
        config = self.root / "nats.conf"
        config.write_text(natsconf.server_config("127.0.0.1", self.nats_port, "ghost", PASSWORD,
                                                 monitor_port=self.monitor_port, tls_cert=self.cert, tls_key=self.key))
        log = self.start("nats", [nats_server_or_skip(), "-c", str(config)])
        wait_for(lambda: "Server is ready" in log.read_text(), "nats-server", log=log)
        assert "TLS required for client connections" in log.read_text()

    def gpmd_argv(self, address, *extra, url=None, ca=None):
        return [sys.executable, "-m", "gpmd", "--bind", address, "--port", str(self.port),
                "--cloud", url or f"tls://127.0.0.1:{self.nats_port}",
                "--cloud-credentials", str(self.credentials), "--cloud-tls-ca", str(ca or self.ca), *extra]

    def connections(self):
        """nats-server's own view of its clients (its monitoring port's /connz)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor_port}/connz", timeout=5) as answer:
            return json.load(answer)["connections"]

    def refusal(self, argv):
        """A GPMD that must not join: (its stderr, seconds it took)."""
        started = time.monotonic()
        out = subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=60)
        assert out.returncode == 1, out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
        return out.stderr, time.monotonic() - started


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    yield from running(TlsCloud(tmp_path_factory.mktemp("cloud-tls")), DEVICES)


def test_two_gpmds_joined_over_tls_see_each_others_nodes(cloud):
    for address in DEVICES.values():
        assert cloud.listed(address) == DEVICES
    out = cloud.gvm("--node", "beta", "--gpmd", f"127.0.0.2:{cloud.port}", "add.add", "40", "2")
    assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr
    gpmds = [c for c in cloud.connections() if c.get("name", "").startswith("gpmd ")]
    assert sorted(c["name"] for c in gpmds) == ["gpmd 127.0.0.2", "gpmd 127.0.0.3"]
    assert all(c.get("tls_version", "").startswith("1.") for c in gpmds), gpmds


def test_a_gpmd_given_the_wrong_ca_refuses_to_join(cloud):
    stderr, seconds = cloud.refusal(cloud.gpmd_argv("127.0.0.5", ca=cloud.wrong_ca))
    assert stderr.startswith("gpmd: cannot join the cloud at tls://127.0.0.1:")
    assert "TLS certificate is not trusted (unable to get local issuer certificate)" in stderr
    assert seconds < JOIN_TIMEOUT  # a refusal, not a time-out: retrying cannot mend it


def test_a_plain_nats_url_to_a_tls_only_server_fails_cleanly(cloud):
    argv = cloud.gpmd_argv("127.0.0.5", url=f"nats://127.0.0.1:{cloud.nats_port}")
    argv = argv[:argv.index("--cloud-tls-ca")]  # no CA either: nothing to check a certificate with
    stderr, seconds = cloud.refusal(argv)
    assert f"cannot join the cloud at nats://127.0.0.1:{cloud.nats_port}" in stderr
    assert "TLS certificate is not trusted" in stderr and seconds < JOIN_TIMEOUT


class PlainServer:
    """A NATS server without TLS, as far as its first line goes: it answers INFO
    (no tls_required, auth required) and records every byte a client sends."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = bytearray()
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            info = {"server_id": "plain", "version": "2.9.10", "proto": 1, "headers": True,
                    "auth_required": True, "max_payload": 1 << 20}
            with conn:
                conn.sendall(b"INFO " + json.dumps(info).encode() + b"\r\n")
                conn.settimeout(2)
                try:
                    while data := conn.recv(4096):
                        self.received += data
                except OSError:
                    pass

    def close(self):
        self.listener.close()


def test_a_tls_url_answered_without_tls_is_never_sent_the_credentials(cloud):
    """nats-py itself would upgrade only if the server asked for TLS, and send the
    password in clear otherwise: the cloud's client refuses before CONNECT."""
    plain = PlainServer()
    try:
        stderr, _ = cloud.refusal(cloud.gpmd_argv("127.0.0.5", url=f"tls://127.0.0.1:{plain.port}"))
    finally:
        plain.close()
    assert plain.accepted >= 1
    assert "answered without TLS: refusing to send it the cloud's credentials in clear" in stderr
    assert PASSWORD.encode() not in plain.received and b"CONNECT" not in plain.received


@pytest.mark.parametrize("url, ca, tls", [
    ("tls://10.9.9.9:4222", False, True),
    ("tls://[2001:db8::1]:4222", False, True),
    ("tls://nats.example.org:4222", False, True),
    ("nats://10.9.9.9:4222", True, True),  # plain URL, but a CA: TLS is required all the same
    ("nats://127.0.0.1:4222", False, False),
    ("nats://localhost:4222", False, False),
    ("nats://[::1]:4222", False, False),
])
def test_the_beyond_loopback_rule_accepts_tls(tmp_path, url, ca, tls):
    ca_file = str(write_ca(trustme.CA(), tmp_path / "ca.pem")) if ca else None
    context = credentials.tls_for([url], ca_file)
    assert isinstance(context, ssl.SSLContext) == (tls or ca)
    parts = urllib.parse.urlsplit(url)
    assert credentials.needs_tls(parts) == (parts.scheme == "tls" or parts.hostname not in
                                            ("127.0.0.1", "localhost", "::1"))


@pytest.mark.parametrize("url", ["nats://10.9.9.9:4222", "nats://[2001:db8::1]:4222", "nats://nats.example.org:4222"])
def test_the_beyond_loopback_rule_refuses_plain_nats(url):
    with pytest.raises(CloudError, match="beyond loopback: use TLS"):
        credentials.tls_for([url])


def test_gvm_up_hub_reaches_its_nats_server_over_tls(tmp_path):
    """ghost.yaml's `nats: tls:` makes the hub's nats-server speak TLS only, and
    `credentials: ca:` lets its GPMD check it: the node is listed through the cloud."""
    nats_server_or_skip()
    ca = trustme.CA()
    write_ca(ca, tmp_path / "ca.pem")
    server_certificate(ca, tmp_path)
    port = free_port()
    spec = {"gpmd": {"bind": "127.0.0.2", "port": port},
            "nats": {"listen": "127.0.0.1", "port": free_port(), "tls": {"cert": "nats-cert.pem", "key": "nats-key.pem"}},
            "credentials": {"cloud": "creds", "ca": "ca.pem"},
            "nodes": [{"name": "hub-node", "workers": 1, "path": [str(ROOT / "tests" / "programs")]}]}
    ghost = tmp_path / "ghost.yaml"
    ghost.write_text(yaml.safe_dump(spec))
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               GHOST_COOKIE="tls-hub")
    log = tmp_path / "up.log"
    with open(log, "wb") as out:
        up = subprocess.Popen([sys.executable, "-m", "gvm", "up", "-f", str(ghost)], stdout=out,
                              stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        wait_for(lambda: "up: nats, gpmd, hub-node" in log.read_text(), "gvm up", log=log)
        text = log.read_text()
        assert "TLS required for client connections" in text and "joined the cloud" in text
        out = subprocess.run([sys.executable, "-m", "gvm", "--node", "hub-node", "--gpmd", f"127.0.0.2:{port}",
                              "fib.fib", "10"], capture_output=True, text=True, env=env, timeout=60)
        assert (out.returncode, out.stdout) == (0, "55\n"), out.stderr
        down = subprocess.run([sys.executable, "-m", "gvm", "down", "-f", str(ghost)], capture_output=True,
                              env=env, timeout=60)
        assert down.returncode == 0 and up.wait(30) == 0
    finally:
        if up.poll() is None:
            up.kill()
