"""The fast engine: Cython compiled to C (engine.pyx), the zeroed pages every linear
memory starts with when this package is built (pages.pyx), and the one-pass decoder and
validator of function bodies (validate.pyx)."""
