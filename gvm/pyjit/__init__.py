"""The python engine: each wasm function runs on the reference engine's machine until it
is hot, then is translated into the source of one Python function and compiled (the way
pwasm and dewasm work), so CPython runs hot wasm code without an interpreter loop in
between.

- stack.py: the symbolic operand stack (slots become locals, pure code expressions)
- numeric.py: numeric instructions as expression templates (reusing gvm.interp.numeric)
- memory.py: memory and table instructions, and their run-time helpers
- align.py: the low zero bits known of integer locals, through structured control
- settle.py: the loop heads' alignment, settled before translating
- control.py: structured control flow as while/if/break/continue
- flat.py: control flow as a state machine, past CPython's nesting limits
- translate.py: the walk over a function body, one method per kind of instruction
- runtime.py: the glue: namespaces, lazy entries, host calls, backtraces, invocation
- tier.py: the first tier: functions interpreted until hot, loops switching mid-call
- engine.py: the Engine class that gvm.engines selects with engine="python"
- keep.py: translations kept across runs in the module cache (gvm/cache/)
- show.py: `gvm disasm --python`
See docs/python-engine.md.
"""
