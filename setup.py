"""Builds the optional fast engine (gvm/_fast/*.pyx, Cython compiled to C).

Without Cython or a C compiler the build of the extension is skipped and the
installation still succeeds: GVM then runs on its pure-Python reference engine."""
import hashlib
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    def run(self):
        try:
            super().run()
        except Exception as e:  # no compiler: keep the pure-Python install
            print(f"warning: fast engine not built ({e}); using the reference engine",
                  file=sys.stderr)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:
            print(f"warning: {ext.name} not built ({e})", file=sys.stderr)


def extensions():
    sources = sorted(Path("gvm/_fast").glob("*.pyx"))
    if not sources:
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    # Each .pyx says its own directives in its header comment.
    modules = cythonize([str(s) for s in sources], language_level=3, quiet=True)
    build = ("GVM_BUILD_ID", f'"{build_id()}"')
    for module in modules:
        module.define_macros.append(build)
    if os.environ.get("GVM_SWITCH_DISPATCH"):
        # The portable dispatch (engine.pyx's C switch) where the threaded one would be
        # built: tests/test_fast_build.py builds it so, to check it still works.
        for module in modules:
            module.define_macros.append(("GVM_SWITCH_DISPATCH", "1"))
    return modules


def build_id():
    """A digest of what decides the meaning of the fast engine's lowered cells: its
    sources, and the Python sources its lowering reads (opcodes, types, the validator's
    side tables). The module cache keeps lowered code under it, so code lowered by
    another build is never run (gvm/cache/entry.py)."""
    digest = hashlib.sha256()
    paths = [*Path("gvm/_fast").glob("*.p*"), *Path("gvm/_fast").glob("*.h"),
             *Path("gvm/validate").glob("*.py"), Path("gvm/opcodes.py"),
             Path("gvm/simd_opcodes.py"), Path("gvm/types.py"),
             Path("gvm/runtime/lowered.py")]
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
