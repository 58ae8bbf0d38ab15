"""The reference engine: a readable pure-Python interpreter of validated WebAssembly.

One handler per instruction, dispatched by indexing a list with the pc (machine.py);
the debugger drives `Machine.step()`. The entry point is `gvm.interp.engine.Engine`;
this package imports nothing by itself, so the fast engine can share its limits and
numerics without paying for the rest at start-up.
"""
