"""One cloud over many devices: this GPMD's link to the others, through NATS.

A GPMD alone knows only its own nodes (server.py).  Joined to a cloud, it also
answers for them to every other GPMD of the cloud, and asks them about theirs.
Nothing is stored anywhere but in each GPMD: a registration still lives exactly
as long as its node's connection, and the cloud only ever asks the GPMD that
holds it.  The subjects (protocol version 1, docs/gpmd-protocol.md):

    gpmd.v1.node.NAME   request/reply; subscribed by the one GPMD holding NAME,
                        which answers with the node as JSON.  No subscriber: NATS
                        answers "no responders" at once, so a miss costs one round
                        trip, like a hit.
    gpmd.v1.list        scatter-gather; every GPMD answers with its device and its
                        nodes as JSON.  The asker gathers until every device of its
                        last gathering answered (and a short quiet time passed), or
                        GATHER_TIMEOUT.

So a device leaves the cloud the moment NATS drops its subscriptions: at once when
its GPMD dies (its connection closes), and within the server's ping time-out
(nats-server `ping_interval` 1 s, `ping_max` 2: natsconf.py) when it loses the
network.  A GPMD that loses NATS answers for its own nodes only until NATS is
back (nats-py reconnects and subscribes again by itself).  Nothing is published
at rest: the cloud costs NATS's own pings and nothing more.

nats-py is imported only here and in natslink.py (the client that keeps the
credentials off plain text), and these only when a cloud is configured.
"""

import asyncio
import json
import logging
import ssl
import time

log = logging.getLogger("gpmd")

SUBJECT_PREFIX = "gpmd.v1"
JOIN_TIMEOUT = 10.0  # seconds to reach a NATS server of the cloud at start-up
LOOKUP_TIMEOUT = 1.0  # seconds for the holder of a name to answer
DUPLICATE_WINDOW = 0.2  # seconds to gather every holder of a name that may be contested
GATHER_TIMEOUT = 1.0  # seconds a listing waits for devices that do not answer
GATHER_QUIET = 0.02  # seconds of silence after the expected answers, for newcomers
PING_INTERVAL = 1.0  # the client's pings to its NATS server: it notices a lost server
MAX_OUTSTANDING_PINGS = 2  # within about 3 s, and leaves the cloud


class CloudError(Exception):
    """The cloud cannot be joined as configured (no nats-py, no credentials, ...)."""


class Contested(Exception):
    """A name is held on several devices (registered while they could not see each other)."""

    def __init__(self, name, devices):
        super().__init__(f"name taken on {len(devices)} devices: {name} is on {' and '.join(devices)}")
        self.devices = devices


