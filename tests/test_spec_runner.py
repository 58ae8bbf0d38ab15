"""Tests of the spec-test runner (spec-tests/run.py and the wast_* modules beside it).

Most tests drive the runner's pieces against a fake engine, so the runner's own logic
(commands, values, NaN classes, known-failure lists, report, RESULTS.md) is checked
independently of GVM; the last ones run the real runner on real spec files.
"""
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from gvm.errors import DecodeError, Exhaustion, LinkError, Trap, ValidationError, WasmError
from gvm.values import ExternRef, f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits

SPEC_TESTS = Path(__file__).resolve().parents[1] / "spec-tests"
sys.path.insert(0, str(SPEC_TESTS))

import wast_convert  # noqa: E402
import wast_report  # noqa: E402
from wast_report import KnownFailures, Totals, replace_section  # noqa: E402
from wast_script import Failure, FileResult, Job, Script  # noqa: E402
from wast_values import mismatch, results_mismatch, to_wasm  # noqa: E402

_spec = importlib.util.spec_from_file_location("spec_run", SPEC_TESTS / "run.py")
run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run)

FINAL_LINE = re.compile(r"^\d+ passed, \d+ failed, \d+ skipped$")


def i32(v):
    return {"type": "i32", "value": str(v)}


def f32(bits):
    return {"type": "f32", "value": str(bits)}


def f64(bits):
    return {"type": "f64", "value": str(bits)}


# -- values -------------------------------------------------------------------------

def test_integers_are_read_as_unsigned_bit_patterns():
    assert to_wasm(i32("4294967295")) == 0xFFFFFFFF
    assert to_wasm(i32("-1")) == 0xFFFFFFFF
    assert to_wasm({"type": "i64", "value": "-5"}) == 2**64 - 5


def test_float_arguments_keep_their_bits_nan_payloads_included():
    for bits in (0x3FC00000, 0x80000000, 0x7FA00001, 0xFFC00000):
        assert f32_to_bits(to_wasm(f32(bits))) == bits
    assert f64_to_bits(to_wasm(f64(0xFFF4000000000001))) == 0xFFF4000000000001


def test_reference_arguments():
    assert to_wasm({"type": "externref", "value": "null"}) is None
    assert to_wasm({"type": "funcref", "value": "null"}) is None
    assert to_wasm({"type": "externref", "value": "7"}) == ExternRef(7)
    assert to_wasm({"type": "anyref", "value": "2"}) == ExternRef(2)


def test_integer_results_compare_exactly():
    assert mismatch(i32(-1), 0xFFFFFFFF) is None
    assert "got 1" in mismatch(i32(2), 1)
    assert "got float" in mismatch(i32(1), 1.0)
    assert mismatch({"type": "i64", "value": "18446744073709551615"}, 2**64 - 1) is None


def test_float_results_compare_by_bits():
    assert mismatch(f32(0x3FC00000), 1.5) is None
    assert mismatch(f32(0x80000000), -0.0) is None
    assert mismatch(f32(0x00000000), -0.0) is not None
    assert mismatch(f64(0x8000000000000000), -0.0) is None
    assert "got int" in mismatch(f32(0), 0)
    payload = f32_from_bits(0x7FC00001)
    assert mismatch(f32(0x7FC00001), payload) is None
    assert mismatch(f32(0x7FC00000), payload) is not None


@pytest.mark.parametrize("bits, canonical, arithmetic", [
    (0x7FC00000, True, True),
    (0xFFC00000, True, True),     # either sign
    (0x7FC00001, False, True),    # payload beyond the quiet bit
    (0xFFE00000, False, True),
    (0x7FA00000, False, False),   # signalling
    (0x7F800000, False, False),   # infinity
    (0x3F800000, False, False),
])
def test_f32_nan_classes(bits, canonical, arithmetic):
    value = f32_from_bits(bits)
    assert (mismatch({"type": "f32", "value": "nan:canonical"}, value) is None) == canonical
    assert (mismatch({"type": "f32", "value": "nan:arithmetic"}, value) is None) == arithmetic


