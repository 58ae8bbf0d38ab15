"""`gvm up`, `gvm down`, `gvm status`: a device's part of a cloud, started from ghost.yaml.

    gvm up [-f ghost.yaml]       start nats-server (if the file has `nats:`), GPMD and
                                 the nodes; supervise them until Ctrl-C or `gvm down`
    gvm down [-f ghost.yaml]     stop the `gvm up` of that file, and everything it started
    gvm status [-f ghost.yaml | --gpmd HOST:PORT]
                                 the cloud: its devices, and each node's workers,
                                 calls served and load

`gvm up` checks the whole file first (ghostfile.py) and starts nothing if it is
wrong.  It starts the processes in order, each once the one before is ready
(nats-server accepts connections, GPMD answers, a node is registered); if one
cannot start, it stops those it started and says why in one line.  Then it
supervises: a process that dies is logged with its exit status or signal and
started again after a back-off (0.5 s, doubling up to 30 s; back to 0.5 s once it
ran 30 s).  Every line a process writes is streamed with its name as a prefix.
SIGINT (Ctrl-C) or SIGTERM (`gvm down`) stops the nodes, then GPMD, then
nats-server, each with SIGTERM and, after 5 s, SIGKILL.  The children are in
sessions of their own (a terminal's Ctrl-C reaches `gvm up` only, which stops
them in that order), and each asks the kernel for SIGTERM if `gvm up` dies.

`gvm up` writes its pid to ~/.ghost/up/ID.pid (ID: a digest of the file's path),
which `gvm down` reads.
"""

import ctypes
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time

from gpmd import client as gpmd_client
from gpmd import credentials
from gpmd.cloud import CloudError
from gpmd.errors import GpmdError

from ..cli.argparser import Parser
from ..cli.errors import CliError
from .ghostfile import GhostFile, GhostFileError

READY_TIMEOUT = 30.0  # for each process to be ready at start-up
STOP_TIMEOUT = 5.0  # between SIGTERM and SIGKILL when stopping
BACKOFF_FIRST, BACKOFF_MAX, HEALTHY_AFTER = 0.5, 30.0, 30.0
_PR_SET_PDEATHSIG = 1


def main(options):
    """`gvm up|down|status ...`, as gvm/cli dispatches subcommands."""
    return {"up": main_up, "down": main_down, "status": main_status}[options.target](options.args)


def _file_parser(prog, description):
    p = Parser(prog=prog, description=description)
    p.add_argument("-f", "--file", default="ghost.yaml", metavar="FILE", help="the cloud file (default ghost.yaml)")
    return p


def _load(path):
    try:
        return GhostFile(path)
    except GhostFileError as e:
        raise CliError(str(e)) from None


def pid_path(ghost_file):
    digest = hashlib.sha256(ghost_file.encode()).hexdigest()[:16]
    return os.path.join(os.path.expanduser("~"), ".ghost", "up", f"{digest}.pid")


# --- gvm up ----------------------------------------------------------------------------------


def main_up(argv):
    args = _file_parser("gvm up", "Start this device's part of the cloud that ghost.yaml declares.").parse_args(argv)
    spec = _load(args.file)
    plan = _plan(spec)  # everything checked before anything starts
    pidfile = pid_path(spec.path)
    if _running(pidfile):
        raise CliError(f"{args.file} is already up (pid {_read_pid(pidfile)}): gvm down -f {args.file} first")
    os.makedirs(os.path.dirname(pidfile), mode=0o700, exist_ok=True)
    with open(pidfile, "w") as f:
        f.write(f"{os.getpid()}\n")
    try:
        return Supervisor(plan).run()
    finally:
        os.unlink(pidfile)


class Program:
    """One process `gvm up` keeps running: its name, its command, and when it is ready."""

    def __init__(self, name, argv, ready):
        self.name = name
        self.argv = argv
        self.ready = ready  # () -> bool
        self.process = None
        self.started = 0.0
        self.backoff = BACKOFF_FIRST
        self.restart_at = None
        self.last_line = ""


