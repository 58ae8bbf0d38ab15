"""Loops made of forward jumps and one backward branch must let a Python signal handler
run, whatever form the backward branch has. The threaded build stops at whatever
instruction follows the signal (a chained handler redirects its dispatch); the switch
build counts down only on the branches that can close a loop: a `br` forward, an `else`
and a `br_table` whose targets are all forward do not count (engine.pyx,
POLL_INTERVAL), and tests/test_fast_build.py runs these loops on that build too. Each
loop runs in its own process under an alarm and a time limit."""
import subprocess
import sys

import pytest

from gvm.engines import fast_available
from conftest import wat
from test_interrupt import ALARM

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")

LOOPS = """
(module
  ;; a bytecode VM's shape: a forward br_table (the switch), then `br` back
  (func (export "switch_br") (local $i i32)
    (loop $next
      (block $b (block $a
        (br_table $a $b (i32.and (local.get $i) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  ;; if/else (forward jumps) inside, a fused compare-and-branch back
  (func (export "else_br_if") (local $i i32)
    (loop $next
      (if (i32.and (local.get $i) (i32.const 1))
        (then (local.set $i (i32.add (local.get $i) (i32.const 3))))
        (else (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (br_if $next (i32.ne (local.get $i) (i32.const 0)))))
  ;; forward `br` out of a block each time round, and br_if back on a local
  (func (export "br_out") (local $i i32)
    (loop $next
      (block $out (br $out))
      (local.set $i (i32.or (local.get $i) (i32.const 1)))
      (br_if $next (local.get $i)))))
"""


EXPORTS = ["switch_br", "else_br_if", "br_out"]


def alarm_stops(tmp_path, export, cwd=None):
    """Runs `export` of LOOPS under ALARM (with `cwd`'s tree) and checks it stopped."""
    path = tmp_path / "loops.wasm"
    path.write_bytes(wat(LOOPS))
    try:
        proc = subprocess.run([sys.executable, "-c", ALARM, str(path), "fast", export],
                              cwd=cwd, capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm's handler never ran: still running after 10 s")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("stopped after "), proc.stdout
    assert float(proc.stdout.split()[2]) < 0.5


@pytest.mark.parametrize("export", EXPORTS)
def test_alarm_stops_a_loop_of_forward_jumps(tmp_path, export):
    alarm_stops(tmp_path, export)