@pytest.mark.parametrize("bits, canonical, arithmetic", [
    (0x7FF8000000000000, True, True),
    (0xFFF8000000000000, True, True),
    (0x7FF8000000000001, False, True),
    (0x7FF4000000000000, False, False),
    (0x7FF0000000000000, False, False),
])
def test_f64_nan_classes(bits, canonical, arithmetic):
    value = f64_from_bits(bits)
    assert (mismatch({"type": "f64", "value": "nan:canonical"}, value) is None) == canonical
    assert (mismatch({"type": "f64", "value": "nan:arithmetic"}, value) is None) == arithmetic


def test_reference_results():
    func = object()
    assert mismatch({"type": "funcref", "value": "null"}, None) is None
    assert mismatch({"type": "funcref", "value": "null"}, func) is not None
    assert mismatch({"type": "funcref"}, func) is None            # (ref.func): any non-null
    assert mismatch({"type": "funcref"}, None) is not None
    assert mismatch({"type": "arrayref"}, func) is None
    for null_type in ("refnull", "nullref", "nullfuncref", "nullexternref", "nullexnref"):
        assert mismatch({"type": null_type}, None) is None
        assert mismatch({"type": null_type}, func) is not None
    assert mismatch({"type": "anyref", "value": "null"}, None) is None
    assert mismatch({"type": "externref", "value": "3"}, ExternRef(3)) is None
    assert mismatch({"type": "externref", "value": "3"}, ExternRef(4)) is not None
    assert mismatch({"type": "anyref", "value": "0"}, ExternRef(0)) is None


def test_either_matches_any_alternative():
    either = {"type": "either", "values": [i32(1), i32(2)]}
    assert mismatch(either, 2) is None
    assert "one of [i32 1, i32 2]" in mismatch(either, 3)


def test_result_lists():
    assert results_mismatch([i32(1), i32(2)], [1, 2]) is None
    assert "result 1" in results_mismatch([i32(1), i32(2)], [1, 3])
    assert "expected 1 results" in results_mismatch([i32(1)], [])


def v128(lane_type, *lanes):
    return {"type": "v128", "lane_type": lane_type, "value": [str(v) for v in lanes]}


def test_v128_arguments_are_128_bit_ints_lane_0_lowest():
    assert to_wasm(v128("i32", 1, 2, 3, -1)) == 1 | 2 << 32 | 3 << 64 | 0xFFFFFFFF << 96
    assert to_wasm(v128("i8", *range(16))) == int.from_bytes(bytes(range(16)), "little")
    assert to_wasm(v128("f64", 0x3FF0000000000000, 0)) == 0x3FF0000000000000


def test_v128_results_compare_lane_by_lane_with_nan_classes():
    value = 0x7FC00000 | 0xFFE00000 << 32 | 0x3F800000 << 64
    assert mismatch(v128("f32", "nan:canonical", "nan:arithmetic", 0x3F800000, 0), value) is None
    assert "got f32 lanes" in mismatch(v128("f32", "nan:canonical", "nan:canonical", 0x3F800000, 0), value)
    assert mismatch(v128("i16", -1, *[0] * 7), 0xFFFF) is None
    assert "got i16 lanes 0xfffe" in mismatch(v128("i16", -1, *[0] * 7), 0xFFFE)
    assert "expected v128 i64x2 0 0, got float" in mismatch(v128("i64", 0, 0), 0.0)


# -- commands, against a fake engine ----------------------------------------------------

class UncaughtException(WasmError):
    """The fake API's WasmException: an uncaught wasm exception."""


class FakeFunc:
    def __init__(self, body):
        self.body = body

    def call_raw(self, args):
        return self.body(*args)


def raiser(error):
    def body(*args):
        raise error
    return body


