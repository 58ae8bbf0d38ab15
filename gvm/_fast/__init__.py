"""The fast engine: Cython compiled to C (engine.pyx). See gvm/_fast/engine.pyx."""
