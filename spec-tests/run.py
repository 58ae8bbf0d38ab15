#!/usr/bin/env python3
"""Run the WebAssembly core spec tests against GVM.

    python spec-tests/run.py [--engine reference|fast] [--suite DIR] [--features 2.0|3.0]
                             [-j N] [--timeout SECONDS] [-v] [--write-results[=PATH]]
                             [FILE ...]

The suite is --suite, else $GVM_SPEC_SUITE, else ../shared/wasm-spec-core beside the
repository. FILE may be a .wast path or a name in the suite (`i32`, `i32.wast`,
`gc/array`); without FILE every .wast of the suite runs, the top level and every
feature folder. Only with --write-results is the suite's section of
spec-tests/RESULTS.md (or PATH) rewritten, so that running the tests leaves the
committed tree as it was. The feature preset defaults to 3.0 when the suite has a gc/
folder (the 3.0 suite), else 2.0.

Each file is converted by `wasm-tools json-from-wast` (cached in spec-tests/.cache/)
and run in its own worker process, so that a file that hangs or crashes the engine
costs only that file: the commands it did not get to count as failed (the worker
reports its progress as it goes). Per file the runner prints `file.wast: P passed, F failed,
S skipped` and the failures beneath; the last line is `N passed, N failed, N skipped`.
Only text-format commands are skipped (GVM does not parse .wat), counted per reason.
The engine defaults to GVM's default (the fast one when it is built). Failures listed
in spec-tests/known-failures-<engine>.txt (see wast_report) are counted as known, not
failed; `-v` lists every failure, already in that file's `file.wast:LINE  reason` form.
The exit status is 0 iff nothing failed unexpectedly and no listed failure now passes.
"""
import argparse
import datetime
import multiprocessing
import multiprocessing.connection
import os
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))   # run from a checkout without installing gvm

from wast_convert import ConversionError, find_wasm_tools, tool_version  # noqa: E402
from wast_report import (  # noqa: E402
    MAX_LISTED, KnownFailures, Totals, replace_section, results_section, section_title,
)
from wast_script import Failure, FileResult, Job, work  # noqa: E402

ENGINES = ("reference", "fast")
DEFAULT_SUITE = REPO.parent / "shared" / "wasm-spec-core"
DEFAULT_TIMEOUT = 300
RESULTS = HERE / "RESULTS.md"


