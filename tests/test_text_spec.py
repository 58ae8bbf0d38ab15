"""The spec suites read by GVM's own text parser (gvm/text/):

- the spec runner's two converters (ours, the default, and `wasm-tools json-from-wast`)
  give every command the same verdict, and ours also runs the text-format commands that
  wasm-tools' JSON leaves out;
- every text module of the suites encodes to the binary `wasm-tools parse` writes, once
  custom sections are set aside (wasm-tools adds a `name` section, which we do not);
- every text module, disassembled by `gvm disasm` and parsed again, gives the same binary.

The last two run over a sample of the suites' files; GVM_LONG=1 runs them over all.
"""
import os
import sys
from pathlib import Path

import pytest

import gvm
import wast
from gvm import disasm
from gvm.binary import decode
from gvm.engines import default_engine_name
from gvm.features import resolve
from gvm.text import parse_wat
from gvm.text.script import read_script
from test_text import strip_custom

SPEC_TESTS = Path(__file__).resolve().parents[1] / "spec-tests"
sys.path.insert(0, str(SPEC_TESTS))

from wast_script import TEXT_FORMAT, FileResult, Job, Script  # noqa: E402
from wast_convert import read_commands  # noqa: E402

LONG = bool(os.environ.get("GVM_LONG"))
SUITES = {"2.0": wast.spec_suite("2.0"), "3.0": wast.spec_suite("3.0")}
# Files for the quick runs: literals, names, every kind of module field, labels, the
# text-only syntax (annotations, quoted modules), and the 3.0 feature folders.
SAMPLE = {
    "2.0": ["const", "float_literals", "int_literals", "names", "block", "br_table", "elem",
            "data", "imports", "linking", "comments", "func", "if", "select", "exports"],
    "3.0": ["annotations", "id", "token", "instance", "elem", "table", "memory", "type-rec",
            "exceptions/try_table", "memory64/memory64", "multi-memory/load0",
            "gc/type-subtyping", "gc/struct", "gc/br_on_cast", "simd/simd_const",
            "simd/simd_lane"],
}


def files(version):
    suite = SUITES[version]
    if suite is None:
        pytest.skip(f"the {version} spec suite is not here")
    if LONG:
        return sorted(suite.glob("*.wast")) + sorted(suite.glob("*/*.wast"))
    return [suite / f"{name}.wast" for name in SAMPLE[version]]


def text_modules(path, version):
    """(line, ScriptModule) of every text module of a script."""
    commands = read_script(path.read_bytes().decode("utf-8", "surrogateescape"), path.name)
    return [(c["line"], c["source"]) for c in commands
            if "source" in c and c["source"].kind != "binary"]


# --- The two converters ---------------------------------------------------------------

def verdicts(job):
    """(line, command type, outcome) of every command of a Job's script, in order."""
    converted, commands = read_commands(job)
    result = FileResult(job.name)
    script = Script(gvm, converted or ".", job.features, job.engine, result)
    outcomes = []
    for command in commands:
        before = (result.passed, len(result.failures))
        script.run_command(command)
        outcome = ("passed" if result.passed > before[0]
                   else "failed" if len(result.failures) > before[1] else "skipped")
        outcomes.append((command["line"], command["type"], outcome))
    return outcomes, result


@pytest.mark.parametrize("version, name", [
    ("2.0", "const"), ("2.0", "names"), ("2.0", "elem"), ("2.0", "linking"), ("2.0", "if"),
    ("3.0", "annotations"), ("3.0", "exceptions/try_table"), ("3.0", "type-rec"),
    ("3.0", "memory64/memory64"),
])
def test_both_converters_give_the_same_verdicts(version, name):
    tool = wast.wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools is not installed")
    suite = SUITES[version]
    if suite is None:
        pytest.skip(f"the {version} spec suite is not here")
    from wast_convert import tool_version
    job = Job(str(suite / f"{name}.wast"), name, version, default_engine_name(), tool,
              tool_version(tool))
    ours, ours_result = verdicts(job)
    job.converter = "wasm-tools"
    theirs, theirs_result = verdicts(job)
    assert [c[:2] for c in ours] == [c[:2] for c in theirs]
    ran_by_both = 0
    for mine, other in zip(ours, theirs):
        if other[2] == "skipped":      # a text-format command: only we run it
            assert mine[2] == "passed", mine
        else:
            assert mine == other
            ran_by_both += 1
    assert ran_by_both
    assert ours_result.skipped[TEXT_FORMAT] == 0
    assert not ours_result.failures


