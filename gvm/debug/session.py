"""The state of a debugging session and how the program moves: one instruction at a
time, under the command the user gave last (step, next, finish, continue), until
something stops it: the command is done, a breakpoint, a watchpoint, a trap, the end.

The program runs inside the debugger's engine (engine.py): each invocation of a wasm
function hands its machine to `Session.run`, which asks the prompt (`self.prompt`, set
by the REPL) what to do whenever the program stops. Each instruction is executed by
`Machine.step()` between a record in the undo log (history.py), so that `rs` can take
it back, and a look at what it did (effects.py), so that every stop can say so.
"""
import signal
import threading

from ..errors import Exhaustion, Trap, WasmException
from . import views
from .effects import Before
from .errors import DebugError
from .explain import explain, operands_text
from .history import History
from .points import Points
from .source import source_of
from .static import Analyser
from .text import place


# --- how to go on: the resuming commands ------------------------------------------------------
class Continue:
    """Run until a breakpoint, a watchpoint, a trap or the end."""

    def start(self, machine):
        pass

    def done(self, machine):
        return False


class Step(Continue):
    """`step N`: N instructions, into calls."""

    def __init__(self, count=1):
        self.count = count

    def done(self, machine):
        self.count -= 1
        return self.count <= 0


class Next(Step):
    """`next N`: N instructions of this function, a call counting as one."""

    def start(self, machine):
        self.depth = len(machine.frames)

    def done(self, machine):
        return len(machine.frames) <= self.depth and super().done(machine)


class Finish(Continue):
    """`finish`: until the current function returns."""

    def start(self, machine):
        self.depth = len(machine.frames)

    def done(self, machine):
        return len(machine.frames) < self.depth


