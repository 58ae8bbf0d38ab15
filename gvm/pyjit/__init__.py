"""The python engine: each wasm function is translated, on its first call, into the
source of one Python function and compiled (the way pwasm and dewasm work), so CPython
runs wasm code without an interpreter loop in between. With a threshold (tier.py), it
runs on the reference engine's machine until it is hot instead.

- stack.py: the symbolic operand stack (slots become locals, pure code expressions)
- numeric.py: numeric instructions as expression templates (reusing gvm.interp.numeric)
- memory.py: memory and table instructions, and their run-time helpers
- align.py: the low zero bits known of integer locals, through structured control
- settle.py: the loop heads' alignment, settled before translating
- control.py: structured control flow as while/if/break/continue
- flat.py: control flow as a state machine, past CPython's nesting limits
- translate.py: the walk over a function body, one method per kind of instruction
- runtime.py: the glue: namespaces, lazy entries, host calls, backtraces, invocation
- tier.py: a tier below: functions interpreted until hot, loops switching mid-call
- osr.py: an entry into a function's translation at a loop head (on-stack replacement)
- engine.py: the Engine class that gvm.engines selects with engine="python"
- keep.py: translations kept across runs in the module cache (gvm/cache/)
- show.py: `gvm disasm --python`
See docs/python-engine.md.
"""