def _plan(spec):
    """The Programs of the file, in start order; CliError for what cannot work."""
    python = sys.executable
    plan = []
    run_dir = os.path.join(os.path.dirname(pid_path(spec.path)), os.path.basename(pid_path(spec.path))[:-4])
    try:
        creds = _cloud_credentials(spec) if spec.cloud else None
        if spec.nats is not None:
            from gpmd import natsconf
            server = natsconf.find_server()
            user, password = credentials.load(creds)
            os.makedirs(run_dir, mode=0o700, exist_ok=True)
            config = os.path.join(run_dir, "nats.conf")
            n = spec.nats
            fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the password
            with os.fdopen(fd, "w") as f:
                tls_cert, tls_key = n["tls"] or (None, None)
                f.write(natsconf.server_config(n["listen"], n["port"], user, password, n["cluster_port"], n["routes"],
                                               tls_cert=tls_cert, tls_key=tls_key, route_tls=n["route_tls"]))
            plan.append(Program("nats", [server, "-c", config], lambda: _connectable(n["listen"], n["port"])))
        if spec.cloud:
            credentials.tls_for(spec.cloud, spec.cloud_ca)
            credentials.load(creds)
    except CloudError as e:
        raise CliError(str(e)) from None
    argv = [python, "-m", "gpmd", "--bind", spec.bind, "--port", str(spec.port)]
    for url in spec.cloud:
        argv += ["--cloud", url]
    if spec.cloud:
        argv += ["--cloud-credentials", creds]
    if spec.cloud_ca:
        argv += ["--cloud-tls-ca", spec.cloud_ca]
    if spec.advertise:
        argv += ["--advertise", spec.advertise]
    reach = _reachable(spec.bind)
    plan.append(Program("gpmd", argv, lambda: _answers((reach, spec.port))))
    for node in spec.nodes:
        argv = [python, "-m", "gvm", "node", "--name", node["name"], "--gpmd", f"{reach}:{spec.port}",
                "--bind", spec.advertise or spec.bind]
        for directory in node["path"]:
            argv += ["--path", directory]
        for key in ("workers", "max_memory", "call_timeout"):
            if key in node:
                argv += [f"--{key.replace('_', '-')}", str(node[key])]
        if spec.cookie:
            argv += ["--cookie-file", spec.cookie]
        plan.append(Program(node["name"], argv, lambda name=node["name"]: _registered(name, (reach, spec.port))))
    return plan


def _cloud_credentials(spec):
    """The credentials file; a hub (a device that runs nats-server) makes it if missing."""
    path = spec.cloud_credentials or credentials.default_path()
    if spec.nats is not None and not os.path.exists(path):
        credentials.write(path, "ghost", secrets.token_hex(16))
    return path


def _reachable(bind):
    return "127.0.0.1" if bind in ("", "0.0.0.0") else "::1" if bind == "::" else bind


def _connectable(host, port):
    import socket
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _answers(gpmd):
    try:
        gpmd_client.names_here(gpmd=gpmd, timeout=1.0)
        return True
    except GpmdError:
        return False


def _registered(name, gpmd):
    try:
        return gpmd_client.lookup_here(name, gpmd=gpmd, timeout=1.0) is not None
    except GpmdError:
        return False


