"""The official spec tests (.wast scripts) as data, for the tests of this repository.

`wasm-tools json-from-wast` turns a script into JSON commands plus one .wasm file per
module. Conversions are cached under a directory of the system's temporary area, keyed by
the script's path and contents, so that every test run and every test file converts each
script once.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("GVM_WAST_CACHE", Path(tempfile.gettempdir()) / "gvm-wast-cache"))


def spec_suite(version="2.0"):
    """The directory of the official suite: $GVM_SPEC_SUITE for 2.0 ($GVM_SPEC_SUITE_3 for
    3.0), else the shared checkout next to the repository. None if it is missing."""
    if version == "2.0":
        env, default = "GVM_SPEC_SUITE", "wasm-spec-core-2.0"
    else:
        env, default = "GVM_SPEC_SUITE_3", "wasm-spec-core"
    path = Path(os.environ.get(env, REPO.parent / "shared" / default))
    return path if path.is_dir() else None


def wasm_tools():
    """The wasm-tools executable: next to the running Python (a venv) or on the PATH."""
    beside = Path(sys.executable).parent / "wasm-tools"
    return str(beside) if beside.exists() else shutil.which("wasm-tools")


def convert(wast_path):
    """(commands, directory of the .wasm files) for one .wast script."""
    wast_path = Path(wast_path)
    digest = hashlib.sha256(str(wast_path.resolve()).encode() + wast_path.read_bytes())
    out_dir = CACHE / f"{wast_path.stem}-{digest.hexdigest()[:16]}"
    json_path = out_dir / f"{wast_path.stem}.json"
    if not json_path.exists():
        tool = wasm_tools()
        if tool is None:
            raise FileNotFoundError("wasm-tools is not installed")
        CACHE.mkdir(parents=True, exist_ok=True)
        work_dir = Path(tempfile.mkdtemp(dir=CACHE))
        subprocess.run([tool, "json-from-wast", str(wast_path), "-o",
                        str(work_dir / json_path.name), "--wasm-dir", str(work_dir)],
                       check=True, capture_output=True)
        try:
            work_dir.rename(out_dir)  # atomic: concurrent runs never see half a conversion
        except OSError:
            shutil.rmtree(work_dir)   # another run got there first
    return json.loads(json_path.read_text())["commands"], out_dir