# --- Our binaries against wasm-tools' ---------------------------------------------------

@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_text_modules_encode_as_wasm_tools_does(version):
    if wast.wasm_tools() is None:
        pytest.skip("wasm-tools is not installed")
    features = resolve(version)
    compared = 0
    for path in files(version):
        commands, wasm_dir = wast.convert(path)
        # wasm-tools writes a .wasm for every module it could encode, ours by line: the
        # commands come in the same order, and quoted modules have none.
        theirs = {}
        for command in commands:
            if command.get("module_type") == "binary" and "filename" in command:
                theirs.setdefault(command["line"], []).append(command["filename"])
        for line, module in text_modules(path, version):
            if module.kind == "quote" or not theirs.get(line):
                continue
            expected = (wasm_dir / theirs[line].pop(0)).read_bytes()
            assert strip_custom(module.binary(features)) == strip_custom(expected), \
                f"{path.name}:{line}"
            compared += 1
    assert compared


# --- gvm disasm, read back ----------------------------------------------------------------

def sections(binary):
    """{section id: contents} of a module without custom sections."""
    out, i = {}, 8
    while i < len(binary):
        section_id = binary[i]
        size = shift = 0
        i += 1
        while True:
            byte = binary[i]
            i += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        out[section_id] = binary[i:i + size]
        i += size
    return out


def same_module(first, second, features):
    """Equal binaries, or ones that differ only in how the type section groups types:
    the decoder keeps a type alone in its recursion group (`(rec (type ...))`) as a bare
    type and drops empty groups `(rec)`, so the disassembly writes the equivalent bare
    form, whose encoding lacks the group's prefix. Every other section must be equal."""
    if first == second:
        return True
    a, b = sections(first), sections(second)
    return (a.keys() == b.keys() and all(a[i] == b[i] for i in a if i != 1)
            and decode(first, features).types == decode(second, features).types)


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_disassembly_reads_back_to_the_same_binary(version):
    features = resolve(version)
    checked = 0
    for path in files(version):
        for line, module in text_modules(path, version):
            try:
                binary = strip_custom(module.binary(features))
                ast = decode(binary, features)
            except gvm.WasmError:       # a malformed module: nothing to disassemble
                continue
            try:
                text = disasm.disassemble_module(ast)
            except Exception:    # only a module that does not validate may not print
                with pytest.raises(gvm.ValidationError):
                    gvm.Module(binary, features)
                continue
            again = strip_custom(parse_wat(text, f"{path.name}:{line}", features))
            assert same_module(binary, again, features), f"{path.name}:{line}\n{text}"
            checked += 1
    assert checked


def test_the_runner_reads_scripts_itself_unless_told_otherwise():
    """`run.py FILE` runs the text-format commands that `--converter wasm-tools` skips."""
    import re
    import subprocess
    suite = SUITES["2.0"]
    if suite is None or wast.wasm_tools() is None:
        pytest.skip("needs the 2.0 suite and wasm-tools")

    def run(*options):
        proc = subprocess.run([sys.executable, str(SPEC_TESTS / "run.py"), "--suite", str(suite),
                               "-j", "1", *options, "int_literals"],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return re.search(r"int_literals\.wast: (\d+) passed, (\d+) failed, (\d+) skipped",
                         proc.stdout).groups()
    ours, theirs = run(), run("--converter", "wasm-tools")
    assert ours[1:] == ("0", "0")
    assert theirs[1] == "0" and int(theirs[2]) > 0
    assert int(ours[0]) == int(theirs[0]) + int(theirs[2])
