"""The educational step-through debugger of GVM, and the --trace options.

    gvm debug [OPTIONS] FILE.wasm [ARGS...]      a WASI program, stopped at `_start`
    gvm debug [OPTIONS] MODULE.FUNC [ARGS...]    one function, stopped at its entry
    gvm --trace ... / gvm --trace-wasi ...       every instruction / WASI call, on stderr

It runs the reference engine one instruction at a time (`Machine.step()`) and says what
each instruction did to the operand stack, the blocks and memory, with pdb's and gdb's
command names. One concept per module:

  cli.py         the `gvm debug` subcommand: options, instantiation, the end of the program
  engine.py      the engine whose invocations run under the session
  session.py     the session's state and how the program moves: step, next, finish, continue
  commands.py    the command table: names, aliases, help, handlers
  repl.py        the prompt: a terminal, a pipe, or the file of -x
  views.py       what a stopped program shows: backtrace, locals, globals, stack, labels, code
  points.py      breakpoints and watchpoints
  effects.py     what one instruction did: values popped and pushed, where control went
  explain.py     why a trap happened, in words
  history.py     the bounded undo log behind reverse-step
  static.py      the validator's view of each instruction: stack types, labels, pop counts
  text.py        how values, places and memory are written
  errors.py      a command that cannot be done; quitting
  trace.py       --trace
  wasi_trace.py  --trace-wasi

The fast engine knows nothing of any of this: without a debugger, nothing here runs.
"""
