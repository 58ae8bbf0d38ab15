"""Interrupting running wasm: Ctrl-C stops `python -m gvm` on either engine with exit
status 130 and no traceback, and a Python signal handler (here an alarm, the way a
caller imposes a deadline) runs while the fast engine is inside its C loop, in a loop
or in a tail-call loop that never takes a branch. Each runs in its own process with a
time limit: an engine that ignores signals fails the test instead of hanging it."""
import signal
import subprocess
import sys
import time

import pytest

from conftest import wat

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
  ;; A loop without a branch: only calls can notice a signal here.
  (func $tail (export "tail")
    return_call $tail)
  (func $down (export "down") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $down))
"""

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


@pytest.fixture
def spin_wasm(tmp_path):
    path = tmp_path / "spin.wasm"
    path.write_bytes(wat(SPIN))
    return path


def test_ctrl_c_stops_the_cli(engine, spin_wasm):
    proc = subprocess.Popen([sys.executable, "-m", "gvm", "--engine", engine,
                             "--invoke", "spin", str(spin_wasm)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)     # imported, instantiated and spinning
    assert proc.poll() is None, proc.stderr.read().decode()
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("still running 5 s after SIGINT")
    finally:
        proc.kill()
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130, err.decode()
    assert elapsed < 1.0, f"took {elapsed:.2f} s to stop"
    assert b"Traceback" not in err, err.decode()


@pytest.mark.parametrize("export", ["spin", "tail"])
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
