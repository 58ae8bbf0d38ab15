"""ghost.yaml: a device's part of a cloud, declared in one file (read by `gvm up`).

    gpmd:                      # this device's GPMD
      bind: 127.0.0.1          #   default 127.0.0.1
      port: 4370               #   default GPMD_PORT, else 4370
    advertise: 10.0.0.7        # where other devices reach this device's nodes (default: gpmd.bind)
    cloud:                     # NATS servers of the cloud to join: a list, no single point of failure
      - nats://10.0.0.7:4222
    nats:                      # or/and: start this device's own nats-server (it is a hub)
      listen: 127.0.0.1        #   default 127.0.0.1
      port: 4222               #   default 4222
      cluster_port: 6222       #   routes between the servers of the cloud (optional)
      routes: [10.0.0.8:6222]  #   the other servers' cluster ports
      route_tls: {cert: route-cert.pem, key: route-key.pem, ca: ca.pem}   # routes over TLS
      tls: {cert: nats-cert.pem, key: nats-key.pem}   # the GPMDs reach it over TLS (tls://)
    credentials:
      cookie: ~/.ghost/cookie                  # the nodes' shared secret (default: GHOST_COOKIE, else that file)
      cloud: ~/.ghost/cloud-credentials        # NATS's USER:PASSWORD (made on a hub if missing)
      ca: ca.pem                               # the CA that signed the NATS servers' certificates
    nodes:
      - name: alpha            # required, a node name
        workers: 2             # worker processes (default: one per core)
        path: [lib]            # module directories, relative to this file
        max_memory: 256M       # linear memory per instance
        call_timeout: 60       # seconds per call

Loaded with PyYAML's safe loader (no Python objects, no tags), and checked whole
before anything starts: an unknown key, a value of the wrong type, a missing
directory or a node named twice is one GhostFileError naming the file, the line
and the key, so a bad file never starts half a cloud.
"""

import os
import re

from gpmd.address import DEFAULT_HOST, default_port
from gpmd.protocol import check_name

from ..cli.options import byte_size

DEFAULT_NATS_PORT = 4222


class GhostFileError(ValueError):
    """ghost.yaml is missing, is not YAML, or does not follow the format above."""


class _Checker:
    """Typed access to the loaded document, with the line of each key for errors."""

    def __init__(self, path, tree):
        self.path = path
        self.tree = tree  # yaml's composed node tree: it knows the lines

    def fail(self, where, message):
        node = self._node(where)
        line = "" if node is None else f" line {node.start_mark.line + 1}:"
        key = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in where).replace(".[", "[")
        raise GhostFileError(f"{self.path}:{line} {key or 'the file'}: {message}")

    def _node(self, where):
        node = self.tree
        for step in where:
            if node is None:
                return None
            if isinstance(step, int):
                node = node.value[step] if step < len(node.value) else None
            else:
                node = next((v for k, v in node.value if k.value == step), None) or \
                    next((k for k, v in node.value if k.value == step), None)
        return node

    def mapping(self, value, where, keys):
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping of {', '.join(keys)}")
        for key in value:
            if key not in keys:
                self.fail(where + (key,), f"unknown key (expected one of: {', '.join(keys)})")
        return value

    def text(self, value, where, check=None):
        if not isinstance(value, str) or not value:
            self.fail(where, f"must be a non-empty string, not {value!r}")
        if check is not None:
            try:
                check(value)
            except ValueError as e:
                self.fail(where, str(e))
        return value

    def integer(self, value, where, low, high=None):
        if type(value) is not int or value < low or (high is not None and value > high):
            bound = f"{low}..{high}" if high is not None else f"at least {low}"
            self.fail(where, f"must be an integer {bound}, not {value!r}")
        return value

    def number(self, value, where):
        if type(value) not in (int, float) or not value > 0:
            self.fail(where, f"must be a positive number of seconds, not {value!r}")
        return float(value)

    def strings(self, value, where, check=None):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, f"must be a list, not {value!r}")
        return [self.text(item, where + (i,), check) for i, item in enumerate(value)]


