"""The throughput of GVM's text-format parser (gvm/text/) on the largest spec scripts,
next to wasm-tools.

    python benchmarks/text_bench.py                 # the 5 largest .wast of each suite
    python benchmarks/text_bench.py --files 3 --repeat 5 --write benchmarks/TEXT_RESULTS.md

For each script two numbers, in MB of .wast text per second (best of --repeat runs):
- gvm: reading the script (gvm.text.script) and encoding every module in it to the
  binary format, in this process;
- wasm-tools: `wasm-tools json-from-wast` on the same file (it parses every module and
  writes it as a .wasm file), a process each time, its start-up included.
The spec runner parses each script once per run; the last lines give the CPU time a run
of each suite's top level spends parsing, to set against the run's own time.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gvm.features import resolve  # noqa: E402
from gvm.text import TextError  # noqa: E402
from gvm.text.script import read_script  # noqa: E402

SUITES = [REPO.parent / "shared" / "wasm-spec-core-2.0", REPO.parent / "shared" / "wasm-spec-core"]


def largest(suite, count):
    files = list(suite.glob("*.wast")) + list(suite.glob("*/*.wast"))
    return sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:count]


def gvm_parse(path, features):
    """Read the script and encode every module; the number of modules encoded."""
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    encoded = 0
    for command in read_script(text, path.name):
        module = command.get("source")
        if module is not None:
            try:
                module.binary(features)
                encoded += 1
            except TextError:       # an assert_malformed module: rejected, as it should be
                pass
    return encoded


def wasm_tools_parse(path, tool, scratch):
    subprocess.run([tool, "json-from-wast", str(path), "-o", os.path.join(scratch, "s.json"),
                    "--wasm-dir", scratch + os.sep], check=True, capture_output=True)


def best(action, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def whole_suite(suite):
    """The CPU time to read every top-level script of a suite and encode its modules."""
    files = sorted(suite.glob("*.wast"))
    features = resolve("3.0" if (suite / "gc").is_dir() else "2.0")
    start = time.process_time()
    modules = sum(gvm_parse(path, features) for path in files)
    seconds = time.process_time() - start
    size = sum(path.stat().st_size for path in files)
    return (f"{suite.name}, all {len(files)} top-level scripts: {size / 1e6:.1f} MB, "
            f"{modules} modules, {seconds:.1f} s of CPU ({size / seconds / 1e6:.2f} MB/s)")


def wasm_tools():
    beside = Path(sys.executable).parent / "wasm-tools"
    return str(beside) if beside.exists() else shutil.which("wasm-tools")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5, help="largest scripts per suite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, metavar="PATH", help="also write the table there")
    args = parser.parse_args(argv)
    tool = wasm_tools()
    rows = ["| script | size | modules | gvm MB/s | wasm-tools MB/s |",
            "|---|---:|---:|---:|---:|"]
    total_bytes = total_gvm = total_tool = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for suite in SUITES:
            if not suite.is_dir():
                continue
            features = resolve("3.0" if (suite / "gc").is_dir() else "2.0")
            for path in largest(suite, args.files):
                size = path.stat().st_size
                modules = gvm_parse(path, features)
                ours = best(lambda: gvm_parse(path, features), args.repeat)
                theirs = best(lambda: wasm_tools_parse(path, tool, scratch), args.repeat) \
                    if tool else None
                total_bytes += size
                total_gvm += ours
                total_tool += theirs or 0
                name = f"{suite.name}/{path.relative_to(suite)}"
                tool_text = f"{size / theirs / 1e6:.1f}" if theirs else "n/a"
                rows.append(f"| {name} | {size / 1e6:.2f} MB | {modules} | "
                            f"{size / ours / 1e6:.2f} | {tool_text} |")
                print(rows[-1], flush=True)
    summary = (f"these files: {total_bytes / 1e6:.1f} MB, gvm {total_bytes / total_gvm / 1e6:.2f} MB/s"
               + (f", wasm-tools {total_bytes / total_tool / 1e6:.1f} MB/s" if total_tool else ""))
    for suite in SUITES:      # what a spec run of the suite's top level spends parsing
        if suite.is_dir():
            summary += "\n\n" + whole_suite(suite)
    print(summary)
    if args.write:
        args.write.write_text("# Text-format parser throughput\n\n"
                              "Written by `python benchmarks/text_bench.py --write`; see its "
                              "docstring for the method.\n\n" + "\n".join(rows)
                              + f"\n\n{summary}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
