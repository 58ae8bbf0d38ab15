"""`gvm --trace ...`: every instruction the program executes, one line each on standard
error, with the call depth, the byte offset in the module, the instruction in WAT and
the operand stack of the current function after it, with types:

        1 0000006e  local.get $n                   [i32:0 i32:1]
        1 00000070  call $square                   []
        2 00000059  local.get $x                   [i32:1]
        ...
        5 00000fa1  i32.div_s                      trap: integer divide by zero

It runs on the reference engine, whose machine executes one instruction at a time; the
fast engine has no such step and pays nothing for this.
"""
from ..errors import Exhaustion, WasmError, WasmException
from ..interp.machine import Machine
from ..link import instantiate as _instantiate
from .engine import SteppingEngine
from .source import source_of
from .static import Analyser
from .text import align, typed_text


def instantiate(module, imports, out, options):
    """Instantiate `module` on a tracing engine (the command line's --trace)."""
    return _instantiate(module, imports, TracingEngine(out, options.fuel), options.max_memory,
                        options.max_table)


class TracingEngine(SteppingEngine):
    def __init__(self, out, fuel=None):
        super().__init__(fuel)
        self.out = out
        self.analysers = {}     # gvm.Module -> Analyser

    def invoke(self, func, args):
        return TracingMachine(self).invoke(func, args)

    def facts(self, func):
        module = func.instance.module
        if module not in self.analysers:
            self.analysers[module] = Analyser(module)
        return self.analysers[module].facts(func)

    def stack_after(self, machine):
        """The current function's operands, typed; empty once the call is over."""
        frame = machine.frame
        if frame is None:
            return "[]"
        values = machine.stack[frame.base:]
        types = self.facts(frame.func).types[frame.pc]
        return "[" + " ".join(typed_text(t, v) for t, v in align(values, types)) + "]"

    def report(self, depth, func, pc, what):
        offset = func.func.body[pc].offset
        line = f"{depth:>5} {offset:08x}  {self.facts(func).texts[pc]:<30} {what}"
        source = source_of(func.instance.module)
        position = source and source.position(func, pc)
        if position:        # a module read from text: the line it was written on
            line = f"{line:<70} ; {position[0]}: {source.line_text(position[0]).strip()}"
        self.out.write(line + "\n")


class TracingMachine(Machine):
    def loop(self):
        """Execute until the outermost frame returns, reporting each instruction."""
        engine = self.engine
        while self.frame is not None:
            if engine.fuel is not None:
                if engine.fuel <= 0:
                    raise Exhaustion("fuel exhausted")
                engine.fuel -= 1
            frame = self.frame
            depth, pc = len(self.frames), frame.pc
            try:
                self.step()
            except WasmException:           # on its way to a try_table, or out
                engine.report(depth, frame.func, pc, "throws")
                raise
            except WasmError as error:
                engine.report(depth, frame.func, pc, f"trap: {error.message}")
                raise
            engine.report(depth, frame.func, pc, engine.stack_after(self))

    loop_fueled = loop
