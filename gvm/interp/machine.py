"""The reference engine's machine: the operand stack, the call stack of frames and the
loop that executes lowered code (spec section 4.4 "Instructions", 4.4.10 "Function
calls").

Each instruction is lowered once per function to a pair `(handler, arg)` (lower.py).
A handler executes one instruction; it returns True only when it changed the current
frame (a call or a return), so the loop reloads the frame just then. All frames of one
invocation share one Python list as operand stack; a frame remembers where its
operands begin (`base`), and the validator's side table says how high the stack is at
every label, relative to that base. The lowered code is the module's, shared by its
instances: the machine keeps the current frame's instance (`inst`, the spec's
F.module), where handlers find functions, globals, memories and tables by index.
"""
from ..binary.instructions import CATCH, CATCH_ALL_REF, CATCH_REF
from ..errors import Trap, Exhaustion, WasmException
from ..runtime import HostFunction
from ..runtime import stack as call_stack
from ..runtime.stack import MAX_LOCALS


class Frame:
    __slots__ = ("func", "code", "locals", "pc", "base")

    def __init__(self, func, code, locals_, base):
        self.func = func
        self.code = code
        self.locals = locals_
        self.pc = 0
        self.base = base


class Machine:
    def __init__(self, engine):
        self.engine = engine
        self.stack = []
        self.frames = []
        self.frame = None
        self.locals = None
        self.inst = None
        self.local_count = 0
        self.max_depth = call_stack.MAX_CALL_DEPTH

    # --- calls --------------------------------------------------------------------------
    def invoke(self, func, args):
        """Run `func` to completion from the empty machine; return its results."""
        if type(func) is HostFunction:
            return func.call_raw(args)
        self.max_depth = call_stack.enter(self)
        try:
            self.stack.extend(args)
            self.enter(func)
            self.run()
        except Trap as trap:
            trap.frames = self.backtrace()
            raise
        except RecursionError:      # Python's stack ran out first (a low recursion limit)
            raise Exhaustion("call stack exhausted") from None
        finally:
            call_stack.leave()
        n = len(func.type.results)
        results = self.stack[len(self.stack) - n:]
        del self.stack[:]
        return results

    def call_depth(self):
        return len(self.frames)

    def enter(self, func):
        """Push a frame for wasm function `func`, its arguments on top of the stack."""
        if len(self.frames) >= self.max_depth or self.local_count > MAX_LOCALS:
            raise Exhaustion("call stack exhausted")
        code = func.compiled.get(self.engine.code_key) or self.engine.link(func)
        stack = self.stack
        n = len(func.type.params)
        if n:
            locals_ = stack[len(stack) - n:]
            del stack[len(stack) - n:]
        else:
            locals_ = []
        locals_ += func.zeros
        self.local_count += len(locals_)
        frame = Frame(func, code, locals_, len(stack))
        self.frames.append(frame)
        self.frame = frame
        self.locals = locals_
        self.inst = func.instance

    def leave(self):
        """Pop the current frame; its results are already on top of the stack."""
        frames = self.frames
        self.local_count -= len(frames.pop().locals)
        self.resume(frames[-1] if frames else None)

    def resume(self, frame):
        """Make `frame` (or none) the current one."""
        self.frame = frame
        if frame is None:
            self.locals = self.inst = None
        else:
            self.locals = frame.locals
            self.inst = frame.func.instance

    def call(self, func):
        """The `call` instruction: enter a wasm function or run a host function inline."""
        if type(func) is HostFunction:
            stack = self.stack
            n = len(func.type.params)
            args = stack[len(stack) - n:]
            del stack[len(stack) - n:]
            stack.extend(func.call_raw(args))
            return False
        self.enter(func)
        return True

    def tail_call(self, func):
        """`return_call`: replace the current frame by a call of `func`."""
        stack = self.stack
        n = len(func.type.params)
        args = stack[len(stack) - n:]
        del stack[self.frame.base:]
        self.leave()
        stack.extend(args)
        self.call(func)     # a host function's results land where the caller's go
        return True

    def return_from_current(self):
        """Leave the current frame keeping only its results, as `return` does."""
        frame = self.frame
        stack = self.stack
        n = len(frame.func.type.results)
        results = stack[len(stack) - n:] if n else []
        del stack[frame.base:]
        stack.extend(results)
        self.leave()
        return True

    # --- execution ------------------------------------------------------------------------
    def run(self):
        """Execute until the outermost frame returns; exceptions unwind to their handler."""
        loop = self.loop if self.engine.fuel is None else self.loop_fueled
        while True:
            try:
                return loop()
            except WasmException as exc:
                if not self.catch(exc):
                    raise

    def catch(self, exc):
        """Unwind to the innermost `try_table` clause around the current pc of each frame,
        innermost frame first, that takes `exc`; False if none does (the frames are gone)."""
        stack = self.stack
        while self.frames:
            frame = self.frame
            pc = frame.pc - 1
            for start, end, clauses in frame.func.info.handlers:
                if start < pc < end:
                    for kind, tag, label in clauses:
                        if tag is None or frame.func.instance.tags[tag] is exc.tag:
                            del stack[frame.base + label.height:]
                            if kind in (CATCH, CATCH_REF):      # the tag's values
                                stack.extend(exc.values)
                            if kind in (CATCH_REF, CATCH_ALL_REF):  # the exnref
                                stack.append(exc)
                            frame.pc = label.target
                            return True
            del stack[frame.base:]
            self.leave()
        return False

    def loop(self):
        """Execute until the outermost frame returns."""
        frame = self.frame
        code = frame.code
        while True:
            handler, arg = code[frame.pc]
            frame.pc += 1
            if handler(self, arg):
                frame = self.frame
                if frame is None:
                    return
                code = frame.code

    def loop_fueled(self):
        """`loop`, counting instructions against the engine's fuel."""
        engine = self.engine
        frame = self.frame
        code = frame.code
        while True:
            if engine.fuel <= 0:
                raise Exhaustion("fuel exhausted")
            engine.fuel -= 1
            handler, arg = code[frame.pc]
            frame.pc += 1
            if handler(self, arg):
                frame = self.frame
                if frame is None:
                    return
                code = frame.code

    def step(self):
        """Execute exactly one instruction; return False once the invocation is over."""
        frame = self.frame
        handler, arg = frame.code[frame.pc]
        frame.pc += 1
        handler(self, arg)
        return self.frame is not None

    def backtrace(self):
        """(function, byte offset) per frame, outermost first, at the current instruction."""
        trace = []
        for frame in self.frames:
            body = frame.func.func.body
            pc = max(frame.pc - 1, 0)
            trace.append((frame.func.name, body[pc].offset if pc < len(body) else None))
        return trace
