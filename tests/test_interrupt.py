"""Interrupting running wasm: Ctrl-C stops `python -m gvm` on either engine with exit
status 130 and no traceback, and a Python signal handler (here an alarm, the way a
caller imposes a deadline) runs while the fast engine is inside its C loop, in loops of
every shape (a `br`, `br_if` or `br_table` back, a tail-call loop that never takes a
branch, a loop of calls). On the fast engine a C handler chained in front of Python's
brings the loop to its poll (gvm/_fast/engine.pyx, X_POLL): a handler that Python code
installs after the engine's first call is chained again, and a signal whose
disposition is not a Python handler (SIG_IGN) keeps it. Each runs in its own process
with a time limit: an engine that ignores signals fails the test instead of hanging it."""
import signal
import subprocess
import sys
import time

import pytest

from conftest import wat
from gvm.engines import fast_available

SPIN = """
(module
  (func (export "spin") (local $turns i32)
    loop $again
      local.get $turns
      i32.const 1
      i32.add
      local.set $turns
      br $again
    end)
  (func (export "spin_br_if") (local $turns i32)
    loop $again
      local.get $turns
      i32.const 1
      i32.add
      local.tee $turns
      br_if $again
      i32.const 1
      br_if $again
    end)
  (func (export "spin_count") (local $i i32) (local $n i32)
    i32.const -1
    local.set $n
    loop $again
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      local.get $n
      i32.lt_u
      br_if $again
      i32.const 0
      local.set $i
      br $again
    end)
  (func (export "spin_br_table") (local $turns i32)
    loop $again
      block $out
        local.get $turns
        i32.const 1
        i32.add
        local.tee $turns
        i32.const 3
        i32.and
        br_table $again $again $out $again
      end
      br $again
    end)
  ;; A loop without a branch: only calls can notice a signal here.
  (func $tail (export "tail")
    return_call $tail)
  (func $step (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)
  (func (export "spin_calls") (local $turns i32)
    loop $again
      local.get $turns
      call $step
      call $step
      local.set $turns
      br $again
    end)
  (func (export "quick") (result i32)
    i32.const 7)
  (func $down (export "down") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $down))
"""
SHAPES = ["spin", "spin_br_if", "spin_count", "spin_br_table", "tail", "spin_calls"]

# Starts `export` under an alarm that raises Deadline after 0.2 s (ALARM); then checks
# that the same instance still runs a call to its end, here to call-stack exhaustion
# (ALARM_THEN_RUN).
ALARM = """
import signal, sys, time
import gvm

class Deadline(Exception):
    pass

def expire(signum, frame):
    raise Deadline()

path, engine, export = sys.argv[1:]
inst = gvm.instantiate(path, engine=engine)
signal.signal(signal.SIGALRM, expire)
signal.setitimer(signal.ITIMER_REAL, 0.2)
started = time.monotonic()
try:
    getattr(inst.exports, export)()
except Deadline:
    print(f"stopped after {time.monotonic() - started:.3f} s")
"""
ALARM_THEN_RUN = ALARM + """
try:
    inst.exports.down(0)
except gvm.Exhaustion as e:
    print(e)
"""

# The engine runs a call with a first SIGALRM handler installed, then Python replaces
# it: Python's signal.signal puts its own C handler back, in place of the engine's.
# The second handler must still stop `spin`.
REPLACED = """
import signal, sys, time
import gvm

class First(Exception):
    pass

class Second(Exception):
    pass

def first(signum, frame):
    raise First()

def second(signum, frame):
    raise Second()

path, engine = sys.argv[1:]
inst = gvm.instantiate(path, engine=engine)
signal.signal(signal.SIGALRM, first)
assert inst.exports.quick() == 7
signal.signal(signal.SIGALRM, second)
signal.setitimer(signal.ITIMER_REAL, 0.2)
started = time.monotonic()
try:
    inst.exports.spin()
except Second:
    print(f"stopped after {time.monotonic() - started:.3f} s")
"""

# SIGINT ignored: the engine must leave the disposition alone (the kernel drops the
# signal); an alarm then ends the loop. Prints the ignored-signal mask afterwards.
IGNORED = """
import signal, sys, time
import gvm

class Deadline(Exception):
    pass

def expire(signum, frame):
    raise Deadline()

path, engine = sys.argv[1:]
signal.signal(signal.SIGINT, signal.SIG_IGN)
inst = gvm.instantiate(path, engine=engine)
assert inst.exports.quick() == 7
signal.signal(signal.SIGALRM, expire)
signal.setitimer(signal.ITIMER_REAL, 1.5)
print("spinning", flush=True)
try:
    inst.exports.spin()
except Deadline:
    print("deadline")
with open("/proc/self/status") as status:
    print(next(line for line in status if line.startswith("SigIgn:")).split()[1])
"""

