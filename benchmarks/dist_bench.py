"""Benchmarks of the distribution layer, on 127.0.0.1; prints the results and writes
benchmarks/DIST_RESULTS.md.

    python benchmarks/dist_bench.py [--quick]

Measured, each against real processes (a GPMD, `python -m gvm node`):

  1. the round trip of a trivial remote call (math.add), p50 and p99, with the
     default worker processes and with --workers 0 (calls in the node's process);
     and of a call that writes to a 16 MiB memory (memory.poke), which the node
     puts back as it was after every call (gvm/dist/pristine.py);
  2. calls per second to one node with 1 and 8 concurrent callers (8 threads
     sharing one client in one process, and 8 caller processes);
  3. GPMD look-ups per second (one connection each, as gpmd.client does);
  4. 1,000 registrations held open at once: the time to register them all, and
     to list them;
  5. gvm.dist.map of a CPU-heavy function over 2 nodes against 1 node (each with
     one worker process), and the speed-up.

The machine may be shared: each measure of 1, 2 and 5 is the best of ROUNDS
rounds, and the load average before and after is reported with the results.
"""

import argparse
import multiprocessing
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gvm  # noqa: E402
import gvm.dist  # noqa: E402
from gpmd import client as gpmd_client  # noqa: E402

RESULTS = ROOT / "benchmarks" / "DIST_RESULTS.md"
ROUNDS = 3
SECRET = "benchmark-cookie"

MATH = """(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "spin") (param i64) (result i64) (local i64)
    (loop (local.set 1 (i64.add (local.get 1) (i64.const 1)))
          (br_if 0 (i64.lt_u (local.get 1) (local.get 0))))
    local.get 1))"""


# A C program's memory: 257 pages (16 MiB), a data segment; poke writes a word.
MEMORY = """(module (memory (export "memory") 257)
  (data (i32.const 1024) "initial data")
  (func (export "poke") (param i32 i32) (result i32)
    (i32.store (local.get 0) (local.get 1)) (i32.load (i32.const 1024))))"""


