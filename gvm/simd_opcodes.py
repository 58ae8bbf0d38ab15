"""The vector (SIMD, 0xFD prefix) rows of the opcode table, in the format of opcodes.py:
(prefix, code, name, immediate kind, signature). Execution of these comes later; the
decoder already reads them so that SIMD modules decode."""

SIMD_ROWS = []