class GhostFile:
    """A checked ghost.yaml: plain attributes, every default filled in."""

    def __init__(self, path):
        import yaml  # PyYAML: only `gvm up/down/status` need it (the `cloud` extra)
        self.path = os.path.abspath(path)
        self.directory = os.path.dirname(self.path)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise GhostFileError(f"cannot read {path}: {e.strerror}") from None
        except UnicodeDecodeError:
            raise GhostFileError(f"{path} is not UTF-8 text") from None
        try:
            tree = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 1}:" if mark is not None else ""
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise GhostFileError(f"{path}:{where} not valid YAML: {problem}") from None
        self._check(_Checker(path, tree), data)

    def _check(self, c, data):
        top = c.mapping(data, (), ("gpmd", "advertise", "cloud", "nats", "credentials", "nodes"))
        gpmd = c.mapping(top.get("gpmd"), ("gpmd",), ("bind", "port"))
        self.bind = c.text(gpmd.get("bind", DEFAULT_HOST), ("gpmd", "bind"))
        self.port = c.integer(gpmd.get("port", default_port()), ("gpmd", "port"), 1, 65535)
        self.advertise = c.text(top["advertise"], ("advertise",)) if "advertise" in top else None
        self.cloud = c.strings(top.get("cloud", []), ("cloud",), _nats_url)
        self.nats = None
        if "nats" in top:
            nats = c.mapping(top["nats"], ("nats",), ("listen", "port", "cluster_port", "routes", "route_tls", "tls"))
            self.nats = {
                "listen": c.text(nats.get("listen", DEFAULT_HOST), ("nats", "listen")),
                "port": c.integer(nats.get("port", DEFAULT_NATS_PORT), ("nats", "port"), 1, 65535),
                "cluster_port": (c.integer(nats["cluster_port"], ("nats", "cluster_port"), 1, 65535)
                                 if "cluster_port" in nats else None),
                "routes": c.strings(nats.get("routes", []), ("nats", "routes"), _hostport),
            }
            self.nats["route_tls"] = self._files(c, nats, ("nats", "route_tls"), ("cert", "key", "ca"))
            self.nats["tls"] = self._files(c, nats, ("nats", "tls"), ("cert", "key"))
            if self.nats["routes"] and self.nats["cluster_port"] is None:
                c.fail(("nats", "routes"), "routes need a cluster_port of this server")
            scheme = "nats" if self.nats["tls"] is None else "tls"
            own = f"{scheme}://{self.nats['listen']}:{self.nats['port']}"
            if own not in self.cloud:
                self.cloud.insert(0, own)
        creds = c.mapping(top.get("credentials"), ("credentials",), ("cookie", "cloud", "ca"))
        self.cloud_ca = self._existing(c, creds["ca"], ("credentials", "ca")) if "ca" in creds else None
        self.cookie = self._file(c.text(creds["cookie"], ("credentials", "cookie"))) if "cookie" in creds else None
        self.cloud_credentials = (self._file(c.text(creds["cloud"], ("credentials", "cloud")))
                                  if "cloud" in creds else None)
        nodes = top.get("nodes", [])
        if not isinstance(nodes, list) or not nodes:
            c.fail(("nodes",), "must be a list of at least one node")
        self.nodes = [self._node(c, node, ("nodes", i)) for i, node in enumerate(nodes)]
        seen = set()
        for i, node in enumerate(self.nodes):
            if node["name"] in seen:
                c.fail(("nodes", i, "name"), f"node {node['name']} is declared twice")
            seen.add(node["name"])

    def _node(self, c, node, where):
        node = c.mapping(node, where, ("name", "workers", "path", "max_memory", "call_timeout"))
        if "name" not in node:
            c.fail(where, "a node needs a name")
        checked = {"name": c.text(node["name"], where + ("name",), check_name)}
        if "workers" in node:
            checked["workers"] = c.integer(node["workers"], where + ("workers",), 0, 1024)
        dirs = []
        for i, directory in enumerate(c.strings(node.get("path", []), where + ("path",))):
            full = self._file(directory)
            if not os.path.isdir(full):
                c.fail(where + ("path", i), f"no directory {full}")
            dirs.append(full)
        checked["path"] = dirs
        if "max_memory" in node:
            value = str(node["max_memory"])
            try:
                checked["max_memory"] = byte_size(value)
            except ValueError:
                c.fail(where + ("max_memory",), f"must be a size in bytes (256M, 1G), not {value!r}")
        if "call_timeout" in node:
            checked["call_timeout"] = c.number(node["call_timeout"], where + ("call_timeout",))
        return checked

    def _files(self, c, block, where, keys):
        """The tuple of existing files that the mapping block[where[-1]] names by
        `keys` (all required), or None without that mapping."""
        if where[-1] not in block:
            return None
        files = c.mapping(block[where[-1]], where, keys)
        paths = []
        for key in keys:
            if key not in files:
                c.fail(where, f"needs {', '.join(keys[:-1])} and {keys[-1]} (no {key})")
            paths.append(self._existing(c, files[key], where + (key,)))
        return tuple(paths)

    def _existing(self, c, value, where):
        path = self._file(c.text(value, where))
        if not os.path.isfile(path):
            c.fail(where, f"no file {path}")
        return path

    def _file(self, path):
        return os.path.join(self.directory, os.path.expanduser(path))


def _nats_url(text):
    if not re.fullmatch(r"(nats|tls)://[^\s/]+:\d{1,5}", text):
        raise ValueError(f"expected nats://HOST:PORT or tls://HOST:PORT, not {text!r}")


def _hostport(text):
    if not re.fullmatch(r"[^\s/]+:\d{1,5}", text):
        raise ValueError(f"expected HOST:PORT, not {text!r}")