def wat(source):
    tools = Path(sys.executable).parent / "wasm-tools"
    made = subprocess.run([str(tools) if tools.exists() else "wasm-tools", "parse", "-", "-o", "/dev/stdout"],
                          input=source.encode(), capture_output=True, check=True)
    return made.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A GPMD and nodes in a temporary directory, all stopped by close()."""

    def __init__(self, directory):
        self.dir = Path(directory)
        (self.dir / "math.wasm").write_bytes(wat(MATH))
        (self.dir / "memory.wasm").write_bytes(wat(MEMORY))
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(self.dir), GHOST_COOKIE=SECRET)
        self.env.pop("GPMD_PORT", None)
        self.port = free_port()
        self.gpmd = ("127.0.0.1", self.port)
        self.processes = [self._spawn([sys.executable, "-m", "gpmd", "--port", str(self.port)])]
        self._wait(lambda: _answers(self.gpmd))

    def node(self, name, workers=None):
        argv = [sys.executable, "-m", "gvm", "node", "--name", name, "--gpmd", f"127.0.0.1:{self.port}",
                "--path", str(self.dir)]
        if workers is not None:
            argv += ["--workers", str(workers)]
        self.processes.append(self._spawn(argv))
        self._wait(lambda: gpmd_client.lookup(name, gpmd=self.gpmd) is not None)
        return name

    def connect(self, name):
        return gvm.dist.connect(name, gpmd=self.gpmd, cookie=SECRET)

    def _spawn(self, argv):
        return subprocess.Popen(argv, env=self.env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)

    def _wait(self, ready, timeout=60):
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError("a process of the benchmark did not start")
            time.sleep(0.05)

    def close(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            process.wait()


def _answers(gpmd):
    try:
        gpmd_client.names(gpmd=gpmd, timeout=1)
        return True
    except gpmd_client.GpmdError:
        return False


# --- 1. round trip -------------------------------------------------------------------


def round_trip(client, count, target="math.add"):
    """Percentiles (µs) of the round trip of target(i, 2): math.add, or memory.poke
    (i is then where in its memory it writes, in the first 64 KiB)."""
    for _ in range(200):
        client.call(target, 4, 2)
    times = []
    for i in range(count):
        start = time.perf_counter()
        client.call(target, 4 * (i % 16384), 2)
        times.append(time.perf_counter() - start)
    times.sort()
    return {p: times[int(len(times) * p / 100)] * 1e6 for p in (50, 99)}


# --- 2. throughput ---------------------------------------------------------------------


def calls_per_second_threads(client, callers, seconds):
    counts = [0] * callers
    stop = time.monotonic() + seconds

    def caller(i):
        while time.monotonic() < stop:
            client.call("math.add", i, 1)
            counts[i] += 1

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - start)


def _caller_process(gpmd, node, seconds, start_at, results):
    client = gvm.dist.connect(node, gpmd=gpmd, cookie=SECRET)
    client.call("math.add", 0, 0)
    while time.time() < start_at:
        time.sleep(0.001)
    count, stop = 0, start_at + seconds
    while time.time() < stop:
        client.call("math.add", count, 1)
        count += 1
    results.put(count)


def calls_per_second_processes(gpmd, node, callers, seconds):
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 3.0  # after every caller has started and connected
    processes = [context.Process(target=_caller_process, args=(gpmd, node, seconds, start_at, results))
                 for _ in range(callers)]
    for p in processes:
        p.start()
    total = sum(results.get(timeout=60) for _ in processes)
    for p in processes:
        p.join()
    return total / seconds


# --- 3. and 4. GPMD ----------------------------------------------------------------------


def lookups_per_second(gpmd, name, seconds):
    count, stop = 0, time.monotonic() + seconds
    start = time.monotonic()
    while time.monotonic() < stop:
        gpmd_client.lookup(name, gpmd=gpmd)
        count += 1
    return count / (time.monotonic() - start)


def thousand_registrations(gpmd, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
    start = time.perf_counter()
    registrations = [gpmd_client.register(f"bench-{i}", 10000 + i % 50000, {"i": i}, gpmd=gpmd)
                     for i in range(count)]
    registered = time.perf_counter() - start
    start = time.perf_counter()
    listed = [n for n in gpmd_client.names(gpmd=gpmd) if n.name.startswith("bench-")]
    listing = time.perf_counter() - start
    assert len(listed) == count
    for r in registrations:
        r.close()
    return registered, listing


# --- 5. map --------------------------------------------------------------------------------


def map_seconds(cluster, nodes, iterations, calls):
    start = time.perf_counter()
    results = gvm.dist.map("math.spin", [(iterations,)] * calls, nodes=nodes, gpmd=cluster.gpmd, cookie=SECRET)
    elapsed = time.perf_counter() - start
    assert results == [iterations] * calls
    return elapsed


def spin_iterations(seconds):
    """How many iterations of math.spin take `seconds` with the default engine."""
    spin = gvm.instantiate(wat(MATH)).exports.spin
    spin(1000)
    start = time.perf_counter()
    spin(200_000)
    return int(200_000 * seconds / (time.perf_counter() - start))


def machine_speed():
    """Milliseconds for a fixed piece of pure Python: on a shared virtual machine the
    same code runs at different speeds from one hour to the next."""
    start = time.perf_counter()
    sum(range(10**7))
    return (time.perf_counter() - start) * 1000


# --- the run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and shorter runs (a smoke test)")
    quick = parser.parse_args().quick
    count, seconds, rounds = (500, 0.5, 1) if quick else (5000, 2.0, ROUNDS)
    rows = []

    def report(what, value):
        rows.append((what, value))
        print(f"{what:62} {value}", flush=True)

    load_before, speed_before = os.getloadavg()[0], machine_speed()
    with tempfile.TemporaryDirectory() as directory:
        cluster = Cluster(directory)
        try:
            pooled = cluster.connect(cluster.node("pooled"))
            inline = cluster.connect(cluster.node("inline", workers=0))
            workers = gpmd_client.lookup("pooled", gpmd=cluster.gpmd).meta["workers"]
            for label, client in ((f"{workers} worker processes (default)", pooled),
                                  ("--workers 0 (calls in the node's process)", inline)):
                p = min((round_trip(client, count) for _ in range(rounds)), key=lambda p: p[50])
                report(f"round trip, {label}: p50 / p99", f"{p[50]:.0f} µs / {p[99]:.0f} µs")
            p = min((round_trip(pooled, count, "memory.poke") for _ in range(rounds)), key=lambda p: p[50])
            report("round trip, a write to a 16 MiB memory reset after each call: p50 / p99",
                   f"{p[50]:.0f} µs / {p[99]:.0f} µs")
            for label, client in (("default workers", pooled), ("--workers 0", inline)):
                for callers in (1, 8):
                    rate = max(calls_per_second_threads(client, callers, seconds) for _ in range(rounds))
                    report(f"calls/s, {callers} caller thread(s), {label}", f"{rate:,.0f}")
            for label, node in (("default workers", "pooled"), ("--workers 0", "inline")):
                rate = max(calls_per_second_processes(cluster.gpmd, node, 8, seconds) for _ in range(rounds))
                report(f"calls/s, 8 caller processes, {label}", f"{rate:,.0f}")
            report("GPMD look-ups/s (one connection each)", f"{lookups_per_second(cluster.gpmd, 'pooled', seconds):,.0f}")
            registered, listing = thousand_registrations(cluster.gpmd, 100 if quick else 1000)
            report(f"{100 if quick else 1000} registrations held open: register all / list",
                   f"{registered:.2f} s / {listing * 1000:.0f} ms")
            pooled.close()
            inline.close()
            iterations = spin_iterations(0.02 if quick else 0.1)
            calls = 8 if quick else 40
            one, two = cluster.node("one", workers=1), cluster.node("two", workers=1)
            map_seconds(cluster, [one, two], iterations, 4)  # warm: modules shipped and decoded
            # Interleaved, so that both see the machine at the same speed.
            single, double = float("inf"), float("inf")
            for _ in range(rounds):
                single = min(single, map_seconds(cluster, [one], iterations, calls))
                double = min(double, map_seconds(cluster, [one, two], iterations, calls))
            report(f"map of {calls} x math.spin ({single / calls * 1000:.0f} ms each): 1 node / 2 nodes",
                   f"{single:.2f} s / {double:.2f} s")
            report("map speed-up, 2 nodes over 1 (one worker each)", f"{single / double:.2f}x")
        finally:
            cluster.close()

    # Other processes on the machine slow every number down: say how busy it was.
    report("load average (1 min) before / after the run", f"{load_before:.2f} / {os.getloadavg()[0]:.2f}")
    report("machine speed: sum(range(10**7)) before / after", f"{speed_before:.0f} ms / {machine_speed():.0f} ms")
    if not quick:
        write_results(rows)


def write_results(rows):
    lines = [
        "# Distribution layer benchmarks",
        "",
        "Written by `python benchmarks/dist_bench.py`: real processes (a GPMD, `python -m gvm node`)",
        f"on 127.0.0.1; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, engine {gvm.default_engine_name()}.  Each round-trip,",
        f"calls/s and map figure is the best of {ROUNDS} rounds (the machine is shared; see the",
        "load average and the machine speed, a fixed piece of Python timed before and after).",
        "",
        "| Measure | Result |",
        "|---|---|",
        *(f"| {what} | {value} |" for what, value in rows),
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
