"""The cloud's registry, two designs side by side at the NATS level (for cloud_bench.py).

Issue 16 left the design open: "NATS request/reply, scatter-gather for lists, or
a JetStream key-value bucket with a time-to-live: your choice, measured".  The
cloud (gpmd/cloud.py) does the first; this module asks it the way a GPMD does,
and simulates the second on the same NATS cluster, so that both answer the same
questions from the same client:

  RequestReply   look-up: a request to gpmd.v1.node.NAME, answered by the real GPMD
                 holding NAME; listing: gpmd.v1.list, gathered until every device
                 answered; a device leaves when its connection (its subscriptions) goes.
  KeyValue       a bucket with one key per node (a JSON entry like the GPMDs' answers),
                 a bucket-wide time-to-live `ttl`; look-up: a get; listing: a watch of
                 every key's last value.  Each device (KvDevice) claims its names with
                 create (so the first claimant wins, atomically), and puts them again
                 every `refresh` seconds: a device leaves when it stops, its keys
                 expiring `ttl` after its last refresh.  nats-server 2.9 has no
                 per-key TTL, so every key needs refreshing, not one per device.

The key-value devices run in a process of their own (`python registry_designs.py`,
driven through stdin by kv_devices()), as the GPMDs do, so that their refreshes
do not share an event loop with the client that times the look-ups.
"""

import asyncio
import json
import subprocess
import sys
import time

import nats
import nats.errors
import nats.js.api
import nats.js.errors

BUCKET = "gpmd-nodes"
GATHER_TIMEOUT = 1.0  # as gpmd/cloud.py: a listing waits this long for a silent device (or bucket)


class RequestReply:
    """The design in use, asked through NATS as one GPMD asks the others."""

    def __init__(self, nc, devices):
        self.nc = nc
        self.devices = devices  # how many GPMDs answer a listing

    async def lookup(self, name):
        try:
            msg = await self.nc.request(f"gpmd.v1.node.{name}", b"", timeout=1.0)
        except (nats.errors.NoRespondersError, nats.errors.TimeoutError):
            return None  # as gpmd/cloud.py: a holder dying mid-request times out
        return json.loads(msg.data)

    async def listing(self):
        """Every node of every device that answers, as {name: entry}."""
        answers = []
        done = asyncio.Event()

        async def collect(msg):
            answers.append(json.loads(msg.data))
            if len(answers) >= self.devices:
                done.set()

        inbox = self.nc.new_inbox()
        sub = await self.nc.subscribe(inbox, cb=collect)
        try:
            await self.nc.publish("gpmd.v1.list", b"", reply=inbox)
            try:
                await asyncio.wait_for(done.wait(), GATHER_TIMEOUT)
            except asyncio.TimeoutError:
                pass  # a device gone: the listing is what answered
        finally:
            await sub.unsubscribe()
        return {node["name"]: node for answer in answers for node in answer["nodes"]}


class KeyValue:
    """The alternative: a JetStream key-value bucket with a time-to-live."""

    def __init__(self, js, kv):
        self.js, self.kv = js, kv

    @classmethod
    async def create(cls, nc, ttl, replicas):
        js = nc.jetstream()
        for _ in range(100):  # a new cluster elects its JetStream leader first
            try:
                return cls(js, await js.create_key_value(bucket=BUCKET, ttl=ttl, history=1, replicas=replicas,
                                                     direct=True))
            except (nats.js.errors.ServiceUnavailableError, nats.js.errors.APIError, nats.errors.TimeoutError):
                await asyncio.sleep(0.2)
        raise SystemExit("cloud_bench: JetStream did not come up (nats-server -js)")

    async def lookup(self, name):
        try:
            entry = await self.kv.get(name)
        except nats.js.errors.KeyNotFoundError:
            return None
        return json.loads(entry.value)

    async def listing(self):
        """The last value of every key, through an ordered consumer, until the server
        says none is pending.  (nats-py's own kv.watchall() may signal the end before
        the first value when values arrive while it asks how many there are: it
        listed 0 of 24 keys here once.)"""
        nodes = {}
        done = asyncio.Event()
        prefix = f"$KV.{BUCKET}."

        async def collect(msg):
            nodes[msg.subject[len(prefix):]] = json.loads(msg.data)
            if msg.metadata.num_pending == 0:
                done.set()

        sub = await self.js.subscribe(f"{prefix}>", cb=collect, ordered_consumer=True,
                                      deliver_policy=nats.js.api.DeliverPolicy.LAST_PER_SUBJECT)
        try:
            await asyncio.wait_for(done.wait(), GATHER_TIMEOUT)
        except asyncio.TimeoutError:
            pass  # an empty bucket: nothing is ever delivered
        finally:
            await sub.unsubscribe()
        return nodes


class KvDevice:
    """One device of the key-value design: its own NATS connection, its nodes' keys,
    and the refresh that keeps them alive until it stops."""

    def __init__(self, url, auth, entries, refresh):
        self.url, self.auth = url, auth
        self.entries = entries  # name -> entry (dict)
        self.refresh = refresh
        self.nc = self.kv = self.task = None

    async def start(self):
        """Connect and claim every name (KeyWrongLastSequenceError: held by another device)."""
        self.nc = await nats.connect(self.url, **self.auth)
        self.kv = await self.nc.jetstream().key_value(BUCKET)
        for name, entry in self.entries.items():
            await self.kv.create(name, json.dumps(entry).encode())
        self.task = asyncio.get_running_loop().create_task(self._keep_alive())

    async def _keep_alive(self):
        while True:
            await asyncio.sleep(self.refresh)
            for name, entry in self.entries.items():
                await self.kv.put(name, json.dumps(entry).encode())

    async def kill(self):
        """Die: no more refreshes, the connection gone (its keys stay until they expire)."""
        self.task.cancel()
        await self.nc.close()


def kv_devices(urls, auth, devices, refresh):
    """Start the key-value devices in a process of their own; `devices`: one {name: entry}
    each.  Returns (the process, seconds the claims took); the line "kill I" written
    to its stdin kills device I, which it confirms with the line "killed I"."""
    process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    process.stdin.write(json.dumps({"urls": urls, "auth": auth, "devices": devices, "refresh": refresh}) + "\n")
    process.stdin.flush()
    ready = process.stdout.readline().split()
    if ready[:1] != ["ready"]:
        raise SystemExit("cloud_bench: the key-value devices did not start")
    return process, float(ready[1])


async def _serve_devices():
    loop = asyncio.get_running_loop()
    config = json.loads(await loop.run_in_executor(None, sys.stdin.readline))
    urls = config["urls"]
    devices = [KvDevice(urls[i % len(urls)], config["auth"], entries, config["refresh"])
               for i, entries in enumerate(config["devices"])]
    started = time.perf_counter()
    for device in devices:
        await device.start()
    print("ready", time.perf_counter() - started, flush=True)
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        i = int(line.split()[1])
        await devices[i].kill()
        print("killed", i, flush=True)


if __name__ == "__main__":
    asyncio.run(_serve_devices())