MAIN_EXPORTS = {
    "add": FakeFunc(lambda a, b: [(a + b) & 0xFFFFFFFF]),
    "id": FakeFunc(lambda x: [x]),
    "nan": FakeFunc(lambda: [f32_from_bits(0xFFC00000)]),
    "div": FakeFunc(raiser(Trap("integer divide by zero"))),
    "deep": FakeFunc(raiser(Exhaustion())),
    "bug": FakeFunc(raiser(ZeroDivisionError("division by zero"))),
    "throw": FakeFunc(raiser(UncaughtException("uncaught exception"))),
    "other": FakeFunc(raiser(WasmError("another kind of error"))),
    "g": SimpleNamespace(value=42),
}


class FakeModule:
    """A module whose bytes say how it behaves: b"main", b"malformed", b"invalid",
    b"unlinkable", b"trap", b"bug", or b"importer" (imports M.add and spectest)."""

    def __init__(self, data, features=None):
        if data == b"malformed":
            raise DecodeError("unexpected end of section or function", offset=3)
        if data == b"invalid":
            raise ValidationError("type mismatch", func=0)
        self.data = data
        self.features = features


def fake_instantiate(module, imports=None, engine=None):
    behaviour = {
        b"unlinkable": LinkError("unknown import"),
        b"trap": Trap("unreachable"),
        b"bug": AttributeError("'NoneType' object has no attribute 'x'"),
    }.get(module.data)
    if behaviour:
        raise behaviour
    if module.data == b"importer":
        if "M" not in imports or "print" not in imports["spectest"]:
            raise LinkError("unknown import")
        return SimpleNamespace(exports={"twice": imports["M"].exports["add"]})
    return SimpleNamespace(exports=MAIN_EXPORTS, features=module.features, engine=engine)


FAKE_API = SimpleNamespace(
    Module=FakeModule, instantiate=fake_instantiate, WasmError=WasmError,
    DecodeError=DecodeError, ValidationError=ValidationError, LinkError=LinkError,
    Trap=Trap, Exhaustion=Exhaustion, WasmException=UncaughtException,
    spectest=SimpleNamespace(imports=lambda: {"spectest": {"print": object()}}),
)


def run_script(tmp_path, commands):
    """Run commands whose `filename`s name files with these bytes; return the result."""
    for command in commands:
        if "filename" in command:
            (tmp_path / command["filename"]).write_bytes(command["filename"].encode())
    for line, command in enumerate(commands, 1):
        command.setdefault("line", line)
    result = FileResult("test.wast")
    Script(FAKE_API, tmp_path, "2.0", "reference", result).run(commands)
    return result


def module(kind, **fields):
    return dict(type="module", filename=kind, module_type="binary", **fields)


def invoke(field, *args, module=None):
    action = {"type": "invoke", "field": field, "args": list(args)}
    if module:
        action["module"] = module
    return action


def binary(assertion, kind, text):
    return {"type": assertion, "filename": kind, "module_type": "binary", "text": text}


def test_every_kind_of_assertion_passes(tmp_path):
    commands = [
        module("main", name="M"),
        {"type": "assert_return", "action": invoke("add", i32(1), i32(-2)), "expected": [i32(-1)]},
        {"type": "assert_return", "action": invoke("nan"),
         "expected": [{"type": "f32", "value": "nan:canonical"}]},
        {"type": "assert_return", "action": invoke("id", {"type": "externref", "value": "5"}),
         "expected": [{"type": "externref", "value": "5"}]},
        {"type": "assert_return", "action": {"type": "get", "field": "g"}, "expected": [i32(42)]},
        {"type": "action", "action": invoke("add", i32(0), i32(0))},
        {"type": "assert_trap", "action": invoke("div"), "text": "integer divide"},
        {"type": "assert_exhaustion", "action": invoke("deep"), "text": "call stack exhausted"},
        {"type": "assert_exception", "action": invoke("throw")},
        binary("assert_malformed", "malformed", "unexpected end"),
        binary("assert_invalid", "invalid", "type mismatch"),
        binary("assert_unlinkable", "unlinkable", "unknown import"),
        binary("assert_uninstantiable", "trap", "unreachable"),
        binary("assert_trap", "trap", "unreachable"),
        {"type": "register", "name": "M", "as": "M"},
        module("importer"),
        {"type": "assert_return", "action": invoke("twice", i32(2), i32(3)), "expected": [i32(5)]},
        {"type": "assert_return", "action": invoke("add", i32(2), i32(3), module="M"),
         "expected": [i32(5)]},
    ]
    result = run_script(tmp_path, commands)
    assert result.failures == []
    assert result.passed == len(commands)


