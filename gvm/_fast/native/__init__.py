"""The fast engine's native tier: a module's functions translated to C (translate.py,
numeric.py) and compiled by the system's C compiler (build.py); the engine's side is
gvm/_fast/native.pxi, and docs/native-tier.md says how and when."""
