"""The fast engine: Cython compiled to C (engine.pyx), and the zeroed pages every linear
memory starts with when this package is built (pages.pyx)."""