def test_wrong_outcomes_are_failures_with_reasons(tmp_path):
    result = run_script(tmp_path, [
        module("main"),
        {"type": "assert_return", "action": invoke("add", i32(1), i32(1)), "expected": [i32(3)]},
        {"type": "assert_return", "action": invoke("bug"), "expected": []},
        {"type": "assert_return", "action": invoke("missing"), "expected": []},
        {"type": "assert_trap", "action": invoke("div"), "text": "integer overflow"},
        {"type": "assert_trap", "action": invoke("add", i32(1), i32(1)), "text": "unreachable"},
        {"type": "assert_exhaustion", "action": invoke("div"), "text": "call stack exhausted"},
        {"type": "assert_exception", "action": invoke("div")},
        binary("assert_malformed", "invalid", "unexpected end"),
        binary("assert_invalid", "main", "type mismatch"),
        binary("assert_unlinkable", "bug", "unknown import"),
        {"type": "assert_return", "action": invoke("f", module="Nope"), "expected": []},
        {"type": "frobnicate"},
        {"type": "assert_exception", "action": invoke("other")},
    ])
    reasons = {f.line: f.reason for f in result.failures}
    assert result.passed == 1
    assert reasons == {
        2: "expected i32 3, got 2",
        3: "unexpected ZeroDivisionError: division by zero",
        4: "unknown export 'missing'",
        5: "expected Trap 'integer overflow', got message 'integer divide by zero'",
        6: "expected Trap 'unreachable', but it succeeded",
        7: "expected Exhaustion 'call stack exhausted', got Trap: integer divide by zero",
        8: "expected an uncaught exception, got Trap: integer divide by zero",
        9: "expected DecodeError 'unexpected end', got ValidationError: type mismatch",
        10: "expected ValidationError 'type mismatch', but it succeeded",
        11: "expected LinkError 'unknown import', got unexpected AttributeError: "
            "'NoneType' object has no attribute 'x'",
        12: "unknown module Nope",
        13: "unknown command type 'frobnicate'",
        14: "expected an uncaught exception, got WasmError: another kind of error",
    }
    assert {f.command for f in result.failures} >= {"assert_return", "frobnicate"}


def test_a_module_that_failed_to_load_fails_the_commands_using_it(tmp_path):
    result = run_script(tmp_path, [
        module("main", name="A"),
        module("trap", name="B"),
        {"type": "assert_return", "action": invoke("add", i32(1), i32(1)), "expected": [i32(2)]},
        {"type": "assert_return", "action": invoke("add", i32(1), i32(1), module="A"),
         "expected": [i32(2)]},
        {"type": "register", "as": "B"},
    ])
    assert result.passed == 2
    assert [(f.line, f.reason) for f in result.failures] == [
        (2, "Trap: unreachable"),
        (3, "module not loaded: Trap: unreachable"),
        (5, "module not loaded: Trap: unreachable"),
    ]


def test_only_text_modules_are_skipped_and_unknown_commands_fail(tmp_path):
    result = run_script(tmp_path, [
        {"type": "module", "filename": "x.wat", "module_type": "text"},
        {"type": "assert_return", "action": invoke("f"), "expected": []},
        {"type": "assert_malformed", "filename": "y.wat", "module_type": "text", "text": "x"},
        {"type": "assert_invalid", "filename": "z.wat", "module_type": "text", "text": "x"},
        module("main"),
        {"type": "assert_frobnicated", "line": 7},
    ])
    assert [(f.line, f.reason) for f in result.failures] == [
        (7, "unknown command type 'assert_frobnicated'")]
    assert result.passed == 1
    assert result.skipped == {
        "text format not supported": 3,
        "module not loaded: text format not supported": 1,
    }


