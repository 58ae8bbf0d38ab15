"""A large cloud simulated on this machine; prints the figures docs/scaling.md gives.

    python benchmarks/cloud_bench.py [--devices 50] [--per-device 20] [--servers 3] [--kv]

By default: a NATS cluster of 3 nats-servers (routes between them), 50 GPMDs on
loopback addresses 127.0.1.1 .. 127.0.1.50, each joined to one of the servers,
and 20 simulated nodes at each GPMD: 1,000 nodes.  A simulated node is a real
registration at its device's GPMD and a real listener speaking the node protocol
(the cookie handshake, then PING/PONG: gvm.dist.service), all of them held by this
one process, since 24 GiB cannot hold 1,000 full nodes.  Measured:

  1. the time for a new GPMD to join the cloud and see every node (its first
     complete `gvm nodes` listing), from its start;
  2. bare-name look-up latency through a GPMD, of nodes on other devices, p50 and p99;
  3. the latency of listing the whole cloud (`gvm.dist.nodes()`, and once the
     `gvm nodes` command), p50 and p99;
  4. NATS messages per second at rest (the servers' own counters, /varz);
  5. the time until a killed device's nodes have left the listing of another;
  and, as a check that the simulated nodes are real, the round trip of a ping to a
  node found by its bare name.

With --kv, the same registry work is also done the other way issue 16 allowed, a
JetStream key-value bucket with a time-to-live (registry_designs.py), on the same
NATS cluster (its servers then run JetStream, each with a store in the temporary
directory) for the same devices and nodes, and both designs are timed from one
NATS client and printed side by side: claiming every name, look-up and miss p50 /
p99, listing the whole cloud, NATS messages per second at rest, and the time for
a killed device's nodes to be gone (three devices each).
"""

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gpmd import client as gpmd_client  # noqa: E402
from gpmd import credentials, natsconf  # noqa: E402
from gvm.dist import connect  # noqa: E402
from gvm.dist.execute import Executor  # noqa: E402
from gvm.dist.quota import Quota  # noqa: E402
from gvm.dist.service import Service  # noqa: E402
from gvm.dist.store import Store  # noqa: E402

COOKIE = "cloud-bench-cookie"
USER, PASSWORD = "ghost", secrets.token_hex(12)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def device_address(i):
    return f"127.0.1.{i + 1}"


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class Cloud:
    def __init__(self, directory, servers, jetstream=False):
        self.dir = Path(directory)
        self.processes = []
        self.gpmds = {}  # device index -> Popen
        self.port = free_port()
        self.credentials = self.dir / "cloud-credentials"
        credentials.write(self.credentials, USER, PASSWORD)
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(self.dir), GHOST_COOKIE=COOKIE)
        ports = [(free_port(), free_port(), free_port()) for _ in range(servers)]
        self.nats_urls, self.monitors = [], []
        for i, (client_port, cluster_port, monitor_port) in enumerate(ports):
            routes = [f"127.0.0.1:{c}" for j, (_, c, _) in enumerate(ports) if j != i]
            config = self.dir / f"nats-{i}.conf"
            text = natsconf.server_config("127.0.0.1", client_port, USER, PASSWORD, cluster_port, routes,
                                          monitor_port=monitor_port)
            if jetstream:  # only the key-value design needs it (--kv)
                text += f'server_name: "s{i}"\njetstream {{ store_dir: {json.dumps(str(self.dir / f"js-{i}"))} }}\n'
            config.write_text(text)
            log = self.dir / f"nats-{i}.log"
            self.processes.append(subprocess.Popen([natsconf.find_server(), "-c", str(config)],
                                                   stdout=subprocess.DEVNULL, stderr=open(log, "wb")))
            self.nats_urls.append(f"nats://127.0.0.1:{client_port}")
            self.monitors.append(f"http://127.0.0.1:{monitor_port}/varz")
        for i in range(servers):
            wait(lambda: "Server is ready" in (self.dir / f"nats-{i}.log").read_text(), "nats-server")
        time.sleep(1.0)  # the routes

    def start_gpmd(self, i):
        address = device_address(i)
        url = self.nats_urls[i % len(self.nats_urls)]
        log = open(self.dir / f"gpmd-{i}.log", "ab")
        process = subprocess.Popen([sys.executable, "-m", "gpmd", "--bind", address, "--port", str(self.port),
                                    "--cloud", url, "--cloud-credentials", str(self.credentials)],
                                   env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        self.gpmds[i] = process
        return process

    def wait_gpmd(self, i):
        wait(lambda: "listening on" in (self.dir / f"gpmd-{i}.log").read_text(), f"gpmd {i}")

    def gpmd(self, i):
        return device_address(i), self.port

    def messages(self):
        """in_msgs + out_msgs of every server, summed."""
        total = 0
        for url in self.monitors:
            with urllib.request.urlopen(url, timeout=5) as reply:
                varz = json.load(reply)
            total += varz["in_msgs"] + varz["out_msgs"]
        return total

    def close(self):
        for process in [*self.gpmds.values(), *self.processes]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.gpmds.values(), *self.processes]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