class Session:
    def __init__(self, module, out):
        self.module = module            # the gvm.Module being debugged
        self.out = out
        self.analyser = Analyser(module)
        self.points = Points()
        self.history = History()
        self.machine = None             # of the current invocation, kept once it is over
        self.instance = None
        self.running = False            # whether an invocation is under way
        self.stop_at_entry = False      # stop before the next invocation's first instruction
        self.resume = None              # the resuming command to carry out next
        self.trap = None                # the trap the program is stopped at
        self.interrupted = False        # Ctrl-C while running
        self.prompt = None              # carries out one command; called until one resumes

    def say(self, text=""):
        self.out.write(text + "\n")
        self.out.flush()

    # --- an invocation ---------------------------------------------------------------------
    def run(self, machine):
        """Debug `machine`, which has entered a function, until that function returns."""
        self.machine = machine
        self.instance = machine.frame.func.instance
        self.running = True
        self.trap = None
        self.history.clear()
        try:
            if self.stop_at_entry:
                self.stop_at_entry = False
                self.say(f"Stopped at the entry of {views.call_text(machine.frame)}.")
                self.show_next()
                self.wait()
            while machine.frame is not None:
                self.go()
                if machine.frame is not None:
                    self.wait()
        finally:
            self.running = False

    def wait(self):
        """The program is stopped: let the user look around until a command resumes it."""
        self.resume = None
        while self.resume is None:
            self.prompt(self)

    def go(self):
        """Carry out the resuming command until the program stops, and report the stop."""
        if self.trap is not None:
            raise self.trap         # resuming after a trap: the program ends with it
        mode = self.resume or Continue()
        machine = self.machine
        mode.start(machine)
        start = machine.frame
        own = None      # the last instruction run in the function the command started in
        with _CtrlC(self):
            while True:
                before, error = self.execute()
                if before.frame is start:
                    own = before
                if error is not None:
                    return self.stop_at_error(before, error)
                if machine.frame is None:
                    return self.show_done(before)
                hits = self.hits()
                if hits or mode.done(machine) or self.interrupted:
                    # Back where it started, a call run by `next` shows as one instruction.
                    whole = isinstance(mode, Next) and own and own.frame is machine.frame
                    shown = own if whole else before
                    return self.report(shown, hits)

    def execute(self):
        """One instruction, recorded for undoing; (Before, None) if it ran, (Before, error)
        if it trapped or threw an exception nothing catches: then it is undone, so that
        the program stands at the instruction that failed."""
        machine = self.machine
        before = Before(machine, self.analyser.facts(machine.frame.func))
        entry = self.history.record(machine, before.callee)
        error = None
        try:
            self.spend_fuel()
            machine.step()
        except WasmException as exception:
            error = self._unwind(exception)
        except (Trap, Exhaustion) as trap:
            error = trap
        finally:
            self.history.settle(entry)
        if error is not None:
            self.history.undo(machine)
        return before, error

    def spend_fuel(self):
        """One instruction's fuel (--fuel), as the engine's own loop would spend it."""
        engine = self.machine.engine
        if engine.fuel is not None:
            if engine.fuel <= 0:
                raise Exhaustion("fuel exhausted")
            engine.fuel -= 1

    def _unwind(self, exception):
        """Let a try_table catch `exception`; None if one did, else the exception, with
        the frames and stack as they were when it was thrown."""
        machine = self.machine
        frames, stack = list(machine.frames), list(machine.stack)
        if machine.catch(exception):
            return None
        machine.frames[:] = frames
        machine.stack[:] = stack
        return exception

    def hits(self):
        """Why to stop here whatever the command: a breakpoint, changed watchpoints."""
        frame = self.machine.frame
        found = self.points.changes()
        point = self.points.hit(frame.func, frame.pc)
        if point is not None:
            found.append(f"Breakpoint {point.number}, {place(frame.func, frame.pc)}")
        return found

    # --- reporting stops ---------------------------------------------------------------------
    def report(self, last, hits):
        """A stop: why, the last instruction and what it did, the next instruction."""
        for hit in hits:
            self.say(hit)
        self.show_done(last)
        if self.interrupted:
            self.say("Interrupted.")
        self.show_next()

    def show_done(self, before):
        """The line of an executed instruction: where, what, and what it did."""
        effect = before.effect(self.machine, self.analyser)
        self.say(f"   {self.line(before.func, before.pc)} {effect}")

    def show_next(self):
        frame = self.machine.frame
        self.say(f"=> {self.line(frame.func, frame.pc).rstrip()}")
        source = source_of(frame.func.instance.module)
        position = source and source.position(frame.func, frame.pc)
        if position:        # and the line of the .wat it was written on
            self.say(f"   {position[0]}  {source.line_text(position[0]).strip()}")

    def line(self, func, pc):
        instr = self.analyser.facts(func).texts[pc]
        return f"{place(func, pc):<24} {instr:<24}"

    def stop_at_error(self, before, error):
        """Stop at a trapping instruction and say why it trapped."""
        self.trap = error
        error.frames = self.machine.backtrace()
        self.say(f"Trap: {error.message}")
        self.say(f"   {self.line(before.func, before.pc).rstrip()} {operands_text(before)}")
        self.say(f"   {explain(before, error)}")
        self.show_next()

    # --- commands that move the program -------------------------------------------------------
    def reverse(self, count):
        """Undo the last `count` instructions, or as many as the history holds."""
        undone = 0
        while undone < count and self.history.undo(self.machine) is not None:
            undone += 1
        if not undone:
            raise DebugError("no more history to undo")
        self.trap = None
        self.points.resync()
        plural = "s" if undone > 1 else ""
        self.say(f"Undid {undone} instruction{plural} ({len(self.history)} left to undo).")
        self.show_next()


class _CtrlC:
    """While the program runs, Ctrl-C stops it between two instructions instead of
    killing the debugger (only possible from the main thread)."""

    def __init__(self, session):
        self.session = session
        self.previous = None

    def __enter__(self):
        self.session.interrupted = False
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._interrupt)

    def _interrupt(self, signum, frame):
        self.session.interrupted = True

    def __exit__(self, *exc_info):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