class UsageError(Exception):
    """Bad arguments or a missing tool: reported in one line, exit status 2."""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES,
                        help="engine to test (default: GVM's default, fast when it is built)")
    parser.add_argument("--suite", help="spec suite directory (default: $GVM_SPEC_SUITE, "
                                        "else ../shared/wasm-spec-core)")
    parser.add_argument("--features", choices=("2.0", "3.0"),
                        help="feature preset (default: 3.0 if the suite has gc/, else 2.0)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: the number of CPUs)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds one file may run (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help=f"list every failure (default: the first {MAX_LISTED} of a file)")
    parser.add_argument("--write-results", nargs="?", const=RESULTS, type=Path, metavar="PATH",
                        help="rewrite the suite's section of PATH (default: "
                             "spec-tests/RESULTS.md) with the numbers of the whole suite")
    parser.add_argument("files", nargs="*", metavar="FILE")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("-j must be at least 1")
    if args.write_results and args.files:
        parser.error("--write-results records a whole suite: give no FILE")
    return args


def find_suite(option):
    suite = Path(option or os.environ.get("GVM_SPEC_SUITE") or DEFAULT_SUITE)
    if not suite.is_dir():
        raise UsageError(f"spec suite not found at {suite}; give --suite or set GVM_SPEC_SUITE")
    return suite.resolve()


def default_features(suite):
    return "3.0" if (suite / "gc").is_dir() else "2.0"


def resolve_files(suite, names):
    """(path, display name) of the files to run: the arguments, or the whole suite."""
    if not names:
        paths = sorted(suite.rglob("*.wast"), key=lambda p: (len(p.relative_to(suite).parts), p))
        return [(path, path.relative_to(suite).as_posix()) for path in paths]
    files = []
    for name in names:
        path = Path(name)
        if not path.is_file():
            path = suite / (name if name.endswith(".wast") else name + ".wast")
        if not path.is_file():
            raise UsageError(f"no such spec file: {name} (looked in {suite})")
        path = path.resolve()
        display = path.relative_to(suite).as_posix() if path.is_relative_to(suite) else path.name
        files.append((path, display))
    return files


def folders(names):
    """The folders of the suite that `names` (relative paths) come from, top level first."""
    found = {name.rpartition("/")[0] for name in names}
    return sorted(found, key=lambda f: (f != "", f))


def check_api(engine):
    """The engine's name (GVM's default if `engine` is None); fails early, in one line,
    when the gvm API or the engine is not there."""
    try:
        import gvm.engines
        import gvm.spectest  # noqa: F401
    except ImportError as e:
        raise UsageError(f"cannot import the gvm API: {e}") from None
    missing = [name for name in ("Module", "instantiate", "WasmError", "WasmException")
               if not hasattr(gvm, name)]
    if missing:
        raise UsageError(f"the gvm API lacks {', '.join(missing)}")
    engine = engine or gvm.engines.default_engine_name()
    try:
        gvm.engines.get_engine(engine)
    except RuntimeError as e:
        raise UsageError(str(e)) from None
    return engine


def run_jobs(jobs, workers, timeout):
    """Run every job in its own process, at most `workers` at once; yield the results
    in job order, each as soon as it and all the jobs before it are done."""
    results = [None] * len(jobs)
    progress = [None] * len(jobs)   # the last result a running worker reported
    waiting = deque(range(len(jobs)))
    running = {}    # connection -> (job index, process, deadline)
    next_out = 0
    while next_out < len(jobs):
        while waiting and len(running) < workers:
            index = waiting.popleft()
            receiver, sender = multiprocessing.Pipe(duplex=False)
            process = multiprocessing.Process(target=work, args=(sender, jobs[index]), daemon=True)
            process.start()
            sender.close()   # keep only the child's end open, so its death reads as EOF
            running[receiver] = (index, process, time.monotonic() + timeout)
        if running:
            first_deadline = min(deadline for _, _, deadline in running.values())
            ready = multiprocessing.connection.wait(
                list(running), timeout=max(0.0, first_deadline - time.monotonic()))
            for receiver in ready:
                index, process, _ = running[receiver]
                kind, result = receive(receiver, process, jobs[index], progress[index])
                if kind == "progress":
                    progress[index] = result
                    continue
                del running[receiver]
                results[index] = result
            now = time.monotonic()
            for receiver, (index, process, deadline) in list(running.items()):
                if now >= deadline:
                    del running[receiver]
                    process.kill()
                    process.join()
                    receiver.close()
                    results[index] = whole_file_failure(jobs[index], progress[index], "timeout",
                                                        f"did not finish in {timeout:g} s")
        while next_out < len(jobs) and results[next_out] is not None:
            yield results[next_out]
            next_out += 1


def receive(receiver, process, job, progress):
    """The worker's next message: ("progress", result so far) or ("done", result)."""
    try:
        kind, result = receiver.recv()
        if kind == "progress":
            return kind, result
    except EOFError:   # the worker died before it was done: a crash of the engine
        result = None
    receiver.close()
    process.join()
    if result is None:
        return "done", whole_file_failure(job, progress, "crash",
                                          f"worker process died (exit code {process.exitcode})")
    return "done", result


def whole_file_failure(job, progress, command, reason):
    """The result of a file that did not finish: what it reported before, and one
    failure (line 0) standing for every command it did not get to (at least one)."""
    result = progress or FileResult(job.name)
    remaining = result.remaining
    if result.total:
        reason += f"; {remaining} commands did not run"
    result.failures.append(Failure(0, command, reason, count=max(remaining, 1)))
    return result


def git_commit():
    """HEAD's short hash, with `-dirty` when the tree differs from it: the numbers are
    those of the tree (RESULTS.md itself aside), not necessarily of the commit."""
    def git(*args):
        proc = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else None
    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "unknown"
    changes = git("status", "--porcelain", "--", ".", f":!{RESULTS.relative_to(REPO)}")
    return f"{commit}-dirty" if changes else commit


def write_results(path, suite, features, engine, totals, reports):
    title = section_title(suite.name, features, engine)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ran = folders(r.result.name for r in reports)
    section = results_section(title, date, git_commit(), totals, reports, ran)
    old = path.read_text() if path.is_file() else ""
    path.write_text(replace_section(old, title, section))


def main(argv=None):
    args = parse_args(argv)
    try:
        suite = find_suite(args.suite)
        features = args.features or default_features(suite)
        files = resolve_files(suite, args.files)
        wasm_tools = find_wasm_tools()
        version = tool_version(wasm_tools)
        engine = check_api(args.engine)
        known_list = HERE / f"known-failures-{engine}.txt"
        known = KnownFailures.load(known_list, suite.name)
    except (UsageError, ConversionError, ValueError) as e:
        print(f"run.py: error: {e}", file=sys.stderr)
        return 2

    how = "" if args.features else " (auto)"
    print(f"suite {suite}, features {features}{how}, engine {engine}", flush=True)
    jobs = [Job(str(path), name, features, engine, wasm_tools, version) for path, name in files]
    totals = Totals()
    reports = []
    for result in run_jobs(jobs, min(args.jobs, len(jobs)) or 1, args.timeout):
        report = known.classify(result)
        reports.append(report)
        totals.add(report)
        print("\n".join(report.lines(None if args.verbose else MAX_LISTED)), flush=True)

    if args.write_results:
        write_results(args.write_results, suite, features, engine, totals, reports)
        print(f"wrote {os.path.relpath(args.write_results)}")
    print("\n".join(totals.summary_lines(known_list.relative_to(REPO))))
    return 0 if totals.ok else 1


if __name__ == "__main__":
    sys.exit(main())