class SimulatedNodes:
    """Many nodes in this process: each a registration and a listener that speaks the
    node protocol (handshake, then PING/PONG and anything else a node answers)."""

    def __init__(self):
        self.work = Executor(Store(), None)
        self.quota = Quota(1 << 20)
        self.listeners = {}  # socket -> name
        self.registrations = {}  # name -> Registration

    def add(self, name, address, gpmd):
        listener = socket.create_server((address, 0), backlog=16)
        self.listeners[listener] = name
        self.registrations[name] = gpmd_client.register(name, listener.getsockname()[1], {"simulated": True},
                                                        gpmd=gpmd)
        service = Service(name, COOKIE.encode(), self.work, self.quota)  # HELLO says the node's own name
        threading.Thread(target=self._accept, args=(listener, service), daemon=True).start()

    def _accept(self, listener, service):
        while True:
            try:
                sock, peer = listener.accept()
            except OSError:
                return
            self.quota.admit(peer[0])
            threading.Thread(target=service.serve, args=(sock, f"{peer[0]}:{peer[1]}", peer[0]),
                             daemon=True).start()


async def compare(cloud, args, measured):
    """Both registry designs timed from one NATS client, for the same nodes:
    {design: {measure: text}}; `measured`: the figures of request/reply that the
    steps above took through the GPMDs.  Kills three GPMDs, and leaves them dead."""
    import nats  # nats-py: the cloud's extra; the bench without --kv asks the GPMDs only
    from registry_designs import KeyValue, RequestReply, kv_devices
    auth = {"user": USER, "password": PASSWORD}
    nc = await nats.connect(cloud.nats_urls[0], **auth)
    total = args.devices * args.per_device
    victims = [args.devices - 2, args.devices - 3, args.devices - 4]  # step 5 kills the last one
    figures = {}
    try:
        rr = RequestReply(nc, devices=args.devices + 1)  # the newcomer of step 1 answers too
        entries = await rr.listing()
        assert len(entries) == total, f"listed {len(entries)} of {total}"
        figures["request/reply"] = {"claim every name": measured["claim every name"],
                                    **await timings(rr, entries, args.lookups, total)}
        per_device = [{name: entries[name] for name in entries if name.startswith(f"n{i:03d}-")}
                      for i in range(args.devices)]

        kv = await KeyValue.create(nc, args.kv_ttl, replicas=min(3, args.servers))
        devices, claimed = kv_devices(cloud.nats_urls, auth, per_device, args.kv_refresh)
        try:
            kv_figures = {"claim every name": claims(claimed, total, "kv.create")}
            kv_figures.update(await timings(kv, entries, args.lookups, total))
            before = cloud.messages()
            await asyncio.sleep(10)
            kv_figures["NATS messages/s at rest"] = f"{(cloud.messages() - before) / 10:.0f}"
            left = []
            for victim in victims:
                devices.stdin.write(f"kill {victim}\n")
                devices.stdin.flush()
                assert devices.stdout.readline().split() == ["killed", str(victim)]
                left.append(await gone(kv, per_device[victim]))
            kv_figures.update(leaving(left))
        finally:
            devices.stdin.close()
            devices.wait(10)

        left = []
        for victim in victims:
            cloud.gpmds[victim].kill()
            rr.devices -= 1
            left.append(await gone(rr, per_device[victim]))
        figures["request/reply"]["NATS messages/s at rest"] = measured["NATS messages/s at rest"]
        figures["request/reply"].update(leaving(left))
        figures[f"JetStream KV (ttl {args.kv_ttl:g} s, refresh {args.kv_refresh:g} s)"] = kv_figures
    finally:
        await nc.close()
    return figures