def test_module_definitions_and_instances(tmp_path):
    result = run_script(tmp_path, [
        {"type": "module_definition", "name": "D", "filename": "main", "module_type": "binary"},
        {"type": "module_instance", "instance": "I", "module": "D"},
        {"type": "assert_return", "action": invoke("add", i32(1), i32(2), module="I"),
         "expected": [i32(3)]},
        {"type": "module_definition", "name": "E", "filename": "invalid", "module_type": "binary"},
        {"type": "module_instance", "instance": "J", "module": "E"},
        {"type": "module_instance", "instance": "K", "module": "F"},
    ])
    assert result.passed == 3
    assert [(f.line, f.reason) for f in result.failures] == [
        (4, "ValidationError: type mismatch"),
        (5, "module definition not loaded: ValidationError: type mismatch"),
        (6, "unknown module definition F"),
    ]


def test_the_script_passes_features_and_engine_through(tmp_path):
    (tmp_path / "main").write_bytes(b"main")
    script = Script(FAKE_API, tmp_path, "2.0", "fast", FileResult("t.wast"))
    script.run([module("main", line=1)])
    assert (script.current.features, script.current.engine) == ("2.0", "fast")


# -- known failures and the report ------------------------------------------------------

KNOWN = """\
# comment
i32.wast:10  everywhere
[wasm-spec-core-2.0]
i32.wast:20  only in 2.0
f32.wast:0   whole file
[wasm-spec-core]
i32.wast:30  only in 3.0
"""


def test_known_failures_apply_globally_or_to_their_suite():
    assert KnownFailures.parse(KNOWN, "wasm-spec-core-2.0").entries == {
        ("i32.wast", 10): "everywhere", ("i32.wast", 20): "only in 2.0",
        ("f32.wast", 0): "whole file"}
    assert set(KnownFailures.parse(KNOWN, "wasm-spec-core").entries) == {
        ("i32.wast", 10), ("i32.wast", 30)}


def test_a_malformed_known_failure_entry_is_an_error():
    with pytest.raises(ValueError, match="list.txt:2: expected"):
        KnownFailures.parse("# ok\ni32.wast  no line\n", "s", source="list.txt")


def test_classify_separates_known_unexpected_and_fixed():
    known = KnownFailures.parse(KNOWN, "wasm-spec-core-2.0")
    result = FileResult("i32.wast", passed=5, failures=[
        Failure(10, "assert_return", "known one"), Failure(11, "assert_trap", "new one")])
    report = known.classify(result)
    assert report.known == [result.failures[0]]
    assert report.unexpected == [result.failures[1]]
    assert report.fixed == [20]
    assert report.lines() == [
        "i32.wast: 5 passed, 1 failed, 0 skipped, 1 known",
        "  i32.wast:11  assert_trap: new one",
        "  i32.wast:20  fixed, remove from list",
    ]


def test_a_file_that_did_not_finish_fixes_nothing():
    known = KnownFailures.parse(KNOWN, "wasm-spec-core-2.0")
    report = known.classify(FileResult("i32.wast", failures=[Failure(0, "timeout", "slow")]))
    assert report.fixed == []
    assert [f.line for f in report.unexpected] == [0]


def test_file_lines_shorten_long_reasons_and_long_lists():
    failures = [Failure(n, "assert_return", "x\n" * 300) for n in range(1, 31)]
    result = FileResult("big.wast", failures=failures)
    result.skipped["text format not supported"] = 4
    lines = KnownFailures().classify(result).lines()
    assert lines[0] == "big.wast: 0 passed, 30 failed, 4 skipped"
    assert len(lines) == 1 + wast_report.MAX_LISTED + 1
    assert all(len(line) < 250 and "\n" not in line for line in lines)
    assert lines[-1] == "  ... and 10 more failures (-v lists all)"
    assert len(KnownFailures().classify(result).lines(None)) == 1 + 30