class Supervisor:
    """Starts the plan, restarts what dies, streams the logs, stops it all on a signal."""

    def __init__(self, plan):
        self.plan = plan
        self.stopping = threading.Event()
        self._print = threading.Lock()
        self._width = max(len(p.name) for p in plan)

    def say(self, name, line):
        with self._print:
            sys.stdout.write(f"{name.ljust(self._width)} | {line}\n")
            sys.stdout.flush()

    def run(self):
        previous = {s: signal.signal(s, lambda *_: self.stopping.set()) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            for program in self.plan:
                failure = self._start_and_wait(program)
                if failure:
                    self.say("up", failure)
                    raise CliError(failure)
                if self.stopping.is_set():
                    return 0
            self.say("up", f"up: {', '.join(p.name for p in self.plan)} (gvm down or Ctrl-C stops them)")
            while not self.stopping.wait(0.2):
                self._supervise()
            return 0
        finally:
            self._stop_all()
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _start(self, program):
        program.process = subprocess.Popen(program.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, start_new_session=True,
                                           preexec_fn=_die_with_parent)
        program.started = time.monotonic()
        program.restart_at = None
        threading.Thread(target=self._stream, args=(program, program.process.stdout), daemon=True).start()

    def _stream(self, program, pipe):
        for raw in pipe:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            program.last_line = line
            self.say(program.name, line)
        pipe.close()

    def _start_and_wait(self, program):
        """None once `program` is ready; else why it is not."""
        self._start(program)
        deadline = time.monotonic() + READY_TIMEOUT
        while not program.ready():
            if self.stopping.is_set():
                return None
            status = program.process.poll()
            if status is not None:
                program.process.wait()
                time.sleep(0.1)  # its last lines
                return f"{program.name} did not start: it {_death(status)}: {program.last_line.strip()}"
            if time.monotonic() > deadline:
                return f"{program.name} was not ready within {READY_TIMEOUT:g} s: {program.last_line.strip()}"
            time.sleep(0.05)
        return None

    def _supervise(self):
        now = time.monotonic()
        for program in self.plan:
            if program.restart_at is not None:
                if now >= program.restart_at:
                    self.say("up", f"restarting {program.name}")
                    self._start(program)
                continue
            status = program.process.poll()
            if status is None:
                continue
            if now - program.started >= HEALTHY_AFTER:
                program.backoff = BACKOFF_FIRST
            self.say("up", f"{program.name} died: it {_death(status)}; restarting in {program.backoff:g} s")
            program.restart_at = now + program.backoff
            program.backoff = min(program.backoff * 2, BACKOFF_MAX)

    def _stop_all(self):
        """The nodes first, then GPMD, then nats-server: none left behind."""
        for program in reversed(self.plan):
            process = program.process
            if process is None or process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.say("up", f"{program.name} did not stop within {STOP_TIMEOUT:g} s: killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            try:
                os.killpg(process.pid, signal.SIGKILL)  # anything it left in its session
            except (ProcessLookupError, PermissionError):
                pass
        self.say("up", "stopped")


def _death(status):
    if status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"exited with status {status}"


def _die_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _running(pidfile):
    pid = _read_pid(pidfile)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _read_pid(pidfile):
    try:
        with open(pidfile) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


# --- gvm down --------------------------------------------------------------------------------


def main_down(argv):
    args = _file_parser("gvm down", "Stop the `gvm up` of a cloud file and all it started.").parse_args(argv)
    path = os.path.abspath(args.file)
    pidfile = pid_path(path)
    pid = _read_pid(pidfile)
    if pid is None or not _running(pidfile):
        raise CliError(f"{args.file} is not up")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT * 4
    while _running(pidfile) and os.path.exists(pidfile):
        if time.monotonic() > deadline:
            raise CliError(f"gvm up (pid {pid}) did not stop within {STOP_TIMEOUT * 4:g} s")
        time.sleep(0.05)
    print(f"gvm down: {args.file} stopped")
    return 0


# --- gvm status ------------------------------------------------------------------------------


def main_status(argv):
    p = _file_parser("gvm status", "Show the cloud: its devices, and each node's workers, calls served and load.")
    p.add_argument("--gpmd", metavar="HOST:PORT", help="ask this GPMD (default: the one of the cloud file)")
    args = p.parse_args(argv)
    from gpmd.address import default_gpmd, parse_hostport
    if args.gpmd:
        try:
            gpmd = parse_hostport(args.gpmd)
        except ValueError as e:
            raise CliError(f"--gpmd: {e}") from None
    elif os.path.exists(args.file):
        spec = _load(args.file)
        gpmd = (_reachable(spec.bind), spec.port)
    else:
        gpmd = default_gpmd()
    try:
        nodes = gpmd_client.names(gpmd=gpmd)
    except GpmdError as e:
        raise CliError(f"no cloud to show: {e}") from None
    from gpmd.address import format_hostport
    from gpmd.cli import print_table
    devices = sorted({n.host for n in nodes})
    print(f"{len(devices)} device{'s' * (len(devices) != 1)}, {len(nodes)} node{'s' * (len(nodes) != 1)} "
          f"(asked gpmd {format_hostport(gpmd)})")
    rows = [("DEVICE", "NODE", "ADDRESS", "WORKERS", "CALLS", "LOAD", "ENGINE")]
    for n in sorted(nodes, key=lambda n: (n.host, n.name)):
        calls, load = _node_load(n, gpmd)
        rows.append((n.host, n.name, format_hostport((n.host, n.port)), str(n.meta.get("workers", "?")),
                     calls, load, str(n.meta.get("engine", "?"))))
    print_table(rows)
    return 0


def _node_load(info, gpmd):
    """(calls served, busy/workers) of a node, asked of the node itself; "-" if it does not answer."""
    from .client import connect
    from .errors import DistError
    try:
        with connect(f"{info.name}", gpmd=gpmd, timeout=2.0) as node:
            load = node.load()
    except (DistError, OSError):
        return "-", "down"
    return str(load.calls), f"{load.busy}/{load.workers}"