class Cloud:
    """This GPMD's membership of a cloud: `servers` (NATS URLs), `user` and
    `password` to authenticate, `tls` an ssl.SSLContext or None, `device` the
    address this device's nodes are reached at."""

    def __init__(self, servers, user, password, tls, device, registry, gpmd_port):
        self.servers = list(servers)
        self.device = device
        self._auth = dict(user=user, password=password)
        self._tls = tls
        self._registry = registry
        self._gpmd_port = gpmd_port
        self._nc = None
        self._names = {}  # name -> its NATS subscription, for local nodes
        self._devices = set()  # the devices that answered the last gathering
        self._join_errors = None  # while joining: what went wrong so far
        self._contested = set()  # names of this device's nodes that another device holds too
        self._tasks = set()

    @property
    def joined(self):
        return self._nc is not None and self._nc.is_connected

    async def join(self):
        """Connect to NATS and answer for this device; CloudError if no server takes us."""
        try:
            from gpmd import natslink
        except ImportError:
            raise CloudError("joining a cloud needs nats-py: pip install 'ghost-gvm[cloud]'") from None
        # nats-py retries for ever (as it must once joined: NATS may restart); while
        # joining, a refusal (of our credentials, of the server's certificate, of a
        # server without TLS) ends the attempt at once, and any other failure (no
        # server yet: it may be starting) after JOIN_TIMEOUT.
        self._join_errors = []
        nc = natslink.Client()
        connecting = asyncio.create_task(nc.connect(
            servers=self.servers, name=f"gpmd {self.device}", tls=self._tls, connect_timeout=3,
            allow_reconnect=True, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
            ping_interval=PING_INTERVAL, max_outstanding_pings=MAX_OUTSTANDING_PINGS,
            disconnected_cb=self._disconnected, reconnected_cb=self._reconnected,
            error_cb=self._error, **self._auth))
        deadline = time.monotonic() + JOIN_TIMEOUT
        while not connecting.done() and time.monotonic() < deadline and self._refusal() is None:
            await asyncio.wait({connecting}, timeout=0.05)
        failure = None
        if not connecting.done():
            connecting.cancel()
            error = self._refusal() or (self._join_errors[-1] if self._join_errors else None)
            failure = f"no answer in {JOIN_TIMEOUT:g} s" if error is None else _explain(error)
        elif connecting.exception() is not None:
            failure = _explain(connecting.exception())
        self._join_errors = None
        if failure is not None:
            await _close(nc)
            raise CloudError(f"cannot join the cloud at {', '.join(self.servers)}: {failure}")
        self._nc = nc
        await self._nc.subscribe(f"{SUBJECT_PREFIX}.list", cb=self._answer_list)
        for node in self._registry.nodes():
            await self.announce(node)
        log.info("joined the cloud at %s as device %s", self._nc.connected_url.netloc, self.device)

    async def leave(self):
        if self._nc is not None:
            nc, self._nc = self._nc, None
            try:
                await nc.close()
            except Exception as e:  # noqa: BLE001 - leaving must not fail
                log.warning("leaving the cloud: %s", _explain(e))

    # --- this device's nodes ---------------------------------------------------------

    async def holder(self, name):
        """The device that holds `name` elsewhere in the cloud, or None."""
        found = await self._ask(name)
        return None if found is None else found["host"]

    async def announce(self, node):
        """Answer look-ups of `node` from now on."""
        if self._nc is None:
            return

        async def answer(msg):
            if msg.data and json.loads(msg.data).get("holder", self.device) != self.device:
                self._contested.add(node.name)  # another holder checking: it holds the name too
            entry = self._entry(node)
            if node.name in self._contested:
                entry["contested"] = True
            await msg.respond(json.dumps(entry).encode())

        self._names[node.name] = await self._nc.subscribe(f"{SUBJECT_PREFIX}.node.{node.name}", cb=answer)
        self._later(self._check_unique(node.name))

    async def _check_unique(self, name):
        """Two devices that claimed one name at the same moment, or while cut off from
        each other, both hold it: each finds the other here, and marks the name
        contested, so that look-ups gather every holder and fail naming them."""
        holders = await self.holders(name, holder=True)
        if name not in self._names:
            return
        if len(holders) > 1:
            self._contested.add(name)
            log.warning("name %s is held on devices %s: look-ups of it fail until all but one let it go",
                        name, ", ".join(holders))
        # Never cleared here: another holder's check may have marked it meanwhile.
        # A look-up that finds a single holder clears it (check_contested).

    async def holders(self, name, holder=False):
        """Every device holding `name` now, this one included, sorted: gathered for
        DUPLICATE_WINDOW seconds.  `holder`: we hold it ourselves, and say so, so
        that every other holder marks it contested too (the two may not check at
        the same moment)."""
        if not self.joined:
            return []
        answers = []

        async def collect(msg):
            answers.append(json.loads(msg.data)["host"])

        inbox = self._nc.new_inbox()
        sub = await self._nc.subscribe(inbox, cb=collect)
        try:
            payload = json.dumps({"holder": self.device}).encode() if holder else b""
            await self._nc.publish(f"{SUBJECT_PREFIX}.node.{name}", payload, reply=inbox)
            await asyncio.sleep(DUPLICATE_WINDOW)
        finally:
            await _unsubscribe(sub)
        return sorted(set(answers))

    def _later(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._tasks.discard)

    async def withdraw(self, node):
        self._contested.discard(node.name)
        sub = self._names.pop(node.name, None)
        if sub is not None and self._nc is not None:
            try:
                await sub.unsubscribe()
            except Exception as e:  # noqa: BLE001 - the connection is gone: so is the subscription
                log.info("withdrawing %s: %s", node.name, _explain(e))

    def _entry(self, node):
        return {"name": node.name, "host": self.device, "port": node.port, "creation": node.creation,
                "meta": node.meta}

    # --- the others' nodes -----------------------------------------------------------

    async def lookup(self, name):
        """The node called `name` elsewhere in the cloud, as a dict, or None;
        Contested if several devices hold it."""
        found = await self._ask(name)
        if found is not None and found.get("contested"):
            await self.check_contested(name)
        return found

    async def check_contested(self, name):
        """Contested if `name` is held on several devices now."""
        holders = await self.holders(name)
        if len(holders) > 1:
            raise Contested(name, holders)
        self._contested.discard(name)  # the others let it go

    async def _ask(self, name):
        if not self.joined:
            return None
        import nats.errors
        try:
            msg = await self._nc.request(f"{SUBJECT_PREFIX}.node.{name}", b"", timeout=LOOKUP_TIMEOUT)
        except nats.errors.NoRespondersError:
            return None
        except (nats.errors.TimeoutError, nats.errors.ConnectionClosedError, asyncio.TimeoutError) as e:
            log.warning("look-up of %s in the cloud: %s", name, _explain(e))
            return None
        return json.loads(msg.data)

    async def gather(self):
        """Every other device's answer to a listing: a list of {"device", "gpmd_port", "nodes"}."""
        if not self.joined:
            return []
        answers = {}
        done = asyncio.Event()
        expected = set(self._devices)
        quiet = [None]

        async def collect(msg):
            answer = json.loads(msg.data)
            if answer["device"] == self.device:
                return
            answers[answer["device"]] = answer
            if expected <= answers.keys():
                if quiet[0] is not None:
                    quiet[0].cancel()
                quiet[0] = asyncio.get_running_loop().call_later(GATHER_QUIET, done.set)

        inbox = self._nc.new_inbox()
        sub = await self._nc.subscribe(inbox, cb=collect)
        try:
            await self._nc.publish(f"{SUBJECT_PREFIX}.list", b"", reply=inbox)
            if not expected:  # nobody known yet: the quiet time starts now
                quiet[0] = asyncio.get_running_loop().call_later(GATHER_QUIET * 10, done.set)
            try:
                await asyncio.wait_for(done.wait(), GATHER_TIMEOUT)
            except asyncio.TimeoutError:
                pass
        finally:
            if quiet[0] is not None:
                quiet[0].cancel()
            await _unsubscribe(sub)
        self._devices = set(answers)
        return sorted(answers.values(), key=lambda answer: answer["device"])

    async def _answer_list(self, msg):
        nodes = [self._entry(node) for node in self._registry.nodes()]
        answer = {"device": self.device, "gpmd_port": self._gpmd_port, "time": time.time(), "nodes": nodes}
        await msg.respond(json.dumps(answer).encode())

    # --- connection events -----------------------------------------------------------

    async def _disconnected(self):
        log.warning("lost the cloud's NATS server: answering for this device only until it is back")

    async def _reconnected(self):
        log.info("back in the cloud through %s", self._nc.connected_url.netloc)
        for name in list(self._names):  # claimed by another device while we were away?
            self._later(self._check_unique(name))

    def contested(self, name):
        """Whether this device's node `name` is known to be held elsewhere too."""
        return name in self._contested

    async def _error(self, error):
        if self._join_errors is not None:
            self._join_errors.append(error)
        else:
            log.warning("cloud: %s", _explain(error))

    def _refusal(self):
        """The error, while joining, that retrying cannot mend: a refusal of our
        credentials, an untrusted certificate, a server without TLS; or None."""
        from gpmd.natslink import PlainTextRefused
        return next((error for error in self._join_errors
                     if isinstance(error, (ssl.SSLCertVerificationError, PlainTextRefused))
                     or "authorization" in str(error).lower()), None)


async def _close(nc):
    try:
        await nc.close()
    except Exception:  # noqa: BLE001 - a connection that never was: nothing to close
        pass


async def _unsubscribe(sub):
    try:
        await sub.unsubscribe()
    except Exception:  # noqa: BLE001 - lost connection: the subscription went with it
        pass


def _explain(error):
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"the NATS server's TLS certificate is not trusted ({error.verify_message}): "
                "give the CA that signed it (--cloud-tls-ca FILE, or ca: in ghost.yaml)")
    text = str(error) or type(error).__name__
    return text.strip().replace("\n", " ")