def test_totals_end_with_the_line_ci_reads():
    totals = Totals()
    known = KnownFailures({("a.wast", 3): "known"})
    a = FileResult("a.wast", passed=2, failures=[Failure(3, "assert_return", "r")])
    b = FileResult("b.wast", passed=1, failures=[Failure(4, "assert_trap", "r")])
    b.skipped["text format not supported"] = 7
    for result in (a, b):
        totals.add(known.classify(result))
    lines = totals.summary_lines("spec-tests/known-failures-reference.txt")
    assert lines == [
        "skipped: 7 text format not supported",
        "1 known failures (listed in spec-tests/known-failures-reference.txt, not counted as failed)",
        "3 passed, 1 failed, 7 skipped",
    ]
    assert FINAL_LINE.match(lines[-1])
    assert not totals.ok


def test_a_fixed_entry_fails_the_run():
    totals = Totals()
    totals.add(KnownFailures({("a.wast", 3): "known"}).classify(FileResult("a.wast", passed=1)))
    assert totals.fixed == ["a.wast:3"] and not totals.ok
    assert totals.summary_lines("list.txt")[-1] == "1 passed, 0 failed, 0 skipped"


def test_results_sections_are_replaced_one_by_one():
    one = "## suite-a (features 2.0), engine reference\n\nold a\n"
    two = "## suite-b (features 3.0), engine fast\n\nold b\n"
    text = replace_section("", "## suite-a (features 2.0), engine reference", one)
    text = replace_section(text, "## suite-b (features 3.0), engine fast", two)
    text = replace_section(text, "## suite-a (features 2.0), engine reference",
                           one.replace("old a", "new a"))
    assert text.startswith(wast_report.RESULTS_HEADER)
    assert text.count("## ") == 2
    assert "new a" in text and "old a" not in text and "old b" in text
    assert text.index("suite-a") < text.index("suite-b")


def test_results_section_has_totals_and_a_table():
    report = KnownFailures().classify(FileResult("i32.wast", passed=3))
    totals = Totals()
    totals.add(report)
    section = wast_report.results_section("## t", "2026-01-01", "abc1234", totals, [report])
    assert "at commit abc1234: 3 passed, 0 failed, 0 skipped" in section
    assert "| i32.wast | 3 | 0 | 0 | 0 |" in section


# -- the command line ---------------------------------------------------------------

@pytest.fixture
def suite(tmp_path):
    root = tmp_path / "suite"
    (root / "simd").mkdir(parents=True)
    for name in ("b.wast", "a.wast", "simd_lane.wast", "simd/simd_x.wast"):
        (root / name).write_text("(module)")
    return root


def test_files_resolve_from_names_paths_or_the_whole_suite(suite, tmp_path):
    assert [n for _, n in run.resolve_files(suite, [])] == [
        "a.wast", "b.wast", "simd_lane.wast", "simd/simd_x.wast"]
    assert run.folders(n for _, n in run.resolve_files(suite, [])) == ["", "simd"]
    assert [n for _, n in run.resolve_files(suite, ["a", "b.wast", "simd/simd_x"])] == [
        "a.wast", "b.wast", "simd/simd_x.wast"]
    outside = tmp_path / "mine.wast"
    outside.write_text("(module)")
    assert run.resolve_files(suite, [str(outside)]) == [(outside, "mine.wast")]
    with pytest.raises(run.UsageError, match="no such spec file: nope"):
        run.resolve_files(suite, ["nope"])


def test_the_feature_preset_follows_the_suite(suite):
    assert run.default_features(suite) == "2.0"
    (suite / "gc").mkdir()
    assert run.default_features(suite) == "3.0"


def test_the_suite_comes_from_the_option_then_the_environment(suite, monkeypatch):
    monkeypatch.setenv("GVM_SPEC_SUITE", str(suite))
    assert run.find_suite(None) == suite.resolve()
    with pytest.raises(run.UsageError, match="spec suite not found"):
        run.find_suite(str(suite / "missing"))