async def timings(design, entries, lookups, total):
    """Look-ups of random nodes and of missing names, and listings, through `design`."""
    names = list(entries)
    times = []
    for _ in range(lookups):
        name = random.choice(names)
        t = time.perf_counter()
        found = await design.lookup(name)
        times.append(time.perf_counter() - t)
        assert found is not None and found["port"] == entries[name]["port"], (name, found)
    figures = {"look-up, p50 / p99": milliseconds(times)}
    times = []
    for _ in range(200):
        t = time.perf_counter()
        assert await design.lookup(f"missing-{random.randrange(10**6)}") is None
        times.append(time.perf_counter() - t)
    figures["look-up of a name nobody holds, p50 / p99"] = milliseconds(times)
    times = []
    for _ in range(20):
        t = time.perf_counter()
        listed = await design.listing()
        times.append(time.perf_counter() - t)
        assert len(listed) == total, f"listed {len(listed)} of {total}"
    figures[f"listing all {total} nodes, p50 / p99"] = milliseconds(times)
    return figures


async def gone(design, entries):
    """(seconds until a look-up first says that no node of `entries` is there, seconds
    until look-ups of them begin to miss at once), from now.  A pass looks all of them
    up together; one starts every 10 ms, whether the ones before answered or not.  A
    look-up that times out counts as a miss, as in gpmd/cloud.py, but not as a prompt one."""
    started = time.monotonic()
    passes = []  # (start, end, found any)

    async def one_pass():
        begun = time.monotonic() - started
        found = [found for found in await asyncio.gather(*map(design.lookup, entries)) if found is not None]
        passes.append((begun, time.monotonic() - started, bool(found)))

    tasks = []
    while not any(not found and end - begun < 0.1 for begun, end, found in passes):
        if time.monotonic() - started > 60:
            raise SystemExit("cloud_bench: a dead device's nodes stayed for a minute")
        tasks.append(asyncio.get_running_loop().create_task(one_pass()))
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    misses = [(begun, end) for begun, end, found in passes if not found]
    listed = await design.listing()
    assert not entries.keys() & listed.keys(), "a dead device's node still listed"
    return min(end for _, end in misses), min(begun for begun, end in misses if end - begun < 0.1)


def claims(seconds, total, how):
    return f"{seconds:.1f} s, {seconds / total * 1000:.2f} ms each ({how})"


def milliseconds(times):
    return f"{percentile(times, 50) * 1000:.2f} ms / {percentile(times, 99) * 1000:.2f} ms"


def spread(seconds):
    return f"{statistics.median(seconds):.3f} s median, {max(seconds):.3f} s max"


def leaving(times):
    """The figures of gone() for several devices."""
    return {"a killed device's nodes gone (first miss)": spread([left for left, _ in times]),
            "  look-ups begun from then miss at once": spread([prompt for _, prompt in times])}


def side_by_side(figures):
    designs = list(figures)
    measures = list(figures[designs[0]])
    width = max(len(m) for m in measures) + 2
    columns = [max(len(d), *(len(figures[d][m]) for m in measures)) + 2 for d in designs]
    print()
    print(" " * width + "".join(d.ljust(c) for d, c in zip(designs, columns)))
    for m in measures:
        print(m.ljust(width) + "".join(figures[d][m].ljust(c) for d, c in zip(designs, columns)), flush=True)