# A handler that grows the memory and then sets $grown: from then on the loop stores in
# the new pages, which a stale cached length would trap on.
GROW_WAT = """
(module
  (memory (export "mem") 1)
  (global $grown (export "grown") (mut i32) (i32.const 0))
  (func (export "store_top") (result i32) (local $n i32)
    loop $again
      global.get $grown
      if
        i32.const 1048572
        local.get $n
        i32.store
        local.get $n
        i32.const 1
        i32.add
        local.tee $n
        i32.const 100000
        i32.eq
        if
          i32.const 1048572
          i32.load
          return
        end
      end
      br $again
    end
    unreachable))
"""
GROW = """
import signal, sys
import gvm

path, engine = sys.argv[1:]
inst = gvm.instantiate(path, engine=engine)
def grow(signum, frame):
    inst.exports.mem.grow(15)
    inst.exports.grown.set(1)

signal.signal(signal.SIGALRM, grow)
signal.setitimer(signal.ITIMER_REAL, 0.1)
print(inst.exports.store_top())
"""

fast_only = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")


@pytest.fixture
def spin_wasm(tmp_path):
    path = tmp_path / "spin.wasm"
    path.write_bytes(wat(SPIN))
    return path


def ctrl_c(engine, wasm, export, cwd=None):
    """Runs `python -m gvm --invoke export wasm` (in `cwd`'s tree), sends SIGINT after a
    second and checks it exits within 1 s with status 130 and no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "gvm", "--engine", engine,
                             "--invoke", export, str(wasm)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)     # imported, instantiated and spinning
    assert proc.poll() is None, proc.stderr.read().decode()
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{export}: still running 5 s after SIGINT")
    finally:
        proc.kill()
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130, err.decode()
    assert elapsed < 1.0, f"{export}: took {elapsed:.2f} s to stop"
    assert b"Traceback" not in err, err.decode()


def test_ctrl_c_stops_the_cli(engine, spin_wasm):
    ctrl_c(engine, spin_wasm, "spin")


@fast_only
@pytest.mark.parametrize("export", SHAPES[1:])
def test_ctrl_c_stops_every_loop_shape_on_the_fast_engine(spin_wasm, export):
    ctrl_c("fast", spin_wasm, export)


@pytest.mark.parametrize("export", SHAPES)
def test_alarm_handler_runs_inside_wasm(engine, spin_wasm, export):
    try:
        proc = subprocess.run([sys.executable, "-c", ALARM_THEN_RUN, str(spin_wasm), engine, export],
                              capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm's handler never ran: still running after 10 s")
    assert proc.returncode == 0, proc.stderr
    stopped, after = proc.stdout.splitlines()
    assert stopped.startswith("stopped after ")
    assert float(stopped.split()[2]) < 0.5
    assert after == "call stack exhausted"


@pytest.mark.parametrize("engine_name", ["fast"] if fast_available() else [])
def test_handler_replaced_after_first_call_still_interrupts(spin_wasm, engine_name):
    try:
        proc = subprocess.run([sys.executable, "-c", REPLACED, str(spin_wasm), engine_name],
                              capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the replacing handler never ran: still running after 10 s")
    assert proc.returncode == 0, proc.stderr
    stopped = proc.stdout.strip()
    assert stopped.startswith("stopped after "), stopped
    assert float(stopped.split()[2]) < 0.5


@pytest.mark.parametrize("engine_name", ["fast"] if fast_available() else [])
def test_ignored_sigint_stays_ignored(spin_wasm, engine_name):
    proc = subprocess.Popen([sys.executable, "-c", IGNORED, str(spin_wasm), engine_name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "spinning\n", proc.stderr.read()
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm never stopped the loop: still running after 10 s")
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    deadline, ignored = out.split()
    assert deadline == "deadline"
    assert int(ignored, 16) & (1 << (signal.SIGINT - 1)), f"SIGINT no longer ignored: {ignored}"


def test_handler_that_grows_memory(engine, tmp_path):
    path = tmp_path / "grow.wasm"
    path.write_bytes(wat(GROW_WAT))
    try:
        proc = subprocess.run([sys.executable, "-c", GROW, str(path), engine],
                              capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm's handler never ran: still running after 20 s")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["99999"]