def fake_work(conn, job):
    """Stands in for wast_script.work in the worker processes of run_jobs: a file of
    10 commands, of which the broken ones run 3 (2 pass, 1 fails) before they break."""
    if job.name in ("crash.wast", "hang.wast"):
        conn.send(("progress", FileResult(job.name, passed=2, total=10,
                                          failures=[Failure(4, "assert_return", "r")])))
    if job.name == "crash.wast":
        os._exit(3)
    if job.name == "hang.wast":
        time.sleep(60)
    conn.send(("done", FileResult(job.name, passed=1, total=1)))
    conn.close()


def test_workers_report_in_order_and_survive_crashes_and_hangs(monkeypatch):
    monkeypatch.setattr(run, "work", fake_work)
    names = ["hang.wast", "ok1.wast", "crash.wast", "ok2.wast"]
    jobs = [Job(name, name, "2.0", "reference", "wasm-tools", "v") for name in names]
    results = list(run.run_jobs(jobs, workers=2, timeout=2))
    assert [r.name for r in results] == names
    assert [(f.command, f.reason, f.count) for f in results[0].failures[1:]] == [
        ("timeout", "did not finish in 2 s; 7 commands did not run", 7)]
    assert results[2].failures[1].reason == "worker process died (exit code 3); 7 commands did not run"
    # What ran before still counts; the commands it never got to count as failed.
    for broken in (results[0], results[2]):
        assert broken.passed == 2 and broken.failed_total == 8
    totals = Totals()
    totals.add(KnownFailures().classify(results[2]))
    assert (totals.passed, totals.failed) == (2, 8)
    assert results[1].passed == results[3].passed == 1


# -- with the real tools ----------------------------------------------------------------

def wasm_tools_or_skip():
    try:
        return wast_convert.find_wasm_tools()
    except wast_convert.ConversionError as e:
        pytest.skip(str(e))


def test_conversion_is_cached_by_content(tmp_path, monkeypatch):
    tool = wasm_tools_or_skip()
    wast = tmp_path / "t.wast"
    wast.write_text('(module (func (export "f") (result i32) (i32.const 1)))\n'
                    '(assert_return (invoke "f") (i32.const 1))\n')
    converted = wast_convert.convert(wast, tool, "v1", cache_dir=tmp_path / "cache")
    commands = wast_convert.load_commands(converted)
    assert [c["type"] for c in commands] == ["module", "assert_return"]
    assert (converted / commands[0]["filename"]).read_bytes().startswith(b"\0asm")

    def no_subprocess(*args, **kwargs):
        raise AssertionError("converted again")
    monkeypatch.setattr(wast_convert.subprocess, "run", no_subprocess)
    assert wast_convert.convert(wast, tool, "v1", cache_dir=tmp_path / "cache") == converted


def test_a_script_wasm_tools_rejects_is_a_conversion_error(tmp_path):
    tool = wasm_tools_or_skip()
    wast = tmp_path / "bad.wast"
    wast.write_text("(module (func (i32.bogus)))")
    with pytest.raises(wast_convert.ConversionError, match="json-from-wast failed"):
        wast_convert.convert(wast, tool, "v1", cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_the_runner_end_to_end_on_two_spec_files():
    wasm_tools_or_skip()
    try:
        suite = run.find_suite(None)
        run.check_api(None)
    except run.UsageError as e:
        pytest.skip(str(e))
    proc = subprocess.run(
        [sys.executable, str(SPEC_TESTS / "run.py"), "--suite", str(suite), "-j", "2",
         "fac", "forward.wast"],
        capture_output=True, text=True, timeout=600)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines[0].startswith(f"suite {suite}, features ")
    # Both files pass in full on either suite: their assertions ran, none was skipped.
    assert re.match(r"^fac\.wast: [1-9]\d* passed, 0 failed, 0 skipped$", lines[1]), lines[1]
    assert re.match(r"^forward\.wast: [1-9]\d* passed, 0 failed, 0 skipped$", lines[2]), lines[2]
    assert FINAL_LINE.match(lines[-1]), lines[-1]
    passed = sum(int(line.split()[1]) for line in lines[1:3])
    assert lines[-1] == f"{passed} passed, 0 failed, 0 skipped"