def wait(ready, what, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"cloud_bench: timed out waiting for {what}")
        time.sleep(0.05)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--devices", type=int, default=50)
    p.add_argument("--per-device", type=int, default=20)
    p.add_argument("--servers", type=int, default=3)
    p.add_argument("--lookups", type=int, default=1000)
    p.add_argument("--kv", action="store_true",
                   help="also measure a JetStream key-value bucket with a time-to-live, side by side")
    p.add_argument("--kv-ttl", type=float, default=3.0, help="the bucket's time-to-live, seconds (default 3)")
    p.add_argument("--kv-refresh", type=float, default=1.0,
                   help="seconds between a key-value device's refreshes of its keys (default 1)")
    args = p.parse_args()
    if args.kv and args.devices < 5:
        p.error("--kv kills three devices besides the one step 5 kills: give --devices 5 or more")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    total = args.devices * args.per_device
    rows = []

    def report(what, value):
        rows.append((what, value))
        print(f"{what:<58} {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="cloud-bench-") as directory:
        cloud = Cloud(directory, args.servers, jetstream=args.kv)
        try:
            started = time.monotonic()
            for i in range(args.devices):
                cloud.start_gpmd(i)
            for i in range(args.devices):
                cloud.wait_gpmd(i)
            report(f"{args.devices} GPMDs started and joined ({args.servers} NATS servers)",
                   f"{time.monotonic() - started:.1f} s")
            nodes = SimulatedNodes()
            started = time.monotonic()
            for i in range(args.devices):
                for k in range(args.per_device):
                    nodes.add(f"n{i:03d}-{k:02d}", device_address(i), cloud.gpmd(i))
            claimed = time.monotonic() - started
            report(f"{total} simulated nodes registered", f"{claimed:.1f} s "
                   f"({claimed / total * 1000:.2f} ms each, name check in the cloud included)")
            listed = gpmd_client.names(gpmd=cloud.gpmd(0), timeout=30)
            assert len(listed) == total, f"listed {len(listed)} of {total}"

            # 1. a new GPMD joins and sees everyone
            newcomer = args.devices
            started = time.monotonic()
            cloud.start_gpmd(newcomer)
            cloud.wait_gpmd(newcomer)

            def sees_all():
                try:
                    return len(gpmd_client.names(gpmd=cloud.gpmd(newcomer), timeout=30)) == total
                except gpmd_client.GpmdError:
                    return False
            wait(sees_all, "the newcomer to see every node")
            report("a new GPMD: start, join, first complete listing", f"{time.monotonic() - started:.2f} s")

            # 2. bare-name look-ups of nodes on other devices
            names = list(nodes.registrations)
            times = []
            for _ in range(args.lookups):
                name = random.choice(names[args.per_device:])  # not on device 0
                t = time.perf_counter()
                found = gpmd_client.lookup(name, gpmd=cloud.gpmd(0))
                times.append(time.perf_counter() - t)
                assert found is not None and found.port == nodes.registrations[name].port
            report("bare-name look-up (other device), p50 / p99",
                   f"{percentile(times, 50) * 1000:.2f} ms / {percentile(times, 99) * 1000:.2f} ms")
            times = []
            for _ in range(200):
                t = time.perf_counter()
                gpmd_client.lookup(f"missing-{random.randrange(10**6)}", gpmd=cloud.gpmd(0))
                times.append(time.perf_counter() - t)
            report("look-up of a name nobody holds, p50 / p99",
                   f"{percentile(times, 50) * 1000:.2f} ms / {percentile(times, 99) * 1000:.2f} ms")

            # ping a node found by its bare name: the simulated nodes speak the node protocol
            pings = []
            for name in random.sample(names, min(50, len(names))):
                with connect(name, gpmd=cloud.gpmd(0), cookie=COOKIE.encode()) as node:
                    pings.append(node.ping())
            report("ping of a node found by bare name, p50", f"{percentile(pings, 50) * 1000:.2f} ms")

            # 3. listing the whole cloud
            times = []
            for i in range(20):
                t = time.perf_counter()
                assert len(gpmd_client.names(gpmd=cloud.gpmd(i % args.devices), timeout=30)) == total
                times.append(time.perf_counter() - t)
            report(f"listing all {total} nodes (gvm.dist.nodes), p50 / p99",
                   f"{percentile(times, 50) * 1000:.1f} ms / {percentile(times, 99) * 1000:.1f} ms")
            t = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "gvm", "nodes", "--gpmd", f"{device_address(1)}:{cloud.port}"],
                                 capture_output=True, text=True, env=cloud.env)
            assert out.returncode == 0 and len(out.stdout.splitlines()) == total + 1, out.stderr
            report("`gvm nodes` command, whole cloud (process start included)", f"{time.perf_counter() - t:.2f} s")

            # 4. NATS messages at rest
            before = cloud.messages()
            time.sleep(10)
            at_rest = f"{(cloud.messages() - before) / 10:.1f}"
            report("NATS messages per second at rest (all servers)", at_rest)

            if args.kv:
                measured = {"claim every name": claims(claimed, total, "registration at a GPMD"),
                            "NATS messages/s at rest": at_rest}
                side_by_side(asyncio.run(compare(cloud, args, measured)))

            # 5. a dead device leaves
            victim = args.devices - 1
            victims = {n for n in names if n.startswith(f"n{victim:03d}-")}
            cloud.gpmds[victim].kill()
            killed = time.monotonic()
            wait(lambda: not victims & {n.name for n in gpmd_client.names(gpmd=cloud.gpmd(0), timeout=30)},
                 "the dead device to leave")
            report("a killed device gone from another's listing", f"{time.monotonic() - killed:.2f} s")
        finally:
            cloud.close()


if __name__ == "__main__":
    main()
